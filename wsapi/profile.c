/* profile.c — what the provider chooses here (see profile.h). */
#include "wsapi/profile.h"

#include <stdio.h>

#include <winsock2.h>

#include "sim/net.h"
#include "wsapi/host.h"

/* The WSABUF limit of Windows 95/98/Me: the WSASend reference page,
 * "Windows Me/98/95: The WSASend function does not support more than 16
 * buffers". */
#define WIN9X_MAX_BUFFERS 16

static int documented(const wsim_sim *sim)
{
    return sim->latitude == WSIM_LATITUDE_DOCUMENTED;
}

/* A CHOICE record about `thread`. */
static void record_choice(wsim_sim *sim, wsim_thread *thread, int64_t socket, const char *what,
                          uint64_t value, uint64_t low, uint64_t high, const char *detail)
{
    wsim_record rec;
    wsim_record_init(sim, &rec, WSIM_REC_CHOICE);
    rec.host = thread->process->host->id;
    rec.process = thread->process->id;
    rec.thread = thread->id;
    rec.socket = socket;
    rec.name = what;
    rec.text = detail;
    rec.choice.value = (int64_t)value;
    rec.choice.lowest = (int64_t)low;
    rec.choice.highest = (int64_t)high;
    wsim_sim_emit(sim, &rec);
}

uint32_t wsapi_profile_send_flags(const wsim_host *host)
{
    /* S31: the CE page's send takes MSG_DONTROUTE and MSG_OOB (its error
     * table covers MSG_OOB) and fails with WSAEINVAL on any other bit; the
     * desktop page lists the same two flags and the same WSAEINVAL for "an
     * unknown flag" (S17), so the profiles agree. */
    (void)host;
    return MSG_DONTROUTE | MSG_OOB;
}

int wsapi_profile_buffer_count_error(const wsim_host *host, uint32_t count)
{
    /* W13: the page gives no code; WSAEINVAL is the contract's choice. */
    if (wsapi_host_of(host)->profile == WSAPI_PROFILE_WIN9X && count > WIN9X_MAX_BUFFERS)
        return WSAEINVAL;
    return 0;
}

int wsapi_profile_whole_send_fits(const wsapi_socket *sock)
{
    size_t queued = wsim_stream_queued(sock->stream);
    uint32_t sndbuf = sock->stream->sndbuf;
    return queued < sndbuf || (sndbuf == 0 && queued == 0);
}

/* The buffer space of S24 ("depending on buffer availability on both client
 * and server machines"): what SO_SNDBUF leaves beside the bytes already
 * queued (unsent plus unacknowledged: the peer's receive window decides how
 * fast they leave).  With SO_SNDBUF 0 the application's buffer is the send
 * buffer, and the room is what the peer's receive window admits beyond the
 * bytes in flight. */
static uint64_t send_room(const wsapi_socket *sock)
{
    const wsim_stream *s = sock->stream;
    uint64_t queued = wsim_stream_queued(s);
    uint64_t limit = s->sndbuf ? s->sndbuf : s->snd_wnd;
    return limit > queued ? limit - queued : 0;
}

int wsapi_profile_send_possible(const wsapi_socket *sock)
{
    if (documented(sock->owner->process->sim))
        return send_room(sock) > 0;
    return wsapi_profile_whole_send_fits(sock);
}

uint64_t wsapi_profile_send_amount(wsapi_call *call, const wsapi_socket *sock, uint64_t want,
                                   int whole)
{
    if (whole || !documented(call->sim))
        return wsapi_profile_whole_send_fits(sock) ? want : 0;
    uint64_t room = send_room(sock);
    uint64_t most = want < room ? want : room;
    if (most <= 1)
        return most;
    /* Half the draws take the most there is room for (what a program sees
     * most of the time), the other half a short count below it, uniformly:
     * a uniform draw alone would almost never take a large send whole. */
    wsim_rng *rng = &call->sim->choice_rng;
    uint64_t n = wsim_rng_below(rng, 2) ? most : wsim_rng_range(rng, 1, most - 1);
    char detail[160];
    snprintf(detail, sizeof detail, "%s takes %llu of the %llu bytes it has left (room for %llu)",
             call->function, (unsigned long long)n, (unsigned long long)want,
             (unsigned long long)room);
    record_choice(call->sim, call->thread, sock->handle, "send-amount", n, 1, most, detail);
    return n;
}

void wsapi_profile_queue_routine(wsim_thread *thread, wsapi_apc *apc, int64_t socket)
{
    wsim_sim *sim = thread->sim;
    wsapi_thread_state *ts = wsapi_thread_state_of(thread);
    /* The routines waiting after the last APC that is not a completion
     * routine (a QueueUserAPC's has no call). */
    wsapi_apc **start = ts ? &ts->apc_first : NULL;
    uint64_t waiting = 0;
    for (wsapi_apc *a = ts ? ts->apc_first : NULL; a; a = a->next) {
        waiting = a->call_seq ? waiting + 1 : 0;
        if (!a->call_seq)
            start = &a->next;
    }
    if (!documented(sim) || waiting == 0) {
        wsapi_queue_apc(thread, apc);
        return;
    }
    uint64_t before = wsim_rng_below(&sim->choice_rng, waiting + 1);
    wsapi_apc **link = start;
    for (uint64_t i = 0; i < waiting - before; i++)
        link = &(*link)->next;
    apc->next = *link;
    *link = apc;
    if (!apc->next)
        ts->apc_last = apc;
    wsim_waitq_wake_all(sim, &ts->alert);
    char detail[160];
    snprintf(detail, sizeof detail,
             "the completion routine of call %llu goes before %llu of the %llu routines waiting",
             (unsigned long long)apc->call_seq, (unsigned long long)before,
             (unsigned long long)waiting);
    record_choice(sim, thread, socket, "routine-order", before, 0, waiting, detail);
}
