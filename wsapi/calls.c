/* calls.c — the Winsock precedence's shared checks (calls.h), W04 and W19,
 * and WSACancelBlockingCall. */
#include "wsapi/calls.h"

#include <stdio.h>
#include <string.h>

#include "errors/errors.h"
#include "sim/net.h"
#include "wsapi/overlapped.h"

#include <winsock2.h>

/* The host-wide conditions a scenario injects (sim/fault.h): S03 and S09,
 * each for the calls whose Winsock reference pages (learn.microsoft.com,
 * "Windows Sockets Error Codes" and each function's Return value section)
 * list WSAENETDOWN, "the network subsystem has failed", or WSAENOBUFS, "no
 * buffer space is available": the steps column of runtime/functions.h. */
static int host_condition(const wsapi_call *call)
{
    const wsim_host *host = call->thread->process->host;
    unsigned steps = wsim_fns[call->fn].steps;
    if (host->net_down && (steps & WSIM_STEP_NETDOWN))
        return WSAENETDOWN;
    if (host->buffers_exhausted && (steps & WSIM_STEP_NOBUFS))
        return WSAENOBUFS;
    return 0;
}

int wsapi_check_started(wsapi_call *call)
{
    if (call->proc->startup_count == 0)
        return WSANOTINITIALISED;
    return host_condition(call);
}

int wsapi_check_socket(wsapi_call *call, uint64_t handle, wsapi_socket **out)
{
    int error = wsapi_check_started(call);
    if (error)
        return error;
    wsapi_handle *h = wsapi_handle_get(call->proc, (int64_t)handle);
    if (!h || h->kind != WSAPI_HANDLE_SOCKET || h->u.socket->closed)
        return WSAENOTSOCK;
    *out = h->u.socket;
    return 0;
}

/* S05: Winsock 1.1's way to end the calling thread's blocking call, which
 * then fails with WSAEINTR.  Only an APC can run on a thread whose blocking
 * call is in progress, so that is where a program calls it.  The reference
 * page: "removed in compliance with the Windows Sockets 2 specification,
 * revision 2.2.0 … Windows Sockets 1.1 applications that call this function
 * are still supported through the WINSOCK.DLL and WSOCK32.DLL", so it works
 * for a program whose WSAStartup settled on version 1.x, under any profile
 * (the contract names win9x, whose programs commonly did), and fails with
 * WSAEOPNOTSUPP for version 2.x.  With no blocking call in progress it
 * fails with WSAEINVAL (the Windows Sockets 1.1 specification:
 * "there is no outstanding blocking call"). */
int WSAAPI WSACancelBlockingCall(void)
{
    wsapi_call call;
    if (wsapi_call_begin(&call, WSIM_FN_WSACancelBlockingCall, -1) != 0)
        return SOCKET_ERROR;
    int error = wsapi_check_started(&call);
    wsapi_thread_state *ts = NULL;
    if (!error && LOBYTE(call.proc->wsa_version) >= 2)
        error = WSAEOPNOTSUPP;
    if (!error && !((ts = wsapi_thread_state_of(call.thread)) && ts->blocking_call))
        error = WSAEINVAL;
    if (!error) {
        ts->blocking_call->cancelled = 1;
        wsapi_call_args(&call, "cancels=%s", ts->blocking_call->function);
    }
    return (int)wsapi_call_end(&call, error ? SOCKET_ERROR : 0, error);
}

/* ---- W04, W19 ----------------------------------------------------------------- */

int wsapi_transfer_pointers_error(void *count, void *overlapped, const void *routine)
{
    if ((count && wsapi_program_writable(count, sizeof(DWORD)) != 0) ||
        (overlapped && wsapi_program_writable(overlapped, sizeof(WSAOVERLAPPED)) != 0) ||
        (routine && wsapi_program_readable(routine, 1) != 0))
        return WSAEFAULT;
    return 0;
}

int wsapi_overlapped_in_flight(const wsapi_process *proc, const void *overlapped,
                               uint64_t *call_seq)
{
    *call_seq = 0;
    for (size_t i = 0; i < proc->handle_count; i++) {
        const wsapi_handle *h = &proc->handles[i];
        if (h->kind != WSAPI_HANDLE_SOCKET)
            continue;
        for (const wsapi_request *req = h->u.socket->pending_first; req; req = req->next)
            if (req->overlapped == overlapped) {
                *call_seq = req->call_seq;
                return 1;
            }
        for (const wsapi_request *req = h->u.socket->recv_first; req; req = req->next)
            if (req->overlapped == overlapped) {
                *call_seq = req->call_seq;
                return 1;
            }
    }
    return 0;
}

void wsapi_overlapped_reuse_violation(const wsapi_call *call, uint64_t in_flight)
{
    char text[256];
    snprintf(text, sizeof text,
             "%s reused the WSAOVERLAPPED of call %llu, still in flight: WSAEINVAL",
             call->function, (unsigned long long)in_flight);
    wsapi_violation_for(call->thread, call->seq, "W19", text);
}

/* The table's names are winsock2.h's numbers: checked as it compiles. */
#define X(name, code, win32, internal, wording) _Static_assert(name == code, #name);
WSIM_ERRORS(X)
#undef X

int wsapi_stream_error_code(wsim_stream_error error)
{
    if (error == WSIM_SE_NONE)
        return 0;
    /* The row whose internal column names this transport error. */
#define X(name, code, win32, internal, wording)                                                \
    if (WSIM_SE_##internal != WSIM_SE_NONE && error == WSIM_SE_##internal)                     \
        return code;
    WSIM_ERRORS(X)
#undef X
    return WSAEFAULT;
}

