/* echo_protocol.c — sending a whole buffer, shared by client and server. */
#include "echo_protocol.h"

int echo_send_all(SOCKET s, const char *data, int len)
{
    while (len > 0) {
        int sent = send(s, data, len, 0);
        if (sent == SOCKET_ERROR)
            return WSAGetLastError();
        data += sent;
        len -= sent;
    }
    return 0;
}
