/*
 * graph.h - metrics on the follow graph: degrees, degree percentiles,
 * reciprocity, PageRank and k-core numbers.
 *
 * Every function reads a bf_csr (store/store.h): n vertices numbered by
 * dense id, out_adj listing whom each vertex follows and in_adj its
 * followers, both sorted ascending without duplicates.  An edge u -> v
 * means "u follows v".  Self-loops may be present; each metric says what
 * it does with them.
 *
 * Invariants the functions rely on (bf_store_graph checks them when it
 * maps the file; a hand-built bf_csr must keep them): out_off and in_off
 * have n + 1 non-decreasing entries starting at 0 and ending at m, every
 * adjacency entry is < n, and each list is strictly increasing.
 *
 * Ownership: the graph is borrowed and never written.  Per-vertex results
 * go to caller-allocated arrays of n entries; scratch memory is allocated
 * inside a call, freed before it returns, and a failed allocation returns
 * BF_ENOMEM with the output undefined.  Nothing here keeps state.
 *
 *     double *rank = malloc(g->n * sizeof *rank);
 *     int iters;
 *     if (bf_graph_pagerank(g, NULL, rank, &iters) == BF_OK) ...
 */
#ifndef BF_GRAPH_GRAPH_H
#define BF_GRAPH_GRAPH_H

#include <stddef.h>
#include <stdint.h>

#include "base/err.h"
#include "store/store.h"

/* ---- degrees (degree.c) ---- */

/* Which adjacency a degree counts. */
typedef enum bf_degree_mode {
    BF_DEGREE_IN = 0, /* followers: |in(v)| */
    BF_DEGREE_OUT = 1 /* following: |out(v)| */
} bf_degree_mode;

/*
 * bf_graph_degree writes the in- or out-degree of every vertex to out
 * (n entries).  A self-loop counts once in each direction.
 *
 * Formula: deg_in(v) = in_off[v+1] - in_off[v], likewise for out.
 * Time complexity: O(n).
 */
bf_err bf_graph_degree(const bf_csr *g, bf_degree_mode mode, uint32_t *out);

/* Percentiles of a degree distribution, by the nearest-rank method. */
typedef struct bf_degree_pct {
    uint32_t n;   /* vertices counted */
    double mean;  /* m / n, 0 when n = 0 */
    uint32_t p50; /* median */
    uint32_t p90;
    uint32_t p99;
    uint32_t max;
} bf_degree_pct;

/*
 * bf_graph_degree_percentiles fills *out with the percentiles of the in- or
 * out-degree over all n vertices (isolated ones included); all zero when
 * n = 0.
 *
 * Formula: the nearest-rank percentile p is the smallest degree x such
 * that at least ceil(p/100 * n) vertices have degree <= x (Hyndman & Fan
 * 1996, definition 1; NumPy's method "inverted_cdf").
 * Time complexity: O(n + max degree), a counting sort of the degrees.
 */
bf_err bf_graph_degree_percentiles(const bf_csr *g, bf_degree_mode mode,
                                   bf_degree_pct *out);

/* ---- reciprocity (degree.c) ---- */

/* The reciprocity of a graph and the counts it is made of. */
typedef struct bf_reciprocity {
    double ratio;    /* mutual / edges, 0 when edges = 0 */
    uint64_t mutual; /* edges (u,v), u != v, whose reverse (v,u) exists */
    uint64_t edges;  /* edges that are not self-loops */
    uint64_t loops;  /* self-loops, left out of both counts */
} bf_reciprocity;

/*
 * bf_graph_reciprocity measures the share of follows that are returned.
 *
 * Formula: r = |{(u,v) in E : u != v, (v,u) in E}| / |{(u,v) in E : u != v}|,
 * the edge reciprocity of Newman, Forrest & Balthrop 2002.  Kwak, Lee,
 * Park & Moon 2010 count pairs instead (22.1% of connected pairs mutual on
 * Twitter); a pair share p is an edge share 2p / (1 + p), 36% for theirs.
 * Self-loops are ignored as in igraph_reciprocity(ignore_loops = true);
 * without self-loops r equals NetworkX overall_reciprocity.
 * Time complexity: O(n + m): an edge (u,v) is reciprocated exactly when v
 * is in both out(u) and in(u), so one merge of the two sorted lists of
 * each vertex counts them.
 */
bf_err bf_graph_reciprocity(const bf_csr *g, bf_reciprocity *out);

/* ---- ranking (degree.c) ---- */

/*
 * bf_graph_top writes to out_ids the ids of the k vertices with the largest
 * value (k <= n; k = 0 writes nothing), highest first, ties broken by
 * ascending id so the order is reproducible.  NaN values are ranked below
 * every number.
 *
 * Time complexity: O(n log k) with a binary heap of k entries.
 */
bf_err bf_graph_top(const double *value, uint32_t n, uint32_t k,
                    uint32_t *out_ids);

/* ---- PageRank (pagerank.c) ---- */

/* The default damping factor, Brin & Page 1998. */
#define BF_PAGERANK_DAMPING 0.85

/*
 * The default tolerance per vertex: stop when the L1 change < this * n.
 * The L1 distance to the fixed point is at most d / (1 - d) = 5.7 times
 * the last change, so this keeps it under 6e-12 * n.  (1e-10 * n left
 * 2e-6 on the 4,039 vertices of SNAP ego-Facebook.)
 */
#define BF_PAGERANK_TOL 1e-12

/* The default iteration cap. */
#define BF_PAGERANK_MAX_ITER 1000

/* Options of bf_graph_pagerank; bf_pagerank_opts_init sets the defaults. */
typedef struct bf_pagerank_opts {
    double damping;      /* d, in [0, 1) */
    double tol;          /* stop when sum_v |pr'[v] - pr[v]| < tol;
                         <= 0 means BF_PAGERANK_TOL * n */
    uint32_t max_iter;   /* give up after this many iterations (>= 1) */
    uint32_t fixed_iter; /* when > 0: run exactly this many iterations and
                            ignore tol and max_iter (for benchmarks) */
    uint32_t threads;    /* worker threads, 0 or 1 for none; capped at
                            BF_PAGERANK_MAX_THREADS */
} bf_pagerank_opts;

/* The most threads bf_graph_pagerank starts. */
#define BF_PAGERANK_MAX_THREADS 64

/*
 * bf_pagerank_opts_init sets d = 0.85, tol = 1e-12 * n, 1000 iterations,
 * one thread.
 */
void bf_pagerank_opts_init(bf_pagerank_opts *o);

/*
 * bf_graph_pagerank computes the PageRank of every vertex into out_rank
 * (n doubles summing to 1) and the number of iterations run into
 * *out_iters (may be NULL).  o may be NULL for the defaults.  A follow
 * passes rank from the follower to the followed account.
 *
 * Formula (pull form over in-edges, from the uniform start 1/n):
 *   pr'[v] = (1-d)/n + d * (sum_{u in in(v)} pr[u]/outdeg(u) + D/n),
 * where D = sum of pr[u] over dangling vertices (outdeg(u) = 0), whose
 * rank is spread uniformly over all vertices.  Iterates until the L1
 * change is below the tolerance, as NetworkX pagerank does with the same
 * alpha, uniform personalisation and uniform dangling weights.
 * Source: Brin & Page 1998, "The anatomy of a large-scale hypertextual
 * Web search engine"; the dangling treatment of Langville & Meyer 2006.
 * Time complexity: O(n + m) per iteration; the error shrinks by a factor
 * d or faster per iteration, so at most about log(tol/2)/log(d)
 * iterations; 78 with the default tol on the 4,039 vertices of SNAP
 * ego-Facebook.  Memory: 16 n bytes of scratch (the contributions
 * gathered from and the next ones, and on large graphs what each vertex
 * has passed on).
 *
 * Precision: on graphs of 2^18 vertices or more, each in-edge gathers a
 * float (a memory-bound gather runs about twice as fast on 4-byte
 * values): the contribution itself while the L1 change of an iteration is
 * at least 1e-5, then a correction to what the vertex has passed on so
 * far, kept in doubles.  A float iteration is off by less than 5.1e-8 in
 * L1, under the default tolerance of such a graph; the corrections leave
 * no float rounding in the ranks, so a converged run is as exact as in
 * doubles.  A fixed-iteration run that ends in the float phase carries
 * that rounding.  Smaller graphs are computed in doubles throughout.
 *
 * Order: when g carries a local order (g->order, graph files of 2^18
 * vertices or more), the iterations run over it and the ranks are written
 * back under their dense ids: same result up to the order of additions,
 * one more array of n doubles.
 *
 * Threads: with o->threads = T > 1 the vertices are cut into chunks of
 * about 2^17 in-edges plus vertices, which the threads take from a shared
 * counter as they finish; one barrier ends each iteration.  Every in-edge
 * sum of pr'[v] is made by one thread in in-list order, as with one
 * thread; the dangling mass and the L1 change are summed per chunk and
 * the partial sums added in chunk order.  The chunks do not depend on T,
 * so the result is the same bits for every T > 1, and equals the
 * one-thread result up to the rounding of those two sums.
 *
 * Returns BF_EINVAL for a damping outside [0, 1) or max_iter = 0, and
 * BF_ELIMIT when tol was not reached within max_iter iterations (out_rank
 * then holds the last iterate and *out_iters = max_iter).
 */
bf_err bf_graph_pagerank(const bf_csr *g, const bf_pagerank_opts *o,
                         double *out_rank, int *out_iters);

/*
 * Mixed precision (pagerank.c): on graphs of at least
 * BF_PAGERANK_SINGLE_MIN_N vertices the contributions are floats while the
 * L1 change of an iteration is at least BF_PAGERANK_SINGLE_ABOVE, and
 * float corrections to them afterwards.
 */
#define BF_PAGERANK_SINGLE_MIN_N (1u << 18)
#define BF_PAGERANK_SINGLE_ABOVE 1e-5

/*
 * The phases of a PageRank run, by what each in-edge gathers: a double
 * contribution (graphs under BF_PAGERANK_SINGLE_MIN_N vertices), a float
 * one, then a float correction (pagerank.c says why).
 */
typedef enum bf__pr_phase {
    BF__PR_DOUBLE,
    BF__PR_FLOAT,
    BF__PR_DELTA
} bf__pr_phase;

/*
 * The steps of one PageRank iteration over a range of vertices, for the
 * threads of pagerank.c and the ranks of the MPI build, which must
 * compute the same bits.
 *
 * bf__pagerank_scatter writes, for i < count, the contribution
 * rank[i] / (out_off[i+1] - out_off[i]) (0 when that degree is 0) to slot
 * first + i of c, a float array when single, else a double array; it
 * returns the sum of rank[i] over the dangling ones.  O(count).
 *
 * bf__pagerank_scatter_delta is the same step in the BF__PR_DELTA phase:
 * sent[i] is what vertex i has passed on to its followers' ranks so far
 * (first set to from[first + i], the float contributions they were last
 * computed from, when from is not NULL); it writes the correction
 * x = (float)(rank[i] / outdeg - sent[i]) to c[first + i] (0 for a
 * dangling vertex), adds x to sent[i], and returns the dangling sum.
 * from may be c.  O(count).
 *
 * bf__pagerank_pull sets, for i < count, rank[i] = base + d * S_i, or
 * rank[i] + base + d * S_i in the BF__PR_DELTA phase (base is then the
 * change of base since the last iteration), where S_i sums
 * c[in_adj[e - e0]] over e in [in_off[i], in_off[i+1]) in list order, c
 * doubles in the BF__PR_DOUBLE phase and floats otherwise; e0 is the
 * index of in_adj's first entry in the whole edge array (0 when in_adj
 * is the whole array).  Returns the L1 change of the range.
 * O(count + edges).
 */
double bf__pagerank_scatter(const uint64_t *out_off, const double *rank,
                            uint32_t count, void *c, uint32_t first,
                            int single);
double bf__pagerank_scatter_delta(const uint64_t *out_off, const double *rank,
                                  uint32_t count, float *c, uint32_t first,
                                  double *sent, const float *from);
double bf__pagerank_pull(const uint64_t *in_off, const uint32_t *in_adj,
                         uint64_t e0, uint32_t count, const void *c,
                         bf__pr_phase ph, double base, double d, double *rank);

/*
 * bf__pagerank_pull_next is bf__pagerank_pull followed, vertex by vertex,
 * by the next iteration's scatter of the new ranks into next (slots
 * first + i): bf__pagerank_scatter, or bf__pagerank_scatter_delta without
 * from in the BF__PR_DELTA phase (sent is unused in the others), with the
 * dangling sum stored in *dangling: one pass over the range instead of
 * two, the same bits.  next must not be c, which other ranges may still
 * be reading.
 */
double bf__pagerank_pull_next(const uint64_t *in_off, const uint32_t *in_adj,
                              uint64_t e0, uint32_t count, const void *c,
                              bf__pr_phase ph, double base, double d,
                              double *rank, const uint64_t *out_off, void *next,
                              uint32_t first, double *sent, double *dangling);

/* ---- k-core (kcore.c) ---- */

/*
 * bf_graph_kcore writes the core number of every vertex to out_core (n
 * entries): the largest k such that the vertex belongs to a subgraph in
 * which every vertex has at least k neighbours.
 *
 * The graph is taken symmetrised: the neighbours of v are
 * (out(v) U in(v)) \ {v}, so mutual follows count once and self-loops are
 * ignored.  For a graph that stores each undirected edge in both
 * directions this is exactly the core number of the undirected graph
 * (NetworkX core_number on nx.Graph).  It differs from NetworkX
 * core_number on a DiGraph, which counts a mutual pair twice (in + out).
 *
 * Source: Batagelj & Zaversnik 2003, "An O(m) algorithm for cores
 * decomposition of networks" (bin sort by degree, peel the lowest).
 * Time complexity: O(n + m); memory: three scratch arrays of n uint32 and
 * one of max degree + 1, and a fourth when g carries a local order.
 *
 * Order: when g carries a local order (see bf__graph_local) the peel runs
 * over it and the core numbers are written back under their dense ids.
 * Core numbers do not depend on the numbering, so the result is the same.
 */
bf_err bf_graph_kcore(const bf_csr *g, uint32_t *out_core);

/* ---- the local order (local.c) ---- */

/*
 * bf__graph_local fills *out with g in the local order of its graph file
 * (g->order and the lo_* sections, store/csr.h) and returns 1, or returns
 * 0 and leaves *out alone when g has none.  In the view vertex k is
 * g->order[k], and every list names local ids, ascending; in_pos is NULL.
 * The arrays are g's own, borrowed.  The whole-graph metrics whose cost
 * is random reads of per-vertex arrays along the edges (PageRank, k-core)
 * run over the view and give their results back by dense id, so that no
 * caller ever sees a local id.  O(1).
 */
int bf__graph_local(const bf_csr *g, bf_csr *out);

/* ---- audience overlap (overlap.c) ---- */

/* How much two accounts' audiences (their follower sets) overlap. */
typedef struct bf_overlap {
    uint64_t a;      /* |A|: followers of the first account */
    uint64_t b;      /* |B|: followers of the second */
    uint64_t common; /* |A n B| */
    double jaccard;  /* |A n B| / |A u B|; 0 when both are empty */
    double a_in_b;   /* |A n B| / |A|: share of A's audience also B's;
                            -1 when A is empty */
    double b_in_a;   /* |A n B| / |B|; -1 when B is empty */
} bf_overlap;

/*
 * bf_graph_overlap compares the followers of vertices a and b (both < n;
 * BF_EINVAL otherwise).  It reads the two lists through bf_csr_in, so g
 * may come from bf_store_graph_lazy: BF_ECORRUPT when either list is
 * damaged.  A self-loop makes an account its own follower
 * and is counted like any follow.
 *
 * Formula: Jaccard J = |A n B| / |A u B| (Jaccard 1901), with
 * |A u B| = |A| + |B| - |A n B|; containment |A n B| / |A| and
 * |A n B| / |B| (Broder 1997, "On the resemblance and containment of
 * documents").  An expert claiming to have grown account B should show a
 * high b_in_a when B's audience was bought from the same source.
 * Time complexity: O(|A| + |B|) by merging the two sorted follower
 * lists, or O(s log l) by binary search when one list (s) is over 16
 * times shorter than the other (l).  No memory.
 */
bf_err bf_graph_overlap(const bf_csr *g, uint32_t a, uint32_t b,
                        bf_overlap *out);

/*
 * bf_graph_set holds one account's followers (or the accounts it
 * follows), checked once, to count what it shares with many others: the
 * audit compares an account with dozens of candidate alternatives, and
 * a hub's list of a few hundred thousand followers was read and checked
 * again for each, then merged with each candidate's.  A set of many
 * entries is also a bitmap of the graph's accounts (one bit each, built
 * when it is at most 32 times the list's own size), so that counting a
 * candidate's list is one test per entry (bf_csr_in_marked); a short set
 * is merged, or searched into a hub's list, as bf_graph_overlap does.
 * The counts are bf_graph_overlap's, exactly.
 */
typedef struct bf_graph_set {
    const bf_csr *g;
    uint32_t v;
    int following;        /* 1: the accounts v follows; 0: its followers */
    const uint32_t *list; /* v's list, checked */
    uint64_t len;
    uint64_t *bits; /* the list as a bitmap of g->n bits, or NULL */
} bf_graph_set;

/*
 * bf_graph_set_init reads v's followers (following 0) or the accounts it
 * follows (following 1) into s, checked: BF_EINVAL when v >= n,
 * BF_ECORRUPT for a damaged list, BF_ENOMEM.  Release it with
 * bf_graph_set_release.  O(length of the list), plus n / 8 bytes
 * allocated and untouched but for the list's bits, when it has a bitmap.
 */
bf_err bf_graph_set_init(bf_graph_set *s, const bf_csr *g, uint32_t v,
                         int following);

/*
 * bf_graph_set_common sets *out to how many of w's list (of the set's
 * direction) are in s, reading w's list checked.  O(|w|) with a bitmap;
 * otherwise as bf_graph_overlap.
 */
bf_err bf_graph_set_common(const bf_graph_set *s, uint32_t w, uint64_t *out);

/*
 * bf_graph_set_common_upto is bf_graph_set_common for a caller that asks
 * only whether at least cap are shared: with a bitmap, the reading of
 * w's list stops once cap are counted (*out >= cap then, not the count);
 * otherwise the count is exact.  O(the part of |w| read) with a bitmap.
 */
bf_err bf_graph_set_common_upto(const bf_graph_set *s, uint32_t w, uint64_t cap,
                                uint64_t *out);

/*
 * bf_graph_set_overlap is bf_graph_overlap(s->g, s->v, w, out), for a set
 * of followers.
 */
bf_err bf_graph_set_overlap(const bf_graph_set *s, uint32_t w, bf_overlap *out);

void bf_graph_set_release(bf_graph_set *s);

/* ---- rank correlation (rankcorr.c) ---- */

/*
 * bf_rank_spearman computes Spearman's rho of the n pairs (x[i], y[i]):
 * the Pearson correlation of their ranks, tied values sharing the mean of
 * their ranks (Spearman 1904; the tie rule of scipy.stats.spearmanr).
 * *out_rho is NaN when n < 2 or either side is constant.  NaN inputs are
 * BF_EINVAL.  Time O(n log n) (two merge sorts); memory 2n doubles and n
 * uint32 of scratch.  BF_ENOMEM when scratch cannot be had.
 */
bf_err bf_rank_spearman(const double *x, const double *y, uint32_t n,
                        double *out_rho);

/*
 * bf_rank_kendall computes Kendall's tau-b of the n pairs, with ties:
 *   tau_b = (n_c - n_d) / sqrt((n0 - n1) (n0 - n2)),
 * n0 = n(n-1)/2, n1 and n2 the pairs tied in x and in y, n_c and n_d the
 * concordant and discordant pairs (Kendall 1945).  Knight's algorithm
 * (Knight 1966, "A computer method for calculating Kendall's tau with
 * ungrouped data"): sort by (x, y), count the x ties and joint ties, then
 * merge sort by y counting the swaps, which are the discordant pairs; as
 * scipy.stats.kendalltau computes it.  *out_tau is NaN when n < 2 or
 * either side is constant.  NaN inputs are BF_EINVAL.
 * Time O(n log n); memory n doubles and 2n uint32 of scratch.
 */
bf_err bf_rank_kendall(const double *x, const double *y, uint32_t n,
                       double *out_tau);

#endif
