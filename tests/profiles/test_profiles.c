/* test_profiles.c — the send contract's Profiles section
 * (../shared/spec/send-contract.md): host profiles (windows, win9x, wince),
 * run latitudes (profile, documented, fifo), the contract violations the
 * simulator records, and concurrent sends.  Each case is its own CTest
 * test, contract.<ID>_<what>.
 *
 * The programs are plain C functions written against the Windows headers,
 * run in-process through the embedding API (tests/support/harness.h).
 * Expected values come from the documented model (README "The model";
 * wsapi/profile.h, wsapi/transfer.c), never from a run:
 *   - under the default latitude (and fifo) a stream send is taken whole
 *     when the bytes queued are below SO_SNDBUF, else it waits or fails with
 *     WSAEWOULDBLOCK: never a short count, never a split;
 *   - under documented a stream send takes between 1 byte and the room
 *     (SO_SNDBUF minus the bytes queued), the amount drawn from the seed; a
 *     blocking one goes on piece by piece, and the threads due at one
 *     instant run in an order drawn from the seed;
 *   - computation takes no virtual time: nothing a thread does between two
 *     waits lets a packet arrive, so a queue filled at one instant stays
 *     full until the thread waits.
 * Where the documents leave a choice, a case sweeps seeds and checks the
 * documented bounds (and that the seed sweep finds each outcome the
 * documents allow), not any one seed's outcome.
 */
#include <windows.h>

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tests/support/cases.h"
#include "tests/support/world.h"
#include "traces/recorder.h"
#include "wsapi/host.h"

#define SEEDS 100

/* ---- the world ------------------------------------------------------------------------------ */

/* One host "a" (10.0.0.1) whose programs talk over its loopback, under
 * `latitude` and `seed`. */
static void one_host(wsim_latitude latitude, uint64_t seed, wsapi_profile profile)
{
    new_world(seed, 600 * SEC)->sim->latitude = latitude;
    host_a = th_host(world, "a", "10.0.0.1");
    wsapi_host_set_profile(host_a, profile);
    host_b = NULL;
}

/* Host a (10.0.0.1, the client) and host b (10.0.0.2, the server), one
 * 10 ms, 10 Mbit/s link: nothing sent at one instant is acknowledged
 * before 20 ms later. */
static void two_hosts(wsim_latitude latitude, uint64_t seed, wsapi_profile profile)
{
    one_host(latitude, seed, profile);
    world->tcp.delayed_ack = 0;
    host_b = th_host(world, "b", "10.0.0.2");
    link_ab = th_link(world, host_a, host_b, 10 * MS, 10000000ULL, 100);
}

/* The reading server (world.h), urgent bytes inline (SO_OOBINLINE) so that
 * every byte sent is counted. */
static int inline_reading_server(int argc, char **argv)
{
    (void)argc, (void)argv;
    return read_one_connection(1);
}

/* Runs `client` against the reading server: on host b when there is one,
 * else beside it on host a; returns how the run ended. */
static wsim_end_reason run_with_server(wsapi_main_fn client)
{
    th_program(world, host_b ? host_b : host_a, "server", inline_reading_server, 0);
    th_program(world, host_a, "client", client, MS);
    return th_run(world);
}

static const char *server_address(void)
{
    return host_b ? "10.0.0.2" : "10.0.0.1";
}

static int count_records(wsim_record_kind kind, const char *name)
{
    int n = 0;
    for (size_t i = 0; i < world->count; i++)
        if (world->records[i].kind == kind && world->records[i].name &&
            strcmp(world->records[i].name, name) == 0)
            n++;
    return n;
}

static const wsim_record *find_record(wsim_record_kind kind, const char *name)
{
    for (size_t i = 0; i < world->count; i++)
        if (world->records[i].kind == kind && world->records[i].name &&
            strcmp(world->records[i].name, name) == 0)
            return &world->records[i];
    return NULL;
}

static const wsim_record *find_call(uint64_t seq)
{
    for (size_t i = 0; i < world->count; i++)
        if (world->records[i].kind == WSIM_REC_CALL && world->records[i].seq == seq)
            return &world->records[i];
    return NULL;
}

static const char *latitude_name(wsim_latitude latitude)
{
    return latitude == WSIM_LATITUDE_DOCUMENTED ? "documented"
           : latitude == WSIM_LATITUDE_FIFO     ? "fifo"
                                                : "profile";
}

/* How many runs the bytes tagged `tag` form in seen.data: 1 when they came
 * in one piece, more when other bytes came between them. */
static int runs_of(unsigned char tag)
{
    int runs = 0;
    for (size_t i = 0; i < (size_t)seen.data_len; i++)
        if (seen.data[i] == tag && (i == 0 || seen.data[i - 1] != tag))
            runs++;
    return runs;
}

static size_t count_of(unsigned char tag)
{
    size_t n = 0;
    for (size_t i = 0; i < (size_t)seen.data_len; i++)
        n += seen.data[i] == tag;
    return n;
}

/* ---- concurrent sends (S29, W27) ------------------------------------------------------------ */

#define BIG (64 * 1024)
static SOCKET shared_socket;
static char fill_bytes[BIG];
static int use_wsasend;

/* Fills the send queue so that nothing more fits (S14 under every
 * latitude): non-blocking sends until WSAEWOULDBLOCK, then back to
 * blocking mode. */
static void fill_queue(SOCKET s)
{
    memset(fill_bytes, 'F', sizeof fill_bytes);
    u_long on = 1, off = 0;
    ioctlsocket(s, FIONBIO, &on);
    while (send(s, fill_bytes, sizeof fill_bytes, 0) > 0)
        continue;
    seen.v[40] = WSAGetLastError();
    ioctlsocket(s, FIONBIO, &off);
}

/* One blocking send of BIG bytes, or two WSASends of BIG / 2 (W27), all
 * tagged with the thread's letter: 'A'/'B' (send), 'a'+'A' / 'b'+'B'
 * (the two WSASends of a thread, in call order). */
static DWORD WINAPI concurrent_sender(LPVOID param)
{
    int who = (int)(uintptr_t)param;
    static char bufs[2][2][BIG];
    char upper = (char)('A' + who), lower = (char)('a' + who);
    if (!use_wsasend) {
        memset(bufs[who][0], upper, BIG);
        seen.v[who] = send(shared_socket, bufs[who][0], BIG, 0);
        return 0;
    }
    memset(bufs[who][0], lower, BIG / 2);
    memset(bufs[who][1], upper, BIG / 2);
    for (int i = 0; i < 2; i++) {
        WSABUF wb = {BIG / 2, bufs[who][i]};
        DWORD sent = 0;
        int rc = WSASend(shared_socket, &wb, 1, &sent, 0, NULL, NULL);
        seen.v[who] += rc == 0 ? (long long)sent : -1000000;
    }
    return 0;
}

static int concurrent_client(int argc, char **argv)
{
    (void)argc, (void)argv;
    start();
    shared_socket = connect_to(server_address(), PORT);
    fill_queue(shared_socket);
    /* Both threads start at this instant with the queue full: each blocks
     * in its send, so the second starts while the first is inside. */
    HANDLE t[2] = {CreateThread(NULL, 0, concurrent_sender, (LPVOID)0, 0, NULL),
                   CreateThread(NULL, 0, concurrent_sender, (LPVOID)1, 0, NULL)};
    WaitForMultipleObjects(2, t, TRUE, INFINITE);
    CloseHandle(t[0]);
    CloseHandle(t[1]);
    closesocket(shared_socket);
    WSACleanup();
    return 0;
}

/* One run of the concurrent senders; returns 1 when the trace says their
 * bytes interleaved.  Checks what every run must show. */
static int concurrent_run(wsim_latitude latitude, uint64_t seed, int wsasend)
{
    one_host(latitude, seed, WSAPI_PROFILE_WINDOWS);
    use_wsasend = wsasend;
    CHECK_INT_EQ(run_with_server(concurrent_client), WSIM_END_COMPLETED);
    CHECK_INT_EQ(seen.v[40], WSAEWOULDBLOCK);
    /* Blocking calls take every byte (S23, W10). */
    CHECK_INT_EQ(seen.v[0], BIG);
    CHECK_INT_EQ(seen.v[1], BIG);
    CHECK_INT_EQ(count_of('A') + count_of('a'), BIG);
    CHECK_INT_EQ(count_of('B') + count_of('b'), BIG);
    /* S29: the two threads were inside a send on one socket at once. */
    int concurrent = count_records(WSIM_REC_VIOLATION, "concurrent-send");
    if (concurrent < 1)
        fprintf(stderr, "%s seed %llu: no concurrent-send\n", latitude_name(latitude),
                (unsigned long long)seed);
    CHECK(concurrent >= 1);
    const wsim_record *c = find_record(WSIM_REC_VIOLATION, "concurrent-send");
    if (c) {
        CHECK_CONTAINS(c->text, wsasend ? "WSASend of thread 2" : "send of thread 2");
        CHECK_CONTAINS(c->text, wsasend ? "WSASend of thread 1" : "send of thread 1");
        CHECK_CONTAINS(c->text, wsasend ? "(W27)" : "(S29)");
        CHECK(find_call((uint64_t)c->a[0]) != NULL);
    }
    /* What the receiver saw: a call's bytes in more than one run means
     * they mixed with another's; the trace says `interleaved` exactly
     * then (S29: "only when their bytes actually mix"). */
    int mixed = 0;
    const char *tags = wsasend ? "aAbB" : "AB";
    for (const char *t = tags; *t; t++)
        mixed |= runs_of((unsigned char)*t) > 1;
    int interleaved = count_records(WSIM_REC_VIOLATION, "interleaved");
    CHECK_INT_EQ(interleaved > 0, mixed);
    const wsim_record *iv = find_record(WSIM_REC_VIOLATION, "interleaved");
    if (iv) {
        /* Both calls and their byte ranges are named. */
        CHECK_CONTAINS(iv->text, "took stream bytes [");
        CHECK_CONTAINS(iv->text, "the first of those sends: ");
        CHECK_CONTAINS(iv->text, "with bytes [");
        CHECK(strstr(iv->text, "thread 1") && strstr(iv->text, "thread 2"));
    }
    if (wsasend) {
        /* W27: each thread's WSASend calls reach the transport in call
         * order: its first call's bytes all come before its second's. */
        for (int who = 0; who < 2; who++) {
            unsigned char first = (unsigned char)('a' + who), second = (unsigned char)('A' + who);
            size_t last_first = 0, first_second = (size_t)seen.data_len;
            for (size_t i = 0; i < (size_t)seen.data_len; i++) {
                if (seen.data[i] == first)
                    last_first = i;
                if (seen.data[i] == second && i < first_second)
                    first_second = i;
            }
            CHECK(last_first < first_second);
        }
    }
    /* The fill came first, whole (S28). */
    CHECK_INT_EQ(runs_of('F'), 1);
    CHECK(seen.data_len > 0 && seen.data[0] == 'F');
    end_world();
    return interleaved > 0;
}

static void test_S29_concurrent_send_recorded(void)
{
    static const wsim_latitude latitudes[] = {WSIM_LATITUDE_PROFILE, WSIM_LATITUDE_DOCUMENTED,
                                              WSIM_LATITUDE_FIFO};
    for (size_t l = 0; l < 3; l++)
        for (uint64_t seed = 1; seed <= 20; seed++)
            concurrent_run(latitudes[l], seed, 0);
}

/* Sweeps seeds 1–100 under each latitude: under documented the split sizes
 * and the wake order come from the seed, so some seeds interleave and some
 * do not; under the default latitude and fifo each send is atomic. */
static void interleaving_sweep(int wsasend)
{
    int with = 0, without = 0;
    for (uint64_t seed = 1; seed <= SEEDS; seed++) {
        if (concurrent_run(WSIM_LATITUDE_DOCUMENTED, seed, wsasend))
            with++;
        else
            without++;
    }
    fprintf(stderr, "documented: %d of %d seeds interleaved\n", with, SEEDS);
    CHECK(with >= 1);
    CHECK(without >= 1);
    for (uint64_t seed = 1; seed <= SEEDS; seed++) {
        CHECK_INT_EQ(concurrent_run(WSIM_LATITUDE_PROFILE, seed, wsasend), 0);
        CHECK_INT_EQ(concurrent_run(WSIM_LATITUDE_FIFO, seed, wsasend), 0);
    }
}

static void test_S29_interleaving_by_latitude(void)
{
    interleaving_sweep(0);
}

static void test_W27_order_and_interleave(void)
{
    interleaving_sweep(1);
}

/* ---- short counts (S24, S14, W10) ----------------------------------------------------------- */

static char payload[16 * 1024];

/* SO_SNDBUF 1000; 999 bytes queued by a blocking send (taken whole under
 * every latitude: all fit at this instant, nothing is acknowledged for
 * 20 ms); then, non-blocking, a send of 5000 (v0, error v1) and another
 * (v2, error v3). */
static int s14_client(int argc, char **argv)
{
    (void)argc, (void)argv;
    start();
    SOCKET s = connect_to(server_address(), PORT);
    int sndbuf = 1000;
    setsockopt(s, SOL_SOCKET, SO_SNDBUF, (const char *)&sndbuf, sizeof sndbuf);
    Sleep(100);
    seen.v[10] = send(s, payload, 999, 0);
    u_long on = 1;
    ioctlsocket(s, FIONBIO, &on);
    seen.v[0] = send(s, payload, 5000, 0);
    seen.v[1] = WSAGetLastError();
    seen.v[2] = send(s, payload, 5000, 0);
    seen.v[3] = WSAGetLastError();
    u_long off = 0;
    ioctlsocket(s, FIONBIO, &off);
    closesocket(s);
    WSACleanup();
    return 0;
}

/* S14: under the windows rule the queue (999) is below SO_SNDBUF (1000), so
 * the send is taken whole (5000, overshooting), and the next one, with the
 * queue at 5999, fails with WSAEWOULDBLOCK.  Under documented the room is
 * 1 byte: the send takes exactly 1 (not even one byte fitting is the only
 * WSAEWOULDBLOCK), and the next, with no room, fails. */
static void test_S14_wouldblock_by_profile(void)
{
    static const struct {
        wsim_latitude latitude;
        wsapi_profile profile;
        long long first;
    } rows[] = {
        {WSIM_LATITUDE_PROFILE, WSAPI_PROFILE_WINDOWS, 5000},
        {WSIM_LATITUDE_PROFILE, WSAPI_PROFILE_WIN9X, 5000},
        {WSIM_LATITUDE_PROFILE, WSAPI_PROFILE_WINCE, 5000},
        {WSIM_LATITUDE_FIFO, WSAPI_PROFILE_WINDOWS, 5000},
        {WSIM_LATITUDE_DOCUMENTED, WSAPI_PROFILE_WINDOWS, 1},
        {WSIM_LATITUDE_DOCUMENTED, WSAPI_PROFILE_WINCE, 1},
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++)
        for (uint64_t seed = 1; seed <= 5; seed++) {
            two_hosts(rows[i].latitude, seed, rows[i].profile);
            memset(payload, 'p', sizeof payload);
            CHECK_INT_EQ(run_with_server(s14_client), WSIM_END_COMPLETED);
            CHECK_INT_EQ(seen.v[10], 999);
            CHECK_INT_EQ(seen.v[0], rows[i].first);
            CHECK_INT_EQ(seen.v[2], SOCKET_ERROR);
            CHECK_INT_EQ(seen.v[3], WSAEWOULDBLOCK);
            CHECK_INT_EQ(seen.data_len, 999 + (size_t)rows[i].first);
            end_world();
        }
}

/* A non-blocking send of 10000 with 64 KiB of room: the default rule takes
 * it whole; documented takes between 1 and 10000, the seed's choice,
 * recorded as a send-amount choice. */
static int s24_client(int argc, char **argv)
{
    (void)argc, (void)argv;
    start();
    SOCKET s = connect_to(server_address(), PORT);
    u_long on = 1;
    ioctlsocket(s, FIONBIO, &on);
    seen.v[0] = send(s, payload, 10000, 0);
    seen.v[1] = WSAGetLastError();
    u_long off = 0;
    ioctlsocket(s, FIONBIO, &off);
    closesocket(s);
    WSACleanup();
    return 0;
}

static void test_S24_short_counts_by_latitude(void)
{
    int short_counts = 0;
    long long smallest = 10000;
    for (uint64_t seed = 1; seed <= SEEDS; seed++) {
        for (int l = 0; l < 3; l++) {
            wsim_latitude latitude = l == 0   ? WSIM_LATITUDE_PROFILE
                                     : l == 1 ? WSIM_LATITUDE_FIFO
                                              : WSIM_LATITUDE_DOCUMENTED;
            two_hosts(latitude, seed, WSAPI_PROFILE_WINDOWS);
            for (size_t i = 0; i < sizeof payload; i++)
                payload[i] = (char)(i * 7);
            CHECK_INT_EQ(run_with_server(s24_client), WSIM_END_COMPLETED);
            if (latitude != WSIM_LATITUDE_DOCUMENTED) {
                CHECK_INT_EQ(seen.v[0], 10000);   /* never a short count */
                CHECK_INT_EQ(count_records(WSIM_REC_CHOICE, "send-amount"), 0);
            } else {
                CHECK(seen.v[0] >= 1 && seen.v[0] <= 10000);
                short_counts += seen.v[0] < 10000;
                smallest = seen.v[0] < smallest ? seen.v[0] : smallest;
                const wsim_record *choice = find_record(WSIM_REC_CHOICE, "send-amount");
                CHECK(choice != NULL);
                if (choice) {
                    CHECK_INT_EQ(choice->a[0], seen.v[0]);
                    CHECK_INT_EQ(choice->a[1], 1);
                    CHECK_INT_EQ(choice->a[2], 10000);
                }
            }
            /* What was accepted is what arrives, in order. */
            CHECK_INT_EQ(seen.data_len, (size_t)seen.v[0]);
            CHECK(memcmp(seen.data, payload, seen.data_len) == 0);
            end_world();
        }
    }
    fprintf(stderr, "documented: %d short counts in %d seeds, smallest %lld\n", short_counts,
            SEEDS, smallest);
    CHECK(short_counts >= 1);
    CHECK(short_counts < SEEDS);   /* and whole sends too */
}

/* W10: a non-blocking, non-overlapped WSASend of three buffers (2000 bytes
 * each, 64 KiB of room): taken whole by default; under documented it may
 * consume only part of them, still returning 0 with the count. */
static int w10_client(int argc, char **argv)
{
    (void)argc, (void)argv;
    start();
    SOCKET s = connect_to(server_address(), PORT);
    u_long on = 1;
    ioctlsocket(s, FIONBIO, &on);
    WSABUF wb[3] = {{2000, payload}, {2000, payload + 4000}, {2000, payload + 8000}};
    DWORD sent = 0;
    seen.v[0] = WSASend(s, wb, 3, &sent, 0, NULL, NULL);
    seen.v[1] = sent;
    u_long off = 0;
    ioctlsocket(s, FIONBIO, &off);
    closesocket(s);
    WSACleanup();
    return 0;
}

static void test_W10_partial_nonoverlapped_wsasend(void)
{
    int partial = 0;
    unsigned char gathered[6000];
    for (uint64_t seed = 1; seed <= SEEDS; seed++) {
        for (int documented = 0; documented < 2; documented++) {
            two_hosts(documented ? WSIM_LATITUDE_DOCUMENTED : WSIM_LATITUDE_PROFILE, seed,
                      WSAPI_PROFILE_WINDOWS);
            for (size_t i = 0; i < sizeof payload; i++)
                payload[i] = (char)(i * 13 + 1);
            for (int b = 0; b < 3; b++)
                memcpy(gathered + 2000 * b, payload + 4000 * b, 2000);
            CHECK_INT_EQ(run_with_server(w10_client), WSIM_END_COMPLETED);
            CHECK_INT_EQ(seen.v[0], 0);
            if (!documented)
                CHECK_INT_EQ(seen.v[1], 6000);
            CHECK(seen.v[1] >= 1 && seen.v[1] <= 6000);
            partial += documented && seen.v[1] < 6000;
            /* W05: the consumed part is a prefix of the buffers in array
             * order. */
            CHECK_INT_EQ(seen.data_len, (size_t)seen.v[1]);
            CHECK(memcmp(seen.data, gathered, seen.data_len) == 0);
            end_world();
        }
    }
    CHECK(partial >= 1);
}

/* ---- completion routines (W26) -------------------------------------------------------------- */

static WSAOVERLAPPED w26_ov[4];

static void CALLBACK w26_routine(DWORD error, DWORD bytes, LPWSAOVERLAPPED ov, DWORD flags)
{
    (void)error, (void)bytes, (void)flags;
    if (seen.order_n < 16)
        seen.order[seen.order_n++] = (int)(ov - w26_ov);
}

/* Four overlapped WSASends with completion routines, each completing at
 * once (W01: its routine queued to the thread); then one alertable wait
 * runs them all (W25). */
static int w26_client(int argc, char **argv)
{
    (void)argc, (void)argv;
    start();
    SOCKET s = connect_to(server_address(), PORT);
    static char bufs[4][1000];
    for (int i = 0; i < 4; i++) {
        memset(bufs[i], '0' + i, sizeof bufs[i]);
        memset(&w26_ov[i], 0, sizeof w26_ov[i]);
        WSABUF wb = {sizeof bufs[i], bufs[i]};
        seen.v[i] = WSASend(s, &wb, 1, NULL, 0, &w26_ov[i], w26_routine);
    }
    seen.v[10] = SleepEx(0, TRUE);
    closesocket(s);
    WSACleanup();
    return 0;
}

static void test_W26_routine_order_by_latitude(void)
{
    int reordered = 0;
    static const wsim_latitude latitudes[] = {WSIM_LATITUDE_PROFILE, WSIM_LATITUDE_FIFO,
                                              WSIM_LATITUDE_DOCUMENTED};
    for (size_t l = 0; l < 3; l++)
        for (uint64_t seed = 1; seed <= 50; seed++) {
            two_hosts(latitudes[l], seed, WSAPI_PROFILE_WINDOWS);
            CHECK_INT_EQ(run_with_server(w26_client), WSIM_END_COMPLETED);
            for (int i = 0; i < 4; i++)
                CHECK_INT_EQ(seen.v[i], 0);
            CHECK_INT_EQ(seen.v[10], WAIT_IO_COMPLETION);
            CHECK_INT_EQ(seen.order_n, 4);
            int in_order = 1, mask = 0;
            for (int i = 0; i < seen.order_n; i++) {
                in_order &= seen.order[i] == i;
                mask |= 1 << seen.order[i];
            }
            CHECK_INT_EQ(mask, 0xF);   /* each routine ran once */
            if (latitudes[l] != WSIM_LATITUDE_DOCUMENTED) {
                CHECK(in_order);
                CHECK_INT_EQ(count_records(WSIM_REC_CHOICE, "routine-order"), 0);
            } else {
                reordered += !in_order;
                /* Every routine queued behind others was a choice. */
                CHECK_INT_EQ(count_records(WSIM_REC_CHOICE, "routine-order"), 3);
            }
            /* The posted buffers are transmitted in posting order. */
            CHECK_INT_EQ(seen.data_len, 4000);
            for (size_t i = 0; i < (size_t)seen.data_len; i++)
                if ((unsigned char)seen.data[i] != '0' + i / 1000) {
                    CHECK_INT_EQ(seen.data[i], '0' + i / 1000);
                    break;
                }
            end_world();
        }
    CHECK(reordered >= 1);
}

/* ---- platform rows (W13, S31, S05) ---------------------------------------------------------- */

/* WSASend with 16 and with 17 buffers (v0/v1 and v2/v3), and WSASendTo with
 * 17 on a datagram socket (v4/v5). */
static int w13_client(int argc, char **argv)
{
    (void)argc, (void)argv;
    start();
    SOCKET s = connect_to(server_address(), PORT);
    WSABUF wb[17];
    for (int i = 0; i < 17; i++) {
        wb[i].len = 10;
        wb[i].buf = payload + 10 * i;
    }
    DWORD sent = 0;
    seen.v[0] = WSASend(s, wb, 16, &sent, 0, NULL, NULL);
    seen.v[1] = seen.v[0] == 0 ? (long long)sent : WSAGetLastError();
    sent = 0;
    seen.v[2] = WSASend(s, wb, 17, &sent, 0, NULL, NULL);
    seen.v[3] = seen.v[2] == 0 ? (long long)sent : WSAGetLastError();
    SOCKET d = socket(AF_INET, SOCK_DGRAM, IPPROTO_UDP);
    struct sockaddr_in to = address(server_address(), PORT + 1);
    sent = 0;
    seen.v[4] = WSASendTo(d, wb, 17, &sent, 0, (struct sockaddr *)&to, sizeof to, NULL, NULL);
    seen.v[5] = seen.v[4] == 0 ? (long long)sent : WSAGetLastError();
    closesocket(d);
    closesocket(s);
    WSACleanup();
    return 0;
}

static void test_W13_win9x_16_buffers(void)
{
    for (int p = 0; p < 3; p++) {
        wsapi_profile profile = p == 0 ? WSAPI_PROFILE_WIN9X : p == 1 ? WSAPI_PROFILE_WINDOWS
                                                                    : WSAPI_PROFILE_WINCE;
        two_hosts(WSIM_LATITUDE_PROFILE, 1, profile);
        CHECK_INT_EQ(run_with_server(w13_client), WSIM_END_COMPLETED);
        CHECK_INT_EQ(seen.v[0], 0);
        CHECK_INT_EQ(seen.v[1], 160);
        if (profile == WSAPI_PROFILE_WIN9X) {
            CHECK_INT_EQ(seen.v[2], SOCKET_ERROR);
            CHECK_INT_EQ(seen.v[3], WSAEINVAL);
            CHECK_INT_EQ(seen.v[4], SOCKET_ERROR);
            CHECK_INT_EQ(seen.v[5], WSAEINVAL);
            CHECK_INT_EQ(seen.data_len, 160);   /* nothing of the refused call */
        } else {
            CHECK_INT_EQ(seen.v[2], 0);
            CHECK_INT_EQ(seen.v[3], 170);
            CHECK_INT_EQ(seen.v[4], 0);
            CHECK_INT_EQ(seen.v[5], 170);
            CHECK_INT_EQ(seen.data_len, 330);
        }
        end_world();
    }
}

/* send with each flag combination; the results in v[2i] (count or -error). */
static const int s31_flags[] = {0, MSG_DONTROUTE, MSG_OOB, MSG_OOB | MSG_DONTROUTE,
                                MSG_PEEK, MSG_PARTIAL, 0x100, MSG_WAITALL, 0x40000000};

static int s31_client(int argc, char **argv)
{
    (void)argc, (void)argv;
    start();
    SOCKET s = connect_to(server_address(), PORT);
    for (size_t i = 0; i < sizeof s31_flags / sizeof s31_flags[0]; i++) {
        int rc = send(s, payload, 10, s31_flags[i]);
        seen.v[i] = rc >= 0 ? rc : -WSAGetLastError();
    }
    closesocket(s);
    WSACleanup();
    return 0;
}

/* S31: the CE/Mobile profile's send takes MSG_DONTROUTE and MSG_OOB and
 * fails with WSAEINVAL on any other bit, sending nothing. */
static void test_S31_wince_flags(void)
{
    two_hosts(WSIM_LATITUDE_PROFILE, 1, WSAPI_PROFILE_WINCE);
    memset(payload, 'c', sizeof payload);
    CHECK_INT_EQ(run_with_server(s31_client), WSIM_END_COMPLETED);
    for (size_t i = 0; i < sizeof s31_flags / sizeof s31_flags[0]; i++)
        CHECK_INT_EQ(seen.v[i], i < 4 ? 10 : -WSAEINVAL);
    /* The four accepted sends, nothing of the refused ones. */
    CHECK_INT_EQ(seen.data_len, 40);
    end_world();
}

static SOCKET s05_socket;

static void CALLBACK s05_apc(ULONG_PTR data)
{
    (void)data;
    seen.v[20] = WSACancelBlockingCall();
    seen.v[21] = seen.v[20] == 0 ? 0 : WSAGetLastError();
    seen.t[20] = th_now();
}

static DWORD WINAPI s05_sender(LPVOID param)
{
    (void)param;
    seen.v[11] = send(s05_socket, payload, 100, 0);   /* the queue is full: blocks */
    seen.v[12] = WSAGetLastError();
    seen.t[11] = th_now();
    /* The socket is still good: a send now waits for room as before. */
    seen.v[13] = send(s05_socket, payload, 100, 0);
    return 0;
}

/* Version `minor`.`major` asked of WSAStartup; SO_SNDBUF 1000 and 2000
 * queued, so a blocking send waits; an APC queued to the sender 1 ms later
 * calls WSACancelBlockingCall. */
static WORD s05_version;

static int s05_client(int argc, char **argv)
{
    (void)argc, (void)argv;
    WSADATA wsa;
    seen.v[30] = WSAStartup(s05_version, &wsa);
    seen.v[31] = WSACancelBlockingCall();   /* no blocking call in progress */
    seen.v[32] = WSAGetLastError();
    s05_socket = connect_to(server_address(), PORT);
    int sndbuf = 1000;
    setsockopt(s05_socket, SOL_SOCKET, SO_SNDBUF, (const char *)&sndbuf, sizeof sndbuf);
    Sleep(100);
    send(s05_socket, payload, 2000, 0);
    seen.t[0] = th_now();
    HANDLE t = CreateThread(NULL, 0, s05_sender, NULL, 0, NULL);
    Sleep(1);
    QueueUserAPC(s05_apc, t, 0);
    WaitForSingleObject(t, INFINITE);
    CloseHandle(t);
    closesocket(s05_socket);
    WSACleanup();
    return 0;
}

static void test_S05_cancel_blocking_call_win9x(void)
{
    /* Winsock 1.1 on a win9x host: the APC cancels the blocked send, which
     * fails with WSAEINTR at that instant. */
    two_hosts(WSIM_LATITUDE_PROFILE, 1, WSAPI_PROFILE_WIN9X);
    s05_version = MAKEWORD(1, 1);
    CHECK_INT_EQ(run_with_server(s05_client), WSIM_END_COMPLETED);
    CHECK_INT_EQ(seen.v[30], 0);
    CHECK_INT_EQ(seen.v[31], SOCKET_ERROR);
    CHECK_INT_EQ(seen.v[32], WSAEINVAL);
    CHECK_INT_EQ(seen.v[20], 0);
    CHECK_INT_EQ(seen.v[11], SOCKET_ERROR);
    CHECK_INT_EQ(seen.v[12], WSAEINTR);
    CHECK_INT_EQ(seen.t[20], seen.t[0] + 1 * MS);
    CHECK_INT_EQ(seen.t[11], seen.t[20]);
    CHECK_INT_EQ(seen.v[13], 100);
    CHECK_INT_EQ(seen.data_len, 2100);   /* the cancelled send took nothing */
    end_world();

    /* Winsock 2.2: the function is gone (WSAEOPNOTSUPP) and the send
     * goes on waiting until room appears. */
    two_hosts(WSIM_LATITUDE_PROFILE, 1, WSAPI_PROFILE_WIN9X);
    s05_version = MAKEWORD(2, 2);
    CHECK_INT_EQ(run_with_server(s05_client), WSIM_END_COMPLETED);
    CHECK_INT_EQ(seen.v[31], SOCKET_ERROR);
    CHECK_INT_EQ(seen.v[32], WSAEOPNOTSUPP);
    CHECK_INT_EQ(seen.v[20], SOCKET_ERROR);
    CHECK_INT_EQ(seen.v[21], WSAEOPNOTSUPP);
    CHECK_INT_EQ(seen.v[11], 100);
    CHECK_INT_EQ(seen.v[13], 100);
    CHECK_INT_EQ(seen.data_len, 2200);
    end_world();
}

/* ---- contract violations (W19, W06, S06, W15, W21) ------------------------------------------ */

static WSAOVERLAPPED ov1;
static char w19_buf[3000];

/* SO_SNDBUF 1000 and 2000 queued: an overlapped WSASend is pending (W02)
 * until room appears 20 ms later.  v0: its result; v1/v2: a second call
 * with the same OVERLAPPED while it is in flight; v3/v4: the same after
 * the program zeroed it; v5: the first completes (bytes v6); v7: reusing
 * it once complete. */
static int w19_client(int argc, char **argv)
{
    (void)argc, (void)argv;
    start();
    SOCKET s = connect_to(server_address(), PORT);
    int sndbuf = 1000;
    setsockopt(s, SOL_SOCKET, SO_SNDBUF, (const char *)&sndbuf, sizeof sndbuf);
    Sleep(100);
    send(s, payload, 2000, 0);
    ov1.hEvent = WSACreateEvent();
    WSABUF wb = {100, w19_buf};
    DWORD sent = 0, flags = 0;
    seen.v[0] = WSASend(s, &wb, 1, &sent, 0, &ov1, NULL) == SOCKET_ERROR ? WSAGetLastError() : 0;
    seen.v[1] = WSASend(s, &wb, 1, &sent, 0, &ov1, NULL);
    seen.v[2] = WSAGetLastError();
    WSAEVENT event = ov1.hEvent;
    WSAOVERLAPPED in_flight = ov1;
    memset(&ov1, 0, sizeof ov1);   /* the program forgets, wsim does not */
    seen.v[3] = WSASend(s, &wb, 1, &sent, 0, &ov1, NULL);
    seen.v[4] = WSAGetLastError();
    ov1 = in_flight;
    seen.v[5] = WSAGetOverlappedResult(s, &ov1, &sent, TRUE, &flags);
    seen.v[6] = sent;
    seen.v[7] = WSASend(s, &wb, 1, &sent, 0, &ov1, NULL) == SOCKET_ERROR ? WSAGetLastError() : 0;
    WSAGetOverlappedResult(s, &ov1, &sent, TRUE, &flags);
    WSACloseEvent(event);
    closesocket(s);
    WSACleanup();
    return 0;
}

static void test_W19_overlapped_reused(void)
{
    two_hosts(WSIM_LATITUDE_PROFILE, 1, WSAPI_PROFILE_WINDOWS);
    CHECK_INT_EQ(run_with_server(w19_client), WSIM_END_COMPLETED);
    CHECK_INT_EQ(seen.v[0], WSA_IO_PENDING);
    CHECK_INT_EQ(seen.v[1], SOCKET_ERROR);
    CHECK_INT_EQ(seen.v[2], WSAEINVAL);
    CHECK_INT_EQ(seen.v[3], SOCKET_ERROR);
    CHECK_INT_EQ(seen.v[4], WSAEINVAL);
    CHECK_INT_EQ(seen.v[5], TRUE);
    CHECK_INT_EQ(seen.v[6], 100);
    CHECK(seen.v[7] == 0 || seen.v[7] == WSA_IO_PENDING);
    CHECK_INT_EQ(count_records(WSIM_REC_VIOLATION, "W19"), 2);
    /* The violation names the refused call, and the call in flight. */
    const wsim_record *v = find_record(WSIM_REC_VIOLATION, "W19");
    const wsim_record *pending = NULL, *refused = v ? find_call((uint64_t)v->a[0]) : NULL;
    for (size_t i = 0; i < world->count && !pending; i++)
        if (world->records[i].kind == WSIM_REC_CALL &&
            strcmp(world->records[i].name, "WSASend") == 0)
            pending = &world->records[i];
    CHECK(refused != NULL && pending != NULL);
    if (refused && pending) {
        CHECK_STR_EQ(refused->name, "WSASend");
        CHECK_INT_EQ(refused->a[1], WSAEINVAL);
        char in_flight[64];
        snprintf(in_flight, sizeof in_flight, "call %llu,", (unsigned long long)pending->seq);
        CHECK_CONTAINS(v->text, in_flight);
    }
    /* The refused calls sent nothing and completed nothing (W03). */
    CHECK_INT_EQ(seen.data_len, 2200);
    CHECK_INT_EQ(count_records(WSIM_REC_COMPLETION, "WSASend"), 2);
    end_world();
}

static char w06_buf[100];

/* An overlapped WSASend left pending (as in W19); the program then writes
 * into its buffer (v1 says whether it does). */
static int w06_changes;

static int w06_client(int argc, char **argv)
{
    (void)argc, (void)argv;
    start();
    SOCKET s = connect_to(server_address(), PORT);
    int sndbuf = 1000;
    setsockopt(s, SOL_SOCKET, SO_SNDBUF, (const char *)&sndbuf, sizeof sndbuf);
    Sleep(100);
    memset(payload, 'q', 2000);
    send(s, payload, 2000, 0);
    memset(w06_buf, 'o', sizeof w06_buf);
    memset(&ov1, 0, sizeof ov1);
    ov1.hEvent = WSACreateEvent();
    WSABUF wb = {sizeof w06_buf, w06_buf};
    DWORD sent = 0, flags = 0;
    seen.v[0] = WSASend(s, &wb, 1, &sent, 0, &ov1, NULL) == SOCKET_ERROR ? WSAGetLastError() : 0;
    if (w06_changes)
        memset(w06_buf, 'N', 10);   /* while the system owns the buffer */
    WSAGetOverlappedResult(s, &ov1, &sent, TRUE, &flags);
    seen.v[1] = sent;
    WSACloseEvent(ov1.hEvent);
    closesocket(s);
    WSACleanup();
    return 0;
}

static void test_W06_buffers_changed(void)
{
    for (w06_changes = 0; w06_changes < 2; w06_changes++) {
        two_hosts(WSIM_LATITUDE_PROFILE, 1, WSAPI_PROFILE_WINDOWS);
        CHECK_INT_EQ(run_with_server(w06_client), WSIM_END_COMPLETED);
        CHECK_INT_EQ(seen.v[0], WSA_IO_PENDING);
        CHECK_INT_EQ(seen.v[1], 100);
        CHECK_INT_EQ(count_records(WSIM_REC_VIOLATION, "W06"), w06_changes);
        /* What is transmitted is what the buffer holds at consumption. */
        CHECK_INT_EQ(seen.data_len, 2100);
        CHECK_INT_EQ(seen.data[2000], w06_changes ? 'N' : 'o');
        CHECK_INT_EQ(seen.data[2010], 'o');
        const wsim_record *v = find_record(WSIM_REC_VIOLATION, "W06");
        if (w06_changes && v) {
            const wsim_record *call = find_call((uint64_t)v->a[0]);
            CHECK(call != NULL);
            if (call) {
                CHECK_STR_EQ(call->name, "WSASend");
                CHECK_INT_EQ(call->a[1], WSA_IO_PENDING);
            }
            CHECK_INT_EQ(v->process, 1);   /* the client's */
        }
        end_world();
    }
}

/* S06 and W15: a thread blocked in send (or in a blocking WSASend); an APC
 * queued to it 1 ms later makes blocking calls on a blocking socket (send,
 * recv) and a non-blocking one (send on a non-blocking socket). */
static SOCKET s06_socket, s06_other;
static int s06_outer_wsasend;

static void CALLBACK s06_apc(ULONG_PTR data)
{
    (void)data;
    seen.t[20] = th_now();
    seen.v[20] = send(s06_other, payload, 10, 0);
    seen.v[21] = WSAGetLastError();
    char byte;
    seen.v[22] = recv(s06_other, &byte, 1, 0);
    seen.v[23] = WSAGetLastError();
    u_long on = 1;
    ioctlsocket(s06_other, FIONBIO, &on);
    seen.v[24] = send(s06_other, payload, 10, 0);   /* not a blocking call */
    u_long off = 0;
    ioctlsocket(s06_other, FIONBIO, &off);
}

static DWORD WINAPI s06_sender(LPVOID param)
{
    (void)param;
    if (s06_outer_wsasend) {
        WSABUF wb = {100, payload};
        DWORD sent = 0;
        seen.v[11] = WSASend(s06_socket, &wb, 1, &sent, 0, NULL, NULL) == 0 ? (long long)sent : -1;
    } else {
        seen.v[11] = send(s06_socket, payload, 100, 0);
    }
    seen.t[11] = th_now();
    return 0;
}

static int s06_client(int argc, char **argv)
{
    (void)argc, (void)argv;
    start();
    s06_socket = connect_to(server_address(), PORT);
    s06_other = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);   /* blocking, never connected */
    int sndbuf = 1000;
    setsockopt(s06_socket, SOL_SOCKET, SO_SNDBUF, (const char *)&sndbuf, sizeof sndbuf);
    Sleep(100);
    send(s06_socket, payload, 2000, 0);
    seen.t[0] = th_now();
    HANDLE t = CreateThread(NULL, 0, s06_sender, NULL, 0, NULL);
    Sleep(1);
    QueueUserAPC(s06_apc, t, 0);
    WaitForSingleObject(t, INFINITE);
    CloseHandle(t);
    /* Outside any APC the same calls are ordinary (WSAENOTCONN). */
    seen.v[30] = send(s06_other, payload, 10, 0);
    seen.v[31] = WSAGetLastError();
    closesocket(s06_other);
    closesocket(s06_socket);
    WSACleanup();
    return 0;
}

static void check_blocking_call_in_apc(int outer_wsasend)
{
    two_hosts(WSIM_LATITUDE_PROFILE, 1, WSAPI_PROFILE_WINDOWS);
    s06_outer_wsasend = outer_wsasend;
    CHECK_INT_EQ(run_with_server(s06_client), WSIM_END_COMPLETED);
    CHECK_INT_EQ(seen.t[20], seen.t[0] + 1 * MS);
    CHECK_INT_EQ(seen.v[20], SOCKET_ERROR);
    CHECK_INT_EQ(seen.v[21], WSAEINPROGRESS);
    CHECK_INT_EQ(seen.v[22], SOCKET_ERROR);
    CHECK_INT_EQ(seen.v[23], WSAEINPROGRESS);
    CHECK_INT_EQ(seen.v[24], SOCKET_ERROR);   /* a non-blocking call goes on: WSAENOTCONN */
    CHECK_INT_EQ(seen.v[30], SOCKET_ERROR);
    CHECK_INT_EQ(seen.v[31], WSAENOTCONN);
    /* The interrupted call went on and completed when room appeared. */
    CHECK_INT_EQ(seen.v[11], 100);
    CHECK(seen.t[11] > seen.t[20]);
    const char *rule = outer_wsasend ? "W15" : "S06";
    CHECK_INT_EQ(count_records(WSIM_REC_VIOLATION, rule), 2);
    CHECK_INT_EQ(count_records(WSIM_REC_VIOLATION, outer_wsasend ? "S06" : "W15"), 0);
    const wsim_record *v = find_record(WSIM_REC_VIOLATION, rule);
    if (v) {
        CHECK_CONTAINS(v->text, outer_wsasend ? "blocking WSASend" : "blocking send");
        const wsim_record *call = find_call((uint64_t)v->a[0]);
        CHECK(call != NULL);
        if (call) {
            CHECK_STR_EQ(call->name, "send");
            CHECK_INT_EQ(call->a[1], WSAEINPROGRESS);
        }
    }
    CHECK_INT_EQ(seen.data_len, 2100);
    end_world();
}

static void test_S06_blocking_call_in_apc(void)
{
    check_blocking_call_in_apc(0);
}

static void test_W15_blocking_wsasend_in_apc(void)
{
    check_blocking_call_in_apc(1);
}

static void CALLBACK w21_routine(DWORD error, DWORD bytes, LPWSAOVERLAPPED ov, DWORD flags)
{
    (void)error, (void)ov, (void)flags;
    seen.v[20] = bytes;
    seen.t[20] = th_now();
}

/* An overlapped WSASend with a completion routine left pending (as in
 * W19); WSAGetOverlappedResult with fWait TRUE answers at once as with
 * fWait FALSE (v1, v2 at t1); an alertable wait then runs the routine. */
static int w21_client(int argc, char **argv)
{
    (void)argc, (void)argv;
    start();
    SOCKET s = connect_to(server_address(), PORT);
    int sndbuf = 1000;
    setsockopt(s, SOL_SOCKET, SO_SNDBUF, (const char *)&sndbuf, sizeof sndbuf);
    Sleep(100);
    send(s, payload, 2000, 0);
    memset(&ov1, 0, sizeof ov1);
    WSABUF wb = {100, payload};
    DWORD sent = 0, flags = 0;
    seen.t[0] = th_now();
    seen.v[0] = WSASend(s, &wb, 1, &sent, 0, &ov1, w21_routine) == SOCKET_ERROR ? WSAGetLastError()
                                                                               : 0;
    seen.v[1] = WSAGetOverlappedResult(s, &ov1, &sent, TRUE, &flags);
    seen.v[2] = WSAGetLastError();
    seen.t[1] = th_now();
    seen.v[3] = SleepEx(INFINITE, TRUE);
    closesocket(s);
    WSACleanup();
    return 0;
}

static void test_W21_getoverlappedresult_wait_with_routine(void)
{
    two_hosts(WSIM_LATITUDE_PROFILE, 1, WSAPI_PROFILE_WINDOWS);
    CHECK_INT_EQ(run_with_server(w21_client), WSIM_END_COMPLETED);
    CHECK_INT_EQ(seen.v[0], WSA_IO_PENDING);
    CHECK_INT_EQ(seen.v[1], FALSE);
    CHECK_INT_EQ(seen.v[2], WSA_IO_INCOMPLETE);
    CHECK_INT_EQ(seen.t[1], seen.t[0]);   /* it did not wait */
    CHECK_INT_EQ(seen.v[3], WAIT_IO_COMPLETION);
    CHECK_INT_EQ(seen.v[20], 100);
    CHECK(seen.t[20] > seen.t[0]);
    CHECK_INT_EQ(count_records(WSIM_REC_VIOLATION, "W21"), 1);
    const wsim_record *v = find_record(WSIM_REC_VIOLATION, "W21");
    const wsim_record *call = v ? find_call((uint64_t)v->a[0]) : NULL;
    CHECK(call != NULL);
    if (call)
        CHECK_STR_EQ(call->name, "WSAGetOverlappedResult");
    end_world();
}

/* ---- determinism under the documented latitude (M04) ---------------------------------------- */

/* Two runs with one seed make the same choices: every record equal. */
static void test_documented_same_seed_same_trace(void)
{
    th_world *first = NULL;
    for (int run = 0; run < 2; run++) {
        one_host(WSIM_LATITUDE_DOCUMENTED, 42, WSAPI_PROFILE_WINDOWS);
        use_wsasend = 0;
        CHECK_INT_EQ(run_with_server(concurrent_client), WSIM_END_COMPLETED);
        if (run == 0) {
            first = world;
            world = NULL;
            continue;
        }
        CHECK_INT_EQ(world->count, first->count);
        CHECK(count_records(WSIM_REC_CHOICE, "wake-order") > 0);
        for (size_t i = 0; i < world->count && i < first->count; i++) {
            const wsim_record *a = &first->records[i], *b = &world->records[i];
            int same = a->kind == b->kind && a->seq == b->seq && a->time_ns == b->time_ns &&
                       a->host == b->host && a->process == b->process && a->thread == b->thread &&
                       a->socket == b->socket && memcmp(a->a, b->a, sizeof a->a) == 0 &&
                       (a->name == b->name || (a->name && b->name && !strcmp(a->name, b->name))) &&
                       (a->text == b->text || (a->text && b->text && !strcmp(a->text, b->text)));
            if (!same) {
                fprintf(stderr, "record %zu differs\n", i);
                CHECK(same);
                break;
            }
        }
        end_world();
    }
    th_free(first);
}

/* ---- the choices in the trace (traces/SCHEMA.md, choices) ------------------------------------ */

static long long query_int(sqlite3 *db, const char *sql)
{
    sqlite3_stmt *st = NULL;
    long long v = -1;
    if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW)
        v = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return v;
}

/* A documented run's records written by the recorder: one row of `choices`
 * per CHOICE record, with its columns, and a `choice` row in `events`. */
static void test_choices_recorded(void)
{
    one_host(WSIM_LATITUDE_DOCUMENTED, 7, WSAPI_PROFILE_WINDOWS);
    use_wsasend = 0;
    CHECK_INT_EQ(run_with_server(concurrent_client), WSIM_END_COMPLETED);
    const char *path = "profiles_choices.wsimtrace";   /* in CTest's working folder */
    remove(path);
    char err[256] = "";
    wsim_recorder *rec = wsim_recorder_open(path, err, sizeof err);
    CHECK(rec != NULL);
    if (!rec)
        return;
    long long choices = 0, wake = 0;
    const wsim_record *send_amount = NULL;
    for (size_t i = 0; i < world->count; i++) {
        const wsim_record *r = &world->records[i];
        if (r->kind == WSIM_REC_CHOICE) {
            choices++;
            wake += strcmp(r->name, "wake-order") == 0;
            if (!send_amount && strcmp(r->name, "send-amount") == 0)
                send_amount = r;
        }
        CHECK_INT_EQ(wsim_recorder_add(rec, r), 0);
    }
    CHECK_INT_EQ(wsim_recorder_close(rec, "test", err, sizeof err), 0);
    CHECK(choices > 0 && wake > 0 && send_amount != NULL);
    sqlite3 *db = NULL;
    CHECK_INT_EQ(sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
    CHECK_INT_EQ(query_int(db, "SELECT count(*) FROM choices"), choices);
    CHECK_INT_EQ(query_int(db, "SELECT count(*) FROM choices WHERE what = 'wake-order'"), wake);
    CHECK_INT_EQ(query_int(db, "SELECT count(*) FROM events WHERE kind = 'choice'"), choices);
    CHECK_INT_EQ(query_int(db, "SELECT count(*) FROM choices WHERE value NOT BETWEEN low AND high"),
                 0);
    if (send_amount) {
        char sql[256];
        snprintf(sql, sizeof sql,
                 "SELECT count(*) FROM choices WHERE seq = %llu AND what = 'send-amount' AND"
                 " value = %lld AND low = 1 AND high = %lld AND socket = %lld AND thread = %d",
                 (unsigned long long)send_amount->seq, (long long)send_amount->a[0],
                 (long long)send_amount->a[2], (long long)send_amount->socket,
                 send_amount->thread);
        CHECK_INT_EQ(query_int(db, sql), 1);
    }
    sqlite3_close(db);
    remove(path);
    end_world();
}

/* ---- the table of cases --------------------------------------------------------------------- */

static const test_case cases[] = {
    {"S29_concurrent_send_recorded", test_S29_concurrent_send_recorded},
    {"S29_interleaving_by_latitude", test_S29_interleaving_by_latitude},
    {"W27_order_and_interleave", test_W27_order_and_interleave},
    {"S24_short_counts_by_latitude", test_S24_short_counts_by_latitude},
    {"S14_wouldblock_by_profile", test_S14_wouldblock_by_profile},
    {"W10_partial_nonoverlapped_wsasend", test_W10_partial_nonoverlapped_wsasend},
    {"W26_routine_order_by_latitude", test_W26_routine_order_by_latitude},
    {"W13_win9x_16_buffers", test_W13_win9x_16_buffers},
    {"S31_wince_flags", test_S31_wince_flags},
    {"S05_cancel_blocking_call_win9x", test_S05_cancel_blocking_call_win9x},
    {"W19_overlapped_reused", test_W19_overlapped_reused},
    {"W06_buffers_changed", test_W06_buffers_changed},
    {"S06_blocking_call_in_apc", test_S06_blocking_call_in_apc},
    {"W15_blocking_wsasend_in_apc", test_W15_blocking_wsasend_in_apc},
    {"W21_getoverlappedresult_wait_with_routine", test_W21_getoverlappedresult_wait_with_routine},
    {"documented_same_seed_same_trace", test_documented_same_seed_same_trace},
    {"choices_recorded", test_choices_recorded},
};

int main(int argc, char **argv)
{
    return test_main(argc, argv, cases, sizeof cases / sizeof cases[0], end_world);
}
