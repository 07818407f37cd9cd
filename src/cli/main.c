/*
 * main.c - the bonafide command: a table from names to subcommands.
 *
 * As in git's git.c, main only finds the subcommand and hands it argv with
 * the subcommand's name as argv[0]; every option belongs to the subcommand.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/diag.h"
#include "cli/cli.h"

static const struct command {
    const char *name;
    int (*fn)(int argc, char **argv);
    const char *summary;
} commands[] = {
    { "ingest", cmd_ingest, "read data files into the store" },
    { "stats", cmd_stats, "totals of the store, per platform" },
    { "audit", cmd_audit, "is this account the real thing? a report" },
    { "graph", cmd_graph, "follow-graph metrics: pagerank, kcore, ..." },
    { "serve", cmd_serve, "the web page and JSON API on this machine" },
    { "train", cmd_train, "train the authenticity model on labelled data" },
    { "eval", cmd_eval, "evaluate the model and the published baselines" },
    { "score", cmd_score, "probability that accounts are fake or bots" },
    { "sim", cmd_sim, "generate a simulated world with ground truth" },
    { "demo", cmd_demo, "audit three accounts of a simulated world" },
    { "fetch", cmd_fetch, "collect an account live from its platform" },
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

bf_lang bf__cli_lang(void)
{
    static const char *const vars[] = { "LC_ALL", "LC_MESSAGES", "LANG" };
    bf_lang lang;
    size_t i;

    for (i = 0; i < sizeof vars / sizeof vars[0]; i++) {
        const char *v = getenv(vars[i]);

        if (v && *v)
            return bf_lang_parse(v, &lang) == BF_OK ? lang : BF_LANG_EN;
    }
    return BF_LANG_EN;
}

void bf__cli_say(bf_lang lang, bf_msg_id id, const double *args, size_t nargs)
{
    bf_buf b;

    bf_buf_init(&b, 1 << 16);
    if (bf_msg_format(&b, lang, id, args, nargs) == BF_OK && b.data)
        puts(b.data);
    bf_buf_release(&b);
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

    /* Diagnostics are composed when recorded: their language first. */
    bf_diag_set_french(bf__cli_lang() == BF_LANG_FR);
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
