/*
 * model.h - the trained authenticity model: gradient-boosted trees
 * (libxgboost), a Platt calibration, per-feature reasons and metrics.
 *
 * A model file is xgboost's JSON model; bonafide's own settings ride in its
 * attributes: "bf_features" (BF_FEAT__COUNT when trained), "bf_platt_a"
 * and "bf_platt_b" (the calibration; "bf_platt_sparse_a/b" for rows
 * without a known bio), "bf_threshold" (with "bf_threshold_full" and
 * "bf_threshold_sparse", one per tier: bf_model_threshold_row) and the
 * held-out rates, the
 * provenance, and the second stage ("bf_kind_model", bought follower
 * against spam, itself a model file) behind bf_model_predict_kinds.
 * Neither loading nor predicting goes through xgboost: the file is read
 * by score/forest.h and its trees flattened into arrays that a plain loop
 * walks (bf_model_predict, bf_model_margin_batch), which is what makes
 * scoring fast, and the per-feature contributions behind the reasons are
 * computed from the same trees (TreeSHAP).  xgboost itself is used for
 * training, and as the reference the tests hold both to.
 *
 * Probability: p = 1 / (1 + exp(A * margin + B)), margin the sum of the
 * trees' leaves, A and B fitted by Platt's method on out-of-fold margins
 * when training.  An account is called fake or automated when
 * p >= bf_model_threshold_row(m, x), the threshold of its tier of known
 * fields (bf_model_threshold for files without tiers, BF_MODEL_THRESHOLD
 * for older files still).
 *
 * Reproducibility: training is single-threaded, seeded and uses the exact
 * "hist" method, so the same data and seed give the same file, byte for
 * byte.
 *
 * Ownership: bf_model is opaque, made by bf_model_load or bf_model_train,
 * ended by bf_model_free.  A loaded model is only read once loaded: any
 * number of threads may use it at once.
 *
 *     bf_model *m;
 *     double p;
 *     bf_model_load(bf_model_default_path(buf, sizeof buf), &m);
 *     bf_model_predict(m, &f, &p);
 *     bf_model_free(m);
 */
#ifndef BF_SCORE_MODEL_H
#define BF_SCORE_MODEL_H

#include <stddef.h>
#include <stdint.h>

#include "base/buf.h"
#include "base/lang.h"
#include "score/features.h"

/* The threshold of model files that record none (bf_model_threshold). */
#define BF_MODEL_THRESHOLD 0.5

/* The file the tool ships, relative to the directory of the binary. */
#define BF_MODEL_DEFAULT_REL "../models/default.model"

/* Most reasons bf_model_reasons returns, and the fewest it aims at. */
#define BF_MODEL_REASONS_MAX 5
#define BF_MODEL_REASONS_MIN 3

typedef struct bf_model bf_model;

/*
 * The field-availability tiers of a feature row: which fields its source
 * knows.  A table of counts and dates (no bio, name, URL, location: the
 * social honeypot, or a row masked so in training) is sparse; a profile
 * whose bio is known is full.  Rows of the two tiers get their own Platt
 * map and their own operating threshold, since trees that see less are
 * less sure and the sets disagree on where their genuine accounts end.
 */
typedef enum bf_tier {
    BF_TIER_FULL,   /* the bio is known (Twitter, Mastodon, Bluesky) */
    BF_TIER_SPARSE, /* the bio is unknown: counts and dates */
    BF_TIER__COUNT
} bf_tier;

/* The share of genuine accounts the operating threshold may call fake,
 * on every labelled set held out in turn. */
#define BF_MODEL_TARGET_FPR 0.01

/*
 * The part of that target the training sets, each held out in turn, may
 * use when the threshold is chosen: the genuine accounts of a set never
 * seen can look more automated than those of every training set, so the
 * threshold keeps a margin (docs/authenticity.md, "The operating
 * threshold": at the full target, a set left out went over it for two
 * seeds of three).
 */
#define BF_MODEL_TARGET_MARGIN 0.5

/* Training settings; bf_train_opts_init sets the shipped model's. */
typedef struct bf_train_opts {
    uint64_t seed;          /* row and column sampling, masking */
    int rounds;             /* boosting rounds (trees) */
    int max_depth;          /* tree depth */
    double eta;             /* learning rate */
    int calib_folds;        /* folds for the out-of-fold Platt calibration */
    double mask_share;      /* rows whose fields are masked as other
                           platforms lack them (see bf_model_train) */
    double target_fpr;      /* the operating threshold's target (held
                           to BF_MODEL_TARGET_MARGIN of it in training) */
    const char *provenance; /* recorded in the model file, or NULL */
} bf_train_opts;

/*
 * bf_train_opts_init: seed 42, 120 rounds, depth 3, eta 0.1, 5 folds,
 * mask_share 0.3, target_fpr BF_MODEL_TARGET_FPR.
 */
void bf_train_opts_init(bf_train_opts *o);

/*
 * bf_model_train fits a model on n rows X (row-major, BF_FEAT__COUNT
 * columns, NaN missing) with kinds y (BF_LABEL_GENUINE, BF_LABEL_FAKE,
 * BF_LABEL_BOT; any non-zero value is the fake-or-automated class).
 * Needs genuine and other rows.  It is bf_model_train_sets with every row
 * in one set.
 */
bf_err bf_model_train(const float *X, const int *y, size_t n,
                      const bf_train_opts *o, bf_model **out);

/*
 * bf_model_train_sets fits the two stages of the model (docs/
 * authenticity.md): trees for "fake or automated" against "real", and,
 * among the fake or automated rows, trees for "spam or automated" against
 * "bought or fake follower" (when both kinds have at least 10 rows).  set
 * (NULL: one set) gives each row's labelled set, 0 to nsets - 1: rows are
 * weighted so that every set weighs the same, and the calibration is
 * fitted on out-of-fold margins and on the margins of each set predicted
 * by trees trained on the other sets.  The operating threshold is the
 * lowest probability (at least 0.5) at which at most o->target_fpr x
 * BF_MODEL_TARGET_MARGIN of the genuine rows of every set held out in
 * turn (and of the out-of-fold rows) are called fake ("bf_threshold").
 * Each tier (bf_tier) gets its own by the same rule on its rows alone
 * ("bf_threshold_full", "bf_threshold_sparse"): the full tier on the
 * rows with a known bio, the sparse tier on every set's rows masked as a
 * table of counts (bf_model_mask_row pattern 0) and predicted by trees
 * that never saw the set; a set (or the out-of-fold rows) with fewer
 * genuine rows in the tier than one over that share takes no part, and a
 * tier no set takes part in uses the single threshold.  The sparse
 * threshold is never below the full one.  The held-out rates at the
 * tiers' thresholds are recorded (bf_model_get_rates).  A share o->mask_share of the training
 * rows, drawn with o->seed, gets the fields other sources lack set to NaN
 * (bf_model_mask_row), so such profiles meet trees that learnt without
 * those fields.  Cost: about calib_folds x 2 + nsets + 2 trainings.
 */
bf_err bf_model_train_sets(const float *X, const int *y, const int *set,
                           size_t nsets, size_t n, const bf_train_opts *o,
                           bf_model **out);

/*
 * bf_model_mask_row sets to NaN the fields of row x that a source of kind
 * pattern lacks: 0 a table of counts and dates (no bio, name, URL,
 * location, likes, lists, flags), 1 Mastodon (no likes, lists, location,
 * theme, verified flag), 2 Bluesky (no likes, lists, location, URL,
 * theme).  Other patterns change nothing.
 */
void bf_model_mask_row(float *x, int pattern);

/* The number of masking patterns of bf_model_mask_row. */
#define BF_MODEL_MASKS 3

/* bf_model_save writes m's JSON model file (temp file, then rename). */
bf_err bf_model_save(const bf_model *m, const char *path);

/*
 * bf_model_load reads a model file written by bf_model_save.  BF_ENOTFOUND
 * when path does not exist, BF_ECORRUPT when it is not a bonafide model.
 */
bf_err bf_model_load(const char *path, bf_model **out);

/*
 * bf_model_default_path writes the model to use into buf (cap bytes):
 * $BONAFIDE_MODEL when set, else BF_MODEL_DEFAULT_REL next to the running
 * binary (/proc/self/exe), else "models/default.model".  Returns buf.
 */
const char *bf_model_default_path(char *buf, size_t cap);

/* bf_model_free frees m; NULL is a no-op. */
void bf_model_free(bf_model *m);

/* bf_model_margin is the raw tree sum for one feature row x. */
double bf_model_margin(const bf_model *m, const float *x);

/*
 * bf_model_margin_batch writes the raw tree sums of n rows (row-major)
 * into out.  Cost: O(n x trees x depth); no allocation.
 */
void bf_model_margin_batch(const bf_model *m, const float *X, size_t n,
                           double *out);

/*
 * bf_model_calibrate maps a margin to the calibrated probability of a row
 * whose bio is known; bf_model_calibrate_row picks the map by row x: rows
 * without a known bio (tables of counts and dates) have their own, fitted
 * on such rows ("bf_platt_sparse_a", "bf_platt_sparse_b").
 */
double bf_model_calibrate(const bf_model *m, double margin);
double bf_model_calibrate_row(const bf_model *m, double margin, const float *x);

/*
 * The probability given to an account that says it is automated (its
 * platform's bot flag, or its biography: bf_features_self_declared), when
 * the trees give less.  The statement is a fact about the account, not a
 * guess, and few labelled sets hold such accounts for trees to learn it.
 */
#define BF_MODEL_DECLARED_P 0.999

/* bf_model_declared is prob raised to BF_MODEL_DECLARED_P for row x when
 * x says it is automated. */
double bf_model_declared(double prob, const float *x);

/*
 * bf_model_prob is the calibrated probability that row x is fake or
 * automated: bf_model_declared of the calibrated tree margin.  Batch
 * callers use bf_model_margin_batch, bf_model_calibrate_row and
 * bf_model_declared, which give the same.
 */
double bf_model_prob(const bf_model *m, const float *x);

/*
 * bf_model_predict writes the calibrated probability that f is fake or
 * automated (1 - P(real person)) into *prob.
 */
bf_err bf_model_predict(const bf_model *m, const bf_features *f, double *prob);

/* The kinds of account the model tells apart. */
typedef enum bf_kind {
    BF_KIND_REAL,          /* a real person */
    BF_KIND_FAKE_FOLLOWER, /* a bought or fake follower */
    BF_KIND_SPAM,          /* a spam or automated account */
    BF_KIND__COUNT
} bf_kind;

/*
 * bf_model_predict_kinds writes the calibrated probability of each kind
 * for f into p (they sum to 1): p[BF_KIND_REAL] = 1 - bf_model_predict,
 * and the rest is shared by the second stage's calibrated probability of
 * "spam or automated" among fake or automated accounts.  A model without
 * a second stage (an older file) gives the whole rest to the kind the
 * class rules name (bf_model_class).
 */
bf_err bf_model_predict_kinds(const bf_model *m, const bf_features *f,
                              double p[BF_KIND__COUNT]);

/* bf_kind_key is the kind's stable key ("real", "fake_follower", "spam"). */
const char *bf_kind_key(bf_kind k);

/* bf_kind_name is the kind's name in lang (reasons.c). */
const char *bf_kind_name(bf_kind k, bf_lang lang);

/*
 * bf_model_threshold is the calibrated probability from which m calls an
 * account fake or automated: the file's "bf_threshold", else
 * BF_MODEL_THRESHOLD.
 */
double bf_model_threshold(const bf_model *m);

/*
 * bf_model_tier is the tier of feature row x: BF_TIER_SPARSE when its
 * has_bio is unknown (NaN), the same bit bf_model_calibrate_row reads.
 */
bf_tier bf_model_tier(const float *x);

/* bf_tier_key is the tier's stable key ("full", "sparse"). */
const char *bf_tier_key(bf_tier t);

/*
 * bf_model_tier_threshold is m's operating threshold for rows of tier t:
 * the file's "bf_threshold_full" or "bf_threshold_sparse", chosen in
 * training by the rule of bf_model_train_sets on that tier's rows alone;
 * bf_model_threshold for a file without them (an older one).
 */
double bf_model_tier_threshold(const bf_model *m, bf_tier t);

/*
 * bf_model_threshold_row is the threshold at which m calls row x fake or
 * automated: bf_model_tier_threshold of x's tier.  Every call of one
 * account (score, audit, reasons, evaluation) goes through it.
 */
double bf_model_threshold_row(const bf_model *m, const float *x);

/*
 * bf_model_reads_platform is 1 when the model reads profiles of platform:
 * those where accounts follow one another, as on X, where it learnt what
 * a follow count, a following count and a post count say (X, Mastodon,
 * Bluesky, Instagram, TikTok, the simulated world, an unnamed platform,
 * NULL).  A YouTube channel's subscribers and uploads, a Facebook
 * profile's friends or a Page's fans, and a LinkedIn member's connections
 * mean other things: a channel with 86,000 subscribers and 12 videos read
 * as an X profile looks like a spam bot.  The audit and bonafide score
 * make no call on those, nor on a profile whose counts are all unknown
 * (bf_account_counts_known).
 */
int bf_model_reads_platform(const char *platform);

/*
 * bf_model_provenance is a short sentence saying what m was trained on
 * (sets and sizes, seed, features, xgboost version), from the file's
 * "bf_provenance" attribute; "" when the file has none.  Owned by m.
 */
const char *bf_model_provenance(const bf_model *m);

/*
 * How the model's call (fake or automated at its operating threshold)
 * behaved on rows the trees did not see when it was trained: the rates a
 * quantifier needs to turn a count of flagged followers into an estimate
 * of the share of fake ones (adjusted classify-and-count).  The rates are
 * recorded in the model file's attributes "bf_threshold", "bf_tpr",
 * "bf_fpr", "bf_heldout_pos" and "bf_heldout_neg".
 */
typedef struct bf_model_rates {
    double threshold; /* calibrated probability from which it calls fake */
    double tpr;     /* held-out fake or automated rows called so; -1 unknown */
    double fpr;     /* held-out genuine rows called fake; -1 unknown */
    uint32_t n_pos; /* held-out fake or automated rows tpr rests on */
    uint32_t n_neg; /* held-out genuine rows fpr rests on */
    double tpr_sd;  /* spread of tpr across held-out sets; 0 unknown */
    double fpr_sd;  /* spread of fpr across held-out sets; 0 unknown */
} bf_model_rates;

/*
 * bf_model_get_rates fills out from m's attributes.  A model file without
 * them (an older one) gives BF_ENOTFOUND, with out->threshold set to
 * BF_MODEL_THRESHOLD and the rates to -1.
 */
bf_err bf_model_get_rates(const bf_model *m, bf_model_rates *out);

/*
 * bf_model_get_quant_rates is bf_model_get_rates at the cut a quantifier
 * counts with, where training chose one ("bf_quant_threshold",
 * "bf_quant_tpr", "bf_quant_fpr": the cut that maximises tpr - fpr on
 * held-out rows, every set weighing the same; Forman 2008's "Max"
 * policy), else at the operating threshold.  The operating threshold
 * keeps genuine accounts from being called fake one by one, but leaves
 * tpr - fpr too narrow to correct a count with.  n_pos and n_neg are then
 * lowered to the rows whose binomial variance equals the spread of each
 * rate across the held-out sets ("bf_quant_tpr_sd", "bf_quant_fpr_sd"),
 * so that an interval built on them carries how far one audience's rates
 * may lie from the pooled ones.
 */
bf_err bf_model_get_quant_rates(const bf_model *m, bf_model_rates *out);

/*
 * bf_model_get_quant_tier_rates is bf_model_get_quant_rates for the rows
 * of each tier alone, out[t] for tier t: the rates training measured at
 * the quantification cut on held-out rows with a known bio
 * ("bf_quant_tpr_full", "bf_quant_fpr_full", their spreads across the
 * held-out sets "bf_quant_tpr_sd_full", "bf_quant_fpr_sd_full", and the
 * rows they rest on "bf_quant_pos_full", "bf_quant_neg_full"), and on
 * every held-out set's rows masked as a table of counts (the same keys
 * ending in "_sparse").  n_pos and n_neg are lowered by each spread as
 * above.  A file without all of them, or without its quantification cut,
 * gives the pooled rates for both tiers and *out_tiered 0; else
 * *out_tiered is 1.  Errors as bf_model_get_quant_rates.
 */
bf_err bf_model_get_quant_tier_rates(const bf_model *m,
                                     bf_model_rates out[BF_TIER__COUNT],
                                     int *out_tiered);

/*
 * How the kinds behaved on rows the trees had not seen when the model was
 * trained: rate[t][k] is the share of held-out rows of true kind t the
 * model called kind k (rows sum to 1; -1 when the model saw no row of
 * kind t), n[t] the rows it rests on.  "Called real" is stage 1's
 * probability below the operating threshold; otherwise spam when stage
 * 2's probability is at least 0.5, else bought follower.  A quantifier of
 * the share of each kind in an audience inverts this matrix (adjusted
 * classify-and-count over three classes).  Recorded in the model file's
 * attribute "bf_kind_rates".
 */
typedef struct bf_model_kind_rates {
    double rate[BF_KIND__COUNT][BF_KIND__COUNT]; /* [true][called] */
    uint32_t n[BF_KIND__COUNT];
} bf_model_kind_rates;

/*
 * bf_model_get_kind_rates fills out from m; BF_ENOTFOUND (rates -1, n 0)
 * when the file has none, BF_ECORRUPT when they do not read.
 */
bf_err bf_model_get_kind_rates(const bf_model *m, bf_model_kind_rates *out);

/*
 * bf_model_trees is the number of trees; bf_model_booster a trained
 * model's xgboost handle (NULL for a loaded model, read without xgboost).
 */
size_t bf_model_trees(const bf_model *m);
void *bf_model_booster(const bf_model *m);

/*
 * bf_model_margin_xgb computes the margins of n rows through xgboost
 * itself (XGBoosterPredict, one batch): the reference the flat trees are
 * tested and measured against.  A loaded model's file is loaded into
 * xgboost for the call.
 */
bf_err bf_model_margin_xgb(const bf_model *m, const float *X, size_t n,
                           float *out);

/*
 * bf_model_contribs writes to out (BF_FEAT__COUNT + 1 floats) the SHAP
 * value of each feature of row x, then the bias (the trees' expected
 * value): exact TreeSHAP over the model's first stage (score/forest.h),
 * without xgboost, whose own figures bf_model_contribs_xgb gives (n rows,
 * row-major, the reference tests hold it to).
 */
void bf_model_contribs(const bf_model *m, const float *x, float *out);
bf_err bf_model_contribs_xgb(const bf_model *m, const float *X, size_t n,
                             float *out);

/* One reason: a feature and how much it moved the margin. */
typedef struct bf_reason {
    bf_feat feat;
    float value;    /* the feature's value (NaN: unknown) */
    double contrib; /* > 0 towards fake, < 0 towards genuine */
} bf_reason;

/*
 * bf_model_reasons writes the features that weigh most for f (the
 * per-feature contributions, bf_model_contribs: largest |contribution| first, those agreeing
 * with the way the probability leans first: towards fake from
 * BF_MODEL_THRESHOLD, as bf_model_class) into out: between
 * BF_MODEL_REASONS_MIN and BF_MODEL_REASONS_MAX of them when that many
 * features contributed.
 */
bf_err bf_model_reasons(const bf_model *m, const bf_features *f, bf_reason *out,
                        size_t *out_n);

/*
 * bf_model_reasons_batch is bf_model_reasons for n rows X (row-major,
 * BF_FEAT__COUNT columns): row i's reasons go to
 * out[i * BF_MODEL_REASONS_MAX ..] and their count to out_n[i]: the
 * values of the one-row call.  No allocation, no xgboost call.
 */
bf_err bf_model_reasons_batch(const bf_model *m, const float *X, size_t n,
                              bf_reason *out, size_t *out_n);

/*
 * bf_model_predict_batch writes, for n rows X, the probability of
 * bf_model_predict into prob[i] and, when kinds is not NULL, those of
 * bf_model_predict_kinds into kinds[i * BF_KIND__COUNT ..]: the same
 * values, through the batch walker.  No allocation, no xgboost call.
 */
void bf_model_predict_batch(const bf_model *m, const float *X, size_t n,
                            double *prob, double *kinds);

/* The class of an account, from its probability and features. */
typedef enum bf_class {
    BF_CLASS_REAL,          /* a real person */
    BF_CLASS_MASS_FOLLOWER, /* follows in bulk, followed by few */
    BF_CLASS_INACTIVE,      /* barely ever posted */
    BF_CLASS_FAKE_FOLLOWER, /* a made-up account, sold as a follower */
    BF_CLASS_SPAM_BOT,      /* posts automatically or repetitively */
    BF_CLASS__COUNT
} bf_class;

/* bf_model_class applies the class rules of docs/authenticity.md. */
bf_class bf_model_class(const bf_features *f, double prob);

/*
 * bf_model_class_kinds is the class shown beside the kinds k
 * (bf_model_predict_kinds; NULL: bf_model_class): the family k gives
 * more weight to (spam or automated: spam bot; bought or fake: mass
 * follower, inactive or fake follower, as the class rules tell them
 * apart), so that "class: fake follower" never stands beside "bought or
 * fake follower 0%".  Real below the threshold, as bf_model_class.
 */
bf_class bf_model_class_kinds(const bf_features *f, double prob,
                              const double *k);

/* bf_class_key is the class's stable key ("real_person", ...). */
const char *bf_class_key(bf_class c);

/* bf_class_name is the class's name in lang (reasons.c). */
const char *bf_class_name(bf_class c, bf_lang lang);

/*
 * bf_reason_format appends r as one sentence in lang to b (reasons.c).
 */
bf_err bf_reason_format(const bf_reason *r, bf_lang lang, bf_buf *b);

/* bf__reason_desc is feature i's description in lang (NULL: no such). */
const char *bf__reason_desc(bf_feat i, bf_lang lang);

/* Binary classification figures; positive = fake or bot. */
typedef struct bf_metrics {
    size_t n, tp, fp, tn, fn;
    double accuracy, precision, recall, f1, mcc, auc;
} bf_metrics;

/*
 * bf_metrics_compute compares decisions pred (0/1) and scores (for ROC
 * AUC; ties get the mean rank) with truth y over n rows.  A figure whose
 * denominator is 0 is 0.  Cost: O(n log n).
 */
bf_err bf_metrics_compute(const int *y, const int *pred, const double *score,
                          size_t n, bf_metrics *out);

/*
 * bf_model_cv runs stratified k-fold cross-validation with seed: each fold
 * trains a model (calibration included) on the other folds and predicts
 * its rows; prob (n values) gets the out-of-fold probabilities.
 */
bf_err bf_model_cv(const float *X, const int *y, size_t n, int k,
                   const bf_train_opts *o, double *prob);

/*
 * bf_model_cv_sets is bf_model_cv where each fold's model is trained with
 * the rows' sets (bf_model_train_sets; set NULL: one set) and pred (NULL:
 * not wanted) gets each row's call at its fold model's threshold.
 */
bf_err bf_model_cv_sets(const float *X, const int *y, const int *set,
                        size_t nsets, size_t n, int k, const bf_train_opts *o,
                        double *prob, int *pred);

/*
 * bf_model_train_without trains a model (bf_model_train_sets) on the rows
 * whose set is not g, as bf_model_loso does for each set: the model that
 * judges set g without having seen it.  set must not be NULL.  Cost: one
 * full training and a copy of the other rows.
 */
bf_err bf_model_train_without(const float *X, const int *y, const int *set,
                              size_t nsets, size_t n, int g,
                              const bf_train_opts *o, bf_model **out);

/*
 * bf_model_loso leaves one set out at a time: for each set g, a model is
 * trained (bf_model_train_sets) on the rows of the other sets and
 * predicts the rows of g into prob, and its call at its own threshold of
 * each row's tier into pred (NULL: not wanted); th (NULL: not wanted)
 * gets that model's tier thresholds, th[g * BF_TIER__COUNT + tier].  A
 * set whose complement lacks a class fails with BF_EINVAL.  Cost: nsets
 * full trainings.
 */
bf_err bf_model_loso(const float *X, const int *y, const int *set, size_t nsets,
                     size_t n, const bf_train_opts *o, double *prob, int *pred,
                     double *th);

#endif
