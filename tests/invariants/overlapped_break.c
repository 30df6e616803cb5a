/* overlapped_break.c — the overlapped-request invariants (wsapi/overlapped.h)
 * broken on purpose, for test_invariants.c: a file of its own because the
 * Windows headers wsapi/ uses and <unistd.h> declare gethostname apart. */
#include "wsapi/overlapped.h"

void overlapped_list_whole(void);

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
    wsapi_send_request stray = {0};
    sock.pending_last = &stray;            /* corrupt: the empty list has a last */
    wsapi_overlapped_lists_check(&sock);
}
