/*
 * quantify.c - adjusted classify-and-count with a delta-method interval.
 *
 * The estimate is Forman's (2008) correction of the flagged share by the
 * classifier's held-out true- and false-positive rates.  Its uncertainty
 * has three sources that the interval adds up: the sample of members
 * (none when the whole group was examined), and the finite held-out sets
 * the two rates were measured on.  The delta method linearises p around
 * the three measured shares; each share's variance is taken at its
 * Agresti-Coull centre ((x + 2) / (m + 4)) so that a share of exactly 0
 * or 1 does not claim to be certain.  The estimate itself is clamped to
 * [0, 1]: a flagged share below the false-positive rate means "no
 * positive seen", not a negative share.  A seeded parametric bootstrap
 * would give the same widths to within a point on the sizes an audit
 * sees (hundreds to thousands of followers, hundreds of held-out rows)
 * at a thousand times the cost.
 */
#include "score/quantify.h"

#include <math.h>

/* 95% normal quantile. */
#define Z 1.96

/* clamp01 keeps x in [0, 1]. */
static double clamp01(double x)
{
    return x < 0 ? 0 : x > 1 ? 1 : x;
}

/*
 * ac_var is the binomial variance of a share s measured on m trials,
 * taken at its Agresti-Coull centre: s~ (1 - s~) / (m + 4).
 */
static double ac_var(double s, double m)
{
    double c = (s * m + 2) / (m + 4);

    return c * (1 - c) / (m + 4);
}

bf_err bf_quantify_acc(uint32_t k, uint32_t n, uint64_t population, double tpr,
                       uint32_t n_pos, double fpr, uint32_t n_neg,
                       bf_quantity *out)
{
    double q, d, p, vq, fpc = 1, v, half;

    out->n = n;
    out->k = k;
    out->raw = out->p = out->lo = out->hi = -1;
    if (n == 0 || k > n || !(tpr >= 0 && tpr <= 1) || !(fpr >= 0 && fpr <= 1) ||
        n_pos == 0 || n_neg == 0 || tpr - fpr < BF_QUANTIFY_MIN_GAP)
        return BF_EINVAL;
    q = (double)k / n;
    d = tpr - fpr;
    p = clamp01((q - fpr) / d);
    /* Sampling without replacement from a known group of population. */
    if (population > 1 && population >= n)
        fpc = (double)(population - n) / (double)(population - 1);
    /*
     * Even a whole group is flagged with noise: each member's call is a
     * draw with the rate of its class.  A sample adds the draw of who is
     * in it; with replacement that is q (1 - q) / n in all.
     */
    vq = fpc * ac_var(q, n) +
         (1 - fpc) * (p * ac_var(tpr, n) + (1 - p) * ac_var(fpr, n));
    v = (vq + p * p * ac_var(tpr, n_pos) +
         (1 - p) * (1 - p) * ac_var(fpr, n_neg)) /
        (d * d);
    half = Z * sqrt(v);
    out->raw = q;
    out->p = p;
    out->lo = clamp01(p - half);
    out->hi = clamp01(p + half);
    return BF_OK;
}
