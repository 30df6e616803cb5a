/* fragile_recv.c — a deliberately fragile pair of programs (sweep tests).
 *
 *   fragile_recv.c server PORT     accepts one connection and reads one
 *                                  "message" with a single recv, assuming
 *                                  one recv returns one whole message
 *   fragile_recv.c client ADDR PORT sends one MESSAGE_BYTES message with one
 *                                  blocking send, then waits for the close
 *
 * Under the profile latitude a 2000-byte send on loopback is one segment
 * and the recv returns it whole, so the server prints "got 2000" and
 * returns 0.  Under "documented", a blocking send may be taken in pieces
 * (send contract S24, S29), the recv then returns less, and the server
 * returns 1: the bug a sweep of seeds finds.  Plain Windows C. */
#include <winsock2.h>
#include <ws2tcpip.h>
#include <windows.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MESSAGE_BYTES 2000

static int server(unsigned short port)
{
    SOCKET l = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
    struct sockaddr_in a;
    memset(&a, 0, sizeof a);
    a.sin_family = AF_INET;
    a.sin_port = htons(port);
    a.sin_addr.s_addr = htonl(INADDR_ANY);
    if (bind(l, (struct sockaddr *)&a, sizeof a) != 0 || listen(l, 1) != 0)
        return 2;
    SOCKET c = accept(l, NULL, NULL);
    if (c == INVALID_SOCKET)
        return 2;
    static char buf[4 * MESSAGE_BYTES];
    int got = recv(c, buf, sizeof buf, 0);   /* the bug: one recv, one message */
    printf("got %d\n", got);
    closesocket(c);
    closesocket(l);
    return got == MESSAGE_BYTES ? 0 : 1;
}

static int client(const char *addr, unsigned short port)
{
    SOCKET s = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
    struct sockaddr_in a;
    memset(&a, 0, sizeof a);
    a.sin_family = AF_INET;
    a.sin_port = htons(port);
    a.sin_addr.s_addr = inet_addr(addr);
    if (connect(s, (struct sockaddr *)&a, sizeof a) != 0)
        return 2;
    static char msg[MESSAGE_BYTES];
    memset(msg, 'm', sizeof msg);
    if (send(s, msg, sizeof msg, 0) != MESSAGE_BYTES)
        return 2;
    char rest[64];
    while (recv(s, rest, sizeof rest, 0) > 0)
        ;
    closesocket(s);
    return 0;
}

int main(int argc, char **argv)
{
    WSADATA wsa;
    if (WSAStartup(MAKEWORD(2, 2), &wsa) != 0)
        return 2;
    int rc = 2;
    if (argc == 3 && strcmp(argv[1], "server") == 0)
        rc = server((unsigned short)atoi(argv[2]));
    else if (argc == 4 && strcmp(argv[1], "client") == 0)
        rc = client(argv[2], (unsigned short)atoi(argv[3]));
    WSACleanup();
    return rc;
}
