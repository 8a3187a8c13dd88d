/* Fuzz harness: key.yaml, and grading an empty class against whatever loads. */
#include "examforge/grade.h"
#include "examforge/key.h"

#include <stdint.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    ef_diags diags;
    ef_diags_init(&diags);
    ef_key *key = NULL;
    if (ef_key_parse("key.yaml", (const char *)data, size, &diags, &key) == EF_OK) {
        ef_responses *set = ef_responses_new();
        ef_grade_options opt;
        ef_grade_options_from_key(&opt, key);
        ef_gradebook_free(ef_grade(key, set, &opt));
        ef_responses_free(set);
    }
    ef_key_free(key);
    ef_diags_release(&diags);
    return 0;
}
