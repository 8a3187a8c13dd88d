/* examforge: cross-checks between notes, bank and blueprint, and the bank's coverage summary. */
#ifndef EXAMFORGE_CHECK_H
#define EXAMFORGE_CHECK_H

#include "examforge/alloc.h"
#include "examforge/bank.h"
#include "examforge/blueprint.h"
#include "examforge/notes.h"

#include <stddef.h>

/** Report every question whose domain, task, sections or excludes do not resolve (with a
 *  suggestion where one is close), and section ids that clash across notes files. Returns the
 *  number of errors added. `notes` or `blueprint` may be NULL to skip their checks. */
size_t ef_check_references(const ef_bank *bank, const ef_notes *notes,
                           const ef_blueprint *blueprint, ef_diags *diags);

/** What `examforge check` reports about a bank. Arrays are owned by the summary. */
typedef struct ef_summary {
    size_t questions;
    size_t *by_domain; /**< per blueprint domain */
    size_t *by_task;   /**< per task, domains' tasks in blueprint order */
    size_t n_tasks;
    size_t unplaced;   /**< questions whose domain is not in the blueprint */
    size_t by_type[2]; /**< EF_SINGLE, EF_MULTIPLE */
    size_t by_difficulty[EF_DIFF_COUNT];
    size_t single_keys[EF_MAX_OPTIONS]; /**< how often each letter keys a single-answer item */
    size_t *section_hits;               /**< per notes section: questions tagging it */
    size_t n_sections, sections_covered;
    unsigned *per_form;     /**< apportioned items per domain for one full form */
    size_t forms;           /**< disjoint full forms the bank supports */
    size_t limiting_domain; /**< index of the domain that runs out first */
} ef_summary;

/** Compute the summary. `notes` may be NULL (no section coverage). */
void ef_summary_init(ef_summary *summary, const ef_bank *bank, const ef_notes *notes,
                     const ef_blueprint *blueprint);
void ef_summary_release(ef_summary *summary);

/** Append the human-readable report / a YAML document with the same facts to `out`. */
void ef_summary_text(const ef_summary *summary, const ef_notes *notes,
                     const ef_blueprint *blueprint, ef_buf *out);
void ef_summary_yaml(const ef_summary *summary, const ef_notes *notes,
                     const ef_blueprint *blueprint, ef_buf *out);

#endif
