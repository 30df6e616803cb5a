/* test_runs.c — the model rows run end to end through the wsim command.
 *
 *   contract_runs CASE wsim=PATH programs=DIR
 *
 * M01: a scenario's hosts, link, transport buffers, SO_MAX_MSG_SIZE and
 * timing shape the run: one scenario (written here) whose every number is
 * checked in the trace, times computed from its parameters and the
 * documented model (README "The model").
 *
 * M03: `wsim replay TRACE` runs the recorded run again from the scenario
 * text and seed in its meta table and checks it event by event: an
 * untouched trace is reproduced (exit 0); a trace whose events were changed
 * afterwards is not (exit 1, the first divergent event reported); bad input
 * is refused (exit 2).
 *
 * Each case works in a fresh folder under /tmp, removed at the end.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <inttypes.h>
#include <spawn.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "tests/support/cases.h"

extern char **environ;

static const char *wsim_path, *programs_dir;
static char tmp[] = "/tmp/wsim-contract-runs-XXXXXX";

/* ---- files and processes ------------------------------------------------------ */

static char *path_in(const char *dir, const char *name)
{
    static char buf[8][8192];
    static int next;
    char *p = buf[next++ % 8];
    char d[4096];
    snprintf(d, sizeof d, "%s", dir);   /* dir may be an earlier result */
    if ((size_t)snprintf(p, sizeof buf[0], "%s/%s", d, name) >= sizeof buf[0])
        abort();
    return p;
}

static char *slurp(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return strdup("");
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *text = calloc(1, (size_t)n + 1);
    if (text && fread(text, 1, (size_t)n, f) != (size_t)n)
        text[0] = '\0';
    fclose(f);
    return text;
}

static void write_file(const char *path, const char *text)
{
    FILE *f = fopen(path, "wb");
    if (!f || fputs(text, f) < 0 || fclose(f) != 0) {
        fprintf(stderr, "cannot write %s\n", path);
        exit(2);
    }
}

static void copy_file(const char *from, const char *to)
{
    FILE *f = fopen(to, "wb");
    size_t n = 0;
    FILE *src = fopen(from, "rb");
    char buf[65536];
    while (src && f && (n = fread(buf, 1, sizeof buf, src)) > 0)
        fwrite(buf, 1, n, f);
    if (src)
        fclose(src);
    if (f)
        fclose(f);
}

/* Runs wsim with args (NULL-terminated) in `cwd`, output (stdout and
 * stderr) into *output; returns its exit code. */
static int run_wsim(const char *cwd, char **output, const char *const *args)
{
    const char *argv[32];
    int n = 0;
    argv[n++] = wsim_path;
    for (; *args && n < 31; args++)
        argv[n++] = *args;
    argv[n] = NULL;
    char *log = path_in(tmp, "wsim.log");
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_addopen(&fa, STDOUT_FILENO, log, O_WRONLY | O_CREAT | O_TRUNC, 0600);
    posix_spawn_file_actions_adddup2(&fa, STDOUT_FILENO, STDERR_FILENO);
    char here[4096];
    if (!getcwd(here, sizeof here) || chdir(cwd) != 0) {
        fprintf(stderr, "cannot change to %s\n", cwd);
        exit(2);
    }
    pid_t pid;
    int rc = posix_spawn(&pid, wsim_path, &fa, NULL, (char *const *)argv, environ);
    if (chdir(here) != 0)
        exit(2);
    posix_spawn_file_actions_destroy(&fa);
    int status = 0;
    if (rc != 0 || waitpid(pid, &status, 0) != pid) {
        fprintf(stderr, "cannot run %s\n", wsim_path);
        exit(2);
    }
    *output = slurp(log);
    printf("$ wsim");
    for (int i = 1; argv[i]; i++)
        printf(" %s", argv[i]);
    printf("\n%s", *output);
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128;
}

static int remove_entry(const char *path, const struct stat *st, int type, struct FTW *ftw)
{
    (void)st, (void)ftw;
    return type == FTW_DP ? rmdir(path) : unlink(path);
}

/* ---- the trace ------------------------------------------------------------------ */

static sqlite3 *open_trace(const char *path)
{
    sqlite3 *db = NULL;
    if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK) {
        fprintf(stderr, "cannot open %s\n", path);
        exit(2);
    }
    return db;
}

/* The first column of the first row of sql, as an integer (-1: no row). */
static int64_t q_int(sqlite3 *db, const char *sql)
{
    sqlite3_stmt *st;
    int64_t v = -1;
    if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK) {
        fprintf(stderr, "%s: %s\n", sql, sqlite3_errmsg(db));
        wsim_check_failures++;
        return -1;
    }
    if (sqlite3_step(st) == SQLITE_ROW)
        v = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return v;
}

static void exec(sqlite3 *db, const char *sql)
{
    char *err = NULL;
    if (sqlite3_exec(db, sql, NULL, NULL, &err) != SQLITE_OK) {
        fprintf(stderr, "%s: %s\n", sql, err);
        wsim_check_failures++;
    }
    sqlite3_free(err);
}

/* ---- the M01 scenario ------------------------------------------------------------- */

/* Its parameters, which the expected values below are computed from. */
#define LINK_LATENCY_NS 7000000LL        /* "7ms" */
#define LINK_BPS 2000000LL               /* "2Mbit/s" */
#define TCP_MSS 1000
#define TCP_HEADER 40
#define TCP_SNDBUF 2000
#define UDP_MAX_PAYLOAD 65507            /* 65535 - 20 (IPv4) - 8 (UDP) */

static const char scenario[] =
    "{\n"
    "  \"seed\": 3,\n"
    "  \"stop_time\": \"10s\",\n"
    "  \"tcp\": { \"mss\": 1000, \"header_bytes\": 40, \"sndbuf\": 2000, \"rcvbuf\": 65536,\n"
    "           \"delayed_ack\": false, \"congestion_control\": false },\n"
    "  \"hosts\": [\n"
    "    { \"name\": \"alpha\", \"address\": \"10.0.0.1\",\n"
    "      \"programs\": [ { \"module\": \"m01_server.c\" } ] },\n"
    "    { \"name\": \"beta\", \"address\": \"10.0.0.2\",\n"
    "      \"programs\": [ { \"module\": \"m01_client.c\", \"start\": \"1ms\", \"args\": [\"alpha\"] } ] }\n"
    "  ],\n"
    "  \"links\": [ { \"between\": [\"alpha\", \"beta\"], \"latency\": \"7ms\", \"bandwidth\": \"2Mbit/s\","
    " \"queue\": 50 } ]\n"
    "}\n";

/* A packet with `payload` bytes on the link, rounded up to a nanosecond. */
static int64_t ser(int64_t payload)
{
    return ((payload + TCP_HEADER) * 8 * 1000000000LL + LINK_BPS - 1) / LINK_BPS;
}

/* Lays out the scenario and its programs in the temporary folder. */
static void lay_out(void)
{
    copy_file(path_in(programs_dir, "m01_server.c"), path_in(tmp, "m01_server.c"));
    copy_file(path_in(programs_dir, "m01_client.c"), path_in(tmp, "m01_client.c"));
    write_file(path_in(tmp, "m01.json"), scenario);
}

static int output_has(sqlite3 *db, const char *line)
{
    char sql[512];
    snprintf(sql, sizeof sql, "SELECT count(*) FROM output WHERE line = '%s'", line);
    return q_int(db, sql) == 1;
}

static void test_M01(void)
{
    lay_out();
    char *out;
    const char *args[] = {"run", "m01.json", "--trace", "m01.db", "--quiet", NULL};
    CHECK_INT_EQ(run_wsim(tmp, &out, args), 0);
    free(out);
    sqlite3 *db = open_trace(path_in(tmp, "m01.db"));
    /* Hosts: names and addresses; the client found the server by name. */
    CHECK_INT_EQ(q_int(db, "SELECT count(*) FROM hosts WHERE name = 'alpha' AND address = '10.0.0.1'"), 1);
    CHECK_INT_EQ(q_int(db, "SELECT count(*) FROM hosts WHERE name = 'beta' AND address = '10.0.0.2'"), 1);
    /* Buffers: SO_SNDBUF is the scenario's; SO_MAX_MSG_SIZE the UDP
     * maximum, and one byte more is refused with nothing transmitted (S15). */
    CHECK(output_has(db, "sndbuf 2000"));
    char line[64];
    snprintf(line, sizeof line, "max_msg_size %d", UDP_MAX_PAYLOAD);
    CHECK(output_has(db, line));
    CHECK(output_has(db, "too big: -1 10040"));
    CHECK_INT_EQ(q_int(db, "SELECT count(*) FROM segments WHERE dst_port = 9"), 0);
    CHECK(output_has(db, "sent 3000 1000"));
    CHECK(output_has(db, "received 4000"));
    /* The link and the MSS: four 1000-byte segments from beta. */
    CHECK_INT_EQ(q_int(db, "SELECT count(*) FROM segments WHERE event = 'send' AND "
                           "src_addr = '10.0.0.2' AND len > 0"), 4);
    CHECK_INT_EQ(q_int(db, "SELECT max(len) FROM segments WHERE src_addr = '10.0.0.2'"), TCP_MSS);
    /* Timing.  The first send (3000 bytes, queue empty) is taken at once
     * and leaves as three segments back to back.  The second (1000) waits
     * until the queue falls below SO_SNDBUF (2000): when the second
     * segment's ACK is back, ACKs being immediate (delayed_ack false).  Its
     * segment then crosses the idle link and reaches alpha's transport. */
    int64_t t0 = q_int(db, "SELECT time_ns FROM calls WHERE function = 'send' ORDER BY seq LIMIT 1");
    int64_t start0 = q_int(db, "SELECT start_ns FROM calls WHERE function = 'send' ORDER BY seq LIMIT 1");
    int64_t start1 = q_int(db, "SELECT start_ns FROM calls WHERE function = 'send' ORDER BY seq LIMIT 1 OFFSET 1");
    int64_t t1 = q_int(db, "SELECT time_ns FROM calls WHERE function = 'send' ORDER BY seq LIMIT 1 OFFSET 1");
    int64_t got = q_int(db, "SELECT max(time_ns) FROM segments WHERE event = 'recv' AND "
                            "dst_addr = '10.0.0.1' AND len > 0");
    CHECK_INT_EQ(start0, t0);
    CHECK_INT_EQ(start1, t0);
    CHECK_INT_EQ(t1, t0 + 2 * ser(TCP_MSS) + 2 * LINK_LATENCY_NS + ser(0));
    CHECK_INT_EQ(got, t0 + 3 * ser(TCP_MSS) + 3 * LINK_LATENCY_NS + ser(0));
    sqlite3_close(db);
}

/* ---- M03 ------------------------------------------------------------------------------ */

/* Runs the scenario with --seed 42 (not the text's 3) into m03.db. */
static void record_run(void)
{
    lay_out();
    char *out;
    const char *args[] = {"run", "m01.json", "--seed", "42", "--trace", "m03.db", "--quiet", NULL};
    CHECK_INT_EQ(run_wsim(tmp, &out, args), 0);
    free(out);
}

static void test_M03_reproduces(void)
{
    record_run();
    char *out;
    const char *replay[] = {"replay", "m03.db", NULL};
    CHECK_INT_EQ(run_wsim(tmp, &out, replay), 0);
    CHECK_CONTAINS(out, "replay reproduces m03.db");
    free(out);
    /* The replay's own trace, kept, equals the recorded one. */
    const char *keep[] = {"replay", "m03.db", "--trace", "again.db", NULL};
    CHECK_INT_EQ(run_wsim(tmp, &out, keep), 0);
    free(out);
    const char *compare[] = {"trace", "compare", "m03.db", "again.db", NULL};
    CHECK_INT_EQ(run_wsim(tmp, &out, compare), 0);
    free(out);
    /* A trace elsewhere: the modules are found with --dir, and not without. */
    char *elsewhere = path_in(tmp, "elsewhere");
    mkdir(elsewhere, 0700);
    copy_file(path_in(tmp, "m03.db"), path_in(elsewhere, "m03.db"));
    const char *with_dir[] = {"replay", "m03.db", "--dir", tmp, NULL};
    CHECK_INT_EQ(run_wsim(elsewhere, &out, with_dir), 0);
    free(out);
    const char *without[] = {"replay", "m03.db", NULL};
    CHECK_INT_EQ(run_wsim(elsewhere, &out, without), 2);
    CHECK_CONTAINS(out, "--dir");
    free(out);
}

/* Copies the recorded trace, changes it with sql, and replays the copy:
 * exit 1, the report naming the first divergent event. */
static void check_diverges(const char *name, const char *sql, const char *expected)
{
    copy_file(path_in(tmp, "m03.db"), path_in(tmp, name));
    sqlite3 *db = open_trace(path_in(tmp, name));
    exec(db, sql);
    sqlite3_close(db);
    char *out;
    const char *args[] = {"replay", name, NULL};
    CHECK_INT_EQ(run_wsim(tmp, &out, args), 1);
    CHECK_CONTAINS(out, "replay diverges from");
    if (expected)
        CHECK_CONTAINS(out, expected);
    free(out);
}

static void test_M03_divergence(void)
{
    record_run();
    sqlite3 *db = open_trace(path_in(tmp, "m03.db"));
    int64_t send_seq = q_int(db, "SELECT seq FROM calls WHERE function = 'send' ORDER BY seq LIMIT 1");
    int64_t seg_seq = q_int(db, "SELECT seq FROM segments WHERE len > 0 ORDER BY seq LIMIT 1");
    sqlite3_close(db);
    char sql[256], seq_text[64];
    /* A call's return value. */
    snprintf(sql, sizeof sql, "UPDATE calls SET ret = ret + 1 WHERE seq = %" PRId64, send_seq);
    snprintf(seq_text, sizeof seq_text, "seq=%" PRId64 " ", send_seq);
    check_diverges("ret.db", sql, seq_text);
    /* A packet's time. */
    snprintf(sql, sizeof sql, "UPDATE segments SET time_ns = time_ns + 1 WHERE seq = %" PRId64, seg_seq);
    snprintf(seq_text, sizeof seq_text, "seq=%" PRId64 " ", seg_seq);
    check_diverges("segment.db", sql, seq_text);
    /* A line of output gone: the replay has an event the trace lacks. */
    check_diverges("short.db", "DELETE FROM output WHERE seq = (SELECT max(seq) FROM output)",
                   "first divergent event");
    /* Another seed: another run (the initial sequence numbers differ). */
    check_diverges("seed.db", "UPDATE meta SET value = '43' WHERE key = 'seed'",
                   "first divergent event");
    /* Not a trace, and no such file: refused. */
    write_file(path_in(tmp, "not-a-trace.db"), "hello\n");
    char *out;
    const char *bad[] = {"replay", "not-a-trace.db", NULL};
    CHECK_INT_EQ(run_wsim(tmp, &out, bad), 2);
    free(out);
    const char *missing[] = {"replay", "missing.db", NULL};
    CHECK_INT_EQ(run_wsim(tmp, &out, missing), 2);
    free(out);
    const char *none[] = {"replay", NULL};
    CHECK_INT_EQ(run_wsim(tmp, &out, none), 2);
    free(out);
}

static const test_case cases[] = {
    {"M01_parameters_shape_the_run", test_M01},
    {"M03_replay_reproduces", test_M03_reproduces},
    {"M03_replay_reports_divergence", test_M03_divergence},
};

int main(int argc, char **argv)
{
    wsim_path = test_option(argc, argv, "wsim");
    programs_dir = test_option(argc, argv, "programs");
    if (argc >= 2 && (!wsim_path || !programs_dir)) {
        fprintf(stderr, "usage: contract_runs CASE wsim=PATH programs=DIR\n");
        return 2;
    }
    if (!mkdtemp(tmp)) {
        perror("mkdtemp");
        return 2;
    }
    int status = test_main(argc, argv, cases, sizeof cases / sizeof cases[0], NULL);
    nftw(tmp, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
    return status;
}
