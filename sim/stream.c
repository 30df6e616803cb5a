/* stream.c — TCP: handshake, data, ACKs, windows, loss recovery, close.
 *
 * Sequence space:  iss | data bytes ... | FIN
 *   sndq holds the data bytes from sndq_seq on.  snd_una ≤ snd_nxt bound
 *   what has been sent and not acknowledged; snd_nxt never moves back.  The
 *   scoreboard (s->sb) holds every segment in [snd_una, snd_nxt) with the
 *   boundaries it was first sent with, and what the sender knows of it
 *   (SACKed, deemed lost, retransmitted).  Retransmissions resend scoreboard
 *   segments; new data is cut from sndq at snd_nxt.
 *
 * Sending (output):
 *   1. the first segment deemed lost and not yet retransmitted (RFC 6675
 *      NextSeg rule 1), when cwnd - pipe has room for it;
 *   2. else new data, as the peer's window and cwnd - pipe allow, in
 *      segments of mss bytes, a shorter one only as RFC 1122 4.2.3.4 allows
 *      (the whole queue fits and Nagle does not hold it, or half the largest
 *      window fits, or the persist timer overrides);
 *   3. else, while recovering, an unSACKed segment below the highest SACK not
 *      yet retransmitted (NextSeg rule 3), when no new data may go.
 *   pipe = bytes in flight (RFC 6675 SetPipe) = sent - SACKed - lost +
 *   retransmitted, and without SACK, minus what duplicate ACKs reported.
 *
 * Loss recovery: three duplicate ACKs (or, with SACK, a segment that
 *   RFC 6675 IsLost deems lost) enter RECOVERY: ssthresh = max(pipe/2, 2 MSS)
 *   and Proportional Rate Reduction (RFC 6937) sets cwnd on every ACK until
 *   snd_una passes `recover`.  Without SACK the head segment, and after each
 *   partial ACK the new head, is deemed lost (NewReno, RFC 6582).  A
 *   retransmission timeout enters LOSS: every unSACKed segment is deemed
 *   lost, cwnd = 1 MSS, and slow start resends them.  Congestion control
 *   (slow start, congestion avoidance: RFC 5681 (2) and (3), one increment
 *   per ACK, as ns-3's TcpNewReno does) can be switched off: then only the
 *   peer's window limits the sender.
 *
 * Receiving: in-order bytes go to rcvq (after the delivery checker, stream.h);
 *   bytes beyond a hole wait in the out-of-order queue (s->ooo) and are
 *   reported in SACK blocks until the hole fills.  ACKs are delayed (every
 *   delayed_ack_segments-th segment or the delayed-ACK timer) unless
 *   something must be said at once: data out of order or filling a hole,
 *   a FIN, a probe, a segment trimmed to the window.
 *
 * State machine (RFC 793) and the functions behind each transition:
 *   CLOSED -> SYN_SENT              wsim_stream_connect
 *   LISTEN -> (child) SYN_RCVD      listener_input
 *   SYN_SENT -> ESTABLISHED         syn_sent_input
 *   SYN_RCVD -> ESTABLISHED         connection_input
 *   ESTABLISHED -> FIN_WAIT_1       wsim_stream_shutdown_send
 *   ESTABLISHED -> CLOSE_WAIT       fin_received
 *   FIN_WAIT_1 -> FIN_WAIT_2        fin_acked
 *   FIN_WAIT_1 -> CLOSING           fin_received
 *   FIN_WAIT_2 -> TIME_WAIT         fin_received
 *   CLOSING -> TIME_WAIT            fin_acked
 *   CLOSE_WAIT -> LAST_ACK          wsim_stream_shutdown_send
 *   LAST_ACK -> CLOSED              fin_acked
 *   TIME_WAIT -> CLOSED             reap_time_wait (2 MSL later, lazily), or
 *                                   wsim_stream_input (a new SYN for its 4-tuple)
 *   any -> CLOSED                   enter_closed (RST, abort, timeouts)
 * and, from RFC 793's diagram, the arrows a stream may take that the list
 * above does not name: CLOSED -> LISTEN (wsim_stream_listen), SYN_SENT ->
 * SYN_RCVD (simultaneous open), SYN_RCVD -> FIN_WAIT_1 (close before the
 * handshake ends), FIN_WAIT_1 -> TIME_WAIT (FIN and ACK of our FIN at once).
 *
 * Invariants (checked in checked builds at every change of state, set_state;
 * sim/check.h):
 *   T1  every change of state is an arrow of the machine above (or leaves
 *       the state as it is);
 *   T2  snd_una <= snd_nxt: nothing is acknowledged that was not sent;
 *   T3  the state is one of the eleven of RFC 793.
 *
 * Timers: retransmission (rto_fire), delayed ACK (delack_fire), persist
 * (persist_fire: zero-window probes and the silly-window override) and
 * keep-alive (keepalive_fire); TIME_WAIT has none (stream.h).
 */
#include "sim/stream.h"

#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sim/check.h"
#include "sim/defaults.h"

#define CONTAINER_OF(ptr, type, member) ((type *)((char *)(ptr) - offsetof(type, member)))

/* Modular comparisons of 32-bit sequence numbers (RFC 1982). */
#define SEQ_LT(a, b) ((int32_t)((uint32_t)(a) - (uint32_t)(b)) < 0)
#define SEQ_LEQ(a, b) ((int32_t)((uint32_t)(a) - (uint32_t)(b)) <= 0)
#define SEQ_GT(a, b) SEQ_LT(b, a)
#define SEQ_GEQ(a, b) SEQ_LEQ(b, a)

/* ---- the state machine's invariants (T1-T3, above) ------------------------ */

/* T1: whether `from -> to` is an arrow of the machine (or no change). */
static int arrow(wsim_tcp_state from, wsim_tcp_state to)
{
    if (from == to || to == WSIM_TCP_CLOSED)
        return 1;   /* any -> CLOSED: enter_closed, close, reaping */
    switch (from) {
    case WSIM_TCP_CLOSED:
        return to == WSIM_TCP_SYN_SENT || to == WSIM_TCP_LISTEN || to == WSIM_TCP_SYN_RCVD;
    case WSIM_TCP_SYN_SENT: return to == WSIM_TCP_ESTABLISHED || to == WSIM_TCP_SYN_RCVD;
    case WSIM_TCP_SYN_RCVD: return to == WSIM_TCP_ESTABLISHED || to == WSIM_TCP_FIN_WAIT_1;
    case WSIM_TCP_ESTABLISHED: return to == WSIM_TCP_FIN_WAIT_1 || to == WSIM_TCP_CLOSE_WAIT;
    case WSIM_TCP_FIN_WAIT_1:
        return to == WSIM_TCP_FIN_WAIT_2 || to == WSIM_TCP_CLOSING || to == WSIM_TCP_TIME_WAIT;
    case WSIM_TCP_FIN_WAIT_2: return to == WSIM_TCP_TIME_WAIT;
    case WSIM_TCP_CLOSE_WAIT: return to == WSIM_TCP_LAST_ACK;
    case WSIM_TCP_CLOSING: return to == WSIM_TCP_TIME_WAIT;
    case WSIM_TCP_LISTEN:
    case WSIM_TCP_LAST_ACK:
    case WSIM_TCP_TIME_WAIT: return 0;
    }
    return 0;
}

void wsim_stream_check(const wsim_stream *s)
{
    WSIM_ASSERT(s->state >= WSIM_TCP_CLOSED && s->state <= WSIM_TCP_TIME_WAIT, "T3",
                "the state is one of RFC 793's");
    WSIM_ASSERT(SEQ_LEQ(s->snd_una, s->snd_nxt), "T2", "snd_una <= snd_nxt");
}

/* Every change of state goes through here (T1), and is checked after. */
static void set_state(wsim_stream *s, wsim_tcp_state to)
{
    WSIM_ASSERT(arrow(s->state, to), "T1", "a change of state is an arrow of the TCP machine");
    s->state = to;
    wsim_stream_check(s);
}

static uint32_t min_u32(uint32_t a, uint32_t b) { return a < b ? a : b; }
static uint32_t max_u32(uint32_t a, uint32_t b) { return a > b ? a : b; }

/* cwnd never grows past this: far beyond any window a run can use, and far
 * from overflowing 32 bits. */
#define CWND_LIMIT (1u << 30)

static void rto_fire(wsim_timer *timer);
static void delack_fire(wsim_timer *timer);
static void persist_fire(wsim_timer *timer);
static void keepalive_fire(wsim_timer *timer);
static void output(wsim_stream *s);
static void output_forced(wsim_stream *s, int force);

void wsim_tcp_config_default(wsim_tcp_config *cfg)
{
    *cfg = (wsim_tcp_config){
        .mss = WSIM_DEFAULT_MSS,
        .loopback_mss = WSIM_DEFAULT_LOOPBACK_MTU - WSIM_DEFAULT_HEADER_BYTES,
        .header_bytes = WSIM_DEFAULT_HEADER_BYTES,
        .sndbuf = WSIM_DEFAULT_SNDBUF,
        .rcvbuf = WSIM_DEFAULT_RCVBUF,
        .delayed_ack = 1,
        .delayed_ack_ns = WSIM_DEFAULT_DELAYED_ACK_NS,
        .delayed_ack_segments = WSIM_DEFAULT_DELAYED_ACK_SEGMENTS,
        .congestion_control = 1,
        .initial_cwnd = WSIM_DEFAULT_INITIAL_CWND,
        .min_rto_ns = WSIM_DEFAULT_MIN_RTO_NS,
        .sack = WSIM_DEFAULT_SACK,
        .timestamps = WSIM_DEFAULT_TIMESTAMPS,
        .nagle = WSIM_DEFAULT_NAGLE,
        .dupack_threshold = WSIM_DEFAULT_DUPACK_THRESHOLD,
        .max_data_retransmissions = WSIM_DEFAULT_MAX_DATA_RETRANSMISSIONS,
        .max_syn_retransmissions = WSIM_DEFAULT_MAX_SYN_RETRANSMISSIONS,
        .keepalive_time_ns = WSIM_DEFAULT_KEEPALIVE_TIME_NS,
        .keepalive_interval_ns = WSIM_DEFAULT_KEEPALIVE_INTERVAL_NS,
        .keepalive_probes = WSIM_DEFAULT_KEEPALIVE_PROBES,
        .time_wait_ns = WSIM_DEFAULT_TIME_WAIT_NS,
    };
}

/* Settings where 0 has no meaning read as their default, so a config built
 * field by field before a field existed still behaves (net.h). */
static uint32_t cfg_count(uint32_t value, uint32_t def) { return value ? value : def; }
static int64_t cfg_time(int64_t value, int64_t def) { return value > 0 ? value : def; }

static uint32_t dupack_threshold(const wsim_stream *s)
{
    return cfg_count(s->host->tcp.dupack_threshold, WSIM_DEFAULT_DUPACK_THRESHOLD);
}

static int cc_on(const wsim_stream *s) { return s->host->tcp.congestion_control; }

/* ---- life ---------------------------------------------------------------- */

wsim_stream *wsim_stream_new(wsim_host *host)
{
    wsim_stream *s = calloc(1, sizeof *s);
    if (!s)
        return NULL;
    s->host = host;
    s->state = WSIM_TCP_CLOSED;
    s->sndbuf = host->tcp.sndbuf;
    s->rcvbuf = host->tcp.rcvbuf;
    s->nodelay = !host->tcp.nagle;
    s->rto_ns = WSIM_INITIAL_RTO_NS;
    wsim_waitq_init(&s->waitq);
    wsim_bytebuf_init(&s->sndq);
    wsim_bytebuf_init(&s->rcvq);
    wsim_timer_init(&s->rto_timer, rto_fire);
    wsim_timer_init(&s->delack_timer, delack_fire);
    wsim_timer_init(&s->persist_timer, persist_fire);
    wsim_timer_init(&s->keepalive_timer, keepalive_fire);
    s->next = host->streams;
    if (host->streams)
        host->streams->prev = s;
    host->streams = s;
    return s;
}

static void cancel_timers(wsim_stream *s)
{
    wsim_queue *q = &s->host->sim->queue;
    wsim_queue_cancel(q, &s->rto_timer);
    wsim_queue_cancel(q, &s->delack_timer);
    wsim_queue_cancel(q, &s->persist_timer);
    wsim_queue_cancel(q, &s->keepalive_timer);
}

static void ooo_clear(wsim_stream *s)
{
    for (uint32_t i = 0; i < s->ooo_count; i++)
        free(s->ooo[i].data);
    s->ooo_count = 0;
    s->ooo_bytes = 0;
    s->sack_recent_count = 0;
    s->ooo_fin = 0;
}

static void stream_free(wsim_stream *s)
{
    wsim_host *host = s->host;
    cancel_timers(s);
    if (s->prev)
        s->prev->next = s->next;
    else
        host->streams = s->next;
    if (s->next)
        s->next->prev = s->prev;
    wsim_bytebuf_free(&s->sndq);
    wsim_bytebuf_free(&s->rcvq);
    ooo_clear(s);
    free(s->ooo);
    free(s->sb);
    free(s);
}

void wsim_stream_free_all(wsim_host *host)
{
    while (host->streams)
        stream_free(host->streams);
}

/* Something a caller may wait for changed. */
static void changed(wsim_stream *s)
{
    wsim_waitq_wake_all(s->host->sim, &s->waitq);
    if (s->on_change)
        s->on_change(s, s->on_change_ctx);
}

/* A detached stream whose connection is over frees itself.  Called last in
 * every path that may end a connection. */
static void maybe_free(wsim_stream *s)
{
    if (s->detached && s->state == WSIM_TCP_CLOSED)
        stream_free(s);
}

/* TIME_WAIT needs no timer (stream.h): a stream whose 2 MSL have passed is
 * closed (and freed when detached) the next time the host looks. */
static void reap_time_wait(wsim_host *host)
{
    int64_t now = host->sim->now_ns;
    wsim_stream *s = host->streams;
    while (s) {
        wsim_stream *next = s->next;
        if (s->state == WSIM_TCP_TIME_WAIT && now >= s->time_wait_until_ns) {
            set_state(s, WSIM_TCP_CLOSED);
            maybe_free(s);
        }
        s = next;
    }
}

static uint32_t mss_towards(const wsim_host *host, uint32_t ip)
{
    return (ip == host->address || wsim_is_loopback_address(ip)) ? host->tcp.loopback_mss
                                                                 : host->tcp.mss;
}

/* ---- addresses ----------------------------------------------------------- */

/* A connection in TIME_WAIT keeps its port; streams a listener made share
 * the listener's port and never keep anyone from binding it. */
static int port_taken(const wsim_host *host, uint32_t ip, uint16_t port, int bound_only)
{
    for (const wsim_stream *o = host->streams; o; o = o->next) {
        if (!o->bound || o->local_port != port || o->state == WSIM_TCP_CLOSED)
            continue;
        if (bound_only && o->passive)
            continue;
        if (o->local_ip == ip || o->local_ip == 0 || ip == 0)
            return 1;
    }
    return 0;
}

static uint16_t ephemeral_port(wsim_host *host, uint32_t ip)
{
    uint32_t span = WSIM_EPHEMERAL_PORT_HIGH - WSIM_EPHEMERAL_PORT_LOW + 1;
    uint32_t first = (uint32_t)wsim_rng_below(&host->port_rng, span);
    for (uint32_t i = 0; i < span; i++) {
        uint16_t port = (uint16_t)(WSIM_EPHEMERAL_PORT_LOW + (first + i) % span);
        if (!port_taken(host, ip, port, 0))
            return port;
    }
    return 0;
}

wsim_stream_error wsim_stream_bind(wsim_stream *s, uint32_t ip, uint16_t port)
{
    wsim_host *host = s->host;
    if (ip != 0 && ip != host->address && !wsim_is_loopback_address(ip))
        return WSIM_SE_ADDRNOTAVAIL;
    reap_time_wait(host);
    if (port == 0) {
        port = ephemeral_port(host, ip);
        if (port == 0)
            return WSIM_SE_ADDRINUSE;
    } else if (port_taken(host, ip, port, 1)) {
        return WSIM_SE_ADDRINUSE;
    }
    s->local_ip = ip;
    s->local_port = port;
    s->bound = 1;
    return WSIM_SE_NONE;
}

wsim_stream_error wsim_stream_listen(wsim_stream *s, int backlog)
{
    set_state(s, WSIM_TCP_LISTEN);
    s->backlog = backlog < 1 ? 1 : backlog;
    return WSIM_SE_NONE;
}

/* ---- the scoreboard ------------------------------------------------------- */

static wsim_tcp_seg *sb_at(const wsim_stream *s, uint32_t i)
{
    return &s->sb[(s->sb_head + i) & (s->sb_cap - 1)];
}

/* Appends a segment just sent; returns -1 when memory cannot be had (the
 * segment is then not sent). */
static int sb_push(wsim_stream *s, uint32_t seq, uint32_t len, int fin)
{
    if (s->sb_count == s->sb_cap) {
        uint32_t cap = s->sb_cap ? s->sb_cap * 2 : 64;
        wsim_tcp_seg *grown = malloc(cap * sizeof *grown);
        if (!grown)
            return -1;
        for (uint32_t i = 0; i < s->sb_count; i++)
            grown[i] = *sb_at(s, i);
        free(s->sb);
        s->sb = grown;
        s->sb_cap = cap;
        s->sb_head = 0;
    }
    *sb_at(s, s->sb_count++) = (wsim_tcp_seg){.seq = seq, .len = len, .fin = (uint8_t)fin};
    return 0;
}

/* The scoreboard's byte counts follow each flag. */
static void seg_set_sacked(wsim_stream *s, wsim_tcp_seg *g)
{
    if (g->lost)
        s->lost_bytes -= g->len;
    if (g->retrans)
        s->retrans_bytes -= g->len;
    g->lost = g->retrans = 0;
    g->sacked = 1;
    s->sacked_bytes += g->len;
}

static void seg_set_lost(wsim_stream *s, wsim_tcp_seg *g)
{
    g->lost = 1;
    s->lost_bytes += g->len;
    if (SEQ_LT(g->seq, s->rtx_next))
        s->rtx_next = g->seq;
}

/* Takes n units off the front of the head segment (a cumulative ACK). */
static void sb_trim_head(wsim_stream *s, uint32_t n)
{
    wsim_tcp_seg *g = sb_at(s, 0);
    if (g->sacked)
        s->sacked_bytes -= n;
    if (g->lost)
        s->lost_bytes -= n;
    if (g->retrans)
        s->retrans_bytes -= n;
    g->seq += n;
    g->len -= n;
    if (g->len == 0) {
        s->sb_head = (s->sb_head + 1) & (s->sb_cap - 1);
        s->sb_count--;
    }
}

/* The index of the first segment that ends after seq (sb_count: none). */
static uint32_t sb_find(const wsim_stream *s, uint32_t seq)
{
    uint32_t lo = 0, hi = s->sb_count;
    while (lo < hi) {
        uint32_t mid = lo + (hi - lo) / 2;
        const wsim_tcp_seg *g = sb_at(s, mid);
        if (SEQ_GT(g->seq + g->len, seq))
            hi = mid;
        else
            lo = mid + 1;
    }
    return lo;
}

/* Bytes in flight: RFC 6675 SetPipe (stream.c header). */
static uint32_t pipe_bytes(const wsim_stream *s)
{
    int64_t pipe = (int64_t)(s->snd_nxt - s->snd_una) - s->sacked_bytes - s->lost_bytes +
                   s->retrans_bytes - s->reno_dup_bytes;
    return pipe > 0 ? (uint32_t)pipe : 0;
}

/* RFC 6675 IsLost: a segment with DupThresh SACKed segments, or more than
 * (DupThresh - 1) × MSS SACKed bytes, above it is deemed lost.  Walks down
 * from the highest SACK; the segments deemed lost always form a prefix of
 * the unSACKed ones, so the walk stops at the first one already marked. */
static void update_lost(wsim_stream *s)
{
    if (!s->sacked_bytes)
        return;
    uint32_t thresh = dupack_threshold(s);
    uint32_t count = 0, bytes = 0;
    uint32_t i = sb_find(s, s->high_sack - 1);
    if (i >= s->sb_count)
        i = s->sb_count - 1;
    for (;; i--) {
        wsim_tcp_seg *g = sb_at(s, i);
        if (g->sacked) {
            count++;
            bytes += g->len;
        } else if (count >= thresh || bytes > (thresh - 1) * s->mss) {
            if (g->lost)
                break;
            seg_set_lost(s, g);
        }
        if (i == 0)
            break;
    }
}

/* Applies the SACK blocks of an ACK; returns the bytes newly SACKed. */
static uint32_t apply_sack(wsim_stream *s, const wsim_packet *p)
{
    uint32_t newly = 0;
    for (uint32_t b = 0; b < p->sack_count && b < WSIM_MAX_SACK_BLOCKS; b++) {
        uint32_t left = p->sack[b].left, right = p->sack[b].right;
        /* Blocks at or below the cumulative ACK (D-SACK) or beyond what was
         * sent say nothing new. */
        if (SEQ_LEQ(right, left) || SEQ_LEQ(right, s->snd_una) || SEQ_GT(right, s->snd_nxt))
            continue;
        if (SEQ_LT(left, s->snd_una))
            left = s->snd_una;
        for (uint32_t i = sb_find(s, left); i < s->sb_count; i++) {
            wsim_tcp_seg *g = sb_at(s, i);
            if (SEQ_GT(g->seq + g->len, right))
                break;
            if (SEQ_LT(g->seq, left) || g->sacked)
                continue;
            seg_set_sacked(s, g);
            newly += g->len;
        }
        if (SEQ_GT(right, s->high_sack))
            s->high_sack = right;
    }
    return newly;
}

/* The first segment deemed lost and not yet retransmitted, or NULL. */
static wsim_tcp_seg *next_lost(wsim_stream *s)
{
    if (s->lost_bytes == 0)
        return NULL;
    for (uint32_t i = sb_find(s, s->rtx_next); i < s->sb_count; i++) {
        wsim_tcp_seg *g = sb_at(s, i);
        if (g->lost && !g->retrans) {
            s->rtx_next = g->seq;
            return g;
        }
    }
    s->rtx_next = s->snd_nxt;
    return NULL;
}

/* ---- segments out -------------------------------------------------------- */

/* RFC 7323 timestamps tick once a millisecond (as ns-3's and Windows' do),
 * from 1 so that a TSecr of 0 always means "none". */
static uint32_t ts_now(const wsim_stream *s)
{
    return (uint32_t)(s->host->sim->now_ns / WSIM_NS_PER_MS) + 1;
}

static uint32_t rcv_space(const wsim_stream *s)
{
    uint64_t used = (uint64_t)s->rcvq.length + s->ooo_bytes + (uint64_t)s->has_oob;
    return used >= s->rcvbuf ? 0 : s->rcvbuf - (uint32_t)used;
}

/* What is left of the window last advertised. */
static uint32_t rcv_open(const wsim_stream *s)
{
    return SEQ_GT(s->rcv_adv, s->rcv_nxt) ? s->rcv_adv - s->rcv_nxt : 0;
}

/* Receiver-side silly window avoidance (RFC 1122 4.2.3.3): the right edge
 * moves only by min(half the buffer, one MSS) or more, and never back. */
static uint32_t window_to_advertise(const wsim_stream *s)
{
    uint32_t open = rcv_open(s), space = rcv_space(s);
    uint32_t step = min_u32(s->rcvbuf / 2, s->mss);
    return space > open && space - open >= step ? space : open;
}

/* The SACK blocks for the next ACK (RFC 2018 section 4): the run holding the
 * segment that arrived last first, then the runs that changed before it. */
static uint32_t sack_blocks(const wsim_stream *s, wsim_sack_block *out, uint32_t max)
{
    uint32_t n = 0;
    for (uint32_t r = 0; r < s->sack_recent_count && n < max; r++) {
        uint32_t seq = s->sack_recent[r];
        uint32_t lo = 0, hi = s->ooo_count;
        while (lo < hi) {   /* the first run piece ending after seq */
            uint32_t mid = lo + (hi - lo) / 2;
            if (SEQ_GT(s->ooo[mid].seq + s->ooo[mid].len, seq))
                hi = mid;
            else
                lo = mid + 1;
        }
        if (lo == s->ooo_count || SEQ_GT(s->ooo[lo].seq, seq))
            continue;   /* delivered since */
        uint32_t first = lo, last = lo;
        while (first > 0 && s->ooo[first - 1].seq + s->ooo[first - 1].len == s->ooo[first].seq)
            first--;
        while (last + 1 < s->ooo_count && s->ooo[last].seq + s->ooo[last].len == s->ooo[last + 1].seq)
            last++;
        wsim_sack_block block = {s->ooo[first].seq, s->ooo[last].seq + s->ooo[last].len};
        int seen = 0;
        for (uint32_t k = 0; k < n; k++)
            seen |= out[k].left == block.left;
        if (!seen)
            out[n++] = block;
    }
    return n;
}

/* Header and option bytes of a segment on the wire: the base header, plus on
 * a SYN the MSS (4), window scale (4), SACK-permitted and timestamp options
 * (12 together, else 4 and 12), else timestamps (12) and SACK blocks
 * (2 NOPs, kind, length, 8 per block). */
static uint16_t header_bytes(const wsim_stream *s, const wsim_packet *p)
{
    uint32_t bytes = s->host->tcp.header_bytes;
    if (p->flags & WSIM_TCP_SYN) {
        bytes += 8;
        if (p->sack_permitted && p->has_timestamps)
            bytes += 12;
        else
            bytes += (p->sack_permitted ? 4 : 0) + (p->has_timestamps ? 12 : 0);
    } else {
        bytes += (p->has_timestamps ? 12 : 0) + (p->sack_count ? 4 + 8u * p->sack_count : 0);
    }
    return (uint16_t)bytes;
}

/* Sends one segment; its payload (len data bytes) comes from the send queue
 * at seq.  Every segment but the first SYN carries the current ACK and
 * window.  The trace note (the "send" record's text after "win=…") says
 * "cwnd=… ssthresh=…", "recovery" or "loss" while the sender recovers,
 * "sack=n" when SACK blocks ride along, and then `why`: "retransmit rto",
 * "retransmit fast-retransmit", "probe", "keepalive". */
static void transmit(wsim_stream *s, uint32_t seq, uint8_t flags, uint32_t len, const char *why)
{
    wsim_packet *p = wsim_packet_new(len);
    if (!p)
        return; /* out of memory: behaves as a lost segment */
    const wsim_tcp_config *cfg = &s->host->tcp;
    p->protocol = WSIM_PROTO_TCP;
    p->src_ip = s->local_ip;
    p->src_port = s->local_port;
    p->dst_ip = s->remote_ip;
    p->dst_port = s->remote_port;
    p->seq = seq;
    p->flags = flags;
    if (flags & WSIM_TCP_SYN) {
        uint32_t mss = mss_towards(s->host, s->remote_ip);
        p->mss_option = (uint16_t)(mss > 65535 ? 65535 : mss);
        /* A SYN offers what this host does; a SYN-ACK only what the SYN did. */
        int answer = (flags & WSIM_TCP_ACK) != 0;
        p->sack_permitted = (uint8_t)(cfg->sack && (!answer || s->sack_ok));
        p->has_timestamps = (uint8_t)(cfg->timestamps && (!answer || s->ts_ok));
        /* The window of a SYN is never scaled (RFC 7323 2.2). */
        uint32_t space = rcv_space(s);
        p->window = space > 65535 ? 65535 : space;
        if (answer)
            s->rcv_adv = s->rcv_nxt + p->window;
    } else {
        p->has_timestamps = (uint8_t)s->ts_ok;
        if (s->sack_ok && s->ooo_count) {
            /* 40 option bytes hold 3 blocks beside the timestamps, else 4;
             * on a data segment only as many as fit in the MTU with it. */
            uint32_t blocks = s->ts_ok ? 3 : 4;
            if (len) {
                uint32_t used = len + (s->ts_ok ? WSIM_TIMESTAMP_OPTION_BYTES : 0);
                uint32_t limit = mss_towards(s->host, s->remote_ip);
                uint32_t room = limit > used ? limit - used : 0;
                blocks = room >= 12 ? min_u32(blocks, (room - 4) / 8) : 0;
            }
            p->sack_count = (uint8_t)sack_blocks(s, p->sack, blocks);
        }
    }
    if (flags & WSIM_TCP_ACK) {
        p->ack = s->rcv_nxt;
        s->last_ack_sent = s->rcv_nxt;
        s->segments_unacked = 0;
        wsim_queue_cancel(&s->host->sim->queue, &s->delack_timer);
        if (!(flags & WSIM_TCP_SYN)) {
            s->rcv_adv = s->rcv_nxt + window_to_advertise(s);
            p->window = s->rcv_adv - s->rcv_nxt;
        }
    }
    if (p->has_timestamps) {
        p->ts_val = ts_now(s);
        p->ts_ecr = s->ts_recent;
    }
    /* BSD's urgent pointer: the sequence number after the urgent byte,
     * carried while it lies ahead of the segment. */
    if (s->urgent && SEQ_GT(s->snd_up, seq) && !(flags & WSIM_TCP_SYN)) {
        uint32_t up = s->snd_up - seq;
        p->flags |= WSIM_TCP_URG;
        p->urgent = (uint16_t)(up > 65535 ? 65535 : up);
    }
    p->header_bytes = header_bytes(s, p);
    if (len)
        wsim_bytebuf_peek(&s->sndq, seq - s->sndq_seq, p->payload, len);
    char note[80];
    p->note = NULL;
    if (wsim_sim_wants_text(s->host->sim, WSIM_REC_SEGMENT)) {
        int n = snprintf(note, sizeof note, "cwnd=%u ssthresh=%u%s", s->cwnd, s->ssthresh,
                         s->cc_state == WSIM_CC_RECOVERY ? " recovery"
                         : s->cc_state == WSIM_CC_LOSS   ? " loss"
                                                         : "");
        if (p->sack_count)
            n += snprintf(note + n, sizeof note - (size_t)n, " sack=%u", p->sack_count);
        if (why)
            snprintf(note + n, sizeof note - (size_t)n, " %s", why);
        p->note = note;
    }
    wsim_packet_send(s->host, p);
}

static void send_ack(wsim_stream *s)
{
    transmit(s, s->snd_nxt, WSIM_TCP_ACK, 0, NULL);
}

static void send_rst(wsim_stream *s)
{
    transmit(s, s->snd_nxt, WSIM_TCP_RST | WSIM_TCP_ACK, 0, NULL);
}

/* Answers a segment that no connection owns (RFC 793, "Reset Generation"). */
static void reset_reply(wsim_host *host, const wsim_packet *in)
{
    if (in->flags & WSIM_TCP_RST)
        return;
    wsim_packet *p = wsim_packet_new(0);
    if (!p)
        return;
    p->protocol = WSIM_PROTO_TCP;
    p->header_bytes = (uint16_t)host->tcp.header_bytes;
    p->src_ip = in->dst_ip;
    p->src_port = in->dst_port;
    p->dst_ip = in->src_ip;
    p->dst_port = in->src_port;
    if (in->flags & WSIM_TCP_ACK) {
        p->seq = in->ack;
        p->flags = WSIM_TCP_RST;
    } else {
        p->seq = 0;
        p->ack = in->seq + in->len + ((in->flags & WSIM_TCP_SYN) ? 1 : 0) +
                 ((in->flags & WSIM_TCP_FIN) ? 1 : 0);
        p->flags = WSIM_TCP_RST | WSIM_TCP_ACK;
    }
    wsim_packet_send(host, p);
}

static void arm_rto(wsim_stream *s)
{
    if (!wsim_timer_pending(&s->rto_timer))
        wsim_queue_schedule(&s->host->sim->queue, &s->rto_timer,
                            s->host->sim->now_ns + s->rto_ns);
}

static int sending_state(wsim_tcp_state state)
{
    return state == WSIM_TCP_ESTABLISHED || state == WSIM_TCP_CLOSE_WAIT ||
           state == WSIM_TCP_FIN_WAIT_1 || state == WSIM_TCP_CLOSING ||
           state == WSIM_TCP_LAST_ACK;
}

/* Data bytes queued and never sent. */
static size_t unsent_bytes(const wsim_stream *s)
{
    if (s->fin_sent)
        return 0;
    uint32_t sent = s->snd_nxt - s->sndq_seq;
    return s->sndq.length > sent ? s->sndq.length - sent : 0;
}

/* Room the peer's window leaves beyond snd_nxt. */
static uint32_t window_room(const wsim_stream *s)
{
    uint32_t edge = s->snd_una + s->snd_wnd;
    return SEQ_GT(edge, s->snd_nxt) ? edge - s->snd_nxt : 0;
}

static const char *retransmit_reason(const wsim_stream *s)
{
    return s->cc_state == WSIM_CC_LOSS ? "retransmit rto" : "retransmit fast-retransmit";
}

static void resend(wsim_stream *s, wsim_tcp_seg *g)
{
    uint32_t data = g->len - g->fin;
    uint8_t flags = WSIM_TCP_ACK | (g->fin ? WSIM_TCP_FIN : 0) | (data ? WSIM_TCP_PSH : 0);
    transmit(s, g->seq, flags, data, retransmit_reason(s));
    if (!g->retrans) {
        g->retrans = 1;
        s->retrans_bytes += g->len;
    }
    if (s->cc_state == WSIM_CC_RECOVERY)
        s->prr_out += g->len;
    /* Karn: no RTT sample from a segment sent twice. */
    if (s->rtt_timing && SEQ_GEQ(s->rtt_seq, g->seq) && SEQ_LT(s->rtt_seq, g->seq + g->len))
        s->rtt_timing = 0;
    arm_rto(s);
}

/* NextSeg rule 3 (RFC 6675): while recovering with nothing else to send, an
 * unSACKed segment not yet retransmitted, if one lies below the highest
 * SACK.  Returns NULL when there is none. */
static wsim_tcp_seg *rule3_segment(wsim_stream *s)
{
    if (s->cc_state != WSIM_CC_RECOVERY || !s->sack_ok || !s->sacked_bytes)
        return NULL;
    for (uint32_t i = sb_find(s, s->rtx_next); i < s->sb_count; i++) {
        wsim_tcp_seg *g = sb_at(s, i);
        if (SEQ_GEQ(g->seq, s->high_sack))
            break;
        if (!g->sacked && !g->retrans)
            return g;
    }
    return NULL;
}

/* Sends one segment of new data (or the FIN) if the windows and RFC 1122
 * 4.2.3.4 allow; returns 1 when it did.  `force`: the persist timer's
 * override of the silly-window rules. */
static int send_new(wsim_stream *s, uint32_t cc_room, int force)
{
    size_t unsent = unsent_bytes(s);
    if (unsent == 0) {
        if (!s->fin_queued || s->fin_sent)
            return 0;
        if (sb_push(s, s->snd_nxt, 1, 1) != 0)
            return 0;
        transmit(s, s->snd_nxt, WSIM_TCP_FIN | WSIM_TCP_ACK, 0, NULL);
        s->fin_seq = s->snd_nxt++;
        s->fin_sent = 1;
        arm_rto(s);
        return 1;
    }
    uint32_t len = min_u32(min_u32(s->mss, window_room(s)), cc_room);
    if (len > unsent)
        len = (uint32_t)unsent;
    if (len == 0)
        return 0;
    int urgent_ahead = s->urgent && SEQ_GT(s->snd_up, s->snd_nxt);
    /* Nagle (RFC 896) holds a short segment while data is unacknowledged,
     * unless TCP_NODELAY, or the application has closed its side (the rest
     * is pushed with the FIN, as Linux's tcp_send_fin does). */
    int nagle_free = s->snd_nxt == s->snd_una || s->nodelay || s->fin_queued;
    int ok = len == s->mss || (nagle_free && len == unsent) ||
             (nagle_free && len >= s->max_sndwnd / 2) || urgent_ahead || force;
    if (!ok)
        return 0;
    int fin = s->fin_queued && len == unsent;
    if (sb_push(s, s->snd_nxt, len + (uint32_t)fin, fin) != 0)
        return 0;
    uint8_t flags = WSIM_TCP_ACK | (len == unsent ? WSIM_TCP_PSH : 0) | (fin ? WSIM_TCP_FIN : 0);
    transmit(s, s->snd_nxt, flags, len, NULL);
    if (s->cc_state == WSIM_CC_RECOVERY)
        s->prr_out += len + (uint32_t)fin;
    if (!s->ts_ok && !s->rtt_timing) {
        s->rtt_timing = 1;
        s->rtt_seq = s->snd_nxt;
        s->rtt_start_ns = s->host->sim->now_ns;
    }
    s->snd_nxt += len;
    if (fin) {
        s->fin_seq = s->snd_nxt++;
        s->fin_sent = 1;
    }
    arm_rto(s);
    return 1;
}

static void arm_persist(wsim_stream *s)
{
    if (wsim_timer_pending(&s->persist_timer))
        return;
    int64_t wait = s->rto_ns;
    for (uint32_t i = 0; i < s->persist_backoff && wait < WSIM_MAX_RTO_NS; i++)
        wait *= 2;
    if (wait > WSIM_MAX_RTO_NS)
        wait = WSIM_MAX_RTO_NS;
    wsim_queue_schedule(&s->host->sim->queue, &s->persist_timer, s->host->sim->now_ns + wait);
}

static void output(wsim_stream *s)
{
    output_forced(s, 0);
}

static void output_forced(wsim_stream *s, int force)
{
    if (!sending_state(s->state))
        return;
    for (;;) {
        uint32_t pipe = pipe_bytes(s);
        uint32_t cc_room = UINT32_MAX;
        if (cc_on(s))
            cc_room = s->cwnd > pipe ? s->cwnd - pipe : 0;
        wsim_tcp_seg *g = next_lost(s);
        if (g) {
            if (cc_room < min_u32(g->len, s->mss))
                break;
            resend(s, g);
            continue;
        }
        if (send_new(s, cc_room, force)) {
            force = 0;
            continue;
        }
        g = rule3_segment(s);
        if (g && cc_room >= min_u32(g->len, s->mss)) {
            resend(s, g);
            continue;
        }
        break;
    }
    /* Nothing in flight, so no ACK will come to restart sending: the
     * persist timer probes a zero window or overrides the silly-window
     * rules (RFC 1122 4.2.2.17, 4.2.3.4). */
    if (s->snd_nxt == s->snd_una && unsent_bytes(s) > 0)
        arm_persist(s);
}

/* ---- connecting ---------------------------------------------------------- */

static void init_send_side(wsim_stream *s)
{
    wsim_host *host = s->host;
    s->iss = (uint32_t)wsim_rng_next(&host->isn_rng);
    s->snd_una = s->iss;
    s->snd_nxt = s->iss + 1;
    s->sndq_seq = s->iss + 1;
    s->mss = mss_towards(host, s->remote_ip);
    s->ssthresh = UINT32_MAX;
}

/* After the handshake: the options both sides offered are in use, and the
 * MSS is the smaller of both ends', less the timestamp option. */
static void negotiated(wsim_stream *s, const wsim_packet *syn)
{
    const wsim_tcp_config *cfg = &s->host->tcp;
    s->sack_ok = cfg->sack && syn->sack_permitted;
    s->ts_ok = cfg->timestamps && syn->has_timestamps;
    if (syn->mss_option && syn->mss_option < s->mss)
        s->mss = syn->mss_option;
    if (s->ts_ok) {
        s->mss -= WSIM_TIMESTAMP_OPTION_BYTES;
        s->ts_recent = syn->ts_val;
    }
    s->cwnd = min_u32(cfg->initial_cwnd * s->mss, CWND_LIMIT);
    s->last_recv_ns = s->host->sim->now_ns;
}

wsim_stream_error wsim_stream_connect(wsim_stream *s, uint32_t ip, uint16_t port)
{
    wsim_host *host = s->host;
    if (!wsim_route(host, ip))
        return WSIM_SE_UNREACHABLE;
    if (!s->bound || s->local_ip == 0) {
        uint32_t local = wsim_source_address(host, ip);
        if (!s->bound) {
            wsim_stream_error err = wsim_stream_bind(s, local, 0);
            if (err)
                return err;
        }
        s->local_ip = local;
    }
    s->remote_ip = ip;
    s->remote_port = port;
    s->error = WSIM_SE_NONE;   /* a new attempt: an earlier failure is history */
    init_send_side(s);
    set_state(s, WSIM_TCP_SYN_SENT);
    transmit(s, s->iss, WSIM_TCP_SYN, 0, NULL);
    arm_rto(s);
    return WSIM_SE_NONE;
}

wsim_stream *wsim_stream_accept(wsim_stream *listener)
{
    wsim_stream *s = listener->accept_first;
    if (!s)
        return NULL;
    listener->accept_first = s->accept_next;
    if (!listener->accept_first)
        listener->accept_last = NULL;
    s->accept_next = NULL;
    s->accepted = 1;
    return s;
}

static void enter_closed(wsim_stream *s, wsim_stream_error error)
{
    set_state(s, WSIM_TCP_CLOSED);
    if (error && !s->error)
        s->error = error;
    /* RFC 793 (SEGMENT ARRIVES, RST): "all segment queues should be
     * flushed" — unread bytes are lost, as on Windows. */
    if (error == WSIM_SE_RESET) {
        wsim_bytebuf_clear(&s->rcvq);
        s->has_oob = s->mark_pending = 0;
    }
    ooo_clear(s);
    wsim_bytebuf_clear(&s->sndq);
    s->sndq_seq = s->snd_nxt;
    s->sb_count = 0;
    s->sacked_bytes = s->lost_bytes = s->retrans_bytes = s->reno_dup_bytes = 0;
    cancel_timers(s);
    changed(s);
}

static void enter_time_wait(wsim_stream *s)
{
    set_state(s, WSIM_TCP_TIME_WAIT);
    s->time_wait_until_ns =
        s->host->sim->now_ns + cfg_time(s->host->tcp.time_wait_ns, WSIM_DEFAULT_TIME_WAIT_NS);
    cancel_timers(s);
}

/* ---- timers -------------------------------------------------------------- */

/* Every unSACKed segment is deemed lost and none retransmitted (RFC 6675
 * 5.1: the SACKed ones are not sent again). */
static void mark_all_lost(wsim_stream *s)
{
    s->lost_bytes = s->retrans_bytes = 0;
    for (uint32_t i = 0; i < s->sb_count; i++) {
        wsim_tcp_seg *g = sb_at(s, i);
        g->retrans = 0;
        g->lost = !g->sacked;
        if (g->lost)
            s->lost_bytes += g->len;
    }
    s->rtx_next = s->snd_una;
}

static void rto_fire(wsim_timer *timer)
{
    wsim_stream *s = CONTAINER_OF(timer, wsim_stream, rto_timer);
    const wsim_tcp_config *cfg = &s->host->tcp;
    s->retransmits++;
    s->rtt_timing = 0;   /* Karn: no RTT sample from a retransmitted segment */
    s->rto_ns = s->rto_ns * 2 > WSIM_MAX_RTO_NS ? WSIM_MAX_RTO_NS : s->rto_ns * 2;
    if (s->state == WSIM_TCP_SYN_SENT || s->state == WSIM_TCP_SYN_RCVD) {
        if (s->retransmits >
            cfg_count(cfg->max_syn_retransmissions, WSIM_DEFAULT_MAX_SYN_RETRANSMISSIONS)) {
            enter_closed(s, WSIM_SE_TIMEDOUT);
            maybe_free(s);
            return;
        }
        transmit(s, s->iss, s->state == WSIM_TCP_SYN_SENT ? WSIM_TCP_SYN : WSIM_TCP_SYN | WSIM_TCP_ACK,
                 0, "retransmit rto");
        arm_rto(s);
        return;
    }
    if (s->snd_una == s->snd_nxt)
        return;
    /* Windows' TcpMaxDataRetransmissions: the connection is aborted when the
     * timer expires after the last allowed retransmission. */
    if (s->retransmits >
        cfg_count(cfg->max_data_retransmissions, WSIM_DEFAULT_MAX_DATA_RETRANSMISSIONS)) {
        send_rst(s);
        enter_closed(s, WSIM_SE_ABORTED);
        maybe_free(s);
        return;
    }
    /* RFC 5681 (4): ssthresh from the flight, once per loss episode (a
     * timeout during recovery keeps the ssthresh recovery chose); cwnd
     * falls to the loss window, one segment. */
    if (s->cc_state == WSIM_CC_OPEN)
        s->ssthresh = max_u32((s->snd_nxt - s->snd_una) / 2, 2 * s->mss);
    s->cwnd = s->mss;
    s->cc_state = WSIM_CC_LOSS;
    s->recover = s->snd_nxt;
    s->dupacks = 0;
    s->reno_dup_bytes = 0;
    mark_all_lost(s);
    output(s);
    arm_rto(s);
}

static void delack_fire(wsim_timer *timer)
{
    wsim_stream *s = CONTAINER_OF(timer, wsim_stream, delack_timer);
    if (s->segments_unacked)
        send_ack(s);
}

/* A window probe and a keep-alive probe are the same segment: an old
 * sequence number (SND.UNA - 1) and no data, which the receiver must answer
 * with an ACK carrying its window (RFC 793 "unacceptable segment"; Linux
 * sends this probe for both). */
static void send_probe(wsim_stream *s, const char *why)
{
    transmit(s, s->snd_una - 1, WSIM_TCP_ACK, 0, why);
}

static void persist_fire(wsim_timer *timer)
{
    wsim_stream *s = CONTAINER_OF(timer, wsim_stream, persist_timer);
    if (!sending_state(s->state) || s->snd_nxt != s->snd_una || unsent_bytes(s) == 0)
        return;
    if (window_room(s) > 0) {
        output_forced(s, 1);   /* RFC 1122 4.2.3.4 (4): the override timeout */
        return;
    }
    /* RFC 1122 4.2.2.17: probing goes on as long as the receiver answers;
     * wsim gives up (as on retransmissions) when TcpMaxDataRetransmissions
     * probes in a row went unanswered. */
    if (s->probes_unanswered >= cfg_count(s->host->tcp.max_data_retransmissions,
                                          WSIM_DEFAULT_MAX_DATA_RETRANSMISSIONS)) {
        send_rst(s);
        enter_closed(s, WSIM_SE_ABORTED);
        maybe_free(s);
        return;
    }
    send_probe(s, "probe");
    s->probes_unanswered++;
    s->persist_backoff++;
    arm_persist(s);
}

static int keepalive_state(wsim_tcp_state state)
{
    return state == WSIM_TCP_ESTABLISHED || state == WSIM_TCP_CLOSE_WAIT ||
           state == WSIM_TCP_FIN_WAIT_2;
}

static void arm_keepalive(wsim_stream *s, int64_t when)
{
    wsim_queue_schedule(&s->host->sim->queue, &s->keepalive_timer, when);
}

/* Keep-alive (RFC 1122 4.2.3.6) with Windows' parameters: after
 * KeepAliveTime without hearing from the peer, a probe every
 * KeepAliveInterval; when keepalive_probes of them went unanswered the
 * connection is dropped (WSIM_SE_TIMEDOUT).  Only an idle connection is
 * probed: with data outstanding the retransmission or persist timer watches
 * the peer (as Linux's tcp_keepalive_timer does). */
static void keepalive_fire(wsim_timer *timer)
{
    wsim_stream *s = CONTAINER_OF(timer, wsim_stream, keepalive_timer);
    const wsim_tcp_config *cfg = &s->host->tcp;
    if (!s->keepalive || !keepalive_state(s->state))
        return;
    int64_t now = s->host->sim->now_ns;
    int64_t idle_limit = cfg_time(cfg->keepalive_time_ns, WSIM_DEFAULT_KEEPALIVE_TIME_NS);
    if (s->snd_nxt != s->snd_una || unsent_bytes(s) > 0) {
        s->keepalive_probes = 0;
        arm_keepalive(s, now + idle_limit);
        return;
    }
    if (s->keepalive_probes == 0 && now - s->last_recv_ns < idle_limit) {
        arm_keepalive(s, s->last_recv_ns + idle_limit);
        return;
    }
    if (s->keepalive_probes >= cfg_count(cfg->keepalive_probes, WSIM_DEFAULT_KEEPALIVE_PROBES)) {
        send_rst(s);
        enter_closed(s, WSIM_SE_TIMEDOUT);
        maybe_free(s);
        return;
    }
    send_probe(s, "keepalive");
    s->keepalive_probes++;
    arm_keepalive(s, now + cfg_time(cfg->keepalive_interval_ns, WSIM_DEFAULT_KEEPALIVE_INTERVAL_NS));
}

static void start_keepalive(wsim_stream *s)
{
    if (s->keepalive && keepalive_state(s->state) && !wsim_timer_pending(&s->keepalive_timer))
        arm_keepalive(s, s->last_recv_ns + cfg_time(s->host->tcp.keepalive_time_ns,
                                                    WSIM_DEFAULT_KEEPALIVE_TIME_NS));
}

/* RFC 6298 (2.2)-(2.4), with the clock granularity G of 1 ms that the
 * timestamps give (ns-3's default ClockGranularity too). */
static void rtt_sample(wsim_stream *s, int64_t rtt)
{
    if (!s->have_rtt) {
        s->have_rtt = 1;
        s->srtt_ns = rtt;
        s->rttvar_ns = rtt / 2;
    } else {
        int64_t delta = s->srtt_ns > rtt ? s->srtt_ns - rtt : rtt - s->srtt_ns;
        s->rttvar_ns = (3 * s->rttvar_ns + delta) / 4;
        s->srtt_ns = (7 * s->srtt_ns + rtt) / 8;
    }
    int64_t var = 4 * s->rttvar_ns;
    int64_t rto = s->srtt_ns + (var > WSIM_NS_PER_MS ? var : WSIM_NS_PER_MS);
    if (rto < s->host->tcp.min_rto_ns)
        rto = s->host->tcp.min_rto_ns;
    if (rto > WSIM_MAX_RTO_NS)
        rto = WSIM_MAX_RTO_NS;
    s->rto_ns = rto;
}

/* ---- the delivery checker (stream.h) -------------------------------------- */

static wsim_stream *find_peer(const wsim_stream *s)
{
    wsim_host *host = s->host;
    wsim_host *peer_host = s->remote_ip == host->address || wsim_is_loopback_address(s->remote_ip)
                               ? host
                               : wsim_host_by_address(host->sim, s->remote_ip);
    if (!peer_host)
        return NULL;
    for (wsim_stream *o = peer_host->streams; o; o = o->next)
        if (o->state != WSIM_TCP_LISTEN && o->local_port == s->remote_port &&
            o->remote_port == s->local_port && o->local_ip == s->remote_ip &&
            o->remote_ip == s->local_ip && o->iss == s->irs)
            return o;
    return NULL;
}

static _Noreturn void check_failed(const wsim_stream *s, uint32_t seq, uint32_t len,
                                   const char *what)
{
    fprintf(stderr,
            "wsim: stream delivery check failed at %lld ns on host %s, connection "
            "%u.%u.%u.%u:%u <- %u.%u.%u.%u:%u: %s (stream offset %llu, %u bytes, seq %u)\n",
            (long long)s->host->sim->now_ns, s->host->name, s->local_ip >> 24,
            (s->local_ip >> 16) & 255, (s->local_ip >> 8) & 255, s->local_ip & 255, s->local_port,
            s->remote_ip >> 24, (s->remote_ip >> 16) & 255, (s->remote_ip >> 8) & 255,
            s->remote_ip & 255, s->remote_port,
            what, (unsigned long long)(uint32_t)(seq - s->irs - 1), len, seq);
    abort();
}

static void check_delivery(const wsim_stream *s, uint32_t seq, const unsigned char *data,
                           uint32_t len)
{
    const wsim_stream *peer = find_peer(s);
    if (!peer || peer->error || peer->state == WSIM_TCP_CLOSED)
        return;
    uint32_t off = seq - peer->sndq_seq;
    if (SEQ_LT(seq, peer->sndq_seq) || (uint64_t)off + len > peer->sndq.length)
        check_failed(s, seq, len,
                     "bytes delivered that the sender no longer holds (delivered twice, "
                     "or acknowledged before they arrived)");
    unsigned char chunk[4096];
    for (uint32_t done = 0; done < len;) {
        uint32_t n = min_u32(len - done, (uint32_t)sizeof chunk);
        wsim_bytebuf_peek(&peer->sndq, off + done, chunk, n);
        if (memcmp(chunk, data + done, n) != 0)
            check_failed(s, seq, len, "bytes delivered differ from the bytes the sender sent");
        done += n;
    }
}

/* ---- segments in --------------------------------------------------------- */

static wsim_stream *find_connection(wsim_host *host, const wsim_packet *p)
{
    for (wsim_stream *s = host->streams; s; s = s->next)
        if (s->state != WSIM_TCP_LISTEN && s->state != WSIM_TCP_CLOSED &&
            s->local_port == p->dst_port && s->remote_port == p->src_port &&
            s->local_ip == p->dst_ip && s->remote_ip == p->src_ip)
            return s;
    return NULL;
}

static wsim_stream *find_listener(wsim_host *host, const wsim_packet *p)
{
    for (wsim_stream *s = host->streams; s; s = s->next)
        if (s->state == WSIM_TCP_LISTEN && s->local_port == p->dst_port &&
            (s->local_ip == 0 || s->local_ip == p->dst_ip))
            return s;
    return NULL;
}

static int pending_children(const wsim_stream *listener)
{
    int count = 0;
    for (const wsim_stream *s = listener->host->streams; s; s = s->next)
        if (s->listener == listener && !s->accepted && s->state != WSIM_TCP_CLOSED)
            count++;
    return count;
}

static void listener_input(wsim_stream *listener, const wsim_packet *p)
{
    if ((p->flags & (WSIM_TCP_SYN | WSIM_TCP_ACK | WSIM_TCP_RST)) != WSIM_TCP_SYN) {
        reset_reply(listener->host, p);
        return;
    }
    if (pending_children(listener) >= listener->backlog)
        return;   /* backlog full: the SYN is ignored and will be retried */
    wsim_stream *s = wsim_stream_new(listener->host);
    if (!s)
        return;
    s->listener = listener;
    s->passive = 1;
    s->bound = 1;
    s->local_ip = p->dst_ip;
    s->local_port = p->dst_port;
    s->remote_ip = p->src_ip;
    s->remote_port = p->src_port;
    /* An accepted socket has its listener's options (Windows documents this
     * for accept: "the same properties as socket s"). */
    s->sndbuf = listener->sndbuf;
    s->rcvbuf = listener->rcvbuf;
    s->nodelay = listener->nodelay;
    s->keepalive = listener->keepalive;
    s->oobinline = listener->oobinline;
    s->linger_onoff = listener->linger_onoff;
    s->linger_s = listener->linger_s;
    init_send_side(s);
    negotiated(s, p);
    s->irs = p->seq;
    s->rcv_nxt = p->seq + 1;
    s->snd_wnd = p->window;
    s->max_sndwnd = p->window;
    s->snd_wl1 = p->seq;
    set_state(s, WSIM_TCP_SYN_RCVD);
    transmit(s, s->iss, WSIM_TCP_SYN | WSIM_TCP_ACK, 0, NULL);
    arm_rto(s);
}

static void syn_sent_input(wsim_stream *s, const wsim_packet *p)
{
    int ack_ok = (p->flags & WSIM_TCP_ACK) && p->ack == s->iss + 1;
    if (p->flags & WSIM_TCP_RST) {
        if (ack_ok)
            enter_closed(s, WSIM_SE_REFUSED);
        return;
    }
    if (!(p->flags & WSIM_TCP_SYN) || !ack_ok)
        return;
    negotiated(s, p);
    s->irs = p->seq;
    s->rcv_nxt = p->seq + 1;
    s->rcv_adv = s->rcv_nxt;
    s->snd_una = p->ack;
    s->snd_wnd = p->window;
    s->max_sndwnd = p->window;
    s->snd_wl1 = p->seq;
    s->snd_wl2 = p->ack;
    s->retransmits = 0;
    s->rto_ns = WSIM_INITIAL_RTO_NS;
    wsim_queue_cancel(&s->host->sim->queue, &s->rto_timer);
    set_state(s, WSIM_TCP_ESTABLISHED);
    send_ack(s);
    start_keepalive(s);
    changed(s);
    output(s);
}

static void fin_acked(wsim_stream *s)
{
    switch (s->state) {
    case WSIM_TCP_FIN_WAIT_1: set_state(s, WSIM_TCP_FIN_WAIT_2); break;
    case WSIM_TCP_CLOSING: enter_time_wait(s); break;
    case WSIM_TCP_LAST_ACK: set_state(s, WSIM_TCP_CLOSED); cancel_timers(s); break;
    default: break;
    }
}

/* RFC 5681 (2) and (3): per ACK of new data, slow start adds min(acked,
 * MSS), congestion avoidance MSS × MSS / cwnd (at least one byte). */
static void cc_increase(wsim_stream *s, uint32_t acked)
{
    if (!cc_on(s))
        return;
    if (s->cwnd < s->ssthresh)
        s->cwnd += min_u32(acked, s->mss);
    else
        s->cwnd += max_u32(1, (uint32_t)((uint64_t)s->mss * s->mss / s->cwnd));
    if (s->cwnd > CWND_LIMIT)
        s->cwnd = CWND_LIMIT;
}

/* RFC 6937 Proportional Rate Reduction, as ns-3.37's TcpPrrRecovery (its
 * default) computes it: above ssthresh cwnd shrinks in proportion to what
 * is delivered; at or below it the reduction bound is SSRB when the ACK
 * covered retransmitted data, else only what this ACK delivered.  The first
 * call forces out one segment, the fast retransmit, and so does `force`
 * (NewReno's partial ACK). */
static void prr_update(wsim_stream *s, uint32_t delivered, int retrans_acked, int force)
{
    if (!cc_on(s))
        return;
    s->prr_delivered += delivered;
    uint32_t pipe = pipe_bytes(s);
    int64_t sndcnt;
    if (pipe > s->ssthresh) {
        uint64_t share = (uint64_t)s->prr_delivered * s->ssthresh;
        uint64_t fs = s->recover_fs ? s->recover_fs : 1;
        sndcnt = (int64_t)((share + fs - 1) / fs) - s->prr_out;
    } else {
        int64_t limit = delivered;
        if (retrans_acked) {
            int64_t behind = (int64_t)s->prr_delivered - s->prr_out;
            limit = (behind > (int64_t)delivered ? behind : (int64_t)delivered) + s->mss;
        }
        int64_t gap = (int64_t)s->ssthresh - pipe;
        sndcnt = limit < gap ? limit : gap;
    }
    if (sndcnt < 0)
        sndcnt = 0;
    if ((s->prr_out == 0 || force) && sndcnt < s->mss)
        sndcnt = s->mss;
    s->cwnd = pipe + (uint32_t)sndcnt;
}

static void enter_recovery(wsim_stream *s, uint32_t delivered, int retrans_acked)
{
    s->cc_state = WSIM_CC_RECOVERY;
    s->recover = s->snd_nxt;
    if (!s->sack_ok) {
        /* NewReno: the head is the segment the duplicate ACKs ask for; each
         * duplicate ACK said one more segment left the network. */
        wsim_tcp_seg *head = sb_at(s, 0);
        if (!head->lost)
            seg_set_lost(s, head);
        s->reno_dup_bytes = min_u32(s->dupacks * s->mss, s->snd_nxt - s->snd_una - head->len);
    }
    /* RFC 6675 (4.2) with pipe for FlightSize, as ns-3 does. */
    if (cc_on(s))
        s->ssthresh = max_u32(pipe_bytes(s) / 2, 2 * s->mss);
    s->prr_delivered = s->prr_out = 0;
    s->recover_fs = s->snd_nxt - s->snd_una;
    prr_update(s, delivered, retrans_acked, 0);
}

static void process_ack(wsim_stream *s, const wsim_packet *p)
{
    if (SEQ_GT(p->ack, s->snd_nxt)) {
        send_ack(s);   /* RFC 793: an ACK for something not yet sent */
        return;
    }
    if (SEQ_LT(p->ack, s->snd_una))
        return;
    int window_changed = 0;
    if (SEQ_LT(s->snd_wl1, p->seq) || (s->snd_wl1 == p->seq && SEQ_LEQ(s->snd_wl2, p->ack))) {
        window_changed = p->window != s->snd_wnd;
        s->snd_wnd = p->window;
        s->snd_wl1 = p->seq;
        s->snd_wl2 = p->ack;
        if (p->window > s->max_sndwnd)
            s->max_sndwnd = p->window;
    }
    /* Any ACK answers the probes; the persist interval backs off only while
     * the window stays shut. */
    s->probes_unanswered = 0;
    if (s->snd_wnd > 0) {
        s->persist_backoff = 0;
        wsim_queue_cancel(&s->host->sim->queue, &s->persist_timer);
    }

    uint32_t acked = p->ack - s->snd_una;
    uint32_t newly_sacked = s->sack_ok && p->sack_count ? apply_sack(s, p) : 0;
    int retrans_acked = 0;
    if (acked) {
        for (uint32_t left = acked; left > 0 && s->sb_count > 0;) {
            wsim_tcp_seg *g = sb_at(s, 0);
            uint32_t n = min_u32(left, g->len);
            retrans_acked |= g->retrans;
            sb_trim_head(s, n);
            left -= n;
        }
        if (SEQ_GT(p->ack, s->sndq_seq)) {
            uint32_t data_acked = min_u32(p->ack - s->sndq_seq, (uint32_t)s->sndq.length);
            wsim_bytebuf_consume(&s->sndq, data_acked);
            s->sndq_seq += data_acked;
        }
        s->snd_una = p->ack;
        if (SEQ_LT(s->rtx_next, s->snd_una))
            s->rtx_next = s->snd_una;
        if (SEQ_LT(s->high_sack, s->snd_una))
            s->high_sack = s->snd_una;
        if (s->urgent && SEQ_GEQ(s->snd_una, s->snd_up))
            s->urgent = 0;
        if (s->ts_ok && p->has_timestamps && p->ts_ecr)
            rtt_sample(s, (int64_t)(ts_now(s) - p->ts_ecr) * WSIM_NS_PER_MS);
        else if (s->rtt_timing && SEQ_GT(p->ack, s->rtt_seq)) {
            s->rtt_timing = 0;
            rtt_sample(s, s->host->sim->now_ns - s->rtt_start_ns);
        }
        s->retransmits = 0;
        wsim_queue_cancel(&s->host->sim->queue, &s->rto_timer);
        if (s->snd_una != s->snd_nxt)
            arm_rto(s);
    }
    if (s->sack_ok)
        update_lost(s);

    int dup = !acked && p->len == 0 && !(p->flags & (WSIM_TCP_SYN | WSIM_TCP_FIN)) &&
              s->snd_nxt != s->snd_una && (s->sack_ok ? newly_sacked > 0 : !window_changed);
    switch (s->cc_state) {
    case WSIM_CC_OPEN:
        if (acked) {
            s->dupacks = 0;
            cc_increase(s, acked);
        } else if (dup) {
            s->dupacks++;
        }
        if (s->sb_count > 0 &&
            (s->dupacks >= dupack_threshold(s) || (s->sack_ok && sb_at(s, 0)->lost)))
            enter_recovery(s, acked + newly_sacked, retrans_acked);
        break;
    case WSIM_CC_RECOVERY:
        if (SEQ_GEQ(s->snd_una, s->recover)) {
            /* Full ACK: recovery ends with cwnd = ssthresh (as Linux does). */
            s->cc_state = WSIM_CC_OPEN;
            s->dupacks = 0;
            s->reno_dup_bytes = 0;
            if (cc_on(s))
                s->cwnd = s->ssthresh;
            break;
        }
        uint32_t delivered = acked + newly_sacked;
        int partial = 0;
        if (!s->sack_ok) {
            if (acked) {
                /* RFC 6937: a partial ACK delivered what it covers less what
                 * the duplicate ACKs before it were counted for.  NewReno
                 * (RFC 6582 3.2 step 5) retransmits the next hole at once. */
                delivered = acked > s->reno_dup_bytes ? acked - s->reno_dup_bytes : 0;
                s->reno_dup_bytes = 0;
                if (s->sb_count > 0 && !sb_at(s, 0)->lost)
                    seg_set_lost(s, sb_at(s, 0));
                partial = 1;
            } else if (dup) {
                /* RFC 6937: without SACK a duplicate ACK delivered one MSS. */
                delivered = s->mss;
                s->reno_dup_bytes = min_u32(s->reno_dup_bytes + s->mss, s->snd_nxt - s->snd_una);
            }
        }
        prr_update(s, delivered, retrans_acked, partial);
        break;
    case WSIM_CC_LOSS:
        if (acked)
            cc_increase(s, acked);
        if (SEQ_GEQ(s->snd_una, s->recover))
            s->cc_state = WSIM_CC_OPEN;
        break;
    }
    if (s->fin_sent && SEQ_GEQ(s->snd_una, s->fin_seq + 1))
        fin_acked(s);
}

static void fin_received(wsim_stream *s)
{
    s->fin_received = 1;
    s->ooo_fin = 0;
    s->rcv_nxt++;
    switch (s->state) {
    case WSIM_TCP_ESTABLISHED: set_state(s, WSIM_TCP_CLOSE_WAIT); break;
    case WSIM_TCP_FIN_WAIT_1: set_state(s, WSIM_TCP_CLOSING); break;
    case WSIM_TCP_FIN_WAIT_2: enter_time_wait(s); break;
    default: break;
    }
}

static int receiving_state(wsim_tcp_state state)
{
    return state == WSIM_TCP_ESTABLISHED || state == WSIM_TCP_FIN_WAIT_1 ||
           state == WSIM_TCP_FIN_WAIT_2;
}

/* Appends in-order bytes at rcv_nxt to the receive queue, taking the urgent
 * byte out of the stream when it is among them and SO_OOBINLINE is off.
 * Returns the bytes taken (fewer only when memory ran out). */
static uint32_t deliver(wsim_stream *s, const unsigned char *data, uint32_t len)
{
    check_delivery(s, s->rcv_nxt, data, len);
    uint32_t k = len;   /* index of the urgent byte among them, or len */
    if (s->rcv_up_valid && SEQ_GEQ(s->rcv_up - 1, s->rcv_nxt) &&
        SEQ_LT(s->rcv_up - 1, s->rcv_nxt + len))
        k = s->rcv_up - 1 - s->rcv_nxt;
    if (k == len || s->oobinline) {
        if (wsim_bytebuf_append(&s->rcvq, data, len) != 0)
            return 0;
        if (k < len) {
            s->rcv_up_valid = 0;
            s->mark_pending = 1;
            s->mark_offset = s->bytes_read + s->rcvq.length - (len - k);
        }
        return len;
    }
    if (wsim_bytebuf_append(&s->rcvq, data, k) != 0)
        return 0;
    s->rcv_up_valid = 0;
    s->oob_byte = data[k];
    s->has_oob = 1;
    if (wsim_bytebuf_append(&s->rcvq, data + k + 1, len - k - 1) != 0)
        return k + 1;
    return len;
}

/* Keeps bytes that arrived beyond a hole, trimmed against what is already
 * held, and notes their run for the SACK blocks. */
static void ooo_insert(wsim_stream *s, uint32_t seq, const unsigned char *data, uint32_t len)
{
    uint32_t i = 0;
    while (i < s->ooo_count && SEQ_LEQ(s->ooo[i].seq + s->ooo[i].len, seq))
        i++;
    uint32_t first_seq = seq;
    while (len > 0) {
        uint32_t piece = len;
        if (i < s->ooo_count && SEQ_LT(s->ooo[i].seq, seq + len)) {
            if (SEQ_LEQ(s->ooo[i].seq, seq)) {
                /* Already held: skip past this piece. */
                uint32_t end = s->ooo[i].seq + s->ooo[i].len;
                uint32_t skip = min_u32(end - seq, len);
                seq += skip;
                data += skip;
                len -= skip;
                i++;
                continue;
            }
            piece = s->ooo[i].seq - seq;
        }
        if (s->ooo_count == s->ooo_cap) {
            uint32_t cap = s->ooo_cap ? s->ooo_cap * 2 : 16;
            wsim_ooo_seg *grown = realloc(s->ooo, cap * sizeof *grown);
            if (!grown)
                return;
            s->ooo = grown;
            s->ooo_cap = cap;
        }
        unsigned char *copy = malloc(piece);
        if (!copy)
            return;
        memcpy(copy, data, piece);
        memmove(&s->ooo[i + 1], &s->ooo[i], (s->ooo_count - i) * sizeof *s->ooo);
        s->ooo[i] = (wsim_ooo_seg){.seq = seq, .len = piece, .data = copy};
        s->ooo_count++;
        s->ooo_bytes += piece;
        seq += piece;
        data += piece;
        len -= piece;
        i++;
    }
    /* The most recent run first; a run reported once is reported by one byte. */
    uint32_t keep = 0;
    uint32_t recent[WSIM_MAX_SACK_BLOCKS];
    recent[keep++] = first_seq;
    for (uint32_t r = 0; r < s->sack_recent_count && keep < WSIM_MAX_SACK_BLOCKS; r++)
        if (s->sack_recent[r] != first_seq)
            recent[keep++] = s->sack_recent[r];
    memcpy(s->sack_recent, recent, keep * sizeof *recent);
    s->sack_recent_count = keep;
}

/* Moves the out-of-order bytes that rcv_nxt has reached into the receive
 * queue. */
static void ooo_drain(wsim_stream *s)
{
    uint32_t used = 0;
    while (used < s->ooo_count && SEQ_LEQ(s->ooo[used].seq, s->rcv_nxt)) {
        wsim_ooo_seg *e = &s->ooo[used];
        uint32_t end = e->seq + e->len;
        if (SEQ_GT(end, s->rcv_nxt)) {
            uint32_t skip = s->rcv_nxt - e->seq;
            uint32_t take = deliver(s, e->data + skip, e->len - skip);
            s->rcv_nxt += take;
            if (take < e->len - skip)
                break;   /* out of memory: the sender will send it again */
        }
        s->ooo_bytes -= e->len;
        free(e->data);
        used++;
    }
    if (used) {
        memmove(s->ooo, s->ooo + used, (s->ooo_count - used) * sizeof *s->ooo);
        s->ooo_count -= used;
    }
    if (s->ooo_count == 0)
        s->sack_recent_count = 0;
}

/* The data of a segment; sets *ack_now when the ACK must not wait. */
static void data_in(wsim_stream *s, const wsim_packet *p, int *ack_now)
{
    uint32_t seq = p->seq, len = p->len;
    const unsigned char *data = p->payload;
    if (SEQ_LT(seq, s->rcv_nxt)) {
        uint32_t skip = s->rcv_nxt - seq;
        *ack_now = 1;   /* a duplicate, or partly one */
        if (skip >= len)
            return;
        seq += skip;
        data += skip;
        len -= skip;
    }
    uint32_t edge = s->rcv_adv;
    if (SEQ_GEQ(seq, edge)) {
        *ack_now = 1;   /* beyond the window */
        return;
    }
    if (SEQ_GT(seq + len, edge)) {
        len = edge - seq;
        *ack_now = 1;   /* part fell outside the window: say so at once */
    }
    if (seq != s->rcv_nxt) {
        ooo_insert(s, seq, data, len);
        *ack_now = 1;   /* out of order: a duplicate ACK (RFC 5681 4.2) */
        return;
    }
    uint32_t take = deliver(s, data, len);
    s->rcv_nxt += take;
    if (take < len)
        *ack_now = 1;
    if (s->ooo_count) {
        ooo_drain(s);
        *ack_now = 1;   /* it filled (part of) a hole: ACK at once (RFC 5681 4.2) */
    }
    s->segments_unacked++;
}

static void connection_input(wsim_stream *s, const wsim_packet *p)
{
    wsim_sim *sim = s->host->sim;
    if (p->flags & WSIM_TCP_RST) {
        if (s->state == WSIM_TCP_TIME_WAIT) {
            /* RFC 1337 would ignore it; RFC 793 closes. */
            set_state(s, WSIM_TCP_CLOSED);
            return;
        }
        if (s->state == WSIM_TCP_SYN_RCVD && !s->accepted)
            s->detached = 1;  /* nobody will ever accept it */
        enter_closed(s, WSIM_SE_RESET);
        return;
    }
    if (s->state == WSIM_TCP_TIME_WAIT) {
        /* RFC 793: only the peer's FIN can come again; acknowledge it and
         * restart the 2 MSL. */
        if (p->flags & WSIM_TCP_FIN)
            enter_time_wait(s);
        if (p->len > 0 || (p->flags & WSIM_TCP_FIN))
            send_ack(s);
        return;
    }
    s->last_recv_ns = sim->now_ns;
    s->keepalive_probes = 0;
    if (s->ts_ok && p->has_timestamps && SEQ_LEQ(p->seq, s->last_ack_sent) &&
        (int32_t)(p->ts_val - s->ts_recent) >= 0)
        s->ts_recent = p->ts_val;   /* RFC 7323 4.3 */
    if (s->state == WSIM_TCP_SYN_RCVD) {
        if (!(p->flags & WSIM_TCP_ACK) || p->ack != s->iss + 1)
            return;
        s->snd_una = p->ack;
        s->snd_wnd = p->window;
        s->max_sndwnd = max_u32(s->max_sndwnd, p->window);
        s->snd_wl1 = p->seq;
        s->snd_wl2 = p->ack;
        s->retransmits = 0;
        s->rto_ns = WSIM_INITIAL_RTO_NS;
        wsim_queue_cancel(&sim->queue, &s->rto_timer);
        set_state(s, WSIM_TCP_ESTABLISHED);
        start_keepalive(s);
        wsim_stream *l = s->listener;
        if (l && l->state == WSIM_TCP_LISTEN) {
            if (l->accept_last)
                l->accept_last->accept_next = s;
            else
                l->accept_first = s;
            l->accept_last = s;
            changed(l);
        }
    }
    if (p->flags & WSIM_TCP_ACK)
        process_ack(s, p);

    int ack_now = 0;
    if ((p->flags & WSIM_TCP_URG) && receiving_state(s->state)) {
        uint32_t up = p->seq + p->urgent;
        if (SEQ_GT(up, s->rcv_nxt) && (!s->rcv_up_valid || SEQ_GT(up, s->rcv_up))) {
            s->rcv_up = up;
            s->rcv_up_valid = 1;
        }
    }
    if (p->len > 0 && receiving_state(s->state)) {
        if (s->detached) {
            /* Data for a socket the application closed: nobody can read it,
             * so the connection is reset (RFC 2525 §2.17; Windows does so). */
            send_rst(s);
            enter_closed(s, WSIM_SE_RESET);
            return;
        }
        data_in(s, p, &ack_now);
    } else if (p->len == 0 && !(p->flags & (WSIM_TCP_SYN | WSIM_TCP_FIN)) &&
               SEQ_LT(p->seq, s->rcv_nxt)) {
        ack_now = 1;   /* a window or keep-alive probe: answer with an ACK */
    }
    /* A SYN again on a synchronized connection: the peer missed the
     * handshake's last ACK (or is confused); say where we are (RFC 793,
     * RFC 5961 4). */
    if (p->flags & WSIM_TCP_SYN)
        ack_now = 1;
    if ((p->flags & WSIM_TCP_FIN) && receiving_state(s->state) && !s->fin_received) {
        uint32_t fin_seq = p->seq + p->len;
        if (fin_seq == s->rcv_nxt)
            fin_received(s);
        else if (SEQ_GT(fin_seq, s->rcv_nxt)) {
            s->ooo_fin = 1;   /* it waits behind a hole */
            s->ooo_fin_seq = fin_seq;
        }
        ack_now = 1;
    }
    if (s->ooo_fin && s->ooo_fin_seq == s->rcv_nxt && receiving_state(s->state))
        fin_received(s);
    if (p->len > 0 || (p->flags & WSIM_TCP_FIN) || ack_now) {
        const wsim_tcp_config *cfg = &s->host->tcp;
        uint32_t every = cfg_count(cfg->delayed_ack_segments, WSIM_DEFAULT_DELAYED_ACK_SEGMENTS);
        if (ack_now || !cfg->delayed_ack || s->segments_unacked >= every)
            send_ack(s);
        else if (!wsim_timer_pending(&s->delack_timer))
            wsim_queue_schedule(&sim->queue, &s->delack_timer, sim->now_ns + cfg->delayed_ack_ns);
    }
    output(s);
    changed(s);
}

void wsim_stream_input(wsim_host *host, const wsim_packet *p)
{
    reap_time_wait(host);
    wsim_stream *s = find_connection(host, p);
    /* A new SYN for a 4-tuple in TIME_WAIT starts a new connection (RFC 1122
     * 4.2.2.13): the old one goes. */
    if (s && s->state == WSIM_TCP_TIME_WAIT && (p->flags & (WSIM_TCP_SYN | WSIM_TCP_ACK)) ==
                                                   WSIM_TCP_SYN) {
        set_state(s, WSIM_TCP_CLOSED);
        maybe_free(s);
        s = NULL;
    }
    if (s) {
        if (s->state == WSIM_TCP_SYN_SENT)
            syn_sent_input(s, p);
        else
            connection_input(s, p);
        maybe_free(s);
        return;
    }
    wsim_stream *listener = find_listener(host, p);
    if (listener)
        listener_input(listener, p);
    else
        reset_reply(host, p);
}

/* ---- the application's side ---------------------------------------------- */

wsim_stream_error wsim_stream_send(wsim_stream *s, const void *data, size_t len)
{
    if (wsim_bytebuf_append(&s->sndq, data, len) != 0)
        return WSIM_SE_NOMEM;
    s->bytes_accepted += len;
    output(s);
    return WSIM_SE_NONE;
}

wsim_stream_error wsim_stream_send_urgent(wsim_stream *s, const void *data, size_t len)
{
    if (len == 0)
        return WSIM_SE_NONE;
    if (wsim_bytebuf_append(&s->sndq, data, len) != 0)
        return WSIM_SE_NOMEM;
    s->bytes_accepted += len;
    s->urgent = 1;
    s->snd_up = s->sndq_seq + (uint32_t)s->sndq.length;
    output(s);
    return WSIM_SE_NONE;
}

size_t wsim_stream_readable(const wsim_stream *s)
{
    if (!s->mark_pending)
        return s->rcvq.length;
    uint64_t before = s->mark_offset - s->bytes_read;
    if (before == 0)
        return s->rcvq.length ? 1 : 0;
    return before < s->rcvq.length ? (size_t)before : s->rcvq.length;
}

size_t wsim_stream_recv(wsim_stream *s, void *buf, size_t len)
{
    if (len > s->rcvq.length)
        len = s->rcvq.length;
    wsim_bytebuf_peek(&s->rcvq, 0, buf, len);
    wsim_bytebuf_consume(&s->rcvq, len);
    s->bytes_read += len;
    if (s->mark_pending && s->bytes_read > s->mark_offset)
        s->mark_pending = 0;
    /* A window update when the read opened the window a lot: by the
     * silly-window step and to at least twice what the peer was last told
     * (Linux's rule in tcp_cleanup_rbuf; an update for every read would
     * turn delayed ACKs into an ACK per segment). */
    uint32_t open = rcv_open(s), next = window_to_advertise(s);
    if (len && receiving_state(s->state) && next > open && next >= 2 * open)
        send_ack(s);
    return len;
}

int wsim_stream_recv_oob(wsim_stream *s, unsigned char *byte, int peek)
{
    if (!s->has_oob)
        return 0;
    *byte = s->oob_byte;
    if (!peek)
        s->has_oob = 0;
    return 1;
}

int wsim_stream_at_mark(const wsim_stream *s)
{
    return !(s->has_oob || s->mark_pending || s->rcv_up_valid);
}

int wsim_stream_at_end(const wsim_stream *s)
{
    return s->rcvq.length == 0 &&
           (s->fin_received || s->state == WSIM_TCP_CLOSED || s->error != WSIM_SE_NONE);
}

void wsim_stream_set_nodelay(wsim_stream *s, int on)
{
    s->nodelay = on;
    if (on)
        output(s);
}

void wsim_stream_set_keepalive(wsim_stream *s, int on)
{
    s->keepalive = on;
    if (on)
        start_keepalive(s);
    else
        wsim_queue_cancel(&s->host->sim->queue, &s->keepalive_timer);
}

void wsim_stream_shutdown_send(wsim_stream *s)
{
    if (s->fin_queued)
        return;
    s->fin_queued = 1;
    if (s->state == WSIM_TCP_ESTABLISHED)
        set_state(s, WSIM_TCP_FIN_WAIT_1);
    else if (s->state == WSIM_TCP_CLOSE_WAIT)
        set_state(s, WSIM_TCP_LAST_ACK);
    output(s);
}

static void abort_connection(wsim_stream *s)
{
    if (s->state != WSIM_TCP_CLOSED && s->state != WSIM_TCP_LISTEN &&
        s->state != WSIM_TCP_SYN_SENT && s->state != WSIM_TCP_TIME_WAIT)
        send_rst(s);
    enter_closed(s, WSIM_SE_NONE);
}

void wsim_stream_close(wsim_stream *s)
{
    s->detached = 1;
    s->on_change = NULL;
    if (s->state == WSIM_TCP_LISTEN) {
        /* Connections nobody accepted are reset. */
        for (wsim_stream *c = s->host->streams; c; c = c->next) {
            if (c->listener == s && !c->accepted) {
                c->detached = 1;
                abort_connection(c);
            }
            if (c->listener == s)
                c->listener = NULL;
        }
        wsim_stream *c = s->host->streams;
        while (c) {
            wsim_stream *next = c->next;
            maybe_free(c);
            c = next;
        }
        set_state(s, WSIM_TCP_CLOSED);
    } else if ((s->linger_onoff && s->linger_s == 0) || s->rcvq.length > 0 ||
               s->state == WSIM_TCP_SYN_SENT || s->state == WSIM_TCP_SYN_RCVD) {
        /* SO_LINGER {1, 0} is an abortive close: RST, queues discarded
         * (closesocket's documentation, "hard" close). */
        abort_connection(s);
    } else if (s->state != WSIM_TCP_CLOSED) {
        wsim_stream_shutdown_send(s);
    }
    maybe_free(s);
}
