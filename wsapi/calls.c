/* calls.c — recording calls, the last error, and the shared checks. */
#include "wsapi/calls.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "sim/net.h"

#include <winsock2.h>

int wsapi_call_begin(wsapi_call *call, const char *function, int64_t socket)
{
    memset(call, 0, sizeof *call);
    call->thread = wsapi_thread();
    if (!call->thread)
        return -1;
    call->sim = call->thread->sim;
    call->proc = wsapi_process_of(call->thread);
    call->function = function;
    call->start_ns = call->sim->now_ns;
    call->socket = socket;
    call->stream_offset = -1;
    return call->proc ? 0 : -1;
}

void wsapi_call_args(wsapi_call *call, const char *format, ...)
{
    va_list args;
    va_start(args, format);
    vsnprintf(call->args, sizeof call->args, format, args);
    va_end(args);
}

long long wsapi_call_end(wsapi_call *call, long long ret, int error)
{
    if (!call->thread)
        return ret;
    if (error)
        call->thread->last_error = error;
    wsim_record rec;
    wsim_record_init(call->sim, &rec, WSIM_REC_CALL);
    rec.socket = call->socket;
    rec.name = call->function;
    rec.text = call->args;
    rec.a[0] = ret;
    rec.a[1] = error;
    rec.a[2] = call->start_ns;
    rec.a[3] = call->stream_offset;
    wsim_sim_emit(call->sim, &rec);
    call->seq = rec.seq;
    return ret;
}

/* The calls whose Winsock reference pages (learn.microsoft.com, "Windows
 * Sockets Error Codes" and each function's Return value section) list
 * WSAENETDOWN, "the network subsystem has failed", and those that list
 * WSAENOBUFS, "no buffer space is available".  Names are as the calls
 * record them. */
static const char *const netdown_calls[] = {
    "accept", "bind", "closesocket", "connect", "getpeername", "getsockname", "getsockopt",
    "ioctlsocket", "listen", "recv", "recvfrom", "select", "send", "sendto", "setsockopt",
    "shutdown", "socket", "WSAAccept", "WSAConnect", "WSAEventSelect", "WSAIoctl", "WSARecv",
    "WSARecvFrom", "WSASend", "WSASendTo", "WSASocketA", "WSASocketW", NULL,
};
static const char *const nobufs_calls[] = {
    "accept", "bind", "connect", "listen", "send", "sendto", "socket", "WSAAccept",
    "WSAConnect", "WSASend", "WSASendTo", "WSASocketA", "WSASocketW", NULL,
};

static int listed(const char *const *names, const char *function)
{
    for (; *names; names++)
        if (strcmp(*names, function) == 0)
            return 1;
    return 0;
}

/* The host-wide conditions a scenario injects (sim/fault.h): S03 and S09. */
static int host_condition(const wsapi_call *call)
{
    const wsim_host *host = call->thread->process->host;
    if (host->net_down && listed(netdown_calls, call->function))
        return WSAENETDOWN;
    if (host->buffers_exhausted && listed(nobufs_calls, call->function))
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

int wsapi_stream_error_code(wsim_stream_error error)
{
    switch (error) {
    case WSIM_SE_NONE: return 0;
    case WSIM_SE_REFUSED: return WSAECONNREFUSED;
    case WSIM_SE_RESET: return WSAECONNRESET;
    case WSIM_SE_UNREACHABLE: return WSAEHOSTUNREACH;
    case WSIM_SE_ABORTED: return WSAECONNABORTED;
    case WSIM_SE_TIMEDOUT: return WSAETIMEDOUT;
    case WSIM_SE_ADDRINUSE: return WSAEADDRINUSE;
    case WSIM_SE_ADDRNOTAVAIL: return WSAEADDRNOTAVAIL;
    case WSIM_SE_NOMEM: return WSAENOBUFS;
    }
    return WSAEFAULT;
}

void wsapi_emit_completion(wsim_thread *thread, int64_t socket, uint64_t call_seq,
                           const char *function, uint64_t bytes, int error,
                           const char *delivery)
{
    wsim_sim *sim = thread->sim;
    wsim_record rec;
    wsim_record_init(sim, &rec, WSIM_REC_COMPLETION);
    rec.host = thread->process->host->id;
    rec.process = thread->process->id;
    rec.thread = thread->id;
    rec.socket = socket;
    rec.name = function;
    rec.text = delivery;
    rec.a[0] = (int64_t)call_seq;
    rec.a[1] = (int64_t)bytes;
    rec.a[2] = error;
    wsim_sim_emit(sim, &rec);
}
