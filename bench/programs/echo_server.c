/* echo_server.c — ECHO's server: echoes argv[2] datagrams received on
 * port argv[1] back to their sender, then ends. */
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
    SOCKET s = socket(AF_INET, SOCK_DGRAM, IPPROTO_UDP);
    struct sockaddr_in at, from;
    memset(&at, 0, sizeof at);
    at.sin_family = AF_INET;
    at.sin_port = htons((unsigned short)atoi(argv[1]));
    bind(s, (struct sockaddr *)&at, sizeof at);
    int count = atoi(argv[2]);
    char buf[2048];
    for (int i = 0; i < count; i++) {
        int fromlen = sizeof from;
        int n = recvfrom(s, buf, sizeof buf, 0, (struct sockaddr *)&from, &fromlen);
        if (n < 0) {
            printf("recvfrom failed: %d\n", WSAGetLastError());
            return 1;
        }
        sendto(s, buf, n, 0, (struct sockaddr *)&from, fromlen);
    }
    closesocket(s);
    WSACleanup();
    return 0;
}
