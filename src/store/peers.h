/*
 * peers.h - the store's data generation and its stored peer statistics
 * (schema v7), the way a database keeps statistics for its planner.
 *
 * The generation is a counter in the database that every batch raises in
 * its own transaction (bf_store_commit), so it changes whenever accounts,
 * posts or follows may have changed, and never otherwise.  Statistics
 * computed from the store are saved with the generation they were
 * computed at, and are fresh while it is still the store's.
 *
 * The peer statistics are, for each (platform, follower tier) met, the
 * accounts a sample of the store offers as engagement peers, each with
 * its engagement rate, in the order the sample found them.  The report
 * layer computes them (report/peers.h, bf_peers_refresh) and reads them
 * back for each audit instead of sampling the store again.  This file
 * only keeps them: what a peer is, and the sampling, are the report's.
 * A run also keeps a parameter string naming how it was computed, so
 * that a binary sampling differently never takes another's figures.
 *
 * Invariants: a saved run is always complete (one transaction replaces
 * the whole table); it is saved only when the generation it was computed
 * at is still the store's, checked under the writer lock; readers never
 * write.
 *
 * Ownership: arrays are the caller's.
 *
 *     uint64_t gen;
 *     bf_store_generation(st, &gen);
 *     ... compute the groups from the store ...
 *     bf_store_peers_save(st, gen, params, groups, ngroups, &saved);
 *     bf_store_peers_read(st, params, "sim", 0, rates, 201, &n);
 */
#ifndef BF_STORE_PEERS_H
#define BF_STORE_PEERS_H

#include <stddef.h>
#include <stdint.h>

#include "store/store.h"

/* One peer: its dense id and its engagement rate. */
typedef struct bf_peer_rate {
    uint32_t account;
    double rate;
} bf_peer_rate;

/* The peers found for one (platform, tier), in the order found. */
typedef struct bf_peer_group {
    const char *platform; /* borrowed */
    int tier;
    const bf_peer_rate *rates; /* borrowed */
    size_t n;
} bf_peer_group;

/* What bf_store_peers_info says about the saved run. */
typedef struct bf_peers_info {
    int saved;           /* a run is saved at all */
    int fresh;           /* ... at the store's generation, with params */
    int same_params;     /* ... with params, at any generation */
    uint64_t generation; /* the run's generation */
    uint64_t current;    /* the store's generation */
    int64_t computed_at; /* when it was computed (Unix time) */
    uint64_t groups;     /* (platform, tier) groups saved */
    uint64_t peers;      /* peers saved over all groups */
} bf_peers_info;

/*
 * bf_store_generation sets *out_gen to the store's data generation: 0 for
 * a store no batch has committed to since it reached schema v7.  O(1).
 */
bf_err bf_store_generation(bf_store *st, uint64_t *out_gen);

/*
 * bf_store_peers_save replaces the saved peer statistics with ngroups
 * groups computed at generation gen with the parameters params (a short
 * string, compared verbatim by readers).  It waits for the writer lock,
 * then, in one transaction, checks that gen is still the store's
 * generation: when it is not (a batch committed since), nothing is
 * written and *out_saved is 0, since those figures already describe an
 * older store.  BF_EINVAL inside a batch.  Cost: one insert per peer.
 */
bf_err bf_store_peers_save(bf_store *st, uint64_t gen, const char *params,
                           const bf_peer_group *groups, size_t ngroups,
                           int *out_saved);

/*
 * bf_store_peers_read copies into out (at most cap) the saved peers of
 * (platform, tier) in the order they were found, and sets *out_n; a
 * group the run did not meet has none (BF_OK, *out_n 0).  BF_ENOTFOUND
 * when no run is saved, or the saved one is stale (another generation,
 * other parameters): the caller computes live.  One statement, so the
 * freshness and the rows are read from one snapshot.  Cost: O(cap).
 */
bf_err bf_store_peers_read(bf_store *st, const char *params,
                           const char *platform, int tier, bf_peer_rate *out,
                           size_t cap, size_t *out_n);

/*
 * bf_store_peers_info fills *out about the saved run against params
 * (bonafide check, bonafide stats, the tests).
 */
bf_err bf_store_peers_info(bf_store *st, const char *params,
                           bf_peers_info *out);

/*
 * bf_store_changed_since says what this handle's own batches changed
 * after generation gen: *out_accounts gets the account count at gen, and
 * *out_ids the dense ids of the accounts whose profile was written or
 * under whose name a post was stored (a post stored again under another
 * author names both), *out_n of them, perhaps with repeats.  They are the
 * handle's until its next batch.  BF_ENOTFOUND when that is not known:
 * another connection committed since, gen is not a generation this
 * handle committed or started from, or a batch changed more than it
 * lists (dropped posts, over 65,536 accounts, posts whose keys the
 * commit did not walk).  BF_EINVAL inside a batch.  So a statistic saved
 * at gen that reads only those accounts' profiles and posts, and their
 * count, is still the store's when none of them is among those it read.
 * Cost: two reads of the database.
 */
bf_err bf_store_changed_since(bf_store *st, uint64_t gen,
                              uint32_t *out_accounts, const uint32_t **out_ids,
                              size_t *out_n);

/*
 * bf_store_peers_carry moves the saved run made at generation from with
 * params to generation to, the store's, and sets *out_saved: for a run
 * the caller knows to be still the store's (bf_store_changed_since).
 * Nothing is written, and *out_saved is 0, when the run or the store's
 * generation is no longer the one named (a batch or a save came
 * between).  BF_EINVAL inside a batch.  Cost: one update.
 */
bf_err bf_store_peers_carry(bf_store *st, uint64_t from, uint64_t to,
                            const char *params, int *out_saved);

/*
 * bf__generation_bump raises the generation inside the open batch
 * (bf_store_commit calls it just before its COMMIT).
 */
bf_err bf__generation_bump(bf_store *st);

/*
 * bf__generation_bump_follows raises the generation for a change of the
 * follows alone (check --repair dropping a lost segment), inside the
 * caller's transaction: a saved peer run that was fresh is carried to
 * the new generation, since peers are found from accounts and posts and
 * never read a follow.
 */
bf_err bf__generation_bump_follows(bf_store *st);

#endif
