/* examforge check: validate notes, bank and blueprint together and report coverage. */
#include "cli.h"
#include "inputs.h"

#include "examforge/check.h"

#include <stdio.h>
#include <string.h>

static const char check_help[] =
    "usage: examforge check [OPTIONS]\n\n"
    "Validate the notes, the question bank and the blueprint together. Every problem is\n"
    "reported as 'path:line:col: error: message'; then a summary: questions by domain, task,\n"
    "type and difficulty, answer-letter balance, sections covered, and how many disjoint\n"
    "full forms the bank supports.\n\n"
    "options:\n" INPUT_HELP
    "  --format FMT      summary as 'text' (default) or 'yaml' (for scripts)\n"
    "  -q, --quiet       no summary, only problems\n"
    "  -h, --help        show this help\n\n"
    "exit codes: 0 valid (warnings allowed), 1 invalid input, 2 usage, 3 input/output error\n";

int cmd_check(int argc, char **argv)
{
    static const struct option long_options[] = {
        INPUT_LONG_OPTIONS,
        {"format", required_argument, NULL, OPT_FORMAT},
        {"quiet", no_argument, NULL, 'q'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    inputs in;
    inputs_init(&in);
    bool yaml = false, quiet = false;
    int opt, rc;
    while ((opt = getopt_long(argc, argv, ":hq", long_options, NULL)) != -1) {
        if (inputs_option(&in, opt, optarg))
            continue;
        switch (opt) {
        case 'h':
            fputs(check_help, stdout);
            inputs_release(&in);
            return EXIT_OK;
        case 'q':
            quiet = true;
            break;
        case OPT_FORMAT:
            if (!strcmp(optarg, "yaml"))
                yaml = true;
            else if (strcmp(optarg, "text") != 0) {
                inputs_release(&in);
                return cli_usage_error("check", "--format must be 'text' or 'yaml', not '%s'",
                                       optarg);
            }
            break;
        default:
            inputs_release(&in);
            return cli_bad_option("check", opt, argc, argv);
        }
    }
    if (optind < argc) {
        rc = cli_usage_error("check", "unexpected argument '%s'", argv[optind]);
        inputs_release(&in);
        return rc;
    }
    rc = inputs_load(&in, NEED_BLUEPRINT | NEED_NOTES | NEED_BANK);
    if (rc != EXIT_IO && in.bank && in.notes)
        ef_check_references(in.bank, in.notes, in.blueprint, &in.diags);
    rc = inputs_report(&in, rc);
    if (rc != EXIT_IO && !quiet && in.blueprint) {
        ef_summary sum;
        ef_summary_init(&sum, in.bank, in.notes, in.blueprint);
        ef_buf out;
        ef_buf_init(&out);
        if (yaml)
            ef_summary_yaml(&sum, in.notes, in.blueprint, &out);
        else {
            ef_buf_printf(&out, "checked %zu notes file%s (%zu sections), %zu question file%s\n",
                          in.n_notes_files, in.n_notes_files == 1 ? "" : "s",
                          ef_notes_count(in.notes), in.n_bank_files,
                          in.n_bank_files == 1 ? "" : "s");
            ef_summary_text(&sum, in.notes, in.blueprint, &out);
        }
        fwrite(out.data, 1, out.len, stdout);
        ef_buf_release(&out);
        ef_summary_release(&sum);
    }
    inputs_release(&in);
    return rc;
}
