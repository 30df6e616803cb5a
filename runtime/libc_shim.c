/* libc_shim.c — the C library as a simulated program sees it.
 *
 * Every function here is __wrap_NAME for a NAME in wrapped.h.  Each works on
 * the running program instance (wsapi_thread()); called with no simulation
 * running (a module's constructor, say) it falls back to the real function,
 * except where that would escape the simulation.
 *
 * Output: a program's stdout and stderr are FILEs made with fopencookie whose
 * write function cuts the bytes into lines and emits one OUTPUT record per
 * line.  Wide output (wprintf) is formatted to wide characters and written
 * as UTF-8 through the same narrow stream, so narrow and wide output mix as
 * they do on Windows (glibc would otherwise refuse wide output on a stream
 * already used narrow).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>
#include <time.h>
#include <wchar.h>

#include "runtime/runtime.h"
#include "sim/defaults.h"
#include "sim/net.h"

/* The program-visible stdout/stderr (see wrapped.h).  Exported data. */
FILE *__wrap_stdout;
FILE *__wrap_stderr;

void wsapi_point_stdio_at(wsapi_process *proc)
{
    __wrap_stdout = proc && proc->out ? proc->out : stdout;
    __wrap_stderr = proc && proc->err ? proc->err : stderr;
}

static wsapi_process *current_process(void)
{
    return wsapi_process_of(wsapi_thread());
}

/* ---- output capture ------------------------------------------------------ */

typedef struct output_cookie {
    wsapi_process *proc;
    int is_err;
} output_cookie;

static void emit_line(wsapi_process *proc, int is_err, const char *text)
{
    wsim_sim *sim = proc->process->sim;
    wsim_record rec;
    wsim_record_init(sim, &rec, WSIM_REC_OUTPUT);
    rec.host = proc->process->host->id;
    rec.process = proc->process->id;
    rec.name = is_err ? "stderr" : "stdout";
    rec.text = text;
    wsim_sim_emit(sim, &rec);
}

static int line_append(wsapi_line *line, const char *bytes, size_t n)
{
    if (line->len + n + 1 > line->cap) {
        size_t cap = line->cap ? line->cap : 128;
        while (cap < line->len + n + 1)
            cap *= 2;
        char *grown = realloc(line->text, cap);
        if (!grown)
            return -1;
        line->text = grown;
        line->cap = cap;
    }
    memcpy(line->text + line->len, bytes, n);
    line->len += n;
    line->text[line->len] = '\0';
    return 0;
}

static ssize_t output_write(void *cookie, const char *bytes, size_t size)
{
    output_cookie *c = cookie;
    wsapi_line *line = c->is_err ? &c->proc->err_line : &c->proc->out_line;
    /* The output budget: on the program's own thread the run stops; while
     * the instance is being cleaned up, what is over the budget is dropped. */
    wsim_sim *sim = c->proc->process->sim;
    uint64_t budget = sim->budgets.output_per_program;
    if (budget && (size > budget || c->proc->output_bytes > budget - size)) {
        if (sim->current && sim->current->process == c->proc->process) {
            char what[96];
            snprintf(what, sizeof what, "%zu more bytes after %" PRIu64, size, c->proc->output_bytes);
            wsim_budget_stop(sim, "output_per_program", budget, what);
        }
        return (ssize_t)size;
    }
    c->proc->output_bytes += size;
    size_t start = 0;
    for (size_t i = 0; i < size; i++) {
        if (bytes[i] != '\n')
            continue;
        if (line_append(line, bytes + start, i - start) != 0)
            return -1;
        emit_line(c->proc, c->is_err, line->text ? line->text : "");
        line->len = 0;
        start = i + 1;
    }
    if (line_append(line, bytes + start, size - start) != 0)
        return -1;
    return (ssize_t)size;
}

static int output_close(void *cookie)
{
    output_cookie *c = cookie;
    wsapi_line *line = c->is_err ? &c->proc->err_line : &c->proc->out_line;
    if (line->len)
        emit_line(c->proc, c->is_err, line->text);
    free(line->text);
    memset(line, 0, sizeof *line);
    free(c);
    return 0;
}

static FILE *open_stream(wsapi_process *proc, int is_err)
{
    output_cookie *c = calloc(1, sizeof *c);
    if (!c)
        return NULL;
    c->proc = proc;
    c->is_err = is_err;
    cookie_io_functions_t io = {.write = output_write, .close = output_close};
    FILE *f = fopencookie(c, "w", io);
    if (!f) {
        free(c);
        return NULL;
    }
    /* Line-buffered as a console is; stderr unbuffered as in C. */
    setvbuf(f, NULL, is_err ? _IONBF : _IOLBF, 0);
    return f;
}

int wsapi_output_open(wsapi_process *proc)
{
    proc->out = open_stream(proc, 0);
    proc->err = open_stream(proc, 1);
    return proc->out && proc->err ? 0 : -1;
}

void wsapi_output_flush(wsapi_process *proc)
{
    if (proc->out)
        fflush(proc->out);
    if (proc->err)
        fflush(proc->err);
}

void wsapi_output_close(wsapi_process *proc)
{
    if (__wrap_stdout == proc->out || __wrap_stderr == proc->err)
        wsapi_point_stdio_at(NULL);
    if (proc->out)
        fclose(proc->out);
    if (proc->err)
        fclose(proc->err);
    proc->out = proc->err = NULL;
}

static FILE *program_stdout(void)
{
    return __wrap_stdout ? __wrap_stdout : stdout;
}

int __wrap_vprintf(const char *format, va_list args)
{
    return vfprintf(program_stdout(), format, args);
}

int __wrap_printf(const char *format, ...)
{
    va_list args;
    va_start(args, format);
    int n = vfprintf(program_stdout(), format, args);
    va_end(args);
    return n;
}

int __wrap_puts(const char *s)
{
    FILE *f = program_stdout();
    if (fputs(s, f) == EOF || fputc('\n', f) == EOF)
        return EOF;
    return 1;
}

int __wrap_putchar(int c)
{
    return fputc(c, program_stdout());
}

/* Wide output: formatted to wide characters, written as UTF-8. */
static int put_utf8(FILE *f, const wchar_t *w, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        uint32_t c = (uint32_t)w[i];
        unsigned char b[4];
        int len;
        if (c < 0x80) {
            b[0] = (unsigned char)c;
            len = 1;
        } else if (c < 0x800) {
            b[0] = (unsigned char)(0xC0 | (c >> 6));
            b[1] = (unsigned char)(0x80 | (c & 0x3F));
            len = 2;
        } else if (c < 0x10000) {
            b[0] = (unsigned char)(0xE0 | (c >> 12));
            b[1] = (unsigned char)(0x80 | ((c >> 6) & 0x3F));
            b[2] = (unsigned char)(0x80 | (c & 0x3F));
            len = 3;
        } else {
            if (c > 0x10FFFF)
                c = 0xFFFD;
            b[0] = (unsigned char)(0xF0 | (c >> 18));
            b[1] = (unsigned char)(0x80 | ((c >> 12) & 0x3F));
            b[2] = (unsigned char)(0x80 | ((c >> 6) & 0x3F));
            b[3] = (unsigned char)(0x80 | (c & 0x3F));
            len = 4;
        }
        if (fwrite(b, 1, (size_t)len, f) != (size_t)len)
            return -1;
    }
    return 0;
}

static int is_program_stream(FILE *f)
{
    wsapi_process *proc = current_process();
    return proc && (f == proc->out || f == proc->err);
}

int __wrap_vfwprintf(FILE *f, const wchar_t *format, va_list args)
{
    if (!is_program_stream(f))
        return vfwprintf(f, format, args);
    size_t cap = 256;
    for (;;) {
        wchar_t *buf = malloc(cap * sizeof *buf);
        if (!buf)
            return -1;
        va_list copy;
        va_copy(copy, args);
        int n = vswprintf(buf, cap, format, copy);
        va_end(copy);
        if (n >= 0) {
            int rc = put_utf8(f, buf, (size_t)n);
            free(buf);
            return rc == 0 ? n : -1;
        }
        free(buf);
        if (cap >= (1u << 24))
            return -1; /* an encoding error rather than a short buffer */
        cap *= 4;
    }
}

int __wrap_fwprintf(FILE *f, const wchar_t *format, ...)
{
    va_list args;
    va_start(args, format);
    int n = __wrap_vfwprintf(f, format, args);
    va_end(args);
    return n;
}

int __wrap_vwprintf(const wchar_t *format, va_list args)
{
    return __wrap_vfwprintf(program_stdout(), format, args);
}

int __wrap_wprintf(const wchar_t *format, ...)
{
    va_list args;
    va_start(args, format);
    int n = __wrap_vfwprintf(program_stdout(), format, args);
    va_end(args);
    return n;
}

wint_t __wrap_fputwc(wchar_t c, FILE *f)
{
    if (!is_program_stream(f))
        return fputwc(c, f);
    return put_utf8(f, &c, 1) == 0 ? (wint_t)c : WEOF;
}

wint_t __wrap_putwc(wchar_t c, FILE *f)
{
    return __wrap_fputwc(c, f);
}

wint_t __wrap_putwchar(wchar_t c)
{
    return __wrap_fputwc(c, program_stdout());
}

int __wrap_fputws(const wchar_t *s, FILE *f)
{
    if (!is_program_stream(f))
        return fputws(s, f);
    return put_utf8(f, s, wcslen(s)) == 0 ? 1 : -1;
}

void __wrap_perror(const char *s)
{
    FILE *f = __wrap_stderr ? __wrap_stderr : stderr;
    const char *message = strerror(errno);
    if (s && *s)
        fprintf(f, "%s: %s\n", s, message);
    else
        fprintf(f, "%s\n", message);
}

/* ---- ending the program --------------------------------------------------- */

static _Noreturn void end_program(int code, const char *how)
{
    wsim_sim *sim = wsapi_running();
    wsapi_process *proc = current_process();
    if (!proc)
        _Exit(code);   /* not inside a simulated program: nothing to protect */
    wsapi_output_flush(proc);
    wsim_process_exit(sim, code, how);
}

_Noreturn void __wrap_exit(int code) { end_program(code, "exit"); }
_Noreturn void __wrap__exit(int code) { end_program(code, "exit"); }
_Noreturn void __wrap__Exit(int code) { end_program(code, "exit"); }
_Noreturn void __wrap_quick_exit(int code) { end_program(code, "exit"); }
/* abort() ends the program with exit code 3, as the Microsoft C runtime's
 * abort does. */
_Noreturn void __wrap_abort(void) { end_program(3, "abort"); }

/* A failed assert() reports as the Microsoft C runtime does, then aborts. */
_Noreturn void __wrap___assert_fail(const char *assertion, const char *file, unsigned int line,
                                    const char *function)
{
    (void)function;
    FILE *f = __wrap_stderr ? __wrap_stderr : stderr;
    fprintf(f, "Assertion failed: %s, file %s, line %u\n", assertion, file, line);
    end_program(3, "abort");
}

/* ---- clocks and sleeping ------------------------------------------------- */

static int64_t virtual_now(void)
{
    wsim_sim *sim = wsapi_running();
    return sim ? sim->now_ns : 0;
}

time_t __wrap_time(time_t *out)
{
    time_t t = (time_t)(WSAPI_EPOCH_SECONDS + virtual_now() / WSIM_NS_PER_S);
    if (out)
        *out = t;
    return t;
}

int __wrap_clock_gettime(clockid_t clock, struct timespec *ts)
{
    if (!ts) {
        errno = EFAULT;
        return -1;
    }
    int64_t now = virtual_now();
    ts->tv_sec = (time_t)(now / WSIM_NS_PER_S);
    ts->tv_nsec = (long)(now % WSIM_NS_PER_S);
    if (clock == CLOCK_REALTIME)
        ts->tv_sec += WSAPI_EPOCH_SECONDS;
    return 0;
}

int __wrap_gettimeofday(struct timeval *tv, void *tz)
{
    (void)tz;
    if (tv) {
        int64_t now = virtual_now();
        tv->tv_sec = (time_t)(WSAPI_EPOCH_SECONDS + now / WSIM_NS_PER_S);
        tv->tv_usec = (suseconds_t)(now % WSIM_NS_PER_S / WSIM_NS_PER_US);
    }
    return 0;
}

/* Computation takes no virtual time, so the processor time a program has
 * used is always 0. */
clock_t __wrap_clock(void)
{
    return 0;
}

/* Sleeps ns of virtual time; a sleep past the end of time lasts until the
 * run stops.  (As in libc, these functions trust their pointers: a bad one
 * crashes the program, which the trace records as its crash.) */
static void sleep_ns(int64_t ns, const char *call)
{
    wsim_sim *sim = wsapi_running();
    if (sim && sim->current && ns >= 0)
        wsim_thread_sleep_until(sim, ns > INT64_MAX - sim->now_ns ? INT64_MAX : sim->now_ns + ns,
                                call);
}

unsigned int __wrap_sleep(unsigned int seconds)
{
    sleep_ns((int64_t)seconds * WSIM_NS_PER_S, "sleep");
    return 0;
}

int __wrap_usleep(unsigned int usec)
{
    sleep_ns((int64_t)usec * WSIM_NS_PER_US, "usleep");
    return 0;
}

int __wrap_nanosleep(const struct timespec *req, struct timespec *rem)
{
    if (!req || req->tv_nsec < 0 || req->tv_nsec >= WSIM_NS_PER_S || req->tv_sec < 0) {
        errno = EINVAL;
        return -1;
    }
    int64_t ns = req->tv_sec > (INT64_MAX - req->tv_nsec) / WSIM_NS_PER_S
                     ? INT64_MAX
                     : (int64_t)req->tv_sec * WSIM_NS_PER_S + req->tv_nsec;
    sleep_ns(ns, "nanosleep");
    if (rem)
        rem->tv_sec = rem->tv_nsec = 0;
    return 0;
}

/* ---- random numbers ------------------------------------------------------- */

static wsim_rng *program_rng(void)
{
    wsim_thread *t = wsapi_thread();
    return t ? &t->process->rng : NULL;
}

int __wrap_rand(void)
{
    wsim_rng *rng = program_rng();
    return rng ? (int)(wsim_rng_next(rng) >> 33) : 0; /* RAND_MAX = 2^31 - 1 */
}

/* srand(seed) makes the sequence a function of seed alone, as in libc. */
void __wrap_srand(unsigned int seed)
{
    wsim_rng *rng = program_rng();
    if (rng)
        wsim_rng_init(rng, seed, WSIM_STREAM_PROGRAM, 0);
}

long __wrap_random(void)
{
    return __wrap_rand();
}

void __wrap_srandom(unsigned int seed)
{
    __wrap_srand(seed);
}

/* ---- the program's heap ---------------------------------------------------- */

void *__wrap_malloc(size_t size)
{
    wsapi_process *proc = current_process();
    return proc ? wsapi_heap_alloc(proc, size, 0) : malloc(size);
}

void *__wrap_calloc(size_t count, size_t size)
{
    wsapi_process *proc = current_process();
    if (!proc)
        return calloc(count, size);
    if (size && count > SIZE_MAX / size) {
        errno = ENOMEM;
        return NULL;
    }
    return wsapi_heap_alloc(proc, count * size, 1);
}

void *__wrap_realloc(void *ptr, size_t size)
{
    wsapi_process *proc = current_process();
    return proc ? wsapi_heap_realloc(proc, ptr, size) : realloc(ptr, size);
}

/* Memory the C library allocated itself (strerror's buffer, say) is not in
 * the program's set and goes back with the real free. */
void __wrap_free(void *ptr)
{
    wsapi_process *proc = current_process();
    if (!proc || !wsapi_heap_free(proc, ptr))
        free(ptr);
}

char *__wrap_strdup(const char *s)
{
    size_t n = strlen(s) + 1;
    char *copy = __wrap_malloc(n);
    if (copy)
        memcpy(copy, s, n);
    return copy;
}

char *__wrap_strndup(const char *s, size_t max)
{
    size_t n = strnlen(s, max);
    char *copy = __wrap_malloc(n + 1);
    if (copy) {
        memcpy(copy, s, n);
        copy[n] = '\0';
    }
    return copy;
}
