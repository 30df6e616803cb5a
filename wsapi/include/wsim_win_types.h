/* wsim_win_types.h — private helper of wsim's Windows SDK subset.
 *
 * Owns the Win32 base layer that windows.h, winsock2.h and ws2tcpip.h all
 * stand on: the C library headers a Windows program expects to get for free,
 * the calling-convention and annotation macros (WINAPI, FAR, IN, ...), the
 * integer and handle types (DWORD, HANDLE, ULONG_PTR, LARGE_INTEGER, ...),
 * TCHAR and TEXT() following UNICODE, the word/byte macros (MAKEWORD,
 * LOWORD, ...), the kernel32 constants programs compare against (INFINITE,
 * WAIT_*, ERROR_*), and the kernel32 structures (OVERLAPPED,
 * SECURITY_ATTRIBUTES, CRITICAL_SECTION, GUID).  It declares no function.
 *
 * Programs do not include this file by name; they include windows.h or
 * winsock2.h, exactly as on Windows.
 *
 * Sizes.  Programs are built for Linux x86-64 (LP64), where `long` is 64
 * bits, but every Win32 type that is 32 bits on Windows stays 32 bits here:
 * DWORD, LONG, ULONG, BOOL are built on `int`/`unsigned int`, never on
 * `long`.  Pointer-sized types (ULONG_PTR, SIZE_T, SOCKET's UINT_PTR, ...)
 * are 64 bits, as on Win64.  The structures therefore have their Win64 SDK
 * layout, which tests/headers/test_layout.c and headers.mingw_layouts check
 * against mingw-w64.
 *
 * WCHAR is wchar_t, which is 4 bytes on Linux and 2 on Windows.  Structures
 * that hold WCHAR arrays (WSAPROTOCOL_INFOW, ...) are therefore EXEMPT from
 * the layout checks: their size differs from Windows by construction.
 * Structures that only hold WCHAR pointers (ADDRINFOW) keep the SDK layout.
 *
 * Constants carry the Windows SDK's numeric values; they are written as plain
 * int literals (no L suffix) so that they stay 32-bit on LP64.
 */
#ifndef WSIM_WIN_TYPES_H
#define WSIM_WIN_TYPES_H

/* Windows programs say `#pragma comment(lib, "ws2_32.lib")` (and
 * `#pragma warning(...)`, `#pragma region`) to talk to MSVC's linker and
 * compiler.  GCC does not know these pragmas and reports them under
 * -Wunknown-pragmas, which -Wall enables; the program has no other way to
 * say it, so the diagnostic is switched off from here to the end of the
 * translation unit.  This is deliberately not push/pop'ed: the pragmas
 * appear in the program's own text after its #include lines. */
#if defined(__GNUC__) || defined(__clang__)
#pragma GCC diagnostic ignored "-Wunknown-pragmas"
#endif

/* What <windows.h> provides on Windows through the CRT headers it pulls in;
 * programs call strlen, memset, wprintf, malloc without including these. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

/* ---- calling conventions and annotations (all empty on Linux) ---------- */

#ifndef __cdecl
#define __cdecl
#endif
#ifndef __stdcall
#define __stdcall
#endif
#ifndef __fastcall
#define __fastcall
#endif
#define WINAPI
#define WINAPIV
#define APIENTRY
#define CALLBACK
#define PASCAL
#define NTAPI
#define WSAAPI
#define WINBASEAPI
#define WINSOCK_API_LINKAGE
#define DECLSPEC_IMPORT
#define FAR
#define NEAR
#ifndef far
#define far
#endif
#ifndef near
#define near
#endif
#define CONST const
#define VOID void
#ifndef IN
#define IN
#endif
#ifndef OUT
#define OUT
#endif
#ifndef OPTIONAL
#define OPTIONAL
#endif

/* MSVC's sized integer keywords, for programs that spell them out. */
#ifndef __int8
#define __int8 char
#endif
#ifndef __int16
#define __int16 short
#endif
#ifndef __int32
#define __int32 int
#endif
#ifndef __int64
#define __int64 long long
#endif

#if defined(__GNUC__) || defined(__clang__)
#define WSIM_NORETURN __attribute__((__noreturn__))
#else
#define WSIM_NORETURN
#endif

/* ---- base integer types: Win32 widths kept on LP64 --------------------- */

typedef int BOOL, *PBOOL, *LPBOOL;
typedef unsigned char BYTE, *PBYTE, *LPBYTE;
typedef unsigned char BOOLEAN, *PBOOLEAN;
typedef unsigned short WORD, *PWORD, *LPWORD;
typedef unsigned int DWORD, *PDWORD, *LPDWORD;
typedef float FLOAT, *PFLOAT;
typedef int INT, *PINT, *LPINT;
typedef unsigned int UINT, *PUINT, *LPUINT;
typedef char CHAR, *PCHAR, *LPCH, *PCH;
typedef unsigned char UCHAR, *PUCHAR;
typedef short SHORT, *PSHORT;
typedef unsigned short USHORT, *PUSHORT;
typedef int LONG, *PLONG, *LPLONG;
typedef unsigned int ULONG, *PULONG;
typedef long long LONGLONG, *PLONGLONG;
typedef unsigned long long ULONGLONG, *PULONGLONG;
typedef unsigned long long DWORDLONG, *PDWORDLONG;

typedef int8_t INT8, *PINT8;
typedef uint8_t UINT8, *PUINT8;
typedef int16_t INT16, *PINT16;
typedef uint16_t UINT16, *PUINT16;
typedef int32_t INT32, *PINT32, LONG32, *PLONG32;
typedef uint32_t UINT32, *PUINT32, ULONG32, *PULONG32, DWORD32, *PDWORD32;
typedef int64_t INT64, *PINT64, LONG64, *PLONG64;
typedef uint64_t UINT64, *PUINT64, ULONG64, *PULONG64, DWORD64, *PDWORD64;

/* Pointer-sized integers (64 bits, as on Win64). */
typedef intptr_t INT_PTR, *PINT_PTR;
typedef uintptr_t UINT_PTR, *PUINT_PTR;
typedef intptr_t LONG_PTR, *PLONG_PTR;
typedef uintptr_t ULONG_PTR, *PULONG_PTR;
typedef uintptr_t DWORD_PTR, *PDWORD_PTR;
typedef ULONG_PTR SIZE_T, *PSIZE_T;
typedef LONG_PTR SSIZE_T, *PSSIZE_T;

typedef void *PVOID, *LPVOID;
typedef const void *LPCVOID;

/* Strings.  WCHAR is wchar_t: 4 bytes here, 2 on Windows (see top). */
typedef wchar_t WCHAR, *PWCHAR, *LPWCH, *PWCH;
typedef CHAR *PSTR, *LPSTR, *NPSTR;
typedef const CHAR *PCSTR, *LPCSTR;
typedef WCHAR *PWSTR, *LPWSTR, *NWPSTR;
typedef const WCHAR *PCWSTR, *LPCWSTR;

#ifdef UNICODE
typedef WCHAR TCHAR, *PTCHAR;
typedef WCHAR TBYTE, *PTBYTE;
typedef LPWSTR LPTSTR, PTSTR;
typedef LPCWSTR LPCTSTR, PCTSTR;
#define WSIM_TEXT_(s) L##s
#else
typedef char TCHAR, *PTCHAR;
typedef unsigned char TBYTE, *PTBYTE;
typedef LPSTR LPTSTR, PTSTR;
typedef LPCSTR LPCTSTR, PCTSTR;
#define WSIM_TEXT_(s) s
#endif
#define TEXT(quote) WSIM_TEXT_(quote)

/* Handles. */
typedef void *HANDLE, **PHANDLE, **LPHANDLE;
typedef struct HWND__ *HWND;
typedef struct HINSTANCE__ *HINSTANCE;
typedef HINSTANCE HMODULE;
typedef UINT_PTR WPARAM;
typedef LONG_PTR LPARAM;
typedef LONG_PTR LRESULT;
typedef LONG HRESULT;
typedef WORD ATOM;

typedef union _LARGE_INTEGER {
    struct {
        DWORD LowPart;
        LONG HighPart;
    };
    struct {
        DWORD LowPart;
        LONG HighPart;
    } u;
    LONGLONG QuadPart;
} LARGE_INTEGER, *PLARGE_INTEGER;

typedef union _ULARGE_INTEGER {
    struct {
        DWORD LowPart;
        DWORD HighPart;
    };
    struct {
        DWORD LowPart;
        DWORD HighPart;
    } u;
    ULONGLONG QuadPart;
} ULARGE_INTEGER, *PULARGE_INTEGER;

#ifndef GUID_DEFINED
#define GUID_DEFINED
typedef struct _GUID {
    ULONG Data1;
    USHORT Data2;
    USHORT Data3;
    UCHAR Data4[8];
} GUID, *LPGUID;
#endif

/* ---- word, byte and misc macros ---------------------------------------- */

#define MAKEWORD(low, high) \
    ((WORD)(((BYTE)(((DWORD_PTR)(low)) & 0xff)) | (((WORD)((BYTE)(((DWORD_PTR)(high)) & 0xff))) << 8)))
#define MAKELONG(low, high) \
    ((LONG)(((WORD)(((DWORD_PTR)(low)) & 0xffff)) | (((DWORD)((WORD)(((DWORD_PTR)(high)) & 0xffff))) << 16)))
#define LOWORD(l) ((WORD)(((DWORD_PTR)(l)) & 0xffff))
#define HIWORD(l) ((WORD)((((DWORD_PTR)(l)) >> 16) & 0xffff))
#define LOBYTE(w) ((BYTE)(((DWORD_PTR)(w)) & 0xff))
#define HIBYTE(w) ((BYTE)((((DWORD_PTR)(w)) >> 8) & 0xff))

#ifndef _countof
#define _countof(array) (sizeof(array) / sizeof((array)[0]))
#endif
#ifndef ARRAYSIZE
#define ARRAYSIZE(array) (sizeof(array) / sizeof((array)[0]))
#endif
#define UNREFERENCED_PARAMETER(p) ((void)(p))

#if !defined(NOMINMAX) && !defined(__cplusplus)
#ifndef max
#define max(a, b) (((a) > (b)) ? (a) : (b))
#endif
#ifndef min
#define min(a, b) (((a) < (b)) ? (a) : (b))
#endif
#endif

#define MAXBYTE 0xff
#define MAXWORD 0xffff
#define MAXDWORD 0xffffffffu
#define MAXLONG 0x7fffffff
#define MAX_PATH 260

/* ---- kernel32 constants ------------------------------------------------- */

#ifndef TRUE
#define TRUE 1
#endif
#ifndef FALSE
#define FALSE 0
#endif

#define INFINITE 0xFFFFFFFF
#define INVALID_HANDLE_VALUE ((HANDLE)(LONG_PTR)-1)
#define MAXIMUM_WAIT_OBJECTS 64

#define WAIT_OBJECT_0 ((DWORD)0x00000000)
#define WAIT_ABANDONED ((DWORD)0x00000080)
#define WAIT_ABANDONED_0 WAIT_ABANDONED
#define WAIT_IO_COMPLETION ((DWORD)0x000000C0)
#define WAIT_TIMEOUT 258
#define WAIT_FAILED ((DWORD)0xFFFFFFFF)
#define STILL_ACTIVE ((DWORD)0x00000103)

#define CREATE_SUSPENDED 0x00000004

/* The winerror.h codes wsim reports through GetLastError and
 * WSAGetLastError (WSA_IO_PENDING is ERROR_IO_PENDING, ...). */
#define NO_ERROR 0
#define ERROR_SUCCESS 0
#define ERROR_INVALID_FUNCTION 1
#define ERROR_FILE_NOT_FOUND 2
#define ERROR_ACCESS_DENIED 5
#define ERROR_INVALID_HANDLE 6
#define ERROR_NOT_ENOUGH_MEMORY 8
#define ERROR_OUTOFMEMORY 14
#define ERROR_GEN_FAILURE 31
#define ERROR_HANDLE_EOF 38
#define ERROR_NOT_SUPPORTED 50
#define ERROR_NETNAME_DELETED 64
#define ERROR_INVALID_PARAMETER 87
#define ERROR_SEM_TIMEOUT 121
#define ERROR_INSUFFICIENT_BUFFER 122
#define ERROR_ALREADY_EXISTS 183
#define ERROR_MORE_DATA 234
#define ERROR_NO_MORE_ITEMS 259
#define ERROR_OPERATION_ABORTED 995
#define ERROR_IO_INCOMPLETE 996
#define ERROR_IO_PENDING 997
#define ERROR_NOACCESS 998
#define ERROR_NOT_FOUND 1168
#define ERROR_CONNECTION_REFUSED 1225
#define ERROR_NETWORK_UNREACHABLE 1231
#define ERROR_HOST_UNREACHABLE 1232
#define ERROR_PORT_UNREACHABLE 1234
#define ERROR_CONNECTION_ABORTED 1236
#define ERROR_TIMEOUT 1460

/* ---- kernel32 structures (Win64 layouts) -------------------------------- */

/* 32 bytes on Win64; WSAOVERLAPPED is the same structure (winsock2.h). */
typedef struct _OVERLAPPED {
    ULONG_PTR Internal;
    ULONG_PTR InternalHigh;
    union {
        struct {
            DWORD Offset;
            DWORD OffsetHigh;
        };
        PVOID Pointer;
    };
    HANDLE hEvent;
} OVERLAPPED, *LPOVERLAPPED;

typedef VOID (WINAPI *LPOVERLAPPED_COMPLETION_ROUTINE)(DWORD dwErrorCode,
                                                       DWORD dwNumberOfBytesTransfered,
                                                       LPOVERLAPPED lpOverlapped);

typedef struct _SECURITY_ATTRIBUTES {
    DWORD nLength;
    LPVOID lpSecurityDescriptor;
    BOOL bInheritHandle;
} SECURITY_ATTRIBUTES, *PSECURITY_ATTRIBUTES, *LPSECURITY_ATTRIBUTES;

/* Opaque: 40 bytes, 8-aligned, as the SDK's RTL_CRITICAL_SECTION on Win64.
 * The simulator keeps the lock state; the program must not look inside. */
typedef struct _RTL_CRITICAL_SECTION {
    ULONG_PTR wsim_opaque[5];
} RTL_CRITICAL_SECTION, *PRTL_CRITICAL_SECTION;
typedef RTL_CRITICAL_SECTION CRITICAL_SECTION, *PCRITICAL_SECTION, *LPCRITICAL_SECTION;

typedef DWORD (WINAPI *PTHREAD_START_ROUTINE)(LPVOID lpThreadParameter);
typedef PTHREAD_START_ROUTINE LPTHREAD_START_ROUTINE;
typedef VOID (NTAPI *PAPCFUNC)(ULONG_PTR Parameter);

#endif /* WSIM_WIN_TYPES_H */
