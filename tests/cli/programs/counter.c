/* counter.c — cli.instances_100: every instance of a module has its own
 * globals.  Each instance increments a global counter once, sleeps 10 ms
 * of virtual time (so that all the instances of a run are loaded at the
 * same time), then prints the counter: every instance must print
 * "count 1".  The instance started with the argument "exit3" then ends
 * through exit(3) instead of returning.  Plain Windows C. */
#include <winsock2.h>
#include <ws2tcpip.h>
#include <windows.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int counter;

int main(int argc, char **argv)
{
    counter++;
    Sleep(10);
    printf("count %d\n", counter);
    if (argc > 1 && strcmp(argv[1], "exit3") == 0)
        exit(3);
    return 0;
}
