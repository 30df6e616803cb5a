/* bench_kernel.c — speed figures for the kernel's hot paths.
 *
 * Owns: the wall-clock measurements of the fiber switch and of the event
 * queue's schedule+pop cycle under a realistic queue depth.  This is the only
 * place wsim reads a clock for timing; tests never do, so they cannot flake
 * on a slow machine.
 *
 * Usage: bench_kernel   (prints one line per figure)
 */
#include "sim/fiber.h"
#include "sim/queue.h"
#include "sim/rng.h"

#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static double now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e9 + (double)ts.tv_nsec;
}

/* ---- fiber switch: main and one fiber hand control back and forth */

enum { ROUND_TRIPS = 2000000, WARMUP_ROUND_TRIPS = 10000 };

typedef struct bouncer {
    wsim_fiber *main, *self;
} bouncer;

static void bounce_forever(void *arg)
{
    bouncer *b = arg;
    for (;;)
        wsim_fiber_switch(b->self, b->main);
}

static int bench_fiber_switch(void)
{
    bouncer b;
    b.main = wsim_fiber_new_main();
    b.self = wsim_fiber_create(WSIM_FIBER_DEFAULT_STACK, bounce_forever, &b, b.main);
    if (!b.main || !b.self) {
        fprintf(stderr, "bench_kernel: cannot create fibers\n");
        return -1;
    }
    for (int i = 0; i < WARMUP_ROUND_TRIPS; i++)
        wsim_fiber_switch(b.main, b.self);
    double start = now_ns();
    for (int i = 0; i < ROUND_TRIPS; i++)
        wsim_fiber_switch(b.main, b.self);
    double elapsed = now_ns() - start;
    printf("fiber switch:       %6.1f ns per switch (%d switches)\n",
           elapsed / (2.0 * ROUND_TRIPS), 2 * ROUND_TRIPS);
    /* The bouncer is parked mid-loop; it is never resumed, so freeing it is
     * allowed. */
    wsim_fiber_free(b.self);
    wsim_fiber_free(b.main);
    return 0;
}

/* ---- queue: pop the earliest timer and re-schedule it later, at depth 10^5 */

enum { QUEUED = 100000, CYCLES = 2000000, DELAYS = 4096, HORIZON_NS = 1000000 };

static void fire_nothing(wsim_timer *timer)
{
    (void)timer;
}

static int bench_queue(void)
{
    wsim_timer *timers = malloc(QUEUED * sizeof *timers);
    int64_t *delays = malloc(DELAYS * sizeof *delays);
    if (!timers || !delays) {
        fprintf(stderr, "bench_kernel: out of memory\n");
        free(timers);
        free(delays);
        return -1;
    }
    /* Random numbers are drawn before timing starts, so the figure is the
     * queue's alone. */
    wsim_rng rng;
    wsim_rng_init(&rng, 1, 0, 0);
    for (int i = 0; i < DELAYS; i++)
        delays[i] = 1 + (int64_t)wsim_rng_below(&rng, HORIZON_NS);
    wsim_queue queue;
    wsim_queue_init(&queue);
    for (int i = 0; i < QUEUED; i++) {
        wsim_timer_init(&timers[i], fire_nothing);
        if (wsim_queue_schedule(&queue, &timers[i], delays[i % DELAYS] + i % 7) != 0) {
            fprintf(stderr, "bench_kernel: out of memory\n");
            wsim_queue_free(&queue);
            free(delays);
            free(timers);
            return -1;
        }
    }
    double start = now_ns();
    for (int i = 0; i < CYCLES; i++) {
        wsim_timer *next = wsim_queue_pop(&queue);
        wsim_queue_schedule(&queue, next, next->when_ns + delays[i % DELAYS]);
    }
    double elapsed = now_ns() - start;
    printf("queue schedule+pop: %6.1f ns per pair (%d pairs, %d timers queued)\n",
           elapsed / CYCLES, CYCLES, QUEUED);
    wsim_queue_free(&queue);
    free(delays);
    free(timers);
    return 0;
}

int main(void)
{
    int failed = bench_fiber_switch() != 0;
    failed |= bench_queue() != 0;
    return failed;
}
