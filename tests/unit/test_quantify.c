/*
 * test_quantify.c - adjusted classify-and-count and its interval.
 *
 * The estimator is checked at its fixed points (a flagged share equal to
 * the false-positive rate means no positive; equal to the true-positive
 * rate, all positive), on its refusals, and then on what it promises: in
 * seeded simulations of audiences with a known share of positives,
 * classified by a classifier whose rates were themselves measured on a
 * finite held-out set, the 95% interval holds the true share in at least
 * 90% of the draws.  Groups called in two tiers with two pairs of rates
 * are corrected tier by tier: one tier alone gives exactly the one-tier
 * estimate, a known mixture gives the weighted estimate and variance, and
 * seeded mixed audiences keep the interval's coverage.  Rates recorded as
 * their spread across held-out sets bound the lower bound by tpr <= 1: a
 * wholly flagged audience reaches an inflated verdict's 40%, and one of
 * at most 10% fakes never does, from sources whose rates differ.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
#include <math.h>

#include "score/quantify.h"

static void test_fixed_points(void **state)
{
    bf_quantity q;

    (void)state;
    assert_int_equal(bf_quantify_acc(10, 200, 0, 0.9, 300, 0.05, 300, &q),
                     BF_OK);
    assert_true(q.p < 1e-9);
    assert_true(q.lo == 0 && q.hi > 0);
    assert_int_equal(bf_quantify_acc(180, 200, 0, 0.9, 300, 0.05, 300, &q),
                     BF_OK);
    assert_true(q.p > 1 - 1e-9 && q.hi == 1 && q.lo < 1);
    /* Below the false-positive rate: clamped to 0, never negative. */
    assert_int_equal(bf_quantify_acc(0, 200, 0, 0.9, 300, 0.05, 300, &q),
                     BF_OK);
    assert_true(q.p == 0 && q.lo == 0);
    /* Half way between the rates: a half. */
    assert_int_equal(bf_quantify_acc(95, 200, 0, 0.9, 300, 0.05, 300, &q),
                     BF_OK);
    assert_true(q.p > 0.49 && q.p < 0.51 && q.lo < 0.5 && q.hi > 0.5);
    assert_true(q.raw > 0.47 && q.raw < 0.48);
}

static void test_refusals(void **state)
{
    bf_quantity q;

    (void)state;
    assert_int_equal(bf_quantify_acc(0, 0, 0, 0.9, 300, 0.05, 300, &q),
                     BF_EINVAL);
    assert_true(q.p < 0);
    assert_int_equal(bf_quantify_acc(5, 10, 0, 0.5, 300, 0.4, 300, &q),
                     BF_EINVAL);
    assert_int_equal(bf_quantify_acc(5, 10, 0, -1, 300, 0.05, 300, &q),
                     BF_EINVAL);
    assert_int_equal(bf_quantify_acc(5, 10, 0, 0.9, 0, 0.05, 300, &q),
                     BF_EINVAL);
    assert_int_equal(bf_quantify_acc(11, 10, 0, 0.9, 300, 0.05, 300, &q),
                     BF_EINVAL);
}

static void test_whole_group_narrower(void **state)
{
    bf_quantity whole, sample, exact;

    (void)state;
    /* The same 400 members, as the whole group and as a sample of many. */
    assert_int_equal(
            bf_quantify_acc(150, 400, 400, 0.9, 500, 0.05, 500, &whole), BF_OK);
    assert_int_equal(bf_quantify_acc(150, 400, 0, 0.9, 500, 0.05, 500, &sample),
                     BF_OK);
    assert_true(whole.hi - whole.lo < sample.hi - sample.lo);
    /* Better measured rates narrow the interval further. */
    assert_int_equal(
            bf_quantify_acc(150, 400, 400, 0.9, 50000, 0.05, 50000, &exact),
            BF_OK);
    assert_true(exact.hi - exact.lo < whole.hi - whole.lo);
}

/* splitmix64, for seeded draws. */
static uint64_t next(uint64_t *s)
{
    uint64_t z = (*s += 0x9E3779B97F4A7C15ull);

    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

static double unit(uint64_t *s)
{
    return (double)(next(s) >> 11) * 0x1.0p-53;
}

/* binom draws the successes of m trials of probability p. */
static uint32_t binom(uint64_t *s, uint32_t m, double p)
{
    uint32_t i, k = 0;

    for (i = 0; i < m; i++)
        k += unit(s) < p;
    return k;
}

static void test_coverage(void **state)
{
    static const double shares[] = { 0, 0.1, 0.25, 0.5, 0.75, 1 };
    const double tpr = 0.85, fpr = 0.06;
    const uint32_t n = 300, npos = 400, nneg = 400;
    uint64_t seed = 20080101;
    size_t i;
    int t, held = 0, trials = 0;

    (void)state;
    for (i = 0; i < sizeof shares / sizeof *shares; i++) {
        for (t = 0; t < 150; t++) {
            /* The rates as a held-out set would have measured them. */
            double mt = (double)binom(&seed, npos, tpr) / npos;
            double mf = (double)binom(&seed, nneg, fpr) / nneg;
            /* An audience of n with the true share, each member called. */
            uint32_t pos = binom(&seed, n, shares[i]), k;
            bf_quantity q;

            k = binom(&seed, pos, tpr) + binom(&seed, n - pos, fpr);
            assert_int_equal(bf_quantify_acc(k, n, n, mt, npos, mf, nneg, &q),
                             BF_OK);
            trials++;
            held += q.lo <= (double)pos / n + 1e-12 &&
                    (double)pos / n <= q.hi + 1e-12;
        }
    }
    print_message("interval held the true share in %d of %d draws\n", held,
                  trials);
    assert_true(held >= 0.9 * trials);
}

/* tier fills one tier of a group. */
static bf_quant_tier tier(uint32_t k, uint32_t n, double tpr, uint32_t n_pos,
                          double fpr, uint32_t n_neg)
{
    bf_quant_tier t = {
        .k = k, .n = n, .tpr = tpr, .fpr = fpr, .n_pos = n_pos, .n_neg = n_neg
    };

    return t;
}

/* Every member in one tier: the one-tier estimate, bit for bit, whatever
 * the rates of the empty tier (they are not read). */
static void test_tiers_one(void **state)
{
    static const struct {
        uint32_t k, n;
        uint64_t pop;
    } g[] = { { 10, 200, 0 },
              { 95, 200, 400 },
              { 180, 200, 200 },
              { 0, 50, 0 },
              { 37, 91, 5000 } };

    size_t i, slot;

    (void)state;
    for (i = 0; i < sizeof g / sizeof *g; i++) {
        for (slot = 0; slot < 2; slot++) {
            bf_quant_tier t[2];
            bf_quantity one, both;

            t[slot] = tier(g[i].k, g[i].n, 0.83, 37, 0.16, 41);
            t[1 - slot] = tier(0, 0, -1, 0, 7, 0);
            assert_int_equal(bf_quantify_acc(g[i].k, g[i].n, g[i].pop, 0.83, 37,
                                             0.16, 41, &one),
                             BF_OK);
            assert_int_equal(bf_quantify_tiers(t, 2, g[i].pop, &both), BF_OK);
            assert_int_equal(both.n, one.n);
            assert_int_equal(both.k, one.k);
            assert_true(both.raw == one.raw);
            assert_true(both.p == one.p);
            assert_true(both.lo == one.lo);
            assert_true(both.hi == one.hi);
        }
    }
}

/*
 * A known mixture: 200 rows of a tier called at tpr 0.9, fpr 0.1, 60
 * flagged (a share of 0.25), and 100 of a tier called at tpr 0.6, fpr
 * 0.2, 32 flagged (a share of 0.3): 80 of 300 in all.  One pair of rates
 * for the whole count would say otherwise.
 */
static void test_tiers_mixture(void **state)
{
    bf_quant_tier t[2];
    bf_quantity a, b, ab, pooled;
    double sa, sb, half;

    (void)state;
    t[0] = tier(60, 200, 0.9, 400, 0.1, 300);
    t[1] = tier(32, 100, 0.6, 200, 0.2, 250);
    assert_int_equal(bf_quantify_tiers(&t[0], 1, 0, &a), BF_OK);
    assert_int_equal(bf_quantify_tiers(&t[1], 1, 0, &b), BF_OK);
    assert_int_equal(bf_quantify_tiers(t, 2, 0, &ab), BF_OK);
    assert_true(fabs(a.p - 0.25) < 1e-12);
    assert_true(fabs(b.p - 0.3) < 1e-12);
    assert_true(fabs(ab.p - 80.0 / 300) < 1e-12);
    assert_int_equal(ab.n, 300);
    assert_int_equal(ab.k, 92);
    assert_true(fabs(ab.raw - 92.0 / 300) < 1e-12);
    /* Neither tier's interval is clamped here, so each gives its sd. */
    assert_true(a.lo > 0 && a.hi < 1 && b.lo > 0 && b.hi < 1);
    sa = (a.hi - a.lo) / 2;
    sb = (b.hi - b.lo) / 2;
    half = sqrt(4.0 / 9 * sa * sa + 1.0 / 9 * sb * sb);
    assert_true(fabs(ab.hi - ab.p - half) < 1e-9);
    assert_true(fabs(ab.p - ab.lo - half) < 1e-9);
    /* The first tier's rates on the whole count miss the share. */
    assert_int_equal(bf_quantify_acc(92, 300, 0, 0.9, 400, 0.1, 300, &pooled),
                     BF_OK);
    assert_true(fabs(pooled.p - 80.0 / 300) > 0.008);
}

static void test_tiers_refusals(void **state)
{
    bf_quant_tier t[2];
    bf_quantity q;

    (void)state;
    /* No member at all. */
    t[0] = tier(0, 0, 0.9, 300, 0.1, 300);
    t[1] = tier(0, 0, 0.9, 300, 0.1, 300);
    assert_int_equal(bf_quantify_tiers(t, 2, 0, &q), BF_EINVAL);
    assert_true(q.p < 0 && q.lo < 0 && q.hi < 0);
    /* A tier with members whose rates cannot correct it. */
    t[0] = tier(50, 100, 0.9, 300, 0.1, 300);
    t[1] = tier(5, 10, 0.5, 300, 0.4, 300);
    assert_int_equal(bf_quantify_tiers(t, 2, 0, &q), BF_EINVAL);
    assert_true(q.p < 0);
    t[1] = tier(5, 10, 0.9, 0, 0.1, 300);
    assert_int_equal(bf_quantify_tiers(t, 2, 0, &q), BF_EINVAL);
    t[1] = tier(11, 10, 0.9, 300, 0.1, 300);
    assert_int_equal(bf_quantify_tiers(t, 2, 0, &q), BF_EINVAL);
}

/*
 * Seeded audiences that mix the tiers in varying parts, each tier's
 * members called with its own rates, each tier's rates measured on a
 * finite held-out set: the interval holds the true share in at least 90%
 * of the draws.
 */
static void test_tiers_coverage(void **state)
{
    static const double shares[] = { 0, 0.1, 0.25, 0.5, 0.75, 1 };
    static const double sparse_part[] = { 0.1, 0.5, 0.9 };
    const double tpr[2] = { 0.9, 0.62 }, fpr[2] = { 0.15, 0.1 };
    const uint32_t n = 300, npos = 400, nneg = 400;
    uint64_t seed = 20261204;
    size_t i, j;
    int r, held = 0, trials = 0;

    (void)state;
    for (i = 0; i < sizeof shares / sizeof *shares; i++) {
        for (j = 0; j < sizeof sparse_part / sizeof *sparse_part; j++) {
            for (r = 0; r < 60; r++) {
                bf_quant_tier t[2];
                bf_quantity q;
                uint32_t pos = 0, ns = binom(&seed, n, sparse_part[j]);
                int k;

                for (k = 0; k < 2; k++) {
                    uint32_t nt = k ? ns : n - ns;
                    uint32_t pt = binom(&seed, nt, shares[i]);
                    double mt = (double)binom(&seed, npos, tpr[k]) / npos;
                    double mf = (double)binom(&seed, nneg, fpr[k]) / nneg;

                    t[k] = tier(binom(&seed, pt, tpr[k]) +
                                        binom(&seed, nt - pt, fpr[k]),
                                nt, mt, npos, mf, nneg);
                    pos += pt;
                }
                assert_int_equal(bf_quantify_tiers(t, 2, n, &q), BF_OK);
                trials++;
                held += q.lo <= (double)pos / n + 1e-12 &&
                        (double)pos / n <= q.hi + 1e-12;
            }
        }
    }
    print_message("two tiers: interval held the true share in %d of %d "
                  "draws\n",
                  held, trials);
    assert_true(held >= 0.9 * trials);
}

/*
 * Rates recorded as their spread across held-out sets (a model file's
 * bf_quant_*_sd turned into equivalent rows: here tpr 0.86 with the
 * variance of one row, sd about 0.22, as the shipped model's).  The upper
 * reach of tpr is bounded by 1, so a wholly flagged audience's lower
 * bound stays well above an inflated verdict's 40%, where the symmetric
 * interval fell to about 38%; the upper bound keeps the whole spread.
 */
static void test_spread_bounded_by_one(void **state)
{
    bf_quantity q, sym;

    (void)state;
    assert_int_equal(bf_quantify_acc(176, 200, 0, 0.86, 1, 0.16, 4, &q), BF_OK);
    assert_true(q.p == 1 && q.hi == 1);
    assert_true(q.lo >= 0.6);
    /* A tpr far from 1 over many rows: nothing to bound, a symmetric
     * interval. */
    assert_int_equal(bf_quantify_acc(80, 200, 0, 0.6, 400, 0.1, 400, &sym),
                     BF_OK);
    assert_true(sym.lo > 0 && sym.hi < 1);
    assert_true(fabs((sym.p - sym.lo) - (sym.hi - sym.p)) < 1e-12);
}

/*
 * Audiences from five sources whose rates differ as held-out sets' do
 * (one whose fakes the model mostly misses, one whose real people it
 * flags twice as often as the mean), corrected with the recorded mean
 * rates and their spread: an audience with no more than 10% fakes never
 * reaches the 40% lower bound of an inflated verdict, and a wholly fake
 * one from any of the four sources the model knows does in at least 90%
 * of the draws.
 */
static void test_spread_sources(void **state)
{
    static const double tpr_s[] = { 0.97, 0.95, 0.93, 0.90, 0.55 };
    static const double fpr_s[] = { 0.05, 0.10, 0.15, 0.20, 0.30 };
    static const double shares[] = { 0, 0.1, 1 };
    const uint32_t n = 200;
    uint64_t seed = 20261205;
    size_t i, j;
    int r, low_over = 0, full = 0, full_over = 0;

    (void)state;
    for (i = 0; i < sizeof shares / sizeof *shares; i++) {
        for (j = 0; j < 5; j++) {
            for (r = 0; r < 40; r++) {
                uint32_t pos = binom(&seed, n, shares[i]);
                uint32_t k = binom(&seed, pos, tpr_s[j]) +
                             binom(&seed, n - pos, fpr_s[j]);
                bf_quantity q;

                assert_int_equal(
                        bf_quantify_acc(k, n, 0, 0.86, 1, 0.16, 15, &q), BF_OK);
                if (shares[i] <= 0.1)
                    low_over += q.lo >= 0.4;
                else if (j < 4) {
                    full++;
                    full_over += q.lo >= 0.4;
                }
            }
        }
    }
    print_message("spread: %d low-share audiences over 0.4; %d of %d wholly "
                  "fake ones\n",
                  low_over, full_over, full);
    assert_int_equal(low_over, 0);
    assert_true(full_over >= 0.9 * full);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_fixed_points),
        cmocka_unit_test(test_refusals),
        cmocka_unit_test(test_whole_group_narrower),
        cmocka_unit_test(test_coverage),
        cmocka_unit_test(test_tiers_one),
        cmocka_unit_test(test_tiers_mixture),
        cmocka_unit_test(test_tiers_refusals),
        cmocka_unit_test(test_tiers_coverage),
        cmocka_unit_test(test_spread_bounded_by_one),
        cmocka_unit_test(test_spread_sources),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
