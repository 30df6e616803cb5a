/* export_hops.c — the hops of the packets of a trace (export.h).
 *
 * A packet's rows in `segments` are a `send` at its source, a `forward` at
 * each router or switch, and a `recv` at its destination or a `drop` where
 * it was lost; a `duplicate` says a link delivered it twice (the copy's own
 * `recv` or `forward` follows).  The rows carry no packet id, so a hop's two
 * ends are matched by the packet's identity (addresses, ports, sequence and
 * acknowledgement numbers, length and flags), first in, first out: a row
 * that ends a hop (`forward`, `recv`, `drop`) takes the oldest open hop of
 * that identity that began at another node (else one that began at the same
 * node: loopback, or a drop at the sender), and a `duplicate` opens a second
 * hop like the one it copies.  Two packets with one identity in flight at
 * once (a pure ACK sent twice) are told apart by that order only; as links
 * do not reorder unless a scenario asks, the order is the true one but for
 * reordered identical packets, which are indistinguishable anyway.
 */
#include "traces/export.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A hop that has begun (a `send` or `forward`) and not yet ended. */
typedef struct open_hop {
    int64_t host, time_ns, seq;
    int retransmit, duplicate;
} open_hop;

/* The hops in flight of one packet identity, oldest first. */
typedef struct packet_hops {
    struct packet_hops *next;   /* in its hash bucket */
    char *key;
    open_hop *hops;
    size_t head, count, cap;
} packet_hops;

struct wsim_hop_walk {
    packet_hops **buckets;
    size_t n_buckets, n_entries;
};

static uint64_t fnv1a(const char *s)
{
    uint64_t h = 1469598103934665603ull;
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211ull;
    return h;
}

static packet_hops *hops_find(wsim_hop_walk *t, const char *key)
{
    if (t->n_entries >= t->n_buckets) {   /* keep the chains short */
        size_t n = t->n_buckets ? t->n_buckets * 2 : 1024;
        packet_hops **grown = calloc(n, sizeof *grown);
        if (!grown)
            return NULL;
        for (size_t i = 0; i < t->n_buckets; i++)
            for (packet_hops *e = t->buckets[i], *next; e; e = next) {
                next = e->next;
                size_t b = fnv1a(e->key) & (n - 1);
                e->next = grown[b];
                grown[b] = e;
            }
        free(t->buckets);
        t->buckets = grown;
        t->n_buckets = n;
    }
    size_t b = fnv1a(key) & (t->n_buckets - 1);
    for (packet_hops *e = t->buckets[b]; e; e = e->next)
        if (strcmp(e->key, key) == 0)
            return e;
    packet_hops *e = calloc(1, sizeof *e);
    if (!e || !(e->key = strdup(key))) {
        free(e);
        return NULL;
    }
    e->next = t->buckets[b];
    t->buckets[b] = e;
    t->n_entries++;
    return e;
}

static void hops_free(wsim_hop_walk *t)
{
    for (size_t i = 0; i < t->n_buckets; i++)
        for (packet_hops *e = t->buckets[i], *next; e; e = next) {
            next = e->next;
            free(e->key);
            free(e->hops);
            free(e);
        }
    free(t->buckets);
}

static int hops_push(packet_hops *e, open_hop hop)
{
    if (e->count == e->cap) {
        size_t cap = e->cap ? e->cap * 2 : 2;
        open_hop *grown = malloc(cap * sizeof *grown);
        if (!grown)
            return -1;
        for (size_t i = 0; i < e->count; i++)
            grown[i] = e->hops[(e->head + i) % e->cap];
        free(e->hops);
        e->hops = grown;
        e->cap = cap;
        e->head = 0;
    }
    e->hops[(e->head + e->count) % e->cap] = hop;
    e->count++;
    return 0;
}

/* The oldest open hop that comes from another node than `host`, else the
 * oldest from `host` itself (loopback, or a drop at the sender). */
static int hops_take(packet_hops *e, int64_t host, open_hop *out)
{
    if (!e->count)
        return -1;
    size_t pick = 0;
    for (size_t i = 0; i < e->count; i++)
        if (e->hops[(e->head + i) % e->cap].host != host) {
            pick = i;
            break;
        }
    *out = e->hops[(e->head + pick) % e->cap];
    for (size_t i = pick; i > 0; i--)   /* close the gap, keeping the order */
        e->hops[(e->head + i) % e->cap] = e->hops[(e->head + i - 1) % e->cap];
    e->head = (e->head + 1) % e->cap;
    e->count--;
    return 0;
}

void wsim_packet_identity(char *out, size_t size, const char *src, const char *dst, int64_t seqno,
                          int64_t ackno, int64_t len, const char *flags)
{
    snprintf(out, size, "%s %s %lld %lld %lld %s", src, dst, (long long)seqno, (long long)ackno,
             (long long)len, flags);
}

wsim_hop_walk *wsim_hop_walk_new(void)
{
    return calloc(1, sizeof(wsim_hop_walk));
}

void wsim_hop_walk_free(wsim_hop_walk *t)
{
    if (!t)
        return;
    hops_free(t);
    free(t);
}

int wsim_hop_walk_row(wsim_hop_walk *t, const char *identity, const char *event, int64_t host,
                      int64_t time_ns, int64_t seq, int retransmit, wsim_hop *hop)
{
    packet_hops *e = hops_find(t, identity);
    if (!e)
        return -1;
    open_hop h;
    if (strcmp(event, "duplicate") == 0) {
        if (hops_take(e, host, &h) != 0)
            return 0;
        if (hops_push(e, h) != 0)
            return -1;
        h.duplicate = 1;
        return hops_push(e, h) != 0 ? -1 : 0;
    }
    int ended = 0;
    int begins = strcmp(event, "send") == 0 || strcmp(event, "forward") == 0;
    int ends = strcmp(event, "recv") == 0 || strcmp(event, "forward") == 0 ||
               strcmp(event, "drop") == 0;
    if (ends && hops_take(e, host, &h) == 0) {
        hop->from_host = h.host;
        hop->from_time_ns = h.time_ns;
        hop->from_seq = h.seq;
        hop->retransmit = h.retransmit;
        hop->duplicate = h.duplicate;
        ended = 1;
        retransmit = h.retransmit;   /* a forwarded retransmission stays one */
    }
    if (begins) {
        h = (open_hop){host, time_ns, seq, retransmit, 0};
        if (hops_push(e, h) != 0)
            return -1;
    }
    return ended;
}
