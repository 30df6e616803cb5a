/* datagram.h — the datagram (UDP) transport of a host, IP fragmentation and
 * reassembly, and the ICMP errors datagrams draw.
 *
 * Owns: datagram endpoints (wsim_dgram: a bound port, an optional default
 * peer, SO_BROADCAST, IP_TTL, a receive queue bounded by SO_RCVBUF), the
 * datagrams they send (an 8-byte UDP header and a 20-byte IPv4 header on the
 * wire, packet header_bytes 28), their fragments when a datagram does not fit
 * the first hop's MTU, the reassembly of fragments at the receiver, and ICMP
 * port unreachable / time exceeded messages (RFC 768, RFC 791, RFC 792,
 * RFC 1122).
 *
 * It knows nothing of Winsock: errors are wsim_dgram_error values that
 * wsapi/ maps to WSAE* codes.  Like a stream, an endpoint wakes its waitq
 * and calls on_change whenever something a caller may wait for arrives.
 *
 * The receive queue holds entries in arrival order: whole datagrams, and
 * error indications.  An ICMP error about a datagram this endpoint sent
 * becomes an error entry (WSIM_DE_PORT_UNREACHABLE, WSIM_DE_TTL_EXPIRED):
 * the receive that reaches it fails with it, once per ICMP message, as
 * Windows reports port unreachable on the next recvfrom and never on sendto
 * (Microsoft KB 263823; OpenJDK bug JDK-4431020 observes one WSAECONNRESET
 * per ICMP message).  Error entries take no room in SO_RCVBUF.
 *
 * Sending never waits: a datagram is handed to IP whole or refused with an
 * error (the link's drop-tail queue may still lose it, and says so in the
 * trace).
 *
 * Ports: UDP ports are a namespace of their own, apart from TCP's; ephemeral
 * ports come from the host's port stream, like a stream's.
 *
 * Fragments (RFC 791): a datagram whose IP packet exceeds the MTU of the
 * link it leaves by is cut into fragments of at most MTU - 20 bytes of IP
 * payload, a multiple of 8 but for the last.  The first fragment carries the
 * UDP header (header_bytes 28), the others only an IP header (20).
 * frag_offset is the fragment's byte offset in the IP payload (the UDP
 * header counts), frag_more is set on every fragment but the last, and all
 * share datagram_id.  Every fragment also carries the datagram's ports, for
 * the trace; reassembly keys on (source, destination, protocol, id) only.
 * Fragments are only cut at the source: a forwarding node does not cut them
 * again (net.c drops a packet larger than a node's MTU).  A datagram that
 * is not complete 60 s after its first fragment arrived is discarded
 * (RFC 1122 3.3.2), so one lost fragment loses the whole datagram; no ICMP
 * reassembly time exceeded is sent (RFC 792 makes it optional).
 *
 * Records: besides the send/recv records of net.c, the transport emits a
 * SEGMENT "drop" at the receiving host for every datagram it discards, its
 * text naming why: "rcvbuf-full", "port-unreachable" (answered with ICMP),
 * "not-from-peer" (a connected endpoint takes only its peer's datagrams),
 * "reassembly-timeout", "ttl-expired" (at the forwarding node).
 */
#ifndef WSIM_SIM_DATAGRAM_H
#define WSIM_SIM_DATAGRAM_H

#include <stddef.h>
#include <stdint.h>

#include "sim/net.h"
#include "sim/sim.h"

/* Header sizes on the wire (RFC 791, RFC 768, RFC 792). */
#define WSIM_IP_HEADER_BYTES 20u
#define WSIM_UDP_HEADER_BYTES 8u
#define WSIM_ICMP_HEADER_BYTES 8u

/* The largest UDP payload IPv4 can carry: 65535 - 20 - 8.  Windows reports
 * it as SO_MAX_MSG_SIZE of a UDP socket (Wine's Windows-run
 * test_extendedSocketOptions). */
#define WSIM_UDP_MAX_PAYLOAD 65507u

#define WSIM_BROADCAST_ADDRESS 0xFFFFFFFFu

/* ICMP types and codes (RFC 792). */
enum {
    WSIM_ICMP_UNREACHABLE = 3,
    WSIM_ICMP_CODE_PORT_UNREACHABLE = 3,
    WSIM_ICMP_TIME_EXCEEDED = 11,
    WSIM_ICMP_CODE_TTL_EXCEEDED = 0,
};

typedef enum wsim_dgram_error {
    WSIM_DE_NONE = 0,
    WSIM_DE_PORT_UNREACHABLE,   /* an ICMP port unreachable answered a datagram sent */
    WSIM_DE_TTL_EXPIRED,        /* an ICMP time exceeded answered a datagram sent */
    WSIM_DE_MSGSIZE,            /* more than WSIM_UDP_MAX_PAYLOAD bytes */
    WSIM_DE_ACCESS,             /* a broadcast address without SO_BROADCAST */
    WSIM_DE_UNREACHABLE,        /* no route to the destination */
    WSIM_DE_ADDRINUSE,
    WSIM_DE_ADDRNOTAVAIL,
    WSIM_DE_NOMEM,
} wsim_dgram_error;

/* One entry of a receive queue: a datagram (error NONE) from src_ip:src_port,
 * or an error indication (len 0, no source). */
typedef struct wsim_dgram_entry {
    struct wsim_dgram_entry *next;
    wsim_dgram_error error;
    uint32_t src_ip;                   /* host byte order */
    uint16_t src_port;
    uint32_t len;
    unsigned char data[];
} wsim_dgram_entry;

struct wsim_dgram {
    wsim_host *host;
    wsim_dgram *prev, *next;           /* the host's endpoints */
    int bound;
    uint32_t local_ip;                 /* 0: any of the host's addresses */
    uint16_t local_port;
    int connected;                     /* a default peer is set */
    uint32_t remote_ip;
    uint16_t remote_port;
    int broadcast;                     /* SO_BROADCAST */
    uint8_t ttl;                       /* IP_TTL */
    uint32_t sndbuf, rcvbuf;           /* SO_SNDBUF (reported only), SO_RCVBUF */
    wsim_dgram_entry *first, *last;    /* the receive queue, oldest first */
    size_t queued_bytes;               /* datagram bytes in it, held against rcvbuf */
    wsim_waitq waitq;                  /* woken whenever an entry is queued */
    void (*on_change)(wsim_dgram *d, void *ctx);
    void *on_change_ctx;
};

/* A new, unbound endpoint with the host's buffer sizes and the default TTL;
 * NULL when out of memory. */
wsim_dgram *wsim_dgram_new(wsim_host *host);
/* ip 0 = any local address; port 0 = an ephemeral port drawn from the seed. */
wsim_dgram_error wsim_dgram_bind(wsim_dgram *d, uint32_t ip, uint16_t port);
/* Sets the default peer (binding an ephemeral port first when unbound);
 * ip 0 with port 0 dissolves it. */
wsim_dgram_error wsim_dgram_connect(wsim_dgram *d, uint32_t ip, uint16_t port);
/* The checks a send makes, in this order, without sending: the size, the
 * destination address, SO_BROADCAST, the route. */
wsim_dgram_error wsim_dgram_check_send(const wsim_dgram *d, uint32_t ip, uint16_t port,
                                       size_t len);
/* Checks, binds an ephemeral port when unbound, and hands one datagram of
 * len bytes (0 allowed) to IP, fragmented when it exceeds the MTU of the
 * link it leaves by.  A datagram to the limited broadcast address is one
 * datagram like any other: net.c decides where it goes. */
wsim_dgram_error wsim_dgram_send(wsim_dgram *d, uint32_t ip, uint16_t port, const void *data,
                                 size_t len);

/* The oldest entry of the receive queue, or NULL; pop removes it. */
static inline const wsim_dgram_entry *wsim_dgram_peek(const wsim_dgram *d) { return d->first; }
void wsim_dgram_pop(wsim_dgram *d);

/* The application lets go: the endpoint and its queue are freed. */
void wsim_dgram_close(wsim_dgram *d);

/* A UDP or ICMP packet arrived at host (its final destination). */
void wsim_dgram_input(wsim_host *host, const wsim_packet *p);
/* For a node forwarding p: decrements p's TTL and returns 1 when p may go
 * on; returns 0 when the TTL ran out, after recording the drop and sending
 * ICMP time exceeded to p's source (RFC 1812 5.3.1; only for a first
 * fragment and never about an ICMP error, RFC 792).  The caller then
 * discards p. */
int wsim_dgram_forward_ttl(wsim_host *node, wsim_packet *p);

/* Frees every endpoint and reassembly of host (at the end of a run). */
void wsim_dgram_free_all(wsim_host *host);

#endif
