/* resolve.c — the protocol-independent resolver calls: getaddrinfo,
 * GetAddrInfoW, GetAddrInfoExW and their frees, getnameinfo and
 * GetNameInfoW, gai_strerrorA/W.  Names resolve from the scenario
 * (names.c: its hosts, their aliases, "localhost", "" for the calling
 * host); services from the built-in table or as decimal ports.
 *
 * The W forms take and give wchar_t strings (names.h): 4-byte characters
 * on Linux, where Windows' are 2. */
#include <stdio.h>
#include <string.h>

#include <winsock2.h>
#include <ws2tcpip.h>

#include "wsapi/calls.h"
#include "errors/errors.h"
#include "wsapi/names.h"

/* ---- the shared lookup ----------------------------------------------------- */

/* What a lookup found: one IPv4 address (host order), a port, the socket
 * type and protocol, and the canonical name (the host's, or the text). */
typedef struct resolved {
    uint32_t ip;
    uint16_t port;
    int socktype, protocol;
    char canon[NI_MAXHOST];
} resolved;

/* With no name, AI_PASSIVE gives the wildcard address and otherwise the
 * loopback (getaddrinfo's page). */
static int resolve_node(wsim_sim *sim, const char *name, int flags, resolved *r)
{
    if (!name) {
        r->ip = (flags & AI_PASSIVE) ? 0 : 0x7F000001u;
        return 0;
    }
    if (wsapi_parse_dotted_quad(name, &r->ip) == 0) {
        snprintf(r->canon, sizeof r->canon, "%s", name);
        return 0;
    }
    if (flags & AI_NUMERICHOST)
        return WSAHOST_NOT_FOUND;
    int error = wsapi_resolve_ipv4(sim, name, &r->ip);
    if (error)
        return error;
    wsim_host *host = *name ? wsapi_host_named(sim, name) : NULL;
    if (!*name) {
        wsim_thread *t = wsapi_thread();
        host = t ? t->process->host : NULL;
    }
    snprintf(r->canon, sizeof r->canon, "%s", host ? host->name : name);
    return 0;
}

/* A decimal port, or a name of the services table for the socket type
 * (TCP for a stream or none, UDP for a datagram socket); WSATYPE_NOT_FOUND
 * otherwise. */
static int resolve_service(const char *service, int socktype, uint16_t *port)
{
    if (!service) {
        *port = 0;
        return 0;
    }
    if (!*service)
        return WSATYPE_NOT_FOUND;
    unsigned long n = 0;
    const char *c = service;
    for (; *c >= '0' && *c <= '9'; c++) {
        n = n * 10 + (unsigned long)(*c - '0');
        if (n > 65535)
            return WSATYPE_NOT_FOUND;
    }
    if (!*c) {
        *port = (uint16_t)n;
        return 0;
    }
    const wsapi_service *s = wsapi_service_by_name(service, socktype == SOCK_DGRAM ? "udp" : "tcp");
    if (!s)
        return WSATYPE_NOT_FOUND;
    *port = s->port;
    return 0;
}

/* The checks and the lookup every getaddrinfo form shares, after the
 * strings are copied: node_read and service_read are the copies' results
 * (names.h), -3 for a NULL argument. */
static int lookup(wsapi_call *call, const char *node, int node_read, const char *service,
                  int service_read, const ADDRINFOA *hints, resolved *r)
{
    int error = wsapi_check_started(call);
    /* A string that is not readable memory up to its NUL: WSAEFAULT (the
     * page gives no code; it is the Winsock code for a bad pointer); a name
     * longer than NI_MAXHOST or a service longer than NI_MAXSERV resolves
     * to nothing. */
    if (!error && (node_read == -1 || service_read == -1))
        error = WSAEFAULT;
    if (!error && node_read == -2)
        error = WSAHOST_NOT_FOUND;
    if (!error && service_read == -2)
        error = WSATYPE_NOT_FOUND;
    if (!error && node_read == -3 && service_read == -3)
        error = WSAHOST_NOT_FOUND;
    if (!error && hints->ai_family != AF_UNSPEC && hints->ai_family != AF_INET)
        error = WSAEAFNOSUPPORT;
    memset(r, 0, sizeof *r);
    if (!error)
        error = resolve_node(call->sim, node_read == -3 ? NULL : node, hints->ai_flags, r);
    if (!error)
        error = resolve_service(service_read == -3 ? NULL : service, hints->ai_socktype, &r->port);
    r->socktype = hints->ai_socktype ? hints->ai_socktype : SOCK_STREAM;
    r->protocol = hints->ai_protocol;
    if (!r->protocol)
        r->protocol = r->socktype == SOCK_DGRAM ? IPPROTO_UDP : IPPROTO_TCP;
    return error;
}

static void describe(wsapi_call *call, const void *node, int node_read, const char *node_text,
                     const void *service, int service_read, const char *service_text)
{
    wsapi_call_args(call, "node=%s service=%s",
                    !node ? "NULL" : node_read == -1 ? "<not a readable string>" : node_text,
                    !service ? "NULL" : service_read == -1 ? "<not a readable string>"
                                                           : service_text);
}

/* One result: the addrinfo (A, W and Ex share their first fields), its
 * address and its canonical name, in one block of the program's heap. */
typedef struct addrinfo_block {
    union {
        ADDRINFOA a;
        ADDRINFOW w;
        ADDRINFOEXW ex;
    } info;
    struct sockaddr_in addr;
    union {
        char a[NI_MAXHOST];
        wchar_t w[NI_MAXHOST];
    } canon;
} addrinfo_block;

/* The block for r; the canonical name only with AI_CANONNAME.  NULL when
 * out of memory. */
static addrinfo_block *make_block(wsapi_call *call, const resolved *r, int flags, int wide)
{
    addrinfo_block *block = wsapi_heap_alloc(call->proc, sizeof *block, 1);
    if (!block)
        return NULL;
    block->addr.sin_family = AF_INET;
    block->addr.sin_port = wsapi_net16(r->port);
    block->addr.sin_addr.s_addr = wsapi_net32(r->ip);
    ADDRINFOA *info = &block->info.a;   /* the fields all three forms share */
    info->ai_family = AF_INET;
    info->ai_socktype = r->socktype;
    info->ai_protocol = r->protocol;
    info->ai_addrlen = sizeof block->addr;
    info->ai_addr = (struct sockaddr *)&block->addr;
    if ((flags & AI_CANONNAME) && r->canon[0]) {
        if (wide) {
            size_t i = 0;
            for (; r->canon[i]; i++)
                block->canon.w[i] = (wchar_t)(unsigned char)r->canon[i];
            block->canon.w[i] = 0;
            block->info.w.ai_canonname = block->canon.w;
        } else {
            snprintf(block->canon.a, sizeof block->canon.a, "%s", r->canon);
            info->ai_canonname = block->canon.a;
        }
    }
    return block;
}

/* Ends a lookup: the block to *out (program memory), or the error. */
static int finish(wsapi_call *call, int error, const resolved *r, int flags, int wide,
                  void *out)
{
    addrinfo_block *block = NULL;
    if (!error && !out)
        error = WSAEFAULT;
    if (!error && !(block = make_block(call, r, flags, wide)))
        error = WSA_NOT_ENOUGH_MEMORY;
    if (!error && wsapi_write_program(out, &block, sizeof block) != 0) {
        wsapi_heap_free(call->proc, block);   /* *ppResult is not writable memory */
        error = WSAEFAULT;
    }
    return (int)wsapi_call_end(call, error, error);
}

/* ---- getaddrinfo, GetAddrInfoW, GetAddrInfoExW ------------------------------ */

int WSAAPI getaddrinfo(PCSTR pNodeName, PCSTR pServiceName, const ADDRINFOA *pHints,
                       PADDRINFOA *ppResult)
{
    wsapi_call call;
    if (wsapi_call_begin(&call, WSIM_FN_getaddrinfo, -1) != 0)
        return WSANOTINITIALISED;
    char node[NI_MAXHOST], service[NI_MAXSERV];
    int node_read = pNodeName ? wsapi_read_program_string(pNodeName, node, sizeof node) : -3;
    int service_read =
        pServiceName ? wsapi_read_program_string(pServiceName, service, sizeof service) : -3;
    describe(&call, pNodeName, node_read, node, pServiceName, service_read, service);
    ADDRINFOA hints;
    memset(&hints, 0, sizeof hints);
    int hints_bad = pHints && wsapi_read_program(&hints, pHints, sizeof hints) != 0;
    resolved r;
    int error = lookup(&call, node, node_read, service, service_read, &hints, &r);
    if (hints_bad && (!error || error != WSANOTINITIALISED))
        error = error == WSANOTINITIALISED ? error : WSAEFAULT;
    return finish(&call, error, &r, hints.ai_flags, 0, ppResult);
}

INT WSAAPI GetAddrInfoW(PCWSTR pNodeName, PCWSTR pServiceName, const ADDRINFOW *pHints,
                        PADDRINFOW *ppResult)
{
    wsapi_call call;
    if (wsapi_call_begin(&call, WSIM_FN_GetAddrInfoW, -1) != 0)
        return WSANOTINITIALISED;
    char node[NI_MAXHOST], service[NI_MAXSERV];
    int node_read = pNodeName ? wsapi_read_program_wstring(pNodeName, node, sizeof node) : -3;
    int service_read =
        pServiceName ? wsapi_read_program_wstring(pServiceName, service, sizeof service) : -3;
    describe(&call, pNodeName, node_read, node, pServiceName, service_read, service);
    ADDRINFOW whints;
    memset(&whints, 0, sizeof whints);
    int hints_bad = pHints && wsapi_read_program(&whints, pHints, sizeof whints) != 0;
    ADDRINFOA hints = {.ai_flags = whints.ai_flags, .ai_family = whints.ai_family,
                       .ai_socktype = whints.ai_socktype, .ai_protocol = whints.ai_protocol};
    resolved r;
    int error = lookup(&call, node, node_read, service, service_read, &hints, &r);
    if (hints_bad && error != WSANOTINITIALISED)
        error = WSAEFAULT;
    return finish(&call, error, &r, hints.ai_flags, 1, ppResult);
}

/* The GetAddrInfoExW page: the same lookup in namespace NS_ALL or NS_DNS
 * (others: WSAEINVAL), synchronously: no timeout, overlapped, completion
 * routine or handle (wsim answers at once; with them the page's
 * asynchronous mode would be asked for, which wsim does not provide:
 * WSAEOPNOTSUPP). */
INT WSAAPI GetAddrInfoExW(PCWSTR pName, PCWSTR pServiceName, DWORD dwNameSpace, LPGUID lpNspId,
                          const ADDRINFOEXW *hints, PADDRINFOEXW *ppResult, struct timeval *timeout,
                          LPOVERLAPPED lpOverlapped,
                          LPLOOKUPSERVICE_COMPLETION_ROUTINE lpCompletionRoutine,
                          LPHANDLE lpHandle)
{
    wsapi_call call;
    if (wsapi_call_begin(&call, WSIM_FN_GetAddrInfoExW, -1) != 0)
        return WSANOTINITIALISED;
    char node[NI_MAXHOST], service[NI_MAXSERV];
    int node_read = pName ? wsapi_read_program_wstring(pName, node, sizeof node) : -3;
    int service_read =
        pServiceName ? wsapi_read_program_wstring(pServiceName, service, sizeof service) : -3;
    describe(&call, pName, node_read, node, pServiceName, service_read, service);
    ADDRINFOEXW xhints;
    memset(&xhints, 0, sizeof xhints);
    int hints_bad = hints && wsapi_read_program(&xhints, hints, sizeof xhints) != 0;
    ADDRINFOA h = {.ai_flags = xhints.ai_flags, .ai_family = xhints.ai_family,
                   .ai_socktype = xhints.ai_socktype, .ai_protocol = xhints.ai_protocol};
    resolved r;
    int error = lookup(&call, node, node_read, service, service_read, &h, &r);
    if (error != WSANOTINITIALISED) {
        if (hints_bad)
            error = WSAEFAULT;
        else if ((dwNameSpace != NS_ALL && dwNameSpace != NS_DNS) || lpNspId)
            error = WSAEINVAL;
        else if (timeout || lpOverlapped || lpCompletionRoutine || lpHandle)
            error = WSAEOPNOTSUPP;
    }
    return finish(&call, error, &r, h.ai_flags, 1, ppResult);
}

/* Each result is one block; the list is read without touching it, and only
 * blocks a getaddrinfo form gave the program are freed: anything else ends
 * the walk.  The three lists differ only in where ai_next is. */
static void free_list(wsim_fn fn, void *list, size_t next_offset)
{
    wsapi_call call;
    if (wsapi_call_begin(&call, fn, -1) != 0)
        return;
    while (list) {
        void *next;
        if (wsapi_read_program(&next, (char *)list + next_offset, sizeof next) != 0 ||
            !wsapi_heap_free(call.proc, list))
            break;
        list = next;
    }
    wsapi_call_end(&call, 0, 0);
}

void WSAAPI freeaddrinfo(PADDRINFOA pAddrInfo)
{
    free_list(WSIM_FN_freeaddrinfo, pAddrInfo, offsetof(ADDRINFOA, ai_next));
}

VOID WSAAPI FreeAddrInfoW(PADDRINFOW pAddrInfo)
{
    free_list(WSIM_FN_FreeAddrInfoW, pAddrInfo, offsetof(ADDRINFOW, ai_next));
}

void WSAAPI FreeAddrInfoExW(PADDRINFOEXW pAddrInfoEx)
{
    free_list(WSIM_FN_FreeAddrInfoExW, pAddrInfoEx, offsetof(ADDRINFOEXW, ai_next));
}

/* ---- getnameinfo, GetNameInfoW --------------------------------------------- */

/* The getnameinfo page: the host's name, or its numeric form with
 * NI_NUMERICHOST or when no host has the address (EAI_NONAME with
 * NI_NAMEREQD); NI_NOFQDN keeps the name's first label; the service's name
 * from the table (UDP's with NI_DGRAM), or the decimal port with
 * NI_NUMERICSERV or when the table has none.  Errors: EAI_FAMILY for a
 * family other than AF_INET, WSAEFAULT for a NULL or short sockaddr or a
 * buffer too small for its string, EAI_BADFLAGS for a buffer given with a
 * size of 0, EAI_NONAME when neither buffer is given.  (IPv6 addresses:
 * not yet; EAI_FAMILY.) */
static int name_info(wsim_fn fn, const SOCKADDR *sa, socklen_t salen, void *host,
                     DWORD hostlen, void *serv, DWORD servlen, INT flags, int wide)
{
    wsapi_call call;
    if (wsapi_call_begin(&call, fn, -1) != 0)
        return WSANOTINITIALISED;
    struct sockaddr_in sin;
    memset(&sin, 0, sizeof sin);
    int error = wsapi_check_started(&call);
    if (!error && (!sa || salen < (socklen_t)sizeof(SOCKADDR) ||
                   wsapi_read_program(&sin, sa, sizeof(SOCKADDR)) != 0))
        error = WSAEFAULT;
    if (!error && sin.sin_family != AF_INET)
        error = WSAEAFNOSUPPORT;
    if (!error && salen < (socklen_t)sizeof sin)
        error = WSAEFAULT;
    uint32_t ip = wsapi_net32(sin.sin_addr.s_addr);
    uint16_t port = wsapi_net16(sin.sin_port);
    char address[16];
    wsapi_format_ipv4(ip, address);
    wsapi_call_args(&call, "address=%s port=%u flags=0x%x", error ? "?" : address, port,
                    (unsigned)flags);
    if (!error && !host && !serv)
        error = WSAHOST_NOT_FOUND;
    if (!error && ((host && hostlen == 0) || (serv && servlen == 0)))
        error = WSAEINVAL;
    char host_text[NI_MAXHOST] = "", serv_text[NI_MAXSERV] = "";
    if (!error && host) {
        const wsim_host *h = NULL;
        if (!(flags & NI_NUMERICHOST))
            h = (ip >> 24) == 127 ? call.thread->process->host : wsim_host_by_address(call.sim, ip);
        if (h) {
            snprintf(host_text, sizeof host_text, "%s", h->name);
            if (flags & NI_NOFQDN)
                host_text[strcspn(host_text, ".")] = '\0';
        } else if (flags & NI_NAMEREQD) {
            error = WSAHOST_NOT_FOUND;
        } else {
            snprintf(host_text, sizeof host_text, "%s", address);
        }
    }
    if (!error && serv) {
        const wsapi_service *s =
            (flags & NI_NUMERICSERV) ? NULL
                                     : wsapi_service_by_port(port, (flags & NI_DGRAM) ? "udp" : "tcp");
        if (s)
            snprintf(serv_text, sizeof serv_text, "%s", s->name);
        else
            snprintf(serv_text, sizeof serv_text, "%u", port);
    }
    if (!error && ((host && strlen(host_text) + 1 > hostlen) ||
                   (serv && strlen(serv_text) + 1 > servlen)))
        error = WSAEFAULT;
    if (!error && host) {
        int w = wide ? wsapi_write_program_wstring(host, host_text, hostlen)
                     : wsapi_write_program(host, host_text, strlen(host_text) + 1);
        if (w != 0)
            error = WSAEFAULT;
    }
    if (!error && serv) {
        int w = wide ? wsapi_write_program_wstring(serv, serv_text, servlen)
                     : wsapi_write_program(serv, serv_text, strlen(serv_text) + 1);
        if (w != 0)
            error = WSAEFAULT;
    }
    return (int)wsapi_call_end(&call, error, error);
}

INT WSAAPI getnameinfo(const SOCKADDR *pSockaddr, socklen_t SockaddrLength, PCHAR pNodeBuffer,
                       DWORD NodeBufferSize, PCHAR pServiceBuffer, DWORD ServiceBufferSize,
                       INT Flags)
{
    return name_info(WSIM_FN_getnameinfo, pSockaddr, SockaddrLength, pNodeBuffer,
                     NodeBufferSize, pServiceBuffer, ServiceBufferSize, Flags, 0);
}

INT WSAAPI GetNameInfoW(const SOCKADDR *pSockaddr, socklen_t SockaddrLength, PWCHAR pNodeBuffer,
                        DWORD NodeBufferSize, PWCHAR pServiceBuffer, DWORD ServiceBufferSize,
                        INT Flags)
{
    return name_info(WSIM_FN_GetNameInfoW, pSockaddr, SockaddrLength, pNodeBuffer,
                     NodeBufferSize, pServiceBuffer, ServiceBufferSize, Flags, 1);
}

/* ---- gai_strerror ---------------------------------------------------------- */

/* The gai_strerror page: the text of an EAI_ code (a Winsock error
 * number), in a buffer the call owns (here the thread's: names.c), which
 * the next call overwrites.  The wording is errors/'s, the one table of
 * codes. */
static const void *gai_text(wsim_fn fn, int ecode, int wide)
{
    wsapi_call call;
    if (wsapi_call_begin(&call, fn, -1) != 0)
        return NULL;
    wsapi_call_args(&call, "ecode=%d", ecode);
    struct wsapi_names_buffer *b = wsapi_names_buffer(&call);
    if (!b) {
        wsapi_call_end(&call, 0, WSA_NOT_ENOUGH_MEMORY);
        return NULL;
    }
    const char *text = wsim_error_wording(ecode);
    char line[128];
    if (text)
        snprintf(line, sizeof line, "%s", text);
    else
        snprintf(line, sizeof line, "Unknown error %d", ecode);
    size_t size;
    if (wide) {
        wchar_t *out = wsapi_names_gai_error_w(b, &size);
        size_t i = 0;
        for (; line[i] && i + 1 < size; i++)
            out[i] = (wchar_t)(unsigned char)line[i];
        out[i] = 0;
        wsapi_call_end(&call, 1, 0);
        return out;
    }
    char *out = wsapi_names_gai_error(b, &size);
    snprintf(out, size, "%s", line);
    wsapi_call_end(&call, 1, 0);
    return out;
}

char *WSAAPI gai_strerrorA(int ecode) { return (char *)gai_text(WSIM_FN_gai_strerrorA, ecode, 0); }

WCHAR *WSAAPI gai_strerrorW(int ecode)
{
    return (WCHAR *)gai_text(WSIM_FN_gai_strerrorW, ecode, 1);
}
