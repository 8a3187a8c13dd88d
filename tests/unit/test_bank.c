/* Unit tests: the question loader, its fields and every error path with its position. */
#include "examforge/bank.h"
#include "testutil.h"

#define GOOD                                                                                       \
    "- id: q-1\n"                                                                                  \
    "  domain: \"1\"\n"                                                                            \
    "  task: \"1.1\"\n"                                                                            \
    "  sections: [iam-policies, iam]\n"                                                            \
    "  type: single\n"                                                                             \
    "  difficulty: hard\n"                                                                         \
    "  stem: Which policy?\n"                                                                      \
    "  options:\n"                                                                                 \
    "    A: one\n"                                                                                 \
    "    B: two\n"                                                                                 \
    "    C: three\n"                                                                               \
    "    D: four\n"                                                                                \
    "  answer: C\n"                                                                                \
    "  explanation: because\n"                                                                     \
    "  distractors: {A: a, B: b, D: d}\n"

static ef_status parse(ef_bank *b, const char *yaml, ef_diags *d)
{
    return ef_bank_parse(b, "t.yaml", yaml, strlen(yaml), d);
}

START_TEST(good_single_question)
{
    ef_bank *b = ef_bank_new();
    ef_diags d;
    ef_diags_init(&d);
    ck_assert_int_eq(parse(b, GOOD, &d), EF_OK);
    ck_assert_uint_eq(d.count, 0);
    ck_assert_uint_eq(ef_bank_count(b), 1);
    const ef_question *q = ef_bank_question(b, 0);
    ck_assert_str_eq(q->id, "q-1");
    ck_assert_str_eq(q->domain, "1");
    ck_assert_str_eq(q->task, "1.1");
    ck_assert_uint_eq(q->n_sections, 2);
    ck_assert_str_eq(q->sections[1], "iam");
    ck_assert_uint_eq(q->section_locs[1].line, 4);
    ck_assert_uint_eq(q->section_locs[1].col, 28);
    ck_assert_int_eq(q->type, EF_SINGLE);
    ck_assert_uint_eq(q->choose, 1);
    ck_assert_int_eq(q->difficulty, EF_DIFF_HARD);
    ck_assert_uint_eq(q->n_options, 4);
    ck_assert_uint_eq(q->answer, 1u << 2);
    ck_assert_str_eq(q->distractors[3], "d");
    ck_assert_ptr_null(q->distractors[2]);
    ck_assert(q->shuffle);
    size_t idx;
    ck_assert(ef_bank_find(b, "q-1", &idx));
    ck_assert_uint_eq(idx, 0);
    ck_assert(!ef_bank_find(b, "q-2", &idx));
    ef_bank_free(b);
    ef_diags_release(&d);
}
END_TEST

START_TEST(good_multiple_question)
{
    const char *y = "- id: m\n  domain: '2'\n  task: '2.1'\n  sections: sqs\n  type: multiple\n"
                    "  choose: 2\n  stem: |\n    Pick **two**.\n"
                    "  options: {A: a, B: b, C: c, D: d, E: e}\n  answer: [A, E]\n"
                    "  explanation: x\n  shuffle: false\n  excludes: [q-9]\n";
    ef_bank *b = ef_bank_new();
    ef_diags d;
    ef_diags_init(&d);
    ck_assert_int_eq(parse(b, y, &d), EF_OK);
    const ef_question *q = ef_bank_question(b, 0);
    ck_assert_int_eq(q->type, EF_MULTIPLE);
    ck_assert_uint_eq(q->choose, 2);
    ck_assert_uint_eq(q->answer, 1u | (1u << 4));
    ck_assert_str_eq(q->stem, "Pick **two**.\n");
    ck_assert_str_eq(q->sections[0], "sqs");
    ck_assert(!q->shuffle);
    ck_assert_uint_eq(q->n_excludes, 1);
    ck_assert_int_eq(q->difficulty, EF_DIFF_UNSET);
    ef_bank_free(b);
    ef_diags_release(&d);
}
END_TEST

/* Replace the first occurrence of `from` in GOOD with `to` and parse; expect EF_ERR_INVALID. */
static void bad(const char *from, const char *to, ef_diags *d)
{
    char yaml[2048];
    const char *at = strstr(GOOD, from);
    ck_assert_ptr_nonnull(at);
    snprintf(yaml, sizeof yaml, "%.*s%s%s", (int)(at - GOOD), GOOD, to, at + strlen(from));
    ef_bank *b = ef_bank_new();
    ef_diags_init(d);
    ef_status st = parse(b, yaml, d);
    if (st != EF_ERR_INVALID)
        dump_diags(d);
    ck_assert_int_eq(st, EF_ERR_INVALID);
    ck_assert_uint_eq(ef_bank_count(b), 0);
    ef_bank_free(b);
}

START_TEST(unknown_field_with_hint)
{
    ef_diags d;
    bad("  explanation:", "  explaination:", &d);
    const ef_diag *x = find_diag(&d, EF_SEV_ERROR, 14, 3, "unknown field 'explaination'");
    ck_assert_ptr_nonnull(x);
    ck_assert_str_eq(x->hint, "did you mean 'explanation'?");
    ck_assert_diag(&d, EF_SEV_WARNING, 1, 3, "no 'explanation'");
    ef_diags_release(&d);
}
END_TEST

START_TEST(answer_not_an_option)
{
    ef_diags d;
    bad("answer: C", "answer: F", &d);
    ck_assert_diag(&d, EF_SEV_ERROR, 13, 11, "answer 'F' is not an option (options are A to D)");
    ef_diags_release(&d);
    bad("answer: C", "answer: AD", &d);
    const ef_diag *x = find_diag(&d, EF_SEV_ERROR, 13, 11, "answer 'AD' is not an option letter");
    ck_assert_ptr_nonnull(x);
    ck_assert_str_eq(x->hint, "write several keys as a list, e.g. [A, D]");
    ef_diags_release(&d);
}
END_TEST

START_TEST(choose_disagrees_with_keys)
{
    ef_diags d;
    bad("  type: single\n", "  type: multiple\n  choose: 3\n", &d);
    ck_assert_diag(&d, EF_SEV_ERROR, 6, 11, "'choose' is 3 but 'answer' has 1 key");
    ef_diags_release(&d);
    bad("answer: C", "answer: [A, C]", &d);
    const ef_diag *x = find_diag(&d, EF_SEV_ERROR, 13, 11, "exactly one key, found 2");
    ck_assert_ptr_nonnull(x);
    ck_assert_str_eq(x->hint, "use 'type: multiple' with 'choose: 2'");
    ef_diags_release(&d);
}
END_TEST

START_TEST(empty_stem_and_duplicate_options)
{
    ef_diags d;
    bad("stem: Which policy?", "stem: ''", &d);
    ck_assert_diag(&d, EF_SEV_ERROR, 7, 9, "'stem' is empty");
    ef_diags_release(&d);
    bad("    C: three\n", "    C: ' One '\n", &d);
    ck_assert_diag(&d, EF_SEV_ERROR, 11, 8, "option C has the same text as option A");
    ef_diags_release(&d);
}
END_TEST

START_TEST(wrong_types_and_missing_fields)
{
    ef_diags d;
    bad("  sections: [iam-policies, iam]\n", "  sections: {a: b}\n", &d);
    ck_assert_diag(&d, EF_SEV_ERROR, 4, 13, "'sections' must be a list, found a mapping");
    ef_diags_release(&d);
    bad("  task: \"1.1\"\n", "", &d);
    ck_assert_diag(&d, EF_SEV_ERROR, 1, 3, "question has no 'task'");
    ef_diags_release(&d);
    bad("type: single", "type: singel", &d);
    const ef_diag *x = find_diag(&d, EF_SEV_ERROR, 5, 9, "'type' must be single or multiple");
    ck_assert_ptr_nonnull(x);
    ck_assert_str_eq(x->hint, "did you mean 'single'?");
    ef_diags_release(&d);
    bad("difficulty: hard", "difficulty: 3", &d);
    ck_assert_diag(&d, EF_SEV_ERROR, 6, 15, "'difficulty' must be easy, medium or hard");
    ef_diags_release(&d);
    bad("id: q-1", "id: Q_1", &d);
    ck_assert_diag(&d, EF_SEV_ERROR, 1, 7, "may only use a-z, 0-9 and '-'");
    ef_diags_release(&d);
    bad("    B: two\n", "    C: two\n", &d);
    ck_assert_diag(&d, EF_SEV_ERROR, 10, 5, "option 'C' is out of order: expected 'B'");
    ef_diags_release(&d);
    bad("distractors: {A: a, B: b, D: d}", "distractors: {A: a, C: c, D: d}", &d);
    ck_assert_diag(&d, EF_SEV_ERROR, 15, 23, "distractor 'C' is a key");
    ef_diags_release(&d);
    bad("  explanation: because\n", "  explanation: because\n  stem: again\n", &d);
    const ef_diag *dup = find_diag(&d, EF_SEV_ERROR, 15, 3, "duplicate field 'stem'");
    ck_assert_ptr_nonnull(dup);
    ck_assert_str_eq(dup->hint, "first given at line 7, column 3");
    ef_diags_release(&d);
}
END_TEST

START_TEST(multiple_without_choose)
{
    ef_diags d;
    bad("  type: single\n", "  type: multiple\n", &d);
    ck_assert_diag(&d, EF_SEV_ERROR, 13, 11, "needs at least two keys, found 1");
    ef_diags_release(&d);
    const char *y = "- id: m\n  domain: '2'\n  task: '2.1'\n  sections: [sqs]\n  type: multiple\n"
                    "  stem: s\n  options: {A: a, B: b, C: c, D: d, E: e}\n  answer: [A, B]\n"
                    "  explanation: x\n";
    ef_bank *b = ef_bank_new();
    ef_diags_init(&d);
    ck_assert_int_eq(parse(b, y, &d), EF_ERR_INVALID);
    const ef_diag *x = find_diag(&d, EF_SEV_ERROR, 1, 3, "has no 'choose'");
    ck_assert_ptr_nonnull(x);
    ck_assert_str_eq(x->hint, "add 'choose: 2' (the number of keys)");
    ef_bank_free(b);
    ef_diags_release(&d);
}
END_TEST

START_TEST(duplicate_ids_across_files)
{
    ef_bank *b = ef_bank_new();
    ef_diags d;
    ef_diags_init(&d);
    ck_assert_int_eq(ef_bank_parse(b, "a.yaml", GOOD, strlen(GOOD), &d), EF_OK);
    ck_assert_int_eq(ef_bank_parse(b, "b.yaml", "\n" GOOD, strlen(GOOD) + 1, &d), EF_ERR_INVALID);
    ck_assert_uint_eq(ef_bank_count(b), 1);
    const ef_diag *x = find_diag(&d, EF_SEV_ERROR, 2, 3, "duplicate question id 'q-1'");
    ck_assert_ptr_nonnull(x);
    ck_assert_str_eq(x->path, "b.yaml");
    ck_assert_str_eq(x->hint, "first defined at a.yaml:1:3");
    ef_bank_free(b);
    ef_diags_release(&d);
}
END_TEST

START_TEST(malformed_yaml_and_wrong_root)
{
    ef_bank *b = ef_bank_new();
    ef_diags d;
    ef_diags_init(&d);
    const char *y = "- id: a\n  stem: [unclosed\n  type: single\n";
    ck_assert_int_eq(parse(b, y, &d), EF_ERR_PARSE);
    ck_assert_uint_eq(d.errors, 1);
    ck_assert_ptr_nonnull(strstr(d.items[0].message, "invalid YAML"));
    ck_assert_uint_eq(d.items[0].line, 3);
    ef_diags_clear(&d);
    ck_assert_int_eq(parse(b, "id: a\n", &d), EF_ERR_INVALID);
    ck_assert_diag(&d, EF_SEV_ERROR, 1, 1, "must be a list of questions, found a mapping");
    ef_diags_clear(&d);
    ck_assert_int_eq(parse(b, "", &d), EF_OK);
    ck_assert_diag(&d, EF_SEV_WARNING, 1, 1, "no questions");
    ef_diags_clear(&d);
    ck_assert_int_eq(parse(b, "- just text\n", &d), EF_ERR_INVALID);
    ck_assert_diag(&d, EF_SEV_ERROR, 1, 3, "a question must be a mapping, found a scalar");
    ef_diags_clear(&d);
    ck_assert_int_eq(parse(b, "- a: \xff\n", &d), EF_ERR_PARSE);
    ck_assert_diag(&d, EF_SEV_ERROR, 1, 6, "invalid YAML");
    ef_bank_free(b);
    ef_diags_release(&d);
}
END_TEST

static Suite *bank_suite(void)
{
    Suite *s = suite_create("bank");
    TCase *tc = tcase_create("good");
    tcase_add_test(tc, good_single_question);
    tcase_add_test(tc, good_multiple_question);
    suite_add_tcase(s, tc);
    tc = tcase_create("errors");
    tcase_add_test(tc, unknown_field_with_hint);
    tcase_add_test(tc, answer_not_an_option);
    tcase_add_test(tc, choose_disagrees_with_keys);
    tcase_add_test(tc, empty_stem_and_duplicate_options);
    tcase_add_test(tc, wrong_types_and_missing_fields);
    tcase_add_test(tc, multiple_without_choose);
    tcase_add_test(tc, duplicate_ids_across_files);
    tcase_add_test(tc, malformed_yaml_and_wrong_root);
    suite_add_tcase(s, tc);
    return s;
}

RUN_SUITE(bank_suite)
