/* examforge: gradebook CSV, results YAML, study sheets and their file names. */
#include "examforge/report.h"
#include "examforge/html.h"
#include "examforge/par.h"
#include "strmap_int.h"
#include "yemit_int.h"

#include <csv.h>
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <math.h>
#include <string.h>

static const char *rule_text(ef_scoring_rule rule)
{
    switch (rule) {
    case EF_RULE_PARTIAL:
        return "multiple-response items earn (right picks - wrong picks) / choose, at least 0";
    case EF_RULE_NEGATIVE:
        return "an exactly right answer earns 1, a blank 0, any other answer loses the penalty";
    default:
        return "a multiple-response item earns 1 only when exactly the keys are marked";
    }
}

void ef_report_rules(const ef_gradebook *book, ef_buf *out)
{
    const ef_key *k = book->key;
    ef_buf_printf(out, "Scoring: %s", rule_text(book->options.rule));
    if (book->options.rule == EF_RULE_NEGATIVE)
        ef_buf_printf(out, " (penalty %.2f)", book->options.penalty);
    ef_buf_printf(out, ". More letters than asked for, or letters that are not options, mark the "
                       "item wrong.\n");
    ef_buf_printf(out,
                  "Scaled score: 0%% maps to %u, %.4g%% correct to the pass mark %u, 100%% to %u, "
                  "linear in between; pass at %u or more.\n",
                  k->scale_min, k->raw_cut, k->pass_mark, k->scale_max, k->pass_mark);
    ef_buf_puts(out, "Readiness interval: the 95% Wilson score interval of the share correct over "
                     "the form's items, mapped through the same scale; fewer items, wider "
                     "interval.\n");
    ef_buf_printf(out,
                  "Weak area (domain, task statement or note section): at least %u items seen "
                  "and a score below %.4g%%. Ranked by items missed, then by domain weight, "
                  "then by id. Domains at or above %.4g%% meet competencies.\n",
                  book->options.min_items, book->options.threshold, book->options.threshold);
    ef_buf_printf(out,
                  "Class weak section: the class mean is below %.4g%% and on average each "
                  "student saw at least %u items of it.\n",
                  book->options.threshold, book->options.min_items);
}

/* ---- CSV ---- */

/* Rows [from, to) of the gradebook CSV, formatted into a buffer of their own: a large class
 * is formatted in parts on every core. */
typedef struct csv_part {
    const ef_gradebook *book;
    size_t from, to;
    ef_buf text;
} csv_part;

/* printf("%.4g") into tmp[NUMBER_MAX], with a whole score (the usual one) written without
 * printf; returns the length. */
static int format_g4(char *tmp, double v)
{
    if (!(v == floor(v) && fabs(v) < 1e4))
        return snprintf(tmp, NUMBER_MAX, "%.4g", v);
    return yout_format_fixed(tmp, v, 0);
}

/* One row written in place: its length is known before a byte is written (libcsv's quoting
 * at most doubles a field, plus two quotes), so the buffer is grown once. */
static void csv_rows(void *arg)
{
    csv_part *p = arg;
    for (size_t s = p->from; s < p->to; s++) {
        const ef_student_result *r = &p->book->students[s];
        const char *field[3] = {r->response->student, r->response->name,
                                p->book->key->forms[r->response->form].name};
        size_t len[3];
        char num[3][NUMBER_MAX]; /* raw, percent, scaled */
        int num_len[3] = {format_g4(num[0], r->raw), yout_format_fixed(num[1], r->percent, 1),
                          yout_format_fixed(num[2], r->scaled, 0)};
        size_t need = (size_t)num_len[0] + (size_t)num_len[1] + (size_t)num_len[2] + 16;
        for (int i = 0; i < 3; i++) {
            len[i] = strlen(field[i]);
            need += 2 * len[i] + 3;
        }
        char *start = ef_buf_space(&p->text, need), *to = start;
        for (int i = 0; i < 3; i++) {
            to += csv_write(to, 2 * len[i] + 2, field[i], len[i]);
            *to++ = ',';
        }
        for (int i = 0; i < 3; i++) {
            memcpy(to, num[i], (size_t)num_len[i]);
            to += num_len[i];
            *to++ = ',';
        }
        memcpy(to, r->pass ? "pass\r\n" : "fail\r\n", 6);
        to += 6;
        ef_buf_advance(&p->text, (size_t)(to - start));
    }
}

void ef_report_csv(const ef_gradebook *book, ef_buf *out)
{
    ef_buf_puts(out, "student,name,form,raw,percent,scaled,pass\r\n");
    size_t k = ef_parts_for(book->n_students, 8192);
    csv_part *parts = ef_xcalloc(k, sizeof *parts);
    for (size_t i = 0; i < k; i++) {
        parts[i].book = book;
        ef_part_range(book->n_students, k, i, &parts[i].from, &parts[i].to);
        ef_buf_init(&parts[i].text);
    }
    ef_run_parts(csv_rows, parts, sizeof *parts, k);
    for (size_t i = 0; i < k; i++) {
        if (parts[i].text.len)
            ef_buf_add(out, parts[i].text.data, parts[i].text.len);
        ef_buf_release(&parts[i].text);
    }
    free(parts);
}

/* ---- YAML ---- */

/* Written directly rather than through libyaml's emitter: the shape is fixed, and a class of
 * 100,000 is ten million scalars, where the emitter's analysis of each one cost most of the
 * run. The unit tests read the result back with libyaml. */

static void key(ef_buf *out, const char *indent, const char *name)
{
    ef_buf_puts(out, indent);
    ef_buf_puts(out, name);
    ef_buf_puts(out, ": ");
}

/* Percent per area the student saw, as a flow mapping id -> percent (the workbook has the
 * item counts). */
static void yaml_percents(ef_buf *out, const char *name, const ef_area *areas,
                          const char *const *ids, size_t n)
{
    key(out, "  ", name);
    ef_buf_putc(out, '{');
    bool first = true;
    for (size_t i = 0; i < n; i++)
        if (areas[i].items) {
            ef_buf_puts(out, first ? "" : ", ");
            first = false;
            yout_str(out, ids[i]);
            ef_buf_puts(out, ": ");
            yout_double(out, ef_area_percent(&areas[i]), 1);
        }
    ef_buf_puts(out, "}\n");
}

/* A flow sequence of ids[list[i]] (or ids[i] when list is NULL). */
static void yaml_ids(ef_buf *out, const char *name, const size_t *list, size_t n,
                     const char *const *ids)
{
    key(out, "  ", name);
    ef_buf_putc(out, '[');
    for (size_t i = 0; i < n; i++) {
        ef_buf_puts(out, i ? ", " : "");
        yout_str(out, ids[list ? list[i] : i]);
    }
    ef_buf_puts(out, "]\n");
}

void ef_report_yaml(const ef_gradebook *g, ef_buf *out)
{
    ef_buf_puts(out, "---\n");
    key(out, "", "exam");
    yout_str(out, g->key->exam ? g->key->exam : "");
    ef_buf_puts(out, "\nstudents: ");
    yout_uint(out, g->n_students);
    ef_buf_puts(out, "\nmean_scaled: ");
    yout_double(out, g->mean_scaled, 1);
    ef_buf_puts(out, "\nmedian_scaled: ");
    yout_double(out, g->median_scaled, 1);
    ef_buf_puts(out, "\npass_rate: ");
    yout_double(out, g->pass_rate, 1);
    ef_buf_puts(out, g->n_class_weak_sections ? "\nclass_weak_sections:\n"
                                              : "\nclass_weak_sections: []\n");
    for (size_t i = 0; i < g->n_class_weak_sections; i++) {
        size_t x = g->class_weak_sections[i];
        ef_buf_puts(out, "- {id: ");
        yout_str(out, g->section_ids[x]);
        ef_buf_puts(out, ", percent: ");
        yout_double(out, ef_area_percent(&g->class_sections[x]), 1);
        ef_buf_puts(out, ", students_weak: ");
        yout_uint(out, g->section_weak_students[x]);
        ef_buf_puts(out, "}\n");
    }
    ef_buf_puts(out, g->n_students ? "results:\n" : "results: []\n");
    ef_student_areas a;
    ef_student_areas_init(&a, g);
    const char **missed = ef_xcalloc(ef_key_max_items(g->key) + 1, sizeof *missed);
    size_t *missed_sections = ef_xcalloc(g->n_sections + 1, sizeof *missed_sections);
    for (size_t s = 0; s < g->n_students; s++) {
        const ef_student_result *r = &g->students[s];
        const ef_key_form *kf = &g->key->forms[r->response->form];
        ef_student_areas_compute(&a, g, s);
        ef_buf_puts(out, "- student: ");
        yout_quoted(out, r->response->student);
        ef_buf_putc(out, '\n');
        key(out, "  ", "name");
        yout_quoted(out, r->response->name);
        ef_buf_putc(out, '\n');
        key(out, "  ", "form");
        yout_quoted(out, kf->name);
        ef_buf_putc(out, '\n');
        key(out, "  ", "raw");
        yout_double(out, r->raw, 4);
        ef_buf_putc(out, '\n');
        key(out, "  ", "percent");
        yout_double(out, r->percent, 1);
        ef_buf_putc(out, '\n');
        key(out, "  ", "scaled");
        yout_uint(out, r->scaled);
        ef_buf_putc(out, '\n');
        key(out, "  ", "interval");
        ef_buf_putc(out, '[');
        yout_uint(out, r->scaled_low);
        ef_buf_puts(out, ", ");
        yout_uint(out, r->scaled_high);
        ef_buf_puts(out, "]\n");
        key(out, "  ", "pass");
        ef_buf_puts(out, r->pass ? "true\n" : "false\n");
        yaml_percents(out, "domains", a.domains, g->domain_ids, g->n_domains);
        yaml_percents(out, "tasks", a.tasks, g->task_ids, g->n_tasks);
        /* Ids only, in the notes' order: a student misses dozens. */
        size_t n = 0;
        for (size_t k = 0; k < a.n_seen_sections; k++)
            if (a.sections[a.seen_sections[k]].missed) {
                size_t x = a.seen_sections[k], j = n++;
                for (; j > 0 && missed_sections[j - 1] > x; j--)
                    missed_sections[j] = missed_sections[j - 1];
                missed_sections[j] = x;
            }
        yaml_ids(out, "sections_missed", missed_sections, n, g->section_ids);
        yaml_ids(out, "weak_domains", a.weak_domains, a.n_weak_domains, g->domain_ids);
        yaml_ids(out, "weak_tasks", a.weak_tasks, a.n_weak_tasks, g->task_ids);
        yaml_ids(out, "weak_sections", a.weak_sections, a.n_weak_sections, g->section_ids);
        n = 0;
        for (size_t i = 0; i < kf->n_items; i++)
            if (r->response->answers[i] != kf->items[i].answer)
                missed[n++] = kf->items[i].question;
        yaml_ids(out, "missed", NULL, n, missed);
    }
    free(missed);
    free(missed_sections);
    ef_student_areas_release(&a);
}

/* ---- study sheets ---- */

static void letters(ef_buf *out, uint32_t mask, size_t n)
{
    bool any = false;
    for (size_t o = 0; o < n; o++)
        if (mask & (1u << o)) {
            ef_buf_putc(out, ef_letter(o));
            any = true;
        }
    if (!any)
        ef_buf_puts(out, "—");
}

void ef_report_study_sheet(const ef_gradebook *g, size_t student, const ef_notes *notes,
                           const ef_bank *bank, ef_buf *out)
{
    const ef_student_result *r = &g->students[student];
    const ef_key_form *kf = &g->key->forms[r->response->form];
    ef_student_areas a;
    ef_student_areas_init(&a, g);
    ef_student_areas_compute(&a, g, student);
    ef_buf title;
    ef_buf_init(&title);
    ef_buf_printf(&title, "Study sheet — %s", r->response->student);
    ef_html_page_begin(out, title.data, EF_PAPER_A4);
    ef_buf_puts(out, "<header class=\"exam\"><h1>Study sheet: ");
    ef_html_escape(out, r->response->name[0] ? r->response->name : r->response->student);
    ef_buf_puts(out, "</h1>\n<div class=\"meta\">");
    ef_html_escape(out, g->key->exam ? g->key->exam : "");
    ef_buf_puts(out, " · student ");
    ef_html_escape(out, r->response->student);
    ef_buf_puts(out, " · form ");
    ef_html_escape(out, kf->name);
    ef_buf_puts(out, "</div></header>\n");
    ef_buf_printf(out,
                  "<section><h2>Result</h2><p class=\"result\"><strong>%u</strong> of %u "
                  "(%s; pass mark %u) · %.1f%% correct · readiness: %u to %u (95%% interval, "
                  "%zu items)</p>\n",
                  r->scaled, g->key->scale_max, r->pass ? "pass" : "not yet a pass",
                  g->key->pass_mark, r->percent, r->scaled_low, r->scaled_high, kf->n_items);
    ef_buf_puts(out, "<table><thead><tr><th>Domain</th><th>Score</th><th>Items</th>"
                     "<th>Result</th></tr></thead><tbody>\n");
    for (size_t d = 0; d < g->n_domains; d++) {
        if (!a.domains[d].items)
            continue;
        bool meets = ef_area_percent(&a.domains[d]) >= g->options.threshold;
        ef_buf_puts(out, "<tr><td>");
        ef_html_escape(out, ef_gradebook_domain_name(g, d));
        ef_buf_printf(out, "</td><td>%.0f%%</td><td>%u</td><td>%s</td></tr>\n",
                      ef_area_percent(&a.domains[d]), a.domains[d].items,
                      meets ? "Meets competencies" : "Needs improvement");
    }
    ef_buf_puts(out, "</tbody></table></section>\n<section><h2>What to study, in order</h2>\n");
    if (!a.n_weak_sections)
        ef_buf_printf(out,
                      "<p>No weak note sections: every section with at least %u items "
                      "scored %.4g%% or more.</p>\n",
                      g->options.min_items, g->options.threshold);
    for (size_t w = 0; w < a.n_weak_sections; w++) {
        size_t x = a.weak_sections[w];
        const char *id = g->section_ids[x];
        const ef_section *sec = notes ? ef_notes_find(notes, id) : NULL;
        ef_buf_printf(out, "<div class=\"weak\"><h3>%zu. ", w + 1);
        ef_html_escape(out, sec ? sec->title : id);
        ef_buf_printf(out, " <small>(%u of %u items missed, %.0f%%)</small></h3>\n",
                      a.sections[x].missed, a.sections[x].items, ef_area_percent(&a.sections[x]));
        if (sec) {
            ef_buf_puts(out, "<div class=\"explain\">\n");
            ef_html_section(out, notes, sec);
            ef_buf_puts(out, "</div>\n");
        }
        ef_buf_puts(out, "<ul class=\"why\">\n");
        for (size_t i = 0; i < kf->n_items; i++) {
            const ef_key_item *it = &kf->items[i];
            if (r->response->answers[i] == it->answer)
                continue;
            bool tagged = false;
            for (size_t s = 0; s < it->n_sections && !tagged; s++)
                tagged = !strcmp(it->sections[s], id);
            if (!tagged)
                continue;
            ef_buf_printf(out, "<li><strong>Question %u</strong>: you marked ", it->number);
            letters(out, r->response->answers[i] & ~EF_ANSWER_INVALID, it->n_options);
            ef_buf_puts(out, ", the key is ");
            letters(out, it->answer, it->n_options);
            ef_buf_puts(out, ".");
            size_t qi;
            const ef_question *q =
                bank && ef_bank_find(bank, it->question, &qi) ? ef_bank_question(bank, qi) : NULL;
            if (q && q->explanation) {
                ef_buf_puts(out, " ");
                ef_html_markdown(out, q->explanation, strlen(q->explanation));
            }
            ef_buf_puts(out, "</li>\n");
        }
        ef_buf_puts(out, "</ul></div>\n");
    }
    ef_buf_puts(out, "</section>\n<footer>");
    ef_buf rules;
    ef_buf_init(&rules);
    ef_report_rules(g, &rules);
    ef_html_escape(out, rules.data);
    ef_buf_release(&rules);
    ef_buf_puts(out, "</footer>\n");
    ef_html_page_end(out);
    ef_buf_release(&title);
    ef_student_areas_release(&a);
}

/* ---- file names ---- */

static bool reserved(const char *s)
{
    static const char *const names[] = {
        "con",  "prn",  "aux",  "nul",  "com1", "com2", "com3", "com4", "com5", "com6", "com7",
        "com8", "com9", "lpt1", "lpt2", "lpt3", "lpt4", "lpt5", "lpt6", "lpt7", "lpt8", "lpt9"};
    char base[8];
    size_t n = 0;
    while (s[n] && s[n] != '.' && n < sizeof base - 1) {
        base[n] = (char)tolower((unsigned char)s[n]);
        n++;
    }
    base[n] = '\0';
    if (s[n] && s[n] != '.')
        return false;
    for (size_t i = 0; i < sizeof names / sizeof *names; i++)
        if (!strcmp(base, names[i]))
            return true;
    return false;
}

char **ef_study_file_names(const ef_gradebook *book)
{
    char **names = ef_xcalloc(book->n_students ? book->n_students : 1, sizeof *names);
    strmap used; /* lowercase name -> times used */
    strmap_init(&used);
    char **lower = ef_xcalloc(book->n_students ? book->n_students : 1, sizeof *lower);
    for (size_t s = 0; s < book->n_students; s++) {
        const char *id = book->students[s].response->student;
        ef_buf b;
        ef_buf_init(&b);
        bool last_sub = false;
        for (const char *p = id; *p && b.len < 64; p++) {
            unsigned char c = (unsigned char)*p;
            bool ok = isalnum(c) || c == '.' || c == '-' || c == '_';
            if (ok) {
                ef_buf_putc(&b, (char)c);
                last_sub = false;
            } else if (!last_sub) {
                ef_buf_putc(&b, '_');
                last_sub = true;
            }
        }
        char *name = ef_buf_detach(&b, NULL);
        char *start = name;
        while (*start == '.' || *start == '_')
            start++;
        ef_buf clean;
        ef_buf_init(&clean);
        if (!*start)
            ef_buf_puts(&clean, "student");
        else if (reserved(start))
            ef_buf_printf(&clean, "_%s", start);
        else
            ef_buf_puts(&clean, start);
        free(name);
        /* Unique without case: a "-2", "-3"… suffix until free. */
        for (unsigned k = 1;; k++) {
            ef_buf candidate;
            ef_buf_init(&candidate);
            ef_buf_puts(&candidate, clean.data);
            if (k > 1)
                ef_buf_printf(&candidate, "-%u", k);
            char *low = ef_xstrdup(candidate.data);
            for (char *p = low; *p; p++)
                *p = (char)tolower((unsigned char)*p);
            if (!strmap_get(&used, low, NULL)) {
                strmap_put(&used, low, s);
                lower[s] = low;
                names[s] = ef_buf_detach(&candidate, NULL);
                break;
            }
            free(low);
            ef_buf_release(&candidate);
        }
        ef_buf_release(&clean);
    }
    strmap_release(&used);
    for (size_t s = 0; s < book->n_students; s++)
        free(lower[s]);
    free(lower);
    return names;
}
