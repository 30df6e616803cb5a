/* bulk_send.c — BULK's sender: connects to argv[1]:argv[2] and writes
 * argv[3] bytes in 1448-byte sends, as fast as they are accepted. */
#include <winsock2.h>
#include <ws2tcpip.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(int argc, char **argv)
{
    if (argc < 4)
        return 2;
    WSADATA wsa;
    WSAStartup(MAKEWORD(2, 2), &wsa);
    SOCKET s = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
    struct sockaddr_in to;
    memset(&to, 0, sizeof to);
    to.sin_family = AF_INET;
    to.sin_port = htons((unsigned short)atoi(argv[2]));
    to.sin_addr.s_addr = inet_addr(argv[1]);
    if (connect(s, (struct sockaddr *)&to, sizeof to) != 0) {
        printf("connect failed: %d\n", WSAGetLastError());
        return 1;
    }
    long long total = atoll(argv[3]), sent = 0;
    static char chunk[1448];
    memset(chunk, 'x', sizeof chunk);
    while (sent < total) {
        int n = total - sent < (long long)sizeof chunk ? (int)(total - sent) : (int)sizeof chunk;
        int r = send(s, chunk, n, 0);
        if (r <= 0) {
            printf("send failed: %d\n", WSAGetLastError());
            return 1;
        }
        sent += r;
    }
    shutdown(s, SD_SEND);
    char b[16];
    while (recv(s, b, sizeof b, 0) > 0) {
    }
    closesocket(s);
    printf("sent %lld bytes\n", sent);
    WSACleanup();
    return 0;
}
