/* print_lines.c — the trace-survival and budget cases: prints "line I"
 * and sleeps 1 ms of virtual time, for I from 0 to COUNT-1 (argv[1]; 0:
 * without end); then, with argv[2] "spin", loops for ever without calling
 * wsim (a runaway), else returns 0.  Plain Windows C. */
#include <windows.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(int argc, char **argv)
{
    long count = argc > 1 ? atol(argv[1]) : 0;
    for (long i = 0; count == 0 || i < count; i++) {
        printf("line %ld\n", i);
        Sleep(1);
    }
    if (argc > 2 && strcmp(argv[2], "spin") == 0) {
        volatile unsigned long spins = 0;
        for (;;)
            spins++;
    }
    return 0;
}
