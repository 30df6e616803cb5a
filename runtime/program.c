/* program.c — loading module copies and running their main. */
#define _GNU_SOURCE
#include "runtime/program.h"

#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include <wchar.h>

#include "modcheck/module_policy.h"
#include "runtime/functions.h"
#include "runtime/runtime.h"
#include "runtime/wrapped.h"

struct wsapi_module {
    char *path;
    char *name;               /* file name, for process names */
    unsigned char *bytes;
    size_t size;
};

/* ---- modules --------------------------------------------------------------- */

/* What wsim provides is what its two lists name: the functions of
 * functions.h, and __wrap_NAME for each C library name of wrapped.h.
 * modules.function_list checks that each one is defined in wsim's image. */
int wsapi_is_provided(void *ctx, const char *name)
{
    (void)ctx;
    if (wsim_fn_by_name(name) >= 0)
        return 1;
    if (strncmp(name, "__wrap_", 7) != 0)
        return 0;
#define X(wrapped)                          \
    if (strcmp(name + 7, #wrapped) == 0)    \
        return 1;
    WSIM_WRAPPED_NAMES(X)
#undef X
    return 0;
}

wsapi_module *wsapi_module_open(const char *path, char *err, size_t err_size)
{
    if (wsim_module_check(path, wsapi_is_provided, NULL, err, err_size) != 0)
        return NULL;
    FILE *f = fopen(path, "rb");
    if (!f) {
        snprintf(err, err_size, "%s: cannot read: %s", path, strerror(errno));
        return NULL;
    }
    wsapi_module *m = calloc(1, sizeof *m);
    struct stat st;
    if (!m || fstat(fileno(f), &st) != 0 || st.st_size <= 0 ||
        !(m->bytes = malloc((size_t)st.st_size)) ||
        fread(m->bytes, 1, (size_t)st.st_size, f) != (size_t)st.st_size) {
        snprintf(err, err_size, "%s: cannot read the module", path);
        fclose(f);
        wsapi_module_close(m);
        return NULL;
    }
    fclose(f);
    m->size = (size_t)st.st_size;
    m->path = strdup(path);
    const char *slash = strrchr(path, '/');
    m->name = strdup(slash ? slash + 1 : path);
    if (!m->path || !m->name) {
        snprintf(err, err_size, "out of memory");
        wsapi_module_close(m);
        return NULL;
    }
    return m;
}

void wsapi_module_close(wsapi_module *m)
{
    if (!m)
        return;
    free(m->path);
    free(m->name);
    free(m->bytes);
    free(m);
}

/* ---- attaching the runtime to a simulation ------------------------------------ */

static void on_resume(wsim_thread *thread, void *ctx)
{
    (void)ctx;
    wsapi_point_stdio_at(wsapi_process_of(thread));
}

void wsapi_attach(wsim_sim *sim)
{
    sim->on_resume = on_resume;
    wsapi_set_running(sim);
}

void wsapi_detach(wsim_sim *sim)
{
    if (wsapi_running() == sim)
        wsapi_set_running(NULL);
    wsapi_point_stdio_at(NULL);
}

/* ---- instances --------------------------------------------------------------- */

typedef struct instance {
    wsapi_module *module;     /* NULL for a plain C function */
    wsapi_main_fn fn;
    int argc;
    char **argv;              /* wsim's copy; the program gets its own */
    void *dl;
    int memfd;
} instance;

static void write_error_line(wsapi_process *proc, const char *message)
{
    if (proc->err) {
        fputs(message, proc->err);
        fputc('\n', proc->err);
    }
}

/* A UTF-8 string as wide characters, in the program's heap. */
static wchar_t *widen(wsapi_process *proc, const char *s)
{
    size_t n = strlen(s);
    wchar_t *w = wsapi_heap_alloc(proc, (n + 1) * sizeof *w, 0);
    if (!w)
        return NULL;
    size_t out = 0;
    const unsigned char *p = (const unsigned char *)s;
    while (*p) {
        uint32_t c = *p++;
        int extra = c >= 0xF0 ? 3 : c >= 0xE0 ? 2 : c >= 0xC0 ? 1 : 0;
        if (extra)
            c &= 0x3Fu >> extra;
        for (int i = 0; i < extra && (*p & 0xC0) == 0x80; i++)
            c = (c << 6) | (*p++ & 0x3F);
        w[out++] = (wchar_t)c;
    }
    w[out] = 0;
    return w;
}

static int load_copy(instance *in, wsapi_process *proc)
{
    char path[64];
    in->memfd = memfd_create(in->module->name, MFD_CLOEXEC);
    if (in->memfd < 0) {
        write_error_line(proc, "wsim: cannot create a copy of the module");
        return -1;
    }
    size_t done = 0;
    while (done < in->module->size) {
        ssize_t n = write(in->memfd, in->module->bytes + done, in->module->size - done);
        if (n <= 0) {
            write_error_line(proc, "wsim: cannot copy the module");
            return -1;
        }
        done += (size_t)n;
    }
    snprintf(path, sizeof path, "/proc/self/fd/%d", in->memfd);
    in->dl = dlopen(path, RTLD_NOW | RTLD_LOCAL);
    if (!in->dl) {
        char message[512];
        snprintf(message, sizeof message, "wsim: cannot load %s: %s", in->module->name,
                 dlerror());
        write_error_line(proc, message);
        return -1;
    }
    return 0;
}

static int instance_main(wsim_process *process, void *ctx)
{
    instance *in = ctx;
    wsapi_process *proc = wsapi_process_new(process);
    if (!proc || wsapi_output_open(proc) != 0)
        return 127;
    wsapi_point_stdio_at(proc);
    /* The program gets argv in its own heap: it may write to it. */
    char **argv = wsapi_heap_alloc(proc, (size_t)(in->argc + 1) * sizeof *argv, 1);
    for (int i = 0; argv && i < in->argc; i++) {
        size_t n = strlen(in->argv[i]) + 1;
        argv[i] = wsapi_heap_alloc(proc, n, 0);
        if (argv[i])
            memcpy(argv[i], in->argv[i], n);
    }
    if (!argv)
        return 127;
    if (in->fn)
        return in->fn(in->argc, argv);
    if (load_copy(in, proc) != 0)
        return 127;
    int (*main_fn)(int, char **) = (int (*)(int, char **))dlsym(in->dl, "main");
    if (main_fn)
        return main_fn(in->argc, argv);
    int (*wmain_fn)(int, wchar_t **) = (int (*)(int, wchar_t **))dlsym(in->dl, "wmain");
    if (!wmain_fn) {
        write_error_line(proc, "wsim: the module has neither main nor wmain");
        return 127;
    }
    wchar_t **wargv = wsapi_heap_alloc(proc, (size_t)(in->argc + 1) * sizeof *wargv, 1);
    for (int i = 0; wargv && i < in->argc; i++)
        wargv[i] = widen(proc, in->argv[i]);
    return wargv ? wmain_fn(in->argc, wargv) : 127;
}

/* wsim's copy of the arguments; -1 when out of memory (free_argv then
 * releases what was copied). */
static int copy_argv(instance *in, int argc, char *const *argv)
{
    in->argc = argc;
    in->argv = calloc((size_t)argc + 1, sizeof *in->argv);
    int ok = in->argv != NULL;
    for (int i = 0; ok && i < argc; i++)
        ok = (in->argv[i] = strdup(argv[i])) != NULL;
    return ok ? 0 : -1;
}

static void free_argv(instance *in)
{
    for (int i = 0; in->argv && i < in->argc; i++)
        free(in->argv[i]);
    free(in->argv);
}

static void instance_cleanup(wsim_process *process, void *ctx)
{
    instance *in = ctx;
    wsapi_process *proc = process->user;
    if (proc) {
        wsapi_output_flush(proc);
        wsapi_process_free(proc);
    }
    if (in->dl)
        dlclose(in->dl);
    if (in->memfd >= 0)
        close(in->memfd);
    in->dl = NULL;
    in->memfd = -1;
    free_argv(in);
    free(in);
}

/* A new instance of the same program for its host's restart: the module is
 * loaded again when it starts, so its globals are fresh. */
static void *instance_clone(void *ctx)
{
    const instance *in = ctx;
    instance *copy = calloc(1, sizeof *copy);
    if (!copy)
        return NULL;
    copy->module = in->module;
    copy->fn = in->fn;
    copy->memfd = -1;
    if (copy_argv(copy, in->argc, in->argv) != 0) {
        free_argv(copy);
        free(copy);
        return NULL;
    }
    return copy;
}

/* The arguments as a JSON array of strings, for the trace. */
static char *args_json(int argc, char *const *argv)
{
    size_t cap = 3;
    for (int i = 0; i < argc; i++)
        cap += strlen(argv[i]) * 6 + 3;
    char *out = malloc(cap), *p = out;
    if (!out)
        return NULL;
    *p++ = '[';
    for (int i = 0; i < argc; i++) {
        if (i)
            *p++ = ',';
        *p++ = '"';
        for (const unsigned char *c = (const unsigned char *)argv[i]; *c; c++) {
            if (*c == '"' || *c == '\\') {
                *p++ = '\\';
                *p++ = (char)*c;
            } else if (*c < 0x20) {
                p += sprintf(p, "\\u%04x", *c);
            } else {
                *p++ = (char)*c;
            }
        }
        *p++ = '"';
    }
    *p++ = ']';
    *p = '\0';
    return out;
}

static wsim_process *add_instance(wsim_sim *sim, wsim_host *host, const char *name,
                                  instance *in, int argc, char *const *argv, int64_t start_ns)
{
    in->memfd = -1;
    char *args = copy_argv(in, argc, argv) == 0 ? args_json(argc, argv) : NULL;
    wsim_process *p = NULL;
    if (args) {
        wsim_program_ops ops = {.main = instance_main, .cleanup = instance_cleanup,
                                .clone = instance_clone, .ctx = in};
        p = wsim_process_add(sim, host, name, args, start_ns, ops);
    }
    free(args);
    if (!p) {
        free_argv(in);
        free(in);
    }
    return p;
}

wsim_process *wsapi_program_add(wsim_sim *sim, wsim_host *host, wsapi_module *module,
                                int argc, char *const *argv, int64_t start_ns)
{
    instance *in = calloc(1, sizeof *in);
    if (!in)
        return NULL;
    in->module = module;
    return add_instance(sim, host, module->name, in, argc, argv, start_ns);
}

wsim_process *wsapi_function_add(wsim_sim *sim, wsim_host *host, const char *name,
                                 wsapi_main_fn fn, int argc, char *const *argv,
                                 int64_t start_ns)
{
    instance *in = calloc(1, sizeof *in);
    if (!in)
        return NULL;
    in->fn = fn;
    return add_instance(sim, host, name, in, argc, argv, start_ns);
}
