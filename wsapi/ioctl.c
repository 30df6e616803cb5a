/* ioctl.c — ioctlsocket and WSAIoctl.
 *
 * The codes both take (FIONBIO, FIONREAD, SIOCATMARK) have one
 * implementation, unix_code:
 *   - FIONBIO sets the blocking mode; clearing it while a WSAEventSelect is
 *     in force fails with WSAEINVAL (ioctlsocket's reference page; Wine's
 *     Windows-run test_fionbio);
 *   - FIONREAD: the bytes one receive can take (a datagram socket: every
 *     datagram byte queued, ioctlsocket's reference page);
 *   - SIOCATMARK: TRUE when no urgent data waits to be read (always, on a
 *     datagram socket, which never has any).
 * ioctlsocket reads *argp first (WSAEFAULT) and fails with WSAEINVAL for
 * any other code.
 *
 * WSAIoctl, as Wine's Windows-run test_fionbio, test_fionread_siocatmark,
 * test_keepalive_vals and test_unsupported_ioctls show it:
 *   - lpcbBytesReturned is required, overlapped or not (WSAEFAULT); an
 *     input or output buffer missing or smaller than the code's u_long is
 *     WSAEFAULT, *lpcbBytesReturned untouched; on success it is the size of
 *     the output (0 for none);
 *   - overlapped (an OVERLAPPED given; on a socket made without
 *     WSA_FLAG_OVERLAPPED it and the routine are ignored, the reference
 *     page): the codes wsim knows complete at once, the call returns 0 and
 *     the completion is still delivered, with 0 bytes (InternalHigh 0 even
 *     for FIONREAD, as test_fionread_siocatmark shows);
 *   - SIO_FLUSH "discards current contents of the sending queue" (the
 *     Winsock IOCTLs reference page): the socket's overlapped sends still
 *     pending complete with WSA_OPERATION_ABORTED (W17); bytes the
 *     transport has taken stay, their sends having completed (W09).
 *     Windows' own TCP provider refuses SIO_FLUSH (test_unsupported_ioctls
 *     lists it among the unsupported codes); the contract names it (W17),
 *     so wsim does what the reference page says;
 *   - any other code: WSAEOPNOTSUPP with *lpcbBytesReturned 0; overlapped,
 *     the call returns WSA_IO_PENDING and the completion carries
 *     WSAEOPNOTSUPP (test_unsupported_ioctls).
 */
#include <winsock2.h>

#include "wsapi/datagram.h"
#include "wsapi/overlapped.h"
#include "wsapi/sockets.h"

/* FIONBIO, FIONREAD, SIOCATMARK on sock: 0 with *out set for the two that
 * answer, the error, or WSAEOPNOTSUPP for any other code. */
static int unix_code(wsapi_socket *sock, uint32_t code, u_long in, u_long *out)
{
    if (code == (uint32_t)FIONBIO) {
        if (!in && sock->events.mask)
            return WSAEINVAL;
        sock->nonblocking = in != 0;
        return 0;
    }
    if (code == (uint32_t)FIONREAD) {
        *out = sock->dgram ? (u_long)wsapi_datagram_readable(sock)
                           : (u_long)wsim_stream_readable(sock->stream);
        return 0;
    }
    if (code == (uint32_t)SIOCATMARK) {
        *out = sock->stream ? (u_long)wsim_stream_at_mark(sock->stream) : TRUE;
        return 0;
    }
    return WSAEOPNOTSUPP;
}

int WSAAPI ioctlsocket(SOCKET s, LONG cmd, u_long *argp)
{
    wsapi_call call;
    if (wsapi_call_begin(&call, WSIM_FN_ioctlsocket, (int64_t)s) != 0)
        return SOCKET_ERROR;
    wsapi_socket *sock;
    u_long arg = 0;
    int error = wsapi_check_socket(&call, s, &sock);
    if (!error && (!argp || wsapi_read_program(&arg, argp, sizeof arg) != 0))
        error = WSAEFAULT;
    wsapi_call_args(&call, "cmd=0x%x arg=%u", (unsigned)cmd, arg);
    if (!error) {
        error = unix_code(sock, (uint32_t)cmd, arg, &arg);
        if (error == WSAEOPNOTSUPP)
            error = WSAEINVAL;
    }
    if (!error && (uint32_t)cmd != (uint32_t)FIONBIO &&
        wsapi_write_program(argp, &arg, sizeof arg) != 0)
        error = WSAEFAULT;
    return (int)wsapi_call_end(&call, error ? SOCKET_ERROR : 0, error);
}

/* WSAIoctl for one code, no OVERLAPPED: 0 with *returned, or the error. */
static int wsa_code(wsapi_socket *sock, DWORD code, const void *in, DWORD in_len, void *out,
                    DWORD out_len, DWORD *returned)
{
    u_long value = 0;
    *returned = 0;
    if (code == (DWORD)FIONBIO) {
        if (!in || in_len < sizeof value || wsapi_read_program(&value, in, sizeof value) != 0)
            return WSAEFAULT;
        return unix_code(sock, code, value, &value);
    }
    if (code == (DWORD)FIONREAD || code == (DWORD)SIOCATMARK) {
        if (!out || out_len < sizeof value || wsapi_program_readable(out, sizeof value) != 0)
            return WSAEFAULT;
        int error = unix_code(sock, code, 0, &value);
        if (!error && wsapi_write_program(out, &value, sizeof value) != 0)
            error = WSAEFAULT;
        if (!error)
            *returned = sizeof value;
        return error;
    }
    if (code == (DWORD)SIO_FLUSH) {
        wsapi_abort_pending_sends(sock, WSA_OPERATION_ABORTED);   /* W17 */
        return 0;
    }
    return WSAEOPNOTSUPP;
}

int WSAAPI WSAIoctl(SOCKET s, DWORD dwIoControlCode, LPVOID lpvInBuffer, DWORD cbInBuffer,
                    LPVOID lpvOutBuffer, DWORD cbOutBuffer, LPDWORD lpcbBytesReturned,
                    LPWSAOVERLAPPED lpOverlapped,
                    LPWSAOVERLAPPED_COMPLETION_ROUTINE lpCompletionRoutine)
{
    wsapi_call call;
    if (wsapi_call_begin(&call, WSIM_FN_WSAIoctl, (int64_t)s) != 0)
        return SOCKET_ERROR;
    wsapi_call_args(&call, "code=0x%x in=%u out=%u overlapped=%d routine=%d",
                    (unsigned)dwIoControlCode, (unsigned)cbInBuffer, (unsigned)cbOutBuffer,
                    lpOverlapped != NULL, lpCompletionRoutine != NULL);
    wsapi_socket *sock;
    int error = wsapi_check_socket(&call, s, &sock);
    WSAOVERLAPPED ov;
    if (!error && !lpcbBytesReturned)
        error = WSAEFAULT;
    if (!error && lpOverlapped && wsapi_read_program(&ov, lpOverlapped, sizeof ov) != 0)
        error = WSAEFAULT;
    if (error)
        return (int)wsapi_call_end(&call, SOCKET_ERROR, error);
    int overlapped = lpOverlapped && sock->overlapped_attr;
    DWORD returned;
    error = wsa_code(sock, dwIoControlCode, lpvInBuffer, cbInBuffer, lpvOutBuffer, cbOutBuffer,
                     &returned);
    if (!overlapped || error != WSAEOPNOTSUPP) {
        if ((!error || error == WSAEOPNOTSUPP) &&
            wsapi_write_program(lpcbBytesReturned, &returned, sizeof returned) != 0)
            error = WSAEFAULT;
        wsapi_call_end(&call, error ? SOCKET_ERROR : 0, error);
        if (!error && overlapped)
            wsapi_overlapped_complete(sock, call.thread, call.seq, call.fn, lpOverlapped,
                                      (void *)lpCompletionRoutine, 0, 0);
        return error ? SOCKET_ERROR : 0;
    }
    /* An unknown code, overlapped: pending, then completed with the error. */
    wsapi_call_end(&call, SOCKET_ERROR, WSA_IO_PENDING);
    wsapi_overlapped_complete(sock, call.thread, call.seq, call.fn, lpOverlapped,
                              (void *)lpCompletionRoutine, WSAEOPNOTSUPP, 0);
    return SOCKET_ERROR;
}
