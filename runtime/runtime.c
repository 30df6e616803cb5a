/* runtime.c — the running simulation, handle tables, APC queues, process
 * state and the program heap. */
#include "runtime/runtime.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- the running simulation ------------------------------------------- */

static wsim_sim *running_sim;

void wsapi_set_running(wsim_sim *sim)
{
    running_sim = sim;
}

wsim_sim *wsapi_running(void)
{
    return running_sim;
}

wsim_thread *wsapi_thread(void)
{
    return running_sim ? running_sim->current : NULL;
}

wsapi_process *wsapi_process_of(wsim_thread *thread)
{
    return thread ? thread->process->user : NULL;
}

/* ---- handles ------------------------------------------------------------ */

int64_t wsapi_handle_new(wsapi_process *proc, wsapi_handle_kind kind, void *object)
{
    size_t i = 0;
    while (i < proc->handle_count && proc->handles[i].kind != WSAPI_HANDLE_FREE)
        i++;
    if (i == proc->handle_count) {
        wsapi_handle *grown = realloc(proc->handles, (i + 1) * sizeof *grown);
        if (!grown)
            return -1;
        proc->handles = grown;
        proc->handle_count++;
    }
    proc->handles[i].kind = kind;
    proc->handles[i].ops = NULL;
    switch (kind) {
    case WSAPI_HANDLE_SOCKET: proc->handles[i].u.socket = object; break;
    case WSAPI_HANDLE_EVENT: proc->handles[i].u.event = object; break;
    case WSAPI_HANDLE_THREAD: proc->handles[i].u.thread = object; break;
    case WSAPI_HANDLE_CRITSEC: proc->handles[i].u.critsec = object; break;
    case WSAPI_HANDLE_HEAP: proc->handles[i].u.heap = object; break;
    case WSAPI_HANDLE_SYNC: proc->handles[i].u.sync = object; break;
    case WSAPI_HANDLE_FREE: break;
    }
    return WSAPI_HANDLE_BASE + 4 * (int64_t)i;
}

wsapi_handle *wsapi_handle_get(wsapi_process *proc, int64_t value)
{
    if (!proc || value < WSAPI_HANDLE_BASE || (value - WSAPI_HANDLE_BASE) % 4 != 0)
        return NULL;
    size_t i = (size_t)((value - WSAPI_HANDLE_BASE) / 4);
    if (i >= proc->handle_count || proc->handles[i].kind == WSAPI_HANDLE_FREE)
        return NULL;
    return &proc->handles[i];
}

void wsapi_handle_release(wsapi_process *proc, int64_t value)
{
    wsapi_handle *h = wsapi_handle_get(proc, value);
    if (h)
        memset(h, 0, sizeof *h);
}

/* ---- asynchronous procedure calls --------------------------------------- */

wsapi_thread_state *wsapi_thread_state_of(wsim_thread *thread)
{
    if (thread->user)
        return thread->user;
    wsapi_process *proc = wsapi_process_of(thread);
    wsapi_thread_state *ts = calloc(1, sizeof *ts);
    if (!ts)
        return NULL;
    wsapi_thread_state **grown =
        realloc(proc->threads, (proc->thread_count + 1) * sizeof *grown);
    if (!grown) {
        free(ts);
        return NULL;
    }
    proc->threads = grown;
    proc->threads[proc->thread_count++] = ts;
    ts->thread = thread;
    wsim_waitq_init(&ts->alert);
    ts->handle = -1;
    ts->exit_code = WSAPI_STILL_ACTIVE;
    wsim_waitq_init(&ts->ended_waitq);
    thread->user = ts;
    return ts;
}

int wsapi_last_error(const wsim_thread *thread)
{
    const wsapi_thread_state *ts = thread->user;
    return ts ? ts->last_error : 0;
}

void wsapi_set_last_error(wsim_thread *thread, int error)
{
    wsapi_thread_state *ts = wsapi_thread_state_of(thread);
    if (ts)
        ts->last_error = error;
}

void wsapi_queue_apc(wsim_thread *thread, wsapi_apc *apc)
{
    wsapi_thread_state *ts = wsapi_thread_state_of(thread);
    if (!ts) {
        free(apc);
        return;
    }
    apc->next = NULL;
    if (ts->apc_last)
        ts->apc_last->next = apc;
    else
        ts->apc_first = apc;
    ts->apc_last = apc;
    wsim_waitq_wake_all(thread->sim, &ts->alert);
}

int wsapi_run_apcs(wsim_thread *thread)
{
    wsapi_thread_state *ts = wsapi_thread_state_of(thread);
    int ran = 0;
    if (!ts || ts->in_apc)
        return 0;
    /* Completion routines are never nested (W23): one runs to completion
     * before the next starts. */
    ts->in_apc = 1;
    while (ts->apc_first) {
        wsapi_apc *apc = ts->apc_first;
        ts->apc_first = apc->next;
        if (!ts->apc_first)
            ts->apc_last = NULL;
        /* Freed before it runs: an APC may end its thread (ExitThread). */
        wsapi_apc copy = *apc;
        free(apc);
        copy.run(&copy);
        ran++;
    }
    ts->in_apc = 0;
    return ran;
}

/* ---- program instances --------------------------------------------------- */

wsapi_process *wsapi_process_new(wsim_process *process)
{
    wsapi_process *proc = calloc(1, sizeof *proc);
    if (!proc)
        return NULL;
    proc->process = process;
    process->user = proc;
    return proc;
}

void wsapi_process_free(wsapi_process *proc)
{
    if (!proc)
        return;
    for (size_t i = 0; i < proc->handle_count; i++) {
        wsapi_handle *h = &proc->handles[i];
        if (h->kind == WSAPI_HANDLE_SOCKET)
            h->ops->process_end(h->u.socket);
        else if (h->kind == WSAPI_HANDLE_EVENT)
            free(h->u.event);   /* no wait is in progress: every thread has ended */
        else if (h->kind == WSAPI_HANDLE_CRITSEC)
            free(h->u.critsec);
        else if (h->kind == WSAPI_HANDLE_HEAP)
            free(h->u.heap);    /* its blocks are the program heap's, freed below */
        else if (h->kind == WSAPI_HANDLE_SYNC)
            free(h->u.sync);
        /* A thread handle's object is one of proc->threads, freed below. */
    }
    free(proc->handles);
    for (size_t i = 0; i < proc->thread_count; i++) {
        wsapi_apc *apc = proc->threads[i]->apc_first;
        while (apc) {
            wsapi_apc *next = apc->next;
            free(apc);
            apc = next;
        }
        free(proc->threads[i]->tls);
        free(proc->threads[i]);
    }
    free(proc->threads);
    for (wsim_thread *t = proc->process->threads; t; t = t->next_in_process)
        t->user = NULL;
    wsapi_output_close(proc);
    wsapi_heap_release_all(proc);
    proc->process->user = NULL;
    free(proc);
}

/* ---- the program heap ---------------------------------------------------- */

/* An open-addressing set of the program's live allocations.  Its order is
 * never observed (only membership is), so hashing pointers is harmless. */
static size_t slot_of(const wsapi_process *proc, const void *ptr)
{
    uintptr_t h = (uintptr_t)ptr;
    h ^= h >> 17;
    h *= 0x9E3779B97F4A7C15ull;
    return (size_t)(h >> 7) & (proc->heap_cap - 1);
}

static void *const TOMBSTONE = (void *)&slot_of;

static int heap_insert(wsapi_process *proc, void *ptr, size_t size);

static int heap_grow(wsapi_process *proc)
{
    void **old = proc->heap;
    size_t *old_sizes = proc->heap_sizes;
    size_t old_cap = proc->heap_cap;
    size_t cap = old_cap ? old_cap * 2 : 64;
    void **heap = calloc(cap, sizeof *heap);
    size_t *sizes = calloc(cap, sizeof *sizes);
    if (!heap || !sizes) {
        free(heap);
        free(sizes);
        return -1;
    }
    proc->heap = heap;
    proc->heap_sizes = sizes;
    proc->heap_cap = cap;
    proc->heap_used = 0;
    for (size_t i = 0; i < old_cap; i++)
        if (old[i] && old[i] != TOMBSTONE)
            heap_insert(proc, old[i], old_sizes[i]);
    free(old);
    free(old_sizes);
    return 0;
}

static int heap_insert(wsapi_process *proc, void *ptr, size_t size)
{
    if ((proc->heap_used + 1) * 2 > proc->heap_cap && heap_grow(proc) != 0)
        return -1;
    size_t i = slot_of(proc, ptr);
    while (proc->heap[i] && proc->heap[i] != TOMBSTONE)
        i = (i + 1) & (proc->heap_cap - 1);
    if (!proc->heap[i])
        proc->heap_used++;
    proc->heap[i] = ptr;
    proc->heap_sizes[i] = size;
    return 0;
}

/* 1 with *size set when ptr was the program's, else 0. */
static int heap_remove(wsapi_process *proc, void *ptr, size_t *size)
{
    if (!proc->heap_cap)
        return 0;
    size_t i = slot_of(proc, ptr);
    while (proc->heap[i]) {
        if (proc->heap[i] == ptr) {
            proc->heap[i] = TOMBSTONE;
            *size = proc->heap_sizes[i];
            return 1;
        }
        i = (i + 1) & (proc->heap_cap - 1);
    }
    return 0;
}

/* Counts `size` more bytes held by the program, or stops the run if that
 * passes a memory budget.  The sizes counted are those the program asked
 * for, so the verdict does not depend on the allocator (M04). */
static void heap_charge(wsapi_process *proc, size_t size)
{
    wsim_sim *sim = proc->process->sim;
    const wsim_budgets *b = &sim->budgets;
    char what[160];
    if (b->memory_per_program && (size > b->memory_per_program ||
                                  proc->heap_bytes > b->memory_per_program - size)) {
        snprintf(what, sizeof what, "an allocation of %zu bytes with %" PRIu64 " held", size,
                 proc->heap_bytes);
        wsim_budget_stop(sim, "memory_per_program", b->memory_per_program, what);
    }
    if (b->memory_per_run && (size > b->memory_per_run ||
                              sim->memory_in_use > b->memory_per_run - size)) {
        snprintf(what, sizeof what, "an allocation of %zu bytes with %" PRIu64 " held by the run",
                 size, sim->memory_in_use);
        wsim_budget_stop(sim, "memory_per_run", b->memory_per_run, what);
    }
    proc->heap_bytes += size;
    sim->memory_in_use += size;
}

static void heap_uncharge(wsapi_process *proc, size_t size)
{
    proc->heap_bytes -= size;
    proc->process->sim->memory_in_use -= size;
}

void *wsapi_heap_alloc(wsapi_process *proc, size_t size, int zero)
{
    heap_charge(proc, size);
    void *ptr = zero ? calloc(1, size ? size : 1) : malloc(size ? size : 1);
    if (ptr && heap_insert(proc, ptr, size) != 0) {
        free(ptr);
        ptr = NULL;
    }
    if (!ptr)
        heap_uncharge(proc, size);
    return ptr;
}

void *wsapi_heap_realloc(wsapi_process *proc, void *ptr, size_t size)
{
    if (!ptr)
        return wsapi_heap_alloc(proc, size, 0);
    size_t old_size = 0;
    int ours = heap_remove(proc, ptr, &old_size);
    if (ours) {
        heap_uncharge(proc, old_size);
        heap_charge(proc, size);
    }
    void *moved = realloc(ptr, size ? size : 1);
    if (!moved) {
        if (ours) {
            heap_uncharge(proc, size);
            heap_charge(proc, old_size);
            heap_insert(proc, ptr, old_size);
        }
        return NULL;
    }
    if (heap_insert(proc, moved, size) != 0) {
        if (ours)
            heap_uncharge(proc, size);
        free(moved);
        return NULL;
    }
    if (!ours)
        heap_charge(proc, size);
    return moved;
}

int wsapi_heap_free(wsapi_process *proc, void *ptr)
{
    size_t size = 0;
    if (!ptr || !heap_remove(proc, ptr, &size))
        return 0;
    heap_uncharge(proc, size);
    free(ptr);
    return 1;
}

void wsapi_heap_release_all(wsapi_process *proc)
{
    for (size_t i = 0; i < proc->heap_cap; i++)
        if (proc->heap[i] && proc->heap[i] != TOMBSTONE)
            free(proc->heap[i]);
    free(proc->heap);
    free(proc->heap_sizes);
    proc->heap = NULL;
    proc->heap_sizes = NULL;
    proc->heap_cap = proc->heap_used = 0;
    heap_uncharge(proc, proc->heap_bytes);
}
