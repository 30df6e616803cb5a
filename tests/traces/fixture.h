/* fixture.h — helpers shared by the traces tests: a scratch folder that is
 * removed at the end, and record builders.  Header-only (static functions)
 * so each test executable stays one .c file.
 */
#ifndef WSIM_TESTS_TRACES_FIXTURE_H
#define WSIM_TESTS_TRACES_FIXTURE_H

#include <dirent.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sim/observer.h"
#include "traces/recorder.h"

/* A fresh folder under the current directory (CTest runs each test in the
 * build tree), so parallel tests never share files. */
static inline char *fixture_tempdir(void)
{
    static const char pattern[] = "traces-test-XXXXXX";
    char *dir = malloc(sizeof pattern);
    if (!dir)
        return NULL;
    memcpy(dir, pattern, sizeof pattern);
    if (!mkdtemp(dir)) {
        perror("mkdtemp");
        free(dir);
        return NULL;
    }
    return dir;
}

/* Removes the files of a flat scratch folder and the folder. */
static inline void fixture_remove_dir(char *dir)
{
    if (!dir)
        return;
    DIR *d = opendir(dir);
    if (d) {
        struct dirent *e;
        char path[4096];
        while ((e = readdir(d)) != NULL) {
            if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
                continue;
            snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
            unlink(path);
        }
        closedir(d);
    }
    rmdir(dir);
    free(dir);
}

static inline void fixture_path(char *buf, size_t size, const char *dir, const char *name)
{
    snprintf(buf, size, "%s/%s", dir, name);
}

static inline int fixture_exists(const char *path)
{
    return access(path, F_OK) == 0;
}

/* A record with every field zero / "does not apply". */
static inline wsim_record fixture_record(wsim_record_kind kind, uint64_t seq, int64_t time_ns)
{
    wsim_record r;
    memset(&r, 0, sizeof r);
    r.kind = kind;
    r.seq = seq;
    r.time_ns = time_ns;
    r.host = -1;
    r.process = -1;
    r.thread = -1;
    r.socket = -1;
    return r;
}

/* A small run touching every kind and every mapping rule (NULL for -1,
 * "" vs NULL, unsigned seed, packed addresses, flag names).  Fills r (room
 * for FIXTURE_SAMPLE_MAX) and returns the count.  test_recorder.c checks
 * the rows these give, column by column. */
#define FIXTURE_SAMPLE_MAX 32
#define FIXTURE_ADDR(a, b, c, d, port) \
    ((int64_t)(((uint64_t)(a) << 24 | (uint64_t)(b) << 16 | (uint64_t)(c) << 8 | (uint64_t)(d)) << 16 | (port)))

static inline size_t fixture_sample(wsim_record *r)
{
    size_t n = 0;
    wsim_record x;
#define FIXTURE_ADD(kind, t) fixture_record((kind), n + 1, (t))
    x = FIXTURE_ADD(WSIM_REC_RUN_START, 0);
    x.name = "run";
    x.text = "{\"hosts\": [\"alpha\", \"beta\"]}\nsecond line";
    x.a[0] = -1; /* seed 2^64 - 1 */
    r[n++] = x;
    x = FIXTURE_ADD(WSIM_REC_HOST, 0);
    x.host = 0, x.name = "alpha", x.text = "10.0.0.1";
    r[n++] = x;
    x = FIXTURE_ADD(WSIM_REC_HOST, 0);
    x.host = 1, x.name = "beta", x.text = "10.0.0.2";
    r[n++] = x;
    x = FIXTURE_ADD(WSIM_REC_PROGRAM_START, 0);
    x.host = 0, x.process = 0, x.name = "server.so", x.text = "[\"server\", \"80\"]";
    r[n++] = x;
    x = FIXTURE_ADD(WSIM_REC_PROGRAM_START, 1000);
    x.host = 1, x.process = 1, x.name = "client.so", x.text = "[]";
    r[n++] = x;
    x = FIXTURE_ADD(WSIM_REC_THREAD_START, 2000); /* seq 6 */
    x.host = 0, x.process = 0, x.thread = 1, x.name = "worker";
    r[n++] = x;
    x = FIXTURE_ADD(WSIM_REC_CALL, 6000); /* seq 7 */
    x.host = 0, x.process = 0, x.thread = 0, x.socket = 3, x.name = "send", x.text = "s=3 len=10";
    x.a[0] = 10, x.a[1] = 0, x.a[2] = 5000, x.a[3] = 100;
    r[n++] = x;
    x = FIXTURE_ADD(WSIM_REC_CALL, 6500); /* seq 8 */
    x.host = 1, x.process = 1, x.thread = 0, x.name = "WSAStartup", x.text = "";
    x.a[2] = 6500;
    r[n++] = x;
    x = FIXTURE_ADD(WSIM_REC_CALL, 7000); /* seq 9 */
    x.host = 1, x.process = 1, x.thread = 0, x.socket = 4, x.name = "recv";
    x.a[0] = -1, x.a[1] = 10035, x.a[2] = 6900;
    r[n++] = x;
    x = FIXTURE_ADD(WSIM_REC_COMPLETION, 8000); /* seq 10 */
    x.host = 0, x.process = 0, x.thread = 1, x.name = "WSASend", x.text = "routine";
    x.a[0] = 7, x.a[1] = 10, x.a[2] = 0;
    r[n++] = x;
    x = FIXTURE_ADD(WSIM_REC_SEGMENT, 9000); /* seq 11 */
    x.host = 0, x.name = "send", x.text = "data";
    x.a[0] = FIXTURE_ADDR(10, 0, 0, 1, 80), x.a[1] = FIXTURE_ADDR(10, 0, 0, 2, 49152);
    x.a[2] = 1000, x.a[3] = 2000, x.a[4] = 10, x.a[5] = 0x18;
    r[n++] = x;
    x = FIXTURE_ADD(WSIM_REC_SEGMENT, 9100); /* seq 12 */
    x.host = 0, x.name = "drop";
    x.a[0] = FIXTURE_ADDR(192, 168, 255, 254, 65535), x.a[1] = FIXTURE_ADDR(10, 0, 0, 2, 1);
    x.a[5] = 0x02;
    r[n++] = x;
    x = FIXTURE_ADD(WSIM_REC_SEGMENT, 9200); /* seq 13 */
    x.host = 1, x.name = "deliver", x.a[5] = 0x41;
    r[n++] = x;
    x = FIXTURE_ADD(WSIM_REC_SEGMENT, 9300); /* seq 14 */
    x.host = 1, x.name = "recv", x.a[5] = 0;
    r[n++] = x;
    x = FIXTURE_ADD(WSIM_REC_OUTPUT, 10000); /* seq 15 */
    x.host = 0, x.process = 0, x.name = "stdout", x.text = "hello";
    r[n++] = x;
    x = FIXTURE_ADD(WSIM_REC_OUTPUT, 10001); /* seq 16 */
    x.host = 0, x.process = 0, x.name = "stderr", x.text = "";
    r[n++] = x;
    x = FIXTURE_ADD(WSIM_REC_CRASH, 11000); /* seq 17 */
    x.host = 1, x.process = 1, x.thread = 0, x.name = "SIGSEGV", x.text = "write to 0x0";
    x.a[0] = 11, x.a[1] = -1;
    r[n++] = x;
    x = FIXTURE_ADD(WSIM_REC_CRASH, 11001); /* seq 18 */
    x.host = 1, x.process = 1, x.thread = 0, x.name = "SIGSEGV", x.text = "stack overflow";
    x.a[0] = 11, x.a[1] = 1; /* in the guard page */
    r[n++] = x;
    x = FIXTURE_ADD(WSIM_REC_VIOLATION, 12000); /* seq 19 */
    x.host = 0, x.process = 0, x.thread = 0, x.name = "W19", x.text = "reused OVERLAPPED";
    x.a[0] = 7;
    r[n++] = x;
    x = FIXTURE_ADD(WSIM_REC_VIOLATION, 12001); /* seq 20 */
    x.host = 0, x.process = 0, x.thread = 0, x.name = "S06";
    r[n++] = x;
    x = FIXTURE_ADD(WSIM_REC_PROGRAM_EXIT, 13000); /* seq 21 */
    x.host = 1, x.process = 1, x.name = "abort", x.a[0] = 3;
    r[n++] = x;
    x = FIXTURE_ADD(WSIM_REC_PROGRAM_EXIT, 14000); /* seq 22 */
    x.host = 0, x.process = 0, x.name = "return", x.a[0] = 0;
    r[n++] = x;
    x = FIXTURE_ADD(WSIM_REC_RUN_END, 1500000000); /* seq 23 */
    x.name = "crash", x.text = "process 1 crashed", x.a[0] = 1;
    r[n++] = x;
#undef FIXTURE_ADD
    return n;
}

/* Records `n` records into a trace at `path`; 0 or -1 (message printed). */
static inline int fixture_write_trace(const char *path, const wsim_record *recs, size_t n,
                                      const char *version)
{
    char err[512];
    wsim_recorder *rec = wsim_recorder_open(path, err, sizeof err);
    if (!rec) {
        fprintf(stderr, "%s\n", err);
        return -1;
    }
    for (size_t i = 0; i < n; i++)
        if (wsim_recorder_add(rec, &recs[i]) != 0) {
            fprintf(stderr, "%s\n", wsim_recorder_error(rec));
            wsim_recorder_discard(rec);
            return -1;
        }
    if (wsim_recorder_close(rec, version, err, sizeof err) != 0) {
        fprintf(stderr, "%s\n", err);
        return -1;
    }
    return 0;
}

/* The first row of `sql` as "v1|v2|…": integers in decimal, text as is,
 * NULL as "NULL" (so "" and NULL differ); "(no row)" or "(error: …)". */
static inline const char *fixture_row(sqlite3 *db, const char *sql, char *buf, size_t size)
{
    sqlite3_stmt *st = NULL;
    buf[0] = '\0';
    if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK) {
        snprintf(buf, size, "(error: %s)", sqlite3_errmsg(db));
        return buf;
    }
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        size_t len = 0;
        for (int i = 0; i < sqlite3_column_count(st) && len < size; i++) {
            const char *sep = i ? "|" : "";
            if (sqlite3_column_type(st, i) == SQLITE_NULL)
                len += (size_t)snprintf(buf + len, size - len, "%sNULL", sep);
            else
                len += (size_t)snprintf(buf + len, size - len, "%s%s", sep,
                                        (const char *)sqlite3_column_text(st, i));
        }
    } else if (rc == SQLITE_DONE) {
        snprintf(buf, size, "(no row)");
    } else {
        snprintf(buf, size, "(error: %s)", sqlite3_errmsg(db));
    }
    sqlite3_finalize(st);
    return buf;
}

/* Runs SQL that returns nothing (setup of a test file); 0 or -1. */
static inline int fixture_exec(const char *path, const char *sql)
{
    sqlite3 *db = NULL;
    int rc = sqlite3_open(path, &db);
    if (rc == SQLITE_OK)
        rc = sqlite3_exec(db, sql, NULL, NULL, NULL);
    if (rc != SQLITE_OK)
        fprintf(stderr, "%s: %s: %s\n", path, sql, sqlite3_errmsg(db));
    sqlite3_close(db);
    return rc == SQLITE_OK ? 0 : -1;
}

#endif
