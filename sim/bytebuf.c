/* bytebuf.c — a ring of bytes that doubles when full. */
#include "sim/bytebuf.h"

#include <stdlib.h>
#include <string.h>

void wsim_bytebuf_init(wsim_bytebuf *buf)
{
    memset(buf, 0, sizeof *buf);
}

void wsim_bytebuf_free(wsim_bytebuf *buf)
{
    free(buf->data);
    wsim_bytebuf_init(buf);
}

void wsim_bytebuf_clear(wsim_bytebuf *buf)
{
    buf->head = 0;
    buf->length = 0;
}

static int grow(wsim_bytebuf *buf, size_t need)
{
    size_t capacity = buf->capacity ? buf->capacity : 4096;
    while (capacity < need) {
        if (capacity > ((size_t)-1) / 2)
            return -1;
        capacity *= 2;
    }
    if (capacity == buf->capacity)
        return 0;
    unsigned char *data = malloc(capacity);
    if (!data)
        return -1;
    wsim_bytebuf_peek(buf, 0, data, buf->length);
    free(buf->data);
    buf->data = data;
    buf->capacity = capacity;
    buf->head = 0;
    return 0;
}

int wsim_bytebuf_append(wsim_bytebuf *buf, const void *bytes, size_t count)
{
    if (count == 0)
        return 0;
    if (buf->length + count < buf->length || grow(buf, buf->length + count) != 0)
        return -1;
    size_t tail = (buf->head + buf->length) & (buf->capacity - 1);
    size_t first = buf->capacity - tail;
    if (first > count)
        first = count;
    memcpy(buf->data + tail, bytes, first);
    memcpy(buf->data, (const unsigned char *)bytes + first, count - first);
    buf->length += count;
    return 0;
}

void wsim_bytebuf_peek(const wsim_bytebuf *buf, size_t offset, void *out, size_t count)
{
    if (count == 0)
        return;
    size_t start = (buf->head + offset) & (buf->capacity - 1);
    size_t first = buf->capacity - start;
    if (first > count)
        first = count;
    memcpy(out, buf->data + start, first);
    memcpy((unsigned char *)out + first, buf->data, count - first);
}

void wsim_bytebuf_consume(wsim_bytebuf *buf, size_t count)
{
    if (count > buf->length)
        count = buf->length;
    buf->length -= count;
    buf->head = buf->length ? (buf->head + count) & (buf->capacity - 1) : 0;
}
