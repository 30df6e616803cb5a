/* startup.c — WSAStartup/WSACleanup, the last error, byte order, address
 * parsing and name resolution (getaddrinfo over the scenario's hosts). */
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

/* ---- addresses ------------------------------------------------------------ */

/* Parses a strict dotted quad into host order; -1 when it is not one. */
static int parse_dotted_quad(const char *s, uint32_t *out)
{
    uint32_t value = 0;
    for (int part = 0; part < 4; part++) {
        if (*s < '0' || *s > '9')
            return -1;
        unsigned n = 0;
        int digits = 0;
        while (*s >= '0' && *s <= '9') {
            n = n * 10 + (unsigned)(*s++ - '0');
            if (++digits > 3 || n > 255)
                return -1;
        }
        value = (value << 8) | n;
        if (part < 3 && *s++ != '.')
            return -1;
    }
    if (*s != '\0')
        return -1;
    *out = value;
    return 0;
}

/* A string that is not wholly in readable memory, or longer than any
 * dotted quad, is no "legitimate Internet address": INADDR_NONE (inet_addr's
 * page), never a crash. */
u_long WSAAPI inet_addr(const char *cp)
{
    uint32_t ip;
    char copy[32];
    int read = wsapi_read_program_string(cp, copy, sizeof copy);
    u_long result = read == 0 && parse_dotted_quad(copy, &ip) == 0 ? wsapi_net32(ip) : INADDR_NONE;
    wsapi_call call;
    if (wsapi_call_begin(&call, WSIM_FN_inet_addr, -1) == 0) {
        if (read == -1)
            wsapi_call_args(&call, "cp=%s", cp ? "<not a readable string>" : "NULL");
        else
            wsapi_call_args(&call, "cp=\"%s%s\"", copy, read == -2 ? "..." : "");
        wsapi_call_end(&call, result, 0);
    }
    return result;
}

/* ---- getaddrinfo ------------------------------------------------------------ */

/* Names resolve to the scenario's hosts, "localhost" to 127.0.0.1, and
 * dotted quads to themselves; with no name, AI_PASSIVE gives the wildcard
 * address and otherwise the loopback (as on Windows). */
static int resolve_name(wsim_sim *sim, const char *name, int flags, uint32_t *ip)
{
    if (!name) {
        *ip = (flags & AI_PASSIVE) ? 0 : 0x7F000001u;
        return 0;
    }
    if (parse_dotted_quad(name, ip) == 0)
        return 0;
    if (flags & AI_NUMERICHOST)
        return WSAHOST_NOT_FOUND;
    if (strcmp(name, "localhost") == 0) {
        *ip = 0x7F000001u;
        return 0;
    }
    wsim_host *host = wsim_host_by_name(sim, name);
    if (!host)
        return WSAHOST_NOT_FOUND;
    *ip = host->address;
    return 0;
}

static int parse_port(const char *service, uint16_t *port)
{
    if (!service) {
        *port = 0;
        return 0;
    }
    unsigned long n = 0;
    if (!*service)
        return WSATYPE_NOT_FOUND;
    for (const char *c = service; *c; c++) {
        if (*c < '0' || *c > '9')
            return WSATYPE_NOT_FOUND;
        n = n * 10 + (unsigned long)(*c - '0');
        if (n > 65535)
            return WSATYPE_NOT_FOUND;
    }
    *port = (uint16_t)n;
    return 0;
}

struct addrinfo_block {
    struct addrinfo info;
    struct sockaddr_in addr;
};

int WSAAPI getaddrinfo(PCSTR pNodeName, PCSTR pServiceName, const ADDRINFOA *pHints,
                       PADDRINFOA *ppResult)
{
    wsapi_call call;
    if (wsapi_call_begin(&call, WSIM_FN_getaddrinfo, -1) != 0)
        return WSANOTINITIALISED;
    /* The strings are the program's: copied without touching them.  One
     * that is not readable memory up to its NUL is refused with WSAEFAULT
     * (the page gives no code; WSAEFAULT is the Winsock code for a bad
     * pointer argument); a name longer than NI_MAXHOST or a service longer
     * than NI_MAXSERV resolves to nothing. */
    char node[1025], service[32];
    int node_read = pNodeName ? wsapi_read_program_string(pNodeName, node, sizeof node) : 0;
    int service_read = pServiceName ? wsapi_read_program_string(pServiceName, service, sizeof service) : 0;
    wsapi_call_args(&call, "node=%s service=%s",
                    !pNodeName ? "NULL" : node_read == -1 ? "<not a readable string>" : node,
                    !pServiceName ? "NULL" : service_read == -1 ? "<not a readable string>" : service);
    int error = wsapi_check_started(&call);
    if (!error && (node_read == -1 || service_read == -1))
        error = WSAEFAULT;
    if (!error && node_read == -2)
        error = WSAHOST_NOT_FOUND;
    if (!error && service_read == -2)
        error = WSATYPE_NOT_FOUND;
    ADDRINFOA hints;
    memset(&hints, 0, sizeof hints);
    if (!error && pHints && wsapi_read_program(&hints, pHints, sizeof hints) != 0)
        error = WSAEFAULT;
    if (!error && !ppResult)
        error = WSAEFAULT;
    if (!error && !pNodeName && !pServiceName)
        error = WSAHOST_NOT_FOUND;
    if (!error && hints.ai_family != AF_UNSPEC && hints.ai_family != AF_INET)
        error = WSAEAFNOSUPPORT;
    uint32_t ip = 0;
    uint16_t port = 0;
    if (!error)
        error = resolve_name(call.sim, pNodeName ? node : NULL, hints.ai_flags, &ip);
    if (!error)
        error = parse_port(pServiceName ? service : NULL, &port);
    struct addrinfo_block *block = NULL;
    if (!error) {
        block = wsapi_heap_alloc(call.proc, sizeof *block, 1);
        if (!block)
            error = WSA_NOT_ENOUGH_MEMORY;
    }
    if (error) {
        wsapi_call_end(&call, error, error);
        return error;
    }
    block->addr.sin_family = AF_INET;
    block->addr.sin_port = wsapi_net16(port);
    block->addr.sin_addr.s_addr = wsapi_net32(ip);
    block->info.ai_family = AF_INET;
    block->info.ai_socktype = hints.ai_socktype ? hints.ai_socktype : SOCK_STREAM;
    block->info.ai_protocol = hints.ai_protocol;
    if (!block->info.ai_protocol)
        block->info.ai_protocol = block->info.ai_socktype == SOCK_DGRAM ? IPPROTO_UDP : IPPROTO_TCP;
    block->info.ai_addrlen = sizeof block->addr;
    block->info.ai_addr = (struct sockaddr *)&block->addr;
    PADDRINFOA result = &block->info;
    if (wsapi_write_program(ppResult, &result, sizeof result) != 0) {
        wsapi_heap_free(call.proc, block);   /* *ppResult is not writable memory */
        wsapi_call_end(&call, WSAEFAULT, WSAEFAULT);
        return WSAEFAULT;
    }
    return (int)wsapi_call_end(&call, 0, 0);
}

void WSAAPI freeaddrinfo(PADDRINFOA pAddrInfo)
{
    wsapi_call call;
    if (wsapi_call_begin(&call, WSIM_FN_freeaddrinfo, -1) != 0)
        return;
    /* Each result is one block (addrinfo followed by its address).  The
     * list is read without touching it, and only blocks getaddrinfo gave
     * the program are freed: anything else ends the walk. */
    while (pAddrInfo) {
        ADDRINFOA info;
        if (wsapi_read_program(&info, pAddrInfo, sizeof info) != 0 ||
            !wsapi_heap_free(call.proc, pAddrInfo))
            break;
        pAddrInfo = info.ai_next;
    }
    wsapi_call_end(&call, 0, 0);
}
