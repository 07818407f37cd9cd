/*
 * main.c - the bonafide command: a table from names to subcommands.
 *
 * As in git's git.c, main only finds the subcommand and hands it argv with
 * the subcommand's name as argv[0]; every option belongs to the subcommand.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"

static const struct command {
    const char *name;
    int (*fn)(int argc, char **argv);
    const char *summary;
} commands[] = {
    { "ingest", cmd_ingest, "read data files into the store" },
    { "stats", cmd_stats, "totals of the store, per platform" },
    { "audit", cmd_audit, "is this account the real thing? a report" },
    { "sim", cmd_sim, "generate a simulated world with ground truth" },
    { "demo", cmd_demo, "audit three accounts of a simulated world" },
};

static void usage(FILE *out)
{
    size_t i;

    fprintf(out, "usage: bonafide <command> [options] [args]\n\n"
                 "Is this social media account the real thing?\n\n"
                 "commands:\n");
    for (i = 0; i < sizeof commands / sizeof commands[0]; i++)
        fprintf(out, "  %-8s %s\n", commands[i].name, commands[i].summary);
    fprintf(out, "\n'bonafide <command> --help' describes a command; "
                 "'man ./docs/bonafide.1' all of them.\n");
}

const char *bf__cli_store_dir(void)
{
    const char *env = getenv("BONAFIDE_STORE");

    return env && *env ? env : "bonafide-data";
}

int bf__cli_usage(const char *text)
{
    fputs(text, stderr);
    return BF_EXIT_USAGE;
}

int bf__cli_fail(const char *what, bf_err err)
{
    fprintf(stderr, "bonafide: %s: %s\n", what, bf_strerror(err));
    return BF_EXIT_FAIL;
}

int main(int argc, char **argv)
{
    size_t i;

    if (argc < 2) {
        usage(stderr);
        return BF_EXIT_USAGE;
    }
    if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 ||
            strcmp(argv[1], "help") == 0) {
        usage(stdout);
        return BF_EXIT_OK;
    }
    if (strcmp(argv[1], "--version") == 0) {
        printf("bonafide %s\n", BF_VERSION);
        return BF_EXIT_OK;
    }
    for (i = 0; i < sizeof commands / sizeof commands[0]; i++)
        if (strcmp(argv[1], commands[i].name) == 0)
            return commands[i].fn(argc - 1, argv + 1);
    fprintf(stderr, "bonafide: '%s' is not a command\n\n", argv[1]);
    usage(stderr);
    return BF_EXIT_USAGE;
}
