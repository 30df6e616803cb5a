/* client.c — the example project's echo client.
 *
 * Usage: client SERVER-ADDRESS [MESSAGE]
 *
 * Connects to the echo server, sends the message, reads the echo until the
 * server closes, and exits 0 only when what came back equals what was sent.
 */
#define WIN32_LEAN_AND_MEAN
#include <winsock2.h>
#include <ws2tcpip.h>
#include <stdio.h>
#include <string.h>

#include "echo_protocol.h"

int main(int argc, char **argv)
{
    const char *host = argc > 1 ? argv[1] : "127.0.0.1";
    const char *message = argc > 2 ? argv[2] : "hello from the example project";
    WSADATA wsa;
    if (WSAStartup(MAKEWORD(2, 2), &wsa) != 0)
        return 1;
    struct addrinfo hints, *result = NULL;
    memset(&hints, 0, sizeof hints);
    hints.ai_family = AF_INET;
    hints.ai_socktype = SOCK_STREAM;
    hints.ai_protocol = IPPROTO_TCP;
    if (getaddrinfo(host, ECHO_PORT, &hints, &result) != 0) {
        printf("getaddrinfo %s failed\n", host);
        WSACleanup();
        return 1;
    }
    SOCKET s = socket(result->ai_family, result->ai_socktype, result->ai_protocol);
    if (s == INVALID_SOCKET || connect(s, result->ai_addr, (int)result->ai_addrlen) != 0) {
        printf("connect failed with error: %d\n", WSAGetLastError());
        freeaddrinfo(result);
        WSACleanup();
        return 1;
    }
    freeaddrinfo(result);

    int len = (int)strlen(message);
    int err = echo_send_all(s, message, len);
    if (err != 0 || shutdown(s, SD_SEND) != 0) {
        printf("send failed with error: %d\n", err ? err : WSAGetLastError());
        closesocket(s);
        WSACleanup();
        return 1;
    }
    char echo[512];
    int total = 0, got;
    while ((got = recv(s, echo + total, (int)sizeof echo - 1 - total, 0)) > 0)
        total += got;
    closesocket(s);
    WSACleanup();
    echo[total] = '\0';
    if (got == SOCKET_ERROR || total != len || memcmp(echo, message, (size_t)len) != 0) {
        printf("echo mismatch: sent \"%s\", got \"%s\"\n", message, echo);
        return 1;
    }
    printf("echo ok: \"%s\"\n", echo);
    return 0;
}
