/* cc.c — `wsim cc`: build a Winsock program into a module and check it.
 *
 * The program is compiled in the mode the Windows headers need (C11 with
 * POSIX 2008, so glibc keeps its own fd_set and timeval out of the way),
 * against wsapi/include, as position-independent code linked -Bsymbolic (a
 * module's references to its own globals stay inside its own copy), and with
 * --wrap for every C library name wsim takes over (runtime/wrapped.h).  User
 * code gets warnings but never -Werror.  A build of wsim with sanitizers
 * builds modules with the same sanitizers, so they share one runtime.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "tools/config.h"
#include "tools/tool.h"
#include "modcheck/module_policy.h"
#include "runtime/wrapped.h"

extern char **environ;

#define WRAP_FLAG(name) "-Wl,--wrap=" #name,

static const char *const base_flags[] = {
    "-std=c11", "-D_POSIX_C_SOURCE=200809L", "-D_WIN32", "-D_WIN64", "-U_FORTIFY_SOURCE", "-fPIC", "-shared",
    "-g", "-O1", "-Wall", "-Wno-unknown-pragmas", "-I" WSIM_INCLUDE_DIR, "-Wl,-Bsymbolic",
    WSIM_WRAPPED_NAMES(WRAP_FLAG)
};

int wsim_cc_build(const char *source, const char *output, char *const *extra_args,
                  char *err, size_t err_size)
{
    if (access(source, R_OK) != 0) {
        snprintf(err, err_size, "%s: cannot read: %s", source, strerror(errno));
        return -1;
    }
    const char *cc = getenv("WSIM_CC");
    if (!cc || !*cc)
        cc = WSIM_C_COMPILER;
    size_t nbase = sizeof base_flags / sizeof base_flags[0], nextra = 0, nsan = 0;
    while (extra_args && extra_args[nextra])
        nextra++;
    char sanitize[] = WSIM_MODULE_SANITIZE_FLAGS;
    char *san_args[8];
    for (char *tok = strtok(sanitize, " "); tok && nsan < 8; tok = strtok(NULL, " "))
        san_args[nsan++] = tok;
    char **argv = calloc(nbase + nextra + nsan + 6, sizeof *argv);
    if (!argv) {
        snprintf(err, err_size, "out of memory");
        return -1;
    }
    size_t n = 0;
    argv[n++] = (char *)cc;
    for (size_t i = 0; i < nbase; i++)
        argv[n++] = (char *)base_flags[i];
    for (size_t i = 0; i < nsan; i++)
        argv[n++] = san_args[i];
    argv[n++] = "-o";
    argv[n++] = (char *)output;
    for (size_t i = 0; i < nextra; i++)
        argv[n++] = extra_args[i];
    argv[n++] = (char *)source;
    argv[n] = NULL;

    pid_t pid;
    int rc = posix_spawnp(&pid, cc, NULL, NULL, argv, environ);
    free(argv);
    if (rc != 0) {
        snprintf(err, err_size, "cannot run the C compiler %s: %s", cc, strerror(rc));
        return -1;
    }
    int status;
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
        ;
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
        snprintf(err, err_size, "%s: compilation failed", source);
        return -1;
    }
    /* Refuse now, by name, what the program needs but may not have. */
    if (wsim_module_check(output, wsapi_is_provided, NULL, err, err_size) != 0) {
        unlink(output);
        return -1;
    }
    return 0;
}

static void cc_usage(FILE *out)
{
    fputs("usage: wsim cc -o MODULE.so SOURCE.c [compiler options...]\n"
          "Builds a Winsock program into a module that `wsim run` can load.\n"
          "It is compiled against wsim's Windows headers; functions a simulated\n"
          "program may not use (pthread_create, fork, system, ...) are refused\n"
          "by name.  Set WSIM_CC to use another compiler.\n",
          out);
}

int wsim_cmd_cc(int argc, char **argv)
{
    const char *output = NULL, *source = NULL;
    char **extra = calloc((size_t)argc + 1, sizeof *extra);
    size_t nextra = 0;
    if (!extra)
        return WSIM_EXIT_FAILED;
    for (int i = 0; i < argc; i++) {
        if (strcmp(argv[i], "-h") == 0 || strcmp(argv[i], "--help") == 0) {
            cc_usage(stdout);
            free(extra);
            return WSIM_EXIT_OK;
        } else if (strcmp(argv[i], "-o") == 0 && i + 1 < argc) {
            output = argv[++i];
        } else if (argv[i][0] == '-') {
            extra[nextra++] = argv[i];
        } else if (!source) {
            source = argv[i];
        } else {
            fprintf(stderr, "wsim cc: one source file at a time (got %s and %s)\n", source,
                    argv[i]);
            free(extra);
            return WSIM_EXIT_USAGE;
        }
    }
    if (!output || !source) {
        fprintf(stderr, "wsim cc: %s\n", !source ? "no source file given" : "no -o MODULE given");
        cc_usage(stderr);
        free(extra);
        return WSIM_EXIT_USAGE;
    }
    char err[2048];
    int rc = wsim_cc_build(source, output, extra, err, sizeof err);
    free(extra);
    if (rc != 0) {
        fprintf(stderr, "wsim cc: %s\n", err);
        return WSIM_EXIT_USAGE;
    }
    return WSIM_EXIT_OK;
}
