/* windows.h — wsim's Windows SDK subset: the kernel32 surface.
 *
 * Owns the declarations of the kernel32 calls the simulator implements
 * (errors, sleeping and time, events, waits, threads, APCs, critical
 * sections, overlapped results) and the memory macros (ZeroMemory,
 * CopyMemory, FillMemory, MoveMemory, SecureZeroMemory).  The types and
 * constants they use come from wsim_win_types.h.
 *
 * As on Windows, unless WIN32_LEAN_AND_MEAN (or _WINSOCKAPI_) is defined,
 * windows.h also makes the Winsock API visible; here it does so by including
 * winsock2.h (Windows would include the older winsock.h, a subset).
 *
 * Only declarations, macros and the trivial RtlSecureZeroMemory helper
 * (SecureZeroMemory) live here; the simulator implements every function.
 */
#ifndef WSIM_WINDOWS_H
#define WSIM_WINDOWS_H

/* Markers some programs test to see whether windows.h was included. */
#ifndef _WINDOWS_
#define _WINDOWS_
#endif
#ifndef _INC_WINDOWS
#define _INC_WINDOWS
#endif

#include "wsim_win_types.h"
#include "wsim_win32_basics.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ---- memory ------------------------------------------------------------ */

/* As in the SDK: the Rtl* names are the macros (winnt.h) and the short
 * names alias them (winbase.h). */
#define RtlMoveMemory(Destination, Source, Length) memmove((Destination), (Source), (Length))
#define RtlCopyMemory(Destination, Source, Length) memcpy((Destination), (Source), (Length))
#define RtlFillMemory(Destination, Length, Fill) memset((Destination), (Fill), (Length))
#define RtlZeroMemory(Destination, Length) memset((Destination), 0, (Length))
#define MoveMemory RtlMoveMemory
#define CopyMemory RtlCopyMemory
#define FillMemory RtlFillMemory
#define ZeroMemory RtlZeroMemory

/* Writes through a volatile pointer so the compiler cannot drop the stores,
 * which is the point of SecureZeroMemory. */
static inline PVOID RtlSecureZeroMemory(PVOID ptr, SIZE_T cnt)
{
    volatile unsigned char *p = (volatile unsigned char *)ptr;
    while (cnt--)
        *p++ = 0;
    return ptr;
}
#define SecureZeroMemory RtlSecureZeroMemory

/* ---- errors ------------------------------------------------------------ */

DWORD WINAPI GetLastError(void);
VOID WINAPI SetLastError(DWORD dwErrCode);

/* ---- time -------------------------------------------------------------- */

VOID WINAPI Sleep(DWORD dwMilliseconds);
DWORD WINAPI SleepEx(DWORD dwMilliseconds, BOOL bAlertable);
DWORD WINAPI GetTickCount(void);
ULONGLONG WINAPI GetTickCount64(void);
BOOL WINAPI QueryPerformanceCounter(LARGE_INTEGER *lpPerformanceCount);
BOOL WINAPI QueryPerformanceFrequency(LARGE_INTEGER *lpFrequency);

/* ---- events, handles and waits ----------------------------------------- */

HANDLE WINAPI CreateEventA(LPSECURITY_ATTRIBUTES lpEventAttributes, BOOL bManualReset,
                           BOOL bInitialState, LPCSTR lpName);
HANDLE WINAPI CreateEventW(LPSECURITY_ATTRIBUTES lpEventAttributes, BOOL bManualReset,
                           BOOL bInitialState, LPCWSTR lpName);
#ifdef UNICODE
#define CreateEvent CreateEventW
#else
#define CreateEvent CreateEventA
#endif
BOOL WINAPI SetEvent(HANDLE hEvent);
BOOL WINAPI ResetEvent(HANDLE hEvent);
BOOL WINAPI CloseHandle(HANDLE hObject);

DWORD WINAPI WaitForSingleObject(HANDLE hHandle, DWORD dwMilliseconds);
DWORD WINAPI WaitForSingleObjectEx(HANDLE hHandle, DWORD dwMilliseconds, BOOL bAlertable);
DWORD WINAPI WaitForMultipleObjects(DWORD nCount, const HANDLE *lpHandles, BOOL bWaitAll,
                                    DWORD dwMilliseconds);
DWORD WINAPI WaitForMultipleObjectsEx(DWORD nCount, const HANDLE *lpHandles, BOOL bWaitAll,
                                      DWORD dwMilliseconds, BOOL bAlertable);

/* ---- threads and APCs -------------------------------------------------- */

HANDLE WINAPI CreateThread(LPSECURITY_ATTRIBUTES lpThreadAttributes, SIZE_T dwStackSize,
                           LPTHREAD_START_ROUTINE lpStartAddress, LPVOID lpParameter,
                           DWORD dwCreationFlags, LPDWORD lpThreadId);
WSIM_NORETURN VOID WINAPI ExitThread(DWORD dwExitCode);
DWORD WINAPI GetCurrentThreadId(void);
HANDLE WINAPI GetCurrentThread(void);
BOOL WINAPI GetExitCodeThread(HANDLE hThread, LPDWORD lpExitCode);
DWORD WINAPI QueueUserAPC(PAPCFUNC pfnAPC, HANDLE hThread, ULONG_PTR dwData);

/* process.h's CRT thread start, declared here for programs that use it. */
uintptr_t __cdecl _beginthreadex(void *security, unsigned stack_size,
                                 unsigned (__stdcall *start_address)(void *), void *arglist,
                                 unsigned initflag, unsigned *thrdaddr);

/* ---- critical sections ------------------------------------------------- */

VOID WINAPI InitializeCriticalSection(LPCRITICAL_SECTION lpCriticalSection);
VOID WINAPI EnterCriticalSection(LPCRITICAL_SECTION lpCriticalSection);
VOID WINAPI LeaveCriticalSection(LPCRITICAL_SECTION lpCriticalSection);
VOID WINAPI DeleteCriticalSection(LPCRITICAL_SECTION lpCriticalSection);

/* ---- overlapped I/O ---------------------------------------------------- */

BOOL WINAPI GetOverlappedResult(HANDLE hFile, LPOVERLAPPED lpOverlapped,
                                LPDWORD lpNumberOfBytesTransferred, BOOL bWait);
BOOL WINAPI CancelIo(HANDLE hFile);

#ifdef __cplusplus
}
#endif

/* Winsock, unless the program asked for the lean windows.h.  winsock2.h
 * defines _WINSOCKAPI_ before it includes windows.h, so when the program
 * includes winsock2.h first this is skipped and nothing recurses. */
#if !defined(WIN32_LEAN_AND_MEAN) && !defined(_WINSOCKAPI_)
#include "winsock2.h"
#endif

#endif /* WSIM_WINDOWS_H */
