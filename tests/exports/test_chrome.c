/* test_chrome.c — `wsim export chrome` on the example runs.
 *
 * Usage: test_chrome SCENARIO wsim=PATH examples=DIR
 *
 * Runs scenarios/examples/SCENARIO.json, exports its trace and checks the
 * JSON against the trace's own rows: it parses (cJSON), has one process per
 * host, exactly one named track per simulated thread (each program's main
 * thread and each row of `threads`), a slice per call on its thread's track,
 * one overlapped flow per completion (starting at the call that issued it,
 * ending at the completion on the thread it is reported to), an error instant
 * per failed call, and at least one byte flow into every stream receive that
 * returned bytes.
 */
#include <cjson/cJSON.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "tests/check.h"

static const char *option(int argc, char **argv, const char *name)
{
    size_t n = strlen(name);
    for (int i = 2; i < argc; i++)
        if (strncmp(argv[i], name, n) == 0 && argv[i][n] == '=')
            return argv[i] + n + 1;
    return NULL;
}

static long long scalar(sqlite3 *db, const char *sql)
{
    sqlite3_stmt *q = NULL;
    long long v = -1;
    if (sqlite3_prepare_v2(db, sql, -1, &q, NULL) == SQLITE_OK && sqlite3_step(q) == SQLITE_ROW)
        v = sqlite3_column_int64(q, 0);
    else
        fprintf(stderr, "query failed: %s: %s\n", sql, sqlite3_errmsg(db));
    sqlite3_finalize(q);
    return v;
}

static char *slurp(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *buf = malloc((size_t)n + 1);
    if (buf && fread(buf, 1, (size_t)n, f) != (size_t)n) {
        free(buf);
        buf = NULL;
    }
    if (buf)
        buf[n] = '\0';
    fclose(f);
    return buf;
}

static const char *str(const cJSON *e, const char *key)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(e, key);
    return cJSON_IsString(v) ? v->valuestring : "";
}

static double num(const cJSON *e, const char *key)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(e, key);
    return cJSON_IsNumber(v) ? v->valuedouble : -1;
}

static int is(const cJSON *e, const char *ph, const char *cat)
{
    return strcmp(str(e, "ph"), ph) == 0 && (!cat || strcmp(str(e, "cat"), cat) == 0);
}

int main(int argc, char **argv)
{
    const char *wsim = option(argc, argv, "wsim"), *examples = option(argc, argv, "examples");
    if (argc < 2 || !wsim || !examples) {
        fprintf(stderr, "usage: test_chrome SCENARIO wsim=PATH examples=DIR\n");
        return 2;
    }
    char dir[] = "/tmp/wsim-chrome-test-XXXXXX";
    if (!mkdtemp(dir))
        return 2;
    char trace[256], json[256], cmd[1024];
    snprintf(trace, sizeof trace, "%s/run.wsimtrace", dir);
    snprintf(json, sizeof json, "%s/run.json", dir);
    snprintf(cmd, sizeof cmd, "'%s' run '%s/%s.json' --quiet --trace '%s' >/dev/null", wsim,
             examples, argv[1], trace);
    CHECK_INT_EQ(system(cmd), 0);
    snprintf(cmd, sizeof cmd, "'%s' export chrome '%s' -o '%s'", wsim, trace, json);
    CHECK_INT_EQ(system(cmd), 0);

    sqlite3 *db = NULL;
    CHECK_INT_EQ(sqlite3_open_v2(trace, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
    char *text = slurp(json);
    CHECK(text != NULL);
    cJSON *doc = cJSON_Parse(text ? text : "");
    CHECK(doc != NULL);
    const cJSON *events = cJSON_GetObjectItemCaseSensitive(doc, "traceEvents");
    CHECK(cJSON_IsArray(events));

    long long hosts = scalar(db, "SELECT count(*) FROM hosts");
    long long threads = scalar(db, "SELECT (SELECT count(*) FROM programs) + "
                                   "(SELECT count(*) FROM threads WHERE thread <> 0)");
    long long calls = scalar(db, "SELECT count(*) FROM calls");
    long long completions = scalar(db, "SELECT count(*) FROM completions");
    long long errors = scalar(db, "SELECT count(*) FROM errors");
    CHECK(completions > 0);   /* the examples' server is overlapped */

    /* Track names: one per (pid, tid); remember them to check slices. */
    long long process_names = 0, thread_names = 0, slices = 0, error_instants = 0;
    long long flow_starts = 0, flows_matched = 0, slices_off_track = 0;
    double *tids = calloc((size_t)(threads > 0 ? threads : 1), sizeof *tids);
    const cJSON *e;
    cJSON_ArrayForEach(e, events) {
        if (is(e, "M", NULL) && strcmp(str(e, "name"), "process_name") == 0)
            process_names++;
        if (is(e, "M", NULL) && strcmp(str(e, "name"), "thread_name") == 0) {
            for (long long i = 0; i < thread_names && i < threads; i++)
                CHECK(tids[i] != num(e, "tid"));   /* exactly one per thread */
            if (thread_names < threads)
                tids[thread_names] = num(e, "tid");
            thread_names++;
        }
    }
    cJSON_ArrayForEach(e, events) {
        if (is(e, "X", "call")) {
            slices++;
            int named = 0;
            for (long long i = 0; i < threads; i++)
                named |= tids[i] == num(e, "tid");
            slices_off_track += !named;
        }
        if (is(e, "i", "error"))
            error_instants++;
        if (is(e, "s", "overlapped")) {
            flow_starts++;
            /* Its end: same id, on a completion slice's track and time. */
            const cJSON *f;
            cJSON_ArrayForEach(f, events) {
                if (is(f, "f", "overlapped") && num(f, "id") == num(e, "id"))
                    flows_matched++;
            }
        }
    }
    CHECK_INT_EQ(process_names, hosts);
    CHECK_INT_EQ(thread_names, threads);
    CHECK_INT_EQ(slices, calls);
    CHECK_INT_EQ(slices_off_track, 0);
    CHECK_INT_EQ(error_instants, errors);
    CHECK_INT_EQ(flow_starts, completions);
    CHECK_INT_EQ(flows_matched, completions);

    /* Every overlapped flow starts on the issuing call's slice: same thread,
     * at the call's start time. */
    sqlite3_stmt *q = NULL;
    CHECK_INT_EQ(sqlite3_prepare_v2(db,
                                    "SELECT k.seq, c.start_ns, c.process * 100000 + c.thread + 1 "
                                    "FROM completions k JOIN calls c ON c.seq = k.call_seq",
                                    -1, &q, NULL),
                 SQLITE_OK);
    while (sqlite3_step(q) == SQLITE_ROW) {
        int found = 0;
        cJSON_ArrayForEach(e, events) {
            if (is(e, "s", "overlapped") && num(e, "id") == (double)sqlite3_column_int64(q, 0)) {
                found = 1;
                CHECK(num(e, "tid") == (double)sqlite3_column_int64(q, 2));
                CHECK(num(e, "ts") * 1000.0 - (double)sqlite3_column_int64(q, 1) < 0.5);
            }
        }
        CHECK(found);
    }
    sqlite3_finalize(q);

    /* Every stream receive that returned bytes has a byte flow ending on its
     * track within its slice. */
    CHECK_INT_EQ(sqlite3_prepare_v2(db,
                                    "SELECT start_ns, time_ns, process * 100000 + thread + 1 "
                                    "FROM calls WHERE function = 'recv' AND ret > 0 AND "
                                    "stream_offset IS NOT NULL",
                                    -1, &q, NULL),
                 SQLITE_OK);
    long long receives = 0, received_with_flow = 0;
    while (sqlite3_step(q) == SQLITE_ROW) {
        receives++;
        double start = (double)sqlite3_column_int64(q, 0) / 1000.0;
        double end = (double)sqlite3_column_int64(q, 1) / 1000.0;
        int found = 0;
        cJSON_ArrayForEach(e, events) {
            if (is(e, "f", "bytes") && num(e, "tid") == (double)sqlite3_column_int64(q, 2) &&
                num(e, "ts") >= start - 1e-6 && num(e, "ts") <= end + 1e-6)
                found = 1;
        }
        received_with_flow += found;
    }
    sqlite3_finalize(q);
    CHECK(receives > 0);
    CHECK_INT_EQ(received_with_flow, receives);

    free(tids);
    cJSON_Delete(doc);
    free(text);
    sqlite3_close(db);
    unlink(trace);
    unlink(json);
    rmdir(dir);
    return wsim_check_exit_code();
}
