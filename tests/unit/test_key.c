/* Unit tests: key.yaml round trip and its error paths. */
#include "examforge/key.h"
#include "testutil.h"

#include <stdlib.h>

static const char *const BP =
    "exam: E\ncode: e-1\nquestions: 2\nminutes: 10\n"
    "scoring: {multiple_response: partial, raw_cut: 70}\ndomains:\n"
    "  - {id: '1', name: One, weight: 100, tasks: [{id: '1.1', name: a}]}\n";
static const char *const BANK =
    "- {id: q1, domain: '1', task: '1.1', sections: [s1, s2], type: single, stem: s,\n"
    "   options: {A: a, B: b, C: c, D: d}, answer: B, explanation: e}\n"
    "- {id: q2, domain: '1', task: '1.1', sections: [s3], type: multiple, choose: 2, stem: s,\n"
    "   options: {A: a, B: b, C: c, D: d, E: e}, answer: [A, E], explanation: e}\n";

START_TEST(round_trip)
{
    ef_diags d;
    ef_diags_init(&d);
    ef_blueprint *bp;
    ck_assert_int_eq(ef_blueprint_parse("bp.yaml", BP, strlen(BP), &d, &bp), EF_OK);
    ef_bank *bank = ef_bank_new();
    ck_assert_int_eq(ef_bank_parse(bank, "q.yaml", BANK, strlen(BANK), &d), EF_OK);
    ef_sampler_options opt = {.forms = 2, .mode = EF_MODE_SHUFFLE, .seed = 18446744073709551615ULL};
    ef_exam *exam;
    ck_assert_int_eq(ef_exam_generate(bank, bp, &opt, &d, &exam), EF_OK);
    ef_buf out;
    ef_buf_init(&out);
    ef_key_write(exam, bank, bp, "examforge test", &out);
    ef_key *key;
    ef_status st = ef_key_parse("key.yaml", out.data, out.len, &d, &key);
    if (st)
        dump_diags(&d);
    ck_assert_int_eq(st, EF_OK);
    ck_assert_str_eq(key->exam, "E");
    ck_assert_str_eq(key->blueprint, "e-1");
    ck_assert_uint_eq(key->seed, 18446744073709551615ULL);
    ck_assert_int_eq(key->rule, EF_RULE_PARTIAL);
    ck_assert_double_eq(key->raw_cut, 70.0);
    ck_assert_uint_eq(key->n_domains, 1);
    ck_assert_uint_eq(key->n_forms, 2);
    ck_assert_uint_eq(ef_key_max_items(key), 2);
    const ef_key_form *b = ef_key_form_find(key, "B");
    ck_assert_ptr_nonnull(b);
    ck_assert_ptr_null(ef_key_form_find(key, "C"));
    ck_assert_uint_eq(ef_key_form_index(key, "BA", 1), 1); /* a cell read in place */
    ck_assert_uint_eq(ef_key_form_index(key, "B", 0), SIZE_MAX);
    ck_assert_uint_eq(ef_key_form_index(key, "BA", 2), SIZE_MAX);
    ck_assert_uint_eq(b->n_items, 2);
    for (size_t i = 0; i < 2; i++) {
        const ef_key_item *ki = &b->items[i];
        const ef_item *it = &exam->forms[1].items[i];
        const ef_question *q = ef_bank_question(bank, it->question);
        ck_assert_str_eq(ki->question, q->id);
        ck_assert_uint_eq(ki->number, i + 1);
        ck_assert_uint_eq(ki->answer, it->answer);
        ck_assert_uint_eq(ki->n_options, q->n_options);
        ck_assert_int_eq(memcmp(ki->order, it->order, q->n_options), 0);
        ck_assert_uint_eq(ki->choose, q->choose);
        ck_assert_uint_eq(ki->n_sections, q->n_sections);
    }
    ef_key_free(key);
    ef_buf_release(&out);
    ef_exam_free(exam);
    ef_bank_free(bank);
    ef_blueprint_free(bp);
    ef_diags_release(&d);
}
END_TEST

START_TEST(key_errors)
{
    ef_diags d;
    ef_diags_init(&d);
    ef_key *key;
    const char *y = "exam: E\nforms:\n- form: A\n  items:\n"
                    "  - {number: 2, question: q1, domain: '1', type: single, choose: 1,\n"
                    "     answer: [B], order: [A, B, B, D]}\n"
                    "  - {number: 2, question: q2, domain: '1', type: multiple, choose: 2,\n"
                    "     answer: [A], order: [A, B, C]}\n";
    ck_assert_int_eq(ef_key_parse("k.yaml", y, strlen(y), &d, &key), EF_ERR_INVALID);
    ck_assert_ptr_null(key);
    ck_assert_diag(&d, EF_SEV_ERROR, 5, 14, "item number 2 out of order: expected 1");
    ck_assert_diag(&d, EF_SEV_ERROR, 6, 33, "'order' repeats 'B'");
    ck_assert_diag(&d, EF_SEV_ERROR, 8, 14, "'answer' has 1 letters but 'choose' is 2");
    ef_diags_clear(&d);
    ck_assert_int_eq(ef_key_parse("k.yaml", "exam: E\n", 8, &d, &key), EF_ERR_INVALID);
    const ef_diag *x = find_diag(&d, EF_SEV_ERROR, 1, 1, "key has no 'forms'");
    ck_assert_ptr_nonnull(x);
    ck_assert_str_eq(x->hint, "is this a key.yaml written by 'examforge generate'?");
    ef_diags_release(&d);
}
END_TEST

static Suite *key_suite(void)
{
    Suite *s = suite_create("key");
    TCase *tc = tcase_create("key");
    tcase_add_test(tc, round_trip);
    tcase_add_test(tc, key_errors);
    suite_add_tcase(s, tc);
    return s;
}

RUN_SUITE(key_suite)
