/* socket_state.c — a socket's connection state and its invariants
 * (socket.h: the machine drawn, K1–K3).
 *
 * Every change of wsapi_socket.state goes through wsapi_socket_set_state,
 * which checks it in checked builds (sim/check.h).
 */
#include "wsapi/socket.h"

#include "sim/check.h"

#if defined(WSIM_CHECKED) && WSIM_CHECKED
/* K1: the arrows of the machine drawn in socket.h. */
static int arrow(wsapi_socket_state from, wsapi_socket_state to)
{
    if (from == to)
        return 1;
    switch (from) {
    case WSAPI_SOCKET_OPEN:
        return to == WSAPI_SOCKET_LISTENING || to == WSAPI_SOCKET_CONNECTING ||
               to == WSAPI_SOCKET_CONNECTED;   /* accept(): born connected */
    case WSAPI_SOCKET_CONNECTING:
        return to == WSAPI_SOCKET_CONNECTED || to == WSAPI_SOCKET_OPEN;
    default:
        return 0;   /* LISTENING and CONNECTED are for the rest of its life */
    }
}
#endif

void wsapi_socket_check(const wsapi_socket *sock)
{
    WSIM_ASSERT(sock->state >= WSAPI_SOCKET_OPEN && sock->state <= WSAPI_SOCKET_CONNECTED, "K2",
                "a socket's state is one of its machine's");
    WSIM_ASSERT(sock->state == WSAPI_SOCKET_OPEN || sock->stream != NULL, "K3",
                "only a stream socket listens or connects");
    (void)sock;
}

void wsapi_socket_set_state(wsapi_socket *sock, wsapi_socket_state to)
{
    WSIM_ASSERT(arrow(sock->state, to), "K1",
                "a change of a socket's state is an arrow of its machine");
    sock->state = to;
    wsapi_socket_check(sock);
}
