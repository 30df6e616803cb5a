/* paths.c — the headers and compiler `wsim cc` uses, found at run time
 * (paths.h). */
#define _GNU_SOURCE
#include "tools/paths.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tools/config.h"

/* The folder of the running executable, resolved (/proc/self/exe follows
 * every symbolic link), or 0 when it cannot be read. */
static int executable_dir(char *dir, size_t size)
{
    ssize_t n = readlink("/proc/self/exe", dir, size - 1);
    if (n <= 0)
        return 0;
    dir[n] = '\0';
    char *slash = strrchr(dir, '/');
    if (!slash)
        return 0;
    *slash = '\0';
    return 1;
}

static int inside(const char *path, const char *folder)
{
    size_t len = strlen(folder);
    return strncmp(path, folder, len) == 0 && (path[len] == '/' || path[len] == '\0');
}

const char *wsim_include_dir(void)
{
    static char found[PATH_MAX + sizeof WSIM_BIN_TO_INCLUDE + 1];
    if (found[0])
        return found;
    char exe_dir[PATH_MAX], build_dir[PATH_MAX];
    if (!executable_dir(exe_dir, sizeof exe_dir) ||
        (realpath(WSIM_BUILD_DIR, build_dir) && inside(exe_dir, build_dir)))
        snprintf(found, sizeof found, "%s", WSIM_INCLUDE_DIR);
    else
        snprintf(found, sizeof found, "%s/%s", exe_dir, WSIM_BIN_TO_INCLUDE);
    return found;
}

const char *wsim_c_compiler(void)
{
    const char *cc = getenv("WSIM_CC");
    if (cc && *cc)
        return cc;
    if (access(WSIM_C_COMPILER, X_OK) == 0)
        return WSIM_C_COMPILER;
    return "cc";
}
