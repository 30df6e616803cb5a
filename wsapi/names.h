/* names.h — what the name and address calls share (names.c, address.c,
 * resolve.c): program strings read without trusting them, narrow and wide,
 * IPv4 text, the scenario's names, and the per-thread block where the
 * calls that return a pointer to "memory allocated by Windows Sockets"
 * (inet_ntoa, gethostbyname, getservbyname, gai_strerror) leave it.
 *
 * Wide strings: WCHAR is the compiler's wchar_t, 4 bytes on Linux, 2 on
 * Windows (wsim_win_types.h).  The W calls read and write wchar_t strings
 * as the program's compiler lays them out; names and addresses are ASCII
 * (scenario names are), so a wide character above 0x7F in a name is a name
 * no host has.
 */
#ifndef WSIM_WSAPI_NAMES_H
#define WSIM_WSAPI_NAMES_H

#include <stddef.h>
#include <stdint.h>
#include <wchar.h>

#include "runtime/calls.h"
#include "sim/net.h"

/* wsapi_read_program_string (runtime/calls.h) for a wide string, narrowed: a character above 0x7F becomes
 * 0x7F (DEL), which no name or address contains. */
int wsapi_read_program_wstring(const wchar_t *program_str, char *out, size_t size);
/* Writes narrow ASCII `s` (with its NUL) as a wide string of at most
 * `count` characters: 0, -1 when not writable, -2 when it does not fit. */
int wsapi_write_program_wstring(wchar_t *program_dst, const char *s, size_t count);

/* A strict dotted quad ("10.0.0.1") into host order: 0, or -1. */
int wsapi_parse_dotted_quad(const char *s, uint32_t *out);
/* inet_addr's forms (a, a.b, a.b.c, a.b.c.d; decimal, octal 0…, hex 0x…)
 * into host order: 0, or -1. */
int wsapi_parse_inet_addr(const char *s, uint32_t *out);
/* Host-order IPv4 as dotted decimal into out[16]. */
void wsapi_format_ipv4(uint32_t ip, char out[16]);
/* IPv6 text (RFC 4291 forms, with an embedded dotted quad) into 16 bytes
 * (0, -1), and 16 bytes as RFC 5952 text into out[46]. */
int wsapi_parse_ipv6(const char *s, uint8_t out[16]);
void wsapi_format_ipv6(const uint8_t in[16], char out[46]);

/* The host named `name` (its name or one of its aliases, compared without
 * case as DNS names are), or NULL. */
wsim_host *wsapi_host_named(wsim_sim *sim, const char *name);
/* Resolves a name as the resolver calls do: a dotted quad to itself,
 * "localhost" and the calling host's own name to what they are, the
 * scenario's hosts and aliases.  0 and *ip (host order), or
 * WSAHOST_NOT_FOUND. */
int wsapi_resolve_ipv4(wsim_sim *sim, const char *name, uint32_t *ip);

/* The built-in services table (never the machine's /etc/services). */
typedef struct wsapi_service {
    const char *name;
    uint16_t port;
    const char *proto;         /* "tcp" or "udp" */
    const char *alias;         /* NULL: none */
} wsapi_service;
const wsapi_service *wsapi_service_by_name(const char *name, const char *proto);
const wsapi_service *wsapi_service_by_port(uint16_t port, const char *proto);

/* The calling thread's results block (in program memory, allocated on
 * first use, freed with the program); NULL when out of memory. */
struct wsapi_names_buffer;
struct wsapi_names_buffer *wsapi_names_buffer(wsapi_call *call);
/* Its inet_ntoa buffer (16 bytes) and its gai_strerror buffers. */
char *wsapi_names_ntoa(struct wsapi_names_buffer *b);
char *wsapi_names_gai_error(struct wsapi_names_buffer *b, size_t *size);
wchar_t *wsapi_names_gai_error_w(struct wsapi_names_buffer *b, size_t *count);

#endif
