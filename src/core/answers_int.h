/* examforge (private): what the CSV reader did, for the tests. */
#ifndef EXAMFORGE_ANSWERS_INT_H
#define EXAMFORGE_ANSWERS_INT_H

#include <stddef.h>

/** Chunks the last CSV read was cut into, one per thread (1: read in one piece). A large
 *  quote-free CSV is cut at line ends; see ef_parts_for in examforge/par.h. */
extern size_t ef_csv_chunks_used;
/** Rows the set made room for before reading those chunks (a guess from the first lines). */
extern size_t ef_csv_rows_guessed;

#endif
