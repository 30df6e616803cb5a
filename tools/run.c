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
 *
 * Stops from outside.  SIGINT and SIGTERM reach the parent (the child
 * ignores them): it kills the child, drains the ring, ends the trace with
 * the reason `interrupted` and puts it in place; wsim exits
 * WSIM_EXIT_INCONCLUSIVE.  A SIGKILL of the parent leaves "<trace>.partial"
 * as of its last commit (WAL: never torn; no end_reason: a cut trace); the
 * recorder commits every WSIM_RECORDER_BATCH records and every
 * WSIM_TRACE_COMMIT_MS milliseconds (environment; default
 * DEFAULT_COMMIT_MS), so the loss is bounded both ways.  A trace that can
 * no longer be written (a full disk) stops the run: the child is killed and
 * the partial file is kept as of its last commit.
 *
 * Budgets (scenario "budgets", scenarios/FORMAT.md).  The simulation
 * stops itself at the memory and output budgets (wsim_budget_stop).  Here:
 * the child's CPU watchdog (a runaway that never yields), and in the
 * parent the trace budget (counted on records, so deterministic) and the
 * wall-clock budget (inconclusive: exit WSIM_EXIT_INCONCLUSIVE).
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
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "sim/defaults.h"
#include "tools/config.h"
#include "tools/module_cache.h"
#include "tools/tool.h"
#include "traces/record_check.h"
#include "tools/verdict.h"
#include "traces/recorder.h"
#include "traces/ring.h"
#include "traces/summary.h"
#include "runtime/runtime.h"

#define RING_BYTES (64u << 20)
/* Default commit interval of the trace, in milliseconds: what a kill of
 * wsim can cost at most, beyond the records of one batch. */
#define DEFAULT_COMMIT_MS 1000u
#define MAX_COMMIT_MS 3600000ul

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

/* The alternate signal stack, freed (after being switched off) before the
 * child exits, so a leak checker sees nothing of it. */
static void *altstack;

static void remove_altstack(void)
{
    stack_t off = {.ss_sp = NULL, .ss_size = 0, .ss_flags = SS_DISABLE};
    sigaltstack(&off, NULL);
    free(altstack);
    altstack = NULL;
}

static void install_crash_handlers(void)
{
#if defined(__SANITIZE_ADDRESS__)
    __sanitizer_set_death_callback(sanitizer_death);
#endif
    /* An alternate stack, so a stack overflow can still be reported.  Large
     * enough for AddressSanitizer's handler, which runs on it next. */
    static const size_t altstack_bytes = 256 * 1024;
    altstack = malloc(altstack_bytes);
    stack_t ss = {.ss_sp = altstack, .ss_size = altstack_bytes, .ss_flags = 0};
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

/* ---- the child's CPU watchdog ---------------------------------------------
 * A program that never yields to the simulator (a `for(;;);`) would hold
 * the run for ever: nothing in the simulation can interrupt it.  A
 * profiling timer ticks every WATCHDOG_TICK_NS of the child's CPU time; a
 * tick that finds the same program still running since the last resume
 * (sim->resumes unchanged) counts, and once the counted CPU reaches the
 * budget the handler writes the program's end and the run's end into the
 * ring (signal-safe) and exits the child.  Nothing is unwound: the
 * simulation's own state is never touched from the handler. */
#define WATCHDOG_TICK_NS (10 * 1000 * 1000)

static uint64_t watchdog_resumes;    /* sim->resumes at the last tick */
static int64_t watchdog_spent_ns;    /* CPU since the program last resumed */

/* Signal-safe text building: strings and unsigned numbers only. */
static size_t put_str(char *buf, size_t size, size_t at, const char *s)
{
    while (s && *s && at + 1 < size)
        buf[at++] = *s++;
    buf[at < size ? at : size - 1] = '\0';
    return at;
}

static size_t put_u64(char *buf, size_t size, size_t at, uint64_t v, int min_digits)
{
    char digits[24];
    int n = 0;
    do {
        digits[n++] = (char)('0' + v % 10);
        v /= 10;
    } while (v || n < min_digits);
    while (n > 0 && at + 1 < size)
        buf[at++] = digits[--n];
    buf[at < size ? at : size - 1] = '\0';
    return at;
}

static void watchdog_tick(int sig)
{
    (void)sig;
    int saved_errno = errno;
    wsim_sim *sim = crash_sim;
    wsim_thread *t = sim ? sim->current : NULL;
    uint64_t resumes = sim ? sim->resumes : 0;
    if (!t || resumes != watchdog_resumes) {
        watchdog_resumes = resumes;
        watchdog_spent_ns = 0;
        errno = saved_errno;
        return;
    }
    watchdog_spent_ns += WATCHDOG_TICK_NS;
    int64_t budget = sim->budgets.cpu_without_yield_ns;
    if (!budget || watchdog_spent_ns < budget || !crash_ring) {
        errno = saved_errno;
        return;
    }
    static char detail[512];
    size_t at = put_str(detail, sizeof detail, 0, "budget cpu_without_yield (");
    at = put_u64(detail, sizeof detail, at, (uint64_t)budget, 1);
    at = put_str(detail, sizeof detail, at, ") reached: ");
    at = put_u64(detail, sizeof detail, at, (uint64_t)watchdog_spent_ns, 1);
    at = put_str(detail, sizeof detail, at, " ns of CPU without yielding, by host ");
    at = put_str(detail, sizeof detail, at, t->process->host->name);
    at = put_str(detail, sizeof detail, at, ", process ");
    at = put_u64(detail, sizeof detail, at, (uint64_t)t->process->id, 1);
    at = put_str(detail, sizeof detail, at, " (");
    at = put_str(detail, sizeof detail, at, t->process->name);
    at = put_str(detail, sizeof detail, at, "), thread ");
    at = put_u64(detail, sizeof detail, at, (uint64_t)t->id, 1);
    at = put_str(detail, sizeof detail, at, ", at ");
    at = put_u64(detail, sizeof detail, at, (uint64_t)sim->now_ns / WSIM_NS_PER_S, 1);
    at = put_str(detail, sizeof detail, at, ".");
    at = put_u64(detail, sizeof detail, at, (uint64_t)sim->now_ns % WSIM_NS_PER_S, 9);
    put_str(detail, sizeof detail, at, " s virtual time");

    wsim_record exit_rec;
    memset(&exit_rec, 0, sizeof exit_rec);
    exit_rec.kind = WSIM_REC_PROGRAM_EXIT;
    exit_rec.seq = sim->next_seq + 1;
    exit_rec.time_ns = sim->now_ns;
    exit_rec.host = t->process->host->id;
    exit_rec.process = t->process->id;
    exit_rec.thread = t->id;
    exit_rec.socket = -1;
    exit_rec.name = "budget";
    exit_rec.a[0] = -1;
    wsim_record end_rec = exit_rec;
    end_rec.kind = WSIM_REC_RUN_END;
    end_rec.seq = sim->next_seq + 2;
    end_rec.host = end_rec.process = end_rec.thread = -1;
    end_rec.name = wsim_end_reason_name(WSIM_END_BUDGET);
    end_rec.text = detail;
    end_rec.a[0] = WSIM_EXIT_FAILED;
    /* A put fails only if this tick interrupted one (or the ring is full):
     * the next tick tries again. */
    if (wsim_ring_put_signal_safe(crash_ring, &exit_rec) != 0) {
        errno = saved_errno;
        return;
    }
    /* Only a full ring refuses now: give the parent a moment to drain. */
    for (int tries = 0; tries < 1000 && wsim_ring_put_signal_safe(crash_ring, &end_rec) != 0;
         tries++) {
        struct timespec pause = {0, 1000 * 1000};
        nanosleep(&pause, NULL);
    }
    wsim_ring_close_producer(crash_ring);
    _exit(WSIM_EXIT_FAILED);
}

static void install_watchdog(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = watchdog_tick;
    sa.sa_flags = SA_RESTART;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGPROF, &sa, NULL);
    struct itimerval every = {
        .it_interval = {0, WATCHDOG_TICK_NS / 1000},
        .it_value = {0, WATCHDOG_TICK_NS / 1000},
    };
    setitimer(ITIMER_PROF, &every, NULL);
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
    /* Ctrl-C reaches the whole process group: the parent decides, and
     * stops this process itself once it has what the ring holds. */
    signal(SIGINT, SIG_IGN);
    signal(SIGTERM, SIG_IGN);
    install_crash_handlers();
    wsim_observer observer = {.record = ring_observe, .ctx = ring};
    wsim_sim *sim = wsim_world_build(scenario, modules, observer, err, sizeof err);
    int status = WSIM_EXIT_FAILED;
    if (sim) {
        crash_ring = ring;
        crash_sim = sim;
        install_watchdog();
        wsapi_attach(sim);
        wsim_sim_run(sim);
        status = wsim_world_status(sim);
        wsim_record rec;
        wsim_record_init(sim, &rec, WSIM_REC_RUN_END);
        rec.name = wsim_end_reason_name(sim->end_reason);
        rec.text = sim->end_detail;
        rec.a[0] = status;
        wsim_sim_emit(sim, &rec);
        struct itimerval off;
        memset(&off, 0, sizeof off);
        setitimer(ITIMER_PROF, &off, NULL);
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
    /* No crash can be reported any more: the handlers go with the stack. */
    for (size_t i = 0; i < sizeof crash_signals / sizeof crash_signals[0]; i++)
        sigaction(crash_signals[i], &previous_actions[i], NULL);
    remove_altstack();
    exit(status);
}

/* ---- the parent ------------------------------------------------------------ */

/* The signal (SIGINT, SIGTERM) that asked the parent to stop, or 0.  A
 * handler cannot take an argument: file scope is the only way in. */
static volatile sig_atomic_t stop_signal;

static void on_stop_signal(int sig)
{
    stop_signal = sig;
}

typedef struct stop_handlers {
    struct sigaction old_int, old_term;
} stop_handlers;

static void install_stop_handlers(stop_handlers *saved)
{
    stop_signal = 0;
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_stop_signal;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, &saved->old_int);
    sigaction(SIGTERM, &sa, &saved->old_term);
}

static void restore_stop_handlers(const stop_handlers *saved)
{
    sigaction(SIGINT, &saved->old_int, NULL);
    sigaction(SIGTERM, &saved->old_term, NULL);
}

/* Whether more than budget_ns of real time has passed since *started
 * (budget 0: never). */
static int wall_clock_spent(const struct timespec *started, int64_t budget_ns)
{
    if (budget_ns <= 0)
        return 0;
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    int64_t spent = (int64_t)(now.tv_sec - started->tv_sec) * 1000000000 +
                    (now.tv_nsec - started->tv_nsec);
    return spent >= budget_ns;
}

/* WSIM_TRACE_COMMIT_MS from the environment: 0 with *ms set, or -1 with a
 * message printed. */
static int commit_interval(unsigned *ms)
{
    const char *text = getenv("WSIM_TRACE_COMMIT_MS");
    *ms = DEFAULT_COMMIT_MS;
    if (!text || !*text)
        return 0;
    char *end;
    errno = 0;
    unsigned long v = strtoul(text, &end, 10);
    if (errno || *end || text[0] == '-' || v == 0 || v > MAX_COMMIT_MS) {
        fprintf(stderr, "wsim: WSIM_TRACE_COMMIT_MS: expected milliseconds from 1 to %lu, got \"%s\"\n",
                MAX_COMMIT_MS, text);
        return -1;
    }
    *ms = (unsigned)v;
    return 0;
}

typedef struct parent_state {
    wsim_recorder *recorder;
    int quiet;
    char **host_names;        /* by host id, from the HOST records */
    size_t host_count;
    int ring_broken;
    char malformed[256];      /* why the ring was given up, if it was */
    uint64_t last_seq;
    int64_t last_time_ns;
    int saw_crash, saw_end;
    int end_status;
    uint64_t trace_budget;     /* scenario budgets.trace; 0: none */
    uint64_t trace_bytes;      /* what the records taken in count for it */
    int trace_budget_hit;      /* set by consume(); the loop stops the run */
    char budget_detail[512];
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

/* What one record counts for the trace budget: its strings plus a fixed
 * 64 bytes for its numbers.  Computed from the record, not the file, so the
 * cut falls on the same record in every run of a scenario and seed. */
#define TRACE_BYTES_PER_RECORD 64u

static const char *host_name(const parent_state *st, int host)
{
    return host >= 0 && (size_t)host < st->host_count && st->host_names[host]
               ? st->host_names[host]
               : "-";
}

static void charge_trace(parent_state *st, const wsim_record *rec)
{
    st->trace_bytes += TRACE_BYTES_PER_RECORD + (rec->name ? strlen(rec->name) : 0) +
                       (rec->text ? strlen(rec->text) : 0);
    if (!st->trace_budget || st->trace_bytes <= st->trace_budget || st->trace_budget_hit)
        return;
    st->trace_budget_hit = 1;
    snprintf(st->budget_detail, sizeof st->budget_detail,
             "budget trace (%llu) reached: %llu bytes of records, the last by host %s,"
             " process %d, thread %d, at %lld.%09lld s virtual time",
             (unsigned long long)st->trace_budget, (unsigned long long)st->trace_bytes,
             host_name(st, rec->host), rec->process, rec->thread,
             (long long)(rec->time_ns / WSIM_NS_PER_S), (long long)(rec->time_ns % WSIM_NS_PER_S));
}

static void consume(parent_state *st, const wsim_record *rec)
{
    if (rec->kind != WSIM_REC_RUN_END)
        charge_trace(st, rec);
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
static void drain(parent_state *st, wsim_ring *ring, char *strbuf, size_t strbuf_size,
                  int stoppable)
{
    wsim_record rec;
    int got = 0;
    char why[256];
    /* A stop signal ends a stoppable drain early (a child that prints
     * without end keeps the ring full): the caller kills the child, then
     * drains what is left. */
    while (!st->ring_broken && !(stoppable && stop_signal) && !st->trace_budget_hit &&
           (got = wsim_ring_get(ring, &rec, strbuf, strbuf_size)) == 1) {
        /* Every record is checked before the parent acts on it: a child
         * whose memory was scribbled on may send well-formed nonsense. */
        if (wsim_record_check(&rec, st->last_seq, st->last_time_ns, why, sizeof why) != 0) {
            st->ring_broken = 1;
            wsim_ring_close_consumer(ring);
            snprintf(st->malformed, sizeof st->malformed, "%s", why);
            fprintf(stderr, "wsim: the simulation sent a malformed record (%s); the trace ends"
                            " here\n", why);
            break;
        }
        consume(st, &rec);
    }
    if (got < 0 && !st->ring_broken) {
        st->ring_broken = 1;
        wsim_ring_close_consumer(ring);
        snprintf(st->malformed, sizeof st->malformed, "the record ring is damaged");
        fprintf(stderr, "wsim: the record ring is damaged; the trace ends here\n");
    }
}

/* The parent stopped the run (a signal, or a trace it can no longer write):
 * the end row says why. */
static void record_stop(parent_state *st, const char *reason, const char *detail, int status)
{
    wsim_record rec;
    memset(&rec, 0, sizeof rec);
    rec.host = rec.process = rec.thread = -1;
    rec.socket = -1;
    rec.time_ns = st->last_time_ns;
    rec.kind = WSIM_REC_RUN_END;
    rec.seq = ++st->last_seq;
    rec.name = reason;
    rec.text = detail;
    rec.a[0] = status;
    consume(st, &rec);
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
        rec.text = st->malformed[0] ? st->malformed
                   : sig ? "the simulation process was killed" : "the simulation process exited early";
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
                /* Built once per content (tools/module_cache.h); without a
                 * usable cache folder, here. */
                int cached = wsim_module_cache_get(path, built, sizeof built, err, sizeof err);
                if (cached == -2) {
                    snprintf(built, sizeof built, "%s/%.*s.so", build_dir, stem, base);
                    if (access(built, F_OK) == 0)
                        snprintf(built, sizeof built, "%s/%zu-%.*s.so", build_dir, k, stem, base);
                    cached = wsim_cc_build(path, built, NULL, err, sizeof err);
                }
                if (cached != 0) {
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
    unsigned commit_ms;
    if (commit_interval(&commit_ms) != 0)
        return WSIM_EXIT_USAGE;
    /* Before anything is built: a path wsim must not replace is bad input. */
    char *trace_path = opt->trace_path ? strdup(opt->trace_path)
                                       : default_trace_path(opt->scenario_path);
    if (!trace_path) {
        fprintf(stderr, "wsim: out of memory\n");
        return WSIM_EXIT_FAILED;
    }
    if (wsim_trace_target_check(trace_path, opt->force, err, sizeof err) != 0) {
        fprintf(stderr, "wsim: %s\n", err);
        free(trace_path);
        return WSIM_EXIT_USAGE;
    }
    wsim_scenario scenario;
    if (wsim_scenario_load(opt->scenario_path, &scenario, err, sizeof err) != 0) {
        fprintf(stderr, "wsim: %s\n", err);
        free(trace_path);
        return WSIM_EXIT_USAGE;
    }
    if (opt->has_seed)
        scenario.seed = opt->seed;
    char build_dir[] = "/tmp/wsim-modules-XXXXXX";
    if (!mkdtemp(build_dir)) {
        fprintf(stderr, "wsim: cannot make a folder for modules: %s\n", strerror(errno));
        wsim_scenario_free(&scenario);
        free(trace_path);
        return WSIM_EXIT_FAILED;
    }
    wsapi_module **modules = NULL;
    size_t module_count = 0;
    int rc = open_modules(&scenario, build_dir, &modules, &module_count);
    remove_build_dir(build_dir);
    if (rc != 0) {
        close_modules(modules, module_count);
        wsim_scenario_free(&scenario);
        free(trace_path);
        return WSIM_EXIT_USAGE;
    }
    wsim_ring *ring = wsim_ring_create(RING_BYTES);
    if (!ring) {
        fprintf(stderr, "wsim: out of memory\n");
        close_modules(modules, module_count);
        wsim_scenario_free(&scenario);
        free(trace_path);
        return WSIM_EXIT_FAILED;
    }
    fflush(NULL);
    /* Before the fork, so no stop signal can fall between the two. */
    stop_handlers saved_handlers;
    install_stop_handlers(&saved_handlers);
    pid_t pid = fork();
    if (pid == 0)
        run_child(&scenario, modules, module_count, ring);

    parent_state st;
    memset(&st, 0, sizeof st);
    st.quiet = opt->quiet;
    st.trace_budget = scenario.budgets.trace_bytes;
    struct timespec started;
    clock_gettime(CLOCK_MONOTONIC, &started);
    int status = WSIM_EXIT_FAILED;
    st.recorder = pid > 0 ? wsim_recorder_open(trace_path, err, sizeof err) : NULL;
    if (st.recorder)
        wsim_recorder_set_commit_interval(st.recorder, commit_ms);
    if (pid < 0) {
        fprintf(stderr, "wsim: cannot start the simulation: %s\n", strerror(errno));
    } else if (!st.recorder) {
        fprintf(stderr, "wsim: %s\n", err);
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
        int stopped_by = 0;       /* the signal that stopped the run, or 0 */
        int unwritable = 0;       /* the trace can no longer be written */
        int out_of_time = 0;      /* the wall-clock budget is spent */
        for (;;) {
            drain(&st, ring, strbuf, strbuf_size, 1);
            wsim_recorder_tick(st.recorder);
            out_of_time = !st.saw_end && wall_clock_spent(&started, scenario.budgets.wall_clock_ns);
            if (st.ring_broken && !st.saw_end) {
                /* A damaged ring or a malformed record: nothing more from
                 * this child can be trusted; it ends as a crash. */
                kill(pid, SIGKILL);
                while (waitpid(pid, &wait_status, 0) < 0 && errno == EINTR)
                    ;
                break;
            }
            if (wsim_recorder_error(st.recorder) || (stop_signal && !st.saw_end) ||
                st.trace_budget_hit || out_of_time) {
                unwritable = wsim_recorder_error(st.recorder) != NULL;
                stopped_by = unwritable || st.trace_budget_hit || out_of_time ? 0 : stop_signal;
                /* Whatever the child published before it is killed is in
                 * the ring, whole (ring.h), and is drained below. */
                kill(pid, SIGKILL);
                while (waitpid(pid, &wait_status, 0) < 0 && errno == EINTR)
                    ;
                if (!unwritable && !st.trace_budget_hit)
                    drain(&st, ring, strbuf, strbuf_size, 0);
                break;
            }
            pid_t done = waitpid(pid, &wait_status, WNOHANG);
            if (done == pid) {
                drain(&st, ring, strbuf, strbuf_size, 1);
                break;
            }
            struct timespec pause = {.tv_sec = 0, .tv_nsec = 200000};
            nanosleep(&pause, NULL);
        }
        free(strbuf);
        if (!unwritable && wsim_recorder_error(st.recorder))
            unwritable = 1;
        if (unwritable) {
            /* A full disk, say: the trace keeps what its last commit holds,
             * under its partial name, which says it was cut. */
            fprintf(stderr, "wsim: cannot write the trace: %s\n", wsim_recorder_error(st.recorder));
            uint64_t kept = wsim_recorder_committed_seq(st.recorder);
            if (wsim_recorder_keep_partial(st.recorder, err, sizeof err) == 0)
                fprintf(stderr, "wsim: the run is stopped; %s keeps the trace up to record %llu\n",
                        err, (unsigned long long)kept);
            status = WSIM_EXIT_FAILED;
            goto parent_done;
        }
        if (st.trace_budget_hit || out_of_time) {
            char detail[160];
            if (out_of_time)
                snprintf(detail, sizeof detail,
                         "budget wall_clock (%lld ns) reached: the run is inconclusive",
                         (long long)scenario.budgets.wall_clock_ns);
            const char *reason = out_of_time ? "wall-clock" : "budget";
            int end_status = out_of_time ? WSIM_EXIT_INCONCLUSIVE : WSIM_EXIT_FAILED;
            record_stop(&st, reason, out_of_time ? detail : st.budget_detail, end_status);
            st.saw_end = 1;
            st.end_status = end_status;
            snprintf(st.end_reason, sizeof st.end_reason, "%s", reason);
            snprintf(st.end_detail, sizeof st.end_detail, "%s", out_of_time ? detail : st.budget_detail);
            stopped_by = -1;   /* the child was killed on purpose */
        } else if (stopped_by) {
            char detail[64];
            snprintf(detail, sizeof detail, "wsim received %s", stopped_by == SIGINT ? "SIGINT" : "SIGTERM");
            record_stop(&st, "interrupted", detail, WSIM_EXIT_INCONCLUSIVE);
            st.saw_end = 1;
            st.end_status = WSIM_EXIT_INCONCLUSIVE;
            snprintf(st.end_reason, sizeof st.end_reason, "interrupted");
            snprintf(st.end_detail, sizeof st.end_detail, "%s", detail);
        } else if (!st.saw_end) {
            record_abnormal_end(&st, wait_status);
        }
        status = st.end_status;
        int abnormal = !st.saw_end;
        /* The child exits with the status it recorded; anything else (a
         * sanitizer's report at exit, say) is a failure of wsim itself. */
        if (st.saw_end && !stopped_by &&
            (!WIFEXITED(wait_status) || WEXITSTATUS(wait_status) != st.end_status)) {
            abnormal = 1;
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
            status = wsim_verdict_exit(&scenario, trace_path, status, abnormal);
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
parent_done:
    restore_stop_handlers(&saved_handlers);
    for (size_t i = 0; i < st.host_count; i++)
        free(st.host_names[i]);
    free(st.host_names);
    wsim_ring_destroy(ring);
    free(trace_path);
    close_modules(modules, module_count);
    wsim_scenario_free(&scenario);
    return status;
}
