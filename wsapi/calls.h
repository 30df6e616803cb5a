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
 *   4. then the call's own checks, in the order each function documents:
 *      pointers (WSAEFAULT, S07/W16), flags (WSAEINVAL/WSAEOPNOTSUPP),
 *      then state (WSAENOTCONN, WSAESHUTDOWN …).
 *
 * Wine's Windows-run ws2_32 tests (dlls/ws2_32/tests/sock.c, test_WSASend
 * among them) show WSANOTINITIALISED before WSAENOTSOCK and WSAENOTSOCK
 * before WSAEFAULT.
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
} wsapi_call;

/* Starts a call.  Returns 0 inside a simulated program, -1 when called with
 * no program running (the call must then fail without recording). */
int wsapi_call_begin(wsapi_call *call, const char *function, int64_t socket);
/* Describes the arguments ("len=25 flags=0x0"): printf-style. */
void wsapi_call_args(wsapi_call *call, const char *format, ...)
    __attribute__((format(printf, 2, 3)));
/* Ends a call: records it, and sets the thread's last error when error is
 * not 0.  Returns ret. */
long long wsapi_call_end(wsapi_call *call, long long ret, int error);

/* Checks 1 to 3 of the precedence; 0 and *out set, or the error code.
 * wsapi_check_started makes checks 1 and 2. */
int wsapi_check_socket(wsapi_call *call, uint64_t handle, wsapi_socket **out);
int wsapi_check_started(wsapi_call *call);

/* The Winsock code for a stream error. */
int wsapi_stream_error_code(wsim_stream_error error);

/* Program memory, checked without touching it (progmem.c): 0, or -1 when
 * the range is not wholly readable/writable. */
int wsapi_read_program(void *dst, const void *program_src, size_t len);
int wsapi_write_program(void *program_dst, const void *src, size_t len);
int wsapi_program_readable(const void *program_ptr, size_t len);

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
