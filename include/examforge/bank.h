/* examforge: the question bank, loaded from YAML files of questions. */
#ifndef EXAMFORGE_BANK_H
#define EXAMFORGE_BANK_H

#include "examforge/diag.h"
#include "examforge/status.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum { EF_MAX_OPTIONS = 26, EF_BANK_MAX_ERRORS_PER_FILE = 200 };

typedef enum ef_qtype { EF_SINGLE, EF_MULTIPLE } ef_qtype;
typedef enum ef_difficulty {
    EF_DIFF_UNSET,
    EF_DIFF_EASY,
    EF_DIFF_MEDIUM,
    EF_DIFF_HARD,
    EF_DIFF_COUNT
} ef_difficulty;

/** "easy", "medium", "hard" ("unset" for EF_DIFF_UNSET). */
const char *ef_difficulty_name(ef_difficulty difficulty);

/** One question, read-only for callers; strings live in the bank's arena. Options are
 *  indexed 0.. for letters A..; `answer` has bit i set when option i is a key. */
typedef struct ef_question {
    const char *id;
    const char *domain;
    const char *task;
    const char **sections;
    size_t n_sections;
    ef_qtype type;
    unsigned choose; /**< number of keys (1 for single) */
    ef_difficulty difficulty;
    const char *stem; /**< CommonMark */
    const char *options[EF_MAX_OPTIONS];
    size_t n_options;
    uint32_t answer;
    const char *explanation;
    const char *distractors[EF_MAX_OPTIONS]; /**< NULL where not given */
    bool shuffle;                            /**< false: options keep their order */
    const char **excludes;
    size_t n_excludes;
    /* Positions for diagnostics made after loading (cross-checks against notes/blueprint). */
    ef_loc loc, domain_loc, task_loc;
    ef_loc *section_locs, *exclude_locs;
} ef_question;

typedef struct ef_bank ef_bank;

ef_bank *ef_bank_new(void);
void ef_bank_free(ef_bank *bank);

/** Parse one question file's bytes (a YAML sequence of questions) and append its questions
 *  to `bank`. `name` is used in diagnostics only. Every problem found goes to `diags`, with
 *  the position of the offending node; questions with errors are not added. Returns
 *  EF_ERR_PARSE for malformed YAML, EF_ERR_INVALID when any question was rejected, EF_OK
 *  otherwise. Ids repeated across calls are reported with both places. Reading stops after
 *  EF_BANK_MAX_ERRORS_PER_FILE errors in one file. */
ef_status ef_bank_parse(ef_bank *bank, const char *name, const char *buf, size_t len,
                        ef_diags *diags);

size_t ef_bank_count(const ef_bank *bank);
const ef_question *ef_bank_question(const ef_bank *bank, size_t index);
/** Index of the question with `id`, or false. */
bool ef_bank_find(const ef_bank *bank, const char *id, size_t *index);

/** Letter of option `index` ('A' + index). */
static inline char ef_letter(size_t index)
{
    return (char)('A' + index);
}

#endif
