/* strsafe.h — wsim's Windows SDK subset: the safer string functions
 * (StringCch* counted in characters, StringCb* counted in bytes; Copy,
 * CopyN, Cat, CatN, Printf, VPrintf, Length; A and W, with the TCHAR names
 * following UNICODE).
 *
 * As in the SDK, every function is inline in this header: a call is the
 * program's own code, not a call into wsim, and is not recorded.  The
 * results are the SDK's: S_OK; STRSAFE_E_INSUFFICIENT_BUFFER when the
 * result did not fit (the destination then holds it truncated and
 * terminated); STRSAFE_E_INVALID_PARAMETER for a size of 0 or above
 * STRSAFE_MAX_CCH (a non-empty destination is then emptied).  Byte counts
 * of the W functions are in units of sizeof(wchar_t), 4 on Linux (see
 * wsim_win_types.h).
 */
#ifndef WSIM_STRSAFE_H
#define WSIM_STRSAFE_H

#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <wchar.h>

#include "wsim_win_types.h"

#define STRSAFE_MAX_CCH 2147483647
#define STRSAFE_E_INSUFFICIENT_BUFFER ((HRESULT)0x8007007A)
#define STRSAFE_E_INVALID_PARAMETER ((HRESULT)0x80070057)
#define STRSAFE_E_END_OF_FILE ((HRESULT)0x80070026)
#ifndef S_OK
#define S_OK ((HRESULT)0)
#endif
#ifndef SUCCEEDED
#define SUCCEEDED(hr) (((HRESULT)(hr)) >= 0)
#endif
#ifndef FAILED
#define FAILED(hr) (((HRESULT)(hr)) < 0)
#endif

typedef char *STRSAFE_LPSTR;
typedef const char *STRSAFE_LPCSTR;
typedef wchar_t *STRSAFE_LPWSTR;
typedef const wchar_t *STRSAFE_LPCWSTR;

/* ---- the character-counted core ----------------------------------------- */

static inline HRESULT StringCchLengthA(STRSAFE_LPCSTR psz, size_t cchMax, size_t *pcchLength)
{
    size_t n = (psz && cchMax && cchMax <= STRSAFE_MAX_CCH) ? strnlen(psz, cchMax) : cchMax;
    HRESULT hr = (!psz || cchMax == 0 || cchMax > STRSAFE_MAX_CCH || n == cchMax)
                     ? STRSAFE_E_INVALID_PARAMETER
                     : S_OK;
    if (pcchLength)
        *pcchLength = hr == S_OK ? n : 0;
    return hr;
}

static inline HRESULT StringCchLengthW(STRSAFE_LPCWSTR psz, size_t cchMax, size_t *pcchLength)
{
    size_t n = (psz && cchMax && cchMax <= STRSAFE_MAX_CCH) ? wcsnlen(psz, cchMax) : cchMax;
    HRESULT hr = (!psz || cchMax == 0 || cchMax > STRSAFE_MAX_CCH || n == cchMax)
                     ? STRSAFE_E_INVALID_PARAMETER
                     : S_OK;
    if (pcchLength)
        *pcchLength = hr == S_OK ? n : 0;
    return hr;
}

/* Copies at most `count` characters of src to dest (capacity cch) at `at`. */
static inline HRESULT wsim_strsafe_put_a(char *dest, size_t cch, size_t at, const char *src,
                                         size_t count)
{
    if (cch == 0 || cch > STRSAFE_MAX_CCH)
        return STRSAFE_E_INVALID_PARAMETER;
    size_t n = strnlen(src, count);
    HRESULT hr = S_OK;
    if (at + n >= cch) {
        n = cch - 1 - at;
        hr = STRSAFE_E_INSUFFICIENT_BUFFER;
    }
    memmove(dest + at, src, n);
    dest[at + n] = '\0';
    return hr;
}

static inline HRESULT wsim_strsafe_put_w(wchar_t *dest, size_t cch, size_t at,
                                         const wchar_t *src, size_t count)
{
    if (cch == 0 || cch > STRSAFE_MAX_CCH)
        return STRSAFE_E_INVALID_PARAMETER;
    size_t n = wcsnlen(src, count);
    HRESULT hr = S_OK;
    if (at + n >= cch) {
        n = cch - 1 - at;
        hr = STRSAFE_E_INSUFFICIENT_BUFFER;
    }
    wmemmove(dest + at, src, n);
    dest[at + n] = L'\0';
    return hr;
}

static inline HRESULT StringCchCopyNA(STRSAFE_LPSTR pszDest, size_t cchDest, STRSAFE_LPCSTR pszSrc,
                                      size_t cchToCopy)
{
    return wsim_strsafe_put_a(pszDest, cchDest, 0, pszSrc ? pszSrc : "", cchToCopy);
}
static inline HRESULT StringCchCopyNW(STRSAFE_LPWSTR pszDest, size_t cchDest,
                                      STRSAFE_LPCWSTR pszSrc, size_t cchToCopy)
{
    return wsim_strsafe_put_w(pszDest, cchDest, 0, pszSrc ? pszSrc : L"", cchToCopy);
}
static inline HRESULT StringCchCopyA(STRSAFE_LPSTR pszDest, size_t cchDest, STRSAFE_LPCSTR pszSrc)
{
    return StringCchCopyNA(pszDest, cchDest, pszSrc, STRSAFE_MAX_CCH);
}
static inline HRESULT StringCchCopyW(STRSAFE_LPWSTR pszDest, size_t cchDest, STRSAFE_LPCWSTR pszSrc)
{
    return StringCchCopyNW(pszDest, cchDest, pszSrc, STRSAFE_MAX_CCH);
}

static inline HRESULT StringCchCatNA(STRSAFE_LPSTR pszDest, size_t cchDest, STRSAFE_LPCSTR pszSrc,
                                     size_t cchToAppend)
{
    size_t at;
    if (FAILED(StringCchLengthA(pszDest, cchDest, &at)))
        return STRSAFE_E_INVALID_PARAMETER;
    return wsim_strsafe_put_a(pszDest, cchDest, at, pszSrc ? pszSrc : "", cchToAppend);
}
static inline HRESULT StringCchCatNW(STRSAFE_LPWSTR pszDest, size_t cchDest, STRSAFE_LPCWSTR pszSrc,
                                     size_t cchToAppend)
{
    size_t at;
    if (FAILED(StringCchLengthW(pszDest, cchDest, &at)))
        return STRSAFE_E_INVALID_PARAMETER;
    return wsim_strsafe_put_w(pszDest, cchDest, at, pszSrc ? pszSrc : L"", cchToAppend);
}
static inline HRESULT StringCchCatA(STRSAFE_LPSTR pszDest, size_t cchDest, STRSAFE_LPCSTR pszSrc)
{
    return StringCchCatNA(pszDest, cchDest, pszSrc, STRSAFE_MAX_CCH);
}
static inline HRESULT StringCchCatW(STRSAFE_LPWSTR pszDest, size_t cchDest, STRSAFE_LPCWSTR pszSrc)
{
    return StringCchCatNW(pszDest, cchDest, pszSrc, STRSAFE_MAX_CCH);
}

static inline HRESULT StringCchVPrintfA(STRSAFE_LPSTR pszDest, size_t cchDest,
                                        STRSAFE_LPCSTR pszFormat, va_list argList)
{
    if (cchDest == 0 || cchDest > STRSAFE_MAX_CCH)
        return STRSAFE_E_INVALID_PARAMETER;
    int n = vsnprintf(pszDest, cchDest, pszFormat, argList);
    if (n < 0 || (size_t)n >= cchDest) {
        if (n < 0)
            pszDest[0] = '\0';
        pszDest[cchDest - 1] = '\0';
        return STRSAFE_E_INSUFFICIENT_BUFFER;
    }
    return S_OK;
}
static inline HRESULT StringCchVPrintfW(STRSAFE_LPWSTR pszDest, size_t cchDest,
                                        STRSAFE_LPCWSTR pszFormat, va_list argList)
{
    if (cchDest == 0 || cchDest > STRSAFE_MAX_CCH)
        return STRSAFE_E_INVALID_PARAMETER;
    int n = vswprintf(pszDest, cchDest, pszFormat, argList);
    if (n < 0 || (size_t)n >= cchDest) {
        pszDest[cchDest - 1] = L'\0';
        return STRSAFE_E_INSUFFICIENT_BUFFER;
    }
    return S_OK;
}
static inline HRESULT StringCchPrintfA(STRSAFE_LPSTR pszDest, size_t cchDest,
                                       STRSAFE_LPCSTR pszFormat, ...)
{
    va_list args;
    va_start(args, pszFormat);
    HRESULT hr = StringCchVPrintfA(pszDest, cchDest, pszFormat, args);
    va_end(args);
    return hr;
}
static inline HRESULT StringCchPrintfW(STRSAFE_LPWSTR pszDest, size_t cchDest,
                                       STRSAFE_LPCWSTR pszFormat, ...)
{
    va_list args;
    va_start(args, pszFormat);
    HRESULT hr = StringCchVPrintfW(pszDest, cchDest, pszFormat, args);
    va_end(args);
    return hr;
}

/* ---- the byte-counted names -------------------------------------------------- */

#define WSIM_CB_A(cb) (cb)
#define WSIM_CB_W(cb) ((cb) / sizeof(wchar_t))

static inline HRESULT StringCbCopyA(STRSAFE_LPSTR pszDest, size_t cbDest, STRSAFE_LPCSTR pszSrc)
{
    return StringCchCopyA(pszDest, WSIM_CB_A(cbDest), pszSrc);
}
static inline HRESULT StringCbCopyW(STRSAFE_LPWSTR pszDest, size_t cbDest, STRSAFE_LPCWSTR pszSrc)
{
    return StringCchCopyW(pszDest, WSIM_CB_W(cbDest), pszSrc);
}
static inline HRESULT StringCbCopyNA(STRSAFE_LPSTR pszDest, size_t cbDest, STRSAFE_LPCSTR pszSrc,
                                     size_t cbToCopy)
{
    return StringCchCopyNA(pszDest, WSIM_CB_A(cbDest), pszSrc, WSIM_CB_A(cbToCopy));
}
static inline HRESULT StringCbCopyNW(STRSAFE_LPWSTR pszDest, size_t cbDest, STRSAFE_LPCWSTR pszSrc,
                                     size_t cbToCopy)
{
    return StringCchCopyNW(pszDest, WSIM_CB_W(cbDest), pszSrc, WSIM_CB_W(cbToCopy));
}
static inline HRESULT StringCbCatA(STRSAFE_LPSTR pszDest, size_t cbDest, STRSAFE_LPCSTR pszSrc)
{
    return StringCchCatA(pszDest, WSIM_CB_A(cbDest), pszSrc);
}
static inline HRESULT StringCbCatW(STRSAFE_LPWSTR pszDest, size_t cbDest, STRSAFE_LPCWSTR pszSrc)
{
    return StringCchCatW(pszDest, WSIM_CB_W(cbDest), pszSrc);
}
static inline HRESULT StringCbCatNA(STRSAFE_LPSTR pszDest, size_t cbDest, STRSAFE_LPCSTR pszSrc,
                                    size_t cbToAppend)
{
    return StringCchCatNA(pszDest, WSIM_CB_A(cbDest), pszSrc, WSIM_CB_A(cbToAppend));
}
static inline HRESULT StringCbCatNW(STRSAFE_LPWSTR pszDest, size_t cbDest, STRSAFE_LPCWSTR pszSrc,
                                    size_t cbToAppend)
{
    return StringCchCatNW(pszDest, WSIM_CB_W(cbDest), pszSrc, WSIM_CB_W(cbToAppend));
}
static inline HRESULT StringCbVPrintfA(STRSAFE_LPSTR pszDest, size_t cbDest,
                                       STRSAFE_LPCSTR pszFormat, va_list argList)
{
    return StringCchVPrintfA(pszDest, WSIM_CB_A(cbDest), pszFormat, argList);
}
static inline HRESULT StringCbVPrintfW(STRSAFE_LPWSTR pszDest, size_t cbDest,
                                       STRSAFE_LPCWSTR pszFormat, va_list argList)
{
    return StringCchVPrintfW(pszDest, WSIM_CB_W(cbDest), pszFormat, argList);
}
static inline HRESULT StringCbPrintfA(STRSAFE_LPSTR pszDest, size_t cbDest,
                                      STRSAFE_LPCSTR pszFormat, ...)
{
    va_list args;
    va_start(args, pszFormat);
    HRESULT hr = StringCchVPrintfA(pszDest, WSIM_CB_A(cbDest), pszFormat, args);
    va_end(args);
    return hr;
}
static inline HRESULT StringCbPrintfW(STRSAFE_LPWSTR pszDest, size_t cbDest,
                                      STRSAFE_LPCWSTR pszFormat, ...)
{
    va_list args;
    va_start(args, pszFormat);
    HRESULT hr = StringCchVPrintfW(pszDest, WSIM_CB_W(cbDest), pszFormat, args);
    va_end(args);
    return hr;
}
static inline HRESULT StringCbLengthA(STRSAFE_LPCSTR psz, size_t cbMax, size_t *pcbLength)
{
    HRESULT hr = StringCchLengthA(psz, WSIM_CB_A(cbMax), pcbLength);
    return hr;
}
static inline HRESULT StringCbLengthW(STRSAFE_LPCWSTR psz, size_t cbMax, size_t *pcbLength)
{
    HRESULT hr = StringCchLengthW(psz, WSIM_CB_W(cbMax), pcbLength);
    if (pcbLength)
        *pcbLength *= sizeof(wchar_t);
    return hr;
}

/* ---- TCHAR names --------------------------------------------------------------- */

#ifdef UNICODE
#define StringCchCopy StringCchCopyW
#define StringCchCopyN StringCchCopyNW
#define StringCchCat StringCchCatW
#define StringCchCatN StringCchCatNW
#define StringCchPrintf StringCchPrintfW
#define StringCchVPrintf StringCchVPrintfW
#define StringCchLength StringCchLengthW
#define StringCbCopy StringCbCopyW
#define StringCbCopyN StringCbCopyNW
#define StringCbCat StringCbCatW
#define StringCbCatN StringCbCatNW
#define StringCbPrintf StringCbPrintfW
#define StringCbVPrintf StringCbVPrintfW
#define StringCbLength StringCbLengthW
#else
#define StringCchCopy StringCchCopyA
#define StringCchCopyN StringCchCopyNA
#define StringCchCat StringCchCatA
#define StringCchCatN StringCchCatNA
#define StringCchPrintf StringCchPrintfA
#define StringCchVPrintf StringCchVPrintfA
#define StringCchLength StringCchLengthA
#define StringCbCopy StringCbCopyA
#define StringCbCopyN StringCbCopyNA
#define StringCbCat StringCbCatA
#define StringCbCatN StringCbCatNA
#define StringCbPrintf StringCbPrintfA
#define StringCbVPrintf StringCbVPrintfA
#define StringCbLength StringCbLengthA
#endif

#endif /* WSIM_STRSAFE_H */
