/* test_survival.c — a trace survives any stop of `wsim run`, and --trace
 * replaces only a trace.
 *
 * Usage: test_survival CASE wsim=PATH src=DIR
 *   kill_few     SIGKILL of wsim after fewer records than one batch
 *                (WSIM_RECORDER_BATCH): a program prints 100 lines, then
 *                spins; the partial file holds them all, and `wsim replay`
 *                reproduces it up to the cut
 *   kill_many    SIGKILL after several batches of a program printing
 *                without end
 *   sigint, sigterm  the trace is finished and put in place, its end
 *                reason `interrupted`, wsim exits 3
 *   disk_full    a trace that can no longer be written stops the run
 *                cleanly and keeps the partial file up to its last commit
 *   budget_*     each budget (scenario "budgets"): a runaway, 4 GiB of
 *                allocations, lines without end, a trace too big and a run
 *                too long each stop the run with the budget named; the
 *                trace opens and holds what came before
 *   refuse       --trace on a scenario file or a source file is refused
 *                with exit 2 and the file is unchanged; a trace may be
 *                replaced; --force replaces anything
 *   refuse_device  the same for a private device node (root only: skipped
 *                otherwise)
 *
 * Every stop is synchronised on records, never on time: the test waits
 * until the partial file holds at least N committed rows (with the commit
 * interval set short through WSIM_TRACE_COMMIT_MS), then sends the signal.
 * What a cut trace must hold is computed from a complete run of the same
 * program: every row of `calls` and `output` up to the cut's last record,
 * and nothing else (a prefix), and the file passes integrity_check.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sqlite3.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "tests/check.h"
#include "traces/recorder.h"

extern char **environ;

static const char *wsim_path;
static const char *src_dir;

static char *fmt(const char *format, ...)
{
    va_list ap;
    va_start(ap, format);
    char *s = NULL;
    if (vasprintf(&s, format, ap) < 0)
        s = NULL;
    va_end(ap);
    if (!s) {
        fprintf(stderr, "out of memory\n");
        exit(1);
    }
    return s;
}

static char *make_temp_dir(void)
{
    char *dir = fmt("/tmp/wsim-survival-XXXXXX");
    if (!mkdtemp(dir)) {
        fprintf(stderr, "mkdtemp: %s\n", strerror(errno));
        exit(1);
    }
    return dir;
}

static void remove_temp_dir(char *dir)
{
    DIR *d = opendir(dir);
    if (d) {
        struct dirent *e;
        while ((e = readdir(d)) != NULL) {
            if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
                continue;
            char *path = fmt("%s/%s", dir, e->d_name);
            unlink(path);
            free(path);
        }
        closedir(d);
    }
    rmdir(dir);
    free(dir);
}

static void write_file(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    if (!f || fputs(text, f) == EOF || fclose(f) != 0) {
        fprintf(stderr, "cannot write %s: %s\n", path, strerror(errno));
        exit(1);
    }
}

static char *read_file(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    char *buf = NULL;
    size_t len = 0;
    FILE *m = open_memstream(&buf, &len);
    int c;
    while ((c = fgetc(f)) != EOF)
        fputc(c, m);
    fclose(m);
    fclose(f);
    return buf;
}

/* One host running programs/PROGRAM with `args` (a JSON array's inside)
 * and `budgets` (a JSON object's inside). */
static char *scenario_of(const char *tmp, const char *name, const char *program, const char *args,
                         const char *stop_time, const char *budgets)
{
    char *module = fmt("%s/programs/%s", src_dir, program);
    if (strpbrk(module, "\"\\")) {
        fprintf(stderr, "skipped: the path %s needs JSON escaping\n", module);
        exit(WSIM_TEST_SKIP);
    }
    char *json = fmt("{ \"seed\": 5, \"stop_time\": \"%s\", \"budgets\": { %s },"
                     " \"hosts\": [ { \"name\": \"h\","
                     " \"address\": \"10.0.0.1\", \"programs\": [ { \"module\": \"%s\","
                     " \"args\": [%s] } ] } ] }\n",
                     stop_time, budgets, module, args);
    char *path = fmt("%s/%s", tmp, name);
    write_file(path, json);
    free(json);
    free(module);
    return path;
}

static char *scenario_with(const char *tmp, const char *name, const char *args,
                           const char *stop_time)
{
    return scenario_of(tmp, name, "print_lines.c", args, stop_time, "");
}

/* Starts `wsim run SCENARIO --quiet --trace TRACE [extra]`, its output
 * into files of tmp. */
static pid_t start_wsim(const char *tmp, const char *scenario, const char *trace,
                        const char *extra)
{
    char *out = fmt("%s/wsim.out", tmp);
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_addopen(&fa, 1, out, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    posix_spawn_file_actions_adddup2(&fa, 1, 2);
    char *argv[8] = {(char *)wsim_path, "run", (char *)scenario, "--quiet", "--trace",
                     (char *)trace, (char *)extra, NULL};
    pid_t pid;
    int rc = posix_spawn(&pid, wsim_path, &fa, NULL, argv, environ);
    posix_spawn_file_actions_destroy(&fa);
    free(out);
    if (rc != 0) {
        fprintf(stderr, "cannot run %s: %s\n", wsim_path, strerror(rc));
        exit(1);
    }
    return pid;
}

static int wait_for(pid_t pid)
{
    int status;
    while (waitpid(pid, &status, 0) < 0)
        if (errno != EINTR)
            return -1;
    return status;
}

static void show_output(const char *tmp)
{
    char *out_path = fmt("%s/wsim.out", tmp);
    char *text = read_file(out_path);
    fprintf(stderr, "---- wsim's output:\n%s----\n", text ? text : "(none)");
    free(text);
    free(out_path);
}

static long long q_int(sqlite3 *db, const char *sql)
{
    sqlite3_stmt *st = NULL;
    long long v = -1;
    if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW &&
        sqlite3_column_type(st, 0) != SQLITE_NULL)
        v = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return v;
}

static char *q_text(sqlite3 *db, const char *sql)
{
    sqlite3_stmt *st = NULL;
    char *v = NULL;
    if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW &&
        sqlite3_column_type(st, 0) != SQLITE_NULL)
        v = strdup((const char *)sqlite3_column_text(st, 0));
    sqlite3_finalize(st);
    return v;
}

/* Rows of `output` committed in the file so far; -1 while it cannot be
 * read (not created yet). */
static long long committed_output_rows(const char *path)
{
    sqlite3 *db = NULL;
    long long n = -1;
    if (access(path, F_OK) == 0 &&
        sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK) {
        sqlite3_busy_timeout(db, 1000);
        n = q_int(db, "SELECT count(*) FROM output");
    }
    sqlite3_close(db);
    return n;
}

/* Waits (polling the file, not the clock) until `path` holds at least
 * `rows` output rows; 0, or -1 if wsim ended first. */
static int wait_for_rows(pid_t pid, const char *path, long long rows)
{
    for (;;) {
        if (committed_output_rows(path) >= rows)
            return 0;
        int status;
        if (waitpid(pid, &status, WNOHANG) == pid) {
            fprintf(stderr, "wsim ended (status 0x%x) before %s held %lld rows\n", (unsigned)status,
                    path, rows);
            return -1;
        }
        struct timespec pause = {0, 5 * 1000 * 1000};
        nanosleep(&pause, NULL);
    }
}

/* Checks the trace at `cut` against the complete run's at `full`: it
 * passes integrity_check, its calls and output are exactly the full run's
 * rows up to its last record.  Returns that last record's seq. */
static long long check_prefix(const char *cut, const char *full, long long min_output_rows)
{
    sqlite3 *db = NULL;
    CHECK_INT_EQ(sqlite3_open_v2(cut, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
    char *verdict = q_text(db, "PRAGMA integrity_check");
    CHECK_STR_EQ(verdict, "ok");
    free(verdict);
    long long rows = q_int(db, "SELECT count(*) FROM output");
    CHECK(rows >= min_output_rows);
    long long last = q_int(db, "SELECT max(m) FROM (SELECT max(seq) AS m FROM output"
                               " UNION ALL SELECT max(seq) FROM calls)");
    char *attach = sqlite3_mprintf("ATTACH %Q AS full", full);
    CHECK_INT_EQ(sqlite3_exec(db, attach, NULL, NULL, NULL), SQLITE_OK);
    sqlite3_free(attach);
    static const char *const tables[] = {"output", "calls"};
    for (int i = 0; i < 2; i++) {
        char *sql = sqlite3_mprintf("SELECT count(*) FROM (SELECT * FROM main.%s EXCEPT"
                                    " SELECT * FROM full.%s WHERE seq <= %lld)",
                                    tables[i], tables[i], last);
        long long extra = q_int(db, sql);
        sqlite3_free(sql);
        sql = sqlite3_mprintf("SELECT count(*) FROM (SELECT * FROM full.%s WHERE seq <= %lld"
                              " EXCEPT SELECT * FROM main.%s)",
                              tables[i], last, tables[i]);
        long long missing = q_int(db, sql);
        sqlite3_free(sql);
        if (extra != 0 || missing != 0)
            fprintf(stderr, "table %s: %lld rows not in the complete run, %lld of its rows up to"
                            " seq %lld missing\n", tables[i], extra, missing, last);
        CHECK_INT_EQ(extra, 0);
        CHECK_INT_EQ(missing, 0);
    }
    sqlite3_close(db);
    return last;
}

/* `wsim trace summary PATH` says the trace was cut at record `last`. */
static void check_summary_says_cut(const char *tmp, const char *path, long long last)
{
    char *cmd = fmt("'%s' trace summary '%s' > '%s/summary.txt' 2>&1", wsim_path, path, tmp);
    int rc = system(cmd);
    CHECK_INT_EQ(rc, 0);
    char *out_path = fmt("%s/summary.txt", tmp);
    char *text = read_file(out_path);
    char *expected = fmt("run: cut at record %lld ", last);
    CHECK_CONTAINS(text, expected);
    free(expected);
    free(text);
    free(out_path);
    free(cmd);
}

/* The complete run: the same program, ended by a stop time.  Stopping it
 * (or killing another run) changes nothing before the stop. */
static char *complete_run(const char *tmp, const char *args, const char *stop_time)
{
    char *scenario = scenario_with(tmp, "full.json", args, stop_time);
    char *trace = fmt("%s/full.wsimtrace", tmp);
    pid_t pid = start_wsim(tmp, scenario, trace, NULL);
    int status = wait_for(pid);
    CHECK(WIFEXITED(status));
    free(scenario);
    return trace;
}

/* `wsim replay PATH` checks the cut trace's events against a new run of
 * its scenario: exit 0, reproduced up to the cut. */
static void check_replay_of_cut(const char *tmp, const char *path)
{
    char *cmd = fmt("'%s' replay '%s' > '%s/replay.txt' 2>&1", wsim_path, path, tmp);
    int rc = system(cmd);
    CHECK(WIFEXITED(rc) && WEXITSTATUS(rc) == 0);
    char *out_path = fmt("%s/replay.txt", tmp);
    char *text = read_file(out_path);
    CHECK_CONTAINS(text, "up to where it was cut");
    free(text);
    free(out_path);
    free(cmd);
}

/* Runs print_lines.c with args (and budgets), waits until its partial
 * trace holds wait_rows committed output rows, sends `sig`, and checks
 * what is left against a complete run of full_args (or args):
 *   SIGKILL: "<trace>.partial" only, no end row, "cut at record N";
 *   SIGINT, SIGTERM: the trace in place, ended `interrupted`, exit 3.
 * With budgets, the cut trace is also replayed. */
static void stop_case(int sig, long long wait_rows, const char *args, const char *full_args,
                      const char *budgets)
{
    char *tmp = make_temp_dir();
    setenv("WSIM_TRACE_COMMIT_MS", "20", 1);
    char *scenario = scenario_of(tmp, "cut.json", "print_lines.c", args, "100000s",
                                 budgets ? budgets : "");
    char *trace = fmt("%s/cut.wsimtrace", tmp);
    char *partial = fmt("%s.partial", trace);
    pid_t pid = start_wsim(tmp, scenario, trace, NULL);
    int ok = wait_for_rows(pid, partial, wait_rows) == 0;
    CHECK(ok);
    kill(pid, sig);
    int status = wait_for(pid);
    int ended_as_expected = sig == SIGKILL ? WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL
                                           : WIFEXITED(status) && WEXITSTATUS(status) == 3;
    CHECK(ended_as_expected);
    /* What is left: the partial file after a kill, the trace otherwise. */
    const char *left = sig == SIGKILL ? partial : trace;
    if (!ok || !ended_as_expected) {
        show_output(tmp);
    } else {
        CHECK(access(sig == SIGKILL ? trace : partial, F_OK) != 0);
        sqlite3 *db = NULL;
        CHECK_INT_EQ(sqlite3_open_v2(left, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
        char *reason = q_text(db, "SELECT value FROM meta WHERE key = 'end_reason'");
        char *exit_status = q_text(db, "SELECT value FROM meta WHERE key = 'exit_status'");
        if (sig == SIGKILL) {
            CHECK(reason == NULL);   /* no end row: cut */
        } else {
            CHECK_STR_EQ(reason, "interrupted");
            CHECK_STR_EQ(exit_status, "3");
        }
        free(reason);
        free(exit_status);
        /* The complete run reaches past the cut: 1 ms of virtual time per
         * line, so the cut's last line's time plus a second. */
        long long last_ns = q_int(db, "SELECT max(time_ns) FROM output");
        sqlite3_close(db);
        char *stop = fmt("%lldms", last_ns / 1000000 + 1000);
        char *full = complete_run(tmp, full_args ? full_args : args, stop);
        long long last = check_prefix(left, full, wait_rows);
        if (sig == SIGKILL)
            check_summary_says_cut(tmp, partial, last);
        if (budgets)
            check_replay_of_cut(tmp, left);
        free(stop);
        free(full);
    }
    free(scenario);
    free(trace);
    free(partial);
    remove_temp_dir(tmp);
}

/* 100 lines, then a runaway: fewer records than one batch, so only the
 * commit interval puts them in the file.  The complete run prints the
 * same 100 lines and returns.  The cut trace replays: the new run ends at
 * the runaway's CPU budget (2 s of CPU, far more than the child gets
 * before the kill, which follows its 100 lines at once). */
static void test_kill_few(void)
{
    _Static_assert(2 * 100 + 10 < WSIM_RECORDER_BATCH, "the case must stay below one batch");
    stop_case(SIGKILL, 100, "\"100\", \"spin\"", "\"100\", \"return\"",
              "\"cpu_without_yield\": \"2s\"");
}

/* Lines without end: several batches committed before the kill. */
static void test_kill_many(void)
{
    stop_case(SIGKILL, 3 * WSIM_RECORDER_BATCH, "\"0\"", NULL, NULL);
}

static void test_sigint(void)
{
    stop_case(SIGINT, 2 * WSIM_RECORDER_BATCH, "\"0\"", NULL, NULL);
}

static void test_sigterm(void)
{
    stop_case(SIGTERM, 2 * WSIM_RECORDER_BATCH, "\"0\"", NULL, NULL);
}

/* wsim run … --trace TARGET: refused (exit 2, message naming TARGET) and
 * TARGET left as it was. */
static void check_refused(const char *tmp, const char *scenario, const char *target)
{
    pid_t pid = start_wsim(tmp, scenario, target, NULL);
    int status = wait_for(pid);
    CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 2);
    char *out_path = fmt("%s/wsim.out", tmp);
    char *text = read_file(out_path);
    CHECK_CONTAINS(text, target);
    CHECK_CONTAINS(text, "refusing to replace it");
    free(text);
    free(out_path);
}

static void test_refuse(void)
{
    char *tmp = make_temp_dir();
    char *scenario = scenario_with(tmp, "run.json", "\"1\"", "10s");
    char *before = read_file(scenario);

    check_refused(tmp, scenario, scenario);
    char *after = read_file(scenario);
    CHECK_STR_EQ(after, before);
    free(after);

    char *source = fmt("%s/program.c", tmp);
    write_file(source, "int main(void) { return 0; }\n");
    check_refused(tmp, scenario, source);
    char *kept = read_file(source);
    CHECK_STR_EQ(kept, "int main(void) { return 0; }\n");
    free(kept);

    /* A trace may be replaced; --force replaces anything. */
    char *trace = fmt("%s/run.wsimtrace", tmp);
    for (int i = 0; i < 2; i++) {
        pid_t pid = start_wsim(tmp, scenario, trace, NULL);
        int status = wait_for(pid);
        CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0);
    }
    pid_t pid = start_wsim(tmp, scenario, source, "--force");
    int status = wait_for(pid);
    CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0);
    kept = read_file(source);
    CHECK(kept && strncmp(kept, "SQLite format 3", 15) == 0);
    free(kept);

    free(trace);
    free(source);
    free(before);
    free(scenario);
    remove_temp_dir(tmp);
}

/* A device node of our own (the numbers of /dev/null, in the test's
 * folder, never a real /dev entry); only root may make one. */
static void test_refuse_device(void)
{
    char *tmp = make_temp_dir();
    char *scenario = scenario_with(tmp, "run.json", "\"1\"", "10s");
    char *device = fmt("%s/device", tmp);
    if (mknod(device, S_IFCHR | 0600, makedev(1, 3)) != 0) {
        fprintf(stderr, "skipped: mknod: %s (needs root)\n", strerror(errno));
        free(device);
        free(scenario);
        remove_temp_dir(tmp);
        exit(WSIM_TEST_SKIP);
    }
    check_refused(tmp, scenario, device);
    struct stat sb;
    CHECK_INT_EQ(lstat(device, &sb), 0);
    CHECK(S_ISCHR(sb.st_mode));
    CHECK_INT_EQ(major(sb.st_rdev), 1);
    CHECK_INT_EQ(minor(sb.st_rdev), 3);
    free(device);
    free(scenario);
    remove_temp_dir(tmp);
}

/* A full disk, made with a file-size limit (RLIMIT_FSIZE, SIGXFSZ
 * ignored so writes fail with EFBIG): a clean stop, exit 1, the partial
 * file kept as of its last commit, a prefix of the complete run. */
static void test_disk_full(void)
{
    char *tmp = make_temp_dir();
    char *scenario = scenario_with(tmp, "cut.json", "\"0\"", "100000s");
    char *trace = fmt("%s/cut.wsimtrace", tmp);
    char *partial = fmt("%s.partial", trace);
    /* 4 MiB (ulimit -f counts 512-byte blocks): room for the module wsim
     * compiles and a few batches of rows. */
    char *cmd = fmt("trap '' XFSZ; ulimit -f 8192 && exec '%s' run '%s' --quiet --trace '%s'"
                    " > '%s/wsim.out' 2>&1", wsim_path, scenario, trace, tmp);
    int status = system(cmd);
    CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 1);
    char *out_path = fmt("%s/wsim.out", tmp);
    char *text = read_file(out_path);
    CHECK_CONTAINS(text, "cannot write the trace");
    CHECK_CONTAINS(text, "keeps the trace up to record");
    free(text);
    free(out_path);
    CHECK(access(trace, F_OK) != 0);
    if (access(partial, F_OK) == 0) {
        sqlite3 *db = NULL;
        CHECK_INT_EQ(sqlite3_open_v2(partial, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
        long long last_ns = q_int(db, "SELECT max(time_ns) FROM output");
        sqlite3_close(db);
        char *stop = fmt("%lldms", last_ns / 1000000 + 1000);
        char *full = complete_run(tmp, "\"0\"", stop);
        long long last = check_prefix(partial, full, WSIM_RECORDER_BATCH / 2);
        check_summary_says_cut(tmp, partial, last);
        free(stop);
        free(full);
    } else {
        CHECK(!"the partial trace is kept");
        show_output(tmp);
    }
    free(cmd);
    free(scenario);
    free(trace);
    free(partial);
    remove_temp_dir(tmp);
}

/* ---- budgets ---------------------------------------------------------------- */

/* Runs PROGRAM with args and budgets to its end; checks the exit status,
 * that the trace opens, passes integrity_check and ends with `reason`
 * naming `budget`; returns the trace (open) for more checks. */
static sqlite3 *run_to_budget(const char *tmp, const char *program, const char *args,
                              const char *budgets, int exit_status, const char *reason,
                              const char *budget)
{
    char *scenario = scenario_of(tmp, "budget.json", program, args, "100000s", budgets);
    char *trace = fmt("%s/budget.wsimtrace", tmp);
    pid_t pid = start_wsim(tmp, scenario, trace, NULL);
    int status = wait_for(pid);
    CHECK(WIFEXITED(status) && WEXITSTATUS(status) == exit_status);
    if (!WIFEXITED(status) || WEXITSTATUS(status) != exit_status)
        show_output(tmp);
    sqlite3 *db = NULL;
    CHECK_INT_EQ(sqlite3_open_v2(trace, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
    char *verdict = q_text(db, "PRAGMA integrity_check");
    CHECK_STR_EQ(verdict, "ok");
    free(verdict);
    char *got = q_text(db, "SELECT value FROM meta WHERE key = 'end_reason'");
    CHECK_STR_EQ(got, reason);
    free(got);
    char *detail = q_text(db, "SELECT value FROM meta WHERE key = 'end_detail'");
    char *expected = fmt("budget %s (", budget);
    CHECK_CONTAINS(detail, expected);
    if (strcmp(budget, "wall_clock") != 0)
        CHECK_CONTAINS(detail, "by host h, process 0");
    free(expected);
    free(detail);
    free(scenario);
    free(trace);
    return db;
}

/* An output row "<prefix>I" for every I below n, in order. */
static void check_lines(sqlite3 *db, const char *prefix, long long n)
{
    CHECK_INT_EQ(q_int(db, "SELECT count(*) FROM output"), n);
    char *sql = sqlite3_mprintf("SELECT count(*) FROM (SELECT line, row_number() OVER (ORDER BY seq)"
                                " - 1 AS i FROM output) WHERE line = %Q || i", prefix);
    CHECK_INT_EQ(q_int(db, sql), n);
    sqlite3_free(sql);
}

/* A program that prints 5 lines and then never yields: stopped once it
 * has spent cpu_without_yield, with the 5 lines kept. */
static void test_budget_cpu(void)
{
    char *tmp = make_temp_dir();
    sqlite3 *db = run_to_budget(tmp, "print_lines.c", "\"5\", \"spin\"",
                                "\"cpu_without_yield\": \"200ms\"", 1, "budget",
                                "cpu_without_yield");
    check_lines(db, "line ", 5);
    char *how = q_text(db, "SELECT exit_how FROM programs WHERE process = 0");
    CHECK_STR_EQ(how, "budget");
    free(how);
    sqlite3_close(db);
    remove_temp_dir(tmp);
}

/* 16 MiB pieces against a budget of 64 MiB and a kibibyte (for the few
 * bytes the runtime allocates for the program: its argv): four pieces fit,
 * the fifth stops the run. */
static void test_budget_memory(void)
{
    char *tmp = make_temp_dir();
    sqlite3 *db = run_to_budget(tmp, "touch_memory.c", "", "\"memory_per_program\": \"65537KiB\"",
                                1, "budget", "memory_per_program");
    check_lines(db, "piece ", 64 / 16);
    sqlite3_close(db);
    db = run_to_budget(tmp, "touch_memory.c", "", "\"memory_per_run\": \"40MiB\"", 1, "budget",
                       "memory_per_run");
    check_lines(db, "piece ", 40 / 16);
    sqlite3_close(db);
    remove_temp_dir(tmp);
}

/* Lines without end against 1000 bytes of output: every line is written
 * whole (stdout is line-buffered), so the run stops at the first line that
 * would pass 1000 bytes. */
static void test_budget_output(void)
{
    char *tmp = make_temp_dir();
    sqlite3 *db = run_to_budget(tmp, "print_lines.c", "\"0\"",
                                "\"output_per_program\": \"1000B\"", 1, "budget",
                                "output_per_program");
    long long bytes = 0, lines = 0;
    for (;; lines++) {
        char line[32];
        long long n = snprintf(line, sizeof line, "line %lld\n", lines);
        if (bytes + n > 1000)
            break;
        bytes += n;
    }
    check_lines(db, "line ", lines);
    sqlite3_close(db);
    remove_temp_dir(tmp);
}

/* The trace budget stops the run on a record; what came before is kept. */
static void test_budget_trace(void)
{
    char *tmp = make_temp_dir();
    sqlite3 *db = run_to_budget(tmp, "print_lines.c", "\"0\"", "\"trace\": \"100KiB\"", 1,
                                "budget", "trace");
    long long rows = q_int(db, "SELECT count(*) FROM output");
    /* Each line costs at least 64 bytes of its record: fewer than
     * 100 KiB / 64 lines, and some were taken in. */
    CHECK(rows > 0 && rows < 100 * 1024 / 64);
    sqlite3_close(db);
    remove_temp_dir(tmp);
}

/* The wall-clock budget: a runaway the CPU budget would let run for an
 * hour is stopped, the run reported inconclusive (exit 3). */
static void test_budget_wall_clock(void)
{
    char *tmp = make_temp_dir();
    sqlite3 *db = run_to_budget(tmp, "print_lines.c", "\"5\", \"spin\"",
                                "\"cpu_without_yield\": \"3600s\", \"wall_clock\": \"300ms\"",
                                3, "wall-clock", "wall_clock");
    check_lines(db, "line ", 5);
    sqlite3_close(db);
    remove_temp_dir(tmp);
}

static const struct {
    const char *name;
    void (*run)(void);
} cases[] = {
    {"budget_cpu", test_budget_cpu},
    {"budget_memory", test_budget_memory},
    {"budget_output", test_budget_output},
    {"budget_trace", test_budget_trace},
    {"budget_wall_clock", test_budget_wall_clock},
    {"disk_full", test_disk_full},
    {"kill_few", test_kill_few},
    {"kill_many", test_kill_many},
    {"sigint", test_sigint},
    {"sigterm", test_sigterm},
    {"refuse", test_refuse},
    {"refuse_device", test_refuse_device},
};

static const char *option(int argc, char **argv, const char *key)
{
    size_t n = strlen(key);
    for (int i = 2; i < argc; i++)
        if (strncmp(argv[i], key, n) == 0 && argv[i][n] == '=')
            return argv[i] + n + 1;
    return NULL;
}

int main(int argc, char **argv)
{
    wsim_path = option(argc, argv, "wsim");
    src_dir = option(argc, argv, "src");
    if (argc < 2 || !wsim_path || !src_dir) {
        fprintf(stderr, "usage: test_survival CASE wsim=PATH src=DIR\n");
        return 2;
    }
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        if (strcmp(argv[1], cases[i].name) == 0) {
            cases[i].run();
            return wsim_check_exit_code();
        }
    }
    fprintf(stderr, "unknown case %s\n", argv[1]);
    return 2;
}
