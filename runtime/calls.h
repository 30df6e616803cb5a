/* calls.h — how every call the runtime provides begins and ends.
 *
 * Owns: the CALL record each API call leaves in the trace (function, socket,
 * the arguments that matter — never a pointer value —, return value, error,
 * start and return time, stream offset), the per-thread last error, the
 * blocking call a thread has in progress (S05, S06), violations and
 * completions as records, and reading program memory without trusting it
 * (progmem.c).  The order of a Winsock call's checks is the socket floor's
 * (wsapi/calls.h).
 */
#ifndef WSIM_RUNTIME_CALLS_H
#define WSIM_RUNTIME_CALLS_H

#include <stddef.h>
#include <stdint.h>

#include "runtime/functions.h"
#include "runtime/runtime.h"

typedef struct wsapi_call {
    wsim_sim *sim;
    wsim_thread *thread;
    wsapi_process *proc;
    wsim_fn fn;                /* which call (functions.h) */
    const char *function;      /* its name, wsim_fns[fn].name */
    int64_t start_ns;
    int64_t socket;
    int64_t stream_offset;
    uint64_t seq;        /* the CALL record's sequence number, after end */
    char args[240];
    int blocking;        /* it is its thread's blocking call in progress (S06) */
    int cancelled;       /* WSACancelBlockingCall cancelled it (S05) */
    /* S06: the blocking call an APC interrupted to make this one, which
     * then failed with WSAEINPROGRESS; recorded as a violation at the end. */
    const struct wsapi_call *interrupted;
} wsapi_call;

/* Starts call `fn` (functions.h).  Returns 0 inside a simulated program, -1
 * when called with no program running (the call must then fail without
 * recording). */
int wsapi_call_begin(wsapi_call *call, wsim_fn fn, int64_t socket);
/* Describes the arguments ("len=25 flags=0x0"): printf-style. */
void wsapi_call_args(wsapi_call *call, const char *format, ...)
    __attribute__((format(printf, 2, 3)));
/* Ends a call: records it, and sets the thread's last error when error is
 * not 0; a blocking call stops being the thread's blocking call in
 * progress, and an S06 refusal is recorded as a violation after the CALL
 * record.  Returns ret. */
long long wsapi_call_end(wsapi_call *call, long long ret, int error);

/* Check 4, at the start of every call that blocks (send, recv, accept,
 * connect, and WSASend, WSARecv … without an OVERLAPPED) when `blocking`
 * (the socket is in blocking mode): WSAEINPROGRESS when the thread already
 * has a blocking call in progress, which can only be an APC, run in that
 * call's alertable wait, making this one (S06; W15 when the interrupted
 * call is WSASend).  The documents call that undefined: the simulator
 * refuses it and records a violation.  Otherwise 0, and the call is the
 * thread's blocking call until it ends.  Waits that end because
 * WSACancelBlockingCall cancelled the call read call->cancelled. */
int wsapi_blocking_call(wsapi_call *call, int blocking);

/* Records a VIOLATION on behalf of `thread` about call `call_seq` (0:
 * none), for what is found outside the call (W06 at consumption). */
void wsapi_violation_for(wsim_thread *thread, uint64_t call_seq, const char *rule,
                         const char *text);

/* Program memory, copied under a fault guard (progmem.c): 0, or -1 when
 * the range is not wholly readable/writable (nothing is ever faulted on). */
int wsapi_read_program(void *dst, const void *program_src, size_t len);
int wsapi_write_program(void *program_dst, const void *src, size_t len);
/* A program's NUL-terminated string into out[size]: 0; -1 when the memory
 * ends (or is not readable) before the NUL; -2 when it does not fit (out
 * then holds its first size - 1 bytes).  Never reads past the NUL. */
int wsapi_read_program_string(const char *program_str, char *out, size_t size);
int wsapi_program_readable(const void *program_ptr, size_t len);
/* Writable without changing it: its first and last bytes are read and
 * written back (the simulation runs one thread at a time, so nothing
 * changes in between); a hole further in faults the copy, also -1. */
int wsapi_program_writable(void *program_ptr, size_t len);

/* Byte order for wsim's own use: htons() and friends are program calls and
 * are recorded as such. */
static inline uint16_t wsapi_net16(uint16_t v) { return (uint16_t)((v >> 8) | (v << 8)); }
static inline uint32_t wsapi_net32(uint32_t v)
{
    return ((v & 0xFFu) << 24) | ((v & 0xFF00u) << 8) | ((v >> 8) & 0xFF00u) | (v >> 24);
}

/* Records a COMPLETION: which call, bytes, error, how it was delivered. */
void wsapi_emit_completion(wsim_thread *thread, int64_t socket, uint64_t call_seq,
                           wsim_fn fn, uint64_t bytes, int error,
                           const char *delivery);

#endif
