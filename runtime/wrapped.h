/* wrapped.h — the C library names wsim takes over inside programs.
 *
 * `wsim cc` links every module with -Wl,--wrap=NAME for each name here, so
 * the program's references to NAME resolve to __wrap_NAME, which the wsim
 * runtime exports (libc_shim.c).  wsim's own code keeps the real ones.  Data
 * symbols (stdout, stderr) are wrapped too: __wrap_stdout is repointed at the
 * running program's stream on every switch to one of its threads.
 *
 * X(name): one line per name.  Keep in step with libc_shim.c; the test
 * functions.list checks that each __wrap_NAME exists, and no other.  The
 * module checker counts __wrap_NAME as provided for each name here
 * (wsapi_is_provided, program.c).
 */
#ifndef WSIM_RUNTIME_WRAPPED_H
#define WSIM_RUNTIME_WRAPPED_H

#define WSIM_WRAPPED_NAMES(X)                                                   \
    /* output goes to the program's own line-buffered streams */                \
    X(stdout) X(stderr) X(printf) X(vprintf) X(puts) X(putchar)                 \
    X(wprintf) X(vwprintf) X(fwprintf) X(vfwprintf) X(putwchar) X(fputws)       \
    X(fputwc) X(putwc) X(perror)                                                \
    /* ending the program ends only that program */                             \
    X(exit) X(_exit) X(_Exit) X(abort) X(quick_exit) X(__assert_fail)           \
    /* clocks and sleeps read and spend virtual time */                         \
    X(time) X(clock_gettime) X(gettimeofday) X(clock) X(sleep) X(usleep)        \
    X(nanosleep)                                                                \
    /* a random state per program instance, seeded from the run */              \
    X(rand) X(srand) X(random) X(srandom)                                       \
    /* the program's heap is freed when the instance ends */                    \
    X(malloc) X(calloc) X(realloc) X(free) X(strdup) X(strndup)

#endif
