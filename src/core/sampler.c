/* examforge: weighted, spread, reproducible selection of questions into exam forms. */
#include "examforge/sampler.h"
#include "examforge/alloc.h"
#include "examforge/rng.h"
#include "strmap_int.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Penalties that order the soft rules when picking the next item of a task: a repeated note
 * section outweighs the type mix, which outweighs the difficulty mix. The task spread is
 * fixed before picking; hard rules (excludes, already used) remove a candidate instead. */
enum { COST_SECTION = 1000, COST_TYPE = 10, COST_DIFFICULTY = 3 };

const char *ef_mode_name(ef_mode mode)
{
    return mode == EF_MODE_PARALLEL ? "parallel" : "shuffle";
}

bool ef_mode_parse(const char *name, ef_mode *mode)
{
    if (!strcmp(name, "shuffle"))
        *mode = EF_MODE_SHUFFLE;
    else if (!strcmp(name, "parallel"))
        *mode = EF_MODE_PARALLEL;
    else
        return false;
    return true;
}

void ef_form_name(size_t index, char name[8])
{
    char tmp[8];
    size_t n = 0;
    index++;
    while (index && n < 7) {
        index--;
        tmp[n++] = (char)('A' + index % 26);
        index /= 26;
    }
    for (size_t i = 0; i < n; i++)
        name[i] = tmp[n - 1 - i];
    name[n] = '\0';
}

typedef struct sampler {
    const ef_bank *bank;
    const ef_blueprint *bp;
    size_t n_questions;
    size_t *domain_of;  /* blueprint domain index per question, SIZE_MAX if none */
    size_t *task_of;    /* task index inside its domain */
    bool *excluded;     /* by option or already used on an earlier parallel form */
    size_t **conflicts; /* excludes pairs, both directions, as question indices */
    size_t *n_conflicts;
    /* per form */
    size_t *sec_start; /* question i's sections are sec_index[sec_start[i] .. sec_start[i + 1]] */
    size_t *sec_index; /* note sections as small numbers, so a pick's cost needs no hashing */
    size_t n_sections;
    unsigned *blocked;      /* >0: conflicts with an item already on this form */
    unsigned *section_used; /* per section: times used on this form */
    size_t type_count[2], diff_count[EF_DIFF_COUNT];
    double type_target[2], diff_target[EF_DIFF_COUNT];
    bool has_type_target, has_diff_target;
} sampler;

static void sampler_release(sampler *s)
{
    free(s->domain_of);
    free(s->task_of);
    free(s->excluded);
    for (size_t i = 0; i < s->n_questions; i++)
        free(s->conflicts[i]);
    free(s->conflicts);
    free(s->n_conflicts);
    free(s->blocked);
    free(s->sec_start);
    free(s->sec_index);
    free(s->section_used);
}

static void add_conflict(sampler *s, size_t a, size_t b)
{
    s->conflicts[a] = ef_xreallocarray(s->conflicts[a], s->n_conflicts[a] + 1, sizeof(size_t));
    s->conflicts[a][s->n_conflicts[a]++] = b;
}

static void sampler_init(sampler *s, const ef_bank *bank, const ef_blueprint *bp,
                         const ef_sampler_options *opt)
{
    memset(s, 0, sizeof *s);
    s->bank = bank;
    s->bp = bp;
    size_t n = s->n_questions = ef_bank_count(bank);
    s->domain_of = ef_xcalloc(n ? n : 1, sizeof *s->domain_of);
    s->task_of = ef_xcalloc(n ? n : 1, sizeof *s->task_of);
    s->excluded = ef_xcalloc(n ? n : 1, sizeof *s->excluded);
    s->conflicts = ef_xcalloc(n ? n : 1, sizeof *s->conflicts);
    s->n_conflicts = ef_xcalloc(n ? n : 1, sizeof *s->n_conflicts);
    s->blocked = ef_xcalloc(n ? n : 1, sizeof *s->blocked);
    s->sec_start = ef_xcalloc(n + 1, sizeof *s->sec_start);
    size_t n_refs = 0;
    for (size_t i = 0; i < n; i++)
        n_refs += ef_bank_question(bank, i)->n_sections;
    s->sec_index = ef_xcalloc(n_refs ? n_refs : 1, sizeof *s->sec_index);
    strmap ids;
    strmap_init(&ids);
    for (size_t i = 0, k = 0; i < n; i++) {
        const ef_question *q = ef_bank_question(bank, i);
        s->sec_start[i] = k;
        for (size_t j = 0; j < q->n_sections; j++, k++)
            if (!strmap_get(&ids, q->sections[j], &s->sec_index[k])) {
                s->sec_index[k] = s->n_sections++;
                strmap_put(&ids, q->sections[j], s->sec_index[k]);
            }
    }
    s->sec_start[n] = n_refs;
    strmap_release(&ids);
    s->section_used = ef_xcalloc(s->n_sections + 1, sizeof *s->section_used);
    for (size_t i = 0; i < n; i++) {
        const ef_question *q = ef_bank_question(bank, i);
        s->domain_of[i] = SIZE_MAX;
        for (size_t d = 0; d < bp->n_domains; d++) {
            const ef_domain *dom = &bp->domains[d];
            if (strcmp(dom->id, q->domain) != 0)
                continue;
            s->domain_of[i] = d;
            for (size_t t = 0; t < dom->n_tasks; t++)
                if (!strcmp(dom->tasks[t].id, q->task))
                    s->task_of[i] = t;
        }
        for (size_t x = 0; x < q->n_excludes; x++) {
            size_t other;
            if (ef_bank_find(bank, q->excludes[x], &other) && other != i) {
                add_conflict(s, i, other);
                add_conflict(s, other, i);
            }
        }
    }
    for (size_t x = 0; x < opt->n_exclude_ids; x++) {
        size_t i;
        if (ef_bank_find(bank, opt->exclude_ids[x], &i))
            s->excluded[i] = true;
    }
    double total = bp->questions;
    if (bp->has_multiple_share) {
        s->has_type_target = true;
        s->type_target[EF_MULTIPLE] = total * bp->multiple_share / 100.0;
        s->type_target[EF_SINGLE] = total - s->type_target[EF_MULTIPLE];
    }
    if (bp->has_difficulty_mix) {
        s->has_diff_target = true;
        for (int d = 0; d < EF_DIFF_COUNT; d++)
            s->diff_target[d] = total * bp->difficulty_share[d] / 100.0;
    }
}

static void form_reset(sampler *s)
{
    memset(s->blocked, 0, s->n_questions * sizeof *s->blocked);
    memset(s->section_used, 0, s->n_sections * sizeof *s->section_used);
    memset(s->type_count, 0, sizeof s->type_count);
    memset(s->diff_count, 0, sizeof s->diff_count);
}

static unsigned long cost_of(const sampler *s, size_t qi)
{
    const ef_question *q = ef_bank_question(s->bank, qi);
    unsigned long cost = 0;
    for (size_t k = s->sec_start[qi]; k < s->sec_start[qi + 1]; k++)
        cost += COST_SECTION * s->section_used[s->sec_index[k]];
    if (s->has_type_target && s->type_count[q->type] + 1 > s->type_target[q->type] + 0.5)
        cost += COST_TYPE;
    if (s->has_diff_target && q->difficulty != EF_DIFF_UNSET &&
        s->diff_count[q->difficulty] + 1 > s->diff_target[q->difficulty] + 0.5)
        cost += COST_DIFFICULTY;
    return cost;
}

static void take(sampler *s, size_t qi)
{
    const ef_question *q = ef_bank_question(s->bank, qi);
    for (size_t k = s->sec_start[qi]; k < s->sec_start[qi + 1]; k++)
        s->section_used[s->sec_index[k]]++;
    for (size_t k = 0; k < s->n_conflicts[qi]; k++)
        s->blocked[s->conflicts[qi][k]]++;
    s->type_count[q->type]++;
    s->diff_count[q->difficulty]++;
}

/* The cheapest candidate (of task `task`, or of any task when `task` is SIZE_MAX) that no
 * item on the form excludes; candidates are in shuffled order, so ties fall at random.
 * Returns its position in `cand`, or SIZE_MAX. */
static size_t cheapest(const sampler *s, const size_t *cand, size_t n_cand, size_t task)
{
    size_t best = SIZE_MAX;
    unsigned long best_cost = 0;
    for (size_t c = 0; c < n_cand; c++) {
        size_t qi = cand[c];
        if (s->blocked[qi] || (task != SIZE_MAX && s->task_of[qi] != task))
            continue;
        unsigned long cost = cost_of(s, qi);
        if (best == SIZE_MAX || cost < best_cost) {
            best = c;
            best_cost = cost;
            if (!cost)
                break;
        }
    }
    return best;
}

/* Pick `need` items of domain `d` into `out`. The task statements first get an even share
 * of the items (capped by what each has; the remainder goes to tasks at random); tasks with
 * the fewest candidates choose first; each pick is the cheapest by note-section repeats,
 * then type and difficulty mix. Items a task cannot supply (excludes) come from any task.
 * Returns how many could be picked. */
static size_t pick_domain(sampler *s, ef_rng *rng, size_t d, unsigned need, size_t *out)
{
    const ef_domain *dom = &s->bp->domains[d];
    size_t n_tasks = dom->n_tasks ? dom->n_tasks : 1;
    size_t *cand = ef_xcalloc(s->n_questions ? s->n_questions : 1, sizeof *cand);
    size_t n_cand = 0;
    for (size_t i = 0; i < s->n_questions; i++)
        if (s->domain_of[i] == d && !s->excluded[i])
            cand[n_cand++] = i;
    ef_rng_shuffle(rng, cand, n_cand, sizeof *cand);
    size_t *avail = ef_xcalloc(n_tasks, sizeof *avail);
    size_t *quota = ef_xcalloc(n_tasks, sizeof *quota);
    size_t *order = ef_xcalloc(n_tasks, sizeof *order);
    for (size_t c = 0; c < n_cand; c++)
        avail[s->task_of[cand[c]]]++;
    for (size_t t = 0; t < n_tasks; t++)
        order[t] = t;
    ef_rng_shuffle(rng, order, n_tasks, sizeof *order);
    size_t given = 0;
    for (size_t round = 0; given < need && given < n_cand; round++)
        for (size_t k = 0; k < n_tasks && given < need; k++)
            if (avail[order[k]] > round) {
                quota[order[k]]++;
                given++;
            }
    /* Most constrained task first (stable, so equal ones keep their random order). */
    for (size_t i = 1; i < n_tasks; i++)
        for (size_t j = i; j > 0 && avail[order[j]] < avail[order[j - 1]]; j--) {
            size_t tmp = order[j];
            order[j] = order[j - 1];
            order[j - 1] = tmp;
        }
    size_t picked = 0;
    for (size_t k = 0; k < n_tasks; k++) {
        size_t t = order[k];
        for (size_t q = 0; q < quota[t]; q++) {
            size_t best = cheapest(s, cand, n_cand, t);
            if (best == SIZE_MAX)
                break; /* made up below from the other tasks */
            out[picked++] = cand[best];
            take(s, cand[best]);
            memmove(cand + best, cand + best + 1, (n_cand - best - 1) * sizeof *cand);
            n_cand--;
        }
    }
    while (picked < need) {
        size_t best = cheapest(s, cand, n_cand, SIZE_MAX);
        if (best == SIZE_MAX)
            break;
        out[picked++] = cand[best];
        take(s, cand[best]);
        memmove(cand + best, cand + best + 1, (n_cand - best - 1) * sizeof *cand);
        n_cand--;
    }
    free(cand);
    free(avail);
    free(quota);
    free(order);
    return picked;
}

static void shuffle_options(ef_rng *rng, const ef_question *q, ef_item *item)
{
    for (size_t o = 0; o < q->n_options; o++)
        item->order[o] = (uint8_t)o;
    if (q->shuffle)
        ef_rng_shuffle(rng, item->order, q->n_options, sizeof item->order[0]);
    item->answer = 0;
    for (size_t o = 0; o < q->n_options; o++)
        if (q->answer & (1u << item->order[o]))
            item->answer |= 1u << o;
}

static void order_form(ef_rng *rng, const ef_bank *bank, ef_form *form, const size_t *questions,
                       size_t n)
{
    form->n_items = n;
    form->items = ef_xcalloc(n ? n : 1, sizeof *form->items);
    size_t *order = ef_xcalloc(n ? n : 1, sizeof *order);
    memcpy(order, questions, n * sizeof *order);
    ef_rng_shuffle(rng, order, n, sizeof *order);
    for (size_t i = 0; i < n; i++) {
        form->items[i].question = order[i];
        shuffle_options(rng, ef_bank_question(bank, order[i]), &form->items[i]);
    }
    free(order);
}

/* Every domain must hold enough usable questions for all the forms it has to fill. */
static bool check_supply(sampler *s, const ef_sampler_options *opt, const unsigned *per_domain,
                         ef_diags *diags)
{
    bool ok = true;
    size_t forms_needing = opt->mode == EF_MODE_PARALLEL ? opt->forms : 1;
    size_t n_excluded = 0;
    for (size_t i = 0; i < s->n_questions; i++)
        n_excluded += s->excluded[i];
    for (size_t d = 0; d < s->bp->n_domains; d++) {
        size_t have = 0;
        for (size_t i = 0; i < s->n_questions; i++)
            have += s->domain_of[i] == d && !s->excluded[i];
        size_t need = (size_t)per_domain[d] * forms_needing;
        if (have >= need)
            continue;
        const ef_domain *dom = &s->bp->domains[d];
        ef_loc loc = {s->bp->path, dom->loc.line, dom->loc.col};
        ef_diag_add(diags, EF_SEV_ERROR, &loc,
                    "domain '%s' (%s) runs short by %zu: %zu form%s of %u need %zu questions, "
                    "the bank has %zu",
                    dom->id, dom->name, need - have, forms_needing, forms_needing == 1 ? "" : "s",
                    per_domain[d], need, have);
        if (n_excluded)
            ef_diag_hint(diags, "%zu questions are excluded by earlier keys", n_excluded);
        else if (opt->mode == EF_MODE_PARALLEL)
            ef_diag_hint(diags, "ask for fewer parallel forms, or use --mode shuffle");
        ok = false;
    }
    return ok;
}

ef_status ef_exam_generate(const ef_bank *bank, const ef_blueprint *bp,
                           const ef_sampler_options *opt, ef_diags *diags, ef_exam **out)
{
    *out = NULL;
    sampler s;
    sampler_init(&s, bank, bp, opt);
    ef_exam *exam = ef_xcalloc(1, sizeof *exam);
    exam->seed = opt->seed;
    exam->mode = opt->mode;
    exam->n_forms = opt->forms ? opt->forms : 1;
    exam->forms = ef_xcalloc(exam->n_forms, sizeof *exam->forms);
    exam->per_domain = ef_xcalloc(bp->n_domains ? bp->n_domains : 1, sizeof *exam->per_domain);
    ef_blueprint_apportion(bp, bp->questions, exam->per_domain);
    for (size_t f = 0; f < exam->n_forms; f++)
        ef_form_name(f, exam->forms[f].name);

    ef_status st = EF_OK;
    size_t *picked = ef_xcalloc(bp->questions ? bp->questions : 1, sizeof *picked);
    if (!check_supply(&s, opt, exam->per_domain, diags)) {
        st = EF_ERR_SHORT;
        goto out;
    }
    ef_rng rng;
    ef_rng_init(&rng, opt->seed);
    size_t selections = opt->mode == EF_MODE_PARALLEL ? exam->n_forms : 1;
    for (size_t f = 0; f < selections; f++) {
        form_reset(&s);
        size_t n = 0;
        for (size_t d = 0; d < bp->n_domains; d++) {
            size_t got = pick_domain(&s, &rng, d, exam->per_domain[d], picked + n);
            if (got < exam->per_domain[d]) {
                const ef_domain *dom = &bp->domains[d];
                ef_loc loc = {bp->path, dom->loc.line, dom->loc.col};
                ef_diag_add(diags, EF_SEV_ERROR, &loc,
                            "domain '%s' runs short by %zu on form %s: the questions left "
                            "exclude each other",
                            dom->id, (size_t)exam->per_domain[d] - got, exam->forms[f].name);
                ef_diag_hint(diags, "check the 'excludes' lists of domain '%s'", dom->id);
                st = EF_ERR_SHORT;
                goto out;
            }
            n += got;
        }
        for (size_t i = 0; i < n; i++)
            if (opt->mode == EF_MODE_PARALLEL)
                s.excluded[picked[i]] = true;
        /* In shuffle mode every form orders the same set; in parallel mode each its own. */
        size_t first = opt->mode == EF_MODE_PARALLEL ? f : 0;
        size_t last = opt->mode == EF_MODE_PARALLEL ? f + 1 : exam->n_forms;
        for (size_t g = first; g < last; g++)
            order_form(&rng, bank, &exam->forms[g], picked, n);
    }
out:
    free(picked);
    sampler_release(&s);
    if (st)
        ef_exam_free(exam);
    else
        *out = exam;
    return st;
}

void ef_exam_free(ef_exam *exam)
{
    if (!exam)
        return;
    for (size_t f = 0; f < exam->n_forms; f++)
        free(exam->forms[f].items);
    free(exam->forms);
    free(exam->per_domain);
    free(exam);
}
