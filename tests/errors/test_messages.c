/* test_messages.c — errors.messages: every code wsim reports has Windows'
 * system message (errors/messages.h), so FormatMessage never fails on a
 * code a program got from wsim. */
#include <string.h>

#include "errors/errors.h"
#include "errors/messages.h"
#include "tests/check.h"

static const long long codes[] = {
#define X(name, code, win32, internal, wording) code, win32,
    WSIM_ERRORS(X)
#undef X
};

int main(void)
{
    for (size_t i = 0; i < sizeof codes / sizeof codes[0]; i++) {
        const char *text = wsim_error_system_message(codes[i]);
        CHECK(text != NULL);
        /* One sentence or more, ending with its full stop; FormatMessage
         * adds the "\r\n". */
        if (text)
            CHECK(text[strlen(text) - 1] == '.');
    }
    CHECK_STR_EQ(wsim_error_system_message(10054),
                 "An existing connection was forcibly closed by the remote host.");
    CHECK_STR_EQ(wsim_error_system_message(6), "The handle is invalid.");
    CHECK(wsim_error_system_message(12345678) == NULL);
    return wsim_check_exit_code();
}
