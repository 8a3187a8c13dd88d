/* Unit tests: cross-references between bank, notes and blueprint; the coverage summary. */
#include "examforge/check.h"
#include "testutil.h"

static const char *const BP =
    "exam: E\nquestions: 4\nminutes: 10\ndomains:\n"
    "  - {id: '1', name: One, weight: 50, tasks: [{id: '1.1', name: a}]}\n"
    "  - {id: '2', name: Two, weight: 50, tasks: [{id: '2.1', name: b}]}\n";
static const char *const NOTES = "# S3\ntext\n## S3 Storage Classes\nmore\n# IAM\n";

static const char *const BANK =
    "- {id: a, domain: '1', task: '1.1', sections: [s3], type: single, stem: s,\n"
    "   options: {A: a, B: b, C: c, D: d}, answer: A, explanation: e, difficulty: easy}\n"
    "- {id: b, domain: '1', task: '1.1', sections: [s3-storage-class], type: single, stem: s,\n"
    "   options: {A: a, B: b, C: c, D: d}, answer: B, explanation: e, excludes: [zz]}\n"
    "- {id: c, domain: '3', task: '1.1', sections: [iam], type: single, stem: s,\n"
    "   options: {A: a, B: b, C: c, D: d}, answer: B, explanation: e}\n"
    "- {id: d, domain: '2', task: '1.1', sections: [iam, s3], type: multiple, choose: 2,\n"
    "   stem: s, options: {A: a, B: b, C: c, D: d, E: e}, answer: [A, B], explanation: e}\n"
    "- {id: e, domain: '2', task: '2.1', sections: [iam], type: single, stem: s,\n"
    "   options: {A: a, B: b, C: c, D: d}, answer: D, explanation: e, difficulty: hard}\n";

typedef struct fixture {
    ef_blueprint *bp;
    ef_notes *notes;
    ef_bank *bank;
    ef_diags diags;
} fixture;

static void load(fixture *f)
{
    ef_diags_init(&f->diags);
    ck_assert_int_eq(ef_blueprint_parse("bp.yaml", BP, strlen(BP), &f->diags, &f->bp), EF_OK);
    f->notes = ef_notes_new();
    ck_assert_int_eq(ef_notes_parse(f->notes, "n.md", NOTES, strlen(NOTES), &f->diags), EF_OK);
    f->bank = ef_bank_new();
    ck_assert_int_eq(ef_bank_parse(f->bank, "q.yaml", BANK, strlen(BANK), &f->diags), EF_OK);
    ck_assert_uint_eq(f->diags.count, 0);
}

static void unload(fixture *f)
{
    ef_bank_free(f->bank);
    ef_notes_free(f->notes);
    ef_blueprint_free(f->bp);
    ef_diags_release(&f->diags);
}

START_TEST(references)
{
    fixture f;
    load(&f);
    ck_assert_uint_eq(ef_check_references(f.bank, f.notes, f.bp, &f.diags), 4);
    const ef_diag *x =
        find_diag(&f.diags, EF_SEV_ERROR, 3, 48, "unknown section 's3-storage-class'");
    ck_assert_ptr_nonnull(x);
    ck_assert_str_eq(x->hint, "did you mean 's3-storage-classes'?");
    ck_assert_diag(&f.diags, EF_SEV_ERROR, 4, 77, "'excludes' names unknown question 'zz'");
    x = find_diag(&f.diags, EF_SEV_ERROR, 5, 19, "unknown domain '3'");
    ck_assert_ptr_nonnull(x);
    ck_assert_str_eq(x->hint, "the blueprint's domains are '1', '2'");
    x = find_diag(&f.diags, EF_SEV_ERROR, 7, 30,
                  "task '1.1' is not a task statement of domain '2'");
    ck_assert_ptr_nonnull(x);
    ck_assert_str_eq(x->hint, "'1.1' belongs to domain '1'");
    unload(&f);
}
END_TEST

START_TEST(summary)
{
    fixture f;
    load(&f);
    ef_summary s;
    ef_summary_init(&s, f.bank, f.notes, f.bp);
    ck_assert_uint_eq(s.questions, 5);
    ck_assert_uint_eq(s.by_domain[0], 2);
    ck_assert_uint_eq(s.by_domain[1], 2);
    ck_assert_uint_eq(s.unplaced, 1);
    ck_assert_uint_eq(s.by_task[0], 2);
    ck_assert_uint_eq(s.by_task[1], 1);
    ck_assert_uint_eq(s.by_type[EF_SINGLE], 4);
    ck_assert_uint_eq(s.by_type[EF_MULTIPLE], 1);
    ck_assert_uint_eq(s.by_difficulty[EF_DIFF_UNSET], 3);
    ck_assert_uint_eq(s.by_difficulty[EF_DIFF_HARD], 1);
    ck_assert_uint_eq(s.single_keys[0], 1);
    ck_assert_uint_eq(s.single_keys[1], 2);
    ck_assert_uint_eq(s.single_keys[3], 1);
    ck_assert_uint_eq(s.n_sections, 3);
    ck_assert_uint_eq(s.section_hits[0], 2); /* s3 */
    ck_assert_uint_eq(s.section_hits[1], 0); /* s3-storage-classes: only misspelt */
    ck_assert_uint_eq(s.section_hits[2], 3); /* iam */
    ck_assert_uint_eq(s.sections_covered, 2);
    ck_assert_uint_eq(s.per_form[0], 2);
    ck_assert_uint_eq(s.forms, 1);
    ef_buf out;
    ef_buf_init(&out);
    ef_summary_text(&s, f.notes, f.bp, &out);
    ck_assert_ptr_nonnull(strstr(out.data, "sections: 2 of 3 covered"));
    ck_assert_ptr_nonnull(strstr(out.data, "s3-storage-classes"));
    ef_buf_clear(&out);
    ef_summary_yaml(&s, f.notes, f.bp, &out);
    ck_assert_ptr_nonnull(strstr(out.data, "uncovered:\n  - s3-storage-classes"));
    ck_assert_ptr_nonnull(strstr(out.data, "disjoint: 1"));
    ef_buf_release(&out);
    ef_summary_release(&s);
    unload(&f);
}
END_TEST

static Suite *check_suite(void)
{
    Suite *s = suite_create("check");
    TCase *tc = tcase_create("check");
    tcase_add_test(tc, references);
    tcase_add_test(tc, summary);
    suite_add_tcase(s, tc);
    return s;
}

RUN_SUITE(check_suite)
