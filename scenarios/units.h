/* units.h — quantities written with a unit: durations, bandwidths, sizes.
 *
 * Owns: turning strings such as "1.5ms", "10Mbit/s" or "64KiB" into exact
 * integers (nanoseconds, bit/s, bytes) with integer arithmetic only, and
 * saying precisely why a string was refused, so that the scenario loader can
 * print a useful error.  No JSON here; scenario.c decides what to accept as
 * a JSON number and builds the messages.
 *
 * Syntax: digits, optionally "." and more digits, then a unit, nothing else
 * (no sign, no spaces, no exponent).  A fraction is accepted only when the
 * result is a whole number of the base unit ("1.5us" is 1500ns, "0.5ns" is
 * refused); digits beyond that precision may only be zeros.
 */
#ifndef WSIM_SCENARIOS_UNITS_H
#define WSIM_SCENARIOS_UNITS_H

#include <stdint.h>

typedef enum wsim_unit_status {
    WSIM_UNIT_OK,
    WSIM_UNIT_SYNTAX,       /* not digits[.digits]unit */
    WSIM_UNIT_NEGATIVE,     /* starts with "-" followed by a digit */
    WSIM_UNIT_NO_UNIT,      /* a well-formed number with nothing after it */
    WSIM_UNIT_BAD_UNIT,     /* a well-formed number followed by an unknown word */
    WSIM_UNIT_TOO_PRECISE,  /* not a whole number of the base unit */
    WSIM_UNIT_OVERFLOW      /* larger than the quantity's maximum */
} wsim_unit_status;

/* One kind of quantity: its units and the largest value it may take. */
typedef struct wsim_unit {
    const char *suffix;
    uint64_t multiplier;     /* base units per one of this unit */
    int fraction_digits;     /* how many decimals stay exact: log10 of the
                                multiplier, or 0 when fractions are refused */
} wsim_unit;

typedef struct wsim_quantity {
    const wsim_unit *units;  /* terminated by a NULL suffix */
    uint64_t max;
    const char *unit_list;   /* "ns, us, ms, s", for messages */
} wsim_quantity;

/* Nanoseconds: ns, us, ms, s; at most INT64_MAX. */
extern const wsim_quantity wsim_duration_quantity;
/* bit/s: bit/s, kbit/s, Mbit/s, Gbit/s and bps, kbps, Mbps, Gbps (powers of
 * 1000); at most UINT64_MAX. */
extern const wsim_quantity wsim_bandwidth_quantity;
/* Bytes: B, KiB, MiB, GiB (powers of 1024, whole numbers only); at most
 * UINT32_MAX. */
extern const wsim_quantity wsim_size_quantity;

/* Parses text as quantity q into *value.  On WSIM_UNIT_BAD_UNIT, *unit_at
 * (when unit_at is not NULL) points at the unknown unit inside text. */
/* The same units, up to INT64_MAX bytes (budgets). */
extern const wsim_quantity wsim_big_size_quantity;

wsim_unit_status wsim_parse_quantity(const wsim_quantity *q, const char *text,
                                     uint64_t *value, const char **unit_at);

#endif
