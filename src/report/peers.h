/*
 * peers.h - the engagement peers of an audit: the median engagement rate
 * of the accounts of the same platform and follower tier, computed once
 * per store generation and kept in the store (store/peers.h).
 *
 * A peer is an account of the audited account's platform and tier, with
 * known followers, whose newest BF_PEERS_POSTS posts hold at least
 * BF_PEERS_MIN_POSTS originals with known reactions; its rate is its
 * mean reactions per original post over its followers.  The peers are
 * looked for among at most BF_PEERS_SCAN accounts evenly spaced over the
 * dense ids, taken in a fixed pseudo-random order, and the first
 * BF_PEERS_MAX found, the audited account left out, make the group: a
 * simple random sample of the group, whatever order the store's accounts
 * were ingested in.  The median over fewer than
 * BF_AUDIT_MIN_PEERS is not given.
 *
 * That sample costs thousands of account and timeline reads, seconds on
 * a store of a million accounts, and its result only changes when the
 * store does.  So each command that writes the store (ingest, fetch, the
 * server's jobs, demo) ends with bf_peers_refresh, which makes the same
 * sample once for every (platform, tier) at a time and saves, per group,
 * the first BF_PEERS_MAX + 1 peers in the order found.  An audit reads
 * its group, drops itself and keeps the first BF_PEERS_MAX: exactly the
 * peers the live sample would have found, since the audited account is
 * at most one of them.  When no fresh run is saved (an older store, a
 * batch committed since, other sampling parameters) the audit samples
 * live as before; readers never write.
 *
 *     bf_peers_result r;
 *     bf_peers_refresh(st, 0, &r);       after the writer's last commit
 *     bf_peers_median(st, self, "sim", 0, BF_PEERS_AUTO, &m, &n, NULL);
 */
#ifndef BF_REPORT_PEERS_H
#define BF_REPORT_PEERS_H

#include <stddef.h>
#include <stdint.h>

#include "store/store.h"

/* At most this many accounts of the same tier are measured. */
#define BF_PEERS_MAX 200
/* At most this many accounts are read to find them (evenly spaced). */
#define BF_PEERS_SCAN 20000
/* Posts read per peer, and original posts a peer needs to count. */
#define BF_PEERS_POSTS     200
#define BF_PEERS_MIN_POSTS 5

/* Where bf_peers_median takes its peers from. */
typedef enum bf_peers_source {
    BF_PEERS_AUTO,   /* the saved run when fresh, else live */
    BF_PEERS_LIVE,   /* always sample the store now */
    BF_PEERS_STORED, /* the saved run only; BF_ENOTFOUND when stale */
} bf_peers_source;

/* What bf_peers_refresh did. */
typedef struct bf_peers_result {
    int was_fresh;       /* nothing to do: the saved run was current */
    int saved;           /* a run was computed and saved */
    int carried;         /* the saved run was still the store's: moved to
                            its generation without a sample */
    uint64_t generation; /* the generation computed at */
    uint32_t scanned;    /* accounts read */
    size_t groups;       /* (platform, tier) groups met */
    size_t peers;        /* peers saved */
} bf_peers_result;

/* bf_peers_tier is the follower tier: <1K, 1K-10K, 10K-50K, 50K-500K,
 * <1M, 1M+ (0..5); unknown followers are tier 0. */
int bf_peers_tier(int64_t followers);

/* bf_peers_params is the parameter string saved with a run. */
const char *bf_peers_params(void);

/*
 * bf_peers_refresh computes and saves the peers of every group, unless
 * the saved run is fresh and force is 0.  For a command that writes the
 * store, after its last commit (never inside a batch, never from a
 * reading command).  A batch that commits while it runs makes the save a
 * no-op (out->saved 0): that batch's writer refreshes.  out may be NULL.
 * When this handle's own batches since the saved run changed no account
 * of the sample's grid and left the grid as it was
 * (bf_store_changed_since), the sample would read what it read then, so
 * the run is moved to the store's generation instead (out->carried).
 * Cost: up to BF_PEERS_SCAN account reads and one timeline read per
 * candidate of a group not yet full: about a second per million accounts;
 * a carried run, one pass over the accounts the batches changed.
 */
bf_err bf_peers_refresh(bf_store *st, int force, bf_peers_result *out);

/*
 * bf_peers_median sets *out_median to the median rate of the peers of
 * (platform, tier), account self left out (UINT32_MAX: none), or -1 when
 * there are fewer than BF_AUDIT_MIN_PEERS, and *out_peers to their
 * number.  *out_stored (may be NULL) says whether the saved run was used.
 * Cost: one indexed read of at most BF_PEERS_MAX + 1 rows when fresh,
 * else the live sample (see bf_peers_refresh).
 */
bf_err bf_peers_median(bf_store *st, uint32_t self, const char *platform,
                       int tier, bf_peers_source src, double *out_median,
                       uint32_t *out_peers, int *out_stored);

#endif
