/* section.h — reading the scenario's newer sections ("assert", "explore")
 * with the loader's error format.
 *
 * Owns: a JSON path and the one error line ("<file>: <JSON path>: <what was
 * expected>, got <what was found>") for the readers in assertions.c and
 * explore.c, and the value readers they share (objects with a fixed set of
 * keys, host names, durations, integers, probabilities).  scenario.c keeps
 * its own tables for the original sections; the messages are worded alike.
 */
#ifndef WSIM_SCENARIOS_SECTION_H
#define WSIM_SCENARIOS_SECTION_H

#include <cjson/cJSON.h>
#include <stddef.h>
#include <stdint.h>

#include "scenarios/scenario.h"

typedef struct wsim_section {
    const char *file;
    char *err;
    size_t err_size;
    char path[512];
    size_t path_len;
} wsim_section;

void wsim_section_init(wsim_section *sec, const char *file, const char *key, char *err,
                       size_t err_size);
/* Appends ".key" / "[i]"; returns the length to restore. */
size_t wsim_section_key(wsim_section *sec, const char *key);
size_t wsim_section_index(wsim_section *sec, size_t index);
void wsim_section_restore(wsim_section *sec, size_t saved);

/* Writes the error line and returns -1. */
int wsim_section_fail(wsim_section *sec, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* "expected <expected>, got <v>" and -1. */
int wsim_section_fail_got(wsim_section *sec, const char *expected, const cJSON *v);

/* Refuses keys that are not in keys (NULL-terminated): "unknown field
 * (expected one of: …)". */
int wsim_section_keys(wsim_section *sec, const cJSON *obj, const char *const *keys);
/* Each reads obj[key] (the path is left unchanged).  present (may be NULL)
 * says whether the key was there; absent optional fields keep *out. */
int wsim_section_host(wsim_section *sec, const cJSON *obj, const char *key,
                      const wsim_scenario *s, size_t *out, int required);
/* v itself (the path already at it) names a host. */
int wsim_section_host_name(wsim_section *sec, const cJSON *v, const wsim_scenario *s, size_t *out);
int wsim_section_duration(wsim_section *sec, const cJSON *obj, const char *key, int64_t *out,
                          int required, int positive);
/* v itself (the path already at it) is a duration. */
int wsim_section_duration_value(wsim_section *sec, const cJSON *v, int64_t *out, int positive);
int wsim_section_integer(wsim_section *sec, const cJSON *obj, const char *key, int64_t min,
                         int64_t max, int64_t *out, int required, int *present);
int wsim_section_probability(wsim_section *sec, const cJSON *obj, const char *key, double *out,
                             int required);
int wsim_section_string(wsim_section *sec, const cJSON *obj, const char *key, char **out,
                        int required);

#endif
