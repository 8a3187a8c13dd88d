/* Unit tests: domain counts, task and section spread, parallel forms, excludes, option
 * permutations and reproducibility of the sampler. */
#include "examforge/sampler.h"
#include "testutil.h"

#include <stdio.h>
#include <stdlib.h>

static const char *const BP =
    "exam: E\nquestions: 4\nminutes: 10\ndomains:\n"
    "  - {id: '1', name: One, weight: 50, tasks: [{id: '1.1', name: a}, "
    "{id: '1.2', name: b}]}\n"
    "  - {id: '2', name: Two, weight: 50, tasks: [{id: '2.1', name: c}]}\n";

/* One question line: id, domain, task, section, extra fields. */
static void add_q(ef_buf *y, const char *id, const char *domain, const char *task,
                  const char *section, const char *extra)
{
    ef_buf_printf(y,
                  "- {id: %s, domain: '%s', task: '%s', sections: [%s], type: single, stem: s,\n"
                  "   options: {A: a, B: b, C: c, D: d}, answer: C, explanation: e%s%s}\n",
                  id, domain, task, section, extra ? ", " : "", extra ? extra : "");
}

typedef struct world {
    ef_blueprint *bp;
    ef_bank *bank;
    ef_diags diags;
} world;

static void load(world *w, const char *bank_yaml)
{
    ef_diags_init(&w->diags);
    ck_assert_int_eq(ef_blueprint_parse("bp.yaml", BP, strlen(BP), &w->diags, &w->bp), EF_OK);
    w->bank = ef_bank_new();
    ef_status st = ef_bank_parse(w->bank, "q.yaml", bank_yaml, strlen(bank_yaml), &w->diags);
    if (st)
        dump_diags(&w->diags);
    ck_assert_int_eq(st, EF_OK);
}

static void unload(world *w)
{
    ef_bank_free(w->bank);
    ef_blueprint_free(w->bp);
    ef_diags_release(&w->diags);
}

/* Six questions a domain, each on its own section. */
static char *plain_bank(void)
{
    ef_buf y;
    ef_buf_init(&y);
    char id[16], sec[16];
    for (int i = 0; i < 6; i++) {
        snprintf(id, sizeof id, "a%d", i);
        snprintf(sec, sizeof sec, "s%d", i);
        add_q(&y, id, "1", i % 2 ? "1.2" : "1.1", sec, NULL);
        snprintf(id, sizeof id, "b%d", i);
        snprintf(sec, sizeof sec, "t%d", i);
        add_q(&y, id, "2", "2.1", sec, i == 0 ? "shuffle: false" : NULL);
    }
    return ef_buf_detach(&y, NULL);
}

static const ef_question *item_q(const world *w, const ef_item *it)
{
    return ef_bank_question(w->bank, it->question);
}

START_TEST(counts_keys_and_permutations)
{
    char *yaml = plain_bank();
    world w;
    load(&w, yaml);
    ef_sampler_options opt = {.forms = 3, .mode = EF_MODE_SHUFFLE, .seed = 99};
    ef_exam *exam;
    ck_assert_int_eq(ef_exam_generate(w.bank, w.bp, &opt, &w.diags, &exam), EF_OK);
    ck_assert_uint_eq(exam->n_forms, 3);
    ck_assert_str_eq(exam->forms[2].name, "C");
    ck_assert_uint_eq(exam->per_domain[0], 2);
    for (size_t f = 0; f < 3; f++) {
        const ef_form *form = &exam->forms[f];
        ck_assert_uint_eq(form->n_items, 4);
        size_t per_domain[2] = {0, 0};
        for (size_t i = 0; i < form->n_items; i++) {
            const ef_item *it = &form->items[i];
            const ef_question *q = item_q(&w, it);
            per_domain[q->domain[0] - '1']++;
            /* The displayed key points at the bank's key after the permutation. */
            uint32_t seen = 0;
            for (size_t o = 0; o < q->n_options; o++) {
                seen |= 1u << it->order[o];
                ck_assert_int_eq(!!(it->answer & (1u << o)), !!(q->answer & (1u << it->order[o])));
            }
            ck_assert_uint_eq(seen, 0xF);
            if (!q->shuffle)
                for (size_t o = 0; o < q->n_options; o++)
                    ck_assert_uint_eq(it->order[o], o);
        }
        ck_assert_uint_eq(per_domain[0], 2);
        ck_assert_uint_eq(per_domain[1], 2);
        /* Shuffle mode: the same questions on every form. */
        for (size_t i = 0; i < form->n_items; i++) {
            bool found = false;
            for (size_t j = 0; j < 4; j++)
                found |= exam->forms[0].items[j].question == form->items[i].question;
            ck_assert(found);
        }
    }
    ef_exam_free(exam);
    unload(&w);
    free(yaml);
}
END_TEST

START_TEST(same_seed_same_exam_other_seed_other_exam)
{
    char *yaml = plain_bank();
    world w;
    load(&w, yaml);
    ef_sampler_options opt = {.forms = 2, .mode = EF_MODE_PARALLEL, .seed = 5};
    ef_exam *a, *b;
    ck_assert_int_eq(ef_exam_generate(w.bank, w.bp, &opt, &w.diags, &a), EF_OK);
    ck_assert_int_eq(ef_exam_generate(w.bank, w.bp, &opt, &w.diags, &b), EF_OK);
    for (size_t f = 0; f < 2; f++)
        ck_assert_int_eq(memcmp(a->forms[f].items, b->forms[f].items, 4 * sizeof(ef_item)), 0);
    int differing = 0;
    for (uint64_t seed = 6; seed < 26; seed++) {
        ef_exam *c;
        opt.seed = seed;
        ck_assert_int_eq(ef_exam_generate(w.bank, w.bp, &opt, &w.diags, &c), EF_OK);
        differing += memcmp(a->forms[0].items, c->forms[0].items, 4 * sizeof(ef_item)) != 0;
        ef_exam_free(c);
    }
    ck_assert_int_ge(differing, 18);
    ef_exam_free(a);
    ef_exam_free(b);
    unload(&w);
    free(yaml);
}
END_TEST

START_TEST(parallel_forms_are_disjoint_and_shortage_is_named)
{
    char *yaml = plain_bank();
    world w;
    load(&w, yaml);
    ef_sampler_options opt = {.forms = 3, .mode = EF_MODE_PARALLEL, .seed = 1};
    ef_exam *exam;
    ck_assert_int_eq(ef_exam_generate(w.bank, w.bp, &opt, &w.diags, &exam), EF_OK);
    bool used[12] = {false};
    for (size_t f = 0; f < 3; f++)
        for (size_t i = 0; i < 4; i++) {
            size_t q = exam->forms[f].items[i].question;
            ck_assert_msg(!used[q], "question %zu on two forms", q);
            used[q] = true;
        }
    ef_exam_free(exam);
    opt.forms = 4;
    ck_assert_int_eq(ef_exam_generate(w.bank, w.bp, &opt, &w.diags, &exam), EF_ERR_SHORT);
    ck_assert_ptr_null(exam);
    ck_assert_diag(
        &w.diags, EF_SEV_ERROR, 5, 5,
        "domain '1' (One) runs short by 2: 4 forms of 2 need 8 questions, the bank has 6");
    ck_assert_diag(&w.diags, EF_SEV_ERROR, 6, 5, "domain '2' (Two) runs short by 2");
    /* Questions of earlier keys are left out, and the shortage says so. */
    ef_diags_clear(&w.diags);
    const char *const used_before[] = {"a0", "a1", "a2", "a3", "a4"};
    opt.forms = 1;
    opt.exclude_ids = used_before;
    opt.n_exclude_ids = 5;
    const ef_diag *d;
    ck_assert_int_eq(ef_exam_generate(w.bank, w.bp, &opt, &w.diags, &exam), EF_ERR_SHORT);
    d = find_diag(&w.diags, EF_SEV_ERROR, 5, 5, "runs short by 1");
    ck_assert_ptr_nonnull(d);
    ck_assert_str_eq(d->hint, "5 questions are excluded by earlier keys");
    opt.n_exclude_ids = 4;
    ck_assert_int_eq(ef_exam_generate(w.bank, w.bp, &opt, &w.diags, &exam), EF_OK);
    for (size_t i = 0; i < 4; i++) {
        const char *id = item_q(&w, &exam->forms[0].items[i])->id;
        for (size_t x = 0; x < 4; x++)
            ck_assert_str_ne(id, used_before[x]);
    }
    ef_exam_free(exam);
    unload(&w);
    free(yaml);
}
END_TEST

START_TEST(excludes_never_meet)
{
    ef_buf y;
    ef_buf_init(&y);
    add_q(&y, "x1", "1", "1.1", "s1", "excludes: [x2]");
    add_q(&y, "x2", "1", "1.1", "s2", NULL);
    add_q(&y, "x3", "1", "1.2", "s3", NULL);
    add_q(&y, "y1", "2", "2.1", "t1", NULL);
    add_q(&y, "y2", "2", "2.1", "t2", NULL);
    char *yaml = ef_buf_detach(&y, NULL);
    world w;
    load(&w, yaml);
    for (uint64_t seed = 0; seed < 200; seed++) {
        ef_sampler_options opt = {.forms = 1, .mode = EF_MODE_SHUFFLE, .seed = seed};
        ef_exam *exam;
        ck_assert_int_eq(ef_exam_generate(w.bank, w.bp, &opt, &w.diags, &exam), EF_OK);
        int xs = 0;
        for (size_t i = 0; i < 4; i++) {
            const char *id = item_q(&w, &exam->forms[0].items[i])->id;
            xs += !strcmp(id, "x1") || !strcmp(id, "x2");
        }
        ck_assert_int_le(xs, 1);
        ef_exam_free(exam);
    }
    unload(&w);
    free(yaml);
}
END_TEST

START_TEST(spread_over_tasks_and_sections)
{
    /* Domain 1: four task-1.1 questions on one section, one task-1.1 question on another,
     * one task-1.2 question. Two items must come from two tasks and two sections. */
    ef_buf y;
    ef_buf_init(&y);
    add_q(&y, "p1", "1", "1.1", "same", NULL);
    add_q(&y, "p2", "1", "1.1", "same", NULL);
    add_q(&y, "p3", "1", "1.1", "same", NULL);
    add_q(&y, "p4", "1", "1.1", "same", NULL);
    add_q(&y, "p5", "1", "1.1", "other", NULL);
    add_q(&y, "r1", "1", "1.2", "same", NULL);
    add_q(&y, "y1", "2", "2.1", "t1", NULL);
    add_q(&y, "y2", "2", "2.1", "t2", NULL);
    char *yaml = ef_buf_detach(&y, NULL);
    world w;
    load(&w, yaml);
    for (uint64_t seed = 0; seed < 200; seed++) {
        ef_sampler_options opt = {.forms = 1, .mode = EF_MODE_SHUFFLE, .seed = seed};
        ef_exam *exam;
        ck_assert_int_eq(ef_exam_generate(w.bank, w.bp, &opt, &w.diags, &exam), EF_OK);
        bool p5 = false, r1 = false;
        for (size_t i = 0; i < 4; i++) {
            const char *id = item_q(&w, &exam->forms[0].items[i])->id;
            p5 |= !strcmp(id, "p5");
            r1 |= !strcmp(id, "r1");
        }
        /* r1 is the only task-1.2 item; with it on 'same', p5 is the only other section. */
        ck_assert_msg(p5 && r1, "seed %llu: p5=%d r1=%d", (unsigned long long)seed, p5, r1);
        ef_exam_free(exam);
    }
    unload(&w);
    free(yaml);
}
END_TEST

START_TEST(form_names)
{
    char n[8];
    ef_form_name(0, n);
    ck_assert_str_eq(n, "A");
    ef_form_name(25, n);
    ck_assert_str_eq(n, "Z");
    ef_form_name(26, n);
    ck_assert_str_eq(n, "AA");
    ef_form_name(701, n);
    ck_assert_str_eq(n, "ZZ");
    ef_form_name(702, n);
    ck_assert_str_eq(n, "AAA");
    ef_mode m;
    ck_assert(ef_mode_parse("parallel", &m) && m == EF_MODE_PARALLEL);
    ck_assert(!ef_mode_parse("Parallel", &m));
}
END_TEST

static Suite *sampler_suite(void)
{
    Suite *s = suite_create("sampler");
    TCase *tc = tcase_create("sampler");
    tcase_add_test(tc, counts_keys_and_permutations);
    tcase_add_test(tc, same_seed_same_exam_other_seed_other_exam);
    tcase_add_test(tc, parallel_forms_are_disjoint_and_shortage_is_named);
    tcase_add_test(tc, excludes_never_meet);
    tcase_add_test(tc, spread_over_tasks_and_sections);
    tcase_add_test(tc, form_names);
    suite_add_tcase(s, tc);
    return s;
}

RUN_SUITE(sampler_suite)
