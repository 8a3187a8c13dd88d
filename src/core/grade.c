/* examforge: scoring, per-area results, weak areas and item analysis for a class. */
#include "examforge/grade.h"
#include "examforge/alloc.h"
#include "bits_int.h"
#include "examforge/par.h"
#include "strmap_int.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Per key item: where it counts. */
typedef struct item_ref {
    size_t domain, task, stats;
    size_t *sections;
    size_t n_sections;
} item_ref;

/* Per form and item: what the class did with it. Integer tallies, so their sums are exact
 * whatever the order they are added in. An item of few options also counts its answers by
 * kind in `hist` (one increment per answer, not one per count): see answer_kind. */
typedef struct item_tally {
    uint64_t right;       /* students exactly right */
    uint64_t right_total; /* sum of those students' totals (items right) */
    uint64_t units;       /* score earned, in 1/score_denominator points (see score_units) */
    unsigned penalized;   /* answers that lost the penalty */
    unsigned blank;
    unsigned chosen[EF_MAX_OPTIONS];     /* displayed letters */
    unsigned top_chosen[EF_MAX_OPTIONS]; /* the same, among the top group */
    unsigned *hist, *top_hist;           /* answers per kind; NULL for an item of many options */
} item_tally;

enum { HIST_MAX_OPTIONS = 6 };

/* Kinds of answer to an item of n options (n <= HIST_MAX_OPTIONS): its letters, and the
 * invalid mark above them. */
static size_t kinds(const ef_key_item *item)
{
    return item->n_options <= HIST_MAX_OPTIONS ? (size_t)2 << item->n_options : 0;
}

/* The kind of `mask`, or SIZE_MAX when it names a letter past the options (possible only in
 * responses not read by answers.c, which marks those invalid and keeps the letters). */
static inline size_t answer_kind(uint32_t mask, const ef_key_item *item)
{
    uint32_t letters = mask & ~EF_ANSWER_INVALID, options = (UINT32_C(1) << item->n_options) - 1;
    return letters & ~options ? SIZE_MAX : letters | (size_t)(mask >> 31) << item->n_options;
}

/* The answer of kind `k`: the mask, letters past the options aside. */
static inline uint32_t kind_mask(size_t k, const ef_key_item *item)
{
    uint32_t letters = (uint32_t)k & ((UINT32_C(1) << item->n_options) - 1);
    return k >> item->n_options ? letters | EF_ANSWER_INVALID : letters;
}

/* Per form: the sections tagged by at least min_items of its items, the only ones that can be
 * weak for one of its students, each with its items (one entry per tag, in item order). */
typedef struct form_plan {
    size_t n_weakable;
    size_t *section; /* per weakable section: its index */
    size_t *start;   /* n_weakable + 1 offsets into items */
    size_t *items;
} form_plan;

typedef struct book_impl {
    ef_gradebook pub;    /* first: the public view */
    item_ref **refs;     /* per form, per item */
    item_tally **tally;  /* per form, per item */
    form_plan *plans;    /* per form */
    double *task_weight; /* the weight of each task's domain */
    strmap domains, tasks, sections, questions;
    size_t domains_cap, tasks_cap, sections_cap;
    ef_arena arena;
} book_impl;

void ef_grade_options_from_key(ef_grade_options *options, const ef_key *key)
{
    options->rule = key->rule;
    options->penalty = key->penalty;
    options->threshold = key->raw_cut;
    options->min_items = 2;
}

/* The score of an answer is a whole number of units, 1/score_denominator(item) points each,
 * or the penalty: integers, so a class's sums are exact whatever order they are added in. */
static inline unsigned score_denominator(const ef_key_item *item, ef_scoring_rule rule)
{
    return rule == EF_RULE_PARTIAL && item->type != EF_SINGLE && item->choose ? item->choose : 1;
}

static inline unsigned score_units(const ef_key_item *item, uint32_t mask, ef_scoring_rule rule,
                                   bool *penalized)
{
    /* Without branches on the answer where the rule allows: a class's answers are as good as
     * random to the branch predictor. */
    bool invalid = (mask & EF_ANSWER_INVALID) != 0;
    uint32_t letters = mask & ~EF_ANSWER_INVALID;
    bool blank = !letters && !invalid;
    bool exact = mask == item->answer; /* a key never holds the invalid mark */
    if (rule == EF_RULE_PARTIAL && item->type != EF_SINGLE) {
        *penalized = false;
        if (invalid || blank)
            return 0;
        int v = (int)mask_count(letters & item->answer) - (int)mask_count(letters & ~item->answer);
        return v > 0 ? (unsigned)v : 0;
    }
    *penalized = rule == EF_RULE_NEGATIVE && !exact && !blank;
    return exact;
}

/* Points from units and penalties: of one answer, or summed over a class (exact integers).
 * `rule` is options->rule, passed apart so a loop compiled for one rule divides by a constant
 * 1 (no division at all) except under the partial rule. */
static inline double points(const ef_key_item *item, uint64_t units, uint64_t penalized,
                            ef_scoring_rule rule, const ef_grade_options *options)
{
    return (double)units / score_denominator(item, rule) - (double)penalized * options->penalty;
}

/* Inlined into the per-item loops; ef_item_score is its public face. */
static inline double score_item(const ef_key_item *item, uint32_t mask,
                                const ef_grade_options *options)
{
    bool penalized;
    unsigned units = score_units(item, mask, options->rule, &penalized);
    return points(item, units, penalized, options->rule, options);
}

double ef_item_score(const ef_key_item *item, uint32_t mask, const ef_grade_options *options)
{
    return score_item(item, mask, options);
}

unsigned ef_scaled_score(double percent, const ef_key *key)
{
    double p = percent < 0 ? 0 : percent > 100 ? 100 : percent;
    double cut = key->raw_cut, v;
    if (p <= cut)
        v = key->scale_min + (p / cut) * (key->pass_mark - key->scale_min);
    else
        v = key->pass_mark + (p - cut) / (100.0 - cut) * (key->scale_max - key->pass_mark);
    return (unsigned)floor(v + 0.5);
}

void ef_wilson_interval(double p, size_t n, double *low, double *high)
{
    if (!n) {
        *low = 0;
        *high = 100;
        return;
    }
    const double z = 1.959963984540054, z2 = z * z, nn = (double)n;
    p = p < 0 ? 0 : p > 1 ? 1 : p;
    double denom = 1 + z2 / nn;
    double center = (p + z2 / (2 * nn)) / denom;
    double half = z / denom * sqrt(p * (1 - p) / nn + z2 / (4 * nn * nn));
    *low = 100.0 * (center - half < 0 ? 0 : center - half);
    *high = 100.0 * (center + half > 1 ? 1 : center + half);
}

static size_t intern(strmap *map, const char ***ids, size_t *n, size_t *cap, const char *id)
{
    size_t idx;
    if (strmap_get(map, id, &idx))
        return idx;
    ef_grow(ids, cap, *n + 1, sizeof **ids);
    (*ids)[*n] = id;
    strmap_put(map, id, *n);
    return (*n)++;
}

const char *ef_gradebook_domain_name(const ef_gradebook *g, size_t d)
{
    for (size_t i = 0; i < g->key->n_domains; i++)
        if (!strcmp(g->key->domains[i].id, g->domain_ids[d]))
            return g->key->domains[i].name;
    return g->domain_ids[d];
}

double ef_area_percent(const ef_area *area)
{
    if (!area->items)
        return 0.0;
    double p = 100.0 * area->score / area->items;
    return p < 0 ? 0 : p;
}

bool ef_area_is_weak(const ef_gradebook *book, const ef_area *area)
{
    return area->items >= book->options.min_items &&
           ef_area_percent(area) < book->options.threshold;
}

void ef_area_add(ef_area *sum, const ef_area *part)
{
    sum->score += part->score;
    sum->items += part->items;
    sum->missed += part->missed;
}

/* Zeroed tallies per form, per item; and their release. */
static item_tally **tallies_new(const ef_key *key)
{
    item_tally **t = ef_xcalloc(key->n_forms ? key->n_forms : 1, sizeof *t);
    for (size_t f = 0; f < key->n_forms; f++) {
        const ef_key_form *kf = &key->forms[f];
        size_t n = kf->n_items + 1, counts = 0;
        for (size_t i = 0; i < kf->n_items; i++)
            counts += 2 * kinds(&kf->items[i]);
        /* One block per form: the tallies, then their histograms. */
        t[f] = ef_xcalloc(1, n * sizeof **t + counts * sizeof(unsigned));
        unsigned *at = (unsigned *)(t[f] + n);
        for (size_t i = 0; i < kf->n_items; i++) {
            size_t k = kinds(&kf->items[i]);
            if (k) {
                t[f][i].hist = at;
                t[f][i].top_hist = at + k;
                at += 2 * k;
            }
        }
    }
    return t;
}

/* Count `count` answers `mask` by letter: each letter that is an option of `item` (a letter
 * beyond them does not count), without branching on the answer. */
static inline void count_letters(unsigned *chosen, uint32_t mask, const ef_key_item *item,
                                 unsigned count)
{
    for (size_t o = 0; o < item->n_options; o++)
        chosen[o] += count * ((mask >> o) & 1);
}

/* Count `count` answers `mask` to `item` into its tally: one answer as it is graded, or all
 * the class's answers of one kind when a histogram is folded. */
static inline void tally_answers(item_tally *t, const ef_key_item *item, uint32_t mask,
                                 unsigned count, ef_scoring_rule rule)
{
    bool penalized;
    t->units += (uint64_t)count * score_units(item, mask, rule, &penalized);
    t->penalized += count * penalized;
    t->right += (uint64_t)count * (mask == item->answer);
    t->blank += count * !(mask & ~EF_ANSWER_INVALID);
    count_letters(t->chosen, mask, item, count);
}

/* Fold the book's histograms (the class's, or with `top` the top group's) into its counts, as
 * if each answer had been counted alone. */
static void fold_hists(book_impl *b, bool top)
{
    const ef_key *key = b->pub.key;
    for (size_t f = 0; f < key->n_forms; f++)
        for (size_t i = 0; i < key->forms[f].n_items; i++) {
            const ef_key_item *item = &key->forms[f].items[i];
            item_tally *t = &b->tally[f][i];
            for (size_t k = 0; t->hist && k < kinds(item); k++) {
                if (top)
                    count_letters(t->top_chosen, kind_mask(k, item), item, t->top_hist[k]);
                else
                    tally_answers(t, item, kind_mask(k, item), t->hist[k], b->pub.options.rule);
            }
        }
}

static void tallies_free(const ef_key *key, item_tally **t)
{
    for (size_t f = 0; f < key->n_forms; f++)
        free(t[f]);
    free(t);
}

/* Build the area lists and each item's references. */
static void index_key(book_impl *b)
{
    ef_gradebook *g = &b->pub;
    const ef_key *key = g->key;
    size_t n_domains_cap = 0;
    for (size_t d = 0; d < key->n_domains; d++)
        intern(&b->domains, &g->domain_ids, &g->n_domains, &n_domains_cap, key->domains[d].id);
    b->refs = ef_xcalloc(key->n_forms ? key->n_forms : 1, sizeof *b->refs);
    size_t stats_cap = 0;
    for (size_t f = 0; f < key->n_forms; f++) {
        const ef_key_form *kf = &key->forms[f];
        b->refs[f] = ef_xcalloc(kf->n_items ? kf->n_items : 1, sizeof **b->refs);
        for (size_t i = 0; i < kf->n_items; i++) {
            const ef_key_item *it = &kf->items[i];
            item_ref *r = &b->refs[f][i];
            r->domain =
                intern(&b->domains, &g->domain_ids, &g->n_domains, &n_domains_cap, it->domain);
            size_t before = g->n_tasks;
            r->task = intern(&b->tasks, &g->task_ids, &g->n_tasks, &b->tasks_cap,
                             it->task ? it->task : "");
            if (g->n_tasks > before) {
                g->task_domain = ef_xreallocarray(g->task_domain, g->n_tasks, sizeof(size_t));
                g->task_domain[r->task] = r->domain;
            }
            r->sections = ef_arena_alloc(&b->arena, (it->n_sections ? it->n_sections : 1) *
                                                        sizeof *r->sections);
            for (size_t s = 0; s < it->n_sections; s++)
                r->sections[r->n_sections++] = intern(&b->sections, &g->section_ids, &g->n_sections,
                                                      &b->sections_cap, it->sections[s]);
            size_t idx;
            if (!strmap_get(&b->questions, it->question, &idx)) {
                ef_grow(&g->items, &stats_cap, g->n_items + 1, sizeof *g->items);
                idx = g->n_items++;
                ef_item_stats *st = &g->items[idx];
                memset(st, 0, sizeof *st);
                st->question = it->question;
                st->domain = it->domain;
                st->task = it->task;
                st->n_options = it->n_options;
                for (size_t o = 0; o < it->n_options; o++)
                    if (it->answer & (1u << o))
                        st->answer |= 1u << it->order[o];
                strmap_put(&b->questions, it->question, idx);
            }
            r->stats = idx;
        }
    }
    g->domain_weight = ef_xcalloc(g->n_domains ? g->n_domains : 1, sizeof *g->domain_weight);
    for (size_t d = 0; d < key->n_domains; d++) {
        size_t idx; /* the first entry of a repeated id counts */
        if (strmap_get(&b->domains, key->domains[d].id, &idx) && !g->domain_weight[idx])
            g->domain_weight[idx] = key->domains[d].weight;
    }
    g->section_weight = ef_xcalloc(g->n_sections ? g->n_sections : 1, sizeof *g->section_weight);
    for (size_t f = 0; f < key->n_forms; f++)
        for (size_t i = 0; i < key->forms[f].n_items; i++) {
            const item_ref *r = &b->refs[f][i];
            for (size_t s = 0; s < r->n_sections; s++)
                if (g->domain_weight[r->domain] > g->section_weight[r->sections[s]])
                    g->section_weight[r->sections[s]] = g->domain_weight[r->domain];
        }
    b->task_weight = ef_xcalloc(g->n_tasks + 1, sizeof *b->task_weight);
    for (size_t t = 0; t < g->n_tasks; t++)
        b->task_weight[t] = g->domain_weight[g->task_domain[t]];
    b->tally = tallies_new(key);
}

static void add_area(ef_area *a, double score, bool exact)
{
    a->score += score;
    a->items++;
    a->missed += !exact;
}

/* Rank weak areas: most missed, then heavier domain, then id. */
typedef struct rank_ctx {
    const ef_area *areas;
    const double *weight; /* may be NULL */
    const char *const *ids;
} rank_ctx;

static int rank_cmp(const rank_ctx *c, size_t a, size_t b)
{
    if (c->areas[a].missed != c->areas[b].missed)
        return c->areas[a].missed > c->areas[b].missed ? -1 : 1;
    double wa = c->weight ? c->weight[a] : 0, wb = c->weight ? c->weight[b] : 0;
    if (wa != wb)
        return wa > wb ? -1 : 1;
    return strcmp(c->ids[a], c->ids[b]);
}

/* The weak areas among `candidates` (all n areas when NULL), ranked into `out`. */
static size_t weak_list(const ef_gradebook *g, const ef_area *areas, size_t n,
                        const size_t *candidates, const double *weight, const char *const *ids,
                        size_t *out)
{
    size_t k = 0;
    for (size_t c = 0; c < n; c++) {
        size_t i = candidates ? candidates[c] : c;
        if (ef_area_is_weak(g, &areas[i]))
            out[k++] = i;
    }
    rank_ctx c = {areas, weight, ids};
    for (size_t i = 1; i < k; i++) /* insertion sort: lists are short */
        for (size_t j = i; j > 0 && rank_cmp(&c, out[j - 1], out[j]) > 0; j--) {
            size_t t = out[j];
            out[j] = out[j - 1];
            out[j - 1] = t;
        }
    return k;
}

void ef_student_areas_init(ef_student_areas *a, const ef_gradebook *g)
{
    a->domains = ef_xcalloc(g->n_domains + 1, sizeof *a->domains);
    a->tasks = ef_xcalloc(g->n_tasks + 1, sizeof *a->tasks);
    a->sections = ef_xcalloc(g->n_sections + 1, sizeof *a->sections);
    a->weak_domains = ef_xcalloc(g->n_domains + 1, sizeof *a->weak_domains);
    a->weak_tasks = ef_xcalloc(g->n_tasks + 1, sizeof *a->weak_tasks);
    a->weak_sections = ef_xcalloc(g->n_sections + 1, sizeof *a->weak_sections);
    a->seen_sections = ef_xcalloc(g->n_sections + 1, sizeof *a->seen_sections);
    a->n_weak_domains = a->n_weak_tasks = a->n_weak_sections = a->n_seen_sections = 0;
}

void ef_student_areas_release(ef_student_areas *a)
{
    free(a->domains);
    free(a->tasks);
    free(a->sections);
    free(a->weak_domains);
    free(a->weak_tasks);
    free(a->weak_sections);
    free(a->seen_sections);
}

/* Sum one student's items into `a` (weak lists untouched). */
static void sum_areas(ef_student_areas *a, const ef_gradebook *g, const ef_response *r)
{
    const book_impl *b = (const book_impl *)g;
    const ef_key_form *kf = &g->key->forms[r->form];
    const item_ref *refs = b->refs[r->form];
    ef_area *domains = a->domains, *tasks = a->tasks, *sections = a->sections;
    size_t *seen = a->seen_sections, n_seen = a->n_seen_sections;
    memset(domains, 0, g->n_domains * sizeof *domains);
    memset(tasks, 0, g->n_tasks * sizeof *tasks);
    /* A bank has hundreds of sections and a form touches a few dozen: reset and scan only
     * those, so a student costs the same whatever the size of the notes. (Locals, not a->
     * fields, in these loops: stores through `sections` would make the compiler reload them.) */
    for (size_t i = 0; i < n_seen; i++)
        sections[seen[i]] = (ef_area){0};
    n_seen = 0;
    for (size_t i = 0; i < kf->n_items && i < r->n_answers; i++) {
        const item_ref *ref = &refs[i];
        double score = score_item(&kf->items[i], r->answers[i], &g->options);
        bool exact = r->answers[i] == kf->items[i].answer;
        add_area(&domains[ref->domain], score, exact);
        add_area(&tasks[ref->task], score, exact);
        for (size_t k = 0; k < ref->n_sections; k++) {
            size_t x = ref->sections[k];
            if (!sections[x].items)
                seen[n_seen++] = x;
            add_area(&sections[x], score, exact);
        }
    }
    a->n_seen_sections = n_seen;
}

void ef_student_areas_compute(ef_student_areas *a, const ef_gradebook *g, size_t student)
{
    const book_impl *b = (const book_impl *)g;
    sum_areas(a, g, g->students[student].response);
    a->n_weak_domains = weak_list(g, a->domains, g->n_domains, NULL, g->domain_weight,
                                  g->domain_ids, a->weak_domains);
    a->n_weak_tasks =
        weak_list(g, a->tasks, g->n_tasks, NULL, b->task_weight, g->task_ids, a->weak_tasks);
    a->n_weak_sections = weak_list(g, a->sections, a->n_seen_sections, a->seen_sections,
                                   g->section_weight, g->section_ids, a->weak_sections);
}

/* Per form: students, and sums of their totals and squared totals (items right);
 * `top` of them in the top group. */
typedef struct form_sums {
    unsigned n, top;
    uint64_t t, t2;
} form_sums;

/* Count the letters a student of the top group chose on each item of their form, into `t`. */
static void tally_top_student(const book_impl *b, const ef_response *r, item_tally *t)
{
    const ef_key_form *kf = &b->pub.key->forms[r->form];
    for (size_t i = 0; i < kf->n_items; i++) {
        size_t kind = t[i].top_hist ? answer_kind(r->answers[i], &kf->items[i]) : SIZE_MAX;
        if (kind != SIZE_MAX)
            t[i].top_hist[kind]++;
        else
            count_letters(t[i].top_chosen, r->answers[i], &kf->items[i], 1);
    }
}

/* Score the first n answers of a student of form kf into score[] and exact[], count them into
 * the form's tallies `t`, and return the items right (*sum: the raw score). Inlined once per
 * rule (see grade_student), so each copy has no test of the rule and, but for the partial
 * rule, no division. */
static inline unsigned score_answers(const ef_key_form *kf, const uint32_t *answers, size_t n,
                                     const ef_grade_options *o, ef_scoring_rule rule, item_tally *t,
                                     double *score, unsigned char *exact, double *sum_out)
{
    double sum = 0;
    unsigned right = 0;
    for (size_t i = 0; i < n; i++) {
        const ef_key_item *it = &kf->items[i];
        uint32_t mask = answers[i];
        bool penalized;
        unsigned units = score_units(it, mask, rule, &penalized);
        double sc = points(it, units, penalized, rule, o);
        bool ok = mask == it->answer;
        score[i] = sc;
        exact[i] = ok;
        sum += sc;
        right += ok;
        size_t kind = t[i].hist ? answer_kind(mask, it) : SIZE_MAX;
        if (kind != SIZE_MAX)
            t[i].hist[kind]++;
        else
            tally_answers(&t[i], it, mask, 1, rule);
    }
    *sum_out = sum;
    return right;
}

/* Score one student in one pass over their answers: raw score and items right into `res`, the
 * form's item tallies into `t`, and the weak sections they count toward into `weak`. `score`
 * and `exact` are scratch as long as the longest form. */
static void grade_student(const book_impl *b, const ef_response *r, ef_student_result *res,
                          item_tally *t, unsigned *weak, double *score, unsigned char *exact)
{
    const ef_gradebook *g = &b->pub;
    const ef_key_form *kf = &g->key->forms[r->form];
    const ef_grade_options *o = &g->options;
    size_t n = kf->n_items < r->n_answers ? kf->n_items : r->n_answers;
    double sum;
    unsigned right;
    switch (o->rule) {
    case EF_RULE_PARTIAL:
        right = score_answers(kf, r->answers, n, o, EF_RULE_PARTIAL, t, score, exact, &sum);
        break;
    case EF_RULE_NEGATIVE:
        right = score_answers(kf, r->answers, n, o, EF_RULE_NEGATIVE, t, score, exact, &sum);
        break;
    default: /* all or nothing (score_units treats any other value so) */
        right = score_answers(kf, r->answers, n, o, EF_RULE_ALL_OR_NOTHING, t, score, exact, &sum);
        break;
    }
    for (size_t i = 0; i < n; i++)
        t[i].right_total += exact[i] * (uint64_t)right;
    res->raw = sum;
    res->correct = right;
    /* The same sums as sum_areas, in the same order, for the sections that can be weak. */
    const form_plan *p = &b->plans[r->form];
    for (size_t c = 0; c < p->n_weakable; c++) {
        ef_area a = {0};
        for (size_t k = p->start[c]; k < p->start[c + 1]; k++) {
            size_t i = p->items[k];
            if (i < n)
                add_area(&a, score[i], exact[i]);
        }
        weak[p->section[c]] += ef_area_is_weak(g, &a);
    }
}

/* Each form's weakable sections (see form_plan). A section's item count is the same for every
 * student of a form, so one that tags fewer than min_items of its items is never weak there. */
static void plan_forms(book_impl *b)
{
    ef_gradebook *g = &b->pub;
    const ef_key *key = g->key;
    size_t need = g->options.min_items ? g->options.min_items : 1;
    size_t *count = ef_xcalloc(g->n_sections + 1, sizeof *count); /* tags in the form */
    size_t *slot = ef_xcalloc(g->n_sections + 1, sizeof *slot);   /* 1 + plan index, 0 = none */
    b->plans = ef_xcalloc(key->n_forms ? key->n_forms : 1, sizeof *b->plans);
    for (size_t f = 0; f < key->n_forms; f++) {
        form_plan *p = &b->plans[f];
        const item_ref *refs = b->refs[f];
        size_t n_items = key->forms[f].n_items, n_tags = 0;
        for (size_t i = 0; i < n_items; i++)
            for (size_t k = 0; k < refs[i].n_sections; k++)
                count[refs[i].sections[k]]++, n_tags++;
        p->section = ef_xcalloc(n_tags + 1, sizeof *p->section);
        p->start = ef_xcalloc(n_tags + 2, sizeof *p->start);
        p->items = ef_xcalloc(n_tags + 1, sizeof *p->items);
        for (size_t i = 0; i < n_items; i++) /* weakable sections, in first-tag order */
            for (size_t k = 0; k < refs[i].n_sections; k++) {
                size_t x = refs[i].sections[k];
                if (count[x] >= need && !slot[x]) {
                    p->section[p->n_weakable] = x;
                    p->start[p->n_weakable + 1] = p->start[p->n_weakable] + count[x];
                    slot[x] = ++p->n_weakable;
                }
            }
        size_t *fill = ef_xcalloc(p->n_weakable + 1, sizeof *fill);
        for (size_t i = 0; i < n_items; i++)
            for (size_t k = 0; k < refs[i].n_sections; k++) {
                size_t c = slot[refs[i].sections[k]];
                if (c--)
                    p->items[p->start[c] + fill[c]++] = i;
            }
        free(fill);
        for (size_t i = 0; i < n_items; i++) /* clean for the next form */
            for (size_t k = 0; k < refs[i].n_sections; k++)
                count[refs[i].sections[k]] = slot[refs[i].sections[k]] = 0;
    }
    free(count);
    free(slot);
}

/* Class totals per domain, task and section, from the item tallies: each student of a form
 * saw each of its items once. */
static void class_areas(book_impl *b, const form_sums *fsum)
{
    ef_gradebook *g = &b->pub;
    for (size_t f = 0; f < g->key->n_forms; f++) {
        const ef_key_form *kf = &g->key->forms[f];
        for (size_t i = 0; i < kf->n_items; i++) {
            const item_tally *t = &b->tally[f][i];
            const item_ref *ref = &b->refs[f][i];
            ef_area a = {
                points(&kf->items[i], t->units, t->penalized, g->options.rule, &g->options),
                fsum[f].n, fsum[f].n - (unsigned)t->right};
            ef_area_add(&g->class_domains[ref->domain], &a);
            ef_area_add(&g->class_tasks[ref->task], &a);
            for (size_t k = 0; k < ref->n_sections; k++)
                ef_area_add(&g->class_sections[ref->sections[k]], &a);
        }
    }
}

/* Facility, corrected point-biserial, option use, KR-20 and SEM, from the per-form tallies
 * mapped back to bank questions; then flags. */
static void item_analysis(book_impl *b, const form_sums *fsum)
{
    ef_gradebook *g = &b->pub;
    const ef_key *key = g->key;
    size_t ni = g->n_items ? g->n_items : 1;
    uint64_t *sx = ef_xcalloc(ni, sizeof *sx), *st = ef_xcalloc(ni, sizeof *st),
             *st2 = ef_xcalloc(ni, sizeof *st2), *sxt = ef_xcalloc(ni, sizeof *sxt);
    g->forms = ef_xcalloc(key->n_forms ? key->n_forms : 1, sizeof *g->forms);
    for (size_t f = 0; f < key->n_forms; f++) {
        const ef_key_form *kf = &key->forms[f];
        ef_form_stats *fs = &g->forms[f];
        fs->name = kf->name;
        fs->n = fsum[f].n;
        for (size_t i = 0; i < kf->n_items; i++) {
            const ef_key_item *it = &kf->items[i];
            const item_tally *t = &b->tally[f][i];
            size_t idx = b->refs[f][i].stats;
            ef_item_stats *stats = &g->items[idx];
            stats->n += fsum[f].n;
            stats->top_n += fsum[f].top;
            stats->blank += t->blank;
            sx[idx] += t->right;
            st[idx] += fsum[f].t;
            st2[idx] += fsum[f].t2;
            sxt[idx] += t->right_total;
            for (size_t o = 0; o < it->n_options; o++) {
                stats->chosen[it->order[o]] += t->chosen[o];
                stats->top_chosen[it->order[o]] += t->top_chosen[o];
            }
        }
        if (!fs->n)
            continue;
        size_t k = kf->n_items;
        fs->mean = (double)fsum[f].t / fs->n;
        double var = (double)fsum[f].t2 / fs->n - fs->mean * fs->mean;
        fs->sd = var > 0 ? sqrt(var) : 0;
        double pq = 0;
        for (size_t i = 0; i < k; i++) {
            double p = (double)b->tally[f][i].right / fs->n;
            pq += p * (1 - p);
        }
        fs->kr20 = k > 1 && var > 1e-12 ? (double)k / (k - 1) * (1 - pq / var) : 0.0;
        fs->sem = fs->sd * sqrt(fs->kr20 > 0 ? 1 - fs->kr20 : 1);
    }
    for (size_t i = 0; i < g->n_items; i++) {
        ef_item_stats *it = &g->items[i];
        if (!it->n)
            continue;
        double n = it->n, ex = (double)sx[i] / n, et = (double)st[i] / n, et2 = (double)st2[i] / n,
               ext = (double)sxt[i] / n;
        it->facility = ex;
        double ey = et - ex, ey2 = et2 - 2 * ext + ex, exy = ext - ex;
        double vx = ex * (1 - ex), vy = ey2 - ey * ey, cov = exy - ex * ey;
        it->discrimination = vx > 1e-12 && vy > 1e-12 ? cov / sqrt(vx * vy) : 0.0;
        if (it->facility > 0.90)
            it->flags |= EF_FLAG_EASY;
        if (it->facility < 0.25)
            it->flags |= EF_FLAG_HARD;
        if (it->discrimination < 0.15)
            it->flags |= EF_FLAG_FLAT;
        unsigned key_min = UINT32_MAX, wrong_max = 0;
        for (size_t o = 0; o < it->n_options; o++) {
            if (it->answer & (1u << o))
                key_min = it->top_chosen[o] < key_min ? it->top_chosen[o] : key_min;
            else
                wrong_max = it->top_chosen[o] > wrong_max ? it->top_chosen[o] : wrong_max;
        }
        if (it->top_n && wrong_max > key_min)
            it->flags |= EF_FLAG_DISTRACTOR;
    }
    free(sx);
    free(st);
    free(st2);
    free(sxt);
}

static int cmp_unsigned(const void *a, const void *b)
{
    unsigned x = *(const unsigned *)a, y = *(const unsigned *)b;
    return (x > y) - (x < y);
}

/* The median of v[0..n), n > 0 (v is reordered). Scaled scores run over the key's scale, a few
 * hundred values: counting them beats sorting the class. A wider scale is sorted. */
static double median_of(unsigned *v, size_t n)
{
    unsigned lo = v[0], hi = v[0];
    for (size_t i = 1; i < n; i++) {
        lo = v[i] < lo ? v[i] : lo;
        hi = v[i] > hi ? v[i] : hi;
    }
    size_t span = (size_t)(hi - lo) + 1, m = n / 2;
    if (span > 65536 && span > n) {
        qsort(v, n, sizeof *v, cmp_unsigned);
        return n % 2 ? v[m] : (v[m - 1] + (double)v[m]) / 2;
    }
    size_t *count = ef_xcalloc(span, sizeof *count);
    for (size_t i = 0; i < n; i++)
        count[v[i] - lo]++;
    unsigned below = lo, at = lo; /* the (m-1)-th and m-th smallest */
    for (size_t seen = 0, x = 0; x < span; x++) {
        if (seen + count[x] >= m && seen < m)
            below = lo + (unsigned)x;
        if (seen + count[x] > m) {
            at = lo + (unsigned)x;
            break;
        }
        seen += count[x];
    }
    free(count);
    return n % 2 ? at : (below + (double)at) / 2;
}

/* A run of students graded on one thread, into counts of its own (integers, so adding the
 * parts up gives the same sums whatever the number of threads). The first part counts
 * straight into the book. */
typedef struct grade_part {
    book_impl *b;
    const ef_responses *responses;
    size_t from, to;
    item_tally **tally; /* per form, per item */
    form_sums *fsum;    /* per form */
    unsigned *weak;     /* per section: students for whom it is weak */
    size_t *by_total;   /* students per total (items right), 0 to the longest form */
    size_t cut, at_cut; /* the top group: totals above cut, and the first at_cut on it */
} grade_part;

static void grade_part_run(void *arg)
{
    grade_part *p = arg;
    ef_gradebook *g = &p->b->pub;
    const ef_key *key = g->key;
    size_t longest = ef_key_max_items(key) + 1;
    double *score = ef_xcalloc(longest, sizeof *score);
    unsigned char *exact = ef_xcalloc(longest, sizeof *exact);
    for (size_t s = p->from; s < p->to; s++) {
        ef_student_result *res = &g->students[s];
        const ef_response *r = ef_responses_get(p->responses, s);
        res->response = r;
        grade_student(p->b, r, res, p->tally[r->form], p->weak, score, exact);
        size_t n = key->forms[r->form].n_items;
        res->percent = n ? 100.0 * res->raw / n : 0;
        if (res->percent < 0)
            res->percent = 0;
        res->scaled = ef_scaled_score(res->percent, key);
        double lo, hi;
        ef_wilson_interval(res->percent / 100.0, n, &lo, &hi);
        res->scaled_low = ef_scaled_score(lo, key);
        res->scaled_high = ef_scaled_score(hi, key);
        res->pass = res->scaled >= key->pass_mark;
        p->fsum[r->form].n++;
        p->fsum[r->form].t += res->correct;
        p->fsum[r->form].t2 += (uint64_t)res->correct * res->correct;
        p->by_total[res->correct]++;
    }
    free(score);
    free(exact);
}

/* The part's students in the top group, tallied apart. */
static void top_part_run(void *arg)
{
    grade_part *p = arg;
    const ef_gradebook *g = &p->b->pub;
    for (size_t s = p->from; s < p->to; s++) {
        const ef_student_result *res = &g->students[s];
        if (res->correct < p->cut || (res->correct == p->cut && !p->at_cut))
            continue;
        p->at_cut -= res->correct == p->cut;
        p->fsum[res->response->form].top++;
        tally_top_student(p->b, res->response, p->tally[res->response->form]);
    }
}

/* The top 27 % of the class by items right, ties by input order: the cut from the parts'
 * counts per total, then each part's share of the students on the cut, first come first. */
static void share_top_group(grade_part *parts, size_t k, size_t n_students, size_t longest)
{
    size_t top = (size_t)ceil(0.27 * (double)n_students), above = 0, cut = longest;
    for (;;) {
        size_t at = 0;
        for (size_t i = 0; i < k; i++)
            at += parts[i].by_total[cut];
        if (!cut || above + at >= top)
            break;
        above += at;
        cut--;
    }
    size_t at_cut = top - above; /* students on the cut who still fit */
    for (size_t i = 0; i < k; i++) {
        size_t mine = parts[i].by_total[cut] < at_cut ? parts[i].by_total[cut] : at_cut;
        parts[i].cut = top ? cut : SIZE_MAX; /* an empty class has no top group */
        parts[i].at_cut = mine;
        at_cut -= mine;
    }
}

/* Grade the class in parts, one per thread for a large class, and add the parts' counts into
 * the book's. */
static void grade_students(book_impl *b, const ef_responses *responses, form_sums *fsum)
{
    ef_gradebook *g = &b->pub;
    const ef_key *key = g->key;
    size_t k = ef_parts_for(g->n_students, 4096), longest = ef_key_max_items(key);
    grade_part *parts = ef_xcalloc(k, sizeof *parts);
    for (size_t i = 0; i < k; i++) {
        grade_part *p = &parts[i];
        p->b = b;
        p->responses = responses;
        ef_part_range(g->n_students, k, i, &p->from, &p->to);
        p->by_total = ef_xcalloc(longest + 1, sizeof *p->by_total);
        if (!i) {
            p->tally = b->tally;
            p->fsum = fsum;
            p->weak = g->section_weak_students;
            continue;
        }
        p->tally = tallies_new(key);
        p->fsum = ef_xcalloc(key->n_forms + 1, sizeof *p->fsum);
        p->weak = ef_xcalloc(g->n_sections + 1, sizeof *p->weak);
    }
    ef_run_parts(grade_part_run, parts, sizeof *parts, k);
    share_top_group(parts, k, g->n_students, longest);
    ef_run_parts(top_part_run, parts, sizeof *parts, k);
    free(parts[0].by_total);
    for (size_t i = 1; i < k; i++) {
        grade_part *p = &parts[i];
        for (size_t f = 0; f < key->n_forms; f++) {
            for (size_t it = 0; it < key->forms[f].n_items; it++) {
                item_tally *to = &b->tally[f][it];
                const item_tally *from = &p->tally[f][it];
                to->right += from->right;
                to->right_total += from->right_total;
                to->units += from->units;
                to->penalized += from->penalized;
                to->blank += from->blank;
                for (size_t o = 0; o < EF_MAX_OPTIONS; o++) {
                    to->chosen[o] += from->chosen[o];
                    to->top_chosen[o] += from->top_chosen[o];
                }
                for (size_t h = 0; to->hist && h < kinds(&key->forms[f].items[it]); h++) {
                    to->hist[h] += from->hist[h];
                    to->top_hist[h] += from->top_hist[h];
                }
            }
            fsum[f].n += p->fsum[f].n;
            fsum[f].top += p->fsum[f].top;
            fsum[f].t += p->fsum[f].t;
            fsum[f].t2 += p->fsum[f].t2;
        }
        for (size_t x = 0; x < g->n_sections; x++)
            g->section_weak_students[x] += p->weak[x];
        tallies_free(key, p->tally);
        free(p->fsum);
        free(p->weak);
        free(p->by_total);
    }
    free(parts);
    fold_hists(b, false);
    fold_hists(b, true);
}

ef_gradebook *ef_grade(const ef_key *key, const ef_responses *responses,
                       const ef_grade_options *options)
{
    book_impl *b = ef_xcalloc(1, sizeof *b);
    ef_gradebook *g = &b->pub;
    ef_arena_init(&b->arena);
    strmap_init(&b->domains);
    strmap_init(&b->tasks);
    strmap_init(&b->sections);
    strmap_init(&b->questions);
    g->key = key;
    g->options = *options;
    index_key(b);
    plan_forms(b);
    g->n_students = ef_responses_count(responses);
    g->students = ef_xcalloc(g->n_students ? g->n_students : 1, sizeof *g->students);
    g->class_domains = ef_xcalloc(g->n_domains + 1, sizeof *g->class_domains);
    g->class_tasks = ef_xcalloc(g->n_tasks + 1, sizeof *g->class_tasks);
    g->class_sections = ef_xcalloc(g->n_sections + 1, sizeof *g->class_sections);
    g->section_weak_students = ef_xcalloc(g->n_sections + 1, sizeof *g->section_weak_students);
    unsigned *scaled = ef_xcalloc(g->n_students ? g->n_students : 1, sizeof *scaled);
    form_sums *fsum = ef_xcalloc(key->n_forms ? key->n_forms : 1, sizeof *fsum);
    grade_students(b, responses, fsum);
    size_t passed = 0;
    double sum_scaled = 0, sum_percent = 0;
    for (size_t s = 0; s < g->n_students; s++) { /* in class order, whatever the parts */
        const ef_student_result *res = &g->students[s];
        passed += res->pass;
        sum_scaled += res->scaled;
        sum_percent += res->percent;
        scaled[s] = res->scaled;
    }
    class_areas(b, fsum);
    if (g->n_students) {
        g->mean_scaled = sum_scaled / g->n_students;
        g->mean_percent = sum_percent / g->n_students;
        g->pass_rate = 100.0 * passed / g->n_students;
        g->median_scaled = median_of(scaled, g->n_students);
    }
    free(scaled);
    /* Class weak sections: the class mean is below the threshold and, on average, every
     * student saw at least min_items items of it. */
    g->class_weak_sections = ef_xcalloc(g->n_sections + 1, sizeof *g->class_weak_sections);
    ef_gradebook class_rules = *g;
    class_rules.options.min_items =
        (unsigned)(options->min_items * (g->n_students ? g->n_students : 1));
    g->n_class_weak_sections = weak_list(&class_rules, g->class_sections, g->n_sections, NULL,
                                         g->section_weight, g->section_ids, g->class_weak_sections);
    item_analysis(b, fsum);
    free(fsum);
    return g;
}

void ef_gradebook_free(ef_gradebook *book)
{
    if (!book)
        return;
    book_impl *b = (book_impl *)book;
    for (size_t f = 0; f < book->key->n_forms; f++) {
        free(b->refs[f]);
        free(b->plans[f].section);
        free(b->plans[f].start);
        free(b->plans[f].items);
    }
    free(b->plans);
    free(b->refs);
    tallies_free(book->key, b->tally);
    free(b->task_weight);
    free(book->domain_ids);
    free(book->task_ids);
    free(book->section_ids);
    free(book->domain_weight);
    free(book->section_weight);
    free(book->task_domain);
    free(book->class_domains);
    free(book->class_tasks);
    free(book->class_sections);
    free(book->section_weak_students);
    free(book->class_weak_sections);
    free(book->items);
    free(book->forms);
    free(book->students);
    strmap_release(&b->domains);
    strmap_release(&b->tasks);
    strmap_release(&b->sections);
    strmap_release(&b->questions);
    ef_arena_release(&b->arena);
    free(b);
}
