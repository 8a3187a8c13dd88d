/* examforge: text hygiene for strings that reach YAML, XML (XLSX) and HTML outputs. */
#ifndef EXAMFORGE_TEXT_H
#define EXAMFORGE_TEXT_H

#include "examforge/alloc.h"

#include <stdbool.h>
#include <stddef.h>

/** Append `len` bytes of `s` to `out` as valid UTF-8 without control characters: invalid
 *  sequences and C0/C1 controls other than tab, newline and carriage return (which XML
 *  forbids) become U+FFFD. Returns true if anything was replaced. */
bool ef_text_clean(ef_buf *out, const char *s, size_t len);

/** True if `s` needs no cleaning. */
bool ef_text_is_clean(const char *s, size_t len);

#endif
