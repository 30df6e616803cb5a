/* functions.h — the one list of the functions wsim provides to programs
 * and records as calls.
 *
 * Owns: each function's id, the name it has in programs and in the trace
 * (the CALL record's `function`), its family, the steps of the error
 * precedence that apply to it beyond the shared ones (wsapi/calls.h), and
 * whether it sets the last error when it succeeds.  Every call begins with
 * its id (wsapi_call_begin, runtime/calls.h); no call names itself with a
 * string of its own.  The list is the registry of program entry points, so
 * it names the Winsock functions of wsapi/ as well as the runtime's own.
 *
 * X(name, family, steps, error_on_success):
 *   family            what kind of call it is (WSIM_FAMILY_*);
 *   steps             host-wide conditions checked right after
 *                     WSANOTINITIALISED for the calls whose reference page
 *                     lists them (wsapi/calls.h, step 2): NETDOWN
 *                     (WSAENETDOWN, S03), NOBUFS (WSAENOBUFS, S09); 0: none;
 *   error_on_success  1 when a successful call sets the last error
 *                     (SetLastError, WSASetLastError), 0 when only a
 *                     failure does.
 */
#ifndef WSIM_RUNTIME_FUNCTIONS_H
#define WSIM_RUNTIME_FUNCTIONS_H

enum {
    WSIM_STEP_NETDOWN = 1,     /* WSAENETDOWN when the host's network is down (S03) */
    WSIM_STEP_NOBUFS = 2,      /* WSAENOBUFS when the host's buffers are exhausted (S09) */
};
#define WSIM_NET (WSIM_STEP_NETDOWN)
#define WSIM_NET_BUF (WSIM_STEP_NETDOWN | WSIM_STEP_NOBUFS)

typedef enum wsim_family {
    WSIM_FAMILY_STARTUP,       /* WSAStartup, WSACleanup, WSACancelBlockingCall */
    WSIM_FAMILY_ERROR,         /* the last error */
    WSIM_FAMILY_NAME,          /* byte order, addresses, names */
    WSIM_FAMILY_SOCKET,        /* a socket's life and options */
    WSIM_FAMILY_SEND,          /* sending */
    WSIM_FAMILY_RECV,          /* receiving */
    WSIM_FAMILY_OVERLAPPED,    /* an overlapped request's result, cancelling */
    WSIM_FAMILY_READY,         /* readiness: select, WSAPoll, WSAEventSelect */
    WSIM_FAMILY_EVENT,         /* event objects */
    WSIM_FAMILY_WAIT,          /* waits and sleeps */
    WSIM_FAMILY_THREAD,        /* threads and APCs */
    WSIM_FAMILY_SYNC,          /* critical sections */
    WSIM_FAMILY_CLOCK,         /* tick counts, the performance counter */
    WSIM_FAMILY_HEAP,          /* Win32 heaps, LocalAlloc/LocalFree */
    WSIM_FAMILY_STRING,        /* kernel32 and C runtime string functions */
    WSIM_FAMILY_SYSTEM,        /* what a program learns of its machine */
} wsim_family;

#define WSIM_FUNCTIONS(X)                                       \
    X(WSAStartup, STARTUP, 0, 0)                                \
    X(WSACleanup, STARTUP, 0, 0)                                \
    X(WSACancelBlockingCall, STARTUP, 0, 0)                     \
    X(WSAGetLastError, ERROR, 0, 0)                             \
    X(WSASetLastError, ERROR, 0, 1)                             \
    X(GetLastError, ERROR, 0, 0)                                \
    X(SetLastError, ERROR, 0, 1)                                \
    X(htons, NAME, 0, 0)                                        \
    X(ntohs, NAME, 0, 0)                                        \
    X(htonl, NAME, 0, 0)                                        \
    X(ntohl, NAME, 0, 0)                                        \
    X(inet_addr, NAME, 0, 0)                                    \
    X(getaddrinfo, NAME, 0, 0)                                  \
    X(freeaddrinfo, NAME, 0, 0)                                 \
    X(inet_ntoa, NAME, 0, 0)                                \
    X(inet_pton, NAME, 0, 0)                                \
    X(inet_ntop, NAME, 0, 0)                                \
    X(InetPtonW, NAME, 0, 0)                                \
    X(InetNtopW, NAME, 0, 0)                                \
    X(gethostname, NAME, 0, 0)                              \
    X(gethostbyname, NAME, 0, 0)                            \
    X(gethostbyaddr, NAME, 0, 0)                            \
    X(getservbyname, NAME, 0, 0)                            \
    X(getservbyport, NAME, 0, 0)                            \
    X(GetAddrInfoW, NAME, 0, 0)                             \
    X(FreeAddrInfoW, NAME, 0, 0)                            \
    X(GetAddrInfoExW, NAME, 0, 0)                           \
    X(FreeAddrInfoExW, NAME, 0, 0)                          \
    X(getnameinfo, NAME, 0, 0)                              \
    X(GetNameInfoW, NAME, 0, 0)                             \
    X(gai_strerrorA, NAME, 0, 0)                            \
    X(gai_strerrorW, NAME, 0, 0)                            \
    X(WSAAddressToStringA, NAME, 0, 0)                      \
    X(WSAAddressToStringW, NAME, 0, 0)                      \
    X(WSAStringToAddressA, NAME, 0, 0)                      \
    X(WSAStringToAddressW, NAME, 0, 0)                      \
    X(socket, SOCKET, WSIM_NET_BUF, 0)                          \
    X(WSASocketA, SOCKET, WSIM_NET_BUF, 0)                      \
    X(WSASocketW, SOCKET, WSIM_NET_BUF, 0)                      \
    X(bind, SOCKET, WSIM_NET_BUF, 0)                            \
    X(listen, SOCKET, WSIM_NET_BUF, 0)                          \
    X(accept, SOCKET, WSIM_NET_BUF, 0)                          \
    X(connect, SOCKET, WSIM_NET_BUF, 0)                         \
    X(WSAConnect, SOCKET, WSIM_NET_BUF, 0)                      \
    X(shutdown, SOCKET, WSIM_NET, 0)                            \
    X(closesocket, SOCKET, WSIM_NET, 0)                         \
    X(getsockname, SOCKET, WSIM_NET, 0)                         \
    X(getpeername, SOCKET, WSIM_NET, 0)                         \
    X(getsockopt, SOCKET, WSIM_NET, 0)                          \
    X(setsockopt, SOCKET, WSIM_NET, 0)                          \
    X(ioctlsocket, SOCKET, WSIM_NET, 0)                         \
    X(WSAIoctl, SOCKET, WSIM_NET, 0)                            \
    X(send, SEND, WSIM_NET_BUF, 0)                              \
    X(sendto, SEND, WSIM_NET_BUF, 0)                            \
    X(WSASend, SEND, WSIM_NET_BUF, 0)                           \
    X(WSASendTo, SEND, WSIM_NET_BUF, 0)                         \
    X(recv, RECV, WSIM_NET, 0)                                  \
    X(recvfrom, RECV, WSIM_NET, 0)                              \
    X(WSARecv, RECV, WSIM_NET, 0)                               \
    X(WSARecvFrom, RECV, WSIM_NET, 0)                           \
    X(WSAGetOverlappedResult, OVERLAPPED, 0, 0)                 \
    X(GetOverlappedResult, OVERLAPPED, 0, 0)                    \
    X(CancelIo, OVERLAPPED, 0, 0)                               \
    X(select, READY, WSIM_NET, 0)                               \
    X(__WSAFDIsSet, READY, 0, 0)                                \
    X(WSAPoll, READY, 0, 0)                                     \
    X(WSAEventSelect, READY, WSIM_NET, 0)                       \
    X(WSAEnumNetworkEvents, READY, 0, 0)                        \
    X(WSACreateEvent, EVENT, 0, 0)                              \
    X(WSASetEvent, EVENT, 0, 0)                                 \
    X(WSAResetEvent, EVENT, 0, 0)                               \
    X(WSACloseEvent, EVENT, 0, 0)                               \
    X(CreateEventA, EVENT, 0, 0)                                \
    X(CreateEventW, EVENT, 0, 0)                                \
    X(SetEvent, EVENT, 0, 0)                                    \
    X(ResetEvent, EVENT, 0, 0)                                  \
    X(CloseHandle, EVENT, 0, 0)                                 \
    X(WSAWaitForMultipleEvents, WAIT, 0, 0)                     \
    X(WaitForMultipleObjects, WAIT, 0, 0)                       \
    X(WaitForMultipleObjectsEx, WAIT, 0, 0)                     \
    X(WaitForSingleObject, WAIT, 0, 0)                          \
    X(WaitForSingleObjectEx, WAIT, 0, 0)                        \
    X(Sleep, WAIT, 0, 0)                                        \
    X(SleepEx, WAIT, 0, 0)                                      \
    X(CreateThread, THREAD, 0, 0)                               \
    X(_beginthreadex, THREAD, 0, 0)                             \
    X(ExitThread, THREAD, 0, 0)                                 \
    X(_endthreadex, THREAD, 0, 0)                               \
    X(GetCurrentThreadId, THREAD, 0, 0)                         \
    X(GetCurrentThread, THREAD, 0, 0)                           \
    X(GetExitCodeThread, THREAD, 0, 0)                          \
    X(QueueUserAPC, THREAD, 0, 0)                               \
    X(InitializeCriticalSection, SYNC, 0, 0)                    \
    X(EnterCriticalSection, SYNC, 0, 0)                         \
    X(LeaveCriticalSection, SYNC, 0, 0)                         \
    X(DeleteCriticalSection, SYNC, 0, 0)                        \
    X(GetTickCount, CLOCK, 0, 0)                                \
    X(GetTickCount64, CLOCK, 0, 0)                              \
    X(QueryPerformanceCounter, CLOCK, 0, 0)                     \
    X(QueryPerformanceFrequency, CLOCK, 0, 0)                   \
    X(GetProcessHeap, HEAP, 0, 0)                               \
    X(HeapCreate, HEAP, 0, 0)                                   \
    X(HeapDestroy, HEAP, 0, 0)                                  \
    X(HeapAlloc, HEAP, 0, 0)                                    \
    X(HeapReAlloc, HEAP, 0, 0)                                  \
    X(HeapFree, HEAP, 0, 0)                                     \
    X(HeapSize, HEAP, 0, 0)                                     \
    X(LocalAlloc, HEAP, 0, 0)                                   \
    X(LocalFree, HEAP, 0, 0)                                    \
    X(GetSystemInfo, SYSTEM, 0, 0)                              \
    X(GetSystemTime, CLOCK, 0, 0)                               \
    X(GetLocalTime, CLOCK, 0, 0)                                \
    X(GetSystemTimeAsFileTime, CLOCK, 0, 0)                     \
    X(FormatMessageA, ERROR, 0, 0)                              \
    X(FormatMessageW, ERROR, 0, 0)                              \
    X(InterlockedIncrement, SYNC, 0, 0)                         \
    X(InterlockedDecrement, SYNC, 0, 0)                         \
    X(InterlockedExchange, SYNC, 0, 0)                          \
    X(InterlockedExchangeAdd, SYNC, 0, 0)                       \
    X(InterlockedCompareExchange, SYNC, 0, 0)                   \
    X(InterlockedIncrement64, SYNC, 0, 0)                       \
    X(InterlockedDecrement64, SYNC, 0, 0)                       \
    X(InterlockedExchange64, SYNC, 0, 0)                        \
    X(InterlockedExchangeAdd64, SYNC, 0, 0)                     \
    X(InterlockedCompareExchange64, SYNC, 0, 0)                 \
    X(InterlockedExchangePointer, SYNC, 0, 0)                   \
    X(InterlockedCompareExchangePointer, SYNC, 0, 0)            \
    X(TlsAlloc, THREAD, 0, 0)                                   \
    X(TlsGetValue, THREAD, 0, 1)                                \
    X(TlsSetValue, THREAD, 0, 0)                                \
    X(TlsFree, THREAD, 0, 0)                                    \
    X(CreateMutexA, SYNC, 0, 0)                                 \
    X(CreateMutexW, SYNC, 0, 0)                                 \
    X(ReleaseMutex, SYNC, 0, 0)                                 \
    X(CreateSemaphoreA, SYNC, 0, 0)                             \
    X(CreateSemaphoreW, SYNC, 0, 0)                             \
    X(ReleaseSemaphore, SYNC, 0, 0)                             \
    X(InitializeSRWLock, SYNC, 0, 0)                            \
    X(AcquireSRWLockExclusive, SYNC, 0, 0)                      \
    X(AcquireSRWLockShared, SYNC, 0, 0)                         \
    X(ReleaseSRWLockExclusive, SYNC, 0, 0)                      \
    X(ReleaseSRWLockShared, SYNC, 0, 0)                         \
    X(TryAcquireSRWLockExclusive, SYNC, 0, 0)                   \
    X(TryAcquireSRWLockShared, SYNC, 0, 0)                      \
    X(InitializeConditionVariable, SYNC, 0, 0)                  \
    X(SleepConditionVariableCS, SYNC, 0, 0)                     \
    X(SleepConditionVariableSRW, SYNC, 0, 0)                    \
    X(WakeConditionVariable, SYNC, 0, 0)                        \
    X(WakeAllConditionVariable, SYNC, 0, 0)                     \
    X(lstrlenA, STRING, 0, 0)                                   \
    X(lstrlenW, STRING, 0, 0)                                   \
    X(lstrcpyA, STRING, 0, 0)                                   \
    X(lstrcpyW, STRING, 0, 0)                                   \
    X(lstrcatA, STRING, 0, 0)                                   \
    X(lstrcatW, STRING, 0, 0)                                   \
    X(lstrcmpA, STRING, 0, 0)                                   \
    X(lstrcmpW, STRING, 0, 0)                                   \
    X(lstrcmpiA, STRING, 0, 0)                                  \
    X(lstrcmpiW, STRING, 0, 0)                                  \
    X(_stricmp, STRING, 0, 0)                                   \
    X(_strnicmp, STRING, 0, 0)                                  \
    X(_wcsicmp, STRING, 0, 0)                                   \
    X(sprintf_s, STRING, 0, 0)                                  \
    X(vsprintf_s, STRING, 0, 0)                                 \
    X(_snprintf_s, STRING, 0, 0)                                \
    X(_vsnprintf_s, STRING, 0, 0)                               \
    X(strcpy_s, STRING, 0, 0)                                   \
    X(strncpy_s, STRING, 0, 0)                                  \
    X(strcat_s, STRING, 0, 0)                                   \
    X(_itoa_s, STRING, 0, 0)                                    \
    X(sscanf_s, STRING, 0, 0)

/* The call ids: WSIM_FN_send … */
typedef enum wsim_fn {
#define X(name, family, steps, error_on_success) WSIM_FN_##name,
    WSIM_FUNCTIONS(X)
#undef X
    WSIM_FN_COUNT
} wsim_fn;

typedef struct wsim_fn_info {
    const char *name;          /* as programs and the trace name it */
    wsim_family family;
    unsigned steps;            /* WSIM_STEP_* */
    int error_on_success;
} wsim_fn_info;

/* The row of every id, in the list's order. */
extern const wsim_fn_info wsim_fns[WSIM_FN_COUNT];

/* The id of a name, or -1 when wsim provides no such call. */
int wsim_fn_by_name(const char *name);

#endif
