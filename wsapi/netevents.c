/* netevents.c — what a socket is ready for, and WSAEventSelect /
 * WSAEnumNetworkEvents.
 *
 * Readiness (wsapi_readiness), from Wine's Windows-run test_select,
 * test_WSAPoll and the select and WSAPoll reference pages:
 *   - a listener is ready to read when a connection waits to be accepted;
 *   - a stream is ready to read when bytes wait (SO_OOBINLINE: the urgent
 *     byte counts as data), once the peer's FIN came, or once the connection
 *     broke; a fresh or connecting socket is ready for nothing;
 *   - it is ready to write when a send would be taken now (profile.h's
 *     rule: the queue below SO_SNDBUF, and no overlapped send pending that
 *     it would have to wait behind), which still holds after
 *     shutdown(SD_SEND) and after the peer's FIN;
 *   - urgent data without SO_OOBINLINE is reported apart (exceptfds,
 *     POLLRDBAND, FD_OOB);
 *   - a failed connect is reported through exceptfds (not readfds or
 *     writefds), and by WSAPoll as POLLHUP | POLLERR | POLLWRNORM;
 *   - a datagram socket is always ready to write, and ready to read when a
 *     datagram or an ICMP error waits.
 *
 * Network events (WSAEventSelect reference page; Wine's Windows-run
 * test_accept_events, test_connect_events, test_write_events,
 * test_read_events, test_oob_events, test_close_events):
 *   - events are recorded from the socket's creation, whether or not
 *     WSAEventSelect selects them: an event is recorded (pending) when its
 *     condition arises, unless it was recorded before and not re-enabled
 *     since; the event object is set when a selected event is pending;
 *   - WSAEventSelect makes the socket non-blocking, records what already
 *     holds, and sets the event object when a selected event is pending;
 *     it clears nothing (an event recorded while unselected is reported
 *     once it is selected);
 *   - WSAEnumNetworkEvents reports the pending events the mask selects,
 *     with their error codes (iErrorCode entries of other events are left
 *     as they were), clears them, and resets the event object it is given;
 *   - re-enabling (the call clears the event's record, which is made again
 *     at once if its condition still holds): FD_READ by a receive (recv,
 *     recvfrom, WSARecv, WSARecvFrom) that gets past its argument checks,
 *     FD_OOB by a MSG_OOB receive, FD_ACCEPT by accept; FD_WRITE only by a
 *     send that fails with WSAEWOULDBLOCK (S25: when sending becomes
 *     possible again, FD_WRITE says so); FD_CONNECT by a new connect;
 *     FD_CLOSE never;
 *   - FD_WRITE is first recorded when a stream connects or is accepted, and
 *     when a datagram socket gets a local address; FD_CONNECT when a connect
 *     settles, with 0 or the error (a datagram connect records it at once);
 *     FD_CLOSE when the peer's FIN comes (0, even with bytes still unread)
 *     or the connection breaks (WSAECONNABORTED, what Windows reports for an
 *     RST in test_close_events).
 *
 * When a stream changes, this file looks first (wsapi_socket_stream_changed
 * calls wsapi_netevents_changed before transfer.c moves pending overlapped
 * sends into the queue): overlapped receives complete before FD_READ is
 * considered, so bytes they take record no FD_READ (test_read_events); and
 * a socket that becomes writable only once its pending overlapped sends are
 * taken records FD_WRITE at its next change.  select and WSAPoll look when
 * their thread runs, after both.
 */
#include "wsapi/netevents.h"

#include <winsock2.h>

#include "wsapi/datagram.h"
#include "wsapi/profile.h"
#include "wsapi/recv.h"
#include "wsapi/sockets.h"
#include "runtime/waits.h"

/* ---- readiness --------------------------------------------------------------- */

static unsigned stream_readiness(const wsapi_socket *sock)
{
    const wsim_stream *s = sock->stream;
    if (sock->state == WSAPI_SOCKET_LISTENING)
        return s->accept_first ? WSAPI_READY_READ | WSAPI_READY_DATA : 0;
    unsigned r = 0;
    if (wsim_stream_readable(s) > 0)
        r |= WSAPI_READY_READ | WSAPI_READY_DATA;
    if (s->has_oob && !s->oobinline)
        r |= WSAPI_READY_OOB;
    if (sock->connect_error)
        return r | WSAPI_READY_CONNECT_FAILED | WSAPI_READY_ERROR | WSAPI_READY_HUP;
    if (sock->state != WSAPI_SOCKET_CONNECTED)
        return r;
    if (s->error)
        r |= WSAPI_READY_READ | WSAPI_READY_HUP | WSAPI_READY_ERROR;
    else if (s->fin_received)
        r |= WSAPI_READY_READ | WSAPI_READY_HUP;
    if (!s->error && wsapi_stream_connected(sock) && !sock->pending_first &&
        wsapi_profile_send_possible(sock))
        r |= WSAPI_READY_WRITE;
    return r;
}

unsigned wsapi_readiness(const wsapi_socket *sock)
{
    if (sock->stream)
        return stream_readiness(sock);
    unsigned r = WSAPI_READY_WRITE;
    if (wsim_dgram_peek(sock->dgram))
        r |= WSAPI_READY_READ | WSAPI_READY_DATA;
    return r;
}

/* ---- recording ------------------------------------------------------------------ */

static void set_event(wsapi_socket *sock)
{
    wsapi_handle *h = wsapi_handle_get(sock->owner, sock->events.event);
    if (!h || h->kind != WSAPI_HANDLE_EVENT || h->u.event->closed)
        return;
    h->u.event->signaled = 1;
    wsapi_object_signalled(sock->owner->process->sim, &(wsapi_object){.event = h->u.event});
}

static void record(wsapi_socket *sock, int bit, int error)
{
    uint32_t b = 1u << bit;
    if (sock->events.reported & b)
        return;
    sock->events.pending |= b;
    sock->events.reported |= b;
    sock->events.error[bit] = error;
    if (sock->events.mask & b)
        set_event(sock);
}

/* Records every event whose condition holds now. */
static void record_conditions(wsapi_socket *sock)
{
    unsigned r = wsapi_readiness(sock);
    if (sock->state == WSAPI_SOCKET_LISTENING) {
        if (r & WSAPI_READY_DATA)
            record(sock, FD_ACCEPT_BIT, 0);
        return;
    }
    if (r & WSAPI_READY_DATA)
        record(sock, FD_READ_BIT, 0);
    if (r & WSAPI_READY_OOB)
        record(sock, FD_OOB_BIT, 0);
    if ((r & WSAPI_READY_WRITE) && (sock->stream || sock->dgram->bound))
        record(sock, FD_WRITE_BIT, 0);
    if ((r & WSAPI_READY_HUP) && !(r & WSAPI_READY_CONNECT_FAILED))
        record(sock, FD_CLOSE_BIT, (r & WSAPI_READY_ERROR) ? WSAECONNABORTED : 0);
}

void wsapi_netevents_wake(wsapi_socket *sock)
{
    wsim_waitq_wake_all(sock->owner->process->sim, &sock->owner->io_changed);
}

void wsapi_netevents_connect_started(wsapi_socket *sock)
{
    sock->connect_error = 0;
    sock->events.reported &= ~(1u << FD_CONNECT_BIT);
}

void wsapi_netevents_connect_settled(wsapi_socket *sock)
{
    if (sock->state != WSAPI_SOCKET_CONNECTING || sock->stream->state == WSIM_TCP_SYN_SENT)
        return;
    if (wsapi_stream_connected(sock)) {
        wsapi_socket_set_state(sock, WSAPI_SOCKET_CONNECTED);
        record(sock, FD_CONNECT_BIT, 0);
    } else {
        int error = wsapi_stream_error_code(sock->stream->error);
        sock->connect_error = error ? error : WSAECONNREFUSED;
        /* A failed connect leaves the socket unconnected; it may try again. */
        wsapi_socket_set_state(sock, WSAPI_SOCKET_OPEN);
        record(sock, FD_CONNECT_BIT, sock->connect_error);
    }
}

void wsapi_netevents_changed(wsapi_socket *sock)
{
    if (sock->stream) {
        wsapi_stream_receives_progress(sock);
        wsapi_netevents_connect_settled(sock);
    } else {
        wsapi_datagram_receives_progress(sock);
    }
    record_conditions(sock);
    wsapi_netevents_wake(sock);
}

void wsapi_netevents_reenable(wsapi_socket *sock, int bit)
{
    sock->events.reported &= ~(1u << bit);
    sock->events.pending &= ~(1u << bit);
    record_conditions(sock);
}

void wsapi_netevents_would_block(wsapi_socket *sock)
{
    wsapi_netevents_reenable(sock, FD_WRITE_BIT);
}

void wsapi_netevents_record(wsapi_socket *sock)
{
    record_conditions(sock);
}

void wsapi_netevents_datagram_connected(wsapi_socket *sock)
{
    if (sock->dgram->connected)
        record(sock, FD_CONNECT_BIT, 0);
    record_conditions(sock);
}

void wsapi_netevents_accepted(wsapi_socket *listener, wsapi_socket *child)
{
    child->events.mask = listener->events.mask;
    child->events.event = listener->events.event;
    record_conditions(child);
    wsapi_netevents_reenable(listener, FD_ACCEPT_BIT);
}

/* ---- the calls -------------------------------------------------------------------- */

/* The event object behind a handle, or NULL. */
static wsapi_event *event_of(wsapi_call *call, WSAEVENT h)
{
    wsapi_handle *handle = wsapi_handle_get(call->proc, (int64_t)(uintptr_t)h);
    return handle && handle->kind == WSAPI_HANDLE_EVENT && !handle->u.event->closed
               ? handle->u.event
               : NULL;
}

int WSAAPI WSAEventSelect(SOCKET s, WSAEVENT hEventObject, LONG lNetworkEvents)
{
    wsapi_call call;
    if (wsapi_call_begin(&call, WSIM_FN_WSAEventSelect, (int64_t)s) != 0)
        return SOCKET_ERROR;
    wsapi_call_args(&call, "event=%lld events=0x%x", (long long)(uintptr_t)hEventObject,
                    (unsigned)lNetworkEvents);
    wsapi_socket *sock;
    int error = wsapi_check_socket(&call, s, &sock);
    uint32_t mask = (uint32_t)lNetworkEvents & FD_ALL_EVENTS;
    /* An event object is needed only to select something: WSAEventSelect(s,
     * NULL, 0) cancels the association (reference page). */
    if (!error && mask && !event_of(&call, hEventObject))
        error = WSAEINVAL;
    if (error)
        return (int)wsapi_call_end(&call, SOCKET_ERROR, error);
    sock->events.mask = mask;
    sock->events.event = mask ? (int64_t)(uintptr_t)hEventObject : 0;
    sock->nonblocking = 1;
    record_conditions(sock);
    if (sock->events.pending & mask)
        set_event(sock);
    return (int)wsapi_call_end(&call, 0, 0);
}

int WSAAPI WSAEnumNetworkEvents(SOCKET s, WSAEVENT hEventObject,
                                LPWSANETWORKEVENTS lpNetworkEvents)
{
    wsapi_call call;
    if (wsapi_call_begin(&call, WSIM_FN_WSAEnumNetworkEvents, (int64_t)s) != 0)
        return SOCKET_ERROR;
    wsapi_socket *sock;
    WSANETWORKEVENTS out;
    wsapi_event *ev = NULL;
    int error = wsapi_check_socket(&call, s, &sock);
    if (!error && (!lpNetworkEvents || wsapi_read_program(&out, lpNetworkEvents, sizeof out) != 0))
        error = WSAEFAULT;
    if (!error && hEventObject && !(ev = event_of(&call, hEventObject)))
        error = WSAEINVAL;
    if (error)
        return (int)wsapi_call_end(&call, SOCKET_ERROR, error);
    uint32_t events = sock->events.pending & sock->events.mask;
    out.lNetworkEvents = (LONG)events;
    for (int bit = 0; bit < WSAPI_NET_EVENTS; bit++)
        if (events & (1u << bit))
            out.iErrorCode[bit] = sock->events.error[bit];
    if (wsapi_write_program(lpNetworkEvents, &out, sizeof out) != 0)
        return (int)wsapi_call_end(&call, SOCKET_ERROR, WSAEFAULT);
    sock->events.pending &= ~events;
    if (ev)
        ev->signaled = 0;
    wsapi_call_args(&call, "event=%lld events=0x%x", (long long)(uintptr_t)hEventObject,
                    (unsigned)events);
    return (int)wsapi_call_end(&call, 0, 0);
}
