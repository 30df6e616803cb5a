/* m01_client.c — contract M01 (tests/contract/test_runs.c): resolves the server
 * by its host name (argv[1]), prints SO_SNDBUF and a datagram socket's
 * SO_MAX_MSG_SIZE, tries one datagram larger than that, then sends 3000
 * bytes and 1000 more on the connection. */
#include <winsock2.h>
#include <ws2tcpip.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(int argc, char **argv)
{
    WSADATA wsa;
    if (argc < 2 || WSAStartup(MAKEWORD(2, 2), &wsa) != 0)
        return 1;
    struct addrinfo hints, *res = NULL;
    memset(&hints, 0, sizeof hints);
    hints.ai_family = AF_INET;
    hints.ai_socktype = SOCK_STREAM;
    hints.ai_protocol = IPPROTO_TCP;
    if (getaddrinfo(argv[1], "27015", &hints, &res) != 0)
        return 1;
    SOCKET s = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
    if (connect(s, res->ai_addr, (int)res->ai_addrlen) != 0)
        return 1;
    struct sockaddr_in server;
    memcpy(&server, res->ai_addr, sizeof server);
    freeaddrinfo(res);

    int sndbuf = 0, len = sizeof sndbuf;
    getsockopt(s, SOL_SOCKET, SO_SNDBUF, (char *)&sndbuf, &len);
    printf("sndbuf %d\n", sndbuf);

    SOCKET u = socket(AF_INET, SOCK_DGRAM, IPPROTO_UDP);
    int max = 0;
    len = sizeof max;
    getsockopt(u, SOL_SOCKET, SO_MAX_MSG_SIZE, (char *)&max, &len);
    printf("max_msg_size %d\n", max);
    char *too_big = calloc(1, (size_t)max + 1);
    server.sin_port = htons(9);
    int r = sendto(u, too_big, max + 1, 0, (struct sockaddr *)&server, sizeof server);
    printf("too big: %d %d\n", r, r == SOCKET_ERROR ? WSAGetLastError() : 0);
    free(too_big);
    closesocket(u);

    Sleep(100);   /* the handshake's last ACK has left the link */
    static char data[4000];
    memset(data, 'm', sizeof data);
    int a = send(s, data, 3000, 0);
    int b = send(s, data + 3000, 1000, 0);
    printf("sent %d %d\n", a, b);
    closesocket(s);
    WSACleanup();
    return a == 3000 && b == 1000 ? 0 : 1;
}
