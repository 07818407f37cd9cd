/*
 * cmd_graph.c - bonafide graph: metrics of the follow graph.
 */
static const char usage[] =
        "usage: bonafide graph pagerank|kcore|degree|reciprocity\n"
        "                      [--store DIR] [--top N] [--json]\n"
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
        "\n"
        "  --store DIR  the store (default $BONAFIDE_STORE or\n"
        "               ./bonafide-data)\n"
        "  --top N      how many accounts to print (default 10; 0: all)\n"
        "  --json       an array of "
        "{\"platform\",\"id\",\"handle\",\"value\"}\n"
        "               (handle null when unknown); reciprocity prints\n"
        "               {\"reciprocity\",\"edges\",\"mutual\"}\n"
        "\n"
        "Formulas, sources and costs: docs/graph-metrics.md.\n";

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
#include "store/store.h"

/* The metrics, in the order of the usage text. */
enum metric { M_PAGERANK, M_KCORE, M_DEGREE, M_RECIPROCITY };

static const char *const metric_names[] = { "pagerank", "kcore", "degree",
                                            "reciprocity" };

/* Output of one account row, JSON or text, into b. */
static bf_err put_row(bf_buf *b, const bf_account_row *row, double value,
                      int is_int, int json, uint32_t rank)
{
    const bf_account *a = &row->a;
    const char *platform = a->platform ? a->platform : "";
    const char *id = a->native_id ? a->native_id : "";
    bf_err err;

    if (!json) {
        if (is_int)
            return bf_buf_appendf(b, "%6u  %-10s %-20s %-20s %12.0f\n",
                                  (unsigned)rank, platform, id,
                                  a->handle ? a->handle : "-", value);
        return bf_buf_appendf(b, "%6u  %-10s %-20s %-20s %12.6g\n",
                              (unsigned)rank, platform, id,
                              a->handle ? a->handle : "-", value);
    }
    err = bf_buf_puts(b, rank > 1 ? ",\n {\"platform\":" : "\n {\"platform\":");
    if (!err)
        err = bf_buf_json_string(b, platform, strlen(platform));
    if (!err)
        err = bf_buf_puts(b, ",\"id\":");
    if (!err)
        err = bf_buf_json_string(b, id, strlen(id));
    if (!err)
        err = bf_buf_puts(b, ",\"handle\":");
    if (!err && a->handle)
        err = bf_buf_json_string(b, a->handle, strlen(a->handle));
    else if (!err)
        err = bf_buf_puts(b, "null");
    /* %.17g round-trips a double; integers print without a fraction. */
    if (!err)
        err = bf_buf_appendf(
                b, is_int ? ",\"value\":%.0f}" : ",\"value\":%.17g}", value);
    return err;
}

/*
 * compute fills value (n entries) with the metric of every vertex; for
 * degree it also fills *pct.
 */
static bf_err compute(enum metric m, const bf_csr *g, double *value,
                      bf_degree_pct *pct)
{
    uint32_t *u32 = NULL, v;
    bf_err err = BF_OK;
    int iters = 0;

    if (m == M_PAGERANK) {
        err = bf_graph_pagerank(g, NULL, value, &iters);
        if (err == BF_ELIMIT) {
            fprintf(stderr,
                    "bonafide: graph: PageRank did not converge in %d "
                    "iterations; printing the last iterate\n",
                    iters);
            err = BF_OK;
        }
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

/*
 * print_top prints the k best vertices by value, reading each account
 * from the store.
 */
static bf_err print_top(bf_store *st, enum metric m, const bf_csr *g,
                        const double *value, uint32_t k, int json,
                        const bf_degree_pct *pct)
{
    uint32_t *ids = NULL, i;
    bf_buf b;
    bf_err err;
    int is_int = m != M_PAGERANK;

    bf_buf_init(&b, 1 << 20);
    ids = malloc((k ? k : 1) * sizeof *ids);
    if (!ids)
        return BF_ENOMEM;
    err = bf_graph_top(value, g->n, k, ids);
    if (err)
        goto out;
    if (json)
        fputs("[", stdout);
    else
        printf("%6s  %-10s %-20s %-20s %12s\n", "rank", "platform", "id",
               "handle", metric_names[m]);
    for (i = 0; i < k; i++) {
        bf_account_row row;

        err = bf_store_account(st, ids[i], &row);
        if (!err)
            err = put_row(&b, &row, value[ids[i]], is_int, json, i + 1);
        bf_account_row_release(&row);
        if (err)
            goto out;
        fputs(b.data, stdout);
        bf_buf_reset(&b);
    }
    if (json)
        fputs(k ? "\n]\n" : "]\n", stdout);
    else if (m == M_DEGREE)
        printf("followers over %u accounts: mean %.2f, median %u, p90 %u, "
               "p99 %u, max %u\n",
               (unsigned)pct->n, pct->mean, (unsigned)pct->p50,
               (unsigned)pct->p90, (unsigned)pct->p99, (unsigned)pct->max);
out:
    free(ids);
    bf_buf_release(&b);
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
    int json = 0, c;
    bf_err err;

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
                return bf__cli_usage(usage);
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
    if (optind + 1 != argc)
        return bf__cli_usage(usage);
    for (i = 0; i < sizeof metric_names / sizeof metric_names[0]; i++) {
        if (strcmp(argv[optind], metric_names[i]) == 0)
            break;
    }
    if (i == sizeof metric_names / sizeof metric_names[0])
        return bf__cli_usage(usage);
    m = (enum metric)i;
    memset(&pct, 0, sizeof pct);
    err = bf_store_open(dir, &st);
    if (err)
        goto out;
    what = "graph";
    err = bf_store_graph(st, &g);
    if (err)
        goto out;
    if (m == M_RECIPROCITY) {
        err = print_reciprocity(g, json);
        goto out;
    }
    value = malloc((g->n ? g->n : 1) * sizeof *value);
    if (!value) {
        err = BF_ENOMEM;
        goto out;
    }
    err = compute(m, g, value, &pct);
    if (err)
        goto out;
    k = top == 0 || top > g->n ? g->n : (uint32_t)top;
    what = "account";
    err = print_top(st, m, g, value, k, json, &pct);
out:
    free(value);
    bf_store_close(st);
    if (err)
        return bf__cli_fail(what, err);
    return BF_EXIT_OK;
}
