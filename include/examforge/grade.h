/* examforge: score a class against a key: raw, percent, scaled score with a readiness
 * interval, per domain, task and note section; weak areas; item analysis. */
#ifndef EXAMFORGE_GRADE_H
#define EXAMFORGE_GRADE_H

#include "examforge/answers.h"
#include "examforge/blueprint.h"
#include "examforge/key.h"

#include <stdbool.h>
#include <stddef.h>

typedef struct ef_grade_options {
    ef_scoring_rule rule; /**< how multiple-response items score */
    double penalty;       /**< points lost per wrong answer under EF_RULE_NEGATIVE */
    double threshold;     /**< percent below which an area is weak (default: the raw cut) */
    unsigned min_items;   /**< items an area needs before it can be called weak (default 2) */
} ef_grade_options;

/** Options from the key's scoring rules (rule, penalty, threshold = raw cut, min_items 2). */
void ef_grade_options_from_key(ef_grade_options *options, const ef_key *key);

/** Score of one answer (`mask` from ef_response, displayed letters) on one key item:
 *  all-or-nothing: 1 if exactly the keys, else 0;
 *  partial: single 1/0; multiple max(0, (right − wrong) / choose);
 *  negative: 1 if exactly the keys, 0 if blank, −penalty otherwise.
 *  An answer marked EF_ANSWER_INVALID scores as a wrong answer. */
double ef_item_score(const ef_key_item *item, uint32_t mask, const ef_grade_options *options);

/** Scaled score: 0 % → scale_min, raw_cut → pass, 100 % → scale_max, linear in between,
 *  rounded to a whole number. */
unsigned ef_scaled_score(double percent, const ef_key *key);

/** 95 % Wilson interval for a share `p` of `n` items (percentages out). */
void ef_wilson_interval(double p, size_t n, double *low, double *high);

/** One area (domain, task or section) of one student, or of the class. */
typedef struct ef_area {
    double score;    /**< points earned */
    unsigned items;  /**< items seen */
    unsigned missed; /**< items not fully right */
} ef_area;

typedef struct ef_student_result {
    const ef_response *response;
    double raw, percent;
    unsigned scaled, scaled_low, scaled_high; /**< score and its 95 % interval */
    bool pass;
    unsigned correct; /**< items exactly right */
} ef_student_result;

enum {
    EF_FLAG_EASY = 1,       /**< facility above 0.90 */
    EF_FLAG_HARD = 2,       /**< facility below 0.25 */
    EF_FLAG_FLAT = 4,       /**< discrimination below 0.15 */
    EF_FLAG_DISTRACTOR = 8, /**< the top group prefers a wrong option to a key */
};

/** Item analysis for one bank question across every form it appeared on. Option counts use
 *  the bank's own letters (mapped back through each form's order). */
typedef struct ef_item_stats {
    const char *question, *domain, *task;
    unsigned n;            /**< students who saw it */
    double facility;       /**< share exactly right */
    double discrimination; /**< corrected item-total point-biserial correlation */
    unsigned chosen[EF_MAX_OPTIONS];
    unsigned top_chosen[EF_MAX_OPTIONS]; /**< the same, among the top 27 % by total */
    unsigned top_n, blank;
    size_t n_options;
    uint32_t answer; /**< bank letters */
    unsigned flags;
} ef_item_stats;

typedef struct ef_form_stats {
    const char *name;
    unsigned n;
    double mean, sd;  /**< of items exactly right */
    double kr20, sem; /**< reliability, standard error of measurement (items) */
} ef_form_stats;

/** The class's results. Read fields directly; free with `ef_gradebook_free`. */
typedef struct ef_gradebook {
    const ef_key *key;
    ef_grade_options options;
    ef_student_result *students; /**< in response order */
    size_t n_students;
    /* Areas, in first-seen order of the key: domains (the key's list first), tasks, sections. */
    const char **domain_ids, **task_ids, **section_ids;
    size_t n_domains, n_tasks, n_sections;
    double *domain_weight;  /**< per domain */
    double *section_weight; /**< the highest weight of the domains whose items tag it */
    size_t *task_domain;    /**< domain index of each task */
    ef_area *class_domains, *class_tasks, *class_sections; /**< summed over students */
    unsigned *section_weak_students; /**< students for whom the section is weak */
    size_t *class_weak_sections;     /**< ranked indices into section_ids */
    size_t n_class_weak_sections;
    ef_item_stats *items;
    size_t n_items;
    ef_form_stats *forms;
    double mean_scaled, median_scaled, mean_percent, pass_rate;
} ef_gradebook;

/** Score every response. Never fails: every record in `responses` has a form of `key`. */
ef_gradebook *ef_grade(const ef_key *key, const ef_responses *responses,
                       const ef_grade_options *options);
void ef_gradebook_free(ef_gradebook *book);

/** The key's name for area domain `d` (its id when the key names none). */
const char *ef_gradebook_domain_name(const ef_gradebook *book, size_t d);

/** One student's areas, computed on demand (so a large class needs no per-student tables).
 *  Arrays are sized by the gradebook's n_domains, n_tasks, n_sections; weak lists are ranked:
 *  most items missed first, then higher domain weight, then id. */
typedef struct ef_student_areas {
    ef_area *domains, *tasks, *sections;
    size_t *weak_domains, *weak_tasks, *weak_sections;
    size_t n_weak_domains, n_weak_tasks, n_weak_sections;
    size_t *seen_sections; /* sections this student's items touch, as met */
    size_t n_seen_sections;
} ef_student_areas;

void ef_student_areas_init(ef_student_areas *areas, const ef_gradebook *book);
void ef_student_areas_release(ef_student_areas *areas);
void ef_student_areas_compute(ef_student_areas *areas, const ef_gradebook *book, size_t student);

/** True when `area` is weak by the book's rules. */
bool ef_area_is_weak(const ef_gradebook *book, const ef_area *area);
/** Percent of an area (0 when no items). */
double ef_area_percent(const ef_area *area);
/** Add `part`'s score, items and misses to `sum` (class and band totals). */
void ef_area_add(ef_area *sum, const ef_area *part);

#endif
