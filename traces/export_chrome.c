/* export_chrome.c — a trace as Chrome trace-event JSON, for Perfetto
 * (ui.perfetto.dev) and chrome://tracing (wsim_export_chrome, export.h).
 *
 * The mapping (the "Trace Event Format" document's terms):
 *  - one process per host: pid = host + 1 (0 is avoided, some viewers treat
 *    it as "no process"), named after the host;
 *  - one thread track per simulated thread (each program's main thread and
 *    every row of `threads`): tid = process × 100000 + thread + 1, named
 *    "<process> <module> #<thread> <entry>";
 *  - a complete event ("X") per call, from its virtual start to its return
 *    (timestamps are microseconds, as the format wants, with the nanoseconds
 *    as decimals);
 *  - a complete event of no duration per completion, on the thread it is
 *    reported to, and a flow (ph "s" → "f", cat "overlapped", id = the
 *    completion's seq) from the call that started it;
 *  - a flow (cat "bytes") from every stream send to every receive that read
 *    some of its bytes (export_streams.c says how they are matched).  It
 *    starts at the send's entry and ends just before the receive returns
 *    (the receive's slice must enclose the end, and it holds the bytes only
 *    then);
 *  - instant events ("i", thread scope) for failed calls, violations,
 *    crashes and output lines; global instants for faults.
 *
 * Events are written one at a time (each built as a cJSON object, printed,
 * freed), so memory stays flat however long the trace is.
 */
#include "traces/export.h"

#include <cjson/cJSON.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>

#include "traces/compare.h"
#include "errors/errors.h"

#define CHROME_THREADS_PER_PROCESS 100000

typedef struct chrome {
    sqlite3 *db;
    FILE *f;
    int first;     /* no event written yet */
    int failed;    /* out of memory */
} chrome;

static double us(int64_t ns)
{
    return (double)ns / 1000.0;
}

static int64_t tid_of(int64_t process, int64_t thread)
{
    return process * CHROME_THREADS_PER_PROCESS + thread + 1;
}

/* Writes one event and frees it. */
static void put(chrome *c, cJSON *event)
{
    char *text = event ? cJSON_PrintUnformatted(event) : NULL;
    cJSON_Delete(event);
    if (!text) {
        c->failed = 1;
        return;
    }
    fputs(c->first ? "\n" : ",\n", c->f);
    fputs(text, c->f);
    cJSON_free(text);
    c->first = 0;
}

static cJSON *event(const char *ph, const char *name, const char *cat, int64_t pid,
                    int64_t tid, int64_t ts_ns)
{
    cJSON *e = cJSON_CreateObject();
    if (!e)
        return NULL;
    cJSON_AddStringToObject(e, "ph", ph);
    if (name)
        cJSON_AddStringToObject(e, "name", name);
    if (cat)
        cJSON_AddStringToObject(e, "cat", cat);
    cJSON_AddNumberToObject(e, "pid", (double)pid);
    cJSON_AddNumberToObject(e, "tid", (double)tid);
    cJSON_AddNumberToObject(e, "ts", us(ts_ns));
    return e;
}

static const char *col_text(sqlite3_stmt *q, int i)
{
    const char *t = (const char *)sqlite3_column_text(q, i);
    return t ? t : "";
}

static int prepare(chrome *c, const char *sql, sqlite3_stmt **q)
{
    return sqlite3_prepare_v2(c->db, sql, -1, q, NULL) == SQLITE_OK ? 0 : -1;
}

/* Process and thread names. */
static int write_tracks(chrome *c)
{
    sqlite3_stmt *q = NULL;
    if (prepare(c, "SELECT host, name FROM hosts ORDER BY host", &q) != 0)
        return -1;
    while (sqlite3_step(q) == SQLITE_ROW) {
        int64_t host = sqlite3_column_int64(q, 0);
        cJSON *e = event("M", "process_name", NULL, host + 1, 0, 0);
        cJSON *args = cJSON_AddObjectToObject(e, "args");
        cJSON_AddStringToObject(args, "name", col_text(q, 1));
        put(c, e);
        e = event("M", "process_sort_index", NULL, host + 1, 0, 0);
        args = cJSON_AddObjectToObject(e, "args");
        cJSON_AddNumberToObject(args, "sort_index", (double)host);
        put(c, e);
    }
    sqlite3_finalize(q);
    /* Main threads from programs, the others from threads (a main thread in
     * threads too, should a recorder ever write one, is named once). */
    if (prepare(c,
                "SELECT p.host, p.process, 0, p.module, 'main' FROM programs p "
                "UNION SELECT t.host, t.process, t.thread, p.module, t.entry FROM threads t "
                "JOIN programs p USING (process) WHERE t.thread <> 0 "
                "ORDER BY 2, 3",
                &q) != 0)
        return -1;
    while (sqlite3_step(q) == SQLITE_ROW) {
        int64_t host = sqlite3_column_int64(q, 0), process = sqlite3_column_int64(q, 1),
                thread = sqlite3_column_int64(q, 2);
        const char *module = col_text(q, 3), *slash = strrchr(module, '/');
        char name[256];
        snprintf(name, sizeof name, "%lld %s #%lld %s", (long long)process,
                 slash ? slash + 1 : module, (long long)thread, col_text(q, 4));
        int64_t tid = tid_of(process, thread);
        cJSON *e = event("M", "thread_name", NULL, host + 1, tid, 0);
        cJSON *args = cJSON_AddObjectToObject(e, "args");
        cJSON_AddStringToObject(args, "name", name);
        put(c, e);
        e = event("M", "thread_sort_index", NULL, host + 1, tid, 0);
        args = cJSON_AddObjectToObject(e, "args");
        cJSON_AddNumberToObject(args, "sort_index", (double)tid);
        put(c, e);
    }
    sqlite3_finalize(q);
    return 0;
}

static int write_calls(chrome *c)
{
    sqlite3_stmt *q = NULL;
    if (prepare(c,
                "SELECT seq, start_ns, time_ns, host, process, thread, function, socket, args, "
                "ret, error, stream_offset FROM calls ORDER BY seq",
                &q) != 0)
        return -1;
    while (sqlite3_step(q) == SQLITE_ROW) {
        int64_t seq = sqlite3_column_int64(q, 0), start = sqlite3_column_int64(q, 1),
                end = sqlite3_column_int64(q, 2), pid = sqlite3_column_int64(q, 3) + 1,
                tid = tid_of(sqlite3_column_int64(q, 4), sqlite3_column_int64(q, 5));
        int64_t error = sqlite3_column_int64(q, 10);
        cJSON *e = event("X", col_text(q, 6), "call", pid, tid, start);
        cJSON_AddNumberToObject(e, "dur", us(end - start));
        cJSON *args = cJSON_AddObjectToObject(e, "args");
        cJSON_AddNumberToObject(args, "seq", (double)seq);
        if (sqlite3_column_type(q, 7) != SQLITE_NULL)
            cJSON_AddNumberToObject(args, "socket", sqlite3_column_double(q, 7));
        cJSON_AddStringToObject(args, "args", col_text(q, 8));
        cJSON_AddNumberToObject(args, "ret", sqlite3_column_double(q, 9));
        cJSON_AddNumberToObject(args, "error", (double)error);
        if (sqlite3_column_type(q, 11) != SQLITE_NULL)
            cJSON_AddNumberToObject(args, "stream_offset", sqlite3_column_double(q, 11));
        put(c, e);
        if (error) {
            const char *name = wsim_error_name(error), *meaning = wsim_error_wording(error);
            char title[160];
            snprintf(title, sizeof title, "%s: %s %lld", col_text(q, 6),
                     name ? name : "error", (long long)error);
            e = event("i", title, "error", pid, tid, end);
            cJSON_AddStringToObject(e, "s", "t");
            args = cJSON_AddObjectToObject(e, "args");
            cJSON_AddNumberToObject(args, "call_seq", (double)seq);
            cJSON_AddStringToObject(args, "meaning", meaning ? meaning : "");
            put(c, e);
        }
    }
    sqlite3_finalize(q);
    return 0;
}

/* A completion as a slice of no duration, and the flow that leads to it. */
static int write_completions(chrome *c)
{
    sqlite3_stmt *q = NULL;
    if (prepare(c,
                "SELECT k.seq, k.time_ns, k.host, k.process, k.thread, k.function, k.bytes, "
                "k.error, k.delivery, c.start_ns, c.host, c.process, c.thread "
                "FROM completions k JOIN calls c ON c.seq = k.call_seq ORDER BY k.seq",
                &q) != 0)
        return -1;
    while (sqlite3_step(q) == SQLITE_ROW) {
        int64_t seq = sqlite3_column_int64(q, 0), at = sqlite3_column_int64(q, 1),
                pid = sqlite3_column_int64(q, 2) + 1,
                tid = tid_of(sqlite3_column_int64(q, 3), sqlite3_column_int64(q, 4));
        char name[96];
        snprintf(name, sizeof name, "%s completion", col_text(q, 5));
        cJSON *e = event("X", name, "completion", pid, tid, at);
        cJSON_AddNumberToObject(e, "dur", 0);
        cJSON *args = cJSON_AddObjectToObject(e, "args");
        cJSON_AddNumberToObject(args, "seq", (double)seq);
        cJSON_AddNumberToObject(args, "bytes", sqlite3_column_double(q, 6));
        cJSON_AddNumberToObject(args, "error", sqlite3_column_double(q, 7));
        cJSON_AddStringToObject(args, "delivery", col_text(q, 8));
        put(c, e);
        e = event("s", "overlapped", "overlapped", sqlite3_column_int64(q, 10) + 1,
                  tid_of(sqlite3_column_int64(q, 11), sqlite3_column_int64(q, 12)),
                  sqlite3_column_int64(q, 9));
        cJSON_AddNumberToObject(e, "id", (double)seq);
        put(c, e);
        e = event("f", "overlapped", "overlapped", pid, tid, at);
        cJSON_AddNumberToObject(e, "id", (double)seq);
        cJSON_AddStringToObject(e, "bp", "e");
        put(c, e);
    }
    sqlite3_finalize(q);
    return 0;
}

/* Flows from sends to the receives that read their bytes.  Their ids follow
 * the largest seq, so they never meet a completion's. */
static int write_byte_flows(chrome *c, char *err, size_t err_size)
{
    wsim_byte_flow *flows = NULL;
    size_t n = 0;
    if (wsim_byte_flows(c->db, &flows, &n, err, err_size) != 0)
        return -2;
    sqlite3_stmt *q = NULL, *maxq = NULL;
    int64_t next_id = 1;
    if (prepare(c, "SELECT host, process, thread, start_ns, time_ns FROM calls WHERE seq = ?",
                &q) != 0 ||
        prepare(c, "SELECT max(seq) FROM completions", &maxq) != 0) {
        sqlite3_finalize(q);
        free(flows);
        return -1;
    }
    if (sqlite3_step(maxq) == SQLITE_ROW)
        next_id = sqlite3_column_int64(maxq, 0) + 1;
    sqlite3_finalize(maxq);
    for (size_t i = 0; i < n; i++) {
        int64_t ends[2][5];
        int64_t seqs[2] = {flows[i].send_seq, flows[i].recv_seq};
        for (int k = 0; k < 2; k++) {
            sqlite3_reset(q);
            sqlite3_bind_int64(q, 1, seqs[k]);
            if (sqlite3_step(q) != SQLITE_ROW)
                memset(ends[k], 0, sizeof ends[k]);
            for (int col = 0; col < 5; col++)
                ends[k][col] = sqlite3_column_int64(q, col);
        }
        int64_t id = next_id++;
        cJSON *e = event("s", "bytes", "bytes", ends[0][0] + 1, tid_of(ends[0][1], ends[0][2]),
                         ends[0][3]);
        cJSON_AddNumberToObject(e, "id", (double)id);
        put(c, e);
        int64_t at = ends[1][4] > ends[1][3] ? ends[1][4] - 1 : ends[1][3];
        e = event("f", "bytes", "bytes", ends[1][0] + 1, tid_of(ends[1][1], ends[1][2]), at);
        cJSON_AddNumberToObject(e, "id", (double)id);
        cJSON_AddStringToObject(e, "bp", "e");
        put(c, e);
    }
    sqlite3_finalize(q);
    free(flows);
    return 0;
}

/* Violations, crashes and output lines on their thread; faults globally. */
static int write_instants(chrome *c)
{
    static const struct {
        const char *cat, *sql;
    } kinds[] = {
        {"violation",
         "SELECT time_ns, host, process, thread, rule || ': ' || description, call_seq "
         "FROM violations ORDER BY seq"},
        {"crash",
         "SELECT time_ns, host, process, thread, signal_name || ': ' || description, NULL "
         "FROM crashes ORDER BY seq"},
        {"output",
         "SELECT time_ns, host, process, 0, stream || ': ' || line, NULL FROM output "
         "ORDER BY seq"},
        {"fault",
         "SELECT time_ns, NULL, NULL, NULL, kind || ' ' || coalesce(target, ''), NULL "
         "FROM faults ORDER BY seq"},
    };
    for (size_t k = 0; k < sizeof kinds / sizeof kinds[0]; k++) {
        sqlite3_stmt *q = NULL;
        if (prepare(c, kinds[k].sql, &q) != 0)
            return -1;
        while (sqlite3_step(q) == SQLITE_ROW) {
            int global = sqlite3_column_type(q, 1) == SQLITE_NULL ||
                         sqlite3_column_type(q, 2) == SQLITE_NULL;
            int64_t pid = global ? 0 : sqlite3_column_int64(q, 1) + 1;
            int64_t tid = global ? 0 : tid_of(sqlite3_column_int64(q, 2),
                                              sqlite3_column_int64(q, 3));
            cJSON *e = event("i", col_text(q, 4), kinds[k].cat, pid, tid,
                             sqlite3_column_int64(q, 0));
            cJSON_AddStringToObject(e, "s", global ? "g" : "t");
            if (sqlite3_column_type(q, 5) != SQLITE_NULL) {
                cJSON *args = cJSON_AddObjectToObject(e, "args");
                cJSON_AddNumberToObject(args, "call_seq", sqlite3_column_double(q, 5));
            }
            put(c, e);
        }
        sqlite3_finalize(q);
    }
    return 0;
}

int wsim_export_chrome(const char *trace, const char *out_path, char *err, size_t err_size)
{
    sqlite3 *db = NULL;
    if (wsim_export_open_trace(trace, &db, err, err_size) != 0)
        return -1;
    wsim_export_file out;
    if (wsim_export_file_open(&out, out_path, err, err_size) != 0) {
        sqlite3_close(db);
        return -1;
    }
    chrome c = {.db = db, .f = out.f, .first = 1};
    fputs("{\"displayTimeUnit\":\"ns\",\"traceEvents\":[", c.f);
    int rc = write_tracks(&c);
    if (rc == 0)
        rc = write_calls(&c);
    if (rc == 0)
        rc = write_completions(&c);
    if (rc == 0)
        rc = write_byte_flows(&c, err, err_size);
    if (rc == 0)
        rc = write_instants(&c);
    fputs("\n]}\n", c.f);
    if (rc == -1)
        snprintf(err, err_size, "%s: %s", trace, sqlite3_errmsg(db));
    else if (rc == -2) {
        char inner[512];
        snprintf(inner, sizeof inner, "%s", err);
        snprintf(err, err_size, "%s: %s", trace, inner);
    } else if (c.failed) {
        snprintf(err, err_size, "%s: out of memory", out_path);
        rc = -1;
    }
    sqlite3_close(db);
    return wsim_export_file_finish(&out, rc == 0, err, err_size) == 0 && rc == 0 ? 0 : -1;
}
