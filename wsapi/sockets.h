/* sockets.h — what the socket calls share (sockets.c, transfer.c). */
#ifndef WSIM_WSAPI_SOCKETS_H
#define WSIM_WSAPI_SOCKETS_H

#include "wsapi/calls.h"

/* Waits until the socket's stream changes or timeout_ms passes (0: no
 * limit).  Returns 1 when the time ran out. */
int wsapi_wait_stream(wsapi_call *call, wsapi_socket *sock, uint32_t timeout_ms);
/* The handshake has completed (whatever happened since). */
int wsapi_stream_connected(const wsapi_socket *sock);
/* The stream's on_change: moves pending overlapped sends into the send
 * queue as room appears, or fails them when the connection broke. */
void wsapi_socket_stream_changed(wsim_stream *stream, void *ctx);
/* Completes every pending overlapped send with `error` (delivering it), or
 * just frees them when error is 0 (the process is gone). */
void wsapi_abort_pending_sends(wsapi_socket *sock, int error);

#endif
