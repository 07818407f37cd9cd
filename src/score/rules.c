/*
 * rules.c - Camisani-Calzolari and Socialbakers rules.
 *
 * Each criterion is computed into a three-valued cell (1, 0, -1) and the
 * verdicts are derived from the cells, so a caller can show exactly which
 * criteria an account met.  Profile criteria read the bf_account; post
 * criteria read the bf_timeline summary when one is given.  Thresholds are
 * the published ones, as listed by Cresci et al. 2015 (Decision Support
 * Systems 80), with the source of each given next to it.
 *
 * What is left out, because the canonical model has no such data:
 * Camisani-Calzolari H8 (geo-localised: geo_enabled and tweet coordinates
 * are not kept) is always undecided.  H10 ("in other users' favourites")
 * is approximated by "at least one of its posts was liked", which is the
 * same event seen from the post.  Every criterion is worth one point; the
 * original weights were not published in a reproducible form, and Cresci
 * et al. evaluate the rules one point each as well.
 */
#include "score/rules.h"

#include <stdint.h>
#include <string.h>

/* Two months for the Socialbakers default-image rule: 61 days. */
#define TWO_MONTHS (61 * 86400)

static const char *const cc_names[BF_CC__COUNT] = {
    "has a name",
    "has a profile image",
    "has an address",
    "has a biography",
    "has at least 30 followers",
    "is on a list",
    "has at least 50 posts",
    "is geo-localised",
    "has a URL",
    "has posts liked by others",
    "uses punctuation",
    "uses hashtags",
    "posts from an iPhone",
    "posts from Android",
    "is connected with Foursquare",
    "is connected with Instagram",
    "posts from the web site",
    "mentions other users",
    "has twice as many followers as followings",
    "posts more than links",
    "has posts reposted by others",
    "uses several clients",
    "only posts through APIs",
};

static const char *const sb_names[BF_SB__COUNT] = {
    "follows at least 50 times more accounts than follow it",
    "over 30% of posts contain spam phrases",
    "the same post repeated at least 3 times",
    "over 90% of posts are reposts",
    "over 90% of posts contain links",
    "has never posted",
    "default image on an account older than 2 months",
    "no bio and no location while following over 100",
};

const char *bf_rules_cc_name(bf_cc_crit c)
{
    return (unsigned)c < BF_CC__COUNT ? cc_names[c] : "?";
}

const char *bf_rules_sb_name(bf_sb_crit c)
{
    return (unsigned)c < BF_SB__COUNT ? sb_names[c] : "?";
}

/* present is 1 for a non-empty string, 0 for an absent one. */
static signed char present(const char *s)
{
    return s && *s;
}

/*
 * field is present(s) for a string the source has, and -1 (undecided) for
 * one it does not carry at all (bit set in a->unknown): an export with no
 * biography field says nothing about the biography.
 */
static int field(const bf_account *a, unsigned bit, const char *s)
{
    if (present(s))
        return 1;
    return (a->unknown & bit) ? -1 : 0;
}

/* atleast is 1 when v >= k, 0 when below, -1 when v is unknown. */
static signed char atleast(int64_t v, int64_t k)
{
    return v < 0 ? -1 : v >= k;
}

/* ratio_ge is 1 when a >= k * b (k > 0), -1 when either is unknown.  When
 * k * b would overflow it exceeds every int64_t a, so the answer is 0. */
static signed char ratio_ge(int64_t a, int64_t k, int64_t b)
{
    if (a < 0 || b < 0)
        return -1;
    if (b > INT64_MAX / k)
        return 0;
    return a >= k * b;
}

/* some is 1 when count > 0, 0 otherwise, for a known timeline. */
static signed char some(uint32_t count)
{
    return count > 0;
}

/* over is 1 when share > k; -1 when the share is unknown (< 0). */
static signed char over(double share, double k)
{
    return share < 0 ? -1 : share > k;
}

void bf_rules_eval_timeline(const bf_account *a, const bf_timeline *t,
                            int64_t now, bf_rules_out *out)
{
    signed char *cc, *sb;
    int i, posts = t && t->n > 0;

    memset(out, 0, sizeof *out);
    cc = out->cc;
    sb = out->sb;
    memset(cc, -1, sizeof out->cc);
    memset(sb, -1, sizeof out->sb);

    /* Camisani-Calzolari, profile criteria (Cresci 2015, Table 1). */
    cc[BF_CC_NAME] = field(a, BF_ACC_U_NAME, a->name);
    cc[BF_CC_IMAGE] = a->default_avatar < 0 ? -1 : a->default_avatar == 0;
    cc[BF_CC_ADDRESS] = field(a, BF_ACC_U_LOCATION, a->location);
    cc[BF_CC_BIO] = field(a, BF_ACC_U_BIO, a->bio);
    cc[BF_CC_FOLLOWERS_30] = atleast(a->followers, 30);
    cc[BF_CC_LISTED] = atleast(a->lists, 1);
    cc[BF_CC_POSTS_50] = atleast(a->posts, 50);
    cc[BF_CC_URL] = field(a, BF_ACC_U_URL, a->url);
    cc[BF_CC_FOLLOWERS_2X] = ratio_ge(a->followers, 2, a->following);

    /* Camisani-Calzolari, post criteria, when posts are known. */
    if (posts) {
        uint32_t sourced = t->sourced;

        cc[BF_CC_FAVORITED] = some(t->liked);
        cc[BF_CC_PUNCTUATION] = t->punct_share > 0;
        cc[BF_CC_HASHTAG] = t->hashtag_share > 0;
        cc[BF_CC_MENTION] = t->mention_share > 0;
        cc[BF_CC_NOT_ONLY_URLS] = some(t->words);
        cc[BF_CC_RETWEETED] = some(t->reposted);
        if (sourced) {
            cc[BF_CC_IPHONE] = some(t->class_posts[BF_CLIENT_IPHONE]);
            cc[BF_CC_ANDROID] = some(t->class_posts[BF_CLIENT_ANDROID]);
            cc[BF_CC_FOURSQUARE] = some(t->class_posts[BF_CLIENT_FOURSQUARE]);
            cc[BF_CC_INSTAGRAM] = some(t->class_posts[BF_CLIENT_INSTAGRAM]);
            cc[BF_CC_WEB] = some(t->class_posts[BF_CLIENT_WEB]);
            cc[BF_CC_CLIENTS] = t->clients >= 2;
            /* B1: every post with a known client came from automation. */
            cc[BF_CC_ONLY_API] = t->automation == sourced;
        }
    }
    for (i = 0; i < BF_CC__COUNT; i++) {
        if (cc[i] < 0)
            continue;
        out->cc_decided++;
        out->cc_human_decided += i < BF_CC_HUMAN__COUNT;
        if (cc[i] == 1 && i < BF_CC_HUMAN__COUNT)
            out->cc_human++;
        else if (cc[i] == 1)
            out->cc_bot++;
    }
    out->cc_fake = out->cc_human <= out->cc_bot;
    /*
     * The proportional form (bonafide's, documented in docs/audit.md):
     * weak when less than half of what could be checked looks human.  A
     * profile with nothing decidable is not weak: there is no evidence.
     */
    out->cc_weak = out->cc_human_decided > 0 &&
                   2 * out->cc_human < out->cc_human_decided;

    /*
     * Socialbakers FakeFollowerCheck (Cresci 2015, Table 2): the ratio
     * rule is friends >= 50 x followers; the age rule needs the creation
     * date; "no bio, no location" needs a known following count > 100.
     * An account that follows nobody has no ratio to exceed: 0 >= 50 x 0
     * holds, but it is no mass follower.
     */
    sb[BF_SB_RATIO] =
            a->following == 0 ? 0 : ratio_ge(a->following, 50, a->followers);
    sb[BF_SB_NO_TWEETS] = a->posts < 0 ? -1 : a->posts == 0;
    if (a->default_avatar == 0)
        sb[BF_SB_DEFAULT_IMAGE] = 0;
    else if (a->default_avatar == 1 && a->created_at > 0 && now > 0)
        sb[BF_SB_DEFAULT_IMAGE] = now - a->created_at > TWO_MONTHS;
    if (a->following < 0 || field(a, BF_ACC_U_BIO, a->bio) < 0 ||
        field(a, BF_ACC_U_LOCATION, a->location) < 0)
        sb[BF_SB_NO_BIO_LOC] = -1;
    else
        sb[BF_SB_NO_BIO_LOC] =
                !present(a->bio) && !present(a->location) && a->following > 100;
    if (posts) {
        double n = t->n;

        sb[BF_SB_SPAM] = over(t->spam_share, 0.30);
        sb[BF_SB_REPEATS] = t->max_repeat >= 3;
        sb[BF_SB_RETWEETS] = over(t->reposts / n, 0.90);
        sb[BF_SB_LINKS] = over(t->link_share, 0.90);
    }
    for (i = 0; i < BF_SB__COUNT; i++)
        out->sb_hits += sb[i] == 1;
    out->sb_fake = out->sb_hits > 0;
}

void bf_rules_eval(const bf_account *a, int64_t now, bf_rules_out *out)
{
    bf_rules_eval_timeline(a, NULL, now, out);
}
