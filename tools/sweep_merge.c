/* sweep_merge.c — `wsim sweep merge A.db B.db … -o OUT.db`: the summaries
 * of the shards of one sweep (sweep.h) joined into one, equal to the
 * summary of the same sweep run unsharded in every column but wall_ms (and
 * the wsim_version row, taken from the first input).
 *
 * Refused: inputs that swept another scenario text or another range than
 * the first (they are not shards of one sweep), and a seed two inputs both
 * hold.  The traces a summary names stay beside their own shard's summary.
 */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tools/options.h"
#include "tools/sweep.h"
#include "tools/tool.h"

static char *sweep_value(sqlite3 *db, const char *schema, const char *key)
{
    char sql[128];
    snprintf(sql, sizeof sql, "SELECT value FROM %s.sweep WHERE key = ?", schema);
    sqlite3_stmt *st;
    char *value = NULL;
    if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
        return NULL;
    sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
    if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_text(st, 0))
        value = strdup((const char *)sqlite3_column_text(st, 0));
    sqlite3_finalize(st);
    return value;
}

static int exec(sqlite3 *db, const char *sql)
{
    return sqlite3_exec(db, sql, NULL, NULL, NULL) == SQLITE_OK ? 0 : -1;
}

/* Joins input into db (attached as "src"); first is the first input. */
static int merge_one(sqlite3 *db, const char *input, const char *first, char **scenario,
                     char **range)
{
    if (access(input, R_OK) != 0) {
        fprintf(stderr, "wsim sweep merge: %s: cannot read\n", input);
        return -1;
    }
    sqlite3_stmt *attach;
    if (sqlite3_prepare_v2(db, "ATTACH ? AS src", -1, &attach, NULL) != SQLITE_OK)
        return -1;
    sqlite3_bind_text(attach, 1, input, -1, SQLITE_STATIC);
    int rc = sqlite3_step(attach);
    sqlite3_finalize(attach);
    if (rc != SQLITE_DONE) {
        fprintf(stderr, "wsim sweep merge: %s: %s\n", input, sqlite3_errmsg(db));
        return -1;
    }
    int ok = 0;
    char *text = sweep_value(db, "src", "scenario");
    char *seeds = sweep_value(db, "src", "seeds");
    if (!text || !seeds) {
        fprintf(stderr, "wsim sweep merge: %s: not a sweep summary (no scenario or seeds row)\n",
                input);
    } else if (*scenario && strcmp(*scenario, text) != 0) {
        fprintf(stderr, "wsim sweep merge: %s: a sweep of another scenario than %s\n", input, first);
    } else if (*range && strcmp(*range, seeds) != 0) {
        fprintf(stderr, "wsim sweep merge: %s: a sweep of seeds %s, but %s swept %s\n", input, seeds,
                first, *range);
    } else {
        sqlite3_stmt *dup;
        ok = sqlite3_prepare_v2(db, "SELECT seed FROM src.seeds WHERE seed IN"
                                    " (SELECT seed FROM main.seeds) ORDER BY seed LIMIT 1",
                                -1, &dup, NULL) == SQLITE_OK;
        if (ok && sqlite3_step(dup) == SQLITE_ROW) {
            fprintf(stderr, "wsim sweep merge: %s: seed %lld is in an earlier input too\n", input,
                    (long long)sqlite3_column_int64(dup, 0));
            ok = 0;
        }
        sqlite3_finalize(dup);
        if (ok && !*scenario) {
            *scenario = text;
            *range = seeds;
            text = seeds = NULL;
            ok = exec(db, "INSERT INTO main.sweep SELECT key, value FROM src.sweep") == 0;
        }
        ok = ok && exec(db, "INSERT INTO main.seeds SELECT seed, outcome, reason, virtual_ns,"
                            " events, wall_ms, trace FROM src.seeds") == 0;
        if (!ok)
            fprintf(stderr, "wsim sweep merge: %s: %s\n", input, sqlite3_errmsg(db));
    }
    free(text);
    free(seeds);
    exec(db, "DETACH src");
    return ok ? 0 : -1;
}

static const wsim_option merge_options[] = {
    {"-o", "OUT.db", "write the joined summary to OUT.db (required)"},
    {NULL, NULL, NULL},
};

static int merge_main(const wsim_args *args)
{
    const char *out = wsim_arg(args, "-o");
    if (!out)
        return wsim_usage_error(args->command, "-o OUT.db is required");
    char *const *inputs = args->operands;
    size_t n = (size_t)args->operand_count;
    char partial[4200];
    snprintf(partial, sizeof partial, "%s.partial", out);
    unlink(partial);
    sqlite3 *db = NULL;
    char err[512] = "";
    int rc = WSIM_EXIT_USAGE;
    char *scenario = NULL, *range = NULL;
    if (sqlite3_open(partial, &db) != SQLITE_OK ||
        wsim_sweep_summary_create(db, err, sizeof err) != 0) {
        fprintf(stderr, "wsim sweep merge: cannot write %s: %s\n", out,
                err[0] ? err : sqlite3_errmsg(db));
        rc = WSIM_EXIT_FAILED;
    } else {
        size_t i = 0;
        while (i < n && merge_one(db, inputs[i], inputs[0], &scenario, &range) == 0)
            i++;
        /* No enclosing transaction: SQLite cannot DETACH inside one.  The
         * file is only renamed into place once complete. */
        if (i == n)
            rc = WSIM_EXIT_OK;
    }
    sqlite3_close(db);
    if (rc == WSIM_EXIT_OK && rename(partial, out) != 0) {
        fprintf(stderr, "wsim sweep merge: cannot write %s\n", out);
        rc = WSIM_EXIT_FAILED;
    }
    if (rc != WSIM_EXIT_OK)
        unlink(partial);
    else
        printf("merged %zu summaries into %s\n", n, out);
    free(scenario);
    free(range);
    return rc;
}

const wsim_command wsim_sweep_merge_command = {
    .name = "sweep merge",
    .synopsis = "SUMMARY.db ... -o OUT.db",
    .summary = "join the summaries of a sweep's shards.",
    .description =
        "Joins the summary.db files of the shards of one sweep (`wsim sweep\n"
        "--shard K/N`) into OUT.db, equal to the summary of the same sweep run\n"
        "unsharded in every column but wall_ms.  Refuses summaries of another\n"
        "scenario or range and a seed two of them hold; then writes nothing.\n"
        "Exits 0 when merged, 2 when refused, 1 when OUT.db cannot be written.",
    .min_operands = 1,
    .max_operands = -1,
    .options = merge_options,
    .run = merge_main,
};
