/* host.c — what the contract tests need from the host system, kept apart
 * from the Windows headers (which clash with glibc's unistd.h):
 *
 *   - finding a Winsock function by name at run time, for the tests that
 *     use one wsim may not provide yet (WSASocketA, WSARecv): the tests
 *     build either way, and say so when it is missing;
 *   - the pages the tests make inaccessible (common.h).
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

void *contract_lookup(const char *name);
char *contract_map_pages(size_t *page_size);
void contract_set_writable(void *page, size_t size, int writable);

void *contract_lookup(const char *name)
{
    return dlsym(RTLD_DEFAULT, name);
}

/* Three pages: read-write (filled with 'w'), no access, read-only (filled
 * with 'r'). */
char *contract_map_pages(size_t *page_size)
{
    size_t ps = (size_t)sysconf(_SC_PAGESIZE);
    char *p = mmap(NULL, 3 * ps, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED)
        abort();
    memset(p, 'w', ps);
    memset(p + 2 * ps, 'r', ps);
    mprotect(p + ps, ps, PROT_NONE);
    mprotect(p + 2 * ps, ps, PROT_READ);
    *page_size = ps;
    return p;
}

void contract_set_writable(void *page, size_t size, int writable)
{
    mprotect(page, size, writable ? PROT_READ | PROT_WRITE : PROT_READ);
}
