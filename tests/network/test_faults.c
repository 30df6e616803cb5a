/* test_faults.c — injected faults as programs see them: the fault rows of
 * the network-model issue, one case per row, named after the send
 * contract's id where it has one (../shared/spec/send-contract.md), and the
 * model's own fault behaviour (network.*).
 *
 * Usage: network_faults <case>   (CTest: contract.<case> or network.<case>)
 *
 * The programs are plain C functions written against the Winsock headers,
 * run on simulated hosts through the embedding API (harness.h); faults are
 * scheduled with sim/fault.h as a scenario's "faults" list would be.
 */
#include <stdlib.h>
#include <string.h>

#include "sim/fault.h"
#include "tests/support/cases.h"
#include "tests/support/world.h"

static wsim_host *host_r;
static wsim_link *link_rb;

/* connect() to ip:PORT; the error in *err (0 on success).  The socket is
 * returned either way. */
static SOCKET try_connect(const char *ip, int *err)
{
    SOCKET s = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
    struct sockaddr_in to = address(ip, PORT);
    *err = connect(s, (struct sockaddr *)&to, sizeof to) == 0 ? 0 : WSAGetLastError();
    return s;
}

/* Sleeps until t at least (Sleep counts whole milliseconds). */
static void sleep_until(int64_t t)
{
    int64_t now = th_now();
    if (t > now)
        Sleep((DWORD)((t - now + MS - 1) / MS));
}

/* a (10.0.0.1) — b (10.0.0.2), 1 ms, 10 Mbit/s. */
static void two_hosts(void)
{
    new_world(1, 60 * SEC);
    link_two_hosts(1 * MS, 10000000, 100);
}

static void fault(int64_t at, wsim_fault_kind kind, const char *target, wsim_link *link,
                  wsim_host *host)
{
    CHECK_INT_EQ(wsim_fault_schedule(world->sim, at, kind, target, &link, link ? 1 : 0, host), 0);
}

/* The n-th segment record `event` at host whose text ends with reason
 * (NULL: any). */
static int count_segments(const char *event, const wsim_host *at, const char *reason,
                          int64_t from_ns, int64_t to_ns)
{
    int n = 0;
    for (size_t i = 0; i < world->count; i++) {
        const wsim_record *r = &world->records[i];
        if (r->kind != WSIM_REC_SEGMENT || strcmp(r->name, event) != 0 ||
            (at && r->host != at->id) || r->time_ns < from_ns || r->time_ns > to_ns)
            continue;
        const char *space = r->text ? strrchr(r->text, ' ') : NULL;
        if (!reason || (space && strcmp(space + 1, reason) == 0))
            n++;
    }
    return n;
}

/* The CALL record of the n-th call to function. */
static const wsim_record *call(const char *function, int n)
{
    return th_find(world, WSIM_REC_CALL, function, n);
}

/* ---- S16: no route, or the sender's own link down ------------------------- */

/* Source: S16 ("WSAEHOSTUNREACH when the remote host cannot be reached at
 * this time (no route, link or partition down)"); Windows Sockets Error
 * Codes, WSAEHOSTUNREACH: "A socket operation was attempted to an
 * unreachable host".  No packet is sent: the host has no route. */
static int s16_no_route_client(int argc, char **argv)
{
    (void)argc, (void)argv;
    start();
    seen.t[0] = th_now();
    try_connect("10.0.0.3", &seen.err[0]);     /* c: a host no link reaches */
    seen.t[1] = th_now();
    try_connect("10.9.9.9", &seen.err[1]);     /* nobody's address */
    try_connect("10.0.0.2", &seen.err[2]);     /* b: reachable */
    return 0;
}

static void case_S16_no_route(void)
{
    two_hosts();
    wsim_host *c = th_host(world, "c", "10.0.0.3");
    th_program(world, host_b, "server", reading_server, 0);
    th_program(world, host_a, "client", s16_no_route_client, 1 * MS);
    CHECK_INT_EQ(th_run(world), WSIM_END_COMPLETED);
    CHECK_INT_EQ(seen.err[0], WSAEHOSTUNREACH);
    CHECK_INT_EQ(seen.t[1], seen.t[0]);                 /* at once */
    CHECK_INT_EQ(seen.err[1], WSAEHOSTUNREACH);
    CHECK_INT_EQ(seen.err[2], 0);
    const wsim_record *r = call("connect", 0);
    CHECK(r && r->a[0] == SOCKET_ERROR && r->a[1] == WSAEHOSTUNREACH && r->a[2] == r->time_ns);
    CHECK_INT_EQ(count_segments("send", host_a, NULL, 0, 2 * MS), 1);   /* b's SYN only */
    CHECK_INT_EQ(count_segments("recv", c, NULL, 0, INT64_MAX), 0);
}

/* Source: S16, and Windows' media sensing (Microsoft KB 239924: when an
 * adapter's link goes away its addresses and routes are removed), so a host
 * knows at once that its own link is down. */
static int s16_link_down_client(int argc, char **argv)
{
    (void)argc, (void)argv;
    start();
    sleep_until(20 * MS);
    seen.t[0] = th_now();
    SOCKET s = try_connect("10.0.0.2", &seen.err[0]);
    seen.t[1] = th_now();
    closesocket(s);
    sleep_until(60 * MS);
    s = try_connect("10.0.0.2", &seen.err[1]);          /* the link is back */
    send(s, "up", 2, 0);
    closesocket(s);
    return 0;
}

static void case_S16_own_link_down(void)
{
    two_hosts();
    fault(10 * MS, WSIM_FAULT_LINK_DOWN, "a-b", link_ab, NULL);
    fault(50 * MS, WSIM_FAULT_LINK_UP, "a-b", link_ab, NULL);
    th_program(world, host_b, "server", reading_server, 0);
    th_program(world, host_a, "client", s16_link_down_client, 0);
    CHECK_INT_EQ(th_run(world), WSIM_END_COMPLETED);
    CHECK_INT_EQ(seen.err[0], WSAEHOSTUNREACH);
    CHECK_INT_EQ(seen.t[0], 20 * MS);
    CHECK_INT_EQ(seen.t[1], 20 * MS);
    CHECK_INT_EQ(seen.err[1], 0);
    CHECK_INT_EQ(seen.data_len, 2);
    /* The trace records both faults, with their times and target. */
    const wsim_record *down = th_find(world, WSIM_REC_FAULT, "link-down", 0);
    const wsim_record *up = th_find(world, WSIM_REC_FAULT, "link-up", 0);
    CHECK(down && down->time_ns == 10 * MS && strcmp(down->text, "a-b") == 0 && down->host == -1);
    CHECK(up && up->time_ns == 50 * MS && strcmp(up->text, "a-b") == 0);
}

/* ---- a link further along the path down ----------------------------------- */

/* Source: RFC 1122 4.2.3.9 (a TCP does not abort on a soft error) and
 * RFC 6298 (retransmission on timeout): a router whose next link is down
 * drops silently (its own drop record: link-down), the sender cannot know
 * and retransmits, and the data arrives once the partition heals. */
static int further_client(int argc, char **argv)
{
    (void)argc, (void)argv;
    start();
    int err;
    SOCKET s = try_connect("10.0.0.2", &err);
    seen.err[0] = err;
    sleep_until(100 * MS);
    static char block[8000];
    memset(block, 'd', sizeof block);
    seen.t[0] = th_now();
    seen.ret[0] = send(s, block, sizeof block, 0);
    seen.t[1] = th_now();
    closesocket(s);   /* graceful: the data and a FIN follow */
    return 0;
}

static void case_link_down_further_along(void)
{
    new_world(1, 60 * SEC);
    host_a = th_host(world, "a", "10.0.0.1");
    host_r = th_host(world, "r", "10.0.1.1");
    host_b = th_host(world, "b", "10.0.0.2");
    th_link(world, host_a, host_r, 1 * MS, 10000000, 100);
    link_rb = th_link(world, host_r, host_b, 1 * MS, 10000000, 100);
    CHECK_INT_EQ(wsim_fault_schedule(world->sim, 50 * MS, WSIM_FAULT_PARTITION, "cut [r-b]",
                                     &link_rb, 1, NULL), 0);
    CHECK_INT_EQ(wsim_fault_schedule(world->sim, 1500 * MS, WSIM_FAULT_HEAL, "cut [r-b]",
                                     &link_rb, 1, NULL), 0);
    th_program(world, host_b, "server", reading_server, 0);
    th_program(world, host_a, "client", further_client, 0);
    CHECK_INT_EQ(th_run(world), WSIM_END_COMPLETED);
    CHECK_INT_EQ(seen.err[0], 0);
    CHECK_INT_EQ(seen.ret[0], 8000);
    CHECK_INT_EQ(seen.t[1], seen.t[0]);              /* the send did not wait */
    /* Silent drops at the router, none at the sender. */
    CHECK(count_segments("drop", host_r, "link-down", 100 * MS, 1500 * MS) > 0);
    CHECK_INT_EQ(count_segments("drop", host_a, NULL, 0, INT64_MAX), 0);
    /* A retransmission: a data segment from a sent again, later. */
    int retransmitted = 0;
    for (size_t i = 0; i < world->count && !retransmitted; i++) {
        const wsim_record *r = &world->records[i];
        if (r->kind != WSIM_REC_SEGMENT || strcmp(r->name, "send") || r->host != host_a->id ||
            r->a[4] == 0)
            continue;
        for (size_t j = i + 1; j < world->count; j++) {
            const wsim_record *q = &world->records[j];
            if (q->kind == WSIM_REC_SEGMENT && !strcmp(q->name, "send") && q->host == host_a->id &&
                q->a[2] == r->a[2] && q->a[4] > 0 && q->time_ns > r->time_ns) {
                retransmitted = 1;
                break;
            }
        }
    }
    CHECK(retransmitted);
    /* Everything arrived, after the heal. */
    CHECK_INT_EQ(seen.data_len, 8000);
    CHECK(seen.last_byte_ns > 1500 * MS);
    const wsim_record *p = th_find(world, WSIM_REC_FAULT, "partition", 0);
    const wsim_record *h = th_find(world, WSIM_REC_FAULT, "heal", 0);
    CHECK(p && p->time_ns == 50 * MS && strcmp(p->text, "cut [r-b]") == 0);
    CHECK(h && h->time_ns == 1500 * MS);
}

/* ---- S19: the peer restarted ---------------------------------------------- */

/* Source: S19; RFC 793 ("Reset Generation": a segment for a connection that
 * does not exist draws RST); Windows Sockets Error Codes, WSAECONNRESET:
 * "An existing connection was forcibly closed by the remote host.  This
 * normally results if the peer application on the remote host is suddenly
 * stopped, the host is rebooted, ...". */
static int restarted_server(int argc, char **argv)
{
    (void)argc, (void)argv;
    int instance = ++seen.instances;
    seen.t[10 + instance] = th_now();
    start();
    SOCKET l = listen_on("0.0.0.0", PORT, 4);
    if (instance > 1) {
        Sleep(500);            /* listening, but the old connection is gone */
        closesocket(l);
        return 0;
    }
    SOCKET s = accept(l, NULL, NULL);
    (void)s;
    /* The crash kills it here.  (Killed inside a blocking recv, it would
     * leak the buffer wsapi/transfer.c mallocs for the call: reported.) */
    Sleep(10000);
    return 0;
}

static int s19_client(int argc, char **argv)
{
    (void)argc, (void)argv;
    start();
    int err;
    SOCKET s = try_connect("10.0.0.2", &err);
    seen.err[0] = err;
    seen.ret[0] = send(s, "hello", 5, 0);
    sleep_until(300 * MS);
    seen.ret[1] = send(s, "again", 5, 0);    /* taken: the RST is yet to come */
    Sleep(100);
    char buf[16];
    seen.ret[2] = recv(s, buf, sizeof buf, 0);
    seen.err[2] = WSAGetLastError();
    seen.ret[3] = send(s, "x", 1, 0);
    seen.err[3] = WSAGetLastError();
    closesocket(s);
    return 0;
}

static void case_S19_peer_restarted(void)
{
    two_hosts();
    fault(100 * MS, WSIM_FAULT_HOST_CRASH, NULL, NULL, host_b);
    fault(200 * MS, WSIM_FAULT_HOST_RESTART, NULL, NULL, host_b);
    th_program(world, host_b, "server", restarted_server, 0);
    th_program(world, host_a, "client", s19_client, 1 * MS);
    CHECK_INT_EQ(th_run(world), WSIM_END_COMPLETED);
    CHECK_INT_EQ(seen.err[0], 0);
    CHECK_INT_EQ(seen.ret[0], 5);
    CHECK_INT_EQ(seen.ret[1], 5);
    CHECK_INT_EQ(seen.ret[2], SOCKET_ERROR);
    CHECK_INT_EQ(seen.err[2], WSAECONNRESET);
    CHECK_INT_EQ(seen.ret[3], SOCKET_ERROR);
    CHECK_INT_EQ(seen.err[3], WSAECONNRESET);
    /* The server ran twice: killed by the crash, started again at the
     * restart (its start time, 0, counts from boot). */
    CHECK_INT_EQ(seen.instances, 2);
    CHECK_INT_EQ(seen.t[12], 200 * MS);
    const wsim_record *killed = th_find(world, WSIM_REC_PROGRAM_EXIT, WSIM_EXIT_HOST_CRASH, 0);
    CHECK(killed && killed->time_ns == 100 * MS && killed->host == host_b->id && killed->a[0] == -1);
    CHECK_INT_EQ(th_count(world, WSIM_REC_PROGRAM_START, "server"), 2);
    /* The crash sent nothing; the RST came from b after the restart. */
    CHECK_INT_EQ(count_segments("send", host_b, NULL, 100 * MS, 300 * MS), 0);
    int rst = 0;
    for (size_t i = 0; i < world->count; i++) {
        const wsim_record *r = &world->records[i];
        rst += r->kind == WSIM_REC_SEGMENT && !strcmp(r->name, "send") && r->host == host_b->id &&
               (r->a[5] & WSIM_TCP_RST) && r->time_ns > 300 * MS;
    }
    CHECK(rst >= 1);
    const wsim_record *crash = th_find(world, WSIM_REC_FAULT, "host-crash", 0);
    CHECK(crash && crash->host == host_b->id && strcmp(crash->text, "b") == 0);
}

/* ---- S03: the sending host's network is down ------------------------------ */

/* Source: S03; the Return value sections of send, WSASend, recv, socket and
 * getsockopt ("WSAENETDOWN: The network subsystem has failed"), listed
 * right after WSANOTINITIALISED (wsapi/calls.h gives the precedence). */
static int s03_server(int argc, char **argv)
{
    (void)argc, (void)argv;
    start();
    SOCKET l = listen_on("0.0.0.0", PORT, 4);
    SOCKET s = accept(l, NULL, NULL);
    sleep_until(100 * MS);
    send(s, "z", 1, 0);        /* reaches a while its network is down */
    char buf[16];
    while (recv(s, buf, sizeof buf, 0) > 0)
        seen.data_len++;
    closesocket(s);
    closesocket(l);
    return 0;
}

static int s03_client(int argc, char **argv)
{
    (void)argc, (void)argv;
    start();
    int err;
    SOCKET s = try_connect("10.0.0.2", &err);
    seen.err[0] = err;
    sleep_until(120 * MS);
    seen.ret[1] = send(s, "x", 1, 0);
    seen.err[1] = WSAGetLastError();
    WSABUF buf = {1, "x"};
    DWORD sent = 0;
    seen.ret[2] = WSASend(s, &buf, 1, &sent, 0, NULL, NULL);
    seen.err[2] = WSAGetLastError();
    char in[8];
    seen.ret[3] = recv(s, in, sizeof in, 0);
    seen.err[3] = WSAGetLastError();
    seen.ret[4] = socket(AF_INET, SOCK_STREAM, 0) == INVALID_SOCKET;
    seen.err[4] = WSAGetLastError();
    seen.ret[5] = send(0x7777, "x", 1, 0);   /* not a socket: the host's state comes first */
    seen.err[5] = WSAGetLastError();
    sleep_until(200 * MS);
    seen.ret[6] = send(s, "y", 1, 0);
    seen.ret[7] = recv(s, in, sizeof in, 0);  /* "z", retransmitted once a was back */
    seen.data[0] = in[0];
    seen.t[7] = th_now();
    closesocket(s);
    return 0;
}

/* Not initialised still comes first on a host whose network is down. */
static int s03_late_program(int argc, char **argv)
{
    (void)argc, (void)argv;
    seen.ret[8] = socket(AF_INET, SOCK_STREAM, 0) == INVALID_SOCKET;
    seen.err[8] = WSAGetLastError();
    return 0;
}

static void case_S03_network_down(void)
{
    two_hosts();
    fault(50 * MS, WSIM_FAULT_NETWORK_DOWN, NULL, NULL, host_a);
    fault(150 * MS, WSIM_FAULT_NETWORK_UP, NULL, NULL, host_a);
    th_program(world, host_b, "server", s03_server, 0);
    th_program(world, host_a, "client", s03_client, 1 * MS);
    th_program(world, host_a, "late", s03_late_program, 110 * MS);
    CHECK_INT_EQ(th_run(world), WSIM_END_COMPLETED);
    CHECK_INT_EQ(seen.err[0], 0);
    for (int i = 1; i <= 3; i++) {
        CHECK_INT_EQ(seen.ret[i], SOCKET_ERROR);
        CHECK_INT_EQ(seen.err[i], WSAENETDOWN);
    }
    CHECK_INT_EQ(seen.ret[4], 1);
    CHECK_INT_EQ(seen.err[4], WSAENETDOWN);
    CHECK_INT_EQ(seen.ret[5], SOCKET_ERROR);
    CHECK_INT_EQ(seen.err[5], WSAENETDOWN);
    CHECK_INT_EQ(seen.ret[6], 1);
    CHECK_INT_EQ(seen.ret[7], 1);
    CHECK_INT_EQ(seen.data[0], 'z');
    CHECK(seen.t[7] > 150 * MS);
    CHECK_INT_EQ(seen.ret[8], 1);
    CHECK_INT_EQ(seen.err[8], WSANOTINITIALISED);
    CHECK_INT_EQ(seen.data_len, 1);                  /* "y" only */
    /* What reached a while it was down was dropped there. */
    CHECK(count_segments("drop", host_a, "net-down", 100 * MS, 150 * MS) >= 1);
    const wsim_record *down = th_find(world, WSIM_REC_FAULT, "network-down", 0);
    CHECK(down && down->host == host_a->id && down->time_ns == 50 * MS);
}

/* ---- S09: the sending host is out of buffers ------------------------------ */

/* Source: S09; the Return value sections of send, WSASend, socket and
 * connect ("WSAENOBUFS: No buffer space is available"); recv and setsockopt
 * list no WSAENOBUFS and are not affected. */
static int s09_client(int argc, char **argv)
{
    (void)argc, (void)argv;
    start();
    int err;
    SOCKET s = try_connect("10.0.0.2", &err);
    seen.err[0] = err;
    SOCKET spare = socket(AF_INET, SOCK_STREAM, 0);
    sleep_until(100 * MS);
    seen.ret[1] = send(s, "x", 1, 0);
    seen.err[1] = WSAGetLastError();
    WSABUF buf = {1, "x"};
    DWORD sent = 0;
    seen.ret[2] = WSASend(s, &buf, 1, &sent, 0, NULL, NULL);
    seen.err[2] = WSAGetLastError();
    seen.ret[3] = socket(AF_INET, SOCK_STREAM, 0) == INVALID_SOCKET;
    seen.err[3] = WSAGetLastError();
    struct sockaddr_in to = address("10.0.0.2", PORT);
    seen.ret[4] = connect(spare, (struct sockaddr *)&to, sizeof to);
    seen.err[4] = WSAGetLastError();
    int size = 4096;
    seen.ret[5] = setsockopt(s, SOL_SOCKET, SO_SNDBUF, (const char *)&size, sizeof size);
    u_long readable = 1;
    seen.ret[6] = ioctlsocket(s, FIONREAD, &readable);
    sleep_until(200 * MS);
    seen.ret[7] = send(s, "y", 1, 0);
    closesocket(spare);
    closesocket(s);
    return 0;
}

static void case_S09_no_buffers(void)
{
    two_hosts();
    fault(50 * MS, WSIM_FAULT_BUFFERS_EXHAUSTED, NULL, NULL, host_a);
    fault(150 * MS, WSIM_FAULT_BUFFERS_AVAILABLE, NULL, NULL, host_a);
    th_program(world, host_b, "server", reading_server, 0);
    th_program(world, host_a, "client", s09_client, 1 * MS);
    CHECK_INT_EQ(th_run(world), WSIM_END_COMPLETED);
    CHECK_INT_EQ(seen.err[0], 0);
    for (int i = 1; i <= 2; i++) {
        CHECK_INT_EQ(seen.ret[i], SOCKET_ERROR);
        CHECK_INT_EQ(seen.err[i], WSAENOBUFS);
    }
    CHECK_INT_EQ(seen.ret[3], 1);
    CHECK_INT_EQ(seen.err[3], WSAENOBUFS);
    CHECK_INT_EQ(seen.ret[4], SOCKET_ERROR);
    CHECK_INT_EQ(seen.err[4], WSAENOBUFS);
    CHECK_INT_EQ(seen.ret[5], 0);
    CHECK_INT_EQ(seen.ret[6], 0);
    CHECK_INT_EQ(seen.ret[7], 1);
    CHECK_INT_EQ(seen.data_len, 1);
    /* The trace holds the failures with their code (M02). */
    const wsim_record *r = call("send", 0);
    CHECK(r && r->a[1] == WSAENOBUFS && r->time_ns >= 100 * MS && r->time_ns < 101 * MS);
    const wsim_record *f = th_find(world, WSIM_REC_FAULT, "buffers-exhausted", 0);
    CHECK(f && f->host == host_a->id && strcmp(f->text, "a") == 0);
}

/* ---- a host's crash and restart, in detail --------------------------------- */

static int idle_program(int argc, char **argv)
{
    (void)argc, (void)argv;
    seen.ret[seen.instances++] = (int)(th_now() / MS);
    start();
    SOCKET l = listen_on("0.0.0.0", PORT, 4);   /* a socket that vanishes with the crash */
    (void)l;
    Sleep(300);
    return 0;
}

static int ping_program(int argc, char **argv)
{
    (void)argc, (void)argv;
    start();
    sleep_until(50 * MS);
    int err;
    try_connect("10.0.0.2", &err);    /* b is down: the SYN is dropped there */
    seen.err[0] = err;
    seen.t[0] = th_now();
    return 0;
}

/* Every program of the crashed host is killed, the one not yet started
 * too; each starts again at restart + its start time; what reaches the
 * host meanwhile is dropped (host-down); the run waits for the restart. */
static void case_host_crash_restart(void)
{
    two_hosts();
    fault(10 * MS, WSIM_FAULT_HOST_CRASH, NULL, NULL, host_b);
    fault(1000 * MS, WSIM_FAULT_HOST_RESTART, NULL, NULL, host_b);
    th_program(world, host_b, "first", idle_program, 0);
    th_program(world, host_b, "second", idle_program, 30 * MS);   /* pending at the crash */
    th_program(world, host_a, "ping", ping_program, 0);
    CHECK_INT_EQ(th_run(world), WSIM_END_COMPLETED);
    /* first ran at 0, then both again at 1000 and 1030 ms. */
    CHECK_INT_EQ(seen.instances, 3);
    CHECK_INT_EQ(seen.ret[0], 0);
    CHECK_INT_EQ(seen.ret[1], 1000);
    CHECK_INT_EQ(seen.ret[2], 1030);
    CHECK_INT_EQ(th_count(world, WSIM_REC_PROGRAM_EXIT, WSIM_EXIT_HOST_CRASH), 2);
    CHECK_INT_EQ(th_count(world, WSIM_REC_PROGRAM_START, "second"), 1);
    CHECK_INT_EQ(th_count(world, WSIM_REC_PROGRAM_EXIT, "return"), 3);   /* ping, and both again */
    CHECK_INT_EQ(world->sim->process_count, 5);
    /* The SYN sent to b while it was down was dropped there; its
     * retransmission (RFC 6298: after the initial 1 s) reached the new
     * instance's listener. */
    CHECK_INT_EQ(count_segments("drop", host_b, "host-down", 50 * MS, 1000 * MS), 1);
    CHECK_INT_EQ(seen.err[0], 0);
    CHECK(seen.t[0] > 1050 * MS);
}

static const test_case cases[] = {
    {"S16_no_route", case_S16_no_route},
    {"S16_own_link_down", case_S16_own_link_down},
    {"link_down_further_along", case_link_down_further_along},
    {"S19_peer_restarted", case_S19_peer_restarted},
    {"S03_network_down", case_S03_network_down},
    {"S09_no_buffers", case_S09_no_buffers},
    {"host_crash_restart", case_host_crash_restart},
};

int main(int argc, char **argv)
{
    return test_main(argc, argv, cases, sizeof cases / sizeof cases[0], end_world);
}
