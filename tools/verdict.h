/* verdict.h — whether a finished run passed, judged from its trace.
 *
 * Owns: the one set of rules `wsim run`, `wsim sweep` and `wsim shrink`
 * apply (README, "Exit codes"), in this order, the first that breaks
 * deciding the outcome:
 *
 *   crash, deadlock, stop-time, error   the run's end (meta.end_reason)
 *   inconclusive                        an end reason this wsim does not
 *                                       judge (a wall-clock budget): never
 *                                       a failing seed
 *   exit        a program ended with a code other than its "exit_codes"
 *               assertion's (0 without one; a host crash's kill is fine)
 *   violation   a contract violation of a failing rule (assertions.h)
 *   assertion   an "output", "received" or "max_duration" assertion
 *
 * Everything comes from the trace, so a run judged after the fact (a sweep's
 * worker, a shrink step) is judged exactly as `wsim run` judged it.
 */
#ifndef WSIM_TOOLS_VERDICT_H
#define WSIM_TOOLS_VERDICT_H

#include <stddef.h>
#include <stdint.h>

#include "scenarios/scenario.h"

typedef enum wsim_outcome {
    WSIM_OUTCOME_PASS,
    WSIM_OUTCOME_CRASH,
    WSIM_OUTCOME_DEADLOCK,
    WSIM_OUTCOME_STOP_TIME,
    WSIM_OUTCOME_ERROR,
    WSIM_OUTCOME_INCONCLUSIVE,
    WSIM_OUTCOME_EXIT,
    WSIM_OUTCOME_VIOLATION,
    WSIM_OUTCOME_ASSERTION,
    WSIM_OUTCOME_BUDGET,        /* a budget other than wall clock stopped the run */
    WSIM_OUTCOME_COUNT
} wsim_outcome;

typedef struct wsim_verdict {
    wsim_outcome outcome;
    char reason[768];       /* which rule broke, in words; "" on a pass */
    int64_t end_ns;         /* virtual time the run ended */
    int64_t events;         /* rows of the trace's events view */
} wsim_verdict;

/* "pass", "crash", "deadlock", "stop-time", "error", "inconclusive",
 * "exit", "violation", "assertion". */
const char *wsim_outcome_name(wsim_outcome outcome);
/* 0 with *outcome set, or -1 for an unknown name. */
int wsim_outcome_from_name(const char *name, wsim_outcome *outcome);
/* 1 for the outcomes that fail a run (all but pass and inconclusive). */
int wsim_outcome_fails(wsim_outcome outcome);
/* The exit code of `wsim run` for it: 0 pass, 1 failing, 3 inconclusive. */
int wsim_outcome_exit_code(wsim_outcome outcome);

/* Judges the trace at path against the scenario it ran.  0, or -1 with err
 * when the trace cannot be read. */
int wsim_verdict_judge(const wsim_scenario *scenario, const char *trace_path, wsim_verdict *out,
                       char *err, size_t err_size);

/* `wsim run`'s last step: judges the trace, prints which rule broke (an
 * exit code, a violation or an assertion; the run's end is printed by run.c)
 * to stderr, and returns the exit code.  status is what the run itself
 * gave; abnormal says the simulation process ended other than it recorded,
 * which stays a failure whatever the trace says. */
int wsim_verdict_exit(const wsim_scenario *scenario, const char *trace_path, int status,
                      int abnormal);

#endif
