/*
 * rules.h - the two published fake-follower rule sets, on one profile.
 *
 * Both rule sets are given as reproduced and evaluated by Cresci et al.
 * 2015, "Fame for sale: efficient detection of fake Twitter followers",
 * Decision Support Systems 80, 56-71 (section 3 and its tables of rules):
 *
 *   - Camisani-Calzolari (2012): 22 criteria that each score one "human"
 *     point, and a "bot" criterion (the account only posts through APIs).
 *     The account is fake when its human points do not exceed its bot
 *     points.  On a profile alone only 9 of the 22 human criteria can be
 *     decided and the bot criterion never can, so that decision only
 *     fires on empty profiles (0 of 1,337 bought followers of the Cresci
 *     INT set).  bonafide therefore also gives a proportional form,
 *     cc_weak: fewer than half of the decidable human criteria hold.  It
 *     is bonafide's adaptation, not the published decision, and the audit
 *     says so where it uses it.
 *   - Socialbakers FakeFollowerCheck: 8 criteria; an account meeting any
 *     of them is fake.
 *
 * Each criterion is three-valued: 1 it holds, 0 it does not, -1 it cannot
 * be decided from the data (a -1 counter, posts not known).  An undecided
 * criterion never scores a point and never makes an account fake.  A
 * string that is NULL or empty is an absent field (the model's convention)
 * and does count: "no bio" is a fact about a known profile.
 *
 * Ownership: bf_rules_out is a plain value; the names are static strings.
 *
 *     bf_rules_out r;
 *     bf_rules_eval(&account, bf_time_now(), &r);
 *     if (r.sb_fake) puts(bf_rules_sb_name(BF_SB_RATIO));
 */
#ifndef BF_SCORE_RULES_H
#define BF_SCORE_RULES_H

#include <stdint.h>

#include "model/model.h"
#include "score/timeline.h"

/* Camisani-Calzolari human criteria (H1..H22) and bot criterion (B1). */
typedef enum bf_cc_crit {
    BF_CC_NAME,          /* H1  the profile has a name */
    BF_CC_IMAGE,         /* H2  the profile has an image (not the default) */
    BF_CC_ADDRESS,       /* H3  the profile has an address (location) */
    BF_CC_BIO,           /* H4  the profile has a biography */
    BF_CC_FOLLOWERS_30,  /* H5  at least 30 followers */
    BF_CC_LISTED,        /* H6  on at least one list of other users */
    BF_CC_POSTS_50,      /* H7  at least 50 tweets */
    BF_CC_GEO,           /* H8  geo-localised (not in the model: -1) */
    BF_CC_URL,           /* H9  the profile has a URL */
    BF_CC_FAVORITED,     /* H10 in other users' favourites (a post liked) */
    BF_CC_PUNCTUATION,   /* H11 tweets with punctuation */
    BF_CC_HASHTAG,       /* H12 used a hashtag */
    BF_CC_IPHONE,        /* H13 posted from an iPhone */
    BF_CC_ANDROID,       /* H14 posted from Android */
    BF_CC_FOURSQUARE,    /* H15 connected with Foursquare */
    BF_CC_INSTAGRAM,     /* H16 connected with Instagram */
    BF_CC_WEB,           /* H17 posted from the web site */
    BF_CC_MENTION,       /* H18 mentioned another user */
    BF_CC_FOLLOWERS_2X,  /* H19 followers >= 2 x following */
    BF_CC_NOT_ONLY_URLS, /* H20 content that is not only URLs */
    BF_CC_RETWEETED,     /* H21 retweeted by others */
    BF_CC_CLIENTS,       /* H22 used several clients */
    BF_CC_HUMAN__COUNT,
    BF_CC_ONLY_API = BF_CC_HUMAN__COUNT, /* B1 only posts through APIs */
    BF_CC__COUNT
} bf_cc_crit;

/* Socialbakers FakeFollowerCheck criteria. */
typedef enum bf_sb_crit {
    BF_SB_RATIO,         /* following >= 50 x followers */
    BF_SB_SPAM,          /* > 30% of tweets with spam phrases */
    BF_SB_REPEATS,       /* the same tweet at least 3 times */
    BF_SB_RETWEETS,      /* > 90% of tweets are retweets */
    BF_SB_LINKS,         /* > 90% of tweets have links */
    BF_SB_NO_TWEETS,     /* never tweeted */
    BF_SB_DEFAULT_IMAGE, /* older than 2 months, default image */
    BF_SB_NO_BIO_LOC,    /* no bio, no location, following > 100 */
    BF_SB__COUNT
} bf_sb_crit;

typedef struct bf_rules_out {
    signed char cc[BF_CC__COUNT]; /* 1 holds, 0 not, -1 undecided */
    int cc_human;                 /* human points: criteria H1..H22 that hold */
    int cc_bot;                   /* bot points */
    int cc_decided;       /* criteria (of all 23) that could be decided */
    int cc_fake;          /* cc_human <= cc_bot (the published decision) */
    int cc_human_decided; /* human criteria that could be decided */
    int cc_weak;          /* 2 x cc_human < cc_human_decided (adaptation) */
    signed char sb[BF_SB__COUNT];
    int sb_hits; /* Socialbakers criteria that hold */
    int sb_fake; /* sb_hits >= 1 */
} bf_rules_out;

/*
 * bf_rules_eval applies both rule sets to profile a at time now (seconds;
 * 0 leaves the age criterion undecided).  Post criteria stay undecided.
 * Cost: O(1).
 */
void bf_rules_eval(const bf_account *a, int64_t now, bf_rules_out *out);

/*
 * bf_rules_eval_timeline is bf_rules_eval with the post criteria decided
 * from t, the account's timeline summary (NULL or t->n == 0: undecided).
 */
void bf_rules_eval_timeline(const bf_account *a, const bf_timeline *t,
                            int64_t now, bf_rules_out *out);

/* bf_rules_cc_name is a short English name of criterion c ("has a bio"). */
const char *bf_rules_cc_name(bf_cc_crit c);

/* bf_rules_sb_name is a short English name of criterion c. */
const char *bf_rules_sb_name(bf_sb_crit c);

#endif
