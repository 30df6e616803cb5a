/* A client that first tries a port nobody listens on, printing Windows'
 * message for the error, then sends one line to the server and prints the
 * reply. */
#include <winsock2.h>
#include <ws2tcpip.h>
#include <windows.h>
#include <stdio.h>

static SOCKET Connect(const char *port)
{
    struct addrinfo hints = {0}, *res = NULL;
    hints.ai_family = AF_INET;
    hints.ai_socktype = SOCK_STREAM;
    if (getaddrinfo("10.0.0.1", port, &hints, &res) != 0)
        return INVALID_SOCKET;
    SOCKET s = socket(res->ai_family, res->ai_socktype, res->ai_protocol);
    if (connect(s, res->ai_addr, (int)res->ai_addrlen) == SOCKET_ERROR) {
        char text[256];
        DWORD code = (DWORD)WSAGetLastError();
        FormatMessageA(FORMAT_MESSAGE_FROM_SYSTEM | FORMAT_MESSAGE_IGNORE_INSERTS, NULL, code,
                       MAKELANGID(LANG_NEUTRAL, SUBLANG_DEFAULT), text, sizeof text, NULL);
        printf("connect to %s: error %lu: %s", port, (unsigned long)code, text);
        closesocket(s);
        s = INVALID_SOCKET;
    }
    freeaddrinfo(res);
    return s;
}

int main(void)
{
    WSADATA wsa;
    WSAStartup(MAKEWORD(2, 2), &wsa);
    Connect("9");
    SOCKET s = Connect("27015");
    if (s == INVALID_SOCKET)
        return 1;
    const char *line = "hello";
    send(s, line, (int)strlen(line), 0);
    char buf[128];
    int total = 0, n;
    while ((n = recv(s, buf + total, (int)sizeof buf - 1 - total, 0)) > 0)
        total += n;
    buf[total] = '\0';
    printf("reply: %s\n", buf);
    closesocket(s);
    WSACleanup();
    return 0;
}
