/*
 * overlap.c - the overlap of two accounts' audiences.
 *
 * Follower lists in the CSR are sorted ascending, so the intersection is
 * a merge walk of the two lists.  When one list is much shorter (a small
 * account against a hub of millions) each of its entries is looked up in
 * the long one by binary search instead, which touches O(s log l) entries
 * rather than all l of the long one.
 */
#include "graph/graph.h"

/* Below this length ratio the linear merge wins over binary searches. */
#define SKEW 16

/* contains says whether sorted list l[0..len) holds x; O(log len). */
static int contains(const uint32_t *l, uint64_t len, uint32_t x)
{
    uint64_t lo = 0, hi = len;

    while (lo < hi) {
        uint64_t mid = lo + (hi - lo) / 2;

        if (l[mid] < x)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < len && l[lo] == x;
}

/* common_count is |s n l| for two strictly ascending lists. */
static uint64_t common_count(const uint32_t *s, uint64_t ns, const uint32_t *l,
                             uint64_t nl)
{
    uint64_t i = 0, j = 0, c = 0;

    if (ns > nl)
        return common_count(l, nl, s, ns);
    if (ns && nl / ns > SKEW) {
        for (i = 0; i < ns; i++)
            c += (uint64_t)contains(l, nl, s[i]);
        return c;
    }
    while (i < ns && j < nl) {
        if (s[i] < l[j]) {
            i++;
        } else if (s[i] > l[j]) {
            j++;
        } else {
            c++;
            i++;
            j++;
        }
    }
    return c;
}

bf_err bf_graph_overlap(const bf_csr *g, uint32_t a, uint32_t b,
                        bf_overlap *out)
{
    const uint32_t *la = NULL, *lb = NULL;
    uint64_t uni;
    bf_err err;

    if (!g || !out || a >= g->n || b >= g->n)
        return BF_EINVAL;
    /* Checked lists: the graph may have been opened lazily. */
    err = bf_csr_in(g, a, &la, NULL, &out->a);
    if (!err)
        err = bf_csr_in(g, b, &lb, NULL, &out->b);
    if (err)
        return err;
    out->common = common_count(la, out->a, lb, out->b);
    uni = out->a + out->b - out->common;
    out->jaccard = uni ? (double)out->common / (double)uni : 0.0;
    out->a_in_b = out->a ? (double)out->common / (double)out->a : -1.0;
    out->b_in_a = out->b ? (double)out->common / (double)out->b : -1.0;
    return BF_OK;
}
