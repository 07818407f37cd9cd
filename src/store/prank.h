/*
 * prank.h - pagerank.bin: the PageRank of one graph and the tables that
 * make an account's percentiles a lookup among the accounts of its own
 * platform (docs/graph.md, "PageRank cache", has the byte layout).
 *
 * The file holds, after a 64-byte header, five sections:
 *   rank     n doubles, every account's PageRank by dense id;
 *   sorted   the same n values, grouped by platform (the platforms
 *            table's ids, ascending), each group ascending: the share of
 *            a platform's accounts ranked strictly lower than v is the
 *            index of the first value equal to v's in its group, a
 *            binary search;
 *   plat     n u32, every account's platform id by dense id (then four
 *            zero bytes when n is odd);
 *   groups   one entry of 32 bytes per platform with accounts: its id,
 *            its accounts, where its values start in sorted and its
 *            counts in below;
 *   below    per platform, counts (u64): below[d] of its accounts have
 *            fewer than d followers in the graph, d = 0 .. its largest
 *            in-degree + 1, so the follower-count percentile is one read.
 * Follows never cross platforms, so a platform's accounts are the ones an
 * account's reach compares with: ranked among all the accounts of a store
 * that also held another platform's graph (a research set, an ego
 * network), an Instagram account with 47 followers read as above 99% of
 * the accounts.  A store of one platform ranks as it did.
 * Built once per graph (keyed by the graph generation and the account
 * count; an account's platform never changes) and read by every audit, so
 * an audit's cost does not grow with the store: it reads a few pages of
 * rank, plat, sorted and below.
 *
 * Verified once, as graph.csr is (store/csr.h).  bf__prank_build computes
 * the section checksums, and bonafide check verifies them with the rest
 * (bf__prank_verify): every section's CRC-32, values finite and not
 * negative, the groups tiling sorted and below in platform order, each
 * group of sorted ascending and the values of its platform's accounts in
 * rank, each group of below rising from 0 to its accounts.  Opening
 * checks the header, its CRC and the file size, O(1); then each lookup
 * checks what it reads (a value finite and not negative, a group within
 * the sections, the probes of the binary search in order and ending on
 * the value looked up, a count at most the group's) and says BF_ECORRUPT
 * otherwise.  bf__prank_ranks, which reads the whole rank section,
 * verifies its CRC.
 *
 * The host must be little-endian: the sections are used in place.
 *
 * Ownership: a bf__prank owns its bytes (a mapping or a heap image) until
 * bf__prank_close.
 *
 *     bf__prank p;
 *     bf__prank_peer r;
 *     if (bf__prank_open(path, gen, n, &p) == BF_OK) {
 *         err = bf__prank_at(&p, v, &r);
 *         bf__prank_close(&p);
 *     }
 */
#ifndef BF_STORE_PRANK_H
#define BF_STORE_PRANK_H

#include <stddef.h>
#include <stdint.h>

#include "base/err.h"
#include "store/store.h"

#define BF__PRANK_MAGIC   "BFPRK003"
#define BF__PRANK_VERSION 3u
#define BF__PRANK_HEADER  64
#define BF__PRANK_GROUP   32 /* bytes of a groups entry */

typedef struct bf__prank {
    void *base;   /* the file's bytes */
    size_t size;  /* header and sections, as the header's sizes give */
    int mapped;   /* base is a mapping, else malloc'd */
    uint64_t gen; /* the graph generation it was built from */
    uint32_t n;   /* accounts */
    uint32_t ngroups;
    uint64_t ndeg;               /* below's counts, every group's together */
    const double *rank;          /* n values by dense id */
    const double *sorted;        /* n values, by platform, each ascending */
    const uint32_t *plat;        /* n platform ids by dense id */
    const unsigned char *groups; /* ngroups entries */
    const uint64_t *below;       /* ndeg counts */
    uint32_t crc[5];             /* of rank, sorted, plat, groups, below */
} bf__prank;

/* What bf__prank_at finds of one account. */
typedef struct bf__prank_peer {
    double rank; /* its PageRank */
    double pct;  /* share of its platform's accounts ranked lower, 0-100 */
    uint32_t platform; /* its platform's id */
    uint64_t accounts; /* its platform's accounts in the graph */
    uint64_t group;    /* its group's index (for bf__prank_below) */
} bf__prank_peer;

/*
 * bf__prank_build makes the image of graph g (generation gen) from rank,
 * its n = g->n PageRank values by dense id, and plat, the platform id of
 * each: it groups and sorts a copy, counts the in-degrees of g (a graph
 * whose lists have all been checked, bf_store_graph) per platform and
 * computes the checksums.  The image lives on the heap, ready for
 * bf__prank_save.  Cost: O(n log n + the platforms' largest in-degrees),
 * 20 n bytes and a little.  BF_EINVAL when a value is not finite or
 * negative, or an in-degree exceeds n.
 */
bf_err bf__prank_build(uint64_t gen, const bf_csr *g, const double *rank,
                       const uint32_t *plat, bf__prank *out);

/*
 * bf__prank_save writes p's image to path atomically, through a temp file
 * of its own (bf__tmp_create), fsync and rename.
 */
bf_err bf__prank_save(const bf__prank *p, const char *path);

/*
 * bf__prank_open maps path when it is the file of generation gen over n
 * accounts.  BF_ENOTFOUND when there is no file, or one of an earlier
 * format (a cache to replace); BF_ECORRUPT when it is another graph's
 * (stale) or fails a header check: wrong magic, version, header CRC, or a
 * size that is not what n, ngroups and ndeg give.  O(1).
 */
bf_err bf__prank_open(const char *path, uint64_t gen, uint32_t n,
                      bf__prank *out);

/*
 * bf__prank_open_any is bf__prank_open for any generation and n: for
 * bonafide check, which then compares them with the store's.
 */
bf_err bf__prank_open_any(const char *path, bf__prank *out);

/* bf__prank_close releases p's bytes; p may be zeroed or closed. */
void bf__prank_close(bf__prank *p);

/*
 * bf__prank_at fills *out for account v: its PageRank and, among the
 * accounts of its platform, the share with a strictly lower one, 0 to
 * 100, and their number.  Cost: a binary search over the groups and one
 * over its group's values, each value read checked.  BF_EINVAL when
 * v >= n, BF_ECORRUPT when what it reads is inconsistent.
 */
bf_err bf__prank_at(const bf__prank *p, uint32_t v, bf__prank_peer *out);

/*
 * bf__prank_below gives in *out how many accounts of the platform of
 * group (bf__prank_peer.group) have fewer than d followers in the graph
 * (all of them when d exceeds every in-degree).  O(1).  BF_ECORRUPT when
 * the count read is above the group's accounts.
 */
bf_err bf__prank_below(const bf__prank *p, uint64_t group, uint64_t d,
                       uint64_t *out);

/*
 * bf__prank_ranks copies the rank section into out (n doubles), after
 * verifying its CRC and every value.  O(n).  BF_ECORRUPT when it fails.
 */
bf_err bf__prank_ranks(const bf__prank *p, double *out);

/*
 * bf__prank_verify checks everything of p: each section's CRC, every
 * value, the order of sorted and that it holds the values of rank, and
 * below rising from 0 to n.  NULL when it passes, else the failed check,
 * an English phrase.  Cost: O(n log n) (it sorts a copy of rank).
 */
const char *bf__prank_verify(const bf__prank *p);

#endif
