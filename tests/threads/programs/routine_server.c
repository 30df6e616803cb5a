/* routine_server.c — threads.example_wsasend_routine: the peer of
 * routine_client.c.  Accepts one connection on the port (default 27015),
 * reads to the end of the stream, prints how many bytes it received and
 * exits 0 (1 when a call fails).  Plain Winsock C.
 */
#include <winsock2.h>
#include <ws2tcpip.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifdef _MSC_VER
#pragma comment(lib, "Ws2_32.lib")
#endif

int __cdecl main(int argc, char **argv)
{
    WSADATA wsaData;
    SOCKET listener, peer;
    struct sockaddr_in at;
    char buf[4096];
    int n, total = 0;
    int port = argc > 1 ? atoi(argv[1]) : 27015;

    if (WSAStartup(MAKEWORD(2, 2), &wsaData) != 0)
        return 1;
    listener = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
    memset(&at, 0, sizeof(at));
    at.sin_family = AF_INET;
    at.sin_port = htons((u_short)port);
    if (bind(listener, (SOCKADDR *)&at, sizeof(at)) == SOCKET_ERROR ||
        listen(listener, 1) == SOCKET_ERROR) {
        printf("bind/listen failed with error: %d\n", WSAGetLastError());
        WSACleanup();
        return 1;
    }
    peer = accept(listener, NULL, NULL);
    closesocket(listener);
    if (peer == INVALID_SOCKET) {
        printf("accept failed with error: %d\n", WSAGetLastError());
        WSACleanup();
        return 1;
    }
    while ((n = recv(peer, buf, sizeof(buf), 0)) > 0)
        total += n;
    if (n == SOCKET_ERROR) {
        printf("recv failed with error: %d\n", WSAGetLastError());
        closesocket(peer);
        WSACleanup();
        return 1;
    }
    printf("Bytes received: %d\n", total);
    closesocket(peer);
    WSACleanup();
    return 0;
}
