/* test_invariants.c — invariants.<case>: each numbered invariant, broken on
 * purpose in a child process, stops it with a message naming the invariant
 * (sim/check.h).  Skipped (77) in a build without WSIM_CHECKED.
 *
 * Cases:
 *   queue_ties_in_order   Q2: a heap whose two entries were swapped lets a
 *                         later-scheduled event out first;
 *   queue_heap_whole      Q3: a timer that does not know its place;
 *   tcp_acked_not_sent    T2: snd_una past snd_nxt;
 *   tcp_state_in_range    T3: a state that is none of RFC 793's;
 *   overlapped_list_whole O1: a socket's send list whose last pointer
 *                         names a request while the list is empty;
 *   socket_state_arrow    K1: a listening socket made to connect;
 *   socket_state_in_range K2: a socket state that is none of its machine's.
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "sim/check.h"
#include "sim/net.h"
#include "sim/queue.h"
#include "sim/stream.h"
#include "tests/check.h"

static void fire_nothing(wsim_timer *timer) { (void)timer; }

static void queue_ties_in_order(void)
{
    wsim_queue q;
    wsim_queue_init(&q);
    wsim_timer first, second;
    wsim_timer_init(&first, fire_nothing);
    wsim_timer_init(&second, fire_nothing);
    wsim_queue_schedule(&q, &first, 10);
    wsim_queue_schedule(&q, &second, 10);
    /* Corrupt: the later one at the root, each still knowing its place. */
    q.heap[0] = &second;
    q.heap[1] = &first;
    second.heap_index = 0;
    first.heap_index = 1;
    wsim_queue_pop(&q);   /* second: nothing popped before it */
    wsim_queue_pop(&q);   /* first, scheduled before it at the same time: Q2 */
}

static void queue_heap_whole(void)
{
    wsim_queue q;
    wsim_queue_init(&q);
    wsim_timer t;
    wsim_timer_init(&t, fire_nothing);
    wsim_queue_schedule(&q, &t, 5);
    t.heap_index = 7;     /* corrupt: it no longer knows its place */
    wsim_queue_pop(&q);
}

static wsim_stream *a_stream(void)
{
    wsim_observer none = {0};
    wsim_sim *sim = wsim_sim_new(1, 1000000000, none);
    wsim_tcp_config tcp;
    wsim_tcp_config_default(&tcp);
    wsim_host *host = wsim_host_add(sim, "a", 0x0A000001u, &tcp, 0, 0);
    return host ? wsim_stream_new(host) : NULL;
}

static void tcp_acked_not_sent(void)
{
    wsim_stream *s = a_stream();
    wsim_stream_check(s);   /* a new stream keeps every invariant */
    s->snd_nxt = 100;
    s->snd_una = 101;
    wsim_stream_check(s);
}

static void tcp_state_in_range(void)
{
    wsim_stream *s = a_stream();
    s->state = (wsim_tcp_state)42;
    wsim_stream_check(s);
}

/* wsapi_break.c: kept apart, its Windows headers and unistd.h clash. */
void overlapped_list_whole(void);
void socket_state_arrow(void);
void socket_state_in_range(void);

/* Runs `breaker` in a child with stderr in a pipe: the child must abort,
 * and what it printed must name invariant `id`. */
static void expect_broken(void (*breaker)(void), const char *id)
{
    int fds[2];
    CHECK(pipe(fds) == 0);
    pid_t pid = fork();
    CHECK(pid >= 0);
    if (pid == 0) {
        dup2(fds[1], 2);
        close(fds[0]);
        breaker();
        _exit(0);   /* not broken: the parent sees exit 0 */
    }
    close(fds[1]);
    char out[1024] = {0};
    size_t used = 0;
    ssize_t n;
    while (used < sizeof out - 1 && (n = read(fds[0], out + used, sizeof out - 1 - used)) > 0)
        used += (size_t)n;
    close(fds[0]);
    int status = 0;
    CHECK(waitpid(pid, &status, 0) == pid);
    CHECK(WIFSIGNALED(status) && WTERMSIG(status) == SIGABRT);
    char want[64];
    snprintf(want, sizeof want, "wsim: invariant %s broken: ", id);
    CHECK_CONTAINS(out, want);
}

static const struct {
    const char *name;
    void (*breaker)(void);
    const char *id;
} cases[] = {
    {"queue_ties_in_order", queue_ties_in_order, "Q2"},
    {"queue_heap_whole", queue_heap_whole, "Q3"},
    {"tcp_acked_not_sent", tcp_acked_not_sent, "T2"},
    {"tcp_state_in_range", tcp_state_in_range, "T3"},
    {"overlapped_list_whole", overlapped_list_whole, "O1"},
    {"socket_state_arrow", socket_state_arrow, "K1"},
    {"socket_state_in_range", socket_state_in_range, "K2"},
};

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: %s CASE\n", argv[0]);
        return 2;
    }
    if (!wsim_checked_build()) {
        fprintf(stderr, "skipped: built with WSIM_CHECKED off\n");
        return 77;
    }
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        if (strcmp(argv[1], cases[i].name) == 0) {
            expect_broken(cases[i].breaker, cases[i].id);
            return wsim_check_exit_code();
        }
    fprintf(stderr, "unknown case %s\n", argv[1]);
    return 2;
}
