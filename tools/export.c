/* export.c — `wsim export chrome|pcap TRACE -o FILE …` and `wsim report TRACE
 * -o FILE.html`: the command lines of the exporters in traces/export.h. */
#include <stdio.h>
#include <string.h>

#include "tools/options.h"
#include "tools/tool.h"
#include "traces/export.h"

static const wsim_option file_options[] = {
    {"-o", "FILE", "write to FILE (required)"},
    {"--output", "FILE", "the same as -o"},
    {NULL, NULL, NULL},
};

static const wsim_option pcap_options[] = {
    {"-o", "FILE", "write to FILE (required)"},
    {"--output", "FILE", "the same as -o"},
    {"--host", "H", "only what host (or switch) H sent, forwarded and received"},
    {"--link", "L", "only what crossed link L (named as the trace names it)"},
    {NULL, NULL, NULL},
};

/* The output path (-o or --output), or NULL after a usage error. */
static const char *output_path(const wsim_args *args)
{
    const char *out = wsim_arg(args, "-o");
    if (!out)
        out = wsim_arg(args, "--output");
    if (!out)
        wsim_usage_error(args->command, "-o FILE is required");
    return out;
}

/* The exporter's result as the command's exit status. */
static int finish(const wsim_args *args, int rc, const char *err)
{
    if (rc != 0) {
        fprintf(stderr, "wsim %s: %s\n", args->command->name, err);
        return WSIM_EXIT_USAGE;
    }
    return WSIM_EXIT_OK;
}

static int report_main(const wsim_args *args)
{
    char err[1024];
    const char *out = output_path(args);
    if (!out)
        return WSIM_EXIT_USAGE;
    return finish(args, wsim_report_html(args->operands[0], out, err, sizeof err), err);
}

static int chrome_main(const wsim_args *args)
{
    char err[1024];
    const char *out = output_path(args);
    if (!out)
        return WSIM_EXIT_USAGE;
    return finish(args, wsim_export_chrome(args->operands[0], out, err, sizeof err), err);
}

static int pcap_main(const wsim_args *args)
{
    char err[1024];
    const char *out = output_path(args);
    if (!out)
        return WSIM_EXIT_USAGE;
    const char *host = wsim_arg(args, "--host"), *link = wsim_arg(args, "--link");
    if (host && link)
        return wsim_usage_error(args->command, "--host and --link exclude each other");
    return finish(args, wsim_export_pcap(args->operands[0], out, host, link, err, sizeof err),
                  err);
}

const wsim_command wsim_export_chrome_command = {
    .name = "export chrome",
    .synopsis = "TRACE -o FILE.json",
    .summary = "write the run as Chrome trace-event JSON for Perfetto.",
    .description =
        "Writes the run as Chrome trace-event JSON (Perfetto, chrome://tracing): a\n"
        "process per host, a track per simulated thread, a slice per call, instant\n"
        "events for errors and violations, flow arrows from each overlapped call to\n"
        "its completion and from each send to the receives that read its bytes.",
    .min_operands = 1,
    .max_operands = 1,
    .options = file_options,
    .run = chrome_main,
};

const wsim_command wsim_export_pcap_command = {
    .name = "export pcap",
    .synopsis = "TRACE -o FILE.pcap [--host H | --link L]",
    .summary = "write the simulated packets as a capture for Wireshark.",
    .description =
        "Writes the simulated packets as a nanosecond libpcap capture, each as it\n"
        "left its source, or what host H or link L saw.  Needs a trace recorded\n"
        "with payloads (the scenario's \"trace_payloads\", on by default).",
    .min_operands = 1,
    .max_operands = 1,
    .options = pcap_options,
    .run = pcap_main,
};

const wsim_command wsim_report_command = {
    .name = "report",
    .synopsis = "TRACE -o FILE.html",
    .summary = "write a self-contained HTML report of a run.",
    .description =
        "Writes one self-contained HTML file (no network needed to view it): a\n"
        "sequence diagram of the hosts, the threads' calls with blocked intervals,\n"
        "errors in the contract's words, cwnd and queue plots, the trace summary;\n"
        "zoom and filter by host, socket and time.",
    .min_operands = 1,
    .max_operands = 1,
    .options = file_options,
    .run = report_main,
};
