/* fuzz_winsock.c — libFuzzer target: random sequences of Winsock calls
 * with random arguments, by two programs on a small network (two hosts,
 * one 1 ms link), run in virtual time through the embedding API
 * (tests/integration/harness.h).  The simulator must not crash, its own
 * checks (WSIM_ASSERT, the stream checker) must hold, and the run must end
 * by one of the ordinary reasons (completed, stop time, deadlock).
 *
 * Input: host a's program takes the bytes at even offsets, host b's the
 * odd ones.  Each call takes one byte for the call and as many as it needs
 * for its arguments; sockets are picked from the program's own table (or
 * are a made-up handle), lengths are bounded by a 4 KiB buffer, pointers
 * are the program's buffers, NULL, or a wild address (which wsim must
 * answer with WSAEFAULT, never a crash).
 */
#include <winsock2.h>
#include <ws2tcpip.h>
#include <windows.h>

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "tests/support/harness.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define MAX_STEPS 64
#define MAX_SOCKETS 8

typedef struct script {
    const uint8_t *bytes;
    size_t size, at;
} script;

static script scripts[2];

static unsigned next_byte(script *s)
{
    if (s->at >= s->size)
        return 0;
    return s->bytes[s->at++];
}

static int done(const script *s)
{
    return s->at >= s->size;
}

static char buffer[4096];

/* A pointer argument: mostly the buffer, sometimes NULL or wild. */
static void *pointer(script *s)
{
    unsigned b = next_byte(s) % 8;
    if (b == 0)
        return NULL;
    if (b == 1)
        return (void *)(uintptr_t)0x10; /* not mapped */
    return buffer;
}

static SOCKET pick(script *s, const SOCKET *socks, int n)
{
    unsigned b = next_byte(s);
    if (n == 0 || b == 255)
        return (SOCKET)(b * 4u + 1u); /* a handle that may not exist */
    return socks[b % (unsigned)n];
}

static struct sockaddr_in address_of(script *s)
{
    struct sockaddr_in sin;
    memset(&sin, 0, sizeof sin);
    sin.sin_family = (unsigned short)(next_byte(s) % 16 ? AF_INET : next_byte(s));
    sin.sin_port = htons((u_short)(5000 + next_byte(s) % 4));
    static const char *const hosts[] = {"10.0.0.1", "10.0.0.2", "127.0.0.1", "10.0.0.9"};
    sin.sin_addr.s_addr = inet_addr(hosts[next_byte(s) % 4]);
    return sin;
}

static int run_script(script *s)
{
    WSADATA wsa;
    if (next_byte(s) % 8)
        WSAStartup(MAKEWORD(2, 2), &wsa);
    SOCKET socks[MAX_SOCKETS];
    int n = 0;
    for (int step = 0; step < MAX_STEPS && !done(s); step++) {
        unsigned op = next_byte(s) % 16;
        SOCKET sock = pick(s, socks, n);
        struct sockaddr_in sin;
        int len;
        u_long arg;
        switch (op) {
        case 0: {
            SOCKET made = socket(AF_INET, next_byte(s) % 2 ? SOCK_STREAM : SOCK_DGRAM, 0);
            if (made != INVALID_SOCKET && n < MAX_SOCKETS)
                socks[n++] = made;
            break;
        }
        case 1:
            sin = address_of(s);
            bind(sock, next_byte(s) % 8 ? (struct sockaddr *)&sin : pointer(s),
                 next_byte(s) % 8 ? (int)sizeof sin : (int)next_byte(s));
            break;
        case 2:
            listen(sock, (int)(next_byte(s) % 8) - 1);
            break;
        case 3:
            sin = address_of(s);
            connect(sock, (struct sockaddr *)&sin, sizeof sin);
            break;
        case 4: {
            len = sizeof sin;
            SOCKET got = accept(sock, next_byte(s) % 2 ? (struct sockaddr *)&sin : NULL,
                                next_byte(s) % 2 ? &len : NULL);
            if (got != INVALID_SOCKET && n < MAX_SOCKETS)
                socks[n++] = got;
            break;
        }
        case 5:
            send(sock, pointer(s), (int)(next_byte(s) * 16u), (int)(next_byte(s) % 4));
            break;
        case 6:
            recv(sock, pointer(s), (int)(next_byte(s) * 16u), (int)(next_byte(s) % 4));
            break;
        case 7:
            sin = address_of(s);
            sendto(sock, pointer(s), (int)(next_byte(s) * 16u), 0, (struct sockaddr *)&sin,
                   sizeof sin);
            break;
        case 8:
            closesocket(sock);
            break;
        case 9:
            shutdown(sock, (int)(next_byte(s) % 4));
            break;
        case 10: {
            int level = next_byte(s) % 2 ? SOL_SOCKET : IPPROTO_TCP;
            int name = (int)next_byte(s) | (next_byte(s) % 2 ? 0x1000 : 0);
            setsockopt(sock, level, name, pointer(s), (int)(next_byte(s) % 16));
            break;
        }
        case 11:
            arg = next_byte(s) % 2;
            ioctlsocket(sock, next_byte(s) % 2 ? FIONBIO : FIONREAD, &arg);
            break;
        case 12: {
            fd_set r;
            FD_ZERO(&r);
            FD_SET(sock, &r);
            struct timeval tv = {0, (long)(next_byte(s) * 1000u)};
            select(0, &r, NULL, NULL, &tv);
            break;
        }
        case 13:
            Sleep(next_byte(s) % 50);
            break;
        case 14:
            len = (int)(next_byte(s) % 32);
            getsockname(sock, pointer(s), next_byte(s) % 2 ? &len : NULL);
            break;
        default:
            WSAGetLastError();
            break;
        }
    }
    for (int i = 0; i < n; i++)
        closesocket(socks[i]);
    WSACleanup();
    return 0;
}

static int program_a(int argc, char **argv)
{
    (void)argc, (void)argv;
    return run_script(&scripts[0]);
}

static int program_b(int argc, char **argv)
{
    (void)argc, (void)argv;
    return run_script(&scripts[1]);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    /* Split the input: even bytes for a, odd ones for b. */
    uint8_t *halves = malloc(size + 1);
    if (!halves)
        return 0;
    size_t na = (size + 1) / 2;
    for (size_t i = 0; i < size; i++)
        halves[(i % 2) ? na + i / 2 : i / 2] = data[i];
    scripts[0] = (script){halves, na, 0};
    scripts[1] = (script){halves + na, size - na, 0};
    th_world *w = th_new(7, 10LL * 1000 * 1000 * 1000);
    wsim_host *a = th_host(w, "a", "10.0.0.1");
    wsim_host *b = th_host(w, "b", "10.0.0.2");
    th_link(w, a, b, 1000 * 1000, 10 * 1000 * 1000, 16);
    th_program(w, a, "a", program_a, 0);
    th_program(w, b, "b", program_b, 0);
    wsim_end_reason end = th_run(w);
    if (end != WSIM_END_COMPLETED && end != WSIM_END_STOP_TIME && end != WSIM_END_DEADLOCK)
        abort();
    th_free(w);
    free(halves);
    return 0;
}
