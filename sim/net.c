/* net.c — nodes, links, and a packet's trip from node to node (net.h).
 *
 * A packet's life, one hop at a time:
 *
 *   wsim_packet_send (source) ──┐
 *                               ├─ transmit: drop (net-down, no-route,
 *   receive (router, switch) ───┘   link-down, mtu, queue-full), or queued
 *                                   on the link; its fates are drawn here
 *                                   and its arrival event scheduled
 *   packet_arrive: drop (loss), or receive, then the duplicate's receive
 *   receive: drop (host-down, net-down, ttl-expired), recv (destination's
 *            transport), or transmit again ("forward")
 *
 * A direction's list holds every packet queued, being transmitted or on the
 * wire, oldest first; transmission start times grow along it, so the packets
 * still waiting for the transmitter are a tail of the list.
 */
#include "sim/net.h"

#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sim/datagram.h"
#include "sim/defaults.h"
#include "sim/route.h"
#include "sim/stream.h"

#define CONTAINER_OF(ptr, type, member) ((type *)((char *)(ptr) - offsetof(type, member)))

int64_t wsim_serialization_ns(uint64_t bytes, uint64_t bps)
{
    /* bytes * 8e9 / bps rounded up; bytes < 2^32 keeps this inside 2^63. */
    unsigned __int128 bits_ns = (unsigned __int128)bytes * 8u * 1000000000u;
    return (int64_t)((bits_ns + bps - 1) / bps);
}

/* ---- nodes and links ----------------------------------------------------- */

static wsim_link *link_new(wsim_sim *sim, wsim_host *a, wsim_host *b, int64_t latency_ns,
                           uint64_t bandwidth_bps, uint32_t queue_packets)
{
    wsim_link *link = calloc(1, sizeof *link);
    if (!link)
        return NULL;
    link->sim = sim;
    link->latency_ns = latency_ns;
    link->bandwidth_bps = bandwidth_bps;
    link->queue_packets = queue_packets;
    link->reorder_delay_ns = WSIM_DEFAULT_REORDER_DELAY_NS;
    link->up = 1;
    link->dir[0] = (wsim_link_dir){.link = link, .from = a, .to = b};
    link->dir[1] = (wsim_link_dir){.link = link, .from = b, .to = a};
    return link;
}

/* A node with a name, numbered and appended to the simulation; NULL when
 * out of memory. */
static wsim_host *node_new(wsim_sim *sim, const char *name)
{
    wsim_host **grown = realloc(sim->hosts, (sim->host_count + 1) * sizeof *grown);
    if (!grown)
        return NULL;
    sim->hosts = grown;
    wsim_host *node = calloc(1, sizeof *node);
    if (!node || !(node->name = strdup(name))) {
        free(node);
        return NULL;
    }
    node->sim = sim;
    node->id = (int)sim->host_count;
    return node;
}

static void node_append(wsim_sim *sim, wsim_host *node)
{
    sim->hosts[sim->host_count++] = node;
    sim->routes_stale = 1;
}

wsim_host *wsim_host_add(wsim_sim *sim, const char *name, uint32_t address,
                         const wsim_tcp_config *tcp, int64_t loopback_latency_ns,
                         uint64_t loopback_bps)
{
    wsim_host *host = node_new(sim, name);
    if (!host)
        return NULL;
    /* The loopback queue never overflows in practice: it is as deep as the
     * largest receive window a stream can advertise in packets. */
    host->loopback = link_new(sim, host, host, loopback_latency_ns, loopback_bps, 1u << 16);
    if (!host->loopback) {
        free(host->name);
        free(host);
        return NULL;
    }
    host->loopback->is_loopback = 1;
    host->address = address;
    host->mtu = WSIM_DEFAULT_MTU;
    host->tcp = *tcp;
    wsim_rng_init(&host->port_rng, sim->seed, WSIM_STREAM_PORTS, (uint64_t)host->id);
    wsim_rng_init(&host->isn_rng, sim->seed, WSIM_STREAM_ISN, (uint64_t)host->id);
    node_append(sim, host);
    return host;
}

wsim_host *wsim_switch_add(wsim_sim *sim, const char *name)
{
    wsim_host *node = node_new(sim, name);
    if (!node)
        return NULL;
    node->is_switch = 1;
    node->mtu = UINT32_MAX;   /* it forwards whatever its hosts send */
    node_append(sim, node);
    return node;
}

wsim_link *wsim_link_add(wsim_sim *sim, wsim_host *a, wsim_host *b, int64_t latency_ns,
                         uint64_t bandwidth_bps, uint32_t queue_packets)
{
    wsim_link **grown = realloc(sim->links, (sim->link_count + 1) * sizeof *grown);
    if (!grown)
        return NULL;
    sim->links = grown;
    wsim_link *link = link_new(sim, a, b, latency_ns, bandwidth_bps, queue_packets);
    if (!link)
        return NULL;
    link->id = (int)sim->link_count;
    wsim_rng_init(&link->rng, sim->seed, WSIM_STREAM_LINK, (uint64_t)link->id);
    sim->links[sim->link_count++] = link;
    sim->routes_stale = 1;
    return link;
}

wsim_host *wsim_host_by_address(wsim_sim *sim, uint32_t address)
{
    for (size_t i = 0; i < sim->host_count; i++)
        if (sim->hosts[i]->address == address && !sim->hosts[i]->is_switch)
            return sim->hosts[i];
    return NULL;
}

wsim_host *wsim_host_by_name(wsim_sim *sim, const char *name)
{
    for (size_t i = 0; i < sim->host_count; i++)
        if (strcmp(sim->hosts[i]->name, name) == 0)
            return sim->hosts[i];
    return NULL;
}

static void free_in_flight(wsim_link_dir *dir)
{
    wsim_packet *p = dir->first;
    while (p) {
        wsim_packet *next = p->next;
        free(p);
        p = next;
    }
    dir->first = dir->last = NULL;
}

void wsim_link_free(wsim_link *link)
{
    if (!link)
        return;
    free_in_flight(&link->dir[0]);
    free_in_flight(&link->dir[1]);
    free(link);
}

void wsim_host_free(wsim_host *host)
{
    if (!host)
        return;
    wsim_stream_free_all(host);
    wsim_dgram_free_all(host);
    wsim_link_free(host->loopback);
    free(host->routes);
    free(host->name);
    if (host->user_free)
        host->user_free(host->user);
    free(host);
}

/* ---- routes -------------------------------------------------------------- */

/* The first link out of `at` (in link order), for a limited broadcast. */
static wsim_link_dir *first_link_out(wsim_host *at)
{
    wsim_sim *sim = at->sim;
    for (size_t i = 0; i < sim->link_count; i++)
        for (int d = 0; d < 2; d++)
            if (sim->links[i]->dir[d].from == at)
                return &sim->links[i]->dir[d];
    return NULL;
}

/* The direction towards dst_ip whatever its state; NULL: no route.  A
 * limited broadcast (255.255.255.255) leaves by every link (flood()); its
 * "route" is the first of them, which gives its MTU. */
static wsim_link_dir *next_hop(wsim_host *at, uint32_t dst_ip)
{
    if (dst_ip == WSIM_BROADCAST_ADDRESS)
        return first_link_out(at);
    if (!at->is_switch && (dst_ip == at->address || wsim_is_loopback_address(dst_ip)))
        return &at->loopback->dir[0];
    wsim_host *dst = wsim_host_by_address(at->sim, dst_ip);
    return dst ? wsim_route_to_node(at, dst) : NULL;
}

wsim_link_dir *wsim_route(wsim_host *host, uint32_t dst_ip)
{
    wsim_link_dir *dir = next_hop(host, dst_ip);
    return dir && dir->link->up ? dir : NULL;
}

uint32_t wsim_source_address(wsim_host *host, uint32_t dst_ip)
{
    return wsim_is_loopback_address(dst_ip) ? dst_ip : host->address;
}

/* ---- packets ------------------------------------------------------------- */

wsim_packet *wsim_packet_new(uint32_t len)
{
    wsim_packet *p = calloc(1, sizeof *p + len);
    if (p)
        p->len = len;
    return p;
}

static wsim_packet *packet_copy(const wsim_packet *p)
{
    wsim_packet *copy = malloc(sizeof *p + p->len);
    if (copy)
        memcpy(copy, p, sizeof *p + p->len);
    return copy;
}

/* Bytes of the IP packet: what an MTU and a queue in bytes count. */
static uint64_t ip_bytes(const wsim_packet *p)
{
    return (uint64_t)p->len + p->header_bytes;
}

/* The header fields a SEGMENT record lacks, as "key=value" words
 * (traces/SCHEMA.md, "payloads"), so that an exporter can rebuild the
 * packet as it was on the wire. */
static void wire_header(const wsim_packet *p, char *out, size_t size)
{
    int n = snprintf(out, size, "proto=%u ttl=%u hdr=%u", p->protocol, p->ttl, p->header_bytes);
#define WIRE_ADD(...)                                                                            \
    do {                                                                                         \
        if (n >= 0 && (size_t)n < size)                                                          \
            n += snprintf(out + n, size - (size_t)n, __VA_ARGS__);                               \
    } while (0)
    if (p->protocol == WSIM_PROTO_TCP) {
        WIRE_ADD(" win=%u", p->window);
        if (p->mss_option)
            WIRE_ADD(" mss=%u", p->mss_option);
        if (p->sack_permitted)
            WIRE_ADD(" sackok=1");
        if (p->has_timestamps)
            WIRE_ADD(" ts=%u,%u", p->ts_val, p->ts_ecr);
        for (unsigned b = 0; b < p->sack_count && b < WSIM_MAX_SACK_BLOCKS; b++)
            WIRE_ADD("%s%u-%u", b ? "," : " sack=", p->sack[b].left, p->sack[b].right);
        if (p->flags & WSIM_TCP_URG)
            WIRE_ADD(" urp=%u", p->urgent);
    } else {
        WIRE_ADD(" id=%u frag=%u,%u", p->datagram_id, p->frag_offset, p->frag_more);
        if (p->protocol == WSIM_PROTO_ICMP)
            WIRE_ADD(" icmp=%u,%u", p->icmp_type, p->icmp_code);
    }
#undef WIRE_ADD
}

/* PAYLOAD records for the packet of the SEGMENT record `seg` (observer.h):
 * they take its seq rather than a new one. */
static void emit_payload(wsim_sim *sim, const wsim_record *seg, const wsim_packet *p)
{
    static const char hex[] = "0123456789abcdef";
    char header[256];
    wire_header(p, header, sizeof header);
    uint32_t piece = p->len < WSIM_PAYLOAD_PIECE ? p->len : WSIM_PAYLOAD_PIECE;
    char *text = malloc((size_t)piece * 2 + 1);
    if (!text)
        return;   /* out of memory: the trace says nothing of these bytes */
    uint32_t offset = 0;
    do {
        uint32_t n = p->len - offset < piece ? p->len - offset : piece;
        for (uint32_t i = 0; i < n; i++) {
            text[2 * i] = hex[p->payload[offset + i] >> 4];
            text[2 * i + 1] = hex[p->payload[offset + i] & 15];
        }
        text[2 * n] = '\0';
        wsim_record rec = *seg;
        rec.kind = WSIM_REC_PAYLOAD;
        rec.name = offset == 0 ? header : NULL;
        rec.text = text;
        memset(rec.a, 0, sizeof rec.a);
        rec.a[0] = offset;
        rec.a[1] = p->len;
        if (sim->observer.record)
            sim->observer.record(sim->observer.ctx, &rec);
        offset += n;
    } while (offset < p->len);
    free(text);
}

static void emit_segment(wsim_sim *sim, const wsim_host *at, const char *event,
                         const wsim_packet *p, const char *detail)
{
    char text[192];
    int n = snprintf(text, sizeof text, "win=%u", p->window);
    if (p->mss_option)
        n += snprintf(text + n, sizeof text - (size_t)n, " mss=%u", p->mss_option);
    if (detail)
        snprintf(text + n, sizeof text - (size_t)n, " %s", detail);
    wsim_record rec;
    wsim_record_init(sim, &rec, WSIM_REC_SEGMENT);
    rec.host = at->id;
    rec.process = rec.thread = -1;
    rec.name = event;
    rec.text = text;
    rec.segment.src = ((int64_t)p->src_ip << 16) | p->src_port;
    rec.segment.dst = ((int64_t)p->dst_ip << 16) | p->dst_port;
    rec.segment.seq = p->seq;
    rec.segment.ack = p->ack;
    rec.segment.len = p->len;
    rec.segment.flags = p->flags;
    wsim_sim_emit(sim, &rec);
    /* A drop or a duplicate's note is about a packet whose own send, forward
     * or recv carries its bytes. */
    if (sim->record_payloads && (strcmp(event, "send") == 0 || strcmp(event, "forward") == 0 ||
                                 strcmp(event, "recv") == 0))
        emit_payload(sim, &rec, p);
}

static void drop(wsim_host *at, wsim_packet *p, const char *reason)
{
    emit_segment(at->sim, at, "drop", p, reason);
    free(p);
}

static void unlink_packet(wsim_link_dir *dir, wsim_packet *p)
{
    if (p->prev)
        p->prev->next = p->next;
    else
        dir->first = p->next;
    if (p->next)
        p->next->prev = p->prev;
    else
        dir->last = p->prev;
    p->prev = p->next = NULL;
}

/* Whether p would overflow the drop-tail queue.  A packet that finds the
 * transmitter idle does not queue; one that waits must fit behind the
 * packets already waiting. */
static int queue_full(const wsim_link_dir *dir, const wsim_packet *p, int64_t now)
{
    if (dir->busy_until_ns <= now)
        return 0;
    uint64_t packets = 0, bytes = 0;
    for (const wsim_packet *q = dir->last; q && q->tx_start_ns > now; q = q->prev) {
        packets++;
        bytes += ip_bytes(q);
    }
    const wsim_link *link = dir->link;
    if (link->queue_bytes)
        return bytes + ip_bytes(p) > link->queue_bytes;
    return packets >= link->queue_packets;
}

/* True with probability `probability`: a 53-bit uniform draw, exact in a
 * double, so every platform draws the same. */
static int chance(wsim_rng *rng, double probability)
{
    return (double)(wsim_rng_next(rng) >> 11) * 0x1.0p-53 < probability;
}

static void packet_arrive(wsim_timer *timer);

/* Times from the scenario may be as large as int64 allows; a sum of them
 * saturates (and then lies past any stop time) instead of wrapping. */
static int64_t add_ns(int64_t a, int64_t b)
{
    return b > INT64_MAX - a ? INT64_MAX : a + b;
}

/* Puts p, at node `at`, on `dir` (NULL: no route); `event` is "send" at
 * the source, "forward" elsewhere. */
static int transmit_on(wsim_host *at, wsim_link_dir *dir, wsim_packet *p, const char *event)
{
    wsim_sim *sim = at->sim;
    const char *reason = NULL;
    if (at->net_down)
        reason = "net-down";
    else if (!dir)
        reason = "no-route";
    else if (!dir->link->up)
        reason = "link-down";
    else if (!dir->link->is_loopback && ip_bytes(p) > at->mtu)
        reason = "mtu";
    else if (queue_full(dir, p, sim->now_ns))
        reason = "queue-full";
    if (reason) {
        drop(at, p, reason);
        return -1;
    }

    wsim_link *link = dir->link;
    int64_t start = dir->busy_until_ns > sim->now_ns ? dir->busy_until_ns : sim->now_ns;
    uint64_t wire_bytes = ip_bytes(p) + link->framing_bytes;
    int64_t done = add_ns(start, wsim_serialization_ns(wire_bytes, link->bandwidth_bps));
    dir->busy_until_ns = done;
    p->tx_start_ns = start;
    p->tx_end_ns = done;
    int64_t arrival = add_ns(done, link->latency_ns);
    p->lost = link->loss > 0 && chance(&link->rng, link->loss);
    p->duplicated = 0;
    if (!p->lost) {
        p->duplicated = link->duplicate > 0 && chance(&link->rng, link->duplicate);
        int held = link->reorder > 0 && chance(&link->rng, link->reorder);
        if (link->jitter_ns > 0)
            arrival = add_ns(arrival, (int64_t)wsim_rng_below(&link->rng,
                                                              (uint64_t)link->jitter_ns + 1));
        if (held) {
            arrival = add_ns(arrival, link->reorder_delay_ns);
        } else {
            if (arrival < dir->last_arrival_ns)
                arrival = dir->last_arrival_ns;
            dir->last_arrival_ns = arrival;
        }
    }

    p->dir = dir;
    p->next = NULL;
    p->prev = dir->last;
    if (dir->last)
        dir->last->next = p;
    else
        dir->first = p;
    dir->last = p;
    wsim_timer_init(&p->arrive, packet_arrive);
    /* The record is made when the packet is queued; how long it waits for
     * the transmitter says when it leaves. */
    char detail[160];
    const char *note = p->note;
    if (start > sim->now_ns) {
        snprintf(detail, sizeof detail, "wait=%lld%s%s", (long long)(start - sim->now_ns),
                 note ? " " : "", note ? note : "");
        note = detail;
    }
    emit_segment(sim, at, event, p, note);
    p->note = NULL;   /* the transport's buffer lives only for this call */
    return wsim_queue_schedule(&sim->queue, &p->arrive, arrival) == 0 ? 0 : -1;
}

/* A limited broadcast goes out on every link of `at` but the one it came
 * in by (`from_link`, NULL at the source): to every host one IP hop away,
 * through switches (RFC 919, RFC 1122 3.3.6: routers do not forward it). */
static int flood(wsim_host *at, wsim_packet *p, const wsim_link *from_link, const char *event)
{
    wsim_sim *sim = at->sim;
    int sent = 0;
    for (size_t i = 0; i < sim->link_count; i++) {
        wsim_link *link = sim->links[i];
        if (link == from_link)
            continue;
        for (int d = 0; d < 2; d++) {
            if (link->dir[d].from != at)
                continue;
            wsim_packet *copy = packet_copy(p);
            if (copy && transmit_on(at, &link->dir[d], copy, event) == 0)
                sent++;
        }
    }
    if (!sent)
        drop(at, p, "no-route");
    else
        free(p);
    return sent ? 0 : -1;
}

/* Hands p, at node `at`, to the first link of its way on. */
static int transmit(wsim_host *at, wsim_packet *p, const char *event)
{
    if (p->dst_ip == WSIM_BROADCAST_ADDRESS)
        return flood(at, p, NULL, event);
    return transmit_on(at, next_hop(at, p->dst_ip), p, event);
}

/* The transport of the destination host takes the packet. */
static void deliver(wsim_host *host, const wsim_packet *p)
{
    if (p->protocol == WSIM_PROTO_TCP)
        wsim_stream_input(host, p);
    else
        wsim_dgram_input(host, p);
}

/* p has reached node `at`: for it, or to be passed on. */
static void receive(wsim_host *at, wsim_packet *p)
{
    const char *reason = at->crashed ? "host-down" : at->net_down ? "net-down" : NULL;
    if (reason) {
        drop(at, p, reason);
        return;
    }
    if (p->dst_ip == WSIM_BROADCAST_ADDRESS) {
        if (at->is_switch) {
            flood(at, p, p->dir->link, "forward");
        } else {
            emit_segment(at->sim, at, "recv", p, NULL);
            deliver(at, p);
            free(p);
        }
        return;
    }
    if (!at->is_switch && (p->dst_ip == at->address || wsim_is_loopback_address(p->dst_ip))) {
        emit_segment(at->sim, at, "recv", p, NULL);
        deliver(at, p);
        free(p);
        return;
    }
    /* A router decrements the TTL and discards the packet when it runs out,
     * recording the drop and answering with ICMP time exceeded (RFC 791,
     * RFC 1812 5.3.1; datagram.c); a switch works below IP. */
    if (!at->is_switch && !wsim_dgram_forward_ttl(at, p)) {
        free(p);
        return;
    }
    transmit(at, p, "forward");
}

static void packet_arrive(wsim_timer *timer)
{
    wsim_packet *p = CONTAINER_OF(timer, wsim_packet, arrive);
    wsim_link_dir *dir = p->dir;
    unlink_packet(dir, p);
    if (p->lost) {
        drop(dir->to, p, "loss");
        return;
    }
    /* The copy is taken before p is handled: forwarding reuses p. */
    wsim_packet *copy = p->duplicated ? packet_copy(p) : NULL;
    receive(dir->to, p);
    if (copy) {
        emit_segment(dir->link->sim, dir->to, "duplicate", copy, NULL);
        receive(dir->to, copy);
    }
}

int wsim_packet_send(wsim_host *from, wsim_packet *p)
{
    if (from->crashed) {
        free(p);
        return -1;
    }
    if (p->ttl == 0)
        p->ttl = WSIM_DEFAULT_TTL;
    return transmit(from, p, "send");
}

/* ---- faults on links and hosts ------------------------------------------- */

/* Drops the packets of dir whose transmission has not finished (all of them
 * when `all`), recorded at the sending node, and leaves the transmitter
 * idle. */
static void flush_dir(wsim_link_dir *dir, int all, const char *reason)
{
    wsim_sim *sim = dir->link->sim;
    wsim_packet *p = dir->first;
    while (p) {
        wsim_packet *next = p->next;
        if (all || p->tx_end_ns > sim->now_ns) {
            wsim_queue_cancel(&sim->queue, &p->arrive);
            unlink_packet(dir, p);
            drop(dir->from, p, reason);
        }
        p = next;
    }
    if (dir->busy_until_ns > sim->now_ns)
        dir->busy_until_ns = sim->now_ns;
}

void wsim_link_set_up(wsim_link *link, int up)
{
    if (!up && link->up) {
        flush_dir(&link->dir[0], 1, "link-down");
        flush_dir(&link->dir[1], 1, "link-down");
    }
    link->up = up ? 1 : 0;
}

void wsim_host_flush_outgoing(wsim_host *host, const char *reason)
{
    wsim_sim *sim = host->sim;
    if (host->loopback)
        flush_dir(&host->loopback->dir[0], 0, reason);
    for (size_t i = 0; i < sim->link_count; i++)
        for (int d = 0; d < 2; d++)
            if (sim->links[i]->dir[d].from == host)
                flush_dir(&sim->links[i]->dir[d], 0, reason);
}

void wsim_host_set_network(wsim_host *host, int up)
{
    if (!up && !host->net_down)
        wsim_host_flush_outgoing(host, "net-down");
    host->net_down = !up;
}
