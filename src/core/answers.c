/* examforge: read answer files (YAML, one student; CSV, one row per student) against a key. */
#include "examforge/answers.h"
#include "examforge/alloc.h"
#include "examforge/text.h"
#include "answers_int.h"
#include "bits_int.h"
#include "examforge/par.h"
#include "strmap_int.h"
#include "ydoc_int.h"

#include <csv.h>
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <stdalign.h>

struct ef_responses {
    ef_arena arena;
    ef_response *items;
    size_t count, cap;
    strmap by_student; /* student id -> index */
};

ef_responses *ef_responses_new(void)
{
    ef_responses *s = ef_xcalloc(1, sizeof *s);
    ef_arena_init(&s->arena);
    strmap_init(&s->by_student);
    return s;
}

void ef_responses_free(ef_responses *set)
{
    if (!set)
        return;
    free(set->items);
    strmap_release(&set->by_student);
    ef_arena_release(&set->arena);
    free(set);
}

size_t ef_responses_count(const ef_responses *set)
{
    return set->count;
}

const ef_response *ef_responses_get(const ef_responses *set, size_t index)
{
    return index < set->count ? &set->items[index] : NULL;
}

static void form_hint(ef_diags *diags, const ef_key *key)
{
    ef_buf list;
    ef_buf_init(&list);
    for (size_t f = 0; f < key->n_forms && f < 10; f++)
        ef_buf_printf(&list, "%s'%s'", f ? ", " : "", key->forms[f].name);
    if (key->n_forms > 10)
        ef_buf_puts(&list, ", …");
    ef_diag_hint(diags, "the key has form%s %s", key->n_forms == 1 ? "" : "s", list.data);
    ef_buf_release(&list);
}

/* Read a cell or scalar: letters A.., separated by nothing, ';', ',' or spaces; lowercase is
 * accepted. Sets *mask; returns false (with *bad the offending character) if some character
 * is neither a letter nor a separator. */
static bool parse_letters(const char *s, size_t len, uint32_t *mask, char *bad)
{
    uint32_t m = 0;
    size_t i = 0;
    for (; i < len; i++) { /* most cells are letters and nothing else: one tight loop */
        unsigned letter = ((unsigned char)s[i] & ~0x20u) - 'A';
        if (letter >= 26)
            break;
        m |= UINT32_C(1) << letter;
    }
    for (; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == ';' || c == ',' || c == ' ' || c == '\t' || c == '/' || c == '|')
            continue;
        c &= (unsigned char)~0x20; /* ASCII upper case; other bytes stay out of range */
        if (c < 'A' || c > 'Z') {
            *bad = s[i];
            *mask = m;
            return false;
        }
        m |= UINT32_C(1) << (c - 'A');
    }
    *mask = m;
    return true;
}

/* isspace() of the C locale, without the locale lookup. */
static bool is_space(char c)
{
    return c == ' ' || (c >= '\t' && c <= '\r');
}

/* Check an answer against its item; warn (and mark invalid) when it cannot count. */
static uint32_t vet_answer(uint32_t mask, const ef_key_item *item, const ef_loc *loc,
                           ef_diags *diags)
{
    if (!mask)
        return 0;
    uint32_t options = item->n_options >= 31 ? 0x7FFFFFFFu : (UINT32_C(1) << item->n_options) - 1;
    if (mask & ~options) {
        ef_diag_add(diags, EF_SEV_WARNING, loc,
                    "item %u: answer names a letter that is not an option (A to %c); marked "
                    "wrong",
                    item->number, ef_letter(item->n_options - 1));
        return mask | EF_ANSWER_INVALID;
    }
    if (mask_count(mask) > item->choose) {
        ef_diag_add(diags, EF_SEV_WARNING, loc,
                    "item %u: %u letters given but the item asks for %u; marked wrong",
                    item->number, mask_count(mask), item->choose);
        return mask | EF_ANSWER_INVALID;
    }
    return mask;
}

/* A copy of `s` fit for every output (valid UTF-8, no control characters). */
static const char *clean_copy(ef_arena *arena, const char *s, size_t len)
{
    if (ef_text_is_clean(s, len))
        return ef_arena_strndup(arena, s, len);
    ef_buf b;
    ef_buf_init(&b);
    ef_text_clean(&b, s, len);
    const char *copy = ef_arena_strndup(arena, b.data, b.len);
    ef_buf_release(&b);
    return copy;
}

/* Add `r` to the set unless its student is there already; `hash` is strmap_hash(r->student). */
static bool add_response(ef_responses *set, ef_response *r, uint64_t hash, ef_diags *diags)
{
    size_t first;
    if (!strmap_put_hashed(&set->by_student, r->student, hash, set->count)) {
        strmap_get(&set->by_student, r->student, &first);
        const ef_response *f = &set->items[first];
        ef_diag_add(diags, EF_SEV_ERROR, &r->loc, "student '%s' is graded already; record skipped",
                    r->student);
        ef_diag_hint(diags, "first given at %s:%u:%u", f->loc.path, f->loc.line, f->loc.col);
        return false;
    }
    ef_grow(&set->items, &set->cap, set->count + 1, sizeof *set->items);
    set->items[set->count++] = *r;
    return true;
}

/* ---- YAML ---- */

static const char *yaml_text(ydoc *doc, yaml_node_t *map, const char *field, ef_responses *set)
{
    yaml_node_t *v = ydoc_get(doc, map, field);
    size_t len;
    const char *s = ydoc_scalar(v, &len);
    if (!s || ydoc_is_null(v))
        return NULL;
    return clean_copy(&set->arena, s, len);
}

static bool blank_text(const char *s)
{
    for (; s && *s; s++)
        if (!isspace((unsigned char)*s))
            return false;
    return true;
}

ef_status ef_answers_parse_yaml(ef_responses *set, const ef_key *key, const char *name,
                                const char *buf, size_t len, ef_diags *diags)
{
    static const char *const fields[] = {"student", "name", "form", "answers"};
    ydoc doc;
    const char *path = ef_arena_strdup(&set->arena, name);
    ef_status st = ydoc_load(&doc, path, buf, len, diags);
    if (st)
        return st;
    size_t before = diags->errors;
    yaml_node_t *root = ydoc_root(&doc);
    ef_response r;
    memset(&r, 0, sizeof r);
    r.loc = (ef_loc){path, 1, 1};
    if (!root || root->type != YAML_MAPPING_NODE) {
        if (root)
            r.loc = ydoc_loc(&doc, root);
        ef_diag_add(diags, EF_SEV_ERROR, &r.loc,
                    "an answer file must be a mapping with student, form and answers; found %s",
                    ydoc_kind(root));
        st = EF_ERR_INVALID;
        goto out;
    }
    r.loc = ydoc_loc(&doc, root);
    ydoc_check_keys(&doc, root, fields, 4, "answer file", diags);
    r.student = yaml_text(&doc, root, "student", set);
    r.name = yaml_text(&doc, root, "name", set);
    const char *form = yaml_text(&doc, root, "form", set);
    if (!r.name)
        r.name = "";
    if (blank_text(r.student)) {
        yaml_node_t *v = ydoc_get(&doc, root, "student");
        ef_loc loc = v ? ydoc_loc(&doc, v) : r.loc;
        ef_diag_add(diags, EF_SEV_ERROR, &loc, "answer file has no student id");
    }
    r.form = SIZE_MAX;
    yaml_node_t *fv = ydoc_get(&doc, root, "form");
    if (!form && key->n_forms == 1 && !fv)
        r.form = 0; /* one form: it needs no letter */
    else if (!form) {
        ef_loc loc = fv ? ydoc_loc(&doc, fv) : r.loc;
        ef_diag_add(diags, EF_SEV_ERROR, &loc, "answer file has no form letter");
        form_hint(diags, key);
    } else if ((r.form = ef_key_form_index(key, form, strlen(form))) == SIZE_MAX) {
        ef_loc loc = ydoc_loc(&doc, fv);
        ef_diag_add(diags, EF_SEV_ERROR, &loc, "form '%s' is not in the key", form);
        form_hint(diags, key);
    }
    yaml_node_t *answers = ydoc_get(&doc, root, "answers");
    if (!answers) {
        ef_diag_add(diags, EF_SEV_ERROR, &r.loc, "answer file has no 'answers'");
    } else if (r.form != SIZE_MAX && diags->errors == before) {
        const ef_key_form *kf = &key->forms[r.form];
        r.n_answers = kf->n_items;
        r.answers =
            ef_arena_alloc(&set->arena, (kf->n_items ? kf->n_items : 1) * sizeof *r.answers);
        bool is_map = answers->type == YAML_MAPPING_NODE;
        bool is_seq = answers->type == YAML_SEQUENCE_NODE;
        if (!is_map && !is_seq && !ydoc_is_null(answers)) {
            ef_loc loc = ydoc_loc(&doc, answers);
            ef_diag_add(diags, EF_SEV_ERROR, &loc,
                        "'answers' must map item numbers to letters, found %s", ydoc_kind(answers));
        }
        size_t n =
            is_map ? (size_t)(answers->data.mapping.pairs.top - answers->data.mapping.pairs.start)
            : is_seq
                ? (size_t)(answers->data.sequence.items.top - answers->data.sequence.items.start)
                : 0;
        bool *seen = ef_xcalloc(kf->n_items + 1, sizeof *seen);
        for (size_t i = 0; i < n; i++) {
            yaml_node_t *knode = NULL, *vnode;
            unsigned long number = i + 1;
            if (is_map) {
                knode = ydoc_node(&doc, answers->data.mapping.pairs.start[i].key);
                vnode = ydoc_node(&doc, answers->data.mapping.pairs.start[i].value);
            } else {
                vnode = ydoc_node(&doc, answers->data.sequence.items.start[i]);
            }
            ef_loc kloc = ydoc_loc(&doc, knode ? knode : vnode);
            if (knode && (!ydoc_uint(knode, 100000, &number) || number < 1)) {
                const char *k = ydoc_scalar(knode, NULL);
                ef_diag_add(diags, EF_SEV_ERROR, &kloc, "'%s' is not an item number",
                            k ? k : ydoc_kind(knode));
                continue;
            }
            if (number > kf->n_items) {
                ef_diag_add(diags, EF_SEV_ERROR, &kloc,
                            "item %lu is past the end of form %s, which has %zu items", number,
                            kf->name, kf->n_items);
                break;
            }
            if (seen[number]) {
                ef_diag_add(diags, EF_SEV_ERROR, &kloc, "item %lu is answered twice", number);
                continue;
            }
            seen[number] = true;
            ef_loc vloc = ydoc_loc(&doc, vnode);
            uint32_t mask = 0;
            char bad = 0;
            bool ok = true;
            if (vnode->type == YAML_SEQUENCE_NODE) {
                for (yaml_node_item_t *it = vnode->data.sequence.items.start;
                     ok && it < vnode->data.sequence.items.top; it++) {
                    size_t l;
                    const char *s = ydoc_scalar(ydoc_node(&doc, *it), &l);
                    uint32_t m;
                    ok = s && parse_letters(s, l, &m, &bad) && mask_count(m) == 1;
                    if (ok && (mask & m)) {
                        ef_loc iloc = ydoc_loc(&doc, ydoc_node(&doc, *it));
                        ef_diag_add(diags, EF_SEV_WARNING, &iloc, "item %lu: letter given twice",
                                    number);
                    }
                    mask |= ok ? m : 0;
                    if (!ok)
                        vloc = ydoc_loc(&doc, ydoc_node(&doc, *it));
                }
            } else if (!ydoc_is_null(vnode)) {
                size_t l;
                const char *s = ydoc_scalar(vnode, &l);
                ok = s && parse_letters(s, l, &mask, &bad);
            }
            if (!ok) {
                ef_diag_add(diags, EF_SEV_WARNING, &vloc,
                            "item %lu: '%s' is not a letter answer; marked wrong", number,
                            ydoc_scalar(vnode, NULL) ? ydoc_scalar(vnode, NULL) : ydoc_kind(vnode));
                r.answers[number - 1] = EF_ANSWER_INVALID;
                continue;
            }
            r.answers[number - 1] = vet_answer(mask, &kf->items[number - 1], &vloc, diags);
        }
        free(seen);
    }
    if (diags->errors > before) {
        st = EF_ERR_INVALID;
        goto out;
    }
    if (!add_response(set, &r, strmap_hash(r.student), diags))
        st = EF_ERR_INVALID;
out:
    ydoc_release(&doc);
    return st;
}

/* ---- CSV ---- */

/* A row read by a chunk on its own thread, kept for the set to take in file order. */
typedef struct chunk_row {
    ef_response r;
    uint64_t hash; /* of the student id, hashed on the chunk's thread */
    size_t diags;  /* the chunk's problems reported up to and with this row */
} chunk_row;

typedef struct csv_state {
    ef_responses *set;
    ef_arena *arena; /* where the rows' strings and answers live */
    /* A chunk read on its own thread collects its rows here, for the set to take in order;
     * otherwise (collect false) rows go straight into the set. */
    bool collect;
    chunk_row *rows;
    size_t n_rows, cap_rows;
    const ef_key *key;
    ef_diags *diags;
    const char *path;
    const char *buf; /* whole input, for exact cell positions in messages */
    size_t len;
    /* current row */
    ef_buf *cells; /* cell texts of the row; kept between rows to be reused */
    size_t n_cells, cap_cells, n_cells_made;
    size_t row_start;  /* byte offset where the row began */
    unsigned row_line; /* its line */
    unsigned line;
    /* header */
    bool have_header;
    size_t col_student, col_name, col_form, n_header;
    size_t *col_item; /* item number (1-based) per column, 0 if not an item column */
    uint32_t *masks;  /* per column of the current row: the answer read in place, or CELL_COPIED
                       * when the cell's text is in cells instead */
    size_t n_items;   /* items named by the header */
    bool header_bad;
    ef_status status;
} csv_state;

/* Above any letter and below EF_ANSWER_INVALID: an answer cell that was copied, not read. */
#define CELL_COPIED (UINT32_C(1) << 30)

/* Most answer cells are one or two letters: read those without a branch on their length (a
 * loop's exit there is missed by the predictor on every other cell). `c` holds len bytes and
 * a NUL after them. False for anything else. */
static inline bool short_letters(const unsigned char *c, size_t len, uint32_t *mask)
{
    unsigned l0 = (c[0] & ~0x20u) - 'A', l1 = (c[len > 1] & ~0x20u) - 'A';
    bool has0 = len > 0, has1 = len > 1, ok0 = l0 < 26, ok1 = l1 < 26;
    *mask = (uint32_t)(has0 & ok0) << (l0 & 31) | (uint32_t)(has1 & ok1) << (l1 & 31);
    return len <= 2 && (!has0 | ok0) && (!has1 | ok1);
}

static void cell_cb(void *data, size_t len, void *state_ptr)
{
    csv_state *s = state_ptr;
    size_t col = s->n_cells++;
    /* An answer cell of a data row (most of the file) is read in place: no copy. The first
     * cell is always copied, for the empty-line test; a cell that is not letters is copied
     * too, and data_row reports it. */
    if (col < s->n_header && s->col_item[col]) {
        /* Spaces and tabs are separators to parse_letters; a cell it refuses (other white
         * space around the letters, say) is copied, and data_row trims it and tries again. */
        static const unsigned char none[1];
        char bad;
        if (col && (short_letters(data ? data : none, len, &s->masks[col]) ||
                    parse_letters(data ? data : "", len, &s->masks[col], &bad)))
            return;
        s->masks[col] = CELL_COPIED;
    }
    ef_grow(&s->cells, &s->cap_cells, col + 1, sizeof *s->cells);
    while (s->n_cells_made <= col)
        ef_buf_init(&s->cells[s->n_cells_made++]);
    ef_buf *c = &s->cells[col];
    ef_buf_clear(c);
    ef_buf_add(c, data ? data : "", data ? len : 0);
}

/* Position of cell `field` (0-based) of the current row: re-read the row's bytes one at a
 * time with a fresh parser, counting the cells it ends, so quoting is handled as libcsv does. */
typedef struct locate_state {
    size_t fields;
} locate_state;

static void locate_cb(void *d, size_t l, void *p)
{
    (void)d;
    (void)l;
    ((locate_state *)p)->fields++;
}

static ef_loc cell_loc(const csv_state *s, size_t field)
{
    ef_loc loc = {s->path, s->row_line, 1};
    struct csv_parser p;
    if (csv_init(&p, CSV_APPEND_NULL) != 0)
        return loc;
    locate_state ls = {0};
    size_t start = s->row_start;
    for (size_t i = s->row_start; i < s->len && ls.fields < field; i++) {
        size_t before = ls.fields;
        csv_parse(&p, s->buf + i, 1, locate_cb, NULL, &ls);
        if (ls.fields != before)
            start = i + 1;
        if (s->buf[i] == '\n' && ls.fields < field && i + 1 >= s->len)
            break;
    }
    csv_free(&p);
    unsigned line = s->row_line, col = 1;
    for (size_t i = s->row_start; i < start && i < s->len; i++) {
        if (s->buf[i] == '\n') {
            line++;
            col = 1;
        } else if (((unsigned char)s->buf[i] & 0xC0) != 0x80) {
            col++;
        }
    }
    loc.line = line;
    loc.col = col;
    return loc;
}

/* A copied cell's text without the white space around it. */
static void trim_buf(ef_buf *c, const char **text, size_t *len)
{
    const char *t = c->data ? c->data : "";
    size_t n = c->len;
    while (n && is_space(*t)) {
        t++;
        n--;
    }
    while (n && is_space(t[n - 1]))
        n--;
    *text = t;
    *len = n;
}

static bool header_row(csv_state *s)
{
    s->col_student = s->col_name = s->col_form = SIZE_MAX;
    s->n_header = s->n_cells;
    s->col_item = ef_xcalloc(s->n_cells ? s->n_cells : 1, sizeof *s->col_item);
    s->masks = ef_xcalloc(s->n_cells ? s->n_cells : 1, sizeof *s->masks);
    size_t expected_item = 1;
    for (size_t c = 0; c < s->n_cells; c++) {
        const char *t;
        size_t n;
        trim_buf(&s->cells[c], &t, &n);
        char word[32];
        size_t wl = n < sizeof word - 1 ? n : sizeof word - 1;
        for (size_t i = 0; i < wl; i++)
            word[i] = (char)tolower((unsigned char)t[i]);
        word[wl] = '\0';
        if (!strcmp(word, "student") || !strcmp(word, "id") || !strcmp(word, "student_id"))
            s->col_student = c;
        else if (!strcmp(word, "name"))
            s->col_name = c;
        else if (!strcmp(word, "form"))
            s->col_form = c;
        else {
            char *end;
            unsigned long num = n && isdigit((unsigned char)t[0]) ? strtoul(word, &end, 10) : 0;
            if (!num || *end) {
                ef_loc loc = cell_loc(s, c);
                ef_diag_add(s->diags, EF_SEV_ERROR, &loc,
                            "header column '%.*s' is neither student, name, form nor an item "
                            "number",
                            (int)n, t);
                return false;
            }
            if (num != expected_item) {
                ef_loc loc = cell_loc(s, c);
                ef_diag_add(s->diags, EF_SEV_ERROR, &loc,
                            "header column '%.*s' is out of order: expected item %zu", (int)n, t,
                            expected_item);
                return false;
            }
            s->col_item[c] = expected_item++;
        }
    }
    s->n_items = expected_item - 1;
    ef_loc loc = {s->path, s->row_line, 1};
    if (s->col_student == SIZE_MAX) {
        ef_diag_add(s->diags, EF_SEV_ERROR, &loc, "CSV header has no 'student' column");
        ef_diag_hint(s->diags, "the header is student,name,form,1,2,...,N");
        return false;
    }
    if (!s->n_items) {
        ef_diag_add(s->diags, EF_SEV_ERROR, &loc, "CSV header names no item columns (1, 2, ...)");
        return false;
    }
    return true;
}

static void data_row(csv_state *s)
{
    const ef_key *key = s->key;
    ef_loc row_loc = {s->path, s->row_line, 1};
    size_t before = s->diags->errors;
    if (s->n_cells == 1 && s->cells[0].len == 0)
        return; /* an empty line */
    if (s->n_cells != s->n_header)
        ef_diag_add(s->diags, EF_SEV_WARNING, &row_loc,
                    "row has %zu cells but the header has %zu; %s", s->n_cells, s->n_header,
                    s->n_cells < s->n_header ? "missing answers count as blank"
                                             : "extra cells are ignored");
    ef_response r;
    memset(&r, 0, sizeof r);
    r.loc = row_loc;
    const char *t;
    size_t n;
    if (s->col_student < s->n_cells)
        trim_buf(&s->cells[s->col_student], &t, &n);
    else
        n = 0, t = "";
    if (!n) {
        ef_diag_add(s->diags, EF_SEV_ERROR, &row_loc, "row has no student id; row skipped");
        s->status = EF_ERR_INVALID;
        return;
    }
    r.student = clean_copy(s->arena, t, n);
    r.name = "";
    if (s->col_name < s->n_cells) {
        trim_buf(&s->cells[s->col_name], &t, &n);
        r.name = clean_copy(s->arena, t, n);
    }
    r.form = SIZE_MAX;
    n = 0;
    if (s->col_form < s->n_cells)
        trim_buf(&s->cells[s->col_form], &t, &n);
    if (!n && key->n_forms == 1)
        r.form = 0;
    else {
        r.form = ef_key_form_index(key, n ? t : "", n);
        if (r.form == SIZE_MAX) {
            ef_loc loc = s->col_form < s->n_cells ? cell_loc(s, s->col_form) : row_loc;
            if (n)
                ef_diag_add(s->diags, EF_SEV_ERROR, &loc,
                            "form '%.*s' is not in the key; row skipped", (int)n, t);
            else
                ef_diag_add(s->diags, EF_SEV_ERROR, &loc, "row has no form letter; row skipped");
            form_hint(s->diags, key);
        }
    }
    if (r.form != SIZE_MAX && key->forms[r.form].n_items != s->n_items) {
        ef_diag_add(s->diags, EF_SEV_ERROR, &row_loc,
                    "form %s has %zu items but the CSV header has %zu; row skipped",
                    key->forms[r.form].name, key->forms[r.form].n_items, s->n_items);
    }
    if (s->diags->errors > before) {
        s->status = EF_ERR_INVALID;
        return;
    }
    const ef_key_form *kf = &key->forms[r.form];
    r.n_answers = kf->n_items;
    r.answers = ef_arena_alloc(s->arena, (kf->n_items ? kf->n_items : 1) * sizeof *r.answers);
    /* First without a branch on any answer: a cell copied (CELL_COPIED is past every option) or
     * an answer that does not fit its item leaves a trace, and only then is the row gone over
     * again to report it. */
    size_t cells = s->n_cells < s->n_header ? s->n_cells : s->n_header;
    uint32_t trouble = 0;
    for (size_t c = 0; c < cells; c++) {
        size_t item = s->col_item[c];
        if (!item)
            continue;
        const ef_key_item *it = &kf->items[item - 1];
        uint32_t mask = s->masks[c];
        trouble |= (mask & ~((UINT32_C(1) << it->n_options) - 1)) |
                   (uint32_t)(mask_count(mask) > it->choose);
        r.answers[item - 1] = mask; /* with trouble, the pass below writes every answer again */
    }
    for (size_t c = 0; trouble && c < cells; c++) {
        size_t item = s->col_item[c];
        if (!item)
            continue;
        uint32_t mask = s->masks[c];
        char bad = 0;
        bool ok = mask != CELL_COPIED;
        if (!ok) {
            trim_buf(&s->cells[c], &t, &n);
            ok = parse_letters(t, n, &mask, &bad);
        }
        if (!ok) {
            ef_loc loc = cell_loc(s, c);
            ef_diag_add(s->diags, EF_SEV_WARNING, &loc,
                        "item %zu: '%.*s' is not a letter answer; marked wrong", item, (int)n, t);
            r.answers[item - 1] = EF_ANSWER_INVALID;
            continue;
        }
        if (mask) {
            uint32_t options = (UINT32_C(1) << kf->items[item - 1].n_options) - 1;
            if ((mask & ~options) || mask_count(mask) > kf->items[item - 1].choose) {
                ef_loc loc = cell_loc(s, c);
                r.answers[item - 1] = vet_answer(mask, &kf->items[item - 1], &loc, s->diags);
                continue;
            }
        }
        r.answers[item - 1] = mask;
    }
    if (s->collect) {
        ef_grow(&s->rows, &s->cap_rows, s->n_rows + 1, sizeof *s->rows);
        s->rows[s->n_rows++] = (chunk_row){r, strmap_hash(r.student), s->diags->count};
    } else if (!add_response(s->set, &r, strmap_hash(r.student), s->diags)) {
        s->status = EF_ERR_INVALID;
    }
}

static void row_cb(int terminator, void *state_ptr)
{
    (void)terminator;
    csv_state *s = state_ptr;
    if (!s->have_header) {
        s->have_header = true;
        if (!header_row(s)) {
            s->header_bad = true;
            s->status = EF_ERR_INVALID;
        }
    } else if (!s->header_bad) {
        data_row(s);
    }
    s->n_cells = 0;
}

size_t ef_csv_chunks_used;
size_t ef_csv_rows_guessed;

/* Feed [*off, end) to the parser one physical line at a time, so every row knows the line it
 * starts on. With `header_only`, stop once the header row is read. False on a parse error,
 * which is reported. */
static bool feed_lines(csv_state *s, struct csv_parser *p, size_t *off, size_t end,
                       bool header_only)
{
    while (*off < end && !s->header_bad && !(header_only && s->have_header)) {
        const char *nl = memchr(s->buf + *off, '\n', end - *off);
        size_t stop = nl ? (size_t)(nl - s->buf) + 1 : end;
        if (csv_parse(p, s->buf + *off, stop - *off, cell_cb, row_cb, s) != stop - *off) {
            ef_loc loc = {s->path, s->line, 1};
            ef_diag_add(s->diags, EF_SEV_ERROR, &loc, "malformed CSV: %s",
                        csv_strerror(csv_error(p)));
            s->status = EF_ERR_PARSE;
            return false;
        }
        *off = stop;
        s->line++;
        /* libcsv is back in its "row not begun" state (0) once a row has ended, so the next
         * row starts on the next line; inside a quoted field spanning lines it is not. */
        if (p->pstate == 0) {
            s->row_start = *off;
            s->row_line = s->line;
        }
    }
    return true;
}

/* Where to cut the rows in [off, len) into chunks for threads: at line ends, and only when no
 * quote character can make a line end part of a field. Returns the number of chunks (1: read
 * in one piece); cuts[0..k] are their bounds. */
static size_t plan_chunks(const char *buf, size_t off, size_t len, size_t *cuts)
{
    size_t rows = len - off, k = ef_parts_for(rows, (size_t)1 << 20); /* 1 MiB a thread */
    cuts[0] = off;
    if (k < 2 || memchr(buf + off, '"', rows))
        k = 1;
    size_t n = 1;
    for (size_t j = 1; j < k; j++) {
        /* The first chunk also adds its rows to the set as it goes: it gets less to read. */
        size_t from = off + (size_t)((double)rows * ((double)j - 0.15) / ((double)k - 0.15));
        from = from > cuts[n - 1] ? from : cuts[n - 1];
        const char *nl = memchr(buf + from, '\n', len - from);
        if (!nl || (size_t)(nl - buf) + 1 >= len)
            break;
        cuts[n++] = (size_t)(nl - buf) + 1;
    }
    cuts[n] = len;
    return n;
}

/* Room in the set for `rows` records in all, so taking them in does not regrow it. */
static void reserve_rows(ef_responses *set, size_t rows)
{
    strmap_reserve(&set->by_student, rows);
    ef_grow(&set->items, &set->cap, rows, sizeof *set->items);
}

/* About how many rows [off, len) holds, judged by its first lines, which are taken to be at
 * least `shortest` bytes long (empty lines among them must not make the guess huge): the
 * set's room is reserved before the chunks are read, so it need not regrow while they are.
 * Only a hint: the room is reserved exactly once the chunks are read. */
static size_t estimate_rows(const char *buf, size_t off, size_t len, size_t shortest)
{
    size_t at = off, lines = 0;
    for (; lines < 64 && at < len; lines++) {
        const char *nl = memchr(buf + at, '\n', len - at);
        at = nl ? (size_t)(nl - buf) + 1 : len;
    }
    size_t per_line = lines ? (at - off) / lines : 1;
    per_line = per_line > shortest ? per_line : shortest;
    return (len - off) / (per_line ? per_line : 1) / 8 * 9 + lines;
}

/* One chunk of rows. The first is read with the caller's state, straight into the set; each
 * other one with a state of its own, into its own rows, problems and arena. */
typedef struct csv_chunk {
    alignas(64) csv_state own; /* no cache line shared with another thread's state */
    struct csv_parser own_parser;
    csv_state *s;
    struct csv_parser *p;
    size_t from, to;
    bool last;
    ef_diags diags;
    ef_arena arena;
} csv_chunk;

static void read_chunk(void *arg)
{
    csv_chunk *c = arg;
    if (c->s == &c->own) { /* allocated here, on the thread that writes them */
        c->own.masks = ef_xcalloc(c->own.n_header + 1, sizeof *c->own.masks);
    }
    size_t off = c->from;
    if (feed_lines(c->s, c->p, &off, c->to, false) && c->last)
        csv_fini(c->p, cell_cb, row_cb, c->s);
}

static void release_row_buffers(csv_state *s)
{
    for (size_t i = 0; i < s->n_cells_made; i++)
        ef_buf_release(&s->cells[i]);
    free(s->cells);
    free(s->masks);
}

/* Read the rows in chunks, one per thread, then take the other chunks' rows and problems in
 * file order, their line numbers moved on: the result is the same as reading in one piece
 * (duplicate ids included, as the set sees every row in order). False if a parser could not
 * be set up; nothing is read then. */
static bool read_chunks(csv_state *s, struct csv_parser *p, const size_t *cuts, size_t k)
{
    csv_chunk *c = ef_xcalloc_aligned(k, sizeof *c, alignof(csv_chunk));
    c[0].s = s;
    c[0].p = p;
    size_t ready = 1;
    for (; ready < k; ready++) {
        csv_chunk *ch = &c[ready];
        if (csv_init(&ch->own_parser, CSV_APPEND_NULL) != 0)
            break;
        ch->own = *s; /* the header's columns, shared and read only */
        ch->own.cells = NULL;
        ch->own.n_cells = ch->own.cap_cells = ch->own.n_cells_made = 0;
        ch->own.masks = NULL;
        ch->own.diags = &ch->diags;
        ch->own.arena = &ch->arena;
        ch->own.collect = true;
        ch->own.status = EF_OK;
        ch->own.line = ch->own.row_line = 1; /* from the chunk's start; moved on when taken */
        ch->own.row_start = cuts[ready];
        ch->s = &ch->own;
        ch->p = &ch->own_parser;
        ef_diags_init(&ch->diags);
        ef_arena_init(&ch->arena);
    }
    for (size_t j = 0; j < k; j++) {
        c[j].from = cuts[j];
        c[j].to = cuts[j + 1];
        c[j].last = j == k - 1;
    }
    ef_csv_rows_guessed = estimate_rows(s->buf, cuts[0], cuts[k], s->n_header);
    reserve_rows(s->set, s->set->count + ef_csv_rows_guessed);
    if (ready == k)
        ef_run_parts(read_chunk, c, sizeof *c, k);
    size_t rows = s->set->count;
    for (size_t j = 1; j < ready; j++)
        rows += c[j].own.n_rows;
    reserve_rows(s->set, rows);            /* the exact count, if the guess fell short */
    unsigned base = s->line - 1;           /* lines before the chunk being taken */
    bool stop = s->status == EF_ERR_PARSE; /* reading in one piece stops at a parse error */
    for (size_t j = 1; j < ready; j++) {
        csv_chunk *ch = &c[j];
        if (!stop) { /* (a chunk that never ran has nothing to take) */
            /* Each row after the problems reported before it, as in one piece: rows can share
             * a line (a bare CR ends a row), and then only this order tells them apart. */
            size_t moved = 0;
            for (size_t i = 0; i < ch->own.n_rows; i++) {
                chunk_row *row = &ch->own.rows[i];
                ef_diags_move(s->diags, &ch->diags, moved, row->diags, base);
                moved = row->diags;
                row->r.loc.line += base;
                if (!add_response(s->set, &row->r, row->hash, s->diags))
                    s->status = EF_ERR_INVALID;
            }
            ef_diags_move(s->diags, &ch->diags, moved, ch->diags.count, base);
            if (ch->own.status == EF_ERR_PARSE)
                stop = true;
            if (ch->own.status != EF_OK && s->status != EF_ERR_PARSE)
                s->status = ch->own.status;
            base += ch->own.line - 1;
        }
        ef_arena_adopt(s->arena, &ch->arena);
        ef_diags_release(&ch->diags);
        free(ch->own.rows);
        release_row_buffers(&ch->own);
        csv_free(&ch->own_parser);
    }
    s->line = base + 1;
    free(c);
    return ready == k;
}

ef_status ef_answers_parse_csv(ef_responses *set, const ef_key *key, const char *name,
                               const char *buf, size_t len, ef_diags *diags)
{
    csv_state s;
    memset(&s, 0, sizeof s);
    s.set = set;
    s.arena = &set->arena;
    s.key = key;
    s.diags = diags;
    s.path = ef_arena_strdup(&set->arena, name);
    s.buf = buf;
    s.len = len;
    s.status = EF_OK;
    size_t off = 0;
    if (len >= 3 && !memcmp(buf, "\xEF\xBB\xBF", 3))
        off = 3; /* UTF-8 byte order mark */
    struct csv_parser p;
    if (csv_init(&p, CSV_APPEND_NULL) != 0) {
        ef_loc loc = {s.path, 0, 0};
        ef_diag_add(diags, EF_SEV_ERROR, &loc, "cannot initialise the CSV parser");
        return EF_ERR_PARSE;
    }
    s.line = 1;
    s.row_start = off;
    s.row_line = 1;
    if (feed_lines(&s, &p, &off, len, true) && !s.header_bad) {
        size_t cuts[EF_MAX_THREADS + 1];
        /* Chunks start new parsers, so only where a row starts: a quoted field opened on the
         * header's line (rows can end at a bare CR) may still be open here. */
        size_t k = p.pstate == 0 ? plan_chunks(buf, off, len, cuts) : 1;
        ef_csv_chunks_used = k;
        if (k < 2 || !read_chunks(&s, &p, cuts, k)) {
            ef_csv_chunks_used = 1;
            feed_lines(&s, &p, &off, len, false);
        }
        if (s.status != EF_ERR_PARSE)
            csv_fini(&p, cell_cb, row_cb, &s);
    }
    if (!s.have_header && s.status == EF_OK) {
        ef_loc loc = {s.path, 1, 1};
        ef_diag_add(diags, EF_SEV_ERROR, &loc, "CSV file is empty");
        s.status = EF_ERR_INVALID;
    }
    release_row_buffers(&s);
    free(s.col_item);
    csv_free(&p);
    return s.status;
}
