/* startup.c — WSAStartup/WSACleanup, the last error, byte order.  Address
 * text is address.c's; names and getaddrinfo are names.c's and
 * resolve.c's. */
#include <stdio.h>
#include <string.h>

#include <winsock2.h>
#include <ws2tcpip.h>

#include "sim/net.h"
#include "wsapi/calls.h"

/* ---- start-up ------------------------------------------------------------ */

int WSAAPI WSAStartup(WORD wVersionRequested, LPWSADATA lpWSAData)
{
    wsapi_call call;
    if (wsapi_call_begin(&call, WSIM_FN_WSAStartup, -1) != 0)
        return WSASYSNOTREADY;
    BYTE major = LOBYTE(wVersionRequested), minor = HIBYTE(wVersionRequested);
    wsapi_call_args(&call, "version=%u.%u", major, minor);
    /* WSAStartup returns its error rather than setting the last error. */
    if (major < 1 || (major == 1 && minor < 1)) {
        wsapi_call_end(&call, WSAVERNOTSUPPORTED, 0);
        return WSAVERNOTSUPPORTED;
    }
    WSADATA data;
    memset(&data, 0, sizeof data);
    data.wVersion = (major > 2 || (major == 2 && minor >= 2)) ? MAKEWORD(2, 2) : wVersionRequested;
    data.wHighVersion = MAKEWORD(2, 2);
    snprintf(data.szDescription, sizeof data.szDescription, "WinSock 2.0");
    snprintf(data.szSystemStatus, sizeof data.szSystemStatus, "Running");
    if (wsapi_write_program(lpWSAData, &data, sizeof data) != 0) {
        wsapi_call_end(&call, WSAEFAULT, 0);
        return WSAEFAULT;
    }
    call.proc->startup_count++;
    call.proc->wsa_version = data.wVersion;   /* S05: WSACancelBlockingCall is 1.1's */
    return (int)wsapi_call_end(&call, 0, 0);
}

int WSAAPI WSACleanup(void)
{
    wsapi_call call;
    if (wsapi_call_begin(&call, WSIM_FN_WSACleanup, -1) != 0)
        return SOCKET_ERROR;
    if (call.proc->startup_count == 0)
        return (int)wsapi_call_end(&call, SOCKET_ERROR, WSANOTINITIALISED);
    call.proc->startup_count--;
    return (int)wsapi_call_end(&call, 0, 0);
}

/* ---- the last error: one slot per thread -------------------------------- */

/* These are API calls too (M02), recorded like any other; they never change
 * the slot they read. */
static int get_last_error(wsim_fn function)
{
    wsapi_call call;
    if (wsapi_call_begin(&call, function, -1) != 0)
        return WSANOTINITIALISED;
    return (int)wsapi_call_end(&call, wsapi_last_error(call.thread), 0);
}

static void set_last_error(wsim_fn function, int error)
{
    wsapi_call call;
    if (wsapi_call_begin(&call, function, -1) != 0)
        return;
    wsapi_call_args(&call, "error=%d", error);
    wsapi_set_last_error(call.thread, error);
    wsapi_call_end(&call, 0, 0);
}

int WSAAPI WSAGetLastError(void) { return get_last_error(WSIM_FN_WSAGetLastError); }
void WSAAPI WSASetLastError(int iError) { set_last_error(WSIM_FN_WSASetLastError, iError); }
DWORD WINAPI GetLastError(void) { return (DWORD)get_last_error(WSIM_FN_GetLastError); }
void WINAPI SetLastError(DWORD dwErrCode) { set_last_error(WSIM_FN_SetLastError, (int)dwErrCode); }

/* ---- byte order: network order is big-endian ----------------------------- */

/* Recorded (M02), computed the same inside or outside a simulation. */
static uint32_t byte_order_call(wsim_fn function, uint32_t value, int bits)
{
    uint32_t result = bits == 16 ? wsapi_net16((uint16_t)value) : wsapi_net32(value);
    wsapi_call call;
    if (wsapi_call_begin(&call, function, -1) == 0) {
        wsapi_call_args(&call, "value=%u", value);
        wsapi_call_end(&call, result, 0);
    }
    return result;
}

u_short WSAAPI htons(u_short v) { return (u_short)byte_order_call(WSIM_FN_htons, v, 16); }
u_short WSAAPI ntohs(u_short v) { return (u_short)byte_order_call(WSIM_FN_ntohs, v, 16); }
u_long WSAAPI htonl(u_long v) { return byte_order_call(WSIM_FN_htonl, v, 32); }
u_long WSAAPI ntohl(u_long v) { return byte_order_call(WSIM_FN_ntohl, v, 32); }
