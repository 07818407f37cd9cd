/*
 * cmd_graph.c - bonafide graph: metrics of the follow graph.
 */
static const char usage_en[] =
        "usage: bonafide graph pagerank|kcore|degree|reciprocity\n"
        "                      [--store DIR] [--top N] [--json]\n"
        "       mpirun -np P bonafide graph pagerank|degree|reciprocity "
        "--mpi ...\n"
        "       bonafide graph overlap ACCOUNT ACCOUNT [--store DIR] [--json]\n"
        "       bonafide graph influential ACCOUNT [--store DIR] [--json]\n"
        "       bonafide graph rank-correlation [--store DIR] [--json]\n"
        "\n"
        "Measures the follow graph of the store and prints the accounts\n"
        "with the highest values, highest first (ties by store order).\n"
        "\n"
        "  pagerank     PageRank, damping 0.85: influence passed along\n"
        "               follows, summing to 1 over all accounts\n"
        "  kcore        core number of the graph taken as undirected: the\n"
        "               largest k such that the account sits in a group\n"
        "               where everyone has at least k connections\n"
        "  degree       followers per account; the text output adds the\n"
        "               median, 90th, 99th percentile and maximum\n"
        "  reciprocity  the share of follows that are followed back\n"
        "  overlap      the followers two accounts share: Jaccard index\n"
        "               and the share of each audience found in the other\n"
        "  influential  PageRank and follower percentiles of one account\n"
        "               and the share of its followers with more than\n"
        "               1,000 followers that neither fake-follower rule\n"
        "               set flags\n"
        "  rank-correlation  Spearman and Kendall tau-b between followers,\n"
        "               PageRank and reposts received, over all accounts\n"
        "\n"
        "  ACCOUNT      [platform:]handle or [platform:]#native_id\n"
        "  --store DIR  the store (default $BONAFIDE_STORE or\n"
        "               ./bonafide-data)\n"
        "  --top N      how many accounts to print (default 10; 0: all)\n"
        "  --json       an array of "
        "{\"platform\",\"id\",\"handle\",\"value\"}\n"
        "               (handle null when unknown); reciprocity prints\n"
        "               {\"reciprocity\",\"edges\",\"mutual\"}, the\n"
        "               others one object (docs/graph.md)\n"
        "\n"
        "  --mpi        under mpirun: run on every rank, each reading its\n"
        "               part of the graph (needs `make mpi`; options:\n"
        "               bonafide graph pagerank --mpi --help)\n"
        "\n"
        "Formulas, sources and costs: docs/graph.md, docs/distributed.md.\n";

static const char usage_fr[] =
        "usage : bonafide graph pagerank|kcore|degree|reciprocity\n"
        "                       [--store DIR] [--top N] [--json]\n"
        "        mpirun -np P bonafide graph pagerank|degree|reciprocity --mpi "
        "...\n"
        "        bonafide graph overlap COMPTE COMPTE [--store DIR] [--json]\n"
        "        bonafide graph influential COMPTE [--store DIR] [--json]\n"
        "        bonafide graph rank-correlation [--store DIR] [--json]\n"
        "\n"
        "Mesure le graphe des abonnements de la base et affiche les comptes\n"
        "aux valeurs les plus élevées, de la plus haute à la plus basse (à\n"
        "égalité, dans l'ordre de la base).\n"
        "\n"
        "  pagerank     PageRank, facteur d'amortissement 0,85 : l'influence\n"
        "               transmise par les abonnements, de somme 1 sur tous\n"
        "               les comptes\n"
        "  kcore        numéro de cœur du graphe pris comme non orienté : le\n"
        "               plus grand k tel que le compte appartienne à un\n"
        "               groupe où chacun a au moins k liens\n"
        "  degree       abonnés par compte ; la sortie texte y ajoute la\n"
        "               médiane, les 90e et 99e percentiles et le maximum\n"
        "  reciprocity  la part des abonnements qui sont réciproques\n"
        "  overlap      les abonnés communs à deux comptes : indice de\n"
        "               Jaccard et part de chaque audience présente dans\n"
        "               l'autre\n"
        "  influential  PageRank et percentiles d'abonnés d'un compte, et la\n"
        "               part de ses abonnés ayant plus de 1 000 abonnés\n"
        "               qu'aucun des deux jeux de règles de détection des\n"
        "               faux abonnés ne signale\n"
        "  rank-correlation  rho de Spearman et tau-b de Kendall entre\n"
        "               abonnés, PageRank et partages reçus, sur tous les\n"
        "               comptes\n"
        "\n"
        "  COMPTE       [plateforme:]identifiant ou [plateforme:]#id_natif\n"
        "  --store DIR  la base ($BONAFIDE_STORE ou ./bonafide-data par\n"
        "               défaut)\n"
        "  --top N      nombre de comptes à afficher (10 par défaut ;\n"
        "               0 : tous)\n"
        "  --json       un tableau de "
        "{\"platform\",\"id\",\"handle\",\"value\"}\n"
        "               (handle vaut null s'il est inconnu) ; reciprocity\n"
        "               affiche {\"reciprocity\",\"edges\",\"mutual\"}, les "
        "autres\n"
        "               un seul objet (docs/graph.md)\n"
        "\n"
        "  --mpi        sous mpirun : s'exécute sur chaque rang, chacun\n"
        "               lisant sa partie du graphe (demande `make mpi` ;\n"
        "               options : bonafide graph pagerank --mpi --help)\n"
        "\n"
        "Formules, sources et coûts : docs/graph.md, docs/distributed.md.\n";

/*
 * How it works: the store hands out its mapped CSR graph (building it
 * first when follows were committed since), the metric is computed over
 * every account into one array of doubles, bf_graph_top picks the best N
 * with ties broken by dense id so that two runs print the same thing, and
 * only those N accounts are read back from SQLite for their platform,
 * native id and handle.  JSON strings go through bf_buf_json_string.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "cli/cli.h"
#include "graph/graph.h"
#include "graph/influence.h"
#include "graph/table.h"
#include "store/store.h"

/* The metrics, in the order of the usage text. */
enum metric {
    M_PAGERANK,
    M_KCORE,
    M_DEGREE,
    M_RECIPROCITY,
    M_OVERLAP,
    M_INFLUENTIAL,
    M_RANKCORR
};

static const char *const metric_names[] = { "pagerank",        "kcore",
                                            "degree",          "reciprocity",
                                            "overlap",         "influential",
                                            "rank-correlation" };

/* Operands each metric takes after its name. */
static const int metric_args[] = { 0, 0, 0, 0, 2, 1, 0 };

/* The text output's words, English then French; colon before a value. */
enum label {
    L_COLON,
    L_FOLLOWERS_OF,
    L_COMMON,
    L_JACCARD,
    L_SHARE_OF,
    L_ALSO_FOLLOW,
    L_ACCOUNTS,
    L_PR_PCT,
    L_FOLLOWERS,
    L_PERCENTILE,
    L_INFLUENTIAL,
    L_OF_PROFILED,
    L_NO_PROFILE,
    L_KENDALL,
    L__COUNT
};

static const char *const labels[L__COUNT][BF_LANG__COUNT] = {
    [L_COLON] = { ": ", " : " },
    [L_FOLLOWERS_OF] = { "followers of", "abonnés de" },
    [L_COMMON] = { "followers in common", "abonnés en commun" },
    [L_JACCARD] = { "Jaccard index", "indice de Jaccard" },
    [L_SHARE_OF] = { "share of the followers of", "part des abonnés de" },
    [L_ALSO_FOLLOW] = { "who also follow", "qui suivent aussi" },
    [L_ACCOUNTS] = { "accounts", "comptes" },
    [L_PR_PCT] = { "PageRank percentile", "centile du PageRank" },
    [L_FOLLOWERS] = { "followers", "abonnés" },
    [L_PERCENTILE] = { "percentile", "centile" },
    [L_INFLUENTIAL] = { "influential and authentic followers",
                        "abonnés influents et authentiques" },
    [L_OF_PROFILED] = { "of the followers whose profile is stored",
                        "des abonnés dont le profil est dans la base" },
    [L_NO_PROFILE] = { "unknown (no follower's profile is in the store)",
                       "inconnu (aucun profil d'abonné dans la base)" },
    [L_KENDALL] = { "Kendall tau-b", "tau-b de Kendall" },
};

/* The three rank-correlated quantities, as named in both languages. */
static const char *const rc_names[3][BF_LANG__COUNT] = {
    { "followers", "abonnés" },
    { "pagerank", "pagerank" },
    { "reposts", "partages" },
};

/*
 * compute fills value (n entries) with the metric of every vertex; for
 * degree it also fills *pct.  PageRank comes from the store's cache
 * (graph/influence.h), computed once per graph generation.
 */
static bf_err compute(bf_store *st, enum metric m, const bf_csr *g,
                      double *value, bf_degree_pct *pct)
{
    uint32_t *u32 = NULL, v, n = 0;
    double *rank = NULL;
    bf_err err = BF_OK;

    if (m == M_PAGERANK) {
        err = bf_graph_pagerank_cached(st, &rank, &n);
        if (!err && n != g->n)
            err = BF_ECORRUPT;
        if (!err)
            memcpy(value, rank, (size_t)n * sizeof *value);
        free(rank);
        return err;
    }
    u32 = malloc((g->n ? g->n : 1) * sizeof *u32);
    if (!u32)
        return BF_ENOMEM;
    if (m == M_KCORE) {
        err = bf_graph_kcore(g, u32);
    } else {
        err = bf_graph_degree(g, BF_DEGREE_IN, u32);
        if (!err)
            err = bf_graph_degree_percentiles(g, BF_DEGREE_IN, pct);
    }
    if (err)
        goto out;
    for (v = 0; v < g->n; v++)
        value[v] = u32[v];
out:
    free(u32);
    return err;
}

/* print_reciprocity prints the one figure of the reciprocity metric. */
static bf_err print_reciprocity(const bf_csr *g, int json)
{
    bf_reciprocity r;
    bf_err err = bf_graph_reciprocity(g, &r);

    if (err)
        return err;
    if (json)
        printf("{\"reciprocity\":%.17g,\"edges\":%llu,\"mutual\":%llu}\n",
               r.ratio, (unsigned long long)r.edges,
               (unsigned long long)r.mutual);
    else
        printf("reciprocity %.4f (%llu of %llu follows are followed back)\n",
               r.ratio, (unsigned long long)r.mutual,
               (unsigned long long)r.edges);
    return BF_OK;
}

/* fmt_share writes a share as a percentage, or "-" when undefined. */
static const char *fmt_share(char *buf, size_t len, double share)
{
    if (share < 0 || share != share)
        snprintf(buf, len, "-");
    else
        snprintf(buf, len, "%.1f%%", 100.0 * share);
    return buf;
}

/* json_num prints a double, or null when it is undefined (NaN, < 0). */
static void json_num(const char *key, double x, int comma)
{
    if (x != x || x < 0)
        printf("%s\"%s\":null", comma ? "," : "", key);
    else
        printf("%s\"%s\":%.17g", comma ? "," : "", key, x);
}

/* run_overlap resolves two accounts and prints their audience overlap. */
static bf_err run_overlap(bf_store *st, const bf_csr *g, char **spec, int json,
                          const char **what)
{
    bf_overlap o;
    uint32_t a, b;
    bf_lang lang = bf__cli_lang();
    char s1[32], s2[32];
    bf_err err;

    *what = spec[0];
    err = bf_store_resolve(st, spec[0], &a);
    if (err)
        return err;
    *what = spec[1];
    err = bf_store_resolve(st, spec[1], &b);
    if (err)
        return err;
    *what = "graph";
    if (a >= g->n || b >= g->n)
        return BF_ENOTFOUND;
    err = bf_graph_overlap(g, a, b, &o);
    if (err)
        return err;
    if (json) {
        printf("{\"followers_a\":%llu,\"followers_b\":%llu,"
               "\"common\":%llu",
               (unsigned long long)o.a, (unsigned long long)o.b,
               (unsigned long long)o.common);
        json_num("jaccard", o.jaccard, 1);
        json_num("a_in_b", o.a_in_b, 1);
        json_num("b_in_a", o.b_in_a, 1);
        puts("}");
        return BF_OK;
    }
    printf("%s %s%s%llu\n", labels[L_FOLLOWERS_OF][lang], spec[0],
           labels[L_COLON][lang], (unsigned long long)o.a);
    printf("%s %s%s%llu\n", labels[L_FOLLOWERS_OF][lang], spec[1],
           labels[L_COLON][lang], (unsigned long long)o.b);
    printf("%s%s%llu\n", labels[L_COMMON][lang], labels[L_COLON][lang],
           (unsigned long long)o.common);
    printf("%s%s%.4f\n", labels[L_JACCARD][lang], labels[L_COLON][lang],
           o.jaccard);
    printf("%s %s %s %s%s%s\n", labels[L_SHARE_OF][lang], spec[0],
           labels[L_ALSO_FOLLOW][lang], spec[1], labels[L_COLON][lang],
           fmt_share(s1, sizeof s1, o.a_in_b));
    printf("%s %s %s %s%s%s\n", labels[L_SHARE_OF][lang], spec[1],
           labels[L_ALSO_FOLLOW][lang], spec[0], labels[L_COLON][lang],
           fmt_share(s2, sizeof s2, o.b_in_a));
    return BF_OK;
}

/* run_influential prints the influence figures of one account. */
static bf_err run_influential(bf_store *st, const char *spec, int json,
                              const char **what)
{
    bf_influence inf;
    bf_lang lang = bf__cli_lang();
    uint32_t id;
    char s1[32];
    bf_err err;

    *what = spec;
    err = bf_store_resolve(st, spec, &id);
    if (err)
        return err;
    *what = "graph";
    err = bf_graph_influence(st, id, &inf);
    if (err)
        return err;
    if (json) {
        printf("{\"accounts\":%llu", (unsigned long long)inf.accounts);
        json_num("pagerank", inf.pagerank, 1);
        json_num("pagerank_pct", inf.pagerank_pct, 1);
        printf(",\"followers\":%llu", (unsigned long long)inf.followers_known);
        json_num("followers_pct", inf.followers_pct, 1);
        printf(",\"followers_profiled\":%llu",
               (unsigned long long)inf.followers_profiled);
        /* null, not 0, when no follower's profile is there to judge. */
        json_num("influential",
                 inf.followers_profiled ? (double)inf.influential : -1, 1);
        json_num("influential_share", inf.influential_share, 1);
        puts("}");
        return BF_OK;
    }
    printf("PageRank%s%.6g (%llu %s)\n", labels[L_COLON][lang], inf.pagerank,
           (unsigned long long)inf.accounts, labels[L_ACCOUNTS][lang]);
    printf("%s%s%.1f\n", labels[L_PR_PCT][lang], labels[L_COLON][lang],
           inf.pagerank_pct);
    printf("%s%s%llu, %s %.1f\n", labels[L_FOLLOWERS][lang],
           labels[L_COLON][lang], (unsigned long long)inf.followers_known,
           labels[L_PERCENTILE][lang], inf.followers_pct);
    if (!inf.followers_profiled)
        printf("%s%s%s\n", labels[L_INFLUENTIAL][lang], labels[L_COLON][lang],
               labels[L_NO_PROFILE][lang]);
    else
        printf("%s%s%llu (%s %s, %llu)\n", labels[L_INFLUENTIAL][lang],
               labels[L_COLON][lang], (unsigned long long)inf.influential,
               fmt_share(s1, sizeof s1, inf.influential_share),
               labels[L_OF_PROFILED][lang],
               (unsigned long long)inf.followers_profiled);
    return BF_OK;
}

/*
 * run_rankcorr prints Spearman and Kendall for the three pairs of
 * followers (in-degree), PageRank and reposts received.
 */
static bf_err run_rankcorr(bf_store *st, const bf_csr *g, int json)
{
    static const int pairs[3][2] = { { 0, 1 }, { 0, 2 }, { 1, 2 } };
    double *x[3] = { NULL, NULL, NULL };
    bf_lang lang = bf__cli_lang();
    uint32_t v, n = 0;
    bf_err err;
    int p;

    x[0] = malloc((g->n ? g->n : 1) * sizeof *x[0]);
    x[2] = malloc((g->n ? g->n : 1) * sizeof *x[2]);
    if (!x[0] || !x[2]) {
        err = BF_ENOMEM;
        goto out;
    }
    for (v = 0; v < g->n; v++)
        x[0][v] = (double)(g->in_off[v + 1] - g->in_off[v]);
    err = bf_graph_pagerank_cached(st, &x[1], &n);
    if (!err && n != g->n)
        err = BF_ECORRUPT;
    if (!err)
        err = bf_store_reposts_received(st, x[2], g->n);
    if (err)
        goto out;
    if (json)
        printf("{\"accounts\":%u,\"pairs\":[", (unsigned)g->n);
    for (p = 0; p < 3; p++) {
        const double *a = x[pairs[p][0]], *b = x[pairs[p][1]];
        char name[64], rs[32], ts[32];
        double rho, tau;

        err = bf_rank_spearman(a, b, g->n, &rho);
        if (!err)
            err = bf_rank_kendall(a, b, g->n, &tau);
        if (err)
            goto out;
        if (json) {
            printf("%s{\"x\":\"%s\",\"y\":\"%s\"", p ? "," : "",
                   rc_names[pairs[p][0]][0], rc_names[pairs[p][1]][0]);
            if (rho != rho)
                printf(",\"spearman\":null");
            else
                printf(",\"spearman\":%.17g", rho);
            if (tau != tau)
                printf(",\"kendall_tau_b\":null}");
            else
                printf(",\"kendall_tau_b\":%.17g}", tau);
            continue;
        }
        snprintf(name, sizeof name, "%s / %s", rc_names[pairs[p][0]][lang],
                 rc_names[pairs[p][1]][lang]);
        snprintf(rs, sizeof rs, rho != rho ? "-" : "%.4f", rho);
        snprintf(ts, sizeof ts, tau != tau ? "-" : "%.4f", tau);
        printf("%-22s Spearman %8s  %s %8s\n", name, rs,
               labels[L_KENDALL][lang], ts);
    }
    if (json)
        puts("]}");
out:
    free(x[0]);
    free(x[1]);
    free(x[2]);
    return err;
}

int cmd_graph(int argc, char **argv)
{
    static const struct option longopts[] = {
        { "store", required_argument, NULL, 's' },
        { "top", required_argument, NULL, 'n' },
        { "json", no_argument, NULL, 'j' },
        { "help", no_argument, NULL, 'h' },
        { NULL, 0, NULL, 0 },
    };
    const char *usage = bf__cli_lang() == BF_LANG_FR ? usage_fr : usage_en;
    const char *dir = bf__cli_store_dir();
    const char *what = dir;
    bf_store *st = NULL;
    const bf_csr *g = NULL;
    bf_degree_pct pct;
    double *value = NULL;
    unsigned long top = 10;
    uint32_t k;
    enum metric m;
    char *end;
    size_t i;
    int json = 0, c, status;
    bf_err err;

    /* --mpi hands the whole command to bonafide-mpi; looked for before
     * getopt_long permutes argv, and not after a "--". */
    for (c = 1; c < argc && strcmp(argv[c], "--") != 0; c++)
        if (strcmp(argv[c], "--mpi") == 0)
            return bf__cli_mpi_exec(argc, argv);
    while ((c = getopt_long(argc, argv, "s:n:jh", longopts, NULL)) != -1) {
        switch (c) {
        case 's':
            dir = what = optarg;
            break;
        case 'n':
            errno = 0;
            top = strtoul(optarg, &end, 10);
            if (errno || end == optarg || *end || optarg[0] == '-' ||
                top > UINT32_MAX)
                return bf__cli_bad("graph", optarg,
                                   "--top takes a number, 0 for all",
                                   "--top prend un nombre, 0 pour tous");
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
    if (optind >= argc)
        return bf__cli_usage(usage);
    for (i = 0; i < sizeof metric_names / sizeof metric_names[0]; i++) {
        if (strcmp(argv[optind], metric_names[i]) == 0)
            break;
    }
    if (i == sizeof metric_names / sizeof metric_names[0]) {
        bf__cli_bad("graph", argv[optind],
                    "the measures are pagerank, kcore, degree, reciprocity, "
                    "overlap, influential and rank-correlation",
                    "les mesures sont pagerank, kcore, degree, reciprocity, "
                    "overlap, influential et rank-correlation");
        return BF_EXIT_USAGE;
    }
    if (optind + 1 + metric_args[i] != argc)
        return bf__cli_bad(
                "graph", NULL,
                metric_args[i] == 0   ? "this measure takes no account"
                : metric_args[i] == 1 ? "this measure takes one account"
                                      : "this measure takes two accounts",
                metric_args[i] == 0   ? "cette mesure ne prend aucun compte"
                : metric_args[i] == 1 ? "cette mesure prend un compte"
                                      : "cette mesure prend deux comptes");
    m = (enum metric)i;
    memset(&pct, 0, sizeof pct);
    if (bf__cli_open_store(dir, &st) != BF_EXIT_OK)
        return BF_EXIT_FAIL;
    what = "graph";
    /* The measures of one or two accounts read only their lists, each
     * checked as it is read; the others read the whole graph, checked
     * once first. */
    if (m == M_OVERLAP || m == M_INFLUENTIAL) {
        (void)bf_store_read_scattered(st);
        err = bf_store_graph_lazy(st, &g);
    } else {
        err = bf_store_graph(st, &g);
    }
    if (err)
        goto out;
    if (m == M_RECIPROCITY) {
        err = print_reciprocity(g, json);
        goto out;
    }
    if (m == M_OVERLAP) {
        err = run_overlap(st, g, argv + optind + 1, json, &what);
        goto out;
    }
    if (m == M_INFLUENTIAL) {
        err = run_influential(st, argv[optind + 1], json, &what);
        goto out;
    }
    if (m == M_RANKCORR) {
        err = run_rankcorr(st, g, json);
        goto out;
    }
    value = malloc((g->n ? g->n : 1) * sizeof *value);
    if (!value) {
        err = BF_ENOMEM;
        goto out;
    }
    err = compute(st, m, g, value, &pct);
    if (err)
        goto out;
    k = top == 0 || top > g->n ? g->n : (uint32_t)top;
    what = "account";
    err = bf_graph_print_top(stdout, st, metric_names[m], value, g->n, k,
                             m != M_PAGERANK, json,
                             m == M_DEGREE ? &pct : NULL);
out:
    free(value);
    if (err == BF_ENOTFOUND && (m == M_OVERLAP || m == M_INFLUENTIAL)) {
        status = bf__cli_not_found(st, "graph", what, dir);
        bf_store_close(st);
        return status;
    }
    bf_store_close(st);
    if (err)
        return bf__cli_fail(what, err);
    return BF_EXIT_OK;
}
