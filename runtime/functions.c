/* functions.c — the rows of the function list (functions.h). */
#include "runtime/functions.h"

#include <string.h>

const wsim_fn_info wsim_fns[WSIM_FN_COUNT] = {
#define X(name, family, steps, error_on_success) \
    [WSIM_FN_##name] = {#name, WSIM_FAMILY_##family, steps, error_on_success},
    WSIM_FUNCTIONS(X)
#undef X
};

int wsim_fn_by_name(const char *name)
{
    for (int i = 0; i < WSIM_FN_COUNT; i++)
        if (strcmp(wsim_fns[i].name, name) == 0)
            return i;
    return -1;
}
