/* datagram.h — what the socket calls hand to datagram sockets (datagram.c).
 *
 * A datagram socket (SOCK_DGRAM, IPPROTO_UDP) is a wsapi_socket whose
 * `dgram` is set and whose `stream` is NULL.  socket(), bind(), connect(),
 * closesocket() and the options (sockets.c) check the initialisation and
 * the handle as for any socket, then hand a datagram socket to the
 * functions below.  Every send and receive reaches a datagram socket
 * through its core (core.h): wsapi_datagram_send, wsapi_datagram_receive.
 *
 * The functions taking a wsapi_call finish it: they record it and return
 * what the Winsock call returns.
 */
#ifndef WSIM_WSAPI_DATAGRAM_H
#define WSIM_WSAPI_DATAGRAM_H

#include <stdint.h>

#include <winsock2.h>

#include "wsapi/calls.h"

/* Gives sock a new UDP endpoint on host: 0, or WSAENOBUFS. */
int wsapi_datagram_open(wsapi_socket *sock, wsim_host *host);
/* Frees the endpoint (the socket's pending receives are the socket's to
 * end first, overlapped.h). */
void wsapi_datagram_close(wsapi_socket *sock);

/* bind() and connect() after their argument checks: 0 or the code. */
int wsapi_datagram_bind(wsapi_socket *sock, uint32_t ip, uint16_t port);
int wsapi_datagram_connect(wsapi_socket *sock, uint32_t ip, uint16_t port);

/* getsockopt()/setsockopt() of an int-sized option: 0 or the code. */
int wsapi_datagram_getsockopt(wsapi_socket *sock, int level, int optname, int *value);
int wsapi_datagram_setsockopt(wsapi_socket *sock, int level, int optname, int value);

/* FIONREAD: every datagram byte queued (ioctlsocket's documentation: for a
 * message-oriented socket, the pending data in the network buffer). */
uint32_t wsapi_datagram_readable(const wsapi_socket *sock);

/* Completes, oldest first, the pending overlapped receives that the
 * datagrams (or ICMP errors) now queued satisfy. */
void wsapi_datagram_receives_progress(wsapi_socket *sock);

#endif
