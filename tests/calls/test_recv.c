/* test_recv.c — WSARecv, recvfrom and WSARecvFrom on stream sockets
 * (wsapi/recv.c), WSAIoctl (wsapi/ioctl.c), and the contract rows W17
 * (SIO_FLUSH) and W04 (the limit on outstanding overlapped requests); each
 * case is its own CTest test.
 *
 * Most cases run one program on host a with both ends of a connection on
 * its loopback, so that the program orders what happens; a segment there
 * arrives loopback(bytes) after it is sent (common.h).  Expected values come
 * from that model and from what the files under test document, never from
 * a run.
 */
#include "tests/calls/common.h"

#include "scenarios/scenario.h"
#include "tools/tool.h"
#include "wsapi/host.h"

/* The CALL record of the i-th call of `function` and the COMPLETION that
 * names it, if any. */
static const wsim_record *completion_of(const char *function, int i)
{
    const wsim_record *call = call_record(function, i);
    for (int k = 0; call; k++) {
        const wsim_record *done = th_find(world, WSIM_REC_COMPLETION, NULL, k);
        if (!done)
            return NULL;
        if (done->a[0] == (int64_t)call->seq)
            return done;
    }
    return NULL;
}

/* ---- calls.wsarecv_overlapped_event ------------------------------------------------ */

static int ev_program(int argc, char **argv)
{
    (void)argc, (void)argv;
    start();
    SOCKET c, s;
    loopback_pair(PORT, &c, &s);
    WSAOVERLAPPED ov;
    memset(&ov, 0, sizeof ov);
    ov.hEvent = WSACreateEvent();
    char head[3], tail[10];
    WSABUF bufs[2] = {{sizeof head, head}, {sizeof tail, tail}};
    DWORD count = 0xDEADBEEF, flags = 0, n, f;

    /* W02: pending, the count untouched; W20: the event on completion. */
    seen.v[0] = WSARecv(s, bufs, 2, &count, &flags, &ov, NULL);
    seen.v[1] = WSAGetLastError();
    seen.v[2] = count;
    seen.v[3] = (long long)ov.Internal;
    seen.v[4] = WSAGetOverlappedResult(s, &ov, &n, FALSE, &f);
    seen.v[5] = WSAGetLastError();
    seen.t[0] = th_now();
    send(c, "abcdefgh", 8, 0);
    seen.v[6] = WSAWaitForMultipleEvents(1, &ov.hEvent, TRUE, WSA_INFINITE, FALSE);
    seen.t[1] = th_now();
    f = 0x77;
    seen.v[7] = WSAGetOverlappedResult(s, &ov, &n, FALSE, &f);
    seen.v[8] = n;
    seen.v[9] = f;
    seen.v[10] = (long long)ov.Internal;
    seen.v[11] = (long long)ov.InternalHigh;
    memcpy(seen.data, head, 3);
    memcpy(seen.data + 3, tail, 5);

    /* W01: the bytes are there: 0 and the count now, the event set. */
    send(c, "xyz", 3, 0);
    Sleep(1);
    WSAResetEvent(ov.hEvent);
    char buf[100];
    WSABUF one = {sizeof buf, buf};
    count = 0;
    flags = 0;
    seen.v[12] = WSARecv(s, &one, 1, &count, &flags, &ov, NULL);
    seen.v[13] = count;
    seen.v[14] = flags;
    seen.v[15] = WSAWaitForMultipleEvents(1, &ov.hEvent, TRUE, 0, FALSE);

    /* MSG_PEEK leaves the bytes for the next receive. */
    send(c, "peek", 4, 0);
    Sleep(1);
    flags = MSG_PEEK;
    count = 0;
    seen.v[16] = WSARecv(s, &one, 1, &count, &flags, &ov, NULL);
    seen.v[17] = count;
    seen.v[18] = recv(s, buf, sizeof buf, 0);

    /* W03: errors deliver no completion. */
    seen.v[19] = WSARecv(s, &one, 1, &count, NULL, &ov, NULL);
    seen.v[20] = WSAGetLastError();
    flags = 0;
    seen.v[21] = WSARecv(s, &one, 1, NULL, &flags, NULL, NULL);
    seen.v[22] = WSAGetLastError();
    flags = MSG_PEEK | MSG_WAITALL;
    seen.v[23] = WSARecv(s, &one, 1, &count, &flags, &ov, NULL);
    seen.v[24] = WSAGetLastError();
    SOCKET fresh = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
    flags = 0;
    seen.v[25] = WSARecv(fresh, &one, 1, &count, &flags, &ov, NULL);
    seen.v[26] = WSAGetLastError();
    closesocket(fresh);

    /* A pending receive ends with 0 bytes when the peer's FIN comes. */
    ResetEvent(ov.hEvent);
    flags = 0;
    seen.v[27] = WSARecv(s, &one, 1, NULL, &flags, &ov, NULL);
    seen.t[2] = th_now();
    shutdown(c, SD_SEND);
    WSAWaitForMultipleEvents(1, &ov.hEvent, TRUE, WSA_INFINITE, FALSE);
    seen.t[3] = th_now();
    seen.v[28] = WSAGetOverlappedResult(s, &ov, &n, FALSE, &f);
    seen.v[29] = n;

    /* Another connection: an RST fails the pending receive (S19). */
    SOCKET c2, s2;
    loopback_pair(PORT + 1, &c2, &s2);
    ResetEvent(ov.hEvent);
    seen.v[30] = WSARecv(s2, &one, 1, NULL, &flags, &ov, NULL);
    struct linger hard = {1, 0};
    setsockopt(c2, SOL_SOCKET, SO_LINGER, (const char *)&hard, sizeof hard);
    closesocket(c2);
    WSAWaitForMultipleEvents(1, &ov.hEvent, TRUE, WSA_INFINITE, FALSE);
    seen.v[31] = WSAGetOverlappedResult(s2, &ov, &n, FALSE, &f);
    seen.v[32] = WSAGetLastError();

    /* And another: closesocket aborts the pending receive (W17). */
    SOCKET c3, s3;
    loopback_pair(PORT + 2, &c3, &s3);
    ResetEvent(ov.hEvent);
    seen.v[33] = WSARecv(s3, &one, 1, NULL, &flags, &ov, NULL);
    closesocket(s3);
    seen.v[34] = WSAWaitForMultipleEvents(1, &ov.hEvent, TRUE, 0, FALSE);
    seen.v[35] = (long long)ov.Internal;
    closesocket(c3);
    closesocket(s2);
    closesocket(s);
    closesocket(c);
    WSACloseEvent(ov.hEvent);
    return 0;
}

static void test_wsarecv_overlapped_event(void)
{
    two_hosts();
    th_program(world, host_a, "p", ev_program, 0);
    run_world();
    CHECK_INT_EQ(seen.v[0], SOCKET_ERROR);
    CHECK_INT_EQ(seen.v[1], WSA_IO_PENDING);
    CHECK_INT_EQ(seen.v[2], 0xDEADBEEF);
    CHECK_INT_EQ(seen.v[3], 0x103);              /* STATUS_PENDING */
    CHECK_INT_EQ(seen.v[4], FALSE);
    CHECK_INT_EQ(seen.v[5], WSA_IO_INCOMPLETE);
    CHECK_INT_EQ(seen.v[6], WSA_WAIT_EVENT_0);
    CHECK_INT_EQ(seen.t[1], seen.t[0] + loopback(8));
    CHECK_INT_EQ(seen.v[7], TRUE);
    CHECK_INT_EQ(seen.v[8], 8);
    CHECK_INT_EQ(seen.v[9], 0);
    CHECK_INT_EQ(seen.v[10], 0);
    CHECK_INT_EQ(seen.v[11], 8);
    CHECK(memcmp(seen.data, "abcdefgh", 8) == 0);   /* scattered: "abc", "defgh" */
    const wsim_record *first = completion_of("WSARecv", 0);
    CHECK(first != NULL);
    if (first) {
        CHECK_INT_EQ(first->time_ns, seen.t[1]);
        CHECK_INT_EQ(first->a[1], 8);
        CHECK_INT_EQ(first->a[2], 0);
        CHECK_STR_EQ(first->text, "event");
    }
    CHECK_INT_EQ(seen.v[12], 0);
    CHECK_INT_EQ(seen.v[13], 3);
    CHECK_INT_EQ(seen.v[14], 0);
    CHECK_INT_EQ(seen.v[15], WSA_WAIT_EVENT_0);
    const wsim_record *at_once = completion_of("WSARecv", 1);
    const wsim_record *at_once_call = call_record("WSARecv", 1);
    CHECK(at_once != NULL && at_once_call != NULL);
    if (at_once && at_once_call) {
        CHECK_INT_EQ(at_once->time_ns, at_once_call->time_ns);
        CHECK_INT_EQ(at_once->a[1], 3);
    }
    CHECK_INT_EQ(seen.v[16], 0);
    CHECK_INT_EQ(seen.v[17], 4);
    CHECK_INT_EQ(seen.v[18], 4);
    CHECK_INT_EQ(seen.v[19], SOCKET_ERROR);
    CHECK_INT_EQ(seen.v[20], WSAEFAULT);
    CHECK_INT_EQ(seen.v[21], SOCKET_ERROR);
    CHECK_INT_EQ(seen.v[22], WSAEFAULT);
    CHECK_INT_EQ(seen.v[23], SOCKET_ERROR);
    CHECK_INT_EQ(seen.v[24], WSAEOPNOTSUPP);
    CHECK_INT_EQ(seen.v[25], SOCKET_ERROR);
    CHECK_INT_EQ(seen.v[26], WSAENOTCONN);
    for (int i = 3; i <= 6; i++)
        CHECK(completion_of("WSARecv", i) == NULL);   /* W03 */
    CHECK_INT_EQ(seen.v[27], SOCKET_ERROR);
    CHECK_INT_EQ(seen.t[3], seen.t[2] + loopback(0));
    CHECK_INT_EQ(seen.v[28], TRUE);
    CHECK_INT_EQ(seen.v[29], 0);
    CHECK_INT_EQ(seen.v[30], SOCKET_ERROR);
    CHECK_INT_EQ(seen.v[31], FALSE);
    CHECK_INT_EQ(seen.v[32], WSAECONNRESET);
    CHECK_INT_EQ(seen.v[33], SOCKET_ERROR);
    CHECK_INT_EQ(seen.v[34], WSA_WAIT_EVENT_0);
    CHECK_INT_EQ(seen.v[35], WSA_OPERATION_ABORTED);
}

/* ---- calls.wsarecv_routine ---------------------------------------------------------- */

static struct {
    int runs;
    DWORD error, bytes, flags;
    LPWSAOVERLAPPED ov;
} routine_seen;

static void CALLBACK on_receive(DWORD error, DWORD bytes, LPWSAOVERLAPPED ov, DWORD flags)
{
    routine_seen.runs++;
    routine_seen.error = error;
    routine_seen.bytes = bytes;
    routine_seen.ov = ov;
    routine_seen.flags = flags;
}

static int rt_program(int argc, char **argv)
{
    (void)argc, (void)argv;
    start();
    SOCKET c, s;
    loopback_pair(PORT, &c, &s);
    static WSAOVERLAPPED ov;
    char buf[64];
    WSABUF one = {sizeof buf, buf};
    DWORD flags = 0, count = 0;

    /* Pending; the routine runs only in an alertable wait (W22), with
     * (0, bytes, lpOverlapped, 0) (W24). */
    seen.v[0] = WSARecv(s, &one, 1, NULL, &flags, &ov, on_receive);
    seen.v[1] = WSAGetLastError();
    seen.t[0] = th_now();
    send(c, "hello", 5, 0);
    Sleep(1);
    seen.v[2] = routine_seen.runs;                 /* completed, not yet delivered */
    seen.v[3] = (long long)ov.InternalHigh;
    seen.v[4] = SleepEx(1000, TRUE);
    seen.t[1] = th_now();
    seen.v[5] = routine_seen.runs;
    seen.v[6] = routine_seen.error;
    seen.v[7] = routine_seen.bytes;
    seen.v[8] = routine_seen.ov == &ov;
    seen.v[9] = routine_seen.flags;

    /* W01 with a routine: 0 and the count now, the routine later. */
    send(c, "abc", 3, 0);
    Sleep(1);
    seen.v[10] = WSARecv(s, &one, 1, &count, &flags, &ov, on_receive);
    seen.v[11] = count;
    seen.v[12] = routine_seen.runs;
    seen.v[13] = SleepEx(0, TRUE);
    seen.v[14] = routine_seen.runs;
    seen.v[15] = routine_seen.bytes;

    /* A zero-byte receive completes when bytes come, and leaves them. */
    WSABUF none = {0, NULL};
    seen.v[16] = WSARecv(s, &none, 1, NULL, &flags, &ov, on_receive);
    send(c, "zz", 2, 0);
    seen.v[17] = SleepEx(1000, TRUE);
    seen.v[18] = routine_seen.bytes;
    seen.v[19] = recv(s, buf, sizeof buf, 0);

    /* MSG_WAITALL: complete only when the buffers are full. */
    char six[6];
    WSABUF all = {sizeof six, six};
    flags = MSG_WAITALL;
    seen.v[20] = WSARecv(s, &all, 1, NULL, &flags, &ov, on_receive);
    send(c, "123", 3, 0);
    Sleep(1);
    seen.v[21] = (long long)ov.Internal;          /* still pending */
    send(c, "456", 3, 0);
    seen.v[22] = SleepEx(1000, TRUE);
    seen.v[23] = routine_seen.bytes;
    memcpy(seen.data, six, 6);

    /* CancelIo: the routine reports WSA_OPERATION_ABORTED (W17). */
    flags = 0;
    seen.v[24] = WSARecv(s, &one, 1, NULL, &flags, &ov, on_receive);
    CancelIo((HANDLE)s);
    seen.v[25] = SleepEx(0, TRUE);
    seen.v[26] = routine_seen.error;
    seen.v[27] = routine_seen.bytes;
    seen.v[28] = routine_seen.runs;
    closesocket(s);
    closesocket(c);
    return 0;
}

static void test_wsarecv_routine(void)
{
    two_hosts();
    th_program(world, host_a, "p", rt_program, 0);
    run_world();
    CHECK_INT_EQ(seen.v[0], SOCKET_ERROR);
    CHECK_INT_EQ(seen.v[1], WSA_IO_PENDING);
    CHECK_INT_EQ(seen.v[2], 0);
    CHECK_INT_EQ(seen.v[3], 5);
    CHECK_INT_EQ(seen.v[4], WAIT_IO_COMPLETION);
    CHECK_INT_EQ(seen.t[1], seen.t[0] + MS);       /* the routine waited for the SleepEx */
    CHECK_INT_EQ(seen.v[5], 1);
    CHECK_INT_EQ(seen.v[6], 0);
    CHECK_INT_EQ(seen.v[7], 5);
    CHECK_INT_EQ(seen.v[8], 1);
    CHECK_INT_EQ(seen.v[9], 0);
    const wsim_record *done = completion_of("WSARecv", 0);
    CHECK(done != NULL);
    if (done) {
        CHECK_INT_EQ(done->time_ns, seen.t[0] + loopback(5));
        CHECK_STR_EQ(done->text, "routine");
    }
    CHECK_INT_EQ(seen.v[10], 0);
    CHECK_INT_EQ(seen.v[11], 3);
    CHECK_INT_EQ(seen.v[12], 1);
    CHECK_INT_EQ(seen.v[13], WAIT_IO_COMPLETION);
    CHECK_INT_EQ(seen.v[14], 2);
    CHECK_INT_EQ(seen.v[15], 3);
    CHECK_INT_EQ(seen.v[16], SOCKET_ERROR);
    CHECK_INT_EQ(seen.v[17], WAIT_IO_COMPLETION);
    CHECK_INT_EQ(seen.v[18], 0);
    CHECK_INT_EQ(seen.v[19], 2);
    CHECK_INT_EQ(seen.v[20], SOCKET_ERROR);
    CHECK_INT_EQ(seen.v[21], 0x103);
    CHECK_INT_EQ(seen.v[22], WAIT_IO_COMPLETION);
    CHECK_INT_EQ(seen.v[23], 6);
    CHECK(memcmp(seen.data, "123456", 6) == 0);
    CHECK_INT_EQ(seen.v[24], SOCKET_ERROR);
    CHECK_INT_EQ(seen.v[25], WAIT_IO_COMPLETION);
    CHECK_INT_EQ(seen.v[26], WSA_OPERATION_ABORTED);
    CHECK_INT_EQ(seen.v[27], 0);
    CHECK_INT_EQ(seen.v[28], 5);
}

/* ---- calls.recv_waitall_returns_when_full ------------------------------------------- *
 *
 * recv(MSG_WAITALL) returns as soon as its buffer is full — when the last
 * byte arrives — not at the next event on the stream (here the FIN, 5 s
 * later). */

#define WAITALL_BYTES 4000

static int waitall_client(int argc, char **argv)
{
    (void)argc, (void)argv;
    start();
    SOCKET c = connect_to("10.0.0.2", PORT);
    BOOL nodelay = TRUE;   /* Nagle would hold the last 1080 bytes for an ACK */
    setsockopt(c, IPPROTO_TCP, TCP_NODELAY, (const char *)&nodelay, sizeof nodelay);
    static char bytes[WAITALL_BYTES];
    seen.t[0] = th_now();
    send(c, bytes, sizeof bytes, 0);
    Sleep(5000);
    closesocket(c);
    return 0;
}

static int waitall_server(int argc, char **argv)
{
    (void)argc, (void)argv;
    start();
    SOCKET l = listen_on("0.0.0.0", PORT, 5);
    SOCKET s = accept(l, NULL, NULL);
    static char buf[WAITALL_BYTES];
    seen.v[0] = recv(s, buf, sizeof buf, MSG_WAITALL);
    seen.t[1] = th_now();
    closesocket(s);
    closesocket(l);
    return 0;
}

static void test_recv_waitall(void)
{
    two_hosts();
    run_pair(waitall_client, waitall_server);
    CHECK_INT_EQ(seen.v[0], WAITALL_BYTES);
    /* Behind the handshake's last ACK: 1460 + 1460 + 1080 bytes, then the
     * latency. */
    CHECK_INT_EQ(seen.t[1], seen.t[0] + ser(0) + 2 * ser(1460) + ser(1080) + LATENCY_NS);
}

/* ---- calls.recvfrom_on_stream -------------------------------------------------------- */

static int rfs_program(int argc, char **argv)
{
    (void)argc, (void)argv;
    start();
    SOCKET c, s;
    loopback_pair(PORT, &c, &s);
    send(c, "hello world", 11, 0);
    Sleep(1);
    char buf[64];
    struct sockaddr_in from;
    memset(&from, 0xAA, sizeof from);
    int fromlen = 3;                                /* too small: ignored, as the address is */
    seen.v[0] = recvfrom(s, buf, 5, 0, (struct sockaddr *)&from, &fromlen);
    memcpy(seen.data, buf, 5);
    seen.v[1] = fromlen;
    seen.v[2] = ((unsigned char *)&from)[0];
    seen.v[3] = recvfrom(s, buf, sizeof buf, 0, NULL, NULL);
    memcpy(seen.data + 5, buf, 6);

    /* WSARecvFrom on a stream socket is WSARecv. */
    send(c, "xyz", 3, 0);
    Sleep(1);
    WSABUF one = {sizeof buf, buf};
    DWORD count = 0, flags = 0;
    seen.v[4] = WSARecvFrom(s, &one, 1, &count, &flags, (struct sockaddr *)16, &fromlen, NULL,
                            NULL);
    seen.v[5] = count;

    /* Non-blocking, nothing there; blocking, a byte sent meanwhile. */
    u_long on = 1;
    ioctlsocket(s, FIONBIO, &on);
    seen.v[6] = recvfrom(s, buf, sizeof buf, 0, NULL, NULL);
    seen.v[7] = WSAGetLastError();
    SOCKET fresh = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
    seen.v[8] = recvfrom(fresh, buf, sizeof buf, 0, (struct sockaddr *)&from, &fromlen);
    seen.v[9] = WSAGetLastError();
    closesocket(fresh);
    /* The end of the stream: 0. */
    shutdown(c, SD_SEND);
    Sleep(1);
    seen.v[10] = recvfrom(s, buf, sizeof buf, 0, NULL, NULL);
    closesocket(s);
    closesocket(c);
    return 0;
}

static void test_recvfrom_on_stream(void)
{
    two_hosts();
    th_program(world, host_a, "p", rfs_program, 0);
    run_world();
    CHECK_INT_EQ(seen.v[0], 5);
    CHECK_INT_EQ(seen.v[1], 3);
    CHECK_INT_EQ(seen.v[2], 0xAA);
    CHECK_INT_EQ(seen.v[3], 6);
    CHECK(memcmp(seen.data, "hello world", 11) == 0);
    CHECK_INT_EQ(seen.v[4], 0);
    CHECK_INT_EQ(seen.v[5], 3);
    CHECK_INT_EQ(seen.v[6], SOCKET_ERROR);
    CHECK_INT_EQ(seen.v[7], WSAEWOULDBLOCK);
    CHECK_INT_EQ(seen.v[8], SOCKET_ERROR);
    CHECK_INT_EQ(seen.v[9], WSAENOTCONN);
    CHECK_INT_EQ(seen.v[10], 0);
    CHECK_INT_EQ(th_count(world, WSIM_REC_CALL, "recvfrom"), 5);
}

/* ---- contract.W17_sio_flush ------------------------------------------------------------ */

/* SO_SNDBUF 1000: 2000 bytes are taken, a 500-byte overlapped WSASend
 * stays pending; SIO_FLUSH discards it with WSA_OPERATION_ABORTED, and the
 * peer gets the 2000 bytes and what is sent afterwards, never the 500. */
static int flush_client(int argc, char **argv)
{
    (void)argc, (void)argv;
    start();
    SOCKET s = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
    int sndbuf = 1000;
    setsockopt(s, SOL_SOCKET, SO_SNDBUF, (const char *)&sndbuf, sizeof sndbuf);
    struct sockaddr_in to = address("10.0.0.2", PORT);
    connect(s, (struct sockaddr *)&to, sizeof to);
    static char bytes[2000];
    memset(bytes, 'a', sizeof bytes);
    seen.v[0] = send(s, bytes, sizeof bytes, 0);
    static char flushed[500];
    memset(flushed, 'F', sizeof flushed);
    WSAOVERLAPPED ov;
    memset(&ov, 0, sizeof ov);
    ov.hEvent = WSACreateEvent();
    WSABUF b = {sizeof flushed, flushed};
    seen.v[1] = WSASend(s, &b, 1, NULL, 0, &ov, NULL);
    seen.v[2] = WSAGetLastError();
    DWORD n = 0xDEADBEEF, f;
    seen.t[0] = th_now();
    seen.v[3] = WSAIoctl(s, SIO_FLUSH, NULL, 0, NULL, 0, &n, NULL, NULL);
    seen.v[4] = n;
    seen.v[5] = WSAWaitForMultipleEvents(1, &ov.hEvent, TRUE, 0, FALSE);
    seen.v[6] = WSAGetOverlappedResult(s, &ov, &n, FALSE, &f);
    seen.v[7] = WSAGetLastError();
    seen.v[8] = n;
    /* Overlapped, with nothing left to flush: 0, and the completion. */
    WSAOVERLAPPED ov2;
    memset(&ov2, 0, sizeof ov2);
    ov2.hEvent = WSACreateEvent();
    seen.v[9] = WSAIoctl(s, SIO_FLUSH, NULL, 0, NULL, 0, &n, &ov2, NULL);
    seen.v[10] = WSAWaitForMultipleEvents(1, &ov2.hEvent, TRUE, 0, FALSE);
    seen.v[11] = (long long)ov2.Internal;
    seen.v[12] = WSAIoctl(s, SIO_FLUSH, NULL, 0, NULL, 0, NULL, NULL, NULL);
    seen.v[13] = WSAGetLastError();
    /* The socket goes on. */
    seen.v[14] = send(s, "tail", 4, 0);
    closesocket(s);
    WSACloseEvent(ov.hEvent);
    WSACloseEvent(ov2.hEvent);
    return 0;
}

static void test_W17_sio_flush(void)
{
    two_hosts();
    run_pair(flush_client, reading_server);
    CHECK_INT_EQ(seen.v[0], 2000);
    CHECK_INT_EQ(seen.v[1], SOCKET_ERROR);
    CHECK_INT_EQ(seen.v[2], WSA_IO_PENDING);
    CHECK_INT_EQ(seen.v[3], 0);
    CHECK_INT_EQ(seen.v[4], 0);
    CHECK_INT_EQ(seen.v[5], WSA_WAIT_EVENT_0);
    CHECK_INT_EQ(seen.v[6], FALSE);
    CHECK_INT_EQ(seen.v[7], WSA_OPERATION_ABORTED);
    CHECK_INT_EQ(seen.v[8], 0);
    const wsim_record *aborted = completion_of("WSASend", 0);
    CHECK(aborted != NULL);
    if (aborted) {
        CHECK_INT_EQ(aborted->time_ns, seen.t[0]);
        CHECK_INT_EQ(aborted->a[1], 0);
        CHECK_INT_EQ(aborted->a[2], WSA_OPERATION_ABORTED);
    }
    CHECK_INT_EQ(seen.v[9], 0);
    CHECK_INT_EQ(seen.v[10], WSA_WAIT_EVENT_0);
    CHECK_INT_EQ(seen.v[11], 0);
    CHECK_INT_EQ(seen.v[12], SOCKET_ERROR);
    CHECK_INT_EQ(seen.v[13], WSAEFAULT);
    CHECK_INT_EQ(seen.v[14], 4);
    CHECK_INT_EQ(seen.data_len, 2004);
    CHECK(memchr(seen.data, 'F', (size_t)seen.data_len) == NULL);
    CHECK(memcmp(seen.data + 2000, "tail", 4) == 0);
}

/* ---- calls.wsaioctl ------------------------------------------------------------------ */

/* The codes WSAIoctl shares with ioctlsocket, and one it does not know. */
static int ioctl_program(int argc, char **argv)
{
    (void)argc, (void)argv;
    start();
    SOCKET c, s;
    loopback_pair(PORT, &c, &s);
    send(c, "12345", 5, 0);
    Sleep(1);
    u_long value = 0xDEAD;
    DWORD n = 0xDEADBEEF;
    seen.v[0] = WSAIoctl(s, FIONREAD, NULL, 0, &value, sizeof value, &n, NULL, NULL);
    seen.v[1] = value;
    seen.v[2] = n;
    n = 0xDEADBEEF;
    seen.v[3] = WSAIoctl(s, FIONREAD, NULL, 0, &value, sizeof value - 1, &n, NULL, NULL);
    seen.v[4] = WSAGetLastError();
    seen.v[5] = n;                                /* untouched */
    seen.v[6] = WSAIoctl(s, FIONREAD, NULL, 0, &value, sizeof value, NULL, NULL, NULL);
    seen.v[7] = WSAGetLastError();
    seen.v[8] = WSAIoctl(s, SIOCATMARK, NULL, 0, &value, sizeof value, &n, NULL, NULL);
    seen.v[9] = value;
    u_long on = 1;
    seen.v[10] = WSAIoctl(s, FIONBIO, &on, sizeof on, NULL, 0, &n, NULL, NULL);
    seen.v[11] = n;
    char buf[8];
    recv(s, buf, sizeof buf, 0);
    seen.v[12] = recv(s, buf, sizeof buf, 0);     /* non-blocking now */
    seen.v[13] = WSAGetLastError();
    /* Overlapped: done at once, the completion with 0 bytes. */
    WSAOVERLAPPED ov;
    memset(&ov, 0, sizeof ov);
    ov.hEvent = WSACreateEvent();
    seen.v[14] = WSAIoctl(s, FIONREAD, NULL, 0, &value, sizeof value, &n, &ov, NULL);
    seen.v[15] = n;
    seen.v[16] = WSAWaitForMultipleEvents(1, &ov.hEvent, TRUE, 0, FALSE);
    seen.v[17] = (long long)ov.InternalHigh;
    /* An unknown code: WSAEOPNOTSUPP; overlapped, pending, then that. */
    n = 0xDEADBEEF;
    seen.v[18] = WSAIoctl(s, 0xdeadbeef, NULL, 0, NULL, 0, &n, NULL, NULL);
    seen.v[19] = WSAGetLastError();
    seen.v[20] = n;
    WSAResetEvent(ov.hEvent);
    seen.v[21] = WSAIoctl(s, 0xdeadbeef, NULL, 0, NULL, 0, &n, &ov, NULL);
    seen.v[22] = WSAGetLastError();
    seen.v[23] = WSAWaitForMultipleEvents(1, &ov.hEvent, TRUE, 0, FALSE);
    seen.v[24] = (long long)ov.Internal;
    seen.v[25] = WSAIoctl((SOCKET)0x9990, FIONREAD, NULL, 0, &value, sizeof value, &n, NULL, NULL);
    seen.v[26] = WSAGetLastError();
    closesocket(s);
    closesocket(c);
    WSACloseEvent(ov.hEvent);
    return 0;
}

static void test_wsaioctl(void)
{
    two_hosts();
    th_program(world, host_a, "p", ioctl_program, 0);
    run_world();
    CHECK_INT_EQ(seen.v[0], 0);
    CHECK_INT_EQ(seen.v[1], 5);
    CHECK_INT_EQ(seen.v[2], sizeof(u_long));
    CHECK_INT_EQ(seen.v[3], SOCKET_ERROR);
    CHECK_INT_EQ(seen.v[4], WSAEFAULT);
    CHECK_INT_EQ(seen.v[5], 0xDEADBEEF);
    CHECK_INT_EQ(seen.v[6], SOCKET_ERROR);
    CHECK_INT_EQ(seen.v[7], WSAEFAULT);
    CHECK_INT_EQ(seen.v[8], 0);
    CHECK_INT_EQ(seen.v[9], TRUE);
    CHECK_INT_EQ(seen.v[10], 0);
    CHECK_INT_EQ(seen.v[11], 0);
    CHECK_INT_EQ(seen.v[12], SOCKET_ERROR);
    CHECK_INT_EQ(seen.v[13], WSAEWOULDBLOCK);
    CHECK_INT_EQ(seen.v[14], 0);
    CHECK_INT_EQ(seen.v[15], sizeof(u_long));
    CHECK_INT_EQ(seen.v[16], WSA_WAIT_EVENT_0);
    CHECK_INT_EQ(seen.v[17], 0);
    CHECK_INT_EQ(seen.v[18], SOCKET_ERROR);
    CHECK_INT_EQ(seen.v[19], WSAEOPNOTSUPP);
    CHECK_INT_EQ(seen.v[20], 0);
    CHECK_INT_EQ(seen.v[21], SOCKET_ERROR);
    CHECK_INT_EQ(seen.v[22], WSA_IO_PENDING);
    CHECK_INT_EQ(seen.v[23], WSA_WAIT_EVENT_0);
    CHECK_INT_EQ(seen.v[24], WSAEOPNOTSUPP);
    CHECK_INT_EQ(seen.v[25], SOCKET_ERROR);
    CHECK_INT_EQ(seen.v[26], WSAENOTSOCK);
}

/* ---- contract.W04_too_many_overlapped -------------------------------------------------- */

#define LIMIT 2

static int w04_program(int argc, char **argv)
{
    (void)argc, (void)argv;
    start();
    SOCKET c, s;
    loopback_pair(PORT, &c, &s);
    static WSAOVERLAPPED ov[4], sov[3];
    char buf[4][16];
    DWORD flags = 0;
    /* Two receives pend; a third is one too many. */
    for (int i = 0; i < 3; i++) {
        WSABUF b = {sizeof buf[i], buf[i]};
        ov[i].Internal = 0x1234;
        seen.v[2 * i] = WSARecv(s, &b, 1, NULL, &flags, &ov[i], NULL);
        seen.v[2 * i + 1] = WSAGetLastError();
    }
    seen.v[6] = (long long)ov[2].Internal;          /* untouched: W03 */
    /* One completes: there is room for one more, a send that pends. */
    send(c, "x", 1, 0);
    Sleep(1);
    int sndbuf = 1000;
    setsockopt(s, SOL_SOCKET, SO_SNDBUF, (const char *)&sndbuf, sizeof sndbuf);
    static char bytes[2000];
    seen.v[7] = send(s, bytes, sizeof bytes, 0);
    WSABUF out = {100, bytes};
    seen.v[8] = WSASend(s, &out, 1, NULL, 0, &sov[0], NULL);
    seen.v[9] = WSAGetLastError();
    /* The send counts as the receives do: neither fits now. */
    WSABUF b = {sizeof buf[3], buf[3]};
    seen.v[10] = WSARecv(s, &b, 1, NULL, &flags, &ov[3], NULL);
    seen.v[11] = WSAGetLastError();
    seen.v[12] = WSASend(s, &out, 1, NULL, 0, &sov[1], NULL);
    seen.v[13] = WSAGetLastError();

    /* A request that completes at once never counts: overlapped sends on
     * a datagram socket with two receives pending. */
    SOCKET u = socket(AF_INET, SOCK_DGRAM, IPPROTO_UDP);
    struct sockaddr_in self = address("127.0.0.1", PORT + 1);
    bind(u, (struct sockaddr *)&self, sizeof self);
    static WSAOVERLAPPED uov[3];
    struct sockaddr_in from;
    int fromlen = sizeof from;
    for (int i = 0; i < 2; i++) {
        WSABUF ub = {sizeof buf[i], buf[i]};
        WSARecvFrom(u, &ub, 1, NULL, &flags, (struct sockaddr *)&from, &fromlen, &uov[i], NULL);
    }
    WSABUF ub = {1, "d"};
    DWORD sent = 0;
    seen.v[14] = WSASendTo(u, &ub, 1, &sent, 0, (struct sockaddr *)&self, sizeof self, &uov[2],
                           NULL);
    seen.v[15] = sent;
    closesocket(u);
    closesocket(s);
    closesocket(c);
    return 0;
}

/* Host b has no limit (the default): 300 receives pend on one socket. */
static int unlimited_program(int argc, char **argv)
{
    (void)argc, (void)argv;
    start();
    SOCKET c, s;
    loopback_pair(PORT, &c, &s);
    static WSAOVERLAPPED ov[300];
    static char buf[300];
    DWORD flags = 0;
    for (int i = 0; i < 300; i++) {
        WSABUF b = {1, &buf[i]};
        if (WSARecv(s, &b, 1, NULL, &flags, &ov[i], NULL) == SOCKET_ERROR &&
            WSAGetLastError() == WSA_IO_PENDING)
            seen.v[40]++;
    }
    closesocket(s);
    closesocket(c);
    return 0;
}

static void test_W04_too_many_overlapped(void)
{
    two_hosts();
    wsapi_host_set_max_overlapped(host_a, LIMIT);
    th_program(world, host_a, "limited", w04_program, 0);
    /* After the limited program, whose calls the checks count from 0. */
    th_program(world, host_b, "unlimited", unlimited_program, 1000 * MS);
    run_world();
    CHECK_INT_EQ(seen.v[0], SOCKET_ERROR);
    CHECK_INT_EQ(seen.v[1], WSA_IO_PENDING);
    CHECK_INT_EQ(seen.v[2], SOCKET_ERROR);
    CHECK_INT_EQ(seen.v[3], WSA_IO_PENDING);
    CHECK_INT_EQ(seen.v[4], SOCKET_ERROR);
    CHECK_INT_EQ(seen.v[5], WSAEWOULDBLOCK);
    CHECK_INT_EQ(seen.v[6], 0x1234);
    CHECK_INT_EQ(seen.v[7], 2000);
    CHECK_INT_EQ(seen.v[8], SOCKET_ERROR);
    CHECK_INT_EQ(seen.v[9], WSA_IO_PENDING);
    CHECK_INT_EQ(seen.v[10], SOCKET_ERROR);
    CHECK_INT_EQ(seen.v[11], WSAEWOULDBLOCK);
    CHECK_INT_EQ(seen.v[12], SOCKET_ERROR);
    CHECK_INT_EQ(seen.v[13], WSAEWOULDBLOCK);
    CHECK_INT_EQ(seen.v[14], 0);
    CHECK_INT_EQ(seen.v[15], 1);
    CHECK_INT_EQ(seen.v[40], 300);
    /* No completion for a refused request (W03). */
    CHECK(completion_of("WSARecv", 2) == NULL);
    CHECK(completion_of("WSARecv", 3) == NULL);
    CHECK(completion_of("WSASend", 0) != NULL);
    CHECK(completion_of("WSASend", 1) == NULL);

    /* The scenario sets the limit: "max_overlapped" on a host. */
    static const char text[] =
        "{\"hosts\": [{\"name\": \"a\", \"address\": \"10.0.0.1\", \"max_overlapped\": 2},"
        "             {\"name\": \"b\", \"address\": \"10.0.0.2\"}]}";
    wsim_scenario scenario;
    char err[512];
    CHECK_INT_EQ(wsim_scenario_parse("w04.json", text, &scenario, err, sizeof err), 0);
    CHECK_INT_EQ(scenario.hosts[0].max_overlapped, 2);
    CHECK_INT_EQ(scenario.hosts[1].max_overlapped, 0);
    wsim_observer none = {0};
    wsim_sim *sim = wsim_world_build(&scenario, NULL, none, err, sizeof err);
    CHECK(sim != NULL);
    if (sim) {
        CHECK_INT_EQ(wsapi_host_of(sim->hosts[0])->max_overlapped, 2);
        CHECK_INT_EQ(wsapi_host_of(sim->hosts[1])->max_overlapped, 0);
        wsim_sim_free(sim);
    }
    wsim_scenario_free(&scenario);
    static const char zero[] =
        "{\"hosts\": [{\"name\": \"a\", \"address\": \"10.0.0.1\", \"max_overlapped\": 0}]}";
    CHECK_INT_EQ(wsim_scenario_parse("w04.json", zero, &scenario, err, sizeof err), -1);
    CHECK_CONTAINS(err, "$.hosts[0].max_overlapped");
}

int main(int argc, char **argv)
{
    static const test_case cases[] = {
        {"wsarecv_overlapped_event", test_wsarecv_overlapped_event},
        {"wsarecv_routine", test_wsarecv_routine},
        {"recvfrom_on_stream", test_recvfrom_on_stream},
        {"recv_waitall_returns_when_full", test_recv_waitall},
        {"W17_sio_flush", test_W17_sio_flush},
        {"wsaioctl", test_wsaioctl},
        {"W04_too_many_overlapped", test_W04_too_many_overlapped},
    };
    return test_main(argc, argv, cases, sizeof cases / sizeof cases[0], end_world);
}
