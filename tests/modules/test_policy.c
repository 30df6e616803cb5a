/* test_policy.c — modules.policy: the verdict tables of
 * modcheck/module_policy.c are sorted and consistent, and encode the decisions
 * documented there. */
#include "tests/check.h"
#include "modcheck/module_policy.h"

#include <string.h>

static int starts_with(const char *s, const char *prefix)
{
    return strncmp(s, prefix, strlen(prefix)) == 0;
}

/* Every table: non-empty, strictly sorted (so bsearch works and there are
 * no duplicates), one-line reasons, no version suffixes. */
static void check_table_shape(wsim_symbol_verdict v, wsim_policy_match m,
                              const char *label)
{
    size_t n = 0;
    const wsim_policy_entry *t = wsim_module_policy_table(v, m, &n);
    CHECK(t != NULL);
    CHECK(n > 0);
    for (size_t i = 0; t && i < n; i++) {
        CHECK(t[i].name && t[i].name[0]);
        CHECK(t[i].reason && t[i].reason[0]);
        CHECK(!strchr(t[i].name, '@'));
        CHECK(!strchr(t[i].reason, '\n'));
        if (i > 0 && strcmp(t[i - 1].name, t[i].name) >= 0) {
            fprintf(stderr, "%s table not strictly sorted at \"%s\", \"%s\"\n",
                    label, t[i - 1].name, t[i].name);
            CHECK(strcmp(t[i - 1].name, t[i].name) < 0);
        }
    }
}

/* Every exact entry is found by the real lookup with its own verdict and
 * reason: proves the bsearch sees every entry and that no entry is shadowed
 * by a prefix or a table checked earlier. */
static void check_round_trip(wsim_symbol_verdict v)
{
    size_t n = 0;
    const wsim_policy_entry *t = wsim_module_policy_table(v, WSIM_POLICY_EXACT, &n);
    for (size_t i = 0; t && i < n; i++) {
        const char *reason = NULL;
        wsim_symbol_verdict got = wsim_module_symbol_verdict(t[i].name, NULL, NULL, &reason);
        if (got != v || reason != t[i].reason) {
            fprintf(stderr, "entry \"%s\" looks up as verdict %d\n", t[i].name, (int)got);
            CHECK_INT_EQ(got, v);
        }
    }
}

/* No name may fall under both REFUSED and ALLOWED, whether listed exactly
 * or covered by a prefix. */
static void check_no_conflicts(void)
{
    size_t rn, rp, an, ap;
    const wsim_policy_entry *r =
        wsim_module_policy_table(WSIM_SYM_REFUSED, WSIM_POLICY_EXACT, &rn);
    const wsim_policy_entry *rpre =
        wsim_module_policy_table(WSIM_SYM_REFUSED, WSIM_POLICY_PREFIX, &rp);
    const wsim_policy_entry *a =
        wsim_module_policy_table(WSIM_SYM_ALLOWED, WSIM_POLICY_EXACT, &an);
    const wsim_policy_entry *apre =
        wsim_module_policy_table(WSIM_SYM_ALLOWED, WSIM_POLICY_PREFIX, &ap);
    for (size_t i = 0; i < rn; i++) {
        for (size_t j = 0; j < an; j++)
            if (strcmp(r[i].name, a[j].name) == 0) {
                fprintf(stderr, "\"%s\" is both refused and allowed\n", r[i].name);
                CHECK(0);
            }
        for (size_t j = 0; j < ap; j++)
            if (starts_with(r[i].name, apre[j].name)) {
                fprintf(stderr, "refused \"%s\" is under allowed prefix \"%s\"\n",
                        r[i].name, apre[j].name);
                CHECK(0);
            }
    }
    for (size_t i = 0; i < an; i++)
        for (size_t j = 0; j < rp; j++)
            if (starts_with(a[i].name, rpre[j].name)) {
                fprintf(stderr, "allowed \"%s\" is under refused prefix \"%s\"\n",
                        a[i].name, rpre[j].name);
                CHECK(0);
            }
    for (size_t i = 0; i < rp; i++)
        for (size_t j = 0; j < ap; j++)
            if (starts_with(rpre[i].name, apre[j].name) ||
                starts_with(apre[j].name, rpre[i].name)) {
                fprintf(stderr, "prefixes \"%s\" and \"%s\" overlap\n",
                        rpre[i].name, apre[j].name);
                CHECK(0);
            }
}

static wsim_symbol_verdict verdict(const char *name, const char **reason)
{
    return wsim_module_symbol_verdict(name, NULL, NULL, reason);
}

/* The caller's export table, reduced to a few names. */
static int provides(void *ctx, const char *name)
{
    static const char *const names[] = {"exit", "send", "printf", "stdout", "frobnicate"};
    int *calls = ctx;
    (*calls)++;
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (strcmp(names[i], name) == 0)
            return 1;
    return 0;
}

static void check_decisions(void)
{
    const char *reason = NULL;

    /* Threads and processes. */
    CHECK_INT_EQ(verdict("pthread_create", &reason), WSIM_SYM_REFUSED);
    CHECK_STR_EQ(reason, "creates an OS thread; use CreateThread");
    CHECK_INT_EQ(verdict("pthread_mutex_lock", &reason), WSIM_SYM_REFUSED);
    CHECK_CONTAINS(reason, "POSIX threads");
    CHECK_INT_EQ(verdict("pthread_self", NULL), WSIM_SYM_REFUSED);
    CHECK_INT_EQ(verdict("thrd_create", NULL), WSIM_SYM_REFUSED);
    CHECK_INT_EQ(verdict("mtx_lock", NULL), WSIM_SYM_REFUSED);
    CHECK_INT_EQ(verdict("sem_wait", NULL), WSIM_SYM_REFUSED);
    CHECK_INT_EQ(verdict("__tls_get_addr", NULL), WSIM_SYM_REFUSED);
    CHECK_INT_EQ(verdict("fork", &reason), WSIM_SYM_REFUSED);
    CHECK_CONTAINS(reason, "OS process");
    const char *const process[] = {"vfork", "clone", "execve", "execl", "execlp", "execle",
                                   "execv", "execvp", "execvpe", "system", "popen",
                                   "posix_spawn", "posix_spawnp", "daemon", "kill",
                                   "raise", "waitpid", "abort", "_exit"};
    for (size_t i = 0; i < sizeof process / sizeof process[0]; i++)
        CHECK_INT_EQ(verdict(process[i], NULL), WSIM_SYM_REFUSED);
    CHECK_INT_EQ(verdict("system", &reason), WSIM_SYM_REFUSED);
    CHECK_STR_EQ(reason, "runs a shell command outside the simulation");

    /* Exit hooks, signals, real time. */
    const char *const refused[] = {"atexit", "at_quick_exit", "on_exit", "__cxa_atexit",
                                   "signal", "__sysv_signal", "sigaction", "sigprocmask",
                                   "sigaltstack", "alarm", "setitimer", "timer_create",
                                   "clock", "times", "nanosleep", "sleep", "usleep",
                                   "time", "clock_gettime", "gettimeofday", "pselect",
                                   "select", "poll", "epoll_wait", "epoll_create1"};
    for (size_t i = 0; i < sizeof refused / sizeof refused[0]; i++)
        CHECK_INT_EQ(verdict(refused[i], NULL), WSIM_SYM_REFUSED);
    CHECK_INT_EQ(verdict("sigaction", &reason), WSIM_SYM_REFUSED);
    CHECK_STR_EQ(reason, "would replace the simulator's signal handlers");

    /* Raw descriptors and real sockets; stdio on files is fine. */
    const char *const raw[] = {"read", "write", "open", "openat", "close", "pipe", "dup",
                               "dup2", "recvmsg", "sendmsg", "socketpair", "socket",
                               "connect", "getaddrinfo", "fcntl", "ioctl", "syscall"};
    for (size_t i = 0; i < sizeof raw / sizeof raw[0]; i++)
        CHECK_INT_EQ(verdict(raw[i], NULL), WSIM_SYM_REFUSED);
    const char *const files[] = {"fopen", "fclose", "fread", "fwrite", "fgets", "fputs",
                                 "fprintf", "fflush", "fseek", "ftell", "remove", "rename",
                                 "fputc", "putc", "fgetc", "getc", "ungetc", "feof",
                                 "ferror", "clearerr", "setvbuf", "setbuf"};
    for (size_t i = 0; i < sizeof files / sizeof files[0]; i++)
        CHECK_INT_EQ(verdict(files[i], NULL), WSIM_SYM_ALLOWED);

    /* The standard streams are the simulator's unless wsim provides its own. */
    const char *const streams[] = {"stdout", "stderr", "stdin", "printf", "puts",
                                   "putchar", "perror", "__printf_chk", "__assert_fail",
                                   "scanf", "__isoc99_scanf", "getchar"};
    for (size_t i = 0; i < sizeof streams / sizeof streams[0]; i++)
        CHECK_INT_EQ(verdict(streams[i], NULL), WSIM_SYM_REFUSED);

    /* Out of scope, and loading other code. */
    CHECK_INT_EQ(verdict("WSAAsyncSelect", &reason), WSIM_SYM_REFUSED);
    CHECK_STR_EQ(reason, "needs window message queues; out of scope");
    CHECK_INT_EQ(verdict("WSAAsyncGetHostByName", NULL), WSIM_SYM_REFUSED);
    CHECK_INT_EQ(verdict("dlopen", NULL), WSIM_SYM_REFUSED);
    CHECK_INT_EQ(verdict("dlsym", NULL), WSIM_SYM_REFUSED);

    /* The allowlist, including the names compilers and glibc's headers
     * substitute, the crt hooks and the sanitizer runtimes. */
    const char *const allowed[] = {
        "memcpy", "memmove", "memset", "memcmp", "memchr", "strlen", "strnlen", "strcpy",
        "strncpy", "strcat", "strncat", "strcmp", "strncmp", "strchr", "strrchr", "strstr",
        "strspn", "strcspn", "strpbrk", "strtok", "strtok_r", "strdup", "strndup",
        "strerror", "strcasecmp", "strncasecmp", "strcoll", "strxfrm", "wcslen", "wcscpy",
        "wcsncpy", "wcscat", "wcscmp", "wcsncmp", "wcschr", "wcsrchr", "wcsstr", "wmemcpy",
        "wmemmove", "wmemset", "wmemcmp", "mbstowcs", "wcstombs", "mbrtowc", "wcrtomb",
        "mbsrtowcs", "wcsrtombs", "btowc", "wctob", "swprintf", "vswprintf", "wcstol",
        "wcstoul", "wcstod", "isalpha", "isdigit", "toupper", "tolower", "iswalpha",
        "towupper", "towlower", "__ctype_b_loc", "__ctype_tolower_loc",
        "__ctype_toupper_loc", "atoi", "atol", "atoll", "atof", "strtol", "strtoul",
        "strtoll", "strtoull", "strtod", "strtof", "strtold", "abs", "labs", "llabs", "div",
        "ldiv", "qsort", "bsearch", "getenv", "malloc", "calloc", "realloc", "free",
        "aligned_alloc", "posix_memalign", "reallocarray", "sprintf", "snprintf",
        "vsprintf", "vsnprintf", "sscanf", "vsscanf", "asprintf", "vasprintf", "sqrt",
        "pow", "fabs", "floor", "ceil", "round", "fmod", "exp", "log", "log10", "sin",
        "cos", "tan", "atan2", "sqrtf", "sincos", "__stack_chk_fail", "__fprintf_chk",
        "__sprintf_chk", "__snprintf_chk", "__vsnprintf_chk", "__memcpy_chk",
        "__memset_chk", "__strcpy_chk", "__strcat_chk", "__isoc99_sscanf",
        "__isoc99_swscanf", "__isoc23_strtol", "__errno_location", "_setjmp", "setjmp",
        "__sigsetjmp", "longjmp", "siglongjmp", "__longjmp_chk", "__cxa_finalize",
        "__gmon_start__", "_ITM_registerTMCloneTable", "_ITM_deregisterTMCloneTable",
        "__asan_init", "__asan_report_load8", "__ubsan_handle_add_overflow",
        "__sanitizer_cov_trace_pc", "__lsan_do_leak_check"};
    for (size_t i = 0; i < sizeof allowed / sizeof allowed[0]; i++) {
        wsim_symbol_verdict v = verdict(allowed[i], &reason);
        if (v != WSIM_SYM_ALLOWED)
            fprintf(stderr, "\"%s\" is not allowed\n", allowed[i]);
        CHECK_INT_EQ(v, WSIM_SYM_ALLOWED);
    }

    /* Unknown: anything else, including near misses of prefixes. */
    CHECK_INT_EQ(verdict("frobnicate", &reason), WSIM_SYM_UNKNOWN);
    CHECK_STR_EQ(reason, "not provided by wsim");
    CHECK_INT_EQ(verdict("__asan", NULL), WSIM_SYM_UNKNOWN);
    CHECK_INT_EQ(verdict("pthread", NULL), WSIM_SYM_UNKNOWN);
    CHECK_INT_EQ(verdict("WSAStartup", NULL), WSIM_SYM_UNKNOWN);
    CHECK_INT_EQ(verdict("strlen2", NULL), WSIM_SYM_UNKNOWN);
    CHECK_INT_EQ(verdict("setenv", NULL), WSIM_SYM_UNKNOWN);
    CHECK_INT_EQ(verdict("", &reason), WSIM_SYM_UNKNOWN);
    CHECK_INT_EQ(verdict(NULL, &reason), WSIM_SYM_UNKNOWN);
    CHECK_STR_EQ(reason, "not provided by wsim");

    /* PROVIDED comes first: wsim's exit, send, printf and stdout replace
     * libc's refused ones; is_provided gets its ctx. */
    int calls = 0;
    CHECK_INT_EQ(wsim_module_symbol_verdict("exit", provides, &calls, &reason), WSIM_SYM_PROVIDED);
    CHECK_STR_EQ(reason, "provided by wsim");
    CHECK_INT_EQ(wsim_module_symbol_verdict("send", provides, &calls, NULL), WSIM_SYM_PROVIDED);
    CHECK_INT_EQ(wsim_module_symbol_verdict("stdout", provides, &calls, NULL), WSIM_SYM_PROVIDED);
    CHECK_INT_EQ(wsim_module_symbol_verdict("frobnicate", provides, &calls, NULL),
                 WSIM_SYM_PROVIDED);
    CHECK_INT_EQ(wsim_module_symbol_verdict("recv", provides, &calls, &reason), WSIM_SYM_REFUSED);
    CHECK_STR_EQ(reason, "uses a real OS socket outside the simulation");
    CHECK_INT_EQ(wsim_module_symbol_verdict("strlen", provides, &calls, NULL), WSIM_SYM_ALLOWED);
    CHECK_INT_EQ(calls, 6);
}

int main(void)
{
    check_table_shape(WSIM_SYM_REFUSED, WSIM_POLICY_EXACT, "refused names");
    check_table_shape(WSIM_SYM_REFUSED, WSIM_POLICY_PREFIX, "refused prefixes");
    check_table_shape(WSIM_SYM_ALLOWED, WSIM_POLICY_EXACT, "allowed names");
    check_table_shape(WSIM_SYM_ALLOWED, WSIM_POLICY_PREFIX, "allowed prefixes");
    size_t n = 99;
    CHECK(wsim_module_policy_table(WSIM_SYM_PROVIDED, WSIM_POLICY_EXACT, &n) == NULL);
    CHECK_INT_EQ(n, 0);
    CHECK(wsim_module_policy_table(WSIM_SYM_UNKNOWN, WSIM_POLICY_PREFIX, NULL) == NULL);
    check_round_trip(WSIM_SYM_REFUSED);
    check_round_trip(WSIM_SYM_ALLOWED);
    check_no_conflicts();
    check_decisions();
    return wsim_check_exit_code();
}
