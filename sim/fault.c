/* fault.c — scheduling and applying faults (see fault.h). */
#include "sim/fault.h"

#include <stdlib.h>
#include <string.h>

#include "sim/datagram.h"
#include "sim/stream.h"

#define CONTAINER_OF(ptr, type, member) ((type *)((char *)(ptr) - offsetof(type, member)))

struct wsim_fault {
    wsim_sim *sim;
    wsim_timer timer;
    wsim_fault_kind kind;
    char *target;
    wsim_link **links;
    size_t link_count;
    wsim_host *host;
    double loss;            /* link-loss: the new probability */
    int64_t jitter_ns;      /* link-jitter: the new bound */
};

static const char *const kind_names[WSIM_FAULT_KIND_COUNT] = {
    [WSIM_FAULT_LINK_DOWN] = "link-down",
    [WSIM_FAULT_LINK_UP] = "link-up",
    [WSIM_FAULT_PARTITION] = "partition",
    [WSIM_FAULT_HEAL] = "heal",
    [WSIM_FAULT_HOST_CRASH] = "host-crash",
    [WSIM_FAULT_HOST_RESTART] = "host-restart",
    [WSIM_FAULT_NETWORK_DOWN] = "network-down",
    [WSIM_FAULT_NETWORK_UP] = "network-up",
    [WSIM_FAULT_BUFFERS_EXHAUSTED] = "buffers-exhausted",
    [WSIM_FAULT_BUFFERS_AVAILABLE] = "buffers-available",
    [WSIM_FAULT_LINK_LOSS] = "link-loss",
    [WSIM_FAULT_LINK_JITTER] = "link-jitter",
};

const char *wsim_fault_kind_name(wsim_fault_kind kind)
{
    return (unsigned)kind < WSIM_FAULT_KIND_COUNT ? kind_names[kind] : NULL;
}

int wsim_fault_kind_from_name(const char *name, wsim_fault_kind *kind)
{
    for (int k = 0; k < WSIM_FAULT_KIND_COUNT; k++) {
        if (strcmp(kind_names[k], name) == 0) {
            *kind = (wsim_fault_kind)k;
            return 0;
        }
    }
    return -1;
}

int wsim_fault_hits_host(wsim_fault_kind kind)
{
    return kind >= WSIM_FAULT_HOST_CRASH && kind <= WSIM_FAULT_BUFFERS_AVAILABLE;
}

/* ---- crash and restart ----------------------------------------------------- */

static void host_crash(wsim_host *host)
{
    if (host->crashed)
        return;
    wsim_sim *sim = host->sim;
    host->crashed = 1;
    wsim_host_flush_outgoing(host, "host-down");
    for (size_t i = 0; i < sim->process_count; i++) {
        wsim_process *p = sim->processes[i];
        if (p->host != host || p->exit_recorded)
            continue;
        /* The copy for the restart is made while the program's context is
         * alive: the kill's cleanup releases it. */
        if (p->ops.clone)
            p->restart_ctx = p->ops.clone(p->ops.ctx);
        wsim_process_kill(p, WSIM_EXIT_HOST_CRASH);
    }
    /* What the programs' sockets left behind (connections closing, children
     * nobody accepted, datagrams being reassembled) goes too; the packets
     * their closing made were freed unsent (wsim_packet_send on a crashed
     * host). */
    wsim_stream_free_all(host);
    wsim_dgram_free_all(host);
}

static void host_restart(wsim_host *host)
{
    if (!host->crashed)
        return;
    wsim_sim *sim = host->sim;
    host->crashed = 0;
    size_t count = sim->process_count;   /* not the instances added below */
    for (size_t i = 0; i < count; i++) {
        wsim_process *p = sim->processes[i];
        if (p->host != host || !p->restart_ctx)
            continue;
        wsim_program_ops ops = p->ops;
        ops.ctx = p->restart_ctx;
        p->restart_ctx = NULL;
        wsim_process *again = wsim_process_add(sim, host, p->name, p->args_text,
                                               sim->now_ns + p->boot_offset_ns, ops);
        if (again)
            again->boot_offset_ns = p->boot_offset_ns;
        else if (ops.cleanup)
            ops.cleanup(p, ops.ctx);   /* out of memory: it stays dead */
    }
}

/* ---- applying -------------------------------------------------------------- */

static void record(wsim_sim *sim, wsim_fault_kind kind, const char *target, const wsim_host *host)
{
    wsim_record rec;
    wsim_record_init(sim, &rec, WSIM_REC_FAULT);
    rec.host = host ? host->id : -1;
    rec.process = rec.thread = -1;
    rec.name = wsim_fault_kind_name(kind);
    rec.text = target ? target : host ? host->name : "";
    wsim_sim_emit(sim, &rec);
}

void wsim_fault_apply(wsim_sim *sim, wsim_fault_kind kind, const char *target,
                      wsim_link *const *links, size_t link_count, wsim_host *host)
{
    record(sim, kind, target, wsim_fault_hits_host(kind) ? host : NULL);
    switch (kind) {
    case WSIM_FAULT_LINK_DOWN:
    case WSIM_FAULT_PARTITION:
    case WSIM_FAULT_LINK_UP:
    case WSIM_FAULT_HEAL: {
        int up = kind == WSIM_FAULT_LINK_UP || kind == WSIM_FAULT_HEAL;
        for (size_t i = 0; i < link_count; i++)
            wsim_link_set_up(links[i], up);
        break;
    }
    case WSIM_FAULT_HOST_CRASH: host_crash(host); break;
    case WSIM_FAULT_HOST_RESTART: host_restart(host); break;
    case WSIM_FAULT_NETWORK_DOWN: wsim_host_set_network(host, 0); break;
    case WSIM_FAULT_NETWORK_UP: wsim_host_set_network(host, 1); break;
    case WSIM_FAULT_BUFFERS_EXHAUSTED: host->buffers_exhausted = 1; break;
    case WSIM_FAULT_BUFFERS_AVAILABLE: host->buffers_exhausted = 0; break;
    case WSIM_FAULT_LINK_LOSS:   /* its probability: wsim_fault_schedule_loss */
    case WSIM_FAULT_LINK_JITTER: /* its bound: wsim_fault_schedule_jitter */
    case WSIM_FAULT_KIND_COUNT: break;
    }
}

/* ---- scheduling ------------------------------------------------------------ */

static void fault_fire(wsim_timer *timer)
{
    wsim_fault *f = CONTAINER_OF(timer, wsim_fault, timer);
    wsim_fault_apply(f->sim, f->kind, f->target, f->links, f->link_count, f->host);
    for (size_t i = 0; i < f->link_count; i++) {
        if (f->kind == WSIM_FAULT_LINK_LOSS)
            f->links[i]->loss = f->loss;
        else if (f->kind == WSIM_FAULT_LINK_JITTER)
            f->links[i]->jitter_ns = f->jitter_ns;
    }
}

static void fault_free(wsim_fault *f)
{
    free(f->target);
    free(f->links);
    free(f);
}

int wsim_fault_schedule(wsim_sim *sim, int64_t at_ns, wsim_fault_kind kind, const char *target,
                        wsim_link *const *links, size_t link_count, wsim_host *host)
{
    wsim_fault **grown = realloc(sim->faults, (sim->fault_count + 1) * sizeof *grown);
    if (!grown)
        return -1;
    sim->faults = grown;
    wsim_fault *f = calloc(1, sizeof *f);
    if (!f)
        return -1;
    f->sim = sim;
    f->kind = kind;
    f->host = host;
    f->link_count = link_count;
    if ((target && !(f->target = strdup(target))) ||
        (link_count && !(f->links = malloc(link_count * sizeof *f->links)))) {
        fault_free(f);
        return -1;
    }
    if (link_count)
        memcpy(f->links, links, link_count * sizeof *f->links);
    wsim_timer_init(&f->timer, fault_fire);
    if (wsim_queue_schedule(&sim->queue, &f->timer, at_ns) != 0) {
        fault_free(f);
        return -1;
    }
    sim->faults[sim->fault_count++] = f;
    return 0;
}

int wsim_fault_schedule_loss(wsim_sim *sim, int64_t at_ns, const char *target, wsim_link *link,
                             double loss)
{
    if (wsim_fault_schedule(sim, at_ns, WSIM_FAULT_LINK_LOSS, target, &link, 1, NULL) != 0)
        return -1;
    sim->faults[sim->fault_count - 1]->loss = loss;
    return 0;
}

int wsim_fault_schedule_jitter(wsim_sim *sim, int64_t at_ns, const char *target, wsim_link *link,
                               int64_t jitter_ns)
{
    if (wsim_fault_schedule(sim, at_ns, WSIM_FAULT_LINK_JITTER, target, &link, 1, NULL) != 0)
        return -1;
    sim->faults[sim->fault_count - 1]->jitter_ns = jitter_ns;
    return 0;
}

int wsim_fault_restart_pending(const wsim_sim *sim)
{
    for (size_t i = 0; i < sim->fault_count; i++) {
        const wsim_fault *f = sim->faults[i];
        if (f->kind != WSIM_FAULT_HOST_RESTART || !wsim_timer_pending(&f->timer) ||
            f->timer.when_ns > sim->stop_ns)
            continue;
        for (size_t j = 0; j < sim->process_count; j++)
            if (sim->processes[j]->host == f->host && sim->processes[j]->restart_ctx)
                return 1;
    }
    return 0;
}

void wsim_fault_free_all(wsim_sim *sim)
{
    for (size_t i = 0; i < sim->fault_count; i++) {
        wsim_queue_cancel(&sim->queue, &sim->faults[i]->timer);
        fault_free(sim->faults[i]);
    }
    free(sim->faults);
    sim->faults = NULL;
    sim->fault_count = 0;
}
