/* examforge: resolve the bank's references against notes and blueprint; summarise coverage. */
#include "examforge/check.h"
#include "yemit_int.h"

#include <stdlib.h>
#include <string.h>

static void suggest_section(const ef_notes *notes, const char *id, ef_diags *diags)
{
    size_t n = ef_notes_count(notes);
    const char **ids = ef_xcalloc(n ? n : 1, sizeof *ids);
    for (size_t i = 0; i < n; i++)
        ids[i] = ef_notes_section(notes, i)->id;
    const char *s = ef_suggest(id, ids, n);
    if (s)
        ef_diag_hint(diags, "did you mean '%s'?", s);
    free(ids);
}

static void check_domain_task(const ef_question *q, const ef_blueprint *bp, ef_diags *diags)
{
    const ef_domain *dom = ef_blueprint_domain(bp, q->domain);
    if (!dom) {
        ef_diag_add(diags, EF_SEV_ERROR, &q->domain_loc, "unknown domain '%s'", q->domain);
        const char **ids = ef_xcalloc(bp->n_domains ? bp->n_domains : 1, sizeof *ids);
        ef_buf list;
        ef_buf_init(&list);
        for (size_t i = 0; i < bp->n_domains; i++) {
            ids[i] = bp->domains[i].id;
            ef_buf_printf(&list, "%s'%s'", i ? ", " : "", ids[i]);
        }
        const char *s = ef_suggest(q->domain, ids, bp->n_domains);
        if (s)
            ef_diag_hint(diags, "did you mean '%s'?", s);
        else
            ef_diag_hint(diags, "the blueprint's domains are %s", list.data ? list.data : "none");
        ef_buf_release(&list);
        free(ids);
        return;
    }
    if (ef_blueprint_task(dom, q->task))
        return;
    ef_diag_add(diags, EF_SEV_ERROR, &q->task_loc,
                "task '%s' is not a task statement of domain '%s'", q->task, dom->id);
    for (size_t i = 0; i < bp->n_domains; i++)
        if (ef_blueprint_task(&bp->domains[i], q->task)) {
            ef_diag_hint(diags, "'%s' belongs to domain '%s'", q->task, bp->domains[i].id);
            return;
        }
    ef_buf list;
    ef_buf_init(&list);
    for (size_t i = 0; i < dom->n_tasks; i++)
        ef_buf_printf(&list, "%s'%s'", i ? ", " : "", dom->tasks[i].id);
    ef_diag_hint(diags, "domain '%s' has %s", dom->id, list.data ? list.data : "no tasks");
    ef_buf_release(&list);
}

size_t ef_check_references(const ef_bank *bank, const ef_notes *notes,
                           const ef_blueprint *blueprint, ef_diags *diags)
{
    size_t before = diags->errors;
    if (notes)
        ef_notes_check_unique(notes, diags);
    for (size_t i = 0; i < ef_bank_count(bank); i++) {
        const ef_question *q = ef_bank_question(bank, i);
        if (blueprint)
            check_domain_task(q, blueprint, diags);
        for (size_t s = 0; notes && s < q->n_sections; s++) {
            if (ef_notes_find(notes, q->sections[s]))
                continue;
            ef_diag_add(diags, EF_SEV_ERROR, &q->section_locs[s], "unknown section '%s'",
                        q->sections[s]);
            suggest_section(notes, q->sections[s], diags);
        }
        for (size_t x = 0; x < q->n_excludes; x++) {
            size_t other;
            if (!strcmp(q->excludes[x], q->id))
                ef_diag_add(diags, EF_SEV_ERROR, &q->exclude_locs[x],
                            "question '%s' excludes itself", q->id);
            else if (!ef_bank_find(bank, q->excludes[x], &other))
                ef_diag_add(diags, EF_SEV_ERROR, &q->exclude_locs[x],
                            "'excludes' names unknown question '%s'", q->excludes[x]);
        }
    }
    return diags->errors - before;
}

void ef_summary_init(ef_summary *sum, const ef_bank *bank, const ef_notes *notes,
                     const ef_blueprint *bp)
{
    memset(sum, 0, sizeof *sum);
    size_t nd = bp->n_domains;
    for (size_t d = 0; d < nd; d++)
        sum->n_tasks += bp->domains[d].n_tasks;
    sum->by_domain = ef_xcalloc(nd ? nd : 1, sizeof *sum->by_domain);
    sum->by_task = ef_xcalloc(sum->n_tasks ? sum->n_tasks : 1, sizeof *sum->by_task);
    sum->per_form = ef_xcalloc(nd ? nd : 1, sizeof *sum->per_form);
    sum->n_sections = notes ? ef_notes_count(notes) : 0;
    sum->section_hits =
        ef_xcalloc(sum->n_sections ? sum->n_sections : 1, sizeof *sum->section_hits);
    sum->questions = ef_bank_count(bank);
    for (size_t i = 0; i < sum->questions; i++) {
        const ef_question *q = ef_bank_question(bank, i);
        sum->by_type[q->type]++;
        sum->by_difficulty[q->difficulty]++;
        if (q->type == EF_SINGLE)
            for (size_t o = 0; o < q->n_options; o++)
                if (q->answer & (1u << o))
                    sum->single_keys[o]++;
        bool placed = false;
        for (size_t d = 0, t0 = 0; d < nd; t0 += bp->domains[d].n_tasks, d++) {
            const ef_domain *dom = &bp->domains[d];
            if (strcmp(dom->id, q->domain) != 0)
                continue;
            placed = true;
            sum->by_domain[d]++;
            for (size_t t = 0; t < dom->n_tasks; t++)
                if (!strcmp(dom->tasks[t].id, q->task))
                    sum->by_task[t0 + t]++;
        }
        sum->unplaced += !placed;
        for (size_t s = 0; notes && s < q->n_sections; s++) {
            const ef_section *sec = ef_notes_find(notes, q->sections[s]);
            if (sec)
                sum->section_hits[sec - ef_notes_section(notes, 0)]++;
        }
    }
    for (size_t s = 0; s < sum->n_sections; s++)
        sum->sections_covered += sum->section_hits[s] > 0;
    ef_blueprint_apportion(bp, bp->questions, sum->per_form);
    sum->forms = (size_t)-1;
    for (size_t d = 0; d < nd; d++) {
        if (!sum->per_form[d])
            continue;
        size_t f = sum->by_domain[d] / sum->per_form[d];
        if (f < sum->forms) {
            sum->forms = f;
            sum->limiting_domain = d;
        }
    }
    if (sum->forms == (size_t)-1)
        sum->forms = 0;
}

void ef_summary_release(ef_summary *sum)
{
    free(sum->by_domain);
    free(sum->by_task);
    free(sum->per_form);
    free(sum->section_hits);
    memset(sum, 0, sizeof *sum);
}

static double pct(size_t part, size_t whole)
{
    return whole ? 100.0 * (double)part / (double)whole : 0.0;
}

void ef_summary_text(const ef_summary *sum, const ef_notes *notes, const ef_blueprint *bp,
                     ef_buf *out)
{
    ef_buf_printf(out, "bank: %zu questions; blueprint: %s, %u questions in %u minutes\n",
                  sum->questions, bp->name, bp->questions, bp->minutes);
    ef_buf_puts(out, "\nquestions by domain (share / blueprint weight):\n");
    for (size_t d = 0, t0 = 0; d < bp->n_domains; t0 += bp->domains[d].n_tasks, d++) {
        const ef_domain *dom = &bp->domains[d];
        ef_buf_printf(out, "  %-4s %-40s %5zu  %5.1f%% / %.0f%%\n", dom->id, dom->name,
                      sum->by_domain[d], pct(sum->by_domain[d], sum->questions), dom->weight);
        for (size_t t = 0; t < dom->n_tasks; t++)
            ef_buf_printf(out, "    %-6s %-68.68s %5zu\n", dom->tasks[t].id, dom->tasks[t].name,
                          sum->by_task[t0 + t]);
    }
    if (sum->unplaced)
        ef_buf_printf(out, "  (%zu questions name no domain of the blueprint)\n", sum->unplaced);
    ef_buf_printf(out, "\ntype: single %zu (%.1f%%), multiple %zu (%.1f%%)\n", sum->by_type[0],
                  pct(sum->by_type[0], sum->questions), sum->by_type[1],
                  pct(sum->by_type[1], sum->questions));
    ef_buf_puts(out, "difficulty:");
    for (int i = EF_DIFF_EASY; i < EF_DIFF_COUNT; i++)
        ef_buf_printf(out, " %s %zu (%.1f%%)%s", ef_difficulty_name((ef_difficulty)i),
                      sum->by_difficulty[i], pct(sum->by_difficulty[i], sum->questions),
                      i + 1 < EF_DIFF_COUNT ? "," : "");
    if (sum->by_difficulty[EF_DIFF_UNSET])
        ef_buf_printf(out, ", unset %zu", sum->by_difficulty[EF_DIFF_UNSET]);
    ef_buf_puts(out, "\nsingle-answer keys:");
    size_t last = 0;
    for (size_t o = 0; o < EF_MAX_OPTIONS; o++)
        if (sum->single_keys[o])
            last = o;
    size_t letters = last + 1 > 4 ? last + 1 : 4;
    for (size_t o = 0; o < letters; o++)
        ef_buf_printf(out, " %c %zu (%.1f%%)%s", ef_letter(o), sum->single_keys[o],
                      pct(sum->single_keys[o], sum->by_type[0]), o + 1 < letters ? "," : "");
    ef_buf_putc(out, '\n');
    if (notes) {
        ef_buf_printf(out, "\nsections: %zu of %zu covered (%.1f%%)\n", sum->sections_covered,
                      sum->n_sections, pct(sum->sections_covered, sum->n_sections));
        size_t shown = 0;
        for (size_t s = 0; s < sum->n_sections; s++) {
            if (sum->section_hits[s])
                continue;
            const ef_section *sec = ef_notes_section(notes, s);
            if (!shown++)
                ef_buf_puts(out, "  uncovered:\n");
            ef_buf_printf(out, "    %-44s %s:%u\n", sec->id, sec->loc.path, sec->loc.line);
        }
    }
    ef_buf_puts(out, "\nforms: ");
    ef_buf_printf(out, "%zu disjoint full form%s of %u (per domain:", sum->forms,
                  sum->forms == 1 ? "" : "s", bp->questions);
    for (size_t d = 0; d < bp->n_domains; d++)
        ef_buf_printf(out, " %s=%u", bp->domains[d].id, sum->per_form[d]);
    ef_buf_puts(out, ")\n");
    if (bp->n_domains) {
        size_t d = sum->limiting_domain;
        ef_buf_printf(out, "  domain '%s' runs out first: %zu questions, %u per form\n",
                      bp->domains[d].id, sum->by_domain[d], sum->per_form[d]);
    }
}

void ef_summary_yaml(const ef_summary *sum, const ef_notes *notes, const ef_blueprint *bp,
                     ef_buf *out)
{
    yemit e;
    yemit_begin(&e, out);
    yemit_map(&e, false);
    yemit_kv_uint(&e, "questions", sum->questions);
    yemit_kv_str(&e, "blueprint", bp->name);
    yemit_str(&e, "domains", false);
    yemit_seq(&e, false);
    for (size_t d = 0, t0 = 0; d < bp->n_domains; t0 += bp->domains[d].n_tasks, d++) {
        const ef_domain *dom = &bp->domains[d];
        yemit_map(&e, false);
        yemit_str(&e, "id", false);
        yemit_str(&e, dom->id, true);
        yemit_kv_str(&e, "name", dom->name);
        yemit_kv_double(&e, "weight", dom->weight, 2);
        yemit_kv_uint(&e, "questions", sum->by_domain[d]);
        yemit_kv_double(&e, "share", pct(sum->by_domain[d], sum->questions), 2);
        yemit_kv_uint(&e, "per_form", sum->per_form[d]);
        yemit_str(&e, "tasks", false);
        yemit_seq(&e, false);
        for (size_t t = 0; t < dom->n_tasks; t++) {
            yemit_map(&e, true);
            yemit_str(&e, "id", false);
            yemit_str(&e, dom->tasks[t].id, true);
            yemit_kv_uint(&e, "questions", sum->by_task[t0 + t]);
            yemit_map_end(&e);
        }
        yemit_seq_end(&e);
        yemit_map_end(&e);
    }
    yemit_seq_end(&e);
    yemit_str(&e, "types", false);
    yemit_map(&e, false);
    yemit_kv_uint(&e, "single", sum->by_type[0]);
    yemit_kv_uint(&e, "multiple", sum->by_type[1]);
    yemit_map_end(&e);
    yemit_str(&e, "difficulty", false);
    yemit_map(&e, false);
    for (int i = EF_DIFF_UNSET; i < EF_DIFF_COUNT; i++)
        yemit_kv_uint(&e, ef_difficulty_name((ef_difficulty)i), sum->by_difficulty[i]);
    yemit_map_end(&e);
    yemit_str(&e, "single_keys", false);
    yemit_map(&e, false);
    for (size_t o = 0; o < EF_MAX_OPTIONS; o++)
        if (sum->single_keys[o] || o < 4) {
            char letter[2] = {ef_letter(o), 0};
            yemit_kv_uint(&e, letter, sum->single_keys[o]);
        }
    yemit_map_end(&e);
    if (notes) {
        yemit_str(&e, "sections", false);
        yemit_map(&e, false);
        yemit_kv_uint(&e, "total", sum->n_sections);
        yemit_kv_uint(&e, "covered", sum->sections_covered);
        yemit_str(&e, "uncovered", false);
        yemit_seq(&e, false);
        for (size_t s = 0; s < sum->n_sections; s++)
            if (!sum->section_hits[s])
                yemit_str(&e, ef_notes_section(notes, s)->id, false);
        yemit_seq_end(&e);
        yemit_map_end(&e);
    }
    yemit_str(&e, "forms", false);
    yemit_map(&e, false);
    yemit_kv_uint(&e, "disjoint", sum->forms);
    if (bp->n_domains) {
        yemit_str(&e, "limiting_domain", false);
        yemit_str(&e, bp->domains[sum->limiting_domain].id, true);
    }
    yemit_map_end(&e);
    yemit_map_end(&e);
    yemit_end(&e);
}
