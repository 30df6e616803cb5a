/* uses_system.c — cli.refused_functions: a program that runs a shell
 * command with system(), which `wsim cc` must refuse by name. */
#include <winsock2.h>
#include <ws2tcpip.h>
#include <windows.h>
#include <stdio.h>
#include <stdlib.h>

int main(void)
{
    int rc = system("echo hello");
    printf("system returned %d\n", rc);
    return 0;
}
