/* queue.c — the event queue of the discrete-event kernel (see queue.h).
 *
 * Owns: the binary min-heap of wsim_timer pointers keyed on (when_ns, order).
 * Every timer knows its own slot (heap_index), so cancelling or re-scheduling
 * a queued timer is O(log n) without searching.  The only allocation is the
 * pointer array, grown geometrically; scheduling an event never allocates
 * once the array is large enough.
 */
#include "sim/queue.h"

#include "sim/check.h"

#include <stdlib.h>

/* The first growth allocates this many slots; a simulation with any traffic
 * needs at least that many, and a smaller start only adds reallocations. */
#define INITIAL_CAPACITY 64

void wsim_timer_init(wsim_timer *timer, wsim_timer_fn fire)
{
    timer->when_ns = 0;
    timer->order = 0;
    timer->heap_index = WSIM_TIMER_IDLE;
    timer->fire = fire;
}

void wsim_queue_init(wsim_queue *queue)
{
    queue->heap = NULL;
    queue->count = 0;
    queue->capacity = 0;
    queue->next_order = 0;
    queue->last_when_ns = INT64_MIN;   /* nothing popped yet */
    queue->last_order = 0;
}

/* The timers still queued are not touched: their owners may already have
 * been freed during teardown. */
void wsim_queue_free(wsim_queue *queue)
{
    free(queue->heap);
    wsim_queue_init(queue);
}

/* (when_ns, order) is a total order because order is unique per schedule, so
 * the pop sequence is fully determined by the schedule calls. */
static inline int key_less(int64_t a_when_ns, uint64_t a_order, int64_t b_when_ns, uint64_t b_order)
{
    return a_when_ns < b_when_ns || (a_when_ns == b_when_ns && a_order < b_order);
}

static inline int fires_before(const wsim_timer *a, const wsim_timer *b)
{
    return key_less(a->when_ns, a->order, b->when_ns, b->order);
}

static void place(wsim_queue *queue, size_t index, wsim_timer *timer)
{
    queue->heap[index] = timer;
    timer->heap_index = index;
}

/* The sift loops keep the array, the count and the moving timer's key in
 * locals: heap_index is a size_t, which may alias when_ns, order and count,
 * so every store to it would otherwise force those to be reloaded. */

/* Moves the timer at index towards the root until its parent fires first.
 * Returns nonzero when it moved. */
static int sift_up(wsim_queue *queue, size_t index)
{
    wsim_timer **heap = queue->heap;
    wsim_timer *timer = heap[index];
    const int64_t when_ns = timer->when_ns;
    const uint64_t order = timer->order;
    const size_t start = index;
    while (index > 0) {
        size_t parent = (index - 1) / 2;
        wsim_timer *above = heap[parent];
        if (!key_less(when_ns, order, above->when_ns, above->order))
            break;
        heap[index] = above;
        above->heap_index = index;
        index = parent;
    }
    heap[index] = timer;
    timer->heap_index = index;
    return index != start;
}

static void sift_down(wsim_queue *queue, size_t index)
{
    wsim_timer **heap = queue->heap;
    const size_t count = queue->count;
    wsim_timer *timer = heap[index];
    const int64_t when_ns = timer->when_ns;
    const uint64_t order = timer->order;
    for (;;) {
        size_t child = 2 * index + 1;
        if (child >= count)
            break;
        wsim_timer *below = heap[child];
        if (child + 1 < count && fires_before(heap[child + 1], below))
            below = heap[++child];
        if (!key_less(below->when_ns, below->order, when_ns, order))
            break;
        heap[index] = below;
        below->heap_index = index;
        index = child;
    }
    heap[index] = timer;
    timer->heap_index = index;
}

/* Restores the heap after the key of the timer at index changed in either
 * direction. */
static void reposition(wsim_queue *queue, size_t index)
{
    if (!sift_up(queue, index))
        sift_down(queue, index);
}

static int grow(wsim_queue *queue)
{
    if (queue->capacity > SIZE_MAX / 2 / sizeof *queue->heap)
        return -1;
    size_t capacity = queue->capacity ? queue->capacity * 2 : INITIAL_CAPACITY;
    wsim_timer **heap = realloc(queue->heap, capacity * sizeof *heap);
    if (!heap)
        return -1;
    queue->heap = heap;
    queue->capacity = capacity;
    return 0;
}

int wsim_queue_schedule(wsim_queue *queue, wsim_timer *timer, int64_t when_ns)
{
    if (!wsim_timer_pending(timer) && queue->count == queue->capacity && grow(queue) != 0)
        return -1;
    /* A fresh order on every schedule, including a re-schedule: a moved timer
     * goes behind everything already waiting for the same instant. */
    timer->when_ns = when_ns;
    timer->order = queue->next_order++;
    if (wsim_timer_pending(timer)) {
        reposition(queue, timer->heap_index);
    } else {
        place(queue, queue->count++, timer);
        sift_up(queue, timer->heap_index);
    }
    wsim_queue_check_place(queue, timer->heap_index);
    return 0;
}

void wsim_queue_cancel(wsim_queue *queue, wsim_timer *timer)
{
    if (!wsim_timer_pending(timer))
        return;
    size_t index = timer->heap_index;
    timer->heap_index = WSIM_TIMER_IDLE;
    wsim_timer *last = queue->heap[--queue->count];
    if (last != timer) {
        place(queue, index, last);
        reposition(queue, index);
    }
}

void wsim_queue_replace(wsim_queue *queue, wsim_timer *queued, wsim_timer *idle)
{
    /* The key moves with the slot, so the heap needs no reordering. */
    idle->when_ns = queued->when_ns;
    idle->order = queued->order;
    place(queue, queued->heap_index, idle);
    queued->heap_index = WSIM_TIMER_IDLE;
}

wsim_timer *wsim_queue_peek(const wsim_queue *queue)
{
    return queue->count ? queue->heap[0] : NULL;
}

void wsim_queue_check_place(const wsim_queue *queue, size_t index)
{
    WSIM_ASSERT(index < queue->count && queue->heap[index]->heap_index == index, "Q3",
                "a queued timer knows its place in the heap");
    WSIM_ASSERT(index == 0 || !fires_before(queue->heap[index], queue->heap[(index - 1) / 2]),
                "Q3", "a timer's parent in the heap fires no later than it");
}

wsim_timer *wsim_queue_pop(wsim_queue *queue)
{
    wsim_timer *first = wsim_queue_peek(queue);
    if (!first)
        return NULL;
    wsim_queue_check_place(queue, 0);
#if defined(WSIM_CHECKED) && WSIM_CHECKED
    WSIM_ASSERT(first->when_ns != queue->last_when_ns || first->order > queue->last_order, "Q2",
                "events due at one time leave the queue in the order they were scheduled");
    queue->last_when_ns = first->when_ns;
    queue->last_order = first->order;
#endif
    wsim_queue_cancel(queue, first);
    if (queue->count)
        wsim_queue_check_place(queue, 0);
    return first;
}

void wsim_queue_clear(wsim_queue *queue)
{
    for (size_t i = 0; i < queue->count; i++)
        queue->heap[i]->heap_index = WSIM_TIMER_IDLE;
    queue->count = 0;
}
