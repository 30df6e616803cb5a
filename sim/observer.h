/* observer.h — what the simulation tells the outside world.
 *
 * Owns: the one record type that sim/ and wsapi/ emit for every API call,
 * completion, packet, output line, crash and the end of the run.  Neither
 * knows about SQLite: traces/ turns records into rows, the runner carries
 * them from the simulating child to the recording parent (traces/ring.h).
 *
 * Every record carries a global sequence number (dense, from 1, in emission
 * order) and the virtual time.  Nothing in a record may depend on a pointer
 * value, the wall clock or hash order: that is what makes M04 hold.
 *
 * What each kind carries is written once, below: its name and text in
 * WSIM_RECORD_KINDS, its numbers as the named fields of wsim_record's
 * union (a[0..5] are the same six slots, for code that moves records
 * without reading them: the ring, the recorder).  Unused fields are 0 /
 * NULL.
 *
 * host, process and thread are small dense integers (scenario order; thread 0
 * is a program's main thread); -1 where they do not apply.  A SEGMENT's host
 * is the node where the event happened (a switch is a node too); a FAULT's
 * host is the host a host fault hits, -1 for link faults; a CHOICE's thread
 * is the thread it concerns (the one that goes first, or the caller).
 * socket is the SOCKET value the program saw, or -1.
 *
 * PAYLOAD records (only when the run asked for them: wsim_sim.record_payloads)
 * follow the `send`, `forward` or `recv` SEGMENT record of the packet they
 * carry and take its seq: they are a part of that record, not events of
 * their own, so the sequence numbers of every other record stay as they
 * were.  A payload longer than WSIM_PAYLOAD_PIECE bytes comes in pieces.
 */
#ifndef WSIM_SIM_OBSERVER_H
#define WSIM_SIM_OBSERVER_H

#include <stdint.h>

/* X(KIND, spelling, name field, text field): every kind of record, in
 * trace order of their numbers (from 1).  The spelling is the `kind`
 * column of the trace's events view (traces/SCHEMA.md): part of the
 * schema.  RUN_END stays last: traces/ring.c checks kinds against it. */
#define WSIM_RECORD_KINDS(X)                                                                  \
    X(RUN_START, run_start, "run", "scenario JSON text")                                      \
    X(HOST, host, "host name", "address a.b.c.d")                                             \
    X(PROGRAM_START, program_start, "module path", "args (JSON array)")                       \
    X(PROGRAM_EXIT, program_exit,                                                             \
      "how (return, exit, abort, last-thread, killed, host-crash)", "-")                      \
    X(THREAD_START, thread_start, "entry name", "-")                                          \
    X(CALL, call, "function name", "arguments k=v ...")                                       \
    X(COMPLETION, completion, "function name", "delivery (event, routine, none)")             \
    X(SEGMENT, segment, "event (sim/net.h: send, forward, recv, drop, duplicate)",            \
      "description (win=N ..., a drop's reason last)")                                        \
    X(OUTPUT, output, "stdout or stderr", "the line (no newline)")                            \
    X(CRASH, crash, "signal name", "description")                                             \
    X(VIOLATION, violation, "rule id (S06, W19 ...)", "description")                          \
    X(FAULT, fault, "kind (link-down, host-crash ... sim/fault.h)",                           \
      "target (link, partition or host name)")                                                \
    X(CHOICE, choice, "what (wake-order, send-amount, routine-order)", "detail")              \
    X(PAYLOAD, payload, "wire header (first piece only, else NULL; SCHEMA.md payloads)",      \
      "payload bytes as hex")                                                                 \
    X(RUN_END, run_end, "end reason (completed, stop-time, deadlock, crash, error)", "detail")

/* The kinds' places in the list, from which their numbers (from 1). */
enum wsim_record_kind_place_ {
#define X(kind, spelling, name, text) WSIM_REC_PLACE_##kind,
    WSIM_RECORD_KINDS(X)
#undef X
};

typedef enum wsim_record_kind {
#define X(kind, spelling, name, text) WSIM_REC_##kind = WSIM_REC_PLACE_##kind + 1,
    WSIM_RECORD_KINDS(X)
#undef X
} wsim_record_kind;

#define WSIM_RECORD_INTS 6

/* Payload bytes per PAYLOAD record: as hex they stay well inside the ring's
 * string limit (traces/ring.h, 64 KiB). */
#define WSIM_PAYLOAD_PIECE 16384

typedef struct wsim_record {
    wsim_record_kind kind;
    uint64_t seq;
    int64_t time_ns;
    int32_t host;
    int32_t process;
    int32_t thread;
    int64_t socket;
    /* The numbers, by kind (kinds not listed carry none). */
    union {
        int64_t a[WSIM_RECORD_INTS];
        struct { int64_t seed; } run_start;
        struct { int64_t exit_code; } program_exit;
        struct { int64_t ret, error, start_ns, stream_offset; } call;
        struct { int64_t call_seq, bytes, error; } completion;
        struct {
            int64_t src, dst;   /* ip:port packed (ip << 16 | port) */
            int64_t seq, ack, len, flags;
        } segment;
        struct { int64_t signal, guard_page; } crash;   /* guard_page: 1, 0, -1 unknown */
        struct { int64_t call_seq; } violation;
        struct { int64_t value, lowest, highest; } choice;
        struct { int64_t offset, length; } payload;   /* this piece's offset, the packet's length */
        struct { int64_t exit_status; } run_end;
    };
    const char *name;   /* NUL-terminated or NULL */
    const char *text;   /* NUL-terminated or NULL */
} wsim_record;

/* Receives every record, in sequence order.  The strings are valid only for
 * the duration of the call. */
typedef struct wsim_observer {
    void (*record)(void *ctx, const wsim_record *rec);
    void *ctx;
} wsim_observer;

/* Names of kinds, for tables and diagnostics ("call", "segment" …). */
const char *wsim_record_kind_name(wsim_record_kind kind);

#endif
