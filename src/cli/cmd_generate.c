/* examforge generate: build weighted, shuffled, reproducible mock exams ready to print. */
#include "cli.h"
#include "inputs.h"

#include "examforge/check.h"
#include "examforge/diag.h"
#include "examforge/html.h"
#include "examforge/key.h"
#include "examforge/sampler.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char generate_help[] =
    "usage: examforge generate [OPTIONS]\n\n"
    "Build mock exam forms from the bank as the blueprint asks, and write for every form a\n"
    "printable exam, a bubble answer sheet, worked solutions and a blank answer CSV, plus\n"
    "notes.html (the solutions link into it) and key.yaml (what 'examforge grade' reads).\n\n"
    "options:\n" INPUT_HELP "  --forms K         number of forms, named A, B, C... (default 1)\n"
    "  --mode MODE       shuffle: the same questions, each form in its own order (default);\n"
    "                    parallel: disjoint question sets, each meeting the blueprint\n"
    "  --seed N          seed (0 to 2^64-1); the same inputs and seed give identical files.\n"
    "                    Without it a seed is drawn from the system and printed\n"
    "  --exclude KEY     leave out every question of an earlier key.yaml (repeatable)\n"
    "  --out DIR         output folder (default ./exam-out); files are replaced whole\n"
    "  --paper SIZE      a4 (default) or letter\n"
    "  -h, --help        show this help\n\n"
    "exit codes: 0 written, 1 invalid input or the bank cannot fill the blueprint,\n"
    "2 usage, 3 input/output error\n";

enum { OPT_FORMS = OPT_FIRST_FREE, OPT_MODE, OPT_SEED, OPT_EXCLUDE, OPT_OUT, OPT_PAPER };

static bool parse_u64(const char *s, uint64_t *out)
{
    if (!s || *s < '0' || *s > '9')
        return false;
    errno = 0;
    char *end;
    unsigned long long v = strtoull(s, &end, 10);
    if (errno || *end)
        return false;
    *out = v;
    return true;
}

static bool system_seed(uint64_t *seed)
{
    FILE *f = fopen("/dev/urandom", "rb");
    if (!f)
        return false;
    bool ok = fread(seed, sizeof *seed, 1, f) == 1;
    fclose(f);
    return ok;
}

/* Question ids of every form of earlier keys, to leave out. */
static int read_excludes(inputs *in, const char **paths, size_t n, ef_key ***keys,
                         const char ***ids, size_t *n_ids)
{
    size_t cap = 0;
    *keys = ef_xcalloc(n ? n : 1, sizeof **keys);
    for (size_t i = 0; i < n; i++) {
        char *data;
        size_t len;
        if (!io_read(&in->sources, paths[i], &data, &len))
            return EXIT_IO;
        ef_status st = ef_key_parse(paths[i], data, len, &in->diags, &(*keys)[i]);
        free(data);
        if (st)
            continue;
        const ef_key *key = (*keys)[i];
        for (size_t f = 0; f < key->n_forms; f++)
            for (size_t it = 0; it < key->forms[f].n_items; it++) {
                ef_grow(ids, &cap, *n_ids + 1, sizeof **ids);
                (*ids)[(*n_ids)++] = key->forms[f].items[it].question;
            }
    }
    return in->diags.errors ? EXIT_INVALID : EXIT_OK;
}

int cmd_generate(int argc, char **argv)
{
    static const struct option long_options[] = {
        INPUT_LONG_OPTIONS,
        {"forms", required_argument, NULL, OPT_FORMS},
        {"mode", required_argument, NULL, OPT_MODE},
        {"seed", required_argument, NULL, OPT_SEED},
        {"exclude", required_argument, NULL, OPT_EXCLUDE},
        {"out", required_argument, NULL, OPT_OUT},
        {"paper", required_argument, NULL, OPT_PAPER},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    inputs in;
    inputs_init(&in);
    ef_sampler_options opt = {.forms = 1, .mode = EF_MODE_SHUFFLE};
    bool have_seed = false;
    const char *out_dir = "exam-out";
    ef_paper paper = EF_PAPER_A4;
    const char **exclude_paths = NULL;
    size_t n_exclude_paths = 0, exclude_cap = 0;
    int opt_id, rc = EXIT_OK;
    while ((opt_id = getopt_long(argc, argv, ":h", long_options, NULL)) != -1) {
        if (inputs_option(&in, opt_id, optarg))
            continue;
        uint64_t n;
        switch (opt_id) {
        case 'h':
            fputs(generate_help, stdout);
            goto done;
        case OPT_FORMS:
            if (!parse_u64(optarg, &n) || n < 1 || n > 10000) {
                rc = cli_usage_error("generate", "--forms takes a number from 1 to 10000, not '%s'",
                                     optarg);
                goto done;
            }
            opt.forms = (size_t)n;
            break;
        case OPT_MODE:
            if (!ef_mode_parse(optarg, &opt.mode)) {
                static const char *const modes[] = {"shuffle", "parallel"};
                const char *guess = ef_suggest(optarg, modes, 2);
                rc = cli_usage_error(
                    "generate", "--mode must be 'shuffle' or 'parallel', not '%s'%s%s%s", optarg,
                    guess ? "; did you mean '" : "", guess ? guess : "", guess ? "'?" : "");
                goto done;
            }
            break;
        case OPT_SEED:
            if (!parse_u64(optarg, &opt.seed)) {
                rc = cli_usage_error("generate",
                                     "--seed takes a whole number from 0 to "
                                     "18446744073709551615, not '%s'",
                                     optarg);
                goto done;
            }
            have_seed = true;
            break;
        case OPT_EXCLUDE:
            ef_grow(&exclude_paths, &exclude_cap, n_exclude_paths + 1, sizeof *exclude_paths);
            exclude_paths[n_exclude_paths++] = optarg;
            break;
        case OPT_OUT:
            out_dir = optarg;
            break;
        case OPT_PAPER:
            if (!strcmp(optarg, "a4"))
                paper = EF_PAPER_A4;
            else if (!strcmp(optarg, "letter"))
                paper = EF_PAPER_LETTER;
            else {
                rc = cli_usage_error("generate", "--paper must be 'a4' or 'letter', not '%s'",
                                     optarg);
                goto done;
            }
            break;
        default:
            rc = cli_bad_option("generate", opt_id, argc, argv);
            goto done;
        }
    }
    if (optind < argc) {
        rc = cli_usage_error("generate", "unexpected argument '%s'", argv[optind]);
        goto done;
    }

    ef_key **keys = NULL;
    const char **exclude_ids = NULL;
    size_t n_exclude_ids = 0;
    ef_exam *exam = NULL;
    const char *why_not = NULL;

    rc = inputs_load(&in, NEED_BLUEPRINT | NEED_NOTES | NEED_BANK);
    if (rc != EXIT_IO && in.bank && in.notes)
        ef_check_references(in.bank, in.notes, in.blueprint, &in.diags);
    if (rc == EXIT_OK && in.diags.errors)
        rc = EXIT_INVALID;
    if (rc == EXIT_OK)
        rc =
            read_excludes(&in, exclude_paths, n_exclude_paths, &keys, &exclude_ids, &n_exclude_ids);
    if (rc != EXIT_OK) {
        if (rc == EXIT_INVALID)
            why_not = "fix the errors above first";
        goto report;
    }
    if (!have_seed && !system_seed(&opt.seed)) {
        fprintf(stderr, "examforge: cannot read /dev/urandom for a seed; pass --seed N\n");
        rc = EXIT_IO;
        goto report;
    }
    opt.exclude_ids = exclude_ids;
    opt.n_exclude_ids = n_exclude_ids;
    if (ef_exam_generate(in.bank, in.blueprint, &opt, &in.diags, &exam)) {
        why_not = "the bank cannot fill the blueprint";
        rc = EXIT_INVALID;
        goto report;
    }

    /* Each file is rendered, written to a temporary file and forgotten; the batch renames
     * them all into place at the end, or removes them all if anything failed. */
    if (!io_mkdirs(out_dir)) {
        rc = EXIT_IO;
        goto report;
    }
    io_remove_stale_temps(out_dir);
    io_batch batch;
    io_batch_init(&batch, out_dir);
    ef_buf buf;
    ef_buf_init(&buf);
    ef_html_cache *cache = ef_html_cache_new();
    bool ok = true;
    for (size_t f = 0; ok && f < exam->n_forms; f++) {
        const char *name = exam->forms[f].name;
        char file[64];
        ef_buf_clear(&buf);
        ef_html_exam(&buf, exam, f, in.bank, in.blueprint, paper, cache);
        snprintf(file, sizeof file, "exam-%s.html", name);
        ok = io_batch_add(&batch, file, buf.data, buf.len);
        ef_buf_clear(&buf);
        ef_html_answer_sheet(&buf, exam, f, in.bank, in.blueprint, paper);
        snprintf(file, sizeof file, "answer-sheet-%s.html", name);
        ok = ok && io_batch_add(&batch, file, buf.data, buf.len);
        ef_buf_clear(&buf);
        ef_html_solutions(&buf, exam, f, in.bank, in.blueprint, in.notes, "notes.html", paper,
                          cache);
        snprintf(file, sizeof file, "solutions-%s.html", name);
        ok = ok && io_batch_add(&batch, file, buf.data, buf.len);
        ef_buf_clear(&buf);
        ef_buf_puts(&buf, "student,name,form");
        for (size_t i = 0; i < exam->forms[f].n_items; i++)
            ef_buf_printf(&buf, ",%zu", i + 1);
        ef_buf_puts(&buf, "\r\n");
        snprintf(file, sizeof file, "answers-%s.csv", name);
        ok = ok && io_batch_add(&batch, file, buf.data, buf.len);
    }
    if (ok) {
        ef_buf_clear(&buf);
        ef_html_notes(&buf, in.notes, "Study notes");
        ok = io_batch_add(&batch, "notes.html", buf.data, buf.len);
    }
    if (ok) {
        ef_buf_clear(&buf);
        ef_key_write(exam, in.bank, in.blueprint, "examforge " EF_VERSION, &buf);
        ok = io_batch_add(&batch, "key.yaml", buf.data, buf.len) && io_batch_commit(&batch);
    }
    ef_buf_release(&buf);
    ef_html_cache_free(cache);
    if (!ok) { /* the batch removed its temporary files already */
        rc = EXIT_IO;
        goto report;
    }
    printf("generated %zu form%s (%s mode) of %zu questions, seed %" PRIu64 "\n", exam->n_forms,
           exam->n_forms == 1 ? "" : "s", ef_mode_name(exam->mode), exam->forms[0].n_items,
           exam->seed);
    printf("per domain:");
    for (size_t d = 0; d < in.blueprint->n_domains; d++)
        printf(" %s=%u", in.blueprint->domains[d].id, exam->per_domain[d]);
    printf("\nwritten to %s/: exam-*.html, answer-sheet-*.html, solutions-*.html, answers-*.csv, "
           "notes.html, key.yaml\n",
           out_dir);

report:
    rc = inputs_report(&in, rc);
    if (why_not)
        fprintf(stderr, "examforge: nothing generated: %s\n", why_not);
    ef_exam_free(exam);
    for (size_t i = 0; keys && i < n_exclude_paths; i++)
        ef_key_free(keys[i]);
    free(keys);
    free(exclude_ids);
done:
    free(exclude_paths);
    inputs_release(&in);
    return rc;
}
