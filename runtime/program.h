/* program.h — program modules: checked once, loaded once per instance.
 *
 * Owns: turning a module file (a shared object built by `wsim cc`) into
 * simulated processes.  A module is read and checked (module_policy.h) when
 * it is opened; each instance then gets its own copy of the bytes in a
 * memfd and its own dlopen of it (a second dlopen of one path would return
 * the same handle, and so the same globals), so every simulated process has
 * its own globals.  The instance's main (or wmain, with argv converted from
 * UTF-8) runs on the process's main thread.
 */
#ifndef WSIM_RUNTIME_PROGRAM_H
#define WSIM_RUNTIME_PROGRAM_H

#include <stddef.h>
#include <stdint.h>

#include "sim/net.h"
#include "sim/sim.h"

typedef struct wsapi_module wsapi_module;

/* Reads and checks a module; NULL with a one-line message on failure. */
wsapi_module *wsapi_module_open(const char *path, char *err, size_t err_size);
void wsapi_module_close(wsapi_module *module);

/* Whether wsim itself exports `name` (the policy's is_provided callback). */
int wsapi_is_provided(void *ctx, const char *name);

/* Makes sim run wsapi programs: points the runtime at it.  Call before
 * wsim_sim_run, and wsapi_detach after. */
void wsapi_attach(wsim_sim *sim);
void wsapi_detach(wsim_sim *sim);

/* Adds an instance of module on host starting at start_ns with argv
 * (argv[0] first; copied).  The module must outlive the run.  NULL when out
 * of memory. */
wsim_process *wsapi_program_add(wsim_sim *sim, wsim_host *host, wsapi_module *module,
                                int argc, char *const *argv, int64_t start_ns);

/* For tests and embedders: a plain C function run as a program. */
typedef int (*wsapi_main_fn)(int argc, char **argv);
wsim_process *wsapi_function_add(wsim_sim *sim, wsim_host *host, const char *name,
                                 wsapi_main_fn fn, int argc, char *const *argv,
                                 int64_t start_ns);

#endif
