/*
 * bulk.h - the features of many accounts of a store, read in one pass.
 *
 * bf_features_from_store reads one account: its row, its posts, its
 * follow lists and up to 2 x BF_FEAT_NEIGHBOURS neighbour rows, each its
 * own query.  A bulk reader gives the very same features for any number of
 * accounts from one read transaction (store/scan.h): accounts and posts
 * stream through forward cursors, the graph is mapped once, and each
 * neighbour is judged by the Socialbakers rules at most once, its verdict
 * kept in one byte per account.  When the accounts to score are many (a
 * sixteenth of the store or more) the verdicts are all computed up front
 * by one more sequential pass over the accounts; otherwise each is read
 * the first time a list names it.
 *
 * Memory: one byte per account of the graph for the verdicts, one
 * timeline accumulator, the rows being read; nothing grows with the
 * number of accounts scored.
 *
 * Ownership: the reader owns the rows it hands out, each valid until the
 * next call on it; it must be closed before the store.
 *
 *     bf_bulk *b;
 *     const bf_account_row *row;
 *     bf_features f;
 *     bf_bulk_open(st, bf_time_now(), NULL, UINT32_MAX, &b);
 *     while (bf_bulk_next(b, &row) == BF_OK &&
 *            bf_bulk_features(b, row, &f, NULL) == BF_OK)
 *         ... f is what bf_features_from_store gives for row->id ...
 *     bf_bulk_close(b);
 */
#ifndef BF_SCORE_BULK_H
#define BF_SCORE_BULK_H

#include <stdint.h>

#include "score/features.h"
#include "store/scan.h"

typedef struct bf_bulk bf_bulk;

/*
 * bf_bulk_open prepares a reader of st measuring at now.  filter says
 * which accounts bf_bulk_next gives (NULL: all); expect is about how many
 * accounts will be scored (UINT32_MAX: a whole pass), which decides how
 * neighbours are judged.  The graph is built first when it is stale, as
 * bf_store_graph_lazy does.  BF_EINVAL inside a batch.
 */
bf_err bf_bulk_open(bf_store *st, int64_t now, const bf_scan_filter *filter,
                    uint32_t expect, bf_bulk **out);

/* bf_bulk_next gives the next account of the filter in ascending dense id;
 * BF_ENOTFOUND after the last. */
bf_err bf_bulk_next(bf_bulk *b, const bf_account_row **out_row);

/* bf_bulk_get gives account id; BF_ENOTFOUND when there is none. */
bf_err bf_bulk_get(bf_bulk *b, uint32_t id, const bf_account_row **out_row);

/*
 * bf_bulk_features computes every family of features of row (the last
 * one b gave) into out, exactly as bf_features_from_store does, and when
 * out_t is not NULL the summary of its timeline into *out_t (n 0 when it
 * has no post).  Accounts taken in ascending dense id read their posts in
 * one sequential walk.
 */
bf_err bf_bulk_features(bf_bulk *b, const bf_account_row *row, bf_features *out,
                        bf_timeline *out_t);

/*
 * bf_bulk_measure_undated measures the ages of the profiles b gives that
 * have no observation date at at rather than at now (0: their ages are
 * unknown, as the audit takes them: a profile indexed in 2023 is not
 * three years old for being scored today).  Neighbours without one are
 * judged at at too; those with one, at it, always
 * (bf__features_judge_row).  BF_EINVAL once bf_bulk_features has run:
 * the verdicts b keeps were judged at the time then in force.
 */
bf_err bf_bulk_measure_undated(bf_bulk *b, int64_t at);

/* bf_bulk_close ends the read transaction and frees b; NULL is a no-op. */
void bf_bulk_close(bf_bulk *b);

#endif
