/* test_readers.c — trace readers take whatever file they are given
 * (traces/compare.h: tables not views, trusted_schema off, every query
 * bounded, the schema compared).
 *
 * Usage: test_traces_readers CASE, one CTest entry per case:
 *   table_as_view   a table replaced by a view (a recursive one): refused
 *                   by name, before any query runs on it
 *   recursive_view  the events view replaced by one that never ends: the
 *                   summary (which reads tables) still works
 *   bound           a query that never ends on a reader's connection is
 *                   stopped by the bound, with a message that says so
 *   schema_compare  a changed view and an added trigger or index make two
 *                   traces differ, each reported by name
 */
#include <stdlib.h>
#include <string.h>

#include "tests/check.h"
#include "tests/traces/fixture.h"
#include "traces/compare.h"
#include "traces/summary.h"

#define FOREVER "WITH RECURSIVE r(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM r)"

static void write_sample(const char *path)
{
    wsim_record recs[FIXTURE_SAMPLE_MAX];
    size_t n = fixture_sample(recs);
    CHECK_INT_EQ(fixture_write_trace(path, recs, n, "0.1.0"), 0);
}

static void test_table_as_view(const char *dir)
{
    char path[512], err[1024];
    fixture_path(path, sizeof path, dir, "view.wsimtrace");
    write_sample(path);
    CHECK_INT_EQ(fixture_exec(path, "DROP TABLE calls; CREATE VIEW calls AS " FOREVER
                                    " SELECT x AS seq FROM r"),
                 0);
    CHECK_INT_EQ(wsim_trace_open_check(path, err, sizeof err), -1);
    char want[700];
    snprintf(want, sizeof want, "%s: not a wsim trace (calls is a view, not a table)", path);
    CHECK_STR_EQ(err, want);

    FILE *out = tmpfile();
    CHECK_INT_EQ(wsim_trace_summary(path, out, err, sizeof err), -1);
    CHECK_STR_EQ(err, want);
    fclose(out);
}

static void test_recursive_view(const char *dir)
{
    char path[512], err[1024];
    fixture_path(path, sizeof path, dir, "events.wsimtrace");
    write_sample(path);
    CHECK_INT_EQ(fixture_exec(path, "DROP VIEW events; CREATE VIEW events AS " FOREVER
                                    " SELECT x AS seq FROM r"),
                 0);
    char *text = NULL;
    size_t size = 0;
    FILE *out = open_memstream(&text, &size);
    CHECK_INT_EQ(wsim_trace_summary(path, out, err, sizeof err), 0);
    fclose(out);
    CHECK_CONTAINS(text, "hosts: 2\n  host 0: alpha 10.0.0.1\n");   /* the fixture's hosts */
    free(text);
}

static void test_bound(const char *dir)
{
    char path[512], err[1024];
    fixture_path(path, sizeof path, dir, "bound.wsimtrace");
    write_sample(path);
    sqlite3 *db = NULL;
    CHECK_INT_EQ(wsim_trace_open_db(path, &db, err, sizeof err), 0);
    if (!db)
        return;
    sqlite3_stmt *st = NULL;
    CHECK_INT_EQ(sqlite3_prepare_v2(db, FOREVER " SELECT count(*) FROM r", -1, &st, NULL),
                 SQLITE_OK);
    CHECK_INT_EQ(sqlite3_step(st), SQLITE_INTERRUPT);
    CHECK_CONTAINS(wsim_trace_errmsg(db), "passed the reader's bound");
    sqlite3_finalize(st);
    sqlite3_close(db);
}

/* compare(a, b) after `sql` ran on b: 1, with `expected` in the report. */
static void check_schema_change(const char *dir, const char *sql, const char *expected)
{
    char a[512], b[512], err[1024];
    fixture_path(a, sizeof a, dir, "a.wsimtrace");
    fixture_path(b, sizeof b, dir, "b.wsimtrace");
    write_sample(a);
    write_sample(b);
    CHECK_INT_EQ(wsim_trace_compare(a, b, NULL, err, sizeof err), 0);
    CHECK_INT_EQ(fixture_exec(b, sql), 0);
    char *text = NULL;
    size_t size = 0;
    FILE *out = open_memstream(&text, &size);
    CHECK_INT_EQ(wsim_trace_compare(a, b, out, err, sizeof err), 1);
    fclose(out);
    CHECK_CONTAINS(text, expected);
    free(text);
    remove(a);
    remove(b);
}

static void test_schema_compare(const char *dir)
{
    check_schema_change(dir, "DROP VIEW errors; CREATE VIEW errors AS SELECT * FROM calls",
                        "schema: view errors differs\n");
    check_schema_change(dir, "CREATE TRIGGER hide AFTER INSERT ON calls BEGIN SELECT 1; END",
                        "schema: trigger hide only in b\n");
    check_schema_change(dir, "CREATE INDEX by_time ON calls (time_ns)",
                        "schema: index by_time only in b\n");
}

int main(int argc, char **argv)
{
    static const struct {
        const char *name;
        void (*run)(const char *dir);
    } cases[] = {
        {"table_as_view", test_table_as_view},
        {"recursive_view", test_recursive_view},
        {"bound", test_bound},
        {"schema_compare", test_schema_compare},
    };
    const char *which = argc > 1 ? argv[1] : "";
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        if (strcmp(which, cases[i].name) == 0) {
            char *dir = fixture_tempdir();
            if (!dir)
                return 1;
            cases[i].run(dir);
            fixture_remove_dir(dir);
            return wsim_check_exit_code();
        }
    }
    fprintf(stderr, "usage: %s table_as_view|recursive_view|bound|schema_compare\n", argv[0]);
    return 2;
}
