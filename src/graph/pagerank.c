/*
 * pagerank.c - PageRank by power iteration, pulled over in-edges.
 *
 * Each iteration first turns the current ranks into contributions,
 * c[u] = pr[u] / outdeg(u) (0 for a dangling vertex, whose rank is summed
 * apart and spread evenly), then rebuilds every pr[v] from the followers
 * listed in in(v).  Pulling rather than pushing means each new value is
 * written once, by one loop, with no scattered writes; the old rank of v
 * is only needed for the L1 change, so the new one can overwrite it in
 * place and the only scratch is the contribution array.  The stopping rule
 * and the treatment of dangling vertices are those of NetworkX pagerank
 * (uniform personalisation, uniform dangling weights), so on the same
 * graph both converge to the same vector.
 */
#include <limits.h>
#include <math.h>
#include <stdlib.h>

#include "graph/graph.h"

void bf_pagerank_opts_init(bf_pagerank_opts *o)
{
    o->damping = BF_PAGERANK_DAMPING;
    o->tol = 0.0; /* BF_PAGERANK_TOL * n, resolved once n is known */
    o->max_iter = BF_PAGERANK_MAX_ITER;
    o->fixed_iter = 0;
}

bf_err bf_graph_pagerank(const bf_csr *g, const bf_pagerank_opts *o,
                         double *out_rank, int *out_iters)
{
    bf_pagerank_opts def;
    double *contrib = NULL, d, tol, inv_n, dangling, base, diff;
    uint32_t n, u, v, it, limit;
    int converged = 0;
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
    contrib = malloc((size_t)n * sizeof *contrib);
    if (!contrib) {
        err = BF_ENOMEM;
        goto out;
    }
    d = o->damping;
    inv_n = 1.0 / n;
    tol = o->tol > 0.0 ? o->tol : BF_PAGERANK_TOL * n;
    limit = o->fixed_iter ? o->fixed_iter : o->max_iter;
    for (v = 0; v < n; v++)
        out_rank[v] = inv_n;
    while (it < limit && !converged) {
        /* Contributions along out-edges, and the dangling mass. */
        dangling = 0.0;
        for (u = 0; u < n; u++) {
            uint64_t od = g->out_off[u + 1] - g->out_off[u];

            if (od) {
                contrib[u] = out_rank[u] / (double)od;
            } else {
                contrib[u] = 0.0;
                dangling += out_rank[u];
            }
        }
        /* Teleport plus the dangling mass, the same for every vertex. */
        base = (1.0 - d) * inv_n + d * dangling * inv_n;
        diff = 0.0;
        for (v = 0; v < n; v++) {
            uint64_t e, ee = g->in_off[v + 1];
            double s = 0.0, nv;

            for (e = g->in_off[v]; e < ee; e++)
                s += contrib[g->in_adj[e]];
            nv = base + d * s;
            diff += fabs(nv - out_rank[v]);
            out_rank[v] = nv;
        }
        it++;
        /* In fixed mode the change is computed but never stops the run,
         * so every benchmark iteration does the same work. */
        if (!o->fixed_iter && diff < tol)
            converged = 1;
    }
    if (!o->fixed_iter && !converged)
        err = BF_ELIMIT;
out:
    if (out_iters && (!err || err == BF_ELIMIT))
        *out_iters = it > INT_MAX ? INT_MAX : (int)it;
    free(contrib);
    return err;
}
