/* summary.h — a short human-readable account of one trace.
 *
 * Owns: the text of `wsim trace summary` (the tool prints it; this module
 * only writes to the FILE it is given).  The format is for people, not for
 * scripts: scripts query the trace with SQL (traces/SCHEMA.md).
 */
#ifndef WSIM_TRACES_SUMMARY_H
#define WSIM_TRACES_SUMMARY_H

#include <stddef.h>
#include <stdio.h>

/* Writes the summary of the trace at `path` to `out`: how the run ended and
 * at what virtual time, the seed, hosts, each program and how it exited,
 * the number of calls and of failed calls with the commonest error codes,
 * completions, segments per event, output lines, crashes and violations.
 * 0, or -1 with err naming the file and the problem (nothing written then:
 * the file is checked with wsim_trace_open_check first). */
int wsim_trace_summary(const char *path, FILE *out, char *err, size_t err_size);

#endif
