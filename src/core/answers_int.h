/* examforge (private): how a large CSV is split across threads. Variables rather than
 * constants so the unit tests can split a small file many ways and compare with one piece. */
#ifndef EXAMFORGE_ANSWERS_INT_H
#define EXAMFORGE_ANSWERS_INT_H

#include <stddef.h>

enum { EF_CSV_MAX_CHUNKS = 8 };

/** Bytes of rows a chunk must hold to be worth a thread (default 1 MiB). */
extern size_t ef_csv_chunk_min;
/** Threads to read with; 0 (the default) means one per online processor. */
extern unsigned ef_csv_threads;
/** Chunks the last CSV read was cut into (1: one piece). */
extern size_t ef_csv_chunks_used;

#endif
