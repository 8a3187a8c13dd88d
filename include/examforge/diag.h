/* examforge: diagnostics, the list of input problems a run reports in one go. */
#ifndef EXAMFORGE_DIAG_H
#define EXAMFORGE_DIAG_H

#include <stdbool.h>
#include <stddef.h>

/** A position in an input: display name, 1-based line and column (0 = unknown). */
typedef struct ef_loc {
    const char *path;
    unsigned line;
    unsigned col;
} ef_loc;

typedef enum ef_severity { EF_SEV_NOTE, EF_SEV_WARNING, EF_SEV_ERROR } ef_severity;

/** One problem. All strings are owned by the list. */
typedef struct ef_diag {
    ef_severity severity;
    char *path; /**< display name of the input, "" when none applies */
    unsigned line, col;
    char *message; /**< lowercase, what is wrong first, no trailing period */
    char *hint;    /**< optional suggestion ("did you mean 'x'?"), NULL when none */
} ef_diag;

/** The list. Zero-initialise or `ef_diags_init`; `ef_diags_release` frees it. */
typedef struct ef_diags {
    ef_diag *items;
    size_t count, cap;
    size_t errors, warnings;
} ef_diags;

void ef_diags_init(ef_diags *diags);
void ef_diags_release(ef_diags *diags);
void ef_diags_clear(ef_diags *diags);

/** Move problems [first, last) of `from` to the end of `to`, adding `line_offset` to their
 *  lines (those with a line). Their places in `from` are left empty: move consecutive ranges,
 *  then release `from`. */
void ef_diags_move(ef_diags *to, ef_diags *from, size_t first, size_t last, unsigned line_offset);

/** Append a problem at `loc` (may be NULL). `hint` may be NULL. Returns -1 for errors so a
 *  caller can `return ef_diag_add(...)` in an int context, 0 otherwise. */
#if defined(__GNUC__)
__attribute__((format(printf, 4, 5)))
#endif
int ef_diag_add(ef_diags *diags, ef_severity severity, const ef_loc *loc, const char *fmt, ...);

/** Attach a hint to the most recently added problem (formatted like printf). */
#if defined(__GNUC__)
__attribute__((format(printf, 2, 3)))
#endif
void ef_diag_hint(ef_diags *diags, const char *fmt, ...);

/** Sort by path, line, column (stable) so output order does not depend on check order, and
 *  drop exact repeats (same place, severity and message), adjusting the counts. */
void ef_diags_sort(ef_diags *diags);

/** The candidate closest to `word` by edit distance, or NULL if none is close enough
 *  (distance at most a third of the word's length, at least 1, at most 3 edits; or `word` is
 *  a prefix/suffix of it). Ties go to the earlier candidate. */
const char *ef_suggest(const char *word, const char *const *candidates, size_t count);

#endif
