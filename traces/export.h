/* export.h — turning a finished trace into files other tools read.
 *
 * Owns: the exporters' entry points and the one rule they share about their
 * output: a file is written to `<path>.partial` and renamed to `<path>` only
 * when it is complete, so a failed export never leaves half a file behind
 * (the recorder's rule for traces, traces/SCHEMA.md).
 *
 *   export_chrome.c  Chrome / Perfetto trace-event JSON (`wsim export chrome`)
 *   report_html.c    a self-contained HTML report (`wsim report`)
 *   export_pcap.c    a libpcap capture of the simulated packets (`wsim export pcap`)
 *   export_file.c    the .partial-then-rename output file
 *   export_streams.c which stream socket talks to which, and the send → receive
 *                    byte flows (shared by the Chrome export and the report)
 *   export_hops.c    which rows of `segments` are the two ends of one hop of
 *                    a packet (the report's arrows, the capture of a link)
 *
 * Every function returns 0, or -1 with err naming the file and the problem.
 * Traces are opened read-only through wsim_trace_open_db (compare.h), so
 * every exporter refuses a bad file the same way.
 */
#ifndef WSIM_TRACES_EXPORT_H
#define WSIM_TRACES_EXPORT_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

struct sqlite3;

/* ---- the output file ---------------------------------------------------- */

typedef struct wsim_export_file {
    FILE *f;
    char *path;      /* the final path */
    char *partial;   /* path + ".partial" */
} wsim_export_file;

/* Opens `<path>.partial` for writing (binary). */
int wsim_export_file_open(wsim_export_file *out, const char *path, char *err, size_t err_size);
/* Closes and renames to the final path; on a write error (or when ok is 0)
 * removes the partial file instead and fails. */
int wsim_export_file_finish(wsim_export_file *out, int ok, char *err, size_t err_size);

/* Opens a trace for an exporter (wsim_trace_open_db) inside one read
 * transaction: the many small queries of an export then take SQLite's file
 * lock once, not once each (which cost most of the time on big traces). */
int wsim_export_open_trace(const char *trace, struct sqlite3 **db, char *err, size_t err_size);

/* ---- exporters ----------------------------------------------------------- */

/* Chrome trace-event JSON: one process per host, one thread track per
 * simulated thread, a complete slice per call, instant events for failed
 * calls, violations and crashes, flow arrows from each overlapped call to its
 * completion and from each stream send to the receives that read its bytes. */
int wsim_export_chrome(const char *trace, const char *out_path, char *err, size_t err_size);

/* A libpcap capture (nanosecond timestamps, Ethernet/IPv4/TCP/UDP/ICMP with
 * correct checksums) of every packet as it left its source, or of what host
 * `host` or link `link` saw (at most one of them non-NULL); export_pcap.c
 * says how packets are rebuilt.  Needs the trace's payloads. */
int wsim_export_pcap(const char *trace, const char *out_path, const char *host,
                     const char *link, char *err, size_t err_size);

/* A self-contained HTML page (report.html with the run's data embedded):
 * sequence diagram, per-thread timeline, problems, cwnd and queue plots and
 * the summary; caps and sampling are described in report_html.c. */
int wsim_report_html(const char *trace, const char *out_path, char *err, size_t err_size);

/* ---- packet hops (export_hops.c) ------------------------------------------ */

/* One hop of a packet, as the row that ends it sees it: where and when it
 * began (the `send` or `forward` row), and whether it is a retransmission
 * (the sender said so) or the second copy a duplicating link delivered. */
typedef struct wsim_hop {
    int64_t from_host, from_time_ns, from_seq;
    int retransmit, duplicate;
} wsim_hop;

typedef struct wsim_hop_walk wsim_hop_walk;

wsim_hop_walk *wsim_hop_walk_new(void);
void wsim_hop_walk_free(wsim_hop_walk *walk);
/* The identity that matches a packet's rows ("src dst seqno ackno len flags"). */
void wsim_packet_identity(char *out, size_t size, const char *src, const char *dst, int64_t seqno,
                          int64_t ackno, int64_t len, const char *flags);
/* Feed every segments row in seq order.  1 when the row ends a hop (*hop
 * filled), 0 when not, -1 when out of memory.  `retransmit`: the row's
 * detail says "retransmit". */
int wsim_hop_walk_row(wsim_hop_walk *walk, const char *identity, const char *event, int64_t host,
                      int64_t time_ns, int64_t seq, int retransmit, wsim_hop *hop);

/* ---- send → receive byte flows (export_streams.c) ------------------------ */

/* One pair: the call that sent bytes and a call that received some of them. */
typedef struct wsim_byte_flow {
    int64_t send_seq, recv_seq;
} wsim_byte_flow;

/* Every (send, receive) pair of stream calls whose byte ranges overlap, in
 * order of the send, then the receive.  *flows is malloc'd (free it).
 * How sockets are matched and byte counts found: export_streams.c. */
int wsim_byte_flows(struct sqlite3 *db, wsim_byte_flow **flows, size_t *count, char *err,
                    size_t err_size);

#endif
