/* world.h — the world an in-process test builds and what its programs saw.
 *
 * Owns, per test executable: the world (harness.h) and its hosts a
 * (10.0.0.1) and b (10.0.0.2) and the link between them; `seen`, where the
 * programs leave what the test checks after the run; the usual server that
 * reads one connection to its end; and finding records of the finished run.
 * Header only, so that the checks made here (check.h) count in the
 * executable's own status, and each executable has its own world.
 *
 * A case builds its world with new_world() (which also clears `seen`), sets
 * world->tcp and the like, adds the hosts (link_two_hosts()), registers its
 * programs (run_pair() or th_program()) and runs.  test_main (cases.h)
 * frees the world after the case when given end_world.
 */
#ifndef WSIM_TESTS_SUPPORT_WORLD_H
#define WSIM_TESTS_SUPPORT_WORLD_H

#include <winsock2.h>
#include <ws2tcpip.h>

#include <stdint.h>
#include <string.h>

#include "tests/check.h"
#include "tests/support/harness.h"
#include "tests/support/winsock.h"

#define MS 1000000LL
#define SEC (1000 * MS)
#define PORT 5000   /* where reading_server listens */

/* What the programs saw, for the test to check after the run.  Each folder
 * uses the fields it needs; new_world() clears them all. */
static struct {
    long long v[128];    /* values the programs report */
    int ret[32];         /* return values … */
    int err[32];         /* … and the WSAGetLastError that went with them */
    int64_t t[64];       /* virtual times */
    DWORD count;         /* a byte count (WSASend's lpNumberOfBytesSent …) */
    char data[1 << 20];  /* what reading_server got: the first sizeof - 1 bytes */
    int data_len;        /* every byte it got */
    int64_t last_byte_ns; /* when it got the last */
    char oob[16];        /* urgent bytes read apart */
    int oob_len;
    int routines;        /* completion routines that ran */
    struct sockaddr_in from; /* a datagram's source */
    int port;
    int instances;       /* programs that started */
    struct {
        int who;
        int64_t at;
    } log[32];           /* who did something when, in order … */
    int n;               /* … and how many did (may exceed the log) */
    int order[16];       /* an order the programs ran in */
    int order_n;
} seen;

static th_world *world;
static wsim_host *host_a, *host_b;
static wsim_link *link_ab;

/* A new world, `seen` cleared; its settings (world->tcp …) apply to the
 * hosts added after. */
static inline th_world *new_world(uint64_t seed, int64_t stop_ns)
{
    memset(&seen, 0, sizeof seen);
    world = th_new(seed, stop_ns);
    return world;
}

/* Host a (10.0.0.1) and host b (10.0.0.2), joined by one link. */
static inline void link_two_hosts(int64_t latency_ns, uint64_t bps, uint32_t queue)
{
    host_a = th_host(world, "a", "10.0.0.1");
    host_b = th_host(world, "b", "10.0.0.2");
    link_ab = th_link(world, host_a, host_b, latency_ns, bps, queue);
}

/* Frees the world of the case that ran (test_main's `after`). */
static inline void end_world(void)
{
    if (world)
        th_free(world);
    world = NULL;
}

/* Runs the world, which must end with every program returned. */
static inline void run_world(void)
{
    CHECK_INT_EQ(th_run(world), WSIM_END_COMPLETED);
}

/* A blocking connect to b's PORT; INVALID_SOCKET when it fails. */
static inline SOCKET connect_b(void)
{
    return connect_to("10.0.0.2", PORT);
}

/* One connection accepted on PORT. */
static inline SOCKET accept_one(void)
{
    return accept_on(PORT);
}

/* Reads s until the peer closes, into seen.data / data_len / last_byte_ns. */
static inline void read_all(SOCKET s)
{
    static char buf[64 * 1024];
    int n;
    while ((n = recv(s, buf, sizeof buf, 0)) > 0) {
        int room = (int)sizeof seen.data - 1 - seen.data_len;
        if (room > 0)
            memcpy(seen.data + seen.data_len, buf, (size_t)(n < room ? n : room));
        seen.data_len += n;
        seen.last_byte_ns = th_now();
    }
}

/* Accepts one connection on PORT and reads it to the end (read_all); with
 * oob_inline, urgent bytes are read inline (SO_OOBINLINE). */
static inline int read_one_connection(int oob_inline)
{
    start();
    SOCKET s = accept_one();
    if (oob_inline) {
        BOOL on = TRUE;
        setsockopt(s, SOL_SOCKET, SO_OOBINLINE, (const char *)&on, sizeof on);
    }
    read_all(s);
    closesocket(s);
    WSACleanup();
    return 0;
}

/* The usual server on b: one connection, read to the end. */
static inline int reading_server(int argc, char **argv)
{
    (void)argc, (void)argv;
    return read_one_connection(0);
}

/* `server` on b from 0 (NULL: reading_server), `client` on a from 1 ms,
 * then the run. */
static inline void run_pair(wsapi_main_fn client, wsapi_main_fn server)
{
    th_program(world, host_b, "server", server ? server : reading_server, 0);
    th_program(world, host_a, "client", client, MS);
    run_world();
}

/* ---- the records of a finished run ------------------------------------------ */

/* The i-th CALL record of `function` (from 0), or NULL. */
static inline const wsim_record *call_record(const char *function, int i)
{
    return th_find(world, WSIM_REC_CALL, function, i);
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

/* The n-th COMPLETION record of `function`, checked against the n-th CALL
 * record of it: it completes that call with `bytes` and `error`, reported
 * as `how` says ("event", "routine"…).  NULL, after a failed check, when
 * either record is missing. */
static inline const wsim_record *checked_completion(const char *function, int n, long long bytes,
                                                    long long error, const char *how)
{
    const wsim_record *call = th_find(world, WSIM_REC_CALL, function, n);
    const wsim_record *done = th_find(world, WSIM_REC_COMPLETION, function, n);
    CHECK(call && done);
    if (!call || !done)
        return NULL;
    CHECK_INT_EQ(done->a[0], (int64_t)call->seq);
    CHECK_INT_EQ(done->a[1], bytes);
    CHECK_INT_EQ(done->a[2], error);
    CHECK_STR_EQ(done->text, how);
    return done;
}

#endif
