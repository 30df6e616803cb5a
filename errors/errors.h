/* errors.h — the one table of the error codes wsim reports.
 *
 * Owns: for every code a program can see, its symbolic name, its number,
 * the Win32 code GetOverlappedResult reports for it, the transport error of
 * sim/stream.h that becomes it (NONE: none does), and its wording (the
 * Windows Sockets Error Codes reference page's).  The socket floor maps
 * transport errors and Win32 codes from it (wsapi/calls.c,
 * wsapi/win32_io.c); traces/summary.c names the codes of failed calls with
 * it.  A code not listed is shown as a number.
 *
 * X(name, code, win32, internal, wording).  Rows are in code order.  This
 * header includes nothing: a user expands only the columns it needs (the
 * internal column names sim/stream.h's WSIM_SE_* without the prefix).
 */
#ifndef WSIM_ERRORS_ERRORS_H
#define WSIM_ERRORS_ERRORS_H

#define WSIM_ERRORS(X)                                                                         \
    X(WSA_INVALID_HANDLE, 6, 6, NONE, "specified event object handle is invalid")            \
    X(WSA_NOT_ENOUGH_MEMORY, 8, 8, NONE, "insufficient memory available")                     \
    X(WSA_INVALID_PARAMETER, 87, 87, NONE, "one or more parameters are invalid")              \
    X(WSA_OPERATION_ABORTED, 995, 995, NONE, "overlapped operation aborted")                  \
    X(WSA_IO_INCOMPLETE, 996, 996, NONE, "overlapped I/O event object not in signaled state") \
    X(WSA_IO_PENDING, 997, 997, NONE, "overlapped operations will complete later")            \
    X(WSAEINTR, 10004, 10004, NONE, "interrupted function call")                              \
    X(WSAEBADF, 10009, 10009, NONE, "file handle is not valid")                               \
    X(WSAEACCES, 10013, 10013, NONE, "permission denied")                                     \
    X(WSAEFAULT, 10014, 998 /* ERROR_NOACCESS */, NONE, "bad address")                        \
    X(WSAEINVAL, 10022, 10022, NONE, "invalid argument")                                      \
    X(WSAEMFILE, 10024, 10024, NONE, "too many open files")                                   \
    X(WSAEWOULDBLOCK, 10035, 10035, NONE, "resource temporarily unavailable")                 \
    X(WSAEINPROGRESS, 10036, 10036, NONE, "operation now in progress")                        \
    X(WSAEALREADY, 10037, 10037, NONE, "operation already in progress")                       \
    X(WSAENOTSOCK, 10038, 10038, NONE, "socket operation on nonsocket")                       \
    X(WSAEDESTADDRREQ, 10039, 10039, NONE, "destination address required")                    \
    X(WSAEMSGSIZE, 10040, 10040, NONE, "message too long")                                    \
    X(WSAEPROTOTYPE, 10041, 10041, NONE, "protocol wrong type for socket")                    \
    X(WSAENOPROTOOPT, 10042, 10042, NONE, "bad protocol option")                              \
    X(WSAEPROTONOSUPPORT, 10043, 10043, NONE, "protocol not supported")                       \
    X(WSAESOCKTNOSUPPORT, 10044, 10044, NONE, "socket type not supported")                    \
    X(WSAEOPNOTSUPP, 10045, 10045, NONE, "operation not supported")                           \
    X(WSAEPFNOSUPPORT, 10046, 10046, NONE, "protocol family not supported")                   \
    X(WSAEAFNOSUPPORT, 10047, 10047, NONE, "address family not supported by protocol family") \
    X(WSAEADDRINUSE, 10048, 10048, ADDRINUSE, "address already in use")                       \
    X(WSAEADDRNOTAVAIL, 10049, 10049, ADDRNOTAVAIL, "cannot assign requested address")        \
    X(WSAENETDOWN, 10050, 10050, NONE, "network is down")                                     \
    X(WSAENETUNREACH, 10051, 1231 /* ERROR_NETWORK_UNREACHABLE */, NONE,                      \
      "network is unreachable")                                                               \
    X(WSAENETRESET, 10052, 10052, NONE, "network dropped connection on reset")                \
    X(WSAECONNABORTED, 10053, 1236 /* ERROR_CONNECTION_ABORTED */, ABORTED,                   \
      "software caused connection abort")                                                     \
    X(WSAECONNRESET, 10054, 64 /* ERROR_NETNAME_DELETED */, RESET, "connection reset by peer") \
    X(WSAENOBUFS, 10055, 10055, NOMEM, "no buffer space available")                           \
    X(WSAEISCONN, 10056, 10056, NONE, "socket is already connected")                          \
    X(WSAENOTCONN, 10057, 10057, NONE, "socket is not connected")                             \
    X(WSAESHUTDOWN, 10058, 10058, NONE, "cannot send after socket shutdown")                  \
    X(WSAETIMEDOUT, 10060, 121 /* ERROR_SEM_TIMEOUT */, TIMEDOUT, "connection timed out")     \
    X(WSAECONNREFUSED, 10061, 1225 /* ERROR_CONNECTION_REFUSED */, REFUSED,                   \
      "connection refused")                                                                   \
    X(WSAEHOSTDOWN, 10064, 10064, NONE, "host is down")                                       \
    X(WSAEHOSTUNREACH, 10065, 1232 /* ERROR_HOST_UNREACHABLE */, UNREACHABLE,                 \
      "no route to host")                                                                     \
    X(WSASYSNOTREADY, 10091, 10091, NONE, "network subsystem is unavailable")                 \
    X(WSAVERNOTSUPPORTED, 10092, 10092, NONE, "Winsock.dll version out of range")             \
    X(WSANOTINITIALISED, 10093, 10093, NONE, "successful WSAStartup not yet performed")       \
    X(WSAEDISCON, 10101, 10101, NONE, "graceful shutdown in progress")                        \
    X(WSATYPE_NOT_FOUND, 10109, 10109, NONE, "class type not found")                          \
    X(WSAHOST_NOT_FOUND, 11001, 11001, NONE, "host not found")                                \
    X(WSATRY_AGAIN, 11002, 11002, NONE, "nonauthoritative host not found")                    \
    X(WSANO_RECOVERY, 11003, 11003, NONE, "this is a nonrecoverable error")                   \
    X(WSANO_DATA, 11004, 11004, NONE, "valid name, no data record of requested type")

/* The symbolic name of a code ("WSAECONNRESET"), or NULL when not listed. */
const char *wsim_error_name(long long code);
/* Its wording ("connection reset by peer"), or NULL when not listed. */
const char *wsim_error_wording(long long code);

#endif
