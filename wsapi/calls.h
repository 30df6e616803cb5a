/* calls.h — how every Winsock call checks its arguments.
 *
 * Owns: the one precedence of argument checks (wsapi_check_socket); a call
 * begins and ends (its CALL record, the last error) in runtime/calls.h:
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
 * tests/contract/test_precedence.c checks each pair that matters.
 *
 * Wine's ws2_32 tests, which are run on Windows (dlls/ws2_32/tests/sock.c),
 * order some pairs: test_WithoutWSAStartup (WSASocketA(0, 0, 0, …) before
 * WSAStartup: WSANOTINITIALISED, not a bad-argument code), test_WSASendTo
 * and test_WSASendMsg (INVALID_SOCKET with a NULL count: WSAENOTSOCK; a
 * socket with the same NULL: WSAEFAULT), test_getpeername ("the parameter
 * validation order": WSAENOTSOCK before the pointers).  The other pairs
 * have no Windows-run test; their order is the simulator's, written here.
 *
 * It also owns WSACancelBlockingCall, which cancels the blocking call a
 * thread has in progress (runtime/calls.h keeps track of it).
 */
#ifndef WSIM_WSAPI_CALLS_H
#define WSIM_WSAPI_CALLS_H

#include <stdint.h>

#include "runtime/calls.h"
#include "sim/stream.h"
#include "wsapi/socket.h"

/* Checks 1 to 3 of the precedence; 0 and *out set, or the error code.
 * wsapi_check_started makes checks 1 and 2. */
int wsapi_check_socket(wsapi_call *call, uint64_t handle, wsapi_socket **out);
int wsapi_check_started(wsapi_call *call);

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

#endif
