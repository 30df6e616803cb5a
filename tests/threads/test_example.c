/* test_example.c — threads.example_wsasend_routine: the overlapped WSASend
 * pattern with a completion routine and SleepEx (programs/routine_client.c,
 * against programs/routine_server.c) runs unmodified as modules through the
 * real `wsim run`, end to end.
 *
 * Usage: threads_example wsim=PATH src=DIR   (src: tests/threads)
 *
 * The scenario is written into a fresh mkdtemp folder with absolute module
 * paths; wsim's output and trace go there too, and the folder is removed
 * afterwards.  Expected values come from the programs' source (eight sends
 * of 4096 bytes; SO_SNDBUF 8192) and the model (README): on loopback the
 * first two sends find the queue below SO_SNDBUF and complete at once, the
 * third finds it at 8192 and is pending until data is acknowledged.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <spawn.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "tests/check.h"

extern char **environ;

#define SENDS 8
#define BUFSIZE 4096

static char *join(const char *dir, const char *name)
{
    char *path = NULL;
    if (asprintf(&path, "%s/%s", dir, name) < 0) {
        fprintf(stderr, "out of memory\n");
        exit(1);
    }
    return path;
}

static char *read_all(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return strdup("");
    char *text = NULL;
    size_t len = 0;
    FILE *out = open_memstream(&text, &len);
    char buf[4096];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, f)) > 0)
        fwrite(buf, 1, n, out);
    fclose(out);
    fclose(f);
    return text;
}

/* Runs argv in dir with stdout and stderr to files there; the exit code,
 * or -1 when it did not exit normally. */
static int run_in(const char *dir, char *const argv[])
{
    char *out = join(dir, "stdout.txt"), *err = join(dir, "stderr.txt");
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_addopen(&fa, 1, out, O_WRONLY | O_CREAT | O_TRUNC, 0600);
    posix_spawn_file_actions_addopen(&fa, 2, err, O_WRONLY | O_CREAT | O_TRUNC, 0600);
    pid_t pid;
    int rc = posix_spawn(&pid, argv[0], &fa, NULL, argv, environ);
    posix_spawn_file_actions_destroy(&fa);
    free(out);
    free(err);
    if (rc != 0) {
        fprintf(stderr, "cannot run %s: %s\n", argv[0], strerror(rc));
        return -1;
    }
    int status;
    while (waitpid(pid, &status, 0) < 0)
        if (errno != EINTR)
            return -1;
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

static long long q_int(sqlite3 *db, const char *sql)
{
    sqlite3_stmt *st = NULL;
    long long v = -1;
    if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK) {
        fprintf(stderr, "SQL error: %s\n  in: %s\n", sqlite3_errmsg(db), sql);
        wsim_check_failures++;
    } else if (sqlite3_step(st) == SQLITE_ROW) {
        v = sqlite3_column_int64(st, 0);
    }
    sqlite3_finalize(st);
    return v;
}

static void remove_dir(const char *dir)
{
    DIR *d = opendir(dir);
    struct dirent *e;
    while (d && (e = readdir(d)) != NULL) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
            continue;
        char *path = join(dir, e->d_name);
        unlink(path);
        free(path);
    }
    if (d)
        closedir(d);
    rmdir(dir);
}

int main(int argc, char **argv)
{
    const char *wsim = NULL, *src = NULL;
    for (int i = 1; i < argc; i++) {
        if (strncmp(argv[i], "wsim=", 5) == 0)
            wsim = argv[i] + 5;
        else if (strncmp(argv[i], "src=", 4) == 0)
            src = argv[i] + 4;
    }
    if (!wsim || !src) {
        fprintf(stderr, "usage: threads_example wsim=PATH src=DIR\n");
        return 2;
    }
    if (strpbrk(src, "\"\\")) {
        fprintf(stderr, "skipped: the path %s needs JSON escaping\n", src);
        return WSIM_TEST_SKIP;
    }
    char dir[] = "/tmp/wsim-threads-test-XXXXXX";
    if (!mkdtemp(dir)) {
        fprintf(stderr, "mkdtemp: %s\n", strerror(errno));
        return 1;
    }
    char *scenario = join(dir, "routine.json"), *trace = join(dir, "routine.wsimtrace");
    FILE *f = fopen(scenario, "w");
    if (!f) {
        fprintf(stderr, "cannot write %s\n", scenario);
        return 1;
    }
    fprintf(f,
            "{\n  \"seed\": 1,\n  \"hosts\": [ {\n    \"name\": \"alpha\",\n"
            "    \"address\": \"10.0.0.1\",\n    \"programs\": [\n"
            "      { \"module\": \"%s/programs/routine_server.c\", \"start\": \"0s\" },\n"
            "      { \"module\": \"%s/programs/routine_client.c\", \"start\": \"1ms\" }\n"
            "    ]\n  } ]\n}\n",
            src, src);
    fclose(f);

    char *run_argv[] = {(char *)wsim, "run", scenario, "--trace", trace, NULL};
    int code = run_in(dir, run_argv);
    char *out = join(dir, "stdout.txt"), *err = join(dir, "stderr.txt");
    char *out_text = read_all(out), *err_text = read_all(err);
    CHECK_INT_EQ(code, 0);
    CHECK_CONTAINS(out_text, "alpha] Bytes Sent: 32768");
    CHECK_CONTAINS(out_text, "alpha] Bytes received: 32768");
    if (code != 0 || wsim_check_failures)
        fprintf(stderr, "---- stdout:\n%s---- stderr:\n%s----\n", out_text, err_text);

    sqlite3 *db = NULL;
    if (sqlite3_open_v2(trace, &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK) {
        fprintf(stderr, "cannot open the trace %s\n", trace);
        wsim_check_failures++;
    } else {
        /* Process 1 is the client. */
        CHECK_INT_EQ(q_int(db, "SELECT count(*) FROM calls WHERE process = 1"
                               " AND function = 'WSASend' AND args LIKE '%routine=1%'"),
                     SENDS);
        /* Every send completed through its routine, whole. */
        CHECK_INT_EQ(q_int(db, "SELECT count(*) FROM completions WHERE process = 1"
                               " AND delivery = 'routine' AND error = 0 AND bytes = 4096"),
                     SENDS);
        /* The first two completed at their call; the third was pending. */
        CHECK_INT_EQ(q_int(db, "SELECT error FROM calls WHERE process = 1"
                               " AND function = 'WSASend' ORDER BY seq LIMIT 1 OFFSET 1"),
                     0);
        CHECK_INT_EQ(q_int(db, "SELECT error FROM calls WHERE process = 1"
                               " AND function = 'WSASend' ORDER BY seq LIMIT 1 OFFSET 2"),
                     997);
        /* Every SleepEx returned WAIT_IO_COMPLETION (0xC0): routines ran. */
        CHECK(q_int(db, "SELECT count(*) FROM calls WHERE process = 1 AND function = 'SleepEx'") >=
              1);
        CHECK_INT_EQ(q_int(db, "SELECT count(*) FROM calls WHERE process = 1"
                               " AND function = 'SleepEx' AND ret <> 192"),
                     0);
        /* The second send was made inside the first one's routine: within
         * the first SleepEx, after it began. */
        CHECK(q_int(db, "SELECT seq FROM calls WHERE process = 1 AND function = 'WSASend'"
                        " ORDER BY seq LIMIT 1 OFFSET 1") <
              q_int(db, "SELECT seq FROM calls WHERE process = 1 AND function = 'SleepEx'"
                        " ORDER BY seq LIMIT 1"));
        CHECK_INT_EQ(q_int(db, "SELECT count(*) FROM programs WHERE exit_how = 'return'"
                               " AND exit_code = 0"),
                     2);
        char *end = NULL;
        sqlite3_stmt *st = NULL;
        if (sqlite3_prepare_v2(db, "SELECT value FROM meta WHERE key = 'end_reason'", -1, &st,
                               NULL) == SQLITE_OK &&
            sqlite3_step(st) == SQLITE_ROW)
            end = strdup((const char *)sqlite3_column_text(st, 0));
        sqlite3_finalize(st);
        CHECK_STR_EQ(end, "completed");
        free(end);
        sqlite3_close(db);
    }
    free(out_text);
    free(err_text);
    free(out);
    free(err);
    free(scenario);
    free(trace);
    remove_dir(dir);
    return wsim_check_exit_code();
}
