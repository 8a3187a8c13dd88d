/* examforge: the answer key (key.yaml) that the generator writes and the grader reads. */
#ifndef EXAMFORGE_KEY_H
#define EXAMFORGE_KEY_H

#include "examforge/alloc.h"
#include "examforge/bank.h"
#include "examforge/blueprint.h"
#include "examforge/diag.h"
#include "examforge/sampler.h"
#include "examforge/status.h"

#include <stddef.h>
#include <stdint.h>

/** One item of a form as the key records it. Letters are the displayed ones. */
typedef struct ef_key_item {
    unsigned number; /**< 1-based position on the form */
    const char *question, *domain, *task;
    const char **sections;
    size_t n_sections;
    ef_qtype type;
    unsigned choose;
    size_t n_options;
    uint32_t answer;               /**< keys, displayed letters */
    uint8_t order[EF_MAX_OPTIONS]; /**< displayed option i is the bank's option order[i] */
    ef_loc loc;
} ef_key_item;

typedef struct ef_key_form {
    const char *name;
    ef_key_item *items;
    size_t n_items;
    ef_loc loc;
} ef_key_form;

typedef struct ef_key_domain {
    const char *id, *name;
    double weight;
} ef_key_domain;

/** A parsed key. Strings live in its arena. */
typedef struct ef_key {
    const char *exam, *blueprint, *generator;
    uint64_t seed;
    ef_mode mode;
    unsigned minutes;
    /* Scoring rules copied from the blueprint when the key was made. */
    unsigned scale_min, scale_max, pass_mark;
    double raw_cut, penalty;
    ef_scoring_rule rule;
    ef_key_domain *domains;
    size_t n_domains;
    ef_key_form *forms;
    size_t n_forms;
    const char *path;
    ef_arena arena;
} ef_key;

/** Append key.yaml for `exam` (drawn from `bank` by `blueprint`) to `out`. `generator` names
 *  the program and version recorded in the key. */
void ef_key_write(const ef_exam *exam, const ef_bank *bank, const ef_blueprint *blueprint,
                  const char *generator, ef_buf *out);

/** Parse key.yaml bytes. On success `*out` is a new key (free with `ef_key_free`); on failure
 *  NULL, with every problem in `diags` (EF_ERR_PARSE, EF_ERR_INVALID). */
ef_status ef_key_parse(const char *name, const char *buf, size_t len, ef_diags *diags,
                       ef_key **out);
void ef_key_free(ef_key *key);

/** The form called `name`, or NULL. */
const ef_key_form *ef_key_form_find(const ef_key *key, const char *name);
/** Items on the longest form (0 when there are no forms). */
size_t ef_key_max_items(const ef_key *key);
/** Index of the form called `name` (`len` bytes, which need not end in NUL, so a CSV cell can
 *  be looked up in place), or SIZE_MAX. */
size_t ef_key_form_index(const ef_key *key, const char *name, size_t len);

#endif
