/* export.c — `wsim export chrome|pcap TRACE -o FILE …` and `wsim report TRACE
 * -o FILE.html`: the command lines of the exporters in traces/export.h. */
#include <stdio.h>
#include <string.h>

#include "tools/tool.h"
#include "traces/export.h"

typedef struct export_args {
    const char *trace, *out, *host, *link;
} export_args;

/* TRACE -o FILE, and --host/--link when `filters` is set.  0, or prints why
 * not (naming `what`, the subcommand) and returns -1. */
static int parse_args(const char *what, int argc, char **argv, int filters, export_args *a)
{
    memset(a, 0, sizeof *a);
    for (int i = 0; i < argc; i++) {
        const char *arg = argv[i];
        const char **slot = NULL;
        if (strcmp(arg, "-o") == 0 || strcmp(arg, "--output") == 0)
            slot = &a->out;
        else if (filters && strcmp(arg, "--host") == 0)
            slot = &a->host;
        else if (filters && strcmp(arg, "--link") == 0)
            slot = &a->link;
        if (slot) {
            if (i + 1 >= argc) {
                fprintf(stderr, "wsim %s: %s needs a value\n", what, arg);
                return -1;
            }
            *slot = argv[++i];
        } else if (arg[0] == '-') {
            fprintf(stderr, "wsim %s: unknown option %s (see wsim --help)\n", what, arg);
            return -1;
        } else if (a->trace) {
            fprintf(stderr, "wsim %s: one trace at a time (got %s and %s)\n", what, a->trace,
                    arg);
            return -1;
        } else {
            a->trace = arg;
        }
    }
    if (!a->trace || !a->out) {
        fprintf(stderr, "wsim %s: expected TRACE -o FILE (see wsim --help)\n", what);
        return -1;
    }
    if (a->host && a->link) {
        fprintf(stderr, "wsim %s: --host and --link exclude each other\n", what);
        return -1;
    }
    return 0;
}

int wsim_cmd_report(int argc, char **argv)
{
    char err[1024];
    export_args a;
    if (parse_args("report", argc, argv, 0, &a) != 0)
        return WSIM_EXIT_USAGE;
    if (wsim_report_html(a.trace, a.out, err, sizeof err) != 0) {
        fprintf(stderr, "wsim report: %s\n", err);
        return WSIM_EXIT_USAGE;
    }
    return WSIM_EXIT_OK;
}

int wsim_cmd_export(int argc, char **argv)
{
    char err[1024];
    export_args a;
    if (argc >= 1 && strcmp(argv[0], "chrome") == 0) {
        if (parse_args("export chrome", argc - 1, argv + 1, 0, &a) != 0)
            return WSIM_EXIT_USAGE;
        if (wsim_export_chrome(a.trace, a.out, err, sizeof err) != 0) {
            fprintf(stderr, "wsim export chrome: %s\n", err);
            return WSIM_EXIT_USAGE;
        }
        return WSIM_EXIT_OK;
    }
    if (argc >= 1 && strcmp(argv[0], "pcap") == 0) {
        if (parse_args("export pcap", argc - 1, argv + 1, 1, &a) != 0)
            return WSIM_EXIT_USAGE;
        if (wsim_export_pcap(a.trace, a.out, a.host, a.link, err, sizeof err) != 0) {
            fprintf(stderr, "wsim export pcap: %s\n", err);
            return WSIM_EXIT_USAGE;
        }
        return WSIM_EXIT_OK;
    }
    fprintf(stderr, "wsim export: expected \"chrome TRACE -o FILE.json\" or "
                    "\"pcap TRACE -o FILE [--host H | --link L]\" (see wsim --help)\n");
    return WSIM_EXIT_USAGE;
}
