/* known_calls.c — contract.M02_every_call_recorded: a fixed list of calls,
 * each failing or succeeding in a known way, and no other call (not even
 * WSAGetLastError: the trace alone must show the errors).  Prints nothing.
 *
 *   1 WSAStartup(2.2)               0
 *   2 socket(AF_INET, SOCK_STREAM)  a socket
 *   3 send on it (not connected)    SOCKET_ERROR, WSAENOTCONN (10057)
 *   4 closesocket                   0
 *   5 send on the closed socket     SOCKET_ERROR, WSAENOTSOCK (10038)
 *   6 WSACleanup                    0
 *   7 socket                        INVALID_SOCKET, WSANOTINITIALISED (10093)
 *
 * Plain Windows C. */
#include <winsock2.h>
#include <ws2tcpip.h>
#include <windows.h>
#include <stdio.h>

int main(void)
{
    WSADATA wsaData;
    SOCKET s;
    static const char data[] = "12345678";

    if (WSAStartup(MAKEWORD(2, 2), &wsaData) != 0)
        return 1;
    s = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
    if (s == INVALID_SOCKET)
        return 2;
    if (send(s, data, 8, 0) != SOCKET_ERROR)
        return 3;
    if (closesocket(s) != 0)
        return 4;
    if (send(s, data, 8, 0) != SOCKET_ERROR)
        return 5;
    if (WSACleanup() != 0)
        return 6;
    if (socket(AF_INET, SOCK_STREAM, IPPROTO_TCP) != INVALID_SOCKET)
        return 7;
    return 0;
}
