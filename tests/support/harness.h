/* harness.h — running a small simulated network inside a test.
 *
 * The embedding API in use: a test builds hosts and links, registers plain C
 * functions (written against the Winsock headers, like any program) as
 * programs, runs the simulation in-process, and reads back every record the
 * run emitted.  No fork, no modules: a failed assertion inside a program
 * function is an ordinary test failure.
 */
#ifndef WSIM_TESTS_SUPPORT_HARNESS_H
#define WSIM_TESTS_SUPPORT_HARNESS_H

#include <stddef.h>
#include <stdint.h>

#include "sim/net.h"
#include "sim/sim.h"
#include "runtime/program.h"

typedef struct th_world {
    wsim_sim *sim;
    wsim_tcp_config tcp;
    wsim_record *records;      /* copies, strings duplicated */
    size_t count, cap;
} th_world;

/* A world with the default transport settings (sim/defaults.h); change
 * world->tcp before adding hosts to alter them. */
th_world *th_new(uint64_t seed, int64_t stop_ns);
wsim_host *th_host(th_world *w, const char *name, const char *address);
wsim_link *th_link(th_world *w, wsim_host *a, wsim_host *b, int64_t latency_ns, uint64_t bps,
                   uint32_t queue);
wsim_process *th_program(th_world *w, wsim_host *host, const char *name, wsapi_main_fn fn,
                         int64_t start_ns);
wsim_end_reason th_run(th_world *w);
void th_free(th_world *w);

/* The n-th (from 0) record of kind whose name is `name` (NULL: any name). */
const wsim_record *th_find(const th_world *w, wsim_record_kind kind, const char *name, int n);
int th_count(const th_world *w, wsim_record_kind kind, const char *name);

/* Virtual time now (for programs). */
int64_t th_now(void);

#endif
