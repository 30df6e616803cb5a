/* socket.h — a Winsock socket's state, the socket floor's own struct.
 *
 * Owns: what a socket is (its kind, mode, options, connection progress,
 * WSAEventSelect record, transport, pending overlapped requests).  The
 * runtime (runtime/runtime.h) keeps sockets in the handle table as opaque
 * objects; wsapi_socket_ops is how it closes them.
 */
#ifndef WSIM_WSAPI_SOCKET_H
#define WSIM_WSAPI_SOCKET_H

#include <stdint.h>

#include "runtime/runtime.h"
#include "sim/datagram.h"
#include "sim/sim.h"
#include "sim/stream.h"

/* One gather buffer of an overlapped send, captured at the call (W06). */
typedef struct wsapi_buffer {
    uint32_t len;
    char *buf;          /* program memory, read when the transport consumes it */
} wsapi_buffer;

/* An overlapped request in flight: wsapi_request, overlapped.h. */
struct wsapi_request;

/* WSAEventSelect's record of network events (netevents.c).  An event is
 * recorded (pending and reported set) when its condition arises and it is
 * not already reported; WSAEnumNetworkEvents hands out the pending ones the
 * mask selects; the call that re-enables an event clears its reported bit.
 * Bits are FD_*_BIT positions; FD_MAX_EVENTS is 10. */
#define WSAPI_NET_EVENTS 10
typedef struct wsapi_netevents {
    uint32_t mask;              /* lNetworkEvents of the last WSAEventSelect */
    int64_t event;              /* its event handle, 0 for none */
    uint32_t pending;           /* recorded, not yet enumerated */
    uint32_t reported;          /* recorded, not re-enabled since */
    int error[WSAPI_NET_EVENTS];
} wsapi_netevents;

/* Where a socket is in its connection's life (socket_state.c):
 *
 *   OPEN ──listen()──► LISTENING
 *    │ ▲
 *    │ └─the handshake failed (connect_error set; it may try again)─┐
 *    │                                                             │
 *    ├──connect()──► CONNECTING ──the handshake settled────────────┤
 *    │                                                             ▼
 *    └──accept() makes it so: born connected───────────────────► CONNECTED
 *
 * A datagram socket stays OPEN: its default peer is its endpoint's
 * (datagram.c).  Shutdown directions, the blocking mode, the overlapped
 * attribute and a close under waiting calls are not stages of this life:
 * they are the fields beside it.
 *
 * Invariants (checked in checked builds at every change of state,
 * wsapi_socket_set_state, and by wsapi_socket_check; sim/check.h):
 *   K1  every change of state is an arrow of the machine above (or leaves
 *       the state as it is);
 *   K2  the state is one of the four;
 *   K3  a socket that is not OPEN is a stream socket. */
typedef enum wsapi_socket_state {
    WSAPI_SOCKET_OPEN = 0,
    WSAPI_SOCKET_LISTENING,
    WSAPI_SOCKET_CONNECTING,
    WSAPI_SOCKET_CONNECTED,
} wsapi_socket_state;

typedef struct wsapi_socket {
    wsapi_process *owner;
    int64_t handle;
    int type, protocol;
    int overlapped_attr;        /* created by socket() or with WSA_FLAG_OVERLAPPED */
    int nonblocking;
    uint32_t sndtimeo_ms, rcvtimeo_ms;
    int shut_send, shut_recv;
    wsapi_socket_state state;   /* its connection's life; a connect settles in netevents.c */
    int connect_error;          /* how the last connect attempt failed, 0 if it did not */
    wsapi_netevents events;
    wsim_stream *stream;        /* a stream socket's transport; NULL for a datagram socket */
    wsim_dgram *dgram;          /* a datagram socket's endpoint (wsapi/datagram.c) */
    struct wsapi_request *recv_first, *recv_last;   /* overlapped receives waiting (overlapped.h) */
    struct wsapi_request *pending_first, *pending_last;   /* overlapped sends waiting for room */
    /* S05: closed by another thread while calls wait on it.  The socket
     * lives on until the last waiting call has left (busy == 0). */
    int closed;
    int busy;
    wsim_waitq closing;
    wsim_waitq overlapped_done;  /* woken when an overlapped request completes */
} wsapi_socket;

/* WSAOVERLAPPED.Internal while a request is in flight (the NTSTATUS value
 * Windows uses).  When it completes Internal holds 0 or the Winsock error
 * code, and InternalHigh the bytes transferred. */
#define WSAPI_STATUS_PENDING 0x103

/* Moves sock to `to` (K1, then K2 and K3 checked). */
void wsapi_socket_set_state(wsapi_socket *sock, wsapi_socket_state to);
/* K2 and K3 on sock; a no-op in unchecked builds. */
void wsapi_socket_check(const wsapi_socket *sock);

/* Sockets of an ending process are closed as closesocket would. */
void wsapi_socket_destroy(wsapi_socket *sock, int error_for_pending);

/* What the runtime does to a socket through its handle (sockets.c). */
extern const wsapi_object_ops wsapi_socket_ops;

#endif
