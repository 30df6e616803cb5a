/* scenario.h — the scenario format, loaded and validated.
 *
 * Owns: turning a scenario JSON file into a wsim_scenario, or into one precise
 * error that names the file, the JSON path of the bad field and what was
 * expected ("scen.json: $.links[0].latency: expected a duration such as
 * \"10ms\", got -5").  The format is documented in scenarios/FORMAT.md;
 * every field has a default written down there and below.  Probabilities
 * (a link's loss, duplicate, reorder) are JSON numbers from 0 to 1.
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

#include "scenarios/assertions.h"
#include "scenarios/explore.h"
#include "sim/fault.h"

typedef struct wsim_scenario_program {
    char *module;        /* absolute or relative to the process's cwd: already
                            resolved against the scenario file's folder */
    char **argv;         /* argv[0] is the module's file name; NULL-terminated */
    int argc;
    int64_t start_ns;    /* default 0 */
} wsim_scenario_program;

/* A host's Winsock provider profile, as its name's place among FORMAT.md's
 * names (wsapi/host.h's wsapi_profile keeps the same order). */
typedef enum wsim_scenario_profile {
    WSIM_SCENARIO_PROFILE_WINDOWS = 0,
    WSIM_SCENARIO_PROFILE_WIN9X,
    WSIM_SCENARIO_PROFILE_WINCE,
} wsim_scenario_profile;

typedef struct wsim_scenario_host {
    char *name;
    uint32_t address;    /* IPv4, host byte order */
    uint32_t mtu;        /* [1500] bytes of IP packet; >= 68, > tcp.header_bytes */
    wsim_scenario_profile profile; /* [windows] "windows", "win9x" or "wince" */
    uint32_t max_overlapped; /* [0: no limit] overlapped requests a socket may have pending; >= 1 */
    wsim_scenario_program *programs;
    size_t program_count;
} wsim_scenario_host;

/* A link, or the ports of a switch (every port gets the same values). */
typedef struct wsim_scenario_link {
    size_t a, b;                 /* host indexes (unused for a switch) */
    char *name;                  /* NULL when unnamed (unused for a switch) */
    int64_t latency_ns;          /* one way; default 1ms; >= 0 */
    uint64_t bandwidth_bps;      /* default 100 Mbit/s; > 0 */
    uint32_t queue_packets;      /* drop-tail queue per direction; default 100; > 0 */
    uint32_t queue_bytes;        /* [0] a queue counted in bytes instead; > 0 when given */
    uint32_t framing_bytes;      /* [0] link-layer bytes per packet */
    int64_t jitter_ns;           /* [0] extra delay drawn from [0, jitter] */
    double loss;                 /* [0] probabilities, each in [0, 1] */
    double duplicate;            /* [0] */
    double reorder;              /* [0] */
    int64_t reorder_delay_ns;    /* [1ms] how long a reordered packet is held back */
} wsim_scenario_link;

typedef struct wsim_scenario_switch {
    char *name;                  /* unique among hosts and switches */
    size_t *hosts;               /* host indexes, as listed; at least one */
    size_t host_count;
    wsim_scenario_link port;     /* each port's properties */
} wsim_scenario_switch;

/* Links are numbered across both lists: the scenario's links first, then
 * the ports of each switch in order, one per host as listed.  The numbers
 * are the simulation's link ids (tools/world.c adds them in that order). */
typedef struct wsim_scenario_fault {
    int64_t at_ns;
    wsim_fault_kind kind;
    size_t host;                 /* host faults: a host index */
    size_t *links;               /* link faults: link numbers */
    size_t link_count;
    char *name;                  /* partition and heal: the partition's name */
    double loss;                 /* link-loss: the link's new loss probability */
    int64_t jitter_ns;           /* link-jitter: the link's new jitter bound */
} wsim_scenario_fault;

/* Transport options ("tcp" object); defaults in brackets. */
typedef struct wsim_scenario_tcp {
    uint32_t mss;                /* [1460] bytes of payload per segment */
    uint32_t header_bytes;       /* [40] IP + TCP header bytes counted on the wire */
    uint32_t sndbuf;             /* [65536] default SO_SNDBUF */
    uint32_t rcvbuf;             /* [65536] default SO_RCVBUF */
    int delayed_ack;             /* [1] delayed ACKs on */
    int64_t delayed_ack_ns;      /* [200ms] */
    uint32_t delayed_ack_segments; /* [2] ACK at least every n-th full segment */
    int congestion_control;      /* [1] slow start, congestion avoidance, recovery on */
    uint32_t initial_cwnd;       /* [10] segments */
    int64_t min_rto_ns;          /* [300ms] */
    int sack;                    /* [1] offer SACK (RFC 2018) */
    int timestamps;              /* [0] offer timestamps (RFC 7323) */
    int nagle;                   /* [1] Nagle's algorithm for new sockets (RFC 896) */
    uint32_t dupack_threshold;   /* [3] duplicate ACKs that trigger fast retransmit */
    uint32_t max_retransmissions;     /* [5] of one segment before the connection is dropped */
    uint32_t max_syn_retransmissions; /* [2] of a SYN before connect fails */
    int64_t keepalive_time_ns;   /* [2h] idle time before the first keep-alive probe */
    int64_t keepalive_interval_ns; /* [1s] between unanswered probes */
    uint32_t keepalive_probes;   /* [10] unanswered probes that drop the connection */
    int64_t time_wait_ns;        /* [240s] TIME_WAIT (2 MSL) */
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
    wsim_latitude latitude;      /* [profile] "profile", "documented" or "fifo" (sim/sim.h) */
    int trace_payloads;          /* [true] record packets' bytes (traces/SCHEMA.md "payloads") */
    wsim_scenario_tcp tcp;
    wsim_scenario_loopback loopback;
    wsim_scenario_host *hosts;
    size_t host_count;
    wsim_scenario_link *links;
    size_t link_count;
    wsim_scenario_switch *switches;
    size_t switch_count;
    wsim_scenario_fault *faults;  /* in file order */
    size_t fault_count;
    wsim_budgets budgets;         /* "budgets"; defaults in sim/defaults.h */
    wsim_assertions assertions;  /* "assert" (scenarios/assertions.h) */
    wsim_explore explore;        /* "explore" (scenarios/explore.h) */
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

/* How the trace names link number `number` (see wsim_scenario_fault): its
 * "name", else its ends "a-b" as written, or "<switch>-<host>" for a port. */
void wsim_scenario_link_label(const wsim_scenario *scenario, size_t number, char *buf,
                              size_t size);

#endif
