/* net.h — nodes, links, routes and the packets that cross them.
 *
 * Owns: the physical model.  A node is a host (an address, a transport, its
 * programs) or a switch (no address: it only forwards).  A link joins two
 * nodes (or a host to itself: the loopback) and has, per direction, a
 * transmitter that sends one packet at a time, a drop-tail queue of packets
 * waiting for it (a number of packets, or of bytes), a one-way latency and
 * the impairments below.  A switch is a node whose links are its ports, so a
 * frame crossing it is stored and forwarded like any other hop.
 *
 * A packet of B payload bytes occupies the transmitter for
 * (B + header_bytes + framing_bytes) × 8 / bandwidth seconds, rounded up to
 * a nanosecond (header_bytes is set by its transport, framing_bytes by the
 * link), and arrives one latency after its last bit left, plus:
 *   jitter   a delay drawn uniformly from [0, jitter_ns];
 *   FIFO     a packet never arrives before one sent ahead of it on the same
 *            direction: arrival = max(computed arrival, previous arrival);
 *   reorder  with probability `reorder` a packet is held back reorder_delay_ns
 *            more and left out of the FIFO rule, so later packets overtake it;
 *   loss     with probability `loss` it is transmitted but never arrives;
 *   duplicate with probability `duplicate` a second copy arrives right after it.
 * Each link draws from its own random stream (WSIM_STREAM_LINK, link id), in
 * the order loss, duplicate, reorder, jitter, and draws only for impairments
 * that are configured (a clean link draws nothing).
 *
 * Routing (route.c): static shortest paths by hop count, computed from the
 * topology whatever is up or down; a host reaches its own address and
 * 127.0.0.0/8 through its loopback.  Every host forwards packets that are not
 * for it (decrementing the TTL, RFC 791); switches forward without touching it.
 *
 * A packet is a wsim_packet that owns its arrival event; the kernel frees it
 * after delivery.  Every packet's fate is a SEGMENT record (observer.h) at the
 * node where it happens: "send" (handed to the first link), "forward" (to
 * the next link; both say " wait=N" when the packet waits N ns for the
 * transmitter), "recv" (handed to the destination's transport), "duplicate"
 * (the copy, before it is handled), "drop" with the reason last in the
 * description: queue-full, loss, link-down, no-route, mtu (larger than the
 * sending node's MTU), net-down (the node's network is down), host-down (the
 * node has crashed); and "ttl-expired" at a router (datagram.c, which also
 * sends the ICMP time exceeded).
 */
#ifndef WSIM_SIM_NET_H
#define WSIM_SIM_NET_H

#include <stdint.h>

#include "sim/rng.h"
#include "sim/sim.h"

typedef struct wsim_stream wsim_stream;
typedef struct wsim_dgram wsim_dgram;
typedef struct wsim_reassembly wsim_reassembly;

/* TCP header flag bits, as on the wire. */
enum {
    WSIM_TCP_FIN = 0x01,
    WSIM_TCP_SYN = 0x02,
    WSIM_TCP_RST = 0x04,
    WSIM_TCP_PSH = 0x08,
    WSIM_TCP_ACK = 0x10,
    WSIM_TCP_URG = 0x20,
};

typedef struct wsim_link_dir wsim_link_dir;

/* IP protocol numbers of the transports that build packets. */
enum {
    WSIM_PROTO_ICMP = 1,
    WSIM_PROTO_TCP = 6,
    WSIM_PROTO_UDP = 17,
};

#define WSIM_MAX_SACK_BLOCKS 4

typedef struct wsim_sack_block {
    uint32_t left, right;              /* [left, right) in sequence space */
} wsim_sack_block;

typedef struct wsim_packet {
    wsim_timer arrive;
    wsim_link_dir *dir;
    struct wsim_packet *prev, *next;   /* in its direction's in-flight list */
    int64_t tx_start_ns;               /* when its first bit leaves */
    int64_t tx_end_ns;                 /* when its last bit has left */
    uint8_t lost;                      /* drawn lost on this hop: dropped on arrival */
    uint8_t duplicated;                /* drawn duplicated on this hop */
    uint8_t protocol;                  /* WSIM_PROTO_* */
    uint8_t ttl;
    uint16_t header_bytes;             /* IP + transport headers and options on the wire */
    uint32_t src_ip, dst_ip;           /* host byte order */
    uint16_t src_port, dst_port;
    /* TCP */
    uint32_t seq, ack, window;
    uint16_t mss_option;               /* 0 when absent (only on SYNs) */
    uint8_t flags;
    uint8_t sack_permitted;            /* on SYNs */
    uint8_t has_timestamps;
    uint8_t sack_count;
    uint32_t ts_val, ts_ecr;
    wsim_sack_block sack[WSIM_MAX_SACK_BLOCKS];
    uint16_t urgent;                   /* urgent pointer, with WSIM_TCP_URG */
    const char *note;                  /* the transport's words for the "send" record
                                          (stream.c: "cwnd=… ssthresh=…"); read only
                                          inside wsim_packet_send */
    /* IP fragments of one datagram (UDP): all share datagram_id */
    uint32_t datagram_id;
    uint32_t frag_offset;
    uint8_t frag_more;
    /* ICMP: the type and code, and the ports of the datagram it answers */
    uint8_t icmp_type, icmp_code;
    uint32_t len;
    unsigned char payload[];
} wsim_packet;

struct wsim_link_dir {
    wsim_link *link;
    wsim_host *from, *to;
    int64_t busy_until_ns;             /* transmitter free from then on */
    int64_t last_arrival_ns;           /* latest arrival under the FIFO rule */
    wsim_packet *first, *last;         /* queued, in transmission or in flight, oldest first */
};

struct wsim_link {
    wsim_sim *sim;
    int id;
    int is_loopback;
    int64_t latency_ns;
    uint64_t bandwidth_bps;
    uint32_t queue_packets;            /* drop-tail limit in packets (when queue_bytes is 0) */
    uint32_t queue_bytes;              /* drop-tail limit in bytes of IP packets, 0: none */
    uint32_t framing_bytes;            /* link-layer bytes per packet (PPP: 2) */
    /* Impairments (0 = none); drawn from the link's own random stream. */
    double loss;                       /* probability a packet is lost */
    double duplicate;                  /* probability a packet is delivered twice */
    double reorder;                    /* probability a packet is held back and overtaken */
    int64_t reorder_delay_ns;          /* how long a reordered packet is held back */
    int64_t jitter_ns;                 /* extra delay in [0, jitter_ns] */
    int up;                            /* 0 while the link is down (wsim_link_set_up) */
    wsim_rng rng;
    wsim_link_dir dir[2];              /* [0]: a→b, [1]: b→a */
};

/* Transport settings a host applies to its new streams.  Defaults and their
 * sources: sim/defaults.h; wsim_tcp_config_default (sim/stream.h) fills them
 * all.  The counts and durations marked "0: default" read 0 as their
 * default, so a config that predates them still behaves. */
typedef struct wsim_tcp_config {
    uint32_t mss;                      /* MSS option over links (MTU - 40) */
    uint32_t loopback_mss;
    uint32_t header_bytes;             /* IPv4 + TCP headers without options */
    uint32_t sndbuf, rcvbuf;
    int delayed_ack;
    int64_t delayed_ack_ns;
    uint32_t delayed_ack_segments;     /* ACK every n-th segment [2]; 0: default */
    int congestion_control;            /* slow start, avoidance, PRR on loss [1] */
    uint32_t initial_cwnd;             /* segments [10] */
    int64_t min_rto_ns;                /* [300 ms] */
    int sack;                          /* offer SACK (RFC 2018) [1] */
    int timestamps;                    /* offer timestamps (RFC 7323) [0] */
    int nagle;                         /* Nagle on for new sockets (RFC 896) [1] */
    uint32_t dupack_threshold;         /* duplicate ACKs for fast retransmit [3]; 0: default */
    uint32_t max_data_retransmissions; /* [5]; 0: default */
    uint32_t max_syn_retransmissions;  /* [2]; 0: default */
    int64_t keepalive_time_ns;         /* idle time before the first probe [2 h]; 0: default */
    int64_t keepalive_interval_ns;     /* between unanswered probes [1 s]; 0: default */
    uint32_t keepalive_probes;         /* unanswered probes that drop [10]; 0: default */
    int64_t time_wait_ns;              /* 2 MSL [240 s]; 0: default */
} wsim_tcp_config;

struct wsim_host {
    wsim_sim *sim;
    int id;                            /* hosts and switches share one numbering */
    char *name;
    int is_switch;                     /* a switch: no address, loopback or transport */
    uint32_t address;                  /* host byte order; 0 for a switch */
    uint32_t mtu;                      /* largest IP packet its interfaces send (header included) */
    int crashed;                       /* down by a host-crash fault (fault.h) */
    int net_down;                      /* its network is down: WSAENETDOWN, nothing in or out */
    int buffers_exhausted;             /* WSAENOBUFS on its own calls */
    /* The embedder's per-host state (wsapi/host.h: the Winsock provider's
     * settings), released with user_free when the host is freed. */
    void *user;
    void (*user_free)(void *user);
    wsim_link_dir **routes;            /* first hop towards each node id, NULL: none (route.c) */
    wsim_link *loopback;
    wsim_tcp_config tcp;
    wsim_rng port_rng, isn_rng;
    wsim_stream *streams;              /* every stream of the host */
    wsim_dgram *dgrams;                /* every datagram endpoint of the host (datagram.c) */
    wsim_reassembly *reassembly;       /* datagrams arriving in fragments (datagram.c) */
    uint32_t next_datagram_id;         /* IP identification of the next datagram it sends */
};

/* Adds a host with an MTU of WSIM_DEFAULT_MTU; NULL when out of memory.  The
 * loopback link is made with it. */
wsim_host *wsim_host_add(wsim_sim *sim, const char *name, uint32_t address,
                         const wsim_tcp_config *tcp, int64_t loopback_latency_ns,
                         uint64_t loopback_bps);
/* Adds a switch: a node that forwards between the links that name it. */
wsim_host *wsim_switch_add(wsim_sim *sim, const char *name);
/* Adds a link between two nodes (hosts or switches), up, without
 * impairments and without framing bytes: set those fields afterwards. */
wsim_link *wsim_link_add(wsim_sim *sim, wsim_host *a, wsim_host *b, int64_t latency_ns,
                         uint64_t bandwidth_bps, uint32_t queue_packets);
/* The host (never a switch) with that address, or NULL. */
wsim_host *wsim_host_by_address(wsim_sim *sim, uint32_t address);
wsim_host *wsim_host_by_name(wsim_sim *sim, const char *name);
void wsim_host_free(wsim_host *host);
void wsim_link_free(wsim_link *link);

/* Takes a link down or brings it up.  Going down loses every packet on it,
 * queued or on the wire, in both directions (each a "drop" record with
 * reason link-down); while down, packets handed to it are dropped so. */
void wsim_link_set_up(wsim_link *link, int up);
/* Takes a host's network down or up: while down nothing enters or leaves
 * it and its own calls fail with WSAENETDOWN (wsapi/calls.c).  Going down
 * loses the packets it has not finished transmitting. */
void wsim_host_set_network(wsim_host *host, int up);
/* Drops, with `reason`, every packet on the host's outgoing links whose
 * transmission has not finished (a crash or a failed interface loses them). */
void wsim_host_flush_outgoing(wsim_host *host, const char *reason);

/* The direction a packet from host to dst_ip leaves by, or NULL when there is
 * no route or the first link of the route is down: a host knows at once
 * that its own link is down, not that one further along is (S16). */
wsim_link_dir *wsim_route(wsim_host *host, uint32_t dst_ip);
/* The source address host uses towards dst_ip. */
uint32_t wsim_source_address(wsim_host *host, uint32_t dst_ip);
static inline int wsim_is_loopback_address(uint32_t ip) { return (ip >> 24) == 127; }

/* A packet with room for len payload bytes; NULL when out of memory. */
wsim_packet *wsim_packet_new(uint32_t len);
/* Hands a packet from its source host to the first link of its route:
 * queued for transmission, or dropped (and freed) with a reason.  A ttl of
 * 0 becomes WSIM_DEFAULT_TTL.  A crashed host sends nothing: its packets
 * are freed without a record (they are the echo of its sockets vanishing).
 * Returns 0 when it was queued. */
int wsim_packet_send(wsim_host *from, wsim_packet *packet);

/* Nanoseconds to serialize `bytes` at `bps`, rounded up. */
int64_t wsim_serialization_ns(uint64_t bytes, uint64_t bps);

#endif
