/* examforge: parse notes with cmark and index their headings under GitHub-compatible ids. */
#include "examforge/notes.h"
#include "examforge/alloc.h"
#include "strmap_int.h"

#include <cmark.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

struct notes_file {
    const char *path;
    const char *source;
    size_t len;
    size_t *line_starts; /* byte offset of each line; entry n_lines is len */
    unsigned n_lines;
};

struct ef_notes {
    ef_arena arena;
    ef_section *sections;
    size_t count, cap;
    struct notes_file *files;
    size_t n_files, files_cap;
    strmap by_id; /* first section of each id */
};

enum { NOTES_MAX_BYTES = 256u << 20 };

ef_notes *ef_notes_new(void)
{
    ef_notes *n = ef_xcalloc(1, sizeof *n);
    ef_arena_init(&n->arena);
    strmap_init(&n->by_id);
    return n;
}

void ef_notes_free(ef_notes *notes)
{
    if (!notes)
        return;
    for (size_t i = 0; i < notes->n_files; i++)
        free(notes->files[i].line_starts);
    free(notes->files);
    free(notes->sections);
    strmap_release(&notes->by_id);
    ef_arena_release(&notes->arena);
    free(notes);
}

char *ef_slug(const char *text, size_t len)
{
    ef_buf out;
    ef_buf_init(&out);
    const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)text;
    utf8proc_ssize_t left = (utf8proc_ssize_t)len;
    while (left > 0) {
        utf8proc_int32_t cp;
        utf8proc_ssize_t n = utf8proc_iterate(p, left, &cp);
        if (n <= 0) { /* invalid byte: dropped, as it cannot be a letter */
            p++;
            left--;
            continue;
        }
        p += n;
        left -= n;
        if (cp == ' ' || cp == '-') {
            ef_buf_putc(&out, '-');
            continue;
        }
        switch (utf8proc_category(cp)) {
        case UTF8PROC_CATEGORY_LU:
        case UTF8PROC_CATEGORY_LL:
        case UTF8PROC_CATEGORY_LT:
        case UTF8PROC_CATEGORY_LM:
        case UTF8PROC_CATEGORY_LO:
        case UTF8PROC_CATEGORY_MN:
        case UTF8PROC_CATEGORY_MC:
        case UTF8PROC_CATEGORY_ME:
        case UTF8PROC_CATEGORY_ND:
        case UTF8PROC_CATEGORY_PC: {
            utf8proc_uint8_t enc[4];
            utf8proc_ssize_t m = utf8proc_encode_char(utf8proc_tolower(cp), enc);
            ef_buf_add(&out, (const char *)enc, (size_t)m);
            break;
        }
        default:
            break;
        }
    }
    return ef_buf_detach(&out, NULL);
}

/* Plain text of a heading: text and code spans; inline HTML and images are left out, as they
 * are from the text GitHub slugs; line breaks read as spaces. */
static void heading_text(cmark_node *heading, ef_buf *text)
{
    cmark_iter *it = cmark_iter_new(heading);
    cmark_event_type ev;
    int skip_depth = 0;
    while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
        cmark_node *node = cmark_iter_get_node(it);
        cmark_node_type type = cmark_node_get_type(node);
        if (type == CMARK_NODE_IMAGE) {
            skip_depth += ev == CMARK_EVENT_ENTER ? 1 : -1;
            continue;
        }
        if (skip_depth || ev != CMARK_EVENT_ENTER)
            continue;
        switch (type) {
        case CMARK_NODE_TEXT:
        case CMARK_NODE_CODE:
            ef_buf_puts(text, cmark_node_get_literal(node));
            break;
        case CMARK_NODE_SOFTBREAK:
        case CMARK_NODE_LINEBREAK:
            ef_buf_putc(text, '\n');
            break;
        default:
            break;
        }
    }
    cmark_iter_free(it);
}

static size_t count_words(const char *s)
{
    size_t words = 0;
    bool in_word = false;
    for (; *s; s++) {
        bool space = *s == ' ' || *s == '\n' || *s == '\t' || *s == '\r';
        if (!space && !in_word)
            words++;
        in_word = !space;
    }
    return words;
}

/* Line starts as CommonMark counts lines: "\n", "\r\n" and a lone "\r" all end one. */
static bool line_end_at(const char *s, size_t len, size_t i, size_t *next)
{
    if (s[i] == '\n' || (s[i] == '\r' && (i + 1 >= len || s[i + 1] != '\n'))) {
        *next = i + 1;
        return true;
    }
    return false;
}

static void index_lines(struct notes_file *f)
{
    size_t n = 1, next;
    for (size_t i = 0; i < f->len; i++)
        if (line_end_at(f->source, f->len, i, &next) && next < f->len)
            n++;
    f->line_starts = ef_xcalloc(n + 1, sizeof *f->line_starts);
    size_t line = 0;
    for (size_t i = 0; i < f->len; i++)
        if (line_end_at(f->source, f->len, i, &next) && next < f->len)
            f->line_starts[++line] = next;
    f->line_starts[n] = f->len;
    f->n_lines = (unsigned)n;
}

ef_status ef_notes_parse(ef_notes *notes, const char *name, const char *buf, size_t len,
                         ef_diags *diags)
{
    if (len > NOTES_MAX_BYTES) {
        ef_loc loc = {name, 0, 0};
        ef_diag_add(diags, EF_SEV_ERROR, &loc, "notes file is larger than 256 MiB");
        return EF_ERR_LIMIT;
    }
    ef_grow(&notes->files, &notes->files_cap, notes->n_files + 1, sizeof *notes->files);
    size_t file_index = notes->n_files++;
    struct notes_file *f = &notes->files[file_index];
    f->path = ef_arena_strdup(&notes->arena, name);
    f->source = ef_arena_strndup(&notes->arena, buf, len);
    f->len = len;
    index_lines(f);

    cmark_node *doc = cmark_parse_document(buf, len, CMARK_OPT_VALIDATE_UTF8);
    cmark_iter *it = cmark_iter_new(doc);
    cmark_event_type ev;
    strmap seen; /* slug → times seen in this file */
    strmap_init(&seen);
    ef_buf text;
    ef_buf_init(&text);
    size_t first = notes->count;
    ef_section *current = NULL;
    int in_heading = 0;
    while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
        cmark_node *node = cmark_iter_get_node(it);
        cmark_node_type type = cmark_node_get_type(node);
        if (type == CMARK_NODE_HEADING) {
            if (ev == CMARK_EVENT_EXIT) {
                in_heading = 0;
                continue;
            }
            in_heading = 1;
            ef_buf_clear(&text);
            heading_text(node, &text);
            char *slug = ef_slug(text.data ? text.data : "", text.len);
            char *base = ef_arena_strdup(&notes->arena, slug);
            free(slug);
            size_t times = strmap_value(&seen, base);
            strmap_add(&seen, base, 1);
            const char *id = base;
            if (times) {
                ef_buf suffixed;
                ef_buf_init(&suffixed);
                ef_buf_printf(&suffixed, "%s-%zu", base, times);
                id = ef_arena_strdup(&notes->arena, suffixed.data);
                ef_buf_release(&suffixed);
            }
            for (size_t i = 0; i < text.len; i++) /* titles are one line */
                if (text.data[i] == '\n')
                    text.data[i] = ' ';
            ef_grow(&notes->sections, &notes->cap, notes->count + 1, sizeof *notes->sections);
            current = &notes->sections[notes->count++];
            memset(current, 0, sizeof *current);
            current->id = id;
            current->title = ef_arena_strdup(&notes->arena, text.data ? text.data : "");
            current->level = (unsigned)cmark_node_get_heading_level(node);
            current->loc.path = f->path;
            current->loc.line = (unsigned)cmark_node_get_start_line(node);
            current->loc.col = 1;
            current->file = file_index;
            continue;
        }
        if (ev == CMARK_EVENT_ENTER && current && !in_heading &&
            (type == CMARK_NODE_TEXT || type == CMARK_NODE_CODE || type == CMARK_NODE_CODE_BLOCK))
            current->body_words += count_words(cmark_node_get_literal(node));
    }
    cmark_iter_free(it);
    cmark_node_free(doc);
    ef_buf_release(&text);
    strmap_release(&seen);

    /* Body and subtree extents: up to the line before the next (same-or-higher) heading. */
    for (size_t i = first; i < notes->count; i++) {
        ef_section *s = &notes->sections[i];
        s->body_end = i + 1 < notes->count ? notes->sections[i + 1].loc.line - 1 : f->n_lines;
        s->tree_end = f->n_lines;
        for (size_t j = i + 1; j < notes->count; j++)
            if (notes->sections[j].level <= s->level) {
                s->tree_end = notes->sections[j].loc.line - 1;
                break;
            }
    }
    /* The index is rebuilt because the sections array may have moved. */
    strmap_release(&notes->by_id);
    strmap_init(&notes->by_id);
    for (size_t i = 0; i < notes->count; i++)
        strmap_put(&notes->by_id, notes->sections[i].id, i);
    (void)diags;
    return EF_OK;
}

size_t ef_notes_count(const ef_notes *notes)
{
    return notes->count;
}

const ef_section *ef_notes_section(const ef_notes *notes, size_t index)
{
    return index < notes->count ? &notes->sections[index] : NULL;
}

const ef_section *ef_notes_find(const ef_notes *notes, const char *id)
{
    size_t i;
    return strmap_get(&notes->by_id, id, &i) ? &notes->sections[i] : NULL;
}

size_t ef_notes_file_count(const ef_notes *notes)
{
    return notes->n_files;
}

const char *ef_notes_file_path(const ef_notes *notes, size_t file)
{
    return file < notes->n_files ? notes->files[file].path : NULL;
}

const char *ef_notes_file_source(const ef_notes *notes, size_t file, size_t *len)
{
    if (file >= notes->n_files)
        return NULL;
    *len = notes->files[file].len;
    return notes->files[file].source;
}

size_t ef_notes_check_unique(const ef_notes *notes, ef_diags *diags)
{
    size_t clashes = 0;
    for (size_t i = 0; i < notes->count; i++) {
        const ef_section *s = &notes->sections[i];
        size_t first;
        if (!strmap_get(&notes->by_id, s->id, &first) || first == i)
            continue;
        const ef_section *f = &notes->sections[first];
        if (f->file == s->file)
            continue; /* cannot happen within a file: repeats are suffixed */
        ef_diag_add(diags, EF_SEV_ERROR, &s->loc, "section id '%s' is already used", s->id);
        ef_diag_hint(diags, "first defined at %s:%u; section ids must be unique across the notes",
                     f->loc.path, f->loc.line);
        clashes++;
    }
    return clashes;
}

const char *ef_notes_section_source(const ef_notes *notes, const ef_section *section, size_t *len)
{
    const struct notes_file *f = &notes->files[section->file];
    unsigned first = section->loc.line ? section->loc.line - 1 : 0;
    if (first > f->n_lines)
        first = f->n_lines; /* cannot happen: lines are counted as cmark counts them */
    size_t start = f->line_starts[first];
    size_t end = section->tree_end >= f->n_lines ? f->len : f->line_starts[section->tree_end];
    *len = end > start ? end - start : 0;
    return f->source + start;
}
