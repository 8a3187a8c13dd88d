/* examforge: HTML pages for print: exam forms, answer sheets, solutions, notes. */
#include "examforge/html.h"

#include "strmap_int.h"

#include <cmark.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void ef_html_escape(ef_buf *out, const char *text)
{
    const char *run = text;
    for (const char *p = text; *p; p++) {
        const char *rep = NULL;
        switch (*p) {
        case '&':
            rep = "&amp;";
            break;
        case '<':
            rep = "&lt;";
            break;
        case '>':
            rep = "&gt;";
            break;
        case '"':
            rep = "&quot;";
            break;
        case '\'':
            rep = "&#39;";
            break;
        default:
            continue;
        }
        ef_buf_add(out, run, (size_t)(p - run));
        ef_buf_puts(out, rep);
        run = p + 1;
    }
    ef_buf_puts(out, run);
}

const char *ef_count_word(unsigned n, char buf[16])
{
    static const char *const words[] = {"zero", "one",   "two",   "three", "four", "five",
                                        "six",  "seven", "eight", "nine",  "ten"};
    if (n <= 10)
        return words[n];
    snprintf(buf, 16, "%u", n);
    return buf;
}

/* Raw HTML in user text is turned into literal text, so `<script>` shows as written. */
static void neutralise_html(cmark_node *doc)
{
    cmark_iter *it = cmark_iter_new(doc);
    cmark_node **found = NULL;
    size_t n = 0, cap = 0;
    cmark_event_type ev;
    while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
        cmark_node *node = cmark_iter_get_node(it);
        cmark_node_type t = cmark_node_get_type(node);
        if (ev == CMARK_EVENT_ENTER &&
            (t == CMARK_NODE_HTML_INLINE || t == CMARK_NODE_HTML_BLOCK)) {
            ef_grow(&found, &cap, n + 1, sizeof *found);
            found[n++] = node;
        }
    }
    cmark_iter_free(it);
    for (size_t i = 0; i < n; i++) {
        cmark_node *node = found[i];
        const char *literal = cmark_node_get_literal(node);
        cmark_node *text = cmark_node_new(CMARK_NODE_TEXT);
        cmark_node_set_literal(text, literal ? literal : "");
        if (cmark_node_get_type(node) == CMARK_NODE_HTML_BLOCK) {
            cmark_node *para = cmark_node_new(CMARK_NODE_PARAGRAPH);
            cmark_node_append_child(para, text);
            cmark_node_replace(node, para);
        } else {
            cmark_node_replace(node, text);
        }
        cmark_node_free(node);
    }
    free(found);
}

static void render_doc(ef_buf *out, cmark_node *doc)
{
    neutralise_html(doc);
    char *html = cmark_render_html(doc, CMARK_OPT_DEFAULT); /* safe: no CMARK_OPT_UNSAFE */
    ef_buf_puts(out, html);
    free(html);
}

/* ---- GFM pipe tables: cmark (CommonMark) reads them as paragraphs; GitHub, where notes are
 * also read, renders them as tables. We do the same, following the GFM rules: a header row,
 * a delimiter row of :?-+:? cells with the same cell count, then body rows; cells split on
 * unescaped pipes. Cell text is rendered by cmark like any other inline text. ---- */

enum { MAX_CELLS = 64 };

typedef struct cell {
    const char *text;
    size_t len;
} cell;

/* Line `line` (1-based) as cmark counts lines: "\n", "\r\n" or a lone "\r" end one. */
static const char *source_line(const char *src, size_t len, unsigned line, size_t *n)
{
    const char *p = src, *end = src + len;
    for (unsigned l = 1; l < line && p < end; l++) {
        while (p < end && *p != '\n' && *p != '\r')
            p++;
        if (p < end && *p == '\r' && p + 1 < end && p[1] == '\n')
            p++;
        if (p < end)
            p++;
    }
    const char *q = p;
    while (q < end && *q != '\n' && *q != '\r')
        q++;
    *n = (size_t)(q - p);
    return p;
}

static void trim(const char **s, size_t *n)
{
    while (*n && (**s == ' ' || **s == '\t')) {
        (*s)++;
        (*n)--;
    }
    while (*n && ((*s)[*n - 1] == ' ' || (*s)[*n - 1] == '\t'))
        (*n)--;
}

/* Split a row into cells; returns the count (0 if the row has no pipe at all). */
static size_t split_row(const char *s, size_t n, cell *cells)
{
    trim(&s, &n);
    bool piped = false;
    for (size_t i = 0; i < n; i++)
        if (s[i] == '|' && (i == 0 || s[i - 1] != '\\'))
            piped = true;
    if (!piped)
        return 0;
    if (n && s[0] == '|') {
        s++;
        n--;
    }
    if (n && s[n - 1] == '|' && (n < 2 || s[n - 2] != '\\'))
        n--;
    size_t count = 0, start = 0;
    for (size_t i = 0; i <= n && count < MAX_CELLS; i++) {
        if (i < n && !(s[i] == '|' && (i == 0 || s[i - 1] != '\\')))
            continue;
        cells[count].text = s + start;
        cells[count].len = i - start;
        trim(&cells[count].text, &cells[count].len);
        count++;
        start = i + 1;
    }
    return count;
}

/* 0 not a delimiter cell, else 1 left/none, 2 right, 3 center. */
static int delimiter_cell(const cell *c)
{
    size_t i = 0, n = c->len;
    bool left = n && c->text[0] == ':', right = n > 1 && c->text[n - 1] == ':';
    size_t dashes = 0;
    for (i = left; i < n - right; i++) {
        if (c->text[i] != '-')
            return 0;
        dashes++;
    }
    if (!dashes)
        return 0;
    return right ? (left ? 3 : 2) : 1;
}

static void render_cell(ef_buf *out, const cell *c)
{
    ef_buf md;
    ef_buf_init(&md);
    for (size_t i = 0; i < c->len; i++) /* "\|" is a pipe inside a cell */
        if (!(c->text[i] == '\\' && i + 1 < c->len && c->text[i + 1] == '|'))
            ef_buf_putc(&md, c->text[i]);
    ef_buf html;
    ef_buf_init(&html);
    if (md.len) {
        cmark_node *doc = cmark_parse_document(md.data, md.len, CMARK_OPT_VALIDATE_UTF8);
        render_doc(&html, doc);
        cmark_node_free(doc);
    }
    const char *h = html.data ? html.data : "";
    size_t hl = html.len;
    if (hl >= 8 && !strncmp(h, "<p>", 3) && !strncmp(h + hl - 5, "</p>\n", 5)) {
        h += 3;
        hl -= 8;
    }
    ef_buf_add(out, h, hl);
    ef_buf_release(&md);
    ef_buf_release(&html);
}

static void table_row(ef_buf *out, const cell *cells, size_t n, const int *align, size_t cols,
                      const char *tag)
{
    static const char *const aligns[] = {"", "", " style=\"text-align:right\"",
                                         " style=\"text-align:center\""};
    ef_buf_puts(out, "<tr>");
    for (size_t c = 0; c < cols; c++) {
        ef_buf_printf(out, "<%s%s>", tag, aligns[align[c]]);
        if (c < n)
            render_cell(out, &cells[c]);
        ef_buf_printf(out, "</%s>", tag);
    }
    ef_buf_puts(out, "</tr>\n");
}

static bool in_quote(cmark_node *node)
{
    for (cmark_node *p = cmark_node_parent(node); p; p = cmark_node_parent(p))
        if (cmark_node_get_type(p) == CMARK_NODE_BLOCK_QUOTE)
            return true;
    return false;
}

/* Turn one paragraph into a table if its lines hold one; true if replaced. */
static bool table_from_paragraph(cmark_node *para, const char *src, size_t len)
{
    unsigned first = (unsigned)cmark_node_get_start_line(para);
    unsigned last = (unsigned)cmark_node_get_end_line(para);
    if (!first || last <= first)
        return false;
    bool quoted = in_quote(para);
    size_t n_lines = last - first + 1;
    const char **lines = ef_xcalloc(n_lines, sizeof *lines);
    size_t *lens = ef_xcalloc(n_lines, sizeof *lens);
    for (size_t i = 0; i < n_lines; i++) {
        lines[i] = source_line(src, len, first + (unsigned)i, &lens[i]);
        while (lens[i] &&
               (lines[i][0] == ' ' || lines[i][0] == '\t' || (quoted && lines[i][0] == '>'))) {
            lines[i]++;
            lens[i]--;
        }
    }
    cell head[MAX_CELLS], delim[MAX_CELLS], row[MAX_CELLS];
    int align[MAX_CELLS];
    size_t header = SIZE_MAX, cols = 0;
    for (size_t k = 1; k < n_lines && header == SIZE_MAX; k++) {
        size_t nd = split_row(lines[k], lens[k], delim);
        if (!nd || split_row(lines[k - 1], lens[k - 1], head) != nd)
            continue;
        bool ok = true;
        for (size_t c = 0; c < nd && ok; c++)
            ok = (align[c] = delimiter_cell(&delim[c])) != 0;
        if (ok) {
            header = k - 1;
            cols = nd;
        }
    }
    if (header == SIZE_MAX) {
        free(lines);
        free(lens);
        return false;
    }
    ef_buf html;
    ef_buf_init(&html);
    if (header > 0) { /* paragraph text before the table */
        ef_buf md;
        ef_buf_init(&md);
        for (size_t i = 0; i < header; i++) {
            ef_buf_add(&md, lines[i], lens[i]);
            ef_buf_putc(&md, '\n');
        }
        cmark_node *doc = cmark_parse_document(md.data, md.len, CMARK_OPT_VALIDATE_UTF8);
        render_doc(&html, doc);
        cmark_node_free(doc);
        ef_buf_release(&md);
    }
    ef_buf_puts(&html, "<table>\n<thead>\n");
    size_t nh = split_row(lines[header], lens[header], head);
    table_row(&html, head, nh, align, cols, "th");
    ef_buf_puts(&html, "</thead>\n<tbody>\n");
    for (size_t i = header + 2; i < n_lines; i++) {
        size_t nr = split_row(lines[i], lens[i], row);
        if (!nr) { /* a row without pipes is one cell, as in GFM */
            row[0].text = lines[i];
            row[0].len = lens[i];
            nr = 1;
        }
        table_row(&html, row, nr, align, cols, "td");
    }
    ef_buf_puts(&html, "</tbody>\n</table>\n");
    cmark_node *block = cmark_node_new(CMARK_NODE_CUSTOM_BLOCK);
    cmark_node_set_on_enter(block, html.data);
    cmark_node_set_on_exit(block, "");
    cmark_node_replace(para, block);
    cmark_node_free(para);
    ef_buf_release(&html);
    free(lines);
    free(lens);
    return true;
}

static void make_tables(cmark_node *doc, const char *src, size_t len)
{
    cmark_iter *it = cmark_iter_new(doc);
    cmark_node **paras = NULL;
    size_t n = 0, cap = 0;
    cmark_event_type ev;
    while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
        cmark_node *node = cmark_iter_get_node(it);
        if (ev == CMARK_EVENT_ENTER && cmark_node_get_type(node) == CMARK_NODE_PARAGRAPH) {
            ef_grow(&paras, &cap, n + 1, sizeof *paras);
            paras[n++] = node;
        }
    }
    cmark_iter_free(it);
    for (size_t i = 0; i < n; i++)
        table_from_paragraph(paras[i], src, len);
    free(paras);
}

void ef_html_markdown(ef_buf *out, const char *markdown, size_t len)
{
    cmark_node *doc = cmark_parse_document(markdown, len, CMARK_OPT_VALIDATE_UTF8);
    make_tables(doc, markdown, len);
    render_doc(out, doc);
    cmark_node_free(doc);
}

static const char stylesheet[] =
    "body{font:10.5pt/1.45 'DejaVu Sans',Arial,Helvetica,sans-serif;color:#111;"
    "max-width:180mm;margin:0 auto;padding:0 2mm}\n"
    "h1{font-size:16pt;margin:0 0 2mm}h2{font-size:12.5pt;margin:5mm 0 2mm}\n"
    "code{font-family:'DejaVu Sans Mono',monospace;font-size:92%;background:#f2f2f2;"
    "padding:0 2px}pre{background:#f4f4f4;padding:2mm;white-space:pre-wrap}\n"
    "table{border-collapse:collapse;margin:2mm 0}td,th{border:1px solid #999;padding:1mm 2mm;"
    "vertical-align:top;text-align:left}th{background:#eee}\n"
    "header.exam{border-bottom:2px solid #111;padding-bottom:3mm;margin-bottom:4mm}\n"
    ".meta{color:#333;margin-bottom:3mm}\n"
    ".idbox{display:flex;gap:4mm}.idbox div{flex:1;border:1px solid #111;padding:2mm;"
    "min-height:8mm;font-size:9pt}\n"
    ".instructions{font-size:9.5pt;border:1px solid #bbb;padding:1mm 4mm;margin-bottom:5mm}\n"
    "ol.questions{list-style:none;padding:0;margin:0}\n"
    ".question{break-inside:avoid;page-break-inside:avoid;margin:0 0 5mm;padding-top:1mm}\n"
    ".qnum{font-weight:bold;float:left;width:9mm}.qbody{margin-left:9mm}\n"
    ".stem p{margin:0 0 1.5mm}.choose{font-weight:bold;margin:0 0 1.5mm}\n"
    "ol.options{list-style:none;padding:0;margin:0}ol.options li{display:flex;"
    "margin:0.8mm 0}\n"
    ".letter{font-weight:bold;width:7mm;flex:none}.opt p{margin:0}\n"
    ".key{background:#e6f4e6}.key .opt::after{content:'\\2713  correct';font-weight:bold;"
    "color:#2a6a2a;margin-left:2mm}.key .opt p{display:inline}\n"
    ".explain{margin:1.5mm 0;padding:1.5mm 3mm;border-left:3px solid #3a7a3a;background:#f6faf6}"
    "\n.explain p{margin:0 0 1mm}.why{margin:1mm 0}.why li{margin:0.5mm 0}.why p{display:inline}"
    "\n"
    ".tags{font-size:9pt;color:#444}.study a{margin-right:3mm}\n"
    "table.sheet td{padding:0.6mm 2mm}table.sheet td.n{text-align:right;font-weight:bold}\n"
    ".bubble{display:inline-block;width:5.5mm;height:5.5mm;border:1px solid #111;"
    "border-radius:50%;text-align:center;line-height:5.5mm;font-size:8pt;margin-right:2mm}\n"
    ".idgrid{display:flex;gap:1mm}.idgrid span{border:1px solid #111;width:6mm;height:8mm}\n"
    ".sheet-cols{columns:2;column-gap:10mm}.sheet-cols table{break-inside:avoid}\n"
    "nav.toc{columns:2;font-size:9pt}nav.toc ul{margin:0;padding-left:4mm}\n"
    "section.note{break-before:page}\n"
    "footer{margin-top:6mm;font-size:9pt;color:#555;text-align:center}\n"
    "@media screen{body{margin:6mm auto}}\n";

void ef_html_page_begin(ef_buf *out, const char *title, ef_paper paper)
{
    ef_buf_puts(out, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
                     "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
                     "<title>");
    ef_html_escape(out, title);
    ef_buf_printf(out, "</title>\n<style>\n@page{size:%s;margin:15mm 14mm}\n%s</style>\n",
                  paper == EF_PAPER_LETTER ? "letter" : "A4", stylesheet);
    ef_buf_puts(out, "</head>\n<body>\n");
}

void ef_html_page_end(ef_buf *out)
{
    ef_buf_puts(out, "</body>\n</html>\n");
}

static void exam_header(ef_buf *out, const ef_exam *exam, size_t form, const ef_blueprint *bp,
                        const char *what, bool id_box)
{
    ef_buf_puts(out, "<header class=\"exam\">\n<h1>");
    ef_html_escape(out, bp->name);
    ef_buf_puts(out, "</h1>\n<div class=\"meta\">");
    ef_html_escape(out, what);
    ef_buf_puts(out, " · Form <strong>");
    ef_html_escape(out, exam->forms[form].name);
    ef_buf_printf(out, "</strong> · %zu questions · %u minutes</div>\n", exam->forms[form].n_items,
                  bp->minutes);
    if (id_box)
        ef_buf_puts(out, "<div class=\"idbox\"><div>Name</div><div>Student ID</div>"
                         "<div>Date</div></div>\n");
    ef_buf_puts(out, "</header>\n");
}

struct ef_html_cache {
    strmap index; /* markdown text -> entry */
    char **html;
    size_t *len;
    size_t count, cap;
};

ef_html_cache *ef_html_cache_new(void)
{
    ef_html_cache *c = ef_xcalloc(1, sizeof *c);
    strmap_init(&c->index);
    return c;
}

void ef_html_cache_free(ef_html_cache *c)
{
    if (!c)
        return;
    for (size_t i = 0; i < c->count; i++)
        free(c->html[i]);
    free(c->html);
    free(c->len);
    strmap_release(&c->index);
    free(c);
}

static void markdown_cached(ef_buf *out, ef_html_cache *c, const char *text)
{
    size_t i;
    if (!c) {
        ef_html_markdown(out, text, strlen(text));
        return;
    }
    if (!strmap_get(&c->index, text, &i)) {
        ef_buf b;
        ef_buf_init(&b);
        ef_html_markdown(&b, text, strlen(text));
        ef_grow(&c->html, &c->cap, c->count + 1, sizeof *c->html);
        c->len = ef_xreallocarray(c->len, c->cap, sizeof *c->len);
        i = c->count++;
        c->html[i] = ef_buf_detach(&b, &c->len[i]);
        strmap_put(&c->index, text, i);
    }
    ef_buf_add(out, c->html[i], c->len[i]);
}

/* The start of every per-form page: frame, title "exam — what, form X", and header. */
static void form_page_begin(ef_buf *out, const ef_exam *exam, size_t form, const ef_blueprint *bp,
                            const char *what, const char *heading, bool id_box, ef_paper paper)
{
    ef_buf title;
    ef_buf_init(&title);
    ef_buf_printf(&title, "%s — %s, form %s", bp->name, what, exam->forms[form].name);
    ef_html_page_begin(out, title.data, paper);
    ef_buf_release(&title);
    exam_header(out, exam, form, bp, heading, id_box);
}

static void option_list(ef_buf *out, const ef_question *q, const ef_item *item, bool mark_keys,
                        ef_html_cache *cache)
{
    ef_buf_puts(out, "<ol class=\"options\">\n");
    for (size_t o = 0; o < q->n_options; o++) {
        const char *text = q->options[item->order[o]];
        bool key = mark_keys && (item->answer & (1u << o));
        ef_buf_printf(out, "<li%s><span class=\"letter\">%c.</span><div class=\"opt\">",
                      key ? " class=\"key\"" : "", ef_letter(o));
        markdown_cached(out, cache, text);
        ef_buf_puts(out, "</div></li>\n");
    }
    ef_buf_puts(out, "</ol>\n");
}

static void question_block(ef_buf *out, size_t number, const ef_question *q, ef_html_cache *cache)
{
    ef_buf_printf(out,
                  "<li class=\"question\" id=\"q%zu\">\n<div class=\"qnum\">%zu.</div>"
                  "<div class=\"qbody\">\n<div class=\"stem\">",
                  number, number);
    markdown_cached(out, cache, q->stem);
    ef_buf_puts(out, "</div>\n");
    if (q->type == EF_MULTIPLE) {
        char tmp[16];
        const char *w = ef_count_word(q->choose, tmp);
        ef_buf_printf(out, "<p class=\"choose\">(Choose %s.)</p>\n", w);
    }
}

void ef_html_exam(ef_buf *out, const ef_exam *exam, size_t form, const ef_bank *bank,
                  const ef_blueprint *bp, ef_paper paper, ef_html_cache *cache)
{
    form_page_begin(out, exam, form, bp, "exam", "Mock exam", true, paper);
    ef_buf_puts(out, "<section class=\"instructions\"><ul>\n"
                     "<li>Each question has one best answer unless it says <strong>(Choose "
                     "two.)</strong> or similar: then mark exactly that many.</li>\n");
    if (bp->rule == EF_RULE_NEGATIVE)
        ef_buf_printf(out,
                      "<li>A wrong answer costs %.2f points; a blank one costs nothing."
                      "</li>\n",
                      bp->penalty);
    else
        ef_buf_puts(out, "<li>Unanswered questions count as wrong; there is no penalty for "
                         "guessing.</li>\n");
    if (bp->rule == EF_RULE_PARTIAL)
        ef_buf_puts(out, "<li>Multiple-response questions earn partial credit.</li>\n");
    else if (bp->rule == EF_RULE_ALL_OR_NOTHING)
        ef_buf_puts(out, "<li>A multiple-response question scores only when every choice is "
                         "right.</li>\n");
    ef_buf_printf(out,
                  "<li>Mark your answers on the answer sheet for form %s. You have %u "
                  "minutes.</li>\n</ul></section>\n<ol class=\"questions\">\n",
                  exam->forms[form].name, bp->minutes);
    const ef_form *f = &exam->forms[form];
    for (size_t i = 0; i < f->n_items; i++) {
        const ef_question *q = ef_bank_question(bank, f->items[i].question);
        question_block(out, i + 1, q, cache);
        option_list(out, q, &f->items[i], false, cache);
        ef_buf_puts(out, "</div>\n</li>\n");
    }
    ef_buf_puts(out, "</ol>\n<footer>End of form ");
    ef_html_escape(out, f->name);
    ef_buf_puts(out, "</footer>\n");
    ef_html_page_end(out);
}

void ef_html_answer_sheet(ef_buf *out, const ef_exam *exam, size_t form, const ef_bank *bank,
                          const ef_blueprint *bp, ef_paper paper)
{
    form_page_begin(out, exam, form, bp, "answer sheet", "Answer sheet", true, paper);
    const ef_form *f = &exam->forms[form];
    ef_buf_puts(out, "<p>Student ID, one character a box:</p>\n<div class=\"idgrid\">");
    for (int i = 0; i < 12; i++)
        ef_buf_puts(out, "<span></span>");
    ef_buf_puts(out, "</div>\n<p>Form: <span class=\"bubble\">");
    ef_html_escape(out, f->name);
    ef_buf_puts(out, "</span> Fill one bubble per answer; fill as many as the question asks "
                     "for where it says (Choose …).</p>\n<div class=\"sheet-cols\">\n");
    const size_t per_table = 10;
    for (size_t i = 0; i < f->n_items; i++) {
        if (i % per_table == 0)
            ef_buf_puts(out, "<table class=\"sheet\">\n");
        const ef_question *q = ef_bank_question(bank, f->items[i].question);
        ef_buf_printf(out, "<tr><td class=\"n\">%zu</td><td>", i + 1);
        for (size_t o = 0; o < q->n_options; o++)
            ef_buf_printf(out, "<span class=\"bubble\">%c</span>", ef_letter(o));
        ef_buf_puts(out, "</td><td>");
        if (q->type == EF_MULTIPLE)
            ef_buf_printf(out, "choose %u", q->choose);
        ef_buf_puts(out, "</td></tr>\n");
        if (i % per_table == per_table - 1 || i + 1 == f->n_items)
            ef_buf_puts(out, "</table>\n");
    }
    ef_buf_puts(out, "</div>\n");
    ef_html_page_end(out);
}

static void letters(ef_buf *out, uint32_t mask, size_t n)
{
    bool first = true;
    for (size_t o = 0; o < n; o++)
        if (mask & (1u << o)) {
            ef_buf_printf(out, "%s%c", first ? "" : ", ", ef_letter(o));
            first = false;
        }
}

void ef_html_solutions(ef_buf *out, const ef_exam *exam, size_t form, const ef_bank *bank,
                       const ef_blueprint *bp, const ef_notes *notes, const char *notes_href,
                       ef_paper paper, ef_html_cache *cache)
{
    form_page_begin(out, exam, form, bp, "solutions", "Solutions", false, paper);
    const ef_form *f = &exam->forms[form];
    ef_buf_puts(out, "<ol class=\"questions\">\n");
    for (size_t i = 0; i < f->n_items; i++) {
        const ef_item *item = &f->items[i];
        const ef_question *q = ef_bank_question(bank, item->question);
        question_block(out, i + 1, q, cache);
        option_list(out, q, item, true, cache);
        ef_buf_puts(out, "<div class=\"explain\"><p><strong>Answer: ");
        letters(out, item->answer, q->n_options);
        ef_buf_puts(out, ".</strong></p>\n");
        if (q->explanation)
            markdown_cached(out, cache, q->explanation);
        bool any = false;
        for (size_t o = 0; o < q->n_options; o++) {
            const char *why = q->distractors[item->order[o]];
            if ((item->answer & (1u << o)) || !why)
                continue;
            if (!any)
                ef_buf_puts(out, "<ul class=\"why\">\n");
            any = true;
            ef_buf_printf(out, "<li><strong>%c</strong> is wrong: ", ef_letter(o));
            markdown_cached(out, cache, why);
            ef_buf_puts(out, "</li>\n");
        }
        if (any)
            ef_buf_puts(out, "</ul>\n");
        ef_buf_puts(out, "</div>\n<p class=\"tags\">Domain ");
        ef_html_escape(out, q->domain);
        ef_buf_puts(out, ", task ");
        ef_html_escape(out, q->task);
        ef_buf_puts(out, " · question ");
        ef_html_escape(out, q->id);
        ef_buf_puts(out, "</p>\n<p class=\"study\">Study: ");
        for (size_t s = 0; s < q->n_sections; s++) {
            const ef_section *sec = notes ? ef_notes_find(notes, q->sections[s]) : NULL;
            ef_buf_puts(out, "<a href=\"");
            ef_html_escape(out, notes_href);
            ef_buf_putc(out, '#');
            ef_html_escape(out, q->sections[s]);
            ef_buf_puts(out, "\">");
            ef_html_escape(out, sec ? sec->title : q->sections[s]);
            ef_buf_puts(out, "</a>");
        }
        ef_buf_puts(out, "</p>\n</div>\n</li>\n");
    }
    ef_buf_puts(out, "</ol>\n");
    ef_html_page_end(out);
}

/* Links between notes files ("s3.md#s3-storage-classes") become links within notes.html. */
static void relink(cmark_node *doc, const ef_notes *notes)
{
    cmark_iter *it = cmark_iter_new(doc);
    cmark_event_type ev;
    while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
        cmark_node *node = cmark_iter_get_node(it);
        if (ev != CMARK_EVENT_ENTER || cmark_node_get_type(node) != CMARK_NODE_LINK)
            continue;
        const char *url = cmark_node_get_url(node);
        if (!url || strstr(url, "://"))
            continue;
        const char *hash = strchr(url, '#');
        size_t path_len = hash ? (size_t)(hash - url) : strlen(url);
        if (path_len < 3 || strncmp(url + path_len - 3, ".md", 3) != 0)
            continue;
        ef_buf target;
        ef_buf_init(&target);
        if (hash) {
            ef_buf_puts(&target, hash);
        } else {
            /* A whole file: its first section. */
            for (size_t i = 0; i < ef_notes_count(notes); i++) {
                const ef_section *s = ef_notes_section(notes, i);
                const char *p = s->loc.path;
                size_t pl = strlen(p);
                const char *base = strrchr(url, '/') ? strrchr(url, '/') + 1 : url;
                size_t bl = path_len - (size_t)(base - url);
                if (pl >= bl && !strncmp(p + pl - bl, base, bl)) {
                    ef_buf_printf(&target, "#%s", s->id);
                    break;
                }
            }
        }
        if (target.len)
            cmark_node_set_url(node, target.data);
        ef_buf_release(&target);
    }
    cmark_iter_free(it);
}

static void render_notes_file(ef_buf *out, const ef_notes *notes, size_t file, size_t *next)
{
    size_t len;
    const char *src = ef_notes_file_source(notes, file, &len);
    cmark_node *doc = cmark_parse_document(src, len, CMARK_OPT_VALIDATE_UTF8);
    make_tables(doc, src, len);
    neutralise_html(doc);
    relink(doc, notes);
    /* Top-level blocks one by one, so each heading gets its section id as anchor. Headings
     * nested in lists or quotes render without one (and keep their place in the count). */
    for (cmark_node *node = cmark_node_first_child(doc); node; node = cmark_node_next(node)) {
        char *html = cmark_render_html(node, CMARK_OPT_DEFAULT);
        if (cmark_node_get_type(node) == CMARK_NODE_HEADING) {
            unsigned line = (unsigned)cmark_node_get_start_line(node);
            const ef_section *sec = NULL;
            while (*next < ef_notes_count(notes)) {
                const ef_section *s = ef_notes_section(notes, *next);
                if (s->file != file || s->loc.line > line)
                    break;
                (*next)++;
                if (s->loc.line == line)
                    sec = s;
            }
            if (sec && html[0] == '<' && html[1] == 'h') {
                ef_buf_add(out, html, 3);
                ef_buf_puts(out, " id=\"");
                ef_html_escape(out, sec->id);
                ef_buf_putc(out, '"');
                ef_buf_puts(out, html + 3);
                free(html);
                continue;
            }
        }
        ef_buf_puts(out, html);
        free(html);
    }
    cmark_node_free(doc);
}

void ef_html_notes(ef_buf *out, const ef_notes *notes, const char *title)
{
    ef_html_page_begin(out, title, EF_PAPER_A4);
    ef_buf_puts(out, "<h1>");
    ef_html_escape(out, title);
    ef_buf_puts(out, "</h1>\n<nav class=\"toc\"><ul>\n");
    for (size_t i = 0; i < ef_notes_count(notes); i++) {
        const ef_section *s = ef_notes_section(notes, i);
        if (s->level > 2)
            continue;
        ef_buf_printf(out, "<li%s><a href=\"#", s->level == 2 ? " style=\"margin-left:4mm\"" : "");
        ef_html_escape(out, s->id);
        ef_buf_puts(out, "\">");
        ef_html_escape(out, s->title);
        ef_buf_puts(out, "</a></li>\n");
    }
    ef_buf_puts(out, "</ul></nav>\n");
    size_t next = 0;
    for (size_t f = 0; f < ef_notes_file_count(notes); f++) {
        ef_buf_puts(out, "<section class=\"note\">\n");
        render_notes_file(out, notes, f, &next);
        ef_buf_puts(out, "</section>\n");
    }
    ef_html_page_end(out);
}

void ef_html_section(ef_buf *out, const ef_notes *notes, const ef_section *section)
{
    size_t len;
    const char *src = ef_notes_section_source(notes, section, &len);
    ef_html_markdown(out, src, len);
}
