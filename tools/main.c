/* main.c — the wsim command line. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tools/config.h"
#include "tools/replay.h"
#include "tools/sweep.h"
#include "tools/tool.h"
#include "traces/compare.h"
#include "traces/summary.h"

static void usage(FILE *out)
{
    fputs("usage: wsim COMMAND [ARGS]\n"
          "\n"
          "wsim runs unmodified Winsock programs on simulated hosts and links in\n"
          "virtual time, and records every call, completion, packet and line of\n"
          "output in a SQLite trace.  The same scenario and seed give the same trace.\n"
          "\n"
          "commands:\n"
          "  run SCENARIO.json [--seed N] [--trace FILE] [--quiet]\n"
          "        run a scenario; prints the programs' output and a summary of the\n"
          "        trace (default trace file: SCENARIO.wsimtrace in this folder).\n"
          "        Exits 0 when the run passed, 1 when it failed (a program's exit\n"
          "        code, a crash, deadlock or the stop time, a contract violation or a\n"
          "        scenario assertion), 2 on bad input, 3 when inconclusive.\n"
          "  cc -o MODULE.so SOURCE.c [compiler options]\n"
          "        build a Winsock program into a module (modules ending in .c in a\n"
          "        scenario are built on the fly).\n"
          "  trace summary FILE\n"
          "        summarise a trace.\n"
          "  trace compare A B\n"
          "        compare two traces in every column but wall-clock time and\n"
          "        version; exits 0 when equal, 1 when they differ.\n"
          "  replay TRACE [--dir DIR] [--trace FILE]\n"
          "        run a recorded run again from its trace (the scenario text and\n"
          "        seed it holds) and check it event by event; exits 0 when it\n"
          "        is reproduced, 1 with the first divergent event when it is not.\n"
          "        Module paths are relative to DIR (default: the trace's folder);\n"
          "        --trace keeps the replay's own trace in FILE.\n"
          "  sweep SCENARIO.json --seeds A..B [--jobs N] [--shard K/N] [--out DIR]\n"
          "        run every seed of a range, each judged as run judges it; a table\n"
          "        of the failing seeds with the command that reproduces each, and\n"
          "        DIR/summary.db (see wsim sweep --help).\n"
          "  shrink TRACE [--dir DIR] [-o OUT.json]\n"
          "        from a failing run, the smallest failing scenario found: its drawn\n"
          "        faults pinned, each removed while the failure stays, latitude\n"
          "        documented lowered to fifo; prints the command that reproduces it.\n"
          "  --help, help\n"
          "        this text.\n"
          "  --version\n"
          "\n"
          "The scenario format: scenarios/FORMAT.md; the trace schema: traces/SCHEMA.md.\n",
          out);
}

static int parse_seed(const char *text, uint64_t *seed)
{
    if (!text || !*text || text[0] == '-')
        return -1;
    char *end;
    errno = 0;
    unsigned long long value = strtoull(text, &end, 10);
    if (errno || *end)
        return -1;
    *seed = value;
    return 0;
}

int wsim_cmd_run(int argc, char **argv)
{
    wsim_run_options opt;
    memset(&opt, 0, sizeof opt);
    for (int i = 0; i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "--seed") == 0 || strcmp(a, "--trace") == 0) {
            if (i + 1 >= argc) {
                fprintf(stderr, "wsim run: %s needs a value\n", a);
                return WSIM_EXIT_USAGE;
            }
            const char *value = argv[++i];
            if (a[2] == 's') {
                if (parse_seed(value, &opt.seed) != 0) {
                    fprintf(stderr, "wsim run: --seed: expected an unsigned integer, got \"%s\"\n",
                            value);
                    return WSIM_EXIT_USAGE;
                }
                opt.has_seed = 1;
            } else {
                opt.trace_path = value;
            }
        } else if (strcmp(a, "--quiet") == 0) {
            opt.quiet = 1;
        } else if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
            usage(stdout);
            return WSIM_EXIT_OK;
        } else if (a[0] == '-') {
            fprintf(stderr, "wsim run: unknown option %s (see wsim --help)\n", a);
            return WSIM_EXIT_USAGE;
        } else if (opt.scenario_path) {
            fprintf(stderr, "wsim run: one scenario at a time (got %s and %s)\n",
                    opt.scenario_path, a);
            return WSIM_EXIT_USAGE;
        } else {
            opt.scenario_path = a;
        }
    }
    if (!opt.scenario_path) {
        fprintf(stderr, "wsim run: no scenario given (see wsim --help)\n");
        return WSIM_EXIT_USAGE;
    }
    return wsim_run(&opt);
}

int wsim_cmd_trace(int argc, char **argv)
{
    char err[1024];
    if (argc == 2 && strcmp(argv[0], "summary") == 0) {
        if (wsim_trace_summary(argv[1], stdout, err, sizeof err) != 0) {
            fprintf(stderr, "wsim trace: %s\n", err);
            return WSIM_EXIT_USAGE;
        }
        return WSIM_EXIT_OK;
    }
    if (argc == 3 && strcmp(argv[0], "compare") == 0) {
        int rc = wsim_trace_compare(argv[1], argv[2], stdout, err, sizeof err);
        if (rc < 0) {
            fprintf(stderr, "wsim trace: %s\n", err);
            return WSIM_EXIT_USAGE;
        }
        if (rc == 0)
            printf("the traces are equal\n");
        return rc == 0 ? WSIM_EXIT_OK : WSIM_EXIT_FAILED;
    }
    fprintf(stderr, "wsim trace: expected \"summary FILE\" or \"compare A B\" (see wsim --help)\n");
    return WSIM_EXIT_USAGE;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        usage(stderr);
        return WSIM_EXIT_USAGE;
    }
    const char *cmd = argv[1];
    if (strcmp(cmd, "--help") == 0 || strcmp(cmd, "-h") == 0 || strcmp(cmd, "help") == 0) {
        usage(stdout);
        return WSIM_EXIT_OK;
    }
    if (strcmp(cmd, "--version") == 0) {
        printf("wsim %s\n", WSIM_VERSION);
        return WSIM_EXIT_OK;
    }
    if (strcmp(cmd, "run") == 0)
        return wsim_cmd_run(argc - 2, argv + 2);
    if (strcmp(cmd, "cc") == 0)
        return wsim_cmd_cc(argc - 2, argv + 2);
    if (strcmp(cmd, "trace") == 0)
        return wsim_cmd_trace(argc - 2, argv + 2);
    if (strcmp(cmd, "replay") == 0)
        return wsim_cmd_replay(argc - 2, argv + 2);
    if (strcmp(cmd, "sweep") == 0)
        return wsim_cmd_sweep(argc - 2, argv + 2);
    if (strcmp(cmd, "shrink") == 0)
        return wsim_cmd_shrink(argc - 2, argv + 2);
    fprintf(stderr, "wsim: unknown command \"%s\" (see wsim --help)\n", cmd);
    return WSIM_EXIT_USAGE;
}
