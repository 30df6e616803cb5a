/* recv.c — receiving on a stream socket: recv, WSARecv (blocking,
 * non-blocking, and overlapped with an event or a completion routine), and
 * recvfrom / WSARecvFrom on a stream socket, which Windows treats as recv /
 * WSARecv and ignores the address (recvfrom reference page: for
 * connection-oriented sockets the from parameters are ignored).  A datagram
 * socket is handed to datagram.c after the checks every socket shares.
 *
 * Checks, after "not initialised", "not a socket" and the blocking call in
 * progress (calls.h): the buffers, each wholly writable (WSAEFAULT;
 * WSAENOBUFS for more than 1024, as WSASend; recv: a negative len is
 * WSAEINVAL, its reference page's rule for byte-stream sockets), lpFlags
 * (WSAEFAULT), the count, OVERLAPPED and routine (overlapped.h: W16, W04,
 * W08, W19), the flags (recv_flags_error), then the state: not connected
 * (WSAENOTCONN), shut down for receiving (WSAESHUTDOWN).
 *
 * What a receive gets: the bytes ready, up to the buffers' room, in one
 * piece, scattered over the buffers in array order (MSG_WAITALL: it goes on
 * until the buffers are full or the stream ends); 0 bytes once the peer's
 * FIN has been read; the connection's error once it broke (S19; a call that
 * waited when keep-alive dropped the connection gets WSAENETRESET, S08).
 * MSG_OOB without SO_OOBINLINE takes the urgent byte alone (a receive never
 * mixes urgent and normal data, SIOCATMARK's reference page).
 *
 * Blocking rules: a blocking receive waits (alertably, S30) until something
 * is ready, bounded by SO_RCVTIMEO (W11: WSAETIMEDOUT); a non-blocking one
 * fails with WSAEWOULDBLOCK.  Nothing wsim allocates is held across a wait
 * (the thread may be killed in it): a WSABUF array is captured again after
 * each wait; the program cannot have changed it while it was blocked.
 *
 * Overlapped WSARecv (W01–W03, the shape of WSASend in transfer.c): with no
 * earlier receive pending and something ready (bytes, the end of the stream)
 * it completes at once — 0 and the count now, and the completion is still
 * delivered; a broken connection fails the call at once with no completion
 * (Wine's Windows-run test_completion_port: WSARecv after an RST); otherwise
 * it is pending (WSA_IO_PENDING, the count untouched) and completes, in call
 * order, when the transport brings bytes, the end or an error.  A zero-byte
 * overlapped WSARecv completes when bytes are ready and leaves them queued
 * (the completion-port idiom of waiting for data without a buffer).
 * *lpFlags is 0 after a receive: a stream has no partial messages.
 */
#include "wsapi/recv.h"

#include <stdlib.h>

#include "wsapi/core.h"
#include "wsapi/netevents.h"
#include "wsapi/overlapped.h"
#include "wsapi/sockets.h"

/* ---- taking bytes ----------------------------------------------------------- */

static uint64_t room_of(const wsapi_buffer *bufs, uint32_t count)
{
    uint64_t room = 0;
    for (uint32_t i = 0; i < count; i++)
        room += bufs[i].len;
    return room;
}

/* Writes n bytes into the buffers, starting `at` bytes into them. */
static int scatter(const wsapi_buffer *bufs, uint32_t count, uint64_t at, const char *bytes,
                   size_t n)
{
    for (uint32_t i = 0; i < count && n > 0; i++) {
        if (at >= bufs[i].len) {
            at -= bufs[i].len;
            continue;
        }
        size_t chunk = bufs[i].len - at < n ? (size_t)(bufs[i].len - at) : n;
        if (wsapi_write_program(bufs[i].buf + at, bytes, chunk) != 0)
            return WSAEFAULT;
        bytes += chunk;
        n -= chunk;
        at = 0;
    }
    return 0;
}

/* Copies the bytes ready, up to the room left after `at`, into the buffers
 * (consumed unless peek): 0 and *got, or the error (nothing consumed). */
static int take(wsapi_socket *sock, const wsapi_buffer *bufs, uint32_t count, uint64_t at,
                int peek, uint64_t *got)
{
    uint64_t room = room_of(bufs, count) - at;
    size_t ready = wsim_stream_readable(sock->stream);
    size_t n = ready < room ? ready : (size_t)room;
    *got = 0;
    if (n == 0)
        return 0;
    char *bytes = malloc(n);
    if (!bytes)
        return WSAENOBUFS;
    wsim_bytebuf_peek(&sock->stream->rcvq, 0, bytes, n);
    int error = scatter(bufs, count, at, bytes, n);
    if (!error && !peek)
        wsim_stream_recv(sock->stream, bytes, n);
    free(bytes);
    if (!error)
        *got = n;
    return error;
}

/* MSG_OOB: the urgent byte into the first buffer with room.  1 when there
 * was one, 0 when none waits, or -1 and *error. */
static int take_urgent(wsapi_socket *sock, const wsapi_buffer *bufs, uint32_t count, int peek,
                       int *error)
{
    uint32_t i = 0;
    while (i < count && bufs[i].len == 0)
        i++;
    unsigned char byte;
    if (i == count || !wsim_stream_recv_oob(sock->stream, &byte, 1))
        return 0;
    if (wsapi_write_program(bufs[i].buf, &byte, 1) != 0) {
        *error = WSAEFAULT;
        return -1;
    }
    if (!peek)
        wsim_stream_recv_oob(sock->stream, &byte, 0);
    return 1;
}

/* Nothing (more) could be taken: 1 when the receive is over without an
 * error (the end of the stream), the error (mapped as for a call that
 * waited, S08, when `waited`), or 0 when there is nothing to report yet. */
static int nothing_ready(const wsapi_socket *sock, int waited)
{
    if (sock->stream->error) {
        int error = wsapi_stream_error_code(sock->stream->error);   /* S19 */
        return waited ? wsapi_error_in_progress(sock, error) : error;
    }
    return wsim_stream_at_end(sock->stream) ? 1 : 0;
}

/* ---- blocking and non-blocking receives -------------------------------------- */

/* Where a non-overlapped receive puts its bytes: one buffer (recv) or the
 * program's WSABUF array (WSARecv), captured afresh for each attempt. */
typedef struct recv_target {
    char *buf;
    int len;
    const WSABUF *array;
    DWORD count;
} recv_target;

static int capture(const recv_target *t, wsapi_buffer *one, wsapi_buffer **bufs,
                   uint32_t *count)
{
    uint64_t total;
    if (t->array) {
        *count = t->count;
        return wsapi_capture_buffers(t->array, t->count, WSAPI_BUFFERS_WRITE, bufs, &total);
    }
    one->len = (uint32_t)t->len;
    one->buf = t->buf;
    *bufs = one;
    *count = 1;
    return 0;
}

/* A blocking or non-blocking receive (the header's rules): 0 and *got, or
 * the error. */
static int receive(wsapi_call *call, wsapi_socket *sock, const recv_target *t, int flags,
                   uint64_t *got)
{
    int64_t deadline = wsapi_deadline_after_ms(call->sim, sock->rcvtimeo_ms);
    int error = 0;
    *got = 0;
    for (int waited = 0;; waited = 1) {
        wsapi_buffer one, *bufs;
        uint32_t count;
        uint64_t n = 0;
        error = capture(t, &one, &bufs, &count);
        uint64_t room = error ? 0 : room_of(bufs, count);
        int full = !error && *got == room;
        if (!error && !full && (flags & MSG_OOB)) {
            if (take_urgent(sock, bufs, count, flags & MSG_PEEK, &error) == 1)
                n = 1;
        } else if (!error && !full) {
            error = take(sock, bufs, count, *got, flags & MSG_PEEK, &n);
        }
        if (bufs != &one)
            free(bufs);
        *got += n;
        full = !error && *got == room;
        /* Done: an error, full buffers (a zero-length receive at once, or
         * MSG_WAITALL's last bytes), or some bytes unless MSG_WAITALL wants
         * more. */
        if (error || full || (n > 0 && !(flags & MSG_WAITALL)))
            break;
        int over = nothing_ready(sock, waited);
        if (over) {
            /* MSG_WAITALL keeps what it has when the stream ends or breaks. */
            error = over == 1 || *got > 0 ? 0 : over;
            break;
        }
        if (sock->nonblocking) {
            error = *got > 0 ? 0 : WSAEWOULDBLOCK;
            break;
        }
        int waited_for = wsapi_wait_stream(call, sock, deadline);
        if (waited_for != WSAPI_SOCKET_WOKEN)
            return waited_for == WSAPI_SOCKET_CLOSED ? WSAEINTR : WSAETIMEDOUT;   /* S05, W11 */
    }
    return error;
}

/* The flags recv's reference page defines; WSARecv's adds
 * MSG_PUSH_IMMEDIATE, a hint that changes nothing here, and MSG_PARTIAL,
 * for message-oriented sockets only. */
#define RECV_FLAGS ((DWORD)(MSG_PEEK | MSG_WAITALL | MSG_OOB))
#define WSARECV_FLAGS (RECV_FLAGS | MSG_PUSH_IMMEDIATE | MSG_PARTIAL)

/* The flag checks of a stream receive, after its argument checks: a flag
 * the call does not define is WSAEINVAL (recv's reference page),
 * MSG_PARTIAL (a stream has no messages) and MSG_WAITALL with MSG_PEEK or
 * MSG_OOB are WSAEOPNOTSUPP (WSARecv's), MSG_OOB with SO_OOBINLINE
 * WSAEINVAL. */
static int recv_flags_error(const wsapi_socket *sock, DWORD flags, DWORD known)
{
    if (flags & ~known)
        return WSAEINVAL;
    if (flags & MSG_PARTIAL)
        return WSAEOPNOTSUPP;
    if ((flags & MSG_WAITALL) && (flags & (MSG_PEEK | MSG_OOB)))
        return WSAEOPNOTSUPP;
    if ((flags & MSG_OOB) && sock->stream->oobinline)
        return WSAEINVAL;
    return 0;
}

static int recv_state_error(const wsapi_socket *sock)
{
    if (!wsapi_stream_connected(sock) && !sock->stream->error)
        return WSAENOTCONN;
    if (sock->shut_recv)
        return WSAESHUTDOWN;
    return 0;
}

/* The receive made its attempt: FD_READ (FD_OOB) is recorded again if
 * bytes (urgent data) still wait. */
static void reenable(wsapi_socket *sock, DWORD flags)
{
    wsapi_netevents_reenable(sock, (flags & MSG_OOB) ? FD_OOB_BIT : FD_READ_BIT);
}

/* recv (and recvfrom, its address ignored) on a stream socket. */
static int stream_receive_one(wsapi_call *call, wsapi_socket *sock, char *buf, int len,
                              int flags)
{
    /* A negative length is WSAEINVAL here, after the pointer check. */
    int error = wsapi_buffer_error(buf, len > 0 ? len : 0, WSAPI_BUFFERS_WRITE);
    if (!error && len < 0)
        error = WSAEINVAL;      /* recv's reference page, for byte-stream sockets */
    if (!error)
        error = recv_flags_error(sock, (DWORD)flags, RECV_FLAGS);
    if (!error)
        error = recv_state_error(sock);
    if (error)
        return (int)wsapi_call_end(call, SOCKET_ERROR, error);
    call->stream_offset = (int64_t)sock->stream->bytes_read;
    recv_target t = {.buf = buf, .len = len};
    uint64_t got;
    error = receive(call, sock, &t, flags, &got);
    if (error == WSAEINTR)
        return (int)wsapi_call_end(call, SOCKET_ERROR, error);   /* the socket is gone */
    reenable(sock, (DWORD)flags);
    return (int)wsapi_call_end(call, error ? SOCKET_ERROR : (long long)got, error);
}

/* ---- overlapped receives ------------------------------------------------------ */

/* One attempt of an overlapped receive, `at` bytes already placed: 1 when
 * it is over (*got bytes placed in all, *error 0 or the code), 0 when it
 * must wait.  `waited`: the request was pending (S08). */
static int overlapped_attempt(wsapi_socket *sock, const wsapi_buffer *bufs, uint32_t count,
                              uint32_t flags, uint64_t at, int waited, uint64_t *got,
                              int *error)
{
    uint64_t n = 0;
    *error = 0;
    *got = at;
    uint64_t room = room_of(bufs, count);
    if (flags & MSG_OOB) {
        int r = take_urgent(sock, bufs, count, flags & MSG_PEEK, error);
        if (r != 0) {
            *got = r == 1 ? 1 : 0;
            return 1;
        }
    } else if (room == 0) {
        if (wsim_stream_readable(sock->stream) > 0)
            return 1;                      /* a zero-byte receive: bytes are ready */
    } else {
        *error = take(sock, bufs, count, at, flags & MSG_PEEK, &n);
        *got = at + n;
        if (*error)
            return 1;
        if (n > 0 && (!(flags & MSG_WAITALL) || *got == room))
            return 1;
    }
    int over = nothing_ready(sock, waited);
    if (!over)
        return 0;
    *error = over == 1 || *got > 0 ? 0 : over;
    return 1;
}

/* An overlapped receive made now would be over at once: the connection
 * broke or ended, or what it asks for is ready (MSG_WAITALL: enough to fill
 * its buffers, so that a receive that must wait takes nothing yet). */
static int ready_now(const wsapi_socket *sock, uint32_t flags, uint64_t room)
{
    const wsim_stream *s = sock->stream;
    size_t ready = wsim_stream_readable(s);
    if (s->error || wsim_stream_at_end(s))
        return 1;
    if (flags & MSG_OOB)
        return s->has_oob;
    if (room == 0 || !(flags & MSG_WAITALL))
        return ready > 0;
    return ready >= room;
}

static void finish_request(wsapi_socket *sock, wsapi_request *req, int error, uint64_t bytes)
{
    DWORD none = 0;
    if (req->flags_out)
        wsapi_write_program(req->flags_out, &none, sizeof none);
    wsapi_overlapped_complete(sock, req->thread, req->call_seq, req->fn, req->overlapped,
                              req->routine, error, bytes);
}

void wsapi_stream_receives_progress(wsapi_socket *sock)
{
    while (sock->recv_first) {
        wsapi_request *req = sock->recv_first;
        uint64_t got;
        int error;
        if (!overlapped_attempt(sock, req->buffers, req->buffer_count, req->flags_in, req->done,
                                1, &got, &error)) {
            req->done = got;               /* MSG_WAITALL: part of it is placed */
            return;
        }
        wsapi_request_take(sock, &sock->recv_first, &sock->recv_last);
        finish_request(sock, req, error, got);
        wsapi_request_free(req);
    }
}

/* WSARecv (and WSARecvFrom, its address ignored) on a stream socket. */
static int stream_receive_gather(wsapi_call *call, wsapi_socket *sock,
                                 const wsapi_transfer_args *args)
{
    wsapi_gathered g;
    int error = wsapi_receive_gather_checks(call, sock, args, 0, &g);
    if (!error)
        error = recv_flags_error(sock, g.flags, WSARECV_FLAGS);
    if (!error)
        error = recv_state_error(sock);
    if (error)
        return wsapi_transfer_refused(call, g.bufs, error, g.in_flight);
    call->stream_offset = (int64_t)sock->stream->bytes_read;
    DWORD none = 0;
    uint64_t got = 0;

    if (!args->overlapped) {
        /* W10: the blocking rules of recv. */
        free(g.bufs);
        recv_target t = {.array = args->buffers, .count = args->buffer_count};
        error = receive(call, sock, &t, (int)g.flags, &got);
        if (error == WSAEINTR)
            return (int)wsapi_call_end(call, SOCKET_ERROR, error);   /* the socket is gone */
        reenable(sock, g.flags);
        DWORD count = (DWORD)got;
        if (!error && (wsapi_write_program(args->bytes, &count, sizeof count) != 0 ||
                       wsapi_write_program(args->flags_io, &none, sizeof none) != 0))
            error = WSAEFAULT;
        return (int)wsapi_call_end(call, error ? SOCKET_ERROR : 0, error);
    }

    if (!sock->recv_first && ready_now(sock, g.flags, g.total)) {
        overlapped_attempt(sock, g.bufs, args->buffer_count, g.flags, 0, 0, &got, &error);
        reenable(sock, g.flags);
        free(g.bufs);
        if (error)
            return (int)wsapi_call_end(call, SOCKET_ERROR, error);   /* W03 */
        /* W01: completed at once, and the completion is still delivered. */
        DWORD count = (DWORD)got;
        if (args->bytes)
            wsapi_write_program(args->bytes, &count, sizeof count);
        wsapi_write_program(args->flags_io, &none, sizeof none);
        wsapi_call_end(call, 0, 0);
        wsapi_overlapped_complete(sock, call->thread, call->seq, call->fn, args->overlapped,
                                  (void *)args->routine, 0, got);
        return 0;
    }
    error = wsapi_overlapped_limit(sock);                       /* W04 */
    if (error) {
        free(g.bufs);
        return (int)wsapi_call_end(call, SOCKET_ERROR, error);
    }
    wsapi_request shape = {
        .overlapped = args->overlapped, .routine = (void *)args->routine,
        .buffers = g.bufs, .buffer_count = args->buffer_count, .flags_in = g.flags,
        .flags_out = args->flags_io,
    };
    return wsapi_recv_pend(call, sock, &shape, (g.flags & MSG_OOB) ? FD_OOB_BIT : FD_READ_BIT);
}

/* The stream protocol's receive operation (core.h): recv, WSARecv, and
 * recvfrom and WSARecvFrom, whose address a stream ignores (recvfrom's
 * reference page). */
int wsapi_stream_receive(wsapi_call *call, wsapi_socket *sock, const wsapi_transfer_args *args)
{
    if (args->gather)
        return stream_receive_gather(call, sock, args);
    return stream_receive_one(call, sock, args->buf, args->len, (int)args->flags);
}
