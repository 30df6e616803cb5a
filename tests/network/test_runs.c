/* test_runs.c — whole runs with an impaired, faulty network: determinism
 * (in-process through the embedding API, and through the wsim command with
 * `wsim trace compare`), and the example scenarios of scenarios/examples
 * run end to end.
 *
 * Usage: network_runs CASE wsim=PATH src=DIR
 *   wsim  the wsim binary
 *   src   the source tree (scenarios/examples, tests/network/scenarios)
 *
 * Each wsim run happens in a fresh folder made with mkdtemp, with its
 * output in a file there; the folder is removed afterwards.  Expected values
 * come from the scenarios and the example programs' sources.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <spawn.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "tests/support/cases.h"

#define MS 1000000LL

extern char **environ;

static const char *wsim_path, *src_dir;
static char *tmp_dir;

/* ---- running wsim ---------------------------------------------------------- */

static char *path_in(const char *dir, const char *name)
{
    char *p = NULL;
    if (asprintf(&p, "%s/%s", dir, name) < 0)
        abort();
    return p;
}

/* Runs wsim with args in tmp_dir; returns its exit code (-1: killed) and
 * its stdout and stderr (together) in *output (freed by the caller). */
static int run_wsim(char *const args[], char **output)
{
    char *log = path_in(tmp_dir, "output.txt");
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_addopen(&fa, 1, log, O_WRONLY | O_CREAT | O_TRUNC, 0600);
    posix_spawn_file_actions_adddup2(&fa, 1, 2);
    char *argv[16];
    int n = 0;
    argv[n++] = (char *)wsim_path;
    for (int i = 0; args[i] && n < 15; i++)
        argv[n++] = args[i];
    argv[n] = NULL;
    char old[4096];
    pid_t pid;
    int rc = -1;
    if (getcwd(old, sizeof old) && chdir(tmp_dir) == 0) {
        rc = posix_spawn(&pid, wsim_path, &fa, NULL, argv, environ);
        if (chdir(old) != 0)
            abort();
    }
    posix_spawn_file_actions_destroy(&fa);
    int status = 0, code = -1;
    if (rc == 0 && waitpid(pid, &status, 0) == pid && WIFEXITED(status))
        code = WEXITSTATUS(status);
    FILE *f = fopen(log, "r");
    size_t size = 0;
    *output = NULL;
    if (f) {
        FILE *mem = open_memstream(output, &size);
        int c;
        while ((c = fgetc(f)) != EOF)
            fputc(c, mem);
        fclose(mem);
        fclose(f);
    }
    unlink(log);
    free(log);
    if (!*output)
        *output = strdup("");
    return code;
}

/* Runs scenario (a path under src_dir) into trace (a file name in tmp_dir)
 * with extra arguments; returns the exit code and frees the output unless
 * asked for it. */
static int run_scenario(const char *scenario, const char *trace, const char *seed, char **output)
{
    char *scenario_path = path_in(src_dir, scenario);
    char *trace_path = path_in(tmp_dir, trace);
    char *args[] = {"run", scenario_path, "--trace", trace_path, "--quiet",
                    seed ? "--seed" : NULL, (char *)seed, NULL};
    char *out;
    int code = run_wsim(args, &out);
    if (code != 0)
        fprintf(stderr, "wsim run %s:\n%s\n", scenario, out);
    if (output)
        *output = out;
    else
        free(out);
    free(scenario_path);
    free(trace_path);
    return code;
}

static sqlite3 *open_trace(const char *trace)
{
    char *path = path_in(tmp_dir, trace);
    sqlite3 *db = NULL;
    if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK) {
        fprintf(stderr, "cannot open %s\n", path);
        wsim_check_failures++;
    }
    free(path);
    return db;
}

/* The first column of the first row of sql, as an integer (-1: none). */
static long long q_int(sqlite3 *db, const char *sql)
{
    sqlite3_stmt *st = NULL;
    long long v = -1;
    if (db && sqlite3_prepare_v2(db, sql, -1, &st, NULL) == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW)
        v = sqlite3_column_int64(st, 0);
    else
        fprintf(stderr, "query failed: %s: %s\n", sql, db ? sqlite3_errmsg(db) : "no trace");
    sqlite3_finalize(st);
    return v;
}

/* runs_inproc.c: the in-process half of determinism_with_faults (Winsock
 * programs, kept apart from this file's POSIX headers); returns the number
 * of failed checks. */
int determinism_in_process(void);

static void case_determinism_with_faults(void)
{
    /* In-process: runs_inproc.c. */
    wsim_check_failures += determinism_in_process();

    /* Through the wsim command: two runs of a scenario with loss, jitter,
     * duplication, reordering and a partition write equal traces; another
     * seed does not. */
    const char *scenario = "tests/network/scenarios/faults.json";
    CHECK_INT_EQ(run_scenario(scenario, "a.db", NULL, NULL), 0);
    CHECK_INT_EQ(run_scenario(scenario, "b.db", NULL, NULL), 0);
    CHECK_INT_EQ(run_scenario(scenario, "c.db", "2", NULL), 0);
    char *a = path_in(tmp_dir, "a.db"), *b = path_in(tmp_dir, "b.db"), *c = path_in(tmp_dir, "c.db");
    char *out;
    char *same[] = {"trace", "compare", a, b, NULL};
    CHECK_INT_EQ(run_wsim(same, &out), 0);
    CHECK_CONTAINS(out, "the traces are equal");
    free(out);
    char *differ[] = {"trace", "compare", a, c, NULL};
    CHECK_INT_EQ(run_wsim(differ, &out), 1);
    free(out);
    free(a);
    free(b);
    free(c);
    sqlite3 *db = open_trace("a.db");
    CHECK(q_int(db, "SELECT count(*) FROM segments WHERE event = 'drop' AND detail LIKE '% loss'") > 0);
    CHECK(q_int(db, "SELECT count(*) FROM segments WHERE event = 'drop' AND detail LIKE '% link-down'") > 0);
    CHECK_INT_EQ(q_int(db, "SELECT count(*) FROM faults"), 2);
    sqlite3_close(db);
}

/* ---- the examples ---------------------------------------------------------- */

/* The same programs as two-hosts.json across a router and a WAN that loses,
 * delays, duplicates and reorders: TCP recovers, and every byte arrives. */
static void case_example_lossy_wan(void)
{
    char *out;
    CHECK_INT_EQ(run_scenario("scenarios/examples/lossy-wan.json", "t.db", NULL, &out), 0);
    free(out);
    sqlite3 *db = open_trace("t.db");
    CHECK_INT_EQ(q_int(db, "SELECT count(*) FROM output WHERE line = 'Total received: 40960'"), 1);
    CHECK_INT_EQ(q_int(db, "SELECT count(*) FROM output WHERE line = 'Read 35 bytes from client'"), 1);
    /* Losses happened on the WAN, and the router forwarded. */
    CHECK(q_int(db, "SELECT count(*) FROM segments WHERE event = 'drop' AND detail LIKE '% loss'") > 0);
    CHECK(q_int(db, "SELECT count(*) FROM segments s JOIN hosts h ON s.host = h.host"
                    " WHERE h.name = 'router' AND s.event = 'forward'") > 0);
    sqlite3_close(db);
}

/* A partition cuts the WAN mid-transfer; nothing gets through until it
 * heals; then TCP's retransmissions deliver the rest. */
static void case_example_partition_heals(void)
{
    char *out;
    CHECK_INT_EQ(run_scenario("scenarios/examples/partition-heals.json", "t.db", NULL, &out), 0);
    free(out);
    sqlite3 *db = open_trace("t.db");
    CHECK_INT_EQ(q_int(db, "SELECT count(*) FROM output WHERE line = 'Total received: 40960'"), 1);
    CHECK_INT_EQ(q_int(db, "SELECT time_ns FROM faults WHERE kind = 'partition' AND target = 'cut [wan]'"),
                 20 * MS);
    CHECK_INT_EQ(q_int(db, "SELECT time_ns FROM faults WHERE kind = 'heal' AND target = 'cut [wan]'"),
                 1500 * MS);
    CHECK(q_int(db, "SELECT count(*) FROM segments WHERE event = 'drop' AND detail LIKE '% link-down'") > 0);
    /* No segment crossed the WAN between the partition and the heal. */
    CHECK_INT_EQ(q_int(db, "SELECT count(*) FROM segments s JOIN hosts h ON s.host = h.host"
                           " WHERE s.event = 'recv' AND h.name IN ('server', 'client')"
                           " AND s.time_ns > 20000000 + 6000000 AND s.time_ns < 1500000000"
                           " AND s.src_addr != s.dst_addr"), 0);
    CHECK(q_int(db, "SELECT time_ns FROM output WHERE line = 'Total received: 40960'") > 1500 * MS);
    sqlite3_close(db);
}

/* The server's host crashes while the server waits for its second client
 * and restarts: the new instance has fresh globals (it counts from 1
 * again) and serves the two clients that come after; the killed instance
 * does not make the run fail. */
static void case_example_crashing_server(void)
{
    char *out;
    CHECK_INT_EQ(run_scenario("scenarios/examples/crashing-server.json", "t.db", NULL, &out), 0);
    free(out);
    sqlite3 *db = open_trace("t.db");
    CHECK_INT_EQ(q_int(db, "SELECT count(*) FROM output WHERE line = 'served client 1'"), 2);
    CHECK_INT_EQ(q_int(db, "SELECT count(DISTINCT process) FROM output WHERE line = 'served client 1'"), 2);
    CHECK_INT_EQ(q_int(db, "SELECT count(*) FROM output WHERE line = 'served client 2'"), 1);
    CHECK_INT_EQ(q_int(db, "SELECT count(*) FROM output WHERE line = 'Connection closed'"), 3);
    CHECK_INT_EQ(q_int(db, "SELECT exit_ns FROM programs WHERE exit_how = 'host-crash'"), 100 * MS);
    CHECK_INT_EQ(q_int(db, "SELECT count(*) FROM programs WHERE module LIKE '%counting-server%'"), 2);
    CHECK_INT_EQ(q_int(db, "SELECT start_ns FROM programs WHERE module LIKE '%counting-server%'"
                           " AND process = 4"), 200 * MS);
    CHECK_INT_EQ(q_int(db, "SELECT count(*) FROM faults WHERE target = 'server' AND host = 0"), 2);
    CHECK_INT_EQ(q_int(db, "SELECT value FROM meta WHERE key = 'exit_status'"), 0);
    sqlite3_close(db);
}

/* ---- main -------------------------------------------------------------------- */

static void remove_dir(char *dir)
{
    DIR *d = opendir(dir);
    if (d) {
        struct dirent *e;
        while ((e = readdir(d)) != NULL) {
            if (strcmp(e->d_name, ".") && strcmp(e->d_name, "..")) {
                char *p = path_in(dir, e->d_name);
                unlink(p);
                free(p);
            }
        }
        closedir(d);
    }
    rmdir(dir);
    free(dir);
}

static const test_case cases[] = {
    {"determinism_with_faults", case_determinism_with_faults},
    {"example_lossy_wan", case_example_lossy_wan},
    {"example_partition_heals", case_example_partition_heals},
    {"example_crashing_server", case_example_crashing_server},
};

int main(int argc, char **argv)
{
    wsim_path = test_option(argc, argv, "wsim");
    src_dir = test_option(argc, argv, "src");
    if (argc >= 2 && (!wsim_path || !src_dir)) {
        fprintf(stderr, "usage: network_runs CASE wsim=PATH src=DIR\n");
        return 2;
    }
    tmp_dir = strdup("/tmp/wsim-network-test-XXXXXX");
    if (!tmp_dir || !mkdtemp(tmp_dir)) {
        fprintf(stderr, "mkdtemp: %s\n", strerror(errno));
        return 1;
    }
    int status = test_main(argc, argv, cases, sizeof cases / sizeof cases[0], NULL);
    remove_dir(tmp_dir);
    return status;
}
