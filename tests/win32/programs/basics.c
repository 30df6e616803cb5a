/* The Win32 and CRT basics, each with a result the documents fix: heaps,
 * FormatMessage, strings, the secure CRT, TLS, SRW locks and condition
 * variables, abandoned mutexes, the system time and GetSystemInfo. */
#include <winsock2.h>
#include <windows.h>
#include <stdio.h>

static HANDLE g_mutex;
static DWORD g_tls;
static SRWLOCK g_lock = SRWLOCK_INIT;
static CONDITION_VARIABLE g_cv = CONDITION_VARIABLE_INIT;
static CRITICAL_SECTION g_cs;
static int g_ready;

static DWORD WINAPI TakeAndQuit(LPVOID p)
{
    (void)p;
    WaitForSingleObject(g_mutex, INFINITE);
    return 0;   /* ends owning the mutex: abandoned */
}

static DWORD WINAPI TlsThread(LPVOID p)
{
    (void)p;
    printf("tls in new thread: %s\n", TlsGetValue(g_tls) == NULL ? "NULL" : "set");
    Sleep(5);
    AcquireSRWLockExclusive(&g_lock);
    g_ready = 1;
    ReleaseSRWLockExclusive(&g_lock);
    WakeConditionVariable(&g_cv);
    Sleep(5);
    EnterCriticalSection(&g_cs);
    g_ready = 2;
    LeaveCriticalSection(&g_cs);
    WakeAllConditionVariable(&g_cv);
    return 7;
}

int main(void)
{
    /* heaps */
    HANDLE heap = GetProcessHeap();
    char *p = (char *)HeapAlloc(heap, HEAP_ZERO_MEMORY, 100);
    printf("heap: zero=%d size=%zu\n", p[99] == 0, (size_t)HeapSize(heap, 0, p));
    p = (char *)HeapReAlloc(heap, HEAP_ZERO_MEMORY, p, 200);
    printf("realloc: zero=%d size=%zu\n", p[199] == 0, (size_t)HeapSize(heap, 0, p));
    printf("free: %d\n", HeapFree(heap, 0, p));
    HANDLE mine = HeapCreate(0, 0, 0);
    HeapAlloc(mine, 0, 10);
    printf("destroy: %d, process heap: %d\n", HeapDestroy(mine), HeapDestroy(heap));

    /* FormatMessage */
    LPSTR msg = NULL;
    DWORD n = FormatMessageA(FORMAT_MESSAGE_ALLOCATE_BUFFER | FORMAT_MESSAGE_FROM_SYSTEM |
                                 FORMAT_MESSAGE_IGNORE_INSERTS,
                             NULL, WSAECONNREFUSED, MAKELANGID(LANG_NEUTRAL, SUBLANG_DEFAULT),
                             (LPSTR)&msg, 0, NULL);
    printf("message %lu: %.*s|\n", (unsigned long)n, (int)(n - 2), msg);
    printf("localfree: %s\n", LocalFree(msg) == NULL ? "NULL" : "failed");
    char buf[64];
    n = FormatMessageA(FORMAT_MESSAGE_FROM_SYSTEM, NULL, 12345678, 0, buf, sizeof buf, NULL);
    printf("unknown: %lu error=%lu\n", (unsigned long)n, (unsigned long)GetLastError());
    DWORD_PTR inserts[] = {(DWORD_PTR)"port", 80};
    FormatMessageA(FORMAT_MESSAGE_FROM_STRING | FORMAT_MESSAGE_ARGUMENT_ARRAY, "%1 is %2!d!%0",
                   0, 0, buf, sizeof buf, (va_list *)inserts);
    printf("inserts: %s\n", buf);
    printf("FAILED: %d %d\n", FAILED((HRESULT)0x80004005), SUCCEEDED(S_OK));

    /* strings and the secure CRT */
    printf("stricmp: %d strnicmp: %d lstrlen: %d lstrcmpi: %d\n", _stricmp("Quit", "QUIT"),
           _strnicmp("Quit", "QUX", 2), lstrlenA("hello"), lstrcmpiA("abc", "ABD"));
    char small[8];
    printf("strncpy_s truncate: %d '%s'\n", strncpy_s(small, sizeof small, "truncated text", _TRUNCATE),
           small);
    strcpy_s(small, sizeof small, "ab");
    strcat_s(small, sizeof small, "cd");
    int w = sprintf_s(buf, sizeof buf, "%s-%d", small, 42);
    printf("sprintf_s: %d '%s'\n", w, buf);
    printf("_snprintf_s: %d\n", _snprintf_s(small, sizeof small, _TRUNCATE, "%s", "0123456789"));
    _itoa_s(-255, buf, sizeof buf, 10);
    printf("_itoa_s: %s", buf);
    _itoa_s(255, buf, sizeof buf, 16);
    printf(" %s\n", buf);
    char word[8];
    int num = 0;
    int got = sscanf_s("port 8080", "%s %d", word, (unsigned)sizeof word, &num);
    printf("sscanf_s: %d %s %d\n", got, word, num);

    /* Interlocked */
    LONG v = 5;
    LONG64 v64 = 1;
    LONG inc = InterlockedIncrement(&v);
    LONG cmp = InterlockedCompareExchange(&v, 10, 6);
    LONG64 add = InterlockedExchangeAdd64(&v64, 41);
    printf("interlocked: %ld %ld %ld %lld %lld\n", (long)inc, (long)cmp, (long)v, (long long)add,
           (long long)v64);

    /* TLS, SRW lock and condition variables */
    g_tls = TlsAlloc();
    TlsSetValue(g_tls, &v);
    printf("tls index %lu: %s\n", (unsigned long)g_tls, TlsGetValue(g_tls) == &v ? "mine" : "?");
    InitializeCriticalSection(&g_cs);
    HANDLE t = CreateThread(NULL, 0, TlsThread, NULL, 0, NULL);
    AcquireSRWLockExclusive(&g_lock);
    while (g_ready != 1)
        SleepConditionVariableSRW(&g_cv, &g_lock, INFINITE, 0);
    ReleaseSRWLockExclusive(&g_lock);
    printf("srw woken at %lu ms\n", (unsigned long)GetTickCount());
    EnterCriticalSection(&g_cs);
    while (g_ready != 2)
        SleepConditionVariableCS(&g_cv, &g_cs, INFINITE);
    LeaveCriticalSection(&g_cs);
    printf("cs woken at %lu ms\n", (unsigned long)GetTickCount());
    EnterCriticalSection(&g_cs);
    BOOL slept = SleepConditionVariableCS(&g_cv, &g_cs, 20);
    printf("timed out: %d error=%lu at %lu ms\n", slept, (unsigned long)GetLastError(),
           (unsigned long)GetTickCount());
    LeaveCriticalSection(&g_cs);
    WaitForSingleObject(t, INFINITE);
    BOOL freed = TlsFree(g_tls);
    BOOL again = TlsFree(g_tls);
    printf("tls free: %d, again: %d\n", freed, again);

    /* an abandoned mutex */
    g_mutex = CreateMutexA(NULL, FALSE, NULL);
    HANDLE t2 = CreateThread(NULL, 0, TakeAndQuit, NULL, 0, NULL);
    WaitForSingleObject(t2, INFINITE);
    DWORD r = WaitForSingleObject(g_mutex, 0);
    DWORD r2 = WaitForSingleObject(g_mutex, 0);
    printf("abandoned: %d, then: %lu\n", r == WAIT_ABANDONED_0, (unsigned long)r2);
    ReleaseMutex(g_mutex);
    ReleaseMutex(g_mutex);

    /* the system */
    SYSTEM_INFO si;
    GetSystemInfo(&si);
    printf("processors: %lu page: %lu\n", (unsigned long)si.dwNumberOfProcessors,
           (unsigned long)si.dwPageSize);
    SYSTEMTIME st;
    GetSystemTime(&st);
    printf("date: %04u-%02u-%02u %02u:%02u:%02u.%03u dow=%u\n", st.wYear, st.wMonth, st.wDay,
           st.wHour, st.wMinute, st.wSecond, st.wMilliseconds, st.wDayOfWeek);
    FILETIME ft;
    GetSystemTimeAsFileTime(&ft);
    printf("filetime: %llu\n", ((unsigned long long)ft.dwHighDateTime << 32) | ft.dwLowDateTime);
    return 0;
}
