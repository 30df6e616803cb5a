/* netevents.h — a socket's readiness, and WSAEventSelect's network events
 * (netevents.c).
 *
 * select, WSAPoll and WSAEventSelect ask one question of a socket,
 * wsapi_readiness, and the socket calls and the transport tell this module
 * when its answer may have changed.
 */
#ifndef WSIM_WSAPI_NETEVENTS_H
#define WSIM_WSAPI_NETEVENTS_H

#include "wsapi/calls.h"

/* What a socket is ready for now (bits of wsapi_readiness). */
enum {
    WSAPI_READY_READ = 1 << 0,       /* a receive or accept would not block: bytes, a
                                        connection to accept, the peer's FIN, a broken
                                        connection (select's readfds) */
    WSAPI_READY_DATA = 1 << 1,       /* bytes or a datagram to read, a connection to
                                        accept (POLLRDNORM, FD_READ, FD_ACCEPT) */
    WSAPI_READY_OOB = 1 << 2,        /* urgent data waits, SO_OOBINLINE off */
    WSAPI_READY_WRITE = 1 << 3,      /* a send would be taken now */
    WSAPI_READY_HUP = 1 << 4,        /* the peer's FIN came, or the connection broke */
    WSAPI_READY_ERROR = 1 << 5,      /* the connection broke, or connecting failed */
    WSAPI_READY_CONNECT_FAILED = 1 << 6,   /* the last connect attempt failed */
};
unsigned wsapi_readiness(const wsapi_socket *sock);

/* The transport of sock changed (a stream's on_change, through
 * wsapi_socket_stream_changed; a datagram endpoint's): completes overlapped
 * receives that can complete, settles a connect in progress, records
 * network events, and wakes select and WSAPoll. */
void wsapi_netevents_changed(wsapi_socket *sock);

/* A call re-enables recording of FD_*_BIT `bit` (WSAEventSelect reference
 * page: recv family for FD_READ and FD_OOB, accept for FD_ACCEPT); the event
 * is recorded again at once if its condition still holds. */
void wsapi_netevents_reenable(wsapi_socket *sock, int bit);
/* A send failed with WSAEWOULDBLOCK: FD_WRITE is recorded again when a
 * send can be taken (S25). */
void wsapi_netevents_would_block(wsapi_socket *sock);
/* connect() started an attempt: its outcome will be recorded as FD_CONNECT. */
void wsapi_netevents_connect_started(wsapi_socket *sock);
/* A connect attempt has ended, in connect() or in the transport. */
void wsapi_netevents_connect_settled(wsapi_socket *sock);
/* A call changed what sock is ready for (a datagram socket got a local
 * address, by bind or by its first send): records what holds now. */
void wsapi_netevents_record(wsapi_socket *sock);
/* A datagram socket got a default peer: FD_CONNECT, and what holds now. */
void wsapi_netevents_datagram_connected(wsapi_socket *sock);
/* accept() made child from listener: the child has its listener's
 * WSAEventSelect (Wine's Windows-run test_accept_events), FD_WRITE is
 * recorded for it, and FD_ACCEPT is re-enabled on the listener. */
void wsapi_netevents_accepted(wsapi_socket *listener, wsapi_socket *child);
/* Wakes select and WSAPoll in sock's process (a socket closed, or its
 * readiness changed outside the transport). */
void wsapi_netevents_wake(wsapi_socket *sock);

#endif
