/* sockets.c — a socket's life: socket, WSASocketA/W, bind, listen, accept,
 * connect, WSAConnect, shutdown, closesocket, getsockname, getpeername, and
 * its options.
 *
 * A wsapi_socket is the program's view (handle, blocking mode, time-outs,
 * shutdown flags, pending overlapped sends and receives); its wsim_stream
 * is the transport.  Blocking calls wait through wsapi_socket_wait (on the
 * transport's waitq, the overlapped completions, or the socket's close) and
 * re-check their condition whenever they are woken.  A datagram socket has a wsim_dgram
 * instead, and these calls hand it to wsapi/datagram.c after the checks
 * every socket shares.
 */
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include <winsock2.h>
#include <ws2tcpip.h>

#include "sim/defaults.h"
#include "sim/net.h"
#include "wsapi/calls.h"
#include "wsapi/datagram.h"
#include "wsapi/netevents.h"
#include "wsapi/overlapped.h"
#include "wsapi/sockets.h"

int64_t wsapi_deadline_after_ms(wsim_sim *sim, uint32_t timeout_ms)
{
    return timeout_ms ? sim->now_ns + (int64_t)timeout_ms * WSIM_NS_PER_MS : -1;
}

static void socket_free(wsapi_socket *sock);

int wsapi_socket_wait(wsapi_call *call, wsapi_socket *sock, wsim_waitq *q, int64_t deadline_ns)
{
    wsim_waitq *queues[2] = {q, &sock->closing};
    sock->busy++;
    int timed_out = wsapi_wait_alertable_begin(call->thread, queues, 2, deadline_ns,
                                               call->function);
    sock->busy--;
    int closed = sock->closed;
    if (closed && sock->busy == 0)
        socket_free(sock);
    /* APCs run once the socket is let go: one that ends the thread
     * (ExitThread) leaves nothing counted on it. */
    wsapi_wait_alertable_end(call->thread);
    if (closed)
        return WSAPI_SOCKET_CLOSED;
    if (call->cancelled)
        return WSAPI_SOCKET_CLOSED;   /* S05: WSACancelBlockingCall, in an APC of this wait */
    return timed_out ? WSAPI_SOCKET_TIMEOUT : WSAPI_SOCKET_WOKEN;
}

int wsapi_wait_stream(wsapi_call *call, wsapi_socket *sock, int64_t deadline_ns)
{
    return wsapi_socket_wait(call, sock, &sock->stream->waitq, deadline_ns);
}

int wsapi_error_in_progress(const wsapi_socket *sock, int error)
{
    return error == WSAETIMEDOUT && sock->stream->error == WSIM_SE_TIMEDOUT ? WSAENETRESET : error;
}

int wsapi_stream_connected(const wsapi_socket *sock)
{
    wsim_tcp_state st = sock->stream->state;
    return st != WSIM_TCP_CLOSED && st != WSIM_TCP_LISTEN && st != WSIM_TCP_SYN_SENT &&
           st != WSIM_TCP_SYN_RCVD;
}

/* ---- what the runtime does to a socket through its handle ---------------- */

static int ops_closed(void *object)
{
    return ((wsapi_socket *)object)->closed;
}

/* CloseHandle on a socket closes it as closesocket would (W17). */
static void ops_close_handle(void *object)
{
    wsapi_socket_destroy(object, WSA_OPERATION_ABORTED);
}

static void ops_process_end(void *object)
{
    wsapi_socket *sock = object;
    sock->busy = 0;   /* its waiting threads died with the process */
    wsapi_socket_destroy(sock, 0);
}

/* Step 1 of a thread's end (runtime/threads.c): its requests on the socket
 * complete with WSA_OPERATION_ABORTED. */
static void ops_thread_end(void *object, wsim_thread *thread)
{
    wsapi_abort_thread_sends(object, thread, WSA_OPERATION_ABORTED);
    wsapi_abort_receives(object, thread, WSA_OPERATION_ABORTED);
}

const wsapi_object_ops wsapi_socket_ops = {
    .closed = ops_closed,
    .close_handle = ops_close_handle,
    .process_end = ops_process_end,
    .thread_end = ops_thread_end,
};

/* A handle for a new socket, with the ops above: its value, or -1. */
static int64_t socket_handle_new(wsapi_process *proc, wsapi_socket *sock)
{
    int64_t value = wsapi_handle_new(proc, WSAPI_HANDLE_SOCKET, sock);
    if (value >= 0)
        wsapi_handle_get(proc, value)->ops = &wsapi_socket_ops;
    return value;
}

static wsapi_socket *socket_new(wsapi_process *proc, int type, int protocol, int overlapped)
{
    wsapi_socket *sock = calloc(1, sizeof *sock);
    if (!sock)
        return NULL;
    wsim_host *host = proc->process->host;
    if (type == SOCK_DGRAM ? wsapi_datagram_open(sock, host) != 0
                           : !(sock->stream = wsim_stream_new(host))) {
        free(sock);
        return NULL;
    }
    sock->owner = proc;
    sock->type = type;
    sock->protocol = protocol;
    sock->overlapped_attr = overlapped;
    wsim_waitq_init(&sock->overlapped_done);
    if (sock->stream) {
        sock->stream->on_change = wsapi_socket_stream_changed;
        sock->stream->on_change_ctx = sock;
    }
    sock->handle = socket_handle_new(proc, sock);
    if (sock->handle < 0) {
        if (sock->dgram)
            wsapi_datagram_close(sock);
        else
            wsim_stream_close(sock->stream);
        free(sock);
        return NULL;
    }
    return sock;
}

/* Lets the transport go and frees the socket. */
static void socket_free(wsapi_socket *sock)
{
    wsapi_abort_receives(sock, NULL, 0);
    if (sock->dgram)
        wsapi_datagram_close(sock);
    else
        wsim_stream_close(sock->stream);
    wsapi_handle_release(sock->owner, sock->handle);
    free(sock);
}

void wsapi_socket_destroy(wsapi_socket *sock, int error_for_pending)
{
    wsapi_abort_pending_sends(sock, error_for_pending);
    wsapi_abort_receives(sock, NULL, error_for_pending);   /* every thread's */
    wsapi_netevents_wake(sock);                            /* select, WSAPoll: it is gone */
    if (sock->busy > 0) {
        /* Calls still wait on it (S05): they leave with WSAEINTR, the last
         * one frees it, all at this same instant of virtual time.  Until
         * then its handle stays taken but names no socket (WSAENOTSOCK). */
        sock->closed = 1;
        wsim_waitq_wake_all(sock->owner->process->sim, &sock->closing);
        return;
    }
    socket_free(sock);
}

/* The checks and the creation socket(), WSASocketA and WSASocketW share,
 * after their own argument checks (`error`).  Finishes the call. */
static SOCKET open_socket(wsapi_call *call, int error, int af, int type, int protocol,
                          int overlapped)
{
    if (!error && af != AF_INET)
        error = WSAEAFNOSUPPORT;
    if (!error && type != SOCK_STREAM && type != SOCK_DGRAM)
        error = WSAESOCKTNOSUPPORT;
    /* Wine's Windows-run test_WSASocket: SOCK_STREAM with IPPROTO_UDP, and
     * SOCK_DGRAM with IPPROTO_TCP, fail with WSAEPROTONOSUPPORT. */
    int transport = type == SOCK_DGRAM ? IPPROTO_UDP : IPPROTO_TCP;
    if (!error && protocol != 0 && protocol != transport)
        error = WSAEPROTONOSUPPORT;
    wsapi_socket *sock = NULL;
    if (!error && !(sock = socket_new(call->proc, type, transport, overlapped)))
        error = WSAENOBUFS;
    if (error)
        return (SOCKET)wsapi_call_end(call, (long long)INVALID_SOCKET, error);
    call->socket = sock->handle;
    return (SOCKET)wsapi_call_end(call, sock->handle, 0);
}

SOCKET WSAAPI socket(int af, int type, int protocol)
{
    wsapi_call call;
    if (wsapi_call_begin(&call, WSIM_FN_socket, -1) != 0)
        return INVALID_SOCKET;
    wsapi_call_args(&call, "af=%d type=%d protocol=%d", af, type, protocol);
    /* W08: sockets made by socket() have the overlapped attribute. */
    return open_socket(&call, wsapi_check_started(&call), af, type, protocol, 1);
}

/* FROM_PROTOCOL_INFO: WSASocket's af, type or protocol taken from
 * lpProtocolInfo (the SDK's value). */
#define WSAPI_FROM_PROTOCOL_INFO (-1)

/* WSASocketA and WSASocketW: one implementation, recorded under the name
 * the program used.  Their WSAPROTOCOL_INFO forms differ only after the
 * fields read here.  lpProtocolInfo may be NULL; when given (WSAEFAULT if
 * unreadable) it supplies the arguments that are FROM_PROTOCOL_INFO.  Groups
 * are not modelled (g must be 0), nor the multipoint and registered-I/O
 * flags (WSAEINVAL, as the reference page lists for a g or flags the
 * provider does not support); WSA_FLAG_NO_HANDLE_INHERIT is accepted and
 * changes nothing (a simulated program starts no child processes).  W08:
 * the socket has the overlapped attribute only with WSA_FLAG_OVERLAPPED. */
static SOCKET wsa_socket(wsim_fn function, int af, int type, int protocol,
                         const void *lpProtocolInfo, GROUP g, DWORD dwFlags)
{
    _Static_assert(offsetof(WSAPROTOCOL_INFOA, iProtocolMaxOffset) ==
                       offsetof(WSAPROTOCOL_INFOW, iProtocolMaxOffset),
                   "the A and W forms share the fields WSASocket reads");
    wsapi_call call;
    if (wsapi_call_begin(&call, function, -1) != 0)
        return INVALID_SOCKET;
    wsapi_call_args(&call, "af=%d type=%d protocol=%d info=%d group=%u flags=0x%x", af, type,
                    protocol, lpProtocolInfo != NULL, (unsigned)g, (unsigned)dwFlags);
    int error = wsapi_check_started(&call);
    WSAPROTOCOL_INFOA info;
    if (!error && lpProtocolInfo &&
        wsapi_read_program(&info, lpProtocolInfo, offsetof(WSAPROTOCOL_INFOA, iProtocolMaxOffset)) != 0)
        error = WSAEFAULT;
    if (!error && lpProtocolInfo) {
        if (af == WSAPI_FROM_PROTOCOL_INFO)
            af = info.iAddressFamily;
        if (type == WSAPI_FROM_PROTOCOL_INFO)
            type = info.iSocketType;
        if (protocol == WSAPI_FROM_PROTOCOL_INFO)
            protocol = info.iProtocol;
    }
    if (!error && (g != 0 || (dwFlags & ~(DWORD)(WSA_FLAG_OVERLAPPED | WSA_FLAG_NO_HANDLE_INHERIT))))
        error = WSAEINVAL;
    return open_socket(&call, error, af, type, protocol, (dwFlags & WSA_FLAG_OVERLAPPED) != 0);
}

SOCKET WSAAPI WSASocketA(int af, int type, int protocol, LPWSAPROTOCOL_INFOA lpProtocolInfo,
                         GROUP g, DWORD dwFlags)
{
    return wsa_socket(WSIM_FN_WSASocketA, af, type, protocol, lpProtocolInfo, g, dwFlags);
}

SOCKET WSAAPI WSASocketW(int af, int type, int protocol, LPWSAPROTOCOL_INFOW lpProtocolInfo,
                         GROUP g, DWORD dwFlags)
{
    return wsa_socket(WSIM_FN_WSASocketW, af, type, protocol, lpProtocolInfo, g, dwFlags);
}

int WSAAPI closesocket(SOCKET s)
{
    wsapi_call call;
    if (wsapi_call_begin(&call, WSIM_FN_closesocket, (int64_t)s) != 0)
        return SOCKET_ERROR;
    wsapi_socket *sock;
    int error = wsapi_check_socket(&call, s, &sock);
    if (error)
        return (int)wsapi_call_end(&call, SOCKET_ERROR, error);
    /* W17: overlapped sends still pending complete with
     * WSA_OPERATION_ABORTED. */
    wsapi_socket_destroy(sock, WSA_OPERATION_ABORTED);
    return (int)wsapi_call_end(&call, 0, 0);
}

/* Reads a sockaddr_in from the program: 0, or the Winsock error. */
static int read_sockaddr_in(const struct sockaddr *name, int namelen, uint32_t *ip,
                            uint16_t *port)
{
    struct sockaddr_in sin;
    if (!name || namelen < (int)sizeof sin || wsapi_read_program(&sin, name, sizeof sin) != 0)
        return WSAEFAULT;
    if (sin.sin_family != AF_INET)
        return WSAEAFNOSUPPORT;
    *ip = wsapi_net32(sin.sin_addr.s_addr);
    *port = wsapi_net16(sin.sin_port);
    return 0;
}

/* Writes a sockaddr_in to an optional (addr, addrlen) pair. */
static int write_sockaddr_in(struct sockaddr *addr, int *addrlen, uint32_t ip, uint16_t port)
{
    if (!addr && !addrlen)
        return 0;
    int len;
    if (!addr || !addrlen || wsapi_read_program(&len, addrlen, sizeof len) != 0 ||
        len < (int)sizeof(struct sockaddr_in))
        return WSAEFAULT;
    struct sockaddr_in sin;
    memset(&sin, 0, sizeof sin);
    sin.sin_family = AF_INET;
    sin.sin_port = wsapi_net16(port);
    sin.sin_addr.s_addr = wsapi_net32(ip);
    len = (int)sizeof sin;
    if (wsapi_write_program(addr, &sin, sizeof sin) != 0 ||
        wsapi_write_program(addrlen, &len, sizeof len) != 0)
        return WSAEFAULT;
    return 0;
}

static void describe_address(wsapi_call *call, const char *what, uint32_t ip, uint16_t port)
{
    wsapi_call_args(call, "%s=%u.%u.%u.%u:%u", what, ip >> 24, (ip >> 16) & 255,
                    (ip >> 8) & 255, ip & 255, port);
}

int WSAAPI bind(SOCKET s, const struct sockaddr *name, int namelen)
{
    wsapi_call call;
    if (wsapi_call_begin(&call, WSIM_FN_bind, (int64_t)s) != 0)
        return SOCKET_ERROR;
    wsapi_socket *sock;
    uint32_t ip = 0;
    uint16_t port = 0;
    int error = wsapi_check_socket(&call, s, &sock);
    if (!error)
        error = read_sockaddr_in(name, namelen, &ip, &port);
    describe_address(&call, "addr", ip, port);
    if (!error && sock->dgram) {
        error = wsapi_datagram_bind(sock, ip, port);
        if (!error)
            wsapi_netevents_record(sock);   /* FD_WRITE: it has an address */
    } else if (!error && sock->stream->bound)
        error = WSAEINVAL;
    else if (!error)
        error = wsapi_stream_error_code(wsim_stream_bind(sock->stream, ip, port));
    return (int)wsapi_call_end(&call, error ? SOCKET_ERROR : 0, error);
}

int WSAAPI listen(SOCKET s, int backlog)
{
    wsapi_call call;
    if (wsapi_call_begin(&call, WSIM_FN_listen, (int64_t)s) != 0)
        return SOCKET_ERROR;
    wsapi_call_args(&call, "backlog=%d", backlog);
    wsapi_socket *sock;
    int error = wsapi_check_socket(&call, s, &sock);
    if (!error && sock->dgram)
        error = WSAEOPNOTSUPP;   /* listen: not a connection-oriented socket */
    if (!error && sock->state >= WSAPI_SOCKET_CONNECTING)
        error = WSAEISCONN;
    if (!error && !sock->stream->bound)
        error = WSAEINVAL;
    if (!error && sock->state != WSAPI_SOCKET_LISTENING) {
        /* SOMAXCONN and the larger hints all mean "a reasonable maximum". */
        int depth = backlog > 200 || backlog < 0 ? 200 : backlog;
        wsim_stream_listen(sock->stream, depth);
        wsapi_socket_set_state(sock, WSAPI_SOCKET_LISTENING);
    }
    return (int)wsapi_call_end(&call, error ? SOCKET_ERROR : 0, error);
}

SOCKET WSAAPI accept(SOCKET s, struct sockaddr *addr, int *addrlen)
{
    wsapi_call call;
    if (wsapi_call_begin(&call, WSIM_FN_accept, (int64_t)s) != 0)
        return INVALID_SOCKET;
    wsapi_socket *sock;
    int error = wsapi_check_socket(&call, s, &sock);
    if (!error)
        error = wsapi_blocking_call(&call, !sock->nonblocking);   /* S06 */
    int len = 0;
    /* accept writes both: each must be wholly writable (its reference page). */
    if (!error && (addr || addrlen) &&
        (!addr || !addrlen || wsapi_read_program(&len, addrlen, sizeof len) != 0 ||
         wsapi_program_writable(addrlen, sizeof len) != 0 ||
         len < (int)sizeof(struct sockaddr_in) ||
         wsapi_program_writable(addr, sizeof(struct sockaddr_in)) != 0))
        error = WSAEFAULT;
    if (!error && sock->dgram)
        error = WSAEOPNOTSUPP;   /* accept: not a connection-oriented socket */
    if (!error && sock->state != WSAPI_SOCKET_LISTENING)
        error = WSAEINVAL;
    wsim_stream *conn = NULL;
    while (!error && !(conn = wsim_stream_accept(sock->stream))) {
        if (sock->nonblocking) {
            error = WSAEWOULDBLOCK;
            wsapi_netevents_reenable(sock, FD_ACCEPT_BIT);
        } else if (wsapi_wait_stream(&call, sock, -1) == WSAPI_SOCKET_CLOSED) {
            error = WSAEINTR;                      /* S05 */
        }
    }
    if (error)
        return (SOCKET)wsapi_call_end(&call, (long long)INVALID_SOCKET, error);
    wsapi_socket *child = calloc(1, sizeof *child);
    if (child)
        child->handle = socket_handle_new(call.proc, child);
    if (!child || child->handle < 0) {
        free(child);
        wsim_stream_close(conn);
        return (SOCKET)wsapi_call_end(&call, (long long)INVALID_SOCKET, WSAENOBUFS);
    }
    child->owner = call.proc;
    child->type = sock->type;
    child->protocol = sock->protocol;
    child->overlapped_attr = sock->overlapped_attr;
    child->nonblocking = sock->nonblocking;   /* inherited, as on Windows */
    child->stream = conn;
    wsapi_socket_set_state(child, WSAPI_SOCKET_CONNECTED);
    wsim_waitq_init(&child->overlapped_done);
    conn->on_change = wsapi_socket_stream_changed;
    conn->on_change_ctx = child;
    wsapi_netevents_accepted(sock, child);
    describe_address(&call, "peer", conn->remote_ip, conn->remote_port);
    write_sockaddr_in(addr, addrlen, conn->remote_ip, conn->remote_port);
    return (SOCKET)wsapi_call_end(&call, child->handle, 0);
}

/* A stream socket's connect, after the address checks: 0 or the code.  A
 * blocking one waits for the handshake to settle; WSAEINTR (S05) means the
 * socket is gone. */
static int stream_connect(wsapi_call *call, wsapi_socket *sock, uint32_t ip, uint16_t port)
{
    int error = 0;
    if (sock->state == WSAPI_SOCKET_LISTENING)
        error = WSAEINVAL;
    if (!error && sock->state >= WSAPI_SOCKET_CONNECTING)
        error = sock->stream->state == WSIM_TCP_SYN_SENT ? WSAEALREADY : WSAEISCONN;
    if (!error && (ip == 0 || port == 0))
        error = WSAEADDRNOTAVAIL;
    if (!error)
        error = wsapi_stream_error_code(wsim_stream_connect(sock->stream, ip, port));
    if (error)
        return error;
    wsapi_socket_set_state(sock, WSAPI_SOCKET_CONNECTING);
    wsapi_netevents_connect_started(sock);
    if (sock->nonblocking)
        return WSAEWOULDBLOCK;
    while (sock->stream->state == WSIM_TCP_SYN_SENT)
        if (wsapi_wait_stream(call, sock, -1) == WSAPI_SOCKET_CLOSED)
            return WSAEINTR;                       /* S05 */
    /* The transport's change settled it already, unless the handshake ended
     * inside wsim_stream_connect. */
    wsapi_netevents_connect_settled(sock);
    return sock->connect_error;
}

/* connect and WSAConnect: one implementation, recorded under the name the
 * program used.  `extras`: WSAConnect's caller and callee data or QoS were
 * given, which TCP and UDP do not carry (WSAEOPNOTSUPP, the simulator's
 * choice: the WSAConnect reference page leaves them to the provider). */
static int connect_call(wsim_fn function, SOCKET s, const struct sockaddr *name, int namelen,
                        int extras)
{
    wsapi_call call;
    if (wsapi_call_begin(&call, function, (int64_t)s) != 0)
        return SOCKET_ERROR;
    wsapi_socket *sock;
    uint32_t ip = 0;
    uint16_t port = 0;
    int error = wsapi_check_socket(&call, s, &sock);
    if (!error)
        error = wsapi_blocking_call(&call, !sock->nonblocking);   /* S06 */
    if (!error)
        error = read_sockaddr_in(name, namelen, &ip, &port);
    describe_address(&call, "addr", ip, port);
    if (!error && extras)
        error = WSAEOPNOTSUPP;
    if (!error && sock->dgram) {
        /* A default peer: no handshake, nothing is sent. */
        error = wsapi_datagram_connect(sock, ip, port);
        if (!error)
            wsapi_netevents_datagram_connected(sock);
    } else if (!error) {
        error = stream_connect(&call, sock, ip, port);
    }
    return (int)wsapi_call_end(&call, error ? SOCKET_ERROR : 0, error);
}

int WSAAPI connect(SOCKET s, const struct sockaddr *name, int namelen)
{
    return connect_call(WSIM_FN_connect, s, name, namelen, 0);
}

int WSAAPI WSAConnect(SOCKET s, const struct sockaddr *name, int namelen, LPWSABUF lpCallerData,
                      LPWSABUF lpCalleeData, LPQOS lpSQOS, LPQOS lpGQOS)
{
    return connect_call(WSIM_FN_WSAConnect, s, name, namelen,
                        lpCallerData || lpCalleeData || lpSQOS || lpGQOS);
}

int WSAAPI shutdown(SOCKET s, int how)
{
    wsapi_call call;
    if (wsapi_call_begin(&call, WSIM_FN_shutdown, (int64_t)s) != 0)
        return SOCKET_ERROR;
    wsapi_call_args(&call, "how=%d", how);
    wsapi_socket *sock;
    int error = wsapi_check_socket(&call, s, &sock);
    if (!error && how != SD_RECEIVE && how != SD_SEND && how != SD_BOTH)
        error = WSAEINVAL;
    /* WSAENOTCONN is for connection-oriented sockets only (shutdown's
     * documentation): a datagram socket just stops sending or receiving. */
    if (!error && sock->stream && !wsapi_stream_connected(sock) && !sock->stream->error)
        error = WSAENOTCONN;
    if (!error) {
        if (how == SD_RECEIVE || how == SD_BOTH)
            sock->shut_recv = 1;
        if ((how == SD_SEND || how == SD_BOTH) && !sock->shut_send) {
            sock->shut_send = 1;
            if (sock->stream)
                wsim_stream_shutdown_send(sock->stream);
        }
    }
    return (int)wsapi_call_end(&call, error ? SOCKET_ERROR : 0, error);
}

/* ---- addresses ------------------------------------------------------------------ */

/* getsockname and getpeername: one implementation, recorded under the name
 * the program used.  Pointers first (WSAEFAULT: NULL, unreadable, or a
 * namelen below a sockaddr_in), then the state: a socket with no local
 * address has no name (WSAEINVAL, Wine's Windows-run test_WSASendMsg and
 * test_WSASendTo), one with no peer none either (WSAENOTCONN, the
 * getpeername reference page).  A socket bound to 0.0.0.0 reports the
 * address its connection (a datagram socket: its default peer) uses once it
 * has one. */
static int address_call(wsim_fn function, SOCKET s, struct sockaddr *name, int *namelen,
                        int peer)
{
    wsapi_call call;
    if (wsapi_call_begin(&call, function, (int64_t)s) != 0)
        return SOCKET_ERROR;
    wsapi_socket *sock;
    int len = 0;
    int error = wsapi_check_socket(&call, s, &sock);
    if (!error && (!name || !namelen || wsapi_read_program(&len, namelen, sizeof len) != 0 ||
                   len < (int)sizeof(struct sockaddr_in)))
        error = WSAEFAULT;
    uint32_t ip = 0;
    uint16_t port = 0;
    if (!error && sock->dgram) {
        const wsim_dgram *d = sock->dgram;
        if (peer ? !d->connected : !d->bound)
            error = peer ? WSAENOTCONN : WSAEINVAL;
        ip = peer ? d->remote_ip : d->local_ip;
        port = peer ? d->remote_port : d->local_port;
        if (!peer && ip == 0 && d->connected)
            ip = wsim_source_address(d->host, d->remote_ip);
    } else if (!error) {
        const wsim_stream *st = sock->stream;
        if (peer ? !wsapi_stream_connected(sock) : !st->bound)
            error = peer ? WSAENOTCONN : WSAEINVAL;
        ip = peer ? st->remote_ip : st->local_ip;
        port = peer ? st->remote_port : st->local_port;
    }
    if (!error) {
        describe_address(&call, peer ? "peer" : "local", ip, port);
        error = write_sockaddr_in(name, namelen, ip, port);
    }
    return (int)wsapi_call_end(&call, error ? SOCKET_ERROR : 0, error);
}

int WSAAPI getsockname(SOCKET s, struct sockaddr *name, int *namelen)
{
    return address_call(WSIM_FN_getsockname, s, name, namelen, 0);
}

int WSAAPI getpeername(SOCKET s, struct sockaddr *name, int *namelen)
{
    return address_call(WSIM_FN_getpeername, s, name, namelen, 1);
}

/* ---- options ---------------------------------------------------------------- */

/* A level getsockopt and setsockopt know: WSAEINVAL for any other (their
 * reference pages: "the level parameter is unknown or invalid"); an option
 * a known level does not have is WSAENOPROTOOPT. */
static int level_error(int level)
{
    return level == SOL_SOCKET || level == IPPROTO_IP || level == IPPROTO_TCP ||
                   level == IPPROTO_UDP
               ? 0
               : WSAEINVAL;
}

int WSAAPI getsockopt(SOCKET s, int level, int optname, char *optval, int *optlen)
{
    wsapi_call call;
    if (wsapi_call_begin(&call, WSIM_FN_getsockopt, (int64_t)s) != 0)
        return SOCKET_ERROR;
    wsapi_call_args(&call, "level=0x%x optname=0x%x", (unsigned)level, (unsigned)optname);
    wsapi_socket *sock;
    int len = 0;
    int error = wsapi_check_socket(&call, s, &sock);
    if (!error && (!optval || !optlen || wsapi_read_program(&len, optlen, sizeof len) != 0))
        error = WSAEFAULT;
    if (!error)
        error = level_error(level);
    int value = 0;
    if (!error && sock->dgram) {
        error = wsapi_datagram_getsockopt(sock, level, optname, &value);
    } else if (!error && level == SOL_SOCKET) {
        switch (optname) {
        case SO_SNDBUF: value = (int)sock->stream->sndbuf; break;
        case SO_RCVBUF: value = (int)sock->stream->rcvbuf; break;
        case SO_SNDTIMEO: value = (int)sock->sndtimeo_ms; break;
        case SO_RCVTIMEO: value = (int)sock->rcvtimeo_ms; break;
        case SO_TYPE: value = sock->type; break;
        case SO_ACCEPTCONN: value = sock->state == WSAPI_SOCKET_LISTENING; break;
        case SO_ERROR: value = wsapi_stream_error_code(sock->stream->error); break;
        case SO_KEEPALIVE: value = sock->stream->keepalive; break;
        case SO_OOBINLINE: value = sock->stream->oobinline; break;
        case SO_DONTLINGER: value = !sock->stream->linger_onoff; break;
        case SO_LINGER: {
            struct linger lg = {sock->stream->linger_onoff, sock->stream->linger_s};
            memcpy(&value, &lg, sizeof value);   /* two u_shorts: value's 4 bytes */
            break;
        }
        default: error = WSAENOPROTOOPT; break;
        }
    } else if (!error && level == IPPROTO_TCP && optname == TCP_NODELAY) {
        value = sock->stream->nodelay;
    } else if (!error) {
        error = WSAENOPROTOOPT;
    }
    if (!error && len < (int)sizeof value)
        error = WSAEFAULT;
    if (!error) {
        len = (int)sizeof value;
        if (wsapi_write_program(optval, &value, sizeof value) != 0 ||
            wsapi_write_program(optlen, &len, sizeof len) != 0)
            error = WSAEFAULT;
    }
    return (int)wsapi_call_end(&call, error ? SOCKET_ERROR : 0, error);
}

int WSAAPI setsockopt(SOCKET s, int level, int optname, const char *optval, int optlen)
{
    wsapi_call call;
    if (wsapi_call_begin(&call, WSIM_FN_setsockopt, (int64_t)s) != 0)
        return SOCKET_ERROR;
    wsapi_socket *sock;
    int value = 0;
    int error = wsapi_check_socket(&call, s, &sock);
    if (!error && (!optval || optlen < (int)sizeof value ||
                   wsapi_read_program(&value, optval, sizeof value) != 0))
        error = WSAEFAULT;
    wsapi_call_args(&call, "level=0x%x optname=0x%x value=%d", (unsigned)level,
                    (unsigned)optname, value);
    if (!error)
        error = level_error(level);
    if (!error && sock->dgram) {
        error = wsapi_datagram_setsockopt(sock, level, optname, value);
    } else if (!error && level == SOL_SOCKET) {
        switch (optname) {
        case SO_SNDBUF:
            sock->stream->sndbuf = value < 0 ? 0 : (uint32_t)value;
            /* A larger buffer may let a waiting send in. */
            wsim_waitq_wake_all(call.sim, &sock->stream->waitq);
            wsapi_socket_stream_changed(sock->stream, sock);
            break;
        case SO_RCVBUF: sock->stream->rcvbuf = value < 0 ? 0 : (uint32_t)value; break;
        case SO_SNDTIMEO: sock->sndtimeo_ms = (uint32_t)value; break;
        case SO_RCVTIMEO: sock->rcvtimeo_ms = (uint32_t)value; break;
        case SO_KEEPALIVE: wsim_stream_set_keepalive(sock->stream, value != 0); break;
        case SO_OOBINLINE: sock->stream->oobinline = value != 0; break;
        /* SO_DONTLINGER TRUE is SO_LINGER with l_onoff 0 (its reference page). */
        case SO_DONTLINGER: sock->stream->linger_onoff = value == 0; break;
        case SO_LINGER: {
            struct linger lg;
            memcpy(&lg, &value, sizeof lg);      /* two u_shorts: value's 4 bytes */
            sock->stream->linger_onoff = lg.l_onoff != 0;
            sock->stream->linger_s = lg.l_linger;
            break;
        }
        default: error = WSAENOPROTOOPT; break;
        }
    } else if (!error && level == IPPROTO_TCP && optname == TCP_NODELAY) {
        wsim_stream_set_nodelay(sock->stream, value != 0);
    } else if (!error) {
        error = WSAENOPROTOOPT;
    }
    return (int)wsapi_call_end(&call, error ? SOCKET_ERROR : 0, error);
}
