/* Fuzz harness: notes (section ids) and their HTML rendering, pipe tables included. */
#include "examforge/html.h"
#include "examforge/notes.h"

#include <stdint.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    ef_notes *notes = ef_notes_new();
    ef_diags diags;
    ef_diags_init(&diags);
    ef_notes_parse(notes, "a.md", (const char *)data, size, &diags);
    ef_notes_parse(notes, "b.md", (const char *)data, size, &diags);
    ef_notes_check_unique(notes, &diags);
    ef_buf out;
    ef_buf_init(&out);
    ef_html_notes(&out, notes, "fuzz");
    for (size_t i = 0; i < ef_notes_count(notes) && i < 8; i++) {
        ef_html_section(&out, notes, ef_notes_section(notes, i));
        size_t len;
        ef_notes_section_source(notes, ef_notes_section(notes, i), &len);
    }
    ef_html_markdown(&out, (const char *)data, size);
    ef_buf_release(&out);
    ef_diags_release(&diags);
    ef_notes_free(notes);
    return 0;
}
