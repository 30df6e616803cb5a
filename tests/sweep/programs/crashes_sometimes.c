/* crashes_sometimes.c — sweep.worker_crash: dereferences NULL when its
 * first rand() (seeded from the run's seed, one stream per instance) is a
 * multiple of 4, so some seeds of a sweep crash and the others print
 * "survived" and return 0.  Plain Windows C. */
#include <windows.h>
#include <stdio.h>
#include <stdlib.h>

int main(void)
{
    Sleep(1);
    if (rand() % 4 == 0)
        *(volatile int *)0 = 1;
    printf("survived\n");
    return 0;
}
