/* common.h — what the tests of tests/contract/ share: two hosts on one link,
 * a server that reads everything, program memory the test makes
 * inaccessible, and finding records in a finished run.
 *
 * The world: host a (10.0.0.1) and host b (10.0.0.2) joined by one link of
 * LATENCY_NS and BANDWIDTH (harness.h).  Expected times come from the
 * documented model (README "The model"): a packet of B payload bytes
 * occupies the link for (B + header) × 8 / bandwidth, rounded up to a
 * nanosecond, then travels for the latency; the header is 40 bytes for TCP
 * (IPv4 + TCP) and 28 for UDP (IPv4 + UDP, sim/datagram.h).
 *
 * Inaccessible memory: three pages mapped by the test, read-write, then no
 * access, then read-only.  A buffer that "straddles" starts in the first page
 * and runs into the second.  wsim must refuse them without touching them
 * (S07: it checks program memory through process_vm_readv, wsapi/progmem.c),
 * so a crash here is a wsim bug, and AddressSanitizer stays quiet.
 */
#ifndef WSIM_TESTS_CONTRACT_COMMON_H
#define WSIM_TESTS_CONTRACT_COMMON_H

#include <winsock2.h>
#include <ws2tcpip.h>

#include <stdlib.h>
#include <string.h>

#include "sim/fault.h"
#include "sim/net.h"
#include "tests/check.h"
#include "tests/support/harness.h"

#define MS 1000000LL
#define SEC (1000 * MS)
#define PORT 5000
#define UDP_PORT 5001
#define LATENCY_NS (10 * MS)
#define BANDWIDTH 10000000ULL /* 10 Mbit/s */
#define TCP_HEADER 40
#define UDP_HEADER 28

/* Serialization time of a packet with `payload` bytes and `header` header
 * bytes on the test link, rounded up to a nanosecond. */
static inline int64_t ser_with(uint64_t payload, uint64_t header)
{
    return (int64_t)(((payload + header) * 8u * 1000000000u + BANDWIDTH - 1) / BANDWIDTH);
}
static inline int64_t ser(uint64_t payload) { return ser_with(payload, TCP_HEADER); }

/* What the programs saw, for the test to check after the run. */
static struct {
    long long v[128];
    int64_t t[64];
    char data[4096];
    int data_len;       /* every byte the reading server got (data keeps the first 4095) */
    char oob[16];
    int oob_len;
    int routines;       /* completion routines that ran */
} seen;

static th_world *world;
static wsim_host *host_a, *host_b;
static wsim_link *link_ab;

/* Hosts a and b, one link; delayed ACKs on or off. */
static inline void two_hosts(int delayed_ack)
{
    memset(&seen, 0, sizeof seen);
    world = th_new(1, 300 * SEC);
    world->tcp.delayed_ack = delayed_ack;
    host_a = th_host(world, "a", "10.0.0.1");
    host_b = th_host(world, "b", "10.0.0.2");
    link_ab = th_link(world, host_a, host_b, LATENCY_NS, BANDWIDTH, 100);
}

static inline int start(void)
{
    WSADATA wsa;
    return WSAStartup(MAKEWORD(2, 2), &wsa);
}

static inline struct sockaddr_in address_of(const char *ip, u_short port)
{
    struct sockaddr_in a;
    memset(&a, 0, sizeof a);
    a.sin_family = AF_INET;
    a.sin_port = htons(port);
    a.sin_addr.s_addr = inet_addr(ip);
    return a;
}

/* A stream socket connected to b's PORT, or INVALID_SOCKET. */
static inline SOCKET connect_b(void)
{
    SOCKET s = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
    struct sockaddr_in to = address_of("10.0.0.2", PORT);
    if (connect(s, (struct sockaddr *)&to, sizeof to) != 0) {
        closesocket(s);
        return INVALID_SOCKET;
    }
    return s;
}

/* A listening socket on PORT (backlog n). */
static inline SOCKET listen_on(int n)
{
    SOCKET l = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
    struct sockaddr_in at = address_of("0.0.0.0", PORT);
    bind(l, (struct sockaddr *)&at, sizeof at);
    listen(l, n);
    return l;
}

static inline SOCKET accept_one(void)
{
    SOCKET l = listen_on(1);
    SOCKET s = accept(l, NULL, NULL);
    closesocket(l);
    return s;
}

/* A datagram socket bound to port (0: any). */
static inline SOCKET udp_socket(u_short port)
{
    SOCKET u = socket(AF_INET, SOCK_DGRAM, IPPROTO_UDP);
    struct sockaddr_in at = address_of("0.0.0.0", port);
    bind(u, (struct sockaddr *)&at, sizeof at);
    return u;
}

/* Reads until the peer closes, keeping the bytes in seen.data. */
static inline void read_all(SOCKET s)
{
    static char buf[64 * 1024];
    int n;
    while ((n = recv(s, buf, sizeof buf, 0)) > 0) {
        int room = (int)sizeof seen.data - 1 - seen.data_len;
        if (room > 0)
            memcpy(seen.data + seen.data_len, buf, (size_t)(n < room ? n : room));
        seen.data_len += n;
    }
}

/* The usual server on b: accepts one connection and reads it to the end. */
static inline int reading_server(int argc, char **argv)
{
    (void)argc, (void)argv;
    start();
    SOCKET s = accept_one();
    read_all(s);
    closesocket(s);
    WSACleanup();
    return 0;
}

/* Runs `client` on a (from 1 ms) against `server` on b (from 0). */
static inline void run_pair(wsapi_main_fn client, wsapi_main_fn server)
{
    th_program(world, host_b, "server", server ? server : reading_server, 0);
    th_program(world, host_a, "client", client, MS);
    CHECK_INT_EQ(th_run(world), WSIM_END_COMPLETED);
}

/* ---- inaccessible program memory ------------------------------------------ */

static char *page_rw, *page_none, *page_ro;
static size_t page_size;

/* host.c (apart from the Windows headers, which clash with unistd.h). */
char *contract_map_pages(size_t *page_size);
void contract_set_writable(void *page, size_t size, int writable);

/* Maps [rw][no access][read-only]; the read-only page is filled with 'r'. */
static inline void map_pages(void)
{
    if (page_rw)
        return;
    page_rw = contract_map_pages(&page_size);
    page_none = page_rw + page_size;
    page_ro = page_rw + 2 * page_size;
}

/* `before` accessible bytes, then the no-access page. */
static inline char *straddling(size_t before) { return page_none - before; }

/* ---- the records of a finished run ------------------------------------------ */

/* The n-th SEGMENT record of `event` ("send", "recv") at host h carrying
 * payload (len > 0), or NULL. */
static inline const wsim_record *data_segment(const wsim_host *h, const char *event, int n)
{
    for (size_t i = 0; i < world->count; i++) {
        const wsim_record *r = &world->records[i];
        if (r->kind == WSIM_REC_SEGMENT && r->host == h->id && r->name &&
            strcmp(r->name, event) == 0 && r->a[4] > 0 && n-- == 0)
            return r;
    }
    return NULL;
}

static inline int count_data_segments(const wsim_host *h, const char *event)
{
    int n = 0;
    while (data_segment(h, event, n))
        n++;
    return n;
}

/* The CALL record of the n-th call of `function` that failed with `error`. */
static inline const wsim_record *failed_call(const char *function, int error, int n)
{
    const wsim_record *r;
    for (int i = 0; (r = th_find(world, WSIM_REC_CALL, function, i)); i++)
        if (r->a[1] == error && n-- == 0)
            return r;
    return NULL;
}

/* A test case's entry: name → function, one CTest test each. */
typedef struct contract_case {
    const char *name;
    void (*run)(void);
} contract_case;

static inline int contract_main(int argc, char **argv, const contract_case *cases, size_t n)
{
    if (argc != 2) {
        for (size_t i = 0; i < n; i++)
            printf("%s\n", cases[i].name);
        return 0;
    }
    for (size_t i = 0; i < n; i++) {
        if (strcmp(argv[1], cases[i].name) == 0) {
            cases[i].run();
            if (world)
                th_free(world);
            return wsim_check_exit_code();
        }
    }
    fprintf(stderr, "unknown case %s\n", argv[1]);
    return 2;
}

/* A Winsock function wsim may not provide yet (host.c): NULL when absent. */
void *contract_lookup(const char *name);

#endif
