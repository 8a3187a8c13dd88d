/* examforge: study notes (CommonMark) and their sections, identified by GitHub's heading slugs. */
#ifndef EXAMFORGE_NOTES_H
#define EXAMFORGE_NOTES_H

#include "examforge/diag.h"
#include "examforge/status.h"

#include <stddef.h>

/** One heading of a notes file. Strings live in the notes' arena. */
typedef struct ef_section {
    const char *id;    /**< GitHub anchor: slug of the title, "-1", "-2"… for repeats in a file */
    const char *title; /**< plain text of the heading */
    unsigned level;    /**< 1–6 */
    ef_loc loc;        /**< the heading's first line, column 1 */
    size_t file;       /**< index of the file it came from (see ef_notes_file_path) */
    unsigned body_end; /**< last line of its own body (before the next heading of any level) */
    unsigned tree_end; /**< last line before the next heading of the same or a higher level */
    size_t body_words; /**< words of text in its own body (code included, markup excluded) */
} ef_section;

/** A notes set: one or more CommonMark files. */
typedef struct ef_notes ef_notes;

/** An empty set. Free with `ef_notes_free`. */
ef_notes *ef_notes_new(void);
void ef_notes_free(ef_notes *notes);

/** Parse one file's bytes (CommonMark) and append its headings. `name` is the display path.
 *  Ids repeated inside the file get GitHub's "-1", "-2"… suffixes. Invalid UTF-8 is replaced,
 *  never rejected; the call only fails (EF_ERR_LIMIT) for inputs over 256 MiB. */
ef_status ef_notes_parse(ef_notes *notes, const char *name, const char *buf, size_t len,
                         ef_diags *diags);

size_t ef_notes_count(const ef_notes *notes);
const ef_section *ef_notes_section(const ef_notes *notes, size_t index);
/** The first section with `id` across the set, or NULL. */
const ef_section *ef_notes_find(const ef_notes *notes, const char *id);
size_t ef_notes_file_count(const ef_notes *notes);
const char *ef_notes_file_path(const ef_notes *notes, size_t file);

/** Report ids that occur in more than one file of the set, naming both places. Returns the
 *  number of clashes. */
size_t ef_notes_check_unique(const ef_notes *notes, ef_diags *diags);

/** The Markdown source of a section, its heading through `tree_end` (subsections included),
 *  borrowed from the set. */
const char *ef_notes_section_source(const ef_notes *notes, const ef_section *section, size_t *len);

/** The whole source of file `file`, borrowed. */
const char *ef_notes_file_source(const ef_notes *notes, size_t file, size_t *len);

/** GitHub's slug of a heading's plain text: Unicode lowercase, keep letters, marks, decimal
 *  digits, connector punctuation (`_`), `-` and spaces, drop everything else, then spaces
 *  become `-`. No repeat suffix. Caller frees. */
char *ef_slug(const char *text, size_t len);

#endif
