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

/* ---- the stream transport (sim/stream.c) ----
 * "KB 314053" below is Microsoft's "TCP/IP and NBT configuration parameters
 * for Windows XP", which lists each Tcpip\Parameters value and its default. */

/* Delayed ACK: every second segment (TcpAckFrequency, default 2, KB 328890)
 * or 200 ms (TcpDelAckTicks, default 2 ticks of 100 ms, KB 314053).  ns-3's
 * defaults are the same (DelAckCount 2, DelAckTimeout 200 ms). */
#define WSIM_DEFAULT_DELAYED_ACK_NS (200 * WSIM_NS_PER_MS)
#define WSIM_DEFAULT_DELAYED_ACK_SEGMENTS 2u

/* Initial congestion window in segments (RFC 6928). */
#define WSIM_DEFAULT_INITIAL_CWND 10u

/* Retransmission timer (RFC 6298): initial 1 s, minimum 300 ms (Windows'
 * MinRto default), maximum 60 s; doubled on every expiry. */
#define WSIM_INITIAL_RTO_NS (1 * WSIM_NS_PER_S)
#define WSIM_DEFAULT_MIN_RTO_NS (300 * WSIM_NS_PER_MS)
#define WSIM_MAX_RTO_NS (60 * WSIM_NS_PER_S)

/* Retransmissions of one segment before the connection is aborted
 * (TcpMaxDataRetransmissions, default 5, KB 314053), and of a SYN before
 * connect fails (TcpMaxConnectRetransmissions, default 2, KB 314053).  The
 * same limit ends zero-window probing that nobody answers (wsim's choice:
 * RFC 1122 4.2.2.17 only says to go on while the receiver answers). */
#define WSIM_DEFAULT_MAX_DATA_RETRANSMISSIONS 5u
#define WSIM_DEFAULT_MAX_SYN_RETRANSMISSIONS 2u

/* Fast retransmit after three duplicate ACKs (RFC 5681 3.2; ns-3's
 * ReTxThreshold).  Windows XP's TcpMaxDupAcks defaulted to 2 (KB 314053);
 * wsim keeps the RFC's value, which current stacks use. */
#define WSIM_DEFAULT_DUPACK_THRESHOLD 3u

/* Options a host offers on its SYNs.  SACK (RFC 2018): on, as Windows'
 * SackOpts (default 1, KB 314053).  Timestamps (RFC 7323): off, Windows'
 * default (Set-NetTCPSetting's reference: "Timestamps ... The default value
 * is Disabled").  Each costs 12 bytes of every segment when both ends agree
 * (two NOPs and the 10-byte option, RFC 7323 appendix A), so the payload of
 * a segment is the MSS less those 12: 1448 on a 1500-byte MTU. */
#define WSIM_DEFAULT_SACK 1
#define WSIM_DEFAULT_TIMESTAMPS 0
#define WSIM_TIMESTAMP_OPTION_BYTES 12u

/* Nagle's algorithm (RFC 896) is on for new sockets: TCP_NODELAY defaults
 * to FALSE (the IPPROTO_TCP socket options reference). */
#define WSIM_DEFAULT_NAGLE 1

/* Keep-alive, when SO_KEEPALIVE is set: the first probe after 2 hours idle
 * (KeepAliveTime, default 7,200,000 ms, KB 314053), then one a second
 * (KeepAliveInterval, default 1000 ms, KB 314053), and the connection is
 * dropped after 10 unanswered probes (SIO_KEEPALIVE_VALS' reference: "On
 * Windows Vista and later, the number of keep-alive probes ... is set to
 * 10 and cannot be changed"). */
#define WSIM_DEFAULT_KEEPALIVE_TIME_NS (2 * 3600 * WSIM_NS_PER_S)
#define WSIM_DEFAULT_KEEPALIVE_INTERVAL_NS (1 * WSIM_NS_PER_S)
#define WSIM_DEFAULT_KEEPALIVE_PROBES 10u

/* TIME_WAIT lasts 2 MSL = 240 s (TcpTimedWaitDelay, default 0xF0 seconds,
 * KB 314053; RFC 793's MSL of 2 minutes, twice). */
#define WSIM_DEFAULT_TIME_WAIT_NS (240 * WSIM_NS_PER_S)

/* Windows' dynamic (ephemeral) port range, 49152–65535 (IANA; the default
 * since Windows Vista, KB 929851). */
#define WSIM_EPHEMERAL_PORT_LOW 49152u
#define WSIM_EPHEMERAL_PORT_HIGH 65535u

/* Loopback: modelled as a fast link from a host to itself. */
#define WSIM_DEFAULT_LOOPBACK_LATENCY_NS (10 * WSIM_NS_PER_US)
#define WSIM_DEFAULT_LOOPBACK_BPS 10000000000ULL
#define WSIM_DEFAULT_LOOPBACK_MTU 65535u

/* Links (and a switch's ports). */
#define WSIM_DEFAULT_LINK_LATENCY_NS (1 * WSIM_NS_PER_MS)
#define WSIM_DEFAULT_LINK_BPS 100000000ULL
#define WSIM_DEFAULT_LINK_QUEUE 100u
/* How long a packet picked for reordering is held back: wsim's choice, a
 * delay that overtakes at typical LAN and WAN serialization times. */
#define WSIM_DEFAULT_REORDER_DELAY_NS (1 * WSIM_NS_PER_MS)

/* A host's interface MTU: Ethernet's 1500 bytes (RFC 894). */
#define WSIM_DEFAULT_MTU 1500u

/* Time to live of the packets a host sends: Windows' DefaultTTL of 128
 * ("TCP/IP and NBT configuration parameters for Windows XP", KB 314053). */
#define WSIM_DEFAULT_TTL 128u

/* A datagram arriving in fragments is discarded when it is not whole 60 s
 * after its first fragment came: Windows' IP reassembly time-out, the lower
 * end of RFC 1122 3.3.2's recommended 60-120 s. */
#define WSIM_REASSEMBLY_TIMEOUT_NS (60 * WSIM_NS_PER_S)

/* A run stops at 60 s of virtual time unless the scenario says otherwise. */
#define WSIM_DEFAULT_STOP_NS (60 * WSIM_NS_PER_S)

/* Budgets (wsim_budgets, scenario "budgets"): what a run may spend before
 * it is stopped.  Generous enough that no sensible program meets them; they
 * exist so that a runaway cannot hang or swamp the machine. */
/* CPU a program may spend without yielding to the simulator (returning to
 * it through any wait): 10 s.  A real program that computes this long
 * between two calls is rare; a `for(;;);` is common. */
#define WSIM_DEFAULT_BUDGET_CPU_NS (10 * WSIM_NS_PER_S)
/* Wall-clock time of a whole run: 1 hour. */
#define WSIM_DEFAULT_BUDGET_WALL_NS (3600 * WSIM_NS_PER_S)
/* Heap one program may hold at once: 1 GiB; all programs of a run: 4 GiB. */
#define WSIM_DEFAULT_BUDGET_MEMORY_PROGRAM (1ull << 30)
#define WSIM_DEFAULT_BUDGET_MEMORY_RUN (4ull << 30)
/* Bytes one program may write to stdout and stderr: 64 MiB. */
#define WSIM_DEFAULT_BUDGET_OUTPUT_PROGRAM (64ull << 20)
/* Bytes of records a trace may take in (strings plus 64 per record, see
 * tools/run.c): 1 GiB. */
#define WSIM_DEFAULT_BUDGET_TRACE (1ull << 30)

/* Fiber stacks: 1 MiB reserved, committed as touched. */
#define WSIM_DEFAULT_STACK_BYTES (1u << 20)

#endif
