/* trace_target.c — what `--trace PATH` may replace.
 *
 * Owns: the rule that a run writes its trace only over nothing or over an
 * older wsim trace.  The recorder renames its finished file over PATH and
 * first clears "PATH.partial", so without this check `--trace /dev/null`
 * (as root) replaces the device node with a regular file and
 * `--trace scenario.json` destroys the scenario.  The check runs before
 * anything is built or started; `--force` skips it.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "tools/tool.h"
#include "traces/compare.h"

static const char *file_kind(mode_t mode)
{
    if (S_ISDIR(mode)) return "a folder";
    if (S_ISCHR(mode)) return "a character device";
    if (S_ISBLK(mode)) return "a block device";
    if (S_ISFIFO(mode)) return "a named pipe";
    if (S_ISSOCK(mode)) return "a socket";
    if (S_ISLNK(mode)) return "a symbolic link";
    return "not a regular file";
}

/* 0 when `path` is absent or may be replaced; -1 with err otherwise.
 * An empty regular file is accepted only where allow_empty says so (the
 * 0-byte ".partial" an older wsim left behind). */
static int check_one(const char *path, int allow_empty, char *err, size_t err_size)
{
    struct stat sb;
    if (lstat(path, &sb) != 0) {
        if (errno == ENOENT)
            return 0;
        snprintf(err, err_size, "%s: cannot look at it: %s", path, strerror(errno));
        return -1;
    }
    if (!S_ISREG(sb.st_mode)) {
        snprintf(err, err_size, "%s is %s, not a wsim trace", path, file_kind(sb.st_mode));
        return -1;
    }
    if (allow_empty && sb.st_size == 0)
        return 0;
    char why[1024];
    if (wsim_trace_open_check(path, why, sizeof why) != 0) {
        snprintf(err, err_size, "%s exists and is not a wsim trace (%s)", path, why);
        return -1;
    }
    return 0;
}

int wsim_trace_target_check(const char *path, int force, char *err, size_t err_size)
{
    if (force)
        return 0;
    char why[1536];
    int rc = check_one(path, 0, why, sizeof why);
    if (rc == 0) {
        char *partial = NULL;
        if (asprintf(&partial, "%s.partial", path) < 0) {
            snprintf(err, err_size, "%s: out of memory", path);
            return -1;
        }
        rc = check_one(partial, 1, why, sizeof why);
        free(partial);
    }
    if (rc != 0)
        snprintf(err, err_size, "--trace: %s; refusing to replace it (--force replaces it anyway)",
                 why);
    return rc;
}
