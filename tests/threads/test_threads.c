/* test_threads.c — threads, synchronisation objects and APCs, and the rows
 * of the send contract (../shared/spec/send-contract.md) that concern them:
 * each case is its own CTest test (threads.<what>, contract.<ID>_<what>).
 *
 * The programs are plain C functions written against the Windows headers,
 * run in-process through the embedding API (tests/support/harness.h).
 * Every expected value comes from the documented model (README "The
 * model"; runtime/threads.c, runtime/waits.c and runtime/sync.c say how
 * threads, waits and locks behave in virtual time), never from a run:
 *   - computation takes no virtual time; a thread runs until it blocks, and
 *     a new or woken thread runs after the events already due at that
 *     instant;
 *   - thread ids are (process + 1) × 65536 + 4 × (thread + 1), thread 0
 *     being the main thread;
 *   - on the two-host network (10 ms, 10 Mbit/s, 40 header bytes, ACKs at
 *     once), with SO_SNDBUF 1000 and 2000 bytes queued, an overlapped send
 *     stays pending until the ACK of the first 1460-byte segment:
 *     ser(1460) + latency + ser(0) + latency after the 2000 were queued
 *     (the same arithmetic as contract.W02_pending_then_result).
 */
#include <windows.h>
#include <process.h>

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "tests/support/cases.h"
#include "tests/support/world.h"

#define LATENCY_NS (10 * MS)
#define BANDWIDTH 10000000ULL      /* 10 Mbit/s */
#define HEADER 40

/* Thread ids of process 0 (the program of the one-host cases): the main
 * thread, then the threads it creates.  CLIENT_TID for process 1, the
 * client of the two-host cases (the server is added first). */
#define TID(thread) (0x10000u + 4u * ((thread) + 1u))
#define CLIENT_TID(thread) (0x20000u + 4u * ((thread) + 1u))
#define CLIENT 1

static int64_t ser(uint64_t payload)
{
    return (int64_t)(((payload + HEADER) * 8u * 1000000000u + BANDWIDTH - 1) / BANDWIDTH);
}

/* When an overlapped send queued behind 2000 bytes (SO_SNDBUF 1000) is
 * taken, counted from the moment the 2000 were queued. */
static int64_t pending_send_taken(void)
{
    return ser(1460) + LATENCY_NS + ser(0) + LATENCY_NS;
}

static void note(int who)
{
    if (seen.n < (int)(sizeof seen.log / sizeof seen.log[0])) {
        seen.log[seen.n].who = who;
        seen.log[seen.n].at = th_now();
    }
    seen.n++;
}

/* One host, for the cases without a network. */
static void one_host(void)
{
    new_world(1, 60 * SEC);
    host_a = th_host(world, "a", "10.0.0.1");
}

/* Host a (10.0.0.1) and host b (10.0.0.2), one 10 ms, 10 Mbit/s link,
 * ACKs sent at once. */
static void two_hosts(void)
{
    new_world(1, 60 * SEC)->tcp.delayed_ack = 0;
    link_two_hosts(LATENCY_NS, BANDWIDTH, 100);
}

static char big[4096];

/* Connects, shrinks SO_SNDBUF to 1000, lets the link go idle, then queues
 * 2000 bytes (taken whole: the queue is now at or above SO_SNDBUF, so an
 * overlapped send is pending until pending_send_taken()).  Returns the
 * socket; *queued_at is when the 2000 were queued. */
static SOCKET connect_and_fill(int64_t *queued_at)
{
    start();
    SOCKET s = connect_b();
    int sndbuf = 1000;
    setsockopt(s, SOL_SOCKET, SO_SNDBUF, (const char *)&sndbuf, sizeof sndbuf);
    Sleep(100);
    *queued_at = th_now();
    send(s, big, 2000, 0);
    return s;
}

/* The n-th record of kind/name made by thread `thread` of `process`. */
static const wsim_record *find_in_thread(wsim_record_kind kind, const char *name, int process,
                                         int thread, int n)
{
    const wsim_record *r;
    for (int i = 0; (r = th_find(world, kind, name, i)); i++)
        if (r->process == process && r->thread == thread && n-- == 0)
            return r;
    return NULL;
}

/* ---- threads.create_and_wait ------------------------------------------------- */

static DWORD WINAPI cw_worker(LPVOID param)
{
    seen.t[10] = th_now();
    seen.v[10] = GetCurrentThreadId();
    Sleep(50);
    return (DWORD)(uintptr_t)param * 6;
}

static int cw_main(int argc, char **argv)
{
    (void)argc, (void)argv;
    DWORD tid = 0, code = 0;
    seen.t[0] = th_now();
    seen.v[0] = GetCurrentThreadId();
    HANDLE h = CreateThread(NULL, 0, cw_worker, (LPVOID)(uintptr_t)7, 0, &tid);
    seen.v[1] = tid;
    seen.v[2] = WaitForSingleObject(h, 0);       /* the worker has not run yet */
    GetExitCodeThread(h, &code);
    seen.v[3] = code;
    seen.v[4] = WaitForSingleObject(h, INFINITE);
    seen.t[4] = th_now();
    seen.v[5] = GetExitCodeThread(h, &code);
    seen.v[6] = code;
    seen.v[7] = WaitForSingleObject(h, 0);       /* a thread object stays signalled */
    seen.v[8] = CloseHandle(h);
    seen.v[9] = CloseHandle(h);
    seen.v[11] = GetLastError();
    seen.v[12] = WaitForSingleObject(h, 0);
    seen.v[13] = GetLastError();
    return 0;
}

static void test_create_and_wait(void)
{
    one_host();
    th_program(world, host_a, "p", cw_main, 0);
    CHECK_INT_EQ(th_run(world), WSIM_END_COMPLETED);
    CHECK_INT_EQ(seen.v[0], TID(0));
    CHECK_INT_EQ(seen.v[1], TID(1));
    CHECK_INT_EQ(seen.v[10], TID(1));
    /* The worker first runs when main first blocks: at once, at t = 0. */
    CHECK_INT_EQ(seen.t[10], 0);
    CHECK_INT_EQ(seen.v[2], WAIT_TIMEOUT);
    CHECK_INT_EQ(seen.v[3], STILL_ACTIVE);
    CHECK_INT_EQ(seen.v[4], WAIT_OBJECT_0);
    CHECK_INT_EQ(seen.t[4], 50 * MS);
    CHECK_INT_EQ(seen.v[5], TRUE);
    CHECK_INT_EQ(seen.v[6], 42);
    CHECK_INT_EQ(seen.v[7], WAIT_OBJECT_0);
    CHECK_INT_EQ(seen.v[8], TRUE);
    CHECK_INT_EQ(seen.v[9], FALSE);
    CHECK_INT_EQ(seen.v[11], ERROR_INVALID_HANDLE);
    CHECK_INT_EQ(seen.v[12], WAIT_FAILED);
    CHECK_INT_EQ(seen.v[13], ERROR_INVALID_HANDLE);
    /* The trace: the thread's start, and its calls under its number. */
    const wsim_record *ts = th_find(world, WSIM_REC_THREAD_START, NULL, 0);
    CHECK(ts != NULL);
    if (ts) {
        CHECK_INT_EQ(ts->thread, 1);
        CHECK_INT_EQ(ts->time_ns, 0);
    }
    const wsim_record *slept = th_find(world, WSIM_REC_CALL, "Sleep", 0);
    CHECK(slept != NULL);
    if (slept) {
        CHECK_INT_EQ(slept->thread, 1);
        CHECK_INT_EQ(slept->time_ns, 50 * MS);
    }
    const wsim_record *create = th_find(world, WSIM_REC_CALL, "CreateThread", 0);
    CHECK(create != NULL);
    if (create)
        CHECK_INT_EQ(create->thread, 0);
    const wsim_record *ended = th_find(world, WSIM_REC_PROGRAM_EXIT, NULL, 0);
    CHECK(ended != NULL);
    if (ended) {
        CHECK_STR_EQ(ended->name, "return");
        CHECK_INT_EQ(ended->a[0], 0);
        CHECK_INT_EQ(ended->time_ns, 50 * MS);
    }
}

/* ---- threads.beginthreadex --------------------------------------------------- */

static void bt_leave(unsigned code)
{
    _endthreadex(code);
}

static unsigned __stdcall bt_worker(void *arg)
{
    seen.v[20] = *(int *)arg;
    Sleep(20);
    bt_leave(5);          /* ends the thread from a nested call */
    seen.v[21] = 1;       /* never reached */
    return 99;
}

static unsigned __stdcall bt_returns(void *arg)
{
    (void)arg;
    return 77;
}

static int bt_main(int argc, char **argv)
{
    (void)argc, (void)argv;
    int value = 11;
    unsigned id = 0;
    DWORD code = 0;
    uintptr_t h = _beginthreadex(NULL, 0, bt_worker, &value, 0, &id);
    seen.v[0] = h != 0;
    seen.v[1] = id;
    seen.v[2] = WaitForSingleObject((HANDLE)h, INFINITE);
    seen.t[2] = th_now();
    GetExitCodeThread((HANDLE)h, &code);
    seen.v[3] = code;
    CloseHandle((HANDLE)h);
    uintptr_t h2 = _beginthreadex(NULL, 0, bt_returns, NULL, 0, NULL);
    seen.v[4] = WaitForSingleObject((HANDLE)h2, INFINITE);
    GetExitCodeThread((HANDLE)h2, &code);
    seen.v[5] = code;
    CloseHandle((HANDLE)h2);
    errno = 0;
    seen.v[6] = (long long)_beginthreadex(NULL, 0, NULL, NULL, 0, NULL);
    seen.v[7] = errno;
    /* No ResumeThread: a suspended thread is refused. */
    seen.v[8] = CreateThread(NULL, 0, (LPTHREAD_START_ROUTINE)bt_returns, NULL, CREATE_SUSPENDED,
                             NULL) == NULL;
    seen.v[9] = GetLastError();
    return 0;
}

static void test_beginthreadex(void)
{
    one_host();
    th_program(world, host_a, "p", bt_main, 0);
    CHECK_INT_EQ(th_run(world), WSIM_END_COMPLETED);
    CHECK_INT_EQ(seen.v[0], 1);
    CHECK_INT_EQ(seen.v[1], TID(1));
    CHECK_INT_EQ(seen.v[20], 11);
    CHECK_INT_EQ(seen.v[21], 0);
    CHECK_INT_EQ(seen.v[2], WAIT_OBJECT_0);
    CHECK_INT_EQ(seen.t[2], 20 * MS);
    CHECK_INT_EQ(seen.v[3], 5);
    CHECK_INT_EQ(seen.v[4], WAIT_OBJECT_0);
    CHECK_INT_EQ(seen.v[5], 77);
    CHECK_INT_EQ(seen.v[6], 0);
    CHECK_INT_EQ(seen.v[7], EINVAL);
    CHECK_INT_EQ(seen.v[8], 1);
    CHECK_INT_EQ(seen.v[9], ERROR_NOT_SUPPORTED);
    const wsim_record *end = th_find(world, WSIM_REC_CALL, "_endthreadex", 0);
    CHECK(end != NULL);
    if (end) {
        CHECK_INT_EQ(end->thread, 1);
        CHECK_INT_EQ(end->time_ns, 20 * MS);
    }
    CHECK_INT_EQ(th_count(world, WSIM_REC_CALL, "_beginthreadex"), 3);
    CHECK_INT_EQ(th_count(world, WSIM_REC_THREAD_START, NULL), 2);
}

/* ---- threads.exit_thread_main ------------------------------------------------- */

static DWORD WINAPI et_worker(LPVOID param)
{
    (void)param;
    Sleep(100);
    seen.t[1] = th_now();
    seen.v[1] = GetCurrentThreadId();
    return 9;
}

/* Process 0: ExitThread in main; the worker keeps the process alive. */
static int et_main(int argc, char **argv)
{
    (void)argc, (void)argv;
    CloseHandle(CreateThread(NULL, 0, et_worker, NULL, 0, NULL));
    seen.t[0] = th_now();
    ExitThread(3);
}

/* Process 1: ExitThread in main with no other thread ends the process. */
static int et_alone(int argc, char **argv)
{
    (void)argc, (void)argv;
    ExitThread(4);
}

static DWORD WINAPI et_sleeper(LPVOID param)
{
    (void)param;
    Sleep(1000);
    seen.v[2] = 1;        /* never reached: main's return ends the process */
    return 0;
}

/* Process 2: returning from main ends the process and its other threads. */
static int et_returns(int argc, char **argv)
{
    (void)argc, (void)argv;
    CloseHandle(CreateThread(NULL, 0, et_sleeper, NULL, 0, NULL));
    Sleep(10);
    return 6;
}

static const wsim_record *exit_of(int process)
{
    const wsim_record *r;
    for (int i = 0; (r = th_find(world, WSIM_REC_PROGRAM_EXIT, NULL, i)); i++)
        if (r->process == process)
            return r;
    return NULL;
}

static void test_exit_thread_main(void)
{
    one_host();
    th_program(world, host_a, "p0", et_main, 2 * MS);
    th_program(world, host_a, "p1", et_alone, 5 * MS);
    th_program(world, host_a, "p2", et_returns, 0);
    CHECK_INT_EQ(th_run(world), WSIM_END_COMPLETED);
    CHECK_INT_EQ(seen.t[0], 2 * MS);
    CHECK_INT_EQ(seen.t[1], 102 * MS);
    CHECK_INT_EQ(seen.v[1], TID(1));
    CHECK_INT_EQ(seen.v[2], 0);
    const wsim_record *p0 = exit_of(0), *p1 = exit_of(1), *p2 = exit_of(2);
    CHECK(p0 && p1 && p2);
    if (p0) {
        /* The process lived on and ended with its last thread's code. */
        CHECK_STR_EQ(p0->name, "last-thread");
        CHECK_INT_EQ(p0->a[0], 9);
        CHECK_INT_EQ(p0->time_ns, 102 * MS);
    }
    if (p1) {
        CHECK_STR_EQ(p1->name, "last-thread");
        CHECK_INT_EQ(p1->a[0], 4);
        CHECK_INT_EQ(p1->time_ns, 5 * MS);
    }
    if (p2) {
        CHECK_STR_EQ(p2->name, "return");
        CHECK_INT_EQ(p2->a[0], 6);
        CHECK_INT_EQ(p2->time_ns, 10 * MS);
    }
    const wsim_record *et = th_find(world, WSIM_REC_CALL, "ExitThread", 0);
    CHECK(et != NULL);
    if (et) {
        CHECK_INT_EQ(et->process, 0);
        CHECK_INT_EQ(et->thread, 0);
        CHECK_INT_EQ(et->time_ns, 2 * MS);
    }
    /* Process 2's sleeper made no call after its process ended. */
    const wsim_record *r;
    for (int i = 0; (r = th_find(world, WSIM_REC_CALL, NULL, i)); i++)
        if (r->process == 2)
            CHECK(r->time_ns <= 10 * MS);
}

/* ---- threads.critical_section ------------------------------------------------- */

static CRITICAL_SECTION cs_lock;

static DWORD WINAPI cs_a(LPVOID param)
{
    (void)param;
    EnterCriticalSection(&cs_lock);
    note(1);
    Sleep(5);
    LeaveCriticalSection(&cs_lock);
    EnterCriticalSection(&cs_lock);   /* b has waited longer: b goes first */
    note(3);
    LeaveCriticalSection(&cs_lock);
    return 0;
}

static DWORD WINAPI cs_b(LPVOID param)
{
    (void)param;
    EnterCriticalSection(&cs_lock);
    note(2);
    Sleep(5);
    LeaveCriticalSection(&cs_lock);
    return 0;
}

static int cs_main(int argc, char **argv)
{
    (void)argc, (void)argv;
    InitializeCriticalSection(&cs_lock);
    EnterCriticalSection(&cs_lock);
    HANDLE t[2];
    t[0] = CreateThread(NULL, 0, cs_a, NULL, 0, NULL);
    t[1] = CreateThread(NULL, 0, cs_b, NULL, 0, NULL);
    Sleep(10);                        /* a, then b, block in EnterCriticalSection */
    EnterCriticalSection(&cs_lock);   /* the owner enters again */
    LeaveCriticalSection(&cs_lock);
    note(0);                          /* still the owner */
    LeaveCriticalSection(&cs_lock);   /* the lock goes to a */
    LeaveCriticalSection(&cs_lock);   /* not the owner: a violation, nothing done */
    seen.v[0] = WaitForMultipleObjects(2, t, TRUE, INFINITE);
    seen.t[0] = th_now();
    CloseHandle(t[0]);
    CloseHandle(t[1]);
    DeleteCriticalSection(&cs_lock);
    EnterCriticalSection(&cs_lock);   /* deleted: a violation */
    CRITICAL_SECTION zeroed;
    memset(&zeroed, 0, sizeof zeroed);
    EnterCriticalSection(&zeroed);    /* never initialised: a violation */
    return 0;
}

static void test_critical_section(void)
{
    one_host();
    th_program(world, host_a, "p", cs_main, 0);
    CHECK_INT_EQ(th_run(world), WSIM_END_COMPLETED);
    static const struct {
        int who;
        int64_t at;
    } expected[] = {{0, 10 * MS}, {1, 10 * MS}, {2, 15 * MS}, {3, 20 * MS}};
    CHECK_INT_EQ(seen.n, 4);
    for (int i = 0; i < 4 && i < seen.n; i++) {
        CHECK_INT_EQ(seen.log[i].who, expected[i].who);
        CHECK_INT_EQ(seen.log[i].at, expected[i].at);
    }
    CHECK_INT_EQ(seen.v[0], WAIT_OBJECT_0);
    CHECK_INT_EQ(seen.t[0], 20 * MS);
    CHECK_INT_EQ(th_count(world, WSIM_REC_VIOLATION, "CRITICAL_SECTION"), 3);
    /* a's first EnterCriticalSection blocked from 0 to 10 ms. */
    const wsim_record *enter = find_in_thread(WSIM_REC_CALL, "EnterCriticalSection", 0, 1, 0);
    CHECK(enter != NULL);
    if (enter) {
        CHECK_INT_EQ(enter->a[2], 0);
        CHECK_INT_EQ(enter->time_ns, 10 * MS);
    }
}

/* ---- threads.events_auto_manual -------------------------------------------------- */

static HANDLE ev_auto, ev_manual;

/* Waiters 1–3 wait on the auto-reset event, 11–13 on the manual one. */
static DWORD WINAPI ev_waiter(LPVOID param)
{
    int who = (int)(uintptr_t)param;
    seen.v[who] = WaitForSingleObject(who < 10 ? ev_auto : ev_manual, INFINITE);
    seen.t[who] = th_now();
    return 0;
}

static int ev_main(int argc, char **argv)
{
    (void)argc, (void)argv;
    start();   /* the WSA* event calls need it (S02); the Win32 ones do not */
    ev_auto = CreateEventA(NULL, FALSE, FALSE, NULL);
    ev_manual = CreateEventW(NULL, TRUE, FALSE, NULL);
    HANDLE initially_set = CreateEvent(NULL, TRUE, TRUE, NULL);
    seen.v[30] = WaitForSingleObject(initially_set, 0);
    seen.v[31] = WaitForSingleObject(initially_set, 0);   /* manual: still set */
    static const int who[6] = {1, 2, 3, 11, 12, 13};
    HANDLE t[6];
    for (int i = 0; i < 6; i++)
        t[i] = CreateThread(NULL, 0, ev_waiter, (LPVOID)(uintptr_t)who[i], 0, NULL);
    Sleep(10);
    SetEvent(ev_auto);                                 /* releases waiter 1 only */
    seen.v[20] = WaitForSingleObject(ev_auto, 0);      /* taken by waiter 1 already */
    Sleep(10);
    WSASetEvent(ev_auto);                              /* one object: WSA names work */
    Sleep(10);
    SetEvent(ev_auto);
    Sleep(10);                                         /* t = 40 ms */
    SetEvent(ev_auto);                                 /* no waiter: stays set */
    seen.v[21] = WaitForSingleObject(ev_auto, 0);
    seen.v[22] = WaitForSingleObject(ev_auto, 0);      /* the first wait reset it */
    SetEvent(ev_manual);                               /* releases 11, 12 and 13 */
    seen.v[23] = WaitForSingleObject(ev_manual, 0);
    ResetEvent(ev_manual);
    seen.v[24] = WaitForSingleObject(ev_manual, 0);
    seen.v[25] = WaitForMultipleObjects(6, t, TRUE, INFINITE);
    seen.t[25] = th_now();
    for (int i = 0; i < 6; i++)
        CloseHandle(t[i]);
    seen.v[26] = CloseHandle(ev_auto);
    seen.v[27] = WSACloseEvent(ev_manual);
    seen.v[28] = SetEvent(ev_auto);                    /* closed */
    seen.v[29] = GetLastError();
    CloseHandle(initially_set);
    return 0;
}

static void test_events_auto_manual(void)
{
    one_host();
    th_program(world, host_a, "p", ev_main, 0);
    CHECK_INT_EQ(th_run(world), WSIM_END_COMPLETED);
    CHECK_INT_EQ(seen.v[30], WAIT_OBJECT_0);
    CHECK_INT_EQ(seen.v[31], WAIT_OBJECT_0);
    /* Each SetEvent of the auto-reset event released exactly one waiter,
     * in the order they began to wait. */
    for (int i = 1; i <= 3; i++) {
        CHECK_INT_EQ(seen.v[i], WAIT_OBJECT_0);
        CHECK_INT_EQ(seen.t[i], i * 10 * MS);
    }
    CHECK_INT_EQ(seen.v[20], WAIT_TIMEOUT);
    CHECK_INT_EQ(seen.v[21], WAIT_OBJECT_0);
    CHECK_INT_EQ(seen.v[22], WAIT_TIMEOUT);
    /* One SetEvent of the manual-reset event released all three. */
    for (int i = 11; i <= 13; i++) {
        CHECK_INT_EQ(seen.v[i], WAIT_OBJECT_0);
        CHECK_INT_EQ(seen.t[i], 40 * MS);
    }
    CHECK_INT_EQ(seen.v[23], WAIT_OBJECT_0);
    CHECK_INT_EQ(seen.v[24], WAIT_TIMEOUT);
    CHECK_INT_EQ(seen.v[25], WAIT_OBJECT_0);
    CHECK_INT_EQ(seen.t[25], 40 * MS);
    CHECK_INT_EQ(seen.v[26], TRUE);
    CHECK_INT_EQ(seen.v[27], TRUE);
    CHECK_INT_EQ(seen.v[28], FALSE);
    CHECK_INT_EQ(seen.v[29], ERROR_INVALID_HANDLE);
}

/* ---- threads.wait_multiple_any_all_timeout ----------------------------------------- */

static HANDLE wm_ev[3];

static DWORD WINAPI wm_setter(LPVOID param)
{
    (void)param;
    Sleep(10);
    SetEvent(wm_ev[1]);
    Sleep(10);
    SetEvent(wm_ev[0]);
    Sleep(10);
    SetEvent(wm_ev[2]);
    return 0;
}

static int wm_main(int argc, char **argv)
{
    (void)argc, (void)argv;
    start();   /* the WSA* event calls need it (S02); the Win32 ones do not */
    for (int i = 0; i < 3; i++)
        wm_ev[i] = CreateEvent(NULL, TRUE, FALSE, NULL);
    HANDLE setter = CreateThread(NULL, 0, wm_setter, NULL, 0, NULL);
    seen.v[0] = WaitForMultipleObjects(3, wm_ev, FALSE, 5);
    seen.t[0] = th_now();
    seen.v[1] = WaitForMultipleObjects(3, wm_ev, FALSE, INFINITE);
    seen.t[1] = th_now();
    seen.v[2] = WaitForMultipleObjects(3, wm_ev, TRUE, 12);
    seen.t[2] = th_now();
    seen.v[3] = WaitForMultipleObjectsEx(3, wm_ev, TRUE, INFINITE, FALSE);
    seen.t[3] = th_now();
    seen.v[4] = WaitForMultipleObjects(3, wm_ev, FALSE, 0);      /* all set: the lowest */
    seen.v[5] = WSAWaitForMultipleEvents(3, wm_ev, TRUE, 0, FALSE);
    HANDLE never = CreateEvent(NULL, TRUE, FALSE, NULL);
    HANDLE mix[2] = {never, setter};
    seen.v[6] = WaitForMultipleObjects(2, mix, FALSE, INFINITE); /* the setter has ended */
    seen.v[7] = WaitForSingleObject(never, 7);
    seen.t[7] = th_now();
    /* A wait-all that fails takes nothing from an auto-reset event. */
    HANDLE autos[2] = {CreateEvent(NULL, FALSE, TRUE, NULL), CreateEvent(NULL, FALSE, FALSE, NULL)};
    seen.v[8] = WaitForMultipleObjects(2, autos, TRUE, 0);
    seen.v[9] = WaitForSingleObject(autos[0], 0);
    seen.v[10] = WaitForSingleObject(autos[0], 0);
    /* Errors. */
    seen.v[11] = WaitForMultipleObjects(0, wm_ev, FALSE, 0);
    seen.v[12] = GetLastError();
    seen.v[13] = WaitForMultipleObjects(MAXIMUM_WAIT_OBJECTS + 1, wm_ev, FALSE, 0);
    seen.v[14] = GetLastError();
    HANDLE bad[2] = {wm_ev[0], (HANDLE)(uintptr_t)0x9990};
    seen.v[15] = WaitForMultipleObjects(2, bad, FALSE, 0);
    seen.v[16] = GetLastError();
    HANDLE twice[2] = {wm_ev[0], wm_ev[0]};
    seen.v[17] = WaitForMultipleObjects(2, twice, TRUE, 0);
    seen.v[18] = GetLastError();
    seen.v[19] = WaitForMultipleObjects(2, twice, FALSE, 0);
    seen.v[20] = WaitForSingleObject(NULL, 0);
    seen.v[21] = GetLastError();
    seen.t[21] = th_now();
    return 0;
}

static void test_wait_multiple(void)
{
    one_host();
    th_program(world, host_a, "p", wm_main, 0);
    CHECK_INT_EQ(th_run(world), WSIM_END_COMPLETED);
    CHECK_INT_EQ(seen.v[0], WAIT_TIMEOUT);
    CHECK_INT_EQ(seen.t[0], 5 * MS);
    CHECK_INT_EQ(seen.v[1], WAIT_OBJECT_0 + 1);
    CHECK_INT_EQ(seen.t[1], 10 * MS);
    CHECK_INT_EQ(seen.v[2], WAIT_TIMEOUT);         /* e0 set at 20, e2 only at 30 */
    CHECK_INT_EQ(seen.t[2], 22 * MS);
    CHECK_INT_EQ(seen.v[3], WAIT_OBJECT_0);
    CHECK_INT_EQ(seen.t[3], 30 * MS);
    CHECK_INT_EQ(seen.v[4], WAIT_OBJECT_0);
    CHECK_INT_EQ(seen.v[5], WSA_WAIT_EVENT_0);
    CHECK_INT_EQ(seen.v[6], WAIT_OBJECT_0 + 1);
    CHECK_INT_EQ(seen.v[7], WAIT_TIMEOUT);
    CHECK_INT_EQ(seen.t[7], 37 * MS);
    CHECK_INT_EQ(seen.v[8], WAIT_TIMEOUT);
    CHECK_INT_EQ(seen.v[9], WAIT_OBJECT_0);
    CHECK_INT_EQ(seen.v[10], WAIT_TIMEOUT);
    CHECK_INT_EQ(seen.v[11], WAIT_FAILED);
    CHECK_INT_EQ(seen.v[12], ERROR_INVALID_PARAMETER);
    CHECK_INT_EQ(seen.v[13], WAIT_FAILED);
    CHECK_INT_EQ(seen.v[14], ERROR_INVALID_PARAMETER);
    CHECK_INT_EQ(seen.v[15], WAIT_FAILED);
    CHECK_INT_EQ(seen.v[16], ERROR_INVALID_HANDLE);
    CHECK_INT_EQ(seen.v[17], WAIT_FAILED);
    CHECK_INT_EQ(seen.v[18], ERROR_INVALID_PARAMETER);
    CHECK_INT_EQ(seen.v[19], WAIT_OBJECT_0);
    CHECK_INT_EQ(seen.v[20], WAIT_FAILED);
    CHECK_INT_EQ(seen.v[21], ERROR_INVALID_HANDLE);
    CHECK_INT_EQ(seen.t[21], 37 * MS);             /* failed waits take no time */
}

/* ---- threads.queue_user_apc ------------------------------------------------------- */

static void CALLBACK qa_apc(ULONG_PTR data)
{
    if (seen.n < 8)
        seen.v[40 + seen.n] = GetCurrentThreadId();
    note((int)data);
}

static HANDLE qa_ev;

static DWORD WINAPI qa_worker(LPVOID param)
{
    (void)param;
    Sleep(10);                           /* APCs queued at 5 ms wait */
    seen.v[1] = seen.n;
    seen.v[2] = SleepEx(100, TRUE);      /* both run at once */
    seen.t[2] = th_now();
    seen.v[3] = seen.n;
    seen.v[4] = SleepEx(20, TRUE);       /* none queued: the full time */
    seen.t[4] = th_now();
    seen.v[5] = WaitForSingleObjectEx(qa_ev, INFINITE, TRUE);
    seen.t[5] = th_now();
    return 0;
}

static int qa_main(int argc, char **argv)
{
    (void)argc, (void)argv;
    qa_ev = CreateEvent(NULL, TRUE, FALSE, NULL);
    HANDLE w = CreateThread(NULL, 0, qa_worker, NULL, 0, NULL);
    Sleep(5);
    seen.v[10] = QueueUserAPC(qa_apc, w, 1);
    seen.v[11] = QueueUserAPC(qa_apc, w, 2);
    Sleep(35);                           /* t = 40 ms */
    seen.v[12] = QueueUserAPC(qa_apc, w, 3);
    WaitForSingleObject(w, INFINITE);
    seen.v[13] = QueueUserAPC(qa_apc, w, 4);
    seen.v[14] = GetLastError();
    seen.v[15] = QueueUserAPC(qa_apc, GetCurrentThread(), 5);
    seen.v[16] = SleepEx(0, TRUE);
    seen.v[17] = QueueUserAPC(qa_apc, (HANDLE)(uintptr_t)0x9990, 6);
    seen.v[18] = GetLastError();
    CloseHandle(w);
    CloseHandle(qa_ev);
    return 0;
}

static void test_queue_user_apc(void)
{
    one_host();
    th_program(world, host_a, "p", qa_main, 0);
    CHECK_INT_EQ(th_run(world), WSIM_END_COMPLETED);
    CHECK_INT_EQ(seen.v[10], 1);
    CHECK_INT_EQ(seen.v[11], 1);
    CHECK_INT_EQ(seen.v[12], 1);
    /* Queued at 5 ms, not run during the non-alertable Sleep. */
    CHECK_INT_EQ(seen.v[1], 0);
    CHECK_INT_EQ(seen.v[2], WAIT_IO_COMPLETION);
    CHECK_INT_EQ(seen.t[2], 10 * MS);
    CHECK_INT_EQ(seen.v[3], 2);
    CHECK_INT_EQ(seen.v[4], 0);
    CHECK_INT_EQ(seen.t[4], 30 * MS);
    CHECK_INT_EQ(seen.v[5], WAIT_IO_COMPLETION);
    CHECK_INT_EQ(seen.t[5], 40 * MS);
    static const struct {
        int who;
        int64_t at;
    } expected[] = {{1, 10 * MS}, {2, 10 * MS}, {3, 40 * MS}, {5, 40 * MS}};
    CHECK_INT_EQ(seen.n, 4);
    for (int i = 0; i < 4 && i < seen.n; i++) {
        CHECK_INT_EQ(seen.log[i].who, expected[i].who);
        CHECK_INT_EQ(seen.log[i].at, expected[i].at);
    }
    /* Each ran on the thread it was queued to. */
    CHECK_INT_EQ(seen.v[40], TID(1));
    CHECK_INT_EQ(seen.v[41], TID(1));
    CHECK_INT_EQ(seen.v[42], TID(1));
    CHECK_INT_EQ(seen.v[43], TID(0));
    CHECK_INT_EQ(seen.v[13], 0);
    CHECK_INT_EQ(seen.v[14], ERROR_GEN_FAILURE);
    CHECK_INT_EQ(seen.v[15], 1);
    CHECK_INT_EQ(seen.v[16], WAIT_IO_COMPLETION);
    CHECK_INT_EQ(seen.v[17], 0);
    CHECK_INT_EQ(seen.v[18], ERROR_INVALID_HANDLE);
}

/* ---- threads.qpc -------------------------------------------------------------------- */

static DWORD WINAPI qpc_worker(LPVOID param)
{
    (void)param;
    LARGE_INTEGER c;
    Sleep(7);
    QueryPerformanceCounter(&c);
    seen.v[10] = c.QuadPart;
    return 0;
}

static int qpc_main(int argc, char **argv)
{
    (void)argc, (void)argv;
    LARGE_INTEGER f, c;
    seen.v[0] = QueryPerformanceFrequency(&f);
    seen.v[1] = f.QuadPart;
    QueryPerformanceCounter(&c);
    seen.v[2] = c.QuadPart;
    HANDLE w = CreateThread(NULL, 0, qpc_worker, NULL, 0, NULL);
    Sleep(1234);
    QueryPerformanceCounter(&c);
    seen.v[3] = c.QuadPart;
    SleepEx(1, FALSE);
    QueryPerformanceCounter(&c);
    seen.v[4] = c.QuadPart;
    seen.v[5] = (long long)GetTickCount64();
    seen.v[6] = GetTickCount();
    seen.v[7] = QueryPerformanceCounter(NULL);
    seen.v[8] = GetLastError();
    CloseHandle(w);
    return 0;
}

static void test_qpc(void)
{
    one_host();
    th_program(world, host_a, "p", qpc_main, 3 * MS);
    CHECK_INT_EQ(th_run(world), WSIM_END_COMPLETED);
    /* 10 MHz: one count per 100 ns of virtual time since the run began. */
    CHECK_INT_EQ(seen.v[0], TRUE);
    CHECK_INT_EQ(seen.v[1], 10000000);
    CHECK_INT_EQ(seen.v[2], 30000);                 /* 3 ms */
    CHECK_INT_EQ(seen.v[10], 100000);               /* 10 ms */
    CHECK_INT_EQ(seen.v[3], 12370000);              /* 1237 ms */
    CHECK_INT_EQ(seen.v[4], 12380000);
    CHECK_INT_EQ(seen.v[5], 1238);
    CHECK_INT_EQ(seen.v[6], 1238);
    CHECK_INT_EQ(seen.v[7], FALSE);
    CHECK_INT_EQ(seen.v[8], ERROR_NOACCESS);
    const wsim_record *qpc = th_find(world, WSIM_REC_CALL, "QueryPerformanceCounter", 0);
    CHECK(qpc != NULL);
    if (qpc)
        CHECK_STR_EQ(qpc->text, "value=30000");
}

/* ---- contract.W01_completion_routine ------------------------------------------------------ */

static WSAOVERLAPPED w01_ov;

/* Records the routine's arguments (W24) in v[10..13] and when it ran. */
static void CALLBACK record_routine(DWORD dwError, DWORD cbTransferred, LPWSAOVERLAPPED lpOverlapped,
                                    DWORD dwFlags)
{
    seen.v[10] = dwError;
    seen.v[11] = cbTransferred;
    seen.v[12] = lpOverlapped == &w01_ov;
    seen.v[13] = dwFlags;
    seen.t[10] = th_now();
    note(1);
}

static int w01_client(int argc, char **argv)
{
    (void)argc, (void)argv;
    start();
    SOCKET s = connect_b();
    memset(&w01_ov, 0, sizeof w01_ov);
    WSABUF buf = {5, "hello"};
    DWORD sent = 0xDEADBEEF;
    seen.t[0] = th_now();
    seen.v[0] = WSASend(s, &buf, 1, &sent, 0, &w01_ov, record_routine);
    seen.v[1] = sent;
    seen.v[2] = seen.n;                  /* not yet: no alertable wait so far */
    Sleep(10);
    seen.v[3] = seen.n;
    seen.v[4] = SleepEx(INFINITE, TRUE);
    seen.t[4] = th_now();
    seen.v[5] = seen.n;
    closesocket(s);
    WSACleanup();
    return 0;
}

static void test_W01(void)
{
    two_hosts();
    run_pair(w01_client, NULL);
    CHECK_INT_EQ(seen.v[0], 0);
    CHECK_INT_EQ(seen.v[1], 5);
    CHECK_INT_EQ(seen.v[2], 0);
    CHECK_INT_EQ(seen.v[3], 0);
    CHECK_INT_EQ(seen.v[4], WAIT_IO_COMPLETION);
    CHECK_INT_EQ(seen.t[4], seen.t[0] + 10 * MS);
    CHECK_INT_EQ(seen.v[5], 1);
    CHECK_INT_EQ(seen.t[10], seen.t[4]);
    CHECK_INT_EQ(seen.v[10], 0);
    CHECK_INT_EQ(seen.v[11], 5);
    CHECK_INT_EQ(seen.v[12], 1);
    CHECK_INT_EQ(seen.v[13], 0);
    const wsim_record *done = checked_completion("WSASend", 0, 5, 0, "routine");
    if (done)
        CHECK_INT_EQ(done->time_ns, seen.t[0]);   /* completed at the call */
    CHECK_INT_EQ(seen.data_len, 5);
    CHECK_STR_EQ(seen.data, "hello");
}

/* ---- contract.W22_routines_only_in_alertable_wait ------------------------------------------ */

static int w22_client(int argc, char **argv)
{
    (void)argc, (void)argv;
    int64_t queued_at;
    SOCKET s = connect_and_fill(&queued_at);
    seen.t[0] = queued_at;
    memset(&w01_ov, 0, sizeof w01_ov);
    WSABUF buf = {500, big};
    seen.v[0] = WSASend(s, &buf, 1, NULL, 0, &w01_ov, record_routine);
    seen.v[1] = WSAGetLastError();
    Sleep(100);                          /* the send completes meanwhile */
    seen.v[2] = seen.n;
    WSAEVENT ev = WSACreateEvent();
    seen.v[3] = WSAWaitForMultipleEvents(1, &ev, FALSE, 10, FALSE);
    seen.v[4] = seen.n;
    seen.v[5] = WaitForSingleObject(ev, 10);
    seen.v[6] = seen.n;
    seen.v[7] = SleepEx(10, FALSE);
    seen.v[8] = seen.n;
    seen.v[9] = WaitForSingleObjectEx(ev, INFINITE, TRUE);
    seen.t[9] = th_now();
    seen.v[14] = seen.n;
    WSACloseEvent(ev);
    closesocket(s);
    WSACleanup();
    return 0;
}

static void test_W22(void)
{
    two_hosts();
    run_pair(w22_client, NULL);
    CHECK_INT_EQ(seen.v[0], SOCKET_ERROR);
    CHECK_INT_EQ(seen.v[1], WSA_IO_PENDING);
    /* Not in Sleep, nor in the non-alertable waits of either family. */
    CHECK_INT_EQ(seen.v[2], 0);
    CHECK_INT_EQ(seen.v[3], WSA_WAIT_TIMEOUT);
    CHECK_INT_EQ(seen.v[4], 0);
    CHECK_INT_EQ(seen.v[5], WAIT_TIMEOUT);
    CHECK_INT_EQ(seen.v[6], 0);
    CHECK_INT_EQ(seen.v[7], 0);
    CHECK_INT_EQ(seen.v[8], 0);
    /* In the first alertable wait, at once. */
    CHECK_INT_EQ(seen.v[9], WAIT_IO_COMPLETION);
    CHECK_INT_EQ(seen.t[9], seen.t[0] + 130 * MS);
    CHECK_INT_EQ(seen.v[14], 1);
    CHECK_INT_EQ(seen.t[10], seen.t[9]);
    CHECK_INT_EQ(seen.v[10], 0);
    CHECK_INT_EQ(seen.v[11], 500);
    const wsim_record *done = th_find(world, WSIM_REC_COMPLETION, "WSASend", 0);
    CHECK(done != NULL);
    if (done) {
        CHECK_STR_EQ(done->text, "routine");
        CHECK_INT_EQ(done->time_ns, seen.t[0] + pending_send_taken());
    }
    CHECK_INT_EQ(seen.data_len, 2500);
}

/* ---- contract.W25_all_routines_before_wait_returns --------------------------------------- */

static WSAOVERLAPPED w25_ov[3];

/* Notes the request's number, carried in hEvent (W21: free for context). */
static void CALLBACK numbered_routine(DWORD dwError, DWORD cbTransferred,
                                      LPWSAOVERLAPPED lpOverlapped, DWORD dwFlags)
{
    (void)dwError, (void)cbTransferred, (void)dwFlags;
    note((int)(uintptr_t)lpOverlapped->hEvent);
}

static void CALLBACK numbered_apc(ULONG_PTR data)
{
    note((int)data);
}

static int w25_client(int argc, char **argv)
{
    (void)argc, (void)argv;
    start();
    SOCKET s = connect_b();
    WSABUF buf = {3, "abc"};
    for (int i = 0; i < 3; i++) {
        memset(&w25_ov[i], 0, sizeof w25_ov[i]);
        w25_ov[i].hEvent = (HANDLE)(uintptr_t)(i + 1);
        seen.v[i] = WSASend(s, &buf, 1, NULL, 0, &w25_ov[i], numbered_routine);
    }
    QueueUserAPC(numbered_apc, GetCurrentThread(), 9);
    WSAEVENT ev = WSACreateEvent();
    seen.v[3] = WSAWaitForMultipleEvents(1, &ev, FALSE, WSA_INFINITE, TRUE);
    seen.v[4] = seen.n;                  /* all four ran before it returned */
    seen.v[5] = SleepEx(0, TRUE);        /* nothing left */
    WSACloseEvent(ev);
    closesocket(s);
    WSACleanup();
    return 0;
}

static void test_W25(void)
{
    two_hosts();
    run_pair(w25_client, NULL);
    for (int i = 0; i < 3; i++)
        CHECK_INT_EQ(seen.v[i], 0);
    CHECK_INT_EQ(seen.v[3], WSA_WAIT_IO_COMPLETION);
    CHECK_INT_EQ(seen.v[4], 4);
    static const int order[] = {1, 2, 3, 9};
    for (int i = 0; i < 4 && i < seen.n; i++)
        CHECK_INT_EQ(seen.log[i].who, order[i]);
    CHECK_INT_EQ(seen.v[5], 0);
    CHECK_INT_EQ(th_count(world, WSIM_REC_CALL, "WSAWaitForMultipleEvents"), 1);
    CHECK_INT_EQ(seen.data_len, 9);
}

/* ---- contract.W23_routines_never_nested ------------------------------------------------------ */

static int w23_depth, w23_max_depth;
static WSAEVENT w23_ev;

/* W23: routine 1 waits alertably inside itself: routine 2, queued, must
 * not run inside it. */
static void CALLBACK w23_routine(DWORD dwError, DWORD cbTransferred, LPWSAOVERLAPPED lpOverlapped,
                                 DWORD dwFlags)
{
    (void)dwError, (void)cbTransferred, (void)dwFlags;
    int which = (int)(uintptr_t)lpOverlapped->hEvent;
    if (++w23_depth > w23_max_depth)
        w23_max_depth = w23_depth;
    note(which * 10 + 1);
    if (which == 1) {
        seen.v[5] = SleepEx(0, TRUE);
        seen.v[6] = WSAWaitForMultipleEvents(1, &w23_ev, FALSE, 0, TRUE);
        seen.v[7] = WaitForSingleObjectEx(w23_ev, 5, TRUE);
    }
    note(which * 10 + 2);
    w23_depth--;
}

static int w23_client(int argc, char **argv)
{
    (void)argc, (void)argv;
    w23_depth = w23_max_depth = 0;
    start();
    SOCKET s = connect_b();
    w23_ev = WSACreateEvent();
    static WSAOVERLAPPED ov[2];
    WSABUF buf = {2, "xy"};
    for (int i = 0; i < 2; i++) {
        memset(&ov[i], 0, sizeof ov[i]);
        ov[i].hEvent = (HANDLE)(uintptr_t)(i + 1);
        WSASend(s, &buf, 1, NULL, 0, &ov[i], w23_routine);
    }
    seen.t[0] = th_now();
    seen.v[0] = SleepEx(INFINITE, TRUE);
    seen.t[1] = th_now();
    WSACloseEvent(w23_ev);
    closesocket(s);
    WSACleanup();
    return 0;
}

static void test_W23(void)
{
    two_hosts();
    run_pair(w23_client, NULL);
    CHECK_INT_EQ(seen.v[0], WAIT_IO_COMPLETION);
    CHECK_INT_EQ(w23_max_depth, 1);
    static const int order[] = {11, 12, 21, 22};
    CHECK_INT_EQ(seen.n, 4);
    for (int i = 0; i < 4 && i < seen.n; i++)
        CHECK_INT_EQ(seen.log[i].who, order[i]);
    /* The waits inside the routine were not alertable. */
    CHECK_INT_EQ(seen.v[5], 0);
    CHECK_INT_EQ(seen.v[6], WSA_WAIT_TIMEOUT);
    CHECK_INT_EQ(seen.v[7], WAIT_TIMEOUT);
    /* Routine 1's 5 ms wait is all the time the outer wait took. */
    CHECK_INT_EQ(seen.t[1], seen.t[0] + 5 * MS);
}

/* ---- contract.W24_routine_arguments ------------------------------------------------------------- */

static WSAOVERLAPPED w24_ov[2];

static void CALLBACK w24_routine(DWORD dwError, DWORD cbTransferred, LPWSAOVERLAPPED lpOverlapped,
                                 DWORD dwFlags)
{
    int i = lpOverlapped == &w24_ov[0] ? 0 : lpOverlapped == &w24_ov[1] ? 1 : 9;
    seen.v[10 + 5 * seen.n] = i;
    seen.v[11 + 5 * seen.n] = dwError;
    seen.v[12 + 5 * seen.n] = cbTransferred;
    seen.v[13 + 5 * seen.n] = dwFlags;
    seen.v[14 + 5 * seen.n] = (long long)(uintptr_t)lpOverlapped->hEvent;
    note(i);
}

static int w24_client(int argc, char **argv)
{
    (void)argc, (void)argv;
    start();
    SOCKET s = connect_b();
    WSABUF hello = {5, "hello"};
    memset(w24_ov, 0, sizeof w24_ov);
    w24_ov[0].hEvent = (HANDLE)(uintptr_t)0x5A5A;   /* the program's context */
    seen.v[0] = WSASend(s, &hello, 1, NULL, 0, &w24_ov[0], w24_routine);    /* at once */
    SleepEx(0, TRUE);
    int sndbuf = 1000;
    setsockopt(s, SOL_SOCKET, SO_SNDBUF, (const char *)&sndbuf, sizeof sndbuf);
    Sleep(100);
    send(s, big, 2000, 0);
    WSABUF part = {500, big};
    w24_ov[1].hEvent = (HANDLE)(uintptr_t)0x6B6B;
    seen.v[1] = WSASend(s, &part, 1, NULL, 0, &w24_ov[1], w24_routine);     /* pending */
    seen.v[2] = WSAGetLastError();
    SleepEx(INFINITE, TRUE);
    seen.v[3] = (long long)w24_ov[1].InternalHigh;
    closesocket(s);
    WSACleanup();
    return 0;
}

static void test_W24(void)
{
    two_hosts();
    run_pair(w24_client, NULL);
    CHECK_INT_EQ(seen.v[0], 0);
    CHECK_INT_EQ(seen.v[1], SOCKET_ERROR);
    CHECK_INT_EQ(seen.v[2], WSA_IO_PENDING);
    CHECK_INT_EQ(seen.n, 2);
    /* (dwError, cbTransferred, lpOverlapped, dwFlags = 0); hEvent untouched. */
    CHECK_INT_EQ(seen.v[10], 0);
    CHECK_INT_EQ(seen.v[11], 0);
    CHECK_INT_EQ(seen.v[12], 5);
    CHECK_INT_EQ(seen.v[13], 0);
    CHECK_INT_EQ(seen.v[14], 0x5A5A);
    CHECK_INT_EQ(seen.v[15], 1);
    CHECK_INT_EQ(seen.v[16], 0);
    CHECK_INT_EQ(seen.v[17], 500);
    CHECK_INT_EQ(seen.v[18], 0);
    CHECK_INT_EQ(seen.v[19], 0x6B6B);
    CHECK_INT_EQ(seen.v[3], 500);
    CHECK_INT_EQ(seen.data_len, 2505);
}

/* ---- contract.W18_send_from_completion_routine ------------------------------------------------ */

static const char *const w18_parts[] = {"alpha ", "bravo ", "charlie ", "delta ", "echo ", "foxtrot"};
#define W18_PARTS 6
static SOCKET w18_s;
static WSAOVERLAPPED w18_ov;
static int w18_posted;

static void CALLBACK w18_routine(DWORD dwError, DWORD cbTransferred, LPWSAOVERLAPPED lpOverlapped,
                                 DWORD dwFlags);

static int w18_post(void)
{
    WSABUF buf = {(ULONG)strlen(w18_parts[w18_posted]), (char *)w18_parts[w18_posted]};
    memset(&w18_ov, 0, sizeof w18_ov);   /* complete: free for the next request */
    w18_posted++;
    return WSASend(w18_s, &buf, 1, NULL, 0, &w18_ov, w18_routine);
}

static void CALLBACK w18_routine(DWORD dwError, DWORD cbTransferred, LPWSAOVERLAPPED lpOverlapped,
                                 DWORD dwFlags)
{
    (void)dwError, (void)lpOverlapped, (void)dwFlags;
    if (seen.n < 16)
        seen.v[20 + seen.n] = cbTransferred;
    note(seen.n);
    int next = w18_posted;
    if (next < W18_PARTS)
        seen.v[40 + next] = w18_post();   /* W18: from inside the routine */
}

static int w18_client(int argc, char **argv)
{
    (void)argc, (void)argv;
    w18_posted = 0;
    start();
    w18_s = connect_b();
    seen.v[40] = w18_post();
    seen.v[0] = SleepEx(INFINITE, TRUE);
    seen.v[1] = seen.n;
    closesocket(w18_s);
    WSACleanup();
    return 0;
}

static void test_W18(void)
{
    two_hosts();
    run_pair(w18_client, NULL);
    /* Every part fits the send buffer, so each completes at its call and
     * its routine is queued while the previous one runs: one alertable
     * wait runs the whole chain (W25). */
    CHECK_INT_EQ(seen.v[0], WAIT_IO_COMPLETION);
    CHECK_INT_EQ(seen.v[1], W18_PARTS);
    char expected[128] = "";
    for (int i = 0; i < W18_PARTS; i++) {
        CHECK_INT_EQ(seen.v[40 + i], 0);
        CHECK_INT_EQ(seen.v[20 + i], (long long)strlen(w18_parts[i]));
        strcat(expected, w18_parts[i]);
    }
    CHECK_INT_EQ(seen.data_len, (int)strlen(expected));
    CHECK_STR_EQ(seen.data, expected);
    CHECK_INT_EQ(th_count(world, WSIM_REC_CALL, "WSASend"), W18_PARTS);
    CHECK_INT_EQ(th_count(world, WSIM_REC_COMPLETION, "WSASend"), W18_PARTS);
    CHECK_INT_EQ(th_count(world, WSIM_REC_CALL, "SleepEx"), 1);
}

/* ---- contract.W17_thread_exit_cancels_io ------------------------------------------------------ */

static SOCKET w17_s;
static WSAOVERLAPPED w17_ov_event, w17_ov_routine, w17_ov_main;
static int w17_routine_ran;

static void CALLBACK w17_routine(DWORD dwError, DWORD cbTransferred, LPWSAOVERLAPPED lpOverlapped,
                                 DWORD dwFlags)
{
    (void)dwError, (void)cbTransferred, (void)lpOverlapped, (void)dwFlags;
    w17_routine_ran++;
}

/* Starts two overlapped sends that stay pending, and exits. */
static DWORD WINAPI w17_thread(LPVOID param)
{
    (void)param;
    WSABUF a = {300, big}, b = {200, big};
    seen.v[10] = WSASend(w17_s, &a, 1, NULL, 0, &w17_ov_event, NULL);
    seen.v[11] = WSAGetLastError();
    seen.v[12] = WSASend(w17_s, &b, 1, NULL, 0, &w17_ov_routine, w17_routine);
    seen.v[13] = WSAGetLastError();
    seen.t[10] = th_now();
    return 0;
}

static int w17_client(int argc, char **argv)
{
    (void)argc, (void)argv;
    int64_t queued_at;
    w17_routine_ran = 0;
    w17_s = connect_and_fill(&queued_at);
    seen.t[0] = queued_at;
    /* The main thread's own pending send, queued first: it is not the
     * exiting thread's, and completes normally. */
    memset(&w17_ov_main, 0, sizeof w17_ov_main);
    w17_ov_main.hEvent = WSACreateEvent();
    WSABUF m = {500, big};
    seen.v[0] = WSASend(w17_s, &m, 1, NULL, 0, &w17_ov_main, NULL);
    memset(&w17_ov_event, 0, sizeof w17_ov_event);
    memset(&w17_ov_routine, 0, sizeof w17_ov_routine);
    w17_ov_event.hEvent = WSACreateEvent();
    HANDLE t = CreateThread(NULL, 0, w17_thread, NULL, 0, NULL);
    seen.v[1] = WaitForSingleObject(w17_ov_event.hEvent, INFINITE);
    seen.t[1] = th_now();
    DWORD bytes = 99, flags = 0;
    seen.v[2] = WSAGetOverlappedResult(w17_s, &w17_ov_event, &bytes, FALSE, &flags);
    seen.v[3] = WSAGetLastError();
    seen.v[4] = bytes;
    seen.v[5] = WaitForSingleObject(t, 0);
    seen.v[6] = WSAWaitForMultipleEvents(1, &w17_ov_main.hEvent, TRUE, WSA_INFINITE, FALSE);
    seen.t[6] = th_now();
    seen.v[7] = WSAGetOverlappedResult(w17_s, &w17_ov_main, &bytes, FALSE, &flags);
    seen.v[8] = bytes;
    seen.v[9] = SleepEx(0, TRUE);        /* the exited thread's routine runs nowhere */
    CloseHandle(t);
    closesocket(w17_s);
    WSACleanup();
    return 0;
}

static void test_W17_thread_exit(void)
{
    two_hosts();
    run_pair(w17_client, NULL);
    CHECK_INT_EQ(seen.v[0], SOCKET_ERROR);
    CHECK_INT_EQ(seen.v[10], SOCKET_ERROR);
    CHECK_INT_EQ(seen.v[11], WSA_IO_PENDING);
    CHECK_INT_EQ(seen.v[12], SOCKET_ERROR);
    CHECK_INT_EQ(seen.v[13], WSA_IO_PENDING);
    /* The thread ran and exited at once; its event was signalled then. */
    CHECK_INT_EQ(seen.t[10], seen.t[0]);
    CHECK_INT_EQ(seen.v[1], WAIT_OBJECT_0);
    CHECK_INT_EQ(seen.t[1], seen.t[0]);
    CHECK_INT_EQ(seen.v[2], FALSE);
    CHECK_INT_EQ(seen.v[3], WSA_OPERATION_ABORTED);
    CHECK_INT_EQ(seen.v[4], 0);
    CHECK_INT_EQ(seen.v[5], WAIT_OBJECT_0);
    CHECK_INT_EQ(seen.v[9], 0);
    CHECK_INT_EQ(w17_routine_ran, 0);
    /* The main thread's request was left alone. */
    CHECK_INT_EQ(seen.v[6], WSA_WAIT_EVENT_0);
    CHECK_INT_EQ(seen.t[6], seen.t[0] + pending_send_taken());
    CHECK_INT_EQ(seen.v[7], TRUE);
    CHECK_INT_EQ(seen.v[8], 500);
    /* The trace: both of the thread's requests aborted at its exit. */
    CHECK_INT_EQ(th_count(world, WSIM_REC_COMPLETION, "WSASend"), 3);
    const wsim_record *a = find_in_thread(WSIM_REC_COMPLETION, "WSASend", CLIENT, 1, 0);
    const wsim_record *b = find_in_thread(WSIM_REC_COMPLETION, "WSASend", CLIENT, 1, 1);
    CHECK(a && b);
    if (a && b) {
        CHECK_INT_EQ(a->time_ns, seen.t[0]);
        CHECK_INT_EQ(a->a[1], 0);
        CHECK_INT_EQ(a->a[2], WSA_OPERATION_ABORTED);
        CHECK_STR_EQ(a->text, "event");
        CHECK_INT_EQ(b->time_ns, seen.t[0]);
        CHECK_INT_EQ(b->a[2], WSA_OPERATION_ABORTED);
        CHECK_STR_EQ(b->text, "routine");
    }
    CHECK_INT_EQ(seen.data_len, 2500);   /* the aborted 500 bytes never left */
}

/* ---- contract.W17_closesocket_cancels_io ---------------------------------------------------------- */

static WSAOVERLAPPED w17c_ov[2];

static void CALLBACK w17c_routine(DWORD dwError, DWORD cbTransferred, LPWSAOVERLAPPED lpOverlapped,
                                  DWORD dwFlags)
{
    (void)dwFlags;
    seen.v[10] = dwError;
    seen.v[11] = cbTransferred;
    seen.v[12] = lpOverlapped == &w17c_ov[1];
    note(1);
}

static int w17c_client(int argc, char **argv)
{
    (void)argc, (void)argv;
    int64_t queued_at;
    SOCKET s = connect_and_fill(&queued_at);
    memset(w17c_ov, 0, sizeof w17c_ov);
    w17c_ov[0].hEvent = WSACreateEvent();
    WSABUF a = {500, big}, b = {300, big};
    seen.v[0] = WSASend(s, &a, 1, NULL, 0, &w17c_ov[0], NULL);
    seen.v[1] = WSASend(s, &b, 1, NULL, 0, &w17c_ov[1], w17c_routine);
    seen.v[2] = WaitForSingleObject(w17c_ov[0].hEvent, 0);     /* pending: not set */
    seen.t[3] = th_now();
    seen.v[3] = closesocket(s);
    seen.v[4] = WaitForSingleObject(w17c_ov[0].hEvent, 0);
    seen.v[5] = (long long)w17c_ov[0].Internal;
    seen.v[6] = (long long)w17c_ov[0].InternalHigh;
    seen.v[7] = SleepEx(0, TRUE);
    WSACleanup();
    return 0;
}

static void test_W17_closesocket(void)
{
    two_hosts();
    run_pair(w17c_client, NULL);
    CHECK_INT_EQ(seen.v[0], SOCKET_ERROR);
    CHECK_INT_EQ(seen.v[1], SOCKET_ERROR);
    CHECK_INT_EQ(seen.v[2], WAIT_TIMEOUT);
    CHECK_INT_EQ(seen.v[3], 0);
    CHECK_INT_EQ(seen.v[4], WAIT_OBJECT_0);
    CHECK_INT_EQ(seen.v[5], WSA_OPERATION_ABORTED);
    CHECK_INT_EQ(seen.v[6], 0);
    CHECK_INT_EQ(seen.v[7], WAIT_IO_COMPLETION);
    CHECK_INT_EQ(seen.n, 1);
    CHECK_INT_EQ(seen.v[10], WSA_OPERATION_ABORTED);
    CHECK_INT_EQ(seen.v[11], 0);
    CHECK_INT_EQ(seen.v[12], 1);
    CHECK_INT_EQ(th_count(world, WSIM_REC_COMPLETION, "WSASend"), 2);
    for (int i = 0; i < 2; i++) {
        const wsim_record *done = th_find(world, WSIM_REC_COMPLETION, "WSASend", i);
        CHECK(done != NULL);
        if (done) {
            CHECK_INT_EQ(done->a[2], WSA_OPERATION_ABORTED);
            CHECK_INT_EQ(done->time_ns, seen.t[3]);
        }
    }
}

/* ---- threads.cancel_io --------------------------------------------------------------------------- */

static SOCKET ci_s;
static WSAOVERLAPPED ci_ov_main, ci_ov_other;

/* Another thread's pending send: CancelIo in main leaves it alone. */
static DWORD WINAPI ci_other(LPVOID param)
{
    (void)param;
    WSABUF b = {500, big};
    seen.v[10] = WSASend(ci_s, &b, 1, NULL, 0, &ci_ov_other, NULL);
    DWORD bytes = 0;
    seen.v[11] = GetOverlappedResult((HANDLE)ci_s, &ci_ov_other, &bytes, TRUE);
    seen.t[11] = th_now();
    seen.v[12] = bytes;
    return 0;
}

static int ci_client(int argc, char **argv)
{
    (void)argc, (void)argv;
    int64_t queued_at;
    ci_s = connect_and_fill(&queued_at);
    seen.t[0] = queued_at;
    memset(&ci_ov_main, 0, sizeof ci_ov_main);
    memset(&ci_ov_other, 0, sizeof ci_ov_other);
    ci_ov_main.hEvent = CreateEvent(NULL, TRUE, FALSE, NULL);
    WSABUF a = {500, big};
    seen.v[0] = WSASend(ci_s, &a, 1, NULL, 0, &ci_ov_main, NULL);
    HANDLE t = CreateThread(NULL, 0, ci_other, NULL, 0, NULL);
    Sleep(1);                            /* the other thread's send is pending too */
    DWORD bytes = 99;
    seen.v[1] = GetOverlappedResult((HANDLE)ci_s, &ci_ov_main, &bytes, FALSE);
    seen.v[2] = GetLastError();
    seen.v[3] = CancelIo((HANDLE)ci_s);
    seen.v[4] = WaitForSingleObject(ci_ov_main.hEvent, 0);
    seen.v[5] = GetOverlappedResult((HANDLE)ci_s, &ci_ov_main, &bytes, FALSE);
    seen.v[6] = GetLastError();
    seen.v[7] = bytes;
    seen.v[8] = CancelIo(ci_ov_main.hEvent);
    seen.v[9] = GetLastError();
    WaitForSingleObject(t, INFINITE);
    CloseHandle(t);
    CloseHandle(ci_ov_main.hEvent);
    /* CloseHandle closes a socket as closesocket would (and is recorded as
     * a violation: the reference page says to use closesocket). */
    seen.v[13] = CloseHandle((HANDLE)ci_s);
    seen.v[14] = send(ci_s, "x", 1, 0);
    seen.v[15] = WSAGetLastError();
    WSACleanup();
    return 0;
}

static void test_cancel_io(void)
{
    two_hosts();
    run_pair(ci_client, NULL);
    CHECK_INT_EQ(seen.v[0], SOCKET_ERROR);
    CHECK_INT_EQ(seen.v[10], SOCKET_ERROR);
    CHECK_INT_EQ(seen.v[1], FALSE);
    CHECK_INT_EQ(seen.v[2], ERROR_IO_INCOMPLETE);
    CHECK_INT_EQ(seen.v[3], TRUE);
    CHECK_INT_EQ(seen.v[4], WAIT_OBJECT_0);
    CHECK_INT_EQ(seen.v[5], FALSE);
    CHECK_INT_EQ(seen.v[6], ERROR_OPERATION_ABORTED);
    CHECK_INT_EQ(seen.v[7], 0);
    CHECK_INT_EQ(seen.v[8], FALSE);
    CHECK_INT_EQ(seen.v[9], ERROR_INVALID_HANDLE);
    /* The other thread's request is taken when the first ACK comes back. */
    CHECK_INT_EQ(seen.v[11], TRUE);
    CHECK_INT_EQ(seen.t[11], seen.t[0] + pending_send_taken());
    CHECK_INT_EQ(seen.v[12], 500);
    CHECK_INT_EQ(seen.v[13], TRUE);
    CHECK_INT_EQ(seen.v[14], SOCKET_ERROR);
    CHECK_INT_EQ(seen.v[15], WSAENOTSOCK);
    CHECK_INT_EQ(th_count(world, WSIM_REC_VIOLATION, "CloseHandle-socket"), 1);
    CHECK_INT_EQ(seen.data_len, 2500);
}

/* ---- contract.S30_blocking_send_is_alertable ----------------------------------------------------- */

/* S30: a blocking send performs an alertable wait; an APC queued to the
 * thread runs during it, and the send goes on waiting. */
static SOCKET s30_s;

static void CALLBACK s30_apc(ULONG_PTR data)
{
    seen.v[20] = (long long)data;
    seen.t[20] = th_now();
    seen.v[21] = GetCurrentThreadId();
}

static DWORD WINAPI s30_sender(LPVOID param)
{
    (void)param;
    seen.t[10] = th_now();
    seen.v[11] = send(s30_s, big, 100, 0);   /* the queue is full: blocks */
    seen.t[11] = th_now();
    return 0;
}

static int s30_client(int argc, char **argv)
{
    (void)argc, (void)argv;
    int64_t queued_at;
    s30_s = connect_and_fill(&queued_at);
    seen.t[0] = queued_at;
    HANDLE t = CreateThread(NULL, 0, s30_sender, NULL, 0, NULL);
    Sleep(1);
    seen.v[0] = QueueUserAPC(s30_apc, t, 7);
    WaitForSingleObject(t, INFINITE);
    CloseHandle(t);
    closesocket(s30_s);
    WSACleanup();
    return 0;
}

static void test_S30(void)
{
    two_hosts();
    run_pair(s30_client, NULL);
    CHECK_INT_EQ(seen.v[0], 1);
    CHECK_INT_EQ(seen.t[10], seen.t[0]);
    /* The APC ran in the blocked send, on its thread, when it was queued. */
    CHECK_INT_EQ(seen.v[20], 7);
    CHECK_INT_EQ(seen.t[20], seen.t[0] + 1 * MS);
    CHECK_INT_EQ(seen.v[21], CLIENT_TID(1));
    /* The send went on waiting and completed when room appeared. */
    CHECK_INT_EQ(seen.v[11], 100);
    CHECK_INT_EQ(seen.t[11], seen.t[0] + pending_send_taken());
    CHECK(seen.t[20] < seen.t[11]);
    const wsim_record *send_call = find_in_thread(WSIM_REC_CALL, "send", CLIENT, 1, 0);
    CHECK(send_call != NULL);
    if (send_call) {
        CHECK_INT_EQ(send_call->a[2], seen.t[0]);
        CHECK_INT_EQ(send_call->time_ns, seen.t[11]);
    }
    CHECK_INT_EQ(seen.data_len, 2100);
}

/* ---- contract.S05_close_cancels_blocked_send ------------------------------------------------------- */

static SOCKET s05_s;

static DWORD WINAPI s05_sender(LPVOID param)
{
    (void)param;
    seen.v[11] = send(s05_s, big, 100, 0);   /* the queue is full: blocks */
    seen.v[12] = WSAGetLastError();
    seen.t[11] = th_now();
    return 0;
}

/* Another thread closes the socket while the send blocks: the send fails
 * with WSAEINTR at that instant (S05, the CE page's wording), and the
 * handle no longer names a socket. */
static int s05_client(int argc, char **argv)
{
    (void)argc, (void)argv;
    int64_t queued_at;
    s05_s = connect_and_fill(&queued_at);
    seen.t[0] = queued_at;
    HANDLE t = CreateThread(NULL, 0, s05_sender, NULL, 0, NULL);
    Sleep(1);
    seen.t[1] = th_now();
    seen.v[1] = closesocket(s05_s);
    WaitForSingleObject(t, INFINITE);
    CloseHandle(t);
    seen.v[2] = send(s05_s, "x", 1, 0);
    seen.v[3] = WSAGetLastError();
    WSACleanup();
    return 0;
}

static void test_S05(void)
{
    two_hosts();
    run_pair(s05_client, NULL);
    CHECK_INT_EQ(seen.v[1], 0);
    CHECK_INT_EQ(seen.v[11], SOCKET_ERROR);
    CHECK_INT_EQ(seen.v[12], WSAEINTR);
    CHECK_INT_EQ(seen.t[11], seen.t[1]);
    CHECK_INT_EQ(seen.t[1], seen.t[0] + 1 * MS);
    CHECK_INT_EQ(seen.v[2], SOCKET_ERROR);
    CHECK_INT_EQ(seen.v[3], WSAENOTSOCK);
}

/* ---- threads.exit_thread_in_apc_releases_socket ------------------------------------------------------
 *
 * A thread blocked in recv runs an APC that calls ExitThread: the thread
 * ends inside the wait.  Closing the socket afterwards frees it at once —
 * its handle is free again (handles are reused lowest first). */

static SOCKET xa_s;

static void CALLBACK xa_apc(ULONG_PTR data)
{
    (void)data;
    ExitThread(7);
}

static DWORD WINAPI xa_reader(LPVOID param)
{
    (void)param;
    char buf[16];
    recv(xa_s, buf, sizeof buf, 0);   /* blocks: nothing is ever sent */
    return 0;
}

static int xa_client(int argc, char **argv)
{
    (void)argc, (void)argv;
    start();
    xa_s = connect_b();
    HANDLE t = CreateThread(NULL, 0, xa_reader, NULL, 0, NULL);
    Sleep(1);
    QueueUserAPC(xa_apc, t, 0);
    WaitForSingleObject(t, INFINITE);
    DWORD code = 0;
    GetExitCodeThread(t, &code);
    seen.v[0] = (long long)code;
    CloseHandle(t);
    seen.v[1] = closesocket(xa_s);
    SOCKET again = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
    seen.v[2] = again == xa_s;
    closesocket(again);
    WSACleanup();
    return 0;
}

static void test_exit_thread_in_apc(void)
{
    two_hosts();
    run_pair(xa_client, NULL);
    CHECK_INT_EQ(seen.v[0], 7);
    CHECK_INT_EQ(seen.v[1], 0);
    CHECK_INT_EQ(seen.v[2], 1);
}

/* ---- the table of cases ---------------------------------------------------------------------------- */

static const test_case cases[] = {
    {"create_and_wait", test_create_and_wait},
    {"beginthreadex", test_beginthreadex},
    {"exit_thread_main", test_exit_thread_main},
    {"critical_section", test_critical_section},
    {"events_auto_manual", test_events_auto_manual},
    {"wait_multiple_any_all_timeout", test_wait_multiple},
    {"queue_user_apc", test_queue_user_apc},
    {"qpc", test_qpc},
    {"cancel_io", test_cancel_io},
    {"W01_completion_routine", test_W01},
    {"W17_closesocket_cancels_io", test_W17_closesocket},
    {"W17_thread_exit_cancels_io", test_W17_thread_exit},
    {"W18_send_from_completion_routine", test_W18},
    {"W22_routines_only_in_alertable_wait", test_W22},
    {"W23_routines_never_nested", test_W23},
    {"W24_routine_arguments", test_W24},
    {"W25_all_routines_before_wait_returns", test_W25},
    {"S30_blocking_send_is_alertable", test_S30},
    {"S05_close_cancels_blocked_send", test_S05},
    {"exit_thread_in_apc_releases_socket", test_exit_thread_in_apc},
};

int main(int argc, char **argv)
{
    return test_main(argc, argv, cases, sizeof cases / sizeof cases[0], end_world);
}
