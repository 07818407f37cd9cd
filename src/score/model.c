/*
 * model.c - training, storing, calibrating and walking the boosted trees.
 *
 * Training goes through libxgboost's C API with everything that could vary
 * pinned: one thread, the "hist" method, a fixed seed, base_score 0.5 (a
 * zero margin offset).  A model is two stages of binary trees (fake or
 * automated against real; spam against bought follower among the rest),
 * each trained by stage(): margins of rows the trees did not see come
 * from an inner stratified split (out-of-fold) and, when the rows belong
 * to several labelled sets, from trees trained on the other sets (leave
 * one set out); the Platt maps are fitted on those margins, so the
 * probability is not overconfident on the rows the trees were fitted on,
 * and the operating threshold is the lowest that keeps the genuine rows
 * called fake within the target on every set held out, once over every
 * row and once per tier of known fields (full profiles, tables of counts):
 * the sets disagree on where their genuine accounts end, and the one that
 * shows least (a table of counts) would otherwise set the bar for every
 * full profile.  Rows are weighted
 * so that every set weighs the same, and a seeded share of them is masked
 * as other sources lack fields.  Stage 2's model file is kept as a string
 * attribute of stage 1's, so one file holds the model.
 *
 * Prediction does not call xgboost, nor does loading a model file: its
 * JSON is read by score/forest.h (a trained model's through the same
 * JSON), and each tree is rewritten as a complete binary tree
 * of depth D (the deepest tree's depth) in heap order: a leaf above the
 * bottom becomes a chain of "always left" nodes (condition +inf, missing
 * goes left) over copies of its value.  Every walk then takes exactly D
 * steps with no data-dependent branch, and the batch walker runs a block
 * of rows through one tree at a time, eight walks interleaved, so that the
 * CPU overlaps the loads of independent rows.  A comparison is
 * "x < cond" in single precision and a NaN takes the node's default side,
 * as in xgboost.
 */
#include "score/model.h"

#include "score/forest.h"
#include "score/xgbfn.h"
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* The deepest tree supported by the flat layout. */
#define MAX_DEPTH BF__FOREST_DEPTH_MAX

/* Rows walked together through one tree by the batch walker. */
#define BLOCK 64

/* The largest model file read, in bytes. */
#define MODEL_FILE_MAX ((size_t)64 << 20)

/* An internal node of a flat tree: 8 bytes, one load per step. */
typedef struct node {
    float cond;    /* go left when x < cond */
    uint16_t feat; /* the feature compared */
    uint16_t defl; /* 1: a missing value goes left */
} node;

struct bf_model {
    BoosterHandle h; /* a trained model's booster; NULL for a loaded one */
    char *json;      /* a loaded model's file, for xgboost when asked */
    size_t json_len;
    bf__forest forest; /* the trees and attributes (score/forest.h) */
    double platt_a, platt_b;
    double sparse_a, sparse_b; /* the calibration of rows without a bio */
    double threshold; /* the operating threshold (bf_model_threshold) */
    double tier_th[BF_TIER__COUNT]; /* per tier; 0: use threshold */
    char *provenance;               /* the "bf_provenance" attribute, or NULL */
    bf_model *kind; /* the second stage: spam among fake, or NULL */
    size_t trees;
    int depth;    /* D: every walk takes D steps */
    size_t inner; /* internal nodes per tree: 2^D - 1 */
    node *nodes;  /* trees x inner */
    float *leaf;  /* trees x 2^D */
};

/* xgb: turns an xgboost status into a bf_err, keeping its message. */
#define XGB(call)                                      \
    do {                                               \
        if ((call) != 0) {                             \
            fprintf(stderr, "bonafide: xgboost: %s\n", \
                    bf__xgb.get_last_error());         \
            err = BF_EINVAL;                           \
            goto out;                                  \
        }                                              \
    } while (0)

void bf_train_opts_init(bf_train_opts *o)
{
    o->seed = 42;
    o->rounds = 120;
    o->max_depth = 3;
    o->eta = 0.1;
    o->calib_folds = 5;
    o->mask_share = 0.3;
    o->target_fpr = BF_MODEL_TARGET_FPR;
    o->provenance = NULL;
}

/*
 * attr_str is attribute key of m, or NULL: its booster's while it is
 * trained, its file's once loaded.  The string lives until the next call.
 */
static const char *attr_str(const bf_model *m, const char *key)
{
    const char *s = NULL;
    int ok = 0;

    if (!m->h)
        return bf__forest_attr(&m->forest, key);
    if (bf__xgb.booster_get_attr(m->h, key, &s, &ok) != 0 || !ok)
        return NULL;
    return s;
}

/* attr_double: reads attribute key of m as a number. */
static bf_err attr_double(const bf_model *m, const char *key, double *out)
{
    const char *s = attr_str(m, key);
    char *end;

    if (!s)
        return BF_ECORRUPT;
    *out = strtod(s, &end);
    return end == s ? BF_ECORRUPT : BF_OK;
}

/* ---- flat trees ---- */

/* A node of a tree while it is flattened. */
typedef struct tnode {
    int feat; /* -1: leaf */
    float val;
    int yes, no, missing;
} tnode;

/*
 * place: writes node i at heap position pos of level lvl of tree k,
 * padding a leaf above the bottom with "always left" nodes.
 */
static void place(bf_model *m, size_t k, const tnode *t, int i, size_t pos,
                  int lvl)
{
    size_t base = k * m->inner;

    if (lvl == m->depth) {
        m->leaf[k * (m->inner + 1) + (pos - m->inner)] = t[i].val;
        return;
    }
    if (t[i].feat < 0) {
        m->nodes[base + pos].feat = 0;
        m->nodes[base + pos].cond = INFINITY;
        m->nodes[base + pos].defl = 1;
        /* Both children repeat the leaf: whatever the side, same value. */
        place(m, k, t, i, 2 * pos + 1, lvl + 1);
        place(m, k, t, i, 2 * pos + 2, lvl + 1);
        return;
    }
    m->nodes[base + pos].feat = (uint16_t)t[i].feat;
    m->nodes[base + pos].cond = t[i].val;
    m->nodes[base + pos].defl = t[i].missing == t[i].yes;
    place(m, k, t, t[i].yes, 2 * pos + 1, lvl + 1);
    place(m, k, t, t[i].no, 2 * pos + 2, lvl + 1);
}

/*
 * forest_of fills m->forest from m's booster, through its JSON model: the
 * trees a trained model is walked by are read as a loaded one's are.
 */
static bf_err forest_of(bf_model *m)
{
    const char *buf = NULL;
    bst_ulong len = 0;
    bf_err err = BF_OK;

    XGB(bf__xgb.booster_save_model_to_buffer(m->h, "{\"format\": \"json\"}",
                                             &len, &buf));
    bf__forest_release(&m->forest);
    err = bf__forest_parse(buf, (size_t)len, BF_FEAT__COUNT, MAX_DEPTH,
                           &m->forest);
out:
    return err;
}

/* flatten: builds the flat trees of m from m->forest (read first from the
 * booster of a trained model). */
static bf_err flatten(bf_model *m)
{
    const bf__forest *f = &m->forest;
    tnode *t = NULL;
    size_t k, i, most = 1;
    bf_err err = BF_OK;

    if (m->h && (err = forest_of(m)) != BF_OK)
        return err;
    for (k = 0; k < f->trees; k++)
        if (f->first[k + 1] - f->first[k] > most)
            most = f->first[k + 1] - f->first[k];
    free(m->nodes);
    free(m->leaf);
    m->trees = f->trees;
    m->depth = f->depth;
    m->inner = ((size_t)1 << m->depth) - 1;
    m->nodes = calloc(m->trees * m->inner + 1, sizeof *m->nodes);
    m->leaf = calloc(m->trees * (m->inner + 1) + 1, sizeof *m->leaf);
    t = malloc(most * sizeof *t);
    if (!m->nodes || !m->leaf || !t) {
        err = BF_ENOMEM;
        goto out;
    }
    for (k = 0; k < f->trees; k++) {
        const bf__fnode *nd = f->nodes + f->first[k];
        size_t nn = f->first[k + 1] - f->first[k];

        /* The forest checked every tree: children inside it, each node
         * reached once from the root, depth at most MAX_DEPTH. */
        for (i = 0; i < nn; i++) {
            t[i].feat = nd[i].left < 0 ? -1 : (int)nd[i].feat;
            t[i].val = nd[i].cond;
            t[i].yes = nd[i].left;
            t[i].no = nd[i].right;
            t[i].missing = nd[i].defl ? nd[i].left : nd[i].right;
        }
        place(m, k, t, 0, 0, 0);
    }
out:
    free(t);
    return err;
}

/* walk: the leaf value of tree k for row x, in exactly D steps. */
static inline float walk(const bf_model *m, size_t k, const float *x)
{
    const node *nd = m->nodes + k * m->inner;
    size_t i = 0;
    int l;

    for (l = 0; l < m->depth; l++) {
        float v = x[nd[i].feat];
        /* NaN compares false both ways: it takes the default side. */
        int left = (v < nd[i].cond) | ((v != v) & nd[i].defl);

        i = 2 * i + 2 - (size_t)left;
    }
    return m->leaf[k * (m->inner + 1) + (i - m->inner)];
}

double bf_model_margin(const bf_model *m, const float *x)
{
    double s = 0;
    size_t k;

    for (k = 0; k < m->trees; k++)
        s += walk(m, k, x);
    return s;
}

/* STEP: one level down tree nd for row x from node i (see walk). */
#define STEP(i, x)                                                   \
    do {                                                             \
        const node *q_ = &nd[i];                                     \
        float v_ = (x)[q_->feat];                                    \
        (i) = 2 * (i) + 2 -                                          \
              (uint32_t)((v_ < q_->cond) | ((v_ != v_) & q_->defl)); \
    } while (0)

void bf_model_margin_batch(const bf_model *m, const float *X, size_t n,
                           double *out)
{
    const size_t F = BF_FEAT__COUNT;
    size_t r0, r, k;
    int l;

    for (r0 = 0; r0 < n; r0 += BLOCK) {
        size_t nb = n - r0 < BLOCK ? n - r0 : BLOCK;
        const float *xb = X + r0 * F;
        double acc[BLOCK] = { 0 };

        /*
         * One tree at a time over the block, eight rows at once: the eight
         * walks are independent, so their loads overlap instead of each
         * step waiting for the previous one.
         */
        for (k = 0; k < m->trees; k++) {
            const node *nd = m->nodes + k * m->inner;
            const float *leaf = m->leaf + k * (m->inner + 1) - m->inner;

            for (r = 0; r + 8 <= nb; r += 8) {
                const float *x = xb + r * F;
                uint32_t i0 = 0, i1 = 0, i2 = 0, i3 = 0, i4 = 0, i5 = 0, i6 = 0,
                         i7 = 0;

                for (l = 0; l < m->depth; l++) {
                    STEP(i0, x);
                    STEP(i1, x + F);
                    STEP(i2, x + 2 * F);
                    STEP(i3, x + 3 * F);
                    STEP(i4, x + 4 * F);
                    STEP(i5, x + 5 * F);
                    STEP(i6, x + 6 * F);
                    STEP(i7, x + 7 * F);
                }
                acc[r] += leaf[i0];
                acc[r + 1] += leaf[i1];
                acc[r + 2] += leaf[i2];
                acc[r + 3] += leaf[i3];
                acc[r + 4] += leaf[i4];
                acc[r + 5] += leaf[i5];
                acc[r + 6] += leaf[i6];
                acc[r + 7] += leaf[i7];
            }
            for (; r < nb; r++)
                acc[r] += walk(m, k, xb + r * F);
        }
        for (r = 0; r < nb; r++)
            out[r0 + r] = acc[r];
    }
}

double bf_model_calibrate(const bf_model *m, double margin)
{
    return 1.0 / (1.0 + exp(m->platt_a * margin + m->platt_b));
}

double bf_model_calibrate_row(const bf_model *m, double margin, const float *x)
{
    if (isnan(x[BF_F_HAS_BIO]))
        return 1.0 / (1.0 + exp(m->sparse_a * margin + m->sparse_b));
    return bf_model_calibrate(m, margin);
}

double bf_model_declared(double prob, const float *x)
{
    return x[BF_F_SELF_DECLARED] == 1.0f && prob < BF_MODEL_DECLARED_P
                   ? BF_MODEL_DECLARED_P
                   : prob;
}

double bf_model_prob(const bf_model *m, const float *x)
{
    return bf_model_declared(
            bf_model_calibrate_row(m, bf_model_margin(m, x), x), x);
}

bf_err bf_model_predict(const bf_model *m, const bf_features *f, double *prob)
{
    *prob = bf_model_prob(m, f->v);
    return BF_OK;
}

bf_err bf_model_predict_kinds(const bf_model *m, const bf_features *f,
                              double p[BF_KIND__COUNT])
{
    double bad = bf_model_prob(m, f->v), spam;

    if (f->v[BF_F_SELF_DECLARED] == 1.0f)
        spam = 1; /* it says so itself */
    else if (m->kind)
        spam = bf_model_calibrate_row(m->kind, bf_model_margin(m->kind, f->v),
                                      f->v);
    else
        spam = bf_model_class(f, 1.0) == BF_CLASS_SPAM_BOT;
    p[BF_KIND_REAL] = 1.0 - bad;
    p[BF_KIND_FAKE_FOLLOWER] = bad * (1.0 - spam);
    p[BF_KIND_SPAM] = bad * spam;
    return BF_OK;
}

const char *bf_kind_key(bf_kind k)
{
    static const char *const keys[BF_KIND__COUNT] = {
        "real",
        "fake_follower",
        "spam",
    };

    return (unsigned)k < BF_KIND__COUNT ? keys[k] : "?";
}

double bf_model_threshold(const bf_model *m)
{
    return m->threshold > 0 ? m->threshold : BF_MODEL_THRESHOLD;
}

int bf_model_reads_platform(const char *platform)
{
    return !platform || (strcmp(platform, "youtube") != 0 &&
                         strcmp(platform, "facebook") != 0 &&
                         strcmp(platform, "linkedin") != 0);
}

bf_tier bf_model_tier(const float *x)
{
    /* The same bit that picks the sparse Platt map. */
    return isnan(x[BF_F_HAS_BIO]) ? BF_TIER_SPARSE : BF_TIER_FULL;
}

const char *bf_tier_key(bf_tier t)
{
    static const char *const keys[BF_TIER__COUNT] = { "full", "sparse" };

    return (unsigned)t < BF_TIER__COUNT ? keys[t] : "?";
}

double bf_model_tier_threshold(const bf_model *m, bf_tier t)
{
    if ((unsigned)t < BF_TIER__COUNT && m->tier_th[t] > 0)
        return m->tier_th[t];
    return bf_model_threshold(m);
}

double bf_model_threshold_row(const bf_model *m, const float *x)
{
    return bf_model_tier_threshold(m, bf_model_tier(x));
}

const char *bf_model_provenance(const bf_model *m)
{
    return m->provenance ? m->provenance : "";
}

size_t bf_model_trees(const bf_model *m)
{
    return m->trees;
}

void *bf_model_booster(const bf_model *m)
{
    return m->h;
}

void bf_model_free(bf_model *m)
{
    if (!m)
        return;
    if (m->h)
        bf__xgb.booster_free(m->h);
    free(m->json);
    bf__forest_release(&m->forest);
    bf_model_free(m->kind);
    free(m->provenance);
    free(m->nodes);
    free(m->leaf);
    free(m);
}

/* ---- training ---- */

/* splitmix64: the seeded generator of fold assignments. */
static uint64_t splitmix64(uint64_t *s)
{
    uint64_t z = (*s += 0x9E3779B97F4A7C15ull);

    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

/*
 * folds: assigns each of n rows a fold in [0, k), stratified: the rows of
 * each class are shuffled (Fisher-Yates, seeded) and dealt round-robin.
 */
static bf_err folds(const int *y, size_t n, int k, uint64_t seed, int *fold)
{
    size_t *idx = malloc((n ? n : 1) * sizeof *idx);
    uint64_t s = seed;
    int cls;

    if (!idx)
        return BF_ENOMEM;
    for (cls = 0; cls <= 1; cls++) {
        size_t m = 0, i;

        for (i = 0; i < n; i++)
            if ((y[i] != 0) == cls)
                idx[m++] = i;
        for (i = m; i > 1; i--) {
            size_t j = (size_t)(splitmix64(&s) % i), tmp = idx[i - 1];

            idx[i - 1] = idx[j];
            idx[j] = tmp;
        }
        for (i = 0; i < m; i++)
            fold[idx[i]] = (int)(i % (size_t)k);
    }
    free(idx);
    return BF_OK;
}

/* dmatrix: an xgboost matrix of n rows of X, labelled by y when given. */
static bf_err dmatrix_w(const float *X, const int *y, const float *w, size_t n,
                        DMatrixHandle *out);

static bf_err dmatrix(const float *X, const int *y, size_t n,
                      DMatrixHandle *out)
{
    return dmatrix_w(X, y, NULL, n, out);
}

/* dmatrix_w: the same, with row weights w when given. */
static bf_err dmatrix_w(const float *X, const int *y, const float *w, size_t n,
                        DMatrixHandle *out)
{
    float *lab = NULL;
    DMatrixHandle dm = NULL;
    size_t i;
    bf_err err = bf__xgb_load();

    /* Every xgboost call follows a matrix or a booster: here is where
     * the library is first needed. */
    if (err)
        return err;
    XGB(bf__xgb.dmatrix_create_from_mat(X, (bst_ulong)n, BF_FEAT__COUNT, NAN,
                                        &dm));
    if (y) {
        lab = malloc((n ? n : 1) * sizeof *lab);
        if (!lab) {
            err = BF_ENOMEM;
            goto out;
        }
        for (i = 0; i < n; i++)
            lab[i] = (float)(y[i] != 0);
        XGB(bf__xgb.dmatrix_set_float_info(dm, "label", lab, (bst_ulong)n));
    }
    if (w)
        XGB(bf__xgb.dmatrix_set_float_info(dm, "weight", w, (bst_ulong)n));
    *out = dm;
    dm = NULL;
out:
    free(lab);
    if (dm)
        bf__xgb.dmatrix_free(dm);
    return err;
}

/* booster_w: trains trees on n rows of X, y (weights w) with o's settings. */
static bf_err booster_w(const float *X, const int *y, const float *w, size_t n,
                        const bf_train_opts *o, BoosterHandle *out)
{
    DMatrixHandle dm = NULL;
    BoosterHandle h = NULL;
    char num[64];
    int it;
    bf_err err = dmatrix_w(X, y, w, n, &dm);

    if (err)
        return err;
    XGB(bf__xgb.booster_create(&dm, 1, &h));
    XGB(bf__xgb.booster_set_param(h, "verbosity", "0"));
    XGB(bf__xgb.booster_set_param(h, "nthread", "1"));
    XGB(bf__xgb.booster_set_param(h, "objective", "binary:logistic"));
    XGB(bf__xgb.booster_set_param(h, "tree_method", "hist"));
    XGB(bf__xgb.booster_set_param(h, "base_score", "0.5"));
    XGB(bf__xgb.booster_set_param(h, "subsample", "0.8"));
    XGB(bf__xgb.booster_set_param(h, "colsample_bytree", "0.8"));
    XGB(bf__xgb.booster_set_param(h, "min_child_weight", "1"));
    snprintf(num, sizeof num, "%d", (int)(o->seed & 0x7fffffff));
    XGB(bf__xgb.booster_set_param(h, "seed", num));
    snprintf(num, sizeof num, "%d", o->max_depth);
    XGB(bf__xgb.booster_set_param(h, "max_depth", num));
    snprintf(num, sizeof num, "%.17g", o->eta);
    XGB(bf__xgb.booster_set_param(h, "eta", num));
    for (it = 0; it < o->rounds; it++)
        XGB(bf__xgb.booster_update_one_iter(h, it, dm));
    *out = h;
    h = NULL;
out:
    if (h)
        bf__xgb.booster_free(h);
    bf__xgb.dmatrix_free(dm);
    return err;
}

/* margins_xgb: xgboost's own margins of n rows of X through h. */
static bf_err margins_xgb(BoosterHandle h, const float *X, size_t n, float *out)
{
    DMatrixHandle dm = NULL;
    bst_ulong len = 0;
    const float *res = NULL;
    bf_err err = dmatrix(X, NULL, n, &dm);

    if (err)
        return err;
    /* Option 1: output the margin, not the probability. */
    XGB(bf__xgb.booster_predict(h, dm, 1, 0, 0, &len, &res));
    if (len != n) {
        err = BF_EINVAL;
        goto out;
    }
    memcpy(out, res, n * sizeof *out);
out:
    bf__xgb.dmatrix_free(dm);
    return err;
}

/*
 * booster gives m's booster in *out: a trained model's own (*owned 0), or
 * one loaded from a loaded model's file (*owned 1, for the caller to
 * free): only tests and a save of a loaded model ask for it.
 */
static bf_err booster(const bf_model *m, BoosterHandle *out, int *owned)
{
    *owned = 0;
    *out = m->h;
    if (m->h)
        return BF_OK;
    if (!m->json)
        return BF_EINVAL;
    if (bf__xgb_load() != BF_OK)
        return BF_ENOLIB;
    if (bf__xgb.booster_create(NULL, 0, out) != 0)
        return BF_ENOMEM;
    *owned = 1;
    if (bf__xgb.booster_load_model_from_buffer(*out, m->json,
                                               (bst_ulong)m->json_len) != 0 ||
        bf__xgb.booster_set_param(*out, "nthread", "1") != 0) {
        bf__xgb.booster_free(*out);
        *out = NULL;
        *owned = 0;
        return BF_ECORRUPT;
    }
    return BF_OK;
}

bf_err bf_model_margin_xgb(const bf_model *m, const float *X, size_t n,
                           float *out)
{
    BoosterHandle h = NULL;
    int owned = 0;
    bf_err err = booster(m, &h, &owned);

    if (!err)
        err = margins_xgb(h, X, n, out);
    if (owned)
        bf__xgb.booster_free(h);
    return err;
}

bf_err bf_model_contribs_xgb(const bf_model *m, const float *X, size_t n,
                             float *out)
{
    DMatrixHandle dm = NULL;
    BoosterHandle h = NULL;
    bst_ulong len = 0;
    const float *c = NULL;
    int owned = 0;
    bf_err err = booster(m, &h, &owned);

    if (!err)
        err = dmatrix(X, NULL, n, &dm);
    if (err)
        goto out;
    XGB(bf__xgb.booster_predict(h, dm, 4, 0, 0, &len, &c));
    if (len != (bst_ulong)n * (BF_FEAT__COUNT + 1)) {
        err = BF_EINVAL;
        goto out;
    }
    memcpy(out, c, (size_t)len * sizeof *out);
out:
    bf__xgb.dmatrix_free(dm);
    if (owned)
        bf__xgb.booster_free(h);
    return err;
}

void bf_model_contribs(const bf_model *m, const float *x, float *out)
{
    memset(out, 0, (BF_FEAT__COUNT + 1) * sizeof *out);
    bf__forest_contribs(&m->forest, x, out);
}

/*
 * platt: fits A, B of p = 1 / (1 + exp(A f + B)) to margins f and labels y
 * by Newton's method with backtracking, on the smoothed targets of Platt
 * (1999) as given by Lin, Lin and Weng (2007), "A note on Platt's
 * probabilistic outputs for support vector machines", Machine Learning 68.
 * Cost: O(n) per iteration, at most 100 iterations.
 */
static void platt(const double *f, const int *y, size_t n, double *out_a,
                  double *out_b)
{
    double prior1 = 0, prior0 = 0, hi, lo, a = 0, b, fval = 0;
    size_t i;
    int it;

    for (i = 0; i < n; i++) {
        if (y[i])
            prior1++;
        else
            prior0++;
    }
    hi = (prior1 + 1) / (prior1 + 2);
    lo = 1 / (prior0 + 2);
    b = log((prior0 + 1) / (prior1 + 1));
    for (i = 0; i < n; i++) {
        double t = y[i] ? hi : lo, fa = f[i] * a + b;

        fval += fa >= 0 ? t * fa + log1p(exp(-fa))
                        : (t - 1) * fa + log1p(exp(fa));
    }
    for (it = 0; it < 100; it++) {
        double h11 = 1e-12, h22 = 1e-12, h21 = 0, g1 = 0, g2 = 0, det, da, db,
               gd, step;

        for (i = 0; i < n; i++) {
            double t = y[i] ? hi : lo, fa = f[i] * a + b, p, q, d2, d1;

            if (fa >= 0) {
                p = exp(-fa) / (1 + exp(-fa));
                q = 1 / (1 + exp(-fa));
            } else {
                p = 1 / (1 + exp(fa));
                q = exp(fa) / (1 + exp(fa));
            }
            d2 = p * q;
            h11 += f[i] * f[i] * d2;
            h22 += d2;
            h21 += f[i] * d2;
            d1 = t - p;
            g1 += f[i] * d1;
            g2 += d1;
        }
        if (fabs(g1) < 1e-5 && fabs(g2) < 1e-5)
            break;
        det = h11 * h22 - h21 * h21;
        da = -(h22 * g1 - h21 * g2) / det;
        db = -(-h21 * g1 + h11 * g2) / det;
        gd = g1 * da + g2 * db;
        for (step = 1; step >= 1e-10; step /= 2) {
            double na = a + step * da, nb = b + step * db, nf = 0;

            for (i = 0; i < n; i++) {
                double t = y[i] ? hi : lo, fa = f[i] * na + nb;

                nf += fa >= 0 ? t * fa + log1p(exp(-fa))
                              : (t - 1) * fa + log1p(exp(fa));
            }
            if (nf < fval + 1e-4 * step * gd) {
                a = na;
                b = nb;
                fval = nf;
                break;
            }
        }
        if (step < 1e-10)
            break;
    }
    *out_a = a;
    *out_b = b;
}

/* subset: copies the rows of X, y whose fold is (in ? == : !=) k. */
static size_t subset(const float *X, const int *y, const int *fold, size_t n,
                     int k, int in, float *sx, int *sy)
{
    size_t i, m = 0;

    for (i = 0; i < n; i++) {
        if ((fold[i] == k) != in)
            continue;
        memcpy(sx + m * BF_FEAT__COUNT, X + i * BF_FEAT__COUNT,
               BF_FEAT__COUNT * sizeof *X);
        if (sy)
            sy[m] = y[i];
        m++;
    }
    return m;
}

/* set_num: writes a number attribute. */
static bf_err set_num(BoosterHandle h, const char *key, double v)
{
    char num[64];
    bf_err err = BF_OK;

    snprintf(num, sizeof num, "%.17g", v);
    XGB(bf__xgb.booster_set_attr(h, key, num));
out:
    return err;
}

/* set_attrs: writes the bonafide attributes into m's booster. */
static bf_err set_attrs(bf_model *m)
{
    bf_err err = set_num(m->h, "bf_features", BF_FEAT__COUNT);

    if (!err)
        err = set_num(m->h, "bf_platt_a", m->platt_a);
    if (!err)
        err = set_num(m->h, "bf_platt_b", m->platt_b);
    if (!err)
        err = set_num(m->h, "bf_platt_sparse_a", m->sparse_a);
    if (!err)
        err = set_num(m->h, "bf_platt_sparse_b", m->sparse_b);
    return err;
}

void bf_model_mask_row(float *x, int pattern)
{
    /* What every non-Twitter source lacks: likes given and lists. */
    static const bf_feat common[] = {
        BF_F_LIKES,           BF_F_LISTS,          BF_F_LIKES_PER_DAY,
        BF_F_LISTS_PER_DAY,   BF_F_LIKES_PER_POST, BF_F_HAS_LOCATION,
        BF_F_DEFAULT_PROFILE,
    };
    static const bf_feat table[] = {
        BF_F_DEFAULT_AVATAR,  BF_F_VERIFIED,      BF_F_HAS_BIO,
        BF_F_BIO_LEN,         BF_F_HAS_URL,       BF_F_HANDLE_LEN,
        BF_F_HANDLE_DIGITS,   BF_F_NAME_LEN,      BF_F_NAME_DIGITS,
        BF_F_NAME_HANDLE_SIM, BF_F_SELF_DECLARED, BF_F_HANDLE_TAIL_DIGITS,
    };
    size_t i;

    if (pattern < 0 || pattern >= BF_MODEL_MASKS)
        return;
    for (i = 0; i < sizeof common / sizeof common[0]; i++)
        x[common[i]] = NAN;
    if (pattern == 0)
        for (i = 0; i < sizeof table / sizeof table[0]; i++)
            x[table[i]] = NAN;
    else if (pattern == 1)
        x[BF_F_VERIFIED] = NAN;
    else
        x[BF_F_HAS_URL] = NAN;
}

/*
 * Features the trees are not given (NaN for training, so never split on):
 * the default theme and list membership.  Both changed with the platform's
 * eras (themes and lists were used far more around 2010 than later), so
 * they tell collections apart more than behaviours: left in, four of
 * five sets held out were ranked worse and the fifth the same
 * (docs/authenticity.md).
 */
static const bf_feat unused[] = {
    BF_F_DEFAULT_PROFILE,
    BF_F_LISTS,
    BF_F_LISTS_PER_DAY,
};

/* A training problem: rows, binary labels, weights, and their sets. */
typedef struct problem {
    const float *X;
    const int *y;   /* 0 or 1 */
    const float *w; /* row weights */
    const int *set; /* NULL: one set */
    size_t nsets, n;
} problem;

/*
 * oof_margins: the margins of every row of p from trees trained on the
 * other folds (k stratified folds, seeded).
 */
static bf_err oof_margins(const problem *p, const bf_train_opts *o, int k,
                          uint64_t seed, float *sx, int *sy, float *sw,
                          int *fold, double *out)
{
    size_t i, m;
    int f;
    bf_err err = folds(p->y, p->n, k, seed, fold);

    for (f = 0; !err && f < k; f++) {
        BoosterHandle h = NULL;
        float *mg;

        m = 0;
        for (i = 0; i < p->n; i++) {
            if (fold[i] == f)
                continue;
            memcpy(sx + m * BF_FEAT__COUNT, p->X + i * BF_FEAT__COUNT,
                   BF_FEAT__COUNT * sizeof *sx);
            sy[m] = p->y[i];
            sw[m] = p->w[i];
            m++;
        }
        err = booster_w(sx, sy, sw, m, o, &h);
        if (err)
            break;
        m = subset(p->X, p->y, fold, p->n, f, 1, sx, NULL);
        mg = sw;
        err = margins_xgb(h, sx, m, mg);
        bf__xgb.booster_free(h);
        for (i = 0, m = 0; !err && i < p->n; i++)
            if (fold[i] == f)
                out[i] = mg[m++];
    }
    return err;
}

/*
 * loso_margins: the margins of the rows of each set from trees trained on
 * the other sets; NaN for a set whose complement lacks a class.
 */
static bf_err loso_margins(const problem *p, const bf_train_opts *o, float *sx,
                           int *sy, float *sw, double *out, double *out_sparse)
{
    size_t g, i, m;
    bf_err err = BF_OK;

    for (i = 0; i < p->n; i++)
        out[i] = out_sparse[i] = NAN;
    for (g = 0; !err && g < p->nsets; g++) {
        BoosterHandle h = NULL;
        size_t pos = 0, rows = 0;

        m = 0;
        for (i = 0; i < p->n; i++) {
            if ((size_t)p->set[i] == g) {
                rows++;
                continue;
            }
            memcpy(sx + m * BF_FEAT__COUNT, p->X + i * BF_FEAT__COUNT,
                   BF_FEAT__COUNT * sizeof *sx);
            sy[m] = p->y[i];
            sw[m] = p->w[i];
            pos += p->y[i] != 0;
            m++;
        }
        if (rows == 0 || pos == 0 || pos == m)
            continue;
        err = booster_w(sx, sy, sw, m, o, &h);
        if (err)
            break;
        m = 0;
        for (i = 0; i < p->n; i++)
            if ((size_t)p->set[i] == g)
                memcpy(sx + m++ * BF_FEAT__COUNT, p->X + i * BF_FEAT__COUNT,
                       BF_FEAT__COUNT * sizeof *sx);
        err = margins_xgb(h, sx, m, sw);
        for (i = 0, m = 0; !err && i < p->n; i++)
            if ((size_t)p->set[i] == g)
                out[i] = sw[m++];
        /* The same rows as a table of counts would show them. */
        m = 0;
        for (i = 0; !err && i < p->n; i++) {
            float *x = sx + m * BF_FEAT__COUNT;

            if ((size_t)p->set[i] != g)
                continue;
            memcpy(x, p->X + i * BF_FEAT__COUNT, BF_FEAT__COUNT * sizeof *sx);
            bf_model_mask_row(x, 0);
            m++;
        }
        if (!err)
            err = margins_xgb(h, sx, m, sw);
        bf__xgb.booster_free(h);
        for (i = 0, m = 0; !err && i < p->n; i++)
            if ((size_t)p->set[i] == g)
                out_sparse[i] = sw[m++];
    }
    return err;
}

/* by_desc: doubles, largest first. */
static int by_desc(const void *a, const void *b)
{
    double x = *(const double *)a, z = *(const double *)b;

    return (x < z) - (x > z);
}

/*
 * cut: the lowest threshold at which at most share of the n genuine
 * probabilities g (sorted here) are at or above it.
 */
static double cut(double *g, size_t n, double share)
{
    size_t k = (size_t)floor(share * (double)n);

    if (n == 0 || k >= n)
        return 0;
    qsort(g, n, sizeof *g, by_desc);
    return nextafter(g[k], INFINITY);
}

/* A held-out probability with its row's class and weight (quant_cut). */
typedef struct scored {
    double p;
    int y;
    float w;
} scored;

static int scored_desc(const void *a, const void *b)
{
    double x = ((const scored *)a)->p, y = ((const scored *)b)->p;

    return (x < y) - (x > y);
}

/*
 * quant_cut chooses the threshold a quantifier counts with: the one that
 * maximises tpr - fpr over the held-out probabilities (Forman 2008,
 * "Quantifying counts and costs via classification", the "Max" policy).
 * Adjusted classify-and-count divides by tpr - fpr, so the widest gap
 * gives the steadiest estimate; the operating threshold, chosen so that
 * almost no genuine account is called fake, leaves the gap so narrow that
 * a count at it cannot be corrected.  Rates are weighted by the rows'
 * weights (every labelled set weighs the same), so they describe a set
 * rather than the largest one.  O(n log n).
 */
static bf_err quant_cut(const scored *in, size_t n, double *out_th,
                        double *out_tpr, double *out_fpr)
{
    scored *r = malloc((n ? n : 1) * sizeof *r);
    double wp = 0, wn = 0, tp = 0, fp = 0, best = -1;
    size_t i;

    if (!r)
        return BF_ENOMEM;
    memcpy(r, in, n * sizeof *r);
    qsort(r, n, sizeof *r, scored_desc);
    for (i = 0; i < n; i++) {
        if (r[i].y)
            wp += r[i].w;
        else
            wn += r[i].w;
    }
    *out_th = 1;
    *out_tpr = *out_fpr = 0;
    for (i = 0; wp > 0 && wn > 0 && i < n; i++) {
        if (r[i].y)
            tp += r[i].w;
        else
            fp += r[i].w;
        /* A cut falls only between two different probabilities. */
        if (i + 1 < n && r[i + 1].p == r[i].p)
            continue;
        if (tp / wp - fp / wn > best) {
            best = tp / wp - fp / wn;
            *out_th = r[i].p;
            *out_tpr = tp / wp;
            *out_fpr = fp / wn;
        }
    }
    free(r);
    return BF_OK;
}

/*
 * set_spread: the standard deviation, across the labelled sets, of the
 * true- and false-positive rates at cut th (each set's rates from its
 * held-out rows; sets without both classes are left out).  One audience
 * is one draw of a set, not the average of all rows: the spread is how far
 * its rates may lie from the pooled ones, which a binomial variance over
 * tens of thousands of rows does not say.  O(n + sets).
 */
static void set_spread(const scored *r, const int *set, size_t nsets, size_t n,
                       double th, double *out_tsd, double *out_fsd)
{
    double st = 0, st2 = 0, sf = 0, sf2 = 0;
    size_t g, i, k = 0;

    *out_tsd = *out_fsd = 0;
    for (g = 0; set && g < nsets; g++) {
        double pos = 0, neg = 0, tp = 0, fp = 0, t, f;

        for (i = 0; i < n; i++) {
            if ((size_t)set[i] != g)
                continue;
            if (r[i].y) {
                pos++;
                tp += r[i].p >= th;
            } else {
                neg++;
                fp += r[i].p >= th;
            }
        }
        if (pos < 1 || neg < 1)
            continue;
        t = tp / pos;
        f = fp / neg;
        st += t;
        st2 += t * t;
        sf += f;
        sf2 += f * f;
        k++;
    }
    if (k < 2)
        return;
    *out_tsd = sqrt(fmax(0, (st2 - st * st / (double)k) / (double)(k - 1)));
    *out_fsd = sqrt(fmax(0, (sf2 - sf * sf / (double)k) / (double)(k - 1)));
}

/* The quantifier's rates on one tier's rows (tier_quant). */
typedef struct tier_q {
    double tpr, fpr, tsd, fsd, pos, neg;
} tier_q;

/*
 * tier_quant: the weighted true- and false-positive rates at cut th over
 * the rows of r whose probability is known (not NaN) and whose mask[i]
 * is set, the rows they rest on, and their spread across the sets
 * (set_spread over the same rows).  sr and ss are scratch of n values.
 * O(n + sets).
 */
static void tier_quant(const scored *r, const int *set, size_t nsets, size_t n,
                       const unsigned char *mask, double th, scored *sr,
                       int *ss, tier_q *out)
{
    double wp = 0, wn = 0, tp = 0, fp = 0;
    size_t i, m = 0;

    memset(out, 0, sizeof *out);
    for (i = 0; i < n; i++) {
        if (!mask[i] || isnan(r[i].p))
            continue;
        sr[m] = r[i];
        if (set)
            ss[m] = set[i];
        m++;
        if (r[i].y) {
            wp += r[i].w;
            tp += r[i].p >= th ? r[i].w : 0;
            out->pos++;
        } else {
            wn += r[i].w;
            fp += r[i].p >= th ? r[i].w : 0;
            out->neg++;
        }
    }
    out->tpr = wp > 0 ? tp / wp : 0;
    out->fpr = wn > 0 ? fp / wn : 0;
    set_spread(sr, set ? ss : NULL, nsets, m, th, &out->tsd, &out->fsd);
}

/*
 * group_cut: cut() over the genuine rows of p whose probability prob is
 * known (not NaN), of set g (-1: every set) and tier t (-1: every tier).
 * With skip set, a group with fewer genuine rows than 1 / share (too few
 * for share of them to be one account) gives 0, and takes no part; else
 * it gives the cut above all of them.  gen is scratch of p->n values.
 */
static double group_cut(const problem *p, const double *prob, int g, int t,
                        double share, int skip, double *gen)
{
    size_t i, ng = 0;

    for (i = 0; i < p->n; i++) {
        const float *x = p->X + i * BF_FEAT__COUNT;

        if (p->y[i] || isnan(prob[i]) || (g >= 0 && p->set[i] != g) ||
            (t >= 0 && (int)bf_model_tier(x) != t))
            continue;
        gen[ng++] = prob[i];
    }
    if (skip && (double)ng * share < 1)
        return 0;
    return cut(gen, ng, share);
}

/*
 * set_tier_quant writes one tier's quantifier rates as the attributes
 * bf_quant_{tpr,fpr,tpr_sd,fpr_sd,pos,neg}_<tier>.
 */
static bf_err set_tier_quant(BoosterHandle h, const char *tier, const tier_q *q)
{
    static const char *const keys[] = { "tpr",    "fpr", "tpr_sd",
                                        "fpr_sd", "pos", "neg" };
    const double v[] = { q->tpr, q->fpr, q->tsd, q->fsd, q->pos, q->neg };
    char key[64];
    size_t i;
    bf_err err = BF_OK;

    for (i = 0; !err && i < sizeof keys / sizeof keys[0]; i++) {
        snprintf(key, sizeof key, "bf_quant_%s_%s", keys[i], tier);
        err = set_num(h, key, v[i]);
    }
    return err;
}

/*
 * stage: trains one calibrated stage on p into m (trees, Platt A and B,
 * operating threshold and held-out rates when rates is set); held (NULL:
 * not wanted) gets each row's calibrated probability from trees that did
 * not see it (another set's when there are sets, else out-of-fold).
 */
static bf_err stage(const problem *p, const bf_train_opts *o, int rates,
                    bf_model *m, double *held)
{
    size_t n = p->n ? p->n : 1, i, g, nm = 0;
    float *sx = malloc(n * BF_FEAT__COUNT * sizeof *sx);
    int *sy = malloc(n * sizeof *sy), *fold = malloc(n * sizeof *fold);
    float *sw = malloc(n * sizeof *sw);
    double *oof = malloc(n * sizeof *oof), *lo = malloc(n * sizeof *lo);
    double *los = malloc(n * sizeof *los), *hls = malloc(n * sizeof *hls);
    double *pm = malloc(2 * n * sizeof *pm), *gen = malloc(n * sizeof *gen);
    double *hoof = malloc(n * sizeof *hoof), *hlo = malloc(n * sizeof *hlo);
    double tth[BF_TIER__COUNT];
    int *py = malloc(2 * n * sizeof *py);
    int kf = o->calib_folds < 2 ? 2 : o->calib_folds, e, t;
    double th = BF_MODEL_THRESHOLD, tp = 0, fp = 0, np = 0, nn = 0;
    double qth = 1, qtpr = 0, qfpr = 0, qtsd = 0, qfsd = 0;
    tier_q tq[BF_TIER__COUNT];
    scored *sc = malloc(n * sizeof *sc), *sr = malloc(n * sizeof *sr);
    scored *sp = malloc(n * sizeof *sp);
    int *ss = malloc(n * sizeof *ss);
    unsigned char *tmask = calloc(n, 1);
    bf_err err = BF_OK;

    if (!sx || !sy || !fold || !sw || !oof || !lo || !pm || !gen || !py ||
        !sc || !hoof || !hlo || !los || !hls || !sr || !ss || !tmask || !sp) {
        err = BF_ENOMEM;
        goto out;
    }
    err = oof_margins(p, o, kf, o->seed ^ 0x5bd1e995u, sx, sy, sw, fold, oof);
    if (!err && p->set && p->nsets > 1)
        err = loso_margins(p, o, sx, sy, sw, lo, los);
    else
        for (i = 0; i < p->n; i++)
            lo[i] = los[i] = NAN;
    if (err)
        goto out;
    /*
     * Platt on every held-out margin, out-of-fold and other-set: once for
     * rows with a known bio, once for rows without (a table of counts, or
     * masked so): trees that see less are less sure, and one threshold
     * must mean the same error rate for both.
     */
    for (e = -1; e < 2; e++) {
        size_t pos = 0;

        nm = 0;
        for (i = 0; i < p->n; i++) {
            if (e >= 0 &&
                isnan(p->X[i * BF_FEAT__COUNT + BF_F_HAS_BIO]) != (e == 1))
                continue;
            pm[nm] = oof[i];
            py[nm++] = p->y[i];
            pos += p->y[i] != 0;
            if (!isnan(lo[i])) {
                pm[nm] = lo[i];
                py[nm++] = p->y[i];
            }
        }
        /* Every row first; a group with enough of both classes then
         * gets its own map. */
        if (e < 0) {
            platt(pm, py, nm, &m->platt_a, &m->platt_b);
            m->sparse_a = m->platt_a;
            m->sparse_b = m->platt_b;
        } else if (pos >= 10 && nm - pos >= 10) {
            platt(pm, py, nm, e ? &m->sparse_a : &m->platt_a,
                  e ? &m->sparse_b : &m->platt_b);
        }
    }
    if (rates) {
        /*
         * The threshold holds on the out-of-fold rows and on each set,
         * with a margin for a set never seen (BF_MODEL_TARGET_MARGIN).
         */
        double share = o->target_fpr * BF_MODEL_TARGET_MARGIN;

        for (i = 0; i < p->n; i++) {
            const float *x = p->X + i * BF_FEAT__COUNT;

            hoof[i] =
                    bf_model_declared(bf_model_calibrate_row(m, oof[i], x), x);
            hlo[i] = isnan(lo[i])
                             ? NAN
                             : bf_model_declared(
                                       bf_model_calibrate_row(m, lo[i], x), x);
            /* Masked as a table, the row takes the sparse map and says
             * nothing of itself. */
            hls[i] = isnan(los[i]) ? NAN
                                   : 1.0 / (1.0 + exp(m->sparse_a * los[i] +
                                                      m->sparse_b));
        }
        th = fmax(th, group_cut(p, hoof, -1, -1, share, 0, gen));
        for (g = 0; p->set && g < p->nsets; g++)
            th = fmax(th, group_cut(p, hlo, (int)g, -1, share, 0, gen));
        /* Then each tier alone, on the sets with enough of its rows. */
        for (t = 0; t < BF_TIER__COUNT; t++) {
            double c = group_cut(p, hoof, -1, t, share, 1, gen);

            for (g = 0; p->set && g < p->nsets; g++)
                c = fmax(c,
                         t == BF_TIER_SPARSE
                                 ? group_cut(p, hls, (int)g, -1, share, 1, gen)
                                 : group_cut(p, hlo, (int)g, t, share, 1, gen));
            tth[t] = c > 0 ? fmax(c, BF_MODEL_THRESHOLD) : th;
        }
        /*
         * A row that shows less is never called on less: masked rows of
         * full profiles stand for a table of counts less well than a real
         * one (the honeypot, held out, went over the target at the
         * sparse cut alone: docs/authenticity.md).
         */
        tth[BF_TIER_SPARSE] = fmax(tth[BF_TIER_SPARSE], tth[BF_TIER_FULL]);
        /* Rates on rows of sets never seen when there are such. */
        for (i = 0; i < p->n; i++) {
            const float *x = p->X + i * BF_FEAT__COUNT;
            double hp = isnan(hlo[i]) ? hoof[i] : hlo[i];
            int call = hp >= tth[bf_model_tier(x)];

            sc[i].p = hp;
            sc[i].y = p->y[i] != 0;
            sc[i].w = p->w ? p->w[i] : 1.0f;
            if (p->y[i]) {
                np++;
                tp += call;
            } else {
                nn++;
                fp += call;
            }
        }
        err = quant_cut(sc, p->n, &qth, &qtpr, &qfpr);
        if (err)
            goto out;
        set_spread(sc, p->set, p->nsets, p->n, qth, &qtsd, &qfsd);
        /*
         * The same cut on each tier alone: rows of a table of counts are
         * flagged at other rates than full profiles, and an audience of
         * them is corrected with their own (score/quantify.h).  The full
         * tier on the held-out rows with a known bio; the sparse tier,
         * like its threshold, on every set's rows masked as a table, so
         * that each set weighs in it as in the others, else (one set) on
         * the held-out rows without a bio.
         */
        for (i = 0; i < p->n; i++)
            tmask[i] = bf_model_tier(p->X + i * BF_FEAT__COUNT) == BF_TIER_FULL;
        tier_quant(sc, p->set, p->nsets, p->n, tmask, qth, sr, ss,
                   &tq[BF_TIER_FULL]);
        if (p->set && p->nsets > 1) {
            for (i = 0; i < p->n; i++) {
                sp[i] = sc[i];
                sp[i].p = hls[i]; /* NaN rows take no part */
                tmask[i] = 1;
            }
            tier_quant(sp, p->set, p->nsets, p->n, tmask, qth, sr, ss,
                       &tq[BF_TIER_SPARSE]);
        } else {
            for (i = 0; i < p->n; i++)
                tmask[i] = !tmask[i];
            tier_quant(sc, p->set, p->nsets, p->n, tmask, qth, sr, ss,
                       &tq[BF_TIER_SPARSE]);
        }
    }

    for (i = 0; held && i < p->n; i++) {
        const float *x = p->X + i * BF_FEAT__COUNT;

        held[i] = bf_model_declared(
                bf_model_calibrate_row(m, isnan(lo[i]) ? oof[i] : lo[i], x), x);
    }
    err = booster_w(p->X, p->y, p->w, p->n, o, &m->h);
    if (!err)
        err = set_attrs(m);
    if (!err && rates) {
        m->threshold = th;
        err = set_num(m->h, "bf_threshold", th);
        for (t = 0; !err && t < BF_TIER__COUNT; t++) {
            char key[64];

            snprintf(key, sizeof key, "bf_threshold_%s", bf_tier_key(t));
            m->tier_th[t] = tth[t];
            err = set_num(m->h, key, tth[t]);
        }
        if (!err)
            err = set_num(m->h, "bf_tpr", np > 0 ? tp / np : 0);
        if (!err)
            err = set_num(m->h, "bf_fpr", nn > 0 ? fp / nn : 0);
        if (!err)
            err = set_num(m->h, "bf_heldout_pos", np);
        if (!err)
            err = set_num(m->h, "bf_heldout_neg", nn);
        if (!err)
            err = set_num(m->h, "bf_quant_threshold", qth);
        if (!err)
            err = set_num(m->h, "bf_quant_tpr", qtpr);
        if (!err)
            err = set_num(m->h, "bf_quant_fpr", qfpr);
        if (!err)
            err = set_num(m->h, "bf_quant_tpr_sd", qtsd);
        if (!err)
            err = set_num(m->h, "bf_quant_fpr_sd", qfsd);
        for (t = 0; !err && t < BF_TIER__COUNT; t++)
            err = set_tier_quant(m->h, bf_tier_key((bf_tier)t), &tq[t]);
    }
    if (!err)
        err = flatten(m);
out:
    free(sx);
    free(sy);
    free(fold);
    free(sw);
    free(oof);
    free(lo);
    free(pm);
    free(gen);
    free(hoof);
    free(hlo);
    free(los);
    free(hls);
    free(py);
    free(sc);
    free(sr);
    free(sp);
    free(ss);
    free(tmask);
    return err;
}

/*
 * weights: every set weighs the same in total (n / sets present), each
 * row of a set an equal part of it.
 */
static void weights(const int *set, size_t nsets, const int *keep, size_t n,
                    float *w)
{
    size_t cnt[BF_DATASET_SETS_MAX] = { 0 }, i, present = 0, kept = 0;

    for (i = 0; i < n; i++)
        if (keep[i]) {
            cnt[set ? set[i] : 0]++;
            kept++;
        }
    for (i = 0; i < (set ? nsets : 1); i++)
        present += cnt[i] > 0;
    for (i = 0; i < n; i++)
        w[i] = keep[i] ? (float)((double)kept / ((double)present *
                                                 (double)cnt[set ? set[i] : 0]))
                       : 0.0f;
}

/*
 * kind_rates: how the model's kinds did on rows its trees had not seen,
 * as counts of (true kind, kind called) in the attribute "bf_kind_rates":
 * "n_real n_fake n_spam" then the nine counts, row by row.  A row is
 * called real below the threshold (h1, stage 1's held-out probability),
 * else spam when stage 2's probability is at least 0.5: held out for
 * fake and bot rows (h2, in their order), and for genuine rows from the
 * final stage 2, which never trains on them.
 */
static bf_err kind_rates(bf_model *m, const float *X, const int *y, size_t n,
                         const double *h1, const double *h2)
{
    size_t cnt[BF_KIND__COUNT][BF_KIND__COUNT] = { { 0 } }, i, j = 0;
    char buf[512];
    size_t len = 0;
    int t, k;
    bf_err err = BF_OK;

    for (i = 0; i < n; i++) {
        const float *x = X + i * BF_FEAT__COUNT;
        double q;

        t = y[i] == BF_LABEL_BOT    ? BF_KIND_SPAM
            : y[i] == BF_LABEL_FAKE ? BF_KIND_FAKE_FOLLOWER
                                    : BF_KIND_REAL;
        if (x[BF_F_SELF_DECLARED] == 1.0f)
            q = 1;
        else if (h2 && y[i])
            q = h2[j];
        else if (m->kind)
            q = bf_model_calibrate_row(m->kind, bf_model_margin(m->kind, x), x);
        else {
            bf_features f;

            memcpy(f.v, x, sizeof f.v);
            q = bf_model_class(&f, 1.0) == BF_CLASS_SPAM_BOT;
        }
        j += y[i] != 0;
        k = h1[i] < bf_model_threshold_row(m, x) ? BF_KIND_REAL
            : q >= 0.5                           ? BF_KIND_SPAM
                                                 : BF_KIND_FAKE_FOLLOWER;
        cnt[t][k]++;
    }
    for (t = 0; t < BF_KIND__COUNT; t++)
        len += (size_t)snprintf(buf + len, sizeof buf - len, "%zu ",
                                cnt[t][0] + cnt[t][1] + cnt[t][2]);
    for (t = 0; t < BF_KIND__COUNT; t++)
        for (k = 0; k < BF_KIND__COUNT; k++)
            len += (size_t)snprintf(buf + len, sizeof buf - len, "%s%zu",
                                    t + k ? " " : "", cnt[t][k]);
    XGB(bf__xgb.booster_set_attr(m->h, "bf_kind_rates", buf));
out:
    return err;
}

bf_err bf_model_get_kind_rates(const bf_model *m, bf_model_kind_rates *out)
{
    const char *s = NULL;
    double v[3 + BF_KIND__COUNT * BF_KIND__COUNT];
    int t, k;
    size_t i;

    for (t = 0; t < BF_KIND__COUNT; t++) {
        out->n[t] = 0;
        for (k = 0; k < BF_KIND__COUNT; k++)
            out->rate[t][k] = -1;
    }
    if (!(s = attr_str(m, "bf_kind_rates")))
        return BF_ENOTFOUND;
    for (i = 0; i < sizeof v / sizeof v[0]; i++) {
        char *end;

        v[i] = strtod(s, &end);
        if (end == s || !(v[i] >= 0 && v[i] < 4e9))
            return BF_ECORRUPT;
        s = end;
    }
    for (t = 0; t < BF_KIND__COUNT; t++) {
        out->n[t] = (uint32_t)v[t];
        for (k = 0; k < BF_KIND__COUNT && v[t] > 0; k++)
            out->rate[t][k] = v[3 + t * BF_KIND__COUNT + k] / v[t];
    }
    return BF_OK;
}

/* attach_kind: stores the second stage's model file in m's attributes. */
static bf_err attach_kind(bf_model *m)
{
    const char *buf = NULL;
    bst_ulong len = 0;
    char *copy = NULL;
    bf_err err = BF_OK;

    XGB(bf__xgb.booster_save_model_to_buffer(
            m->kind->h, "{\"format\": \"json\"}", &len, &buf));
    copy = malloc((size_t)len + 1);
    if (!copy) {
        err = BF_ENOMEM;
        goto out;
    }
    memcpy(copy, buf, (size_t)len);
    copy[len] = '\0';
    XGB(bf__xgb.booster_set_attr(m->h, "bf_kind_model", copy));
out:
    free(copy);
    return err;
}

bf_err bf_model_train_sets(const float *X, const int *y, const int *set,
                           size_t nsets, size_t n, const bf_train_opts *o,
                           bf_model **out)
{
    size_t nn = n ? n : 1, i, pos = 0, spam = 0, m2 = 0;
    bf_model *m = calloc(1, sizeof *m);
    float *xm = malloc(nn * BF_FEAT__COUNT * sizeof *xm);
    float *w = malloc(nn * sizeof *w), *x2 = NULL, *w2 = NULL;
    double *h1 = malloc(nn * sizeof *h1), *h2 = malloc(nn * sizeof *h2);
    int *yb = malloc(nn * sizeof *yb), *keep = malloc(nn * sizeof *keep);
    int *y2 = NULL, *s2 = NULL;
    uint64_t rs = o->seed ^ 0x9e3779b97f4a7c15ull;
    problem p;
    bf_err err = BF_OK;

    if (!m || !xm || !w || !yb || !keep || !h1 || !h2) {
        err = BF_ENOMEM;
        goto out;
    }
    for (i = 0; i < n; i++) {
        pos += y[i] != 0;
        spam += y[i] == BF_LABEL_BOT;
        if (set && (set[i] < 0 || (size_t)set[i] >= nsets ||
                    nsets > BF_DATASET_SETS_MAX))
            err = BF_EINVAL;
    }
    if (err || pos == 0 || pos == n || o->rounds < 1 || o->max_depth < 1 ||
        o->max_depth > MAX_DEPTH) {
        err = BF_EINVAL;
        goto out;
    }
    /* Masking: a seeded share of the rows lose what other sources lack. */
    memcpy(xm, X, n * BF_FEAT__COUNT * sizeof *xm);
    /* Fields that name an era of the platform, not a behaviour. */
    for (i = 0; i < n; i++) {
        size_t k;

        for (k = 0; k < sizeof unused / sizeof unused[0]; k++)
            xm[i * BF_FEAT__COUNT + unused[k]] = NAN;
    }
    for (i = 0; i < n; i++) {
        uint64_t r = splitmix64(&rs);

        if ((double)(r >> 11) * 0x1.0p-53 < o->mask_share)
            bf_model_mask_row(xm + i * BF_FEAT__COUNT,
                              (int)((r & 0xff) % BF_MODEL_MASKS));
        yb[i] = y[i] != 0;
        keep[i] = 1;
    }
    weights(set, nsets, keep, n, w);
    p.X = xm;
    p.y = yb;
    p.w = w;
    p.set = set;
    p.nsets = set ? nsets : 1;
    p.n = n;
    err = stage(&p, o, 1, m, h1);
    if (err)
        goto out;
    /* The second stage, among the fake or automated rows. */
    if (spam >= 10 && pos - spam >= 10) {
        bf_train_opts o2 = *o;

        x2 = malloc(pos * BF_FEAT__COUNT * sizeof *x2);
        w2 = malloc(pos * sizeof *w2);
        y2 = malloc(pos * sizeof *y2);
        s2 = malloc(pos * sizeof *s2);
        m->kind = calloc(1, sizeof *m->kind);
        if (!x2 || !w2 || !y2 || !s2 || !m->kind) {
            err = BF_ENOMEM;
            goto out;
        }
        for (i = 0; i < n; i++) {
            if (!y[i])
                continue;
            memcpy(x2 + m2 * BF_FEAT__COUNT, xm + i * BF_FEAT__COUNT,
                   BF_FEAT__COUNT * sizeof *x2);
            y2[m2] = y[i] == BF_LABEL_BOT;
            s2[m2] = set ? set[i] : 0;
            keep[m2] = 1;
            m2++;
        }
        weights(set ? s2 : NULL, nsets, keep, m2, w2);
        p.X = x2;
        p.y = y2;
        p.w = w2;
        p.set = NULL;
        p.nsets = 1;
        p.n = m2;
        o2.rounds = o->rounds / 2 > 0 ? o->rounds / 2 : 1;
        err = stage(&p, &o2, 0, m->kind, h2);
        if (!err)
            err = attach_kind(m);
        if (err)
            goto out;
    }
    err = kind_rates(m, xm, y, n, h1, m->kind ? h2 : NULL);
    if (err)
        goto out;
    if (o->provenance) {
        XGB(bf__xgb.booster_set_attr(m->h, "bf_provenance", o->provenance));
        m->provenance = malloc(strlen(o->provenance) + 1);
        if (!m->provenance) {
            err = BF_ENOMEM;
            goto out;
        }
        memcpy(m->provenance, o->provenance, strlen(o->provenance) + 1);
    }
    *out = m;
    m = NULL;
out:
    bf_model_free(m);
    free(h1);
    free(h2);
    free(xm);
    free(w);
    free(yb);
    free(keep);
    free(x2);
    free(w2);
    free(y2);
    free(s2);
    return err;
}

bf_err bf_model_train(const float *X, const int *y, size_t n,
                      const bf_train_opts *o, bf_model **out)
{
    return bf_model_train_sets(X, y, NULL, 0, n, o, out);
}

bf_err bf_model_cv(const float *X, const int *y, size_t n, int k,
                   const bf_train_opts *o, double *prob)
{
    return bf_model_cv_sets(X, y, NULL, 0, n, k, o, prob, NULL);
}

/*
 * train_apart trains on the rows whose group is not g, copied into sx, sy
 * and ss (n rows each).
 */
static bf_err train_apart(const float *X, const int *y, const int *set,
                          size_t nsets, size_t n, const int *group, int g,
                          const bf_train_opts *o, float *sx, int *sy, int *ss,
                          bf_model **out)
{
    size_t i, mt = 0;

    for (i = 0; i < n; i++) {
        if (group[i] == g)
            continue;
        memcpy(sx + mt * BF_FEAT__COUNT, X + i * BF_FEAT__COUNT,
               BF_FEAT__COUNT * sizeof *sx);
        sy[mt] = y[i];
        ss[mt] = set ? set[i] : 0;
        mt++;
    }
    return bf_model_train_sets(sx, sy, set ? ss : NULL, nsets, mt, o, out);
}

bf_err bf_model_train_without(const float *X, const int *y, const int *set,
                              size_t nsets, size_t n, int g,
                              const bf_train_opts *o, bf_model **out)
{
    float *sx = malloc((n ? n : 1) * BF_FEAT__COUNT * sizeof *sx);
    int *sy = malloc((n ? n : 1) * sizeof *sy);
    int *ss = malloc((n ? n : 1) * sizeof *ss);
    bf_err err = BF_ENOMEM;

    *out = NULL;
    if (sx && sy && ss)
        err = train_apart(X, y, set, nsets, n, set, g, o, sx, sy, ss, out);
    free(sx);
    free(sy);
    free(ss);
    return err;
}

/* heldout: trains on the rows whose group is not g, predicts the others. */
static bf_err heldout(const float *X, const int *y, const int *set,
                      size_t nsets, size_t n, const int *group, int g,
                      const bf_train_opts *o, float *sx, int *sy, int *ss,
                      double *prob, int *pred, double *th)
{
    bf_model *m = NULL;
    size_t i;
    bf_err err;

    err = train_apart(X, y, set, nsets, n, group, g, o, sx, sy, ss, &m);
    if (err)
        return err;
    for (i = 0; i < n; i++) {
        if (group[i] != g)
            continue;
        prob[i] = bf_model_prob(m, X + i * BF_FEAT__COUNT);
        if (pred)
            pred[i] = prob[i] >=
                      bf_model_threshold_row(m, X + i * BF_FEAT__COUNT);
    }
    for (i = 0; th && i < BF_TIER__COUNT; i++)
        th[i] = bf_model_tier_threshold(m, (bf_tier)i);
    bf_model_free(m);
    return BF_OK;
}

bf_err bf_model_cv_sets(const float *X, const int *y, const int *set,
                        size_t nsets, size_t n, int k, const bf_train_opts *o,
                        double *prob, int *pred)
{
    int *fold = malloc((n ? n : 1) * sizeof *fold);
    float *sx = malloc((n ? n : 1) * BF_FEAT__COUNT * sizeof *sx);
    int *sy = malloc((n ? n : 1) * sizeof *sy);
    int *ss = malloc((n ? n : 1) * sizeof *ss);
    int *yb = malloc((n ? n : 1) * sizeof *yb);
    size_t i;
    int f;
    bf_err err = BF_OK;

    if (!fold || !sx || !sy || !ss || !yb) {
        err = BF_ENOMEM;
        goto out;
    }
    if (k < 2 || (size_t)k > n) {
        err = BF_EINVAL;
        goto out;
    }
    for (i = 0; i < n; i++)
        yb[i] = y[i] != 0;
    err = folds(yb, n, k, o->seed, fold);
    for (f = 0; !err && f < k; f++)
        err = heldout(X, y, set, nsets, n, fold, f, o, sx, sy, ss, prob, pred,
                      NULL);
out:
    free(fold);
    free(sx);
    free(sy);
    free(ss);
    free(yb);
    return err;
}

bf_err bf_model_loso(const float *X, const int *y, const int *set, size_t nsets,
                     size_t n, const bf_train_opts *o, double *prob, int *pred,
                     double *th)
{
    float *sx = malloc((n ? n : 1) * BF_FEAT__COUNT * sizeof *sx);
    int *sy = malloc((n ? n : 1) * sizeof *sy);
    int *ss = malloc((n ? n : 1) * sizeof *ss);
    size_t g;
    bf_err err = BF_OK;

    if (!sx || !sy || !ss) {
        err = BF_ENOMEM;
        goto out;
    }
    for (g = 0; !err && g < nsets; g++)
        err = heldout(X, y, set, nsets, n, set, (int)g, o, sx, sy, ss, prob,
                      pred, th ? th + g * BF_TIER__COUNT : NULL);
out:
    free(sx);
    free(sy);
    free(ss);
    return err;
}

/* ---- files ---- */

bf_err bf_model_save(const bf_model *m, const char *path)
{
    char tmp[4096];
    const char *buf = NULL;
    bst_ulong len = 0;
    FILE *fp = NULL;
    bf_err err = BF_OK;

    if ((size_t)snprintf(tmp, sizeof tmp, "%s.tmp", path) >= sizeof tmp)
        return BF_EINVAL;
    /* A loaded model writes the file it was read from. */
    if (m->h) {
        XGB(bf__xgb.booster_save_model_to_buffer(m->h, "{\"format\": \"json\"}",
                                                 &len, &buf));
    } else if (m->json) {
        buf = m->json;
        len = (bst_ulong)m->json_len;
        while (len > 0 && buf[len - 1] == '\n')
            len--;
    } else {
        return BF_EINVAL;
    }
    fp = fopen(tmp, "wb");
    if (!fp) {
        err = BF_EIO;
        goto out;
    }
    if (fwrite(buf, 1, (size_t)len, fp) != (size_t)len ||
        fputc('\n', fp) == EOF)
        err = BF_EIO;
    if (fclose(fp) != 0)
        err = BF_EIO;
    fp = NULL;
    if (!err && rename(tmp, path) != 0)
        err = BF_EIO;
    if (err)
        remove(tmp);
out:
    return err;
}

/*
 * read_json reads model file text (len bytes) into m: its trees, flat,
 * and its calibration (the Platt maps of rows with and without a bio).
 */
static bf_err read_json(bf_model *m, const char *text, size_t len)
{
    bf_err err =
            bf__forest_parse(text, len, BF_FEAT__COUNT, MAX_DEPTH, &m->forest);

    if (!err)
        err = attr_double(m, "bf_platt_a", &m->platt_a);
    if (!err)
        err = attr_double(m, "bf_platt_b", &m->platt_b);
    if (!err && (attr_double(m, "bf_platt_sparse_a", &m->sparse_a) ||
                 attr_double(m, "bf_platt_sparse_b", &m->sparse_b))) {
        m->sparse_a = m->platt_a;
        m->sparse_b = m->platt_b;
    }
    /* Finite maps over finite margins give a probability in [0, 1]. */
    if (!err && !(isfinite(m->platt_a) && isfinite(m->platt_b) &&
                  isfinite(m->sparse_a) && isfinite(m->sparse_b)))
        err = BF_ECORRUPT;
    if (!err)
        err = flatten(m);
    return err;
}

/*
 * load_extras reads the optional attributes of m: its provenance and its
 * second stage (a whole model file kept as the "bf_kind_model" string).
 */
static bf_err load_extras(bf_model *m)
{
    const char *s = attr_str(m, "bf_provenance");
    bf_model *k = NULL;

    if (s) {
        m->provenance = malloc(strlen(s) + 1);
        if (!m->provenance)
            return BF_ENOMEM;
        memcpy(m->provenance, s, strlen(s) + 1);
    }
    s = attr_str(m, "bf_kind_model");
    if (!s)
        return BF_OK;
    k = calloc(1, sizeof *k);
    if (!k)
        return BF_ENOMEM;
    if (read_json(k, s, strlen(s)) != BF_OK) {
        bf_model_free(k);
        return BF_ECORRUPT;
    }
    m->kind = k;
    return BF_OK;
}

bf_err bf_model_load(const char *path, bf_model **out)
{
    bf_model *m = calloc(1, sizeof *m);
    FILE *fp = fopen(path, "rb");
    char *buf = NULL;
    size_t len = 0, cap = 0;
    double nfeat = 0;
    int t;
    bf_err err = BF_OK;

    if (!m) {
        err = BF_ENOMEM;
        goto out;
    }
    if (!fp) {
        err = errno == ENOENT ? BF_ENOTFOUND : BF_EIO;
        goto out;
    }
    for (;;) {
        size_t got;

        if (len == cap) {
            char *nb;

            if (cap >= MODEL_FILE_MAX) {
                err = BF_ELIMIT;
                goto out;
            }
            cap = cap ? 2 * cap : 65536;
            nb = realloc(buf, cap);
            if (!nb) {
                err = BF_ENOMEM;
                goto out;
            }
            buf = nb;
        }
        got = fread(buf + len, 1, cap - len, fp);
        len += got;
        if (got == 0)
            break;
    }
    if (ferror(fp) || len == 0 || buf[0] != '{') {
        err = ferror(fp) ? BF_EIO : BF_ECORRUPT;
        goto out;
    }
    /* The file is kept for xgboost, which only tests and a save ask for. */
    m->json = buf;
    m->json_len = len;
    buf = NULL;
    err = read_json(m, m->json, m->json_len);
    if (!err)
        err = attr_double(m, "bf_features", &nfeat);
    if (!err && nfeat != BF_FEAT__COUNT)
        err = BF_ECORRUPT;
    if (!err && attr_double(m, "bf_threshold", &m->threshold) != BF_OK)
        m->threshold = 0;
    /* A file without tier thresholds (an older one) uses the single one
     * for every row. */
    for (t = 0; !err && t < BF_TIER__COUNT; t++) {
        char key[64];

        snprintf(key, sizeof key, "bf_threshold_%s", bf_tier_key(t));
        if (attr_double(m, key, &m->tier_th[t]) != BF_OK ||
            !(m->tier_th[t] > 0 && m->tier_th[t] <= 1))
            m->tier_th[t] = 0;
    }
    if (!err)
        err = load_extras(m);
    if (!err) {
        *out = m;
        m = NULL;
    }
out:
    if (fp)
        fclose(fp);
    free(buf);
    bf_model_free(m);
    return err;
}

bf_err bf_model_get_rates(const bf_model *m, bf_model_rates *out)
{
    double th = BF_MODEL_THRESHOLD, tpr = -1, fpr = -1, pos = 0, neg = 0;
    bf_err err;

    err = attr_double(m, "bf_tpr", &tpr);
    if (!err)
        err = attr_double(m, "bf_fpr", &fpr);
    if (!err)
        err = attr_double(m, "bf_heldout_pos", &pos);
    if (!err)
        err = attr_double(m, "bf_heldout_neg", &neg);
    if (!err && attr_double(m, "bf_threshold", &th) != BF_OK)
        th = BF_MODEL_THRESHOLD;
    if (err || !(tpr >= 0 && tpr <= 1) || !(fpr >= 0 && fpr <= 1) ||
        !(pos >= 1 && pos < 4e9) || !(neg >= 1 && neg < 4e9)) {
        tpr = fpr = -1;
        pos = neg = 0;
        err = BF_ENOTFOUND;
    }
    out->threshold = th;
    out->tpr = tpr;
    out->fpr = fpr;
    out->tpr_sd = out->fpr_sd = 0;
    out->n_pos = (uint32_t)pos;
    out->n_neg = (uint32_t)neg;
    return err;
}

/*
 * spread_rows: the rows whose binomial variance r (1 - r) / rows equals
 * the spread sd of rate r across the held-out sets, at most n and at
 * least 1; n when the spread is unknown.
 */
static uint32_t spread_rows(uint32_t n, double r, double sd)
{
    if (!(sd > 0))
        return n;
    return (uint32_t)fmax(1, fmin(n, r * (1 - r) / (sd * sd)));
}

bf_err bf_model_get_quant_rates(const bf_model *m, bf_model_rates *out)
{
    double qt, qp, qf;
    bf_err err = bf_model_get_rates(m, out);

    if (err)
        return err;
    /* The quantifier's own cut, where training chose one (quant_cut). */
    if (attr_double(m, "bf_quant_threshold", &qt) == BF_OK &&
        attr_double(m, "bf_quant_tpr", &qp) == BF_OK &&
        attr_double(m, "bf_quant_fpr", &qf) == BF_OK && qp >= 0 && qp <= 1 &&
        qf >= 0 && qf <= 1) {
        double sd;

        out->threshold = qt;
        out->tpr = qp;
        out->fpr = qf;
        /* The spread of the rates across sets, as the number of rows
         * whose binomial variance it equals: r (1 - r) / sd^2. */
        if (attr_double(m, "bf_quant_tpr_sd", &sd) == BF_OK && sd > 0) {
            out->n_pos = spread_rows(out->n_pos, qp, sd);
            out->tpr_sd = sd;
        }
        if (attr_double(m, "bf_quant_fpr_sd", &sd) == BF_OK && sd > 0) {
            out->n_neg = spread_rows(out->n_neg, qf, sd);
            out->fpr_sd = sd;
        }
    }
    return BF_OK;
}

/*
 * tier_quant_rates reads the quantifier's rates of tier key into out (its
 * threshold already set): BF_ENOTFOUND when one is missing or out of
 * range.
 */
static bf_err tier_quant_rates(const bf_model *m, const char *tier,
                               bf_model_rates *out)
{
    static const char *const keys[] = { "tpr",    "fpr", "tpr_sd",
                                        "fpr_sd", "pos", "neg" };
    double v[6];
    char key[64];
    size_t i;

    for (i = 0; i < sizeof keys / sizeof keys[0]; i++) {
        snprintf(key, sizeof key, "bf_quant_%s_%s", keys[i], tier);
        if (attr_double(m, key, &v[i]) != BF_OK)
            return BF_ENOTFOUND;
    }
    if (!(v[0] >= 0 && v[0] <= 1) || !(v[1] >= 0 && v[1] <= 1) ||
        !(v[2] >= 0) || !(v[3] >= 0) || !(v[4] >= 1 && v[4] < 4e9) ||
        !(v[5] >= 1 && v[5] < 4e9))
        return BF_ENOTFOUND;
    out->tpr = v[0];
    out->fpr = v[1];
    out->tpr_sd = v[2];
    out->fpr_sd = v[3];
    out->n_pos = spread_rows((uint32_t)v[4], v[0], v[2]);
    out->n_neg = spread_rows((uint32_t)v[5], v[1], v[3]);
    return BF_OK;
}

bf_err bf_model_get_quant_tier_rates(const bf_model *m,
                                     bf_model_rates out[BF_TIER__COUNT],
                                     int *out_tiered)
{
    bf_model_rates one, tr[BF_TIER__COUNT];
    double qt;
    int t, tiered = 1;
    bf_err err = bf_model_get_quant_rates(m, &one);

    for (t = 0; t < BF_TIER__COUNT; t++)
        out[t] = one;
    *out_tiered = 0;
    if (err)
        return err;
    /*
     * Only at the quantifier's own cut: rates recorded there mean
     * nothing at another threshold (a file whose cut was taken out
     * counts with its pooled rates).
     */
    if (attr_double(m, "bf_quant_threshold", &qt) != BF_OK ||
        qt != one.threshold)
        return BF_OK;
    for (t = 0; t < BF_TIER__COUNT && tiered; t++) {
        tr[t] = one;
        tiered = tier_quant_rates(m, bf_tier_key((bf_tier)t), &tr[t]) == BF_OK;
    }
    if (!tiered)
        return BF_OK;
    for (t = 0; t < BF_TIER__COUNT; t++)
        out[t] = tr[t];
    *out_tiered = 1;
    return BF_OK;
}

const char *bf_model_default_path(char *buf, size_t cap)
{
    const char *env = getenv("BONAFIDE_MODEL");
    char exe[4096];
    ssize_t n;
    char *slash;

    if (env && *env) {
        snprintf(buf, cap, "%s", env);
        return buf;
    }
    n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (n > 0) {
        exe[n] = '\0';
        slash = strrchr(exe, '/');
        if (slash) {
            *slash = '\0';
            if ((size_t)snprintf(buf, cap, "%s/%s", exe, BF_MODEL_DEFAULT_REL) <
                        cap &&
                access(buf, R_OK) == 0)
                return buf;
        }
    }
    snprintf(buf, cap, "models/default.model");
    return buf;
}

/* ---- reasons, classes ---- */

/*
 * A sign read the wrong way round.  The trees weigh a feature together
 * with the others, so a value that means nothing suspicious can still
 * push towards fake for one account (an Instagram shop with 15 followings
 * and no creation date got "Digits ending the handle: 0, which points to
 * a fake or automated account").  Said as a reason, such a sentence
 * contradicts its own figure.  These features have a meaning of their
 * own, every study of fake accounts reads them one way, and one value is
 * the harmless end of it (none, or no); at that end a push towards fake
 * is not given as a reason, nor a push towards a real person at the
 * other end of a yes/no sign of automation.  The contribution still
 * counts in the probability.
 */
static int reason_contradicts(int feat, float v, float contrib)
{
    switch (feat) {
    case BF_F_HANDLE_DIGITS:
    case BF_F_HANDLE_TAIL_DIGITS:
    case BF_F_NAME_DIGITS:
    case BF_F_DUP_SHARE:
    case BF_F_AUTOMATION_SHARE:
    case BF_F_FOLLOWERS_FAKE_SHARE:
    case BF_F_FOLLOWING_FAKE_SHARE:
        return v <= 0 && contrib > 0;
    case BF_F_DEFAULT_AVATAR:
    case BF_F_DEFAULT_PROFILE:
    case BF_F_SELF_DECLARED:
        return (v <= 0 && contrib > 0) || (v >= 1 && contrib < 0);
    case BF_F_VERIFIED:
        return v >= 1 && contrib > 0;
    }
    return 0;
}

/*
 * pick chooses the reasons of row x from its contributions c (BF_FEAT__COUNT
 * values, then the bias) for a decision sign (1 fake, -1 genuine).
 */
static size_t pick(const float *x, const float *c, int sign, bf_reason *out)
{
    int used[BF_FEAT__COUNT] = { 0 };
    size_t n = 0, pass;

    /*
     * Pass 0 takes features pushing towards the decision, pass 1 fills up
     * to the minimum with the strongest of the rest.
     */
    for (pass = 0; pass < 2; pass++) {
        size_t want = pass == 0 ? BF_MODEL_REASONS_MAX : BF_MODEL_REASONS_MIN;

        while (n < want) {
            int best = -1, i;

            for (i = 0; i < BF_FEAT__COUNT; i++) {
                /* An unknown value is never given as a reason. */
                if (used[i] || fabsf(c[i]) < 1e-6f || isnan(x[i]) ||
                    reason_contradicts(i, x[i], c[i]))
                    continue;
                if (pass == 0 && (c[i] > 0 ? 1 : -1) != sign)
                    continue;
                if (pass == 0 && fabsf(c[i]) < 0.05f && n >= 3)
                    continue;
                if (best < 0 || fabsf(c[i]) > fabsf(c[best]))
                    best = i;
            }
            if (best < 0)
                break;
            used[best] = 1;
            out[n].feat = (bf_feat)best;
            out[n].value = x[best];
            out[n].contrib = c[best];
            n++;
        }
    }
    return n;
}

/* Rows from which bf_model_reasons_batch keeps each tree's vectors. */
#define MEMO_ROWS 16

bf_err bf_model_reasons_batch(const bf_model *m, const float *X, size_t n,
                              bf_reason *out, size_t *out_n)
{
    float c[BF_FEAT__COUNT + 1];
    bf__forest_memo *mm = NULL;
    size_t i;

    if (n >= MEMO_ROWS && bf__forest_memo_new(&m->forest, &mm) != BF_OK)
        return BF_ENOMEM;
    /*
     * The reasons explain the way the probability leans, as the class
     * beside them does (its cut is BF_MODEL_THRESHOLD): under the tiers'
     * operating thresholds (0.86 to 0.994), an account at 0.64, class
     * "fake follower", was explained by what points to a real person.
     */
    for (i = 0; i < n; i++) {
        const float *x = X + i * BF_FEAT__COUNT;
        int sign = bf_model_declared(
                           bf_model_calibrate_row(m, bf_model_margin(m, x), x),
                           x) >= BF_MODEL_THRESHOLD
                           ? 1
                           : -1;

        /* Per-feature contributions (SHAP values), then the bias: the
         * same figures either way (score/forest.h). */
        if (mm) {
            memset(c, 0, sizeof c);
            bf__forest_memo_contribs(mm, x, c);
        } else {
            bf_model_contribs(m, x, c);
        }
        out_n[i] = pick(x, c, sign, out + i * BF_MODEL_REASONS_MAX);
    }
    bf__forest_memo_free(mm);
    return BF_OK;
}

bf_err bf_model_reasons(const bf_model *m, const bf_features *f, bf_reason *out,
                        size_t *out_n)
{
    return bf_model_reasons_batch(m, f->v, 1, out, out_n);
}

void bf_model_predict_batch(const bf_model *m, const float *X, size_t n,
                            double *prob, double *kinds)
{
    enum { CHUNK = 256 };

    double mg[CHUNK], mk[CHUNK];
    size_t r0, r;

    for (r0 = 0; r0 < n; r0 += CHUNK) {
        size_t nb = n - r0 < CHUNK ? n - r0 : CHUNK;
        const float *xb = X + r0 * BF_FEAT__COUNT;

        /* The batch walker sums the trees in the order bf_model_margin
         * does, so every value is the one-row call's. */
        bf_model_margin_batch(m, xb, nb, mg);
        if (kinds && m->kind)
            bf_model_margin_batch(m->kind, xb, nb, mk);
        for (r = 0; r < nb; r++) {
            const float *x = xb + r * BF_FEAT__COUNT;
            double bad =
                    bf_model_declared(bf_model_calibrate_row(m, mg[r], x), x);
            double spam, *k;

            prob[r0 + r] = bad;
            if (!kinds)
                continue;
            if (x[BF_F_SELF_DECLARED] == 1.0f) {
                spam = 1;
            } else if (m->kind) {
                spam = bf_model_calibrate_row(m->kind, mk[r], x);
            } else {
                bf_features f;

                memcpy(f.v, x, sizeof f.v);
                spam = bf_model_class(&f, 1.0) == BF_CLASS_SPAM_BOT;
            }
            k = kinds + (r0 + r) * BF_KIND__COUNT;
            k[BF_KIND_REAL] = 1.0 - bad;
            k[BF_KIND_FAKE_FOLLOWER] = bad * (1.0 - spam);
            k[BF_KIND_SPAM] = bad * spam;
        }
    }
}

/* isv: the feature is known and at least t. */
static int isv(const bf_features *f, bf_feat i, float t)
{
    return !isnan(f->v[i]) && f->v[i] >= t;
}

bf_class bf_model_class(const bf_features *f, double prob)
{
    if (prob < BF_MODEL_THRESHOLD)
        return BF_CLASS_REAL;
    if (isv(f, BF_F_AUTOMATION_SHARE, 0.5f) || isv(f, BF_F_DUP_SHARE, 0.3f) ||
        (isv(f, BF_F_LINK_SHARE, 0.9f) && isv(f, BF_F_TL_POSTS, 20)) ||
        isv(f, BF_F_POSTS_PER_DAY, 50))
        return BF_CLASS_SPAM_BOT;
    if (isv(f, BF_F_FOLLOWING, 1000) && !isv(f, BF_F_FOLLOWER_RATIO, 0.2f))
        return BF_CLASS_MASS_FOLLOWER;
    if (!isv(f, BF_F_POSTS, 10))
        return BF_CLASS_INACTIVE;
    return BF_CLASS_FAKE_FOLLOWER;
}

bf_class bf_model_class_kinds(const bf_features *f, double prob,
                              const double *k)
{
    bf_class c = bf_model_class(f, prob);

    if (c == BF_CLASS_REAL || !k)
        return c;
    if (k[BF_KIND_SPAM] > k[BF_KIND_FAKE_FOLLOWER])
        return BF_CLASS_SPAM_BOT;
    if (c != BF_CLASS_SPAM_BOT || k[BF_KIND_SPAM] == k[BF_KIND_FAKE_FOLLOWER])
        return c;
    /* The rules saw spam, the second stage a bought follower: its kind. */
    if (isv(f, BF_F_FOLLOWING, 1000) && !isv(f, BF_F_FOLLOWER_RATIO, 0.2f))
        return BF_CLASS_MASS_FOLLOWER;
    if (!isv(f, BF_F_POSTS, 10))
        return BF_CLASS_INACTIVE;
    return BF_CLASS_FAKE_FOLLOWER;
}

const char *bf_class_key(bf_class c)
{
    static const char *const keys[BF_CLASS__COUNT] = {
        "real_person", "mass_follower", "inactive", "fake_follower", "spam_bot",
    };

    return (unsigned)c < BF_CLASS__COUNT ? keys[c] : "?";
}

/* ---- metrics ---- */

/* The rows sorted by score, for the rank-sum AUC. */
typedef struct ranked {
    double s;
    int y;
} ranked;

static int by_score(const void *a, const void *b)
{
    double x = ((const ranked *)a)->s, z = ((const ranked *)b)->s;

    return (x > z) - (x < z);
}

bf_err bf_metrics_compute(const int *y, const int *pred, const double *score,
                          size_t n, bf_metrics *out)
{
    ranked *r = malloc((n ? n : 1) * sizeof *r);
    double tp, fp, tn, fn, den, rsum = 0, npos = 0, nneg = 0;
    size_t i, j;

    if (!r)
        return BF_ENOMEM;
    memset(out, 0, sizeof *out);
    out->n = n;
    for (i = 0; i < n; i++) {
        if (y[i] && pred[i])
            out->tp++;
        else if (y[i])
            out->fn++;
        else if (pred[i])
            out->fp++;
        else
            out->tn++;
        r[i].s = score[i];
        r[i].y = y[i] != 0;
    }
    tp = (double)out->tp;
    fp = (double)out->fp;
    tn = (double)out->tn;
    fn = (double)out->fn;
    out->accuracy = n ? (tp + tn) / (double)n : 0;
    out->precision = tp + fp > 0 ? tp / (tp + fp) : 0;
    out->recall = tp + fn > 0 ? tp / (tp + fn) : 0;
    out->f1 = 2 * tp + fp + fn > 0 ? 2 * tp / (2 * tp + fp + fn) : 0;
    den = sqrt((tp + fp) * (tp + fn) * (tn + fp) * (tn + fn));
    out->mcc = den > 0 ? (tp * tn - fp * fn) / den : 0;
    /* Mann-Whitney: AUC = (sum of positive ranks - P(P+1)/2) / (P N). */
    qsort(r, n, sizeof *r, by_score);
    for (i = 0; i < n; i = j) {
        double rank;

        for (j = i; j < n && r[j].s == r[i].s; j++)
            ;
        rank = (double)(i + 1 + j) / 2.0;
        for (size_t k = i; k < j; k++) {
            if (r[k].y) {
                rsum += rank;
                npos++;
            } else {
                nneg++;
            }
        }
    }
    out->auc = npos > 0 && nneg > 0
                       ? (rsum - npos * (npos + 1) / 2) / (npos * nneg)
                       : 0;
    free(r);
    return BF_OK;
}
