/*
 * timeline.h - signals read from one account's own posts.
 *
 * A timeline summary says how an account posts: how much, what kind of
 * posts, how much reaction they get, whether texts repeat, whether posting
 * is machine-regular and which client applications published them.  The
 * audit uses it for the AUTOMATED verdict and for engagement, and the rule
 * sets of rules.h use it for their post-level criteria.
 *
 * Invariants: only the newest BF_TIMELINE_CAP posts are considered (the
 * 3,200 most recent posts were all Twitter's v1.1 API returned), so memory
 * is bounded whatever the store holds.  Shares are in [0, 1]; a figure that
 * could not be measured (no post, no known counter) is -1.
 *
 * Lifetime: bf_timeline is a plain value.  The accumulator owns a ring of
 * compact per-post records until bf_timeline_acc_release.
 *
 *     bf_timeline t;
 *     if (bf_timeline_from_store(st, id, 0, &t) == BF_OK)
 *         printf("%u posts, %.0f%% duplicates\n", t.n, 100 * t.dup_share);
 */
#ifndef BF_SCORE_TIMELINE_H
#define BF_SCORE_TIMELINE_H

#include <stddef.h>
#include <stdint.h>

#include "model/model.h"
#include "store/store.h"

/* The most posts considered per account: the newest ones are kept. */
#define BF_TIMELINE_CAP 3200

/* Distinct client applications remembered per account. */
#define BF_TIMELINE_CLIENTS 64

/* The client application classes of bf_timeline_client_class. */
typedef enum bf_client_class {
    BF_CLIENT_UNKNOWN = 0, /* no source, or one not in the lists */
    BF_CLIENT_AUTOMATION,  /* posts without a person: IFTTT, dlvr.it, ... */
    BF_CLIENT_SCHEDULER,   /* a person's posts, scheduled: Buffer, ... */
    BF_CLIENT_IPHONE,      /* the official app on iOS */
    BF_CLIENT_ANDROID,     /* the official app on Android */
    BF_CLIENT_WEB,         /* the platform's web site */
    BF_CLIENT_INSTAGRAM,   /* cross-posted from Instagram */
    BF_CLIENT_FOURSQUARE   /* cross-posted from Foursquare or Swarm */
} bf_client_class;

typedef struct bf_timeline {
    uint64_t seen;  /* posts walked, before the cap */
    int64_t newest; /* the latest created_at walked, 0 none dated */
    uint32_t n;     /* posts considered (at most BF_TIMELINE_CAP) */
    uint32_t originals, replies, reposts, quotes;
    uint32_t eng_known;       /* posts whose reaction counters are known */
    double eng_mean;          /* mean reactions per post, over eng_known */
    double eng_median;        /* median reactions per post */
    double eng_mean_original; /* mean reactions per original post */
    uint32_t eng_originals;   /* original posts whose counters are known:
                                 what eng_mean_original rests on */
    double eng_per_view;      /* reactions per view of the original posts
                                 whose reactions and views are both known
                                 (sum over sum), -1 when none */
    uint32_t eng_viewed;      /* those original posts */
    double zero_eng_share;    /* posts with no reaction at all */
    /* Shares of the posts whose text or entity counts are known (-1 when
     * none is): */
    double link_share;       /* posts with a link */
    double hashtag_share;    /* posts with a hashtag */
    double mention_share;    /* posts mentioning another account */
    double punct_share;      /* posts whose text has punctuation, of the
                                 posts with a text */
    uint32_t dups;           /* near-duplicates of an earlier post */
    double dup_share;        /* dups / posts with text */
    uint32_t max_repeat;     /* most times one normalised text occurs
                                 in the account's own posts (reposts
                                 left out) */
    uint32_t spam_posts;     /* posts with a spam phrase */
    double spam_share;       /* spam_posts / posts with a text */
    double gap_median;       /* median seconds between consecutive posts */
    double gap_cv;           /* coefficient of variation of the gaps */
    uint32_t sourced;        /* posts with a known client */
    uint32_t clients;        /* distinct clients seen */
    uint32_t automation;     /* posts from automation clients */
    uint32_t scheduler;      /* posts from schedulers */
    double automation_share; /* automation / sourced */
    double scheduler_share;  /* scheduler / sourced */
    uint32_t class_posts[8]; /* posts per bf_client_class */
    uint32_t liked;          /* own posts liked at least once */
    uint32_t reposted;       /* own originals reposted at least once */
    uint32_t words;          /* posts with text beyond links */
} bf_timeline;

/* One compact record per considered post (internal to the accumulator). */
typedef struct bf__tl_rec {
    int64_t created_at;
    int64_t eng;          /* likes + reposts + replies + quotes, or -1 */
    int64_t views;        /* views (impressions), or -1 */
    uint64_t text_hash;   /* of the normalised text; 0 when it is empty */
    uint32_t client_hash; /* of the source string; 0 when unknown */
    uint16_t flags;
    uint8_t kind;
    uint8_t klass;
} bf__tl_rec;

/* The accumulator: posts are added oldest first, as the store walks them. */
typedef struct bf_timeline_acc {
    bf__tl_rec *ring; /* cap records */
    uint32_t cap;
    uint32_t head;      /* next slot to write */
    uint64_t seen;      /* posts added */
    int64_t newest;     /* the latest created_at added */
    const char *author; /* when set, posts by anyone else are ignored */
} bf_timeline_acc;

/*
 * bf_timeline_acc_init prepares acc to keep the newest cap posts (0 means
 * BF_TIMELINE_CAP).  BF_ENOMEM leaves nothing to release.
 */
bf_err bf_timeline_acc_init(bf_timeline_acc *acc, uint32_t cap);

/*
 * bf_timeline_acc_reset forgets every post added, keeping the ring and the
 * author filter, so one accumulator serves many accounts in turn without
 * allocating: afterwards it is as bf_timeline_acc_init left it.
 */
void bf_timeline_acc_reset(bf_timeline_acc *acc);

/* bf_timeline_acc_release frees acc's ring. */
void bf_timeline_acc_release(bf_timeline_acc *acc);

/* bf_timeline_acc_add records p; posts must come oldest first. */
bf_err bf_timeline_acc_add(bf_timeline_acc *acc, const bf_post *p);

/*
 * bf_timeline_acc_finish computes the summary of the posts kept.
 * Cost: O(n log n) for n kept posts (sorting for the medians).
 */
bf_err bf_timeline_acc_finish(const bf_timeline_acc *acc, bf_timeline *out);

/*
 * bf_timeline_from_store walks the posts of author (bf_store_each_post)
 * and summarises the newest cap of them (0 means BF_TIMELINE_CAP).
 */
bf_err bf_timeline_from_store(bf_store *st, uint32_t author, uint32_t cap,
                              bf_timeline *out);

/*
 * bf_timeline_from_store_with is bf_timeline_from_store through acc (its
 * cap, reset first), for a caller that summarises many accounts in turn:
 * one ring for all of them rather than one allocated and cleared each.
 */
bf_err bf_timeline_from_store_with(bf_store *st, uint32_t author,
                                   bf_timeline_acc *acc, bf_timeline *out);

/* bf_timeline_client_class classifies a source string (NULL: unknown). */
bf_client_class bf_timeline_client_class(const char *source);

/*
 * bf_timeline_normalize writes s lowercased without URLs, digits and
 * punctuation, with runs of spaces collapsed, into out (at most cap bytes
 * with the terminator); returns the length written.  A text left with one
 * word keeps its digits and links ("5:00PM" is "500pm", "😂
 * https://t.co/a" stays so): without them every time of day would be the
 * same text, and so would every one-emoji comment on a link.  A text of
 * mentions alone ("@ilithya_net https://t.co/x", a reply whose content is
 * a picture) writes nothing: it is no text of the post's own, and replies
 * to one person are not copies.
 */
size_t bf_timeline_normalize(const char *s, char *out, size_t cap);

/*
 * bf_timeline_normalize_titles is bf_timeline_normalize with every digit
 * kept, for the texts of YouTube's posts, which are their videos' titles:
 * a series numbers its episodes ("Google I/O'19 - I/O Live (Day 1
 * Composite)", "... (Day 2 Composite)"), and without the numbers every
 * episode would read as the same title posted again.
 */
size_t bf_timeline_normalize_titles(const char *s, char *out, size_t cap);

/*
 * bf_timeline_text_hash is the 64-bit hash by which near-duplicate posts
 * are found: of the first 511 bytes bf_timeline_normalize writes, n of
 * them at s; 0 only when n is 0.
 */
uint64_t bf_timeline_text_hash(const char *s, size_t n);

#endif
