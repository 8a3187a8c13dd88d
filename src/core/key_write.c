/* examforge: write key.yaml, the machine-readable answer key of a generated exam. */
#include "examforge/key.h"
#include "yemit_int.h"

#include <stdio.h>

static void letters(yemit *e, uint32_t mask, size_t n)
{
    yemit_seq(e, true);
    for (size_t o = 0; o < n; o++)
        if (mask & (1u << o)) {
            char l[2] = {ef_letter(o), 0};
            yemit_str(e, l, false);
        }
    yemit_seq_end(e);
}

void ef_key_write(const ef_exam *exam, const ef_bank *bank, const ef_blueprint *bp,
                  const char *generator, ef_buf *out)
{
    yemit e;
    yemit_begin(&e, out);
    yemit_map(&e, false);
    yemit_kv_str(&e, "exam", bp->name);
    yemit_kv_str(&e, "blueprint", bp->code ? bp->code : bp->name);
    yemit_kv_str(&e, "generator", generator);
    yemit_kv_uint(&e, "seed", exam->seed);
    yemit_kv_str(&e, "mode", ef_mode_name(exam->mode));
    yemit_kv_uint(&e, "minutes", bp->minutes);
    yemit_str(&e, "scoring", false);
    yemit_map(&e, false);
    yemit_kv_uint(&e, "scale_min", bp->scale_min);
    yemit_kv_uint(&e, "scale_max", bp->scale_max);
    yemit_kv_uint(&e, "pass", bp->pass_mark);
    yemit_kv_double(&e, "raw_cut", bp->raw_cut, 4);
    yemit_kv_str(&e, "multiple_response", ef_scoring_rule_name(bp->rule));
    yemit_kv_double(&e, "penalty", bp->penalty, 4);
    yemit_map_end(&e);
    yemit_str(&e, "domains", false);
    yemit_seq(&e, false);
    for (size_t d = 0; d < bp->n_domains; d++) {
        yemit_map(&e, true);
        yemit_str(&e, "id", false);
        yemit_str(&e, bp->domains[d].id, true);
        yemit_kv_str(&e, "name", bp->domains[d].name);
        yemit_kv_double(&e, "weight", bp->domains[d].weight, 4);
        yemit_map_end(&e);
    }
    yemit_seq_end(&e);
    yemit_str(&e, "forms", false);
    yemit_seq(&e, false);
    for (size_t f = 0; f < exam->n_forms; f++) {
        const ef_form *form = &exam->forms[f];
        yemit_map(&e, false);
        yemit_str(&e, "form", false);
        yemit_str(&e, form->name, true);
        yemit_str(&e, "items", false);
        yemit_seq(&e, false);
        for (size_t i = 0; i < form->n_items; i++) {
            const ef_item *it = &form->items[i];
            const ef_question *q = ef_bank_question(bank, it->question);
            yemit_map(&e, false);
            yemit_kv_uint(&e, "number", i + 1);
            yemit_kv_str(&e, "question", q->id);
            yemit_str(&e, "domain", false);
            yemit_str(&e, q->domain, true);
            yemit_str(&e, "task", false);
            yemit_str(&e, q->task, true);
            yemit_str(&e, "sections", false);
            yemit_seq(&e, true);
            for (size_t s = 0; s < q->n_sections; s++)
                yemit_str(&e, q->sections[s], false);
            yemit_seq_end(&e);
            yemit_kv_str(&e, "type", q->type == EF_MULTIPLE ? "multiple" : "single");
            yemit_kv_uint(&e, "choose", q->choose);
            yemit_str(&e, "answer", false);
            letters(&e, it->answer, q->n_options);
            yemit_str(&e, "order", false);
            yemit_seq(&e, true);
            for (size_t o = 0; o < q->n_options; o++) {
                char l[2] = {ef_letter(it->order[o]), 0};
                yemit_str(&e, l, false);
            }
            yemit_seq_end(&e);
            yemit_map_end(&e);
        }
        yemit_seq_end(&e);
        yemit_map_end(&e);
    }
    yemit_seq_end(&e);
    yemit_map_end(&e);
    yemit_end(&e);
}
