/* ring.c — the child-to-parent record ring (see ring.h for the protocol).
 *
 * Owns: the shared mapping's layout and the wire format of one record.
 *
 * Shared mapping:
 *   [ring_shared: head | tail | producer_closed, consumer_closed]  one cache
 *   line each for head and tail, so the two processes do not keep stealing
 *   one line from each other;
 *   [data: capacity bytes, used as a circle].
 *
 * One record on the wire (host byte order: both ends are the same machine):
 *   struct ring_wire (fixed size), then name_len bytes of name, then
 *   text_len bytes of text, no NULs, no padding; the whole may wrap.
 *
 * Invariants, for the consumer's bounds checks (anything else means the
 * child scribbled on the mapping):
 *   (1) tail <= head and head - tail <= capacity;
 *   (2) wire.size == sizeof(struct ring_wire) + name_len + text_len and
 *       wire.size <= head - tail;
 *   (3) wire.check == ring_check(&wire);
 *   (4) wire.kind is a wsim_record_kind; a string's length is 0 when its
 *       flag says NULL.
 * The consumer never trusts the shared mapping for bounds: its handle holds
 * the capacity it mapped and every position is taken modulo that, so a
 * scribbled mapping can make it stop early but never read out of bounds.
 * Each side reads its own counter from the mapping rather than keeping a
 * private copy: a ring may serve several producers one after the other (a
 * test forks a child per case), and a private copy would be stale in the
 * next child.  The other side's counter is cached only as a lower bound
 * (seen_tail, seen_head), which stays valid because counters only grow.
 */
#define _GNU_SOURCE /* MAP_ANONYMOUS */

#include "traces/ring.h"

#include <errno.h>
#include <sched.h>
#include <stdalign.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>

/* The two processes share these atomics through memory, not through a
 * library: they must be real lock-free instructions, never a hidden lock
 * (which would also not be async-signal-safe). */
_Static_assert(ATOMIC_LLONG_LOCK_FREE == 2 && ATOMIC_LONG_LOCK_FREE == 2,
               "ring needs lock-free 64-bit atomics");
_Static_assert(ATOMIC_INT_LOCK_FREE == 2, "ring needs lock-free int atomics");

#define RING_MAX_CAPACITY ((size_t)1 << 30) /* keeps every size in uint32_t */
#define RING_MAGIC 0x57524e47u              /* "WRNG" */
#define RING_HAS_NAME 1u
#define RING_HAS_TEXT 2u

/* How the producer waits for space: yield first (the consumer is usually
 * running on the other core and frees space within microseconds), then sleep
 * briefly so a stalled consumer does not cost a whole core. */
#define RING_YIELDS_BEFORE_SLEEP 64
#define RING_SLEEP_NS 50000L

struct ring_shared {
    alignas(64) _Atomic uint64_t head; /* bytes ever published (producer) */
    alignas(64) _Atomic uint64_t tail; /* bytes ever consumed (consumer) */
    alignas(64) atomic_int producer_closed;
    atomic_int consumer_closed;
};

struct ring_wire {
    uint32_t size;     /* header + strings */
    uint32_t check;    /* ring_check(): catches a scribbled header */
    uint32_t kind;
    uint32_t flags;    /* RING_HAS_NAME | RING_HAS_TEXT */
    uint32_t name_len;
    uint32_t text_len;
    int32_t host;
    int32_t process;
    int32_t thread;
    uint32_t reserved; /* 0; keeps the 64-bit fields aligned */
    uint64_t seq;
    int64_t time_ns;
    int64_t socket;
    int64_t a[WSIM_RECORD_INTS];
};

/* Per-process handle.  Made by create() before fork(), so after the fork
 * each process has its own copy, which the other cannot scribble on. */
struct wsim_ring {
    struct ring_shared *sh;
    unsigned char *data;
    size_t capacity;
    size_t map_size;
    /* Last values seen of the other side's counter.  Both counters only
     * grow, so an old value is always safe (it under-states what is free
     * or available) and is refreshed only when it is not enough: the other
     * process's cache line is then touched once per batch, not per record. */
    uint64_t seen_tail;    /* producer */
    uint64_t seen_head;    /* consumer */
    int broken;            /* consumer: saw an inconsistent mapping */
    atomic_int put_busy;   /* producer: a put is between claim and publish */
};

static uint32_t ring_check(const struct ring_wire *w)
{
    return RING_MAGIC ^ w->size ^ (w->kind << 24) ^ (w->flags << 20) ^
           (w->name_len * 2654435761u) ^ (w->text_len * 40503u);
}

wsim_ring *wsim_ring_create(size_t capacity_bytes)
{
    if (capacity_bytes < WSIM_RING_MIN_CAPACITY || capacity_bytes > RING_MAX_CAPACITY) {
        errno = EINVAL;
        return NULL;
    }
    wsim_ring *ring = calloc(1, sizeof *ring);
    if (!ring) {
        errno = ENOMEM;
        return NULL;
    }
    size_t header = (sizeof(struct ring_shared) + 63) & ~(size_t)63;
    ring->map_size = header + capacity_bytes;
    void *map = mmap(NULL, ring->map_size, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    if (map == MAP_FAILED) {
        int saved = errno;
        free(ring);
        errno = saved;
        return NULL;
    }
    /* Anonymous mappings are zero-filled; initialise the atomics properly
     * all the same. */
    ring->sh = map;
    atomic_init(&ring->sh->head, 0);
    atomic_init(&ring->sh->tail, 0);
    atomic_init(&ring->sh->producer_closed, 0);
    atomic_init(&ring->sh->consumer_closed, 0);
    ring->data = (unsigned char *)map + header;
    ring->capacity = capacity_bytes;
    atomic_init(&ring->put_busy, 0);
    return ring;
}

void wsim_ring_destroy(wsim_ring *ring)
{
    if (!ring)
        return;
    munmap(ring->sh, ring->map_size);
    free(ring);
}

size_t wsim_ring_capacity(const wsim_ring *ring)
{
    return ring->capacity;
}

size_t wsim_ring_strbuf_size(const wsim_ring *ring)
{
    /* Both strings together never exceed the data area; +2 for the NULs. */
    return ring->capacity + 2;
}

size_t wsim_ring_used(const wsim_ring *ring)
{
    uint64_t tail = atomic_load_explicit(&ring->sh->tail, memory_order_acquire);
    uint64_t head = atomic_load_explicit(&ring->sh->head, memory_order_acquire);
    return (size_t)(head - tail);
}

/* Byte copies at a counter position, split in two where the circle ends. */
static void copy_in(wsim_ring *ring, uint64_t pos, const void *src, size_t n)
{
    size_t off = (size_t)(pos % ring->capacity);
    size_t first = ring->capacity - off < n ? ring->capacity - off : n;
    memcpy(ring->data + off, src, first);
    if (n > first)
        memcpy(ring->data, (const unsigned char *)src + first, n - first);
}

static void copy_out(const wsim_ring *ring, uint64_t pos, void *dst, size_t n)
{
    size_t off = (size_t)(pos % ring->capacity);
    size_t first = ring->capacity - off < n ? ring->capacity - off : n;
    memcpy(dst, ring->data + off, first);
    if (n > first)
        memcpy((unsigned char *)dst + first, ring->data, n - first);
}

/* Length of s, at most `limit`; when s is longer, the cut is moved back to
 * the start of a UTF-8 character so a reader never gets half of one.  A
 * plain loop rather than strnlen: this runs in the crash handler. */
static size_t clipped_len(const char *s, size_t limit)
{
    size_t n = 0;
    while (n < limit && s[n] != '\0')
        n++;
    if (n == limit && s[n] != '\0') {
        while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
            n--;
    }
    return n;
}

/* Fills the wire header for rec, choosing how much of each string fits.
 * Runs in the crash handler too: plain stores, memset and the loop above
 * only (memset and memcpy are on POSIX's async-signal-safe list).
 * Returns -1 if not even the header fits in the ring, or for a kind that is
 * not a wsim_record_kind (the consumer would take it for a scribble). */
static int encode(const wsim_ring *ring, const wsim_record *rec, struct ring_wire *w)
{
    size_t room = ring->capacity;
    if (room < sizeof *w || rec->kind < WSIM_REC_RUN_START || rec->kind > WSIM_REC_RUN_END)
        return -1;
    room -= sizeof *w;

    size_t name_limit = WSIM_RING_STRING_MAX;
    size_t text_limit = WSIM_RING_STRING_MAX;
    if (rec->kind == WSIM_REC_RUN_START && ring->capacity / 4 > text_limit)
        text_limit = ring->capacity / 4; /* the scenario may be big */

    memset(w, 0, sizeof *w);
    if (rec->name) {
        w->flags |= RING_HAS_NAME;
        w->name_len = (uint32_t)clipped_len(rec->name, name_limit < room ? name_limit : room);
        room -= w->name_len;
    }
    if (rec->text) {
        w->flags |= RING_HAS_TEXT;
        w->text_len = (uint32_t)clipped_len(rec->text, text_limit < room ? text_limit : room);
    }
    w->size = (uint32_t)(sizeof *w + w->name_len + w->text_len);
    w->kind = (uint32_t)rec->kind;
    w->check = ring_check(w);
    w->host = rec->host;
    w->process = rec->process;
    w->thread = rec->thread;
    w->seq = rec->seq;
    w->time_ns = rec->time_ns;
    w->socket = rec->socket;
    for (int i = 0; i < WSIM_RECORD_INTS; i++)
        w->a[i] = rec->a[i];
    return 0;
}

/* Writes an encoded record at the producer's head and publishes it.  The
 * caller has checked that it fits. */
static void write_and_publish(wsim_ring *ring, const wsim_record *rec, const struct ring_wire *w,
                              uint64_t head)
{
    uint64_t pos = head;
    copy_in(ring, pos, w, sizeof *w);
    pos += sizeof *w;
    if (w->name_len) {
        copy_in(ring, pos, rec->name, w->name_len);
        pos += w->name_len;
    }
    if (w->text_len)
        copy_in(ring, pos, rec->text, w->text_len);
    /* Release: the bytes above are visible before the new head is. */
    atomic_store_explicit(&ring->sh->head, head + w->size, memory_order_release);
}

/* Only the producer stores head, so its own relaxed load is exact.  The
 * acquire on tail orders the consumer's reads of freed bytes before our
 * overwriting them (a cached tail was acquired when it was read). */
static int free_space_fits(wsim_ring *ring, uint32_t size, uint64_t *head)
{
    *head = atomic_load_explicit(&ring->sh->head, memory_order_relaxed);
    uint64_t used = *head - ring->seen_tail;
    if (used <= ring->capacity && ring->capacity - (size_t)used >= size)
        return 1;
    ring->seen_tail = atomic_load_explicit(&ring->sh->tail, memory_order_acquire);
    used = *head - ring->seen_tail;
    return used <= ring->capacity && ring->capacity - (size_t)used >= size;
}

/* Claims the producer side against a put that this very thread is in the
 * middle of (a signal handler interrupting wsim_ring_put).  The signal fence
 * keeps the compiler from moving the ring writes across the claim. */
static int claim(wsim_ring *ring)
{
    if (atomic_exchange_explicit(&ring->put_busy, 1, memory_order_relaxed))
        return -1;
    atomic_signal_fence(memory_order_seq_cst);
    return 0;
}

static void unclaim(wsim_ring *ring)
{
    atomic_signal_fence(memory_order_seq_cst);
    atomic_store_explicit(&ring->put_busy, 0, memory_order_relaxed);
}

int wsim_ring_put(wsim_ring *ring, const wsim_record *rec)
{
    struct ring_wire w;
    if (encode(ring, rec, &w) != 0)
        return -1;
    if (claim(ring) != 0)
        return -1;
    unsigned waits = 0;
    uint64_t head;
    while (!free_space_fits(ring, w.size, &head)) {
        if (atomic_load_explicit(&ring->sh->consumer_closed, memory_order_acquire)) {
            unclaim(ring);
            return -1;
        }
        /* Deliberately not a condition variable: the consumer may be gone
         * at any moment and a robust futex dance buys nothing here. */
        if (waits < RING_YIELDS_BEFORE_SLEEP) {
            sched_yield();
            waits++;
        } else {
            struct timespec pause = {0, RING_SLEEP_NS};
            nanosleep(&pause, NULL);
        }
    }
    write_and_publish(ring, rec, &w, head);
    unclaim(ring);
    return 0;
}

int wsim_ring_put_signal_safe(wsim_ring *ring, const wsim_record *rec)
{
    struct ring_wire w;
    if (encode(ring, rec, &w) != 0)
        return -1;
    if (claim(ring) != 0)
        return -1;
    int rc = -1;
    uint64_t head;
    if (free_space_fits(ring, w.size, &head)) {
        write_and_publish(ring, rec, &w, head);
        rc = 0;
    }
    unclaim(ring);
    return rc;
}

/* Copies one string out of the ring into the caller's buffer, shortening it
 * when the buffer is too small. */
static const char *take_string(const wsim_ring *ring, uint64_t pos, uint32_t len, char **buf,
                               size_t *room)
{
    if (*room == 0)
        return "";
    size_t n = len < *room - 1 ? len : *room - 1;
    char *s = *buf;
    copy_out(ring, pos, s, n);
    s[n] = '\0';
    *buf += n + 1;
    *room -= n + 1;
    return s;
}

int wsim_ring_get(wsim_ring *ring, wsim_record *out, char *strbuf, size_t strbuf_size)
{
    if (ring->broken)
        return -1;
    /* Only the consumer stores tail: relaxed is exact.  The head seen last
     * time is reused while records remain below it (it was acquired then);
     * a seen_head that is not ahead of tail by at most capacity (caught up,
     * or copied from another process's handle) is refreshed. */
    uint64_t tail = atomic_load_explicit(&ring->sh->tail, memory_order_relaxed);
    if (ring->seen_head - tail == 0 || ring->seen_head - tail > ring->capacity)
        ring->seen_head = atomic_load_explicit(&ring->sh->head, memory_order_acquire);
    uint64_t head = ring->seen_head;
    if (head == tail)
        return 0;
    uint64_t avail = head - tail; /* huge if head went backwards */
    struct ring_wire w;
    if (avail > ring->capacity || avail < sizeof w) {
        ring->broken = 1; /* (1) */
        return -1;
    }
    copy_out(ring, tail, &w, sizeof w);
    if (w.check != ring_check(&w) || w.name_len > ring->capacity || w.text_len > ring->capacity ||
        (uint64_t)w.size != (uint64_t)sizeof w + w.name_len + w.text_len || w.size > avail ||
        w.kind < WSIM_REC_RUN_START || w.kind > WSIM_REC_RUN_END ||
        (!(w.flags & RING_HAS_NAME) && w.name_len) || (!(w.flags & RING_HAS_TEXT) && w.text_len)) {
        ring->broken = 1; /* (2)-(4) */
        return -1;
    }

    memset(out, 0, sizeof *out);
    out->kind = (wsim_record_kind)w.kind;
    out->seq = w.seq;
    out->time_ns = w.time_ns;
    out->host = w.host;
    out->process = w.process;
    out->thread = w.thread;
    out->socket = w.socket;
    for (int i = 0; i < WSIM_RECORD_INTS; i++)
        out->a[i] = w.a[i];

    char *buf = strbuf;
    size_t room = strbuf ? strbuf_size : 0;
    uint64_t pos = tail + sizeof w;
    if (w.flags & RING_HAS_NAME)
        out->name = take_string(ring, pos, w.name_len, &buf, &room);
    pos += w.name_len;
    if (w.flags & RING_HAS_TEXT)
        out->text = take_string(ring, pos, w.text_len, &buf, &room);

    /* Release: our reads of the bytes are done before the producer may
     * overwrite them. */
    atomic_store_explicit(&ring->sh->tail, tail + w.size, memory_order_release);
    return 1;
}

unsigned char *wsim_ring_shared_bytes(wsim_ring *ring, size_t *size)
{
    *size = ring->map_size;
    return (unsigned char *)ring->sh;
}

void wsim_ring_close_producer(wsim_ring *ring)
{
    atomic_store_explicit(&ring->sh->producer_closed, 1, memory_order_release);
}

int wsim_ring_producer_closed(wsim_ring *ring)
{
    return atomic_load_explicit(&ring->sh->producer_closed, memory_order_acquire) != 0;
}

void wsim_ring_close_consumer(wsim_ring *ring)
{
    atomic_store_explicit(&ring->sh->consumer_closed, 1, memory_order_release);
}
