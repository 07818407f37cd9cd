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
 *
 * Rows the classifier sees less of (tiers) are called with other error
 * rates, so a group that mixes them is corrected tier by tier: each
 * tier's count with its own rates, the estimates weighted by the tier's
 * share of the members examined.  The tiers' shares are taken as known
 * (they are counted, not estimated) and the tiers' errors as independent
 * (disjoint members, rates measured on disjoint rows), so the variance
 * is the weighted sum sum_t (n_t / n)^2 var(p_t).  A group of one tier
 * gets that tier's estimate and interval exactly, bit for bit.
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

/*
 * tier_est: one tier's corrected share *p and its variance *v (the
 * delta method of quantify.h), for k flagged of n examined, the
 * finite-population correction fpc, and the tier's rates; *vlo is the
 * variance the lower bound takes, whose tpr term is bounded by tpr <= 1.
 * BF_EINVAL when the tier cannot be corrected (the checks of
 * bf_quantify_acc).
 */
static bf_err tier_est(const bf_quant_tier *t, double fpc, double *p, double *v,
                       double *vlo)
{
    double q, d, vq, vt, up;

    if (t->n == 0 || t->k > t->n || !(t->tpr >= 0 && t->tpr <= 1) ||
        !(t->fpr >= 0 && t->fpr <= 1) || t->n_pos == 0 || t->n_neg == 0 ||
        t->tpr - t->fpr < BF_QUANTIFY_MIN_GAP)
        return BF_EINVAL;
    q = (double)t->k / t->n;
    d = t->tpr - t->fpr;
    *p = clamp01((q - t->fpr) / d);
    /*
     * Even a whole group is flagged with noise: each member's call is a
     * draw with the rate of its class.  A sample adds the draw of who is
     * in it; with replacement that is q (1 - q) / n in all.
     */
    vq = fpc * ac_var(q, t->n) + (1 - fpc) * (*p * ac_var(t->tpr, t->n) +
                                              (1 - *p) * ac_var(t->fpr, t->n));
    vt = ac_var(t->tpr, t->n_pos);
    *v = (vq + *p * *p * vt + (1 - *p) * (1 - *p) * ac_var(t->fpr, t->n_neg)) /
         (d * d);
    /*
     * The lower bound is where the classifier would flag more of the
     * positives here than where its rates were measured: no more than
     * all of them.  So the tpr term's reach upwards, Z sd, is at most
     * 1 - tpr.
     */
    up = (1 - t->tpr) / Z;
    *vlo = *v - *p * *p * (vt - (vt < up * up ? vt : up * up)) / (d * d);
    return BF_OK;
}

bf_err bf_quantify_tiers(const bf_quant_tier *tiers, size_t nt,
                         uint64_t population, bf_quantity *out)
{
    double p = 0, v = 0, vlo = 0, fpc = 1;
    uint64_t n = 0, k = 0;
    size_t i;

    out->n = out->k = 0;
    out->raw = out->p = out->lo = out->hi = -1;
    for (i = 0; i < nt; i++) {
        if (tiers[i].k > tiers[i].n)
            return BF_EINVAL;
        n += tiers[i].n;
        k += tiers[i].k;
    }
    if (n == 0 || n > UINT32_MAX)
        return BF_EINVAL;
    out->n = (uint32_t)n;
    out->k = (uint32_t)k;
    /* Sampling without replacement from a known group of population. */
    if (population > 1 && population >= n)
        fpc = (double)(population - n) / (double)(population - 1);
    for (i = 0; i < nt; i++) {
        /* A tier's part of the members, exactly 1 for the only one. */
        double w = (double)tiers[i].n / (double)n, pt, vt, vl;

        if (tiers[i].n == 0)
            continue;
        if (tier_est(&tiers[i], fpc, &pt, &vt, &vl) != BF_OK) {
            out->n = out->k = 0;
            return BF_EINVAL;
        }
        p += w * pt;
        v += w * w * vt;
        vlo += w * w * vl;
    }
    out->raw = (double)k / (double)n;
    out->p = clamp01(p);
    out->lo = clamp01(out->p - Z * sqrt(vlo));
    out->hi = clamp01(out->p + Z * sqrt(v));
    return BF_OK;
}

bf_err bf_quantify_acc(uint32_t k, uint32_t n, uint64_t population, double tpr,
                       uint32_t n_pos, double fpr, uint32_t n_neg,
                       bf_quantity *out)
{
    bf_quant_tier t = {
        .k = k, .n = n, .tpr = tpr, .fpr = fpr, .n_pos = n_pos, .n_neg = n_neg
    };
    bf_err err;

    err = bf_quantify_tiers(&t, 1, population, out);
    /* A refused estimate still says what was counted. */
    out->n = n;
    out->k = k;
    return err;
}
