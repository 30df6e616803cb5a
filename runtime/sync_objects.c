/* sync_objects.c — mutexes, semaphores, SRW locks and condition variables:
 * CreateMutexA/W, ReleaseMutex, CreateSemaphoreA/W, ReleaseSemaphore,
 * InitializeSRWLock, (Try)AcquireSRWLockExclusive/Shared,
 * ReleaseSRWLockExclusive/Shared, InitializeConditionVariable,
 * SleepConditionVariableCS/SRW, WakeConditionVariable,
 * WakeAllConditionVariable.
 *
 * Owns: the state of each, an entry of the process's handle table (kind
 * WSAPI_HANDLE_SYNC).  Mutexes and semaphores are HANDLEs, waited on by the
 * one wait of waits.c (WaitForSingleObject(Ex), WaitForMultipleObjects(Ex):
 * alertable when the program asks, as on Windows) and closed by
 * CloseHandle.  SRW locks and condition variables are a pointer-sized
 * program structure whose zero value is the initial state: at first use
 * wsim writes its entry's handle (tagged) into it; a structure whose
 * contents do not name an entry made for that very address is a use the
 * documents leave undefined: nothing is done and a violation recorded.
 *
 * In virtual time:
 *   - a mutex or semaphore released hands itself to its waiters in the
 *     order they began to wait (waits.c); a mutex whose owner thread ends
 *     is abandoned: the next wait that takes it returns WAIT_ABANDONED_0+i;
 *   - an SRW lock is granted first come, first served: a release grants
 *     the oldest waiter, and with it every shared waiter queued right
 *     behind a shared one; SRW locks do not wait alertably and are not
 *     recursive (taking one twice in a thread deadlocks, as on Windows);
 *   - a condition variable's sleep releases the lock, waits (not
 *     alertably) until woken or the time-out passes — FALSE with
 *     ERROR_TIMEOUT —, then takes the lock again.  Wake wakes the oldest
 *     sleeper, WakeAll every one.  Windows allows spurious wake-ups; wsim
 *     makes none.
 *
 * Named objects are created as unnamed ones (the name is recorded as
 * named=1), as waits.c does for events.
 */
#include <stdlib.h>
#include <string.h>

#include <windows.h>

#include "runtime/sync_objects.h"
#include "runtime/waits.h"

/* A thread blocked in an SRW lock or a condition variable, on its stack. */
typedef struct wsapi_sync_waiter {
    struct wsapi_sync_waiter *next;
    wsim_thread *thread;
    int exclusive;              /* SRW: wants the lock exclusively */
    int granted;                /* SRW: holds it now; condvar: woken */
} wsapi_sync_waiter;

int wsapi_critsec_release_all(wsapi_call *call, void *program_cs);
void wsapi_critsec_reacquire(wsapi_call *call, void *program_cs, int depth);

/* ---- wait objects (sync_objects.h) ---------------------------------------------- */

int wsapi_sync_signalled(const wsapi_sync *s, const wsim_thread *thread)
{
    if (s->kind == WSAPI_SYNC_MUTEX)
        return !s->owner || s->owner == thread;
    return s->count > 0;
}

int wsapi_sync_available(const wsapi_sync *s)
{
    return s->kind == WSAPI_SYNC_MUTEX ? s->owner == NULL : s->count > 0;
}

int wsapi_sync_take(wsapi_sync *s, wsim_thread *thread)
{
    if (s->kind != WSAPI_SYNC_MUTEX) {
        s->count--;
        return 0;
    }
    if (s->owner == thread) {
        s->recursion++;
        return 0;
    }
    s->owner = thread;
    s->recursion = 1;
    int abandoned = s->abandoned;
    s->abandoned = 0;
    return abandoned;
}

static void release_if_unused(wsapi_process *proc, wsapi_sync *s)
{
    if (s->closed && s->waits == 0) {
        wsapi_handle_release(proc, s->handle);
        free(s);
    }
}

void wsapi_sync_close(wsapi_process *proc, wsapi_sync *s)
{
    s->closed = 1;
    release_if_unused(proc, s);
}

void wsapi_sync_wait_done(wsapi_process *proc, wsapi_sync *s)
{
    s->waits--;
    release_if_unused(proc, s);
}

void wsapi_sync_thread_end(wsapi_process *proc, wsim_thread *thread)
{
    for (size_t i = 0; i < proc->handle_count; i++) {
        wsapi_handle *h = &proc->handles[i];
        if (h->kind != WSAPI_HANDLE_SYNC || h->u.sync->kind != WSAPI_SYNC_MUTEX ||
            h->u.sync->owner != thread)
            continue;
        wsapi_sync *s = h->u.sync;
        s->owner = NULL;
        s->recursion = 0;
        s->abandoned = 1;
        wsapi_object_signalled(thread->sim, &(wsapi_object){.sync = s});
    }
}

/* ---- creating them ---------------------------------------------------------------- */

static wsapi_sync *sync_new(wsapi_call *call, wsapi_sync_kind kind)
{
    wsapi_sync *s = calloc(1, sizeof *s);
    if (!s)
        return NULL;
    s->kind = kind;
    wsim_waitq_init(&s->waitq);
    s->handle = wsapi_handle_new(call->proc, WSAPI_HANDLE_SYNC, s);
    if (s->handle < 0) {
        free(s);
        return NULL;
    }
    return s;
}

static wsapi_sync *sync_of(wsapi_call *call, HANDLE h, wsapi_sync_kind kind)
{
    wsapi_handle *entry = wsapi_handle_get(call->proc, (int64_t)(intptr_t)h);
    if (!entry || entry->kind != WSAPI_HANDLE_SYNC || entry->u.sync->closed ||
        entry->u.sync->kind != kind)
        return NULL;
    return entry->u.sync;
}

static HANDLE create_mutex(wsim_fn fn, BOOL initial_owner, int named)
{
    wsapi_call call;
    if (wsapi_call_begin(&call, fn, -1) != 0)
        return NULL;
    wsapi_call_args(&call, "owner=%d named=%d", initial_owner ? 1 : 0, named);
    wsapi_sync *s = sync_new(&call, WSAPI_SYNC_MUTEX);
    if (!s)
        return (HANDLE)(intptr_t)wsapi_call_end(&call, 0, ERROR_NOT_ENOUGH_MEMORY);
    if (initial_owner) {
        s->owner = call.thread;
        s->recursion = 1;
    }
    return (HANDLE)(intptr_t)wsapi_call_end(&call, s->handle, 0);
}

HANDLE WINAPI CreateMutexA(LPSECURITY_ATTRIBUTES lpMutexAttributes, BOOL bInitialOwner,
                           LPCSTR lpName)
{
    (void)lpMutexAttributes;
    return create_mutex(WSIM_FN_CreateMutexA, bInitialOwner, lpName != NULL);
}

HANDLE WINAPI CreateMutexW(LPSECURITY_ATTRIBUTES lpMutexAttributes, BOOL bInitialOwner,
                           LPCWSTR lpName)
{
    (void)lpMutexAttributes;
    return create_mutex(WSIM_FN_CreateMutexW, bInitialOwner, lpName != NULL);
}

/* Only the owner may release (ERROR_NOT_OWNER otherwise); at the last
 * level the mutex goes to the oldest waiter it satisfies. */
BOOL WINAPI ReleaseMutex(HANDLE hMutex)
{
    wsapi_call call;
    if (wsapi_call_begin(&call, WSIM_FN_ReleaseMutex, -1) != 0)
        return FALSE;
    wsapi_call_args(&call, "mutex=%lld", (long long)(intptr_t)hMutex);
    wsapi_sync *s = sync_of(&call, hMutex, WSAPI_SYNC_MUTEX);
    if (!s)
        return (BOOL)wsapi_call_end(&call, FALSE, ERROR_INVALID_HANDLE);
    if (s->owner != call.thread)
        return (BOOL)wsapi_call_end(&call, FALSE, ERROR_NOT_OWNER);
    if (--s->recursion == 0) {
        s->owner = NULL;
        wsapi_object_signalled(call.sim, &(wsapi_object){.sync = s});
    }
    return (BOOL)wsapi_call_end(&call, TRUE, 0);
}

static HANDLE create_semaphore(wsim_fn fn, LONG initial, LONG maximum, int named)
{
    wsapi_call call;
    if (wsapi_call_begin(&call, fn, -1) != 0)
        return NULL;
    wsapi_call_args(&call, "initial=%d maximum=%d named=%d", initial, maximum, named);
    if (maximum <= 0 || initial < 0 || initial > maximum)
        return (HANDLE)(intptr_t)wsapi_call_end(&call, 0, ERROR_INVALID_PARAMETER);
    wsapi_sync *s = sync_new(&call, WSAPI_SYNC_SEMAPHORE);
    if (!s)
        return (HANDLE)(intptr_t)wsapi_call_end(&call, 0, ERROR_NOT_ENOUGH_MEMORY);
    s->count = initial;
    s->maximum = maximum;
    return (HANDLE)(intptr_t)wsapi_call_end(&call, s->handle, 0);
}

HANDLE WINAPI CreateSemaphoreA(LPSECURITY_ATTRIBUTES lpSemaphoreAttributes, LONG lInitialCount,
                               LONG lMaximumCount, LPCSTR lpName)
{
    (void)lpSemaphoreAttributes;
    return create_semaphore(WSIM_FN_CreateSemaphoreA, lInitialCount, lMaximumCount,
                            lpName != NULL);
}

HANDLE WINAPI CreateSemaphoreW(LPSECURITY_ATTRIBUTES lpSemaphoreAttributes, LONG lInitialCount,
                               LONG lMaximumCount, LPCWSTR lpName)
{
    (void)lpSemaphoreAttributes;
    return create_semaphore(WSIM_FN_CreateSemaphoreW, lInitialCount, lMaximumCount,
                            lpName != NULL);
}

/* A release that would pass the maximum changes nothing and fails with
 * ERROR_TOO_MANY_POSTS (ReleaseSemaphore reference page). */
BOOL WINAPI ReleaseSemaphore(HANDLE hSemaphore, LONG lReleaseCount, LPLONG lpPreviousCount)
{
    wsapi_call call;
    if (wsapi_call_begin(&call, WSIM_FN_ReleaseSemaphore, -1) != 0)
        return FALSE;
    wsapi_call_args(&call, "semaphore=%lld count=%d", (long long)(intptr_t)hSemaphore,
                    lReleaseCount);
    wsapi_sync *s = sync_of(&call, hSemaphore, WSAPI_SYNC_SEMAPHORE);
    if (!s)
        return (BOOL)wsapi_call_end(&call, FALSE, ERROR_INVALID_HANDLE);
    if (lReleaseCount <= 0)
        return (BOOL)wsapi_call_end(&call, FALSE, ERROR_INVALID_PARAMETER);
    if (lReleaseCount > s->maximum - s->count)
        return (BOOL)wsapi_call_end(&call, FALSE, ERROR_TOO_MANY_POSTS);
    LONG previous = (LONG)s->count;
    if (lpPreviousCount && wsapi_write_program(lpPreviousCount, &previous, sizeof previous) != 0)
        return (BOOL)wsapi_call_end(&call, FALSE, ERROR_NOACCESS);
    s->count += lReleaseCount;
    wsapi_object_signalled(call.sim, &(wsapi_object){.sync = s});
    return (BOOL)wsapi_call_end(&call, TRUE, 0);
}

/* ---- SRW locks and condition variables: the program's pointer ---------------------- */

#define PTR_TAG(handle) ((uintptr_t)(handle) << 16 | 0x5752u)

/* The entry behind a program SRWLOCK or CONDITION_VARIABLE, made at first
 * use; NULL (and a violation) when its contents name no entry of its own. */
static wsapi_sync *structure_sync(wsapi_call *call, void *program_ptr, wsapi_sync_kind kind)
{
    uintptr_t word;
    if (!program_ptr || wsapi_read_program(&word, program_ptr, sizeof word) != 0) {
        wsapi_violation(call, kind == WSAPI_SYNC_SRWLOCK ? "SRWLOCK" : "CONDITION_VARIABLE",
                        "a structure the program cannot read and write: nothing done");
        return NULL;
    }
    if (word == 0) {
        wsapi_sync *s = sync_new(call, kind);
        if (!s)
            return NULL;
        s->address = program_ptr;
        word = PTR_TAG(s->handle);
        wsapi_write_program(program_ptr, &word, sizeof word);
        return s;
    }
    wsapi_handle *h = (word & 0xFFFFu) == 0x5752u ? wsapi_handle_get(call->proc, (int64_t)(word >> 16))
                                                  : NULL;
    if (!h || h->kind != WSAPI_HANDLE_SYNC || h->u.sync->kind != kind ||
        h->u.sync->address != program_ptr) {
        wsapi_violation(call, kind == WSAPI_SYNC_SRWLOCK ? "SRWLOCK" : "CONDITION_VARIABLE",
                        "a structure that is neither zero (its initial state) nor one wsim"
                        " initialised at this address (copied or overwritten): nothing done");
        return NULL;
    }
    return h->u.sync;
}

static void waiter_append(wsapi_sync *s, wsapi_sync_waiter *w)
{
    w->next = NULL;
    if (s->last)
        s->last->next = w;
    else
        s->first = w;
    s->last = w;
}

static void waiter_remove(wsapi_sync *s, wsapi_sync_waiter *w)
{
    wsapi_sync_waiter **p = &s->first;
    wsapi_sync_waiter *prev = NULL;
    while (*p && *p != w) {
        prev = *p;
        p = &(*p)->next;
    }
    if (!*p)
        return;
    *p = w->next;
    if (s->last == w)
        s->last = prev;
}

/* Grants the SRW lock to its oldest waiters as the header says. */
static void srw_grant(wsim_sim *sim, wsapi_sync *s)
{
    while (s->first && !s->owner) {
        wsapi_sync_waiter *w = s->first;
        if (w->exclusive && s->shared > 0)
            return;
        s->first = w->next;
        if (!s->first)
            s->last = NULL;
        w->granted = 1;
        if (w->exclusive)
            s->owner = w->thread;
        else
            s->shared++;
        wsim_thread_wake(sim, w->thread);
        if (w->exclusive)
            return;
    }
}

static void srw_acquire(wsapi_call *call, wsapi_sync *s, int exclusive)
{
    int free_now = exclusive ? !s->owner && s->shared == 0 : !s->owner && !s->first;
    if (free_now) {
        if (exclusive)
            s->owner = call->thread;
        else
            s->shared++;
        return;
    }
    wsapi_sync_waiter me = {NULL, call->thread, exclusive, 0};
    waiter_append(s, &me);
    wsim_waitq *q = &s->waitq;
    while (!me.granted)
        wsim_thread_wait(call->sim, &q, 1, -1, call->function);
}

/* 0, or when the caller does not hold the lock that way, a violation. */
static int srw_release(wsapi_call *call, wsapi_sync *s, int exclusive)
{
    if (exclusive ? s->owner != call->thread : s->shared == 0) {
        wsapi_violation(call, "SRWLOCK",
                        exclusive ? "ReleaseSRWLockExclusive by a thread that does not hold"
                                    " the lock exclusively: nothing done"
                                  : "ReleaseSRWLockShared on a lock not held shared:"
                                    " nothing done");
        return -1;
    }
    if (exclusive)
        s->owner = NULL;
    else
        s->shared--;
    srw_grant(call->sim, s);
    return 0;
}

static void srw_call(wsim_fn fn, PSRWLOCK lock, char op)
{
    wsapi_call call;
    if (wsapi_call_begin(&call, fn, -1) != 0)
        return;
    wsapi_sync *s = structure_sync(&call, lock, WSAPI_SYNC_SRWLOCK);
    if (s) {
        wsapi_call_args(&call, "lock=%lld", (long long)s->handle);
        if (op == 'E' || op == 'S')
            srw_acquire(&call, s, op == 'E');
        else if (op == 'e' || op == 's') {
            wsapi_call_end(&call, 0, 0);
            srw_release(&call, s, op == 'e');
            return;
        }
    }
    wsapi_call_end(&call, 0, 0);
}

VOID WINAPI InitializeSRWLock(PSRWLOCK SRWLock)
{
    wsapi_call call;
    if (wsapi_call_begin(&call, WSIM_FN_InitializeSRWLock, -1) != 0)
        return;
    uintptr_t zero = 0;
    if (SRWLock)
        wsapi_write_program(SRWLock, &zero, sizeof zero);
    wsapi_call_end(&call, 0, 0);
}

VOID WINAPI AcquireSRWLockExclusive(PSRWLOCK SRWLock)
{
    srw_call(WSIM_FN_AcquireSRWLockExclusive, SRWLock, 'E');
}
VOID WINAPI AcquireSRWLockShared(PSRWLOCK SRWLock)
{
    srw_call(WSIM_FN_AcquireSRWLockShared, SRWLock, 'S');
}
VOID WINAPI ReleaseSRWLockExclusive(PSRWLOCK SRWLock)
{
    srw_call(WSIM_FN_ReleaseSRWLockExclusive, SRWLock, 'e');
}
VOID WINAPI ReleaseSRWLockShared(PSRWLOCK SRWLock)
{
    srw_call(WSIM_FN_ReleaseSRWLockShared, SRWLock, 's');
}

static BOOLEAN srw_try(wsim_fn fn, PSRWLOCK lock, int exclusive)
{
    wsapi_call call;
    if (wsapi_call_begin(&call, fn, -1) != 0)
        return FALSE;
    wsapi_sync *s = structure_sync(&call, lock, WSAPI_SYNC_SRWLOCK);
    if (!s)
        return (BOOLEAN)wsapi_call_end(&call, FALSE, 0);
    wsapi_call_args(&call, "lock=%lld", (long long)s->handle);
    int free_now = exclusive ? !s->owner && s->shared == 0 : !s->owner && !s->first;
    if (!free_now)
        return (BOOLEAN)wsapi_call_end(&call, FALSE, 0);
    srw_acquire(&call, s, exclusive);
    return (BOOLEAN)wsapi_call_end(&call, TRUE, 0);
}

BOOLEAN WINAPI TryAcquireSRWLockExclusive(PSRWLOCK SRWLock)
{
    return srw_try(WSIM_FN_TryAcquireSRWLockExclusive, SRWLock, 1);
}
BOOLEAN WINAPI TryAcquireSRWLockShared(PSRWLOCK SRWLock)
{
    return srw_try(WSIM_FN_TryAcquireSRWLockShared, SRWLock, 0);
}

VOID WINAPI InitializeConditionVariable(PCONDITION_VARIABLE ConditionVariable)
{
    wsapi_call call;
    if (wsapi_call_begin(&call, WSIM_FN_InitializeConditionVariable, -1) != 0)
        return;
    uintptr_t zero = 0;
    if (ConditionVariable)
        wsapi_write_program(ConditionVariable, &zero, sizeof zero);
    wsapi_call_end(&call, 0, 0);
}

/* Sleeps on the condition variable until woken or the time-out passes: 1
 * when woken. */
static int condvar_sleep(wsapi_call *call, wsapi_sync *cv, DWORD ms)
{
    wsapi_sync_waiter me = {NULL, call->thread, 0, 0};
    waiter_append(cv, &me);
    int64_t deadline = ms == INFINITE ? -1 : call->sim->now_ns + (int64_t)ms * 1000000;
    wsim_waitq *q = &cv->waitq;
    while (!me.granted) {
        if (deadline >= 0 && call->sim->now_ns >= deadline)
            break;
        wsim_thread_wait(call->sim, &q, 1, deadline, call->function);
    }
    if (!me.granted)
        waiter_remove(cv, &me);
    return me.granted;
}

BOOL WINAPI SleepConditionVariableCS(PCONDITION_VARIABLE ConditionVariable,
                                     PCRITICAL_SECTION CriticalSection, DWORD dwMilliseconds)
{
    wsapi_call call;
    if (wsapi_call_begin(&call, WSIM_FN_SleepConditionVariableCS, -1) != 0)
        return FALSE;
    wsapi_sync *cv = structure_sync(&call, ConditionVariable, WSAPI_SYNC_CONDVAR);
    if (!cv)
        return (BOOL)wsapi_call_end(&call, FALSE, ERROR_INVALID_PARAMETER);
    int depth = wsapi_critsec_release_all(&call, CriticalSection);
    wsapi_call_args(&call, "cv=%lld timeout=%u", (long long)cv->handle, (unsigned)dwMilliseconds);
    if (depth == 0) {
        wsapi_call_end(&call, FALSE, ERROR_INVALID_PARAMETER);
        wsapi_violation(&call, "CONDITION_VARIABLE",
                        "SleepConditionVariableCS with a critical section the thread has not"
                        " entered: refused");
        return FALSE;
    }
    int woken = condvar_sleep(&call, cv, dwMilliseconds);
    wsapi_critsec_reacquire(&call, CriticalSection, depth);
    wsapi_call_args(&call, "cv=%lld timeout=%u", (long long)cv->handle, (unsigned)dwMilliseconds);
    return (BOOL)wsapi_call_end(&call, woken, woken ? 0 : ERROR_TIMEOUT);
}

BOOL WINAPI SleepConditionVariableSRW(PCONDITION_VARIABLE ConditionVariable, PSRWLOCK SRWLock,
                                      DWORD dwMilliseconds, ULONG Flags)
{
    wsapi_call call;
    if (wsapi_call_begin(&call, WSIM_FN_SleepConditionVariableSRW, -1) != 0)
        return FALSE;
    int exclusive = !(Flags & CONDITION_VARIABLE_LOCKMODE_SHARED);
    wsapi_sync *cv = structure_sync(&call, ConditionVariable, WSAPI_SYNC_CONDVAR);
    wsapi_sync *lock = cv ? structure_sync(&call, SRWLock, WSAPI_SYNC_SRWLOCK) : NULL;
    if (!cv || !lock)
        return (BOOL)wsapi_call_end(&call, FALSE, ERROR_INVALID_PARAMETER);
    wsapi_call_args(&call, "cv=%lld lock=%lld timeout=%u shared=%d", (long long)cv->handle,
                    (long long)lock->handle, (unsigned)dwMilliseconds, !exclusive);
    if (srw_release(&call, lock, exclusive) != 0)
        return (BOOL)wsapi_call_end(&call, FALSE, ERROR_INVALID_PARAMETER);
    int woken = condvar_sleep(&call, cv, dwMilliseconds);
    srw_acquire(&call, lock, exclusive);
    return (BOOL)wsapi_call_end(&call, woken, woken ? 0 : ERROR_TIMEOUT);
}

static void condvar_wake(wsim_fn fn, PCONDITION_VARIABLE cvp, int all)
{
    wsapi_call call;
    if (wsapi_call_begin(&call, fn, -1) != 0)
        return;
    wsapi_sync *cv = structure_sync(&call, cvp, WSAPI_SYNC_CONDVAR);
    int woken = 0;
    if (cv) {
        while (cv->first && (all || woken == 0)) {
            wsapi_sync_waiter *w = cv->first;
            cv->first = w->next;
            if (!cv->first)
                cv->last = NULL;
            w->granted = 1;
            wsim_thread_wake(call.sim, w->thread);
            woken++;
        }
        wsapi_call_args(&call, "cv=%lld woken=%d", (long long)cv->handle, woken);
    }
    wsapi_call_end(&call, 0, 0);
}

VOID WINAPI WakeConditionVariable(PCONDITION_VARIABLE ConditionVariable)
{
    condvar_wake(WSIM_FN_WakeConditionVariable, ConditionVariable, 0);
}

VOID WINAPI WakeAllConditionVariable(PCONDITION_VARIABLE ConditionVariable)
{
    condvar_wake(WSIM_FN_WakeAllConditionVariable, ConditionVariable, 1);
}
