/*
 * test_quantify.c - adjusted classify-and-count and its interval.
 *
 * The estimator is checked at its fixed points (a flagged share equal to
 * the false-positive rate means no positive; equal to the true-positive
 * rate, all positive), on its refusals, and then on what it promises: in
 * seeded simulations of audiences with a known share of positives,
 * classified by a classifier whose rates were themselves measured on a
 * finite held-out set, the 95% interval holds the true share in at least
 * 90% of the draws.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

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

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_fixed_points),
        cmocka_unit_test(test_refusals),
        cmocka_unit_test(test_whole_group_narrower),
        cmocka_unit_test(test_coverage),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
