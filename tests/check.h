/* check.h — the assertions every wsim test uses.
 *
 * A failed check prints the file, line, the expression and both operands,
 * counts the failure and carries on, so one run shows every broken
 * expectation.  A test's main returns wsim_check_exit_code(): 0 when every
 * check passed, 1 otherwise.  A test that cannot run here (a missing seed
 * document) returns WSIM_TEST_SKIP; CTest maps it to "skipped" through the
 * SKIP_RETURN_CODE property set by wsim_add_test().
 */
#ifndef WSIM_TESTS_CHECK_H
#define WSIM_TESTS_CHECK_H

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#define WSIM_TEST_SKIP 77

static int wsim_check_failures;

#define CHECK(cond)                                                              \
    do {                                                                         \
        if (!(cond)) {                                                           \
            fprintf(stderr, "%s:%d: CHECK(%s) failed\n", __FILE__, __LINE__, #cond); \
            wsim_check_failures++;                                               \
        }                                                                        \
    } while (0)

#define CHECK_INT_EQ(actual, expected)                                           \
    do {                                                                         \
        long long wsim_a_ = (long long)(actual), wsim_e_ = (long long)(expected); \
        if (wsim_a_ != wsim_e_) {                                                \
            fprintf(stderr, "%s:%d: %s == %lld, expected %s == %lld\n", __FILE__, \
                    __LINE__, #actual, wsim_a_, #expected, wsim_e_);             \
            wsim_check_failures++;                                               \
        }                                                                        \
    } while (0)

#define CHECK_STR_EQ(actual, expected)                                           \
    do {                                                                         \
        const char *wsim_a_ = (actual), *wsim_e_ = (expected);                   \
        if (!wsim_a_ || !wsim_e_ || strcmp(wsim_a_, wsim_e_) != 0) {             \
            fprintf(stderr, "%s:%d: %s == \"%s\", expected \"%s\"\n", __FILE__,  \
                    __LINE__, #actual, wsim_a_ ? wsim_a_ : "(null)",             \
                    wsim_e_ ? wsim_e_ : "(null)");                               \
            wsim_check_failures++;                                               \
        }                                                                        \
    } while (0)

/* For string checks where the expected text must appear somewhere. */
#define CHECK_CONTAINS(haystack, needle)                                         \
    do {                                                                         \
        const char *wsim_h_ = (haystack), *wsim_n_ = (needle);                   \
        if (!wsim_h_ || !strstr(wsim_h_, wsim_n_)) {                             \
            fprintf(stderr, "%s:%d: \"%s\" does not contain \"%s\"\n", __FILE__, \
                    __LINE__, wsim_h_ ? wsim_h_ : "(null)", wsim_n_);            \
            wsim_check_failures++;                                               \
        }                                                                        \
    } while (0)

static inline int wsim_check_exit_code(void)
{
    if (wsim_check_failures)
        fprintf(stderr, "%d check(s) failed\n", wsim_check_failures);
    return wsim_check_failures ? 1 : 0;
}

#endif
