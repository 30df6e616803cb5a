/* test_events.c — WSAEventSelect and WSAEnumNetworkEvents
 * (wsapi/netevents.c), and contract row S25 through FD_WRITE; each case is
 * its own CTest test.
 *
 * Expected values come from the documented model (common.h) and from what
 * wsapi/netevents.c documents after the WSAEventSelect reference page and
 * Wine's Windows-run event tests (test_accept_events, test_connect_events,
 * test_write_events, test_read_events, test_oob_events,
 * test_close_events).
 */
#include "tests/calls/common.h"

/* A WSANETWORKEVENTS whose iErrorCode entries start as 0x7777 (those of
 * events not reported must stay so). */
#define UNTOUCHED 0x7777

typedef struct enumerated {
    long long events;
    int error[FD_MAX_EVENTS];
    int untouched;               /* every entry of an unreported event kept its value */
} enumerated;

static enumerated enum_events(SOCKET s, WSAEVENT ev)
{
    WSANETWORKEVENTS ne;
    ne.lNetworkEvents = 0x5555;
    for (int i = 0; i < FD_MAX_EVENTS; i++)
        ne.iErrorCode[i] = UNTOUCHED;
    enumerated out = {0};
    out.events = WSAEnumNetworkEvents(s, ev, &ne) == 0 ? ne.lNetworkEvents : -1;
    out.untouched = 1;
    for (int i = 0; i < FD_MAX_EVENTS; i++) {
        out.error[i] = ne.iErrorCode[i];
        if (!(out.events & (1 << i)) && ne.iErrorCode[i] != UNTOUCHED)
            out.untouched = 0;
    }
    return out;
}

static DWORD wait_event(WSAEVENT ev, DWORD ms)
{
    return WSAWaitForMultipleEvents(1, &ev, TRUE, ms, FALSE);
}

/* ---- calls.event_select_enum ------------------------------------------------------- */

static enumerated got[32];

static int ese_server(int argc, char **argv)
{
    (void)argc, (void)argv;
    start();
    SOCKET l = listen_on("0.0.0.0", PORT, 5);
    WSAEVENT ev_l = WSACreateEvent(), ev_c = WSACreateEvent();
    WSAEventSelect(l, ev_l, FD_ACCEPT | FD_READ | FD_CLOSE);
    /* FD_ACCEPT when the handshake's last ACK comes. */
    seen.v[0] = wait_event(ev_l, WSA_INFINITE);
    seen.t[0] = th_now();
    got[0] = enum_events(l, ev_l);
    got[1] = enum_events(l, ev_l);                 /* handed out once */
    seen.v[1] = wait_event(ev_l, 0);               /* and the event was reset */
    SOCKET c = accept(l, NULL, NULL);
    WSAEventSelect(c, ev_c, FD_READ | FD_OOB | FD_CLOSE | FD_WRITE);
    got[2] = enum_events(c, ev_c);                 /* FD_WRITE, recorded at accept */
    /* The socket is non-blocking now, and stays so while selected. */
    char buf[16];
    seen.v[2] = recv(c, buf, 1, 0);
    seen.v[3] = WSAGetLastError();
    u_long off = 0;
    seen.v[4] = ioctlsocket(c, FIONBIO, &off);
    seen.v[5] = WSAGetLastError();
    /* FD_READ, recorded again while bytes remain. */
    wait_event(ev_c, WSA_INFINITE);
    seen.t[1] = th_now();
    got[3] = enum_events(c, ev_c);
    seen.v[6] = recv(c, buf, 4, 0);
    seen.v[7] = wait_event(ev_c, 0);
    got[4] = enum_events(c, ev_c);
    seen.v[8] = recv(c, buf, sizeof buf, 0);
    got[5] = enum_events(c, ev_c);
    /* FD_OOB. */
    wait_event(ev_c, WSA_INFINITE);
    seen.t[2] = th_now();
    got[6] = enum_events(c, ev_c);
    seen.v[9] = recv(c, buf, 1, MSG_OOB);
    /* FD_CLOSE, graceful: the peer's shutdown(SD_SEND). */
    wait_event(ev_c, WSA_INFINITE);
    seen.t[3] = th_now();
    got[7] = enum_events(c, ev_c);
    closesocket(c);
    /* A second connection, ended by the peer's abortive close. */
    wait_event(ev_l, WSA_INFINITE);
    got[8] = enum_events(l, ev_l);
    SOCKET c2 = accept(l, NULL, NULL);
    WSAEventSelect(c2, ev_c, FD_CLOSE);
    wait_event(ev_c, WSA_INFINITE);
    seen.t[4] = th_now();
    got[9] = enum_events(c2, ev_c);
    /* Cancelling the selection: blocking again is allowed. */
    seen.v[10] = WSAEventSelect(c2, NULL, 0);
    seen.v[11] = ioctlsocket(c2, FIONBIO, &off);
    closesocket(c2);
    closesocket(l);
    WSACloseEvent(ev_c);
    WSACloseEvent(ev_l);
    return 0;
}

static int ese_client(int argc, char **argv)
{
    (void)argc, (void)argv;
    start();
    /* FD_CONNECT and FD_WRITE when the connect succeeds. */
    SOCKET s = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
    WSAEVENT ev = WSACreateEvent();
    WSAEventSelect(s, ev, FD_CONNECT | FD_WRITE | FD_READ | FD_CLOSE);
    struct sockaddr_in server = address("10.0.0.2", PORT);
    seen.t[10] = th_now();
    seen.v[20] = connect(s, (struct sockaddr *)&server, sizeof server) == SOCKET_ERROR
                     ? WSAGetLastError()
                     : 0;
    wait_event(ev, WSA_INFINITE);
    seen.t[11] = th_now();
    got[10] = enum_events(s, ev);
    /* FD_CONNECT with the error of a connect refused. */
    SOCKET s3 = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
    WSAEVENT ev3 = WSACreateEvent();
    WSAEventSelect(s3, ev3, FD_CONNECT);
    struct sockaddr_in closed = address("10.0.0.2", CLOSED_PORT);
    seen.t[12] = th_now();
    connect(s3, (struct sockaddr *)&closed, sizeof closed);
    wait_event(ev3, WSA_INFINITE);
    seen.t[13] = th_now();
    got[11] = enum_events(s3, ev3);
    closesocket(s3);
    WSACloseEvent(ev3);
    Sleep(50);
    seen.t[14] = th_now();
    send(s, "0123456789", 10, 0);
    Sleep(50);
    seen.t[15] = th_now();
    send(s, "!", 1, MSG_OOB);
    Sleep(50);
    seen.t[16] = th_now();
    shutdown(s, SD_SEND);
    Sleep(50);
    closesocket(s);
    WSACloseEvent(ev);
    /* The second connection, closed abortively. */
    SOCKET s2 = connect_to("10.0.0.2", PORT);
    Sleep(50);
    struct linger hard = {1, 0};
    setsockopt(s2, SOL_SOCKET, SO_LINGER, (const char *)&hard, sizeof hard);
    seen.t[17] = th_now();
    closesocket(s2);

    /* A datagram socket: FD_WRITE once it has an address, FD_READ when a
     * datagram comes (here, one it sends itself over the loopback). */
    SOCKET u = socket(AF_INET, SOCK_DGRAM, IPPROTO_UDP);
    WSAEVENT evu = WSACreateEvent();
    WSAEventSelect(u, evu, FD_READ | FD_WRITE);
    got[12] = enum_events(u, evu);
    struct sockaddr_in self = address("127.0.0.1", PORT + 2);
    bind(u, (struct sockaddr *)&self, sizeof self);
    got[13] = enum_events(u, evu);
    sendto(u, "x", 1, 0, (struct sockaddr *)&self, sizeof self);
    wait_event(evu, WSA_INFINITE);
    got[14] = enum_events(u, evu);

    /* Bad arguments. */
    seen.v[21] = WSAEventSelect((SOCKET)0x9990, evu, FD_READ);
    seen.v[22] = WSAGetLastError();
    seen.v[23] = WSAEventSelect(u, (WSAEVENT)(uintptr_t)0x9990, FD_READ);
    seen.v[24] = WSAGetLastError();
    seen.v[25] = WSAEnumNetworkEvents(u, NULL, NULL);
    seen.v[26] = WSAGetLastError();
    seen.v[27] = WSAEnumNetworkEvents(u, (WSAEVENT)(uintptr_t)0x9990, &(WSANETWORKEVENTS){0});
    seen.v[28] = WSAGetLastError();
    closesocket(u);
    WSACloseEvent(evu);
    return 0;
}

static void check_event(const enumerated *e, long events, int bit, int error)
{
    CHECK_INT_EQ(e->events, events);
    if (bit >= 0)
        CHECK_INT_EQ(e->error[bit], error);
    CHECK(e->untouched);
}

static void test_event_select_enum(void)
{
    two_hosts();
    run_pair(ese_client, ese_server);
    int64_t tc = seen.t[11];
    /* FD_CONNECT and FD_WRITE, each with 0, when the SYN-ACK comes. */
    CHECK_INT_EQ(seen.v[20], WSAEWOULDBLOCK);
    CHECK_INT_EQ(tc, seen.t[10] + handshake());
    CHECK_INT_EQ(got[10].events, FD_CONNECT | FD_WRITE);
    CHECK_INT_EQ(got[10].error[FD_CONNECT_BIT], 0);
    CHECK_INT_EQ(got[10].error[FD_WRITE_BIT], 0);
    CHECK(got[10].untouched);
    /* FD_CONNECT with WSAECONNREFUSED when the RST comes. */
    check_event(&got[11], FD_CONNECT, FD_CONNECT_BIT, WSAECONNREFUSED);
    /* Its SYN leaves behind the first connection's last handshake ACK,
     * sent the same instant. */
    CHECK_INT_EQ(seen.t[13],
                 seen.t[12] + ser(0) + ser_syn() + LATENCY_NS + ser(0) + LATENCY_NS);
    /* FD_ACCEPT. */
    CHECK_INT_EQ(seen.v[0], WSA_WAIT_EVENT_0);
    CHECK_INT_EQ(seen.t[0], tc + ser(0) + LATENCY_NS);
    check_event(&got[0], FD_ACCEPT, FD_ACCEPT_BIT, 0);
    check_event(&got[1], 0, -1, 0);
    CHECK_INT_EQ(seen.v[1], WSA_WAIT_TIMEOUT);
    check_event(&got[2], FD_WRITE, FD_WRITE_BIT, 0);
    CHECK_INT_EQ(seen.v[2], SOCKET_ERROR);
    CHECK_INT_EQ(seen.v[3], WSAEWOULDBLOCK);
    CHECK_INT_EQ(seen.v[4], SOCKET_ERROR);
    CHECK_INT_EQ(seen.v[5], WSAEINVAL);
    /* FD_READ when the ten bytes come, again after a partial read, not
     * after the last byte is read. */
    CHECK_INT_EQ(seen.t[1], seen.t[14] + ser(10) + LATENCY_NS);
    check_event(&got[3], FD_READ, FD_READ_BIT, 0);
    CHECK_INT_EQ(seen.v[6], 4);
    CHECK_INT_EQ(seen.v[7], WSA_WAIT_EVENT_0);
    check_event(&got[4], FD_READ, FD_READ_BIT, 0);
    CHECK_INT_EQ(seen.v[8], 6);
    check_event(&got[5], 0, -1, 0);
    /* FD_OOB. */
    CHECK_INT_EQ(seen.t[2], seen.t[15] + ser(1) + LATENCY_NS);
    check_event(&got[6], FD_OOB, FD_OOB_BIT, 0);
    CHECK_INT_EQ(seen.v[9], 1);
    /* FD_CLOSE: 0 for the FIN, WSAECONNABORTED for the RST. */
    CHECK_INT_EQ(seen.t[3], seen.t[16] + ser(0) + LATENCY_NS);
    check_event(&got[7], FD_CLOSE, FD_CLOSE_BIT, 0);
    check_event(&got[8], FD_ACCEPT, FD_ACCEPT_BIT, 0);
    CHECK_INT_EQ(seen.t[4], seen.t[17] + ser(0) + LATENCY_NS);
    check_event(&got[9], FD_CLOSE, FD_CLOSE_BIT, WSAECONNABORTED);
    CHECK_INT_EQ(seen.v[10], 0);
    CHECK_INT_EQ(seen.v[11], 0);
    /* The datagram socket. */
    check_event(&got[12], 0, -1, 0);
    check_event(&got[13], FD_WRITE, FD_WRITE_BIT, 0);
    check_event(&got[14], FD_READ, FD_READ_BIT, 0);
    CHECK_INT_EQ(seen.v[21], SOCKET_ERROR);
    CHECK_INT_EQ(seen.v[22], WSAENOTSOCK);
    CHECK_INT_EQ(seen.v[23], SOCKET_ERROR);
    CHECK_INT_EQ(seen.v[24], WSAEINVAL);
    CHECK_INT_EQ(seen.v[25], SOCKET_ERROR);
    CHECK_INT_EQ(seen.v[26], WSAEFAULT);
    CHECK_INT_EQ(seen.v[27], SOCKET_ERROR);
    CHECK_INT_EQ(seen.v[28], WSAEINVAL);
}

/* ---- contract.S25_fd_write_again ------------------------------------------------------ */

/* SO_SNDBUF 2000.  FD_WRITE is recorded when the socket connects; room
 * coming back after sends that were taken records nothing; after a send
 * fails with WSAEWOULDBLOCK, FD_WRITE comes when the queue falls below
 * SO_SNDBUF: the ACK of the first 1460-byte segment of 3000. */
static int s25_client(int argc, char **argv)
{
    (void)argc, (void)argv;
    start();
    SOCKET s = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
    int sndbuf = 2000;
    setsockopt(s, SOL_SOCKET, SO_SNDBUF, (const char *)&sndbuf, sizeof sndbuf);
    struct sockaddr_in to = address("10.0.0.2", PORT);
    connect(s, (struct sockaddr *)&to, sizeof to);
    WSAEVENT ev = WSACreateEvent();
    WSAEventSelect(s, ev, FD_WRITE);
    seen.v[0] = wait_event(ev, 0);
    got[0] = enum_events(s, ev);
    static char bytes[3000];
    seen.v[1] = send(s, bytes, sizeof bytes, 0);
    seen.v[2] = wait_event(ev, 100);              /* the queue drains meanwhile */
    got[1] = enum_events(s, ev);
    seen.v[3] = send(s, bytes, sizeof bytes, 0);
    seen.t[0] = th_now();
    seen.v[4] = send(s, bytes, 1, 0);
    seen.v[5] = WSAGetLastError();
    seen.v[6] = wait_event(ev, WSA_INFINITE);
    seen.t[1] = th_now();
    got[2] = enum_events(s, ev);
    seen.v[7] = send(s, bytes, 100, 0);
    closesocket(s);
    WSACloseEvent(ev);
    return 0;
}

static void test_S25_fd_write_again(void)
{
    two_hosts();
    run_pair(s25_client, reading_server);
    CHECK_INT_EQ(seen.v[0], WSA_WAIT_EVENT_0);
    check_event(&got[0], FD_WRITE, FD_WRITE_BIT, 0);
    CHECK_INT_EQ(seen.v[1], 3000);
    CHECK_INT_EQ(seen.v[2], WSA_WAIT_TIMEOUT);
    check_event(&got[1], 0, -1, 0);
    CHECK_INT_EQ(seen.v[3], 3000);
    CHECK_INT_EQ(seen.v[4], SOCKET_ERROR);
    CHECK_INT_EQ(seen.v[5], WSAEWOULDBLOCK);
    CHECK_INT_EQ(seen.v[6], WSA_WAIT_EVENT_0);
    CHECK_INT_EQ(seen.t[1], seen.t[0] + ser(1460) + LATENCY_NS + ser(0) + LATENCY_NS);
    check_event(&got[2], FD_WRITE, FD_WRITE_BIT, 0);
    CHECK_INT_EQ(seen.v[7], 100);
    CHECK_INT_EQ(seen.data_len, 6100);
}

int main(int argc, char **argv)
{
    static const test_case cases[] = {
        {"event_select_enum", test_event_select_enum},
        {"S25_fd_write_again", test_S25_fd_write_again},
    };
    return test_main(argc, argv, cases, sizeof cases / sizeof cases[0], end_world);
}
