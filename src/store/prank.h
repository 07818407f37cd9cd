/*
 * prank.h - pagerank.bin: the PageRank of one graph and the two tables
 * that make an account's percentiles a lookup (docs/graph.md, "PageRank
 * cache", has the byte layout).
 *
 * The file holds, after a 64-byte header, three sections:
 *   rank     n doubles, every account's PageRank by dense id;
 *   sorted   the same n values, ascending: the share of accounts ranked
 *            strictly lower than v is the index of the first value equal
 *            to v's, a binary search;
 *   below    ndeg counts (u64): below[d] accounts have fewer than d
 *            followers in the graph, d = 0 .. max in-degree + 1, so the
 *            follower-count percentile is one read.
 * Built once per graph (keyed by the graph generation and the account
 * count) and read by every audit, so an audit's cost no longer grows with
 * the store: it reads three or four pages of rank and sorted and one of
 * below, where it used to read the whole file and every in-degree.
 *
 * Verified once, as graph.csr is (store/csr.h).  bf__prank_build computes
 * the section checksums, and bonafide check verifies them with the rest
 * (bf__prank_verify): every section's CRC-32, values finite and not
 * negative, sorted ascending and a permutation of rank, below rising from
 * 0 to n.  Opening checks the header, its CRC and the file size, O(1);
 * then each lookup checks what it reads (a value finite and not negative,
 * the probes of the binary search in order and ending on the value
 * looked up, a count at most n) and says BF_ECORRUPT otherwise.
 * bf__prank_ranks, which reads the whole rank section, verifies its CRC.
 *
 * The host must be little-endian: the sections are used in place.
 *
 * Ownership: a bf__prank owns its bytes (a mapping or a heap image) until
 * bf__prank_close.
 *
 *     bf__prank p;
 *     if (bf__prank_open(path, gen, n, &p) == BF_OK) {
 *         err = bf__prank_at(&p, v, &rank, &pct);
 *         bf__prank_close(&p);
 *     }
 */
#ifndef BF_STORE_PRANK_H
#define BF_STORE_PRANK_H

#include <stddef.h>
#include <stdint.h>

#include "base/err.h"
#include "store/store.h"

#define BF__PRANK_MAGIC    "BFPRK002"
#define BF__PRANK_MAGIC_V1 "BFPRK001" /* the earlier format: values only */
#define BF__PRANK_VERSION  2u
#define BF__PRANK_HEADER   64

typedef struct bf__prank {
    void *base;   /* the file's bytes */
    size_t size;  /* BF__PRANK_HEADER + 16 n + 8 ndeg */
    int mapped;   /* base is a mapping, else malloc'd */
    uint64_t gen; /* the graph generation it was built from */
    uint32_t n;   /* accounts */
    uint64_t ndeg;
    const double *rank;    /* n values by dense id */
    const double *sorted;  /* n values, ascending */
    const uint64_t *below; /* ndeg counts */
    uint32_t crc[3];       /* of rank, sorted, below, as the header says */
} bf__prank;

/*
 * bf__prank_build makes the image of graph g (generation gen) from rank,
 * its n = g->n PageRank values by dense id: it sorts a copy, counts the
 * in-degrees of g (a graph whose lists have all been checked,
 * bf_store_graph) and computes the checksums.  The image lives on the
 * heap, ready for bf__prank_save.  Cost: O(n log n + max in-degree),
 * 16 n + 8 ndeg bytes.  BF_EINVAL when a value is not finite or negative,
 * or an in-degree exceeds n.
 */
bf_err bf__prank_build(uint64_t gen, const bf_csr *g, const double *rank,
                       bf__prank *out);

/*
 * bf__prank_save writes p's image to path atomically, through a temp file
 * of its own (bf__tmp_create), fsync and rename.
 */
bf_err bf__prank_save(const bf__prank *p, const char *path);

/*
 * bf__prank_open maps path when it is the file of generation gen over n
 * accounts.  BF_ENOTFOUND when there is no file, or one of the earlier
 * format (a cache to replace); BF_ECORRUPT when it is another graph's
 * (stale) or fails a header check: wrong magic, version, header CRC, or a
 * size that is not what n and ndeg give.  O(1).
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
 * bf__prank_at gives account v's PageRank in *rank and, in *pct, the
 * share of accounts with a strictly lower PageRank, 0 to 100.  Cost: a
 * binary search, O(log n), each value read checked.  BF_EINVAL when
 * v >= n, BF_ECORRUPT when what it reads is inconsistent.
 */
bf_err bf__prank_at(const bf__prank *p, uint32_t v, double *rank, double *pct);

/*
 * bf__prank_below gives in *out how many accounts have fewer than d
 * followers in the graph (n when d exceeds every in-degree).  O(1).
 * BF_ECORRUPT when the count read is above n.
 */
bf_err bf__prank_below(const bf__prank *p, uint64_t d, uint64_t *out);

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
