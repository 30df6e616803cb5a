/* fuzz_elf.c — libFuzzer target: the module checker's ELF symbol reader
 * (wsapi/elf_symbols.h) on any file image.  It must accept or refuse with
 * a message, never read outside the image (AddressSanitizer watches), and
 * hand the visitor only NUL-terminated names. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "modcheck/elf_symbols.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int visit(void *ctx, const char *name)
{
    size_t *total = ctx;
    *total += strlen(name);
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    /* A copy of exactly `size` bytes, so a read past the end is caught. */
    unsigned char *image = malloc(size ? size : 1);
    if (!image)
        return 0;
    memcpy(image, data, size);
    size_t total = 0;
    char err[512];
    int rc = wsim_elf_undefined_symbols_buffer(image, size, "fuzz.so", visit, &total, err,
                                               sizeof err);
    if (rc == -1 && (err[0] == '\0' || !memchr(err, '\0', sizeof err)))
        abort(); /* a refusal always says why */
    free(image);
    return 0;
}
