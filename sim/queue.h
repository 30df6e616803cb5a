/* queue.h — the event queue of the discrete-event kernel.
 *
 * Owns: the order in which things happen.  Events are ordered by virtual time
 * and, for equal times, by the order in which they were scheduled (a counter
 * taken at schedule time), so equal-time events run first-in first-out and a
 * run never depends on pointer values or heap layout.
 *
 * Events are intrusive: a wsim_timer lives inside the object that owns it (a
 * packet, a socket, a fiber), so scheduling allocates nothing.  A timer is in
 * the queue at most once; scheduling a queued timer moves it.
 *
 * Invariants (checked in checked builds, sim/check.h):
 *   Q1  virtual time never goes back: every event the scheduler runs is due
 *       at or after the current time (sim/sim.c, wsim_sim_run);
 *   Q2  ties run in insertion order: an event that leaves the queue at the
 *       same time as the one before it was scheduled after it;
 *   Q3  the heap is whole: the timer at each place the queue touches knows
 *       its place, and its parent fires no later than it.
 * wsim_queue_check_place checks Q3 at one place; pop checks Q2.
 */
#ifndef WSIM_SIM_QUEUE_H
#define WSIM_SIM_QUEUE_H

#include <stddef.h>
#include <stdint.h>

typedef struct wsim_timer wsim_timer;
typedef void (*wsim_timer_fn)(wsim_timer *timer);

struct wsim_timer {
    int64_t when_ns;        /* virtual time at which it fires */
    uint64_t order;         /* tie-break: schedule counter */
    size_t heap_index;      /* position in the heap; WSIM_TIMER_IDLE when not queued */
    wsim_timer_fn fire;     /* called once when the timer is popped */
};

#define WSIM_TIMER_IDLE ((size_t)-1)

typedef struct wsim_queue {
    wsim_timer **heap;      /* binary min-heap on (when_ns, order) */
    size_t count;
    size_t capacity;
    uint64_t next_order;
    int64_t last_when_ns;   /* the last popped timer's key (Q2), checked builds only */
    uint64_t last_order;
} wsim_queue;

void wsim_timer_init(wsim_timer *timer, wsim_timer_fn fire);
static inline int wsim_timer_pending(const wsim_timer *timer)
{
    return timer->heap_index != WSIM_TIMER_IDLE;
}

void wsim_queue_init(wsim_queue *queue);
void wsim_queue_free(wsim_queue *queue);

/* Queues (or re-queues) timer to fire at when_ns.  Returns 0, or -1 when
 * memory for the heap cannot be had. */
int wsim_queue_schedule(wsim_queue *queue, wsim_timer *timer, int64_t when_ns);
/* Empties the queue, marking every timer in it idle (the owners are about
 * to be freed, in any order). */
void wsim_queue_clear(wsim_queue *queue);
/* Removes timer if queued; harmless otherwise. */
void wsim_queue_cancel(wsim_queue *queue, wsim_timer *timer);
/* `idle` (not queued) takes the place of `queued`, with its time and its
 * place among equal times; `queued` leaves the queue.  The scheduler uses it
 * to change which of two threads due at one instant runs first (sim.c). */
void wsim_queue_replace(wsim_queue *queue, wsim_timer *queued, wsim_timer *idle);
/* The earliest timer, or NULL when empty.  pop also removes it. */
wsim_timer *wsim_queue_peek(const wsim_queue *queue);
wsim_timer *wsim_queue_pop(wsim_queue *queue);
/* Q3 at heap place `index` (< count); a no-op in unchecked builds. */
void wsim_queue_check_place(const wsim_queue *queue, size_t index);

#endif
