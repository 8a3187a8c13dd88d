/* examforge (private): bit counting for option-letter masks. */
#ifndef EXAMFORGE_BITS_INT_H
#define EXAMFORGE_BITS_INT_H

#include <stdint.h>

/** Number of set bits: how many letters an answer or key mask holds. */
static inline unsigned mask_count(uint32_t v)
{
    /* Without a loop: a loop's exit on one or two letters is a branch the predictor misses
     * on every other answer. */
    v = v - ((v >> 1) & 0x55555555u);
    v = (v & 0x33333333u) + ((v >> 2) & 0x33333333u);
    return (((v + (v >> 4)) & 0x0F0F0F0Fu) * 0x01010101u) >> 24;
}

#endif
