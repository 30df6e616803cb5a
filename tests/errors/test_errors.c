/* test_errors.c — errors.table: the one error table (errors/errors.h) is
 * well formed and looked up as it says.  Its numbers are checked against
 * winsock2.h where wsapi/calls.c compiles. */
#include <string.h>

#include "errors/errors.h"
#include "tests/check.h"

static const struct {
    const char *name;
    long long code;
    long long win32;
    const char *wording;
} rows[] = {
#define X(name, code, win32, internal, wording) {#name, code, win32, wording},
    WSIM_ERRORS(X)
#undef X
};
#define ROWS (sizeof rows / sizeof rows[0])

int main(void)
{
    /* The codes summaries name (traces/summary.c used to list these 47),
     * and the resolver's WSA_NOT_ENOUGH_MEMORY and WSATYPE_NOT_FOUND. */
    CHECK_INT_EQ(ROWS, 49);
    for (size_t i = 0; i < ROWS; i++) {
        /* In code order, each code once, so a lookup is unambiguous. */
        if (i > 0)
            CHECK(rows[i - 1].code < rows[i].code);
        CHECK(strncmp(rows[i].name, "WSA", 3) == 0);
        CHECK(rows[i].wording[0] != '\0');
        CHECK_STR_EQ(wsim_error_name(rows[i].code), rows[i].name);
        CHECK_STR_EQ(wsim_error_wording(rows[i].code), rows[i].wording);
    }
    CHECK_STR_EQ(wsim_error_name(10054), "WSAECONNRESET");
    CHECK_STR_EQ(wsim_error_wording(10054), "connection reset by peer");
    CHECK(wsim_error_name(0) == NULL);
    CHECK(wsim_error_name(10059) == NULL);   /* WSAETOOMANYREFS: not reported by wsim */
    CHECK(wsim_error_wording(-1) == NULL);
    /* The Win32 forms GetOverlappedResult reports (RtlNtStatusToDosError). */
    for (size_t i = 0; i < ROWS; i++) {
        if (rows[i].code == 10054)
            CHECK_INT_EQ(rows[i].win32, 64);     /* ERROR_NETNAME_DELETED */
        else if (rows[i].code == 10014)
            CHECK_INT_EQ(rows[i].win32, 998);    /* ERROR_NOACCESS */
        else if (rows[i].code == 10035)
            CHECK_INT_EQ(rows[i].win32, 10035);  /* no distinct form: passes through */
    }
    return wsim_check_exit_code();
}
