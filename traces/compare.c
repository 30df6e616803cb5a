/* compare.c — validating trace files and comparing two of them.
 *
 * Owns: the reader-side checks every trace reader shares (see compare.h)
 * and the row-by-row comparison used by replay and the determinism tests.
 *
 * The comparison does not know the schema's tables: it walks whatever
 * tables the first file has (sqlite_master), so a table added in a later
 * schema version is compared without touching this file.  Each table is read
 * from both files in primary-key order and merged like two sorted lists;
 * memory use is one row per file whatever the trace's size.
 */
#include "traces/compare.h"

#include <errno.h>
#include <inttypes.h>
#include <sqlite3.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "traces/recorder.h"

/* Longest excerpt of a text value a report shows, in bytes. */
#define REPORT_EXCERPT 80

static void set_err(char *err, size_t err_size, const char *fmt, ...)
{
    if (!err || !err_size)
        return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err, err_size, fmt, ap);
    va_end(ap);
}

/* Runs a query expected to give one row; its first column as int64 or text
 * is left in the statement for the caller.  SQLITE_ROW, SQLITE_DONE (no row)
 * or an error code. */
static int query_one(sqlite3 *db, const char *sql, const char *bind, sqlite3_stmt **out)
{
    int rc = sqlite3_prepare_v2(db, sql, -1, out, NULL);
    if (rc != SQLITE_OK)
        return rc;
    if (bind)
        sqlite3_bind_text(*out, 1, bind, -1, SQLITE_STATIC);
    return sqlite3_step(*out);
}

/* ---- the reader's bound ----------------------------------------------------
 * A trace is a file from anywhere: its views and triggers could have been
 * replaced by ones that never end.  Readers read tables only, and every
 * query on a connection opened here is bounded: a progress handler counts
 * SQLite's virtual-machine steps and interrupts the connection past a
 * budget proportional to the file's size (every reader walks each table a
 * few times at most). */
#define READER_STEPS_PER_CALL 1000
#define READER_BASE_STEPS 10000000ull
#define READER_STEPS_PER_BYTE 256ull

typedef struct reader_bound {
    uint64_t calls, max_calls;
    int hit;
} reader_bound;

static int reader_progress(void *ctx)
{
    reader_bound *b = ctx;
    if (++b->calls <= b->max_calls)
        return 0;
    b->hit = 1;
    return 1;
}

/* The bound lives as long as the connection: it is the user data of a
 * function that is never called, whose destructor SQLite runs on close. */
static void reader_bound_unused(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    (void)argv;
    sqlite3_result_null(ctx);
}

static int install_bound(sqlite3 *db, uint64_t file_bytes)
{
    reader_bound *b = calloc(1, sizeof *b);
    if (!b)
        return -1;
    b->max_calls = (READER_BASE_STEPS + READER_STEPS_PER_BYTE * file_bytes) / READER_STEPS_PER_CALL;
    if (sqlite3_create_function_v2(db, "wsim_reader_bound", 0, SQLITE_UTF8, b, reader_bound_unused,
                                   NULL, NULL, free) != SQLITE_OK)
        return -1;   /* SQLite has called free(b) already */
    sqlite3_progress_handler(db, READER_STEPS_PER_CALL, reader_progress, b);
    return 0;
}

const char *wsim_trace_errmsg(struct sqlite3 *db)
{
    if (sqlite3_errcode(db) == SQLITE_INTERRUPT)
        return "a query passed the reader's bound on work (the file's views, triggers or tables"
               " are not what a wsim trace holds)";
    return sqlite3_errmsg(db);
}

/* The tables of schema version 1 (traces/SCHEMA.md).  Each must be a table:
 * a view of the same name would run arbitrary queries in the readers. */
static const char *const trace_tables[] = {
    "meta",   "hosts",   "programs",   "calls",  "completions", "segments",
    "output", "crashes", "violations", "threads", "faults",     "choices",
};

static int check_tables(const char *path, sqlite3 *db, char *err, size_t err_size)
{
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(db, "SELECT type FROM sqlite_master WHERE name = ?1", -1, &st, NULL) !=
        SQLITE_OK) {
        set_err(err, err_size, "%s: corrupt database: %s", path, wsim_trace_errmsg(db));
        return -1;
    }
    for (size_t i = 0; i < sizeof trace_tables / sizeof trace_tables[0]; i++) {
        sqlite3_reset(st);
        sqlite3_bind_text(st, 1, trace_tables[i], -1, SQLITE_STATIC);
        int rc = sqlite3_step(st);
        if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
            set_err(err, err_size, "%s: corrupt database: %s", path, wsim_trace_errmsg(db));
            sqlite3_finalize(st);
            return -1;
        }
        const char *type = rc == SQLITE_ROW ? (const char *)sqlite3_column_text(st, 0) : NULL;
        if (!type || strcmp(type, "table") != 0) {
            set_err(err, err_size, "%s: not a wsim trace (%s is %s%s, not a table)", path,
                    trace_tables[i], type ? "a " : "missing", type ? type : "");
            sqlite3_finalize(st);
            return -1;
        }
    }
    sqlite3_finalize(st);
    return 0;
}

static int check_db(const char *path, sqlite3 *db, char *err, size_t err_size)
{
    sqlite3_stmt *st = NULL;
    int rc;

    /* quick_check reads every page: a truncated or overwritten file is
     * reported here rather than halfway through a comparison. */
    rc = query_one(db, "PRAGMA quick_check", NULL, &st);
    if (rc != SQLITE_ROW) {
        set_err(err, err_size, "%s: corrupt database: %s", path, wsim_trace_errmsg(db));
        goto fail;
    }
    const char *verdict = (const char *)sqlite3_column_text(st, 0);
    if (!verdict || strcmp(verdict, "ok") != 0) {
        /* quick_check's first finding, on one line, without its
         * "*** in database main ***" heading. */
        static const char heading[] = "*** in database main ***";
        if (verdict && strncmp(verdict, heading, sizeof heading - 1) == 0)
            verdict += sizeof heading - 1;
        while (verdict && (*verdict == '\n' || *verdict == ' '))
            verdict++;
        set_err(err, err_size, "%s: corrupt database: %s", path, verdict ? verdict : "quick_check failed");
        for (char *p = err ? strchr(err, '\n') : NULL; p; p = strchr(p, '\n'))
            *p = ' ';
        goto fail;
    }
    sqlite3_finalize(st);

    rc = query_one(db, "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'meta'",
                   NULL, &st);
    if (rc != SQLITE_ROW) {
        set_err(err, err_size, "%s: corrupt database: %s", path, sqlite3_errmsg(db));
        goto fail;
    }
    if (sqlite3_column_int(st, 0) != 1) {
        set_err(err, err_size, "%s: not a wsim trace (no meta table)", path);
        goto fail;
    }
    sqlite3_finalize(st);
    st = NULL;

    rc = query_one(db, "PRAGMA user_version", NULL, &st);
    if (rc != SQLITE_ROW) {
        set_err(err, err_size, "%s: corrupt database: %s", path, sqlite3_errmsg(db));
        goto fail;
    }
    long long user_version = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);

    rc = query_one(db, "SELECT value FROM meta WHERE key = 'schema_version'", NULL, &st);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
        set_err(err, err_size, "%s: corrupt database: %s", path, sqlite3_errmsg(db));
        goto fail;
    }
    const char *meta_version = rc == SQLITE_ROW ? (const char *)sqlite3_column_text(st, 0) : NULL;
    if (!meta_version) {
        set_err(err, err_size, "%s: not a wsim trace (meta has no schema_version)", path);
        goto fail;
    }
    char *end;
    errno = 0;
    long long version = strtoll(meta_version, &end, 10);
    if (errno || end == meta_version || *end || version != user_version) {
        set_err(err, err_size,
                "%s: not a wsim trace (meta schema_version '%s' does not match user_version %lld)",
                path, meta_version, user_version);
        goto fail;
    }
    if (version != WSIM_TRACE_SCHEMA_VERSION) {
        set_err(err, err_size, "%s: trace schema version %lld is not supported (this wsim reads version %d)",
                path, version, WSIM_TRACE_SCHEMA_VERSION);
        goto fail;
    }
    sqlite3_finalize(st);
    return check_tables(path, db, err, err_size);

fail:
    sqlite3_finalize(st);
    return -1;
}

int wsim_trace_open_db(const char *path, sqlite3 **db, char *err, size_t err_size)
{
    *db = NULL;
    struct stat sb;
    if (stat(path, &sb) != 0) {
        set_err(err, err_size, "%s: cannot open: %s", path, strerror(errno));
        return -1;
    }
    if (!S_ISREG(sb.st_mode)) {
        set_err(err, err_size, "%s: not a wsim trace (not a regular file)", path);
        return -1;
    }
    /* Look at the magic first: SQLite's own message for a non-database
     * ("file is not a database") does not say which check failed. */
    static const char magic[16] = "SQLite format 3";
    char head[16];
    FILE *f = fopen(path, "rb");
    if (!f) {
        set_err(err, err_size, "%s: cannot open: %s", path, strerror(errno));
        return -1;
    }
    size_t got = fread(head, 1, sizeof head, f);
    fclose(f);
    if (got == 0) {
        set_err(err, err_size, "%s: not a wsim trace (empty file)", path);
        return -1;
    }
    if (got < sizeof head || memcmp(head, magic, sizeof head) != 0) {
        set_err(err, err_size, "%s: not a wsim trace (not an SQLite database)", path);
        return -1;
    }
    if (sqlite3_open_v2(path, db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK) {
        set_err(err, err_size, "%s: cannot open: %s", path, *db ? sqlite3_errmsg(*db) : "out of memory");
        sqlite3_close(*db);
        *db = NULL;
        return -1;
    }
    /* Nothing in the file runs with more trust than the file deserves:
     * no functions with side effects from its schema, no writable schema,
     * and a bound on every query. */
    if (sqlite3_db_config(*db, SQLITE_DBCONFIG_TRUSTED_SCHEMA, 0, (int *)NULL) != SQLITE_OK ||
        sqlite3_db_config(*db, SQLITE_DBCONFIG_DEFENSIVE, 1, (int *)NULL) != SQLITE_OK ||
        install_bound(*db, (uint64_t)sb.st_size) != 0) {
        set_err(err, err_size, "%s: cannot open: %s", path, sqlite3_errmsg(*db));
        sqlite3_close(*db);
        *db = NULL;
        return -1;
    }
    if (check_db(path, *db, err, err_size) != 0) {
        sqlite3_close(*db);
        *db = NULL;
        return -1;
    }
    return 0;
}

int wsim_trace_open_check(const char *path, char *err, size_t err_size)
{
    sqlite3 *db;
    if (wsim_trace_open_db(path, &db, err, err_size) != 0)
        return -1;
    sqlite3_close(db);
    return 0;
}

/* ---- comparison ---------------------------------------------------------- */

struct side {
    const char *path;
    sqlite3 *db;
};

struct cmp {
    struct side a, b;
    FILE *report;
    int header_done; /* the "a: …, b: …" lines are out */
    int differ;
    char *err;
    size_t err_size;
};

static void report_header(struct cmp *c)
{
    c->differ = 1;
    if (!c->report || c->header_done)
        return;
    fprintf(c->report, "traces differ\n  a: %s\n  b: %s\n", c->a.path, c->b.path);
    c->header_done = 1;
}

/* The order SQLite's ORDER BY uses with the BINARY collation: NULL, then
 * numbers, then text (memcmp), then blobs (memcmp). */
static int type_rank(int type)
{
    switch (type) {
    case SQLITE_NULL: return 0;
    case SQLITE_INTEGER:
    case SQLITE_FLOAT: return 1;
    case SQLITE_TEXT: return 2;
    default: return 3;
    }
}

static int bytes_cmp(const void *x, int nx, const void *y, int ny)
{
    int n = nx < ny ? nx : ny;
    int c = n ? memcmp(x, y, (size_t)n) : 0;
    if (c)
        return c < 0 ? -1 : 1;
    return nx < ny ? -1 : nx > ny;
}

static int value_cmp(sqlite3_stmt *x, int ix, sqlite3_stmt *y, int iy)
{
    int tx = sqlite3_column_type(x, ix), ty = sqlite3_column_type(y, iy);
    int rx = type_rank(tx), ry = type_rank(ty);
    if (rx != ry)
        return rx < ry ? -1 : 1;
    switch (rx) {
    case 0:
        return 0;
    case 1:
        if (tx == SQLITE_INTEGER && ty == SQLITE_INTEGER) {
            sqlite3_int64 vx = sqlite3_column_int64(x, ix), vy = sqlite3_column_int64(y, iy);
            return vx < vy ? -1 : vx > vy;
        } else {
            double vx = sqlite3_column_double(x, ix), vy = sqlite3_column_double(y, iy);
            return vx < vy ? -1 : vx > vy;
        }
    case 2: {
        const unsigned char *sx = sqlite3_column_text(x, ix), *sy = sqlite3_column_text(y, iy);
        return bytes_cmp(sx, sqlite3_column_bytes(x, ix), sy, sqlite3_column_bytes(y, iy));
    }
    default: {
        const void *bx = sqlite3_column_blob(x, ix), *by = sqlite3_column_blob(y, iy);
        return bytes_cmp(bx, sqlite3_column_bytes(x, ix), by, sqlite3_column_bytes(y, iy));
    }
    }
}

/* Equal means same storage class too: 3 and 3.0 are not the same trace. */
static int value_equal(sqlite3_stmt *x, sqlite3_stmt *y, int i)
{
    return sqlite3_column_type(x, i) == sqlite3_column_type(y, i) && value_cmp(x, i, y, i) == 0;
}

/* Prints text with control characters escaped, so a multi-line value (the
 * scenario) stays on one report line. */
static void print_escaped(FILE *out, const unsigned char *s, int n)
{
    for (int i = 0; i < n; i++) {
        unsigned char ch = s[i];
        if (ch == '\n')
            fputs("\\n", out);
        else if (ch == '\t')
            fputs("\\t", out);
        else if (ch == '\\' || ch == '\'')
            fprintf(out, "\\%c", ch);
        else if (ch < 0x20 || ch == 0x7f)
            fprintf(out, "\\x%02x", ch);
        else
            fputc(ch, out);
    }
}

/* One value for the report.  Long texts show an excerpt around `from`
 * (the first byte where the two sides differ) and their length. */
static void print_value(FILE *out, sqlite3_stmt *st, int i, int from)
{
    switch (sqlite3_column_type(st, i)) {
    case SQLITE_NULL:
        fputs("NULL", out);
        return;
    case SQLITE_INTEGER:
        fprintf(out, "%lld", (long long)sqlite3_column_int64(st, i));
        return;
    case SQLITE_FLOAT:
        fprintf(out, "%.17g", sqlite3_column_double(st, i));
        return;
    case SQLITE_TEXT: {
        const unsigned char *s = sqlite3_column_text(st, i);
        int n = sqlite3_column_bytes(st, i);
        if (n <= REPORT_EXCERPT) {
            fputc('\'', out);
            print_escaped(out, s, n);
            fputc('\'', out);
            return;
        }
        int start = from > REPORT_EXCERPT / 2 ? from - REPORT_EXCERPT / 2 : 0;
        if (start > n)
            start = n;
        int len = n - start < REPORT_EXCERPT ? n - start : REPORT_EXCERPT;
        fputs(start ? "'..." : "'", out);
        print_escaped(out, s + start, len);
        fprintf(out, "%s' (%d bytes, differs at byte %d)", start + len < n ? "..." : "", n, from);
        return;
    }
    default: {
        const unsigned char *b = sqlite3_column_blob(st, i);
        int n = sqlite3_column_bytes(st, i);
        fputs("x'", out);
        for (int k = 0; k < n && k < REPORT_EXCERPT / 2; k++)
            fprintf(out, "%02x", b[k]);
        fprintf(out, "%s' (%d bytes)", n > REPORT_EXCERPT / 2 ? "..." : "", n);
        return;
    }
    }
}

/* First byte where two text values differ, for the excerpt. */
static int first_text_difference(sqlite3_stmt *x, sqlite3_stmt *y, int i)
{
    if (sqlite3_column_type(x, i) != SQLITE_TEXT || sqlite3_column_type(y, i) != SQLITE_TEXT)
        return 0;
    const unsigned char *sx = sqlite3_column_text(x, i), *sy = sqlite3_column_text(y, i);
    int nx = sqlite3_column_bytes(x, i), ny = sqlite3_column_bytes(y, i);
    int k = 0;
    while (k < nx && k < ny && sx[k] == sy[k])
        k++;
    return k;
}

static void print_key(FILE *out, const char *key_name, sqlite3_stmt *st, int key_col)
{
    fprintf(out, "%s ", key_name);
    print_value(out, st, key_col, 0);
}

/* Builds "SELECT * FROM "t" ... ORDER BY key" and the key column's index.
 * Identifiers come from the file, so they are quoted. */
static int prepare_table(struct side *s, const char *table, const char *key, sqlite3_stmt **st,
                         char *err, size_t err_size)
{
    int is_meta = strcmp(table, "meta") == 0;
    char *sql = sqlite3_mprintf("SELECT * FROM \"%w\"%s ORDER BY \"%w\"", table,
                                is_meta ? " WHERE key NOT IN ('wall_clock_start', 'wsim_version')" : "",
                                key);
    if (!sql) {
        set_err(err, err_size, "out of memory");
        return -1;
    }
    int rc = sqlite3_prepare_v2(s->db, sql, -1, st, NULL);
    sqlite3_free(sql);
    if (rc != SQLITE_OK) {
        set_err(err, err_size, "%s: reading table %s: %s", s->path, table, sqlite3_errmsg(s->db));
        return -1;
    }
    return 0;
}

/* The table's primary-key column in file a; NULL (use rowid order) when it
 * has none or a composite one.  Caller frees with sqlite3_free. */
static char *primary_key(struct side *s, const char *table)
{
    sqlite3_stmt *st = NULL;
    char *key = NULL;
    int count = 0;
    if (sqlite3_prepare_v2(s->db, "SELECT name FROM pragma_table_info(?1) WHERE pk > 0", -1, &st, NULL) ==
        SQLITE_OK) {
        sqlite3_bind_text(st, 1, table, -1, SQLITE_STATIC);
        while (sqlite3_step(st) == SQLITE_ROW) {
            if (count++ == 0)
                key = sqlite3_mprintf("%s", (const char *)sqlite3_column_text(st, 0));
        }
    }
    sqlite3_finalize(st);
    if (count != 1) {
        sqlite3_free(key);
        return NULL;
    }
    return key;
}

static int compare_table(struct cmp *c, const char *table)
{
    sqlite3_stmt *sa = NULL, *sb = NULL;
    int result = -1;
    char *key = primary_key(&c->a, table);
    const char *key_name = key ? key : "rowid";
    if (prepare_table(&c->a, table, key_name, &sa, c->err, c->err_size) != 0 ||
        prepare_table(&c->b, table, key_name, &sb, c->err, c->err_size) != 0)
        goto done;

    int ncol = sqlite3_column_count(sa);
    int same_columns = ncol == sqlite3_column_count(sb);
    for (int i = 0; same_columns && i < ncol; i++)
        same_columns = strcmp(sqlite3_column_name(sa, i), sqlite3_column_name(sb, i)) == 0;
    if (!same_columns) {
        report_header(c);
        if (c->report) {
            fprintf(c->report, "table %s: columns differ: a has", table);
            for (int i = 0; i < ncol; i++)
                fprintf(c->report, " %s", sqlite3_column_name(sa, i));
            fputs(", b has", c->report);
            for (int i = 0; i < sqlite3_column_count(sb); i++)
                fprintf(c->report, " %s", sqlite3_column_name(sb, i));
            fputc('\n', c->report);
        }
        result = 0;
        goto done;
    }
    int key_col = 0;
    for (int i = 0; key && i < ncol; i++)
        if (strcmp(sqlite3_column_name(sa, i), key) == 0)
            key_col = i;

    long long differing = 0;
    int ra = sqlite3_step(sa), rb = sqlite3_step(sb);
    while (ra == SQLITE_ROW || rb == SQLITE_ROW) {
        int order = ra != SQLITE_ROW ? 1 : rb != SQLITE_ROW ? -1 : value_cmp(sa, key_col, sb, key_col);
        int col = -1;
        if (order == 0) {
            for (int i = 0; i < ncol && col < 0; i++)
                if (!value_equal(sa, sb, i))
                    col = i;
            if (col < 0) {
                ra = sqlite3_step(sa);
                rb = sqlite3_step(sb);
                continue;
            }
        }
        if (differing++ == 0) {
            report_header(c);
            if (c->report) {
                fprintf(c->report, "table %s: ", table);
                if (order < 0) {
                    print_key(c->report, key_name, sa, key_col);
                    fputs(" only in a", c->report);
                } else if (order > 0) {
                    print_key(c->report, key_name, sb, key_col);
                    fputs(" only in b", c->report);
                } else {
                    int from = first_text_difference(sa, sb, col);
                    print_key(c->report, key_name, sa, key_col);
                    fprintf(c->report, ", column %s: a = ", sqlite3_column_name(sa, col));
                    print_value(c->report, sa, col, from);
                    fputs(", b = ", c->report);
                    print_value(c->report, sb, col, from);
                }
            }
        }
        if (order <= 0)
            ra = sqlite3_step(sa);
        if (order >= 0)
            rb = sqlite3_step(sb);
    }
    if (ra != SQLITE_DONE) {
        set_err(c->err, c->err_size, "%s: reading table %s: %s", c->a.path, table, sqlite3_errmsg(c->a.db));
        goto done;
    }
    if (rb != SQLITE_DONE) {
        set_err(c->err, c->err_size, "%s: reading table %s: %s", c->b.path, table, sqlite3_errmsg(c->b.db));
        goto done;
    }
    if (differing && c->report)
        fprintf(c->report, " (%lld row%s differ%s)\n", differing, differing == 1 ? "" : "s",
                differing == 1 ? "s" : "");
    result = 0;
done:
    sqlite3_finalize(sa);
    sqlite3_finalize(sb);
    sqlite3_free(key);
    return result;
}

/* The tables and views of one file, sorted by name. */
static int list_objects(struct side *s, sqlite3_stmt **st, char *err, size_t err_size)
{
    if (sqlite3_prepare_v2(s->db,
                           "SELECT name, type, sql FROM sqlite_master"
                           " WHERE type IN ('table', 'view', 'trigger', 'index')"
                           " AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name",
                           -1, st, NULL) != SQLITE_OK) {
        set_err(err, err_size, "%s: reading the schema: %s", s->path, sqlite3_errmsg(s->db));
        return -1;
    }
    return 0;
}

static int compare_files(struct cmp *c)
{
    sqlite3_stmt *la = NULL, *lb = NULL;
    int result = -1;
    if (list_objects(&c->a, &la, c->err, c->err_size) != 0 || list_objects(&c->b, &lb, c->err, c->err_size) != 0)
        goto done;
    int ra = sqlite3_step(la), rb = sqlite3_step(lb);
    while (ra == SQLITE_ROW || rb == SQLITE_ROW) {
        int order = ra != SQLITE_ROW ? 1 : rb != SQLITE_ROW ? -1 : value_cmp(la, 0, lb, 0);
        if (order != 0) {
            sqlite3_stmt *st = order < 0 ? la : lb;
            report_header(c);
            if (c->report)
                fprintf(c->report, "schema: %s %s only in %s\n", (const char *)sqlite3_column_text(st, 1),
                        (const char *)sqlite3_column_text(st, 0), order < 0 ? "a" : "b");
        } else if (!value_equal(la, lb, 1)) {
            report_header(c);
            if (c->report)
                fprintf(c->report, "schema: %s is a %s in a, a %s in b\n",
                        (const char *)sqlite3_column_text(la, 0), (const char *)sqlite3_column_text(la, 1),
                        (const char *)sqlite3_column_text(lb, 1));
        } else if (!value_equal(la, lb, 2)) {
            /* Same name and kind, another definition: a changed view or
             * trigger, or a table with other columns. */
            report_header(c);
            if (c->report) {
                fprintf(c->report, "schema: %s %s differs\n  a: ", (const char *)sqlite3_column_text(la, 1),
                        (const char *)sqlite3_column_text(la, 0));
                int from = first_text_difference(la, lb, 2);
                print_value(c->report, la, 2, from);
                fputs("\n  b: ", c->report);
                print_value(c->report, lb, 2, from);
                fputc('\n', c->report);
            }
        } else if (strcmp((const char *)sqlite3_column_text(la, 1), "table") == 0) {
            if (compare_table(c, (const char *)sqlite3_column_text(la, 0)) != 0)
                goto done;
        }
        if (order <= 0)
            ra = sqlite3_step(la);
        if (order >= 0)
            rb = sqlite3_step(lb);
    }
    if (ra != SQLITE_DONE || rb != SQLITE_DONE) {
        struct side *s = ra != SQLITE_DONE ? &c->a : &c->b;
        set_err(c->err, c->err_size, "%s: reading the schema: %s", s->path, sqlite3_errmsg(s->db));
        goto done;
    }
    result = c->differ;
done:
    sqlite3_finalize(la);
    sqlite3_finalize(lb);
    return result;
}

int wsim_trace_compare(const char *path_a, const char *path_b, FILE *report, char *err, size_t err_size)
{
    struct cmp c = {.a = {path_a, NULL}, .b = {path_b, NULL}, .report = report, .err = err, .err_size = err_size};
    int result = -1;
    if (wsim_trace_open_db(path_a, &c.a.db, err, err_size) == 0 &&
        wsim_trace_open_db(path_b, &c.b.db, err, err_size) == 0)
        result = compare_files(&c);
    sqlite3_close(c.a.db);
    sqlite3_close(c.b.db);
    return result;
}
