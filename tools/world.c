/* world.c — a scenario made into a simulation: hosts, links, programs. */
#include <stdio.h>
#include <string.h>

#include "sim/net.h"
#include "tools/tool.h"

static void emit_start(wsim_sim *sim, const wsim_scenario *scenario)
{
    wsim_record rec;
    wsim_record_init(sim, &rec, WSIM_REC_RUN_START);
    rec.name = "run";
    rec.text = scenario->text ? scenario->text : "";
    rec.a[0] = (int64_t)scenario->seed;
    wsim_sim_emit(sim, &rec);
}

static void emit_host(wsim_sim *sim, const wsim_host *host)
{
    char address[16];
    uint32_t ip = host->address;
    snprintf(address, sizeof address, "%u.%u.%u.%u", ip >> 24, (ip >> 16) & 255,
             (ip >> 8) & 255, ip & 255);
    wsim_record rec;
    wsim_record_init(sim, &rec, WSIM_REC_HOST);
    rec.host = host->id;
    rec.name = host->name;
    rec.text = address;
    wsim_sim_emit(sim, &rec);
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
    const wsim_scenario_tcp *t = &scenario->tcp;
    const wsim_scenario_loopback *lo = &scenario->loopback;
    wsim_tcp_config tcp = {
        .mss = t->mss,
        .loopback_mss = lo->mtu > t->header_bytes ? lo->mtu - t->header_bytes : t->mss,
        .header_bytes = t->header_bytes,
        .sndbuf = t->sndbuf,
        .rcvbuf = t->rcvbuf,
        .delayed_ack = t->delayed_ack,
        .delayed_ack_ns = t->delayed_ack_ns,
        .congestion_control = t->congestion_control,
        .initial_cwnd = t->initial_cwnd,
        .min_rto_ns = t->min_rto_ns,
    };
    for (size_t i = 0; i < scenario->host_count; i++) {
        const wsim_scenario_host *h = &scenario->hosts[i];
        wsim_host *host = wsim_host_add(sim, h->name, h->address, &tcp, lo->latency_ns,
                                        lo->bandwidth_bps);
        if (!host)
            goto oom;
        emit_host(sim, host);
    }
    for (size_t i = 0; i < scenario->link_count; i++) {
        const wsim_scenario_link *l = &scenario->links[i];
        if (!wsim_link_add(sim, sim->hosts[l->a], sim->hosts[l->b], l->latency_ns,
                           l->bandwidth_bps, l->queue_packets))
            goto oom;
    }
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
    for (size_t i = 0; i < sim->process_count; i++)
        if (sim->processes[i]->exit_code != 0)
            return WSIM_EXIT_FAILED;
    return WSIM_EXIT_OK;
}
