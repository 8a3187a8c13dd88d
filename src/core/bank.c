/* examforge: load question files (YAML) into the bank, checking every field with positions. */
#include "examforge/bank.h"
#include "examforge/alloc.h"
#include "bits_int.h"
#include "strmap_int.h"
#include "ydoc_int.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

struct ef_bank {
    ef_arena arena;
    ef_question *questions;
    size_t count, cap;
    strmap by_id;
};

static const char *const difficulty_names[EF_DIFF_COUNT] = {"unset", "easy", "medium", "hard"};

const char *ef_difficulty_name(ef_difficulty difficulty)
{
    return (unsigned)difficulty < EF_DIFF_COUNT ? difficulty_names[difficulty] : "unset";
}

static const char *const question_fields[] = {
    "id",   "domain",  "task",   "sections",    "type",        "choose",  "difficulty",
    "stem", "options", "answer", "explanation", "distractors", "shuffle", "excludes",
};
#define N_FIELDS (sizeof question_fields / sizeof *question_fields)

ef_bank *ef_bank_new(void)
{
    ef_bank *b = ef_xcalloc(1, sizeof *b);
    ef_arena_init(&b->arena);
    strmap_init(&b->by_id);
    return b;
}

void ef_bank_free(ef_bank *bank)
{
    if (!bank)
        return;
    free(bank->questions);
    strmap_release(&bank->by_id);
    ef_arena_release(&bank->arena);
    free(bank);
}

size_t ef_bank_count(const ef_bank *bank)
{
    return bank->count;
}

const ef_question *ef_bank_question(const ef_bank *bank, size_t index)
{
    return index < bank->count ? &bank->questions[index] : NULL;
}

bool ef_bank_find(const ef_bank *bank, const char *id, size_t *index)
{
    return strmap_get(&bank->by_id, id, index);
}

/* ---- field readers: each reports its own problem and returns false ---- */

typedef struct reader {
    ydoc *doc;
    ef_bank *bank;
    ef_diags *diags;
    const char *path; /* arena copy of the display name */
} reader;

static ef_loc loc_of(reader *r, const yaml_node_t *node)
{
    ef_loc loc = ydoc_loc(r->doc, node);
    loc.path = r->path;
    return loc;
}

static bool is_blank(const char *s)
{
    for (; *s; s++)
        if (!isspace((unsigned char)*s))
            return false;
    return true;
}

/* A non-empty scalar string, copied into the arena. */
static const char *read_text(reader *r, yaml_node_t *node, const char *field)
{
    ef_loc loc = loc_of(r, node);
    size_t len;
    const char *s = ydoc_scalar(node, &len);
    if (!s || ydoc_is_null(node)) {
        ef_diag_add(r->diags, EF_SEV_ERROR, &loc, "'%s' must be text, found %s", field,
                    ydoc_kind(node));
        return NULL;
    }
    if (is_blank(s)) {
        ef_diag_add(r->diags, EF_SEV_ERROR, &loc, "'%s' is empty", field);
        return NULL;
    }
    if (memchr(s, '\0', len)) {
        ef_diag_add(r->diags, EF_SEV_ERROR, &loc, "'%s' contains a NUL character", field);
        return NULL;
    }
    return ef_arena_strndup(&r->bank->arena, s, len);
}

static bool valid_id(const char *s)
{
    if (!*s)
        return false;
    for (; *s; s++)
        if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') || *s == '-'))
            return false;
    return true;
}

/* Option letter from a scalar: exactly one uppercase letter. Returns index or -1. */
static int letter_index(const char *s)
{
    if (s && s[0] >= 'A' && s[0] <= 'Z' && s[1] == '\0')
        return s[0] - 'A';
    return -1;
}

static bool read_id_list(reader *r, yaml_node_t *node, const char *field, const char ***out,
                         ef_loc **locs, size_t *count, bool allow_scalar)
{
    ef_loc loc = loc_of(r, node);
    if (allow_scalar && node->type == YAML_SCALAR_NODE && !ydoc_is_null(node)) {
        const char *s = read_text(r, node, field);
        if (!s)
            return false;
        *out = ef_arena_alloc(&r->bank->arena, sizeof **out);
        *locs = ef_arena_alloc(&r->bank->arena, sizeof **locs);
        (*out)[0] = s;
        (*locs)[0] = loc;
        *count = 1;
        return true;
    }
    if (node->type != YAML_SEQUENCE_NODE) {
        ef_diag_add(r->diags, EF_SEV_ERROR, &loc, "'%s' must be a list, found %s", field,
                    ydoc_kind(node));
        return false;
    }
    size_t n = (size_t)(node->data.sequence.items.top - node->data.sequence.items.start);
    *out = ef_arena_alloc(&r->bank->arena, (n ? n : 1) * sizeof **out);
    *locs = ef_arena_alloc(&r->bank->arena, (n ? n : 1) * sizeof **locs);
    bool ok = true;
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        yaml_node_t *item = ydoc_node(r->doc, node->data.sequence.items.start[i]);
        const char *s = read_text(r, item, field);
        if (!s) {
            ok = false;
            continue;
        }
        ef_loc item_loc = loc_of(r, item);
        bool repeat = false;
        for (size_t j = 0; j < k && !repeat; j++)
            repeat = strcmp((*out)[j], s) == 0;
        if (repeat) {
            ef_diag_add(r->diags, EF_SEV_WARNING, &item_loc, "'%s' lists '%s' twice", field, s);
            continue;
        }
        (*out)[k] = s;
        (*locs)[k] = item_loc;
        k++;
    }
    *count = k;
    return ok;
}

/* Option texts compare equal ignoring ASCII case and surrounding white space. */
static bool same_text(const char *a, const char *b)
{
    while (isspace((unsigned char)*a))
        a++;
    while (isspace((unsigned char)*b))
        b++;
    size_t la = strlen(a), lb = strlen(b);
    while (la && isspace((unsigned char)a[la - 1]))
        la--;
    while (lb && isspace((unsigned char)b[lb - 1]))
        lb--;
    if (la != lb)
        return false;
    for (size_t i = 0; i < la; i++)
        if (tolower((unsigned char)a[i]) != tolower((unsigned char)b[i]))
            return false;
    return true;
}

static bool read_options(reader *r, yaml_node_t *node, ef_question *q)
{
    ef_loc loc = loc_of(r, node);
    if (node->type != YAML_MAPPING_NODE) {
        ef_diag_add(r->diags, EF_SEV_ERROR, &loc,
                    "'options' must be a mapping of letters to text, found %s", ydoc_kind(node));
        return false;
    }
    bool ok = true;
    size_t n = 0;
    for (yaml_node_pair_t *p = node->data.mapping.pairs.start; p < node->data.mapping.pairs.top;
         p++, n++) {
        yaml_node_t *key = ydoc_node(r->doc, p->key);
        ef_loc key_loc = loc_of(r, key);
        int idx = letter_index(ydoc_scalar(key, NULL));
        if (n >= EF_MAX_OPTIONS) {
            ef_diag_add(r->diags, EF_SEV_ERROR, &key_loc, "more than %d options", EF_MAX_OPTIONS);
            return false;
        }
        if (idx != (int)n) {
            const char *k = ydoc_scalar(key, NULL);
            ef_diag_add(r->diags, EF_SEV_ERROR, &key_loc,
                        "option '%s' is out of order: expected '%c'", k ? k : "?", ef_letter(n));
            ef_diag_hint(r->diags, "options are lettered A, B, C… in order");
            ok = false;
            continue;
        }
        const char *text = read_text(r, ydoc_node(r->doc, p->value), "option");
        if (!text) {
            ok = false;
            continue;
        }
        q->options[n] = text;
        for (size_t j = 0; j < n; j++) {
            if (q->options[j] && same_text(q->options[j], text)) {
                ef_loc vloc = loc_of(r, ydoc_node(r->doc, p->value));
                ef_diag_add(r->diags, EF_SEV_ERROR, &vloc,
                            "option %c has the same text as option %c", ef_letter(n), ef_letter(j));
                ok = false;
                break;
            }
        }
    }
    q->n_options = n;
    if (n < 2) {
        ef_diag_add(r->diags, EF_SEV_ERROR, &loc, "a question needs at least 2 options, found %zu",
                    n);
        ok = false;
    }
    return ok;
}

/* Keys: a letter or a list of letters, each an option. Sets q->answer. */
static bool read_answer(reader *r, yaml_node_t *node, ef_question *q)
{
    ef_loc loc = loc_of(r, node);
    yaml_node_t *single[1] = {node};
    yaml_node_t **items = single;
    size_t n = 1;
    yaml_node_t **list = NULL;
    if (node->type == YAML_SEQUENCE_NODE) {
        n = (size_t)(node->data.sequence.items.top - node->data.sequence.items.start);
        list = ef_xcalloc(n ? n : 1, sizeof *list);
        for (size_t i = 0; i < n; i++)
            list[i] = ydoc_node(r->doc, node->data.sequence.items.start[i]);
        items = list;
    } else if (node->type != YAML_SCALAR_NODE || ydoc_is_null(node)) {
        ef_diag_add(r->diags, EF_SEV_ERROR, &loc,
                    "'answer' must be a letter or a list of letters, found %s", ydoc_kind(node));
        return false;
    }
    bool ok = true;
    if (n == 0) {
        ef_diag_add(r->diags, EF_SEV_ERROR, &loc, "'answer' is an empty list");
        ok = false;
    }
    for (size_t i = 0; i < n; i++) {
        ef_loc item_loc = loc_of(r, items[i]);
        const char *s = ydoc_scalar(items[i], NULL);
        int idx = letter_index(s);
        if (idx < 0) {
            ef_diag_add(r->diags, EF_SEV_ERROR, &item_loc, "answer '%s' is not an option letter",
                        s ? s : ydoc_kind(items[i]));
            if (s && strlen(s) > 1 && strlen(s) <= EF_MAX_OPTIONS && node == items[i]) {
                bool letters = true;
                for (const char *c = s; *c; c++)
                    letters = letters && *c >= 'A' && *c <= 'Z';
                if (letters)
                    ef_diag_hint(r->diags, "write several keys as a list, e.g. [%c, %c]", s[0],
                                 s[1]);
            }
            ok = false;
            continue;
        }
        if ((size_t)idx >= q->n_options) {
            ef_diag_add(r->diags, EF_SEV_ERROR, &item_loc,
                        "answer '%s' is not an option (options are A to %c)", s,
                        ef_letter(q->n_options ? q->n_options - 1 : 0));
            ok = false;
            continue;
        }
        if (q->answer & (1u << idx)) {
            ef_diag_add(r->diags, EF_SEV_ERROR, &item_loc, "answer '%s' is given twice", s);
            ok = false;
            continue;
        }
        q->answer |= 1u << idx;
    }
    free(list);
    return ok;
}

static bool read_distractors(reader *r, yaml_node_t *node, ef_question *q)
{
    ef_loc loc = loc_of(r, node);
    if (node->type != YAML_MAPPING_NODE) {
        ef_diag_add(r->diags, EF_SEV_ERROR, &loc,
                    "'distractors' must be a mapping of wrong letters to text, found %s",
                    ydoc_kind(node));
        return false;
    }
    bool ok = true;
    for (yaml_node_pair_t *p = node->data.mapping.pairs.start; p < node->data.mapping.pairs.top;
         p++) {
        yaml_node_t *key = ydoc_node(r->doc, p->key);
        ef_loc key_loc = loc_of(r, key);
        const char *k = ydoc_scalar(key, NULL);
        int idx = letter_index(k);
        if (idx < 0 || (size_t)idx >= q->n_options) {
            ef_diag_add(r->diags, EF_SEV_ERROR, &key_loc, "distractor '%s' is not an option",
                        k ? k : "?");
            ok = false;
            continue;
        }
        if (q->answer & (1u << idx)) {
            ef_diag_add(r->diags, EF_SEV_ERROR, &key_loc,
                        "distractor '%s' is a key: explain keys in 'explanation'", k);
            ok = false;
            continue;
        }
        if (q->distractors[idx]) {
            ef_diag_add(r->diags, EF_SEV_ERROR, &key_loc, "distractor '%s' is given twice", k);
            ok = false;
            continue;
        }
        const char *text = read_text(r, ydoc_node(r->doc, p->value), "distractor");
        if (!text) {
            ok = false;
            continue;
        }
        q->distractors[idx] = text;
    }
    if (ok) {
        for (size_t i = 0; i < q->n_options; i++)
            if (!(q->answer & (1u << i)) && !q->distractors[i]) {
                ef_diag_add(r->diags, EF_SEV_WARNING, &loc,
                            "no explanation for wrong option %c in 'distractors'", ef_letter(i));
            }
    }
    return ok;
}

static bool read_bool(reader *r, yaml_node_t *node, const char *field, bool *out)
{
    const char *s = ydoc_scalar(node, NULL);
    if (s && (!strcmp(s, "true") || !strcmp(s, "True") || !strcmp(s, "TRUE"))) {
        *out = true;
        return true;
    }
    if (s && (!strcmp(s, "false") || !strcmp(s, "False") || !strcmp(s, "FALSE"))) {
        *out = false;
        return true;
    }
    ef_loc loc = loc_of(r, node);
    ef_diag_add(r->diags, EF_SEV_ERROR, &loc, "'%s' must be true or false, found '%s'", field,
                s ? s : ydoc_kind(node));
    return false;
}

static bool read_question(reader *r, yaml_node_t *node, ef_question *q)
{
    ef_loc loc = loc_of(r, node);
    memset(q, 0, sizeof *q);
    q->loc = loc;
    q->shuffle = true;
    if (node->type != YAML_MAPPING_NODE) {
        ef_diag_add(r->diags, EF_SEV_ERROR, &loc, "a question must be a mapping, found %s",
                    ydoc_kind(node));
        return false;
    }
    size_t errors_before = r->diags->errors;
    ydoc_check_keys(r->doc, node, question_fields, N_FIELDS, "question", r->diags);

    static const char *const required[] = {"id",   "domain", "task",    "sections",
                                           "type", "stem",   "options", "answer"};
    for (size_t i = 0; i < sizeof required / sizeof *required; i++)
        if (!ydoc_get(r->doc, node, required[i]))
            ef_diag_add(r->diags, EF_SEV_ERROR, &loc, "question has no '%s'", required[i]);

    yaml_node_t *v;
    if ((v = ydoc_get(r->doc, node, "id")) && (q->id = read_text(r, v, "id")) && !valid_id(q->id)) {
        ef_loc vloc = loc_of(r, v);
        ef_diag_add(r->diags, EF_SEV_ERROR, &vloc, "question id '%s' may only use a-z, 0-9 and '-'",
                    q->id);
        q->id = NULL;
    }
    if ((v = ydoc_get(r->doc, node, "domain"))) {
        q->domain = read_text(r, v, "domain");
        q->domain_loc = loc_of(r, v);
    }
    if ((v = ydoc_get(r->doc, node, "task"))) {
        q->task = read_text(r, v, "task");
        q->task_loc = loc_of(r, v);
    }
    if ((v = ydoc_get(r->doc, node, "sections"))) {
        read_id_list(r, v, "sections", &q->sections, &q->section_locs, &q->n_sections, true);
        if (!q->n_sections && r->diags->errors == errors_before) {
            ef_loc vloc = loc_of(r, v);
            ef_diag_add(r->diags, EF_SEV_ERROR, &vloc, "'sections' is empty");
            ef_diag_hint(r->diags, "name at least one note section the question tests");
        }
    }
    if ((v = ydoc_get(r->doc, node, "excludes")))
        read_id_list(r, v, "excludes", &q->excludes, &q->exclude_locs, &q->n_excludes, true);

    bool typed = false;
    if ((v = ydoc_get(r->doc, node, "type"))) {
        const char *t = ydoc_scalar(v, NULL);
        ef_loc vloc = loc_of(r, v);
        if (t && !strcmp(t, "single")) {
            q->type = EF_SINGLE;
            typed = true;
        } else if (t && !strcmp(t, "multiple")) {
            q->type = EF_MULTIPLE;
            typed = true;
        } else {
            static const char *const types[] = {"single", "multiple"};
            ef_diag_add(r->diags, EF_SEV_ERROR, &vloc,
                        "'type' must be single or multiple, found '%s'", t ? t : ydoc_kind(v));
            const char *s = t ? ef_suggest(t, types, 2) : NULL;
            if (s)
                ef_diag_hint(r->diags, "did you mean '%s'?", s);
        }
    }
    if ((v = ydoc_get(r->doc, node, "difficulty"))) {
        const char *d = ydoc_scalar(v, NULL);
        for (int i = EF_DIFF_EASY; i < EF_DIFF_COUNT; i++)
            if (d && !strcmp(d, difficulty_names[i]))
                q->difficulty = (ef_difficulty)i;
        if (q->difficulty == EF_DIFF_UNSET) {
            ef_loc vloc = loc_of(r, v);
            ef_diag_add(r->diags, EF_SEV_ERROR, &vloc,
                        "'difficulty' must be easy, medium or hard, found '%s'",
                        d ? d : ydoc_kind(v));
            const char *s = d ? ef_suggest(d, difficulty_names + 1, 3) : NULL;
            if (s)
                ef_diag_hint(r->diags, "did you mean '%s'?", s);
        }
    }
    if ((v = ydoc_get(r->doc, node, "stem")))
        q->stem = read_text(r, v, "stem");
    if ((v = ydoc_get(r->doc, node, "explanation")))
        q->explanation = read_text(r, v, "explanation");
    else
        ef_diag_add(r->diags, EF_SEV_WARNING, &loc, "question has no 'explanation'");
    if ((v = ydoc_get(r->doc, node, "shuffle")))
        read_bool(r, v, "shuffle", &q->shuffle);

    bool options_ok = false;
    yaml_node_t *options = ydoc_get(r->doc, node, "options");
    if (options)
        options_ok = read_options(r, options, q);
    bool answer_ok = false;
    yaml_node_t *answer = ydoc_get(r->doc, node, "answer");
    if (answer && options_ok)
        answer_ok = read_answer(r, answer, q);
    if ((v = ydoc_get(r->doc, node, "distractors")) && answer_ok)
        read_distractors(r, v, q);

    unsigned keys = mask_count(q->answer);
    yaml_node_t *choose = ydoc_get(r->doc, node, "choose");
    if (choose) {
        unsigned long c;
        ef_loc cloc = loc_of(r, choose);
        if (!ydoc_uint(choose, EF_MAX_OPTIONS, &c) || c < 1) {
            const char *s = ydoc_scalar(choose, NULL);
            ef_diag_add(r->diags, EF_SEV_ERROR, &cloc,
                        "'choose' must be a whole number from 1 to %d, found '%s'", EF_MAX_OPTIONS,
                        s ? s : ydoc_kind(choose));
        } else {
            q->choose = (unsigned)c;
            if (answer_ok && c != keys) {
                ef_diag_add(r->diags, EF_SEV_ERROR, &cloc,
                            "'choose' is %lu but 'answer' has %u key%s", c, keys,
                            keys == 1 ? "" : "s");
            } else if (typed && q->type == EF_SINGLE && c != 1) {
                ef_diag_add(r->diags, EF_SEV_ERROR, &cloc,
                            "a single-answer question has 'choose: 1' or no 'choose'");
                ef_diag_hint(r->diags, "use 'type: multiple' for more than one key");
            }
        }
    }
    if (typed && answer_ok) {
        ef_loc aloc = loc_of(r, answer);
        if (q->type == EF_SINGLE && keys != 1) {
            ef_diag_add(r->diags, EF_SEV_ERROR, &aloc,
                        "a single-answer question has exactly one key, found %u", keys);
            ef_diag_hint(r->diags, "use 'type: multiple' with 'choose: %u'", keys);
        } else if (q->type == EF_MULTIPLE && keys < 2) {
            ef_diag_add(r->diags, EF_SEV_ERROR, &aloc,
                        "a multiple-response question needs at least two keys, found %u", keys);
        } else if (q->type == EF_MULTIPLE && !choose) {
            ef_diag_add(r->diags, EF_SEV_ERROR, &loc, "multiple-response question has no 'choose'");
            ef_diag_hint(r->diags, "add 'choose: %u' (the number of keys)", keys);
        }
        if (q->type == EF_SINGLE)
            q->choose = 1;
        if (q->type == EF_SINGLE && options_ok && q->n_options != 4)
            ef_diag_add(r->diags, EF_SEV_WARNING, &loc,
                        "single-answer question has %zu options; the exam uses 4", q->n_options);
        if (q->type == EF_MULTIPLE && options_ok && keys >= q->n_options)
            ef_diag_add(r->diags, EF_SEV_ERROR, &aloc,
                        "every option is a key: a multiple-response question needs a wrong one");
        else if (q->type == EF_MULTIPLE && options_ok && q->n_options < 5)
            ef_diag_add(r->diags, EF_SEV_WARNING, &loc,
                        "multiple-response question has %zu options; the exam uses 5 or more",
                        q->n_options);
    }
    return r->diags->errors == errors_before;
}

ef_status ef_bank_parse(ef_bank *bank, const char *name, const char *buf, size_t len,
                        ef_diags *diags)
{
    ydoc doc;
    reader r = {&doc, bank, diags, ef_arena_strdup(&bank->arena, name)};
    ef_status st = ydoc_load(&doc, r.path, buf, len, diags);
    if (st)
        return st;
    yaml_node_t *root = ydoc_root(&doc);
    if (!root || ydoc_is_null(root)) {
        ef_loc loc = {r.path, 1, 1};
        ef_diag_add(diags, EF_SEV_WARNING, &loc, "question file has no questions");
        goto out;
    }
    if (root->type != YAML_SEQUENCE_NODE) {
        ef_loc loc = loc_of(&r, root);
        ef_diag_add(diags, EF_SEV_ERROR, &loc,
                    "a question file must be a list of questions, found %s", ydoc_kind(root));
        ef_diag_hint(diags, "start each question with '- id: ...'");
        st = EF_ERR_INVALID;
        goto out;
    }
    size_t errors_before = diags->errors;
    for (yaml_node_item_t *it = root->data.sequence.items.start; it < root->data.sequence.items.top;
         it++) {
        /* A file that is not a question file at all would bury the terminal: stop early. */
        if (diags->errors - errors_before >= EF_BANK_MAX_ERRORS_PER_FILE) {
            ef_loc loc = loc_of(&r, ydoc_node(&doc, *it));
            ef_diag_add(diags, EF_SEV_ERROR, &loc,
                        "too many problems in this file; stopped after %d errors",
                        EF_BANK_MAX_ERRORS_PER_FILE);
            st = EF_ERR_INVALID;
            break;
        }
        ef_question q;
        if (!read_question(&r, ydoc_node(&doc, *it), &q)) {
            st = EF_ERR_INVALID;
            continue;
        }
        size_t first;
        if (ef_bank_find(bank, q.id, &first)) {
            const ef_question *f = &bank->questions[first];
            ef_diag_add(diags, EF_SEV_ERROR, &q.loc, "duplicate question id '%s'", q.id);
            ef_diag_hint(diags, "first defined at %s:%u:%u", f->loc.path, f->loc.line, f->loc.col);
            st = EF_ERR_INVALID;
            continue;
        }
        ef_grow(&bank->questions, &bank->cap, bank->count + 1, sizeof *bank->questions);
        bank->questions[bank->count] = q;
        bank->count++;
        /* The map borrows ids from the arena, which never moves. */
        strmap_put(&bank->by_id, q.id, bank->count - 1);
    }
out:
    ydoc_release(&doc);
    return st;
}
