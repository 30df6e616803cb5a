/* common.h — what the tests of tests/contract/ share beyond tests/support/:
 * the two-host world's link and timings, program memory the test makes
 * inaccessible, and finding data segments in a finished run.
 *
 * The world: host a (10.0.0.1) and host b (10.0.0.2) joined by one link of
 * LATENCY_NS and BANDWIDTH (harness.h).  Expected times come from the
 * documented model (README "The model"): a packet of B payload bytes
 * occupies the link for (B + header) × 8 / bandwidth, rounded up to a
 * nanosecond, then travels for the latency; the header is 40 bytes for TCP
 * (IPv4 + TCP) and 28 for UDP (IPv4 + UDP, sim/datagram.h).
 *
 * Inaccessible memory: three pages mapped by the test, read-write, then no
 * access, then read-only.  A buffer that "straddles" starts in the first page
 * and runs into the second.  wsim must refuse them without touching them
 * (S07: it checks program memory through process_vm_readv, runtime/progmem.c),
 * so a crash here is a wsim bug, and AddressSanitizer stays quiet.
 */
#ifndef WSIM_TESTS_CONTRACT_COMMON_H
#define WSIM_TESTS_CONTRACT_COMMON_H

#include <winsock2.h>
#include <ws2tcpip.h>

#include <stdlib.h>
#include <string.h>

#include "sim/fault.h"
#include "sim/net.h"
#include "tests/support/cases.h"
#include "tests/support/world.h"

#define UDP_PORT 5001
#define LATENCY_NS (10 * MS)
#define BANDWIDTH 10000000ULL /* 10 Mbit/s */
#define TCP_HEADER 40
#define UDP_HEADER 28

/* Serialization time of a packet with `payload` bytes and `header` header
 * bytes on the test link, rounded up to a nanosecond. */
static inline int64_t ser_with(uint64_t payload, uint64_t header)
{
    return (int64_t)(((payload + header) * 8u * 1000000000u + BANDWIDTH - 1) / BANDWIDTH);
}
static inline int64_t ser(uint64_t payload) { return ser_with(payload, TCP_HEADER); }

/* Hosts a and b, one link; delayed ACKs on or off. */
static inline void two_hosts(int delayed_ack)
{
    new_world(1, 300 * SEC)->tcp.delayed_ack = delayed_ack;
    link_two_hosts(LATENCY_NS, BANDWIDTH, 100);
}

/* ---- inaccessible program memory ------------------------------------------ */

static char *page_rw, *page_none, *page_ro;
static size_t page_size;

/* host.c (apart from the Windows headers, which clash with unistd.h). */
char *contract_map_pages(size_t *page_size);
void contract_set_writable(void *page, size_t size, int writable);

/* Maps [rw][no access][read-only]; the read-only page is filled with 'r'. */
static inline void map_pages(void)
{
    if (page_rw)
        return;
    page_rw = contract_map_pages(&page_size);
    page_none = page_rw + page_size;
    page_ro = page_rw + 2 * page_size;
}

/* `before` accessible bytes, then the no-access page. */
static inline char *straddling(size_t before) { return page_none - before; }

/* ---- the records of a finished run ------------------------------------------ */

/* The n-th SEGMENT record of `event` ("send", "recv") at host h carrying
 * payload (len > 0), or NULL. */
static inline const wsim_record *data_segment(const wsim_host *h, const char *event, int n)
{
    for (size_t i = 0; i < world->count; i++) {
        const wsim_record *r = &world->records[i];
        if (r->kind == WSIM_REC_SEGMENT && r->host == h->id && r->name &&
            strcmp(r->name, event) == 0 && r->a[4] > 0 && n-- == 0)
            return r;
    }
    return NULL;
}

static inline int count_data_segments(const wsim_host *h, const char *event)
{
    int n = 0;
    while (data_segment(h, event, n))
        n++;
    return n;
}

/* A Winsock function wsim may not provide yet (host.c): NULL when absent. */
void *contract_lookup(const char *name);

#endif
