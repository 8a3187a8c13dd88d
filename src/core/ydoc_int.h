/* examforge (private): libyaml's document API with positions and field checks. Only the YAML
 * loaders include this (and so yaml.h). */
#ifndef EXAMFORGE_YDOC_INT_H
#define EXAMFORGE_YDOC_INT_H

#include "examforge/alloc.h"
#include "examforge/diag.h"
#include "examforge/status.h"

#include <stdbool.h>
#include <yaml.h>

/* Limits that keep hostile input from exhausting time or memory. */
enum { YDOC_MAX_DEPTH = 256, YDOC_MAX_BYTES = 256u << 20 };

/* A loaded document: libyaml's node structs, built from parser events into an arena (one
 * release frees it all), so loading costs little more than libyaml's own event parse. */
typedef struct ydoc {
    ef_arena arena;
    yaml_node_t *nodes; /* node index i (1-based, as in items and pairs) is nodes[i - 1] */
    size_t count, cap;
    const char *name; /* display name, borrowed */
    bool loaded;
} ydoc;

/** Parse the first YAML document of `buf`. A syntax error goes to `diags` with its position
 *  and returns EF_ERR_PARSE; input over YDOC_MAX_BYTES or nested deeper than YDOC_MAX_DEPTH
 *  returns EF_ERR_LIMIT. An empty input loads with a NULL root. */
ef_status ydoc_load(ydoc *d, const char *name, const char *buf, size_t len, ef_diags *diags);
void ydoc_release(ydoc *d);

yaml_node_t *ydoc_root(ydoc *d);
/** Node by index (as found in sequences and pairs); NULL if out of range. */
yaml_node_t *ydoc_node(ydoc *d, int index);
ef_loc ydoc_loc(const ydoc *d, const yaml_node_t *node);
/** "a mapping", "a sequence", "a scalar" (for "expected X, found Y" messages). */
const char *ydoc_kind(const yaml_node_t *node);
/** The scalar's text, or NULL for a non-scalar. `len` may be NULL. Plain `~`/`null`/empty is
 *  reported by `ydoc_is_null`. */
const char *ydoc_scalar(const yaml_node_t *node, size_t *len);
bool ydoc_is_null(const yaml_node_t *node);

/** Report every key of `map` that is not in `allowed` (with a suggestion) or repeats an earlier
 *  key (naming both places), and every key that is not a scalar. Returns the number reported. */
size_t ydoc_check_keys(ydoc *d, yaml_node_t *map, const char *const *allowed, size_t n_allowed,
                       const char *what, ef_diags *diags);
/** Value node for `key` in `map`, or NULL (first match). */
yaml_node_t *ydoc_get(ydoc *d, yaml_node_t *map, const char *key);

/** Parse a whole non-negative decimal integer scalar; false if not one (or out of range). */
bool ydoc_uint(const yaml_node_t *node, unsigned long max, unsigned long *out);
/** Parse a finite decimal number scalar; false if not one. */
bool ydoc_number(const yaml_node_t *node, double *out);

#endif
