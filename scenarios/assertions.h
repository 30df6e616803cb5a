/* assertions.h — the scenario's "assert" section: what must hold for a run
 * to pass (FORMAT.md, "assert").
 *
 * Owns: reading and validating the section into a wsim_assertions.  The
 * verdict itself is reached after the run, from its trace
 * (tools/verdict.c), so the same rules judge `wsim run`, `wsim sweep` and
 * `wsim shrink`.
 *
 * A program is named by its host and, optionally, its index among the
 * host's programs ("program": 0); without an index every program of the
 * host is meant.
 */
#ifndef WSIM_SCENARIOS_ASSERTIONS_H
#define WSIM_SCENARIOS_ASSERTIONS_H

#include <cjson/cJSON.h>
#include <stddef.h>
#include <stdint.h>

struct wsim_scenario;

#define WSIM_ASSERT_ANY_PROGRAM (-1)

typedef struct wsim_assert_program {
    size_t host;
    int program;            /* index on the host, or WSIM_ASSERT_ANY_PROGRAM */
} wsim_assert_program;

typedef struct wsim_assert_exit {
    wsim_assert_program who;
    int64_t code;           /* the exit code each meant program must end with */
} wsim_assert_exit;

typedef struct wsim_assert_output {
    wsim_assert_program who;
    char *contains;         /* some line of theirs contains this text */
} wsim_assert_output;

typedef struct wsim_assert_received {
    wsim_assert_program who;
    uint64_t bytes;         /* the bytes their receives returned, in total */
} wsim_assert_received;

typedef struct wsim_assertions {
    wsim_assert_exit *exits;
    size_t exit_count;
    wsim_assert_output *outputs;
    size_t output_count;
    wsim_assert_received *received;
    size_t received_count;
    /* The violation rules that fail a run.  violations_given 0: every rule
     * but the informative ones (wsim_violation_informative). */
    char **violations;
    size_t violation_count;
    int violations_given;
    int64_t max_duration_ns; /* 0: no limit beyond stop_time */
} wsim_assertions;

/* 1 for rules recorded for information only by default: concurrent-send
 * (S29 allows two threads to send on one socket; `interleaved` is what
 * breaks a program). */
int wsim_violation_informative(const char *rule);

/* Reads scenario.assert (v may be NULL: no section, every default) into
 * s->assertions.  0, or -1 with the loader's one-line error in err. */
int wsim_assertions_read(const cJSON *v, struct wsim_scenario *s, const char *file, char *err,
                         size_t err_size);
void wsim_assertions_free(wsim_assertions *a);

#endif
