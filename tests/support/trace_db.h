/* trace_db.h — opening a trace (an SQLite file) in a test, to read it.
 *
 * Header only; the test links SQLite (PkgConfig::SQLITE3).
 */
#ifndef WSIM_TESTS_SUPPORT_TRACE_DB_H
#define WSIM_TESTS_SUPPORT_TRACE_DB_H

#include <sqlite3.h>
#include <stdio.h>

/* The trace at path, opened read-only; NULL, said on stderr, when it
 * cannot be opened. */
static inline sqlite3 *open_trace(const char *path)
{
    sqlite3 *db = NULL;
    if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK) {
        fprintf(stderr, "cannot open trace %s: %s\n", path, db ? sqlite3_errmsg(db) : "?");
        sqlite3_close(db);
        return NULL;
    }
    return db;
}

#endif
