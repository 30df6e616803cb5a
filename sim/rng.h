/* rng.h — seeded random streams.
 *
 * Owns: every random number the simulation draws.  The generator is
 * xoshiro256** (Blackman & Vigna, 2018); a stream's state is filled by
 * SplitMix64 from (run seed, stream id), so each consumer (a host's port
 * allocator, a link's loss process, a program's rand()) has its own stream
 * and adding a consumer never shifts the numbers another one sees.
 */
#ifndef WSIM_SIM_RNG_H
#define WSIM_SIM_RNG_H

#include <stdint.h>

typedef struct wsim_rng {
    uint64_t s[4];
} wsim_rng;

/* Stream ids are small integers chosen by the consumer (see the WSIM_STREAM_*
 * constants where they are defined), combined with an index (host number,
 * program instance …). */
void wsim_rng_init(wsim_rng *rng, uint64_t run_seed, uint64_t stream_id, uint64_t index);
uint64_t wsim_rng_next(wsim_rng *rng);
/* Uniform in [0, bound), without modulo bias; bound 0 gives 0. */
uint64_t wsim_rng_below(wsim_rng *rng, uint64_t bound);
/* Uniform in [lo, hi] inclusive. */
uint64_t wsim_rng_range(wsim_rng *rng, uint64_t lo, uint64_t hi);

#endif
