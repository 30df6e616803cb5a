/* address.c — addresses as text and back: inet_addr, inet_ntoa,
 * inet_pton/inet_ntop and InetPtonW/InetNtopW, WSAAddressToString and
 * WSAStringToAddress (A and W); and reading the program's wide strings
 * without trusting them (names.h; narrow ones: runtime/calls.h).  Pure conversions: nothing
 * here asks the simulated network anything. */
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include <winsock2.h>
#include <ws2tcpip.h>

#include "wsapi/calls.h"
#include "wsapi/names.h"

/* ---- program strings ---------------------------------------------------- */

int wsapi_read_program_wstring(const wchar_t *program_str, char *out, size_t size)
{
    out[0] = '\0';
    if (!program_str)
        return -1;
    /* Names are short (NI_MAXHOST at most): one character at a time. */
    for (size_t n = 0; n + 1 < size; n++) {
        wchar_t c;
        if (wsapi_read_program(&c, program_str + n, sizeof c) != 0) {
            out[n] = '\0';
            return -1;
        }
        if (c == 0) {
            out[n] = '\0';
            return 0;
        }
        out[n] = (char)(c > 0 && c < 0x7F ? c : 0x7F);
    }
    out[size - 1] = '\0';
    return -2;
}

int wsapi_write_program_wstring(wchar_t *program_dst, const char *s, size_t count)
{
    size_t len = strlen(s);
    if (len + 1 > count)
        return -2;
    for (size_t i = 0; i <= len; i++) {
        wchar_t c = (wchar_t)(unsigned char)s[i];
        if (wsapi_write_program(program_dst + i, &c, sizeof c) != 0)
            return -1;
    }
    return 0;
}

/* ---- IPv4 text ------------------------------------------------------------ */

int wsapi_parse_dotted_quad(const char *s, uint32_t *out)
{
    uint32_t value = 0;
    for (int part = 0; part < 4; part++) {
        if (*s < '0' || *s > '9')
            return -1;
        unsigned n = 0;
        int digits = 0;
        if (s[0] == '0' && s[1] >= '0' && s[1] <= '9')
            return -1;   /* no leading zeros: InetPton refuses "1.1.1.010" */
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

/* One part of inet_addr's notation: decimal, octal after a 0, hex after
 * 0x; at most 0xFFFFFFFF.  Returns the character after it, NULL when there
 * is no number there. */
static const char *parse_part(const char *s, uint64_t *value)
{
    unsigned base = 10;
    if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
        base = 16;
        s += 2;
    } else if (s[0] == '0') {
        base = 8;
    }
    uint64_t v = 0;
    const char *start = s;
    for (;; s++) {
        unsigned d;
        if (*s >= '0' && *s <= '9')
            d = (unsigned)(*s - '0');
        else if (base == 16 && *s >= 'a' && *s <= 'f')
            d = (unsigned)(*s - 'a' + 10);
        else if (base == 16 && *s >= 'A' && *s <= 'F')
            d = (unsigned)(*s - 'A' + 10);
        else
            break;
        if (d >= base)
            return NULL;
        v = v * base + d;
        if (v > 0xFFFFFFFFu)
            return NULL;
    }
    if (s == start && base != 8)
        return NULL;
    *value = v;
    return s;
}

/* inet_addr's notation up to the first character that is not part of it:
 * 0 and *end there, or -1. */
static int parse_inet_addr_prefix(const char *s, uint32_t *out, const char **end)
{
    uint64_t parts[4];
    int count = 0;
    for (;;) {
        if (count == 4)
            return -1;
        s = parse_part(s, &parts[count++]);
        if (!s)
            return -1;
        if (*s != '.')
            break;
        s++;
    }
    *end = s;
    /* a: 32 bits; a.b: 8.24; a.b.c: 8.8.16; a.b.c.d: 8.8.8.8. */
    static const uint64_t last_max[] = {0xFFFFFFFFu, 0xFFFFFFu, 0xFFFFu, 0xFFu};
    uint32_t v = 0;
    for (int i = 0; i < count - 1; i++) {
        if (parts[i] > 0xFF)
            return -1;
        v |= (uint32_t)parts[i] << (24 - 8 * i);
    }
    if (parts[count - 1] > last_max[count - 1])
        return -1;
    *out = v | (uint32_t)parts[count - 1];
    return 0;
}

int wsapi_parse_inet_addr(const char *s, uint32_t *out)
{
    const char *end;
    return parse_inet_addr_prefix(s, out, &end) == 0 && *end == '\0' ? 0 : -1;
}

void wsapi_format_ipv4(uint32_t ip, char out[16])
{
    snprintf(out, 16, "%u.%u.%u.%u", ip >> 24, (ip >> 16) & 255, (ip >> 8) & 255, ip & 255);
}

/* ---- IPv6 text ------------------------------------------------------------ */

int wsapi_parse_ipv6(const char *s, uint8_t out[16])
{
    uint16_t words[8];
    int count = 0, gap = -1;
    if (s[0] == ':') {
        if (s[1] != ':')
            return -1;
        gap = 0;
        s += 2;
        if (*s == '\0')
            goto done;
    }
    for (;;) {
        /* An embedded dotted quad ends the address (RFC 4291, 2.2 form 3). */
        const char *dot = s;
        while (*dot && *dot != ':' && *dot != '.')
            dot++;
        if (*dot == '.') {
            uint32_t ip;
            if (count > 6 || wsapi_parse_dotted_quad(s, &ip) != 0)
                return -1;
            words[count++] = (uint16_t)(ip >> 16);
            words[count++] = (uint16_t)ip;
            break;
        }
        unsigned v = 0;
        int digits = 0;
        for (; digits < 5; s++, digits++) {
            char c = *s;
            unsigned d;
            if (c >= '0' && c <= '9')
                d = (unsigned)(c - '0');
            else if (c >= 'a' && c <= 'f')
                d = (unsigned)(c - 'a' + 10);
            else if (c >= 'A' && c <= 'F')
                d = (unsigned)(c - 'A' + 10);
            else
                break;
            v = v * 16 + d;
        }
        if (digits == 0 || digits > 4 || count == 8)
            return -1;
        words[count++] = (uint16_t)v;
        if (*s == '\0')
            break;
        if (*s != ':')
            return -1;
        s++;
        if (*s == ':') {
            if (gap >= 0)
                return -1;
            gap = count;
            s++;
            if (*s == '\0')
                break;
        }
    }
done:
    if (gap < 0 ? count != 8 : count > 7)
        return -1;
    uint16_t full[8] = {0};
    if (gap < 0) {
        memcpy(full, words, sizeof full);
    } else {
        memcpy(full, words, (size_t)gap * sizeof *words);
        int tail = count - gap;
        memcpy(full + 8 - tail, words + gap, (size_t)tail * sizeof *words);
    }
    for (int i = 0; i < 8; i++) {
        out[2 * i] = (uint8_t)(full[i] >> 8);
        out[2 * i + 1] = (uint8_t)full[i];
    }
    return 0;
}

void wsapi_format_ipv6(const uint8_t in[16], char out[46])
{
    uint16_t w[8];
    for (int i = 0; i < 8; i++)
        w[i] = (uint16_t)(in[2 * i] << 8 | in[2 * i + 1]);
    /* A v4-mapped address keeps its IPv4 part dotted (RFC 5952, 5). */
    if (!w[0] && !w[1] && !w[2] && !w[3] && !w[4] && w[5] == 0xFFFF) {
        snprintf(out, 46, "::ffff:%u.%u.%u.%u", in[12], in[13], in[14], in[15]);
        return;
    }
    /* The longest run of two or more zero words, the first of equals,
     * becomes "::" (RFC 5952, 4.2). */
    int best = -1, best_len = 1;
    for (int i = 0; i < 8;) {
        int j = i;
        while (j < 8 && w[j] == 0)
            j++;
        if (j - i > best_len) {
            best = i;
            best_len = j - i;
        }
        i = j > i ? j : i + 1;
    }
    size_t n = 0;
    for (int i = 0; i < 8; i++) {
        if (i == best) {
            n += (size_t)snprintf(out + n, 46 - n, "::");
            i += best_len - 1;
            continue;
        }
        n += (size_t)snprintf(out + n, 46 - n, "%s%x", n && out[n - 1] != ':' ? ":" : "", w[i]);
    }
    out[n] = '\0';
}

/* ---- inet_addr, inet_ntoa ----------------------------------------------- */

/* The inet_addr reference page: INADDR_NONE for no legitimate address (a
 * part above 255 …), for "" and for NULL (Windows Server 2003 and later);
 * " " (a single space) gives 0.  The accepted forms are the Internet
 * standard "." notation's: a.b.c.d, a.b.c, a.b and a, each part decimal,
 * octal or hexadecimal.  What Windows does beyond the page, as Wine's
 * protocol.c test_inet_addr records it on Windows: white space ends the
 * address and what follows is ignored ("3.4.5.6 x"), a leading one makes
 * it none; NULL sets WSAEFAULT, nothing else touches the last error.  A
 * string not wholly in readable memory is no legitimate address either
 * (WSAEFAULT), never a crash. */
u_long WSAAPI inet_addr(const char *cp)
{
    uint32_t ip;
    char copy[64];
    int read = wsapi_read_program_string(cp, copy, sizeof copy);
    u_long result = INADDR_NONE;
    const char *end;
    if (read == -2) {
        /* A long string may still hold an address before white space. */
        copy[sizeof copy - 1] = '\0';
    }
    if (read != -1 && strcmp(copy, " ") == 0)
        result = 0;
    else if (read != -1 && parse_inet_addr_prefix(copy, &ip, &end) == 0 &&
             (*end == '\0' ? read == 0 : isspace((unsigned char)*end)))
        result = wsapi_net32(ip);
    wsapi_call call;
    if (wsapi_call_begin(&call, WSIM_FN_inet_addr, -1) == 0) {
        if (read == -1)
            wsapi_call_args(&call, "cp=%s", cp ? "<not a readable string>" : "NULL");
        else
            wsapi_call_args(&call, "cp=\"%s%s\"", copy, read == -2 ? "..." : "");
        wsapi_call_end(&call, result, read == -1 ? WSAEFAULT : 0);
    }
    return result;
}

/* The inet_ntoa reference page: the string "resides in memory that is
 * allocated by Windows Sockets", valid only until the thread's next Windows
 * Sockets call; one buffer per thread (names.c). */
char *WSAAPI inet_ntoa(struct in_addr in)
{
    wsapi_call call;
    if (wsapi_call_begin(&call, WSIM_FN_inet_ntoa, -1) != 0)
        return NULL;
    char text[16];
    wsapi_format_ipv4(wsapi_net32(in.s_addr), text);
    wsapi_call_args(&call, "in=%s", text);
    struct wsapi_names_buffer *b = wsapi_names_buffer(&call);
    if (!b) {
        wsapi_call_end(&call, 0, WSA_NOT_ENOUGH_MEMORY);
        return NULL;
    }
    char *out = wsapi_names_ntoa(b);
    memcpy(out, text, sizeof text);
    wsapi_call_end(&call, 1, 0);
    return out;
}

/* ---- inet_pton, inet_ntop and their W forms ----------------------------- */

/* The InetPton page: 1; 0 when the string is no address of the family
 * (IPv4: strict dotted decimal); -1 with WSAEAFNOSUPPORT for a family other
 * than AF_INET and AF_INET6, WSAEFAULT for a NULL string or buffer. */
static int pton(wsim_fn fn, int family, const void *string, int wide, void *buf)
{
    wsapi_call call;
    int in_sim = wsapi_call_begin(&call, fn, -1) == 0;
    char text[128];
    int read = wide ? wsapi_read_program_wstring(string, text, sizeof text)
                    : wsapi_read_program_string(string, text, sizeof text);
    if (in_sim)
        wsapi_call_args(&call, "family=%d string=%s%s%s", family, read == -1 ? "" : "\"",
                        read == -1 ? "<not a readable string>" : text, read == -1 ? "" : "\"");
    int ret, error = 0;
    uint8_t bytes[16];
    size_t size = family == AF_INET6 ? 16 : 4;
    if (family != AF_INET && family != AF_INET6) {
        ret = -1, error = WSAEAFNOSUPPORT;
    } else if (read == -1 || !buf) {
        ret = -1, error = WSAEFAULT;
    } else if (read == -2) {
        ret = 0;
    } else if (family == AF_INET) {
        uint32_t ip;
        ret = wsapi_parse_dotted_quad(text, &ip) == 0;
        ip = wsapi_net32(ip);
        memcpy(bytes, &ip, 4);
    } else {
        ret = wsapi_parse_ipv6(text, bytes) == 0;
    }
    if (ret == 1 && wsapi_write_program(buf, bytes, size) != 0)
        ret = -1, error = WSAEFAULT;
    if (in_sim)
        wsapi_call_end(&call, ret, error);
    return ret;
}

INT WSAAPI inet_pton(INT Family, PCSTR pszAddrString, PVOID pAddrBuf)
{
    return pton(WSIM_FN_inet_pton, Family, pszAddrString, 0, pAddrBuf);
}

INT WSAAPI InetPtonW(INT Family, PCWSTR pszAddrString, PVOID pAddrBuf)
{
    return pton(WSIM_FN_InetPtonW, Family, pszAddrString, 1, pAddrBuf);
}

/* The InetNtop page: the buffer; NULL with WSAEAFNOSUPPORT for another
 * family, and for a NULL buffer, a size of 0, or one too small for the text
 * and its NUL the page says ERROR_INVALID_PARAMETER, but Windows since 8
 * sets STATUS_INVALID_PARAMETER (0xC000000D; Windows 7 WSAEINVAL), as
 * Wine's protocol.c test_inet_ntop records it on Windows: wsim does what
 * Windows does. */
#define STATUS_INVALID_PARAMETER_CODE ((int)0xC000000Du)
static const void *ntop(wsim_fn fn, int family, const void *addr, void *buf, size_t size,
                        int wide)
{
    wsapi_call call;
    int in_sim = wsapi_call_begin(&call, fn, -1) == 0;
    uint8_t bytes[16];
    char text[46] = "";
    int error = 0;
    if (family != AF_INET && family != AF_INET6)
        error = WSAEAFNOSUPPORT;
    else if (!addr || wsapi_read_program(bytes, addr, family == AF_INET ? 4 : 16) != 0)
        error = WSAEFAULT;
    if (!error) {
        if (family == AF_INET)
            wsapi_format_ipv4((uint32_t)bytes[0] << 24 | (uint32_t)bytes[1] << 16 |
                                  (uint32_t)bytes[2] << 8 | bytes[3], text);
        else
            wsapi_format_ipv6(bytes, text);
    }
    if (in_sim)
        wsapi_call_args(&call, "family=%d addr=%s size=%zu", family, error ? "?" : text, size);
    if (!error && (!buf || size < strlen(text) + 1))
        error = STATUS_INVALID_PARAMETER_CODE;
    if (!error) {
        int written = wide ? wsapi_write_program_wstring(buf, text, size)
                           : wsapi_write_program(buf, text, strlen(text) + 1);
        if (written != 0)
            error = WSAEFAULT;
    }
    if (in_sim)
        wsapi_call_end(&call, error ? 0 : 1, error);
    return error ? NULL : buf;
}

PCSTR WSAAPI inet_ntop(INT Family, const VOID *pAddr, PSTR pStringBuf, size_t StringBufSize)
{
    return ntop(WSIM_FN_inet_ntop, Family, pAddr, pStringBuf, StringBufSize, 0);
}

PCWSTR WSAAPI InetNtopW(INT Family, const VOID *pAddr, PWSTR pStringBuf, size_t StringBufSize)
{
    return ntop(WSIM_FN_InetNtopW, Family, pAddr, pStringBuf, StringBufSize, 1);
}

/* ---- WSAAddressToString, WSAStringToAddress ----------------------------- */

/* The WSAAddressToString page: "a.b.c.d", with ":port" when the port is
 * not 0; IPv6 "[addr%scope]:port" (brackets only with a port).  The length
 * is in characters with the NUL; too small: WSAEFAULT and the length
 * needed.  WSAEINVAL for a family other than AF_INET and AF_INET6 or an
 * address length below its sockaddr's. */
static INT address_to_string(wsim_fn fn, LPSOCKADDR sa, DWORD sa_len, void *out,
                             LPDWORD out_len, int wide)
{
    wsapi_call call;
    if (wsapi_call_begin(&call, fn, -1) != 0)
        return SOCKET_ERROR;
    SOCKADDR_IN6 addr;
    memset(&addr, 0, sizeof addr);
    char text[80] = "";
    int error = wsapi_check_started(&call);
    if (!error && (!sa || !out_len))
        error = WSAEFAULT;
    if (!error && wsapi_read_program(&addr, sa, sa_len < sizeof addr ? sa_len : sizeof addr) != 0)
        error = WSAEFAULT;
    if (!error) {
        uint16_t port = wsapi_net16(addr.sin6_port);
        if (addr.sin6_family == AF_INET && sa_len >= sizeof(SOCKADDR_IN)) {
            SOCKADDR_IN v4;
            memcpy(&v4, &addr, sizeof v4);
            wsapi_format_ipv4(wsapi_net32(v4.sin_addr.s_addr), text);
            if (port)
                snprintf(text + strlen(text), sizeof text - strlen(text), ":%u", port);
        } else if (addr.sin6_family == AF_INET6 && sa_len >= sizeof(SOCKADDR_IN6)) {
            char ip[46], scope[16] = "";
            wsapi_format_ipv6(addr.sin6_addr.u.Byte, ip);
            if (addr.sin6_scope_id)
                snprintf(scope, sizeof scope, "%%%u", (unsigned)addr.sin6_scope_id);
            if (port)
                snprintf(text, sizeof text, "[%s%s]:%u", ip, scope, port);
            else
                snprintf(text, sizeof text, "%s%s", ip, scope);
        } else {
            error = WSAEINVAL;
        }
    }
    DWORD room = 0;
    if (!error && wsapi_read_program(&room, out_len, sizeof room) != 0)
        error = WSAEFAULT;
    wsapi_call_args(&call, "address=%s length=%u", error ? "?" : text, (unsigned)room);
    DWORD need = (DWORD)strlen(text) + 1;
    if (!error && (room < need || !out)) {
        wsapi_write_program(out_len, &need, sizeof need);
        error = WSAEFAULT;
    }
    if (!error) {
        int written = wide ? wsapi_write_program_wstring(out, text, room)
                           : wsapi_write_program(out, text, need);
        if (written != 0 || wsapi_write_program(out_len, &need, sizeof need) != 0)
            error = WSAEFAULT;
    }
    if (error)
        return (INT)wsapi_call_end(&call, SOCKET_ERROR, error);
    return (INT)wsapi_call_end(&call, 0, 0);
}

INT WSAAPI WSAAddressToStringA(LPSOCKADDR lpsaAddress, DWORD dwAddressLength,
                               LPWSAPROTOCOL_INFOA lpProtocolInfo, LPSTR lpszAddressString,
                               LPDWORD lpdwAddressStringLength)
{
    (void)lpProtocolInfo;
    return address_to_string(WSIM_FN_WSAAddressToStringA, lpsaAddress, dwAddressLength,
                             lpszAddressString, lpdwAddressStringLength, 0);
}

INT WSAAPI WSAAddressToStringW(LPSOCKADDR lpsaAddress, DWORD dwAddressLength,
                               LPWSAPROTOCOL_INFOW lpProtocolInfo, LPWSTR lpszAddressString,
                               LPDWORD lpdwAddressStringLength)
{
    (void)lpProtocolInfo;
    return address_to_string(WSIM_FN_WSAAddressToStringW, lpsaAddress, dwAddressLength,
                             lpszAddressString, lpdwAddressStringLength, 1);
}

/* A port after ':', decimal, octal (0…) or hex (0x…) as the address's
 * parts are, 1 to 65535 (Wine's protocol.c test_WSAStringToAddress, run on
 * Windows: ":0" and ":" are refused): 0, or -1. */
static int parse_port_suffix(const char *s, uint16_t *port)
{
    uint64_t n;
    const char *end = parse_part(s, &n);
    if (!end || *end || n == 0 || n > 65535)
        return -1;
    *port = (uint16_t)n;
    return 0;
}

/* A decimal number, for a scope id (at most 65535 here): 0, or -1. */
static int parse_decimal(const char *s, uint16_t *value)
{
    unsigned long n = 0;
    if (!*s)
        return -1;
    for (; *s; s++)
        if (*s < '0' || *s > '9' || (n = n * 10 + (unsigned long)(*s - '0')) > 65535)
            return -1;
    *value = (uint16_t)n;
    return 0;
}

/* The WSAStringToAddress page: AF_INET "a.b.c.d[:port]" (inet_addr's
 * forms), AF_INET6 "addr" or "[addr]:port"; WSAEINVAL for text that is no
 * address of the family (or another family); WSAEFAULT, and the length
 * needed, when *lpAddressLength is below the family's sockaddr. */
static INT string_to_address(wsim_fn fn, const void *string, int wide, INT family,
                             LPSOCKADDR out, LPINT out_len)
{
    wsapi_call call;
    if (wsapi_call_begin(&call, fn, -1) != 0)
        return SOCKET_ERROR;
    char text[128];
    int read = wide ? wsapi_read_program_wstring(string, text, sizeof text)
                    : wsapi_read_program_string(string, text, sizeof text);
    wsapi_call_args(&call, "string=%s%s%s family=%d", read == -1 ? "" : "\"",
                    read == -1 ? "<not a readable string>" : text, read == -1 ? "" : "\"", family);
    int error = wsapi_check_started(&call);
    if (!error && (read == -1 || !out_len))
        error = WSAEFAULT;
    SOCKADDR_IN6 addr;
    memset(&addr, 0, sizeof addr);
    int need = 0;
    if (!error && read == -2)
        error = WSAEINVAL;
    if (!error && family == AF_INET) {
        SOCKADDR_IN v4;
        memset(&v4, 0, sizeof v4);
        uint32_t ip;
        uint16_t port = 0;
        char *colon = strchr(text, ':');
        if (colon)
            *colon = '\0';
        if (wsapi_parse_inet_addr(text, &ip) != 0 || (colon && parse_port_suffix(colon + 1, &port)))
            error = WSAEINVAL;
        v4.sin_family = AF_INET;
        v4.sin_port = wsapi_net16(port);
        v4.sin_addr.s_addr = wsapi_net32(ip);
        memcpy(&addr, &v4, sizeof v4);
        need = (int)sizeof v4;
    } else if (!error && family == AF_INET6) {
        char *ip = text;
        uint16_t port = 0;
        if (text[0] == '[') {
            char *close = strchr(text, ']');
            if (!close || (close[1] && (close[1] != ':' || parse_port_suffix(close + 2, &port))))
                error = WSAEINVAL;
            else
                *close = '\0', ip = text + 1;
        }
        char *percent = error ? NULL : strchr(ip, '%');
        if (percent) {
            uint16_t scope = 0;
            *percent = '\0';
            if (parse_decimal(percent + 1, &scope))
                error = WSAEINVAL;
            addr.sin6_scope_id = scope;
        }
        if (!error && wsapi_parse_ipv6(ip, addr.sin6_addr.u.Byte) != 0)
            error = WSAEINVAL;
        addr.sin6_family = AF_INET6;
        addr.sin6_port = wsapi_net16(port);
        need = (int)sizeof addr;
    } else if (!error) {
        error = WSAEINVAL;
    }
    int room = 0;
    if (!error && wsapi_read_program(&room, out_len, sizeof room) != 0)
        error = WSAEFAULT;
    if (!error && (room < need || !out)) {
        wsapi_write_program(out_len, &need, sizeof need);
        error = WSAEFAULT;
    }
    if (!error && (wsapi_write_program(out, &addr, (size_t)need) != 0 ||
                   wsapi_write_program(out_len, &need, sizeof need) != 0))
        error = WSAEFAULT;
    if (error)
        return (INT)wsapi_call_end(&call, SOCKET_ERROR, error);
    return (INT)wsapi_call_end(&call, 0, 0);
}

INT WSAAPI WSAStringToAddressA(LPSTR AddressString, INT AddressFamily,
                               LPWSAPROTOCOL_INFOA lpProtocolInfo, LPSOCKADDR lpAddress,
                               LPINT lpAddressLength)
{
    (void)lpProtocolInfo;
    return string_to_address(WSIM_FN_WSAStringToAddressA, AddressString, 0, AddressFamily,
                             lpAddress, lpAddressLength);
}

INT WSAAPI WSAStringToAddressW(LPWSTR AddressString, INT AddressFamily,
                               LPWSAPROTOCOL_INFOW lpProtocolInfo, LPSOCKADDR lpAddress,
                               LPINT lpAddressLength)
{
    (void)lpProtocolInfo;
    return string_to_address(WSIM_FN_WSAStringToAddressW, AddressString, 1, AddressFamily,
                             lpAddress, lpAddressLength);
}
