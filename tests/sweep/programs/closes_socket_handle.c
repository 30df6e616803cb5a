/* closes_socket_handle.c — sweep.assert_violation_*: closes a socket with
 * CloseHandle, which the trace records as the violation
 * "CloseHandle-socket", then returns 0.  Plain Windows C. */
#include <winsock2.h>
#include <windows.h>
#include <stdio.h>

int main(void)
{
    WSADATA wsa;
    if (WSAStartup(MAKEWORD(2, 2), &wsa) != 0)
        return 1;
    SOCKET s = socket(AF_INET, SOCK_DGRAM, IPPROTO_UDP);
    if (s == INVALID_SOCKET)
        return 1;
    CloseHandle((HANDLE)s);
    printf("closed\n");
    WSACleanup();
    return 0;
}
