/* tchar.h — wsim's subset of the Microsoft C runtime's generic-text
 * mappings: _TCHAR, _T/_TEXT, _tmain and the _t* names of the C library
 * functions console programs use, mapped to the narrow names, or with
 * _UNICODE to the wide ones (as the CRT's tchar.h, which follows _UNICODE,
 * not UNICODE; programs define both).
 *
 * _tmain is main or wmain: wsim calls wmain with the arguments as wide
 * strings.  The names map to C library functions wsim provides or allows;
 * the wide ones Linux lacks (_wtoi …) are written here in terms of the
 * standard ones.
 */
#ifndef WSIM_TCHAR_H
#define WSIM_TCHAR_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "wsim_win_types.h"

#ifdef _UNICODE
typedef wchar_t _TCHAR;
typedef wchar_t _TSCHAR;
typedef wchar_t _TUCHAR;
typedef wint_t _TINT;
#define __T(x) L##x
#define _tmain wmain
#define _tprintf wprintf
#define _ftprintf fwprintf
#define _vtprintf vwprintf
#define _vftprintf vfwprintf
#define _stprintf swprintf
#define _sntprintf swprintf
#define _vstprintf vswprintf
#define _tscanf wscanf
#define _stscanf swscanf
#define _fgetts fgetws
#define _fputts fputws
#define _puttchar putwchar
#define _gettchar getwchar
#define _tcslen wcslen
#define _tcsnlen wcsnlen
#define _tcscpy wcscpy
#define _tcsncpy wcsncpy
#define _tcscat wcscat
#define _tcsncat wcsncat
#define _tcscmp wcscmp
#define _tcsncmp wcsncmp
#define _tcsicmp _wcsicmp
#define _tcschr wcschr
#define _tcsrchr wcsrchr
#define _tcsstr wcsstr
#define _tcstok wcstok
#define _tcstol wcstol
#define _tcstoul wcstoul
#define _tcstod wcstod
#define _tcsdup wcsdup
#define _tstoi _wtoi
#define _ttoi _wtoi
#define _tstol _wtol
#define _ttol _wtol
static inline int _wtoi(const wchar_t *s) { return (int)wcstol(s, NULL, 10); }
static inline long _wtol(const wchar_t *s) { return wcstol(s, NULL, 10); }
#else
typedef char _TCHAR;
typedef char _TSCHAR;
typedef unsigned char _TUCHAR;
typedef int _TINT;
#define __T(x) x
#define _tmain main
#define _tprintf printf
#define _ftprintf fprintf
#define _vtprintf vprintf
#define _vftprintf vfprintf
#define _stprintf sprintf
#define _sntprintf snprintf
#define _vstprintf vsprintf
#define _tscanf scanf
#define _stscanf sscanf
#define _fgetts fgets
#define _fputts fputs
#define _puttchar putchar
#define _gettchar getchar
#define _tcslen strlen
#define _tcsnlen strnlen
#define _tcscpy strcpy
#define _tcsncpy strncpy
#define _tcscat strcat
#define _tcsncat strncat
#define _tcscmp strcmp
#define _tcsncmp strncmp
#define _tcsicmp _stricmp
#define _tcschr strchr
#define _tcsrchr strrchr
#define _tcsstr strstr
#define _tcstok strtok
#define _tcstol strtol
#define _tcstoul strtoul
#define _tcstod strtod
#define _tcsdup strdup
#define _tstoi atoi
#define _ttoi atoi
#define _tstol atol
#define _ttol atol
#endif

#define _T(x) __T(x)
#define _TEXT(x) __T(x)

int __cdecl _stricmp(const char *string1, const char *string2);
int __cdecl _wcsicmp(const wchar_t *string1, const wchar_t *string2);

#endif /* WSIM_TCHAR_H */
