/*
 * bench_graph.c - PageRank, k-core and reciprocity speed, against NetworkX.
 *
 * The graph is synthetic and seeded, so every run measures the same one:
 * BENCH_GRAPH_M follow edges (default 4,000,000) among BENCH_GRAPH_N
 * accounts (default 1,000,000), each from a uniform follower to a followee
 * drawn as floor(n * r^3) for uniform r, which gives the heavy-tailed
 * in-degrees of a follow graph (a few accounts with hundreds of thousands
 * of followers, most with few); duplicates are removed.  The graph is
 * built as a bf_csr in memory, as the store would map it.
 *
 * Figures, each the best of 3 passes:
 *   graph/pagerank    20 fixed iterations (bf_pagerank_opts.fixed_iter)
 *   graph/kcore       Batagelj-Zaversnik on the symmetrised graph
 *   graph/reciprocity one merge per vertex
 * in milliseconds and in million edges per second (per iteration for
 * PageRank).  When python3 has networkx, the same generator makes a
 * smaller graph (BENCH_GRAPH_NX_M edges, default 200,000, NetworkX is
 * pure Python here) that both bonafide and NetworkX measure in the same
 * run - PageRank for 20 iterations, core_number - and the ratio is
 * printed.  Without networkx that part prints a skip line.
 *
 * On the R-MAT graph and on a follows file (BENCH_FOLLOWS), the graph
 * file is also measured in both its numberings in the same run
 * (order_rows): PageRank per iteration on one and two threads, GAPBS's
 * loop transcribed to C, and k-core, over the dense ids and over the
 * local order, BENCH_ORDER_ROUNDS rounds (default 3) taking each in
 * turn; and the R-MAT file is built with and without its local order, so
 * what the order adds to the build is printed too.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#include <igraph/igraph.h>

#include "graph/graph.h"
#include "store/csr.h"

/* The NetworkX side: reads "u v" lines, times PageRank and core_number. */
static const char nx_script[] =
        "import sys, time, networkx as nx\n"
        "g = nx.DiGraph()\n"
        "g.add_nodes_from(range(int(sys.argv[2])))\n"
        "with open(sys.argv[1]) as f:\n"
        "    g.add_edges_from(tuple(map(int, l.split())) for l in f)\n"
        "try:\n"
        "    import scipy\n"
        "    pr = nx.pagerank\n"
        "    how = 'pagerank'\n"
        "except ImportError:\n"
        "    from networkx.algorithms.link_analysis.pagerank_alg import "
        "_pagerank_python as pr\n"
        "    how = '_pagerank_python'\n"
        "best = 1e9\n"
        "for _ in range(2):\n"
        "    t = time.perf_counter()\n"
        "    try:\n"
        "        pr(g, alpha=0.85, tol=0.0, max_iter=20)\n"
        "    except nx.PowerIterationFailedConvergence:\n"
        "        pass\n"
        "    best = min(best, time.perf_counter() - t)\n"
        "u = g.to_undirected()\n"
        "u.remove_edges_from(nx.selfloop_edges(u))\n"
        "bc = 1e9\n"
        "for _ in range(2):\n"
        "    t = time.perf_counter()\n"
        "    nx.core_number(u)\n"
        "    bc = min(bc, time.perf_counter() - t)\n"
        "print(nx.__version__, how, best, bc)\n";

typedef struct edge {
    uint32_t u, v;
} edge;

typedef struct bgraph {
    bf_csr g;
    uint64_t *out_off, *in_off;
    uint32_t *out_adj, *in_adj;
} bgraph;

static double now(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static uint64_t rnd(uint64_t *s)
{
    uint64_t z = (*s += 0x9e3779b97f4a7c15ULL);

    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

static unsigned long env_ul(const char *name, unsigned long def)
{
    const char *s = getenv(name);

    return s && *s ? strtoul(s, NULL, 10) : def;
}

static int cmp_edge(const void *a, const void *b)
{
    const edge *x = a, *y = b;

    if (x->u != y->u)
        return x->u < y->u ? -1 : 1;
    return x->v < y->v ? -1 : x->v > y->v;
}

/*
 * side fills one direction of the CSR from e (sorted by u then v, no
 * duplicates) with a counting pass.
 */
static void side(const edge *e, size_t m, uint32_t n, int rev, uint64_t *off,
                 uint32_t *adj)
{
    size_t i;
    uint32_t v;

    memset(off, 0, ((size_t)n + 1) * sizeof *off);
    for (i = 0; i < m; i++)
        off[(rev ? e[i].v : e[i].u) + 1]++;
    for (v = 0; v < n; v++)
        off[v + 1] += off[v];
    /* Edges sorted by (u, v): a stable scatter keeps every list sorted. */
    {
        uint64_t *fill = malloc(((size_t)n + 1) * sizeof *fill);

        if (!fill)
            exit(1);
        memcpy(fill, off, ((size_t)n + 1) * sizeof *fill);
        for (i = 0; i < m; i++) {
            if (rev)
                adj[fill[e[i].v]++] = e[i].u;
            else
                adj[fill[e[i].u]++] = e[i].v;
        }
        free(fill);
    }
}

/*
 * rmat_edges draws m R-MAT edges over n = 2^scale vertices (Chakrabarti,
 * Zhan & Faloutsos 2004) with the Graph500 / GAPBS kron probabilities
 * a = 0.57, b = c = 0.19, d = 0.05, then renames the vertices by a seeded
 * random permutation, as GAPBS does, so that hubs are not packed at low
 * ids.
 */
static void rmat_edges(edge *e, uint32_t n, size_t m)
{
    uint32_t *perm = malloc((size_t)n * sizeof *perm), v, scale = 0;
    uint64_t seed = 2004;
    size_t i;

    if (!perm)
        exit(1);
    while ((1u << scale) < n)
        scale++;
    for (v = 0; v < n; v++)
        perm[v] = v;
    for (v = n - 1; v > 0; v--) {
        uint32_t j = (uint32_t)(rnd(&seed) % (v + 1)), t = perm[v];

        perm[v] = perm[j];
        perm[j] = t;
    }
    for (i = 0; i < m; i++) {
        uint32_t u = 0, w = 0, l;

        for (l = 0; l < scale; l++) {
            uint64_t r = rnd(&seed) % 100;

            u = u << 1 | (r >= 76); /* c + d: 0.19 + 0.05 */
            w = w << 1 | ((r >= 57 && r < 76) || r >= 95);
        }
        e[i].u = perm[u % n];
        e[i].v = perm[w % n];
    }
    free(perm);
}

/*
 * make builds the seeded graph of about m edges on n vertices; when path
 * is not NULL the edges are also written there as "u v" lines.
 */
static int make(bgraph *b, uint32_t n, size_t m, const char *path, int rmat)
{
    edge *e = malloc(m * sizeof *e);
    uint64_t seed = 2010;
    size_t i, k = 0;

    if (!e)
        return -1;
    if (rmat) {
        rmat_edges(e, n, m);
    } else {
        for (i = 0; i < m; i++) {
            double r = (double)(rnd(&seed) >> 11) / 9007199254740992.0;

            e[i].u = (uint32_t)(rnd(&seed) % n);
            e[i].v = (uint32_t)(n * r * r * r);
        }
    }
    qsort(e, m, sizeof *e, cmp_edge);
    for (i = 0; i < m; i++)
        if (!k || cmp_edge(&e[i], &e[k - 1]))
            e[k++] = e[i];
    b->out_off = malloc(((size_t)n + 1) * sizeof *b->out_off);
    b->in_off = malloc(((size_t)n + 1) * sizeof *b->in_off);
    b->out_adj = malloc(k * sizeof *b->out_adj);
    b->in_adj = malloc(k * sizeof *b->in_adj);
    if (!b->out_off || !b->in_off || !b->out_adj || !b->in_adj)
        return -1;
    side(e, k, n, 0, b->out_off, b->out_adj);
    side(e, k, n, 1, b->in_off, b->in_adj);
    memset(&b->g, 0, sizeof b->g);
    b->g.n = n;
    b->g.m = k;
    b->g.out_off = b->out_off;
    b->g.out_adj = b->out_adj;
    b->g.in_off = b->in_off;
    b->g.in_adj = b->in_adj;
    if (path) {
        FILE *f = fopen(path, "w");

        if (!f)
            return -1;
        for (i = 0; i < k; i++)
            fprintf(f, "%u %u\n", e[i].u, e[i].v);
        fclose(f);
    }
    free(e);
    return 0;
}

static void release(bgraph *b)
{
    free(b->out_off);
    free(b->in_off);
    free(b->out_adj);
    free(b->in_adj);
}

/* Best of 3 times of PageRank (20 iterations) and k-core, in seconds. */
static void measure(const bgraph *b, double *t_pr, double *t_core,
                    double *t_rec)
{
    bf_pagerank_opts o;
    bf_reciprocity r;
    double *rank = malloc((size_t)b->g.n * sizeof *rank), t;
    uint32_t *core = malloc((size_t)b->g.n * sizeof *core);
    int i, it;

    if (!rank || !core)
        exit(1);
    bf_pagerank_opts_init(&o);
    o.fixed_iter = 20;
    *t_pr = *t_core = *t_rec = 1e9;
    for (i = 0; i < 3; i++) {
        t = now();
        if (bf_graph_pagerank(&b->g, &o, rank, &it) || it != 20)
            exit(1);
        t = now() - t;
        *t_pr = t < *t_pr ? t : *t_pr;
        t = now();
        if (bf_graph_kcore(&b->g, core))
            exit(1);
        t = now() - t;
        *t_core = t < *t_core ? t : *t_core;
        t = now();
        if (bf_graph_reciprocity(&b->g, &r))
            exit(1);
        t = now() - t;
        *t_rec = t < *t_rec ? t : *t_rec;
    }
    free(rank);
    free(core);
}

/* pr_time is the best of reps runs of 20 PageRank iterations on t threads. */
static double pr_time(const bf_csr *g, uint32_t threads, int reps)
{
    bf_pagerank_opts o;
    double *rank = malloc((size_t)g->n * sizeof *rank), best = 1e9, t;
    int i, it;

    if (!rank)
        exit(1);
    bf_pagerank_opts_init(&o);
    o.fixed_iter = 20;
    o.threads = threads;
    for (i = 0; i < reps; i++) {
        t = now();
        if (bf_graph_pagerank(g, &o, rank, &it) || it != 20)
            exit(1);
        t = now() - t;
        best = t < best ? t : best;
    }
    free(rank);
    return best;
}

/*
 * gather_rate is gathers per second: the sum of x[in_adj[e]] over every
 * in-edge of the graph, with x an array of n floats, the memory access of
 * a pull PageRank's float phase without its arithmetic.  PageRank cannot
 * beat it on this graph, so it is the ceiling the bench reports against.
 * in_adj is the dense one, or the local order's (local = 1).
 */
static double gather_rate(const bf_csr *g, int local)
{
    const uint32_t *adj = local ? g->lo_in_adj : g->in_adj;
    uint32_t n = g->n;
    size_t m = g->m, i;
    float *x = malloc((size_t)n * sizeof *x);
    double sum = 0, t, best = 1e9;
    int r;

    if (!x)
        exit(1);
    for (i = 0; i < n; i++)
        x[i] = (float)i;
    for (r = 0; r < 3; r++) {
        t = now();
        for (i = 0; i < m; i++)
            sum += x[adj[i]];
        t = now() - t;
        best = t < best ? t : best;
    }
    if (sum < 0) /* keeps the loop */
        printf("%g\n", sum);
    free(x);
    return (double)m / best;
}

/* mem_available is MemAvailable of /proc/meminfo in bytes (0 unknown). */
static double mem_available(void)
{
    char line[128];
    double kb = 0;
    FILE *f = fopen("/proc/meminfo", "r");

    if (!f)
        return 0;
    while (fgets(line, sizeof line, f))
        if (sscanf(line, "MemAvailable: %lf kB", &kb) == 1)
            break;
    fclose(f);
    return kb * 1024;
}

/* igraph_prpack times igraph_pagerank (PRPACK) on the same graph. */
static double igraph_prpack(const bgraph *b, double *out_build)
{
    igraph_vector_int_t ev;
    igraph_vector_t res;
    igraph_real_t value;
    igraph_t ig;
    double t;
    uint32_t u;
    uint64_t e, k = 0;

    if (igraph_vector_int_init(&ev, (igraph_integer_t)(2 * b->g.m)))
        return -1;
    for (u = 0; u < b->g.n; u++)
        for (e = b->g.out_off[u]; e < b->g.out_off[u + 1]; e++) {
            VECTOR(ev)[k++] = u;
            VECTOR(ev)[k++] = b->g.out_adj[e];
        }
    t = now();
    if (igraph_create(&ig, &ev, (igraph_integer_t)b->g.n, IGRAPH_DIRECTED))
        return -1;
    *out_build = now() - t;
    igraph_vector_int_destroy(&ev);
    igraph_vector_init(&res, 0);
    t = now();
    if (igraph_pagerank(&ig, IGRAPH_PAGERANK_ALGO_PRPACK, &res, &value,
                        igraph_vss_all(), 1, 0.85, NULL, NULL))
        return -1;
    t = now() - t;
    igraph_vector_destroy(&res);
    igraph_destroy(&ig);
    return t;
}

/*
 * csr_build_time times bonafide's graph-file build on the graph's edges:
 * bf__csr_write sorts them (radix), removes duplicates, lays out both
 * directions and writes graph.csr with its checksums, fsync included.
 * The edges are added in a shuffled order, as follows arrive.  The file
 * is left at path (a mkstemp template, filled in).  -1 when the build
 * fails.
 */
static double csr_build_time(const bgraph *b, char *path, int order)
{
    bf__csr_edges e;
    uint64_t seed = 5;
    uint32_t u, start = 0;
    double t;
    bf_err err = BF_OK;
    int fd = mkstemp(path);

    if (fd < 0)
        return -1;
    close(fd);
    bf__csr_edges_init(&e, b->g.n);
    if (!order)
        e.order_min_n = UINT32_MAX;
    t = now();
    /* Vertices from a random start, so the input is not already sorted. */
    start = (uint32_t)(rnd(&seed) % (b->g.n ? b->g.n : 1));
    for (u = 0; u < b->g.n && !err; u++) {
        uint32_t x = (start + u) % b->g.n;
        uint64_t k;

        for (k = b->g.out_off[x]; k < b->g.out_off[x + 1] && !err; k++)
            err = bf__csr_edges_add(&e, x, b->g.out_adj[k]);
    }
    if (!err)
        err = bf__csr_write(path, &e, 1);
    t = now() - t;
    bf__csr_edges_release(&e);
    return err ? -1 : t;
}

/* pr_rows prints the PageRank rows of one numbering of a graph. */
static void pr_rows(const char *graph, const char *how, uint64_t m, double t1,
                    double t2, double gr)
{
    printf("%s/pagerank (%s)\n", graph, how);
    printf("  1 thread   20 iter %8.1f ms  %6.3f G edge-iter/s"
           "  (%.0f%% of its gather)\n",
           t1 * 1e3, 20.0 * m / t1 / 1e9, 100.0 * 20.0 * m / t1 / gr);
    printf("  2 threads  20 iter %8.1f ms  %6.3f G edge-iter/s"
           "  (%.0f%% of its gather)\n",
           t2 * 1e3, 20.0 * m / t2 / 1e9, 100.0 * 20.0 * m / t2 / gr);
    printf("  gather of its in-edges (1 thread)  %6.3f G gathers/s\n",
           gr / 1e9);
}

/*
 * gapbs_pr runs the GAP Benchmark Suite's `pr` (Beamer, Asanovic &
 * Patterson 2015), built from its sources and named by BENCH_GAPBS_PR, on
 * the serialized graph at path (.sg) with the given number of OpenMP
 * threads: `trials` trials of exactly 20 iterations (tolerance 0).  It
 * returns the best "Trial Time" in seconds, or 0 when the run failed or
 * GAPBS did not report g's vertex and edge counts.
 * Its PageRank is a pull Gauss-Seidel sweep; its trial time covers the
 * kernel only, not the reading of the graph.
 */
static double gapbs_pr(const char *pr, const char *path, int threads,
                       int trials, const bf_csr *g)
{
    char cmd[1024], line[256];
    unsigned long long n = 0, m = 0;
    double best = 0, t;
    FILE *f;

    snprintf(cmd, sizeof cmd,
             "OMP_NUM_THREADS=%d '%s' -f '%s' -n %d -i 20 -t 0 2>/dev/null",
             threads, pr, path, trials);
    f = popen(cmd, "r");
    if (!f)
        return 0;
    while (fgets(line, sizeof line, f)) {
        if (sscanf(line, "Trial Time: %lf", &t) == 1 && (!best || t < best))
            best = t;
        sscanf(line, "Graph has %llu nodes and %llu", &n, &m);
    }
    if (pclose(f) != 0 || n != g->n || m != g->m)
        return 0; /* failed, or read another graph than g */
    return best;
}

/*
 * write_sg writes g in GAPBS's serialized format, which its reader takes
 * as it is (no sorting, no removal of self-loops), so both programs run on
 * exactly the same edges: a bool "directed", the edge and vertex counts
 * (int64), then the out-offsets (int64, n + 1) and out-neighbours (int32),
 * and the same for the in-direction.  g's offsets are uint64 and its
 * neighbours below 2^31 in any graph this bench makes, so the arrays are
 * written as they are.  A graph file that carries a local order is
 * written in it, the numbering bonafide's PageRank iterates over, so
 * that GAPBS runs on the same numbering and only the loops differ.
 * 0 on success.
 */
static int write_sg(const bf_csr *dense, FILE *f)
{
    bf_csr lo;
    const bf_csr *g = bf__graph_local(dense, &lo) ? &lo : dense;

    const unsigned char directed = 1;
    int64_t m = (int64_t)g->m, n = (int64_t)g->n;
    size_t no = (size_t)g->n + 1;

    return fwrite(&directed, 1, 1, f) != 1 || fwrite(&m, 8, 1, f) != 1 ||
           fwrite(&n, 8, 1, f) != 1 || fwrite(g->out_off, 8, no, f) != no ||
           fwrite(g->out_adj, 4, g->m, f) != g->m ||
           fwrite(g->in_off, 8, no, f) != no ||
           fwrite(g->in_adj, 4, g->m, f) != g->m;
}

/*
 * gapbs_rows prints GAPBS's rate on the graph beside bonafide's t1 and t2
 * (seconds for 20 iterations on one and two threads) when BENCH_GAPBS_PR
 * names its `pr`, the best of `trials`; otherwise its published figures
 * (the text `published`), marked as such.  The graph goes to a temporary .sg file in dir.
 */
static void gapbs_rows(const bf_csr *g, double t1, double t2, const char *dir,
                       int trials, const char *published)
{
    const char *pr = getenv("BENCH_GAPBS_PR");
    char path[4096];
    double g1 = 0, g2 = 0;
    FILE *f;
    int fd, bad;

    if (!pr || !*pr) {
        printf("GAPBS pr (published, not measured here; %s) "
               "(BENCH_GAPBS_PR=path/to/pr measures it)\n",
               published);
        return;
    }
    snprintf(path, sizeof path, "%s/bf-bench-XXXXXX.sg", dir);
    fd = mkstemps(path, 3); /* GAPBS reads the format from .sg */
    f = fd < 0 ? NULL : fdopen(fd, "w");
    if (!f) {
        if (fd >= 0) {
            close(fd);
            unlink(path);
        }
        printf("GAPBS pr: skipped, no temporary file in %s\n", dir);
        return;
    }
    bad = write_sg(g, f);
    if (fclose(f) == 0 && !bad) {
        g1 = gapbs_pr(pr, path, 1, trials, g);
        g2 = gapbs_pr(pr, path, 2, trials, g);
    }
    unlink(path);
    if (g1 <= 0 || g2 <= 0) {
        printf("GAPBS pr: skipped, %s failed\n", pr);
        return;
    }
    printf("GAPBS pr (measured, same graph, 20 iter, best of %d):\n", trials);
    printf("  1 thread   20 iter %8.1f ms  %6.3f G edge-iter/s  bonafide "
           "%.2fx\n",
           g1 * 1e3, 20.0 * g->m / g1 / 1e9, g1 / t1);
    printf("  2 threads  20 iter %8.1f ms  %6.3f G edge-iter/s  bonafide "
           "%.2fx\n",
           g2 * 1e3, 20.0 * g->m / g2 / 1e9, g2 / t2);
}

/*
 * gap_loop is GAPBS's PageRank kernel (pr.cc, PageRankPullGS) transcribed
 * to C, one thread: a Gauss-Seidel pull over the in-edges with float
 * scores and contributions, each in-list summed into a float, the
 * contribution rewritten in place.  It is not GAPBS (which the bench
 * runs when BENCH_GAPBS_PR names it), but its loop, run here on the same
 * arrays and the same numbering as bonafide's, so the two inner loops
 * are compared with nothing else differing.  Seconds for 20 iterations.
 */
static double gap_loop(const bf_csr *g)
{
    uint32_t n = g->n, u;
    float *score = malloc((size_t)n * sizeof *score);
    float *contrib = malloc((size_t)n * sizeof *contrib);
    float init = 1.0f / (float)n, base = (1.0f - 0.85f) / (float)n;
    double err = 0, t;
    int it;

    if (!score || !contrib)
        exit(1);
    for (u = 0; u < n; u++) {
        score[u] = init;
        contrib[u] = init / (float)(g->out_off[u + 1] - g->out_off[u]);
    }
    t = now();
    for (it = 0; it < 20; it++) {
        for (u = 0; u < n; u++) {
            float total = 0.0f, old = score[u];
            uint64_t e;

            for (e = g->in_off[u]; e < g->in_off[u + 1]; e++)
                total += contrib[g->in_adj[e]];
            score[u] = base + 0.85f * total;
            err += fabs(score[u] - old);
            contrib[u] = score[u] / (float)(g->out_off[u + 1] - g->out_off[u]);
        }
    }
    t = now() - t;
    if (err < 0) /* keeps the loop */
        printf("%g\n", err);
    free(score);
    free(contrib);
    return t;
}

/* kcore_time is the time of one bf_graph_kcore on g, in seconds. */
static double kcore_time(const bf_csr *g)
{
    uint32_t *core = malloc((size_t)g->n * sizeof *core);
    double t;

    if (!core)
        exit(1);
    t = now();
    if (bf_graph_kcore(g, core))
        exit(1);
    t = now() - t;
    free(core);
    return t;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;

    return x < y ? -1 : x > y;
}

/*
 * order_rows measures a graph file's two numberings in one run: PageRank
 * (20 iterations, one and two threads), GAPBS's loop transcribed
 * (gap_loop) and k-core, over the dense ids (the file read without its
 * local order) and over the local order, in rounds that take each in
 * turn, so a busy spell of the machine falls on both.  It prints the
 * best and the median of the rounds per iteration (PageRank) or per run
 * (k-core).
 */
static void order_rows(const char *graph, const bf_csr *g, int rounds)
{
    enum { PR1, PR2, GAP, CORE, WHAT };

    static const char *const what[WHAT] = { "pagerank, 1 thread, per iter",
                                            "pagerank, 2 threads, per iter",
                                            "GAPBS loop, 1 thread, per iter",
                                            "k-core" };
    double *t[2][WHAT], best[2], med[2];
    bf_csr plain = *g;
    int r, w, o;

    if (!g->order)
        return;
    plain.order = NULL;
    for (o = 0; o < 2; o++)
        for (w = 0; w < WHAT; w++) {
            t[o][w] = malloc((size_t)rounds * sizeof *t[o][w]);
            if (!t[o][w])
                exit(1);
        }
    for (r = 0; r < rounds; r++) {
        for (o = 0; o < 2; o++) {
            const bf_csr *x = o ? g : &plain;
            bf_csr lo;

            t[o][PR1][r] = pr_time(x, 1, 1) / 20;
            t[o][PR2][r] = pr_time(x, 2, 1) / 20;
            t[o][GAP][r] =
                    gap_loop(o && bf__graph_local(g, &lo) ? &lo : x) / 20;
            t[o][CORE][r] = kcore_time(x);
        }
    }
    printf("%s: dense ids against the local order, %d rounds, best / median "
           "in ms\n",
           graph, rounds);
    for (w = 0; w < WHAT; w++) {
        for (o = 0; o < 2; o++) {
            qsort(t[o][w], (size_t)rounds, sizeof *t[o][w], cmp_double);
            best[o] = t[o][w][0] * 1e3;
            med[o] = t[o][w][rounds / 2] * 1e3;
        }
        printf("  %-31s dense %8.1f / %8.1f   local %8.1f / %8.1f   %.2fx\n",
               what[w], best[0], med[0], best[1], med[1], med[0] / med[1]);
    }
    printf("  bonafide against the GAPBS loop, same numbering (medians): "
           "dense %.2fx, local %.2fx\n",
           t[0][GAP][rounds / 2] / t[0][PR1][rounds / 2],
           t[1][GAP][rounds / 2] / t[1][PR1][rounds / 2]);
    for (o = 0; o < 2; o++)
        for (w = 0; w < WHAT; w++)
            free(t[o][w]);
}

/*
 * rmat_section measures PageRank on an R-MAT graph on one and two
 * threads beside the random-gather ceiling, igraph's PRPACK and GAPBS
 * (measured when BENCH_GAPBS_PR names its `pr`, else its published
 * figures): first over the dense ids of the graph as drawn,
 * then over the graph file bonafide builds from the same edges, whose
 * local order is what `bonafide graph pagerank` iterates over.
 */
static void rmat_section(void)
{
    uint32_t n = (uint32_t)env_ul("BENCH_RMAT_N", 1u << 21);
    size_t m = env_ul("BENCH_RMAT_M", 32u << 20);
    double t1, t2, gr, tig, tcsr, tplain, tbuild = 0, avail, t0 = now();
    int ig_fits, mapped = 0;
    char path[] = "/tmp/bf-bench-csr-XXXXXX";
    char plain[] = "/tmp/bf-bench-csr-XXXXXX";
    bf__csr_file f;
    bgraph b;

    if (make(&b, n, m, NULL, 1)) {
        fprintf(stderr, "bench_graph: out of memory\n");
        exit(1);
    }
    printf("rmat: %u vertices, %llu distinct edges of %zu drawn "
           "(a=.57 b=c=.19, permuted; built in %.1f s)\n",
           b.g.n, (unsigned long long)b.g.m, m, now() - t0);
    t1 = pr_time(&b.g, 1, 2);
    t2 = pr_time(&b.g, 2, 2);
    gr = gather_rate(&b.g, 0);
    pr_rows("rmat", "dense ids", b.g.m, t1, t2, gr);
    /* The same file without its local order first, for what the order
     * adds to the build. */
    tplain = csr_build_time(&b, plain, 0);
    unlink(plain);
    tcsr = csr_build_time(&b, path, 1);
    if (tcsr > 0 && tplain > 0)
        printf("rmat/csr build: %.1f ms with the local order, %.1f ms "
               "without (+%.0f%%)\n",
               tcsr * 1e3, tplain * 1e3, 100.0 * (tcsr - tplain) / tplain);
    if (tcsr > 0 && bf__csr_map(path, &f) == BF_OK) {
        mapped = 1;
        if (f.g.order) {
            /* Best of 3, as GAPBS's trials below. */
            t1 = pr_time(&f.g, 1, 3);
            t2 = pr_time(&f.g, 2, 3);
            pr_rows("rmat", "graph file, local order", f.g.m, t1, t2,
                    gather_rate(&f.g, 1));
            order_rows("rmat", &f.g, (int)env_ul("BENCH_ORDER_ROUNDS", 3));
        }
    }
    /* igraph_create took about 56 bytes per edge on 263 M edges. */
    avail = mem_available();
    ig_fits = avail <= 0 || 64.0 * b.g.m <= avail;
    tig = ig_fits ? igraph_prpack(&b, &tbuild) : -1;
    if (tig > 0)
        printf("igraph %s PRPACK (to convergence, 1 thread): %.1f ms "
               "(+%.1f ms igraph_create); bonafide 20 iter %.1f ms\n",
               IGRAPH_VERSION, tig * 1e3, tbuild * 1e3, t1 * 1e3);
    else if (!ig_fits)
        printf("igraph: skipped, about %.1f GB needed for %llu edges, "
               "%.1f GB available\n",
               64.0 * b.g.m / 1e9, (unsigned long long)b.g.m, avail / 1e9);
    else
        printf("igraph: skipped, igraph_pagerank failed\n");
    if (tcsr > 0 && tig > 0)
        printf("rmat/csr build (sort, dedupe, both directions, write) "
               "%.1f ms  %.1f M edges/s; igraph_create %.1f ms: %.1fx\n",
               tcsr * 1e3, b.g.m / tcsr / 1e6, tbuild * 1e3, tbuild / tcsr);
    else if (tcsr > 0)
        printf("rmat/csr build %.1f ms  %.1f M edges/s\n", tcsr * 1e3,
               b.g.m / tcsr / 1e6);
    else
        printf("rmat/csr build: failed\n");
    gapbs_rows(mapped ? &f.g : &b.g, t1, t2,
               getenv("TMPDIR") && *getenv("TMPDIR") ? getenv("TMPDIR")
                                                     : "/tmp",
               3,
               "R-MAT 2.1M/32.8M: 0.82 G edge-iter/s 1 thread, 1.70 G 2 "
               "threads");
    if (mapped)
        bf__csr_unmap(&f);
    unlink(path);
    release(&b);
}

/*
 * The follows section reads a follows CSV as `bonafide sim` writes it
 * (a header, then follower,followee,position with numeric native ids; a
 * named pipe the generator is writing works) and builds the graph file
 * from it the way the store builds its own from the segments: native ids
 * numbered densely in order of appearance, bf__csr_edges under the store's
 * memory budget (BONAFIDE_CSR_MEMORY), runs spilled into the output
 * directory, positions kept.  Then PageRank on one and two threads, the
 * gather ceiling and GAPBS on the same graph, as in the R-MAT section.
 * bench/bench_twitter.sh drives it on a world of Twitter's size.
 */
typedef struct idmap {
    uint64_t *key; /* native id + 1, 0 for an empty slot */
    uint32_t *val;
    uint64_t mask;
    uint32_t len;
} idmap;

/* dense returns the dense id of native id, numbering it when new, or -1
 * when the map already holds cap ids. */
static int64_t dense(idmap *m, uint64_t id, uint32_t cap)
{
    uint64_t k = id + 1, i = (k * 0x9e3779b97f4a7c15ULL) >> 20 & m->mask;

    while (m->key[i] && m->key[i] != k)
        i = (i + 1) & m->mask;
    if (m->key[i])
        return m->val[i];
    if (m->len == cap)
        return -1;
    m->key[i] = k;
    m->val[i] = m->len;
    return m->len++;
}

/* field parses the decimal number at *p up to c, leaving *p past c; -1
 * when there is no digit, more than 19 or another byte before c. */
static int64_t field(const char **p, char c)
{
    const char *s = *p;
    uint64_t v = 0;
    int d = 0;

    while (*s >= '0' && *s <= '9' && d < 19)
        v = v * 10 + (uint64_t)(*s++ - '0'), d++;
    if (!d || *s != c)
        return -1;
    *p = s + 1;
    return (int64_t)v;
}

/* follows_read adds the edges of the CSV at path to e; -1 on a bad line. */
static int follows_read(const char *path, bf__csr_edges *e, idmap *m,
                        uint64_t *lines)
{
    FILE *f = fopen(path, "r");
    char *line = NULL;
    size_t cap = 0;
    ssize_t len;
    int rc = 0;

    if (!f)
        return -1;
    while (rc == 0 && (len = getline(&line, &cap, f)) > 0) {
        const char *p = line;
        int64_t u, v, pos, a, b;

        if (line[0] < '0' || line[0] > '9') /* the header */
            continue;
        if (line[len - 1] != '\n') /* a last line without one */
            line[len] = '\n';      /* over the NUL, within the buffer */
        u = field(&p, ',');
        v = u < 0 ? -1 : field(&p, ',');
        pos = v < 0 ? -1 : field(&p, '\n');
        a = pos < 0 ? -1 : dense(m, (uint64_t)u, e->n);
        b = a < 0 ? -1 : dense(m, (uint64_t)v, e->n);
        if (b < 0 || pos > INT32_MAX ||
            bf__csr_edges_add_pos(e, (uint32_t)a, (uint32_t)b, (int32_t)pos) !=
                    BF_OK) {
            fprintf(stderr,
                    "bench_graph: %s:%llu: bad line or too many "
                    "ids\n",
                    path, (unsigned long long)*lines + 2);
            rc = -1;
        }
        ++*lines;
    }
    free(line);
    if (ferror(f))
        rc = -1;
    fclose(f);
    return rc;
}

/* peak_rss_gib is the process's largest resident set so far, in GiB. */
static double peak_rss_gib(void)
{
    struct rusage ru;

    getrusage(RUSAGE_SELF, &ru);
    return ru.ru_maxrss / 1048576.0; /* kB */
}

static int follows_section(const char *csv)
{
    uint32_t n = (uint32_t)env_ul("BENCH_FOLLOWS_N", 0);
    int reps = (int)env_ul("BENCH_FOLLOWS_REPS", 3);
    const char *dir = getenv("BENCH_FOLLOWS_DIR");
    char path[4096];
    uint64_t lines = 0, slots = 1;
    double t0 = now(), tread, twrite, t1, t2;
    bf__csr_edges e;
    bf__csr_file f;
    idmap m = { 0 };
    bf_err err;

    if (!n || !dir || !*dir) {
        fprintf(stderr, "bench_graph: BENCH_FOLLOWS needs BENCH_FOLLOWS_N "
                        "(accounts) and BENCH_FOLLOWS_DIR\n");
        return 1;
    }
    while (slots < 2ull * n)
        slots <<= 1;
    m.mask = slots - 1;
    m.key = calloc(slots, sizeof *m.key);
    m.val = malloc(slots * sizeof *m.val);
    snprintf(path, sizeof path, "%s/graph.csr", dir);
    bf__csr_edges_init(&e, n);
    if (!m.key || !m.val || bf__csr_edges_set_dir(&e, dir) != BF_OK) {
        fprintf(stderr, "bench_graph: out of memory\n");
        return 1;
    }
    if (follows_read(csv, &e, &m, &lines)) {
        fprintf(stderr, "bench_graph: cannot read %s\n", csv);
        return 1;
    }
    free(m.key);
    free(m.val);
    tread = now() - t0;
    t0 = now();
    err = bf__csr_write(path, &e, 1);
    twrite = now() - t0;
    bf__csr_edges_release(&e);
    if (err || bf__csr_map(path, &f) != BF_OK) {
        fprintf(stderr, "bench_graph: graph file: %s\n", bf_strerror(err));
        return 1;
    }
    printf("follows: %llu lines, %u ids, %u vertices, %llu distinct edges; "
           "read %.1f s, graph file %.1f s (%.1f M edges/s), %.1f GB\n",
           (unsigned long long)lines, m.len, f.g.n, (unsigned long long)f.g.m,
           tread, twrite, f.g.m / twrite / 1e6, f.size / 1e9);
    printf("follows: peak resident memory %.2f GiB so far\n", peak_rss_gib());
    t1 = pr_time(&f.g, 1, reps);
    t2 = pr_time(&f.g, 2, reps);
    pr_rows("follows", f.g.order ? "graph file, local order" : "graph file",
            f.g.m, t1, t2, gather_rate(&f.g, f.g.order != NULL));
    order_rows("follows", &f.g, (int)env_ul("BENCH_ORDER_ROUNDS", 3));
    printf("follows: peak resident memory %.2f GiB, graph file pages "
           "included\n",
           peak_rss_gib());
    gapbs_rows(&f.g, t1, t2, dir, reps,
               "Kronecker 1.05 G edges: 0.24 G edge-iter/s 1 thread, 0.46 G "
               "2 threads");
    bf__csr_unmap(&f);
    unlink(path);
    return 0;
}

/* The python3-igraph side: PRPACK PageRank on the "u v" edge file. */
static const char ig_script[] =
        "import sys, time, igraph\n"
        "es = [tuple(map(int, l.split())) for l in open(sys.argv[1])]\n"
        "g = igraph.Graph(n=int(sys.argv[2]), edges=es, directed=True)\n"
        "best = 1e9\n"
        "for _ in range(3):\n"
        "    t = time.perf_counter()\n"
        "    g.pagerank(damping=0.85, implementation='prpack')\n"
        "    best = min(best, time.perf_counter() - t)\n"
        "print(igraph.__version__, best)\n";

int main(void)
{
    uint32_t n = (uint32_t)env_ul("BENCH_GRAPH_N", 1000000);
    size_t m = env_ul("BENCH_GRAPH_M", 4000000);
    size_t nm = env_ul("BENCH_GRAPH_NX_M", 200000);
    char dir[] = "/tmp/bench_graph.XXXXXX", epath[64], spath[64];
    char cmd[512], ver[64], how[64];
    double tp, tc, tr, np, nc;
    bgraph b;
    FILE *f;

    if (getenv("BENCH_FOLLOWS"))
        return follows_section(getenv("BENCH_FOLLOWS"));
    if (!getenv("BENCH_RMAT_SKIP"))
        rmat_section();
    if (make(&b, n, m, NULL, 0)) {
        fprintf(stderr, "bench_graph: out of memory\n");
        return 1;
    }
    measure(&b, &tp, &tc, &tr);
    printf("graph: %u vertices, %llu edges (seeded power law)\n", b.g.n,
           (unsigned long long)b.g.m);
    printf("graph/pagerank    20 iter %8.1f ms  %7.1f M edges/s/iter\n",
           tp * 1e3, 20.0 * b.g.m / tp / 1e6);
    printf("graph/kcore               %8.1f ms  %7.1f M edges/s\n", tc * 1e3,
           b.g.m / tc / 1e6);
    printf("graph/reciprocity         %8.1f ms  %7.1f M edges/s\n", tr * 1e3,
           b.g.m / tr / 1e6);
    release(&b);

    if (system("python3 -c 'import networkx' >/dev/null 2>&1") != 0) {
        printf("networkx: skipped, python3 has no networkx\n");
        return 0;
    }
    if (!mkdtemp(dir))
        return 1;
    snprintf(epath, sizeof epath, "%s/edges.txt", dir);
    snprintf(spath, sizeof spath, "%s/nx.py", dir);
    n = (uint32_t)(nm / 4 ? nm / 4 : 1);
    f = fopen(spath, "w");
    if (!f || make(&b, n, nm, epath, 0)) {
        if (f)
            fclose(f);
        return 1;
    }
    fputs(nx_script, f);
    fclose(f);
    measure(&b, &tp, &tc, &tr);
    snprintf(cmd, sizeof cmd, "python3 %s %s %u", spath, epath, n);
    f = popen(cmd, "r");
    if (!f || fscanf(f, "%63s %63s %lf %lf", ver, how, &np, &nc) != 4) {
        printf("networkx: skipped, the script failed\n");
        np = nc = 0;
    }
    if (f)
        pclose(f);
    if (np > 0) {
        printf("same graph for both: %u vertices, %llu edges; networkx %s "
               "(%s)\n",
               b.g.n, (unsigned long long)b.g.m, ver, how);
        printf("pagerank 20 iter: bonafide %.2f ms, networkx %.0f ms, "
               "ratio %.0fx\n",
               tp * 1e3, np * 1e3, np / tp);
        printf("kcore:            bonafide %.2f ms, networkx %.0f ms, "
               "ratio %.0fx\n",
               tc * 1e3, nc * 1e3, nc / tc);
    }
    f = fopen(spath, "w");
    if (f) {
        fputs(ig_script, f);
        fclose(f);
        /* Debian's python3-igraph lives in the system python3. */
        snprintf(cmd, sizeof cmd,
                 "P=python3; python3 -c 'import igraph' 2>/dev/null || "
                 "P=/usr/bin/python3; $P %s %s %u 2>/dev/null",
                 spath, epath, n);
        f = popen(cmd, "r");
    }
    if (!f || fscanf(f, "%63s %lf", ver, &np) != 2)
        printf("python3-igraph: skipped, not installed or the script "
               "failed\n");
    else
        printf("pagerank: python3-igraph %s PRPACK (to convergence) %.2f ms "
               "on the same graph\n",
               ver, np * 1e3);
    if (f)
        pclose(f);
    release(&b);
    unlink(epath);
    unlink(spath);
    rmdir(dir);
    return 0;
}
