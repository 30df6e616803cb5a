/* test_contract.c — send-contract rows that had no test yet
 * (../shared/spec/send-contract.md): S07, S17, S27, W03, the WSASend codes
 * of W04 no other test reaches, W05, W09, W11, W14 and W28.  Each case is
 * one CTest test, contract.<ID>_<what>.
 *
 * Programs are plain C functions against the Winsock headers, run through
 * the embedding API (tests/support/harness.h; the shared pieces are in
 * common.h).  Expected values come from the contract, the seed pages and
 * the documented model (README "The model"), never from a run.
 */
#include "tests/contract/common.h"

#include <windows.h>

/* ---- S07: buf not wholly inside valid memory ------------------------------ */

static int s07_client(int argc, char **argv)
{
    (void)argc, (void)argv;
    start();
    SOCKET s = connect_b();
    SOCKET u = socket(AF_INET, SOCK_DGRAM, IPPROTO_UDP);
    struct sockaddr_in ub = address("10.0.0.2", UDP_PORT);
    connect(u, (struct sockaddr *)&ub, sizeof ub);
    int k = 0;
    /* send on a stream: NULL with len > 0, an unmapped page, a range that
     * runs from valid memory into the unmapped page. */
    seen.v[k++] = send(s, NULL, 10, 0);
    seen.v[k++] = WSAGetLastError();
    seen.v[k++] = send(s, page_none, 10, 0);
    seen.v[k++] = WSAGetLastError();
    seen.v[k++] = send(s, straddling(4), 10, 0);
    seen.v[k++] = WSAGetLastError();
    /* The same buffers through WSASend, and a bad second buffer. */
    DWORD sent = 0;
    WSABUF one = {10, NULL};
    seen.v[k++] = WSASend(s, &one, 1, &sent, 0, NULL, NULL);
    seen.v[k++] = WSAGetLastError();
    one.buf = page_none;
    seen.v[k++] = WSASend(s, &one, 1, &sent, 0, NULL, NULL);
    seen.v[k++] = WSAGetLastError();
    one.buf = straddling(4);
    seen.v[k++] = WSASend(s, &one, 1, &sent, 0, NULL, NULL);
    seen.v[k++] = WSAGetLastError();
    WSABUF two[2] = {{3, "abc"}, {10, page_none}};
    seen.v[k++] = WSASend(s, two, 2, &sent, 0, NULL, NULL);
    seen.v[k++] = WSAGetLastError();
    /* A datagram socket: nothing is sent either. */
    seen.v[k++] = send(u, page_none, 10, 0);
    seen.v[k++] = WSAGetLastError();
    seen.v[k++] = send(u, NULL, 10, 0);
    seen.v[k++] = WSAGetLastError();
    /* k == 18.  NULL with len 0 is no fault (S26), and the socket works on. */
    seen.v[18] = send(s, NULL, 0, 0);
    seen.v[19] = send(s, "ok", 2, 0);
    closesocket(u);
    closesocket(s);
    return 0;
}

static void test_S07(void)
{
    map_pages();
    two_hosts(1);
    run_pair(s07_client, NULL);   /* CHECKs that the run completed: nothing crashed */
    for (int i = 0; i < 18; i += 2) {
        CHECK_INT_EQ(seen.v[i], SOCKET_ERROR);
        CHECK_INT_EQ(seen.v[i + 1], WSAEFAULT);
    }
    CHECK_INT_EQ(seen.v[18], 0);
    CHECK_INT_EQ(seen.v[19], 2);
    /* Nothing of the refused calls was transmitted: one data segment (the
     * two bytes), no datagram; the server read exactly "ok". */
    CHECK_INT_EQ(count_data_segments(host_a, "send"), 1);
    CHECK_INT_EQ(seen.data_len, 2);
    CHECK_STR_EQ(seen.data, "ok");
    /* Each refusal is in the trace with its code (M02). */
    CHECK(failed_call("send", WSAEFAULT, 4) != NULL);
    CHECK(failed_call("WSASend", WSAEFAULT, 3) != NULL);
}

/* ---- S17: WSAEINVAL --------------------------------------------------------- */

static int s17_client(int argc, char **argv)
{
    (void)argc, (void)argv;
    start();
    SOCKET s = connect_b();
    int k = 0;
    /* Unknown flags: send's page defines MSG_DONTROUTE and MSG_OOB only. */
    static const int unknown[] = {MSG_PEEK, MSG_WAITALL, MSG_PARTIAL, 0x40000000};
    for (int i = 0; i < 4; i++) {
        seen.v[k++] = send(s, "x", 1, unknown[i]);
        seen.v[k++] = WSAGetLastError();
    }
    WSABUF b = {1, "x"};
    DWORD sent = 0;
    seen.v[k++] = WSASend(s, &b, 1, &sent, MSG_PEEK, NULL, NULL);
    seen.v[k++] = WSAGetLastError();
    seen.v[k++] = WSASend(s, &b, 1, &sent, 0x40000000, NULL, NULL);
    seen.v[k++] = WSAGetLastError();
    /* On a datagram socket too. */
    SOCKET u = socket(AF_INET, SOCK_DGRAM, IPPROTO_UDP);
    struct sockaddr_in ub = address("10.0.0.2", UDP_PORT);
    connect(u, (struct sockaddr *)&ub, sizeof ub);
    seen.v[k++] = send(u, "x", 1, MSG_PEEK);
    seen.v[k++] = WSAGetLastError();
    seen.v[k++] = WSASend(u, &b, 1, &sent, 0x100, NULL, NULL);
    seen.v[k++] = WSAGetLastError();
    /* MSG_OOB with SO_OOBINLINE. */
    BOOL on = TRUE;
    setsockopt(s, SOL_SOCKET, SO_OOBINLINE, (const char *)&on, sizeof on);
    seen.v[k++] = send(s, "x", 1, MSG_OOB);
    seen.v[k++] = WSAGetLastError();
    /* k == 18.  A socket never bound, where the call needs a bound one: a
     * datagram socket receives only once bound (the recv and recvfrom
     * pages' "the socket has not been bound with bind"). */
    SOCKET never = socket(AF_INET, SOCK_DGRAM, IPPROTO_UDP);
    char buf[8];
    seen.v[20] = recv(never, buf, sizeof buf, 0);
    seen.v[21] = WSAGetLastError();
    seen.v[22] = recvfrom(never, buf, sizeof buf, 0, NULL, NULL);
    seen.v[23] = WSAGetLastError();
    /* A send needs a connection, not a binding: a never-bound,
     * never-connected stream socket gives S10's WSAENOTCONN. */
    SOCKET fresh = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
    seen.v[24] = send(fresh, "x", 1, 0);
    seen.v[25] = WSAGetLastError();
    seen.v[26] = send(s, "ok", 2, 0);
    closesocket(fresh);
    closesocket(never);
    closesocket(u);
    closesocket(s);
    return 0;
}

static void test_S17(void)
{
    two_hosts(1);
    run_pair(s17_client, NULL);
    for (int i = 0; i < 18; i += 2) {
        CHECK_INT_EQ(seen.v[i], SOCKET_ERROR);
        CHECK_INT_EQ(seen.v[i + 1], WSAEINVAL);
    }
    CHECK_INT_EQ(seen.v[20], SOCKET_ERROR);
    CHECK_INT_EQ(seen.v[21], WSAEINVAL);
    CHECK_INT_EQ(seen.v[22], SOCKET_ERROR);
    CHECK_INT_EQ(seen.v[23], WSAEINVAL);
    CHECK_INT_EQ(seen.v[24], SOCKET_ERROR);
    CHECK_INT_EQ(seen.v[25], WSAENOTCONN);
    CHECK_INT_EQ(seen.v[26], 2);
    /* None of the refused sends put a byte on the wire. */
    CHECK_INT_EQ(count_data_segments(host_a, "send"), 1);
    CHECK_INT_EQ(seen.data_len, 2);
}

/* ---- S27: MSG_DONTROUTE accepted, MSG_OOB urgent on streams only ----------- */

static int s27_client(int argc, char **argv)
{
    (void)argc, (void)argv;
    start();
    SOCKET s = connect_b();
    seen.v[0] = send(s, "abc", 3, MSG_DONTROUTE);
    WSABUF b = {3, "def"};
    DWORD sent = 0;
    seen.v[1] = WSASend(s, &b, 1, &sent, MSG_DONTROUTE, NULL, NULL);
    seen.v[2] = (long long)sent;
    seen.v[3] = send(s, "xyZ", 3, MSG_OOB);   /* 'Z', the last byte, is urgent */
    SOCKET u = socket(AF_INET, SOCK_DGRAM, IPPROTO_UDP);
    struct sockaddr_in ub = address("10.0.0.2", UDP_PORT);
    seen.v[4] = sendto(u, "d", 1, MSG_DONTROUTE, (struct sockaddr *)&ub, sizeof ub);
    seen.v[5] = sendto(u, "o", 1, MSG_OOB, (struct sockaddr *)&ub, sizeof ub);
    seen.v[6] = WSAGetLastError();
    Sleep(1000);
    closesocket(u);
    closesocket(s);
    return 0;
}

static int s27_server(int argc, char **argv)
{
    (void)argc, (void)argv;
    start();
    SOCKET u = udp_bound(UDP_PORT);
    SOCKET s = accept_one();
    Sleep(500);                                   /* everything has arrived */
    u_long mark = 99;
    ioctlsocket(s, SIOCATMARK, &mark);
    seen.v[10] = (long long)mark;                 /* FALSE: urgent data waits */
    seen.v[11] = recv(s, seen.oob, sizeof seen.oob, MSG_OOB);
    seen.oob_len = (int)seen.v[11];
    read_all(s);
    u_long nonblocking = 1;
    ioctlsocket(u, FIONBIO, &nonblocking);
    char d[8];
    seen.v[12] = recvfrom(u, d, sizeof d, 0, NULL, NULL);
    seen.v[13] = seen.v[12] == 1 ? d[0] : 0;
    seen.v[14] = recvfrom(u, d, sizeof d, 0, NULL, NULL);   /* the OOB one never left */
    seen.v[15] = WSAGetLastError();
    closesocket(s);
    closesocket(u);
    return 0;
}

static void test_S27(void)
{
    two_hosts(1);
    run_pair(s27_client, s27_server);
    CHECK_INT_EQ(seen.v[0], 3);
    CHECK_INT_EQ(seen.v[1], 0);
    CHECK_INT_EQ(seen.v[2], 3);
    CHECK_INT_EQ(seen.v[3], 3);
    CHECK_INT_EQ(seen.v[4], 1);
    CHECK_INT_EQ(seen.v[5], SOCKET_ERROR);
    CHECK_INT_EQ(seen.v[6], WSAEOPNOTSUPP);
    /* The stream: the urgent byte out of band, the rest in order. */
    CHECK_INT_EQ(seen.v[10], 0);
    CHECK_INT_EQ(seen.v[11], 1);
    CHECK_INT_EQ(seen.oob[0], 'Z');
    CHECK_INT_EQ(seen.data_len, 8);
    CHECK_STR_EQ(seen.data, "abcdefxy");
    /* MSG_DONTROUTE changed nothing for the datagram; MSG_OOB sent none. */
    CHECK_INT_EQ(seen.v[12], 1);
    CHECK_INT_EQ(seen.v[13], 'd');
    CHECK_INT_EQ(seen.v[14], SOCKET_ERROR);
    CHECK_INT_EQ(seen.v[15], WSAEWOULDBLOCK);
    /* The urgent send's segment carries URG. */
    int urgent = 0;
    for (int i = 0; data_segment(host_a, "send", i); i++)
        urgent += (data_segment(host_a, "send", i)->a[5] & WSIM_TCP_URG) != 0;
    CHECK(urgent >= 1);
}

/* ---- W03: no completion of any kind after a synchronous failure ------------ */

static void CALLBACK counting_routine(DWORD error, DWORD bytes, LPWSAOVERLAPPED ov, DWORD flags)
{
    (void)error, (void)bytes, (void)ov, (void)flags;
    seen.routines++;
}

/* One failing overlapped call, made twice: with an event, then with a
 * routine.  Records ret, error, whether Internal was touched, and what an
 * alertable zero wait on the event returns. */
#define W03_CALL(expr_with_routine)                                                    \
    for (int with_routine = 0; with_routine < 2; with_routine++) {                    \
        LPWSAOVERLAPPED_COMPLETION_ROUTINE r = with_routine ? counting_routine : NULL; \
        (void)r;                                                                       \
        ov.Internal = 0x5A5A;                                                          \
        seen.v[k++] = (expr_with_routine);                                             \
        seen.v[k++] = WSAGetLastError();                                               \
        seen.v[k++] = ov.Internal == 0x5A5A;                                           \
        seen.v[k++] = WSAWaitForMultipleEvents(1, &ev, FALSE, 0, TRUE);                \
    }

static int w03_client(int argc, char **argv)
{
    (void)argc, (void)argv;
    map_pages();
    start();
    WSAEVENT ev = WSACreateEvent();
    WSAOVERLAPPED ov;
    memset(&ov, 0, sizeof ov);
    ov.hEvent = ev;
    SOCKET s = connect_b();
    SOCKET unconnected = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
    SOCKET u = socket(AF_INET, SOCK_DGRAM, IPPROTO_UDP);
    /* Closed last: handle values are reused lowest first, so a handle made
     * after it would take its value. */
    SOCKET closed = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
    closesocket(closed);
    struct sockaddr_in ub = address("10.0.0.2", UDP_PORT);
    WSABUF good = {3, "abc"}, bad = {10, page_none};
    DWORD sent = 0;
    int k = 0;
    W03_CALL(WSASend(closed, &good, 1, &sent, 0, &ov, r));            /* WSAENOTSOCK */
    W03_CALL(WSASend(s, &bad, 1, &sent, 0, &ov, r));                  /* WSAEFAULT */
    W03_CALL(WSASend(s, &good, 1, &sent, MSG_PARTIAL, &ov, r));       /* WSAEOPNOTSUPP */
    W03_CALL(WSASend(s, &good, 1, &sent, MSG_PEEK, &ov, r));          /* WSAEINVAL */
    W03_CALL(WSASend(unconnected, &good, 1, &sent, 0, &ov, r));       /* WSAENOTCONN */
    W03_CALL(WSASend(u, &good, 1, &sent, 0, &ov, r));                 /* WSAENOTCONN */
    W03_CALL(WSASendTo(u, &good, 1, &sent, MSG_OOB, (struct sockaddr *)&ub, sizeof ub, &ov,
                       r));                                          /* WSAEOPNOTSUPP */
    /* k == 56.  The control: a call that succeeds does signal the event. */
    seen.v[60] = WSASend(s, &good, 1, &sent, 0, &ov, NULL);
    seen.v[61] = WSAWaitForMultipleEvents(1, &ev, FALSE, 0, FALSE);
    WSAResetEvent(ev);
    shutdown(s, SD_SEND);
    k = 64;
    W03_CALL(WSASend(s, &good, 1, &sent, 0, &ov, r));                 /* WSAESHUTDOWN */
    /* k == 72.  No routine is waiting: an alertable sleep runs none. */
    seen.v[72] = SleepEx(0, TRUE);
    closesocket(u);
    closesocket(unconnected);
    closesocket(s);
    WSACloseEvent(ev);
    return 0;
}

static void test_W03(void)
{
    two_hosts(1);
    run_pair(w03_client, NULL);
    static const int expected[] = {WSAENOTSOCK, WSAEFAULT,   WSAEOPNOTSUPP, WSAEINVAL,
                                   WSAENOTCONN, WSAENOTCONN, WSAEOPNOTSUPP};
    for (int c = 0; c < 8; c++) {
        int base = c < 7 ? c * 8 : 64;
        int error = c < 7 ? expected[c] : WSAESHUTDOWN;
        for (int j = 0; j < 2; j++) {
            const long long *v = &seen.v[base + 4 * j];
            CHECK_INT_EQ(v[0], SOCKET_ERROR);
            CHECK_INT_EQ(v[1], error);
            CHECK_INT_EQ(v[2], 1);                   /* the OVERLAPPED untouched */
            CHECK_INT_EQ(v[3], WSA_WAIT_TIMEOUT);    /* no event, no routine */
        }
    }
    CHECK_INT_EQ(seen.v[60], 0);
    CHECK_INT_EQ(seen.v[61], WSA_WAIT_EVENT_0);
    CHECK_INT_EQ(seen.v[72], 0);
    CHECK_INT_EQ(seen.routines, 0);
    /* The trace: the control's completion, and nothing else. */
    CHECK_INT_EQ(th_count(world, WSIM_REC_COMPLETION, "WSASend"), 1);
    CHECK_INT_EQ(th_count(world, WSIM_REC_COMPLETION, "WSASendTo"), 0);
    CHECK_INT_EQ(seen.data_len, 3);
}

/* ---- W04: the codes of WSASend's table other tests do not reach ------------- */

/* Sends 3 bytes the ordinary way after the checks, so that the test can see
 * that only they reached the server. */
static void send_ok(SOCKET s)
{
    seen.v[100] = send(s, "ok!", 3, 0);
}

static void check_only_ok_arrived(void)
{
    CHECK_INT_EQ(seen.v[100], 3);
    CHECK_INT_EQ(seen.data_len, 3);
    CHECK_STR_EQ(seen.data, "ok!");
    CHECK_INT_EQ(count_data_segments(host_a, "send"), 1);
}

/* Checks pairs (ret, error) in seen.v[from .. to). */
static void check_pairs(int from, int to, int error)
{
    for (int i = from; i < to; i += 2) {
        CHECK_INT_EQ(seen.v[i], SOCKET_ERROR);
        CHECK_INT_EQ(seen.v[i + 1], error);
    }
}

static int w04_not_initialised(int argc, char **argv)
{
    (void)argc, (void)argv;
    WSABUF b = {1, "x"};
    DWORD sent = 0;
    WSAOVERLAPPED ov;
    memset(&ov, 0, sizeof ov);
    seen.v[0] = WSASend((SOCKET)0x104, &b, 1, &sent, 0, NULL, NULL);
    seen.v[1] = WSAGetLastError();
    start();
    SOCKET s = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
    WSACleanup();
    seen.v[2] = WSASend(s, &b, 1, &sent, 0, NULL, NULL);
    seen.v[3] = WSAGetLastError();
    seen.v[4] = WSASend(s, &b, 1, &sent, 0, &ov, NULL);
    seen.v[5] = WSAGetLastError();
    return 0;
}

static void test_W04_not_initialised(void)
{
    two_hosts(1);
    th_program(world, host_a, "p", w04_not_initialised, 0);
    CHECK_INT_EQ(th_run(world), WSIM_END_COMPLETED);
    check_pairs(0, 6, WSANOTINITIALISED);
    CHECK_INT_EQ(th_count(world, WSIM_REC_COMPLETION, "WSASend"), 0);
}

static int w04_not_a_socket(int argc, char **argv)
{
    (void)argc, (void)argv;
    start();
    WSABUF b = {1, "x"};
    DWORD sent = 0;
    WSAOVERLAPPED ov;
    memset(&ov, 0, sizeof ov);
    WSAEVENT ev = WSACreateEvent();
    SOCKET closed = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);   /* the last handle made */
    closesocket(closed);
    const SOCKET bad[3] = {(SOCKET)0x9990, closed, (SOCKET)(uintptr_t)ev};
    for (int i = 0; i < 3; i++) {
        seen.v[4 * i] = WSASend(bad[i], &b, 1, &sent, 0, NULL, NULL);
        seen.v[4 * i + 1] = WSAGetLastError();
        seen.v[4 * i + 2] = WSASend(bad[i], &b, 1, &sent, 0, &ov, NULL);
        seen.v[4 * i + 3] = WSAGetLastError();
    }
    WSACloseEvent(ev);
    return 0;
}

static void test_W04_not_a_socket(void)
{
    two_hosts(1);
    th_program(world, host_a, "p", w04_not_a_socket, 0);
    CHECK_INT_EQ(th_run(world), WSIM_END_COMPLETED);
    check_pairs(0, 12, WSAENOTSOCK);
    CHECK_INT_EQ(th_count(world, WSIM_REC_COMPLETION, "WSASend"), 0);
}

/* WSAEFAULT, lpBuffers: NULL, an unmapped array, an array that runs into
 * unmapped memory, and buffers that do. */
static int w04_fault_buffers(int argc, char **argv)
{
    (void)argc, (void)argv;
    start();
    SOCKET s = connect_b();
    DWORD sent = 0;
    int k = 0;
    seen.v[k++] = WSASend(s, NULL, 1, &sent, 0, NULL, NULL);
    seen.v[k++] = WSAGetLastError();
    seen.v[k++] = WSASend(s, (LPWSABUF)page_none, 1, &sent, 0, NULL, NULL);
    seen.v[k++] = WSAGetLastError();
    WSABUF *edge = (WSABUF *)straddling(sizeof(WSABUF));   /* [0] valid, [1] not */
    edge[0].len = 1;
    edge[0].buf = "x";
    seen.v[k++] = WSASend(s, edge, 2, &sent, 0, NULL, NULL);
    seen.v[k++] = WSAGetLastError();
    WSABUF b = {10, page_none};
    seen.v[k++] = WSASend(s, &b, 1, &sent, 0, NULL, NULL);
    seen.v[k++] = WSAGetLastError();
    b.buf = NULL;
    seen.v[k++] = WSASend(s, &b, 1, &sent, 0, NULL, NULL);
    seen.v[k++] = WSAGetLastError();
    WSAOVERLAPPED ov;
    memset(&ov, 0, sizeof ov);
    b.buf = page_none;
    seen.v[k++] = WSASend(s, &b, 1, &sent, 0, &ov, NULL);   /* overlapped: the same */
    seen.v[k++] = WSAGetLastError();
    send_ok(s);
    closesocket(s);
    return 0;
}

static void test_W04_fault_buffers(void)
{
    map_pages();
    two_hosts(1);
    run_pair(w04_fault_buffers, NULL);
    check_pairs(0, 12, WSAEFAULT);
    check_only_ok_arrived();
    CHECK_INT_EQ(th_count(world, WSIM_REC_COMPLETION, "WSASend"), 0);
}

/* WSAEFAULT, lpNumberOfBytesSent: where a non-overlapped call must write
 * the count, the count must be writable memory.  A refused call sends
 * nothing. */
static int w04_fault_count(int argc, char **argv)
{
    (void)argc, (void)argv;
    start();
    SOCKET s = connect_b();
    WSABUF b = {4, "data"};
    int k = 0;
    seen.v[k++] = WSASend(s, &b, 1, NULL, 0, NULL, NULL);                 /* W16 */
    seen.v[k++] = WSAGetLastError();
    seen.v[k++] = WSASend(s, &b, 1, (LPDWORD)page_none, 0, NULL, NULL);
    seen.v[k++] = WSAGetLastError();
    seen.v[k++] = WSASend(s, &b, 1, (LPDWORD)page_ro, 0, NULL, NULL);
    seen.v[k++] = WSAGetLastError();
    seen.v[k++] = WSASend(s, &b, 1, (LPDWORD)straddling(2), 0, NULL, NULL);
    seen.v[k++] = WSAGetLastError();
    send_ok(s);
    closesocket(s);
    return 0;
}

static void test_W04_fault_count(void)
{
    map_pages();
    two_hosts(1);
    run_pair(w04_fault_count, NULL);
    check_pairs(0, 8, WSAEFAULT);
    check_only_ok_arrived();
    CHECK_INT_EQ(page_ro[0], 'r');   /* the read-only page was not written */
}

/* WSAEFAULT, lpOverlapped: unmapped, read-only (the call writes its status
 * there), and running into unmapped memory.  No completion follows. */
static int w04_fault_overlapped(int argc, char **argv)
{
    (void)argc, (void)argv;
    start();
    SOCKET s = connect_b();
    WSABUF b = {4, "data"};
    DWORD sent = 0;
    int k = 0;
    seen.v[k++] = WSASend(s, &b, 1, &sent, 0, (LPWSAOVERLAPPED)page_none, NULL);
    seen.v[k++] = WSAGetLastError();
    seen.v[k++] = WSASend(s, &b, 1, &sent, 0, (LPWSAOVERLAPPED)page_ro, NULL);
    seen.v[k++] = WSAGetLastError();
    seen.v[k++] = WSASend(s, &b, 1, &sent, 0, (LPWSAOVERLAPPED)straddling(8), NULL);
    seen.v[k++] = WSAGetLastError();
    send_ok(s);
    closesocket(s);
    return 0;
}

static void test_W04_fault_overlapped(void)
{
    map_pages();
    two_hosts(1);
    run_pair(w04_fault_overlapped, NULL);
    check_pairs(0, 6, WSAEFAULT);
    check_only_ok_arrived();
    CHECK_INT_EQ(th_count(world, WSIM_REC_COMPLETION, "WSASend"), 0);
    CHECK_INT_EQ(page_ro[0], 'r');
}

/* WSAEFAULT, lpCompletionRoutine: an address that is no code at all.  The
 * program makes no alertable wait afterwards, so a routine wrongly queued
 * could never run (and crash). */
static int w04_fault_routine(int argc, char **argv)
{
    (void)argc, (void)argv;
    start();
    SOCKET s = connect_b();
    WSABUF b = {4, "data"};
    DWORD sent = 0;
    WSAOVERLAPPED ov;
    memset(&ov, 0, sizeof ov);
    seen.v[0] = WSASend(s, &b, 1, &sent, 0, &ov, (LPWSAOVERLAPPED_COMPLETION_ROUTINE)page_none);
    seen.v[1] = WSAGetLastError();
    send_ok(s);
    closesocket(s);
    return 0;
}

static void test_W04_fault_routine(void)
{
    map_pages();
    two_hosts(1);
    run_pair(w04_fault_routine, NULL);
    check_pairs(0, 2, WSAEFAULT);
    check_only_ok_arrived();
    CHECK_INT_EQ(th_count(world, WSIM_REC_COMPLETION, "WSASend"), 0);
}

/* WSAEINVAL: lpOverlapped on a socket WSASocket made without
 * WSA_FLAG_OVERLAPPED (W04, W08).  With the flag, the same call works. */
typedef SOCKET(WSAAPI *wsasocket_fn)(int, int, int, LPWSAPROTOCOL_INFOA, GROUP, DWORD);

static int w04_not_overlapped(int argc, char **argv)
{
    (void)argc, (void)argv;
    start();
    wsasocket_fn make = (wsasocket_fn)contract_lookup("WSASocketA");
    if (!make)
        return 0;
    struct sockaddr_in to = address("10.0.0.2", PORT);
    SOCKET plain = make(AF_INET, SOCK_STREAM, IPPROTO_TCP, NULL, 0, 0);
    connect(plain, (struct sockaddr *)&to, sizeof to);
    WSABUF b = {3, "abc"};
    DWORD sent = 0;
    WSAOVERLAPPED ov;
    memset(&ov, 0, sizeof ov);
    seen.v[0] = WSASend(plain, &b, 1, &sent, 0, &ov, NULL);
    seen.v[1] = WSAGetLastError();
    seen.v[2] = WSASend(plain, &b, 1, &sent, 0, NULL, NULL);   /* non-overlapped: fine */
    seen.v[3] = (long long)sent;
    closesocket(plain);
    SOCKET overlapped = make(AF_INET, SOCK_STREAM, IPPROTO_TCP, NULL, 0, WSA_FLAG_OVERLAPPED);
    connect(overlapped, (struct sockaddr *)&to, sizeof to);
    b.buf = "def";
    seen.v[4] = WSASend(overlapped, &b, 1, &sent, 0, &ov, NULL);
    closesocket(overlapped);
    return 0;
}

static int two_readers(int argc, char **argv)
{
    (void)argc, (void)argv;
    start();
    SOCKET l = listen_on("0.0.0.0", PORT, 2);
    for (int i = 0; i < 2; i++) {
        SOCKET s = accept(l, NULL, NULL);
        read_all(s);
        closesocket(s);
    }
    closesocket(l);
    return 0;
}

static void test_W04_not_overlapped(void)
{
    two_hosts(1);
    if (!contract_lookup("WSASocketA")) {
        fprintf(stderr, "WSASocketA is not provided yet: W04's \"socket created without the"
                        " overlapped flag\" cannot be reached\n");
        CHECK(contract_lookup("WSASocketA") != NULL);
        return;
    }
    run_pair(w04_not_overlapped, two_readers);
    CHECK_INT_EQ(seen.v[0], SOCKET_ERROR);
    CHECK_INT_EQ(seen.v[1], WSAEINVAL);
    CHECK_INT_EQ(seen.v[2], 0);
    CHECK_INT_EQ(seen.v[3], 3);
    CHECK_INT_EQ(seen.v[4], 0);
    CHECK_INT_EQ(th_count(world, WSIM_REC_COMPLETION, "WSASend"), 1);
    CHECK_STR_EQ(seen.data, "abcdef");
}

/* WSAESHUTDOWN, overlapped and not. */
static int w04_shutdown(int argc, char **argv)
{
    (void)argc, (void)argv;
    start();
    SOCKET s = connect_b();
    shutdown(s, SD_SEND);
    WSABUF b = {1, "x"};
    DWORD sent = 0;
    WSAOVERLAPPED ov;
    memset(&ov, 0, sizeof ov);
    seen.v[0] = WSASend(s, &b, 1, &sent, 0, NULL, NULL);
    seen.v[1] = WSAGetLastError();
    seen.v[2] = WSASend(s, &b, 1, &sent, 0, &ov, NULL);
    seen.v[3] = WSAGetLastError();
    closesocket(s);
    return 0;
}

static void test_W04_shutdown(void)
{
    two_hosts(1);
    run_pair(w04_shutdown, NULL);
    check_pairs(0, 4, WSAESHUTDOWN);
    CHECK_INT_EQ(seen.data_len, 0);
    CHECK_INT_EQ(th_count(world, WSIM_REC_COMPLETION, "WSASend"), 0);
}

/* WSAECONNRESET on a stream: the peer's abortive close (SO_LINGER {1, 0},
 * closesocket's page: a "hard" close resets the connection). */
static int resetting_server(int argc, char **argv)
{
    (void)argc, (void)argv;
    start();
    SOCKET s = accept_one();
    struct linger hard = {1, 0};
    setsockopt(s, SOL_SOCKET, SO_LINGER, (const char *)&hard, sizeof hard);
    closesocket(s);
    return 0;
}

static int w04_reset_client(int argc, char **argv)
{
    (void)argc, (void)argv;
    start();
    SOCKET s = connect_b();
    Sleep(500);                     /* the RST has arrived */
    WSABUF b = {1, "x"};
    DWORD sent = 0;
    seen.v[0] = WSASend(s, &b, 1, &sent, 0, NULL, NULL);
    seen.v[1] = WSAGetLastError();
    closesocket(s);
    return 0;
}

static void test_W04_reset(void)
{
    two_hosts(1);
    run_pair(w04_reset_client, resetting_server);
    check_pairs(0, 2, WSAECONNRESET);
}

/* WSAECONNABORTED: the link goes down, retransmissions run out (S18's
 * scenario: RFC 6298 timers from 1 s, five retransmissions, about 63 s),
 * and the next WSASend fails. */
static int link_cutter(int argc, char **argv)
{
    (void)argc, (void)argv;
    Sleep(1000);
    wsim_link_set_up(link_ab, 0);
    return 0;
}

static int idle_server(int argc, char **argv)
{
    (void)argc, (void)argv;
    start();
    SOCKET s = accept_one();
    Sleep(200 * 1000);
    closesocket(s);
    return 0;
}

static int w04_aborted_client(int argc, char **argv)
{
    (void)argc, (void)argv;
    start();
    SOCKET s = connect_b();
    Sleep(2000 - GetTickCount());
    WSABUF b = {100, page_rw};
    DWORD sent = 0;
    seen.v[0] = WSASend(s, &b, 1, &sent, 0, NULL, NULL);   /* taken; never acknowledged */
    Sleep(70 * 1000);
    seen.v[1] = WSASend(s, &b, 1, &sent, 0, NULL, NULL);
    seen.v[2] = WSAGetLastError();
    closesocket(s);
    return 0;
}

static void test_W04_aborted(void)
{
    map_pages();
    two_hosts(1);
    th_program(world, host_b, "cutter", link_cutter, 0);
    run_pair(w04_aborted_client, idle_server);
    CHECK_INT_EQ(seen.v[0], 0);
    check_pairs(1, 3, WSAECONNABORTED);
}

/* WSAEINTR: a blocking WSASend waits for room; another thread closes the
 * socket (S05's reading under the windows profile). */
static SOCKET intr_socket;
static int64_t intr_closed_ns;

static DWORD WINAPI closer(LPVOID arg)
{
    (void)arg;
    Sleep(100);
    intr_closed_ns = th_now();
    closesocket(intr_socket);
    return 0;
}

static char big[128 * 1024];

static int w04_intr_client(int argc, char **argv)
{
    (void)argc, (void)argv;
    start();
    intr_socket = connect_b();
    seen.v[0] = send(intr_socket, big, sizeof big, 0);   /* taken whole: the queue is full */
    HANDLE t = CreateThread(NULL, 0, closer, NULL, 0, NULL);
    WSABUF b = {1000, big};
    DWORD sent = 0;
    seen.v[1] = WSASend(intr_socket, &b, 1, &sent, 0, NULL, NULL);
    seen.v[2] = WSAGetLastError();
    seen.t[0] = th_now();
    WaitForSingleObject(t, INFINITE);
    CloseHandle(t);
    return 0;
}

/* Accepts and reads nothing for a long time. */
static int sleeping_server(int argc, char **argv)
{
    (void)argc, (void)argv;
    start();
    SOCKET s = accept_one();
    Sleep(5000);
    read_all(s);
    closesocket(s);
    return 0;
}

static void test_W04_interrupted(void)
{
    two_hosts(1);
    run_pair(w04_intr_client, sleeping_server);
    CHECK_INT_EQ(seen.v[0], (long long)sizeof big);
    check_pairs(1, 3, WSAEINTR);
    CHECK_INT_EQ(seen.t[0], intr_closed_ns);
}

/* WSAEWOULDBLOCK: a non-blocking socket whose queue is at SO_SNDBUF. */
static int w04_wouldblock_client(int argc, char **argv)
{
    (void)argc, (void)argv;
    start();
    SOCKET s = connect_b();
    u_long on = 1;
    ioctlsocket(s, FIONBIO, &on);
    seen.v[0] = send(s, big, sizeof big, 0);
    WSABUF b = {1000, big};
    DWORD sent = 0;
    seen.t[0] = th_now();
    seen.v[1] = WSASend(s, &b, 1, &sent, 0, NULL, NULL);
    seen.v[2] = WSAGetLastError();
    seen.t[1] = th_now();
    closesocket(s);
    return 0;
}

static void test_W04_wouldblock(void)
{
    two_hosts(1);
    run_pair(w04_wouldblock_client, sleeping_server);
    CHECK_INT_EQ(seen.v[0], (long long)sizeof big);
    check_pairs(1, 3, WSAEWOULDBLOCK);
    CHECK_INT_EQ(seen.t[1], seen.t[0]);
}

/* ---- W05: scatter/gather ------------------------------------------------------ */

static int w05_client(int argc, char **argv)
{
    (void)argc, (void)argv;
    start();
    SOCKET s = connect_b();
    Sleep(100);
    WSABUF parts[3] = {{2, "ab"}, {3, "cde"}, {1, "f"}};
    DWORD sent = 0;
    seen.v[0] = WSASend(s, parts, 3, &sent, 0, NULL, NULL);
    seen.v[1] = (long long)sent;
    Sleep(100);
    /* Overlapped, with an empty buffer in the middle. */
    WSABUF more[3] = {{2, "gh"}, {0, NULL}, {3, "ijk"}};
    WSAOVERLAPPED ov;
    memset(&ov, 0, sizeof ov);
    ov.hEvent = WSACreateEvent();
    seen.v[2] = WSASend(s, more, 3, &sent, 0, &ov, NULL);
    WSAWaitForMultipleEvents(1, &ov.hEvent, TRUE, WSA_INFINITE, FALSE);
    DWORD bytes = 0, flags = 0;
    WSAGetOverlappedResult(s, &ov, &bytes, FALSE, &flags);
    seen.v[3] = (long long)bytes;
    WSACloseEvent(ov.hEvent);
    Sleep(100);
    /* A datagram: the buffers make one datagram, in array order. */
    SOCKET u = socket(AF_INET, SOCK_DGRAM, IPPROTO_UDP);
    struct sockaddr_in ub = address("10.0.0.2", UDP_PORT);
    WSABUF dg[3] = {{1, "1"}, {2, "23"}, {3, "456"}};
    seen.v[4] = WSASendTo(u, dg, 3, &sent, 0, (struct sockaddr *)&ub, sizeof ub, NULL, NULL);
    seen.v[5] = (long long)sent;
    Sleep(100);
    closesocket(u);
    closesocket(s);
    return 0;
}

static int w05_server(int argc, char **argv)
{
    (void)argc, (void)argv;
    start();
    SOCKET u = udp_bound(UDP_PORT);
    SOCKET s = accept_one();
    read_all(s);
    char d[16];
    seen.v[10] = recvfrom(u, d, sizeof d, 0, NULL, NULL);
    memcpy(seen.oob, d, 6);
    closesocket(s);
    closesocket(u);
    return 0;
}

static void test_W05(void)
{
    two_hosts(0);
    run_pair(w05_client, w05_server);
    CHECK_INT_EQ(seen.v[0], 0);
    CHECK_INT_EQ(seen.v[1], 6);
    CHECK_INT_EQ(seen.v[2], 0);
    CHECK_INT_EQ(seen.v[3], 5);
    CHECK_INT_EQ(seen.v[4], 0);
    CHECK_INT_EQ(seen.v[5], 6);
    CHECK_STR_EQ(seen.data, "abcdefghijk");
    /* Each call's bytes left as one run: one segment each, in call order. */
    const wsim_record *first = data_segment(host_a, "send", 0);
    const wsim_record *second = data_segment(host_a, "send", 1);
    CHECK(first && second);
    if (first && second) {
        CHECK_INT_EQ(first->a[4], 6);
        CHECK_INT_EQ(second->a[4], 5);
        CHECK_INT_EQ(second->a[2], first->a[2] + 6);   /* contiguous sequence numbers */
    }
    /* The datagram: 6 bytes at once, "123456". */
    CHECK_INT_EQ(seen.v[10], 6);
    CHECK(memcmp(seen.oob, "123456", 6) == 0);
}

/* ---- W09: completion when the transport consumed the buffers ------------------ */

static int w09_client(int argc, char **argv)
{
    (void)argc, (void)argv;
    start();
    SOCKET s = connect_b();
    BOOL on = TRUE;
    setsockopt(s, IPPROTO_TCP, TCP_NODELAY, (const char *)&on, sizeof on);
    Sleep(100);
    WSAOVERLAPPED ov;
    memset(&ov, 0, sizeof ov);
    ov.hEvent = WSACreateEvent();
    /* Room at once: consumed (and completed) at the call. */
    WSABUF b = {100, big};
    DWORD sent = 0, bytes = 0, flags = 0;
    seen.t[0] = th_now();
    seen.v[0] = WSASend(s, &b, 1, &sent, 0, &ov, NULL);
    WSAWaitForMultipleEvents(1, &ov.hEvent, TRUE, WSA_INFINITE, FALSE);
    WSAResetEvent(ov.hEvent);
    Sleep(100);
    /* No room: SO_SNDBUF 1000 and 2000 bytes queued; consumed when the
     * ACK of the first segment takes the queue below SO_SNDBUF. */
    int sndbuf = 1000;
    setsockopt(s, SOL_SOCKET, SO_SNDBUF, (const char *)&sndbuf, sizeof sndbuf);
    send(s, big, 2000, 0);
    b.len = 500;
    seen.v[1] = WSASend(s, &b, 1, &sent, 0, &ov, NULL);
    seen.v[2] = WSAGetLastError();
    WSAWaitForMultipleEvents(1, &ov.hEvent, TRUE, WSA_INFINITE, FALSE);
    seen.t[1] = th_now();
    seen.v[3] = WSAGetOverlappedResult(s, &ov, &bytes, FALSE, &flags);
    seen.v[4] = (long long)bytes;
    WSACloseEvent(ov.hEvent);
    Sleep(100);
    closesocket(s);
    return 0;
}

/* The time the segment host a sent at `sent_ns` (with payload) reached b. */
static int64_t receipt_of_segment_sent_at(int64_t sent_ns, int64_t *len)
{
    const wsim_record *tx = NULL, *rx = NULL;
    for (int i = 0; (tx = data_segment(host_a, "send", i)); i++)
        if (tx->time_ns == sent_ns)
            break;
    if (!tx)
        return -1;
    for (int i = 0; (rx = data_segment(host_b, "recv", i)); i++)
        if (rx->a[2] == tx->a[2] && rx->a[4] == tx->a[4])
            break;
    *len = tx->a[4];
    return rx ? rx->time_ns : -1;
}

static void test_W09(void)
{
    two_hosts(0);
    run_pair(w09_client, NULL);
    CHECK_INT_EQ(seen.v[0], 0);
    CHECK_INT_EQ(seen.v[1], SOCKET_ERROR);
    CHECK_INT_EQ(seen.v[2], WSA_IO_PENDING);
    CHECK_INT_EQ(seen.v[3], TRUE);
    CHECK_INT_EQ(seen.v[4], 500);
    const wsim_record *done0 = th_find(world, WSIM_REC_COMPLETION, "WSASend", 0);
    const wsim_record *done1 = th_find(world, WSIM_REC_COMPLETION, "WSASend", 1);
    CHECK(done0 && done1);
    if (!done0 || !done1)
        return;
    /* Immediate: completed at the call; the peer has the bytes one path
     * time (serialization + latency) later. */
    CHECK_INT_EQ(done0->time_ns, seen.t[0]);
    int64_t len = 0;
    CHECK_INT_EQ(receipt_of_segment_sent_at(done0->time_ns, &len), done0->time_ns + ser(100) + LATENCY_NS);
    CHECK_INT_EQ(len, 100);
    /* Pending: completed when the first segment's ACK came back (it left at
     * the WSASend, one 1460-byte segment out, the ACK back), not when b got
     * the 500 bytes, which is one path time later. */
    int64_t queued_at = done0->time_ns;
    const wsim_record *send2000 = th_find(world, WSIM_REC_CALL, "send", 0);
    if (send2000)
        queued_at = send2000->time_ns;
    CHECK_INT_EQ(done1->time_ns, queued_at + ser(1460) + LATENCY_NS + ser(0) + LATENCY_NS);
    CHECK_INT_EQ(done1->time_ns, seen.t[1]);
    CHECK_INT_EQ(receipt_of_segment_sent_at(done1->time_ns, &len), done1->time_ns + ser(500) + LATENCY_NS);
    CHECK_INT_EQ(len, 500);
}

/* ---- W11: SO_SNDTIMEO and SO_RCVTIMEO apply only to blocking sockets ---------- */

static int w11_client(int argc, char **argv)
{
    (void)argc, (void)argv;
    start();
    SOCKET s = connect_b();
    DWORD timeout_ms = 200;
    setsockopt(s, SOL_SOCKET, SO_RCVTIMEO, (const char *)&timeout_ms, sizeof timeout_ms);
    setsockopt(s, SOL_SOCKET, SO_SNDTIMEO, (const char *)&timeout_ms, sizeof timeout_ms);
    char buf[16];
    /* Non-blocking: no wait at all, so nothing to time out. */
    u_long on = 1, off = 0;
    ioctlsocket(s, FIONBIO, &on);
    seen.t[0] = th_now();
    seen.v[0] = recv(s, buf, sizeof buf, 0);
    seen.v[1] = WSAGetLastError();
    seen.v[2] = send(s, big, sizeof big, 0);                  /* taken whole */
    seen.v[3] = send(s, big, 1000, 0);                        /* queue at SO_SNDBUF */
    seen.v[4] = WSAGetLastError();
    seen.t[1] = th_now();
    /* Overlapped: pending past the time-out, then completed. */
    WSAOVERLAPPED ov;
    memset(&ov, 0, sizeof ov);
    ov.hEvent = WSACreateEvent();
    WSABUF b = {1000, big};
    DWORD sent = 0, bytes = 0, flags = 0;
    seen.v[5] = WSASend(s, &b, 1, &sent, 0, &ov, NULL);
    seen.v[6] = WSAGetLastError();
    /* Blocking again: the recv time-out applies. */
    ioctlsocket(s, FIONBIO, &off);
    seen.t[2] = th_now();
    seen.v[7] = recv(s, buf, sizeof buf, 0);
    seen.v[8] = WSAGetLastError();
    seen.t[3] = th_now();
    WSAWaitForMultipleEvents(1, &ov.hEvent, TRUE, WSA_INFINITE, FALSE);
    seen.t[4] = th_now();
    seen.v[9] = WSAGetOverlappedResult(s, &ov, &bytes, FALSE, &flags);
    seen.v[10] = WSAGetLastError();
    seen.v[11] = (long long)bytes;
    WSACloseEvent(ov.hEvent);
    closesocket(s);
    return 0;
}

/* Reads from 1 s on. */
static int late_reader(int argc, char **argv)
{
    (void)argc, (void)argv;
    start();
    SOCKET s = accept_one();
    Sleep(1000 - GetTickCount());
    read_all(s);
    closesocket(s);
    return 0;
}

static void test_W11(void)
{
    two_hosts(0);
    world->tcp.sndbuf = world->tcp.rcvbuf = 64 * 1024;
    run_pair(w11_client, late_reader);
    CHECK_INT_EQ(seen.v[0], SOCKET_ERROR);
    CHECK_INT_EQ(seen.v[1], WSAEWOULDBLOCK);
    CHECK_INT_EQ(seen.v[2], (long long)sizeof big);
    CHECK_INT_EQ(seen.v[3], SOCKET_ERROR);
    CHECK_INT_EQ(seen.v[4], WSAEWOULDBLOCK);
    CHECK_INT_EQ(seen.t[1], seen.t[0]);                 /* no time passed */
    CHECK_INT_EQ(seen.v[5], SOCKET_ERROR);
    CHECK_INT_EQ(seen.v[6], WSA_IO_PENDING);
    CHECK_INT_EQ(seen.v[7], SOCKET_ERROR);              /* blocking: timed out */
    CHECK_INT_EQ(seen.v[8], WSAETIMEDOUT);
    CHECK_INT_EQ(seen.t[3] - seen.t[2], 200 * MS);
    CHECK_INT_EQ(seen.v[9], TRUE);                      /* the overlapped send did not */
    CHECK_INT_EQ(seen.v[11], 1000);
    CHECK(seen.t[4] > seen.t[1] + 200 * MS);
    CHECK(seen.t[4] >= 1000 * MS);
    CHECK_INT_EQ(seen.data_len, (int)sizeof big + 1000);
}

/* ---- W14: MSG_DONTROUTE, MSG_OOB (stream only), MSG_PARTIAL ------------------- */

static int w14_client(int argc, char **argv)
{
    (void)argc, (void)argv;
    start();
    SOCKET s = connect_b();
    WSABUF b = {3, "abc"};
    DWORD sent = 0;
    WSAOVERLAPPED ov;
    memset(&ov, 0, sizeof ov);
    seen.v[0] = WSASend(s, &b, 1, &sent, MSG_PARTIAL, NULL, NULL);
    seen.v[1] = WSAGetLastError();
    seen.v[2] = WSASend(s, &b, 1, &sent, MSG_PARTIAL, &ov, NULL);
    seen.v[3] = WSAGetLastError();
    seen.v[4] = WSASend(s, &b, 1, &sent, MSG_DONTROUTE, NULL, NULL);
    b.buf = "deF";
    seen.v[5] = WSASend(s, &b, 1, &sent, MSG_OOB, NULL, NULL);   /* 'F' is urgent */
    SOCKET u = socket(AF_INET, SOCK_DGRAM, IPPROTO_UDP);
    struct sockaddr_in ub = address("10.0.0.2", UDP_PORT);
    connect(u, (struct sockaddr *)&ub, sizeof ub);
    seen.v[6] = WSASend(u, &b, 1, &sent, MSG_OOB, NULL, NULL);
    seen.v[7] = WSAGetLastError();
    seen.v[8] = WSASend(u, &b, 1, &sent, MSG_PARTIAL, NULL, NULL);
    seen.v[9] = WSAGetLastError();
    seen.v[10] = WSASend(u, &b, 1, &sent, MSG_DONTROUTE, NULL, NULL);
    Sleep(1000);
    closesocket(u);
    closesocket(s);
    return 0;
}

static int w14_server(int argc, char **argv)
{
    (void)argc, (void)argv;
    start();
    SOCKET u = udp_bound(UDP_PORT);
    SOCKET s = accept_one();
    Sleep(500);
    seen.v[20] = recv(s, seen.oob, sizeof seen.oob, MSG_OOB);
    read_all(s);
    u_long nonblocking = 1;
    ioctlsocket(u, FIONBIO, &nonblocking);
    char d[8];
    seen.v[21] = recvfrom(u, d, sizeof d, 0, NULL, NULL);   /* the MSG_DONTROUTE one */
    seen.v[22] = recvfrom(u, d, sizeof d, 0, NULL, NULL);   /* nothing else came */
    seen.v[23] = WSAGetLastError();
    closesocket(s);
    closesocket(u);
    return 0;
}

static void test_W14(void)
{
    two_hosts(1);
    run_pair(w14_client, w14_server);
    check_pairs(0, 4, WSAEOPNOTSUPP);
    CHECK_INT_EQ(seen.v[4], 0);
    CHECK_INT_EQ(seen.v[5], 0);
    check_pairs(6, 10, WSAEOPNOTSUPP);
    CHECK_INT_EQ(seen.v[10], 0);
    CHECK_INT_EQ(seen.v[20], 1);
    CHECK_INT_EQ(seen.oob[0], 'F');
    CHECK_STR_EQ(seen.data, "abcde");
    CHECK_INT_EQ(seen.v[21], 3);
    CHECK_INT_EQ(seen.v[22], SOCKET_ERROR);
    CHECK_INT_EQ(seen.v[23], WSAEWOULDBLOCK);
    CHECK_INT_EQ(th_count(world, WSIM_REC_COMPLETION, "WSASend"), 0);
}

/* ---- W28: a successful WSASend does not mean delivery (as S22) ----------------- */

static int w28_client(int argc, char **argv)
{
    (void)argc, (void)argv;
    start();
    SOCKET s = connect_b();
    Sleep(100);
    WSABUF b = {100, big};
    DWORD sent = 0;
    seen.t[0] = th_now();
    seen.v[0] = WSASend(s, &b, 1, &sent, 0, NULL, NULL);
    seen.t[1] = th_now();
    Sleep(100);
    WSAOVERLAPPED ov;
    memset(&ov, 0, sizeof ov);
    ov.hEvent = WSACreateEvent();
    b.len = 200;
    seen.t[2] = th_now();
    seen.v[1] = WSASend(s, &b, 1, &sent, 0, &ov, NULL);
    Sleep(100);
    WSACloseEvent(ov.hEvent);
    closesocket(s);
    return 0;
}

/* The n-th recv call of the server that returned `bytes`. */
static const wsim_record *recv_returning(long long bytes)
{
    const wsim_record *r;
    for (int i = 0; (r = th_find(world, WSIM_REC_CALL, "recv", i)); i++)
        if (r->a[0] == bytes)
            return r;
    return NULL;
}

static void test_W28(void)
{
    two_hosts(0);   /* no delayed ACK: the first segment is acknowledged before the second send */
    run_pair(w28_client, NULL);
    CHECK_INT_EQ(seen.v[0], 0);
    CHECK_INT_EQ(seen.v[1], 0);
    CHECK_INT_EQ(seen.t[1], seen.t[0]);   /* accepted at once */
    for (int k = 0; k < 2; k++) {
        int64_t at = seen.t[2 * k];
        int64_t bytes = k ? 200 : 100;
        const wsim_record *tx = data_segment(host_a, "send", k);
        const wsim_record *rx = data_segment(host_b, "recv", k);
        const wsim_record *got = recv_returning(bytes);
        CHECK(tx && rx && got);
        if (!tx || !rx || !got)
            continue;
        CHECK_INT_EQ(tx->a[4], bytes);
        CHECK_INT_EQ(tx->time_ns, at);                             /* transmission */
        CHECK_INT_EQ(rx->time_ns, at + ser((uint64_t)bytes) + LATENCY_NS);   /* delivery */
        CHECK_INT_EQ(got->time_ns, rx->time_ns);                   /* to the application */
        CHECK(rx->seq > tx->seq);
    }
    /* The overlapped call's completion is at the call, before delivery. */
    const wsim_record *done = th_find(world, WSIM_REC_COMPLETION, "WSASend", 0);
    CHECK(done != NULL);
    if (done)
        CHECK_INT_EQ(done->time_ns, seen.t[2]);
    CHECK_INT_EQ(seen.data_len, 300);
}

/* ---- the table of cases -------------------------------------------------------- */

static const test_case cases[] = {
    {"S07_bad_buffer_is_efault", test_S07},
    {"S17_einval_flags_oobinline_unbound", test_S17},
    {"S27_dontroute_and_oob", test_S27},
    {"W03_no_completion_after_failure", test_W03},
    {"W04_wsasend_not_initialised", test_W04_not_initialised},
    {"W04_wsasend_not_a_socket", test_W04_not_a_socket},
    {"W04_wsasend_fault_buffers", test_W04_fault_buffers},
    {"W04_wsasend_fault_count", test_W04_fault_count},
    {"W04_wsasend_fault_overlapped", test_W04_fault_overlapped},
    {"W04_wsasend_fault_routine", test_W04_fault_routine},
    {"W04_wsasend_not_overlapped_socket", test_W04_not_overlapped},
    {"W04_wsasend_shutdown", test_W04_shutdown},
    {"W04_wsasend_connreset", test_W04_reset},
    {"W04_wsasend_connaborted", test_W04_aborted},
    {"W04_wsasend_interrupted", test_W04_interrupted},
    {"W04_wsasend_wouldblock", test_W04_wouldblock},
    {"W05_gather_in_array_order", test_W05},
    {"W09_completion_before_receipt", test_W09},
    {"W11_timeouts_blocking_only", test_W11},
    {"W14_wsasend_flags", test_W14},
    {"W28_success_is_not_delivery", test_W28},
};

int main(int argc, char **argv)
{
    return test_main(argc, argv, cases, sizeof cases / sizeof cases[0], end_world);
}
