/* summary.c — the human summary of a trace (see summary.h).
 *
 * Owns: the wording of the summary.  The error names it shows next to codes
 * come from the one error table (errors/errors.h), which wsapi/ maps its
 * codes with too; the trace stores the numbers.
 *
 * The text is built in memory and written out only when every query
 * succeeded, so a caller never prints half a summary before an error.
 */
#include "traces/summary.h"

#include <inttypes.h>
#include <sqlite3.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "errors/errors.h"
#include "traces/compare.h"

/* How many error codes "failed calls" lists, commonest first. */
#define SUMMARY_TOP_ERRORS 5
#define SUMMARY_STR_(x) #x
#define SUMMARY_STR(x) SUMMARY_STR_(x)

struct summary {
    const char *path;
    sqlite3 *db;
    FILE *out;
    int failed;
    char *err;
    size_t err_size;
};

static void fail(struct summary *s, const char *what)
{
    if (!s->failed && s->err && s->err_size)
        snprintf(s->err, s->err_size, "%s: %s: %s", s->path, what, wsim_trace_errmsg(s->db));
    s->failed = 1;
}

/* Prepares a query; NULL (and the summary marked failed) on error. */
static sqlite3_stmt *query(struct summary *s, const char *sql)
{
    sqlite3_stmt *st = NULL;
    if (s->failed)
        return NULL;
    if (sqlite3_prepare_v2(s->db, sql, -1, &st, NULL) != SQLITE_OK) {
        fail(s, "query");
        return NULL;
    }
    return st;
}

/* Steps; SQLITE_ROW or SQLITE_DONE, anything else fails the summary. */
static int next(struct summary *s, sqlite3_stmt *st)
{
    int rc = sqlite3_step(st);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
        fail(s, "reading");
        return SQLITE_DONE;
    }
    return rc;
}

static long long count(struct summary *s, const char *sql)
{
    sqlite3_stmt *st = query(s, sql);
    long long n = 0;
    if (st && next(s, st) == SQLITE_ROW)
        n = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return n;
}

/* A meta value, copied into buf; "" when absent or NULL. */
static const char *meta(struct summary *s, const char *key, char *buf, size_t size)
{
    buf[0] = '\0';
    sqlite3_stmt *st = query(s, "SELECT value FROM meta WHERE key = ?1");
    if (!st)
        return buf;
    sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
    if (next(s, st) == SQLITE_ROW && sqlite3_column_type(st, 0) != SQLITE_NULL)
        snprintf(buf, size, "%s", (const char *)sqlite3_column_text(st, 0));
    sqlite3_finalize(st);
    return buf;
}

/* Virtual nanoseconds as seconds, exactly ("1.500000000 s"): integer
 * arithmetic, no floating-point rounding. */
static void print_time(FILE *out, long long ns)
{
    const char *sign = ns < 0 ? "-" : "";
    unsigned long long v = ns < 0 ? 0ull - (unsigned long long)ns : (unsigned long long)ns;
    fprintf(out, "%s%llu.%09llu s", sign, v / 1000000000ull, v % 1000000000ull);
}

static const char *text_or(sqlite3_stmt *st, int i, const char *fallback)
{
    const char *t = (const char *)sqlite3_column_text(st, i);
    return t ? t : fallback;
}

static void summarize_run(struct summary *s)
{
    char reason[128], detail[512], end_ns[32], status[32], seed[32], schema[16], version[64], wall[64];
    FILE *out = s->out;
    meta(s, "schema_version", schema, sizeof schema);
    meta(s, "wsim_version", version, sizeof version);
    meta(s, "wall_clock_start", wall, sizeof wall);
    fprintf(out, "trace %s (schema %s, wsim %s, recorded %s)\n", s->path, schema,
            version[0] ? version : "?", wall[0] ? wall : "?");
    meta(s, "end_reason", reason, sizeof reason);
    meta(s, "end_detail", detail, sizeof detail);
    meta(s, "end_time_ns", end_ns, sizeof end_ns);
    meta(s, "exit_status", status, sizeof status);
    if (reason[0]) {
        fprintf(out, "run: %s%s%s at ", reason, detail[0] ? ": " : "", detail);
        print_time(out, strtoll(end_ns, NULL, 10));
        fprintf(out, " virtual time, exit status %s\n", status[0] ? status : "?");
    } else {
        /* A partial file (wsim killed, a full disk): the rows up to its last
         * commit.  The last record is the largest seq any table holds. */
        long long last = count(s, "SELECT max(m) FROM ("
                                  " SELECT max(start_seq) AS m FROM programs"
                                  " UNION ALL SELECT max(exit_seq) FROM programs"
                                  " UNION ALL SELECT max(seq) FROM threads"
                                  " UNION ALL SELECT max(seq) FROM calls"
                                  " UNION ALL SELECT max(seq) FROM completions"
                                  " UNION ALL SELECT max(seq) FROM segments"
                                  " UNION ALL SELECT max(seq) FROM output"
                                  " UNION ALL SELECT max(seq) FROM crashes"
                                  " UNION ALL SELECT max(seq) FROM violations"
                                  " UNION ALL SELECT max(seq) FROM faults"
                                  " UNION ALL SELECT max(seq) FROM choices)");
        fprintf(out, "run: cut at record %lld (the trace is incomplete: the run did not finish"
                     " or its end was not recorded)\n", last);
    }
    meta(s, "seed", seed, sizeof seed);
    fprintf(out, "seed: %s\n", seed[0] ? seed : "?");
}

static void summarize_hosts_programs(struct summary *s)
{
    FILE *out = s->out;
    fprintf(out, "hosts: %lld\n", count(s, "SELECT count(*) FROM hosts"));
    sqlite3_stmt *st = query(s, "SELECT host, name, address FROM hosts ORDER BY host");
    while (st && next(s, st) == SQLITE_ROW)
        fprintf(out, "  host %lld: %s %s\n", (long long)sqlite3_column_int64(st, 0), text_or(st, 1, "?"),
                text_or(st, 2, "(switch)"));
    sqlite3_finalize(st);

    fprintf(out, "programs: %lld\n", count(s, "SELECT count(*) FROM programs"));
    st = query(s, "SELECT p.process, p.host, h.name, p.module, p.exit_seq, p.exit_how, p.exit_code,"
                  " p.exit_ns FROM programs p LEFT JOIN hosts h ON h.host = p.host ORDER BY p.process");
    while (st && next(s, st) == SQLITE_ROW) {
        fprintf(out, "  process %lld on %s: %s: ", (long long)sqlite3_column_int64(st, 0),
                text_or(st, 2, "?"), text_or(st, 3, "?"));
        if (sqlite3_column_type(st, 4) == SQLITE_NULL) {
            fputs("did not exit\n", out);
        } else {
            fprintf(out, "%s, exit code %lld, at ", text_or(st, 5, "?"), (long long)sqlite3_column_int64(st, 6));
            print_time(out, sqlite3_column_int64(st, 7));
            fputc('\n', out);
        }
    }
    sqlite3_finalize(st);
}

static void summarize_calls(struct summary *s)
{
    FILE *out = s->out;
    fprintf(out, "calls: %lld\n", count(s, "SELECT count(*) FROM calls"));
    fprintf(out, "failed calls: %lld\n", count(s, "SELECT count(*) FROM calls WHERE error != 0"));
    sqlite3_stmt *st = query(s, "SELECT error, count(*) AS n FROM calls WHERE error != 0"
                                " GROUP BY error ORDER BY n DESC, error"
                                " LIMIT " SUMMARY_STR(SUMMARY_TOP_ERRORS));
    while (st && next(s, st) == SQLITE_ROW) {
        long long code = sqlite3_column_int64(st, 0);
        const char *name = wsim_error_name(code);   /* errors/errors.h */
        fprintf(out, "  %s%s%lld%s: %lld\n", name ? name : "", name ? " (" : "error ", code, name ? ")" : "",
                (long long)sqlite3_column_int64(st, 1));
    }
    sqlite3_finalize(st);
    fprintf(out, "completions: %lld\n", count(s, "SELECT count(*) FROM completions"));
}

static void summarize_segments_output(struct summary *s)
{
    FILE *out = s->out;
    /* Each event that occurs, in a packet's order of life, then any other. */
    fprintf(out, "segments: %lld (", count(s, "SELECT count(*) FROM segments"));
    sqlite3_stmt *st = query(s, "SELECT event, count(*) FROM segments GROUP BY event ORDER BY"
                                " CASE event WHEN 'send' THEN 0 WHEN 'forward' THEN 1"
                                " WHEN 'recv' THEN 2 WHEN 'duplicate' THEN 3 WHEN 'drop' THEN 4"
                                " ELSE 5 END, event");
    for (int first = 1; st && next(s, st) == SQLITE_ROW; first = 0)
        fprintf(out, "%s%s %lld", first ? "" : ", ", text_or(st, 0, "?"),
                (long long)sqlite3_column_int64(st, 1));
    sqlite3_finalize(st);
    fputs(")\n", out);
    fprintf(out, "output lines: %lld (stdout %lld, stderr %lld)\n", count(s, "SELECT count(*) FROM output"),
            count(s, "SELECT count(*) FROM output WHERE stream = 'stdout'"),
            count(s, "SELECT count(*) FROM output WHERE stream = 'stderr'"));
}

static void summarize_faults(struct summary *s)
{
    FILE *out = s->out;
    fprintf(out, "injected faults: %lld\n", count(s, "SELECT count(*) FROM faults"));
    sqlite3_stmt *st = query(s, "SELECT time_ns, kind, target FROM faults ORDER BY seq");
    while (st && next(s, st) == SQLITE_ROW) {
        fputs("  at ", out);
        print_time(out, sqlite3_column_int64(st, 0));
        fprintf(out, ": %s %s\n", text_or(st, 1, "?"), text_or(st, 2, ""));
    }
    sqlite3_finalize(st);
    fprintf(out, "crashes: %lld\n", count(s, "SELECT count(*) FROM crashes"));
    st = query(s, "SELECT seq, time_ns, process, thread, signal_name, signal, description"
                                " FROM crashes ORDER BY seq");
    while (st && next(s, st) == SQLITE_ROW) {
        fprintf(out, "  seq %lld at ", (long long)sqlite3_column_int64(st, 0));
        print_time(out, sqlite3_column_int64(st, 1));
        fprintf(out, ": %s (signal %lld) in process %s thread %s%s%s\n", text_or(st, 4, "?"),
                (long long)sqlite3_column_int64(st, 5), text_or(st, 2, "-"), text_or(st, 3, "-"),
                sqlite3_column_type(st, 6) != SQLITE_NULL ? ": " : "", text_or(st, 6, ""));
    }
    sqlite3_finalize(st);
    fprintf(out, "violations: %lld\n", count(s, "SELECT count(*) FROM violations"));
    st = query(s, "SELECT rule, count(*) FROM violations GROUP BY rule ORDER BY rule");
    while (st && next(s, st) == SQLITE_ROW)
        fprintf(out, "  %s: %lld\n", text_or(st, 0, "?"), (long long)sqlite3_column_int64(st, 1));
    sqlite3_finalize(st);
}

int wsim_trace_summary(const char *path, FILE *out, char *err, size_t err_size)
{
    struct summary s = {.path = path, .err = err, .err_size = err_size};
    if (wsim_trace_open_db(path, &s.db, err, err_size) != 0)
        return -1;
    char *text = NULL;
    size_t text_size = 0;
    s.out = open_memstream(&text, &text_size);
    if (!s.out) {
        if (err && err_size)
            snprintf(err, err_size, "%s: out of memory", path);
        sqlite3_close(s.db);
        return -1;
    }
    summarize_run(&s);
    summarize_hosts_programs(&s);
    summarize_calls(&s);
    summarize_segments_output(&s);
    summarize_faults(&s);
    fclose(s.out);
    sqlite3_close(s.db);
    if (!s.failed && text)
        fwrite(text, 1, text_size, out);
    free(text);
    return s.failed ? -1 : 0;
}
