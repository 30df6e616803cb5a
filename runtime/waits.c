/* waits.c — event objects, the one wait, Sleep/SleepEx, CloseHandle, and the
 * clocks (tick counts, the performance counter), all in virtual time.
 *
 * Owns: Win32 events, which WSA events are too (WSACreateEvent is
 * CreateEvent(NULL, TRUE, FALSE, NULL), as the WSACreateEvent reference page
 * says; the WSA names are wsapi/events.c's); the wait every waiting call
 * shares (waits.h: the order in which a wait is decided, and how signalling hands an object to its waiters); the
 * alertable wait of blocking Winsock calls (wsapi_wait_alertable, S30).
 *
 * Alertable waits (W22, W25): APCs — completion routines among them — run
 * only in an alertable wait, and then all that are queued run before the
 * wait returns WAIT_IO_COMPLETION (Wine's test_alertable_wait, run on
 * Windows: two APCs queued to a waiting thread both run before its wait
 * returns).  A wait inside an APC is not alertable (W23: routines are never
 * nested); what is queued meanwhile runs when the outer dispatch goes on.
 */
#include <stdlib.h>

#include <windows.h>
#include <winsock2.h>

#include "sim/defaults.h"
#include "runtime/sync_objects.h"
#include "runtime/waits.h"

/* ---- objects -------------------------------------------------------------- */

/* Signalled for `thread` (NULL: for anyone, as far as a mutex goes). */
static int object_signalled(const wsapi_object *o, const wsim_thread *thread)
{
    if (o->sync)
        return thread ? wsapi_sync_signalled(o->sync, thread) : wsapi_sync_available(o->sync);
    return o->event ? o->event->signaled : o->thread->ended;
}

static wsim_waitq *object_queue(const wsapi_object *o)
{
    if (o->sync)
        return &o->sync->waitq;
    return o->event ? &o->event->waitq : &o->thread->ended_waitq;
}

/* Satisfying a wait takes an auto-reset event's signal, a semaphore's unit
 * or a mutex; a manual-reset event and an ended thread stay signalled.
 * Returns 1 when it took an abandoned mutex. */
static int object_take(const wsapi_object *o, wsim_thread *thread)
{
    if (o->sync)
        return wsapi_sync_take(o->sync, thread);
    if (o->event && !o->event->manual_reset)
        o->event->signaled = 0;
    return 0;
}

/* Decides the wait from its objects alone, taking what it takes.  An
 * abandoned mutex among them makes the result WAIT_ABANDONED_0 + its
 * index. */
static long try_satisfy(const wsapi_wait *w)
{
    if (w->wait_all) {
        if (w->count == 0)
            return WSAPI_WAIT_PENDING;
        for (int i = 0; i < w->count; i++)
            if (!object_signalled(&w->objects[i], w->thread))
                return WSAPI_WAIT_PENDING;
        long result = WAIT_OBJECT_0;
        for (int i = 0; i < w->count; i++)
            if (object_take(&w->objects[i], w->thread) && result == (long)WAIT_OBJECT_0)
                result = (long)WAIT_ABANDONED_0 + i;
        return result;
    }
    for (int i = 0; i < w->count; i++)
        if (object_signalled(&w->objects[i], w->thread))
            return (object_take(&w->objects[i], w->thread) ? (long)WAIT_ABANDONED_0
                                                             : (long)WAIT_OBJECT_0) +
                   i;
    return WSAPI_WAIT_PENDING;
}

void wsapi_object_signalled(wsim_sim *sim, const wsapi_object *object)
{
    wsim_waitq *q = object_queue(object);
    for (wsim_waiter *w = q->first; w && object_signalled(object, NULL); w = w->next) {
        wsim_thread *t = w->thread;
        wsapi_thread_state *ts = t->user;
        if (t->state != WSIM_THREAD_WAITING || !ts || !ts->wait ||
            ts->wait->result != WSAPI_WAIT_PENDING)
            continue;
        ts->wait->result = try_satisfy(ts->wait);
        if (ts->wait->result != WSAPI_WAIT_PENDING)
            wsim_thread_wake(sim, t);
    }
}

int wsapi_object_of(wsapi_call *call, int64_t value, wsapi_object *out)
{
    out->event = NULL;
    out->thread = NULL;
    out->sync = NULL;
    if (value == WSAPI_CURRENT_THREAD) {
        out->thread = wsapi_thread_state_of(call->thread);
        return out->thread ? 0 : ERROR_NOT_ENOUGH_MEMORY;
    }
    wsapi_handle *h = wsapi_handle_get(call->proc, value);
    if (h && h->kind == WSAPI_HANDLE_EVENT && !h->u.event->closed)
        out->event = h->u.event;
    else if (h && h->kind == WSAPI_HANDLE_THREAD)
        out->thread = h->u.thread;
    else if (h && h->kind == WSAPI_HANDLE_SYNC && !h->u.sync->closed &&
             (h->u.sync->kind == WSAPI_SYNC_MUTEX || h->u.sync->kind == WSAPI_SYNC_SEMAPHORE))
        out->sync = h->u.sync;
    else
        return ERROR_INVALID_HANDLE;
    return 0;
}

/* ---- the wait ----------------------------------------------------------------- */

/* Frees a closed event once no wait is left on it. */
static void event_release_if_unused(wsapi_process *proc, wsapi_event *ev)
{
    if (ev->closed && ev->waits == 0) {
        wsapi_handle_release(proc, ev->handle);
        free(ev);
    }
}

/* The wait loop.  `yield` makes a zero time-out still give up the processor
 * once (Sleep(0): the thread runs again after whatever is already due at
 * this instant). */
static long wait_core(wsapi_call *call, const wsapi_object *objects, int n, int wait_all,
                      uint32_t timeout_ms, int alertable, int yield)
{
    wsim_sim *sim = call->sim;
    wsapi_thread_state *ts = wsapi_thread_state_of(call->thread);
    if (!ts)
        return (long)WAIT_FAILED;
    alertable = alertable && !ts->in_apc;
    wsapi_wait w = {objects, n, wait_all, WSAPI_WAIT_PENDING, call->thread};
    wsim_waitq *queues[WSIM_MAX_WAIT_OBJECTS];
    int nqueues = 0;
    for (int i = 0; i < n; i++) {
        queues[nqueues++] = object_queue(&objects[i]);
        if (objects[i].event)
            objects[i].event->waits++;
        if (objects[i].sync)
            objects[i].sync->waits++;
    }
    if (alertable)
        queues[nqueues++] = &ts->alert;
    int64_t deadline =
        timeout_ms == INFINITE ? -1 : sim->now_ns + (int64_t)timeout_ms * WSIM_NS_PER_MS;
    int yielded = !yield;
    long result = try_satisfy(&w);
    while (result == WSAPI_WAIT_PENDING) {
        if (alertable && ts->apc_first) {
            wsapi_run_apcs(call->thread);
            result = WSAPI_WAIT_IO_COMPLETION;
            break;
        }
        if (yielded && deadline >= 0 && sim->now_ns >= deadline) {
            result = WSAPI_WAIT_TIMEOUT;
            break;
        }
        ts->wait = &w;
        wsim_thread_wait(sim, queues, nqueues, deadline, call->function);
        ts->wait = NULL;
        yielded = 1;
        result = w.result;   /* handed over while the thread waited */
        /* Woken without a hand-over: a queued APC ends the wait (the loop
         * runs it); otherwise an object may have been signalled directly. */
        if (result == WSAPI_WAIT_PENDING && !(alertable && ts->apc_first))
            result = try_satisfy(&w);
    }
    for (int i = 0; i < n; i++)
        if (objects[i].event) {
            objects[i].event->waits--;
            event_release_if_unused(call->proc, objects[i].event);
        } else if (objects[i].sync) {
            wsapi_sync_wait_done(call->proc, objects[i].sync);
        }
    return result;
}

long wsapi_wait_objects(wsapi_call *call, const wsapi_object *objects, int n, int wait_all,
                        uint32_t timeout_ms, int alertable)
{
    return wait_core(call, objects, n, wait_all, timeout_ms, alertable, 0);
}

int wsapi_wait_alertable_begin(wsim_thread *thread, wsim_waitq **queues, int n,
                               int64_t deadline_ns, const char *call)
{
    wsapi_thread_state *ts = wsapi_thread_state_of(thread);
    int alertable = ts && !ts->in_apc;
    if (alertable && ts->apc_first)
        return 0;   /* APCs already queued: no wait; the caller runs them */
    wsim_waitq *all[WSIM_MAX_WAIT_OBJECTS];
    int count = 0;
    for (int i = 0; i < n && count < WSIM_MAX_WAIT_OBJECTS - 1; i++)
        all[count++] = queues[i];
    if (alertable)
        all[count++] = &ts->alert;
    return wsim_thread_wait(thread->sim, all, count, deadline_ns, call);
}

void wsapi_wait_alertable_end(wsim_thread *thread)
{
    wsapi_thread_state *ts = wsapi_thread_state_of(thread);
    if (ts && !ts->in_apc && ts->apc_first)
        wsapi_run_apcs(thread);
}

int wsapi_wait_alertable(wsim_thread *thread, wsim_waitq **queues, int n, int64_t deadline_ns,
                         const char *call)
{
    int timed_out = wsapi_wait_alertable_begin(thread, queues, n, deadline_ns, call);
    wsapi_wait_alertable_end(thread);
    return timed_out;
}

void wsapi_violation(wsapi_call *call, const char *rule, const char *text)
{
    wsim_record rec;
    wsim_record_init(call->sim, &rec, WSIM_REC_VIOLATION);
    rec.name = rule;
    rec.text = text;
    rec.violation.call_seq = (int64_t)call->seq;
    wsim_sim_emit(call->sim, &rec);
}

/* ---- events ------------------------------------------------------------------- */

static wsapi_event *event_of(wsapi_process *proc, HANDLE h)
{
    wsapi_handle *handle = wsapi_handle_get(proc, (int64_t)(uintptr_t)h);
    return handle && handle->kind == WSAPI_HANDLE_EVENT && !handle->u.event->closed
               ? handle->u.event
               : NULL;
}

int64_t wsapi_event_new(wsapi_call *call, int manual_reset, int initial_state)
{
    wsapi_event *ev = calloc(1, sizeof *ev);
    if (!ev)
        return 0;
    ev->manual_reset = manual_reset;
    ev->signaled = initial_state;
    wsim_waitq_init(&ev->waitq);
    ev->handle = wsapi_handle_new(call->proc, WSAPI_HANDLE_EVENT, ev);
    if (ev->handle < 0) {
        free(ev);
        return 0;
    }
    return ev->handle;
}

/* Named events would be shared between processes; wsim does not model
 * names: a named event is created like an unnamed one (the name is only
 * recorded as named=1). */
static HANDLE create_event(wsim_fn function, BOOL bManualReset, BOOL bInitialState,
                           int named)
{
    wsapi_call call;
    if (wsapi_call_begin(&call, function, -1) != 0)
        return NULL;
    wsapi_call_args(&call, "manual=%d initial=%d named=%d", bManualReset ? 1 : 0,
                    bInitialState ? 1 : 0, named);
    HANDLE h = (HANDLE)(uintptr_t)wsapi_event_new(&call, bManualReset != FALSE,
                                                  bInitialState != FALSE);
    if (!h)
        wsapi_call_end(&call, 0, ERROR_NOT_ENOUGH_MEMORY);
    else
        wsapi_call_end(&call, (long long)(uintptr_t)h, 0);
    return h;
}

HANDLE WINAPI CreateEventA(LPSECURITY_ATTRIBUTES lpEventAttributes, BOOL bManualReset,
                           BOOL bInitialState, LPCSTR lpName)
{
    (void)lpEventAttributes;
    return create_event(WSIM_FN_CreateEventA, bManualReset, bInitialState, lpName != NULL);
}

HANDLE WINAPI CreateEventW(LPSECURITY_ATTRIBUTES lpEventAttributes, BOOL bManualReset,
                           BOOL bInitialState, LPCWSTR lpName)
{
    (void)lpEventAttributes;
    return create_event(WSIM_FN_CreateEventW, bManualReset, bInitialState, lpName != NULL);
}

/* Closes an event's handle; the object lives on while waits use it. */
static void event_close(wsapi_process *proc, wsapi_event *ev)
{
    ev->closed = 1;
    event_release_if_unused(proc, ev);
}

int wsapi_event_call(wsim_fn function, int64_t handle, int op,
                     int (*check)(wsapi_call *call))
{
    wsapi_call call;
    if (wsapi_call_begin(&call, function, -1) != 0)
        return FALSE;
    HANDLE h = (HANDLE)(uintptr_t)handle;
    wsapi_call_args(&call, "event=%lld", (long long)(uintptr_t)h);
    int error = check ? check(&call) : 0;
    if (error)
        return (BOOL)wsapi_call_end(&call, FALSE, error);
    wsapi_event *ev = event_of(call.proc, h);
    if (!ev)
        return (BOOL)wsapi_call_end(&call, FALSE, ERROR_INVALID_HANDLE);
    if (op == 's') {
        ev->signaled = 1;
        wsapi_object_signalled(call.sim, &(wsapi_object){.event = ev});
    } else if (op == 'r') {
        ev->signaled = 0;
    } else {
        event_close(call.proc, ev);
    }
    return (BOOL)wsapi_call_end(&call, TRUE, 0);
}

BOOL WINAPI SetEvent(HANDLE hEvent)
{
    return wsapi_event_call(WSIM_FN_SetEvent, (int64_t)(uintptr_t)hEvent, 's', NULL);
}
BOOL WINAPI ResetEvent(HANDLE hEvent)
{
    return wsapi_event_call(WSIM_FN_ResetEvent, (int64_t)(uintptr_t)hEvent, 'r', NULL);
}

/* ---- CloseHandle ------------------------------------------------------------------ */

/* Events and thread handles close as on Windows; closing the pseudo handle
 * of GetCurrentThread does nothing (CloseHandle reference page).  A socket
 * is closed as closesocket closes it (W17: its pending overlapped sends
 * complete with WSA_OPERATION_ABORTED), which is what Windows does without
 * a layered provider; the CloseHandle reference page says to use closesocket
 * instead, so the use is recorded as a violation. */
BOOL WINAPI CloseHandle(HANDLE hObject)
{
    wsapi_call call;
    if (wsapi_call_begin(&call, WSIM_FN_CloseHandle, -1) != 0)
        return FALSE;
    int64_t value = (int64_t)(intptr_t)hObject;
    wsapi_call_args(&call, "handle=%lld", (long long)value);
    if (value == WSAPI_CURRENT_THREAD)
        return (BOOL)wsapi_call_end(&call, TRUE, 0);
    wsapi_handle *h = wsapi_handle_get(call.proc, value);
    if (!h || h->kind == WSAPI_HANDLE_CRITSEC || h->kind == WSAPI_HANDLE_HEAP ||
        (h->kind == WSAPI_HANDLE_SYNC &&
         (h->u.sync->closed || (h->u.sync->kind != WSAPI_SYNC_MUTEX &&
                                h->u.sync->kind != WSAPI_SYNC_SEMAPHORE))) ||
        (h->kind == WSAPI_HANDLE_EVENT && h->u.event->closed) ||
        (h->kind == WSAPI_HANDLE_SOCKET && h->ops->closed(h->u.socket)))
        return (BOOL)wsapi_call_end(&call, FALSE, ERROR_INVALID_HANDLE);
    int is_socket = h->kind == WSAPI_HANDLE_SOCKET;
    if (is_socket) {
        call.socket = value;
        h->ops->close_handle(h->u.socket);
    } else if (h->kind == WSAPI_HANDLE_EVENT) {
        event_close(call.proc, h->u.event);
    } else if (h->kind == WSAPI_HANDLE_SYNC) {
        wsapi_sync_close(call.proc, h->u.sync);
    } else {
        /* A thread runs on after its handle is closed. */
        h->u.thread->handle = -1;
        wsapi_handle_release(call.proc, value);
    }
    wsapi_call_end(&call, TRUE, 0);
    if (is_socket)
        wsapi_violation(&call, "CloseHandle-socket",
                        "CloseHandle on a socket: the reference page says to use closesocket;"
                        " closed as closesocket would");
    return TRUE;
}

/* ---- the wait calls ------------------------------------------------------------------ */

int wsapi_objects_of(wsapi_call *call, const void *program_handles_, uint32_t n, int wait_all,
                     int fault, wsapi_object *out)
{
    const HANDLE *program_handles = program_handles_;
    HANDLE handles[MAXIMUM_WAIT_OBJECTS];
    if (!program_handles || wsapi_read_program(handles, program_handles, n * sizeof handles[0]) != 0)
        return fault;
    for (DWORD i = 0; i < n; i++) {
        int error = wsapi_object_of(call, (int64_t)(intptr_t)handles[i], &out[i]);
        if (error)
            return error;
        for (DWORD j = 0; wait_all && j < i; j++)
            if (out[j].event == out[i].event && out[j].thread == out[i].thread &&
                out[j].sync == out[i].sync)
                return ERROR_INVALID_PARAMETER;
    }
    return 0;
}

static DWORD wait_multiple(wsim_fn function, DWORD nCount, const HANDLE *lpHandles,
                           BOOL bWaitAll, DWORD dwMilliseconds, BOOL bAlertable)
{
    wsapi_call call;
    if (wsapi_call_begin(&call, function, -1) != 0)
        return WAIT_FAILED;
    wsapi_call_args(&call, "count=%u all=%d timeout=%u alertable=%d", (unsigned)nCount,
                    bWaitAll ? 1 : 0, (unsigned)dwMilliseconds, bAlertable ? 1 : 0);
    if (nCount == 0 || nCount > MAXIMUM_WAIT_OBJECTS)
        return (DWORD)wsapi_call_end(&call, WAIT_FAILED, ERROR_INVALID_PARAMETER);
    wsapi_object objects[MAXIMUM_WAIT_OBJECTS];
    int error = wsapi_objects_of(&call, lpHandles, nCount, bWaitAll, ERROR_NOACCESS, objects);
    if (error)
        return (DWORD)wsapi_call_end(&call, WAIT_FAILED, error);
    long result = wsapi_wait_objects(&call, objects, (int)nCount, bWaitAll, dwMilliseconds,
                                     bAlertable);
    if (result == (long)WAIT_FAILED)
        return (DWORD)wsapi_call_end(&call, WAIT_FAILED, ERROR_NOT_ENOUGH_MEMORY);
    return (DWORD)wsapi_call_end(&call, result, 0);
}

DWORD WINAPI WaitForMultipleObjects(DWORD nCount, const HANDLE *lpHandles, BOOL bWaitAll,
                                    DWORD dwMilliseconds)
{
    return wait_multiple(WSIM_FN_WaitForMultipleObjects, nCount, lpHandles, bWaitAll, dwMilliseconds,
                         FALSE);
}

DWORD WINAPI WaitForMultipleObjectsEx(DWORD nCount, const HANDLE *lpHandles, BOOL bWaitAll,
                                      DWORD dwMilliseconds, BOOL bAlertable)
{
    return wait_multiple(WSIM_FN_WaitForMultipleObjectsEx, nCount, lpHandles, bWaitAll,
                         dwMilliseconds, bAlertable);
}

static DWORD wait_single(wsim_fn function, HANDLE hHandle, DWORD dwMilliseconds,
                         BOOL bAlertable)
{
    wsapi_call call;
    if (wsapi_call_begin(&call, function, -1) != 0)
        return WAIT_FAILED;
    int64_t value = (int64_t)(intptr_t)hHandle;
    wsapi_call_args(&call, "handle=%lld timeout=%u alertable=%d", (long long)value,
                    (unsigned)dwMilliseconds, bAlertable ? 1 : 0);
    wsapi_object object;
    int error = wsapi_object_of(&call, value, &object);
    if (error)
        return (DWORD)wsapi_call_end(&call, WAIT_FAILED, error);
    long result = wsapi_wait_objects(&call, &object, 1, 0, dwMilliseconds, bAlertable);
    if (result == (long)WAIT_FAILED)
        return (DWORD)wsapi_call_end(&call, WAIT_FAILED, ERROR_NOT_ENOUGH_MEMORY);
    return (DWORD)wsapi_call_end(&call, result, 0);
}

DWORD WINAPI WaitForSingleObject(HANDLE hHandle, DWORD dwMilliseconds)
{
    return wait_single(WSIM_FN_WaitForSingleObject, hHandle, dwMilliseconds, FALSE);
}

DWORD WINAPI WaitForSingleObjectEx(HANDLE hHandle, DWORD dwMilliseconds, BOOL bAlertable)
{
    return wait_single(WSIM_FN_WaitForSingleObjectEx, hHandle, dwMilliseconds, bAlertable);
}

/* Sleep and SleepEx: a wait on no object; the call is recorded under the
 * name the program used.  SleepEx returns 0 when the time is up. */
static DWORD sleep_call(wsim_fn function, DWORD dwMilliseconds, BOOL bAlertable)
{
    wsapi_call call;
    if (wsapi_call_begin(&call, function, -1) != 0)
        return 0;
    wsapi_call_args(&call, "ms=%u alertable=%d", (unsigned)dwMilliseconds, bAlertable ? 1 : 0);
    long result = wait_core(&call, NULL, 0, 0, dwMilliseconds, bAlertable, 1);
    return (DWORD)wsapi_call_end(&call, result == WSAPI_WAIT_IO_COMPLETION ? result : 0, 0);
}

DWORD WINAPI SleepEx(DWORD dwMilliseconds, BOOL bAlertable)
{
    return sleep_call(WSIM_FN_SleepEx, dwMilliseconds, bAlertable);
}

void WINAPI Sleep(DWORD dwMilliseconds)
{
    sleep_call(WSIM_FN_Sleep, dwMilliseconds, FALSE);
}

/* ---- clocks ----------------------------------------------------------------------- */

/* Virtual nanoseconds since the run began (0 outside a simulation); the
 * call is recorded (M02). */
static int64_t clock_call(wsim_fn function, wsapi_call *call)
{
    if (wsapi_call_begin(call, function, -1) != 0)
        return -1;
    return call->sim->now_ns;
}

/* Tick counts are virtual milliseconds since the run began. */
DWORD WINAPI GetTickCount(void)
{
    wsapi_call call;
    int64_t now = clock_call(WSIM_FN_GetTickCount, &call);
    if (now < 0)
        return 0;
    return (DWORD)wsapi_call_end(&call, (DWORD)(now / WSIM_NS_PER_MS), 0);
}

ULONGLONG WINAPI GetTickCount64(void)
{
    wsapi_call call;
    int64_t now = clock_call(WSIM_FN_GetTickCount64, &call);
    if (now < 0)
        return 0;
    return (ULONGLONG)wsapi_call_end(&call, now / WSIM_NS_PER_MS, 0);
}

/* The performance counter counts virtual time in units of 100 ns: modern
 * Windows reports a frequency of 10 MHz (QueryPerformanceFrequency reference
 * page, "Acquiring high-resolution time stamps"). */
#define WSAPI_QPC_FREQUENCY 10000000LL

static BOOL write_counter(wsim_fn function, LARGE_INTEGER *out, int frequency)
{
    wsapi_call call;
    int64_t now = clock_call(function, &call);
    if (now < 0)
        return FALSE;
    LARGE_INTEGER value;
    value.QuadPart = frequency ? WSAPI_QPC_FREQUENCY : now / (WSIM_NS_PER_S / WSAPI_QPC_FREQUENCY);
    wsapi_call_args(&call, "value=%lld", (long long)value.QuadPart);
    if (!out || wsapi_write_program(out, &value, sizeof value) != 0)
        return (BOOL)wsapi_call_end(&call, FALSE, ERROR_NOACCESS);
    return (BOOL)wsapi_call_end(&call, TRUE, 0);
}

BOOL WINAPI QueryPerformanceCounter(LARGE_INTEGER *lpPerformanceCount)
{
    return write_counter(WSIM_FN_QueryPerformanceCounter, lpPerformanceCount, 0);
}

BOOL WINAPI QueryPerformanceFrequency(LARGE_INTEGER *lpFrequency)
{
    return write_counter(WSIM_FN_QueryPerformanceFrequency, lpFrequency, 1);
}
