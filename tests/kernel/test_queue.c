/* test_queue.c — unit tests of the event queue (sim/queue.c).
 *
 * Owns: the queue's ordering contract — (when_ns, schedule order), FIFO among
 * equal times, re-scheduling goes to the back — checked directly and against
 * a plain array model under a long random mix of operations.
 *
 * Usage: kernel_test_queue <case>; see the table at the end.
 */
#include "sim/queue.h"
#include "sim/rng.h"
#include "tests/support/cases.h"

#include <stdlib.h>

/* Pop never fires a timer (the run loop does), so the fire function only has
 * to exist. */
static void fire_nothing(wsim_timer *timer)
{
    (void)timer;
}

static void case_fifo(void)
{
    enum { N = 100 };
    wsim_timer timers[N];
    wsim_queue queue;
    wsim_queue_init(&queue);
    /* Scheduled in reverse index order at one instant; a later instant
     * scheduled first must still come last. */
    wsim_timer late;
    wsim_timer_init(&late, fire_nothing);
    CHECK_INT_EQ(wsim_queue_schedule(&queue, &late, 2000), 0);
    for (int i = N - 1; i >= 0; i--) {
        wsim_timer_init(&timers[i], fire_nothing);
        CHECK_INT_EQ(wsim_queue_schedule(&queue, &timers[i], 1000), 0);
    }
    for (int i = N - 1; i >= 0; i--)
        CHECK(wsim_queue_pop(&queue) == &timers[i]);
    CHECK(wsim_queue_pop(&queue) == &late);
    CHECK(wsim_queue_pop(&queue) == NULL);
    wsim_queue_free(&queue);
}

static void case_reschedule_moves_behind(void)
{
    wsim_timer a, b, c;
    wsim_timer_init(&a, fire_nothing);
    wsim_timer_init(&b, fire_nothing);
    wsim_timer_init(&c, fire_nothing);
    wsim_queue queue;
    wsim_queue_init(&queue);
    wsim_queue_schedule(&queue, &a, 5);
    wsim_queue_schedule(&queue, &b, 5);
    wsim_queue_schedule(&queue, &c, 5);
    CHECK(wsim_queue_peek(&queue) == &a);
    /* Same time again: a goes behind b and c. */
    wsim_queue_schedule(&queue, &a, 5);
    CHECK_INT_EQ(queue.count, 3);
    CHECK(wsim_queue_pop(&queue) == &b);
    /* Earlier time: c moves to the front. */
    wsim_queue_schedule(&queue, &c, 1);
    CHECK(wsim_queue_pop(&queue) == &c);
    CHECK(wsim_queue_pop(&queue) == &a);
    CHECK(wsim_queue_peek(&queue) == NULL);
    wsim_queue_free(&queue);
}

static void case_cancel(void)
{
    wsim_timer a, b;
    wsim_timer_init(&a, fire_nothing);
    wsim_timer_init(&b, fire_nothing);
    wsim_queue queue;
    wsim_queue_init(&queue);
    CHECK(!wsim_timer_pending(&a));
    wsim_queue_cancel(&queue, &a); /* idle: harmless */
    wsim_queue_schedule(&queue, &a, 10);
    wsim_queue_schedule(&queue, &b, 20);
    CHECK(wsim_timer_pending(&a));
    wsim_queue_cancel(&queue, &a);
    wsim_queue_cancel(&queue, &a); /* twice: harmless */
    CHECK(!wsim_timer_pending(&a));
    CHECK_INT_EQ(queue.count, 1);
    CHECK(wsim_queue_pop(&queue) == &b);
    CHECK(!wsim_timer_pending(&b));
    CHECK(wsim_queue_pop(&queue) == NULL);
    /* Freeing a queue that still holds timers releases its array only. */
    wsim_queue_schedule(&queue, &a, 30);
    wsim_queue_free(&queue);
    CHECK_INT_EQ(queue.count, 0);
}

/* The reference model: per timer, whether it is queued and its key.  The
 * next timer is found by a linear scan for the least (when, order). */
typedef struct model_slot {
    int queued;
    int64_t when_ns;
    uint64_t order;
} model_slot;

static int model_first(const model_slot *slots, int n)
{
    int first = -1;
    for (int i = 0; i < n; i++) {
        if (!slots[i].queued)
            continue;
        if (first < 0 || slots[i].when_ns < slots[first].when_ns ||
            (slots[i].when_ns == slots[first].when_ns && slots[i].order < slots[first].order))
            first = i;
    }
    return first;
}

static void case_model(void)
{
    /* Few timers and a narrow time range, so most operations hit a queued
     * timer and equal times are common. */
    enum { TIMERS = 64, OPERATIONS = 10000, TIME_RANGE = 40 };
    wsim_timer timers[TIMERS];
    model_slot slots[TIMERS] = {{0}};
    uint64_t model_order = 0;
    size_t model_count = 0;
    wsim_queue queue;
    wsim_queue_init(&queue);
    for (int i = 0; i < TIMERS; i++)
        wsim_timer_init(&timers[i], fire_nothing);

    wsim_rng rng;
    wsim_rng_init(&rng, 20240601, 1, 0);
    int pops = 0, mismatches = 0;
    for (int op = 0; op < OPERATIONS; op++) {
        uint64_t kind = wsim_rng_below(&rng, 10);
        int id = (int)wsim_rng_below(&rng, TIMERS);
        if (kind < 5) {
            int64_t when = (int64_t)wsim_rng_below(&rng, TIME_RANGE);
            if (wsim_queue_schedule(&queue, &timers[id], when) != 0)
                mismatches++;
            if (!slots[id].queued)
                model_count++;
            slots[id] = (model_slot){1, when, model_order++};
        } else if (kind < 7) {
            wsim_queue_cancel(&queue, &timers[id]);
            if (slots[id].queued)
                model_count--;
            slots[id].queued = 0;
        } else {
            int expected = model_first(slots, TIMERS);
            wsim_timer *popped = wsim_queue_pop(&queue);
            if (expected < 0) {
                if (popped != NULL)
                    mismatches++;
            } else {
                pops++;
                if (popped != &timers[expected])
                    mismatches++;
                slots[expected].queued = 0;
                model_count--;
            }
        }
        if (queue.count != model_count)
            mismatches++;
        for (int i = 0; i < TIMERS; i++) {
            if (wsim_timer_pending(&timers[i]) != slots[i].queued)
                mismatches++;
            if (slots[i].queued &&
                (timers[i].when_ns != slots[i].when_ns || timers[i].order != slots[i].order))
                mismatches++;
        }
        int expected_first = model_first(slots, TIMERS);
        if (wsim_queue_peek(&queue) != (expected_first < 0 ? NULL : &timers[expected_first]))
            mismatches++;
        if (mismatches) {
            fprintf(stderr, "diverged from the model at operation %d\n", op);
            break;
        }
    }
    CHECK_INT_EQ(mismatches, 0);
    CHECK(pops > OPERATIONS / 10); /* the mix really exercised pop */
    CHECK_INT_EQ(queue.next_order, model_order);
    wsim_queue_free(&queue);
}

static void case_non_decreasing(void)
{
    /* Enough timers to make the array grow many times. */
    enum { N = 100000 };
    wsim_timer *timers = malloc(N * sizeof *timers);
    CHECK(timers != NULL);
    if (!timers)
        return;
    wsim_queue queue;
    wsim_queue_init(&queue);
    wsim_rng rng;
    wsim_rng_init(&rng, 7, 2, 0);
    for (int i = 0; i < N; i++) {
        wsim_timer_init(&timers[i], fire_nothing);
        CHECK_INT_EQ(wsim_queue_schedule(&queue, &timers[i], (int64_t)wsim_rng_below(&rng, 5000)), 0);
    }
    /* Cancel every third so removal from the middle is part of the mix. */
    for (int i = 0; i < N; i += 3)
        wsim_queue_cancel(&queue, &timers[i]);
    size_t expected = N - (N + 2) / 3;
    CHECK_INT_EQ(queue.count, expected);

    size_t popped = 0, out_of_order = 0;
    const wsim_timer *previous = NULL;
    for (wsim_timer *t; (t = wsim_queue_pop(&queue)) != NULL; previous = t) {
        popped++;
        if (previous && (t->when_ns < previous->when_ns ||
                         (t->when_ns == previous->when_ns && t->order <= previous->order)))
            out_of_order++;
    }
    CHECK_INT_EQ(popped, expected);
    CHECK_INT_EQ(out_of_order, 0);
    wsim_queue_free(&queue);
    free(timers);
}

static const test_case cases[] = {
    {"fifo", case_fifo},
    {"reschedule_moves_behind", case_reschedule_moves_behind},
    {"cancel", case_cancel},
    {"model", case_model},
    {"non_decreasing", case_non_decreasing},
};

int main(int argc, char **argv)
{
    return test_main(argc, argv, cases, sizeof cases / sizeof cases[0], NULL);
}
