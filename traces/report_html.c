/* report_html.c — one self-contained HTML page that shows a run
 * (wsim_report_html, export.h).
 *
 * Owns: what the report holds and how much of it.  The page is the template
 * report.html (CSS, the JavaScript that draws, no network) with the run's
 * data embedded as one JSON object; the script draws only what is in view
 * and never more than its DOM caps (report.html).  Here the data is chosen:
 *
 *  - hosts and threads, the trace summary (summary.c's text);
 *  - arrows of the sequence diagram: one per hop of a packet, from the node
 *    that sent or forwarded it to the node that forwarded, received or
 *    dropped it (write_arrows says how hops are matched);
 *  - calls (each with its blocked interval), failed calls with their error's
 *    name and meaning, violations and crashes;
 *  - each connection's cwnd and ssthresh from its senders' `send` rows, and
 *    each node's transmitter wait (` wait=N`: queueing) from `send` and
 *    `forward` rows.
 *
 * Caps (a million-event trace must stay a file a browser opens): at most
 * REPORT_MAX_ARROWS arrows, REPORT_MAX_CALLS calls, REPORT_MAX_ERRORS
 * problems, and per plot REPORT_MAX_SERIES series (the first by name) of at
 * most REPORT_MAX_POINTS points and REPORT_MAX_PLOT_POINTS in all are
 * embedded.  Beyond a cap rows are sampled at an even
 * stride, but drops, retransmissions, duplicates and failed calls are kept
 * first (up to half the cap), and the page says how many of how many it
 * shows; a density of all rows (per time bin) is embedded so the overview
 * still shows where the traffic was.
 */
#include "traces/export.h"

#include <cjson/cJSON.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>

#include "traces/compare.h"
#include "errors/errors.h"
#include "traces/summary.h"

#define REPORT_MAX_ARROWS 20000
#define REPORT_MAX_CALLS 20000
#define REPORT_MAX_ERRORS 2000
#define REPORT_MAX_POINTS 4000         /* per series */
#define REPORT_MAX_SERIES 32           /* per plot: connections, or nodes */
#define REPORT_MAX_PLOT_POINTS 20000   /* per plot, all series together */
#define REPORT_DENSITY_BINS 400

#define REPORT_STR_(x) #x
#define REPORT_STR(x) REPORT_STR_(x)

extern const char wsim_report_template[];   /* report.html, embedded by the build */

typedef struct report {
    sqlite3 *db;
    FILE *f;
    int failed;
    int64_t end_ns;
} report;

/* Writes a JSON value; '<' becomes \u003c so no "</script>" can end the
 * embedding early (it only ever appears inside strings). */
static void put_json(report *r, cJSON *value)
{
    char *text = value ? cJSON_PrintUnformatted(value) : NULL;
    cJSON_Delete(value);
    if (!text) {
        r->failed = 1;
        return;
    }
    for (const char *p = text; *p; p++) {
        if (*p == '<')
            fputs("\\u003c", r->f);
        else
            fputc(*p, r->f);
    }
    cJSON_free(text);
}

static const char *col_text(sqlite3_stmt *q, int i)
{
    const char *t = (const char *)sqlite3_column_text(q, i);
    return t ? t : "";
}

/* Long strings are cut to REPORT_MAX_TEXT bytes (at a UTF-8 character
 * boundary, "…" appended), so the caps on rows bound the file's size. */
#define REPORT_MAX_TEXT 160

static cJSON *clipped(const char *text)
{
    size_t n = strlen(text);
    if (n <= REPORT_MAX_TEXT)
        return cJSON_CreateString(text);
    char buf[REPORT_MAX_TEXT + 4];
    n = REPORT_MAX_TEXT;
    while (n > 0 && ((unsigned char)text[n] & 0xc0) == 0x80)
        n--;
    memcpy(buf, text, n);
    memcpy(buf + n, "\xe2\x80\xa6", 4);   /* … and the NUL */
    return cJSON_CreateString(buf);
}

static sqlite3_stmt *prepare(report *r, const char *sql)
{
    sqlite3_stmt *q = NULL;
    if (sqlite3_prepare_v2(r->db, sql, -1, &q, NULL) != SQLITE_OK) {
        r->failed = 2;
        return NULL;
    }
    return q;
}

static int64_t scalar(report *r, const char *sql)
{
    sqlite3_stmt *q = prepare(r, sql);
    int64_t v = 0;
    if (q && sqlite3_step(q) == SQLITE_ROW)
        v = sqlite3_column_int64(q, 0);
    sqlite3_finalize(q);
    return v;
}

/* Starts `"key":` after a previous member. */
static void key(report *r, const char *name)
{
    fprintf(r->f, ",\"%s\":", name);
}

static cJSON *int_array(const int64_t *v, size_t n)
{
    cJSON *a = cJSON_CreateArray();
    for (size_t i = 0; i < n; i++)
        cJSON_AddItemToArray(a, cJSON_CreateNumber((double)v[i]));
    return a;
}

/* Stride sampling with the marked rows kept first: row i (of total, marked
 * or not) is kept if marked and fewer than cap/2 marked were kept, or if it
 * falls on the stride that fills the rest of the cap. */
typedef struct sampler {
    int64_t total, marked_total, cap, seen, kept, marked_kept;
    double stride, next;
} sampler;

static void sampler_init(sampler *s, int64_t total, int64_t marked_total, int64_t cap)
{
    memset(s, 0, sizeof *s);
    s->total = total;
    s->cap = cap;
    s->marked_total = marked_total;
    int64_t marked_room = marked_total < cap / 2 ? marked_total : cap / 2;
    int64_t rest = cap - marked_room;
    s->stride = total > cap && rest > 0 ? (double)total / (double)rest : 1.0;
}

static int sampler_keep(sampler *s, int marked)
{
    int keep = 0;
    if (s->total <= s->cap)
        keep = 1;
    else if (marked && s->marked_kept < s->cap / 2) {
        keep = 1;
        s->marked_kept++;
    } else if ((double)s->seen >= s->next) {
        keep = 1;
        s->next += s->stride;
    }
    s->seen++;
    if (keep && s->kept >= s->cap)
        keep = 0;
    s->kept += keep;
    return keep;
}

static void density_add(int64_t *bins, int64_t end_ns, int64_t t)
{
    int64_t b = end_ns > 0 ? t * REPORT_DENSITY_BINS / (end_ns + 1) : 0;
    if (b < 0)
        b = 0;
    if (b >= REPORT_DENSITY_BINS)
        b = REPORT_DENSITY_BINS - 1;
    bins[b]++;
}

static void write_hosts(report *r)
{
    cJSON *hosts = cJSON_CreateArray();
    sqlite3_stmt *q = prepare(r, "SELECT host, name, address FROM hosts ORDER BY host");
    while (q && sqlite3_step(q) == SQLITE_ROW) {
        cJSON *h = cJSON_CreateObject();
        cJSON_AddNumberToObject(h, "id", sqlite3_column_double(q, 0));
        cJSON_AddStringToObject(h, "name", col_text(q, 1));
        cJSON_AddStringToObject(h, "address", col_text(q, 2));
        cJSON_AddItemToArray(hosts, h);
    }
    sqlite3_finalize(q);
    key(r, "hosts");
    put_json(r, hosts);

    cJSON *threads = cJSON_CreateArray();
    q = prepare(r, "SELECT p.host, p.process, 0, p.module, 'main' FROM programs p "
                   "UNION SELECT t.host, t.process, t.thread, p.module, t.entry FROM threads t "
                   "JOIN programs p USING (process) WHERE t.thread <> 0 ORDER BY 1, 2, 3");
    while (q && sqlite3_step(q) == SQLITE_ROW) {
        const char *module = col_text(q, 3), *slash = strrchr(module, '/');
        cJSON *t = cJSON_CreateArray();
        cJSON_AddItemToArray(t, cJSON_CreateNumber(sqlite3_column_double(q, 0)));
        cJSON_AddItemToArray(t, cJSON_CreateNumber(sqlite3_column_double(q, 1)));
        cJSON_AddItemToArray(t, cJSON_CreateNumber(sqlite3_column_double(q, 2)));
        cJSON_AddItemToArray(t, cJSON_CreateString(slash ? slash + 1 : module));
        cJSON_AddItemToArray(t, cJSON_CreateString(col_text(q, 4)));
        cJSON_AddItemToArray(threads, t);
    }
    sqlite3_finalize(q);
    key(r, "threads");
    put_json(r, threads);
}

/* Arrow: [from host, t0, to host, t1, flags, seqno, ackno, len, mark, note,
 *         src "a:p", dst "a:p"], mark 0 plain, 1 retransmission, 2 dropped,
 * 3 duplicate copy; hops as export_hops.c matches them. */
static void write_arrows(report *r)
{
    int64_t total = scalar(r, "SELECT count(*) FROM segments WHERE event IN "
                              "('recv','forward','drop')");
    int64_t marked = scalar(r, "SELECT count(*) FROM segments WHERE event IN ('drop', "
                               "'duplicate') OR (event IN ('send','forward') AND detail "
                               "LIKE '%retransmit%')");
    sqlite3_stmt *q = prepare(
        r, "SELECT seq, time_ns, host, event, detail, src_addr, src_port, dst_addr, dst_port, "
           "seqno, ackno, len, flags FROM segments ORDER BY seq");
    sampler s;
    sampler_init(&s, total, marked, REPORT_MAX_ARROWS);
    wsim_hop_walk *walk = wsim_hop_walk_new();
    int64_t density[REPORT_DENSITY_BINS] = {0};
    int64_t drops = 0, retransmissions = 0, arrows = 0;
    key(r, "arrows");
    fputc('[', r->f);
    while (q && sqlite3_step(q) == SQLITE_ROW) {
        const char *event = col_text(q, 3), *detail = col_text(q, 4);
        int64_t host = sqlite3_column_int64(q, 2), t = sqlite3_column_int64(q, 1);
        char src[64], dst[64], id[200];
        snprintf(src, sizeof src, "%s:%lld", col_text(q, 5), (long long)sqlite3_column_int64(q, 6));
        snprintf(dst, sizeof dst, "%s:%lld", col_text(q, 7), (long long)sqlite3_column_int64(q, 8));
        wsim_packet_identity(id, sizeof id, src, dst, sqlite3_column_int64(q, 9),
                             sqlite3_column_int64(q, 10), sqlite3_column_int64(q, 11),
                             col_text(q, 12));
        wsim_hop hop;
        int ended = walk ? wsim_hop_walk_row(walk, id, event, host, t, sqlite3_column_int64(q, 0),
                                             strstr(detail, "retransmit") != NULL, &hop)
                         : -1;
        if (ended < 0) {
            r->failed = 1;
            break;
        }
        if (ended) {
            int mark = strcmp(event, "drop") == 0 ? 2
                       : hop.duplicate          ? 3
                       : hop.retransmit         ? 1
                                                : 0;
            drops += mark == 2;
            retransmissions += hop.retransmit;
            arrows++;
            density_add(density, r->end_ns, t);
            if (sampler_keep(&s, mark != 0)) {
                cJSON *a = cJSON_CreateArray();
                cJSON_AddItemToArray(a, cJSON_CreateNumber((double)hop.from_host));
                cJSON_AddItemToArray(a, cJSON_CreateNumber((double)hop.from_time_ns));
                cJSON_AddItemToArray(a, cJSON_CreateNumber((double)host));
                cJSON_AddItemToArray(a, cJSON_CreateNumber((double)t));
                cJSON_AddItemToArray(a, cJSON_CreateString(col_text(q, 12)));
                for (int col = 9; col <= 11; col++)
                    cJSON_AddItemToArray(a, cJSON_CreateNumber(sqlite3_column_double(q, col)));
                cJSON_AddItemToArray(a, cJSON_CreateNumber(mark));
                cJSON_AddItemToArray(a, clipped(detail));
                cJSON_AddItemToArray(a, cJSON_CreateString(src));
                cJSON_AddItemToArray(a, cJSON_CreateString(dst));
                if (s.kept > 1)
                    fputc(',', r->f);
                put_json(r, a);
            }
        }
    }
    sqlite3_finalize(q);
    wsim_hop_walk_free(walk);
    fputc(']', r->f);
    key(r, "arrow_total");
    fprintf(r->f, "%lld", (long long)arrows);
    key(r, "arrow_drops");
    fprintf(r->f, "%lld", (long long)drops);
    key(r, "arrow_retransmissions");
    fprintf(r->f, "%lld", (long long)retransmissions);
    key(r, "arrow_density");
    put_json(r, int_array(density, REPORT_DENSITY_BINS));
}

/* Call: [seq, start, end, process, thread, function, socket or null, ret,
 *        error, args]. */
static void write_calls(report *r)
{
    int64_t total = scalar(r, "SELECT count(*) FROM calls");
    int64_t failed = scalar(r, "SELECT count(*) FROM errors");
    sqlite3_stmt *q = prepare(r, "SELECT seq, start_ns, time_ns, process, thread, function, "
                                 "socket, ret, error, args FROM calls ORDER BY seq");
    sampler s;
    sampler_init(&s, total, failed, REPORT_MAX_CALLS);
    int64_t density[REPORT_DENSITY_BINS] = {0};
    key(r, "calls");
    fputc('[', r->f);
    int first = 1;
    while (q && sqlite3_step(q) == SQLITE_ROW) {
        density_add(density, r->end_ns, sqlite3_column_int64(q, 1));
        if (!sampler_keep(&s, sqlite3_column_int64(q, 8) != 0))
            continue;
        cJSON *c = cJSON_CreateArray();
        for (int i = 0; i < 5; i++)
            cJSON_AddItemToArray(c, cJSON_CreateNumber(sqlite3_column_double(q, i)));
        cJSON_AddItemToArray(c, cJSON_CreateString(col_text(q, 5)));
        cJSON_AddItemToArray(c, sqlite3_column_type(q, 6) == SQLITE_NULL
                                    ? cJSON_CreateNull()
                                    : cJSON_CreateNumber(sqlite3_column_double(q, 6)));
        cJSON_AddItemToArray(c, cJSON_CreateNumber(sqlite3_column_double(q, 7)));
        cJSON_AddItemToArray(c, cJSON_CreateNumber(sqlite3_column_double(q, 8)));
        cJSON_AddItemToArray(c, clipped(col_text(q, 9)));
        if (!first)
            fputc(',', r->f);
        first = 0;
        put_json(r, c);
    }
    sqlite3_finalize(q);
    fputc(']', r->f);
    key(r, "call_total");
    fprintf(r->f, "%lld", (long long)total);
    key(r, "call_density");
    put_json(r, int_array(density, REPORT_DENSITY_BINS));
}

/* Problems: [time, host, process, thread, kind, title, words]. */
static void write_problems(report *r)
{
    static const char *const sql =
        "SELECT time_ns, host, process, thread, 'error', function, error, args, seq "
        "FROM errors "
        "UNION ALL SELECT time_ns, host, process, thread, 'violation', rule, 0, description, seq "
        "FROM violations "
        "UNION ALL SELECT time_ns, host, process, thread, 'crash', signal_name, 0, description, "
        "seq FROM crashes "
        "UNION ALL SELECT time_ns, host, NULL, NULL, 'fault', kind, 0, target, seq FROM faults "
        "ORDER BY 9 LIMIT " REPORT_STR(REPORT_MAX_ERRORS);
    sqlite3_stmt *q = prepare(r, sql);
    cJSON *list = cJSON_CreateArray();
    while (q && sqlite3_step(q) == SQLITE_ROW) {
        const char *kind = col_text(q, 4);
        cJSON *p = cJSON_CreateArray();
        for (int i = 0; i < 4; i++)
            cJSON_AddItemToArray(p, sqlite3_column_type(q, i) == SQLITE_NULL
                                        ? cJSON_CreateNull()
                                        : cJSON_CreateNumber(sqlite3_column_double(q, i)));
        cJSON_AddItemToArray(p, cJSON_CreateString(kind));
        char title[160], words[600];
        if (strcmp(kind, "error") == 0) {
            int64_t code = sqlite3_column_int64(q, 6);
            const char *name = wsim_error_name(code), *meaning = wsim_error_wording(code);
            snprintf(title, sizeof title, "%s failed: %s (%lld)", col_text(q, 5),
                     name ? name : "error", (long long)code);
            snprintf(words, sizeof words, "%s%s%s", meaning ? meaning : "",
                     meaning ? " Arguments: " : "Arguments: ", col_text(q, 7));
        } else {
            snprintf(title, sizeof title, "%s %s", kind, col_text(q, 5));
            snprintf(words, sizeof words, "%s", col_text(q, 7));
        }
        cJSON_AddItemToArray(p, clipped(title));
        cJSON_AddItemToArray(p, clipped(words));
        cJSON_AddItemToArray(list, p);
    }
    sqlite3_finalize(q);
    key(r, "problems");
    put_json(r, list);
    key(r, "problem_total");
    fprintf(r->f, "%lld",
            (long long)scalar(r, "SELECT (SELECT count(*) FROM errors) + (SELECT count(*) FROM "
                                 "violations) + (SELECT count(*) FROM crashes) + "
                                 "(SELECT count(*) FROM faults)"));
}

/* Series: {"name": …, "points": [[t, v1, v2], …]} from the rows of one key,
 * reduced to at most REPORT_MAX_POINTS by keeping every k-th point. */
typedef struct series {
    char name[128];
    int64_t n;
    cJSON *points;
} series;

static void write_plots(report *r)
{
    /* cwnd per sending direction of a connection; waits per node. */
    static const struct {
        const char *key, *sql, *count_sql;
    } plots[] = {
        {"cwnd",
         "SELECT src_addr || ':' || src_port || ' > ' || dst_addr || ':' || dst_port, time_ns, "
         "CAST(substr(detail, instr(detail, 'cwnd=') + 5) AS INTEGER), "
         "CAST(substr(detail, instr(detail, 'ssthresh=') + 9) AS INTEGER) FROM segments "
         "WHERE event = 'send' AND instr(detail, 'cwnd=') > 0 ORDER BY 1, seq",
         "SELECT count(*) FROM segments WHERE event = 'send' AND instr(detail, 'cwnd=') > 0 "
         "GROUP BY src_addr, src_port, dst_addr, dst_port"},
        {"queues",
         "SELECT h.name, s.time_ns, CAST(substr(s.detail, instr(s.detail, ' wait=') + 6) AS "
         "INTEGER), 0 FROM segments s JOIN hosts h USING (host) WHERE s.event IN "
         "('send', 'forward') AND instr(s.detail, ' wait=') > 0 ORDER BY s.host, s.seq",
         "SELECT count(*) FROM segments WHERE event IN ('send', 'forward') AND "
         "instr(detail, ' wait=') > 0 GROUP BY host"},
    };
    for (size_t k = 0; k < sizeof plots / sizeof plots[0]; k++) {
        int64_t most = 0, n_series = 0;
        sqlite3_stmt *c = prepare(r, plots[k].count_sql);
        while (c && sqlite3_step(c) == SQLITE_ROW) {
            n_series++;
            if (sqlite3_column_int64(c, 0) > most)
                most = sqlite3_column_int64(c, 0);
        }
        sqlite3_finalize(c);
        int64_t shown = n_series < REPORT_MAX_SERIES ? n_series : REPORT_MAX_SERIES;
        int64_t per_series = shown ? REPORT_MAX_PLOT_POINTS / shown : REPORT_MAX_POINTS;
        if (per_series > REPORT_MAX_POINTS)
            per_series = REPORT_MAX_POINTS;
        int64_t stride = most > per_series ? (most + per_series - 1) / per_series : 1;
        int64_t series_seen = 0;
        cJSON *list = cJSON_CreateArray();
        cJSON *cur = NULL, *points = NULL;
        char name[160] = "";
        int64_t i = 0;
        sqlite3_stmt *q = prepare(r, plots[k].sql);
        while (q && sqlite3_step(q) == SQLITE_ROW) {
            if (!cur || strcmp(name, col_text(q, 0)) != 0) {
                if (++series_seen > REPORT_MAX_SERIES)
                    break;
                snprintf(name, sizeof name, "%s", col_text(q, 0));
                cur = cJSON_CreateObject();
                cJSON_AddStringToObject(cur, "name", name);
                points = cJSON_AddArrayToObject(cur, "points");
                cJSON_AddItemToArray(list, cur);
                i = 0;
            }
            if (i++ % stride)
                continue;
            cJSON *p = cJSON_CreateArray();
            for (int col = 1; col < 4; col++)
                cJSON_AddItemToArray(p, cJSON_CreateNumber(sqlite3_column_double(q, col)));
            cJSON_AddItemToArray(points, p);
        }
        sqlite3_finalize(q);
        key(r, plots[k].key);
        put_json(r, list);
        fprintf(r->f, ",\"%s_total\":%lld", plots[k].key, (long long)n_series);
    }
}

static void write_summary(report *r, const char *trace, char *err, size_t err_size)
{
    char *text = NULL;
    size_t size = 0;
    FILE *mem = open_memstream(&text, &size);
    if (!mem) {
        r->failed = 1;
        return;
    }
    if (wsim_trace_summary(trace, mem, err, err_size) != 0)
        r->failed = 3;
    fclose(mem);
    key(r, "summary");
    put_json(r, cJSON_CreateString(text ? text : ""));
    free(text);
}

int wsim_report_html(const char *trace, const char *out_path, char *err, size_t err_size)
{
    sqlite3 *db = NULL;
    if (wsim_export_open_trace(trace, &db, err, err_size) != 0)
        return -1;
    const char *marker = "@WSIM_DATA@";
    const char *at = strstr(wsim_report_template, marker);
    wsim_export_file out;
    if (!at || wsim_export_file_open(&out, out_path, err, err_size) != 0) {
        if (!at)
            snprintf(err, err_size, "the report template has no data marker");
        sqlite3_close(db);
        return -1;
    }
    report r = {.db = db, .f = out.f};
    r.end_ns = scalar(&r, "SELECT max(time_ns) FROM events");
    fwrite(wsim_report_template, 1, (size_t)(at - wsim_report_template), r.f);
    fputs("{\"format\":1", r.f);
    key(&r, "trace");
    put_json(&r, cJSON_CreateString(trace));
    key(&r, "end_ns");
    fprintf(r.f, "%lld", (long long)r.end_ns);
    key(&r, "caps");
    fprintf(r.f, "{\"arrows\":%d,\"calls\":%d,\"points\":%d}", REPORT_MAX_ARROWS,
            REPORT_MAX_CALLS, REPORT_MAX_POINTS);
    write_hosts(&r);
    write_arrows(&r);
    write_calls(&r);
    write_problems(&r);
    write_plots(&r);
    write_summary(&r, trace, err, err_size);
    fputc('}', r.f);
    fputs(at + strlen(marker), r.f);
    int ok = r.failed == 0;
    if (r.failed == 1)
        snprintf(err, err_size, "%s: out of memory", out_path);
    else if (r.failed == 2)
        snprintf(err, err_size, "%s: %s", trace, sqlite3_errmsg(db));
    sqlite3_close(db);
    return wsim_export_file_finish(&out, ok, err, err_size) == 0 && ok ? 0 : -1;
}
