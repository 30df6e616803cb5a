/* harness.c — see harness.h. */
#include "tests/support/harness.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "runtime/runtime.h"
#include "sim/defaults.h"
#include "sim/stream.h"

static char *dup_or_null(const char *s)
{
    return s ? strdup(s) : NULL;
}

static void keep(void *ctx, const wsim_record *rec)
{
    th_world *w = ctx;
    if (w->count == w->cap) {
        w->cap = w->cap ? w->cap * 2 : 256;
        w->records = realloc(w->records, w->cap * sizeof *w->records);
    }
    wsim_record *copy = &w->records[w->count++];
    *copy = *rec;
    copy->name = dup_or_null(rec->name);
    copy->text = dup_or_null(rec->text);
}

th_world *th_new(uint64_t seed, int64_t stop_ns)
{
    th_world *w = calloc(1, sizeof *w);
    wsim_observer observer = {.record = keep, .ctx = w};
    w->sim = wsim_sim_new(seed, stop_ns, observer);
    wsim_tcp_config_default(&w->tcp);
    return w;
}

static uint32_t parse_ip(const char *s)
{
    unsigned a, b, c, d;
    if (sscanf(s, "%u.%u.%u.%u", &a, &b, &c, &d) != 4)
        abort();
    return (a << 24) | (b << 16) | (c << 8) | d;
}

wsim_host *th_host(th_world *w, const char *name, const char *address)
{
    return wsim_host_add(w->sim, name, parse_ip(address), &w->tcp,
                         WSIM_DEFAULT_LOOPBACK_LATENCY_NS, WSIM_DEFAULT_LOOPBACK_BPS);
}

wsim_link *th_link(th_world *w, wsim_host *a, wsim_host *b, int64_t latency_ns, uint64_t bps,
                   uint32_t queue)
{
    return wsim_link_add(w->sim, a, b, latency_ns, bps, queue);
}

wsim_process *th_program(th_world *w, wsim_host *host, const char *name, wsapi_main_fn fn,
                         int64_t start_ns)
{
    char *argv[] = {(char *)name, NULL};
    return wsapi_function_add(w->sim, host, name, fn, 1, argv, start_ns);
}

wsim_end_reason th_run(th_world *w)
{
    wsapi_attach(w->sim);
    wsim_end_reason reason = wsim_sim_run(w->sim);
    wsapi_detach(w->sim);
    return reason;
}

void th_free(th_world *w)
{
    wsim_sim_free(w->sim);
    for (size_t i = 0; i < w->count; i++) {
        free((char *)w->records[i].name);
        free((char *)w->records[i].text);
    }
    free(w->records);
    free(w);
}

const wsim_record *th_find(const th_world *w, wsim_record_kind kind, const char *name, int n)
{
    for (size_t i = 0; i < w->count; i++) {
        const wsim_record *r = &w->records[i];
        if (r->kind == kind && (!name || (r->name && strcmp(r->name, name) == 0)) && n-- == 0)
            return r;
    }
    return NULL;
}

int th_count(const th_world *w, wsim_record_kind kind, const char *name)
{
    int count = 0;
    while (th_find(w, kind, name, count))
        count++;
    return count;
}

int64_t th_now(void)
{
    wsim_sim *sim = wsapi_running();
    return sim ? sim->now_ns : -1;
}
