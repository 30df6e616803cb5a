/* replicated_counter.c — a small replicated counter with a recovery bug
 * (sweep tests: a fault schedule drawn from the seed finds it, and `wsim
 * shrink` brings the failing run down to the fault that matters).
 *
 *   replicated_counter.c replica PORT
 *       keeps the latest count the primary sent ("set N"), answers "get"
 *   replicated_counter.c primary PORT REPLICA_ADDR REPLICA_PORT
 *       applies "inc I" once per I (a retried increment is not counted
 *       twice), forwards the new count to the replica, answers "ok N";
 *       answers "get" with "count N"; "quit" ends it and the replica.  THE BUG: when it starts (again,
 *       after its host crashed and restarted) it begins at 0 instead of
 *       asking the replica for the count.
 *   replicated_counter.c client PRIMARY_ADDR PORT N
 *       sends "inc 0" … "inc N-1", one a second, each retried until it is
 *       answered, then asks "get", prints "final <count>" and sends
 *       "quit".
 *
 * A partition only delays requests (they are retried, and idempotent), so
 * the client prints "final N" under any number of them; a crash and
 * restart of the primary after an increment loses the increments before
 * it, and the client prints less.  Plain Windows C; every message is one
 * line, read up to its '\n' (a receive may return part of one).
 */
#include <winsock2.h>
#include <ws2tcpip.h>
#include <windows.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_INCREMENTS 64

static SOCKET listen_on(unsigned short port)
{
    SOCKET l = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
    struct sockaddr_in a;
    memset(&a, 0, sizeof a);
    a.sin_family = AF_INET;
    a.sin_port = htons(port);
    a.sin_addr.s_addr = htonl(INADDR_ANY);
    if (bind(l, (struct sockaddr *)&a, sizeof a) != 0 || listen(l, 8) != 0)
        return INVALID_SOCKET;
    return l;
}

static void set_timeout(SOCKET s, DWORD ms)
{
    setsockopt(s, SOL_SOCKET, SO_RCVTIMEO, (const char *)&ms, sizeof ms);
}

/* One line (without its '\n') into buf; 0, or -1 on an error, timeout or
 * close before the '\n'. */
static int read_line(SOCKET s, char *buf, int size)
{
    int used = 0;
    while (used < size - 1) {
        int got = recv(s, buf + used, 1, 0);
        if (got <= 0)
            return -1;
        if (buf[used] == '\n') {
            buf[used] = '\0';
            return 0;
        }
        used++;
    }
    return -1;
}

static int send_line(SOCKET s, const char *line)
{
    int len = (int)strlen(line);
    return send(s, line, len, 0) == len ? 0 : -1;
}

/* Connects, sends one line, reads the one-line answer (when answer is not
 * NULL).  0, or -1 when any step fails. */
static int request(const char *addr, unsigned short port, const char *line, char *answer, int size)
{
    SOCKET s = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
    struct sockaddr_in a;
    memset(&a, 0, sizeof a);
    a.sin_family = AF_INET;
    a.sin_port = htons(port);
    a.sin_addr.s_addr = inet_addr(addr);
    set_timeout(s, 3000);
    int rc = connect(s, (struct sockaddr *)&a, sizeof a) == 0 && send_line(s, line) == 0 &&
                     (!answer || read_line(s, answer, size) == 0)
                 ? 0
                 : -1;
    closesocket(s);
    return rc;
}

static int replica(unsigned short port)
{
    SOCKET l = listen_on(port);
    if (l == INVALID_SOCKET)
        return 2;
    long count = 0;
    for (;;) {
        SOCKET c = accept(l, NULL, NULL);
        if (c == INVALID_SOCKET)
            continue;
        set_timeout(c, 2000);
        char line[64];
        if (read_line(c, line, sizeof line) == 0) {
            if (strncmp(line, "set ", 4) == 0) {
                count = atol(line + 4);
            } else if (strcmp(line, "get") == 0) {
                char out[64];
                snprintf(out, sizeof out, "count %ld\n", count);
                send_line(c, out);
            } else if (strcmp(line, "quit") == 0) {
                send_line(c, "bye\n");
                closesocket(c);
                return 0;
            }
        }
        closesocket(c);
    }
}

static int primary(unsigned short port, const char *replica_addr, unsigned short replica_port)
{
    static int applied[MAX_INCREMENTS];
    long count = 0;   /* the bug: should start from the replica's "get" */
    SOCKET l = listen_on(port);
    if (l == INVALID_SOCKET)
        return 2;
    for (;;) {
        SOCKET c = accept(l, NULL, NULL);
        if (c == INVALID_SOCKET)
            continue;
        set_timeout(c, 2000);
        char line[64], out[64];
        if (read_line(c, line, sizeof line) == 0) {
            if (strncmp(line, "inc ", 4) == 0) {
                int i = atoi(line + 4);
                if (i >= 0 && i < MAX_INCREMENTS && !applied[i]) {
                    applied[i] = 1;
                    count++;
                    snprintf(out, sizeof out, "set %ld\n", count);
                    request(replica_addr, replica_port, out, NULL, 0);
                }
                snprintf(out, sizeof out, "ok %ld\n", count);
                send_line(c, out);
            } else if (strcmp(line, "get") == 0) {
                snprintf(out, sizeof out, "count %ld\n", count);
                send_line(c, out);
            } else if (strcmp(line, "quit") == 0) {
                char answer[64];
                while (request(replica_addr, replica_port, "quit\n", answer, sizeof answer) != 0)
                    Sleep(500);
                send_line(c, "bye\n");
                closesocket(c);
                return 0;
            }
        }
        closesocket(c);
    }
}

static int client(const char *addr, unsigned short port, int n)
{
    char line[64], answer[64];
    for (int i = 0; i < n; i++) {
        snprintf(line, sizeof line, "inc %d\n", i);
        while (request(addr, port, line, answer, sizeof answer) != 0 || strncmp(answer, "ok ", 3) != 0)
            Sleep(500);
        Sleep(1000);
    }
    while (request(addr, port, "get\n", answer, sizeof answer) != 0 ||
           strncmp(answer, "count ", 6) != 0)
        Sleep(500);
    printf("final %s\n", answer + 6);
    while (request(addr, port, "quit\n", answer, sizeof answer) != 0 || strcmp(answer, "bye") != 0)
        Sleep(500);
    return 0;
}

int main(int argc, char **argv)
{
    WSADATA wsa;
    if (WSAStartup(MAKEWORD(2, 2), &wsa) != 0)
        return 2;
    int rc = 2;
    if (argc == 3 && strcmp(argv[1], "replica") == 0)
        rc = replica((unsigned short)atoi(argv[2]));
    else if (argc == 5 && strcmp(argv[1], "primary") == 0)
        rc = primary((unsigned short)atoi(argv[2]), argv[3], (unsigned short)atoi(argv[4]));
    else if (argc == 5 && strcmp(argv[1], "client") == 0)
        rc = client(argv[2], (unsigned short)atoi(argv[3]), atoi(argv[4]));
    WSACleanup();
    return rc;
}
