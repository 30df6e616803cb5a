/* json_strict.h — what the scenario loader refuses although cJSON takes it.
 *
 * Owns: the rules of RFC 8259 (and of a file a person can read) that cJSON
 * does not enforce, checked on the raw text before cJSON parses it:
 *   - a NUL character written as \u0000 inside a string (cJSON would cut
 *     the string there: a module path or host name silently shortened);
 *   - a raw control byte (below 0x20) inside a string, or anywhere outside
 *     one but the whitespace tab, line feed and carriage return;
 *   - a number with a leading zero ("007", "-01");
 *   - a second byte order mark (the loader skips one at the start);
 *   - nesting deeper than WSIM_JSON_MAX_DEPTH, reported as such rather than
 *     as cJSON's bare "invalid JSON".
 * Anything else that is not JSON is left for cJSON to find, so its position
 * is reported as before.  No allocation; one pass.
 */
#ifndef WSIM_SCENARIOS_JSON_STRICT_H
#define WSIM_SCENARIOS_JSON_STRICT_H

#include <stddef.h>

/* Arrays and objects inside one another: a scenario needs 5; cJSON's own
 * limit is 1000. */
#define WSIM_JSON_MAX_DEPTH 64

/* 0 when text (length bytes, after any first byte order mark) breaks none
 * of the rules above; else -1, *at the offset of the offending byte and
 * what[] a phrase saying what is wrong ("a number with a leading zero"). */
int wsim_json_strict_check(const char *text, size_t length, size_t *at, char *what,
                           size_t what_size);

#endif
