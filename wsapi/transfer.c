/* transfer.c — moving bytes out on a stream socket: the stream send
 * operation (wsapi_stream_send, core.h) that the send core (core.c) hands
 * send and WSASend to (blocking, non-blocking and overlapped), and
 * WSAGetOverlappedResult (receiving is recv.c's).
 *
 * How much of a stream send is taken, and when, is the provider's choice
 * (wsapi/profile.h): under the default latitude the windows profile's rule
 * — a send is taken whole when the bytes already queued (unsent plus
 * unacknowledged) are below SO_SNDBUF, so the queue may overshoot
 * (Microsoft KB 214397; Wine's Windows-run test_send_buffering sends 50 MiB
 * at once); otherwise a blocking call waits until the queue falls below
 * SO_SNDBUF and a non-blocking one fails with WSAEWOULDBLOCK.  Under the
 * documented latitude a send is taken in pieces the seed chooses: a
 * non-blocking one returns after its first piece (S24, W10), a blocking one
 * takes piece after piece until all are taken, letting the other threads
 * due at that instant run between two pieces (S29).  An overlapped WSASend
 * is taken whole under every latitude: it completes with one count.
 *
 * Sends are taken in call order (S28, W27): a send never overtakes an
 * overlapped send still pending.  Two threads inside a send on one stream
 * socket leave a `concurrent-send` violation, and `interleaved` when one
 * took bytes between two pieces of another (S29, W27; send_op below).
 */
#include <stdlib.h>
#include <string.h>

#include <winsock2.h>

#include "wsapi/netevents.h"
#include "wsapi/overlapped.h"
#include "wsapi/profile.h"
#include "wsapi/core.h"
#include "wsapi/sockets.h"

/* The state checks every send shares, after the argument checks. */
static int stream_send_state_error(const wsapi_socket *sock)
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

/* Reads bytes [from, from + n) of the gathered buffers from program memory
 * and queues them; with `urgent` (MSG_OOB) the last of them is urgent data
 * (S27).  WSAEFAULT when the buffers no longer hold that range. */
static int queue_range(wsapi_socket *sock, const wsapi_buffer *bufs, uint32_t count,
                       uint64_t from, uint64_t n, int urgent)
{
    char *bytes = malloc(n ? n : 1);
    if (!bytes)
        return WSAENOBUFS;
    uint64_t at = 0, skip = from;
    for (uint32_t i = 0; i < count && at < n; i++) {
        if (skip >= bufs[i].len) {
            skip -= bufs[i].len;
            continue;
        }
        uint64_t take = bufs[i].len - skip < n - at ? bufs[i].len - skip : n - at;
        if (wsapi_read_program(bytes + at, bufs[i].buf + skip, take) != 0)
            break;
        at += take;
        skip = 0;
    }
    int error = WSAEFAULT;
    if (at == n)
        error = wsapi_stream_error_code(urgent ? wsim_stream_send_urgent(sock->stream, bytes, n)
                                               : wsim_stream_send(sock->stream, bytes, n));
    free(bytes);
    return error;
}

/* W06: a checksum (FNV-1a, 64 bits) of the bytes the buffers hold now; 0
 * when they cannot be read (the consumption then fails with WSAEFAULT). */
static uint64_t buffers_checksum(const wsapi_buffer *bufs, uint32_t count)
{
    uint64_t hash = 0xcbf29ce484222325u;
    unsigned char chunk[4096];
    for (uint32_t i = 0; i < count; i++)
        for (uint32_t at = 0; at < bufs[i].len;) {
            uint32_t n = bufs[i].len - at < sizeof chunk ? bufs[i].len - at : sizeof chunk;
            if (wsapi_read_program(chunk, bufs[i].buf + at, n) != 0)
                return 0;
            for (uint32_t k = 0; k < n; k++)
                hash = (hash ^ chunk[k]) * 0x100000001b3u;
            at += n;
        }
    return hash;
}

/* ---- sends in progress (S29, W27) -------------------------------------------- */

/* One stream send call in progress, on its thread's stack and on its
 * thread's send_ops list from its start to its end.  The other sends on the
 * same socket are found through the process's threads, never through the
 * socket: a socket closed under a waiting call may be freed before the call
 * has left (sockets.h), and nothing may point into it then.
 *
 * concurrent-send: a call that starts while another thread's call is inside
 * a send on the same socket names it (`other`).  interleaved: when a call
 * has taken bytes and other bytes are queued before its next piece, the
 * first writer of such bytes is its `intruder`, and its next piece finds
 * the gap.  Both are reported when the call ends. */
typedef struct wsapi_send_op {
    struct wsapi_send_op *next;
    const wsapi_call *call;
    const wsapi_socket *sock;
    uint64_t first, end;              /* stream offsets: its first byte, after its last so far */
    int pieces;
    char other[128];                  /* the call it found inside, "" if none */
    char intruder[128];               /* the first writer between two of its pieces */
    uint64_t intruder_first, intruder_end;
    uint64_t gap_first, gap_end;      /* the first run of others' bytes inside its own */
    uint64_t gap_bytes;               /* all the others' bytes inside its own */
} send_op;

static void describe_call(char *out, size_t size, const wsapi_call *call)
{
    snprintf(out, size, "%s of thread %d (entered at %lld ns)", call->function, call->thread->id,
             (long long)call->start_ns);
}

/* The first send in progress of the process's thread i (none for a thread
 * that has ended: its stack is gone). */
static send_op *ops_of(const wsapi_socket *sock, size_t i)
{
    const wsapi_thread_state *ts = sock->owner->threads[i];
    return ts->ended ? NULL : ts->send_ops;
}

static void op_begin(send_op *op, const wsapi_call *call, const wsapi_socket *sock)
{
    memset(op, 0, sizeof *op);
    op->call = call;
    op->sock = sock;
    for (size_t i = 0; i < sock->owner->thread_count && !op->other[0]; i++)
        for (const send_op *o = ops_of(sock, i); o && !op->other[0]; o = o->next)
            if (o->sock == sock && o->call->thread != call->thread)
                describe_call(op->other, sizeof op->other, o->call);
    wsapi_thread_state *ts = wsapi_thread_state_of(call->thread);
    if (ts) {
        op->next = ts->send_ops;
        ts->send_ops = op;
    }
}

/* Bytes [off, off + n) were queued on sock by `op` (NULL: by a pending
 * overlapped send, described by `writer`). */
static void note_piece(const wsapi_socket *sock, send_op *op, const char *writer, uint64_t off,
                       uint64_t n)
{
    for (size_t i = 0; i < sock->owner->thread_count; i++)
        for (send_op *o = ops_of(sock, i); o; o = o->next) {
            if (o->sock != sock || o == op || o->pieces == 0 || o->intruder[0])
                continue;
            if (op)
                describe_call(o->intruder, sizeof o->intruder, op->call);
            else
                snprintf(o->intruder, sizeof o->intruder, "%s", writer);
            o->intruder_first = off;
            o->intruder_end = off + n;
        }
    if (!op)
        return;
    if (op->pieces == 0)
        op->first = off;
    else if (op->end != off) {
        if (op->gap_bytes == 0) {
            op->gap_first = op->end;
            op->gap_end = off;
        }
        op->gap_bytes += off - op->end;
    }
    op->end = off + n;
    op->pieces++;
}

/* Takes op off its thread's list and reports what it saw (after the CALL
 * record, which the violations name). */
static void op_end(send_op *op, const wsapi_call *call)
{
    wsapi_thread_state *ts = wsapi_thread_state_of(call->thread);
    for (send_op **link = ts ? &ts->send_ops : NULL; link && *link; link = &(*link)->next)
        if (*link == op) {
            *link = op->next;
            break;
        }
    const char *rule = call->fn == WSIM_FN_WSASend ? "W27" : "S29";
    char me[128], text[640];
    describe_call(me, sizeof me, call);
    if (op->other[0]) {
        snprintf(text, sizeof text, "%s started while %s was inside a send on socket %lld (%s)",
                 me, op->other, (long long)call->socket, rule);
        wsapi_violation_for(call->thread, call->seq, "concurrent-send", text);
    }
    if (op->gap_bytes) {
        snprintf(text, sizeof text,
                 "%s took stream bytes [%llu, %llu) of socket %lld but for %llu bytes of other"
                 " sends, the first run [%llu, %llu); the first of those sends: %s with bytes"
                 " [%llu, %llu) (%s)",
                 me, (unsigned long long)op->first, (unsigned long long)op->end,
                 (long long)call->socket, (unsigned long long)op->gap_bytes,
                 (unsigned long long)op->gap_first, (unsigned long long)op->gap_end,
                 op->intruder, (unsigned long long)op->intruder_first,
                 (unsigned long long)op->intruder_end, rule);
        wsapi_violation_for(call->thread, call->seq, "interleaved", text);
    }
}

/* ---- stream sends ------------------------------------------------------------ */

/* Where a send's bytes are: send's one buffer, or WSASend's WSABUF array,
 * read again from the program for every piece (nothing wsim allocates is
 * held across a wait: the thread may be ended in it). */
typedef struct send_source {
    const char *buf;                  /* send */
    uint64_t len;
    const WSABUF *array;              /* WSASend */
    DWORD count;
} send_source;

static int take_piece(wsapi_socket *sock, const send_source *src, uint64_t from, uint64_t n,
                      int urgent)
{
    if (!src->array) {
        wsapi_buffer whole = {.len = (uint32_t)src->len, .buf = (char *)src->buf};
        return queue_range(sock, &whole, 1, from, n, urgent);
    }
    wsapi_buffer *bufs;
    uint64_t total;
    int error = wsapi_capture_buffers(src->array, src->count, WSAPI_BUFFERS_READ, &bufs, &total);
    if (!error) {
        error = queue_range(sock, bufs, src->count, from, n, urgent);
        free(bufs);
    }
    return error;
}

/* Moves a send's `total` bytes (> 0) into sock's stream: the pieces
 * wsapi_profile_send_amount gives, waiting (alertably, S30) while it gives
 * none (S23, bounded by SO_SNDTIMEO, W11) unless the socket is non-blocking
 * (S14: WSAEWOULDBLOCK, or after the first piece the count so far: S24,
 * W10).  A blocking send gives way to the threads due at the same instant
 * between two pieces (S29).  Returns 0 or the error that ended it; *sent
 * counts the bytes taken.  After WSAEINTR (S05) the socket may be gone. */
static int send_stream(wsapi_call *call, wsapi_socket *sock, send_op *op, const send_source *src,
                       uint64_t total, int urgent, uint64_t *sent)
{
    int64_t deadline = wsapi_deadline_after_ms(call->sim, sock->sndtimeo_ms);
    *sent = 0;
    for (int waited = 0;;) {
        int error = stream_send_state_error(sock);
        if (error)
            return waited ? wsapi_error_in_progress(sock, error) : error;
        uint64_t n =
            sock->pending_first ? 0 : wsapi_profile_send_amount(call, sock, total - *sent, urgent);
        int outcome;
        if (n) {
            uint64_t off = sock->stream->bytes_accepted;
            error = take_piece(sock, src, *sent, n, urgent);
            if (error)
                return error;
            if (op->pieces == 0)
                call->stream_offset = (int64_t)off;
            note_piece(sock, op, NULL, off, n);
            *sent += n;
            if (*sent == total || sock->nonblocking)
                return 0;
            /* S29: the other threads due now may go before the next piece. */
            outcome = wsapi_socket_wait(call, sock, &sock->stream->waitq, call->sim->now_ns);
        } else {
            if (sock->nonblocking) {
                wsapi_netevents_would_block(sock);   /* S25: FD_WRITE when room comes */
                return WSAEWOULDBLOCK;             /* S14 */
            }
            outcome = wsapi_wait_stream(call, sock, deadline);
            waited = 1;
            if (outcome == WSAPI_SOCKET_TIMEOUT)
                return WSAETIMEDOUT;               /* S23 */
        }
        if (outcome == WSAPI_SOCKET_CLOSED)
            return WSAEINTR;                       /* S05: a close, or WSACancelBlockingCall */
    }
}

/* send() and sendto() on a stream socket (sendto's destination is refused
 * by the send core): steps 5a to 5e of the precedence, then the transfer. */
static int stream_send_one(wsapi_call *call, wsapi_socket *sock, const wsapi_transfer_args *args)
{
    const char *buf = args->buf;
    int len = args->len, flags = (int)args->flags;
    int error = wsapi_buffer_error(buf, len, WSAPI_BUFFERS_READ);   /* S07 */
    if (!error && (flags & ~(int)wsapi_profile_send_flags(call->thread->process->host)))
        error = WSAEINVAL;                         /* S17, S31 */
    if (!error && (flags & MSG_OOB) && sock->stream->oobinline)
        error = WSAEINVAL;                         /* S17 */
    if (!error)
        error = stream_send_state_error(sock);
    if (error)
        return (int)wsapi_call_end(call, SOCKET_ERROR, error);
    call->stream_offset = (int64_t)sock->stream->bytes_accepted;
    if (len == 0)
        return (int)wsapi_call_end(call, 0, 0);   /* S26 */
    send_op op;
    op_begin(&op, call, sock);
    send_source src = {.buf = buf, .len = (uint64_t)len};
    uint64_t sent;
    error = send_stream(call, sock, &op, &src, (uint64_t)len, (flags & MSG_OOB) != 0, &sent);
    if (sent)
        error = 0;      /* S01: a send that took some bytes reports them */
    wsapi_call_end(call, error ? SOCKET_ERROR : (long long)sent, error);
    op_end(&op, call);
    return error ? SOCKET_ERROR : (int)sent;
}

/* ---- overlapped completion ------------------------------------------------ */

/* Delivers a send's completion as every overlapped request's is
 * (overlapped.h; W26: a completion routine's place among those waiting is
 * the provider's choice, wsapi_profile_queue_routine). */
static void complete_request(wsapi_socket *sock, wsapi_request *req, int error,
                             uint64_t bytes)
{
    wsapi_overlapped_complete(sock, req->thread, req->call_seq, req->fn, req->overlapped,
                              req->routine, error, bytes);
}

static wsapi_request *pop_pending(wsapi_socket *sock)
{
    return wsapi_request_take(sock, &sock->pending_first, &sock->pending_last);
}

/* The transport consumes a pending overlapped send: all of it, from what
 * its buffers hold now (W06; W09: its completion follows).  A program that
 * changed them since the call gets a violation naming the call. */
static int consume_request(wsapi_socket *sock, const wsapi_request *req)
{
    char text[256];
    if (buffers_checksum(req->buffers, req->buffer_count) != req->checksum) {
        snprintf(text, sizeof text,
                 "the buffers of WSASend call %llu changed between the call and their"
                 " consumption by the transport; the bytes they hold now are transmitted",
                 (unsigned long long)req->call_seq);
        wsapi_violation_for(req->thread, req->call_seq, "W06", text);
    }
    uint64_t off = sock->stream->bytes_accepted;
    int error = queue_range(sock, req->buffers, req->buffer_count, 0, req->total, req->urgent);
    if (!error) {
        snprintf(text, sizeof text, "WSASend call %llu of thread %d",
                 (unsigned long long)req->call_seq, req->thread->id);
        note_piece(sock, NULL, text, off, req->total);
    }
    return error;
}

void wsapi_socket_stream_changed(wsim_stream *stream, void *ctx)
{
    wsapi_netevents_changed(ctx);   /* receives, connect, network events, select (netevents.h) */
    wsapi_socket *sock = ctx;
    (void)stream;
    while (sock->pending_first) {
        int error = wsapi_error_in_progress(sock, stream_send_state_error(sock));
        if (!error && !wsapi_profile_whole_send_fits(sock))
            return;
        wsapi_request *req = pop_pending(sock);
        if (!error)
            error = consume_request(sock, req);
        complete_request(sock, req, error, error ? 0 : req->total);
        wsapi_request_free(req);
    }
}

void wsapi_abort_pending_sends(wsapi_socket *sock, int error)
{
    while (sock->pending_first) {
        wsapi_request *req = pop_pending(sock);
        if (error)
            complete_request(sock, req, error, 0);
        wsapi_request_free(req);
    }
}

void wsapi_abort_thread_sends(wsapi_socket *sock, wsim_thread *thread, int error)
{
    wsapi_request **link = &sock->pending_first, *previous = NULL;
    while (*link) {
        wsapi_request *req = *link;
        if (req->thread != thread) {
            previous = req;
            link = &req->next;
            continue;
        }
        *link = req->next;
        if (sock->pending_last == req)
            sock->pending_last = previous;
        complete_request(sock, req, error, 0);
        wsapi_request_free(req);
    }
    wsapi_overlapped_lists_check(sock);
}

/* ---- WSASend ---------------------------------------------------------------- */

/* WSASend on a stream socket: steps 5a to 5e of the precedence, then the
 * transfer, at once or pending (W01, W02). */
static int stream_send_gather(wsapi_call *call, wsapi_socket *sock, const wsapi_transfer_args *args)
{
    LPWSABUF lpBuffers = args->buffers;
    DWORD dwBufferCount = args->buffer_count, dwFlags = args->flags;
    LPDWORD lpNumberOfBytesSent = args->bytes;
    LPWSAOVERLAPPED lpOverlapped = args->overlapped;
    wsapi_buffer *bufs = NULL;
    uint64_t total = 0, in_flight = 0;
    int error = !lpBuffers || dwBufferCount == 0 ? WSAEFAULT : 0;
    if (!error)
        error = wsapi_profile_buffer_count_error(call->thread->process->host, dwBufferCount);
    if (!error)   /* W06: captured now, each buffer readable; more than 1024: WSAENOBUFS */
        error = wsapi_capture_buffers(lpBuffers, dwBufferCount, WSAPI_BUFFERS_READ, &bufs, &total);
    wsapi_transfer_gather_args(call, args, total, args->flags);
    if (!error)                                    /* W16, W04, W08, W19 */
        error = wsapi_overlapped_check(call, sock, lpNumberOfBytesSent, lpOverlapped,
                                       (const void *)args->routine, &in_flight);
    if (!error && (dwFlags & MSG_PARTIAL))
        error = WSAEOPNOTSUPP;                     /* W14: streams have no partial messages */
    if (!error && (dwFlags & ~(DWORD)(MSG_OOB | MSG_DONTROUTE)))
        error = WSAEINVAL;
    if (!error)
        error = stream_send_state_error(sock);
    if (error)
        return wsapi_transfer_refused(call, bufs, error, in_flight);
    call->stream_offset = (int64_t)sock->stream->bytes_accepted;
    int urgent = (dwFlags & MSG_OOB) != 0;
    send_op op;
    op_begin(&op, call, sock);

    if (!lpOverlapped) {
        /* W08, W10: non-overlapped calls follow send's blocking rules. */
        free(bufs);
        send_source src = {.array = lpBuffers, .count = dwBufferCount};
        uint64_t sent = 0;
        error = total ? send_stream(call, sock, &op, &src, total, urgent, &sent) : 0;
        if (sent)
            error = 0;  /* S01 */
        DWORD count = (DWORD)sent;
        if (!error && wsapi_write_program(lpNumberOfBytesSent, &count, sizeof count) != 0)
            error = WSAEFAULT;
        wsapi_call_end(call, error ? SOCKET_ERROR : 0, error);
        op_end(&op, call);
        return error ? SOCKET_ERROR : 0;
    }

    wsapi_request *req = calloc(1, sizeof *req);
    if (!req) {
        free(bufs);
        wsapi_call_end(call, SOCKET_ERROR, WSAENOBUFS);
        op_end(&op, call);
        return SOCKET_ERROR;
    }
    req->kind = WSAPI_REQUEST_SEND;
    req->fn = call->fn;
    req->overlapped = lpOverlapped;
    req->routine = (void *)args->routine;
    req->thread = call->thread;
    req->buffers = bufs;
    req->buffer_count = dwBufferCount;
    req->total = total;
    req->urgent = urgent;

    if (wsapi_profile_whole_send_fits(sock) && !sock->pending_first) {
        /* W01: completed at once — 0 and the count now, and the completion
         * is still delivered (event now, routine at the next alertable
         * wait). */
        uint64_t off = sock->stream->bytes_accepted;
        error = queue_range(sock, bufs, dwBufferCount, 0, total, urgent);
        if (!error)
            note_piece(sock, &op, NULL, off, total);
        DWORD sent = (DWORD)total;
        if (!error && lpNumberOfBytesSent)
            wsapi_write_program(lpNumberOfBytesSent, &sent, sizeof sent);
        wsapi_call_end(call, error ? SOCKET_ERROR : 0, error);
        op_end(&op, call);
        req->call_seq = call->seq;
        if (!error)
            complete_request(sock, req, 0, total);
        wsapi_request_free(req);
        return error ? SOCKET_ERROR : 0;
    }
    if ((error = wsapi_overlapped_limit(sock)) != 0) {   /* W04: too many outstanding */
        wsapi_call_end(call, SOCKET_ERROR, error);
        op_end(&op, call);
        wsapi_request_free(req);
        return SOCKET_ERROR;
    }
    /* W02: pending; *lpNumberOfBytesSent is left untouched.  W06: the
     * transport reads the buffers when it consumes them; the checksum of
     * what they hold now tells then whether the program changed them. */
    req->checksum = buffers_checksum(bufs, dwBufferCount);
    wsapi_overlapped_mark_pending(lpOverlapped);
    wsapi_request_append(sock, &sock->pending_first, &sock->pending_last, req);
    wsapi_call_end(call, SOCKET_ERROR, WSA_IO_PENDING);
    op_end(&op, call);
    req->call_seq = call->seq;
    return SOCKET_ERROR;
}

/* The stream protocol's send operation (core.h): send and WSASend. */
int wsapi_stream_send(wsapi_call *call, wsapi_socket *sock, const wsapi_transfer_args *args)
{
    return args->gather ? stream_send_gather(call, sock, args) : stream_send_one(call, sock, args);
}

/* A pending overlapped request on sock, with this OVERLAPPED, that has a
 * completion routine (W21): a send, or a receive (overlapped.h). */
static int pending_with_routine(const wsapi_socket *sock, const void *overlapped)
{
    for (const wsapi_request *req = sock->pending_first; req; req = req->next)
        if (req->overlapped == overlapped)
            return req->routine != NULL;
    for (const wsapi_request *req = sock->recv_first; req; req = req->next)
        if (req->overlapped == overlapped)
            return req->routine != NULL;
    return 0;
}

BOOL WSAAPI WSAGetOverlappedResult(SOCKET s, LPWSAOVERLAPPED lpOverlapped, LPDWORD lpcbTransfer,
                                   BOOL fWait, LPDWORD lpdwFlags)
{
    wsapi_call call;
    if (wsapi_call_begin(&call, WSIM_FN_WSAGetOverlappedResult, (int64_t)s) != 0)
        return FALSE;
    wsapi_call_args(&call, "wait=%d", fWait ? 1 : 0);
    wsapi_socket *sock;
    WSAOVERLAPPED ov;
    int error = wsapi_check_socket(&call, s, &sock);
    if (!error && (!lpOverlapped || wsapi_read_program(&ov, lpOverlapped, sizeof ov) != 0 ||
                   !lpcbTransfer || !lpdwFlags))
        error = WSAEFAULT;
    /* W21: waiting on a request that has a completion routine is undefined;
     * the call behaves as with fWait FALSE and a violation is recorded. */
    int waits_on_routine = !error && fWait && pending_with_routine(sock, lpOverlapped);
    if (waits_on_routine)
        fWait = FALSE;
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
    wsapi_call_end(&call, error ? FALSE : TRUE, error);
    if (waits_on_routine)
        wsapi_violation_for(call.thread, call.seq, "W21",
                            "WSAGetOverlappedResult with fWait TRUE on a request that has a"
                            " completion routine: answered as with fWait FALSE");
    return error ? FALSE : TRUE;
}
