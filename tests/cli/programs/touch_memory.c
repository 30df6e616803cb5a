/* touch_memory.c — the memory budget case: allocates 4 GiB in 16 MiB
 * pieces, touching every page of each, and prints "piece I" after piece I.
 * Plain Windows C. */
#include <windows.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(void)
{
    const size_t piece = (size_t)16 << 20;
    for (int i = 0; i < 256; i++) {
        char *p = malloc(piece);
        if (!p) {
            printf("no memory at piece %d\n", i);
            return 1;
        }
        memset(p, i, piece);
        printf("piece %d\n", i);
    }
    return 0;
}
