/* strings.c — string functions of kernel32 (lstrlen, lstrcpy, lstrcat,
 * lstrcmp, lstrcmpi, A and W) and of the Microsoft C runtime
 * (_stricmp, _strnicmp, _wcsicmp, and the secure functions sprintf_s,
 * vsprintf_s, _snprintf_s, _vsnprintf_s, strcpy_s, strncpy_s, strcat_s,
 * _itoa_s, sscanf_s).
 *
 * Owns: their semantics as the CRT reference pages give them.  Each is a
 * recorded call when a program makes it (the string itself is not
 * recorded; lengths and results are).
 *
 * The secure functions' invalid-parameter rule: a NULL or too small
 * destination calls the CRT's invalid parameter handler, whose default
 * ends the program at once (Windows reports it as the fast-fail status
 * 0xC0000409, STATUS_STACK_BUFFER_OVERRUN).  wsim does the same: the
 * failure is recorded as a violation naming the function, then the program
 * ends with exit code 0xC0000409 ("abort").  _TRUNCATE is the documented
 * way to ask for truncation instead, and works as documented (STRUNCATE, or
 * -1 from _snprintf_s).
 */
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <wctype.h>

#include <windows.h>

#include "runtime/waits.h"

/* Begins the record of a call, when a program makes it: 1, else 0. */
static int begin(wsapi_call *call, wsim_fn fn)
{
    return wsapi_call_begin(call, fn, -1) == 0;
}

static long long end(wsapi_call *call, int recorded, long long ret)
{
    return recorded ? wsapi_call_end(call, ret, 0) : ret;
}

/* The default invalid parameter handler: ends the program. */
#define WSAPI_FAST_FAIL_STATUS ((int)0xC0000409u)
static _Noreturn void invalid_parameter(wsapi_call *call, int recorded, const char *text)
{
    if (!recorded)
        abort();   /* not inside a program: wsim's own misuse */
    wsapi_call_end(call, -1, 0);
    wsapi_violation(call, "invalid-parameter", text);
    wsapi_output_flush(call->proc);
    wsim_process_exit(call->sim, WSAPI_FAST_FAIL_STATUS, "abort");
}

/* ---- compares ------------------------------------------------------------------ */

static int sign(int v)
{
    return (v > 0) - (v < 0);
}

static int ascii_icmp(const char *a, const char *b, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        int ca = tolower((unsigned char)a[i]), cb = tolower((unsigned char)b[i]);
        if (ca != cb || ca == 0)
            return ca - cb;
    }
    return 0;
}

static int wide_icmp(const wchar_t *a, const wchar_t *b)
{
    for (;; a++, b++) {
        wint_t ca = towlower((wint_t)*a), cb = towlower((wint_t)*b);
        if (ca != cb || ca == 0)
            return (int)ca - (int)cb;
    }
}

int __cdecl _stricmp(const char *string1, const char *string2)
{
    wsapi_call call;
    int r = begin(&call, WSIM_FN__stricmp);
    return (int)end(&call, r, ascii_icmp(string1, string2, (size_t)-1));
}

int __cdecl _strnicmp(const char *string1, const char *string2, size_t count)
{
    wsapi_call call;
    int r = begin(&call, WSIM_FN__strnicmp);
    if (r)
        wsapi_call_args(&call, "count=%zu", count);
    return (int)end(&call, r, ascii_icmp(string1, string2, count));
}

int __cdecl _wcsicmp(const wchar_t *string1, const wchar_t *string2)
{
    wsapi_call call;
    int r = begin(&call, WSIM_FN__wcsicmp);
    return (int)end(&call, r, wide_icmp(string1, string2));
}

/* lstrlen and friends treat NULL as the empty string (lstrlen) or fail
 * (lstrcpy, lstrcat: NULL), where Windows catches the access violation;
 * lstrcmp and lstrcmpi return -1, 0 or 1 (CompareString's order, here the
 * code-point order). */
int WINAPI lstrlenA(LPCSTR lpString)
{
    wsapi_call call;
    int r = begin(&call, WSIM_FN_lstrlenA);
    return (int)end(&call, r, lpString ? (long long)strlen(lpString) : 0);
}

int WINAPI lstrlenW(LPCWSTR lpString)
{
    wsapi_call call;
    int r = begin(&call, WSIM_FN_lstrlenW);
    return (int)end(&call, r, lpString ? (long long)wcslen(lpString) : 0);
}

LPSTR WINAPI lstrcpyA(LPSTR lpString1, LPCSTR lpString2)
{
    wsapi_call call;
    int r = begin(&call, WSIM_FN_lstrcpyA);
    if (!lpString1 || !lpString2)
        return (LPSTR)(intptr_t)end(&call, r, 0);
    strcpy(lpString1, lpString2);
    end(&call, r, 1);
    return lpString1;
}

LPWSTR WINAPI lstrcpyW(LPWSTR lpString1, LPCWSTR lpString2)
{
    wsapi_call call;
    int r = begin(&call, WSIM_FN_lstrcpyW);
    if (!lpString1 || !lpString2)
        return (LPWSTR)(intptr_t)end(&call, r, 0);
    wcscpy(lpString1, lpString2);
    end(&call, r, 1);
    return lpString1;
}

LPSTR WINAPI lstrcatA(LPSTR lpString1, LPCSTR lpString2)
{
    wsapi_call call;
    int r = begin(&call, WSIM_FN_lstrcatA);
    if (!lpString1 || !lpString2)
        return (LPSTR)(intptr_t)end(&call, r, 0);
    strcat(lpString1, lpString2);
    end(&call, r, 1);
    return lpString1;
}

LPWSTR WINAPI lstrcatW(LPWSTR lpString1, LPCWSTR lpString2)
{
    wsapi_call call;
    int r = begin(&call, WSIM_FN_lstrcatW);
    if (!lpString1 || !lpString2)
        return (LPWSTR)(intptr_t)end(&call, r, 0);
    wcscat(lpString1, lpString2);
    end(&call, r, 1);
    return lpString1;
}

static int compare_a(LPCSTR a, LPCSTR b, int icase)
{
    a = a ? a : "";
    b = b ? b : "";
    return sign(icase ? ascii_icmp(a, b, (size_t)-1) : strcmp(a, b));
}

static int compare_w(LPCWSTR a, LPCWSTR b, int icase)
{
    a = a ? a : L"";
    b = b ? b : L"";
    return sign(icase ? wide_icmp(a, b) : wcscmp(a, b));
}

int WINAPI lstrcmpA(LPCSTR lpString1, LPCSTR lpString2)
{
    wsapi_call call;
    int r = begin(&call, WSIM_FN_lstrcmpA);
    return (int)end(&call, r, compare_a(lpString1, lpString2, 0));
}

int WINAPI lstrcmpW(LPCWSTR lpString1, LPCWSTR lpString2)
{
    wsapi_call call;
    int r = begin(&call, WSIM_FN_lstrcmpW);
    return (int)end(&call, r, compare_w(lpString1, lpString2, 0));
}

int WINAPI lstrcmpiA(LPCSTR lpString1, LPCSTR lpString2)
{
    wsapi_call call;
    int r = begin(&call, WSIM_FN_lstrcmpiA);
    return (int)end(&call, r, compare_a(lpString1, lpString2, 1));
}

int WINAPI lstrcmpiW(LPCWSTR lpString1, LPCWSTR lpString2)
{
    wsapi_call call;
    int r = begin(&call, WSIM_FN_lstrcmpiW);
    return (int)end(&call, r, compare_w(lpString1, lpString2, 1));
}

/* ---- secure formatting ------------------------------------------------------------ */

/* Formats into buffer: the length, or the handler when it does not fit. */
static int format_s(wsapi_call *call, int r, char *buffer, size_t size, const char *format,
                    va_list args, const char *name)
{
    if (!buffer || size == 0 || !format)
        invalid_parameter(call, r, name);
    va_list copy;
    va_copy(copy, args);
    int n = vsnprintf(buffer, size, format, copy);
    va_end(copy);
    if (n < 0 || (size_t)n >= size) {
        buffer[0] = '\0';
        invalid_parameter(call, r, name);
    }
    if (r)
        wsapi_call_args(call, "size=%zu", size);
    return (int)end(call, r, n);
}

int __cdecl vsprintf_s(char *buffer, size_t sizeOfBuffer, const char *format, va_list argptr)
{
    wsapi_call call;
    int r = begin(&call, WSIM_FN_vsprintf_s);
    return format_s(&call, r, buffer, sizeOfBuffer, format, argptr,
                    "vsprintf_s: the buffer is NULL or too small for the result");
}

int __cdecl sprintf_s(char *buffer, size_t sizeOfBuffer, const char *format, ...)
{
    wsapi_call call;
    int r = begin(&call, WSIM_FN_sprintf_s);
    va_list args;
    va_start(args, format);
    int n = format_s(&call, r, buffer, sizeOfBuffer, format, args,
                     "sprintf_s: the buffer is NULL or too small for the result");
    va_end(args);
    return n;
}

/* _snprintf_s: at most `count` characters (_TRUNCATE: as many as fit, and
 * -1 when that cut the result short). */
static int snprintf_s_core(wsapi_call *call, int r, char *buffer, size_t size, size_t count,
                           const char *format, va_list args)
{
    static const char what[] = "_snprintf_s: the buffer is NULL or too small for the result";
    if (!buffer || size == 0 || !format)
        invalid_parameter(call, r, what);
    if (r)
        wsapi_call_args(call, "size=%zu count=%zu", size,
                        count == _TRUNCATE ? (size_t)0 : count);
    va_list copy;
    va_copy(copy, args);
    int n = vsnprintf(buffer, size, format, copy);
    va_end(copy);
    if (n < 0) {
        buffer[0] = '\0';
        return (int)end(call, r, -1);
    }
    size_t want = (size_t)n;
    if (count != _TRUNCATE && want > count)
        want = count;       /* cut to count characters */
    if (want < size) {
        buffer[want] = '\0';
        return (int)end(call, r, want < (size_t)n ? -1 : (long long)want);
    }
    if (count == _TRUNCATE) {
        buffer[size - 1] = '\0';
        return (int)end(call, r, -1);
    }
    buffer[0] = '\0';
    invalid_parameter(call, r, what);
}

int __cdecl _vsnprintf_s(char *buffer, size_t sizeOfBuffer, size_t count, const char *format,
                         va_list argptr)
{
    wsapi_call call;
    int r = begin(&call, WSIM_FN__vsnprintf_s);
    return snprintf_s_core(&call, r, buffer, sizeOfBuffer, count, format, argptr);
}

int __cdecl _snprintf_s(char *buffer, size_t sizeOfBuffer, size_t count, const char *format, ...)
{
    wsapi_call call;
    int r = begin(&call, WSIM_FN__snprintf_s);
    va_list args;
    va_start(args, format);
    int n = snprintf_s_core(&call, r, buffer, sizeOfBuffer, count, format, args);
    va_end(args);
    return n;
}

/* ---- secure copies ------------------------------------------------------------------ */

/* Copies n characters of src to dest+at: 0, STRUNCATE, or the handler. */
static errno_t copy_s(wsapi_call *call, int r, char *dest, size_t size, size_t at,
                      const char *src, size_t n, int truncate, const char *what)
{
    if (at + n < size) {
        memcpy(dest + at, src, n);
        dest[at + n] = '\0';
        return (errno_t)end(call, r, 0);
    }
    if (truncate && at < size) {
        memcpy(dest + at, src, size - 1 - at);
        dest[size - 1] = '\0';
        return (errno_t)end(call, r, STRUNCATE);
    }
    dest[0] = '\0';
    invalid_parameter(call, r, what);
}

errno_t __cdecl strcpy_s(char *dest, size_t dest_size, const char *src)
{
    wsapi_call call;
    int r = begin(&call, WSIM_FN_strcpy_s);
    static const char what[] = "strcpy_s: the destination is NULL or too small, or the source NULL";
    if (r)
        wsapi_call_args(&call, "size=%zu", dest_size);
    if (!dest || dest_size == 0)
        invalid_parameter(&call, r, what);
    if (!src) {
        dest[0] = '\0';
        invalid_parameter(&call, r, what);
    }
    return copy_s(&call, r, dest, dest_size, 0, src, strlen(src), 0, what);
}

errno_t __cdecl strncpy_s(char *dest, size_t dest_size, const char *src, size_t count)
{
    wsapi_call call;
    int r = begin(&call, WSIM_FN_strncpy_s);
    static const char what[] =
        "strncpy_s: the destination is NULL or too small, or the source NULL";
    if (r)
        wsapi_call_args(&call, "size=%zu count=%zu", dest_size,
                        count == _TRUNCATE ? (size_t)0 : count);
    if (!dest && dest_size == 0 && count == 0)
        return (errno_t)end(&call, r, 0);
    if (!dest || dest_size == 0)
        invalid_parameter(&call, r, what);
    if (!src) {
        if (count == 0) {
            dest[0] = '\0';
            return (errno_t)end(&call, r, 0);
        }
        dest[0] = '\0';
        invalid_parameter(&call, r, what);
    }
    size_t n = strnlen(src, count == _TRUNCATE ? (size_t)-1 : count);
    return copy_s(&call, r, dest, dest_size, 0, src, n, count == _TRUNCATE, what);
}

errno_t __cdecl strcat_s(char *dest, size_t dest_size, const char *src)
{
    wsapi_call call;
    int r = begin(&call, WSIM_FN_strcat_s);
    static const char what[] =
        "strcat_s: the destination is NULL, unterminated or too small, or the source NULL";
    if (r)
        wsapi_call_args(&call, "size=%zu", dest_size);
    if (!dest || dest_size == 0)
        invalid_parameter(&call, r, what);
    size_t at = strnlen(dest, dest_size);
    if (!src || at == dest_size) {
        dest[0] = '\0';
        invalid_parameter(&call, r, what);
    }
    return copy_s(&call, r, dest, dest_size, at, src, strlen(src), 0, what);
}

/* Radix 10 writes a sign; other radixes write the value's bits unsigned,
 * as _itoa does. */
errno_t __cdecl _itoa_s(int value, char *buffer, size_t size, int radix)
{
    wsapi_call call;
    int r = begin(&call, WSIM_FN__itoa_s);
    static const char what[] = "_itoa_s: the buffer is NULL or too small, or the radix not 2..36";
    if (r)
        wsapi_call_args(&call, "value=%d size=%zu radix=%d", value, size, radix);
    if (!buffer || size == 0)
        invalid_parameter(&call, r, what);
    if (radix < 2 || radix > 36) {
        buffer[0] = '\0';
        invalid_parameter(&call, r, what);
    }
    char digits[40];
    size_t n = 0;
    int negative = radix == 10 && value < 0;
    unsigned u = negative ? 0u - (unsigned)value : (unsigned)value;
    do {
        unsigned d = u % (unsigned)radix;
        digits[n++] = (char)(d < 10 ? '0' + d : 'a' + d - 10);
        u /= (unsigned)radix;
    } while (u);
    if (negative)
        digits[n++] = '-';
    char text[40];
    for (size_t i = 0; i < n; i++)
        text[i] = digits[n - 1 - i];
    return copy_s(&call, r, buffer, size, 0, text, n, 0, what);
}

/* sscanf_s: as sscanf, except that %s, %c and %[ take a buffer size (an
 * unsigned) after the pointer.  The format is rewritten with each size as
 * the conversion's width (size - 1 for %s and %[, the size for %c) and
 * handed to sscanf with the pointers alone.  Up to 32 conversions. */
#define SCANF_S_MAX 32
int __cdecl sscanf_s(const char *buffer, const char *format, ...)
{
    wsapi_call call;
    int r = begin(&call, WSIM_FN_sscanf_s);
    static const char what[] = "sscanf_s: a NULL buffer or format, or more than 32 conversions";
    if (!buffer || !format)
        invalid_parameter(&call, r, what);
    size_t flen = strlen(format);
    char *rewritten = malloc(flen + SCANF_S_MAX * 12 + 1);
    if (!rewritten)
        return (int)end(&call, r, EOF);
    void *ptrs[SCANF_S_MAX] = {0};
    int nptr = 0;
    size_t o = 0;
    va_list args;
    va_start(args, format);
    for (size_t i = 0; i < flen;) {
        if (format[i] != '%') {
            rewritten[o++] = format[i++];
            continue;
        }
        rewritten[o++] = format[i++];
        if (format[i] == '%') {
            rewritten[o++] = format[i++];
            continue;
        }
        int suppress = format[i] == '*';
        if (suppress)
            rewritten[o++] = format[i++];
        size_t width_at = o;
        unsigned width = 0;
        while (isdigit((unsigned char)format[i])) {
            width = width * 10 + (unsigned)(format[i] - '0');
            rewritten[o++] = format[i++];
        }
        size_t len_at = i;
        while (format[i] && strchr("hljztL", format[i]))
            i++;
        char conv = format[i];
        int sized = conv == 's' || conv == 'c' || conv == '[';
        if (!suppress) {
            if (nptr == SCANF_S_MAX) {
                va_end(args);
                free(rewritten);
                invalid_parameter(&call, r, what);
            }
            ptrs[nptr++] = va_arg(args, void *);
            if (sized) {
                unsigned size = va_arg(args, unsigned);
                unsigned limit = conv == 'c' ? size : (size ? size - 1 : 0);
                if (width == 0 || width > limit) {
                    o = width_at;
                    o += (size_t)sprintf(rewritten + o, "%u", limit ? limit : 1);
                    if (size == 0)
                        ptrs[nptr - 1] = NULL;   /* no room at all: fails the match */
                }
            }
        }
        memcpy(rewritten + o, format + len_at, i - len_at);
        o += i - len_at;
        if (conv == '[') {
            rewritten[o++] = format[i++];
            if (format[i] == '^')
                rewritten[o++] = format[i++];
            if (format[i] == ']')
                rewritten[o++] = format[i++];
            while (format[i] && format[i] != ']')
                rewritten[o++] = format[i++];
        }
        if (format[i])
            rewritten[o++] = format[i++];
    }
    va_end(args);
    rewritten[o] = '\0';
    int n = EOF;
    int missing = 0;
    for (int k = 0; k < nptr; k++)
        missing |= ptrs[k] == NULL;
    if (!missing)
        n = sscanf(buffer, rewritten, ptrs[0], ptrs[1], ptrs[2], ptrs[3], ptrs[4], ptrs[5],
                   ptrs[6], ptrs[7], ptrs[8], ptrs[9], ptrs[10], ptrs[11], ptrs[12], ptrs[13],
                   ptrs[14], ptrs[15], ptrs[16], ptrs[17], ptrs[18], ptrs[19], ptrs[20],
                   ptrs[21], ptrs[22], ptrs[23], ptrs[24], ptrs[25], ptrs[26], ptrs[27],
                   ptrs[28], ptrs[29], ptrs[30], ptrs[31]);
    free(rewritten);
    if (missing)
        invalid_parameter(&call, r, "sscanf_s: a NULL or zero-sized buffer for %s, %c or %[");
    return (int)end(&call, r, n);
}
