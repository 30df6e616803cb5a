/* module_policy.c — the verdict tables and the module check (see
 * module_policy.h for the meaning of each verdict and the order they are
 * decided in).
 *
 * Each verdict has one table of whole names, sorted by strcmp and searched
 * with bsearch, plus a short table of name prefixes for families too large
 * or too open-ended to list (pthread_*, __asan_*).  A test asserts that every
 * table is strictly sorted and that no name falls under both verdicts.
 *
 * The tables are sorted by name, so entries of one group are scattered; the
 * group of each entry is its reason macro, and each macro below carries the
 * comment saying why the group is refused or allowed.
 *
 * Decisions worth knowing:
 *  - all of pthread_* is refused, including mutexes and keys: a simulated
 *    program's threads are fibers, and POSIX synchronisation would block or
 *    confuse the one OS thread they all share;
 *  - setjmp/longjmp are allowed: a jump stays within one program's fiber
 *    stack, which is harmless (jumping between fibers is undefined in C
 *    anyway and no program can name another's jmp_buf);
 *  - raise is refused like kill, and the exit hooks (atexit, on_exit,
 *    __cxa_atexit, at_quick_exit) are refused: wsim ends programs itself and
 *    the process exit they hook is the simulator's.  A module calling
 *    atexit() references __cxa_atexit, since glibc links atexit statically
 *    into the module from libc_nonshared.a;
 *  - read/write/open/close/pipe/dup* on raw descriptors are refused: a
 *    program's output must go through stdio so wsim captures it, and its
 *    network through Winsock so wsim simulates it.  stdio on a FILE* the
 *    program opened itself (fopen, fprintf, ...) is allowed; the standard
 *    streams are not: stdin/stdout/stderr and the functions that use them
 *    implicitly (printf, puts, perror, __printf_chk, __assert_fail) are
 *    refused unless wsim provides its captured versions;
 *  - the BSD socket names are refused unless provided, so a module built
 *    before wsim takes one over is told why instead of reaching a real
 *    socket;
 *  - getenv is allowed (it only reads); setenv/putenv are not listed;
 *  - weak undefined references are judged like any other (elf_symbols.h
 *    explains why); the weak hooks every gcc/glibc object carries are
 *    allowed by name (A_CRT).
 */
#include "modcheck/module_policy.h"

#include "modcheck/elf_symbols.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- REFUSED: libc's version must not run inside a simulation ---------- */

/* Threads: a simulated program's threads are wsim fibers on one OS thread;
 * an OS thread would run outside the event loop and race with it. */
#define R_THREAD_CREATE "creates an OS thread; use CreateThread"
#define R_PTHREAD \
    "POSIX threads are outside the simulation; use the Win32 thread and synchronisation calls"
#define R_C11_THREADS \
    "C11 threads are outside the simulation; use the Win32 thread and synchronisation calls"
/* Blocking the one OS thread stops every simulated program and the clock. */
#define R_SEMAPHORE \
    "blocks the OS thread, stalling the whole simulation; use the Win32 synchronisation calls"
#define R_SCHED_YIELD "yields the OS thread, not the simulated one; use Sleep(0)"
/* Thread-local storage belongs to the OS thread all fibers share. */
#define R_TLS "thread-local storage would be shared by every simulated thread"

/* Processes: the simulation can neither see nor schedule another process,
 * and replacing or ending the process ends every simulated program. */
#define R_PROCESS "creates an OS process, which the simulation cannot follow"
#define R_EXEC "replaces the simulator process with another program"
#define R_SHELL "runs a shell command outside the simulation"
#define R_DAEMON "detaches the simulator process from its session"
#define R_WAIT "waits for OS child processes, which a simulated program cannot have"
#define R_KILL "sends a real signal to an OS process"
#define R_RAISE "sends a real signal to the simulator process"
#define R_EXIT "ends the whole simulator process, not just this program"
#define R_EXIT_HOOK "registers a process exit hook; wsim ends programs itself"

/* Signals are process-wide: the simulator's handlers, mask and signal stack
 * (which its fibers rely on) are not a program's to change. */
#define R_SIGNAL_HANDLER "would replace the simulator's signal handlers"
#define R_SIGNAL_MASK "changes the simulator's signal mask"
#define R_SIGNAL_WAIT "waits for a real signal, stalling the whole simulation"
#define R_SIGNAL_STACK "changes the OS thread's signal stack, which the simulator's fibers rely on"

/* Real time: simulated programs must see simulated time, or runs stop being
 * deterministic; waiting in real time stalls every program at once. */
#define R_REAL_TIMER "arms a real-time timer outside the simulation"
#define R_REAL_CLOCK "reads the host's real clock; programs must see simulated time"
#define R_CPU_CLOCK "reads the host's CPU time, which the simulation does not model"
#define R_SLEEP "sleeps in real time, stalling the whole simulation; use Sleep"
#define R_REAL_WAIT "waits on real descriptors in real time, outside the simulation"

/* Raw descriptors bypass both the simulated network and output capture. */
#define R_REAL_FD "creates a real descriptor outside the simulation"
#define R_RAW_IO "reads or writes a raw descriptor, bypassing the simulation; use stdio or Winsock"
#define R_RAW_OPEN "opens a raw descriptor; use fopen"
#define R_RAW_CLOSE "closes a raw descriptor; use fclose or closesocket"
#define R_RAW_DUP "duplicates raw descriptors and could redirect the simulator's own output"
#define R_RAW_CTL "controls raw descriptors outside the simulation"
#define R_SYSCALL "makes a raw system call, bypassing the simulation"

/* The real network and the real host: wsim provides the Winsock calls of
 * these names; libc's would reach the host's network and identity. */
#define R_OS_SOCKET "uses a real OS socket outside the simulation"
#define R_RESOLVER "asks the host's real resolver instead of the simulated network"
#define R_HOST_IDENTITY "reports the real host's identity, not the simulated node's"

/* A module is one program; loading more code would escape this check. */
#define R_DL "loads or looks up code outside the module; a module must not load others"

/* Winsock calls that post results as window messages: wsim has no windows. */
#define R_WINDOW_MESSAGES "needs window message queues; out of scope"

/* The simulator's own standard streams: a program's output must be captured
 * per program, so only wsim's versions of these may run. */
#define R_HOST_STDOUT "writes to the simulator's own stdout, not the program's captured output"
#define R_HOST_STDERR "writes to the simulator's own stderr, not the program's captured output"
#define R_HOST_STDIN "reads the simulator's own stdin"
#define R_HOST_STREAM "is the simulator's own standard stream, not the program's captured one"
#define R_ASSERT "prints to the simulator's stderr and aborts the whole simulation"

static const wsim_policy_entry refused_names[] = {
    {"WSACancelAsyncRequest", R_WINDOW_MESSAGES},
    {"_Exit", R_EXIT},
    {"_Fork", R_PROCESS},
    {"__assert", R_ASSERT},
    {"__assert_fail", R_ASSERT},
    {"__assert_perror_fail", R_ASSERT},
    {"__clone", R_THREAD_CREATE},
    {"__cxa_atexit", R_EXIT_HOOK},
    {"__cxa_thread_atexit_impl", R_EXIT_HOOK},
    {"__dprintf_chk", R_RAW_IO},
    {"__getdomainname_chk", R_HOST_IDENTITY},
    {"__gethostname_chk", R_HOST_IDENTITY},
    {"__gets_chk", R_HOST_STDIN},
    {"__isoc23_scanf", R_HOST_STDIN},
    {"__isoc23_vscanf", R_HOST_STDIN},
    {"__isoc99_scanf", R_HOST_STDIN},
    {"__isoc99_vscanf", R_HOST_STDIN},
    {"__isoc99_vwscanf", R_HOST_STDIN},
    {"__isoc99_wscanf", R_HOST_STDIN},
    {"__open", R_RAW_OPEN},
    {"__open64", R_RAW_OPEN},
    {"__open64_2", R_RAW_OPEN},
    {"__open_2", R_RAW_OPEN},
    {"__openat64_2", R_RAW_OPEN},
    {"__openat_2", R_RAW_OPEN},
    {"__poll_chk", R_REAL_WAIT},
    {"__ppoll_chk", R_REAL_WAIT},
    {"__pread64_chk", R_RAW_IO},
    {"__pread_chk", R_RAW_IO},
    {"__printf_chk", R_HOST_STDOUT},
    {"__read_chk", R_RAW_IO},
    {"__recv_chk", R_OS_SOCKET},
    {"__recvfrom_chk", R_OS_SOCKET},
    {"__sysv_signal", R_SIGNAL_HANDLER},
    {"__tls_get_addr", R_TLS},
    {"__vdprintf_chk", R_RAW_IO},
    {"__vprintf_chk", R_HOST_STDOUT},
    {"__vwprintf_chk", R_HOST_STDOUT},
    {"__wprintf_chk", R_HOST_STDOUT},
    {"__xpg_sigpause", R_SIGNAL_WAIT},
    {"_exit", R_EXIT},
    {"abort", R_EXIT},
    {"accept", R_OS_SOCKET},
    {"accept4", R_OS_SOCKET},
    {"alarm", R_REAL_TIMER},
    {"at_quick_exit", R_EXIT_HOOK},
    {"atexit", R_EXIT_HOOK},
    {"bind", R_OS_SOCKET},
    {"bsd_signal", R_SIGNAL_HANDLER},
    {"call_once", R_C11_THREADS},
    {"clock", R_CPU_CLOCK},
    {"clock_getcpuclockid", R_CPU_CLOCK},
    {"clock_getres", R_REAL_CLOCK},
    {"clock_gettime", R_REAL_CLOCK},
    {"clock_nanosleep", R_SLEEP},
    {"clock_settime", R_REAL_CLOCK},
    {"clone", R_THREAD_CREATE},
    {"close", R_RAW_CLOSE},
    {"close_range", R_RAW_CLOSE},
    {"connect", R_OS_SOCKET},
    {"creat", R_RAW_OPEN},
    {"creat64", R_RAW_OPEN},
    {"daemon", R_DAEMON},
    {"dlclose", R_DL},
    {"dlmopen", R_DL},
    {"dlopen", R_DL},
    {"dlsym", R_DL},
    {"dlvsym", R_DL},
    {"dprintf", R_RAW_IO},
    {"dup", R_RAW_DUP},
    {"dup2", R_RAW_DUP},
    {"dup3", R_RAW_DUP},
    {"eventfd", R_REAL_FD},
    {"execl", R_EXEC},
    {"execle", R_EXEC},
    {"execlp", R_EXEC},
    {"execv", R_EXEC},
    {"execve", R_EXEC},
    {"execveat", R_EXEC},
    {"execvp", R_EXEC},
    {"execvpe", R_EXEC},
    {"exit", R_EXIT},
    {"fcntl", R_RAW_CTL},
    {"fcntl64", R_RAW_CTL},
    {"fdopen", R_RAW_OPEN},
    {"fexecve", R_EXEC},
    {"fork", R_PROCESS},
    {"ftime", R_REAL_CLOCK},
    {"getaddrinfo", R_RESOLVER},
    {"getchar", R_HOST_STDIN},
    {"getchar_unlocked", R_HOST_STDIN},
    {"getdomainname", R_HOST_IDENTITY},
    {"gethostbyaddr", R_RESOLVER},
    {"gethostbyaddr_r", R_RESOLVER},
    {"gethostbyname", R_RESOLVER},
    {"gethostbyname2", R_RESOLVER},
    {"gethostbyname2_r", R_RESOLVER},
    {"gethostbyname_r", R_RESOLVER},
    {"gethostname", R_HOST_IDENTITY},
    {"getitimer", R_REAL_TIMER},
    {"getnameinfo", R_RESOLVER},
    {"getpeername", R_OS_SOCKET},
    {"getprotobyname", R_RESOLVER},
    {"getprotobynumber", R_RESOLVER},
    {"getrusage", R_CPU_CLOCK},
    {"gets", R_HOST_STDIN},
    {"getservbyname", R_RESOLVER},
    {"getservbyport", R_RESOLVER},
    {"getsockname", R_OS_SOCKET},
    {"getsockopt", R_OS_SOCKET},
    {"gettimeofday", R_REAL_CLOCK},
    {"getwchar", R_HOST_STDIN},
    {"ioctl", R_RAW_CTL},
    {"kill", R_KILL},
    {"killpg", R_KILL},
    {"listen", R_OS_SOCKET},
    {"lseek", R_RAW_CTL},
    {"lseek64", R_RAW_CTL},
    {"memfd_create", R_REAL_FD},
    {"nanosleep", R_SLEEP},
    {"on_exit", R_EXIT_HOOK},
    {"open", R_RAW_OPEN},
    {"open64", R_RAW_OPEN},
    {"openat", R_RAW_OPEN},
    {"openat64", R_RAW_OPEN},
    {"pause", R_SIGNAL_WAIT},
    {"pclose", R_SHELL},
    {"perror", R_HOST_STDERR},
    {"pidfd_send_signal", R_KILL},
    {"pipe", R_REAL_FD},
    {"pipe2", R_REAL_FD},
    {"poll", R_REAL_WAIT},
    {"popen", R_SHELL},
    {"ppoll", R_REAL_WAIT},
    {"pread", R_RAW_IO},
    {"pread64", R_RAW_IO},
    {"preadv", R_RAW_IO},
    {"printf", R_HOST_STDOUT},
    {"pselect", R_REAL_WAIT},
    {"pthread_create", R_THREAD_CREATE},
    {"putchar", R_HOST_STDOUT},
    {"putchar_unlocked", R_HOST_STDOUT},
    {"puts", R_HOST_STDOUT},
    {"putwchar", R_HOST_STDOUT},
    {"pwrite", R_RAW_IO},
    {"pwrite64", R_RAW_IO},
    {"pwritev", R_RAW_IO},
    {"quick_exit", R_EXIT},
    {"raise", R_RAISE},
    {"read", R_RAW_IO},
    {"readv", R_RAW_IO},
    {"recv", R_OS_SOCKET},
    {"recvfrom", R_OS_SOCKET},
    {"recvmmsg", R_OS_SOCKET},
    {"recvmsg", R_OS_SOCKET},
    {"scanf", R_HOST_STDIN},
    {"sched_yield", R_SCHED_YIELD},
    {"select", R_REAL_WAIT},
    {"send", R_OS_SOCKET},
    {"sendfile", R_RAW_IO},
    {"sendmmsg", R_OS_SOCKET},
    {"sendmsg", R_OS_SOCKET},
    {"sendto", R_OS_SOCKET},
    {"setitimer", R_REAL_TIMER},
    {"setsockopt", R_OS_SOCKET},
    {"settimeofday", R_REAL_CLOCK},
    {"shutdown", R_OS_SOCKET},
    {"sigaction", R_SIGNAL_HANDLER},
    {"sigaltstack", R_SIGNAL_STACK},
    {"sighold", R_SIGNAL_MASK},
    {"sigignore", R_SIGNAL_HANDLER},
    {"signal", R_SIGNAL_HANDLER},
    {"signalfd", R_REAL_FD},
    {"sigpause", R_SIGNAL_WAIT},
    {"sigprocmask", R_SIGNAL_MASK},
    {"sigqueue", R_KILL},
    {"sigrelse", R_SIGNAL_MASK},
    {"sigset", R_SIGNAL_HANDLER},
    {"sigsuspend", R_SIGNAL_WAIT},
    {"sigtimedwait", R_SIGNAL_WAIT},
    {"sigwait", R_SIGNAL_WAIT},
    {"sigwaitinfo", R_SIGNAL_WAIT},
    {"sleep", R_SLEEP},
    {"socket", R_OS_SOCKET},
    {"socketpair", R_OS_SOCKET},
    {"splice", R_RAW_IO},
    {"ssignal", R_SIGNAL_HANDLER},
    {"stderr", R_HOST_STREAM},
    {"stdin", R_HOST_STREAM},
    {"stdout", R_HOST_STREAM},
    {"syscall", R_SYSCALL},
    {"system", R_SHELL},
    {"sysv_signal", R_SIGNAL_HANDLER},
    {"tgkill", R_KILL},
    {"thrd_create", R_THREAD_CREATE},
    {"time", R_REAL_CLOCK},
    {"times", R_CPU_CLOCK},
    {"timespec_get", R_REAL_CLOCK},
    {"timespec_getres", R_REAL_CLOCK},
    {"ualarm", R_REAL_TIMER},
    {"uname", R_HOST_IDENTITY},
    {"usleep", R_SLEEP},
    {"vdprintf", R_RAW_IO},
    {"vfork", R_PROCESS},
    {"vprintf", R_HOST_STDOUT},
    {"vscanf", R_HOST_STDIN},
    {"vwprintf", R_HOST_STDOUT},
    {"vwscanf", R_HOST_STDIN},
    {"wait", R_WAIT},
    {"wait3", R_WAIT},
    {"wait4", R_WAIT},
    {"waitid", R_WAIT},
    {"waitpid", R_WAIT},
    {"wprintf", R_HOST_STDOUT},
    {"write", R_RAW_IO},
    {"writev", R_RAW_IO},
    {"wscanf", R_HOST_STDIN},
};

static const wsim_policy_entry refused_prefixes[] = {
    {"WSAAsync", R_WINDOW_MESSAGES},
    {"cnd_", R_C11_THREADS},
    {"epoll_", R_REAL_WAIT},
    {"inotify_", R_REAL_FD},
    {"mtx_", R_C11_THREADS},
    {"posix_spawn", R_PROCESS},
    {"pthread_", R_PTHREAD},
    {"sem_", R_SEMAPHORE},
    {"thrd_", R_C11_THREADS},
    {"timer_", R_REAL_TIMER},
    {"timerfd_", R_REAL_FD},
    {"tss_", R_C11_THREADS},
};

/* ---- ALLOWED: libc's version is harmless inside a simulation ----------- */

/* Pure functions over the program's own memory: <string.h>, <strings.h>,
 * <wchar.h>, multibyte conversion, <stdlib.h> conversions and algorithms.
 * (strtok and strerror keep hidden static state shared by all programs;
 * fibers switch only inside wsim calls, so only a program that blocks in
 * the middle of a strtok loop can see another program's state.) */
#define A_MEMORY "works only on the program's own memory"
/* <ctype.h>/<wctype.h> and the glibc table accessors their macros use. */
#define A_CTYPE "classifies characters from the C library's tables"
/* Reading the environment changes nothing. */
#define A_ENV "only reads the environment"
/* The heap is shared with the simulator, but each allocation is the
 * program's own. */
#define A_HEAP "allocates memory for the program's own use"
/* Formatting to and parsing from memory. */
#define A_FORMAT "formats to or parses from the program's own memory"
/* stdio on a FILE* the program opened itself: files are not part of the
 * simulated network, and the standard streams are guarded separately. */
#define A_FILE "stdio on a FILE* the program opened itself"
/* libm: pure arithmetic. */
#define A_MATH "pure arithmetic"
/* Names glibc's headers substitute for allowed functions (C99 scanf
 * semantics, POSIX strerror_r). */
#define A_ISOC "glibc's standard-conforming alias of an allowed function"
/* glibc 2.38 and later substitute these for the strto and scanf families
 * under C2x or _GNU_SOURCE; glibc 2.36 (Debian 12) does not, and allowing
 * them ahead of time costs nothing. */
#define A_ISOC23 "glibc 2.38's C23 alias of an allowed function"
/* -D_FORTIFY_SOURCE swaps allowed functions for these checked versions. */
#define A_FORTIFY "glibc's bounds-checked version of an allowed function"
/* -fstack-protector's failure report. */
#define A_STACK_PROTECTOR "reports a smashed stack (-fstack-protector)"
/* How every access to errno is compiled. */
#define A_ERRNO "locates errno"
/* Non-local jumps stay within one program's fiber stack. */
#define A_JUMP "jumps within the program's own stack"
/* Weak hooks that the C runtime start files put in every gcc/glibc shared
 * object; they are null or harmless at run time (__cxa_finalize runs the
 * module's own destructors when it is unloaded). */
#define A_CRT "C runtime start-up hook every gcc-built object references"
/* Sanitizer runtimes, present when modules are built with -fsanitize. */
#define A_SANITIZER "sanitizer runtime"

static const wsim_policy_entry allowed_names[] = {
    {"_ITM_deregisterTMCloneTable", A_CRT},
    {"_ITM_registerTMCloneTable", A_CRT},
    {"_Jv_RegisterClasses", A_CRT},
    {"__asprintf_chk", A_FORTIFY},
    {"__ctype_b_loc", A_CTYPE},
    {"__ctype_get_mb_cur_max", A_CTYPE},
    {"__ctype_tolower_loc", A_CTYPE},
    {"__ctype_toupper_loc", A_CTYPE},
    {"__cxa_finalize", A_CRT},
    {"__errno_location", A_ERRNO},
    {"__explicit_bzero_chk", A_FORTIFY},
    {"__fdelt_chk", A_FORTIFY},
    {"__fgets_chk", A_FORTIFY},
    {"__fgetws_chk", A_FORTIFY},
    {"__fprintf_chk", A_FORTIFY},
    {"__fread_chk", A_FORTIFY},
    {"__fwprintf_chk", A_FORTIFY},
    {"__gmon_start__", A_CRT},
    {"__isoc23_fscanf", A_ISOC23},
    {"__isoc23_fwscanf", A_ISOC23},
    {"__isoc23_sscanf", A_ISOC23},
    {"__isoc23_strtoimax", A_ISOC23},
    {"__isoc23_strtol", A_ISOC23},
    {"__isoc23_strtoll", A_ISOC23},
    {"__isoc23_strtoul", A_ISOC23},
    {"__isoc23_strtoull", A_ISOC23},
    {"__isoc23_strtoumax", A_ISOC23},
    {"__isoc23_swscanf", A_ISOC23},
    {"__isoc23_vfscanf", A_ISOC23},
    {"__isoc23_vfwscanf", A_ISOC23},
    {"__isoc23_vsscanf", A_ISOC23},
    {"__isoc23_vswscanf", A_ISOC23},
    {"__isoc23_wcstoimax", A_ISOC23},
    {"__isoc23_wcstol", A_ISOC23},
    {"__isoc23_wcstoll", A_ISOC23},
    {"__isoc23_wcstoul", A_ISOC23},
    {"__isoc23_wcstoull", A_ISOC23},
    {"__isoc23_wcstoumax", A_ISOC23},
    {"__isoc99_fscanf", A_ISOC},
    {"__isoc99_fwscanf", A_ISOC},
    {"__isoc99_sscanf", A_ISOC},
    {"__isoc99_swscanf", A_ISOC},
    {"__isoc99_vfscanf", A_ISOC},
    {"__isoc99_vfwscanf", A_ISOC},
    {"__isoc99_vsscanf", A_ISOC},
    {"__isoc99_vswscanf", A_ISOC},
    {"__longjmp_chk", A_JUMP},
    {"__mbsnrtowcs_chk", A_FORTIFY},
    {"__mbsrtowcs_chk", A_FORTIFY},
    {"__mbstowcs_chk", A_FORTIFY},
    {"__memcpy_chk", A_FORTIFY},
    {"__memmove_chk", A_FORTIFY},
    {"__mempcpy_chk", A_FORTIFY},
    {"__memset_chk", A_FORTIFY},
    {"__sigsetjmp", A_JUMP},
    {"__snprintf_chk", A_FORTIFY},
    {"__sprintf_chk", A_FORTIFY},
    {"__stack_chk_fail", A_STACK_PROTECTOR},
    {"__stpcpy_chk", A_FORTIFY},
    {"__stpncpy_chk", A_FORTIFY},
    {"__strcat_chk", A_FORTIFY},
    {"__strcpy_chk", A_FORTIFY},
    {"__strncat_chk", A_FORTIFY},
    {"__strncpy_chk", A_FORTIFY},
    {"__swprintf_chk", A_FORTIFY},
    {"__vasprintf_chk", A_FORTIFY},
    {"__vfprintf_chk", A_FORTIFY},
    {"__vfwprintf_chk", A_FORTIFY},
    {"__vsnprintf_chk", A_FORTIFY},
    {"__vsprintf_chk", A_FORTIFY},
    {"__vswprintf_chk", A_FORTIFY},
    {"__wcpcpy_chk", A_FORTIFY},
    {"__wcpncpy_chk", A_FORTIFY},
    {"__wcrtomb_chk", A_FORTIFY},
    {"__wcscat_chk", A_FORTIFY},
    {"__wcscpy_chk", A_FORTIFY},
    {"__wcsncat_chk", A_FORTIFY},
    {"__wcsncpy_chk", A_FORTIFY},
    {"__wcsnrtombs_chk", A_FORTIFY},
    {"__wcsrtombs_chk", A_FORTIFY},
    {"__wcstombs_chk", A_FORTIFY},
    {"__wctomb_chk", A_FORTIFY},
    {"__wmemcpy_chk", A_FORTIFY},
    {"__wmemmove_chk", A_FORTIFY},
    {"__wmempcpy_chk", A_FORTIFY},
    {"__wmemset_chk", A_FORTIFY},
    {"__xpg_strerror_r", A_MEMORY},
    {"_longjmp", A_JUMP},
    {"_setjmp", A_JUMP},
    {"abs", A_MEMORY},
    {"acos", A_MATH},
    {"acosf", A_MATH},
    {"acosh", A_MATH},
    {"acoshf", A_MATH},
    {"acoshl", A_MATH},
    {"acosl", A_MATH},
    {"aligned_alloc", A_HEAP},
    {"asin", A_MATH},
    {"asinf", A_MATH},
    {"asinh", A_MATH},
    {"asinhf", A_MATH},
    {"asinhl", A_MATH},
    {"asinl", A_MATH},
    {"asprintf", A_FORMAT},
    {"atan", A_MATH},
    {"atan2", A_MATH},
    {"atan2f", A_MATH},
    {"atan2l", A_MATH},
    {"atanf", A_MATH},
    {"atanh", A_MATH},
    {"atanhf", A_MATH},
    {"atanhl", A_MATH},
    {"atanl", A_MATH},
    {"atof", A_MEMORY},
    {"atoi", A_MEMORY},
    {"atol", A_MEMORY},
    {"atoll", A_MEMORY},
    {"bcmp", A_MEMORY},
    {"bcopy", A_MEMORY},
    {"bsearch", A_MEMORY},
    {"btowc", A_MEMORY},
    {"bzero", A_MEMORY},
    {"calloc", A_HEAP},
    {"cbrt", A_MATH},
    {"cbrtf", A_MATH},
    {"cbrtl", A_MATH},
    {"ceil", A_MATH},
    {"ceilf", A_MATH},
    {"ceill", A_MATH},
    {"clearerr", A_FILE},
    {"copysign", A_MATH},
    {"copysignf", A_MATH},
    {"copysignl", A_MATH},
    {"cos", A_MATH},
    {"cosf", A_MATH},
    {"cosh", A_MATH},
    {"coshf", A_MATH},
    {"coshl", A_MATH},
    {"cosl", A_MATH},
    {"div", A_MEMORY},
    {"erf", A_MATH},
    {"erfc", A_MATH},
    {"erfcf", A_MATH},
    {"erfcl", A_MATH},
    {"erff", A_MATH},
    {"erfl", A_MATH},
    {"exp", A_MATH},
    {"exp10", A_MATH},
    {"exp10f", A_MATH},
    {"exp10l", A_MATH},
    {"exp2", A_MATH},
    {"exp2f", A_MATH},
    {"exp2l", A_MATH},
    {"expf", A_MATH},
    {"expl", A_MATH},
    {"explicit_bzero", A_MEMORY},
    {"expm1", A_MATH},
    {"expm1f", A_MATH},
    {"expm1l", A_MATH},
    {"fabs", A_MATH},
    {"fabsf", A_MATH},
    {"fabsl", A_MATH},
    {"fclose", A_FILE},
    {"fdim", A_MATH},
    {"fdimf", A_MATH},
    {"fdiml", A_MATH},
    {"feof", A_FILE},
    {"ferror", A_FILE},
    {"fflush", A_FILE},
    {"ffs", A_MEMORY},
    {"ffsl", A_MEMORY},
    {"ffsll", A_MEMORY},
    {"fgetc", A_FILE},
    {"fgetpos", A_FILE},
    {"fgetpos64", A_FILE},
    {"fgets", A_FILE},
    {"fgetwc", A_FILE},
    {"fgetws", A_FILE},
    {"floor", A_MATH},
    {"floorf", A_MATH},
    {"floorl", A_MATH},
    {"fma", A_MATH},
    {"fmaf", A_MATH},
    {"fmal", A_MATH},
    {"fmax", A_MATH},
    {"fmaxf", A_MATH},
    {"fmaxl", A_MATH},
    {"fmin", A_MATH},
    {"fminf", A_MATH},
    {"fminl", A_MATH},
    {"fmod", A_MATH},
    {"fmodf", A_MATH},
    {"fmodl", A_MATH},
    {"fopen", A_FILE},
    {"fopen64", A_FILE},
    {"fprintf", A_FILE},
    {"fputc", A_FILE},
    {"fputs", A_FILE},
    {"fputwc", A_FILE},
    {"fputws", A_FILE},
    {"fread", A_FILE},
    {"free", A_HEAP},
    {"frexp", A_MATH},
    {"frexpf", A_MATH},
    {"frexpl", A_MATH},
    {"fscanf", A_FILE},
    {"fseek", A_FILE},
    {"fseeko", A_FILE},
    {"fseeko64", A_FILE},
    {"fsetpos", A_FILE},
    {"fsetpos64", A_FILE},
    {"ftell", A_FILE},
    {"ftello", A_FILE},
    {"ftello64", A_FILE},
    {"fwide", A_FILE},
    {"fwprintf", A_FILE},
    {"fwrite", A_FILE},
    {"fwscanf", A_FILE},
    {"getc", A_FILE},
    {"getdelim", A_FILE},
    {"getenv", A_ENV},
    {"getline", A_FILE},
    {"getwc", A_FILE},
    {"hypot", A_MATH},
    {"hypotf", A_MATH},
    {"hypotl", A_MATH},
    {"ilogb", A_MATH},
    {"ilogbf", A_MATH},
    {"ilogbl", A_MATH},
    {"imaxabs", A_MEMORY},
    {"imaxdiv", A_MEMORY},
    {"index", A_MEMORY},
    {"isalnum", A_CTYPE},
    {"isalpha", A_CTYPE},
    {"isascii", A_CTYPE},
    {"isblank", A_CTYPE},
    {"iscntrl", A_CTYPE},
    {"isdigit", A_CTYPE},
    {"isgraph", A_CTYPE},
    {"islower", A_CTYPE},
    {"isprint", A_CTYPE},
    {"ispunct", A_CTYPE},
    {"isspace", A_CTYPE},
    {"isupper", A_CTYPE},
    {"iswalnum", A_CTYPE},
    {"iswalpha", A_CTYPE},
    {"iswblank", A_CTYPE},
    {"iswcntrl", A_CTYPE},
    {"iswctype", A_CTYPE},
    {"iswdigit", A_CTYPE},
    {"iswgraph", A_CTYPE},
    {"iswlower", A_CTYPE},
    {"iswprint", A_CTYPE},
    {"iswpunct", A_CTYPE},
    {"iswspace", A_CTYPE},
    {"iswupper", A_CTYPE},
    {"iswxdigit", A_CTYPE},
    {"isxdigit", A_CTYPE},
    {"labs", A_MEMORY},
    {"ldexp", A_MATH},
    {"ldexpf", A_MATH},
    {"ldexpl", A_MATH},
    {"ldiv", A_MEMORY},
    {"lgamma", A_MATH},
    {"lgammaf", A_MATH},
    {"lgammal", A_MATH},
    {"llabs", A_MEMORY},
    {"lldiv", A_MEMORY},
    {"llrint", A_MATH},
    {"llrintf", A_MATH},
    {"llrintl", A_MATH},
    {"llround", A_MATH},
    {"llroundf", A_MATH},
    {"llroundl", A_MATH},
    {"log", A_MATH},
    {"log10", A_MATH},
    {"log10f", A_MATH},
    {"log10l", A_MATH},
    {"log1p", A_MATH},
    {"log1pf", A_MATH},
    {"log1pl", A_MATH},
    {"log2", A_MATH},
    {"log2f", A_MATH},
    {"log2l", A_MATH},
    {"logb", A_MATH},
    {"logbf", A_MATH},
    {"logbl", A_MATH},
    {"logf", A_MATH},
    {"logl", A_MATH},
    {"longjmp", A_JUMP},
    {"lrint", A_MATH},
    {"lrintf", A_MATH},
    {"lrintl", A_MATH},
    {"lround", A_MATH},
    {"lroundf", A_MATH},
    {"lroundl", A_MATH},
    {"malloc", A_HEAP},
    {"mblen", A_MEMORY},
    {"mbrlen", A_MEMORY},
    {"mbrtowc", A_MEMORY},
    {"mbsinit", A_MEMORY},
    {"mbsnrtowcs", A_MEMORY},
    {"mbsrtowcs", A_MEMORY},
    {"mbstowcs", A_MEMORY},
    {"mbtowc", A_MEMORY},
    {"memccpy", A_MEMORY},
    {"memchr", A_MEMORY},
    {"memcmp", A_MEMORY},
    {"memcpy", A_MEMORY},
    {"memmem", A_MEMORY},
    {"memmove", A_MEMORY},
    {"mempcpy", A_MEMORY},
    {"memrchr", A_MEMORY},
    {"memset", A_MEMORY},
    {"modf", A_MATH},
    {"modff", A_MATH},
    {"modfl", A_MATH},
    {"nan", A_MATH},
    {"nanf", A_MATH},
    {"nanl", A_MATH},
    {"nearbyint", A_MATH},
    {"nearbyintf", A_MATH},
    {"nearbyintl", A_MATH},
    {"nextafter", A_MATH},
    {"nextafterf", A_MATH},
    {"nextafterl", A_MATH},
    {"posix_memalign", A_HEAP},
    {"pow", A_MATH},
    {"powf", A_MATH},
    {"powl", A_MATH},
    {"putc", A_FILE},
    {"putwc", A_FILE},
    {"qsort", A_MEMORY},
    {"qsort_r", A_MEMORY},
    {"rawmemchr", A_MEMORY},
    {"realloc", A_HEAP},
    {"reallocarray", A_HEAP},
    {"remainder", A_MATH},
    {"remainderf", A_MATH},
    {"remainderl", A_MATH},
    {"remove", A_FILE},
    {"remquo", A_MATH},
    {"remquof", A_MATH},
    {"remquol", A_MATH},
    {"rename", A_FILE},
    {"rewind", A_FILE},
    {"rindex", A_MEMORY},
    {"rint", A_MATH},
    {"rintf", A_MATH},
    {"rintl", A_MATH},
    {"round", A_MATH},
    {"roundf", A_MATH},
    {"roundl", A_MATH},
    {"scalbln", A_MATH},
    {"scalblnf", A_MATH},
    {"scalblnl", A_MATH},
    {"scalbn", A_MATH},
    {"scalbnf", A_MATH},
    {"scalbnl", A_MATH},
    {"setbuf", A_FILE},
    {"setjmp", A_JUMP},
    {"setvbuf", A_FILE},
    {"siglongjmp", A_JUMP},
    {"sin", A_MATH},
    {"sincos", A_MATH},
    {"sincosf", A_MATH},
    {"sincosl", A_MATH},
    {"sinf", A_MATH},
    {"sinh", A_MATH},
    {"sinhf", A_MATH},
    {"sinhl", A_MATH},
    {"sinl", A_MATH},
    {"snprintf", A_FORMAT},
    {"sprintf", A_FORMAT},
    {"sqrt", A_MATH},
    {"sqrtf", A_MATH},
    {"sqrtl", A_MATH},
    {"sscanf", A_FORMAT},
    {"stpcpy", A_MEMORY},
    {"stpncpy", A_MEMORY},
    {"strcasecmp", A_MEMORY},
    {"strcasestr", A_MEMORY},
    {"strcat", A_MEMORY},
    {"strchr", A_MEMORY},
    {"strchrnul", A_MEMORY},
    {"strcmp", A_MEMORY},
    {"strcoll", A_MEMORY},
    {"strcpy", A_MEMORY},
    {"strcspn", A_MEMORY},
    {"strdup", A_MEMORY},
    {"strerror", A_MEMORY},
    {"strerror_r", A_MEMORY},
    {"strlen", A_MEMORY},
    {"strncasecmp", A_MEMORY},
    {"strncat", A_MEMORY},
    {"strncmp", A_MEMORY},
    {"strncpy", A_MEMORY},
    {"strndup", A_MEMORY},
    {"strnlen", A_MEMORY},
    {"strpbrk", A_MEMORY},
    {"strrchr", A_MEMORY},
    {"strsep", A_MEMORY},
    {"strspn", A_MEMORY},
    {"strstr", A_MEMORY},
    {"strtod", A_MEMORY},
    {"strtof", A_MEMORY},
    {"strtoimax", A_MEMORY},
    {"strtok", A_MEMORY},
    {"strtok_r", A_MEMORY},
    {"strtol", A_MEMORY},
    {"strtold", A_MEMORY},
    {"strtoll", A_MEMORY},
    {"strtoul", A_MEMORY},
    {"strtoull", A_MEMORY},
    {"strtoumax", A_MEMORY},
    {"strxfrm", A_MEMORY},
    {"swprintf", A_FORMAT},
    {"swscanf", A_FORMAT},
    {"tan", A_MATH},
    {"tanf", A_MATH},
    {"tanh", A_MATH},
    {"tanhf", A_MATH},
    {"tanhl", A_MATH},
    {"tanl", A_MATH},
    {"tgamma", A_MATH},
    {"tgammaf", A_MATH},
    {"tgammal", A_MATH},
    {"toascii", A_CTYPE},
    {"tolower", A_CTYPE},
    {"toupper", A_CTYPE},
    {"towctrans", A_CTYPE},
    {"towlower", A_CTYPE},
    {"towupper", A_CTYPE},
    {"trunc", A_MATH},
    {"truncf", A_MATH},
    {"truncl", A_MATH},
    {"ungetc", A_FILE},
    {"ungetwc", A_FILE},
    {"vasprintf", A_FORMAT},
    {"vfprintf", A_FILE},
    {"vfscanf", A_FILE},
    {"vfwprintf", A_FILE},
    {"vfwscanf", A_FILE},
    {"vsnprintf", A_FORMAT},
    {"vsprintf", A_FORMAT},
    {"vsscanf", A_FORMAT},
    {"vswprintf", A_FORMAT},
    {"vswscanf", A_FORMAT},
    {"wcpcpy", A_MEMORY},
    {"wcpncpy", A_MEMORY},
    {"wcrtomb", A_MEMORY},
    {"wcscasecmp", A_MEMORY},
    {"wcscat", A_MEMORY},
    {"wcschr", A_MEMORY},
    {"wcscmp", A_MEMORY},
    {"wcscoll", A_MEMORY},
    {"wcscpy", A_MEMORY},
    {"wcscspn", A_MEMORY},
    {"wcsdup", A_MEMORY},
    {"wcslen", A_MEMORY},
    {"wcsncasecmp", A_MEMORY},
    {"wcsncat", A_MEMORY},
    {"wcsncmp", A_MEMORY},
    {"wcsncpy", A_MEMORY},
    {"wcsnlen", A_MEMORY},
    {"wcsnrtombs", A_MEMORY},
    {"wcspbrk", A_MEMORY},
    {"wcsrchr", A_MEMORY},
    {"wcsrtombs", A_MEMORY},
    {"wcsspn", A_MEMORY},
    {"wcsstr", A_MEMORY},
    {"wcstod", A_MEMORY},
    {"wcstof", A_MEMORY},
    {"wcstoimax", A_MEMORY},
    {"wcstok", A_MEMORY},
    {"wcstol", A_MEMORY},
    {"wcstold", A_MEMORY},
    {"wcstoll", A_MEMORY},
    {"wcstombs", A_MEMORY},
    {"wcstoul", A_MEMORY},
    {"wcstoull", A_MEMORY},
    {"wcstoumax", A_MEMORY},
    {"wcswidth", A_MEMORY},
    {"wcsxfrm", A_MEMORY},
    {"wctob", A_MEMORY},
    {"wctomb", A_MEMORY},
    {"wctrans", A_CTYPE},
    {"wctype", A_CTYPE},
    {"wcwidth", A_MEMORY},
    {"wmemchr", A_MEMORY},
    {"wmemcmp", A_MEMORY},
    {"wmemcpy", A_MEMORY},
    {"wmemmove", A_MEMORY},
    {"wmempcpy", A_MEMORY},
    {"wmemset", A_MEMORY},
};

static const wsim_policy_entry allowed_prefixes[] = {
    {"__asan_", A_SANITIZER},
    {"__lsan_", A_SANITIZER},
    {"__sanitizer_", A_SANITIZER},
    {"__ubsan_", A_SANITIZER},
};

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

static int compare_entry(const void *key, const void *entry)
{
    return strcmp((const char *)key, ((const wsim_policy_entry *)entry)->name);
}

/* Looks `name` up in one verdict's tables; returns the entry or NULL. */
static const wsim_policy_entry *lookup(const char *name,
                                       const wsim_policy_entry *names,
                                       size_t name_count,
                                       const wsim_policy_entry *prefixes,
                                       size_t prefix_count)
{
    const wsim_policy_entry *e =
        bsearch(name, names, name_count, sizeof *names, compare_entry);
    if (e)
        return e;
    /* A handful of prefixes: a scan is simpler than a search that would
     * have to cope with prefixes of prefixes. */
    for (size_t i = 0; i < prefix_count; i++)
        if (strncmp(name, prefixes[i].name, strlen(prefixes[i].name)) == 0)
            return &prefixes[i];
    return NULL;
}

wsim_symbol_verdict wsim_module_symbol_verdict(const char *name,
                                               wsim_is_provided_fn is_provided,
                                               void *ctx, const char **reason)
{
    const char *why = "not provided by wsim";
    wsim_symbol_verdict verdict = WSIM_SYM_UNKNOWN;
    const wsim_policy_entry *e;

    if (!name || !*name) {
        /* nothing to look up */
    } else if (is_provided && is_provided(ctx, name)) {
        verdict = WSIM_SYM_PROVIDED;
        why = "provided by wsim";
    } else if ((e = lookup(name, refused_names, COUNT(refused_names),
                           refused_prefixes, COUNT(refused_prefixes)))) {
        verdict = WSIM_SYM_REFUSED;
        why = e->reason;
    } else if ((e = lookup(name, allowed_names, COUNT(allowed_names),
                           allowed_prefixes, COUNT(allowed_prefixes)))) {
        verdict = WSIM_SYM_ALLOWED;
        why = e->reason;
    }
    if (reason)
        *reason = why;
    return verdict;
}

const wsim_policy_entry *wsim_module_policy_table(wsim_symbol_verdict verdict,
                                                  wsim_policy_match match,
                                                  size_t *count)
{
    const wsim_policy_entry *table = NULL;
    size_t n = 0;
    if (verdict == WSIM_SYM_REFUSED && match == WSIM_POLICY_EXACT) {
        table = refused_names;
        n = COUNT(refused_names);
    } else if (verdict == WSIM_SYM_REFUSED && match == WSIM_POLICY_PREFIX) {
        table = refused_prefixes;
        n = COUNT(refused_prefixes);
    } else if (verdict == WSIM_SYM_ALLOWED && match == WSIM_POLICY_EXACT) {
        table = allowed_names;
        n = COUNT(allowed_names);
    } else if (verdict == WSIM_SYM_ALLOWED && match == WSIM_POLICY_PREFIX) {
        table = allowed_prefixes;
        n = COUNT(allowed_prefixes);
    }
    if (count)
        *count = n;
    return table;
}

/* ---- the module check --------------------------------------------------- */

/* One symbol the module may not use. */
typedef struct {
    char *name;
    const char *reason;
} offender;

typedef struct {
    wsim_is_provided_fn is_provided;
    void *provided_ctx;
    offender *list;
    size_t count, capacity;
} check_state;

/* Returned by the visitor to stop the walk when memory runs out; positive,
 * so it cannot be confused with the walk's own -1. */
#define CHECK_OUT_OF_MEMORY 1

static int note_symbol(void *ctx, const char *name)
{
    check_state *st = ctx;
    const char *reason;
    wsim_symbol_verdict v =
        wsim_module_symbol_verdict(name, st->is_provided, st->provided_ctx, &reason);
    if (v == WSIM_SYM_PROVIDED || v == WSIM_SYM_ALLOWED)
        return 0;
    /* A name can appear twice (two versions of one symbol); say it once. */
    for (size_t i = 0; i < st->count; i++)
        if (strcmp(st->list[i].name, name) == 0)
            return 0;
    if (st->count == st->capacity) {
        size_t cap = st->capacity ? st->capacity * 2 : 8;
        offender *bigger = realloc(st->list, cap * sizeof *bigger);
        if (!bigger)
            return CHECK_OUT_OF_MEMORY;
        st->list = bigger;
        st->capacity = cap;
    }
    char *copy = strdup(name);
    if (!copy)
        return CHECK_OUT_OF_MEMORY;
    st->list[st->count].name = copy;
    st->list[st->count].reason = reason;
    st->count++;
    return 0;
}

/* Appends to a message that may outgrow its buffer; *len counts what would
 * have been written, so the caller can tell the message was cut. */
static void append(char *buf, size_t size, size_t *len, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static void append(char *buf, size_t size, size_t *len, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(*len < size ? buf + *len : NULL,
                      *len < size ? size - *len : 0, fmt, ap);
    va_end(ap);
    if (n > 0)
        *len += (size_t)n;
}

int wsim_module_check(const char *path, wsim_is_provided_fn is_provided,
                      void *ctx, char *err, size_t err_size)
{
    check_state st = {is_provided, ctx, NULL, 0, 0};
    const char *shown = path ? path : "(module)";
    int rc = wsim_elf_undefined_symbols(path, note_symbol, &st, err, err_size);

    if (rc == CHECK_OUT_OF_MEMORY) {
        if (err && err_size)
            snprintf(err, err_size, "%s: out of memory while checking", shown);
        rc = -1;
    } else if (rc == 0 && st.count > 0) {
        if (err && err_size) {
            size_t len = 0;
            append(err, err_size, &len, "%s: uses ", shown);
            for (size_t i = 0; i < st.count; i++) {
                const char *sep = i == 0 ? "" : i + 1 == st.count ? " and " : ", ";
                append(err, err_size, &len, "%s%s (%s)", sep, st.list[i].name,
                       st.list[i].reason);
            }
            /* A cut message says so rather than ending mid-word unmarked. */
            if (len >= err_size && err_size >= 4)
                memcpy(err + err_size - 4, "...", 4);
        }
        rc = -1;
    }
    for (size_t i = 0; i < st.count; i++)
        free(st.list[i].name);
    free(st.list);
    return rc;
}
