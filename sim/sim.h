/* sim.h — the simulation: virtual clock, scheduler, processes and threads.
 *
 * Owns: the one wsim_sim object that everything hangs off (no globals: two
 * simulations can run side by side in one process), the run loop, and the
 * life of simulated processes and threads.
 *
 * Time: sim->now_ns, integer nanoseconds from 0.  Only the run loop advances
 * it, to the time of the next event.  Computation takes no virtual time.
 *
 * Threads: every simulated thread is a fiber; exactly one runs at a time.  A
 * thread that must wait (a blocking call, Sleep) parks itself with
 * wsim_thread_wait; it resumes when something it waits on is woken or its
 * deadline passes.  Waking schedules an event at the current time, so woken
 * threads run in the order they were woken (first in, first out) after the
 * events already queued for this instant.  Under the documented latitude
 * the order among the threads due to resume at the same instant is the
 * seed's instead (S29); the events between them keep their places.
 *
 * A run ends (wsim_end_reason) when every program has ended, at the stop
 * time, on deadlock (no event left while threads wait), or when a program
 * crashes (handled by the runner, which owns the process).
 */
#ifndef WSIM_SIM_SIM_H
#define WSIM_SIM_SIM_H

#include <stddef.h>
#include <stdint.h>

#include "sim/fiber.h"
#include "sim/observer.h"
#include "sim/queue.h"
#include "sim/rng.h"

typedef struct wsim_sim wsim_sim;
typedef struct wsim_fault wsim_fault;
typedef struct wsim_host wsim_host;
typedef struct wsim_link wsim_link;
typedef struct wsim_process wsim_process;
typedef struct wsim_thread wsim_thread;

/* Random stream ids (rng.h): one per consumer so that adding one never
 * shifts another's numbers. */
enum {
    WSIM_STREAM_PORTS = 1,   /* index: host */
    WSIM_STREAM_ISN = 2,     /* index: host */
    WSIM_STREAM_PROGRAM = 3, /* index: process (a program's rand()) */
    WSIM_STREAM_LINK = 4,    /* index: link (its loss, duplication, reordering, jitter) */
    WSIM_STREAM_CHOICE = 5,  /* index: WSIM_CHOICE_* (the documented latitude's choices) */
    WSIM_STREAM_EXPLORE = 6, /* index: kind, entry, occurrence (scenarios/explore.h) */
};

/* The consumers of WSIM_STREAM_CHOICE: the scheduler's wake order (sim.c)
 * and the provider's choices (wsapi/profile.c), one stream each. */
enum {
    WSIM_CHOICE_WAKE = 0,
    WSIM_CHOICE_PROVIDER = 1,
};

/* The latitude of a run (send contract, Profiles): what decides where the
 * documents leave the provider a choice.  PROFILE, the default: each host's
 * profile (sim/net.h), i.e. what Windows is observed to do.  DOCUMENTED:
 * the seed, within the documented bounds (wake_rng, choice_rng).  FIFO: the
 * simplest value of each choice. */
typedef enum wsim_latitude {
    WSIM_LATITUDE_PROFILE = 0,
    WSIM_LATITUDE_DOCUMENTED,
    WSIM_LATITUDE_FIFO,
} wsim_latitude;

/* A wait list: threads blocked until something about its owner changes. */
typedef struct wsim_waiter wsim_waiter;
typedef struct wsim_waitq {
    wsim_waiter *first, *last;
} wsim_waitq;

struct wsim_waiter {
    wsim_waitq *queue;
    wsim_thread *thread;
    wsim_waiter *prev, *next;
};

#define WSIM_MAX_WAIT_OBJECTS 65

typedef enum wsim_thread_state {
    WSIM_THREAD_READY,    /* created, or woken: a resume event is queued */
    WSIM_THREAD_RUNNING,
    WSIM_THREAD_WAITING,
    WSIM_THREAD_DONE,
} wsim_thread_state;

typedef void (*wsim_thread_fn)(wsim_thread *thread, void *arg);

struct wsim_thread {
    wsim_sim *sim;
    wsim_process *process;
    int id;                     /* 0 = main thread, then 1, 2 … per process */
    wsim_fiber *fiber;
    wsim_thread_state state;
    wsim_timer resume;          /* wakes the thread (now, or at a deadline) */
    int timed_out;              /* set when the deadline ended the wait */
    const char *waiting_in;     /* the call it is blocked in, for deadlock reports */
    int64_t waiting_since_ns;
    wsim_waiter waiters[WSIM_MAX_WAIT_OBJECTS];
    int waiter_count;
    wsim_thread_fn fn;
    void *arg;
    /* The thread's exit code (ExitThread's argument, its start routine's
     * result), set by the embedder before the thread ends: when the last
     * thread of a process ends, it is the process's exit code. */
    int exit_code;
    /* The C library's errno, kept across fiber switches. */
    int saved_errno;
    void *user;                 /* the embedder's per-thread state */
    wsim_thread *next_in_process;
};

/* What the embedder (wsapi's program loader, or a test) supplies to start and
 * stop a program instance. */
typedef struct wsim_program_ops {
    /* Runs on the process's main thread; returns the exit code. */
    int (*main)(wsim_process *process, void *ctx);
    /* Called once after the process has ended (main returned, exit(), or
     * killed at the end of the run), on the kernel's stack: release what
     * the program held. */
    void (*cleanup)(wsim_process *process, void *ctx);
    /* Optional, for a host's restart: the context of a fresh instance of
     * the same program (same module and arguments, new globals), made while
     * ctx is still alive; NULL when out of memory.  A copy that never ran
     * is released with cleanup(process, copy), process->user then NULL. */
    void *(*clone)(void *ctx);
    void *ctx;
} wsim_program_ops;

typedef enum wsim_process_state {
    WSIM_PROCESS_PENDING,
    WSIM_PROCESS_RUNNING,
    WSIM_PROCESS_ENDED,
} wsim_process_state;

struct wsim_process {
    wsim_sim *sim;
    int id;                     /* dense, scenario order */
    wsim_host *host;
    char *name;                 /* module file name, for messages */
    char *args_text;            /* arguments as a JSON array, for the trace */
    wsim_program_ops ops;
    int64_t start_ns;
    int64_t boot_offset_ns;     /* start time counted from its host's boot */
    wsim_timer start;
    wsim_process_state state;
    int exit_code;
    const char *exit_how;       /* "return", "exit", "abort", "killed", "last-thread" … */
    wsim_thread *threads;       /* singly linked, newest first */
    int thread_count;           /* threads ever created */
    int exit_recorded;          /* PROGRAM_EXIT emitted, cleanup done */
    wsim_rng rng;               /* the program's rand() */
    void *user;                 /* the embedder's per-process state */
    void *restart_ctx;          /* ops.clone's copy, kept from a host crash to its restart */
};

/* exit_how of a process that its host's crash killed (sim/fault.h). */
#define WSIM_EXIT_HOST_CRASH "host-crash"
/* exit_how of a process whose main thread ended with ExitThread and whose
 * last other thread has now ended: as on Windows, the process exits with
 * that last thread's exit code. */
#define WSIM_EXIT_LAST_THREAD "last-thread"

typedef enum wsim_end_reason {
    WSIM_END_NONE,
    WSIM_END_COMPLETED,   /* every program ended */
    WSIM_END_STOP_TIME,
    WSIM_END_DEADLOCK,
    WSIM_END_ERROR,
    WSIM_END_BUDGET,      /* a budget was reached (wsim_budget_stop) */
} wsim_end_reason;

/* What a run may spend (scenario "budgets", defaults in sim/defaults.h);
 * 0 means no limit, which is what wsim_sim_new sets.  The simulation checks
 * the memory and output budgets (wsapi, on the program's own thread) and
 * exposes `resumes` for the CPU watchdog; the runner (tools/run.c) checks
 * CPU time, wall-clock time and the trace's size. */
typedef struct wsim_budgets {
    int64_t cpu_without_yield_ns;  /* CPU a program may use between two resumes */
    int64_t wall_clock_ns;         /* real time of the whole run (inconclusive) */
    uint64_t memory_per_program;   /* heap bytes one program holds at once */
    uint64_t memory_per_run;       /* heap bytes all programs hold at once */
    uint64_t output_per_program;   /* stdout + stderr bytes of one program */
    uint64_t trace_bytes;          /* record bytes the trace takes in */
} wsim_budgets;

const char *wsim_end_reason_name(wsim_end_reason reason);

struct wsim_sim {
    int64_t now_ns;
    int64_t stop_ns;
    uint64_t seed;
    wsim_queue queue;
    wsim_fiber *kernel_fiber;
    wsim_thread *current;        /* the running thread, NULL on the kernel */
    wsim_observer observer;
    uint64_t next_seq;
    size_t stack_bytes;
    int record_payloads;         /* [0] emit PAYLOAD records (observer.h) */

    wsim_host **hosts;
    size_t host_count;
    wsim_link **links;
    size_t link_count;
    int routes_stale;            /* a node or link was added since routes were computed */
    wsim_fault **faults;         /* scheduled faults (sim/fault.h) */
    size_t fault_count;
    wsim_process **processes;
    size_t process_count;
    size_t processes_unfinished;

    wsim_latitude latitude;      /* [PROFILE] set before the run starts */
    wsim_rng wake_rng;           /* WSIM_STREAM_CHOICE, WSIM_CHOICE_WAKE */
    wsim_rng choice_rng;         /* WSIM_STREAM_CHOICE, WSIM_CHOICE_PROVIDER (wsapi/profile.c) */

    wsim_budgets budgets;
    uint64_t memory_in_use;      /* heap bytes all programs hold (wsapi) */
    /* Threads resumed so far.  Read by the runner's CPU watchdog from a
     * signal handler: unchanged between two ticks means the running
     * program has not yielded. */
    volatile uint64_t resumes;

    wsim_end_reason end_reason;
    char end_detail[1024];
    void *user;                  /* the embedder's (wsapi's) world state */
    /* Called just before a thread resumes, so the embedder can point
     * per-program process state (a program's stdout) at it. */
    void (*on_resume)(wsim_thread *thread, void *ctx);
    void *on_resume_ctx;
};

/* Creates an empty simulation.  NULL when out of memory. */
wsim_sim *wsim_sim_new(uint64_t seed, int64_t stop_ns, wsim_observer observer);
/* Frees everything, including processes that never ended (their cleanup
 * runs) and hosts and links. */
void wsim_sim_free(wsim_sim *sim);

/* Emits one record: fills seq, time, and host/process/thread from `thread`
 * when those are not set (pass -1 to leave them unset). */
void wsim_sim_emit(wsim_sim *sim, wsim_record *rec);
/* Convenience: a record about the running thread (or none). */
void wsim_record_init(wsim_sim *sim, wsim_record *rec, wsim_record_kind kind);

/* Adds a program instance that starts at start_ns on host.  Returns NULL when
 * out of memory. */
wsim_process *wsim_process_add(wsim_sim *sim, wsim_host *host, const char *name,
                               const char *args_text, int64_t start_ns,
                               wsim_program_ops ops);

/* Creates another thread in process, runnable now. */
wsim_thread *wsim_thread_create(wsim_process *process, wsim_thread_fn fn, void *arg);

/* Runs until the end; returns the end reason (also in sim->end_reason, with
 * sim->end_detail naming what ended it). */
wsim_end_reason wsim_sim_run(wsim_sim *sim);

/* Blocks the running thread until one of the n queues is woken, or until
 * deadline_ns (-1: no deadline).  `call` names the call for deadlock reports.
 * Returns 0 when woken, 1 when the deadline passed. */
int wsim_thread_wait(wsim_sim *sim, wsim_waitq **queues, int n, int64_t deadline_ns,
                     const char *call);
/* Sleeps the running thread until deadline_ns. */
void wsim_thread_sleep_until(wsim_sim *sim, int64_t deadline_ns, const char *call);
/* Wakes one waiting thread (nothing when it is not waiting), as
 * wsim_waitq_wake_all wakes each thread of a queue: for wait objects that
 * hand themselves to one chosen waiter (an auto-reset event, a lock). */
void wsim_thread_wake(wsim_sim *sim, wsim_thread *thread);
/* Ends the running thread now with exit code `code` (ExitThread).  The
 * process lives on while it has other threads; when this was its last, the
 * process ends (WSIM_EXIT_LAST_THREAD).  Does not return. */
_Noreturn void wsim_thread_exit(wsim_sim *sim, int code);

void wsim_waitq_init(wsim_waitq *q);
/* Wakes every thread waiting on q. */
void wsim_waitq_wake_all(wsim_sim *sim, wsim_waitq *q);

/* The running program reached a budget: the run ends (WSIM_END_BUDGET)
 * with end_detail naming the budget, its limit, what was asked (`what`),
 * and the host, program, thread and virtual time; the program is ended
 * (exit_how "budget").  Call on the program's own thread only.  Does not
 * return. */
_Noreturn void wsim_budget_stop(wsim_sim *sim, const char *budget, uint64_t limit,
                                const char *what);

/* Ends the running thread's process now with exit code `code` (exit(),
 * abort()); `how` is recorded.  Does not return. */
_Noreturn void wsim_process_exit(wsim_sim *sim, int code, const char *how);

/* Ends process p from the kernel (never from one of p's own threads): its
 * threads stop where they are, as at the end of a run, the exit is recorded
 * with code -1 and `how`, and cleanup runs.  A process whose start time has
 * not come never starts.  Nothing happens to a process that has ended. */
void wsim_process_kill(wsim_process *p, const char *how);

#endif
