/* options.h — one table per subcommand, from which both its option parsing
 * and its --help text come.
 *
 * A subcommand is a wsim_command: its name ("run", "trace summary"), what
 * follows the name in its usage line, a description, and its options (a
 * table ending with an all-NULL row).  wsim_command_parse() accepts exactly
 * the options in the table, plus -h/--help; wsim_command_help() prints
 * exactly those.  So adding an option is one row in the table and one
 * wsim_arg() where the command reads it; it cannot be accepted but missing
 * from --help, or listed but refused (tests/cli/help_matches_options.sh
 * checks this against the real binary).
 *
 * Manners every subcommand gets from here: options and operands in any
 * order; `--name VALUE` or `--name=VALUE`; `--` ends the options; an
 * unknown option, an option without its value, or too few or too many
 * operands is a usage error (a message naming what was wrong, the usage
 * line, exit 2); --help anywhere prints the help on stdout, exit 0 (after
 * the options were checked, so `wsim run --seed 1 --help` tells whether
 * --seed is known).
 */
#ifndef WSIM_TOOLS_OPTIONS_H
#define WSIM_TOOLS_OPTIONS_H

#include <stdio.h>

/* The most options one subcommand may have (its table is checked). */
#define WSIM_MAX_OPTIONS 24

typedef struct wsim_option {
    const char *name;     /* "--seed", or a single-dash "-o" */
    const char *value;    /* the value's placeholder in --help ("N"); NULL: a flag */
    const char *help;     /* what it does; may hold several lines */
} wsim_option;

struct wsim_args;

typedef struct wsim_command {
    const char *name;        /* "run"; "trace summary" for a command with a verb */
    const char *synopsis;    /* the usage line after the name: "SCENARIO.json [options]" */
    const char *summary;     /* one or two lines for the `wsim --help` listing */
    const char *description; /* the paragraphs of its --help */
    int min_operands;
    int max_operands;        /* -1: no limit */
    /* Nonzero: single-dash options not in the table are kept, in order, in
     * args->passed (`wsim cc` hands them to the compiler); double-dash ones
     * are still refused. */
    int pass_through;
    const wsim_option *options;    /* ends with a row whose name is NULL */
    int (*run)(const struct wsim_args *args);
} wsim_command;

typedef struct wsim_args {
    const wsim_command *command;
    /* By option index: its value ("" for a flag), or NULL when not given.
     * An option given twice keeps its last value. */
    const char *values[WSIM_MAX_OPTIONS];
    char **operands;
    int operand_count;
    char **passed;           /* pass_through options */
    int passed_count;
} wsim_args;

/* Parses argv (the words after the command's name) into args, which owns
 * two arrays afterwards (wsim_args_free).  Returns 0 to run the command;
 * 1 when --help was printed (exit 0); -1 after a usage error was printed
 * on stderr (exit 2). */
int wsim_command_parse(const wsim_command *command, int argc, char **argv, wsim_args *args);
void wsim_args_free(wsim_args *args);

/* The value of the option named `name` (which must be in the command's
 * table: a name that is not aborts, as a bug), or NULL when not given. */
const char *wsim_arg(const wsim_args *args, const char *name);

/* Prints "wsim NAME: <message>", the usage line and a pointer to --help on
 * stderr, and returns the usage exit status (2). */
int wsim_usage_error(const wsim_command *command, const char *format, ...)
    __attribute__((format(printf, 2, 3)));

/* The full --help text of a command. */
void wsim_command_help(const wsim_command *command, FILE *out);
/* Its entry in the `wsim --help` listing: the usage line and the summary. */
void wsim_command_summary(const wsim_command *command, FILE *out);

/* Parses argv and runs the command: the exit status. */
int wsim_command_main(const wsim_command *command, int argc, char **argv);

#endif
