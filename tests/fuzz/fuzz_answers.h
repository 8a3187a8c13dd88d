/* Shared by the answer harnesses: a fixed two-form key, and grading what was read, so the
 * scoring and report code sees fuzzed answers too. */
#ifndef EXAMFORGE_FUZZ_ANSWERS_H
#define EXAMFORGE_FUZZ_ANSWERS_H

#include "examforge/grade.h"
#include "examforge/key.h"
#include "examforge/report.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

static const char fuzz_key_yaml[] =
    "exam: F\ndomains: [{id: '1', name: One, weight: 100}]\nforms:\n"
    "- form: A\n  items:\n"
    "  - {number: 1, question: q1, domain: '1', task: '1.1', sections: [a, b], type: single,"
    " choose: 1, answer: [C], order: [A, B, C, D]}\n"
    "  - {number: 2, question: q2, domain: '1', task: '1.2', sections: [b], type: multiple,"
    " choose: 2, answer: [A, E], order: [E, D, C, B, A]}\n"
    "- form: B\n  items:\n"
    "  - {number: 1, question: q2, domain: '1', task: '1.2', sections: [b], type: multiple,"
    " choose: 2, answer: [B, C], order: [D, A, E, B, C]}\n"
    "  - {number: 2, question: q1, domain: '1', task: '1.1', sections: [a, b], type: single,"
    " choose: 1, answer: [A], order: [C, B, A, D]}\n";

/* results.yaml is written by hand: whatever the ids and names, libyaml must read it. */
static void fuzz_yaml_must_parse(const ef_buf *doc)
{
    yaml_parser_t p;
    yaml_parser_initialize(&p);
    yaml_parser_set_input_string(&p, (const unsigned char *)doc->data, doc->len);
    for (bool end = false; !end;) {
        yaml_event_t ev;
        if (!yaml_parser_parse(&p, &ev))
            abort();
        end = ev.type == YAML_STREAM_END_EVENT;
        yaml_event_delete(&ev);
    }
    yaml_parser_delete(&p);
}

static void fuzz_grade(const ef_key *key, const ef_responses *set)
{
    ef_grade_options opt;
    ef_grade_options_from_key(&opt, key);
    ef_gradebook *book = ef_grade(key, set, &opt);
    ef_buf out;
    ef_buf_init(&out);
    ef_report_yaml(book, &out);
    fuzz_yaml_must_parse(&out);
    ef_report_csv(book, &out);
    char **names = ef_study_file_names(book);
    for (size_t s = 0; s < book->n_students; s++) {
        ef_report_study_sheet(book, s, NULL, NULL, &out);
        free(names[s]);
    }
    free(names);
    ef_buf_release(&out);
    ef_gradebook_free(book);
}

/* The harness body for one answer format: parse against the fixed key, then grade. */
#define FUZZ_ANSWERS_HARNESS(parse, name)                                                          \
    int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);                                  \
    int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)                                   \
    {                                                                                              \
        static ef_key *key;                                                                        \
        ef_diags diags;                                                                            \
        ef_diags_init(&diags);                                                                     \
        if (!key && ef_key_parse("key.yaml", fuzz_key_yaml, strlen(fuzz_key_yaml), &diags, &key))  \
            abort();                                                                               \
        ef_responses *set = ef_responses_new();                                                    \
        parse(set, key, name, (const char *)data, size, &diags);                                   \
        fuzz_grade(key, set);                                                                      \
        ef_responses_free(set);                                                                    \
        ef_diags_release(&diags);                                                                  \
        return 0;                                                                                  \
    }

#endif
