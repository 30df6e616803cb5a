/* shrink.c — `wsim shrink TRACE`: the smallest failing scenario found from
 * a failing run.
 *
 *   1. The trace gives the scenario text and seed; module paths are made
 *      absolute against DIR (--dir, default the trace's folder), so the
 *      scenarios written below load from anywhere.
 *   2. The run is made again and judged (verdict.h): it must fail, and its
 *      outcome (exit, violation, assertion, crash …) is the failure to keep.
 *   3. The "explore" section's draws for the seed are pinned: the section
 *      goes and each draw becomes its two faults at the end of "faults",
 *      in draw order, which is where and when the draws scheduled them, so
 *      the pinned scenario runs the same schedule.  It must fail the same way.
 *   4. Each pinned draw is removed in turn (both its faults); a removal is
 *      kept when the run still fails the same way.
 *   5. A "documented" latitude is lowered to "fifo" if the failure stays.
 *
 * The result is written to OUT (-o, default <trace name>.shrunk.json here)
 * with the command that reproduces it.  Every run is a worker process of
 * its own, so a crashing candidate costs nothing but its verdict.
 */
#define _GNU_SOURCE
#include <cjson/cJSON.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "scenarios/explore.h"
#include "tools/options.h"
#include "tools/tool.h"
#include "tools/verdict.h"
#include "traces/compare.h"

typedef struct shrink {
    char tmp[64];           /* the work folder */
    uint64_t seed;
    int runs;
} shrink;

static char *meta(sqlite3 *db, const char *key)
{
    sqlite3_stmt *st;
    char *value = NULL;
    if (sqlite3_prepare_v2(db, "SELECT value FROM meta WHERE key = ?", -1, &st, NULL) != SQLITE_OK)
        return NULL;
    sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
    if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_text(st, 0))
        value = strdup((const char *)sqlite3_column_text(st, 0));
    sqlite3_finalize(st);
    return value;
}

/* Module paths of root made absolute against dir. */
static int absolute_modules(cJSON *root, const char *dir)
{
    const cJSON *host;
    cJSON_ArrayForEach(host, cJSON_GetObjectItemCaseSensitive(root, "hosts")) {
        const cJSON *program;
        cJSON_ArrayForEach(program, cJSON_GetObjectItemCaseSensitive(host, "programs")) {
            cJSON *module = cJSON_GetObjectItemCaseSensitive(program, "module");
            if (!cJSON_IsString(module) || module->valuestring[0] == '/')
                continue;
            size_t n = strlen(dir) + strlen(module->valuestring) + 2;
            char *path = malloc(n);
            if (!path)
                return -1;
            snprintf(path, n, "%s/%s", dir, module->valuestring);
            cJSON_SetValuestring(module, path);
            free(path);
        }
    }
    return 0;
}

static int write_text(const char *path, const char *text)
{
    FILE *f = fopen(path, "wb");
    if (!f)
        return -1;
    size_t n = strlen(text);
    int ok = fwrite(text, 1, n, f) == n;
    return fclose(f) == 0 && ok ? 0 : -1;
}

/* Runs root with the seed in a worker process and judges the trace.  0 with
 * *v, or -1 when the candidate could not be run (bad input). */
static int try_run(shrink *sh, const cJSON *root, wsim_verdict *v)
{
    char path[128], trace[128];
    snprintf(path, sizeof path, "%s/candidate-%d.json", sh->tmp, sh->runs);
    snprintf(trace, sizeof trace, "%s/candidate-%d.wsimtrace", sh->tmp, sh->runs);
    sh->runs++;
    char *text = cJSON_Print(root);
    if (!text || write_text(path, text) != 0) {
        free(text);
        fprintf(stderr, "wsim shrink: cannot write %s\n", path);
        return -1;
    }
    free(text);
    wsim_scenario scenario;
    char err[2048];
    if (wsim_scenario_load(path, &scenario, err, sizeof err) != 0) {
        fprintf(stderr, "wsim shrink: %s\n", err);
        return -1;
    }
    fflush(NULL);
    pid_t pid = fork();
    if (pid == 0) {
        int null_fd = open("/dev/null", O_WRONLY);
        if (null_fd >= 0) {
            dup2(null_fd, STDOUT_FILENO);
            dup2(null_fd, STDERR_FILENO);
        }
        wsim_run_options opt;
        memset(&opt, 0, sizeof opt);
        opt.scenario_path = path;
        opt.trace_path = trace;
        opt.has_seed = 1;
        opt.seed = sh->seed;
        opt.quiet = 1;
        _exit(wsim_run(&opt));
    }
    int status = 0;
    if (pid < 0 || waitpid(pid, &status, 0) != pid) {
        wsim_scenario_free(&scenario);
        return -1;
    }
    int rc = 0;
    if (WIFEXITED(status) && WEXITSTATUS(status) == WSIM_EXIT_USAGE) {
        fprintf(stderr, "wsim shrink: %s: refused as bad input\n", path);
        rc = -1;
    } else if (wsim_verdict_judge(&scenario, trace, v, err, sizeof err) != 0) {
        memset(v, 0, sizeof *v);
        v->outcome = WSIM_OUTCOME_CRASH;
        snprintf(v->reason, sizeof v->reason, "the run left no trace (worker status 0x%x)",
                 (unsigned)status);
    }
    unlink(trace);
    wsim_scenario_free(&scenario);
    return rc;
}

/* A link number as the scenario format names it: its name, its ends, or
 * [switch, host] for a switch port. */
static cJSON *link_ref(const wsim_scenario *s, size_t number)
{
    if (number < s->link_count) {
        const wsim_scenario_link *l = &s->links[number];
        if (l->name)
            return cJSON_CreateString(l->name);
        const char *ends[2] = {s->hosts[l->a].name, s->hosts[l->b].name};
        return cJSON_CreateStringArray(ends, 2);
    }
    number -= s->link_count;
    for (size_t i = 0; i < s->switch_count; i++) {
        if (number < s->switches[i].host_count) {
            const char *ends[2] = {s->switches[i].name, s->hosts[s->switches[i].hosts[number]].name};
            return cJSON_CreateStringArray(ends, 2);
        }
        number -= s->switches[i].host_count;
    }
    return cJSON_CreateNull();
}

static cJSON *fault_json(const wsim_scenario *s, const wsim_scenario_fault *f)
{
    cJSON *o = cJSON_CreateObject();
    char at[32];
    snprintf(at, sizeof at, "%" PRId64 "ns", f->at_ns);
    cJSON_AddStringToObject(o, "at", at);
    cJSON_AddStringToObject(o, "kind", wsim_fault_kind_name(f->kind));
    if (f->kind == WSIM_FAULT_LINK_LOSS) {
        cJSON_AddItemToObject(o, "link", link_ref(s, f->links[0]));
        cJSON_AddNumberToObject(o, "loss", f->loss);
    } else if (f->kind == WSIM_FAULT_LINK_JITTER) {
        char jitter[32];
        snprintf(jitter, sizeof jitter, "%" PRId64 "ns", f->jitter_ns);
        cJSON_AddItemToObject(o, "link", link_ref(s, f->links[0]));
        cJSON_AddStringToObject(o, "jitter", jitter);
    } else if (wsim_fault_hits_host(f->kind)) {
        cJSON_AddStringToObject(o, "host", s->hosts[f->host].name);
    } else if (f->kind == WSIM_FAULT_PARTITION || f->kind == WSIM_FAULT_HEAL) {
        cJSON_AddStringToObject(o, "name", f->name);
        if (f->kind == WSIM_FAULT_PARTITION) {
            cJSON *links = cJSON_AddArrayToObject(o, "links");
            for (size_t i = 0; i < f->link_count; i++)
                cJSON_AddItemToArray(links, link_ref(s, f->links[i]));
        }
    }
    return o;
}

/* One pinned draw: its two faults, and where they sit in root's "faults". */
typedef struct pinned {
    cJSON *faults[2];
    char what[512];
    int removed;
} pinned;

/* root without "explore" and with the draws' faults appended; fills
 * pins[count]. */
static int pin_draws(cJSON *root, const wsim_scenario *s, uint64_t seed, pinned **pins,
                     size_t *count)
{
    wsim_explore_draw *draws;
    if (wsim_explore_draw_all(s, seed, &draws, count) != 0)
        return -1;
    *pins = calloc(*count ? *count : 1, sizeof **pins);
    if (!*pins) {
        free(draws);
        return -1;
    }
    cJSON_DeleteItemFromObjectCaseSensitive(root, "explore");
    cJSON *faults = cJSON_GetObjectItemCaseSensitive(root, "faults");
    if (!faults)
        faults = cJSON_AddArrayToObject(root, "faults");
    for (size_t i = 0; i < *count; i++) {
        wsim_scenario_fault pair[2];
        if (wsim_explore_faults(s, &draws[i], pair) != 0) {
            free(draws);
            return -1;
        }
        for (int k = 0; k < 2; k++) {
            (*pins)[i].faults[k] = fault_json(s, &pair[k]);
            cJSON_AddItemReferenceToArray(faults, (*pins)[i].faults[k]);
            free(pair[k].links);
            free(pair[k].name);
        }
        wsim_explore_describe(s, &draws[i], (*pins)[i].what, sizeof (*pins)[i].what);
    }
    free(draws);
    return 0;
}

/* root's "faults" with the pins that are not removed: the written faults
 * (the first `written`) and then the kept draws, in order. */
static void rebuild_faults(cJSON *root, size_t written, pinned *pins, size_t count)
{
    cJSON *faults = cJSON_GetObjectItemCaseSensitive(root, "faults");
    while (cJSON_GetArraySize(faults) > (int)written)
        cJSON_DeleteItemFromArray(faults, (int)written);
    for (size_t i = 0; i < count; i++)
        if (!pins[i].removed)
            for (int k = 0; k < 2; k++)
                cJSON_AddItemReferenceToArray(faults, pins[i].faults[k]);
}

static void remove_tree(const char *dir)
{
    char cmd_path[256];
    for (int i = 0;; i++) {
        snprintf(cmd_path, sizeof cmd_path, "%s/candidate-%d.json", dir, i);
        if (unlink(cmd_path) != 0)
            break;
    }
    rmdir(dir);
}

static const wsim_option shrink_options[] = {
    {"--dir", "DIR", "the folder the scenario's module paths are relative to\n"
                     "(default: the trace's folder)"},
    {"-o", "OUT.json", "write the smallest failing scenario to OUT.json\n"
                       "(default: TRACE's name with .shrunk.json, in this folder)"},
    {NULL, NULL, NULL},
};

static int shrink_main(const wsim_args *args)
{
    const char *trace = args->operands[0];
    const char *dir_arg = wsim_arg(args, "--dir"), *out_arg = wsim_arg(args, "-o");
    char err[2048];
    sqlite3 *db;
    if (wsim_trace_open_db(trace, &db, err, sizeof err) != 0) {
        fprintf(stderr, "wsim shrink: %s\n", err);
        return WSIM_EXIT_USAGE;
    }
    char *text = meta(db, "scenario"), *seed_text = meta(db, "seed");
    sqlite3_close(db);
    shrink sh = {.seed = seed_text ? strtoull(seed_text, NULL, 10) : 0};
    free(seed_text);
    cJSON *root = text ? cJSON_Parse(text) : NULL;
    free(text);
    if (!root) {
        fprintf(stderr, "wsim shrink: %s: the trace holds no scenario that parses\n", trace);
        return WSIM_EXIT_USAGE;
    }
    /* The folder module paths are relative to. */
    char dir[4096];
    if (dir_arg) {
        snprintf(dir, sizeof dir, "%s", dir_arg);
    } else {
        const char *slash = strrchr(trace, '/');
        snprintf(dir, sizeof dir, "%.*s", slash ? (int)(slash - trace) : 1, slash ? trace : ".");
    }
    char *real = realpath(dir, NULL);
    if (real) {
        snprintf(dir, sizeof dir, "%s", real);
        free(real);
    }
    char out_path[4096];
    if (out_arg) {
        snprintf(out_path, sizeof out_path, "%s", out_arg);
    } else {
        const char *base = strrchr(trace, '/');
        base = base ? base + 1 : trace;
        const char *dot = strrchr(base, '.');
        snprintf(out_path, sizeof out_path, "%.*s.shrunk.json", dot ? (int)(dot - base) : (int)strlen(base),
                 base);
    }

    int status = WSIM_EXIT_USAGE;
    pinned *pins = NULL;
    size_t pin_count = 0;
    snprintf(sh.tmp, sizeof sh.tmp, "/tmp/wsim-shrink-XXXXXX");
    if (!mkdtemp(sh.tmp)) {
        fprintf(stderr, "wsim shrink: cannot make a temporary folder: %s\n", strerror(errno));
        cJSON_Delete(root);
        return WSIM_EXIT_FAILED;
    }
    wsim_verdict first, v;
    wsim_scenario s;
    memset(&s, 0, sizeof s);
    if (absolute_modules(root, dir) != 0 || try_run(&sh, root, &first) != 0)
        goto done;
    if (!wsim_outcome_fails(first.outcome)) {
        fprintf(stderr, "wsim shrink: %s: the run does not fail (%s): nothing to shrink\n", trace,
                wsim_outcome_name(first.outcome));
        goto done;
    }
    printf("failing: %s: %s\n", wsim_outcome_name(first.outcome), first.reason);
    /* The draws, from the scenario as the run loaded it. */
    char loaded[128];
    snprintf(loaded, sizeof loaded, "%s/candidate-0.json", sh.tmp);
    if (wsim_scenario_load(loaded, &s, err, sizeof err) != 0) {
        fprintf(stderr, "wsim shrink: %s\n", err);
        goto done;
    }
    size_t written = s.fault_count;
    if (pin_draws(root, &s, sh.seed, &pins, &pin_count) != 0) {
        fprintf(stderr, "wsim shrink: out of memory\n");
        goto done;
    }
    if (pin_count) {
        if (try_run(&sh, root, &v) != 0)
            goto done;
        if (v.outcome != first.outcome) {
            fprintf(stderr, "wsim shrink: with its %zu draws pinned as faults the run ends %s,"
                            " not %s: cannot shrink\n", pin_count, wsim_outcome_name(v.outcome),
                    wsim_outcome_name(first.outcome));
            status = WSIM_EXIT_FAILED;
            goto done;
        }
        printf("pinned %zu drawn fault%s\n", pin_count, pin_count == 1 ? "" : "s");
    }
    size_t kept = pin_count;
    for (size_t i = 0; i < pin_count; i++) {
        pins[i].removed = 1;
        rebuild_faults(root, written, pins, pin_count);
        if (try_run(&sh, root, &v) != 0)
            goto done;
        if (v.outcome == first.outcome) {
            printf("  removed: %s\n", pins[i].what);
            kept--;
        } else {
            pins[i].removed = 0;
            printf("  kept:    %s (without it: %s)\n", pins[i].what, wsim_outcome_name(v.outcome));
        }
    }
    rebuild_faults(root, written, pins, pin_count);
    cJSON *latitude = cJSON_GetObjectItemCaseSensitive(root, "latitude");
    if (cJSON_IsString(latitude) && strcmp(latitude->valuestring, "documented") == 0) {
        cJSON_SetValuestring(latitude, "fifo");
        if (try_run(&sh, root, &v) != 0)
            goto done;
        if (v.outcome == first.outcome) {
            printf("  latitude: documented -> fifo\n");
        } else {
            cJSON_SetValuestring(latitude, "documented");
            printf("  latitude: documented kept (under fifo: %s)\n", wsim_outcome_name(v.outcome));
        }
    }
    /* The last word: the result fails as the trace's run did. */
    if (try_run(&sh, root, &v) != 0)
        goto done;
    char *result = cJSON_Print(root);
    if (!result || write_text(out_path, result) != 0) {
        fprintf(stderr, "wsim shrink: cannot write %s: %s\n", out_path, strerror(errno));
        free(result);
        status = WSIM_EXIT_FAILED;
        goto done;
    }
    free(result);
    char exe[4096];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    exe[n > 0 ? n : 0] = '\0';
    printf("\n%zu of %zu drawn faults kept; the run still fails (%s): %s\n", kept, pin_count,
           wsim_outcome_name(v.outcome), v.reason);
    printf("scenario: %s\nreproduce: %s run %s --seed %" PRIu64 "\n", out_path, n > 0 ? exe : "wsim",
           out_path, sh.seed);
    status = v.outcome == first.outcome ? WSIM_EXIT_OK : WSIM_EXIT_FAILED;
done:
    wsim_scenario_free(&s);
    for (size_t i = 0; i < pin_count; i++)
        for (int k = 0; k < 2; k++)
            cJSON_Delete(pins[i].faults[k]);
    free(pins);
    cJSON_Delete(root);
    remove_tree(sh.tmp);
    return status;
}

const wsim_command wsim_shrink_command = {
    .name = "shrink",
    .synopsis = "TRACE [--dir DIR] [-o OUT.json]",
    .summary = "from a failing run, the smallest failing scenario found: its drawn\n"
               "faults pinned, each removed while the failure stays, latitude\n"
               "documented lowered to fifo; prints the command that reproduces it.",
    .description =
        "Writes the smallest failing scenario found from a failing run: the\n"
        "explore draws pinned as faults, each removed while the run still fails\n"
        "the same way, the documented latitude lowered to fifo if it still does.\n"
        "Prints the command that reproduces it.  Exits 0 when the result is\n"
        "written and fails as the trace's run did, 1 when it cannot be shrunk or\n"
        "written, 2 on bad input or a run that does not fail.",
    .min_operands = 1,
    .max_operands = 1,
    .options = shrink_options,
    .run = shrink_main,
};
