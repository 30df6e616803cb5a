/* test_select.c — select and WSAPoll (wsapi/select.c), and contract row
 * S25 through select; each case is its own CTest test.
 *
 * Expected values come from the documented model (common.h) and from what
 * wsapi/select.c and wsapi/netevents.c document, following the reference
 * pages and Wine's Windows-run test_select and test_WSAPoll.  Every time is
 * computed from the moment a program did something, never taken from a
 * run.
 */
#include "tests/calls/common.h"

static const struct timeval zero_time = {0, 0};

static void set_of(fd_set *set, SOCKET s)
{
    FD_ZERO(set);
    FD_SET(s, set);
}

/* ---- calls.select_read_write_except ------------------------------------------------ */

/* On a: connect, write, urgent data, a failed connect, a connect in
 * progress. */
static int srwe_client(int argc, char **argv)
{
    (void)argc, (void)argv;
    start();
    SOCKET s = connect_to("10.0.0.2", PORT);
    seen.t[0] = th_now();
    fd_set w;
    set_of(&w, s);
    seen.v[0] = select(0, NULL, &w, NULL, &zero_time);     /* connected: writable now */
    seen.v[1] = FD_ISSET(s, &w);
    static char hundred[100];
    send(s, hundred, sizeof hundred, 0);
    Sleep(50);
    seen.t[1] = th_now();
    send(s, "!", 1, MSG_OOB);
    Sleep(50);

    /* A connect that fails: exceptfds only. */
    SOCKET s3 = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
    u_long on = 1;
    ioctlsocket(s3, FIONBIO, &on);
    struct sockaddr_in closed = address("10.0.0.2", CLOSED_PORT);
    seen.t[2] = th_now();
    seen.v[2] = connect(s3, (struct sockaddr *)&closed, sizeof closed) == SOCKET_ERROR
                    ? WSAGetLastError()
                    : 0;
    fd_set r, e;
    set_of(&r, s3);
    set_of(&w, s3);
    set_of(&e, s3);
    seen.v[3] = select(0, &r, &w, &e, NULL);
    seen.t[3] = th_now();
    seen.v[4] = FD_ISSET(s3, &r);
    seen.v[5] = FD_ISSET(s3, &w);
    seen.v[6] = FD_ISSET(s3, &e);
    int err = 0, len = sizeof err;
    getsockopt(s3, SOL_SOCKET, SO_ERROR, (char *)&err, &len);
    seen.v[7] = err;
    Sleep(50);

    /* A connect in progress becomes writable when it succeeds. */
    SOCKET s2 = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
    ioctlsocket(s2, FIONBIO, &on);
    struct sockaddr_in server = address("10.0.0.2", PORT);
    seen.t[4] = th_now();
    seen.v[8] = connect(s2, (struct sockaddr *)&server, sizeof server) == SOCKET_ERROR
                    ? WSAGetLastError()
                    : 0;
    set_of(&w, s2);
    set_of(&e, s2);
    seen.v[9] = select(0, NULL, &w, &e, NULL);
    seen.t[5] = th_now();
    seen.v[10] = FD_ISSET(s2, &w);
    seen.v[11] = FD_ISSET(s2, &e);
    closesocket(s2);
    closesocket(s3);
    closesocket(s);
    return 0;
}

/* On b: a connection to accept, bytes to read, urgent data. */
static int srwe_server(int argc, char **argv)
{
    (void)argc, (void)argv;
    start();
    SOCKET l = listen_on("0.0.0.0", PORT, 5);
    fd_set r, e;
    set_of(&r, l);
    seen.v[20] = select(0, &r, NULL, NULL, NULL);
    seen.t[10] = th_now();
    seen.v[21] = FD_ISSET(l, &r);
    SOCKET c = accept(l, NULL, NULL);
    set_of(&r, c);
    set_of(&e, c);
    seen.v[22] = select(0, &r, NULL, &e, NULL);
    seen.t[11] = th_now();
    seen.v[23] = FD_ISSET(c, &r);
    seen.v[24] = FD_ISSET(c, &e);
    char buf[200];
    seen.v[25] = recv(c, buf, sizeof buf, 0);
    set_of(&r, c);
    set_of(&e, c);
    seen.v[26] = select(0, &r, NULL, &e, NULL);
    seen.t[12] = th_now();
    seen.v[27] = FD_ISSET(c, &r);
    seen.v[28] = FD_ISSET(c, &e);
    buf[0] = 0;
    seen.v[29] = recv(c, buf, 1, MSG_OOB);
    seen.v[30] = buf[0];
    Sleep(400);   /* the listener stays for the client's last connect */
    closesocket(c);
    closesocket(l);
    return 0;
}

static void test_select_read_write_except(void)
{
    two_hosts();
    run_pair(srwe_client, srwe_server);
    int64_t tc = seen.t[0];
    CHECK_INT_EQ(tc, CLIENT_START + handshake());
    CHECK_INT_EQ(seen.v[0], 1);
    CHECK_INT_EQ(seen.v[1], 1);
    /* The listener is readable when the handshake's last ACK arrives. */
    CHECK_INT_EQ(seen.v[20], 1);
    CHECK_INT_EQ(seen.v[21], 1);
    CHECK_INT_EQ(seen.t[10], tc + ser(0) + LATENCY_NS);
    /* The 100 bytes leave behind that ACK. */
    CHECK_INT_EQ(seen.v[22], 1);
    CHECK_INT_EQ(seen.v[23], 1);
    CHECK_INT_EQ(seen.v[24], 0);
    CHECK_INT_EQ(seen.t[11], tc + ser(0) + ser(100) + LATENCY_NS);
    CHECK_INT_EQ(seen.v[25], 100);
    /* Urgent data: exceptfds, not readfds. */
    CHECK_INT_EQ(seen.v[26], 1);
    CHECK_INT_EQ(seen.v[27], 0);
    CHECK_INT_EQ(seen.v[28], 1);
    CHECK_INT_EQ(seen.t[12], seen.t[1] + ser(1) + LATENCY_NS);
    CHECK_INT_EQ(seen.v[29], 1);
    CHECK_INT_EQ(seen.v[30], '!');
    /* The failed connect: the RST comes back; only exceptfds. */
    CHECK_INT_EQ(seen.v[2], WSAEWOULDBLOCK);
    CHECK_INT_EQ(seen.v[3], 1);
    CHECK_INT_EQ(seen.t[3], seen.t[2] + ser_syn() + LATENCY_NS + ser(0) + LATENCY_NS);
    CHECK_INT_EQ(seen.v[4], 0);
    CHECK_INT_EQ(seen.v[5], 0);
    CHECK_INT_EQ(seen.v[6], 1);
    CHECK_INT_EQ(seen.v[7], WSAECONNREFUSED);
    /* The connect in progress: writable when the SYN-ACK comes. */
    CHECK_INT_EQ(seen.v[8], WSAEWOULDBLOCK);
    CHECK_INT_EQ(seen.v[9], 1);
    CHECK_INT_EQ(seen.t[5], seen.t[4] + handshake());
    CHECK_INT_EQ(seen.v[10], 1);
    CHECK_INT_EQ(seen.v[11], 0);
    /* The trace records each select with its result. */
    const wsim_record *first = call_record("select", 0);
    CHECK(first != NULL);
    if (first)
        CHECK_INT_EQ(first->a[0], 1);
}

/* ---- calls.select_timeout ------------------------------------------------------------ */

static unsigned apc_count;

static void WINAPI count_apc(ULONG_PTR param)
{
    (void)param;
    apc_count++;
}

static SOCKET to_send_on, to_close;

static DWORD WINAPI send_after_100ms(LPVOID arg)
{
    (void)arg;
    Sleep(100);
    send(to_send_on, "x", 1, 0);
    return 0;
}

static DWORD WINAPI close_after_200ms(LPVOID arg)
{
    (void)arg;
    Sleep(200);
    closesocket(to_close);
    return 0;
}

/* select, and how long it took. */
static int64_t timed_select(fd_set *r, fd_set *w, fd_set *e, const struct timeval *tv,
                            long long *ret, long long *err)
{
    int64_t t0 = th_now();
    *ret = select(0, r, w, e, tv);
    *err = WSAGetLastError();
    return th_now() - t0;
}

static int st_program(int argc, char **argv)
{
    (void)argc, (void)argv;
    start();
    const struct timeval quarter = {0, 250000};
    fd_set r, w, e;
    long long err;
    /* Argument errors. */
    seen.v[0] = select(0, NULL, NULL, NULL, &quarter);
    seen.v[1] = WSAGetLastError();
    FD_ZERO(&r);
    FD_ZERO(&w);
    FD_ZERO(&e);
    seen.v[2] = select(0, &r, &w, &e, &quarter);
    seen.v[3] = WSAGetLastError();
    set_of(&r, (SOCKET)0x9990);
    seen.v[4] = select(0, &r, NULL, NULL, &zero_time);
    seen.v[5] = WSAGetLastError();
    seen.v[6] = r.fd_count;                       /* left as it was */

    SOCKET c, a;
    loopback_pair(PORT, &c, &a);
    seen.v[7] = select(0, (fd_set *)16, NULL, NULL, &zero_time);
    seen.v[8] = WSAGetLastError();
    const struct timeval negative = {-1, 0};
    set_of(&r, a);
    seen.v[9] = select(0, &r, NULL, NULL, &negative);
    seen.v[10] = WSAGetLastError();
    seen.v[11] = select(0, &r, NULL, NULL, (const struct timeval *)16);
    seen.v[12] = WSAGetLastError();

    /* {0, 0} only looks; the time-outs are kept to the nanosecond. */
    set_of(&r, a);
    seen.t[0] = timed_select(&r, NULL, NULL, &zero_time, &seen.v[13], &err);
    seen.v[14] = r.fd_count;
    set_of(&r, a);
    seen.t[1] = timed_select(&r, NULL, NULL, &quarter, &seen.v[15], &err);
    /* An APC queued before runs in the wait, and select goes on waiting. */
    QueueUserAPC(count_apc, GetCurrentThread(), 0);
    const struct timeval one_and_a_half = {1, 500000};
    set_of(&r, a);
    seen.t[2] = timed_select(&r, NULL, NULL, &one_and_a_half, &seen.v[16], &err);
    seen.v[17] = apc_count;

    /* Readable before the time-out: a byte sent 100 ms later. */
    to_send_on = c;
    HANDLE t = CreateThread(NULL, 0, send_after_100ms, NULL, 0, NULL);
    const struct timeval five = {5, 0};
    set_of(&r, a);
    seen.t[3] = timed_select(&r, NULL, NULL, &five, &seen.v[18], &err);
    seen.v[19] = FD_ISSET(a, &r);
    WaitForSingleObject(t, INFINITE);
    CloseHandle(t);

    /* One socket twice in a set, and sets at the same address. */
    w.fd_count = 2;
    w.fd_array[0] = c;
    w.fd_array[1] = c;
    seen.v[20] = select(0, NULL, &w, NULL, &zero_time);
    seen.v[21] = w.fd_count;
    FD_ZERO(&r);
    FD_SET(a, &r);     /* readable (the byte) and writable */
    FD_SET(c, &r);     /* writable */
    seen.v[22] = select(0, &r, &r, NULL, &zero_time);
    seen.v[23] = r.fd_count;
    seen.v[24] = FD_ISSET(a, &r) && FD_ISSET(c, &r);

    /* Closed by another thread while select waits: readable in readfds. */
    to_close = c;
    t = CreateThread(NULL, 0, close_after_200ms, NULL, 0, NULL);
    const struct timeval two = {2, 0};
    set_of(&r, c);
    set_of(&e, c);
    seen.t[4] = timed_select(&r, NULL, &e, &two, &seen.v[25], &err);
    seen.v[26] = FD_ISSET(c, &r);
    seen.v[27] = e.fd_count;
    WaitForSingleObject(t, INFINITE);
    CloseHandle(t);
    /* … and WSAENOTSOCK, the set emptied, when it is in exceptfds only. */
    SOCKET c2, a2;
    loopback_pair(PORT + 1, &c2, &a2);
    to_close = c2;
    t = CreateThread(NULL, 0, close_after_200ms, NULL, 0, NULL);
    set_of(&e, c2);
    seen.t[5] = timed_select(NULL, NULL, &e, &two, &seen.v[28], &seen.v[29]);
    seen.v[30] = e.fd_count;
    WaitForSingleObject(t, INFINITE);
    CloseHandle(t);
    closesocket(a2);
    closesocket(a);
    return 0;
}

static void test_select_timeout(void)
{
    two_hosts();
    th_program(world, host_a, "p", st_program, 0);
    run_world();
    CHECK_INT_EQ(seen.v[0], SOCKET_ERROR);
    CHECK_INT_EQ(seen.v[1], WSAEINVAL);          /* no set */
    CHECK_INT_EQ(seen.v[2], SOCKET_ERROR);
    CHECK_INT_EQ(seen.v[3], WSAEINVAL);          /* empty sets */
    CHECK_INT_EQ(seen.v[4], SOCKET_ERROR);
    CHECK_INT_EQ(seen.v[5], WSAENOTSOCK);
    CHECK_INT_EQ(seen.v[6], 1);
    CHECK_INT_EQ(seen.v[7], SOCKET_ERROR);
    CHECK_INT_EQ(seen.v[8], WSAEFAULT);
    CHECK_INT_EQ(seen.v[9], SOCKET_ERROR);
    CHECK_INT_EQ(seen.v[10], WSAEINVAL);
    CHECK_INT_EQ(seen.v[11], SOCKET_ERROR);
    CHECK_INT_EQ(seen.v[12], WSAEFAULT);
    CHECK_INT_EQ(seen.v[13], 0);
    CHECK_INT_EQ(seen.t[0], 0);
    CHECK_INT_EQ(seen.v[14], 0);
    CHECK_INT_EQ(seen.v[15], 0);
    CHECK_INT_EQ(seen.t[1], 250 * MS);
    CHECK_INT_EQ(seen.v[16], 0);
    CHECK_INT_EQ(seen.t[2], 1500 * MS);
    CHECK_INT_EQ(seen.v[17], 1);
    CHECK_INT_EQ(seen.v[18], 1);
    CHECK_INT_EQ(seen.v[19], 1);
    CHECK_INT_EQ(seen.t[3], 100 * MS + loopback(1));
    CHECK_INT_EQ(seen.v[20], 1);
    CHECK_INT_EQ(seen.v[21], 1);
    CHECK_INT_EQ(seen.v[22], 2);
    CHECK_INT_EQ(seen.v[23], 2);
    CHECK_INT_EQ(seen.v[24], 1);
    CHECK_INT_EQ(seen.v[25], 1);
    CHECK_INT_EQ(seen.t[4], 200 * MS);
    CHECK_INT_EQ(seen.v[26], 1);
    CHECK_INT_EQ(seen.v[27], 0);
    CHECK_INT_EQ(seen.v[28], SOCKET_ERROR);
    CHECK_INT_EQ(seen.v[29], WSAENOTSOCK);
    CHECK_INT_EQ(seen.t[5], 200 * MS);
    CHECK_INT_EQ(seen.v[30], 0);
}

/* ---- calls.wsapoll ------------------------------------------------------------------- */

static SOCKET poll_closed;

static DWORD WINAPI close_poll_target(LPVOID arg)
{
    (void)arg;
    Sleep(200);
    closesocket(poll_closed);
    return 0;
}

/* WSAPoll of one entry; revents into *revents. */
static long long poll1(SOCKET s, SHORT events, INT timeout, long long *revents)
{
    WSAPOLLFD fd = {s, events, (SHORT)0x7ead};
    long long r = WSAPoll(&fd, 1, timeout);
    *revents = fd.revents;
    return r;
}

static int wp_server(int argc, char **argv)
{
    (void)argc, (void)argv;
    start();
    SOCKET l = listen_on("0.0.0.0", PORT, 5);
    SOCKET d = socket(AF_INET, SOCK_DGRAM, IPPROTO_UDP);
    struct sockaddr_in dat = address("0.0.0.0", PORT + 1);
    bind(d, (struct sockaddr *)&dat, sizeof dat);
    WSAPOLLFD fds[2];
    long long rev;

    /* Arguments. */
    seen.v[0] = WSAPoll(NULL, 0, 0);
    seen.v[1] = WSAGetLastError();
    seen.v[2] = WSAPoll(NULL, 1, 0);
    seen.v[3] = WSAGetLastError();
    seen.v[4] = poll1(l, POLLRDNORM | POLLRDBAND | POLLWRNORM, 0, &seen.v[5]);
    fds[0] = (WSAPOLLFD){INVALID_SOCKET, POLLERR, 0x7ead};
    fds[1] = (WSAPOLLFD){l, POLLIN, 0x7ead};
    seen.v[6] = WSAPoll(fds, 2, 0);
    seen.v[7] = fds[0].revents;
    seen.v[8] = fds[1].revents;
    fds[0] = (WSAPOLLFD){l, POLLIN, 0x7ead};
    fds[1] = (WSAPOLLFD){0xabacab, POLLIN, 0x7ead};
    seen.v[9] = WSAPoll(fds, 2, 0);
    seen.v[10] = fds[0].revents;
    seen.v[11] = fds[1].revents;
    fds[1].events = POLLERR;
    seen.v[12] = WSAPoll(fds, 2, 0);
    seen.v[13] = WSAGetLastError();
    seen.v[14] = fds[0].revents;
    seen.v[15] = fds[1].revents;
    fds[0] = (WSAPOLLFD){INVALID_SOCKET, POLLERR, 0x7ead};
    seen.v[16] = WSAPoll(fds, 2, 0);
    seen.v[17] = WSAGetLastError();
    seen.v[18] = fds[0].revents;
    seen.v[19] = fds[1].revents;
    seen.v[20] = poll1(l, POLLPRI, 0, &rev);
    seen.v[21] = WSAGetLastError();

    /* A connection to accept: when the handshake's last ACK comes. */
    seen.v[22] = poll1(l, POLLIN, 100, &seen.v[23]);
    seen.t[0] = th_now();
    seen.v[24] = poll1(l, POLLRDBAND | POLLWRNORM, 0, &rev);
    SOCKET c = accept(l, NULL, NULL);
    seen.v[25] = poll1(c, POLLRDNORM | POLLRDBAND | POLLWRNORM, 0, &seen.v[26]);
    /* Bytes, urgent data, then the peer's FIN. */
    seen.v[27] = poll1(c, POLLRDNORM, 1000, &seen.v[28]);
    seen.t[1] = th_now();
    seen.v[29] = poll1(c, POLLRDNORM | POLLRDBAND | POLLWRNORM, 0, &seen.v[30]);
    char buf[16];
    recv(c, buf, sizeof buf, 0);
    seen.v[31] = poll1(c, POLLRDBAND, 1000, &seen.v[32]);
    seen.t[2] = th_now();
    recv(c, buf, 1, MSG_OOB);
    seen.v[33] = poll1(c, 0, 1000, &seen.v[34]);
    seen.t[3] = th_now();
    seen.v[35] = poll1(c, POLLRDNORM | POLLRDBAND | POLLWRNORM, 0, &seen.v[36]);

    /* The time-out, to the nanosecond. */
    int64_t t0 = th_now();
    seen.v[37] = poll1(l, POLLIN, 300, &seen.v[38]);
    seen.t[4] = th_now() - t0;

    /* Closed by another thread while WSAPoll waits, an APC queued before. */
    SOCKET u = socket(AF_INET, SOCK_DGRAM, IPPROTO_UDP);
    poll_closed = u;
    HANDLE t = CreateThread(NULL, 0, close_poll_target, NULL, 0, NULL);
    QueueUserAPC(count_apc, GetCurrentThread(), 0);
    t0 = th_now();
    seen.v[39] = poll1(u, POLLRDNORM, 2000, &seen.v[40]);
    seen.t[5] = th_now() - t0;
    seen.v[41] = apc_count;
    WaitForSingleObject(t, INFINITE);
    CloseHandle(t);

    /* Datagram sockets: always writable; a datagram to read. */
    SOCKET unbound = socket(AF_INET, SOCK_DGRAM, IPPROTO_UDP);
    seen.v[42] = poll1(unbound, POLLRDNORM | POLLWRNORM, 0, &seen.v[43]);
    seen.v[44] = poll1(d, POLLRDNORM, 5000, &seen.v[45]);
    seen.v[46] = poll1(d, POLLRDNORM | POLLWRNORM, 0, &seen.v[47]);
    closesocket(unbound);
    closesocket(d);
    closesocket(c);
    closesocket(l);
    return 0;
}

static int wp_client(int argc, char **argv)
{
    (void)argc, (void)argv;
    start();
    SOCKET s = connect_to("10.0.0.2", PORT);
    seen.t[10] = th_now();
    send(s, "1234", 4, 0);
    Sleep(50);
    seen.t[11] = th_now();
    send(s, "A", 1, MSG_OOB);
    Sleep(50);
    seen.t[12] = th_now();
    closesocket(s);

    /* A failed connect: POLLWRNORM | POLLHUP | POLLERR. */
    SOCKET s3 = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
    u_long on = 1;
    ioctlsocket(s3, FIONBIO, &on);
    struct sockaddr_in closed = address("10.0.0.2", CLOSED_PORT);
    connect(s3, (struct sockaddr *)&closed, sizeof closed);
    int64_t t0 = th_now();
    seen.v[60] = poll1(s3, POLLRDNORM | POLLRDBAND | POLLWRNORM, 1000, &seen.v[61]);
    seen.t[13] = th_now() - t0;
    closesocket(s3);

    Sleep(1000);   /* the server polls its datagram socket by then */
    SOCKET d = socket(AF_INET, SOCK_DGRAM, IPPROTO_UDP);
    struct sockaddr_in to = address("10.0.0.2", PORT + 1);
    sendto(d, "dgram", 5, 0, (struct sockaddr *)&to, sizeof to);
    closesocket(d);
    return 0;
}

static void test_wsapoll(void)
{
    two_hosts();
    run_pair(wp_client, wp_server);
    CHECK_INT_EQ(seen.v[0], SOCKET_ERROR);
    CHECK_INT_EQ(seen.v[1], WSAEINVAL);
    CHECK_INT_EQ(seen.v[2], SOCKET_ERROR);
    CHECK_INT_EQ(seen.v[3], WSAEFAULT);
    CHECK_INT_EQ(seen.v[4], 0);
    CHECK_INT_EQ(seen.v[5], 0);
    CHECK_INT_EQ(seen.v[6], 0);                  /* invalid from the start: not counted */
    CHECK_INT_EQ(seen.v[7], POLLNVAL);
    CHECK_INT_EQ(seen.v[8], 0);
    CHECK_INT_EQ(seen.v[9], 0);
    CHECK_INT_EQ(seen.v[10], 0);
    CHECK_INT_EQ(seen.v[11], POLLNVAL);
    CHECK_INT_EQ(seen.v[12], SOCKET_ERROR);
    CHECK_INT_EQ(seen.v[13], WSAEINVAL);         /* POLLERR asked of a handle */
    CHECK_INT_EQ(seen.v[14], 0);
    CHECK_INT_EQ(seen.v[15], 0);
    CHECK_INT_EQ(seen.v[16], SOCKET_ERROR);
    CHECK_INT_EQ(seen.v[17], WSAENOTSOCK);       /* no valid socket at all */
    CHECK_INT_EQ(seen.v[18], POLLNVAL);
    CHECK_INT_EQ(seen.v[19], POLLNVAL);
    CHECK_INT_EQ(seen.v[20], SOCKET_ERROR);
    CHECK_INT_EQ(seen.v[21], WSAEINVAL);
    /* The connection. */
    int64_t tc = seen.t[10];
    CHECK_INT_EQ(tc, CLIENT_START + handshake());
    CHECK_INT_EQ(seen.v[22], 1);
    CHECK_INT_EQ(seen.v[23], POLLRDNORM);
    CHECK_INT_EQ(seen.t[0], tc + ser(0) + LATENCY_NS);
    CHECK_INT_EQ(seen.v[24], 0);
    CHECK_INT_EQ(seen.v[25], 1);
    CHECK_INT_EQ(seen.v[26], POLLWRNORM);
    CHECK_INT_EQ(seen.v[27], 1);
    CHECK_INT_EQ(seen.v[28], POLLRDNORM);
    CHECK_INT_EQ(seen.t[1], tc + ser(0) + ser(4) + LATENCY_NS);
    CHECK_INT_EQ(seen.v[29], 1);
    CHECK_INT_EQ(seen.v[30], POLLRDNORM | POLLWRNORM);
    CHECK_INT_EQ(seen.v[31], 1);
    CHECK_INT_EQ(seen.v[32], POLLRDBAND);
    CHECK_INT_EQ(seen.t[2], seen.t[11] + ser(1) + LATENCY_NS);
    CHECK_INT_EQ(seen.v[33], 1);
    CHECK_INT_EQ(seen.v[34], POLLHUP);           /* reported though not asked for */
    CHECK_INT_EQ(seen.t[3], seen.t[12] + ser(0) + LATENCY_NS);
    CHECK_INT_EQ(seen.v[35], 1);
    CHECK_INT_EQ(seen.v[36], POLLWRNORM | POLLHUP);
    CHECK_INT_EQ(seen.v[37], 0);
    CHECK_INT_EQ(seen.v[38], 0);
    CHECK_INT_EQ(seen.t[4], 300 * MS);
    CHECK_INT_EQ(seen.v[39], 1);                 /* closed meanwhile: counted */
    CHECK_INT_EQ(seen.v[40], POLLNVAL);
    CHECK_INT_EQ(seen.t[5], 200 * MS);
    CHECK_INT_EQ(seen.v[41], 1);
    CHECK_INT_EQ(seen.v[42], 1);
    CHECK_INT_EQ(seen.v[43], POLLWRNORM);
    CHECK_INT_EQ(seen.v[44], 1);
    CHECK_INT_EQ(seen.v[45], POLLRDNORM);
    CHECK_INT_EQ(seen.v[46], 1);
    CHECK_INT_EQ(seen.v[47], POLLRDNORM | POLLWRNORM);
    /* The failed connect. */
    CHECK_INT_EQ(seen.v[60], 1);
    CHECK_INT_EQ(seen.v[61], POLLWRNORM | POLLHUP | POLLERR);
    /* Its SYN leaves behind the FIN of the connection closed that instant. */
    CHECK_INT_EQ(seen.t[13], ser(0) + ser_syn() + LATENCY_NS + ser(0) + LATENCY_NS);
}

/* ---- contract.S25_writable_again_select ---------------------------------------------- */

/* SO_SNDBUF 2000: 3000 bytes are taken whole (the queue was empty), the
 * next send fails with WSAEWOULDBLOCK, and select's writefds says when a
 * send can be taken again: when the ACK of the first 1460-byte segment
 * takes the queue to 1540, below SO_SNDBUF.  The bytes are sent the
 * instant connect returns, so the first segment leaves behind the
 * handshake's last ACK. */
static int s25_client(int argc, char **argv)
{
    (void)argc, (void)argv;
    start();
    SOCKET s = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
    int sndbuf = 2000;
    setsockopt(s, SOL_SOCKET, SO_SNDBUF, (const char *)&sndbuf, sizeof sndbuf);
    struct sockaddr_in to = address("10.0.0.2", PORT);
    connect(s, (struct sockaddr *)&to, sizeof to);
    u_long on = 1;
    ioctlsocket(s, FIONBIO, &on);
    static char bytes[3000];
    seen.t[0] = th_now();
    seen.v[0] = send(s, bytes, sizeof bytes, 0);
    seen.v[1] = send(s, bytes, 1, 0);
    seen.v[2] = WSAGetLastError();
    fd_set w;
    set_of(&w, s);
    seen.v[3] = select(0, NULL, &w, NULL, &zero_time);
    set_of(&w, s);
    seen.v[4] = select(0, NULL, &w, NULL, NULL);
    seen.t[1] = th_now();
    seen.v[5] = FD_ISSET(s, &w);
    seen.v[6] = send(s, bytes, 100, 0);
    closesocket(s);
    return 0;
}

static void test_S25_writable_again_select(void)
{
    two_hosts();
    run_pair(s25_client, reading_server);
    CHECK_INT_EQ(seen.v[0], 3000);
    CHECK_INT_EQ(seen.v[1], SOCKET_ERROR);
    CHECK_INT_EQ(seen.v[2], WSAEWOULDBLOCK);
    CHECK_INT_EQ(seen.v[3], 0);
    CHECK_INT_EQ(seen.v[4], 1);
    CHECK_INT_EQ(seen.v[5], 1);
    CHECK_INT_EQ(seen.t[1],
                 seen.t[0] + ser(0) + ser(1460) + LATENCY_NS + ser(0) + LATENCY_NS);
    CHECK_INT_EQ(seen.v[6], 100);
    CHECK_INT_EQ(seen.data_len, 3100);
}

int main(int argc, char **argv)
{
    static const test_case cases[] = {
        {"select_read_write_except", test_select_read_write_except},
        {"select_timeout", test_select_timeout},
        {"wsapoll", test_wsapoll},
        {"S25_writable_again_select", test_S25_writable_again_select},
    };
    return test_main(argc, argv, cases, sizeof cases / sizeof cases[0], end_world);
}
