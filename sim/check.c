/* check.c — what a broken invariant does (check.h). */
#include "sim/check.h"

#include <stdio.h>
#include <stdlib.h>

int wsim_checked_build(void)
{
#if defined(WSIM_CHECKED) && WSIM_CHECKED
    return 1;
#else
    return 0;
#endif
}

_Noreturn void wsim_invariant_broken(const char *id, const char *what, const char *cond,
                                     const char *file, int line)
{
    fprintf(stderr, "wsim: invariant %s broken: %s (%s, %s:%d)\n", id, what, cond, file, line);
    fflush(stderr);
    abort();
}
