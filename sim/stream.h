/* stream.h — the stream (TCP) transport of a host.
 *
 * Owns: connections and listeners, their state machine (RFC 793 states),
 * sequence numbers, the send queue (unsent plus unacknowledged bytes), the
 * receive queue (in-order bytes not yet read), the advertised window, ACKs
 * (immediate or delayed), retransmission on timeout with exponential backoff,
 * slow start / congestion avoidance, FIN on graceful close, and RST on
 * abortive close (closing with unread data) and for segments nobody owns.
 *
 * It knows nothing of Winsock: errors are wsim_stream_error values that
 * wsapi/ maps to WSAE* codes, and blocking is the caller's business — a
 * stream only wakes its waitq (and calls on_change) whenever something a
 * caller might wait for has changed.
 *
 * Lifetime: the application owns a stream until wsim_stream_close; after
 * that the stream lives on (detached) until its connection has closed, then
 * frees itself.  Streams a listener made but nobody accepted belong to the
 * listener.  wsim_stream_free_all frees whatever is left at the end.
 *
 * Not modelled yet (the network-model issue adds them): SACK, fast
 * retransmit, timestamps, Nagle, zero-window probes, keep-alive, urgent
 * data, TIME_WAIT's 2 MSL (a connection is freed on entering it).
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
    WSIM_SE_ABORTED,       /* retransmissions exhausted */
    WSIM_SE_TIMEDOUT,      /* connection attempt timed out */
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

struct wsim_stream {
    wsim_host *host;
    wsim_stream *prev, *next;          /* the host's streams */
    wsim_tcp_state state;
    wsim_stream_error error;           /* sticky: the reason it closed */
    int bound;                         /* local address chosen */
    int detached;                      /* the application closed it */
    uint32_t local_ip, remote_ip;
    uint16_t local_port, remote_port;
    wsim_waitq waitq;                  /* woken on every change */
    void (*on_change)(wsim_stream *s, void *ctx);
    void *on_change_ctx;

    /* listener side */
    int backlog;
    wsim_stream *listener;             /* for streams a listener made */
    wsim_stream *accept_next;          /* in the listener's accept queue */
    wsim_stream *accept_first, *accept_last;
    int accepted;

    /* sending */
    uint32_t iss, snd_una, snd_nxt, snd_wnd;
    uint32_t sndq_seq;                 /* sequence number of sndq's first byte */
    wsim_bytebuf sndq;                 /* unacknowledged + unsent bytes */
    uint64_t bytes_accepted;           /* stream offset: bytes the application sent */
    int fin_queued, fin_sent;
    uint32_t fin_seq;
    uint32_t sndbuf, rcvbuf, mss;
    uint32_t cwnd, ssthresh;

    /* retransmission */
    wsim_timer rto_timer;
    int64_t rto_ns, srtt_ns, rttvar_ns;
    int retransmits;
    int rtt_timing;
    uint32_t rtt_seq;
    int64_t rtt_start_ns;

    /* receiving */
    uint32_t irs, rcv_nxt;
    wsim_bytebuf rcvq;
    uint64_t bytes_read;               /* stream offset: bytes the application read */
    int fin_received;
    uint32_t adv_wnd;                  /* window in the last segment we sent */
    int segments_unacked;
    wsim_timer delack_timer;
};

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

/* Bytes that a receive can take now. */
static inline size_t wsim_stream_readable(const wsim_stream *s) { return s->rcvq.length; }
/* Copies up to len bytes out of the receive queue; may send a window update. */
size_t wsim_stream_recv(wsim_stream *s, void *buf, size_t len);
/* True when no more bytes will ever arrive (FIN read, reset, closed). */
int wsim_stream_at_end(const wsim_stream *s);

/* Queues a FIN after the bytes already queued (shutdown SD_SEND). */
void wsim_stream_shutdown_send(wsim_stream *s);
/* The application lets go: graceful close (FIN after queued data) unless
 * unread bytes remain, in which case the connection is reset (RST), as
 * Windows and RFC 2525 §2.17 do.  s must not be used afterwards. */
void wsim_stream_close(wsim_stream *s);

/* A segment arrived at host. */
void wsim_stream_input(wsim_host *host, const wsim_packet *p);
void wsim_stream_free_all(wsim_host *host);

const char *wsim_tcp_state_name(wsim_tcp_state state);

#endif
