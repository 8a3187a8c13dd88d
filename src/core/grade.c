/* examforge: scoring, per-area results, weak areas and item analysis for a class. */
#include "examforge/grade.h"
#include "examforge/alloc.h"
#include "bits_int.h"
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

typedef struct book_impl {
    ef_gradebook pub; /* first: the public view */
    item_ref **refs;  /* per form, per item */
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

double ef_item_score(const ef_key_item *item, uint32_t mask, const ef_grade_options *options)
{
    bool invalid = (mask & EF_ANSWER_INVALID) != 0;
    mask &= ~EF_ANSWER_INVALID;
    if (!mask && !invalid)
        return 0.0; /* blank */
    bool exact = !invalid && mask == item->answer;
    switch (options->rule) {
    case EF_RULE_PARTIAL: {
        if (item->type == EF_SINGLE || invalid)
            return exact ? 1.0 : 0.0;
        double right = mask_count(mask & item->answer), wrong = mask_count(mask & ~item->answer);
        double v = (right - wrong) / (item->choose ? item->choose : 1);
        return v > 0 ? v : 0.0;
    }
    case EF_RULE_NEGATIVE:
        return exact ? 1.0 : -options->penalty;
    default:
        return exact ? 1.0 : 0.0;
    }
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
    a->task_weight = ef_xcalloc(g->n_tasks + 1, sizeof *a->task_weight);
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
    free(a->task_weight);
}

void ef_student_areas_compute(ef_student_areas *a, const ef_gradebook *g, size_t student)
{
    const book_impl *b = (const book_impl *)g;
    const ef_response *r = g->students[student].response;
    const ef_key_form *kf = &g->key->forms[r->form];
    memset(a->domains, 0, g->n_domains * sizeof *a->domains);
    memset(a->tasks, 0, g->n_tasks * sizeof *a->tasks);
    /* A bank has hundreds of sections and a form touches a few dozen: reset and scan only
     * those, so a student costs the same whatever the size of the notes. */
    for (size_t i = 0; i < a->n_seen_sections; i++)
        memset(&a->sections[a->seen_sections[i]], 0, sizeof *a->sections);
    a->n_seen_sections = 0;
    for (size_t i = 0; i < kf->n_items && i < r->n_answers; i++) {
        const item_ref *ref = &b->refs[r->form][i];
        double score = ef_item_score(&kf->items[i], r->answers[i], &g->options);
        bool exact = r->answers[i] == kf->items[i].answer;
        add_area(&a->domains[ref->domain], score, exact);
        add_area(&a->tasks[ref->task], score, exact);
        for (size_t s = 0; s < ref->n_sections; s++) {
            size_t x = ref->sections[s];
            if (!a->sections[x].items)
                a->seen_sections[a->n_seen_sections++] = x;
            add_area(&a->sections[x], score, exact);
        }
    }
    double *task_weight = a->task_weight;
    for (size_t t = 0; t < g->n_tasks; t++)
        task_weight[t] = g->domain_weight[g->task_domain[t]];
    a->n_weak_domains = weak_list(g, a->domains, g->n_domains, NULL, g->domain_weight,
                                  g->domain_ids, a->weak_domains);
    a->n_weak_tasks =
        weak_list(g, a->tasks, g->n_tasks, NULL, task_weight, g->task_ids, a->weak_tasks);
    a->n_weak_sections = weak_list(g, a->sections, a->n_seen_sections, a->seen_sections,
                                   g->section_weight, g->section_ids, a->weak_sections);
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

typedef struct ranked {
    unsigned correct;
    size_t index;
} ranked;

static int cmp_ranked(const void *a, const void *b)
{
    const ranked *x = a, *y = b;
    if (x->correct != y->correct)
        return x->correct > y->correct ? -1 : 1;
    return (x->index > y->index) - (x->index < y->index);
}

/* Facility, corrected point-biserial, option use, KR-20 and SEM; top-group preferences. */
static void item_analysis(book_impl *b)
{
    ef_gradebook *g = &b->pub;
    const ef_key *key = g->key;
    size_t ni = g->n_items ? g->n_items : 1;
    double *sx = ef_xcalloc(ni, sizeof *sx), *st = ef_xcalloc(ni, sizeof *st),
           *st2 = ef_xcalloc(ni, sizeof *st2), *sxt = ef_xcalloc(ni, sizeof *sxt);
    g->forms = ef_xcalloc(key->n_forms ? key->n_forms : 1, sizeof *g->forms);
    double **form_p = ef_xcalloc(key->n_forms ? key->n_forms : 1, sizeof *form_p);
    double *form_t = ef_xcalloc(key->n_forms ? key->n_forms : 1, sizeof *form_t);
    double *form_t2 = ef_xcalloc(key->n_forms ? key->n_forms : 1, sizeof *form_t2);
    for (size_t f = 0; f < key->n_forms; f++) {
        g->forms[f].name = key->forms[f].name;
        form_p[f] = ef_xcalloc(key->forms[f].n_items + 1, sizeof **form_p);
    }
    for (size_t s = 0; s < g->n_students; s++) {
        const ef_response *r = g->students[s].response;
        const ef_key_form *kf = &key->forms[r->form];
        double total = g->students[s].correct;
        g->forms[r->form].n++;
        form_t[r->form] += total;
        form_t2[r->form] += total * total;
        for (size_t i = 0; i < kf->n_items; i++) {
            const ef_key_item *it = &kf->items[i];
            ef_item_stats *stats = &g->items[b->refs[r->form][i].stats];
            size_t idx = b->refs[r->form][i].stats;
            uint32_t mask = r->answers[i];
            double x = mask == it->answer;
            stats->n++;
            sx[idx] += x;
            st[idx] += total;
            st2[idx] += total * total;
            sxt[idx] += x * total;
            form_p[r->form][i] += x;
            uint32_t shown = mask & ~EF_ANSWER_INVALID;
            if (!shown)
                stats->blank++;
            for (size_t o = 0; o < it->n_options; o++)
                if (shown & (1u << o))
                    stats->chosen[it->order[o]]++;
        }
    }
    for (size_t i = 0; i < g->n_items; i++) {
        ef_item_stats *it = &g->items[i];
        if (!it->n)
            continue;
        double n = it->n, ex = sx[i] / n, et = st[i] / n, et2 = st2[i] / n, ext = sxt[i] / n;
        it->facility = ex;
        double ey = et - ex, ey2 = et2 - 2 * ext + ex, exy = ext - ex;
        double vx = ex * (1 - ex), vy = ey2 - ey * ey, cov = exy - ex * ey;
        it->discrimination = vx > 1e-12 && vy > 1e-12 ? cov / sqrt(vx * vy) : 0.0;
    }
    for (size_t f = 0; f < key->n_forms; f++) {
        ef_form_stats *fs = &g->forms[f];
        size_t k = key->forms[f].n_items;
        if (!fs->n)
            continue;
        fs->mean = form_t[f] / fs->n;
        double var = form_t2[f] / fs->n - fs->mean * fs->mean;
        fs->sd = var > 0 ? sqrt(var) : 0;
        double pq = 0;
        for (size_t i = 0; i < k; i++) {
            double p = form_p[f][i] / fs->n;
            pq += p * (1 - p);
        }
        fs->kr20 = k > 1 && var > 1e-12 ? (double)k / (k - 1) * (1 - pq / var) : 0.0;
        fs->sem = fs->sd * sqrt(fs->kr20 > 0 ? 1 - fs->kr20 : 1);
    }
    /* Top 27 % of the class by items right (ties by input order), and what they chose. */
    ranked *order = ef_xcalloc(g->n_students ? g->n_students : 1, sizeof *order);
    for (size_t s = 0; s < g->n_students; s++)
        order[s] = (ranked){g->students[s].correct, s};
    qsort(order, g->n_students, sizeof *order, cmp_ranked);
    size_t top = (size_t)ceil(0.27 * (double)g->n_students);
    for (size_t k = 0; k < top; k++) {
        const ef_response *r = g->students[order[k].index].response;
        const ef_key_form *kf = &key->forms[r->form];
        for (size_t i = 0; i < kf->n_items; i++) {
            ef_item_stats *stats = &g->items[b->refs[r->form][i].stats];
            stats->top_n++;
            uint32_t shown = r->answers[i] & ~EF_ANSWER_INVALID;
            for (size_t o = 0; o < kf->items[i].n_options; o++)
                if (shown & (1u << o))
                    stats->top_chosen[kf->items[i].order[o]]++;
        }
    }
    for (size_t i = 0; i < g->n_items; i++) {
        ef_item_stats *it = &g->items[i];
        if (!it->n)
            continue;
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
    free(order);
    for (size_t f = 0; f < key->n_forms; f++)
        free(form_p[f]);
    free(form_p);
    free(form_t);
    free(form_t2);
    free(sx);
    free(st);
    free(st2);
    free(sxt);
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
    g->n_students = ef_responses_count(responses);
    g->students = ef_xcalloc(g->n_students ? g->n_students : 1, sizeof *g->students);
    g->class_domains = ef_xcalloc(g->n_domains + 1, sizeof *g->class_domains);
    g->class_tasks = ef_xcalloc(g->n_tasks + 1, sizeof *g->class_tasks);
    g->class_sections = ef_xcalloc(g->n_sections + 1, sizeof *g->class_sections);
    g->section_weak_students = ef_xcalloc(g->n_sections + 1, sizeof *g->section_weak_students);
    double *scaled = ef_xcalloc(g->n_students ? g->n_students : 1, sizeof *scaled);
    ef_student_areas areas;
    ef_student_areas_init(&areas, g);
    size_t passed = 0;
    double sum_scaled = 0, sum_percent = 0;
    for (size_t s = 0; s < g->n_students; s++) {
        ef_student_result *res = &g->students[s];
        const ef_response *r = ef_responses_get(responses, s);
        const ef_key_form *kf = &key->forms[r->form];
        res->response = r;
        for (size_t i = 0; i < kf->n_items && i < r->n_answers; i++) {
            res->raw += ef_item_score(&kf->items[i], r->answers[i], options);
            res->correct += r->answers[i] == kf->items[i].answer;
        }
        size_t n = kf->n_items;
        res->percent = n ? 100.0 * res->raw / n : 0;
        if (res->percent < 0)
            res->percent = 0;
        res->scaled = ef_scaled_score(res->percent, key);
        double lo, hi;
        ef_wilson_interval(res->percent / 100.0, n, &lo, &hi);
        res->scaled_low = ef_scaled_score(lo, key);
        res->scaled_high = ef_scaled_score(hi, key);
        res->pass = res->scaled >= key->pass_mark;
        passed += res->pass;
        sum_scaled += res->scaled;
        sum_percent += res->percent;
        scaled[s] = res->scaled;
        ef_student_areas_compute(&areas, g, s);
        for (size_t d = 0; d < g->n_domains; d++)
            ef_area_add(&g->class_domains[d], &areas.domains[d]);
        for (size_t t = 0; t < g->n_tasks; t++)
            ef_area_add(&g->class_tasks[t], &areas.tasks[t]);
        for (size_t k = 0; k < areas.n_seen_sections; k++)
            ef_area_add(&g->class_sections[areas.seen_sections[k]],
                        &areas.sections[areas.seen_sections[k]]);
        for (size_t w = 0; w < areas.n_weak_sections; w++)
            g->section_weak_students[areas.weak_sections[w]]++;
    }
    ef_student_areas_release(&areas);
    if (g->n_students) {
        g->mean_scaled = sum_scaled / g->n_students;
        g->mean_percent = sum_percent / g->n_students;
        g->pass_rate = 100.0 * passed / g->n_students;
        qsort(scaled, g->n_students, sizeof *scaled, cmp_double);
        size_t m = g->n_students / 2;
        g->median_scaled = g->n_students % 2 ? scaled[m] : (scaled[m - 1] + scaled[m]) / 2;
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
    item_analysis(b);
    return g;
}

void ef_gradebook_free(ef_gradebook *book)
{
    if (!book)
        return;
    book_impl *b = (book_impl *)book;
    for (size_t f = 0; f < book->key->n_forms; f++)
        free(b->refs[f]);
    free(b->refs);
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
