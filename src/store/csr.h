/*
 * csr.h - the graph file: building, writing, mapping and validating
 * graph.csr (docs/graph-format.md has the byte layout).
 *
 * Building: collect (follower, followee) pairs of dense ids in a
 * bf__csr_edges, in any order and with duplicates, then bf__csr_write sorts
 * them (LSD radix sort on a packed key), removes duplicates, lays out both
 * directions and writes the file atomically (temp file, fsync, rename).
 *
 * Reading: bf__csr_map maps a file read-only and runs bf__csr_check on it,
 * which trusts nothing - sizes, magic, version, every section bound and
 * checksum, offsets monotonic and ending at m, every neighbour below n and
 * each adjacency list strictly ascending.  A file that passes can be used
 * with no further bounds checks.
 *
 * Invariants of a checked bf_csr: out_off[0] = in_off[0] = 0,
 * out_off[n] = in_off[n] = m, offsets non-decreasing, neighbours < n and
 * strictly ascending within a list; in_pos, when present (flag
 * BF__CSR_F_IN_POS), is parallel to in_adj and holds values >= -1.
 *
 * Positions.  An edge added with bf__csr_edges_add_pos carries the
 * follower's index in the followee's newest-first follower list.  The
 * position array is allocated on the first known position, so a graph
 * without any costs nothing more.  Among duplicates of an edge the
 * position added last that is known (>= 0) wins: the store adds segments
 * oldest first, so that is the newest segment's.  The host must be little-endian: the
 * arrays are used in place.
 *
 * Ownership: bf__csr_edges owns its keys; bf__csr_file owns its mapping and
 * the bf_csr inside points into it.
 *
 *     bf__csr_edges e;
 *     bf__csr_edges_init(&e, n);  bf__csr_edges_add(&e, 0, 1);
 *     err = bf__csr_write("dir/graph.csr", &e, generation);
 */
#ifndef BF_STORE_CSR_H
#define BF_STORE_CSR_H

#include <stddef.h>
#include <stdint.h>

#include "store/store.h"

#define BF__CSR_MAGIC   "BFCSR001"
#define BF__CSR_VERSION 2
#define BF__CSR_HEADER  168 /* bytes before the first section */

/* Header flag: the file holds the in_pos section. */
#define BF__CSR_F_IN_POS 1u

/* A growing list of edges over n vertices, stored as packed sort keys. */
typedef struct bf__csr_edges {
    uint64_t *keys; /* (follower << shift) | followee */
    int32_t *pos;   /* parallel to keys, -1 unknown; NULL: all unknown */
    size_t len;
    size_t cap;
    uint32_t n;     /* vertices: every endpoint is below n */
    unsigned shift; /* bits of a followee: width of n - 1, at least 1 */
} bf__csr_edges;

/* A mapped, checked graph file. */
typedef struct bf__csr_file {
    void *base; /* NULL when nothing is mapped */
    size_t size;
    uint64_t generation; /* the segment id the file was built from */
    bf_csr g;            /* points into base */
} bf__csr_file;

/* bf__csr_edges_init makes an empty list over n vertices; no memory yet. */
void bf__csr_edges_init(bf__csr_edges *e, uint32_t n);

/* bf__csr_edges_reserve makes room for extra more edges. */
bf_err bf__csr_edges_reserve(bf__csr_edges *e, size_t extra);

/*
 * bf__csr_edges_add appends the edge follower -> followee; BF_ECORRUPT when
 * an endpoint is not below n (the caller's data contradicts its n).
 */
bf_err bf__csr_edges_add(bf__csr_edges *e, uint32_t follower,
                         uint32_t followee);

/*
 * bf__csr_edges_add_pos appends follower -> followee with the follower's
 * position in the followee's newest-first list (-1 or any negative value:
 * unknown).  The first known position allocates the position array
 * (4 bytes per edge from then on); BF_ENOMEM when it cannot.
 */
bf_err bf__csr_edges_add_pos(bf__csr_edges *e, uint32_t follower,
                             uint32_t followee, int32_t position);

/* bf__csr_edges_release frees the keys and positions. */
void bf__csr_edges_release(bf__csr_edges *e);

/*
 * bf__csr_write sorts and deduplicates e (in place: afterwards e->keys holds
 * the m distinct edges in order) and writes the graph file at path, going
 * through path.tmp and a rename.  Time O(m_raw * passes), passes being
 * ceil(2 * shift / 11) radix passes; memory two key arrays plus n words,
 * and two position arrays (4 bytes per edge each) when positions are
 * known.  The file holds in_pos exactly when e->pos is not NULL.
 */
bf_err bf__csr_write(const char *path, bf__csr_edges *e, uint64_t generation);

/*
 * bf__csr_check validates the size bytes at p as a graph file and fills
 * *out_g (pointing into p) and *out_generation.  p must be 8-byte aligned.
 * BF_ECORRUPT on any failure, a file of another version included (the
 * store then rebuilds it).  Time O(n + m).
 */
bf_err bf__csr_check(const void *p, size_t size, bf_csr *out_g,
                     uint64_t *out_generation);

/*
 * bf__csr_map maps path read-only and checks it.  BF_ENOTFOUND when the
 * file is missing, BF_ECORRUPT when it fails a check or was written by
 * another format version, BF_EIO otherwise.
 */
bf_err bf__csr_map(const char *path, bf__csr_file *out);

/* bf__csr_unmap ends the mapping; safe on a zeroed or unmapped file. */
void bf__csr_unmap(bf__csr_file *f);

#endif
