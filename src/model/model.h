/*
 * model.h - the canonical records every reader emits and the store keeps.
 *
 * Whatever the platform or file format, data becomes these four records:
 * an account (a profile as seen at one time), a post, a follow edge, and -
 * implicitly, through the account's observed_at - a snapshot of its public
 * counters.  Readers fill them; the store consumes them through a bf_sink.
 *
 * Conventions shared by all fields:
 *   - Native ids are strings, exactly as the platform wrote them.  X ids
 *     exceed 2^53, so they are never parsed through a double.
 *   - Times are seconds since the epoch (base/time.h); 0 means unknown.
 *   - Counters are int64_t; -1 means unknown (0 is a real count).
 *   - Flags are int; -1 unknown, 0 false, 1 true.
 *   - Strings are NUL-terminated UTF-8, NULL when absent, and borrowed: a
 *     record only lives for the duration of the sink call that carries it.
 */
#ifndef BF_MODEL_MODEL_H
#define BF_MODEL_MODEL_H

#include <stddef.h>
#include <stdint.h>

#include "base/err.h"

/* The platform name used when a format carries none. */
#define BF_PLATFORM_GENERIC "generic"

typedef struct bf_account {
    const char *platform;  /* "twitter", "mastodon", "bluesky", ... */
    const char *native_id; /* required */
    const char *handle;    /* screen name without '@'; may be NULL */
    const char *name;      /* display name */
    int64_t created_at;
    int64_t followers;
    int64_t following;
    int64_t posts;
    int64_t likes; /* likes given (favourites_count) */
    int64_t lists; /* lists the account is on (listed_count) */
    int verified;
    int protected_;      /* posts are private: none of them is stored */
    int default_avatar;  /* the platform's default profile picture */
    int default_profile; /* the platform's default theme, never changed */
    const char *bio;
    const char *url;
    const char *location;
    const char *lang;
    int64_t observed_at;   /* when this profile was seen */
    const char *label;     /* ground truth from a labelled dataset, or NULL */
    const char *label_set; /* the labelled set the label comes from */
    int automated;         /* the platform's self-declared automation flag
                      (Mastodon's "bot", a Bluesky "bot" self-label) */
    unsigned unknown;      /* BF_ACC_U_* bits: string fields the source does
                         not have at all (unknown, not absent) */
    uint64_t digest;       /* the source record's digest (bf_sink.same), or
                         0: none */
} bf_account;

/*
 * Bits of bf_account.unknown.  A NULL string is a profile without that
 * field (an empty bio is a fact); a set bit says the source never tells,
 * as in tables that keep only counts and dates.  0 (every field the
 * source could have is known) is the default of bf_account_clear.
 */
#define BF_ACC_U_HANDLE   0x01u
#define BF_ACC_U_NAME     0x02u
#define BF_ACC_U_BIO      0x04u
#define BF_ACC_U_URL      0x08u
#define BF_ACC_U_LOCATION 0x10u

typedef enum bf_post_kind {
    BF_POST_ORIGINAL = 0,
    BF_POST_REPLY = 1,
    BF_POST_REPOST = 2,
    BF_POST_QUOTE = 3
} bf_post_kind;

typedef struct bf_post {
    const char *platform;
    const char *native_id; /* required */
    const char *author_id; /* native id of the author; required */
    int64_t created_at;
    const char *text;
    bf_post_kind kind;
    const char *parent_id; /* replied-to, reposted or quoted post */
    int64_t likes;
    int64_t reposts;
    int64_t replies;
    int64_t quotes;
    int64_t views;
    /* Counts of entities in the text, as the source marks them; -1 when
     * it does not, and the store then counts them in the text it has
     * (bf_text_entities), else they stay unknown. */
    int hashtags;
    int mentions;
    int urls;
    const char *source; /* client application, e.g. "Twitter for iPhone" */
} bf_post;

typedef struct bf_follow {
    const char *platform;
    const char *follower; /* native id */
    const char *followee; /* native id */
    int64_t observed_at;
    int64_t position; /* index in the followee's newest-first follower
                              list, or -1 when unknown */
} bf_follow;

/*
 * bf_sink is where a reader sends records.  Each callback returns BF_OK to
 * go on; any other value stops the reader, which returns it.  A NULL
 * callback drops that kind of record.
 */
typedef struct bf_sink {
    void *ctx;
    bf_err (*account)(void *ctx, const bf_account *a);
    bf_err (*post)(void *ctx, const bf_post *p);
    bf_err (*follow)(void *ctx, const bf_follow *f);
    /*
     * same, when set, lets a reader skip a profile it finds written
     * exactly as before (a timeline repeats its author's profile in every
     * post).  The reader digests the source record and asks: 1 means the
     * last account the sink took for (platform, native_id) came from a
     * source with that digest (bf_account.digest), so that the very same
     * record would change nothing; the sink has then counted the record
     * as taken, and the reader sends nothing.  0: the reader builds the
     * account and sends it, digest included.  An error stops the reader
     * as a callback's does.  A sink that changes the accounts it passes
     * on (a label) leaves same NULL and clears their digest.
     */
    bf_err (*same)(void *ctx, const char *platform, const char *native_id,
                   uint64_t digest, int *out_same);
} bf_sink;

/* bf_account_clear sets every field of a to "absent/unknown". */
void bf_account_clear(bf_account *a);

/*
 * bf_account_counts_known is 1 when at least one of a's counters
 * (followers, following, posts) was read: the least a profile needs to be
 * judged by the rule sets or the model.  A follower page's basic views (a
 * handle, a name, a picture) do not.
 */
int bf_account_counts_known(const bf_account *a);

/* bf_post_clear sets every field of p to "absent/unknown". */
void bf_post_clear(bf_post *p);

/*
 * bf_text_entities counts in the n bytes at t the hashtags ('#' then a
 * letter, a digit or '_'), the mentions ('@' likewise), neither inside a
 * word ("C#", "a@b", "&#39;"), and the links (from "http://", "https://"
 * or "www." to the next space), as a platform that marks no entities
 * shows them.  O(n).
 */
void bf_text_entities(const char *t, size_t n, int *out_hashtags,
                      int *out_mentions, int *out_urls);

/*
 * bf_text_ends_with_tco says whether the text's last word (trailing white
 * space aside) is a t.co link.  X appends one such link to the text of a
 * post with a photo, a video or a quoted post, where its entities list it
 * as media, not as a link: a text without entities ("news - https://t.co/a
 * https://t.co/b") shows the article's link and the photo's alike.  O(n).
 */
int bf_text_ends_with_tco(const char *t, size_t n);

/*
 * bf_text_x_placeholder says whether t is a text X put in place of a
 * post's own, with one link to its help pages: "@h's account is
 * temporarily unavailable because it violates the Twitter Media Policy.
 * Learn more." or "@h's account has been withheld in India in response to
 * a legal demand. Learn more."  Read as the author's words, every post of
 * such an account repeats the same text with a link.  O(n).
 */
int bf_text_x_placeholder(const char *t);

/* bf_post_kind_name is "original", "reply", "repost" or "quote". */
const char *bf_post_kind_name(bf_post_kind k);

/*
 * Exports carry two things the four records above cannot: the date each
 * follower arrived, and the audience figures the platform computed
 * (insights).  They travel through bf_sink_more, which a caller wires
 * beside its bf_sink when it can keep them (the store does); a reader
 * with no bf_sink_more drops them.
 */
typedef struct bf_arrival {
    const char *platform;
    const char *follower; /* native id */
    const char *followee; /* native id */
    int64_t followed_at;  /* when the follow began, as the export says */
} bf_arrival;

/*
 * One audience figure of an account: kind is "city", "country", "age",
 * "age_men", "age_women", "gender" (shares in percent, key the label as
 * the platform wrote it), or "followers_declared" / "followers_listed"
 * (counts, key ""): the followers the platform says the account has, and
 * those the export actually lists, so that coverage is known.
 */
typedef struct bf_insight {
    const char *platform;
    const char *account; /* native id */
    const char *kind;
    const char *key;
    double value;
    int64_t observed_at;
} bf_insight;

/*
 * expect, when set, is told once how many follows a reader expects its
 * input to hold in all, estimated from the input's size and the lines
 * read so far (edge lists): a hint for the store's lookups, never a
 * count to rely on.
 */
typedef struct bf_sink_more {
    void *ctx;
    bf_err (*arrival)(void *ctx, const bf_arrival *a);
    bf_err (*insight)(void *ctx, const bf_insight *i);
    void (*expect)(void *ctx, uint64_t follows);
} bf_sink_more;

#endif
