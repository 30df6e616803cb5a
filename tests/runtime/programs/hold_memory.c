/* Allocates, then sleeps past the scenario's stop time: killed with its
 * memory still held. */
#include <windows.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(void)
{
    for (int i = 0; i < 100; i++) {
        char *block = malloc(1000);
        if (!block)
            return 1;
        memset(block, i, 1000);
    }
    printf("holding\n");
    Sleep(10000);
    return 0;
}
