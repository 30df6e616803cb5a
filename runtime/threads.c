/* threads.c — Win32 threads as fibers: CreateThread, _beginthreadex,
 * ExitThread, _endthreadex, GetCurrentThreadId, GetCurrentThread,
 * GetExitCodeThread, QueueUserAPC.  (CancelIo and GetOverlappedResult, the
 * per-thread side of overlapped I/O on sockets, are wsapi/win32_io.c's.)
 *
 * Owns: the life of a program's threads above sim/ (sim.c runs each as a
 * fiber).  A new thread is runnable at once and first runs when the creating
 * thread blocks (computation takes no virtual time), after the events
 * already due at that instant.  It ends when its start routine returns or it
 * calls ExitThread; then, in this order, as Windows' thread rundown does:
 *   1. the overlapped I/O it started and that is still pending completes
 *      with WSA_OPERATION_ABORTED (W17; the CancelIo and ExitThread
 *      reference pages): the socket floor does it (wsapi_object_ops);
 *   2. its queued APCs are discarded: they can never run;
 *   3. its thread object is signalled (waits on its handle return) and its
 *      exit code is set.
 * The main thread's ExitThread ends only that thread: the process lives
 * while it has others (sim.c).  Returning from main or exit() ends the
 * process and every thread in it, as ExitProcess does.
 *
 * Thread ids are small deterministic numbers, never pointers: multiples of
 * four as Windows' are, (process + 1) × 65536 + 4 × (thread + 1), where
 * thread is the trace's thread number (0 for the main thread).  So a process
 * can create at most WSAPI_MAX_THREADS threads in its life.
 */
#include <errno.h>
#include <stdlib.h>

#include <process.h>
#include <windows.h>
#include <winsock2.h>

#include "runtime/sync_objects.h"
#include "runtime/waits.h"

#define WSAPI_MAX_THREADS 16383

static DWORD thread_id(const wsim_thread *t)
{
    return ((DWORD)(t->process->id + 1) << 16) + 4u * (DWORD)(t->id + 1);
}

/* ---- the end of a thread -------------------------------------------------------- */

/* Runs on the ending thread itself, steps 1–3 of the header. */
static void thread_end(wsim_thread *t, DWORD code)
{
    wsapi_process *proc = wsapi_process_of(t);
    for (size_t i = 0; i < proc->handle_count; i++)
        if (proc->handles[i].kind == WSAPI_HANDLE_SOCKET)
            proc->handles[i].ops->thread_end(proc->handles[i].u.socket, t);
    wsapi_sync_thread_end(proc, t);
    wsapi_thread_state *ts = wsapi_thread_state_of(t);
    if (ts) {
        while (ts->apc_first) {
            wsapi_apc *apc = ts->apc_first;
            ts->apc_first = apc->next;
            free(apc);
        }
        ts->apc_last = NULL;
        ts->exit_code = code;
        ts->ended = 1;
        wsapi_object_signalled(t->sim, &(wsapi_object){.thread = ts});
    }
    t->exit_code = (int)code;
}

/* The fiber's entry: the start routine, then the thread's end. */
static void thread_entry(wsim_thread *t, void *arg)
{
    (void)arg;
    wsapi_thread_state *ts = t->user;
    DWORD code = 0;
    if (ts && ts->start_crt)
        code = ((unsigned (*)(void *))ts->start_routine)(ts->start_param);
    else if (ts)
        code = ((LPTHREAD_START_ROUTINE)ts->start_routine)(ts->start_param);
    thread_end(t, code);
}

/* ---- creating threads -------------------------------------------------------------- */

/* Creates a thread running routine(param): 0 with its handle and id, or the
 * Win32 error.  `id_out` is the program's, probed before anything exists.
 * The stack size is not modelled: every fiber gets the same reservation
 * (sim->stack_bytes, sim/defaults.h). */
static int create_thread(wsapi_call *call, void *routine, void *param, int crt, DWORD flags,
                         unsigned long long stack, void *id_out, int64_t *handle)
{
    DWORD id = 0;
    wsapi_call_args(call, "stack=%llu flags=0x%x", stack, (unsigned)flags);
    if (!routine)
        return ERROR_INVALID_PARAMETER;   /* the simulator's choice: Windows would crash */
    /* ResumeThread is not provided, so a suspended thread could never run. */
    if (flags & CREATE_SUSPENDED)
        return ERROR_NOT_SUPPORTED;
    if (id_out && wsapi_write_program(id_out, &id, sizeof id) != 0)
        return ERROR_NOACCESS;
    wsim_process *p = call->thread->process;
    if (p->thread_count >= WSAPI_MAX_THREADS)
        return ERROR_NOT_ENOUGH_MEMORY;
    *handle = wsapi_handle_new(call->proc, WSAPI_HANDLE_THREAD, NULL);
    if (*handle < 0)
        return ERROR_NOT_ENOUGH_MEMORY;
    wsim_thread *t = wsim_thread_create(p, thread_entry, NULL);
    wsapi_thread_state *ts = t ? wsapi_thread_state_of(t) : NULL;
    if (!ts) {
        /* A thread made without its state ends at once (thread_entry). */
        wsapi_handle_release(call->proc, *handle);
        return ERROR_NOT_ENOUGH_MEMORY;
    }
    ts->start_routine = routine;
    ts->start_param = param;
    ts->start_crt = crt;
    ts->handle = *handle;
    wsapi_handle_get(call->proc, *handle)->u.thread = ts;
    id = thread_id(t);
    if (id_out)
        wsapi_write_program(id_out, &id, sizeof id);
    wsapi_call_args(call, "stack=%llu flags=0x%x thread=%d id=%u", stack, (unsigned)flags,
                    t->id, (unsigned)id);
    return 0;
}

HANDLE WINAPI CreateThread(LPSECURITY_ATTRIBUTES lpThreadAttributes, SIZE_T dwStackSize,
                           LPTHREAD_START_ROUTINE lpStartAddress, LPVOID lpParameter,
                           DWORD dwCreationFlags, LPDWORD lpThreadId)
{
    (void)lpThreadAttributes;
    wsapi_call call;
    if (wsapi_call_begin(&call, WSIM_FN_CreateThread, -1) != 0)
        return NULL;
    int64_t handle = -1;
    int error = create_thread(&call, (void *)lpStartAddress, lpParameter, 0, dwCreationFlags,
                              dwStackSize, lpThreadId, &handle);
    if (error)
        return (HANDLE)(uintptr_t)wsapi_call_end(&call, 0, error);
    return (HANDLE)(uintptr_t)wsapi_call_end(&call, handle, 0);
}

/* The CRT's thread start (process.h): 0 and errno on failure (EINVAL for
 * bad arguments, EAGAIN for too many threads, as the _beginthreadex
 * reference page lists). */
uintptr_t __cdecl _beginthreadex(void *security, unsigned stack_size,
                                 unsigned(__stdcall *start_address)(void *), void *arglist,
                                 unsigned initflag, unsigned *thrdaddr)
{
    (void)security;
    wsapi_call call;
    if (wsapi_call_begin(&call, WSIM_FN__beginthreadex, -1) != 0)
        return 0;
    int64_t handle = -1;
    int error = create_thread(&call, (void *)start_address, arglist, 1, initflag, stack_size,
                              thrdaddr, &handle);
    if (error) {
        wsapi_call_end(&call, 0, error);
        errno = error == ERROR_NOT_ENOUGH_MEMORY ? EAGAIN : EINVAL;
        return 0;
    }
    return (uintptr_t)wsapi_call_end(&call, handle, 0);
}

/* ---- ending threads ------------------------------------------------------------------- */

static _Noreturn void exit_thread(wsim_fn function, DWORD code)
{
    wsapi_call call;
    if (wsapi_call_begin(&call, function, -1) != 0)
        _Exit((int)code);   /* not inside a simulated program: nothing to protect */
    wsapi_call_args(&call, "code=%u", (unsigned)code);
    wsapi_call_end(&call, 0, 0);
    thread_end(call.thread, code);
    wsim_thread_exit(call.sim, (int)code);
}

_Noreturn VOID WINAPI ExitThread(DWORD dwExitCode)
{
    exit_thread(WSIM_FN_ExitThread, dwExitCode);
}

_Noreturn void __cdecl _endthreadex(unsigned retval)
{
    exit_thread(WSIM_FN__endthreadex, retval);
}

/* ---- about threads --------------------------------------------------------------------- */

DWORD WINAPI GetCurrentThreadId(void)
{
    wsapi_call call;
    if (wsapi_call_begin(&call, WSIM_FN_GetCurrentThreadId, -1) != 0)
        return 0;
    return (DWORD)wsapi_call_end(&call, thread_id(call.thread), 0);
}

/* A pseudo handle that always means the calling thread (GetCurrentThread
 * reference page): (HANDLE)-2. */
HANDLE WINAPI GetCurrentThread(void)
{
    wsapi_call call;
    if (wsapi_call_begin(&call, WSIM_FN_GetCurrentThread, -1) != 0)
        return (HANDLE)(intptr_t)WSAPI_CURRENT_THREAD;
    return (HANDLE)(intptr_t)wsapi_call_end(&call, WSAPI_CURRENT_THREAD, 0);
}

/* The thread object behind a thread handle or the pseudo handle, or NULL
 * (an event is a wait object but no thread). */
static wsapi_thread_state *thread_of(wsapi_call *call, HANDLE h)
{
    wsapi_object object;
    if (wsapi_object_of(call, (int64_t)(intptr_t)h, &object) != 0)
        return NULL;
    return object.thread;
}

BOOL WINAPI GetExitCodeThread(HANDLE hThread, LPDWORD lpExitCode)
{
    wsapi_call call;
    if (wsapi_call_begin(&call, WSIM_FN_GetExitCodeThread, -1) != 0)
        return FALSE;
    wsapi_call_args(&call, "handle=%lld", (long long)(intptr_t)hThread);
    wsapi_thread_state *ts = thread_of(&call, hThread);
    if (!ts)
        return (BOOL)wsapi_call_end(&call, FALSE, ERROR_INVALID_HANDLE);
    DWORD code = ts->exit_code;
    if (!lpExitCode || wsapi_write_program(lpExitCode, &code, sizeof code) != 0)
        return (BOOL)wsapi_call_end(&call, FALSE, ERROR_NOACCESS);
    wsapi_call_args(&call, "handle=%lld code=%u", (long long)(intptr_t)hThread, (unsigned)code);
    return (BOOL)wsapi_call_end(&call, TRUE, 0);
}

/* ---- user APCs ---------------------------------------------------------------------------- */

static void run_user_apc(wsapi_apc *apc)
{
    ((PAPCFUNC)apc->routine)((ULONG_PTR)apc->param);
}

/* The APC runs when the thread next waits alertably (W22).  A thread that
 * has ended refuses it with ERROR_GEN_FAILURE (Wine's test_QueueUserAPC, run
 * on Windows).  A NULL routine is refused with ERROR_INVALID_PARAMETER, the
 * simulator's choice. */
DWORD WINAPI QueueUserAPC(PAPCFUNC pfnAPC, HANDLE hThread, ULONG_PTR dwData)
{
    wsapi_call call;
    if (wsapi_call_begin(&call, WSIM_FN_QueueUserAPC, -1) != 0)
        return 0;
    wsapi_call_args(&call, "thread=%lld", (long long)(intptr_t)hThread);
    wsapi_thread_state *ts = thread_of(&call, hThread);
    if (!ts)
        return (DWORD)wsapi_call_end(&call, 0, ERROR_INVALID_HANDLE);
    if (!pfnAPC)
        return (DWORD)wsapi_call_end(&call, 0, ERROR_INVALID_PARAMETER);
    if (ts->ended)
        return (DWORD)wsapi_call_end(&call, 0, ERROR_GEN_FAILURE);
    wsapi_apc *apc = calloc(1, sizeof *apc);
    if (!apc)
        return (DWORD)wsapi_call_end(&call, 0, ERROR_NOT_ENOUGH_MEMORY);
    apc->run = run_user_apc;
    apc->routine = (void *)pfnAPC;
    apc->param = dwData;
    wsapi_queue_apc(ts->thread, apc);
    return (DWORD)wsapi_call_end(&call, 1, 0);
}
