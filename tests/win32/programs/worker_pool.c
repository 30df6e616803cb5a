/* A worker pool in the style of Win32 server samples: a semaphore counts
 * queued jobs, a mutex protects the queue, Interlocked counters count the
 * work, and the main thread waits for the workers with
 * WaitForMultipleObjects. */
#include <windows.h>
#include <stdio.h>

#define WORKERS 3
#define JOBS 10

static HANDLE g_hSem, g_hMutex;
static int g_queue[JOBS + WORKERS], g_head, g_tail;
static volatile LONG g_done, g_sum;

static DWORD WINAPI Worker(LPVOID param)
{
    int id = (int)(INT_PTR)param;
    for (;;) {
        WaitForSingleObject(g_hSem, INFINITE);
        if (WaitForSingleObject(g_hMutex, INFINITE) != WAIT_OBJECT_0)
            return 1;
        int job = g_queue[g_head++];
        ReleaseMutex(g_hMutex);
        if (job < 0)
            break;
        Sleep(10 * (DWORD)(id + 1));   /* the work takes virtual time */
        InterlockedExchangeAdd(&g_sum, job);
        InterlockedIncrement(&g_done);
    }
    return 0;
}

int main(void)
{
    HANDLE threads[WORKERS];
    g_hSem = CreateSemaphore(NULL, 0, JOBS + WORKERS, NULL);
    g_hMutex = CreateMutex(NULL, FALSE, NULL);
    if (!g_hSem || !g_hMutex) {
        printf("create failed: %lu\n", (unsigned long)GetLastError());
        return 1;
    }
    for (int i = 0; i < WORKERS; i++)
        threads[i] = CreateThread(NULL, 0, Worker, (LPVOID)(INT_PTR)i, 0, NULL);
    for (int i = 1; i <= JOBS + WORKERS; i++) {
        WaitForSingleObject(g_hMutex, INFINITE);
        g_queue[g_tail++] = i <= JOBS ? i : -1;   /* then one stop job per worker */
        ReleaseMutex(g_hMutex);
        ReleaseSemaphore(g_hSem, 1, NULL);
    }
    WaitForMultipleObjects(WORKERS, threads, TRUE, INFINITE);
    LONG previous = -1;
    BOOL over = ReleaseSemaphore(g_hSem, JOBS + WORKERS + 1, &previous);
    printf("done=%ld sum=%ld\n", (long)g_done, (long)g_sum);
    printf("too many posts: %d error=%lu previous=%ld\n", over, (unsigned long)GetLastError(),
           (long)previous);
    BOOL released = ReleaseMutex(g_hMutex);
    printf("not owner: %d error=%lu\n", released, (unsigned long)GetLastError());
    for (int i = 0; i < WORKERS; i++)
        CloseHandle(threads[i]);
    CloseHandle(g_hSem);
    CloseHandle(g_hMutex);
    return 0;
}
