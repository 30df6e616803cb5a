/* section.c — the JSON path, error line and value readers of section.h. */
#include "scenarios/section.h"

#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "scenarios/units.h"

void wsim_section_init(wsim_section *sec, const char *file, const char *key, char *err,
                       size_t err_size)
{
    memset(sec, 0, sizeof *sec);
    sec->file = file ? file : "<scenario>";
    sec->err = err;
    sec->err_size = err_size;
    sec->path_len = (size_t)snprintf(sec->path, sizeof sec->path, "$.%s", key);
}

size_t wsim_section_key(wsim_section *sec, const char *key)
{
    size_t saved = sec->path_len;
    int n = snprintf(sec->path + saved, sizeof sec->path - saved, ".%s", key);
    if (n > 0 && saved + (size_t)n < sizeof sec->path)
        sec->path_len += (size_t)n;
    return saved;
}

size_t wsim_section_index(wsim_section *sec, size_t index)
{
    size_t saved = sec->path_len;
    int n = snprintf(sec->path + saved, sizeof sec->path - saved, "[%zu]", index);
    if (n > 0 && saved + (size_t)n < sizeof sec->path)
        sec->path_len += (size_t)n;
    return saved;
}

void wsim_section_restore(wsim_section *sec, size_t saved)
{
    sec->path_len = saved;
    sec->path[saved] = '\0';
}

int wsim_section_fail(wsim_section *sec, const char *fmt, ...)
{
    if (!sec->err || sec->err_size == 0)
        return -1;
    int n = snprintf(sec->err, sec->err_size, "%s: %s: ", sec->file, sec->path);
    if (n < 0 || (size_t)n >= sec->err_size)
        return -1;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(sec->err + n, sec->err_size - (size_t)n, fmt, ap);
    va_end(ap);
    return -1;
}

/* A value as the loader shows it after "got": strings quoted (cut after 64
 * characters), numbers as written, the kind of anything else. */
static void describe(char *buf, size_t n, const cJSON *v)
{
    if (cJSON_IsString(v)) {
        size_t len = strlen(v->valuestring);
        snprintf(buf, n, "\"%.64s%s\"", v->valuestring, len > 64 ? "..." : "");
    } else if (cJSON_IsNumber(v)) {
        if ((double)(int64_t)v->valuedouble == v->valuedouble)
            snprintf(buf, n, "%" PRId64, (int64_t)v->valuedouble);
        else
            snprintf(buf, n, "%.17g", v->valuedouble);
    } else if (cJSON_IsBool(v)) {
        snprintf(buf, n, "%s", cJSON_IsTrue(v) ? "true" : "false");
    } else if (cJSON_IsNull(v)) {
        snprintf(buf, n, "null");
    } else if (cJSON_IsObject(v)) {
        snprintf(buf, n, "an object");
    } else {
        int count = cJSON_GetArraySize(v);
        if (count == 0)
            snprintf(buf, n, "an empty array");
        else
            snprintf(buf, n, "an array of %d element%s", count, count == 1 ? "" : "s");
    }
}

int wsim_section_fail_got(wsim_section *sec, const char *expected, const cJSON *v)
{
    char got[128];
    describe(got, sizeof got, v);
    return wsim_section_fail(sec, "expected %s, got %s", expected, got);
}

int wsim_section_keys(wsim_section *sec, const cJSON *obj, const char *const *keys)
{
    if (!cJSON_IsObject(obj))
        return wsim_section_fail_got(sec, "an object", obj);
    for (const cJSON *item = obj->child; item; item = item->next) {
        size_t i = 0;
        while (keys[i] && strcmp(keys[i], item->string) != 0)
            i++;
        size_t saved = wsim_section_key(sec, item->string);
        if (!keys[i]) {
            char known[512] = "";
            for (size_t k = 0; keys[k]; k++) {
                if (k)
                    strncat(known, ", ", sizeof known - strlen(known) - 1);
                strncat(known, keys[k], sizeof known - strlen(known) - 1);
            }
            return wsim_section_fail(sec, "unknown field (expected one of: %s)", known);
        }
        for (const cJSON *other = obj->child; other != item; other = other->next)
            if (strcmp(other->string, item->string) == 0)
                return wsim_section_fail(sec, "duplicate field (each field may appear once)");
        wsim_section_restore(sec, saved);
    }
    return 0;
}

/* obj[key], or NULL; a required key that is missing fails with expected. */
static const cJSON *member(wsim_section *sec, const cJSON *obj, const char *key, int required,
                           const char *expected, int *failed)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);
    *failed = 0;
    if (!v && required) {
        size_t saved = wsim_section_key(sec, key);
        wsim_section_fail(sec, "missing required field (expected %s)", expected);
        wsim_section_restore(sec, saved);
        *failed = 1;
    }
    return v;
}

int wsim_section_host(wsim_section *sec, const cJSON *obj, const char *key,
                      const wsim_scenario *s, size_t *out, int required)
{
    int failed;
    const cJSON *v = member(sec, obj, key, required, "a host name", &failed);
    if (!v)
        return failed ? -1 : 0;
    size_t saved = wsim_section_key(sec, key);
    if (wsim_section_host_name(sec, v, s, out))
        return -1;
    wsim_section_restore(sec, saved);
    return 0;
}

int wsim_section_host_name(wsim_section *sec, const cJSON *v, const wsim_scenario *s, size_t *out)
{
    if (!cJSON_IsString(v))
        return wsim_section_fail_got(sec, "a host name", v);
    for (size_t i = 0; i < s->host_count; i++)
        if (strcmp(s->hosts[i].name, v->valuestring) == 0) {
            *out = i;
            return 0;
        }
    char names[256] = "";
    for (size_t i = 0; i < s->host_count; i++) {
        if (i)
            strncat(names, ", ", sizeof names - strlen(names) - 1);
        strncat(names, s->hosts[i].name, sizeof names - strlen(names) - 1);
    }
    return wsim_section_fail(sec, "unknown host \"%.64s\" (expected one of: %s)", v->valuestring,
                             names);
}

int wsim_section_duration(wsim_section *sec, const cJSON *obj, const char *key, int64_t *out,
                          int required, int positive)
{
    const char *expected = positive ? "a positive duration such as \"5s\""
                                    : "a non-negative duration such as \"5s\"";
    int failed;
    const cJSON *v = member(sec, obj, key, required, expected, &failed);
    if (!v)
        return failed ? -1 : 0;
    size_t saved = wsim_section_key(sec, key);
    if (wsim_section_duration_value(sec, v, out, positive))
        return -1;
    wsim_section_restore(sec, saved);
    return 0;
}

int wsim_section_duration_value(wsim_section *sec, const cJSON *v, int64_t *out, int positive)
{
    const char *expected = positive ? "a positive duration such as \"5s\""
                                    : "a non-negative duration such as \"5s\"";
    uint64_t ns = 0;
    if (cJSON_IsNumber(v)) {
        if (v->valuedouble < 0 || v->valuedouble > 9007199254740991.0 ||
            (double)(int64_t)v->valuedouble != v->valuedouble)
            return wsim_section_fail_got(sec, expected, v);
        ns = (uint64_t)v->valuedouble;
    } else if (!cJSON_IsString(v) ||
               wsim_parse_quantity(&wsim_duration_quantity, v->valuestring, &ns, NULL) !=
                   WSIM_UNIT_OK) {
        return wsim_section_fail_got(sec, expected, v);
    }
    if (positive && ns == 0)
        return wsim_section_fail_got(sec, expected, v);
    *out = (int64_t)ns;
    return 0;
}

int wsim_section_integer(wsim_section *sec, const cJSON *obj, const char *key, int64_t min,
                         int64_t max, int64_t *out, int required, int *present)
{
    char expected[96];
    snprintf(expected, sizeof expected, "an integer from %" PRId64 " to %" PRId64, min, max);
    int failed;
    const cJSON *v = member(sec, obj, key, required, expected, &failed);
    if (present)
        *present = v != NULL;
    if (!v)
        return failed ? -1 : 0;
    size_t saved = wsim_section_key(sec, key);
    if (!cJSON_IsNumber(v) || v->valuedouble < (double)min || v->valuedouble > (double)max ||
        (double)(int64_t)v->valuedouble != v->valuedouble)
        return wsim_section_fail_got(sec, expected, v);
    *out = (int64_t)v->valuedouble;
    wsim_section_restore(sec, saved);
    return 0;
}

int wsim_section_probability(wsim_section *sec, const cJSON *obj, const char *key, double *out,
                             int required)
{
    const char *expected = "a probability from 0 to 1 such as 0.01";
    int failed;
    const cJSON *v = member(sec, obj, key, required, expected, &failed);
    if (!v)
        return failed ? -1 : 0;
    size_t saved = wsim_section_key(sec, key);
    if (!cJSON_IsNumber(v) || !(v->valuedouble >= 0 && v->valuedouble <= 1))
        return wsim_section_fail_got(sec, expected, v);
    *out = v->valuedouble;
    wsim_section_restore(sec, saved);
    return 0;
}

int wsim_section_string(wsim_section *sec, const cJSON *obj, const char *key, char **out,
                        int required)
{
    const char *expected = "a non-empty string";
    int failed;
    const cJSON *v = member(sec, obj, key, required, expected, &failed);
    if (!v)
        return failed ? -1 : 0;
    size_t saved = wsim_section_key(sec, key);
    if (!cJSON_IsString(v) || !v->valuestring[0])
        return wsim_section_fail_got(sec, expected, v);
    free(*out);
    if (!(*out = strdup(v->valuestring)))
        return wsim_section_fail(sec, "out of memory");
    wsim_section_restore(sec, saved);
    return 0;
}
