/* counting-server.c — wsim example: a Winsock TCP server that serves a
 * number of clients one after another and counts them in a global.
 *
 * Usage: counting-server [clients [port]]   (defaults 1 and 27015)
 *
 * For each client it reads to the end of the client's stream (client.c
 * shuts down its sending side after its greeting), answers with one line
 * naming the client's number, and closes.  It exits 0 after the last
 * client.  In crashing-server.json its host crashes and restarts: the
 * instance started by the restart counts from 1 again, as a freshly started
 * process does.  Plain Winsock C: it builds with a Windows compiler as well
 * as with `wsim cc`.  Exits 1 when any call fails.
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

#define DEFAULT_PORT "27015"

/* Clients served by this instance: a new instance starts at 0. */
static int served;

static int serve(SOCKET client)
{
    char buf[512];
    int rc;
    do {
        rc = recv(client, buf, sizeof buf, 0);
    } while (rc > 0);
    if (rc == SOCKET_ERROR) {
        printf("recv failed with error: %d\n", WSAGetLastError());
        return 1;
    }
    served++;
    int len = snprintf(buf, sizeof buf, "you are client %d of this server\n", served);
    if (send(client, buf, len, 0) == SOCKET_ERROR) {
        printf("send failed with error: %d\n", WSAGetLastError());
        return 1;
    }
    printf("served client %d\n", served);
    return 0;
}

int main(int argc, char **argv)
{
    WSADATA wsd;
    struct addrinfo *result = NULL, hints;
    SOCKET listener = INVALID_SOCKET;
    int clients = argc > 1 ? atoi(argv[1]) : 1;
    const char *port = argc > 2 ? argv[2] : DEFAULT_PORT;
    int status = 1;

    if (WSAStartup(MAKEWORD(2, 2), &wsd) != 0) {
        printf("WSAStartup failed\n");
        return 1;
    }
    memset(&hints, 0, sizeof(hints));
    hints.ai_family = AF_INET;
    hints.ai_socktype = SOCK_STREAM;
    hints.ai_protocol = IPPROTO_TCP;
    hints.ai_flags = AI_PASSIVE;
    if (getaddrinfo(NULL, port, &hints, &result) != 0) {
        printf("getaddrinfo failed\n");
        goto cleanup;
    }
    listener = socket(result->ai_family, result->ai_socktype, result->ai_protocol);
    if (listener == INVALID_SOCKET ||
        bind(listener, result->ai_addr, (int)result->ai_addrlen) == SOCKET_ERROR ||
        listen(listener, SOMAXCONN) == SOCKET_ERROR) {
        printf("listening failed with error: %d\n", WSAGetLastError());
        goto cleanup;
    }
    printf("listening for %d client(s)\n", clients);
    while (served < clients) {
        SOCKET client = accept(listener, NULL, NULL);
        if (client == INVALID_SOCKET) {
            printf("accept failed with error: %d\n", WSAGetLastError());
            goto cleanup;
        }
        int rc = serve(client);
        closesocket(client);
        if (rc != 0)
            goto cleanup;
    }
    status = 0;

cleanup:
    if (result)
        freeaddrinfo(result);
    if (listener != INVALID_SOCKET)
        closesocket(listener);
    WSACleanup();
    return status;
}
