/* accept_forever.c — cli.deadlock: listens on port 27016 and calls accept
 * with nobody ever connecting, so the run has no event left while the
 * program waits.  Plain Windows C. */
#include <winsock2.h>
#include <ws2tcpip.h>
#include <windows.h>
#include <stdio.h>
#include <string.h>

int main(void)
{
    WSADATA wsaData;
    SOCKET listener, client;
    struct sockaddr_in addr;

    if (WSAStartup(MAKEWORD(2, 2), &wsaData) != 0) {
        printf("WSAStartup failed\n");
        return 1;
    }
    listener = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
    if (listener == INVALID_SOCKET) {
        printf("socket failed with error: %d\n", WSAGetLastError());
        return 1;
    }
    memset(&addr, 0, sizeof(addr));
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_ANY);
    addr.sin_port = htons(27016);
    if (bind(listener, (struct sockaddr *)&addr, (int)sizeof(addr)) == SOCKET_ERROR ||
        listen(listener, SOMAXCONN) == SOCKET_ERROR) {
        printf("bind/listen failed with error: %d\n", WSAGetLastError());
        return 1;
    }
    printf("waiting\n");
    client = accept(listener, NULL, NULL);
    printf("accept returned\n");
    if (client != INVALID_SOCKET)
        closesocket(client);
    closesocket(listener);
    WSACleanup();
    return 0;
}
