/* examforge: load and validate an exam blueprint (YAML); apportion items over domains. */
#include "examforge/blueprint.h"
#include "ydoc_int.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static const char *const rule_names[EF_RULE_COUNT] = {"all-or-nothing", "partial", "negative"};

const char *ef_scoring_rule_name(ef_scoring_rule rule)
{
    return (unsigned)rule < EF_RULE_COUNT ? rule_names[rule] : "unknown";
}

bool ef_scoring_rule_parse(const char *name, ef_scoring_rule *rule)
{
    for (int i = 0; i < EF_RULE_COUNT; i++)
        if (!strcmp(name, rule_names[i])) {
            *rule = (ef_scoring_rule)i;
            return true;
        }
    return false;
}

typedef struct bp_reader {
    ydoc *doc;
    ef_blueprint *bp;
    ef_diags *diags;
    size_t errors_before;
} bp_reader;

static ef_loc bloc(bp_reader *r, const yaml_node_t *node)
{
    ef_loc loc = ydoc_loc(r->doc, node);
    loc.path = r->bp->path;
    return loc;
}

static const char *text_field(bp_reader *r, yaml_node_t *map, const char *field, bool required)
{
    yaml_node_t *v = ydoc_get(r->doc, map, field);
    ef_loc loc = bloc(r, v ? v : map);
    if (!v) {
        if (required)
            ef_diag_add(r->diags, EF_SEV_ERROR, &loc, "blueprint has no '%s'", field);
        return NULL;
    }
    size_t len;
    const char *s = ydoc_scalar(v, &len);
    if (!s || ydoc_is_null(v) || !len) {
        ef_diag_add(r->diags, EF_SEV_ERROR, &loc, "'%s' must be text, found %s", field,
                    ydoc_kind(v));
        return NULL;
    }
    return ef_arena_strndup(&r->bp->arena, s, len);
}

static bool uint_field(bp_reader *r, yaml_node_t *map, const char *field, unsigned long min,
                       unsigned long max, bool required, unsigned *out)
{
    yaml_node_t *v = ydoc_get(r->doc, map, field);
    ef_loc loc = bloc(r, v ? v : map);
    if (!v) {
        if (required)
            ef_diag_add(r->diags, EF_SEV_ERROR, &loc, "blueprint has no '%s'", field);
        return false;
    }
    unsigned long n;
    if (!ydoc_uint(v, max, &n) || n < min) {
        const char *s = ydoc_scalar(v, NULL);
        ef_diag_add(r->diags, EF_SEV_ERROR, &loc,
                    "'%s' must be a whole number from %lu to %lu, found '%s'", field, min, max,
                    s ? s : ydoc_kind(v));
        return false;
    }
    *out = (unsigned)n;
    return true;
}

static bool number_field(bp_reader *r, yaml_node_t *map, const char *field, double min, double max,
                         double *out)
{
    yaml_node_t *v = ydoc_get(r->doc, map, field);
    if (!v)
        return false;
    ef_loc loc = bloc(r, v);
    double d;
    if (!ydoc_number(v, &d) || d < min || d > max) {
        const char *s = ydoc_scalar(v, NULL);
        ef_diag_add(r->diags, EF_SEV_ERROR, &loc, "'%s' must be a number from %g to %g, found '%s'",
                    field, min, max, s ? s : ydoc_kind(v));
        return false;
    }
    *out = d;
    return true;
}

static void read_scoring(bp_reader *r, yaml_node_t *node)
{
    static const char *const fields[] = {"scale_min", "scale_max",         "pass",
                                         "raw_cut",   "multiple_response", "penalty"};
    ef_loc loc = bloc(r, node);
    if (node->type != YAML_MAPPING_NODE) {
        ef_diag_add(r->diags, EF_SEV_ERROR, &loc, "'scoring' must be a mapping, found %s",
                    ydoc_kind(node));
        return;
    }
    ydoc_check_keys(r->doc, node, fields, sizeof fields / sizeof *fields, "scoring", r->diags);
    ef_blueprint *bp = r->bp;
    uint_field(r, node, "scale_min", 0, 100000, false, &bp->scale_min);
    uint_field(r, node, "scale_max", 1, 100000, false, &bp->scale_max);
    uint_field(r, node, "pass", 0, 100000, false, &bp->pass_mark);
    number_field(r, node, "raw_cut", 0.0, 100.0, &bp->raw_cut);
    number_field(r, node, "penalty", 0.0, 10.0, &bp->penalty);
    yaml_node_t *v = ydoc_get(r->doc, node, "multiple_response");
    if (v) {
        const char *s = ydoc_scalar(v, NULL);
        ef_loc vloc = bloc(r, v);
        if (!s || !ef_scoring_rule_parse(s, &bp->rule)) {
            ef_diag_add(r->diags, EF_SEV_ERROR, &vloc,
                        "'multiple_response' must be all-or-nothing, partial or negative, "
                        "found '%s'",
                        s ? s : ydoc_kind(v));
            const char *sug = s ? ef_suggest(s, rule_names, EF_RULE_COUNT) : NULL;
            if (sug)
                ef_diag_hint(r->diags, "did you mean '%s'?", sug);
        }
    }
    if (!(bp->scale_min < bp->pass_mark && bp->pass_mark < bp->scale_max))
        ef_diag_add(r->diags, EF_SEV_ERROR, &loc,
                    "scoring needs scale_min < pass < scale_max, found %u < %u < %u", bp->scale_min,
                    bp->pass_mark, bp->scale_max);
    if (!(bp->raw_cut > 0.0 && bp->raw_cut < 100.0))
        ef_diag_add(r->diags, EF_SEV_ERROR, &loc,
                    "'raw_cut' must lie strictly between 0 and 100, found %g", bp->raw_cut);
}

static void read_mix(bp_reader *r, yaml_node_t *node)
{
    static const char *const fields[] = {"multiple", "difficulty"};
    ef_loc loc = bloc(r, node);
    if (node->type != YAML_MAPPING_NODE) {
        ef_diag_add(r->diags, EF_SEV_ERROR, &loc, "'mix' must be a mapping, found %s",
                    ydoc_kind(node));
        return;
    }
    ydoc_check_keys(r->doc, node, fields, 2, "mix", r->diags);
    ef_blueprint *bp = r->bp;
    bp->has_multiple_share = number_field(r, node, "multiple", 0.0, 100.0, &bp->multiple_share);
    yaml_node_t *d = ydoc_get(r->doc, node, "difficulty");
    if (!d)
        return;
    ef_loc dloc = bloc(r, d);
    if (d->type != YAML_MAPPING_NODE) {
        ef_diag_add(r->diags, EF_SEV_ERROR, &dloc,
                    "'difficulty' must map easy, medium and hard to percentages, found %s",
                    ydoc_kind(d));
        return;
    }
    static const char *const levels[] = {"easy", "medium", "hard"};
    ydoc_check_keys(r->doc, d, levels, 3, "difficulty mix", r->diags);
    double sum = 0;
    for (int i = 0; i < 3; i++) {
        double v = 0;
        number_field(r, d, levels[i], 0.0, 100.0, &v);
        bp->difficulty_share[EF_DIFF_EASY + i] = v;
        sum += v;
    }
    if (fabs(sum - 100.0) > 1e-9)
        ef_diag_add(r->diags, EF_SEV_ERROR, &dloc, "difficulty shares add up to %g, not 100", sum);
    else
        bp->has_difficulty_mix = true;
}

static void read_tasks(bp_reader *r, yaml_node_t *node, ef_domain *dom)
{
    ef_loc loc = bloc(r, node);
    if (node->type != YAML_SEQUENCE_NODE) {
        ef_diag_add(r->diags, EF_SEV_ERROR, &loc, "'tasks' must be a list, found %s",
                    ydoc_kind(node));
        return;
    }
    size_t n = (size_t)(node->data.sequence.items.top - node->data.sequence.items.start);
    dom->tasks = ef_arena_alloc(&r->bp->arena, (n ? n : 1) * sizeof *dom->tasks);
    static const char *const fields[] = {"id", "name"};
    for (size_t i = 0; i < n; i++) {
        yaml_node_t *t = ydoc_node(r->doc, node->data.sequence.items.start[i]);
        ef_loc tloc = bloc(r, t);
        if (t->type != YAML_MAPPING_NODE) {
            ef_diag_add(r->diags, EF_SEV_ERROR, &tloc,
                        "a task statement must be a mapping with id and name, found %s",
                        ydoc_kind(t));
            continue;
        }
        ydoc_check_keys(r->doc, t, fields, 2, "task statement", r->diags);
        ef_task task = {text_field(r, t, "id", true), text_field(r, t, "name", true)};
        if (!task.id || !task.name)
            continue;
        for (size_t d = 0; d < r->bp->n_domains; d++) {
            const ef_domain *other = &r->bp->domains[d];
            for (size_t j = 0; j < other->n_tasks; j++)
                if (!strcmp(other->tasks[j].id, task.id)) {
                    ef_diag_add(r->diags, EF_SEV_ERROR, &tloc, "duplicate task id '%s'", task.id);
                    task.id = NULL;
                    break;
                }
            if (!task.id)
                break;
        }
        if (task.id)
            dom->tasks[dom->n_tasks++] = task;
    }
    if (!n)
        ef_diag_add(r->diags, EF_SEV_ERROR, &loc, "domain '%s' has no task statements",
                    dom->id ? dom->id : "?");
}

static void read_domains(bp_reader *r, yaml_node_t *node)
{
    ef_loc loc = bloc(r, node);
    if (node->type != YAML_SEQUENCE_NODE) {
        ef_diag_add(r->diags, EF_SEV_ERROR, &loc, "'domains' must be a list, found %s",
                    ydoc_kind(node));
        return;
    }
    size_t n = (size_t)(node->data.sequence.items.top - node->data.sequence.items.start);
    ef_blueprint *bp = r->bp;
    bp->domains = ef_arena_alloc(&bp->arena, (n ? n : 1) * sizeof *bp->domains);
    static const char *const fields[] = {"id", "name", "weight", "tasks"};
    double sum = 0;
    for (size_t i = 0; i < n; i++) {
        yaml_node_t *d = ydoc_node(r->doc, node->data.sequence.items.start[i]);
        ef_loc dloc = bloc(r, d);
        if (d->type != YAML_MAPPING_NODE) {
            ef_diag_add(r->diags, EF_SEV_ERROR, &dloc, "a domain must be a mapping, found %s",
                        ydoc_kind(d));
            continue;
        }
        ydoc_check_keys(r->doc, d, fields, 4, "domain", r->diags);
        ef_domain *dom = &bp->domains[bp->n_domains];
        memset(dom, 0, sizeof *dom);
        dom->loc = dloc;
        dom->id = text_field(r, d, "id", true);
        dom->name = text_field(r, d, "name", true);
        yaml_node_t *w = ydoc_get(r->doc, d, "weight");
        if (!w)
            ef_diag_add(r->diags, EF_SEV_ERROR, &dloc, "domain has no 'weight'");
        else if (!number_field(r, d, "weight", 0.0, 100.0, &dom->weight))
            continue;
        else if (dom->weight <= 0) {
            ef_loc wloc = bloc(r, w);
            ef_diag_add(r->diags, EF_SEV_ERROR, &wloc, "domain weight must be above 0");
        }
        sum += dom->weight;
        yaml_node_t *t = ydoc_get(r->doc, d, "tasks");
        if (!t)
            ef_diag_add(r->diags, EF_SEV_ERROR, &dloc, "domain has no 'tasks'");
        else
            read_tasks(r, t, dom);
        if (!dom->id)
            continue;
        if (ef_blueprint_domain(bp, dom->id)) {
            ef_diag_add(r->diags, EF_SEV_ERROR, &dloc, "duplicate domain id '%s'", dom->id);
            continue;
        }
        bp->n_domains++;
    }
    if (!n)
        ef_diag_add(r->diags, EF_SEV_ERROR, &loc, "'domains' is empty");
    else if (fabs(sum - 100.0) > 1e-6)
        ef_diag_add(r->diags, EF_SEV_ERROR, &loc, "domain weights add up to %g, not 100", sum);
}

ef_status ef_blueprint_parse(const char *name, const char *buf, size_t len, ef_diags *diags,
                             ef_blueprint **out)
{
    static const char *const fields[] = {"exam",    "code", "questions", "minutes",
                                         "scoring", "mix",  "domains"};
    *out = NULL;
    ef_blueprint *bp = ef_xcalloc(1, sizeof *bp);
    ef_arena_init(&bp->arena);
    bp->path = ef_arena_strdup(&bp->arena, name);
    bp->scale_min = 100;
    bp->scale_max = 1000;
    bp->pass_mark = 720;
    bp->raw_cut = 72.0;
    bp->rule = EF_RULE_ALL_OR_NOTHING;
    bp->penalty = 0.25;
    ydoc doc;
    bp_reader r = {&doc, bp, diags, diags->errors};
    ef_status st = ydoc_load(&doc, bp->path, buf, len, diags);
    if (st)
        goto out;
    yaml_node_t *root = ydoc_root(&doc);
    if (!root || root->type != YAML_MAPPING_NODE) {
        ef_loc loc = root ? bloc(&r, root) : (ef_loc){bp->path, 1, 1};
        ef_diag_add(diags, EF_SEV_ERROR, &loc, "a blueprint must be a mapping, found %s",
                    ydoc_kind(root));
        st = EF_ERR_INVALID;
        goto out;
    }
    ydoc_check_keys(&doc, root, fields, sizeof fields / sizeof *fields, "blueprint", diags);
    bp->name = text_field(&r, root, "exam", true);
    bp->code = text_field(&r, root, "code", false);
    uint_field(&r, root, "questions", 1, 10000, true, &bp->questions);
    uint_field(&r, root, "minutes", 1, 10000, true, &bp->minutes);
    yaml_node_t *v;
    if ((v = ydoc_get(&doc, root, "scoring")))
        read_scoring(&r, v);
    if ((v = ydoc_get(&doc, root, "mix")))
        read_mix(&r, v);
    if ((v = ydoc_get(&doc, root, "domains")))
        read_domains(&r, v);
    else {
        ef_loc loc = bloc(&r, root);
        ef_diag_add(diags, EF_SEV_ERROR, &loc, "blueprint has no 'domains'");
    }
    if (diags->errors > r.errors_before)
        st = EF_ERR_INVALID;
out:
    ydoc_release(&doc);
    if (st)
        ef_blueprint_free(bp);
    else
        *out = bp;
    return st;
}

void ef_blueprint_free(ef_blueprint *blueprint)
{
    if (!blueprint)
        return;
    ef_arena_release(&blueprint->arena);
    free(blueprint);
}

const ef_domain *ef_blueprint_domain(const ef_blueprint *blueprint, const char *id)
{
    for (size_t i = 0; i < blueprint->n_domains; i++)
        if (!strcmp(blueprint->domains[i].id, id))
            return &blueprint->domains[i];
    return NULL;
}

const ef_task *ef_blueprint_task(const ef_domain *domain, const char *id)
{
    for (size_t i = 0; i < domain->n_tasks; i++)
        if (!strcmp(domain->tasks[i].id, id))
            return &domain->tasks[i];
    return NULL;
}

void ef_blueprint_apportion(const ef_blueprint *blueprint, unsigned total, unsigned *counts)
{
    size_t n = blueprint->n_domains;
    double sum = 0;
    for (size_t i = 0; i < n; i++)
        sum += blueprint->domains[i].weight;
    double *rem = ef_xcalloc(n ? n : 1, sizeof *rem);
    unsigned given = 0;
    for (size_t i = 0; i < n; i++) {
        double quota = sum > 0 ? total * blueprint->domains[i].weight / sum : 0;
        counts[i] = (unsigned)floor(quota);
        rem[i] = quota - counts[i];
        given += counts[i];
    }
    /* Hand out the rest one by one to the largest remainders; ties to the smaller id. */
    while (given < total && n) {
        size_t best = 0;
        for (size_t i = 1; i < n; i++) {
            if (rem[i] > rem[best] + 1e-12 ||
                (fabs(rem[i] - rem[best]) <= 1e-12 &&
                 strcmp(blueprint->domains[i].id, blueprint->domains[best].id) < 0))
                best = i;
        }
        counts[best]++;
        rem[best] = -1.0;
        given++;
    }
    free(rem);
}
