/* cc.c — `wsim cc`: build a Winsock program into a module and check it.
 *
 * The program is compiled in the mode the Windows headers need (C11 with
 * POSIX 2008, so glibc keeps its own fd_set and timeval out of the way),
 * against wsim's Windows headers (wsapi/include; installed: include/wsim,
 * found by paths.c), as position-independent code linked -Bsymbolic (a
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
#include "tools/options.h"
#include "tools/paths.h"
#include "tools/tool.h"
#include "modcheck/module_policy.h"
#include "runtime/wrapped.h"

extern char **environ;

#define WRAP_FLAG(name) "-Wl,--wrap=" #name,

static const char *const base_flags[] = {
    "-std=c11", "-D_POSIX_C_SOURCE=200809L", "-D_WIN32", "-D_WIN64", "-U_FORTIFY_SOURCE", "-fPIC", "-shared",
    "-g", "-O1", "-Wall", "-Wno-unknown-pragmas", "-Wl,-Bsymbolic",
    WSIM_WRAPPED_NAMES(WRAP_FLAG)
};

int wsim_cc_build(const char *source, const char *output, char *const *extra_args,
                  char *err, size_t err_size)
{
    const char *sources[] = {source};
    return wsim_cc_build_sources(sources, 1, output, extra_args, err, err_size);
}

int wsim_cc_build_sources(const char *const *sources, size_t nsources, const char *output,
                          char *const *extra_args, char *err, size_t err_size)
{
    for (size_t i = 0; i < nsources; i++) {
        if (access(sources[i], R_OK) != 0) {
            snprintf(err, err_size, "%s: cannot read: %s", sources[i], strerror(errno));
            return -1;
        }
    }
    const char *include_dir = wsim_include_dir();
    char include_flag[4096], winsock_h[4096];
    snprintf(include_flag, sizeof include_flag, "-I%s", include_dir);
    snprintf(winsock_h, sizeof winsock_h, "%s/winsock2.h", include_dir);
    if (access(winsock_h, R_OK) != 0) {
        snprintf(err, err_size, "wsim's Windows headers are not in %s (%s): is wsim installed "
                 "completely?", include_dir, strerror(errno));
        return -1;
    }
    const char *cc = wsim_c_compiler();
    size_t nbase = sizeof base_flags / sizeof base_flags[0], nextra = 0, nsan = 0;
    while (extra_args && extra_args[nextra])
        nextra++;
    char sanitize[] = WSIM_MODULE_SANITIZE_FLAGS;
    char *san_args[8];
    for (char *tok = strtok(sanitize, " "); tok && nsan < 8; tok = strtok(NULL, " "))
        san_args[nsan++] = tok;
    char **argv = calloc(nbase + nextra + nsan + nsources + 6, sizeof *argv);
    if (!argv) {
        snprintf(err, err_size, "out of memory");
        return -1;
    }
    size_t n = 0;
    argv[n++] = (char *)cc;
    for (size_t i = 0; i < nbase; i++)
        argv[n++] = (char *)base_flags[i];
    argv[n++] = include_flag;
    for (size_t i = 0; i < nsan; i++)
        argv[n++] = san_args[i];
    argv[n++] = "-o";
    argv[n++] = (char *)output;
    for (size_t i = 0; i < nextra; i++)
        argv[n++] = extra_args[i];
    for (size_t i = 0; i < nsources; i++)
        argv[n++] = (char *)sources[i];
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
        snprintf(err, err_size, "%s%s: compilation failed", sources[0],
                 nsources > 1 ? " ..." : "");
        return -1;
    }
    /* Refuse now, by name, what the program needs but may not have. */
    if (wsim_module_check(output, wsapi_is_provided, NULL, err, err_size) != 0) {
        unlink(output);
        return -1;
    }
    return 0;
}

static const wsim_option cc_options[] = {
    {"-o", "MODULE.so", "the module to write (required)"},
    {NULL, NULL, NULL},
};

static int cc_main(const wsim_args *args)
{
    const char *output = wsim_arg(args, "-o");
    if (!output)
        return wsim_usage_error(args->command, "no -o MODULE.so given");
    char err[2048];
    int rc = wsim_cc_build_sources((const char *const *)args->operands,
                                   (size_t)args->operand_count, output, args->passed, err,
                                   sizeof err);
    if (rc != 0) {
        fprintf(stderr, "wsim cc: %s\n", err);
        return WSIM_EXIT_USAGE;
    }
    return WSIM_EXIT_OK;
}

const wsim_command wsim_cc_command = {
    .name = "cc",
    .synopsis = "-o MODULE.so SOURCE.c... [compiler options]",
    .summary = "build a Winsock program into a module (modules ending in .c in a\n"
               "scenario are built on the fly).",
    .description =
        "Builds a Winsock program (C11; C++ is not supported yet) into a module\n"
        "that `wsim run` can load.  It is compiled against wsim's Windows headers\n"
        "with _WIN32 defined; functions a simulated program may not use\n"
        "(pthread_create, fork, system, ...) are refused by name.  Several sources\n"
        "make one module.  Other single-dash options (-DNAME, -Ifolder, -O2, -lm\n"
        "...) go to the compiler as they are; give each with its value in one word.\n"
        "Set WSIM_CC to use another compiler.  Exits 0, or 2 when the program\n"
        "does not compile or is refused.",
    .min_operands = 1,
    .max_operands = -1,
    .pass_through = 1,
    .options = cc_options,
    .run = cc_main,
};

int wsim_cmd_cc(int argc, char **argv)
{
    return wsim_command_main(&wsim_cc_command, argc, argv);
}
