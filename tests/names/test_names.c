/* test_names.c — the name and address calls (wsapi/names.c, address.c,
 * resolve.c) against the values Windows documents, each case citing where:
 * the Microsoft reference page of the function ("… page" below, at
 * learn.microsoft.com/windows/win32/api/), or Wine's ws2_32 tests, which
 * are run on Windows (dlls/ws2_32/tests/sock.c and protocol.c).
 *
 * The world: host a (10.0.0.1) and host b (10.0.0.2, alias "db"), one link
 * (tests/calls/common.h).  Programs run on a unless a case says otherwise.
 */
#include "tests/calls/common.h"
#include "wsapi/host.h"

#include <mstcpip.h>

/* STATUS_INVALID_PARAMETER, as GetLastError reports the NTSTATUS. */
#define STATUS_INVALID_PARAMETER_VALUE ((int)0xC000000Du)

/* Two hosts, b answering to "db" too, and `fn` run on a. */
static void on_a(wsapi_main_fn fn)
{
    two_hosts();
    CHECK_INT_EQ(wsapi_host_add_alias(host_b, "db"), 0);
    th_program(world, host_a, "prog", fn, 0);
    run_world();
}

static uint32_t ip_of(const struct sockaddr *sa)
{
    return ntohl(((const struct sockaddr_in *)sa)->sin_addr.s_addr);
}

/* ---- inet_addr ------------------------------------------------------------- */

static int inet_addr_prog(int argc, char **argv)
{
    (void)argc, (void)argv;
    /* inet_addr page: network order; a part above 255 is no legitimate
     * address (INADDR_NONE); "" and NULL give INADDR_NONE (Windows Server
     * 2003 and later); " " gives 0. */
    CHECK_INT_EQ(inet_addr("10.0.0.1"), htonl(0x0A000001));
    CHECK_INT_EQ(inet_addr("1.2.3.256"), INADDR_NONE);
    CHECK_INT_EQ(inet_addr(""), INADDR_NONE);
    CHECK_INT_EQ(inet_addr(" "), 0);
    /* Wine's protocol.c test_inet_addr, run on Windows: NULL sets
     * WSAEFAULT, the other calls leave the last error alone. */
    WSASetLastError(1234);
    CHECK_INT_EQ(inet_addr(NULL), INADDR_NONE);
    CHECK_INT_EQ(WSAGetLastError(), WSAEFAULT);
    WSASetLastError(1234);
    CHECK_INT_EQ(inet_addr("nonsense"), INADDR_NONE);
    CHECK_INT_EQ(WSAGetLastError(), 1234);
    /* The same test's table: the "." notation's a.b.c, a.b and a forms,
     * octal and hex parts, white space ending the address, and what is
     * refused. */
    CHECK_INT_EQ(inet_addr("1.2.3"), htonl(0x01020003));
    CHECK_INT_EQ(inet_addr("1.2"), htonl(0x01000002));
    CHECK_INT_EQ(inet_addr("1"), htonl(0x00000001));
    CHECK_INT_EQ(inet_addr("203569230"), htonl(0x0C22384E));
    CHECK_INT_EQ(inet_addr("1.2.3.0xaA"), htonl(0x010203AA));
    CHECK_INT_EQ(inet_addr("1.2.3.010"), htonl(0x01020308));
    CHECK_INT_EQ(inet_addr("017700000001"), htonl(0x7F000001));
    CHECK_INT_EQ(inet_addr("0777"), htonl(0x000001FF));
    CHECK_INT_EQ(inet_addr("3.4.5.6 "), htonl(0x03040506));
    CHECK_INT_EQ(inet_addr("1 2 3 4"), htonl(0x00000001));
    CHECK_INT_EQ(inet_addr("1.2.3 .4"), htonl(0x01020003));
    CHECK_INT_EQ(inet_addr(" 3.4.5.6"), INADDR_NONE);
    CHECK_INT_EQ(inet_addr("  "), INADDR_NONE);
    CHECK_INT_EQ(inet_addr("1.2.3. 4"), INADDR_NONE);
    CHECK_INT_EQ(inet_addr("3.4.5.6.7"), INADDR_NONE);
    CHECK_INT_EQ(inet_addr("127.127.127.255:123"), INADDR_NONE);
    CHECK_INT_EQ(inet_addr("1.1.1.0x"), INADDR_NONE);
    CHECK_INT_EQ(inet_addr("1.2.3.0a"), INADDR_NONE);
    CHECK_INT_EQ(inet_addr("1234BEEF"), INADDR_NONE);
    CHECK_INT_EQ(inet_addr(".1.2.3"), INADDR_NONE);
    CHECK_INT_EQ(inet_addr("::1"), INADDR_NONE);
    return 0;
}

static void test_inet_addr(void) { on_a(inet_addr_prog); }

/* ---- inet_ntoa: one buffer per thread -------------------------------------------- */

static char *worker_text;

static DWORD WINAPI ntoa_worker(LPVOID arg)
{
    (void)arg;
    struct in_addr in = {.s_addr = htonl(0xC0A80001)};
    worker_text = inet_ntoa(in);
    return 0;
}

static int inet_ntoa_prog(int argc, char **argv)
{
    (void)argc, (void)argv;
    /* inet_ntoa page: the string "resides in memory that is allocated by
     * Windows Sockets" and is valid only until the thread's next Windows
     * Sockets call: the next call reuses it.  Wine's protocol.c
     * test_inet_ntoa (run on Windows) checks that another thread's call
     * does not touch it: one buffer per thread. */
    struct in_addr one = {.s_addr = htonl(0x0A000001)}, two = {.s_addr = htonl(0xFFFFFFFF)};
    char *first = inet_ntoa(one);
    CHECK_STR_EQ(first, "10.0.0.1");
    char *second = inet_ntoa(two);
    CHECK(first == second);
    CHECK_STR_EQ(first, "255.255.255.255");
    HANDLE t = CreateThread(NULL, 0, ntoa_worker, NULL, 0, NULL);
    WaitForSingleObject(t, INFINITE);
    CloseHandle(t);
    CHECK_STR_EQ(worker_text, "192.168.0.1");
    CHECK(worker_text != first);
    CHECK_STR_EQ(first, "255.255.255.255");
    return 0;
}

static void test_inet_ntoa(void) { on_a(inet_ntoa_prog); }

/* ---- gethostname, gethostbyname, gethostbyaddr ----------------------------------- */

static int gethostname_prog(int argc, char **argv)
{
    (void)argc, (void)argv;
    char name[64];
    /* gethostname page: WSANOTINITIALISED before WSAStartup; WSAEFAULT
     * when namelen is too small. */
    CHECK_INT_EQ(gethostname(name, sizeof name), SOCKET_ERROR);
    CHECK_INT_EQ(WSAGetLastError(), WSANOTINITIALISED);
    start();
    CHECK_INT_EQ(gethostname(name, sizeof name), 0);
    CHECK_STR_EQ(name, "a");                   /* the scenario's name of the host */
    CHECK_INT_EQ(gethostname(name, 1), SOCKET_ERROR);   /* "a" needs 2 bytes */
    CHECK_INT_EQ(WSAGetLastError(), WSAEFAULT);
    CHECK_INT_EQ(gethostname(NULL, 64), SOCKET_ERROR);
    CHECK_INT_EQ(WSAGetLastError(), WSAEFAULT);
    WSACleanup();
    return 0;
}

static void test_gethostname(void) { on_a(gethostname_prog); }

static int gethostbyname_prog(int argc, char **argv)
{
    (void)argc, (void)argv;
    start();
    /* gethostbyname page: "" gives the local computer (the name
     * gethostname returns) and its addresses; the loopback is not one. */
    struct hostent *h = gethostbyname("");
    CHECK(h != NULL);
    if (h) {
        CHECK_STR_EQ(h->h_name, "a");
        CHECK_INT_EQ(h->h_addrtype, AF_INET);
        CHECK_INT_EQ(h->h_length, 4);
        CHECK_INT_EQ(ntohl(((struct in_addr *)h->h_addr_list[0])->s_addr), 0x0A000001);
        CHECK(h->h_addr_list[1] == NULL);
    }
    /* A name, and an alias: h_name is the host's own name, h_aliases its
     * other names (hostent page).  DNS names compare without case. */
    struct hostent *b = gethostbyname("DB");
    CHECK(b == h);                             /* one hostent per thread (the page) */
    if (b) {
        CHECK_STR_EQ(b->h_name, "b");
        CHECK_STR_EQ(b->h_aliases[0], "db");
        CHECK(b->h_aliases[1] == NULL);
        CHECK_INT_EQ(ntohl(((struct in_addr *)b->h_addr)->s_addr), 0x0A000002);
    }
    /* An IPv4 address string: itself, no lookup (the page). */
    h = gethostbyname("10.9.9.9");
    CHECK(h && ntohl(((struct in_addr *)h->h_addr)->s_addr) == 0x0A090909);
    /* The page: a name that does not resolve is WSAHOST_NOT_FOUND. */
    CHECK(gethostbyname("nosuch") == NULL);
    CHECK_INT_EQ(WSAGetLastError(), WSAHOST_NOT_FOUND);

    /* gethostbyaddr page: the host of an address; WSAEAFNOSUPPORT for a
     * type other than AF_INET here; WSAEFAULT for a short len. */
    struct in_addr in = {.s_addr = htonl(0x0A000002)};
    h = gethostbyaddr((const char *)&in, 4, AF_INET);
    CHECK(h && strcmp(h->h_name, "b") == 0);
    in.s_addr = htonl(0x0A090909);
    CHECK(gethostbyaddr((const char *)&in, 4, AF_INET) == NULL);
    CHECK_INT_EQ(WSAGetLastError(), WSANO_DATA);   /* a valid address with no name record */
    CHECK(gethostbyaddr((const char *)&in, 4, 1234) == NULL);
    CHECK_INT_EQ(WSAGetLastError(), WSAEAFNOSUPPORT);
    CHECK(gethostbyaddr((const char *)&in, 2, AF_INET) == NULL);
    CHECK_INT_EQ(WSAGetLastError(), WSAEFAULT);
    WSACleanup();
    return 0;
}

static void test_gethostbyname(void)
{
    on_a(gethostbyname_prog);
    /* Traced: the name asked, and the error. */
    const wsim_record *r = call_record("gethostbyname", 3);
    CHECK(r != NULL);
    if (r) {
        CHECK_STR_EQ(r->text, "name=\"nosuch\"");
        CHECK_INT_EQ(r->call.error, WSAHOST_NOT_FOUND);
    }
}

/* ---- getservbyname, getservbyport -------------------------------------------------- */

static int servent_prog(int argc, char **argv)
{
    (void)argc, (void)argv;
    start();
    /* getservbyname page: s_port in network byte order; a NULL proto
     * matches any; an unknown service is WSANO_DATA.  The table is
     * wsim's own (IANA's well-known ports), never the machine's. */
    struct servent *s = getservbyname("http", "tcp");
    CHECK(s != NULL);
    if (s) {
        CHECK_STR_EQ(s->s_name, "http");
        CHECK_STR_EQ(s->s_proto, "tcp");
        CHECK_INT_EQ(ntohs((u_short)s->s_port), 80);
        CHECK_STR_EQ(s->s_aliases[0], "www");
    }
    s = getservbyname("www", NULL);
    CHECK(s && ntohs((u_short)s->s_port) == 80);
    s = getservbyname("domain", "udp");
    CHECK(s && ntohs((u_short)s->s_port) == 53 && strcmp(s->s_proto, "udp") == 0);
    CHECK(getservbyname("tftp", "tcp") == NULL);   /* UDP only */
    CHECK_INT_EQ(WSAGetLastError(), WSANO_DATA);
    CHECK(getservbyname("nosuch", NULL) == NULL);
    CHECK_INT_EQ(WSAGetLastError(), WSANO_DATA);
    /* getservbyport page: port in network byte order. */
    s = getservbyport(htons(21), "tcp");
    CHECK(s && strcmp(s->s_name, "ftp") == 0);
    CHECK(getservbyport(htons(12345), NULL) == NULL);
    CHECK_INT_EQ(WSAGetLastError(), WSANO_DATA);
    WSACleanup();
    return 0;
}

static void test_servent(void) { on_a(servent_prog); }

/* ---- inet_pton, inet_ntop, InetPtonW, InetNtopW ----------------------------------- */

static int pton_prog(int argc, char **argv)
{
    (void)argc, (void)argv;
    /* InetPton page: 1; 0 for a string that is no address of the family;
     * -1 and WSAEAFNOSUPPORT for another family; WSAEFAULT for NULL. */
    struct in_addr in;
    CHECK_INT_EQ(inet_pton(AF_INET, "10.0.0.1", &in), 1);
    CHECK_INT_EQ(ntohl(in.s_addr), 0x0A000001);
    /* Wine's protocol.c test_inet_pton, run on Windows: strict dotted
     * decimal, no short forms, no leading zeros, nothing after. */
    CHECK_INT_EQ(inet_pton(AF_INET, "10.0.1", &in), 0);
    CHECK_INT_EQ(inet_pton(AF_INET, "256.0.0.1", &in), 0);
    CHECK_INT_EQ(inet_pton(AF_INET, "1.1.1.010", &in), 0);
    CHECK_INT_EQ(inet_pton(AF_INET, "1.1.1.0xaA", &in), 0);
    CHECK_INT_EQ(inet_pton(AF_INET, "", &in), 0);
    CHECK_INT_EQ(inet_pton(1234, "10.0.0.1", &in), -1);
    CHECK_INT_EQ(WSAGetLastError(), WSAEAFNOSUPPORT);
    CHECK_INT_EQ(inet_pton(AF_INET, NULL, &in), -1);
    CHECK_INT_EQ(WSAGetLastError(), WSAEFAULT);
    IN6_ADDR in6;
    static const UCHAR loopback[16] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1};
    CHECK_INT_EQ(inet_pton(AF_INET6, "::1", &in6), 1);
    CHECK(memcmp(in6.s6_addr, loopback, 16) == 0);
    CHECK_INT_EQ(inet_pton(AF_INET6, "2001:db8::ffff:10.0.0.1", &in6), 1);
    CHECK_INT_EQ(in6.s6_addr[0], 0x20);
    CHECK_INT_EQ(in6.s6_addr[15], 1);
    /* The same test's IPv6 table. */
    CHECK_INT_EQ(inet_pton(AF_INET6, "1111:2222:3333:4444:5555:6666::7777:8888", &in6), 0);
    CHECK_INT_EQ(inet_pton(AF_INET6, "1111:2222:3333:4444:5555::08888", &in6), 0);
    CHECK_INT_EQ(inet_pton(AF_INET6, "::%16", &in6), 0);
    CHECK_INT_EQ(inet_pton(AF_INET6, "1.2.3.4", &in6), 0);
    CHECK_INT_EQ(inet_pton(AF_INET6, "2001:0::b.0", &in6), 0);
    CHECK_INT_EQ(inet_pton(AF_INET6, "0:0:0:0:0:0:0::", &in6), 1);
    CHECK_INT_EQ(inet_pton(AF_INET6, "1:2:3:4:5:6:1.2.3.4", &in6), 1);
    CHECK_INT_EQ(in6.s6_addr[12], 1);
    CHECK_INT_EQ(in6.s6_addr[15], 4);

    /* InetNtop page: the buffer; WSAEAFNOSUPPORT for another family.
     * For a NULL buffer, a size of 0 or one too small the page says
     * ERROR_INVALID_PARAMETER, Windows sets STATUS_INVALID_PARAMETER
     * (Wine's protocol.c test_inet_ntop, run on Windows).  INET_ADDRSTRLEN
     * (22) fits any IPv4 text. */
    char text[INET6_ADDRSTRLEN];
    in.s_addr = htonl(0xFFFFFFFF);
    CHECK_STR_EQ(inet_ntop(AF_INET, &in, text, INET_ADDRSTRLEN), "255.255.255.255");
    CHECK(inet_ntop(AF_INET, &in, text, 15) == NULL);   /* 15 characters and the NUL */
    CHECK_INT_EQ(WSAGetLastError(), STATUS_INVALID_PARAMETER_VALUE);
    CHECK(inet_ntop(AF_INET, &in, NULL, 0) == NULL);
    CHECK_INT_EQ(WSAGetLastError(), STATUS_INVALID_PARAMETER_VALUE);
    CHECK(inet_ntop(1234, &in, text, sizeof text) == NULL);
    CHECK_INT_EQ(WSAGetLastError(), WSAEAFNOSUPPORT);
    /* IPv6 text as RFC 5952 writes it: lower case, the longest zero run
     * as "::", a v4-mapped address with its IPv4 part dotted (the form
     * Wine's protocol.c test_WSAAddressToString, run on Windows, shows:
     * "20ab::1"). */
    inet_pton(AF_INET6, "2001:0DB8:0:0:0:0:0:1", &in6);
    CHECK_STR_EQ(inet_ntop(AF_INET6, &in6, text, sizeof text), "2001:db8::1");
    inet_pton(AF_INET6, "::ffff:10.0.0.1", &in6);
    CHECK_STR_EQ(inet_ntop(AF_INET6, &in6, text, sizeof text), "::ffff:10.0.0.1");
    inet_pton(AF_INET6, "::", &in6);
    CHECK_STR_EQ(inet_ntop(AF_INET6, &in6, text, sizeof text), "::");
    inet_pton(AF_INET6, "1:0:0:2:0:0:0:3", &in6);
    CHECK_STR_EQ(inet_ntop(AF_INET6, &in6, text, sizeof text), "1:0:0:2::3");

    /* The W forms: the same, in WCHAR text (wchar_t here: README, "Wide
     * characters"). */
    CHECK_INT_EQ(InetPtonW(AF_INET, L"10.0.0.2", &in), 1);
    CHECK_INT_EQ(ntohl(in.s_addr), 0x0A000002);
    CHECK_INT_EQ(InetPtonW(AF_INET, L"10.0.0.\u00e9", &in), 0);
    WCHAR wtext[INET6_ADDRSTRLEN];
    CHECK(InetNtopW(AF_INET, &in, wtext, INET6_ADDRSTRLEN) == wtext);
    CHECK(wcscmp(wtext, L"10.0.0.2") == 0);
    CHECK(InetNtopW(AF_INET, &in, wtext, 8) == NULL);   /* counted in characters */
    CHECK_INT_EQ(WSAGetLastError(), STATUS_INVALID_PARAMETER_VALUE);
    return 0;
}

static void test_pton_ntop(void) { on_a(pton_prog); }

/* ---- getnameinfo, GetNameInfoW ------------------------------------------------------ */

static int nameinfo_prog(int argc, char **argv)
{
    (void)argc, (void)argv;
    start();
    struct sockaddr_in sin = address("10.0.0.2", 80);
    char host[NI_MAXHOST], serv[NI_MAXSERV];
    /* getnameinfo page: the host's name and the port's service name by
     * default; NI_NUMERICHOST and NI_NUMERICSERV the numeric forms. */
    CHECK_INT_EQ(getnameinfo((SOCKADDR *)&sin, sizeof sin, host, sizeof host, serv, sizeof serv, 0), 0);
    CHECK_STR_EQ(host, "b");
    CHECK_STR_EQ(serv, "http");
    CHECK_INT_EQ(getnameinfo((SOCKADDR *)&sin, sizeof sin, host, sizeof host, serv, sizeof serv,
                             NI_NUMERICHOST | NI_NUMERICSERV), 0);
    CHECK_STR_EQ(host, "10.0.0.2");
    CHECK_STR_EQ(serv, "80");
    /* NI_DGRAM: the service is a datagram one (tftp is UDP only). */
    sin.sin_port = htons(69);
    CHECK_INT_EQ(getnameinfo((SOCKADDR *)&sin, sizeof sin, NULL, 0, serv, sizeof serv, NI_DGRAM), 0);
    CHECK_STR_EQ(serv, "tftp");
    CHECK_INT_EQ(getnameinfo((SOCKADDR *)&sin, sizeof sin, NULL, 0, serv, sizeof serv, 0), 0);
    CHECK_STR_EQ(serv, "69");
    /* NI_NOFQDN: the name's first label (scenario names are that already). */
    CHECK_INT_EQ(getnameinfo((SOCKADDR *)&sin, sizeof sin, host, sizeof host, NULL, 0, NI_NOFQDN), 0);
    CHECK_STR_EQ(host, "b");
    /* An address no host has: its numeric form, or with NI_NAMEREQD
     * EAI_NONAME (the page's table: WSAHOST_NOT_FOUND). */
    sin = address("10.9.9.9", 80);
    CHECK_INT_EQ(getnameinfo((SOCKADDR *)&sin, sizeof sin, host, sizeof host, NULL, 0, 0), 0);
    CHECK_STR_EQ(host, "10.9.9.9");
    CHECK_INT_EQ(getnameinfo((SOCKADDR *)&sin, sizeof sin, host, sizeof host, NULL, 0, NI_NAMEREQD),
                 EAI_NONAME);
    CHECK_INT_EQ(WSAGetLastError(), WSAHOST_NOT_FOUND);
    /* The page's table: EAI_NONAME when neither buffer is asked for,
     * EAI_BADFLAGS (WSAEINVAL) for a buffer with a length of zero,
     * EAI_FAMILY for an unsupported family, WSAEFAULT for a short
     * sockaddr. */
    CHECK_INT_EQ(getnameinfo((SOCKADDR *)&sin, sizeof sin, NULL, 0, NULL, 0, 0), EAI_NONAME);
    CHECK_INT_EQ(getnameinfo((SOCKADDR *)&sin, sizeof sin, host, 0, NULL, 0, 0), EAI_BADFLAGS);
    CHECK_INT_EQ(getnameinfo((SOCKADDR *)&sin, 4, host, sizeof host, NULL, 0, 0), WSAEFAULT);
    sin.sin_family = 1234;
    CHECK_INT_EQ(getnameinfo((SOCKADDR *)&sin, sizeof sin, host, sizeof host, NULL, 0, 0), EAI_FAMILY);
    /* A buffer too small for the name: WSAEFAULT. */
    sin = address("10.0.0.2", 80);
    CHECK_INT_EQ(getnameinfo((SOCKADDR *)&sin, sizeof sin, host, 1, NULL, 0, 0), WSAEFAULT);

    /* GetNameInfoW page: the same, sizes in WCHARs. */
    WCHAR whost[NI_MAXHOST], wserv[NI_MAXSERV];
    CHECK_INT_EQ(GetNameInfoW((SOCKADDR *)&sin, sizeof sin, whost, NI_MAXHOST, wserv, NI_MAXSERV, 0), 0);
    CHECK(wcscmp(whost, L"b") == 0);
    CHECK(wcscmp(wserv, L"http") == 0);
    WSACleanup();
    return 0;
}

static void test_getnameinfo(void) { on_a(nameinfo_prog); }

/* ---- getaddrinfo over names, GetAddrInfoW, GetAddrInfoExW --------------------------- */

static int addrinfo_prog(int argc, char **argv)
{
    (void)argc, (void)argv;
    start();
    struct addrinfo hints, *res = NULL;
    memset(&hints, 0, sizeof hints);
    hints.ai_family = AF_INET;
    hints.ai_flags = AI_CANONNAME;
    /* getaddrinfo page: an alias resolves to its host, whose name is the
     * canonical name (AI_CANONNAME); a service name is looked up. */
    CHECK_INT_EQ(getaddrinfo("db", "http", &hints, &res), 0);
    if (res) {
        CHECK_INT_EQ(ip_of(res->ai_addr), 0x0A000002);
        CHECK_INT_EQ(ntohs(((struct sockaddr_in *)res->ai_addr)->sin_port), 80);
        CHECK_STR_EQ(res->ai_canonname, "b");
        freeaddrinfo(res);
    }
    /* "": the local computer's addresses (the page). */
    CHECK_INT_EQ(getaddrinfo("", "5000", &hints, &res), 0);
    if (res) {
        CHECK_INT_EQ(ip_of(res->ai_addr), 0x0A000001);
        freeaddrinfo(res);
    }
    /* The page's table: EAI_NONAME (WSAHOST_NOT_FOUND) for a name that
     * does not resolve, EAI_SERVICE (WSATYPE_NOT_FOUND) for an unknown
     * service. */
    CHECK_INT_EQ(getaddrinfo("nosuch", "80", &hints, &res), EAI_NONAME);
    CHECK_INT_EQ(WSAGetLastError(), WSAHOST_NOT_FOUND);
    CHECK_INT_EQ(getaddrinfo("b", "nosuch", &hints, &res), EAI_SERVICE);

    /* GetAddrInfoW page: the same over WCHAR strings. */
    ADDRINFOW whints, *wres = NULL;
    memset(&whints, 0, sizeof whints);
    whints.ai_family = AF_INET;
    whints.ai_flags = AI_CANONNAME;
    CHECK_INT_EQ(GetAddrInfoW(L"DB", L"5000", &whints, &wres), 0);
    if (wres) {
        CHECK_INT_EQ(ip_of(wres->ai_addr), 0x0A000002);
        CHECK(wres->ai_canonname && wcscmp(wres->ai_canonname, L"b") == 0);
        FreeAddrInfoW(wres);
    }
    CHECK_INT_EQ(GetAddrInfoW(L"nosuch", NULL, &whints, &wres), EAI_NONAME);

    /* GetAddrInfoExW page: NS_ALL or NS_DNS; answered synchronously. */
    ADDRINFOEXW xhints, *xres = NULL;
    memset(&xhints, 0, sizeof xhints);
    xhints.ai_family = AF_INET;
    CHECK_INT_EQ(GetAddrInfoExW(L"b", L"80", NS_DNS, NULL, &xhints, &xres, NULL, NULL, NULL, NULL), 0);
    if (xres) {
        CHECK_INT_EQ(ip_of(xres->ai_addr), 0x0A000002);
        CHECK(xres->ai_next == NULL);
        FreeAddrInfoExW(xres);
    }
    CHECK_INT_EQ(GetAddrInfoExW(L"b", L"80", 1234, NULL, &xhints, &xres, NULL, NULL, NULL, NULL),
                 WSAEINVAL);

    /* gai_strerror page: the text of an EAI code. */
    CHECK_STR_EQ(gai_strerrorA(EAI_NONAME), "host not found");
    CHECK(wcscmp(gai_strerrorW(EAI_SERVICE), L"class type not found") == 0);
    WSACleanup();
    return 0;
}

static void test_addrinfo(void) { on_a(addrinfo_prog); }

/* ---- WSAAddressToString, WSAStringToAddress ---------------------------------------- */

static int address_string_prog(int argc, char **argv)
{
    (void)argc, (void)argv;
    start();
    /* WSAAddressToString page: "a.b.c.d:port", the port left out when it
     * is 0; the length in characters with the NUL; WSAEFAULT and the
     * length needed when the buffer is too small. */
    struct sockaddr_in sin = address("10.0.0.1", 5000);
    char text[64];
    DWORD len = sizeof text;
    CHECK_INT_EQ(WSAAddressToStringA((LPSOCKADDR)&sin, sizeof sin, NULL, text, &len), 0);
    CHECK_STR_EQ(text, "10.0.0.1:5000");
    CHECK_INT_EQ(len, 14);
    sin.sin_port = 0;
    len = sizeof text;
    CHECK_INT_EQ(WSAAddressToStringA((LPSOCKADDR)&sin, sizeof sin, NULL, text, &len), 0);
    CHECK_STR_EQ(text, "10.0.0.1");
    len = 4;
    CHECK_INT_EQ(WSAAddressToStringA((LPSOCKADDR)&sin, sizeof sin, NULL, text, &len), SOCKET_ERROR);
    CHECK_INT_EQ(WSAGetLastError(), WSAEFAULT);
    CHECK_INT_EQ(len, 9);
    CHECK_INT_EQ(WSAAddressToStringA((LPSOCKADDR)&sin, 4, NULL, text, &len), SOCKET_ERROR);
    CHECK_INT_EQ(WSAGetLastError(), WSAEINVAL);
    WCHAR wtext[64];
    len = 64;
    sin.sin_port = htons(80);
    CHECK_INT_EQ(WSAAddressToStringW((LPSOCKADDR)&sin, sizeof sin, NULL, wtext, &len), 0);
    CHECK(wcscmp(wtext, L"10.0.0.1:80") == 0);
    /* Wine's protocol.c test_WSAAddressToString, run on Windows: a length
     * of 0 gives WSAEFAULT and the length needed; IPv6 "[addr%scope]:port"
     * with a port, "addr%scope" without. */
    len = 0;
    sin.sin_port = 0;
    CHECK_INT_EQ(WSAAddressToStringA((LPSOCKADDR)&sin, sizeof sin, NULL, text, &len), SOCKET_ERROR);
    CHECK_INT_EQ(WSAGetLastError(), WSAEFAULT);
    CHECK_INT_EQ(len, 9);
    SOCKADDR_IN6 sin6;
    memset(&sin6, 0, sizeof sin6);
    sin6.sin6_family = AF_INET6;
    sin6.sin6_port = htons(80);
    sin6.sin6_addr.s6_addr[15] = 1;
    len = sizeof text;
    CHECK_INT_EQ(WSAAddressToStringA((LPSOCKADDR)&sin6, sizeof sin6, NULL, text, &len), 0);
    CHECK_STR_EQ(text, "[::1]:80");
    sin6.sin6_scope_id = 4660;
    sin6.sin6_port = 0;
    len = sizeof text;
    CHECK_INT_EQ(WSAAddressToStringA((LPSOCKADDR)&sin6, sizeof sin6, NULL, text, &len), 0);
    CHECK_STR_EQ(text, "::1%4660");

    /* WSAStringToAddress page: the address (and port) into the sockaddr;
     * WSAEINVAL for text that is no address of the family; WSAEFAULT and
     * the length needed for a short length. */
    struct sockaddr_in out;
    INT out_len = sizeof out;
    CHECK_INT_EQ(WSAStringToAddressA("10.0.0.2:8080", AF_INET, NULL, (LPSOCKADDR)&out, &out_len), 0);
    CHECK_INT_EQ(out.sin_family, AF_INET);
    CHECK_INT_EQ(ntohl(out.sin_addr.s_addr), 0x0A000002);
    CHECK_INT_EQ(ntohs(out.sin_port), 8080);
    CHECK_INT_EQ(WSAStringToAddressA("b", AF_INET, NULL, (LPSOCKADDR)&out, &out_len), SOCKET_ERROR);
    CHECK_INT_EQ(WSAGetLastError(), WSAEINVAL);   /* names are not resolved */
    /* Wine's protocol.c test_WSAStringToAddress, run on Windows: the port
     * in the parts' notation, never 0; inet_addr's short forms. */
    CHECK_INT_EQ(WSAStringToAddressA("127.127.127.127:0xAbCd", AF_INET, NULL, (LPSOCKADDR)&out,
                                     &out_len), 0);
    CHECK_INT_EQ(ntohs(out.sin_port), 43981);
    CHECK_INT_EQ(WSAStringToAddressA("1.2:1", AF_INET, NULL, (LPSOCKADDR)&out, &out_len), 0);
    CHECK_INT_EQ(ntohl(out.sin_addr.s_addr), 0x01000002);
    CHECK_INT_EQ(ntohs(out.sin_port), 1);
    CHECK_INT_EQ(WSAStringToAddressA("127.127.127.127:0", AF_INET, NULL, (LPSOCKADDR)&out, &out_len),
                 SOCKET_ERROR);
    CHECK_INT_EQ(WSAGetLastError(), WSAEINVAL);
    CHECK_INT_EQ(WSAStringToAddressA("3.4.5.6 ", AF_INET, NULL, (LPSOCKADDR)&out, &out_len),
                 SOCKET_ERROR);
    CHECK_INT_EQ(WSAGetLastError(), WSAEINVAL);
    out_len = 4;
    CHECK_INT_EQ(WSAStringToAddressA("10.0.0.2", AF_INET, NULL, (LPSOCKADDR)&out, &out_len),
                 SOCKET_ERROR);
    CHECK_INT_EQ(WSAGetLastError(), WSAEFAULT);
    CHECK_INT_EQ(out_len, (int)sizeof(struct sockaddr_in));
    SOCKADDR_IN6 out6;
    out_len = sizeof out6;
    CHECK_INT_EQ(WSAStringToAddressW(L"[::1]:443", AF_INET6, NULL, (LPSOCKADDR)&out6, &out_len), 0);
    CHECK_INT_EQ(out6.sin6_family, AF_INET6);
    CHECK_INT_EQ(ntohs(out6.sin6_port), 443);
    CHECK_INT_EQ(out6.sin6_addr.s6_addr[15], 1);
    CHECK_INT_EQ(out_len, (int)sizeof(SOCKADDR_IN6));
    CHECK_INT_EQ(WSAStringToAddressA("::1]:65535", AF_INET6, NULL, (LPSOCKADDR)&out6, &out_len),
                 SOCKET_ERROR);
    CHECK_INT_EQ(WSAGetLastError(), WSAEINVAL);
    WSACleanup();
    return 0;
}

static void test_address_string(void) { on_a(address_string_prog); }

/* ---- wide characters on the wire ------------------------------------------------- */

static int wide_sender(int argc, char **argv)
{
    (void)argc, (void)argv;
    start();
    SOCKET l = listen_on("127.0.0.1", PORT, 5), c = connect_to("127.0.0.1", PORT);
    SOCKET s = accept(l, NULL, NULL);
    /* A UNICODE program sends its WCHAR text as bytes: what its compiler
     * laid out.  WCHAR is wchar_t, 4 bytes here (README, "Wide
     * characters"), so "hi" is 8 bytes of UTF-32LE where Windows sends 4
     * of UTF-16LE. */
    static const WCHAR text[] = L"hi";
    CHECK_INT_EQ(sizeof(WCHAR), 4);
    CHECK_INT_EQ(send(c, (const char *)text, (int)(sizeof text - sizeof(WCHAR)), 0), 8);
    char got[16];
    int n = recv(s, got, sizeof got, 0);
    CHECK_INT_EQ(n, 8);
    static const char utf32le[8] = {'h', 0, 0, 0, 'i', 0, 0, 0};
    CHECK(n == 8 && memcmp(got, utf32le, 8) == 0);
    closesocket(c), closesocket(s), closesocket(l);
    WSACleanup();
    return 0;
}

static void test_wide_on_the_wire(void) { on_a(wide_sender); }

/* ---- mstcpip.h's address helpers --------------------------------------------- */

/* The INETADDR_* reference pages (mstcpip.h): SETANY and SETLOOPBACK keep
 * the family and clear the port; ISANY and ISLOOPBACK read either family;
 * INETADDR_PORT and SS_PORT are the port in network order. */
static void test_mstcpip(void)
{
    SOCKADDR_STORAGE ss;
    memset(&ss, 0xAB, sizeof ss);
    ss.ss_family = AF_INET6;
    INETADDR_SETLOOPBACK((SOCKADDR *)&ss);
    SOCKADDR_IN6 *in6 = (SOCKADDR_IN6 *)&ss;
    CHECK_INT_EQ(in6->sin6_family, AF_INET6);
    CHECK_INT_EQ(SS_PORT(&ss), 0);
    CHECK_INT_EQ(in6->sin6_scope_id, 0);
    CHECK(INETADDR_ISLOOPBACK((SOCKADDR *)&ss));
    CHECK(!INETADDR_ISANY((SOCKADDR *)&ss));
    SS_PORT(&ss) = htons(443);
    CHECK_INT_EQ(ntohs(INETADDR_PORT((SOCKADDR *)&ss)), 443);
    CHECK_INT_EQ(INETADDR_ADDRESS((SOCKADDR *)&ss)[15], 1);
    INETADDR_SETANY((SOCKADDR *)&ss);
    CHECK(INETADDR_ISANY((SOCKADDR *)&ss));
    CHECK_INT_EQ(SS_PORT(&ss), 0);

    /* IPv4, in a SOCKADDR_STORAGE as programs that serve both families
     * keep addresses (the helpers read whichever family it holds). */
    struct sockaddr_in sin = address("10.0.0.1", 80);
    memset(&ss, 0, sizeof ss);
    memcpy(&ss, &sin, sizeof sin);
    CHECK(!INETADDR_ISLOOPBACK((SOCKADDR *)&ss));
    CHECK_INT_EQ(ntohs(SS_PORT(&ss)), 80);
    INETADDR_SETLOOPBACK((SOCKADDR *)&ss);
    memcpy(&sin, &ss, sizeof sin);
    CHECK_INT_EQ(sin.sin_family, AF_INET);
    CHECK_INT_EQ(ntohl(sin.sin_addr.s_addr), 0x7F000001);
    CHECK_INT_EQ(sin.sin_port, 0);
    CHECK_INT_EQ(INETADDR_ADDRESS((SOCKADDR *)&ss)[0], 127);
    INETADDR_SETANY((SOCKADDR *)&ss);
    CHECK(INETADDR_ISANY((SOCKADDR *)&ss));
}

int main(int argc, char **argv)
{
    static const test_case cases[] = {
        {"inet_addr", test_inet_addr},
        {"inet_ntoa_per_thread", test_inet_ntoa},
        {"gethostname", test_gethostname},
        {"gethostbyname_addr", test_gethostbyname},
        {"getservbyname_port", test_servent},
        {"inet_pton_ntop", test_pton_ntop},
        {"getnameinfo", test_getnameinfo},
        {"getaddrinfo_names", test_addrinfo},
        {"address_strings", test_address_string},
        {"wide_on_the_wire", test_wide_on_the_wire},
        {"mstcpip_helpers", test_mstcpip},
    };
    return test_main(argc, argv, cases, sizeof cases / sizeof cases[0], end_world);
}
