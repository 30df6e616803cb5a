/* core.h — the one send core, the one receive core, and the operations
 * each protocol provides them.
 *
 * Owns: the request every send and receive entry point fills
 * (wsapi_transfer_args) and the operations table of a socket's protocol
 * (wsapi_transfer_ops).  send, sendto, WSASend, WSASendTo and recv,
 * recvfrom, WSARecv, WSARecvFrom (core.c) each fill one wsapi_transfer_args
 * and call their core, which begins the call, makes the checks every
 * transfer shares, once, in the order wsapi/calls.h writes down (steps 1 to
 * 4: initialised, network, socket, blocking call in progress), refuses a
 * destination the protocol cannot take, and hands the call to the
 * protocol's operation: the stream ones (transfer.c sends, recv.c
 * receives) or the datagram ones (datagram.c), which make step 5 (the
 * call's own checks) and the transfer, and finish the call.
 *
 * A new entry point (WSASendMsg, WSARecvMsg, TransmitFile) is a new way of
 * filling the request, not a new copy of the precedence.
 */
#ifndef WSIM_WSAPI_CORE_H
#define WSIM_WSAPI_CORE_H

#include <stdint.h>

#include <winsock2.h>

#include "wsapi/calls.h"

/* One send or receive call's arguments, as its entry point received them. */
typedef struct wsapi_transfer_args {
    wsim_fn fn;                 /* which entry point: its CALL record's name */
    SOCKET s;
    int gather;                 /* a WSABUF array (the WSA calls), else buf and len */
    char *buf;                  /* send, sendto (only read); recv, recvfrom */
    int len;
    LPWSABUF buffers;           /* the WSA calls */
    DWORD buffer_count;
    LPDWORD bytes;              /* lpNumberOfBytesSent / lpNumberOfBytesRecvd, or NULL */
    DWORD flags;                /* send's flags; recv's and recvfrom's */
    LPDWORD flags_io;           /* WSARecv's and WSARecvFrom's lpFlags */
    int addressed;              /* the call names an address (sendto, recvfrom …) */
    struct sockaddr *addr;      /* sendto's destination (only read); recvfrom's source */
    int addrlen;                /* sendto's tolen */
    int *addrlen_io;            /* recvfrom's fromlen */
    LPWSAOVERLAPPED overlapped;
    LPWSAOVERLAPPED_COMPLETION_ROUTINE routine;
} wsapi_transfer_args;

/* One transfer once the shared checks have passed: the rest of the
 * precedence (wsapi/calls.h step 5), the transfer, and the call's end.
 * Returns what the entry point returns. */
typedef int wsapi_transfer_op(wsapi_call *call, wsapi_socket *sock,
                              const wsapi_transfer_args *args);

/* What a protocol does with sends and receives. */
typedef struct wsapi_transfer_ops {
    int sends_to_address;       /* else sendto/WSASendTo: WSAEOPNOTSUPP (not modelled) */
    wsapi_transfer_op *send;
    wsapi_transfer_op *receive;
} wsapi_transfer_ops;

/* The stream protocol's operations (transfer.c, recv.c); sendto's and
 * recvfrom's address is ignored by a stream receive (recvfrom's page). */
wsapi_transfer_op wsapi_stream_send, wsapi_stream_receive;
/* The datagram protocol's (datagram.c). */
wsapi_transfer_op wsapi_datagram_send, wsapi_datagram_receive;

/* The cores: every send's and every receive's one body (core.c). */
int wsapi_send_core(const wsapi_transfer_args *args);
int wsapi_receive_core(const wsapi_transfer_args *args);

/* The argument text a WSA call records: its buffers, the bytes they hold
 * in all, and its flags (a receive's as read from lpFlags). */
void wsapi_transfer_gather_args(wsapi_call *call, const wsapi_transfer_args *args,
                                uint64_t total, DWORD flags);

/* What a WSA receive's first checks leave: its buffers, captured (the
 * caller's to free), the bytes they hold, the flags lpFlags held, and the
 * call whose OVERLAPPED this still is (W19), or 0. */
typedef struct wsapi_gathered {
    wsapi_buffer *bufs;
    uint64_t total;
    DWORD flags;
    uint64_t in_flight;
} wsapi_gathered;

/* The pointer checks of a WSA receive (step 5a, then 5b's OVERLAPPED
 * checks): its buffers, each wholly writable, and lpFlags, readable and
 * writable; the call's argument text; then `address_error` (the
 * protocol's check of lpFrom, 0 if it has none); then the count pointer,
 * the OVERLAPPED and the routine (W16, W04, W08, W19).  0 or the error. */
int wsapi_receive_gather_checks(wsapi_call *call, wsapi_socket *sock,
                                const wsapi_transfer_args *args, int address_error,
                                wsapi_gathered *g);

/* A WSA call refused by its own checks: bufs freed, the call ended with
 * `error` and no completion (W03), then, for an OVERLAPPED still in flight
 * (in_flight: its call), the W19 violation.  Returns SOCKET_ERROR. */
int wsapi_transfer_refused(wsapi_call *call, wsapi_buffer *bufs, int error, uint64_t in_flight);

#endif
