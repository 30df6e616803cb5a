/* runs_inproc.c — the in-process half of network.determinism_with_faults
 * (test_runs.c): a TCP transfer across a lossy, jittery, duplicating,
 * reordering link that a partition cuts for a while, run twice with one
 * seed (the record streams must be equal field by field) and once with
 * another (they must differ).  Its programs are Winsock C, hence a file of
 * their own, apart from test_runs.c's POSIX headers.
 */
#include <stdlib.h>
#include <string.h>

#include "sim/fault.h"
#include "tests/check.h"
#include "tests/support/harness.h"
#include "tests/support/winsock.h"

#define MS 1000000LL

static struct {
    int received;
    int64_t done_ns;
} bulk;

static int bulk_server(int argc, char **argv)
{
    (void)argc, (void)argv;
    start();
    SOCKET l = listen_on("0.0.0.0", 5000, 1);
    SOCKET s = accept(l, NULL, NULL);
    static char buf[16384];
    int n;
    while ((n = recv(s, buf, sizeof buf, 0)) > 0)
        bulk.received += n;
    bulk.done_ns = th_now();
    closesocket(s);
    closesocket(l);
    return 0;
}

static int bulk_client(int argc, char **argv)
{
    (void)argc, (void)argv;
    start();
    SOCKET s = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
    struct sockaddr_in to = address("10.0.0.2", 5000);
    connect(s, (struct sockaddr *)&to, sizeof to);
    static char block[100000];
    memset(block, 'q', sizeof block);
    send(s, block, sizeof block, 0);
    closesocket(s);
    return 0;
}

/* a — r — b, the r—b link lossy, jittery, duplicating and reordering, and
 * a partition of it from 100 ms to 800 ms; 100 000 bytes from a to b. */
static th_world *impaired_run(uint64_t seed)
{
    memset(&bulk, 0, sizeof bulk);
    th_world *w = th_new(seed, 120LL * 1000 * MS);
    wsim_host *a = th_host(w, "a", "10.0.0.1");
    wsim_host *r = th_host(w, "r", "10.0.1.1");
    wsim_host *b = th_host(w, "b", "10.0.0.2");
    wsim_link *ar = th_link(w, a, r, 1 * MS, 100000000, 100);
    wsim_link *rb = th_link(w, r, b, 10 * MS, 10000000, 30);
    ar->jitter_ns = 200000;
    rb->loss = 0.03;
    rb->jitter_ns = 2 * MS;
    rb->duplicate = 0.03;
    rb->reorder = 0.03;
    CHECK_INT_EQ(wsim_fault_schedule(w->sim, 100 * MS, WSIM_FAULT_PARTITION, "cut [r-b]", &rb, 1, NULL), 0);
    CHECK_INT_EQ(wsim_fault_schedule(w->sim, 800 * MS, WSIM_FAULT_HEAL, "cut [r-b]", &rb, 1, NULL), 0);
    th_program(w, b, "server", bulk_server, 0);
    th_program(w, a, "client", bulk_client, 1 * MS);
    CHECK_INT_EQ(th_run(w), WSIM_END_COMPLETED);
    CHECK_INT_EQ(bulk.received, 100000);
    return w;
}

static int same_string(const char *x, const char *y)
{
    return (!x && !y) || (x && y && strcmp(x, y) == 0);
}

/* Compares two record streams field by field; reports the first
 * difference and returns 1 when they are equal. */
static int same_records(const th_world *x, const th_world *y, int report)
{
    size_t n = x->count < y->count ? x->count : y->count;
    for (size_t i = 0; i < n; i++) {
        const wsim_record *p = &x->records[i], *q = &y->records[i];
        int same = p->kind == q->kind && p->seq == q->seq && p->time_ns == q->time_ns &&
                   p->host == q->host && p->process == q->process && p->thread == q->thread &&
                   p->socket == q->socket && memcmp(p->a, q->a, sizeof p->a) == 0 &&
                   same_string(p->name, q->name) && same_string(p->text, q->text);
        if (!same) {
            if (report)
                fprintf(stderr, "record %zu differs: %s %s at %lld / %s %s at %lld\n", i,
                        p->name ? p->name : "-", p->text ? p->text : "-", (long long)p->time_ns,
                        q->name ? q->name : "-", q->text ? q->text : "-", (long long)q->time_ns);
            return 0;
        }
    }
    if (x->count != y->count && report)
        fprintf(stderr, "%zu records against %zu\n", x->count, y->count);
    return x->count == y->count;
}

static int count_kind(const th_world *w, wsim_record_kind kind, const char *name, const char *text_end)
{
    int n = 0;
    for (size_t i = 0; i < w->count; i++) {
        const wsim_record *r = &w->records[i];
        if (r->kind != kind || (name && strcmp(r->name, name) != 0))
            continue;
        size_t len = r->text ? strlen(r->text) : 0, end = text_end ? strlen(text_end) : 0;
        n += !text_end || (len >= end && strcmp(r->text + len - end, text_end) == 0);
    }
    return n;
}

int determinism_in_process(void)
{
    /* In-process: the same seed twice gives the same records, field by
     * field; the run really was impaired. */
    th_world *first = impaired_run(11);
    th_world *second = impaired_run(11);
    CHECK(same_records(first, second, 1));
    CHECK(count_kind(first, WSIM_REC_SEGMENT, "drop", "loss") > 0);
    CHECK(count_kind(first, WSIM_REC_SEGMENT, "drop", "link-down") > 0);
    CHECK(count_kind(first, WSIM_REC_SEGMENT, "duplicate", NULL) > 0);
    CHECK_INT_EQ(count_kind(first, WSIM_REC_FAULT, NULL, NULL), 2);
    /* Another seed draws other fates. */
    th_world *other = impaired_run(12);
    CHECK(!same_records(first, other, 0));
    th_free(first);
    th_free(second);
    th_free(other);
    return wsim_check_failures;
}
