/* Fuzz harness: answer files (yaml), then grading what was read. */
#include "fuzz_answers.h"

FUZZ_ANSWERS_HARNESS(ef_answers_parse_yaml, "fuzz.yaml")
