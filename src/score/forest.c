/*
 * forest.c - reading an xgboost model file's trees, and TreeSHAP.
 *
 * The file's layout (xgboost's JSON model, version 1.x): the learner holds
 * its "attributes" (strings), its objective, its "learner_model_param"
 * (base_score) and its "gradient_booster", whose "model" lists "trees";
 * each tree gives its node count in "tree_param" and one array per field
 * of its nodes, indexed by node id, the root being 0 (left_children,
 * right_children, split_indices, split_conditions, default_left,
 * sum_hessian).  A leaf has no children and keeps its value in
 * split_conditions.
 */
#include "score/forest.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "ingest/json.h"

/* The largest node count read per tree (xgboost's depth limit is 2^31). */
#define FOREST_MAX_NODES (1 << 20)

/* ---- reading ---- */

/* number reads a JSON number, or a string holding one, as a double. */
static bf_err number(const bf_json *v, double *out)
{
    const char *s;
    char *end;
    size_t len;

    if (bf_json_double(v, out) == BF_OK)
        return BF_OK;
    if (bf_json_string(v, &s, &len) != BF_OK || len == 0)
        return BF_ECORRUPT;
    *out = strtod(s, &end);
    return end == s + len ? BF_OK : BF_ECORRUPT;
}

/* array gets member key of obj, an array of exactly n values. */
static bf_err array(const bf_json *obj, const char *key, size_t n,
                    bf_json_iter *it)
{
    bf_json a;

    if (bf_json_get(obj, key, &a) != BF_OK ||
        bf_json_type_of(&a) != BF_JSON_ARRAY || bf_json_size(&a) != n ||
        bf_json_iter_init(&a, it) != BF_OK)
        return BF_ECORRUPT;
    return BF_OK;
}

/* next_int reads the next value of it as an integer (a boolean is 0 or 1). */
static bf_err next_int(bf_json_iter *it, int64_t *out)
{
    bf_json v;
    int b;

    if (!bf_json_iter_next(it, &v, NULL, NULL))
        return BF_ECORRUPT;
    if (bf_json_bool(&v, &b) == BF_OK) {
        *out = b;
        return BF_OK;
    }
    return bf_json_int64(&v, out) == BF_OK ? BF_OK : BF_ECORRUPT;
}

static bf_err next_float(bf_json_iter *it, float *out)
{
    bf_json v;
    double d;

    if (!bf_json_iter_next(it, &v, NULL, NULL) || number(&v, &d) != BF_OK)
        return BF_ECORRUPT;
    *out = (float)d;
    return BF_OK;
}

/*
 * settle checks the tree below node j of t (n nodes), whose depth is at
 * most max - lvl, marks what it reaches in seen, and sets each node's
 * mean value: a leaf's own, else its children's weighted by their cover,
 * in single precision and in xgboost's order, so that the bias of the
 * contributions is xgboost's to the bit.  *depth gets the deepest level.
 */
static bf_err settle(bf__fnode *t, size_t n, size_t j, int lvl, int max,
                     uint8_t *seen, int *depth)
{
    bf__fnode *nd = &t[j];
    float r;
    bf_err err;

    if (seen[j] || lvl > max)
        return BF_ECORRUPT;
    seen[j] = 1;
    if (lvl > *depth)
        *depth = lvl;
    if (nd->left < 0 && nd->right < 0) {
        nd->mean = nd->cond;
        return BF_OK;
    }
    if (nd->left <= 0 || nd->right <= 0 || (size_t)nd->left >= n ||
        (size_t)nd->right >= n || !(nd->cover > 0))
        return BF_ECORRUPT;
    err = settle(t, n, (size_t)nd->left, lvl + 1, max, seen, depth);
    if (!err)
        err = settle(t, n, (size_t)nd->right, lvl + 1, max, seen, depth);
    if (err)
        return err;
    r = t[nd->left].mean * t[nd->left].cover;
    r += t[nd->right].mean * t[nd->right].cover;
    r /= nd->cover;
    nd->mean = r;
    return BF_OK;
}

/* tree reads one tree object into f's nodes from f->first[k]. */
static bf_err tree(const bf_json *obj, size_t k, size_t nfeat, int max_depth,
                   bf__forest *f, size_t *cap)
{
    bf_json tp, nn;
    bf_json_iter l, r, si, sc, dl, sh;
    double dn = 0;
    size_t n, i, at = f->first[k];
    uint8_t *seen;
    bf_err err;

    if (bf_json_get(obj, "tree_param", &tp) != BF_OK ||
        bf_json_get(&tp, "num_nodes", &nn) != BF_OK || number(&nn, &dn) ||
        !(dn >= 1 && dn <= FOREST_MAX_NODES) || dn != floor(dn))
        return BF_ECORRUPT;
    n = (size_t)dn;
    if (array(obj, "left_children", n, &l) ||
        array(obj, "right_children", n, &r) ||
        array(obj, "split_indices", n, &si) ||
        array(obj, "split_conditions", n, &sc) ||
        array(obj, "default_left", n, &dl) || array(obj, "sum_hessian", n, &sh))
        return BF_ECORRUPT;
    if (at + n > *cap) {
        size_t c = *cap ? *cap : 1024;
        bf__fnode *p;

        while (c < at + n)
            c *= 2;
        p = realloc(f->nodes, c * sizeof *p);
        if (!p)
            return BF_ENOMEM;
        f->nodes = p;
        *cap = c;
    }
    for (i = 0; i < n; i++) {
        bf__fnode *nd = &f->nodes[at + i];
        int64_t a, b, s, d;

        if (next_int(&l, &a) || next_int(&r, &b) || next_int(&si, &s) ||
            next_int(&dl, &d) || next_float(&sc, &nd->cond) ||
            next_float(&sh, &nd->cover))
            return BF_ECORRUPT;
        /* A value past a float's range was read as an infinity. */
        if (a < -1 || a >= (int64_t)n || b < -1 || b >= (int64_t)n || s < 0 ||
            (a >= 0 && (uint64_t)s >= nfeat) || (d != 0 && d != 1) ||
            !isfinite(nd->cond) || !isfinite(nd->cover))
            return BF_ECORRUPT;
        nd->left = (int32_t)a;
        nd->right = (int32_t)b;
        nd->feat = a >= 0 ? (uint32_t)s : 0;
        nd->defl = (uint8_t)d;
        nd->mean = 0;
    }
    seen = calloc(n, 1);
    if (!seen)
        return BF_ENOMEM;
    err = settle(f->nodes + at, n, 0, 0, max_depth, seen, &f->depth);
    free(seen);
    f->first[k + 1] = at + n;
    return err;
}

/* attributes copies the learner's attribute strings into f. */
static bf_err attributes(const bf_json *learner, bf__forest *f)
{
    bf_json a, v;
    bf_json_iter it;
    const char *key, *s;
    size_t klen, len, n;

    if (bf_json_get(learner, "attributes", &a) != BF_OK)
        return BF_OK;
    if (bf_json_iter_init(&a, &it) != BF_OK)
        return BF_ECORRUPT;
    n = bf_json_size(&a);
    f->keys = calloc(n ? n : 1, sizeof *f->keys);
    f->vals = calloc(n ? n : 1, sizeof *f->vals);
    if (!f->keys || !f->vals)
        return BF_ENOMEM;
    while (f->nattrs < n && bf_json_iter_next(&it, &v, &key, &klen)) {
        if (bf_json_string(&v, &s, &len) != BF_OK)
            return BF_ECORRUPT;
        f->keys[f->nattrs] = malloc(klen + 1);
        f->vals[f->nattrs] = malloc(len + 1);
        if (!f->keys[f->nattrs] || !f->vals[f->nattrs]) {
            f->nattrs++;
            return BF_ENOMEM;
        }
        memcpy(f->keys[f->nattrs], key, klen);
        f->keys[f->nattrs][klen] = '\0';
        memcpy(f->vals[f->nattrs], s, len);
        f->vals[f->nattrs][len] = '\0';
        f->nattrs++;
    }
    return BF_OK;
}

/* kind checks that the learner is one bf_model trains (see forest.h). */
static bf_err kind(const bf_json *learner)
{
    bf_json v;
    const char *s;
    size_t len;
    double base = 0;

    if (bf_json_at(learner, "/gradient_booster/name", &v) != BF_OK ||
        bf_json_string(&v, &s, &len) != BF_OK || strcmp(s, "gbtree") != 0)
        return BF_ECORRUPT;
    if (bf_json_at(learner, "/objective/name", &v) != BF_OK ||
        bf_json_string(&v, &s, &len) != BF_OK ||
        strcmp(s, "binary:logistic") != 0)
        return BF_ECORRUPT;
    if (bf_json_at(learner, "/learner_model_param/base_score", &v) != BF_OK ||
        number(&v, &base) != BF_OK || base != 0.5)
        return BF_ECORRUPT;
    return BF_OK;
}

bf_err bf__forest_parse(const char *text, size_t len, size_t nfeat,
                        int max_depth, bf__forest *f)
{
    bf_json_parser *p = NULL;
    bf_json root, learner, trees, t;
    bf_json_iter it;
    size_t cap = 0, k = 0;
    bf_err err;

    memset(f, 0, sizeof *f);
    if (nfeat > BF__FOREST_FEAT_MAX || max_depth > BF__FOREST_DEPTH_MAX)
        return BF_EINVAL;
    f->nfeat = nfeat;
    err = bf_json_parser_new(len, &p);
    if (!err)
        err = bf_json_parse_copy(p, text, len, &root) == BF_OK ? BF_OK
                                                               : BF_ECORRUPT;
    if (!err &&
        (bf_json_get(&root, "learner", &learner) != BF_OK ||
         kind(&learner) != BF_OK ||
         bf_json_at(&learner, "/gradient_booster/model/trees", &trees) !=
                 BF_OK ||
         bf_json_type_of(&trees) != BF_JSON_ARRAY ||
         bf_json_size(&trees) == 0 || bf_json_iter_init(&trees, &it) != BF_OK))
        err = BF_ECORRUPT;
    if (!err) {
        f->trees = bf_json_size(&trees);
        f->first = calloc(f->trees + 1, sizeof *f->first);
        if (!f->first)
            err = BF_ENOMEM;
    }
    while (!err && k < f->trees && bf_json_iter_next(&it, &t, NULL, NULL)) {
        err = tree(&t, k, nfeat, max_depth, f, &cap);
        k++;
    }
    if (!err && k != f->trees)
        err = BF_ECORRUPT;
    if (!err)
        err = attributes(&learner, f);
    bf_json_parser_free(p);
    if (err)
        bf__forest_release(f);
    return err;
}

const char *bf__forest_attr(const bf__forest *f, const char *key)
{
    size_t i;

    for (i = 0; i < f->nattrs; i++)
        if (strcmp(f->keys[i], key) == 0)
            return f->vals[i];
    return NULL;
}

void bf__forest_release(bf__forest *f)
{
    size_t i;

    for (i = 0; i < f->nattrs; i++) {
        free(f->keys[i]);
        free(f->vals[i]);
    }
    free(f->keys);
    free(f->vals);
    free(f->first);
    free(f->nodes);
    memset(f, 0, sizeof *f);
}

/* ---- TreeSHAP ---- */

/*
 * The path from the root to the node being visited, one element per
 * feature split on along it (the first, feature -1, stands for the root):
 * z is the share of the training rows (by cover) that follow the path
 * through that split whatever the feature's value, o is 1 when the row's
 * own value follows it and 0 otherwise, and w the weights of the subsets
 * of the path's features, by their size (the Shapley weights, built up as
 * the path grows).
 */
typedef struct pelem {
    int feat;
    float z, o, w;
} pelem;

/* grow adds the element (feat, z, o) to path p of d elements. */
static void grow(pelem *p, unsigned d, float z, float o, int feat)
{
    int i;

    p[d].feat = feat;
    p[d].z = z;
    p[d].o = o;
    p[d].w = d == 0 ? 1.0f : 0.0f;
    for (i = (int)d - 1; i >= 0; i--) {
        p[i + 1].w += o * p[i].w * (float)(i + 1) / (float)(d + 1);
        p[i].w = z * p[i].w * (float)(d - (unsigned)i) / (float)(d + 1);
    }
}

/* shrink removes element k from path p of d + 1 elements: grow undone. */
static void shrink(pelem *p, unsigned d, unsigned k)
{
    float o = p[k].o, z = p[k].z, next = p[d].w;
    unsigned j;
    int i;

    for (i = (int)d - 1; i >= 0; i--) {
        if (o != 0) {
            float t = p[i].w;

            p[i].w = next * (float)(d + 1) / ((float)(i + 1) * o);
            next = t - p[i].w * z * (float)(d - (unsigned)i) / (float)(d + 1);
        } else {
            p[i].w = p[i].w * (float)(d + 1) / (z * (float)(d - (unsigned)i));
        }
    }
    for (j = k; j < d; j++) {
        p[j].feat = p[j + 1].feat;
        p[j].z = p[j + 1].z;
        p[j].o = p[j + 1].o;
    }
}

/*
 * shrunk_sum is the sum of the weights path p of d + 1 elements would
 * have without element k, computed without changing it.
 */
static float shrunk_sum(const pelem *p, unsigned d, unsigned k)
{
    float o = p[k].o, z = p[k].z, next = p[d].w, total = 0;
    int i;

    for (i = (int)d - 1; i >= 0; i--) {
        if (o != 0) {
            float t = next * (float)(d + 1) / ((float)(i + 1) * o);

            total += t;
            next = p[i].w - t * z * ((float)(d - (unsigned)i) / (float)(d + 1));
        } else if (z != 0) {
            total += (p[i].w / z) / ((float)(d - (unsigned)i) / (float)(d + 1));
        }
    }
    return total;
}

/*
 * visit walks node j of tree t for row x: the path of its parent is at
 * parent (d elements), and the split that led here adds (feat, z, o).  At
 * a leaf, each feature on the path gets its share of the leaf's value; at
 * a split, both children are visited, the row's own side with o kept and
 * the other with o = 0, after the feature's earlier element, if any, is
 * taken out of the path (a feature split on twice counts once).
 */
static void visit(const bf__fnode *t, const float *x, float *phi, size_t j,
                  pelem *parent, unsigned d, float z, float o, int feat)
{
    const bf__fnode *nd = &t[j];
    pelem *p = parent + d + 1;
    size_t hot, cold;
    float v, iz = 1, io = 1, hz, cz;
    unsigned k;

    memcpy(p, parent, (d + 1) * sizeof *p);
    grow(p, d, z, o, feat);
    if (nd->left < 0) {
        for (k = 1; k <= d; k++)
            phi[p[k].feat] +=
                    shrunk_sum(p, d, k) * (p[k].o - p[k].z) * nd->cond;
        return;
    }
    v = x[nd->feat];
    if (v != v)
        hot = (size_t)(nd->defl ? nd->left : nd->right);
    else
        hot = (size_t)(v < nd->cond ? nd->left : nd->right);
    cold = hot == (size_t)nd->left ? (size_t)nd->right : (size_t)nd->left;
    hz = t[hot].cover / nd->cover;
    cz = t[cold].cover / nd->cover;
    for (k = 0; k <= d; k++)
        if (p[k].feat == (int)nd->feat)
            break;
    if (k <= d) {
        iz = p[k].z;
        io = p[k].o;
        shrink(p, d, k);
        d--;
    }
    visit(t, x, phi, hot, p, d + 1, hz * iz, io, (int)nd->feat);
    visit(t, x, phi, cold, p, d + 1, cz * iz, 0, (int)nd->feat);
}

/*
 * The path buffer: visit copies its parent's d + 1 elements after them,
 * (D + 2)(D + 3) / 2 at most for a depth D.
 */
#define PATH_LEN 128
_Static_assert((BF__FOREST_DEPTH_MAX + 2) * (BF__FOREST_DEPTH_MAX + 3) / 2 <=
                       PATH_LEN,
               "the path buffer holds the deepest tree's paths");

/*
 * add_tree adds tree t's shares for row x to phi (nfeat + 1 floats).  They
 * are summed apart in tree_phi first, then added, as xgboost does, so
 * that the float sums are the same.
 */
static void add_tree(const bf__fnode *t, const float *x, size_t nfeat,
                     pelem *path, float *tree_phi, float *phi)
{
    size_t i;

    memset(tree_phi, 0, (nfeat + 1) * sizeof *tree_phi);
    tree_phi[nfeat] += t[0].mean;
    visit(t, x, tree_phi, 0, path, 0, 1, 1, -1);
    if (phi)
        for (i = 0; i <= nfeat; i++)
            phi[i] += tree_phi[i];
}

void bf__forest_contribs(const bf__forest *f, const float *x, float *phi)
{
    pelem path[PATH_LEN];
    float tree_phi[BF__FOREST_FEAT_MAX + 1];
    size_t k;

    memset(path, 0, sizeof path);
    for (k = 0; k < f->trees; k++)
        add_tree(f->nodes + f->first[k], x, f->nfeat, path, tree_phi, phi);
}

/* ---- the vectors of each pattern of sides ---- */

/* A tree memoised: its splits, and the features they read. */
typedef struct memo_tree {
    uint32_t split[BF__MEMO_SPLITS]; /* node ids of the splits */
    uint32_t feat[BF__MEMO_SPLITS];  /* the distinct features read */
    uint8_t nsplit, nfeat, on;       /* on: memoised */
    size_t at;                       /* its first vector in vals */
} memo_tree;

struct bf__forest_memo {
    const bf__forest *f;
    memo_tree *t;
    uint8_t *done; /* one per pattern of each tree memoised */
    float *vals;   /* per pattern: the features' shares, then the bias */
    pelem path[PATH_LEN];
    float tree_phi[BF__FOREST_FEAT_MAX + 1];
};

bf_err bf__forest_memo_new(const bf__forest *f, bf__forest_memo **out)
{
    bf__forest_memo *mm = calloc(1, sizeof *mm);
    size_t k, j, g, patterns = 0;

    *out = NULL;
    if (!mm)
        return BF_ENOMEM;
    mm->f = f;
    mm->t = calloc(f->trees ? f->trees : 1, sizeof *mm->t);
    if (!mm->t) {
        free(mm);
        return BF_ENOMEM;
    }
    for (k = 0; k < f->trees; k++) {
        const bf__fnode *t = f->nodes + f->first[k];
        memo_tree *m = &mm->t[k];
        size_t n = f->first[k + 1] - f->first[k];

        for (j = 0; j < n; j++) {
            if (t[j].left < 0)
                continue;
            if (m->nsplit == BF__MEMO_SPLITS) {
                m->nsplit = (uint8_t)(BF__MEMO_SPLITS + 1);
                break;
            }
            m->split[m->nsplit++] = (uint32_t)j;
            for (g = 0; g < m->nfeat && m->feat[g] != t[j].feat; g++)
                ;
            if (g == m->nfeat)
                m->feat[m->nfeat++] = t[j].feat;
        }
        if (m->nsplit > BF__MEMO_SPLITS)
            continue;
        m->on = 1;
        m->at = patterns;
        patterns += (size_t)1 << m->nsplit;
    }
    mm->done = calloc(patterns ? patterns : 1, 1);
    mm->vals = malloc((patterns ? patterns : 1) * (BF__MEMO_SPLITS + 1) *
                      sizeof *mm->vals);
    if (!mm->done || !mm->vals) {
        bf__forest_memo_free(mm);
        return BF_ENOMEM;
    }
    *out = mm;
    return BF_OK;
}

void bf__forest_memo_contribs(bf__forest_memo *mm, const float *x, float *phi)
{
    const bf__forest *f = mm->f;
    size_t nfeat = f->nfeat, k, i;

    for (k = 0; k < f->trees; k++) {
        const bf__fnode *t = f->nodes + f->first[k];
        const memo_tree *m = &mm->t[k];
        size_t pat = 0, e;
        float *v;

        if (!m->on) {
            add_tree(t, x, nfeat, mm->path, mm->tree_phi, phi);
            continue;
        }
        /* The pattern: the side each split sends x to, as visit picks it. */
        for (i = 0; i < m->nsplit; i++) {
            const bf__fnode *nd = &t[m->split[i]];
            float val = x[nd->feat];
            int left = val != val ? nd->defl : val < nd->cond;

            pat |= (size_t)left << i;
        }
        e = m->at + pat;
        v = mm->vals + e * (BF__MEMO_SPLITS + 1);
        if (!mm->done[e]) {
            add_tree(t, x, nfeat, mm->path, mm->tree_phi, NULL);
            for (i = 0; i < m->nfeat; i++)
                v[i] = mm->tree_phi[m->feat[i]];
            v[BF__MEMO_SPLITS] = mm->tree_phi[nfeat];
            mm->done[e] = 1;
        }
        /* The features the tree does not read got +0, which changes no
         * sum: only those it reads are added, and the bias. */
        for (i = 0; i < m->nfeat; i++)
            phi[m->feat[i]] += v[i];
        phi[nfeat] += v[BF__MEMO_SPLITS];
    }
}

void bf__forest_memo_free(bf__forest_memo *mm)
{
    if (!mm)
        return;
    free(mm->t);
    free(mm->done);
    free(mm->vals);
    free(mm);
}
