/* options.c — parsing a subcommand's words and printing its --help, both
 * from its table (options.h). */
#include "tools/options.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "tools/tool.h"

static const wsim_option help_option = {"-h, --help", NULL, "print this text and exit"};

static size_t option_count(const wsim_command *command)
{
    size_t n = 0;
    while (command->options && command->options[n].name)
        n++;
    if (n > WSIM_MAX_OPTIONS) {
        fprintf(stderr, "wsim %s: more than %d options in its table\n", command->name,
                WSIM_MAX_OPTIONS);
        abort();
    }
    return n;
}

/* The index of the option `word` names (the part before any '='), or -1. */
static int find_option(const wsim_command *command, const char *word, size_t len)
{
    for (size_t i = 0; command->options && command->options[i].name; i++) {
        const char *name = command->options[i].name;
        if (strlen(name) == len && strncmp(name, word, len) == 0)
            return (int)i;
    }
    return -1;
}

int wsim_usage_error(const wsim_command *command, const char *format, ...)
{
    fprintf(stderr, "wsim %s: ", command->name);
    va_list ap;
    va_start(ap, format);
    vfprintf(stderr, format, ap);
    va_end(ap);
    fprintf(stderr, "\nusage: wsim %s %s\n(see wsim %s --help)\n", command->name,
            command->synopsis, command->name);
    return WSIM_EXIT_USAGE;
}

void wsim_args_free(wsim_args *args)
{
    free(args->operands);
    free(args->passed);
    args->operands = args->passed = NULL;
}

int wsim_command_parse(const wsim_command *command, int argc, char **argv, wsim_args *args)
{
    memset(args, 0, sizeof *args);
    args->command = command;
    option_count(command);
    args->operands = calloc((size_t)argc + 1, sizeof *args->operands);
    args->passed = calloc((size_t)argc + 1, sizeof *args->passed);
    if (!args->operands || !args->passed) {
        fprintf(stderr, "wsim %s: out of memory\n", command->name);
        wsim_args_free(args);
        return -1;
    }
    int help = 0, options_ended = 0;
    for (int i = 0; i < argc; i++) {
        char *word = argv[i];
        if (options_ended || word[0] != '-' || word[1] == '\0') {
            args->operands[args->operand_count++] = word;
            continue;
        }
        if (strcmp(word, "--") == 0) {
            options_ended = 1;
            continue;
        }
        if (strcmp(word, "--help") == 0 || strcmp(word, "-h") == 0) {
            help = 1;
            continue;
        }
        const char *equals = word[1] == '-' ? strchr(word, '=') : NULL;
        size_t name_len = equals ? (size_t)(equals - word) : strlen(word);
        int index = find_option(command, word, name_len);
        if (index < 0) {
            if (command->pass_through && word[1] != '-') {
                args->passed[args->passed_count++] = word;
                continue;
            }
            wsim_usage_error(command, "unknown option %.*s", (int)name_len, word);
            wsim_args_free(args);
            return -1;
        }
        const wsim_option *option = &command->options[index];
        if (!option->value) {
            if (equals) {
                wsim_usage_error(command, "%s takes no value", option->name);
                wsim_args_free(args);
                return -1;
            }
            args->values[index] = "";
        } else if (equals) {
            args->values[index] = equals + 1;
        } else if (i + 1 < argc) {
            args->values[index] = argv[++i];
        } else {
            wsim_usage_error(command, "%s needs a value (%s)", option->name, option->value);
            wsim_args_free(args);
            return -1;
        }
    }
    if (help) {
        wsim_command_help(command, stdout);
        wsim_args_free(args);
        return 1;
    }
    const char *problem = NULL;
    if (args->operand_count < command->min_operands)
        problem = "too few arguments";
    else if (command->max_operands >= 0 && args->operand_count > command->max_operands)
        problem = "too many arguments";
    if (problem) {
        wsim_usage_error(command, "%s (got %d)", problem, args->operand_count);
        wsim_args_free(args);
        return -1;
    }
    return 0;
}

const char *wsim_arg(const wsim_args *args, const char *name)
{
    int index = find_option(args->command, name, strlen(name));
    if (index < 0) {
        fprintf(stderr, "wsim %s: option %s is read but not in its table\n",
                args->command->name, name);
        abort();
    }
    return args->values[index];
}

/* text, each of its lines indented by 8. */
static void print_indented(const char *text, FILE *out)
{
    const char *line = text;
    while (line && *line) {
        const char *end = strchr(line, '\n');
        size_t len = end ? (size_t)(end - line) : strlen(line);
        fprintf(out, "        %.*s\n", (int)len, line);
        line = end ? end + 1 : line + len;
    }
}

/* "  --seed N" then its help. */
static void print_option(const wsim_option *option, FILE *out)
{
    fprintf(out, "  %s%s%s\n", option->name, option->value ? " " : "",
            option->value ? option->value : "");
    print_indented(option->help, out);
}

void wsim_command_summary(const wsim_command *command, FILE *out)
{
    fprintf(out, "  %s %s\n", command->name, command->synopsis);
    print_indented(command->summary, out);
}

void wsim_command_help(const wsim_command *command, FILE *out)
{
    fprintf(out, "usage: wsim %s %s\n\n%s\n\noptions:\n", command->name, command->synopsis,
            command->description);
    for (size_t i = 0; command->options && command->options[i].name; i++)
        print_option(&command->options[i], out);
    print_option(&help_option, out);
}

int wsim_command_main(const wsim_command *command, int argc, char **argv)
{
    wsim_args args;
    int rc = wsim_command_parse(command, argc, argv, &args);
    if (rc != 0)
        return rc > 0 ? WSIM_EXIT_OK : WSIM_EXIT_USAGE;
    rc = command->run(&args);
    wsim_args_free(&args);
    return rc;
}
