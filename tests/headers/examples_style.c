/* examples_style.c — headers.examples_style: a program written the way
 * Microsoft's Winsock documentation samples are written must compile
 * against wsim's headers with -Wall -Wextra -Werror in program mode.
 *
 * The idioms exercised: UNICODE and WIN32_LEAN_AND_MEAN defined up front,
 * <Windows.h> before <winsock2.h>/<Ws2tcpip.h> (mixed-case names),
 * `#pragma comment(lib, ...)`, `int __cdecl main()`, wprintf of
 * WSAGetLastError() with %d, strlen/memset without <string.h>,
 * ZeroMemory/SecureZeroMemory, MAKEWORD/LOBYTE/HIBYTE, select with
 * FD_SET/FD_ISSET, ioctlsocket(FIONBIO), overlapped WSARecv with
 * WSA_IO_PENDING, WSAEventSelect/WSAEnumNetworkEvents, WSAPoll,
 * GetAddrInfoW under UNICODE, threads and critical sections.
 *
 * Compile only (-fsyntax-only): the functions are the simulator's and are
 * not linked here.
 */
#ifndef UNICODE
#define UNICODE
#endif

#define WIN32_LEAN_AND_MEAN

#include <Windows.h>
#include <winsock2.h>
#include <Ws2tcpip.h>
#include <stdio.h>

// Need to link with Ws2_32.lib
#pragma comment(lib, "Ws2_32.lib")
#pragma warning(disable : 4996)

#define DEFAULT_BUFLEN 512
#define DEFAULT_PORT "27015"

static CRITICAL_SECTION g_lock;
static volatile LONG g_counter;

static DWORD WINAPI CounterThread(LPVOID lpParam)
{
    int i;
    UNREFERENCED_PARAMETER(lpParam);
    for (i = 0; i < 10; i++) {
        EnterCriticalSection(&g_lock);
        g_counter++;
        LeaveCriticalSection(&g_lock);
        Sleep(1);
    }
    return 0;
}

static void CALLBACK ApcRoutine(ULONG_PTR dwParam)
{
    wprintf(L"APC ran with %llu\n", (unsigned long long)dwParam);
}

static void CALLBACK RecvDone(DWORD dwError, DWORD cbTransferred,
                              LPWSAOVERLAPPED lpOverlapped, DWORD dwFlags)
{
    UNREFERENCED_PARAMETER(lpOverlapped);
    wprintf(L"completion: error %u, %u bytes, flags %u\n", dwError, cbTransferred, dwFlags);
}

int __cdecl main()
{
    WSADATA wsaData;
    int iResult;
    int iSendResult;
    SOCKET ListenSocket = INVALID_SOCKET;
    SOCKET ClientSocket = INVALID_SOCKET;
    struct addrinfo *result = NULL;
    struct addrinfo hints;
    char recvbuf[DEFAULT_BUFLEN];
    int recvbuflen = DEFAULT_BUFLEN;
    const char *sendbuf = "this is a test";

    // Initialize Winsock
    iResult = WSAStartup(MAKEWORD(2, 2), &wsaData);
    if (iResult != 0) {
        wprintf(L"WSAStartup failed with error: %d\n", iResult);
        return 1;
    }
    if (LOBYTE(wsaData.wVersion) != 2 || HIBYTE(wsaData.wVersion) != 2) {
        wprintf(L"Could not find a usable version of Winsock.dll\n");
        WSACleanup();
        return 1;
    }
    printf("%s: %s\n", wsaData.szDescription, wsaData.szSystemStatus);

    ZeroMemory(&hints, sizeof(hints));
    hints.ai_family = AF_INET;
    hints.ai_socktype = SOCK_STREAM;
    hints.ai_protocol = IPPROTO_TCP;
    hints.ai_flags = AI_PASSIVE;

    // Resolve the server address and port
    iResult = getaddrinfo(NULL, DEFAULT_PORT, &hints, &result);
    if (iResult != 0) {
        wprintf(L"getaddrinfo failed with error: %d\n", iResult);
        WSACleanup();
        return 1;
    }

    // Create a SOCKET for the server to listen for client connections.
    ListenSocket = socket(result->ai_family, result->ai_socktype, result->ai_protocol);
    if (ListenSocket == INVALID_SOCKET) {
        wprintf(L"socket failed with error: %d\n", WSAGetLastError());
        freeaddrinfo(result);
        WSACleanup();
        return 1;
    }

    BOOL bOptVal = TRUE;
    int bOptLen = sizeof(BOOL);
    iResult = setsockopt(ListenSocket, SOL_SOCKET, SO_EXCLUSIVEADDRUSE, (char *)&bOptVal, bOptLen);
    if (iResult == SOCKET_ERROR)
        wprintf(L"setsockopt for SO_EXCLUSIVEADDRUSE failed with error: %d\n", WSAGetLastError());

    iResult = bind(ListenSocket, result->ai_addr, (int)result->ai_addrlen);
    if (iResult == SOCKET_ERROR) {
        wprintf(L"bind failed with error: %d\n", WSAGetLastError());
        freeaddrinfo(result);
        closesocket(ListenSocket);
        WSACleanup();
        return 1;
    }
    freeaddrinfo(result);

    iResult = listen(ListenSocket, SOMAXCONN);
    if (iResult == SOCKET_ERROR) {
        wprintf(L"listen failed with error: %d\n", WSAGetLastError());
        closesocket(ListenSocket);
        WSACleanup();
        return 1;
    }

    // Wait for a client with select().
    fd_set readfds;
    struct timeval timeout;
    FD_ZERO(&readfds);
    FD_SET(ListenSocket, &readfds);
    timeout.tv_sec = 5;
    timeout.tv_usec = 0;
    iResult = select(0, &readfds, NULL, NULL, &timeout);
    if (iResult == SOCKET_ERROR || !FD_ISSET(ListenSocket, &readfds)) {
        wprintf(L"select failed or timed out: %d\n", WSAGetLastError());
    }

    // Accept a client socket
    struct sockaddr_in clientAddr;
    int clientAddrLen = sizeof(clientAddr);
    ClientSocket = accept(ListenSocket, (SOCKADDR *)&clientAddr, &clientAddrLen);
    if (ClientSocket == INVALID_SOCKET) {
        wprintf(L"accept failed with error: %d\n", WSAGetLastError());
        closesocket(ListenSocket);
        WSACleanup();
        return 1;
    }
    closesocket(ListenSocket);

    char ipstr[INET_ADDRSTRLEN];
    InetNtopA(AF_INET, &clientAddr.sin_addr, ipstr, sizeof(ipstr));
    printf("client %s port %u (%s)\n", ipstr, ntohs(clientAddr.sin_port),
           inet_ntoa(clientAddr.sin_addr));

    // Non-blocking mode
    u_long iMode = 1;
    iResult = ioctlsocket(ClientSocket, FIONBIO, &iMode);
    if (iResult != NO_ERROR)
        wprintf(L"ioctlsocket failed with error: %d\n", iResult);

    // Receive until the peer shuts down the connection
    do {
        iResult = recv(ClientSocket, recvbuf, recvbuflen, 0);
        if (iResult > 0) {
            wprintf(L"Bytes received: %d\n", iResult);
            iSendResult = send(ClientSocket, sendbuf, (int)strlen(sendbuf), 0);
            if (iSendResult == SOCKET_ERROR) {
                wprintf(L"send failed with error: %d\n", WSAGetLastError());
                closesocket(ClientSocket);
                WSACleanup();
                return 1;
            }
            wprintf(L"Bytes sent: %d\n", iSendResult);
        } else if (iResult == 0) {
            wprintf(L"Connection closing...\n");
        } else if (WSAGetLastError() == WSAEWOULDBLOCK) {
            Sleep(10);
            iResult = 1;
        } else {
            wprintf(L"recv failed with error: %d\n", WSAGetLastError());
        }
    } while (iResult > 0);

    // Overlapped receive
    WSAOVERLAPPED RecvOverlapped;
    WSABUF DataBuf;
    DWORD RecvBytes = 0, Flags = 0;
    int err = 0;
    SecureZeroMemory((PVOID)&RecvOverlapped, sizeof(WSAOVERLAPPED));
    RecvOverlapped.hEvent = WSACreateEvent();
    if (RecvOverlapped.hEvent == WSA_INVALID_EVENT) {
        wprintf(L"WSACreateEvent failed with error: %d\n", WSAGetLastError());
    }
    DataBuf.len = DEFAULT_BUFLEN;
    DataBuf.buf = recvbuf;
    iResult = WSARecv(ClientSocket, &DataBuf, 1, &RecvBytes, &Flags, &RecvOverlapped, NULL);
    if ((iResult == SOCKET_ERROR) && (WSA_IO_PENDING != (err = WSAGetLastError()))) {
        wprintf(L"WSARecv failed with error: %d\n", err);
    }
    DWORD rc = WSAWaitForMultipleEvents(1, &RecvOverlapped.hEvent, TRUE, INFINITE, TRUE);
    if (rc == WSA_WAIT_FAILED) {
        wprintf(L"WSAWaitForMultipleEvents failed with error: %d\n", WSAGetLastError());
    } else if (rc == WSA_WAIT_TIMEOUT || rc == WSA_WAIT_IO_COMPLETION) {
        wprintf(L"wait ended early\n");
    }
    if (!WSAGetOverlappedResult(ClientSocket, &RecvOverlapped, &RecvBytes, FALSE, &Flags))
        wprintf(L"WSAGetOverlappedResult failed with error: %d\n", WSAGetLastError());
    WSAResetEvent(RecvOverlapped.hEvent);
    iResult = WSARecv(ClientSocket, &DataBuf, 1, NULL, &Flags, &RecvOverlapped, RecvDone);
    SleepEx(INFINITE, TRUE);
    WSACloseEvent(RecvOverlapped.hEvent);

    // Event select
    WSAEVENT hEvent = WSACreateEvent();
    WSANETWORKEVENTS NetworkEvents;
    WSAEventSelect(ClientSocket, hEvent, FD_READ | FD_WRITE | FD_CLOSE);
    DWORD Index = WSAWaitForMultipleEvents(1, &hEvent, FALSE, 1000, FALSE);
    if (Index != WSA_WAIT_FAILED && Index != WSA_WAIT_TIMEOUT) {
        WSAEnumNetworkEvents(ClientSocket, hEvent, &NetworkEvents);
        if ((NetworkEvents.lNetworkEvents & FD_READ) && NetworkEvents.iErrorCode[FD_READ_BIT] != 0)
            wprintf(L"FD_READ failed with error %d\n", NetworkEvents.iErrorCode[FD_READ_BIT]);
    }
    WSACloseEvent(hEvent);

    // WSAPoll
    WSAPOLLFD fdarray = { 0 };
    fdarray.fd = ClientSocket;
    fdarray.events = POLLRDNORM;
    if (WSAPoll(&fdarray, 1, 100) == SOCKET_ERROR)
        wprintf(L"WSAPoll failed with error: %d\n", WSAGetLastError());
    else if (fdarray.revents & POLLHUP)
        wprintf(L"peer hung up\n");

    // Wide-character resolver under UNICODE
    ADDRINFOW whints;
    PADDRINFOW wresult = NULL;
    memset(&whints, 0, sizeof(whints));
    whints.ai_family = AF_UNSPEC;
    if (GetAddrInfoW(L"localhost", L"27015", &whints, &wresult) == 0)
        FreeAddrInfoW(wresult);
    ADDRINFOT *tresult = NULL;
    if (GetAddrInfo(L"localhost", NULL, NULL, &tresult) == 0)
        FreeAddrInfo(tresult);

    struct sockaddr_in service;
    service.sin_family = AF_INET;
    service.sin_port = htons(27015);
    if (inet_pton(AF_INET, "127.0.0.1", &service.sin_addr.s_addr) != 1)
        service.sin_addr.s_addr = inet_addr("127.0.0.1");

    // Threads, critical sections, events, APCs, timing
    DWORD dwThreadId;
    HANDLE hThreads[2];
    InitializeCriticalSection(&g_lock);
    hThreads[0] = CreateThread(NULL, 0, CounterThread, NULL, 0, &dwThreadId);
    hThreads[1] = CreateThread(NULL, 0, CounterThread, NULL, 0, NULL);
    if (hThreads[0] == NULL || hThreads[1] == NULL)
        wprintf(L"CreateThread failed with error: %u\n", GetLastError());
    QueueUserAPC(ApcRoutine, hThreads[0], (ULONG_PTR)42);
    WaitForMultipleObjects(2, hThreads, TRUE, INFINITE);
    CloseHandle(hThreads[0]);
    CloseHandle(hThreads[1]);
    DeleteCriticalSection(&g_lock);

    HANDLE hDone = CreateEvent(NULL, TRUE, FALSE, NULL);
    SetEvent(hDone);
    if (WaitForSingleObject(hDone, 0) == WAIT_OBJECT_0)
        ResetEvent(hDone);
    CloseHandle(hDone);

    LARGE_INTEGER freq, start;
    QueryPerformanceFrequency(&freq);
    QueryPerformanceCounter(&start);
    ULONGLONG ticks = GetTickCount64();
    wprintf(L"ticks %llu, counter %lld / %lld, thread %u\n", ticks, start.QuadPart,
            freq.QuadPart, GetCurrentThreadId());

    // shutdown the connection since we're done
    iResult = shutdown(ClientSocket, SD_SEND);
    if (iResult == SOCKET_ERROR) {
        wprintf(L"shutdown failed with error: %d\n", WSAGetLastError());
        closesocket(ClientSocket);
        WSACleanup();
        return 1;
    }

    // cleanup
    closesocket(ClientSocket);
    WSACleanup();
    return 0;
}
