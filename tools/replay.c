/* replay.c — `wsim replay TRACE`: the same run again, checked against its
 * trace (send contract M03: "a trace can be replayed: the same run is
 * reproduced and checked event by event against it").
 *
 * A trace holds what a run needs to be made again: the scenario's full text
 * and the seed (meta table; the seed there is the one the run used, --seed
 * included).  The replay writes that text to a temporary scenario file, runs
 * it exactly as `wsim run` does into a temporary trace, and compares:
 *
 *   1. event by event: the `events` view of both traces in seq order, and
 *      the first event that differs (or is missing) is reported with both
 *      versions;
 *   2. the whole traces with wsim_trace_compare (traces/compare.h): every
 *      row and column of every table but meta's wall-clock start and
 *      version, so a difference outside the timeline (the end reason, a
 *      host's address) is reported too.
 *
 * Module paths.  A scenario names its modules relative to its own folder,
 * and the trace does not say where that folder was: it is the trace's
 * folder unless --dir says otherwise.  So that the scenario text stays
 * byte for byte the recorded one (meta.scenario is compared too), the
 * temporary scenario sits in a folder of its own, deep enough for every
 * ".." its module paths use, next to symbolic links, one per relative
 * module path, to the modules in DIR; absolute paths are used as they are.
 *
 * A scenario longer than the trace keeps (traces/SCHEMA.md: the ring cuts
 * strings longer than 64 KiB) cannot be replayed: its text no longer parses,
 * and the replay stops with exit code 2.
 */
#define _GNU_SOURCE
#include "tools/replay.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "tools/options.h"
#include "tools/tool.h"
#include "traces/compare.h"
#include "traces/events_sql.h"

/* ---- reading the trace's meta table -------------------------------------- */

/* meta[key] as a malloc'd string; NULL when absent or NULL. */
static char *meta_value(sqlite3 *db, const char *key)
{
    sqlite3_stmt *st = NULL;
    char *value = NULL;
    if (sqlite3_prepare_v2(db, "SELECT value FROM meta WHERE key = ?1", -1, &st, NULL) ==
        SQLITE_OK) {
        sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
        if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_type(st, 0) != SQLITE_NULL) {
            const unsigned char *text = sqlite3_column_text(st, 0);
            value = strdup(text ? (const char *)text : "");
        }
    }
    sqlite3_finalize(st);
    return value;
}

/* ---- paths -------------------------------------------------------------------- */

/* a + "/" + b (a malloc'd string). */
static char *join(const char *a, const char *b)
{
    size_t n = strlen(a) + strlen(b) + 2;
    char *out = malloc(n);
    if (out)
        snprintf(out, n, "%s/%s", a, b);
    return out;
}

/* The folder of path, absolute (made so with the working directory). */
static char *folder_of(const char *path)
{
    const char *slash = strrchr(path, '/');
    char *dir = !slash ? strdup(".") : slash == path ? strdup("/")
                                                      : strndup(path, (size_t)(slash - path));
    if (!dir || dir[0] == '/')
        return dir;
    char cwd[4096];
    if (!getcwd(cwd, sizeof cwd))
        return dir;
    char *absolute = join(cwd, dir);
    free(dir);
    return absolute;
}

/* Resolves "." and ".." lexically, in place.  Only used below the replay's
 * own folder, whose components are all real folders, so this is what the
 * kernel would resolve too. */
static void normalize(char *path)
{
    char *parts[512];
    int n = 0;
    int absolute = path[0] == '/';
    size_t size = strlen(path) + 1;
    for (char *save = NULL, *p = strtok_r(path, "/", &save); p; p = strtok_r(NULL, "/", &save)) {
        if (strcmp(p, ".") == 0)
            continue;
        if (strcmp(p, "..") == 0) {
            if (n > 0)
                n--;
            continue;
        }
        if (n < 512)
            parts[n++] = p;
    }
    char out[8192];
    size_t used = 0;
    out[0] = '\0';
    for (int i = 0; i < n && used < sizeof out; i++)
        used += (size_t)snprintf(out + used, sizeof out - used, "%s%s",
                                 i > 0 || absolute ? "/" : "", parts[i]);
    snprintf(path, size, "%s", used ? out : (absolute ? "/" : "."));
}

/* mkdir -p for the folder part of path (everything before the last '/'). */
static int make_parents(const char *path)
{
    char buf[8192];
    snprintf(buf, sizeof buf, "%s", path);
    char *slash = strrchr(buf, '/');
    if (!slash || slash == buf)
        return 0;
    *slash = '\0';
    for (char *p = buf + 1; *p; p++) {
        if (*p != '/')
            continue;
        *p = '\0';
        if (mkdir(buf, 0700) != 0 && errno != EEXIST)
            return -1;
        *p = '/';
    }
    return mkdir(buf, 0700) != 0 && errno != EEXIST ? -1 : 0;
}

/* How many ".." components the path has. */
static int count_up(const char *path)
{
    int n = 0;
    for (const char *p = path; *p;) {
        const char *end = strchr(p, '/');
        size_t len = end ? (size_t)(end - p) : strlen(p);
        n += len == 2 && p[0] == '.' && p[1] == '.';
        p += len + (end != NULL);
    }
    return n;
}

static int remove_entry(const char *path, const struct stat *st, int type, struct FTW *ftw)
{
    (void)st, (void)ftw;
    return type == FTW_DP ? rmdir(path) : unlink(path);
}

/* ---- the scenario's modules ----------------------------------------------------- */

typedef struct modules {
    char **paths;          /* the relative module paths, as the scenario writes them */
    size_t count;
} modules;

static void modules_free(modules *m)
{
    for (size_t i = 0; i < m->count; i++)
        free(m->paths[i]);
    free(m->paths);
}

/* The relative "module" strings of hosts[].programs[] (the loader checks
 * the rest of the format when the replay runs). */
static void find_modules(const char *text, modules *out)
{
    memset(out, 0, sizeof *out);
    cJSON *root = cJSON_Parse(text);
    const cJSON *hosts = root ? cJSON_GetObjectItemCaseSensitive(root, "hosts") : NULL;
    const cJSON *host;
    cJSON_ArrayForEach(host, hosts) {
        const cJSON *programs = cJSON_GetObjectItemCaseSensitive(host, "programs");
        const cJSON *program;
        cJSON_ArrayForEach(program, programs) {
            const cJSON *module = cJSON_GetObjectItemCaseSensitive(program, "module");
            if (!cJSON_IsString(module) || !module->valuestring[0] ||
                module->valuestring[0] == '/')
                continue;
            char **grown = realloc(out->paths, (out->count + 1) * sizeof *grown);
            if (!grown)
                break;
            out->paths = grown;
            out->paths[out->count++] = strdup(module->valuestring);
        }
    }
    cJSON_Delete(root);
}

/* Lays out the temporary folder: the scenario text, and a link for each
 * relative module path to that module in `dir`.  Returns the scenario's
 * path (malloc'd) or NULL with a message printed. */
static char *lay_out(const char *tmp, const char *text, const char *dir, const modules *m)
{
    int depth = 0;
    for (size_t i = 0; i < m->count; i++)
        if (count_up(m->paths[i]) > depth)
            depth = count_up(m->paths[i]);
    char scenario_dir[8192];
    size_t used = (size_t)snprintf(scenario_dir, sizeof scenario_dir, "%s", tmp);
    for (int i = 0; i < depth && used < sizeof scenario_dir; i++)
        used += (size_t)snprintf(scenario_dir + used, sizeof scenario_dir - used, "/r");
    for (size_t i = 0; i < m->count; i++) {
        char *target = join(dir, m->paths[i]);
        char *link = join(scenario_dir, m->paths[i]);
        struct stat st;
        int ok = target && link;
        if (ok && stat(target, &st) != 0) {
            fprintf(stderr,
                    "wsim replay: the scenario's module \"%s\" is not at %s (give the scenario's"
                    " folder with --dir)\n",
                    m->paths[i], target);
            ok = 0;
        } else if (ok) {
            normalize(link);
            if (make_parents(link) != 0 || (symlink(target, link) != 0 && errno != EEXIST)) {
                fprintf(stderr, "wsim replay: cannot link %s: %s\n", link, strerror(errno));
                ok = 0;
            }
        }
        free(target);
        free(link);
        if (!ok)
            return NULL;
    }
    char *path = join(scenario_dir, ".wsim-replay-scenario.json");
    if (!path || make_parents(path) != 0) {
        free(path);
        fprintf(stderr, "wsim replay: cannot make a folder in %s\n", tmp);
        return NULL;
    }
    FILE *f = fopen(path, "wb");
    if (!f || fwrite(text, 1, strlen(text), f) != strlen(text) || fclose(f) != 0) {
        fprintf(stderr, "wsim replay: cannot write %s: %s\n", path, strerror(errno));
        free(path);
        return NULL;
    }
    return path;
}

/* ---- running it again -------------------------------------------------------------- */

/* wsim run, with its summary (stdout) silenced: the replay reports itself. */
static int run_quietly(const char *scenario, const char *trace, uint64_t seed)
{
    wsim_run_options opt;
    memset(&opt, 0, sizeof opt);
    opt.scenario_path = scenario;
    opt.trace_path = trace;
    opt.has_seed = 1;
    opt.seed = seed;
    opt.quiet = 1;
    fflush(stdout);
    int saved = dup(STDOUT_FILENO);
    int null_fd = open("/dev/null", O_WRONLY | O_CLOEXEC);
    if (saved >= 0 && null_fd >= 0)
        dup2(null_fd, STDOUT_FILENO);
    int rc = wsim_run(&opt);
    fflush(stdout);
    if (saved >= 0) {
        dup2(saved, STDOUT_FILENO);
        close(saved);
    }
    if (null_fd >= 0)
        close(null_fd);
    return rc;
}

/* ---- comparing event by event ----------------------------------------------------- */

#define EVENT_COLUMNS 7
/* The events view's own query, run on the tables: a trace's views are not
 * trusted (traces/compare.h). */
static const char *const event_sql = WSIM_TRACE_EVENTS_SELECT;

static void print_event(FILE *out, const char *label, sqlite3_stmt *st)
{
    if (!st) {
        fprintf(out, "  %s: (no event: the run ended before it)\n", label);
        return;
    }
    static const char *const names[EVENT_COLUMNS] = {"seq",     "time_ns", "kind",   "host",
                                                     "process", "thread",  "summary"};
    fprintf(out, "  %s:", label);
    for (int i = 0; i < EVENT_COLUMNS; i++) {
        const unsigned char *v = sqlite3_column_text(st, i);
        fprintf(out, " %s=%s", names[i], v ? (const char *)v : "NULL");
    }
    fputc('\n', out);
}

static int same_row(sqlite3_stmt *a, sqlite3_stmt *b)
{
    for (int i = 0; i < EVENT_COLUMNS; i++) {
        const unsigned char *x = sqlite3_column_text(a, i), *y = sqlite3_column_text(b, i);
        if ((x == NULL) != (y == NULL) || (x && strcmp((const char *)x, (const char *)y) != 0))
            return 0;
    }
    return 1;
}

/* Walks both timelines together.  0 when every event is equal (*count set),
 * 1 with the first divergence printed, -1 on an error (err). */
static int compare_events(const char *recorded, const char *replayed, int prefix_only, FILE *out,
                          long *count, char *err, size_t err_size)
{
    sqlite3 *da = NULL, *db = NULL;
    sqlite3_stmt *a = NULL, *b = NULL;
    int result = -1;
    *count = 0;
    if (wsim_trace_open_db(recorded, &da, err, err_size) != 0 ||
        wsim_trace_open_db(replayed, &db, err, err_size) != 0)
        goto done;
    if (sqlite3_prepare_v2(da, event_sql, -1, &a, NULL) != SQLITE_OK ||
        sqlite3_prepare_v2(db, event_sql, -1, &b, NULL) != SQLITE_OK) {
        snprintf(err, err_size, "cannot read the events: %s",
                 wsim_trace_errmsg(a ? db : da));
        goto done;
    }
    for (;;) {
        int ra = sqlite3_step(a), rb = sqlite3_step(b);
        if ((ra != SQLITE_ROW && ra != SQLITE_DONE) || (rb != SQLITE_ROW && rb != SQLITE_DONE)) {
            snprintf(err, err_size, "cannot read the events: %s",
                     wsim_trace_errmsg(ra != SQLITE_ROW && ra != SQLITE_DONE ? da : db));
            goto done;
        }
        /* A cut or interrupted trace is a prefix of its run: the replay
         * may go on past its last event. */
        if (ra == SQLITE_DONE && (rb == SQLITE_DONE || prefix_only)) {
            result = 0;
            break;
        }
        if (ra == SQLITE_ROW && rb == SQLITE_ROW && same_row(a, b)) {
            (*count)++;
            continue;
        }
        fprintf(out, "first divergent event (after %ld equal events):\n", *count);
        print_event(out, "trace ", ra == SQLITE_ROW ? a : NULL);
        print_event(out, "replay", rb == SQLITE_ROW ? b : NULL);
        result = 1;
        break;
    }
done:
    sqlite3_finalize(a);
    sqlite3_finalize(b);
    sqlite3_close(da);
    sqlite3_close(db);
    return result;
}

/* ---- the command ----------------------------------------------------------------------- */

static const wsim_option replay_options[] = {
    {"--dir", "DIR", "resolve the scenario's module paths against DIR\n"
                     "(default: the trace's folder)"},
    {"--trace", "FILE", "keep the replay's own trace in FILE"},
    {NULL, NULL, NULL},
};

static int replay_main(const wsim_args *args)
{
    const char *trace = args->operands[0];
    const char *dir_arg = wsim_arg(args, "--dir");
    const char *keep = wsim_arg(args, "--trace");
    char err[2048];
    sqlite3 *db = NULL;
    if (wsim_trace_open_db(trace, &db, err, sizeof err) != 0) {
        fprintf(stderr, "wsim replay: %s\n", err);
        return WSIM_EXIT_USAGE;
    }
    char *scenario_text = meta_value(db, "scenario");
    char *seed_text = meta_value(db, "seed");
    /* No end row (a partial file) or an interruption: the trace holds only
     * the start of its run, and only that start can be checked. */
    char *end_reason = meta_value(db, "end_reason");
    int prefix_only = !end_reason || strcmp(end_reason, "interrupted") == 0;
    free(end_reason);
    sqlite3_close(db);
    char *end = NULL;
    errno = 0;
    unsigned long long seed = seed_text ? strtoull(seed_text, &end, 10) : 0;
    if (!scenario_text || !scenario_text[0] || !seed_text || errno || !end || *end) {
        fprintf(stderr, "wsim replay: %s: the trace records no %s to run again\n", trace,
                !scenario_text || !scenario_text[0] ? "scenario" : "seed");
        free(scenario_text);
        free(seed_text);
        return WSIM_EXIT_USAGE;
    }
    free(seed_text);

    int status = WSIM_EXIT_USAGE;
    /* folder_of takes a file; --dir names the folder itself. */
    char *as_file = dir_arg ? join(dir_arg, "x") : NULL;
    char *dir = folder_of(dir_arg ? (as_file ? as_file : ".") : trace);
    free(as_file);
    char tmp[] = "/tmp/wsim-replay-XXXXXX";
    modules m;
    find_modules(scenario_text, &m);
    char *scenario = NULL, *replayed = NULL;
    if (!dir || !mkdtemp(tmp)) {
        fprintf(stderr, "wsim replay: cannot make a temporary folder: %s\n", strerror(errno));
        tmp[0] = '\0';
        goto out;
    }
    scenario = lay_out(tmp, scenario_text, dir, &m);
    if (!scenario)
        goto out;
    replayed = keep ? strdup(keep) : join(tmp, "replay.wsimtrace");
    if (!replayed)
        goto out;
    int rc = run_quietly(scenario, replayed, seed);
    if (rc == WSIM_EXIT_USAGE || access(replayed, F_OK) != 0) {
        fprintf(stderr, "wsim replay: the run recorded in %s could not be made again (see above)\n",
                trace);
        goto out;
    }

    long events = 0;
    int by_event = compare_events(trace, replayed, prefix_only, stdout, &events, err, sizeof err);
    if (by_event < 0) {
        fprintf(stderr, "wsim replay: %s\n", err);
        goto out;
    }
    if (prefix_only) {
        /* The whole-trace comparison would only find the missing end. */
        if (by_event == 0) {
            printf("replay reproduces %s up to where it was cut: %ld events\n", trace, events);
            status = WSIM_EXIT_OK;
        } else {
            printf("replay diverges from %s\n", trace);
            status = WSIM_EXIT_FAILED;
        }
        goto out;
    }
    int whole = wsim_trace_compare(trace, replayed, by_event ? stdout : NULL, err, sizeof err);
    if (whole < 0 && by_event == 0) {
        fprintf(stderr, "wsim replay: %s\n", err);
        goto out;
    }
    if (by_event == 0 && whole == 0) {
        printf("replay reproduces %s: %ld events, every table equal\n", trace, events);
        status = WSIM_EXIT_OK;
    } else {
        if (by_event == 0) {
            /* The timeline agrees; some other table does not. */
            printf("every event of %s is reproduced, but the traces differ:\n", trace);
            wsim_trace_compare(trace, replayed, stdout, err, sizeof err);
        }
        printf("replay diverges from %s\n", trace);
        status = WSIM_EXIT_FAILED;
    }
out:
    if (keep && replayed && status != WSIM_EXIT_USAGE)
        printf("replay trace: %s\n", replayed);
    if (tmp[0])
        nftw(tmp, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
    free(replayed);
    free(scenario);
    free(dir);
    modules_free(&m);
    free(scenario_text);
    return status;
}

const wsim_command wsim_replay_command = {
    .name = "replay",
    .synopsis = "TRACE [options]",
    .summary = "run a recorded run again from its trace (the scenario text and\n"
               "seed it holds) and check it event by event; exits 0 when it\n"
               "is reproduced, 1 with the first divergent event when it is not.",
    .description =
        "Runs the scenario text and seed a trace recorded again, and checks the\n"
        "new run event by event against the trace (send contract M03).  Exits 0\n"
        "when it is reproduced, 1 with the first divergent event when it is not,\n"
        "2 on bad input (not a trace, no scenario in it, a missing module).",
    .min_operands = 1,
    .max_operands = 1,
    .options = replay_options,
    .run = replay_main,
};

int wsim_cmd_replay(int argc, char **argv)
{
    return wsim_command_main(&wsim_replay_command, argc, argv);
}
