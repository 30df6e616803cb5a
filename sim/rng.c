/* rng.c — seeded random streams (see rng.h).
 *
 * Owns: the xoshiro256** generator, the derivation of a stream's state from
 * (run seed, stream id, index), and the unbiased reductions to a range.
 * Nothing here reads a clock or the OS entropy pool: the run seed is the only
 * source of randomness, which is what makes a run reproducible.
 *
 * Stream state derivation (changing it changes every recorded run):
 *
 *     x  = run_seed
 *     x  = splitmix64(&x) ^ stream_id
 *     x  = splitmix64(&x) ^ index
 *     s[0..3] = splitmix64(&x), splitmix64(&x), splitmix64(&x), splitmix64(&x)
 *
 * where splitmix64(&x) is Vigna's SplitMix64 step: x += 0x9e3779b97f4a7c15,
 * then the returned value is x passed through the mix
 *     z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9
 *     z = (z ^ (z >> 27)) * 0x94d049bb133111eb
 *     z =  z ^ (z >> 31).
 * Each fold passes the previous value through the mix (a bijection) before
 * xoring in the next key part, so for a fixed seed distinct stream ids give
 * distinct intermediate values, and likewise for indexes within a stream.
 * The four state words are mixes of four distinct inputs, so at most one of
 * them is zero and the state is never the all-zero fixed point xoshiro must
 * avoid.
 */
#include "sim/rng.h"

static uint64_t splitmix64(uint64_t *x)
{
    uint64_t z = (*x += UINT64_C(0x9e3779b97f4a7c15));
    z = (z ^ (z >> 30)) * UINT64_C(0xbf58476d1ce4e5b9);
    z = (z ^ (z >> 27)) * UINT64_C(0x94d049bb133111eb);
    return z ^ (z >> 31);
}

void wsim_rng_init(wsim_rng *rng, uint64_t run_seed, uint64_t stream_id, uint64_t index)
{
    uint64_t x = run_seed;
    x = splitmix64(&x) ^ stream_id;
    x = splitmix64(&x) ^ index;
    for (int i = 0; i < 4; i++)
        rng->s[i] = splitmix64(&x);
}

static inline uint64_t rotl(uint64_t x, int k)
{
    return (x << k) | (x >> (64 - k));
}

/* xoshiro256** 1.0, transcribed from Blackman & Vigna's reference code. */
uint64_t wsim_rng_next(wsim_rng *rng)
{
    uint64_t *s = rng->s;
    const uint64_t result = rotl(s[1] * 5, 7) * 9;
    const uint64_t t = s[1] << 17;

    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];

    s[2] ^= t;

    s[3] = rotl(s[3], 45);

    return result;
}

/* Lemire's multiply-and-reject ("Fast random integer generation in an
 * interval", 2019): the high word of x * bound is uniform over [0, bound)
 * once the few x whose low word falls below 2^64 mod bound are rejected.
 * The division computing that threshold is only needed on the rare path. */
uint64_t wsim_rng_below(wsim_rng *rng, uint64_t bound)
{
    if (bound == 0)
        return 0;
    unsigned __int128 product = (unsigned __int128)wsim_rng_next(rng) * bound;
    uint64_t low = (uint64_t)product;
    if (low < bound) {
        const uint64_t threshold = -bound % bound; /* 2^64 mod bound */
        while (low < threshold) {
            product = (unsigned __int128)wsim_rng_next(rng) * bound;
            low = (uint64_t)product;
        }
    }
    return (uint64_t)(product >> 64);
}

/* Bounds given in the wrong order are taken as the same interval. */
uint64_t wsim_rng_range(wsim_rng *rng, uint64_t lo, uint64_t hi)
{
    if (hi < lo) {
        uint64_t swap = lo;
        lo = hi;
        hi = swap;
    }
    /* [0, UINT64_MAX] has 2^64 values, one more than a bound can express. */
    if (lo == 0 && hi == UINT64_MAX)
        return wsim_rng_next(rng);
    return lo + wsim_rng_below(rng, hi - lo + 1);
}
