/*
 * cmd_sim.c - bonafide sim: write a simulated world with ground truth.
 */
static const char usage_en[] =
        "usage: bonafide sim [--accounts N] [--seed S] [--now DATE]\n"
        "                    [--follows-per-account F] [--posts-per-account "
        "P]\n"
        "                    --out DIR\n"
        "\n"
        "Generates a simulated social network of N accounts (default 2000)\n"
        "into DIR: accounts.csv (Twitter user CSV), follows.csv (follower,\n"
        "followee), posts.jsonl (Twitter v1.1 JSON lines) and labels.csv (the\n"
        "ground truth of every account).  The same options give the same\n"
        "files, byte for byte.  Ingest them with --platform sim.\n"
        "\n"
        "  --follows-per-account F  mean follows per account in follows.csv\n"
        "                           (default: the calibrated density, about\n"
        "                           175; 35 is Twitter 2009 per Kwak 2010;\n"
        "                           up to 5000, decimals allowed)\n"
        "  --posts-per-account P    keep at most P posts per account, 0 to 64\n"
        "                           (0 writes an empty posts.jsonl; default:\n"
        "                           20, fewer above 20,000 accounts)\n"
        "\n"
        "Disk: about 35 bytes per follow, 540 per account and 1.3 kB per\n"
        "post.  For 10 million accounts, --follows-per-account 10\n"
        "--posts-per-account 0 writes about 9 GB.  A named pipe at a\n"
        "file's path (mkfifo DIR/follows.csv) is written directly, so\n"
        "bonafide ingest can read it as it is made.\n";

static const char usage_fr[] =
        "usage : bonafide sim [--accounts N] [--seed S] [--now DATE]\n"
        "                     [--follows-per-account F] [--posts-per-account "
        "P]\n"
        "                     --out DIR\n"
        "\n"
        "Génère un réseau social simulé de N comptes (2000 par défaut) dans\n"
        "DIR : accounts.csv (CSV d'utilisateurs Twitter), follows.csv\n"
        "(abonné, compte suivi), posts.jsonl (lignes JSON Twitter v1.1) et\n"
        "labels.csv (la vérité terrain de chaque compte).  Les mêmes options\n"
        "donnent les mêmes fichiers, octet pour octet.  Importez-les avec\n"
        "--platform sim.\n"
        "\n"
        "  --follows-per-account F  nombre moyen d'abonnements par compte\n"
        "                           dans follows.csv (par défaut : la\n"
        "                           densité calibrée, environ 175 ; 35 pour\n"
        "                           Twitter en 2009 selon Kwak 2010 ;\n"
        "                           jusqu'à 5000, décimales permises)\n"
        "  --posts-per-account P    garde au plus P publications par compte,\n"
        "                           de 0 à 64 (0 écrit un posts.jsonl vide ;\n"
        "                           par défaut : 20, moins au-delà de\n"
        "                           20 000 comptes)\n"
        "\n"
        "Disque : environ 35 octets par abonnement, 540 par compte et 1,3 ko\n"
        "par publication.  Pour 10 millions de comptes,\n"
        "--follows-per-account 10 --posts-per-account 0 écrit environ 9 Go.\n"
        "Un tube nommé à l'emplacement d'un fichier (mkfifo DIR/follows.csv)\n"
        "est écrit directement, si bien que bonafide ingest peut le lire au\n"
        "fur et à mesure.\n";

/*
 * How it works: options are checked here and the world is made by
 * bf_sim_generate (src/sim), which streams every file so that tens of
 * millions of accounts need only a few bytes of memory each.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/time.h"
#include "cli/cli.h"
#include "sim/sim.h"

static int parse_u64(const char *s, uint64_t *out)
{
    char *end;
    unsigned long long v;

    if (!*s || *s == '-')
        return -1;
    v = strtoull(s, &end, 10);
    if (*end)
        return -1;
    *out = v;
    return 0;
}

/* parse_density reads a mean out-degree: a decimal above 0, at most 5000. */
static int parse_density(const char *s, double *out)
{
    char *end;
    double v;

    if (!*s || *s == '-')
        return -1;
    v = strtod(s, &end);
    if (*end || !(v > 0) || v > BF_SIM_MAX_FOLLOWS)
        return -1;
    *out = v;
    return 0;
}

int cmd_sim(int argc, char **argv)
{
    static const struct option longopts[] = {
        { "accounts", required_argument, NULL, 'n' },
        { "seed", required_argument, NULL, 'S' },
        { "now", required_argument, NULL, 't' },
        { "out", required_argument, NULL, 'o' },
        { "follows-per-account", required_argument, NULL, 'F' },
        { "posts-per-account", required_argument, NULL, 'P' },
        { "help", no_argument, NULL, 'h' },
        { NULL, 0, NULL, 0 },
    };
    const char *usage = bf__cli_lang() == BF_LANG_FR ? usage_fr : usage_en;
    bf_sim_opts o;
    bf_sim_summary sum;
    const char *out = NULL;
    uint64_t v;
    int c, k;
    bf_err err;

    bf_sim_opts_init(&o);
    while ((c = getopt_long(argc, argv, "n:S:t:o:F:P:h", longopts, NULL)) !=
           -1) {
        switch (c) {
        case 'n':
            if (parse_u64(optarg, &o.accounts) || o.accounts < 200 ||
                o.accounts > 4000000000ull) {
                fprintf(stderr, "bonafide sim: --accounts takes a number "
                                "from 200 to 4000000000\n");
                return BF_EXIT_USAGE;
            }
            break;
        case 'S':
            if (parse_u64(optarg, &o.seed))
                return bf__cli_bad("sim", optarg, "--seed takes a number",
                                   "--seed prend un nombre");
            break;
        case 't':
            if (bf_time_parse(optarg, strlen(optarg), &o.now)) {
                fprintf(stderr, "bonafide sim: cannot read date '%s'\n",
                        optarg);
                return BF_EXIT_USAGE;
            }
            break;
        case 'o':
            out = optarg;
            break;
        case 'F':
            if (parse_density(optarg, &o.follows_per_account)) {
                fprintf(stderr, "bonafide sim: --follows-per-account takes "
                                "a number above 0, at most 5000\n");
                return BF_EXIT_USAGE;
            }
            break;
        case 'P':
            if (parse_u64(optarg, &v) || v > BF_SIM_MAX_POSTS) {
                fprintf(stderr,
                        "bonafide sim: --posts-per-account takes a "
                        "number from 0 to %d\n",
                        BF_SIM_MAX_POSTS);
                return BF_EXIT_USAGE;
            }
            o.posts_per_account = (int)v;
            break;
        case 'h':
            fputs(usage, stdout);
            return BF_EXIT_OK;
        default:
            return bf__cli_usage(usage);
        }
    }
    if (!out || optind != argc)
        return bf__cli_usage(usage);
    err = bf_sim_generate(&o, out, &sum);
    if (err)
        return bf__cli_fail(out, err);
    printf("simulated world in %s: %llu accounts, %llu follows, %llu posts\n",
           out, (unsigned long long)sum.accounts,
           (unsigned long long)sum.follows, (unsigned long long)sum.posts);
    for (k = 0; k < BF_SIM__KINDS; k++)
        printf("  %-16s %llu\n", bf_sim_kind_name(k),
               (unsigned long long)sum.by_kind[k]);
    return BF_EXIT_OK;
}
