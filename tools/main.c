/* main.c — the wsim command line. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tools/config.h"
#include "tools/options.h"
#include "tools/replay.h"
#include "tools/tool.h"
#include "traces/compare.h"
#include "traces/summary.h"

/* Every subcommand, in the order `wsim --help` lists them.  A new one is a
 * wsim_command (options.h) in its own file and one line here. */
static const wsim_command *const commands[] = {
    &wsim_run_command,
    &wsim_cc_command,
    &wsim_trace_summary_command,
    &wsim_trace_compare_command,
    &wsim_replay_command,
    &wsim_export_chrome_command,
    &wsim_export_pcap_command,
    &wsim_report_command,
    &wsim_sweep_command,
    &wsim_sweep_merge_command,
    &wsim_shrink_command,
};
#define COMMAND_COUNT (sizeof commands / sizeof commands[0])

static void usage(FILE *out)
{
    fputs("usage: wsim COMMAND [ARGS]\n"
          "\n"
          "wsim runs unmodified Winsock programs on simulated hosts and links in\n"
          "virtual time, and records every call, completion, packet and line of\n"
          "output in a SQLite trace.  The same scenario and seed give the same trace.\n"
          "\n"
          "commands:\n",
          out);
    for (size_t i = 0; i < COMMAND_COUNT; i++)
        wsim_command_summary(commands[i], out);
    fputs("  help [COMMAND], --help\n"
          "        this text, or every option of one command (also: wsim COMMAND --help).\n"
          "  --version\n"
          "        print wsim's version.\n"
          "\n"
          "wsim prints plain text (no colour).  Exit status: 0 success, 1 a failed\n"
          "run or a difference found, 2 bad input or a usage error.\n"
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

static const wsim_option run_options[] = {
    {"--seed", "N", "the run's seed (default: the scenario's \"seed\")"},
    {"--trace", "FILE", "write the trace to FILE (default: SCENARIO.wsimtrace in this folder)"},
    {"--force", NULL, "replace whatever is at the --trace path (default: only a wsim trace)"},
    {"--quiet", NULL, "print nothing but errors: no program output, no trace summary"},
    {NULL, NULL, NULL},
};

static int run_main(const wsim_args *args)
{
    wsim_run_options opt;
    memset(&opt, 0, sizeof opt);
    opt.scenario_path = args->operands[0];
    opt.trace_path = wsim_arg(args, "--trace");
    opt.quiet = wsim_arg(args, "--quiet") != NULL;
    opt.force = wsim_arg(args, "--force") != NULL;
    const char *seed = wsim_arg(args, "--seed");
    if (seed) {
        if (parse_seed(seed, &opt.seed) != 0)
            return wsim_usage_error(args->command,
                                    "--seed: expected an unsigned integer, got \"%s\"", seed);
        opt.has_seed = 1;
    }
    return wsim_run(&opt);
}

const wsim_command wsim_run_command = {
    .name = "run",
    .synopsis = "SCENARIO.json [options]",
    .summary = "run a scenario; prints the programs' output and a summary of the\n"
               "trace (default trace file: SCENARIO.wsimtrace in this folder).",
    .description =
        "Runs a scenario: its programs on its simulated hosts and links, in virtual\n"
        "time.  Prints each line the programs print, prefixed with host and virtual\n"
        "time, then a summary of the trace.  Module paths are relative to the\n"
        "scenario file; modules ending in .c are built with `wsim cc` first.\n"
        "Exits 0 when every program returned 0; 1 when one failed or crashed, or\n"
        "the run deadlocked or hit its stop time; 2 on bad input; 3 when the run\n"
        "was interrupted (SIGINT, SIGTERM: the trace is kept) or stopped by its\n"
        "wall-clock budget (inconclusive).  --trace replaces only a wsim trace.",
    .min_operands = 1,
    .max_operands = 1,
    .options = run_options,
    .run = run_main,
};

int wsim_cmd_run(int argc, char **argv)
{
    return wsim_command_main(&wsim_run_command, argc, argv);
}

static const wsim_option no_options[] = {{NULL, NULL, NULL}};

static int trace_summary_main(const wsim_args *args)
{
    char err[1024];
    if (wsim_trace_summary(args->operands[0], stdout, err, sizeof err) != 0) {
        fprintf(stderr, "wsim trace summary: %s\n", err);
        return WSIM_EXIT_USAGE;
    }
    return WSIM_EXIT_OK;
}

const wsim_command wsim_trace_summary_command = {
    .name = "trace summary",
    .synopsis = "FILE",
    .summary = "summarise a trace.",
    .description = "Prints a summary of a trace: the run, its hosts and programs, and\n"
                   "how many calls, completions, packets and lines of output it holds.",
    .min_operands = 1,
    .max_operands = 1,
    .options = no_options,
    .run = trace_summary_main,
};

static int trace_compare_main(const wsim_args *args)
{
    char err[1024];
    int rc = wsim_trace_compare(args->operands[0], args->operands[1], stdout, err, sizeof err);
    if (rc < 0) {
        fprintf(stderr, "wsim trace compare: %s\n", err);
        return WSIM_EXIT_USAGE;
    }
    if (rc == 0)
        printf("the traces are equal\n");
    return rc == 0 ? WSIM_EXIT_OK : WSIM_EXIT_FAILED;
}

const wsim_command wsim_trace_compare_command = {
    .name = "trace compare",
    .synopsis = "A B",
    .summary = "compare two traces in every column but wall-clock time and\n"
               "version; exits 0 when equal, 1 when they differ.",
    .description = "Compares two traces in every column but wall-clock time and wsim's\n"
                   "version.  Exits 0 when they are equal, 1 (naming the first\n"
                   "difference) when they differ, 2 when one cannot be read.",
    .min_operands = 2,
    .max_operands = 2,
    .options = no_options,
    .run = trace_compare_main,
};

/* The command argv starts with (one word, or "trace VERB": two), or NULL.
 * *used is how many words the name took.  The longest name wins: "sweep
 * merge" before "sweep", which is a command and a group at once. */
static const wsim_command *find_command(int argc, char **argv, int *used)
{
    const wsim_command *found = NULL;
    *used = 0;
    for (size_t i = 0; i < COMMAND_COUNT; i++) {
        const char *name = commands[i]->name;
        const char *space = strchr(name, ' ');
        size_t first = space ? (size_t)(space - name) : strlen(name);
        if (strlen(argv[0]) != first || strncmp(argv[0], name, first) != 0)
            continue;
        if (!space && *used < 1) {
            *used = 1;
            found = commands[i];
        } else if (space && argc >= 2 && strcmp(argv[1], space + 1) == 0) {
            *used = 2;
            return commands[i];
        }
    }
    return found;
}

/* Whether word is the first word of commands with verbs ("trace"). */
static int is_group(const char *word)
{
    for (size_t i = 0; i < COMMAND_COUNT; i++) {
        const char *space = strchr(commands[i]->name, ' ');
        if (space && strlen(word) == (size_t)(space - commands[i]->name) &&
            strncmp(word, commands[i]->name, strlen(word)) == 0)
            return 1;
    }
    return 0;
}

/* A command with verbs ("trace") given without a known verb: its verbs. */
static int verbs_usage(const char *group, int argc, char **argv)
{
    int asked = argc >= 2 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0);
    FILE *out = asked ? stdout : stderr;
    if (!asked)
        fprintf(out, "wsim %s: %s%s%s\n", group, argc >= 2 ? "unknown verb \"" : "no verb given",
                argc >= 2 ? argv[1] : "", argc >= 2 ? "\"" : "");
    size_t len = strlen(group);
    for (size_t i = 0; i < COMMAND_COUNT; i++)
        if (strncmp(commands[i]->name, group, len) == 0 && commands[i]->name[len] == ' ')
            fprintf(out, "usage: wsim %s %s\n", commands[i]->name, commands[i]->synopsis);
    fprintf(out, "(see wsim %s VERB --help)\n", group);
    return asked ? WSIM_EXIT_OK : WSIM_EXIT_USAGE;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        usage(stderr);
        return WSIM_EXIT_USAGE;
    }
    const char *cmd = argv[1];
    if (strcmp(cmd, "--help") == 0 || strcmp(cmd, "-h") == 0 ||
        (strcmp(cmd, "help") == 0 && argc == 2)) {
        usage(stdout);
        return WSIM_EXIT_OK;
    }
    if (strcmp(cmd, "--version") == 0) {
        printf("wsim %s\n", WSIM_VERSION);
        return WSIM_EXIT_OK;
    }
    int used = 0;
    if (strcmp(cmd, "help") == 0) {
        const wsim_command *command = find_command(argc - 2, argv + 2, &used);
        if (!command && argc == 3 && is_group(argv[2])) {
            char *asked[] = {argv[2], "--help"};
            return verbs_usage(argv[2], 2, asked);
        }
        if (!command || used != argc - 2) {
            fprintf(stderr, "wsim help: no command \"%s\" (see wsim --help)\n", argv[2]);
            return WSIM_EXIT_USAGE;
        }
        wsim_command_help(command, stdout);
        return WSIM_EXIT_OK;
    }
    const wsim_command *command = find_command(argc - 1, argv + 1, &used);
    if (command)
        return wsim_command_main(command, argc - 1 - used, argv + 1 + used);
    if (is_group(cmd))
        return verbs_usage(cmd, argc - 1, argv + 1);
    fprintf(stderr, "wsim: unknown command \"%s\" (see wsim --help)\n", cmd);
    return WSIM_EXIT_USAGE;
}
