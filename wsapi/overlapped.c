/* overlapped.c — the parts of overlapped I/O the calls share: OVERLAPPED
 * checks, completion delivery, captured buffer arrays, the list of pending
 * receives, and the per-socket limit on requests in flight (overlapped.h).
 *
 * The limit (W04: "WSAEWOULDBLOCK … too many outstanding overlapped
 * requests, a limit the scenario sets"): a host's max_overlapped bounds the
 * requests one socket has pending at once, sends and receives together.  A
 * call that would leave one more pending fails with WSAEWOULDBLOCK and
 * delivers no completion (W03); a call that completes at once never counts.
 * By default there is no limit: Windows documents no count (what bounds it
 * there is the memory the pending requests lock), so a run that does not
 * ask for one must not fail where Windows would succeed.
 */
#include "wsapi/overlapped.h"

#include <stdlib.h>

#include "runtime/waits.h"
#include "sim/check.h"
#include "wsapi/host.h"
#include "wsapi/netevents.h"
#include "wsapi/profile.h"
#include "wsapi/sockets.h"

int wsapi_overlapped_check(const wsapi_call *call, const wsapi_socket *sock, void *count,
                           LPWSAOVERLAPPED ov, const void *routine, uint64_t *reused)
{
    *reused = 0;
    if (!ov && !count)
        return WSAEFAULT;                            /* W16 */
    int error = wsapi_transfer_pointers_error(count, ov, routine);   /* W04 */
    if (!error && ov && !sock->overlapped_attr)
        error = WSAEINVAL;                           /* W04, W08 */
    if (!error && ov && wsapi_overlapped_in_flight(call->proc, ov, reused))
        error = WSAEINVAL;                           /* W19 */
    return error;
}

void wsapi_overlapped_lists_check(const wsapi_socket *sock)
{
#if defined(WSIM_CHECKED) && WSIM_CHECKED
    const wsim_process *process = sock->owner->process;
    uint32_t max = wsapi_host_of(process->host)->max_overlapped;
    uint32_t pending = 0;
    const wsapi_request *last_send = NULL;
    for (const wsapi_request *s = sock->pending_first; s; s = s->next) {
        WSIM_ASSERT(s->thread->process == process, "O3",
                    "a pending request's thread is one of its socket's process");
        WSIM_ASSERT(s->kind == WSAPI_REQUEST_SEND, "O4", "a request is on its kind's list");
        last_send = s;
        pending++;
    }
    WSIM_ASSERT(sock->pending_last == last_send, "O1", "a send list's last is its last request");
    const wsapi_request *last_recv = NULL;
    for (const wsapi_request *r = sock->recv_first; r; r = r->next) {
        WSIM_ASSERT(r->thread->process == process, "O3",
                    "a pending request's thread is one of its socket's process");
        WSIM_ASSERT(r->kind == WSAPI_REQUEST_RECEIVE, "O4", "a request is on its kind's list");
        last_recv = r;
        pending++;
    }
    WSIM_ASSERT(sock->recv_last == last_recv, "O1", "a receive list's last is its last request");
    WSIM_ASSERT(max == 0 || pending <= max, "O2",
                "no more requests pending on a socket than its host's max_overlapped");
#else
    (void)sock;
#endif
}

int wsapi_overlapped_limit(const wsapi_socket *sock)
{
    uint32_t max = wsapi_host_of(sock->owner->process->host)->max_overlapped;
    if (max == 0)
        return 0;
    uint32_t pending = 0;
    for (const wsapi_request *s = sock->pending_first; s; s = s->next)
        pending++;
    for (const wsapi_request *r = sock->recv_first; r; r = r->next)
        pending++;
    return pending >= max ? WSAEWOULDBLOCK : 0;
}

void wsapi_overlapped_mark_pending(LPWSAOVERLAPPED ov)
{
    WSAOVERLAPPED copy;
    if (wsapi_read_program(&copy, ov, sizeof copy) != 0)
        return;
    copy.Internal = WSAPI_STATUS_PENDING;
    copy.InternalHigh = 0;
    wsapi_write_program(ov, &copy, sizeof copy);
}

static void run_completion_routine(wsapi_apc *apc)
{
    LPWSAOVERLAPPED_COMPLETION_ROUTINE routine = (LPWSAOVERLAPPED_COMPLETION_ROUTINE)apc->routine;
    /* W24: (dwError, cbTransferred, lpOverlapped, dwFlags = 0). */
    routine(apc->error, apc->bytes, (LPWSAOVERLAPPED)apc->overlapped, 0);
}

void wsapi_overlapped_complete(wsapi_socket *sock, wsim_thread *thread, uint64_t call_seq,
                               wsim_fn fn, void *overlapped, void *routine,
                               int error, uint64_t bytes)
{
    WSAOVERLAPPED ov;
    const char *delivery = "none";
    if (wsapi_read_program(&ov, overlapped, sizeof ov) == 0) {
        ov.Internal = (ULONG_PTR)error;
        ov.InternalHigh = (ULONG_PTR)bytes;
        wsapi_write_program(overlapped, &ov, sizeof ov);
        if (routine) {
            wsapi_apc *apc = calloc(1, sizeof *apc);
            if (apc) {
                apc->run = run_completion_routine;
                apc->routine = routine;
                apc->error = (uint32_t)error;
                apc->bytes = (uint32_t)bytes;
                apc->overlapped = overlapped;
                apc->call_seq = call_seq;
                wsapi_profile_queue_routine(thread, apc, sock->handle);   /* W26 */
                delivery = "routine";
            }
        } else {
            wsapi_handle *h = wsapi_handle_get(sock->owner, (int64_t)(uintptr_t)ov.hEvent);
            if (h && h->kind == WSAPI_HANDLE_EVENT) {
                /* Handed to its waiters as SetEvent hands it (waits.h). */
                h->u.event->signaled = 1;
                wsapi_object_signalled(thread->sim, &(wsapi_object){.event = h->u.event});
                delivery = "event";
            }
        }
    }
    wsapi_emit_completion(thread, sock->handle, call_seq, fn, bytes, error, delivery);
    wsim_waitq_wake_all(thread->sim, &sock->overlapped_done);
}

int wsapi_buffer_error(const void *buf, int64_t len, int access)
{
    if (len < 0)
        return WSAEFAULT;
    if (len == 0)
        return 0;
    int bad = access == WSAPI_BUFFERS_READ ? wsapi_program_readable(buf, (size_t)len) != 0
                                           : wsapi_program_writable((void *)buf, (size_t)len) != 0;
    return bad ? WSAEFAULT : 0;
}

int wsapi_capture_buffers(const WSABUF *array, DWORD count, int access, wsapi_buffer **out,
                          uint64_t *total)
{
    *out = NULL;
    *total = 0;
    if (!array || count == 0)
        return WSAEFAULT;
    if (count > 1024)
        return WSAENOBUFS;
    wsapi_buffer *bufs = calloc(count, sizeof *bufs);
    if (!bufs)
        return WSAENOBUFS;
    WSABUF wb;
    for (DWORD i = 0; i < count; i++) {
        if (wsapi_read_program(&wb, &array[i], sizeof wb) != 0 ||
            wsapi_buffer_error(wb.buf, wb.len, access) != 0) {
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

/* ---- pending receives ------------------------------------------------------ */

void wsapi_request_append(wsapi_socket *sock, wsapi_request **first, wsapi_request **last,
                          wsapi_request *req)
{
    req->next = NULL;
    if (*last)
        (*last)->next = req;
    else
        *first = req;
    *last = req;
    wsapi_overlapped_lists_check(sock);
}

wsapi_request *wsapi_request_take(wsapi_socket *sock, wsapi_request **first,
                                  wsapi_request **last)
{
    wsapi_request *req = *first;
    if (req) {
        *first = req->next;
        if (!*first)
            *last = NULL;
    }
    wsapi_overlapped_lists_check(sock);
    return req;
}

void wsapi_request_free(wsapi_request *req)
{
    free(req->buffers);
    free(req);
}

int wsapi_recv_pend(wsapi_call *call, wsapi_socket *sock, const wsapi_request *shape,
                    int event_bit)
{
    wsapi_request *req = calloc(1, sizeof *req);
    if (!req) {
        free(shape->buffers);
        return (int)wsapi_call_end(call, SOCKET_ERROR, WSAENOBUFS);
    }
    *req = *shape;
    req->kind = WSAPI_REQUEST_RECEIVE;
    req->fn = call->fn;
    req->thread = call->thread;
    wsapi_overlapped_mark_pending(req->overlapped);
    wsapi_request_append(sock, &sock->recv_first, &sock->recv_last, req);
    wsapi_netevents_reenable(sock, event_bit);
    wsapi_call_end(call, SOCKET_ERROR, WSA_IO_PENDING);
    req->call_seq = call->seq;
    return SOCKET_ERROR;
}

void wsapi_abort_receives(wsapi_socket *sock, const wsim_thread *thread, int error)
{
    wsapi_request **link = &sock->recv_first;
    sock->recv_last = NULL;
    while (*link) {
        wsapi_request *req = *link;
        if (thread && req->thread != thread) {
            sock->recv_last = req;
            link = &req->next;
            continue;
        }
        *link = req->next;
        if (error)
            wsapi_overlapped_complete(sock, req->thread, req->call_seq, req->fn,
                                      req->overlapped, req->routine, error, 0);
        wsapi_request_free(req);
    }
    wsapi_overlapped_lists_check(sock);
}
