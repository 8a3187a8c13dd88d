/* examforge: draw exam forms from the bank as the blueprint asks: weighted by domain, spread
 * over task statements and note sections, shuffled, reproducible from a seed. */
#ifndef EXAMFORGE_SAMPLER_H
#define EXAMFORGE_SAMPLER_H

#include "examforge/bank.h"
#include "examforge/blueprint.h"
#include "examforge/diag.h"
#include "examforge/status.h"

#include <stddef.h>
#include <stdint.h>

typedef enum ef_mode {
    EF_MODE_SHUFFLE, /**< the same questions on every form, each in its own order */
    EF_MODE_PARALLEL /**< disjoint question sets, each meeting the blueprint */
} ef_mode;

/** One numbered item of a form. */
typedef struct ef_item {
    size_t question;               /**< index into the bank */
    uint8_t order[EF_MAX_OPTIONS]; /**< displayed option i shows original option order[i] */
    uint32_t answer;               /**< keys as displayed letters (bit i = letter 'A' + i) */
} ef_item;

typedef struct ef_form {
    char name[8]; /**< "A", "B", … "Z", "AA", … */
    ef_item *items;
    size_t n_items;
} ef_form;

/** A generated exam: K forms. Free with `ef_exam_free`. */
typedef struct ef_exam {
    uint64_t seed;
    ef_mode mode;
    ef_form *forms;
    size_t n_forms;
    unsigned *per_domain; /**< items per blueprint domain on every form */
} ef_exam;

typedef struct ef_sampler_options {
    size_t forms; /**< K ≥ 1 */
    ef_mode mode;
    uint64_t seed;
    const char *const *exclude_ids; /**< questions never to use (e.g. from earlier keys) */
    size_t n_exclude_ids;
} ef_sampler_options;

/** "shuffle" / "parallel"; parse returns false for anything else. */
const char *ef_mode_name(ef_mode mode);
bool ef_mode_parse(const char *name, ef_mode *mode);

/** Spreadsheet-style name of form `index`: 0 → "A", 25 → "Z", 26 → "AA". */
void ef_form_name(size_t index, char name[8]);

/** Build the forms. Counts per domain come from `ef_blueprint_apportion`; within a domain
 *  items spread over task statements and avoid repeating a note section while alternatives
 *  exist; the blueprint's mix (multiple-response share, difficulty) is followed where the
 *  bank allows; `excludes` pairs never share a form. Options are shuffled unless the question
 *  says `shuffle: false`. Fails with EF_ERR_SHORT, naming in `diags` every domain that runs
 *  short and by how many, before building anything. */
ef_status ef_exam_generate(const ef_bank *bank, const ef_blueprint *blueprint,
                           const ef_sampler_options *options, ef_diags *diags, ef_exam **out);
void ef_exam_free(ef_exam *exam);

/** Original option index shown at displayed position `shown` of `item`. */
static inline size_t ef_item_original(const ef_item *item, size_t shown)
{
    return item->order[shown];
}

#endif
