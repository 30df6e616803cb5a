/* overlapped.h — what the overlapped calls share (overlapped.c): the checks
 * of an OVERLAPPED, the completion of a request, the pending receives, and
 * the per-socket limit on requests in flight.
 *
 * Used by the send and receive calls (transfer.c, recv.c, datagram.c) and
 * WSAIoctl (ioctl.c).  A stream's overlapped WSASend keeps its requests on
 * the socket's send list (transfer.c), the receives theirs on the receive
 * list; both are of the one request type, wsapi_request, and count against
 * the same limit.
 *
 * The life of an overlapped request (WSASend, WSASendTo, WSARecv,
 * WSARecvFrom with an OVERLAPPED), and the function behind each arrow:
 *
 *   call ──checks fail (W04, W16, W19, the limit)──► refused: nothing kept
 *    │
 *    ├──done at once (room, data)─────────────────────────────┐
 *    │   wsapi_overlapped_complete                            │
 *    ▼                                                        ▼
 *   PENDING: on its socket's list, in call order;        COMPLETED: Internal
 *   Internal = STATUS_PENDING (mark_pending);            and InternalHigh
 *   the call returns WSA_IO_PENDING ──bytes taken / data──► written; the event
 *    │   (consume_request, transfer.c; datagram.c,        set or the routine
 *    │   recv.c: wsapi_request_pop)                  queued as an APC
 *    │                                                        ▲
 *    └──CancelIo, its thread ends, the socket closes──────────┘
 *        (abort_*: WSA_OPERATION_ABORTED)
 *
 * A completed request is freed; its OVERLAPPED may then be used again (W19).
 *
 * Invariants (checked in checked builds whenever a list changes,
 * wsapi_overlapped_lists_check; sim/check.h):
 *   O1  each list's last pointer is its last request, and a list is empty
 *       at both ends or at neither;
 *   O2  with a host limit (max_overlapped), no more requests are pending on
 *       a socket than the limit;
 *   O3  a pending request's thread is a thread of the socket's process;
 *   O4  a request is on the list of its kind (sends on pending_first,
 *       receives on recv_first).
 */
#ifndef WSIM_WSAPI_OVERLAPPED_H
#define WSIM_WSAPI_OVERLAPPED_H

#include <stdint.h>

#include <winsock2.h>

#include "wsapi/calls.h"

/* What an overlapped request is for.  Accepts and connects, when they
 * become overlapped (AcceptEx, ConnectEx), are two more kinds with their
 * own part of the union below. */
typedef enum wsapi_request_kind { WSAPI_REQUEST_SEND, WSAPI_REQUEST_RECEIVE } wsapi_request_kind;

/* One overlapped request in flight, of any kind, on its socket's list for
 * its kind (pending_first: sends waiting for room in the send queue;
 * recv_first: receives waiting for data), in call order.  The buffers,
 * flags and address are the program's: a receive writes them when it
 * completes, as Windows does (they must stay valid until then). */
typedef struct wsapi_request {
    struct wsapi_request *next;
    wsapi_request_kind kind;
    uint64_t call_seq;
    wsim_fn fn;                 /* the call that started it, for the completion record */
    void *overlapped;           /* the program's WSAOVERLAPPED */
    void *routine;              /* LPWSAOVERLAPPED_COMPLETION_ROUTINE or NULL */
    wsim_thread *thread;
    wsapi_buffer *buffers;      /* the WSABUF array, captured at the call (W06) */
    uint32_t buffer_count;
    union {
        struct {                /* a send's */
            uint64_t total;
            int urgent;         /* MSG_OOB: the last byte is urgent data */
            uint64_t checksum;  /* W06: of the bytes the buffers held at the call */
        };
        struct {                /* a receive's */
            uint32_t flags_in;  /* MSG_PEEK, MSG_WAITALL, MSG_OOB as the call gave them */
            DWORD *flags_out;   /* the program's lpFlags, set to 0 on completion */
            uint64_t done;      /* bytes already placed (a stream's MSG_WAITALL) */
            struct sockaddr *from;   /* a datagram's source address, or NULL */
            int *fromlen;
        };
    };
} wsapi_request;

/* Appends req to a socket's list (first, last) for its kind, and takes the
 * oldest off one (NULL when it is empty); O1-O4 checked after. */
void wsapi_request_append(wsapi_socket *sock, wsapi_request **first, wsapi_request **last,
                          wsapi_request *req);
wsapi_request *wsapi_request_take(wsapi_socket *sock, wsapi_request **first,
                                  wsapi_request **last);

/* The checks of the count, OVERLAPPED and routine the WSA transfer calls
 * share, in this order: count NULL without an OVERLAPPED (W16:
 * WSAEFAULT); the count or the OVERLAPPED (both written) or the routine
 * (read) not wholly in valid memory (W04: WSAEFAULT); an OVERLAPPED on a
 * socket made without WSA_FLAG_OVERLAPPED (W04, W08: WSAEINVAL); an
 * OVERLAPPED still in flight (W19: WSAEINVAL, with *reused the sequence
 * number of the call that has it, for wsapi_overlapped_reuse_violation
 * after the CALL record; 0 otherwise).  0 or the code. */
int wsapi_overlapped_check(const wsapi_call *call, const wsapi_socket *sock, void *count,
                           LPWSAOVERLAPPED ov, const void *routine, uint64_t *reused);

/* W04: WSAEWOULDBLOCK when another pending request would exceed the
 * host's max_overlapped for this socket; 0 otherwise. */
int wsapi_overlapped_limit(const wsapi_socket *sock);

/* W02: marks the program's OVERLAPPED as in flight. */
void wsapi_overlapped_mark_pending(LPWSAOVERLAPPED ov);

/* Writes the result into the program's WSAOVERLAPPED (Internal: 0 or the
 * Winsock code, InternalHigh: the bytes) and delivers it: the completion
 * routine is queued to the thread as an APC, run at its next alertable
 * wait (W22, W24), otherwise hEvent is signalled (W20).  Records the
 * COMPLETION and wakes WSAGetOverlappedResult's waiters. */
void wsapi_overlapped_complete(wsapi_socket *sock, wsim_thread *thread, uint64_t call_seq,
                               wsim_fn fn, void *overlapped, void *routine,
                               int error, uint64_t bytes);

/* How a call uses the buffers it names. */
enum { WSAPI_BUFFERS_READ, WSAPI_BUFFERS_WRITE };
/* O1-O4 on sock's two request lists; a no-op in unchecked builds. */
void wsapi_overlapped_lists_check(const wsapi_socket *sock);

/* The one check of a data buffer's pointer (S07): WSAEFAULT when len is
 * negative or the len bytes at buf are not wholly readable (a send's) or
 * writable (a receive's) program memory; 0 otherwise, and always for an
 * empty buffer.  Nothing is read or changed. */
int wsapi_buffer_error(const void *buf, int64_t len, int access);
/* Captures a WSABUF array (W06): NULL or an empty array is WSAEFAULT, more
 * than 1024 buffers WSAENOBUFS (as WSASend), and each buffer with bytes
 * must be wholly readable (a send's) or writable (a receive's) program
 * memory.  0 with *out (to free) and *total set, or the code. */
int wsapi_capture_buffers(const WSABUF *array, DWORD count, int access, wsapi_buffer **out,
                          uint64_t *total);

/* W02: a receive that cannot complete now is queued — a copy of `shape`
 * (which names the OVERLAPPED, routine, buffers, flags and source address;
 * the request takes its buffers) —, `event_bit` re-enabled, and the call
 * ends with WSA_IO_PENDING, the count left untouched.  Returns
 * SOCKET_ERROR. */
int wsapi_recv_pend(wsapi_call *call, wsapi_socket *sock, const wsapi_request *shape,
                    int event_bit);
/* Frees a request and the buffers it captured. */
void wsapi_request_free(wsapi_request *req);
/* Completes with `error` (or just frees, for 0: the process is gone) the
 * pending receives `thread` started, or every one for NULL (W17: the
 * socket is closed, the thread exits, CancelIo); the others keep their
 * order. */
void wsapi_abort_receives(wsapi_socket *sock, const wsim_thread *thread, int error);

#endif
