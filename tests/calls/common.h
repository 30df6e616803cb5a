/* common.h — what the calls tests share: a two-host network, sockets
 * connected over it or over a host's loopback, and the timings of the
 * documented model (README, "The model") that their expected values are
 * computed from.
 *
 * Each test executable includes it once; its state (the world, what the
 * programs saw) is that executable's own.
 *
 * Timings: a packet of B payload bytes occupies a link for
 * (B + header) × 8 / bandwidth seconds, rounded up to a nanosecond, then
 * travels one latency.  A segment's header is 40 bytes; a SYN or SYN-ACK
 * carries 12 more, the MSS, window-scale and SACK-permitted options
 * (sim/stream.c, header_bytes: SACK is offered by default, timestamps are
 * not).  Links: 10 ms, 10 Mbit/s between the hosts; each host's loopback
 * 10 µs, 10 Gbit/s (sim/defaults.h).  ACKs go at once (delayed ACKs off).
 */
#ifndef WSIM_TESTS_CALLS_COMMON_H
#define WSIM_TESTS_CALLS_COMMON_H

#include <winsock2.h>
#include <ws2tcpip.h>
#include <windows.h>

#include <stdlib.h>
#include <string.h>

#include "sim/defaults.h"
#include "tests/support/cases.h"
#include "tests/support/world.h"

#define US 1000LL
#define CLOSED_PORT 6000            /* nobody listens there: a SYN draws an RST */
#define LATENCY_NS (10 * MS)
#define BANDWIDTH 10000000ULL       /* 10 Mbit/s */
#define HEADER 40u
#define SYN_HEADER (HEADER + 12u)
#define CLIENT_START MS             /* the client starts 1 ms after the server (run_pair) */

static inline uint64_t ceil_div(uint64_t a, uint64_t b) { return (a + b - 1) / b; }

/* Serialization on the link between the hosts, of a segment with `payload`
 * bytes and of a SYN or SYN-ACK. */
static inline int64_t ser(uint64_t payload)
{
    return (int64_t)ceil_div((payload + HEADER) * 8u * 1000000000u, BANDWIDTH);
}

static inline int64_t ser_syn(void)
{
    return (int64_t)ceil_div((uint64_t)SYN_HEADER * 8u * 1000000000u, BANDWIDTH);
}

/* A blocking connect between the hosts returns this long after it starts:
 * the SYN there, the SYN-ACK back.  The listener has the connection one
 * ACK later: ser(0) + LATENCY_NS after that. */
static inline int64_t handshake(void) { return 2 * (ser_syn() + LATENCY_NS); }

/* A segment on a host's loopback arrives this long after it is sent. */
static inline int64_t loopback(uint64_t payload)
{
    return (int64_t)ceil_div((payload + HEADER) * 8u * 1000000000u, WSIM_DEFAULT_LOOPBACK_BPS) +
           WSIM_DEFAULT_LOOPBACK_LATENCY_NS;
}

/* Host a (10.0.0.1) and host b (10.0.0.2), one 10 ms, 10 Mbit/s link,
 * ACKs at once. */
static inline void two_hosts(void)
{
    new_world(1, 600 * SEC)->tcp.delayed_ack = 0;
    link_two_hosts(LATENCY_NS, BANDWIDTH, 100);
}

/* A connected pair over the calling host's loopback, on `port`. */
static inline void loopback_pair(int port, SOCKET *client, SOCKET *server)
{
    SOCKET l = listen_on("127.0.0.1", port, 5);
    *client = connect_to("127.0.0.1", port);
    *server = accept(l, NULL, NULL);
    closesocket(l);
}

#endif
