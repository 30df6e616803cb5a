/* recv.h — what the receive calls of stream sockets offer the rest of wsapi
 * (recv.c); their receive operation is core.h's wsapi_stream_receive. */
#ifndef WSIM_WSAPI_RECV_H
#define WSIM_WSAPI_RECV_H

#include <winsock2.h>

#include "wsapi/calls.h"

/* Completes, in call order, the pending overlapped receives of a stream
 * socket that its transport now lets complete. */
void wsapi_stream_receives_progress(wsapi_socket *sock);

#endif
