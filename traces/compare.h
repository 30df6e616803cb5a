/* compare.h — checking and comparing finished trace files.
 *
 * Owns: what makes a file "a readable wsim trace" (an SQLite database that
 * passes PRAGMA quick_check, has a meta table, and whose PRAGMA user_version
 * and meta schema_version agree on a version this build reads), and what
 * "two traces are equal" means: every row and column of every table equal,
 * and the same set of tables and views, except meta's wall_clock_start and
 * wsim_version, the only values allowed to differ between two runs of one
 * scenario and seed (M04).
 *
 * Every message names the file it is about.  Nothing here writes to a trace:
 * files are opened read-only, with SQLite's trusted_schema off and defensive
 * on, every query bounded (a progress handler; the budget grows with the
 * file's size), and every table of the schema checked to be a table, not a
 * view: readers read tables only, never the file's views.  The comparison
 * covers the schema too: every table, view, trigger and index, by its SQL.
 */
#ifndef WSIM_TRACES_COMPARE_H
#define WSIM_TRACES_COMPARE_H

#include <stddef.h>
#include <stdio.h>

struct sqlite3;

/* 0 if `path` is a readable wsim trace of a supported schema version, else
 * -1 with err saying which file and what is wrong (missing, not SQLite, not
 * a wsim trace, unsupported version, corrupt). */
int wsim_trace_open_check(const char *path, char *err, size_t err_size);

/* The same checks, leaving the database open read-only in *db on success
 * (close it with sqlite3_close).  For the other trace readers (summary,
 * tools) so that every reader rejects bad files the same way. */
int wsim_trace_open_db(const char *path, struct sqlite3 **db, char *err, size_t err_size);

/* The message for the last error on a connection wsim_trace_open_db made:
 * sqlite3_errmsg, except that a query stopped by the reader's bound (a
 * file whose views or triggers never end) says so. */
const char *wsim_trace_errmsg(struct sqlite3 *db);

/* 0 when the traces are equal (see above), 1 when they differ, -1 on error
 * (err filled).  When they differ and `report` is not NULL, it gets one
 * paragraph per differing table: the first differing row by primary key
 * (seq, or meta's key), the column and both values, and how many rows
 * differ in all. */
int wsim_trace_compare(const char *path_a, const char *path_b, FILE *report, char *err,
                       size_t err_size);

#endif
