/* examforge: the few places that use every core (reading a large file, parsing a large CSV,
 * grading and printing a large class) run their parts through these functions. */
#ifndef EXAMFORGE_PAR_H
#define EXAMFORGE_PAR_H

#include <stddef.h>

enum { EF_MAX_THREADS = 8 };

/** Threads to use at most; 0 (the default) means one per online processor. A variable so the
 *  tests can force several threads on a one-core machine, or one on any. */
extern unsigned ef_max_threads;

/** When not 0, the least work a part needs, in place of every caller's own minimum: the
 *  tests set 1 to cut small jobs into many parts. */
extern size_t ef_min_part;

/** How many parts to cut `work` units into so each part gets at least `min_each`: from 1 to
 *  the threads available, at most EF_MAX_THREADS. */
size_t ef_parts_for(size_t work, size_t min_each);

/** Part `i` of `n` equal runs of `count` items: [*from, *to), the last taking the remainder. */
void ef_part_range(size_t count, size_t n, size_t i, size_t *from, size_t *to);

/** Run `fn` on each of the `n` parts of `parts`, `size` bytes apart: the first on the calling
 *  thread, the others on threads of their own (up to EF_MAX_THREADS at once), and any part
 *  beyond them, or whose thread cannot be started, on the calling thread after its own.
 *  Returns when every part is done. */
void ef_run_parts(void (*fn)(void *part), void *parts, size_t size, size_t n);

#endif
