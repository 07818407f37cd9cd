/*
 * test_graph.c - degrees, percentiles, reciprocity, ranking, PageRank and
 * k-core on hand-built graphs and on SNAP's ego-Facebook graph.
 *
 * Graphs are built here from edge lists (sorted, deduplicated, both
 * adjacencies), without the store, since bf_csr is a plain struct.
 * PageRank is checked against closed forms, values from NetworkX, and an
 * independent dense power iteration in long double; core numbers against
 * known graphs and a naive peeling.  The real-data tests read
 * facebook_combined.txt from ../shared/data (or $BONAFIDE_SHARED/data) and
 * compare with NetworkX through tests/unit/nx_reference.py when python3
 * has networkx; each skips with a printed reason otherwise.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "graph/graph.h"

/* A graph built in the test: the arrays bf_csr points into. */
typedef struct tgraph {
    bf_csr g;
    uint64_t *out_off, *in_off;
    uint32_t *out_adj, *in_adj;
} tgraph;

typedef struct edge {
    uint32_t u, v;
} edge;

static int cmp_edge(const void *a, const void *b)
{
    const edge *x = a, *y = b;

    if (x->u != y->u)
        return x->u < y->u ? -1 : 1;
    if (x->v != y->v)
        return x->v < y->v ? -1 : 1;
    return 0;
}

/*
 * fill_side sorts e by (u, v), drops duplicates, and fills offsets and
 * adjacency of one direction; returns the distinct count.
 */
static size_t fill_side(edge *e, size_t m, uint32_t n, uint64_t *off,
                        uint32_t *adj)
{
    size_t i, k = 0;
    uint32_t v;

    qsort(e, m, sizeof *e, cmp_edge);
    memset(off, 0, ((size_t)n + 1) * sizeof *off);
    for (i = 0; i < m; i++) {
        if (i && e[i].u == e[i - 1].u && e[i].v == e[i - 1].v)
            continue;
        adj[k++] = e[i].v;
        off[e[i].u + 1]++;
    }
    for (v = 0; v < n; v++)
        off[v + 1] += off[v];
    return k;
}

/* tgraph_build makes t hold the graph on n vertices with edges e (u -> v). */
static void tgraph_build(tgraph *t, uint32_t n, const edge *e, size_t m)
{
    edge *tmp = malloc((m ? m : 1) * sizeof *tmp);
    size_t i, mo, mi;

    assert_non_null(tmp);
    t->out_off = malloc(((size_t)n + 1) * sizeof *t->out_off);
    t->in_off = malloc(((size_t)n + 1) * sizeof *t->in_off);
    t->out_adj = malloc((m ? m : 1) * sizeof *t->out_adj);
    t->in_adj = malloc((m ? m : 1) * sizeof *t->in_adj);
    assert_true(t->out_off && t->in_off && t->out_adj && t->in_adj);
    for (i = 0; i < m; i++) {
        assert_true(e[i].u < n && e[i].v < n);
        tmp[i] = e[i];
    }
    mo = fill_side(tmp, m, n, t->out_off, t->out_adj);
    for (i = 0; i < m; i++) {
        tmp[i].u = e[i].v;
        tmp[i].v = e[i].u;
    }
    mi = fill_side(tmp, m, n, t->in_off, t->in_adj);
    assert_int_equal(mo, mi);
    free(tmp);
    memset(&t->g, 0, sizeof t->g);
    t->g.n = n;
    t->g.m = mo;
    t->g.out_off = t->out_off;
    t->g.out_adj = t->out_adj;
    t->g.in_off = t->in_off;
    t->g.in_adj = t->in_adj;
}

static void tgraph_release(tgraph *t)
{
    free(t->out_off);
    free(t->in_off);
    free(t->out_adj);
    free(t->in_adj);
}

/* Edges of an undirected graph, each stored in both directions. */
static edge *both_ways(const edge *e, size_t m)
{
    edge *d = malloc(2 * m * sizeof *d);
    size_t i;

    assert_non_null(d);
    for (i = 0; i < m; i++) {
        d[2 * i] = e[i];
        d[2 * i + 1].u = e[i].v;
        d[2 * i + 1].v = e[i].u;
    }
    return d;
}

/*
 * ref_pagerank is an independent reference: the dense Google matrix in
 * long double, pushed along out-edges, iterated far past convergence.
 */
static void ref_pagerank_n(const bf_csr *g, double damping, int iters,
                           double *out)
{
    uint32_t n = g->n, u, v;
    long double *x = calloc(n, sizeof *x), *y = calloc(n, sizeof *y);
    long double d = damping;
    int it;

    assert_true(x && y);
    for (v = 0; v < n; v++)
        x[v] = 1.0L / n;
    for (it = 0; it < iters; it++) {
        long double dang = 0;

        for (v = 0; v < n; v++)
            y[v] = (1 - d) / n;
        for (u = 0; u < n; u++) {
            uint64_t od = g->out_off[u + 1] - g->out_off[u], e;

            if (!od)
                dang += x[u];
            for (e = g->out_off[u]; e < g->out_off[u + 1]; e++)
                y[g->out_adj[e]] += d * x[u] / od;
        }
        for (v = 0; v < n; v++)
            x[v] = y[v] + d * dang / n;
    }
    for (v = 0; v < n; v++)
        out[v] = (double)x[v];
    free(x);
    free(y);
}

static void ref_pagerank(const bf_csr *g, double damping, double *out)
{
    ref_pagerank_n(g, damping, 3000, out);
}

/* l1 is sum |a - b| over n entries. */
static double l1(const double *a, const double *b, uint32_t n)
{
    double s = 0;
    uint32_t i;

    for (i = 0; i < n; i++)
        s += fabs(a[i] - b[i]);
    return s;
}

/*
 * ref_kcore peels naively: for k = 1, 2, ... repeatedly remove vertices
 * with fewer than k live neighbours; a vertex removed at k has core k - 1.
 */
static void ref_kcore(const bf_csr *g, uint32_t *core)
{
    uint32_t n = g->n, v, k, left = n;
    char *dead = calloc(n ? n : 1, 1);
    int changed;

    assert_non_null(dead);
    for (k = 1; left; k++) {
        do {
            changed = 0;
            for (v = 0; v < n; v++) {
                uint32_t d = 0, w;
                uint64_t e;

                if (dead[v])
                    continue;
                /* Live neighbours in out U in, minus v: count each w once
                 * by checking out(v) fully and in(v) only when absent
                 * from out(v). */
                for (e = g->out_off[v]; e < g->out_off[v + 1]; e++) {
                    w = g->out_adj[e];
                    d += w != v && !dead[w];
                }
                for (e = g->in_off[v]; e < g->in_off[v + 1]; e++) {
                    uint64_t f;
                    int seen = 0;

                    w = g->in_adj[e];
                    for (f = g->out_off[v]; f < g->out_off[v + 1]; f++)
                        seen |= g->out_adj[f] == w;
                    d += !seen && w != v && !dead[w];
                }
                if (d < k) {
                    dead[v] = 1;
                    core[v] = k - 1;
                    left--;
                    changed = 1;
                }
            }
        } while (changed);
    }
    free(dead);
}

/* A deterministic generator for random graphs (splitmix64). */
static uint64_t rnd(uint64_t *s)
{
    uint64_t z = (*s += 0x9e3779b97f4a7c15ULL);

    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

/* ---- hand-built graphs ---- */

static void empty_graphs(void **state)
{
    static const uint32_t ns[2] = { 0, 4 };
    bf_degree_pct p;
    bf_reciprocity r;
    double rank[4];
    uint32_t core[4], deg[4], ids[4];
    int it, i;

    (void)state;
    for (i = 0; i < 2; i++) {
        tgraph t;
        uint32_t v;

        tgraph_build(&t, ns[i], NULL, 0);
        assert_int_equal(bf_graph_pagerank(&t.g, NULL, rank, &it), BF_OK);
        /* n = 0 runs nothing; with no edges every vertex is dangling,
         * so the first iteration already gives 1/n and the second
         * confirms it. */
        if (ns[i] == 0)
            assert_int_equal(it, 0);
        for (v = 0; v < ns[i]; v++)
            assert_true(fabs(rank[v] - 0.25) < 1e-15);
        assert_int_equal(bf_graph_kcore(&t.g, core), BF_OK);
        assert_int_equal(bf_graph_degree(&t.g, BF_DEGREE_IN, deg), BF_OK);
        for (v = 0; v < ns[i]; v++) {
            assert_int_equal(core[v], 0);
            assert_int_equal(deg[v], 0);
        }
        assert_int_equal(bf_graph_reciprocity(&t.g, &r), BF_OK);
        assert_true(r.ratio == 0.0 && r.edges == 0 && r.mutual == 0);
        assert_int_equal(bf_graph_degree_percentiles(&t.g, BF_DEGREE_IN, &p),
                         BF_OK);
        assert_int_equal(p.n, ns[i]);
        assert_true(p.p50 == 0 && p.p99 == 0 && p.max == 0 && p.mean == 0);
        assert_int_equal(bf_graph_top(rank, ns[i], ns[i], ids), BF_OK);
        for (v = 0; v < ns[i]; v++)
            assert_int_equal(ids[v], v); /* all tied: by id */
        tgraph_release(&t);
    }
}

static void self_loop(void **state)
{
    /* 0 follows itself and 1; 2 follows 1. */
    static const edge e[] = { { 0, 0 }, { 0, 1 }, { 2, 1 } };
    tgraph t;
    bf_reciprocity r;
    double rank[3], ref[3];
    uint32_t core[3], deg[3];

    (void)state;
    tgraph_build(&t, 3, e, 3);
    assert_int_equal(bf_graph_reciprocity(&t.g, &r), BF_OK);
    assert_int_equal(r.loops, 1);
    assert_int_equal(r.edges, 2);
    assert_int_equal(r.mutual, 0);
    assert_int_equal(bf_graph_kcore(&t.g, core), BF_OK);
    assert_int_equal(core[0], 1);
    assert_int_equal(core[1], 1);
    assert_int_equal(core[2], 1);
    /* The loop counts once in each direction. */
    assert_int_equal(bf_graph_degree(&t.g, BF_DEGREE_OUT, deg), BF_OK);
    assert_int_equal(deg[0], 2);
    assert_int_equal(bf_graph_degree(&t.g, BF_DEGREE_IN, deg), BF_OK);
    assert_int_equal(deg[0], 1);
    assert_int_equal(deg[1], 2);
    /* The loop keeps half of 0's rank at 0, as in NetworkX. */
    assert_int_equal(bf_graph_pagerank(&t.g, NULL, rank, NULL), BF_OK);
    ref_pagerank(&t.g, 0.85, ref);
    assert_true(l1(rank, ref, 3) < 1e-10);
    tgraph_release(&t);
}

static void isolated_vertices(void **state)
{
    /* A triangle 1-2-3 both ways; 0 and 4 isolated. */
    static const edge u[] = { { 1, 2 }, { 2, 3 }, { 3, 1 } };
    edge *e = both_ways(u, 3);
    tgraph t;
    double rank[5];
    uint32_t core[5];

    (void)state;
    tgraph_build(&t, 5, e, 6);
    assert_int_equal(bf_graph_kcore(&t.g, core), BF_OK);
    assert_int_equal(core[0], 0);
    assert_int_equal(core[1], 2);
    assert_int_equal(core[2], 2);
    assert_int_equal(core[3], 2);
    assert_int_equal(core[4], 0);
    /* Isolated vertices are dangling: each ends with the same rank x, and
     * the triangle vertices share the rest: x = 0.15/5 + 0.85 * 2x / 5. */
    assert_int_equal(bf_graph_pagerank(&t.g, NULL, rank, NULL), BF_OK);
    assert_true(fabs(rank[0] - 0.15 / 5 / (1 - 0.85 * 2 / 5)) < 1e-10);
    assert_true(fabs(rank[0] - rank[4]) < 1e-15);
    assert_true(fabs(rank[1] - (1 - 2 * rank[0]) / 3) < 1e-10);
    tgraph_release(&t);
    free(e);
}

static void pagerank_networkx_values(void **state)
{
    /*
     * Reference from NetworkX 3.6.1, pagerank_alg._pagerank_python(G,
     * alpha=0.85, tol=1e-15) on the DiGraph with nodes 0..4 and these
     * edges (3 has no follower, 4 is dangling).
     */
    static const edge e[] = { { 0, 1 }, { 0, 2 }, { 1, 2 },
                              { 2, 0 }, { 3, 2 }, { 2, 4 } };
    static const double nx[5] = { 0.21420110965650585, 0.15744966024562027,
                                  0.34773393179976236, 0.0664141886416058,
                                  0.21420110965650585 };
    tgraph t;
    double rank[5], ref[5], sum = 0;
    int it, i;

    (void)state;
    tgraph_build(&t, 5, e, 6);
    assert_int_equal(bf_graph_pagerank(&t.g, NULL, rank, &it), BF_OK);
    assert_true(it > 10 && it < BF_PAGERANK_MAX_ITER);
    for (i = 0; i < 5; i++)
        sum += rank[i];
    assert_true(fabs(sum - 1) < 1e-12);
    assert_true(l1(rank, nx, 5) < 1e-9);
    ref_pagerank(&t.g, 0.85, ref);
    assert_true(l1(rank, ref, 5) < 1e-9);
    tgraph_release(&t);
}

static void star_and_cycle(void **state)
{
    enum { K = 9, N = K + 1, C = 7 };

    edge s[K], c[C], *sb;
    tgraph t;
    bf_reciprocity r;
    double rank[N], want;
    uint32_t core[N], i;

    (void)state;
    /* Undirected star, centre 0: centre c = (1 + dK) / (N (1 + d)). */
    for (i = 0; i < K; i++) {
        s[i].u = 0;
        s[i].v = i + 1;
    }
    sb = both_ways(s, K);
    tgraph_build(&t, N, sb, 2 * K);
    assert_int_equal(bf_graph_pagerank(&t.g, NULL, rank, NULL), BF_OK);
    want = (1 + 0.85 * K) / (N * 1.85);
    assert_true(fabs(rank[0] - want) < 1e-10);
    for (i = 1; i < N; i++)
        assert_true(fabs(rank[i] - (1 - want) / K) < 1e-10);
    assert_int_equal(bf_graph_kcore(&t.g, core), BF_OK);
    for (i = 0; i < N; i++)
        assert_int_equal(core[i], 1);
    assert_int_equal(bf_graph_reciprocity(&t.g, &r), BF_OK);
    assert_true(r.ratio == 1.0 && r.mutual == 2 * K);
    tgraph_release(&t);
    free(sb);

    /* Directed cycle: uniform rank, nothing returned, core 2. */
    for (i = 0; i < C; i++) {
        c[i].u = i;
        c[i].v = (i + 1) % C;
    }
    tgraph_build(&t, C, c, C);
    assert_int_equal(bf_graph_pagerank(&t.g, NULL, rank, NULL), BF_OK);
    for (i = 0; i < C; i++)
        assert_true(fabs(rank[i] - 1.0 / C) < 1e-15);
    assert_int_equal(bf_graph_kcore(&t.g, core), BF_OK);
    for (i = 0; i < C; i++)
        assert_int_equal(core[i], 2);
    assert_int_equal(bf_graph_reciprocity(&t.g, &r), BF_OK);
    assert_true(r.ratio == 0.0 && r.edges == C);
    tgraph_release(&t);
}

static void kcore_known_graphs(void **state)
{
    /*
     * K4 on 0..3, a pendant 4 on 0, and a triangle 5-6-7 joined to 3 by
     * the path 3-8-5 (so 8, with two neighbours in the 2-core, is in it
     * too); 9 isolated.  Stored one way only, then both ways:
     * the symmetrised cores are the same.
     */
    static const edge u[] = { { 0, 1 }, { 0, 2 }, { 0, 3 }, { 1, 2 },
                              { 1, 3 }, { 2, 3 }, { 4, 0 }, { 5, 6 },
                              { 6, 7 }, { 7, 5 }, { 3, 8 }, { 8, 5 } };
    static const uint32_t want[10] = { 3, 3, 3, 3, 1, 2, 2, 2, 2, 0 };
    size_t m = sizeof u / sizeof u[0];
    edge *b = both_ways(u, m);
    uint32_t core[10], i;
    tgraph t;

    (void)state;
    tgraph_build(&t, 10, u, m);
    assert_int_equal(bf_graph_kcore(&t.g, core), BF_OK);
    for (i = 0; i < 10; i++)
        assert_int_equal(core[i], want[i]);
    tgraph_release(&t);
    tgraph_build(&t, 10, b, 2 * m);
    assert_int_equal(bf_graph_kcore(&t.g, core), BF_OK);
    for (i = 0; i < 10; i++)
        assert_int_equal(core[i], want[i]);
    tgraph_release(&t);
    free(b);
}

static void random_graphs_match_references(void **state)
{
    enum { N = 60, M = 400 };

    edge e[M];
    double rank[N], ref[N];
    uint32_t core[N], rcore[N], i;
    uint64_t seed = 42;
    bf_pagerank_opts o;
    int round;

    (void)state;
    bf_pagerank_opts_init(&o);
    o.tol = 1e-15;
    for (round = 0; round < 20; round++) {
        tgraph t;
        /* Vary density; low ids get more edges, so some vertices are
         * dangling or isolated, and a few self-loops appear. */
        uint32_t m = 20 + (uint32_t)(rnd(&seed) % (M - 20));

        for (i = 0; i < m; i++) {
            e[i].u = (uint32_t)(rnd(&seed) % N);
            e[i].v = (uint32_t)(rnd(&seed) % (1 + rnd(&seed) % N));
        }
        tgraph_build(&t, N, e, m);
        assert_int_equal(bf_graph_pagerank(&t.g, NULL, rank, NULL), BF_OK);
        ref_pagerank(&t.g, 0.85, ref);
        assert_true(l1(rank, ref, N) < 1e-9);
        /* A tighter tolerance gets as close as doubles allow. */
        assert_int_equal(bf_graph_pagerank(&t.g, &o, rank, NULL), BF_OK);
        assert_true(l1(rank, ref, N) < 1e-13);
        assert_int_equal(bf_graph_kcore(&t.g, core), BF_OK);
        ref_kcore(&t.g, rcore);
        for (i = 0; i < N; i++)
            assert_int_equal(core[i], rcore[i]);
        tgraph_release(&t);
    }
}

static void pagerank_options(void **state)
{
    static const edge e[] = { { 0, 1 }, { 1, 2 }, { 2, 0 }, { 2, 1 } };
    bf_pagerank_opts o;
    tgraph t;
    double rank[3], ref[3];
    int it;

    (void)state;
    tgraph_build(&t, 3, e, 4);
    bf_pagerank_opts_init(&o);
    o.fixed_iter = 5;
    assert_int_equal(bf_graph_pagerank(&t.g, &o, rank, &it), BF_OK);
    assert_int_equal(it, 5);
    /* Too few iterations for the tolerance: the last iterate and a limit. */
    bf_pagerank_opts_init(&o);
    o.max_iter = 3;
    assert_int_equal(bf_graph_pagerank(&t.g, &o, rank, &it), BF_ELIMIT);
    assert_int_equal(it, 3);
    /* Another damping and an explicit tolerance. */
    bf_pagerank_opts_init(&o);
    o.damping = 0.5;
    o.tol = 1e-14;
    assert_int_equal(bf_graph_pagerank(&t.g, &o, rank, &it), BF_OK);
    ref_pagerank(&t.g, 0.5, ref);
    assert_true(l1(rank, ref, 3) < 1e-13);
    o.damping = 1.0;
    assert_int_equal(bf_graph_pagerank(&t.g, &o, rank, &it), BF_EINVAL);
    o.damping = NAN;
    assert_int_equal(bf_graph_pagerank(&t.g, &o, rank, &it), BF_EINVAL);
    tgraph_release(&t);
}

static void degrees_and_percentiles(void **state)
{
    /* Vertex v is followed by every u < v: in-degree v, out 9 - u. */
    edge e[45];
    uint32_t u, v, k = 0, deg[10];
    bf_degree_pct p;
    tgraph t;

    (void)state;
    for (v = 0; v < 10; v++)
        for (u = 0; u < v; u++) {
            e[k].u = u;
            e[k++].v = v;
        }
    tgraph_build(&t, 10, e, k);
    assert_int_equal(bf_graph_degree(&t.g, BF_DEGREE_IN, deg), BF_OK);
    for (v = 0; v < 10; v++)
        assert_int_equal(deg[v], v);
    assert_int_equal(bf_graph_degree(&t.g, BF_DEGREE_OUT, deg), BF_OK);
    for (v = 0; v < 10; v++)
        assert_int_equal(deg[v], 9 - v);
    /* Sorted degrees 0..9: ranks ceil(5) = 5, ceil(9) = 9, ceil(9.9) = 10. */
    assert_int_equal(bf_graph_degree_percentiles(&t.g, BF_DEGREE_IN, &p),
                     BF_OK);
    assert_int_equal(p.n, 10);
    assert_int_equal(p.p50, 4);
    assert_int_equal(p.p90, 8);
    assert_int_equal(p.p99, 9);
    assert_int_equal(p.max, 9);
    assert_true(fabs(p.mean - 4.5) < 1e-15);
    tgraph_release(&t);

    /* A one-way star of 99 followers: p99 is still 0, max is 99. */
    {
        edge s[99];

        for (v = 0; v < 99; v++) {
            s[v].u = v + 1;
            s[v].v = 0;
        }
        tgraph_build(&t, 100, s, 99);
        assert_int_equal(bf_graph_degree_percentiles(&t.g, BF_DEGREE_IN, &p),
                         BF_OK);
        assert_int_equal(p.p50, 0);
        assert_int_equal(p.p99, 0);
        assert_int_equal(p.max, 99);
        assert_int_equal(bf_graph_degree_percentiles(&t.g, BF_DEGREE_OUT, &p),
                         BF_OK);
        assert_int_equal(p.p50, 1);
        assert_int_equal(p.max, 1);
        tgraph_release(&t);
    }
}

static void reciprocity_counts(void **state)
{
    /* 0<->1 and 2<->3 are mutual; 0->2 and 1->2 are not; duplicates of
     * an edge count once. */
    static const edge e[] = { { 0, 1 }, { 1, 0 }, { 0, 2 }, { 2, 3 },
                              { 3, 2 }, { 1, 2 }, { 1, 2 } };
    bf_reciprocity r;
    tgraph t;

    (void)state;
    tgraph_build(&t, 4, e, 7);
    assert_int_equal(t.g.m, 6);
    assert_int_equal(bf_graph_reciprocity(&t.g, &r), BF_OK);
    assert_int_equal(r.mutual, 4);
    assert_int_equal(r.edges, 6);
    assert_int_equal(r.loops, 0);
    assert_true(fabs(r.ratio - 4.0 / 6.0) < 1e-15);
    tgraph_release(&t);
}

static void top_order(void **state)
{
    const double v[8] = { 1, 5, NAN, 5, 3, 5, -1, 3 };
    uint32_t ids[8];
    static const uint32_t all[8] = { 1, 3, 5, 4, 7, 0, 6, 2 };
    uint32_t k, i;

    (void)state;
    for (k = 0; k <= 8; k++) {
        memset(ids, 0xff, sizeof ids);
        assert_int_equal(bf_graph_top(v, 8, k, ids), BF_OK);
        for (i = 0; i < k; i++)
            assert_int_equal(ids[i], all[i]);
        for (; i < 8; i++)
            assert_int_equal(ids[i], UINT32_MAX); /* untouched */
    }
    assert_int_equal(bf_graph_top(v, 8, 9, ids), BF_EINVAL);
}

/* ---- SNAP ego-Facebook ---- */

static const char *fb_path(char *out, size_t n)
{
    const char *base = getenv("BONAFIDE_SHARED");

    snprintf(out, n, "%s/data/snap-ego-facebook/facebook_combined.txt",
             base && *base ? base : "../shared");
    return access(out, R_OK) == 0 ? out : NULL;
}

/* fb_load reads the edge list into t, each edge in both directions. */
static void fb_load(const char *path, tgraph *t)
{
    FILE *fp = fopen(path, "r");
    size_t m = 0, cap = 1 << 18;
    edge *e = malloc(cap * sizeof *e);
    char line[128];
    uint32_t n = 0;
    unsigned long a, b;

    assert_true(fp && e);
    while (fgets(line, sizeof line, fp)) {
        if (line[0] == '#')
            continue;
        assert_int_equal(sscanf(line, "%lu %lu", &a, &b), 2);
        assert_true(a < 100000 && b < 100000);
        if (m + 2 > cap) {
            cap *= 2;
            e = realloc(e, cap * sizeof *e);
            assert_non_null(e);
        }
        e[m].u = (uint32_t)a;
        e[m++].v = (uint32_t)b;
        e[m].u = (uint32_t)b;
        e[m++].v = (uint32_t)a;
        if (a >= n)
            n = (uint32_t)a + 1;
        if (b >= n)
            n = (uint32_t)b + 1;
    }
    fclose(fp);
    tgraph_build(t, n, e, m);
    free(e);
}

static void facebook_metrics(void **state)
{
    char path[1024];
    tgraph t;
    bf_reciprocity r;
    bf_degree_pct p;
    double *rank, sum = 0;
    uint32_t *core, v, max = 0;
    int it;

    (void)state;
    if (!fb_path(path, sizeof path)) {
        printf("skip: %s not found\n", path);
        skip();
    }
    fb_load(path, &t);
    /* SNAP's published figures: 4,039 nodes, 88,234 undirected edges. */
    assert_int_equal(t.g.n, 4039);
    assert_int_equal(t.g.m, 2 * 88234);
    rank = malloc(t.g.n * sizeof *rank);
    core = malloc(t.g.n * sizeof *core);
    assert_true(rank && core);
    assert_int_equal(bf_graph_pagerank(&t.g, NULL, rank, &it), BF_OK);
    for (v = 0; v < t.g.n; v++)
        sum += rank[v];
    assert_true(fabs(sum - 1) < 1e-9);
    assert_int_equal(bf_graph_kcore(&t.g, core), BF_OK);
    for (v = 0; v < t.g.n; v++)
        if (core[v] > max)
            max = core[v];
    assert_int_equal(max, 115);
    assert_int_equal(bf_graph_reciprocity(&t.g, &r), BF_OK);
    assert_true(r.ratio == 1.0);
    assert_int_equal(bf_graph_degree_percentiles(&t.g, BF_DEGREE_IN, &p),
                     BF_OK);
    assert_int_equal(p.max, 1045); /* node 107, the largest ego */
    free(rank);
    free(core);
    tgraph_release(&t);
}

static void facebook_vs_networkx(void **state)
{
    char path[1024], cmd[1400], line[256];
    tgraph t;
    double *rank, *nx, diff;
    uint32_t *core, v, got = 0;
    unsigned long id;
    unsigned c;
    double x;
    FILE *pp;

    (void)state;
    if (!fb_path(path, sizeof path)) {
        printf("skip: %s not found\n", path);
        skip();
    }
    if (system("python3 -c 'import networkx' >/dev/null 2>&1") != 0) {
        printf("skip: python3 with networkx not available "
               "(Debian: python3-networkx)\n");
        skip();
    }
    if (strchr(path, '\'')) {
        printf("skip: data path contains a quote\n");
        skip();
    }
    fb_load(path, &t);
    rank = malloc(t.g.n * sizeof *rank);
    nx = malloc(t.g.n * sizeof *nx);
    core = malloc(t.g.n * sizeof *core);
    assert_true(rank && nx && core);
    assert_int_equal(bf_graph_pagerank(&t.g, NULL, rank, NULL), BF_OK);
    assert_int_equal(bf_graph_kcore(&t.g, core), BF_OK);
    snprintf(cmd, sizeof cmd, "python3 tests/unit/nx_reference.py '%s'", path);
    pp = popen(cmd, "r");
    assert_non_null(pp);
    while (fgets(line, sizeof line, pp)) {
        if (line[0] == '#') {
            printf("reference: %s", line + 2);
            continue;
        }
        assert_int_equal(sscanf(line, "%lu %lf %u", &id, &x, &c), 3);
        assert_true(id < t.g.n);
        nx[id] = x;
        /* Core numbers must match exactly. */
        assert_int_equal(core[id], c);
        got++;
    }
    assert_int_equal(pclose(pp), 0);
    assert_int_equal(got, t.g.n);
    diff = l1(rank, nx, t.g.n);
    printf("PageRank L1 difference from NetworkX: %.3g\n", diff);
    assert_true(diff < 1e-6);
    for (v = 0; v < t.g.n; v++)
        assert_true(nx[v] > 0);
    free(rank);
    free(nx);
    free(core);
    tgraph_release(&t);
}

/* ---- audience overlap ---- */

static void overlap_counts(void **state)
{
    /* Followers: 2 <- {0,1,3,4}, 5 <- {1,3,6}, 6 <- {} */
    static const edge e[] = { { 0, 2 }, { 1, 2 }, { 3, 2 }, { 4, 2 },
                              { 1, 5 }, { 3, 5 }, { 6, 5 } };
    tgraph t;
    bf_overlap o;

    (void)state;
    tgraph_build(&t, 7, e, sizeof e / sizeof e[0]);
    assert_int_equal(bf_graph_overlap(&t.g, 2, 5, &o), BF_OK);
    assert_int_equal(o.a, 4);
    assert_int_equal(o.b, 3);
    assert_int_equal(o.common, 2);
    assert_float_equal(o.jaccard, 2.0 / 5.0, 1e-15);
    assert_float_equal(o.a_in_b, 0.5, 1e-15);
    assert_float_equal(o.b_in_a, 2.0 / 3.0, 1e-15);
    /* An account against itself, and against one with no followers. */
    assert_int_equal(bf_graph_overlap(&t.g, 5, 5, &o), BF_OK);
    assert_int_equal(o.common, 3);
    assert_float_equal(o.jaccard, 1.0, 0);
    assert_int_equal(bf_graph_overlap(&t.g, 2, 6, &o), BF_OK);
    assert_int_equal(o.common, 0);
    assert_float_equal(o.jaccard, 0.0, 0);
    assert_float_equal(o.b_in_a, -1.0, 0);
    assert_int_equal(bf_graph_overlap(&t.g, 6, 6, &o), BF_OK);
    assert_float_equal(o.jaccard, 0.0, 0);
    assert_int_equal(bf_graph_overlap(&t.g, 2, 7, &o), BF_EINVAL);
    tgraph_release(&t);
}

/* The skewed path (binary search) must agree with a plain count. */
static void overlap_skewed_matches_merge(void **state)
{
    enum { N = 3000 };

    edge *e = malloc(N * 2 * sizeof *e);
    size_t m = 0;
    uint32_t u, expect = 0;
    tgraph t;
    bf_overlap o;

    (void)state;
    assert_non_null(e);
    for (u = 2; u < N; u++) { /* everyone follows 0 */
        e[m].u = u;
        e[m++].v = 0;
        if (u % 97 == 0 || u == N - 1) { /* a few follow 1 */
            e[m].u = u;
            e[m++].v = 1;
            expect++;
        }
    }
    e[m].u = 1; /* and one of 1's followers does not follow 0 */
    e[m++].v = 1;
    tgraph_build(&t, N, e, m);
    assert_int_equal(bf_graph_overlap(&t.g, 0, 1, &o), BF_OK);
    assert_int_equal(o.common, expect);
    assert_int_equal(o.b, expect + 1);
    assert_int_equal(bf_graph_overlap(&t.g, 1, 0, &o), BF_OK);
    assert_int_equal(o.common, expect);
    tgraph_release(&t);
    free(e);
}

/*
 * The count of x among a list's entries, with any one entry of the list
 * damaged into a value of x (or past the bound): the count either says
 * BF_ECORRUPT or is the count of the list as built.  Blocks of four are
 * compared at once, so the merge reads entries it does not step past;
 * those must be checked too, or a damaged one is counted.
 */
static void in_count_checks_what_it_reads(void **state)
{
    enum { N = 64, F = 24 };

    static const uint32_t xs[] = { 1, 2, 3, 4, 40, 41, 42, 43 };
    edge e[F];
    size_t m = 0, nx, p, k;
    uint32_t u, bad, *l;
    uint64_t c = 0, ok_count;
    tgraph t;
    bf_err err;
    int caught = 0, valid;

    (void)state;
    for (u = 5; u < 5 + F; u++) { /* vertex 0's followers: 5..28 */
        e[m].u = u;
        e[m++].v = 0;
    }
    tgraph_build(&t, N, e, m);
    l = t.in_adj + t.in_off[0];
    for (nx = 1; nx <= 8; nx++) {
        /* None of xs follows 0. */
        assert_int_equal(bf_csr_in_count(&t.g, 0, xs, nx, &c), BF_OK);
        assert_int_equal(c, 0);
        for (p = 0; p < F; p++) {
            for (bad = 0; bad < 3; bad++) {
                uint32_t keep = l[p];

                l[p] = bad == 0 ? xs[0] : bad == 1 ? xs[nx - 1] : N + 1;
                /* A damage that leaves a valid list makes another list,
                 * whose count is what it is; any other must be said, or
                 * not have been read. */
                valid = l[F - 1] < N;
                ok_count = 0;
                for (k = 0; k < F; k++) {
                    valid &= k == 0 || l[k] > l[k - 1];
                    ok_count += l[k] == xs[0] || l[k] == xs[nx - 1];
                }
                c = 0;
                err = bf_csr_in_count(&t.g, 0, xs, nx, &c);
                if (valid) {
                    assert_int_equal(err, BF_OK);
                    assert_int_equal(c, ok_count);
                } else {
                    assert_true(err == BF_ECORRUPT || (err == BF_OK && c == 0));
                    caught += err == BF_ECORRUPT;
                }
                l[p] = keep;
            }
        }
    }
    assert_true(caught > 0);
    tgraph_release(&t);
}

/*
 * Hubs against small audiences: the galloping search over a hub's span
 * must give the merge's count for every pair, in both orders, and both
 * must say BF_ECORRUPT when an entry they read breaks the list's order.
 */
static void overlap_gallops_exactly(void **state)
{
    enum { N = 20000, HUBS = 3, SMALL = 40 };

    edge *e = malloc((size_t)N * (HUBS + SMALL) * sizeof *e);
    uint8_t *in = calloc((size_t)N * (HUBS + SMALL), 1);
    uint64_t x = 77;
    size_t m = 0;
    uint32_t u, a, b;
    tgraph t;
    bf_overlap o;

    (void)state;
    assert_true(e && in);
    /* Vertices 0..HUBS-1 are hubs (a half, a fifth, a tenth of everyone
     * follows them); the next SMALL have 1 to 400 followers each. */
    for (u = HUBS + SMALL; u < N; u++) {
        for (a = 0; a < HUBS + SMALL; a++) {
            uint64_t r;

            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            r = x % 10000;
            if (a < HUBS ? r < (a == 0   ? 5000u
                                : a == 1 ? 2000u
                                         : 1000u)
                         : r < 1 + 20 * (a - HUBS)) {
                e[m].u = u;
                e[m++].v = a;
                in[(size_t)u * (HUBS + SMALL) + a] = 1;
            }
        }
    }
    tgraph_build(&t, N, e, m);
    for (a = 0; a < HUBS + SMALL; a++) {
        for (b = 0; b < HUBS; b++) {
            uint64_t want = 0;

            for (u = 0; u < N; u++)
                want += in[(size_t)u * (HUBS + SMALL) + a] &&
                        in[(size_t)u * (HUBS + SMALL) + b];
            assert_int_equal(bf_graph_overlap(&t.g, a, b, &o), BF_OK);
            assert_int_equal(o.common, want);
            assert_int_equal(bf_graph_overlap(&t.g, b, a, &o), BF_OK);
            assert_int_equal(o.common, want);
        }
    }
    /* Every entry of hub 0's list the same: the second one read is out
     * of order, wherever the search lands. */
    for (m = t.in_off[0]; m < t.in_off[1]; m++)
        t.in_adj[m] = t.in_adj[t.in_off[0]];
    assert_int_equal(bf_graph_overlap(&t.g, HUBS + 5, 0, &o), BF_ECORRUPT);
    /* And merged with the other hubs' lists (under 16 times longer). */
    assert_int_equal(bf_graph_overlap(&t.g, 1, 0, &o), BF_ECORRUPT);
    assert_int_equal(bf_graph_overlap(&t.g, 0, 2, &o), BF_ECORRUPT);
    tgraph_release(&t);
    free(e);
    free(in);
}

/*
 * A search reads an entry between two it read before, in an earlier
 * search: it must check it against both.  Vertex 0 has 52 followers, the
 * sixth damaged to lie above the seventh; looking 98 up reads the
 * seventh, looking 100 up then reads the sixth between the fifth and the
 * seventh (BF_ECORRUPT), and looking 302 up after 98 goes past both
 * without reading the sixth.
 */
static void overlap_checks_across_searches(void **state)
{
    edge e[64];
    size_t m = 0;
    uint32_t f[52] = { 16, 20, 35, 76, 98, 110, 118 }, k;
    tgraph t;
    bf_overlap o;

    (void)state;
    for (k = 7; k < 52; k++)
        f[k] = 130 + 20 * (k - 7);
    for (k = 0; k < 52; k++) {
        e[m].u = f[k];
        e[m++].v = 0;
    }
    e[m].u = 98, e[m++].v = 1;
    e[m].u = 100, e[m++].v = 1;
    e[m].u = 302, e[m++].v = 1;
    e[m].u = 98, e[m++].v = 2;
    e[m].u = 302, e[m++].v = 2;
    e[m].u = 557, e[m++].v = 2;
    tgraph_build(&t, 2000, e, m);
    assert_int_equal(t.in_off[1] - t.in_off[0], 52);
    assert_int_equal(bf_graph_overlap(&t.g, 1, 0, &o), BF_OK);
    assert_int_equal(o.common, 1);
    t.in_adj[t.in_off[0] + 5] = 1050;
    assert_int_equal(bf_graph_overlap(&t.g, 1, 0, &o), BF_ECORRUPT);
    assert_int_equal(bf_graph_overlap(&t.g, 2, 0, &o), BF_OK);
    assert_int_equal(o.common, 1);
    tgraph_release(&t);
}

/*
 * One list against many (bf_graph_set): every pair of a random graph
 * must give bf_graph_overlap's counts, and the accounts both follow must
 * be counted exactly, whether the set is a bitmap (a list of at least n /
 * 1024 entries), merged, or searched into a hub's list.  A damaged
 * entry of a list compared with a bitmap, past its bound or out of
 * order, is BF_ECORRUPT, as is a damaged list the set is made of.
 */
static void set_counts_as_pairs(void **state)
{
    enum { N = 20000, K = 64 };

    edge *e = malloc((size_t)N * K * sizeof *e);
    uint8_t *in = calloc((size_t)N * K, 1);
    uint64_t x = 99, common;
    size_t m = 0;
    uint32_t u, a, b;
    int bitmaps = 0, lists = 0;
    tgraph t;
    bf_graph_set fs, os;
    bf_overlap o, want;

    (void)state;
    assert_true(e && in);
    /* Vertex a < K is followed by a share of everyone that falls with a
     * (from a half to under one in ten thousand), and follows the first
     * accounts below K that its own number picks. */
    for (u = 0; u < N; u++) {
        for (a = 0; a < K; a++) {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            if (u != a && x % 100000 < 50000u >> (a / 4)) {
                e[m].u = u;
                e[m++].v = a;
                in[(size_t)u * K + a] = 1;
            }
        }
    }
    tgraph_build(&t, N, e, m);
    for (a = 0; a < K; a++) {
        assert_int_equal(bf_graph_set_init(&fs, &t.g, a, 0), BF_OK);
        assert_int_equal(bf_graph_set_init(&os, &t.g, a, 1), BF_OK);
        bitmaps += fs.bits != NULL;
        lists += fs.bits == NULL;
        for (b = 0; b < K; b++) {
            assert_int_equal(bf_graph_overlap(&t.g, a, b, &want), BF_OK);
            assert_int_equal(bf_graph_set_overlap(&fs, b, &o), BF_OK);
            assert_int_equal(o.a, want.a);
            assert_int_equal(o.b, want.b);
            assert_int_equal(o.common, want.common);
            assert_float_equal(o.jaccard, want.jaccard, 0);
            /* The accounts both follow: those below K both have set. */
            common = 0;
            for (u = 0; u < K; u++)
                common += in[(size_t)a * K + u] && in[(size_t)b * K + u];
            assert_int_equal(bf_graph_set_common(&os, b, &x), BF_OK);
            assert_int_equal(x, common);
            /* Asked for a few at least: exact below, at least at. */
            for (u = 1; u <= 3; u++) {
                uint64_t cap = u == 3 ? want.common + 1 : u;

                assert_int_equal(bf_graph_set_common_upto(&fs, b, cap, &x),
                                 BF_OK);
                if (want.common < cap)
                    assert_int_equal(x, want.common);
                else
                    assert_true(x >= cap);
            }
        }
        assert_int_equal(bf_graph_set_overlap(&fs, N, &o), BF_EINVAL);
        assert_int_equal(bf_graph_set_overlap(&os, 1, &o), BF_EINVAL);
        bf_graph_set_release(&fs);
        bf_graph_set_release(&os);
    }
    /* Both kinds of set were tried. */
    assert_true(bitmaps > 0 && lists > 0);
    /* A list read against a bitmap: an entry past the bound, then one
     * out of order. */
    assert_int_equal(bf_graph_set_init(&fs, &t.g, 0, 0), BF_OK);
    assert_non_null(fs.bits);
    u = t.in_adj[t.in_off[2] + 3];
    t.in_adj[t.in_off[2] + 3] = N + 7;
    assert_int_equal(bf_graph_set_overlap(&fs, 2, &o), BF_ECORRUPT);
    t.in_adj[t.in_off[2] + 3] = t.in_adj[t.in_off[2] + 1];
    assert_int_equal(bf_graph_set_overlap(&fs, 2, &o), BF_ECORRUPT);
    t.in_adj[t.in_off[2] + 3] = u;
    assert_int_equal(bf_graph_set_overlap(&fs, 2, &o), BF_OK);
    /* A count that stops early reads, and checks, only the blocks it
     * needs: damage far down a long list is met by the whole count. */
    assert_true(t.in_off[3] - t.in_off[2] > 9000);
    u = t.in_adj[t.in_off[2] + 9000];
    t.in_adj[t.in_off[2] + 9000] = N + 7;
    assert_int_equal(bf_graph_set_common_upto(&fs, 2, 1, &x), BF_OK);
    assert_true(x >= 1);
    assert_int_equal(bf_graph_set_common_upto(&fs, 2, UINT64_MAX, &x),
                     BF_ECORRUPT);
    t.in_adj[t.in_off[2] + 9000] = u;
    bf_graph_set_release(&fs);
    /* The set's own list damaged. */
    t.in_adj[t.in_off[1] + 1] = t.in_adj[t.in_off[1]];
    assert_int_equal(bf_graph_set_init(&fs, &t.g, 1, 0), BF_ECORRUPT);
    bf_graph_set_release(&fs);
    tgraph_release(&t);
    free(e);
    free(in);
}

/* ---- rank correlation ---- */

/* ref_tau_b is Kendall's tau-b by looking at every pair, O(n^2). */
static double ref_tau_b(const double *x, const double *y, uint32_t n)
{
    double c = 0, d = 0, tx = 0, ty = 0;
    uint32_t i, j;

    for (i = 0; i < n; i++)
        for (j = i + 1; j < n; j++) {
            int dx = (x[i] > x[j]) - (x[i] < x[j]);
            int dy = (y[i] > y[j]) - (y[i] < y[j]);

            if (!dx && !dy)
                continue;
            if (!dx)
                tx++;
            else if (!dy)
                ty++;
            else if (dx * dy > 0)
                c++;
            else
                d++;
        }
    return (c - d) / sqrt((c + d + tx) * (c + d + ty));
}

static void rank_correlation_values(void **state)
{
    /* scipy.stats values, checked by hand with pair counts. */
    static const double a[] = { 1, 2, 3, 4, 5 }, b[] = { 5, 6, 7, 8, 7 };
    static const double c[] = { 12, 2, 1, 12, 2 }, d[] = { 1, 4, 7, 1, 0 };
    static const double k[] = { 3, 3, 3 };
    double r;

    (void)state;
    assert_int_equal(bf_rank_spearman(a, b, 5, &r), BF_OK);
    assert_float_equal(r, 0.8207826816681233, 1e-14);
    assert_int_equal(bf_rank_kendall(a, b, 5, &r), BF_OK);
    assert_float_equal(r, 0.7378647873726218, 1e-14);
    assert_int_equal(bf_rank_kendall(c, d, 5, &r), BF_OK);
    assert_float_equal(r, -0.47140452079103173, 1e-14);
    assert_int_equal(bf_rank_spearman(c, d, 5, &r), BF_OK);
    assert_float_equal(r, -0.5407380704358752, 1e-14);
    /* Perfect agreement and reversal. */
    assert_int_equal(bf_rank_kendall(a, a, 5, &r), BF_OK);
    assert_float_equal(r, 1.0, 1e-15);
    assert_int_equal(bf_rank_spearman(a, c, 0, &r), BF_OK);
    assert_true(isnan(r));
    /* A constant side has no correlation. */
    assert_int_equal(bf_rank_kendall(a, k, 3, &r), BF_OK);
    assert_true(isnan(r));
    assert_int_equal(bf_rank_spearman(k, a, 3, &r), BF_OK);
    assert_true(isnan(r));
}

static void kendall_matches_pairwise(void **state)
{
    enum { N = 700 };

    double x[N], y[N], tau;
    uint64_t seed = 42;
    uint32_t i, round;

    (void)state;
    for (round = 0; round < 5; round++) {
        for (i = 0; i < N; i++) {
            /* Few distinct values: many ties in x, y and both. */
            x[i] = (double)(rnd(&seed) % (3 + round * 40));
            y[i] = (double)(rnd(&seed) % 7) + x[i] * (round % 2);
        }
        assert_int_equal(bf_rank_kendall(x, y, N, &tau), BF_OK);
        assert_float_equal(tau, ref_tau_b(x, y, N), 1e-12);
    }
    x[3] = NAN;
    assert_int_equal(bf_rank_kendall(x, y, N, &tau), BF_EINVAL);
    assert_int_equal(bf_rank_spearman(y, x, N, &tau), BF_EINVAL);
}

/* Two threads give the one-thread ranks up to rounding. */
static void pagerank_threads_agree(void **state)
{
    enum { N = 2000, M = 12000 };

    edge *e = malloc(M * sizeof *e);
    double *r1 = malloc(N * sizeof *r1), *r2 = malloc(N * sizeof *r2);
    bf_pagerank_opts o;
    uint64_t seed = 7;
    int it1 = 0, it2 = 0;
    uint32_t i;
    tgraph t;

    (void)state;
    assert_true(e && r1 && r2);
    for (i = 0; i < M; i++) {
        e[i].u = (uint32_t)(rnd(&seed) % N);
        e[i].v = (uint32_t)(rnd(&seed) % (N / 4)); /* dangling ones too */
    }
    tgraph_build(&t, N, e, M);
    bf_pagerank_opts_init(&o);
    assert_int_equal(bf_graph_pagerank(&t.g, &o, r1, &it1), BF_OK);
    o.threads = 2;
    assert_int_equal(bf_graph_pagerank(&t.g, &o, r2, &it2), BF_OK);
    assert_true(it2 >= it1 - 1 && it2 <= it1 + 1);
    assert_true(l1(r1, r2, N) < 1e-12);
    o.threads = 3;
    o.fixed_iter = 5;
    assert_int_equal(bf_graph_pagerank(&t.g, &o, r2, &it2), BF_OK);
    assert_int_equal(it2, 5);
    tgraph_release(&t);
    free(e);
    free(r1);
    free(r2);
}

/*
 * On a graph of 2^18 vertices the contributions are floats until the
 * change falls under 1e-5: a converged run must still meet its tolerance
 * and keep the mass at 1, and a 20-iteration run, all in floats, must stay
 * within the documented rounding bound of the exact 20th iterate
 * (5.1e-8 per iteration, shrinking by d: under 3.4e-7 in all).
 */
static void pagerank_mixed_precision(void **state)
{
    enum { N = 1 << 18, M = 1 << 19 };

    edge *e = malloc(M * sizeof *e);
    double *r = malloc(N * sizeof *r), *ref = malloc(N * sizeof *ref);
    double sum = 0;
    bf_pagerank_opts o;
    uint64_t seed = 11;
    uint32_t i;
    tgraph t;
    int it, it2;

    (void)state;
    assert_true(e && r && ref);
    for (i = 0; i < M; i++) {
        e[i].u = (uint32_t)(rnd(&seed) % N);
        e[i].v = (uint32_t)(rnd(&seed) % (N / 2)); /* dangling ones too */
    }
    tgraph_build(&t, N, e, M);
    ref_pagerank_n(&t.g, 0.85, 150, ref);
    assert_int_equal(bf_graph_pagerank(&t.g, NULL, r, &it), BF_OK);
    for (i = 0; i < N; i++)
        sum += r[i];
    assert_true(fabs(sum - 1) < 1e-9);
    /* Stopped on a change under 1e-12 * N: within d / (1 - d) of it. */
    assert_true(l1(r, ref, N) < 1e-12 * N * 0.85 / 0.15);

    bf_pagerank_opts_init(&o);
    o.fixed_iter = 20;
    ref_pagerank_n(&t.g, 0.85, 20, ref);
    assert_int_equal(bf_graph_pagerank(&t.g, &o, r, &it), BF_OK);
    assert_true(l1(r, ref, N) < 3.4e-7);
    o.threads = 2;
    assert_int_equal(bf_graph_pagerank(&t.g, &o, r, &it), BF_OK);
    assert_true(l1(r, ref, N) < 3.4e-7);

    /*
     * To convergence on threads, through the switch to doubles: the
     * chunks and the order of their sums do not depend on the thread
     * count or on which thread took which chunk, so 2 and 3 threads give
     * the same bits.
     */
    ref_pagerank_n(&t.g, 0.85, 150, ref);
    o.fixed_iter = 0;
    assert_int_equal(bf_graph_pagerank(&t.g, &o, r, &it), BF_OK);
    assert_true(l1(r, ref, N) < 1e-12 * N * 0.85 / 0.15);
    o.threads = 3;
    assert_int_equal(bf_graph_pagerank(&t.g, &o, ref, &it2), BF_OK);
    assert_int_equal(it2, it);
    assert_memory_equal(r, ref, N * sizeof *r);

    /*
     * After the switch the in-edges gather float corrections, yet 150
     * iterations must land on the exact 150th iterate to double
     * precision: a float rounding kept in the ranks (5.1e-8 per
     * iteration) would be 50,000 times the bound.
     */
    ref_pagerank_n(&t.g, 0.85, 150, ref);
    o.fixed_iter = 150;
    for (o.threads = 1; o.threads <= 2; o.threads++) {
        assert_int_equal(bf_graph_pagerank(&t.g, &o, r, &it), BF_OK);
        assert_true(l1(r, ref, N) < 1e-12);
    }
    tgraph_release(&t);
    free(e);
    free(r);
    free(ref);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(empty_graphs),
        cmocka_unit_test(self_loop),
        cmocka_unit_test(isolated_vertices),
        cmocka_unit_test(pagerank_networkx_values),
        cmocka_unit_test(star_and_cycle),
        cmocka_unit_test(kcore_known_graphs),
        cmocka_unit_test(random_graphs_match_references),
        cmocka_unit_test(pagerank_options),
        cmocka_unit_test(degrees_and_percentiles),
        cmocka_unit_test(reciprocity_counts),
        cmocka_unit_test(top_order),
        cmocka_unit_test(facebook_metrics),
        cmocka_unit_test(facebook_vs_networkx),
        cmocka_unit_test(overlap_counts),
        cmocka_unit_test(overlap_skewed_matches_merge),
        cmocka_unit_test(overlap_gallops_exactly),
        cmocka_unit_test(in_count_checks_what_it_reads),
        cmocka_unit_test(overlap_checks_across_searches),
        cmocka_unit_test(set_counts_as_pairs),
        cmocka_unit_test(rank_correlation_values),
        cmocka_unit_test(kendall_matches_pairwise),
        cmocka_unit_test(pagerank_threads_agree),
        cmocka_unit_test(pagerank_mixed_precision),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
