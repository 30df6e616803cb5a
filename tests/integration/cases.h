/* cases.h — one test executable, many CTest cases.
 *
 * Each case is a function run by name: `prog NAME` runs it and exits with
 * the check status (check.h); `prog` alone lists the names.  CMake registers
 * one CTest test per name.  After the case, `after` (may be NULL) runs, then
 * the case's world (if any) is freed.
 */
#ifndef WSIM_TESTS_CASES_H
#define WSIM_TESTS_CASES_H

#include <stdio.h>
#include <string.h>

#include "tests/check.h"
#include "tests/support/harness.h"

typedef struct th_case {
    const char *name;
    void (*run)(void);
} th_case;

static inline int th_main(int argc, char **argv, const th_case *cases, size_t count,
                          th_world **world, void (*after)(void))
{
    if (argc != 2) {
        for (size_t i = 0; i < count; i++)
            printf("%s\n", cases[i].name);
        return 0;
    }
    for (size_t i = 0; i < count; i++) {
        if (strcmp(argv[1], cases[i].name) != 0)
            continue;
        cases[i].run();
        if (after)
            after();
        if (*world)
            th_free(*world);
        *world = NULL;
        return wsim_check_exit_code();
    }
    fprintf(stderr, "unknown case %s\n", argv[1]);
    return 2;
}

#endif
