/* net.h — hosts, links and the packets that cross them.
 *
 * Owns: the physical model.  A link joins two hosts (or a host to itself: the
 * loopback) and has, per direction, a transmitter that sends one packet at a
 * time (serialization delay = (payload + header + framing bytes) × 8 /
 * bandwidth), a
 * drop-tail queue of packets waiting for it, and a one-way latency.  A packet
 * Serialization counts the packet's own header_bytes (set by its transport)
 * plus the link's framing_bytes.  A packet
 * is a wsim_packet that owns its arrival event; the kernel frees it after
 * delivery.  Every packet's fate (sent, dropped and why, received) is emitted
 * as a SEGMENT record.
 *
 * Routing (for now): a host reaches its own addresses and 127.0.0.0/8 through
 * its loopback, and a neighbour through the direct link to it; anything else
 * is unreachable.
 */
#ifndef WSIM_SIM_NET_H
#define WSIM_SIM_NET_H

#include <stdint.h>

#include "sim/rng.h"
#include "sim/sim.h"

typedef struct wsim_stream wsim_stream;

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
    wsim_packet *first, *last;         /* in flight, oldest first */
};

struct wsim_link {
    wsim_sim *sim;
    int id;
    int is_loopback;
    int64_t latency_ns;
    uint64_t bandwidth_bps;
    uint32_t queue_packets;
    uint32_t framing_bytes;            /* link-layer bytes per packet (PPP: 2) */
    /* Impairments (0 = none); drawn from the link's own random stream. */
    double loss;                       /* probability a packet is lost */
    double duplicate;                  /* probability a packet is delivered twice */
    double reorder;                    /* probability a packet may overtake others */
    int64_t jitter_ns;                 /* extra delay in [0, jitter_ns] */
    int up;                            /* 0 while the link is down */
    wsim_rng rng;
    wsim_link_dir dir[2];              /* [0]: a→b, [1]: b→a */
};

/* Transport settings a host applies to its new streams. */
typedef struct wsim_tcp_config {
    uint32_t mss;                      /* over links */
    uint32_t loopback_mss;
    uint32_t header_bytes;
    uint32_t sndbuf, rcvbuf;
    int delayed_ack;
    int64_t delayed_ack_ns;
    int congestion_control;
    uint32_t initial_cwnd;
    int64_t min_rto_ns;
} wsim_tcp_config;

struct wsim_host {
    wsim_sim *sim;
    int id;
    char *name;
    uint32_t address;                  /* host byte order */
    wsim_link *loopback;
    wsim_tcp_config tcp;
    wsim_rng port_rng, isn_rng;
    wsim_stream *streams;              /* every stream of the host */
};

/* Adds a host; NULL when out of memory.  The loopback link is made with it. */
wsim_host *wsim_host_add(wsim_sim *sim, const char *name, uint32_t address,
                         const wsim_tcp_config *tcp, int64_t loopback_latency_ns,
                         uint64_t loopback_bps);
wsim_link *wsim_link_add(wsim_sim *sim, wsim_host *a, wsim_host *b, int64_t latency_ns,
                         uint64_t bandwidth_bps, uint32_t queue_packets);
wsim_host *wsim_host_by_address(wsim_sim *sim, uint32_t address);
wsim_host *wsim_host_by_name(wsim_sim *sim, const char *name);
void wsim_host_free(wsim_host *host);
void wsim_link_free(wsim_link *link);

/* The direction a packet from host to dst_ip leaves by, or NULL when there is
 * no route. */
wsim_link_dir *wsim_route(wsim_host *host, uint32_t dst_ip);
/* The source address host uses towards dst_ip. */
uint32_t wsim_source_address(wsim_host *host, uint32_t dst_ip);
static inline int wsim_is_loopback_address(uint32_t ip) { return (ip >> 24) == 127; }

/* A packet with room for len payload bytes; NULL when out of memory. */
wsim_packet *wsim_packet_new(uint32_t len);
/* Hands the packet to the link: queued for transmission, or dropped (and
 * freed) when the queue is full or there is no route.  Returns 0 when it was
 * queued. */
int wsim_packet_send(wsim_host *from, wsim_packet *packet);

/* Nanoseconds to serialize `bytes` at `bps`, rounded up. */
int64_t wsim_serialization_ns(uint64_t bytes, uint64_t bps);

#endif
