/* examforge CLI: resolve the data folder and load notes, bank and blueprint. */
#include "inputs.h"

#include <stdlib.h>
#include <string.h>

#ifndef EF_SOURCE_DATA_DIR
#define EF_SOURCE_DATA_DIR ""
#endif
#ifndef EF_INSTALL_DATA_DIR
#define EF_INSTALL_DATA_DIR "/usr/local/share/examforge"
#endif

static const char *const notes_exts[] = {".md", ".markdown"};
static const char *const yaml_exts[] = {".yaml", ".yml"};

void inputs_init(inputs *in)
{
    memset(in, 0, sizeof *in);
    ef_diags_init(&in->diags);
}

void inputs_release(inputs *in)
{
    free(in->notes_args);
    free(in->bank_args);
    free(in->blueprint_args);
    free(in->data_dir);
    ef_notes_free(in->notes);
    ef_bank_free(in->bank);
    ef_blueprint_free(in->blueprint);
    io_sources_release(&in->sources);
    ef_diags_release(&in->diags);
}

static void push(const char ***list, size_t *n, size_t *cap, const char *arg)
{
    ef_grow(list, cap, *n + 1, sizeof **list);
    (*list)[(*n)++] = arg;
}

bool inputs_option(inputs *in, int opt, const char *arg)
{
    switch (opt) {
    case OPT_DATA:
        in->data_opt = arg;
        return true;
    case OPT_NOTES:
        push(&in->notes_args, &in->n_notes_args, &in->notes_cap, arg);
        return true;
    case OPT_BANK:
        push(&in->bank_args, &in->n_bank_args, &in->bank_cap, arg);
        return true;
    case OPT_BLUEPRINT:
        push(&in->blueprint_args, &in->n_blueprint_args, &in->blueprint_cap, arg);
        return true;
    default:
        return false;
    }
}

static bool looks_like_data(const char *dir)
{
    char *q = io_join(dir, "questions");
    bool ok = io_is_dir(q);
    free(q);
    return ok;
}

/* --data, then $EXAMFORGE_DATA, then the source tree we were built from, then the prefix. */
static int resolve_data_dir(inputs *in)
{
    if (in->data_dir)
        return EXIT_OK;
    const char *env = getenv("EXAMFORGE_DATA");
    const char *chosen = NULL;
    if (in->data_opt)
        chosen = in->data_opt;
    else if (env && *env)
        chosen = env;
    if (chosen) {
        if (!io_is_dir(chosen)) {
            fprintf(stderr, "examforge: data folder '%s' (from %s) is not a directory\n", chosen,
                    in->data_opt ? "--data" : "EXAMFORGE_DATA");
            return EXIT_IO;
        }
        in->data_dir = ef_xstrdup(chosen);
        return EXIT_OK;
    }
    if (*EF_SOURCE_DATA_DIR && looks_like_data(EF_SOURCE_DATA_DIR))
        in->data_dir = ef_xstrdup(EF_SOURCE_DATA_DIR);
    else if (looks_like_data(EF_INSTALL_DATA_DIR))
        in->data_dir = ef_xstrdup(EF_INSTALL_DATA_DIR);
    else {
        if (*EF_SOURCE_DATA_DIR)
            fprintf(stderr,
                    "examforge: cannot find the shipped data (looked in '%s' and '%s'); "
                    "pass --data DIR or set EXAMFORGE_DATA\n",
                    EF_SOURCE_DATA_DIR, EF_INSTALL_DATA_DIR);
        else
            fprintf(stderr,
                    "examforge: cannot find the shipped data (looked in '%s'); "
                    "pass --data DIR or set EXAMFORGE_DATA\n",
                    EF_INSTALL_DATA_DIR);
        return EXIT_IO;
    }
    return EXIT_OK;
}

static void free_list(char **paths, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(paths[i]);
    free(paths);
}

/* Expand user arguments (or the default folder) into file paths. */
static int expand(inputs *in, const char **args, size_t n_args, const char *default_sub,
                  const char *const *exts, size_t n_exts, char ***paths, size_t *count)
{
    *paths = NULL;
    *count = 0;
    if (!n_args) {
        int rc = resolve_data_dir(in);
        if (rc)
            return rc;
        char *dir = io_join(in->data_dir, default_sub);
        bool ok = io_expand(dir, exts, n_exts, paths, count);
        free(dir);
        return ok ? EXIT_OK : EXIT_IO;
    }
    for (size_t i = 0; i < n_args; i++)
        if (!io_expand(args[i], exts, n_exts, paths, count))
            return EXIT_IO;
    return EXIT_OK;
}

/* Read every file and hand its bytes to `parse` (which copies what it keeps). */
static int read_each(inputs *in, char **paths, size_t n, void *target,
                     ef_status (*parse)(void *, const char *, const char *, size_t, ef_diags *))
{
    for (size_t i = 0; i < n; i++) {
        char *data;
        size_t len;
        if (!io_read(&in->sources, paths[i], &data, &len))
            return EXIT_IO;
        parse(target, paths[i], data, len, &in->diags);
        free(data);
    }
    return EXIT_OK;
}

static ef_status parse_notes(void *notes, const char *name, const char *buf, size_t len,
                             ef_diags *diags)
{
    return ef_notes_parse(notes, name, buf, len, diags);
}

static ef_status parse_bank(void *bank, const char *name, const char *buf, size_t len,
                            ef_diags *diags)
{
    return ef_bank_parse(bank, name, buf, len, diags);
}

static int load_notes(inputs *in)
{
    char **paths;
    size_t n;
    int rc = expand(in, in->notes_args, in->n_notes_args, "notes", notes_exts, 2, &paths, &n);
    in->notes = ef_notes_new();
    if (!rc)
        rc = read_each(in, paths, n, in->notes, parse_notes);
    if (!rc && !n) {
        ef_diag_add(&in->diags, EF_SEV_ERROR, NULL, "no notes files found");
        ef_diag_hint(&in->diags, "notes are *.md files; pass --notes FILE or a folder");
    }
    in->n_notes_files = n;
    free_list(paths, n);
    return rc;
}

static int load_bank(inputs *in)
{
    char **paths;
    size_t n;
    int rc = expand(in, in->bank_args, in->n_bank_args, "questions", yaml_exts, 2, &paths, &n);
    in->bank = ef_bank_new();
    if (!rc)
        rc = read_each(in, paths, n, in->bank, parse_bank);
    if (!rc && !n) {
        ef_diag_add(&in->diags, EF_SEV_ERROR, NULL, "no question files found");
        ef_diag_hint(&in->diags, "question files are *.yaml; pass --bank FILE or a folder");
    }
    in->n_bank_files = n;
    free_list(paths, n);
    return rc;
}

static int load_blueprint(inputs *in)
{
    char **paths = NULL;
    size_t n = 0;
    int rc;
    if (in->n_blueprint_args) {
        rc = expand(in, in->blueprint_args, in->n_blueprint_args, NULL, yaml_exts, 2, &paths, &n);
    } else {
        rc = resolve_data_dir(in);
        if (!rc) {
            char *dir = io_join(in->data_dir, "templates");
            char *def = io_join(dir, "saa-c03.yaml");
            if (io_exists(def)) {
                paths = ef_xcalloc(1, sizeof *paths);
                paths[0] = def;
                n = 1;
            } else {
                free(def);
                rc = io_expand(dir, yaml_exts, 2, &paths, &n) ? EXIT_OK : EXIT_IO;
            }
            free(dir);
        }
    }
    if (!rc && n != 1) {
        ef_diag_add(&in->diags, EF_SEV_ERROR, NULL, "%s blueprint files found, need exactly one",
                    n ? "several" : "no");
        ef_diag_hint(&in->diags, "name one with --blueprint FILE");
    }
    if (!rc && n == 1) {
        char *data;
        size_t len;
        if (!io_read(&in->sources, paths[0], &data, &len))
            rc = EXIT_IO;
        else {
            ef_blueprint_parse(paths[0], data, len, &in->diags, &in->blueprint);
            free(data);
        }
    }
    free_list(paths, n);
    return rc;
}

int inputs_load(inputs *in, unsigned need)
{
    int rc = EXIT_OK;
    if ((need & NEED_BLUEPRINT) && (rc = load_blueprint(in)))
        return rc;
    if ((need & NEED_NOTES) && (rc = load_notes(in)))
        return rc;
    if ((need & NEED_BANK) && (rc = load_bank(in)))
        return rc;
    return in->diags.errors ? EXIT_INVALID : EXIT_OK;
}

int inputs_report(inputs *in, int status)
{
    ef_diags_sort(&in->diags);
    io_print_diags(&in->diags, &in->sources);
    if (in->diags.errors || in->diags.warnings)
        fprintf(stderr, "examforge: %zu error%s, %zu warning%s\n", in->diags.errors,
                in->diags.errors == 1 ? "" : "s", in->diags.warnings,
                in->diags.warnings == 1 ? "" : "s");
    if (status == EXIT_OK && in->diags.errors)
        status = EXIT_INVALID;
    return status;
}
