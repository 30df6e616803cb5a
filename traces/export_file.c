/* export_file.c — an exporter's output file, written whole or not at all
 * (export.h). */
#include "traces/export.h"

#include <errno.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "traces/compare.h"

int wsim_export_open_trace(const char *trace, sqlite3 **db, char *err, size_t err_size)
{
    if (wsim_trace_open_db(trace, db, err, err_size) != 0)
        return -1;
    if (sqlite3_exec(*db, "BEGIN", NULL, NULL, NULL) != SQLITE_OK) {
        snprintf(err, err_size, "%s: %s", trace, sqlite3_errmsg(*db));
        sqlite3_close(*db);
        *db = NULL;
        return -1;
    }
    return 0;
}

int wsim_export_file_open(wsim_export_file *out, const char *path, char *err, size_t err_size)
{
    memset(out, 0, sizeof *out);
    size_t n = strlen(path);
    out->path = malloc(n + 1);
    out->partial = malloc(n + sizeof ".partial");
    if (!out->path || !out->partial) {
        free(out->path);
        free(out->partial);
        snprintf(err, err_size, "%s: out of memory", path);
        return -1;
    }
    memcpy(out->path, path, n + 1);
    snprintf(out->partial, n + sizeof ".partial", "%s.partial", path);
    out->f = fopen(out->partial, "wb");
    if (!out->f) {
        snprintf(err, err_size, "%s: cannot write: %s", out->partial, strerror(errno));
        free(out->path);
        free(out->partial);
        out->path = out->partial = NULL;
        return -1;
    }
    return 0;
}

int wsim_export_file_finish(wsim_export_file *out, int ok, char *err, size_t err_size)
{
    int rc = 0;
    if (out->f) {
        if (ferror(out->f)) {
            if (ok)
                snprintf(err, err_size, "%s: write error", out->partial);
            ok = 0;
        }
        if (fclose(out->f) != 0 && ok) {
            snprintf(err, err_size, "%s: cannot close: %s", out->partial, strerror(errno));
            ok = 0;
        }
        out->f = NULL;
    }
    if (out->partial) {
        if (ok && rename(out->partial, out->path) != 0) {
            snprintf(err, err_size, "%s: cannot rename to %s: %s", out->partial, out->path,
                     strerror(errno));
            ok = 0;
        }
        if (!ok)
            remove(out->partial);
    }
    if (!ok)
        rc = -1;
    free(out->path);
    free(out->partial);
    out->path = out->partial = NULL;
    return rc;
}
