/* examforge: xoshiro256** (Blackman & Vigna) seeded by splitmix64; Lemire's unbiased bounded
 * integers; Fisher–Yates. Integer arithmetic only, so every platform gives the same stream. */
#include "examforge/rng.h"

#include <string.h>

uint64_t ef_splitmix64(uint64_t *state)
{
    uint64_t z = (*state += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

void ef_rng_init(ef_rng *rng, uint64_t seed)
{
    for (int i = 0; i < 4; i++)
        rng->s[i] = ef_splitmix64(&seed);
}

static uint64_t rotl(uint64_t x, int k)
{
    return (x << k) | (x >> (64 - k));
}

uint64_t ef_rng_next(ef_rng *rng)
{
    uint64_t *s = rng->s;
    uint64_t result = rotl(s[1] * 5, 7) * 9;
    uint64_t t = s[1] << 17;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = rotl(s[3], 45);
    return result;
}

/* 64x64 -> 128-bit multiply, high and low halves, without compiler extensions. */
static void mul128(uint64_t a, uint64_t b, uint64_t *hi, uint64_t *lo)
{
    uint64_t a_lo = (uint32_t)a, a_hi = a >> 32, b_lo = (uint32_t)b, b_hi = b >> 32;
    uint64_t p0 = a_lo * b_lo, p1 = a_lo * b_hi, p2 = a_hi * b_lo, p3 = a_hi * b_hi;
    uint64_t mid = (p0 >> 32) + (uint32_t)p1 + (uint32_t)p2;
    *lo = (mid << 32) | (uint32_t)p0;
    *hi = p3 + (p1 >> 32) + (p2 >> 32) + (mid >> 32);
}

uint64_t ef_rng_below(ef_rng *rng, uint64_t bound)
{
    /* Lemire, "Fast Random Integer Generation in an Interval" (2019): reject the few low
     * products that would make some results more likely than others. */
    uint64_t hi, lo;
    mul128(ef_rng_next(rng), bound, &hi, &lo);
    if (lo < bound) {
        uint64_t threshold = (0 - bound) % bound;
        while (lo < threshold)
            mul128(ef_rng_next(rng), bound, &hi, &lo);
    }
    return hi;
}

void ef_rng_shuffle(ef_rng *rng, void *items, size_t count, size_t size)
{
    unsigned char *base = items, tmp[64];
    for (size_t i = count; i > 1; i--) {
        size_t j = (size_t)ef_rng_below(rng, i);
        if (j == i - 1)
            continue;
        memcpy(tmp, base + (i - 1) * size, size);
        memcpy(base + (i - 1) * size, base + j * size, size);
        memcpy(base + j * size, tmp, size);
    }
}
