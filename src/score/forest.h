/*
 * forest.h - the trees of an xgboost model file, read without xgboost.
 *
 * A model file is xgboost's JSON (bf_model_save).  Every command that
 * scores loads one, and xgboost took 15 to 24 ms to load the shipped
 * model and its second stage, parse them and dump them again as text, a
 * fixed cost of each audit larger than reading its account.  The file is
 * read here with the JSON parser of the readers (simdjson, ingest/json.h)
 * into each tree's nodes as xgboost keeps them: the model's walker
 * (score/model.c) flattens them, and the per-feature contributions that
 * explain a score are computed from them by TreeSHAP (Lundberg, Erion and
 * Lee 2018, "Consistent individualized feature attribution for tree
 * ensembles", Algorithm 2), in single precision as xgboost computes them,
 * rather than through xgboost's prediction call, whose fixed cost was 270
 * to 850 microseconds a call.  tests/unit/test_model.c checks both
 * against xgboost's own predictions and contributions.
 */
#ifndef BF_SCORE_FOREST_H
#define BF_SCORE_FOREST_H

#include <stddef.h>
#include <stdint.h>

#include "base/err.h"

/* A node of a tree, as xgboost's JSON holds it. */
typedef struct bf__fnode {
    int32_t left, right; /* children; -1 for a leaf */
    uint32_t feat;       /* the feature compared */
    float cond;          /* go left when x < cond; a leaf's value */
    float cover;         /* the training rows' hessian sum (sum_hessian) */
    float mean;          /* the mean value of the leaves below, by cover */
    uint8_t defl;        /* 1: a missing value goes left */
} bf__fnode;

/* The deepest tree and the widest row read (the path buffers' sizes). */
#define BF__FOREST_DEPTH_MAX 10
#define BF__FOREST_FEAT_MAX  256

typedef struct bf__forest {
    size_t nfeat; /* the features of a row */
    size_t trees;
    size_t *first; /* trees + 1 entries: tree k is nodes[first[k]..] */
    bf__fnode *nodes;
    int depth; /* the deepest leaf, in edges from its root */
    size_t nattrs;
    char **keys, **vals; /* the learner's attributes, as strings */
} bf__forest;

/*
 * bf__forest_parse reads the model file text (len bytes; copied, so it
 * needs no padding) into f: its trees, checked (children inside the tree,
 * each node reached once from the root, features below nfeat, depth at
 * most max_depth, finite values), and its attributes.  max_depth is at
 * most BF__FOREST_DEPTH_MAX and nfeat at most BF__FOREST_FEAT_MAX
 * (BF_EINVAL otherwise).  The booster must be "gbtree" with
 * the logistic objective and base_score 0.5, the only kind bf_model
 * trains: the walker adds no offset.  BF_ECORRUPT otherwise, BF_ENOMEM.
 */
bf_err bf__forest_parse(const char *text, size_t len, size_t nfeat,
                        int max_depth, bf__forest *f);

/* bf__forest_attr is the attribute key of f, or NULL. */
const char *bf__forest_attr(const bf__forest *f, const char *key);

/*
 * bf__forest_contribs adds to phi (f->nfeat + 1 floats) each feature's SHAP
 * value for row x (NaN: missing), and the expected value of the trees
 * (the bias) to phi[f->nfeat].  Exact TreeSHAP, path-dependent, as xgboost's
 * pred_contribs: O(trees x leaves x depth^2), no allocation.
 */
void bf__forest_contribs(const bf__forest *f, const float *x, float *phi);

/*
 * A tree's contributions depend on the row only through the side each
 * of its splits sends it (TreeSHAP walks every node, the row's side and
 * the other), so a tree of at most BF__MEMO_SPLITS splits gives at most
 * 2^BF__MEMO_SPLITS vectors, one per pattern of sides.  bf__forest_memo
 * keeps each one the first time a row has its pattern and adds it to the
 * next rows that do: the same float sums, in the same order, as
 * bf__forest_contribs, for a few comparisons and additions per tree
 * instead of the walk.  For many rows (score --reasons); one caller at a
 * time.  Trees with more splits are walked as before.
 */
#define BF__MEMO_SPLITS 8

typedef struct bf__forest_memo bf__forest_memo;

bf_err bf__forest_memo_new(const bf__forest *f, bf__forest_memo **out);

/* bf__forest_memo_contribs is bf__forest_contribs(f, x, phi). */
void bf__forest_memo_contribs(bf__forest_memo *mm, const float *x, float *phi);

void bf__forest_memo_free(bf__forest_memo *mm);

void bf__forest_release(bf__forest *f);

#endif
