/* test_compare.c — trace validation and comparison (traces/compare.h).
 *
 * Usage: test_traces_compare CASE, one CTest entry per case:
 *   equal    the same records give equal traces, even with different
 *            wall_clock_start and wsim_version
 *   differ   one changed value, a missing row, an extra row, a changed
 *            meta value, a long text and an extra table are each reported
 *            with table, key, column and both values
 *   corrupt  random bytes, an SQLite header over junk, a truncated and an
 *            overwritten database, an empty or missing file, a database that
 *            is not a trace, an unsupported schema version: -1 and a message
 *            naming the file
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tests/support/cases.h"
#include "tests/traces/fixture.h"
#include "traces/compare.h"

/* Compares and captures the report. */
static int compare(const char *a, const char *b, char **report, char *err, size_t err_size)
{
    size_t size = 0;
    *report = NULL;
    FILE *f = open_memstream(report, &size);
    err[0] = '\0';
    int rc = wsim_trace_compare(a, b, f, err, err_size);
    fclose(f);
    return rc;
}

/* The case's temporary folder (main makes it and removes it). */
static char *dir;

static void test_equal(void)
{
    char a[512], b[512], err[512];
    fixture_path(a, sizeof a, dir, "a.wsimtrace");
    fixture_path(b, sizeof b, dir, "b.wsimtrace");
    wsim_record recs[FIXTURE_SAMPLE_MAX];
    size_t n = fixture_sample(recs);
    CHECK_INT_EQ(fixture_write_trace(a, recs, n, "1.0"), 0);
    CHECK_INT_EQ(fixture_write_trace(b, recs, n, "2.0-other"), 0);
    CHECK_INT_EQ(fixture_exec(b, "UPDATE meta SET value = '2000-01-01T00:00:00Z' WHERE key = 'wall_clock_start'"), 0);

    char *report;
    CHECK_INT_EQ(compare(a, b, &report, err, sizeof err), 0);
    CHECK_STR_EQ(report, "");
    free(report);
    CHECK_INT_EQ(compare(a, a, &report, err, sizeof err), 0);
    free(report);
    CHECK_INT_EQ(wsim_trace_compare(b, a, NULL, err, sizeof err), 0);
}

static void test_differ(void)
{
    char a[512], b[512], err[512];
    char *report;
    fixture_path(a, sizeof a, dir, "a.wsimtrace");
    fixture_path(b, sizeof b, dir, "b.wsimtrace");
    wsim_record recs[FIXTURE_SAMPLE_MAX], changed[FIXTURE_SAMPLE_MAX];
    size_t n = fixture_sample(recs);
    CHECK_INT_EQ(fixture_write_trace(a, recs, n, "1.0"), 0);

    /* One value in one column: call seq 7 returns 11 instead of 10. */
    memcpy(changed, recs, sizeof recs);
    CHECK_INT_EQ(changed[6].seq, 7);
    changed[6].a[0] = 11;
    unlink(b);
    CHECK_INT_EQ(fixture_write_trace(b, changed, n, "1.0"), 0);
    CHECK_INT_EQ(compare(a, b, &report, err, sizeof err), 1);
    CHECK_CONTAINS(report, a);
    CHECK_CONTAINS(report, b);
    CHECK_CONTAINS(report, "table calls: seq 7, column ret: a = 10, b = 11 (1 row differs)");
    CHECK(strstr(report, "table meta") == NULL);
    CHECK(strstr(report, "table segments") == NULL);
    free(report);
    CHECK_INT_EQ(wsim_trace_compare(a, b, NULL, err, sizeof err), 1);

    /* A NULL against a value, in a text column (segment 12 gets a detail). */
    memcpy(changed, recs, sizeof recs);
    changed[11].text = "late";
    unlink(b);
    CHECK_INT_EQ(fixture_write_trace(b, changed, n, "1.0"), 0);
    CHECK_INT_EQ(compare(a, b, &report, err, sizeof err), 1);
    CHECK_CONTAINS(report, "table segments: seq 12, column detail: a = NULL, b = 'late'");
    free(report);

    /* A missing row (output seq 16 dropped) and, in b's own order, a row
     * only b has; two tables differ, each reported. */
    size_t m = 0;
    for (size_t i = 0; i < n; i++)
        if (recs[i].seq != 16)
            changed[m++] = recs[i];
    wsim_record extra = fixture_record(WSIM_REC_THREAD_START, 40, 99);
    extra.host = 0, extra.process = 0, extra.thread = 2, extra.name = "late";
    changed[m++] = extra;
    unlink(b);
    CHECK_INT_EQ(fixture_write_trace(b, changed, m, "1.0"), 0);
    CHECK_INT_EQ(compare(a, b, &report, err, sizeof err), 1);
    CHECK_CONTAINS(report, "table output: seq 16 only in a (1 row differs)");
    CHECK_CONTAINS(report, "table threads: seq 40 only in b (1 row differs)");
    free(report);

    /* meta: the seed, and a long scenario text differing deep inside. */
    char scenario_a[1001], scenario_b[1001];
    memset(scenario_a, 'x', 1000);
    scenario_a[1000] = '\0';
    memcpy(scenario_b, scenario_a, sizeof scenario_a);
    scenario_b[500] = 'Y';
    memcpy(changed, recs, sizeof recs);
    changed[0].text = scenario_a;
    unlink(a);
    CHECK_INT_EQ(fixture_write_trace(a, changed, n, "1.0"), 0);
    changed[0].text = scenario_b;
    changed[0].a[0] = 42;
    unlink(b);
    CHECK_INT_EQ(fixture_write_trace(b, changed, n, "1.0"), 0);
    CHECK_INT_EQ(compare(a, b, &report, err, sizeof err), 1);
    CHECK_CONTAINS(report, "table meta: key 'scenario', column value: a = '...");
    CHECK_CONTAINS(report, "(1000 bytes, differs at byte 500)");
    CHECK_CONTAINS(report, "xY");
    CHECK_CONTAINS(report, "(2 rows differ)");
    free(report);

    /* An extra table in b. */
    unlink(b);
    CHECK_INT_EQ(fixture_write_trace(b, changed, n, "1.0"), 0);
    CHECK_INT_EQ(fixture_exec(b, "CREATE TABLE extra (x INTEGER)"), 0);
    unlink(a);
    CHECK_INT_EQ(fixture_write_trace(a, changed, n, "1.0"), 0);
    CHECK_INT_EQ(compare(a, b, &report, err, sizeof err), 1);
    CHECK_CONTAINS(report, "schema: table extra only in b");
    free(report);
}

/* Writes `size` bytes of a fixed pseudo-random pattern after `prefix`. */
static void write_junk(const char *path, const void *prefix, size_t prefix_len, size_t size)
{
    FILE *f = fopen(path, "wb");
    CHECK(f != NULL);
    if (!f)
        return;
    fwrite(prefix, 1, prefix_len, f);
    uint32_t x = 12345;
    for (size_t i = 0; i < size; i++) {
        x = x * 1103515245u + 12345u;
        fputc((int)(x >> 24), f);
    }
    fclose(f);
}

/* Copies the first `keep` bytes of src to dst. */
static void copy_prefix(const char *src, const char *dst, long keep)
{
    FILE *in = fopen(src, "rb"), *out = fopen(dst, "wb");
    CHECK(in && out);
    if (in && out) {
        for (long i = 0; i < keep; i++) {
            int ch = fgetc(in);
            if (ch == EOF)
                break;
            fputc(ch, out);
        }
    }
    if (in)
        fclose(in);
    if (out)
        fclose(out);
}

static long file_size(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return -1;
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fclose(f);
    return n;
}

/* Expects open_check and compare (in both positions) to fail naming path. */
static void expect_bad(const char *good, const char *path, const char *what)
{
    char err[512], *report;
    err[0] = '\0';
    CHECK_INT_EQ(wsim_trace_open_check(path, err, sizeof err), -1);
    CHECK_CONTAINS(err, path);
    CHECK_CONTAINS(err, what);
    fprintf(stderr, "as expected: %s\n", err);
    CHECK_INT_EQ(compare(good, path, &report, err, sizeof err), -1);
    CHECK_CONTAINS(err, path);
    CHECK(strncmp(err, good, strlen(good)) != 0 || strcmp(good, path) == 0);
    free(report);
    CHECK_INT_EQ(compare(path, good, &report, err, sizeof err), -1);
    CHECK_CONTAINS(err, path);
    free(report);
}

static void test_corrupt(void)
{
    char good[512], path[512];
    fixture_path(good, sizeof good, dir, "good.wsimtrace");
    /* Big enough to span many pages, so truncation cuts through tables. */
    wsim_record recs[FIXTURE_SAMPLE_MAX];
    size_t n = fixture_sample(recs);
    {
        char err[512];
        wsim_recorder *rec = wsim_recorder_open(good, err, sizeof err);
        CHECK(rec != NULL);
        if (!rec)
            return;
        for (size_t i = 0; i < n; i++)
            wsim_recorder_add(rec, &recs[i]);
        for (uint64_t s = 100; s < 20100; s++) {
            wsim_record r = fixture_record(WSIM_REC_OUTPUT, s, (int64_t)s);
            r.host = 0, r.process = 0, r.name = "stdout", r.text = "a line of program output, repeated";
            wsim_recorder_add(rec, &r);
        }
        CHECK_INT_EQ(wsim_recorder_close(rec, "1.0", err, sizeof err), 0);
        CHECK_INT_EQ(wsim_trace_open_check(good, err, sizeof err), 0);
    }
    long size = file_size(good);
    CHECK(size > 200000);

    fixture_path(path, sizeof path, dir, "random.bin");
    write_junk(path, "", 0, 8192);
    expect_bad(good, path, "not an SQLite database");

    fixture_path(path, sizeof path, dir, "header-then-junk.wsimtrace");
    write_junk(path, "SQLite format 3", 16, 8192);
    expect_bad(good, path, "corrupt");

    fixture_path(path, sizeof path, dir, "truncated.wsimtrace");
    copy_prefix(good, path, size / 2);
    expect_bad(good, path, "corrupt");

    fixture_path(path, sizeof path, dir, "overwritten.wsimtrace");
    copy_prefix(good, path, size);
    {
        FILE *f = fopen(path, "r+b");
        CHECK(f != NULL);
        if (f) {
            fseek(f, size / 2, SEEK_SET);
            for (int i = 0; i < 4096; i++)
                fputc(0xA5, f);
            fclose(f);
        }
    }
    expect_bad(good, path, "corrupt");

    fixture_path(path, sizeof path, dir, "empty.wsimtrace");
    write_junk(path, "", 0, 0);
    expect_bad(good, path, "empty file");

    fixture_path(path, sizeof path, dir, "missing.wsimtrace");
    expect_bad(good, path, "No such file");

    fixture_path(path, sizeof path, dir, "other.sqlite");
    CHECK_INT_EQ(fixture_exec(path, "CREATE TABLE t (x); INSERT INTO t VALUES (1)"), 0);
    expect_bad(good, path, "not a wsim trace (no meta table)");

    fixture_path(path, sizeof path, dir, "future.wsimtrace");
    copy_prefix(good, path, size);
    CHECK_INT_EQ(fixture_exec(path, "PRAGMA user_version = 2; UPDATE meta SET value = '2' WHERE key = 'schema_version'"), 0);
    expect_bad(good, path, "schema version 2 is not supported");

    fixture_path(path, sizeof path, dir, "mismatch.wsimtrace");
    copy_prefix(good, path, size);
    CHECK_INT_EQ(fixture_exec(path, "PRAGMA user_version = 3"), 0);
    expect_bad(good, path, "does not match user_version 3");

    expect_bad(good, dir, "not a regular file");
}

static const test_case cases[] = {
    {"equal", test_equal},
    {"differ", test_differ},
    {"corrupt", test_corrupt},
};

int main(int argc, char **argv)
{
    dir = fixture_tempdir();
    if (!dir)
        return 1;
    int status = test_main(argc, argv, cases, sizeof cases / sizeof cases[0], NULL);
    fixture_remove_dir(dir);
    return status;
}
