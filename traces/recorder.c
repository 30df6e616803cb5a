/* recorder.c — the SQLite trace writer (see recorder.h, traces/SCHEMA.md).
 *
 * Owns: the schema text (schema_sql below is the only place the tables and
 * views are created), the insert statements, the mapping from a record's
 * fields to columns, and the "<path>.partial" → <path> rename.
 *
 * Mapping rules that apply to every table:
 *  - host, process, thread and socket are stored as NULL where the record
 *    says -1 ("does not apply"), so joins and COUNT(column) behave;
 *  - a call_seq of 0 in a violation (no call) is stored as NULL, as is a
 *    crash's fault_in_guard of -1 (not known whether the fault hit the
 *    guard page);
 *  - a NULL string stays NULL, an empty one stays "".
 * The only non-deterministic values of a trace are meta wall_clock_start
 * and wsim_version; wsim_trace_compare() skips exactly those two.
 */
#include "traces/recorder.h"
#include "traces/events_sql.h"

#include <errno.h>
#include <inttypes.h>
#include <sqlite3.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>


/* The whole schema, version 1.  Keep traces/SCHEMA.md in step with it, and
 * bump WSIM_TRACE_SCHEMA_VERSION when a table or column changes meaning. */
static const char schema_sql[] =
    "CREATE TABLE meta (\n"
    "  key   TEXT PRIMARY KEY,\n"
    "  value TEXT\n"
    ");\n"
    "CREATE TABLE hosts (\n"
    "  host    INTEGER PRIMARY KEY,\n"
    "  name    TEXT,\n"
    "  address TEXT\n"
    ");\n"
    "CREATE TABLE programs (\n"
    "  process   INTEGER PRIMARY KEY,\n"
    "  host      INTEGER,\n"
    "  module    TEXT,\n"
    "  args      TEXT,\n"
    "  start_seq INTEGER,\n"
    "  start_ns  INTEGER,\n"
    "  exit_seq  INTEGER,\n"
    "  exit_ns   INTEGER,\n"
    "  exit_how  TEXT,\n"
    "  exit_code INTEGER\n"
    ");\n"
    "CREATE TABLE calls (\n"
    "  seq           INTEGER PRIMARY KEY,\n"
    "  time_ns       INTEGER NOT NULL,\n"
    "  start_ns      INTEGER,\n"
    "  host          INTEGER,\n"
    "  process       INTEGER,\n"
    "  thread        INTEGER,\n"
    "  function      TEXT,\n"
    "  socket        INTEGER,\n"
    "  args          TEXT,\n"
    "  ret           INTEGER,\n"
    "  error         INTEGER,\n"
    "  stream_offset INTEGER\n"
    ");\n"
    "CREATE TABLE completions (\n"
    "  seq      INTEGER PRIMARY KEY,\n"
    "  time_ns  INTEGER NOT NULL,\n"
    "  host     INTEGER,\n"
    "  process  INTEGER,\n"
    "  thread   INTEGER,\n"
    "  call_seq INTEGER,\n"
    "  function TEXT,\n"
    "  bytes    INTEGER,\n"
    "  error    INTEGER,\n"
    "  delivery TEXT\n"
    ");\n"
    "CREATE TABLE segments (\n"
    "  seq      INTEGER PRIMARY KEY,\n"
    "  time_ns  INTEGER NOT NULL,\n"
    "  host     INTEGER,\n"
    "  event    TEXT,\n"
    "  src_addr TEXT,\n"
    "  src_port INTEGER,\n"
    "  dst_addr TEXT,\n"
    "  dst_port INTEGER,\n"
    "  seqno    INTEGER,\n"
    "  ackno    INTEGER,\n"
    "  len      INTEGER,\n"
    "  flags    TEXT,\n"
    "  detail   TEXT\n"
    ");\n"
    "CREATE TABLE output (\n"
    "  seq     INTEGER PRIMARY KEY,\n"
    "  time_ns INTEGER NOT NULL,\n"
    "  host    INTEGER,\n"
    "  process INTEGER,\n"
    "  stream  TEXT,\n"
    "  line    TEXT\n"
    ");\n"
    "CREATE TABLE crashes (\n"
    "  seq            INTEGER PRIMARY KEY,\n"
    "  time_ns        INTEGER NOT NULL,\n"
    "  host           INTEGER,\n"
    "  process        INTEGER,\n"
    "  thread         INTEGER,\n"
    "  signal         INTEGER,\n"
    "  signal_name    TEXT,\n"
    "  fault_in_guard INTEGER,\n"
    "  description    TEXT\n"
    ");\n"
    "CREATE TABLE violations (\n"
    "  seq         INTEGER PRIMARY KEY,\n"
    "  time_ns     INTEGER NOT NULL,\n"
    "  host        INTEGER,\n"
    "  process     INTEGER,\n"
    "  thread      INTEGER,\n"
    "  rule        TEXT,\n"
    "  call_seq    INTEGER,\n"
    "  description TEXT\n"
    ");\n"
    "CREATE TABLE threads (\n"
    "  seq     INTEGER PRIMARY KEY,\n"
    "  time_ns INTEGER NOT NULL,\n"
    "  host    INTEGER,\n"
    "  process INTEGER,\n"
    "  thread  INTEGER,\n"
    "  entry   TEXT\n"
    ");\n"
    "CREATE TABLE faults (\n"
    "  seq     INTEGER PRIMARY KEY,\n"
    "  time_ns INTEGER NOT NULL,\n"
    "  kind    TEXT,\n"
    "  host    INTEGER,\n"
    "  target  TEXT\n"
    ");\n"
    "CREATE TABLE payloads (\n"
    "  seq     INTEGER PRIMARY KEY REFERENCES segments,\n"
    "  wire    TEXT,\n"
    "  bytes   BLOB NOT NULL\n"
    ");\n"
    "CREATE TABLE choices (\n"
    "  seq     INTEGER PRIMARY KEY,\n"
    "  time_ns INTEGER NOT NULL,\n"
    "  host    INTEGER,\n"
    "  process INTEGER,\n"
    "  thread  INTEGER,\n"
    "  socket  INTEGER,\n"
    "  what    TEXT,\n"
    "  value   INTEGER,\n"
    "  low     INTEGER,\n"
    "  high    INTEGER,\n"
    "  detail  TEXT\n"
    ");\n"
    /* The whole run as one timeline: traces/events_sql.h. */
    "CREATE VIEW events (seq, time_ns, kind, host, process, thread, summary) AS\n"
    WSIM_TRACE_EVENTS_SELECT ";\n"
    "CREATE VIEW errors AS\n"
    "  SELECT * FROM calls WHERE error != 0 ORDER BY seq;\n"
    "CREATE VIEW program_exits AS\n"
    "  SELECT process, host, module, exit_how, exit_code, exit_seq, exit_ns\n"
    "    FROM programs WHERE exit_seq IS NOT NULL ORDER BY exit_seq;\n";

/* Every meta key, present from the start (NULL until known), so a reader can
 * tell "not recorded" from "no such key in this schema". */
static const char *const meta_keys[] = {
    "schema_version", "wsim_version", "wall_clock_start", "seed", "scenario",
    "end_reason", "end_detail", "end_time_ns", "exit_status",
};

enum {
    ST_META,
    ST_HOST,
    ST_PROGRAM_START,
    ST_PROGRAM_EXIT,
    ST_THREAD,
    ST_CALL,
    ST_COMPLETION,
    ST_SEGMENT,
    ST_OUTPUT,
    ST_CRASH,
    ST_VIOLATION,
    ST_FAULT,
    ST_CHOICE,
    ST_PAYLOAD,
    ST_COUNT
};

/* Parameters are numbered in column order of the tables above. */
static const char *const insert_sql[ST_COUNT] = {
    [ST_META] = "INSERT OR REPLACE INTO meta (key, value) VALUES (?1, ?2)",
    [ST_HOST] = "INSERT INTO hosts (host, name, address) VALUES (?1, ?2, ?3)",
    [ST_PROGRAM_START] = "INSERT INTO programs (process, host, module, args, start_seq, start_ns)"
                         " VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    /* An exit normally updates its start's row; an exit without a start
     * (should not happen) still gets a row rather than vanishing. */
    [ST_PROGRAM_EXIT] = "INSERT INTO programs (process, host, exit_seq, exit_ns, exit_how, exit_code)"
                        " VALUES (?1, ?2, ?3, ?4, ?5, ?6)"
                        " ON CONFLICT (process) DO UPDATE SET exit_seq = excluded.exit_seq,"
                        " exit_ns = excluded.exit_ns, exit_how = excluded.exit_how,"
                        " exit_code = excluded.exit_code",
    [ST_THREAD] = "INSERT INTO threads (seq, time_ns, host, process, thread, entry)"
                  " VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    [ST_CALL] = "INSERT INTO calls (seq, time_ns, start_ns, host, process, thread, function, socket,"
                " args, ret, error, stream_offset)"
                " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
    [ST_COMPLETION] = "INSERT INTO completions (seq, time_ns, host, process, thread, call_seq,"
                      " function, bytes, error, delivery)"
                      " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
    [ST_SEGMENT] = "INSERT INTO segments (seq, time_ns, host, event, src_addr, src_port, dst_addr,"
                   " dst_port, seqno, ackno, len, flags, detail)"
                   " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
    [ST_OUTPUT] = "INSERT INTO output (seq, time_ns, host, process, stream, line)"
                  " VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    [ST_CRASH] = "INSERT INTO crashes (seq, time_ns, host, process, thread, signal, signal_name,"
                 " fault_in_guard, description) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
    [ST_VIOLATION] = "INSERT INTO violations (seq, time_ns, host, process, thread, rule, call_seq,"
                     " description) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    [ST_FAULT] = "INSERT INTO faults (seq, time_ns, kind, host, target) VALUES (?1, ?2, ?3, ?4, ?5)",
    [ST_CHOICE] = "INSERT INTO choices (seq, time_ns, host, process, thread, socket, what, value,"
                  " low, high, detail) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
    /* A payload in pieces: the first makes the row, the others append. */
    [ST_PAYLOAD] = "INSERT INTO payloads (seq, wire, bytes) VALUES (?1, ?2, ?3)"
                   " ON CONFLICT (seq) DO UPDATE SET bytes = bytes || excluded.bytes",
};

struct wsim_recorder {
    sqlite3 *db;
    sqlite3_stmt *st[ST_COUNT];
    char *path;
    char *partial;
    unsigned in_batch; /* records since the last COMMIT */
    unsigned commit_interval_ms; /* 0: commit by count only */
    struct timespec last_commit; /* CLOCK_MONOTONIC, for commit_interval_ms */
    uint64_t committed_seq;      /* seq of the last record committed */
    uint64_t pending_seq;        /* seq of the last record added */
    int failed;
    char error[512];
};

static void set_err(char *err, size_t err_size, const char *fmt, ...)
{
    if (!err || !err_size)
        return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err, err_size, fmt, ap);
    va_end(ap);
}

static char *dup_cat(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    char *s = malloc(la + lb + 1);
    if (s) {
        memcpy(s, a, la);
        memcpy(s + la, b, lb + 1);
    }
    return s;
}

/* Removes the partial database and any side file an older SQLite mode may
 * have left next to it (a stale journal must never be replayed into it). */
static void remove_partial(const char *partial)
{
    static const char *const suffixes[] = {"", "-journal", "-wal", "-shm"};
    for (size_t i = 0; i < sizeof suffixes / sizeof suffixes[0]; i++) {
        char *p = dup_cat(partial, suffixes[i]);
        if (p) {
            unlink(p);
            free(p);
        }
    }
}

static void release(wsim_recorder *r)
{
    for (int i = 0; i < ST_COUNT; i++)
        sqlite3_finalize(r->st[i]);
    if (r->db)
        sqlite3_close(r->db);
    free(r->path);
    free(r->partial);
    free(r);
}

static int exec(wsim_recorder *r, const char *sql)
{
    char *msg = NULL;
    if (sqlite3_exec(r->db, sql, NULL, NULL, &msg) != SQLITE_OK) {
        snprintf(r->error, sizeof r->error, "%s: %s", r->partial, msg ? msg : sqlite3_errmsg(r->db));
        sqlite3_free(msg);
        r->failed = 1;
        return -1;
    }
    return 0;
}

/* Runs a prepared insert whose parameters are bound; resets it for reuse. */
static int step(wsim_recorder *r, int which, const wsim_record *rec)
{
    sqlite3_stmt *st = r->st[which];
    int rc = sqlite3_step(st);
    sqlite3_reset(st);
    if (rc != SQLITE_DONE) {
        if (rec)
            snprintf(r->error, sizeof r->error, "%s: %s record seq %" PRIu64 ": %s", r->partial,
                     wsim_record_kind_name(rec->kind), rec->seq, sqlite3_errmsg(r->db));
        else
            snprintf(r->error, sizeof r->error, "%s: %s", r->partial, sqlite3_errmsg(r->db));
        r->failed = 1;
        return -1;
    }
    return 0;
}

static void bind_text(sqlite3_stmt *st, int i, const char *s)
{
    /* SQLITE_STATIC is right: the statement runs before add() returns. */
    if (s)
        sqlite3_bind_text(st, i, s, -1, SQLITE_STATIC);
    else
        sqlite3_bind_null(st, i);
}

/* -1 means "does not apply" for host, process, thread, socket. */
static void bind_id(sqlite3_stmt *st, int i, int64_t v)
{
    if (v == -1)
        sqlite3_bind_null(st, i);
    else
        sqlite3_bind_int64(st, i, v);
}

/* The columns most event tables start with: seq, time_ns, host, process,
 * thread (1-5). */
static void bind_origin(sqlite3_stmt *st, const wsim_record *x)
{
    sqlite3_bind_int64(st, 1, (sqlite3_int64)x->seq);
    sqlite3_bind_int64(st, 2, x->time_ns);
    bind_id(st, 3, x->host);
    bind_id(st, 4, x->process);
    bind_id(st, 5, x->thread);
}

static int set_meta(wsim_recorder *r, const char *key, const char *value)
{
    sqlite3_stmt *st = r->st[ST_META];
    bind_text(st, 1, key);
    bind_text(st, 2, value);
    return step(r, ST_META, NULL);
}

static int set_meta_int(wsim_recorder *r, const char *key, int64_t v)
{
    char buf[32];
    snprintf(buf, sizeof buf, "%" PRId64, v);
    return set_meta(r, key, buf);
}

/* "a.b.c.d" from the packed (ipv4 << 16) | port of a segment record; the
 * address is in host byte order, so its top byte is a. */
static void format_addr(int64_t packed, char *buf, size_t size, int *port)
{
    uint64_t v = (uint64_t)packed;
    uint32_t ip = (uint32_t)(v >> 16);
    *port = (int)(v & 0xFFFF);
    snprintf(buf, size, "%u.%u.%u.%u", (unsigned)(ip >> 24) & 255u, (unsigned)(ip >> 16) & 255u,
             (unsigned)(ip >> 8) & 255u, (unsigned)ip & 255u);
}

/* "SYN|ACK" from the TCP flag bits; bits without a name follow in hex
 * ("FIN|0x40") so nothing is lost; no flags give "". */
static void format_flags(int64_t flags, char *buf, size_t size)
{
    static const char *const names[] = {"FIN", "SYN", "RST", "PSH", "ACK", "URG"};
    size_t len = 0;
    buf[0] = '\0';
    uint64_t v = (uint64_t)flags;
    for (unsigned i = 0; i < 6; i++) {
        if (v & (1u << i)) {
            len += (size_t)snprintf(buf + len, size - len, "%s%s", len ? "|" : "", names[i]);
            if (len >= size)
                return;
        }
    }
    uint64_t rest = v & ~(uint64_t)0x3F;
    if (rest)
        snprintf(buf + len, size - len, "%s0x%" PRIx64, len ? "|" : "", rest);
}

/* ISO 8601 UTC, second precision.  The one wall-clock read in wsim. */
static void wall_clock_now(char *buf, size_t size)
{
    time_t now = time(NULL);
    struct tm tm;
    if (now == (time_t)-1 || !gmtime_r(&now, &tm) || !strftime(buf, size, "%Y-%m-%dT%H:%M:%SZ", &tm))
        snprintf(buf, size, "unknown");
}

wsim_recorder *wsim_recorder_open(const char *path, char *err, size_t err_size)
{
    if (!path || !*path) {
        set_err(err, err_size, "trace path is empty");
        return NULL;
    }
    wsim_recorder *r = calloc(1, sizeof *r);
    if (!r || !(r->path = dup_cat(path, "")) || !(r->partial = dup_cat(path, ".partial"))) {
        set_err(err, err_size, "%s: out of memory", path);
        if (r)
            release(r);
        return NULL;
    }
    remove_partial(r->partial);

    if (sqlite3_open_v2(r->partial, &r->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) !=
        SQLITE_OK) {
        set_err(err, err_size, "%s: cannot create: %s", r->partial,
                r->db ? sqlite3_errmsg(r->db) : "out of memory");
        release(r);
        return NULL;
    }
    /* A write-ahead log: a kill of wsim at any instant (SIGKILL, a full
     * disk) leaves the partial file as of its last commit, never a torn
     * page.  synchronous = NORMAL costs no fsync per commit; only a power
     * failure could lose the last commits, and never the file's integrity. */
    char user_version[64];
    snprintf(user_version, sizeof user_version, "PRAGMA user_version = %d;", WSIM_TRACE_SCHEMA_VERSION);
    if (exec(r, "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;") != 0 ||
        exec(r, "BEGIN;") != 0 || exec(r, schema_sql) != 0 || exec(r, user_version) != 0)
        goto fail;
    for (int i = 0; i < ST_COUNT; i++) {
        if (sqlite3_prepare_v3(r->db, insert_sql[i], -1, SQLITE_PREPARE_PERSISTENT, &r->st[i], NULL) !=
            SQLITE_OK) {
            snprintf(r->error, sizeof r->error, "%s: preparing insert %d: %s", r->partial, i,
                     sqlite3_errmsg(r->db));
            goto fail;
        }
    }
    for (size_t i = 0; i < sizeof meta_keys / sizeof meta_keys[0]; i++)
        if (set_meta(r, meta_keys[i], NULL) != 0)
            goto fail;
    char wall[64];
    wall_clock_now(wall, sizeof wall);
    /* The schema and the first meta rows are committed at once, so the
     * partial file is a readable (cut) trace from its first instant. */
    if (set_meta_int(r, "schema_version", WSIM_TRACE_SCHEMA_VERSION) != 0 ||
        set_meta(r, "wall_clock_start", wall) != 0 || exec(r, "COMMIT; BEGIN;") != 0)
        goto fail;
    clock_gettime(CLOCK_MONOTONIC, &r->last_commit);
    return r;

fail:
    set_err(err, err_size, "%s", r->error);
    wsim_recorder_discard(r);
    return NULL;
}

const char *wsim_recorder_error(const wsim_recorder *r)
{
    return r && r->failed ? r->error : NULL;
}

/* One piece of a payload: its hex text back into bytes. */
static int add_payload(wsim_recorder *r, const wsim_record *x)
{
    const char *hex = x->text ? x->text : "";
    size_t n = strlen(hex) / 2;
    unsigned char *bytes = malloc(n ? n : 1);
    if (!bytes) {
        snprintf(r->error, sizeof r->error, "%s: out of memory", r->partial);
        r->failed = 1;
        return -1;
    }
    for (size_t i = 0; i < n; i++) {
        unsigned v = 0;
        for (int k = 0; k < 2; k++) {
            char c = hex[2 * i + (size_t)k];
            v = v * 16 + (unsigned)(c >= 'a' ? c - 'a' + 10 : c >= 'A' ? c - 'A' + 10 : c - '0');
        }
        bytes[i] = (unsigned char)v;
    }
    sqlite3_stmt *st = r->st[ST_PAYLOAD];
    sqlite3_bind_int64(st, 1, (sqlite3_int64)x->seq);
    bind_text(st, 2, x->name);
    sqlite3_bind_blob(st, 3, bytes, (int)n, SQLITE_TRANSIENT);
    free(bytes);
    return step(r, ST_PAYLOAD, x);
}

static int add_rows(wsim_recorder *r, const wsim_record *x)
{
    sqlite3_stmt *st;
    char buf[64];
    switch (x->kind) {
    case WSIM_REC_RUN_START:
        snprintf(buf, sizeof buf, "%" PRIu64, (uint64_t)x->a[0]); /* seeds are unsigned */
        if (set_meta(r, "seed", buf) != 0 || set_meta(r, "scenario", x->text) != 0)
            return -1;
        return 0;
    case WSIM_REC_RUN_END:
        if (set_meta(r, "end_reason", x->name) != 0 || set_meta(r, "end_detail", x->text) != 0 ||
            set_meta_int(r, "end_time_ns", x->time_ns) != 0 ||
            set_meta_int(r, "exit_status", x->a[0]) != 0)
            return -1;
        return 0;
    case WSIM_REC_HOST:
        st = r->st[ST_HOST];
        sqlite3_bind_int64(st, 1, x->host);
        bind_text(st, 2, x->name);
        bind_text(st, 3, x->text);
        return step(r, ST_HOST, x);
    case WSIM_REC_PROGRAM_START:
        st = r->st[ST_PROGRAM_START];
        sqlite3_bind_int64(st, 1, x->process);
        bind_id(st, 2, x->host);
        bind_text(st, 3, x->name);
        bind_text(st, 4, x->text);
        sqlite3_bind_int64(st, 5, (sqlite3_int64)x->seq);
        sqlite3_bind_int64(st, 6, x->time_ns);
        return step(r, ST_PROGRAM_START, x);
    case WSIM_REC_PROGRAM_EXIT:
        st = r->st[ST_PROGRAM_EXIT];
        sqlite3_bind_int64(st, 1, x->process);
        bind_id(st, 2, x->host);
        sqlite3_bind_int64(st, 3, (sqlite3_int64)x->seq);
        sqlite3_bind_int64(st, 4, x->time_ns);
        bind_text(st, 5, x->name);
        sqlite3_bind_int64(st, 6, x->a[0]);
        return step(r, ST_PROGRAM_EXIT, x);
    case WSIM_REC_THREAD_START:
        st = r->st[ST_THREAD];
        bind_origin(st, x);   /* columns 1-5 */
        bind_text(st, 6, x->name);
        return step(r, ST_THREAD, x);
    case WSIM_REC_CALL:
        st = r->st[ST_CALL];
        sqlite3_bind_int64(st, 1, (sqlite3_int64)x->seq);
        sqlite3_bind_int64(st, 2, x->time_ns);
        sqlite3_bind_int64(st, 3, x->a[2]);
        bind_id(st, 4, x->host);
        bind_id(st, 5, x->process);
        bind_id(st, 6, x->thread);
        bind_text(st, 7, x->name);
        bind_id(st, 8, x->socket);
        bind_text(st, 9, x->text);
        sqlite3_bind_int64(st, 10, x->a[0]);
        sqlite3_bind_int64(st, 11, x->a[1]);
        bind_id(st, 12, x->a[3]);   /* -1: not a transfer on a stream */
        return step(r, ST_CALL, x);
    case WSIM_REC_COMPLETION:
        st = r->st[ST_COMPLETION];
        bind_origin(st, x);   /* columns 1-5 */
        sqlite3_bind_int64(st, 6, x->a[0]);
        bind_text(st, 7, x->name);
        sqlite3_bind_int64(st, 8, x->a[1]);
        sqlite3_bind_int64(st, 9, x->a[2]);
        bind_text(st, 10, x->text);
        return step(r, ST_COMPLETION, x);
    case WSIM_REC_SEGMENT: {
        char src[20], dst[20], flags[96];
        int src_port, dst_port;
        format_addr(x->a[0], src, sizeof src, &src_port);
        format_addr(x->a[1], dst, sizeof dst, &dst_port);
        format_flags(x->a[5], flags, sizeof flags);
        st = r->st[ST_SEGMENT];
        sqlite3_bind_int64(st, 1, (sqlite3_int64)x->seq);
        sqlite3_bind_int64(st, 2, x->time_ns);
        bind_id(st, 3, x->host);
        bind_text(st, 4, x->name);
        sqlite3_bind_text(st, 5, src, -1, SQLITE_TRANSIENT);
        sqlite3_bind_int(st, 6, src_port);
        sqlite3_bind_text(st, 7, dst, -1, SQLITE_TRANSIENT);
        sqlite3_bind_int(st, 8, dst_port);
        sqlite3_bind_int64(st, 9, x->a[2]);
        sqlite3_bind_int64(st, 10, x->a[3]);
        sqlite3_bind_int64(st, 11, x->a[4]);
        sqlite3_bind_text(st, 12, flags, -1, SQLITE_TRANSIENT);
        bind_text(st, 13, x->text);
        return step(r, ST_SEGMENT, x);
    }
    case WSIM_REC_OUTPUT:
        st = r->st[ST_OUTPUT];
        sqlite3_bind_int64(st, 1, (sqlite3_int64)x->seq);
        sqlite3_bind_int64(st, 2, x->time_ns);
        bind_id(st, 3, x->host);
        bind_id(st, 4, x->process);
        bind_text(st, 5, x->name);
        bind_text(st, 6, x->text);
        return step(r, ST_OUTPUT, x);
    case WSIM_REC_CRASH:
        st = r->st[ST_CRASH];
        bind_origin(st, x);   /* columns 1-5 */
        sqlite3_bind_int64(st, 6, x->a[0]);
        bind_text(st, 7, x->name);
        bind_id(st, 8, x->a[1]);
        bind_text(st, 9, x->text);
        return step(r, ST_CRASH, x);
    case WSIM_REC_VIOLATION:
        st = r->st[ST_VIOLATION];
        bind_origin(st, x);   /* columns 1-5 */
        bind_text(st, 6, x->name);
        if (x->a[0] == 0)
            sqlite3_bind_null(st, 7);
        else
            sqlite3_bind_int64(st, 7, x->a[0]);
        bind_text(st, 8, x->text);
        return step(r, ST_VIOLATION, x);
    case WSIM_REC_FAULT:
        st = r->st[ST_FAULT];
        sqlite3_bind_int64(st, 1, (sqlite3_int64)x->seq);
        sqlite3_bind_int64(st, 2, x->time_ns);
        bind_text(st, 3, x->name);
        bind_id(st, 4, x->host);
        bind_text(st, 5, x->text);
        return step(r, ST_FAULT, x);
    case WSIM_REC_CHOICE:
        st = r->st[ST_CHOICE];
        bind_origin(st, x);   /* columns 1-5 */
        bind_id(st, 6, x->socket);
        bind_text(st, 7, x->name);
        sqlite3_bind_int64(st, 8, x->a[0]);
        sqlite3_bind_int64(st, 9, x->a[1]);
        sqlite3_bind_int64(st, 10, x->a[2]);
        bind_text(st, 11, x->text);
        return step(r, ST_CHOICE, x);
    case WSIM_REC_PAYLOAD:
        return add_payload(r, x);
    }
    snprintf(r->error, sizeof r->error, "%s: record seq %" PRIu64 " has unknown kind %d", r->partial,
             x->seq, (int)x->kind);
    r->failed = 1;
    return -1;
}

void wsim_recorder_set_commit_interval(wsim_recorder *r, unsigned ms)
{
    r->commit_interval_ms = ms;
}

static int commit(wsim_recorder *r)
{
    if (exec(r, "COMMIT; BEGIN;") != 0)
        return -1;
    r->in_batch = 0;
    r->committed_seq = r->pending_seq;
    clock_gettime(CLOCK_MONOTONIC, &r->last_commit);
    return 0;
}

/* Whether commit_interval_ms has passed since the last commit.  Wall-clock
 * time decides only when rows reach the disk, never what they hold. */
static int interval_due(const wsim_recorder *r)
{
    if (r->commit_interval_ms == 0)
        return 0;
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    int64_t ms = (int64_t)(now.tv_sec - r->last_commit.tv_sec) * 1000 +
                 (now.tv_nsec - r->last_commit.tv_nsec) / 1000000;
    return ms >= (int64_t)r->commit_interval_ms;
}

int wsim_recorder_add(wsim_recorder *r, const wsim_record *record)
{
    if (r->failed)
        return -1;
    if (add_rows(r, record) != 0)
        return -1;
    r->pending_seq = record->seq;
    ++r->in_batch;
    /* The clock is read once every 64 records: cheap, and still far finer
     * than any sensible interval. */
    if (r->in_batch >= WSIM_RECORDER_BATCH || (r->in_batch % 64 == 0 && interval_due(r)))
        return commit(r);
    return 0;
}

int wsim_recorder_tick(wsim_recorder *r)
{
    if (r->failed)
        return -1;
    if (r->in_batch > 0 && interval_due(r))
        return commit(r);
    return 0;
}

uint64_t wsim_recorder_committed_seq(const wsim_recorder *r)
{
    return r->committed_seq;
}

int wsim_recorder_keep_partial(wsim_recorder *r, char *err, size_t err_size)
{
    /* What the last commit holds stays; the open transaction (the rows
     * that could not be written) goes. */
    if (r->db)
        sqlite3_exec(r->db, "ROLLBACK;", NULL, NULL, NULL);
    for (int i = 0; i < ST_COUNT; i++) {
        sqlite3_finalize(r->st[i]);
        r->st[i] = NULL;
    }
    int rc = r->db ? sqlite3_close(r->db) : SQLITE_OK;
    r->db = NULL;
    set_err(err, err_size, "%s", r->partial);
    release(r);
    return rc == SQLITE_OK ? 0 : -1;
}

int wsim_recorder_close(wsim_recorder *r, const char *wsim_version, char *err, size_t err_size)
{
    /* Back to a rollback journal once everything is in: the checkpoint
     * folds the log into the file, and the finished trace is one file. */
    if (!r->failed && set_meta(r, "wsim_version", wsim_version) == 0 && exec(r, "COMMIT;") == 0)
        exec(r, "PRAGMA journal_mode = DELETE;");
    if (r->failed) {
        set_err(err, err_size, "%s", r->error);
        wsim_recorder_discard(r);
        return -1;
    }
    for (int i = 0; i < ST_COUNT; i++) {
        sqlite3_finalize(r->st[i]);
        r->st[i] = NULL;
    }
    int rc = sqlite3_close(r->db);
    r->db = NULL;
    if (rc != SQLITE_OK) {
        set_err(err, err_size, "%s: closing: %s", r->partial, sqlite3_errstr(rc));
        wsim_recorder_discard(r);
        return -1;
    }
    if (rename(r->partial, r->path) != 0) {
        set_err(err, err_size, "%s: cannot rename to %s: %s", r->partial, r->path, strerror(errno));
        wsim_recorder_discard(r);
        return -1;
    }
    release(r);
    return 0;
}

void wsim_recorder_discard(wsim_recorder *r)
{
    if (!r)
        return;
    for (int i = 0; i < ST_COUNT; i++) {
        sqlite3_finalize(r->st[i]);
        r->st[i] = NULL;
    }
    if (r->db) {
        sqlite3_close(r->db);
        r->db = NULL;
    }
    remove_partial(r->partial);
    release(r);
}
