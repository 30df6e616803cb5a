/* wmain: the scenario's UTF-8 arguments arrive as wide strings; narrow and
 * wide output mix on one stream. */
#include <windows.h>
#include <stdio.h>
#include <wchar.h>

int wmain(int argc, wchar_t **argv)
{
    printf("argc %d\n", argc);
    for (int i = 1; i < argc; i++)
        wprintf(L"arg %d: %ls (%d wide chars)\n", i, argv[i], (int)wcslen(argv[i]));
    printf("done\n");
    return 0;
}
