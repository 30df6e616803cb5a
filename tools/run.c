/* run.c — `wsim run`: the simulation in a child, the trace in the parent.
 *
 *   parent                                  child (fork)
 *   ------                                  ------------
 *   load scenario, build + open modules
 *   ring = shared memory ──────────────────▶ observer puts every record
 *   recorder (SQLite, "<trace>.partial")     runs the simulation
 *   drains the ring: rows, printed output    on a crash: one CRASH record
 *   child gone: drain, close the trace       (signal-safe), then the
 *   (rename), print the summary              previous handler (ASan's or
 *                                            the default) takes over
 *
 * A program's crash is a crash of the child; the parent survives it, so the
 * trace always holds every record made before the crash, plus the crash.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "sim/defaults.h"
#include "tools/config.h"
#include "tools/tool.h"
#include "traces/recorder.h"
#include "traces/ring.h"
#include "traces/summary.h"
#include "runtime/runtime.h"

#define RING_BYTES (64u << 20)

/* ---- the child's crash handler --------------------------------------------
 * A signal handler gets no context argument, so the ring and simulation it
 * reports into are kept here for the child's lifetime. */
static wsim_ring *crash_ring;
static wsim_sim *crash_sim;

static const int crash_signals[] = {SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGABRT};
static struct sigaction previous_actions[sizeof crash_signals / sizeof crash_signals[0]];

static const char *signal_name(int sig)
{
    switch (sig) {
    case SIGSEGV: return "SIGSEGV";
    case SIGBUS: return "SIGBUS";
    case SIGILL: return "SIGILL";
    case SIGFPE: return "SIGFPE";
    case SIGABRT: return "SIGABRT";
    case SIGKILL: return "SIGKILL";
    case SIGTERM: return "SIGTERM";
    case 0: return "sanitizer";
    default: return "signal";
    }
}

static void crash_handler(int sig, siginfo_t *info, void *uctx)
{
    (void)uctx;
    wsim_sim *sim = crash_sim;
    if (crash_ring && sim) {
        wsim_record rec;
        memset(&rec, 0, sizeof rec);
        rec.kind = WSIM_REC_CRASH;
        rec.seq = sim->next_seq + 1;
        rec.time_ns = sim->now_ns;
        rec.host = rec.process = rec.thread = -1;
        rec.socket = -1;
        wsim_thread *t = sim->current;
        int in_guard = 0;
        if (t) {
            rec.host = t->process->host->id;
            rec.process = t->process->id;
            rec.thread = t->id;
            in_guard = t->fiber && wsim_fiber_guard_contains(t->fiber, info->si_addr);
        }
        rec.name = signal_name(sig);
        rec.a[0] = sig;
        rec.a[1] = in_guard;
        rec.text = in_guard ? "stack overflow (the fault hit the thread's guard page)"
                   : sig == 0 ? "stopped by a sanitizer's report (see its output)"
                   : !t ? "crash in the simulator itself"
                   : (sig == SIGSEGV || sig == SIGBUS) && info->si_addr == NULL
                       ? "the program dereferenced a NULL pointer"
                       : "the program crashed";
        wsim_ring_put_signal_safe(crash_ring, &rec);
        crash_ring = NULL; /* one record, even if the next handler faults */
    }
    /* Hand over to whoever handled the signal before us (ASan prints its
     * report, the default action ends the process); the fault repeats when
     * we return, or the signal is raised again. */
    if (sig == 0)
        return;          /* a sanitizer's report: it ends the process itself */
    for (size_t i = 0; i < sizeof crash_signals / sizeof crash_signals[0]; i++)
        if (crash_signals[i] == sig)
            sigaction(sig, &previous_actions[i], NULL);
    if (sig == SIGABRT || info->si_code <= 0)
        raise(sig);
}

#if defined(__SANITIZE_ADDRESS__)
#include <sanitizer/common_interface_defs.h>
/* A sanitizer that stops the child (UBSan on a NULL store, ASan on a bad
 * access) reports first; this records which program it was. */
static void sanitizer_death(void)
{
    siginfo_t info;
    memset(&info, 0, sizeof info);
    info.si_code = 1;    /* not a raised signal: do not raise one */
    crash_handler(0, &info, NULL);
}
#endif

static void install_crash_handlers(void)
{
#if defined(__SANITIZE_ADDRESS__)
    __sanitizer_set_death_callback(sanitizer_death);
#endif
    /* An alternate stack, so a stack overflow can still be reported.  Large
     * enough for AddressSanitizer's handler, which runs on it next. */
    static const size_t altstack_bytes = 256 * 1024;
    stack_t ss = {.ss_sp = malloc(altstack_bytes), .ss_size = altstack_bytes, .ss_flags = 0};
    if (ss.ss_sp)
        sigaltstack(&ss, NULL);
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = crash_handler;
    sa.sa_flags = SA_SIGINFO | SA_ONSTACK;
    sigemptyset(&sa.sa_mask);
    for (size_t i = 0; i < sizeof crash_signals / sizeof crash_signals[0]; i++)
        sigaction(crash_signals[i], &sa, &previous_actions[i]);
}

static void ring_observe(void *ctx, const wsim_record *rec)
{
    wsim_ring_put(ctx, rec);
}

static void close_modules(wsapi_module **modules, size_t count);

/* Runs the simulation and exits; frees what it was handed first, so a leak
 * checker at exit sees only what the simulation itself lost. */
static _Noreturn void run_child(wsim_scenario *scenario, wsapi_module **modules,
                                size_t module_count, wsim_ring *ring)
{
    char err[512];
    /* If the parent (the trace's keeper) dies, a child blocked on a full
     * ring must not wait for ever. */
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    install_crash_handlers();
    wsim_observer observer = {.record = ring_observe, .ctx = ring};
    wsim_sim *sim = wsim_world_build(scenario, modules, observer, err, sizeof err);
    int status = WSIM_EXIT_FAILED;
    if (sim) {
        crash_ring = ring;
        crash_sim = sim;
        wsapi_attach(sim);
        wsim_sim_run(sim);
        status = wsim_world_status(sim);
        wsim_record rec;
        wsim_record_init(sim, &rec, WSIM_REC_RUN_END);
        rec.name = wsim_end_reason_name(sim->end_reason);
        rec.text = sim->end_detail;
        rec.a[0] = status;
        wsim_sim_emit(sim, &rec);
        crash_sim = NULL;
        wsapi_detach(sim);
        wsim_sim_free(sim);
    } else {
        fprintf(stderr, "wsim: %s\n", err);
    }
    wsim_ring_close_producer(ring);
    close_modules(modules, module_count);
    wsim_scenario_free(scenario);
    wsim_ring_destroy(ring);
    exit(status);
}

/* ---- the parent ------------------------------------------------------------ */

typedef struct parent_state {
    wsim_recorder *recorder;
    int quiet;
    char **host_names;        /* by host id, from the HOST records */
    size_t host_count;
    int ring_broken;
    uint64_t last_seq;
    int64_t last_time_ns;
    int saw_crash, saw_end;
    int end_status;
    char end_reason[32];
    char end_detail[1024];
} parent_state;

static void print_output(parent_state *st, const wsim_record *rec)
{
    const char *host = rec->host >= 0 && (size_t)rec->host < st->host_count &&
                               st->host_names[rec->host]
                           ? st->host_names[rec->host]
                           : "?";
    FILE *out = strcmp(rec->name, "stderr") == 0 ? stderr : stdout;
    fprintf(out, "[%4lld.%06lld %s] %s\n", (long long)(rec->time_ns / WSIM_NS_PER_S),
            (long long)(rec->time_ns % WSIM_NS_PER_S / WSIM_NS_PER_US), host, rec->text);
    fflush(out);
}

static void consume(parent_state *st, const wsim_record *rec)
{
    st->last_seq = rec->seq;
    st->last_time_ns = rec->time_ns;
    switch (rec->kind) {
    case WSIM_REC_HOST:
        if (rec->host >= 0 && (size_t)rec->host >= st->host_count) {
            char **grown = realloc(st->host_names, ((size_t)rec->host + 1) * sizeof *grown);
            if (grown) {
                memset(grown + st->host_count, 0,
                       ((size_t)rec->host + 1 - st->host_count) * sizeof *grown);
                st->host_names = grown;
                st->host_count = (size_t)rec->host + 1;
            }
        }
        if (rec->host >= 0 && (size_t)rec->host < st->host_count && !st->host_names[rec->host])
            st->host_names[rec->host] = strdup(rec->name);
        break;
    case WSIM_REC_OUTPUT:
        if (!st->quiet)
            print_output(st, rec);
        break;
    case WSIM_REC_CRASH:
        st->saw_crash = 1;
        fprintf(stderr, "wsim: crash: %s (%s)\n", rec->text ? rec->text : "", rec->name);
        break;
    case WSIM_REC_RUN_END:
        st->saw_end = 1;
        st->end_status = (int)rec->a[0];
        snprintf(st->end_reason, sizeof st->end_reason, "%s", rec->name);
        snprintf(st->end_detail, sizeof st->end_detail, "%s", rec->text ? rec->text : "");
        break;
    default:
        break;
    }
    wsim_recorder_add(st->recorder, rec);
}

/* Moves every record in the ring to the trace.  A ring whose bytes no
 * longer make sense (the child wrote over them) is closed, so a child
 * waiting for room gives up instead of waiting for ever. */
static void drain(parent_state *st, wsim_ring *ring, char *strbuf, size_t strbuf_size)
{
    wsim_record rec;
    int got;
    while ((got = wsim_ring_get(ring, &rec, strbuf, strbuf_size)) == 1)
        consume(st, &rec);
    if (got < 0 && !st->ring_broken) {
        st->ring_broken = 1;
        wsim_ring_close_consumer(ring);
        fprintf(stderr, "wsim: the record ring is damaged; the trace ends here\n");
    }
}

/* The child died without finishing its trace: say so in it. */
static void record_abnormal_end(parent_state *st, int wait_status)
{
    int sig = WIFSIGNALED(wait_status) ? WTERMSIG(wait_status) : 0;
    wsim_record rec;
    memset(&rec, 0, sizeof rec);
    rec.host = rec.process = rec.thread = -1;
    rec.socket = -1;
    rec.time_ns = st->last_time_ns;
    if (!st->saw_crash) {
        rec.kind = WSIM_REC_CRASH;
        rec.seq = ++st->last_seq;
        rec.name = signal_name(sig);
        rec.a[0] = sig;
        rec.a[1] = -1;
        rec.text = sig ? "the simulation process was killed" : "the simulation process exited early";
        consume(st, &rec);
    }
    char detail[128];
    if (sig)
        snprintf(detail, sizeof detail, "the simulation ended by %s", signal_name(sig));
    else
        snprintf(detail, sizeof detail, "the simulation exited with status %d",
                 WIFEXITED(wait_status) ? WEXITSTATUS(wait_status) : -1);
    rec.kind = WSIM_REC_RUN_END;
    rec.seq = ++st->last_seq;
    rec.name = "crash";
    rec.text = detail;
    rec.a[0] = WSIM_EXIT_FAILED;
    consume(st, &rec);
}

static char *default_trace_path(const char *scenario_path)
{
    const char *base = strrchr(scenario_path, '/');
    base = base ? base + 1 : scenario_path;
    size_t n = strlen(base);
    if (n > 5 && strcmp(base + n - 5, ".json") == 0)
        n -= 5;
    char *path = malloc(n + 12);
    if (path)
        snprintf(path, n + 12, "%.*s.wsimtrace", (int)n, base);
    return path;
}

static int ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), m = strlen(suffix);
    return n >= m && strcmp(s + n - m, suffix) == 0;
}

/* Opens every program's module, compiling .c sources into build_dir first
 * (one build per distinct source). */
static int open_modules(const wsim_scenario *scenario, const char *build_dir,
                        wsapi_module ***out, size_t *count)
{
    size_t total = 0;
    for (size_t i = 0; i < scenario->host_count; i++)
        total += scenario->hosts[i].program_count;
    wsapi_module **modules = calloc(total ? total : 1, sizeof *modules);
    const char **sources = calloc(total ? total : 1, sizeof *sources);
    if (!modules || !sources) {
        free(modules);
        free(sources);
        return -1;
    }
    size_t k = 0;
    int rc = 0;
    char err[2048];
    for (size_t i = 0; rc == 0 && i < scenario->host_count; i++) {
        for (size_t j = 0; rc == 0 && j < scenario->hosts[i].program_count; j++, k++) {
            const char *path = scenario->hosts[i].programs[j].module;
            for (size_t e = 0; e < k; e++)
                if (strcmp(sources[e], path) == 0) {
                    modules[k] = modules[e];
                    break;
                }
            sources[k] = path;
            if (modules[k])
                continue;
            char built[4096];
            const char *load = path;
            if (ends_with(path, ".c")) {
                /* server.c → server.so: the name the trace shows. */
                const char *base = strrchr(path, '/');
                base = base ? base + 1 : path;
                int stem = (int)strlen(base) - 2;
                snprintf(built, sizeof built, "%s/%.*s.so", build_dir, stem, base);
                if (access(built, F_OK) == 0)
                    snprintf(built, sizeof built, "%s/%zu-%.*s.so", build_dir, k, stem, base);
                if (wsim_cc_build(path, built, NULL, err, sizeof err) != 0) {
                    fprintf(stderr, "wsim: %s\n", err);
                    rc = -1;
                    break;
                }
                load = built;
            }
            modules[k] = wsapi_module_open(load, err, sizeof err);
            if (!modules[k]) {
                fprintf(stderr, "wsim: %s\n", err);
                rc = -1;
            }
        }
    }
    free(sources);
    *out = modules;
    *count = total;
    return rc;
}

static void close_modules(wsapi_module **modules, size_t count)
{
    for (size_t i = 0; i < count; i++) {
        if (!modules[i])
            continue;
        for (size_t j = i + 1; j < count; j++)
            if (modules[j] == modules[i])
                modules[j] = NULL;
        wsapi_module_close(modules[i]);
    }
    free(modules);
}

/* The modules wsim compiled are loaded into memory by now: the folder and
 * the files in it (all wsim's own) go. */
static void remove_build_dir(const char *dir)
{
    DIR *d = opendir(dir);
    if (d) {
        struct dirent *entry;
        while ((entry = readdir(d)) != NULL) {
            if (strcmp(entry->d_name, ".") == 0 || strcmp(entry->d_name, "..") == 0)
                continue;
            char path[4400];
            snprintf(path, sizeof path, "%s/%s", dir, entry->d_name);
            unlink(path);
        }
        closedir(d);
    }
    rmdir(dir);
}

int wsim_run(const wsim_run_options *opt)
{
    char err[2048];
    wsim_scenario scenario;
    if (wsim_scenario_load(opt->scenario_path, &scenario, err, sizeof err) != 0) {
        fprintf(stderr, "wsim: %s\n", err);
        return WSIM_EXIT_USAGE;
    }
    if (opt->has_seed)
        scenario.seed = opt->seed;
    char build_dir[] = "/tmp/wsim-modules-XXXXXX";
    if (!mkdtemp(build_dir)) {
        fprintf(stderr, "wsim: cannot make a folder for modules: %s\n", strerror(errno));
        wsim_scenario_free(&scenario);
        return WSIM_EXIT_FAILED;
    }
    wsapi_module **modules = NULL;
    size_t module_count = 0;
    int rc = open_modules(&scenario, build_dir, &modules, &module_count);
    remove_build_dir(build_dir);
    if (rc != 0) {
        close_modules(modules, module_count);
        wsim_scenario_free(&scenario);
        return WSIM_EXIT_USAGE;
    }
    wsim_ring *ring = wsim_ring_create(RING_BYTES);
    if (!ring) {
        fprintf(stderr, "wsim: out of memory\n");
        close_modules(modules, module_count);
        wsim_scenario_free(&scenario);
        return WSIM_EXIT_FAILED;
    }
    fflush(NULL);
    pid_t pid = fork();
    if (pid == 0)
        run_child(&scenario, modules, module_count, ring);
    char *trace_path = opt->trace_path ? strdup(opt->trace_path)
                                       : default_trace_path(opt->scenario_path);

    parent_state st;
    memset(&st, 0, sizeof st);
    st.quiet = opt->quiet;
    int status = WSIM_EXIT_FAILED;
    st.recorder = pid > 0 && trace_path ? wsim_recorder_open(trace_path, err, sizeof err) : NULL;
    if (pid < 0) {
        fprintf(stderr, "wsim: cannot start the simulation: %s\n", strerror(errno));
    } else if (!st.recorder) {
        fprintf(stderr, "wsim: %s\n", trace_path ? err : "out of memory");
        kill(pid, SIGKILL);
        waitpid(pid, NULL, 0);
        status = WSIM_EXIT_USAGE;   /* an unwritable --trace is bad input */
    } else {
        size_t strbuf_size = wsim_ring_strbuf_size(ring);
        char *strbuf = malloc(strbuf_size);
        if (!strbuf) {
            /* Without a buffer nothing can be read: let the child give up. */
            wsim_ring_close_consumer(ring);
            strbuf_size = 0;
        }
        int wait_status = 0;
        for (;;) {
            drain(&st, ring, strbuf, strbuf_size);
            pid_t done = waitpid(pid, &wait_status, WNOHANG);
            if (done == pid) {
                drain(&st, ring, strbuf, strbuf_size);
                break;
            }
            struct timespec pause = {.tv_sec = 0, .tv_nsec = 200000};
            nanosleep(&pause, NULL);
        }
        free(strbuf);
        if (!st.saw_end)
            record_abnormal_end(&st, wait_status);
        status = st.end_status;
        /* The child exits with the status it recorded; anything else (a
         * sanitizer's report at exit, say) is a failure of wsim itself. */
        if (st.saw_end && (!WIFEXITED(wait_status) || WEXITSTATUS(wait_status) != st.end_status)) {
            fprintf(stderr, "wsim: the simulation process ended abnormally (status 0x%x)\n",
                    (unsigned)wait_status);
            status = WSIM_EXIT_FAILED;
        }
        if (wsim_recorder_close(st.recorder, WSIM_VERSION, err, sizeof err) != 0) {
            fprintf(stderr, "wsim: %s\n", err);
            status = WSIM_EXIT_FAILED;
        } else {
            if (strcmp(st.end_reason, "completed") != 0)
                fprintf(stderr, "wsim: the run ended: %s%s%s\n", st.end_reason,
                        st.end_detail[0] ? ": " : "", st.end_detail);
            if (st.quiet && status != WSIM_EXIT_OK) {
                /* Quiet showed nothing of the run: say where to look. */
                fprintf(stderr, "wsim: the run failed (exit status %d); its trace: %s\n",
                        status, trace_path);
            } else if (!st.quiet) {
                printf("\ntrace: %s\n", trace_path);
                if (wsim_trace_summary(trace_path, stdout, err, sizeof err) != 0)
                    fprintf(stderr, "wsim: %s\n", err);
            }
        }
    }
    for (size_t i = 0; i < st.host_count; i++)
        free(st.host_names[i]);
    free(st.host_names);
    wsim_ring_destroy(ring);
    free(trace_path);
    close_modules(modules, module_count);
    wsim_scenario_free(&scenario);
    return status;
}
