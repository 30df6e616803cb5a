/* sim.c — the run loop, the scheduler, processes and threads.
 *
 * The life of a thread:
 *
 *   READY --resume event--> RUNNING --wsim_thread_wait--> WAITING
 *     ^                        |                             |
 *     +-- wsim_waitq_wake_all, wsim_thread_wake or deadline --+
 *                              |
 *                              +--fn returns / wsim_thread_exit / exit()--> DONE (reaped on the kernel)
 *
 * A process ends when its main thread's fn returns or a thread calls exit()
 * (its other threads stop where they are, as ExitProcess stops them), or when
 * its last thread ends after the main thread ended with wsim_thread_exit.
 *
 * A thread's fiber is freed only on the kernel's stack, after the switch
 * away from it (a fiber cannot free the stack it runs on).
 */
#include "sim/sim.h"

#include <errno.h>
#include <stddef.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sim/check.h"
#include "sim/defaults.h"
#include "sim/fault.h"
#include "sim/net.h"

#define CONTAINER_OF(ptr, type, member) ((type *)((char *)(ptr) - offsetof(type, member)))

const char *wsim_end_reason_name(wsim_end_reason reason)
{
    switch (reason) {
    case WSIM_END_COMPLETED: return "completed";
    case WSIM_END_STOP_TIME: return "stop-time";
    case WSIM_END_DEADLOCK: return "deadlock";
    case WSIM_END_ERROR: return "error";
    case WSIM_END_BUDGET: return "budget";
    case WSIM_END_NONE: break;
    }
    return "none";
}

wsim_sim *wsim_sim_new(uint64_t seed, int64_t stop_ns, wsim_observer observer)
{
    wsim_sim *sim = calloc(1, sizeof *sim);
    if (!sim)
        return NULL;
    sim->seed = seed;
    sim->stop_ns = stop_ns;
    sim->observer = observer;
    sim->stack_bytes = WSIM_DEFAULT_STACK_BYTES;
    wsim_rng_init(&sim->wake_rng, seed, WSIM_STREAM_CHOICE, WSIM_CHOICE_WAKE);
    wsim_rng_init(&sim->choice_rng, seed, WSIM_STREAM_CHOICE, WSIM_CHOICE_PROVIDER);
    wsim_queue_init(&sim->queue);
    sim->kernel_fiber = wsim_fiber_new_main();
    if (!sim->kernel_fiber) {
        free(sim);
        return NULL;
    }
    return sim;
}

void wsim_sim_emit(wsim_sim *sim, wsim_record *rec)
{
    rec->seq = ++sim->next_seq;
    rec->time_ns = sim->now_ns;
    if (sim->observer.record)
        sim->observer.record(sim->observer.ctx, rec);
}

void wsim_record_init(wsim_sim *sim, wsim_record *rec, wsim_record_kind kind)
{
    memset(rec, 0, sizeof *rec);
    rec->kind = kind;
    rec->host = rec->process = rec->thread = -1;
    rec->socket = -1;
    wsim_thread *t = sim->current;
    if (t) {
        rec->host = t->process->host->id;
        rec->process = t->process->id;
        rec->thread = t->id;
    }
}

/* ---- waiting and waking ------------------------------------------------ */

void wsim_waitq_init(wsim_waitq *q)
{
    q->first = q->last = NULL;
}

static void waiter_unlink(wsim_waiter *w)
{
    wsim_waitq *q = w->queue;
    if (!q)
        return;
    if (w->prev)
        w->prev->next = w->next;
    else
        q->first = w->next;
    if (w->next)
        w->next->prev = w->prev;
    else
        q->last = w->prev;
    w->queue = NULL;
    w->prev = w->next = NULL;
}

static void thread_unlink_waiters(wsim_thread *t)
{
    for (int i = 0; i < t->waiter_count; i++)
        waiter_unlink(&t->waiters[i]);
    t->waiter_count = 0;
}

void wsim_thread_wake(wsim_sim *sim, wsim_thread *t)
{
    if (t->state != WSIM_THREAD_WAITING)
        return;
    t->state = WSIM_THREAD_READY;
    t->timed_out = 0;
    wsim_queue_schedule(&sim->queue, &t->resume, sim->now_ns);
}

void wsim_waitq_wake_all(wsim_sim *sim, wsim_waitq *q)
{
    for (wsim_waiter *w = q->first; w; w = w->next)
        wsim_thread_wake(sim, w->thread);
}

static void switch_to_kernel(wsim_sim *sim, wsim_thread *t)
{
    t->saved_errno = errno;
    wsim_fiber_switch(t->fiber, sim->kernel_fiber);
    errno = t->saved_errno;
}

int wsim_thread_wait(wsim_sim *sim, wsim_waitq **queues, int n, int64_t deadline_ns,
                     const char *call)
{
    wsim_thread *t = sim->current;
    if (n > WSIM_MAX_WAIT_OBJECTS)
        n = WSIM_MAX_WAIT_OBJECTS;
    for (int i = 0; i < n; i++) {
        wsim_waiter *w = &t->waiters[i];
        w->thread = t;
        w->queue = queues[i];
        w->next = NULL;
        w->prev = queues[i]->last;
        if (queues[i]->last)
            queues[i]->last->next = w;
        else
            queues[i]->first = w;
        queues[i]->last = w;
    }
    t->waiter_count = n;
    t->state = WSIM_THREAD_WAITING;
    t->waiting_in = call;
    t->waiting_since_ns = sim->now_ns;
    t->timed_out = 0;
    if (deadline_ns >= 0)
        wsim_queue_schedule(&sim->queue, &t->resume,
                            deadline_ns > sim->now_ns ? deadline_ns : sim->now_ns);
    switch_to_kernel(sim, t);
    return t->timed_out;
}

void wsim_thread_sleep_until(wsim_sim *sim, int64_t deadline_ns, const char *call)
{
    wsim_thread_wait(sim, NULL, 0, deadline_ns, call);
}

/* ---- threads ----------------------------------------------------------- */

static void process_ended(wsim_process *p);

static void thread_fiber_entry(void *arg)
{
    wsim_thread *t = arg;
    t->fn(t, t->arg);
    t->state = WSIM_THREAD_DONE;
    /* Returning switches to the kernel fiber (exit_to), which reaps us. */
}

static void reap_thread(wsim_thread *t)
{
    if (t->fiber) {
        wsim_fiber_free(t->fiber);
        t->fiber = NULL;
    }
}

/* A thread of a running process has ended.  When it was the last one (the
 * main thread ended with wsim_thread_exit before it), the process ends with
 * its exit code, as a Windows process does when its last thread exits
 * (Microsoft docs, "Terminating a Process"). */
static void thread_ended(wsim_thread *t)
{
    wsim_process *p = t->process;
    if (p->state != WSIM_PROCESS_RUNNING)
        return;
    for (wsim_thread *other = p->threads; other; other = other->next_in_process)
        if (other->state != WSIM_THREAD_DONE)
            return;
    p->exit_code = t->exit_code;
    p->exit_how = WSIM_EXIT_LAST_THREAD;
    p->state = WSIM_PROCESS_ENDED;
}

/* Another thread whose resume event is queued for this instant. */
static int due_now(const wsim_sim *sim, const wsim_thread *t, const wsim_thread *first)
{
    return t != first && t->state != WSIM_THREAD_DONE && wsim_timer_pending(&t->resume) &&
           t->resume.when_ns == sim->now_ns;
}

/* S29 under the documented latitude: which of the threads due to resume at
 * this instant runs first is the seed's choice.  `first` is the one whose
 * resume event came up (the first in, first out choice); the others are
 * every thread whose resume event is queued for this same instant (woken,
 * created, or reaching the end of a time-out).  The one chosen runs now and
 * `first` takes its place in the queue, so only the order of these threads
 * changes: the events between them keep theirs, and every thread still
 * runs at this instant.  The candidates are counted in process order, each
 * process's newest thread first, so the draw is deterministic.  Each draw
 * is a CHOICE record.  The scan over every thread costs O(threads) per
 * resume, paid only under the documented latitude. */
static wsim_thread *choose_first(wsim_sim *sim, wsim_thread *first)
{
    uint64_t count = 1;
    for (size_t i = 0; i < sim->process_count; i++)
        for (wsim_thread *t = sim->processes[i]->threads; t; t = t->next_in_process)
            count += due_now(sim, t, first);
    if (count == 1)
        return first;
    uint64_t pick = wsim_rng_below(&sim->wake_rng, count);
    wsim_thread *chosen = first;
    uint64_t n = 0;
    for (size_t i = 0; i < sim->process_count && chosen == first && pick > 0; i++)
        for (wsim_thread *t = sim->processes[i]->threads; t && chosen == first;
             t = t->next_in_process)
            if (due_now(sim, t, first) && ++n == pick)
                chosen = t;
    if (chosen != first)
        wsim_queue_replace(&sim->queue, &chosen->resume, &first->resume);
    char detail[200];
    snprintf(detail, sizeof detail,
             "thread %d of process %d goes first of the %llu threads due at this instant"
             " (first in: thread %d of process %d)",
             chosen->id, chosen->process->id, (unsigned long long)count, first->id,
             first->process->id);
    wsim_record rec;
    wsim_record_init(sim, &rec, WSIM_REC_CHOICE);
    rec.host = chosen->process->host->id;
    rec.process = chosen->process->id;
    rec.thread = chosen->id;
    rec.name = "wake-order";
    rec.text = detail;
    rec.choice.value = (int64_t)pick;
    rec.choice.lowest = 0;
    rec.choice.highest = (int64_t)count - 1;
    wsim_sim_emit(sim, &rec);
    return chosen;
}

static void thread_resume(wsim_timer *timer)
{
    wsim_thread *t = CONTAINER_OF(timer, wsim_thread, resume);
    wsim_sim *sim = t->sim;
    if (t->state == WSIM_THREAD_DONE)
        return;
    if (sim->latitude == WSIM_LATITUDE_DOCUMENTED)
        t = choose_first(sim, t);
    if (t->state == WSIM_THREAD_WAITING)
        t->timed_out = 1;       /* only a deadline resumes a waiting thread */
    thread_unlink_waiters(t);
    t->state = WSIM_THREAD_RUNNING;
    t->waiting_in = NULL;
    sim->current = t;
    sim->resumes++;
    if (sim->on_resume)
        sim->on_resume(t, sim->on_resume_ctx);
    wsim_fiber_switch(sim->kernel_fiber, t->fiber);
    sim->current = NULL;
    if (t->state == WSIM_THREAD_DONE) {
        reap_thread(t);
        thread_ended(t);
    }
    if (t->process->state == WSIM_PROCESS_ENDED)
        process_ended(t->process);
}

wsim_thread *wsim_thread_create(wsim_process *p, wsim_thread_fn fn, void *arg)
{
    wsim_sim *sim = p->sim;
    wsim_thread *t = calloc(1, sizeof *t);
    if (!t)
        return NULL;
    t->sim = sim;
    t->process = p;
    t->id = p->thread_count;
    t->fn = fn;
    t->arg = arg;
    t->fiber = wsim_fiber_create(sim->stack_bytes, thread_fiber_entry, t, sim->kernel_fiber);
    if (!t->fiber) {
        free(t);
        return NULL;
    }
    wsim_timer_init(&t->resume, thread_resume);
    t->state = WSIM_THREAD_READY;
    t->next_in_process = p->threads;
    p->threads = t;
    p->thread_count++;
    wsim_queue_schedule(&sim->queue, &t->resume, sim->now_ns);
    if (t->id > 0) {
        wsim_record rec;
        wsim_record_init(sim, &rec, WSIM_REC_THREAD_START);
        rec.host = p->host->id;
        rec.process = p->id;
        rec.thread = t->id;
        rec.name = "thread";
        wsim_sim_emit(sim, &rec);
    }
    return t;
}

/* ---- processes --------------------------------------------------------- */

static void process_main_thread(wsim_thread *t, void *arg)
{
    (void)arg;
    wsim_process *p = t->process;
    int code = p->ops.main(p, p->ops.ctx);
    /* Returning from main ends the process, as on Windows (ExitProcess). */
    p->exit_code = code;
    p->exit_how = "return";
    p->state = WSIM_PROCESS_ENDED;
}

/* Stops every thread of p but the running one, and records the exit.  Runs
 * on the kernel stack (from thread_resume) or at the end of the run. */
static void process_ended(wsim_process *p)
{
    wsim_sim *sim = p->sim;
    if (p->exit_recorded)
        return;
    p->exit_recorded = 1;
    p->state = WSIM_PROCESS_ENDED;
    for (wsim_thread *t = p->threads; t; t = t->next_in_process) {
        if (t->state != WSIM_THREAD_DONE) {
            wsim_queue_cancel(&sim->queue, &t->resume);
            thread_unlink_waiters(t);
            t->state = WSIM_THREAD_DONE;
        }
        reap_thread(t);
    }
    wsim_record rec;
    wsim_record_init(sim, &rec, WSIM_REC_PROGRAM_EXIT);
    rec.host = p->host->id;
    rec.process = p->id;
    rec.name = p->exit_how;
    rec.program_exit.exit_code = p->exit_code;
    wsim_sim_emit(sim, &rec);
    if (p->ops.cleanup)
        p->ops.cleanup(p, p->ops.ctx);
    sim->processes_unfinished--;
}

static void process_start(wsim_timer *timer)
{
    wsim_process *p = CONTAINER_OF(timer, wsim_process, start);
    wsim_sim *sim = p->sim;
    p->state = WSIM_PROCESS_RUNNING;
    wsim_record rec;
    wsim_record_init(sim, &rec, WSIM_REC_PROGRAM_START);
    rec.host = p->host->id;
    rec.process = p->id;
    rec.name = p->name;
    rec.text = p->args_text;
    wsim_sim_emit(sim, &rec);
    if (!wsim_thread_create(p, process_main_thread, NULL)) {
        p->exit_code = -1;
        p->exit_how = "no-memory";
        process_ended(p);
    }
}

wsim_process *wsim_process_add(wsim_sim *sim, wsim_host *host, const char *name,
                               const char *args_text, int64_t start_ns,
                               wsim_program_ops ops)
{
    wsim_process **grown = realloc(sim->processes, (sim->process_count + 1) * sizeof *grown);
    if (!grown)
        return NULL;
    sim->processes = grown;
    wsim_process *p = calloc(1, sizeof *p);
    if (!p)
        return NULL;
    p->name = strdup(name);
    p->args_text = strdup(args_text ? args_text : "[]");
    if (!p->name || !p->args_text) {
        free(p->name);
        free(p->args_text);
        free(p);
        return NULL;
    }
    p->sim = sim;
    p->id = (int)sim->process_count;
    p->host = host;
    p->ops = ops;
    p->start_ns = start_ns;
    p->boot_offset_ns = start_ns;
    p->state = WSIM_PROCESS_PENDING;
    wsim_rng_init(&p->rng, sim->seed, WSIM_STREAM_PROGRAM, (uint64_t)p->id);
    wsim_timer_init(&p->start, process_start);
    sim->processes[sim->process_count++] = p;
    sim->processes_unfinished++;
    wsim_queue_schedule(&sim->queue, &p->start, start_ns);
    return p;
}

_Noreturn void wsim_thread_exit(wsim_sim *sim, int code)
{
    wsim_thread *t = sim->current;
    t->exit_code = code;
    t->state = WSIM_THREAD_DONE;
    /* The kernel (thread_resume) reaps the fiber and, when this was the
     * process's last thread, ends the process. */
    wsim_fiber_switch_final(t->fiber, sim->kernel_fiber);
    abort(); /* unreachable: a final switch never returns */
}

_Noreturn void wsim_process_exit(wsim_sim *sim, int code, const char *how)
{
    wsim_thread *t = sim->current;
    wsim_process *p = t->process;
    p->exit_code = code;
    p->exit_how = how;
    p->state = WSIM_PROCESS_ENDED;
    t->state = WSIM_THREAD_DONE;
    /* The kernel (thread_resume) sees the process ended and stops the
     * other threads; this fiber never runs again. */
    wsim_fiber_switch_final(t->fiber, sim->kernel_fiber);
    abort(); /* unreachable: a final switch never returns */
}

_Noreturn void wsim_budget_stop(wsim_sim *sim, const char *budget, uint64_t limit,
                                const char *what)
{
    wsim_thread *t = sim->current;
    wsim_process *p = t->process;
    snprintf(sim->end_detail, sizeof sim->end_detail,
             "budget %s (%" PRIu64 ") reached: %s, by host %s, process %d (%s), thread %d,"
             " at %lld.%09lld s virtual time",
             budget, limit, what, p->host->name, p->id, p->name, t->id,
             (long long)(sim->now_ns / WSIM_NS_PER_S), (long long)(sim->now_ns % WSIM_NS_PER_S));
    sim->end_reason = WSIM_END_BUDGET;
    wsim_process_exit(sim, -1, "budget");
}

/* ---- the run loop ------------------------------------------------------ */

static void describe_deadlock(wsim_sim *sim)
{
    size_t used = (size_t)snprintf(sim->end_detail, sizeof sim->end_detail,
                                   "no event left while threads wait:");
    for (size_t i = 0; i < sim->process_count; i++) {
        wsim_process *p = sim->processes[i];
        for (wsim_thread *t = p->threads; t; t = t->next_in_process) {
            if (t->state != WSIM_THREAD_WAITING || used >= sizeof sim->end_detail)
                continue;
            used += (size_t)snprintf(sim->end_detail + used, sizeof sim->end_detail - used,
                                     " host %s, process %d (%s), thread %d blocked in %s since %lld.%09lld s;",
                                     p->host->name, p->id, p->name, t->id,
                                     t->waiting_in ? t->waiting_in : "a wait",
                                     (long long)(t->waiting_since_ns / WSIM_NS_PER_S),
                                     (long long)(t->waiting_since_ns % WSIM_NS_PER_S));
        }
    }
}

void wsim_process_kill(wsim_process *p, const char *how)
{
    if (p->exit_recorded)
        return;
    wsim_queue_cancel(&p->sim->queue, &p->start);
    p->exit_how = how;
    p->exit_code = -1;
    process_ended(p);
}

/* Programs still running at the end are killed, as a process is when its
 * machine stops; their exit is recorded as "killed". */
static void kill_unfinished(wsim_sim *sim)
{
    for (size_t i = 0; i < sim->process_count; i++)
        if (sim->processes[i]->state == WSIM_PROCESS_RUNNING)
            wsim_process_kill(sim->processes[i], "killed");
}

wsim_end_reason wsim_sim_run(wsim_sim *sim)
{
    while (sim->end_reason == WSIM_END_NONE) {
        wsim_timer *next = wsim_queue_peek(&sim->queue);
        if (!next) {
            if (sim->processes_unfinished > 0) {
                sim->end_reason = WSIM_END_DEADLOCK;
                describe_deadlock(sim);
            } else {
                sim->end_reason = WSIM_END_COMPLETED;
            }
            break;
        }
        if (next->when_ns > sim->stop_ns) {
            sim->now_ns = sim->stop_ns;
            sim->end_reason = WSIM_END_STOP_TIME;
            snprintf(sim->end_detail, sizeof sim->end_detail,
                     "stop time %lld ns reached", (long long)sim->stop_ns);
            break;
        }
        WSIM_ASSERT(next->when_ns >= sim->now_ns, "Q1", "virtual time never goes back");
        wsim_queue_pop(&sim->queue);
        sim->now_ns = next->when_ns;
        next->fire(next);
        /* Programs a crash killed are not finished while their host's
         * restart is still to come. */
        if (sim->end_reason == WSIM_END_NONE && sim->processes_unfinished == 0 &&
            !wsim_fault_restart_pending(sim))
            sim->end_reason = WSIM_END_COMPLETED;
    }
    kill_unfinished(sim);
    return sim->end_reason;
}

void wsim_sim_free(wsim_sim *sim)
{
    if (!sim)
        return;
    /* Timers live in the objects freed below: forget them all first. */
    wsim_queue_clear(&sim->queue);
    for (size_t i = 0; i < sim->process_count; i++) {
        wsim_process *p = sim->processes[i];
        /* Processes that never started (or a run cut short) still hold
         * what their embedder gave them. */
        if (!p->exit_recorded && p->ops.cleanup)
            p->ops.cleanup(p, p->ops.ctx);
        if (p->restart_ctx && p->ops.cleanup)
            p->ops.cleanup(p, p->restart_ctx);   /* a crash with no restart after it */
        wsim_thread *t = p->threads;
        while (t) {
            wsim_thread *next = t->next_in_process;
            reap_thread(t);
            free(t);
            t = next;
        }
        free(p->name);
        free(p->args_text);
        free(p);
    }
    free(sim->processes);
    wsim_fault_free_all(sim);
    for (size_t i = 0; i < sim->link_count; i++)
        wsim_link_free(sim->links[i]);
    free(sim->links);
    for (size_t i = 0; i < sim->host_count; i++)
        wsim_host_free(sim->hosts[i]);
    free(sim->hosts);
    wsim_queue_free(&sim->queue);
    wsim_fiber_free(sim->kernel_fiber);
    free(sim);
}
