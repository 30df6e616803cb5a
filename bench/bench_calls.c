/* bench_calls.c — speed figures for one Winsock call, in the steady state.
 *
 * Owns: the wall-clock cost of one non-blocking 1 KiB send() on a connected
 * stream socket, untraced (the records go nowhere) and traced (every record
 * goes through the record ring, drained by a second thread as the runner's
 * parent drains it).  The programs are functions of this executable run by
 * the runtime as the wsim command runs modules; only they read the clock.
 *
 * Usage: bench_calls   (prints one line per figure)
 */
#include <winsock2.h>

#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "runtime/program.h"
#include "sim/defaults.h"
#include "sim/net.h"
#include "sim/sim.h"
#include "sim/stream.h"
#include "traces/ring.h"

/* Sends go in rounds of ROUND (256 KiB), each followed by a pause long
 * enough for the link to carry the round away, so the send queue stays the
 * size it has in a long transfer instead of growing for the whole run. */
enum { SENDS = 51200, ROUND = 256, SEND_BYTES = 1024, PORT = 5001 };

static double now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e9 + (double)ts.tv_nsec;
}

static double ns_per_send;
static int sends_taken;

static int sender(int argc, char **argv)
{
    (void)argc, (void)argv;
    WSADATA wsa;
    WSAStartup(MAKEWORD(2, 2), &wsa);
    SOCKET s = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
    int room = 4 * ROUND * SEND_BYTES;   /* every send is taken whole */
    setsockopt(s, SOL_SOCKET, SO_SNDBUF, (const char *)&room, sizeof room);
    struct sockaddr_in to;
    memset(&to, 0, sizeof to);
    to.sin_family = AF_INET;
    to.sin_port = htons(PORT);
    to.sin_addr.s_addr = inet_addr("10.0.0.2");
    if (connect(s, (struct sockaddr *)&to, sizeof to) != 0)
        return 1;
    u_long on = 1;
    ioctlsocket(s, FIONBIO, &on);
    static char chunk[SEND_BYTES];
    double spent = 0;
    for (int round = 0; round < SENDS / ROUND; round++) {
        double t0 = now_ns();
        for (int i = 0; i < ROUND; i++)
            if (send(s, chunk, sizeof chunk, 0) == (int)sizeof chunk)
                sends_taken++;
        spent += now_ns() - t0;
        Sleep(10);
    }
    ns_per_send = spent / SENDS;
    struct linger abort_now = {1, 0};   /* what is queued is not the figure */
    setsockopt(s, SOL_SOCKET, SO_LINGER, (const char *)&abort_now, sizeof abort_now);
    closesocket(s);
    WSACleanup();
    return 0;
}

static int receiver(int argc, char **argv)
{
    (void)argc, (void)argv;
    WSADATA wsa;
    WSAStartup(MAKEWORD(2, 2), &wsa);
    SOCKET l = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
    struct sockaddr_in at;
    memset(&at, 0, sizeof at);
    at.sin_family = AF_INET;
    at.sin_port = htons(PORT);
    bind(l, (struct sockaddr *)&at, sizeof at);
    listen(l, 1);
    SOCKET s = accept(l, NULL, NULL);
    static char buf[65536];
    while (recv(s, buf, sizeof buf, 0) > 0) {
    }
    closesocket(s);
    closesocket(l);
    WSACleanup();
    return 0;
}

/* ---- the record's way out ---------------------------------------------- */

static void drop(void *ctx, const wsim_record *rec)
{
    (void)ctx, (void)rec;
}

static void to_ring(void *ctx, const wsim_record *rec)
{
    wsim_ring_put(ctx, rec);
}

static atomic_int draining;

static void *drain(void *arg)
{
    wsim_ring *ring = arg;
    size_t size = wsim_ring_strbuf_size(ring);
    char *strbuf = malloc(size);
    wsim_record rec;
    while (atomic_load(&draining) || wsim_ring_used(ring) > 0)
        if (wsim_ring_get(ring, &rec, strbuf, size) != 1)
            sched_yield();
    free(strbuf);
    return NULL;
}

static int run(const char *label, int traced)
{
    wsim_ring *ring = traced ? wsim_ring_create(64u << 20) : NULL;
    pthread_t thread;
    if (traced) {
        atomic_store(&draining, 1);
        pthread_create(&thread, NULL, drain, ring);
    }
    /* Untraced as `wsim run --no-trace`: no CALL or SEGMENT text is read. */
    wsim_observer observer = {.record = traced ? to_ring : drop, .ctx = ring,
                              .textless_kinds = traced ? 0 : ~0u};
    wsim_sim *sim = wsim_sim_new(1, 60 * WSIM_NS_PER_S, observer);
    wsim_tcp_config tcp;
    wsim_tcp_config_default(&tcp);
    wsim_host *a = wsim_host_add(sim, "a", 0x0a000001, &tcp, WSIM_DEFAULT_LOOPBACK_LATENCY_NS,
                                 WSIM_DEFAULT_LOOPBACK_BPS);
    wsim_host *b = wsim_host_add(sim, "b", 0x0a000002, &tcp, WSIM_DEFAULT_LOOPBACK_LATENCY_NS,
                                 WSIM_DEFAULT_LOOPBACK_BPS);
    wsim_link_add(sim, a, b, WSIM_NS_PER_MS, 1000000000ULL, 100);
    char *sargv[] = {"sender", NULL}, *rargv[] = {"receiver", NULL};
    wsapi_function_add(sim, b, "receiver", receiver, 1, rargv, 0);
    wsapi_function_add(sim, a, "sender", sender, 1, sargv, WSIM_NS_PER_MS);
    sends_taken = 0;
    wsapi_attach(sim);
    wsim_sim_run(sim);
    wsapi_detach(sim);
    wsim_sim_free(sim);
    if (traced) {
        atomic_store(&draining, 0);
        pthread_join(thread, NULL);
        wsim_ring_destroy(ring);
    }
    if (sends_taken != SENDS) {
        fprintf(stderr, "bench_calls: %d of %d sends taken whole\n", sends_taken, SENDS);
        return 1;
    }
    printf("%-28s %6.1f ns per call (%d calls)\n", label, ns_per_send, SENDS);
    return 0;
}

int main(void)
{
    int rc = run("send 1 KiB, untraced:", 0);
    rc |= run("send 1 KiB, traced (ring):", 1);
    return rc;
}
