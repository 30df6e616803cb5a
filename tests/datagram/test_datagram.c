/* test_datagram.c — datagram (UDP) sockets: the send contract's datagram
 * rows (contract.<ID>_<what>) and the transport's own model (datagram.<what>),
 * each case its own CTest test.
 *
 * Programs are plain C functions written against the Winsock headers, run on
 * simulated hosts through the embedding API (tests/support/harness.h).
 * Expected values come from the scenario's parameters and the documented
 * model (sim/datagram.h, README "The model"): a packet of B payload bytes
 * occupies a link for (B + header) × 8 / bandwidth, then travels for the
 * latency; a UDP datagram's header is 28 bytes (20 IP + 8 UDP), a further
 * fragment's 20, an ICMP error is 28 bytes of quote behind a 28-byte header.
 */
#include <stdlib.h>
#include <string.h>

#include "sim/fault.h"
#include "tests/support/cases.h"
#include "tests/support/world.h"

#define LATENCY_NS (10 * MS)
#define BANDWIDTH 10000000ULL      /* 10 Mbit/s */
#define UDP_HEADER 28              /* IPv4 20 + UDP 8 */
#define ICMP_PACKET 56             /* IPv4 20 + ICMP 8 + quote 28 */

/* Serialization time of a packet of `wire` bytes (headers included). */
static int64_t ser(uint64_t wire)
{
    return (int64_t)((wire * 8u * 1000000000u + BANDWIDTH - 1) / BANDWIDTH);
}

static int64_t packed(const char *ip, int port)
{
    return ((int64_t)ntohl(inet_addr(ip)) << 16) | port;
}

#define RECEIVE_MAX 4096            /* what the receivers here take at most */

static wsim_host *host_r;
static char big[70000];

/* Host a (10.0.0.1) and host b (10.0.0.2), one 10 ms, 10 Mbit/s link. */
static void two_hosts(uint32_t queue)
{
    new_world(1, 60 * SEC);
    link_two_hosts(LATENCY_NS, BANDWIDTH, queue);
}

static SOCKET udp_socket(void)
{
    return socket(AF_INET, SOCK_DGRAM, IPPROTO_UDP);
}

static int send_to(SOCKET s, const char *buf, int len, const char *ip, int port)
{
    struct sockaddr_in to = address(ip, port);
    return sendto(s, buf, len, 0, (struct sockaddr *)&to, sizeof to);
}

static void set_int(SOCKET s, int level, int name, int value)
{
    setsockopt(s, level, name, (const char *)&value, sizeof value);
}

/* A server on b that receives one datagram into seen.data / seen.from. */
static int receive_one(int argc, char **argv)
{
    (void)argc, (void)argv;
    start();
    SOCKET s = udp_bound(PORT);
    int fromlen = sizeof seen.from;
    seen.data_len = recvfrom(s, seen.data, RECEIVE_MAX, 0, (struct sockaddr *)&seen.from,
                             &fromlen);
    seen.t[20] = th_now();
    closesocket(s);
    return 0;
}

/* Segment records of `event` at host whose destination is `dst`. */
static int count_segments(const char *event, const wsim_host *host, int64_t dst)
{
    int n = 0;
    const wsim_record *r;
    for (int i = 0; (r = th_find(world, WSIM_REC_SEGMENT, event, i)); i++)
        if (r->host == host->id && (dst < 0 || r->a[1] == dst))
            n++;
    return n;
}

/* The n-th segment record of `event` at host (any destination). */
static const wsim_record *segment_at(const char *event, const wsim_host *host, int n)
{
    const wsim_record *r;
    for (int i = 0; (r = th_find(world, WSIM_REC_SEGMENT, event, i)); i++)
        if (r->host == host->id && n-- == 0)
            return r;
    return NULL;
}

static int count_drops(const char *why)
{
    int n = 0;
    const wsim_record *r;
    for (int i = 0; (r = th_find(world, WSIM_REC_SEGMENT, "drop", i)); i++)
        if (r->text && strstr(r->text, why))
            n++;
    return n;
}

/* ---- S04: a broadcast needs SO_BROADCAST --------------------------------- */

static int s04_program(int argc, char **argv)
{
    (void)argc, (void)argv;
    start();
    SOCKET s = udp_socket();
    seen.ret[0] = send_to(s, "hello", 5, "255.255.255.255", PORT);
    seen.err[0] = WSAGetLastError();
    struct sockaddr_in all = address("255.255.255.255", PORT);
    seen.ret[1] = connect(s, (struct sockaddr *)&all, sizeof all);
    seen.err[1] = WSAGetLastError();
    set_int(s, SOL_SOCKET, SO_BROADCAST, 1);
    int value = 0, len = sizeof value;
    getsockopt(s, SOL_SOCKET, SO_BROADCAST, (char *)&value, &len);
    seen.ret[2] = value;
    seen.t[0] = th_now();
    seen.ret[3] = send_to(s, "hello", 5, "255.255.255.255", PORT);
    closesocket(s);
    return 0;
}

static void test_S04(void)
{
    two_hosts(100);
    th_program(world, host_a, "a", s04_program, 0);
    run_world();
    CHECK_INT_EQ(seen.ret[0], SOCKET_ERROR);
    CHECK_INT_EQ(seen.err[0], WSAEACCES);
    CHECK_INT_EQ(seen.ret[1], SOCKET_ERROR);   /* connect's documentation: WSAEACCES too */
    CHECK_INT_EQ(seen.err[1], WSAEACCES);
    CHECK_INT_EQ(seen.ret[2], 1);
    CHECK_INT_EQ(seen.ret[3], 5);
    /* The refused sends left nothing in the trace; the permitted one was
     * handed to the network, which records its fate (sent or dropped). */
    const wsim_record *first = th_find(world, WSIM_REC_SEGMENT, NULL, 0);
    CHECK(first != NULL);
    if (first) {
        CHECK_INT_EQ(first->time_ns, seen.t[0]);
        CHECK_INT_EQ(first->a[1] >> 16, 0xFFFFFFFFLL);
        CHECK_INT_EQ(first->a[4], 5);
    }
}

/* ---- S12: MSG_OOB on a datagram socket ---------------------------------- */

static int s12_program(int argc, char **argv)
{
    (void)argc, (void)argv;
    start();
    SOCKET s = udp_bound(0);
    struct sockaddr_in to = address("10.0.0.2", PORT);
    connect(s, (struct sockaddr *)&to, sizeof to);
    seen.ret[0] = send(s, "x", 1, MSG_OOB);
    seen.err[0] = WSAGetLastError();
    seen.ret[1] = sendto(s, "x", 1, MSG_OOB, (struct sockaddr *)&to, sizeof to);
    seen.err[1] = WSAGetLastError();
    WSABUF buf = {1, "x"};
    DWORD sent = 0;
    seen.ret[2] = WSASend(s, &buf, 1, &sent, MSG_OOB, NULL, NULL);
    seen.err[2] = WSAGetLastError();
    seen.ret[3] = WSASendTo(s, &buf, 1, &sent, MSG_OOB, (struct sockaddr *)&to, sizeof to, NULL,
                            NULL);
    seen.err[3] = WSAGetLastError();
    char in[4];
    seen.ret[4] = recv(s, in, sizeof in, MSG_OOB);
    seen.err[4] = WSAGetLastError();
    /* Precedence: a bad buffer is reported before the flag (calls.h). */
    seen.ret[5] = send(s, NULL, 1, MSG_OOB);
    seen.err[5] = WSAGetLastError();
    closesocket(s);
    return 0;
}

static void test_S12(void)
{
    two_hosts(100);
    th_program(world, host_a, "a", s12_program, 0);
    run_world();
    for (int i = 0; i < 5; i++) {
        CHECK_INT_EQ(seen.ret[i], SOCKET_ERROR);
        CHECK_INT_EQ(seen.err[i], WSAEOPNOTSUPP);
    }
    CHECK_INT_EQ(seen.ret[5], SOCKET_ERROR);
    CHECK_INT_EQ(seen.err[5], WSAEFAULT);
    CHECK_INT_EQ(th_count(world, WSIM_REC_SEGMENT, NULL), 0);
}

/* ---- S15: more than SO_MAX_MSG_SIZE: WSAEMSGSIZE, nothing sent ------------- */

static int s15_program(int argc, char **argv)
{
    (void)argc, (void)argv;
    start();
    SOCKET rx = udp_bound(PORT);
    SOCKET s = udp_bound(0);
    seen.ret[0] = send_to(s, big, 65508, "10.0.0.1", PORT);
    seen.err[0] = WSAGetLastError();
    struct sockaddr_in to = address("10.0.0.1", PORT);
    connect(s, (struct sockaddr *)&to, sizeof to);
    seen.ret[1] = send(s, big, 65508, 0);
    seen.err[1] = WSAGetLastError();
    seen.t[0] = th_now();
    seen.ret[2] = send(s, big, 65507, 0);      /* the largest: one loopback packet */
    static char in[70000];
    seen.ret[3] = recv(rx, in, sizeof in, 0);
    seen.ret[4] = memcmp(in, big, 65507) == 0;
    closesocket(s);
    closesocket(rx);
    return 0;
}

static void test_S15(void)
{
    two_hosts(100);
    for (size_t i = 0; i < sizeof big; i++)
        big[i] = (char)(i * 7);
    th_program(world, host_a, "a", s15_program, 0);
    run_world();
    CHECK_INT_EQ(seen.ret[0], SOCKET_ERROR);
    CHECK_INT_EQ(seen.err[0], WSAEMSGSIZE);
    CHECK_INT_EQ(seen.ret[1], SOCKET_ERROR);
    CHECK_INT_EQ(seen.err[1], WSAEMSGSIZE);
    CHECK_INT_EQ(seen.ret[2], 65507);
    CHECK_INT_EQ(seen.ret[3], 65507);
    CHECK_INT_EQ(seen.ret[4], 1);
    /* Only the permitted datagram appears: one packet each way of the
     * loopback, sent when the call was made. */
    CHECK_INT_EQ(th_count(world, WSIM_REC_SEGMENT, "send"), 1);
    const wsim_record *sent = th_find(world, WSIM_REC_SEGMENT, "send", 0);
    if (sent) {
        CHECK_INT_EQ(sent->time_ns, seen.t[0]);
        CHECK_INT_EQ(sent->a[4], 65507);
    }
}

/* ---- W12: the gathered total exceeds SO_MAX_MSG_SIZE ---------------------- */

static int w12_program(int argc, char **argv)
{
    (void)argc, (void)argv;
    start();
    SOCKET s = udp_bound(0);
    struct sockaddr_in to = address("10.0.0.2", PORT);
    WSABUF parts[2] = {{40000, big}, {25508, big + 40000}};
    DWORD sent = 0xDEADBEEF;
    seen.ret[0] = WSASendTo(s, parts, 2, &sent, 0, (struct sockaddr *)&to, sizeof to, NULL, NULL);
    seen.err[0] = WSAGetLastError();
    WSAOVERLAPPED ov;
    memset(&ov, 0, sizeof ov);
    ov.hEvent = WSACreateEvent();
    seen.ret[1] = WSASendTo(s, parts, 2, &sent, 0, (struct sockaddr *)&to, sizeof to, &ov, NULL);
    seen.err[1] = WSAGetLastError();
    seen.ret[2] = (int)WSAWaitForMultipleEvents(1, &ov.hEvent, TRUE, 0, FALSE);
    seen.count = sent;
    parts[1].len = 25507;
    seen.ret[3] = WSASendTo(s, parts, 2, &sent, 0, (struct sockaddr *)&to, sizeof to, NULL, NULL);
    seen.ret[4] = (int)sent;
    WSACloseEvent(ov.hEvent);
    closesocket(s);
    return 0;
}

static void test_W12(void)
{
    two_hosts(100);
    th_program(world, host_a, "a", w12_program, 0);
    run_world();
    CHECK_INT_EQ(seen.ret[0], SOCKET_ERROR);
    CHECK_INT_EQ(seen.err[0], WSAEMSGSIZE);
    CHECK_INT_EQ(seen.ret[1], SOCKET_ERROR);
    CHECK_INT_EQ(seen.err[1], WSAEMSGSIZE);
    CHECK_INT_EQ(seen.ret[2], WSA_WAIT_TIMEOUT);   /* W03: no completion */
    CHECK_INT_EQ(seen.count, 0xDEADBEEF);
    CHECK_INT_EQ(th_count(world, WSIM_REC_COMPLETION, NULL), 0);
    CHECK_INT_EQ(seen.ret[3], 0);
    CHECK_INT_EQ(seen.ret[4], 65507);
    /* Nothing of the refused sends was transmitted: every packet sent
     * belongs to the 65507-byte datagram (45 fragments at MTU 1500). */
    int64_t payload = 0;
    const wsim_record *r;
    for (int i = 0; (r = th_find(world, WSIM_REC_SEGMENT, "send", i)); i++)
        payload += r->a[4];
    CHECK_INT_EQ(payload, 65507);
    CHECK_INT_EQ(th_count(world, WSIM_REC_SEGMENT, "send"), (65507 + 8 + 1479) / 1480);
}

/* ---- S26: a zero-length datagram is transmitted ------------------------- */

static int s26_client(int argc, char **argv)
{
    (void)argc, (void)argv;
    start();
    SOCKET s = udp_socket();
    seen.t[0] = th_now();
    seen.ret[0] = send_to(s, "", 0, "10.0.0.2", PORT);
    closesocket(s);
    return 0;
}

static void test_S26(void)
{
    two_hosts(100);
    th_program(world, host_b, "b", receive_one, 0);
    th_program(world, host_a, "a", s26_client, MS);
    run_world();
    CHECK_INT_EQ(seen.ret[0], 0);
    CHECK_INT_EQ(seen.data_len, 0);                     /* received as a 0-byte datagram */
    CHECK_INT_EQ(seen.from.sin_addr.s_addr, inet_addr("10.0.0.1"));
    const wsim_record *tx = segment_at("send", host_a, 0);
    const wsim_record *rx = segment_at("recv", host_b, 0);
    CHECK(tx && rx);
    if (tx && rx) {
        CHECK_INT_EQ(tx->a[4], 0);
        CHECK_INT_EQ(tx->a[1], packed("10.0.0.2", PORT));
        CHECK_INT_EQ(tx->time_ns, seen.t[0]);
        CHECK_INT_EQ(rx->a[4], 0);
        CHECK_INT_EQ(rx->time_ns, seen.t[0] + ser(UDP_HEADER) + LATENCY_NS);
        CHECK_INT_EQ(seen.t[20], rx->time_ns);
    }
}

/* ---- W07: WSASend with and without a default peer ------------------------ */

static int w07_client(int argc, char **argv)
{
    (void)argc, (void)argv;
    start();
    SOCKET s = udp_socket();
    WSABUF parts[2] = {{2, "ab"}, {3, "cde"}};
    DWORD sent = 0xDEADBEEF;
    seen.ret[0] = WSASend(s, parts, 2, &sent, 0, NULL, NULL);    /* no default peer */
    seen.err[0] = WSAGetLastError();
    seen.ret[1] = send(s, "x", 1, 0);                            /* S10 */
    seen.err[1] = WSAGetLastError();
    struct sockaddr_in to = address("10.0.0.2", PORT);
    seen.ret[2] = connect(s, (struct sockaddr *)&to, sizeof to);
    seen.ret[3] = WSASend(s, parts, 2, &sent, 0, NULL, NULL);
    seen.count = sent;
    WSAOVERLAPPED ov;
    memset(&ov, 0, sizeof ov);
    ov.hEvent = WSACreateEvent();
    DWORD flags = 0, bytes = 0;
    seen.ret[4] = WSASend(s, parts, 1, &sent, 0, &ov, NULL);     /* W01: done at once */
    seen.ret[5] = (int)WSAWaitForMultipleEvents(1, &ov.hEvent, TRUE, 0, FALSE);
    seen.ret[6] = WSAGetOverlappedResult(s, &ov, &bytes, FALSE, &flags);
    seen.ret[7] = (int)bytes;
    WSACloseEvent(ov.hEvent);
    closesocket(s);
    return 0;
}

/* Receives two datagrams into seen.data, "|"-separated. */
static int receive_two(int argc, char **argv)
{
    (void)argc, (void)argv;
    start();
    SOCKET s = udp_bound(PORT);
    for (int i = 0; i < 2; i++) {
        int n = recv(s, seen.data + seen.data_len, 64, 0);
        seen.data_len += n > 0 ? n : 0;
        seen.data[seen.data_len++] = '|';
    }
    closesocket(s);
    return 0;
}

static void test_W07(void)
{
    two_hosts(100);
    th_program(world, host_b, "b", receive_two, 0);
    th_program(world, host_a, "a", w07_client, MS);
    run_world();
    CHECK_INT_EQ(seen.ret[0], SOCKET_ERROR);
    CHECK_INT_EQ(seen.err[0], WSAENOTCONN);
    CHECK_INT_EQ(seen.ret[1], SOCKET_ERROR);
    CHECK_INT_EQ(seen.err[1], WSAENOTCONN);
    CHECK_INT_EQ(seen.ret[2], 0);
    CHECK_INT_EQ(seen.ret[3], 0);
    CHECK_INT_EQ(seen.count, 5);
    CHECK_INT_EQ(seen.ret[4], 0);
    CHECK_INT_EQ(seen.ret[5], WSA_WAIT_EVENT_0);
    CHECK_INT_EQ(seen.ret[6], TRUE);
    CHECK_INT_EQ(seen.ret[7], 2);
    /* The gathered buffers left as one datagram (W05), then the second. */
    seen.data[seen.data_len] = '\0';
    CHECK_STR_EQ(seen.data, "abcde|ab|");
    CHECK_INT_EQ(count_segments("send", host_a, packed("10.0.0.2", PORT)), 2);
    const wsim_record *done = th_find(world, WSIM_REC_COMPLETION, "WSASend", 0);
    const wsim_record *call = th_find(world, WSIM_REC_CALL, "WSASend", 2);
    CHECK(done && call);
    if (done && call) {
        CHECK_INT_EQ(done->a[0], (int64_t)call->seq);
        CHECK_INT_EQ(done->a[1], 2);
        CHECK_STR_EQ(done->text, "event");
    }
}

/* ---- S19: a datagram to a port nobody has ---------------------------------- */

static int s19_client(int argc, char **argv)
{
    (void)argc, (void)argv;
    start();
    SOCKET s = udp_bound(0);
    char in[16];
    seen.t[0] = th_now();
    seen.ret[0] = send_to(s, "ping", 4, "10.0.0.2", 5999);
    seen.ret[1] = recv(s, in, sizeof in, 0);               /* woken by the ICMP */
    seen.err[1] = WSAGetLastError();
    seen.t[1] = th_now();
    seen.ret[2] = send_to(s, "ping", 4, "10.0.0.2", 5999); /* sends keep succeeding */
    seen.ret[3] = send_to(s, "ping", 4, "10.0.0.2", 5999);
    Sleep(100);
    struct sockaddr_in from;
    int fromlen = sizeof from;
    seen.ret[4] = recvfrom(s, in, sizeof in, 0, (struct sockaddr *)&from, &fromlen);
    seen.err[4] = WSAGetLastError();
    seen.ret[5] = recvfrom(s, in, sizeof in, 0, (struct sockaddr *)&from, &fromlen);
    seen.err[5] = WSAGetLastError();
    u_long on = 1;
    ioctlsocket(s, FIONBIO, &on);
    seen.ret[6] = recvfrom(s, in, sizeof in, 0, (struct sockaddr *)&from, &fromlen);
    seen.err[6] = WSAGetLastError();                       /* one error per ICMP, no more */
    closesocket(s);
    return 0;
}

static void test_S19(void)
{
    two_hosts(100);
    th_program(world, host_a, "a", s19_client, MS);
    run_world();
    CHECK_INT_EQ(seen.ret[0], 4);
    CHECK_INT_EQ(seen.ret[1], SOCKET_ERROR);
    CHECK_INT_EQ(seen.err[1], WSAECONNRESET);
    /* The datagram crosses, b answers at once, the ICMP crosses back. */
    CHECK_INT_EQ(seen.t[1],
                 seen.t[0] + ser(4 + UDP_HEADER) + LATENCY_NS + ser(ICMP_PACKET) + LATENCY_NS);
    CHECK_INT_EQ(seen.ret[2], 4);
    CHECK_INT_EQ(seen.ret[3], 4);
    for (int i = 4; i <= 5; i++) {
        CHECK_INT_EQ(seen.ret[i], SOCKET_ERROR);
        CHECK_INT_EQ(seen.err[i], WSAECONNRESET);
    }
    CHECK_INT_EQ(seen.ret[6], SOCKET_ERROR);
    CHECK_INT_EQ(seen.err[6], WSAEWOULDBLOCK);
    /* The trace: three datagrams dropped at b for want of a socket, and
     * three ICMP errors from b's port 5999 back to a. */
    CHECK_INT_EQ(count_drops("port-unreachable"), 3);
    int icmp = 0;
    const wsim_record *r;
    for (int i = 0; (r = th_find(world, WSIM_REC_SEGMENT, "send", i)); i++)
        if (r->host == host_b->id && r->a[0] == packed("10.0.0.2", 5999) && r->a[4] == 28)
            icmp++;
    CHECK_INT_EQ(icmp, 3);
    const wsim_record *first = segment_at("recv", host_a, 0);
    CHECK(first != NULL);
    if (first)
        CHECK_INT_EQ(first->time_ns, seen.t[1]);
}

/* ---- W04: the datagram's TTL runs out on the way ------------------------- */

static int w04_client(int argc, char **argv)
{
    (void)argc, (void)argv;
    start();
    SOCKET s = udp_bound(0);
    int ttl = 0, len = sizeof ttl;
    getsockopt(s, IPPROTO_IP, IP_TTL, (char *)&ttl, &len);
    seen.ret[0] = ttl;
    set_int(s, IPPROTO_IP, IP_TTL, 1);
    seen.t[0] = th_now();
    seen.ret[1] = send_to(s, "ping", 4, "10.0.0.3", PORT);
    char in[16];
    seen.ret[2] = recv(s, in, sizeof in, 0);
    seen.err[2] = WSAGetLastError();
    seen.t[1] = th_now();
    set_int(s, IPPROTO_IP, IP_TTL, 2);     /* enough for one router */
    seen.t[2] = th_now();
    seen.ret[3] = send_to(s, "ping", 4, "10.0.0.3", PORT);
    closesocket(s);
    return 0;
}

static void test_W04(void)
{
    /* a — r — b: r forwards between its two links. */
    new_world(1, 60 * SEC);
    host_a = th_host(world, "a", "10.0.0.1");
    host_r = th_host(world, "r", "10.0.0.2");
    host_b = th_host(world, "b", "10.0.0.3");
    th_link(world, host_a, host_r, LATENCY_NS, BANDWIDTH, 100);
    th_link(world, host_r, host_b, LATENCY_NS, BANDWIDTH, 100);
    th_program(world, host_b, "b", receive_one, 0);
    th_program(world, host_a, "a", w04_client, MS);
    run_world();
    CHECK_INT_EQ(seen.ret[0], 128);        /* Windows' DefaultTTL */
    CHECK_INT_EQ(seen.ret[1], 4);
    CHECK_INT_EQ(seen.ret[2], SOCKET_ERROR);
    CHECK_INT_EQ(seen.err[2], WSAENETRESET);
    CHECK_INT_EQ(seen.t[1],
                 seen.t[0] + ser(4 + UDP_HEADER) + LATENCY_NS + ser(ICMP_PACKET) + LATENCY_NS);
    CHECK_INT_EQ(count_drops("ttl-expired"), 1);
    const wsim_record *expired = th_find(world, WSIM_REC_SEGMENT, "drop", 0);
    if (expired) {
        CHECK_INT_EQ(expired->host, host_r->id);
        CHECK_INT_EQ(expired->time_ns, seen.t[0] + ser(4 + UDP_HEADER) + LATENCY_NS);
    }
    /* r's ICMP time exceeded, addressed to a. */
    CHECK_INT_EQ(count_segments("send", host_r, -1), 1);
    const wsim_record *icmp = segment_at("send", host_r, 0);
    if (icmp) {
        CHECK_INT_EQ(icmp->a[0] >> 16, packed("10.0.0.2", 0) >> 16);
        CHECK_INT_EQ(icmp->a[1] >> 16, packed("10.0.0.1", 0) >> 16);
        CHECK_INT_EQ(icmp->a[4], 28);
    }
    /* With a TTL of 2 the datagram is forwarded by r and reaches b. */
    CHECK_INT_EQ(seen.data_len, 4);
    CHECK_INT_EQ(seen.from.sin_addr.s_addr, inet_addr("10.0.0.1"));
    CHECK_INT_EQ(seen.t[20], seen.t[2] + 2 * (ser(4 + UDP_HEADER) + LATENCY_NS));
}

/* ---- datagram.fragmentation ----------------------------------------------- */

static int fragment_client(int argc, char **argv)
{
    (void)argc, (void)argv;
    start();
    SOCKET s = udp_socket();
    seen.t[0] = th_now();
    seen.ret[0] = send_to(s, big, 4000, "10.0.0.2", PORT);
    closesocket(s);
    return 0;
}

/* Waits 61 s at most for one datagram. */
static int patient_receiver(int argc, char **argv)
{
    (void)argc, (void)argv;
    start();
    SOCKET s = udp_bound(PORT);
    set_int(s, SOL_SOCKET, SO_RCVTIMEO, 61000);
    seen.ret[10] = recv(s, seen.data, RECEIVE_MAX, 0);
    seen.err[10] = WSAGetLastError();
    seen.t[10] = th_now();
    closesocket(s);
    return 0;
}

static void test_fragmentation(void)
{
    for (size_t i = 0; i < sizeof big; i++)
        big[i] = (char)(i * 13 + 1);
    /* Whole: 4000 bytes + the 8-byte UDP header make 4008 bytes of IP
     * payload, cut at MTU 1500 into 1480 + 1480 + 1048; the first carries
     * the UDP header (1472 bytes of data). */
    two_hosts(100);
    th_program(world, host_b, "b", receive_one, 0);
    th_program(world, host_a, "a", fragment_client, MS);
    run_world();
    CHECK_INT_EQ(seen.ret[0], 4000);
    CHECK_INT_EQ(seen.data_len, 4000);
    CHECK(memcmp(seen.data, big, 4000) == 0);
    static const int64_t data[3] = {1472, 1480, 1048};
    static const int64_t wire[3] = {1500, 1500, 1068};
    CHECK_INT_EQ(count_segments("send", host_a, -1), 3);
    int64_t done = seen.t[0];
    for (int i = 0; i < 3; i++) {
        const wsim_record *tx = segment_at("send", host_a, i);
        const wsim_record *rx = segment_at("recv", host_b, i);
        done += ser((uint64_t)wire[i]);
        CHECK(tx && rx);
        if (tx && rx) {
            CHECK_INT_EQ(tx->a[4], data[i]);
            CHECK_INT_EQ(tx->time_ns, seen.t[0]);
            CHECK_INT_EQ(rx->time_ns, done + LATENCY_NS);
        }
    }
    CHECK_INT_EQ(seen.t[20], done + LATENCY_NS);   /* delivered with the last fragment */
    th_free(world);

    /* One fragment lost: a queue of one packet drops the third fragment;
     * nothing is delivered, and 60 s after the first fragment came the
     * partial datagram is discarded. */
    two_hosts(1);
    world->sim->stop_ns = 120 * SEC;
    th_program(world, host_b, "b", patient_receiver, 0);
    th_program(world, host_a, "a", fragment_client, MS);
    run_world();
    CHECK_INT_EQ(seen.ret[0], 4000);
    CHECK_INT_EQ(seen.ret[10], SOCKET_ERROR);
    CHECK_INT_EQ(seen.err[10], WSAETIMEDOUT);
    CHECK_INT_EQ(count_drops("queue-full"), 1);
    CHECK_INT_EQ(count_drops("reassembly-timeout"), 1);
    const wsim_record *first = segment_at("recv", host_b, 0);
    const wsim_record *expired = NULL, *r;
    for (int i = 0; (r = th_find(world, WSIM_REC_SEGMENT, "drop", i)); i++)
        if (strstr(r->text, "reassembly-timeout"))
            expired = r;
    CHECK(first && expired);
    if (first && expired) {
        CHECK_INT_EQ(first->time_ns, seen.t[0] + ser(1500) + LATENCY_NS);
        CHECK_INT_EQ(expired->time_ns, first->time_ns + 60 * SEC);
        CHECK_INT_EQ(expired->host, host_b->id);
        CHECK_INT_EQ(expired->a[4], 1472 + 1480);
    }
}

/* ---- datagram.rcvbuf_overflow ---------------------------------------------- */

static int overflow_client(int argc, char **argv)
{
    (void)argc, (void)argv;
    start();
    SOCKET s = udp_socket();
    for (int i = 0; i < 4; i++)
        seen.ret[i] = send_to(s, big, 300, "10.0.0.2", PORT);
    seen.ret[4] = send_to(s, big, 100, "10.0.0.2", PORT);
    closesocket(s);
    return 0;
}

static int overflow_server(int argc, char **argv)
{
    (void)argc, (void)argv;
    start();
    SOCKET s = udp_bound(PORT);
    set_int(s, SOL_SOCKET, SO_RCVBUF, 1000);
    Sleep(1000);
    u_long queued = 0;
    ioctlsocket(s, FIONREAD, &queued);
    seen.ret[10] = (int)queued;
    u_long on = 1;
    ioctlsocket(s, FIONBIO, &on);
    char in[512];
    for (int i = 0; i < 6; i++) {
        seen.ret[11 + i] = recv(s, in, sizeof in, 0);
        seen.err[11 + i] = WSAGetLastError();
    }
    closesocket(s);
    return 0;
}

static void test_rcvbuf_overflow(void)
{
    /* SO_RCVBUF 1000: three 300-byte datagrams fit (900), the fourth would
     * make 1200 and is dropped, a 100-byte one then fills it to 1000. */
    two_hosts(100);
    th_program(world, host_b, "b", overflow_server, 0);
    th_program(world, host_a, "a", overflow_client, MS);
    run_world();
    for (int i = 0; i < 4; i++)
        CHECK_INT_EQ(seen.ret[i], 300);
    CHECK_INT_EQ(seen.ret[4], 100);
    CHECK_INT_EQ(seen.ret[10], 1000);
    static const int expected[5] = {300, 300, 300, 100, SOCKET_ERROR};
    for (int i = 0; i < 5; i++)
        CHECK_INT_EQ(seen.ret[11 + i], expected[i]);
    CHECK_INT_EQ(seen.err[15], WSAEWOULDBLOCK);
    CHECK_INT_EQ(count_drops("rcvbuf-full"), 1);
    const wsim_record *drop = th_find(world, WSIM_REC_SEGMENT, "drop", 0);
    if (drop) {
        CHECK_INT_EQ(drop->host, host_b->id);
        CHECK_INT_EQ(drop->a[4], 300);
        CHECK_INT_EQ(drop->time_ns, segment_at("recv", host_b, 3)->time_ns);
    }
}

/* ---- datagram.so_max_msg_size ---------------------------------------------- */

static int options_program(int argc, char **argv)
{
    (void)argc, (void)argv;
    start();
    SOCKET s = udp_socket();
    int value = 0, len = sizeof value;
    seen.ret[0] = getsockopt(s, SOL_SOCKET, SO_MAX_MSG_SIZE, (char *)&value, &len);
    seen.ret[1] = value;
    seen.ret[2] = len;
    getsockopt(s, SOL_SOCKET, SO_TYPE, (char *)&value, &len);
    seen.ret[3] = value;
    SOCKET tcp_udp = socket(AF_INET, SOCK_STREAM, IPPROTO_UDP);
    seen.ret[4] = tcp_udp == INVALID_SOCKET;
    seen.err[4] = WSAGetLastError();
    SOCKET udp_tcp = socket(AF_INET, SOCK_DGRAM, IPPROTO_TCP);
    seen.ret[5] = udp_tcp == INVALID_SOCKET;
    seen.err[5] = WSAGetLastError();
    closesocket(s);
    return 0;
}

static void test_so_max_msg_size(void)
{
    two_hosts(100);
    th_program(world, host_a, "a", options_program, 0);
    run_world();
    CHECK_INT_EQ(seen.ret[0], 0);
    CHECK_INT_EQ(seen.ret[1], 65507);   /* Wine's Windows-run test_extendedSocketOptions */
    CHECK_INT_EQ(seen.ret[2], (int)sizeof(int));
    CHECK_INT_EQ(seen.ret[3], SOCK_DGRAM);
    CHECK_INT_EQ(seen.ret[4], 1);       /* Wine's Windows-run test_WSASocket */
    CHECK_INT_EQ(seen.err[4], WSAEPROTONOSUPPORT);
    CHECK_INT_EQ(seen.ret[5], 1);
    CHECK_INT_EQ(seen.err[5], WSAEPROTONOSUPPORT);
}

/* ---- datagram.sendto_recvfrom_addresses ------------------------------------ */

static int address_client(int argc, char **argv)
{
    (void)argc, (void)argv;
    start();
    SOCKET s = udp_socket();
    char in[16];
    seen.ret[0] = recvfrom(s, in, sizeof in, 0, NULL, NULL);   /* never bound */
    seen.err[0] = WSAGetLastError();
    seen.ret[1] = send_to(s, "abcdefghij", 10, "10.0.0.2", PORT);
    struct sockaddr_in from;
    int fromlen = 8;                                           /* too small */
    seen.ret[2] = recvfrom(s, in, sizeof in, 0, (struct sockaddr *)&from, &fromlen);
    seen.err[2] = WSAGetLastError();
    fromlen = sizeof from;
    memset(in, 0, sizeof in);
    seen.ret[3] = recvfrom(s, in, 2, 0, (struct sockaddr *)&from, &fromlen);
    seen.err[3] = WSAGetLastError();
    memcpy(seen.data, in, 3);
    seen.from = from;
    u_long on = 1;
    ioctlsocket(s, FIONBIO, &on);
    seen.ret[4] = recvfrom(s, in, sizeof in, 0, NULL, NULL);   /* the rest was lost */
    seen.err[4] = WSAGetLastError();
    /* A blocking, non-overlapped WSARecvFrom waits for b's second reply. */
    u_long off = 0;
    ioctlsocket(s, FIONBIO, &off);
    char head[3], tail[10];
    WSABUF bufs[2] = {{sizeof head, head}, {sizeof tail, tail}};
    DWORD got = 0, flags = 0;
    fromlen = sizeof from;
    seen.ret[5] = WSARecvFrom(s, bufs, 2, &got, &flags, (struct sockaddr *)&from, &fromlen, NULL,
                              NULL);
    seen.t[5] = th_now();
    seen.ret[6] = (int)got;
    seen.ret[7] = memcmp(head, "sec", 3) == 0 && memcmp(tail, "ond", 3) == 0;
    seen.ret[8] = from.sin_addr.s_addr == inet_addr("10.0.0.2");
    closesocket(s);
    return 0;
}

static int address_server(int argc, char **argv)
{
    (void)argc, (void)argv;
    start();
    SOCKET s = udp_bound(PORT);
    char head[4], tail[60];
    WSABUF bufs[2] = {{sizeof head, head}, {sizeof tail, tail}};
    WSAOVERLAPPED ov;
    memset(&ov, 0, sizeof ov);
    ov.hEvent = WSACreateEvent();
    struct sockaddr_in from;
    int fromlen = sizeof from;
    DWORD got = 0xDEADBEEF, flags = 0, bytes = 0;
    seen.ret[10] = WSARecvFrom(s, bufs, 2, &got, &flags, (struct sockaddr *)&from, &fromlen, &ov,
                               NULL);
    seen.err[10] = WSAGetLastError();
    seen.ret[11] = (int)WSAWaitForMultipleEvents(1, &ov.hEvent, TRUE, WSA_INFINITE, FALSE);
    seen.t[11] = th_now();
    seen.ret[12] = WSAGetOverlappedResult(s, &ov, &bytes, FALSE, &flags);
    seen.ret[13] = (int)bytes;
    seen.ret[14] = (int)got;
    seen.ret[15] = memcmp(head, "abcd", 4) == 0 && memcmp(tail, "efghij", 6) == 0;
    seen.port = ntohs(from.sin_port);
    seen.ret[16] = from.sin_addr.s_addr == inet_addr("10.0.0.1");
    seen.ret[17] = sendto(s, "pong", 4, 0, (struct sockaddr *)&from, fromlen);
    Sleep(50);
    seen.t[18] = th_now();
    seen.ret[18] = sendto(s, "second", 6, 0, (struct sockaddr *)&from, fromlen);
    WSACloseEvent(ov.hEvent);
    closesocket(s);
    return 0;
}

static void test_addresses(void)
{
    two_hosts(100);
    th_program(world, host_b, "b", address_server, 0);
    th_program(world, host_a, "a", address_client, MS);
    run_world();
    CHECK_INT_EQ(seen.ret[0], SOCKET_ERROR);
    CHECK_INT_EQ(seen.err[0], WSAEINVAL);
    CHECK_INT_EQ(seen.ret[1], 10);
    CHECK_INT_EQ(seen.ret[2], SOCKET_ERROR);
    CHECK_INT_EQ(seen.err[2], WSAEFAULT);
    /* The overlapped receive was pending, then completed by the event. */
    CHECK_INT_EQ(seen.ret[10], SOCKET_ERROR);
    CHECK_INT_EQ(seen.err[10], WSA_IO_PENDING);
    CHECK_INT_EQ(seen.ret[11], WSA_WAIT_EVENT_0);
    CHECK_INT_EQ(seen.ret[12], TRUE);
    CHECK_INT_EQ(seen.ret[13], 10);
    CHECK_INT_EQ(seen.ret[14], (int)0xDEADBEEF);   /* W02: the count is left alone */
    CHECK_INT_EQ(seen.ret[15], 1);                 /* scattered over both buffers */
    CHECK_INT_EQ(seen.ret[16], 1);
    /* sendto bound an ephemeral port; b saw it as the source. */
    CHECK(seen.port >= 49152 && seen.port <= 65535);
    const wsim_record *tx = segment_at("send", host_a, 0);
    if (tx)
        CHECK_INT_EQ(tx->a[0], packed("10.0.0.1", seen.port));
    const wsim_record *rx = segment_at("recv", host_b, 0);
    if (rx)
        CHECK_INT_EQ(seen.t[11], rx->time_ns);
    const wsim_record *call = th_find(world, WSIM_REC_CALL, "WSARecvFrom", 0);
    const wsim_record *done = th_find(world, WSIM_REC_COMPLETION, "WSARecvFrom", 0);
    CHECK(call && done);
    if (call && done) {
        CHECK_INT_EQ(done->a[0], (int64_t)call->seq);
        CHECK_INT_EQ(done->a[1], 10);
        CHECK_STR_EQ(done->text, "event");
    }
    const wsim_record *sendto_call = th_find(world, WSIM_REC_CALL, "sendto", 0);
    if (sendto_call)
        CHECK_CONTAINS(sendto_call->text, "to=10.0.0.2:5000");
    /* b's reply: truncated to 2 bytes (WSAEMSGSIZE), the rest lost. */
    CHECK_INT_EQ(seen.ret[17], 4);
    CHECK_INT_EQ(seen.ret[3], SOCKET_ERROR);
    CHECK_INT_EQ(seen.err[3], WSAEMSGSIZE);
    CHECK_STR_EQ(seen.data, "po");
    CHECK_INT_EQ(seen.from.sin_addr.s_addr, inet_addr("10.0.0.2"));
    CHECK_INT_EQ(ntohs(seen.from.sin_port), PORT);
    CHECK_INT_EQ(seen.ret[4], SOCKET_ERROR);
    CHECK_INT_EQ(seen.err[4], WSAEWOULDBLOCK);
    CHECK_INT_EQ(seen.ret[18], 6);
    CHECK_INT_EQ(seen.ret[5], 0);
    CHECK_INT_EQ(seen.ret[6], 6);
    CHECK_INT_EQ(seen.ret[7], 1);
    CHECK_INT_EQ(seen.ret[8], 1);
    CHECK_INT_EQ(seen.t[5], seen.t[18] + ser(6 + UDP_HEADER) + LATENCY_NS);
}

/* ---- datagram.host_crash_while_receiving ------------------------------------ */

static int crash_victim(int argc, char **argv)
{
    (void)argc, (void)argv;
    start();
    SOCKET s = udp_bound(PORT);
    static char pending_buf[64], blocked_buf[64];
    WSABUF pending = {sizeof pending_buf, pending_buf};
    WSABUF blocked = {sizeof blocked_buf, blocked_buf};
    WSAOVERLAPPED ov;
    memset(&ov, 0, sizeof ov);
    ov.hEvent = WSACreateEvent();
    DWORD got = 0, flags = 0;
    seen.ret[10] = WSARecvFrom(s, &pending, 1, &got, &flags, NULL, NULL, &ov, NULL);
    seen.err[10] = WSAGetLastError();
    seen.ret[11] = WSARecvFrom(s, &blocked, 1, &got, &flags, NULL, NULL, NULL, NULL);
    seen.ret[12] = 1;                      /* never reached: the host crashes first */
    return 0;
}

static void test_host_crash(void)
{
    /* b waits in a blocking WSARecvFrom behind a pending overlapped one
     * while a's 4000-byte datagram is half reassembled at b (the link's
     * one-packet queue lost its third fragment); then b crashes. */
    two_hosts(1);
    th_program(world, host_b, "b", crash_victim, 0);
    th_program(world, host_a, "a", fragment_client, MS);
    wsim_fault_schedule(world->sim, 100 * MS, WSIM_FAULT_HOST_CRASH, NULL, NULL, 0, host_b);
    run_world();
    CHECK_INT_EQ(seen.ret[10], SOCKET_ERROR);
    CHECK_INT_EQ(seen.err[10], WSA_IO_PENDING);
    CHECK_INT_EQ(seen.ret[12], 0);
    CHECK_INT_EQ(th_count(world, WSIM_REC_SEGMENT, "recv"), 2);
    /* The process and its socket vanished: nothing completes, nothing is
     * discarded later (the partial datagram went with the host), and the
     * sanitizer build finds nothing left allocated. */
    CHECK_INT_EQ(th_count(world, WSIM_REC_COMPLETION, NULL), 0);
    CHECK_INT_EQ(count_drops("reassembly-timeout"), 0);
    const wsim_record *exit = th_find(world, WSIM_REC_PROGRAM_EXIT, WSIM_EXIT_HOST_CRASH, 0);
    CHECK(exit != NULL);
    if (exit) {
        CHECK_INT_EQ(exit->host, host_b->id);
        CHECK_INT_EQ(exit->time_ns, 100 * MS);
    }
}

/* ---- datagram.cancel_pending_receive ------------------------------------------ */

static int cancel_program(int argc, char **argv)
{
    (void)argc, (void)argv;
    start();
    SOCKET s = udp_bound(PORT);
    char in[16];
    WSABUF buf = {sizeof in, in};
    WSAOVERLAPPED ov[2];
    memset(ov, 0, sizeof ov);
    DWORD got = 0, flags = 0, bytes = 0;
    for (int i = 0; i < 2; i++) {
        ov[i].hEvent = WSACreateEvent();
        seen.ret[i] = WSARecvFrom(s, &buf, 1, &got, &flags, NULL, NULL, &ov[i], NULL);
        seen.err[i] = WSAGetLastError();
    }
    seen.ret[2] = CancelIo((HANDLE)s);                /* the calling thread's requests */
    WSAEVENT both[2] = {ov[0].hEvent, ov[1].hEvent};
    seen.ret[3] = (int)WSAWaitForMultipleEvents(2, both, TRUE, 0, FALSE);
    seen.ret[4] = WSAGetOverlappedResult(s, &ov[0], &bytes, FALSE, &flags);
    seen.err[4] = WSAGetLastError();
    /* A request made after the cancel, then ended by closing the socket. */
    WSAResetEvent(ov[0].hEvent);
    seen.ret[5] = WSARecvFrom(s, &buf, 1, &got, &flags, NULL, NULL, &ov[0], NULL);
    seen.err[5] = WSAGetLastError();
    closesocket(s);
    seen.ret[6] = (int)WSAWaitForMultipleEvents(1, &ov[0].hEvent, TRUE, 0, FALSE);
    WSACloseEvent(ov[0].hEvent);
    WSACloseEvent(ov[1].hEvent);
    return 0;
}

static void test_cancel(void)
{
    two_hosts(100);
    th_program(world, host_a, "a", cancel_program, 0);
    run_world();
    for (int i = 0; i < 2; i++) {
        CHECK_INT_EQ(seen.ret[i], SOCKET_ERROR);
        CHECK_INT_EQ(seen.err[i], WSA_IO_PENDING);
    }
    CHECK_INT_EQ(seen.ret[2], TRUE);
    CHECK_INT_EQ(seen.ret[3], WSA_WAIT_EVENT_0);      /* both signalled (W17) */
    CHECK_INT_EQ(seen.ret[4], FALSE);
    CHECK_INT_EQ(seen.err[4], WSA_OPERATION_ABORTED);
    CHECK_INT_EQ(seen.ret[5], SOCKET_ERROR);
    CHECK_INT_EQ(seen.err[5], WSA_IO_PENDING);
    CHECK_INT_EQ(seen.ret[6], WSA_WAIT_EVENT_0);
    CHECK_INT_EQ(th_count(world, WSIM_REC_COMPLETION, "WSARecvFrom"), 3);
    const wsim_record *r;
    for (int i = 0; (r = th_find(world, WSIM_REC_COMPLETION, "WSARecvFrom", i)); i++) {
        CHECK_INT_EQ(r->a[1], 0);
        CHECK_INT_EQ(r->a[2], WSA_OPERATION_ABORTED);
        CHECK_STR_EQ(r->text, "event");
    }
}

/* ---- a limited broadcast reaches every host one IP hop away ------------- */

/* Receivers on b, c and d: slot = argv[0]'s last letter - 'a'. */
static int broadcast_receiver(int argc, char **argv)
{
    (void)argc;
    int slot = argv[0][strlen(argv[0]) - 1] - 'a';
    start();
    SOCKET s = udp_bound(PORT);
    set_int(s, SOL_SOCKET, SO_RCVTIMEO, 1000);
    seen.ret[slot] = recv(s, seen.data, RECEIVE_MAX, 0);
    seen.err[slot] = seen.ret[slot] < 0 ? WSAGetLastError() : 0;
    seen.t[slot] = th_now();
    closesocket(s);
    return 0;
}

static int broadcast_sender(int argc, char **argv)
{
    (void)argc, (void)argv;
    start();
    SOCKET s = udp_socket();
    set_int(s, SOL_SOCKET, SO_BROADCAST, 1);
    Sleep(1);
    seen.t[0] = th_now();
    seen.ret[0] = send_to(s, "hello", 5, "255.255.255.255", PORT);
    closesocket(s);
    return 0;
}

static void test_broadcast_delivery(void)
{
    new_world(1, 60 * SEC);
    host_a = th_host(world, "host_a", "10.0.0.1");
    host_b = th_host(world, "host_b", "10.0.0.2");
    wsim_host *host_c = th_host(world, "host_c", "10.0.0.3");
    wsim_host *host_d = th_host(world, "host_d", "10.0.1.4");
    wsim_host *lan = wsim_switch_add(world->sim, "lan");
    th_link(world, lan, host_a, LATENCY_NS, BANDWIDTH, 100);
    th_link(world, lan, host_b, LATENCY_NS, BANDWIDTH, 100);
    th_link(world, lan, host_c, LATENCY_NS, BANDWIDTH, 100);
    th_link(world, host_b, host_d, LATENCY_NS, BANDWIDTH, 100);   /* b routes to d */
    th_program(world, host_a, "a", broadcast_sender, 0);
    th_program(world, host_b, "rx_b", broadcast_receiver, 0);
    th_program(world, host_c, "rx_c", broadcast_receiver, 0);
    th_program(world, host_d, "rx_d", broadcast_receiver, 0);
    run_world();
    CHECK_INT_EQ(seen.ret[0], 5);
    /* Store and forward through the switch: two hops of the same link. */
    int64_t arrival = seen.t[0] + 2 * (ser(5 + UDP_HEADER) + LATENCY_NS);
    CHECK_INT_EQ(seen.ret[1], 5);
    CHECK_INT_EQ(seen.t[1], arrival);
    CHECK_INT_EQ(seen.ret[2], 5);
    CHECK_INT_EQ(seen.t[2], arrival);
    /* A router does not forward it (RFC 1122 3.3.6): d times out. */
    CHECK_INT_EQ(seen.ret[3], SOCKET_ERROR);
    CHECK_INT_EQ(seen.err[3], WSAETIMEDOUT);
}

/* ---- the table of cases ---------------------------------------------------- */

static const test_case cases[] = {
    {"contract.S04_broadcast_needs_so_broadcast", test_S04},
    {"contract.S12_oob_on_datagram", test_S12},
    {"contract.S15_message_too_big", test_S15},
    {"contract.W12_gather_too_big", test_W12},
    {"contract.S26_zero_length_datagram", test_S26},
    {"contract.W07_default_peer", test_W07},
    {"contract.S19_datagram_port_unreachable", test_S19},
    {"contract.W04_ttl_expired", test_W04},
    {"datagram.fragmentation", test_fragmentation},
    {"datagram.rcvbuf_overflow", test_rcvbuf_overflow},
    {"datagram.so_max_msg_size", test_so_max_msg_size},
    {"datagram.sendto_recvfrom_addresses", test_addresses},
    {"datagram.host_crash_while_receiving", test_host_crash},
    {"datagram.cancel_pending_receive", test_cancel},
    {"datagram.broadcast_delivery", test_broadcast_delivery},
};

int main(int argc, char **argv)
{
    return test_main(argc, argv, cases, sizeof cases / sizeof cases[0], end_world);
}
