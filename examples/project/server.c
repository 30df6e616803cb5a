/* server.c — the example project's echo server: accepts one client on
 * ECHO_PORT, sends back every byte it receives, and closes when the client
 * has finished sending.  Plain Winsock: it builds for Windows as well. */
#define WIN32_LEAN_AND_MEAN
#include <winsock2.h>
#include <stdio.h>
#include <string.h>

#include "echo_protocol.h"

static int fail(const char *call, SOCKET a, SOCKET b)
{
    printf("%s failed with error: %d\n", call, WSAGetLastError());
    if (a != INVALID_SOCKET)
        closesocket(a);
    if (b != INVALID_SOCKET)
        closesocket(b);
    WSACleanup();
    return 1;
}

int main(void)
{
    WSADATA wsa;
    if (WSAStartup(MAKEWORD(2, 2), &wsa) != 0)
        return 1;
    SOCKET listener = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
    if (listener == INVALID_SOCKET)
        return fail("socket", INVALID_SOCKET, INVALID_SOCKET);
    struct sockaddr_in addr;
    memset(&addr, 0, sizeof addr);
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_ANY);
    addr.sin_port = htons(ECHO_PORT_NUMBER);
    if (bind(listener, (struct sockaddr *)&addr, sizeof addr) == SOCKET_ERROR)
        return fail("bind", listener, INVALID_SOCKET);
    if (listen(listener, 1) == SOCKET_ERROR)
        return fail("listen", listener, INVALID_SOCKET);
    SOCKET client = accept(listener, NULL, NULL);
    if (client == INVALID_SOCKET)
        return fail("accept", listener, INVALID_SOCKET);
    closesocket(listener);

    char buf[512];
    int got, total = 0;
    while ((got = recv(client, buf, sizeof buf, 0)) > 0) {
        int err = echo_send_all(client, buf, got);
        if (err != 0) {
            WSASetLastError(err);
            return fail("send", client, INVALID_SOCKET);
        }
        total += got;
    }
    if (got == SOCKET_ERROR)
        return fail("recv", client, INVALID_SOCKET);
    printf("echoed %d bytes\n", total);
    shutdown(client, SD_SEND);
    closesocket(client);
    WSACleanup();
    return 0;
}
