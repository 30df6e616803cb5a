/* server.c — wsim example: a Winsock TCP server in the style of Microsoft's
 * WSASend documentation sample (overlapped sends completed through an event).
 *
 * Usage: server [port]   (default 27015)
 *
 * Accepts one client, sends it ten 4096-byte buffers with overlapped WSASend
 * (byte i of each buffer is 'A' + i % 26, so a reader can check the stream),
 * waiting on the WSAOVERLAPPED event for each to complete.  Unlike the
 * documentation sample it then reads the client's data to the end of the
 * stream before closing, so both directions finish cleanly.  Plain Winsock
 * C: it builds with a Windows compiler as well as with `wsim cc`.  Exits 0
 * on success, 1 when any call fails.
 */
#define WIN32_LEAN_AND_MEAN

#include <winsock2.h>
#include <ws2tcpip.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifdef _MSC_VER
#pragma comment(lib, "Ws2_32.lib")
#endif

#define DATA_BUFSIZE 4096
#define SEND_COUNT 10
#define DEFAULT_PORT "27015"

int __cdecl main(int argc, char **argv)
{
    WSADATA wsd;
    struct addrinfo *result = NULL, hints;
    WSAOVERLAPPED SendOverlapped;
    SOCKET ListenSocket = INVALID_SOCKET, AcceptSocket = INVALID_SOCKET;
    WSABUF DataBuf;
    DWORD SendBytes, Flags, WaitResult;
    char buffer[DATA_BUFSIZE];
    char recvbuf[DATA_BUFSIZE];
    const char *port = argc > 1 ? argv[1] : DEFAULT_PORT;
    int err, rc, i;
    int total = 0;
    int status = 1;

    memset(&SendOverlapped, 0, sizeof(SendOverlapped));
    SendOverlapped.hEvent = WSA_INVALID_EVENT;

    rc = WSAStartup(MAKEWORD(2, 2), &wsd);
    if (rc != 0) {
        printf("Unable to load Winsock: %d\n", rc);
        return 1;
    }

    /* The wildcard bind address for IPv4. */
    memset(&hints, 0, sizeof(hints));
    hints.ai_family = AF_INET;
    hints.ai_socktype = SOCK_STREAM;
    hints.ai_protocol = IPPROTO_TCP;
    hints.ai_flags = AI_PASSIVE;

    rc = getaddrinfo(NULL, port, &hints, &result);
    if (rc != 0) {
        printf("getaddrinfo failed with error: %d\n", rc);
        goto cleanup;
    }

    ListenSocket = socket(result->ai_family, result->ai_socktype, result->ai_protocol);
    if (ListenSocket == INVALID_SOCKET) {
        printf("socket failed with error: %d\n", WSAGetLastError());
        goto cleanup;
    }

    rc = bind(ListenSocket, result->ai_addr, (int)result->ai_addrlen);
    if (rc == SOCKET_ERROR) {
        printf("bind failed with error: %d\n", WSAGetLastError());
        goto cleanup;
    }

    rc = listen(ListenSocket, 1);
    if (rc == SOCKET_ERROR) {
        printf("listen failed with error: %d\n", WSAGetLastError());
        goto cleanup;
    }

    AcceptSocket = accept(ListenSocket, NULL, NULL);
    if (AcceptSocket == INVALID_SOCKET) {
        printf("accept failed with error: %d\n", WSAGetLastError());
        goto cleanup;
    }
    printf("Client Accepted...\n");

    /* A manual-reset event, signalled when each overlapped send completes. */
    SendOverlapped.hEvent = WSACreateEvent();
    if (SendOverlapped.hEvent == WSA_INVALID_EVENT) {
        printf("WSACreateEvent failed with error: %d\n", WSAGetLastError());
        goto cleanup;
    }

    for (i = 0; i < DATA_BUFSIZE; i++)
        buffer[i] = (char)('A' + (i % 26));
    DataBuf.len = DATA_BUFSIZE;
    DataBuf.buf = buffer;

    for (i = 0; i < SEND_COUNT; i++) {
        /* With an overlapped structure the byte count comes from
         * WSAGetOverlappedResult, so lpNumberOfBytesSent is NULL. */
        rc = WSASend(AcceptSocket, &DataBuf, 1, NULL, 0, &SendOverlapped, NULL);
        if (rc == SOCKET_ERROR && (err = WSAGetLastError()) != WSA_IO_PENDING) {
            printf("WSASend failed with error: %d\n", err);
            goto cleanup;
        }

        /* Whether it completed at once or is pending, the event is signalled
         * on completion.  The wait is alertable, so an APC may end it early:
         * wait again in that case. */
        do {
            WaitResult = WSAWaitForMultipleEvents(1, &SendOverlapped.hEvent, TRUE,
                                                  WSA_INFINITE, TRUE);
        } while (WaitResult == WSA_WAIT_IO_COMPLETION);
        if (WaitResult == WSA_WAIT_FAILED) {
            printf("WSAWaitForMultipleEvents failed with error: %d\n", WSAGetLastError());
            goto cleanup;
        }

        if (!WSAGetOverlappedResult(AcceptSocket, &SendOverlapped, &SendBytes, FALSE, &Flags)) {
            printf("WSAGetOverlappedResult failed with error: %d\n", WSAGetLastError());
            goto cleanup;
        }
        printf("Wrote %lu bytes\n", (unsigned long)SendBytes);

        WSAResetEvent(SendOverlapped.hEvent);
    }

    /* Read to the end of the stream: the client shuts down its side after
     * its greeting, and recv returns 0 once everything has arrived. */
    do {
        rc = recv(AcceptSocket, recvbuf, DATA_BUFSIZE, 0);
        if (rc > 0)
            total += rc;
    } while (rc > 0);
    if (rc == SOCKET_ERROR) {
        printf("recv failed with error: %d\n", WSAGetLastError());
        goto cleanup;
    }
    printf("Read %d bytes from client\n", total);
    status = 0;

cleanup:
    if (AcceptSocket != INVALID_SOCKET)
        closesocket(AcceptSocket);
    if (ListenSocket != INVALID_SOCKET)
        closesocket(ListenSocket);
    if (SendOverlapped.hEvent != WSA_INVALID_EVENT)
        WSACloseEvent(SendOverlapped.hEvent);
    if (result != NULL)
        freeaddrinfo(result);
    WSACleanup();
    return status;
}
