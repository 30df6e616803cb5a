/* echo.c — the program of the export benchmark: a TCP echo pair that makes
 * many small calls and packets, so a short run gives a long trace.
 *
 * Usage: echo server PORT
 *        echo client ADDRESS PORT ROUNDS
 * The client sends ROUNDS messages of 64 bytes, each after the server's
 * echo of the one before; TCP_NODELAY on both sides so every message is a
 * segment of its own.  Exits 0 on success, 1 when a call fails.
 */
#include <winsock2.h>
#include <ws2tcpip.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MESSAGE 64

static int fail(const char *what)
{
    printf("%s failed with error %d\n", what, WSAGetLastError());
    return 1;
}

/* Reads exactly n bytes; 0, or -1 when the stream ends or fails first. */
static int read_all(SOCKET s, char *buf, int n)
{
    int got = 0;
    while (got < n) {
        int r = recv(s, buf + got, n - got, 0);
        if (r <= 0)
            return -1;
        got += r;
    }
    return 0;
}

static int server(const char *port)
{
    SOCKET listener = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
    struct sockaddr_in addr;
    memset(&addr, 0, sizeof addr);
    addr.sin_family = AF_INET;
    addr.sin_port = htons((unsigned short)atoi(port));
    if (bind(listener, (struct sockaddr *)&addr, sizeof addr) != 0 || listen(listener, 1) != 0)
        return fail("bind/listen");
    SOCKET s = accept(listener, NULL, NULL);
    if (s == INVALID_SOCKET)
        return fail("accept");
    BOOL on = TRUE;
    setsockopt(s, IPPROTO_TCP, TCP_NODELAY, (const char *)&on, sizeof on);
    char buf[MESSAGE];
    while (read_all(s, buf, MESSAGE) == 0)
        if (send(s, buf, MESSAGE, 0) != MESSAGE)
            return fail("send");
    closesocket(s);
    closesocket(listener);
    return 0;
}

static int client(const char *address, const char *port, long rounds)
{
    SOCKET s = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
    struct sockaddr_in addr;
    memset(&addr, 0, sizeof addr);
    addr.sin_family = AF_INET;
    addr.sin_port = htons((unsigned short)atoi(port));
    addr.sin_addr.s_addr = inet_addr(address);
    if (connect(s, (struct sockaddr *)&addr, sizeof addr) != 0)
        return fail("connect");
    BOOL on = TRUE;
    setsockopt(s, IPPROTO_TCP, TCP_NODELAY, (const char *)&on, sizeof on);
    char buf[MESSAGE];
    for (long i = 0; i < rounds; i++) {
        memset(buf, 'a' + (int)(i % 26), sizeof buf);
        if (send(s, buf, MESSAGE, 0) != MESSAGE)
            return fail("send");
        if (read_all(s, buf, MESSAGE) != 0)
            return fail("recv");
    }
    closesocket(s);
    return 0;
}

int main(int argc, char **argv)
{
    WSADATA wsa;
    if (WSAStartup(MAKEWORD(2, 2), &wsa) != 0)
        return 1;
    int rc = 1;
    if (argc == 3 && strcmp(argv[1], "server") == 0)
        rc = server(argv[2]);
    else if (argc == 5 && strcmp(argv[1], "client") == 0)
        rc = client(argv[2], argv[3], atol(argv[4]));
    else
        printf("usage: echo server PORT | echo client ADDRESS PORT ROUNDS\n");
    WSACleanup();
    return rc;
}
