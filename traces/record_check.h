/* record_check.h — what the recording parent accepts from the child.
 *
 * Owns: the rules a record must meet before the parent acts on it.  The
 * ring (ring.h) already guarantees a record's bytes are whole and its
 * strings NUL-terminated; a simulation whose memory a program scribbled on
 * may still send nonsense inside well-formed bytes.  The parent checks
 * every record against these rules, and the first that breaks one ends the
 * run as a crash of the child, the trace kept up to the record before.
 *
 * Rules: the kind is a wsim_record_kind; seq grows strictly from record to
 * record (a PAYLOAD record repeats the seq of the SEGMENT it follows);
 * virtual time never goes back and is not negative; host, process
 * and thread are -1 ("none") or below WSIM_RECORD_MAX_ID; the strings the
 * parent and the recorder use are there (a HOST's name, a CALL's function,
 * an OUTPUT's stream, "stdout" or "stderr", and its line, a RUN_END's
 * reason, a CRASH's signal name).
 */
#ifndef WSIM_TRACES_RECORD_CHECK_H
#define WSIM_TRACES_RECORD_CHECK_H

#include <stddef.h>
#include <stdint.h>

#include "sim/observer.h"

/* Ids (host, process, thread) are small dense counters; anything this big
 * is a scribble (and would make the parent allocate a table that large). */
#define WSIM_RECORD_MAX_ID (1 << 20)

/* 0 when rec may follow a record with last_seq and last_time_ns (0 and 0
 * before the first); -1 with why[] saying which rule it breaks. */
int wsim_record_check(const wsim_record *rec, uint64_t last_seq, int64_t last_time_ns, char *why,
                      size_t why_size);

#endif
