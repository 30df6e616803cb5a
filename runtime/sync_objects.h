/* sync_objects.h — mutexes and semaphores as wait objects (sync_objects.c),
 * for the one wait of waits.c and the end of a thread (threads.c).
 *
 * A mutex is signalled for a thread when it is free or that thread owns it
 * (a thread may take a mutex it owns again: its recursion count grows); a
 * semaphore is signalled while its count is above zero.  Taking a mutex
 * whose owner ended without releasing it reports it abandoned: the wait
 * returns WAIT_ABANDONED_0 + i and the waiter owns it (WaitForSingleObject
 * reference page).
 */
#ifndef WSIM_RUNTIME_SYNC_OBJECTS_H
#define WSIM_RUNTIME_SYNC_OBJECTS_H

#include "runtime/runtime.h"

typedef enum wsapi_sync_kind {
    WSAPI_SYNC_MUTEX = 1,
    WSAPI_SYNC_SEMAPHORE,
    WSAPI_SYNC_SRWLOCK,        /* never a HANDLE */
    WSAPI_SYNC_CONDVAR,        /* never a HANDLE */
} wsapi_sync_kind;

typedef struct wsapi_sync {
    wsapi_sync_kind kind;
    int64_t handle;
    int closed;                 /* CloseHandle was called; freed when no wait uses it */
    int waits;                  /* waits in progress on it */
    wsim_waitq waitq;
    /* mutex: its owner (NULL: free) and how often the owner took it */
    wsim_thread *owner;
    uint32_t recursion;
    int abandoned;              /* its owner ended holding it; the next taker is told */
    /* semaphore: its count and maximum */
    long count, maximum;
    /* SRW lock: shared holders; condition variables and SRW locks: their
     * waiters in order, and the program structure they belong to */
    long shared;
    struct wsapi_sync_waiter *first, *last;
    const void *address;
} wsapi_sync;

/* Signalled for `thread` (mutex: free or its own). */
int wsapi_sync_signalled(const wsapi_sync *s, const wsim_thread *thread);
/* Free for anyone: a waiter may be satisfied. */
int wsapi_sync_available(const wsapi_sync *s);
/* Takes it for `thread`; returns 1 when the mutex was abandoned. */
int wsapi_sync_take(wsapi_sync *s, wsim_thread *thread);
/* CloseHandle on it. */
void wsapi_sync_close(wsapi_process *proc, wsapi_sync *s);
/* A wait on it ended: frees a closed object nobody waits for. */
void wsapi_sync_wait_done(wsapi_process *proc, wsapi_sync *s);
/* The thread ends: mutexes it owns are abandoned and handed on. */
void wsapi_sync_thread_end(wsapi_process *proc, wsim_thread *thread);

#endif
