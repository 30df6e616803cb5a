/* json_strict.c — the checks json_strict.h lists, in one scan of the text.
 *
 * The scan knows just enough JSON to tell strings, numbers and brackets
 * apart; when it meets something that is not JSON at all it stops and says
 * nothing, so that cJSON reports the syntax error at its own position.
 */
#include "scenarios/json_strict.h"

#include <stdio.h>
#include <string.h>

static int fail(size_t *at, size_t pos, char *what, size_t what_size, const char *message)
{
    *at = pos;
    snprintf(what, what_size, "%s", message);
    return -1;
}

static int is_digit(char c)
{
    return c >= '0' && c <= '9';
}

/* Scans the string whose opening quote is at text[*pos]; leaves *pos after
 * the closing quote.  1: fine; 0: unterminated (cJSON's to report); -1:
 * a rule broken. */
static int scan_string(const char *text, size_t length, size_t *pos, size_t *at, char *what,
                       size_t what_size)
{
    size_t i = *pos + 1;
    while (i < length) {
        unsigned char c = (unsigned char)text[i];
        if (c == '"') {
            *pos = i + 1;
            return 1;
        }
        if (c < 0x20) {
            char message[128];
            snprintf(message, sizeof message,
                     "raw control byte 0x%02X inside a string (write it as \\u%04X)", c, c);
            return fail(at, i, what, what_size, message);
        }
        if (c == '\\') {
            if (i + 1 >= length)
                return 0;
            if (text[i + 1] == 'u') {
                if (i + 6 > length)
                    return 0;
                if (memcmp(text + i + 2, "0000", 4) == 0)
                    return fail(at, i, what, what_size,
                                "\\u0000 (a NUL character) inside a string is not allowed");
                i += 6;
                continue;
            }
            i += 2;
            continue;
        }
        i++;
    }
    return 0;
}

int wsim_json_strict_check(const char *text, size_t length, size_t *at, char *what,
                           size_t what_size)
{
    if (length >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0)
        return fail(at, 0, what, what_size,
                    "a second byte order mark (at most one may start the file)");
    size_t depth = 0;
    size_t i = 0;
    while (i < length) {
        unsigned char c = (unsigned char)text[i];
        if (c == '"') {
            int rc = scan_string(text, length, &i, at, what, what_size);
            if (rc <= 0)
                return rc;
            continue;
        }
        if (c == '[' || c == '{') {
            if (++depth > WSIM_JSON_MAX_DEPTH) {
                char message[96];
                snprintf(message, sizeof message, "nesting deeper than %d arrays and objects",
                         WSIM_JSON_MAX_DEPTH);
                return fail(at, i, what, what_size, message);
            }
        } else if (c == ']' || c == '}') {
            if (depth == 0)
                return 0;
            depth--;
        } else if (c == '-' || is_digit((char)c)) {
            size_t start = i;
            if (c == '-')
                i++;
            if (i + 1 < length && text[i] == '0' && is_digit(text[i + 1]))
                return fail(at, start, what, what_size,
                            "a number with a leading zero (JSON numbers do not start with 0)");
            while (i < length && (is_digit(text[i]) || text[i] == '.' || text[i] == 'e' ||
                                  text[i] == 'E' || text[i] == '+' || text[i] == '-'))
                i++;
            continue;
        } else if (c < 0x20 && c != '\t' && c != '\n' && c != '\r') {
            char message[96];
            snprintf(message, sizeof message, "raw control byte 0x%02X outside a string", c);
            return fail(at, i, what, what_size, message);
        }
        i++;
    }
    return 0;
}
