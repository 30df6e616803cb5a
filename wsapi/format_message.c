/* format_message.c — FormatMessageA and FormatMessageW.
 *
 * Owns: turning a message (the system's, for FORMAT_MESSAGE_FROM_SYSTEM,
 * from errors/messages.h; or the program's, for FORMAT_MESSAGE_FROM_STRING)
 * into the program's buffer, or into a LocalAlloc'd one for
 * FORMAT_MESSAGE_ALLOCATE_BUFFER (freed with LocalFree).
 *
 * As on Windows: a system message ends with "\r\n"; the language must be 0,
 * LANG_NEUTRAL/SUBLANG_DEFAULT or English (other languages have no
 * messages here: ERROR_RESOURCE_LANG_NOT_FOUND, 15100); an unknown code
 * fails with ERROR_MR_MID_NOT_FOUND; a buffer too small fails with
 * ERROR_INSUFFICIENT_BUFFER.  Inserts (%1 … %99, optionally %1!d!) are
 * replaced unless FORMAT_MESSAGE_IGNORE_INSERTS, from the va_list or, with
 * FORMAT_MESSAGE_ARGUMENT_ARRAY, an array of DWORD_PTR; %0 ends the message
 * without a newline, %n is "\r\n", %% %. %! a literal character.  A width
 * mask (FORMAT_MESSAGE_MAX_WIDTH_MASK) drops the message's line breaks.
 * FORMAT_MESSAGE_FROM_HMODULE is refused (ERROR_INVALID_PARAMETER): wsim
 * has no message modules.
 *
 * Recorded: flags, message id, language, the length written; the text
 * itself is the program's to print.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <windows.h>

#include "errors/messages.h"
#include "runtime/calls.h"

#define ERROR_RESOURCE_LANG_NOT_FOUND 15100

void *wsapi_local_alloc(wsapi_call *call, size_t size);   /* runtime/heap.c */

typedef struct text {
    char *s;
    size_t len, cap;
} text;

static int put(text *t, const char *s, size_t n)
{
    if (t->len + n + 1 > t->cap) {
        size_t cap = t->cap ? t->cap * 2 : 256;
        while (cap < t->len + n + 1)
            cap *= 2;
        char *grown = realloc(t->s, cap);
        if (!grown)
            return -1;
        t->s = grown;
        t->cap = cap;
    }
    memcpy(t->s + t->len, s, n);
    t->len += n;
    t->s[t->len] = '\0';
    return 0;
}

/* The argument of insert `index` (1-based). */
static DWORD_PTR insert_arg(DWORD flags, va_list *args, DWORD_PTR *taken, int *ntaken, int index)
{
    if (flags & FORMAT_MESSAGE_ARGUMENT_ARRAY)
        return args ? ((const DWORD_PTR *)(const void *)args)[index - 1] : 0;
    while (*ntaken < index && args)
        taken[(*ntaken)++] = va_arg(*args, DWORD_PTR);
    return index <= *ntaken ? taken[index - 1] : 0;
}

/* Expands the message's inserts and escapes.  0, or an error. */
static int expand(const char *msg, DWORD flags, va_list *args, int wide_args, text *out)
{
    DWORD_PTR taken[99];
    int ntaken = 0;
    int width_mask = (flags & FORMAT_MESSAGE_MAX_WIDTH_MASK) != 0;
    for (const char *p = msg; *p;) {
        if (width_mask && (*p == '\r' || *p == '\n')) {
            p++;
            continue;
        }
        if (*p != '%' || (flags & FORMAT_MESSAGE_IGNORE_INSERTS)) {
            if (put(out, p++, 1) != 0)
                return ERROR_NOT_ENOUGH_MEMORY;
            continue;
        }
        p++;
        if (*p == '0')
            return 0;
        if (*p == 'n') {
            p++;
            if (put(out, width_mask ? " " : "\r\n", width_mask ? 1 : 2) != 0)
                return ERROR_NOT_ENOUGH_MEMORY;
            continue;
        }
        if (*p >= '1' && *p <= '9') {
            int index = *p++ - '0';
            if (*p >= '0' && *p <= '9')
                index = index * 10 + (*p++ - '0');
            char spec[32] = "%s";
            if (*p == '!') {
                const char *close = strchr(p + 1, '!');
                if (!close || (size_t)(close - p) > sizeof spec - 2)
                    return ERROR_INVALID_PARAMETER;
                spec[0] = '%';
                memcpy(spec + 1, p + 1, (size_t)(close - p - 1));
                spec[close - p] = '\0';
                p = close + 1;
            }
            DWORD_PTR value = insert_arg(flags, args, taken, &ntaken, index);
            char buf[512];
            char conv = spec[strlen(spec) - 1];
            if (conv == 's' && wide_args && value) {
                snprintf(buf, sizeof buf, "%ls", (const wchar_t *)value);
            } else if (conv == 's' || conv == 'S') {
                snprintf(buf, sizeof buf, "%s", value ? (const char *)value : "(null)");
            } else if (strchr("dic", conv)) {
                snprintf(buf, sizeof buf, spec, (int)value);
            } else if (strchr("uxXo", conv)) {
                int is64 = strstr(spec, "I64") || strstr(spec, "ll");
                char plain[8] = {'%', '\0'};
                plain[1] = is64 ? 'l' : conv;
                plain[2] = is64 ? 'l' : '\0';
                plain[3] = is64 ? conv : '\0';
                if (is64)
                    snprintf(buf, sizeof buf, plain, (unsigned long long)value);
                else
                    snprintf(buf, sizeof buf, plain, (unsigned)value);
            } else {
                return ERROR_INVALID_PARAMETER;
            }
            if (put(out, buf, strlen(buf)) != 0)
                return ERROR_NOT_ENOUGH_MEMORY;
            continue;
        }
        /* %% %. %! and any other character: that character. */
        if (*p && put(out, p++, 1) != 0)
            return ERROR_NOT_ENOUGH_MEMORY;
    }
    return 0;
}

static DWORD format_message(wsim_fn fn, DWORD flags, const void *source, DWORD id, DWORD lang,
                            void *buffer, DWORD size, va_list *args, int wide)
{
    wsapi_call call;
    if (wsapi_call_begin(&call, fn, -1) != 0)
        return 0;
    wsapi_call_args(&call, "flags=0x%x id=%u lang=0x%x size=%u", (unsigned)flags, (unsigned)id,
                    (unsigned)lang, (unsigned)size);
    char *msg = NULL;
    int error = 0;
    if (flags & FORMAT_MESSAGE_FROM_STRING) {
        if (!source) {
            error = ERROR_INVALID_PARAMETER;
        } else if (wide) {
            size_t n = wcslen(source);
            msg = malloc(n * 4 + 1);
            if (msg && wcstombs(msg, source, n * 4 + 1) == (size_t)-1)
                msg[0] = '\0';
        } else {
            msg = strdup(source);
        }
        if (!error && !msg)
            error = ERROR_NOT_ENOUGH_MEMORY;
    } else if ((flags & FORMAT_MESSAGE_FROM_SYSTEM) && !(flags & FORMAT_MESSAGE_FROM_HMODULE)) {
        WORD primary = PRIMARYLANGID(lang);
        const char *system = wsim_error_system_message(id);
        if (lang != 0 && primary != LANG_NEUTRAL && primary != LANG_ENGLISH)
            error = ERROR_RESOURCE_LANG_NOT_FOUND;
        else if (!system)
            error = ERROR_MR_MID_NOT_FOUND;
        else {
            size_t n = strlen(system);
            msg = malloc(n + 3);
            if (msg) {
                memcpy(msg, system, n);
                memcpy(msg + n, "\r\n", 3);
            } else {
                error = ERROR_NOT_ENOUGH_MEMORY;
            }
        }
    } else {
        error = ERROR_INVALID_PARAMETER;
    }
    text out = {0};
    if (!error)
        error = expand(msg, flags, args, wide, &out);
    free(msg);
    if (!error && !out.s && put(&out, "", 0) != 0)
        error = ERROR_NOT_ENOUGH_MEMORY;
    if (error) {
        free(out.s);
        return (DWORD)wsapi_call_end(&call, 0, error);
    }
    /* The result in the program's character width. */
    size_t chars = out.len;
    size_t unit = wide ? sizeof(wchar_t) : 1;
    void *result = out.s;
    if (wide) {
        wchar_t *w = calloc(out.len + 1, sizeof *w);
        size_t n = w ? mbstowcs(w, out.s, out.len + 1) : (size_t)-1;
        free(out.s);
        if (!w || n == (size_t)-1) {
            free(w);
            return (DWORD)wsapi_call_end(&call, 0, ERROR_NOT_ENOUGH_MEMORY);
        }
        chars = n;
        result = w;
    }
    if (flags & FORMAT_MESSAGE_ALLOCATE_BUFFER) {
        size_t alloc = (chars + 1 > size ? chars + 1 : size) * unit;
        void *block = wsapi_local_alloc(&call, alloc);
        if (!block || !buffer ||
            wsapi_write_program(buffer, &block, sizeof block) != 0) {
            free(result);
            return (DWORD)wsapi_call_end(&call, 0, block ? ERROR_NOACCESS : ERROR_NOT_ENOUGH_MEMORY);
        }
        memcpy(block, result, (chars + 1) * unit);
    } else {
        if (chars + 1 > size) {
            free(result);
            return (DWORD)wsapi_call_end(&call, 0, ERROR_INSUFFICIENT_BUFFER);
        }
        if (!buffer || wsapi_write_program(buffer, result, (chars + 1) * unit) != 0) {
            free(result);
            return (DWORD)wsapi_call_end(&call, 0, ERROR_NOACCESS);
        }
    }
    free(result);
    return (DWORD)wsapi_call_end(&call, (long long)chars, 0);
}

DWORD WINAPI FormatMessageA(DWORD dwFlags, LPCVOID lpSource, DWORD dwMessageId,
                            DWORD dwLanguageId, LPSTR lpBuffer, DWORD nSize, va_list *Arguments)
{
    return format_message(WSIM_FN_FormatMessageA, dwFlags, lpSource, dwMessageId, dwLanguageId,
                          lpBuffer, nSize, Arguments, 0);
}

DWORD WINAPI FormatMessageW(DWORD dwFlags, LPCVOID lpSource, DWORD dwMessageId,
                            DWORD dwLanguageId, LPWSTR lpBuffer, DWORD nSize,
                            va_list *Arguments)
{
    return format_message(WSIM_FN_FormatMessageW, dwFlags, lpSource, dwMessageId, dwLanguageId,
                          lpBuffer, nSize, Arguments, 1);
}
