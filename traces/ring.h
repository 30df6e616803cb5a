/* ring.h — the shared-memory ring that carries records from the simulating
 * child to the recording parent.
 *
 * Owns: the byte layout of serialized wsim_record values in a region shared
 * by two processes, and the hand-off protocol between exactly one producer
 * (the child that runs the simulation) and exactly one consumer (the parent
 * that owns the SQLite writer).  It borrows nothing: put copies the record
 * and its strings into the ring before returning; get copies them out into
 * the caller's buffers.
 *
 * Lifetime.  wsim_ring_create() maps an anonymous MAP_SHARED region and must
 * be called before fork(), so parent and child see the same bytes at the same
 * address.  Each process then holds its own copy of the small handle (it is
 * private memory), so a wild write in the child cannot change the bounds the
 * parent trusts.  Each process calls wsim_ring_destroy() on its own handle
 * when done with it (the child may simply _exit()).
 *
 * Protocol (single producer, single consumer: at most one process puts and
 * one process gets at any time; a role may pass to another process, e.g.
 * one child after another, as long as the previous holder has stopped).
 *  - The producer writes a record's bytes, then publishes them by advancing
 *    `head` with a release store.  The consumer reads `head` with an acquire
 *    load, copies the bytes out, then frees them by advancing `tail` with a
 *    release store.  head and tail are byte counters that only grow (64-bit,
 *    never wrap in practice); the byte at counter c lives at c % capacity, so
 *    a record may be split across the end of the data area.
 *  - A record is visible to the consumer whole or not at all: if the child
 *    dies (SIGKILL, SIGSEGV) in the middle of a put, the consumer sees exactly
 *    the records published before it.
 *  - The producer calls wsim_ring_close_producer() after its last record.
 *    The consumer's drain loop is: get until 0; when 0, if
 *    wsim_ring_producer_closed() (read with acquire) then get until 0 once
 *    more and stop; else, if the child has exited (waitpid), get until 0
 *    once more and treat the run as crashed; else wait and repeat.
 *  - If the consumer gives up (its disk is full, say), it calls
 *    wsim_ring_close_consumer() so a producer waiting for space returns -1
 *    instead of waiting forever.
 *
 * Strings.  name and text are copied up to WSIM_RING_STRING_MAX bytes each;
 * the text of a RUN_START record (the scenario) up to
 * max(WSIM_RING_STRING_MAX, capacity / 4).  A longer string is cut at that
 * length (moved back to a UTF-8 character boundary).  A record that would
 * still not fit in the whole ring has its text, then its name, shortened
 * until it does.  NULL and "" are distinct and both survive the trip.
 */
#ifndef WSIM_TRACES_RING_H
#define WSIM_TRACES_RING_H

#include <stddef.h>

#include "sim/observer.h"

/* Longest name or text carried by the ring, in bytes, without the NUL. */
#define WSIM_RING_STRING_MAX ((size_t)64 * 1024)

/* Smallest data area wsim_ring_create() accepts, in bytes: room for a few
 * records with short strings.  The runner should use megabytes. */
#define WSIM_RING_MIN_CAPACITY ((size_t)1024)

typedef struct wsim_ring wsim_ring;

/* Maps a ring with `capacity_bytes` of data area (plus a small header).
 * Returns NULL with errno set (EINVAL below WSIM_RING_MIN_CAPACITY or above
 * 1 GiB, ENOMEM, or mmap's errno).  Call before fork(). */
wsim_ring *wsim_ring_create(size_t capacity_bytes);

/* Unmaps this process's view and frees its handle.  NULL is a no-op. */
void wsim_ring_destroy(wsim_ring *ring);

/* Producer.  Copies `rec` into the ring, waiting (sched_yield, then short
 * sleeps) while the consumer has not yet freed enough space.  Returns 0, or
 * -1 if the record cannot fit even with empty strings (impossible for a ring
 * of at least WSIM_RING_MIN_CAPACITY), if rec->kind is not a
 * wsim_record_kind, or if the consumer has closed. */
int wsim_ring_put(wsim_ring *ring, const wsim_record *rec);

/* Producer, from a signal handler (the child's crash handler).  Never waits,
 * never allocates, takes no lock: only plain loads, memcpy and lock-free
 * atomics.  Returns 0, or -1 if the record does not fit in the free space
 * right now, or if the handler interrupted a wsim_ring_put() in progress
 * (whose half-written bytes it must not overwrite). */
int wsim_ring_put_signal_safe(wsim_ring *ring, const wsim_record *rec);

/* Consumer.  Takes the oldest record: returns 1 and fills *out, whose name
 * and text (when not NULL) point into strbuf; returns 0 when the ring is
 * empty.  A strbuf of wsim_ring_strbuf_size() bytes always holds both
 * strings; a smaller one gets them shortened.  Returns -1 if the shared bytes
 * are inconsistent (the producer scribbled over the ring): nothing more can
 * be read from it, but everything returned before was intact. */
int wsim_ring_get(wsim_ring *ring, wsim_record *out, char *strbuf, size_t strbuf_size);

/* Bytes of strbuf that always suffice for wsim_ring_get(). */
size_t wsim_ring_strbuf_size(const wsim_ring *ring);

/* The data area's size, and the bytes published but not yet consumed. */
size_t wsim_ring_capacity(const wsim_ring *ring);
size_t wsim_ring_used(const wsim_ring *ring);

/* The whole shared mapping (the counters, then the data area) and its size:
 * what a producer could scribble on.  For tests and fuzzing of the
 * consumer, which must survive any bytes there. */
unsigned char *wsim_ring_shared_bytes(wsim_ring *ring, size_t *size);

/* The producer's last word: nothing more will be put.  Release store. */
void wsim_ring_close_producer(wsim_ring *ring);
/* 1 once the producer has closed (acquire load: every record it put before
 * closing is then visible to wsim_ring_get), else 0. */
int wsim_ring_producer_closed(wsim_ring *ring);

/* The consumer will read no more: a waiting wsim_ring_put() returns -1. */
void wsim_ring_close_consumer(wsim_ring *ring);

#endif
