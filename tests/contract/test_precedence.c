/* test_precedence.c — which error a call reports when several apply at once.
 *
 * The one order is written in wsapi/calls.h: not initialised, then the
 * host-wide conditions (network down, no buffers), then not a socket, then
 * bad pointers, then the socket's kind (an OVERLAPPED on a socket without
 * the overlapped attribute), then flags (a flag the socket cannot do before
 * an unknown one), then state (shut down, the connection's own failure, not
 * connected), and only then the blocking rules.  Each case here puts two
 * (or more) of those in one call and checks that the earlier one wins, for
 * send, WSASend, the datagram calls and a few others.
 *
 * Windows-run tests that order a pair (Wine's dlls/ws2_32/tests/sock.c,
 * whose tests are run on Windows; the functions named):
 *   - test_WithoutWSAStartup: WSASocketA(0, 0, 0, …) — bad arguments —
 *     before WSAStartup fails with WSANOTINITIALISED;
 *   - test_WSASendTo and test_WSASendMsg: INVALID_SOCKET with a NULL
 *     lpNumberOfBytesSent fails with WSAENOTSOCK, a socket with the same
 *     NULL with WSAEFAULT (not a socket before bad pointer);
 *   - test_getpeername ("Test the parameter validation order"):
 *     INVALID_SOCKET with NULL pointers gives WSAENOTSOCK.
 * The other pairs have no Windows-run test that orders them; the order is
 * the simulator's, documented in calls.h.
 */
#include "tests/contract/common.h"

/* Records (ret, error) of one call into seen.v[k], seen.v[k + 1]. */
#define TRY(k, call)                        \
    do {                                    \
        seen.v[(k)] = (long long)(call);    \
        seen.v[(k) + 1] = WSAGetLastError(); \
    } while (0)

static void expect(int k, long long ret, int error)
{
    CHECK_INT_EQ(seen.v[k], ret);
    CHECK_INT_EQ(seen.v[k + 1], error);
}

static void run_alone(wsapi_main_fn program)
{
    th_program(world, host_a, "p", program, 0);
    CHECK_INT_EQ(th_run(world), WSIM_END_COMPLETED);
}

/* ---- not initialised before not a socket ---------------------------------- */

static int p_ni_notsock(int argc, char **argv)
{
    (void)argc, (void)argv;
    WSABUF b = {1, "x"};
    DWORD sent;
    TRY(0, send((SOCKET)0x9990, "x", 1, 0));
    TRY(2, WSASend(INVALID_SOCKET, &b, 1, &sent, 0, NULL, NULL));
    TRY(4, closesocket((SOCKET)0x9990));
    TRY(6, recv((SOCKET)0x9990, NULL, 10, 0));
    /* WSASocketA(0, 0, 0, ...) when it exists, as test_WithoutWSAStartup. */
    SOCKET(WSAAPI * make)(int, int, int, LPWSAPROTOCOL_INFOA, GROUP, DWORD) =
        (SOCKET(WSAAPI *)(int, int, int, LPWSAPROTOCOL_INFOA, GROUP, DWORD))contract_lookup("WSASocketA");
    if (make)
        TRY(8, make(0, 0, 0, NULL, 0, 0) == INVALID_SOCKET);
    TRY(10, socket(0, 0, 0) == INVALID_SOCKET);   /* bad arguments too */
    return 0;
}

static void test_ni_notsock(void)
{
    two_hosts(1);
    run_alone(p_ni_notsock);
    for (int k = 0; k < 8; k += 2)
        expect(k, SOCKET_ERROR, WSANOTINITIALISED);
    if (contract_lookup("WSASocketA"))
        expect(8, 1, WSANOTINITIALISED);
    expect(10, 1, WSANOTINITIALISED);
}

/* ---- not initialised before bad pointer, flags and state ------------------- */

static int p_ni_rest(int argc, char **argv)
{
    (void)argc, (void)argv;
    start();
    SOCKET s = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);   /* never connected */
    WSACleanup();
    DWORD sent;
    TRY(0, send(s, NULL, 10, MSG_PEEK));
    TRY(2, WSASend(s, NULL, 1, NULL, MSG_PARTIAL, NULL, NULL));
    TRY(4, getsockopt(s, SOL_SOCKET, SO_TYPE, NULL, NULL));
    TRY(6, WSAGetOverlappedResult(s, NULL, &sent, FALSE, NULL));
    return 0;
}

static void test_ni_rest(void)
{
    two_hosts(1);
    run_alone(p_ni_rest);
    for (int k = 0; k < 6; k += 2)
        expect(k, SOCKET_ERROR, WSANOTINITIALISED);
    expect(6, FALSE, WSANOTINITIALISED);
}

/* ---- not initialised before network down; network down before the rest --- */

static int p_netdown(int argc, char **argv)
{
    (void)argc, (void)argv;
    wsim_host_set_network(host_a, 0);
    TRY(0, send((SOCKET)0x9990, "x", 1, 0));                   /* not initialised first */
    start();
    SOCKET s = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
    seen.v[20] = s == INVALID_SOCKET;                          /* socket(): WSAENETDOWN */
    seen.v[21] = WSAGetLastError();
    wsim_host_set_network(host_a, 1);
    s = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
    wsim_host_set_network(host_a, 0);
    TRY(2, send((SOCKET)0x9990, "x", 1, 0));                   /* before not a socket */
    TRY(4, send(s, NULL, 10, MSG_PEEK));                       /* before pointer, flags, state */
    WSABUF b = {1, "x"};
    TRY(6, WSASend((SOCKET)0x9990, &b, 1, NULL, MSG_PARTIAL, NULL, NULL));
    closesocket(s);
    wsim_host_set_network(host_a, 1);
    return 0;
}

static void test_netdown(void)
{
    two_hosts(1);
    run_alone(p_netdown);
    expect(0, SOCKET_ERROR, WSANOTINITIALISED);
    expect(20, 1, WSAENETDOWN);
    for (int k = 2; k < 8; k += 2)
        expect(k, SOCKET_ERROR, WSAENETDOWN);
}

/* ---- not a socket before bad pointer ------------------------------------------ */

static int p_notsock_pointer(int argc, char **argv)
{
    (void)argc, (void)argv;
    start();
    WSAEVENT ev = WSACreateEvent();
    SOCKET closed = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);   /* the last handle made */
    closesocket(closed);
    WSABUF b = {1, "x"};
    DWORD bytes;
    struct sockaddr_in to = address("10.0.0.2", UDP_PORT);
    /* test_WSASendTo / test_WSASendMsg: INVALID_SOCKET, NULL count. */
    TRY(0, WSASendTo(INVALID_SOCKET, &b, 1, NULL, 0, (struct sockaddr *)&to, sizeof to, NULL, NULL));
    TRY(2, WSASend(INVALID_SOCKET, &b, 1, NULL, 0, NULL, NULL));
    TRY(4, send(closed, NULL, 10, 0));
    TRY(6, sendto((SOCKET)0x9990, page_none, 10, 0, (struct sockaddr *)page_none, sizeof to));
    TRY(8, recv((SOCKET)(uintptr_t)ev, NULL, 10, 0));
    TRY(10, WSAGetOverlappedResult(closed, NULL, NULL, FALSE, NULL));
    TRY(12, getsockopt((SOCKET)(uintptr_t)ev, SOL_SOCKET, SO_TYPE, NULL, NULL));
    TRY(14, bind(closed, NULL, 0));
    TRY(16, WSARecvFrom((SOCKET)0x9990, NULL, 1, NULL, NULL, NULL, NULL, NULL, NULL));
    (void)bytes;
    WSACloseEvent(ev);
    return 0;
}

static void test_notsock_pointer(void)
{
    map_pages();
    two_hosts(1);
    run_alone(p_notsock_pointer);
    for (int k = 0; k < 18; k += 2)
        expect(k, k == 10 ? FALSE : SOCKET_ERROR, WSAENOTSOCK);
}

/* ---- bad pointer before bad flags, and before state --------------------------- */

static int p_pointer_flags(int argc, char **argv)
{
    (void)argc, (void)argv;
    start();
    SOCKET s = connect_b();
    SOCKET fresh = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);   /* not connected */
    SOCKET u = socket(AF_INET, SOCK_DGRAM, IPPROTO_UDP);        /* no default peer */
    DWORD sent;
    WSABUF bad = {10, page_none};
    TRY(0, send(s, NULL, 10, MSG_PEEK));                         /* EFAULT, not EINVAL */
    TRY(2, WSASend(s, &bad, 1, &sent, MSG_PARTIAL, NULL, NULL)); /* not EOPNOTSUPP */
    TRY(4, send(u, page_none, 10, MSG_OOB));
    TRY(6, send(fresh, NULL, 10, 0));                            /* EFAULT, not ENOTCONN */
    TRY(8, WSASend(fresh, &bad, 1, &sent, 0, NULL, NULL));
    TRY(10, send(u, page_none, 10, 0));
    char buf[4];
    TRY(12, recv(s, NULL, 10, 0x100));                           /* recv: the same order */
    (void)buf;
    /* W16's NULL count (a bad pointer) before MSG_PARTIAL. */
    WSABUF good = {1, "x"};
    TRY(14, WSASend(s, &good, 1, NULL, MSG_PARTIAL, NULL, NULL));
    /* lpOverlapped unreadable before MSG_PARTIAL. */
    TRY(16, WSASend(s, &good, 1, &sent, MSG_PARTIAL, (LPWSAOVERLAPPED)page_none, NULL));
    /* getsockopt: optval NULL before an unknown option. */
    TRY(18, getsockopt(s, SOL_SOCKET, 0x7777, NULL, NULL));
    send(s, "ok", 2, 0);
    closesocket(u);
    closesocket(fresh);
    closesocket(s);
    return 0;
}

static void test_pointer_flags(void)
{
    map_pages();
    two_hosts(1);
    run_pair(p_pointer_flags, NULL);
    for (int k = 0; k < 20; k += 2)
        expect(k, SOCKET_ERROR, WSAEFAULT);
    CHECK_INT_EQ(seen.data_len, 2);
}

/* ---- bad flags before not connected, and before shut down ---------------------- */

static int p_flags_state(int argc, char **argv)
{
    (void)argc, (void)argv;
    start();
    SOCKET fresh = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
    SOCKET u = socket(AF_INET, SOCK_DGRAM, IPPROTO_UDP);
    WSABUF b = {1, "x"};
    DWORD sent;
    TRY(0, send(fresh, "x", 1, MSG_PEEK));                       /* EINVAL, not ENOTCONN */
    TRY(2, WSASend(fresh, &b, 1, &sent, 0x100, NULL, NULL));
    TRY(4, send(u, "x", 1, MSG_PEEK));
    TRY(6, WSASend(fresh, &b, 1, &sent, MSG_PARTIAL, NULL, NULL)); /* EOPNOTSUPP */
    TRY(8, send(u, "x", 1, MSG_OOB));
    SOCKET s = connect_b();
    shutdown(s, SD_SEND);
    TRY(10, send(s, "x", 1, MSG_PEEK));                          /* EINVAL, not ESHUTDOWN */
    TRY(12, WSASend(s, &b, 1, &sent, MSG_PARTIAL, NULL, NULL));  /* EOPNOTSUPP */
    closesocket(s);
    closesocket(u);
    closesocket(fresh);
    return 0;
}

static void test_flags_state(void)
{
    two_hosts(1);
    run_pair(p_flags_state, NULL);
    expect(0, SOCKET_ERROR, WSAEINVAL);
    expect(2, SOCKET_ERROR, WSAEINVAL);
    expect(4, SOCKET_ERROR, WSAEINVAL);
    expect(6, SOCKET_ERROR, WSAEOPNOTSUPP);
    expect(8, SOCKET_ERROR, WSAEOPNOTSUPP);
    expect(10, SOCKET_ERROR, WSAEINVAL);
    expect(12, SOCKET_ERROR, WSAEOPNOTSUPP);
}

/* ---- a flag the socket cannot do before an unknown flag -------------------------- */

static int p_flag_order(int argc, char **argv)
{
    (void)argc, (void)argv;
    start();
    SOCKET s = connect_b();
    SOCKET u = socket(AF_INET, SOCK_DGRAM, IPPROTO_UDP);
    struct sockaddr_in ub = address("10.0.0.2", UDP_PORT);
    connect(u, (struct sockaddr *)&ub, sizeof ub);
    WSABUF b = {1, "x"};
    DWORD sent;
    TRY(0, WSASend(s, &b, 1, &sent, MSG_PARTIAL | MSG_PEEK, NULL, NULL));
    TRY(2, send(u, "x", 1, MSG_OOB | MSG_PEEK));
    TRY(4, WSASend(u, &b, 1, &sent, MSG_PARTIAL | 0x100, NULL, NULL));
    closesocket(u);
    closesocket(s);
    return 0;
}

static void test_flag_order(void)
{
    two_hosts(1);
    run_pair(p_flag_order, NULL);
    for (int k = 0; k < 6; k += 2)
        expect(k, SOCKET_ERROR, WSAEOPNOTSUPP);
}

/* ---- shut down before not connected; state before the blocking rules ------------- */

static int p_shutdown_notconn(int argc, char **argv)
{
    (void)argc, (void)argv;
    start();
    /* A datagram socket with no default peer, shut down for sending. */
    SOCKET u = socket(AF_INET, SOCK_DGRAM, IPPROTO_UDP);
    shutdown(u, SD_SEND);
    WSABUF b = {1, "x"};
    DWORD sent;
    TRY(0, send(u, "x", 1, 0));
    TRY(2, WSASend(u, &b, 1, &sent, 0, NULL, NULL));
    /* A stream shut down, then closed by the peer too: no longer connected. */
    SOCKET s = connect_b();
    shutdown(s, SD_SEND);
    /* The peer's FIN comes back; after TIME_WAIT (240 s, sim/defaults.h)
     * the connection is closed. */
    Sleep(250 * 1000);
    TRY(4, send(s, "x", 1, 0));
    TRY(6, WSASend(s, &b, 1, &sent, 0, NULL, NULL));
    /* Non-blocking: the state is reported, not WSAEWOULDBLOCK. */
    u_long on = 1;
    ioctlsocket(s, FIONBIO, &on);
    TRY(8, send(s, "x", 1, 0));
    SOCKET fresh = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
    ioctlsocket(fresh, FIONBIO, &on);
    TRY(10, send(fresh, "x", 1, 0));
    closesocket(fresh);
    closesocket(s);
    closesocket(u);
    return 0;
}

static void test_shutdown_notconn(void)
{
    two_hosts(1);
    run_pair(p_shutdown_notconn, NULL);
    for (int k = 0; k < 10; k += 2)
        expect(k, SOCKET_ERROR, WSAESHUTDOWN);
    expect(10, SOCKET_ERROR, WSAENOTCONN);
}

/* ---- the overlapped attribute before flags, after pointers ------------------------ */

typedef SOCKET(WSAAPI *wsasocket_fn)(int, int, int, LPWSAPROTOCOL_INFOA, GROUP, DWORD);

static int p_attribute(int argc, char **argv)
{
    (void)argc, (void)argv;
    start();
    wsasocket_fn make = (wsasocket_fn)contract_lookup("WSASocketA");
    SOCKET plain = make(AF_INET, SOCK_STREAM, IPPROTO_TCP, NULL, 0, 0);
    struct sockaddr_in to = address("10.0.0.2", PORT);
    connect(plain, (struct sockaddr *)&to, sizeof to);
    WSABUF b = {1, "x"};
    DWORD sent;
    WSAOVERLAPPED ov;
    memset(&ov, 0, sizeof ov);
    TRY(0, WSASend(plain, &b, 1, &sent, MSG_PARTIAL, &ov, NULL));            /* EINVAL */
    TRY(2, WSASend(plain, &b, 1, &sent, 0, (LPWSAOVERLAPPED)page_none, NULL)); /* EFAULT */
    closesocket(plain);
    return 0;
}

static void test_attribute(void)
{
    if (!contract_lookup("WSASocketA")) {
        fprintf(stderr, "WSASocketA is not provided yet: skipped\n");
        exit(WSIM_TEST_SKIP);
    }
    map_pages();
    two_hosts(1);
    run_pair(p_attribute, NULL);
    expect(0, SOCKET_ERROR, WSAEINVAL);
    expect(2, SOCKET_ERROR, WSAEFAULT);
}

static const test_case cases[] = {
    {"not_initialised_before_not_a_socket", test_ni_notsock},
    {"not_initialised_before_pointer_flags_state", test_ni_rest},
    {"network_down_between_not_initialised_and_the_rest", test_netdown},
    {"not_a_socket_before_bad_pointer", test_notsock_pointer},
    {"bad_pointer_before_flags_and_state", test_pointer_flags},
    {"bad_flags_before_not_connected_and_shut_down", test_flags_state},
    {"unsupported_flag_before_unknown_flag", test_flag_order},
    {"shut_down_before_not_connected_and_blocking", test_shutdown_notconn},
    {"overlapped_attribute_after_pointers_before_flags", test_attribute},
};

int main(int argc, char **argv)
{
    return test_main(argc, argv, cases, sizeof cases / sizeof cases[0], end_world);
}
