/* Unit tests: blueprint loading, its rules, and largest-remainder apportionment. */
#include "examforge/blueprint.h"
#include "testutil.h"

#include <math.h>
#include <stdlib.h>

#define BP                                                                                         \
    "exam: Test Exam\n"                                                                            \
    "questions: 65\n"                                                                              \
    "minutes: 130\n"                                                                               \
    "scoring:\n"                                                                                   \
    "  pass: 700\n"                                                                                \
    "  multiple_response: partial\n"                                                               \
    "domains:\n"                                                                                   \
    "  - id: \"1\"\n"                                                                              \
    "    name: One\n"                                                                              \
    "    weight: 30\n"                                                                             \
    "    tasks: [{id: \"1.1\", name: a}, {id: \"1.2\", name: b}]\n"                                \
    "  - id: \"2\"\n"                                                                              \
    "    name: Two\n"                                                                              \
    "    weight: 26\n"                                                                             \
    "    tasks: [{id: \"2.1\", name: c}]\n"                                                        \
    "  - id: \"3\"\n"                                                                              \
    "    name: Three\n"                                                                            \
    "    weight: 24\n"                                                                             \
    "    tasks: [{id: \"3.1\", name: d}]\n"                                                        \
    "  - id: \"4\"\n"                                                                              \
    "    name: Four\n"                                                                             \
    "    weight: 20\n"                                                                             \
    "    tasks: [{id: \"4.1\", name: e}]\n"

static ef_status parse(const char *yaml, ef_diags *d, ef_blueprint **bp)
{
    return ef_blueprint_parse("bp.yaml", yaml, strlen(yaml), d, bp);
}

START_TEST(good_blueprint)
{
    ef_diags d;
    ef_diags_init(&d);
    ef_blueprint *bp;
    ck_assert_int_eq(parse(BP, &d, &bp), EF_OK);
    ck_assert_uint_eq(d.count, 0);
    ck_assert_str_eq(bp->name, "Test Exam");
    ck_assert_uint_eq(bp->questions, 65);
    ck_assert_uint_eq(bp->minutes, 130);
    ck_assert_uint_eq(bp->pass_mark, 700);
    ck_assert_uint_eq(bp->scale_min, 100);
    ck_assert_double_eq(bp->raw_cut, 72.0);
    ck_assert_int_eq(bp->rule, EF_RULE_PARTIAL);
    ck_assert_uint_eq(bp->n_domains, 4);
    const ef_domain *dom = ef_blueprint_domain(bp, "1");
    ck_assert_ptr_nonnull(dom);
    ck_assert_uint_eq(dom->n_tasks, 2);
    ck_assert_str_eq(ef_blueprint_task(dom, "1.2")->name, "b");
    ck_assert_ptr_null(ef_blueprint_task(dom, "2.1"));
    ck_assert_ptr_null(ef_blueprint_domain(bp, "5"));
    unsigned counts[4];
    ef_blueprint_apportion(bp, 65, counts);
    ck_assert_uint_eq(counts[0], 19);
    ck_assert_uint_eq(counts[1], 17);
    ck_assert_uint_eq(counts[2], 16);
    ck_assert_uint_eq(counts[3], 13);
    ef_blueprint_free(bp);
    ef_diags_release(&d);
}
END_TEST

static void bad(const char *from, const char *to, ef_diags *d)
{
    char yaml[4096];
    const char *at = strstr(BP, from);
    ck_assert_ptr_nonnull(at);
    snprintf(yaml, sizeof yaml, "%.*s%s%s", (int)(at - BP), BP, to, at + strlen(from));
    ef_blueprint *bp = (ef_blueprint *)1;
    ef_diags_init(d);
    ef_status st = parse(yaml, d, &bp);
    if (st != EF_ERR_INVALID)
        dump_diags(d);
    ck_assert_int_eq(st, EF_ERR_INVALID);
    ck_assert_ptr_null(bp);
}

START_TEST(blueprint_errors)
{
    ef_diags d;
    bad("weight: 20", "weight: 21", &d);
    ck_assert_diag(&d, EF_SEV_ERROR, 8, 3, "domain weights add up to 101, not 100");
    ef_diags_release(&d);
    bad("minutes: 130", "minutes: soon", &d);
    ck_assert_diag(&d, EF_SEV_ERROR, 3, 10, "'minutes' must be a whole number");
    ef_diags_release(&d);
    bad("exam: Test Exam", "exams: Test Exam", &d);
    const ef_diag *x = find_diag(&d, EF_SEV_ERROR, 1, 1, "unknown field 'exams' in blueprint");
    ck_assert_ptr_nonnull(x);
    ck_assert_str_eq(x->hint, "did you mean 'exam'?");
    ef_diags_release(&d);
    bad("multiple_response: partial", "multiple_response: partal", &d);
    x = find_diag(&d, EF_SEV_ERROR, 6, 22, "'multiple_response' must be");
    ck_assert_ptr_nonnull(x);
    ck_assert_str_eq(x->hint, "did you mean 'partial'?");
    ef_diags_release(&d);
    bad("pass: 700", "pass: 1700", &d);
    ck_assert_diag(&d, EF_SEV_ERROR, 5, 3, "scale_min < pass < scale_max");
    ef_diags_release(&d);
    bad("id: \"2\"", "id: \"1\"", &d);
    ck_assert_diag(&d, EF_SEV_ERROR, 12, 5, "duplicate domain id '1'");
    ef_diags_release(&d);
    bad("{id: \"2.1\", name: c}", "{id: \"1.1\", name: c}", &d);
    ck_assert_diag(&d, EF_SEV_ERROR, 15, 13, "duplicate task id '1.1'");
    ef_diags_release(&d);
    bad("scoring:\n", "mix: {multiple: 20, difficulty: {easy: 50, hard: 40}}\nscoring:\n", &d);
    ck_assert_diag(&d, EF_SEV_ERROR, 4, 33, "difficulty shares add up to 90, not 100");
    ef_diags_release(&d);
}
END_TEST

START_TEST(blueprint_mix_and_not_a_mapping)
{
    ef_diags d;
    ef_diags_init(&d);
    ef_blueprint *bp;
    char yaml[4096];
    snprintf(yaml, sizeof yaml,
             "%smix: {multiple: 18.5, difficulty: {easy: 20, medium: 50, hard: 30}}\n", BP);
    ck_assert_int_eq(parse(yaml, &d, &bp), EF_OK);
    ck_assert(bp->has_multiple_share);
    ck_assert_double_eq(bp->multiple_share, 18.5);
    ck_assert(bp->has_difficulty_mix);
    ck_assert_double_eq(bp->difficulty_share[EF_DIFF_HARD], 30.0);
    ef_blueprint_free(bp);
    ck_assert_int_eq(parse("- a\n", &d, &bp), EF_ERR_INVALID);
    ck_assert_diag(&d, EF_SEV_ERROR, 1, 1, "a blueprint must be a mapping, found a sequence");
    ef_diags_release(&d);
}
END_TEST

/* Property: counts add up to the total and each is within 1 of its exact quota. */
START_TEST(apportion_properties)
{
    uint64_t state = 12345;
    for (int round = 0; round < 2000; round++) {
        ef_blueprint bp;
        memset(&bp, 0, sizeof bp);
        ef_domain doms[7];
        char ids[7][24];
        bp.n_domains = 1 + (size_t)(round % 7);
        bp.domains = doms;
        double sum = 0;
        for (size_t i = 0; i < bp.n_domains; i++) {
            state = state * 6364136223846793005ULL + 1442695040888963407ULL;
            memset(&doms[i], 0, sizeof doms[i]);
            snprintf(ids[i], sizeof ids[i], "%zu", bp.n_domains - i); /* ids in reverse order */
            doms[i].id = ids[i];
            doms[i].weight = 1 + (double)(state >> 40) / (double)(1ULL << 24) * 40.0;
            if (round % 5 == 0)
                doms[i].weight = 10; /* exact ties */
            sum += doms[i].weight;
        }
        unsigned total = 1 + (unsigned)(round % 130);
        unsigned counts[7];
        ef_blueprint_apportion(&bp, total, counts);
        unsigned got = 0;
        for (size_t i = 0; i < bp.n_domains; i++) {
            double quota = total * doms[i].weight / sum;
            ck_assert_msg(fabs(counts[i] - quota) < 1.0, "round %d domain %zu: %u vs %f", round, i,
                          counts[i], quota);
            got += counts[i];
        }
        ck_assert_uint_eq(got, total);
        if (round % 5 == 0 && total % bp.n_domains) {
            /* Ties go to the smaller id, which is the last domain here. */
            size_t last = bp.n_domains - 1;
            ck_assert_uint_ge(counts[last], counts[0]);
        }
    }
}
END_TEST

static Suite *blueprint_suite(void)
{
    Suite *s = suite_create("blueprint");
    TCase *tc = tcase_create("parse");
    tcase_add_test(tc, good_blueprint);
    tcase_add_test(tc, blueprint_errors);
    tcase_add_test(tc, blueprint_mix_and_not_a_mapping);
    suite_add_tcase(s, tc);
    tc = tcase_create("apportion");
    tcase_add_test(tc, apportion_properties);
    suite_add_tcase(s, tc);
    return s;
}

RUN_SUITE(blueprint_suite)
