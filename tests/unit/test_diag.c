/* Unit tests: diagnostics list, ordering and "did you mean" suggestions. */
#include "examforge/diag.h"
#include "testutil.h"

START_TEST(suggest_close_words)
{
    const char *const fields[] = {"id", "explanation", "distractors", "sections", "stem"};
    ck_assert_str_eq(ef_suggest("explaination", fields, 5), "explanation");
    ck_assert_str_eq(ef_suggest("section", fields, 5), "sections");
    ck_assert_str_eq(ef_suggest("distractor", fields, 5), "distractors");
    ck_assert_ptr_null(ef_suggest("zzzzzz", fields, 5));
    ck_assert_ptr_null(ef_suggest("id", fields, 5)); /* exact match is not a suggestion */
    const char *const ids[] = {"s3", "s3-storage-classes", "s3-advanced-features"};
    ck_assert_str_eq(ef_suggest("s3-storage-class", ids, 3), "s3-storage-classes");
    ck_assert_str_eq(ef_suggest("s3-storage", ids, 3), "s3-storage-classes");
}
END_TEST

START_TEST(counts_and_sorting)
{
    ef_diags d;
    ef_diags_init(&d);
    ef_loc b = {"b.yaml", 3, 1}, a2 = {"a.yaml", 9, 4}, a1 = {"a.yaml", 9, 2};
    ck_assert_int_eq(ef_diag_add(&d, EF_SEV_ERROR, &b, "x %d", 1), -1);
    ck_assert_int_eq(ef_diag_add(&d, EF_SEV_WARNING, &a2, "y"), 0);
    ef_diag_add(&d, EF_SEV_ERROR, &a1, "z");
    ef_diag_hint(&d, "did you mean '%s'?", "q");
    ef_diag_add(&d, EF_SEV_NOTE, NULL, "n");
    ck_assert_uint_eq(d.errors, 2);
    ck_assert_uint_eq(d.warnings, 1);
    ef_diags_sort(&d);
    ck_assert_str_eq(d.items[0].path, "");
    ck_assert_str_eq(d.items[1].message, "z");
    ck_assert_str_eq(d.items[1].hint, "did you mean 'q'?");
    ck_assert_str_eq(d.items[2].message, "y");
    ck_assert_str_eq(d.items[3].message, "x 1");
    ef_diags_release(&d);
    ck_assert_uint_eq(d.count, 0);
}
END_TEST

static Suite *diag_suite(void)
{
    Suite *s = suite_create("diag");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, suggest_close_words);
    tcase_add_test(tc, counts_and_sorting);
    suite_add_tcase(s, tc);
    return s;
}

RUN_SUITE(diag_suite)
