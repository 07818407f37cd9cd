/*
 * rankcorr.c - Spearman's rho and Kendall's tau-b.
 *
 * Both work on a permutation of indices sorted by a bottom-up merge sort
 * (stable, O(n log n), no recursion, one scratch array).  Spearman gives
 * tied values the mean of their ranks and takes the Pearson correlation
 * of the ranks.  Kendall follows Knight 1966: once the indices are sorted
 * by (x, y), a pair (i < j) is discordant exactly when y[i] > y[j], so
 * the discordant pairs are the inversions of the y sequence, which the
 * merge sort by y counts as it moves elements of a right run ahead of
 * larger ones of the left run.  Ties in x, in y and in both are counted
 * from runs of equal keys in the sorted orders, giving tau-b as scipy's
 * kendalltau does.
 */
#include <math.h>
#include <stdlib.h>

#include "graph/graph.h"

/* cmp orders indices by (k1, k2), k2 optional; -1, 0 or 1. */
static int cmp(const double *k1, const double *k2, uint32_t i, uint32_t j)
{
    if (k1[i] != k1[j])
        return k1[i] < k1[j] ? -1 : 1;
    if (k2 && k2[i] != k2[j])
        return k2[i] < k2[j] ? -1 : 1;
    return 0;
}

/*
 * msort sorts idx[0..n) by (k1, k2) with scratch tmp (n entries) and
 * returns the number of inversions it removed: pairs that were out of
 * order, ties not counted.  O(n log n).
 */
static uint64_t msort(uint32_t *idx, uint32_t *tmp, uint32_t n,
                      const double *k1, const double *k2)
{
    uint64_t inv = 0, width;
    uint32_t *src = idx, *dst = tmp, *t;
    uint64_t i;

    for (width = 1; width < n; width *= 2) {
        for (i = 0; i < n; i += 2 * width) {
            uint64_t lo = i, mid = i + width < n ? i + width : n;
            uint64_t hi = i + 2 * width < n ? i + 2 * width : n;
            uint64_t a = lo, b = mid, o = lo;

            while (a < mid && b < hi) {
                if (cmp(k1, k2, src[b], src[a]) < 0) {
                    inv += mid - a; /* src[b] jumps every left remainder */
                    dst[o++] = src[b++];
                } else {
                    dst[o++] = src[a++];
                }
            }
            while (a < mid)
                dst[o++] = src[a++];
            while (b < hi)
                dst[o++] = src[b++];
        }
        t = src;
        src = dst;
        dst = t;
    }
    if (src != idx)
        for (i = 0; i < n; i++)
            idx[i] = src[i];
    return inv;
}

/* check_nan is BF_EINVAL when any of x[0..n) is NaN. */
static bf_err check_nan(const double *x, uint32_t n)
{
    uint32_t i;

    for (i = 0; i < n; i++)
        if (isnan(x[i]))
            return BF_EINVAL;
    return BF_OK;
}

/* avg_ranks writes to r the 1-based rank of each x, ties averaged. */
static void avg_ranks(const double *x, uint32_t n, uint32_t *idx, uint32_t *tmp,
                      double *r)
{
    uint32_t i, j, k;

    for (i = 0; i < n; i++)
        idx[i] = i;
    msort(idx, tmp, n, x, NULL);
    for (i = 0; i < n; i = j) {
        double mean;

        for (j = i + 1; j < n && x[idx[j]] == x[idx[i]]; j++)
            ;
        /* Ranks i+1 .. j share their mean. */
        mean = ((double)i + 1.0 + (double)j) / 2.0;
        for (k = i; k < j; k++)
            r[idx[k]] = mean;
    }
}

bf_err bf_rank_spearman(const double *x, const double *y, uint32_t n,
                        double *out_rho)
{
    double *rx = NULL, *ry = NULL, mean, sxy = 0, sxx = 0, syy = 0;
    uint32_t *idx = NULL, i;
    bf_err err;

    err = check_nan(x, n);
    if (!err)
        err = check_nan(y, n);
    if (err)
        return err;
    *out_rho = NAN;
    if (n < 2)
        return BF_OK;
    rx = malloc((size_t)n * sizeof *rx);
    ry = malloc((size_t)n * sizeof *ry);
    idx = malloc((size_t)n * 2 * sizeof *idx);
    if (!rx || !ry || !idx) {
        err = BF_ENOMEM;
        goto out;
    }
    avg_ranks(x, n, idx, idx + n, rx);
    avg_ranks(y, n, idx, idx + n, ry);
    /* Pearson on the ranks; both rank vectors have mean (n + 1) / 2. */
    mean = ((double)n + 1.0) / 2.0;
    for (i = 0; i < n; i++) {
        double dx = rx[i] - mean, dy = ry[i] - mean;

        sxy += dx * dy;
        sxx += dx * dx;
        syy += dy * dy;
    }
    if (sxx > 0 && syy > 0)
        *out_rho = sxy / sqrt(sxx * syy);
out:
    free(rx);
    free(ry);
    free(idx);
    return err;
}

/* tied_pairs is the sum of t(t-1)/2 over runs of equal (k1, k2) in idx. */
static uint64_t tied_pairs(const uint32_t *idx, uint32_t n, const double *k1,
                           const double *k2)
{
    uint64_t pairs = 0;
    uint32_t i, j;

    for (i = 0; i < n; i = j) {
        for (j = i + 1; j < n && cmp(k1, k2, idx[i], idx[j]) == 0; j++)
            ;
        pairs += (uint64_t)(j - i) * (j - i - 1) / 2;
    }
    return pairs;
}

bf_err bf_rank_kendall(const double *x, const double *y, uint32_t n,
                       double *out_tau)
{
    uint32_t *idx = NULL, i;
    uint64_t n0, n1, n2, n3, swaps;
    double *ys = NULL, num, den;
    bf_err err;

    err = check_nan(x, n);
    if (!err)
        err = check_nan(y, n);
    if (err)
        return err;
    *out_tau = NAN;
    if (n < 2)
        return BF_OK;
    idx = malloc((size_t)n * 2 * sizeof *idx);
    ys = malloc((size_t)n * sizeof *ys);
    if (!idx || !ys) {
        err = BF_ENOMEM;
        goto out;
    }
    for (i = 0; i < n; i++)
        idx[i] = i;
    msort(idx, idx + n, n, x, y);
    n1 = tied_pairs(idx, n, x, NULL); /* tied in x */
    n3 = tied_pairs(idx, n, x, y);    /* tied in both */
    /* The y sequence in (x, y) order; its inversions are discordances. */
    for (i = 0; i < n; i++)
        ys[i] = y[idx[i]];
    for (i = 0; i < n; i++)
        idx[i] = i;
    swaps = msort(idx, idx + n, n, ys, NULL);
    n2 = tied_pairs(idx, n, ys, NULL); /* tied in y */
    n0 = (uint64_t)n * (n - 1) / 2;
    /* n_c - n_d = (n0 - n1 - n2 + n3) - 2 n_d. */
    num = (double)n0 - (double)n1 - (double)n2 + (double)n3 -
          2.0 * (double)swaps;
    den = sqrt((double)(n0 - n1) * (double)(n0 - n2));
    if (den > 0)
        *out_tau = num / den;
out:
    free(idx);
    free(ys);
    return err;
}
