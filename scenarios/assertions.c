/* assertions.c — reading the "assert" section (assertions.h, FORMAT.md). */
#include "scenarios/assertions.h"

#include <stdlib.h>
#include <string.h>

#include "scenarios/scenario.h"
#include "scenarios/section.h"

int wsim_violation_informative(const char *rule)
{
    return strcmp(rule, "concurrent-send") == 0;
}

/* "host" and "program" of one entry. */
static int read_who(wsim_section *sec, const cJSON *v, const wsim_scenario *s,
                    wsim_assert_program *who)
{
    if (wsim_section_host(sec, v, "host", s, &who->host, 1))
        return -1;
    size_t programs = s->hosts[who->host].program_count;
    int64_t index = 0;
    int present = 0;
    if (programs == 0) {
        wsim_section_key(sec, "host");
        return wsim_section_fail(sec, "host \"%s\" runs no program", s->hosts[who->host].name);
    }
    if (wsim_section_integer(sec, v, "program", 0, (int64_t)programs - 1, &index, 0, &present))
        return -1;
    who->program = present ? (int)index : WSIM_ASSERT_ANY_PROGRAM;
    return 0;
}

/* An optional array of entries at obj[key]; read_one fills element i. */
static int read_list(wsim_section *sec, const cJSON *obj, const char *key, void **items,
                     size_t *count, size_t size, const char *const *keys,
                     const wsim_scenario *s,
                     int (*read_one)(wsim_section *, const cJSON *, const wsim_scenario *, void *))
{
    const cJSON *array = cJSON_GetObjectItemCaseSensitive(obj, key);
    if (!array)
        return 0;
    size_t saved = wsim_section_key(sec, key);
    if (!cJSON_IsArray(array))
        return wsim_section_fail_got(sec, "an array of objects", array);
    size_t n = (size_t)cJSON_GetArraySize(array);
    if (n && !(*items = calloc(n, size)))
        return wsim_section_fail(sec, "out of memory");
    size_t i = 0;
    for (const cJSON *item = array->child; item; item = item->next, i++) {
        size_t at = wsim_section_index(sec, i);
        if (wsim_section_keys(sec, item, keys) ||
            read_one(sec, item, s, (char *)*items + i * size))
            return -1;
        *count = i + 1;
        wsim_section_restore(sec, at);
    }
    wsim_section_restore(sec, saved);
    return 0;
}

static int read_exit(wsim_section *sec, const cJSON *v, const wsim_scenario *s, void *out)
{
    wsim_assert_exit *e = out;
    return read_who(sec, v, s, &e->who) ||
                   wsim_section_integer(sec, v, "code", -2147483648LL, 2147483647LL, &e->code,
                                        1, NULL)
               ? -1
               : 0;
}

static int read_output(wsim_section *sec, const cJSON *v, const wsim_scenario *s, void *out)
{
    wsim_assert_output *o = out;
    return read_who(sec, v, s, &o->who) || wsim_section_string(sec, v, "contains", &o->contains, 1)
               ? -1
               : 0;
}

static int read_received(wsim_section *sec, const cJSON *v, const wsim_scenario *s, void *out)
{
    wsim_assert_received *r = out;
    int64_t bytes = 0;
    if (read_who(sec, v, s, &r->who) ||
        wsim_section_integer(sec, v, "bytes", 0, 9007199254740991LL, &bytes, 1, NULL))
        return -1;
    r->bytes = (uint64_t)bytes;
    return 0;
}

static int rule_name_ok(const char *s)
{
    if (!*s)
        return 0;
    for (; *s; s++)
        if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') || (*s >= '0' && *s <= '9') ||
              *s == '-'))
            return 0;
    return 1;
}

static int read_violations(wsim_section *sec, const cJSON *obj, wsim_assertions *a)
{
    const cJSON *array = cJSON_GetObjectItemCaseSensitive(obj, "violations");
    if (!array)
        return 0;
    size_t saved = wsim_section_key(sec, "violations");
    const char *expected = "a rule id such as \"W19\" or \"interleaved\"";
    if (!cJSON_IsArray(array))
        return wsim_section_fail_got(sec, "an array of rule ids such as [\"W19\", \"interleaved\"]",
                                     array);
    a->violations_given = 1;
    size_t n = (size_t)cJSON_GetArraySize(array);
    if (n && !(a->violations = calloc(n, sizeof *a->violations)))
        return wsim_section_fail(sec, "out of memory");
    size_t i = 0;
    for (const cJSON *item = array->child; item; item = item->next, i++) {
        size_t at = wsim_section_index(sec, i);
        if (!cJSON_IsString(item) || !rule_name_ok(item->valuestring))
            return wsim_section_fail_got(sec, expected, item);
        for (size_t j = 0; j < i; j++)
            if (strcmp(a->violations[j], item->valuestring) == 0)
                return wsim_section_fail(sec, "duplicate rule \"%s\" (first at [%zu])",
                                         item->valuestring, j);
        if (!(a->violations[i] = strdup(item->valuestring)))
            return wsim_section_fail(sec, "out of memory");
        a->violation_count = i + 1;
        wsim_section_restore(sec, at);
    }
    wsim_section_restore(sec, saved);
    return 0;
}

int wsim_assertions_read(const cJSON *v, wsim_scenario *s, const char *file, char *err,
                         size_t err_size)
{
    if (!v)
        return 0;
    wsim_section sec;
    wsim_section_init(&sec, file, "assert", err, err_size);
    static const char *const keys[] = {"exit_codes", "output", "received", "violations",
                                       "max_duration", NULL};
    static const char *const exit_keys[] = {"host", "program", "code", NULL};
    static const char *const output_keys[] = {"host", "program", "contains", NULL};
    static const char *const received_keys[] = {"host", "program", "bytes", NULL};
    wsim_assertions *a = &s->assertions;
    if (wsim_section_keys(&sec, v, keys) ||
        read_list(&sec, v, "exit_codes", (void **)&a->exits, &a->exit_count, sizeof *a->exits,
                  exit_keys, s, read_exit) ||
        read_list(&sec, v, "output", (void **)&a->outputs, &a->output_count,
                  sizeof *a->outputs, output_keys, s, read_output) ||
        read_list(&sec, v, "received", (void **)&a->received, &a->received_count,
                  sizeof *a->received, received_keys, s, read_received) ||
        read_violations(&sec, v, a) ||
        wsim_section_duration(&sec, v, "max_duration", &a->max_duration_ns, 0, 1))
        return -1;
    return 0;
}

void wsim_assertions_free(wsim_assertions *a)
{
    free(a->exits);
    for (size_t i = 0; i < a->output_count; i++)
        free(a->outputs[i].contains);
    free(a->outputs);
    free(a->received);
    for (size_t i = 0; i < a->violation_count; i++)
        free(a->violations[i]);
    free(a->violations);
    memset(a, 0, sizeof *a);
}
