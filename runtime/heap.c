/* heap.c — Win32 heaps: GetProcessHeap, HeapCreate, HeapDestroy, HeapAlloc,
 * HeapReAlloc, HeapFree, HeapSize, and LocalAlloc/LocalFree (which use the
 * process heap, as FormatMessage's FORMAT_MESSAGE_ALLOCATE_BUFFER does).
 *
 * Owns: each heap of a program instance, an entry of its handle table
 * (kind WSAPI_HANDLE_HEAP: a HANDLE, but not one CloseHandle or a wait
 * accepts), and the blocks allocated from it.  Every block comes from the
 * instance's program heap (wsapi_heap_alloc), so whatever a program never
 * frees is freed when it ends; a block carries a header linking it into its
 * heap's list (so HeapDestroy frees them all) and a tag naming its heap, so
 * HeapFree on a pointer that is not a block of that heap is refused
 * (ERROR_INVALID_PARAMETER) and recorded as a violation instead of
 * corrupting anything.
 *
 * Recorded: heap=HANDLE, bytes, flags; the return value of calls that
 * return a pointer is 1 for a block and 0 for NULL (a pointer value must
 * never reach the trace).
 */
#include <stdlib.h>
#include <string.h>

#include <windows.h>

#include "runtime/waits.h"

typedef struct heap_block {
    struct heap_block *prev, *next;
    size_t size;
    uint64_t tag;              /* HEAP_TAG(the heap's handle) */
} heap_block;

typedef struct wsapi_heap {
    int64_t handle;
    int is_process_heap;
    heap_block *first;
} wsapi_heap;

#define HEAP_TAG(handle) ((uint64_t)(handle) ^ 0x5753494D48454150ull)
/* Blocks are limited so that a header plus the size never overflows. */
#define HEAP_MAX_BLOCK ((SIZE_T)1 << 40)

static wsapi_heap *heap_of(wsapi_call *call, HANDLE h)
{
    wsapi_handle *entry = wsapi_handle_get(call->proc, (int64_t)(intptr_t)h);
    return entry && entry->kind == WSAPI_HANDLE_HEAP ? entry->u.heap : NULL;
}

static wsapi_heap *heap_new(wsapi_call *call, int is_process_heap)
{
    wsapi_heap *heap = calloc(1, sizeof *heap);
    if (!heap)
        return NULL;
    heap->is_process_heap = is_process_heap;
    heap->handle = wsapi_handle_new(call->proc, WSAPI_HANDLE_HEAP, heap);
    if (heap->handle < 0) {
        free(heap);
        return NULL;
    }
    return heap;
}

/* The process heap, made at its first use. */
static wsapi_heap *process_heap(wsapi_call *call)
{
    wsapi_process *proc = call->proc;
    for (size_t i = 0; i < proc->handle_count; i++)
        if (proc->handles[i].kind == WSAPI_HANDLE_HEAP && proc->handles[i].u.heap->is_process_heap)
            return proc->handles[i].u.heap;
    return heap_new(call, 1);
}

static void *block_alloc(wsapi_call *call, wsapi_heap *heap, size_t size, int zero)
{
    if (size > HEAP_MAX_BLOCK)
        return NULL;
    heap_block *b = wsapi_heap_alloc(call->proc, sizeof *b + size, zero);
    if (!b)
        return NULL;
    b->size = size;
    b->tag = HEAP_TAG(heap->handle);
    b->prev = NULL;
    b->next = heap->first;
    if (heap->first)
        heap->first->prev = b;
    heap->first = b;
    return b + 1;
}

/* The block at ptr if it is one of heap's, else NULL. */
static heap_block *block_of(wsapi_heap *heap, const void *ptr)
{
    if (!ptr)
        return NULL;
    heap_block header;
    const heap_block *b = (const heap_block *)ptr - 1;
    if (wsapi_read_program(&header, b, sizeof header) != 0 || header.tag != HEAP_TAG(heap->handle))
        return NULL;
    return (heap_block *)b;
}

static void block_unlink(wsapi_heap *heap, heap_block *b)
{
    if (b->prev)
        b->prev->next = b->next;
    else
        heap->first = b->next;
    if (b->next)
        b->next->prev = b->prev;
}

static void block_free(wsapi_call *call, wsapi_heap *heap, heap_block *b)
{
    block_unlink(heap, b);
    b->tag = 0;
    wsapi_heap_free(call->proc, b);
}

static void not_a_block(wsapi_call *call)
{
    wsapi_violation(call, "heap-block",
                    "a pointer that is not a block of this heap (never allocated from it, or"
                    " already freed): nothing done");
}

HANDLE WINAPI GetProcessHeap(void)
{
    wsapi_call call;
    if (wsapi_call_begin(&call, WSIM_FN_GetProcessHeap, -1) != 0)
        return NULL;
    wsapi_heap *heap = process_heap(&call);
    if (!heap)
        return (HANDLE)(intptr_t)wsapi_call_end(&call, 0, ERROR_NOT_ENOUGH_MEMORY);
    return (HANDLE)(intptr_t)wsapi_call_end(&call, heap->handle, 0);
}

/* The sizes are not enforced: a heap grows as the program heap does. */
HANDLE WINAPI HeapCreate(DWORD flOptions, SIZE_T dwInitialSize, SIZE_T dwMaximumSize)
{
    wsapi_call call;
    if (wsapi_call_begin(&call, WSIM_FN_HeapCreate, -1) != 0)
        return NULL;
    wsapi_call_args(&call, "options=0x%x initial=%zu maximum=%zu", (unsigned)flOptions,
                    (size_t)dwInitialSize, (size_t)dwMaximumSize);
    wsapi_heap *heap = heap_new(&call, 0);
    if (!heap)
        return (HANDLE)(intptr_t)wsapi_call_end(&call, 0, ERROR_NOT_ENOUGH_MEMORY);
    return (HANDLE)(intptr_t)wsapi_call_end(&call, heap->handle, 0);
}

/* Frees every block of the heap.  The process heap cannot be destroyed
 * (HeapDestroy reference page: "Processes can call HeapDestroy without
 * first calling HeapFree ... a process should not destroy the process
 * heap"): refused with ERROR_INVALID_PARAMETER. */
BOOL WINAPI HeapDestroy(HANDLE hHeap)
{
    wsapi_call call;
    if (wsapi_call_begin(&call, WSIM_FN_HeapDestroy, -1) != 0)
        return FALSE;
    wsapi_call_args(&call, "heap=%lld", (long long)(intptr_t)hHeap);
    wsapi_heap *heap = heap_of(&call, hHeap);
    if (!heap)
        return (BOOL)wsapi_call_end(&call, FALSE, ERROR_INVALID_HANDLE);
    if (heap->is_process_heap)
        return (BOOL)wsapi_call_end(&call, FALSE, ERROR_INVALID_PARAMETER);
    while (heap->first)
        block_free(&call, heap, heap->first);
    wsapi_handle_release(call.proc, heap->handle);
    free(heap);
    return (BOOL)wsapi_call_end(&call, TRUE, 0);
}

LPVOID WINAPI HeapAlloc(HANDLE hHeap, DWORD dwFlags, SIZE_T dwBytes)
{
    wsapi_call call;
    if (wsapi_call_begin(&call, WSIM_FN_HeapAlloc, -1) != 0)
        return NULL;
    wsapi_call_args(&call, "heap=%lld flags=0x%x bytes=%zu", (long long)(intptr_t)hHeap,
                    (unsigned)dwFlags, (size_t)dwBytes);
    wsapi_heap *heap = heap_of(&call, hHeap);
    if (!heap) {
        wsapi_call_end(&call, 0, ERROR_INVALID_HANDLE);
        return NULL;
    }
    void *p = block_alloc(&call, heap, dwBytes, (dwFlags & HEAP_ZERO_MEMORY) != 0);
    wsapi_call_end(&call, p != NULL, p ? 0 : ERROR_NOT_ENOUGH_MEMORY);
    return p;
}

LPVOID WINAPI HeapReAlloc(HANDLE hHeap, DWORD dwFlags, LPVOID lpMem, SIZE_T dwBytes)
{
    wsapi_call call;
    if (wsapi_call_begin(&call, WSIM_FN_HeapReAlloc, -1) != 0)
        return NULL;
    wsapi_call_args(&call, "heap=%lld flags=0x%x bytes=%zu", (long long)(intptr_t)hHeap,
                    (unsigned)dwFlags, (size_t)dwBytes);
    wsapi_heap *heap = heap_of(&call, hHeap);
    if (!heap) {
        wsapi_call_end(&call, 0, ERROR_INVALID_HANDLE);
        return NULL;
    }
    heap_block *b = block_of(heap, lpMem);
    if (!b) {
        wsapi_call_end(&call, 0, ERROR_INVALID_PARAMETER);
        not_a_block(&call);
        return NULL;
    }
    size_t old = b->size;
    if (dwBytes > HEAP_MAX_BLOCK ||
        ((dwFlags & HEAP_REALLOC_IN_PLACE_ONLY) && dwBytes > old)) {
        wsapi_call_end(&call, 0, ERROR_NOT_ENOUGH_MEMORY);
        return NULL;
    }
    heap_block *moved = b;
    if (!(dwFlags & HEAP_REALLOC_IN_PLACE_ONLY)) {
        block_unlink(heap, b);
        moved = wsapi_heap_realloc(call.proc, b, sizeof *b + dwBytes);
        int failed = moved == NULL;
        if (failed)
            moved = b;   /* unchanged: linked back */
        moved->prev = NULL;
        moved->next = heap->first;
        if (heap->first)
            heap->first->prev = moved;
        heap->first = moved;
        if (failed) {
            wsapi_call_end(&call, 0, ERROR_NOT_ENOUGH_MEMORY);
            return NULL;
        }
    }
    moved->size = dwBytes;
    if (dwBytes > old && (dwFlags & HEAP_ZERO_MEMORY))
        memset((char *)(moved + 1) + old, 0, dwBytes - old);
    wsapi_call_end(&call, 1, 0);
    return moved + 1;
}

BOOL WINAPI HeapFree(HANDLE hHeap, DWORD dwFlags, LPVOID lpMem)
{
    wsapi_call call;
    if (wsapi_call_begin(&call, WSIM_FN_HeapFree, -1) != 0)
        return FALSE;
    wsapi_call_args(&call, "heap=%lld flags=0x%x null=%d", (long long)(intptr_t)hHeap,
                    (unsigned)dwFlags, lpMem == NULL);
    wsapi_heap *heap = heap_of(&call, hHeap);
    if (!heap)
        return (BOOL)wsapi_call_end(&call, FALSE, ERROR_INVALID_HANDLE);
    if (!lpMem)
        return (BOOL)wsapi_call_end(&call, TRUE, 0);   /* as Windows: freeing NULL succeeds */
    heap_block *b = block_of(heap, lpMem);
    if (!b) {
        wsapi_call_end(&call, FALSE, ERROR_INVALID_PARAMETER);
        not_a_block(&call);
        return FALSE;
    }
    block_free(&call, heap, b);
    return (BOOL)wsapi_call_end(&call, TRUE, 0);
}

SIZE_T WINAPI HeapSize(HANDLE hHeap, DWORD dwFlags, LPCVOID lpMem)
{
    wsapi_call call;
    if (wsapi_call_begin(&call, WSIM_FN_HeapSize, -1) != 0)
        return (SIZE_T)-1;
    wsapi_call_args(&call, "heap=%lld flags=0x%x", (long long)(intptr_t)hHeap, (unsigned)dwFlags);
    wsapi_heap *heap = heap_of(&call, hHeap);
    heap_block *b = heap ? block_of(heap, lpMem) : NULL;
    if (!b) {
        wsapi_call_end(&call, -1, heap ? ERROR_INVALID_PARAMETER : ERROR_INVALID_HANDLE);
        return (SIZE_T)-1;
    }
    return (SIZE_T)wsapi_call_end(&call, (long long)b->size, 0);
}

/* ---- LocalAlloc, LocalFree: the process heap --------------------------------- */

/* Only fixed memory (LMEM_FIXED, LPTR): a movable block's handle would
 * need LocalLock, which is not provided. */
HLOCAL WINAPI LocalAlloc(UINT uFlags, SIZE_T uBytes)
{
    wsapi_call call;
    if (wsapi_call_begin(&call, WSIM_FN_LocalAlloc, -1) != 0)
        return NULL;
    wsapi_call_args(&call, "flags=0x%x bytes=%zu", uFlags, (size_t)uBytes);
    wsapi_heap *heap = process_heap(&call);
    if (uFlags & ~(UINT)LMEM_ZEROINIT) {
        wsapi_call_end(&call, 0, ERROR_INVALID_PARAMETER);
        return NULL;
    }
    void *p = heap ? block_alloc(&call, heap, uBytes, (uFlags & LMEM_ZEROINIT) != 0) : NULL;
    wsapi_call_end(&call, p != NULL, p ? 0 : ERROR_NOT_ENOUGH_MEMORY);
    return p;
}

/* NULL on success, the argument on failure (LocalFree reference page). */
HLOCAL WINAPI LocalFree(HLOCAL hMem)
{
    wsapi_call call;
    if (wsapi_call_begin(&call, WSIM_FN_LocalFree, -1) != 0)
        return hMem;
    wsapi_call_args(&call, "null=%d", hMem == NULL);
    if (!hMem) {
        wsapi_call_end(&call, 0, 0);
        return NULL;
    }
    wsapi_heap *heap = process_heap(&call);
    heap_block *b = heap ? block_of(heap, hMem) : NULL;
    if (!b) {
        wsapi_call_end(&call, 1, ERROR_INVALID_HANDLE);
        not_a_block(&call);
        return hMem;
    }
    block_free(&call, heap, b);
    wsapi_call_end(&call, 0, 0);
    return NULL;
}

/* For wsim's own use (FormatMessage's FORMAT_MESSAGE_ALLOCATE_BUFFER): a
 * block of the calling program's process heap, which LocalFree frees. */
void *wsapi_local_alloc(wsapi_call *call, size_t size)
{
    wsapi_heap *heap = process_heap(call);
    return heap ? block_alloc(call, heap, size, 1) : NULL;
}
