/* core.c — the send and receive entry points and their one core.
 *
 * send, sendto, WSASend, WSASendTo, recv, recvfrom, WSARecv and WSARecvFrom
 * fill a wsapi_transfer_args and call their core (core.h), which makes the
 * checks every transfer shares in the order wsapi/calls.h writes down
 * (steps 1 to 4) and hands the call to the operation of the socket's
 * protocol: transfer.c and recv.c for a stream socket, datagram.c for a
 * datagram socket.  A destination on a stream socket (sendto, WSASendTo)
 * is not modelled: WSAEOPNOTSUPP.
 */
#include "wsapi/core.h"

#include <stdlib.h>

#include <winsock2.h>

#include "wsapi/overlapped.h"

static const wsapi_transfer_ops stream_ops = {
    .sends_to_address = 0, .send = wsapi_stream_send, .receive = wsapi_stream_receive};
static const wsapi_transfer_ops datagram_ops = {
    .sends_to_address = 1, .send = wsapi_datagram_send, .receive = wsapi_datagram_receive};

void wsapi_transfer_gather_args(wsapi_call *call, const wsapi_transfer_args *args,
                                uint64_t total, DWORD flags)
{
    wsapi_call_args(call, "buffers=%u bytes=%llu flags=0x%x overlapped=%d routine=%d",
                    (unsigned)args->buffer_count, (unsigned long long)total, (unsigned)flags,
                    args->overlapped != NULL, args->routine != NULL);
}

int wsapi_receive_gather_checks(wsapi_call *call, wsapi_socket *sock,
                                const wsapi_transfer_args *args, int address_error,
                                wsapi_gathered *g)
{
    *g = (wsapi_gathered){0};
    int error = wsapi_capture_buffers(args->buffers, args->buffer_count, WSAPI_BUFFERS_WRITE,
                                      &g->bufs, &g->total);
    if (!error && (!args->flags_io ||
                   wsapi_read_program(&g->flags, args->flags_io, sizeof g->flags) != 0 ||
                   wsapi_program_writable(args->flags_io, sizeof g->flags) != 0))
        error = WSAEFAULT;
    wsapi_transfer_gather_args(call, args, g->total, g->flags);
    if (!error)
        error = address_error;
    if (!error)                                      /* W16, W04, W08, W19 */
        error = wsapi_overlapped_check(call, sock, args->bytes, args->overlapped,
                                       (const void *)args->routine, &g->in_flight);
    return error;
}

int wsapi_transfer_refused(wsapi_call *call, wsapi_buffer *bufs, int error, uint64_t in_flight)
{
    free(bufs);
    wsapi_call_end(call, SOCKET_ERROR, error);   /* W03: no completion */
    if (in_flight)
        wsapi_overlapped_reuse_violation(call, in_flight);
    return SOCKET_ERROR;
}

/* Steps 1 to 4 of the precedence and the choice of the protocol: 0 and
 * *sock, *ops set, or the error (the call begun, not ended). */
static int shared_checks(wsapi_call *call, const wsapi_transfer_args *args, int sending,
                         wsapi_socket **sock, const wsapi_transfer_ops **ops)
{
    if (!args->gather)
        wsapi_call_args(call, "len=%d flags=0x%x", args->len, (unsigned)args->flags);
    int error = wsapi_check_socket(call, args->s, sock);   /* steps 1 to 3 */
    if (error)
        return error;
    /* S06, W15: without an OVERLAPPED, a blocking socket's call blocks. */
    error = wsapi_blocking_call(call, !args->overlapped && !(*sock)->nonblocking);
    if (error)
        return error;
    *ops = (*sock)->dgram ? &datagram_ops : &stream_ops;
    if (sending && args->addressed && !(*ops)->sends_to_address)
        return WSAEOPNOTSUPP;   /* a destination on a stream socket is not modelled */
    return 0;
}

int wsapi_send_core(const wsapi_transfer_args *args)
{
    wsapi_call call;
    if (wsapi_call_begin(&call, args->fn, (int64_t)args->s) != 0)
        return SOCKET_ERROR;
    wsapi_socket *sock;
    const wsapi_transfer_ops *ops;
    int error = shared_checks(&call, args, 1, &sock, &ops);
    if (error) {
        /* WSASend names its buffers even when refused this early;
         * WSASendTo does not (what the traces have always held). */
        if (args->gather && !args->addressed)
            wsapi_transfer_gather_args(&call, args, 0, args->flags);
        return (int)wsapi_call_end(&call, SOCKET_ERROR, error);
    }
    return ops->send(&call, sock, args);
}

int wsapi_receive_core(const wsapi_transfer_args *args)
{
    wsapi_call call;
    if (wsapi_call_begin(&call, args->fn, (int64_t)args->s) != 0)
        return SOCKET_ERROR;
    wsapi_socket *sock;
    const wsapi_transfer_ops *ops;
    int error = shared_checks(&call, args, 0, &sock, &ops);
    if (error)
        return (int)wsapi_call_end(&call, SOCKET_ERROR, error);
    return ops->receive(&call, sock, args);
}

/* ---- the entry points: each fills the request ------------------------------ */

/* The request of a call with one buffer.  The send calls only read buf and
 * their destination: the request's fields are not const because the
 * receive calls write through them. */
static wsapi_transfer_args one_buffer(wsim_fn fn, SOCKET s, const char *buf, int len, int flags)
{
    return (wsapi_transfer_args){
        .fn = fn, .s = s, .buf = (char *)buf, .len = len, .flags = (DWORD)flags};
}

/* The request of a WSA call: its WSABUF array, count, OVERLAPPED and
 * completion routine. */
static wsapi_transfer_args gather(wsim_fn fn, SOCKET s, LPWSABUF buffers, DWORD count,
                                  LPDWORD bytes, LPWSAOVERLAPPED overlapped,
                                  LPWSAOVERLAPPED_COMPLETION_ROUTINE routine)
{
    return (wsapi_transfer_args){.fn = fn, .s = s, .gather = 1, .buffers = buffers,
                                 .buffer_count = count, .bytes = bytes,
                                 .overlapped = overlapped, .routine = routine};
}

/* The address a call names: sendto's and WSASendTo's destination (its
 * length given), recvfrom's and WSARecvFrom's source (its length a
 * pointer). */
static void name_address(wsapi_transfer_args *args, const struct sockaddr *addr, int addrlen,
                         int *addrlen_io)
{
    args->addressed = 1;
    args->addr = (struct sockaddr *)addr;
    args->addrlen = addrlen;
    args->addrlen_io = addrlen_io;
}

int WSAAPI send(SOCKET s, const char *buf, int len, int flags)
{
    wsapi_transfer_args args = one_buffer(WSIM_FN_send, s, buf, len, flags);
    return wsapi_send_core(&args);
}

int WSAAPI sendto(SOCKET s, const char *buf, int len, int flags, const struct sockaddr *to,
                  int tolen)
{
    wsapi_transfer_args args = one_buffer(WSIM_FN_sendto, s, buf, len, flags);
    name_address(&args, to, tolen, NULL);
    return wsapi_send_core(&args);
}

int WSAAPI WSASend(SOCKET s, LPWSABUF lpBuffers, DWORD dwBufferCount,
                   LPDWORD lpNumberOfBytesSent, DWORD dwFlags, LPWSAOVERLAPPED lpOverlapped,
                   LPWSAOVERLAPPED_COMPLETION_ROUTINE lpCompletionRoutine)
{
    wsapi_transfer_args args = gather(WSIM_FN_WSASend, s, lpBuffers, dwBufferCount,
                                      lpNumberOfBytesSent, lpOverlapped, lpCompletionRoutine);
    args.flags = dwFlags;
    return wsapi_send_core(&args);
}

int WSAAPI WSASendTo(SOCKET s, LPWSABUF lpBuffers, DWORD dwBufferCount,
                     LPDWORD lpNumberOfBytesSent, DWORD dwFlags, const struct sockaddr *lpTo,
                     int iTolen, LPWSAOVERLAPPED lpOverlapped,
                     LPWSAOVERLAPPED_COMPLETION_ROUTINE lpCompletionRoutine)
{
    wsapi_transfer_args args = gather(WSIM_FN_WSASendTo, s, lpBuffers, dwBufferCount,
                                      lpNumberOfBytesSent, lpOverlapped, lpCompletionRoutine);
    args.flags = dwFlags;
    name_address(&args, lpTo, iTolen, NULL);
    return wsapi_send_core(&args);
}

int WSAAPI recv(SOCKET s, char *buf, int len, int flags)
{
    wsapi_transfer_args args = one_buffer(WSIM_FN_recv, s, buf, len, flags);
    return wsapi_receive_core(&args);
}

int WSAAPI recvfrom(SOCKET s, char *buf, int len, int flags, struct sockaddr *from, int *fromlen)
{
    wsapi_transfer_args args = one_buffer(WSIM_FN_recvfrom, s, buf, len, flags);
    name_address(&args, from, 0, fromlen);
    return wsapi_receive_core(&args);
}

int WSAAPI WSARecv(SOCKET s, LPWSABUF lpBuffers, DWORD dwBufferCount,
                   LPDWORD lpNumberOfBytesRecvd, LPDWORD lpFlags, LPWSAOVERLAPPED lpOverlapped,
                   LPWSAOVERLAPPED_COMPLETION_ROUTINE lpCompletionRoutine)
{
    wsapi_transfer_args args = gather(WSIM_FN_WSARecv, s, lpBuffers, dwBufferCount,
                                      lpNumberOfBytesRecvd, lpOverlapped, lpCompletionRoutine);
    args.flags_io = lpFlags;
    return wsapi_receive_core(&args);
}

int WSAAPI WSARecvFrom(SOCKET s, LPWSABUF lpBuffers, DWORD dwBufferCount,
                       LPDWORD lpNumberOfBytesRecvd, LPDWORD lpFlags, struct sockaddr *lpFrom,
                       LPINT lpFromlen, LPWSAOVERLAPPED lpOverlapped,
                       LPWSAOVERLAPPED_COMPLETION_ROUTINE lpCompletionRoutine)
{
    wsapi_transfer_args args = gather(WSIM_FN_WSARecvFrom, s, lpBuffers, dwBufferCount,
                                      lpNumberOfBytesRecvd, lpOverlapped, lpCompletionRoutine);
    args.flags_io = lpFlags;
    name_address(&args, lpFrom, 0, lpFromlen);
    return wsapi_receive_core(&args);
}
