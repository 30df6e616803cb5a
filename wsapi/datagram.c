/* datagram.c — datagram (UDP) sockets: the datagram send and receive
 * operations (send, sendto, WSASend, WSASendTo; recv, recvfrom, WSARecv,
 * WSARecvFrom), and bind/connect/options when the socket is a datagram
 * socket (sockets.c hands those over; every send and receive
 * comes through its core, core.c, to wsapi_datagram_send and
 * wsapi_datagram_receive).
 *
 * Every send goes through transmit() and every receive through take(); the
 * entry points differ only in how they name buffers and addresses.
 * recvfrom and WSARecvFrom on a stream socket are recv and WSARecv, the
 * address ignored (recvfrom's reference page), and go to recv.c; sendto and
 * WSASendTo on a stream socket are not modelled yet: the send core fails
 * them with WSAEOPNOTSUPP.
 *
 * Checks, after "not initialised" and "not a socket" (calls.h):
 *   send family:  buffers and addresses (WSAEFAULT, WSAEAFNOSUPPORT), the
 *     count pointer (W16) and the OVERLAPPED (WSAEFAULT, WSAEINVAL), flags
 *     (MSG_PARTIAL and MSG_OOB: WSAEOPNOTSUPP, W14 and S12; any other bit
 *     but MSG_DONTROUTE: WSAEINVAL, S17), then state: WSAESHUTDOWN (S13), no
 *     destination (send/WSASend: WSAENOTCONN, S10 and W07; sendto/WSASendTo
 *     with no address: WSAEDESTADDRREQ), more than SO_MAX_MSG_SIZE bytes
 *     (WSAEMSGSIZE, S15 and W12: nothing is transmitted), the address
 *     (WSAEADDRNOTAVAIL for 0.0.0.0 or port 0), a broadcast address without
 *     SO_BROADCAST (WSAEACCES, S04), no route (WSAEHOSTUNREACH, S16).
 *   receive family:  buffers, addresses and lpFlags, each wholly writable
 *     (WSAEFAULT), the count, OVERLAPPED and routine (overlapped.h), flags
 *     (MSG_OOB and MSG_WAITALL: WSAEOPNOTSUPP, recv's documentation for
 *     sockets that are not stream-style; any other bit but MSG_PEEK:
 *     WSAEINVAL), then state: never bound (WSAEINVAL, recvfrom's
 *     documentation), WSAESHUTDOWN.
 *
 * The windows profile: a send is handed to the network at once and never
 * waits (an overlapped one completes at once, W01, its completion still
 * delivered).  An ICMP error about an earlier datagram does not fail a send:
 * it fails the next receive on the socket (recv, recvfrom, WSARecv or
 * WSARecvFrom, blocking or not, or a pending overlapped one), once per ICMP
 * message — port unreachable with WSAECONNRESET (S19), TTL expired in
 * transit with WSAENETRESET (W04).  Microsoft KB 263823 describes recvfrom
 * failing so after a sendto drew a port unreachable; OpenJDK's JDK-4431020
 * observes it from recv only, never from send, once per ICMP message; the
 * recvfrom reference page lists WSAENETRESET for "the time to live has
 * expired", and wsim reports that ICMP message the same way.  A
 * datagram larger than the receive buffers fills them, the rest is lost,
 * and the call fails with WSAEMSGSIZE (recvfrom's documentation).
 */
#include <stdlib.h>
#include <string.h>

#include <winsock2.h>
#include <ws2tcpip.h>

#include "sim/datagram.h"
#include "wsapi/core.h"
#include "wsapi/datagram.h"
#include "wsapi/netevents.h"
#include "wsapi/overlapped.h"
#include "wsapi/profile.h"
#include "wsapi/sockets.h"

static int error_code(wsim_dgram_error error)
{
    switch (error) {
    case WSIM_DE_NONE: return 0;
    case WSIM_DE_PORT_UNREACHABLE: return WSAECONNRESET;
    case WSIM_DE_TTL_EXPIRED: return WSAENETRESET;
    case WSIM_DE_MSGSIZE: return WSAEMSGSIZE;
    case WSIM_DE_ACCESS: return WSAEACCES;
    case WSIM_DE_UNREACHABLE: return WSAEHOSTUNREACH;
    case WSIM_DE_ADDRINUSE: return WSAEADDRINUSE;
    case WSIM_DE_ADDRNOTAVAIL: return WSAEADDRNOTAVAIL;
    case WSIM_DE_NOMEM: return WSAENOBUFS;
    }
    return WSAEFAULT;
}

/* ---- addresses --------------------------------------------------------- */

typedef struct address {
    int given;          /* the call named one */
    uint32_t ip;        /* host byte order */
    uint16_t port;
} address;

/* Reads an optional destination: 0, or WSAEFAULT / WSAEAFNOSUPPORT. */
static int read_address(const struct sockaddr *name, int namelen, address *out)
{
    memset(out, 0, sizeof *out);
    if (!name)
        return 0;
    struct sockaddr_in sin;
    if (namelen < (int)sizeof sin || wsapi_read_program(&sin, name, sizeof sin) != 0)
        return WSAEFAULT;
    if (sin.sin_family != AF_INET)
        return WSAEAFNOSUPPORT;
    out->given = 1;
    out->ip = wsapi_net32(sin.sin_addr.s_addr);
    out->port = wsapi_net16(sin.sin_port);
    return 0;
}

/* The from/fromlen pair of a receive: both NULL, or from with a fromlen
 * that holds at least a sockaddr_in (recvfrom's WSAEFAULT). */
static int check_from(struct sockaddr *from, int *fromlen)
{
    int len;
    if (!from)
        return 0;
    if (!fromlen || wsapi_read_program(&len, fromlen, sizeof len) != 0 ||
        wsapi_program_writable(fromlen, sizeof len) != 0 || len < (int)sizeof(struct sockaddr_in) ||
        wsapi_program_writable(from, sizeof(struct sockaddr_in)) != 0)
        return WSAEFAULT;
    return 0;
}

static int write_from(struct sockaddr *from, int *fromlen, uint32_t ip, uint16_t port)
{
    if (!from)
        return 0;
    struct sockaddr_in sin;
    memset(&sin, 0, sizeof sin);
    sin.sin_family = AF_INET;
    sin.sin_port = wsapi_net16(port);
    sin.sin_addr.s_addr = wsapi_net32(ip);
    int len = (int)sizeof sin;
    if (wsapi_write_program(from, &sin, sizeof sin) != 0 ||
        wsapi_write_program(fromlen, &len, sizeof len) != 0)
        return WSAEFAULT;
    return 0;
}

static int format_address(char *out, size_t size, const char *what, uint32_t ip, uint16_t port)
{
    return snprintf(out, size, " %s=%u.%u.%u.%u:%u", what, ip >> 24, (ip >> 16) & 255,
                    (ip >> 8) & 255, ip & 255, port);
}

/* Appends " what=a.b.c.d:port" to the call's arguments. */
static void describe(wsapi_call *call, const char *what, uint32_t ip, uint16_t port)
{
    if (!wsim_sim_wants_text(call->sim, WSIM_REC_CALL))
        return;
    size_t used = strlen(call->args);
    if (used < sizeof call->args)
        format_address(call->args + used, sizeof call->args - used, what, ip, port);
}

/* ---- sending ------------------------------------------------------------ */

static int send_flags_error(DWORD flags)
{
    if (flags & (MSG_PARTIAL | MSG_OOB))
        return WSAEOPNOTSUPP;        /* W14, S12: no partial messages, no urgent data */
    if (flags & ~(DWORD)MSG_DONTROUTE)
        return WSAEINVAL;            /* S17 */
    return 0;
}

/* The state checks of every send, then the destination: the one named,
 * else the default peer, else `no_peer`. */
static int datagram_send_state_error(const wsapi_socket *sock, address *to, int no_peer)
{
    if (sock->shut_send)
        return WSAESHUTDOWN;         /* S13 */
    if (!to->given) {
        if (!sock->dgram->connected)
            return no_peer;          /* S10, W07 */
        to->ip = sock->dgram->remote_ip;
        to->port = sock->dgram->remote_port;
    }
    return 0;
}

/* Sends the gathered buffers as one datagram: 0 or the code.  Nothing is
 * transmitted when a check fails (S15, W12). */
static int transmit(wsapi_socket *sock, const wsapi_buffer *bufs, uint32_t count, uint64_t total,
                    const address *to)
{
    int error = error_code(wsim_dgram_check_send(sock->dgram, to->ip, to->port, total));
    if (error)
        return error;
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
    error = error_code(wsim_dgram_send(sock->dgram, to->ip, to->port, bytes, total));
    free(bytes);
    if (!error)
        wsapi_netevents_record(sock);   /* FD_WRITE once a first send has bound it */
    return error;
}

/* The destination a send names: none for send and WSASend (the socket's
 * peer then, else `*no_peer` WSAENOTCONN), the one read for sendto and
 * WSASendTo (none: WSAEDESTADDRREQ).  0, or the address's own error. */
static int send_destination(const wsapi_transfer_args *args, address *to, int *no_peer)
{
    memset(to, 0, sizeof *to);
    *no_peer = args->addressed ? WSAEDESTADDRREQ : WSAENOTCONN;
    return args->addressed ? read_address(args->addr, args->addrlen, to) : 0;
}

/* send() and sendto(): one buffer, no OVERLAPPED. */
static int datagram_send_one(wsapi_call *call, wsapi_socket *sock, const wsapi_transfer_args *args)
{
    address to;
    int no_peer;
    int error = wsapi_buffer_error(args->buf, args->len, WSAPI_BUFFERS_READ);   /* S07 */
    if (!error)
        error = send_destination(args, &to, &no_peer);
    if (error)
        return (int)wsapi_call_end(call, SOCKET_ERROR, error);
    if (to.given)
        describe(call, "to", to.ip, to.port);
    error = send_flags_error(args->flags);
    if (!error)
        error = datagram_send_state_error(sock, &to, no_peer);
    if (!error) {
        wsapi_buffer whole = {.len = (uint32_t)args->len, .buf = (char *)args->buf};
        error = transmit(sock, &whole, 1, (uint64_t)args->len, &to);
    }
    return (int)wsapi_call_end(call, error ? SOCKET_ERROR : args->len, error);
}

/* WSASend and WSASendTo.  The buffers are consumed before the call returns
 * (W06 has nothing to watch), and nothing pends, but an OVERLAPPED still in
 * flight elsewhere is refused (W19). */
static int datagram_send_gather(wsapi_call *call, wsapi_socket *sock,
                                const wsapi_transfer_args *args)
{
    address to;
    int no_peer;
    int address_error = send_destination(args, &to, &no_peer);
    wsapi_buffer *bufs;
    uint64_t total, reused = 0;
    int error = wsapi_capture_buffers(args->buffers, args->buffer_count, WSAPI_BUFFERS_READ,
                                      &bufs, &total);
    if (!error)   /* W13 */
        error = wsapi_profile_buffer_count_error(call->thread->process->host,
                                                 args->buffer_count);
    wsapi_transfer_gather_args(call, args, total, args->flags);
    if (to.given)
        describe(call, "to", to.ip, to.port);
    if (!error)
        error = address_error;
    if (!error)                                      /* W16, W04, W08, W19 */
        error = wsapi_overlapped_check(call, sock, args->bytes, args->overlapped,
                                       (const void *)args->routine, &reused);
    if (!error)
        error = send_flags_error(args->flags);
    if (!error)
        error = datagram_send_state_error(sock, &to, no_peer);
    if (!error)
        error = transmit(sock, bufs, args->buffer_count, total, &to);
    if (error)
        return wsapi_transfer_refused(call, bufs, error, reused);
    free(bufs);
    /* W01: done at once; the count is set and an overlapped call's
     * completion is still delivered. */
    DWORD sent = (DWORD)total;
    if (args->bytes && wsapi_write_program(args->bytes, &sent, sizeof sent) != 0)
        return (int)wsapi_call_end(call, SOCKET_ERROR, WSAEFAULT);
    wsapi_call_end(call, 0, 0);
    if (args->overlapped)
        wsapi_overlapped_complete(sock, call->thread, call->seq, call->fn, args->overlapped,
                                  (void *)args->routine, 0, total);
    return 0;
}

/* The datagram protocol's send operation (core.h). */
int wsapi_datagram_send(wsapi_call *call, wsapi_socket *sock, const wsapi_transfer_args *args)
{
    return args->gather ? datagram_send_gather(call, sock, args)
                        : datagram_send_one(call, sock, args);
}

/* ---- receiving ----------------------------------------------------------- */

static int recv_flags_error(DWORD flags)
{
    if (flags & (MSG_OOB | MSG_WAITALL))
        return WSAEOPNOTSUPP;        /* S12; recv: MSG_WAITALL is for stream-style sockets */
    if (flags & ~(DWORD)MSG_PEEK)
        return WSAEINVAL;
    return 0;
}

static int recv_state_error(const wsapi_socket *sock)
{
    if (!sock->dgram->bound)
        return WSAEINVAL;            /* recvfrom: the socket has not been bound */
    if (sock->shut_recv)
        return WSAESHUTDOWN;
    return 0;
}

/* What one receive gives back. */
typedef struct received {
    uint32_t bytes;                  /* copied into the buffers */
    uint32_t src_ip;
    uint16_t src_port;
    int datagram;                    /* a datagram was taken (not an error entry) */
} received;

/* Takes the oldest entry of the queue into the buffers (MSG_PEEK leaves a
 * datagram queued).  0; WSAEMSGSIZE when the datagram did not fit (the
 * buffers hold its beginning, the rest is lost); an error entry's code; or
 * WSAEFAULT, the datagram then left queued. */
static int take(wsapi_socket *sock, const wsapi_buffer *bufs, uint32_t count, int peek,
                struct sockaddr *from, int *fromlen, received *out)
{
    const wsim_dgram_entry *e = wsim_dgram_peek(sock->dgram);
    memset(out, 0, sizeof *out);
    if (e->error) {
        int error = error_code(e->error);
        wsim_dgram_pop(sock->dgram);   /* reported once, even to MSG_PEEK */
        return error;
    }
    uint32_t at = 0;
    for (uint32_t i = 0; i < count && at < e->len; i++) {
        uint32_t n = e->len - at < bufs[i].len ? e->len - at : bufs[i].len;
        if (wsapi_write_program(bufs[i].buf, e->data + at, n) != 0)
            return WSAEFAULT;
        at += n;
    }
    if (write_from(from, fromlen, e->src_ip, e->src_port) != 0)
        return WSAEFAULT;
    out->bytes = at;
    out->src_ip = e->src_ip;
    out->src_port = e->src_port;
    out->datagram = 1;
    int truncated = at < e->len;
    if (!peek)
        wsim_dgram_pop(sock->dgram);
    return truncated ? WSAEMSGSIZE : 0;
}

/* Waits, as a blocking socket does, until an entry is queued: 0,
 * WSAEWOULDBLOCK (non-blocking), or WSAETIMEDOUT (SO_RCVTIMEO, W11). */
static int wait_for_entry(wsapi_call *call, wsapi_socket *sock)
{
    int64_t deadline = wsapi_deadline_after_ms(call->sim, sock->rcvtimeo_ms);
    while (!wsim_dgram_peek(sock->dgram)) {
        if (sock->nonblocking)
            return WSAEWOULDBLOCK;
        /* S30: an APC may run meanwhile; S05: a close ends the wait. */
        int waited_for = wsapi_socket_wait(call, sock, &sock->dgram->waitq, deadline);
        if (waited_for != WSAPI_SOCKET_WOKEN)
            return waited_for == WSAPI_SOCKET_CLOSED ? WSAEINTR : WSAETIMEDOUT;
    }
    return 0;
}

/* recv() and recvfrom(): one buffer, no OVERLAPPED. */
static int recv_one(wsapi_call *call, wsapi_socket *sock, char *buf, int len, int flags,
                    struct sockaddr *from, int *fromlen)
{
    int error = wsapi_buffer_error(buf, len, WSAPI_BUFFERS_WRITE);
    if (!error)
        error = check_from(from, fromlen);
    if (!error)
        error = recv_flags_error((DWORD)flags);
    if (!error)
        error = recv_state_error(sock);
    if (error)
        return (int)wsapi_call_end(call, SOCKET_ERROR, error);
    error = wait_for_entry(call, sock);
    if (error == WSAEINTR)
        return (int)wsapi_call_end(call, SOCKET_ERROR, error);   /* the socket is gone (S05) */
    received got = {0};
    if (!error) {
        wsapi_buffer whole = {.len = (uint32_t)len, .buf = buf};
        error = take(sock, &whole, 1, flags & MSG_PEEK, from, fromlen, &got);
    }
    wsapi_netevents_reenable(sock, FD_READ_BIT);
    if (got.datagram)
        describe(call, "from", got.src_ip, got.src_port);
    return (int)wsapi_call_end(call, error ? SOCKET_ERROR : (long long)got.bytes, error);
}

void wsapi_datagram_receives_progress(wsapi_socket *sock)
{
    while (sock->recv_first && wsim_dgram_peek(sock->dgram)) {
        wsapi_request *req = wsapi_request_take(sock, &sock->recv_first, &sock->recv_last);
        received got;
        int error = take(sock, req->buffers, req->buffer_count, req->flags_in & MSG_PEEK,
                         req->from, req->fromlen, &got);
        DWORD none = 0;
        if (req->flags_out)
            wsapi_write_program(req->flags_out, &none, sizeof none);
        wsapi_overlapped_complete(sock, req->thread, req->call_seq, req->fn,
                                  req->overlapped, req->routine, error, got.bytes);
        wsapi_request_free(req);
    }
}

/* The endpoint's on_change: something arrived. */
static void datagram_changed(wsim_dgram *d, void *ctx)
{
    (void)d;
    wsapi_netevents_changed(ctx);
}

/* WSARecv (no address) and WSARecvFrom on a datagram socket. */
static int datagram_receive_gather(wsapi_call *call, wsapi_socket *sock,
                                   const wsapi_transfer_args *args)
{
    wsapi_gathered g;
    int error = wsapi_receive_gather_checks(call, sock, args,
                                            check_from(args->addr, args->addrlen_io), &g);
    if (!error)
        error = recv_flags_error(g.flags);
    if (!error)
        error = recv_state_error(sock);
    if (!error && args->overlapped && (sock->recv_first || !wsim_dgram_peek(sock->dgram)))
        error = wsapi_overlapped_limit(sock);                   /* W04 */
    if (error)
        return wsapi_transfer_refused(call, g.bufs, error, g.in_flight);

    if (args->overlapped && (sock->recv_first || !wsim_dgram_peek(sock->dgram))) {
        /* W02: pending until a datagram arrives. */
        wsapi_request shape = {
            .overlapped = args->overlapped, .routine = (void *)args->routine,
            .buffers = g.bufs, .buffer_count = args->buffer_count, .flags_in = g.flags,
            .flags_out = args->flags_io, .from = args->addr, .fromlen = args->addrlen_io,
        };
        return wsapi_recv_pend(call, sock, &shape, FD_READ_BIT);
    }

    if (!args->overlapped && !wsim_dgram_peek(sock->dgram)) {
        /* W10: the blocking rules of recvfrom.  Nothing wsim allocated is
         * held across the wait (a host crash may end the thread in it): the
         * WSABUF array, its thread's own, is captured again afterwards. */
        free(g.bufs);
        g.bufs = NULL;
        error = wait_for_entry(call, sock);
        if (error == WSAEINTR)
            return (int)wsapi_call_end(call, SOCKET_ERROR, error);   /* the socket is gone */
        if (!error)
            error = wsapi_capture_buffers(args->buffers, args->buffer_count,
                                          WSAPI_BUFFERS_WRITE, &g.bufs, &g.total);
    }
    received got = {0};
    if (!error)
        error = take(sock, g.bufs, args->buffer_count, g.flags & MSG_PEEK, args->addr,
                     args->addrlen_io, &got);
    free(g.bufs);
    wsapi_netevents_reenable(sock, FD_READ_BIT);
    if (got.datagram)
        describe(call, "from", got.src_ip, got.src_port);
    DWORD count = got.bytes, out_flags = 0;
    if (!error && ((args->bytes &&
                    wsapi_write_program(args->bytes, &count, sizeof count) != 0) ||
                   wsapi_write_program(args->flags_io, &out_flags, sizeof out_flags) != 0))
        error = WSAEFAULT;
    if (error)
        return (int)wsapi_call_end(call, SOCKET_ERROR, error);   /* W03 */
    wsapi_call_end(call, 0, 0);
    if (args->overlapped)   /* W01: completed at once, still delivered */
        wsapi_overlapped_complete(sock, call->thread, call->seq, call->fn, args->overlapped,
                                  (void *)args->routine, 0, got.bytes);
    return 0;
}

/* The datagram protocol's receive operation (core.h): recv and WSARecv
 * (no address), recvfrom and WSARecvFrom. */
int wsapi_datagram_receive(wsapi_call *call, wsapi_socket *sock, const wsapi_transfer_args *args)
{
    if (args->gather)
        return datagram_receive_gather(call, sock, args);
    return recv_one(call, sock, args->buf, args->len, (int)args->flags, args->addr,
                    args->addrlen_io);
}

/* ---- the socket's life and options --------------------------------------- */

int wsapi_datagram_open(wsapi_socket *sock, wsim_host *host)
{
    sock->dgram = wsim_dgram_new(host);
    if (!sock->dgram)
        return WSAENOBUFS;
    sock->dgram->on_change = datagram_changed;
    sock->dgram->on_change_ctx = sock;
    return 0;
}

void wsapi_datagram_close(wsapi_socket *sock)
{
    wsim_dgram_close(sock->dgram);
    sock->dgram = NULL;
}

int wsapi_datagram_bind(wsapi_socket *sock, uint32_t ip, uint16_t port)
{
    if (sock->dgram->bound)
        return WSAEINVAL;
    return error_code(wsim_dgram_bind(sock->dgram, ip, port));
}

int wsapi_datagram_connect(wsapi_socket *sock, uint32_t ip, uint16_t port)
{
    /* connect's documentation: a datagram socket only records its default
     * peer (WSAEACCES for a broadcast address without SO_BROADCAST); an
     * all-zero address dissolves it. */
    return error_code(wsim_dgram_connect(sock->dgram, ip, port));
}

uint32_t wsapi_datagram_readable(const wsapi_socket *sock)
{
    return (uint32_t)sock->dgram->queued_bytes;
}

int wsapi_datagram_getsockopt(wsapi_socket *sock, int level, int optname, int *value)
{
    const wsim_dgram *d = sock->dgram;
    if (level == IPPROTO_IP && optname == IP_TTL) {
        *value = d->ttl;
        return 0;
    }
    if (level != SOL_SOCKET)
        return WSAENOPROTOOPT;
    switch (optname) {
    case SO_SNDBUF: *value = (int)d->sndbuf; return 0;
    case SO_RCVBUF: *value = (int)d->rcvbuf; return 0;
    case SO_SNDTIMEO: *value = (int)sock->sndtimeo_ms; return 0;
    case SO_RCVTIMEO: *value = (int)sock->rcvtimeo_ms; return 0;
    case SO_TYPE: *value = sock->type; return 0;
    case SO_ACCEPTCONN: *value = 0; return 0;
    case SO_ERROR: *value = 0; return 0;   /* ICMP errors are reported by the next receive */
    case SO_BROADCAST: *value = d->broadcast; return 0;
    case SO_MAX_MSG_SIZE: *value = (int)WSIM_UDP_MAX_PAYLOAD; return 0;
    default: return WSAENOPROTOOPT;
    }
}

int wsapi_datagram_setsockopt(wsapi_socket *sock, int level, int optname, int value)
{
    wsim_dgram *d = sock->dgram;
    if (level == IPPROTO_IP && optname == IP_TTL) {
        if (value < 1 || value > 255)
            return WSAEINVAL;   /* an IPv4 TTL is one byte, and 0 would never leave */
        d->ttl = (uint8_t)value;
        return 0;
    }
    if (level != SOL_SOCKET)
        return WSAENOPROTOOPT;
    switch (optname) {
    case SO_SNDBUF: d->sndbuf = value < 0 ? 0 : (uint32_t)value; return 0;
    case SO_RCVBUF: d->rcvbuf = value < 0 ? 0 : (uint32_t)value; return 0;
    case SO_SNDTIMEO: sock->sndtimeo_ms = (uint32_t)value; return 0;
    case SO_RCVTIMEO: sock->rcvtimeo_ms = (uint32_t)value; return 0;
    case SO_BROADCAST: d->broadcast = value != 0; return 0;
    default: return WSAENOPROTOOPT;
    }
}
