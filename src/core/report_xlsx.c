/* examforge: the instructor's XLSX workbook (libxlsxwriter). Every string that came from a
 * user goes through worksheet_write_string, so "=cmd|..." stays text, never a formula. */
#include "examforge/report.h"

#include <stdio.h>
#include <string.h>
#include <xlsxwriter.h>

typedef struct xl {
    lxw_workbook *wb;
    lxw_error err; /* first error seen */
    lxw_format *bold, *head, *pct, *num, *dec, *pass, *fail, *weak, *title, *wrap;
} xl;

static void note(xl *x, lxw_error e)
{
    if (e != LXW_NO_ERROR && x->err == LXW_NO_ERROR)
        x->err = e;
}

static void str(xl *x, lxw_worksheet *ws, lxw_row_t r, lxw_col_t c, const char *s, lxw_format *f)
{
    note(x, worksheet_write_string(ws, r, c, s ? s : "", f));
}

static void num(xl *x, lxw_worksheet *ws, lxw_row_t r, lxw_col_t c, double v, lxw_format *f)
{
    note(x, worksheet_write_number(ws, r, c, v, f));
}

static void header(xl *x, lxw_worksheet *ws, const char *const *names, size_t n)
{
    for (size_t c = 0; c < n; c++)
        str(x, ws, 0, (lxw_col_t)c, names[c], x->head);
    worksheet_freeze_panes(ws, 1, 0);
}

static void filter(xl *x, lxw_worksheet *ws, size_t rows, size_t cols)
{
    if (rows)
        note(x, worksheet_autofilter(ws, 0, 0, (lxw_row_t)rows, (lxw_col_t)(cols - 1)));
}

static void widths(xl *x, lxw_worksheet *ws, const double *w, size_t n)
{
    for (size_t c = 0; c < n; c++)
        note(x, worksheet_set_column(ws, (lxw_col_t)c, (lxw_col_t)c, w[c], NULL));
}

/* Cells below the threshold turn red, the others green (a percent column). */
static void weak_cells(xl *x, lxw_worksheet *ws, lxw_row_t r1, lxw_col_t c1, lxw_row_t r2,
                       lxw_col_t c2, double threshold)
{
    if (r2 < r1)
        return;
    lxw_conditional_format cf;
    memset(&cf, 0, sizeof cf);
    cf.type = LXW_CONDITIONAL_TYPE_CELL;
    cf.criteria = LXW_CONDITIONAL_CRITERIA_LESS_THAN;
    cf.value = threshold;
    cf.format = x->weak;
    note(x, worksheet_conditional_format_range(ws, r1, c1, r2, c2, &cf));
}

static void color_scale(xl *x, lxw_worksheet *ws, lxw_row_t r1, lxw_col_t c1, lxw_row_t r2,
                        lxw_col_t c2)
{
    if (r2 < r1 || c2 < c1)
        return;
    lxw_conditional_format cf;
    memset(&cf, 0, sizeof cf);
    cf.type = LXW_CONDITIONAL_3_COLOR_SCALE;
    cf.min_color = 0xF8696B;
    cf.mid_color = 0xFFEB84;
    cf.max_color = 0x63BE7B;
    cf.min_rule_type = LXW_CONDITIONAL_RULE_TYPE_NUMBER;
    cf.min_value = 0;
    cf.mid_rule_type = LXW_CONDITIONAL_RULE_TYPE_NUMBER;
    cf.mid_value = 72;
    cf.max_rule_type = LXW_CONDITIONAL_RULE_TYPE_NUMBER;
    cf.max_value = 100;
    note(x, worksheet_conditional_format_range(ws, r1, c1, r2, c2, &cf));
}

/* Scaled scores in bands of 100 from the scale's bottom; the last band runs to the top
 * ("900-1000"). The Summary chart and a cohort's heatmap share them. */
static size_t score_bands(const ef_gradebook *g)
{
    unsigned lo = g->key->scale_min, hi = g->key->scale_max;
    return hi > lo ? (hi - lo + 99) / 100 : 1;
}

static size_t score_band(const ef_gradebook *g, unsigned scaled)
{
    size_t b = scaled > g->key->scale_min ? (scaled - g->key->scale_min) / 100 : 0;
    size_t n = score_bands(g);
    return b < n ? b : n - 1;
}

static void band_label(const ef_gradebook *g, size_t band, char *out, size_t size)
{
    unsigned from = g->key->scale_min + (unsigned)band * 100;
    unsigned to = band + 1 == score_bands(g) ? g->key->scale_max : from + 99;
    snprintf(out, size, "%u-%u", from, to);
}

static void summary_sheet(xl *x, const ef_gradebook *g, lxw_worksheet *ws)
{
    const double w[] = {34, 16, 16, 14, 14, 14};
    widths(x, ws, w, 6);
    str(x, ws, 0, 0, g->key->exam ? g->key->exam : "Exam results", x->title);
    lxw_row_t r = 2;
    str(x, ws, r, 0, "Students graded", x->bold);
    num(x, ws, r++, 1, (double)g->n_students, NULL);
    str(x, ws, r, 0, "Mean scaled score", x->bold);
    num(x, ws, r++, 1, g->mean_scaled, x->dec);
    str(x, ws, r, 0, "Median scaled score", x->bold);
    num(x, ws, r++, 1, g->median_scaled, x->dec);
    str(x, ws, r, 0, "Mean percent correct", x->bold);
    num(x, ws, r++, 1, g->mean_percent, x->dec);
    str(x, ws, r, 0, "Pass rate (%)", x->bold);
    num(x, ws, r++, 1, g->pass_rate, x->dec);
    str(x, ws, r, 0, "Pass mark", x->bold);
    num(x, ws, r++, 1, g->key->pass_mark, NULL);
    r++;
    /* Score distribution, bins of 100 from the scale's bottom. */
    lxw_row_t dist_first = r + 1;
    str(x, ws, r, 0, "Scaled score", x->head);
    str(x, ws, r, 1, "Students", x->head);
    r++;
    size_t n_bands = score_bands(g);
    size_t *count = ef_xcalloc(n_bands, sizeof *count);
    for (size_t s = 0; s < g->n_students; s++)
        count[score_band(g, g->students[s].scaled)]++;
    for (size_t b = 0; b < n_bands; b++) {
        char label[32];
        band_label(g, b, label, sizeof label);
        str(x, ws, r, 0, label, NULL);
        num(x, ws, r++, 1, (double)count[b], NULL);
    }
    free(count);
    lxw_row_t dist_last = r - 1;
    r++;
    lxw_row_t dom_first = r + 1;
    str(x, ws, r, 0, "Domain", x->head);
    str(x, ws, r, 1, "Class mean %", x->head);
    str(x, ws, r, 2, "Weight %", x->head);
    r++;
    for (size_t d = 0; d < g->n_domains; d++) {
        str(x, ws, r, 0, ef_gradebook_domain_name(g, d), NULL);
        num(x, ws, r, 1, ef_area_percent(&g->class_domains[d]), x->dec);
        num(x, ws, r++, 2, g->domain_weight[d], NULL);
    }
    lxw_row_t dom_last = r - 1;
    weak_cells(x, ws, dom_first, 1, dom_last, 1, g->options.threshold);
    r++;
    str(x, ws, r, 0, "Form", x->head);
    str(x, ws, r, 1, "Students", x->head);
    str(x, ws, r, 2, "Mean right", x->head);
    str(x, ws, r, 3, "SD", x->head);
    str(x, ws, r, 4, "KR-20", x->head);
    str(x, ws, r, 5, "SEM (items)", x->head);
    r++;
    for (size_t f = 0; f < g->key->n_forms; f++) {
        const ef_form_stats *fs = &g->forms[f];
        if (!fs->n)
            continue;
        str(x, ws, r, 0, fs->name, NULL);
        num(x, ws, r, 1, fs->n, NULL);
        num(x, ws, r, 2, fs->mean, x->dec);
        num(x, ws, r, 3, fs->sd, x->dec);
        num(x, ws, r, 4, fs->kr20, x->dec);
        num(x, ws, r++, 5, fs->sem, x->dec);
    }
    r++;
    str(x, ws, r++, 0, "Rules", x->bold);
    ef_buf rules;
    ef_buf_init(&rules);
    ef_report_rules(g, &rules);
    for (char *line = rules.data, *nl; line && *line; line = nl ? nl + 1 : NULL) {
        nl = strchr(line, '\n');
        if (nl)
            *nl = '\0';
        str(x, ws, r++, 0, line, NULL);
    }
    ef_buf_release(&rules);

    lxw_chart *dist = workbook_add_chart(x->wb, LXW_CHART_COLUMN);
    lxw_chart *doms = workbook_add_chart(x->wb, LXW_CHART_BAR);
    if (!dist || !doms) {
        note(x, LXW_ERROR_MEMORY_MALLOC_FAILED);
        return;
    }
    lxw_chart_series *s1 = chart_add_series(dist, NULL, NULL);
    chart_series_set_categories(s1, "Summary", dist_first, 0, dist_last, 0);
    chart_series_set_values(s1, "Summary", dist_first, 1, dist_last, 1);
    chart_series_set_name(s1, "Students");
    chart_title_set_name(dist, "Score distribution (scaled)");
    chart_legend_set_position(dist, LXW_CHART_LEGEND_NONE);
    note(x, worksheet_insert_chart(ws, 2, 3, dist));
    lxw_chart_series *s2 = chart_add_series(doms, NULL, NULL);
    chart_series_set_categories(s2, "Summary", dom_first, 0, dom_last, 0);
    chart_series_set_values(s2, "Summary", dom_first, 1, dom_last, 1);
    chart_series_set_name(s2, "Class mean %");
    chart_title_set_name(doms, "Mean per domain (%)");
    chart_legend_set_position(doms, LXW_CHART_LEGEND_NONE);
    note(x, worksheet_insert_chart(ws, 18, 3, doms));
}

static void students_sheet(xl *x, const ef_gradebook *g, lxw_worksheet *ws)
{
    const char *const fixed[] = {"Student", "Name",      "Form",       "Raw",   "Percent",
                                 "Scaled",  "Low (95%)", "High (95%)", "Result"};
    size_t nf = sizeof fixed / sizeof *fixed;
    header(x, ws, fixed, nf);
    for (size_t d = 0; d < g->n_domains; d++) {
        char label[96];
        snprintf(label, sizeof label, "%s %%", ef_gradebook_domain_name(g, d));
        str(x, ws, 0, (lxw_col_t)(nf + d), label, x->head);
    }
    const double w[] = {16, 24, 6, 8, 9, 8, 10, 10, 9};
    widths(x, ws, w, nf);
    note(x, worksheet_set_column(ws, (lxw_col_t)nf, (lxw_col_t)(nf + g->n_domains), 16, NULL));
    ef_student_areas a;
    ef_student_areas_init(&a, g);
    for (size_t s = 0; s < g->n_students; s++) {
        const ef_student_result *r = &g->students[s];
        lxw_row_t row = (lxw_row_t)(s + 1);
        str(x, ws, row, 0, r->response->student, NULL);
        str(x, ws, row, 1, r->response->name, NULL);
        str(x, ws, row, 2, g->key->forms[r->response->form].name, NULL);
        num(x, ws, row, 3, r->raw, x->dec);
        num(x, ws, row, 4, r->percent, x->dec);
        num(x, ws, row, 5, r->scaled, NULL);
        num(x, ws, row, 6, r->scaled_low, NULL);
        num(x, ws, row, 7, r->scaled_high, NULL);
        str(x, ws, row, 8, r->pass ? "PASS" : "FAIL", r->pass ? x->pass : x->fail);
        ef_student_areas_compute(&a, g, s);
        for (size_t d = 0; d < g->n_domains; d++)
            if (a.domains[d].items)
                num(x, ws, row, (lxw_col_t)(nf + d), ef_area_percent(&a.domains[d]), x->dec);
    }
    ef_student_areas_release(&a);
    filter(x, ws, g->n_students, nf + g->n_domains);
    weak_cells(x, ws, 1, (lxw_col_t)nf, (lxw_row_t)g->n_students,
               (lxw_col_t)(nf + g->n_domains - 1), g->options.threshold);
}

static void domains_sheet(xl *x, const ef_gradebook *g, lxw_worksheet *ws)
{
    const char *const h[] = {"Domain",     "Name",         "Weight %", "Class mean %",
                             "Items seen", "Items missed", "Result"};
    header(x, ws, h, 7);
    const double w[] = {8, 40, 10, 13, 11, 12, 20};
    widths(x, ws, w, 7);
    for (size_t d = 0; d < g->n_domains; d++) {
        lxw_row_t r = (lxw_row_t)(d + 1);
        const ef_area *a = &g->class_domains[d];
        str(x, ws, r, 0, g->domain_ids[d], NULL);
        str(x, ws, r, 1, ef_gradebook_domain_name(g, d), NULL);
        num(x, ws, r, 2, g->domain_weight[d], NULL);
        num(x, ws, r, 3, ef_area_percent(a), x->dec);
        num(x, ws, r, 4, a->items, NULL);
        num(x, ws, r, 5, a->missed, NULL);
        bool meets = ef_area_percent(a) >= g->options.threshold;
        str(x, ws, r, 6, meets ? "Meets competencies" : "Needs improvement",
            meets ? x->pass : x->fail);
    }
    filter(x, ws, g->n_domains, 7);
    weak_cells(x, ws, 1, 3, (lxw_row_t)g->n_domains, 3, g->options.threshold);
}

static void sections_sheet(xl *x, const ef_gradebook *g, lxw_worksheet *ws)
{
    const char *const h[] = {"Section",      "Class mean %",  "Items seen",
                             "Items missed", "Students weak", "Class weak"};
    header(x, ws, h, 6);
    const double w[] = {44, 13, 11, 12, 14, 11};
    widths(x, ws, w, 6);
    for (size_t i = 0; i < g->n_sections; i++) {
        lxw_row_t r = (lxw_row_t)(i + 1);
        const ef_area *a = &g->class_sections[i];
        bool class_weak = false;
        for (size_t k = 0; k < g->n_class_weak_sections; k++)
            class_weak |= g->class_weak_sections[k] == i;
        str(x, ws, r, 0, g->section_ids[i], NULL);
        num(x, ws, r, 1, ef_area_percent(a), x->dec);
        num(x, ws, r, 2, a->items, NULL);
        num(x, ws, r, 3, a->missed, NULL);
        num(x, ws, r, 4, g->section_weak_students[i], NULL);
        str(x, ws, r, 5, class_weak ? "yes" : "no", class_weak ? x->fail : NULL);
    }
    filter(x, ws, g->n_sections, 6);
    weak_cells(x, ws, 1, 1, (lxw_row_t)g->n_sections, 1, g->options.threshold);
}

static void items_sheet(xl *x, const ef_gradebook *g, lxw_worksheet *ws)
{
    size_t max_opts = 4;
    for (size_t i = 0; i < g->n_items; i++)
        if (g->items[i].n_options > max_opts)
            max_opts = g->items[i].n_options;
    const char *const h[] = {"Question",       "Domain", "Task",  "Students", "Facility",
                             "Discrimination", "Key",    "Blank", "Flags"};
    size_t nh = sizeof h / sizeof *h;
    header(x, ws, h, nh);
    for (size_t o = 0; o < max_opts; o++) {
        char label[24];
        snprintf(label, sizeof label, "Chose %c", ef_letter(o));
        str(x, ws, 0, (lxw_col_t)(nh + o), label, x->head);
    }
    const double w[] = {26, 8, 6, 9, 9, 14, 6, 7, 40};
    widths(x, ws, w, nh);
    for (size_t i = 0; i < g->n_items; i++) {
        const ef_item_stats *it = &g->items[i];
        lxw_row_t r = (lxw_row_t)(i + 1);
        str(x, ws, r, 0, it->question, NULL);
        str(x, ws, r, 1, it->domain, NULL);
        str(x, ws, r, 2, it->task ? it->task : "", NULL);
        num(x, ws, r, 3, it->n, NULL);
        num(x, ws, r, 4, it->facility, x->dec);
        num(x, ws, r, 5, it->discrimination, x->dec);
        char key[EF_MAX_OPTIONS + 1];
        size_t k = 0;
        for (size_t o = 0; o < it->n_options; o++)
            if (it->answer & (1u << o))
                key[k++] = ef_letter(o);
        key[k] = '\0';
        str(x, ws, r, 6, key, NULL);
        num(x, ws, r, 7, it->blank, NULL);
        char flags[160] = "";
        if (it->flags & EF_FLAG_EASY)
            strncat(flags, "too easy; ", sizeof flags - strlen(flags) - 1);
        if (it->flags & EF_FLAG_HARD)
            strncat(flags, "too hard; ", sizeof flags - strlen(flags) - 1);
        if (it->flags & EF_FLAG_FLAT)
            strncat(flags, "does not discriminate; ", sizeof flags - strlen(flags) - 1);
        if (it->flags & EF_FLAG_DISTRACTOR)
            strncat(flags, "top group prefers a distractor; ", sizeof flags - strlen(flags) - 1);
        size_t fl = strlen(flags);
        if (fl >= 2)
            flags[fl - 2] = '\0';
        str(x, ws, r, 8, flags, it->flags ? x->fail : NULL);
        for (size_t o = 0; o < it->n_options; o++)
            num(x, ws, r, (lxw_col_t)(nh + o), it->chosen[o], NULL);
    }
    filter(x, ws, g->n_items, nh + max_opts);
}

/* Ranked list as one cell: "ec2 (3 of 4 missed); s3 (2 of 3 missed)". */
static void weak_text(ef_buf *out, const size_t *list, size_t n, const ef_area *areas,
                      const char *const *ids)
{
    ef_buf_clear(out);
    for (size_t i = 0; i < n; i++) {
        const ef_area *a = &areas[list[i]];
        ef_buf_printf(out, "%s%s (%u of %u missed)", i ? "; " : "", ids[list[i]], a->missed,
                      a->items);
    }
}

static void weak_sheet(xl *x, const ef_gradebook *g, lxw_worksheet *ws)
{
    /* One row per student (and the class first), weak areas ranked within each cell: a long
     * class stays far inside the sheet's row limit and each row reads as a study plan. */
    const char *const h[] = {"Student",
                             "Name",
                             "Weak domains",
                             "Weak task statements",
                             "Weak note sections (ranked)",
                             "Students sharing"};
    header(x, ws, h, 6);
    const double w[] = {16, 22, 28, 28, 90, 16};
    widths(x, ws, w, 6);
    ef_buf text;
    ef_buf_init(&text);
    lxw_row_t r = 1;
    for (size_t k = 0; k < g->n_class_weak_sections; k++, r++) {
        size_t i = g->class_weak_sections[k];
        str(x, ws, r, 0, "(class)", x->bold);
        str(x, ws, r, 1, "", NULL);
        str(x, ws, r, 2, "", NULL);
        str(x, ws, r, 3, "", NULL);
        ef_buf_clear(&text);
        ef_buf_printf(&text, "%zu. %s (class mean %.0f%%)", k + 1, g->section_ids[i],
                      ef_area_percent(&g->class_sections[i]));
        str(x, ws, r, 4, text.data, NULL);
        num(x, ws, r, 5, g->section_weak_students[i], NULL);
    }
    ef_student_areas a;
    ef_student_areas_init(&a, g);
    for (size_t s = 0; s < g->n_students; s++, r++) {
        const ef_response *resp = g->students[s].response;
        ef_student_areas_compute(&a, g, s);
        str(x, ws, r, 0, resp->student, NULL);
        str(x, ws, r, 1, resp->name, NULL);
        weak_text(&text, a.weak_domains, a.n_weak_domains, a.domains, g->domain_ids);
        str(x, ws, r, 2, text.data ? text.data : "", NULL);
        weak_text(&text, a.weak_tasks, a.n_weak_tasks, a.tasks, g->task_ids);
        str(x, ws, r, 3, text.data ? text.data : "", NULL);
        weak_text(&text, a.weak_sections, a.n_weak_sections, a.sections, g->section_ids);
        str(x, ws, r, 4, text.data ? text.data : "", NULL);
    }
    ef_buf_release(&text);
    ef_student_areas_release(&a);
    filter(x, ws, r - 1, 6);
}

/* Students x sections is a picture for a class, not for a cohort: above this many students
 * the rows become score bands of 100 points (each cell the band's mean percent), which shows
 * where the stronger students pull ahead; the Students sheet keeps every student's domains. */
enum { HEATMAP_MAX_STUDENTS = 5000 };

static void heatmap_head(xl *x, const ef_gradebook *g, lxw_worksheet *ws, const char *first,
                         lxw_col_t s0)
{
    str(x, ws, 0, 0, first, x->head);
    for (size_t d = 0; d < g->n_domains; d++)
        str(x, ws, 0, (lxw_col_t)(1 + d), g->domain_ids[d], x->head);
    for (size_t i = 0; i < g->n_sections; i++)
        str(x, ws, 0, (lxw_col_t)(s0 + i), g->section_ids[i], x->head);
    worksheet_freeze_panes(ws, 1, 1);
    note(x, worksheet_set_column(ws, 0, 0, 16, NULL));
    note(x, worksheet_set_column(ws, 1, (lxw_col_t)(s0 + g->n_sections), 6, NULL));
}

static void heatmap_bands(xl *x, const ef_gradebook *g, lxw_worksheet *ws, lxw_col_t s0)
{
    size_t n_bands = score_bands(g), n_areas = g->n_domains + g->n_sections;
    ef_area *sum = ef_xcalloc(n_bands * n_areas + 1, sizeof *sum);
    size_t *count = ef_xcalloc(n_bands, sizeof *count);
    ef_student_areas a;
    ef_student_areas_init(&a, g);
    for (size_t s = 0; s < g->n_students; s++) {
        size_t b = score_band(g, g->students[s].scaled);
        count[b]++;
        ef_student_areas_compute(&a, g, s);
        ef_area *row = &sum[b * n_areas];
        for (size_t d = 0; d < g->n_domains; d++)
            ef_area_add(&row[d], &a.domains[d]);
        for (size_t k = 0; k < a.n_seen_sections; k++)
            ef_area_add(&row[g->n_domains + a.seen_sections[k]], &a.sections[a.seen_sections[k]]);
    }
    ef_student_areas_release(&a);
    lxw_row_t r = 1;
    for (size_t b = n_bands; b-- > 0;) { /* strongest first */
        if (!count[b])
            continue;
        char band[32], label[64];
        band_label(g, b, band, sizeof band);
        snprintf(label, sizeof label, "%s (%zu)", band, count[b]);
        str(x, ws, r, 0, label, NULL);
        const ef_area *row = &sum[b * n_areas];
        for (size_t i = 0; i < n_areas; i++)
            if (row[i].items) {
                lxw_col_t c = (lxw_col_t)(i < g->n_domains ? 1 + i : s0 + i - g->n_domains);
                num(x, ws, r, c, ef_area_percent(&row[i]), x->num);
            }
        r++;
    }
    free(sum);
    free(count);
    color_scale(x, ws, 1, 1, r - 1, (lxw_col_t)g->n_domains);
    if (g->n_sections)
        color_scale(x, ws, 1, s0, r - 1, (lxw_col_t)(s0 + g->n_sections - 1));
}

static void heatmap_sheet(xl *x, const ef_gradebook *g, lxw_worksheet *ws)
{
    lxw_col_t s0 = (lxw_col_t)(2 + g->n_domains);
    if (g->n_students > HEATMAP_MAX_STUDENTS) {
        heatmap_head(x, g, ws, "Scaled score (students)", s0);
        heatmap_bands(x, g, ws, s0);
        return;
    }
    heatmap_head(x, g, ws, "Student", s0);
    ef_student_areas a;
    ef_student_areas_init(&a, g);
    for (size_t s = 0; s < g->n_students; s++) {
        lxw_row_t r = (lxw_row_t)(s + 1);
        ef_student_areas_compute(&a, g, s);
        str(x, ws, r, 0, g->students[s].response->student, NULL);
        for (size_t d = 0; d < g->n_domains; d++)
            if (a.domains[d].items)
                num(x, ws, r, (lxw_col_t)(1 + d), ef_area_percent(&a.domains[d]), x->num);
        for (size_t i = 0; i < g->n_sections; i++)
            if (a.sections[i].items)
                num(x, ws, r, (lxw_col_t)(s0 + i), ef_area_percent(&a.sections[i]), x->num);
    }
    ef_student_areas_release(&a);
    lxw_row_t last = (lxw_row_t)g->n_students;
    color_scale(x, ws, 1, 1, last, (lxw_col_t)g->n_domains);
    if (g->n_sections)
        color_scale(x, ws, 1, s0, last, (lxw_col_t)(s0 + g->n_sections - 1));
}

static void problems_sheet(xl *x, const ef_diags *problems, lxw_worksheet *ws)
{
    const char *const h[] = {"File", "Line", "Column", "Severity", "Problem", "Hint"};
    header(x, ws, h, 6);
    const double w[] = {40, 7, 8, 10, 70, 40};
    widths(x, ws, w, 6);
    static const char *const sev[] = {"note", "warning", "error"};
    for (size_t i = 0; problems && i < problems->count; i++) {
        const ef_diag *d = &problems->items[i];
        lxw_row_t r = (lxw_row_t)(i + 1);
        str(x, ws, r, 0, d->path, NULL);
        num(x, ws, r, 1, d->line, NULL);
        num(x, ws, r, 2, d->col, NULL);
        str(x, ws, r, 3, sev[d->severity], d->severity == EF_SEV_ERROR ? x->fail : NULL);
        str(x, ws, r, 4, d->message, NULL);
        str(x, ws, r, 5, d->hint ? d->hint : "", NULL);
    }
    filter(x, ws, problems ? problems->count : 0, 6);
}

ef_status ef_report_xlsx(const ef_gradebook *g, const ef_diags *problems, const char *path,
                         const char *display_name, time_t created, bool constant_memory,
                         ef_diags *diags)
{
    lxw_workbook_options opt = {
        .constant_memory = constant_memory, .tmpdir = NULL, .use_zip64 = LXW_TRUE};
    xl x;
    memset(&x, 0, sizeof x);
    x.wb = workbook_new_opt(path, &opt);
    ef_loc loc = {display_name, 0, 0};
    if (!x.wb) {
        ef_diag_add(diags, EF_SEV_ERROR, &loc, "cannot create the workbook");
        return EF_ERR_IO;
    }
    lxw_doc_properties props;
    memset(&props, 0, sizeof props);
    char title[] = "Exam results", author[] = "examforge";
    props.title = title;
    props.author = author;
    props.created = created;
    note(&x, workbook_set_properties(x.wb, &props));
    x.bold = workbook_add_format(x.wb);
    format_set_bold(x.bold);
    x.title = workbook_add_format(x.wb);
    format_set_bold(x.title);
    format_set_font_size(x.title, 14);
    x.head = workbook_add_format(x.wb);
    format_set_bold(x.head);
    format_set_bg_color(x.head, 0xDDE4EE);
    format_set_bottom(x.head, LXW_BORDER_THIN);
    x.dec = workbook_add_format(x.wb);
    format_set_num_format(x.dec, "0.0");
    x.num = workbook_add_format(x.wb);
    format_set_num_format(x.num, "0");
    x.pass = workbook_add_format(x.wb);
    format_set_font_color(x.pass, 0x006100);
    format_set_bg_color(x.pass, 0xC6EFCE);
    x.fail = workbook_add_format(x.wb);
    format_set_font_color(x.fail, 0x9C0006);
    format_set_bg_color(x.fail, 0xFFC7CE);
    x.weak = workbook_add_format(x.wb);
    format_set_font_color(x.weak, 0x9C0006);
    format_set_bg_color(x.weak, 0xFFC7CE);
    const char *names[] = {"Summary", "Students",   "Domains", "Sections",
                           "Items",   "Weak areas", "Heatmap", "Problems"};
    lxw_worksheet *ws[8];
    for (int i = 0; i < 8; i++)
        if (!(ws[i] = workbook_add_worksheet(x.wb, names[i])))
            note(&x, LXW_ERROR_MEMORY_MALLOC_FAILED);
    if (x.err == LXW_NO_ERROR) {
        summary_sheet(&x, g, ws[0]);
        students_sheet(&x, g, ws[1]);
        domains_sheet(&x, g, ws[2]);
        sections_sheet(&x, g, ws[3]);
        items_sheet(&x, g, ws[4]);
        weak_sheet(&x, g, ws[5]);
        heatmap_sheet(&x, g, ws[6]);
        problems_sheet(&x, problems, ws[7]);
    }
    lxw_error closed = workbook_close(x.wb);
    note(&x, closed);
    if (x.err != LXW_NO_ERROR) {
        ef_diag_add(diags, EF_SEV_ERROR, &loc, "cannot write the workbook: %s",
                    lxw_strerror(x.err));
        return EF_ERR_IO;
    }
    return EF_OK;
}
