/* examforge CLI: the command table's handlers and shared option handling. */
#ifndef EXAMFORGE_CLI_H
#define EXAMFORGE_CLI_H

#include <getopt.h>
#include <stdbool.h>

/** Each handler gets argv with argv[0] = the command name, returns an exit code. */
int cmd_check(int argc, char **argv);
int cmd_sections(int argc, char **argv);
int cmd_generate(int argc, char **argv);
int cmd_grade(int argc, char **argv);

/** Report an option getopt_long rejected ("examforge CMD: unknown option '--x'") and a pointer
 *  to --help; returns EXIT_USAGE. */
int cli_bad_option(const char *cmd, int opt, int argc, char **argv);
/** Print a usage error with a pointer to --help; returns EXIT_USAGE. */
#if defined(__GNUC__)
__attribute__((format(printf, 2, 3)))
#endif
int cli_usage_error(const char *cmd, const char *fmt, ...);

#endif
