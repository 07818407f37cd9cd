/*
 * kcore.c - core numbers by the Batagelj-Zaversnik peeling algorithm.
 *
 * The algorithm sorts the vertices by degree with a bin sort (vert[] holds
 * them in degree order, pos[] where each one is, bin[d] where degree d
 * starts), then takes them in that order: the vertex taken has the lowest
 * remaining degree, which is its core number, and each neighbour with a
 * higher degree loses one and moves one bin down by a swap with the first
 * vertex of its bin.  Every edge is looked at twice, so the whole run is
 * O(n + m).  The graph is used symmetrised without building it: the
 * neighbours of v are produced by merging the sorted lists out(v) and
 * in(v), yielding a mutual follow once and skipping v itself.  The degree
 * array is the caller's output array, which ends holding the core numbers.
 *
 * On a graph file with a local order (store/csr.h) the peel runs over the
 * relabelled graph (local.c), where the entries of the accounts with most
 * neighbours, read once per neighbour, share cache lines: about twice as
 * fast on an R-MAT graph of 32 M edges (docs/graph.md, "Vertex order").
 * Its core numbers then go to a scratch array and are written back under
 * their dense ids, so the caller never sees the local numbering.
 */
#include <stdlib.h>

#include "graph/graph.h"

/* A walk over (out(v) U in(v)) \ {v} in ascending order. */
typedef struct nbr_iter {
    const uint32_t *a, *ae; /* rest of out(v) */
    const uint32_t *b, *be; /* rest of in(v) */
    uint32_t self;
} nbr_iter;

static void nbr_start(nbr_iter *it, const bf_csr *g, uint32_t v)
{
    it->a = g->out_adj + g->out_off[v];
    it->ae = g->out_adj + g->out_off[v + 1];
    it->b = g->in_adj + g->in_off[v];
    it->be = g->in_adj + g->in_off[v + 1];
    it->self = v;
}

/* nbr_next stores the next neighbour in *out and returns 1, or returns 0. */
static int nbr_next(nbr_iter *it, uint32_t *out)
{
    uint32_t x;

    for (;;) {
        if (it->a < it->ae && (it->b == it->be || *it->a <= *it->b)) {
            x = *it->a++;
            /* The same vertex in both lists is one neighbour. */
            if (it->b < it->be && *it->b == x)
                it->b++;
        } else if (it->b < it->be) {
            x = *it->b++;
        } else {
            return 0;
        }
        if (x != it->self) {
            *out = x;
            return 1;
        }
    }
}

/* kcore_run is bf_graph_kcore over g's own numbering; n > 0. */
static bf_err kcore_run(const bf_csr *g, uint32_t *out_core)
{
    uint32_t *deg = out_core, *bin = NULL, *pos = NULL, *vert = NULL;
    uint32_t n = g->n, v, u, i, md = 0, start, num;
    nbr_iter it;
    bf_err err = BF_OK;

    /* Symmetrised degrees; each is at most n - 1. */
    for (v = 0; v < n; v++) {
        uint32_t d = 0;

        nbr_start(&it, g, v);
        while (nbr_next(&it, &u))
            d++;
        deg[v] = d;
        if (d > md)
            md = d;
    }
    bin = calloc((size_t)md + 1, sizeof *bin);
    pos = malloc((size_t)n * sizeof *pos);
    vert = malloc((size_t)n * sizeof *vert);
    if (!bin || !pos || !vert) {
        err = BF_ENOMEM;
        goto out;
    }
    /* Bin sort: count each degree, turn counts into start offsets, place
     * every vertex, then shift the offsets back to the bin starts. */
    for (v = 0; v < n; v++)
        bin[deg[v]]++;
    start = 0;
    for (i = 0; i <= md; i++) {
        num = bin[i];
        bin[i] = start;
        start += num;
    }
    for (v = 0; v < n; v++) {
        pos[v] = bin[deg[v]]++;
        vert[pos[v]] = v;
    }
    for (i = md; i > 0; i--)
        bin[i] = bin[i - 1];
    bin[0] = 0;
    /* Peel in degree order. */
    for (i = 0; i < n; i++) {
        v = vert[i];
        nbr_start(&it, g, v);
        while (nbr_next(&it, &u)) {
            if (deg[u] > deg[v]) {
                uint32_t du = deg[u], pu = pos[u], pw = bin[du];
                uint32_t w = vert[pw];

                /* Swap u with the first vertex of its bin, then move the
                 * bin start past it: u now sits in bin du - 1. */
                if (u != w) {
                    pos[u] = pw;
                    vert[pu] = w;
                    pos[w] = pu;
                    vert[pw] = u;
                }
                bin[du]++;
                deg[u]--;
            }
        }
    }
out:
    free(bin);
    free(pos);
    free(vert);
    return err;
}

bf_err bf_graph_kcore(const bf_csr *g, uint32_t *out_core)
{
    uint32_t *core, k;
    bf_csr lo;
    bf_err err;

    if (!g || (g->n && !out_core))
        return BF_EINVAL;
    if (!g->n)
        return BF_OK;
    if (!bf__graph_local(g, &lo))
        return kcore_run(g, out_core);
    /*
     * The peel reads deg, pos and vert at every neighbour: in the local
     * order the hubs, whose entries are read most, share cache lines.
     * The core numbers go back to their dense ids at the end.
     */
    core = malloc((size_t)g->n * sizeof *core);
    if (!core)
        return BF_ENOMEM;
    err = kcore_run(&lo, core);
    if (!err)
        for (k = 0; k < g->n; k++)
            out_core[g->order[k]] = core[k];
    free(core);
    return err;
}
