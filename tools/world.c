/* world.c — a scenario made into a simulation: hosts, switches, links,
 * faults, programs.
 *
 * Nodes are numbered hosts first, then switches, in scenario order; links
 * are added in the order scenario.h numbers them (the links, then each
 * switch's ports), so a scenario's link number is the simulation's link id
 * and the routes' tie-break (sim/route.h) follows the file.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sim/fault.h"
#include "sim/net.h"
#include "tools/tool.h"
#include "wsapi/host.h"

static void emit_start(wsim_sim *sim, const wsim_scenario *scenario)
{
    wsim_record rec;
    wsim_record_init(sim, &rec, WSIM_REC_RUN_START);
    rec.name = "run";
    rec.text = scenario->text ? scenario->text : "";
    rec.run_start.seed = (int64_t)scenario->seed;
    wsim_sim_emit(sim, &rec);
}

/* A HOST record: the node's name and address (none for a switch). */
static void emit_node(wsim_sim *sim, const wsim_host *node)
{
    char address[16];
    uint32_t ip = node->address;
    snprintf(address, sizeof address, "%u.%u.%u.%u", ip >> 24, (ip >> 16) & 255,
             (ip >> 8) & 255, ip & 255);
    wsim_record rec;
    wsim_record_init(sim, &rec, WSIM_REC_HOST);
    rec.host = node->id;
    rec.name = node->name;
    rec.text = node->is_switch ? NULL : address;
    wsim_sim_emit(sim, &rec);
}

static wsim_link *add_link(wsim_sim *sim, wsim_host *a, wsim_host *b,
                           const wsim_scenario_link *l)
{
    wsim_link *link = wsim_link_add(sim, a, b, l->latency_ns, l->bandwidth_bps, l->queue_packets);
    if (link) {
        link->queue_bytes = l->queue_bytes;
        link->framing_bytes = l->framing_bytes;
        link->jitter_ns = l->jitter_ns;
        link->loss = l->loss;
        link->duplicate = l->duplicate;
        link->reorder = l->reorder;
        link->reorder_delay_ns = l->reorder_delay_ns;
    }
    return link;
}

/* The fault's target as the trace shows it (sim/fault.h): a link's label,
 * a partition's name with its links, or NULL for a host (its name). */
static void fault_target(const wsim_scenario *scenario, const wsim_scenario_fault *f, char *buf,
                         size_t size)
{
    buf[0] = '\0';
    if (wsim_fault_hits_host(f->kind))
        return;
    size_t used = 0;
    if (f->name)
        used = (size_t)snprintf(buf, size, "%s [", f->name);
    for (size_t i = 0; i < f->link_count && used < size; i++) {
        if (i)
            used += (size_t)snprintf(buf + used, size - used, " ");
        if (used < size)
            wsim_scenario_link_label(scenario, f->links[i], buf + used, size - used);
        used = strlen(buf);
    }
    if (f->name && used < size)
        snprintf(buf + used, size - used, "]");
}

static int add_fault(wsim_sim *sim, const wsim_scenario *scenario, const wsim_scenario_fault *f)
{
    wsim_link *links[f->link_count ? f->link_count : 1];
    for (size_t j = 0; j < f->link_count; j++)
        links[j] = sim->links[f->links[j]];
    char target[1024];
    fault_target(scenario, f, target, sizeof target);
    if (f->kind == WSIM_FAULT_LINK_LOSS) {
        size_t used = strlen(target);
        snprintf(target + used, sizeof target - used, " loss=%.17g", f->loss);
        return wsim_fault_schedule_loss(sim, f->at_ns, target, links[0], f->loss);
    }
    if (f->kind == WSIM_FAULT_LINK_JITTER) {
        size_t used = strlen(target);
        snprintf(target + used, sizeof target - used, " jitter=%lldns", (long long)f->jitter_ns);
        return wsim_fault_schedule_jitter(sim, f->at_ns, target, links[0], f->jitter_ns);
    }
    int hits_host = wsim_fault_hits_host(f->kind);
    return wsim_fault_schedule(sim, f->at_ns, f->kind, hits_host ? NULL : target, links,
                               f->link_count, hits_host ? sim->hosts[f->host] : NULL);
}

/* The faults the "explore" section draws for this seed (scenarios/
 * explore.h), after the written ones; each draw is a CHOICE record first
 * (what "explore-<kind>", value its time, low and high the window). */
static int add_explored_faults(wsim_sim *sim, const wsim_scenario *scenario)
{
    wsim_explore_draw *draws;
    size_t count;
    if (wsim_explore_draw_all(scenario, scenario->seed, &draws, &count) != 0)
        return -1;
    int rc = 0;
    for (size_t i = 0; rc == 0 && i < count; i++) {
        const wsim_explore_draw *d = &draws[i];
        const wsim_explore_entry *e = &scenario->explore.entries[d->entry];
        char what[64], detail[512];
        snprintf(what, sizeof what, "explore-%s", wsim_explore_kind_name(d->kind));
        wsim_explore_describe(scenario, d, detail, sizeof detail);
        wsim_record rec;
        wsim_record_init(sim, &rec, WSIM_REC_CHOICE);
        int by_link = d->kind == WSIM_EXPLORE_LOSS || d->kind == WSIM_EXPLORE_JITTER;
        rec.host = by_link ? -1 : (int)d->host;
        rec.name = what;
        rec.text = detail;
        rec.a[0] = d->at_ns;
        rec.a[1] = e->at_min_ns;
        rec.a[2] = e->at_max_ns;
        wsim_sim_emit(sim, &rec);
        wsim_scenario_fault pair[2];
        if (wsim_explore_faults(scenario, d, pair) != 0)
            rc = -1;
        else
            rc = add_fault(sim, scenario, &pair[0]) || add_fault(sim, scenario, &pair[1]) ? -1 : 0;
        for (int k = 0; k < 2; k++) {
            free(pair[k].links);
            free(pair[k].name);
        }
    }
    free(draws);
    return rc;
}

static int add_faults(wsim_sim *sim, const wsim_scenario *scenario)
{
    for (size_t i = 0; i < scenario->fault_count; i++)
        if (add_fault(sim, scenario, &scenario->faults[i]) != 0)
            return -1;
    return 0;
}

/* The scenario's profile name as the socket floor's profile. */
static wsapi_profile provider_profile(wsim_scenario_profile profile)
{
    switch (profile) {
    case WSIM_SCENARIO_PROFILE_WINDOWS: break;
    case WSIM_SCENARIO_PROFILE_WIN9X: return WSAPI_PROFILE_WIN9X;
    case WSIM_SCENARIO_PROFILE_WINCE: return WSAPI_PROFILE_WINCE;
    }
    return WSAPI_PROFILE_WINDOWS;
}

wsim_sim *wsim_world_build(const wsim_scenario *scenario, wsapi_module *const *modules,
                           wsim_observer observer, char *err, size_t err_size)
{
    wsim_sim *sim = wsim_sim_new(scenario->seed, scenario->stop_ns, observer);
    if (!sim) {
        snprintf(err, err_size, "out of memory");
        return NULL;
    }
    emit_start(sim, scenario);
    sim->latitude = scenario->latitude;
    sim->record_payloads = scenario->trace_payloads;
    sim->budgets = scenario->budgets;
    const wsim_scenario_tcp *t = &scenario->tcp;
    const wsim_scenario_loopback *lo = &scenario->loopback;
    /* Every field of wsim_tcp_config, from the scenario's "tcp". */
    wsim_tcp_config tcp = {
        .mss = t->mss,
        .loopback_mss = lo->mtu > t->header_bytes ? lo->mtu - t->header_bytes : t->mss,
        .header_bytes = t->header_bytes,
        .sndbuf = t->sndbuf,
        .rcvbuf = t->rcvbuf,
        .delayed_ack = t->delayed_ack,
        .delayed_ack_ns = t->delayed_ack_ns,
        .delayed_ack_segments = t->delayed_ack_segments,
        .congestion_control = t->congestion_control,
        .initial_cwnd = t->initial_cwnd,
        .min_rto_ns = t->min_rto_ns,
        .sack = t->sack,
        .timestamps = t->timestamps,
        .nagle = t->nagle,
        .dupack_threshold = t->dupack_threshold,
        .max_data_retransmissions = t->max_retransmissions,
        .max_syn_retransmissions = t->max_syn_retransmissions,
        .keepalive_time_ns = t->keepalive_time_ns,
        .keepalive_interval_ns = t->keepalive_interval_ns,
        .keepalive_probes = t->keepalive_probes,
        .time_wait_ns = t->time_wait_ns,
    };
    for (size_t i = 0; i < scenario->host_count; i++) {
        const wsim_scenario_host *h = &scenario->hosts[i];
        wsim_host *host = wsim_host_add(sim, h->name, h->address, &tcp, lo->latency_ns,
                                        lo->bandwidth_bps);
        if (!host)
            goto oom;
        /* A segment must fit the host's MTU: the MSS it announces and uses
         * is at most mtu - headers (RFC 879). */
        host->mtu = h->mtu;
        if (wsapi_host_set_profile(host, provider_profile(h->profile)) != 0 ||
            (h->max_overlapped && wsapi_host_set_max_overlapped(host, h->max_overlapped) != 0))
            goto oom;
        if (host->tcp.mss > h->mtu - t->header_bytes)
            host->tcp.mss = h->mtu - t->header_bytes;
        emit_node(sim, host);
    }
    for (size_t i = 0; i < scenario->switch_count; i++) {
        wsim_host *sw = wsim_switch_add(sim, scenario->switches[i].name);
        if (!sw)
            goto oom;
        emit_node(sim, sw);
    }
    for (size_t i = 0; i < scenario->link_count; i++) {
        const wsim_scenario_link *l = &scenario->links[i];
        if (!add_link(sim, sim->hosts[l->a], sim->hosts[l->b], l))
            goto oom;
    }
    for (size_t i = 0; i < scenario->switch_count; i++) {
        const wsim_scenario_switch *s = &scenario->switches[i];
        wsim_host *sw = sim->hosts[scenario->host_count + i];
        for (size_t j = 0; j < s->host_count; j++)
            if (!add_link(sim, sw, sim->hosts[s->hosts[j]], &s->port))
                goto oom;
    }
    if (add_faults(sim, scenario) != 0 || add_explored_faults(sim, scenario) != 0)
        goto oom;
    size_t index = 0;
    for (size_t i = 0; i < scenario->host_count; i++) {
        const wsim_scenario_host *h = &scenario->hosts[i];
        for (size_t j = 0; j < h->program_count; j++) {
            const wsim_scenario_program *p = &h->programs[j];
            if (!wsapi_program_add(sim, sim->hosts[i], modules[index++], p->argc, p->argv,
                                   p->start_ns))
                goto oom;
        }
    }
    return sim;
oom:
    snprintf(err, err_size, "out of memory building the simulation");
    wsim_sim_free(sim);
    return NULL;
}

int wsim_world_status(const wsim_sim *sim)
{
    if (sim->end_reason != WSIM_END_COMPLETED)
        return WSIM_EXIT_FAILED;
    /* A program its host's crash killed ended as the scenario asked: only
     * how the others ended counts. */
    for (size_t i = 0; i < sim->process_count; i++)
        if (sim->processes[i]->exit_code != 0 &&
            strcmp(sim->processes[i]->exit_how, WSIM_EXIT_HOST_CRASH) != 0)
            return WSIM_EXIT_FAILED;
    return WSIM_EXIT_OK;
}
