/*
 * baselines.h - the published rule sets the model is compared with.
 *
 * Cresci et al. 2015, "Fame for sale: efficient detection of fake Twitter
 * followers" (Decision Support Systems 80, 56-71), evaluate three rule
 * sets from outside academia on their data; bonafide reproduces them all
 * and scores them on the same accounts as its model:
 *   - Camisani-Calzolari (2012), as published and in bonafide's
 *     proportional form (score/rules.h);
 *   - Socialbakers FakeFollowerCheck (score/rules.h);
 *   - State of Search: the rules of Bas van den Beld's post "The 7 signs of
 *     fake Twitter followers" on stateofsearch.com (2012), so "State of
 *     Search" and "Van Den Beld" name one rule set.  An account is fake
 *     when any of these holds: "bot" in its biography; a following to
 *     followers ratio of at least 100:1; the same sentence sent to many
 *     accounts; a profile picture duplicated across accounts; posts
 *     through the API.  The wording is written from the paper's
 *     description; the picture rule needs images the model does not keep
 *     and is always undecided.
 * An undecided criterion never makes an account fake.
 *
 * Ownership: plain values; names are static strings.
 *
 *     int fake[BF_BASE__COUNT];
 *     bf_baselines_eval(&account, &timeline, bf_time_now(), fake);
 *     if (fake[BF_BASE_SOS]) puts(bf_baselines_name(BF_BASE_SOS));
 */
#ifndef BF_SCORE_BASELINES_H
#define BF_SCORE_BASELINES_H

#include <stdint.h>

#include "model/model.h"
#include "score/timeline.h"

typedef enum bf_baseline {
    BF_BASE_CC,      /* Camisani-Calzolari, the published decision */
    BF_BASE_CC_WEAK, /* Camisani-Calzolari, bonafide's proportional form */
    BF_BASE_SB,      /* Socialbakers FakeFollowerCheck */
    BF_BASE_SOS,     /* State of Search (Van Den Beld) */
    BF_BASE__COUNT
} bf_baseline;

/* State of Search criteria. */
typedef enum bf_sos_crit {
    BF_SOS_BOT_BIO,   /* "bot" in the biography */
    BF_SOS_RATIO,     /* following >= 100 x max(followers, 1) */
    BF_SOS_SAME_SENT, /* the same sentence to many accounts */
    BF_SOS_DUP_IMAGE, /* a profile picture shared with other accounts */
    BF_SOS_API,       /* posts through the API (automation clients) */
    BF_SOS__COUNT
} bf_sos_crit;

/*
 * bf_sos_eval decides each State of Search criterion (1, 0 or -1
 * undecided) for a and its timeline t (NULL: post criteria undecided) and
 * returns 1 when one holds.  Cost: O(length of the biography).
 */
int bf_sos_eval(const bf_account *a, const bf_timeline *t,
                signed char out[BF_SOS__COUNT]);

/*
 * bf_baselines_eval writes each rule set's decision (1 fake, 0 not) for
 * a, t (NULL when posts are not known) at time now into fake.
 */
void bf_baselines_eval(const bf_account *a, const bf_timeline *t, int64_t now,
                       int fake[BF_BASE__COUNT]);

/* bf_baselines_name is a rule set's display name. */
const char *bf_baselines_name(bf_baseline b);

/* bf_baselines_key is a rule set's stable key ("socialbakers"). */
const char *bf_baselines_key(bf_baseline b);

#endif
