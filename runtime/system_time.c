/* system_time.c — GetSystemInfo and the system time: GetSystemTime,
 * GetLocalTime, GetSystemTimeAsFileTime.
 *
 * Owns: what a program learns of its machine and of the date.  The date is
 * virtual time from the runtime's epoch (WSAPI_EPOCH_SECONDS,
 * 2025-01-01T00:00:00Z), never the real clock; local time is the same until
 * a scenario sets a time zone (UTC is the default).  GetSystemInfo
 * describes an x64 machine with WSAPI_DEFAULT_PROCESSORS processors: the
 * values Windows reports on x64 (4 KiB pages, 64 KiB allocation
 * granularity, the user address range of Win64).
 */
#include <string.h>
#include <time.h>

#include <windows.h>

#include "runtime/waits.h"
#include "sim/defaults.h"

/* The processor count GetSystemInfo reports. */
#define WSAPI_DEFAULT_PROCESSORS 4

/* Seconds from 1601-01-01 (FILETIME's epoch) to 1970-01-01. */
#define WSAPI_FILETIME_UNIX_OFFSET 11644473600LL

VOID WINAPI GetSystemInfo(LPSYSTEM_INFO lpSystemInfo)
{
    wsapi_call call;
    if (wsapi_call_begin(&call, WSIM_FN_GetSystemInfo, -1) != 0)
        return;
    SYSTEM_INFO info;
    memset(&info, 0, sizeof info);
    info.wProcessorArchitecture = PROCESSOR_ARCHITECTURE_AMD64;
    info.dwPageSize = 4096;
    info.lpMinimumApplicationAddress = (LPVOID)(uintptr_t)0x10000;
    info.lpMaximumApplicationAddress = (LPVOID)(uintptr_t)0x7FFFFFFEFFFFull;
    info.dwNumberOfProcessors = WSAPI_DEFAULT_PROCESSORS;
    info.dwActiveProcessorMask = ((DWORD_PTR)1 << WSAPI_DEFAULT_PROCESSORS) - 1;
    info.dwProcessorType = PROCESSOR_AMD_X8664;
    info.dwAllocationGranularity = 65536;
    info.wProcessorLevel = 6;
    wsapi_call_args(&call, "processors=%u", (unsigned)info.dwNumberOfProcessors);
    if (!lpSystemInfo || wsapi_write_program(lpSystemInfo, &info, sizeof info) != 0) {
        wsapi_call_end(&call, 0, 0);
        wsapi_violation(&call, "GetSystemInfo",
                        "a SYSTEM_INFO the program cannot write: nothing written");
        return;
    }
    wsapi_call_end(&call, 0, 0);
}

/* Virtual nanoseconds since the epoch at 1970 plus the local offset. */
static int64_t unix_ns(const wsapi_call *call)
{
    return WSAPI_EPOCH_SECONDS * WSIM_NS_PER_S + call->sim->now_ns;
}

/* The UTC offset of local time, in seconds: 0 (UTC) until a scenario can
 * set a time zone. */
static int64_t local_offset_s(const wsapi_call *call)
{
    (void)call;
    return 0;
}

static void to_systemtime(int64_t ns, SYSTEMTIME *st)
{
    time_t seconds = (time_t)(ns / WSIM_NS_PER_S);
    struct tm tm;
    gmtime_r(&seconds, &tm);   /* pure arithmetic: reads no time zone */
    st->wYear = (WORD)(tm.tm_year + 1900);
    st->wMonth = (WORD)(tm.tm_mon + 1);
    st->wDayOfWeek = (WORD)tm.tm_wday;
    st->wDay = (WORD)tm.tm_mday;
    st->wHour = (WORD)tm.tm_hour;
    st->wMinute = (WORD)tm.tm_min;
    st->wSecond = (WORD)tm.tm_sec;
    st->wMilliseconds = (WORD)(ns % WSIM_NS_PER_S / WSIM_NS_PER_MS);
}

static void system_time(wsim_fn fn, LPSYSTEMTIME out, int local)
{
    wsapi_call call;
    if (wsapi_call_begin(&call, fn, -1) != 0)
        return;
    SYSTEMTIME st;
    to_systemtime(unix_ns(&call) + (local ? local_offset_s(&call) * WSIM_NS_PER_S : 0), &st);
    wsapi_call_args(&call, "%04u-%02u-%02uT%02u:%02u:%02u.%03u", st.wYear, st.wMonth, st.wDay,
                    st.wHour, st.wMinute, st.wSecond, st.wMilliseconds);
    if (!out || wsapi_write_program(out, &st, sizeof st) != 0) {
        wsapi_call_end(&call, 0, 0);
        wsapi_violation(&call, "SYSTEMTIME", "a SYSTEMTIME the program cannot write: nothing written");
        return;
    }
    wsapi_call_end(&call, 0, 0);
}

VOID WINAPI GetSystemTime(LPSYSTEMTIME lpSystemTime)
{
    system_time(WSIM_FN_GetSystemTime, lpSystemTime, 0);
}

VOID WINAPI GetLocalTime(LPSYSTEMTIME lpSystemTime)
{
    system_time(WSIM_FN_GetLocalTime, lpSystemTime, 1);
}

/* 100-nanosecond intervals since 1601-01-01 UTC. */
VOID WINAPI GetSystemTimeAsFileTime(LPFILETIME lpSystemTimeAsFileTime)
{
    wsapi_call call;
    if (wsapi_call_begin(&call, WSIM_FN_GetSystemTimeAsFileTime, -1) != 0)
        return;
    uint64_t ticks = (uint64_t)(WSAPI_FILETIME_UNIX_OFFSET * 10000000LL) +
                     (uint64_t)(unix_ns(&call) / 100);
    FILETIME ft = {(DWORD)ticks, (DWORD)(ticks >> 32)};
    wsapi_call_args(&call, "value=%llu", (unsigned long long)ticks);
    if (!lpSystemTimeAsFileTime ||
        wsapi_write_program(lpSystemTimeAsFileTime, &ft, sizeof ft) != 0) {
        wsapi_call_end(&call, 0, 0);
        wsapi_violation(&call, "FILETIME", "a FILETIME the program cannot write: nothing written");
        return;
    }
    wsapi_call_end(&call, 0, 0);
}
