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

/* libyaml's scanner slows down quadratically with flow nesting ("[[[[…"), and its loader
 * recurses once per level: refuse deep nesting before handing the bytes over. Brackets in
 * quoted scalars and comments do not count; stray ones in plain text only ever add up to a
 * false alarm after YDOC_MAX_DEPTH unclosed brackets. */
static size_t too_deep(const char *buf, size_t len)
{
    size_t depth = 0;
    char quote = 0;
    bool line_start = true, after_space = true;
    for (size_t i = 0; i < len; i++) {
        char c = buf[i];
        if (quote) {
            if (c == quote && !(quote == '"' && i && buf[i - 1] == '\\'))
                quote = 0;
            continue;
        }
        if (c == '#' && (line_start || after_space)) {
            while (i < len && buf[i] != '\n')
                i++;
            line_start = true;
            continue;
        }
        if ((c == '"' || c == '\'') && after_space)
            quote = c;
        else if (c == '[' || c == '{') {
            if (++depth > YDOC_MAX_DEPTH)
                return i;
        } else if ((c == ']' || c == '}') && depth)
            depth--;
        line_start = c == '\n';
        after_space =
            c == ' ' || c == '\t' || c == '\n' || c == '[' || c == '{' || c == ',' || c == ':';
    }
    return SIZE_MAX;
}

ef_status ydoc_load(ydoc *d, const char *name, const char *buf, size_t len, ef_diags *diags)
{
    memset(d, 0, sizeof *d);
    d->name = name;
    if (len > YDOC_MAX_BYTES) {
        ef_loc loc = {name, 0, 0};
        ef_diag_add(diags, EF_SEV_ERROR, &loc, "file is larger than %u MiB; not read",
                    YDOC_MAX_BYTES >> 20);
        return EF_ERR_LIMIT;
    }
    size_t deep = too_deep(buf, len);
    if (deep != SIZE_MAX) {
        ef_loc loc = offset_loc(name, buf, len, deep);
        ef_diag_add(diags, EF_SEV_ERROR, &loc, "YAML nested deeper than %d levels; not read",
                    YDOC_MAX_DEPTH);
        return EF_ERR_LIMIT;
    }
    yaml_parser_t parser;
    if (!yaml_parser_initialize(&parser)) {
        ef_loc loc = {name, 0, 0};
        ef_diag_add(diags, EF_SEV_ERROR, &loc, "cannot initialise the YAML parser");
        return EF_ERR_PARSE;
    }
    yaml_parser_set_input_string(&parser, (const unsigned char *)buf, len);
    if (!yaml_parser_load(&parser, &d->doc)) {
        ef_loc loc;
        if (parser.error == YAML_READER_ERROR)
            loc = offset_loc(name, buf, len, parser.problem_offset);
        else {
            /* A problem found only at an empty line or the end of input ("could not find
             * expected ':'") belongs to the construct that began earlier: point there. */
            yaml_mark_t m = parser.problem_mark;
            bool at_nothing = m.index >= len || buf[m.index] == '\n' || buf[m.index] == '\r';
            if (parser.context && at_nothing && parser.context_mark.line < m.line)
                m = parser.context_mark;
            loc.path = name;
            loc.line = (unsigned)m.line + 1;
            loc.col = (unsigned)m.column + 1;
        }
        const char *problem = parser.problem ? parser.problem : "unknown problem";
        if (parser.context)
            ef_diag_add(diags, EF_SEV_ERROR, &loc, "invalid YAML: %s %s", problem, parser.context);
        else
            ef_diag_add(diags, EF_SEV_ERROR, &loc, "invalid YAML: %s", problem);
        yaml_parser_delete(&parser);
        return EF_ERR_PARSE;
    }
    yaml_parser_delete(&parser);
    d->loaded = true;
    return EF_OK;
}

void ydoc_release(ydoc *d)
{
    if (d->loaded)
        yaml_document_delete(&d->doc);
    d->loaded = false;
}

yaml_node_t *ydoc_root(ydoc *d)
{
    return d->loaded ? yaml_document_get_root_node(&d->doc) : NULL;
}

yaml_node_t *ydoc_node(ydoc *d, int index)
{
    return yaml_document_get_node(&d->doc, index);
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
            known = strcmp(k, allowed[i]) == 0;
        if (!known) {
            ef_diag_add(diags, EF_SEV_ERROR, &loc, "unknown field '%s' in %s", k, what);
            const char *s = ef_suggest(k, allowed, n_allowed);
            if (s)
                ef_diag_hint(diags, "did you mean '%s'?", s);
            reported++;
        }
        for (yaml_node_pair_t *q = map->data.mapping.pairs.start; q < p; q++) {
            const char *k2 = ydoc_scalar(ydoc_node(d, q->key), NULL);
            if (k2 && strcmp(k, k2) == 0) {
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
        if (k && strcmp(k, key) == 0)
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
