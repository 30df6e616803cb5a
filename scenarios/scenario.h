/* scenario.h — the scenario format, loaded and validated.
 *
 * Owns: turning a scenario JSON file into a wsim_scenario, or into one precise
 * error that names the file, the JSON path of the bad field and what was
 * expected ("scen.json: $.links[0].latency: expected a duration such as
 * \"10ms\", got -5").  The format is documented in README.md ("Scenario
 * format"); every field has a default written down there and below.
 *
 * Durations are strings with a unit ("10ms", "1.5s", "250us", "40ns") or
 * integers in nanoseconds; bandwidths are strings ("10Mbit/s", "1Gbit/s",
 * "64kbit/s") or integers in bit/s; sizes are integers in bytes or strings
 * with KiB/MiB suffixes.  Conversion is exact integer arithmetic.
 */
#ifndef WSIM_SCENARIOS_SCENARIO_H
#define WSIM_SCENARIOS_SCENARIO_H

#include <stddef.h>
#include <stdint.h>

typedef struct wsim_scenario_program {
    char *module;        /* absolute or relative to the process's cwd: already
                            resolved against the scenario file's folder */
    char **argv;         /* argv[0] is the module's file name; NULL-terminated */
    int argc;
    int64_t start_ns;    /* default 0 */
} wsim_scenario_program;

typedef struct wsim_scenario_host {
    char *name;
    uint32_t address;    /* IPv4, host byte order */
    wsim_scenario_program *programs;
    size_t program_count;
} wsim_scenario_host;

typedef struct wsim_scenario_link {
    size_t a, b;                 /* host indexes */
    int64_t latency_ns;          /* one way; default 1ms; >= 0 */
    uint64_t bandwidth_bps;      /* default 100 Mbit/s; > 0 */
    uint32_t queue_packets;      /* drop-tail queue per direction; default 100; > 0 */
} wsim_scenario_link;

/* Transport options ("tcp" object); defaults in brackets. */
typedef struct wsim_scenario_tcp {
    uint32_t mss;                /* [1460] bytes of payload per segment */
    uint32_t header_bytes;       /* [40] IP + TCP header bytes counted on the wire */
    uint32_t sndbuf;             /* [65536] default SO_SNDBUF */
    uint32_t rcvbuf;             /* [65536] default SO_RCVBUF */
    int delayed_ack;             /* [1] delayed ACKs on */
    int64_t delayed_ack_ns;      /* [200ms] */
    int congestion_control;      /* [1] NewReno-style slow start on */
    uint32_t initial_cwnd;       /* [10] segments */
    int64_t min_rto_ns;          /* [300ms] */
} wsim_scenario_tcp;

typedef struct wsim_scenario_loopback {
    int64_t latency_ns;          /* [10us] */
    uint64_t bandwidth_bps;      /* [10 Gbit/s] */
    uint32_t mtu;                /* [65535]: MSS = mtu - header_bytes */
} wsim_scenario_loopback;

typedef struct wsim_scenario {
    char *path;                  /* the file it came from */
    char *text;                  /* the file's full text, for the trace */
    uint64_t seed;               /* default 1; --seed overrides */
    int64_t stop_ns;             /* default 60s; the run ends there at the latest */
    wsim_scenario_tcp tcp;
    wsim_scenario_loopback loopback;
    wsim_scenario_host *hosts;
    size_t host_count;
    wsim_scenario_link *links;
    size_t link_count;
} wsim_scenario;

/* Loads and validates path.  On success returns 0 and fills *out (free with
 * wsim_scenario_free).  On failure returns -1 and writes one line, without a
 * trailing newline, into err (at most err_size bytes). */
int wsim_scenario_load(const char *path, wsim_scenario *out, char *err, size_t err_size);
/* Same, from text already in memory; path is used for messages and to
 * resolve module paths. */
int wsim_scenario_parse(const char *path, const char *text, wsim_scenario *out,
                        char *err, size_t err_size);
void wsim_scenario_free(wsim_scenario *scenario);
/* Sets every field to its default (no hosts, no links). */
void wsim_scenario_defaults(wsim_scenario *scenario);

#endif
