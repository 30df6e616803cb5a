/* recorder.h — turns wsim_record values into a SQLite trace file.
 *
 * Owns: the trace schema (version WSIM_TRACE_SCHEMA_VERSION, documented
 * table by table in traces/SCHEMA.md; the CREATE statements live in one
 * place, recorder.c) and the file's life cycle.  It borrows each record only
 * for the duration of wsim_recorder_add().
 *
 * Life cycle: open writes to "<path>.partial" (removing a stale one) in
 * SQLite's WAL mode and commits the schema at once, so the partial file is a
 * readable trace from the start; add inserts rows, committing every
 * WSIM_RECORDER_BATCH records, and also once the commit interval (if set)
 * has passed; tick commits on the interval when no record comes (a program
 * stuck in a loop).  A kill at any instant leaves the partial file intact
 * as of its last commit, with no end_reason in meta: a cut trace, which the
 * readers accept and report as such.  close commits, returns the file to a
 * rollback journal (one self-contained file), closes it and renames
 * "<path>.partial" over <path>, so a reader finds at <path> either a
 * complete trace or none at all; discard removes "<path>.partial" and
 * leaves <path> as it was; keep_partial (a full disk) leaves the partial
 * file as of its last commit.  Only the parent
 * process (the one that survives a crash of the simulation) records; nothing
 * here is async-signal-safe.
 *
 * Errors: open and close return NULL / -1 and describe the problem in the
 * caller's err buffer (naming the file).  add returns -1 and keeps the first
 * error; every later add returns -1 at once, wsim_recorder_error() shows the
 * message and close reports it and removes the partial file, because a trace
 * that lost a record must not pass for a complete one.
 */
#ifndef WSIM_TRACES_RECORDER_H
#define WSIM_TRACES_RECORDER_H

#include <stddef.h>
#include <stdint.h>

#include "sim/observer.h"

#define WSIM_TRACE_SCHEMA_VERSION 1
/* Records per transaction: big enough that commits cost nothing, small
 * enough that a reader of the partial file sees recent progress. */
#define WSIM_RECORDER_BATCH 4096

typedef struct wsim_recorder wsim_recorder;

/* Creates "<path>.partial" with the schema and the meta rows known at the
 * start (schema_version, wall_clock_start).  NULL on error. */
wsim_recorder *wsim_recorder_open(const char *path, char *err, size_t err_size);

/* Writes one record's rows (see SCHEMA.md for which kind goes where).
 * 0, or -1 after an error (see above). */
int wsim_recorder_add(wsim_recorder *rec, const wsim_record *record);

/* Commits also when `ms` milliseconds have passed since the last commit
 * (checked in add and tick).  0, the default, commits by count only. */
void wsim_recorder_set_commit_interval(wsim_recorder *rec, unsigned ms);

/* Commits the records added since the last commit if the interval has
 * passed.  For the caller's idle loop.  0, or -1 after an error. */
int wsim_recorder_tick(wsim_recorder *rec);

/* The seq of the last record a commit has made durable (0: none yet). */
uint64_t wsim_recorder_committed_seq(const wsim_recorder *rec);

/* After an error that leaves the rest unwritable (a full disk): drops the
 * uncommitted rows, closes, and leaves "<path>.partial" as of its last
 * commit.  Frees rec; err gets the partial file's path.  0, or -1 if even
 * closing failed. */
int wsim_recorder_keep_partial(wsim_recorder *rec, char *err, size_t err_size);

/* The first error add met, or NULL. */
const char *wsim_recorder_error(const wsim_recorder *rec);

/* Stores meta wsim_version, commits and moves the file to <path>.  Frees
 * rec in every case.  0, or -1 with err filled (no file is left then). */
int wsim_recorder_close(wsim_recorder *rec, const char *wsim_version, char *err, size_t err_size);

/* Abandons the trace: closes and removes "<path>.partial", frees rec.
 * NULL is a no-op. */
void wsim_recorder_discard(wsim_recorder *rec);

#endif
