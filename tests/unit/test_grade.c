/* Unit tests: scoring rules by hand-computed cases, the scale, the interval, weak areas. */
#include "examforge/grade.h"
#include "examforge/report.h"
#include "examforge/par.h"
#include "testutil.h"

#include <math.h>
#include <stdlib.h>

static ef_key_item multi(void)
{
    ef_key_item it;
    memset(&it, 0, sizeof it);
    it.number = 1;
    it.type = EF_MULTIPLE;
    it.choose = 2;
    it.n_options = 5;
    it.answer = 0x1 | 0x4; /* A, C */
    return it;
}

#define A 1u
#define B 2u
#define C 4u
#define D 8u

START_TEST(scoring_rules)
{
    ef_key_item m = multi(), s = multi();
    s.type = EF_SINGLE;
    s.choose = 1;
    s.answer = B;
    ef_grade_options o = {EF_RULE_ALL_OR_NOTHING, 0.25, 72, 2};
    ck_assert_double_eq(ef_item_score(&m, A | C, &o), 1.0);
    ck_assert_double_eq(ef_item_score(&m, A, &o), 0.0);
    ck_assert_double_eq(ef_item_score(&m, A | D, &o), 0.0);
    ck_assert_double_eq(ef_item_score(&m, 0, &o), 0.0);
    ck_assert_double_eq(ef_item_score(&s, B, &o), 1.0);
    o.rule = EF_RULE_PARTIAL; /* (right - wrong) / choose, at least 0 */
    ck_assert_double_eq(ef_item_score(&m, A | C, &o), 1.0);
    ck_assert_double_eq(ef_item_score(&m, A, &o), 0.5);
    ck_assert_double_eq(ef_item_score(&m, A | D, &o), 0.0);
    ck_assert_double_eq(ef_item_score(&m, B | D, &o), 0.0);
    ck_assert_double_eq(ef_item_score(&m, A | C | D | EF_ANSWER_INVALID, &o), 0.0);
    ck_assert_double_eq(ef_item_score(&s, C, &o), 0.0);
    o.rule = EF_RULE_NEGATIVE; /* 1 exact, 0 blank, -penalty otherwise */
    ck_assert_double_eq(ef_item_score(&m, A | C, &o), 1.0);
    ck_assert_double_eq(ef_item_score(&m, A, &o), -0.25);
    ck_assert_double_eq(ef_item_score(&m, 0, &o), 0.0);
    ck_assert_double_eq(ef_item_score(&s, EF_ANSWER_INVALID, &o), -0.25);
    ck_assert_double_eq(ef_item_score(&s, B, &o), 1.0);
}
END_TEST

START_TEST(scale_and_interval)
{
    ef_key k;
    memset(&k, 0, sizeof k);
    k.scale_min = 100;
    k.scale_max = 1000;
    k.pass_mark = 720;
    k.raw_cut = 72;
    ck_assert_uint_eq(ef_scaled_score(0, &k), 100);
    ck_assert_uint_eq(ef_scaled_score(72, &k), 720);
    ck_assert_uint_eq(ef_scaled_score(100, &k), 1000);
    ck_assert_uint_eq(ef_scaled_score(36, &k), 410); /* 100 + 0.5 * 620 */
    ck_assert_uint_eq(ef_scaled_score(86, &k), 860); /* 720 + 0.5 * 280 */
    ck_assert_uint_eq(ef_scaled_score(-5, &k), 100);
    double lo, hi;
    /* Wilson, p = 0.5, n = 65: 0.5 -/+ 0.11811 (hand computed with the Wilson formula) */
    ef_wilson_interval(0.5, 65, &lo, &hi);
    ck_assert_double_eq_tol(lo, 38.1888, 1e-3);
    ck_assert_double_eq_tol(hi, 61.8112, 1e-3);
    ef_wilson_interval(1.0, 65, &lo, &hi);
    ck_assert_double_eq_tol(hi, 100.0, 1e-9);
    ck_assert_double_eq_tol(lo, 94.4198, 1e-3);
    /* Fewer items, wider interval. */
    double lo2, hi2;
    ef_wilson_interval(0.5, 10, &lo2, &hi2);
    ck_assert(hi2 - lo2 > hi - lo);
    ck_assert(hi2 - lo2 > 100 - 94.4198);
}
END_TEST

/* A class of one form with 4 items in two domains; planted answers. */
static ef_key *tiny_key(ef_diags *d)
{
    const char *y =
        "exam: T\nscoring: {raw_cut: 72}\n"
        "domains: [{id: '1', name: One, weight: 60}, {id: '2', name: Two, weight: 40}]\n"
        "forms:\n- form: A\n  items:\n"
        "  - {number: 1, question: q1, domain: '1', task: '1.1', sections: [a, b],"
        " type: single, choose: 1, answer: [A], order: [A, B, C, D]}\n"
        "  - {number: 2, question: q2, domain: '1', task: '1.1', sections: [a],"
        " type: single, choose: 1, answer: [B], order: [A, B, C, D]}\n"
        "  - {number: 3, question: q3, domain: '2', task: '2.1', sections: [c, b],"
        " type: single, choose: 1, answer: [C], order: [A, B, C, D]}\n"
        "  - {number: 4, question: q4, domain: '2', task: '2.1', sections: [c],"
        " type: single, choose: 1, answer: [D], order: [A, B, C, D]}\n";
    ef_key *key;
    ck_assert_int_eq(ef_key_parse("k.yaml", y, strlen(y), d, &key), EF_OK);
    return key;
}

static void add_student(ef_responses *set, const ef_key *key, const char *id, const char *ans,
                        ef_diags *d)
{
    char y[256];
    snprintf(y, sizeof y, "student: %s\nform: A\nanswers: {1: %c, 2: %c, 3: %c, 4: %c}\n", id,
             ans[0], ans[1], ans[2], ans[3]);
    for (char *p = y; *p; p++)
        if (*p == '-')
            *p = '~';
    ck_assert_int_eq(ef_answers_parse_yaml(set, key, id, y, strlen(y), d), EF_OK);
}

START_TEST(weak_areas_are_found_and_ranked)
{
    ef_diags d;
    ef_diags_init(&d);
    ef_key *key = tiny_key(&d);
    ef_responses *set = ef_responses_new();
    add_student(set, key, "perfect", "ABCD", &d);
    add_student(set, key, "blank", "----", &d);
    add_student(set, key, "miss2", "AB--", &d); /* misses exactly domain 2 */
    ef_grade_options o;
    ef_grade_options_from_key(&o, key);
    ef_gradebook *g = ef_grade(key, set, &o);
    ck_assert_uint_eq(g->n_students, 3);
    ck_assert_uint_eq(g->students[0].scaled, 1000);
    ck_assert(g->students[0].pass);
    ck_assert_uint_eq(g->students[1].scaled, 100);
    ck_assert_double_eq(g->students[2].percent, 50.0);
    ck_assert_uint_eq(g->students[2].scaled, 531); /* 100 + 50/72 * 620 = 530.6 */
    ef_student_areas a;
    ef_student_areas_init(&a, g);
    ef_student_areas_compute(&a, g, 0);
    ck_assert_uint_eq(a.n_weak_domains + a.n_weak_tasks + a.n_weak_sections, 0);
    ef_student_areas_compute(&a, g, 2);
    ck_assert_uint_eq(a.n_weak_domains, 1);
    ck_assert_str_eq(g->domain_ids[a.weak_domains[0]], "2");
    ck_assert_uint_eq(a.n_weak_tasks, 1);
    ck_assert_str_eq(g->task_ids[a.weak_tasks[0]], "2.1");
    /* Sections: c (2 items, both missed) is weak; b (2 items, 1 missed: 50 %) is weak too;
     * a (2 right) is not. Ranked by items missed: c before b. */
    ck_assert_uint_eq(a.n_weak_sections, 2);
    ck_assert_str_eq(g->section_ids[a.weak_sections[0]], "c");
    ck_assert_str_eq(g->section_ids[a.weak_sections[1]], "b");
    /* min_items 3: nothing has enough evidence any more. */
    g->options.min_items = 3;
    ef_student_areas_compute(&a, g, 2);
    ck_assert_uint_eq(a.n_weak_sections, 0);
    ef_student_areas_release(&a);
    /* Item analysis: q1 right for 2 of 3. */
    ck_assert_str_eq(g->items[0].question, "q1");
    ck_assert_double_eq_tol(g->items[0].facility, 2.0 / 3.0, 1e-12);
    ck_assert_uint_eq(g->items[0].chosen[0], 2);
    ck_assert_uint_eq(g->items[0].blank, 1);
    ef_gradebook_free(g);
    ef_responses_free(set);
    ef_key_free(key);
    ef_diags_release(&d);
}
END_TEST

/* A seeded class of `n` on `key`: student s sits form B when s % b_every == 0, else form A, and
 * answers each item with a string drawn from `pick`. Each student takes as many draws as the
 * longest form has items, whatever their form. */
static ef_responses *seeded_class(const ef_key *key, size_t n, uint64_t seed,
                                  const char *const *pick, size_t n_pick, size_t b_every,
                                  ef_diags *d)
{
    ef_responses *set = ef_responses_new();
    size_t draws = ef_key_max_items(key);
    ef_buf y;
    ef_buf_init(&y);
    for (size_t s = 0; s < n; s++) {
        char id[32];
        snprintf(id, sizeof id, "s%zu", s);
        const ef_key_form *kf = &key->forms[s % b_every ? 0 : 1];
        ef_buf_clear(&y);
        ef_buf_printf(&y, "student: %s\nform: %s\nanswers: {", id, kf->name);
        for (size_t i = 0; i < draws; i++) {
            seed = seed * 6364136223846793005u + 1442695040888963407u;
            if (i < kf->n_items)
                ef_buf_printf(&y, "%s%zu: %s", i ? ", " : "", i + 1, pick[(seed >> 33) % n_pick]);
        }
        ef_buf_puts(&y, "}\n");
        ck_assert_int_eq(ef_answers_parse_yaml(set, key, id, y.data, y.len, d), EF_OK);
    }
    ef_buf_release(&y);
    ck_assert_uint_eq(ef_responses_count(set), n);
    return set;
}

/* Two forms of the same six questions, each in its own item and option order; a seeded class
 * with many ties in items right. Every item statistic is recomputed here the plain way
 * (sort the class by items right, then input order; walk every answer) and must match. */
static const char *const two_forms =
    "exam: T\nscoring: {raw_cut: 72}\n"
    "domains: [{id: '1', name: One, weight: 100}]\n"
    "forms:\n"
    "- form: A\n  items:\n"
    "  - {number: 1, question: q1, domain: '1', task: '1.1', sections: [a], type: single,"
    " choose: 1, answer: [A], order: [A, B, C, D]}\n"
    "  - {number: 2, question: q2, domain: '1', task: '1.1', sections: [a], type: single,"
    " choose: 1, answer: [B], order: [A, B, C, D]}\n"
    "  - {number: 3, question: q3, domain: '1', task: '1.1', sections: [b], type: single,"
    " choose: 1, answer: [C], order: [A, B, C, D]}\n"
    "  - {number: 4, question: q4, domain: '1', task: '1.1', sections: [b], type: single,"
    " choose: 1, answer: [D], order: [A, B, C, D]}\n"
    "- form: B\n  items:\n"
    "  - {number: 1, question: q3, domain: '1', task: '1.1', sections: [b], type: single,"
    " choose: 1, answer: [A], order: [C, D, A, B]}\n"
    "  - {number: 2, question: q1, domain: '1', task: '1.1', sections: [a], type: single,"
    " choose: 1, answer: [D], order: [B, C, D, A]}\n"
    "  - {number: 3, question: q4, domain: '1', task: '1.1', sections: [b], type: single,"
    " choose: 1, answer: [B], order: [A, D, B, C]}\n"
    "  - {number: 4, question: q2, domain: '1', task: '1.1', sections: [a], type: single,"
    " choose: 1, answer: [C], order: [D, A, B, C]}\n";

typedef struct total_at {
    unsigned correct;
    size_t index;
} total_at;

static int by_total(const void *a, const void *b)
{
    const total_at *x = a, *y = b;
    if (x->correct != y->correct)
        return x->correct > y->correct ? -1 : 1;
    return (x->index > y->index) - (x->index < y->index);
}

/* Recount every item statistic of a seeded class on `key_text` the plain way and compare. */
static void recount_items(const char *key_text, const char *const *pick, size_t n_pick,
                          size_t b_every)
{
    ef_diags d;
    ef_diags_init(&d);
    ef_key *key;
    ck_assert_int_eq(ef_key_parse("k.yaml", key_text, strlen(key_text), &d, &key), EF_OK);
    enum { N = 203, Q = 8 };
    ef_responses *set = seeded_class(key, N, 12345, pick, n_pick, b_every, &d);
    ef_grade_options o;
    ef_grade_options_from_key(&o, key);
    ef_gradebook *g = ef_grade(key, set, &o);
    ck_assert_uint_le(g->n_items, Q);
    /* The plain way. */
    unsigned n[Q] = {0}, right[Q] = {0}, blank[Q] = {0}, chosen[Q][EF_MAX_OPTIONS] = {{0}},
             top_chosen[Q][EF_MAX_OPTIONS] = {{0}}, top_n[Q] = {0};
    total_at order[N];
    for (size_t s = 0; s < N; s++) {
        const ef_response *r = ef_responses_get(set, s);
        const ef_key_form *kf = &key->forms[r->form];
        order[s] = (total_at){0, s};
        for (size_t i = 0; i < kf->n_items; i++)
            order[s].correct += r->answers[i] == kf->items[i].answer;
        ck_assert_uint_eq(g->students[s].correct, order[s].correct);
    }
    qsort(order, N, sizeof *order, by_total);
    size_t top = (size_t)ceil(0.27 * N);
    /* Ties across the cut, so input order decides who is in the top group. */
    ck_assert_uint_eq(order[top - 1].correct, order[top].correct);
    for (size_t k = 0; k < N; k++) {
        const ef_response *r = ef_responses_get(set, order[k].index);
        const ef_key_form *kf = &key->forms[r->form];
        for (size_t i = 0; i < kf->n_items; i++) {
            const ef_key_item *it = &kf->items[i];
            size_t q = (size_t)(it->question[1] - '1');
            n[q]++;
            right[q] += r->answers[i] == it->answer;
            uint32_t shown = r->answers[i] & ~EF_ANSWER_INVALID;
            blank[q] += !shown;
            top_n[q] += k < top;
            for (size_t l = 0; l < it->n_options; l++)
                if (shown & (1u << l)) {
                    chosen[q][it->order[l]]++;
                    top_chosen[q][it->order[l]] += k < top;
                }
        }
    }
    for (size_t i = 0; i < g->n_items; i++) {
        const ef_item_stats *st = &g->items[i];
        size_t q = (size_t)(st->question[1] - '1');
        ck_assert_uint_eq(st->n, n[q]);
        ck_assert_uint_eq(st->blank, blank[q]);
        ck_assert_uint_eq(st->top_n, top_n[q]);
        ck_assert_double_eq_tol(st->facility, (double)right[q] / n[q], 1e-12);
        for (size_t l = 0; l < EF_MAX_OPTIONS; l++) {
            ck_assert_uint_eq(st->chosen[l], chosen[q][l]);
            ck_assert_uint_eq(st->top_chosen[l], top_chosen[q][l]);
        }
    }
    ck_assert_uint_eq(g->forms[0].n + g->forms[1].n, N);
    ef_gradebook_free(g);
    ef_responses_free(set);
    ef_key_free(key);
    ef_diags_release(&d);
}

static const char *const tagged;

/* `tagged` with a seventh item on form A, of eight options: an item too wide to count its
 * answers by kind (see grade.c), so it is counted letter by letter. Freed by the caller. */
static char *tagged_wide(void)
{
    const char *at = strstr(tagged, "- form: B");
    ef_buf b;
    ef_buf_init(&b);
    ef_buf_add(&b, tagged, (size_t)(at - tagged));
    ef_buf_puts(&b,
                "  - {number: 7, question: q7, domain: '2', task: '2.2', sections: [d, e],"
                " type: multiple, choose: 2, answer: [B, G], order: [A, B, C, D, E, F, G, H]}\n");
    ef_buf_puts(&b, at);
    return ef_buf_detach(&b, NULL);
}

START_TEST(item_statistics_match_a_plain_recount)
{
    static const char *const pick[] = {"A", "B", "C", "D", "~", "AB"}; /* AB: marked wrong */
    recount_items(two_forms, pick, 6, 3);
    /* Multiple-answer items, letters that are not options, and an item of eight options
     * (counted letter by letter, where the others are counted by kind of answer). */
    static const char *const wide[] = {"A", "B", "C", "D", "~", "AC", "ABD", "BE", "AE", "Z", "GH"};
    char *key = tagged_wide();
    recount_items(key, wide, 11, 4);
    free(key);
}
END_TEST

/* Class totals come from the item tallies and weak-section counts from each form's plan; both
 * must agree with every student's own areas (ef_student_areas_compute), under every rule and
 * min_items. Sections are tagged by one, two and three items, one item tags a section twice. */
static const char *const tagged =
    "exam: T\nscoring: {raw_cut: 60}\n"
    "domains: [{id: '1', name: One, weight: 60}, {id: '2', name: Two, weight: 40}]\n"
    "forms:\n"
    "- form: A\n  items:\n"
    "  - {number: 1, question: q1, domain: '1', task: '1.1', sections: [a, b], type: multiple,"
    " choose: 2, answer: [A, C], order: [A, B, C, D, E]}\n"
    "  - {number: 2, question: q2, domain: '1', task: '1.2', sections: [a], type: single,"
    " choose: 1, answer: [B], order: [A, B, C, D]}\n"
    "  - {number: 3, question: q3, domain: '2', task: '2.1', sections: [b, c], type: multiple,"
    " choose: 3, answer: [A, B, D], order: [A, B, C, D, E]}\n"
    "  - {number: 4, question: q4, domain: '2', task: '2.1', sections: [c, c], type: single,"
    " choose: 1, answer: [D], order: [A, B, C, D]}\n"
    "  - {number: 5, question: q5, domain: '1', task: '1.1', sections: [a, d], type: single,"
    " choose: 1, answer: [C], order: [A, B, C, D]}\n"
    "  - {number: 6, question: q6, domain: '2', task: '2.2', sections: [e], type: single,"
    " choose: 1, answer: [A], order: [A, B, C, D]}\n"
    "- form: B\n  items:\n"
    "  - {number: 1, question: q6, domain: '2', task: '2.2', sections: [e], type: single,"
    " choose: 1, answer: [B], order: [B, A, C, D]}\n"
    "  - {number: 2, question: q1, domain: '1', task: '1.1', sections: [a, b], type: multiple,"
    " choose: 2, answer: [B, E], order: [B, D, E, A, C]}\n"
    "  - {number: 3, question: q5, domain: '1', task: '1.1', sections: [a, d], type: single,"
    " choose: 1, answer: [A], order: [C, B, D, A]}\n";

/* A seeded class of `n` on the `tagged` key: blanks, wrong letters, letters that are not
 * options, one form in four B. */
static ef_responses *tagged_class(const ef_key *key, size_t n, ef_diags *d)
{
    static const char *const pick[] = {"A", "B", "C", "D", "~", "AC", "ABD", "BE", "AE", "Z"};
    return seeded_class(key, n, 99, pick, 10, 4, d);
}

START_TEST(class_areas_match_the_students_own)
{
    ef_diags d;
    ef_diags_init(&d);
    ef_key *key;
    char *text = tagged_wide();
    ck_assert_int_eq(ef_key_parse("k.yaml", text, strlen(text), &d, &key), EF_OK);
    free(text);
    ef_responses *set = tagged_class(key, 157, &d);
    /* A letter past the options without the invalid mark (only a caller of the library, not a
     * file, can give one): wrong, however its other letters look. */
    uint32_t *answers = (uint32_t *)(uintptr_t)ef_responses_get(set, 1)->answers;
    answers[1] = (UINT32_C(1) << 1) | (UINT32_C(1) << 5); /* B, the key, and F */
    for (int rule = 0; rule < EF_RULE_COUNT; rule++)
        for (unsigned min_items = 1; min_items <= 3; min_items++) {
            ef_grade_options o = {(ef_scoring_rule)rule, 0.3, 60, min_items};
            ef_gradebook *g = ef_grade(key, set, &o);
            ck_assert_uint_eq(g->n_sections, 5);
            ef_area dom[2] = {{0}}, task[4] = {{0}}, sec[5] = {{0}};
            unsigned weak[5] = {0};
            ef_student_areas a;
            ef_student_areas_init(&a, g);
            for (size_t s = 0; s < g->n_students; s++) {
                ef_student_areas_compute(&a, g, s);
                double raw = 0;
                for (size_t x = 0; x < g->n_domains; x++) {
                    ef_area_add(&dom[x], &a.domains[x]);
                    raw += a.domains[x].score;
                }
                ck_assert_double_eq_tol(g->students[s].raw, raw, 1e-12);
                for (size_t x = 0; x < g->n_tasks; x++)
                    ef_area_add(&task[x], &a.tasks[x]);
                for (size_t x = 0; x < g->n_sections; x++) {
                    ef_area_add(&sec[x], &a.sections[x]);
                    weak[x] += ef_area_is_weak(g, &a.sections[x]);
                }
            }
            ef_student_areas_release(&a);
            const ef_area *got[] = {g->class_domains, g->class_tasks, g->class_sections};
            const ef_area *want[] = {dom, task, sec};
            size_t count[] = {g->n_domains, g->n_tasks, g->n_sections};
            for (int k = 0; k < 3; k++)
                for (size_t x = 0; x < count[k]; x++) {
                    ck_assert_double_eq_tol(got[k][x].score, want[k][x].score, 1e-9);
                    ck_assert_uint_eq(got[k][x].items, want[k][x].items);
                    ck_assert_uint_eq(got[k][x].missed, want[k][x].missed);
                }
            unsigned any_weak = 0;
            for (size_t x = 0; x < g->n_sections; x++) {
                ck_assert_uint_eq(g->section_weak_students[x], weak[x]);
                any_weak += weak[x];
            }
            ck_assert_uint_gt(any_weak, 0);
            ef_gradebook_free(g);
        }
    ef_responses_free(set);
    ef_key_free(key);
    ef_diags_release(&d);
}
END_TEST

static int cmp_uint(const void *a, const void *b)
{
    unsigned x = *(const unsigned *)a, y = *(const unsigned *)b;
    return (x > y) - (x < y);
}

/* The median by counting scores (and by sorting, on a scale too wide to count) is the middle
 * of the sorted scores, for odd and even classes. */
START_TEST(median_is_the_middle_of_the_sorted_scores)
{
    static const char *const scorings[] = {"scoring: {raw_cut: 60}",
                                           "scoring: {raw_cut: 60, scale_min: 0, "
                                           "scale_max: 100000, pass: 60000}"};
    for (size_t k = 0; k < 2; k++) {
        ef_buf text;
        ef_buf_init(&text);
        const char *rest = strstr(tagged, "\ndomains:");
        ef_buf_printf(&text, "exam: T\n%s%s", scorings[k], rest);
        ef_diags d;
        ef_diags_init(&d);
        ef_key *key;
        ck_assert_int_eq(ef_key_parse("k.yaml", text.data, text.len, &d, &key), EF_OK);
        static const size_t sizes[] = {1, 2, 157, 158};
        for (size_t z = 0; z < 4; z++) {
            ef_responses *set = tagged_class(key, sizes[z], &d);
            static const char best[] = "student: best\nform: A\nanswers: {1: AC, 2: B, 3: ABD, "
                                       "4: D, 5: C, 6: A}\n",
                              worst[] = "student: worst\nform: A\nanswers: {}\n";
            if (sizes[z] > 2) { /* the whole scale, wider than counting covers on the second */
                ef_answers_parse_yaml(set, key, "best", best, strlen(best), &d);
                ef_answers_parse_yaml(set, key, "worst", worst, strlen(worst), &d);
                for (int h = 0; h < 60; h++) { /* half right: the median falls among these */
                    char y[128], id[16];
                    snprintf(id, sizeof id, "half%d", h);
                    snprintf(y, sizeof y, "student: %s\nform: A\nanswers: {1: AC, 2: B, 3: C}\n",
                             id);
                    ef_answers_parse_yaml(set, key, id, y, strlen(y), &d);
                }
            }
            ef_grade_options o;
            ef_grade_options_from_key(&o, key);
            ef_gradebook *g = ef_grade(key, set, &o);
            unsigned v[220];
            for (size_t s = 0; s < g->n_students; s++)
                v[s] = g->students[s].scaled;
            qsort(v, g->n_students, sizeof *v, cmp_uint);
            size_t m = g->n_students / 2;
            double want = g->n_students % 2 ? v[m] : (v[m - 1] + (double)v[m]) / 2;
            ck_assert_double_eq(g->median_scaled, want);
            if (sizes[z] > 2)
                ck_assert(want > key->scale_min && want < key->scale_max);
            if (sizes[z] > 2)
                ck_assert_uint_eq(v[g->n_students - 1] - v[0], key->scale_max - key->scale_min);
            ef_gradebook_free(g);
            ef_responses_free(set);
        }
        ef_key_free(key);
        ef_diags_release(&d);
        ef_buf_release(&text);
    }
}
END_TEST

/* A large class is graded in parts on several threads; the book must be the same to the last
 * bit whatever the number of parts, under every rule. */
START_TEST(grading_in_parts_gives_the_same_book)
{
    ef_diags d;
    ef_diags_init(&d);
    ef_key *key;
    ck_assert_int_eq(ef_key_parse("k.yaml", tagged, strlen(tagged), &d, &key), EF_OK);
    ef_responses *set = tagged_class(key, 301, &d);
    ef_min_part = 1;
    for (int rule = 0; rule < EF_RULE_COUNT; rule++) {
        ef_grade_options o = {(ef_scoring_rule)rule, 0.3, 60, 2};
        ef_max_threads = 1;
        ef_gradebook *one = ef_grade(key, set, &o);
        for (unsigned threads = 2; threads <= EF_MAX_THREADS; threads += 3) {
            ef_max_threads = threads;
            ef_gradebook *g = ef_grade(key, set, &o);
            for (size_t s = 0; s < g->n_students; s++) {
                const ef_student_result *a = &one->students[s], *b = &g->students[s];
                ck_assert_ptr_eq(a->response, b->response);
                ck_assert_double_eq(a->raw, b->raw);
                ck_assert_uint_eq(a->correct, b->correct);
                ck_assert_uint_eq(a->scaled_low, b->scaled_low);
                ck_assert_uint_eq(a->scaled_high, b->scaled_high);
            }
            for (size_t x = 0; x < g->n_sections; x++) {
                ck_assert_double_eq(g->class_sections[x].score, one->class_sections[x].score);
                ck_assert_uint_eq(g->class_sections[x].missed, one->class_sections[x].missed);
                ck_assert_uint_eq(g->section_weak_students[x], one->section_weak_students[x]);
            }
            for (size_t i = 0; i < g->n_items; i++) {
                const ef_item_stats *a = &one->items[i], *b = &g->items[i];
                ck_assert_uint_eq(a->n, b->n);
                ck_assert_uint_eq(a->blank, b->blank);
                ck_assert_uint_eq(a->top_n, b->top_n);
                ck_assert_double_eq(a->facility, b->facility);
                ck_assert_double_eq(a->discrimination, b->discrimination);
                ck_assert_mem_eq(a->chosen, b->chosen, sizeof a->chosen);
                ck_assert_mem_eq(a->top_chosen, b->top_chosen, sizeof a->top_chosen);
            }
            for (size_t f = 0; f < key->n_forms; f++) {
                ck_assert_uint_eq(g->forms[f].n, one->forms[f].n);
                ck_assert_double_eq(g->forms[f].kr20, one->forms[f].kr20);
            }
            ck_assert_double_eq(g->mean_percent, one->mean_percent);
            ck_assert_double_eq(g->median_scaled, one->median_scaled);
            ck_assert_double_eq(g->pass_rate, one->pass_rate);
            ef_buf csv_one, csv_parts; /* the gradebook CSV, printed in parts too */
            ef_buf_init(&csv_one);
            ef_buf_init(&csv_parts);
            ef_max_threads = 1;
            ef_report_csv(one, &csv_one);
            ef_max_threads = threads;
            ef_report_csv(g, &csv_parts);
            ck_assert_uint_eq(csv_parts.len, csv_one.len);
            ck_assert_str_eq(csv_parts.data, csv_one.data);
            ck_assert_uint_gt(csv_one.len, 300 * 20);
            ef_buf_release(&csv_one);
            ef_buf_release(&csv_parts);
            ef_gradebook_free(g);
        }
        ef_gradebook_free(one);
    }
    ef_max_threads = 0;
    ef_min_part = 0;
    ef_responses_free(set);
    ef_key_free(key);
    ef_diags_release(&d);
}
END_TEST

static Suite *grade_suite(void)
{
    Suite *s = suite_create("grade");
    TCase *tc = tcase_create("grade");
    tcase_add_test(tc, scoring_rules);
    tcase_add_test(tc, scale_and_interval);
    tcase_add_test(tc, weak_areas_are_found_and_ranked);
    tcase_add_test(tc, item_statistics_match_a_plain_recount);
    tcase_add_test(tc, class_areas_match_the_students_own);
    tcase_add_test(tc, grading_in_parts_gives_the_same_book);
    tcase_add_test(tc, median_is_the_middle_of_the_sorted_scores);
    suite_add_tcase(s, tc);
    return s;
}

RUN_SUITE(grade_suite)
