/* test_bad_args.c — one row of bad_args.tsv: a call with one bad argument.
 *
 *   contract_bad_args TABLE ROW-ID
 *
 * The row names the function, the argument, the bad value, the context the
 * call is made in, and the expected return value and error (with the
 * reference page they come from).  Everything else in the call is valid, so
 * the bad value is the only reason for the result.  The runner builds the
 * context on host a (a peer on host b where the context needs one), makes
 * the call, and checks: the return value, the last error (unless the table
 * says "-"), that the call is in the trace with that error (M02), and that
 * the run completed — the simulator never crashes on a bad argument, and it
 * checks program memory without touching it (AddressSanitizer stays quiet in
 * the sanitizer build).
 *
 * Bad values (column "bad"):
 *   NULL        a null pointer
 *   noaccess    a page the program cannot read or write (PROT_NONE)
 *   readonly    a read-only page, for arguments the call writes (holding
 *               the valid value, for in/out arguments)
 *   straddle    starts in valid memory and runs into the no-access page
 *   never       a handle value never created; closed: a socket already
 *               closed (or, for lphEvents[0], an event already closed);
 *               event: an event handle where a socket is expected;
 *               INVALID_SOCKET
 *   negative    -1; short: one less than the valid length; zero: 0 (for an
 *               in/out length such as fromlen, the value pointed to)
 *   bitN        only flag bit N set (1 << N)
 *   value:X     the integer X (or the string X, for string arguments)
 *
 * Contexts (column "context"):
 *   stream    a stream socket connected to b, which has sent it "hello"
 *   dgram     a datagram socket bound to port 6000, a datagram "hello" from
 *             b queued; sends go to b's port 5001
 *   listener  a listening socket on port 7000 with b's connection queued
 *   fresh     a new stream socket, neither bound nor connected
 *   none      no socket (WSAStartup rows: not even WSAStartup)
 */
#include "tests/contract/common.h"

#include <errno.h>

#define A_DGRAM_PORT 6000
#define A_LISTEN_PORT 7000

typedef struct row {
    char id[128], function[64], argument[64], bad[64], context[16], ret[64], error[64];
    char source[1024];
} row;

static row R;

/* ---- the table ----------------------------------------------------------------- */

static int split(char *line, char **fields, int max)
{
    int n = 0;
    char *p = line;
    while (n < max) {
        fields[n++] = p;
        char *tab = strchr(p, '\t');
        if (!tab)
            break;
        *tab = '\0';
        p = tab + 1;
    }
    return n;
}

static int read_row(const char *path, const char *id)
{
    FILE *f = fopen(path, "r");
    if (!f) {
        fprintf(stderr, "%s: %s\n", path, strerror(errno));
        return -1;
    }
    char line[4096];
    int found = -1;
    while (fgets(line, sizeof line, f)) {
        line[strcspn(line, "\r\n")] = '\0';
        char *fields[8];
        if (line[0] == '#' || split(line, fields, 8) != 8 || strcmp(fields[0], id) != 0)
            continue;
        snprintf(R.id, sizeof R.id, "%s", fields[0]);
        snprintf(R.function, sizeof R.function, "%s", fields[1]);
        snprintf(R.argument, sizeof R.argument, "%s", fields[2]);
        snprintf(R.bad, sizeof R.bad, "%s", fields[3]);
        snprintf(R.context, sizeof R.context, "%s", fields[4]);
        snprintf(R.ret, sizeof R.ret, "%s", fields[5]);
        snprintf(R.error, sizeof R.error, "%s", fields[6]);
        snprintf(R.source, sizeof R.source, "%s", fields[7]);
        found = 0;
        break;
    }
    fclose(f);
    if (found)
        fprintf(stderr, "%s: no row %s (or not 8 tab-separated fields)\n", path, id);
    return found;
}

/* The table's symbolic values. */
static const struct {
    const char *name;
    long long value;
} symbols[] = {
    {"SOCKET_ERROR", SOCKET_ERROR},
    {"INVALID_SOCKET", -1},                 /* (SOCKET)~0 as the trace records it */
    {"FALSE", FALSE},
    {"TRUE", TRUE},
    {"WSA_WAIT_FAILED", (long long)(DWORD)WSA_WAIT_FAILED},
    {"INADDR_NONE", (long long)(u_long)INADDR_NONE},
    {"WSANOTINITIALISED", WSANOTINITIALISED},
    {"WSAENOTSOCK", WSAENOTSOCK},
    {"WSAEFAULT", WSAEFAULT},
    {"WSAEINVAL", WSAEINVAL},
    {"WSAEOPNOTSUPP", WSAEOPNOTSUPP},
    {"WSAENOPROTOOPT", WSAENOPROTOOPT},
    {"WSAEDESTADDRREQ", WSAEDESTADDRREQ},
    {"WSAEAFNOSUPPORT", WSAEAFNOSUPPORT},
    {"WSAVERNOTSUPPORTED", WSAVERNOTSUPPORTED},
    {"WSAHOST_NOT_FOUND", WSAHOST_NOT_FOUND},
    {"WSATYPE_NOT_FOUND", WSATYPE_NOT_FOUND},
    {"WSA_INVALID_HANDLE", WSA_INVALID_HANDLE},
    {"WSA_INVALID_PARAMETER", WSA_INVALID_PARAMETER},
    {"WSA_IO_INCOMPLETE", WSA_IO_INCOMPLETE},
};

static int symbol(const char *name, long long *value)
{
    for (size_t i = 0; i < sizeof symbols / sizeof symbols[0]; i++)
        if (strcmp(symbols[i].name, name) == 0) {
            *value = symbols[i].value;
            return 0;
        }
    char *end;
    errno = 0;
    long long v = strtoll(name, &end, 0);
    if (errno || !*name || *end)
        return -1;
    *value = v;
    return 0;
}

static int is(const char *a, const char *b) { return strcmp(a, b) == 0; }
static int arg(const char *name) { return is(R.argument, name); }

/* ---- bad values ---------------------------------------------------------------- */

/* The bad pointer the row asks for, standing for `valid` (size bytes), or
 * valid itself when the row's argument is another one. */
static void *pointer(const char *name, void *valid, size_t size)
{
    if (!arg(name))
        return valid;
    if (is(R.bad, "NULL"))
        return NULL;
    if (is(R.bad, "noaccess"))
        return page_none;
    if (is(R.bad, "readonly")) {
        contract_set_writable(page_ro, page_size, 1);
        if (valid)
            memcpy(page_ro, valid, size < page_size ? size : page_size);
        contract_set_writable(page_ro, page_size, 0);
        return page_ro;
    }
    if (is(R.bad, "straddle")) {
        size_t before = size > 1 ? size / 2 : 0;
        char *p = straddling(before);
        if (valid)
            memcpy(p, valid, before);
        return p;
    }
    return valid;
}

/* A string argument: the pointer cases, plus straddle = the string without
 * its NUL, running into the no-access page, and value:X = the string X. */
static const char *string_arg(const char *name, const char *valid)
{
    if (!arg(name))
        return valid;
    if (is(R.bad, "straddle")) {
        size_t n = strlen(valid);
        char *p = straddling(n);
        memcpy(p, valid, n);
        return p;
    }
    if (strncmp(R.bad, "value:", 6) == 0)
        return R.bad + 6;
    return pointer(name, (void *)valid, strlen(valid) + 1);
}

static SOCKET closed_socket(void)
{
    SOCKET s = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
    closesocket(s);
    return s;
}

static SOCKET socket_arg(const char *name, SOCKET valid)
{
    if (!arg(name))
        return valid;
    if (is(R.bad, "never"))
        return (SOCKET)0x9990;
    if (is(R.bad, "closed"))
        return closed_socket();
    if (is(R.bad, "event"))
        return (SOCKET)(uintptr_t)WSACreateEvent();
    if (is(R.bad, "INVALID_SOCKET"))
        return INVALID_SOCKET;
    return valid;
}

static long long int_arg(const char *name, long long valid)
{
    if (!arg(name))
        return valid;
    if (is(R.bad, "negative"))
        return -1;
    if (is(R.bad, "short"))
        return valid - 1;
    if (is(R.bad, "zero"))
        return 0;
    if (R.bad[0] == 'b' && strncmp(R.bad, "bit", 3) == 0)
        return (long long)(1ULL << atoi(R.bad + 3));
    if (strncmp(R.bad, "value:", 6) == 0)
        return strtoll(R.bad + 6, NULL, 0);
    return valid;
}

/* ---- the peers on b -------------------------------------------------------------- */

/* stream: accepts, sends "hello", reads to the end. */
static int peer_stream(int argc, char **argv)
{
    (void)argc, (void)argv;
    start();
    SOCKET s = accept_one();
    send(s, "hello", 5, 0);
    read_all(s);
    closesocket(s);
    return 0;
}

/* dgram: a datagram to a's port 6000 at 50 ms; takes what a sends. */
static int peer_dgram(int argc, char **argv)
{
    (void)argc, (void)argv;
    start();
    SOCKET u = udp_bound(UDP_PORT);
    Sleep(50);
    struct sockaddr_in a = address("10.0.0.1", A_DGRAM_PORT);
    sendto(u, "hello", 5, 0, (struct sockaddr *)&a, sizeof a);
    Sleep(2000);
    closesocket(u);
    return 0;
}

/* listener: connects to a's port 7000 at 50 ms. */
static int peer_connector(int argc, char **argv)
{
    (void)argc, (void)argv;
    start();
    Sleep(50);
    SOCKET c = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
    struct sockaddr_in a = address("10.0.0.1", A_LISTEN_PORT);
    connect(c, (struct sockaddr *)&a, sizeof a);
    Sleep(2000);
    closesocket(c);
    return 0;
}

/* ---- the call --------------------------------------------------------------------- */

static struct {
    int done;            /* the function was found and called */
    int missing;         /* the function is not provided (WSARecv) */
    long long ret;
    int error;
    int startup_after;   /* WSAStartup rows: what socket() says afterwards */
} out;

static void CALLBACK no_routine(DWORD e, DWORD n, LPWSAOVERLAPPED ov, DWORD f)
{
    (void)e, (void)n, (void)ov, (void)f;
}

typedef int(WSAAPI *wsarecv_fn)(SOCKET, LPWSABUF, DWORD, LPDWORD, LPDWORD, LPWSAOVERLAPPED,
                                LPWSAOVERLAPPED_COMPLETION_ROUTINE);

static void call(SOCKET ctx)
{
    const char *f = R.function;
    static char data[64] = "hello";
    static char in[64];
    static WSABUF bufs[1];
    DWORD count = 0, flags = 0;
    struct sockaddr_in peer_udp = address("10.0.0.2", UDP_PORT);
    struct sockaddr_in any = address("0.0.0.0", 8000);
    struct sockaddr_in to_b = address("10.0.0.2", PORT);
    struct sockaddr_in from;
    int fromlen = (int)sizeof from;
    int optval = 0, optlen = (int)sizeof optval;
    u_long argp = 0;
    WSAOVERLAPPED ov;
    memset(&ov, 0, sizeof ov);
    /* Handles the call itself needs are made first: handle values are
     * reused lowest first, so a "closed" socket must be the last handle
     * made before the call. */
    static WSAEVENT events[2];
    if (is(f, "WSAGetOverlappedResult")) {
        /* A request that has completed: an overlapped send on the stream. */
        ov.hEvent = WSACreateEvent();
        bufs[0].len = 5;
        bufs[0].buf = data;
        WSASend(ctx, bufs, 1, &count, 0, &ov, NULL);
        WSAWaitForMultipleEvents(1, &ov.hEvent, TRUE, WSA_INFINITE, FALSE);
    } else if (is(f, "WSAWaitForMultipleEvents")) {
        events[0] = WSACreateEvent();
        events[1] = WSACreateEvent();
        WSASetEvent(events[0]);
    }
    SOCKET s = socket_arg("s", ctx);
    /* In/out lengths: "short" and "negative" are the value pointed to. */
    fromlen = (int)int_arg("fromlen", int_arg("lpFromlen", int_arg("addrlen", fromlen)));
    if (is(f, "getsockopt"))
        optlen = (int)int_arg("optlen", optlen);
    out.done = 1;
    WSASetLastError(12345);

    if (is(f, "send")) {
        out.ret = send(s, pointer("buf", data, 5), (int)int_arg("len", 5), (int)int_arg("flags", 0));
    } else if (is(f, "recv")) {
        out.ret = recv(s, pointer("buf", in, sizeof in), (int)int_arg("len", sizeof in),
                       (int)int_arg("flags", 0));
    } else if (is(f, "WSASend") || is(f, "WSASendTo") || is(f, "WSARecvFrom") || is(f, "WSARecv")) {
        int sending = is(f, "WSASend") || is(f, "WSASendTo");
        bufs[0].len = sending ? 5 : sizeof in;
        bufs[0].buf = pointer("lpBuffers.buf", sending ? data : in, bufs[0].len);
        LPWSABUF lpBuffers = pointer("lpBuffers", bufs, sizeof bufs);
        LPDWORD lpCount = pointer(sending ? "lpNumberOfBytesSent" : "lpNumberOfBytesRecvd", &count,
                                  sizeof count);
        /* A routine is only valid with an OVERLAPPED: give one to that row. */
        int routine_row = arg("lpCompletionRoutine");
        LPWSAOVERLAPPED lpOv =
            pointer("lpOverlapped", routine_row || arg("lpOverlapped") ? &ov : NULL, sizeof ov);
        LPWSAOVERLAPPED_COMPLETION_ROUTINE routine =
            routine_row ? (LPWSAOVERLAPPED_COMPLETION_ROUTINE)pointer("lpCompletionRoutine",
                                                                      (void *)no_routine, 1)
                        : NULL;
        if (is(f, "WSASend")) {
            out.ret = WSASend(s, lpBuffers, 1, lpCount, (DWORD)int_arg("dwFlags", 0), lpOv, routine);
        } else if (is(f, "WSASendTo")) {
            out.ret = WSASendTo(s, lpBuffers, 1, lpCount, (DWORD)int_arg("dwFlags", 0),
                                pointer("lpTo", &peer_udp, sizeof peer_udp),
                                (int)int_arg("iTolen", sizeof peer_udp), lpOv, routine);
        } else {
            flags = (DWORD)int_arg("lpFlags.value", 0);
            LPDWORD lpFlags = pointer("lpFlags", &flags, sizeof flags);
            if (is(f, "WSARecv")) {
                wsarecv_fn fn = (wsarecv_fn)contract_lookup("WSARecv");
                if (!fn) {
                    out.missing = 1;
                    return;
                }
                out.ret = fn(s, lpBuffers, 1, lpCount, lpFlags, lpOv, routine);
            } else {
                out.ret = WSARecvFrom(s, lpBuffers, 1, lpCount, lpFlags,
                                      pointer("lpFrom", &from, sizeof from),
                                      pointer("lpFromlen", &fromlen, sizeof fromlen), lpOv, routine);
            }
        }
    } else if (is(f, "sendto")) {
        out.ret = sendto(s, pointer("buf", data, 5), (int)int_arg("len", 5), (int)int_arg("flags", 0),
                         pointer("to", &peer_udp, sizeof peer_udp),
                         (int)int_arg("tolen", sizeof peer_udp));
    } else if (is(f, "recvfrom")) {
        out.ret = recvfrom(s, pointer("buf", in, sizeof in), (int)int_arg("len", sizeof in),
                           (int)int_arg("flags", 0), pointer("from", &from, sizeof from),
                           pointer("fromlen", &fromlen, sizeof fromlen));
    } else if (is(f, "bind")) {
        out.ret = bind(s, pointer("name", &any, sizeof any), (int)int_arg("namelen", sizeof any));
    } else if (is(f, "connect")) {
        out.ret = connect(s, pointer("name", &to_b, sizeof to_b), (int)int_arg("namelen", sizeof to_b));
    } else if (is(f, "accept")) {
        out.ret = (long long)(int64_t)accept(s, pointer("addr", &from, sizeof from),
                                             pointer("addrlen", &fromlen, sizeof fromlen));
    } else if (is(f, "listen")) {
        out.ret = listen(s, (int)int_arg("backlog", 5));
    } else if (is(f, "getsockopt")) {
        out.ret = getsockopt(s, (int)int_arg("level", SOL_SOCKET), (int)int_arg("optname", SO_TYPE),
                             pointer("optval", &optval, sizeof optval),
                             pointer("optlen", &optlen, sizeof optlen));
    } else if (is(f, "setsockopt")) {
        optval = 65536;
        out.ret = setsockopt(s, (int)int_arg("level", SOL_SOCKET), (int)int_arg("optname", SO_SNDBUF),
                             pointer("optval", &optval, sizeof optval),
                             (int)int_arg("optlen", sizeof optval));
    } else if (is(f, "ioctlsocket")) {
        out.ret = ioctlsocket(s, (LONG)int_arg("cmd", (long long)(LONG)FIONREAD),
                              pointer("argp", &argp, sizeof argp));
    } else if (is(f, "shutdown")) {
        out.ret = shutdown(s, (int)int_arg("how", SD_SEND));
    } else if (is(f, "closesocket")) {
        out.ret = closesocket(s);
    } else if (is(f, "WSAGetOverlappedResult")) {
        out.ret = WSAGetOverlappedResult(s, pointer("lpOverlapped", &ov, sizeof ov),
                                         pointer("lpcbTransfer", &count, sizeof count), FALSE,
                                         pointer("lpdwFlags", &flags, sizeof flags));
    } else if (is(f, "WSAWaitForMultipleEvents")) {
        if (arg("lphEvents[0]")) {
            if (is(R.bad, "never"))
                events[0] = (WSAEVENT)(uintptr_t)0x9990;
            else if (is(R.bad, "closed"))
                WSACloseEvent(events[0]);
        }
        /* A straddling array needs two handles to reach the no-access page. */
        DWORD n = arg("lphEvents") && is(R.bad, "straddle") ? 2 : 1;
        WSASetLastError(12345);
        out.ret = WSAWaitForMultipleEvents((DWORD)int_arg("cEvents", n),
                                           pointer("lphEvents", events, sizeof events), FALSE, 0,
                                           FALSE);
    } else if (is(f, "WSAStartup")) {
        static WSADATA wsa;
        out.ret = WSAStartup((WORD)int_arg("wVersionRequested", MAKEWORD(2, 2)),
                             pointer("lpWSAData", &wsa, sizeof wsa));
        out.error = WSAGetLastError();
        SOCKET after = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
        out.startup_after = after == INVALID_SOCKET ? WSAGetLastError() : 0;
        return;
    } else if (is(f, "getaddrinfo")) {
        static ADDRINFOA hints, *result;
        memset(&hints, 0, sizeof hints);
        hints.ai_family = AF_INET;
        hints.ai_socktype = SOCK_STREAM;
        hints.ai_flags = (int)int_arg("pHints.ai_flags", 0);
        const char *node = string_arg("pNodeName", "b");
        const char *service = string_arg("pServiceName", "5000");
        if (arg("pNodeName,pServiceName"))
            node = service = NULL;
        out.ret = getaddrinfo(node, service, pointer("pHints", &hints, sizeof hints),
                              pointer("ppResult", &result, sizeof result));
        out.error = WSAGetLastError();
        if (out.ret == 0 && !arg("ppResult"))
            freeaddrinfo(result);
        return;
    } else if (is(f, "inet_addr")) {
        out.ret = (long long)inet_addr(string_arg("cp", "10.0.0.2"));
    } else {
        out.done = 0;
        return;
    }
    out.error = WSAGetLastError();
}

static int row_main(int argc, char **argv)
{
    (void)argc, (void)argv;
    if (!is(R.context, "none") || !is(R.function, "WSAStartup"))
        start();
    SOCKET ctx = INVALID_SOCKET;
    if (is(R.context, "stream")) {
        ctx = connect_b();
    } else if (is(R.context, "dgram")) {
        ctx = udp_bound(A_DGRAM_PORT);
    } else if (is(R.context, "listener")) {
        ctx = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
        struct sockaddr_in at = address("0.0.0.0", A_LISTEN_PORT);
        bind(ctx, (struct sockaddr *)&at, sizeof at);
        listen(ctx, 5);
    } else if (is(R.context, "fresh")) {
        ctx = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
    }
    Sleep(100);   /* the peer's data or connection has arrived */
    call(ctx);
    if (ctx != INVALID_SOCKET)
        closesocket(ctx);
    return 0;
}

int main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: contract_bad_args TABLE ROW-ID\n");
        return 2;
    }
    if (read_row(argv[1], argv[2]) != 0)
        return 2;
    long long want_ret = 0, want_error = 0;
    int check_error = !is(R.error, "-");
    if (symbol(R.ret, &want_ret) != 0 || (check_error && symbol(R.error, &want_error) != 0)) {
        fprintf(stderr, "row %s: unknown value \"%s\" or \"%s\"\n", R.id, R.ret, R.error);
        return 2;
    }
    printf("%s: %s(%s = %s) in a %s context: expect %s, error %s\n  source: %s\n", R.id,
           R.function, R.argument, R.bad, R.context, R.ret, R.error, R.source);
    map_pages();
    two_hosts(1);
    if (is(R.context, "stream"))
        th_program(world, host_b, "peer", peer_stream, 0);
    else if (is(R.context, "dgram"))
        th_program(world, host_b, "peer", peer_dgram, 0);
    else if (is(R.context, "listener"))
        th_program(world, host_b, "peer", peer_connector, 0);
    th_program(world, host_a, "row", row_main, MS);
    wsim_end_reason end = th_run(world);
    if (out.missing) {
        printf("%s is not provided by wsim: skipped\n", R.function);
        th_free(world);
        return WSIM_TEST_SKIP;
    }
    CHECK(out.done);
    CHECK_INT_EQ(end, WSIM_END_COMPLETED);   /* nothing crashed, nothing hung */
    CHECK_INT_EQ(out.ret, want_ret);
    if (check_error)
        CHECK_INT_EQ(out.error, want_error);
    if (is(R.function, "WSAStartup") && want_ret != 0)
        CHECK_INT_EQ(out.startup_after, WSANOTINITIALISED);   /* a failed start-up counts for nothing */
    /* The call is in the trace, with the error the program saw (M02). */
    const wsim_record *rec = NULL;
    for (int i = 0; (rec = th_find(world, WSIM_REC_CALL, R.function, i)); i++)
        if (!check_error || rec->a[1] == want_error)
            break;
    CHECK(rec != NULL);
    /* The read-only page was not written. */
    for (size_t i = 0; i < 16; i++)
        if (page_ro[i] != 'r' && !is(R.bad, "readonly"))
            CHECK(page_ro[i] == 'r');
    th_free(world);
    return wsim_check_exit_code();
}
