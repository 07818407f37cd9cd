/*
 * degree.c - degrees, degree percentiles, reciprocity and top-k ranking.
 *
 * Degrees are read straight off the CSR offsets.  Percentiles use a
 * counting sort: degrees are bounded by n, so a histogram of max + 1
 * counters is both smaller and faster than sorting n values.  Reciprocity
 * never searches: an edge (u,v) is returned exactly when v appears both in
 * out(u) (u follows v) and in in(u) (v follows u), and since both lists
 * are sorted one linear merge per vertex counts the mutual edges, O(m) in
 * all.  bf_graph_top keeps the best k in a binary heap whose root is the
 * worst kept, built in the caller's output array, then heap-sorts it in
 * place, so it needs no memory of its own.
 */
#include <math.h>
#include <stdlib.h>

#include "graph/graph.h"

bf_err bf_graph_degree(const bf_csr *g, bf_degree_mode mode, uint32_t *out)
{
    const uint64_t *off;
    uint32_t v;

    if (!g || (g->n && !out))
        return BF_EINVAL;
    off = mode == BF_DEGREE_OUT ? g->out_off : g->in_off;
    for (v = 0; v < g->n; v++)
        out[v] = (uint32_t)(off[v + 1] - off[v]);
    return BF_OK;
}

/*
 * Nearest rank of percentile p (an integer percent) among n sorted values,
 * counted from 1: ceil(p * n / 100).
 */
static uint64_t nearest_rank(uint64_t p, uint64_t n)
{
    uint64_t r = (p * n + 99) / 100;

    return r ? r : 1;
}

bf_err bf_graph_degree_percentiles(const bf_csr *g, bf_degree_mode mode,
                                   bf_degree_pct *out)
{
    static const uint64_t pcts[3] = { 50, 90, 99 };
    uint32_t res[3] = { 0, 0, 0 };
    const uint64_t *off;
    uint64_t *hist = NULL, cum = 0;
    uint32_t v, max = 0, d;
    size_t i = 0;

    if (!g || !out)
        return BF_EINVAL;
    off = mode == BF_DEGREE_OUT ? g->out_off : g->in_off;
    for (v = 0; v < g->n; v++) {
        d = (uint32_t)(off[v + 1] - off[v]);
        if (d > max)
            max = d;
    }
    if (g->n) {
        /* A degree is at most n (no duplicates), so this is O(n) memory. */
        hist = calloc((size_t)max + 1, sizeof *hist);
        if (!hist)
            return BF_ENOMEM;
        for (v = 0; v < g->n; v++)
            hist[off[v + 1] - off[v]]++;
        /* Walk the cumulative counts once, answering each rank in turn;
         * the ranks ascend with the percentiles. */
        for (d = 0; i < 3; d++) {
            cum += hist[d];
            while (i < 3 && cum >= nearest_rank(pcts[i], g->n))
                res[i++] = d;
        }
    }
    out->n = g->n;
    out->mean = g->n ? (double)g->m / g->n : 0.0;
    out->p50 = res[0];
    out->p90 = res[1];
    out->p99 = res[2];
    out->max = max;
    free(hist);
    return BF_OK;
}

bf_err bf_graph_reciprocity(const bf_csr *g, bf_reciprocity *out)
{
    uint64_t mutual = 0, loops = 0, i, j, ie, je;
    uint32_t u;

    if (!g || !out)
        return BF_EINVAL;
    for (u = 0; u < g->n; u++) {
        /* Intersect out(u) and in(u): both sorted, strictly increasing. */
        i = g->out_off[u];
        ie = g->out_off[u + 1];
        j = g->in_off[u];
        je = g->in_off[u + 1];
        while (i < ie && j < je) {
            uint32_t a = g->out_adj[i], b = g->in_adj[j];

            if (a < b) {
                i++;
            } else if (b < a) {
                j++;
            } else {
                /* A self-loop is in both lists and is its own reverse. */
                if (a == u)
                    loops++;
                else
                    mutual++;
                i++;
                j++;
            }
        }
    }
    out->mutual = mutual;
    out->loops = loops;
    out->edges = g->m - loops;
    out->ratio = out->edges ? (double)mutual / (double)out->edges : 0.0;
    return BF_OK;
}

/*
 * better reports whether vertex a ranks before vertex b: a higher value,
 * or an equal value and a lower id.  NaN ranks below every number.
 */
static int better(const double *value, uint32_t a, uint32_t b)
{
    double x = value[a], y = value[b];
    int xn = isnan(x), yn = isnan(y);

    if (xn != yn)
        return yn;
    if (!xn && x != y)
        return x > y;
    return a < b;
}

/*
 * sift_down restores the heap property below slot i of heap[0..len), a
 * heap whose root is the worst-ranked vertex.
 */
static void sift_down(const double *value, uint32_t *heap, uint32_t len,
                      uint32_t i)
{
    for (;;) {
        uint64_t l = 2 * (uint64_t)i + 1, r = l + 1, w = i;
        uint32_t t;

        if (l < len && better(value, heap[w], heap[l]))
            w = l;
        if (r < len && better(value, heap[w], heap[r]))
            w = r;
        if (w == i)
            return;
        t = heap[i];
        heap[i] = heap[w];
        heap[w] = t;
        i = (uint32_t)w;
    }
}

bf_err bf_graph_top(const double *value, uint32_t n, uint32_t k,
                    uint32_t *out_ids)
{
    uint32_t v, len;

    if (k > n || (k && (!value || !out_ids)))
        return BF_EINVAL;
    if (!k)
        return BF_OK;
    /* The first k vertices make the heap; each later one that beats the
     * worst kept replaces it. */
    for (v = 0; v < k; v++)
        out_ids[v] = v;
    for (v = k / 2; v-- > 0;)
        sift_down(value, out_ids, k, v);
    for (v = k; v < n; v++) {
        if (better(value, v, out_ids[0])) {
            out_ids[0] = v;
            sift_down(value, out_ids, k, 0);
        }
    }
    /* Heap sort: move the worst to the end, shrink, repeat; the array ends
     * best first. */
    for (len = k; len > 1; len--) {
        uint32_t t = out_ids[0];

        out_ids[0] = out_ids[len - 1];
        out_ids[len - 1] = t;
        sift_down(value, out_ids, len - 1, 0);
    }
    return BF_OK;
}
