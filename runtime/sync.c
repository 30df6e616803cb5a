/* sync.c — critical sections: InitializeCriticalSection,
 * EnterCriticalSection, LeaveCriticalSection, DeleteCriticalSection.
 *
 * Owns: the lock state of every CRITICAL_SECTION, kept in a side entry of
 * the process's handle table (kind WSAPI_HANDLE_CRITSEC, never usable as a
 * HANDLE).  The program's 40-byte structure holds only that entry's handle
 * and a check word; neither is trusted: the structure is read without
 * touching it (progmem), and the entry must be a critical section entry
 * made for this very address.  A structure that fails the checks (never
 * initialised, deleted, copied) is a use the documents call undefined: the
 * call does nothing and records a violation.
 *
 * The lock, in virtual time:
 *   - Enter takes a free lock; its owner may enter again (the recursion
 *     count grows, as the EnterCriticalSection reference page allows);
 *     anyone else blocks, not alertably, until the lock is handed over.
 *   - Leave by the owner drops one level; at zero the lock goes straight to
 *     the thread that has waited longest (first come, first served), so the
 *     order is deterministic and no thread is starved.  (Windows does not
 *     promise an order, and since Vista lets a running thread take a lock
 *     before the woken one; FIFO is one of the orders it may produce.)
 *   - A thread that ends while it owns a lock keeps it: its waiters wait
 *     for ever, and the run ends as a deadlock naming them, as on Windows.
 */
#include <stdlib.h>
#include <string.h>

#include <windows.h>

#include "runtime/waits.h"

typedef struct wsapi_critsec {
    int64_t handle;
    const void *address;        /* the program's CRITICAL_SECTION */
    wsim_thread *owner;         /* NULL when free */
    int recursion;
    wsim_waitq waitq;           /* threads blocked in EnterCriticalSection, oldest first */
} wsapi_critsec;

/* What wsim writes into the opaque structure: the entry's handle and a
 * check word derived from it, so zeroed or stray bytes are told apart. */
#define CS_SLOT_HANDLE 0
#define CS_SLOT_CHECK 1
#define CS_CHECK(handle) ((ULONG_PTR)(handle) ^ (ULONG_PTR)0x57534D43532D3031ull)

/* The entry for the program's structure, or NULL. */
static wsapi_critsec *critsec_of(wsapi_call *call, LPCRITICAL_SECTION cs)
{
    CRITICAL_SECTION bytes;
    if (!cs || wsapi_read_program(&bytes, cs, sizeof bytes) != 0)
        return NULL;
    ULONG_PTR handle = bytes.wsim_opaque[CS_SLOT_HANDLE];
    if (bytes.wsim_opaque[CS_SLOT_CHECK] != CS_CHECK(handle) || handle > INT64_MAX)
        return NULL;
    wsapi_handle *h = wsapi_handle_get(call->proc, (int64_t)handle);
    if (!h || h->kind != WSAPI_HANDLE_CRITSEC || h->u.critsec->address != cs)
        return NULL;
    wsapi_call_args(call, "cs=%lld", (long long)handle);
    return h->u.critsec;
}

/* The calls return nothing and set no last error on Windows, so misuse
 * shows only as a violation. */
static void not_initialised(wsapi_call *call)
{
    wsapi_call_end(call, 0, 0);
    wsapi_violation(call, "CRITICAL_SECTION",
                    "a critical section that InitializeCriticalSection did not initialise"
                    " (or DeleteCriticalSection deleted): nothing done");
}

VOID WINAPI InitializeCriticalSection(LPCRITICAL_SECTION lpCriticalSection)
{
    wsapi_call call;
    if (wsapi_call_begin(&call, WSIM_FN_InitializeCriticalSection, -1) != 0)
        return;
    CRITICAL_SECTION bytes;
    memset(&bytes, 0, sizeof bytes);
    /* Probed first: nothing is made for memory the program cannot write
     * (on Windows, an access violation). */
    if (!lpCriticalSection ||
        wsapi_write_program(lpCriticalSection, &bytes, sizeof bytes) != 0) {
        wsapi_call_end(&call, 0, 0);
        wsapi_violation(&call, "CRITICAL_SECTION",
                        "InitializeCriticalSection on memory the program cannot write:"
                        " nothing done");
        return;
    }
    wsapi_critsec *cs = calloc(1, sizeof *cs);
    if (cs)
        cs->handle = wsapi_handle_new(call.proc, WSAPI_HANDLE_CRITSEC, cs);
    if (!cs || cs->handle < 0) {
        free(cs);
        wsapi_call_end(&call, 0, ERROR_NOT_ENOUGH_MEMORY);
        return;
    }
    cs->address = lpCriticalSection;
    wsim_waitq_init(&cs->waitq);
    bytes.wsim_opaque[CS_SLOT_HANDLE] = (ULONG_PTR)cs->handle;
    bytes.wsim_opaque[CS_SLOT_CHECK] = CS_CHECK(cs->handle);
    wsapi_write_program(lpCriticalSection, &bytes, sizeof bytes);
    wsapi_call_args(&call, "cs=%lld", (long long)cs->handle);
    wsapi_call_end(&call, 0, 0);
}

VOID WINAPI EnterCriticalSection(LPCRITICAL_SECTION lpCriticalSection)
{
    wsapi_call call;
    if (wsapi_call_begin(&call, WSIM_FN_EnterCriticalSection, -1) != 0)
        return;
    wsapi_critsec *cs = critsec_of(&call, lpCriticalSection);
    if (!cs) {
        not_initialised(&call);
        return;
    }
    if (!cs->owner) {
        cs->owner = call.thread;
        cs->recursion = 1;
    } else if (cs->owner == call.thread) {
        cs->recursion++;
    } else {
        /* LeaveCriticalSection hands the lock over before it wakes us. */
        wsim_waitq *q = &cs->waitq;
        while (cs->owner != call.thread)
            wsim_thread_wait(call.sim, &q, 1, -1, call.function);
    }
    wsapi_call_end(&call, 0, 0);
}

VOID WINAPI LeaveCriticalSection(LPCRITICAL_SECTION lpCriticalSection)
{
    wsapi_call call;
    if (wsapi_call_begin(&call, WSIM_FN_LeaveCriticalSection, -1) != 0)
        return;
    wsapi_critsec *cs = critsec_of(&call, lpCriticalSection);
    if (!cs) {
        not_initialised(&call);
        return;
    }
    if (cs->owner != call.thread) {
        wsapi_call_end(&call, 0, 0);
        wsapi_violation(&call, "CRITICAL_SECTION",
                        "LeaveCriticalSection by a thread that does not own the critical"
                        " section: nothing done");
        return;
    }
    if (--cs->recursion == 0) {
        cs->owner = NULL;
        for (wsim_waiter *w = cs->waitq.first; w; w = w->next)
            if (w->thread->state == WSIM_THREAD_WAITING) {
                cs->owner = w->thread;
                cs->recursion = 1;
                wsim_thread_wake(call.sim, w->thread);
                break;
            }
    }
    wsapi_call_end(&call, 0, 0);
}

/* Deleting a critical section that threads wait for is undefined (the
 * DeleteCriticalSection reference page): the entry is then kept, so that
 * they wait on, and a violation is recorded. */
VOID WINAPI DeleteCriticalSection(LPCRITICAL_SECTION lpCriticalSection)
{
    wsapi_call call;
    if (wsapi_call_begin(&call, WSIM_FN_DeleteCriticalSection, -1) != 0)
        return;
    wsapi_critsec *cs = critsec_of(&call, lpCriticalSection);
    if (!cs) {
        not_initialised(&call);
        return;
    }
    if (cs->waitq.first) {
        wsapi_call_end(&call, 0, 0);
        wsapi_violation(&call, "CRITICAL_SECTION",
                        "DeleteCriticalSection while threads wait for it: not deleted");
        return;
    }
    CRITICAL_SECTION bytes;
    memset(&bytes, 0, sizeof bytes);
    wsapi_write_program(lpCriticalSection, &bytes, sizeof bytes);
    wsapi_handle_release(call.proc, cs->handle);
    free(cs);
    wsapi_call_end(&call, 0, 0);
}

/* ---- for SleepConditionVariableCS (sync_objects.c) ---------------------------- */

/* Releases the calling thread's hold on the critical section entirely, as
 * LeaveCriticalSection would at the last level, and says how deep it was
 * (0: the caller does not own it, or it is not initialised; nothing done). */
int wsapi_critsec_release_all(wsapi_call *call, void *program_cs)
{
    wsapi_critsec *cs = critsec_of(call, program_cs);
    if (!cs || cs->owner != call->thread)
        return 0;
    int depth = cs->recursion;
    cs->recursion = 0;
    cs->owner = NULL;
    for (wsim_waiter *w = cs->waitq.first; w; w = w->next)
        if (w->thread->state == WSIM_THREAD_WAITING) {
            cs->owner = w->thread;
            cs->recursion = 1;
            wsim_thread_wake(call->sim, w->thread);
            break;
        }
    return depth;
}

/* Enters it again, `depth` levels deep, waiting as EnterCriticalSection. */
void wsapi_critsec_reacquire(wsapi_call *call, void *program_cs, int depth)
{
    wsapi_critsec *cs = critsec_of(call, program_cs);
    if (!cs)
        return;
    if (!cs->owner)
        cs->owner = call->thread;
    wsim_waitq *q = &cs->waitq;
    while (cs->owner != call->thread)
        wsim_thread_wait(call->sim, &q, 1, -1, call->function);
    cs->recursion = depth;
}
