/* explore.c — the "explore" section: reading it, drawing from the seed,
 * and the faults each draw stands for (explore.h). */
#include "scenarios/explore.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "scenarios/scenario.h"
#include "scenarios/section.h"
#include "sim/rng.h"
#include "sim/sim.h"

#define MAX_OCCURRENCES 1000u
#define COUNT_STREAM 0xffffu

static const char *const kind_names[WSIM_EXPLORE_KIND_COUNT] = {
    [WSIM_EXPLORE_PARTITION] = "partition",
    [WSIM_EXPLORE_CRASH_RESTART] = "crash-restart",
    [WSIM_EXPLORE_NETWORK_DOWN] = "network-down",
    [WSIM_EXPLORE_BUFFERS_EXHAUSTED] = "buffers-exhausted",
    [WSIM_EXPLORE_LOSS] = "loss",
    [WSIM_EXPLORE_JITTER] = "jitter",
};

const char *wsim_explore_kind_name(wsim_explore_kind kind)
{
    return (unsigned)kind < WSIM_EXPLORE_KIND_COUNT ? kind_names[kind] : "?";
}

/* The link numbers (scenario.h) that touch host h: its links, then the
 * switch ports towards it.  Returns how many, filling up to max. */
static size_t host_links(const wsim_scenario *s, size_t h, size_t *out, size_t max)
{
    size_t n = 0, number = 0;
    for (size_t i = 0; i < s->link_count; i++, number++)
        if (s->links[i].a == h || s->links[i].b == h) {
            if (n < max)
                out[n] = number;
            n++;
        }
    for (size_t i = 0; i < s->switch_count; i++)
        for (size_t j = 0; j < s->switches[i].host_count; j++, number++)
            if (s->switches[i].hosts[j] == h) {
                if (n < max)
                    out[n] = number;
                n++;
            }
    return n;
}

/* ---- reading ----------------------------------------------------------------- */

/* obj[key]: a duration, or [min, max] of durations with min <= max. */
static int read_range(wsim_section *sec, const cJSON *obj, const char *key, int64_t *lo,
                      int64_t *hi, int positive)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);
    if (!v)
        return 0;
    size_t saved = wsim_section_key(sec, key);
    if (!cJSON_IsArray(v)) {
        if (wsim_section_duration_value(sec, v, lo, positive))
            return -1;
        *hi = *lo;
    } else if (cJSON_GetArraySize(v) != 2) {
        return wsim_section_fail_got(sec, "a duration or [min, max] such as [\"1s\", \"5s\"]", v);
    } else {
        for (int i = 0; i < 2; i++) {
            size_t at = wsim_section_index(sec, (size_t)i);
            if (wsim_section_duration_value(sec, cJSON_GetArrayItem(v, i), i ? hi : lo, positive))
                return -1;
            wsim_section_restore(sec, at);
        }
        if (*lo > *hi)
            return wsim_section_fail(sec, "expected [min, max] with min <= max, got a larger min");
    }
    wsim_section_restore(sec, saved);
    return 0;
}

static int read_count(wsim_section *sec, const cJSON *obj, wsim_explore_entry *e)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, "count");
    e->count_min = e->count_max = 1;
    if (!v)
        return 0;
    size_t saved = wsim_section_key(sec, "count");
    const char *expected = "a count from 0 to 1000 or [min, max] such as [0, 2]";
    int64_t lo, hi;
    if (cJSON_IsNumber(v)) {
        lo = hi = (int64_t)v->valuedouble;
        if ((double)lo != v->valuedouble)
            return wsim_section_fail_got(sec, expected, v);
    } else if (cJSON_IsArray(v) && cJSON_GetArraySize(v) == 2 &&
               cJSON_IsNumber(cJSON_GetArrayItem(v, 0)) && cJSON_IsNumber(cJSON_GetArrayItem(v, 1))) {
        double a = cJSON_GetArrayItem(v, 0)->valuedouble, b = cJSON_GetArrayItem(v, 1)->valuedouble;
        lo = (int64_t)a;
        hi = (int64_t)b;
        if ((double)lo != a || (double)hi != b)
            return wsim_section_fail_got(sec, expected, v);
    } else {
        return wsim_section_fail_got(sec, expected, v);
    }
    if (lo < 0 || hi > MAX_OCCURRENCES || lo > hi)
        return wsim_section_fail_got(sec, expected, v);
    e->count_min = (uint32_t)lo;
    e->count_max = (uint32_t)hi;
    wsim_section_restore(sec, saved);
    return 0;
}

static int read_hosts(wsim_section *sec, const cJSON *obj, const wsim_scenario *s,
                      wsim_explore_entry *e)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, "hosts");
    size_t links[1];
    if (!v) {
        /* Every host (that has a link to cut, for a partition). */
        e->hosts = calloc(s->host_count, sizeof *e->hosts);
        if (!e->hosts)
            return wsim_section_fail(sec, "out of memory");
        for (size_t h = 0; h < s->host_count; h++)
            if (e->kind != WSIM_EXPLORE_PARTITION || host_links(s, h, links, 1))
                e->hosts[e->host_count++] = h;
        if (e->host_count == 0)
            return wsim_section_fail(sec, "no host has a link a partition could cut");
        return 0;
    }
    size_t saved = wsim_section_key(sec, "hosts");
    if (!cJSON_IsArray(v) || cJSON_GetArraySize(v) == 0)
        return wsim_section_fail_got(sec, "a non-empty array of host names", v);
    e->hosts = calloc((size_t)cJSON_GetArraySize(v), sizeof *e->hosts);
    if (!e->hosts)
        return wsim_section_fail(sec, "out of memory");
    size_t i = 0;
    for (const cJSON *item = v->child; item; item = item->next, i++) {
        size_t at = wsim_section_index(sec, i);
        size_t h;
        if (wsim_section_host_name(sec, item, s, &h))
            return -1;
        if (e->kind == WSIM_EXPLORE_PARTITION && !host_links(s, h, links, 1))
            return wsim_section_fail(sec, "host \"%s\" has no link a partition could cut",
                                     s->hosts[h].name);
        e->hosts[e->host_count++] = h;
        wsim_section_restore(sec, at);
    }
    wsim_section_restore(sec, saved);
    return 0;
}

static size_t total_links(const wsim_scenario *s)
{
    size_t n = s->link_count;
    for (size_t i = 0; i < s->switch_count; i++)
        n += s->switches[i].host_count;
    return n;
}

/* v names a link as the trace does ("uplink", "a-b", "lan-a"). */
static int link_name(wsim_section *sec, const cJSON *v, const wsim_scenario *s, size_t *out)
{
    const char *expected = "a link as the trace names it, such as \"uplink\", \"a-b\" or \"lan-a\"";
    if (!cJSON_IsString(v))
        return wsim_section_fail_got(sec, expected, v);
    size_t n = total_links(s);
    char label[256];
    for (size_t i = 0; i < n; i++) {
        wsim_scenario_link_label(s, i, label, sizeof label);
        if (strcmp(label, v->valuestring) == 0) {
            *out = i;
            return 0;
        }
    }
    return wsim_section_fail(sec, "unknown link \"%.64s\" (%s)", v->valuestring, expected);
}

static int read_links(wsim_section *sec, const cJSON *obj, const wsim_scenario *s,
                      wsim_explore_entry *e)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, "links");
    if (!v) {
        e->link_count = total_links(s);
        if (e->link_count == 0)
            return wsim_section_fail(sec, "the scenario has no link to make lossy");
        if (!(e->links = calloc(e->link_count, sizeof *e->links)))
            return wsim_section_fail(sec, "out of memory");
        for (size_t i = 0; i < e->link_count; i++)
            e->links[i] = i;
        return 0;
    }
    size_t saved = wsim_section_key(sec, "links");
    if (!cJSON_IsArray(v) || cJSON_GetArraySize(v) == 0)
        return wsim_section_fail_got(sec, "a non-empty array of links", v);
    if (!(e->links = calloc((size_t)cJSON_GetArraySize(v), sizeof *e->links)))
        return wsim_section_fail(sec, "out of memory");
    size_t i = 0;
    for (const cJSON *item = v->child; item; item = item->next, i++) {
        size_t at = wsim_section_index(sec, i);
        if (link_name(sec, item, s, &e->links[i]))
            return -1;
        e->link_count = i + 1;
        wsim_section_restore(sec, at);
    }
    wsim_section_restore(sec, saved);
    return 0;
}

static int read_pins(wsim_section *sec, const cJSON *obj, const wsim_scenario *s,
                     wsim_explore_entry *e)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, "draws");
    if (!v)
        return 0;
    size_t saved = wsim_section_key(sec, "draws");
    if (!cJSON_IsArray(v))
        return wsim_section_fail_got(sec, "an array of draws such as [{\"at\": \"2s\"}]", v);
    size_t n = (size_t)cJSON_GetArraySize(v);
    if (n && !(e->pins = calloc(n, sizeof *e->pins)))
        return wsim_section_fail(sec, "out of memory");
    static const char *const keys[] = {"host", "at", "duration", NULL};
    static const char *const link_keys[] = {"link", "at", "duration", NULL};
    size_t i = 0;
    for (const cJSON *item = v->child; item; item = item->next, i++) {
        size_t at = wsim_section_index(sec, i);
        wsim_explore_pin *p = &e->pins[i];
        const cJSON *link = cJSON_GetObjectItemCaseSensitive(item, "link");
        int by_link = e->kind == WSIM_EXPLORE_LOSS || e->kind == WSIM_EXPLORE_JITTER;
        if (wsim_section_keys(sec, item, by_link ? link_keys : keys) ||
            wsim_section_host(sec, item, "host", s, &p->host, 0))
            return -1;
        if (link) {
            size_t k = wsim_section_key(sec, "link");
            if (link_name(sec, link, s, &p->link))
                return -1;
            wsim_section_restore(sec, k);
            p->has_link = 1;
        }
        if (wsim_section_duration(sec, item, "at", &p->at_ns, 0, 0) ||
            wsim_section_duration(sec, item, "duration", &p->duration_ns, 0, 1))
            return -1;
        p->has_host = cJSON_GetObjectItemCaseSensitive(item, "host") != NULL;
        p->has_at = cJSON_GetObjectItemCaseSensitive(item, "at") != NULL;
        p->has_duration = cJSON_GetObjectItemCaseSensitive(item, "duration") != NULL;
        e->pin_count = i + 1;
        wsim_section_restore(sec, at);
    }
    wsim_section_restore(sec, saved);
    return 0;
}

static int read_entry(wsim_section *sec, const cJSON *v, wsim_scenario *s, wsim_explore_entry *e)
{
    static const char *const keys[] = {"kind", "count", "hosts", "at", "duration", "draws", NULL};
    static const char *const loss_keys[] = {"kind", "count", "links", "loss", "at", "duration",
                                            "draws", NULL};
    static const char *const jitter_keys[] = {"kind", "count", "links", "jitter", "at", "duration",
                                              "draws", NULL};
    const cJSON *kind_v = cJSON_GetObjectItemCaseSensitive(v, "kind");
    int is_loss = cJSON_IsString(kind_v) && strcmp(kind_v->valuestring, "loss") == 0;
    int is_jitter = cJSON_IsString(kind_v) && strcmp(kind_v->valuestring, "jitter") == 0;
    if (wsim_section_keys(sec, v, is_loss ? loss_keys : is_jitter ? jitter_keys : keys))
        return -1;
    const char *expected =
        "an explore kind (one of: partition, crash-restart, network-down, buffers-exhausted, loss,"
        " jitter)";
    const cJSON *kind = cJSON_GetObjectItemCaseSensitive(v, "kind");
    size_t saved = wsim_section_key(sec, "kind");
    if (!kind)
        return wsim_section_fail(sec, "missing required field (expected %s)", expected);
    int k = 0;
    while (k < WSIM_EXPLORE_KIND_COUNT &&
           !(cJSON_IsString(kind) && strcmp(kind->valuestring, kind_names[k]) == 0))
        k++;
    if (k == WSIM_EXPLORE_KIND_COUNT)
        return wsim_section_fail_got(sec, expected, kind);
    e->kind = (wsim_explore_kind)k;
    wsim_section_restore(sec, saved);
    e->at_min_ns = 0;
    e->at_max_ns = s->stop_ns;
    if (!cJSON_GetObjectItemCaseSensitive(v, "duration")) {
        wsim_section_key(sec, "duration");
        return wsim_section_fail(sec, "missing required field (expected a duration or [min, max]"
                                      " such as [\"1s\", \"5s\"])");
    }
    if (is_loss && wsim_section_probability(sec, v, "loss", &e->loss, 1))
        return -1;
    if (is_jitter) {
        if (!cJSON_GetObjectItemCaseSensitive(v, "jitter")) {
            wsim_section_key(sec, "jitter");
            return wsim_section_fail(sec, "missing required field (expected a duration or [min,"
                                          " max] such as [\"0s\", \"2ms\"])");
        }
        if (read_range(sec, v, "jitter", &e->jitter_min_ns, &e->jitter_max_ns, 0))
            return -1;
    }
    return read_count(sec, v, e) ||
                   (is_loss || is_jitter ? read_links(sec, v, s, e) : read_hosts(sec, v, s, e)) ||
                   read_range(sec, v, "at", &e->at_min_ns, &e->at_max_ns, 0) ||
                   read_range(sec, v, "duration", &e->duration_min_ns, &e->duration_max_ns, 1) ||
                   read_pins(sec, v, s, e)
               ? -1
               : 0;
}

int wsim_explore_read(const cJSON *v, wsim_scenario *s, const char *file, char *err,
                      size_t err_size)
{
    if (!v)
        return 0;
    wsim_section sec;
    wsim_section_init(&sec, file, "explore", err, err_size);
    if (!cJSON_IsArray(v))
        return wsim_section_fail_got(&sec, "an array of explore entries", v);
    size_t n = (size_t)cJSON_GetArraySize(v);
    if (n > 0xfffe)
        return wsim_section_fail(&sec, "at most 65534 entries");
    if (n && !(s->explore.entries = calloc(n, sizeof *s->explore.entries)))
        return wsim_section_fail(&sec, "out of memory");
    size_t i = 0;
    for (const cJSON *item = v->child; item; item = item->next, i++) {
        size_t at = wsim_section_index(&sec, i);
        s->explore.count = i + 1;
        if (read_entry(&sec, item, s, &s->explore.entries[i]))
            return -1;
        wsim_section_restore(&sec, at);
    }
    return 0;
}

void wsim_explore_free(wsim_explore *e)
{
    for (size_t i = 0; i < e->count; i++) {
        free(e->entries[i].hosts);
        free(e->entries[i].links);
        free(e->entries[i].pins);
    }
    free(e->entries);
    memset(e, 0, sizeof *e);
}

/* ---- drawing ----------------------------------------------------------------- */

int wsim_explore_draw_all(const wsim_scenario *s, uint64_t seed, wsim_explore_draw **draws,
                          size_t *count)
{
    *draws = NULL;
    *count = 0;
    size_t used = 0, cap = 0;
    wsim_explore_draw *out = NULL;
    uint64_t ordinal[WSIM_EXPLORE_KIND_COUNT] = {0};
    for (size_t i = 0; i < s->explore.count; i++) {
        const wsim_explore_entry *e = &s->explore.entries[i];
        uint64_t stream = (uint64_t)e->kind << 32 | ordinal[e->kind]++ << 16;
        wsim_rng rng;
        wsim_rng_init(&rng, seed, WSIM_STREAM_EXPLORE, stream | COUNT_STREAM);
        uint32_t n = (uint32_t)wsim_rng_range(&rng, e->count_min, e->count_max);
        for (uint32_t k = 0; k < n; k++) {
            wsim_rng_init(&rng, seed, WSIM_STREAM_EXPLORE, stream | k);
            wsim_explore_draw d = {.entry = i, .occurrence = k, .kind = e->kind, .drawn_count = n};
            /* All three, always, in this order: a pinned value does not
             * move the others. */
            if (e->kind == WSIM_EXPLORE_LOSS || e->kind == WSIM_EXPLORE_JITTER)
                d.link = e->links[wsim_rng_below(&rng, e->link_count)];
            else
                d.host = e->hosts[wsim_rng_below(&rng, e->host_count)];
            d.at_ns = (int64_t)wsim_rng_range(&rng, (uint64_t)e->at_min_ns, (uint64_t)e->at_max_ns);
            d.duration_ns = (int64_t)wsim_rng_range(&rng, (uint64_t)e->duration_min_ns,
                                                    (uint64_t)e->duration_max_ns);
            if (e->kind == WSIM_EXPLORE_JITTER)
                d.jitter_ns = (int64_t)wsim_rng_range(&rng, (uint64_t)e->jitter_min_ns,
                                                      (uint64_t)e->jitter_max_ns);
            if (k < e->pin_count) {
                const wsim_explore_pin *p = &e->pins[k];
                if (p->has_host)
                    d.host = p->host;
                if (p->has_link)
                    d.link = p->link;
                if (p->has_at)
                    d.at_ns = p->at_ns;
                if (p->has_duration)
                    d.duration_ns = p->duration_ns;
            }
            if (used == cap) {
                size_t grown_cap = cap ? cap * 2 : 8;
                wsim_explore_draw *grown = realloc(out, grown_cap * sizeof *grown);
                if (!grown) {
                    free(out);
                    return -1;
                }
                out = grown;
                cap = grown_cap;
            }
            out[used++] = d;
        }
    }
    *draws = out;
    *count = used;
    return 0;
}

int wsim_explore_faults(const wsim_scenario *s, const wsim_explore_draw *d,
                        wsim_scenario_fault *out)
{
    memset(out, 0, 2 * sizeof *out);
    out[0].at_ns = d->at_ns;
    /* Saturating: an end past the representable time never happens. */
    out[1].at_ns = d->at_ns > INT64_MAX - d->duration_ns ? INT64_MAX : d->at_ns + d->duration_ns;
    out[0].host = out[1].host = d->host;
    switch (d->kind) {
    case WSIM_EXPLORE_PARTITION: {
        out[0].kind = WSIM_FAULT_PARTITION;
        out[1].kind = WSIM_FAULT_HEAL;
        size_t n = host_links(s, d->host, NULL, 0);
        char name[64];
        snprintf(name, sizeof name, "explore-%zu-%zu", d->entry, d->occurrence);
        /* The heal names the same links, as a written heal does. */
        for (int k = 0; k < 2; k++) {
            out[k].links = malloc((n ? n : 1) * sizeof *out[k].links);
            out[k].name = strdup(name);
        }
        if (!out[0].links || !out[0].name || !out[1].links || !out[1].name) {
            for (int k = 0; k < 2; k++) {
                free(out[k].links);
                free(out[k].name);
            }
            return -1;
        }
        out[0].link_count = out[1].link_count = host_links(s, d->host, out[0].links, n);
        host_links(s, d->host, out[1].links, n);
        break;
    }
    case WSIM_EXPLORE_CRASH_RESTART:
        out[0].kind = WSIM_FAULT_HOST_CRASH;
        out[1].kind = WSIM_FAULT_HOST_RESTART;
        break;
    case WSIM_EXPLORE_NETWORK_DOWN:
        out[0].kind = WSIM_FAULT_NETWORK_DOWN;
        out[1].kind = WSIM_FAULT_NETWORK_UP;
        break;
    case WSIM_EXPLORE_LOSS:
    case WSIM_EXPLORE_JITTER: {
        const wsim_scenario_link *l = d->link < s->link_count ? &s->links[d->link] : NULL;
        size_t port = d->link - s->link_count;
        for (size_t i = 0; !l && i < s->switch_count; i++) {
            if (port < s->switches[i].host_count)
                l = &s->switches[i].port;
            else
                port -= s->switches[i].host_count;
        }
        for (int k = 0; k < 2; k++) {
            out[k].kind = d->kind == WSIM_EXPLORE_LOSS ? WSIM_FAULT_LINK_LOSS : WSIM_FAULT_LINK_JITTER;
            if (!(out[k].links = malloc(sizeof *out[k].links))) {
                free(out[0].links);
                return -1;
            }
            out[k].links[0] = d->link;
            out[k].link_count = 1;
        }
        out[0].loss = s->explore.entries[d->entry].loss;
        out[1].loss = l ? l->loss : 0;   /* back to the link's own */
        out[0].jitter_ns = d->jitter_ns;
        out[1].jitter_ns = l ? l->jitter_ns : 0;
        break;
    }
    case WSIM_EXPLORE_BUFFERS_EXHAUSTED:
    case WSIM_EXPLORE_KIND_COUNT:
        out[0].kind = WSIM_FAULT_BUFFERS_EXHAUSTED;
        out[1].kind = WSIM_FAULT_BUFFERS_AVAILABLE;
        break;
    }
    return 0;
}

void wsim_explore_describe(const wsim_scenario *s, const wsim_explore_draw *d, char *buf,
                           size_t size)
{
    if (d->kind == WSIM_EXPLORE_LOSS) {
        char label[256];
        wsim_scenario_link_label(s, d->link, label, sizeof label);
        snprintf(buf, size,
                 "$.explore[%zu] occurrence %zu of %" PRIu32 ": loss %.17g on link %s at %" PRId64
                 " ns for %" PRId64 " ns",
                 d->entry, d->occurrence, d->drawn_count, s->explore.entries[d->entry].loss, label,
                 d->at_ns, d->duration_ns);
        return;
    }
    if (d->kind == WSIM_EXPLORE_JITTER) {
        char label[256];
        wsim_scenario_link_label(s, d->link, label, sizeof label);
        snprintf(buf, size,
                 "$.explore[%zu] occurrence %zu of %" PRIu32 ": jitter %" PRId64 " ns on link %s at %"
                 PRId64 " ns for %" PRId64 " ns",
                 d->entry, d->occurrence, d->drawn_count, d->jitter_ns, label, d->at_ns,
                 d->duration_ns);
        return;
    }
    snprintf(buf, size,
             "$.explore[%zu] occurrence %zu of %" PRIu32 ": %s of host %s at %" PRId64
             " ns for %" PRId64 " ns",
             d->entry, d->occurrence, d->drawn_count, wsim_explore_kind_name(d->kind),
             s->hosts[d->host].name, d->at_ns, d->duration_ns);
}
