/*
 * main_mpi.c - bonafide-mpi: `bonafide graph pagerank|degree|reciprocity
 * --mpi` run by every rank under mpirun.
 */
static const char usage[] =
        "usage: mpirun -np P bonafide graph pagerank|degree|reciprocity "
        "--mpi\n"
        "                      [--store DIR] [--top N] [--json]\n"
        "                      [--out DIR] [--iterations N] [--verbose]\n"
        "\n"
        "Computes a metric of the follow graph with P processes, each\n"
        "reading only its own part of graph.csr, and prints what\n"
        "`bonafide graph` prints without --mpi (same numbers; PageRank\n"
        "equal up to rounding, within 1e-9 in total).\n"
        "\n"
        "  --store DIR       the store (default $BONAFIDE_STORE or\n"
        "                    ./bonafide-data); every rank must see it,\n"
        "                    or at least its graph.csr\n"
        "  --top N, --json   as without --mpi\n"
        "  --out DIR         each rank writes DIR/part-RANK.tsv with the\n"
        "                    value of each of its accounts (dense id,\n"
        "                    tab, value) instead of gathering them\n"
        "  --iterations N    PageRank: exactly N iterations, no tolerance\n"
        "                    (for benchmarks)\n"
        "  --verbose         per rank on stderr: its vertices and edges,\n"
        "                    seconds and bytes per iteration\n"
        "\n"
        "Partitioning and costs: docs/distributed.md.\n";

/*
 * How it works: every rank parses the same command line.  Rank 0 opens
 * the store, rebuilds graph.csr when follows were committed since it was
 * written (only then does it read the whole file), and tells the others
 * whether to go on.  Every rank then maps its own part of graph.csr
 * (graph_mpi.h) and the metric is computed together.  Results are
 * gathered to rank 0, which reads the names of the accounts it prints
 * from SQLite and prints them with the same formats as cmd_graph.c, so
 * the two outputs can be compared byte for byte; with --out each rank
 * writes its own values instead and nothing is gathered.  Every step that
 * can fail ends in an agreement (graph_mpi.h, bf_mpi_agree) so all ranks
 * leave together with the same exit status.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "base/buf.h"
#include "bonafide.h"
#include "graph/table.h"
#include "graph_mpi.h"
#include "report/catalog.h"
#include "store/csr.h"
#include "store/segment.h"
#include "store/store.h"

/* The exit statuses of src/cli/cli.h. */
#define EXIT_OKAY  0
#define EXIT_FAIL  1
#define EXIT_USAGE 64

enum metric { M_PAGERANK, M_DEGREE, M_RECIPROCITY };

static const char *const metric_names[] = { "pagerank", "degree",
                                            "reciprocity" };

/*
 * The messages of this program, English (_EN) and French (_FR); TR picks
 * one for a language.  Literal formats, so the compiler checks the
 * arguments of both.
 */
#define TR(l, name) ((l) == BF_LANG_FR ? name##_FR : name##_EN)

#define NOT_MPI_EN                                                      \
    "bonafide: graph %s is not available with --mpi (pagerank, degree " \
    "and reciprocity are)\n"
#define NOT_MPI_FR                                                      \
    "bonafide : graph %s n'existe pas avec --mpi (pagerank, degree et " \
    "reciprocity si)\n"
#define NO_STORE_EN                                                \
    "bonafide: no store in %s (bonafide ingest or bonafide fetch " \
    "makes one)\n"
#define NO_STORE_FR                                                      \
    "bonafide : pas de base dans %s (bonafide ingest ou bonafide fetch " \
    "en crée une)\n"
#define WROTE_EN "wrote %d parts to %s\n"
#define WROTE_FR "%d parties écrites dans %s\n"
#define RANK_EN                                                           \
    "mpi rank %d: vertices %u to %u (%u), in-edges %llu; %d iterations, " \
    "%.6f s per iteration of which %.6f in collectives; per iteration "   \
    "%llu bytes received, %llu bytes sent\n"
#define RANK_FR                                                         \
    "mpi rang %d : sommets %u à %u (%u), arêtes entrantes %llu ; %d " \
    "itérations, %.6f s par itération dont %.6f en communications "   \
    "collectives ; par itération %llu octets reçus, %llu octets envoyés\n"
#define TOTAL_EN                                                         \
    "mpi: %d ranks, %u vertices, %llu edges, %d iterations, %.6f s per " \
    "iteration (slowest rank), %llu bytes received per rank per "        \
    "iteration (most)\n"
#define TOTAL_FR                                                            \
    "mpi : %d rangs, %u sommets, %llu arêtes, %d itérations, %.6f s par " \
    "itération (rang le plus lent), %llu octets reçus par rang et par "   \
    "itération (au plus)\n"

/* What the command line asked for. */
typedef struct opts {
    enum metric m;
    const char *dir;
    const char *out;
    unsigned long top;
    unsigned long iterations;
    int json;
    int verbose;
} opts;

/*
 * parse reads argv ("graph", METRIC, options; argv[0] is the program).
 * Returns -1 to go on, else the exit status; only rank 0 prints.
 */
static int parse(int argc, char **argv, int rank, opts *o)
{
    static const struct option longopts[] = {
        { "store", required_argument, NULL, 's' },
        { "top", required_argument, NULL, 'n' },
        { "json", no_argument, NULL, 'j' },
        { "mpi", no_argument, NULL, 'M' },
        { "out", required_argument, NULL, 'o' },
        { "iterations", required_argument, NULL, 'i' },
        { "verbose", no_argument, NULL, 'v' },
        { "help", no_argument, NULL, 'h' },
        { NULL, 0, NULL, 0 },
    };
    const char *env = getenv("BONAFIDE_STORE");
    unsigned long *num;
    char *end;
    size_t i;
    int c;

    /* The defaults of cmd_graph.c. */
    memset(o, 0, sizeof *o);
    o->dir = env && *env ? env : "bonafide-data";
    o->top = 10;
    /* Called as bonafide would be: skip to the subcommand. */
    if (argc < 2 || strcmp(argv[1], "graph") != 0)
        goto usage;
    argc--;
    argv++;
    /* Every rank parses, only rank 0 complains: one message, not P. */
    opterr = rank == 0;
    while ((c = getopt_long(argc, argv, "s:n:jh", longopts, NULL)) != -1) {
        switch (c) {
        case 's':
            o->dir = optarg;
            break;
        case 'o':
            o->out = optarg;
            break;
        case 'n':
        case 'i':
            num = c == 'n' ? &o->top : &o->iterations;
            errno = 0;
            *num = strtoul(optarg, &end, 10);
            if (errno || end == optarg || *end || optarg[0] == '-' ||
                *num > UINT32_MAX)
                goto usage;
            break;
        case 'j':
            o->json = 1;
            break;
        case 'M':
            break;
        case 'v':
            o->verbose = 1;
            break;
        case 'h':
            if (rank == 0)
                fputs(usage, stdout);
            return EXIT_OKAY;
        default:
            goto usage;
        }
    }
    if (optind + 1 != argc)
        goto usage;
    for (i = 0; i < sizeof metric_names / sizeof metric_names[0]; i++)
        if (strcmp(argv[optind], metric_names[i]) == 0)
            break;
    if (i == sizeof metric_names / sizeof metric_names[0]) {
        if (rank == 0)
            fprintf(stderr, TR(bf_lang_from_env(), NOT_MPI), argv[optind]);
        return EXIT_USAGE;
    }
    o->m = (enum metric)i;
    return -1;
usage:
    if (rank == 0)
        fputs(usage, stderr);
    return EXIT_USAGE;
}

/*
 * csr_is_current reports whether graph.csr's header names generation gen
 * and n vertices, the test bf_store_graph makes after mapping it, made
 * here on the header alone so the whole file is not read.
 */
static int csr_is_current(const char *path, uint64_t gen, uint32_t n)
{
    unsigned char h[BF__CSR_HEADER];
    FILE *f = fopen(path, "rb");
    int ok;

    /* Any doubt (no file, short, another version) means rebuild: the
     * store decides, and checks the whole file when it does. */
    if (!f)
        return 0;
    ok = fread(h, 1, sizeof h, f) == sizeof h &&
         memcmp(h, BF__CSR_MAGIC, 8) == 0 &&
         bf__get_u32(h + 8) == BF__CSR_VERSION && bf__get_u64(h + 16) == n &&
         bf__get_u64(h + 32) == gen;
    fclose(f);
    return ok;
}

/*
 * prepare opens the store on rank 0 and brings graph.csr up to date;
 * *what names what failed.
 */
static bf_err prepare(const char *dir, bf_store **out_st, const char **what)
{
    const bf_csr *g;
    uint64_t gen = 0;
    uint32_t n = 0;
    bf_buf path;
    bf_err err;

    /* Opening migrates an old store and removes half-written files, so
     * only rank 0 does it; the others only read graph.csr. */
    *what = dir;
    bf_buf_init(&path, 1 << 16);
    err = bf_store_open_existing(dir, out_st);
    if (err)
        goto out;
    *what = "graph";
    err = bf_store_graph_generation(*out_st, &gen);
    if (!err)
        err = bf_store_account_count(*out_st, &n);
    if (!err)
        err = bf_buf_appendf(&path, "%s/graph.csr", dir);
    if (!err && !csr_is_current(path.data, gen, n))
        err = bf_store_graph(*out_st, &g);
out:
    bf_buf_release(&path);
    return err;
}

/*
 * degree_pct computes the percentiles of the gathered in-degrees with
 * bf_graph_degree_percentiles, which reads only n, m and in_off: the
 * offsets are rebuilt as prefix sums (8 (n + 1) bytes on rank 0).
 */
static bf_err degree_pct(const uint32_t *deg, uint32_t n, uint64_t m,
                         bf_degree_pct *out)
{
    /* One allocation of n + 1 offsets, on rank 0 only. */
    uint64_t *off = malloc(((size_t)n + 1) * sizeof *off);
    bf_csr g;
    uint32_t v;
    bf_err err;

    if (!off)
        return BF_ENOMEM;
    off[0] = 0;
    for (v = 0; v < n; v++)
        off[v + 1] = off[v] + deg[v];
    memset(&g, 0, sizeof g);
    g.n = n;
    g.m = m;
    g.in_off = off;
    err = bf_graph_degree_percentiles(&g, BF_DEGREE_IN, out);
    free(off);
    return err;
}

/*
 * write_part writes dir/part-RANK.tsv: a header line, then one line per
 * own vertex, through a temporary file and a rename.  dval holds doubles
 * (PageRank), else u1 (and u2 when not NULL) integers.
 */
static bf_err write_part(const bf_mpi_part *p, const char *dir,
                         const char *header, const double *dval,
                         const uint32_t *u1, const uint32_t *u2)
{
    bf_buf path, tmp;
    FILE *f = NULL;
    uint32_t i;
    bf_err err;

    bf_buf_init(&path, 1 << 16);
    bf_buf_init(&tmp, 1 << 16);
    /* Each machine makes its own directory; EEXIST is expected (the
     * ranks of one machine race to make it). */
    if (mkdir(dir, 0777) != 0 && errno != EEXIST) {
        err = BF_EIO;
        goto out;
    }
    err = bf_buf_appendf(&path, "%s/part-%d.tsv", dir, p->rank);
    if (!err)
        err = bf_buf_appendf(&tmp, "%s.tmp", path.data);
    if (err)
        goto out;
    f = fopen(tmp.data, "w");
    if (!f) {
        err = BF_EIO;
        goto out;
    }
    /* Dense ids, not names: the names are in rank 0's SQLite, and a
     * rank on another machine may hold only graph.csr. */
    fprintf(f, "%s\n", header);
    for (i = 0; i < p->count; i++) {
        /* A part in the local order knows each vertex's dense id. */
        unsigned v = p->order ? p->order[i] : p->lo + i;

        if (dval)
            fprintf(f, "%u\t%.17g\n", v, dval[i]);
        else if (u2)
            fprintf(f, "%u\t%u\t%u\n", v, (unsigned)u1[i], (unsigned)u2[i]);
        else
            fprintf(f, "%u\t%u\n", v, (unsigned)u1[i]);
    }
    /* A full disk shows at the flush or the close, not at fprintf. */
    if (fflush(f) != 0 || ferror(f))
        err = BF_EIO;
    if (fclose(f) != 0 && !err)
        err = BF_EIO;
    if (!err && rename(tmp.data, path.data) != 0)
        err = BF_EIO;
    if (err)
        remove(tmp.data);
out:
    bf_buf_release(&path);
    bf_buf_release(&tmp);
    return err;
}

/*
 * report_stats gathers every rank's PageRank costs to rank 0, which
 * prints one line per rank and a summary on stderr.
 */
static void report_stats(const bf_mpi_part *p, const bf_mpi_stats *s)
{
    double mine[6], *all = NULL, slowest = 0.0;
    uint64_t most = 0;
    int r, it = s->iterations ? s->iterations : 1;
    bf_lang l = bf_lang_from_env();

    /* Six doubles per rank: small enough to gather whatever P is. */
    mine[0] = s->seconds / it;
    mine[1] = s->comm_seconds / it;
    mine[2] = (double)s->recv_bytes;
    mine[3] = (double)s->sent_bytes;
    mine[4] = (double)(p->count ? p->in_off[p->count] - p->in_off[0] : 0);
    mine[5] = s->iterations;
    if (p->rank == 0)
        all = malloc((size_t)p->size * sizeof mine);
    /* Without the memory rank 0 says nothing; the others need not know. */
    MPI_Gather(mine, 6, MPI_DOUBLE, all, 6, MPI_DOUBLE, 0, p->comm);
    if (!all)
        return;
    /* The slowest rank sets the pace of a synchronous iteration. */
    for (r = 0; r < p->size; r++) {
        const double *x = all + 6 * r;

        fprintf(stderr, TR(l, RANK), r, (unsigned)p->cut[r],
                (unsigned)p->cut[r + 1], (unsigned)(p->cut[r + 1] - p->cut[r]),
                (unsigned long long)x[4], (int)x[5], x[0], x[1],
                (unsigned long long)x[2], (unsigned long long)x[3]);
        if (x[0] > slowest)
            slowest = x[0];
        if ((uint64_t)x[2] > most)
            most = (uint64_t)x[2];
    }
    fprintf(stderr, TR(l, TOTAL), p->size, (unsigned)p->n,
            (unsigned long long)p->m, s->iterations, slowest,
            (unsigned long long)most);
    free(all);
}

/*
 * run computes the metric over the part and prints or writes it.  Rank 0
 * alone touches st; *what names what failed.
 */
static bf_err run(const bf_mpi_part *p, bf_store *st, const opts *o,
                  const char **what)
{
    double *val = NULL, *all = NULL;
    uint32_t *deg = NULL, *alldeg = NULL, *mutual = NULL, k, v;
    bf_pagerank_opts po;
    bf_mpi_stats stats;
    bf_reciprocity rec;
    bf_degree_pct pct;
    int root = p->rank == 0;
    bf_err err = BF_OK;

    /* Reciprocity is one figure: summed on every rank, printed by 0. */
    memset(&pct, 0, sizeof pct);
    *what = "graph";
    if (o->m == M_RECIPROCITY) {
        mutual = malloc((p->count ? p->count : 1) * sizeof *mutual);
        deg = malloc((p->count ? p->count : 1) * sizeof *deg);
        err = bf_mpi_agree(p->comm, mutual && deg ? BF_OK : BF_ENOMEM);
        if (!err)
            err = bf_mpi_reciprocity(p, &rec, mutual);
        if (err)
            goto out;
        if (o->out) {
            bf_mpi_degree(p, BF_DEGREE_IN, deg);
            *what = o->out;
            err = bf_mpi_agree(p->comm,
                               write_part(p, o->out,
                                          "dense_id\tfollowers\tfollowed_back",
                                          NULL, deg, mutual));
            if (err)
                goto out;
        }
        if (root && o->json)
            printf("{\"reciprocity\":%.17g,\"edges\":%llu,\"mutual\":%llu}\n",
                   rec.ratio, (unsigned long long)rec.edges,
                   (unsigned long long)rec.mutual);
        else if (root)
            printf("reciprocity %.4f (%llu of %llu follows are followed "
                   "back)\n",
                   rec.ratio, (unsigned long long)rec.mutual,
                   (unsigned long long)rec.edges);
        goto out;
    }
    /* PageRank and degree give one value per account. */
    if (o->m == M_PAGERANK) {
        val = malloc((p->count ? p->count : 1) * sizeof *val);
        err = bf_mpi_agree(p->comm, val ? BF_OK : BF_ENOMEM);
        if (err)
            goto out;
        bf_pagerank_opts_init(&po);
        po.fixed_iter = (uint32_t)o->iterations;
        err = bf_mpi_pagerank(p, &po, val, NULL, &stats);
        if (err)
            goto out;
        if (o->verbose)
            report_stats(p, &stats);
    } else {
        deg = malloc((p->count ? p->count : 1) * sizeof *deg);
        err = bf_mpi_agree(p->comm, deg ? BF_OK : BF_ENOMEM);
        if (err)
            goto out;
        bf_mpi_degree(p, BF_DEGREE_IN, deg);
    }
    if (o->out) {
        *what = o->out;
        err = bf_mpi_agree(p->comm, write_part(p, o->out,
                                               val ? "dense_id\tpagerank"
                                                   : "dense_id\tfollowers",
                                               val, deg, NULL));
        if (!err && root)
            printf(TR(bf_lang_from_env(), WROTE), p->size, o->out);
        goto out;
    }
    /* Gather to rank 0, which prints as cmd_graph.c. */
    if (root) {
        all = malloc(((size_t)p->n ? p->n : 1) * sizeof *all);
        if (!val)
            alldeg = malloc(((size_t)p->n ? p->n : 1) * sizeof *alldeg);
        if (!all || (!val && !alldeg))
            err = BF_ENOMEM;
    }
    err = bf_mpi_agree(p->comm, err);
    if (!err && val)
        err = bf_mpi_gather_double(p, val, all, 0);
    else if (!err)
        err = bf_mpi_gather_u32(p, deg, alldeg, 0);
    if (err || !root)
        goto out;
    /* Degrees print through the same double array as cmd_graph.c. */
    if (!val) {
        for (v = 0; v < p->n; v++)
            all[v] = alldeg[v];
        err = degree_pct(alldeg, p->n, p->m, &pct);
        if (err)
            goto out;
    }
    k = o->top == 0 || o->top > p->n ? p->n : (uint32_t)o->top;
    *what = "account";
    err = bf_graph_print_top(stdout, st, metric_names[o->m], all, p->n, k,
                             o->m != M_PAGERANK, o->json,
                             o->m == M_DEGREE ? &pct : NULL);
out:
    free(val);
    free(all);
    free(deg);
    free(alldeg);
    free(mutual);
    return err;
}

int main(int argc, char **argv)
{
    bf_store *st = NULL;
    bf_mpi_part part;
    const char *what = "graph";
    bf_buf path;
    opts o;
    int rank = 0, status;
    bf_err err = BF_OK;

    MPI_Init(&argc, &argv);
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    memset(&part, 0, sizeof part);
    bf_buf_init(&path, 1 << 16);
    /* Every rank sees the same argv, so all of them agree here. */
    status = parse(argc, argv, rank, &o);
    if (status >= 0)
        goto done;
    /* Rank 0 alone touches the store; the others wait for its word. */
    if (rank == 0)
        err = prepare(o.dir, &st, &what);
    MPI_Bcast(&err, sizeof err, MPI_BYTE, 0, MPI_COMM_WORLD);
    if (err)
        goto out;
    /* Every rank opens graph.csr by the same path: a shared directory,
     * or the same path on each machine. */
    what = "graph";
    err = bf_buf_appendf(&path, "%s/graph.csr", o.dir);
    err = bf_mpi_agree(MPI_COMM_WORLD, err);
    if (!err)
        err = bf_mpi_part_open(path.data, MPI_COMM_WORLD, o.m == M_PAGERANK,
                               &part);
    if (!err)
        err = run(&part, st, &o, &what);
    /* Only rank 0 prints accounts, so only it may fail there. */
    err = bf_mpi_agree(MPI_COMM_WORLD, err);
out:
    status = EXIT_OKAY;
    if (err == BF_ENOTFOUND && what == o.dir) {
        if (rank == 0)
            fprintf(stderr, TR(bf_lang_from_env(), NO_STORE), o.dir);
        status = EXIT_FAIL;
    } else if (err) {
        if (rank == 0)
            fprintf(stderr,
                    bf_lang_from_env() == BF_LANG_FR ? "bonafide : %s : %s\n"
                                                     : "bonafide: %s: %s\n",
                    what, bf_strerror_lang(err, bf_lang_from_env()));
        status = EXIT_FAIL;
    }
done:
    /* Flush before MPI_Finalize, which may end the output forwarding. */
    fflush(stdout);
    bf_mpi_part_close(&part);
    bf_store_close(st);
    bf_buf_release(&path);
    MPI_Finalize();
    return status;
}
