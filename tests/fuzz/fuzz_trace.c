/* fuzz_trace.c — libFuzzer target: opening and analysing a trace file
 * (traces/compare.h, traces/summary.h) made of any bytes: the check, the
 * summary and a comparison of the file with itself.  Each must succeed or
 * fail with a message; none may crash or run without end (every reader
 * query is bounded). */
#define _GNU_SOURCE
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "traces/compare.h"
#include "traces/summary.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char path[64];

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!path[0])
        snprintf(path, sizeof path, "/tmp/wsim-fuzz-trace-%d.db", (int)getpid());
    FILE *f = fopen(path, "wb");
    if (!f)
        return 0;
    fwrite(data, 1, size, f);
    fclose(f);
    char err[1024];
    FILE *out = fopen("/dev/null", "w");
    if (wsim_trace_open_check(path, err, sizeof err) == 0) {
        wsim_trace_summary(path, out, err, sizeof err);
        if (wsim_trace_compare(path, path, out, err, sizeof err) == 1)
            abort(); /* a file differs from itself */
    }
    if (out)
        fclose(out);
    unlink(path);
    return 0;
}
