/* examforge grade: score a class in batch and write the report, gradebook and study sheets. */
#include "cli.h"
#include "inputs.h"

#include "examforge/answers.h"
#include "examforge/grade.h"
#include "examforge/key.h"
#include "examforge/report.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char grade_help[] =
    "usage: examforge grade --key KEY.yaml [OPTIONS] ANSWERS...\n\n"
    "Score answer files against a key from 'examforge generate'. ANSWERS are files or\n"
    "folders (searched, sub-folders too, for *.yaml, *.yml, *.csv) or '-' for standard\n"
    "input. A YAML file holds one student (student, name, form, answers: {1: B, 2: [A, D],\n"
    "3: AD}); a CSV holds one row per student (student,name,form,1,2,...,N). A bad file or\n"
    "row is reported and skipped; the rest of the class is graded.\n\n"
    "Writes to the output folder: report.xlsx (Summary, Students, Domains, Sections, Items,\n"
    "Weak areas, Heatmap, Problems), results.csv, results.yaml and study/<student>.html.\n\n"
    "options:\n"
    "  --key FILE        the key.yaml of the exam (required)\n"
    "  --out DIR         output folder (default ./grade-out)\n"
    "  --rule RULE       multiple-response scoring: all-or-nothing, partial or negative\n"
    "                    (default: the key's, from the blueprint)\n"
    "  --penalty P       points lost per wrong answer under 'negative' (default: the key's)\n"
    "  --threshold PCT   percent below which an area is weak (default: the raw cut, 72)\n"
    "  --min-items N     items an area needs before it can be weak (default 2)\n"
    "  --outputs LIST    which outputs to write, comma-separated: xlsx, csv, yaml, study\n"
    "                    (default: all four; 'csv' alone grades a large class fastest)\n"
    "  --no-study        do not write study sheets (the same as leaving 'study' out)\n" INPUT_HELP
    "                    (notes and bank feed the study sheets; the key names the questions)\n"
    "  -h, --help        show this help\n\n"
    "exit codes: 0 all graded, 1 invalid key or nothing graded, 2 usage, 3 input/output error,\n"
    "4 graded, but some files or rows were skipped (see stderr and the Problems sheet)\n";

enum {
    OPT_KEY = OPT_FIRST_FREE,
    OPT_OUT,
    OPT_RULE,
    OPT_PENALTY,
    OPT_THRESHOLD,
    OPT_MIN_ITEMS,
    OPT_NO_STUDY,
    OPT_OUTPUTS,
};
enum { WRITE_XLSX = 1, WRITE_CSV = 2, WRITE_YAML = 4, WRITE_STUDY = 8, WRITE_ALL = 15 };

static const char *const output_names[] = {"xlsx", "csv", "yaml", "study"};

/* "csv,yaml" -> WRITE_CSV | WRITE_YAML; 0 (after a usage message) when a name is unknown. */
static unsigned parse_outputs(const char *list)
{
    unsigned set = 0;
    for (const char *p = list;;) {
        size_t n = strcspn(p, ",");
        char name[16];
        snprintf(name, sizeof name, "%.*s", (int)(n < sizeof name ? n : sizeof name - 1), p);
        size_t i = 0;
        while (i < 4 && (n != strlen(output_names[i]) || strncmp(p, output_names[i], n)))
            i++;
        if (!n) {
            cli_usage_error("grade", "--outputs has an empty name in '%s'", list);
            return 0;
        }
        if (i == 4) {
            const char *guess = ef_suggest(name, output_names, 4);
            cli_usage_error("grade",
                            "--outputs takes xlsx, csv, yaml and study, comma-separated, not "
                            "'%.*s'%s%s%s",
                            (int)n, p, guess ? "; did you mean '" : "", guess ? guess : "",
                            guess ? "'?" : "");
            return 0;
        }
        set |= 1u << i;
        if (!p[n])
            return set;
        p += n + 1;
    }
}
enum { EXIT_SKIPPED = 4 };

static bool parse_double(const char *s, double min, double max, double *out)
{
    errno = 0;
    char *end;
    double v = strtod(s, &end);
    if (errno || end == s || *end || v < min || v > max)
        return false;
    *out = v;
    return true;
}

static bool looks_like_yaml(const char *buf, size_t len)
{
    size_t i = len >= 3 && !memcmp(buf, "\xEF\xBB\xBF", 3) ? 3 : 0;
    bool colon = false;
    for (; i < len && buf[i] != '\n'; i++) {
        if (buf[i] == ',')
            return false;
        colon |= buf[i] == ':';
    }
    return colon;
}

static bool has_suffix(const char *s, const char *suffix)
{
    size_t a = strlen(s), b = strlen(suffix);
    return a >= b && !strcmp(s + a - b, suffix);
}

static time_t document_time(void)
{
    /* Reproducible builds' convention; otherwise a fixed date, never the clock, so the same
     * inputs give the same bytes. */
    const char *env = getenv("SOURCE_DATE_EPOCH");
    if (env && *env) {
        char *end;
        errno = 0;
        long long v = strtoll(env, &end, 10);
        if (!errno && !*end && v > 0)
            return (time_t)v;
    }
    return (time_t)946684800; /* 2000-01-01T00:00:00Z */
}

/* Write one report straight to its temporary file, a megabyte at a time. */
static bool stream_report(io_batch *batch, const char *name, const ef_gradebook *book,
                          void (*report)(const ef_gradebook *, ef_buf *))
{
    int fd = io_batch_open(batch, name);
    if (fd < 0)
        return false;
    ef_buf buf;
    ef_buf_init(&buf);
    ef_buf_stream(&buf, io_fd_sink, &fd);
    report(book, &buf);
    bool ok = ef_buf_flush(&buf);
    ef_buf_release(&buf);
    return io_batch_close(batch, fd, ok);
}

/* The workbook, written by libxlsxwriter to a temporary path that joins the batch. */
static bool write_xlsx(io_batch *batch, const ef_gradebook *book, const ef_diags *problems,
                       const char *xlsx)
{
    char *tmp = io_temp_beside(xlsx);
    if (!tmp)
        return false;
    ef_diags xdiags;
    ef_diags_init(&xdiags);
    bool ok = !ef_report_xlsx(book, problems, tmp, xlsx, document_time(), book->n_students > 5000,
                              &xdiags);
    if (ok) {
        io_batch_adopt(batch, tmp, "report.xlsx");
    } else {
        io_print_diags(&xdiags, NULL);
        remove(tmp);
        free(tmp);
    }
    ef_diags_release(&xdiags);
    return ok;
}

int cmd_grade(int argc, char **argv)
{
    static const struct option long_options[] = {
        INPUT_LONG_OPTIONS,
        {"key", required_argument, NULL, OPT_KEY},
        {"out", required_argument, NULL, OPT_OUT},
        {"rule", required_argument, NULL, OPT_RULE},
        {"penalty", required_argument, NULL, OPT_PENALTY},
        {"threshold", required_argument, NULL, OPT_THRESHOLD},
        {"min-items", required_argument, NULL, OPT_MIN_ITEMS},
        {"no-study", no_argument, NULL, OPT_NO_STUDY},
        {"outputs", required_argument, NULL, OPT_OUTPUTS},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    inputs in;
    inputs_init(&in);
    const char *key_path = NULL, *out_dir = "grade-out", *rule = NULL;
    double penalty = -1, threshold = -1, min_items = -1;
    unsigned outputs = WRITE_ALL;
    bool no_study = false;
    int opt, rc = EXIT_OK;
    ef_key *key = NULL;
    ef_responses *responses = NULL;
    ef_gradebook *book = NULL;
    char **answer_paths = NULL, **names = NULL;
    size_t n_answer_paths = 0;
    ef_diags problems;
    ef_diags_init(&problems);
    while ((opt = getopt_long(argc, argv, ":h", long_options, NULL)) != -1) {
        if (inputs_option(&in, opt, optarg))
            continue;
        switch (opt) {
        case 'h':
            fputs(grade_help, stdout);
            goto done;
        case OPT_KEY:
            key_path = optarg;
            break;
        case OPT_OUT:
            out_dir = optarg;
            break;
        case OPT_RULE: {
            ef_scoring_rule r;
            if (!ef_scoring_rule_parse(optarg, &r)) {
                rc = cli_usage_error("grade",
                                     "--rule must be all-or-nothing, partial or "
                                     "negative, not '%s'",
                                     optarg);
                goto done;
            }
            rule = optarg;
            break;
        }
        case OPT_PENALTY:
            if (!parse_double(optarg, 0, 10, &penalty)) {
                rc = cli_usage_error("grade", "--penalty takes a number from 0 to 10, not '%s'",
                                     optarg);
                goto done;
            }
            break;
        case OPT_THRESHOLD:
            if (!parse_double(optarg, 0, 100, &threshold)) {
                rc = cli_usage_error("grade",
                                     "--threshold takes a percent from 0 to 100, not "
                                     "'%s'",
                                     optarg);
                goto done;
            }
            break;
        case OPT_MIN_ITEMS:
            if (!parse_double(optarg, 1, 1000, &min_items) || min_items != (unsigned)min_items) {
                rc = cli_usage_error("grade",
                                     "--min-items takes a whole number from 1 to 1000, "
                                     "not '%s'",
                                     optarg);
                goto done;
            }
            break;
        case OPT_NO_STUDY:
            no_study = true;
            break;
        case OPT_OUTPUTS:
            if (!(outputs = parse_outputs(optarg))) {
                rc = EXIT_USAGE;
                goto done;
            }
            break;
        default:
            rc = cli_bad_option("grade", opt, argc, argv);
            goto done;
        }
    }
    bool study = (outputs & WRITE_STUDY) && !no_study;
    if (!key_path) {
        rc = cli_usage_error("grade", "--key KEY.yaml is required");
        goto done;
    }
    if (optind >= argc) {
        rc = cli_usage_error("grade", "name the answer files or folders to grade (or '-')");
        goto done;
    }

    /* The key decides everything: without it there is nothing to grade. */
    char *data;
    size_t len;
    if (!io_read(&in.sources, key_path, &data, &len)) {
        rc = EXIT_IO;
        goto done;
    }
    ef_status key_status = ef_key_parse(key_path, data, len, &in.diags, &key);
    free(data);
    if (key_status) {
        rc = inputs_report(&in, EXIT_INVALID);
        fputs("examforge: nothing graded: the key is not usable\n", stderr);
        goto done;
    }
    /* Notes and bank only enrich the study sheets: problems there are reported, not fatal. */
    int loaded = study ? inputs_load(&in, NEED_NOTES | NEED_BANK) : EXIT_OK;
    if (loaded == EXIT_IO) {
        rc = EXIT_IO;
        goto done;
    }
    if (in.diags.errors) {
        inputs_report(&in, EXIT_OK);
        fputs("examforge: warning: the notes or bank have errors; study sheets may miss "
              "explanations or note text\n",
              stderr);
        ef_diags_clear(&in.diags);
    }

    static const char *const exts[] = {".yaml", ".yml", ".csv"};
    for (int i = optind; i < argc; i++)
        if (!io_expand_tree(argv[i], exts, 3, &answer_paths, &n_answer_paths)) {
            ef_loc loc = {argv[i], 0, 0};
            ef_diag_add(&problems, EF_SEV_ERROR, &loc, "cannot read this answer path");
        }
    responses = ef_responses_new();
    for (size_t i = 0; i < n_answer_paths; i++) {
        const char *p = answer_paths[i];
        if (!io_read(&in.sources, p, &data, &len)) {
            ef_loc loc = {p, 0, 0};
            ef_diag_add(&problems, EF_SEV_ERROR, &loc, "cannot read this file; skipped");
            continue;
        }
        bool csv = has_suffix(p, ".csv") || (!strcmp(p, "-") && !looks_like_yaml(data, len));
        if (csv)
            ef_answers_parse_csv(responses, key, p, data, len, &problems);
        else
            ef_answers_parse_yaml(responses, key, p, data, len, &problems);
        free(data);
    }

    ef_grade_options gopt;
    ef_grade_options_from_key(&gopt, key);
    if (rule)
        ef_scoring_rule_parse(rule, &gopt.rule);
    if (penalty >= 0)
        gopt.penalty = penalty;
    if (threshold >= 0)
        gopt.threshold = threshold;
    if (min_items >= 1)
        gopt.min_items = (unsigned)min_items;
    book = ef_grade(key, responses, &gopt);

    /* stderr: every problem; the rest goes on. */
    ef_diags_sort(&problems);
    io_print_diags(&problems, &in.sources);
    if (problems.errors || problems.warnings)
        fprintf(stderr, "examforge: %zu error%s, %zu warning%s\n", problems.errors,
                problems.errors == 1 ? "" : "s", problems.warnings,
                problems.warnings == 1 ? "" : "s");
    if (!book->n_students) {
        fprintf(stderr, "examforge: nothing graded: no usable answer record\n");
        rc = EXIT_INVALID;
        goto done;
    }
    char *study_dir = io_join(out_dir, "study");
    if (!io_mkdirs(out_dir) || (study && !io_mkdirs(study_dir))) {
        free(study_dir);
        rc = EXIT_IO;
        goto done;
    }
    io_remove_stale_temps(out_dir);
    if (study)
        io_remove_stale_temps(study_dir);
    /* All outputs are written to temporary files first and renamed together at the end. */
    io_batch batch, study_batch;
    io_batch_init(&batch, out_dir);
    io_batch_init(&study_batch, study_dir);
    ef_buf buf;
    ef_buf_init(&buf);
    bool ok = true;
    if (outputs & WRITE_CSV)
        ok = stream_report(&batch, "results.csv", book, ef_report_csv);
    if (ok && (outputs & WRITE_YAML))
        ok = stream_report(&batch, "results.yaml", book, ef_report_yaml);
    char *xlsx = io_join(out_dir, "report.xlsx");
    if (ok && (outputs & WRITE_XLSX))
        ok = write_xlsx(&batch, book, &problems, xlsx);
    if (ok && study) {
        names = ef_study_file_names(book);
        for (size_t s = 0; ok && s < book->n_students; s++) {
            ef_buf_clear(&buf);
            ef_report_study_sheet(book, s, in.notes, in.bank, &buf);
            char file[96];
            snprintf(file, sizeof file, "%s.html", names[s]);
            ok = io_batch_add(&study_batch, file, buf.data, buf.len);
        }
    }
    ef_buf_release(&buf);
    ok = ok && io_batch_commit(&study_batch) && io_batch_commit(&batch);
    if (!ok) {
        io_batch_abort(&study_batch);
        io_batch_abort(&batch);
        free(xlsx);
        free(study_dir);
        rc = EXIT_IO;
        goto done;
    }
    size_t skipped = problems.errors;
    printf("graded %zu student%s", book->n_students, book->n_students == 1 ? "" : "s");
    if (skipped)
        printf(" (%zu record%s skipped)", skipped, skipped == 1 ? "" : "s");
    printf("; mean %.0f, median %.0f, pass rate %.0f%%\n", book->mean_scaled, book->median_scaled,
           book->pass_rate);
    if (book->n_class_weak_sections) {
        printf("class weak sections:");
        for (size_t i = 0; i < book->n_class_weak_sections && i < 5; i++)
            printf(" %s", book->section_ids[book->class_weak_sections[i]]);
        printf("%s\n", book->n_class_weak_sections > 5 ? " ..." : "");
    }
    if (outputs & WRITE_XLSX)
        printf("report: %s\n", xlsx);
    if (outputs & (WRITE_CSV | WRITE_YAML)) {
        fputs("gradebook: ", stdout);
        if (outputs & WRITE_CSV)
            printf("%s/results.csv%s", out_dir, outputs & WRITE_YAML ? ", " : "");
        if (outputs & WRITE_YAML)
            printf("%s/results.yaml", out_dir);
        putchar('\n');
    }
    if (study)
        printf("study sheets: %s/ (%zu)\n", study_dir, book->n_students);
    free(xlsx);
    free(study_dir);
    rc = skipped ? EXIT_SKIPPED : EXIT_OK;
done:
    if (names) {
        for (size_t s = 0; book && s < book->n_students; s++)
            free(names[s]);
        free(names);
    }
    for (size_t i = 0; i < n_answer_paths; i++)
        free(answer_paths[i]);
    free(answer_paths);
    ef_gradebook_free(book);
    ef_responses_free(responses);
    ef_key_free(key);
    ef_diags_release(&problems);
    inputs_release(&in);
    return rc;
}
