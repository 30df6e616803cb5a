/* sweep.c — `wsim sweep SCENARIO --seeds A..B`: every seed in a worker
 * process of its own, judged by the rules of `wsim run` (verdict.h).
 *
 *   parent                                   worker (fork), one per seed
 *   ------                                   ---------------------------
 *   load the scenario, build its modules     stdout/stderr → OUT/seed-N.log
 *   into the cache once (module_cache.h)     wsim_run(scenario, --seed N,
 *   keep up to --jobs workers running          trace OUT/seed-N.wsimtrace)
 *   read each one's verdict line from its    judge the trace, write one
 *   pipe; a worker that dies without one       line: outcome, end, events,
 *   is a "crash" of that seed                  reason; drop the trace and
 *   progress on a terminal, plain lines        log of a passing seed
 *   otherwise; the failure table; the          unless --keep-traces
 *   summary database (sweep.h)
 *
 * A crash of a program, of the simulation, or of the worker itself costs
 * one seed, never the sweep.  Wall-clock time appears only in the progress
 * line, the table's footer and seeds.wall_ms: never in a trace.
 */
#define _GNU_SOURCE
#include "tools/sweep.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <signal.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "tools/config.h"
#include "tools/module_cache.h"
#include "tools/options.h"
#include "tools/tool.h"
#include "tools/verdict.h"

typedef struct seed_result {
    uint64_t seed;
    wsim_outcome outcome;
    char reason[768];
    int64_t end_ns, events;
    double wall_ms;
    int trace_kept;
} seed_result;

typedef struct worker_slot {
    pid_t pid;
    int fd;
    size_t index;
    struct timespec start;
} worker_slot;

typedef struct sweep_options {
    const char *scenario_path;
    uint64_t first, last;
    unsigned jobs;
    unsigned shard, shards;   /* 1-based shard of shards; 1/1 when not sharded */
    const char *out_dir;
    int keep_traces;
} sweep_options;

static double seconds_since(const struct timespec *t0)
{
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (double)(now.tv_sec - t0->tv_sec) + (double)(now.tv_nsec - t0->tv_nsec) / 1e9;
}

/* ---- the command line -------------------------------------------------------- */

static int parse_u64(const char *text, uint64_t *out)
{
    if (!text || !*text || *text == '-' || *text == '+')
        return -1;
    char *end;
    errno = 0;
    unsigned long long v = strtoull(text, &end, 10);
    if (errno || *end)
        return -1;
    *out = v;
    return 0;
}

/* "A..B" with A <= B. */
static int parse_range(const char *text, uint64_t *a, uint64_t *b)
{
    const char *dots = strstr(text, "..");
    if (!dots)
        return -1;
    char left[32];
    size_t n = (size_t)(dots - text);
    if (n == 0 || n >= sizeof left)
        return -1;
    memcpy(left, text, n);
    left[n] = '\0';
    return parse_u64(left, a) || parse_u64(dots + 2, b) || *a > *b ? -1 : 0;
}

/* "K/N" with 1 <= K <= N. */
static int parse_shard(const char *text, unsigned *k, unsigned *n)
{
    const char *slash = strchr(text, '/');
    if (!slash)
        return -1;
    char left[32];
    size_t len = (size_t)(slash - text);
    if (len == 0 || len >= sizeof left)
        return -1;
    memcpy(left, text, len);
    left[len] = '\0';
    uint64_t kk, nn;
    if (parse_u64(left, &kk) || parse_u64(slash + 1, &nn) || kk < 1 || kk > nn || nn > 1000000)
        return -1;
    *k = (unsigned)kk;
    *n = (unsigned)nn;
    return 0;
}

static const wsim_option sweep_option_table[] = {
    {"--seeds", "A..B", "the seeds to run, from A to B inclusive (required)"},
    {"--jobs", "N", "run N seeds at a time, each in a process of its own (default 1)"},
    {"--shard", "K/N", "run only the K-th of N disjoint parts of the range: the seeds\n"
                       "A+K-1, A+K-1+N, ... (`wsim sweep merge` joins the parts)"},
    {"--out", "DIR", "write summary.db and the kept traces and logs to DIR\n"
                     "(default: SCENARIO.sweep in this folder)"},
    {"--keep-traces", NULL, "keep the trace and log of every seed, not only the failing ones"},
    {NULL, NULL, NULL},
};

/* The values of the options in args, checked, into o.  0, or the usage
 * exit status after the error was printed. */
static int read_options(const wsim_args *args, sweep_options *o)
{
    memset(o, 0, sizeof *o);
    o->scenario_path = args->operands[0];
    o->jobs = 1;
    o->shard = o->shards = 1;
    const char *seeds = wsim_arg(args, "--seeds");
    if (!seeds)
        return wsim_usage_error(args->command, "--seeds A..B is required");
    if (parse_range(seeds, &o->first, &o->last) != 0)
        return wsim_usage_error(args->command, "--seeds: expected a range A..B of unsigned"
                                " integers with A <= B, got \"%s\"", seeds);
    const char *jobs_text = wsim_arg(args, "--jobs");
    if (jobs_text) {
        uint64_t jobs;
        if (parse_u64(jobs_text, &jobs) != 0 || jobs < 1 || jobs > 1024)
            return wsim_usage_error(args->command, "--jobs: expected an integer from 1 to 1024,"
                                    " got \"%s\"", jobs_text);
        o->jobs = (unsigned)jobs;
    }
    const char *shard = wsim_arg(args, "--shard");
    if (shard && parse_shard(shard, &o->shard, &o->shards) != 0)
        return wsim_usage_error(args->command, "--shard: expected K/N with 1 <= K <= N,"
                                " got \"%s\"", shard);
    o->out_dir = wsim_arg(args, "--out");
    o->keep_traces = wsim_arg(args, "--keep-traces") != NULL;
    return 0;
}

/* ---- the worker -------------------------------------------------------------- */

static void seed_file(char *buf, size_t size, const char *dir, uint64_t seed, const char *ext)
{
    snprintf(buf, size, "%s/seed-%" PRIu64 ".%s", dir, seed, ext);
}

static _Noreturn void worker(const sweep_options *o, const wsim_scenario *scenario,
                             uint64_t seed, int fd)
{
    char trace[4200], log[4200];
    seed_file(trace, sizeof trace, o->out_dir, seed, "wsimtrace");
    seed_file(log, sizeof log, o->out_dir, seed, "log");
    int log_fd = open(log, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (log_fd >= 0) {
        dup2(log_fd, STDOUT_FILENO);
        dup2(log_fd, STDERR_FILENO);
        close(log_fd);
    }
    wsim_run_options opt;
    memset(&opt, 0, sizeof opt);
    opt.scenario_path = o->scenario_path;
    opt.trace_path = trace;
    opt.has_seed = 1;
    opt.seed = seed;
    opt.quiet = 1;
    int rc = wsim_run(&opt);
    fflush(NULL);
    wsim_verdict v;
    char err[1024];
    if (rc == WSIM_EXIT_USAGE || wsim_verdict_judge(scenario, trace, &v, err, sizeof err) != 0) {
        memset(&v, 0, sizeof v);
        v.outcome = WSIM_OUTCOME_ERROR;
        snprintf(v.reason, sizeof v.reason,
                 "wsim run exited %d without a readable trace (see seed-%" PRIu64 ".log)", rc, seed);
    }
    int keep = o->keep_traces || wsim_outcome_fails(v.outcome);
    if (!keep) {
        unlink(trace);
        unlink(log);
    }
    for (char *p = v.reason; *p; p++)
        if (*p == '\t' || *p == '\n')
            *p = ' ';
    char line[1024];
    int n = snprintf(line, sizeof line, "%s\t%" PRId64 "\t%" PRId64 "\t%d\t%s\n",
                     wsim_outcome_name(v.outcome), v.end_ns, v.events, keep && access(trace, F_OK) == 0,
                     v.reason);
    if (n > (int)sizeof line - 1)
        n = (int)sizeof line - 1;
    ssize_t ignored = write(fd, line, (size_t)n);
    (void)ignored;
    _exit(0);
}

/* Reads a finished worker's line into r; a worker that died without one
 * crashed, and the seed with it. */
static void collect(int fd, int wait_status, seed_result *r)
{
    char line[1100];
    size_t used = 0;
    ssize_t got;
    while (used < sizeof line - 1 && (got = read(fd, line + used, sizeof line - 1 - used)) > 0)
        used += (size_t)got;
    line[used] = '\0';
    char outcome[32];
    int kept = 0, consumed = 0;
    if (sscanf(line, "%31[^\t]\t%" SCNd64 "\t%" SCNd64 "\t%d\t%n", outcome, &r->end_ns, &r->events,
               &kept, &consumed) == 4 &&
        wsim_outcome_from_name(outcome, &r->outcome) == 0) {
        char *end = strchr(line + consumed, '\n');
        if (end)
            *end = '\0';
        snprintf(r->reason, sizeof r->reason, "%s", line + consumed);
        r->trace_kept = kept;
        return;
    }
    r->outcome = WSIM_OUTCOME_CRASH;
    if (WIFSIGNALED(wait_status))
        snprintf(r->reason, sizeof r->reason, "the seed's worker process was killed by signal %d (%s)",
                 WTERMSIG(wait_status), strsignal(WTERMSIG(wait_status)));
    else
        snprintf(r->reason, sizeof r->reason,
                 "the seed's worker process exited with status %d without a verdict",
                 WIFEXITED(wait_status) ? WEXITSTATUS(wait_status) : -1);
}

/* ---- progress and the report ------------------------------------------------- */

static void progress(int tty, const seed_result *r, size_t done, size_t total, size_t failed,
                     const struct timespec *t0)
{
    if (!tty) {
        printf("seed %" PRIu64 ": %s%s%s\n", r->seed, wsim_outcome_name(r->outcome),
               r->reason[0] ? ": " : "", r->reason);
        fflush(stdout);
        return;
    }
    enum { WIDTH = 30 };
    char bar[WIDTH + 1];
    size_t filled = total ? done * WIDTH / total : WIDTH;
    for (size_t i = 0; i < WIDTH; i++)
        bar[i] = i < filled ? '#' : '.';
    bar[WIDTH] = '\0';
    double elapsed = seconds_since(t0);
    fprintf(stderr, "\r[%s] %zu/%zu seeds, %zu failing, %.1f seeds/s ", bar, done, total, failed,
            elapsed > 0 ? (double)done / elapsed : 0.0);
    if (done == total)
        fputc('\n', stderr);
    fflush(stderr);
}

/* A word a shell reads back unchanged. */
static void shell_word(FILE *out, const char *s)
{
    if (*s && strspn(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789/._-+=:,@") ==
                  strlen(s)) {
        fputs(s, out);
        return;
    }
    fputc('\'', out);
    for (; *s; s++) {
        if (*s == '\'')
            fputs("'\\''", out);
        else
            fputc(*s, out);
    }
    fputc('\'', out);
}

static void report(const sweep_options *o, const seed_result *results, size_t count, double wall)
{
    size_t failed = 0, inconclusive = 0;
    for (size_t i = 0; i < count; i++) {
        failed += wsim_outcome_fails(results[i].outcome);
        inconclusive += results[i].outcome == WSIM_OUTCOME_INCONCLUSIVE;
    }
    char exe[4096];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    snprintf(exe + (n > 0 ? n : 0), sizeof exe - (size_t)(n > 0 ? n : 0), "%s", n > 0 ? "" : "wsim");
    printf("\n%zu seeds", count);
    if (o->shards > 1)
        printf(" (shard %u/%u of %" PRIu64 "..%" PRIu64 ")", o->shard, o->shards, o->first, o->last);
    else
        printf(" (%" PRIu64 "..%" PRIu64 ")", o->first, o->last);
    printf(" in %.2f s, %.1f seeds/s with %u job%s: %zu passed, %zu failed, %zu inconclusive\n",
           wall, wall > 0 ? (double)count / wall : 0.0, o->jobs, o->jobs == 1 ? "" : "s",
           count - failed - inconclusive, failed, inconclusive);
    if (failed) {
        printf("\nfailing seeds:\n");
        for (size_t i = 0; i < count; i++) {
            const seed_result *r = &results[i];
            if (!wsim_outcome_fails(r->outcome))
                continue;
            printf("  seed %-6" PRIu64 " %-10s %s\n", r->seed, wsim_outcome_name(r->outcome),
                   r->reason);
            printf("    reproduce: ");
            shell_word(stdout, exe);
            printf(" run ");
            shell_word(stdout, o->scenario_path);
            printf(" --seed %" PRIu64 "\n", r->seed);
            if (r->trace_kept)
                printf("    trace: %s/seed-%" PRIu64 ".wsimtrace\n", o->out_dir, r->seed);
        }
    }
    printf("\nsummary: %s/summary.db\n", o->out_dir);
}

/* ---- the summary database ---------------------------------------------------- */

int wsim_sweep_summary_create(sqlite3 *db, char *err, unsigned err_size)
{
    char *msg = NULL;
    if (sqlite3_exec(db,
                     "CREATE TABLE sweep(key TEXT PRIMARY KEY, value TEXT);"
                     "CREATE TABLE seeds(seed INTEGER PRIMARY KEY, outcome TEXT NOT NULL,"
                     " reason TEXT NOT NULL, virtual_ns INTEGER, events INTEGER, wall_ms REAL,"
                     " trace TEXT);",
                     NULL, NULL, &msg) != SQLITE_OK) {
        snprintf(err, err_size, "%s", msg ? msg : sqlite3_errmsg(db));
        sqlite3_free(msg);
        return -1;
    }
    return 0;
}

static int write_summary(const sweep_options *o, const wsim_scenario *scenario,
                         const seed_result *results, size_t count)
{
    char path[4200], partial[4300];
    snprintf(path, sizeof path, "%s/summary.db", o->out_dir);
    snprintf(partial, sizeof partial, "%s.partial", path);
    unlink(partial);
    sqlite3 *db = NULL;
    char err[512] = "";
    int ok = sqlite3_open(partial, &db) == SQLITE_OK &&
             wsim_sweep_summary_create(db, err, sizeof err) == 0 &&
             sqlite3_exec(db, "BEGIN", NULL, NULL, NULL) == SQLITE_OK;
    sqlite3_stmt *meta = NULL, *row = NULL;
    ok = ok && sqlite3_prepare_v2(db, "INSERT INTO sweep VALUES (?, ?)", -1, &meta, NULL) == SQLITE_OK &&
         sqlite3_prepare_v2(db, "INSERT INTO seeds VALUES (?, ?, ?, ?, ?, ?, ?)", -1, &row, NULL) ==
             SQLITE_OK;
    char range[64];
    snprintf(range, sizeof range, "%" PRIu64 "..%" PRIu64, o->first, o->last);
    const char *keys[][2] = {{"scenario", scenario->text}, {"seeds", range},
                             {"wsim_version", WSIM_VERSION}};
    for (size_t i = 0; ok && i < sizeof keys / sizeof keys[0]; i++) {
        sqlite3_bind_text(meta, 1, keys[i][0], -1, SQLITE_STATIC);
        sqlite3_bind_text(meta, 2, keys[i][1], -1, SQLITE_STATIC);
        ok = sqlite3_step(meta) == SQLITE_DONE && sqlite3_reset(meta) == SQLITE_OK;
    }
    for (size_t i = 0; ok && i < count; i++) {
        const seed_result *r = &results[i];
        char trace[64];
        snprintf(trace, sizeof trace, "seed-%" PRIu64 ".wsimtrace", r->seed);
        sqlite3_bind_int64(row, 1, (int64_t)r->seed);
        sqlite3_bind_text(row, 2, wsim_outcome_name(r->outcome), -1, SQLITE_STATIC);
        sqlite3_bind_text(row, 3, r->reason, -1, SQLITE_STATIC);
        sqlite3_bind_int64(row, 4, r->end_ns);
        sqlite3_bind_int64(row, 5, r->events);
        sqlite3_bind_double(row, 6, r->wall_ms);
        if (r->trace_kept)
            sqlite3_bind_text(row, 7, trace, -1, SQLITE_TRANSIENT);
        else
            sqlite3_bind_null(row, 7);
        ok = sqlite3_step(row) == SQLITE_DONE && sqlite3_reset(row) == SQLITE_OK;
    }
    if (!err[0] && db && !ok)
        snprintf(err, sizeof err, "%s", sqlite3_errmsg(db));
    sqlite3_finalize(meta);
    sqlite3_finalize(row);
    ok = ok && sqlite3_exec(db, "COMMIT", NULL, NULL, NULL) == SQLITE_OK;
    sqlite3_close(db);
    if (!ok || rename(partial, path) != 0) {
        fprintf(stderr, "wsim sweep: cannot write %s: %s\n", path, err[0] ? err : strerror(errno));
        unlink(partial);
        return -1;
    }
    return 0;
}

/* ---- the sweep --------------------------------------------------------------- */

/* Every .c module built into the cache before the first fork, so workers
 * only load them. */
static int prebuild(const wsim_scenario *s)
{
    for (size_t h = 0; h < s->host_count; h++)
        for (size_t p = 0; p < s->hosts[h].program_count; p++) {
            const char *m = s->hosts[h].programs[p].module;
            size_t n = strlen(m);
            if (n < 2 || strcmp(m + n - 2, ".c") != 0)
                continue;
            char built[4096], err[2048];
            int rc = wsim_module_cache_get(m, built, sizeof built, err, sizeof err);
            if (rc == -1) {
                fprintf(stderr, "wsim sweep: %s\n", err);
                return -1;
            }
        }
    return 0;
}

static char *default_out_dir(const char *scenario_path)
{
    const char *base = strrchr(scenario_path, '/');
    base = base ? base + 1 : scenario_path;
    size_t n = strlen(base);
    if (n > 5 && strcmp(base + n - 5, ".json") == 0)
        n -= 5;
    char *dir = malloc(n + 8);
    if (dir)
        snprintf(dir, n + 8, "%.*s.sweep", (int)n, base);
    return dir;
}

static int sweep_main(const wsim_args *args)
{
    sweep_options o;
    if (read_options(args, &o) != 0)
        return WSIM_EXIT_USAGE;
    wsim_scenario scenario;
    char err[2048];
    if (wsim_scenario_load(o.scenario_path, &scenario, err, sizeof err) != 0) {
        fprintf(stderr, "wsim sweep: %s\n", err);
        return WSIM_EXIT_USAGE;
    }
    char *owned_out = o.out_dir ? NULL : default_out_dir(o.scenario_path);
    if (owned_out)
        o.out_dir = owned_out;
    int status = WSIM_EXIT_USAGE;
    seed_result *results = NULL;
    worker_slot *slots = NULL;
    if (!o.out_dir || (mkdir(o.out_dir, 0755) != 0 && errno != EEXIST)) {
        fprintf(stderr, "wsim sweep: cannot make %s: %s\n", o.out_dir ? o.out_dir : "the output folder",
                strerror(errno));
        goto done;
    }
    if (prebuild(&scenario) != 0)
        goto done;
    uint64_t span = o.last - o.first;   /* seeds - 1, may be UINT64_MAX */
    uint64_t count64 = span / o.shards + (span % o.shards >= o.shard - 1 ? 1 : 0);
    if (span / o.shards > 100000000) {
        fprintf(stderr, "wsim sweep: --seeds: at most 100000000 seeds per sweep\n");
        goto done;
    }
    size_t count = (size_t)count64;
    results = calloc(count ? count : 1, sizeof *results);
    slots = calloc(o.jobs, sizeof *slots);
    if (!results || !slots) {
        fprintf(stderr, "wsim sweep: out of memory\n");
        goto done;
    }
    for (size_t i = 0; i < count; i++)
        results[i].seed = o.first + (o.shard - 1) + (uint64_t)i * o.shards;

    int tty = isatty(STDERR_FILENO);
    struct timespec t0;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    size_t next = 0, done_count = 0, failed = 0, running = 0;
    while (done_count < count) {
        while (running < o.jobs && next < count) {
            worker_slot *slot = NULL;
            for (unsigned j = 0; j < o.jobs && !slot; j++)
                if (slots[j].pid == 0)
                    slot = &slots[j];
            int fds[2];
            if (pipe2(fds, O_CLOEXEC) != 0) {
                fprintf(stderr, "wsim sweep: pipe: %s\n", strerror(errno));
                goto done;
            }
            fflush(NULL);
            pid_t pid = fork();
            if (pid == 0) {
                close(fds[0]);
                worker(&o, &scenario, results[next].seed, fds[1]);
            }
            close(fds[1]);
            if (pid < 0) {
                close(fds[0]);
                fprintf(stderr, "wsim sweep: fork: %s\n", strerror(errno));
                goto done;
            }
            slot->pid = pid;
            slot->fd = fds[0];
            slot->index = next++;
            clock_gettime(CLOCK_MONOTONIC, &slot->start);
            running++;
        }
        int wait_status;
        pid_t pid = waitpid(-1, &wait_status, 0);
        if (pid < 0) {
            if (errno == EINTR)
                continue;
            fprintf(stderr, "wsim sweep: waitpid: %s\n", strerror(errno));
            goto done;
        }
        for (unsigned j = 0; j < o.jobs; j++) {
            if (slots[j].pid != pid)
                continue;
            seed_result *r = &results[slots[j].index];
            collect(slots[j].fd, wait_status, r);
            close(slots[j].fd);
            r->wall_ms = seconds_since(&slots[j].start) * 1000.0;
            slots[j].pid = 0;
            running--;
            done_count++;
            failed += wsim_outcome_fails(r->outcome);
            progress(tty, r, done_count, count, failed, &t0);
        }
    }
    double wall = seconds_since(&t0);
    report(&o, results, count, wall);
    if (write_summary(&o, &scenario, results, count) != 0)
        status = WSIM_EXIT_FAILED;
    else
        status = failed ? WSIM_EXIT_FAILED : WSIM_EXIT_OK;
done:
    for (unsigned j = 0; slots && j < o.jobs; j++)
        if (slots[j].pid > 0) {
            kill(slots[j].pid, SIGKILL);
            waitpid(slots[j].pid, NULL, 0);
            close(slots[j].fd);
        }
    free(slots);
    free(results);
    free(owned_out);
    wsim_scenario_free(&scenario);
    return status;
}

const wsim_command wsim_sweep_command = {
    .name = "sweep",
    .synopsis = "SCENARIO.json --seeds A..B [options]",
    .summary = "run every seed of a range, each judged as run judges it; a table\n"
               "of the failing seeds with the command that reproduces each, and\n"
               "a summary database (see wsim sweep --help).",
    .description =
        "Runs the scenario once per seed from A to B (inclusive), each in a process\n"
        "of its own, N at a time, and judges each run as `wsim run` does.  Prints a\n"
        "table of the failing seeds with the command that reproduces each.  The\n"
        "--out folder receives summary.db (one row per seed) and the traces and\n"
        "logs of the failing seeds (of every seed with --keep-traces).  Exits 0\n"
        "when no seed failed, 1 when one did, 2 on bad input.  `wsim sweep merge`\n"
        "joins the summaries of the shards of one sweep into one.",
    .min_operands = 1,
    .max_operands = 1,
    .options = sweep_option_table,
    .run = sweep_main,
};
