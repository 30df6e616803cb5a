/* wsapi_break.c — the socket invariants (wsapi/socket.h) and the
 * overlapped-request invariants (wsapi/overlapped.h) broken on purpose, for
 * test_invariants.c: a file of its own because the Windows headers wsapi/
 * uses and <unistd.h> declare gethostname apart. */
#include "wsapi/overlapped.h"

void overlapped_list_whole(void);
void socket_state_arrow(void);
void socket_state_in_range(void);

/* K1: a listening socket made to connect. */
void socket_state_arrow(void)
{
    wsapi_socket sock = {0};
    wsapi_socket_check(&sock);   /* a new socket keeps every invariant */
    sock.state = WSAPI_SOCKET_LISTENING;
    wsapi_socket_set_state(&sock, WSAPI_SOCKET_CONNECTING);
}

/* K2: a state that is none of the machine's. */
void socket_state_in_range(void)
{
    wsapi_socket sock = {0};
    sock.state = (wsapi_socket_state)42;
    wsapi_socket_check(&sock);
}

/* O1: a socket's send list that is empty while its last pointer names a
 * request. */
void overlapped_list_whole(void)
{
    wsim_observer none = {0};
    wsim_sim *sim = wsim_sim_new(1, 1000000000, none);
    wsim_tcp_config tcp;
    wsim_tcp_config_default(&tcp);
    wsim_process process = {.sim = sim, .host = wsim_host_add(sim, "a", 0x0A000001u, &tcp, 0, 0)};
    wsapi_process owner = {.process = &process};
    wsapi_socket sock = {.owner = &owner};
    wsapi_overlapped_lists_check(&sock);   /* no request: every invariant holds */
    wsapi_request stray = {0};
    sock.pending_last = &stray;            /* corrupt: the empty list has a last */
    wsapi_overlapped_lists_check(&sock);
}
