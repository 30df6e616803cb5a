/* test_ring.c — the child-to-parent record ring (traces/ring.h).
 *
 * Usage: test_traces_ring CASE, one CTest entry per case:
 *   roundtrip    every kind, strings of 0 (NULL and ""), 1 and many bytes,
 *                records split across the end of the data area at the
 *                header, the name and the text; truncation rules; a
 *                closed consumer ends a waiting put
 *   fork         a child puts 10^5 patterned records through a ring much
 *                smaller than their total while the parent takes them
 *   kill         a child killed by SIGKILL mid-stream (while producing, then
 *                while blocked on a full ring) leaves every record it
 *                published readable, and nothing half-written
 *   signal_safe  the crash-handler put refuses when full, works from a
 *                signal handler, refuses to interleave with an interrupted
 *                put, and its record follows a crashed child's others
 */
#define _GNU_SOURCE /* MAP_ANONYMOUS */

#include <errno.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sched.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include "tests/support/cases.h"
#include "tests/traces/fixture.h"
#include "traces/ring.h"

#define PATTERN_NAME_MAX 40
#define PATTERN_TEXT_MAX 300

/* Record number i of the known pattern.  Every field depends on i, some are
 * negative, and the strings cycle through NULL, "", 1 byte and many bytes. */
static void pattern(uint64_t i, wsim_record *r, char *name, char *text)
{
    memset(r, 0, sizeof *r);
    r->kind = (wsim_record_kind)(WSIM_REC_RUN_START + (int)(i % (WSIM_REC_RUN_END - WSIM_REC_RUN_START + 1)));
    r->seq = i + 1;
    r->time_ns = (int64_t)(i * 1000003u) - 5;
    r->host = (int32_t)(i % 5) - 1;
    r->process = (int32_t)(i % 7) - 1;
    r->thread = (int32_t)(i % 3);
    r->socket = (int64_t)i * 13 - 1;
    for (int k = 0; k < WSIM_RECORD_INTS; k++)
        r->a[k] = (int64_t)(i * (uint64_t)(k + 1)) ^ ((int64_t)k << 40) ^ (k % 2 ? INT64_MIN : 0);

    size_t name_len = (size_t)(i % (PATTERN_NAME_MAX + 1));
    size_t text_len = (size_t)((i * 37) % (PATTERN_TEXT_MAX + 1));
    if (i % 29 == 3)
        text_len = 1;
    for (size_t j = 0; j < name_len; j++)
        name[j] = (char)('A' + (i + j) % 26);
    name[name_len] = '\0';
    for (size_t j = 0; j < text_len; j++)
        text[j] = (char)('a' + (i * 7 + j) % 26);
    text[text_len] = '\0';
    r->name = (i % 11 == 0) ? NULL : name;
    r->text = (i % 13 == 0) ? NULL : text;
}

static int same_string(const char *x, const char *y)
{
    if (!x || !y)
        return x == y;
    return strcmp(x, y) == 0;
}

/* 1 when got equals record i of the pattern. */
static int matches_pattern(uint64_t i, const wsim_record *got)
{
    wsim_record want;
    char name[PATTERN_NAME_MAX + 1], text[PATTERN_TEXT_MAX + 1];
    pattern(i, &want, name, text);
    if (got->kind != want.kind || got->seq != want.seq || got->time_ns != want.time_ns ||
        got->host != want.host || got->process != want.process || got->thread != want.thread ||
        got->socket != want.socket)
        return 0;
    for (int k = 0; k < WSIM_RECORD_INTS; k++)
        if (got->a[k] != want.a[k])
            return 0;
    return same_string(got->name, want.name) && same_string(got->text, want.text);
}

static void check_roundtrip_one(wsim_ring *ring, const wsim_record *want, char *buf, size_t buf_size)
{
    wsim_record got;
    CHECK_INT_EQ(wsim_ring_get(ring, &got, buf, buf_size), 1);
    CHECK_INT_EQ(got.kind, want->kind);
    CHECK_INT_EQ(got.seq, want->seq);
    CHECK_INT_EQ(got.time_ns, want->time_ns);
    CHECK_INT_EQ(got.host, want->host);
    CHECK_INT_EQ(got.process, want->process);
    CHECK_INT_EQ(got.thread, want->thread);
    CHECK_INT_EQ(got.socket, want->socket);
    for (int k = 0; k < WSIM_RECORD_INTS; k++)
        CHECK_INT_EQ(got.a[k], want->a[k]);
    CHECK(same_string(got.name, want->name));
    CHECK(same_string(got.text, want->text));
}

static void test_roundtrip(void)
{
    CHECK(wsim_ring_create(WSIM_RING_MIN_CAPACITY - 1) == NULL);
    CHECK_INT_EQ(errno, EINVAL);

    const size_t cap = WSIM_RING_MIN_CAPACITY;
    wsim_ring *ring = wsim_ring_create(cap);
    CHECK(ring != NULL);
    if (!ring)
        return;
    CHECK_INT_EQ(wsim_ring_capacity(ring), cap);
    size_t buf_size = wsim_ring_strbuf_size(ring);
    char *buf = malloc(buf_size);
    wsim_record got;
    CHECK_INT_EQ(wsim_ring_get(ring, &got, buf, buf_size), 0);

    /* The header size, from a record without strings (white box: the
     * layout is header, name, text). */
    wsim_record bare = fixture_record(WSIM_REC_CALL, 1, 0);
    CHECK_INT_EQ(wsim_ring_put(ring, &bare), 0);
    size_t header = wsim_ring_used(ring);
    CHECK(header > 0 && header < 256);
    check_roundtrip_one(ring, &bare, buf, buf_size);
    CHECK_INT_EQ(wsim_ring_used(ring), 0);

    /* One record at a time through an empty ring: the write position moves
     * by each record's size, so it sweeps every offset of the circle. */
    uint64_t position = header;
    int header_split = 0, name_split = 0, text_split = 0, exact_end = 0;
    int kinds_seen[WSIM_REC_RUN_END + 1] = {0};
    for (uint64_t i = 0; i < 6000; i++) {
        wsim_record want;
        char name[PATTERN_NAME_MAX + 1], text[PATTERN_TEXT_MAX + 1];
        pattern(i, &want, name, text);
        size_t off = (size_t)(position % cap);
        size_t name_len = want.name ? strlen(want.name) : 0;
        size_t text_len = want.text ? strlen(want.text) : 0;
        if (off + header > cap)
            header_split++;
        else if (name_len && off + header < cap && off + header + name_len > cap)
            name_split++;
        else if (text_len && off + header + name_len < cap && off + header + name_len + text_len > cap)
            text_split++;
        if (off + header + name_len + text_len == cap)
            exact_end++;
        CHECK_INT_EQ(wsim_ring_put(ring, &want), 0);
        CHECK_INT_EQ(wsim_ring_used(ring), header + name_len + text_len);
        position += header + name_len + text_len;
        check_roundtrip_one(ring, &want, buf, buf_size);
        kinds_seen[want.kind]++;
    }
    CHECK(header_split > 0);
    CHECK(name_split > 0);
    CHECK(text_split > 0);
    fprintf(stderr, "splits: header %d, name %d, text %d, exact end %d\n", header_split, name_split,
            text_split, exact_end);
    for (int k = WSIM_REC_RUN_START; k <= WSIM_REC_RUN_END; k++)
        CHECK(kinds_seen[k] > 0);

    /* Several records queued at once, filled with the non-waiting put until
     * it refuses, then drained in order. */
    uint64_t next_put = 0, next_get = 0;
    for (int round = 0; round < 200; round++) {
        for (;;) {
            wsim_record want;
            char name[PATTERN_NAME_MAX + 1], text[PATTERN_TEXT_MAX + 1];
            pattern(next_put, &want, name, text);
            size_t before = wsim_ring_used(ring);
            size_t need = header + (want.name ? strlen(want.name) : 0) + (want.text ? strlen(want.text) : 0);
            int rc = wsim_ring_put_signal_safe(ring, &want);
            if (rc != 0) {
                CHECK(before + need > cap); /* refused only when it did not fit */
                CHECK_INT_EQ(wsim_ring_used(ring), before);
                break;
            }
            next_put++;
        }
        /* Take all but one, so the next round starts mid-circle. */
        while (next_get + 1 < next_put) {
            CHECK_INT_EQ(wsim_ring_get(ring, &got, buf, buf_size), 1);
            CHECK(matches_pattern(next_get, &got));
            next_get++;
        }
    }
    while (wsim_ring_get(ring, &got, buf, buf_size) == 1) {
        CHECK(matches_pattern(next_get, &got));
        next_get++;
    }
    CHECK_INT_EQ(next_get, next_put);
    CHECK_INT_EQ(wsim_ring_used(ring), 0);

    /* A record bigger than the whole ring keeps its name and as much text
     * as fits; a kind that is not a kind is refused. */
    char *long_text = malloc(5000);
    memset(long_text, 'x', 4999);
    long_text[4999] = '\0';
    wsim_record big = fixture_record(WSIM_REC_OUTPUT, 7, 70);
    big.name = "stdout";
    big.text = long_text;
    CHECK_INT_EQ(wsim_ring_put(ring, &big), 0);
    CHECK_INT_EQ(wsim_ring_used(ring), cap);
    CHECK_INT_EQ(wsim_ring_get(ring, &got, buf, buf_size), 1);
    CHECK_STR_EQ(got.name, "stdout");
    CHECK_INT_EQ(strlen(got.text), cap - header - strlen("stdout"));
    wsim_record bad = fixture_record((wsim_record_kind)0, 1, 0);
    CHECK_INT_EQ(wsim_ring_put(ring, &bad), -1);
    bad.kind = (wsim_record_kind)(WSIM_REC_RUN_END + 1);
    CHECK_INT_EQ(wsim_ring_put_signal_safe(ring, &bad), -1);

    /* A strbuf smaller than the strings shortens them, never overflows. */
    wsim_record two = fixture_record(WSIM_REC_CALL, 9, 90);
    two.name = "a-long-function-name";
    two.text = "args";
    CHECK_INT_EQ(wsim_ring_put(ring, &two), 0);
    char small[10];
    CHECK_INT_EQ(wsim_ring_get(ring, &got, small, sizeof small), 1);
    CHECK_STR_EQ(got.name, "a-long-fu");
    CHECK_STR_EQ(got.text, "");
    CHECK_INT_EQ(got.seq, 9);
    /* Once the consumer has given up, a put that would wait returns -1. */
    while (wsim_ring_put_signal_safe(ring, &two) == 0)
        ;
    wsim_ring_close_consumer(ring);
    CHECK_INT_EQ(wsim_ring_put(ring, &two), -1);
    free(long_text);
    free(buf);
    wsim_ring_destroy(ring);

    /* Limits on a big ring: 64 KiB per string, cut at a UTF-8 boundary;
     * a scenario (RUN_START text) up to capacity / 4. */
    const size_t big_cap = (size_t)1 << 20;
    ring = wsim_ring_create(big_cap);
    CHECK(ring != NULL);
    if (!ring)
        return;
    buf_size = wsim_ring_strbuf_size(ring);
    buf = malloc(buf_size);
    size_t huge_len = 300 * 1024;
    char *huge = malloc(huge_len + 1);
    huge[0] = 'a';
    for (size_t j = 1; j + 1 < huge_len; j += 2) { /* "a" then "é" (C3 A9) repeated */
        huge[j] = (char)0xC3;
        huge[j + 1] = (char)0xA9;
    }
    huge[huge_len - 1] = 'z';
    huge[huge_len] = '\0';
    wsim_record call = fixture_record(WSIM_REC_CALL, 11, 110);
    call.name = huge;
    call.text = huge;
    CHECK_INT_EQ(wsim_ring_put(ring, &call), 0);
    CHECK_INT_EQ(wsim_ring_get(ring, &got, buf, buf_size), 1);
    /* Byte 65536 is the second byte of an "é": the cut moves back one. */
    CHECK_INT_EQ(strlen(got.name), WSIM_RING_STRING_MAX - 1);
    CHECK_INT_EQ(strlen(got.text), WSIM_RING_STRING_MAX - 1);
    CHECK(memcmp(got.name, huge, WSIM_RING_STRING_MAX - 1) == 0);

    wsim_record run = fixture_record(WSIM_REC_RUN_START, 1, 0);
    run.name = "run";
    huge[200 * 1024] = '\0'; /* below capacity / 4: whole */
    run.text = huge;
    CHECK_INT_EQ(wsim_ring_put(ring, &run), 0);
    CHECK_INT_EQ(wsim_ring_get(ring, &got, buf, buf_size), 1);
    CHECK_INT_EQ(strlen(got.text), 200 * 1024);
    CHECK(strcmp(got.text, huge) == 0);
    huge[200 * 1024] = 'x';
    CHECK_INT_EQ(wsim_ring_put(ring, &run), 0); /* 300 KiB: cut at 256 KiB */
    CHECK_INT_EQ(wsim_ring_get(ring, &got, buf, buf_size), 1);
    CHECK_INT_EQ(strlen(got.text), big_cap / 4 - 1);
    free(huge);
    free(buf);
    wsim_ring_destroy(ring);
}

/* The parent's drain loop as ring.h describes it.  Checks every record
 * against the pattern, counting them in *next.  Stops after record
 * stop_after (when not 0), or when the producer has closed or exited and
 * the ring is empty; with child <= 0 and stop_after 0, when it is empty. */
static uint64_t drain_checked(wsim_ring *ring, pid_t child, uint64_t *next, int *child_status,
                              uint64_t stop_after)
{
    char *buf = malloc(wsim_ring_strbuf_size(ring));
    wsim_record got;
    int mismatches = 0, exited = 0;
    for (;;) {
        int rc = wsim_ring_get(ring, &got, buf, wsim_ring_strbuf_size(ring));
        if (rc == 1) {
            if (!matches_pattern(*next, &got) && mismatches++ < 5)
                fprintf(stderr, "record %llu does not match the pattern (seq %llu)\n",
                        (unsigned long long)*next, (unsigned long long)got.seq);
            (*next)++;
            if (*next == stop_after)
                break;
            continue;
        }
        CHECK_INT_EQ(rc, 0);
        if (rc < 0 || exited)
            break;
        /* One more pass after the producer closed or died picks up anything
         * it published before; child <= 0 means it is already gone. */
        if (wsim_ring_producer_closed(ring) || (child <= 0 && stop_after == 0) ||
            (child > 0 && waitpid(child, child_status, WNOHANG) == child)) {
            exited = 1;
            continue;
        }
        sched_yield();
    }
    CHECK_INT_EQ(mismatches, 0);
    free(buf);
    return *next;
}

static void test_fork(void)
{
    const uint64_t total = 100000;
    wsim_ring *ring = wsim_ring_create(4096); /* total bytes are ~17 MB */
    CHECK(ring != NULL);
    if (!ring)
        return;
    pid_t child = fork();
    CHECK(child >= 0);
    if (child == 0) {
        for (uint64_t i = 0; i < total; i++) {
            wsim_record r;
            char name[PATTERN_NAME_MAX + 1], text[PATTERN_TEXT_MAX + 1];
            pattern(i, &r, name, text);
            if (wsim_ring_put(ring, &r) != 0)
                _exit(2);
        }
        wsim_ring_close_producer(ring);
        _exit(0);
    }
    uint64_t next = 0;
    int status = -1;
    drain_checked(ring, child, &next, &status, 0);
    CHECK_INT_EQ(next, total);
    CHECK(wsim_ring_producer_closed(ring));
    if (waitpid(child, &status, 0) == child || status != -1) {
        CHECK(WIFEXITED(status));
        CHECK_INT_EQ(WEXITSTATUS(status), 0);
    }
    wsim_ring_destroy(ring);
}

static void test_kill(void)
{
    const size_t cap = 4096;
    wsim_ring *ring = wsim_ring_create(cap);
    /* How many puts the child has completed, in memory the parent can read
     * after the child is gone. */
    _Atomic uint64_t *done = mmap(NULL, sizeof *done, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    CHECK(ring != NULL && done != MAP_FAILED);
    if (!ring || done == MAP_FAILED)
        return;
    atomic_init(done, 0);
    pid_t child = fork();
    CHECK(child >= 0);
    if (child == 0) {
        for (uint64_t i = 0; i < 100000; i++) {
            wsim_record r;
            char name[PATTERN_NAME_MAX + 1], text[PATTERN_TEXT_MAX + 1];
            pattern(i, &r, name, text);
            if (wsim_ring_put(ring, &r) != 0)
                _exit(2);
            atomic_store(done, i + 1);
        }
        wsim_ring_close_producer(ring);
        _exit(0);
    }
    /* First kill point: while the child is producing flat out. */
    uint64_t next = 0;
    drain_checked(ring, -1, &next, NULL, 5000);
    CHECK_INT_EQ(next, 5000);
    /* Then stop reading until the ring is nearly full: the child is now
     * blocked in (or about to enter) a put that cannot fit. */
    size_t biggest = 256 + PATTERN_NAME_MAX + PATTERN_TEXT_MAX;
    while (wsim_ring_used(ring) + biggest < cap)
        sched_yield();
    for (int i = 0; i < 1000; i++)
        sched_yield();
    CHECK_INT_EQ(kill(child, SIGKILL), 0);
    int status = 0;
    CHECK_INT_EQ(waitpid(child, &status, 0), child);
    CHECK(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL);
    uint64_t put = atomic_load(done);
    drain_checked(ring, -1, &next, NULL, 0);
    /* Every completed put is readable; at most one more was published
     * between its head store and the counter update. */
    CHECK(next >= put);
    CHECK(next <= put + 1);
    CHECK(!wsim_ring_producer_closed(ring));
    CHECK_INT_EQ(wsim_ring_used(ring), 0);
    fprintf(stderr, "child killed after %llu puts; parent read %llu records\n", (unsigned long long)put,
            (unsigned long long)next);
    munmap((void *)done, sizeof *done);
    wsim_ring_destroy(ring);
}

/* State for the signal handlers: a test's globals are fine, the ring's are
 * not (ring.c has no mutable file-scope variables). */
static wsim_ring *handler_ring;
static _Atomic int *handler_result;

static void put_from_handler(int sig)
{
    wsim_record r;
    memset(&r, 0, sizeof r);
    r.kind = WSIM_REC_CRASH;
    r.seq = 999999;
    r.host = 0;
    r.process = 0;
    r.thread = 0;
    r.socket = -1;
    r.a[0] = sig;
    r.a[1] = -1;
    r.name = sig == SIGSEGV ? "SIGSEGV" : "SIGUSR1";
    r.text = "from the handler";
    int rc = wsim_ring_put_signal_safe(handler_ring, &r);
    if (handler_result)
        atomic_store(handler_result, rc);
    if (sig == SIGSEGV)
        _exit(rc == 0 ? 40 : 41);
}

static void test_signal_safe(void)
{
    const size_t cap = 4096;
    wsim_ring *ring = wsim_ring_create(cap);
    CHECK(ring != NULL);
    if (!ring)
        return;
    char *buf = malloc(wsim_ring_strbuf_size(ring));
    wsim_record got;

    /* Refuses when full, succeeds again once space is freed. */
    wsim_record r = fixture_record(WSIM_REC_OUTPUT, 1, 0);
    r.name = "stdout";
    r.text = "0123456789012345678901234567890123456789";
    int n = 0;
    while (wsim_ring_put_signal_safe(ring, &r) == 0) {
        n++;
        r.seq++;
    }
    size_t size = wsim_ring_used(ring) / (size_t)n;
    CHECK(n > 1);
    CHECK(wsim_ring_used(ring) + size > cap);
    CHECK_INT_EQ(wsim_ring_put_signal_safe(ring, &r), -1); /* still full */
    CHECK_INT_EQ(wsim_ring_get(ring, &got, buf, wsim_ring_strbuf_size(ring)), 1);
    CHECK_INT_EQ(got.seq, 1);
    CHECK_INT_EQ(wsim_ring_put_signal_safe(ring, &r), 0);
    for (int i = 2; i <= n + 1; i++) {
        CHECK_INT_EQ(wsim_ring_get(ring, &got, buf, wsim_ring_strbuf_size(ring)), 1);
        CHECK_INT_EQ(got.seq, i);
    }
    CHECK_INT_EQ(wsim_ring_get(ring, &got, buf, wsim_ring_strbuf_size(ring)), 0);

    /* From a real signal handler. */
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = put_from_handler;
    sigemptyset(&sa.sa_mask);
    CHECK_INT_EQ(sigaction(SIGUSR1, &sa, NULL), 0);
    handler_ring = ring;
    raise(SIGUSR1);
    CHECK_INT_EQ(wsim_ring_get(ring, &got, buf, wsim_ring_strbuf_size(ring)), 1);
    CHECK_INT_EQ(got.kind, WSIM_REC_CRASH);
    CHECK_STR_EQ(got.name, "SIGUSR1");
    CHECK_STR_EQ(got.text, "from the handler");

    /* A child crashes after 100 records; its handler's record follows them. */
    pid_t child = fork();
    CHECK(child >= 0);
    if (child == 0) {
        struct sigaction segv;
        memset(&segv, 0, sizeof segv);
        segv.sa_handler = put_from_handler;
        sigemptyset(&segv.sa_mask);
        sigaction(SIGSEGV, &segv, NULL);
        for (uint64_t i = 0; i < 100; i++) {
            wsim_record p;
            char name[PATTERN_NAME_MAX + 1], text[PATTERN_TEXT_MAX + 1];
            pattern(i, &p, name, text);
            if (wsim_ring_put(ring, &p) != 0)
                _exit(2);
        }
        raise(SIGSEGV);
        _exit(3);
    }
    uint64_t next = 0;
    int received_crash = 0, status = 0;
    for (;;) {
        int rc = wsim_ring_get(ring, &got, buf, wsim_ring_strbuf_size(ring));
        if (rc == 1) {
            if (got.kind == WSIM_REC_CRASH && got.seq == 999999) {
                CHECK_INT_EQ(next, 100);
                CHECK_STR_EQ(got.name, "SIGSEGV");
                received_crash++;
            } else {
                CHECK(matches_pattern(next, &got));
                next++;
            }
            continue;
        }
        CHECK_INT_EQ(rc, 0);
        if (rc != 0 || waitpid(child, &status, WNOHANG) == child)
            break;
        sched_yield();
    }
    while (wsim_ring_get(ring, &got, buf, wsim_ring_strbuf_size(ring)) == 1) {
        if (got.kind == WSIM_REC_CRASH && got.seq == 999999)
            received_crash++;
        else
            next++;
    }
    CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 40);
    CHECK_INT_EQ(next, 100);
    CHECK_INT_EQ(received_crash, 1);

    /* A handler that interrupts a put waiting for space must not write
     * into the middle of it: it is refused, and the stream stays intact. */
    _Atomic int *shared = mmap(NULL, 2 * sizeof(_Atomic int), PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    CHECK(shared != MAP_FAILED);
    if (shared == MAP_FAILED)
        return;
    _Atomic int *phase = &shared[0];
    handler_result = &shared[1];
    atomic_init(phase, 0);
    atomic_init(handler_result, -2);
    char *big_text = malloc(2001);
    memset(big_text, 'b', 2000);
    big_text[2000] = '\0';
    child = fork();
    CHECK(child >= 0);
    if (child == 0) {
        for (uint64_t i = 0; i < 15; i++) {
            wsim_record p = fixture_record(WSIM_REC_OUTPUT, i + 1, 0);
            p.name = "stdout";
            p.text = "a line of about a hundred bytes......................................................";
            wsim_ring_put(ring, &p);
        }
        wsim_record p = fixture_record(WSIM_REC_OUTPUT, 16, 0);
        p.name = "stdout";
        p.text = big_text; /* cannot fit until the parent reads */
        atomic_store(phase, 1);
        wsim_ring_put(ring, &p);
        wsim_ring_close_producer(ring);
        _exit(0);
    }
    while (atomic_load(phase) != 1)
        sched_yield();
    for (int i = 0; i < 10000; i++)
        sched_yield();
    CHECK_INT_EQ(kill(child, SIGUSR1), 0);
    while (atomic_load(handler_result) == -2)
        sched_yield();
    CHECK_INT_EQ(atomic_load(handler_result), -1);
    uint64_t seq = 1;
    for (;;) {
        int rc = wsim_ring_get(ring, &got, buf, wsim_ring_strbuf_size(ring));
        if (rc == 1) {
            CHECK_INT_EQ(got.seq, seq);
            seq++;
            continue;
        }
        CHECK_INT_EQ(rc, 0);
        if (rc != 0 || waitpid(child, &status, WNOHANG) == child)
            break;
        sched_yield();
    }
    while (wsim_ring_get(ring, &got, buf, wsim_ring_strbuf_size(ring)) == 1)
        seq++;
    CHECK_INT_EQ(seq, 17);
    CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0);
    handler_result = NULL;
    munmap((void *)shared, 2 * sizeof(_Atomic int));
    free(big_text);
    free(buf);
    wsim_ring_destroy(ring);
}

static const test_case cases[] = {
    {"roundtrip", test_roundtrip},
    {"fork", test_fork},
    {"kill", test_kill},
    {"signal_safe", test_signal_safe},
};

int main(int argc, char **argv)
{
    return test_main(argc, argv, cases, sizeof cases / sizeof cases[0], NULL);
}
