/* module_policy.h — decides whether a program module may run inside wsim.
 *
 * Owns the policy half of the module checker: for each function (or data
 * object) a module needs from outside itself, one of
 *
 *   PROVIDED  wsim exports it: the caller's is_provided callback says so
 *             (the runtime answers from its own export table: the Winsock
 *             and Win32 calls, and the libc functions wsim takes over, such
 *             as time, sleep, printf, exit);
 *   REFUSED   libc's own version must not run inside a simulation (threads,
 *             processes, signals, real time, raw descriptors, real sockets,
 *             the simulator's own standard streams, dynamic loading,
 *             WSAAsync*); comes with a one-line reason;
 *   ALLOWED   libc's own version is harmless: pure, or confined to the
 *             program's own memory and files (string, wide-character,
 *             ctype, conversions, heap, formatting to memory, stdio on a
 *             FILE* the program opened, math, the aliases glibc's headers
 *             and gcc's hardening emit, sanitizer runtimes);
 *   UNKNOWN   anything else.
 *
 * The checks run in that order, so a name wsim provides is PROVIDED even
 * where libc's version is refused (exit, send, select, printf, stdout):
 * the REFUSED table describes libc's implementations, and its reasons are
 * what a module is told when wsim does not (yet) take the name over.
 *
 * wsim_module_check() applies the policy to every undefined symbol of a
 * module (elf_symbols.h) and refuses the module, naming every offending
 * function, unless all are PROVIDED or ALLOWED.
 */
#ifndef WSIM_MODCHECK_MODULE_POLICY_H
#define WSIM_MODCHECK_MODULE_POLICY_H

#include <stddef.h>

typedef enum {
    WSIM_SYM_PROVIDED,
    WSIM_SYM_ALLOWED,
    WSIM_SYM_REFUSED,
    WSIM_SYM_UNKNOWN
} wsim_symbol_verdict;

/* Says whether wsim exports `name`; nonzero means yes.  May be NULL
 * wherever it is passed, meaning wsim provides nothing. */
typedef int (*wsim_is_provided_fn)(void *ctx, const char *name);

/* The verdict on one symbol name.  When reason is not NULL it is set to a
 * static one-line explanation: why libc's version is refused, why it is
 * allowed, "provided by wsim" or "not provided by wsim". */
wsim_symbol_verdict wsim_module_symbol_verdict(const char *name,
                                               wsim_is_provided_fn is_provided,
                                               void *ctx, const char **reason);

/* Checks the module at `path`.  Returns 0 when every undefined symbol is
 * PROVIDED or ALLOWED.  Otherwise returns -1 with err holding one line that
 * names the module (as `path` was given) and every offending symbol once, in
 * symbol-table order, each with its reason, e.g.
 *   "prog.so: uses pthread_create (creates an OS thread; use CreateThread)
 *    and frobnicate (not provided by wsim)"            (one line)
 * ELF errors from elf_symbols.c come through unchanged ("prog.so: not an
 * ELF file").  A message longer than err_size is cut and ends in "...". */
int wsim_module_check(const char *path, wsim_is_provided_fn is_provided,
                      void *ctx, char *err, size_t err_size);

/* ---- the tables themselves, for tests and for listing the policy ------ */

typedef struct {
    const char *name;   /* a symbol name, or a prefix of names */
    const char *reason; /* one line, no newline */
} wsim_policy_entry;

typedef enum {
    WSIM_POLICY_EXACT, /* whole names, sorted by strcmp, searched with bsearch */
    WSIM_POLICY_PREFIX /* name prefixes, sorted, scanned in order */
} wsim_policy_match;

/* The table for REFUSED or ALLOWED (the others have none: NULL, count 0).
 * Exact entries are checked before prefix entries of the same verdict. */
const wsim_policy_entry *wsim_module_policy_table(wsim_symbol_verdict verdict,
                                                  wsim_policy_match match,
                                                  size_t *count);

#endif
