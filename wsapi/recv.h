/* recv.h — what the receive calls of stream sockets offer the rest of wsapi
 * (recv.c). */
#ifndef WSIM_WSAPI_RECV_H
#define WSIM_WSAPI_RECV_H

#include <winsock2.h>

#include "wsapi/calls.h"

/* recv() on a stream socket, after the checks every socket shares; also
 * recvfrom() on one, which Windows treats as recv, ignoring the address.
 * Finishes the call. */
int wsapi_stream_recv(wsapi_call *call, wsapi_socket *sock, char *buf, int len, int flags);
/* WSARecv() on a stream socket; also WSARecvFrom() on one.  Finishes the
 * call. */
int wsapi_stream_wsarecv(wsapi_call *call, wsapi_socket *sock, LPWSABUF lpBuffers,
                         DWORD dwBufferCount, LPDWORD lpNumberOfBytesRecvd, LPDWORD lpFlags,
                         LPWSAOVERLAPPED lpOverlapped,
                         LPWSAOVERLAPPED_COMPLETION_ROUTINE lpCompletionRoutine);
/* Completes, in call order, the pending overlapped receives of a stream
 * socket that its transport now lets complete. */
void wsapi_stream_receives_progress(wsapi_socket *sock);

#endif
