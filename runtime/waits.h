/* waits.h — what the kernel32 objects share (waits.c, threads.c, sync.c,
 * and the WSA event calls of wsapi/events.c).
 *
 * Owns: the one wait of the Win32 surface.  WaitForSingleObject(Ex),
 * WaitForMultipleObjects(Ex), WSAWaitForMultipleEvents, Sleep and SleepEx
 * all run wsapi_wait_objects; blocking Winsock calls use its alertable core
 * (wsapi_wait_alertable, runtime.h).
 *
 * Objects are events (WSA and Win32 events are one kind) and threads (a
 * thread object is signalled when the thread ends).  A wait is satisfied as
 * Wine's server, whose behaviour its Windows-run tests pin down, decides it
 * (server/thread.c, check_wait): first the objects (wait-all: every one
 * signalled; wait-any: the lowest index signalled), then, for an alertable
 * wait, queued APCs, then the time-out.  Satisfying a wait consumes what it
 * took: an auto-reset event is reset.
 *
 * Signalling hands the object over at once (wsapi_object_signalled): the
 * waiters of an object are tried in the order they began to wait, and each
 * whose wait the object now satisfies is satisfied and woken, until an
 * auto-reset event has been taken.  So SetEvent on an auto-reset event wakes
 * exactly one waiter, and no thread that runs in between can take the
 * signal from it (SetEvent reference page: an auto-reset event "remains
 * signaled until a single waiting thread is released"; Wine's wake_thread
 * satisfies waiters in queue order the same way).
 */
#ifndef WSIM_RUNTIME_WAITS_H
#define WSIM_RUNTIME_WAITS_H

#include <stdint.h>

#include "runtime/calls.h"

/* One object of a wait: an event, a thread, a mutex or a semaphore. */
typedef struct wsapi_object {
    wsapi_event *event;
    wsapi_thread_state *thread;
    struct wsapi_sync *sync;       /* a mutex or semaphore (sync_objects.h) */
} wsapi_object;

/* What wsapi_wait_objects returns besides WAIT_OBJECT_0 + i. */
enum {
    WSAPI_WAIT_PENDING = -1,       /* (internal) not decided yet */
    WSAPI_WAIT_TIMEOUT = 258,      /* WAIT_TIMEOUT, WSA_WAIT_TIMEOUT */
    WSAPI_WAIT_IO_COMPLETION = 0xC0,
};

/* A wait in progress, on the waiting thread's stack. */
typedef struct wsapi_wait {
    const wsapi_object *objects;
    int count;
    int wait_all;
    long result;                   /* WSAPI_WAIT_PENDING until decided */
    wsim_thread *thread;           /* the waiting thread (a mutex is signalled for its owner) */
} wsapi_wait;

/* The pseudo handle GetCurrentThread returns, (HANDLE)-2 as on Windows. */
#define WSAPI_CURRENT_THREAD ((int64_t)-2)

/* The object behind a handle value of the calling process: 0 and *out set,
 * or ERROR_INVALID_HANDLE (sockets and critical sections are no wait
 * objects here). */
int wsapi_object_of(wsapi_call *call, int64_t handle, wsapi_object *out);

/* Waits for n objects (0: just the time-out, as Sleep) for timeout_ms
 * (INFINITE: no limit).  Returns WAIT_OBJECT_0 + i, WSAPI_WAIT_TIMEOUT or,
 * when alertable and APCs ran, WSAPI_WAIT_IO_COMPLETION. */
long wsapi_wait_objects(wsapi_call *call, const wsapi_object *objects, int n, int wait_all,
                        uint32_t timeout_ms, int alertable);

/* The object has become signalled: satisfies waiters as the header says. */
void wsapi_object_signalled(wsim_sim *sim, const wsapi_object *object);

/* A new event (manual_reset, initially signalled or not) and its handle
 * value, or 0 when out of memory. */
int64_t wsapi_event_new(wsapi_call *call, int manual_reset, int initial_state);

/* SetEvent, ResetEvent and their WSA names ('s', 'r'), WSACloseEvent ('c'):
 * one implementation, recorded under the name the program used.  `check`
 * (NULL: none) runs first and its error, when not 0, fails the call (the
 * WSA names need WSAStartup, S02).  Returns TRUE or FALSE. */
int wsapi_event_call(wsim_fn function, int64_t handle, int op,
                     int (*check)(wsapi_call *call));

/* Reads n handle values (HANDLE or WSAEVENT) from the program and finds
 * their objects: 0, or the error (bad pointer: `fault`; a handle that is no
 * wait object: ERROR_INVALID_HANDLE; wait-all with one object twice:
 * ERROR_INVALID_PARAMETER, as NtWaitForMultipleObjects refuses it). */
int wsapi_objects_of(wsapi_call *call, const void *program_handles, uint32_t n, int wait_all,
                     int fault, wsapi_object *out);

/* Records a VIOLATION: a use the documents call undefined, and what the
 * simulator did instead. */
void wsapi_violation(wsapi_call *call, const char *rule, const char *text);

#endif
