/* Recurses without end: the thread's stack overflows into its guard page. */
#include <windows.h>
#include <stdio.h>

static int depth(volatile char *previous)
{
    volatile char frame[4096];
    frame[0] = previous ? previous[0] : 1;
    return depth(frame) + frame[0];
}

int main(void)
{
    printf("recursing\n");
    Sleep(2);
    return depth(NULL);
}
