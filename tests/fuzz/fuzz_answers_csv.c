/* Fuzz harness: answer files (csv), then grading what was read. */
#include "fuzz_answers.h"

#include <stdint.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static ef_key *key;
    ef_diags diags;
    ef_diags_init(&diags);
    if (!key && ef_key_parse("key.yaml", fuzz_key_yaml, strlen(fuzz_key_yaml), &diags, &key))
        abort();
    ef_responses *set = ef_responses_new();
    ef_answers_parse_csv(set, key, "fuzz.csv", (const char *)data, size, &diags);
    fuzz_grade(key, set);
    ef_responses_free(set);
    ef_diags_release(&diags);
    return 0;
}
