/* echo_protocol.h — what the example's client and server agree on. */
#ifndef ECHO_PROTOCOL_H
#define ECHO_PROTOCOL_H

#include <winsock2.h>

#define ECHO_PORT "27015"
#define ECHO_PORT_NUMBER 27015

/* Sends all len bytes of data; 0, or the WSAGetLastError() code. */
int echo_send_all(SOCKET s, const char *data, int len);

#endif
