/* A server in the style of the Windows SDK's "simple" IPv4/IPv6 samples: it
 * includes wspiapi.h for getaddrinfo, binds every passive address
 * getaddrinfo returns, serves each from its own thread, builds its replies
 * with StringCbPrintf in HeapAlloc'd buffers, and prints FormatMessage's
 * text for any error. */
#define WIN32_LEAN_AND_MEAN
#include <winsock2.h>
#include <ws2tcpip.h>
#include <wspiapi.h>
#include <strsafe.h>
#include <stdio.h>

#pragma comment(lib, "ws2_32.lib")

#define DEFAULT_PORT "27015"
#define BUFFER_SIZE 128

static void PrintError(const char *what, DWORD code)
{
    LPSTR text = NULL;
    if (FormatMessageA(FORMAT_MESSAGE_ALLOCATE_BUFFER | FORMAT_MESSAGE_FROM_SYSTEM |
                           FORMAT_MESSAGE_IGNORE_INSERTS | FORMAT_MESSAGE_MAX_WIDTH_MASK,
                       NULL, code, MAKELANGID(LANG_NEUTRAL, SUBLANG_DEFAULT), (LPSTR)&text, 0,
                       NULL) == 0) {
        printf("%s failed: %lu\n", what, (unsigned long)code);
        return;
    }
    printf("%s failed: %lu: %s\n", what, (unsigned long)code, text);
    LocalFree(text);
}

static DWORD WINAPI ServeOne(LPVOID param)
{
    SOCKET listener = (SOCKET)(UINT_PTR)param;
    SOCKET s = accept(listener, NULL, NULL);
    if (s == INVALID_SOCKET) {
        PrintError("accept", WSAGetLastError());
        return 1;
    }
    char *request = (char *)HeapAlloc(GetProcessHeap(), HEAP_ZERO_MEMORY, BUFFER_SIZE);
    char *reply = (char *)HeapAlloc(GetProcessHeap(), HEAP_ZERO_MEMORY, BUFFER_SIZE);
    int n = recv(s, request, BUFFER_SIZE - 1, 0);
    if (n > 0) {
        StringCbPrintfA(reply, BUFFER_SIZE, "echo(%d): %s", n, request);
        size_t len = 0;
        StringCbLengthA(reply, BUFFER_SIZE, &len);
        send(s, reply, (int)len, 0);
        printf("served %d bytes: %s\n", n, request);
    }
    shutdown(s, SD_SEND);
    closesocket(s);
    HeapFree(GetProcessHeap(), 0, request);
    HeapFree(GetProcessHeap(), 0, reply);
    return 0;
}

int __cdecl main(int argc, char **argv)
{
    WSADATA wsaData;
    struct addrinfo hints, *result = NULL, *ai;
    HANDLE threads[FD_SETSIZE];
    SOCKET listeners[FD_SETSIZE];
    int count = 0;
    (void)argc;
    (void)argv;

    int rc = WSAStartup(MAKEWORD(2, 2), &wsaData);
    if (rc != 0) {
        PrintError("WSAStartup", (DWORD)rc);
        return 1;
    }
    ZeroMemory(&hints, sizeof hints);
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    hints.ai_protocol = IPPROTO_TCP;
    hints.ai_flags = AI_PASSIVE;
    rc = getaddrinfo(NULL, DEFAULT_PORT, &hints, &result);
    if (rc != 0) {
        PrintError("getaddrinfo", (DWORD)rc);
        WSACleanup();
        return 1;
    }
    for (ai = result; ai != NULL && count < FD_SETSIZE; ai = ai->ai_next) {
        if (ai->ai_family != AF_INET)
            continue;   /* this sample's clients speak IPv4 */
        SOCKET s = socket(ai->ai_family, ai->ai_socktype, ai->ai_protocol);
        if (s == INVALID_SOCKET) {
            PrintError("socket", WSAGetLastError());
            continue;
        }
        if (bind(s, ai->ai_addr, (int)ai->ai_addrlen) == SOCKET_ERROR ||
            listen(s, SOMAXCONN) == SOCKET_ERROR) {
            PrintError("bind/listen", WSAGetLastError());
            closesocket(s);
            continue;
        }
        listeners[count] = s;
        threads[count] = CreateThread(NULL, 0, ServeOne, (LPVOID)(UINT_PTR)s, 0, NULL);
        count++;
    }
    freeaddrinfo(result);
    printf("listening on %d address(es)\n", count);
    /* A second bind to the same port fails: its message is Windows'. */
    SOCKET dup = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
    struct sockaddr_in sin;
    ZeroMemory(&sin, sizeof sin);
    sin.sin_family = AF_INET;
    sin.sin_port = htons(27015);
    if (bind(dup, (struct sockaddr *)&sin, sizeof sin) == SOCKET_ERROR)
        PrintError("bind", WSAGetLastError());
    closesocket(dup);
    WaitForMultipleObjects((DWORD)count, threads, TRUE, INFINITE);
    for (int i = 0; i < count; i++) {
        CloseHandle(threads[i]);
        closesocket(listeners[i]);
    }
    WSACleanup();
    return 0;
}
