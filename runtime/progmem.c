/* progmem.c — reading and writing program memory without trusting it.
 *
 * A program may hand wsim any pointer (S07: "not wholly inside valid
 * memory").  wsim copies through process_vm_readv/process_vm_writev on its
 * own process: the kernel checks the range and answers EFAULT instead of a
 * fault, and AddressSanitizer, which does not see those copies, stays quiet
 * about a program's bad pointer.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <string.h>
#include <sys/uio.h>
#include <unistd.h>

#include "runtime/calls.h"

/* Valgrind's memcheck does not see what process_vm_writev writes into this
 * very process: a client request (a no-op outside valgrind) tells it the
 * bytes are now defined. */
#if defined(__has_include)
#if __has_include(<valgrind/memcheck.h>)
#include <valgrind/memcheck.h>
#define WSIM_MARK_DEFINED(p, n) VALGRIND_MAKE_MEM_DEFINED((p), (n))
#endif
#endif
#ifndef WSIM_MARK_DEFINED
#define WSIM_MARK_DEFINED(p, n) ((void)(p), (void)(n))
#endif

static int copy(void *dst, const void *src, size_t len, int write_program)
{
    while (len > 0) {
        struct iovec local = {.iov_base = write_program ? (void *)src : dst, .iov_len = len};
        struct iovec remote = {.iov_base = write_program ? dst : (void *)src, .iov_len = len};
        ssize_t n = write_program ? process_vm_writev(getpid(), &local, 1, &remote, 1, 0)
                                  : process_vm_readv(getpid(), &local, 1, &remote, 1, 0);
        if (n <= 0)
            return -1;
        WSIM_MARK_DEFINED(dst, (size_t)n);
        dst = (char *)dst + n;
        src = (const char *)src + n;
        len -= (size_t)n;
    }
    return 0;
}

int wsapi_read_program(void *dst, const void *program_src, size_t len)
{
    if (len == 0)
        return 0;
    if (!program_src)
        return -1;
    return copy(dst, program_src, len, 0);
}

int wsapi_write_program(void *program_dst, const void *src, size_t len)
{
    if (len == 0)
        return 0;
    if (!program_dst)
        return -1;
    return copy(program_dst, src, len, 1);
}

int wsapi_program_readable(const void *program_ptr, size_t len)
{
    char scratch[4096];
    const char *p = program_ptr;
    if (len && !p)
        return -1;
    while (len > 0) {
        size_t n = len < sizeof scratch ? len : sizeof scratch;
        if (copy(scratch, p, n, 0) != 0)
            return -1;
        p += n;
        len -= n;
    }
    return 0;
}

int wsapi_program_writable(void *program_ptr, size_t len)
{
    char scratch[4096];
    char *p = program_ptr;
    if (len && !p)
        return -1;
    while (len > 0) {
        size_t n = len < sizeof scratch ? len : sizeof scratch;
        if (copy(scratch, p, n, 0) != 0 || copy(p, scratch, n, 1) != 0)
            return -1;
        p += n;
        len -= n;
    }
    return 0;
}
