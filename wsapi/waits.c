/* waits.c — event objects, WSAWaitForMultipleEvents, alertable waits,
 * Sleep/SleepEx and the tick counts, all in virtual time.
 *
 * An alertable wait (fAlertable / SleepEx(…, TRUE)) runs every APC queued
 * to the thread — completion routines among them — and then returns
 * WAIT_IO_COMPLETION (W22, W25).  A non-alertable wait leaves them queued.
 */
#include <stdlib.h>

#include <windows.h>
#include <winsock2.h>

#include "sim/defaults.h"
#include "wsapi/calls.h"

static wsapi_event *event_of(wsapi_process *proc, WSAEVENT h)
{
    wsapi_handle *handle = wsapi_handle_get(proc, (int64_t)(uintptr_t)h);
    return handle && handle->kind == WSAPI_HANDLE_EVENT ? handle->u.event : NULL;
}

WSAEVENT WSAAPI WSACreateEvent(void)
{
    wsapi_call call;
    if (wsapi_call_begin(&call, "WSACreateEvent", -1) != 0)
        return WSA_INVALID_EVENT;
    wsapi_event *ev = calloc(1, sizeof *ev);
    int64_t handle = -1;
    if (ev) {
        ev->manual_reset = 1;   /* WSA events are manual-reset, initially clear */
        wsim_waitq_init(&ev->waitq);
        handle = wsapi_handle_new(call.proc, WSAPI_HANDLE_EVENT, ev);
    }
    if (handle < 0) {
        free(ev);
        wsapi_call_end(&call, 0, WSA_NOT_ENOUGH_MEMORY);
        return WSA_INVALID_EVENT;
    }
    wsapi_call_end(&call, handle, 0);
    return (WSAEVENT)(uintptr_t)handle;
}

/* Shared by WSASetEvent, WSAResetEvent and WSACloseEvent. */
static BOOL event_call(const char *function, WSAEVENT h, int op)
{
    wsapi_call call;
    if (wsapi_call_begin(&call, function, -1) != 0)
        return FALSE;
    wsapi_call_args(&call, "event=%lld", (long long)(uintptr_t)h);
    wsapi_event *ev = event_of(call.proc, h);
    if (!ev)
        return (BOOL)wsapi_call_end(&call, FALSE, WSA_INVALID_HANDLE);
    if (op == 's') {
        ev->signaled = 1;
        wsim_waitq_wake_all(call.sim, &ev->waitq);
    } else if (op == 'r') {
        ev->signaled = 0;
    } else {
        wsapi_handle_release(call.proc, (int64_t)(uintptr_t)h);
        free(ev);
    }
    return (BOOL)wsapi_call_end(&call, TRUE, 0);
}

BOOL WSAAPI WSASetEvent(WSAEVENT hEvent) { return event_call("WSASetEvent", hEvent, 's'); }
BOOL WSAAPI WSAResetEvent(WSAEVENT hEvent) { return event_call("WSAResetEvent", hEvent, 'r'); }
BOOL WSAAPI WSACloseEvent(WSAEVENT hEvent) { return event_call("WSACloseEvent", hEvent, 'c'); }

static int64_t deadline_for(wsim_sim *sim, DWORD timeout_ms)
{
    return timeout_ms == WSA_INFINITE ? -1 : sim->now_ns + (int64_t)timeout_ms * WSIM_NS_PER_MS;
}

DWORD WSAAPI WSAWaitForMultipleEvents(DWORD cEvents, const WSAEVENT *lphEvents, BOOL fWaitAll,
                                      DWORD dwTimeout, BOOL fAlertable)
{
    wsapi_call call;
    if (wsapi_call_begin(&call, "WSAWaitForMultipleEvents", -1) != 0)
        return WSA_WAIT_FAILED;
    wsapi_call_args(&call, "count=%u all=%d timeout=%u alertable=%d", (unsigned)cEvents,
                    fWaitAll ? 1 : 0, (unsigned)dwTimeout, fAlertable ? 1 : 0);
    if (cEvents == 0 || cEvents > WSA_MAXIMUM_WAIT_EVENTS)
        return (DWORD)wsapi_call_end(&call, WSA_WAIT_FAILED, WSA_INVALID_PARAMETER);
    WSAEVENT handles[WSA_MAXIMUM_WAIT_EVENTS];
    if (!lphEvents || wsapi_read_program(handles, lphEvents, cEvents * sizeof handles[0]) != 0)
        return (DWORD)wsapi_call_end(&call, WSA_WAIT_FAILED, WSAEFAULT);
    wsapi_event *events[WSA_MAXIMUM_WAIT_EVENTS];
    wsim_waitq *queues[WSA_MAXIMUM_WAIT_EVENTS + 1];
    for (DWORD i = 0; i < cEvents; i++) {
        events[i] = event_of(call.proc, handles[i]);
        if (!events[i])
            return (DWORD)wsapi_call_end(&call, WSA_WAIT_FAILED, WSA_INVALID_HANDLE);
        queues[i] = &events[i]->waitq;
    }
    int nqueues = (int)cEvents;
    wsapi_thread_state *ts = fAlertable ? wsapi_thread_state_of(call.thread) : NULL;
    if (ts)
        queues[nqueues++] = &ts->alert;
    int64_t deadline = deadline_for(call.sim, dwTimeout);
    for (;;) {
        if (ts && ts->apc_first) {
            wsapi_run_apcs(call.thread);
            return (DWORD)wsapi_call_end(&call, WSA_WAIT_IO_COMPLETION, 0);   /* W25 */
        }
        DWORD signaled = 0, first = cEvents;
        for (DWORD i = 0; i < cEvents; i++)
            if (events[i]->signaled) {
                signaled++;
                if (first == cEvents)
                    first = i;
            }
        if (fWaitAll ? signaled == cEvents : signaled > 0)
            return (DWORD)wsapi_call_end(&call, WSA_WAIT_EVENT_0 + (fWaitAll ? 0 : first), 0);
        if (dwTimeout == 0 || (deadline >= 0 && call.sim->now_ns >= deadline))
            return (DWORD)wsapi_call_end(&call, WSA_WAIT_TIMEOUT, 0);
        wsim_thread_wait(call.sim, queues, nqueues, deadline, call.function);
    }
}

/* Sleep and SleepEx: the call is recorded under the name the program used. */
static DWORD sleep_call(const char *function, DWORD dwMilliseconds, BOOL bAlertable)
{
    wsapi_call call;
    if (wsapi_call_begin(&call, function, -1) != 0)
        return 0;
    wsapi_call_args(&call, "ms=%u alertable=%d", (unsigned)dwMilliseconds, bAlertable ? 1 : 0);
    wsapi_thread_state *ts = bAlertable ? wsapi_thread_state_of(call.thread) : NULL;
    int64_t deadline = deadline_for(call.sim, dwMilliseconds);
    for (;;) {
        if (ts && ts->apc_first) {
            wsapi_run_apcs(call.thread);
            return (DWORD)wsapi_call_end(&call, WAIT_IO_COMPLETION, 0);
        }
        if (deadline >= 0 && call.sim->now_ns >= deadline && dwMilliseconds != 0)
            return (DWORD)wsapi_call_end(&call, 0, 0);
        wsim_waitq *alert = ts ? &ts->alert : NULL;
        /* Sleep(0) yields: the thread runs again after whatever is already
         * due at this instant. */
        if (wsim_thread_wait(call.sim, alert ? &alert : NULL, alert ? 1 : 0, deadline,
                             call.function) &&
            dwMilliseconds == 0)
            return (DWORD)wsapi_call_end(&call, 0, 0);
    }
}

DWORD WINAPI SleepEx(DWORD dwMilliseconds, BOOL bAlertable)
{
    return sleep_call("SleepEx", dwMilliseconds, bAlertable);
}

void WINAPI Sleep(DWORD dwMilliseconds)
{
    sleep_call("Sleep", dwMilliseconds, FALSE);
}

/* Tick counts are virtual milliseconds since the run began. */
DWORD WINAPI GetTickCount(void)
{
    wsim_sim *sim = wsapi_running();
    return sim ? (DWORD)(sim->now_ns / WSIM_NS_PER_MS) : 0;
}

ULONGLONG WINAPI GetTickCount64(void)
{
    wsim_sim *sim = wsapi_running();
    return sim ? (ULONGLONG)(sim->now_ns / WSIM_NS_PER_MS) : 0;
}
