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
 *
 * One list against many (bf_graph_set) reads and checks the one once,
 * and, when it is long, marks it in a bitmap of the accounts, so that
 * each of the many costs one test per entry of its own list, and a
 * caller that needs only to know whether a few are shared stops reading
 * once it has seen them (bf_graph_set_common_upto).
 */
#include "graph/graph.h"

#include <stdlib.h>
#include <string.h>

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

/* finish sets out's ratios from its three counts. */
static void finish(bf_overlap *out)
{
    uint64_t uni = out->a + out->b - out->common;

    out->jaccard = uni ? (double)out->common / (double)uni : 0.0;
    out->a_in_b = out->a ? (double)out->common / (double)out->a : -1.0;
    out->b_in_a = out->b ? (double)out->common / (double)out->b : -1.0;
}

bf_err bf_graph_overlap(const bf_csr *g, uint32_t a, uint32_t b,
                        bf_overlap *out)
{
    bf_err err;

    if (!g || !out || a >= g->n || b >= g->n)
        return BF_EINVAL;
    /* Checked lists or spans: the graph may have been opened lazily. */
    err = bf_csr_in_degree(g, a, &out->a);
    if (!err)
        err = bf_csr_in_degree(g, b, &out->b);
    if (!err)
        err = common_count(g, a, out->a, b, out->b, &out->common);
    if (!err)
        finish(out);
    return err;
}

/* ---- one list against many ---- */

/* A bitmap is kept when it is at most this many times the list's bytes. */
#define SET_BITMAP_RATIO 32

bf_err bf_graph_set_init(bf_graph_set *s, const bf_csr *g, uint32_t v,
                         int following)
{
    bf_err err;
    uint64_t i;

    memset(s, 0, sizeof *s);
    if (!g || v >= g->n)
        return BF_EINVAL;
    s->g = g;
    s->v = v;
    s->following = following;
    err = following ? bf_csr_out(g, v, &s->list, &s->len)
                    : bf_csr_in(g, v, &s->list, NULL, &s->len);
    if (err || (uint64_t)g->n / 8 > SET_BITMAP_RATIO * 4 * s->len)
        return err;
    s->bits = calloc(((size_t)g->n + 63) / 64, sizeof *s->bits);
    if (!s->bits)
        return BF_ENOMEM;
    for (i = 0; i < s->len; i++)
        s->bits[s->list[i] >> 6] |= (uint64_t)1 << (s->list[i] & 63);
    return BF_OK;
}

bf_err bf_graph_set_common(const bf_graph_set *s, uint32_t w, uint64_t *out)
{
    return bf_graph_set_common_upto(s, w, UINT64_MAX, out);
}

bf_err bf_graph_set_common_upto(const bf_graph_set *s, uint32_t w, uint64_t cap,
                                uint64_t *out)
{
    const bf_csr *g = s->g;
    const uint32_t *lw = NULL;
    uint64_t dw = 0;
    bf_err err;

    if (!g || w >= g->n)
        return BF_EINVAL;
    err = s->following ? bf_csr_out_degree(g, w, &dw)
                       : bf_csr_in_degree(g, w, &dw);
    if (err || s->len == 0 || dw == 0) {
        *out = 0;
        return err;
    }
    /* w's list longer, a hub's: searched for the set's entries. */
    if (dw > s->len && (!s->bits || dw / s->len > BF_CSR_SKEW))
        return s->following ? bf_csr_out_count(g, w, s->list, s->len, out)
                            : bf_csr_in_count(g, w, s->list, s->len, out);
    if (s->bits)
        return s->following ? bf_csr_out_marked(g, w, s->bits, cap, out)
                            : bf_csr_in_marked(g, w, s->bits, cap, out);
    /* w's list the shorter: checked, then counted in the set's. */
    err = s->following ? bf_csr_out(g, w, &lw, &dw)
                       : bf_csr_in(g, w, &lw, NULL, &dw);
    if (err)
        return err;
    return s->following ? bf_csr_out_count(g, s->v, lw, dw, out)
                        : bf_csr_in_count(g, s->v, lw, dw, out);
}

bf_err bf_graph_set_overlap(const bf_graph_set *s, uint32_t w, bf_overlap *out)
{
    bf_err err;

    if (!s->g || s->following || !out)
        return BF_EINVAL;
    out->a = s->len;
    err = bf_csr_in_degree(s->g, w, &out->b);
    if (!err)
        err = bf_graph_set_common(s, w, &out->common);
    if (!err)
        finish(out);
    return err;
}

void bf_graph_set_release(bf_graph_set *s)
{
    free(s->bits);
    memset(s, 0, sizeof *s);
}
