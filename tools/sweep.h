/* sweep.h — `wsim sweep`: many seeds of one scenario, each judged.
 *
 *   sweep.c         running the seeds (a worker process each), progress,
 *                   the failure table, the summary database
 *   sweep_merge.c   `wsim sweep merge`: shard summaries joined into one
 *
 * The summary database (README, "Sweeps"):
 *
 *   sweep(key TEXT PRIMARY KEY, value TEXT)
 *       scenario       the scenario's full text
 *       seeds          the range swept, "A..B"
 *       wsim_version   not compared by merge
 *   seeds(seed INTEGER PRIMARY KEY, outcome TEXT, reason TEXT,
 *         virtual_ns INTEGER, events INTEGER, wall_ms REAL, trace TEXT)
 *       outcome        tools/verdict.h's names: pass, exit, violation …
 *       reason         the broken rule in words ('' on a pass)
 *       virtual_ns     virtual time the run ended
 *       events         rows of the run's events view
 *       wall_ms        how long the seed took (the only column that varies)
 *       trace          the trace's file name beside the database, or NULL
 *                      when it was not kept
 */
#ifndef WSIM_TOOLS_SWEEP_H
#define WSIM_TOOLS_SWEEP_H

struct sqlite3;

/* Creates the summary tables in db.  0, or -1 with err. */
int wsim_sweep_summary_create(struct sqlite3 *db, char *err, unsigned err_size);

#endif
