/* fiber.c — fiber stacks and the switch between them (see fiber.h).
 *
 * Owns: mapping and unmapping fiber stacks with their guard pages, the
 * register-level context switch, a fiber's first entry and its final exit,
 * and telling AddressSanitizer about every change of stack.
 *
 * On x86-64 the switch is a short assembly routine that saves only what the
 * System V ABI says a callee must preserve (rbx, rbp, r12-r15, rsp, the x87
 * control word and MXCSR); everything else is already saved by the compiler
 * around the call.  Elsewhere the switch falls back to swapcontext(), which
 * is correct but slower because it also saves the signal mask via a syscall.
 */
#define _GNU_SOURCE /* MAP_NORESERVE, MAP_STACK, pthread_getattr_np, ucontext */

#include "sim/fiber.h"

#include <stdint.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>

#if !defined(__x86_64__)
#include <ucontext.h>
#endif

#if defined(__SANITIZE_ADDRESS__)
#define WSIM_FIBER_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define WSIM_FIBER_ASAN 1
#endif
#endif

#if defined(WSIM_FIBER_ASAN)
#include <pthread.h>
#include <sanitizer/asan_interface.h>
#include <sanitizer/common_interface_defs.h>
#endif

struct wsim_fiber {
#if defined(__x86_64__)
    void *saved_sp;          /* top of the register block pushed by the switch */
#else
    ucontext_t context;
#endif
    wsim_fiber_fn fn;
    void *arg;
    wsim_fiber *exit_to;
    void *mapping;           /* guard page + stack; NULL for the main fiber */
    size_t mapping_size;
    size_t guard_size;       /* the lowest guard_size bytes of mapping */
    /* The usable stack.  For the main fiber it is the OS thread's stack,
     * filled in only under ASan, its one reader. */
    char *stack_lo;
    size_t stack_size;
    int finished;
#if defined(WSIM_FIBER_ASAN)
    void *asan_fake_stack;   /* ASan's use-after-return frames while switched out */
#endif
};

/* Announces the coming switch to ASan.  When `from` will never resume, no
 * place is given to save its fake frames, which tells ASan to drop them. */
static void before_switch(wsim_fiber *from, const wsim_fiber *to, int from_resumes)
{
#if defined(WSIM_FIBER_ASAN)
    __sanitizer_start_switch_fiber(from_resumes ? &from->asan_fake_stack : NULL,
                                   to->stack_lo, to->stack_size);
#else
    (void)from;
    (void)to;
    (void)from_resumes;
#endif
}

/* Tells ASan the switch into `self` is complete.  `self` is NULL on a
 * fiber's first entry, when there are no saved fake frames to restore. */
static void after_switch(wsim_fiber *self)
{
#if defined(WSIM_FIBER_ASAN)
    __sanitizer_finish_switch_fiber(self ? self->asan_fake_stack : NULL, NULL, NULL);
#else
    (void)self;
#endif
}

/* Every fiber starts here, on its own stack, with the fiber as argument. */
static _Noreturn void fiber_run(wsim_fiber *self)
{
    after_switch(NULL);
    self->fn(self->arg);
    wsim_fiber_switch_final(self, self->exit_to);
    /* switch_final never comes back to a finished fiber; abort() is what
     * makes that known to the compiler, which needs it for _Noreturn. */
    abort();
}

#if defined(__x86_64__)

/* void wsim_fiber_swap_stacks(void **save_sp, void *load_sp, void *entry_arg)
 *
 * Pushes the callee-saved registers and a control slot (MXCSR in its low 4
 * bytes, the x87 control word in the next 2) onto the current stack, stores
 * rsp in *save_sp, loads load_sp and pops the same block from there.  The
 * final `ret` returns into whichever fiber load_sp belongs to.  entry_arg is
 * moved to rdi on the way out: a resumed fiber ignores it (rdi is caller-
 * saved), while a fresh fiber's `ret` lands on fiber_run, which receives it
 * as its first argument.
 *
 * The layout is mirrored by prepare_entry_frame() below. */
__asm__(
    ".pushsection .text\n"
    ".globl wsim_fiber_swap_stacks\n"
    ".hidden wsim_fiber_swap_stacks\n"
    ".type wsim_fiber_swap_stacks, @function\n"
    ".p2align 4\n"
    "wsim_fiber_swap_stacks:\n"
    "    pushq %rbp\n"
    "    pushq %rbx\n"
    "    pushq %r12\n"
    "    pushq %r13\n"
    "    pushq %r14\n"
    "    pushq %r15\n"
    "    subq $8, %rsp\n"
    "    stmxcsr (%rsp)\n"
    "    fnstcw 4(%rsp)\n"
    "    movq %rsp, (%rdi)\n"
    "    movq %rsi, %rsp\n"
    "    ldmxcsr (%rsp)\n"
    "    fldcw 4(%rsp)\n"
    "    addq $8, %rsp\n"
    "    popq %r15\n"
    "    popq %r14\n"
    "    popq %r13\n"
    "    popq %r12\n"
    "    popq %rbx\n"
    "    popq %rbp\n"
    "    movq %rdx, %rdi\n"
    "    ret\n"
    ".size wsim_fiber_swap_stacks, .-wsim_fiber_swap_stacks\n"
    ".popsection\n");

void wsim_fiber_swap_stacks(void **save_sp, void *load_sp, void *entry_arg)
    __attribute__((visibility("hidden")));

/* The System V defaults, as a fresh thread gets them: all floating-point
 * exceptions masked, round to nearest, x87 at extended precision. */
#define DEFAULT_MXCSR UINT64_C(0x1f80)
#define DEFAULT_X87_CONTROL UINT64_C(0x037f)

/* Builds at the top of the fresh stack the block wsim_fiber_swap_stacks pops,
 * so the first switch "returns" into fiber_run.  From high to low:
 *   0            fiber_run's own return address; ends backtraces
 *   fiber_run    popped by `ret`
 *   rbp rbx r12 r13 r14 r15, all 0
 *   control slot
 * The `ret` slot sits at a 16-byte boundary, so fiber_run starts with
 * rsp = 8 (mod 16), exactly as after a `call`. */
static void prepare_entry_frame(wsim_fiber *fiber)
{
    uint64_t *top = (uint64_t *)(fiber->stack_lo + fiber->stack_size);
    top[-1] = 0;
    top[-2] = (uint64_t)(uintptr_t)fiber_run;
    for (int slot = 3; slot <= 8; slot++)
        top[-slot] = 0;
    top[-9] = DEFAULT_MXCSR | DEFAULT_X87_CONTROL << 32;
    fiber->saved_sp = &top[-9];
}

static void switch_context(wsim_fiber *from, wsim_fiber *to)
{
    wsim_fiber_swap_stacks(&from->saved_sp, to->saved_sp, to);
}

#else /* !__x86_64__: the portable ucontext switch */

/* makecontext passes only int arguments, so the fiber pointer travels as two
 * 32-bit halves (shifted in two steps: uintptr_t may itself be 32 bits). */
static void fiber_entry_ucontext(unsigned int high, unsigned int low)
{
    fiber_run((wsim_fiber *)(((uintptr_t)high << 16 << 16) | low));
}

static void prepare_entry_frame(wsim_fiber *fiber)
{
    uintptr_t self = (uintptr_t)fiber;
    getcontext(&fiber->context);
    fiber->context.uc_stack.ss_sp = fiber->stack_lo;
    fiber->context.uc_stack.ss_size = fiber->stack_size;
    fiber->context.uc_link = NULL; /* fiber_run never returns */
    makecontext(&fiber->context, (void (*)(void))fiber_entry_ucontext, 2,
                (unsigned int)(self >> 16 >> 16), (unsigned int)(self & 0xffffffffu));
}

static void switch_context(wsim_fiber *from, wsim_fiber *to)
{
    swapcontext(&from->context, &to->context);
}

#endif

/* ASan must know the bounds of every stack it may be switched to, the OS
 * thread's included. */
static int record_thread_stack(wsim_fiber *fiber)
{
#if defined(WSIM_FIBER_ASAN)
    pthread_attr_t attr;
    void *lowest;
    size_t size;
    if (pthread_getattr_np(pthread_self(), &attr) != 0)
        return -1;
    int status = pthread_attr_getstack(&attr, &lowest, &size);
    pthread_attr_destroy(&attr);
    if (status != 0)
        return -1;
    fiber->stack_lo = lowest;
    fiber->stack_size = size;
#else
    (void)fiber;
#endif
    return 0;
}

wsim_fiber *wsim_fiber_new_main(void)
{
    wsim_fiber *fiber = calloc(1, sizeof *fiber);
    if (fiber && record_thread_stack(fiber) != 0) {
        free(fiber);
        return NULL;
    }
    return fiber;
}

wsim_fiber *wsim_fiber_create(size_t stack_size, wsim_fiber_fn fn, void *arg,
                              wsim_fiber *exit_to)
{
    const size_t page = (size_t)sysconf(_SC_PAGESIZE);
    if (stack_size == 0)
        stack_size = WSIM_FIBER_DEFAULT_STACK;
    if (stack_size > SIZE_MAX - 2 * page)
        return NULL;
    stack_size = (stack_size + page - 1) / page * page;

    wsim_fiber *fiber = calloc(1, sizeof *fiber);
    if (!fiber)
        return NULL;
    fiber->fn = fn;
    fiber->arg = arg;
    fiber->exit_to = exit_to;
    fiber->guard_size = page;
    fiber->mapping_size = page + stack_size;

    /* Reserve guard and stack inaccessible, then open up everything above
     * the lowest page.  MAP_NORESERVE: a thousand 1 MiB stacks cost only the
     * pages the fibers actually touch. */
    fiber->mapping = mmap(NULL, fiber->mapping_size, PROT_NONE,
                          MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE | MAP_STACK, -1, 0);
    if (fiber->mapping == MAP_FAILED) {
        free(fiber);
        return NULL;
    }
    fiber->stack_lo = (char *)fiber->mapping + page;
    fiber->stack_size = stack_size;
    if (mprotect(fiber->stack_lo, stack_size, PROT_READ | PROT_WRITE) != 0) {
        munmap(fiber->mapping, fiber->mapping_size);
        free(fiber);
        return NULL;
    }
    prepare_entry_frame(fiber);
    return fiber;
}

/* Switching into a finished fiber would run whatever its dead stack holds;
 * stop at the bug instead. */
static void check_resumable(const wsim_fiber *to)
{
    if (to->finished)
        abort();
}

void wsim_fiber_switch(wsim_fiber *from, wsim_fiber *to)
{
    check_resumable(to);
    before_switch(from, to, 1);
    switch_context(from, to);
    /* Running as `from` again, resumed by some later switch. */
    after_switch(from);
}

/* `from` is marked finished so the kernel can tell an ended fiber from a
 * blocked one, whether fn returned or the fiber left early. */
void wsim_fiber_switch_final(wsim_fiber *from, wsim_fiber *to)
{
    check_resumable(to);
    from->finished = 1;
    before_switch(from, to, 0);
    switch_context(from, to);
}

int wsim_fiber_finished(const wsim_fiber *fiber)
{
    return fiber->finished;
}

int wsim_fiber_guard_contains(const wsim_fiber *fiber, const void *addr)
{
    if (!fiber->mapping)
        return 0;
    uintptr_t guard_lo = (uintptr_t)fiber->mapping;
    uintptr_t at = (uintptr_t)addr;
    return at >= guard_lo && at - guard_lo < fiber->guard_size;
}

void wsim_fiber_free(wsim_fiber *fiber)
{
    if (!fiber)
        return;
    if (fiber->mapping) {
#if defined(WSIM_FIBER_ASAN)
        /* Frames that never returned (a fiber ends inside switch_final) leave
         * poisoned redzones in the shadow; clear them so a later mapping at
         * the same address does not inherit them. */
        __asan_unpoison_memory_region(fiber->stack_lo, fiber->stack_size);
#endif
        munmap(fiber->mapping, fiber->mapping_size);
    }
    free(fiber);
}
