/* net.c — hosts, links, routing, and a packet's trip across a link. */
#include "sim/net.h"

#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sim/stream.h"

#define CONTAINER_OF(ptr, type, member) ((type *)((char *)(ptr) - offsetof(type, member)))

int64_t wsim_serialization_ns(uint64_t bytes, uint64_t bps)
{
    /* bytes * 8e9 / bps rounded up; bytes < 2^32 keeps this inside 2^63. */
    unsigned __int128 bits_ns = (unsigned __int128)bytes * 8u * 1000000000u;
    return (int64_t)((bits_ns + bps - 1) / bps);
}

static int add_link_slot(wsim_sim *sim, wsim_link *link)
{
    wsim_link **grown = realloc(sim->links, (sim->link_count + 1) * sizeof *grown);
    if (!grown)
        return -1;
    sim->links = grown;
    link->id = (int)sim->link_count;
    sim->links[sim->link_count++] = link;
    return 0;
}

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
    link->up = 1;
    link->dir[0] = (wsim_link_dir){.link = link, .from = a, .to = b};
    link->dir[1] = (wsim_link_dir){.link = link, .from = b, .to = a};
    return link;
}

wsim_host *wsim_host_add(wsim_sim *sim, const char *name, uint32_t address,
                         const wsim_tcp_config *tcp, int64_t loopback_latency_ns,
                         uint64_t loopback_bps)
{
    wsim_host **grown = realloc(sim->hosts, (sim->host_count + 1) * sizeof *grown);
    if (!grown)
        return NULL;
    sim->hosts = grown;
    wsim_host *host = calloc(1, sizeof *host);
    if (!host)
        return NULL;
    host->name = strdup(name);
    /* The loopback queue never overflows in practice: it is as deep as the
     * largest receive window a stream can advertise in packets. */
    host->loopback = link_new(sim, host, host, loopback_latency_ns, loopback_bps, 1u << 16);
    if (!host->name || !host->loopback) {
        free(host->name);
        free(host->loopback);
        free(host);
        return NULL;
    }
    host->loopback->is_loopback = 1;
    host->sim = sim;
    host->id = (int)sim->host_count;
    host->address = address;
    host->tcp = *tcp;
    wsim_rng_init(&host->port_rng, sim->seed, WSIM_STREAM_PORTS, (uint64_t)host->id);
    wsim_rng_init(&host->isn_rng, sim->seed, WSIM_STREAM_ISN, (uint64_t)host->id);
    sim->hosts[sim->host_count++] = host;
    return host;
}

wsim_link *wsim_link_add(wsim_sim *sim, wsim_host *a, wsim_host *b, int64_t latency_ns,
                         uint64_t bandwidth_bps, uint32_t queue_packets)
{
    wsim_link *link = link_new(sim, a, b, latency_ns, bandwidth_bps, queue_packets);
    if (!link)
        return NULL;
    if (add_link_slot(sim, link) != 0) {
        free(link);
        return NULL;
    }
    return link;
}

wsim_host *wsim_host_by_address(wsim_sim *sim, uint32_t address)
{
    for (size_t i = 0; i < sim->host_count; i++)
        if (sim->hosts[i]->address == address)
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
    wsim_link_free(host->loopback);
    free(host->name);
    free(host);
}

wsim_link_dir *wsim_route(wsim_host *host, uint32_t dst_ip)
{
    if (dst_ip == host->address || wsim_is_loopback_address(dst_ip))
        return &host->loopback->dir[0];
    wsim_sim *sim = host->sim;
    for (size_t i = 0; i < sim->link_count; i++) {
        wsim_link *link = sim->links[i];
        for (int d = 0; d < 2; d++)
            if (link->dir[d].from == host && link->dir[d].to->address == dst_ip)
                return &link->dir[d];
    }
    return NULL;
}

uint32_t wsim_source_address(wsim_host *host, uint32_t dst_ip)
{
    return wsim_is_loopback_address(dst_ip) ? dst_ip : host->address;
}

wsim_packet *wsim_packet_new(uint32_t len)
{
    wsim_packet *p = calloc(1, sizeof *p + len);
    if (p)
        p->len = len;
    return p;
}

static void emit_segment(wsim_sim *sim, wsim_host *host, const char *event,
                         const wsim_packet *p, const char *detail)
{
    char text[96];
    if (detail)
        snprintf(text, sizeof text, "win=%u %s", p->window, detail);
    else if (p->mss_option)
        snprintf(text, sizeof text, "win=%u mss=%u", p->window, p->mss_option);
    else
        snprintf(text, sizeof text, "win=%u", p->window);
    wsim_record rec;
    wsim_record_init(sim, &rec, WSIM_REC_SEGMENT);
    rec.host = host->id;
    rec.process = rec.thread = -1;
    rec.name = event;
    rec.text = text;
    rec.a[0] = ((int64_t)p->src_ip << 16) | p->src_port;
    rec.a[1] = ((int64_t)p->dst_ip << 16) | p->dst_port;
    rec.a[2] = p->seq;
    rec.a[3] = p->ack;
    rec.a[4] = p->len;
    rec.a[5] = p->flags;
    wsim_sim_emit(sim, &rec);
}

static void packet_arrive(wsim_timer *timer)
{
    wsim_packet *p = CONTAINER_OF(timer, wsim_packet, arrive);
    wsim_link_dir *dir = p->dir;
    if (p->prev)
        p->prev->next = p->next;
    else
        dir->first = p->next;
    if (p->next)
        p->next->prev = p->prev;
    else
        dir->last = p->prev;
    emit_segment(dir->link->sim, dir->to, "recv", p, NULL);
    wsim_stream_input(dir->to, p);
    free(p);
}

/* Packets that have not started transmission at `now` (the queue). */
static uint32_t waiting_packets(const wsim_link_dir *dir, int64_t now)
{
    uint32_t count = 0;
    for (const wsim_packet *p = dir->last; p && p->tx_start_ns > now; p = p->prev)
        count++;
    return count;
}

int wsim_packet_send(wsim_host *from, wsim_packet *p)
{
    wsim_sim *sim = from->sim;
    wsim_link_dir *dir = wsim_route(from, p->dst_ip);
    if (!dir) {
        emit_segment(sim, from, "drop", p, "no-route");
        free(p);
        return -1;
    }
    wsim_link *link = dir->link;
    if (waiting_packets(dir, sim->now_ns) >= link->queue_packets) {
        emit_segment(sim, from, "drop", p, "queue-full");
        free(p);
        return -1;
    }
    int64_t start = dir->busy_until_ns > sim->now_ns ? dir->busy_until_ns : sim->now_ns;
    uint64_t wire_bytes = (uint64_t)p->len + p->header_bytes + link->framing_bytes;
    int64_t done = start + wsim_serialization_ns(wire_bytes, link->bandwidth_bps);
    dir->busy_until_ns = done;
    p->tx_start_ns = start;
    p->dir = dir;
    p->next = NULL;
    p->prev = dir->last;
    if (dir->last)
        dir->last->next = p;
    else
        dir->first = p;
    dir->last = p;
    wsim_timer_init(&p->arrive, packet_arrive);
    emit_segment(sim, from, "send", p, NULL);
    if (wsim_queue_schedule(&sim->queue, &p->arrive, done + link->latency_ns) != 0)
        return -1;
    return 0;
}
