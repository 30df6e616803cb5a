/* win32_io.c — the Win32 calls on a socket handle: CancelIo and
 * GetOverlappedResult, the per-thread side of overlapped I/O.
 *
 * Owns: cancelling the calling thread's requests on a socket (W17) and the
 * Win32 form of a request's result (Winsock codes mapped to Win32 ones).
 */
#include <stdint.h>

#include <windows.h>
#include <winsock2.h>

#include "errors/errors.h"
#include "wsapi/overlapped.h"
#include "wsapi/sockets.h"

static wsapi_socket *socket_of(wsapi_call *call, HANDLE h)
{
    wsapi_handle *handle = wsapi_handle_get(call->proc, (int64_t)(intptr_t)h);
    if (!handle || handle->kind != WSAPI_HANDLE_SOCKET || handle->u.socket->closed)
        return NULL;
    call->socket = handle->u.socket->handle;
    return handle->u.socket;
}

/* Cancels the calling thread's pending overlapped I/O on the socket: each
 * request completes with WSA_OPERATION_ABORTED (ERROR_OPERATION_ABORTED),
 * delivered as any completion is (CancelIo reference page; W17). */
BOOL WINAPI CancelIo(HANDLE hFile)
{
    wsapi_call call;
    if (wsapi_call_begin(&call, WSIM_FN_CancelIo, -1) != 0)
        return FALSE;
    wsapi_socket *sock = socket_of(&call, hFile);
    if (!sock)
        return (BOOL)wsapi_call_end(&call, FALSE, ERROR_INVALID_HANDLE);
    wsapi_abort_thread_sends(sock, call.thread, WSA_OPERATION_ABORTED);
    wsapi_abort_receives(sock, call.thread, WSA_OPERATION_ABORTED);
    return (BOOL)wsapi_call_end(&call, TRUE, 0);
}

/* GetOverlappedResult reports Win32 codes where WSAGetOverlappedResult
 * reports Winsock ones: the NTSTATUS a request ended with, mapped as
 * RtlNtStatusToDosError maps it (STATUS_CONNECTION_RESET is
 * ERROR_NETNAME_DELETED, STATUS_CANCELLED ERROR_OPERATION_ABORTED …).
 * Codes without a distinct Win32 form pass through. */
static int win32_error_of(int wsa_error)
{
    switch (wsa_error) {   /* the win32 column of errors/errors.h */
#define X(name, code, win32, internal, wording) case code: return win32;
    WSIM_ERRORS(X)
#undef X
    default: return wsa_error;   /* 0, and codes the table does not list */
    }
}

/* The Win32 form of WSAGetOverlappedResult, for sockets: waits (bWait)
 * until the request is no longer pending, then reports its byte count and
 * result.  It waits as WSAGetOverlappedResult does (alertably, on the
 * socket). */
BOOL WINAPI GetOverlappedResult(HANDLE hFile, LPOVERLAPPED lpOverlapped,
                                LPDWORD lpNumberOfBytesTransferred, BOOL bWait)
{
    wsapi_call call;
    if (wsapi_call_begin(&call, WSIM_FN_GetOverlappedResult, -1) != 0)
        return FALSE;
    wsapi_call_args(&call, "wait=%d", bWait ? 1 : 0);
    wsapi_socket *sock = socket_of(&call, hFile);
    if (!sock)
        return (BOOL)wsapi_call_end(&call, FALSE, ERROR_INVALID_HANDLE);
    OVERLAPPED ov;
    int error = 0;
    if (!lpOverlapped || !lpNumberOfBytesTransferred ||
        wsapi_read_program(&ov, lpOverlapped, sizeof ov) != 0)
        error = ERROR_NOACCESS;
    while (!error && ov.Internal == WSAPI_STATUS_PENDING) {
        if (!bWait) {
            error = ERROR_IO_INCOMPLETE;
            break;
        }
        /* See WSAGetOverlappedResult: a close aborts the request (W17). */
        if (wsapi_socket_wait(&call, sock, &sock->overlapped_done, -1) == WSAPI_SOCKET_CLOSED)
            bWait = FALSE;   /* the socket is gone: report what the request says now */
        if (wsapi_read_program(&ov, lpOverlapped, sizeof ov) != 0)
            error = ERROR_NOACCESS;
    }
    if (!error) {
        DWORD bytes = (DWORD)ov.InternalHigh;
        if (wsapi_write_program(lpNumberOfBytesTransferred, &bytes, sizeof bytes) != 0)
            error = ERROR_NOACCESS;
        else
            error = win32_error_of((int)ov.Internal);
    }
    return (BOOL)wsapi_call_end(&call, error ? FALSE : TRUE, error);
}
