/* A UNICODE program in the style of Windows console samples: tchar.h's
 * _tmain and _T, wprintf of wide strings, strsafe.h's StringCch* on TCHAR
 * buffers, lstrlen and FormatMessageW. */
#define UNICODE
#define _UNICODE
#include <windows.h>
#include <tchar.h>
#include <strsafe.h>
#include <stdio.h>

int _tmain(int argc, _TCHAR *argv[])
{
    TCHAR buf[32];
    HRESULT hr = StringCchPrintf(buf, ARRAYSIZE(buf), _T("%ls has %d args"), argv[0], argc - 1);
    wprintf(L"%ls (hr=0x%08lx)\n", buf, (unsigned long)hr);
    hr = StringCchCopy(buf, 6, _T("truncated"));
    wprintf(L"copy: %ls (insufficient=%d)\n", buf, hr == STRSAFE_E_INSUFFICIENT_BUFFER);
    StringCchCat(buf, ARRAYSIZE(buf), _T("+more"));
    size_t len = 0;
    StringCchLength(buf, ARRAYSIZE(buf), &len);
    wprintf(L"cat: %ls len=%zu lstrlen=%d\n", buf, len, lstrlen(buf));
    WCHAR msg[256];
    DWORD n = FormatMessageW(FORMAT_MESSAGE_FROM_SYSTEM | FORMAT_MESSAGE_IGNORE_INSERTS, NULL,
                             ERROR_INVALID_HANDLE, 0, msg, ARRAYSIZE(msg), NULL);
    wprintf(L"message(%lu): %ls", (unsigned long)n, msg);
    _tprintf(_T("grüße %ls\n"), argc > 1 ? argv[1] : _T("-"));
    return 0;
}
