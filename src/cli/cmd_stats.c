/*
 * cmd_stats.c - bonafide stats: what the store holds.
 */
static const char usage_en[] =
        "usage: bonafide stats [--store DIR] [--json]\n"
        "\n"
        "Prints the number of accounts, posts and distinct follows in the\n"
        "store, per platform and in total.\n";

static const char usage_fr[] =
        "usage : bonafide stats [--store DIR] [--json]\n"
        "\n"
        "Affiche le nombre de comptes, de publications et d'abonnements\n"
        "distincts de la base, par plateforme et au total.\n";

/*
 * How it works: bf_store_stats counts accounts and posts in SQLite and
 * follows from the CSR graph (building it first when new follows were
 * committed), so the follow count is always of distinct follows.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>

#include "cli/cli.h"
#include "store/store.h"

int cmd_stats(int argc, char **argv)
{
    static const struct option longopts[] = {
        { "store", required_argument, NULL, 's' },
        { "json", no_argument, NULL, 'j' },
        { "help", no_argument, NULL, 'h' },
        { NULL, 0, NULL, 0 },
    };
    const char *dir = bf__cli_store_dir();
    bf_store *st = NULL;
    bf_stats_row *rows = NULL;
    unsigned long long ta = 0, tp = 0, tf = 0;
    size_t n = 0, i;
    int json = 0, c;
    bf_lang lang = bf__cli_lang();
    const char *usage = lang == BF_LANG_FR ? usage_fr : usage_en;
    bf_err err;

    while ((c = getopt_long(argc, argv, "s:jh", longopts, NULL)) != -1) {
        switch (c) {
        case 's':
            dir = optarg;
            break;
        case 'j':
            json = 1;
            break;
        case 'h':
            fputs(usage, stdout);
            return BF_EXIT_OK;
        default:
            return bf__cli_usage(usage);
        }
    }
    if (optind != argc)
        return bf__cli_usage(usage);
    if (bf__cli_open_store(dir, &st) != BF_EXIT_OK)
        return BF_EXIT_FAIL;
    err = bf_store_stats(st, &rows, &n);
    bf_store_close(st);
    if (err)
        return bf__cli_fail(dir, err);
    if (json)
        printf("{\"platforms\":{");
    else
        printf("%-16s %12s %12s %14s\n", bf_msg(lang, BF_MSG_COL_PLATFORM),
               bf_msg(lang, BF_MSG_COL_ACCOUNTS),
               bf_msg(lang, BF_MSG_COL_POSTS),
               bf_msg(lang, BF_MSG_COL_FOLLOWS));
    for (i = 0; i < n; i++) {
        ta += rows[i].accounts;
        tp += rows[i].posts;
        tf += rows[i].follows;
        if (json)
            printf("%s\"%s\":{\"accounts\":%llu,\"posts\":%llu,"
                   "\"follows\":%llu}",
                   i ? "," : "", rows[i].platform,
                   (unsigned long long)rows[i].accounts,
                   (unsigned long long)rows[i].posts,
                   (unsigned long long)rows[i].follows);
        else
            printf("%-16s %12llu %12llu %14llu\n", rows[i].platform,
                   (unsigned long long)rows[i].accounts,
                   (unsigned long long)rows[i].posts,
                   (unsigned long long)rows[i].follows);
    }
    if (json)
        printf("},\"total\":{\"accounts\":%llu,\"posts\":%llu,"
               "\"follows\":%llu}}\n",
               ta, tp, tf);
    else
        printf("%-16s %12llu %12llu %14llu\n", bf_msg(lang, BF_MSG_COL_TOTAL),
               ta, tp, tf);
    free(rows);
    return BF_EXIT_OK;
}
