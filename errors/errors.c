/* errors.c — looking codes up in the error table (errors.h). */
#include "errors/errors.h"

#include <stddef.h>

static const struct {
    long long code;
    const char *name;
    const char *wording;
} table[] = {
#define X(name, code, win32, internal, wording) {code, #name, wording},
    WSIM_ERRORS(X)
#undef X
};

const char *wsim_error_name(long long code)
{
    for (size_t i = 0; i < sizeof table / sizeof table[0]; i++)
        if (table[i].code == code)
            return table[i].name;
    return NULL;
}

const char *wsim_error_wording(long long code)
{
    for (size_t i = 0; i < sizeof table / sizeof table[0]; i++)
        if (table[i].code == code)
            return table[i].wording;
    return NULL;
}
