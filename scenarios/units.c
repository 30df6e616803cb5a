/* units.c — exact parsing of durations, bandwidths and sizes (see units.h).
 *
 * Everything is unsigned 64-bit integer arithmetic with explicit overflow
 * checks: a scenario must mean the same thing on every machine, so no
 * floating point is involved anywhere.
 */
#include "scenarios/units.h"

#include <string.h>

static const wsim_unit duration_units[] = {
    {"ns", 1, 0},
    {"us", 1000, 3},
    {"ms", 1000000, 6},
    {"s", 1000000000, 9},
    {NULL, 0, 0},
};

static const wsim_unit bandwidth_units[] = {
    {"bit/s", 1, 0},
    {"kbit/s", 1000, 3},
    {"Mbit/s", 1000000, 6},
    {"Gbit/s", 1000000000, 9},
    {"bps", 1, 0},
    {"kbps", 1000, 3},
    {"Mbps", 1000000, 6},
    {"Gbps", 1000000000, 9},
    {NULL, 0, 0},
};

/* Binary multiples cannot take an arbitrary decimal fraction exactly, and a
 * buffer size of "1.5KiB" is more likely a typo than a wish, so sizes are
 * whole numbers of their unit. */
static const wsim_unit size_units[] = {
    {"B", 1, 0},
    {"KiB", 1024, 0},
    {"MiB", 1024 * 1024, 0},
    {"GiB", 1024 * 1024 * 1024, 0},
    {NULL, 0, 0},
};

const wsim_quantity wsim_duration_quantity = {duration_units, INT64_MAX, "ns, us, ms, s"};
const wsim_quantity wsim_bandwidth_quantity = {
    bandwidth_units, UINT64_MAX, "bit/s, kbit/s, Mbit/s, Gbit/s, bps, kbps, Mbps, Gbps"};
const wsim_quantity wsim_size_quantity = {size_units, UINT32_MAX, "B, KiB, MiB, GiB"};
const wsim_quantity wsim_big_size_quantity = {size_units, INT64_MAX, "B, KiB, MiB, GiB"};

static int is_digit(char c)
{
    return c >= '0' && c <= '9';
}

static int is_unit_char(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '/';
}

wsim_unit_status wsim_parse_quantity(const wsim_quantity *q, const char *text,
                                     uint64_t *value, const char **unit_at)
{
    const char *p = text;
    if (p[0] == '-' && is_digit(p[1]))
        return WSIM_UNIT_NEGATIVE;
    if (!is_digit(*p))
        return WSIM_UNIT_SYNTAX;

    /* Whole part; an overflow is remembered rather than returned at once so
     * that a bad unit after a huge number is still reported as a bad unit. */
    uint64_t whole = 0;
    int overflow = 0;
    for (; is_digit(*p); p++) {
        unsigned d = (unsigned)(*p - '0');
        if (whole > (UINT64_MAX - d) / 10)
            overflow = 1;
        else
            whole = whole * 10 + d;
    }

    const char *frac = p;
    size_t frac_len = 0;
    if (*p == '.') {
        p++;
        if (!is_digit(*p))
            return WSIM_UNIT_SYNTAX;
        frac = p;
        while (is_digit(*p))
            p++;
        frac_len = (size_t)(p - frac);
    }

    if (*p == '\0')
        return WSIM_UNIT_NO_UNIT;
    const wsim_unit *unit = NULL;
    for (const wsim_unit *u = q->units; u->suffix; u++) {
        if (strcmp(p, u->suffix) == 0) {
            unit = u;
            break;
        }
    }
    if (!unit) {
        for (const char *c = p; *c; c++) {
            if (!is_unit_char(*c))
                return WSIM_UNIT_SYNTAX;
        }
        if (unit_at)
            *unit_at = p;
        return WSIM_UNIT_BAD_UNIT;
    }

    /* Trailing zeros carry no precision: "1.500000000000ms" is exact. */
    while (frac_len > 0 && frac[frac_len - 1] == '0')
        frac_len--;
    if (frac_len > (size_t)unit->fraction_digits)
        return WSIM_UNIT_TOO_PRECISE;
    /* At most 9 significant decimals remain, so this cannot overflow. */
    uint64_t part = 0;
    for (size_t i = 0; i < frac_len; i++)
        part = part * 10 + (uint64_t)(frac[i] - '0');
    for (size_t i = frac_len; i < (size_t)unit->fraction_digits; i++)
        part *= 10;

    if (overflow || whole > q->max / unit->multiplier)
        return WSIM_UNIT_OVERFLOW;
    uint64_t total = whole * unit->multiplier;
    if (total > q->max - part)
        return WSIM_UNIT_OVERFLOW;
    *value = total + part;
    return WSIM_UNIT_OK;
}
