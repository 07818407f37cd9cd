/*
 * quantify.h - the share of a class in a group, from a classifier's calls.
 *
 * Counting the followers a classifier flags does not estimate the share
 * of fake followers: the count is biased by the classifier's own errors
 * (a 5% false-positive rate alone "finds" 5% fakes in a wholly genuine
 * audience, and a 70% true-positive rate hides 30% of a bought one).
 * Adjusted classify-and-count (Forman 2008, "Quantifying counts and costs
 * via classification", Data Mining and Knowledge Discovery 17(2)) undoes
 * the bias with the rates measured on data the classifier did not train
 * on:
 *
 *     p = (q - fpr) / (tpr - fpr),   clamped to [0, 1],
 *
 * q being the flagged share of the n members examined.  The interval is
 * p +/- 1.96 sd with the delta method's variance
 *
 *     var(p) = (var(q) + p^2 var(tpr) + (1 - p)^2 var(fpr)) / (tpr - fpr)^2
 *
 * where each rate's variance is binomial over what it was measured on
 * (n examined members, n_pos and n_neg held-out rows), with Agresti and
 * Coull's (1998) two added successes and failures so that a rate of 0 or
 * 1 still carries its uncertainty.  var(q) is q (1 - q) / n for a
 * sample of a large group; when the n members are a uniform sample
 * without replacement of a known group of N, that part shrinks by the
 * finite-population correction c = (N - n) / (N - 1), and the remainder
 * (1 - c) is the noise of the calls themselves, which even the whole
 * group carries: (p tpr (1 - tpr) + (1 - p) fpr (1 - fpr)) / n.
 *
 * The lower bound is where the classifier would flag more positives here
 * than where tpr was measured, and no rate exceeds 1: there var(tpr) is
 * at most ((1 - tpr) / 1.96)^2, so the bound never rests on a tpr above
 * 1.  The upper bound keeps the whole var(tpr): a group whose positives
 * the classifier mostly misses is the case it must not hide.
 *
 * A group whose members were called with different error rates (the
 * model's tiers: rows with and without a known bio, score/model.h) is
 * corrected per tier and the tiers combined by their shares w_t = n_t / n
 * of the members examined:
 *
 *     p = sum_t w_t p_t,   var(p) = sum_t w_t^2 var(p_t)
 *
 * each p_t and var(p_t) as above with the tier's own rates, n_t and k_t,
 * and the finite-population correction of the whole group (a uniform
 * sample of the group is a sample of each tier of about the same
 * fraction).  The interval p +/- 1.96 sd carries every tier's sampling
 * and rate uncertainty, each bound summing the tiers' variances for that
 * bound.
 *
 * Invariants: 0 <= lo <= p <= hi <= 1 whenever the result is BF_OK.
 * Nothing is allocated.
 *
 *     bf_quantity q;
 *     if (bf_quantify_acc(120, 400, 400, 0.92, 300, 0.04, 400, &q) == BF_OK)
 *         printf("%.0f%% (%.0f%%-%.0f%%)\n", 100*q.p, 100*q.lo, 100*q.hi);
 */
#ifndef BF_SCORE_QUANTIFY_H
#define BF_SCORE_QUANTIFY_H

#include <stddef.h>
#include <stdint.h>

#include "base/err.h"

/*
 * Below this gap between tpr and fpr the correction divides by almost
 * nothing and amplifies noise: the classifier cannot quantify.
 */
#define BF_QUANTIFY_MIN_GAP 0.2

/* An estimated share with its 95% interval. */
typedef struct bf_quantity {
    uint32_t n;       /* members examined */
    uint32_t k;       /* of them flagged by the classifier */
    double raw;       /* k / n: the count the estimate corrects */
    double p, lo, hi; /* the corrected share and its interval */
} bf_quantity;

/*
 * bf_quantify_acc estimates the share of positives among a group of
 * `population` members (0: unknown, treated as infinite) from k flagged of
 * n examined, with the classifier's held-out rates tpr (over n_pos
 * positives) and fpr (over n_neg negatives).  BF_EINVAL when n is 0, a
 * rate is outside [0, 1], a rate rests on no row, or tpr - fpr is below
 * BF_QUANTIFY_MIN_GAP; out is then set to unknown (-1).  O(1).
 */
bf_err bf_quantify_acc(uint32_t k, uint32_t n, uint64_t population, double tpr,
                       uint32_t n_pos, double fpr, uint32_t n_neg,
                       bf_quantity *out);

/*
 * One tier of a group: k flagged of its n members examined, and the
 * classifier's held-out rates on rows of that tier (tpr over n_pos
 * positives, fpr over n_neg negatives).
 */
typedef struct bf_quant_tier {
    uint32_t k, n;
    double tpr, fpr;
    uint32_t n_pos, n_neg;
} bf_quant_tier;

/*
 * bf_quantify_tiers estimates the share of positives among a group of
 * `population` members (0: unknown) examined as nt tiers, each corrected
 * with its own rates and weighted by its share of the members examined;
 * out->n and out->k are the totals, out->raw their ratio.  A tier of no
 * member takes no part (its rates are not read).  BF_EINVAL when no
 * member was examined, or a tier with members could not be corrected
 * alone (the refusals of bf_quantify_acc); out is then unknown (-1).
 * With one tier of members it gives exactly bf_quantify_acc.  O(nt).
 */
bf_err bf_quantify_tiers(const bf_quant_tier *tiers, size_t nt,
                         uint64_t population, bf_quantity *out);

#endif
