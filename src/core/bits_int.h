/* examforge (private): bit counting for option-letter masks. */
#ifndef EXAMFORGE_BITS_INT_H
#define EXAMFORGE_BITS_INT_H

#include <stdint.h>

/** Number of set bits: how many letters an answer or key mask holds. */
static inline unsigned mask_count(uint32_t v)
{
    unsigned n = 0;
    for (; v; v &= v - 1)
        n++;
    return n;
}

#endif
