/* sockets.h — what the socket calls share (sockets.c, transfer.c). */
#ifndef WSIM_WSAPI_SOCKETS_H
#define WSIM_WSAPI_SOCKETS_H

#include "wsapi/calls.h"

/* The deadline of a wait bounded by SO_SNDTIMEO/SO_RCVTIMEO, fixed when
 * the call starts (0 ms: no limit, -1). */
int64_t wsapi_deadline_after_ms(wsim_sim *sim, uint32_t timeout_ms);
/* How a wait on a socket ended. */
enum { WSAPI_SOCKET_WOKEN, WSAPI_SOCKET_TIMEOUT, WSAPI_SOCKET_CLOSED };
/* Waits (alertably) until q is woken, the deadline (-1: none) passes, or
 * another thread closes the socket.  After WSAPI_SOCKET_CLOSED the socket may
 * be gone: the caller must not touch it again, and fails with WSAEINTR
 * (S05: "a blocking call was cancelled"; the CE page's wording for a
 * socket closed under a blocked call).  WSACancelBlockingCall, called by an
 * APC that ran in the wait, ends it the same way (S05, calls.h). */
int wsapi_socket_wait(wsapi_call *call, wsapi_socket *sock, wsim_waitq *q, int64_t deadline_ns);
/* The same, on the socket's stream. */
int wsapi_wait_stream(wsapi_call *call, wsapi_socket *sock, int64_t deadline_ns);
/* The handshake has completed (whatever happened since). */
int wsapi_stream_connected(const wsapi_socket *sock);
/* S08: keep-alive found the peer gone while a call waited, so that call
 * fails with WSAENETRESET where later calls get WSAETIMEDOUT (S20): the
 * code for `error` met by a call that waited.  An established stream ends
 * with WSIM_SE_TIMEDOUT only that way (sim/stream.h). */
int wsapi_error_in_progress(const wsapi_socket *sock, int error);
/* The stream's on_change: moves pending overlapped sends into the send
 * queue as room appears, or fails them when the connection broke. */
void wsapi_socket_stream_changed(wsim_stream *stream, void *ctx);
/* Completes every pending overlapped send with `error` (delivering it), or
 * just frees them when error is 0 (the process is gone). */
void wsapi_abort_pending_sends(wsapi_socket *sock, int error);
/* Completes with `error` the pending overlapped sends on sock that `thread`
 * started (W17: the thread exits, or calls CancelIo); the others stay
 * queued in their order. */
void wsapi_abort_thread_sends(wsapi_socket *sock, wsim_thread *thread, int error);

#endif
