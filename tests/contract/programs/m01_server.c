/* m01_server.c — contract M01 (tests/contract/test_runs.c): accepts one
 * connection on port 27015 and reads 4000 bytes with MSG_WAITALL. */
#include <winsock2.h>
#include <ws2tcpip.h>
#include <stdio.h>
#include <string.h>

int main(void)
{
    WSADATA wsa;
    if (WSAStartup(MAKEWORD(2, 2), &wsa) != 0)
        return 1;
    SOCKET l = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
    struct sockaddr_in at;
    memset(&at, 0, sizeof at);
    at.sin_family = AF_INET;
    at.sin_port = htons(27015);
    if (bind(l, (struct sockaddr *)&at, sizeof at) != 0 || listen(l, 1) != 0)
        return 1;
    SOCKET s = accept(l, NULL, NULL);
    static char buf[4000];
    int n = recv(s, buf, sizeof buf, MSG_WAITALL);
    printf("received %d\n", n);
    closesocket(s);
    closesocket(l);
    WSACleanup();
    return n == (int)sizeof buf ? 0 : 1;
}
