/* profile.h — what the provider chooses here.
 *
 * Owns: every decision the send contract's Profiles section leaves to a
 * host's profile (host.h: windows, win9x, wince) or to the run's
 * latitude (sim/sim.h: profile, documented, fifo).  The calls ask here
 * (transfer.c, datagram.c, overlapped.c, netevents.c) and do what the
 * answer says; nothing else in wsapi/ looks at a profile or a latitude.
 * The scheduler's one choice, the wake order, is made in sim/sim.c.
 *
 * The choices, under the default latitude (the host's profile), documented
 * and fifo:
 *   how much of a stream send is taken (S14, S24, W10): the whole send while
 *     the queue is below SO_SNDBUF (KB 214397), else nothing yet | a draw
 *     from 1 to the room left | as the profile;
 *   whether a blocking send is split (S29, W27): never | at every piece a
 *     draw, with the other threads due free to run in between | never;
 *   which thread due at one instant runs first (S29, sim/sim.c): the first
 *     in | a draw | the first in;
 *   where a completion routine goes among those waiting (W26): last | a
 *     draw | last.
 *
 * The default latitude and fifo agree today: what Windows is observed to do
 * is the simplest value of every choice modelled (a whole send, no split,
 * first in first out).  The platform rows follow the host's profile under
 * every latitude: W13 (win9x: at most 16 WSABUFs), S31 (wince: the flags
 * send accepts).  win9x and wince behave as windows everywhere else: the
 * documents say nothing more about them that a program can observe.
 *
 * Draws come from sim->choice_rng (WSIM_STREAM_CHOICE, apart from the
 * scheduler's wake_rng), one stream for the whole run, in the order the
 * calls make them, so a seed always makes the same choices; each draw is a
 * CHOICE record (traces/SCHEMA.md, choices).
 */
#ifndef WSIM_WSAPI_PROFILE_H
#define WSIM_WSAPI_PROFILE_H

#include <stdint.h>

#include "wsapi/calls.h"

/* S31, S17: the flag bits send accepts on a host; any other bit fails with
 * WSAEINVAL. */
uint32_t wsapi_profile_send_flags(const wsim_host *host);

/* W13: 0, or WSAEINVAL when a WSASend or WSASendTo with `count` buffers is
 * more than the host's profile takes. */
int wsapi_profile_buffer_count_error(const wsim_host *host, uint32_t count);

/* The send-buffer rule of the windows profile (KB 214397; Wine's
 * Windows-run test_send_buffering): a send is taken whole when the bytes
 * already queued (unsent plus unacknowledged) are below SO_SNDBUF, or, with
 * SO_SNDBUF 0, when nothing is queued. */
int wsapi_profile_whole_send_fits(const wsapi_socket *sock);

/* S25: a send on sock's stream would take at least one byte now (what
 * select's writefds and FD_WRITE report), under the run's latitude. */
int wsapi_profile_send_possible(const wsapi_socket *sock);

/* How many of the `want` bytes (> 0) a send on sock's stream takes now: 0
 * when it must wait (or fail with WSAEWOULDBLOCK).  Under the documented
 * latitude, a draw between 1 and the room (S24), recorded; otherwise `want`
 * or 0 by wsapi_profile_whole_send_fits.  `whole` asks for all or nothing
 * under every latitude (urgent data: moving the mark of a MSG_OOB send
 * would change what it sends). */
uint64_t wsapi_profile_send_amount(wsapi_call *call, const wsapi_socket *sock, uint64_t want,
                                   int whole);

/* W26: queues a completion routine (an APC whose call_seq is its call's) to
 * `thread`.  Under the documented latitude it goes before a number of the
 * completion routines already waiting behind the thread's last other APC
 * (a QueueUserAPC keeps its place), drawn and recorded; otherwise last. */
void wsapi_profile_queue_routine(wsim_thread *thread, wsapi_apc *apc, int64_t socket);

#endif
