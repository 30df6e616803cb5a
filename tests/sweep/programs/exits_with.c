/* exits_with.c — sweep.assert_*: prints "exiting with N" and returns N
 * (its first argument).  Plain Windows C. */
#include <windows.h>
#include <stdio.h>
#include <stdlib.h>

int main(int argc, char **argv)
{
    int code = argc > 1 ? atoi(argv[1]) : 0;
    Sleep(5);
    printf("exiting with %d\n", code);
    return code;
}
