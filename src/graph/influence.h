/*
 * influence.h - how much an account is really listened to.
 *
 * Follower counts can be bought; influence cannot (Kwak et al. 2010, "What
 * is Twitter, a social network or a news media?"; Cha et al. 2010, "the
 * million follower fallacy").  For one account this gathers the figures
 * the audit's influence section shows: its PageRank and the percentile of
 * that PageRank among the store's accounts of its platform (follows never
 * cross platforms), the percentile of its follower count among them, and
 * how many of its followers are themselves influential.
 *
 * PageRank over the whole store is computed once per graph generation and
 * cached in the store directory, so auditing many accounts costs one
 * PageRank, not one each.
 *
 * Ownership: bf_influence is a plain value filled by the call.
 *
 *     bf_influence inf;
 *     if (bf_graph_influence(st, id, &inf) == BF_OK)
 *         printf("PageRank percentile %.1f\n", inf.pagerank_pct);
 */
#ifndef BF_GRAPH_INFLUENCE_H
#define BF_GRAPH_INFLUENCE_H

#include <stdint.h>

#include "store/store.h"

/* A follower with more followers than this counts as influential. */
#define BF_INFLUENTIAL_FOLLOWERS 1000

/*
 * An account counts as a peer for the percentiles when the store holds at
 * least this many of its followers: one seen only at the end of a single
 * follow (the follower or followee of an exported account) has no
 * measured reach, and an export's ego network is no population.
 */
#define BF_INFLUENCE_PEER_FOLLOWERS 2

typedef struct bf_influence {
    double pagerank;          /* the account's PageRank, sums to 1 */
    double pagerank_pct;      /* share of the accounts of its platform
                                    ranked lower, 0..100 */
    double followers_pct;     /* the same for the follower count in store */
    uint64_t accounts;        /* peers: accounts of its platform with at least
                                    BF_INFLUENCE_PEER_FOLLOWERS followers
                                    in the store; the percentiles mean
                                    something only among enough of them */
    uint64_t followers_known; /* followers in the store (in-degree) */
    uint64_t followers_profiled; /* of those, with a profile whose counts
                                    are known: the ones judged (a stub
                                    from a follow list is neither
                                    influential nor not) */
    uint64_t influential;        /* of those, with > BF_INFLUENTIAL_FOLLOWERS
                                    followers and fake by neither rule set
                                    of score/rules.h on their profile */
    double influential_share;    /* influential / followers_profiled, -1 if 0 */
    uint64_t followers_sampled;  /* 0: followers_profiled and influential
                                    count every follower; else a uniform
                                    sample of this many of them */
} bf_influence;

/*
 * bf_graph_influence fills out for account id.  Builds the graph and the
 * PageRank cache first when they are stale.  Cost, once they are there:
 * O(log n) for the percentiles, one brief profile read per follower.
 * BF_ENOTFOUND for an id outside the store.
 */
bf_err bf_graph_influence(bf_store *st, uint32_t id, bf_influence *out);

/*
 * bf_graph_influence_briefs is bf_graph_influence with the followers'
 * verdicts already read, so that an audit that judges them for another
 * section reads them once: v[j], j < nv, is the verdict (bf_brief_judge,
 * score/brief.h) of the follower at place at[j] of id's in-list
 * (bf_csr_in's order) of length deg; at NULL means place j, every
 * follower (nv == deg).  A sample (nv < deg, at ascending: a uniform one,
 * bf_csr_in_sample) gives the influential count of the sample, and
 * followers_sampled says so.  v NULL, or deg not the list's length, reads
 * every follower here.
 */
struct bf_brief;
bf_err bf_graph_influence_briefs(bf_store *st, uint32_t id, const uint64_t *at,
                                 const struct bf_brief *v, uint64_t nv,
                                 uint64_t deg, bf_influence *out);

/*
 * bf_graph_pagerank_cached gives the PageRank (default options) of every
 * account of the store in *out_rank (malloc'd, n = *out_n doubles, caller
 * frees), read from the store directory's pagerank.bin (store/prank.h)
 * when it is the current graph's and its values pass their checksum, else
 * computed and written there (temp file, fsync, rename).  Cost: O(n)
 * when cached, one PageRank otherwise.
 */
bf_err bf_graph_pagerank_cached(bf_store *st, double **out_rank,
                                uint32_t *out_n);

/*
 * bf__influence_builds says how many PageRank tables this process has
 * computed (tests: a store whose pagerank.bin cannot be written computes
 * one per graph, not one per audit).
 */
uint64_t bf__influence_builds(void);

/*
 * bf__influence_grown says how many of those tables were made from the
 * PageRank of the same follows over fewer accounts, without a PageRank
 * (accounts added with no follow: influence.c, grown).
 */
uint64_t bf__influence_grown(void);

#endif
