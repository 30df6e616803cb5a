/* calls.h — how every Winsock/Win32 call begins, checks and ends.
 *
 * Owns: the CALL record each API call leaves in the trace (function, socket,
 * the arguments that matter — never a pointer value —, return value, error,
 * start and return time, stream offset), the per-thread last error, and the
 * one precedence of argument checks (wsapi_check_socket):
 *
 *   1. WSANOTINITIALISED  no successful WSAStartup in this process (S02)
 *   2. WSAENETDOWN        the host's network is down (S03), then
 *      WSAENOBUFS         the host's buffers are exhausted (S09), each for
 *                         the calls whose reference page lists it: host-wide
 *                         conditions that no argument changes, checked where
 *                         the pages list WSAENETDOWN, right after
 *                         WSANOTINITIALISED (no Windows-run test orders them)
 *   3. WSAENOTSOCK        the descriptor is not an open socket (S11)
 *   4. WSAEINPROGRESS     a blocking call made while the thread's own
 *                         blocking call is in progress (S06, W15:
 *                         wsapi_blocking_call), for the calls that block
 *   5. then the call's own checks, in this order:
 *      a. pointers and lengths (WSAEFAULT, S07, W16, W04): buffers,
 *         addresses and their lengths, the count, the OVERLAPPED (which the
 *         call writes) and the completion routine;
 *      b. the socket's kind: an OVERLAPPED on a socket without the
 *         overlapped attribute (WSAEINVAL, W04/W08), or one still in flight
 *         (WSAEINVAL, W19);
 *      c. flags: one the socket cannot do (WSAEOPNOTSUPP: MSG_PARTIAL,
 *         MSG_OOB on a datagram socket, W14/S12) before an unknown one
 *         (WSAEINVAL, S17), then MSG_OOB with SO_OOBINLINE (WSAEINVAL);
 *      d. state: shut down (WSAESHUTDOWN, S13) before the connection's own
 *         failure (WSAECONNRESET …) before not connected (WSAENOTCONN, S10;
 *         WSAEDESTADDRREQ for a datagram with no address);
 *      e. what the transport says (WSAEMSGSIZE, WSAEACCES, WSAEHOSTUNREACH
 *         …), and only then the blocking rules (WSAEWOULDBLOCK, the waits).
 * tests/contract/precedence.c checks each pair that matters.
 *
 * Wine's ws2_32 tests, which are run on Windows (dlls/ws2_32/tests/sock.c),
 * order some pairs: test_WithoutWSAStartup (WSASocketA(0, 0, 0, …) before
 * WSAStartup: WSANOTINITIALISED, not a bad-argument code), test_WSASendTo
 * and test_WSASendMsg (INVALID_SOCKET with a NULL count: WSAENOTSOCK; a
 * socket with the same NULL: WSAEFAULT), test_getpeername ("the parameter
 * validation order": WSAENOTSOCK before the pointers).  The other pairs
 * have no Windows-run test; their order is the simulator's, written here.
 *
 * It also owns the blocking call a thread has in progress (S05, S06) and
 * WSACancelBlockingCall, which cancels it.
 */
#ifndef WSIM_WSAPI_CALLS_H
#define WSIM_WSAPI_CALLS_H

#include <stdint.h>

#include "wsapi/runtime.h"

typedef struct wsapi_call {
    wsim_sim *sim;
    wsim_thread *thread;
    wsapi_process *proc;
    const char *function;
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

/* Starts a call.  Returns 0 inside a simulated program, -1 when called with
 * no program running (the call must then fail without recording). */
int wsapi_call_begin(wsapi_call *call, const char *function, int64_t socket);
/* Describes the arguments ("len=25 flags=0x0"): printf-style. */
void wsapi_call_args(wsapi_call *call, const char *format, ...)
    __attribute__((format(printf, 2, 3)));
/* Ends a call: records it, and sets the thread's last error when error is
 * not 0; a blocking call stops being the thread's blocking call in
 * progress, and an S06 refusal is recorded as a violation after the CALL
 * record.  Returns ret. */
long long wsapi_call_end(wsapi_call *call, long long ret, int error);

/* Checks 1 to 3 of the precedence; 0 and *out set, or the error code.
 * wsapi_check_started makes checks 1 and 2. */
int wsapi_check_socket(wsapi_call *call, uint64_t handle, wsapi_socket **out);
int wsapi_check_started(wsapi_call *call);

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

/* W04: WSAEFAULT when a WSA transfer call's byte count pointer is given
 * but not writable, its lpOverlapped is given but not writable (the call
 * writes its status there), or its lpCompletionRoutine is given but not
 * readable memory; 0 otherwise.  Checked before anything moves (W03). */
int wsapi_transfer_pointers_error(void *count, void *overlapped, const void *routine);

/* W19: the program's WSAOVERLAPPED belongs to a request still in flight,
 * a pending overlapped send or receive of any of the process's sockets:
 * 1 and *call_seq its call, or 0.  wsim's own lists decide, not what the
 * program left in the OVERLAPPED (it may have cleared it). */
int wsapi_overlapped_in_flight(const wsapi_process *proc, const void *overlapped,
                               uint64_t *call_seq);
/* W19: the violation of a call that was refused so, after its CALL record,
 * naming the call in flight.  WSAEINVAL is the contract's choice; Windows
 * leaves it undefined. */
void wsapi_overlapped_reuse_violation(const wsapi_call *call, uint64_t in_flight);

/* The Winsock code for a stream error. */
int wsapi_stream_error_code(wsim_stream_error error);

/* Program memory, checked without touching it (progmem.c): 0, or -1 when
 * the range is not wholly readable/writable. */
int wsapi_read_program(void *dst, const void *program_src, size_t len);
int wsapi_write_program(void *program_dst, const void *src, size_t len);
int wsapi_program_readable(const void *program_ptr, size_t len);
/* Writable without changing it: each byte is read and written back (the
 * simulation runs one thread at a time, so nothing changes in between). */
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
                           const char *function, uint64_t bytes, int error,
                           const char *delivery);

#endif
