/* names.c — the host database calls: gethostname, gethostbyname,
 * gethostbyaddr, getservbyname, getservbyport; the scenario's names and
 * aliases (names.h); the built-in services table; and the per-thread block
 * in program memory where these calls, inet_ntoa and gai_strerror leave
 * their results.
 *
 * Names resolve only from the scenario: its hosts, their aliases,
 * "localhost"; never the machine's resolver, /etc/hosts or /etc/services
 * (the run must not depend on the machine it runs on). */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include <winsock2.h>
#include <ws2tcpip.h>

#include "wsapi/calls.h"
#include "wsapi/host.h"
#include "wsapi/names.h"

/* ---- the per-thread results block ---------------------------------------- */

#define MAX_ALIASES 8
#define NAME_SIZE 256

/* "The application must never attempt to modify this structure or to free
 * any of its components.  Only one copy of this structure is allocated per
 * thread" (gethostbyname's page; getservbyname's says the same). */
struct wsapi_names_buffer {
    char ntoa[16];
    struct hostent host;
    char *host_aliases[MAX_ALIASES + 1];
    char *host_addr_list[2];
    struct in_addr host_addr;
    char host_name[NAME_SIZE];
    char host_alias_names[MAX_ALIASES][NAME_SIZE];
    struct servent serv;
    char *serv_aliases[2];
    char serv_name[32];
    char serv_alias[32];
    char serv_proto[8];
    char gai_error[128];
    wchar_t gai_error_w[128];
};

struct wsapi_names_buffer *wsapi_names_buffer(wsapi_call *call)
{
    wsapi_thread_state *ts = wsapi_thread_state_of(call->thread);
    if (!ts)
        return NULL;
    if (!ts->names_buffer)
        ts->names_buffer = wsapi_heap_alloc(call->proc, sizeof(struct wsapi_names_buffer), 1);
    return ts->names_buffer;
}

char *wsapi_names_ntoa(struct wsapi_names_buffer *b) { return b->ntoa; }

char *wsapi_names_gai_error(struct wsapi_names_buffer *b, size_t *size)
{
    *size = sizeof b->gai_error;
    return b->gai_error;
}

wchar_t *wsapi_names_gai_error_w(struct wsapi_names_buffer *b, size_t *count)
{
    *count = sizeof b->gai_error_w / sizeof b->gai_error_w[0];
    return b->gai_error_w;
}

/* ---- the scenario's names --------------------------------------------------- */

wsim_host *wsapi_host_named(wsim_sim *sim, const char *name)
{
    for (size_t i = 0; i < sim->host_count; i++) {
        wsim_host *h = sim->hosts[i];
        if (h->is_switch)
            continue;
        if (strcasecmp(h->name, name) == 0)
            return h;
        const wsapi_host *settings = wsapi_host_of(h);
        for (size_t a = 0; a < settings->alias_count; a++)
            if (strcasecmp(settings->aliases[a], name) == 0)
                return h;
    }
    return NULL;
}

/* The host the calling program runs on. */
static wsim_host *own_host(void)
{
    wsim_thread *t = wsapi_thread();
    return t ? t->process->host : NULL;
}

int wsapi_resolve_ipv4(wsim_sim *sim, const char *name, uint32_t *ip)
{
    if (wsapi_parse_dotted_quad(name, ip) == 0)
        return 0;
    if (strcasecmp(name, "localhost") == 0) {
        *ip = 0x7F000001u;
        return 0;
    }
    wsim_host *host = *name ? wsapi_host_named(sim, name) : own_host();
    if (!host)
        return WSAHOST_NOT_FOUND;
    *ip = host->address;
    return 0;
}

/* ---- services ------------------------------------------------------------------ */

/* Well-known ports (IANA), as the services file Windows ships lists them:
 * its names and first aliases, TCP before UDP. */
static const wsapi_service services[] = {
    {"echo", 7, "tcp", NULL},           {"echo", 7, "udp", NULL},
    {"discard", 9, "tcp", "sink"},      {"discard", 9, "udp", "sink"},
    {"daytime", 13, "tcp", NULL},       {"daytime", 13, "udp", NULL},
    {"qotd", 17, "tcp", "quote"},       {"qotd", 17, "udp", "quote"},
    {"chargen", 19, "tcp", "ttytst"},   {"chargen", 19, "udp", "ttytst"},
    {"ftp-data", 20, "tcp", NULL},      {"ftp", 21, "tcp", NULL},
    {"ssh", 22, "tcp", NULL},           {"telnet", 23, "tcp", NULL},
    {"smtp", 25, "tcp", "mail"},        {"time", 37, "tcp", "timserver"},
    {"time", 37, "udp", "timserver"},   {"domain", 53, "tcp", NULL},
    {"domain", 53, "udp", NULL},        {"bootps", 67, "udp", "dhcps"},
    {"bootpc", 68, "udp", "dhcpc"},     {"tftp", 69, "udp", NULL},
    {"http", 80, "tcp", "www"},         {"kerberos", 88, "tcp", "krb5"},
    {"kerberos", 88, "udp", "krb5"},    {"pop3", 110, "tcp", NULL},
    {"ntp", 123, "udp", NULL},          {"imap", 143, "tcp", "imap4"},
    {"snmp", 161, "udp", NULL},         {"ldap", 389, "tcp", NULL},
    {"https", 443, "tcp", NULL},        {"microsoft-ds", 445, "tcp", NULL},
    {"syslog", 514, "udp", NULL},       {"ms-sql-s", 1433, "tcp", NULL},
};
#define SERVICE_COUNT (sizeof services / sizeof services[0])

static int proto_matches(const wsapi_service *s, const char *proto)
{
    return !proto || strcasecmp(s->proto, proto) == 0;
}

const wsapi_service *wsapi_service_by_name(const char *name, const char *proto)
{
    for (size_t i = 0; i < SERVICE_COUNT; i++)
        if (proto_matches(&services[i], proto) &&
            (strcasecmp(services[i].name, name) == 0 ||
             (services[i].alias && strcasecmp(services[i].alias, name) == 0)))
            return &services[i];
    return NULL;
}

const wsapi_service *wsapi_service_by_port(uint16_t port, const char *proto)
{
    for (size_t i = 0; i < SERVICE_COUNT; i++)
        if (services[i].port == port && proto_matches(&services[i], proto))
            return &services[i];
    return NULL;
}

/* ---- gethostname ----------------------------------------------------------------- */

/* The gethostname page: the host's name (the scenario's); WSAEFAULT when
 * name is NULL or namelen is too small for it and its NUL. */
int WSAAPI gethostname(char *name, int namelen)
{
    wsapi_call call;
    if (wsapi_call_begin(&call, WSIM_FN_gethostname, -1) != 0)
        return SOCKET_ERROR;
    wsapi_call_args(&call, "namelen=%d", namelen);
    int error = wsapi_check_started(&call);
    const char *own = call.thread->process->host->name;
    if (!error && (!name || namelen < 0 || (size_t)namelen < strlen(own) + 1 ||
                   wsapi_write_program(name, own, strlen(own) + 1) != 0))
        error = WSAEFAULT;
    if (error)
        return (int)wsapi_call_end(&call, SOCKET_ERROR, error);
    return (int)wsapi_call_end(&call, 0, 0);
}

/* ---- gethostbyname, gethostbyaddr ------------------------------------------------ */

/* Fills the thread's hostent: one IPv4 address, the host's name and
 * aliases. */
static struct hostent *fill_hostent(struct wsapi_names_buffer *b, const char *name,
                                    const wsim_host *host, uint32_t ip)
{
    memset(&b->host, 0, sizeof b->host);
    snprintf(b->host_name, sizeof b->host_name, "%s", name);
    size_t n = 0;
    if (host) {
        const wsapi_host *settings = wsapi_host_of(host);
        for (; n < settings->alias_count && n < MAX_ALIASES; n++) {
            snprintf(b->host_alias_names[n], NAME_SIZE, "%s", settings->aliases[n]);
            b->host_aliases[n] = b->host_alias_names[n];
        }
    }
    b->host_aliases[n] = NULL;
    b->host_addr.s_addr = wsapi_net32(ip);
    b->host_addr_list[0] = (char *)&b->host_addr;
    b->host_addr_list[1] = NULL;
    b->host.h_name = b->host_name;
    b->host.h_aliases = b->host_aliases;
    b->host.h_addrtype = AF_INET;
    b->host.h_length = 4;
    b->host.h_addr_list = b->host_addr_list;
    return &b->host;
}

/* The gethostbyname page: "" (and NULL) give the local computer, its name
 * and its addresses (the loopback is not one of them); an IPv4 address
 * string gives itself with no lookup; a name no host has fails with
 * WSAHOST_NOT_FOUND. */
struct hostent *WSAAPI gethostbyname(const char *name)
{
    wsapi_call call;
    if (wsapi_call_begin(&call, WSIM_FN_gethostbyname, -1) != 0)
        return NULL;
    char text[NI_MAXHOST];
    int read = name ? wsapi_read_program_string(name, text, sizeof text) : 0;
    if (!name)
        text[0] = '\0';
    wsapi_call_args(&call, "name=%s%s%s", read == -1 ? "" : "\"",
                    read == -1 ? "<not a readable string>" : text, read == -1 ? "" : "\"");
    int error = wsapi_check_started(&call);
    if (!error && read == -1)
        error = WSAEFAULT;
    if (!error && read == -2)
        error = WSAHOST_NOT_FOUND;
    uint32_t ip = 0;
    const wsim_host *host = NULL;
    const char *h_name = text;
    if (!error) {
        if (!text[0]) {
            host = call.thread->process->host;
            ip = host->address;
            h_name = host->name;
        } else if (wsapi_parse_dotted_quad(text, &ip) == 0) {
            /* no lookup */
        } else if (strcasecmp(text, "localhost") == 0) {
            ip = 0x7F000001u;
        } else if ((host = wsapi_host_named(call.sim, text))) {
            ip = host->address;
            h_name = host->name;
        } else {
            error = WSAHOST_NOT_FOUND;
        }
    }
    struct wsapi_names_buffer *b = error ? NULL : wsapi_names_buffer(&call);
    if (!error && !b)
        error = WSA_NOT_ENOUGH_MEMORY;
    if (error) {
        wsapi_call_end(&call, 0, error);
        return NULL;
    }
    struct hostent *result = fill_hostent(b, h_name, host, ip);
    wsapi_call_end(&call, 1, 0);
    return result;
}

/* The gethostbyaddr page: type AF_INET and len 4 (WSAEAFNOSUPPORT for
 * another type, WSAEFAULT for a short len or unreadable addr); an address
 * no host has is a valid address with no name record: WSANO_DATA. */
struct hostent *WSAAPI gethostbyaddr(const char *addr, int len, int type)
{
    wsapi_call call;
    if (wsapi_call_begin(&call, WSIM_FN_gethostbyaddr, -1) != 0)
        return NULL;
    struct in_addr in = {0};
    int error = wsapi_check_started(&call);
    if (!error && type != AF_INET)
        error = WSAEAFNOSUPPORT;
    if (!error && (len < 4 || !addr || wsapi_read_program(&in, addr, 4) != 0))
        error = WSAEFAULT;
    uint32_t ip = wsapi_net32(in.s_addr);
    char text[16];
    wsapi_format_ipv4(ip, text);
    wsapi_call_args(&call, "addr=%s len=%d type=%d", error ? "?" : text, len, type);
    const wsim_host *host = NULL;
    const char *h_name = NULL;
    if (!error) {
        if ((ip >> 24) == 127) {
            host = call.thread->process->host;   /* the loopback is the calling host */
            h_name = host->name;
        } else if ((host = wsim_host_by_address(call.sim, ip))) {
            h_name = host->name;
        } else {
            error = WSANO_DATA;
        }
    }
    struct wsapi_names_buffer *b = error ? NULL : wsapi_names_buffer(&call);
    if (!error && !b)
        error = WSA_NOT_ENOUGH_MEMORY;
    if (error) {
        wsapi_call_end(&call, 0, error);
        return NULL;
    }
    struct hostent *result = fill_hostent(b, h_name, host, ip);
    wsapi_call_end(&call, 1, 0);
    return result;
}

/* ---- getservbyname, getservbyport --------------------------------------------------- */

static struct servent *fill_servent(struct wsapi_names_buffer *b, const wsapi_service *s)
{
    memset(&b->serv, 0, sizeof b->serv);
    snprintf(b->serv_name, sizeof b->serv_name, "%s", s->name);
    snprintf(b->serv_proto, sizeof b->serv_proto, "%s", s->proto);
    b->serv_aliases[0] = NULL;
    b->serv_aliases[1] = NULL;
    if (s->alias) {
        snprintf(b->serv_alias, sizeof b->serv_alias, "%s", s->alias);
        b->serv_aliases[0] = b->serv_alias;
    }
    b->serv.s_name = b->serv_name;
    b->serv.s_aliases = b->serv_aliases;
    b->serv.s_proto = b->serv_proto;
    b->serv.s_port = (short)wsapi_net16(s->port);   /* network byte order */
    return &b->serv;
}

/* Both pages: NULL proto matches any protocol; a service the table lacks
 * is WSANO_DATA ("valid name, no data record of requested type"). */
static struct servent *serv_lookup(wsim_fn fn, const char *name, int port, const char *proto)
{
    wsapi_call call;
    if (wsapi_call_begin(&call, fn, -1) != 0)
        return NULL;
    char name_text[NI_MAXSERV] = "", proto_text[16] = "";
    int name_read = name ? wsapi_read_program_string(name, name_text, sizeof name_text) : 0;
    int proto_read = proto ? wsapi_read_program_string(proto, proto_text, sizeof proto_text) : 0;
    uint16_t host_port = wsapi_net16((uint16_t)port);
    if (fn == WSIM_FN_getservbyname)
        wsapi_call_args(&call, "name=\"%s\" proto=%s", name_text, proto ? proto_text : "NULL");
    else
        wsapi_call_args(&call, "port=%u proto=%s", host_port, proto ? proto_text : "NULL");
    int error = wsapi_check_started(&call);
    if (!error && (name_read == -1 || proto_read == -1 || (fn == WSIM_FN_getservbyname && !name)))
        error = WSAEFAULT;
    const wsapi_service *s = NULL;
    if (!error && name_read != -2 && proto_read != -2)
        s = fn == WSIM_FN_getservbyname
                ? wsapi_service_by_name(name_text, proto ? proto_text : NULL)
                : wsapi_service_by_port(host_port, proto ? proto_text : NULL);
    if (!error && !s)
        error = WSANO_DATA;
    struct wsapi_names_buffer *b = error ? NULL : wsapi_names_buffer(&call);
    if (!error && !b)
        error = WSA_NOT_ENOUGH_MEMORY;
    if (error) {
        wsapi_call_end(&call, 0, error);
        return NULL;
    }
    struct servent *result = fill_servent(b, s);
    wsapi_call_end(&call, 1, 0);
    return result;
}

struct servent *WSAAPI getservbyname(const char *name, const char *proto)
{
    return serv_lookup(WSIM_FN_getservbyname, name, 0, proto);
}

struct servent *WSAAPI getservbyport(int port, const char *proto)
{
    return serv_lookup(WSIM_FN_getservbyport, NULL, port, proto);
}
