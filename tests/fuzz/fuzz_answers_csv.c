/* Fuzz harness: answer files (csv), then grading what was read. Each input is read twice, in
 * one piece and cut into chunks for three threads (any length is worth a chunk here); the two
 * reads must agree record for record and problem for problem. */
#include "answers_int.h"
#include "examforge/par.h"
#include "fuzz_answers.h"

static ef_responses *read_csv(const ef_key *key, const uint8_t *data, size_t size, unsigned threads,
                              ef_diags *diags)
{
    ef_max_threads = threads;
    ef_min_part = 1;
    ef_responses *set = ef_responses_new();
    ef_answers_parse_csv(set, key, "fuzz.csv", (const char *)data, size, diags);
    ef_diags_sort(diags);
    return set;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static ef_key *key;
    ef_diags one, many;
    ef_diags_init(&one);
    ef_diags_init(&many);
    if (!key && ef_key_parse("key.yaml", fuzz_key_yaml, strlen(fuzz_key_yaml), &one, &key))
        abort();
    ef_responses *a = read_csv(key, data, size, 1, &one);
    ef_responses *b = read_csv(key, data, size, 3, &many);
    if (ef_responses_count(a) != ef_responses_count(b) || one.count != many.count)
        abort();
    for (size_t i = 0; i < ef_responses_count(a); i++) {
        const ef_response *x = ef_responses_get(a, i), *y = ef_responses_get(b, i);
        if (strcmp(x->student, y->student) || x->loc.line != y->loc.line || x->form != y->form ||
            memcmp(x->answers, y->answers, x->n_answers * sizeof *x->answers))
            abort();
    }
    for (size_t i = 0; i < one.count; i++)
        if (one.items[i].line != many.items[i].line || one.items[i].col != many.items[i].col ||
            strcmp(one.items[i].message, many.items[i].message))
            abort();
    fuzz_grade(key, b);
    ef_responses_free(a);
    ef_responses_free(b);
    ef_diags_release(&one);
    ef_diags_release(&many);
    return 0;
}
