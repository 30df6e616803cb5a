/* scenario.c — loading and validating scenario files (see scenario.h and
 * FORMAT.md).
 *
 * Owns: reading the file, parsing it with cJSON, checking every field and
 * filling a wsim_scenario, or producing exactly one error line of the form
 * "<file>: <JSON path>: expected <what>, got <what was found>".  Scalar
 * fields are described by tables (key, kind, lower bound, example, offset
 * into the destination struct); the same tables list the fields an object
 * may hold, so a field cannot be accepted without also being validated.
 * Default values come from sim/defaults.h, the model's single list of them.
 */
#include "scenarios/scenario.h"

#include "scenarios/json_strict.h"
#include "scenarios/units.h"
#include "sim/defaults.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

/* The largest integer a JSON number (an IEEE double in cJSON) holds exactly;
 * anything above it may already have been rounded while parsing. */
#define MAX_EXACT_INTEGER 9007199254740991.0

/* Room for a quoted string: 64 characters shown, each at most 6 bytes once
 * escaped (\u001f), the quotes, "..." and the terminator. */
#define QUOTED_SIZE 400

/* Where the loader is and where to write the error. */
typedef struct ctx {
    const char *file;       /* the scenario's name as given, for messages */
    char *err;
    size_t err_size;
    char path[512];         /* JSON path of the value being checked */
    size_t path_len;
    char *dir;              /* the scenario's folder, absolute when possible */
} ctx;

/* ---- messages ------------------------------------------------------------ */

/* Writes "<file>: <path>: <message>" and returns -1 so callers can
 * `return fail(...)`. */
static int fail(ctx *c, const char *fmt, ...)
{
    if (!c->err || c->err_size == 0)
        return -1;
    int n = snprintf(c->err, c->err_size, "%s: %s: ", c->file, c->path);
    if (n < 0 || (size_t)n >= c->err_size)
        return -1;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(c->err + n, c->err_size - (size_t)n, fmt, ap);
    va_end(ap);
    return -1;
}

/* Appends s to buf (of size n, holding a string) as a JSON string literal.
 * Long strings are cut, at a character boundary, and marked with "...":
 * an error line has to stay readable. */
static void append_quoted(char *buf, size_t n, const char *s)
{
    size_t len = strlen(buf);
    const size_t limit = 64;
    size_t shown = 0;
#define PUT(ch) do { if (len + 1 < n) { buf[len++] = (ch); buf[len] = '\0'; } } while (0)
    PUT('"');
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (shown >= limit && (*p & 0xC0) != 0x80) {
            PUT('.'); PUT('.'); PUT('.');
            break;
        }
        shown++;
        if (*p == '"' || *p == '\\') {
            PUT('\\');
            PUT((char)*p);
        } else if (*p < 0x20) {
            char esc[8];
            snprintf(esc, sizeof esc, "\\u%04x", *p);
            for (char *e = esc; *e; e++)
                PUT(*e);
        } else {
            PUT((char)*p);
        }
    }
    PUT('"');
#undef PUT
}

static void quote(char *buf, size_t n, const char *s)
{
    buf[0] = '\0';
    append_quoted(buf, n, s);
}

/* A file path as a message shows it: as it is, but a control byte (a
 * newline in a module's name, say) escaped as \u00XX, so that an error
 * stays one line; cut with "..." where buf is full. */
static void printable_path(char *buf, size_t n, const char *s)
{
    size_t at = 0;   /* n >= 16: room for one escape, "..." and the NUL */
    for (; *s && at + 10 < n; s++) {
        unsigned char ch = (unsigned char)*s;
        if (ch < 0x20 || ch == 0x7f)
            at += (size_t)snprintf(buf + at, n - at, "\\u%04x", ch);
        else
            buf[at++] = (char)ch;
    }
    if (*s) {
        memcpy(buf + at, "...", 3);
        at += 3;
    }
    buf[at] = '\0';
}

/* A JSON number as its shortest text that reads back to the same double. */
static void format_number(char *buf, size_t n, double d)
{
    if (d >= -9.2e18 && d <= 9.2e18 && (double)(int64_t)d == d) {
        snprintf(buf, n, "%" PRId64, (int64_t)d);
        return;
    }
    for (int precision = 1; precision <= 17; precision++) {
        snprintf(buf, n, "%.*g", precision, d);
        if (strtod(buf, NULL) == d)
            return;
    }
}

/* What a value is, for "got ...". */
static void describe(char *buf, size_t n, const cJSON *v)
{
    if (cJSON_IsString(v)) {
        quote(buf, n, v->valuestring);
    } else if (cJSON_IsNumber(v)) {
        format_number(buf, n, v->valuedouble);
    } else if (cJSON_IsTrue(v)) {
        snprintf(buf, n, "true");
    } else if (cJSON_IsFalse(v)) {
        snprintf(buf, n, "false");
    } else if (cJSON_IsNull(v)) {
        snprintf(buf, n, "null");
    } else if (cJSON_IsObject(v)) {
        snprintf(buf, n, "an object");
    } else {
        int count = cJSON_GetArraySize(v);
        if (count == 0)
            snprintf(buf, n, "an empty array");
        else
            snprintf(buf, n, "an array of %d element%s", count, count == 1 ? "" : "s");
    }
}

/* "expected <expected>, got <v><note>" */
static int fail_got(ctx *c, const char *expected, const cJSON *v, const char *note)
{
    char got[QUOTED_SIZE];
    describe(got, sizeof got, v);
    return fail(c, "expected %s, got %s%s", expected, got, note);
}

/* ---- the JSON path --------------------------------------------------------- */

static int is_identifier(const char *s)
{
    if (!*s || (*s >= '0' && *s <= '9'))
        return 0;
    for (; *s; s++) {
        char ch = *s;
        if (!((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
              (ch >= '0' && ch <= '9') || ch == '_'))
            return 0;
    }
    return 1;
}

/* Appends ".key" (or ["key"] for a key that is not an identifier) and
 * returns the previous length for path_restore. */
static size_t path_key(ctx *c, const char *key)
{
    size_t saved = c->path_len;
    size_t room = sizeof c->path - c->path_len;
    if (is_identifier(key)) {
        snprintf(c->path + c->path_len, room, ".%s", key);
    } else {
        char quoted[QUOTED_SIZE];
        quote(quoted, sizeof quoted, key);
        snprintf(c->path + c->path_len, room, "[%s]", quoted);
    }
    c->path_len = strlen(c->path);
    return saved;
}

static size_t path_index(ctx *c, size_t index)
{
    size_t saved = c->path_len;
    snprintf(c->path + c->path_len, sizeof c->path - c->path_len, "[%zu]", index);
    c->path_len = strlen(c->path);
    return saved;
}

static void path_restore(ctx *c, size_t saved)
{
    c->path_len = saved;
    c->path[saved] = '\0';
}

/* ---- scalar fields --------------------------------------------------------- */

typedef enum kind {
    K_OTHER,      /* checked by hand by the object's own code */
    K_DURATION,   /* int64_t nanoseconds */
    K_BANDWIDTH,  /* uint64_t bit/s */
    K_SIZE,       /* uint32_t bytes */
    K_BIG_SIZE,   /* uint64_t bytes (budgets) */
    K_COUNT,      /* uint32_t, a JSON integer */
    K_UNSIGNED,   /* uint64_t, a JSON integer */
    K_BOOL,       /* int, JSON true or false */
    K_PROBABILITY /* double, a JSON number from 0 to 1 */
} kind;

/* The most fields one object may hold (each table is checked against it). */
#define MAX_FIELDS 32

typedef struct field {
    const char *key;
    kind kind;
    unsigned min;          /* 0 or 1: the smallest value accepted */
    const char *example;   /* shown in "expected ... such as <example>" */
    size_t offset;         /* into the destination struct */
} field;

static const char *expectation_format(const field *f)
{
    switch (f->kind) {
    case K_DURATION:
        return f->min ? "a positive duration such as %s" : "a non-negative duration such as %s";
    case K_BANDWIDTH:
        return "a positive bandwidth such as %s";
    case K_SIZE:
    case K_BIG_SIZE:
        return f->min ? "a positive size in bytes such as %s"
                      : "a non-negative size in bytes such as %s";
    case K_COUNT:
        return "a positive integer such as %s";
    case K_UNSIGNED:
        return "a non-negative integer such as %s";
    case K_PROBABILITY:
        return "a probability from 0 to 1 such as %s";
    default:
        return "true or false";
    }
}

static const wsim_quantity *quantity_of(kind k)
{
    switch (k) {
    case K_DURATION: return &wsim_duration_quantity;
    case K_BANDWIDTH: return &wsim_bandwidth_quantity;
    case K_SIZE: return &wsim_size_quantity;
    case K_BIG_SIZE: return &wsim_big_size_quantity;
    default: return NULL;
    }
}

static uint64_t max_of(kind k)
{
    switch (k) {
    case K_DURATION: return INT64_MAX;
    case K_SIZE:
    case K_COUNT: return UINT32_MAX;
    default: return UINT64_MAX;
    }
}

/* What a bare JSON number counts, said when a fraction was given. */
static const char *number_note(kind k)
{
    switch (k) {
    case K_DURATION: return " (a number counts whole nanoseconds)";
    case K_BANDWIDTH: return " (a number counts whole bit/s)";
    case K_SIZE:
    case K_BIG_SIZE: return " (a number counts whole bytes)";
    default: return "";
    }
}

static const char *too_precise_note(kind k)
{
    switch (k) {
    case K_DURATION: return " (finer than 1ns)";
    case K_BANDWIDTH: return " (finer than 1bit/s)";
    default: return " (sizes take whole numbers)";
    }
}

static int read_value(ctx *c, const cJSON *v, const field *f, void *dest)
{
    char expected[128];
    snprintf(expected, sizeof expected, expectation_format(f), f->example);
    if (f->kind == K_BOOL) {
        if (!cJSON_IsBool(v))
            return fail_got(c, expected, v, "");
        *(int *)dest = cJSON_IsTrue(v) ? 1 : 0;
        return 0;
    }
    if (f->kind == K_PROBABILITY) {
        /* A JSON number is a double already: no exactness to lose. */
        if (!cJSON_IsNumber(v) || !(v->valuedouble >= 0 && v->valuedouble <= 1))
            return fail_got(c, expected, v, "");
        *(double *)dest = v->valuedouble;
        return 0;
    }

    uint64_t value = 0;
    char note[QUOTED_SIZE + 128];
    const wsim_quantity *q = quantity_of(f->kind);
    if (cJSON_IsNumber(v)) {
        double d = v->valuedouble;
        if (d < 0)
            return fail_got(c, expected, v, "");
        if (d > MAX_EXACT_INTEGER) {
            snprintf(note, sizeof note,
                     " (JSON numbers above %.0f are not exact%s)", MAX_EXACT_INTEGER,
                     q ? "; use a string with a unit" : "");
            return fail_got(c, expected, v, note);
        }
        /* JSON text cannot spell NaN, but the cast would be undefined for it. */
        if (!(d >= 0) || (double)(uint64_t)d != d)
            return fail_got(c, expected, v, number_note(f->kind));
        value = (uint64_t)d;
    } else if (q && cJSON_IsString(v)) {
        const char *unit = NULL;
        switch (wsim_parse_quantity(q, v->valuestring, &value, &unit)) {
        case WSIM_UNIT_OK:
            break;
        case WSIM_UNIT_NO_UNIT:
            snprintf(note, sizeof note, " (missing unit: %s)", q->unit_list);
            return fail_got(c, expected, v, note);
        case WSIM_UNIT_BAD_UNIT: {
            char quoted[QUOTED_SIZE];
            quote(quoted, sizeof quoted, unit);
            snprintf(note, sizeof note, " (unknown unit %s; units: %s)", quoted, q->unit_list);
            return fail_got(c, expected, v, note);
        }
        case WSIM_UNIT_TOO_PRECISE:
            return fail_got(c, expected, v, too_precise_note(f->kind));
        case WSIM_UNIT_OVERFLOW:
            snprintf(note, sizeof note, " (too large: at most %" PRIu64 "%s)", q->max,
                     q->units[0].suffix);
            return fail_got(c, expected, v, note);
        default: /* WSIM_UNIT_SYNTAX, WSIM_UNIT_NEGATIVE */
            return fail_got(c, expected, v, "");
        }
    } else {
        return fail_got(c, expected, v, "");
    }

    if (value > max_of(f->kind)) {
        snprintf(note, sizeof note, " (at most %" PRIu64 ")", max_of(f->kind));
        return fail_got(c, expected, v, note);
    }
    if (value < f->min)
        return fail_got(c, expected, v, "");

    switch (f->kind) {
    case K_DURATION: *(int64_t *)dest = (int64_t)value; break;
    case K_SIZE:
    case K_COUNT: *(uint32_t *)dest = (uint32_t)value; break;
    default: *(uint64_t *)dest = value; break;
    }
    return 0;
}

/* ---- objects --------------------------------------------------------------- */

static int expect_object(ctx *c, const cJSON *v)
{
    return cJSON_IsObject(v) ? 0 : fail_got(c, "an object", v, "");
}

/* Refuses a key the table does not list, and a key given twice (cJSON keeps
 * both, and silently using the first would hide a mistake). */
static int check_keys(ctx *c, const cJSON *obj, const field *fields)
{
    unsigned char seen[MAX_FIELDS] = {0};
    for (const cJSON *item = obj->child; item; item = item->next) {
        size_t i = 0;
        while (fields[i].key && strcmp(fields[i].key, item->string) != 0)
            i++;
        size_t saved = path_key(c, item->string);
        if (!fields[i].key) {
            char known[512] = "";
            for (size_t k = 0; fields[k].key; k++) {
                if (k)
                    strncat(known, ", ", sizeof known - strlen(known) - 1);
                strncat(known, fields[k].key, sizeof known - strlen(known) - 1);
            }
            return fail(c, "unknown field (expected one of: %s)", known);
        }
        if (seen[i])
            return fail(c, "duplicate field (each field may appear once)");
        seen[i] = 1;
        path_restore(c, saved);
    }
    return 0;
}

/* Checks obj's keys, then reads every scalar field present into dest;
 * absent fields keep the value dest already has (the default). */
static int read_fields(ctx *c, const cJSON *obj, const field *fields, void *dest)
{
    if (check_keys(c, obj, fields))
        return -1;
    for (const field *f = fields; f->key; f++) {
        if (f->kind == K_OTHER)
            continue;
        const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, f->key);
        if (!v)
            continue;
        size_t saved = path_key(c, f->key);
        if (read_value(c, v, f, (char *)dest + f->offset))
            return -1;
        path_restore(c, saved);
    }
    return 0;
}

/* A required field: fails with "missing required field" when absent, and
 * otherwise leaves its key on the path for the caller to restore. */
static const cJSON *required(ctx *c, const cJSON *obj, const char *key, const char *expected,
                             size_t *saved)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);
    *saved = path_key(c, key);
    if (!v)
        fail(c, "missing required field (expected %s)", expected);
    return v;
}

#define F(key, kind, min, example, type, member) {key, kind, min, example, offsetof(type, member)}
#define OTHER(key) {key, K_OTHER, 0, NULL, 0}

static const field top_fields[] = {
    F("seed", K_UNSIGNED, 0, "42", wsim_scenario, seed),
    F("stop_time", K_DURATION, 1, "\"60s\"", wsim_scenario, stop_ns),
    OTHER("latitude"),
    F("trace_payloads", K_BOOL, 0, NULL, wsim_scenario, trace_payloads),
    OTHER("tcp"),
    OTHER("loopback"),
    OTHER("hosts"),
    OTHER("links"),
    OTHER("switches"),
    OTHER("faults"),
    OTHER("budgets"),
    OTHER("assert"),
    OTHER("explore"),
    {NULL, K_OTHER, 0, NULL, 0},
};

/* Budgets: 0 (for a size) is "no limit"; durations must be positive. */
static const field budget_fields[] = {
    F("cpu_without_yield", K_DURATION, 1, "\"10s\"", wsim_budgets, cpu_without_yield_ns),
    F("wall_clock", K_DURATION, 1, "\"3600s\"", wsim_budgets, wall_clock_ns),
    F("memory_per_program", K_BIG_SIZE, 0, "\"1GiB\"", wsim_budgets, memory_per_program),
    F("memory_per_run", K_BIG_SIZE, 0, "\"4GiB\"", wsim_budgets, memory_per_run),
    F("output_per_program", K_BIG_SIZE, 0, "\"64MiB\"", wsim_budgets, output_per_program),
    F("trace", K_BIG_SIZE, 0, "\"1GiB\"", wsim_budgets, trace_bytes),
    {NULL, K_OTHER, 0, NULL, 0},
};

static const field tcp_fields[] = {
    F("mss", K_SIZE, 1, "1460", wsim_scenario_tcp, mss),
    F("header_bytes", K_SIZE, 1, "40", wsim_scenario_tcp, header_bytes),
    F("sndbuf", K_SIZE, 0, "65536 or \"64KiB\"", wsim_scenario_tcp, sndbuf),
    F("rcvbuf", K_SIZE, 0, "65536 or \"64KiB\"", wsim_scenario_tcp, rcvbuf),
    F("delayed_ack", K_BOOL, 0, NULL, wsim_scenario_tcp, delayed_ack),
    F("delayed_ack_timeout", K_DURATION, 1, "\"200ms\"", wsim_scenario_tcp, delayed_ack_ns),
    F("delayed_ack_segments", K_COUNT, 1, "2", wsim_scenario_tcp, delayed_ack_segments),
    F("congestion_control", K_BOOL, 0, NULL, wsim_scenario_tcp, congestion_control),
    F("initial_cwnd", K_COUNT, 1, "10", wsim_scenario_tcp, initial_cwnd),
    F("min_rto", K_DURATION, 1, "\"300ms\"", wsim_scenario_tcp, min_rto_ns),
    F("sack", K_BOOL, 0, NULL, wsim_scenario_tcp, sack),
    F("timestamps", K_BOOL, 0, NULL, wsim_scenario_tcp, timestamps),
    F("nagle", K_BOOL, 0, NULL, wsim_scenario_tcp, nagle),
    F("dupack_threshold", K_COUNT, 1, "3", wsim_scenario_tcp, dupack_threshold),
    F("max_retransmissions", K_COUNT, 1, "5", wsim_scenario_tcp, max_retransmissions),
    F("max_syn_retransmissions", K_COUNT, 1, "2", wsim_scenario_tcp, max_syn_retransmissions),
    F("keepalive_time", K_DURATION, 1, "\"7200s\"", wsim_scenario_tcp, keepalive_time_ns),
    F("keepalive_interval", K_DURATION, 1, "\"1s\"", wsim_scenario_tcp, keepalive_interval_ns),
    F("keepalive_probes", K_COUNT, 1, "10", wsim_scenario_tcp, keepalive_probes),
    F("time_wait", K_DURATION, 1, "\"240s\"", wsim_scenario_tcp, time_wait_ns),
    {NULL, K_OTHER, 0, NULL, 0},
};

static const field loopback_fields[] = {
    F("latency", K_DURATION, 0, "\"10us\"", wsim_scenario_loopback, latency_ns),
    F("bandwidth", K_BANDWIDTH, 1, "\"10Gbit/s\"", wsim_scenario_loopback, bandwidth_bps),
    F("mtu", K_SIZE, 1, "65535", wsim_scenario_loopback, mtu),
    {NULL, K_OTHER, 0, NULL, 0},
};

static const field host_fields[] = {
    OTHER("name"),
    OTHER("address"),
    F("mtu", K_SIZE, 1, "1500", wsim_scenario_host, mtu),
    OTHER("profile"),
    F("max_overlapped", K_COUNT, 1, "64", wsim_scenario_host, max_overlapped),
    OTHER("programs"),
    OTHER("aliases"),
    {NULL, K_OTHER, 0, NULL, 0},
};

static const field program_fields[] = {
    OTHER("module"),
    OTHER("args"),
    F("start", K_DURATION, 0, "\"1ms\"", wsim_scenario_program, start_ns),
    {NULL, K_OTHER, 0, NULL, 0},
};

/* What a link and a switch's ports share. */
#define LINK_PROPERTIES                                                                   \
    F("latency", K_DURATION, 0, "\"10ms\"", wsim_scenario_link, latency_ns),               \
    F("bandwidth", K_BANDWIDTH, 1, "\"10Mbit/s\"", wsim_scenario_link, bandwidth_bps),     \
    F("queue", K_COUNT, 1, "100", wsim_scenario_link, queue_packets),                      \
    F("queue_bytes", K_SIZE, 1, "65536 or \"64KiB\"", wsim_scenario_link, queue_bytes),    \
    F("framing_bytes", K_SIZE, 0, "2", wsim_scenario_link, framing_bytes),                 \
    F("jitter", K_DURATION, 0, "\"2ms\"", wsim_scenario_link, jitter_ns),                  \
    F("loss", K_PROBABILITY, 0, "0.01", wsim_scenario_link, loss),                         \
    F("duplicate", K_PROBABILITY, 0, "0.01", wsim_scenario_link, duplicate),               \
    F("reorder", K_PROBABILITY, 0, "0.01", wsim_scenario_link, reorder),                   \
    F("reorder_delay", K_DURATION, 0, "\"1ms\"", wsim_scenario_link, reorder_delay_ns)

static const field link_fields[] = {
    OTHER("between"),
    OTHER("name"),
    LINK_PROPERTIES,
    {NULL, K_OTHER, 0, NULL, 0},
};

/* Read into the switch's port (a wsim_scenario_link). */
static const field switch_fields[] = {
    OTHER("name"),
    OTHER("hosts"),
    LINK_PROPERTIES,
    {NULL, K_OTHER, 0, NULL, 0},
};

/* One table per kind of fault: each takes only what its kind uses. */
#define FAULT_COMMON                                                                      \
    F("at", K_DURATION, 0, "\"2s\"", wsim_scenario_fault, at_ns), OTHER("kind")
static const field fault_link_fields[] = {
    FAULT_COMMON, OTHER("link"), {NULL, K_OTHER, 0, NULL, 0},
};
static const field fault_partition_fields[] = {
    FAULT_COMMON, OTHER("name"), OTHER("links"), {NULL, K_OTHER, 0, NULL, 0},
};
static const field fault_heal_fields[] = {
    FAULT_COMMON, OTHER("name"), {NULL, K_OTHER, 0, NULL, 0},
};
static const field fault_host_fields[] = {
    FAULT_COMMON, OTHER("host"), {NULL, K_OTHER, 0, NULL, 0},
};
static const field fault_jitter_fields[] = {
    FAULT_COMMON, OTHER("link"), F("jitter", K_DURATION, 0, "\"2ms\"", wsim_scenario_fault, jitter_ns),
    {NULL, K_OTHER, 0, NULL, 0},
};
static const field fault_loss_fields[] = {
    FAULT_COMMON, OTHER("link"), F("loss", K_PROBABILITY, 0, "0.01", wsim_scenario_fault, loss),
    {NULL, K_OTHER, 0, NULL, 0},
};

#define FIELD_COUNT(table) (sizeof(table) / sizeof(table)[0] - 1)
_Static_assert(FIELD_COUNT(top_fields) <= MAX_FIELDS && FIELD_COUNT(tcp_fields) <= MAX_FIELDS &&
                   FIELD_COUNT(link_fields) <= MAX_FIELDS &&
                   FIELD_COUNT(switch_fields) <= MAX_FIELDS,
               "check_keys marks at most MAX_FIELDS fields");

/* An optional nested object read entirely by its table. */
static int read_section(ctx *c, const cJSON *root, const char *key, const field *fields,
                        void *dest)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(root, key);
    if (!v)
        return 0;
    size_t saved = path_key(c, key);
    if (expect_object(c, v) || read_fields(c, v, fields, dest))
        return -1;
    path_restore(c, saved);
    return 0;
}

/* An optional field whose value is one of `names` (a JSON string); *out
 * becomes its index, and keeps its default when the field is absent. */
static int read_name_choice(ctx *c, const cJSON *obj, const char *key, const char *what,
                            const char *const *names, size_t count, int *out)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);
    if (!v)
        return 0;
    size_t saved = path_key(c, key);
    for (size_t i = 0; cJSON_IsString(v) && i < count; i++)
        if (strcmp(v->valuestring, names[i]) == 0) {
            *out = (int)i;
            path_restore(c, saved);
            return 0;
        }
    char expected[256];
    int used = snprintf(expected, sizeof expected, "%s (one of: ", what);
    for (size_t i = 0; i < count && used > 0 && (size_t)used < sizeof expected; i++)
        used += snprintf(expected + used, sizeof expected - (size_t)used, "%s%s", i ? ", " : "",
                         names[i]);
    if (used > 0 && (size_t)used < sizeof expected)
        snprintf(expected + used, sizeof expected - (size_t)used, ")");
    return fail_got(c, expected, v, "");
}

/* The names of wsim_scenario_profile and wsim_latitude, in their order. */
static const char *const profile_names[] = {"windows", "win9x", "wince"};
static const char *const latitude_names[] = {"profile", "documented", "fifo"};

/* ---- hosts ----------------------------------------------------------------- */

static const char *const name_expected =
    "a host name of letters, digits, '_', '.' and '-' such as \"server\"";
static const char *const address_expected =
    "a dotted-quad IPv4 address such as \"10.0.0.1\"";

static int valid_host_name(const char *s)
{
    if (!*s)
        return 0;
    for (; *s; s++) {
        char ch = *s;
        if (!((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
              (ch >= '0' && ch <= '9') || ch == '_' || ch == '.' || ch == '-'))
            return 0;
    }
    return 1;
}

/* Strict dotted quad: four decimal parts 0..255 without leading zeros (which
 * inet_aton would read as octal) and nothing else. */
static int parse_ipv4(const char *s, uint32_t *out)
{
    uint32_t address = 0;
    for (int part = 0; part < 4; part++) {
        if (part > 0 && *s++ != '.')
            return -1;
        if (!(*s >= '0' && *s <= '9'))
            return -1;
        unsigned value = 0;
        int digits = 0;
        const char *start = s;
        while (*s >= '0' && *s <= '9' && digits < 4) {
            value = value * 10 + (unsigned)(*s - '0');
            s++;
            digits++;
        }
        if (digits > 3 || value > 255 || (digits > 1 && *start == '0'))
            return -1;
        address = (address << 8) | value;
    }
    if (*s)
        return -1;
    *out = address;
    return 0;
}

/* Makes path clean lexically: no empty or "." components.  ".." stays, since
 * resolving it needs the file system (and symbolic links). */
static void clean_path(char *path)
{
    char *out = path;
    const char *in = path;
    int absolute = *in == '/';
    if (absolute)
        *out++ = '/';
    while (*in) {
        while (*in == '/')
            in++;
        const char *end = in;
        while (*end && *end != '/')
            end++;
        size_t len = (size_t)(end - in);
        if (len > 0 && !(len == 1 && in[0] == '.')) {
            if (out > path && out[-1] != '/')
                *out++ = '/';
            memmove(out, in, len);
            out += len;
        }
        in = end;
    }
    if (out == path)
        *out++ = '.';
    *out = '\0';
}

static char *join_path(const char *dir, const char *name)
{
    size_t dl = strlen(dir), nl = strlen(name);
    char *joined = malloc(dl + nl + 2);
    if (!joined)
        return NULL;
    memcpy(joined, dir, dl);
    joined[dl] = '/';
    memcpy(joined + dl + 1, name, nl + 1);
    clean_path(joined);
    return joined;
}

/* The scenario's folder, made absolute with the working directory so module
 * paths stay valid whatever the runner does with its cwd later.  When the
 * cwd is unknown (deleted, say) the relative folder still works now. */
static char *scenario_dir(const char *file)
{
    const char *slash = strrchr(file, '/');
    char *dir;
    if (!slash)
        dir = strdup(".");
    else if (slash == file)
        dir = strdup("/");
    else
        dir = strndup(file, (size_t)(slash - file));
    if (!dir || dir[0] == '/')
        return dir;
    char cwd[4096];
    if (!getcwd(cwd, sizeof cwd))
        return dir;
    char *absolute = join_path(cwd, dir);
    free(dir);
    return absolute;
}

static int read_module(ctx *c, const cJSON *program, wsim_scenario_program *out)
{
    size_t saved;
    const cJSON *v = required(c, program, "module", "a module file such as \"server.c\"", &saved);
    if (!v)
        return -1;
    if (!cJSON_IsString(v) || !v->valuestring[0])
        return fail_got(c, "a module file such as \"server.c\"", v, "");
    const char *given = v->valuestring;
    if (given[0] == '/') {
        out->module = strdup(given);
        if (out->module)
            clean_path(out->module);
    } else {
        out->module = join_path(c->dir, given);
    }
    if (!out->module)
        return fail(c, "out of memory");

    char quoted[QUOTED_SIZE], where[1024];
    quote(quoted, sizeof quoted, given);
    printable_path(where, sizeof where, out->module);
    struct stat st;
    if (stat(out->module, &st) != 0) {
        if (errno == ENOENT || errno == ENOTDIR)
            return fail(c, "file %s not found (looked in %s)", quoted, where);
        return fail(c, "cannot access file %s (%s): %s", quoted, where, strerror(errno));
    }
    if (!S_ISREG(st.st_mode))
        return fail(c, "expected a regular file, got %s (%s)",
                    S_ISDIR(st.st_mode) ? "a folder" : "a special file", where);
    path_restore(c, saved);
    return 0;
}

static int read_args(ctx *c, const cJSON *program, wsim_scenario_program *out)
{
    const cJSON *args = cJSON_GetObjectItemCaseSensitive(program, "args");
    size_t saved = path_key(c, "args");
    if (args && !cJSON_IsArray(args))
        return fail_got(c, "an array of strings", args, "");
    int count = args ? cJSON_GetArraySize(args) : 0;

    out->argv = calloc((size_t)count + 2, sizeof *out->argv);
    if (!out->argv)
        return fail(c, "out of memory");
    out->argc = count + 1;
    const char *slash = strrchr(out->module, '/');
    out->argv[0] = strdup(slash ? slash + 1 : out->module);
    if (!out->argv[0])
        return fail(c, "out of memory");

    int i = 1;
    for (const cJSON *arg = args ? args->child : NULL; arg; arg = arg->next, i++) {
        size_t at = path_index(c, (size_t)(i - 1));
        if (!cJSON_IsString(arg))
            return fail_got(c, "a string", arg, "");
        out->argv[i] = strdup(arg->valuestring);
        if (!out->argv[i])
            return fail(c, "out of memory");
        path_restore(c, at);
    }
    path_restore(c, saved);
    return 0;
}

static int read_programs(ctx *c, const cJSON *host, wsim_scenario_host *out)
{
    const cJSON *programs = cJSON_GetObjectItemCaseSensitive(host, "programs");
    if (!programs)
        return 0;
    size_t saved = path_key(c, "programs");
    if (!cJSON_IsArray(programs))
        return fail_got(c, "an array of programs", programs, "");
    size_t count = (size_t)cJSON_GetArraySize(programs);
    if (count > 0) {
        out->programs = calloc(count, sizeof *out->programs);
        if (!out->programs)
            return fail(c, "out of memory");
        out->program_count = count;
    }
    size_t i = 0;
    for (const cJSON *p = programs->child; p; p = p->next, i++) {
        size_t at = path_index(c, i);
        wsim_scenario_program *prog = &out->programs[i];
        if (expect_object(c, p) || read_fields(c, p, program_fields, prog) ||
            read_module(c, p, prog) || read_args(c, p, prog))
            return -1;
        path_restore(c, at);
    }
    path_restore(c, saved);
    return 0;
}

/* Whether an alias of one of the first `hosts` hosts is `name` (compared
 * without case, as names resolve): *where names it. */
static int alias_taken(const wsim_scenario *s, size_t hosts, const char *name, char *where,
                       size_t size)
{
    for (size_t i = 0; i < hosts; i++)
        for (size_t a = 0; a < s->hosts[i].alias_count; a++)
            if (strcasecmp(s->hosts[i].aliases[a], name) == 0) {
                snprintf(where, size, "$.hosts[%zu].aliases[%zu]", i, a);
                return 1;
            }
    return 0;
}

/* A host's "aliases": names as a host's, each unique among the host names
 * and aliases so far (and its own name), without case. */
static int read_aliases(ctx *c, const cJSON *v, wsim_scenario *s, size_t index)
{
    wsim_scenario_host *host = &s->hosts[index];
    const cJSON *aliases = cJSON_GetObjectItemCaseSensitive(v, "aliases");
    if (!aliases)
        return 0;
    size_t saved = path_key(c, "aliases");
    if (!cJSON_IsArray(aliases))
        return fail_got(c, "an array of host names", aliases, "");
    size_t count = (size_t)cJSON_GetArraySize(aliases);
    if (count > 0) {
        host->aliases = calloc(count, sizeof *host->aliases);
        if (!host->aliases)
            return fail(c, "out of memory");
    }
    size_t i = 0;
    for (const cJSON *a = aliases->child; a; a = a->next, i++) {
        size_t at = path_index(c, i);
        if (!cJSON_IsString(a) || !valid_host_name(a->valuestring))
            return fail_got(c, name_expected, a, "");
        char first[64] = "";
        for (size_t h = 0; h <= index && !first[0]; h++)
            if (strcasecmp(s->hosts[h].name, a->valuestring) == 0)
                snprintf(first, sizeof first, "$.hosts[%zu].name", h);
        if (first[0] || alias_taken(s, index + 1, a->valuestring, first, sizeof first))
            return fail(c, "duplicate name \"%s\" (first at %s; host names and aliases share "
                        "names)", a->valuestring, first);
        if (!(host->aliases[i] = strdup(a->valuestring)))
            return fail(c, "out of memory");
        host->alias_count = i + 1;
        path_restore(c, at);
    }
    path_restore(c, saved);
    return 0;
}

static int read_host(ctx *c, const cJSON *v, wsim_scenario *s, size_t index)
{
    wsim_scenario_host *host = &s->hosts[index];
    host->mtu = WSIM_DEFAULT_MTU;
    int profile = WSIM_SCENARIO_PROFILE_WINDOWS;
    if (expect_object(c, v) || read_fields(c, v, host_fields, host) ||
        read_name_choice(c, v, "profile", "a profile", profile_names,
                         sizeof profile_names / sizeof profile_names[0], &profile))
        return -1;
    host->profile = (wsim_scenario_profile)profile;

    size_t saved;
    const cJSON *name = required(c, v, "name", name_expected, &saved);
    if (!name)
        return -1;
    if (!cJSON_IsString(name) || !valid_host_name(name->valuestring))
        return fail_got(c, name_expected, name, "");
    for (size_t i = 0; i < index; i++) {
        if (strcmp(s->hosts[i].name, name->valuestring) == 0)
            return fail(c, "duplicate host name \"%s\" (first at $.hosts[%zu].name)",
                        name->valuestring, i);
    }
    char first[64];
    if (alias_taken(s, index, name->valuestring, first, sizeof first))
        return fail(c, "duplicate host name \"%s\" (first at %s)", name->valuestring, first);
    host->name = strdup(name->valuestring);
    if (!host->name)
        return fail(c, "out of memory");
    path_restore(c, saved);

    const cJSON *address = required(c, v, "address", address_expected, &saved);
    if (!address)
        return -1;
    if (!cJSON_IsString(address) || parse_ipv4(address->valuestring, &host->address))
        return fail_got(c, address_expected, address, "");
    if (host->address == 0)
        return fail_got(c, "an address other than 0.0.0.0", address, "");
    if ((host->address >> 24) == 127)
        return fail_got(c, "an address outside 127.0.0.0/8 (loopback is implicit on every host)",
                        address, "");
    for (size_t i = 0; i < index; i++) {
        if (s->hosts[i].address == host->address)
            return fail(c, "duplicate address \"%s\" (first at $.hosts[%zu].address)",
                        address->valuestring, i);
    }
    path_restore(c, saved);

    /* RFC 791: every IPv4 module takes 68-byte packets unfragmented; and a
     * TCP segment must have room for data beside its headers. */
    uint32_t least = s->tcp.header_bytes + 1 > 68 ? s->tcp.header_bytes + 1 : 68;
    if (host->mtu < least) {
        saved = path_key(c, "mtu");
        return fail(c, "expected at least %" PRIu32 " (the IPv4 minimum of 68, and more than "
                    "tcp.header_bytes %" PRIu32 "), got %" PRIu32,
                    least, s->tcp.header_bytes, host->mtu);
    }

    return read_aliases(c, v, s, index) || read_programs(c, v, host);
}

static int read_hosts(ctx *c, const cJSON *root, wsim_scenario *s)
{
    size_t saved;
    const char *expected = "a non-empty array of hosts";
    const cJSON *hosts = required(c, root, "hosts", expected, &saved);
    if (!hosts)
        return -1;
    if (!cJSON_IsArray(hosts) || cJSON_GetArraySize(hosts) == 0)
        return fail_got(c, expected, hosts, "");
    size_t count = (size_t)cJSON_GetArraySize(hosts);
    s->hosts = calloc(count, sizeof *s->hosts);
    if (!s->hosts)
        return fail(c, "out of memory");
    s->host_count = count;
    size_t i = 0;
    for (const cJSON *h = hosts->child; h; h = h->next, i++) {
        size_t at = path_index(c, i);
        if (read_host(c, h, s, i))
            return -1;
        path_restore(c, at);
    }
    path_restore(c, saved);
    return 0;
}

/* ---- links ----------------------------------------------------------------- */

static int find_host(ctx *c, const cJSON *v, const wsim_scenario *s, size_t *index)
{
    if (!cJSON_IsString(v))
        return fail_got(c, "a host name", v, "");
    for (size_t i = 0; i < s->host_count; i++) {
        if (strcmp(s->hosts[i].name, v->valuestring) == 0) {
            *index = i;
            return 0;
        }
    }
    char names[256] = "";
    for (size_t i = 0; i < s->host_count; i++) {
        if (i)
            strncat(names, ", ", sizeof names - strlen(names) - 1);
        strncat(names, s->hosts[i].name, sizeof names - strlen(names) - 1);
    }
    char quoted[QUOTED_SIZE];
    quote(quoted, sizeof quoted, v->valuestring);
    return fail(c, "unknown host %s (expected one of: %s)", quoted, names);
}

/* Refuses "queue" and "queue_bytes" together: a queue counts one or the
 * other. */
static int check_queue(ctx *c, const cJSON *v)
{
    const cJSON *bytes = cJSON_GetObjectItemCaseSensitive(v, "queue_bytes");
    if (bytes && cJSON_GetObjectItemCaseSensitive(v, "queue")) {
        path_key(c, "queue_bytes");
        return fail_got(c, "no queue_bytes beside queue (a queue counts packets or bytes)",
                        bytes, "");
    }
    return 0;
}

static void link_defaults(wsim_scenario_link *link)
{
    link->latency_ns = WSIM_DEFAULT_LINK_LATENCY_NS;
    link->bandwidth_bps = WSIM_DEFAULT_LINK_BPS;
    link->queue_packets = WSIM_DEFAULT_LINK_QUEUE;
    link->reorder_delay_ns = WSIM_DEFAULT_REORDER_DELAY_NS;
}

static const char *const link_name_expected =
    "a link name of letters, digits, '_', '.' and '-' such as \"wan\"";

static int read_link_name(ctx *c, const cJSON *v, wsim_scenario *s, size_t index)
{
    const cJSON *name = cJSON_GetObjectItemCaseSensitive(v, "name");
    if (!name)
        return 0;
    size_t saved = path_key(c, "name");
    if (!cJSON_IsString(name) || !valid_host_name(name->valuestring))
        return fail_got(c, link_name_expected, name, "");
    for (size_t i = 0; i < index; i++)
        if (s->links[i].name && strcmp(s->links[i].name, name->valuestring) == 0)
            return fail(c, "duplicate link name \"%s\" (first at $.links[%zu].name)",
                        name->valuestring, i);
    if (!(s->links[index].name = strdup(name->valuestring)))
        return fail(c, "out of memory");
    path_restore(c, saved);
    return 0;
}

static int read_link(ctx *c, const cJSON *v, wsim_scenario *s, size_t index)
{
    wsim_scenario_link *link = &s->links[index];
    if (expect_object(c, v) || read_fields(c, v, link_fields, link) || check_queue(c, v))
        return -1;

    size_t saved;
    const char *expected = "an array of two host names";
    const cJSON *between = required(c, v, "between", expected, &saved);
    if (!between)
        return -1;
    if (!cJSON_IsArray(between) || cJSON_GetArraySize(between) != 2)
        return fail_got(c, expected, between, "");
    size_t at = path_index(c, 0);
    if (find_host(c, between->child, s, &link->a))
        return -1;
    path_restore(c, at);
    at = path_index(c, 1);
    if (find_host(c, between->child->next, s, &link->b))
        return -1;
    path_restore(c, at);
    if (link->a == link->b)
        return fail(c, "expected two different hosts, got \"%s\" twice", s->hosts[link->a].name);
    for (size_t i = 0; i < index; i++) {
        const wsim_scenario_link *other = &s->links[i];
        if ((other->a == link->a && other->b == link->b) ||
            (other->a == link->b && other->b == link->a))
            return fail(c, "duplicate link between \"%s\" and \"%s\" (first at $.links[%zu].between)",
                        s->hosts[link->a].name, s->hosts[link->b].name, i);
    }
    path_restore(c, saved);
    return read_link_name(c, v, s, index);
}

/* An optional array of objects at root[key]: allocates *items (count
 * elements of size bytes) and calls read for each, with its path. */
static int read_array(ctx *c, const cJSON *root, const char *key, const char *expected,
                      void **items, size_t *count, size_t size, wsim_scenario *s,
                      int (*read)(ctx *, const cJSON *, wsim_scenario *, size_t))
{
    const cJSON *array = cJSON_GetObjectItemCaseSensitive(root, key);
    if (!array)
        return 0;
    size_t saved = path_key(c, key);
    if (!cJSON_IsArray(array))
        return fail_got(c, expected, array, "");
    size_t n = (size_t)cJSON_GetArraySize(array);
    if (n > 0) {
        *items = calloc(n, size);
        if (!*items)
            return fail(c, "out of memory");
        *count = n;
    }
    size_t i = 0;
    for (const cJSON *item = array->child; item; item = item->next, i++) {
        size_t at = path_index(c, i);
        if (read(c, item, s, i))
            return -1;
        path_restore(c, at);
    }
    path_restore(c, saved);
    return 0;
}

static int read_one_link(ctx *c, const cJSON *v, wsim_scenario *s, size_t index)
{
    /* Defaults first: the table only overwrites what the file gives. */
    link_defaults(&s->links[index]);
    return read_link(c, v, s, index);
}

/* ---- switches -------------------------------------------------------------- */

/* Where a node name is first used, for a duplicate's message; 0 when unused. */
static int name_taken(const wsim_scenario *s, size_t switches, const char *name, char *where,
                      size_t size)
{
    for (size_t i = 0; i < s->host_count; i++)
        if (strcmp(s->hosts[i].name, name) == 0) {
            snprintf(where, size, "$.hosts[%zu].name", i);
            return 1;
        }
    for (size_t i = 0; i < switches; i++)
        if (strcmp(s->switches[i].name, name) == 0) {
            snprintf(where, size, "$.switches[%zu].name", i);
            return 1;
        }
    return 0;
}

static int read_switch(ctx *c, const cJSON *v, wsim_scenario *s, size_t index)
{
    wsim_scenario_switch *sw = &s->switches[index];
    link_defaults(&sw->port);
    if (expect_object(c, v) || read_fields(c, v, switch_fields, &sw->port) || check_queue(c, v))
        return -1;

    size_t saved;
    const char *expected = "a switch name of letters, digits, '_', '.' and '-' such as \"lan\"";
    const cJSON *name = required(c, v, "name", expected, &saved);
    if (!name)
        return -1;
    if (!cJSON_IsString(name) || !valid_host_name(name->valuestring))
        return fail_got(c, expected, name, "");
    char where[64];
    if (name_taken(s, index, name->valuestring, where, sizeof where))
        return fail(c, "duplicate name \"%s\" (first at %s; hosts and switches share names)",
                    name->valuestring, where);
    if (!(sw->name = strdup(name->valuestring)))
        return fail(c, "out of memory");
    path_restore(c, saved);

    expected = "a non-empty array of host names";
    const cJSON *hosts = required(c, v, "hosts", expected, &saved);
    if (!hosts)
        return -1;
    if (!cJSON_IsArray(hosts) || cJSON_GetArraySize(hosts) == 0)
        return fail_got(c, expected, hosts, "");
    sw->host_count = (size_t)cJSON_GetArraySize(hosts);
    if (!(sw->hosts = calloc(sw->host_count, sizeof *sw->hosts)))
        return fail(c, "out of memory");
    size_t i = 0;
    for (const cJSON *h = hosts->child; h; h = h->next, i++) {
        size_t at = path_index(c, i);
        if (find_host(c, h, s, &sw->hosts[i]))
            return -1;
        for (size_t j = 0; j < i; j++)
            if (sw->hosts[j] == sw->hosts[i])
                return fail(c, "host \"%s\" listed twice (first at $.switches[%zu].hosts[%zu])",
                            s->hosts[sw->hosts[i]].name, index, j);
        path_restore(c, at);
    }
    path_restore(c, saved);
    return 0;
}

/* ---- faults ---------------------------------------------------------------- */

void wsim_scenario_link_label(const wsim_scenario *s, size_t number, char *buf, size_t size)
{
    if (number < s->link_count) {
        const wsim_scenario_link *l = &s->links[number];
        if (l->name)
            snprintf(buf, size, "%s", l->name);
        else
            snprintf(buf, size, "%s-%s", s->hosts[l->a].name, s->hosts[l->b].name);
        return;
    }
    number -= s->link_count;
    for (size_t i = 0; i < s->switch_count; i++) {
        const wsim_scenario_switch *sw = &s->switches[i];
        if (number < sw->host_count) {
            snprintf(buf, size, "%s-%s", sw->name, s->hosts[sw->hosts[number]].name);
            return;
        }
        number -= sw->host_count;
    }
    snprintf(buf, size, "?");
}

/* A host's or switch's name: 0 and *host (a host index) or *sw (a switch
 * index, *host then SIZE_MAX) set. */
static int find_node(ctx *c, const cJSON *v, const wsim_scenario *s, size_t *host, size_t *sw)
{
    if (!cJSON_IsString(v))
        return fail_got(c, "a host or switch name", v, "");
    *host = *sw = SIZE_MAX;
    for (size_t i = 0; i < s->host_count; i++)
        if (strcmp(s->hosts[i].name, v->valuestring) == 0) {
            *host = i;
            return 0;
        }
    for (size_t i = 0; i < s->switch_count; i++)
        if (strcmp(s->switches[i].name, v->valuestring) == 0) {
            *sw = i;
            return 0;
        }
    char quoted[QUOTED_SIZE];
    quote(quoted, sizeof quoted, v->valuestring);
    return fail(c, "unknown host or switch %s", quoted);
}

/* The number of the link between host h and node (host h2, or switch sw),
 * or SIZE_MAX. */
static size_t link_between(const wsim_scenario *s, size_t h, size_t h2, size_t sw)
{
    if (sw == SIZE_MAX) {
        for (size_t i = 0; i < s->link_count; i++)
            if ((s->links[i].a == h && s->links[i].b == h2) ||
                (s->links[i].a == h2 && s->links[i].b == h))
                return i;
        return SIZE_MAX;
    }
    size_t number = s->link_count;
    for (size_t i = 0; i < sw; i++)
        number += s->switches[i].host_count;
    for (size_t j = 0; j < s->switches[sw].host_count; j++)
        if (s->switches[sw].hosts[j] == h)
            return number + j;
    return SIZE_MAX;
}

static const char *const link_ref_expected =
    "a link's name, or its two ends such as [\"a\", \"b\"]";

/* A link named by its "name" or by its ends (two hosts, or a switch and one
 * of its hosts for the port between them). */
static int read_link_ref(ctx *c, const cJSON *v, const wsim_scenario *s, size_t *number)
{
    if (cJSON_IsString(v)) {
        for (size_t i = 0; i < s->link_count; i++)
            if (s->links[i].name && strcmp(s->links[i].name, v->valuestring) == 0) {
                *number = i;
                return 0;
            }
        char quoted[QUOTED_SIZE];
        quote(quoted, sizeof quoted, v->valuestring);
        return fail(c, "unknown link %s (expected %s)", quoted, link_ref_expected);
    }
    if (!cJSON_IsArray(v) || cJSON_GetArraySize(v) != 2)
        return fail_got(c, link_ref_expected, v, "");
    size_t host[2], sw[2];
    for (int e = 0; e < 2; e++) {
        size_t at = path_index(c, (size_t)e);
        if (find_node(c, cJSON_GetArrayItem(v, e), s, &host[e], &sw[e]))
            return -1;
        path_restore(c, at);
    }
    *number = SIZE_MAX;
    if (host[0] != SIZE_MAX)
        *number = link_between(s, host[0], host[1], sw[1]);
    else if (host[1] != SIZE_MAX)
        *number = link_between(s, host[1], SIZE_MAX, sw[0]);
    if (*number == SIZE_MAX)
        return fail(c, "no link between \"%s\" and \"%s\"", cJSON_GetArrayItem(v, 0)->valuestring,
                    cJSON_GetArrayItem(v, 1)->valuestring);
    return 0;
}

/* A fault's "name": a partition's, or the one a heal undoes. */
static int read_partition_name(ctx *c, const cJSON *v, wsim_scenario *s, size_t index)
{
    wsim_scenario_fault *f = &s->faults[index];
    size_t saved;
    const cJSON *name = required(c, v, "name", "a partition name such as \"split\"", &saved);
    if (!name)
        return -1;
    if (!cJSON_IsString(name) || !valid_host_name(name->valuestring))
        return fail_got(c, "a partition name of letters, digits, '_', '.' and '-' such as \"split\"",
                        name, "");
    size_t first = SIZE_MAX;
    for (size_t i = 0; i < index && first == SIZE_MAX; i++)
        if (s->faults[i].kind == WSIM_FAULT_PARTITION && strcmp(s->faults[i].name, name->valuestring) == 0)
            first = i;
    if (f->kind == WSIM_FAULT_PARTITION && first != SIZE_MAX)
        return fail(c, "duplicate partition name \"%s\" (first at $.faults[%zu].name)",
                    name->valuestring, first);
    if (f->kind == WSIM_FAULT_HEAL) {
        if (first == SIZE_MAX)
            return fail(c, "unknown partition \"%s\" (a heal names a partition made earlier in "
                        "$.faults)", name->valuestring);
        const wsim_scenario_fault *p = &s->faults[first];
        if (!(f->links = malloc(p->link_count * sizeof *f->links)))
            return fail(c, "out of memory");
        memcpy(f->links, p->links, p->link_count * sizeof *f->links);
        f->link_count = p->link_count;
    }
    if (!(f->name = strdup(name->valuestring)))
        return fail(c, "out of memory");
    path_restore(c, saved);
    return 0;
}

static int read_partition_links(ctx *c, const cJSON *v, wsim_scenario *s, size_t index)
{
    wsim_scenario_fault *f = &s->faults[index];
    size_t saved;
    const char *expected = "a non-empty array of links";
    const cJSON *links = required(c, v, "links", expected, &saved);
    if (!links)
        return -1;
    if (!cJSON_IsArray(links) || cJSON_GetArraySize(links) == 0)
        return fail_got(c, expected, links, "");
    size_t n = (size_t)cJSON_GetArraySize(links);
    if (!(f->links = calloc(n, sizeof *f->links)))
        return fail(c, "out of memory");
    size_t i = 0;
    for (const cJSON *l = links->child; l; l = l->next, i++) {
        size_t at = path_index(c, i);
        if (read_link_ref(c, l, s, &f->links[i]))
            return -1;
        for (size_t j = 0; j < i; j++)
            if (f->links[j] == f->links[i]) {
                char label[256];
                wsim_scenario_link_label(s, f->links[i], label, sizeof label);
                return fail(c, "link \"%s\" listed twice (first at $.faults[%zu].links[%zu])",
                            label, index, j);
            }
        f->link_count = i + 1;
        path_restore(c, at);
    }
    path_restore(c, saved);
    return 0;
}

static int read_fault(ctx *c, const cJSON *v, wsim_scenario *s, size_t index)
{
    wsim_scenario_fault *f = &s->faults[index];
    if (expect_object(c, v))
        return -1;
    char kinds[256] = "a fault kind (one of: ";
    for (int k = 0; k < WSIM_FAULT_KIND_COUNT; k++) {
        strncat(kinds, wsim_fault_kind_name((wsim_fault_kind)k), sizeof kinds - strlen(kinds) - 1);
        strncat(kinds, k + 1 < WSIM_FAULT_KIND_COUNT ? ", " : ")", sizeof kinds - strlen(kinds) - 1);
    }
    size_t saved;
    const cJSON *what = required(c, v, "kind", kinds, &saved);
    if (!what)
        return -1;
    if (!cJSON_IsString(what) || wsim_fault_kind_from_name(what->valuestring, &f->kind) != 0)
        return fail_got(c, kinds, what, "");
    path_restore(c, saved);

    const field *fields = wsim_fault_hits_host(f->kind)       ? fault_host_fields
                          : f->kind == WSIM_FAULT_PARTITION ? fault_partition_fields
                          : f->kind == WSIM_FAULT_HEAL      ? fault_heal_fields
                          : f->kind == WSIM_FAULT_LINK_LOSS ? fault_loss_fields
                          : f->kind == WSIM_FAULT_LINK_JITTER ? fault_jitter_fields
                                                            : fault_link_fields;
    if (read_fields(c, v, fields, f))
        return -1;
    if (!required(c, v, "at", "a non-negative duration such as \"2s\"", &saved))
        return -1;
    path_restore(c, saved);
    if (f->kind == WSIM_FAULT_LINK_LOSS) {
        if (!required(c, v, "loss", "a probability from 0 to 1 such as 0.01", &saved))
            return -1;
        path_restore(c, saved);
    }
    if (f->kind == WSIM_FAULT_LINK_JITTER) {
        if (!required(c, v, "jitter", "a non-negative duration such as \"2ms\"", &saved))
            return -1;
        path_restore(c, saved);
    }

    if (wsim_fault_hits_host(f->kind)) {
        const cJSON *host = required(c, v, "host", "a host name", &saved);
        if (!host || find_host(c, host, s, &f->host))
            return -1;
        path_restore(c, saved);
        return 0;
    }
    if (f->kind == WSIM_FAULT_PARTITION)
        return read_partition_name(c, v, s, index) || read_partition_links(c, v, s, index) ? -1 : 0;
    if (f->kind == WSIM_FAULT_HEAL)
        return read_partition_name(c, v, s, index);
    const cJSON *link = required(c, v, "link", link_ref_expected, &saved);
    if (!link)
        return -1;
    if (!(f->links = malloc(sizeof *f->links)))
        return fail(c, "out of memory");
    if (read_link_ref(c, link, s, &f->links[0]))
        return -1;
    f->link_count = 1;
    path_restore(c, saved);
    return 0;
}

/* ---- the whole file -------------------------------------------------------- */

static int read_root(ctx *c, const cJSON *root, wsim_scenario *s)
{
    int latitude = WSIM_LATITUDE_PROFILE;
    if (expect_object(c, root) || read_fields(c, root, top_fields, s) ||
        read_name_choice(c, root, "latitude", "a latitude", latitude_names,
                         sizeof latitude_names / sizeof latitude_names[0], &latitude))
        return -1;
    s->latitude = (wsim_latitude)latitude;
    if (read_section(c, root, "tcp", tcp_fields, &s->tcp) ||
        read_section(c, root, "loopback", loopback_fields, &s->loopback) ||
        read_section(c, root, "budgets", budget_fields, &s->budgets))
        return -1;

    /* The loopback MSS is mtu - header_bytes: it must leave room for data.
     * Blame whichever of the two the file set (the mtu when both). */
    if (s->loopback.mtu <= s->tcp.header_bytes) {
        const cJSON *loopback = cJSON_GetObjectItemCaseSensitive(root, "loopback");
        if (cJSON_GetObjectItemCaseSensitive(loopback, "mtu")) {
            path_key(c, "loopback");
            path_key(c, "mtu");
            return fail(c, "expected more than tcp.header_bytes (%" PRIu32 "), got %" PRIu32,
                        s->tcp.header_bytes, s->loopback.mtu);
        }
        path_key(c, "tcp");
        path_key(c, "header_bytes");
        return fail(c, "expected less than loopback.mtu (%" PRIu32 "), got %" PRIu32,
                    s->loopback.mtu, s->tcp.header_bytes);
    }

    if (read_hosts(c, root, s) ||
        read_array(c, root, "links", "an array of links", (void **)&s->links, &s->link_count,
                   sizeof *s->links, s, read_one_link) ||
        read_array(c, root, "switches", "an array of switches", (void **)&s->switches,
                   &s->switch_count, sizeof *s->switches, s, read_switch) ||
        read_array(c, root, "faults", "an array of faults", (void **)&s->faults, &s->fault_count,
                   sizeof *s->faults, s, read_fault) ||
        wsim_assertions_read(cJSON_GetObjectItemCaseSensitive(root, "assert"), s, c->file,
                             c->err, c->err_size) ||
        wsim_explore_read(cJSON_GetObjectItemCaseSensitive(root, "explore"), s, c->file, c->err,
                          c->err_size))
        return -1;
    return 0;
}

/* 1-based line and column of at in text; columns count characters, not
 * bytes, so they match what an editor shows. */
static void position(const char *text, const char *at, unsigned long *line, unsigned long *column)
{
    *line = 1;
    *column = 1;
    for (const char *p = text; p < at && *p; p++) {
        if (*p == '\n') {
            ++*line;
            *column = 1;
        } else if (((unsigned char)*p & 0xC0) != 0x80) {
            ++*column;
        }
    }
}

/* Parses text, which the scenario takes over (it becomes s->text). */
static int parse_owned(const char *path, char *text, size_t length, wsim_scenario *s,
                       char *err, size_t err_size)
{
    wsim_scenario_defaults(s);
    ctx c = {.file = path ? path : "<scenario>", .err = err, .err_size = err_size};
    snprintf(c.path, sizeof c.path, "$");
    c.path_len = 1;
    if (err && err_size)
        err[0] = '\0';

    s->text = text;
    s->path = strdup(c.file);
    c.dir = scenario_dir(c.file);
    if (!s->text || !s->path || !c.dir) {
        fail(&c, "out of memory");
        free(c.dir);
        wsim_scenario_free(s);
        return -1;
    }

    /* Editors on Windows like to start UTF-8 files with a byte order mark,
     * which is not JSON. */
    const char *json = text;
    if (strncmp(json, "\xEF\xBB\xBF", 3) == 0)
        json += 3;

    int rc;
    const char *end = NULL;
    cJSON *root = NULL;
    if (strlen(text) != length) {
        /* A NUL byte: cJSON would stop there and miss the rest. */
        end = text + strlen(text);
    } else {
        size_t at = 0;
        char what[160];
        if (wsim_json_strict_check(json, length - (size_t)(json - text), &at, what, sizeof what) != 0) {
            unsigned long line, column;
            position(json, json + at, &line, &column);
            if (err && err_size)
                snprintf(err, err_size, "%s: line %lu, column %lu: %s", c.file, line, column, what);
            free(c.dir);
            wsim_scenario_free(s);
            return -1;
        }
        root = cJSON_ParseWithOpts(json, &end, 1);
    }
    if (!root) {
        unsigned long line, column;
        position(json, end ? end : json, &line, &column);
        if (err && err_size)
            snprintf(err, err_size, "%s: line %lu, column %lu: invalid JSON", c.file, line, column);
        rc = -1;
    } else {
        rc = read_root(&c, root, s);
        cJSON_Delete(root);
    }
    free(c.dir);
    if (rc)
        wsim_scenario_free(s);
    return rc;
}

int wsim_scenario_parse(const char *path, const char *text, wsim_scenario *out,
                        char *err, size_t err_size)
{
    char *copy = strdup(text);
    return parse_owned(path, copy, copy ? strlen(copy) : 0, out, err, err_size);
}

int wsim_scenario_load(const char *path, wsim_scenario *out, char *err, size_t err_size)
{
    wsim_scenario_defaults(out);
    FILE *f = fopen(path, "rb");
    if (!f) {
        if (err && err_size)
            snprintf(err, err_size, "%s: cannot read: %s", path, strerror(errno));
        return -1;
    }
    size_t length = 0, capacity = 4096;
    char *text = malloc(capacity);
    int error = 0;
    while (text) {
        errno = 0;
        length += fread(text + length, 1, capacity - 1 - length, f);
        if (ferror(f)) {
            error = errno ? errno : EIO;
            break;
        }
        if (feof(f))
            break;
        capacity *= 2;
        char *grown = realloc(text, capacity);
        if (!grown) {
            free(text);
            text = NULL;
        } else {
            text = grown;
        }
    }
    fclose(f);
    if (!text || error) {
        free(text);
        if (err && err_size)
            snprintf(err, err_size, "%s: cannot read: %s", path, strerror(text ? error : ENOMEM));
        return -1;
    }
    text[length] = '\0';
    return parse_owned(path, text, length, out, err, err_size);
}

void wsim_scenario_defaults(wsim_scenario *s)
{
    memset(s, 0, sizeof *s);
    s->seed = 1;
    s->stop_ns = WSIM_DEFAULT_STOP_NS;
    s->trace_payloads = 1;
    s->budgets.cpu_without_yield_ns = WSIM_DEFAULT_BUDGET_CPU_NS;
    s->budgets.wall_clock_ns = WSIM_DEFAULT_BUDGET_WALL_NS;
    s->budgets.memory_per_program = WSIM_DEFAULT_BUDGET_MEMORY_PROGRAM;
    s->budgets.memory_per_run = WSIM_DEFAULT_BUDGET_MEMORY_RUN;
    s->budgets.output_per_program = WSIM_DEFAULT_BUDGET_OUTPUT_PROGRAM;
    s->budgets.trace_bytes = WSIM_DEFAULT_BUDGET_TRACE;
    s->tcp.mss = WSIM_DEFAULT_MSS;
    s->tcp.header_bytes = WSIM_DEFAULT_HEADER_BYTES;
    s->tcp.sndbuf = WSIM_DEFAULT_SNDBUF;
    s->tcp.rcvbuf = WSIM_DEFAULT_RCVBUF;
    s->tcp.delayed_ack = 1;
    s->tcp.delayed_ack_ns = WSIM_DEFAULT_DELAYED_ACK_NS;
    s->tcp.delayed_ack_segments = WSIM_DEFAULT_DELAYED_ACK_SEGMENTS;
    s->tcp.congestion_control = 1;
    s->tcp.initial_cwnd = WSIM_DEFAULT_INITIAL_CWND;
    s->tcp.min_rto_ns = WSIM_DEFAULT_MIN_RTO_NS;
    s->tcp.sack = WSIM_DEFAULT_SACK;
    s->tcp.timestamps = WSIM_DEFAULT_TIMESTAMPS;
    s->tcp.nagle = WSIM_DEFAULT_NAGLE;
    s->tcp.dupack_threshold = WSIM_DEFAULT_DUPACK_THRESHOLD;
    s->tcp.max_retransmissions = WSIM_DEFAULT_MAX_DATA_RETRANSMISSIONS;
    s->tcp.max_syn_retransmissions = WSIM_DEFAULT_MAX_SYN_RETRANSMISSIONS;
    s->tcp.keepalive_time_ns = WSIM_DEFAULT_KEEPALIVE_TIME_NS;
    s->tcp.keepalive_interval_ns = WSIM_DEFAULT_KEEPALIVE_INTERVAL_NS;
    s->tcp.keepalive_probes = WSIM_DEFAULT_KEEPALIVE_PROBES;
    s->tcp.time_wait_ns = WSIM_DEFAULT_TIME_WAIT_NS;
    s->loopback.latency_ns = WSIM_DEFAULT_LOOPBACK_LATENCY_NS;
    s->loopback.bandwidth_bps = WSIM_DEFAULT_LOOPBACK_BPS;
    s->loopback.mtu = WSIM_DEFAULT_LOOPBACK_MTU;
}

void wsim_scenario_free(wsim_scenario *s)
{
    if (!s)
        return;
    free(s->path);
    free(s->text);
    for (size_t h = 0; s->hosts && h < s->host_count; h++) {
        wsim_scenario_host *host = &s->hosts[h];
        free(host->name);
        for (size_t a = 0; a < host->alias_count; a++)
            free(host->aliases[a]);
        free(host->aliases);
        for (size_t p = 0; host->programs && p < host->program_count; p++) {
            wsim_scenario_program *prog = &host->programs[p];
            free(prog->module);
            for (int a = 0; prog->argv && a < prog->argc; a++)
                free(prog->argv[a]);
            free(prog->argv);
        }
        free(host->programs);
    }
    free(s->hosts);
    for (size_t i = 0; s->links && i < s->link_count; i++)
        free(s->links[i].name);
    free(s->links);
    for (size_t i = 0; s->switches && i < s->switch_count; i++) {
        free(s->switches[i].name);
        free(s->switches[i].hosts);
    }
    free(s->switches);
    for (size_t i = 0; s->faults && i < s->fault_count; i++) {
        free(s->faults[i].links);
        free(s->faults[i].name);
    }
    free(s->faults);
    wsim_assertions_free(&s->assertions);
    wsim_explore_free(&s->explore);
    memset(s, 0, sizeof *s);
}
