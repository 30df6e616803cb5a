/* resolver.c — names.scenario_aliases: resolves the scenario's names and
 * aliases from a program and prints what it got, one line each. */
#include <stdio.h>

#include <winsock2.h>
#include <ws2tcpip.h>

static void show(const char *name)
{
    struct hostent *h = gethostbyname(name);
    if (!h) {
        printf("%s: error %d\n", name, WSAGetLastError());
        return;
    }
    struct in_addr in;
    in.s_addr = *(u_long *)h->h_addr_list[0];
    printf("%s: %s %s\n", name, h->h_name, inet_ntoa(in));
}

int main(void)
{
    WSADATA wsa;
    WSAStartup(MAKEWORD(2, 2), &wsa);
    char own[64];
    gethostname(own, sizeof own);
    printf("gethostname: %s\n", own);
    show("");
    show("db");
    show("Cache");
    show("nosuch");
    WSACleanup();
    return 0;
}
