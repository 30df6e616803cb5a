/* events.c — the WSA names of the event calls: WSACreateEvent, WSASetEvent,
 * WSAResetEvent, WSACloseEvent, WSAWaitForMultipleEvents.
 *
 * Owns: what makes them Winsock calls — they need WSAStartup (S02: each
 * reference page lists WSANOTINITIALISED, unlike their Win32 twins) and
 * report Winsock codes.  The events and the wait themselves are the
 * runtime's (runtime/waits.c): a WSA event is a Win32 event.
 */
#include <stdint.h>

#include <windows.h>
#include <winsock2.h>

#include "runtime/waits.h"
#include "wsapi/calls.h"

WSAEVENT WSAAPI WSACreateEvent(void)
{
    wsapi_call call;
    if (wsapi_call_begin(&call, WSIM_FN_WSACreateEvent, -1) != 0)
        return WSA_INVALID_EVENT;
    if (wsapi_check_started(&call) != 0) {   /* S02 */
        wsapi_call_end(&call, 0, WSANOTINITIALISED);
        return WSA_INVALID_EVENT;
    }
    /* Manual-reset, initially clear (the WSACreateEvent reference page). */
    HANDLE h = (HANDLE)(uintptr_t)wsapi_event_new(&call, 1, 0);
    if (!h)
        wsapi_call_end(&call, 0, WSA_NOT_ENOUGH_MEMORY);
    else
        wsapi_call_end(&call, (long long)(uintptr_t)h, 0);
    return h ? h : WSA_INVALID_EVENT;
}

/* S02, the only check the WSA names add. */
static int started(wsapi_call *call)
{
    return wsapi_check_started(call) != 0 ? WSANOTINITIALISED : 0;
}

BOOL WSAAPI WSASetEvent(WSAEVENT hEvent)
{
    return wsapi_event_call(WSIM_FN_WSASetEvent, (int64_t)(uintptr_t)hEvent, 's', started);
}
BOOL WSAAPI WSAResetEvent(WSAEVENT hEvent)
{
    return wsapi_event_call(WSIM_FN_WSAResetEvent, (int64_t)(uintptr_t)hEvent, 'r', started);
}
BOOL WSAAPI WSACloseEvent(WSAEVENT hEvent)
{
    return wsapi_event_call(WSIM_FN_WSACloseEvent, (int64_t)(uintptr_t)hEvent, 'c', started);
}

DWORD WSAAPI WSAWaitForMultipleEvents(DWORD cEvents, const WSAEVENT *lphEvents, BOOL fWaitAll,
                                      DWORD dwTimeout, BOOL fAlertable)
{
    wsapi_call call;
    if (wsapi_call_begin(&call, WSIM_FN_WSAWaitForMultipleEvents, -1) != 0)
        return WSA_WAIT_FAILED;
    wsapi_call_args(&call, "count=%u all=%d timeout=%u alertable=%d", (unsigned)cEvents,
                    fWaitAll ? 1 : 0, (unsigned)dwTimeout, fAlertable ? 1 : 0);
    if (wsapi_check_started(&call) != 0)   /* S02 */
        return (DWORD)wsapi_call_end(&call, WSA_WAIT_FAILED, WSANOTINITIALISED);
    if (cEvents == 0 || cEvents > WSA_MAXIMUM_WAIT_EVENTS)
        return (DWORD)wsapi_call_end(&call, WSA_WAIT_FAILED, WSA_INVALID_PARAMETER);
    wsapi_object objects[WSA_MAXIMUM_WAIT_EVENTS];
    int error = wsapi_objects_of(&call, lphEvents, cEvents, fWaitAll, WSAEFAULT, objects);
    if (error)
        return (DWORD)wsapi_call_end(&call, WSA_WAIT_FAILED, error);
    long result = wsapi_wait_objects(&call, objects, (int)cEvents, fWaitAll, dwTimeout, fAlertable);
    if (result == (long)WAIT_FAILED)
        return (DWORD)wsapi_call_end(&call, WSA_WAIT_FAILED, WSA_NOT_ENOUGH_MEMORY);
    return (DWORD)wsapi_call_end(&call, result, 0);
}
