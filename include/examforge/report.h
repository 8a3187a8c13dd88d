/* examforge: what grading writes: the XLSX report, the gradebook CSV, results YAML and
 * per-student study sheets. */
#ifndef EXAMFORGE_REPORT_H
#define EXAMFORGE_REPORT_H

#include "examforge/alloc.h"
#include "examforge/bank.h"
#include "examforge/diag.h"
#include "examforge/grade.h"
#include "examforge/notes.h"
#include "examforge/status.h"

#include <stdbool.h>
#include <time.h>

/** Write the instructor's workbook to `path` (a temporary path the caller renames). Sheets:
 *  Summary, Students, Domains, Sections, Items, Weak areas, Heatmap, Problems (from
 *  `problems`). Every user string is written as a string. `created` fixes the document date
 *  so identical inputs give identical bytes; `constant_memory` streams rows (large classes).
 *  A libxlsxwriter error becomes EF_ERR_IO with a message in `diags` naming `display_name`. */
ef_status ef_report_xlsx(const ef_gradebook *book, const ef_diags *problems, const char *path,
                         const char *display_name, time_t created, bool constant_memory,
                         ef_diags *diags);

/** Gradebook CSV: student,name,form,raw,percent,scaled,pass (RFC 4180 quoting). */
void ef_report_csv(const ef_gradebook *book, ef_buf *out);

/** Per student, as YAML for scripts and targeted retakes: scores, interval, pass, percent
 *  per domain and task, weak domains/tasks/sections (ranked), sections with a miss, and the
 *  ids of the questions missed. */
void ef_report_yaml(const ef_gradebook *book, ef_buf *out);

/** One student's study sheet (HTML): result, interval, domain table, weak sections in order,
 *  each with the note section itself and the missed questions with key and explanation.
 *  `notes` and `bank` may be NULL (then sections show as ids, questions as ids). */
void ef_report_study_sheet(const ef_gradebook *book, size_t student, const ef_notes *notes,
                           const ef_bank *bank, ef_buf *out);

/** Safe, unique file stems for every student's study sheet: only [A-Za-z0-9._-], no leading
 *  dot, at most 64 bytes, not a reserved device name, "student" when nothing is left, and a
 *  "-2", "-3"… suffix for collisions (compared without case). Caller frees each and the array. */
char **ef_study_file_names(const ef_gradebook *book);

/** The rules used for weak areas, scoring and the readiness interval, as plain sentences
 *  (shown in the report and the README). */
void ef_report_rules(const ef_gradebook *book, ef_buf *out);

#endif
