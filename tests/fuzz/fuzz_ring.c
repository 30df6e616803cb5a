/* fuzz_ring.c — libFuzzer target: the parent's side of the record ring
 * (traces/ring.h) and its record checks (traces/record_check.h) on any
 * bytes a child could leave in the shared mapping.  The consumer must
 * return records, 0 or -1, never read out of bounds (AddressSanitizer
 * watches its copies) or loop without end; every record it returns has
 * terminated strings and goes through wsim_record_check as in `wsim run`.
 *
 * Input: the first bytes are the mapping's counters and flags, the rest
 * its data area (a ring of 4 KiB), as a scribbling child would leave them.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "traces/record_check.h"
#include "traces/ring.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define FUZZ_RING_BYTES 4096

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    wsim_ring *ring = wsim_ring_create(FUZZ_RING_BYTES);
    if (!ring)
        return 0;
    size_t shared_size;
    unsigned char *shared = wsim_ring_shared_bytes(ring, &shared_size);
    memcpy(shared, data, size < shared_size ? size : shared_size);
    size_t strbuf_size = wsim_ring_strbuf_size(ring);
    char *strbuf = malloc(strbuf_size);
    uint64_t last_seq = 0;
    int64_t last_time = 0;
    char why[256];
    /* Each record takes at least its header: a bound on the records a
     * 4 KiB ring can hold, so a loop past it is a bug. */
    for (int i = 0; strbuf && i < FUZZ_RING_BYTES; i++) {
        wsim_record rec;
        int got = wsim_ring_get(ring, &rec, strbuf, strbuf_size);
        if (got != 1)
            break;
        if ((rec.name && !memchr(rec.name, '\0', strbuf_size)) ||
            (rec.text && !memchr(rec.text, '\0', strbuf_size)))
            abort();
        if (wsim_record_check(&rec, last_seq, last_time, why, sizeof why) != 0)
            break;
        last_seq = rec.seq;
        last_time = rec.time_ns;
    }
    free(strbuf);
    wsim_ring_destroy(ring);
    return 0;
}
