/* verdict.c — judging a finished run from its trace (verdict.h). */
#include "tools/verdict.h"

#include <sqlite3.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tools/tool.h"
#include "traces/compare.h"

static const char *const outcome_names[WSIM_OUTCOME_COUNT] = {
    "pass", "crash", "deadlock", "stop-time", "error", "inconclusive", "exit", "violation",
    "assertion", "budget",
};

const char *wsim_outcome_name(wsim_outcome outcome)
{
    return (unsigned)outcome < WSIM_OUTCOME_COUNT ? outcome_names[outcome] : "?";
}

int wsim_outcome_from_name(const char *name, wsim_outcome *outcome)
{
    for (int i = 0; i < WSIM_OUTCOME_COUNT; i++)
        if (strcmp(name, outcome_names[i]) == 0) {
            *outcome = (wsim_outcome)i;
            return 0;
        }
    return -1;
}

int wsim_outcome_fails(wsim_outcome outcome)
{
    return outcome != WSIM_OUTCOME_PASS && outcome != WSIM_OUTCOME_INCONCLUSIVE;
}

int wsim_outcome_exit_code(wsim_outcome outcome)
{
    return outcome == WSIM_OUTCOME_PASS           ? WSIM_EXIT_OK
           : outcome == WSIM_OUTCOME_INCONCLUSIVE ? WSIM_EXIT_INCONCLUSIVE
                                                  : WSIM_EXIT_FAILED;
}

/* One program instance of the trace. */
typedef struct instance {
    int64_t host;
    char *module, *args, *exit_how;
    int64_t exit_code;
    int exited;
    long program;          /* the scenario program it runs (global index) */
} instance;

typedef struct judge {
    sqlite3 *db;
    const wsim_scenario *s;
    instance *inst;
    size_t count;
    size_t programs;       /* programs in the scenario (the first instances) */
    wsim_verdict *v;
} judge;

static void say(judge *j, wsim_outcome outcome, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static void say(judge *j, wsim_outcome outcome, const char *fmt, ...)
{
    j->v->outcome = outcome;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(j->v->reason, sizeof j->v->reason, fmt, ap);
    va_end(ap);
}

static char *column_text(sqlite3_stmt *st, int col)
{
    const unsigned char *t = sqlite3_column_text(st, col);
    return strdup(t ? (const char *)t : "");
}

static int meta(judge *j, const char *key, char *buf, size_t size)
{
    sqlite3_stmt *st;
    buf[0] = '\0';
    if (sqlite3_prepare_v2(j->db, "SELECT value FROM meta WHERE key = ?", -1, &st, NULL) != SQLITE_OK)
        return -1;
    sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
    if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_text(st, 0))
        snprintf(buf, size, "%s", (const char *)sqlite3_column_text(st, 0));
    sqlite3_finalize(st);
    return 0;
}

static int64_t scalar(judge *j, const char *sql, int64_t bind)
{
    sqlite3_stmt *st;
    int64_t value = 0;
    if (sqlite3_prepare_v2(j->db, sql, -1, &st, NULL) != SQLITE_OK)
        return 0;
    if (strchr(sql, '?'))
        sqlite3_bind_int64(st, 1, bind);
    if (sqlite3_step(st) == SQLITE_ROW)
        value = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return value;
}

/* Reads the programs table and ties each instance to its scenario program:
 * the first instances are the scenario's programs in order; a restart's
 * instance runs the same module with the same arguments on the same host. */
static int load_instances(judge *j)
{
    for (size_t h = 0; h < j->s->host_count; h++)
        j->programs += j->s->hosts[h].program_count;
    j->count = (size_t)scalar(j, "SELECT count(*) FROM programs", 0);
    j->inst = calloc(j->count ? j->count : 1, sizeof *j->inst);
    if (!j->inst)
        return -1;
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(j->db,
                           "SELECT host, module, args, exit_how, exit_code, exit_seq IS NOT NULL"
                           " FROM programs ORDER BY process",
                           -1, &st, NULL) != SQLITE_OK)
        return -1;
    size_t i = 0;
    while (i < j->count && sqlite3_step(st) == SQLITE_ROW) {
        instance *in = &j->inst[i];
        in->host = sqlite3_column_int64(st, 0);
        in->module = column_text(st, 1);
        in->args = column_text(st, 2);
        in->exit_how = column_text(st, 3);
        in->exit_code = sqlite3_column_int64(st, 4);
        in->exited = sqlite3_column_int(st, 5);
        in->program = i < j->programs ? (long)i : -1;
        for (size_t k = 0; in->program < 0 && k < j->programs && k < i; k++)
            if (j->inst[k].host == in->host && strcmp(j->inst[k].module, in->module) == 0 &&
                strcmp(j->inst[k].args, in->args) == 0)
                in->program = (long)k;
        i++;
    }
    sqlite3_finalize(st);
    j->count = i;
    return 0;
}

/* 1 when instance i runs a program `who` means. */
static int meant(const judge *j, size_t i, const wsim_assert_program *who)
{
    const instance *in = &j->inst[i];
    if (in->host != (int64_t)who->host)
        return 0;
    if (who->program == WSIM_ASSERT_ANY_PROGRAM)
        return 1;
    size_t g = 0;
    for (size_t h = 0; h < who->host; h++)
        g += j->s->hosts[h].program_count;
    return in->program == (long)(g + (size_t)who->program);
}

/* "client's program 0" or "client's programs". */
static void name_who(const judge *j, const wsim_assert_program *who, char *buf, size_t size)
{
    const char *host = j->s->hosts[who->host].name;
    if (who->program == WSIM_ASSERT_ANY_PROGRAM)
        snprintf(buf, size, "the programs of host %s", host);
    else
        snprintf(buf, size, "program %d of host %s", who->program, host);
}

static int check_exits(judge *j)
{
    const wsim_assertions *a = &j->s->assertions;
    for (size_t i = 0; i < j->count; i++) {
        const instance *in = &j->inst[i];
        /* The latest instance of a program is the one whose exit counts. */
        int superseded = 0;
        for (size_t k = i + 1; k < j->count; k++)
            if (in->program >= 0 && j->inst[k].program == in->program)
                superseded = 1;
        if (superseded || strcmp(in->exit_how, "host-crash") == 0)
            continue;
        int64_t expected = 0;
        long which = -1;
        for (size_t e = 0; e < a->exit_count; e++)
            if (meant(j, i, &a->exits[e].who)) {
                expected = a->exits[e].code;
                which = (long)e;
            }
        if (in->exit_code != expected) {
            const char *host = (size_t)in->host < j->s->host_count ? j->s->hosts[in->host].name : "?";
            if (which >= 0)
                say(j, WSIM_OUTCOME_EXIT,
                    "$.assert.exit_codes[%ld]: process %zu on host %s exited with %lld (%s),"
                    " expected %lld",
                    which, i, host, (long long)in->exit_code, in->exit_how,
                    (long long)expected);
            else
                say(j, WSIM_OUTCOME_EXIT, "process %zu on host %s exited with %lld (%s)", i, host,
                    (long long)in->exit_code, in->exit_how);
            return 1;
        }
    }
    return 0;
}

static int rule_fails(const wsim_assertions *a, const char *rule)
{
    if (!a->violations_given)
        return !wsim_violation_informative(rule);
    for (size_t i = 0; i < a->violation_count; i++)
        if (strcmp(a->violations[i], rule) == 0)
            return 1;
    return 0;
}

static int check_violations(judge *j)
{
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(j->db,
                           "SELECT rule, time_ns, process, description FROM violations ORDER BY seq",
                           -1, &st, NULL) != SQLITE_OK)
        return 0;
    int broke = 0;
    while (!broke && sqlite3_step(st) == SQLITE_ROW) {
        const char *rule = (const char *)sqlite3_column_text(st, 0);
        if (!rule || !rule_fails(&j->s->assertions, rule))
            continue;
        const char *text = (const char *)sqlite3_column_text(st, 3);
        say(j, WSIM_OUTCOME_VIOLATION, "violation %s at %lld ns by process %lld: %s", rule,
            (long long)sqlite3_column_int64(st, 1), (long long)sqlite3_column_int64(st, 2),
            text ? text : "");
        broke = 1;
    }
    sqlite3_finalize(st);
    return broke;
}

static int printed(judge *j, size_t i, const char *text)
{
    sqlite3_stmt *st;
    int found = 0;
    if (sqlite3_prepare_v2(j->db,
                           "SELECT 1 FROM output WHERE process = ? AND instr(line, ?) > 0 LIMIT 1",
                           -1, &st, NULL) != SQLITE_OK)
        return 0;
    sqlite3_bind_int64(st, 1, (int64_t)i);
    sqlite3_bind_text(st, 2, text, -1, SQLITE_STATIC);
    found = sqlite3_step(st) == SQLITE_ROW;
    sqlite3_finalize(st);
    return found;
}

/* The bytes instance i's receives returned: recv and recvfrom by their
 * return values, overlapped WSARecv and WSARecvFrom by their completions. */
static int64_t received(judge *j, size_t i)
{
    return scalar(j,
                  "SELECT (SELECT coalesce(sum(ret), 0) FROM calls WHERE process = ?1 AND ret > 0"
                  "          AND function IN ('recv', 'recvfrom'))"
                  "     + (SELECT coalesce(sum(bytes), 0) FROM completions WHERE process = ?1"
                  "          AND error = 0 AND function IN ('WSARecv', 'WSARecvFrom'))",
                  (int64_t)i);
}

static int check_assertions(judge *j)
{
    const wsim_assertions *a = &j->s->assertions;
    char who[160];
    for (size_t o = 0; o < a->output_count; o++) {
        int found = 0;
        for (size_t i = 0; !found && i < j->count; i++)
            found = meant(j, i, &a->outputs[o].who) && printed(j, i, a->outputs[o].contains);
        if (!found) {
            name_who(j, &a->outputs[o].who, who, sizeof who);
            say(j, WSIM_OUTCOME_ASSERTION, "$.assert.output[%zu]: %s printed no line containing \"%s\"",
                o, who, a->outputs[o].contains);
            return 1;
        }
    }
    for (size_t r = 0; r < a->received_count; r++) {
        int64_t total = 0;
        for (size_t i = 0; i < j->count; i++)
            if (meant(j, i, &a->received[r].who))
                total += received(j, i);
        if ((uint64_t)total != a->received[r].bytes) {
            name_who(j, &a->received[r].who, who, sizeof who);
            say(j, WSIM_OUTCOME_ASSERTION, "$.assert.received[%zu]: %s received %lld bytes, expected %llu",
                r, who, (long long)total, (unsigned long long)a->received[r].bytes);
            return 1;
        }
    }
    if (a->max_duration_ns && j->v->end_ns > a->max_duration_ns) {
        say(j, WSIM_OUTCOME_ASSERTION, "$.assert.max_duration: the run ended at %lld ns, after %lld ns",
            (long long)j->v->end_ns, (long long)a->max_duration_ns);
        return 1;
    }
    return 0;
}

int wsim_verdict_judge(const wsim_scenario *scenario, const char *trace_path, wsim_verdict *out,
                       char *err, size_t err_size)
{
    memset(out, 0, sizeof *out);
    judge j = {.s = scenario, .v = out};
    if (wsim_trace_open_db(trace_path, &j.db, err, err_size) != 0)
        return -1;
    char reason[64], detail[512], end[32];
    meta(&j, "end_reason", reason, sizeof reason);
    meta(&j, "end_detail", detail, sizeof detail);
    meta(&j, "end_time_ns", end, sizeof end);
    out->end_ns = strtoll(end, NULL, 10);
    out->events = scalar(&j, "SELECT count(*) FROM events", 0);
    int rc = 0;
    if (strcmp(reason, "completed") != 0) {
        wsim_outcome o = WSIM_OUTCOME_INCONCLUSIVE;
        if (strcmp(reason, "crash") == 0 || strcmp(reason, "deadlock") == 0 ||
            strcmp(reason, "stop-time") == 0 || strcmp(reason, "error") == 0 ||
            strcmp(reason, "budget") == 0)
            wsim_outcome_from_name(reason, &o);
        else if (!reason[0])
            o = WSIM_OUTCOME_ERROR;      /* no end recorded: the run was cut short */
        if (o == WSIM_OUTCOME_CRASH) {
            sqlite3_stmt *st;
            if (sqlite3_prepare_v2(j.db, "SELECT signal_name, description, process FROM crashes"
                                         " ORDER BY seq LIMIT 1", -1, &st, NULL) == SQLITE_OK) {
                if (sqlite3_step(st) == SQLITE_ROW)
                    snprintf(detail, sizeof detail, "%s in process %lld: %s",
                             (const char *)sqlite3_column_text(st, 0),
                             (long long)sqlite3_column_int64(st, 2),
                             (const char *)sqlite3_column_text(st, 1));
                sqlite3_finalize(st);
            }
        }
        say(&j, o, "the run ended: %s%s%s", reason[0] ? reason : "without an end record",
            detail[0] ? ": " : "", detail);
    } else if (load_instances(&j) != 0) {
        snprintf(err, err_size, "%s: cannot read the programs table: %s", trace_path,
                 sqlite3_errmsg(j.db));
        rc = -1;
    } else if (!check_exits(&j) && !check_violations(&j) && !check_assertions(&j)) {
        out->outcome = WSIM_OUTCOME_PASS;
    }
    for (size_t i = 0; j.inst && i < j.count; i++) {
        free(j.inst[i].module);
        free(j.inst[i].args);
        free(j.inst[i].exit_how);
    }
    free(j.inst);
    sqlite3_close(j.db);
    return rc;
}

int wsim_verdict_exit(const wsim_scenario *scenario, const char *trace_path, int status,
                      int abnormal)
{
    wsim_verdict v;
    char err[1024];
    if (wsim_verdict_judge(scenario, trace_path, &v, err, sizeof err) != 0) {
        fprintf(stderr, "wsim: %s\n", err);
        return 1;
    }
    if (v.outcome == WSIM_OUTCOME_EXIT || v.outcome == WSIM_OUTCOME_VIOLATION ||
        v.outcome == WSIM_OUTCOME_ASSERTION)
        fprintf(stderr, "wsim: the run failed (%s): %s\n", wsim_outcome_name(v.outcome), v.reason);
    return abnormal && status ? status : wsim_outcome_exit_code(v.outcome);
}
