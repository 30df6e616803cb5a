/* bytebuf.h — a growable FIFO of bytes.
 *
 * Owns: the storage of a stream's send queue (unacknowledged plus unsent
 * bytes) and receive queue (in-order bytes not yet read).  Bytes are appended
 * at the tail and consumed from the head; peek reads at an offset from the
 * head without consuming, which is how a segment is built from the middle of
 * the send queue.
 */
#ifndef WSIM_SIM_BYTEBUF_H
#define WSIM_SIM_BYTEBUF_H

#include <stddef.h>

typedef struct wsim_bytebuf {
    unsigned char *data;
    size_t capacity;  /* power of two, or 0 */
    size_t head;      /* index of the first byte */
    size_t length;    /* bytes held */
} wsim_bytebuf;

void wsim_bytebuf_init(wsim_bytebuf *buf);
void wsim_bytebuf_free(wsim_bytebuf *buf);
/* Returns 0, or -1 when memory cannot be had (nothing appended then). */
int wsim_bytebuf_append(wsim_bytebuf *buf, const void *bytes, size_t count);
/* Copies count bytes starting offset bytes after the head; the range must be
 * held. */
void wsim_bytebuf_peek(const wsim_bytebuf *buf, size_t offset, void *out, size_t count);
/* Drops count bytes (at most length) from the head. */
void wsim_bytebuf_consume(wsim_bytebuf *buf, size_t count);
void wsim_bytebuf_clear(wsim_bytebuf *buf);

#endif
