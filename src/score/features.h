/*
 * features.h - the numbers the authenticity model reads about one account.
 *
 * A feature vector holds BF_FEAT__COUNT floats in three families:
 *   - profile: counters, ratios, age, rates per day, profile completeness,
 *     handle and name shape (the BotometerLite family, Yang et al. 2020);
 *   - timeline, when posts are known: kinds of posts, links, hashtags,
 *     duplicates, cadence, automation clients (score/timeline.h) and the
 *     compression ratio of the digital-DNA sequence (Cresci et al. 2017);
 *   - network, when follows are known: reciprocity and how many of the
 *     account's own followers and followings look fake by rule.
 * docs/authenticity.md gives every formula and its source.
 *
 * Invariants: a value that cannot be measured is NaN, never 0 (the model
 * treats NaN as missing).  No feature names the collection an account came
 * from (crawl date, theme colours, dataset column): the model must judge
 * behaviour.  The label is ground truth and is never read here.  Indices
 * are only ever appended; the model file records BF_FEAT__COUNT.
 *
 * Ownership: bf_features is a plain value; names are static strings.
 *
 *     bf_features f;
 *     bf_features_from_account(&a, bf_time_now(), &f);
 *     printf("%s = %g\n", bf_features_name(BF_F_AGE_DAYS), f.v[BF_F_AGE_DAYS]);
 */
#ifndef BF_SCORE_FEATURES_H
#define BF_SCORE_FEATURES_H

#include <stddef.h>
#include <stdint.h>

#include "model/model.h"
#include "score/timeline.h"
#include "store/store.h"

typedef enum bf_feat {
    /* Profile. */
    BF_F_FOLLOWERS,
    BF_F_FOLLOWING,
    BF_F_POSTS,
    BF_F_LIKES,
    BF_F_LISTS,
    BF_F_AGE_DAYS,
    BF_F_FOLLOWER_RATIO,
    BF_F_POSTS_PER_DAY,
    BF_F_FOLLOWERS_PER_DAY,
    BF_F_FOLLOWING_PER_DAY,
    BF_F_LIKES_PER_DAY,
    BF_F_LISTS_PER_DAY,
    BF_F_DEFAULT_AVATAR,
    BF_F_DEFAULT_PROFILE,
    BF_F_VERIFIED,
    BF_F_HAS_BIO,
    BF_F_BIO_LEN,
    BF_F_HAS_URL,
    BF_F_HAS_LOCATION,
    BF_F_HANDLE_LEN,
    BF_F_HANDLE_DIGITS,
    BF_F_NAME_LEN,
    BF_F_NAME_DIGITS,
    BF_F_NAME_HANDLE_SIM,
    /* Timeline. */
    BF_F_TL_POSTS,
    BF_F_REPOST_SHARE,
    BF_F_REPLY_SHARE,
    BF_F_LINK_SHARE,
    BF_F_HASHTAG_SHARE,
    BF_F_MENTION_SHARE,
    BF_F_DUP_SHARE,
    BF_F_GAP_MEDIAN,
    BF_F_GAP_CV,
    BF_F_AUTOMATION_SHARE,
    BF_F_CLIENTS,
    BF_F_DNA_RATIO,
    /* Network. */
    BF_F_RECIPROCITY,
    BF_F_FOLLOWERS_FAKE_SHARE,
    BF_F_FOLLOWING_FAKE_SHARE,
    /* Profile, added later (indices are only appended). */
    BF_F_SELF_DECLARED,
    BF_F_LIKES_PER_POST,
    BF_F_HANDLE_TAIL_DIGITS,
    BF_F_FOLLOWING_PER_FOLLOWER_SQ,
    BF_F_POSTS_PER_FOLLOWER,
    BF_FEAT__COUNT
} bf_feat;

/* The first timeline and network features, for "is this family known". */
#define BF_F__TIMELINE_FIRST BF_F_TL_POSTS
#define BF_F__NETWORK_FIRST  BF_F_RECIPROCITY

/* Posts needed before the digital-DNA ratio means anything. */
#define BF_FEAT_DNA_MIN 20

/* Neighbours read per direction for the network fake shares. */
#define BF_FEAT_NEIGHBOURS 200

typedef struct bf_features {
    float v[BF_FEAT__COUNT];
} bf_features;

/*
 * bf_features_self_declared is 1 when the account says it is automated:
 * the platform's flag (a->automated), or a word of bio in French or
 * English that says so ("automated", "automatique", "automatisé",
 * "auto-generated", "généré automatiquement", "posts automatically",
 * "publie automatiquement"), or "bot" ending a word in any language:
 * "bot", "robot", "twitterbot", "a_bot", "¡soy un bot!", "bot🤖", not
 * "bottle", "robotics", nor "botón", "botánica", "saboté"
 * (case-insensitive for ASCII).  A word ends at the end of the bio, at
 * ASCII that is not a letter or digit, or at a space, punctuation mark,
 * symbol or emoji of UTF-8 (a table of Unicode blocks in features.c);
 * UTF-8 letters of any script, combining accents and bytes that are not
 * UTF-8 continue it.  The robot emoji 🤖 ends a word but is not itself a
 * statement: this feature raises the account's probability to
 * BF_MODEL_DECLARED_P (model.h), which calls it automated whatever else
 * it shows, and people who build robots or work on AI wear 🤖 too.  0
 * when neither the flag nor the bio says it, NaN when both are unknown.
 * Cost: O(length of the bio).
 */
float bf_features_self_declared(const bf_account *a);

/*
 * bf_features_from_account fills the profile features of a, measured at
 * a->observed_at (or at now when that is unknown); timeline and network
 * features are NaN.  Cost: O(length of the strings).
 */
void bf_features_from_account(const bf_account *a, int64_t now,
                              bf_features *out);

/*
 * bf_features_add_timeline sets the timeline features from t and the
 * digital-DNA ratio dna (NaN when unknown).  t == NULL or t->n == 0
 * leaves them NaN.
 */
void bf_features_add_timeline(bf_features *f, const bf_timeline *t, double dna);

/*
 * bf_features_dna_ratio is the digital-DNA compression ratio of a sequence
 * of post kinds (one letter per post, oldest first: 'A' original or quote,
 * 'R' reply, 'T' repost): n / zlib-compressed size at level 9.  NaN when
 * n < BF_FEAT_DNA_MIN.  Cost: O(n).
 */
double bf_features_dna_ratio(const char *seq, size_t n);

/*
 * bf_features_from_store computes every family for account id: profile,
 * timeline from its stored posts, network from the store's graph when the
 * account has follows there.  Cost: O(posts + BF_FEAT_NEIGHBOURS).
 */
bf_err bf_features_from_store(bf_store *st, uint32_t id, int64_t now,
                              bf_features *out);

/* ---- internals shared with the bulk reader (score/bulk.c) ---- */

/*
 * bf__feat_walk gathers what the timeline features need from one
 * account's posts, given oldest first: the timeline accumulator and the
 * kinds of the newest BF_TIMELINE_CAP posts (the digital-DNA sequence).
 * One walk serves many accounts in turn: bf__feat_walk_reset between
 * them.  bf__feat_walk_init fails with BF_ENOMEM leaving nothing to
 * release.
 */
typedef struct bf__feat_walk {
    bf_timeline_acc acc;
    char dna[BF_TIMELINE_CAP];
    uint64_t seen;
} bf__feat_walk;

bf_err bf__feat_walk_init(bf__feat_walk *w);
void bf__feat_walk_reset(bf__feat_walk *w);
void bf__feat_walk_release(bf__feat_walk *w);

/* bf__feat_walk_post is the post callback (ctx: the walk). */
bf_err bf__feat_walk_post(void *ctx, const bf_post *p);

/*
 * bf__feat_walk_finish sets f's timeline features from the posts walked
 * (none: they stay NaN) and, when out_t is not NULL, writes the timeline
 * summary there (bf_timeline_from_store's, n 0 without posts).
 */
bf_err bf__feat_walk_finish(bf__feat_walk *w, bf_features *f,
                            bf_timeline *out_t);

/*
 * How a neighbour of an account looks by the Socialbakers rules, for the
 * network features: BF__NB_UNKNOWN when its profile has no counter (a
 * stub), BF__NB_REAL when no rule fires, BF__NB_FAKE when one does.
 */
enum { BF__NB_UNKNOWN = 1, BF__NB_REAL = 2, BF__NB_FAKE = 3 };

/* A judge of neighbours: *out gets one of BF__NB_* for dense id v. */
typedef bf_err (*bf__feat_judge)(void *ctx, uint32_t v, int *out);

/*
 * bf__features_judge_row gives the verdict on account a as it was when
 * observed: the rules' one criterion of age (a default image kept two
 * months) is measured to a's observation date, and to now only when a
 * has none (0: that criterion undecided).  Never to the day of the run:
 * an account seen a week old does not become a two-month-old default
 * profile by being scored later.
 */
int bf__features_judge_row(const bf_account *a, int64_t now);

/*
 * A stored follower list is whole when it holds at least this share of
 * the declared follower count (the audit's BF_AUDIT_WHOLE): reciprocity
 * counts the followings found among the followers, so a partial list (an
 * export's ten newest of 196) would count the missing ones as not
 * following back.
 */
#define BF_FEAT_WHOLE 0.9

/*
 * bf__features_network sets the network features of account id from
 * graph g (NULL: no follows; they stay NaN), judging neighbours through
 * judge.  kept is NULL or the verdicts a caller keeps, two bits per
 * vertex of g (vertex v: bits 2 * (v % 4) and up of byte v / 4; 0 when
 * not yet known): a known one is read there rather than asked of judge,
 * which a few hundred calls through a pointer per account made a tenth
 * of a bulk pass.  followers is the declared follower count (-1
 * unknown): reciprocity stays NaN when the stored list holds fewer than
 * BF_FEAT_WHOLE of it.  The lists are read through bf_csr_in and
 * bf_csr_out, which check them.
 */
bf_err bf__features_network(const bf_csr *g, uint32_t id, int64_t followers,
                            bf__feat_judge judge, void *ctx,
                            const unsigned char *kept, bf_features *f);

/* bf_features_name is feature i's short name ("age_days"). */
const char *bf_features_name(bf_feat i);

/* The most labelled sets a data set tells apart. */
#define BF_DATASET_SETS_MAX 64

/*
 * A labelled data set read from a store: row i is X[i * BF_FEAT__COUNT ..],
 * y[i] is its kind (BF_LABEL_GENUINE 0, BF_LABEL_FAKE 1, BF_LABEL_BOT 2;
 * "y != 0" is the fake-or-automated class); ids[i] is the account's dense
 * id; set[i] indexes sets, the names of the labelled sets (accounts.
 * label_set; "" for labels stored without one).  Rows of accounts with
 * another label or none are not included.
 */
typedef struct bf_dataset {
    float *X;
    int *y;
    uint32_t *ids;
    int *set;
    size_t n;
    char *sets[BF_DATASET_SETS_MAX];
    size_t nsets;
} bf_dataset;

/* The kinds a label names. */
#define BF_LABEL_GENUINE 0
#define BF_LABEL_FAKE    1
#define BF_LABEL_BOT     2

/*
 * bf_label_class maps a label to BF_LABEL_FAKE (fake), BF_LABEL_BOT (bot),
 * BF_LABEL_GENUINE (genuine) or -1 (any other value, NULL).  Case is not
 * significant.
 */
int bf_label_class(const char *label);

/*
 * bf_dataset_from_store reads the features of every labelled account of st
 * into *out (caller releases), as score and the audit compute them: a
 * profile the source does not date has unknown ages, and each neighbour
 * is judged at its own observation date (bf__features_judge_row).
 * BF_ENOTFOUND when no account is labelled.
 */
bf_err bf_dataset_from_store(bf_store *st, int64_t now, bf_dataset *out);

/* bf_dataset_release frees out's arrays. */
void bf_dataset_release(bf_dataset *d);

#endif
