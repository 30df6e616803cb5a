/* common.h — what the calls tests share: a two-host network, sockets
 * connected over it or over a host's loopback, and the timings of the
 * documented model (README, "The model") that their expected values are
 * computed from.
 *
 * Each test executable includes it once; its state (the world, what the
 * programs saw) is that executable's own.
 *
 * Timings: a packet of B payload bytes occupies a link for
 * (B + header) × 8 / bandwidth seconds, rounded up to a nanosecond, then
 * travels one latency.  A segment's header is 40 bytes; a SYN or SYN-ACK
 * carries 12 more, the MSS, window-scale and SACK-permitted options
 * (sim/stream.c, header_bytes: SACK is offered by default, timestamps are
 * not).  Links: 10 ms, 10 Mbit/s between the hosts; each host's loopback
 * 10 µs, 10 Gbit/s (sim/defaults.h).  ACKs go at once (delayed ACKs off).
 */
#ifndef WSIM_TESTS_CALLS_COMMON_H
#define WSIM_TESTS_CALLS_COMMON_H

#include <winsock2.h>
#include <ws2tcpip.h>
#include <windows.h>

#include <stdlib.h>
#include <string.h>

#include "sim/defaults.h"
#include "tests/check.h"
#include "tests/support/harness.h"

#define MS 1000000LL
#define US 1000LL
#define PORT 5000
#define CLOSED_PORT 6000            /* nobody listens there: a SYN draws an RST */
#define LATENCY_NS (10 * MS)
#define BANDWIDTH 10000000ULL       /* 10 Mbit/s */
#define HEADER 40u
#define SYN_HEADER (HEADER + 12u)
#define CLIENT_START MS             /* the client starts 1 ms after the server */

static inline uint64_t ceil_div(uint64_t a, uint64_t b) { return (a + b - 1) / b; }

/* Serialization on the link between the hosts, of a segment with `payload`
 * bytes and of a SYN or SYN-ACK. */
static inline int64_t ser(uint64_t payload)
{
    return (int64_t)ceil_div((payload + HEADER) * 8u * 1000000000u, BANDWIDTH);
}

static inline int64_t ser_syn(void)
{
    return (int64_t)ceil_div((uint64_t)SYN_HEADER * 8u * 1000000000u, BANDWIDTH);
}

/* A blocking connect between the hosts returns this long after it starts:
 * the SYN there, the SYN-ACK back.  The listener has the connection one
 * ACK later: ser(0) + LATENCY_NS after that. */
static inline int64_t handshake(void) { return 2 * (ser_syn() + LATENCY_NS); }

/* A segment on a host's loopback arrives this long after it is sent. */
static inline int64_t loopback(uint64_t payload)
{
    return (int64_t)ceil_div((payload + HEADER) * 8u * 1000000000u, WSIM_DEFAULT_LOOPBACK_BPS) +
           WSIM_DEFAULT_LOOPBACK_LATENCY_NS;
}

/* What the programs saw, for the test to check after the run. */
static struct {
    long long v[128];
    int64_t t[32];
    char data[8192];
    int data_len;
} seen;

static th_world *world;
static wsim_host *host_a, *host_b;

/* Host a (10.0.0.1) and host b (10.0.0.2), one 10 ms, 10 Mbit/s link. */
static inline void two_hosts(void)
{
    memset(&seen, 0, sizeof seen);
    world = th_new(1, 600LL * 1000 * MS);
    world->tcp.delayed_ack = 0;
    host_a = th_host(world, "a", "10.0.0.1");
    host_b = th_host(world, "b", "10.0.0.2");
    th_link(world, host_a, host_b, LATENCY_NS, BANDWIDTH, 100);
}

static inline void run(void)
{
    CHECK_INT_EQ(th_run(world), WSIM_END_COMPLETED);
}

/* The server on b from 0, the client on a from CLIENT_START. */
static inline void run_pair(wsapi_main_fn client, wsapi_main_fn server)
{
    th_program(world, host_b, "server", server, 0);
    th_program(world, host_a, "client", client, CLIENT_START);
    run();
}

static inline int start(void)
{
    WSADATA wsa;
    return WSAStartup(MAKEWORD(2, 2), &wsa);
}

static inline struct sockaddr_in address(const char *ip, int port)
{
    struct sockaddr_in sin;
    memset(&sin, 0, sizeof sin);
    sin.sin_family = AF_INET;
    sin.sin_port = htons((u_short)port);
    sin.sin_addr.s_addr = inet_addr(ip);
    return sin;
}

/* A listening stream socket on ip:port. */
static inline SOCKET listen_on(const char *ip, int port)
{
    SOCKET l = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
    struct sockaddr_in at = address(ip, port);
    bind(l, (struct sockaddr *)&at, sizeof at);
    listen(l, 5);
    return l;
}

/* A blocking connect to ip:port; INVALID_SOCKET when it fails. */
static inline SOCKET connect_to(const char *ip, int port)
{
    SOCKET s = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
    struct sockaddr_in to = address(ip, port);
    if (connect(s, (struct sockaddr *)&to, sizeof to) != 0) {
        closesocket(s);
        return INVALID_SOCKET;
    }
    return s;
}

static inline SOCKET accept_one(SOCKET l)
{
    return accept(l, NULL, NULL);
}

/* A connected pair over the calling host's loopback, on `port`. */
static inline void loopback_pair(int port, SOCKET *client, SOCKET *server)
{
    SOCKET l = listen_on("127.0.0.1", port);
    *client = connect_to("127.0.0.1", port);
    *server = accept_one(l);
    closesocket(l);
}

/* A server on b that accepts one connection on PORT and reads everything
 * into seen.data until the peer closes. */
static inline int reading_server(int argc, char **argv)
{
    (void)argc, (void)argv;
    start();
    SOCKET l = listen_on("0.0.0.0", PORT);
    SOCKET s = accept_one(l);
    closesocket(l);
    static char buf[64 * 1024];
    int n;
    while ((n = recv(s, buf, sizeof buf, 0)) > 0) {
        int room = (int)sizeof seen.data - seen.data_len;
        memcpy(seen.data + seen.data_len, buf, (size_t)(n < room ? n : room));
        seen.data_len += n;
    }
    closesocket(s);
    WSACleanup();
    return 0;
}

/* The i-th CALL record of `function` (from 0), or NULL. */
static inline const wsim_record *call_record(const char *function, int i)
{
    return th_find(world, WSIM_REC_CALL, function, i);
}

/* Runs the case named argv[1] from `cases` (NULL-terminated); with no
 * argument, lists them. */
typedef struct test_case {
    const char *name;
    void (*run)(void);
} test_case;

static inline int run_case(const test_case *cases, int argc, char **argv)
{
    if (argc != 2) {
        for (const test_case *c = cases; c->name; c++)
            printf("%s\n", c->name);
        return 0;
    }
    for (const test_case *c = cases; c->name; c++)
        if (strcmp(argv[1], c->name) == 0) {
            c->run();
            th_free(world);
            return wsim_check_exit_code();
        }
    fprintf(stderr, "unknown case %s\n", argv[1]);
    return 2;
}

#endif
