/*
 * overlap.c - the overlap of two accounts' audiences.
 *
 * Follower lists in the CSR are sorted ascending, so the intersection is
 * a merge walk of the two lists.  When one list is much shorter (a small
 * account against a hub of millions) each of its entries is looked up in
 * the long one instead, by a galloping search from where the previous
 * one ended, which touches O(s log(l / s)) entries rather than all l of
 * the long one, each checked as it is read (bf_csr_in_count): an audit
 * comparing a small account with a few hubs reads a few pages of each,
 * not their whole lists, whatever the store's size.
 */
#include "graph/graph.h"

/*
 * common_count sets *out to the followers a and b share, of their da and
 * db followers: the shorter list, checked, counted in the longer one.
 */
static bf_err common_count(const bf_csr *g, uint32_t a, uint64_t da, uint32_t b,
                           uint64_t db, uint64_t *out)
{
    const uint32_t *ls = NULL;
    uint64_t ns = 0;
    bf_err err;

    if (da > db)
        return common_count(g, b, db, a, da, out);
    err = bf_csr_in(g, a, &ls, NULL, &ns);
    return err ? err : bf_csr_in_count(g, b, ls, ns, out);
}

bf_err bf_graph_overlap(const bf_csr *g, uint32_t a, uint32_t b,
                        bf_overlap *out)
{
    uint64_t uni;
    bf_err err;

    if (!g || !out || a >= g->n || b >= g->n)
        return BF_EINVAL;
    /* Checked lists or spans: the graph may have been opened lazily. */
    err = bf_csr_in_degree(g, a, &out->a);
    if (!err)
        err = bf_csr_in_degree(g, b, &out->b);
    if (!err)
        err = common_count(g, a, out->a, b, out->b, &out->common);
    if (err)
        return err;
    uni = out->a + out->b - out->common;
    out->jaccard = uni ? (double)out->common / (double)uni : 0.0;
    out->a_in_b = out->a ? (double)out->common / (double)out->a : -1.0;
    out->b_in_a = out->b ? (double)out->common / (double)out->b : -1.0;
    return BF_OK;
}
