/*
 * pagerank.c - PageRank by power iteration, pulled over in-edges.
 *
 * Each iteration gathers, for every pr[v], the contributions
 * c[u] = pr[u] / outdeg(u) of the followers listed in in(v) (0 for a
 * dangling vertex, whose rank is summed apart and spread evenly).  Pulling
 * rather than pushing means each new value is written once, by one loop,
 * with no scattered writes; the old rank of v is only needed for the L1
 * change, so the new one overwrites it in place, and the same pass writes
 * v's contribution for the next iteration into a second array (the first
 * is still being gathered from).  The stopping rule and the treatment of
 * dangling vertices are those of NetworkX pagerank (uniform
 * personalisation, uniform dangling weights), so on the same graph both
 * converge to the same vector.
 *
 * With several threads the pass is cut into chunks of about the same
 * number of in-edges plus vertices (the work of a pull), which the threads
 * take in turn as they finish, with one barrier per iteration.  Each chunk
 * keeps its partial dangling mass and L1 change in a slot of its own;
 * every thread then adds the slots in chunk order, so all of them take
 * the same stopping decision without a further barrier.
 *
 * Precision is mixed, and only where it cannot show.  The pull is a random
 * gather of one contribution per in-edge, and it is memory-bound: on an
 * R-MAT graph of 2 million vertices, 4-byte contributions run the
 * iteration about twice as fast as 8-byte ones, because twice as many fit
 * in cache (GAPBS keeps its scores in float for the same reason).  So on
 * graphs of at least 2^18 vertices, whose double contributions no longer
 * fit in a core's L2 cache, every in-edge gathers a float; ranks, sums
 * and the change are always doubles.  Smaller graphs are computed in
 * doubles throughout.
 *
 * While the L1 change of an iteration is at least 1e-5 (graph.h names
 * both limits) the floats are the contributions themselves.  A float
 * contribution is off by at most 2^-24 of itself, so an iteration's ranks
 * are off by at most d * 2^-24 < 5.1e-8 in L1, below the default
 * tolerance of such a graph (1e-12 * n >= 2.6e-7).
 *
 * After that they are corrections, and the ranks come out as exact as in
 * doubles.  Each vertex u keeps sent[u], in double, the contribution its
 * followers' ranks were last computed from: at the switch, the float one
 * of the last pull.  Its next correction is the float
 * x = rank[u] / outdeg(u) - sent[u], and sent[u] += x; a pull adds to each
 * rank the change of the teleport-and-dangling base and d times the sum
 * of its followers' corrections.  A rank is then base + d * (the sum of
 * sent over its followers), to the rounding of doubles, and sent is the
 * exact contribution up to the rounding of the last x: 2^-24 of a change
 * that shrinks with the L1 change of the run, below 1e-5.  The rounding
 * of every earlier x is carried in sent and taken back by the next
 * correction, so none of it stays in the ranks.  Before, the run
 * gathered doubles after the switch; the corrections cost what the float
 * iterations do, which on the graphs of make bench saved 5 to 18% of a
 * 20-iteration run (docs/graph.md).  A fixed count of iterations may end
 * in either phase: on make bench's R-MAT graph the change falls under
 * 1e-5 after 14 iterations.
 *
 * A graph file of 2^18 vertices or more carries a local order (store/csr.h):
 * the vertices by degree, highest first, with the edges relabelled.
 * bf_graph_pagerank then iterates in that numbering, where the
 * contributions gathered most often share cache lines, and writes each
 * rank back under its dense id; only the order of the additions differs.
 *
 * The loops, bf__pagerank_scatter, bf__pagerank_scatter_delta,
 * bf__pagerank_pull and bf__pagerank_pull_next (the pull followed by the
 * next scatter, in one pass), work on any range of vertices, so the
 * threads here and the ranks of the MPI build (mpi/graph_mpi.c) compute
 * the same bits for every vertex; only the sums over ranges are added in
 * another order.
 */
#include <limits.h>
#include <math.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include "base/mem.h"
#include "graph/graph.h"

double bf__pagerank_scatter(const uint64_t *out_off, const double *rank,
                            uint32_t count, void *c, uint32_t first, int single)
{
    double dangling = 0.0;
    uint32_t i;

    for (i = 0; i < count; i++) {
        uint64_t od = out_off[i + 1] - out_off[i];
        double x = od ? rank[i] / (double)od : 0.0;

        if (!od)
            dangling += rank[i];
        if (single)
            ((float *)c)[first + i] = (float)x;
        else
            ((double *)c)[first + i] = x;
    }
    return dangling;
}

double bf__pagerank_scatter_delta(const uint64_t *out_off, const double *rank,
                                  uint32_t count, float *c, uint32_t first,
                                  double *sent, const float *from)
{
    double dangling = 0.0;
    uint32_t i;

    for (i = 0; i < count; i++) {
        uint64_t od = out_off[i + 1] - out_off[i];
        float x = 0.0f;

        if (from)
            sent[i] = from[first + i];
        if (od) {
            x = (float)(rank[i] / (double)od - sent[i]);
            sent[i] += x;
        } else {
            dangling += rank[i];
        }
        c[first + i] = x;
    }
    return dangling;
}

/*
 * PULL_RANGE sets rank[i] = NEW(rank[i], S) for i in [0, count), S the
 * sum of c[adj[e - e0]] over e in [off[i], off[i+1]), adding the L1
 * change to diff; c is float or double, NEW is NEW_FULL (base + d * S) or
 * NEW_DELTA (rank[i] + base + d * S).  A macro so that each width and
 * phase gets its own loop with nothing to test per edge.  The sum runs in
 * one accumulator, in list order.  Four interleaved ones, unrolled, would
 * break the chain of additions, but that chain is not the limit of a
 * gather from memory: on a graph of 2.1 M vertices and 32 M edges and on
 * a simulated one of 1 M vertices and 35 M, the plain loop was 10 to 20%
 * faster on one thread and on two (docs/graph.md).  Why was not pinned
 * down: taking the unrolled loop only for lists of 16 or more was no
 * faster than taking it always.
 *
 * The sum stays in double even where the contributions are floats.
 * GAPBS sums floats in a float, one instruction less per edge (the
 * widening, and the register clearing that goes with it); tried here, it
 * left the total rank of the mixed-precision test 8.8e-9 from 1, where
 * the test allows 1e-9, even with the ranks summed again in double at the
 * switch to corrections (a float sum's error is not in what the followers
 * passed on, so the corrections cannot take it back, and the mass it
 * moves decays only by d per iteration).  Instead the one accumulator
 * takes four edges per pass of the loop, in list order, so the sum is the
 * same bits and the loop's own increment, compare and branch are paid
 * once per four edges: 4.75 instructions per edge where the plain loop
 * took 7 (load, clear, widen, add, and the loop's three).
 * NEXT(i, nv) runs on each new rank: nothing, or the next iteration's
 * scatter of that vertex (SCATTER_ONE).
 */
#define PULL_RANGE(off, adj, e0, count, c, rank, diff, NEW, NEXT) \
    do {                                                          \
        const uint32_t *a_ = (adj) - (e0);                        \
        uint32_t i_;                                              \
                                                                  \
        for (i_ = 0; i_ < (count); i_++) {                        \
            const uint32_t *e_ = a_ + (off)[i_];                  \
            const uint32_t *ee_ = a_ + (off)[i_ + 1];             \
            double s_ = 0.0, old_ = (rank)[i_], nv_;              \
                                                                  \
            const uint32_t *e4_ = ee_ - ((ee_ - e_) & 3);         \
                                                                  \
            for (; e_ < e4_; e_ += 4) {                           \
                s_ += (c)[e_[0]];                                 \
                s_ += (c)[e_[1]];                                 \
                s_ += (c)[e_[2]];                                 \
                s_ += (c)[e_[3]];                                 \
            }                                                     \
            for (; e_ < ee_; e_++)                                \
                s_ += (c)[*e_];                                   \
            nv_ = NEW(old_, s_);                                  \
            (diff) += fabs(nv_ - old_);                           \
            (rank)[i_] = nv_;                                     \
            NEXT(i_, nv_);                                        \
        }                                                         \
    } while (0)

/* They expect base and d in scope. */
#define NEW_FULL(old, s)  ((void)(old), base + d * (s))
#define NEW_DELTA(old, s) ((old) + base + d * (s))
#define NO_NEXT(i, nv)    ((void)0)

/* SCATTER_ONE is bf__pagerank_scatter's step for vertex i of rank nv;
 * it expects out_off, next, first and a local dang in scope (a local: the
 * caller's slot may share a cache line with another thread's). */
#define SCATTER_ONE(T, i, nv)                         \
    do {                                              \
        uint64_t od_ = out_off[(i) + 1] - out_off[i]; \
        double x_ = od_ ? (nv) / (double)od_ : 0.0;   \
                                                      \
        if (!od_)                                     \
            dang += (nv);                             \
        ((T *)next)[first + (i)] = (T)x_;             \
    } while (0)
#define NEXT_FLOAT(i, nv)  SCATTER_ONE(float, i, nv)
#define NEXT_DOUBLE(i, nv) SCATTER_ONE(double, i, nv)

/* SCATTER_DELTA is bf__pagerank_scatter_delta's step without from; it
 * expects out_off, next, first, sent and dang in scope. */
#define SCATTER_DELTA(i, nv)                            \
    do {                                                \
        uint64_t od_ = out_off[(i) + 1] - out_off[i];   \
        float x_ = 0.0f;                                \
                                                        \
        if (od_) {                                      \
            x_ = (float)((nv) / (double)od_ - sent[i]); \
            sent[i] += x_;                              \
        } else {                                        \
            dang += (nv);                               \
        }                                               \
        ((float *)next)[first + (i)] = x_;              \
    } while (0)

double bf__pagerank_pull(const uint64_t *in_off, const uint32_t *in_adj,
                         uint64_t e0, uint32_t count, const void *c,
                         bf__pr_phase ph, double base, double d, double *rank)
{
    double diff = 0.0;

    if (ph == BF__PR_DOUBLE)
        PULL_RANGE(in_off, in_adj, e0, count, (const double *)c, rank, diff,
                   NEW_FULL, NO_NEXT);
    else if (ph == BF__PR_FLOAT)
        PULL_RANGE(in_off, in_adj, e0, count, (const float *)c, rank, diff,
                   NEW_FULL, NO_NEXT);
    else
        PULL_RANGE(in_off, in_adj, e0, count, (const float *)c, rank, diff,
                   NEW_DELTA, NO_NEXT);
    return diff;
}

double bf__pagerank_pull_next(const uint64_t *in_off, const uint32_t *in_adj,
                              uint64_t e0, uint32_t count, const void *c,
                              bf__pr_phase ph, double base, double d,
                              double *rank, const uint64_t *out_off, void *next,
                              uint32_t first, double *sent, double *dangling)
{
    double diff = 0.0, dang = 0.0;

    if (ph == BF__PR_DOUBLE)
        PULL_RANGE(in_off, in_adj, e0, count, (const double *)c, rank, diff,
                   NEW_FULL, NEXT_DOUBLE);
    else if (ph == BF__PR_FLOAT)
        PULL_RANGE(in_off, in_adj, e0, count, (const float *)c, rank, diff,
                   NEW_FULL, NEXT_FLOAT);
    else
        PULL_RANGE(in_off, in_adj, e0, count, (const float *)c, rank, diff,
                   NEW_DELTA, SCATTER_DELTA);
    *dangling = dang;
    return diff;
}

void bf_pagerank_opts_init(bf_pagerank_opts *o)
{
    o->damping = BF_PAGERANK_DAMPING;
    o->tol = 0.0; /* BF_PAGERANK_TOL * n, resolved once n is known */
    o->max_iter = BF_PAGERANK_MAX_ITER;
    o->fixed_iter = 0;
    o->threads = 1;
}

/* pr_first_phase is the phase a run on n vertices starts in. */
static bf__pr_phase pr_first_phase(uint32_t n)
{
    return n >= BF_PAGERANK_SINGLE_MIN_N ? BF__PR_FLOAT : BF__PR_DOUBLE;
}

/*
 * A parallel run hands out chunks of vertices, cut so that each holds
 * about PR_CHUNK_WORK in-edges plus vertices, to whichever thread asks
 * next (a shared counter per iteration).  Static halves lose whenever one
 * core is slower, which on a shared machine is most of the time; a chunk
 * is large enough that asking costs nothing beside it.  Each chunk's
 * dangling mass and L1 change go to a slot of its own and are added in
 * chunk order, so the result does not depend on which thread ran what.
 */
#define PR_CHUNK_WORK (1u << 17)
#define PR_MAX_CHUNKS 65536u

/* What the worker threads of one parallel run share. */
typedef struct pr_par {
    const bf_csr *g;
    double *rank;
    void *contrib[2]; /* n floats or n doubles each, see pr_solve */
    double *sent;     /* n doubles, for the refinement phase */
    double d, inv_n, tol;
    uint32_t limit;
    int fixed;
    uint32_t nt;
    uint32_t nc;  /* chunks */
    uint32_t *lo; /* chunk c is [lo[c], lo[c+1]) */
    /* Per-chunk dangling mass and L1 change, and the chunk counter, by
     * iteration parity: a thread may fill the next iteration's while
     * another still reads this one's. */
    double *dang[2], *diff[2];
    atomic_uint next[2];
    pthread_barrier_t bar;
    pthread_mutex_t mu; /* guards go and abort */
    pthread_cond_t cv;
    int go;         /* every thread was started, or abort */
    int abort;      /* a thread could not be started: do nothing */
    uint32_t iters; /* written by thread 0 only */
    int converged;  /* likewise */
} pr_par;

typedef struct pr_worker {
    pr_par *p;
    uint32_t t;
} pr_worker;

/* sum_slots adds the k slots of x in order. */
static double sum_slots(const double *x, uint32_t k)
{
    double s = 0.0;
    uint32_t i;

    for (i = 0; i < k; i++)
        s += x[i];
    return s;
}

/*
 * pr_run is the loop of thread t; every thread runs the same iterations,
 * taking chunks until none is left.  One barrier per iteration:
 * contributions, per-chunk sums and counters are double-buffered, so what
 * an iteration writes is never what another thread may still be reading.
 */
static void *pr_run(void *arg)
{
    pr_worker *w = arg;
    pr_par *p = w->p;
    const bf_csr *g = p->g;
    const uint32_t *lo = p->lo;
    uint32_t c, it = 0;
    int converged = 0, abort;
    bf__pr_phase ph = pr_first_phase(g->n);
    double prev_base = 0.0;
    void *cur = p->contrib[0], *nxt = p->contrib[1], *tmp;

    /* Wait until all threads exist: the barriers count every one. */
    pthread_mutex_lock(&p->mu);
    while (!p->go)
        pthread_cond_wait(&p->cv, &p->mu);
    abort = p->abort;
    pthread_mutex_unlock(&p->mu);
    if (abort)
        return NULL;
    /* The first contributions, in static slices: it happens once. */
    for (c = w->t; c < p->nc; c += p->nt)
        p->dang[0][c] = bf__pagerank_scatter(g->out_off + lo[c],
                                             p->rank + lo[c], lo[c + 1] - lo[c],
                                             cur, lo[c], ph == BF__PR_FLOAT);
    pthread_barrier_wait(&p->bar);
    while (it < p->limit && !converged) {
        uint32_t par = it & 1;
        double base, diff, delta;

        base = (1.0 - p->d) * p->inv_n +
               p->d * sum_slots(p->dang[par], p->nc) * p->inv_n;
        /* A correction adds the change of base to the rank it has. */
        delta = ph == BF__PR_DELTA ? base - prev_base : base;
        prev_base = base;
        /* Nobody uses the other counter until after the barrier below. */
        if (w->t == 0)
            atomic_store(&p->next[par ^ 1], 0);
        while ((c = atomic_fetch_add(&p->next[par], 1)) < p->nc)
            p->diff[par][c] = bf__pagerank_pull_next(
                    g->in_off + lo[c], g->in_adj, 0, lo[c + 1] - lo[c], cur, ph,
                    delta, p->d, p->rank + lo[c], g->out_off + lo[c], nxt,
                    lo[c], p->sent ? p->sent + lo[c] : NULL,
                    &p->dang[par ^ 1][c]);
        pthread_barrier_wait(&p->bar);
        diff = sum_slots(p->diff[par], p->nc);
        it++;
        tmp = cur;
        cur = nxt;
        nxt = tmp;
        if (!p->fixed && diff < p->tol) {
            converged = 1;
        } else if (ph == BF__PR_FLOAT && diff < BF_PAGERANK_SINGLE_ABOVE) {
            /* Corrections from here on, to what nxt passed on. */
            ph = BF__PR_DELTA;
            for (c = w->t; c < p->nc; c += p->nt)
                bf__pagerank_scatter_delta(g->out_off + lo[c], p->rank + lo[c],
                                           lo[c + 1] - lo[c], cur, lo[c],
                                           p->sent + lo[c], nxt);
            pthread_barrier_wait(&p->bar);
        }
    }
    if (w->t == 0) {
        p->iters = it;
        p->converged = converged;
    }
    return NULL;
}

/*
 * pr_cut sets p->nc and p->lo: chunk c starts at the first vertex v with
 * in_off[v] + v >= c * work / nc.  BF_ENOMEM when out of memory.
 */
static bf_err pr_cut(pr_par *p)
{
    const bf_csr *g = p->g;
    uint64_t work = g->m + g->n, nc = work / PR_CHUNK_WORK;
    uint32_t c;

    if (nc < p->nt)
        nc = p->nt;
    if (nc > PR_MAX_CHUNKS)
        nc = PR_MAX_CHUNKS;
    p->nc = (uint32_t)nc;
    p->lo = malloc((nc + 1) * sizeof *p->lo);
    p->dang[0] = calloc(4 * nc, sizeof *p->dang[0]);
    if (!p->lo || !p->dang[0])
        return BF_ENOMEM;
    p->dang[1] = p->dang[0] + nc;
    p->diff[0] = p->dang[0] + 2 * nc;
    p->diff[1] = p->dang[0] + 3 * nc;
    p->lo[0] = 0;
    for (c = 1; c < nc; c++) {
        uint64_t target = work / nc * c;
        uint32_t a = p->lo[c - 1], b = g->n;

        while (a < b) {
            uint32_t mid = a + (b - a) / 2;

            if (g->in_off[mid] + mid < target)
                a = mid + 1;
            else
                b = mid;
        }
        p->lo[c] = a;
    }
    p->lo[nc] = g->n;
    return BF_OK;
}

/*
 * pr_parallel runs PageRank on nt threads (the caller's included) over
 * ranks already set to 1/n.  BF_ENOMEM when a thread cannot be started.
 */
static bf_err pr_parallel(pr_par *p, uint32_t *out_it, int *out_conv)
{
    pthread_t th[BF_PAGERANK_MAX_THREADS];
    pr_worker w[BF_PAGERANK_MAX_THREADS];
    uint32_t t, started = 0;
    bf_err err = pr_cut(p);

    if (!err && pthread_barrier_init(&p->bar, NULL, p->nt) != 0)
        err = BF_ENOMEM;
    if (err) {
        free(p->lo);
        free(p->dang[0]);
        return err;
    }
    pthread_mutex_init(&p->mu, NULL);
    pthread_cond_init(&p->cv, NULL);
    atomic_init(&p->next[0], 0);
    atomic_init(&p->next[1], 0);
    p->go = 0;
    p->abort = 0;
    for (t = 0; t < p->nt; t++) {
        w[t].p = p;
        w[t].t = t;
    }
    for (t = 1; t < p->nt; t++, started++)
        if (pthread_create(&th[t], NULL, pr_run, &w[t]) != 0)
            break;
    pthread_mutex_lock(&p->mu);
    p->go = 1;
    p->abort = started + 1 < p->nt;
    pthread_cond_broadcast(&p->cv);
    pthread_mutex_unlock(&p->mu);
    if (!p->abort)
        pr_run(&w[0]);
    for (t = 1; t <= started; t++)
        pthread_join(th[t], NULL);
    pthread_barrier_destroy(&p->bar);
    pthread_mutex_destroy(&p->mu);
    pthread_cond_destroy(&p->cv);
    free(p->lo);
    free(p->dang[0]);
    if (p->abort)
        return BF_ENOMEM;
    *out_it = p->iters;
    *out_conv = p->converged;
    return BF_OK;
}

/* pr_solve is bf_graph_pagerank on the numbering of g as it stands. */
static bf_err pr_solve(const bf_csr *g, const bf_pagerank_opts *o,
                       double *out_rank, int *out_iters)
{
    bf_pagerank_opts def;
    double *contrib = NULL, *sent = NULL, d, tol, inv_n, dangling, base;
    double prev_base = 0.0, diff;
    void *cur, *nxt, *tmp;
    uint32_t n, v, it, limit;
    int converged = 0;
    bf__pr_phase ph;
    bf_err err = BF_OK;

    if (!o) {
        bf_pagerank_opts_init(&def);
        o = &def;
    }
    /* The negated test also rejects a NaN damping. */
    if (!g || !(o->damping >= 0.0 && o->damping < 1.0) ||
        (!o->fixed_iter && !o->max_iter) || (g->n && !out_rank))
        return BF_EINVAL;
    n = g->n;
    it = 0;
    if (!n)
        goto out;
    /* Two contribution arrays, the one gathered from and the next; each
     * in-edge reads one at random, hence the huge pages.  As doubles, or
     * as floats followed by the n doubles of sent. */
    contrib = bf_alloc_huge(2 * (size_t)n * sizeof *contrib);
    if (!contrib) {
        err = BF_ENOMEM;
        goto out;
    }
    ph = pr_first_phase(n);
    cur = contrib;
    nxt = contrib + n;
    if (ph == BF__PR_FLOAT) {
        nxt = (float *)contrib + n;
        sent = contrib + n;
    }
    d = o->damping;
    inv_n = 1.0 / n;
    tol = o->tol > 0.0 ? o->tol : BF_PAGERANK_TOL * n;
    limit = o->fixed_iter ? o->fixed_iter : o->max_iter;
    for (v = 0; v < n; v++)
        out_rank[v] = inv_n;
    if (o->threads > 1 && n >= 2 * o->threads) {
        pr_par *p = calloc(1, sizeof *p);

        if (!p) {
            err = BF_ENOMEM;
            goto out;
        }
        p->g = g;
        p->rank = out_rank;
        p->contrib[0] = cur;
        p->contrib[1] = nxt;
        p->sent = sent;
        p->d = d;
        p->inv_n = inv_n;
        p->tol = tol;
        p->limit = limit;
        p->fixed = o->fixed_iter > 0;
        p->nt = o->threads < BF_PAGERANK_MAX_THREADS ? o->threads
                                                     : BF_PAGERANK_MAX_THREADS;
        err = pr_parallel(p, &it, &converged);
        free(p);
        if (err)
            goto out;
    }
    /* Contributions along out-edges, and the dangling mass; after this,
     * each pull scatters the next iteration's as it goes. */
    dangling = it < limit && !converged
                       ? bf__pagerank_scatter(g->out_off, out_rank, n, cur, 0,
                                              ph == BF__PR_FLOAT)
                       : 0.0;
    while (it < limit && !converged) {
        double delta;

        /* Teleport plus the dangling mass, the same for every vertex; a
         * correction adds its change to the rank it has. */
        base = (1.0 - d) * inv_n + d * dangling * inv_n;
        delta = ph == BF__PR_DELTA ? base - prev_base : base;
        prev_base = base;
        diff = bf__pagerank_pull_next(g->in_off, g->in_adj, 0, n, cur, ph,
                                      delta, d, out_rank, g->out_off, nxt, 0,
                                      sent, &dangling);
        it++;
        tmp = cur;
        cur = nxt;
        nxt = tmp;
        /* In fixed mode the change is computed but never stops the run,
         * so every benchmark iteration does the same work. */
        if (!o->fixed_iter && diff < tol) {
            converged = 1;
        } else if (ph == BF__PR_FLOAT && diff < BF_PAGERANK_SINGLE_ABOVE) {
            ph = BF__PR_DELTA;
            bf__pagerank_scatter_delta(g->out_off, out_rank, n, cur, 0, sent,
                                       nxt);
        }
    }
    if (!o->fixed_iter && !converged)
        err = BF_ELIMIT;
out:
    if (out_iters && (!err || err == BF_ELIMIT))
        *out_iters = it > INT_MAX ? INT_MAX : (int)it;
    free(contrib);
    return err;
}

bf_err bf_graph_pagerank(const bf_csr *g, const bf_pagerank_opts *o,
                         double *out_rank, int *out_iters)
{
    bf_csr lo;
    double *r;
    uint32_t k;
    bf_err err;

    if (!g || !g->n || !out_rank || !bf__graph_local(g, &lo))
        return pr_solve(g, o, out_rank, out_iters);
    /*
     * The graph file carries a local order: iterate over it, where the
     * followers gathered most often share cache lines, and give each rank
     * back to its dense id at the end.
     */
    r = malloc((size_t)g->n * sizeof *r);
    if (!r)
        return BF_ENOMEM;
    err = pr_solve(&lo, o, r, out_iters);
    if (!err || err == BF_ELIMIT)
        for (k = 0; k < g->n; k++)
            out_rank[g->order[k]] = r[k];
    free(r);
    return err;
}
