/* test_recorder.c — records in, rows out (traces/recorder.h, SCHEMA.md).
 *
 * Usage: test_traces_recorder CASE, one CTest entry per case:
 *   rows     every kind of record gives the documented row, column by
 *            column; meta; the events, errors and program_exits views
 *   batches  more than two batches of WSIM_RECORDER_BATCH records: the
 *            committed batches are visible in the partial file while
 *            recording, and every row is there after close
 *   rename   open removes a stale .partial; close moves the trace to its
 *            path (replacing an old file) and leaves no .partial
 *   discard  discard leaves neither the trace nor the .partial
 *   errors   a duplicate seq fails add and then close, leaving no file; a
 *            path in a missing folder fails open with the path named
 */
#include <stdlib.h>
#include <string.h>

#include "tests/support/cases.h"
#include "tests/support/trace_db.h"
#include "tests/traces/fixture.h"
#include "traces/compare.h"
#include "traces/recorder.h"

#define ROW(sql) fixture_row(db, (sql), row, sizeof row)

/* The case's temporary folder (main makes it and removes it). */
static char *dir;

static void test_rows(void)
{
    char path[512];
    fixture_path(path, sizeof path, dir, "rows.wsimtrace");
    wsim_record recs[FIXTURE_SAMPLE_MAX];
    size_t n = fixture_sample(recs);
    CHECK_INT_EQ(fixture_write_trace(path, recs, n, "9.8.7-test"), 0);
    char err[512];
    CHECK_INT_EQ(wsim_trace_open_check(path, err, sizeof err), 0);

    sqlite3 *db = open_trace(path);
    CHECK(db != NULL);
    if (!db)
        return;
    char row[1024];

    CHECK_STR_EQ(ROW("PRAGMA user_version"), "1");
    CHECK_STR_EQ(ROW("SELECT value FROM meta WHERE key = 'schema_version'"), "1");
    CHECK_STR_EQ(ROW("SELECT value FROM meta WHERE key = 'wsim_version'"), "9.8.7-test");
    CHECK_STR_EQ(ROW("SELECT value FROM meta WHERE key = 'seed'"), "18446744073709551615");
    CHECK_STR_EQ(ROW("SELECT value FROM meta WHERE key = 'scenario'"),
                 "{\"hosts\": [\"alpha\", \"beta\"]}\nsecond line");
    CHECK_STR_EQ(ROW("SELECT value FROM meta WHERE key = 'end_reason'"), "crash");
    CHECK_STR_EQ(ROW("SELECT value FROM meta WHERE key = 'end_detail'"), "process 1 crashed");
    CHECK_STR_EQ(ROW("SELECT value FROM meta WHERE key = 'end_time_ns'"), "1500000000");
    CHECK_STR_EQ(ROW("SELECT value FROM meta WHERE key = 'exit_status'"), "1");
    CHECK_STR_EQ(ROW("SELECT count(*) FROM meta"), "9");
    /* ISO 8601 UTC, e.g. 2024-05-01T12:34:56Z */
    CHECK_STR_EQ(ROW("SELECT value GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T"
                     "[0-9][0-9]:[0-9][0-9]:[0-9][0-9]Z' FROM meta WHERE key = 'wall_clock_start'"),
                 "1");

    CHECK_STR_EQ(ROW("SELECT count(*), group_concat(host || '=' || name || '@' || address) FROM hosts"),
                 "2|0=alpha@10.0.0.1,1=beta@10.0.0.2");

    CHECK_STR_EQ(ROW("SELECT * FROM programs WHERE process = 0"),
                 "0|0|server.so|[\"server\", \"80\"]|4|0|22|14000|return|0");
    CHECK_STR_EQ(ROW("SELECT * FROM programs WHERE process = 1"), "1|1|client.so|[]|5|1000|21|13000|abort|3");

    CHECK_STR_EQ(ROW("SELECT * FROM threads"), "6|2000|0|0|1|worker");

    /* calls: seq, time_ns, start_ns, host, process, thread, function,
     * socket, args, ret, error, stream_offset */
    CHECK_STR_EQ(ROW("SELECT * FROM calls WHERE seq = 7"), "7|6000|5000|0|0|0|send|3|s=3 len=10|10|0|100");
    CHECK_STR_EQ(ROW("SELECT * FROM calls WHERE seq = 8"), "8|6500|6500|1|1|0|WSAStartup|NULL||0|0|0");
    CHECK_STR_EQ(ROW("SELECT * FROM calls WHERE seq = 9"), "9|7000|6900|1|1|0|recv|4|NULL|-1|10035|0");
    CHECK_STR_EQ(ROW("SELECT count(*) FROM calls"), "3");

    /* completions: seq, time_ns, host, process, thread, call_seq, function,
     * bytes, error, delivery */
    CHECK_STR_EQ(ROW("SELECT * FROM completions"), "10|8000|0|0|1|7|WSASend|10|0|routine");

    /* segments: seq, time_ns, host, event, src_addr, src_port, dst_addr,
     * dst_port, seqno, ackno, len, flags, detail */
    CHECK_STR_EQ(ROW("SELECT * FROM segments WHERE seq = 11"),
                 "11|9000|0|send|10.0.0.1|80|10.0.0.2|49152|1000|2000|10|PSH|ACK|data");
    CHECK_STR_EQ(ROW("SELECT * FROM segments WHERE seq = 12"),
                 "12|9100|0|drop|192.168.255.254|65535|10.0.0.2|1|0|0|0|SYN|NULL");
    CHECK_STR_EQ(ROW("SELECT flags, src_addr, src_port FROM segments WHERE seq = 13"), "FIN|0x40|0.0.0.0|0");
    CHECK_STR_EQ(ROW("SELECT flags = '' FROM segments WHERE seq = 14"), "1");

    CHECK_STR_EQ(ROW("SELECT * FROM output WHERE seq = 15"), "15|10000|0|0|stdout|hello");
    CHECK_STR_EQ(ROW("SELECT * FROM output WHERE seq = 16"), "16|10001|0|0|stderr|");

    /* crashes: seq, time_ns, host, process, thread, signal, signal_name,
     * fault_in_guard, description */
    CHECK_STR_EQ(ROW("SELECT * FROM crashes WHERE seq = 17"), "17|11000|1|1|0|11|SIGSEGV|NULL|write to 0x0");
    CHECK_STR_EQ(ROW("SELECT * FROM crashes WHERE seq = 18"), "18|11001|1|1|0|11|SIGSEGV|1|stack overflow");

    /* violations: seq, time_ns, host, process, thread, rule, call_seq,
     * description */
    CHECK_STR_EQ(ROW("SELECT * FROM violations WHERE seq = 19"), "19|12000|0|0|0|W19|7|reused OVERLAPPED");
    CHECK_STR_EQ(ROW("SELECT * FROM violations WHERE seq = 20"), "20|12001|0|0|0|S06|NULL|NULL");

    /* The timeline: every per-kind row once, in seq order. */
    CHECK_STR_EQ(ROW("SELECT count(*), group_concat(seq), sum(summary IS NULL) FROM events"),
                 "19|4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22|0");
    CHECK_STR_EQ(ROW("SELECT group_concat(kind) FROM (SELECT kind FROM events ORDER BY seq)"),
                 "program_start,program_start,thread_start,call,call,call,completion,segment,segment,"
                 "segment,segment,output,output,crash,crash,violation,violation,program_exit,program_exit");
    CHECK_STR_EQ(ROW("SELECT * FROM events WHERE seq = 7"), "7|6000|call|0|0|0|send(s=3 len=10) = 10");
    CHECK_STR_EQ(ROW("SELECT summary FROM events WHERE seq = 9"), "recv() = -1 error 10035");
    CHECK_STR_EQ(ROW("SELECT summary FROM events WHERE seq = 11"),
                 "send 10.0.0.1:80 > 10.0.0.2:49152 [PSH|ACK] seq 1000 ack 2000 len 10: data");
    CHECK_STR_EQ(ROW("SELECT summary FROM events WHERE seq = 21"), "abort 3");
    CHECK_STR_EQ(ROW("SELECT count(*), group_concat(seq) FROM errors"), "1|9");
    CHECK_STR_EQ(ROW("SELECT count(*), group_concat(process) FROM program_exits"), "2|1,0");
    sqlite3_close(db);

    /* Both kind-name ends of the table agree with the view's names. */
    CHECK_STR_EQ(wsim_record_kind_name(WSIM_REC_CALL), "call");
    CHECK_STR_EQ(wsim_record_kind_name(WSIM_REC_PROGRAM_EXIT), "program_exit");
    CHECK_STR_EQ(wsim_record_kind_name((wsim_record_kind)99), "unknown");
}

static wsim_record call_record(uint64_t seq)
{
    wsim_record r = fixture_record(WSIM_REC_CALL, seq, (int64_t)seq * 10);
    r.host = (int32_t)(seq % 3);
    r.process = (int32_t)(seq % 5);
    r.thread = 0;
    r.socket = (int64_t)(seq % 7);
    r.name = seq % 2 ? "send" : "recv";
    r.text = "s=1";
    r.a[0] = (int64_t)seq;
    r.a[1] = seq % 100 == 0 ? 10054 : 0;
    r.a[2] = (int64_t)seq * 10 - 3;
    r.a[3] = (int64_t)seq * 1000;
    return r;
}

static void test_batches(void)
{
    char path[512], partial[600], err[512], row[512], want[512];
    fixture_path(path, sizeof path, dir, "batches.wsimtrace");
    snprintf(partial, sizeof partial, "%s.partial", path);
    const uint64_t total = 2 * WSIM_RECORDER_BATCH + 1808; /* 10000 */
    wsim_recorder *rec = wsim_recorder_open(path, err, sizeof err);
    CHECK(rec != NULL);
    if (!rec)
        return;
    for (uint64_t seq = 1; seq <= total; seq++) {
        wsim_record r = call_record(seq);
        CHECK_INT_EQ(wsim_recorder_add(rec, &r), 0);
    }
    /* Two batches are committed, the third is still open. */
    CHECK(!fixture_exists(path));
    sqlite3 *db = open_trace(partial);
    CHECK(db != NULL);
    if (db) {
        snprintf(want, sizeof want, "%d|%d", 2 * WSIM_RECORDER_BATCH, 2 * WSIM_RECORDER_BATCH);
        CHECK_STR_EQ(fixture_row(db, "SELECT count(*), max(seq) FROM calls", row, sizeof row), want);
        sqlite3_close(db);
    }
    CHECK_INT_EQ(wsim_recorder_close(rec, "test", err, sizeof err), 0);

    db = open_trace(path);
    CHECK(db != NULL);
    if (!db)
        return;
    snprintf(want, sizeof want, "%llu|1|%llu|%llu", (unsigned long long)total, (unsigned long long)total,
             (unsigned long long)(total / 100));
    CHECK_STR_EQ(fixture_row(db, "SELECT count(*), min(seq), max(seq), (SELECT count(*) FROM errors) FROM calls",
                             row, sizeof row),
                 want);
    static const uint64_t edges[] = {1, WSIM_RECORDER_BATCH, WSIM_RECORDER_BATCH + 1, 2 * WSIM_RECORDER_BATCH,
                                     2 * WSIM_RECORDER_BATCH + 1, 10000};
    for (size_t i = 0; i < sizeof edges / sizeof edges[0]; i++) {
        uint64_t s = edges[i];
        char sql[128];
        snprintf(sql, sizeof sql, "SELECT * FROM calls WHERE seq = %llu", (unsigned long long)s);
        snprintf(want, sizeof want, "%llu|%llu|%llu|%llu|%llu|0|%s|%llu|s=1|%llu|%d|%llu", (unsigned long long)s,
                 (unsigned long long)s * 10, (unsigned long long)s * 10 - 3, (unsigned long long)(s % 3),
                 (unsigned long long)(s % 5), s % 2 ? "send" : "recv", (unsigned long long)(s % 7),
                 (unsigned long long)s, s % 100 == 0 ? 10054 : 0, (unsigned long long)s * 1000);
        CHECK_STR_EQ(fixture_row(db, sql, row, sizeof row), want);
    }
    sqlite3_close(db);
}

static void write_file(const char *path, const char *content)
{
    FILE *f = fopen(path, "wb");
    CHECK(f != NULL);
    if (f) {
        fputs(content, f);
        fclose(f);
    }
}

static void test_rename(void)
{
    char path[512], partial[600], err[512];
    fixture_path(path, sizeof path, dir, "rename.wsimtrace");
    snprintf(partial, sizeof partial, "%s.partial", path);
    write_file(partial, "stale garbage from a run that was killed");
    write_file(path, "an old trace");

    wsim_recorder *rec = wsim_recorder_open(path, err, sizeof err);
    CHECK(rec != NULL);
    if (!rec)
        return;
    CHECK(fixture_exists(partial));
    wsim_record recs[FIXTURE_SAMPLE_MAX];
    size_t n = fixture_sample(recs);
    for (size_t i = 0; i < n; i++)
        CHECK_INT_EQ(wsim_recorder_add(rec, &recs[i]), 0);
    /* Until close, the old file is untouched and the new one is partial. */
    CHECK(wsim_trace_open_check(path, err, sizeof err) == -1);
    CHECK_INT_EQ(wsim_recorder_close(rec, "test", err, sizeof err), 0);
    CHECK(fixture_exists(path));
    CHECK(!fixture_exists(partial));
    CHECK_INT_EQ(wsim_trace_open_check(path, err, sizeof err), 0);
}

static void test_discard(void)
{
    char path[512], partial[600], err[512];
    fixture_path(path, sizeof path, dir, "discard.wsimtrace");
    snprintf(partial, sizeof partial, "%s.partial", path);
    wsim_recorder *rec = wsim_recorder_open(path, err, sizeof err);
    CHECK(rec != NULL);
    if (!rec)
        return;
    for (uint64_t seq = 1; seq <= WSIM_RECORDER_BATCH + 10; seq++) {
        wsim_record r = call_record(seq);
        CHECK_INT_EQ(wsim_recorder_add(rec, &r), 0);
    }
    CHECK(fixture_exists(partial));
    wsim_recorder_discard(rec);
    CHECK(!fixture_exists(path));
    CHECK(!fixture_exists(partial));
    wsim_recorder_discard(NULL);
}

static void test_errors(void)
{
    char path[512], partial[600], err[512];
    fixture_path(path, sizeof path, dir, "errors.wsimtrace");
    snprintf(partial, sizeof partial, "%s.partial", path);
    wsim_recorder *rec = wsim_recorder_open(path, err, sizeof err);
    CHECK(rec != NULL);
    if (!rec)
        return;
    wsim_record r = call_record(5);
    CHECK_INT_EQ(wsim_recorder_add(rec, &r), 0);
    CHECK(wsim_recorder_error(rec) == NULL);
    CHECK_INT_EQ(wsim_recorder_add(rec, &r), -1); /* same seq again */
    CHECK_CONTAINS(wsim_recorder_error(rec), "call record seq 5");
    r = call_record(6);
    CHECK_INT_EQ(wsim_recorder_add(rec, &r), -1); /* sticks */
    err[0] = '\0';
    CHECK_INT_EQ(wsim_recorder_close(rec, "test", err, sizeof err), -1);
    CHECK_CONTAINS(err, "seq 5");
    CHECK_CONTAINS(err, partial);
    CHECK(!fixture_exists(path));
    CHECK(!fixture_exists(partial));

    /* An unknown kind is an error too. */
    rec = wsim_recorder_open(path, err, sizeof err);
    CHECK(rec != NULL);
    if (rec) {
        wsim_record bad = fixture_record((wsim_record_kind)77, 1, 0);
        CHECK_INT_EQ(wsim_recorder_add(rec, &bad), -1);
        CHECK_CONTAINS(wsim_recorder_error(rec), "unknown kind 77");
        wsim_recorder_discard(rec);
    }

    char missing[600];
    snprintf(missing, sizeof missing, "%s/no-such-folder/t.wsimtrace", dir);
    err[0] = '\0';
    CHECK(wsim_recorder_open(missing, err, sizeof err) == NULL);
    CHECK_CONTAINS(err, "no-such-folder/t.wsimtrace");
}

static const test_case cases[] = {
    {"rows", test_rows},
    {"batches", test_batches},
    {"rename", test_rename},
    {"discard", test_discard},
    {"errors", test_errors},
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
