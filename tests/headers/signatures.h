/* signatures.h — part of headers.layout: every function wsim's headers
 * declare has the Windows SDK's prototype.
 *
 * Each assertion compares the declared function's type with the SDK's
 * prototype written in SDK type names, at compile time and without
 * referencing the function (so nothing needs linking).  Written in SDK
 * terms, the same file was also compiled against mingw-w64's headers
 * (x86_64-w64-mingw32-gcc -std=c11 -fsyntax-only, with <winsock2.h>,
 * <ws2tcpip.h>, <windows.h> and <process.h>) when it was written, and
 * passed there too, with one exception: mingw-w64 declares select's timeout
 * as `const PTIMEVAL` (a const pointer to a non-const timeval), while the
 * Windows SDK and Microsoft's documentation say `const struct timeval *`,
 * which is what wsim declares and checks.  DWORD, LONG and u_long are the
 * SDK's names, kept 32-bit by wsim's typedefs.
 *
 * Included by test_layout.c after the wsim headers.
 */
#ifndef WSIM_TESTS_HEADERS_SIGNATURES_H
#define WSIM_TESTS_HEADERS_SIGNATURES_H

#define SIGNATURE(fn, type)                                                      \
    _Static_assert(__builtin_types_compatible_p(__typeof__(fn), type),           \
                   #fn " has the SDK's prototype " #type)

/* winsock2.h */
SIGNATURE(WSAStartup, int(WORD, LPWSADATA));
SIGNATURE(WSACleanup, int(void));
SIGNATURE(WSAGetLastError, int(void));
SIGNATURE(WSASetLastError, void(int));
SIGNATURE(socket, SOCKET(int, int, int));
SIGNATURE(WSASocketA, SOCKET(int, int, int, LPWSAPROTOCOL_INFOA, GROUP, DWORD));
SIGNATURE(WSASocketW, SOCKET(int, int, int, LPWSAPROTOCOL_INFOW, GROUP, DWORD));
SIGNATURE(closesocket, int(SOCKET));
SIGNATURE(bind, int(SOCKET, const struct sockaddr *, int));
SIGNATURE(listen, int(SOCKET, int));
SIGNATURE(accept, SOCKET(SOCKET, struct sockaddr *, int *));
SIGNATURE(WSAAccept, SOCKET(SOCKET, struct sockaddr *, LPINT, LPCONDITIONPROC, DWORD_PTR));
SIGNATURE(connect, int(SOCKET, const struct sockaddr *, int));
SIGNATURE(WSAConnect,
          int(SOCKET, const struct sockaddr *, int, LPWSABUF, LPWSABUF, LPQOS, LPQOS));
SIGNATURE(send, int(SOCKET, const char *, int, int));
SIGNATURE(sendto, int(SOCKET, const char *, int, int, const struct sockaddr *, int));
SIGNATURE(recv, int(SOCKET, char *, int, int));
SIGNATURE(recvfrom, int(SOCKET, char *, int, int, struct sockaddr *, int *));
SIGNATURE(WSASend, int(SOCKET, LPWSABUF, DWORD, LPDWORD, DWORD, LPWSAOVERLAPPED,
                       LPWSAOVERLAPPED_COMPLETION_ROUTINE));
SIGNATURE(WSASendTo, int(SOCKET, LPWSABUF, DWORD, LPDWORD, DWORD, const struct sockaddr *, int,
                         LPWSAOVERLAPPED, LPWSAOVERLAPPED_COMPLETION_ROUTINE));
SIGNATURE(WSARecv, int(SOCKET, LPWSABUF, DWORD, LPDWORD, LPDWORD, LPWSAOVERLAPPED,
                       LPWSAOVERLAPPED_COMPLETION_ROUTINE));
SIGNATURE(WSARecvFrom, int(SOCKET, LPWSABUF, DWORD, LPDWORD, LPDWORD, struct sockaddr *, LPINT,
                           LPWSAOVERLAPPED, LPWSAOVERLAPPED_COMPLETION_ROUTINE));
SIGNATURE(shutdown, int(SOCKET, int));
SIGNATURE(getsockopt, int(SOCKET, int, int, char *, int *));
SIGNATURE(setsockopt, int(SOCKET, int, int, const char *, int));
SIGNATURE(getpeername, int(SOCKET, struct sockaddr *, int *));
SIGNATURE(getsockname, int(SOCKET, struct sockaddr *, int *));
SIGNATURE(ioctlsocket, int(SOCKET, LONG, u_long *));
SIGNATURE(WSAIoctl, int(SOCKET, DWORD, LPVOID, DWORD, LPVOID, DWORD, LPDWORD, LPWSAOVERLAPPED,
                        LPWSAOVERLAPPED_COMPLETION_ROUTINE));
SIGNATURE(select, int(int, fd_set *, fd_set *, fd_set *, const struct timeval *));
SIGNATURE(__WSAFDIsSet, int(SOCKET, fd_set *));
SIGNATURE(WSAPoll, int(LPWSAPOLLFD, ULONG, INT));
SIGNATURE(WSAEventSelect, int(SOCKET, WSAEVENT, LONG));
SIGNATURE(WSAEnumNetworkEvents, int(SOCKET, WSAEVENT, LPWSANETWORKEVENTS));
SIGNATURE(WSACreateEvent, WSAEVENT(void));
SIGNATURE(WSACloseEvent, BOOL(WSAEVENT));
SIGNATURE(WSASetEvent, BOOL(WSAEVENT));
SIGNATURE(WSAResetEvent, BOOL(WSAEVENT));
SIGNATURE(WSAWaitForMultipleEvents, DWORD(DWORD, const WSAEVENT *, BOOL, DWORD, BOOL));
SIGNATURE(WSAGetOverlappedResult, BOOL(SOCKET, LPWSAOVERLAPPED, LPDWORD, BOOL, LPDWORD));
SIGNATURE(WSACancelBlockingCall, int(void));
SIGNATURE(WSAAsyncSelect, int(SOCKET, HWND, u_int, LONG));
SIGNATURE(htons, u_short(u_short));
SIGNATURE(htonl, u_long(u_long));
SIGNATURE(ntohs, u_short(u_short));
SIGNATURE(ntohl, u_long(u_long));
SIGNATURE(inet_addr, ULONG(const char *));
SIGNATURE(inet_ntoa, char *(struct in_addr));
SIGNATURE(gethostname, int(char *, int));
SIGNATURE(gethostbyname, struct hostent *(const char *));

/* ws2tcpip.h */
SIGNATURE(getaddrinfo, INT(PCSTR, PCSTR, const ADDRINFOA *, PADDRINFOA *));
SIGNATURE(freeaddrinfo, VOID(PADDRINFOA));
SIGNATURE(GetAddrInfoW, INT(PCWSTR, PCWSTR, const ADDRINFOW *, PADDRINFOW *));
SIGNATURE(FreeAddrInfoW, VOID(PADDRINFOW));
SIGNATURE(gai_strerrorA, char *(int));
SIGNATURE(inet_pton, INT(INT, PCSTR, PVOID));
SIGNATURE(InetPtonA, INT(INT, PCSTR, PVOID));
SIGNATURE(inet_ntop, PCSTR(INT, const VOID *, PSTR, size_t));
SIGNATURE(InetNtopA, PCSTR(INT, const VOID *, PSTR, size_t));

/* windows.h (and process.h's _beginthreadex) */
SIGNATURE(GetLastError, DWORD(void));
SIGNATURE(SetLastError, VOID(DWORD));
SIGNATURE(Sleep, VOID(DWORD));
SIGNATURE(SleepEx, DWORD(DWORD, BOOL));
SIGNATURE(GetTickCount, DWORD(void));
SIGNATURE(GetTickCount64, ULONGLONG(void));
SIGNATURE(QueryPerformanceCounter, BOOL(LARGE_INTEGER *));
SIGNATURE(QueryPerformanceFrequency, BOOL(LARGE_INTEGER *));
SIGNATURE(CreateEventA, HANDLE(LPSECURITY_ATTRIBUTES, BOOL, BOOL, LPCSTR));
SIGNATURE(CreateEventW, HANDLE(LPSECURITY_ATTRIBUTES, BOOL, BOOL, LPCWSTR));
SIGNATURE(SetEvent, BOOL(HANDLE));
SIGNATURE(ResetEvent, BOOL(HANDLE));
SIGNATURE(CloseHandle, BOOL(HANDLE));
SIGNATURE(WaitForSingleObject, DWORD(HANDLE, DWORD));
SIGNATURE(WaitForSingleObjectEx, DWORD(HANDLE, DWORD, BOOL));
SIGNATURE(WaitForMultipleObjects, DWORD(DWORD, const HANDLE *, BOOL, DWORD));
SIGNATURE(WaitForMultipleObjectsEx, DWORD(DWORD, const HANDLE *, BOOL, DWORD, BOOL));
SIGNATURE(CreateThread,
          HANDLE(LPSECURITY_ATTRIBUTES, SIZE_T, LPTHREAD_START_ROUTINE, LPVOID, DWORD, LPDWORD));
SIGNATURE(ExitThread, VOID(DWORD));
SIGNATURE(GetCurrentThreadId, DWORD(void));
SIGNATURE(GetCurrentThread, HANDLE(void));
SIGNATURE(QueueUserAPC, DWORD(PAPCFUNC, HANDLE, ULONG_PTR));
SIGNATURE(InitializeCriticalSection, VOID(LPCRITICAL_SECTION));
SIGNATURE(EnterCriticalSection, VOID(LPCRITICAL_SECTION));
SIGNATURE(LeaveCriticalSection, VOID(LPCRITICAL_SECTION));
SIGNATURE(DeleteCriticalSection, VOID(LPCRITICAL_SECTION));
SIGNATURE(GetOverlappedResult, BOOL(HANDLE, LPOVERLAPPED, LPDWORD, BOOL));
SIGNATURE(CancelIo, BOOL(HANDLE));
SIGNATURE(_beginthreadex,
          uintptr_t(void *, unsigned, unsigned (*)(void *), void *, unsigned, unsigned *));

/* Callback types. */
_Static_assert(__builtin_types_compatible_p(LPWSAOVERLAPPED_COMPLETION_ROUTINE,
                                            void (*)(DWORD, DWORD, LPWSAOVERLAPPED, DWORD)),
               "LPWSAOVERLAPPED_COMPLETION_ROUTINE has the SDK's type");
_Static_assert(__builtin_types_compatible_p(LPTHREAD_START_ROUTINE, DWORD (*)(LPVOID)),
               "LPTHREAD_START_ROUTINE has the SDK's type");
_Static_assert(__builtin_types_compatible_p(PAPCFUNC, void (*)(ULONG_PTR)),
               "PAPCFUNC has the SDK's type");
_Static_assert(__builtin_types_compatible_p(WSAEVENT, HANDLE), "WSAEVENT is HANDLE");
_Static_assert(__builtin_types_compatible_p(SOCKET, UINT_PTR), "SOCKET is UINT_PTR");
_Static_assert(__builtin_types_compatible_p(WSAOVERLAPPED, OVERLAPPED),
               "WSAOVERLAPPED is OVERLAPPED");

#endif /* WSIM_TESTS_HEADERS_SIGNATURES_H */
