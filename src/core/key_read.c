/* examforge: read key.yaml back (for grading and for --exclude), checking what the grader
 * relies on: forms, items numbered in order, keys that are options, a permutation. */
#include "examforge/key.h"
#include "ydoc_int.h"

#include <stdlib.h>
#include <string.h>

typedef struct key_reader {
    ydoc *doc;
    ef_key *key;
    ef_diags *diags;
} key_reader;

static ef_loc kloc(key_reader *r, const yaml_node_t *n)
{
    ef_loc loc = ydoc_loc(r->doc, n);
    loc.path = r->key->path;
    return loc;
}

static const char *ktext(key_reader *r, yaml_node_t *map, const char *field, bool required)
{
    yaml_node_t *v = ydoc_get(r->doc, map, field);
    ef_loc loc = kloc(r, v ? v : map);
    if (!v) {
        if (required)
            ef_diag_add(r->diags, EF_SEV_ERROR, &loc, "key has no '%s'", field);
        return NULL;
    }
    size_t len;
    const char *s = ydoc_scalar(v, &len);
    if (!s || ydoc_is_null(v)) {
        ef_diag_add(r->diags, EF_SEV_ERROR, &loc, "'%s' must be text, found %s", field,
                    ydoc_kind(v));
        return NULL;
    }
    return ef_arena_strndup(&r->key->arena, s, len);
}

static bool kuint(key_reader *r, yaml_node_t *map, const char *field, unsigned long max,
                  bool required, unsigned long *out)
{
    yaml_node_t *v = ydoc_get(r->doc, map, field);
    ef_loc loc = kloc(r, v ? v : map);
    if (!v) {
        if (required)
            ef_diag_add(r->diags, EF_SEV_ERROR, &loc, "key has no '%s'", field);
        return false;
    }
    if (!ydoc_uint(v, max, out)) {
        const char *s = ydoc_scalar(v, NULL);
        ef_diag_add(r->diags, EF_SEV_ERROR, &loc, "'%s' must be a whole number, found '%s'", field,
                    s ? s : ydoc_kind(v));
        return false;
    }
    return true;
}

static bool kdouble(key_reader *r, yaml_node_t *map, const char *field, double *out)
{
    yaml_node_t *v = ydoc_get(r->doc, map, field);
    if (!v)
        return false;
    if (!ydoc_number(v, out)) {
        ef_loc loc = kloc(r, v);
        ef_diag_add(r->diags, EF_SEV_ERROR, &loc, "'%s' must be a number", field);
        return false;
    }
    return true;
}

/* A flow list of option letters, as a mask. */
static bool kletters(key_reader *r, yaml_node_t *v, const char *field, uint32_t *mask, uint8_t *seq,
                     size_t *count)
{
    ef_loc loc = kloc(r, v);
    if (!v || v->type != YAML_SEQUENCE_NODE) {
        ef_diag_add(r->diags, EF_SEV_ERROR, &loc, "'%s' must be a list of letters", field);
        return false;
    }
    *mask = 0;
    size_t n = 0;
    for (yaml_node_item_t *it = v->data.sequence.items.start; it < v->data.sequence.items.top;
         it++) {
        const char *s = ydoc_scalar(ydoc_node(r->doc, *it), NULL);
        if (!s || s[0] < 'A' || s[0] >= 'A' + EF_MAX_OPTIONS || s[1] || n >= EF_MAX_OPTIONS) {
            ef_loc iloc = kloc(r, ydoc_node(r->doc, *it));
            ef_diag_add(r->diags, EF_SEV_ERROR, &iloc, "'%s' holds '%s', not an option letter",
                        field, s ? s : "?");
            return false;
        }
        unsigned idx = (unsigned)(s[0] - 'A');
        if (*mask & (1u << idx)) {
            ef_loc iloc = kloc(r, ydoc_node(r->doc, *it));
            ef_diag_add(r->diags, EF_SEV_ERROR, &iloc, "'%s' repeats '%s'", field, s);
            return false;
        }
        *mask |= 1u << idx;
        if (seq)
            seq[n] = (uint8_t)idx;
        n++;
    }
    if (count)
        *count = n;
    return true;
}

static bool read_item(key_reader *r, yaml_node_t *node, size_t expect_number, ef_key_item *item)
{
    static const char *const fields[] = {"number", "question", "domain", "task", "sections",
                                         "type",   "choose",   "answer", "order"};
    ef_loc loc = kloc(r, node);
    memset(item, 0, sizeof *item);
    item->loc = loc;
    if (node->type != YAML_MAPPING_NODE) {
        ef_diag_add(r->diags, EF_SEV_ERROR, &loc, "a key item must be a mapping");
        return false;
    }
    size_t before = r->diags->errors;
    ydoc_check_keys(r->doc, node, fields, sizeof fields / sizeof *fields, "key item", r->diags);
    unsigned long number = 0, choose = 1;
    if (kuint(r, node, "number", 100000, true, &number) && number != expect_number) {
        ef_loc nloc = kloc(r, ydoc_get(r->doc, node, "number"));
        ef_diag_add(r->diags, EF_SEV_ERROR, &nloc, "item number %lu out of order: expected %zu",
                    number, expect_number);
    }
    item->number = (unsigned)number;
    item->question = ktext(r, node, "question", true);
    item->domain = ktext(r, node, "domain", true);
    item->task = ktext(r, node, "task", false);
    const char *type = ktext(r, node, "type", true);
    item->type = type && !strcmp(type, "multiple") ? EF_MULTIPLE : EF_SINGLE;
    if (type && strcmp(type, "single") && strcmp(type, "multiple")) {
        ef_loc tloc = kloc(r, ydoc_get(r->doc, node, "type"));
        ef_diag_add(r->diags, EF_SEV_ERROR, &tloc, "'type' must be single or multiple");
    }
    kuint(r, node, "choose", EF_MAX_OPTIONS, false, &choose);
    item->choose = (unsigned)choose;
    yaml_node_t *secs = ydoc_get(r->doc, node, "sections");
    if (secs && secs->type == YAML_SEQUENCE_NODE) {
        size_t n = (size_t)(secs->data.sequence.items.top - secs->data.sequence.items.start);
        item->sections = ef_arena_alloc(&r->key->arena, (n ? n : 1) * sizeof *item->sections);
        for (size_t i = 0; i < n; i++) {
            const char *s =
                ydoc_scalar(ydoc_node(r->doc, secs->data.sequence.items.start[i]), NULL);
            if (s)
                item->sections[item->n_sections++] = ef_arena_strdup(&r->key->arena, s);
        }
    } else if (secs) {
        ef_loc sloc = kloc(r, secs);
        ef_diag_add(r->diags, EF_SEV_ERROR, &sloc, "'sections' must be a list");
    }
    yaml_node_t *order = ydoc_get(r->doc, node, "order");
    uint32_t order_mask = 0;
    if (!order)
        ef_diag_add(r->diags, EF_SEV_ERROR, &loc, "key item has no 'order'");
    else if (kletters(r, order, "order", &order_mask, item->order, &item->n_options) &&
             order_mask != (item->n_options >= 32 ? ~0u : (1u << item->n_options) - 1)) {
        ef_loc oloc = kloc(r, order);
        ef_diag_add(r->diags, EF_SEV_ERROR, &oloc,
                    "'order' must list each of the %zu option letters once", item->n_options);
    }
    yaml_node_t *answer = ydoc_get(r->doc, node, "answer");
    size_t keys = 0;
    if (!answer)
        ef_diag_add(r->diags, EF_SEV_ERROR, &loc, "key item has no 'answer'");
    else if (kletters(r, answer, "answer", &item->answer, NULL, &keys)) {
        ef_loc aloc = kloc(r, answer);
        if (!keys)
            ef_diag_add(r->diags, EF_SEV_ERROR, &aloc, "'answer' is empty");
        else if (item->n_options && (item->answer >> item->n_options))
            ef_diag_add(r->diags, EF_SEV_ERROR, &aloc, "'answer' names a letter past the options");
        else if (keys != item->choose)
            ef_diag_add(r->diags, EF_SEV_ERROR, &aloc,
                        "'answer' has %zu letters but 'choose' is %u", keys, item->choose);
    }
    return r->diags->errors == before;
}

static void read_forms(key_reader *r, yaml_node_t *node)
{
    ef_loc loc = kloc(r, node);
    if (node->type != YAML_SEQUENCE_NODE) {
        ef_diag_add(r->diags, EF_SEV_ERROR, &loc, "'forms' must be a list");
        return;
    }
    size_t n = (size_t)(node->data.sequence.items.top - node->data.sequence.items.start);
    ef_key *key = r->key;
    key->forms = ef_arena_alloc(&key->arena, (n ? n : 1) * sizeof *key->forms);
    for (size_t f = 0; f < n; f++) {
        yaml_node_t *fn = ydoc_node(r->doc, node->data.sequence.items.start[f]);
        ef_key_form *form = &key->forms[key->n_forms];
        form->loc = kloc(r, fn);
        if (fn->type != YAML_MAPPING_NODE) {
            ef_diag_add(r->diags, EF_SEV_ERROR, &form->loc, "a form must be a mapping");
            continue;
        }
        static const char *const fields[] = {"form", "items"};
        ydoc_check_keys(r->doc, fn, fields, 2, "form", r->diags);
        form->name = ktext(r, fn, "form", true);
        if (form->name && ef_key_form_find(key, form->name)) {
            ef_diag_add(r->diags, EF_SEV_ERROR, &form->loc, "form '%s' appears twice", form->name);
            continue;
        }
        yaml_node_t *items = ydoc_get(r->doc, fn, "items");
        if (!items || items->type != YAML_SEQUENCE_NODE) {
            ef_diag_add(r->diags, EF_SEV_ERROR, &form->loc, "form needs a list of 'items'");
            continue;
        }
        size_t ni = (size_t)(items->data.sequence.items.top - items->data.sequence.items.start);
        form->items = ef_arena_alloc(&key->arena, (ni ? ni : 1) * sizeof *form->items);
        for (size_t i = 0; i < ni; i++)
            if (read_item(r, ydoc_node(r->doc, items->data.sequence.items.start[i]), i + 1,
                          &form->items[form->n_items]))
                form->n_items++;
        if (form->name)
            key->n_forms++;
    }
    if (!key->n_forms)
        ef_diag_add(r->diags, EF_SEV_ERROR, &loc, "key has no forms");
}

ef_status ef_key_parse(const char *name, const char *buf, size_t len, ef_diags *diags, ef_key **out)
{
    static const char *const fields[] = {"exam",    "blueprint", "generator", "seed", "mode",
                                         "minutes", "scoring",   "domains",   "forms"};
    *out = NULL;
    ef_key *key = ef_xcalloc(1, sizeof *key);
    ef_arena_init(&key->arena);
    key->path = ef_arena_strdup(&key->arena, name);
    key->scale_min = 100;
    key->scale_max = 1000;
    key->pass_mark = 720;
    key->raw_cut = 72;
    key->penalty = 0.25;
    ydoc doc;
    key_reader r = {&doc, key, diags};
    size_t before = diags->errors;
    ef_status st = ydoc_load(&doc, key->path, buf, len, diags);
    if (st)
        goto out;
    yaml_node_t *root = ydoc_root(&doc);
    if (!root || root->type != YAML_MAPPING_NODE) {
        ef_loc loc = root ? kloc(&r, root) : (ef_loc){key->path, 1, 1};
        ef_diag_add(diags, EF_SEV_ERROR, &loc, "a key must be a mapping with 'forms', found %s",
                    ydoc_kind(root));
        st = EF_ERR_INVALID;
        goto out;
    }
    ydoc_check_keys(&doc, root, fields, sizeof fields / sizeof *fields, "key", diags);
    key->exam = ktext(&r, root, "exam", false);
    key->blueprint = ktext(&r, root, "blueprint", false);
    key->generator = ktext(&r, root, "generator", false);
    unsigned long v;
    yaml_node_t *seed = ydoc_get(&doc, root, "seed");
    if (seed) {
        const char *s = ydoc_scalar(seed, NULL);
        char *end = NULL;
        if (s && *s >= '0' && *s <= '9')
            key->seed = strtoull(s, &end, 10);
        if (!end || *end) {
            ef_loc sloc = kloc(&r, seed);
            ef_diag_add(diags, EF_SEV_ERROR, &sloc, "'seed' must be a whole number");
        }
    }
    const char *mode = ktext(&r, root, "mode", false);
    if (mode && !ef_mode_parse(mode, &key->mode)) {
        ef_loc mloc = kloc(&r, ydoc_get(&doc, root, "mode"));
        ef_diag_add(diags, EF_SEV_ERROR, &mloc, "'mode' must be shuffle or parallel");
    }
    if (kuint(&r, root, "minutes", 100000, false, &v))
        key->minutes = (unsigned)v;
    yaml_node_t *scoring = ydoc_get(&doc, root, "scoring");
    if (scoring && scoring->type == YAML_MAPPING_NODE) {
        if (kuint(&r, scoring, "scale_min", 100000, false, &v))
            key->scale_min = (unsigned)v;
        if (kuint(&r, scoring, "scale_max", 100000, false, &v))
            key->scale_max = (unsigned)v;
        if (kuint(&r, scoring, "pass", 100000, false, &v))
            key->pass_mark = (unsigned)v;
        kdouble(&r, scoring, "raw_cut", &key->raw_cut);
        kdouble(&r, scoring, "penalty", &key->penalty);
        const char *rule = ktext(&r, scoring, "multiple_response", false);
        if (rule && !ef_scoring_rule_parse(rule, &key->rule)) {
            ef_loc rloc = kloc(&r, ydoc_get(&doc, scoring, "multiple_response"));
            ef_diag_add(diags, EF_SEV_ERROR, &rloc, "unknown scoring rule '%s'", rule);
        }
        if (!(key->scale_min < key->pass_mark && key->pass_mark < key->scale_max) ||
            !(key->raw_cut > 0 && key->raw_cut < 100)) {
            ef_loc sloc = kloc(&r, scoring);
            ef_diag_add(diags, EF_SEV_ERROR, &sloc,
                        "scoring needs scale_min < pass < scale_max and 0 < raw_cut < 100");
        }
    }
    yaml_node_t *domains = ydoc_get(&doc, root, "domains");
    if (domains && domains->type == YAML_SEQUENCE_NODE) {
        size_t n = (size_t)(domains->data.sequence.items.top - domains->data.sequence.items.start);
        key->domains = ef_arena_alloc(&key->arena, (n ? n : 1) * sizeof *key->domains);
        for (size_t i = 0; i < n; i++) {
            yaml_node_t *d = ydoc_node(&doc, domains->data.sequence.items.start[i]);
            ef_key_domain *kd = &key->domains[key->n_domains];
            kd->id = ktext(&r, d, "id", true);
            kd->name = ktext(&r, d, "name", false);
            if (!kd->name)
                kd->name = kd->id;
            kdouble(&r, d, "weight", &kd->weight);
            bool repeated = false;
            for (size_t j = 0; kd->id && j < key->n_domains && !repeated; j++)
                repeated = !strcmp(key->domains[j].id, kd->id);
            if (repeated) {
                ef_loc dloc = kloc(&r, d);
                ef_diag_add(diags, EF_SEV_ERROR, &dloc, "domain '%s' appears twice", kd->id);
            } else if (kd->id)
                key->n_domains++;
        }
    }
    yaml_node_t *forms = ydoc_get(&doc, root, "forms");
    if (!forms) {
        ef_loc loc = kloc(&r, root);
        ef_diag_add(diags, EF_SEV_ERROR, &loc, "key has no 'forms'");
        ef_diag_hint(diags, "is this a key.yaml written by 'examforge generate'?");
    } else
        read_forms(&r, forms);
    if (diags->errors > before)
        st = EF_ERR_INVALID;
out:
    ydoc_release(&doc);
    if (st)
        ef_key_free(key);
    else
        *out = key;
    return st;
}

void ef_key_free(ef_key *key)
{
    if (!key)
        return;
    ef_arena_release(&key->arena);
    free(key);
}

size_t ef_key_max_items(const ef_key *key)
{
    size_t most = 0;
    for (size_t f = 0; f < key->n_forms; f++)
        most = key->forms[f].n_items > most ? key->forms[f].n_items : most;
    return most;
}

size_t ef_key_form_index(const ef_key *key, const char *name, size_t len)
{
    for (size_t f = 0; f < key->n_forms; f++) {
        const char *have = key->forms[f].name;
        if (have && strlen(have) == len && !memcmp(have, name, len))
            return f;
    }
    return SIZE_MAX;
}

const ef_key_form *ef_key_form_find(const ef_key *key, const char *name)
{
    size_t f = ef_key_form_index(key, name, strlen(name));
    return f == SIZE_MAX ? NULL : &key->forms[f];
}
