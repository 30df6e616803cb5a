/* bulk_recv.c — BULK's receiver: accepts one connection on port argv[1]
 * and reads it to its end with an argv[2]-byte buffer. */
#include <winsock2.h>
#include <ws2tcpip.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(int argc, char **argv)
{
    if (argc < 3)
        return 2;
    WSADATA wsa;
    WSAStartup(MAKEWORD(2, 2), &wsa);
    SOCKET l = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
    struct sockaddr_in at;
    memset(&at, 0, sizeof at);
    at.sin_family = AF_INET;
    at.sin_port = htons((unsigned short)atoi(argv[1]));
    bind(l, (struct sockaddr *)&at, sizeof at);
    listen(l, 1);
    SOCKET s = accept(l, NULL, NULL);
    int size = atoi(argv[2]);
    char *buf = malloc((size_t)size);
    long long total = 0;
    int r;
    while ((r = recv(s, buf, size, 0)) > 0)
        total += r;
    if (r < 0) {
        printf("recv failed: %d\n", WSAGetLastError());
        return 1;
    }
    printf("received %lld bytes in %lu ms\n", total, (unsigned long)GetTickCount());
    closesocket(s);
    closesocket(l);
    free(buf);
    WSACleanup();
    return 0;
}
