/* progmem.c — reading and writing program memory without trusting it.
 *
 * A program may hand wsim any pointer (S07: "not wholly inside valid
 * memory").  The simulation and the programs share one address space, so a
 * copy is a plain memcpy under a fault guard: a SIGSEGV or SIGBUS raised
 * while the guard is up jumps back to the copy, which answers -1 (the
 * caller's WSAEFAULT) instead of crashing the simulator.  No system call is
 * made on the way: sigsetjmp does not save the signal mask, and the handler
 * unblocks the signal itself on the (rare) fault path.
 *
 * The guard's handler is installed the first time a copy runs, so it sits
 * above the child's crash handler (tools/run.c) and AddressSanitizer's,
 * and hands every fault outside a copy on to the handler it replaced.
 * Under AddressSanitizer the copy is a loop that is not instrumented: a
 * program's bad pointer is the program's WSAEFAULT, not a sanitizer report
 * (the sanitizer build sets allow_user_segv_handler so the guard may be
 * installed at all).
 */
#define _GNU_SOURCE
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <string.h>
#include <unistd.h>

#include "runtime/calls.h"

#if defined(__SANITIZE_ADDRESS__)
/* The guard must be allowed to install its handler over the sanitizer's. */
const char *__asan_default_options(void);
const char *__asan_default_options(void)
{
    return "allow_user_segv_handler=1";
}
#endif

/* ---- the guard ----------------------------------------------------------- */

static _Thread_local sigjmp_buf *guard_env;
static int guard_installed;
static struct sigaction previous_segv, previous_bus;

static void chain(const struct sigaction *prev, int sig, siginfo_t *info, void *uctx)
{
    if (prev->sa_flags & SA_SIGINFO) {
        if (prev->sa_sigaction)
            prev->sa_sigaction(sig, info, uctx);
        return;
    }
    if (prev->sa_handler == SIG_IGN)
        return;
    if (prev->sa_handler == SIG_DFL) {
        /* Returning re-runs the faulting instruction, which now kills. */
        signal(sig, SIG_DFL);
        return;
    }
    prev->sa_handler(sig);
}

static void guard_handler(int sig, siginfo_t *info, void *uctx)
{
    sigjmp_buf *env = guard_env;
    if (env) {
        guard_env = NULL;
        sigset_t set;
        sigemptyset(&set);
        sigaddset(&set, sig);
        sigprocmask(SIG_UNBLOCK, &set, NULL);   /* sigsetjmp did not save the mask */
        siglongjmp(*env, 1);
    }
    chain(sig == SIGBUS ? &previous_bus : &previous_segv, sig, info, uctx);
}

static void install_guard(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = guard_handler;
    /* On the alternate stack when there is one (tools/run.c sets one up for
     * stack overflows, which the guard passes on). */
    sa.sa_flags = SA_SIGINFO | SA_ONSTACK;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGSEGV, &sa, &previous_segv);
    sigaction(SIGBUS, &sa, &previous_bus);
    guard_installed = 1;
}

/* ---- the copies ---------------------------------------------------------- */

#if defined(__SANITIZE_ADDRESS__)
/* Not instrumented, and kept a loop (not turned into a call to the
 * sanitizer's checking memcpy). */
__attribute__((no_sanitize("address"), noinline, optimize("no-tree-loop-distribute-patterns")))
static void raw_copy(void *dst, const void *src, size_t len)
{
    char *d = dst;
    const char *s = src;
    for (size_t i = 0; i < len; i++)
        d[i] = s[i];
}
#else
__attribute__((noinline)) static void raw_copy(void *dst, const void *src, size_t len)
{
    memcpy(dst, src, len);
}
#endif

/* Touches the range at its first and last byte and at one byte in every
 * page between (`every_page`), reading each and, when `write`, writing it
 * back unchanged (the simulation runs one program thread at a time). */
#if defined(__SANITIZE_ADDRESS__)
__attribute__((no_sanitize("address")))
#endif
__attribute__((noinline)) static void raw_probe(char *p, size_t len, int write, int every_page)
{
    volatile char *v = p;
    size_t step = every_page ? 4096 : (len > 1 ? len - 1 : 1);
    for (size_t at = 0;; at += step) {
        if (at >= len)
            at = len - 1;
        char c = v[at];
        if (write)
            v[at] = c;
        if (at == len - 1)
            break;
    }
}

/* Copies a NUL-terminated string of at most len - 1 bytes and its NUL,
 * byte by byte, never reading past the NUL (a program's string may end at
 * the end of its allocation, or of its memory).  Returns how many bytes it
 * copied, NUL included; len when no NUL came first. */
#if defined(__SANITIZE_ADDRESS__)
__attribute__((no_sanitize("address")))
#endif
__attribute__((noinline)) static size_t raw_string(char *dst, const char *src, size_t len)
{
    const volatile char *v = src;
    for (size_t i = 0; i < len; i++)
        if ((dst[i] = v[i]) == '\0')
            return i + 1;
    return len;
}

enum { COPY, PROBE_READ_PAGES, PROBE_WRITE, STRING };

/* Runs `what` under the guard: -1 when it faulted, else 0, or for STRING
 * what raw_string returned. */
static long guarded(int what, void *dst, const void *src, size_t len)
{
    long result = 0;
    if (!guard_installed)
        install_guard();
    sigjmp_buf env;
    if (sigsetjmp(env, 0) != 0)
        return -1;   /* the guard jumped back: a fault inside the range */
    guard_env = &env;
    __atomic_signal_fence(__ATOMIC_SEQ_CST);
    switch (what) {
    case COPY: raw_copy(dst, src, len); break;
    case PROBE_READ_PAGES: raw_probe((char *)src, len, 0, 1); break;
    case PROBE_WRITE: raw_probe(dst, len, 1, 0); break;
    case STRING: result = (long)raw_string(dst, src, len); break;
    }
    __atomic_signal_fence(__ATOMIC_SEQ_CST);
    guard_env = NULL;
    return result;
}

/* A range that wraps around the address space is never valid memory. */
static int wraps(const void *p, size_t len)
{
    return (uintptr_t)p + len < (uintptr_t)p;
}

int wsapi_read_program(void *dst, const void *program_src, size_t len)
{
    if (len == 0)
        return 0;
    if (!program_src || wraps(program_src, len))
        return -1;
    return (int)guarded(COPY, dst, program_src, len);
}

int wsapi_read_program_string(const char *program_str, char *out, size_t size)
{
    out[0] = '\0';
    if (!program_str)
        return -1;
    long n = guarded(STRING, out, program_str, size - 1);
    if (n < 0) {
        out[0] = '\0';   /* the memory ended before a NUL */
        return -1;
    }
    if ((size_t)n == size - 1 && (n == 0 || out[n - 1] != '\0')) {
        out[size - 1] = '\0';
        return -2;
    }
    return 0;
}

int wsapi_write_program(void *program_dst, const void *src, size_t len)
{
    if (len == 0)
        return 0;
    if (!program_dst || wraps(program_dst, len))
        return -1;
    return (int)guarded(COPY, program_dst, src, len);
}

/* Every page of a range the call will read is touched: a send reads all of
 * it anyway, and S07 asks for the answer before anything is taken. */
int wsapi_program_readable(const void *program_ptr, size_t len)
{
    if (len == 0)
        return 0;
    if (!program_ptr || wraps(program_ptr, len))
        return -1;
    return (int)guarded(PROBE_READ_PAGES, NULL, program_ptr, len);
}

/* A range the call writes is checked at its two ends only: a receive must
 * cost what it delivers, not the length it was given, and must not commit
 * every page of a large buffer it may never fill.  A hole further in shows
 * when a copy reaches it, as the same -1 (WSAEFAULT). */
int wsapi_program_writable(void *program_ptr, size_t len)
{
    if (len == 0)
        return 0;
    if (!program_ptr || wraps(program_ptr, len))
        return -1;
    return (int)guarded(PROBE_WRITE, program_ptr, NULL, len);
}
