/* examforge: adapter over libyaml's document API: positions, field checks, scalar parsing. */
#include "ydoc_int.h"

#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static ef_loc offset_loc(const char *name, const char *buf, size_t len, size_t offset)
{
    ef_loc loc = {name, 1, 1};
    for (size_t i = 0; i < offset && i < len; i++) {
        if (buf[i] == '\n') {
            loc.line++;
            loc.col = 1;
        } else if (((unsigned char)buf[i] & 0xC0) != 0x80) {
            loc.col++;
        }
    }
    return loc;
}

/* Open collections while building: the node and its items (or key/value pairs) so far. */
typedef struct open_node {
    int index;
    int *items;
    size_t n, cap;
    int pending_key; /* mappings: the key waiting for its value, 0 if none */
} open_node;

typedef struct anchor {
    const char *name;
    int index;
} anchor;

static void parse_error(yaml_parser_t *parser, const char *name, const char *buf, size_t len,
                        ef_diags *diags)
{
    ef_loc loc;
    if (parser->error == YAML_READER_ERROR)
        loc = offset_loc(name, buf, len, parser->problem_offset);
    else {
        /* A problem found only at an empty line or the end of input ("could not find
         * expected ':'") belongs to the construct that began earlier: point there. */
        yaml_mark_t m = parser->problem_mark;
        bool at_nothing = m.index >= len || buf[m.index] == '\n' || buf[m.index] == '\r';
        if (parser->context && at_nothing && parser->context_mark.line < m.line)
            m = parser->context_mark;
        loc.path = name;
        loc.line = (unsigned)m.line + 1;
        loc.col = (unsigned)m.column + 1;
    }
    const char *problem = parser->problem ? parser->problem : "unknown problem";
    if (parser->context)
        ef_diag_add(diags, EF_SEV_ERROR, &loc, "invalid YAML: %s %s", problem, parser->context);
    else
        ef_diag_add(diags, EF_SEV_ERROR, &loc, "invalid YAML: %s", problem);
}

static int new_node(ydoc *d, yaml_node_type_t type, yaml_mark_t start)
{
    ef_grow(&d->nodes, &d->cap, d->count + 1, sizeof *d->nodes);
    yaml_node_t *n = &d->nodes[d->count++];
    memset(n, 0, sizeof *n);
    n->type = type;
    n->start_mark = start;
    return (int)d->count;
}

static void remember_anchor(ydoc *d, anchor **anchors, size_t *n, size_t *cap,
                            const yaml_char_t *name, int index)
{
    if (!name)
        return;
    ef_grow(anchors, cap, *n + 1, sizeof **anchors);
    (*anchors)[*n].name = ef_arena_strdup(&d->arena, (const char *)name);
    (*anchors)[*n].index = index;
    (*n)++;
}

/* Add node `index` to the innermost open collection. */
static void attach(open_node *top, int index, yaml_node_t *nodes)
{
    if (!top)
        return;
    if (nodes[top->index - 1].type == YAML_MAPPING_NODE) {
        if (!top->pending_key) {
            top->pending_key = index;
            return;
        }
        ef_grow(&top->items, &top->cap, top->n + 2, sizeof *top->items);
        top->items[top->n++] = top->pending_key;
        top->items[top->n++] = index;
        top->pending_key = 0;
        return;
    }
    ef_grow(&top->items, &top->cap, top->n + 1, sizeof *top->items);
    top->items[top->n++] = index;
}

/* Close a collection: its items move into the arena, where the node points at them. */
static void close_node(ydoc *d, open_node *o)
{
    yaml_node_t *n = &d->nodes[o->index - 1];
    if (n->type == YAML_SEQUENCE_NODE) {
        yaml_node_item_t *items = ef_arena_alloc(&d->arena, (o->n ? o->n : 1) * sizeof *items);
        if (o->n)
            memcpy(items, o->items, o->n * sizeof *items);
        n->data.sequence.items.start = items;
        n->data.sequence.items.top = n->data.sequence.items.end = items + o->n;
    } else {
        size_t pairs_n = o->n / 2;
        yaml_node_pair_t *pairs =
            ef_arena_alloc(&d->arena, (pairs_n ? pairs_n : 1) * sizeof *pairs);
        for (size_t i = 0; i < pairs_n; i++) {
            pairs[i].key = o->items[2 * i];
            pairs[i].value = o->items[2 * i + 1];
        }
        n->data.mapping.pairs.start = pairs;
        n->data.mapping.pairs.top = n->data.mapping.pairs.end = pairs + pairs_n;
    }
    free(o->items);
}

ef_status ydoc_load(ydoc *d, const char *name, const char *buf, size_t len, ef_diags *diags)
{
    memset(d, 0, sizeof *d);
    ef_arena_init(&d->arena);
    d->name = name;
    if (len > YDOC_MAX_BYTES) {
        ef_loc loc = {name, 0, 0};
        ef_diag_add(diags, EF_SEV_ERROR, &loc, "file is larger than %u MiB; not read",
                    YDOC_MAX_BYTES >> 20);
        return EF_ERR_LIMIT;
    }
    yaml_parser_t parser;
    if (!yaml_parser_initialize(&parser)) {
        ef_loc loc = {name, 0, 0};
        ef_diag_add(diags, EF_SEV_ERROR, &loc, "cannot initialise the YAML parser");
        return EF_ERR_PARSE;
    }
    yaml_parser_set_input_string(&parser, (const unsigned char *)buf, len);
    open_node stack[YDOC_MAX_DEPTH + 2];
    size_t depth = 0;
    anchor *anchors = NULL;
    size_t n_anchors = 0, anchors_cap = 0;
    ef_status st = EF_OK;
    bool in_document = false, done = false;
    while (!done) {
        yaml_event_t ev;
        if (!yaml_parser_parse(&parser, &ev)) {
            parse_error(&parser, name, buf, len, diags);
            st = EF_ERR_PARSE;
            break;
        }
        open_node *top = depth ? &stack[depth - 1] : NULL;
        switch (ev.type) {
        case YAML_DOCUMENT_START_EVENT:
            in_document = true;
            break;
        case YAML_DOCUMENT_END_EVENT:
        case YAML_STREAM_END_EVENT:
            done = in_document || ev.type == YAML_STREAM_END_EVENT; /* first document only */
            break;
        case YAML_SCALAR_EVENT: {
            int idx = new_node(d, YAML_SCALAR_NODE, ev.start_mark);
            yaml_node_t *n = &d->nodes[idx - 1];
            n->data.scalar.value = (yaml_char_t *)ef_arena_strndup(
                &d->arena, (const char *)ev.data.scalar.value, ev.data.scalar.length);
            n->data.scalar.length = ev.data.scalar.length;
            n->data.scalar.style = ev.data.scalar.style;
            remember_anchor(d, &anchors, &n_anchors, &anchors_cap, ev.data.scalar.anchor, idx);
            attach(top, idx, d->nodes);
            break;
        }
        case YAML_SEQUENCE_START_EVENT:
        case YAML_MAPPING_START_EVENT: {
            bool seq = ev.type == YAML_SEQUENCE_START_EVENT;
            int idx = new_node(d, seq ? YAML_SEQUENCE_NODE : YAML_MAPPING_NODE, ev.start_mark);
            remember_anchor(d, &anchors, &n_anchors, &anchors_cap,
                            seq ? ev.data.sequence_start.anchor : ev.data.mapping_start.anchor,
                            idx);
            attach(top, idx, d->nodes);
            /* libyaml's scanner slows down quadratically with flow nesting ("[[[[…") and
             * tokens are read lazily: stopping here bounds the work as well as the depth. */
            if (depth >= YDOC_MAX_DEPTH) {
                ef_loc loc = {name, (unsigned)ev.start_mark.line + 1,
                              (unsigned)ev.start_mark.column + 1};
                ef_diag_add(diags, EF_SEV_ERROR, &loc,
                            "YAML nested deeper than %d levels; not read", YDOC_MAX_DEPTH);
                st = EF_ERR_LIMIT;
                done = true;
                break;
            }
            stack[depth++] = (open_node){idx, NULL, 0, 0, 0};
            break;
        }
        case YAML_SEQUENCE_END_EVENT:
        case YAML_MAPPING_END_EVENT:
            if (depth)
                close_node(d, &stack[--depth]);
            break;
        case YAML_ALIAS_EVENT: {
            /* An alias is the anchored node itself: shared, never copied or expanded. */
            int idx = 0;
            for (size_t a = n_anchors; a > 0 && !idx; a--)
                if (!strcmp(anchors[a - 1].name, (const char *)ev.data.alias.anchor))
                    idx = anchors[a - 1].index;
            if (!idx) {
                ef_loc loc = {name, (unsigned)ev.start_mark.line + 1,
                              (unsigned)ev.start_mark.column + 1};
                ef_diag_add(diags, EF_SEV_ERROR, &loc, "invalid YAML: unknown anchor '%s'",
                            (const char *)ev.data.alias.anchor);
                st = EF_ERR_PARSE;
                done = true;
                break;
            }
            attach(top, idx, d->nodes);
            break;
        }
        default:
            break;
        }
        yaml_event_delete(&ev);
    }
    while (depth) /* after an error: free what is still open */
        free(stack[--depth].items);
    free(anchors);
    yaml_parser_delete(&parser);
    if (st) {
        ydoc_release(d);
        return st;
    }
    d->loaded = true;
    return EF_OK;
}

void ydoc_release(ydoc *d)
{
    free(d->nodes);
    d->nodes = NULL;
    d->count = d->cap = 0;
    ef_arena_release(&d->arena);
    d->loaded = false;
}

yaml_node_t *ydoc_root(ydoc *d)
{
    return d->loaded && d->count ? &d->nodes[0] : NULL;
}

yaml_node_t *ydoc_node(ydoc *d, int index)
{
    return index >= 1 && (size_t)index <= d->count ? &d->nodes[index - 1] : NULL;
}

ef_loc ydoc_loc(const ydoc *d, const yaml_node_t *node)
{
    ef_loc loc = {d->name, 0, 0};
    if (node) {
        loc.line = (unsigned)node->start_mark.line + 1;
        loc.col = (unsigned)node->start_mark.column + 1;
    }
    return loc;
}

const char *ydoc_kind(const yaml_node_t *node)
{
    if (!node)
        return "nothing";
    switch (node->type) {
    case YAML_MAPPING_NODE:
        return "a mapping";
    case YAML_SEQUENCE_NODE:
        return "a sequence";
    case YAML_SCALAR_NODE:
        return ydoc_is_null(node) ? "null" : "a scalar";
    default:
        return "nothing";
    }
}

const char *ydoc_scalar(const yaml_node_t *node, size_t *len)
{
    if (!node || node->type != YAML_SCALAR_NODE)
        return NULL;
    if (len)
        *len = node->data.scalar.length;
    return (const char *)node->data.scalar.value;
}

bool ydoc_is_null(const yaml_node_t *node)
{
    if (!node || node->type != YAML_SCALAR_NODE)
        return false;
    if (node->data.scalar.style != YAML_PLAIN_SCALAR_STYLE)
        return false;
    const char *s = (const char *)node->data.scalar.value;
    return !*s || !strcmp(s, "~") || !strcmp(s, "null") || !strcmp(s, "Null") || !strcmp(s, "NULL");
}

/* Key equality, the first byte tested before a call: most keys differ there (a question's
 * keys are looked up and checked for every one of 10,000 questions). */
static inline bool same_key(const char *a, const char *b)
{
    return a[0] == b[0] && strcmp(a, b) == 0;
}

size_t ydoc_check_keys(ydoc *d, yaml_node_t *map, const char *const *allowed, size_t n_allowed,
                       const char *what, ef_diags *diags)
{
    size_t reported = 0;
    for (yaml_node_pair_t *p = map->data.mapping.pairs.start; p < map->data.mapping.pairs.top;
         p++) {
        yaml_node_t *key = ydoc_node(d, p->key);
        ef_loc loc = ydoc_loc(d, key);
        const char *k = ydoc_scalar(key, NULL);
        if (!k) {
            ef_diag_add(diags, EF_SEV_ERROR, &loc, "%s key must be a scalar, found %s", what,
                        ydoc_kind(key));
            reported++;
            continue;
        }
        bool known = false;
        for (size_t i = 0; i < n_allowed && !known; i++)
            known = same_key(k, allowed[i]);
        if (!known) {
            ef_diag_add(diags, EF_SEV_ERROR, &loc, "unknown field '%s' in %s", k, what);
            const char *s = ef_suggest(k, allowed, n_allowed);
            if (s)
                ef_diag_hint(diags, "did you mean '%s'?", s);
            reported++;
        }
        for (yaml_node_pair_t *q = map->data.mapping.pairs.start; q < p; q++) {
            const char *k2 = ydoc_scalar(ydoc_node(d, q->key), NULL);
            if (k2 && same_key(k, k2)) {
                ef_loc first = ydoc_loc(d, ydoc_node(d, q->key));
                ef_diag_add(diags, EF_SEV_ERROR, &loc, "duplicate field '%s' in %s", k, what);
                ef_diag_hint(diags, "first given at line %u, column %u", first.line, first.col);
                reported++;
                break;
            }
        }
    }
    return reported;
}

yaml_node_t *ydoc_get(ydoc *d, yaml_node_t *map, const char *key)
{
    if (!map || map->type != YAML_MAPPING_NODE)
        return NULL;
    for (yaml_node_pair_t *p = map->data.mapping.pairs.start; p < map->data.mapping.pairs.top;
         p++) {
        const char *k = ydoc_scalar(ydoc_node(d, p->key), NULL);
        if (k && same_key(k, key))
            return ydoc_node(d, p->value);
    }
    return NULL;
}

bool ydoc_uint(const yaml_node_t *node, unsigned long max, unsigned long *out)
{
    size_t len;
    const char *s = ydoc_scalar(node, &len);
    if (!s || !len || len > 20)
        return false;
    for (size_t i = 0; i < len; i++)
        if (s[i] < '0' || s[i] > '9')
            return false;
    errno = 0;
    char *end;
    unsigned long v = strtoul(s, &end, 10);
    if (errno || *end || v > max)
        return false;
    *out = v;
    return true;
}

bool ydoc_number(const yaml_node_t *node, double *out)
{
    size_t len;
    const char *s = ydoc_scalar(node, &len);
    if (!s || !len || len > 64)
        return false;
    if (!((s[0] >= '0' && s[0] <= '9') || s[0] == '-' || s[0] == '+' || s[0] == '.'))
        return false;
    errno = 0;
    char *end;
    double v = strtod(s, &end);
    if (errno || *end || !isfinite(v))
        return false;
    *out = v;
    return true;
}
