/* cases.h — one test executable, many CTest cases.
 *
 * Each case is a function run by name: `prog NAME [key=value…]` runs it and
 * exits with the check status (check.h); `prog` alone lists the names.  Each
 * folder's CMakeLists.txt registers one CTest test per name.  A case that
 * cannot run here exits with WSIM_TEST_SKIP itself.
 *
 * Header only, like check.h: the failure count it returns is the including
 * executable's own.
 */
#ifndef WSIM_TESTS_SUPPORT_CASES_H
#define WSIM_TESTS_SUPPORT_CASES_H

#include <stdio.h>
#include <string.h>

#include "tests/check.h"

typedef struct test_case {
    const char *name;
    void (*run)(void);
} test_case;

/* The value of `key=value` among argv[2…], or NULL. */
static inline const char *test_option(int argc, char **argv, const char *key)
{
    size_t n = strlen(key);
    for (int i = 2; i < argc; i++)
        if (strncmp(argv[i], key, n) == 0 && argv[i][n] == '=')
            return argv[i] + n + 1;
    return NULL;
}

/* The case named argv[1], or NULL (said on stderr; with no name, the names
 * are listed on stdout instead). */
static inline const test_case *test_case_named(int argc, char **argv, const test_case *cases,
                                               size_t count)
{
    if (argc < 2) {
        for (size_t i = 0; i < count; i++)
            printf("%s\n", cases[i].name);
        return NULL;
    }
    for (size_t i = 0; i < count; i++)
        if (strcmp(argv[1], cases[i].name) == 0)
            return &cases[i];
    fprintf(stderr, "unknown case %s\n", argv[1]);
    return NULL;
}

/* Runs the case named argv[1], then `after` (may be NULL); returns the
 * check status, 0 after listing the names, or 2 for an unknown case. */
static inline int test_main(int argc, char **argv, const test_case *cases, size_t count,
                            void (*after)(void))
{
    const test_case *c = test_case_named(argc, argv, cases, count);
    if (!c)
        return argc < 2 ? 0 : 2;
    c->run();
    if (after)
        after();
    return wsim_check_exit_code();
}

#endif
