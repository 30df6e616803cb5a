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
 * Field meanings per kind (unused fields are 0 / NULL):
 *
 *  kind            name            text                  a[0]        a[1]        a[2]        a[3]        a[4]        a[5]
 *  RUN_START       "run"           scenario JSON text    seed        -           -           -           -           -
 *  HOST            host name       address "a.b.c.d"     -           -           -           -           -           -
 *  PROGRAM_START   module path     args (JSON array)     -           -           -           -           -           -
 *  PROGRAM_EXIT    how ("return","exit","abort","last-thread","killed","host-crash")  -           exit code   -       -           -           -           -
 *  THREAD_START    entry name      -                     -           -           -           -           -           -
 *  CALL            function name   arguments "k=v ..."   return      error       start_ns    stream_off  -           -
 *  COMPLETION      function name   delivery ("event","routine","none")  call_seq  bytes  error  -     -           -
 *  SEGMENT         event (sim/net.h: "send","forward","recv","drop","duplicate")  description ("win=N …", a drop's reason last)  src ip:port packed (ip<<16|port)  dst packed  seq  ack  len  flags
 *  OUTPUT          "stdout"/"stderr"  the line (no '\n') -           -           -           -           -           -
 *  CRASH           signal name     description           signal no.  1 if the fault hit the guard page, 0 if not, -1 unknown
 *  VIOLATION       rule id ("S06", "W19" …)  description call_seq    -           -           -           -           -
 *  FAULT           kind ("link-down", "host-crash" … sim/fault.h)  target (link, partition or host name)  -  -  -  -  -  -
 *  CHOICE          what ("wake-order", "send-amount", "routine-order")  detail  value chosen  lowest allowed  highest allowed  -  -  -
 *  PAYLOAD         wire header (first piece only, else NULL; SCHEMA.md "payloads")  payload bytes as hex  offset of this piece  payload length  -  -  -  -
 *  RUN_END         end reason ("completed","stop-time","deadlock","crash","error")  detail  exit status  -  -  -   -           -
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

typedef enum wsim_record_kind {
    WSIM_REC_RUN_START = 1,
    WSIM_REC_HOST,
    WSIM_REC_PROGRAM_START,
    WSIM_REC_PROGRAM_EXIT,
    WSIM_REC_THREAD_START,
    WSIM_REC_CALL,
    WSIM_REC_COMPLETION,
    WSIM_REC_SEGMENT,
    WSIM_REC_OUTPUT,
    WSIM_REC_CRASH,
    WSIM_REC_VIOLATION,
    WSIM_REC_FAULT,
    WSIM_REC_CHOICE,       /* a choice the documented latitude drew from the seed */
    WSIM_REC_PAYLOAD,      /* the bytes and wire header of a SEGMENT, under its seq */
    WSIM_REC_RUN_END,      /* last: traces/ring.c checks kinds against it */
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
    int64_t a[WSIM_RECORD_INTS];
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
