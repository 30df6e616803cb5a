/* stream.c — TCP: handshake, data, ACKs, windows, retransmission, close.
 *
 * Sequence space:  iss | data bytes ... | FIN
 *   sndq holds the bytes from sndq_seq on; snd_una ≤ snd_nxt bound what is
 *   in flight.  After a timeout snd_nxt goes back to snd_una (go-back-N) and
 *   the window refills from there.
 *
 * The send side transmits whenever the peer's window (and, with congestion
 * control on, cwnd) has room: segments of at most mss bytes, PSH on the last
 * segment of what is queued.  The receive side accepts only in-order bytes
 * that fit its buffer; anything else is dropped and answered with an ACK.
 */
#include "sim/stream.h"

#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "sim/defaults.h"

#define CONTAINER_OF(ptr, type, member) ((type *)((char *)(ptr) - offsetof(type, member)))

/* Modular comparisons of 32-bit sequence numbers (RFC 1982). */
#define SEQ_LT(a, b) ((int32_t)((uint32_t)(a) - (uint32_t)(b)) < 0)
#define SEQ_LEQ(a, b) ((int32_t)((uint32_t)(a) - (uint32_t)(b)) <= 0)
#define SEQ_GT(a, b) SEQ_LT(b, a)
#define SEQ_GEQ(a, b) SEQ_LEQ(b, a)

/* Connection attempts: the SYN is retransmitted twice (Windows'
 * TcpMaxConnectRetransmissions default) before connect fails. */
#define MAX_SYN_RETRANSMISSIONS 2

static void rto_fire(wsim_timer *timer);
static void delack_fire(wsim_timer *timer);
static void output(wsim_stream *s);

const char *wsim_tcp_state_name(wsim_tcp_state state)
{
    static const char *const names[] = {
        "CLOSED", "LISTEN", "SYN_SENT", "SYN_RCVD", "ESTABLISHED", "FIN_WAIT_1",
        "FIN_WAIT_2", "CLOSE_WAIT", "CLOSING", "LAST_ACK", "TIME_WAIT",
    };
    return (unsigned)state < sizeof names / sizeof names[0] ? names[state] : "?";
}

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
    s->rto_ns = WSIM_INITIAL_RTO_NS;
    wsim_waitq_init(&s->waitq);
    wsim_bytebuf_init(&s->sndq);
    wsim_bytebuf_init(&s->rcvq);
    wsim_timer_init(&s->rto_timer, rto_fire);
    wsim_timer_init(&s->delack_timer, delack_fire);
    s->next = host->streams;
    if (host->streams)
        host->streams->prev = s;
    host->streams = s;
    return s;
}

static void stream_free(wsim_stream *s)
{
    wsim_host *host = s->host;
    wsim_queue_cancel(&host->sim->queue, &s->rto_timer);
    wsim_queue_cancel(&host->sim->queue, &s->delack_timer);
    if (s->prev)
        s->prev->next = s->next;
    else
        host->streams = s->next;
    if (s->next)
        s->next->prev = s->prev;
    wsim_bytebuf_free(&s->sndq);
    wsim_bytebuf_free(&s->rcvq);
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
    if (s->detached && (s->state == WSIM_TCP_CLOSED || s->state == WSIM_TCP_TIME_WAIT))
        stream_free(s);
}

static uint32_t mss_towards(const wsim_host *host, uint32_t ip)
{
    return (ip == host->address || wsim_is_loopback_address(ip)) ? host->tcp.loopback_mss
                                                                 : host->tcp.mss;
}

/* ---- addresses ----------------------------------------------------------- */

static int port_taken(const wsim_host *host, uint32_t ip, uint16_t port, int bound_only)
{
    for (const wsim_stream *o = host->streams; o; o = o->next) {
        if (!o->bound || o->local_port != port || o->state == WSIM_TCP_CLOSED)
            continue;
        if (bound_only && o->listener)
            continue;   /* accepted connections share their listener's port */
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
    s->state = WSIM_TCP_LISTEN;
    s->backlog = backlog < 1 ? 1 : backlog;
    return WSIM_SE_NONE;
}

/* ---- segments out -------------------------------------------------------- */

static uint32_t receive_window(const wsim_stream *s)
{
    return s->rcvq.length >= s->rcvbuf ? 0 : s->rcvbuf - (uint32_t)s->rcvq.length;
}

/* Sends one segment; payload comes from the send queue at seq.  Every
 * segment but the first SYN carries the current ACK and window. */
static void send_segment(wsim_stream *s, uint32_t seq, uint8_t flags, uint32_t len)
{
    wsim_packet *p = wsim_packet_new(len);
    if (!p)
        return; /* out of memory: behaves as a lost segment */
    p->protocol = WSIM_PROTO_TCP;
    p->header_bytes = (uint16_t)s->host->tcp.header_bytes;
    p->src_ip = s->local_ip;
    p->src_port = s->local_port;
    p->dst_ip = s->remote_ip;
    p->dst_port = s->remote_port;
    p->seq = seq;
    p->flags = flags;
    if (flags & WSIM_TCP_ACK) {
        p->ack = s->rcv_nxt;
        s->segments_unacked = 0;
        wsim_queue_cancel(&s->host->sim->queue, &s->delack_timer);
    }
    p->window = receive_window(s);
    s->adv_wnd = p->window;
    if (flags & WSIM_TCP_SYN)
        p->mss_option = (uint16_t)(s->mss > 65535 ? 65535 : s->mss);
    if (len)
        wsim_bytebuf_peek(&s->sndq, seq - s->sndq_seq, p->payload, len);
    wsim_packet_send(s->host, p);
}

static void send_ack(wsim_stream *s)
{
    send_segment(s, s->snd_nxt, WSIM_TCP_ACK, 0);
}

static void send_rst(wsim_stream *s)
{
    send_segment(s, s->snd_nxt, WSIM_TCP_RST | WSIM_TCP_ACK, 0);
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

static void output(wsim_stream *s)
{
    if (!sending_state(s->state))
        return;
    for (;;) {
        uint32_t sent = s->snd_nxt - s->sndq_seq;   /* bytes of sndq already sent */
        size_t unsent = s->sndq.length > sent ? s->sndq.length - sent : 0;
        uint32_t flight = s->snd_nxt - s->snd_una;
        uint32_t window = s->snd_wnd;
        if (s->host->tcp.congestion_control && s->cwnd < window)
            window = s->cwnd;
        if (unsent > 0) {
            if (flight >= window)
                return;
            uint32_t len = s->mss;
            if (len > unsent)
                len = (uint32_t)unsent;
            if (len > window - flight)
                len = window - flight;
            uint8_t flags = WSIM_TCP_ACK | (len == unsent ? WSIM_TCP_PSH : 0);
            send_segment(s, s->snd_nxt, flags, len);
            if (!s->rtt_timing) {
                s->rtt_timing = 1;
                s->rtt_seq = s->snd_nxt;
                s->rtt_start_ns = s->host->sim->now_ns;
            }
            s->snd_nxt += len;
            arm_rto(s);
            continue;
        }
        if (s->fin_queued && !s->fin_sent) {
            s->fin_seq = s->snd_nxt;
            send_segment(s, s->snd_nxt, WSIM_TCP_FIN | WSIM_TCP_ACK, 0);
            s->snd_nxt++;
            s->fin_sent = 1;
            arm_rto(s);
        }
        return;
    }
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
    s->cwnd = host->tcp.initial_cwnd * s->mss;
    s->ssthresh = UINT32_MAX;
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
    init_send_side(s);
    s->state = WSIM_TCP_SYN_SENT;
    send_segment(s, s->iss, WSIM_TCP_SYN, 0);
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
    s->state = WSIM_TCP_CLOSED;
    if (error && !s->error)
        s->error = error;
    /* RFC 793 (SEGMENT ARRIVES, RST): "all segment queues should be
     * flushed" — unread bytes are lost, as on Windows. */
    if (error == WSIM_SE_RESET) {
        wsim_bytebuf_clear(&s->rcvq);
    }
    wsim_bytebuf_clear(&s->sndq);
    s->sndq_seq = s->snd_nxt;
    wsim_queue_cancel(&s->host->sim->queue, &s->rto_timer);
    wsim_queue_cancel(&s->host->sim->queue, &s->delack_timer);
    changed(s);
}

/* ---- timers -------------------------------------------------------------- */

static void rto_fire(wsim_timer *timer)
{
    wsim_stream *s = CONTAINER_OF(timer, wsim_stream, rto_timer);
    s->retransmits++;
    s->rtt_timing = 0;   /* Karn: no RTT sample from a retransmitted segment */
    s->rto_ns = s->rto_ns * 2 > WSIM_MAX_RTO_NS ? WSIM_MAX_RTO_NS : s->rto_ns * 2;
    if (s->state == WSIM_TCP_SYN_SENT || s->state == WSIM_TCP_SYN_RCVD) {
        if (s->retransmits > MAX_SYN_RETRANSMISSIONS) {
            enter_closed(s, WSIM_SE_TIMEDOUT);
            maybe_free(s);
            return;
        }
        send_segment(s, s->iss, s->state == WSIM_TCP_SYN_SENT ? WSIM_TCP_SYN
                                                              : WSIM_TCP_SYN | WSIM_TCP_ACK, 0);
        arm_rto(s);
        return;
    }
    if (s->snd_una == s->snd_nxt)
        return;
    if (s->retransmits > WSIM_MAX_RETRANSMISSIONS) {
        send_rst(s);
        enter_closed(s, WSIM_SE_ABORTED);
        maybe_free(s);
        return;
    }
    uint32_t flight = s->snd_nxt - s->snd_una;
    s->ssthresh = flight / 2 > 2 * s->mss ? flight / 2 : 2 * s->mss;
    s->cwnd = s->mss;
    s->snd_nxt = s->snd_una;     /* go back N */
    if (s->fin_sent && SEQ_LEQ(s->snd_nxt, s->fin_seq))
        s->fin_sent = 0;
    output(s);
}

static void delack_fire(wsim_timer *timer)
{
    wsim_stream *s = CONTAINER_OF(timer, wsim_stream, delack_timer);
    if (s->segments_unacked)
        send_ack(s);
}

static void rtt_sample(wsim_stream *s, int64_t rtt)
{
    if (s->srtt_ns == 0) {
        s->srtt_ns = rtt;
        s->rttvar_ns = rtt / 2;
    } else {
        int64_t delta = s->srtt_ns > rtt ? s->srtt_ns - rtt : rtt - s->srtt_ns;
        s->rttvar_ns = (3 * s->rttvar_ns + delta) / 4;
        s->srtt_ns = (7 * s->srtt_ns + rtt) / 8;
    }
    int64_t rto = s->srtt_ns + 4 * s->rttvar_ns;
    if (rto < s->host->tcp.min_rto_ns)
        rto = s->host->tcp.min_rto_ns;
    if (rto > WSIM_MAX_RTO_NS)
        rto = WSIM_MAX_RTO_NS;
    s->rto_ns = rto;
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
    s->bound = 1;
    s->local_ip = p->dst_ip;
    s->local_port = p->dst_port;
    s->remote_ip = p->src_ip;
    s->remote_port = p->src_port;
    s->sndbuf = listener->sndbuf;
    s->rcvbuf = listener->rcvbuf;
    init_send_side(s);
    if (p->mss_option && p->mss_option < s->mss)
        s->mss = p->mss_option;
    s->cwnd = s->host->tcp.initial_cwnd * s->mss;
    s->irs = p->seq;
    s->rcv_nxt = p->seq + 1;
    s->snd_wnd = p->window;
    s->state = WSIM_TCP_SYN_RCVD;
    send_segment(s, s->iss, WSIM_TCP_SYN | WSIM_TCP_ACK, 0);
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
    s->irs = p->seq;
    s->rcv_nxt = p->seq + 1;
    s->snd_una = p->ack;
    s->snd_wnd = p->window;
    if (p->mss_option && p->mss_option < s->mss) {
        s->mss = p->mss_option;
        s->cwnd = s->host->tcp.initial_cwnd * s->mss;
    }
    s->retransmits = 0;
    s->rto_ns = WSIM_INITIAL_RTO_NS;
    wsim_queue_cancel(&s->host->sim->queue, &s->rto_timer);
    s->state = WSIM_TCP_ESTABLISHED;
    send_ack(s);
    changed(s);
    output(s);
}

static void fin_acked(wsim_stream *s)
{
    switch (s->state) {
    case WSIM_TCP_FIN_WAIT_1: s->state = WSIM_TCP_FIN_WAIT_2; break;
    case WSIM_TCP_CLOSING: s->state = WSIM_TCP_TIME_WAIT; break;
    case WSIM_TCP_LAST_ACK: s->state = WSIM_TCP_CLOSED; break;
    default: break;
    }
}

static void process_ack(wsim_stream *s, const wsim_packet *p)
{
    if (SEQ_GT(p->ack, s->snd_nxt) || SEQ_LT(p->ack, s->snd_una))
        return;
    s->snd_wnd = p->window;
    if (p->ack == s->snd_una)
        return;
    uint32_t acked = p->ack - s->snd_una;
    uint32_t data_acked = 0;
    if (SEQ_GT(p->ack, s->sndq_seq)) {
        data_acked = p->ack - s->sndq_seq;
        if (data_acked > s->sndq.length)
            data_acked = (uint32_t)s->sndq.length;
        wsim_bytebuf_consume(&s->sndq, data_acked);
        s->sndq_seq += data_acked;
    }
    s->snd_una = p->ack;
    if (s->rtt_timing && SEQ_GT(p->ack, s->rtt_seq)) {
        s->rtt_timing = 0;
        rtt_sample(s, s->host->sim->now_ns - s->rtt_start_ns);
    }
    s->retransmits = 0;
    wsim_queue_cancel(&s->host->sim->queue, &s->rto_timer);
    if (s->snd_una != s->snd_nxt)
        arm_rto(s);
    if (s->host->tcp.congestion_control) {
        if (s->cwnd < s->ssthresh)
            s->cwnd += acked < s->mss ? acked : s->mss;       /* slow start */
        else
            s->cwnd += (uint32_t)((uint64_t)s->mss * s->mss / s->cwnd); /* avoidance */
    }
    if (s->fin_sent && SEQ_GEQ(s->snd_una, s->fin_seq + 1))
        fin_acked(s);
}

static void fin_received(wsim_stream *s)
{
    s->fin_received = 1;
    s->rcv_nxt++;
    switch (s->state) {
    case WSIM_TCP_ESTABLISHED: s->state = WSIM_TCP_CLOSE_WAIT; break;
    case WSIM_TCP_FIN_WAIT_1: s->state = WSIM_TCP_CLOSING; break;
    case WSIM_TCP_FIN_WAIT_2: s->state = WSIM_TCP_TIME_WAIT; break;
    default: break;
    }
}

static int receiving_state(wsim_tcp_state state)
{
    return state == WSIM_TCP_ESTABLISHED || state == WSIM_TCP_FIN_WAIT_1 ||
           state == WSIM_TCP_FIN_WAIT_2;
}

static void connection_input(wsim_stream *s, const wsim_packet *p)
{
    if (p->flags & WSIM_TCP_RST) {
        if (s->state == WSIM_TCP_SYN_RCVD && !s->accepted) {
            s->detached = 1;  /* nobody will ever accept it */
            enter_closed(s, WSIM_SE_RESET);
        } else {
            enter_closed(s, WSIM_SE_RESET);
        }
        return;
    }
    if (s->state == WSIM_TCP_SYN_RCVD) {
        if (!(p->flags & WSIM_TCP_ACK) || p->ack != s->iss + 1)
            return;
        s->snd_una = p->ack;
        s->snd_wnd = p->window;
        s->retransmits = 0;
        wsim_queue_cancel(&s->host->sim->queue, &s->rto_timer);
        s->state = WSIM_TCP_ESTABLISHED;
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
    if (p->len > 0 && receiving_state(s->state)) {
        if (s->detached) {
            /* Data for a socket the application closed: nobody can read it,
             * so the connection is reset (RFC 2525 §2.17; Windows does so). */
            send_rst(s);
            enter_closed(s, WSIM_SE_RESET);
            return;
        }
        if (p->seq == s->rcv_nxt) {
            uint32_t take = receive_window(s);
            if (take > p->len)
                take = p->len;
            if (take && wsim_bytebuf_append(&s->rcvq, p->payload, take) != 0)
                take = 0;
            s->rcv_nxt += take;
            if (take < p->len)
                ack_now = 1;   /* part fell outside the window: say so at once */
            s->segments_unacked++;
        } else {
            ack_now = 1;       /* out of order or duplicate */
        }
    }
    if ((p->flags & WSIM_TCP_FIN) && p->seq + p->len == s->rcv_nxt && !s->fin_received &&
        receiving_state(s->state)) {
        fin_received(s);
        ack_now = 1;
    }
    if (p->len > 0 || (p->flags & WSIM_TCP_FIN)) {
        if (ack_now || !s->host->tcp.delayed_ack || s->segments_unacked >= 2)
            send_ack(s);
        else if (!wsim_timer_pending(&s->delack_timer))
            wsim_queue_schedule(&s->host->sim->queue, &s->delack_timer,
                                s->host->sim->now_ns + s->host->tcp.delayed_ack_ns);
    }
    output(s);
    changed(s);
}

void wsim_stream_input(wsim_host *host, const wsim_packet *p)
{
    wsim_stream *s = find_connection(host, p);
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

size_t wsim_stream_recv(wsim_stream *s, void *buf, size_t len)
{
    if (len > s->rcvq.length)
        len = s->rcvq.length;
    wsim_bytebuf_peek(&s->rcvq, 0, buf, len);
    wsim_bytebuf_consume(&s->rcvq, len);
    s->bytes_read += len;
    /* Receiver-side silly window avoidance (RFC 1122 4.2.3.3): announce the
     * window once it has grown by min(half the buffer, one MSS). */
    uint32_t window = receive_window(s);
    uint32_t step = s->rcvbuf / 2 < s->mss ? s->rcvbuf / 2 : s->mss;
    if (len && receiving_state(s->state) && window > s->adv_wnd && window - s->adv_wnd >= step)
        send_ack(s);
    return len;
}

int wsim_stream_at_end(const wsim_stream *s)
{
    return s->rcvq.length == 0 &&
           (s->fin_received || s->state == WSIM_TCP_CLOSED || s->error != WSIM_SE_NONE);
}

void wsim_stream_shutdown_send(wsim_stream *s)
{
    if (s->fin_queued)
        return;
    s->fin_queued = 1;
    if (s->state == WSIM_TCP_ESTABLISHED)
        s->state = WSIM_TCP_FIN_WAIT_1;
    else if (s->state == WSIM_TCP_CLOSE_WAIT)
        s->state = WSIM_TCP_LAST_ACK;
    output(s);
}

static void abort_connection(wsim_stream *s)
{
    if (s->state != WSIM_TCP_CLOSED && s->state != WSIM_TCP_LISTEN &&
        s->state != WSIM_TCP_SYN_SENT)
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
        s->state = WSIM_TCP_CLOSED;
    } else if (s->rcvq.length > 0 || s->state == WSIM_TCP_SYN_SENT ||
               s->state == WSIM_TCP_SYN_RCVD) {
        abort_connection(s);
    } else if (s->state != WSIM_TCP_CLOSED) {
        wsim_stream_shutdown_send(s);
    }
    maybe_free(s);
}
