/* test_sockets.c — getsockname, getpeername, WSASocketA/W and WSAConnect
 * (wsapi/sockets.c); each case is its own CTest test.
 *
 * Expected values come from the documented model (common.h) and from what
 * wsapi/sockets.c documents after the reference pages and Wine's
 * Windows-run tests, never from a run.
 */
#include "tests/calls/common.h"

/* The address of a sockaddr_in as host-order numbers. */
static long long ip_of(const struct sockaddr_in *sin) { return ntohl(sin->sin_addr.s_addr); }
static long long port_of(const struct sockaddr_in *sin) { return ntohs(sin->sin_port); }

#define IP(a, b, c, d) (((long long)(a) << 24) | ((b) << 16) | ((c) << 8) | (d))

/* ---- calls.getpeername_getsockname ---------------------------------------------------- */

static struct sockaddr_in client_local, client_peer, server_local, server_peer;

static int names_client(int argc, char **argv)
{
    (void)argc, (void)argv;
    start();
    struct sockaddr_in sin;
    int len = sizeof sin;
    SOCKET s = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
    /* No address yet, no peer. */
    seen.v[0] = getsockname(s, (struct sockaddr *)&sin, &len);
    seen.v[1] = WSAGetLastError();
    seen.v[2] = getpeername(s, (struct sockaddr *)&sin, &len);
    seen.v[3] = WSAGetLastError();
    /* Pointers before state. */
    len = sizeof sin - 1;
    seen.v[4] = getsockname(s, (struct sockaddr *)&sin, &len);
    seen.v[5] = WSAGetLastError();
    seen.v[6] = getpeername(s, NULL, &len);
    seen.v[7] = WSAGetLastError();
    seen.v[8] = getsockname((SOCKET)0x9990, (struct sockaddr *)&sin, &len);
    seen.v[9] = WSAGetLastError();
    closesocket(s);

    s = connect_to("10.0.0.2", PORT);
    len = 64;   /* larger than needed: set to what was written */
    seen.v[10] = getsockname(s, (struct sockaddr *)&client_local, &len);
    seen.v[11] = len;
    len = sizeof client_peer;
    seen.v[12] = getpeername(s, (struct sockaddr *)&client_peer, &len);
    /* Still named after shutdown(SD_BOTH) (Wine's test_shutdown). */
    shutdown(s, SD_BOTH);
    struct sockaddr_in again;
    len = sizeof again;
    seen.v[13] = getpeername(s, (struct sockaddr *)&again, &len);
    seen.v[14] = memcmp(&again, &client_peer, sizeof again) == 0;
    closesocket(s);

    /* A datagram socket: named once it has an address; a peer once
     * connected. */
    SOCKET u = socket(AF_INET, SOCK_DGRAM, IPPROTO_UDP);
    len = sizeof sin;
    seen.v[15] = getsockname(u, (struct sockaddr *)&sin, &len);
    seen.v[16] = WSAGetLastError();
    seen.v[17] = getpeername(u, (struct sockaddr *)&sin, &len);
    seen.v[18] = WSAGetLastError();
    struct sockaddr_in to = address("10.0.0.2", 7000);
    connect(u, (struct sockaddr *)&to, sizeof to);
    seen.v[19] = getsockname(u, (struct sockaddr *)&sin, &len);
    seen.v[20] = ip_of(&sin);
    seen.v[21] = port_of(&sin) >= WSIM_EPHEMERAL_PORT_LOW;
    seen.v[22] = getpeername(u, (struct sockaddr *)&sin, &len);
    seen.v[23] = ip_of(&sin);
    seen.v[24] = port_of(&sin);
    closesocket(u);
    return 0;
}

static int names_server(int argc, char **argv)
{
    (void)argc, (void)argv;
    start();
    SOCKET l = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
    struct sockaddr_in any = address("0.0.0.0", PORT);
    bind(l, (struct sockaddr *)&any, sizeof any);
    struct sockaddr_in sin;
    int len = sizeof sin;
    seen.v[30] = getsockname(l, (struct sockaddr *)&sin, &len);
    seen.v[31] = ip_of(&sin);
    seen.v[32] = port_of(&sin);
    listen(l, 5);
    SOCKET c = accept(l, NULL, NULL);
    len = sizeof server_local;
    seen.v[33] = getsockname(c, (struct sockaddr *)&server_local, &len);
    len = sizeof server_peer;
    seen.v[34] = getpeername(c, (struct sockaddr *)&server_peer, &len);
    char buf[4];
    recv(c, buf, sizeof buf, 0);
    closesocket(c);
    closesocket(l);
    return 0;
}

static void test_getpeername_getsockname(void)
{
    two_hosts();
    run_pair(names_client, names_server);
    CHECK_INT_EQ(seen.v[0], SOCKET_ERROR);
    CHECK_INT_EQ(seen.v[1], WSAEINVAL);
    CHECK_INT_EQ(seen.v[2], SOCKET_ERROR);
    CHECK_INT_EQ(seen.v[3], WSAENOTCONN);
    CHECK_INT_EQ(seen.v[4], SOCKET_ERROR);
    CHECK_INT_EQ(seen.v[5], WSAEFAULT);
    CHECK_INT_EQ(seen.v[6], SOCKET_ERROR);
    CHECK_INT_EQ(seen.v[7], WSAEFAULT);
    CHECK_INT_EQ(seen.v[8], SOCKET_ERROR);
    CHECK_INT_EQ(seen.v[9], WSAENOTSOCK);
    CHECK_INT_EQ(seen.v[10], 0);
    CHECK_INT_EQ(seen.v[11], sizeof(struct sockaddr_in));
    CHECK_INT_EQ(client_local.sin_family, AF_INET);
    CHECK_INT_EQ(ip_of(&client_local), IP(10, 0, 0, 1));
    CHECK(port_of(&client_local) >= WSIM_EPHEMERAL_PORT_LOW);
    CHECK_INT_EQ(seen.v[12], 0);
    CHECK_INT_EQ(ip_of(&client_peer), IP(10, 0, 0, 2));
    CHECK_INT_EQ(port_of(&client_peer), PORT);
    CHECK_INT_EQ(seen.v[13], 0);
    CHECK_INT_EQ(seen.v[14], 1);
    /* The server's ends are the client's, crossed. */
    CHECK_INT_EQ(seen.v[30], 0);
    CHECK_INT_EQ(seen.v[31], 0);
    CHECK_INT_EQ(seen.v[32], PORT);
    CHECK_INT_EQ(seen.v[33], 0);
    CHECK_INT_EQ(seen.v[34], 0);
    CHECK(memcmp(&server_local, &client_peer, sizeof server_local) == 0);
    CHECK(memcmp(&server_peer, &client_local, sizeof server_peer) == 0);
    /* The datagram socket. */
    CHECK_INT_EQ(seen.v[15], SOCKET_ERROR);
    CHECK_INT_EQ(seen.v[16], WSAEINVAL);
    CHECK_INT_EQ(seen.v[17], SOCKET_ERROR);
    CHECK_INT_EQ(seen.v[18], WSAENOTCONN);
    CHECK_INT_EQ(seen.v[19], 0);
    CHECK_INT_EQ(seen.v[20], IP(10, 0, 0, 1));
    CHECK_INT_EQ(seen.v[21], 1);
    CHECK_INT_EQ(seen.v[22], 0);
    CHECK_INT_EQ(seen.v[23], IP(10, 0, 0, 2));
    CHECK_INT_EQ(seen.v[24], 7000);
}

/* ---- calls.wsasocket_overlapped_flag --------------------------------------------------- */

static int wso_program(int argc, char **argv)
{
    (void)argc, (void)argv;
    seen.v[0] = WSASocketA(AF_INET, SOCK_STREAM, IPPROTO_TCP, NULL, 0, 0) == INVALID_SOCKET;
    seen.v[1] = WSAGetLastError();
    start();
    SOCKET l = listen_on("127.0.0.1", PORT, 5);

    /* W08: without WSA_FLAG_OVERLAPPED an OVERLAPPED is refused. */
    SOCKET plain = WSASocket(AF_INET, SOCK_STREAM, IPPROTO_TCP, NULL, 0, 0);
    struct sockaddr_in to = address("127.0.0.1", PORT);
    connect(plain, (struct sockaddr *)&to, sizeof to);
    SOCKET peer = accept(l, NULL, NULL);
    WSAOVERLAPPED ov;
    memset(&ov, 0, sizeof ov);
    ov.hEvent = WSACreateEvent();
    char buf[8];
    WSABUF b = {sizeof buf, buf};
    DWORD count = 0, flags = 0;
    seen.v[2] = WSASend(plain, &b, 1, &count, 0, &ov, NULL);
    seen.v[3] = WSAGetLastError();
    seen.v[4] = WSARecv(plain, &b, 1, &count, &flags, &ov, NULL);
    seen.v[5] = WSAGetLastError();
    /* Non-overlapped calls work; WSAIoctl ignores the OVERLAPPED there (its
     * reference page): no completion. */
    seen.v[6] = WSASend(plain, &b, 1, &count, 0, NULL, NULL);
    seen.v[7] = count;
    u_long value = 0;
    DWORD n = 0;
    seen.v[8] = WSAIoctl(plain, FIONREAD, NULL, 0, &value, sizeof value, &n, &ov, NULL);
    seen.v[9] = WSAWaitForMultipleEvents(1, &ov.hEvent, TRUE, 0, FALSE);

    /* WSASocketW with the flag: an overlapped receive pends. */
    SOCKET over = WSASocketW(AF_INET, SOCK_STREAM, 0, NULL, 0, WSA_FLAG_OVERLAPPED);
    connect(over, (struct sockaddr *)&to, sizeof to);
    SOCKET peer2 = accept(l, NULL, NULL);
    seen.v[10] = WSARecv(over, &b, 1, NULL, &flags, &ov, NULL);
    seen.v[11] = WSAGetLastError();

    /* lpProtocolInfo names what the arguments leave to it
     * (FROM_PROTOCOL_INFO, -1). */
    WSAPROTOCOL_INFOA info;
    memset(&info, 0, sizeof info);
    info.iAddressFamily = AF_INET;
    info.iSocketType = SOCK_DGRAM;
    info.iProtocol = IPPROTO_UDP;
    SOCKET from_info = WSASocketA(-1, -1, -1, &info, 0, 0);
    int type = 0, len = sizeof type;
    getsockopt(from_info, SOL_SOCKET, SO_TYPE, (char *)&type, &len);
    seen.v[12] = type;
    seen.v[13] = WSASocketA(-1, -1, -1, (LPWSAPROTOCOL_INFOA)16, 0, 0) == INVALID_SOCKET;
    seen.v[14] = WSAGetLastError();
    seen.v[15] = WSASocketA(AF_INET, SOCK_STREAM, 0, NULL, 1, 0) == INVALID_SOCKET;
    seen.v[16] = WSAGetLastError();
    seen.v[17] = WSASocketA(AF_INET, SOCK_STREAM, 0, NULL, 0, WSA_FLAG_MULTIPOINT_C_ROOT) ==
                 INVALID_SOCKET;
    seen.v[18] = WSAGetLastError();
    seen.v[19] = WSASocketA(AF_INET, SOCK_STREAM, IPPROTO_UDP, NULL, 0, 0) == INVALID_SOCKET;
    seen.v[20] = WSAGetLastError();
    closesocket(from_info);
    closesocket(over);
    closesocket(peer2);
    closesocket(plain);
    closesocket(peer);
    closesocket(l);
    WSACloseEvent(ov.hEvent);
    return 0;
}

static void test_wsasocket_overlapped_flag(void)
{
    two_hosts();
    th_program(world, host_a, "p", wso_program, 0);
    run_world();
    CHECK_INT_EQ(seen.v[0], 1);
    CHECK_INT_EQ(seen.v[1], WSANOTINITIALISED);
    CHECK_INT_EQ(seen.v[2], SOCKET_ERROR);
    CHECK_INT_EQ(seen.v[3], WSAEINVAL);
    CHECK_INT_EQ(seen.v[4], SOCKET_ERROR);
    CHECK_INT_EQ(seen.v[5], WSAEINVAL);
    CHECK_INT_EQ(seen.v[6], 0);
    CHECK_INT_EQ(seen.v[7], 8);
    CHECK_INT_EQ(seen.v[8], 0);
    CHECK_INT_EQ(seen.v[9], WSA_WAIT_TIMEOUT);
    CHECK_INT_EQ(seen.v[10], SOCKET_ERROR);
    CHECK_INT_EQ(seen.v[11], WSA_IO_PENDING);
    CHECK_INT_EQ(seen.v[12], SOCK_DGRAM);
    CHECK_INT_EQ(seen.v[13], 1);
    CHECK_INT_EQ(seen.v[14], WSAEFAULT);
    CHECK_INT_EQ(seen.v[15], 1);
    CHECK_INT_EQ(seen.v[16], WSAEINVAL);
    CHECK_INT_EQ(seen.v[17], 1);
    CHECK_INT_EQ(seen.v[18], WSAEINVAL);
    CHECK_INT_EQ(seen.v[19], 1);
    CHECK_INT_EQ(seen.v[20], WSAEPROTONOSUPPORT);
    /* No completion for the refused calls, nor for WSAIoctl on the
     * non-overlapped socket; the calls are recorded under their names. */
    CHECK_INT_EQ(th_count(world, WSIM_REC_COMPLETION, NULL), 1);   /* the aborted WSARecv */
    CHECK_INT_EQ(th_count(world, WSIM_REC_CALL, "WSASocketA"), 7);
    CHECK_INT_EQ(th_count(world, WSIM_REC_CALL, "WSASocketW"), 1);
}

/* ---- calls.wsaconnect ---------------------------------------------------------------- */

static int wc_client(int argc, char **argv)
{
    (void)argc, (void)argv;
    start();
    struct sockaddr_in to = address("10.0.0.2", PORT);
    /* Blocking: returns when the SYN-ACK comes, as connect does. */
    SOCKET s = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
    seen.t[0] = th_now();
    seen.v[0] = WSAConnect(s, (struct sockaddr *)&to, sizeof to, NULL, NULL, NULL, NULL);
    seen.t[1] = th_now();
    struct sockaddr_in peer;
    int len = sizeof peer;
    getpeername(s, (struct sockaddr *)&peer, &len);
    seen.v[1] = port_of(&peer);
    seen.v[2] = WSAConnect(s, (struct sockaddr *)&to, sizeof to, NULL, NULL, NULL, NULL);
    seen.v[3] = WSAGetLastError();
    /* Connect data and QoS are not carried. */
    SOCKET d = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
    WSABUF data = {4, "data"};
    seen.v[4] = WSAConnect(d, (struct sockaddr *)&to, sizeof to, &data, NULL, NULL, NULL);
    seen.v[5] = WSAGetLastError();
    seen.v[6] = WSAConnect(d, (struct sockaddr *)&to, sizeof to, NULL, NULL, (LPQOS)&data, NULL);
    seen.v[7] = WSAGetLastError();
    /* Non-blocking: in progress, already in progress, then connected. */
    u_long on = 1;
    ioctlsocket(d, FIONBIO, &on);
    seen.v[8] = WSAConnect(d, (struct sockaddr *)&to, sizeof to, NULL, NULL, NULL, NULL);
    seen.v[9] = WSAGetLastError();
    seen.v[10] = WSAConnect(d, (struct sockaddr *)&to, sizeof to, NULL, NULL, NULL, NULL);
    seen.v[11] = WSAGetLastError();
    Sleep(100);
    seen.v[12] = WSAConnect(d, (struct sockaddr *)&to, sizeof to, NULL, NULL, NULL, NULL);
    seen.v[13] = WSAGetLastError();
    /* A bad address, and a datagram socket's default peer. */
    seen.v[14] = WSAConnect(s, NULL, 0, NULL, NULL, NULL, NULL);
    seen.v[15] = WSAGetLastError();
    SOCKET u = socket(AF_INET, SOCK_DGRAM, IPPROTO_UDP);
    struct sockaddr_in udp_peer = address("10.0.0.2", 7000);
    seen.v[16] = WSAConnect(u, (struct sockaddr *)&udp_peer, sizeof udp_peer, NULL, NULL, NULL,
                            NULL);
    len = sizeof peer;
    getpeername(u, (struct sockaddr *)&peer, &len);
    seen.v[17] = port_of(&peer);
    closesocket(u);
    closesocket(d);
    closesocket(s);
    return 0;
}

static int wc_server(int argc, char **argv)
{
    (void)argc, (void)argv;
    start();
    SOCKET l = listen_on("0.0.0.0", PORT, 5);
    SOCKET a = accept(l, NULL, NULL);
    SOCKET b = accept(l, NULL, NULL);
    char buf[4];
    recv(a, buf, sizeof buf, 0);
    recv(b, buf, sizeof buf, 0);
    closesocket(b);
    closesocket(a);
    closesocket(l);
    return 0;
}

static void test_wsaconnect(void)
{
    two_hosts();
    run_pair(wc_client, wc_server);
    CHECK_INT_EQ(seen.v[0], 0);
    CHECK_INT_EQ(seen.t[1], seen.t[0] + handshake());
    CHECK_INT_EQ(seen.v[1], PORT);
    CHECK_INT_EQ(seen.v[2], SOCKET_ERROR);
    CHECK_INT_EQ(seen.v[3], WSAEISCONN);
    CHECK_INT_EQ(seen.v[4], SOCKET_ERROR);
    CHECK_INT_EQ(seen.v[5], WSAEOPNOTSUPP);
    CHECK_INT_EQ(seen.v[6], SOCKET_ERROR);
    CHECK_INT_EQ(seen.v[7], WSAEOPNOTSUPP);
    CHECK_INT_EQ(seen.v[8], SOCKET_ERROR);
    CHECK_INT_EQ(seen.v[9], WSAEWOULDBLOCK);
    CHECK_INT_EQ(seen.v[10], SOCKET_ERROR);
    CHECK_INT_EQ(seen.v[11], WSAEALREADY);
    CHECK_INT_EQ(seen.v[12], SOCKET_ERROR);
    CHECK_INT_EQ(seen.v[13], WSAEISCONN);
    CHECK_INT_EQ(seen.v[14], SOCKET_ERROR);
    CHECK_INT_EQ(seen.v[15], WSAEFAULT);
    CHECK_INT_EQ(seen.v[16], 0);
    CHECK_INT_EQ(seen.v[17], 7000);
    CHECK_INT_EQ(th_count(world, WSIM_REC_CALL, "WSAConnect"), 9);
}

int main(int argc, char **argv)
{
    static const test_case cases[] = {
        {"getpeername_getsockname", test_getpeername_getsockname},
        {"wsasocket_overlapped_flag", test_wsasocket_overlapped_flag},
        {"wsaconnect", test_wsaconnect},
    };
    return test_main(argc, argv, cases, sizeof cases / sizeof cases[0], end_world);
}
