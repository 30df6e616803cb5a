/* crash_null.c — cli.crash_null: prints a line, sleeps 5 ms of virtual
 * time, then writes through a NULL pointer.  Both the pointer and what it
 * points to are volatile: the compiler can neither prove the pointer NULL
 * nor drop the store as dead.  Plain Windows C. */
#include <winsock2.h>
#include <ws2tcpip.h>
#include <windows.h>
#include <stdio.h>

int main(void)
{
    volatile int *volatile target = NULL;
    printf("before\n");
    Sleep(5);
    *target = 42;
    printf("after\n");
    return 0;
}
