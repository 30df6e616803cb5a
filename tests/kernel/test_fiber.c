/* test_fiber.c — unit tests of fibers (sim/fiber.c).
 *
 * Owns: the switching contract (who runs after whom, where a returning fiber
 * goes), stack capacity and the guard page, creating and freeing many
 * fibers, and that each fiber keeps its own floating-point control state.
 *
 * Usage: kernel_test_fiber <case>; see the table at the end.
 */
#define _GNU_SOURCE /* sigaltstack, SA_ONSTACK */

#include "sim/fiber.h"
#include "tests/support/cases.h"

#include <fenv.h>
#include <limits.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#if defined(__SANITIZE_ADDRESS__)
#define UNDER_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define UNDER_ASAN 1
#endif
#endif

/* ---- ping-pong: main -> a -> b -> main -> a -> b (returns) -> main ... */

typedef struct ping_pong {
    wsim_fiber *main, *a, *b;
    int steps[16];
    int count;
} ping_pong;

static void step(ping_pong *p, int number)
{
    if (p->count < (int)(sizeof p->steps / sizeof p->steps[0]))
        p->steps[p->count++] = number;
}

static void ping(void *arg)
{
    ping_pong *p = arg;
    step(p, 1);
    wsim_fiber_switch(p->a, p->b);
    step(p, 4);
    wsim_fiber_switch(p->a, p->b);
    step(p, 7);
}

static void pong(void *arg)
{
    ping_pong *p = arg;
    step(p, 2);
    wsim_fiber_switch(p->b, p->main);
    step(p, 5);
}

static void case_ping_pong(void)
{
    ping_pong p = {0};
    p.main = wsim_fiber_new_main();
    p.a = wsim_fiber_create(WSIM_FIBER_DEFAULT_STACK, ping, &p, p.main);
    p.b = wsim_fiber_create(WSIM_FIBER_DEFAULT_STACK, pong, &p, p.main);
    CHECK(p.main && p.a && p.b);
    if (!p.main || !p.a || !p.b)
        return;
    step(&p, 0);
    wsim_fiber_switch(p.main, p.a);
    step(&p, 3);
    wsim_fiber_switch(p.main, p.a);
    /* b returned after step 5 and came back here through exit_to. */
    step(&p, 6);
    CHECK(wsim_fiber_finished(p.b));
    CHECK(!wsim_fiber_finished(p.a));
    wsim_fiber_switch(p.main, p.a);
    step(&p, 8);
    CHECK(wsim_fiber_finished(p.a));
    CHECK(!wsim_fiber_finished(p.main));

    CHECK_INT_EQ(p.count, 9);
    for (int i = 0; i < p.count; i++)
        CHECK_INT_EQ(p.steps[i], i);
    wsim_fiber_free(p.a);
    wsim_fiber_free(p.b);
    wsim_fiber_free(p.main);
}

/* ---- a returning fiber continues at exit_to, whichever fiber that is */

typedef struct relay {
    wsim_fiber *main, *worker, *successor;
    int worker_done;
    int successor_saw_worker_finished;
} relay;

static void relay_worker(void *arg)
{
    relay *r = arg;
    r->worker_done = 1;
}

static void relay_successor(void *arg)
{
    relay *r = arg;
    r->successor_saw_worker_finished = wsim_fiber_finished(r->worker);
    wsim_fiber_switch(r->successor, r->main);
}

static void case_return_to_exit(void)
{
    relay r = {0};
    r.main = wsim_fiber_new_main();
    r.successor = wsim_fiber_create(WSIM_FIBER_DEFAULT_STACK, relay_successor, &r, r.main);
    r.worker = wsim_fiber_create(WSIM_FIBER_DEFAULT_STACK, relay_worker, &r, r.successor);
    CHECK(r.main && r.successor && r.worker);
    if (!r.main || !r.successor || !r.worker)
        return;
    CHECK(!wsim_fiber_finished(r.worker));
    wsim_fiber_switch(r.main, r.worker);
    CHECK(r.worker_done);
    CHECK(r.successor_saw_worker_finished);
    CHECK(wsim_fiber_finished(r.worker));
    CHECK(!wsim_fiber_finished(r.successor));
    wsim_fiber_switch(r.main, r.successor);
    CHECK(wsim_fiber_finished(r.successor));
    wsim_fiber_free(r.worker);
    wsim_fiber_free(r.successor);
    wsim_fiber_free(r.main);
}

/* ---- switch_final: a fiber that leaves early never resumes */

typedef struct early_exit {
    wsim_fiber *main, *self;
    int before, after;
} early_exit;

static void leave_early(void *arg)
{
    early_exit *e = arg;
    e->before = 1;
    wsim_fiber_switch_final(e->self, e->main);
    e->after = 1;
}

static void case_switch_final(void)
{
    early_exit e = {0};
    e.main = wsim_fiber_new_main();
    e.self = wsim_fiber_create(WSIM_FIBER_DEFAULT_STACK, leave_early, &e, e.main);
    CHECK(e.main && e.self);
    if (!e.main || !e.self)
        return;
    wsim_fiber_switch(e.main, e.self);
    CHECK(e.before);
    CHECK(!e.after);
    CHECK(wsim_fiber_finished(e.self));
    wsim_fiber_free(e.self);
    wsim_fiber_free(e.main);
}

/* ---- a thousand fibers, each run in two slices */

typedef struct sliced {
    wsim_fiber *main, *self;
    int *slices_run;
} sliced;

static void two_slices(void *arg)
{
    sliced *s = arg;
    (*s->slices_run)++;
    wsim_fiber_switch(s->self, s->main);
    (*s->slices_run)++;
}

static void case_many(void)
{
    enum { N = 1000 };
    int slices_run = 0;
    wsim_fiber *main_fiber = wsim_fiber_new_main();
    sliced *fibers = calloc(N, sizeof *fibers);
    CHECK(main_fiber && fibers);
    if (!main_fiber || !fibers)
        return;
    int created = 0;
    for (int i = 0; i < N; i++) {
        fibers[i].main = main_fiber;
        fibers[i].slices_run = &slices_run;
        fibers[i].self = wsim_fiber_create(WSIM_FIBER_DEFAULT_STACK, two_slices, &fibers[i], main_fiber);
        created += fibers[i].self != NULL;
    }
    CHECK_INT_EQ(created, N);
    if (created != N)
        return;
    for (int round = 0; round < 2; round++)
        for (int i = 0; i < N; i++)
            wsim_fiber_switch(main_fiber, fibers[i].self);
    CHECK_INT_EQ(slices_run, 2 * N);
    int finished = 0;
    for (int i = 0; i < N; i++) {
        finished += wsim_fiber_finished(fibers[i].self);
        wsim_fiber_free(fibers[i].self);
    }
    CHECK_INT_EQ(finished, N);
    free(fibers);
    wsim_fiber_free(main_fiber);
}

/* ---- deep recursion uses most of a 1 MiB stack */

enum { RECURSION_FRAME = 1024, RECURSION_TARGET = 900 * 1024, RECURSION_CAP = 100000 };

typedef struct recursion {
    wsim_fiber *self;
    uintptr_t start;       /* a frame address near the top of the stack */
    unsigned deepest;
    uintptr_t used;
    uint64_t sum, expected_sum;
    int frame_in_guard;
} recursion;

/* Each frame fills a 1 KiB buffer and reads it back after the recursive call,
 * so the frames really are on the stack and the call is not a tail call. */
static uint64_t recurse(recursion *r, unsigned depth)
{
    volatile unsigned char buffer[RECURSION_FRAME];
    for (int i = 0; i < RECURSION_FRAME; i++)
        buffer[i] = (unsigned char)(depth + (unsigned)i);
    uint64_t sum = 0;
    uintptr_t here = (uintptr_t)__builtin_frame_address(0);
    r->frame_in_guard |= wsim_fiber_guard_contains(r->self, (const void *)here);
    if (r->start - here < RECURSION_TARGET && depth < RECURSION_CAP) {
        sum = recurse(r, depth + 1);
    } else {
        r->deepest = depth;
        r->used = r->start - here;
    }
    return sum + buffer[depth % RECURSION_FRAME];
}

static void recurse_deeply(void *arg)
{
    recursion *r = arg;
    r->start = (uintptr_t)__builtin_frame_address(0);
    r->sum = recurse(r, 0);
    for (unsigned depth = 0; depth <= r->deepest; depth++)
        r->expected_sum += (unsigned char)(depth + depth % RECURSION_FRAME);
}

static void case_deep_recursion(void)
{
    recursion r = {0};
    wsim_fiber *main_fiber = wsim_fiber_new_main();
    r.self = wsim_fiber_create(WSIM_FIBER_DEFAULT_STACK, recurse_deeply, &r, main_fiber);
    CHECK(main_fiber && r.self);
    if (!main_fiber || !r.self)
        return;
    wsim_fiber_switch(main_fiber, r.self);
    CHECK(wsim_fiber_finished(r.self));
    CHECK(r.used >= RECURSION_TARGET);
    CHECK(r.deepest < RECURSION_CAP);
    CHECK(r.sum == r.expected_sum);
    CHECK(!r.frame_in_guard);
    wsim_fiber_free(r.self);
    wsim_fiber_free(main_fiber);
}

/* ---- overflow faults in the guard page (in a child process) */

#if defined(UNDER_ASAN)
/* ASan installs its own SIGSEGV handling and reports the overflow itself. */
static void case_guard_overflow(void)
{
    exit(WSIM_TEST_SKIP);
}
#else
/* The handler gets no argument, so it finds the fiber here. */
static wsim_fiber *volatile overflowing_fiber;

enum { OVERFLOW_OK = 0, OVERFLOW_OUTSIDE_GUARD = 3, OVERFLOW_NO_FAULT = 4, OVERFLOW_SETUP = 5 };

static void on_overflow_fault(int signal_number, siginfo_t *info, void *context)
{
    (void)signal_number;
    (void)context;
    _exit(wsim_fiber_guard_contains(overflowing_fiber, info->si_addr) ? OVERFLOW_OK
                                                                      : OVERFLOW_OUTSIDE_GUARD);
}

/* Frames far smaller than a page, so the first access below the stack lands
 * in the guard page rather than beyond it.  The result passes through a
 * volatile slot after the call, which keeps the recursion from becoming a
 * loop; the depth cap only turns a missing fault into a failure, not a hang. */
static unsigned overflow(unsigned depth)
{
    volatile unsigned frame[32];
    frame[0] = depth;
    if (depth >= 1u << 22)
        return 0;
    frame[1] = overflow(depth + 1);
    return frame[0] + frame[1];
}

static void overflow_fiber(void *arg)
{
    (void)arg;
    overflow(0);
}

static void overflow_child(void)
{
    enum { ALT_STACK = 64 * 1024 };
    stack_t alt = {.ss_sp = malloc(ALT_STACK), .ss_size = ALT_STACK};
    struct sigaction action = {.sa_sigaction = on_overflow_fault, .sa_flags = SA_SIGINFO | SA_ONSTACK};
    sigemptyset(&action.sa_mask);
    wsim_fiber *main_fiber = wsim_fiber_new_main();
    overflowing_fiber = wsim_fiber_create(64 * 1024, overflow_fiber, NULL, main_fiber);
    if (!alt.ss_sp || sigaltstack(&alt, NULL) != 0 || sigaction(SIGSEGV, &action, NULL) != 0 ||
        !main_fiber || !overflowing_fiber)
        _exit(OVERFLOW_SETUP);
    wsim_fiber_switch(main_fiber, overflowing_fiber);
    _exit(OVERFLOW_NO_FAULT);
}

static void case_guard_overflow(void)
{
    fflush(NULL);
    pid_t child = fork();
    CHECK(child >= 0);
    if (child == 0)
        overflow_child();
    int status = 0;
    CHECK(waitpid(child, &status, 0) == child);
    CHECK(WIFEXITED(status));
    CHECK_INT_EQ(WEXITSTATUS(status), OVERFLOW_OK);
}
#endif

/* ---- each fiber has its own rounding mode (MXCSR and x87 control word) */

typedef struct rounding {
    wsim_fiber *main, *self;
    int initial_mode;
    double upward_third;
    int mode_after_resume;
    double third_after_resume;
} rounding;

/* volatile operands keep the division at run time, under the current mode. */
static double one_third(void)
{
    volatile double one = 1.0, three = 3.0;
    return one / three;
}

static void round_upward(void *arg)
{
    rounding *r = arg;
    r->initial_mode = fegetround();
    fesetround(FE_UPWARD);
    r->upward_third = one_third();
    wsim_fiber_switch(r->self, r->main);
    r->mode_after_resume = fegetround();
    r->third_after_resume = one_third();
}

static void case_float_state(void)
{
    rounding r = {0};
    r.main = wsim_fiber_new_main();
    r.self = wsim_fiber_create(WSIM_FIBER_DEFAULT_STACK, round_upward, &r, r.main);
    CHECK(r.main && r.self);
    if (!r.main || !r.self)
        return;
    const double nearest_third = one_third();
    /* On x86-64 a fresh fiber starts from the ABI default, not from its
     * creator's mode.  (The ucontext fallback starts from whatever mode
     * getcontext saw when the fiber was created.) */
    fesetround(FE_DOWNWARD);
    wsim_fiber_switch(r.main, r.self);
    CHECK_INT_EQ(fegetround(), FE_DOWNWARD);
    fesetround(FE_TONEAREST);
#if defined(__x86_64__)
    CHECK_INT_EQ(r.initial_mode, FE_TONEAREST);
#endif
    CHECK(r.upward_third > nearest_third);
    CHECK(one_third() == nearest_third);
    wsim_fiber_switch(r.main, r.self);
    CHECK(wsim_fiber_finished(r.self));
    CHECK_INT_EQ(r.mode_after_resume, FE_UPWARD);
    CHECK(r.third_after_resume == r.upward_third);
    CHECK_INT_EQ(fegetround(), FE_TONEAREST);
    CHECK(one_third() == nearest_third);
    wsim_fiber_free(r.self);
    wsim_fiber_free(r.main);
}

static const test_case cases[] = {
    {"ping_pong", case_ping_pong},
    {"return_to_exit", case_return_to_exit},
    {"switch_final", case_switch_final},
    {"many", case_many},
    {"deep_recursion", case_deep_recursion},
    {"guard_overflow", case_guard_overflow},
    {"float_state", case_float_state},
};

int main(int argc, char **argv)
{
    return test_main(argc, argv, cases, sizeof cases / sizeof cases[0], NULL);
}
