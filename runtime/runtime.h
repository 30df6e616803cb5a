/* runtime.h — the program runtime's state: per simulation, per program
 * instance, per thread.
 *
 * Owns: the bridge between API calls (which carry no context argument) and
 * the simulation that is running them, the handle table of each program
 * instance (sockets, events, threads and critical sections share it, as
 * handles do on Windows), and each thread's pending asynchronous procedure
 * calls (completion routines).  The Winsock floor (wsapi/) builds on it;
 * nothing here includes a wsapi/ header.
 *
 * This header deliberately does not include the Windows headers, so that the
 * libc side of the runtime (which needs glibc's GNU extensions) can use it.
 * Program pointers (a WSAOVERLAPPED, a completion routine) are kept as void*.
 */
#ifndef WSIM_RUNTIME_RUNTIME_H
#define WSIM_RUNTIME_RUNTIME_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "sim/sim.h"

/* ---- the running simulation ------------------------------------------- */

/* Winsock calls carry no context, so the one simulation whose fibers are
 * running is kept here (the only mutable global of the runtime, set by the
 * runner for the duration of wsim_sim_run). */
void wsapi_set_running(wsim_sim *sim);
wsim_sim *wsapi_running(void);

typedef struct wsapi_process wsapi_process;

/* The calling thread and its program instance, or NULL outside a program. */
wsim_thread *wsapi_thread(void);
wsapi_process *wsapi_process_of(wsim_thread *thread);

/* ---- handles ------------------------------------------------------------ */

typedef enum wsapi_handle_kind {
    WSAPI_HANDLE_FREE = 0,
    WSAPI_HANDLE_SOCKET,
    WSAPI_HANDLE_EVENT,
    WSAPI_HANDLE_THREAD,        /* CreateThread's handle (threads.c) */
    WSAPI_HANDLE_CRITSEC,       /* a CRITICAL_SECTION's side entry (sync.c); never a HANDLE */
    WSAPI_HANDLE_HEAP,          /* a heap (heap.c): a HANDLE, but no object to close or wait on */
    WSAPI_HANDLE_SYNC,          /* a mutex, semaphore, SRW lock or condition variable (sync_objects.c) */
} wsapi_handle_kind;

/* A WSA event and a Win32 event are one object (waits.c). */
typedef struct wsapi_event {
    int manual_reset;
    int signaled;
    int64_t handle;
    /* Closing the handle while waits are in progress (undefined on Windows)
     * keeps the object, and its handle slot, until the last wait ends. */
    int closed;
    int waits;                  /* waits in progress on it */
    wsim_waitq waitq;
} wsapi_event;

/* A Winsock socket (wsapi/socket.h).  The runtime keeps sockets in the
 * handle table like any other object but knows nothing of them: what it must
 * do to one (a close through CloseHandle, the end of its process or of one
 * of its threads) goes through the ops the socket floor set on its handle. */
struct wsapi_socket;

typedef struct wsapi_object_ops {
    int (*closed)(void *object);                        /* its handle no longer names it */
    void (*close_handle)(void *object);                 /* CloseHandle on it */
    void (*process_end)(void *object);                  /* its process is being freed */
    void (*thread_end)(void *object, wsim_thread *thread); /* a thread of its process ends */
} wsapi_object_ops;

typedef struct wsapi_handle {
    wsapi_handle_kind kind;
    union {
        struct wsapi_socket *socket;
        wsapi_event *event;
        struct wsapi_thread_state *thread;
        struct wsapi_critsec *critsec;
        struct wsapi_heap *heap;
        struct wsapi_sync *sync;
    } u;
    const wsapi_object_ops *ops;   /* for WSAPI_HANDLE_SOCKET: set by the socket floor */
} wsapi_handle;

/* Handle values are small multiples of four, as Windows' are, and are
 * reused lowest-first: deterministic, and never a pointer. */
#define WSAPI_HANDLE_BASE 0x100
int64_t wsapi_handle_new(wsapi_process *proc, wsapi_handle_kind kind, void *object);
wsapi_handle *wsapi_handle_get(wsapi_process *proc, int64_t value);
void wsapi_handle_release(wsapi_process *proc, int64_t value);

/* ---- asynchronous procedure calls --------------------------------------- */

typedef struct wsapi_apc {
    struct wsapi_apc *next;
    void (*run)(struct wsapi_apc *apc);
    /* For completion routines: */
    void *routine;
    uint32_t error, bytes;
    void *overlapped;
    uint64_t call_seq;
    uintptr_t param;    /* for QueueUserAPC */
} wsapi_apc;

/* GetExitCodeThread's STILL_ACTIVE (the value of STATUS_PENDING). */
#define WSAPI_STILL_ACTIVE 0x103

typedef struct wsapi_thread_state {
    wsim_thread *thread;
    wsapi_apc *apc_first, *apc_last;
    wsim_waitq alert;           /* woken when an APC is queued */
    int in_apc;
    /* The thread object a thread handle refers to (threads.c, waits.c). */
    int64_t handle;             /* CreateThread's handle; -1 once closed, or for a main thread */
    void *start_routine;        /* what CreateThread or _beginthreadex runs */
    void *start_param;
    int start_crt;              /* started by _beginthreadex: unsigned (*)(void *) */
    int ended;                  /* the object is signalled: the thread has ended */
    uint32_t exit_code;         /* WSAPI_STILL_ACTIVE until it ends */
    wsim_waitq ended_waitq;     /* threads waiting for it to end */
    struct wsapi_wait *wait;    /* the wait it is blocked in (waits.c), or NULL */
    struct wsapi_call *blocking_call;   /* its blocking Winsock call (calls.c; S05, S06) */
    struct wsapi_send_op *send_ops;     /* its stream sends in progress (wsapi/transfer.c; S29) */
    int last_error;             /* GetLastError's and WSAGetLastError's one slot */
    /* The block in program memory where inet_ntoa, gethostbyname, getservbyname …
     * return their results: one per thread, as Windows documents (wsapi/names.c). */
    void *names_buffer;
    void **tls;                 /* its TlsSetValue slots (interlocked_tls.c), NULL until one is set */
} wsapi_thread_state;

wsapi_thread_state *wsapi_thread_state_of(wsim_thread *thread);

/* The thread's last error (0 until one is set) and setting it (lost only
 * when there is no memory for the thread's state). */
int wsapi_last_error(const wsim_thread *thread);
void wsapi_set_last_error(wsim_thread *thread, int error);
void wsapi_queue_apc(wsim_thread *thread, wsapi_apc *apc);
/* Runs every queued APC of the calling thread; returns how many ran. */
int wsapi_run_apcs(wsim_thread *thread);
/* The wait of a blocking Winsock call (send, recv, accept, connect): an
 * alertable wait, as Windows' is (the WSASend and recv reference pages:
 * "Winsock performs an alertable wait in this situation, which can be
 * interrupted by an asynchronous procedure call"; S30).  Waits on the n
 * queues until one is woken or deadline_ns (-1: none) passes; an APC queued
 * meanwhile runs, and then it returns so the caller re-checks its
 * condition.  Returns 1 when the deadline passed, else 0 (waits.c). */
int wsapi_wait_alertable(wsim_thread *thread, wsim_waitq **queues, int n, int64_t deadline_ns,
                         const char *call);
/* The same in two halves, for a caller that must let go of what it holds
 * before APCs run (an APC may end the thread): _begin waits (not at all
 * when APCs are already queued), _end runs the queued APCs. */
int wsapi_wait_alertable_begin(wsim_thread *thread, wsim_waitq **queues, int n,
                               int64_t deadline_ns, const char *call);
void wsapi_wait_alertable_end(wsim_thread *thread);

/* ---- program instances --------------------------------------------------- */

/* Thread-local storage indexes of a process: TLS_MINIMUM_AVAILABLE plus the
 * 1024 expansion slots Windows has since Windows 2000. */
#define WSAPI_TLS_SLOTS 1088

typedef struct wsapi_line {
    char *text;
    size_t len, cap;
} wsapi_line;

struct wsapi_process {
    wsim_process *process;
    int startup_count;
    uint16_t wsa_version;       /* the wVersion WSAStartup last gave it (S05) */
    wsapi_handle *handles;
    size_t handle_count;
    FILE *out, *err;            /* the program's stdout and stderr */
    wsapi_line out_line, err_line;
    void **heap;                /* allocations the program made (open addressing) */
    size_t *heap_sizes;         /* their sizes as asked, slot for slot */
    size_t heap_cap, heap_used;
    uint64_t heap_bytes;        /* bytes held: the memory budgets count these */
    uint64_t output_bytes;      /* stdout + stderr bytes written (output budget) */
    wsapi_thread_state **threads;
    size_t thread_count;
    /* Woken whenever one of its sockets may have become ready or was
     * closed: select and WSAPoll wait on it, however many sockets they
     * watch (netevents.c). */
    wsim_waitq io_changed;
    uint64_t tls_used[WSAPI_TLS_SLOTS / 64];   /* TlsAlloc's indexes in use (interlocked_tls.c) */
};

wsapi_process *wsapi_process_new(wsim_process *process);
/* Closes every handle, flushes output, frees the program's heap. */
void wsapi_process_free(wsapi_process *proc);

/* Output: a program's stdout/stderr bytes become OUTPUT records line by
 * line (the runner prints them prefixed with host and virtual time). */
int wsapi_output_open(wsapi_process *proc);
void wsapi_output_flush(wsapi_process *proc);
void wsapi_output_close(wsapi_process *proc);
/* The stdout/stderr the running program sees (libc_shim.c). */
void wsapi_point_stdio_at(wsapi_process *proc);

/* The program's heap: everything is freed when the instance ends. */
void *wsapi_heap_alloc(wsapi_process *proc, size_t size, int zero);
void *wsapi_heap_realloc(wsapi_process *proc, void *ptr, size_t size);
/* Returns 1 when ptr was the program's (and is now freed), 0 otherwise. */
int wsapi_heap_free(wsapi_process *proc, void *ptr);
void wsapi_heap_release_all(wsapi_process *proc);

/* Virtual-time epoch for the C library's clocks (time(), gettimeofday()):
 * 2025-01-01T00:00:00Z, so dates look plausible and never depend on when
 * the run happens. */
#define WSAPI_EPOCH_SECONDS 1735689600LL

#endif
