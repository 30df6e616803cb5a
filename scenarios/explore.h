/* explore.h — the scenario's "explore" section: faults drawn from the seed
 * within bounds (FORMAT.md, "explore"), in the spirit of FoundationDB's
 * BUGGIFY and Jepsen's nemesis.
 *
 * Owns: reading the section, drawing its faults for a seed, and turning
 * each draw into ordinary scenario faults (a partition and its heal, a
 * crash and its restart …), so a drawn schedule runs through sim/fault.c
 * like a written one and can be written back as one (`wsim shrink`).
 *
 * A loss or jitter occurrence draws a link (from "links", by the names the
 * trace gives links: "uplink", "a-b", "lan-a") where the others draw a
 * host, and becomes two link-loss (link-jitter) faults: the entry's
 * probability (a jitter bound drawn after the duration), then the link's own.
 *
 * Streams.  Each kind draws from streams of its own: the j-th entry of
 * kind K draws its occurrence count from the random stream (seed,
 * WSIM_STREAM_EXPLORE, K << 32 | j << 16 | 0xffff) and occurrence k's
 * host, time and duration from (seed, WSIM_STREAM_EXPLORE, K << 32 |
 * j << 16 | k), always all three in that order (a jitter bound fourth).  So removing an entry of
 * another kind (or a later one of the same kind), pinning an occurrence's
 * values or lowering a count never changes what the other draws are.
 */
#ifndef WSIM_SCENARIOS_EXPLORE_H
#define WSIM_SCENARIOS_EXPLORE_H

#include <cjson/cJSON.h>
#include <stddef.h>
#include <stdint.h>

struct wsim_scenario;
struct wsim_scenario_fault;

typedef enum wsim_explore_kind {
    WSIM_EXPLORE_PARTITION,         /* every link of the host down, then healed */
    WSIM_EXPLORE_CRASH_RESTART,     /* the host crashes, then restarts */
    WSIM_EXPLORE_NETWORK_DOWN,      /* the host's network down, then up */
    WSIM_EXPLORE_BUFFERS_EXHAUSTED, /* the host's buffers exhausted, then available */
    WSIM_EXPLORE_LOSS,              /* a link drops a share of its packets, then recovers */
    WSIM_EXPLORE_JITTER,            /* a link's jitter bound raised, then restored */
    WSIM_EXPLORE_KIND_COUNT
} wsim_explore_kind;

/* Values the scenario fixes for one occurrence instead of drawing them. */
typedef struct wsim_explore_pin {
    int has_host, has_link, has_at, has_duration;
    size_t host, link;
    int64_t at_ns, duration_ns;
} wsim_explore_pin;

typedef struct wsim_explore_entry {
    wsim_explore_kind kind;
    uint32_t count_min, count_max;   /* occurrences, drawn uniformly */
    size_t *hosts;                   /* the candidates, drawn uniformly */
    size_t host_count;
    size_t *links;                   /* loss: the candidate link numbers */
    size_t link_count;
    double loss;                     /* loss: the probability while it lasts */
    int64_t jitter_min_ns, jitter_max_ns; /* jitter: the bound, drawn uniformly */
    int64_t at_min_ns, at_max_ns;    /* when an occurrence starts */
    int64_t duration_min_ns, duration_max_ns;
    wsim_explore_pin *pins;          /* "draws": occurrence k's fixed values */
    size_t pin_count;
} wsim_explore_entry;

typedef struct wsim_explore {
    wsim_explore_entry *entries;
    size_t count;
} wsim_explore;

/* One drawn occurrence. */
typedef struct wsim_explore_draw {
    size_t entry, occurrence;
    wsim_explore_kind kind;
    size_t host;                     /* host kinds */
    size_t link;                     /* loss, jitter: the link number (scenario.h) */
    int64_t jitter_ns;               /* jitter: the drawn bound */
    int64_t at_ns, duration_ns;
    uint32_t drawn_count;            /* the entry's count (same for each occurrence) */
} wsim_explore_draw;

/* "partition", "crash-restart", "network-down", "buffers-exhausted",
 * "loss", "jitter". */
const char *wsim_explore_kind_name(wsim_explore_kind kind);

/* Reads scenario.explore (v may be NULL) into s->explore.  0, or -1 with
 * the loader's one-line error. */
int wsim_explore_read(const cJSON *v, struct wsim_scenario *s, const char *file, char *err,
                      size_t err_size);
void wsim_explore_free(wsim_explore *e);

/* Every occurrence the entries give for seed, entry by entry.  0 with
 * *draws (free it) and *count, or -1 when out of memory. */
int wsim_explore_draw_all(const struct wsim_scenario *s, uint64_t seed, wsim_explore_draw **draws,
                          size_t *count);

/* The two scenario faults a draw stands for (the start and the end), into
 * out[0] and out[1]; the partition's name is "explore-<entry>-<occurrence>".
 * Their links and names are malloc'd (free as wsim_scenario_free does).
 * 0, or -1 when out of memory. */
int wsim_explore_faults(const struct wsim_scenario *s, const wsim_explore_draw *d,
                        struct wsim_scenario_fault *out);

/* "partition of host b at 2.5 s for 1.25 s" … into buf. */
void wsim_explore_describe(const struct wsim_scenario *s, const wsim_explore_draw *d, char *buf,
                           size_t size);

#endif
