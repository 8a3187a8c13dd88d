/* examforge sections: list every heading of notes files with its GitHub section id. */
#include "cli.h"
#include "inputs.h"

#include <stdio.h>
#include <string.h>

static const char sections_help[] =
    "usage: examforge sections [OPTIONS] [FILE|DIR]...\n\n"
    "Print one line per heading of the notes: PATH:LINE<TAB>LEVEL<TAB>ID<TAB>TITLE.\n"
    "ID is the anchor GitHub gives the heading (its slug, with -1, -2... for repeats in a\n"
    "file). Folders are searched for *.md files. Without arguments: the shipped notes.\n\n"
    "options:\n"
    "  --data DIR   shipped data folder (used when no FILE is given)\n"
    "  -h, --help   show this help\n";

int cmd_sections(int argc, char **argv)
{
    static const struct option long_options[] = {
        {"data", required_argument, NULL, OPT_DATA},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    inputs in;
    inputs_init(&in);
    int opt;
    while ((opt = getopt_long(argc, argv, ":h", long_options, NULL)) != -1) {
        if (inputs_option(&in, opt, optarg))
            continue;
        if (opt == 'h') {
            fputs(sections_help, stdout);
            inputs_release(&in);
            return EXIT_OK;
        }
        inputs_release(&in);
        return cli_bad_option("sections", opt, argc, argv);
    }
    for (int i = optind; i < argc; i++)
        inputs_option(&in, OPT_NOTES, argv[i]);
    int rc = inputs_load(&in, NEED_NOTES);
    if (rc != EXIT_IO) {
        for (size_t i = 0; i < ef_notes_count(in.notes); i++) {
            const ef_section *s = ef_notes_section(in.notes, i);
            printf("%s:%u\t%u\t%s\t%s\n", s->loc.path, s->loc.line, s->level, s->id, s->title);
        }
    }
    rc = inputs_report(&in, rc);
    inputs_release(&in);
    return rc;
}
