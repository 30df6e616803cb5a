/* defaults.h — every default of the model, with its unit and its source.
 *
 * Scenarios may override most of these (scenarios/FORMAT.md); the ones here
 * are what a host gets when the scenario says nothing.
 */
#ifndef WSIM_SIM_DEFAULTS_H
#define WSIM_SIM_DEFAULTS_H

#define WSIM_NS_PER_US 1000LL
#define WSIM_NS_PER_MS 1000000LL
#define WSIM_NS_PER_S 1000000000LL

/* Stream send/receive buffers: 64 KiB, the SO_SNDBUF/SO_RCVBUF value modern
 * Windows reports for a new TCP socket (Wine's Windows-run test_so_sndbuf
 * family accepts it; KB 214397 describes the send-buffer rule). */
#define WSIM_DEFAULT_SNDBUF 65536u
#define WSIM_DEFAULT_RCVBUF 65536u

/* Ethernet MSS: 1500-byte MTU minus 20 bytes IPv4 and 20 bytes TCP header. */
#define WSIM_DEFAULT_MSS 1460u
#define WSIM_DEFAULT_HEADER_BYTES 40u

/* Delayed ACK: every second full segment or 200 ms (Windows'
 * TcpDelAckTicks default of 2 ticks of 100 ms). */
#define WSIM_DEFAULT_DELAYED_ACK_NS (200 * WSIM_NS_PER_MS)

/* Initial congestion window in segments (RFC 6928). */
#define WSIM_DEFAULT_INITIAL_CWND 10u

/* Retransmission timer (RFC 6298): initial 1 s, minimum 300 ms (Windows'
 * MinRto default), maximum 60 s; doubled on every expiry.  Windows gives up
 * after TcpMaxDataRetransmissions = 5 retransmissions of one segment. */
#define WSIM_INITIAL_RTO_NS (1 * WSIM_NS_PER_S)
#define WSIM_DEFAULT_MIN_RTO_NS (300 * WSIM_NS_PER_MS)
#define WSIM_MAX_RTO_NS (60 * WSIM_NS_PER_S)
#define WSIM_MAX_RETRANSMISSIONS 5

/* Windows' dynamic (ephemeral) port range, 49152–65535 (IANA; the default
 * since Windows Vista, KB 929851). */
#define WSIM_EPHEMERAL_PORT_LOW 49152u
#define WSIM_EPHEMERAL_PORT_HIGH 65535u

/* Loopback: modelled as a fast link from a host to itself. */
#define WSIM_DEFAULT_LOOPBACK_LATENCY_NS (10 * WSIM_NS_PER_US)
#define WSIM_DEFAULT_LOOPBACK_BPS 10000000000ULL
#define WSIM_DEFAULT_LOOPBACK_MTU 65535u

/* Links. */
#define WSIM_DEFAULT_LINK_LATENCY_NS (1 * WSIM_NS_PER_MS)
#define WSIM_DEFAULT_LINK_BPS 100000000ULL
#define WSIM_DEFAULT_LINK_QUEUE 100u

/* A run stops at 60 s of virtual time unless the scenario says otherwise. */
#define WSIM_DEFAULT_STOP_NS (60 * WSIM_NS_PER_S)

/* Fiber stacks: 1 MiB reserved, committed as touched. */
#define WSIM_DEFAULT_STACK_BYTES (1u << 20)

#endif
