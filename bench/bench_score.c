/*
 * bench_score.c - accounts scored per second from feature columns, flat
 * trees against xgboost's own predictor, on one core.
 *
 * The model is the shipped one (models/default.model, or $BONAFIDE_MODEL).
 * BENCH_SCORE_N rows (default 1,000,000) of seeded, plausible profile
 * features are generated (heavy-tailed counts, ages of 1 to 4,000 days,
 * timeline and network features missing, as for a profile-only crawl).
 * Figures, each the best of 3 passes:
 *   score/flat     bf_model_margin_batch and the Platt calibration: the
 *                  flat trees of score/model.c; wall time, and the CPU
 *                  time of this thread alone (on a shared machine the wall
 *                  time also counts the time other processes held the
 *                  core, so the CPU figure is the per-core speed)
 *   score/xgboost  the same model through XGDMatrixCreateFromMat and
 *                  XGBoosterPredict in one batch, nthread=1 (the matrix
 *                  is built inside the timed part: a caller with feature
 *                  columns has to build it)
 * and their ratio; the largest margin difference between the two is
 * printed too, as a check that both computed the same thing.  Then the
 * contributions behind the reasons, on the first 20,000 rows (or all,
 * when fewer), best of 3:
 *   reasons/own     bf_model_contribs, row by row (TreeSHAP over the
 *                   model's own trees, as an audit does)
 *   reasons/batch   bf_model_reasons_batch, the reasons themselves, as
 *                   score --reasons asks for them: each tree's
 *                   contributions kept per pattern of sides
 *   reasons/xgboost XGBoosterPredict with pred_contribs, one batch
 * with their ratio and largest difference.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "score/model.h"

static double clock_s(clockid_t c)
{
    struct timespec ts;

    clock_gettime(c, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static double now_s(void)
{
    return clock_s(CLOCK_MONOTONIC);
}

static uint64_t rng(uint64_t *s)
{
    *s = *s * 6364136223846793005ull + 1442695040888963407ull;
    return *s >> 11;
}

/* uni: uniform in [0, 1). */
static double uni(uint64_t *s)
{
    return (double)(rng(s) & ((1ull << 52) - 1)) / (double)(1ull << 52);
}

/* heavy: a count with a heavy tail, up to about 10^max_exp. */
static float heavy(uint64_t *s, double max_exp)
{
    return (float)floor(pow(10.0, uni(s) * max_exp) - 1);
}

static void rows(float *X, size_t n)
{
    uint64_t s = 2015;
    size_t i, j;

    for (i = 0; i < n; i++) {
        float *x = X + i * BF_FEAT__COUNT;
        float days = (float)(1 + uni(&s) * 4000);

        for (j = 0; j < BF_FEAT__COUNT; j++)
            x[j] = NAN;
        x[BF_F_FOLLOWERS] = heavy(&s, 5);
        x[BF_F_FOLLOWING] = heavy(&s, 4);
        x[BF_F_POSTS] = heavy(&s, 5);
        x[BF_F_LIKES] = heavy(&s, 4);
        x[BF_F_LISTS] = heavy(&s, 3);
        x[BF_F_AGE_DAYS] = days;
        x[BF_F_FOLLOWER_RATIO] =
                x[BF_F_FOLLOWERS] /
                (x[BF_F_FOLLOWING] > 0 ? x[BF_F_FOLLOWING] : 1);
        x[BF_F_POSTS_PER_DAY] = x[BF_F_POSTS] / days;
        x[BF_F_FOLLOWERS_PER_DAY] = x[BF_F_FOLLOWERS] / days;
        x[BF_F_FOLLOWING_PER_DAY] = x[BF_F_FOLLOWING] / days;
        x[BF_F_LIKES_PER_DAY] = x[BF_F_LIKES] / days;
        x[BF_F_LISTS_PER_DAY] = x[BF_F_LISTS] / days;
        x[BF_F_DEFAULT_AVATAR] = (float)(uni(&s) < 0.1);
        x[BF_F_DEFAULT_PROFILE] = (float)(uni(&s) < 0.4);
        x[BF_F_VERIFIED] = (float)(uni(&s) < 0.01);
        x[BF_F_HAS_BIO] = (float)(uni(&s) < 0.7);
        x[BF_F_BIO_LEN] = x[BF_F_HAS_BIO] * (float)(uni(&s) * 160);
        x[BF_F_HAS_URL] = (float)(uni(&s) < 0.4);
        x[BF_F_HAS_LOCATION] = (float)(uni(&s) < 0.6);
        x[BF_F_HANDLE_LEN] = (float)(4 + rng(&s) % 12);
        x[BF_F_HANDLE_DIGITS] = (float)(rng(&s) % 5);
        x[BF_F_NAME_LEN] = (float)(rng(&s) % 30);
        x[BF_F_NAME_DIGITS] = (float)(rng(&s) % 3);
        x[BF_F_NAME_HANDLE_SIM] = (float)uni(&s);
        x[BF_F_HANDLE_TAIL_DIGITS] = (float)(rng(&s) % 3);
        x[BF_F_FOLLOWING_PER_FOLLOWER_SQ] =
                x[BF_F_FOLLOWING] /
                (x[BF_F_FOLLOWERS] > 0 ? x[BF_F_FOLLOWERS] * x[BF_F_FOLLOWERS]
                                       : 1);
        x[BF_F_POSTS_PER_FOLLOWER] =
                x[BF_F_POSTS] / (x[BF_F_FOLLOWERS] > 0 ? x[BF_F_FOLLOWERS] : 1);
    }
}

int main(void)
{
    const char *env = getenv("BENCH_SCORE_N");
    size_t n = env ? (size_t)strtoull(env, NULL, 10) : 1000000, i;
    char path[4096];
    bf_model *m = NULL;
    float *X, *ref;
    double *mg, tf = 1e30, tc = 1e30, tx = 1e30, maxd = 0, sum = 0;
    int pass;
    bf_err err;

    if (n == 0)
        n = 1000000;
    bf_model_default_path(path, sizeof path);
    err = bf_model_load(path, &m);
    if (err) {
        printf("score: skipped, no model at %s (%s)\n", path, bf_strerror(err));
        return 0;
    }
    X = malloc(n * BF_FEAT__COUNT * sizeof *X);
    ref = malloc(n * sizeof *ref);
    mg = malloc(n * sizeof *mg);
    if (!X || !ref || !mg) {
        fprintf(stderr, "bench_score: out of memory\n");
        return 1;
    }
    rows(X, n);
    for (pass = 0; pass < 3; pass++) {
        double t0 = now_s(), c0 = clock_s(CLOCK_THREAD_CPUTIME_ID), t;

        bf_model_margin_batch(m, X, n, mg);
        for (i = 0; i < n; i++)
            mg[i] = bf_model_declared(
                    bf_model_calibrate_row(m, mg[i], X + i * BF_FEAT__COUNT),
                    X + i * BF_FEAT__COUNT);
        t = now_s() - t0;
        if (t < tf)
            tf = t;
        t = clock_s(CLOCK_THREAD_CPUTIME_ID) - c0;
        if (t < tc)
            tc = t;
        t0 = now_s();
        err = bf_model_margin_xgb(m, X, n, ref);
        t = now_s() - t0;
        if (err) {
            fprintf(stderr, "bench_score: xgboost: %s\n", bf_strerror(err));
            return 1;
        }
        if (t < tx)
            tx = t;
    }
    bf_model_margin_batch(m, X, n, mg);
    for (i = 0; i < n; i++) {
        double d = fabs(mg[i] - ref[i]);

        if (d > maxd)
            maxd = d;
        sum += bf_model_calibrate_row(m, mg[i], X + i * BF_FEAT__COUNT) >=
               bf_model_threshold_row(m, X + i * BF_FEAT__COUNT);
    }
    printf("score: %zu accounts, %zu trees, %.1f%% called fake\n", n,
           bf_model_trees(m), 100.0 * sum / (double)n);
    printf("score/flat     %8.1f ms  %7.2f M accounts/s (1 thread)\n", tf * 1e3,
           (double)n / tf / 1e6);
    printf("score/flat cpu %8.1f ms  %7.2f M accounts/s (CPU time of the "
           "thread: per core)\n",
           tc * 1e3, (double)n / tc / 1e6);
    printf("score/xgboost  %8.1f ms  %7.2f M accounts/s (XGBoosterPredict, "
           "one batch, nthread=1)\n",
           tx * 1e3, (double)n / tx / 1e6);
    printf("score: flat trees are %.1fx xgboost; largest margin "
           "difference %.2g\n",
           tx / tf, maxd);
    {
        const size_t F = BF_FEAT__COUNT + 1;
        size_t nr = n < 20000 ? n : 20000, j;
        float *own = malloc(nr * F * sizeof *own);
        float *xc = malloc(nr * F * sizeof *xc);
        bf_reason *rs = malloc(nr * BF_MODEL_REASONS_MAX * sizeof *rs);
        size_t *rn = malloc(nr * sizeof *rn);
        double to = 1e30, txc = 1e30, tb = 1e30, cd = 0;

        if (!own || !xc || !rs || !rn) {
            fprintf(stderr, "bench_score: out of memory\n");
            return 1;
        }
        for (pass = 0; pass < 3; pass++) {
            double t0 = now_s(), t;

            for (i = 0; i < nr; i++)
                bf_model_contribs(m, X + i * BF_FEAT__COUNT, own + i * F);
            t = now_s() - t0;
            if (t < to)
                to = t;
            t0 = now_s();
            err = bf_model_reasons_batch(m, X, nr, rs, rn);
            t = now_s() - t0;
            if (err) {
                fprintf(stderr, "bench_score: reasons: %s\n", bf_strerror(err));
                return 1;
            }
            if (t < tb)
                tb = t;
            t0 = now_s();
            err = bf_model_contribs_xgb(m, X, nr, xc);
            t = now_s() - t0;
            if (err) {
                fprintf(stderr, "bench_score: xgboost: %s\n", bf_strerror(err));
                return 1;
            }
            if (t < txc)
                txc = t;
        }
        for (i = 0; i < nr * F; i++) {
            double d = fabs((double)own[i] - (double)xc[i]);

            if (d > cd)
                cd = d;
        }
        j = nr;
        printf("reasons/own     %8.1f ms  %7.1f us an account (TreeSHAP, "
               "row by row, %zu accounts)\n",
               to * 1e3, to * 1e6 / (double)j, j);
        printf("reasons/batch   %8.1f ms  %7.1f us an account (the reasons, "
               "one batch)\n",
               tb * 1e3, tb * 1e6 / (double)j);
        printf("reasons/xgboost %8.1f ms  %7.1f us an account (pred_contribs, "
               "one batch)\n",
               txc * 1e3, txc * 1e6 / (double)j);
        printf("reasons: own contributions are %.2fx xgboost row by row, the "
               "reasons %.2fx in a batch; largest difference %.2g\n",
               txc / to, txc / tb, cd);
        free(own);
        free(xc);
        free(rs);
        free(rn);
    }
    free(X);
    free(ref);
    free(mg);
    bf_model_free(m);
    return 0;
}
