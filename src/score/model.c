/*
 * model.c - training, storing, calibrating and walking the boosted trees.
 *
 * Training goes through libxgboost's C API with everything that could vary
 * pinned: one thread, the "hist" method, a fixed seed, base_score 0.5 (a
 * zero margin offset).  The Platt calibration is fitted on out-of-fold
 * margins of an inner stratified split, so the probability is not
 * overconfident on the rows the trees were fitted on.
 *
 * Prediction does not call xgboost.  After training or loading, the trees
 * are dumped as text once and each is rewritten as a complete binary tree
 * of depth D (the deepest tree's depth) in heap order: a leaf above the
 * bottom becomes a chain of "always left" nodes (condition +inf, missing
 * goes left) over copies of its value.  Every walk then takes exactly D
 * steps with no data-dependent branch, and the batch walker runs a block
 * of rows through one tree at a time, eight walks interleaved, so that the
 * CPU overlaps the loads of independent rows.  A comparison is "x < cond" in single precision and a
 * NaN takes the node's default side, as in xgboost.
 */
#include "score/model.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <xgboost/c_api.h>

/* The deepest tree supported by the flat layout. */
#define MAX_DEPTH 10

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
    BoosterHandle h;
    double platt_a, platt_b;
    size_t trees;
    int depth;    /* D: every walk takes D steps */
    size_t inner; /* internal nodes per tree: 2^D - 1 */
    node *nodes;  /* trees x inner */
    float *leaf;  /* trees x 2^D */
};

/* xgb: turns an xgboost status into a bf_err, keeping its message. */
#define XGB(call)                                                          \
    do {                                                                   \
        if ((call) != 0) {                                                 \
            fprintf(stderr, "bonafide: xgboost: %s\n", XGBGetLastError()); \
            err = BF_EINVAL;                                               \
            goto out;                                                      \
        }                                                                  \
    } while (0)

void bf_train_opts_init(bf_train_opts *o)
{
    o->seed = 42;
    o->rounds = 80;
    o->max_depth = 4;
    o->eta = 0.2;
    o->calib_folds = 5;
}

/* ---- flat trees ---- */

/* A node of the text dump while a tree is being read. */
typedef struct tnode {
    int feat; /* -1: leaf */
    float val;
    int yes, no, missing;
} tnode;

/* tree_depth: the depth below node i of nodes t (leaves: 0). */
static int tree_depth(const tnode *t, int nn, int i, int lvl)
{
    int a, b;

    if (i < 0 || i >= nn || lvl > MAX_DEPTH)
        return MAX_DEPTH + 1;
    if (t[i].feat < 0)
        return 0;
    a = tree_depth(t, nn, t[i].yes, lvl + 1);
    b = tree_depth(t, nn, t[i].no, lvl + 1);
    return 1 + (a > b ? a : b);
}

/*
 * place: writes dump node i at heap position pos of level lvl of tree k,
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
 * parse_tree: reads one text-dump tree ("0:[f3<1.5] yes=1,no=2,missing=1"
 * and "3:leaf=0.25" lines) into t (cap nodes); returns the node count or
 * -1 when the text is not in that form.
 */
static int parse_tree(const char *s, tnode *t, int cap)
{
    int nn = 0;

    while (*s) {
        char *end;
        long id;

        while (*s == '\t' || *s == '\n' || *s == ' ')
            s++;
        if (!*s)
            break;
        id = strtol(s, &end, 10);
        if (end == s || *end != ':' || id < 0 || id >= cap)
            return -1;
        s = end + 1;
        if (strncmp(s, "leaf=", 5) == 0) {
            t[id].feat = -1;
            t[id].val = strtof(s + 5, &end);
            t[id].yes = t[id].no = t[id].missing = -1;
        } else if (strncmp(s, "[f", 2) == 0) {
            long f = strtol(s + 2, &end, 10);

            if (*end != '<' || f < 0 || f >= BF_FEAT__COUNT)
                return -1;
            t[id].feat = (int)f;
            t[id].val = strtof(end + 1, &end);
            if (sscanf(end, "] yes=%d,no=%d,missing=%d", &t[id].yes, &t[id].no,
                       &t[id].missing) != 3)
                return -1;
        } else {
            return -1;
        }
        if (id + 1 > nn)
            nn = (int)id + 1;
        s = strchr(s, '\n');
        if (!s)
            break;
    }
    return nn;
}

/* flatten: dumps m->h and builds the flat trees. */
static bf_err flatten(bf_model *m)
{
    enum { CAP = 1 << (MAX_DEPTH + 1) };

    const char **dump = NULL;
    bst_ulong nt = 0, k;
    tnode *t = malloc(CAP * sizeof *t);
    int depth = 0;
    bf_err err = BF_OK;

    if (!t)
        return BF_ENOMEM;
    XGB(XGBoosterDumpModelEx(m->h, "", 0, "text", &nt, &dump));
    /* First pass: the depth D of the deepest tree. */
    for (k = 0; k < nt; k++) {
        int nn = parse_tree(dump[k], t, CAP), d;

        if (nn <= 0) {
            err = BF_ECORRUPT;
            goto out;
        }
        d = tree_depth(t, nn, 0, 0);
        if (d > MAX_DEPTH) {
            err = BF_ECORRUPT;
            goto out;
        }
        if (d > depth)
            depth = d;
    }
    m->trees = (size_t)nt;
    m->depth = depth;
    m->inner = ((size_t)1 << depth) - 1;
    m->nodes = calloc(m->trees * m->inner + 1, sizeof *m->nodes);
    m->leaf = calloc(m->trees * (m->inner + 1) + 1, sizeof *m->leaf);
    if (!m->nodes || !m->leaf) {
        err = BF_ENOMEM;
        goto out;
    }
    for (k = 0; k < nt; k++) {
        parse_tree(dump[k], t, CAP);
        place(m, (size_t)k, t, 0, 0, 0);
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

bf_err bf_model_predict(const bf_model *m, const bf_features *f, double *prob)
{
    *prob = bf_model_calibrate(m, bf_model_margin(m, f->v));
    return BF_OK;
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
        XGBoosterFree(m->h);
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
static bf_err dmatrix(const float *X, const int *y, size_t n,
                      DMatrixHandle *out)
{
    float *lab = NULL;
    DMatrixHandle dm = NULL;
    size_t i;
    bf_err err = BF_OK;

    XGB(XGDMatrixCreateFromMat(X, (bst_ulong)n, BF_FEAT__COUNT, NAN, &dm));
    if (y) {
        lab = malloc((n ? n : 1) * sizeof *lab);
        if (!lab) {
            err = BF_ENOMEM;
            goto out;
        }
        for (i = 0; i < n; i++)
            lab[i] = (float)(y[i] != 0);
        XGB(XGDMatrixSetFloatInfo(dm, "label", lab, (bst_ulong)n));
    }
    *out = dm;
    dm = NULL;
out:
    free(lab);
    if (dm)
        XGDMatrixFree(dm);
    return err;
}

/* booster: trains trees on n rows of X, y with o's settings. */
static bf_err booster(const float *X, const int *y, size_t n,
                      const bf_train_opts *o, BoosterHandle *out)
{
    DMatrixHandle dm = NULL;
    BoosterHandle h = NULL;
    char num[64];
    int it;
    bf_err err = dmatrix(X, y, n, &dm);

    if (err)
        return err;
    XGB(XGBoosterCreate(&dm, 1, &h));
    XGB(XGBoosterSetParam(h, "verbosity", "0"));
    XGB(XGBoosterSetParam(h, "nthread", "1"));
    XGB(XGBoosterSetParam(h, "objective", "binary:logistic"));
    XGB(XGBoosterSetParam(h, "tree_method", "hist"));
    XGB(XGBoosterSetParam(h, "base_score", "0.5"));
    XGB(XGBoosterSetParam(h, "subsample", "0.8"));
    XGB(XGBoosterSetParam(h, "colsample_bytree", "0.8"));
    XGB(XGBoosterSetParam(h, "min_child_weight", "1"));
    snprintf(num, sizeof num, "%d", (int)(o->seed & 0x7fffffff));
    XGB(XGBoosterSetParam(h, "seed", num));
    snprintf(num, sizeof num, "%d", o->max_depth);
    XGB(XGBoosterSetParam(h, "max_depth", num));
    snprintf(num, sizeof num, "%.17g", o->eta);
    XGB(XGBoosterSetParam(h, "eta", num));
    for (it = 0; it < o->rounds; it++)
        XGB(XGBoosterUpdateOneIter(h, it, dm));
    *out = h;
    h = NULL;
out:
    if (h)
        XGBoosterFree(h);
    XGDMatrixFree(dm);
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
    XGB(XGBoosterPredict(h, dm, 1, 0, 0, &len, &res));
    if (len != n) {
        err = BF_EINVAL;
        goto out;
    }
    memcpy(out, res, n * sizeof *out);
out:
    XGDMatrixFree(dm);
    return err;
}

bf_err bf_model_margin_xgb(const bf_model *m, const float *X, size_t n,
                           float *out)
{
    return margins_xgb(m->h, X, n, out);
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

/* set_attrs: writes the bonafide attributes into m's booster. */
static bf_err set_attrs(bf_model *m)
{
    char num[64];
    bf_err err = BF_OK;

    snprintf(num, sizeof num, "%d", BF_FEAT__COUNT);
    XGB(XGBoosterSetAttr(m->h, "bf_features", num));
    snprintf(num, sizeof num, "%.17g", m->platt_a);
    XGB(XGBoosterSetAttr(m->h, "bf_platt_a", num));
    snprintf(num, sizeof num, "%.17g", m->platt_b);
    XGB(XGBoosterSetAttr(m->h, "bf_platt_b", num));
out:
    return err;
}

bf_err bf_model_train(const float *X, const int *y, size_t n,
                      const bf_train_opts *o, bf_model **out)
{
    bf_model *m = calloc(1, sizeof *m);
    int *fold = malloc((n ? n : 1) * sizeof *fold);
    float *sx = malloc((n ? n : 1) * BF_FEAT__COUNT * sizeof *sx);
    int *sy = malloc((n ? n : 1) * sizeof *sy);
    double *oof = malloc((n ? n : 1) * sizeof *oof);
    int *oy = malloc((n ? n : 1) * sizeof *oy);
    float *mg = malloc((n ? n : 1) * sizeof *mg);
    size_t i, pos = 0, no = 0;
    int k, kf = o->calib_folds < 2 ? 2 : o->calib_folds;
    bf_err err = BF_OK;

    if (!m || !fold || !sx || !sy || !oof || !oy || !mg) {
        err = BF_ENOMEM;
        goto out;
    }
    for (i = 0; i < n; i++)
        pos += y[i] != 0;
    if (pos == 0 || pos == n || o->rounds < 1 || o->max_depth < 1 ||
        o->max_depth > MAX_DEPTH) {
        err = BF_EINVAL;
        goto out;
    }
    /* Out-of-fold margins for the calibration. */
    err = folds(y, n, kf, o->seed ^ 0x5bd1e995u, fold);
    for (k = 0; !err && k < kf; k++) {
        BoosterHandle h = NULL;
        size_t mt = subset(X, y, fold, n, k, 0, sx, sy), mv;

        err = booster(sx, sy, mt, o, &h);
        if (err)
            break;
        mv = subset(X, y, fold, n, k, 1, sx, sy);
        err = margins_xgb(h, sx, mv, mg);
        XGBoosterFree(h);
        for (i = 0; !err && i < mv; i++) {
            oof[no] = mg[i];
            oy[no++] = sy[i];
        }
    }
    if (err)
        goto out;
    platt(oof, oy, no, &m->platt_a, &m->platt_b);
    err = booster(X, y, n, o, &m->h);
    if (!err)
        err = set_attrs(m);
    if (!err)
        err = flatten(m);
    if (!err) {
        *out = m;
        m = NULL;
    }
out:
    bf_model_free(m);
    free(fold);
    free(sx);
    free(sy);
    free(oof);
    free(oy);
    free(mg);
    return err;
}

bf_err bf_model_cv(const float *X, const int *y, size_t n, int k,
                   const bf_train_opts *o, double *prob)
{
    int *fold = malloc((n ? n : 1) * sizeof *fold);
    float *sx = malloc((n ? n : 1) * BF_FEAT__COUNT * sizeof *sx);
    int *sy = malloc((n ? n : 1) * sizeof *sy);
    size_t i;
    int f;
    bf_err err = BF_OK;

    if (!fold || !sx || !sy) {
        err = BF_ENOMEM;
        goto out;
    }
    if (k < 2 || (size_t)k > n) {
        err = BF_EINVAL;
        goto out;
    }
    err = folds(y, n, k, o->seed, fold);
    for (f = 0; !err && f < k; f++) {
        bf_model *m = NULL;
        size_t mt = subset(X, y, fold, n, f, 0, sx, sy);

        err = bf_model_train(sx, sy, mt, o, &m);
        if (err)
            break;
        for (i = 0; i < n; i++)
            if (fold[i] == f)
                prob[i] = bf_model_calibrate(
                        m, bf_model_margin(m, X + i * BF_FEAT__COUNT));
        bf_model_free(m);
    }
out:
    free(fold);
    free(sx);
    free(sy);
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
    XGB(XGBoosterSaveModelToBuffer(m->h, "{\"format\": \"json\"}", &len, &buf));
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

/* attr_double: reads attribute key of h as a number. */
static bf_err attr_double(BoosterHandle h, const char *key, double *out)
{
    const char *s = NULL;
    char *end;
    int ok = 0;

    if (XGBoosterGetAttr(h, key, &s, &ok) != 0 || !ok || !s)
        return BF_ECORRUPT;
    *out = strtod(s, &end);
    return end == s ? BF_ECORRUPT : BF_OK;
}

bf_err bf_model_load(const char *path, bf_model **out)
{
    bf_model *m = calloc(1, sizeof *m);
    FILE *fp = fopen(path, "rb");
    char *buf = NULL;
    size_t len = 0, cap = 0;
    double nfeat = 0;
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
    if (XGBoosterCreate(NULL, 0, &m->h) != 0 ||
        XGBoosterLoadModelFromBuffer(m->h, buf, (bst_ulong)len) != 0 ||
        XGBoosterSetParam(m->h, "nthread", "1") != 0) {
        err = BF_ECORRUPT;
        goto out;
    }
    err = attr_double(m->h, "bf_features", &nfeat);
    if (!err && nfeat != BF_FEAT__COUNT)
        err = BF_ECORRUPT;
    if (!err)
        err = attr_double(m->h, "bf_platt_a", &m->platt_a);
    if (!err)
        err = attr_double(m->h, "bf_platt_b", &m->platt_b);
    if (!err)
        err = flatten(m);
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

    err = attr_double(m->h, "bf_tpr", &tpr);
    if (!err)
        err = attr_double(m->h, "bf_fpr", &fpr);
    if (!err)
        err = attr_double(m->h, "bf_heldout_pos", &pos);
    if (!err)
        err = attr_double(m->h, "bf_heldout_neg", &neg);
    if (!err && attr_double(m->h, "bf_threshold", &th) != BF_OK)
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
    out->n_pos = (uint32_t)pos;
    out->n_neg = (uint32_t)neg;
    return err;
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

bf_err bf_model_reasons(const bf_model *m, const bf_features *f, bf_reason *out,
                        size_t *out_n)
{
    DMatrixHandle dm = NULL;
    bst_ulong len = 0;
    const float *c = NULL;
    int used[BF_FEAT__COUNT] = { 0 };
    double margin = bf_model_margin(m, f->v);
    int sign = bf_model_calibrate(m, margin) >= BF_MODEL_THRESHOLD ? 1 : -1;
    size_t n = 0, pass;
    bf_err err = dmatrix(f->v, NULL, 1, &dm);

    if (err)
        return err;
    /* Option 4: per-feature contributions (SHAP values), then the bias. */
    XGB(XGBoosterPredict(m->h, dm, 4, 0, 0, &len, &c));
    if (len != BF_FEAT__COUNT + 1) {
        err = BF_EINVAL;
        goto out;
    }
    /*
     * Pass 0 takes features pushing towards the decision, pass 1 fills up
     * to the minimum with the strongest of the rest.
     */
    for (pass = 0; pass < 2; pass++) {
        size_t want = pass == 0 ? BF_MODEL_REASONS_MAX : BF_MODEL_REASONS_MIN;

        while (n < want) {
            int best = -1, i;

            for (i = 0; i < BF_FEAT__COUNT; i++) {
                if (used[i] || fabsf(c[i]) < 1e-6f)
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
            out[n].value = f->v[best];
            out[n].contrib = c[best];
            n++;
        }
    }
    *out_n = n;
out:
    XGDMatrixFree(dm);
    return err;
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
