/* winsock.h — the few Winsock steps the tests' programs all take: start
 * Winsock, name an address, listen, connect, accept one connection, bind a
 * datagram socket.
 *
 * For programs compiled against wsim's Windows headers (wsapi/include) and
 * run in-process (harness.h).  Header only: the programs call these as they
 * call Winsock itself, and nothing here is exported from the test
 * executable, where a loaded module could resolve against it.
 */
#ifndef WSIM_TESTS_SUPPORT_WINSOCK_H
#define WSIM_TESTS_SUPPORT_WINSOCK_H

#include <winsock2.h>
#include <ws2tcpip.h>

#include <string.h>

/* WSAStartup for Winsock 2.2. */
static inline int start(void)
{
    WSADATA wsa;
    return WSAStartup(MAKEWORD(2, 2), &wsa);
}

/* ip:port as an IPv4 socket address. */
static inline struct sockaddr_in address(const char *ip, int port)
{
    struct sockaddr_in sin;
    memset(&sin, 0, sizeof sin);
    sin.sin_family = AF_INET;
    sin.sin_port = htons((u_short)port);
    sin.sin_addr.s_addr = inet_addr(ip);
    return sin;
}

/* A stream socket listening on ip:port with `backlog`. */
static inline SOCKET listen_on(const char *ip, int port, int backlog)
{
    SOCKET l = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
    struct sockaddr_in at = address(ip, port);
    bind(l, (struct sockaddr *)&at, sizeof at);
    listen(l, backlog);
    return l;
}

/* A blocking connect to ip:port; INVALID_SOCKET (the socket closed) when it
 * fails. */
static inline SOCKET connect_to(const char *ip, int port)
{
    SOCKET s = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
    struct sockaddr_in to = address(ip, port);
    if (connect(s, (struct sockaddr *)&to, sizeof to) != 0) {
        closesocket(s);
        return INVALID_SOCKET;
    }
    return s;
}

/* One connection accepted on any address's `port` (backlog 1); the
 * listening socket is closed again. */
static inline SOCKET accept_on(int port)
{
    SOCKET l = listen_on("0.0.0.0", port, 1);
    SOCKET s = accept(l, NULL, NULL);
    closesocket(l);
    return s;
}

/* A datagram socket bound to any address's `port` (0: any port). */
static inline SOCKET udp_bound(int port)
{
    SOCKET u = socket(AF_INET, SOCK_DGRAM, IPPROTO_UDP);
    struct sockaddr_in at = address("0.0.0.0", port);
    bind(u, (struct sockaddr *)&at, sizeof at);
    return u;
}

#endif
