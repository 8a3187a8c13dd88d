/* examforge CLI: the command table and dispatch. */
#include "cli.h"
#include "io.h"

#include "examforge/diag.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#ifndef EF_VERSION
#define EF_VERSION "dev"
#endif

struct command {
    const char *name;
    int (*handler)(int argc, char **argv);
    const char *summary;
};

static const struct command commands[] = {
    {"check", cmd_check, "validate notes, bank and blueprint together; report coverage"},
    {"generate", cmd_generate, "build printable mock exam forms, answer sheets, solutions, key"},
    {"grade", cmd_grade, "score answer files in batch; XLSX report, gradebook, study sheets"},
    {"sections", cmd_sections, "list the headings of notes files with their section ids"},
};

static void usage(FILE *out)
{
    fputs(
        "usage: examforge COMMAND [OPTIONS] [ARGS]\n\n"
        "Build, print and grade mock certification exams from study notes and a question bank.\n\n"
        "commands:\n",
        out);
    for (size_t i = 0; i < sizeof commands / sizeof *commands; i++)
        fprintf(out, "  %-10s %s\n", commands[i].name, commands[i].summary);
    fputs("\n'examforge COMMAND --help' describes a command's options.\n"
          "exit codes: 0 ok, 1 invalid input, 2 usage error, 3 input/output error,\n"
          "4 (grade) graded, but some answer records were skipped\n",
          out);
}

int cli_usage_error(const char *cmd, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fprintf(stderr, "examforge %s: ", cmd);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fprintf(stderr, "\ntry 'examforge %s --help'\n", cmd);
    return EXIT_USAGE;
}

int cli_bad_option(const char *cmd, int opt, int argc, char **argv)
{
    const char *arg = optind - 1 < argc && optind > 0 ? argv[optind - 1] : "?";
    char short_opt[3] = {'-', (char)optopt, 0};
    if (optopt && strncmp(arg, "--", 2) != 0)
        arg = short_opt;
    if (opt == ':')
        return cli_usage_error(cmd, "option '%s' needs an argument", arg);
    return cli_usage_error(cmd, "unknown option '%s'", arg);
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        usage(stderr);
        return EXIT_USAGE;
    }
    const char *name = argv[1];
    if (!strcmp(name, "--help") || !strcmp(name, "-h") || !strcmp(name, "help")) {
        if (argc > 2 && strcmp(name, "help") == 0) {
            for (size_t i = 0; i < sizeof commands / sizeof *commands; i++)
                if (!strcmp(commands[i].name, argv[2])) {
                    char *help_argv[] = {argv[2], (char *)"--help", NULL};
                    return commands[i].handler(2, help_argv);
                }
        }
        usage(stdout);
        return EXIT_OK;
    }
    if (!strcmp(name, "--version")) {
        printf("examforge %s\n", EF_VERSION);
        return EXIT_OK;
    }
    for (size_t i = 0; i < sizeof commands / sizeof *commands; i++)
        if (!strcmp(commands[i].name, name)) {
            opterr = 0;
            optind = 1;
            return commands[i].handler(argc - 1, argv + 1);
        }
    const char *names[sizeof commands / sizeof *commands];
    for (size_t i = 0; i < sizeof commands / sizeof *commands; i++)
        names[i] = commands[i].name;
    const char *guess = ef_suggest(name, names, sizeof commands / sizeof *commands);
    if (guess)
        fprintf(stderr, "examforge: unknown command '%s'; did you mean '%s'?\n", name, guess);
    else
        fprintf(stderr, "examforge: unknown command '%s'\n", name);
    fputs("try 'examforge --help'\n", stderr);
    return EXIT_USAGE;
}
