/* interlocked_tls.c — the Interlocked* functions and thread-local storage
 * (TlsAlloc, TlsGetValue, TlsSetValue, TlsFree).
 *
 * Owns: the TLS indexes of each program instance (wsapi_process.tls_used)
 * and each simulated thread's slots (wsapi_thread_state.tls).  Simulated
 * threads run one at a time and switch only inside calls that wait, so each
 * Interlocked* call is atomic by construction; it is a call (recorded, with
 * the value it returns) rather than a compiler intrinsic because on Linux
 * the program's compiler has no such intrinsic of these names.
 *
 * TLS: a slot of a thread reads NULL until that thread sets it; TlsAlloc
 * hands out the lowest free index (0 first), and TlsFree clears the slot in
 * every thread of the instance, as Windows does, so a reused index starts
 * at NULL.  TlsGetValue sets the last error to ERROR_SUCCESS when it
 * succeeds (its reference page: callers tell a stored NULL from a failure
 * that way).
 */
#include <stdlib.h>

#include <windows.h>

#include "runtime/waits.h"

/* ---- Interlocked* -------------------------------------------------------------- */

/* Records the call with the value it returns; nothing else to check: as
 * with the intrinsics, a bad pointer is the program's crash. */
static long long record(wsim_fn fn, long long ret)
{
    wsapi_call call;
    if (wsapi_call_begin(&call, fn, -1) != 0)
        return ret;
    return wsapi_call_end(&call, ret, 0);
}

LONG WINAPI InterlockedIncrement(LONG volatile *Addend)
{
    return (LONG)record(WSIM_FN_InterlockedIncrement, ++*Addend);
}
LONG WINAPI InterlockedDecrement(LONG volatile *Addend)
{
    return (LONG)record(WSIM_FN_InterlockedDecrement, --*Addend);
}
LONG WINAPI InterlockedExchange(LONG volatile *Target, LONG Value)
{
    LONG old = *Target;
    *Target = Value;
    return (LONG)record(WSIM_FN_InterlockedExchange, old);
}
LONG WINAPI InterlockedExchangeAdd(LONG volatile *Addend, LONG Value)
{
    LONG old = *Addend;
    *Addend = (LONG)((ULONG)old + (ULONG)Value);
    return (LONG)record(WSIM_FN_InterlockedExchangeAdd, old);
}
LONG WINAPI InterlockedCompareExchange(LONG volatile *Destination, LONG Exchange, LONG Comperand)
{
    LONG old = *Destination;
    if (old == Comperand)
        *Destination = Exchange;
    return (LONG)record(WSIM_FN_InterlockedCompareExchange, old);
}
LONG64 WINAPI InterlockedIncrement64(LONG64 volatile *Addend)
{
    *Addend = (LONG64)((ULONG64)*Addend + 1);
    return (LONG64)record(WSIM_FN_InterlockedIncrement64, *Addend);
}
LONG64 WINAPI InterlockedDecrement64(LONG64 volatile *Addend)
{
    *Addend = (LONG64)((ULONG64)*Addend - 1);
    return (LONG64)record(WSIM_FN_InterlockedDecrement64, *Addend);
}
LONG64 WINAPI InterlockedExchange64(LONG64 volatile *Target, LONG64 Value)
{
    LONG64 old = *Target;
    *Target = Value;
    return (LONG64)record(WSIM_FN_InterlockedExchange64, old);
}
LONG64 WINAPI InterlockedExchangeAdd64(LONG64 volatile *Addend, LONG64 Value)
{
    LONG64 old = *Addend;
    *Addend = (LONG64)((ULONG64)old + (ULONG64)Value);
    return (LONG64)record(WSIM_FN_InterlockedExchangeAdd64, old);
}
LONG64 WINAPI InterlockedCompareExchange64(LONG64 volatile *Destination, LONG64 Exchange,
                                           LONG64 Comperand)
{
    LONG64 old = *Destination;
    if (old == Comperand)
        *Destination = Exchange;
    return (LONG64)record(WSIM_FN_InterlockedCompareExchange64, old);
}
/* The pointer variants record whether the old value was NULL: a pointer
 * value must never reach the trace. */
PVOID WINAPI InterlockedExchangePointer(PVOID volatile *Target, PVOID Value)
{
    PVOID old = *Target;
    *Target = Value;
    record(WSIM_FN_InterlockedExchangePointer, old != NULL);
    return old;
}
PVOID WINAPI InterlockedCompareExchangePointer(PVOID volatile *Destination, PVOID Exchange,
                                               PVOID Comperand)
{
    PVOID old = *Destination;
    if (old == Comperand)
        *Destination = Exchange;
    record(WSIM_FN_InterlockedCompareExchangePointer, old != NULL);
    return old;
}

/* ---- thread-local storage -------------------------------------------------------- */

static int tls_in_use(const wsapi_process *proc, DWORD index)
{
    return index < WSAPI_TLS_SLOTS && (proc->tls_used[index / 64] >> (index % 64) & 1);
}

DWORD WINAPI TlsAlloc(void)
{
    wsapi_call call;
    if (wsapi_call_begin(&call, WSIM_FN_TlsAlloc, -1) != 0)
        return TLS_OUT_OF_INDEXES;
    for (DWORD i = 0; i < WSAPI_TLS_SLOTS; i++)
        if (!tls_in_use(call.proc, i)) {
            call.proc->tls_used[i / 64] |= (uint64_t)1 << (i % 64);
            return (DWORD)wsapi_call_end(&call, i, 0);
        }
    return (DWORD)wsapi_call_end(&call, TLS_OUT_OF_INDEXES, ERROR_NO_MORE_ITEMS);
}

LPVOID WINAPI TlsGetValue(DWORD dwTlsIndex)
{
    wsapi_call call;
    if (wsapi_call_begin(&call, WSIM_FN_TlsGetValue, -1) != 0)
        return NULL;
    wsapi_call_args(&call, "index=%u", (unsigned)dwTlsIndex);
    if (!tls_in_use(call.proc, dwTlsIndex)) {
        wsapi_call_end(&call, 0, ERROR_INVALID_PARAMETER);
        return NULL;
    }
    wsapi_thread_state *ts = wsapi_thread_state_of(call.thread);
    void *value = ts && ts->tls ? ts->tls[dwTlsIndex] : NULL;
    /* ERROR_SUCCESS is set by hand: wsapi_call_end sets only errors. */
    wsapi_set_last_error(call.thread, 0);
    wsapi_call_end(&call, value != NULL, 0);
    return value;
}

BOOL WINAPI TlsSetValue(DWORD dwTlsIndex, LPVOID lpTlsValue)
{
    wsapi_call call;
    if (wsapi_call_begin(&call, WSIM_FN_TlsSetValue, -1) != 0)
        return FALSE;
    wsapi_call_args(&call, "index=%u null=%d", (unsigned)dwTlsIndex, lpTlsValue == NULL);
    if (!tls_in_use(call.proc, dwTlsIndex))
        return (BOOL)wsapi_call_end(&call, FALSE, ERROR_INVALID_PARAMETER);
    wsapi_thread_state *ts = wsapi_thread_state_of(call.thread);
    if (ts && !ts->tls)
        ts->tls = calloc(WSAPI_TLS_SLOTS, sizeof *ts->tls);
    if (!ts || !ts->tls)
        return (BOOL)wsapi_call_end(&call, FALSE, ERROR_NOT_ENOUGH_MEMORY);
    ts->tls[dwTlsIndex] = lpTlsValue;
    return (BOOL)wsapi_call_end(&call, TRUE, 0);
}

BOOL WINAPI TlsFree(DWORD dwTlsIndex)
{
    wsapi_call call;
    if (wsapi_call_begin(&call, WSIM_FN_TlsFree, -1) != 0)
        return FALSE;
    wsapi_call_args(&call, "index=%u", (unsigned)dwTlsIndex);
    if (!tls_in_use(call.proc, dwTlsIndex))
        return (BOOL)wsapi_call_end(&call, FALSE, ERROR_INVALID_PARAMETER);
    call.proc->tls_used[dwTlsIndex / 64] &= ~((uint64_t)1 << (dwTlsIndex % 64));
    for (size_t i = 0; i < call.proc->thread_count; i++)
        if (call.proc->threads[i]->tls)
            call.proc->threads[i]->tls[dwTlsIndex] = NULL;
    return (BOOL)wsapi_call_end(&call, TRUE, 0);
}
