/* tool.h — the wsim command's pieces.
 *
 *   cc.c     `wsim cc`: a Winsock source file → a checked program module
 *   world.c  a loaded scenario → a simulation ready to run
 *   run.c    `wsim run`: the simulation in a child, the trace in the parent
 *   options.c  a subcommand's option table → its parsing and its --help
 *   export.c `wsim export` and `wsim report` (the exporters are in traces/)
 *   main.c   the command line: every subcommand, `run` and `trace`
 */
#ifndef WSIM_TOOLS_TOOL_H
#define WSIM_TOOLS_TOOL_H

#include <stddef.h>
#include <stdint.h>

#include "scenarios/scenario.h"
#include "sim/sim.h"
#include "runtime/program.h"

/* Exit codes of the wsim command. */
enum {
    WSIM_EXIT_OK = 0,        /* every program returned 0 */
    WSIM_EXIT_FAILED = 1,    /* a program failed or crashed, deadlock, stop time */
    WSIM_EXIT_USAGE = 2,     /* bad command line, scenario or module */
    WSIM_EXIT_INCONCLUSIVE = 3, /* an end not judged (tools/verdict.h): stopped from
                                 * outside (SIGINT, SIGTERM) or by the wall-clock
                                 * budget; not reproducible by seed, so neither a
                                 * pass nor a failure */
};

/* Compiles source into a module at output and checks it (module_policy.h).
 * extra_args (may be NULL) go to the compiler before the source.  Returns 0,
 * or -1 with a message in err (the compiler's own diagnostics have gone to
 * stderr already). */
int wsim_cc_build(const char *source, const char *output, char *const *extra_args,
                  char *err, size_t err_size);
/* The same for a module made of several sources. */
int wsim_cc_build_sources(const char *const *sources, size_t nsources, const char *output,
                          char *const *extra_args, char *err, size_t err_size);

/* Builds the simulation a scenario describes, with one opened module per
 * program in scenario order (modules[i] for the i-th program counting across
 * hosts).  Emits the RUN_START and HOST records.  NULL with err on failure. */
wsim_sim *wsim_world_build(const wsim_scenario *scenario, wsapi_module *const *modules,
                           wsim_observer observer, char *err, size_t err_size);

/* The exit status a finished simulation deserves (0, or 1). */
int wsim_world_status(const wsim_sim *sim);

typedef struct wsim_run_options {
    const char *scenario_path;
    const char *trace_path;   /* NULL: <scenario name>.wsimtrace in the cwd */
    int has_seed;
    uint64_t seed;
    int quiet;                /* print nothing but errors (no output, no summary) */
    int force;                /* --force: replace whatever is at trace_path */
} wsim_run_options;

/* 0 when a run may write its trace to `path`: nothing is there, or a wsim
 * trace is (and "<path>.partial" is absent, empty or a wsim trace).  Else
 * -1 with err naming the file and what it is.  force skips the check. */
int wsim_trace_target_check(const char *path, int force, char *err, size_t err_size);

int wsim_run(const wsim_run_options *options);

/* The subcommands (options.h); wsim_cmd_* parse argv (the words after the
 * command's name) with the command's table and run it. */
extern const struct wsim_command wsim_run_command;
extern const struct wsim_command wsim_cc_command;
extern const struct wsim_command wsim_trace_summary_command;
extern const struct wsim_command wsim_trace_compare_command;
extern const struct wsim_command wsim_export_chrome_command;
extern const struct wsim_command wsim_export_pcap_command;
extern const struct wsim_command wsim_report_command;
extern const struct wsim_command wsim_sweep_command;         /* sweep.c */
extern const struct wsim_command wsim_sweep_merge_command;   /* sweep_merge.c */
extern const struct wsim_command wsim_shrink_command;        /* shrink.c */
int wsim_cmd_run(int argc, char **argv);
int wsim_cmd_cc(int argc, char **argv);
int wsim_cmd_trace(int argc, char **argv);

#endif
