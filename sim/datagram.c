/* datagram.c — UDP endpoints, IP fragmentation and reassembly, ICMP errors.
 *
 * A datagram's way out:  wsim_dgram_send -> ip_output (one packet, or
 *   fragments cut to the first hop's MTU) -> wsim_packet_send.
 * Its way in:  packet_arrive (net.c) -> wsim_dgram_input -> reassemble (for
 *   fragments) -> udp_deliver -> the endpoint's receive queue, or a drop
 *   record (and ICMP port unreachable when nobody has the port).
 * An ICMP error's way in:  wsim_dgram_input -> icmp_input -> an error entry
 *   in the receive queue of the endpoint that sent the datagram it quotes.
 *
 * An ICMP error quotes what RFC 792 asks for: the original IP header and the
 * first 8 bytes of its payload (the UDP header), 28 bytes in all, as the
 * ICMP packet's payload.  The ICMP packet's own src_port/dst_port repeat
 * the quoted ports turned round (the port the datagram went to, then the
 * port it came from), so that the trace reads as an answer.
 */
#include "sim/datagram.h"

#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "sim/defaults.h"

#define CONTAINER_OF(ptr, type, member) ((type *)((char *)(ptr) - offsetof(type, member)))

/* Bytes an ICMP error quotes: the IP header and 8 bytes of payload. */
#define ICMP_QUOTE_BYTES (WSIM_IP_HEADER_BYTES + 8u)

/* A fragment waiting for the rest of its datagram.  offset and len are in
 * UDP payload bytes (the header the first fragment carries is not kept). */
typedef struct fragment {
    struct fragment *next;             /* sorted by offset */
    uint32_t offset, len;
    unsigned char data[];
} fragment;

/* A datagram being reassembled (RFC 791: keyed by source, destination,
 * protocol and identification). */
struct wsim_reassembly {
    struct wsim_reassembly *next;
    wsim_host *host;
    uint32_t src_ip, dst_ip, id;
    uint16_t src_port, dst_port;
    uint8_t protocol, ttl;
    int have_first, have_last;
    uint32_t total;                    /* UDP payload bytes, once the last fragment came */
    uint32_t received;                 /* payload bytes held */
    fragment *fragments;
    wsim_timer timeout;
};

/* ---- records --------------------------------------------------------------- */

/* A SEGMENT record in net.c's form, for what this transport drops. */
static void emit_drop(wsim_host *host, uint32_t src_ip, uint16_t src_port, uint32_t dst_ip,
                      uint16_t dst_port, uint32_t len, const char *why)
{
    wsim_sim *sim = host->sim;
    wsim_record rec;
    wsim_record_init(sim, &rec, WSIM_REC_SEGMENT);
    rec.host = host->id;
    rec.process = rec.thread = -1;
    rec.name = "drop";
    rec.text = why;
    rec.segment.src = ((int64_t)src_ip << 16) | src_port;
    rec.segment.dst = ((int64_t)dst_ip << 16) | dst_port;
    rec.segment.len = len;
    wsim_sim_emit(sim, &rec);
}

/* ---- endpoints ------------------------------------------------------------- */

static void changed(wsim_dgram *d)
{
    wsim_waitq_wake_all(d->host->sim, &d->waitq);
    if (d->on_change)
        d->on_change(d, d->on_change_ctx);
}

wsim_dgram *wsim_dgram_new(wsim_host *host)
{
    wsim_dgram *d = calloc(1, sizeof *d);
    if (!d)
        return NULL;
    d->host = host;
    d->ttl = WSIM_DEFAULT_TTL;
    /* The host's socket buffer sizes apply to both transports. */
    d->sndbuf = host->tcp.sndbuf;
    d->rcvbuf = host->tcp.rcvbuf;
    wsim_waitq_init(&d->waitq);
    d->next = host->dgrams;
    if (host->dgrams)
        host->dgrams->prev = d;
    host->dgrams = d;
    return d;
}

static void clear_queue(wsim_dgram *d)
{
    while (d->first)
        wsim_dgram_pop(d);
}

void wsim_dgram_close(wsim_dgram *d)
{
    wsim_host *host = d->host;
    clear_queue(d);
    if (d->prev)
        d->prev->next = d->next;
    else
        host->dgrams = d->next;
    if (d->next)
        d->next->prev = d->prev;
    free(d);
}

void wsim_dgram_pop(wsim_dgram *d)
{
    wsim_dgram_entry *e = d->first;
    if (!e)
        return;
    d->first = e->next;
    if (!d->first)
        d->last = NULL;
    d->queued_bytes -= e->len;
    free(e);
}

static void enqueue(wsim_dgram *d, wsim_dgram_entry *e)
{
    e->next = NULL;
    if (d->last)
        d->last->next = e;
    else
        d->first = e;
    d->last = e;
    d->queued_bytes += e->len;
    changed(d);
}

/* ---- addresses ------------------------------------------------------------- */

static int is_local_address(const wsim_host *host, uint32_t ip)
{
    return ip == host->address || wsim_is_loopback_address(ip);
}

static int port_taken(const wsim_host *host, uint32_t ip, uint16_t port)
{
    for (const wsim_dgram *o = host->dgrams; o; o = o->next)
        if (o->bound && o->local_port == port &&
            (o->local_ip == ip || o->local_ip == 0 || ip == 0))
            return 1;
    return 0;
}

static uint16_t ephemeral_port(wsim_host *host, uint32_t ip)
{
    uint32_t span = WSIM_EPHEMERAL_PORT_HIGH - WSIM_EPHEMERAL_PORT_LOW + 1;
    uint32_t first = (uint32_t)wsim_rng_below(&host->port_rng, span);
    for (uint32_t i = 0; i < span; i++) {
        uint16_t port = (uint16_t)(WSIM_EPHEMERAL_PORT_LOW + (first + i) % span);
        if (!port_taken(host, ip, port))
            return port;
    }
    return 0;
}

wsim_dgram_error wsim_dgram_bind(wsim_dgram *d, uint32_t ip, uint16_t port)
{
    wsim_host *host = d->host;
    if (ip != 0 && !is_local_address(host, ip))
        return WSIM_DE_ADDRNOTAVAIL;
    if (port == 0) {
        port = ephemeral_port(host, ip);
        if (port == 0)
            return WSIM_DE_ADDRINUSE;
    } else if (port_taken(host, ip, port)) {
        return WSIM_DE_ADDRINUSE;
    }
    d->local_ip = ip;
    d->local_port = port;
    d->bound = 1;
    return WSIM_DE_NONE;
}

/* The checks a destination needs, for connect and for every send. */
static wsim_dgram_error check_destination(const wsim_dgram *d, uint32_t ip, uint16_t port)
{
    if (ip == 0 || port == 0)
        return WSIM_DE_ADDRNOTAVAIL;
    if (ip == WSIM_BROADCAST_ADDRESS)
        return d->broadcast ? WSIM_DE_NONE : WSIM_DE_ACCESS;
    return wsim_route(d->host, ip) ? WSIM_DE_NONE : WSIM_DE_UNREACHABLE;
}

wsim_dgram_error wsim_dgram_connect(wsim_dgram *d, uint32_t ip, uint16_t port)
{
    if (ip == 0 && port == 0) {
        d->connected = 0;
        return WSIM_DE_NONE;
    }
    wsim_dgram_error err = check_destination(d, ip, port);
    if (!err && !d->bound)
        err = wsim_dgram_bind(d, 0, 0);
    if (err)
        return err;
    d->connected = 1;
    d->remote_ip = ip;
    d->remote_port = port;
    return WSIM_DE_NONE;
}

/* ---- sending --------------------------------------------------------------- */

/* The largest IP packet host may send by dir (NULL: no route).  The
 * loopback's MTU is the scenario's loopback.mtu, which the host keeps as
 * its loopback MSS plus the TCP/IP header bytes. */
static uint32_t path_mtu(const wsim_host *host, const wsim_link_dir *dir)
{
    if (dir && dir->link->is_loopback)
        return host->tcp.loopback_mss + host->tcp.header_bytes;
    return host->mtu;
}

/* What every packet of one IP datagram shares; `transport` is the size of
 * the transport header the first fragment carries. */
typedef struct ip_datagram {
    uint8_t protocol, ttl;
    uint32_t src_ip, dst_ip, id;
    uint16_t src_port, dst_port;
    uint8_t icmp_type, icmp_code;
    uint32_t transport;
} ip_datagram;

static wsim_packet *make_packet(const ip_datagram *dg, uint32_t len)
{
    wsim_packet *p = wsim_packet_new(len);
    if (!p)
        return NULL;
    p->protocol = dg->protocol;
    p->ttl = dg->ttl;
    p->src_ip = dg->src_ip;
    p->dst_ip = dg->dst_ip;
    p->src_port = dg->src_port;
    p->dst_port = dg->dst_port;
    p->datagram_id = dg->id;
    p->icmp_type = dg->icmp_type;
    p->icmp_code = dg->icmp_code;
    return p;
}

/* Hands one IP datagram to the link dir leads to, in fragments when its IP
 * packet exceeds the link's MTU (RFC 791 3.2, "Fragmentation"). */
static void ip_output(wsim_host *host, const wsim_link_dir *dir, const ip_datagram *dg,
                      const unsigned char *data, uint32_t len)
{
    uint32_t mtu = path_mtu(host, dir);
    uint32_t payload = dg->transport + len;              /* IP payload bytes */
    uint32_t room = (mtu - WSIM_IP_HEADER_BYTES) & ~7u;  /* per fragment, 8-byte units */
    if (WSIM_IP_HEADER_BYTES + payload <= mtu)
        room = payload;
    uint32_t offset = 0;                                 /* in the IP payload */
    do {
        uint32_t chunk = payload - offset < room ? payload - offset : room;
        uint32_t header = WSIM_IP_HEADER_BYTES + (offset == 0 ? dg->transport : 0);
        uint32_t data_len = chunk - (offset == 0 ? dg->transport : 0);
        wsim_packet *p = make_packet(dg, data_len);
        if (!p)
            return;   /* out of memory: behaves as a lost fragment */
        p->header_bytes = (uint16_t)header;
        p->frag_offset = offset;
        p->frag_more = offset + chunk < payload;
        memcpy(p->payload, data + (offset == 0 ? 0 : offset - dg->transport), data_len);
        wsim_packet_send(host, p);
        offset += chunk;
    } while (offset < payload);
}

wsim_dgram_error wsim_dgram_check_send(const wsim_dgram *d, uint32_t ip, uint16_t port,
                                       size_t len)
{
    if (len > WSIM_UDP_MAX_PAYLOAD)
        return WSIM_DE_MSGSIZE;
    return check_destination(d, ip, port);
}

wsim_dgram_error wsim_dgram_send(wsim_dgram *d, uint32_t ip, uint16_t port, const void *data,
                                 size_t len)
{
    wsim_host *host = d->host;
    wsim_dgram_error err = wsim_dgram_check_send(d, ip, port, len);
    if (!err && !d->bound)
        err = wsim_dgram_bind(d, 0, 0);   /* the implicit bind of sendto */
    if (err)
        return err;
    ip_datagram dg = {
        .protocol = WSIM_PROTO_UDP,
        .ttl = d->ttl,
        .dst_ip = ip,
        .id = host->next_datagram_id++,
        .src_port = d->local_port,
        .dst_port = port,
        .transport = WSIM_UDP_HEADER_BYTES,
    };
    dg.src_ip = d->local_ip ? d->local_ip : wsim_source_address(host, ip);
    /* A broadcast is one datagram to 255.255.255.255: where it goes is the
     * network's business (net.c), as it is for any destination. */
    ip_output(host, wsim_route(host, ip), &dg, data, (uint32_t)len);
    return WSIM_DE_NONE;
}

/* ---- ICMP ------------------------------------------------------------------ */

static void put16(unsigned char *at, uint32_t v)
{
    at[0] = (unsigned char)(v >> 8);
    at[1] = (unsigned char)v;
}

static void put32(unsigned char *at, uint32_t v)
{
    put16(at, v >> 16);
    put16(at + 2, v);
}

static uint32_t get16(const unsigned char *at) { return ((uint32_t)at[0] << 8) | at[1]; }
static uint32_t get32(const unsigned char *at) { return (get16(at) << 16) | get16(at + 2); }

/* What an ICMP error needs of the datagram it answers. */
typedef struct quoted {
    uint8_t protocol, ttl;
    uint32_t src_ip, dst_ip, id;
    uint16_t src_port, dst_port;
    uint32_t total;                    /* IP total length of the quoted packet */
} quoted;

/* Sends ICMP type/code from host to q's source, quoting q's IP header and
 * its first 8 payload bytes (RFC 792). */
static void icmp_error(wsim_host *host, uint32_t from_ip, const quoted *q, uint8_t type,
                       uint8_t code)
{
    wsim_link_dir *dir = wsim_route(host, q->src_ip);
    if (!dir)
        return;
    unsigned char quote[ICMP_QUOTE_BYTES] = {0};
    quote[0] = 0x45;                                  /* IPv4, 5 words of header */
    put16(quote + 2, q->total);
    put16(quote + 4, q->id);
    quote[8] = q->ttl;
    quote[9] = q->protocol;
    put32(quote + 12, q->src_ip);
    put32(quote + 16, q->dst_ip);
    put16(quote + 20, q->src_port);                   /* the UDP header */
    put16(quote + 22, q->dst_port);
    put16(quote + 24, q->total - WSIM_IP_HEADER_BYTES);
    ip_datagram dg = {
        .protocol = WSIM_PROTO_ICMP,
        .ttl = WSIM_DEFAULT_TTL,
        .src_ip = from_ip,
        .dst_ip = q->src_ip,
        .id = host->next_datagram_id++,
        .src_port = q->dst_port,
        .dst_port = q->src_port,
        .icmp_type = type,
        .icmp_code = code,
        .transport = WSIM_ICMP_HEADER_BYTES,
    };
    ip_output(host, dir, &dg, quote, sizeof quote);
}

static int is_icmp_error(const wsim_packet *p)
{
    return p->protocol == WSIM_PROTO_ICMP &&
           (p->icmp_type == WSIM_ICMP_UNREACHABLE || p->icmp_type == WSIM_ICMP_TIME_EXCEEDED);
}

int wsim_dgram_forward_ttl(wsim_host *node, wsim_packet *p)
{
    if (p->ttl > 1) {
        p->ttl--;
        return 1;
    }
    emit_drop(node, p->src_ip, p->src_port, p->dst_ip, p->dst_port, p->len, "ttl-expired");
    if (p->frag_offset == 0 && !is_icmp_error(p)) {
        quoted q = {
            .protocol = p->protocol,
            .ttl = p->ttl,
            .src_ip = p->src_ip,
            .dst_ip = p->dst_ip,
            .id = p->datagram_id,
            .src_port = p->src_port,
            .dst_port = p->dst_port,
            .total = p->header_bytes + p->len,
        };
        icmp_error(node, node->address, &q, WSIM_ICMP_TIME_EXCEEDED, WSIM_ICMP_CODE_TTL_EXCEEDED);
    }
    return 0;
}

/* An ICMP error arrived: the endpoint that sent the quoted UDP datagram
 * learns of it through an error entry.  Errors about anything else (a TCP
 * segment: a soft error, RFC 1122 4.2.3.9) are ignored. */
static void icmp_input(wsim_host *host, const wsim_packet *p)
{
    wsim_dgram_error error;
    if (p->icmp_type == WSIM_ICMP_UNREACHABLE && p->icmp_code == WSIM_ICMP_CODE_PORT_UNREACHABLE)
        error = WSIM_DE_PORT_UNREACHABLE;
    else if (p->icmp_type == WSIM_ICMP_TIME_EXCEEDED && p->icmp_code == WSIM_ICMP_CODE_TTL_EXCEEDED)
        error = WSIM_DE_TTL_EXPIRED;
    else
        return;
    if (p->len < ICMP_QUOTE_BYTES || p->payload[9] != WSIM_PROTO_UDP)
        return;
    uint32_t src_ip = get32(p->payload + 12);
    uint16_t src_port = (uint16_t)get16(p->payload + 20);
    for (wsim_dgram *d = host->dgrams; d; d = d->next) {
        if (!d->bound || d->local_port != src_port ||
            (d->local_ip != 0 && d->local_ip != src_ip))
            continue;
        wsim_dgram_entry *e = calloc(1, sizeof *e);
        if (!e)
            return;
        e->error = error;
        enqueue(d, e);
        return;
    }
}

/* ---- receiving ------------------------------------------------------------- */

/* The endpoint that takes a datagram to dst_ip:dst_port, or NULL. */
static wsim_dgram *find_endpoint(wsim_host *host, uint32_t dst_ip, uint16_t dst_port)
{
    for (wsim_dgram *d = host->dgrams; d; d = d->next)
        if (d->bound && d->local_port == dst_port &&
            (d->local_ip == 0 || d->local_ip == dst_ip || dst_ip == WSIM_BROADCAST_ADDRESS))
            return d;
    return NULL;
}

/* A whole datagram of len bytes arrived at host.  q describes it for an
 * ICMP answer. */
static void udp_deliver(wsim_host *host, const quoted *q, const unsigned char *data, uint32_t len)
{
    wsim_dgram *d = find_endpoint(host, q->dst_ip, q->dst_port);
    if (!d) {
        emit_drop(host, q->src_ip, q->src_port, q->dst_ip, q->dst_port, len, "port-unreachable");
        /* Never about a broadcast (RFC 1122 3.2.2). */
        if (q->dst_ip != WSIM_BROADCAST_ADDRESS)
            icmp_error(host, q->dst_ip, q, WSIM_ICMP_UNREACHABLE, WSIM_ICMP_CODE_PORT_UNREACHABLE);
        return;
    }
    /* A connected datagram socket takes only its peer's datagrams (the
     * connect documentation: others are discarded). */
    if (d->connected && (d->remote_ip != q->src_ip || d->remote_port != q->src_port)) {
        emit_drop(host, q->src_ip, q->src_port, q->dst_ip, q->dst_port, len, "not-from-peer");
        return;
    }
    if (d->queued_bytes + len > d->rcvbuf) {
        emit_drop(host, q->src_ip, q->src_port, q->dst_ip, q->dst_port, len, "rcvbuf-full");
        return;
    }
    wsim_dgram_entry *e = malloc(sizeof *e + len);
    if (!e)
        return;
    e->error = WSIM_DE_NONE;
    e->src_ip = q->src_ip;
    e->src_port = q->src_port;
    e->len = len;
    memcpy(e->data, data, len);
    enqueue(d, e);
}

static void reassembly_free(wsim_reassembly *r)
{
    wsim_host *host = r->host;
    wsim_queue_cancel(&host->sim->queue, &r->timeout);
    wsim_reassembly **at = &host->reassembly;
    while (*at != r)
        at = &(*at)->next;
    *at = r->next;
    while (r->fragments) {
        fragment *f = r->fragments;
        r->fragments = f->next;
        free(f);
    }
    free(r);
}

static void reassembly_expired(wsim_timer *timer)
{
    wsim_reassembly *r = CONTAINER_OF(timer, wsim_reassembly, timeout);
    emit_drop(r->host, r->src_ip, r->src_port, r->dst_ip, r->dst_port, r->received,
              "reassembly-timeout");
    reassembly_free(r);
}

static wsim_reassembly *reassembly_for(wsim_host *host, const wsim_packet *p)
{
    for (wsim_reassembly *r = host->reassembly; r; r = r->next)
        if (r->src_ip == p->src_ip && r->dst_ip == p->dst_ip && r->id == p->datagram_id &&
            r->protocol == p->protocol)
            return r;
    wsim_reassembly *r = calloc(1, sizeof *r);
    if (!r)
        return NULL;
    r->host = host;
    r->src_ip = p->src_ip;
    r->dst_ip = p->dst_ip;
    r->id = p->datagram_id;
    r->protocol = p->protocol;
    r->src_port = p->src_port;
    r->dst_port = p->dst_port;
    r->ttl = p->ttl;
    wsim_timer_init(&r->timeout, reassembly_expired);
    r->next = host->reassembly;
    host->reassembly = r;
    wsim_queue_schedule(&host->sim->queue, &r->timeout,
                        host->sim->now_ns + WSIM_REASSEMBLY_TIMEOUT_NS);
    return r;
}

/* Adds fragment p; delivers and frees the datagram once it is whole. */
static void reassemble(wsim_host *host, const wsim_packet *p)
{
    wsim_reassembly *r = reassembly_for(host, p);
    if (!r)
        return;
    uint32_t offset = p->frag_offset == 0 ? 0 : p->frag_offset - WSIM_UDP_HEADER_BYTES;
    fragment **at = &r->fragments;
    while (*at && (*at)->offset < offset)
        at = &(*at)->next;
    if (*at && (*at)->offset == offset)
        return;   /* a duplicate */
    fragment *f = malloc(sizeof *f + p->len);
    if (!f)
        return;
    f->offset = offset;
    f->len = p->len;
    memcpy(f->data, p->payload, p->len);
    f->next = *at;
    *at = f;
    r->received += p->len;
    if (p->frag_offset == 0)
        r->have_first = 1;
    if (!p->frag_more) {
        r->have_last = 1;
        r->total = offset + p->len;
    }
    if (!r->have_first || !r->have_last || r->received < r->total)
        return;
    unsigned char *data = malloc(r->total ? r->total : 1);
    if (data) {
        for (fragment *g = r->fragments; g; g = g->next)
            memcpy(data + g->offset, g->data, g->len);
        quoted q = {
            .protocol = r->protocol,
            .ttl = r->ttl,
            .src_ip = r->src_ip,
            .dst_ip = r->dst_ip,
            .id = r->id,
            .src_port = r->src_port,
            .dst_port = r->dst_port,
            .total = WSIM_IP_HEADER_BYTES + WSIM_UDP_HEADER_BYTES + r->total,
        };
        udp_deliver(host, &q, data, r->total);
        free(data);
    }
    reassembly_free(r);
}

void wsim_dgram_input(wsim_host *host, const wsim_packet *p)
{
    if (p->protocol == WSIM_PROTO_ICMP) {
        icmp_input(host, p);
        return;
    }
    if (p->frag_offset != 0 || p->frag_more) {
        reassemble(host, p);
        return;
    }
    quoted q = {
        .protocol = p->protocol,
        .ttl = p->ttl,
        .src_ip = p->src_ip,
        .dst_ip = p->dst_ip,
        .id = p->datagram_id,
        .src_port = p->src_port,
        .dst_port = p->dst_port,
        .total = p->header_bytes + p->len,
    };
    udp_deliver(host, &q, p->payload, p->len);
}

void wsim_dgram_free_all(wsim_host *host)
{
    while (host->dgrams)
        wsim_dgram_close(host->dgrams);
    while (host->reassembly)
        reassembly_free(host->reassembly);
}
