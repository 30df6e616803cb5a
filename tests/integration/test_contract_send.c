/* test_contract_send.c — the send contract (../shared/spec/send-contract.md)
 * for the parts the walking skeleton models: each case is named after the
 * id it checks and runs as its own CTest test (contract.<ID>_<what>).
 *
 * The programs are plain C functions written against the Winsock headers,
 * run on simulated hosts through the embedding API (harness.h).  Expected
 * times are computed here from the scenario's parameters and the documented
 * model (README "The model"): a packet of B payload bytes occupies a link
 * for (B + 40 header bytes) × 8 / bandwidth, then travels for the latency.
 */
#include <stdlib.h>
#include <string.h>

#include "tests/support/cases.h"
#include "tests/support/world.h"

#define LATENCY_NS (10 * MS)
#define BANDWIDTH 10000000ULL      /* 10 Mbit/s */
#define HEADER 40

/* Serialization time of a packet with `payload` bytes, rounded up. */
static int64_t ser(uint64_t payload)
{
    return (int64_t)(((payload + HEADER) * 8u * 1000000000u + BANDWIDTH - 1) / BANDWIDTH);
}

/* Host a (10.0.0.1) and host b (10.0.0.2), one 10 ms, 10 Mbit/s link. */
static void two_hosts(int delayed_ack)
{
    new_world(1, 60 * SEC)->tcp.delayed_ack = delayed_ack;
    link_two_hosts(LATENCY_NS, BANDWIDTH, 100);
}

/* ---- S01: the count, or SOCKET_ERROR and the code ---------------------- */

static int s01_client(int argc, char **argv)
{
    (void)argc, (void)argv;
    start();
    SOCKET s = connect_b();
    seen.ret[0] = send(s, "hello", 5, 0);
    SOCKET unconnected = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
    seen.ret[1] = send(unconnected, "x", 1, 0);
    seen.err[1] = WSAGetLastError();
    closesocket(unconnected);
    closesocket(s);
    return 0;
}

static void test_S01(void)
{
    two_hosts(1);
    run_pair(s01_client, NULL);
    CHECK_INT_EQ(seen.ret[0], 5);
    CHECK_INT_EQ(seen.ret[1], SOCKET_ERROR);
    CHECK_INT_EQ(seen.err[1], WSAENOTCONN);
    CHECK_INT_EQ(seen.data_len, 5);
}

/* ---- S02: before WSAStartup and after WSACleanup ------------------------ */

static int s02_program(int argc, char **argv)
{
    (void)argc, (void)argv;
    seen.ret[0] = (int)(socket(AF_INET, SOCK_STREAM, 0) == INVALID_SOCKET);
    seen.err[0] = WSAGetLastError();
    seen.ret[1] = send(0x104, "x", 1, 0);
    seen.err[1] = WSAGetLastError();
    seen.ret[7] = WSACreateEvent() == WSA_INVALID_EVENT;   /* the WSA event calls too */
    seen.err[7] = WSAGetLastError();
    seen.ret[2] = start();
    SOCKET s = socket(AF_INET, SOCK_STREAM, 0);
    seen.ret[3] = (int)(s != INVALID_SOCKET);
    seen.ret[4] = WSACleanup();
    seen.ret[5] = send(s, "x", 1, 0);
    seen.err[5] = WSAGetLastError();
    seen.ret[6] = WSACleanup();
    seen.err[6] = WSAGetLastError();
    return 0;
}

static void test_S02(void)
{
    two_hosts(1);
    th_program(world, host_a, "p", s02_program, 0);
    CHECK_INT_EQ(th_run(world), WSIM_END_COMPLETED);
    CHECK_INT_EQ(seen.ret[0], 1);
    CHECK_INT_EQ(seen.err[0], WSANOTINITIALISED);
    CHECK_INT_EQ(seen.ret[1], SOCKET_ERROR);
    CHECK_INT_EQ(seen.err[1], WSANOTINITIALISED);
    CHECK_INT_EQ(seen.ret[7], 1);
    CHECK_INT_EQ(seen.err[7], WSANOTINITIALISED);
    CHECK_INT_EQ(seen.ret[2], 0);
    CHECK_INT_EQ(seen.ret[3], 1);
    CHECK_INT_EQ(seen.ret[4], 0);
    CHECK_INT_EQ(seen.ret[5], SOCKET_ERROR);
    CHECK_INT_EQ(seen.err[5], WSANOTINITIALISED);
    CHECK_INT_EQ(seen.ret[6], SOCKET_ERROR);
    CHECK_INT_EQ(seen.err[6], WSANOTINITIALISED);
    /* The trace records the failures with their codes (M02). */
    const wsim_record *first_send = th_find(world, WSIM_REC_CALL, "send", 0);
    CHECK(first_send != NULL);
    if (first_send) {
        CHECK_INT_EQ(first_send->a[0], SOCKET_ERROR);
        CHECK_INT_EQ(first_send->a[1], WSANOTINITIALISED);
    }
}

/* ---- S10: not connected -------------------------------------------------- */

static int s10_program(int argc, char **argv)
{
    (void)argc, (void)argv;
    start();
    SOCKET s = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
    seen.ret[0] = send(s, "x", 1, 0);
    seen.err[0] = WSAGetLastError();
    WSABUF buf = {1, "x"};
    DWORD sent = 0;
    seen.ret[1] = WSASend(s, &buf, 1, &sent, 0, NULL, NULL);
    seen.err[1] = WSAGetLastError();
    closesocket(s);
    return 0;
}

static void test_S10(void)
{
    two_hosts(1);
    th_program(world, host_a, "p", s10_program, 0);
    CHECK_INT_EQ(th_run(world), WSIM_END_COMPLETED);
    CHECK_INT_EQ(seen.ret[0], SOCKET_ERROR);
    CHECK_INT_EQ(seen.err[0], WSAENOTCONN);
    CHECK_INT_EQ(seen.ret[1], SOCKET_ERROR);
    CHECK_INT_EQ(seen.err[1], WSAENOTCONN);
}

/* ---- S11: not a socket ----------------------------------------------------- */

static int s11_program(int argc, char **argv)
{
    (void)argc, (void)argv;
    start();
    seen.ret[0] = send((SOCKET)0x9990, "x", 1, 0);    /* never created */
    seen.err[0] = WSAGetLastError();
    SOCKET s = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
    closesocket(s);
    seen.ret[1] = send(s, "x", 1, 0);                 /* already closed */
    seen.err[1] = WSAGetLastError();
    WSAEVENT ev = WSACreateEvent();                    /* a handle, not a socket */
    seen.ret[2] = send((SOCKET)(uintptr_t)ev, "x", 1, 0);
    seen.err[2] = WSAGetLastError();
    WSACloseEvent(ev);
    return 0;
}

static void test_S11(void)
{
    two_hosts(1);
    th_program(world, host_a, "p", s11_program, 0);
    CHECK_INT_EQ(th_run(world), WSIM_END_COMPLETED);
    for (int i = 0; i < 3; i++) {
        CHECK_INT_EQ(seen.ret[i], SOCKET_ERROR);
        CHECK_INT_EQ(seen.err[i], WSAENOTSOCK);
    }
}

/* ---- S13: after shutdown ---------------------------------------------------- */

static int s13_client(int argc, char **argv)
{
    (void)argc, (void)argv;
    start();
    SOCKET s = connect_b();
    shutdown(s, SD_SEND);
    seen.ret[0] = send(s, "x", 1, 0);
    seen.err[0] = WSAGetLastError();
    closesocket(s);
    s = connect_b();
    shutdown(s, SD_BOTH);
    seen.ret[1] = send(s, "x", 1, 0);
    seen.err[1] = WSAGetLastError();
    closesocket(s);
    return 0;
}

/* Accepts two connections, reading each to its end. */
static int two_connection_server(int argc, char **argv)
{
    (void)argc, (void)argv;
    start();
    SOCKET l = listen_on("0.0.0.0", PORT, 2);
    for (int i = 0; i < 2; i++) {
        SOCKET s = accept(l, NULL, NULL);
        char buf[64];
        while (recv(s, buf, sizeof buf, 0) > 0)
            seen.data_len++;
        closesocket(s);
    }
    closesocket(l);
    return 0;
}

static void test_S13(void)
{
    two_hosts(1);
    run_pair(s13_client, two_connection_server);
    CHECK_INT_EQ(seen.ret[0], SOCKET_ERROR);
    CHECK_INT_EQ(seen.err[0], WSAESHUTDOWN);
    CHECK_INT_EQ(seen.ret[1], SOCKET_ERROR);
    CHECK_INT_EQ(seen.err[1], WSAESHUTDOWN);
    CHECK_INT_EQ(seen.data_len, 0);   /* nothing reached the server */
}

/* ---- S22: acceptance, transmission and delivery are separate events ------ */

static int s22_client(int argc, char **argv)
{
    (void)argc, (void)argv;
    start();
    SOCKET s = connect_b();
    Sleep(100);                       /* the link is idle from here on */
    char payload[100];
    memset(payload, 'p', sizeof payload);
    seen.t[0] = th_now();
    seen.ret[0] = send(s, payload, sizeof payload, 0);
    seen.t[1] = th_now();
    Sleep(100);
    closesocket(s);
    return 0;
}

static void test_S22(void)
{
    two_hosts(1);
    run_pair(s22_client, NULL);
    CHECK_INT_EQ(seen.ret[0], 100);
    CHECK_INT_EQ(seen.t[1], seen.t[0]);   /* accepted at once: no delivery awaited */
    /* Transmission: the data segment leaves host a at the call's time. */
    const wsim_record *tx = NULL, *rx = NULL;
    for (int i = 0; (tx = th_find(world, WSIM_REC_SEGMENT, "send", i)); i++)
        if (tx->host == host_a->id && tx->a[4] == 100)
            break;
    for (int i = 0; (rx = th_find(world, WSIM_REC_SEGMENT, "recv", i)); i++)
        if (rx->host == host_b->id && rx->a[4] == 100)
            break;
    CHECK(tx && rx);
    if (tx && rx) {
        CHECK_INT_EQ(tx->time_ns, seen.t[0]);
        CHECK_INT_EQ(rx->time_ns, seen.t[0] + ser(100) + LATENCY_NS);
        CHECK(rx->seq > tx->seq);
    }
    /* Delivery to the application: the server's recv returns then. */
    const wsim_record *got = NULL;
    for (int i = 0; (got = th_find(world, WSIM_REC_CALL, "recv", i)); i++)
        if (got->a[0] == 100)
            break;
    CHECK(got != NULL);
    if (got && rx)
        CHECK_INT_EQ(got->time_ns, rx->time_ns);
}

/* ---- S23: a blocking send waits for space; SO_SNDTIMEO bounds the wait --- */

#define KIB 1024
static char big[128 * KIB];

static int s23_sender(int argc, char **argv)
{
    (void)argc, (void)argv;
    start();
    SOCKET s = connect_b();
    seen.t[0] = th_now();
    seen.ret[0] = send(s, big, sizeof big, 0);        /* queue empty: taken whole */
    seen.t[1] = th_now();
    seen.ret[1] = send(s, big, 1000, 0);              /* queue at SO_SNDBUF: waits */
    seen.t[2] = th_now();
    closesocket(s);
    return 0;
}

static int s23_late_reader(int argc, char **argv)
{
    (void)argc, (void)argv;
    start();
    SOCKET s = accept_one();
    Sleep(1000 - GetTickCount());                      /* start reading at t = 1 s */
    static char buf[64 * KIB];
    int n;
    while ((n = recv(s, buf, sizeof buf, 0)) > 0)
        seen.data_len += n;
    closesocket(s);
    return 0;
}

static void test_S23_blocking_send_waits_for_space(void)
{
    two_hosts(0);
    world->tcp.congestion_control = 0;
    world->tcp.sndbuf = world->tcp.rcvbuf = 64 * KIB;
    run_pair(s23_sender, s23_late_reader);
    CHECK_INT_EQ(seen.ret[0], (int)sizeof big);
    CHECK_INT_EQ(seen.t[1], seen.t[0]);
    CHECK_INT_EQ(seen.ret[1], 1000);
    /* The reader frees its window at 1 s; the window update reaches the
     * sender after one latency, the first new segment reaches the reader
     * after its serialization and a second latency, and its ACK returns
     * after a third: only then does the queue fall below SO_SNDBUF. */
    int64_t expected = 1000 * MS + 3 * LATENCY_NS + ser(1460);
    CHECK(seen.t[2] >= expected - ser(1460));
    CHECK(seen.t[2] <= expected + ser(1460));
    CHECK_INT_EQ(seen.data_len, (int)sizeof big + 1000);
}

static int s23_timeout_sender(int argc, char **argv)
{
    (void)argc, (void)argv;
    start();
    SOCKET s = connect_b();
    DWORD timeout_ms = 500;
    setsockopt(s, SOL_SOCKET, SO_SNDTIMEO, (const char *)&timeout_ms, sizeof timeout_ms);
    send(s, big, sizeof big, 0);
    seen.t[0] = th_now();
    seen.ret[0] = send(s, big, 1000, 0);
    seen.err[0] = WSAGetLastError();
    seen.t[1] = th_now();
    closesocket(s);
    return 0;
}

/* Accepts and never reads until the sender has given up, then drains. */
static int s23_sleeping_reader(int argc, char **argv)
{
    (void)argc, (void)argv;
    start();
    SOCKET s = accept_one();
    Sleep(5000);
    static char buf[64 * KIB];
    while (recv(s, buf, sizeof buf, 0) > 0)
        ;
    closesocket(s);
    return 0;
}

static void test_S23_sndtimeo(void)
{
    two_hosts(0);
    world->tcp.sndbuf = world->tcp.rcvbuf = 64 * KIB;
    run_pair(s23_timeout_sender, s23_sleeping_reader);
    CHECK_INT_EQ(seen.ret[0], SOCKET_ERROR);
    CHECK_INT_EQ(seen.err[0], WSAETIMEDOUT);
    CHECK_INT_EQ(seen.t[1] - seen.t[0], 500 * MS);
}

/* ---- S26: len == 0 -------------------------------------------------------- */

static int s26_client(int argc, char **argv)
{
    (void)argc, (void)argv;
    start();
    SOCKET s = connect_b();
    Sleep(100);
    seen.ret[0] = send(s, "", 0, 0);
    Sleep(100);
    closesocket(s);
    return 0;
}

static void test_S26(void)
{
    two_hosts(1);
    run_pair(s26_client, NULL);
    CHECK_INT_EQ(seen.ret[0], 0);
    CHECK_INT_EQ(seen.data_len, 0);
    /* No segment carried data: on a stream, nothing is transmitted. */
    const wsim_record *r;
    for (int i = 0; (r = th_find(world, WSIM_REC_SEGMENT, "send", i)); i++)
        CHECK_INT_EQ(r->a[4], 0);
}

/* ---- S28: the order of sends is the order of bytes ------------------------- */

static int s28_client(int argc, char **argv)
{
    (void)argc, (void)argv;
    start();
    SOCKET s = connect_b();
    send(s, "abc", 3, 0);
    send(s, "def", 3, 0);
    WSABUF parts[2] = {{2, "gh"}, {1, "i"}};
    DWORD sent;
    WSASend(s, parts, 2, &sent, 0, NULL, NULL);
    closesocket(s);
    return 0;
}

static void test_S28(void)
{
    two_hosts(1);
    run_pair(s28_client, NULL);
    CHECK_INT_EQ(seen.data_len, 9);
    seen.data[seen.data_len] = '\0';
    CHECK_STR_EQ(seen.data, "abcdefghi");
    /* Each call's stream offset follows the previous call's bytes. */
    const wsim_record *a = th_find(world, WSIM_REC_CALL, "send", 0);
    const wsim_record *b = th_find(world, WSIM_REC_CALL, "send", 1);
    const wsim_record *c = th_find(world, WSIM_REC_CALL, "WSASend", 0);
    CHECK(a && b && c);
    if (a && b && c) {
        CHECK_INT_EQ(a->a[3], 0);
        CHECK_INT_EQ(b->a[3], 3);
        CHECK_INT_EQ(c->a[3], 6);
    }
}

/* ---- W01, W08: immediate completion still delivers ----------------------- */

static int w01_client(int argc, char **argv)
{
    (void)argc, (void)argv;
    start();
    SOCKET s = connect_b();
    WSAOVERLAPPED ov;
    memset(&ov, 0, sizeof ov);
    ov.hEvent = WSACreateEvent();
    WSABUF buf = {5, "hello"};
    DWORD sent = 0xDEADBEEF, flags = 0, bytes = 0;
    seen.ret[0] = WSASend(s, &buf, 1, &sent, 0, &ov, NULL);
    seen.count = sent;
    seen.ret[1] = (int)WSAWaitForMultipleEvents(1, &ov.hEvent, TRUE, 0, FALSE);
    seen.ret[2] = WSAGetOverlappedResult(s, &ov, &bytes, FALSE, &flags);
    seen.ret[3] = (int)bytes;
    WSACloseEvent(ov.hEvent);
    closesocket(s);
    return 0;
}

static void test_W01(void)
{
    two_hosts(1);
    run_pair(w01_client, NULL);
    CHECK_INT_EQ(seen.ret[0], 0);
    CHECK_INT_EQ(seen.count, 5);
    CHECK_INT_EQ(seen.ret[1], WSA_WAIT_EVENT_0);
    CHECK_INT_EQ(seen.ret[2], TRUE);
    CHECK_INT_EQ(seen.ret[3], 5);
    checked_completion("WSASend", 0, 5, 0, "event");
    CHECK_STR_EQ(seen.data, "hello");
}

/* ---- W02, W20: pending, then completed through the event ------------------- */

static int w02_client(int argc, char **argv)
{
    (void)argc, (void)argv;
    start();
    SOCKET s = connect_b();
    int sndbuf = 1000;
    setsockopt(s, SOL_SOCKET, SO_SNDBUF, (const char *)&sndbuf, sizeof sndbuf);
    Sleep(100);
    seen.t[0] = th_now();
    send(s, big, 2000, 0);                   /* taken whole: the queue is now 2000 */
    WSAOVERLAPPED ov;
    memset(&ov, 0, sizeof ov);
    ov.hEvent = WSACreateEvent();
    WSABUF buf = {500, big};
    DWORD sent = 0xDEADBEEF, flags = 0, bytes = 0;
    seen.ret[0] = WSASend(s, &buf, 1, &sent, 0, &ov, NULL);
    seen.err[0] = WSAGetLastError();
    seen.count = sent;
    seen.ret[1] = (int)WSAWaitForMultipleEvents(1, &ov.hEvent, TRUE, 0, FALSE);
    seen.ret[2] = WSAGetOverlappedResult(s, &ov, &bytes, FALSE, &flags);
    seen.err[2] = WSAGetLastError();
    seen.ret[3] = (int)WSAWaitForMultipleEvents(1, &ov.hEvent, TRUE, WSA_INFINITE, FALSE);
    seen.t[1] = th_now();
    seen.ret[4] = WSAGetOverlappedResult(s, &ov, &bytes, FALSE, &flags);
    seen.ret[5] = (int)bytes;
    WSACloseEvent(ov.hEvent);
    closesocket(s);
    return 0;
}

static void check_pending_then_event(void)
{
    two_hosts(0);
    run_pair(w02_client, NULL);
    CHECK_INT_EQ(seen.ret[0], SOCKET_ERROR);
    CHECK_INT_EQ(seen.err[0], WSA_IO_PENDING);
    CHECK_INT_EQ(seen.count, 0xDEADBEEF);          /* W02: left untouched */
    CHECK_INT_EQ(seen.ret[1], WSA_WAIT_TIMEOUT);   /* not signalled while pending */
    CHECK_INT_EQ(seen.ret[2], FALSE);
    CHECK_INT_EQ(seen.err[2], WSA_IO_INCOMPLETE);
    CHECK_INT_EQ(seen.ret[3], WSA_WAIT_EVENT_0);   /* W20: signalled on completion */
    CHECK_INT_EQ(seen.ret[4], TRUE);
    CHECK_INT_EQ(seen.ret[5], 500);
    /* The 2000 queued bytes leave as 1460 + 540; the ACK of the first
     * segment takes the queue to 540 < 1000, and the request is consumed. */
    CHECK_INT_EQ(seen.t[1], seen.t[0] + ser(1460) + LATENCY_NS + ser(0) + LATENCY_NS);
    CHECK_INT_EQ(seen.data_len, 2500);
    const wsim_record *done = th_find(world, WSIM_REC_COMPLETION, "WSASend", 0);
    CHECK(done != NULL);
    if (done) {
        CHECK_INT_EQ(done->time_ns, seen.t[1]);
        CHECK_INT_EQ(done->a[1], 500);
        CHECK_STR_EQ(done->text, "event");
    }
}

static void test_W02(void) { check_pending_then_event(); }
static void test_W20(void) { check_pending_then_event(); }

/* ---- W08: socket() sockets are overlapped; NULL/NULL is not --------------- */

static int w08_client(int argc, char **argv)
{
    (void)argc, (void)argv;
    start();
    SOCKET s = connect_b();
    WSAOVERLAPPED ov;
    memset(&ov, 0, sizeof ov);
    WSABUF buf = {3, "abc"};
    DWORD sent = 0;
    seen.ret[0] = WSASend(s, &buf, 1, &sent, 0, &ov, NULL);   /* accepted: overlapped */
    seen.err[0] = seen.ret[0] ? WSAGetLastError() : 0;
    buf.buf = "def";
    seen.ret[1] = WSASend(s, &buf, 1, &sent, 0, NULL, NULL);  /* non-overlapped */
    seen.count = sent;
    closesocket(s);
    return 0;
}

static void test_W08(void)
{
    two_hosts(1);
    run_pair(w08_client, NULL);
    CHECK_INT_EQ(seen.ret[0], 0);
    CHECK_INT_EQ(seen.err[0], 0);
    CHECK_INT_EQ(seen.ret[1], 0);
    CHECK_INT_EQ(seen.count, 3);
    /* Only the overlapped call is indicated as a completion. */
    CHECK_INT_EQ(th_count(world, WSIM_REC_COMPLETION, "WSASend"), 1);
    seen.data[seen.data_len] = '\0';
    CHECK_STR_EQ(seen.data, "abcdef");
}

/* ---- W16: lpNumberOfBytesSent may be NULL only with lpOverlapped ---------- */

static int w16_client(int argc, char **argv)
{
    (void)argc, (void)argv;
    start();
    SOCKET s = connect_b();
    WSABUF buf = {3, "abc"};
    seen.ret[0] = WSASend(s, &buf, 1, NULL, 0, NULL, NULL);
    seen.err[0] = WSAGetLastError();
    WSAOVERLAPPED ov;
    memset(&ov, 0, sizeof ov);
    seen.ret[1] = WSASend(s, &buf, 1, NULL, 0, &ov, NULL);
    closesocket(s);
    return 0;
}

static void test_W16(void)
{
    two_hosts(1);
    run_pair(w16_client, NULL);
    CHECK_INT_EQ(seen.ret[0], SOCKET_ERROR);
    CHECK_INT_EQ(seen.err[0], WSAEFAULT);
    CHECK_INT_EQ(seen.ret[1], 0);
    /* W03: the failed call has no completion; the second one has. */
    CHECK_INT_EQ(th_count(world, WSIM_REC_COMPLETION, "WSASend"), 1);
    CHECK_INT_EQ(seen.data_len, 3);
}

/* ---- the table of cases ----------------------------------------------------- */

static const test_case cases[] = {
    {"S01_returns_count_or_error", test_S01},
    {"S02_not_initialised", test_S02},
    {"S10_stream_not_connected", test_S10},
    {"S11_not_a_socket", test_S11},
    {"S13_after_shutdown", test_S13},
    {"S22_accept_transmit_deliver_separate", test_S22},
    {"S23_blocking_send_waits_for_space", test_S23_blocking_send_waits_for_space},
    {"S23_sndtimeo_ends_the_wait", test_S23_sndtimeo},
    {"S26_zero_length_stream", test_S26},
    {"S28_send_order_is_byte_order", test_S28},
    {"W01_immediate_completion_event", test_W01},
    {"W02_pending_then_result", test_W02},
    {"W08_socket_is_overlapped", test_W08},
    {"W16_null_count_needs_overlapped", test_W16},
    {"W20_event_signalled_on_completion", test_W20},
};

int main(int argc, char **argv)
{
    return test_main(argc, argv, cases, sizeof cases / sizeof cases[0], end_world);
}
