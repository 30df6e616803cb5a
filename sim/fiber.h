/* fiber.h — one stack per simulated thread.
 *
 * Owns: fiber stacks and the switch between them.  Exactly one fiber runs at a
 * time; the kernel's own code runs on the "main" fiber (the OS thread's stack).
 * A stack is reserved with mmap (MAP_NORESERVE, so pages are committed lazily
 * as they are touched) with a PROT_NONE guard page below it, so an overflow
 * faults at once instead of corrupting a neighbour.
 *
 * Under AddressSanitizer every switch, including a fiber's first entry and its
 * last exit, is announced with __sanitizer_start/finish_switch_fiber, so ASan
 * knows which stack is live.
 */
#ifndef WSIM_SIM_FIBER_H
#define WSIM_SIM_FIBER_H

#include <stddef.h>

#define WSIM_FIBER_DEFAULT_STACK (1u << 20) /* 1 MiB reserved per fiber */

typedef struct wsim_fiber wsim_fiber;
typedef void (*wsim_fiber_fn)(void *arg);

/* A fiber that stands for the calling OS thread (the kernel's stack).  Make
 * one per simulation before switching to any other fiber; it owns no stack of
 * its own and is freed with wsim_fiber_free.  NULL when out of memory. */
wsim_fiber *wsim_fiber_new_main(void);

/* Creates a fiber that will run fn(arg) on its first switch-in.  When fn
 * returns, the fiber is finished and control switches to `exit_to` (normally
 * the main fiber); a finished fiber must not be switched to again.
 * Returns NULL when the stack cannot be mapped. */
wsim_fiber *wsim_fiber_create(size_t stack_size, wsim_fiber_fn fn, void *arg,
                              wsim_fiber *exit_to);

/* Saves the running fiber `from` and resumes `to`.  Returns when some other
 * fiber switches back to `from`. */
void wsim_fiber_switch(wsim_fiber *from, wsim_fiber *to);

/* Like wsim_fiber_switch, but `from` never resumes (it has ended, e.g. its
 * program called exit()).  Its stack may be freed once `to` runs. */
void wsim_fiber_switch_final(wsim_fiber *from, wsim_fiber *to);

int wsim_fiber_finished(const wsim_fiber *fiber);

/* Nonzero when addr lies in the fiber's guard page (a stack overflow). */
int wsim_fiber_guard_contains(const wsim_fiber *fiber, const void *addr);

/* Frees a fiber that is not running (finished, or never to be resumed). */
void wsim_fiber_free(wsim_fiber *fiber);

#endif
