/* examforge CLI: the options every data-reading command shares (--data, --notes, --bank,
 * --blueprint), finding the shipped data, and loading notes, bank and blueprint. */
#ifndef EXAMFORGE_CLI_INPUTS_H
#define EXAMFORGE_CLI_INPUTS_H

#include "io.h"

#include "examforge/bank.h"
#include "examforge/blueprint.h"
#include "examforge/notes.h"

enum { NEED_NOTES = 1, NEED_BANK = 2, NEED_BLUEPRINT = 4 };

typedef struct inputs {
    const char *data_opt; /* --data */
    const char **notes_args, **bank_args, **blueprint_args;
    size_t n_notes_args, n_bank_args, n_blueprint_args;
    size_t notes_cap, bank_cap, blueprint_cap;
    char *data_dir; /* resolved, or NULL */
    ef_notes *notes;
    ef_bank *bank;
    ef_blueprint *blueprint;
    size_t n_notes_files, n_bank_files;
    io_sources sources;
    ef_diags diags;
} inputs;

/* getopt_long ids for the shared options; commands add them to their option tables. */
enum { OPT_DATA = 0x100, OPT_NOTES, OPT_BANK, OPT_BLUEPRINT, OPT_FORMAT, OPT_FIRST_FREE };

#define INPUT_LONG_OPTIONS                                                                         \
    {"data", required_argument, NULL, OPT_DATA}, {"notes", required_argument, NULL, OPT_NOTES},    \
        {"bank", required_argument, NULL, OPT_BANK},                                               \
    {                                                                                              \
        "blueprint", required_argument, NULL, OPT_BLUEPRINT                                        \
    }

#define INPUT_HELP                                                                                 \
    "  --data DIR        shipped data folder (notes/, questions/, templates/); default:\n"         \
    "                    $EXAMFORGE_DATA, the source tree, then the install prefix\n"              \
    "  --notes PATH      notes file or folder of *.md (repeatable; default DATA/notes)\n"          \
    "  --bank PATH       question file or folder of *.yaml (repeatable; default DATA/questions)\n" \
    "  --blueprint FILE  exam blueprint (default: DATA/templates/saa-c03.yaml)\n"

void inputs_init(inputs *in);
void inputs_release(inputs *in);
/** Handle one shared option; false if `opt` is not one of them. */
bool inputs_option(inputs *in, int opt, const char *arg);
/** Load what `need` asks for (defaults from the data folder), reporting problems into
 *  in->diags. Returns an exit code: EXIT_OK, EXIT_INVALID (errors in diags) or EXIT_IO. */
int inputs_load(inputs *in, unsigned need);
/** Print the diagnostics and a one-line summary; returns the exit code for `status`. */
int inputs_report(inputs *in, int status);

#endif
