/* test_cli.c — end-to-end tests of the wsim command.
 *
 * Each case runs the real `wsim` binary (posix_spawn, stdout and stderr
 * captured through pipes) in a fresh folder made with mkdtemp, reads the
 * trace it wrote with SQLite, and removes the folder afterwards.  Nothing
 * is ever written into the source tree: scenarios that name this folder's
 * programs are generated into the temporary folder with absolute module
 * paths, and traces always go there.
 *
 * Usage: test_cli CASE wsim=PATH src=DIR examples=DIR sanitized=0|1
 *   src       tests/cli in the source tree (programs/, scenarios/)
 *   examples  scenarios/examples in the source tree
 *   sanitized 1 when wsim was built with WSIM_SANITIZE (a program's crash
 *             may then end through the sanitizer's report, not a signal)
 *
 * Every expected value comes from a scenario's parameters, an example
 * program's source or the documentation (scenarios/FORMAT.md, wsim --help,
 * sim/observer.h, traces/recorder.c), never from an earlier run.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sqlite3.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "tests/support/cases.h"
#include "tests/support/trace_db.h"

extern char **environ;

/* ---- configuration ---------------------------------------------------------- */

static const char *wsim_path;
static const char *src_dir;
static const char *examples_dir;
static int sanitized;

/* ---- small string helpers ------------------------------------------------- */

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

static int count_char(const char *s, char c)
{
    int n = 0;
    for (; s && *s; s++)
        n += *s == c;
    return n;
}

static int file_exists(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0;
}

/* ---- temporary folders ----------------------------------------------------- */

static char *make_temp_dir(void)
{
    char *dir = fmt("/tmp/wsim-cli-test-XXXXXX");
    if (!mkdtemp(dir)) {
        fprintf(stderr, "mkdtemp: %s\n", strerror(errno));
        exit(1);
    }
    return dir;
}

/* Number of entries in dir (besides . and ..), -1 when it cannot be read. */
static int dir_entries(const char *dir)
{
    DIR *d = opendir(dir);
    if (!d)
        return -1;
    int n = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL)
        if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0)
            n++;
    closedir(d);
    return n;
}

/* The folders made here are flat: files only. */
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
    if (rmdir(dir) != 0)
        fprintf(stderr, "warning: cannot remove %s: %s\n", dir, strerror(errno));
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

/* A path that can go into a JSON string as it is. */
static void require_plain_path(const char *path)
{
    if (strpbrk(path, "\"\\")) {
        fprintf(stderr, "skipped: the path %s needs JSON escaping\n", path);
        exit(WSIM_TEST_SKIP);
    }
}

/* ---- running wsim ---------------------------------------------------------- */

typedef struct run_result {
    int exited;      /* 1: ended with exit(); 0: killed by a signal */
    int code;        /* exit code, or the signal number */
    char *out;       /* everything written to stdout */
    char *err;       /* everything written to stderr */
} run_result;

static void append(char **buf, size_t *len, const char *bytes, size_t n)
{
    char *grown = realloc(*buf, *len + n + 1);
    if (!grown) {
        fprintf(stderr, "out of memory\n");
        exit(1);
    }
    memcpy(grown + *len, bytes, n);
    *len += n;
    grown[*len] = '\0';
    *buf = grown;
}

/* Runs argv (argv[0] a path) in folder cwd; collects both streams. */
static void run_in(const char *cwd, char *const argv[], run_result *r)
{
    memset(r, 0, sizeof *r);
    int out_pipe[2], err_pipe[2];
    if (pipe(out_pipe) != 0 || pipe(err_pipe) != 0) {
        fprintf(stderr, "pipe: %s\n", strerror(errno));
        exit(1);
    }
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_adddup2(&fa, out_pipe[1], 1);
    posix_spawn_file_actions_adddup2(&fa, err_pipe[1], 2);
    posix_spawn_file_actions_addclose(&fa, out_pipe[0]);
    posix_spawn_file_actions_addclose(&fa, err_pipe[0]);
    posix_spawn_file_actions_addclose(&fa, out_pipe[1]);
    posix_spawn_file_actions_addclose(&fa, err_pipe[1]);
    char old_cwd[4096];
    if (!getcwd(old_cwd, sizeof old_cwd) || chdir(cwd) != 0) {
        fprintf(stderr, "cannot change to %s: %s\n", cwd, strerror(errno));
        exit(1);
    }
    pid_t pid;
    int rc = posix_spawn(&pid, argv[0], &fa, NULL, argv, environ);
    if (chdir(old_cwd) != 0) {
        fprintf(stderr, "cannot change back to %s\n", old_cwd);
        exit(1);
    }
    posix_spawn_file_actions_destroy(&fa);
    close(out_pipe[1]);
    close(err_pipe[1]);
    if (rc != 0) {
        fprintf(stderr, "cannot run %s: %s\n", argv[0], strerror(rc));
        exit(1);
    }
    size_t out_len = 0, err_len = 0;
    append(&r->out, &out_len, "", 0);
    append(&r->err, &err_len, "", 0);
    struct pollfd fds[2] = {{.fd = out_pipe[0], .events = POLLIN},
                            {.fd = err_pipe[0], .events = POLLIN}};
    int open_fds = 2;
    char buf[65536];
    while (open_fds > 0) {
        if (poll(fds, 2, -1) < 0) {
            if (errno == EINTR)
                continue;
            fprintf(stderr, "poll: %s\n", strerror(errno));
            exit(1);
        }
        for (int i = 0; i < 2; i++) {
            if (fds[i].fd < 0 || !(fds[i].revents & (POLLIN | POLLHUP | POLLERR)))
                continue;
            ssize_t n = read(fds[i].fd, buf, sizeof buf);
            if (n > 0) {
                if (i == 0)
                    append(&r->out, &out_len, buf, (size_t)n);
                else
                    append(&r->err, &err_len, buf, (size_t)n);
            } else if (n == 0 || errno != EINTR) {
                close(fds[i].fd);
                fds[i].fd = -1;
                open_fds--;
            }
        }
    }
    int status;
    while (waitpid(pid, &status, 0) < 0) {
        if (errno != EINTR) {
            fprintf(stderr, "waitpid: %s\n", strerror(errno));
            exit(1);
        }
    }
    r->exited = WIFEXITED(status);
    r->code = r->exited ? WEXITSTATUS(status) : WIFSIGNALED(status) ? WTERMSIG(status) : -1;
}

static void free_result(run_result *r)
{
    free(r->out);
    free(r->err);
    memset(r, 0, sizeof *r);
}

/* Shows what a command printed, for a failed check's reader. */
static void show(const char *what, const run_result *r)
{
    fprintf(stderr, "---- %s: %s %d\n---- stdout:\n%s---- stderr:\n%s----\n", what,
            r->exited ? "exit code" : "killed by signal", r->code, r->out, r->err);
}

#define CHECK_EXIT(r, expected)                                                   \
    do {                                                                          \
        CHECK((r).exited);                                                        \
        CHECK_INT_EQ((r).code, (expected));                                       \
        if (!(r).exited || (r).code != (expected))                                \
            show("unexpected end", &(r));                                         \
    } while (0)

/* wsim run SCENARIO [--trace TRACE] [--seed SEED] [--quiet] in cwd. */
static void wsim_run(const char *cwd, const char *scenario, const char *trace, const char *seed,
                     int quiet, run_result *r)
{
    char *argv[10];
    int n = 0;
    argv[n++] = (char *)wsim_path;
    argv[n++] = "run";
    argv[n++] = (char *)scenario;
    if (trace) {
        argv[n++] = "--trace";
        argv[n++] = (char *)trace;
    }
    if (seed) {
        argv[n++] = "--seed";
        argv[n++] = (char *)seed;
    }
    if (quiet)
        argv[n++] = "--quiet";
    argv[n] = NULL;
    run_in(cwd, argv, r);
}

/* ---- program output as wsim prints it -------------------------------------- */

/* One line "[   S.UUUUUU host] text" of a program's output. */
typedef struct out_line {
    long long sec, usec;
    char host[128];
    char text[512];
} out_line;

typedef struct out_lines {
    out_line *v;
    int n;
} out_lines;

/* Parses every line of stdout that starts with '['; a line that starts with
 * '[' but is not in the documented shape fails a check. */
static out_lines parse_output(const char *out)
{
    out_lines lines = {NULL, 0};
    const char *p = out;
    while (p && *p) {
        const char *eol = strchr(p, '\n');
        size_t len = eol ? (size_t)(eol - p) : strlen(p);
        if (len > 0 && p[0] == '[') {
            char *line = strndup(p, len);
            out_line l;
            memset(&l, 0, sizeof l);
            int ok = 0;
            /* "[%4lld.%06lld %s] %s": at least 4 characters of seconds,
             * right-aligned, exactly 6 of microseconds. */
            const char *q = line + 1, *dot = strchr(q, '.');
            if (dot && dot - q >= 4) {
                char *end;
                l.sec = strtoll(q, &end, 10);
                if (end == dot && strspn(dot + 1, "0123456789") == 6 && dot[7] == ' ') {
                    l.usec = strtoll(dot + 1, NULL, 10);
                    const char *host = dot + 8, *close = strstr(host, "] ");
                    if (!close && line[len - 1] == ']')
                        close = line + len - 1;
                    if (close && (size_t)(close - host) < sizeof l.host) {
                        memcpy(l.host, host, (size_t)(close - host));
                        snprintf(l.text, sizeof l.text, "%s", close[1] ? close + 2 : "");
                        ok = 1;
                    }
                }
            }
            if (!ok)
                fprintf(stderr, "output line not in the \"[   S.UUUUUU host] text\" shape: %s\n",
                        line);
            CHECK(ok);
            if (ok) {
                lines.v = realloc(lines.v, (size_t)(lines.n + 1) * sizeof *lines.v);
                lines.v[lines.n++] = l;
            }
            free(line);
        }
        p = eol ? eol + 1 : NULL;
    }
    return lines;
}

static int count_lines(const out_lines *lines, const char *host, const char *text)
{
    int n = 0;
    for (int i = 0; i < lines->n; i++)
        if ((!host || strcmp(lines->v[i].host, host) == 0) && strcmp(lines->v[i].text, text) == 0)
            n++;
    return n;
}

/* ---- reading traces ---------------------------------------------------------- */

static sqlite3_stmt *prepare(sqlite3 *db, const char *sql)
{
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK) {
        fprintf(stderr, "SQL error: %s\n  in: %s\n", sqlite3_errmsg(db), sql);
        wsim_check_failures++;
        return NULL;
    }
    return st;
}

/* The first column of the first row as an integer; `missing` when there is
 * no row or the value is NULL. */
static long long q_int(sqlite3 *db, long long missing, const char *format, ...)
{
    va_list ap;
    va_start(ap, format);
    char *sql = sqlite3_vmprintf(format, ap);
    va_end(ap);
    long long v = missing;
    sqlite3_stmt *st = prepare(db, sql);
    if (st && sqlite3_step(st) == SQLITE_ROW && sqlite3_column_type(st, 0) != SQLITE_NULL)
        v = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    sqlite3_free(sql);
    return v;
}

/* The first column of the first row as text (malloc'd), or NULL. */
static char *q_text(sqlite3 *db, const char *format, ...)
{
    va_list ap;
    va_start(ap, format);
    char *sql = sqlite3_vmprintf(format, ap);
    va_end(ap);
    char *v = NULL;
    sqlite3_stmt *st = prepare(db, sql);
    if (st && sqlite3_step(st) == SQLITE_ROW && sqlite3_column_type(st, 0) != SQLITE_NULL)
        v = strdup((const char *)sqlite3_column_text(st, 0));
    sqlite3_finalize(st);
    sqlite3_free(sql);
    return v;
}

static char *meta(sqlite3 *db, const char *key)
{
    return q_text(db, "SELECT value FROM meta WHERE key = %Q", key);
}

#define CHECK_META(db, key, expected)                                             \
    do {                                                                          \
        char *wsim_m_ = meta((db), (key));                                        \
        CHECK_STR_EQ(wsim_m_, (expected));                                        \
        free(wsim_m_);                                                            \
    } while (0)

/* One row of the calls table. */
typedef struct call_row {
    long long seq, time_ns, start_ns, host, process, thread, socket, ret, error, stream_offset;
    int socket_null;
    char function[64];
    char args[256];
} call_row;

typedef struct call_rows {
    call_row *v;
    int n;
} call_rows;

static call_rows calls_of(sqlite3 *db, int process)
{
    call_rows rows = {NULL, 0};
    char *sql = sqlite3_mprintf(
        "SELECT seq, time_ns, start_ns, host, process, thread, socket, ret, error, function,"
        " args, stream_offset FROM calls WHERE process = %d ORDER BY seq",
        process);
    sqlite3_stmt *st = prepare(db, sql);
    while (st && sqlite3_step(st) == SQLITE_ROW) {
        rows.v = realloc(rows.v, (size_t)(rows.n + 1) * sizeof *rows.v);
        call_row *c = &rows.v[rows.n++];
        memset(c, 0, sizeof *c);
        c->seq = sqlite3_column_int64(st, 0);
        c->time_ns = sqlite3_column_int64(st, 1);
        c->start_ns = sqlite3_column_int64(st, 2);
        c->host = sqlite3_column_int64(st, 3);
        c->process = sqlite3_column_int64(st, 4);
        c->thread = sqlite3_column_int64(st, 5);
        c->socket_null = sqlite3_column_type(st, 6) == SQLITE_NULL;
        c->socket = sqlite3_column_int64(st, 6);
        c->ret = sqlite3_column_int64(st, 7);
        c->error = sqlite3_column_int64(st, 8);
        const unsigned char *f = sqlite3_column_text(st, 9), *a = sqlite3_column_text(st, 10);
        snprintf(c->function, sizeof c->function, "%s", f ? (const char *)f : "(null)");
        snprintf(c->args, sizeof c->args, "%s", a ? (const char *)a : "");
        c->stream_offset = sqlite3_column_int64(st, 11);
    }
    sqlite3_finalize(st);
    sqlite3_free(sql);
    return rows;
}

static void dump_calls(const call_rows *rows)
{
    for (int i = 0; i < rows->n; i++) {
        const call_row *c = &rows->v[i];
        fprintf(stderr, "  seq %lld  %s(%s) socket %lld = %lld error %lld\n", c->seq, c->function,
                c->args, c->socket_null ? -1 : c->socket, c->ret, c->error);
    }
}

/* A cursor over one process's calls, for walking them as the program's
 * source says they were made. */
typedef struct walker {
    const call_rows *rows;
    int at;
    int broken;     /* a check failed: the rest is not worth matching */
} walker;

static const call_row *peek(walker *w)
{
    return !w->broken && w->at < w->rows->n ? &w->rows->v[w->at] : NULL;
}

/* The next call must be `function` with error `error`; returns it or NULL
 * (and fails a check, naming the position). */
static const call_row *expect_call(walker *w, const char *function, long long error, int line)
{
    const call_row *c = peek(w);
    if (!c || strcmp(c->function, function) != 0 || c->error != error) {
        if (!w->broken) {
            fprintf(stderr, "%s:%d: call #%d of the process: expected %s with error %lld, got ",
                    __FILE__, line, w->at, function, error);
            if (c)
                fprintf(stderr, "%s (ret %lld, error %lld, seq %lld)\n", c->function, c->ret,
                        c->error, c->seq);
            else
                fprintf(stderr, "no more calls\n");
            fprintf(stderr, "the process's calls:\n");
            dump_calls(w->rows);
            wsim_check_failures++;
        }
        w->broken = 1;
        return NULL;
    }
    w->at++;
    return c;
}

#define EXPECT_CALL(w, function, error) expect_call((w), (function), (error), __LINE__)

/* ---- checks shared by the example runs ----------------------------------------- */

/* Every line the programs printed, as recorded in the trace's output table,
 * must be on stdout in the same order, in the documented shape. */
static void check_printed_output(sqlite3 *db, const out_lines *lines)
{
    sqlite3_stmt *st = prepare(db,
                               "SELECT o.time_ns, h.name, o.line FROM output o"
                               " JOIN hosts h ON h.host = o.host"
                               " WHERE o.stream = 'stdout' ORDER BY o.seq");
    int i = 0;
    while (st && sqlite3_step(st) == SQLITE_ROW) {
        long long t = sqlite3_column_int64(st, 0);
        const char *host = (const char *)sqlite3_column_text(st, 1);
        const char *text = (const char *)sqlite3_column_text(st, 2);
        if (i >= lines->n) {
            fprintf(stderr, "output row \"%s\" of the trace is missing from stdout\n", text);
            wsim_check_failures++;
            break;
        }
        const out_line *l = &lines->v[i++];
        CHECK_INT_EQ(l->sec, t / 1000000000);
        CHECK_INT_EQ(l->usec, t % 1000000000 / 1000);
        CHECK_STR_EQ(l->host, host);
        CHECK_STR_EQ(l->text, text);
    }
    sqlite3_finalize(st);
    CHECK_INT_EQ(i, lines->n);
}

/* A segment cannot arrive before it was sent plus the link's serialization
 * delay ((len + header_bytes) * 8 / bandwidth, FORMAT.md) and latency; and
 * every segment received was sent. */
static void check_segment_timing(sqlite3 *db, long long latency_ns, long long bandwidth_bps,
                                 long long header_bytes)
{
    sqlite3_stmt *st = prepare(
        db, "SELECT r.seq, r.time_ns, r.len,"
            " (SELECT min(s.time_ns) FROM segments s WHERE s.event = 'send'"
            "   AND s.seq < r.seq AND s.src_addr = r.src_addr AND s.src_port = r.src_port"
            "   AND s.dst_addr = r.dst_addr AND s.dst_port = r.dst_port"
            "   AND s.seqno = r.seqno AND s.len = r.len)"
            " FROM segments r WHERE r.event = 'recv' ORDER BY r.seq");
    int n = 0, bad = 0;
    while (st && sqlite3_step(st) == SQLITE_ROW) {
        n++;
        long long seq = sqlite3_column_int64(st, 0), recv_ns = sqlite3_column_int64(st, 1),
                  len = sqlite3_column_int64(st, 2);
        if (sqlite3_column_type(st, 3) == SQLITE_NULL) {
            if (bad++ < 5)
                fprintf(stderr, "segment recv seq %lld has no earlier send\n", seq);
            continue;
        }
        long long send_ns = sqlite3_column_int64(st, 3);
        /* floor, so the bound never exceeds the exact delay */
        long long serialization_ns = (len + header_bytes) * 8 * 1000000000LL / bandwidth_bps;
        if (recv_ns < send_ns + serialization_ns + latency_ns) {
            if (bad++ < 5)
                fprintf(stderr,
                        "segment recv seq %lld at %lld ns: sent at %lld ns, cannot arrive before"
                        " %lld ns (latency %lld + serialization %lld)\n",
                        seq, recv_ns, send_ns, send_ns + serialization_ns + latency_ns,
                        latency_ns, serialization_ns);
        }
    }
    sqlite3_finalize(st);
    CHECK(n > 0);
    CHECK_INT_EQ(bad, 0);
}

/* The example client's calls, walked as client.c makes them; returns the
 * sum of the recv return values and fills rets with each positive one. */
static long long check_client_calls(sqlite3 *db, int process, long long *rets, int max_rets,
                                    int *nrets)
{
    call_rows rows = calls_of(db, process);
    walker w = {&rows, 0, 0};
    const call_row *c;
    long long total = 0;
    *nrets = 0;
    if ((c = EXPECT_CALL(&w, "WSAStartup", 0)))
        CHECK_INT_EQ(c->ret, 0);
    if ((c = EXPECT_CALL(&w, "getaddrinfo", 0)))
        CHECK_INT_EQ(c->ret, 0);
    long long s = -1;
    if ((c = EXPECT_CALL(&w, "socket", 0))) {
        s = c->ret;
        CHECK(s != -1 && s != 0);
        CHECK(!c->socket_null && c->socket == s);
    }
    if ((c = EXPECT_CALL(&w, "connect", 0))) {
        CHECK_INT_EQ(c->ret, 0);
        CHECK_INT_EQ(c->socket, s);
    }
    EXPECT_CALL(&w, "freeaddrinfo", 0);
    if ((c = EXPECT_CALL(&w, "send", 0))) {
        CHECK_INT_EQ(c->ret, 35);    /* strlen("wsim client: hello from the example") */
        CHECK_INT_EQ(c->socket, s);
        CHECK_INT_EQ(c->stream_offset, 0);   /* the first byte of the stream */
    }
    if ((c = EXPECT_CALL(&w, "shutdown", 0))) {
        CHECK_INT_EQ(c->ret, 0);
        CHECK_INT_EQ(c->socket, s);
    }
    /* recv until it returns 0 (the server's graceful close). */
    for (;;) {
        if (!(c = EXPECT_CALL(&w, "recv", 0)))
            break;
        CHECK_INT_EQ(c->socket, s);
        CHECK(c->ret >= 0 && c->ret <= 512);
        if (c->ret > 0)
            CHECK_INT_EQ(c->stream_offset, total);   /* each recv goes on where the last ended */
        if (c->ret <= 0)
            break;
        total += c->ret;
        if (*nrets < max_rets)
            rets[(*nrets)++] = c->ret;
    }
    if ((c = EXPECT_CALL(&w, "closesocket", 0))) {
        CHECK_INT_EQ(c->ret, 0);
        CHECK_INT_EQ(c->socket, s);
    }
    if ((c = EXPECT_CALL(&w, "WSACleanup", 0)))
        CHECK_INT_EQ(c->ret, 0);
    if (!w.broken && w.at != rows.n) {
        fprintf(stderr, "the client made calls after WSACleanup:\n");
        dump_calls(&rows);
        wsim_check_failures++;
    }
    free(rows.v);
    return total;
}

/* The example server's calls, walked as server.c makes them.  Fills
 * send_seqs[10] with the WSASend calls' seqs and result_seqs[10] with the
 * WSAGetOverlappedResult seqs that follow them. */
static void check_server_calls(sqlite3 *db, int process, long long send_seqs[10],
                               long long result_seqs[10], char *accept_args, size_t accept_args_size)
{
    call_rows rows = calls_of(db, process);
    walker w = {&rows, 0, 0};
    const call_row *c;
    if ((c = EXPECT_CALL(&w, "WSAStartup", 0)))
        CHECK_INT_EQ(c->ret, 0);
    if ((c = EXPECT_CALL(&w, "getaddrinfo", 0)))
        CHECK_INT_EQ(c->ret, 0);
    long long listener = -1, accepted = -1, event = 0;
    if ((c = EXPECT_CALL(&w, "socket", 0))) {
        listener = c->ret;
        CHECK(listener != -1 && listener != 0);
    }
    if ((c = EXPECT_CALL(&w, "bind", 0))) {
        CHECK_INT_EQ(c->ret, 0);
        CHECK_INT_EQ(c->socket, listener);
        CHECK_CONTAINS(c->args, ":27015");
    }
    if ((c = EXPECT_CALL(&w, "listen", 0))) {
        CHECK_INT_EQ(c->ret, 0);
        CHECK_INT_EQ(c->socket, listener);
    }
    if ((c = EXPECT_CALL(&w, "accept", 0))) {
        accepted = c->ret;
        CHECK(accepted != -1 && accepted != 0 && accepted != listener);
        CHECK_INT_EQ(c->socket, listener);
        snprintf(accept_args, accept_args_size, "%s", c->args);
    }
    if ((c = EXPECT_CALL(&w, "WSACreateEvent", 0))) {
        event = c->ret;
        CHECK(event != 0);   /* not WSA_INVALID_EVENT */
    }
    for (int i = 0; i < 10; i++) {
        send_seqs[i] = result_seqs[i] = -1;
        c = peek(&w);
        /* ret 0 (completed at once, W01) or SOCKET_ERROR with
         * WSA_IO_PENDING (W02); nothing else lets the program go on. */
        if (c && c->ret == -1)
            c = EXPECT_CALL(&w, "WSASend", 997);
        else if ((c = EXPECT_CALL(&w, "WSASend", 0)))
            CHECK_INT_EQ(c->ret, 0);
        if (!c)
            break;
        send_seqs[i] = c->seq;
        CHECK_INT_EQ(c->socket, accepted);
        CHECK_CONTAINS(c->args, "bytes=4096");
        /* The i-th buffer's first byte is byte 4096 * i of the stream. */
        CHECK_INT_EQ(c->stream_offset, 4096LL * i);
        /* server.c reads the code with WSAGetLastError after a pending
         * send; wsim may record that call or not. */
        if (c->ret == -1 && (c = peek(&w)) && strcmp(c->function, "WSAGetLastError") == 0) {
            CHECK_INT_EQ(c->ret, 997);
            w.at++;
        }
        /* WSA_WAIT_IO_COMPLETION (0xC0) any number of times, then
         * WSA_WAIT_EVENT_0. */
        while ((c = peek(&w)) && strcmp(c->function, "WSAWaitForMultipleEvents") == 0 &&
               c->ret == 0xC0)
            w.at++;
        if ((c = EXPECT_CALL(&w, "WSAWaitForMultipleEvents", 0)))
            CHECK_INT_EQ(c->ret, 0);
        if ((c = EXPECT_CALL(&w, "WSAGetOverlappedResult", 0))) {
            CHECK_INT_EQ(c->ret, 1);     /* TRUE */
            CHECK_INT_EQ(c->socket, accepted);
            result_seqs[i] = c->seq;
        }
        if ((c = EXPECT_CALL(&w, "WSAResetEvent", 0)))
            CHECK_INT_EQ(c->ret, 1);     /* TRUE */
    }
    long long total = 0;
    for (;;) {
        if (!(c = EXPECT_CALL(&w, "recv", 0)))
            break;
        CHECK_INT_EQ(c->socket, accepted);
        CHECK(c->ret >= 0 && c->ret <= 4096);
        if (c->ret > 0)
            CHECK_INT_EQ(c->stream_offset, total);
        if (c->ret <= 0)
            break;
        total += c->ret;
    }
    CHECK_INT_EQ(total, 35);
    if ((c = EXPECT_CALL(&w, "closesocket", 0))) {
        CHECK_INT_EQ(c->ret, 0);
        CHECK_INT_EQ(c->socket, accepted);
    }
    if ((c = EXPECT_CALL(&w, "closesocket", 0))) {
        CHECK_INT_EQ(c->ret, 0);
        CHECK_INT_EQ(c->socket, listener);
    }
    if ((c = EXPECT_CALL(&w, "WSACloseEvent", 0)))
        CHECK_INT_EQ(c->ret, 1);         /* TRUE */
    EXPECT_CALL(&w, "freeaddrinfo", 0);
    if ((c = EXPECT_CALL(&w, "WSACleanup", 0)))
        CHECK_INT_EQ(c->ret, 0);
    if (!w.broken && w.at != rows.n) {
        fprintf(stderr, "the server made calls after WSACleanup:\n");
        dump_calls(&rows);
        wsim_check_failures++;
    }
    free(rows.v);
}

/* The output rows of one process, in order, as one string of lines. */
static char *process_output(sqlite3 *db, int process)
{
    char *all = q_text(db,
                       "SELECT group_concat(line, char(10)) FROM"
                       " (SELECT line FROM output WHERE process = %d AND stream = 'stdout'"
                       "  ORDER BY seq)",
                       process);
    return all ? all : strdup("");
}

typedef struct example {
    const char *scenario;        /* file in examples/ */
    const char *server_host;
    const char *client_host;
    const char *client_address;  /* the client's first argument */
    const char *client_source;   /* the address the client's SYN comes from */
    long long latency_ns, bandwidth_bps;
} example;

static void run_example(const example *ex)
{
    char *tmp = make_temp_dir();
    char *scenario = fmt("%s/%s", examples_dir, ex->scenario);
    char *trace = fmt("%s/example.wsimtrace", tmp);
    run_result r;
    wsim_run(tmp, scenario, trace, NULL, 0, &r);
    CHECK_EXIT(r, 0);
    CHECK(!strstr(r.err, "the run ended"));

    /* ---- what the programs printed ---- */
    out_lines lines = parse_output(r.out);
    const char *sh = ex->server_host, *ch = ex->client_host;
    CHECK_INT_EQ(count_lines(&lines, ch, "Bytes Sent: 35"), 1);
    CHECK_INT_EQ(count_lines(&lines, ch, "Total received: 40960"), 1);
    CHECK_INT_EQ(count_lines(&lines, ch, "Connection closed"), 1);
    CHECK_INT_EQ(count_lines(&lines, sh, "Client Accepted..."), 1);
    CHECK_INT_EQ(count_lines(&lines, sh, "Wrote 4096 bytes"), 10);
    CHECK_INT_EQ(count_lines(&lines, sh, "Read 35 bytes from client"), 1);
    long long printed_sum = 0;
    int printed_recvs = 0;
    for (int i = 0; i < lines.n; i++) {
        int n;
        char extra;
        if (strcmp(lines.v[i].host, ch) == 0 &&
            sscanf(lines.v[i].text, "Bytes received: %d%c", &n, &extra) == 1) {
            CHECK(n > 0 && n <= 512);
            printed_sum += n;
            printed_recvs++;
        }
    }
    CHECK_INT_EQ(printed_sum, 40960);
    /* Nothing else: no "... failed with error" line from either program. */
    CHECK_INT_EQ(lines.n, 4 + 10 + 1 + printed_recvs);
    for (int i = 0; i < lines.n; i++)
        CHECK(!strstr(lines.v[i].text, "failed"));

    sqlite3 *db = open_trace(trace);
    CHECK(db != NULL);
    if (!db)
        goto done;

    /* ---- the run ---- */
    CHECK_META(db, "end_reason", "completed");
    CHECK_META(db, "exit_status", "0");
    CHECK_META(db, "seed", "1");
    char *host0 = q_text(db, "SELECT name FROM hosts WHERE host = 0");
    CHECK_STR_EQ(host0, sh);
    free(host0);
    if (strcmp(sh, ch) != 0) {
        char *host1 = q_text(db, "SELECT name FROM hosts WHERE host = 1");
        CHECK_STR_EQ(host1, ch);
        free(host1);
    }
    long long client_host_id = strcmp(sh, ch) == 0 ? 0 : 1;

    /* Processes are numbered in scenario order: the server, then the client. */
    CHECK_INT_EQ(q_int(db, -1, "SELECT count(*) FROM programs"), 2);
    char *module = q_text(db, "SELECT module FROM programs WHERE process = 0");
    CHECK_CONTAINS(module, "server");
    free(module);
    module = q_text(db, "SELECT module FROM programs WHERE process = 1");
    CHECK_CONTAINS(module, "client");
    free(module);
    char *args = q_text(db, "SELECT args FROM programs WHERE process = 1");
    CHECK_CONTAINS(args, "\"client.c\"");
    CHECK_CONTAINS(args, ex->client_address);
    CHECK_CONTAINS(args, "\"27015\"");
    free(args);
    CHECK_INT_EQ(q_int(db, -1, "SELECT host FROM programs WHERE process = 0"), 0);
    CHECK_INT_EQ(q_int(db, -1, "SELECT host FROM programs WHERE process = 1"), client_host_id);
    CHECK_INT_EQ(q_int(db, -1, "SELECT start_ns FROM programs WHERE process = 1"), 1000000);
    for (int p = 0; p < 2; p++) {
        char *how = q_text(db, "SELECT exit_how FROM programs WHERE process = %d", p);
        CHECK_STR_EQ(how, "return");
        free(how);
        CHECK_INT_EQ(q_int(db, -1, "SELECT exit_code FROM programs WHERE process = %d", p), 0);
    }

    /* ---- every call, as the sources make them ---- */
    long long rets[256];
    int nrets = 0;
    long long recv_sum = check_client_calls(db, 1, rets, 256, &nrets);
    CHECK_INT_EQ(recv_sum, 40960);
    /* Each positive recv is one "Bytes received: N" line, in order. */
    char *client_out = process_output(db, 1);
    char *expected = strdup("Bytes Sent: 35");
    for (int i = 0; i < nrets; i++) {
        char *next = fmt("%s\nBytes received: %lld", expected, rets[i]);
        free(expected);
        expected = next;
    }
    char *next = fmt("%s\nTotal received: 40960\nConnection closed", expected);
    free(expected);
    expected = next;
    CHECK_STR_EQ(client_out, expected);
    free(client_out);
    free(expected);

    char *server_out = process_output(db, 0);
    expected = strdup("Client Accepted...");
    for (int i = 0; i < 10; i++) {
        next = fmt("%s\nWrote 4096 bytes", expected);
        free(expected);
        expected = next;
    }
    next = fmt("%s\nRead 35 bytes from client", expected);
    free(expected);
    expected = next;
    CHECK_STR_EQ(server_out, expected);
    free(server_out);
    free(expected);

    long long send_seqs[10], result_seqs[10];
    char accept_args[256] = "";
    check_server_calls(db, 0, send_seqs, result_seqs, accept_args, sizeof accept_args);
    /* accept names the peer: the client's address and the port of its SYN. */
    long long port = q_int(db, -1,
                           "SELECT src_port FROM segments WHERE event = 'send' AND flags = 'SYN'"
                           " AND dst_port = 27015 ORDER BY seq LIMIT 1");
    char *syn_src = q_text(db, "SELECT src_addr FROM segments WHERE event = 'send'"
                               " AND flags = 'SYN' AND dst_port = 27015 ORDER BY seq LIMIT 1");
    CHECK(port >= 49152 && port <= 65535);
    CHECK_STR_EQ(syn_src, ex->client_source);
    char *peer = fmt("peer=%s:%lld", syn_src ? syn_src : "?", port);
    CHECK_CONTAINS(accept_args, peer);
    free(peer);
    free(syn_src);
    CHECK_INT_EQ(q_int(db, -1, "SELECT count(*) FROM calls WHERE process = 0 AND function = 'WSASend'"),
                 10);
    CHECK_INT_EQ(q_int(db, -1, "SELECT count(*) FROM calls WHERE process IS NULL OR process NOT IN (0, 1)"),
                 0);

    /* ---- completions: one per WSASend, by event, after its call and
     * before the WSAGetOverlappedResult that reads it ---- */
    CHECK_INT_EQ(q_int(db, -1, "SELECT count(*) FROM completions"), 10);
    CHECK_INT_EQ(q_int(db, -1,
                       "SELECT count(*) FROM completions WHERE function = 'WSASend' AND bytes = 4096"
                       " AND error = 0 AND delivery = 'event' AND process = 0 AND host = 0"),
                 10);
    for (int i = 0; i < 10; i++) {
        if (send_seqs[i] < 0)
            continue;
        long long seq = q_int(db, -1, "SELECT seq FROM completions WHERE call_seq = %lld",
                              send_seqs[i]);
        CHECK(seq > send_seqs[i]);
        if (result_seqs[i] >= 0)
            CHECK(seq < result_seqs[i]);
    }

    /* ---- segments ---- */
    check_segment_timing(db, ex->latency_ns, ex->bandwidth_bps, 40);
    if (strcmp(sh, ch) != 0) {
        /* The first data segment from the server host arrives at the client
         * host no earlier than the link latency after it was sent. */
        long long seqno = q_int(db, -1,
                                "SELECT seqno FROM segments WHERE host = 0 AND event = 'send'"
                                " AND src_port = 27015 AND len > 0 ORDER BY seq LIMIT 1");
        long long sent = q_int(db, -1,
                               "SELECT time_ns FROM segments WHERE host = 0 AND event = 'send'"
                               " AND src_port = 27015 AND len > 0 ORDER BY seq LIMIT 1");
        long long len = q_int(db, -1,
                              "SELECT len FROM segments WHERE host = 0 AND event = 'send'"
                              " AND src_port = 27015 AND len > 0 ORDER BY seq LIMIT 1");
        long long arrived = q_int(db, -1,
                                  "SELECT time_ns FROM segments WHERE host = 1 AND event = 'recv'"
                                  " AND src_port = 27015 AND seqno = %lld AND len > 0"
                                  " ORDER BY seq LIMIT 1",
                                  seqno);
        CHECK(seqno >= 0 && sent >= 0 && arrived >= 0);
        CHECK(len > 0 && len <= 1460);    /* tcp.mss default */
        CHECK(arrived - sent >= ex->latency_ns);
        CHECK(arrived - sent >= ex->latency_ns + (len + 40) * 8 * 1000000000LL / ex->bandwidth_bps);
        /* It was sent after the connection was accepted, i.e. after the
         * client's SYN crossed the link once. */
        CHECK(sent >= 1000000 + ex->latency_ns);
    }

    /* ---- the printed lines are the trace's output rows ---- */
    check_printed_output(db, &lines);
    sqlite3_close(db);
done:
    free(lines.v);
    free_result(&r);
    free(scenario);
    free(trace);
    remove_temp_dir(tmp);
}

/* ---- cli.example_loopback, cli.example_two_hosts ---------------------------- */

static void test_example_loopback(void)
{
    /* loopback.json: one host "alpha"; loopback defaults 10us, 10Gbit/s. */
    example ex = {"loopback.json", "alpha", "alpha", "\"127.0.0.1\"", "127.0.0.1", 10000,
                  10000000000LL};
    run_example(&ex);
}

static void test_example_two_hosts(void)
{
    /* two-hosts.json: "server" and "client", a 5ms 10Mbit/s link. */
    example ex = {"two-hosts.json", "server", "client", "\"10.0.0.1\"", "10.0.0.2", 5000000,
                  10000000};
    run_example(&ex);
}

/* ---- cli.instances_100 ----------------------------------------------------- */

#define INSTANCES 100
#define EXIT3_INSTANCE 57

static void test_instances_100(void)
{
    char *tmp = make_temp_dir();
    char *module = fmt("%s/programs/counter.c", src_dir);
    require_plain_path(module);
    char *json = strdup("{\n  \"hosts\": [ {\n    \"name\": \"many\",\n"
                        "    \"address\": \"10.0.0.9\",\n    \"programs\": [\n");
    for (int i = 0; i < INSTANCES; i++) {
        char *next = fmt("%s      { \"module\": \"%s\"%s }%s\n", json, module,
                         i == EXIT3_INSTANCE ? ", \"args\": [\"exit3\"]" : "",
                         i + 1 < INSTANCES ? "," : "");
        free(json);
        json = next;
    }
    char *next = fmt("%s    ]\n  } ]\n}\n", json);
    free(json);
    json = next;
    char *scenario = fmt("%s/instances.json", tmp);
    write_file(scenario, json);
    char *trace = fmt("%s/instances.wsimtrace", tmp);

    run_result r;
    wsim_run(tmp, scenario, trace, NULL, 0, &r);
    /* One program failed (exit code 3): wsim exits 1. */
    CHECK_EXIT(r, 1);
    out_lines lines = parse_output(r.out);
    CHECK_INT_EQ(lines.n, INSTANCES);
    CHECK_INT_EQ(count_lines(&lines, "many", "count 1"), INSTANCES);

    sqlite3 *db = open_trace(trace);
    CHECK(db != NULL);
    if (db) {
        CHECK_META(db, "end_reason", "completed");
        CHECK_META(db, "exit_status", "1");
        CHECK_INT_EQ(q_int(db, -1, "SELECT count(*) FROM programs"), INSTANCES);
        CHECK_INT_EQ(q_int(db, -1, "SELECT count(*) FROM programs WHERE exit_how = 'return'"
                                   " AND exit_code = 0"),
                     INSTANCES - 1);
        CHECK_INT_EQ(q_int(db, -1, "SELECT count(*) FROM programs WHERE exit_how = 'exit'"), 1);
        CHECK_INT_EQ(q_int(db, -1, "SELECT count(*) FROM programs WHERE exit_code = 3"), 1);
        /* The one that called exit(3) is the instance given "exit3". */
        CHECK_INT_EQ(q_int(db, -1, "SELECT process FROM programs WHERE exit_how = 'exit'"),
                     EXIT3_INSTANCE);
        CHECK_INT_EQ(q_int(db, -1, "SELECT exit_code FROM programs WHERE process = %d",
                           EXIT3_INSTANCE),
                     3);
        char *args = q_text(db, "SELECT args FROM programs WHERE process = %d", EXIT3_INSTANCE);
        CHECK_CONTAINS(args, "\"exit3\"");
        free(args);
        /* Each instance printed once, and each printed 1, after its 10 ms
         * sleep: all of them were loaded at once. */
        CHECK_INT_EQ(q_int(db, -1, "SELECT count(*) FROM output WHERE line = 'count 1'"
                                   " AND time_ns = 10000000"),
                     INSTANCES);
        CHECK_INT_EQ(q_int(db, -1, "SELECT count(*) FROM programs WHERE start_ns = 0"
                                   " AND exit_ns = 10000000"),
                     INSTANCES);
        CHECK_INT_EQ(q_int(db, -1, "SELECT count(DISTINCT process) FROM output"), INSTANCES);
        CHECK_INT_EQ(q_int(db, -1, "SELECT count(*) FROM output"), INSTANCES);
        /* The exit3 instance printed before it exited. */
        CHECK(q_int(db, -1, "SELECT seq FROM output WHERE process = %d", EXIT3_INSTANCE) <
              q_int(db, -1, "SELECT exit_seq FROM programs WHERE process = %d", EXIT3_INSTANCE));
        sqlite3_close(db);
    }
    free(lines.v);
    free_result(&r);
    free(json);
    free(module);
    free(scenario);
    free(trace);
    remove_temp_dir(tmp);
}

/* ---- scenarios of one program on one host ------------------------------------ */

static char *one_program_scenario(const char *tmp, const char *host, const char *program)
{
    char *module = fmt("%s/programs/%s", src_dir, program);
    require_plain_path(module);
    char *json = fmt("{\n  \"hosts\": [ {\n    \"name\": \"%s\",\n    \"address\": \"10.0.0.1\",\n"
                     "    \"programs\": [ { \"module\": \"%s\" } ]\n  } ]\n}\n",
                     host, module);
    char *scenario = fmt("%s/scenario.json", tmp);
    write_file(scenario, json);
    free(json);
    free(module);
    return scenario;
}

/* ---- cli.crash_null -------------------------------------------------------- */

static void test_crash_null(void)
{
    char *tmp = make_temp_dir();
    char *scenario = one_program_scenario(tmp, "h", "crash_null.c");
    char *trace = fmt("%s/crash.wsimtrace", tmp);
    char *partial = fmt("%s.partial", trace);
    run_result r;
    wsim_run(tmp, scenario, trace, NULL, 0, &r);
    /* The parent survives the crash and reports it: exit code 1. */
    CHECK_EXIT(r, 1);
    CHECK_CONTAINS(r.err, "crash");
    out_lines lines = parse_output(r.out);
    CHECK_INT_EQ(count_lines(&lines, "h", "before"), 1);
    CHECK_INT_EQ(count_lines(&lines, "h", "after"), 0);

    /* A complete trace: renamed from .partial, readable by wsim itself. */
    CHECK(file_exists(trace));
    CHECK(!file_exists(partial));
    char *summary_argv[] = {(char *)wsim_path, "trace", "summary", trace, NULL};
    run_result s;
    run_in(tmp, summary_argv, &s);
    CHECK_EXIT(s, 0);
    free_result(&s);

    sqlite3 *db = open_trace(trace);
    CHECK(db != NULL);
    if (db) {
        CHECK_META(db, "end_reason", "crash");
        CHECK_META(db, "exit_status", "1");
        CHECK_META(db, "end_time_ns", "5000000");
        char *version = meta(db, "wsim_version");
        CHECK(version != NULL);   /* set when the trace is closed */
        free(version);

        CHECK_INT_EQ(q_int(db, -1, "SELECT count(*) FROM output WHERE line = 'before'"
                                   " AND process = 0 AND time_ns = 0"),
                     1);
        CHECK_INT_EQ(q_int(db, -1, "SELECT count(*) FROM output WHERE line = 'after'"), 0);

        /* Sleep(5): one call, entered at 0, returned at 5 ms.  wsim may
         * record it under the name Sleep or as the SleepEx it stands for. */
        CHECK_INT_EQ(q_int(db, -1, "SELECT count(*) FROM calls"), 1);
        char *function = q_text(db, "SELECT function FROM calls");
        CHECK(function && (strcmp(function, "Sleep") == 0 || strcmp(function, "SleepEx") == 0));
        if (function && strcmp(function, "SleepEx") == 0) {
            char *args = q_text(db, "SELECT args FROM calls");
            CHECK_CONTAINS(args, "ms=5");
            CHECK_CONTAINS(args, "alertable=0");
            free(args);
        }
        free(function);
        CHECK_INT_EQ(q_int(db, -1, "SELECT start_ns FROM calls"), 0);
        CHECK_INT_EQ(q_int(db, -1, "SELECT time_ns FROM calls"), 5000000);
        CHECK_INT_EQ(q_int(db, -1, "SELECT ret FROM calls"), 0);
        CHECK_INT_EQ(q_int(db, -1, "SELECT process FROM calls"), 0);

        /* The crash, at the virtual time of the store: 5 ms. */
        CHECK_INT_EQ(q_int(db, -1, "SELECT count(*) FROM crashes"), 1);
        CHECK_INT_EQ(q_int(db, -1, "SELECT time_ns FROM crashes"), 5000000);
        CHECK(q_int(db, -1, "SELECT seq FROM crashes") >
              q_int(db, -1, "SELECT max(seq) FROM calls"));
        long long sig = q_int(db, -1, "SELECT signal FROM crashes");
        if (!sanitized || sig != 0) {
            /* Without sanitizers the SIGSEGV handler records the crash,
             * naming the program it happened in.  (Under sanitizers the
             * child may instead end through the sanitizer's report; then
             * only the parent's record of the early exit is there.) */
            CHECK_INT_EQ(sig, 11);
            char *name = q_text(db, "SELECT signal_name FROM crashes");
            CHECK_STR_EQ(name, "SIGSEGV");
            free(name);
            CHECK_INT_EQ(q_int(db, -1, "SELECT host FROM crashes"), 0);
            CHECK_INT_EQ(q_int(db, -1, "SELECT process FROM crashes"), 0);
            CHECK_INT_EQ(q_int(db, -1, "SELECT thread FROM crashes"), 0);
            char *description = q_text(db, "SELECT description FROM crashes");
            CHECK_CONTAINS(description, "NULL");
            free(description);
            /* Not a stack overflow: the fault is not in a guard page.
             * observer.h records that as 0 (1: in the guard page, -1:
             * unknown, stored as NULL); SCHEMA.md as NULL.  Either way,
             * never a guard-page hit. */
            long long in_guard = q_int(db, -2, "SELECT fault_in_guard FROM crashes");
            CHECK(in_guard == 0 || in_guard == -2);
        }
        sqlite3_close(db);
    }
    free(lines.v);
    free_result(&r);
    free(scenario);
    free(trace);
    free(partial);
    remove_temp_dir(tmp);
}

/* ---- cli.deadlock --------------------------------------------------------- */

static void test_deadlock(void)
{
    char *tmp = make_temp_dir();
    char *scenario = one_program_scenario(tmp, "lonely", "accept_forever.c");
    char *trace = fmt("%s/deadlock.wsimtrace", tmp);
    run_result r;
    wsim_run(tmp, scenario, trace, NULL, 0, &r);
    CHECK_EXIT(r, 1);
    CHECK_CONTAINS(r.err, "the run ended: deadlock");
    out_lines lines = parse_output(r.out);
    CHECK_INT_EQ(count_lines(&lines, "lonely", "waiting"), 1);
    CHECK_INT_EQ(count_lines(&lines, "lonely", "accept returned"), 0);

    sqlite3 *db = open_trace(trace);
    CHECK(db != NULL);
    if (db) {
        CHECK_META(db, "end_reason", "deadlock");
        CHECK_META(db, "exit_status", "1");
        char *detail = meta(db, "end_detail");
        CHECK_CONTAINS(detail, "lonely");
        CHECK_CONTAINS(detail, "thread 0");
        CHECK_CONTAINS(detail, "accept");
        /* stderr carries the same detail. */
        if (detail)
            CHECK_CONTAINS(r.err, detail);
        free(detail);
        /* The calls before the blocking accept are all there. */
        CHECK_INT_EQ(q_int(db, -1, "SELECT count(*) FROM calls WHERE function IN"
                                   " ('WSAStartup', 'socket', 'bind', 'listen') AND error = 0"),
                     4);
        /* The program never ended on its own: it was killed, which is not
         * a successful exit. */
        char *how = q_text(db, "SELECT exit_how FROM programs WHERE process = 0");
        CHECK_STR_EQ(how, "killed");
        free(how);
        long long code = q_int(db, -12345, "SELECT exit_code FROM programs WHERE process = 0");
        if (code == 0)
            fprintf(stderr, "the killed program is recorded with exit code 0 (success)\n");
        CHECK(code != 0);
        sqlite3_close(db);
    }
    free(lines.v);
    free_result(&r);
    free(scenario);
    free(trace);
    remove_temp_dir(tmp);
}

/* ---- cli.malformed_* -------------------------------------------------------- */

/* Runs wsim on a broken scenario of scenarios/, with and without --trace,
 * from an empty folder: exit code 2, the one-line message of FORMAT.md on
 * stderr, and no file made (no trace, no partial trace, no default trace). */
static void check_malformed(const char *file, const char *message_after_path)
{
    char *scenario = fmt("%s/scenarios/%s", src_dir, file);
    char *expected = fmt("%s: %s\n", scenario, message_after_path);
    for (int with_trace = 0; with_trace < 2; with_trace++) {
        char *tmp = make_temp_dir();
        char *trace = fmt("%s/malformed.wsimtrace", tmp);
        run_result r;
        wsim_run(tmp, scenario, with_trace ? trace : NULL, NULL, 0, &r);
        CHECK_EXIT(r, 2);
        CHECK_CONTAINS(r.err, expected);
        /* Exactly one line. */
        CHECK_INT_EQ(count_char(r.err, '\n'), 1);
        CHECK_STR_EQ(r.out, "");
        CHECK(!file_exists(trace));
        int entries = dir_entries(tmp);
        CHECK_INT_EQ(entries, 0);
        free_result(&r);
        free(trace);
        remove_temp_dir(tmp);
    }
    free(expected);
    free(scenario);
}

static void test_malformed_bad_json(void)
{
    /* bad_json.json, line 3 is `  "seed": nope`: the value starts in column
     * 11, where no JSON value can start. */
    check_malformed("bad_json.json", "line 3, column 11: invalid JSON");
}

static void test_malformed_unknown_field(void)
{
    check_malformed("unknown_field.json",
                    "$.hosts[0].colour: unknown field (expected one of: name, address, mtu, profile,"
                    " max_overlapped, programs)");
}

static void test_malformed_missing_module(void)
{
    /* The module is looked for in the scenario's folder (made absolute). */
    char *message = fmt("$.hosts[0].programs[0].module: file \"nope.c\" not found"
                        " (looked in %s/scenarios/nope.c)",
                        src_dir);
    check_malformed("missing_module.json", message);
    free(message);
}

static void test_malformed_negative_latency(void)
{
    check_malformed("negative_latency.json",
                    "$.links[0].latency: expected a non-negative duration such as \"10ms\","
                    " got \"-5ms\"");
}

static void test_malformed_duplicate_host(void)
{
    check_malformed("duplicate_host.json",
                    "$.hosts[1].name: duplicate host name \"a\" (first at $.hosts[0].name)");
}

/* ---- cli.usage ---------------------------------------------------------------- */

static void test_usage(void)
{
    char *tmp = make_temp_dir();
    run_result r;

    char *no_args[] = {(char *)wsim_path, NULL};
    run_in(tmp, no_args, &r);
    CHECK_EXIT(r, 2);
    CHECK_CONTAINS(r.err, "usage");
    free_result(&r);

    char *help[] = {(char *)wsim_path, "--help", NULL};
    run_in(tmp, help, &r);
    CHECK_EXIT(r, 0);
    CHECK_CONTAINS(r.out, "usage");
    CHECK_CONTAINS(r.out, "run SCENARIO");
    CHECK_CONTAINS(r.out, "cc -o");
    CHECK_CONTAINS(r.out, "trace summary");
    CHECK_CONTAINS(r.out, "trace compare");
    CHECK_STR_EQ(r.err, "");
    free_result(&r);

    char *unknown_option[] = {(char *)wsim_path, "run", "--frobnicate", "x.json", NULL};
    run_in(tmp, unknown_option, &r);
    CHECK_EXIT(r, 2);
    CHECK_CONTAINS(r.err, "--frobnicate");
    free_result(&r);

    char *nonexistent[] = {(char *)wsim_path, "run", "nonexistent.json", NULL};
    run_in(tmp, nonexistent, &r);
    CHECK_EXIT(r, 2);
    /* FORMAT.md: "<file>: cannot read: <the system's reason>". */
    CHECK_CONTAINS(r.err, "nonexistent.json: cannot read: No such file or directory");
    free_result(&r);

    char *frob[] = {(char *)wsim_path, "frob", NULL};
    run_in(tmp, frob, &r);
    CHECK_EXIT(r, 2);
    CHECK_CONTAINS(r.err, "frob");
    free_result(&r);

    /* None of these made a file (no default trace in the working folder). */
    CHECK_INT_EQ(dir_entries(tmp), 0);
    remove_temp_dir(tmp);
}

/* ---- cli.refused_functions ------------------------------------------------------ */

static void check_refused(const char *program, const char *function)
{
    char *tmp = make_temp_dir();
    char *source = fmt("%s/programs/%s", src_dir, program);
    char *output = fmt("%s/refused.so", tmp);
    char *argv[] = {(char *)wsim_path, "cc", "-o", output, source, NULL};
    run_result r;
    run_in(tmp, argv, &r);
    CHECK_EXIT(r, 2);
    char *named = fmt("uses %s", function);
    CHECK_CONTAINS(r.err, named);
    CHECK(!file_exists(output));
    CHECK_INT_EQ(dir_entries(tmp), 0);
    free_result(&r);

    /* The same program named in a scenario is refused at load time. */
    char *scenario = one_program_scenario(tmp, "h", program);
    char *trace = fmt("%s/refused.wsimtrace", tmp);
    wsim_run(tmp, scenario, trace, NULL, 0, &r);
    CHECK_EXIT(r, 2);
    CHECK_CONTAINS(r.err, named);
    CHECK(!file_exists(trace));
    CHECK_INT_EQ(dir_entries(tmp), 1);   /* the scenario only */
    free_result(&r);

    free(named);
    free(scenario);
    free(trace);
    free(source);
    free(output);
    remove_temp_dir(tmp);
}

static void test_refused_functions(void)
{
    /* A program that uses only what wsim provides builds (the refusals
     * below are about the function, not the build). */
    char *tmp = make_temp_dir();
    char *source = fmt("%s/programs/counter.c", src_dir);
    char *output = fmt("%s/counter.so", tmp);
    char *argv[] = {(char *)wsim_path, "cc", "-o", output, source, NULL};
    run_result r;
    run_in(tmp, argv, &r);
    CHECK_EXIT(r, 0);
    CHECK(file_exists(output));
    free_result(&r);
    free(source);
    free(output);
    remove_temp_dir(tmp);

    check_refused("uses_pthread_create.c", "pthread_create");
    check_refused("uses_system.c", "system");
}

/* ---- contract.M04_same_seed_same_trace ----------------------------------------- */

/* The source port of the client's SYN (flags exactly SYN, to the server's
 * port 27015). */
static long long client_port(const char *trace)
{
    sqlite3 *db = open_trace(trace);
    if (!db)
        return -1;
    long long port = q_int(db, -1,
                           "SELECT src_port FROM segments WHERE event = 'send' AND flags = 'SYN'"
                           " AND dst_port = 27015 ORDER BY seq LIMIT 1");
    sqlite3_close(db);
    return port;
}

static void test_M04_same_seed_same_trace(void)
{
    char *tmp = make_temp_dir();
    char *scenario = fmt("%s/loopback.json", examples_dir);
    char *a = fmt("%s/a.wsimtrace", tmp), *b = fmt("%s/b.wsimtrace", tmp),
         *c = fmt("%s/c.wsimtrace", tmp);
    run_result r;
    /* Two separate wsim processes, the same seed. */
    wsim_run(tmp, scenario, a, "1", 1, &r);
    CHECK_EXIT(r, 0);
    free_result(&r);
    wsim_run(tmp, scenario, b, "1", 1, &r);
    CHECK_EXIT(r, 0);
    free_result(&r);
    wsim_run(tmp, scenario, c, "2", 1, &r);
    CHECK_EXIT(r, 0);
    free_result(&r);

    char *same[] = {(char *)wsim_path, "trace", "compare", a, b, NULL};
    run_in(tmp, same, &r);
    CHECK_EXIT(r, 0);
    CHECK_CONTAINS(r.out, "the traces are equal");
    free_result(&r);

    char *differ[] = {(char *)wsim_path, "trace", "compare", a, c, NULL};
    run_in(tmp, differ, &r);
    CHECK_EXIT(r, 1);
    /* The report names what the seed changed: the seed itself, and a value
     * drawn from it (the client's ephemeral port). */
    CHECK_CONTAINS(r.out, "seed");
    CHECK_CONTAINS(r.out, "src_port");
    free_result(&r);

    long long port1 = client_port(a), port1b = client_port(b), port2 = client_port(c);
    CHECK(port1 >= 49152 && port1 <= 65535);
    CHECK(port2 >= 49152 && port2 <= 65535);
    CHECK_INT_EQ(port1b, port1);
    CHECK(port1 != port2);
    if (port1 == port2)
        fprintf(stderr, "seed 1 and seed 2 both gave port %lld\n", port1);

    sqlite3 *db = open_trace(c);
    if (db) {
        CHECK_META(db, "seed", "2");
        sqlite3_close(db);
    }
    free(scenario);
    free(a);
    free(b);
    free(c);
    remove_temp_dir(tmp);
}

/* ---- contract.M02_every_call_recorded ------------------------------------------ */

static void test_M02_every_call_recorded(void)
{
    char *tmp = make_temp_dir();
    char *scenario = one_program_scenario(tmp, "h", "known_calls.c");
    char *trace = fmt("%s/calls.wsimtrace", tmp);
    run_result r;
    wsim_run(tmp, scenario, trace, NULL, 0, &r);
    CHECK_EXIT(r, 0);   /* the program checks every result and returns 0 */
    CHECK_INT_EQ(parse_output(r.out).n, 0);
    free_result(&r);

    sqlite3 *db = open_trace(trace);
    CHECK(db != NULL);
    if (db) {
        CHECK_META(db, "end_reason", "completed");
        CHECK_INT_EQ(q_int(db, -1, "SELECT exit_code FROM programs WHERE process = 0"), 0);
        CHECK_INT_EQ(q_int(db, -1, "SELECT count(*) FROM output"), 0);
        CHECK_INT_EQ(q_int(db, -1, "SELECT count(*) FROM completions"), 0);

        static const struct {
            const char *function;
            long long ret;     /* -2: the socket, whatever its value */
            long long error;
        } expected[] = {
            {"WSAStartup", 0, 0},
            {"socket", -2, 0},
            {"send", -1, 10057},         /* WSAENOTCONN */
            {"closesocket", 0, 0},
            {"send", -1, 10038},         /* WSAENOTSOCK */
            {"WSACleanup", 0, 0},
            {"socket", -1, 10093},       /* INVALID_SOCKET, WSANOTINITIALISED */
        };
        const int n = (int)(sizeof expected / sizeof expected[0]);
        CHECK_INT_EQ(q_int(db, -1, "SELECT count(*) FROM calls"), n);
        call_rows rows = calls_of(db, 0);
        CHECK_INT_EQ(rows.n, n);
        long long socket = -1, last_seq = 0;
        for (int i = 0; i < n && i < rows.n; i++) {
            const call_row *c = &rows.v[i];
            CHECK_STR_EQ(c->function, expected[i].function);
            CHECK_INT_EQ(c->error, expected[i].error);
            if (expected[i].ret == -2) {
                socket = c->ret;
                CHECK(socket != -1 && socket != 0);
            } else {
                CHECK_INT_EQ(c->ret, expected[i].ret);
            }
            CHECK(c->seq > last_seq);
            last_seq = c->seq;
            CHECK_INT_EQ(c->host, 0);
            CHECK_INT_EQ(c->thread, 0);
            CHECK_INT_EQ(c->time_ns, 0);
        }
        if (rows.n == n) {
            /* The calls on the socket name it. */
            CHECK_INT_EQ(rows.v[1].socket, socket);
            CHECK_INT_EQ(rows.v[2].socket, socket);
            CHECK_INT_EQ(rows.v[3].socket, socket);
            CHECK_INT_EQ(rows.v[4].socket, socket);
        } else {
            dump_calls(&rows);
        }
        free(rows.v);
        /* Every error is in the errors view, in order. */
        CHECK_INT_EQ(q_int(db, -1, "SELECT count(*) FROM errors"), 3);
        char *errors = q_text(db, "SELECT group_concat(function || ' ' || error, ', ') FROM"
                                  " (SELECT function, error FROM errors ORDER BY seq)");
        CHECK_STR_EQ(errors, "send 10057, send 10038, socket 10093");
        free(errors);
        sqlite3_close(db);
    }
    free(scenario);
    free(trace);
    remove_temp_dir(tmp);
}

/* ---- main ------------------------------------------------------------------- */

static const test_case cases[] = {
    {"example_loopback", test_example_loopback},
    {"example_two_hosts", test_example_two_hosts},
    {"instances_100", test_instances_100},
    {"crash_null", test_crash_null},
    {"deadlock", test_deadlock},
    {"malformed_bad_json", test_malformed_bad_json},
    {"malformed_unknown_field", test_malformed_unknown_field},
    {"malformed_missing_module", test_malformed_missing_module},
    {"malformed_negative_latency", test_malformed_negative_latency},
    {"malformed_duplicate_host", test_malformed_duplicate_host},
    {"usage", test_usage},
    {"refused_functions", test_refused_functions},
    {"M04_same_seed_same_trace", test_M04_same_seed_same_trace},
    {"M02_every_call_recorded", test_M02_every_call_recorded},
};

int main(int argc, char **argv)
{
    wsim_path = test_option(argc, argv, "wsim");
    src_dir = test_option(argc, argv, "src");
    examples_dir = test_option(argc, argv, "examples");
    const char *s = test_option(argc, argv, "sanitized");
    sanitized = s && strcmp(s, "1") == 0;
    if (argc < 2 || !wsim_path || !src_dir || !examples_dir) {
        fprintf(stderr, "usage: test_cli CASE wsim=PATH src=DIR examples=DIR [sanitized=0|1]\n");
        return 2;
    }
    /* A child's death must not end the test through SIGPIPE. */
    signal(SIGPIPE, SIG_IGN);
    return test_main(argc, argv, cases, sizeof cases / sizeof cases[0], NULL);
}
