/*
 * sim.h - a seeded, deterministic simulated social network with ground truth.
 *
 * The simulated world is bonafide's demo data, the tests' ground truth and
 * the benchmarks' scale generator.  bf_sim_generate writes into a directory
 * the files a crawl of a Twitter-like platform would give, in the formats
 * bonafide's readers accept, plus the answer key:
 *
 *   accounts.csv  Twitter v1.1 user objects, Cresci 2015 column layout;
 *   follows.csv   "follower,followee,position", grouped by followee, each
 *                 followee's followers newest first (the order of a
 *                 follower list), position 0 the newest;
 *   posts.jsonl   Twitter v1.1 tweets, one per line, with the author
 *                 embedded (the last posts of each account, capped);
 *   labels.csv    "platform,id,screen_name,kind,label": the ground truth.
 *
 * The world holds six kinds of accounts (enum bf_sim_kind), calibrated
 * against the published figures collected in the design notes
 * (docs/simulation.md gives targets, measured values and departures).
 *
 * Invariants:
 *   - Same options, same bytes: every random draw comes from a fixed
 *     generator (xoshiro256**) seeded from (seed, purpose, account), so the
 *     files do not depend on the machine, the run or the order of work.
 *   - followers_count in accounts.csv equals the account's in-degree in
 *     follows.csv for every account.  friends_count is at least the
 *     out-degree in follows.csv; the difference stands for follows of
 *     accounts outside the simulated world (a crawl sees a subgraph).
 *   - Three showcase accounts exist whatever the size (accounts >= 200):
 *     BF_SIM_SHOWCASE_GENUINE, BF_SIM_SHOWCASE_BOUGHT, BF_SIM_SHOWCASE_BOT.
 *   - No e-mail address and no phone number is ever generated.
 *
 * Cost: memory is O(accounts) (about 40 bytes per account, plus 16 while
 * handles are assigned) and a bounded buffer for follows; time is O(edges)
 * plus sorting each follower list.  Disk is about 35 bytes per follow,
 * 540 per account and 1.3 kB per post, so for tens of millions of accounts
 * lower follows_per_account and posts_per_account.  Follows are spilled to temporary bucket
 * files inside the output directory and removed at the end.
 *
 * Lifetime: nothing is kept between calls; the options are borrowed.
 *
 *     bf_sim_opts o;
 *     bf_sim_opts_init(&o);
 *     err = bf_sim_generate(&o, "world", &summary);
 */
#ifndef BF_SIM_SIM_H
#define BF_SIM_SIM_H

#include <stddef.h>
#include <stdint.h>

#include "base/err.h"

/* The showcase accounts, present in every world of 200 accounts or more. */
#define BF_SIM_SHOWCASE_GENUINE "claire_martin_conseil"
#define BF_SIM_SHOWCASE_BOUGHT  "maxgrowth_guru"
#define BF_SIM_SHOWCASE_BOT     "promo_deals_24"

/* The smallest world that can hold the showcase accounts and their cast. */
#define BF_SIM_MIN_ACCOUNTS 200

/* The default "today" of the world: 2026-01-01T00:00:00Z. */
#define BF_SIM_DEFAULT_NOW 1767225600

/* The ground truth: what each simulated account really is. */
typedef enum bf_sim_kind {
    BF_SIM_PERSON = 0, /* an ordinary person */
    BF_SIM_BUSINESS,   /* a shop, a restaurant, a small company */
    BF_SIM_EXPERT,     /* a genuine expert with an organic audience */
    BF_SIM_BOUGHT,     /* a self-proclaimed expert who bought followers */
    BF_SIM_FAKE,       /* a fake follower: an account of a follower farm */
    BF_SIM_BOT,        /* an automated spam account */
    BF_SIM__KINDS
} bf_sim_kind;

/* The most posts per account posts.jsonl can hold (posts_per_account). */
#define BF_SIM_MAX_POSTS 64

/* posts_per_account: the size-dependent default (20, then 5/20, then 2/10). */
#define BF_SIM_POSTS_AUTO (-1)

/* The largest mean out-degree follows_per_account may ask for. */
#define BF_SIM_MAX_FOLLOWS 5000.0

typedef struct bf_sim_opts {
    uint64_t accounts; /* how many accounts; at least BF_SIM_MIN_ACCOUNTS */
    uint64_t seed;     /* the world's seed */
    int64_t now;       /* epoch seconds "today" of the world */
    /*
     * The mean out-degree of follows.csv (lines / accounts) to aim at, or 0
     * for the calibrated density (about 170-180 follows per account, from
     * Cresci's medians).  Every source of follows (organic picks, farm
     * follows, purchases) is scaled by the same factor, found from the
     * expected degrees before any follow is drawn; the result lands within
     * a few percent of the target (35 gives Kwak 2010's 1.47B/41.7M).
     */
    double follows_per_account;
    /*
     * The most posts written per account (its last ones), from 0 (an empty
     * posts.jsonl) to BF_SIM_MAX_POSTS, or BF_SIM_POSTS_AUTO.
     */
    int posts_per_account;
} bf_sim_opts;

/*
 * bf_sim_opts_init sets the defaults: 2000 accounts, seed 1, now
 * BF_SIM_DEFAULT_NOW, the calibrated density and BF_SIM_POSTS_AUTO.
 */
void bf_sim_opts_init(bf_sim_opts *o);

/* What a generation wrote. */
typedef struct bf_sim_summary {
    uint64_t accounts; /* lines of accounts.csv and labels.csv (no header) */
    uint64_t follows;  /* lines of follows.csv (no header), all distinct */
    uint64_t posts;    /* lines of posts.jsonl (embedded retweets aside) */
    uint64_t by_kind[BF_SIM__KINDS]; /* accounts of each kind */
} bf_sim_summary;

/*
 * bf_sim_generate builds the world described by o and writes its four files
 * into outdir, creating the directory (and its parents) when missing.  Each
 * file is written under a temporary name and renamed when complete.  out
 * may be NULL.  BF_EINVAL when o->accounts is below BF_SIM_MIN_ACCOUNTS or
 * above 2^31, follows_per_account is negative, not a number or above
 * BF_SIM_MAX_FOLLOWS, or posts_per_account is out of range; BF_EIO when a file cannot be written, BF_ENOMEM.
 */
bf_err bf_sim_generate(const bf_sim_opts *o, const char *outdir,
                       bf_sim_summary *out);

/*
 * bf_sim_kind_name is the name of kind used in labels.csv ("person",
 * "business", "genuine_expert", "bought_expert", "fake_follower",
 * "spam_bot"), or "unknown".
 */
const char *bf_sim_kind_name(int kind);

/*
 * bf_sim_kind_label is the label of kind in labels.csv: "genuine" for the
 * real humans and organisations (bought experts included: the account is
 * real, its audience is not), "fake" for fake followers, "bot" for spam
 * bots, or "unknown".
 */
const char *bf_sim_kind_label(int kind);

/*
 * Internal to src/sim: the vocabulary lives in sim_text.c.  Each function
 * writes NUL-terminated text of at most cap bytes into out, chosen by the
 * 64-bit value h (a hash of the seed and the account or post), so the same
 * h always gives the same text.  None of them ever writes an e-mail
 * address or a run of more than six digits.
 */
void bf__sim_first_name(uint64_t h, char *out, size_t cap);
void bf__sim_last_name(uint64_t h, char *out, size_t cap);
void bf__sim_city(uint64_t h, char *out, size_t cap);
void bf__sim_business_name(uint64_t h, char *out, size_t cap);
void bf__sim_bio(int kind, uint64_t h, const char *city, char *out, size_t cap);
void bf__sim_post_text(int kind, uint64_t h, char *out, size_t cap);
void bf__sim_reply_text(uint64_t h, char *out, size_t cap);

#endif
