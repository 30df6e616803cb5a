/* test_check.c — modules.check: wsim_module_check() and the verdicts on
 * real shared objects built from tests/modules/fixtures/.
 *
 * Usage: modules_check_test sanitized=0|1 clean=<so> rich=<so> pthread=<so>
 *        fork_system=<so> unknown=<so> wsaasync=<so> many=<so>
 * sanitized=1 when the fixtures were built with WSIM_SANITIZE (and so carry
 * the sanitizer runtime's symbols).  A temporary file is created in the
 * working directory and removed.
 */
#include "tests/check.h"
#include "modcheck/elf_symbols.h"
#include "modcheck/module_policy.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

typedef struct {
    int sanitized;
    const char *clean, *rich, *pthread, *fork_system, *unknown, *wsaasync, *many;
} fixtures;

/* Stands in for the runtime's export table until the real wrapper list
 * exists: a few Winsock names and the stdio/exit names wsim takes over. */
static int provides(void *ctx, const char *name)
{
    static const char *const names[] = {"WSAStartup", "WSACleanup", "exit", "printf",
                                        "puts", "recv", "send"};
    if (ctx)
        ++*(int *)ctx;
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (strcmp(names[i], name) == 0)
            return 1;
    return 0;
}

/* Every undefined symbol of a module with its verdict, in table order. */
typedef struct {
    wsim_is_provided_fn provider;
    size_t count;
    char *names[1024];
    wsim_symbol_verdict verdicts[1024];
    const char *reasons[1024];
} survey;

static int survey_visit(void *ctx, const char *name)
{
    survey *s = ctx;
    if (s->count == sizeof s->names / sizeof s->names[0])
        return 1;
    size_t len = strlen(name);
    s->names[s->count] = malloc(len + 1);
    if (!s->names[s->count])
        return 1;
    memcpy(s->names[s->count], name, len + 1);
    s->verdicts[s->count] =
        wsim_module_symbol_verdict(name, s->provider, NULL, &s->reasons[s->count]);
    s->count++;
    return 0;
}

static survey *take_survey(const char *path, wsim_is_provided_fn provider)
{
    survey *s = calloc(1, sizeof *s);
    if (!s)
        return NULL;
    s->provider = provider;
    char err[512];
    int rc = wsim_elf_undefined_symbols(path, survey_visit, s, err, sizeof err);
    if (rc != 0)
        fprintf(stderr, "%s: survey failed (%d): %s\n", path, rc, err);
    CHECK_INT_EQ(rc, 0);
    return s;
}

static void survey_free(survey *s)
{
    if (!s)
        return;
    for (size_t i = 0; i < s->count; i++)
        free(s->names[i]);
    free(s);
}

static int survey_has(const survey *s, const char *name)
{
    for (size_t i = 0; s && i < s->count; i++)
        if (strcmp(s->names[i], name) == 0)
            return 1;
    return 0;
}

static int survey_has_prefix(const survey *s, const char *prefix)
{
    for (size_t i = 0; s && i < s->count; i++)
        if (strncmp(s->names[i], prefix, strlen(prefix)) == 0)
            return 1;
    return 0;
}

/* The symbols that keep a module out, as "a, b" for messages; checks that
 * exactly `expected` (a space-separated list, "" for none) are among them. */
static void expect_offenders(const survey *s, const char *expected, const char *label)
{
    char got[4096] = "";
    size_t len = 0;
    for (size_t i = 0; s && i < s->count; i++) {
        if (s->verdicts[i] == WSIM_SYM_PROVIDED || s->verdicts[i] == WSIM_SYM_ALLOWED)
            continue;
        int n = snprintf(got + len, sizeof got - len, "%s%s", len ? " " : "", s->names[i]);
        if (n > 0 && (size_t)n < sizeof got - len)
            len += (size_t)n;
    }
    if (strcmp(got, expected) != 0) {
        fprintf(stderr, "%s: offending symbols \"%s\", expected \"%s\"\n", label, got,
                expected);
        CHECK_STR_EQ(got, expected);
    }
}

/* The refusal wsim_module_check should produce, built independently from
 * the survey: offenders once each, in table order, "a (r), b (r) and c (r)". */
static void expected_message(const survey *s, const char *path, char *out, size_t size)
{
    const char *names[256];
    const char *reasons[256];
    size_t n = 0;
    for (size_t i = 0; i < s->count && n < 256; i++) {
        if (s->verdicts[i] == WSIM_SYM_PROVIDED || s->verdicts[i] == WSIM_SYM_ALLOWED)
            continue;
        int seen = 0;
        for (size_t j = 0; j < n; j++)
            seen |= strcmp(names[j], s->names[i]) == 0;
        if (!seen) {
            names[n] = s->names[i];
            reasons[n++] = s->reasons[i];
        }
    }
    size_t len = (size_t)snprintf(out, size, "%s: uses ", path);
    for (size_t i = 0; i < n && len < size; i++)
        len += (size_t)snprintf(out + len, size - len, "%s%s (%s)",
                                i == 0 ? "" : i + 1 == n ? " and " : ", ", names[i],
                                reasons[i]);
}

static int check_module(const char *path, wsim_is_provided_fn provider, char *err,
                        size_t size)
{
    int calls = 0;
    return wsim_module_check(path, provider, provider ? &calls : NULL, err, size);
}

static void test_clean(const fixtures *f)
{
    char err[1024] = "not cleared";
    /* A plain C module passes with the test's provider and with none at
     * all: nothing it uses needs wsim. */
    CHECK_INT_EQ(check_module(f->clean, provides, err, sizeof err), 0);
    CHECK_STR_EQ(err, "");
    CHECK_INT_EQ(check_module(f->clean, NULL, err, sizeof err), 0);
    CHECK_STR_EQ(err, "");
    /* The provider is asked, with the caller's ctx, once per symbol. */
    int calls = 0;
    CHECK_INT_EQ(wsim_module_check(f->clean, provides, &calls, err, sizeof err), 0);
    survey *s = take_survey(f->clean, NULL);
    expect_offenders(s, "", "clean");
    CHECK_INT_EQ(calls, s->count);
    CHECK(survey_has(s, "strlen"));
    CHECK(survey_has(s, "malloc"));
    CHECK(survey_has(s, "snprintf"));
    if (f->sanitized)
        CHECK(survey_has_prefix(s, "__asan_"));
    else
        CHECK(survey_has(s, "memcpy"));
    survey_free(s);

    /* The hardened, richer module: fortified names, stdio on its own files,
     * math, ctype, wide strings, setjmp. */
    CHECK_INT_EQ(check_module(f->rich, provides, err, sizeof err), 0);
    CHECK_STR_EQ(err, "");
    s = take_survey(f->rich, provides);
    expect_offenders(s, "", "rich");
    CHECK(survey_has(s, "fopen"));
    CHECK(survey_has(s, "__fprintf_chk"));
    CHECK(survey_has(s, "__ctype_b_loc"));
    CHECK(survey_has(s, "qsort"));
    CHECK(survey_has(s, "wcslen") || survey_has(s, "__wcslen"));
    CHECK(survey_has(s, "__errno_location"));
    CHECK(survey_has(s, "_setjmp") || survey_has(s, "setjmp"));
    if (!f->sanitized)
        CHECK(survey_has(s, "__stack_chk_fail"));
    survey_free(s);
}

static void test_refusals(const fixtures *f)
{
    char err[2048];
    char expected[2048];

    CHECK_INT_EQ(check_module(f->pthread, provides, err, sizeof err), -1);
    snprintf(expected, sizeof expected,
             "%s: uses pthread_create (creates an OS thread; use CreateThread)", f->pthread);
    CHECK_STR_EQ(err, expected);

    CHECK_INT_EQ(check_module(f->fork_system, provides, err, sizeof err), -1);
    char other[2048];
    snprintf(expected, sizeof expected,
             "%s: uses fork (creates an OS process, which the simulation cannot follow) and "
             "system (runs a shell command outside the simulation)",
             f->fork_system);
    snprintf(other, sizeof other,
             "%s: uses system (runs a shell command outside the simulation) and fork "
             "(creates an OS process, which the simulation cannot follow)",
             f->fork_system);
    if (strcmp(err, other) != 0)
        CHECK_STR_EQ(err, expected);

    CHECK_INT_EQ(check_module(f->unknown, provides, err, sizeof err), -1);
    snprintf(expected, sizeof expected, "%s: uses frobnicate_the_network (not provided by wsim)",
             f->unknown);
    CHECK_STR_EQ(err, expected);
    survey *s = take_survey(f->unknown, provides);
    expect_offenders(s, "frobnicate_the_network", "unknown");
    survey_free(s);

    /* send, recv and WSAStartup come from wsim; WSAAsyncSelect cannot. */
    CHECK_INT_EQ(check_module(f->wsaasync, provides, err, sizeof err), -1);
    snprintf(expected, sizeof expected,
             "%s: uses WSAAsyncSelect (needs window message queues; out of scope)", f->wsaasync);
    CHECK_STR_EQ(err, expected);
    /* Without wsim's exports the socket calls would be libc's. */
    CHECK_INT_EQ(check_module(f->wsaasync, NULL, err, sizeof err), -1);
    CHECK_CONTAINS(err, "send (uses a real OS socket outside the simulation)");
    CHECK_CONTAINS(err, "recv (uses a real OS socket outside the simulation)");
    CHECK_CONTAINS(err, "WSAStartup (not provided by wsim)");
    CHECK_CONTAINS(err, "WSAAsyncSelect (needs window message queues; out of scope)");

    /* Several offenders: every one named once, in table order, joined as
     * "a, b and c"; what wsim provides (printf) or allows (strlen) is not
     * among them. */
    CHECK_INT_EQ(check_module(f->many, provides, err, sizeof err), -1);
    s = take_survey(f->many, provides);
    expected_message(s, f->many, expected, sizeof expected);
    CHECK_STR_EQ(err, expected);
    survey_free(s);
    CHECK_CONTAINS(err, "pthread_create (creates an OS thread; use CreateThread)");
    CHECK_CONTAINS(err, "fork (creates an OS process");
    CHECK_CONTAINS(err, "(would replace the simulator's signal handlers)");
    /* atexit() is linked into the module from libc_nonshared.a and calls
     * __cxa_atexit, which is what the check sees. */
    CHECK_CONTAINS(err, "__cxa_atexit (registers a process exit hook; wsim ends programs itself)");
    CHECK_CONTAINS(err, "dlopen (loads or looks up code outside the module");
    CHECK_CONTAINS(err, "frobnicate_the_network (not provided by wsim)");
    CHECK_CONTAINS(err, ", ");
    CHECK_CONTAINS(err, ") and ");
    CHECK(!strstr(err, "printf"));
    CHECK(!strstr(err, "strlen"));
    CHECK(!strchr(err, '\n'));

    /* Without wsim's printf the module is also told about libc's. */
    CHECK_INT_EQ(check_module(f->many, NULL, err, sizeof err), -1);
    CHECK_CONTAINS(err, "printf (writes to the simulator's own stdout, "
                        "not the program's captured output)");
}

static void test_messages(const fixtures *f)
{
    /* A message cut to fit says so. */
    char small[48];
    CHECK_INT_EQ(check_module(f->many, provides, small, sizeof small), -1);
    CHECK_INT_EQ(strlen(small), sizeof small - 1);
    CHECK(strcmp(small + sizeof small - 4, "...") == 0);
    char one[1] = {'x'};
    CHECK_INT_EQ(check_module(f->many, provides, one, sizeof one), -1);
    CHECK_INT_EQ(one[0], '\0');
    char three[3];
    CHECK_INT_EQ(check_module(f->many, provides, three, sizeof three), -1);
    CHECK_INT_EQ(strlen(three), 2);
    CHECK_INT_EQ(check_module(f->many, provides, NULL, 0), -1);
    CHECK_INT_EQ(check_module(f->clean, provides, NULL, 0), 0);

    /* ELF errors come through unchanged. */
    char err[512], expected[512];
    char text[] = "modules_check_text_XXXXXX";
    int fd = mkstemp(text);
    CHECK(fd >= 0);
    if (fd >= 0) {
        CHECK_INT_EQ(write(fd, "#!/bin/sh\n", 10), 10);
        close(fd);
        CHECK_INT_EQ(check_module(text, provides, err, sizeof err), -1);
        snprintf(expected, sizeof expected, "%s: not an ELF file", text);
        CHECK_STR_EQ(err, expected);
        unlink(text);
    }
    CHECK_INT_EQ(check_module("modules_check_missing.so", provides, err, sizeof err), -1);
    CHECK_STR_EQ(err, "modules_check_missing.so: cannot open: No such file or directory");
}

int main(int argc, char **argv)
{
    fixtures f = {0};
    for (int i = 1; i < argc; i++) {
        const char *eq = strchr(argv[i], '=');
        if (!eq) {
            fprintf(stderr, "bad argument \"%s\"\n", argv[i]);
            return 2;
        }
        size_t klen = (size_t)(eq - argv[i]);
        const char *v = eq + 1;
#define ARG(key)                                                       \
    if (klen == strlen(#key) && strncmp(argv[i], #key, klen) == 0) { \
        f.key = v;                                                     \
        continue;                                                      \
    }
        ARG(clean) ARG(rich) ARG(pthread) ARG(fork_system) ARG(unknown) ARG(wsaasync)
        ARG(many)
#undef ARG
        if (klen == 9 && strncmp(argv[i], "sanitized", 9) == 0) {
            f.sanitized = atoi(v);
            continue;
        }
        fprintf(stderr, "unknown argument \"%s\"\n", argv[i]);
        return 2;
    }
    if (!f.clean || !f.rich || !f.pthread || !f.fork_system || !f.unknown || !f.wsaasync ||
        !f.many) {
        fprintf(stderr, "missing fixture arguments\n");
        return 2;
    }
    test_clean(&f);
    test_refusals(&f);
    test_messages(&f);
    return wsim_check_exit_code();
}
