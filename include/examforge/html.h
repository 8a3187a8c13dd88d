/* examforge: HTML rendering of exams, answer sheets, solutions and notes. Markdown goes
 * through cmark in its safe mode, and raw HTML in any input is shown as text, never run. */
#ifndef EXAMFORGE_HTML_H
#define EXAMFORGE_HTML_H

#include "examforge/alloc.h"
#include "examforge/bank.h"
#include "examforge/blueprint.h"
#include "examforge/notes.h"
#include "examforge/sampler.h"

typedef enum ef_paper { EF_PAPER_A4, EF_PAPER_LETTER } ef_paper;

/** Append `text` with &, <, >, " and ' escaped. */
void ef_html_escape(ef_buf *out, const char *text);
/** Append CommonMark `markdown` as HTML (safe mode; raw HTML becomes visible text). */
void ef_html_markdown(ef_buf *out, const char *markdown, size_t len);

/** "(Choose two.)" style words: 2 → "two"; numbers above ten as digits. Static storage. */
const char *ef_count_word(unsigned n, char buf[16]);

/** Rendered Markdown, remembered by its text: many forms show the same stems and options,
 *  and cmark need not parse them again. Strings given to it must outlive it (the bank's). */
typedef struct ef_html_cache ef_html_cache;
ef_html_cache *ef_html_cache_new(void);
void ef_html_cache_free(ef_html_cache *cache);

/** The printable exam for form `form` of `exam`. `cache` may be NULL. */
void ef_html_exam(ef_buf *out, const ef_exam *exam, size_t form, const ef_bank *bank,
                  const ef_blueprint *blueprint, ef_paper paper, ef_html_cache *cache);
/** The bubble answer sheet for form `form`. */
void ef_html_answer_sheet(ef_buf *out, const ef_exam *exam, size_t form, const ef_bank *bank,
                          const ef_blueprint *blueprint, ef_paper paper);
/** Worked solutions for form `form`, linking each item's sections into `notes_href`
 *  ("notes.html"); section titles come from `notes` (may be NULL). */
void ef_html_solutions(ef_buf *out, const ef_exam *exam, size_t form, const ef_bank *bank,
                       const ef_blueprint *blueprint, const ef_notes *notes, const char *notes_href,
                       ef_paper paper, ef_html_cache *cache);
/** All notes on one page, every heading carrying its section id as its anchor, with links to
 *  other notes files (`x.md#id`) turned into links within the page. */
void ef_html_notes(ef_buf *out, const ef_notes *notes, const char *title);
/** One section (heading, body and subsections) as an HTML fragment, for study sheets. */
void ef_html_section(ef_buf *out, const ef_notes *notes, const ef_section *section);

/** Shared page frame: doctype, head with the stylesheet, opening body. */
void ef_html_page_begin(ef_buf *out, const char *title, ef_paper paper);
void ef_html_page_end(ef_buf *out);

#endif
