/* examforge: the exam blueprint: length, time, scoring rules, domains and task statements. */
#ifndef EXAMFORGE_BLUEPRINT_H
#define EXAMFORGE_BLUEPRINT_H

#include "examforge/alloc.h"
#include "examforge/bank.h"
#include "examforge/diag.h"
#include "examforge/status.h"

#include <stdbool.h>
#include <stddef.h>

typedef enum ef_scoring_rule {
    EF_RULE_ALL_OR_NOTHING, /**< a multiple-response item scores 1 only with exactly the keys */
    EF_RULE_PARTIAL,        /**< (right picks − wrong picks) / choose, floored at 0 */
    EF_RULE_NEGATIVE,       /**< 1 if exactly right, −penalty if answered wrong, 0 if blank */
    EF_RULE_COUNT
} ef_scoring_rule;

/** "all-or-nothing", "partial", "negative". */
const char *ef_scoring_rule_name(ef_scoring_rule rule);
/** Parse a rule name; false if unknown. */
bool ef_scoring_rule_parse(const char *name, ef_scoring_rule *rule);

typedef struct ef_task {
    const char *id; /**< "1.3" */
    const char *name;
} ef_task;

typedef struct ef_domain {
    const char *id; /**< "1" */
    const char *name;
    double weight; /**< percent */
    ef_task *tasks;
    size_t n_tasks;
    ef_loc loc;
} ef_domain;

/** A loaded blueprint. Read its fields directly; strings live in its arena. */
typedef struct ef_blueprint {
    const char *name; /**< exam name */
    const char *code; /**< short code, e.g. "saa-c03" */
    unsigned questions;
    unsigned minutes;
    unsigned scale_min, scale_max, pass_mark; /**< 100, 1000, 720 */
    double raw_cut;                           /**< percent correct that maps to pass_mark */
    ef_scoring_rule rule;
    double penalty; /**< for EF_RULE_NEGATIVE: points lost per wrong answer */
    ef_domain *domains;
    size_t n_domains;
    /* Optional mix (0 when not given): percent of multiple-response items; difficulty shares. */
    double multiple_share;
    bool has_multiple_share;
    double difficulty_share[EF_DIFF_COUNT];
    bool has_difficulty_mix;
    const char *path;
    ef_arena arena; /**< owns every string above */
} ef_blueprint;

/** Parse a blueprint's bytes. On success `*out` is a new blueprint the caller frees with
 *  `ef_blueprint_free`; on failure `*out` is NULL and every problem is in `diags`
 *  (EF_ERR_PARSE malformed YAML, EF_ERR_INVALID a broken rule such as weights not adding to
 *  100). */
ef_status ef_blueprint_parse(const char *name, const char *buf, size_t len, ef_diags *diags,
                             ef_blueprint **out);
void ef_blueprint_free(ef_blueprint *blueprint);

/** Domain with `id`, or NULL; `ef_blueprint_task` likewise inside a domain. */
const ef_domain *ef_blueprint_domain(const ef_blueprint *blueprint, const char *id);
const ef_task *ef_blueprint_task(const ef_domain *domain, const char *id);

/** Largest-remainder apportionment of `total` items over the domains' weights; ties go to
 *  the smaller domain id (string order). `counts` has n_domains entries. */
void ef_blueprint_apportion(const ef_blueprint *blueprint, unsigned total, unsigned *counts);

#endif
