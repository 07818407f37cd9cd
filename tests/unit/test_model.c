/*
 * test_model.c - features, rule-set baselines, the trained model, its
 * reproducibility, reasons and metrics.
 *
 * Synthetic, seeded rows check the mechanics without shared data: training
 * twice with one seed gives identical model files, the flat trees agree
 * with xgboost's own predictions, a loaded model predicts what the trained
 * one did, probabilities are in [0, 1] and reasons come 3 to 5 at a time
 * in both languages.  With the Cresci et al. 2015 profiles in
 * ../shared/data, 10-fold cross-validation on E13 (genuine) against INT
 * (bought followers) must reach F1 >= 0.99 and MCC >= 0.98 and call at
 * most 1% of the genuine accounts fake.
 */
#define _XOPEN_SOURCE 700
#include <ftw.h>
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>
#include <xgboost/c_api.h>

#include "ingest/ingest.h"
#include "score/baselines.h"
#include "score/features.h"
#include "score/model.h"
#include "store/store.h"

#define NOW 1424000000 /* 2015-02-15, the Cresci crawl time */
#define DAY 86400

/* ---- temp directories ---- */

static int rm_one(const char *p, const struct stat *sb, int flag,
                  struct FTW *ftw)
{
    (void)sb;
    (void)flag;
    (void)ftw;
    return remove(p);
}

static void rm_rf(const char *dir)
{
    nftw(dir, rm_one, 16, FTW_DEPTH | FTW_PHYS);
}

static const char *shared_path(const char *rel, char *out, size_t n)
{
    const char *base = getenv("BONAFIDE_SHARED");

    snprintf(out, n, "%s/data/%s", base ? base : "../shared", rel);
    return access(out, R_OK) == 0 ? out : NULL;
}

/* ---- features ---- */

static void profile(bf_account *a)
{
    bf_account_clear(a);
    a->platform = "twitter";
    a->native_id = "1";
    a->handle = "alice_1984";
    a->name = "Alice";
    a->bio = "Baker in Lyon.";
    a->followers = 300;
    a->following = 100;
    a->posts = 1000;
    a->created_at = NOW - 1000 * DAY;
    a->observed_at = NOW;
}

static void profile_features(void **state)
{
    bf_account a;
    bf_features f;

    (void)state;
    profile(&a);
    bf_features_from_account(&a, 0, &f);
    assert_float_equal(f.v[BF_F_AGE_DAYS], 1000, 1e-3);
    assert_float_equal(f.v[BF_F_FOLLOWER_RATIO], 3, 1e-6);
    assert_float_equal(f.v[BF_F_POSTS_PER_DAY], 1, 1e-6);
    assert_float_equal(f.v[BF_F_HANDLE_LEN], 10, 0);
    assert_float_equal(f.v[BF_F_HANDLE_DIGITS], 4, 0);
    assert_float_equal(f.v[BF_F_HAS_BIO], 1, 0);
    assert_float_equal(f.v[BF_F_HAS_URL], 0, 0);
    /* "alice" against "alice1984": 4 edits over 9 characters. */
    assert_float_equal(f.v[BF_F_NAME_HANDLE_SIM], 1 - 4.0 / 9, 1e-6);
    /* Unknown counters and every timeline and network feature: NaN. */
    assert_true(isnan(f.v[BF_F_LIKES]));
    assert_true(isnan(f.v[BF_F_LIKES_PER_DAY]));
    assert_true(isnan(f.v[BF_F_DEFAULT_AVATAR]));
    assert_true(isnan(f.v[BF_F_TL_POSTS]));
    assert_true(isnan(f.v[BF_F_DNA_RATIO]));
    assert_true(isnan(f.v[BF_F_RECIPROCITY]));
    /* No creation date: no age, no rates. */
    a.created_at = 0;
    bf_features_from_account(&a, NOW, &f);
    assert_true(isnan(f.v[BF_F_AGE_DAYS]));
    assert_true(isnan(f.v[BF_F_POSTS_PER_DAY]));
}

/*
 * A field the source does not have is NaN, never 0: a table without a bio
 * column says nothing of the bio, where an empty bio is a known "no".
 */
static void unknown_stays_unknown(void **state)
{
    bf_account a;
    bf_features f;

    (void)state;
    profile(&a);
    a.bio = NULL;
    bf_features_from_account(&a, 0, &f);
    assert_float_equal(f.v[BF_F_HAS_BIO], 0, 0);
    assert_float_equal(f.v[BF_F_BIO_LEN], 0, 0);
    assert_float_equal(f.v[BF_F_SELF_DECLARED], 0, 0);
    a.unknown = BF_ACC_U_BIO | BF_ACC_U_URL | BF_ACC_U_LOCATION | BF_ACC_U_NAME;
    bf_features_from_account(&a, 0, &f);
    assert_true(isnan(f.v[BF_F_HAS_BIO]));
    assert_true(isnan(f.v[BF_F_BIO_LEN]));
    assert_true(isnan(f.v[BF_F_HAS_URL]));
    assert_true(isnan(f.v[BF_F_HAS_LOCATION]));
    assert_true(isnan(f.v[BF_F_NAME_LEN]));
    assert_true(isnan(f.v[BF_F_NAME_HANDLE_SIM]));
    assert_true(isnan(f.v[BF_F_SELF_DECLARED]));
    /* The counters it has are still read. */
    assert_float_equal(f.v[BF_F_FOLLOWER_RATIO], 3, 1e-6);
    /* The platform's own flag decides when the bio is unknown. */
    a.automated = 0;
    bf_features_from_account(&a, 0, &f);
    assert_float_equal(f.v[BF_F_SELF_DECLARED], 0, 0);
    a.automated = 1;
    bf_features_from_account(&a, 0, &f);
    assert_float_equal(f.v[BF_F_SELF_DECLARED], 1, 0);
}

static void self_declared_words(void **state)
{
    static const struct {
        const char *bio;
        int want;
    } cases[] = {
        { "I am a bot that posts every hour", 1 },
        { "Compte automatique de la mairie", 1 },
        { "Tweets générés automatiquement", 1 },
        { "A #TwitterBot by @someone", 1 },
        { "Un petit robot.", 1 },
        { "Automated alerts, auto-generated", 1 },
        { "Robotics engineer, bottle collector", 0 },
        { "Baker in Lyon.", 0 },
        { "", 0 },
    };

    bf_account a;
    size_t i;

    (void)state;
    for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        profile(&a);
        a.bio = cases[i].bio;
        assert_float_equal(bf_features_self_declared(&a), cases[i].want, 0);
    }
}

static void masking_patterns(void **state)
{
    float x[BF_FEAT__COUNT];
    size_t i;

    (void)state;
    for (i = 0; i < BF_FEAT__COUNT; i++)
        x[i] = 1;
    bf_model_mask_row(x, 0);
    assert_true(isnan(x[BF_F_HAS_BIO]));
    assert_true(isnan(x[BF_F_LIKES]));
    assert_true(isnan(x[BF_F_NAME_LEN]));
    assert_float_equal(x[BF_F_FOLLOWERS], 1, 0);
    assert_float_equal(x[BF_F_AGE_DAYS], 1, 0);
    for (i = 0; i < BF_FEAT__COUNT; i++)
        x[i] = 1;
    bf_model_mask_row(x, 1);
    assert_true(isnan(x[BF_F_LIKES]));
    assert_float_equal(x[BF_F_HAS_BIO], 1, 0);
    for (i = 0; i < BF_FEAT__COUNT; i++)
        x[i] = 1;
    bf_model_mask_row(x, BF_MODEL_MASKS);
    for (i = 0; i < BF_FEAT__COUNT; i++)
        assert_float_equal(x[i], 1, 0);
}

static void dna_ratio(void **state)
{
    char same[400], mixed[400];
    uint64_t s = 7;
    size_t i;

    (void)state;
    for (i = 0; i < sizeof same; i++) {
        same[i] = 'T';
        s = s * 6364136223846793005ull + 1442695040888963407ull;
        mixed[i] = "ART"[(s >> 33) % 3];
    }
    /* A scripted, repetitive sequence compresses far better. */
    assert_true(bf_features_dna_ratio(same, sizeof same) >
                3 * bf_features_dna_ratio(mixed, sizeof mixed));
    assert_true(isnan(bf_features_dna_ratio(same, BF_FEAT_DNA_MIN - 1)));
}

static void every_feature_has_names(void **state)
{
    int i;

    (void)state;
    for (i = 0; i < BF_FEAT__COUNT; i++) {
        assert_string_not_equal(bf_features_name((bf_feat)i), "?");
        assert_non_null(bf__reason_desc((bf_feat)i, BF_LANG_EN));
        assert_non_null(bf__reason_desc((bf_feat)i, BF_LANG_FR));
    }
}

/* ---- baselines ---- */

static void state_of_search_rules(void **state)
{
    bf_account a;
    signed char c[BF_SOS__COUNT];
    int fake[BF_BASE__COUNT];

    (void)state;
    profile(&a);
    assert_int_equal(bf_sos_eval(&a, NULL, c), 0);
    assert_int_equal(c[BF_SOS_API], -1);
    a.bio = "A friendly Bot posting the weather";
    assert_int_equal(bf_sos_eval(&a, NULL, c), 1);
    a.bio = "Robot enthusiast, bottle collector";
    assert_int_equal(bf_sos_eval(&a, NULL, c), 0);
    a.followers = 2;
    a.following = 200;
    assert_int_equal(bf_sos_eval(&a, NULL, c), 1);
    assert_int_equal(c[BF_SOS_RATIO], 1);
    /* The other rule sets run on the same account. */
    bf_baselines_eval(&a, NULL, NOW, fake);
    assert_int_equal(fake[BF_BASE_SOS], 1);
    assert_int_equal(fake[BF_BASE_SB], 1); /* following >= 50 x followers */
    assert_string_equal(bf_baselines_key(BF_BASE_SB), "socialbakers");
}

/* ---- metrics ---- */

static void metrics_by_hand(void **state)
{
    const int y[] = { 1, 1, 1, 0, 0, 0 };
    const int p[] = { 1, 1, 0, 1, 0, 0 };
    const double s[] = { 0.9, 0.8, 0.3, 0.7, 0.2, 0.1 };
    bf_metrics m;

    (void)state;
    assert_int_equal(bf_metrics_compute(y, p, s, 6, &m), BF_OK);
    assert_int_equal(m.tp, 2);
    assert_int_equal(m.fp, 1);
    assert_int_equal(m.tn, 2);
    assert_int_equal(m.fn, 1);
    assert_float_equal(m.accuracy, 4.0 / 6, 1e-12);
    assert_float_equal(m.f1, 2.0 / 3, 1e-12);
    assert_float_equal(m.mcc, 1.0 / 3, 1e-12);
    /* 8 of the 9 positive-negative pairs are ordered right. */
    assert_float_equal(m.auc, 8.0 / 9, 1e-12);
}

/* ---- the model on synthetic rows ---- */

typedef struct fixture {
    char dir[64];
    float *X;
    int *y;
    size_t n;
} fixture;

/* synth: n seeded rows, fake when few followers per followed account. */
static void synth(fixture *f, size_t n)
{
    uint64_t s = 12345;
    size_t i, j;

    f->n = n;
    f->X = malloc(n * BF_FEAT__COUNT * sizeof *f->X);
    f->y = malloc(n * sizeof *f->y);
    assert_non_null(f->X);
    assert_non_null(f->y);
    for (i = 0; i < n; i++) {
        float *x = f->X + i * BF_FEAT__COUNT;

        for (j = 0; j < BF_FEAT__COUNT; j++) {
            s = s * 6364136223846793005ull + 1442695040888963407ull;
            x[j] = (float)((s >> 11) % 1000) / 100.0f;
            if ((s >> 40) % 7 == 0)
                x[j] = NAN;
        }
        f->y[i] = (!isnan(x[BF_F_FOLLOWER_RATIO]) &&
                   x[BF_F_FOLLOWER_RATIO] < 3) ||
                  (!isnan(x[BF_F_POSTS]) && x[BF_F_POSTS] < 1.5);
    }
}

static int setup(void **state)
{
    fixture *f = calloc(1, sizeof *f);

    if (!f)
        return -1;
    snprintf(f->dir, sizeof f->dir, "/tmp/bf-test-model-XXXXXX");
    if (!mkdtemp(f->dir)) {
        free(f);
        return -1;
    }
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;

    rm_rf(f->dir);
    free(f->X);
    free(f->y);
    free(f);
    return 0;
}

/* slurp: the bytes of a file, NUL-terminated; *n gets the length. */
static char *slurp(const char *path, size_t *n)
{
    FILE *fp = fopen(path, "rb");
    char *p;
    long len;

    assert_non_null(fp);
    fseek(fp, 0, SEEK_END);
    len = ftell(fp);
    fseek(fp, 0, SEEK_SET);
    p = malloc((size_t)len + 1);
    assert_non_null(p);
    assert_int_equal(fread(p, 1, (size_t)len, fp), (size_t)len);
    p[len] = '\0';
    fclose(fp);
    *n = (size_t)len;
    return p;
}

static void training_is_reproducible(void **state)
{
    fixture *f = *state;
    char a[128], b[128], c[128];
    char *pa, *pb, *pc;
    size_t na, nb, nc;
    bf_train_opts o;
    bf_model *m1, *m2, *m3;

    synth(f, 600);
    bf_train_opts_init(&o);
    o.rounds = 40;
    snprintf(a, sizeof a, "%s/a.model", f->dir);
    snprintf(b, sizeof b, "%s/b.model", f->dir);
    snprintf(c, sizeof c, "%s/c.model", f->dir);
    assert_int_equal(bf_model_train(f->X, f->y, f->n, &o, &m1), BF_OK);
    assert_int_equal(bf_model_train(f->X, f->y, f->n, &o, &m2), BF_OK);
    o.seed = 7;
    assert_int_equal(bf_model_train(f->X, f->y, f->n, &o, &m3), BF_OK);
    assert_int_equal(bf_model_save(m1, a), BF_OK);
    assert_int_equal(bf_model_save(m2, b), BF_OK);
    assert_int_equal(bf_model_save(m3, c), BF_OK);
    pa = slurp(a, &na);
    pb = slurp(b, &nb);
    pc = slurp(c, &nc);
    /* Same data and seed: the same bytes; another seed: another model. */
    assert_int_equal(na, nb);
    assert_memory_equal(pa, pb, na);
    assert_true(na != nc || memcmp(pa, pc, na) != 0);
    assert_non_null(strstr(pa, "\"bf_platt_a\""));
    free(pa);
    free(pb);
    free(pc);
    bf_model_free(m1);
    bf_model_free(m2);
    bf_model_free(m3);
}

static void flat_trees_match_xgboost(void **state)
{
    fixture *f = *state;
    char path[128];
    bf_train_opts o;
    bf_model *m, *l;
    float *ref;
    double *mine;
    size_t i, right = 0;

    synth(f, 800);
    bf_train_opts_init(&o);
    assert_int_equal(bf_model_train(f->X, f->y, f->n, &o, &m), BF_OK);
    ref = malloc(f->n * sizeof *ref);
    mine = malloc(f->n * sizeof *mine);
    assert_non_null(ref);
    assert_non_null(mine);
    assert_int_equal(bf_model_margin_xgb(m, f->X, f->n, ref), BF_OK);
    bf_model_margin_batch(m, f->X, f->n, mine);
    for (i = 0; i < f->n; i++) {
        double p = bf_model_calibrate(m, mine[i]);

        assert_float_equal(mine[i], ref[i], 1e-4);
        assert_float_equal(bf_model_margin(m, f->X + i * BF_FEAT__COUNT),
                           mine[i], 1e-9);
        assert_true(p >= 0 && p <= 1);
        right += (p >= BF_MODEL_THRESHOLD) == f->y[i];
    }
    /* The rule behind the labels is learnt. */
    assert_true(right > f->n * 95 / 100);
    /* A saved and loaded model predicts the same. */
    snprintf(path, sizeof path, "%s/m.model", f->dir);
    assert_int_equal(bf_model_save(m, path), BF_OK);
    assert_int_equal(bf_model_load(path, &l), BF_OK);
    assert_int_equal(bf_model_trees(l), bf_model_trees(m));
    for (i = 0; i < f->n; i++)
        assert_float_equal(bf_model_margin(l, f->X + i * BF_FEAT__COUNT),
                           mine[i], 1e-9);
    bf_model_free(l);
    free(ref);
    free(mine);
    bf_model_free(m);
}

/*
 * contribs_max_diff is the largest difference, over the n rows of X,
 * between m's contributions (TreeSHAP without xgboost) and xgboost's own;
 * it also checks that they add up to the margin, as SHAP values do.
 */
static double contribs_max_diff(const bf_model *m, const float *X, size_t n)
{
    const size_t F = BF_FEAT__COUNT + 1;
    float *ref = malloc(n * F * sizeof *ref), mine[BF_FEAT__COUNT + 1];
    double most = 0;
    size_t i, j;

    assert_non_null(ref);
    assert_int_equal(bf_model_contribs_xgb(m, X, n, ref), BF_OK);
    for (i = 0; i < n; i++) {
        const float *x = X + i * BF_FEAT__COUNT;
        double sum = 0;

        bf_model_contribs(m, x, mine);
        for (j = 0; j < F; j++) {
            double d = fabs((double)mine[j] - (double)ref[i * F + j]);

            if (d > most)
                most = d;
            sum += mine[j];
        }
        assert_float_equal(sum, bf_model_margin(m, x), 1e-4);
    }
    free(ref);
    return most;
}

/*
 * The contributions behind the reasons are computed without xgboost: they
 * must be xgboost's, for a trained model, the same model loaded from its
 * file, and the shipped model, on rows with missing values.  A loaded
 * model's trees are read from its JSON, and must walk to the trained
 * model's margins exactly.
 */
static void contribs_match_xgboost(void **state)
{
    fixture *f = *state;
    char path[128];
    bf_train_opts o;
    bf_model *m, *l;
    double d;
    size_t i;

    synth(f, 600);
    bf_train_opts_init(&o);
    o.rounds = 40;
    o.max_depth = 5;
    assert_int_equal(bf_model_train(f->X, f->y, f->n, &o, &m), BF_OK);
    d = contribs_max_diff(m, f->X, f->n);
    print_message("trained: largest difference from xgboost %.3g\n", d);
    assert_true(d < 1e-6);
    snprintf(path, sizeof path, "%s/c.model", f->dir);
    assert_int_equal(bf_model_save(m, path), BF_OK);
    assert_int_equal(bf_model_load(path, &l), BF_OK);
    assert_null(bf_model_booster(l));
    d = contribs_max_diff(l, f->X, f->n);
    print_message("loaded: largest difference from xgboost %.3g\n", d);
    assert_true(d < 1e-6);
    for (i = 0; i < f->n; i++)
        assert_true(bf_model_margin(l, f->X + i * BF_FEAT__COUNT) ==
                    bf_model_margin(m, f->X + i * BF_FEAT__COUNT));
    bf_model_free(l);
    bf_model_free(m);
    if (bf_model_load("models/default.model", &l) != BF_OK) {
        print_message("skip: models/default.model is absent\n");
        return;
    }
    d = contribs_max_diff(l, f->X, f->n);
    print_message("shipped: largest difference from xgboost %.3g\n", d);
    assert_true(d < 1e-6);
    bf_model_free(l);
}

static void load_rejects_what_is_not_a_model(void **state)
{
    fixture *f = *state;
    char path[128];
    bf_model *m = NULL;
    FILE *fp;

    snprintf(path, sizeof path, "%s/none.model", f->dir);
    assert_int_equal(bf_model_load(path, &m), BF_ENOTFOUND);
    fp = fopen(path, "w");
    assert_non_null(fp);
    fputs("{\"not\": \"a model\"}\n", fp);
    fclose(fp);
    assert_int_equal(bf_model_load(path, &m), BF_ECORRUPT);
    assert_null(m);
}

/*
 * damaged writes the model file text with the first occurrence of from
 * replaced by to, and returns what loading it gives.
 */
static bf_err damaged(const char *dir, const char *text, const char *from,
                      const char *to)
{
    char path[128];
    const char *at = strstr(text, from);
    bf_model *m = NULL;
    bf_err err;
    FILE *fp;

    assert_non_null(at);
    snprintf(path, sizeof path, "%s/damaged.model", dir);
    fp = fopen(path, "w");
    assert_non_null(fp);
    fwrite(text, 1, (size_t)(at - text), fp);
    fputs(to, fp);
    fputs(at + strlen(from), fp);
    assert_int_equal(fclose(fp), 0);
    err = bf_model_load(path, &m);
    if (err)
        assert_null(m);
    bf_model_free(m);
    return err;
}

/*
 * reasons_batch_same checks that m's reasons for the n rows of X in one
 * batch (each tree's vectors kept per pattern of sides) are the one-row
 * call's (the walk of every tree), contributions to the bit.
 */
static void reasons_batch_same(const bf_model *m, const float *X, size_t n)
{
    bf_reason *rb = malloc(n * BF_MODEL_REASONS_MAX * sizeof *rb);
    size_t *nb = malloc(n * sizeof *nb), i, j;

    assert_true(rb && nb);
    assert_int_equal(bf_model_reasons_batch(m, X, n, rb, nb), BF_OK);
    for (i = 0; i < n; i++) {
        bf_features f;
        bf_reason r[BF_MODEL_REASONS_MAX];
        size_t k = 0;

        memcpy(f.v, X + i * BF_FEAT__COUNT, sizeof f.v);
        assert_int_equal(bf_model_reasons(m, &f, r, &k), BF_OK);
        assert_int_equal(k, nb[i]);
        for (j = 0; j < k; j++) {
            assert_int_equal(r[j].feat, rb[i * BF_MODEL_REASONS_MAX + j].feat);
            assert_true(r[j].contrib ==
                        rb[i * BF_MODEL_REASONS_MAX + j].contrib);
        }
    }
    free(rb);
    free(nb);
}

/*
 * The batch of reasons keeps each tree's contributions per pattern of
 * sides its splits send a row to, for trees of at most 8 splits: the
 * figures must be those of the walk, for trees of depth 3 (kept), of
 * depth 5 (walked), and for the shipped model.
 */
static void reasons_batch_matches_one_by_one(void **state)
{
    fixture *f = *state;
    bf_train_opts o;
    bf_model *m;

    synth(f, 600);
    bf_train_opts_init(&o);
    o.rounds = 30;
    assert_int_equal(bf_model_train(f->X, f->y, f->n, &o, &m), BF_OK);
    reasons_batch_same(m, f->X, f->n);
    bf_model_free(m);
    o.max_depth = 5;
    assert_int_equal(bf_model_train(f->X, f->y, f->n, &o, &m), BF_OK);
    reasons_batch_same(m, f->X, f->n);
    bf_model_free(m);
    if (bf_model_load("models/default.model", &m) != BF_OK) {
        print_message("skip: models/default.model is absent\n");
        return;
    }
    reasons_batch_same(m, f->X, f->n);
    bf_model_free(m);
}

/*
 * A model file is read without xgboost, which checked it before: trees
 * whose nodes do not form a tree, a feature the rows do not have, arrays
 * of the wrong length, a booster or an offset bf_model does not walk, are
 * refused rather than walked.
 */
static void load_rejects_damaged_trees(void **state)
{
    fixture *f = *state;
    char path[128], *text;
    const char *tiny;
    bf_train_opts o;
    bf_model *m;
    long len;
    FILE *fp;

    synth(f, 300);
    bf_train_opts_init(&o);
    o.rounds = 5;
    assert_int_equal(bf_model_train(f->X, f->y, f->n, &o, &m), BF_OK);
    snprintf(path, sizeof path, "%s/whole.model", f->dir);
    assert_int_equal(bf_model_save(m, path), BF_OK);
    bf_model_free(m);
    fp = fopen(path, "rb");
    assert_non_null(fp);
    assert_int_equal(fseek(fp, 0, SEEK_END), 0);
    len = ftell(fp);
    rewind(fp);
    text = malloc((size_t)len + 1);
    assert_non_null(text);
    assert_int_equal(fread(text, 1, (size_t)len, fp), (size_t)len);
    text[len] = '\0';
    fclose(fp);
    /* The file as written loads. */
    assert_int_equal(damaged(f->dir, text, "{", "{"), BF_OK);
    /* The root its own child. */
    assert_int_equal(damaged(f->dir, text, "\"left_children\":[1",
                             "\"left_children\":[0"),
                     BF_ECORRUPT);
    /* A child past the tree's nodes. */
    assert_int_equal(damaged(f->dir, text, "\"right_children\":[2",
                             "\"right_children\":[2000"),
                     BF_ECORRUPT);
    /* A feature the rows do not have. */
    assert_int_equal(damaged(f->dir, text, "\"split_indices\":[",
                             "\"split_indices\":[4400"),
                     BF_ECORRUPT);
    /* A node count the arrays do not have. */
    assert_int_equal(
            damaged(f->dir, text, "\"num_nodes\":\"", "\"num_nodes\":\"1"),
            BF_ECORRUPT);
    /* An offset the walker would not add. */
    assert_int_equal(
            damaged(f->dir, text, "\"base_score\":\"", "\"base_score\":\"1"),
            BF_ECORRUPT);
    /* Another booster. */
    assert_int_equal(damaged(f->dir, text, "\"gbtree\"", "\"dart\""),
                     BF_ECORRUPT);
    free(text);
    /* A value no float holds, and a calibration that is no number: the
     * probability would be NaN.  On a model of one split, written here. */
    tiny = "{\"learner\":{\"attributes\":{\"bf_features\":\"44\","
           "\"bf_platt_a\":\"-1\",\"bf_platt_b\":\"0\"},"
           "\"gradient_booster\":{\"model\":{\"trees\":[{\"tree_param\":"
           "{\"num_nodes\":\"3\"},\"left_children\":[1,-1,-1],"
           "\"right_children\":[2,-1,-1],\"split_indices\":[3,0,0],"
           "\"split_conditions\":[1.5,-0.2,0.3],\"default_left\":[1,0,0],"
           "\"sum_hessian\":[10,4,6]}]},\"name\":\"gbtree\"},"
           "\"learner_model_param\":{\"base_score\":\"5E-1\"},"
           "\"objective\":{\"name\":\"binary:logistic\"}}}";
    assert_int_equal(damaged(f->dir, tiny, "{", "{"), BF_OK);
    assert_int_equal(damaged(f->dir, tiny, "-0.2", "-8e300"), BF_ECORRUPT);
    assert_int_equal(damaged(f->dir, tiny, "[10,", "[1e39,"), BF_ECORRUPT);
    assert_int_equal(damaged(f->dir, tiny, "\"-1\"", "\"inf\""), BF_ECORRUPT);
}

static void reasons_in_both_languages(void **state)
{
    fixture *f = *state;
    bf_train_opts o;
    bf_model *m;
    size_t i, k, n;

    synth(f, 600);
    bf_train_opts_init(&o);
    o.rounds = 60;
    assert_int_equal(bf_model_train(f->X, f->y, f->n, &o, &m), BF_OK);
    for (k = 0; k < 20; k++) {
        bf_features ft;
        bf_reason r[BF_MODEL_REASONS_MAX];
        double p;

        memcpy(ft.v, f->X + k * BF_FEAT__COUNT, sizeof ft.v);
        assert_int_equal(bf_model_predict(m, &ft, &p), BF_OK);
        assert_true(p >= 0 && p <= 1);
        assert_int_equal(bf_model_reasons(m, &ft, r, &n), BF_OK);
        assert_in_range(n, BF_MODEL_REASONS_MIN, BF_MODEL_REASONS_MAX);
        for (i = 0; i < n; i++) {
            bf_buf en, fr;

            bf_buf_init(&en, 4096);
            bf_buf_init(&fr, 4096);
            assert_int_equal(bf_reason_format(&r[i], BF_LANG_EN, &en), BF_OK);
            assert_int_equal(bf_reason_format(&r[i], BF_LANG_FR, &fr), BF_OK);
            assert_non_null(strstr(en.data, "points to"));
            assert_non_null(strstr(fr.data, "oriente vers"));
            bf_buf_release(&en);
            bf_buf_release(&fr);
        }
        /* The strongest reason comes first. */
        for (i = 1; i < n; i++)
            if ((r[i].contrib > 0) == (r[0].contrib > 0))
                assert_true(fabs(r[i].contrib) <= fabs(r[0].contrib));
        assert_string_not_equal(
                bf_class_name(bf_model_class(&ft, p), BF_LANG_FR), "?");
    }
    bf_model_free(m);
}

/*
 * No reason reads a harmless value as a sign of a fake, and the class
 * agrees with the kinds: with the shipped model, an Instagram shop read
 * from the Graph API (1,230 followers, 15 followings, no creation date)
 * got "Digits ending the handle: 0, which points to a fake or automated
 * account" and "class: fake follower" beside "bought or fake follower
 * 0%".  That profile, then 2,000 variations of it, each with its digits,
 * avatar and automation signs at their harmless ends or not.
 */
static void reasons_and_class_agree_with_the_figures(void **state)
{
    bf_model *m = NULL;
    uint64_t s = 99;
    int k;

    (void)state;
    if (bf_model_load("models/default.model", &m) != BF_OK) {
        print_message("skip: models/default.model is absent\n");
        return;
    }
    for (k = 0; k <= 2000; k++) {
        static const char *const handles[] = { "username", "shop_42", "b4k3ry",
                                               "lyon.fleurs" };
        bf_account a;
        bf_features f;
        bf_reason r[BF_MODEL_REASONS_MAX];
        double p, kd[BF_KIND__COUNT];
        bf_class c;
        size_t n, i;

        bf_account_clear(&a);
        a.platform = "instagram";
        a.native_id = "1";
        a.handle = "username";
        a.name = "name";
        a.bio = "A biography.";
        a.url = "https://www.fake-site.io/";
        a.followers = 1230;
        a.following = 15;
        a.posts = 260;
        if (k > 0) {
            s = s * 6364136223846793005ull + 1442695040888963407ull;
            a.handle = handles[(s >> 33) % 4];
            a.followers = (int64_t)((s >> 20) % 1000000);
            a.following = (int64_t)((s >> 40) % 3000);
            a.posts = (int64_t)((s >> 10) % 20000);
            a.default_avatar = (int)((s >> 50) & 1);
            a.verified = (int)((s >> 51) & 1);
            if ((s >> 52) & 1) {
                a.created_at = NOW - (int64_t)((s >> 53) % 4000 + 1) * DAY;
                a.observed_at = NOW;
            }
            if ((s >> 62) & 1)
                a.bio = "bot: posts the weather every hour";
        }
        bf_features_from_account(&a, NOW, &f);
        /* The class stands with the kinds beside it (the same shop was
         * "class: fake follower" beside "bought or fake follower 0%"). */
        assert_int_equal(bf_model_predict(m, &f, &p), BF_OK);
        assert_int_equal(bf_model_predict_kinds(m, &f, kd), BF_OK);
        c = bf_model_class_kinds(&f, p, kd);
        if (c == BF_CLASS_SPAM_BOT)
            assert_true(kd[BF_KIND_SPAM] >= kd[BF_KIND_FAKE_FOLLOWER]);
        else if (c != BF_CLASS_REAL)
            assert_true(kd[BF_KIND_FAKE_FOLLOWER] >= kd[BF_KIND_SPAM]);
        assert_int_equal(c == BF_CLASS_REAL,
                         bf_model_class(&f, p) == BF_CLASS_REAL);
        assert_int_equal(bf_model_reasons(m, &f, r, &n), BF_OK);
        for (i = 0; i < n; i++) {
            bf_feat ft = r[i].feat;
            float v = r[i].value;

            if (ft == BF_F_HANDLE_DIGITS || ft == BF_F_HANDLE_TAIL_DIGITS ||
                ft == BF_F_NAME_DIGITS || ft == BF_F_DEFAULT_AVATAR ||
                ft == BF_F_SELF_DECLARED)
                assert_false(v <= 0 && r[i].contrib > 0);
            if (ft == BF_F_DEFAULT_AVATAR || ft == BF_F_SELF_DECLARED)
                assert_false(v >= 1 && r[i].contrib < 0);
            if (ft == BF_F_VERIFIED)
                assert_false(v >= 1 && r[i].contrib > 0);
        }
    }
    bf_model_free(m);
}

/*
 * Three kinds in two sets: the kinds sum to one, the first is
 * 1 - P(fake or automated), the second stage and the held-out rates
 * survive a save and a load, and no reason is an unknown value.
 */
static void kinds_rates_and_provenance(void **state)
{
    fixture *f = *state;
    bf_train_opts o;
    bf_model *m = NULL, *l = NULL;
    bf_model_rates r;
    char path[128];
    int *set;
    size_t i, right = 0, called = 0;

    synth(f, 1200);
    set = malloc(f->n * sizeof *set);
    assert_non_null(set);
    for (i = 0; i < f->n; i++) {
        float *x = f->X + i * BF_FEAT__COUNT;

        /* Spam: fake rows that post a lot; a second set of every third. */
        if (f->y[i] && !isnan(x[BF_F_POSTS_PER_DAY]) &&
            x[BF_F_POSTS_PER_DAY] > 5)
            f->y[i] = BF_LABEL_BOT;
        set[i] = i % 3 == 0;
    }
    bf_train_opts_init(&o);
    o.rounds = 30;
    o.provenance = "synthetic rows; seed 42";
    assert_int_equal(bf_model_train_sets(f->X, f->y, set, 2, f->n, &o, &m),
                     BF_OK);
    assert_int_equal(bf_model_get_rates(m, &r), BF_OK);
    assert_true(r.threshold >= 0.5 && r.threshold <= 1);
    assert_true(r.tpr > 0.5);
    assert_true(r.fpr <= 0.05);
    assert_int_equal(r.n_pos + r.n_neg, f->n);
    assert_string_equal(bf_model_provenance(m), "synthetic rows; seed 42");
    {
        bf_model_kind_rates kr;
        size_t t, k, total = 0;

        assert_int_equal(bf_model_get_kind_rates(m, &kr), BF_OK);
        for (t = 0; t < BF_KIND__COUNT; t++) {
            double sum = 0;

            total += kr.n[t];
            assert_true(kr.n[t] > 0);
            for (k = 0; k < BF_KIND__COUNT; k++)
                sum += kr.rate[t][k];
            assert_float_equal(sum, 1, 1e-9);
        }
        assert_int_equal(total, f->n);
        /* Held out, most of each kind is called what it is. */
        assert_true(kr.rate[BF_KIND_REAL][BF_KIND_REAL] > 0.9);
        assert_true(kr.rate[BF_KIND_SPAM][BF_KIND_REAL] < 0.5);
    }
    snprintf(path, sizeof path, "%s/k.model", f->dir);
    assert_int_equal(bf_model_save(m, path), BF_OK);
    assert_int_equal(bf_model_load(path, &l), BF_OK);
    assert_string_equal(bf_model_provenance(l), "synthetic rows; seed 42");
    assert_float_equal(bf_model_threshold(l), r.threshold, 1e-12);
    for (i = 0; i < f->n; i++) {
        bf_features ft;
        double p[BF_KIND__COUNT], q[BF_KIND__COUNT], bad;
        bf_reason rs[BF_MODEL_REASONS_MAX];
        size_t nr, k, best = 0;

        memcpy(ft.v, f->X + i * BF_FEAT__COUNT, sizeof ft.v);
        assert_int_equal(bf_model_predict_kinds(m, &ft, p), BF_OK);
        assert_int_equal(bf_model_predict_kinds(l, &ft, q), BF_OK);
        assert_int_equal(bf_model_predict(m, &ft, &bad), BF_OK);
        assert_float_equal(p[0] + p[1] + p[2], 1, 1e-9);
        assert_float_equal(p[BF_KIND_REAL], 1 - bad, 1e-9);
        for (k = 0; k < BF_KIND__COUNT; k++) {
            assert_true(p[k] >= 0 && p[k] <= 1);
            assert_float_equal(p[k], q[k], 1e-6);
            if (p[k] > p[best])
                best = k;
        }
        right += (int)best == f->y[i];
        called += bad >= bf_model_threshold(m);
        if (i % 50 == 0) {
            assert_int_equal(bf_model_reasons(m, &ft, rs, &nr), BF_OK);
            for (k = 0; k < nr; k++)
                assert_false(isnan(rs[k].value));
        }
    }
    /* The kinds are learnt, not guessed. */
    assert_true(right > f->n * 80 / 100);
    assert_true(called > 0);
    assert_string_equal(bf_kind_key(BF_KIND_SPAM), "spam");
    assert_string_not_equal(bf_kind_name(BF_KIND_FAKE_FOLLOWER, BF_LANG_FR),
                            "?");
    bf_model_free(m);
    bf_model_free(l);
    free(set);
}

/* three_sets fills f with 900 synthetic rows and returns their set of
 * origin, 0 to 2 in turn, for training with sets held out (caller frees). */
static int *three_sets(fixture *f)
{
    int *set;
    size_t i;

    synth(f, 900);
    set = malloc(f->n * sizeof *set);
    assert_non_null(set);
    for (i = 0; i < f->n; i++)
        set[i] = (int)(i % 3);
    return set;
}

/*
 * Tiers of known fields: a row without a known bio is sparse, whatever
 * else it lacks; training records one threshold per tier, the sparse one
 * never below the full one; a file's two thresholds call a full row and a
 * sparse row apart at the same probability; a file without them (an older
 * one) calls every row at its single threshold.
 */
static void tier_thresholds(void **state)
{
    fixture *f = *state;
    bf_train_opts o;
    bf_model *m = NULL, *l = NULL;
    char path[128];
    float full[BF_FEAT__COUNT], sparse[BF_FEAT__COUNT];
    double p = 0.75;
    int *set, pat;
    size_t i;

    set = three_sets(f);
    memcpy(full, f->X, sizeof full);
    full[BF_F_HAS_BIO] = 1;
    full[BF_F_SELF_DECLARED] = 0;
    memcpy(sparse, full, sizeof sparse);
    bf_model_mask_row(sparse, 0);
    assert_int_equal(bf_model_tier(full), BF_TIER_FULL);
    assert_int_equal(bf_model_tier(sparse), BF_TIER_SPARSE);
    for (pat = 1; pat < BF_MODEL_MASKS; pat++) {
        float x[BF_FEAT__COUNT];

        memcpy(x, full, sizeof x);
        bf_model_mask_row(x, pat);
        assert_int_equal(bf_model_tier(x), BF_TIER_FULL);
    }
    assert_string_equal(bf_tier_key(BF_TIER_SPARSE), "sparse");

    bf_train_opts_init(&o);
    o.rounds = 20;
    assert_int_equal(bf_model_train_sets(f->X, f->y, set, 3, f->n, &o, &m),
                     BF_OK);
    assert_true(bf_model_tier_threshold(m, BF_TIER_FULL) >= 0.5);
    assert_true(bf_model_tier_threshold(m, BF_TIER_FULL) <= 1);
    assert_true(bf_model_tier_threshold(m, BF_TIER_SPARSE) >=
                bf_model_tier_threshold(m, BF_TIER_FULL));
    assert_true(bf_model_tier_threshold(m, BF_TIER_SPARSE) <= 1);
    snprintf(path, sizeof path, "%s/t.model", f->dir);
    assert_int_equal(bf_model_save(m, path), BF_OK);
    assert_int_equal(bf_model_load(path, &l), BF_OK);
    for (i = 0; i < BF_TIER__COUNT; i++)
        assert_float_equal(bf_model_tier_threshold(l, (bf_tier)i),
                           bf_model_tier_threshold(m, (bf_tier)i), 1e-12);
    assert_float_equal(bf_model_threshold_row(l, sparse),
                       bf_model_tier_threshold(m, BF_TIER_SPARSE), 1e-12);
    bf_model_free(l);
    l = NULL;

    /* Two thresholds in the file: the same probability, two calls. */
    assert_int_equal(
            XGBoosterSetAttr(bf_model_booster(m), "bf_threshold_full", "0.6"),
            0);
    assert_int_equal(
            XGBoosterSetAttr(bf_model_booster(m), "bf_threshold_sparse", "0.9"),
            0);
    assert_int_equal(bf_model_save(m, path), BF_OK);
    assert_int_equal(bf_model_load(path, &l), BF_OK);
    assert_float_equal(bf_model_threshold_row(l, full), 0.6, 1e-12);
    assert_float_equal(bf_model_threshold_row(l, sparse), 0.9, 1e-12);
    assert_true(p >= bf_model_threshold_row(l, full));
    assert_false(p >= bf_model_threshold_row(l, sparse));
    bf_model_free(l);
    l = NULL;

    /* An older file: no tier thresholds, the single one for all rows. */
    assert_int_equal(
            XGBoosterSetAttr(bf_model_booster(m), "bf_threshold_full", NULL),
            0);
    assert_int_equal(
            XGBoosterSetAttr(bf_model_booster(m), "bf_threshold_sparse", NULL),
            0);
    assert_int_equal(
            XGBoosterSetAttr(bf_model_booster(m), "bf_threshold", "0.7"), 0);
    assert_int_equal(bf_model_save(m, path), BF_OK);
    assert_int_equal(bf_model_load(path, &l), BF_OK);
    assert_float_equal(bf_model_threshold_row(l, full), 0.7, 1e-12);
    assert_float_equal(bf_model_threshold_row(l, sparse), 0.7, 1e-12);
    bf_model_free(l);
    bf_model_free(m);
    free(set);
}

/*
 * The quantifier's rates per tier: training records them at its one
 * quantification cut, they survive a save and a load, and a file without
 * all of them, or without the cut they were measured at, gives the pooled
 * rates for both tiers.
 */
static void tier_quant_rates(void **state)
{
    static const char *const keys[] = { "tpr",    "fpr", "tpr_sd",
                                        "fpr_sd", "pos", "neg" };
    fixture *f = *state;
    bf_train_opts o;
    bf_model *m = NULL, *l = NULL;
    bf_model_rates one, tr[BF_TIER__COUNT], lr[BF_TIER__COUNT];
    char path[128], key[64];
    int *set, tiered = -1, t;
    size_t i;

    set = three_sets(f);
    bf_train_opts_init(&o);
    o.rounds = 20;
    assert_int_equal(bf_model_train_sets(f->X, f->y, set, 3, f->n, &o, &m),
                     BF_OK);
    assert_int_equal(bf_model_get_quant_rates(m, &one), BF_OK);
    assert_int_equal(bf_model_get_quant_tier_rates(m, tr, &tiered), BF_OK);
    assert_int_equal(tiered, 1);
    for (t = 0; t < BF_TIER__COUNT; t++) {
        assert_float_equal(tr[t].threshold, one.threshold, 0);
        assert_true(tr[t].tpr >= 0 && tr[t].tpr <= 1);
        assert_true(tr[t].fpr >= 0 && tr[t].fpr <= 1);
        assert_true(tr[t].tpr_sd >= 0 && tr[t].fpr_sd >= 0);
        assert_true(tr[t].n_pos >= 1 && tr[t].n_neg >= 1);
    }
    snprintf(path, sizeof path, "%s/q.model", f->dir);
    assert_int_equal(bf_model_save(m, path), BF_OK);
    assert_int_equal(bf_model_load(path, &l), BF_OK);
    assert_int_equal(bf_model_get_quant_tier_rates(l, lr, &tiered), BF_OK);
    assert_int_equal(tiered, 1);
    for (t = 0; t < BF_TIER__COUNT; t++) {
        assert_float_equal(lr[t].tpr, tr[t].tpr, 1e-12);
        assert_float_equal(lr[t].fpr, tr[t].fpr, 1e-12);
        assert_int_equal(lr[t].n_pos, tr[t].n_pos);
        assert_int_equal(lr[t].n_neg, tr[t].n_neg);
    }
    bf_model_free(l);
    l = NULL;

    /* Set values: the spread lowers the rows as for the pooled rates. */
    for (i = 0; i < sizeof keys / sizeof keys[0]; i++) {
        static const char *const v[] = { "0.5", "0.1", "0.0625",
                                         "0",   "500", "400" };

        snprintf(key, sizeof key, "bf_quant_%s_sparse", keys[i]);
        assert_int_equal(XGBoosterSetAttr(bf_model_booster(m), key, v[i]), 0);
    }
    assert_int_equal(bf_model_get_quant_tier_rates(m, tr, &tiered), BF_OK);
    assert_int_equal(tiered, 1);
    assert_float_equal(tr[BF_TIER_SPARSE].tpr, 0.5, 1e-12);
    assert_float_equal(tr[BF_TIER_SPARSE].fpr, 0.1, 1e-12);
    assert_int_equal(tr[BF_TIER_SPARSE].n_pos, 64); /* 0.25 / 0.0625^2 */
    assert_int_equal(tr[BF_TIER_SPARSE].n_neg, 400);

    /* One key missing: the pooled rates for both tiers. */
    assert_int_equal(
            XGBoosterSetAttr(bf_model_booster(m), "bf_quant_neg_full", NULL),
            0);
    assert_int_equal(bf_model_get_quant_tier_rates(m, tr, &tiered), BF_OK);
    assert_int_equal(tiered, 0);
    for (t = 0; t < BF_TIER__COUNT; t++) {
        assert_float_equal(tr[t].tpr, one.tpr, 0);
        assert_float_equal(tr[t].fpr, one.fpr, 0);
        assert_int_equal(tr[t].n_pos, one.n_pos);
        assert_int_equal(tr[t].n_neg, one.n_neg);
    }

    /* Every key there but not the cut: the rates at the operating
     * threshold, pooled. */
    assert_int_equal(
            XGBoosterSetAttr(bf_model_booster(m), "bf_quant_neg_full", "400"),
            0);
    assert_int_equal(bf_model_get_quant_tier_rates(m, tr, &tiered), BF_OK);
    assert_int_equal(tiered, 1);
    assert_int_equal(
            XGBoosterSetAttr(bf_model_booster(m), "bf_quant_threshold", NULL),
            0);
    assert_int_equal(bf_model_get_rates(m, &one), BF_OK);
    assert_int_equal(bf_model_get_quant_tier_rates(m, tr, &tiered), BF_OK);
    assert_int_equal(tiered, 0);
    for (t = 0; t < BF_TIER__COUNT; t++) {
        assert_float_equal(tr[t].threshold, one.threshold, 0);
        assert_float_equal(tr[t].tpr, one.tpr, 0);
        assert_float_equal(tr[t].fpr, one.fpr, 0);
    }
    bf_model_free(m);
    free(set);
}

static void classes_follow_the_rules(void **state)
{
    bf_features f;
    int i;

    (void)state;
    for (i = 0; i < BF_FEAT__COUNT; i++)
        f.v[i] = NAN;
    assert_int_equal(bf_model_class(&f, 0.1), BF_CLASS_REAL);
    assert_int_equal(bf_model_class(&f, 0.9), BF_CLASS_INACTIVE);
    f.v[BF_F_POSTS] = 500;
    assert_int_equal(bf_model_class(&f, 0.9), BF_CLASS_FAKE_FOLLOWER);
    f.v[BF_F_FOLLOWING] = 2000;
    f.v[BF_F_FOLLOWER_RATIO] = 0.01f;
    assert_int_equal(bf_model_class(&f, 0.9), BF_CLASS_MASS_FOLLOWER);
    f.v[BF_F_AUTOMATION_SHARE] = 0.9f;
    assert_int_equal(bf_model_class(&f, 0.9), BF_CLASS_SPAM_BOT);
}

/* ---- Cresci 2015 ---- */

/* The labelling sink: sets label on each account, then stores it. */
typedef struct labeller {
    bf_sink inner;
    const char *label;
} labeller;

static bf_err label_account(void *ctx, const bf_account *a)
{
    labeller *l = ctx;
    bf_account c = *a;

    c.label = l->label;
    return l->inner.account(l->inner.ctx, &c);
}

/* ingest_labelled: reads path into st with every account labelled. */
static void ingest_labelled(bf_store *st, const char *path, const char *label)
{
    bf_store_writer w;
    bf_ingest_opts o;
    bf_diags d;
    labeller l;
    bf_sink s = { NULL, label_account, NULL, NULL, NULL };

    bf_store_writer_init(&w, st, 50000);
    l.inner = bf_store_writer_sink(&w);
    l.label = label;
    s.ctx = &l;
    bf_ingest_opts_init(&o);
    bf_diags_init(&d);
    assert_int_equal(bf_ingest_path(path, &o, &s, &d), BF_OK);
    assert_int_equal(bf_store_writer_finish(&w), BF_OK);
    bf_diags_release(&d);
}

static void cresci_cv_meets_the_bars(void **state)
{
    fixture *f = *state;
    char users[512], fusers[512], dir[128];
    bf_store *st;
    bf_dataset d;
    bf_train_opts o;
    bf_metrics m;
    double *prob;
    int *pred;
    size_t i;

    if (!shared_path("cresci2015-e13-int-users/data/users.csv", users,
                     sizeof users) ||
        !shared_path("cresci2015-e13-int-users/data/fusers.csv", fusers,
                     sizeof fusers)) {
        printf("skipped: shared data cresci2015-e13-int-users not found\n");
        skip();
    }
    snprintf(dir, sizeof dir, "%s/store", f->dir);
    assert_int_equal(bf_store_open(dir, &st), BF_OK);
    ingest_labelled(st, users, "genuine");
    ingest_labelled(st, fusers, "fake");
    assert_int_equal(bf_dataset_from_store(st, NOW, &d), BF_OK);
    assert_int_equal(d.n, 1481 + 1337);
    prob = malloc(d.n * sizeof *prob);
    pred = malloc(d.n * sizeof *pred);
    assert_non_null(prob);
    assert_non_null(pred);
    bf_train_opts_init(&o);
    /* Each fold calls fake at its own model's operating threshold. */
    assert_int_equal(
            bf_model_cv_sets(d.X, d.y, NULL, 0, d.n, 10, &o, prob, pred),
            BF_OK);
    for (i = 0; i < d.n; i++)
        d.y[i] = d.y[i] != 0;
    assert_int_equal(bf_metrics_compute(d.y, pred, prob, d.n, &m), BF_OK);
    printf("cresci 10-fold: f1 %.4f mcc %.4f auc %.4f fp %zu/%zu\n", m.f1,
           m.mcc, m.auc, m.fp, m.fp + m.tn);
    assert_true(m.f1 >= 0.99);
    assert_true(m.mcc >= 0.98);
    assert_true(m.fp * 100 <= m.fp + m.tn);
    free(prob);
    free(pred);
    bf_dataset_release(&d);
    bf_store_close(st);
}

int main(void)
{
#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(profile_features),
        cmocka_unit_test(unknown_stays_unknown),
        cmocka_unit_test(self_declared_words),
        cmocka_unit_test(masking_patterns),
        cmocka_unit_test(dna_ratio),
        cmocka_unit_test(every_feature_has_names),
        cmocka_unit_test(state_of_search_rules),
        cmocka_unit_test(metrics_by_hand),
        cmocka_unit_test(classes_follow_the_rules),
        T(training_is_reproducible),
        T(flat_trees_match_xgboost),
        T(contribs_match_xgboost),
        T(load_rejects_damaged_trees),
        T(reasons_batch_matches_one_by_one),
        T(load_rejects_what_is_not_a_model),
        T(reasons_in_both_languages),
        T(reasons_and_class_agree_with_the_figures),
        T(kinds_rates_and_provenance),
        T(tier_thresholds),
        T(tier_quant_rates),
        T(cresci_cv_meets_the_bars),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
