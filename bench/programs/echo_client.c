/* echo_client.c — ECHO's client: sends argv[3] datagrams of 64 bytes to
 * argv[1]:argv[2], one every millisecond, without waiting for replies;
 * takes the echoes as they come and, after the last send, waits up to
 * 100 ms for the rest. */
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
    SOCKET s = socket(AF_INET, SOCK_DGRAM, IPPROTO_UDP);
    u_long on = 1;
    ioctlsocket(s, FIONBIO, &on);
    struct sockaddr_in to;
    memset(&to, 0, sizeof to);
    to.sin_family = AF_INET;
    to.sin_port = htons((unsigned short)atoi(argv[2]));
    to.sin_addr.s_addr = inet_addr(argv[1]);
    int count = atoi(argv[3]), echoed = 0;
    char msg[64], in[64];
    memset(msg, 'e', sizeof msg);
    for (int i = 0; i < count; i++) {
        if (sendto(s, msg, sizeof msg, 0, (struct sockaddr *)&to, sizeof to) != sizeof msg) {
            printf("sendto failed: %d\n", WSAGetLastError());
            return 1;
        }
        while (recv(s, in, sizeof in, 0) > 0)
            echoed++;
        Sleep(1);
    }
    for (int waited = 0; echoed < count && waited < 100; waited++) {
        while (recv(s, in, sizeof in, 0) > 0)
            echoed++;
        Sleep(1);
    }
    closesocket(s);
    WSACleanup();
    return echoed == count ? 0 : 1;
}
