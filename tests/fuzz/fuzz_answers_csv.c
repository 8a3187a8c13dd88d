/* Fuzz harness: answer files (csv), then grading what was read. */
#include "fuzz_answers.h"

FUZZ_ANSWERS_HARNESS(ef_answers_parse_csv, "fuzz.csv")
