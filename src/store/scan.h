/*
 * scan.h - reading many accounts of a store in one pass.
 *
 * bf_store_account and bf_store_each_post read one account at a time: each
 * statement is its own read transaction, which costs SQLite its locks, a
 * look at the WAL index and a few fstat calls every time.  That is right
 * for an audit and wrong for a million accounts.  A scan reads them in
 * dense-id order inside one read transaction, with a cursor over the
 * accounts moving forward only, and the post segments mapped once at
 * open, so a pass over the whole store is one walk of the accounts'
 * B-tree and one forward pass over each post segment.
 *
 * A scan takes accounts in either of two ways, mixed as the caller likes:
 * bf_store_scan_next gives the accounts that pass its filter in ascending
 * dense id, and bf_store_scan_get finds one account by dense id.  Posts
 * are read with bf_store_scan_posts, a binary search of each post segment
 * per author: asked for in ascending order they read each segment
 * forward, and any other order still works.
 *
 * The read transaction: bf_store_scan_open begins one on the store's
 * connection unless one is open already (an earlier scan, or a batch:
 * opening inside a batch is BF_EINVAL), and bf_store_scan_close ends the
 * one it began.  Everything the handle reads in between, bf_store_graph
 * and bf_store_account included, sees the same snapshot; a writer in
 * another process goes on meanwhile (WAL) and is seen by the next scan.
 *
 * Ownership: the scan owns the rows it hands out; each is valid until the
 * next call on the scan.  The scan must be closed before the store.
 *
 *     bf_store_scan *sc;
 *     bf_account_row *row;
 *     bf_store_scan_open(st, NULL, &sc);
 *     while (bf_store_scan_next(sc, &row) == BF_OK)
 *         bf_store_scan_posts(sc, row->id, fn, ctx);
 *     bf_store_scan_close(sc);
 */
#ifndef BF_STORE_SCAN_H
#define BF_STORE_SCAN_H

#include <stdint.h>

#include "store/store.h"

/* Which accounts bf_store_scan_next gives; NULL or 0 fields take all. */
typedef struct bf_scan_filter {
    const char *platform;  /* a platform name ("x" and "bsky" as aliases) */
    const char *label_set; /* the labelled set (ingest --label-set) */
    int labelled;          /* only accounts that carry a label */
    /*
     * Rows in brief: only what the profile rules read (score/rules.h):
     * platform, counters (lists included), created_at, observed_at,
     * default_avatar, unknown, and whether name, bio, URL and location
     * are present (each then reads "-"); every other field is NULL or
     * unknown.  Such a scan loads no posts: bf_store_scan_posts gives
     * none.  A pass that judges every account decodes fourteen integer
     * columns of each row and copies no string.
     */
    int brief;
} bf_scan_filter;

typedef struct bf_store_scan bf_store_scan;

/*
 * bf_store_scan_open prepares a scan of st with filter f (NULL: every
 * account) and begins the read transaction.  A platform the store does
 * not know gives a scan without accounts.  BF_EINVAL inside a batch.
 */
bf_err bf_store_scan_open(bf_store *st, const bf_scan_filter *f,
                          bf_store_scan **out);

/*
 * bf_store_scan_next gives the next account that passes the filter, in
 * ascending dense id; BF_ENOTFOUND after the last one.
 */
bf_err bf_store_scan_next(bf_store_scan *sc, bf_account_row **out_row);

/*
 * bf_store_scan_get gives account id whatever the filter; BF_ENOTFOUND
 * when the store has none.  It does not move bf_store_scan_next.
 */
bf_err bf_store_scan_get(bf_store_scan *sc, uint32_t id,
                         bf_account_row **out_row);

/*
 * bf_store_scan_posts calls fn for every post of author, oldest first, as
 * bf_store_each_post does, but each post carries only what a timeline
 * reads: created_at, kind, text, source and the counters (likes, reposts,
 * replies, quotes, hashtags, mentions, urls); its ids, platform and parent
 * are NULL and views -1.  fn returning non-BF_OK stops the walk and is
 * returned.  Cost: one binary search per post segment, and the author's
 * posts, each merged with its older rows (pview.h).
 */
bf_err bf_store_scan_posts(bf_store_scan *sc, uint32_t author,
                           bf_err (*fn)(void *ctx, const bf_post *p),
                           void *ctx);

/*
 * bf_store_scan_mark notes, once, which post rows another segment holds
 * too (bf__pview_mark): after it, bf_store_scan_posts reads the posts no
 * other segment holds with no search.  It costs one pass over every post
 * segment's key index, which grows with the store: worth it for a pass
 * over much of the store, not for a few accounts, so a scan does not do
 * it unless asked.  A no-op after the first call and on a brief scan.
 */
bf_err bf_store_scan_mark(bf_store_scan *sc);

/*
 * bf_store_scan_close ends the read transaction the scan began, if any,
 * and frees it; NULL is a no-op.
 */
void bf_store_scan_close(bf_store_scan *sc);

/*
 * A read transaction of its own, for a reader that makes thousands of
 * small reads through bf_store_account and bf_store_each_post (an audit:
 * its followers' profiles, its posts, its peers): one snapshot and one
 * lock, as a scan has, instead of SQLite's locks, WAL index look-up and
 * fstat calls around every statement.
 */
typedef struct bf_store_read {
    bf_store *st;
    struct sqlite3 *db;
    int began; /* this one began the transaction */
} bf_store_read;

/*
 * bf_store_read_begin begins a read transaction on st's connection,
 * unless one is open already (an enclosing scan or read: then it does
 * nothing, and its end neither); BF_EINVAL inside a batch.  End it with
 * bf_store_read_end before any batch on the same handle.
 */
bf_err bf_store_read_begin(bf_store *st, bf_store_read *out);

/* bf_store_read_end ends what bf_store_read_begin began; safe to call
 * after a failed begin. */
void bf_store_read_end(bf_store_read *rd);

#endif
