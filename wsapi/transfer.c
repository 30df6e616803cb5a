/* transfer.c — moving bytes: send, WSASend (blocking, non-blocking and
 * overlapped), recv, and WSAGetOverlappedResult.
 *
 * The send-buffer rule of the `windows` profile (send contract, Profiles):
 * a send is taken whole when the bytes already queued (unsent plus
 * unacknowledged) are below SO_SNDBUF, so the queue may overshoot (Microsoft
 * KB 214397; Wine's Windows-run test_send_buffering sends 50 MiB at once);
 * otherwise a blocking call waits until the queue falls below SO_SNDBUF and a
 * non-blocking one fails with WSAEWOULDBLOCK.  Sends are taken in call
 * order (S28, W27): a send never overtakes an overlapped send still pending.
 */
#include <stdlib.h>
#include <string.h>

#include <winsock2.h>

#include "wsapi/datagram.h"
#include "wsapi/sockets.h"

static int send_room(const wsapi_socket *sock)
{
    size_t queued = wsim_stream_queued(sock->stream);
    uint32_t sndbuf = sock->stream->sndbuf;
    return queued < sndbuf || (sndbuf == 0 && queued == 0);
}

/* The state checks every send shares, after the argument checks. */
static int send_state_error(const wsapi_socket *sock)
{
    if (sock->shut_send)
        return WSAESHUTDOWN;                       /* S13 */
    if (sock->stream->error)
        return wsapi_stream_error_code(sock->stream->error);
    if (!wsapi_stream_connected(sock))
        return WSAENOTCONN;                        /* S10 */
    if (sock->stream->state == WSIM_TCP_CLOSED)
        return WSAECONNABORTED;
    return 0;
}

/* S08: keep-alive found the peer gone while this call waited, so the call
 * fails with WSAENETRESET; calls made afterwards get WSAETIMEDOUT (S20).  An
 * established stream ends with WSIM_SE_TIMEDOUT only that way
 * (sim/stream.h). */
static int error_in_progress(const wsapi_socket *sock, int error)
{
    return error == WSAETIMEDOUT && sock->stream->error == WSIM_SE_TIMEDOUT ? WSAENETRESET : error;
}

/* Reads the gathered buffers from program memory and queues them; with
 * `urgent` (MSG_OOB) their last byte is urgent data (S27). */
static int queue_buffers(wsapi_socket *sock, const wsapi_buffer *bufs, uint32_t count,
                         uint64_t total, int urgent)
{
    char *bytes = malloc(total ? total : 1);
    if (!bytes)
        return WSAENOBUFS;
    uint64_t at = 0;
    for (uint32_t i = 0; i < count; i++) {
        if (wsapi_read_program(bytes + at, bufs[i].buf, bufs[i].len) != 0) {
            free(bytes);
            return WSAEFAULT;
        }
        at += bufs[i].len;
    }
    int error = wsapi_stream_error_code(urgent ? wsim_stream_send_urgent(sock->stream, bytes, total)
                                               : wsim_stream_send(sock->stream, bytes, total));
    free(bytes);
    return error;
}

/* Blocks until the send-buffer rule lets a send in (S23, S14).  0, or the
 * error that ended the wait. */
static int wait_for_room(wsapi_call *call, wsapi_socket *sock)
{
    /* W11: SO_SNDTIMEO applies to blocking sockets only. */
    int64_t deadline = wsapi_deadline_after_ms(call->sim, sock->sndtimeo_ms);
    for (int waited = 0;; waited = 1) {
        int error = send_state_error(sock);
        if (error)
            return waited ? error_in_progress(sock, error) : error;
        if (send_room(sock) && !sock->pending_first)
            return 0;
        if (sock->nonblocking)
            return WSAEWOULDBLOCK;                 /* S14 */
        int waited_for = wsapi_wait_stream(call, sock, deadline);
        if (waited_for == WSAPI_SOCKET_CLOSED)
            return WSAEINTR;                       /* S05 */
        if (waited_for == WSAPI_SOCKET_TIMEOUT)
            return WSAETIMEDOUT;                   /* S23 */
    }
}

int WSAAPI send(SOCKET s, const char *buf, int len, int flags)
{
    wsapi_call call;
    if (wsapi_call_begin(&call, "send", (int64_t)s) != 0)
        return SOCKET_ERROR;
    wsapi_call_args(&call, "len=%d flags=0x%x", len, (unsigned)flags);
    wsapi_socket *sock;
    int error = wsapi_check_socket(&call, s, &sock);
    if (!error && sock->dgram)
        return wsapi_datagram_send(&call, sock, buf, len, flags);
    if (!error && (len < 0 || (len > 0 && wsapi_program_readable(buf, (size_t)len) != 0)))
        error = WSAEFAULT;                         /* S07 */
    if (!error && (flags & ~(MSG_OOB | MSG_DONTROUTE)))
        error = WSAEINVAL;                         /* S17 */
    if (!error && (flags & MSG_OOB) && sock->stream->oobinline)
        error = WSAEINVAL;                         /* S17 */
    if (!error)
        error = send_state_error(sock);
    if (error)
        return (int)wsapi_call_end(&call, SOCKET_ERROR, error);
    call.stream_offset = (int64_t)sock->stream->bytes_accepted;
    if (len == 0)
        return (int)wsapi_call_end(&call, 0, 0);   /* S26 */
    error = wait_for_room(&call, sock);
    if (!error) {
        call.stream_offset = (int64_t)sock->stream->bytes_accepted;
        wsapi_buffer whole = {.len = (uint32_t)len, .buf = (char *)buf};
        error = queue_buffers(sock, &whole, 1, (uint64_t)len, flags & MSG_OOB);
    }
    return (int)wsapi_call_end(&call, error ? SOCKET_ERROR : len, error);
}

/* ---- overlapped completion ------------------------------------------------ */

static void run_completion_routine(wsapi_apc *apc)
{
    LPWSAOVERLAPPED_COMPLETION_ROUTINE routine = (LPWSAOVERLAPPED_COMPLETION_ROUTINE)apc->routine;
    /* W24: (dwError, cbTransferred, lpOverlapped, dwFlags = 0). */
    routine(apc->error, apc->bytes, (LPWSAOVERLAPPED)apc->overlapped, 0);
}

/* Writes the result into the program's WSAOVERLAPPED and delivers it: the
 * completion routine is queued to the thread as an APC (it runs in the
 * thread's next alertable wait, W22), otherwise hEvent is signalled (W20). */
static void complete_request(wsapi_socket *sock, wsapi_send_request *req, int error,
                             uint64_t bytes)
{
    WSAOVERLAPPED ov;
    const char *delivery = "none";
    if (wsapi_read_program(&ov, req->overlapped, sizeof ov) == 0) {
        ov.Internal = (ULONG_PTR)error;
        ov.InternalHigh = (ULONG_PTR)bytes;
        wsapi_write_program(req->overlapped, &ov, sizeof ov);
        if (req->routine) {
            wsapi_apc *apc = calloc(1, sizeof *apc);
            if (apc) {
                apc->run = run_completion_routine;
                apc->routine = req->routine;
                apc->error = (uint32_t)error;
                apc->bytes = (uint32_t)bytes;
                apc->overlapped = req->overlapped;
                apc->call_seq = req->call_seq;
                wsapi_queue_apc(req->thread, apc);
                delivery = "routine";
            }
        } else {
            wsapi_handle *h = wsapi_handle_get(sock->owner, (int64_t)(uintptr_t)ov.hEvent);
            if (h && h->kind == WSAPI_HANDLE_EVENT) {
                h->u.event->signaled = 1;
                wsim_waitq_wake_all(req->thread->sim, &h->u.event->waitq);
                delivery = "event";
            }
        }
    }
    wsapi_emit_completion(req->thread, sock->handle, req->call_seq, "WSASend", bytes, error,
                          delivery);
    wsim_waitq_wake_all(req->thread->sim, &sock->overlapped_done);
}

static void free_request(wsapi_send_request *req)
{
    free(req->buffers);
    free(req);
}

static wsapi_send_request *pop_pending(wsapi_socket *sock)
{
    wsapi_send_request *req = sock->pending_first;
    sock->pending_first = req->next;
    if (!sock->pending_first)
        sock->pending_last = NULL;
    return req;
}

void wsapi_socket_stream_changed(wsim_stream *stream, void *ctx)
{
    wsapi_socket *sock = ctx;
    (void)stream;
    while (sock->pending_first) {
        int error = error_in_progress(sock, send_state_error(sock));
        if (!error && !send_room(sock))
            return;
        wsapi_send_request *req = pop_pending(sock);
        if (!error)
            error = queue_buffers(sock, req->buffers, req->buffer_count, req->total, req->urgent);
        complete_request(sock, req, error, error ? 0 : req->total);
        free_request(req);
    }
}

void wsapi_abort_pending_sends(wsapi_socket *sock, int error)
{
    while (sock->pending_first) {
        wsapi_send_request *req = pop_pending(sock);
        if (error)
            complete_request(sock, req, error, 0);
        free_request(req);
    }
}

void wsapi_abort_thread_sends(wsapi_socket *sock, wsim_thread *thread, int error)
{
    if (sock->dgram) {
        /* A datagram socket's sends never pend: its pending I/O is receives. */
        wsapi_datagram_abort_thread(sock, thread, error);
        return;
    }
    wsapi_send_request **link = &sock->pending_first, *previous = NULL;
    while (*link) {
        wsapi_send_request *req = *link;
        if (req->thread != thread) {
            previous = req;
            link = &req->next;
            continue;
        }
        *link = req->next;
        if (sock->pending_last == req)
            sock->pending_last = previous;
        complete_request(sock, req, error, 0);
        free_request(req);
    }
}

/* ---- WSASend ---------------------------------------------------------------- */

/* W06: the WSABUF array is captured at the call (the program may reuse it);
 * each buffer must be readable.  0, or the Winsock error. */
static int capture_buffers(const WSABUF *array, DWORD count, wsapi_buffer **out, uint64_t *total)
{
    wsapi_buffer *bufs = calloc(count, sizeof *bufs);
    if (!bufs)
        return WSAENOBUFS;
    *total = 0;
    WSABUF wb;
    for (DWORD i = 0; i < count; i++) {
        if (wsapi_read_program(&wb, &array[i], sizeof wb) != 0 ||
            (wb.len && wsapi_program_readable(wb.buf, wb.len) != 0)) {
            free(bufs);
            return WSAEFAULT;
        }
        bufs[i].len = wb.len;
        bufs[i].buf = wb.buf;
        *total += wb.len;
    }
    *out = bufs;
    return 0;
}

int WSAAPI WSASend(SOCKET s, LPWSABUF lpBuffers, DWORD dwBufferCount,
                   LPDWORD lpNumberOfBytesSent, DWORD dwFlags, LPWSAOVERLAPPED lpOverlapped,
                   LPWSAOVERLAPPED_COMPLETION_ROUTINE lpCompletionRoutine)
{
    wsapi_call call;
    if (wsapi_call_begin(&call, "WSASend", (int64_t)s) != 0)
        return SOCKET_ERROR;
    wsapi_socket *sock;
    wsapi_buffer *bufs = NULL;
    uint64_t total = 0;
    int error = wsapi_check_socket(&call, s, &sock);
    if (!error && sock->dgram)                     /* W07 */
        return wsapi_datagram_wsasend(&call, sock, lpBuffers, dwBufferCount, lpNumberOfBytesSent,
                                      dwFlags, lpOverlapped, lpCompletionRoutine);
    if (!error && (!lpBuffers || dwBufferCount == 0))
        error = WSAEFAULT;
    if (!error && dwBufferCount > 1024)
        error = WSAENOBUFS;
    if (!error)
        error = capture_buffers(lpBuffers, dwBufferCount, &bufs, &total);
    wsapi_call_args(&call, "buffers=%u bytes=%llu flags=0x%x overlapped=%d routine=%d",
                    (unsigned)dwBufferCount, (unsigned long long)total, (unsigned)dwFlags,
                    lpOverlapped != NULL, lpCompletionRoutine != NULL);
    WSAOVERLAPPED ov;
    if (!error && !lpOverlapped && !lpNumberOfBytesSent)
        error = WSAEFAULT;                         /* W16 */
    if (!error && lpOverlapped && wsapi_read_program(&ov, lpOverlapped, sizeof ov) != 0)
        error = WSAEFAULT;                         /* W04 */
    if (!error && lpOverlapped && !sock->overlapped_attr)
        error = WSAEINVAL;                         /* W04, W08 */
    if (!error && (dwFlags & MSG_PARTIAL))
        error = WSAEOPNOTSUPP;                     /* W14: streams have no partial messages */
    if (!error && (dwFlags & ~(DWORD)(MSG_OOB | MSG_DONTROUTE)))
        error = WSAEINVAL;
    if (!error)
        error = send_state_error(sock);
    if (error) {
        free(bufs);
        return (int)wsapi_call_end(&call, SOCKET_ERROR, error);   /* W03: no completion */
    }
    call.stream_offset = (int64_t)sock->stream->bytes_accepted;

    if (!lpOverlapped) {
        /* W08, W10: non-overlapped calls follow send's blocking rules.  The
         * copy of the array is let go while waiting (the thread may be
         * killed then) and taken again after: the blocked program cannot
         * have changed it. */
        free(bufs);
        bufs = NULL;
        error = total ? wait_for_room(&call, sock) : 0;
        if (!error && total)
            error = capture_buffers(lpBuffers, dwBufferCount, &bufs, &total);
        if (!error && total) {
            call.stream_offset = (int64_t)sock->stream->bytes_accepted;
            error = queue_buffers(sock, bufs, dwBufferCount, total, (dwFlags & MSG_OOB) != 0);
        }
        free(bufs);
        DWORD sent = (DWORD)total;
        if (!error && wsapi_write_program(lpNumberOfBytesSent, &sent, sizeof sent) != 0)
            error = WSAEFAULT;
        return (int)wsapi_call_end(&call, error ? SOCKET_ERROR : 0, error);
    }

    wsapi_send_request *req = calloc(1, sizeof *req);
    if (!req) {
        free(bufs);
        return (int)wsapi_call_end(&call, SOCKET_ERROR, WSAENOBUFS);
    }
    req->overlapped = lpOverlapped;
    req->routine = (void *)lpCompletionRoutine;
    req->thread = call.thread;
    req->buffers = bufs;
    req->buffer_count = dwBufferCount;
    req->total = total;
    req->urgent = (dwFlags & MSG_OOB) != 0;

    if (send_room(sock) && !sock->pending_first) {
        /* W01: completed at once — 0 and the count now, and the completion
         * is still delivered (event now, routine at the next alertable
         * wait). */
        error = queue_buffers(sock, bufs, dwBufferCount, total, req->urgent);
        DWORD sent = (DWORD)total;
        if (!error && lpNumberOfBytesSent)
            wsapi_write_program(lpNumberOfBytesSent, &sent, sizeof sent);
        wsapi_call_end(&call, error ? SOCKET_ERROR : 0, error);
        req->call_seq = call.seq;
        if (!error)
            complete_request(sock, req, 0, total);
        free_request(req);
        return error ? SOCKET_ERROR : 0;
    }
    /* W02: pending; *lpNumberOfBytesSent is left untouched. */
    ov.Internal = WSAPI_STATUS_PENDING;
    ov.InternalHigh = 0;
    wsapi_write_program(lpOverlapped, &ov, sizeof ov);
    if (sock->pending_last)
        sock->pending_last->next = req;
    else
        sock->pending_first = req;
    sock->pending_last = req;
    wsapi_call_end(&call, SOCKET_ERROR, WSA_IO_PENDING);
    req->call_seq = call.seq;
    return SOCKET_ERROR;
}

BOOL WSAAPI WSAGetOverlappedResult(SOCKET s, LPWSAOVERLAPPED lpOverlapped, LPDWORD lpcbTransfer,
                                   BOOL fWait, LPDWORD lpdwFlags)
{
    wsapi_call call;
    if (wsapi_call_begin(&call, "WSAGetOverlappedResult", (int64_t)s) != 0)
        return FALSE;
    wsapi_call_args(&call, "wait=%d", fWait ? 1 : 0);
    wsapi_socket *sock;
    WSAOVERLAPPED ov;
    int error = wsapi_check_socket(&call, s, &sock);
    if (!error && (!lpOverlapped || wsapi_read_program(&ov, lpOverlapped, sizeof ov) != 0 ||
                   !lpcbTransfer || !lpdwFlags))
        error = WSAEFAULT;
    while (!error && ov.Internal == WSAPI_STATUS_PENDING) {
        if (!fWait) {
            error = WSA_IO_INCOMPLETE;
            break;
        }
        /* A close by another thread aborts the request (W17): the loop
         * then reads its WSA_OPERATION_ABORTED without touching the socket. */
        if (wsapi_socket_wait(&call, sock, &sock->overlapped_done, -1) == WSAPI_SOCKET_CLOSED)
            fWait = FALSE;   /* the socket is gone: report what the request says now */
        if (wsapi_read_program(&ov, lpOverlapped, sizeof ov) != 0)
            error = WSAEFAULT;
    }
    if (!error) {
        DWORD bytes = (DWORD)ov.InternalHigh, flags = 0;
        if (wsapi_write_program(lpcbTransfer, &bytes, sizeof bytes) != 0 ||
            wsapi_write_program(lpdwFlags, &flags, sizeof flags) != 0)
            error = WSAEFAULT;
        else
            error = (int)ov.Internal;   /* the request's own result */
    }
    return (BOOL)wsapi_call_end(&call, error ? FALSE : TRUE, error);
}

/* ---- recv ----------------------------------------------------------------- */

/* recv(MSG_OOB) without SO_OOBINLINE: the urgent byte, alone (a recv never
 * mixes urgent and normal data, SIOCATMARK's reference page).  A blocking
 * call waits for one; a non-blocking one fails with WSAEWOULDBLOCK. */
static int recv_urgent(wsapi_call *call, wsapi_socket *sock, char *buf, int len, int flags)
{
    int64_t deadline = wsapi_deadline_after_ms(call->sim, sock->rcvtimeo_ms);
    int error = 0, got = 0;
    for (int waited = 0; len > 0; waited = 1) {
        unsigned char byte;
        if (wsim_stream_recv_oob(sock->stream, &byte, (flags & MSG_PEEK) != 0)) {
            got = 1;
            if (wsapi_write_program(buf, &byte, 1) != 0)
                error = WSAEFAULT;
            break;
        }
        if (sock->stream->error) {
            error = wsapi_stream_error_code(sock->stream->error);
            error = waited ? error_in_progress(sock, error) : error;
            break;
        }
        if (wsim_stream_at_end(sock->stream))
            break;
        if (sock->nonblocking) {
            error = WSAEWOULDBLOCK;
            break;
        }
        int waited_for = wsapi_wait_stream(call, sock, deadline);
        if (waited_for != WSAPI_SOCKET_WOKEN) {
            error = waited_for == WSAPI_SOCKET_CLOSED ? WSAEINTR : WSAETIMEDOUT;   /* S05, W11 */
            break;
        }
    }
    return (int)wsapi_call_end(call, error ? SOCKET_ERROR : got, error);
}

int WSAAPI recv(SOCKET s, char *buf, int len, int flags)
{
    wsapi_call call;
    if (wsapi_call_begin(&call, "recv", (int64_t)s) != 0)
        return SOCKET_ERROR;
    wsapi_call_args(&call, "len=%d flags=0x%x", len, (unsigned)flags);
    wsapi_socket *sock;
    int error = wsapi_check_socket(&call, s, &sock);
    if (!error && sock->dgram)
        return wsapi_datagram_recv(&call, sock, buf, len, flags);
    if (!error && (len < 0 || (len > 0 && !buf)))
        error = WSAEFAULT;
    if (!error && (flags & ~(MSG_PEEK | MSG_WAITALL | MSG_OOB)))
        error = WSAEOPNOTSUPP;
    if (!error && (flags & MSG_OOB) && sock->stream->oobinline)
        error = WSAEINVAL;      /* recv's reference page: MSG_OOB with SO_OOBINLINE */
    if (!error && !wsapi_stream_connected(sock) && !sock->stream->error)
        error = WSAENOTCONN;
    if (!error && sock->shut_recv)
        error = WSAESHUTDOWN;
    if (error)
        return (int)wsapi_call_end(&call, SOCKET_ERROR, error);
    call.stream_offset = (int64_t)sock->stream->bytes_read;
    if (flags & MSG_OOB)
        return recv_urgent(&call, sock, buf, len, flags);
    size_t want = (size_t)len, got = 0;
    int64_t deadline = wsapi_deadline_after_ms(call.sim, sock->rcvtimeo_ms);
    for (int waited = 0; got < want; waited = 1) {
        size_t ready = wsim_stream_readable(sock->stream);
        if (ready > 0) {
            /* Copied out in one piece, with nothing held across a wait: a
             * thread may be killed while it waits. */
            size_t n = ready < want - got ? ready : want - got;
            char *bytes = malloc(n);
            if (!bytes) {
                error = WSAENOBUFS;
                break;
            }
            wsim_bytebuf_peek(&sock->stream->rcvq, 0, bytes, n);
            if (wsapi_write_program(buf + got, bytes, n) != 0)
                error = WSAEFAULT;
            else if (!(flags & MSG_PEEK))
                wsim_stream_recv(sock->stream, bytes, n);
            free(bytes);
            if (error)
                break;
            got += n;
            if (!(flags & MSG_WAITALL) || (flags & MSG_PEEK))
                break;
            continue;
        }
        if (got > 0 && wsim_stream_at_end(sock->stream))
            break;
        if (sock->stream->error) {
            error = wsapi_stream_error_code(sock->stream->error);   /* S19 */
            error = waited ? error_in_progress(sock, error) : error;   /* S08 */
            break;
        }
        if (wsim_stream_at_end(sock->stream))
            break;                                   /* graceful close: 0 */
        if (sock->nonblocking) {
            error = WSAEWOULDBLOCK;
            break;
        }
        int waited_for = wsapi_wait_stream(&call, sock, deadline);
        if (waited_for != WSAPI_SOCKET_WOKEN) {
            error = waited_for == WSAPI_SOCKET_CLOSED ? WSAEINTR : WSAETIMEDOUT;   /* S05, W11 */
            break;
        }
    }
    return (int)wsapi_call_end(&call, error ? SOCKET_ERROR : (long long)got, error);
}
