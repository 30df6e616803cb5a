/* stream.h — the stream (TCP) transport of a host.
 *
 * Owns: connections and listeners, their state machine (RFC 793 states),
 * sequence numbers, the send queue (unsent plus unacknowledged bytes) and the
 * sender's scoreboard of segments in flight (RFC 6675), the receive queue
 * (in-order bytes not yet read) and the out-of-order queue behind it, the
 * advertised window with receiver-side silly-window avoidance, ACKs
 * (immediate or delayed, with SACK blocks, RFC 2018), timestamps (RFC 7323),
 * retransmission on timeout (RFC 6298), fast retransmit and loss recovery
 * (RFC 6675 with Proportional Rate Reduction, RFC 6937; NewReno, RFC 6582,
 * when the peer does not do SACK), congestion control (RFC 5681), Nagle's
 * algorithm (RFC 896), zero-window probes (RFC 1122 4.2.2.17), keep-alive
 * (RFC 1122 4.2.3.6), urgent data, graceful close in each direction,
 * TIME_WAIT, and RST on abortive close (closing with unread data, or with
 * SO_LINGER {1, 0}) and for segments nobody owns.  Every default and its
 * source is in sim/defaults.h; a host's settings are its wsim_tcp_config.
 *
 * It knows nothing of Winsock: errors are wsim_stream_error values that
 * wsapi/ maps to WSAE* codes, and blocking is the caller's business — a
 * stream only wakes its waitq (and calls on_change) whenever something a
 * caller might wait for has changed.
 *
 * Lifetime: the application owns a stream until wsim_stream_close; after
 * that the stream lives on (detached) until its connection has closed (and
 * TIME_WAIT has passed), then frees itself.  Streams a listener made but
 * nobody accepted belong to the listener.  wsim_stream_free_all frees
 * whatever is left at the end.  TIME_WAIT needs no event: a stream in it is
 * reaped when the host next looks at its streams after the 2 MSL have passed
 * (so a connection resting in TIME_WAIT never keeps a run from ending).
 *
 * The delivery checker (always on): whenever a receiver appends in-order
 * bytes to its receive queue, it finds the peer stream (the reversed 4-tuple
 * on the peer host, with the peer's initial sequence number equal to this
 * stream's irs) and compares the bytes with the peer's send queue at the same
 * sequence number.  The bytes must still be there (a byte acknowledged before
 * it was delivered, or delivered twice, is missing from it) and equal.  Any
 * difference is a bug in this file: the checker prints what differs and
 * calls abort().  It skips the check when the peer stream is gone or its
 * connection failed (its send queue was flushed).  So in every run, every
 * byte a stream accepted is delivered exactly once and in order, unless the
 * connection fails.
 */
#ifndef WSIM_SIM_STREAM_H
#define WSIM_SIM_STREAM_H

#include <stddef.h>
#include <stdint.h>

#include "sim/bytebuf.h"
#include "sim/net.h"
#include "sim/queue.h"
#include "sim/sim.h"

typedef enum wsim_stream_error {
    WSIM_SE_NONE = 0,
    WSIM_SE_REFUSED,       /* RST answered our SYN */
    WSIM_SE_RESET,         /* RST on an open connection */
    WSIM_SE_UNREACHABLE,   /* no route to the peer */
    WSIM_SE_ABORTED,       /* retransmissions (or window probes) exhausted */
    WSIM_SE_TIMEDOUT,      /* connection attempt timed out, or keep-alive
                              probes went unanswered (the only way an
                              established connection gets this error) */
    WSIM_SE_ADDRINUSE,
    WSIM_SE_ADDRNOTAVAIL,
    WSIM_SE_NOMEM,
} wsim_stream_error;

typedef enum wsim_tcp_state {
    WSIM_TCP_CLOSED,
    WSIM_TCP_LISTEN,
    WSIM_TCP_SYN_SENT,
    WSIM_TCP_SYN_RCVD,
    WSIM_TCP_ESTABLISHED,
    WSIM_TCP_FIN_WAIT_1,
    WSIM_TCP_FIN_WAIT_2,
    WSIM_TCP_CLOSE_WAIT,
    WSIM_TCP_CLOSING,
    WSIM_TCP_LAST_ACK,
    WSIM_TCP_TIME_WAIT,
} wsim_tcp_state;

/* Loss recovery state of the sender (the names Linux and ns-3 use). */
typedef enum wsim_cc_state {
    WSIM_CC_OPEN,          /* no loss known */
    WSIM_CC_RECOVERY,      /* fast recovery after duplicate ACKs, until recover is acked */
    WSIM_CC_LOSS,          /* after a retransmission timeout, until recover is acked */
} wsim_cc_state;

/* One segment sent and not yet cumulatively acknowledged: [seq, seq + len)
 * in sequence space, where a FIN counts one.  Segments keep the boundaries
 * they were first sent with, so a retransmission resends exactly one. */
typedef struct wsim_tcp_seg {
    uint32_t seq, len;
    uint8_t fin;           /* the last unit of the segment is the FIN */
    uint8_t sacked;        /* the receiver holds it (a SACK block covered it) */
    uint8_t lost;          /* deemed lost (RFC 6675 IsLost, or after a timeout) */
    uint8_t retrans;       /* retransmitted since it was deemed lost */
} wsim_tcp_seg;

/* One run of bytes the receiver holds beyond a hole. */
typedef struct wsim_ooo_seg {
    uint32_t seq, len;
    unsigned char *data;
} wsim_ooo_seg;

struct wsim_stream {
    wsim_host *host;
    wsim_stream *prev, *next;          /* the host's streams */
    wsim_tcp_state state;
    wsim_stream_error error;           /* sticky: the reason it closed */
    int bound;                         /* local address chosen */
    int detached;                      /* the application closed it */
    int passive;                       /* made by a listener */
    uint32_t local_ip, remote_ip;
    uint16_t local_port, remote_port;
    wsim_waitq waitq;                  /* woken on every change */
    void (*on_change)(wsim_stream *s, void *ctx);
    void *on_change_ctx;

    /* socket options */
    int nodelay;                       /* TCP_NODELAY: Nagle off */
    int keepalive;                     /* SO_KEEPALIVE */
    int oobinline;                     /* SO_OOBINLINE */
    uint16_t linger_onoff, linger_s;   /* SO_LINGER; {1, 0} makes close abortive */

    /* listener side */
    int backlog;
    wsim_stream *listener;             /* for streams a listener made */
    wsim_stream *accept_next;          /* in the listener's accept queue */
    wsim_stream *accept_first, *accept_last;
    int accepted;

    /* negotiated on the handshake */
    int sack_ok, ts_ok;
    uint32_t mss;                      /* payload bytes per segment (options taken off) */

    /* sending */
    uint32_t iss, snd_una, snd_nxt, snd_wnd, max_sndwnd;
    uint32_t snd_wl1, snd_wl2;         /* segment that last updated snd_wnd (RFC 793) */
    uint32_t sndq_seq;                 /* sequence number of sndq's first byte */
    wsim_bytebuf sndq;                 /* unacknowledged + unsent bytes */
    uint64_t bytes_accepted;           /* stream offset: bytes the application sent */
    int fin_queued, fin_sent;
    uint32_t fin_seq;
    uint32_t sndbuf, rcvbuf;
    int urgent;                        /* snd_up is valid */
    uint32_t snd_up;                   /* sequence number after the urgent byte */

    /* the scoreboard: segments in [snd_una, snd_nxt), oldest first, in a ring */
    wsim_tcp_seg *sb;
    uint32_t sb_cap, sb_head, sb_count;
    uint32_t sacked_bytes, lost_bytes, retrans_bytes;
    uint32_t high_sack;                /* end of the highest SACKed segment */
    uint32_t rtx_next;                 /* no lost, unretransmitted segment below it */

    /* congestion control and loss recovery */
    uint32_t cwnd, ssthresh;
    wsim_cc_state cc_state;
    uint32_t dupacks;
    uint32_t recover;                  /* snd_nxt when recovery (or LOSS) began */
    uint32_t prr_delivered, prr_out, recover_fs;   /* RFC 6937 */
    uint32_t reno_dup_bytes;           /* without SACK: bytes dup ACKs said arrived */

    /* retransmission timer (RFC 6298) */
    wsim_timer rto_timer;
    int64_t rto_ns, srtt_ns, rttvar_ns;
    int have_rtt;
    uint32_t retransmits;              /* timeouts in a row for the same data */
    int rtt_timing;                    /* without timestamps: one segment timed */
    uint32_t rtt_seq;
    int64_t rtt_start_ns;

    /* zero-window probes and the silly-window override (RFC 1122 4.2.2.17, 4.2.3.4) */
    wsim_timer persist_timer;
    uint32_t persist_backoff, probes_unanswered;

    /* keep-alive (RFC 1122 4.2.3.6) */
    wsim_timer keepalive_timer;
    uint32_t keepalive_probes;         /* sent and unanswered */
    int64_t last_recv_ns;              /* when the peer was last heard from */

    /* receiving */
    uint32_t irs, rcv_nxt;
    uint32_t rcv_adv;                  /* right edge of the window last advertised */
    wsim_bytebuf rcvq;
    uint64_t bytes_read;               /* stream offset: bytes the application read */
    int fin_received;
    int ooo_fin;                       /* a FIN arrived beyond a hole, at ooo_fin_seq */
    uint32_t ooo_fin_seq;
    uint32_t segments_unacked;
    wsim_timer delack_timer;
    wsim_ooo_seg *ooo;                 /* out-of-order runs, sorted, disjoint */
    uint32_t ooo_count, ooo_cap, ooo_bytes;
    uint32_t sack_recent[WSIM_MAX_SACK_BLOCKS];    /* a byte of each recently changed run */
    uint32_t sack_recent_count;
    uint32_t ts_recent, last_ack_sent; /* RFC 7323 */

    /* urgent data received */
    int rcv_up_valid;
    uint32_t rcv_up;                   /* sequence number after the urgent byte */
    int has_oob;                       /* an urgent byte waits for recv(MSG_OOB) */
    unsigned char oob_byte;
    int mark_pending;                  /* SO_OOBINLINE: the urgent byte is unread, */
    uint64_t mark_offset;              /* at this stream offset */

    int64_t time_wait_until_ns;
};

/* Every field of a wsim_tcp_config at its documented default (defaults.h). */
void wsim_tcp_config_default(wsim_tcp_config *cfg);

wsim_stream *wsim_stream_new(wsim_host *host);

/* ip 0 = any local address; port 0 = an ephemeral port drawn from the seed. */
wsim_stream_error wsim_stream_bind(wsim_stream *s, uint32_t ip, uint16_t port);
wsim_stream_error wsim_stream_listen(wsim_stream *s, int backlog);
/* The next connection a listener completed, or NULL. */
wsim_stream *wsim_stream_accept(wsim_stream *listener);
/* Starts the handshake; the result shows in s->state / s->error later. */
wsim_stream_error wsim_stream_connect(wsim_stream *s, uint32_t ip, uint16_t port);

/* Bytes in the send queue: unsent plus unacknowledged. */
static inline size_t wsim_stream_queued(const wsim_stream *s) { return s->sndq.length; }
/* Appends len bytes to the send queue and transmits what the windows allow.
 * Returns WSIM_SE_NONE or WSIM_SE_NOMEM. */
wsim_stream_error wsim_stream_send(wsim_stream *s, const void *data, size_t len);
/* The same for MSG_OOB: the last byte is urgent (BSD's reading of the
 * urgent pointer, which Windows follows by default). */
wsim_stream_error wsim_stream_send_urgent(wsim_stream *s, const void *data, size_t len);

/* Bytes that a receive can take now.  With SO_OOBINLINE a receive stops
 * before an unread urgent byte and returns that byte on its own: a recv
 * never mixes urgent and normal data. */
size_t wsim_stream_readable(const wsim_stream *s);
/* Copies up to len bytes out of the receive queue; may send a window update. */
size_t wsim_stream_recv(wsim_stream *s, void *buf, size_t len);
/* recv(MSG_OOB) without SO_OOBINLINE: 1 and the urgent byte when one waits
 * (consumed unless peek), 0 otherwise. */
int wsim_stream_recv_oob(wsim_stream *s, unsigned char *byte, int peek);
/* SIOCATMARK: 1 when no urgent data waits to be read. */
int wsim_stream_at_mark(const wsim_stream *s);
/* True when no more bytes will ever arrive (FIN read, reset, closed). */
int wsim_stream_at_end(const wsim_stream *s);

/* TCP_NODELAY and SO_KEEPALIVE (the rest of the options are plain fields). */
void wsim_stream_set_nodelay(wsim_stream *s, int on);
void wsim_stream_set_keepalive(wsim_stream *s, int on);

/* Queues a FIN after the bytes already queued (shutdown SD_SEND). */
void wsim_stream_shutdown_send(wsim_stream *s);
/* The application lets go: graceful close (FIN after queued data) unless
 * unread bytes remain or SO_LINGER is {1, 0}, in which case the connection
 * is reset (RST), as Windows and RFC 2525 §2.17 do.  s must not be used
 * afterwards. */
void wsim_stream_close(wsim_stream *s);

/* A segment arrived at host. */
void wsim_stream_input(wsim_host *host, const wsim_packet *p);
void wsim_stream_free_all(wsim_host *host);


/* The invariants of stream.c's state machine that hold at any moment (T2,
 * T3); a no-op in unchecked builds (sim/check.h). */
void wsim_stream_check(const wsim_stream *s);

#endif
