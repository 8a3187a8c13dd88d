/* examforge: the one random generator: xoshiro256** seeded through splitmix64. Same seed,
 * same sequence on every platform; bounded integers are unbiased (Lemire's method). */
#ifndef EXAMFORGE_RNG_H
#define EXAMFORGE_RNG_H

#include <stddef.h>
#include <stdint.h>

/** Caller-owned state; `ef_rng_init` fills it, nothing to release. */
typedef struct ef_rng {
    uint64_t s[4];
} ef_rng;

/** Seed the generator: the four state words are successive splitmix64 outputs of `seed`. */
void ef_rng_init(ef_rng *rng, uint64_t seed);
/** Next 64 random bits (xoshiro256**). */
uint64_t ef_rng_next(ef_rng *rng);
/** A uniform integer in [0, bound); `bound` must be at least 1. */
uint64_t ef_rng_below(ef_rng *rng, uint64_t bound);
/** Fisher–Yates shuffle of `count` elements of `size` bytes each (size at most 64). */
void ef_rng_shuffle(ef_rng *rng, void *items, size_t count, size_t size);
/** splitmix64 step: used to derive independent seeds (e.g. one per form) from one seed. */
uint64_t ef_splitmix64(uint64_t *state);

#endif
