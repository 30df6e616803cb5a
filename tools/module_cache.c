/* module_cache.c — the build cache of .c modules (module_cache.h). */
#define _GNU_SOURCE
#include "tools/module_cache.h"

#include <errno.h>
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "tools/config.h"
#include "tools/tool.h"

/* FNV-1a, 64 bits, run twice with different offsets: 128 bits of key, with
 * no dependency.  Not cryptographic: the cache is the user's own. */
typedef struct key_hash {
    uint64_t a, b;
} key_hash;

static void hash_bytes(key_hash *h, const void *data, size_t n)
{
    const unsigned char *p = data;
    for (size_t i = 0; i < n; i++) {
        h->a = (h->a ^ p[i]) * 0x100000001b3ULL;
        h->b = (h->b ^ p[i]) * 0x100000001b3ULL;
    }
    /* A separator, so ("ab","c") and ("a","bc") differ. */
    h->a = (h->a ^ 0xff) * 0x100000001b3ULL;
    h->b = (h->b ^ 0xfe) * 0x100000001b3ULL;
}

static void hash_string(key_hash *h, const char *s)
{
    hash_bytes(h, s ? s : "", s ? strlen(s) : 0);
}

static int hash_file(key_hash *h, const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return -1;
    char buf[8192];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, f)) > 0)
        hash_bytes(h, buf, n);
    int bad = ferror(f);
    fclose(f);
    return bad ? -1 : 0;
}

static int make_dir(const char *path)
{
    return mkdir(path, 0755) == 0 || errno == EEXIST ? 0 : -1;
}

/* <cache>/modules, created (with its parents) if need be. */
static int cache_dir(char *out, size_t size)
{
    const char *dir = getenv("WSIM_CACHE_DIR");
    char base[4096];
    if (dir && *dir) {
        snprintf(base, sizeof base, "%s", dir);
    } else {
        const char *xdg = getenv("XDG_CACHE_HOME");
        const char *home = getenv("HOME");
        if (xdg && *xdg)
            snprintf(base, sizeof base, "%s/wsim", xdg);
        else if (home && *home)
            snprintf(base, sizeof base, "%s/.cache/wsim", home);
        else
            return -1;
    }
    /* Create each component in turn (mkdir -p). */
    for (char *p = base + 1; *p; p++)
        if (*p == '/') {
            *p = '\0';
            make_dir(base);
            *p = '/';
        }
    if (make_dir(base) != 0)
        return -1;
    if ((size_t)snprintf(out, size, "%s/modules", base) >= size)
        return -1;
    return make_dir(out);
}

int wsim_module_cache_get(const char *source, char *out, size_t out_size, char *err,
                          size_t err_size)
{
    key_hash h = {0xcbf29ce484222325ULL, 0x84222325cbf29ce4ULL};
    if (hash_file(&h, source) != 0) {
        snprintf(err, err_size, "%s: cannot read: %s", source, strerror(errno));
        return -1;
    }
    const char *cc = getenv("WSIM_CC");
    hash_string(&h, cc && *cc ? cc : WSIM_C_COMPILER);
    hash_string(&h, WSIM_MODULE_SANITIZE_FLAGS);
    hash_string(&h, WSIM_INCLUDE_DIR);
    hash_string(&h, WSIM_VERSION);
    struct stat exe;
    if (stat("/proc/self/exe", &exe) == 0) {
        char stamp[96];
        snprintf(stamp, sizeof stamp, "%lld.%09ld:%lld", (long long)exe.st_mtim.tv_sec,
                 exe.st_mtim.tv_nsec, (long long)exe.st_size);
        hash_string(&h, stamp);
    }
    char dir[4096];
    if (cache_dir(dir, sizeof dir) != 0) {
        snprintf(err, err_size, "no usable cache folder (set WSIM_CACHE_DIR)");
        return -2;
    }
    const char *base = strrchr(source, '/');
    base = base ? base + 1 : source;
    int stem = (int)strlen(base) - 2;   /* server.c → server */
    char key_dir[4200];
    snprintf(key_dir, sizeof key_dir, "%s/%016" PRIx64 "%016" PRIx64, dir, h.a, h.b);
    if ((size_t)snprintf(out, out_size, "%s/%.*s.so", key_dir, stem, base) >= out_size) {
        snprintf(err, err_size, "%s: the cache path is too long", source);
        return -1;
    }
    if (access(out, R_OK) == 0)
        return 0;
    if (make_dir(key_dir) != 0) {
        snprintf(err, err_size, "cannot make %s: %s", key_dir, strerror(errno));
        return -2;
    }
    char tmp[4400];
    snprintf(tmp, sizeof tmp, "%s/.%.*s.%ld.so", key_dir, stem, base, (long)getpid());
    if (wsim_cc_build(source, tmp, NULL, err, err_size) != 0) {
        unlink(tmp);
        return -1;
    }
    if (rename(tmp, out) != 0) {
        snprintf(err, err_size, "cannot move %s into the cache: %s", tmp, strerror(errno));
        unlink(tmp);
        return -2;
    }
    return 0;
}
