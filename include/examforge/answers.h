/* examforge: students' answers, read from YAML files (one student) or CSV (one row each). */
#ifndef EXAMFORGE_ANSWERS_H
#define EXAMFORGE_ANSWERS_H

#include "examforge/diag.h"
#include "examforge/key.h"
#include "examforge/status.h"

#include <stddef.h>
#include <stdint.h>

/** Bit set in an answer mask when the answer cannot count (more letters than `choose`, or a
 *  letter that is not an option): the item is marked wrong. Letters are bits 0.. (A..). */
#define EF_ANSWER_INVALID (UINT32_C(1) << 31)

/** One student's answer record. Strings live in the set's arena. */
typedef struct ef_response {
    const char *student;
    const char *name;  /**< "" when not given */
    size_t form;       /**< index into the key's forms */
    uint32_t *answers; /**< per item, displayed letters; 0 = blank */
    size_t n_answers;
    ef_loc loc; /**< where the record starts */
} ef_response;

typedef struct ef_responses ef_responses;

ef_responses *ef_responses_new(void);
void ef_responses_free(ef_responses *set);
size_t ef_responses_count(const ef_responses *set);
const ef_response *ef_responses_get(const ef_responses *set, size_t index);

/** Parse one YAML answer file: `student`, optional `name`, `form`, and `answers` mapping item
 *  numbers to a letter, a list of letters or a string like "AD" (missing or null = blank).
 *  Problems go to `diags` with positions. An unusable record (no student, unknown form, item
 *  numbers past the form, duplicate student id) is an error and is not added; answers that
 *  cannot count are warnings and the item is marked wrong. Returns EF_OK, EF_ERR_PARSE or
 *  EF_ERR_INVALID (nothing added). */
ef_status ef_answers_parse_yaml(ef_responses *set, const ef_key *key, const char *name,
                                const char *buf, size_t len, ef_diags *diags);

/** Parse a CSV export (RFC 4180 via libcsv: quotes, embedded commas and newlines, CRLF, a
 *  UTF-8 BOM): header `student,name,form,1,2,…,N`, one row per student; cells "B", "AD",
 *  "A;D", "A,D" or empty. Bad rows are reported and skipped; the rest are added. Returns
 *  EF_ERR_INVALID if any row was skipped or the header is unusable, else EF_OK. */
ef_status ef_answers_parse_csv(ef_responses *set, const ef_key *key, const char *name,
                               const char *buf, size_t len, ef_diags *diags);

#endif
