/*
 * check.h - verifying a store's files, and repairing what can be rebuilt
 * (bonafide check).
 *
 * A store holds five kinds of file, each checked in full:
 *   bonafide.sqlite     SQLite's integrity_check and foreign_key_check;
 *   follows-NNNNNN.seg  every committed segment: its header, its size, the
 *                       CRC-32 of its records, and its count and CRC
 *                       against its row in the segments table;
 *   posts-NNNNNN.pseg   every committed post segment: header, CRC-32,
 *                       each row, the rows' order and the key index, and
 *                       its count and CRC against its row in post_segments;
 *   graph.csr           every rule of docs/graph-format.md (magic,
 *                       version, counts, section checksums, structure),
 *                       then whether it is the graph of the segments;
 *   pagerank.bin        header, section checksums, values, their order
 *                       (store/prank.h), when it is the current graph's;
 *                       a cache, so repair removes a damaged one, and an
 *                       older graph's is replaced at first use.
 * Besides, files an interrupted write left behind (segments without a
 * committed row, temp files) are named; they are not damage.
 *
 * Repair (repair != 0) runs under the store's writer lock, waiting for a
 * running batch to end.  It rebuilds what the store holds twice: indexes
 * of the database (REINDEX, when integrity_check finds only index damage),
 * a segment header or a segment's stray tail when its records still match
 * their row, and graph.csr from the segments; and it removes the leftovers.
 * A segment whose records are lost cannot be rebuilt: it is dropped from
 * the segments table and its file renamed NAME.damaged, so the rest of the
 * graph can be read again, and the item says how many follows were lost.
 * Damage to the database's tables cannot be repaired here.
 *
 * Ownership: the strings of an item live until the callback returns.
 *
 *     bf_check_totals t;
 *     err = bf_store_check("bonafide-data", 0, print_item, NULL, &t);
 *     if (!err && t.faults) ... the store is damaged
 */
#ifndef BF_STORE_CHECK_H
#define BF_STORE_CHECK_H

#include <stdint.h>

#include "base/err.h"

typedef enum bf_check_kind {
    BF_CHECK_FAULT,    /* damage, not repaired (or data that is lost) */
    BF_CHECK_REPAIRED, /* damage, repaired: nothing of it remains */
    BF_CHECK_NOTE      /* not damage: a leftover, a stale graph file */
} bf_check_kind;

typedef struct bf_check_item {
    bf_check_kind kind;
    const char *file; /* a name in the store directory */
    const char *what; /* the problem, an English phrase */
    const char *done; /* what repair did, or what the user can do; or NULL */
} bf_check_item;

typedef struct bf_check_totals {
    uint64_t segments;      /* committed segments checked */
    uint64_t follows;       /* their records */
    uint64_t graph_m;       /* distinct follows of a valid graph.csr, or 0 */
    uint64_t post_segments; /* committed post segments checked */
    uint64_t post_rows;     /* their rows (a post may have several) */
    unsigned faults;        /* items of kind BF_CHECK_FAULT */
    unsigned repaired;      /* items of kind BF_CHECK_REPAIRED */
    unsigned notes;         /* items of kind BF_CHECK_NOTE */
} bf_check_totals;

/*
 * bf_store_check checks the store in dir and, when repair, repairs it,
 * calling fn (may be NULL) with ctx for every finding, and fills *out.
 * BF_OK when the check ran, whatever it found (*out says); BF_ENOTFOUND
 * when dir holds no store, BF_ENOTDIR when it is not a directory, or
 * another error when the check itself could not run.  Cost: one read of
 * every file, O(database + segments + graph).
 */
bf_err bf_store_check(const char *dir, int repair,
                      void (*fn)(void *ctx, const bf_check_item *it), void *ctx,
                      bf_check_totals *out);

#endif
