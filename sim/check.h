/* check.h — numbered invariants, checked in checked builds.
 *
 * Owns: WSIM_ASSERT(cond, id, what).  The invariants are written down,
 * numbered, beside the code that keeps them (the event queue's Q*, sim/queue.h
 * and sim/sim.c; the TCP machine's T*, sim/stream.c; the overlapped
 * request's O*, wsapi/overlapped.h; the socket's K*, wsapi/socket.h) and
 * checked where their state changes,
 * as SQLite's pager pairs its invariants with assert_pager_state.
 *
 * The CMake option WSIM_CHECKED (on by default: the test and sanitizer
 * builds) turns the checks on; a benchmark build turns it off
 * (-DWSIM_CHECKED=OFF), and then nothing of a check is evaluated.  A broken
 * invariant is a bug in wsim, never a program's mistake: the message names
 * it ("invariant Q2 broken: …") and the process aborts.
 */
#ifndef WSIM_SIM_CHECK_H
#define WSIM_SIM_CHECK_H

#if defined(WSIM_CHECKED) && WSIM_CHECKED
#define WSIM_ASSERT(cond, id, what) \
    ((cond) ? (void)0 : wsim_invariant_broken(id, what, #cond, __FILE__, __LINE__))
#else
/* Not evaluated; sizeof keeps what it names used. */
#define WSIM_ASSERT(cond, id, what) ((void)sizeof((cond) ? 1 : 0))
#endif

/* 1 in a checked build, else 0 (tests that break an invariant skip). */
int wsim_checked_build(void);

/* Prints "wsim: invariant ID broken: WHAT (COND, FILE:LINE)" to stderr
 * and aborts. */
_Noreturn void wsim_invariant_broken(const char *id, const char *what, const char *cond,
                                     const char *file, int line);

#endif
