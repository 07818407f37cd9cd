/*
 * csr.h - the graph file: building, writing, mapping and validating
 * graph.csr (docs/graph-format.md has the byte layout).
 *
 * Building: collect (follower, followee) pairs of dense ids in a
 * bf__csr_edges, in any order and with duplicates, then bf__csr_write sorts
 * them (LSD radix sort on a packed key), removes duplicates, lays out both
 * directions and writes the file atomically (temp file, fsync, rename).
 *
 * Reading, verified once.  The section checksums are computed when the
 * file is built and verified by bonafide check (bf__csr_verify), not at
 * every open: they cost a read of the whole file, which would make each
 * audit's cost grow with the graph.  What an open checks depends on what
 * the reader will touch, as a database checks the pages it reads:
 *
 * - bf__csr_map_lazy (the store's per-account readers): the header, its
 *   CRC, the section table and the file size, O(1).  Every section then
 *   lies inside the mapping with its canonical size, so reading
 *   out_off[0..n], in_off[0..n] or any entry of an adjacency section is
 *   in bounds, but the values are not yet trusted: a list is read
 *   through bf_csr_in / bf_csr_out (store.h), which check that list -
 *   offsets in order and within m, neighbours below n and ascending,
 *   positions >= -1 - in O(its length), and say BF_ECORRUPT otherwise.
 * - bf__csr_file_whole (whole-graph algorithms, which read everything
 *   anyway): the structural rules 5-8 of docs/graph-format.md over every
 *   list, O(n + m), once per mapping; the arrays may then be used with no
 *   further bounds checks.
 * - bf__csr_map and bf__csr_check: both of the above and every section
 *   checksum, for tests, benchmarks and bonafide check.
 *
 * Invariants of a checked bf_csr: out_off[0] = in_off[0] = 0,
 * out_off[n] = in_off[n] = m, offsets non-decreasing, neighbours < n and
 * strictly ascending within a list; in_pos, when present (flag
 * BF__CSR_F_IN_POS), is parallel to in_adj and holds values >= -1.
 *
 * Local order.  A graph of at least BF__CSR_ORDER_MIN_N vertices (the
 * order_min_n of its bf__csr_edges, which tests may lower) also
 * gets its vertices numbered by degree (in plus out), highest first (ties
 * by dense id), and a copy of both directions relabelled in that
 * numbering: the accounts whose per-vertex entries the whole-graph
 * metrics read most often (a PageRank contribution is read once per
 * follow its account makes, a k-core degree once per neighbour) then sit
 * together in the first cache lines of those arrays.  bf_csr's order,
 * lo_out_off, lo_out_adj, lo_in_off and lo_in_adj point at them; they are
 * NULL otherwise.  The copy costs 8 m + 20 n bytes and two passes over the
 * in-edges at build time, paid once per graph rather than at every
 * analysis; the graph layer (bf__graph_local, graph/graph.h) runs PageRank
 * and k-core over it and gives results back by dense id.
 *
 * Positions.  An edge added with bf__csr_edges_add_pos carries the
 * follower's index in the followee's newest-first follower list.  The
 * position array is allocated on the first known position, so a graph
 * without any costs nothing more.  Among duplicates of an edge the
 * position added last that is known (>= 0) wins: the store adds segments
 * oldest first, so that is the newest segment's.  The host must be little-endian: the
 * arrays are used in place.
 *
 * Memory budget.  An edge list holds at most `chunk` edges in memory:
 * an eighth of the machine's memory, at least BF__CSR_MEMORY and at most
 * BF__CSR_MEMORY_MAX bytes (or the environment variable
 * BONAFIDE_CSR_MEMORY, read by bf__csr_edges_init), divided by 24, the
 * peak bytes per edge of the sort with positions.  When one more edge arrives, the held edges
 * are sorted, deduplicated and written as a run to a temporary file in
 * the spill directory (bf__csr_edges_set_dir; $TMPDIR or /tmp by
 * default), which is unlinked as soon as it is opened, so it vanishes with
 * the descriptor whatever happens.  bf__csr_write then merges the runs.
 * A list that never exceeds its chunk takes the in-memory path; both
 * paths write byte-identical files.
 *
 * Ownership: bf__csr_edges owns its keys, positions, directory copy and
 * run file; bf__csr_file owns its mapping and the bf_csr inside points
 * into it.
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
#define BF__CSR_VERSION 4
#define BF__CSR_HEADER  288 /* bytes before the first section */

/* The default budget of a build's edge records, in bytes: an eighth of
 * the machine's memory within these bounds. */
#define BF__CSR_MEMORY     ((size_t)256 << 20)
#define BF__CSR_MEMORY_MAX ((size_t)4 << 30)

/* Header flag: the file holds the in_pos section. */
#define BF__CSR_F_IN_POS 1u
/* Header flag: the file holds the local order and the in-edges in it. */
#define BF__CSR_F_ORDER 2u

/*
 * Graphs of at least this many vertices get the local order sections:
 * below it PageRank's contributions (4 bytes each) fit in a core's L2
 * cache and the order would buy nothing (docs/graph.md).
 */
#define BF__CSR_ORDER_MIN_N (1u << 18)

/*
 * Edge lists of at least this many keys are sorted by their top digit
 * first (csr.c, radix_sort): below it the keys and positions, 12 MB at
 * most, stay in the processor's caches through whole-array passes, and
 * 2,048 buckets of a few hundred keys would each cost more to set up
 * than to sort.
 */
#define BF__CSR_MSD_MIN ((size_t)1 << 20)

/*
 * The local order's out-lists are written by transposing its in-lists
 * (csr.c, transpose), writes scattered over the followers being filled:
 * at most this many edges' worth of out-lists per thread at a time (256
 * MB), which stays in the page cache until done even when the graph file
 * is larger than memory.
 */
#define BF__CSR_TRANS_STRETCH ((uint64_t)64 << 20)

struct bf__csr_spill; /* the run file, csr.c */

/* A growing list of edges over n vertices, stored as packed sort keys. */
typedef struct bf__csr_edges {
    uint64_t *keys; /* (follower << shift) | followee */
    int32_t *pos;   /* parallel to keys, -1 unknown; NULL: all unknown */
    size_t len;
    size_t cap;
    uint32_t n;             /* vertices: every endpoint is below n */
    unsigned shift;         /* bits of a followee: width of n - 1, at least 1 */
    size_t chunk;           /* most edges held in memory; beyond, runs spill */
    char *dir;              /* spill directory, NULL: $TMPDIR or /tmp */
    size_t msd_min;         /* the top-digit sort from this many keys on:
                             BF__CSR_MSD_MIN, lowered by tests */
    uint32_t order_min_n;   /* local order from this many vertices on:
                             BF__CSR_ORDER_MIN_N, lowered by tests */
    unsigned threads;       /* the build's threads: bf_par_threads(), set
                             by tests; the file is the same for any */
    uint64_t trans_stretch; /* BF__CSR_TRANS_STRETCH, lowered by tests */
    struct bf__csr_spill *spill; /* NULL until the first run */
    /* The arrays a sort moved the keys and positions out of, kept for
     * the next sort (spare_pos NULL when there were no positions). */
    uint64_t *spare;
    int32_t *spare_pos;
    size_t spare_cap;
} bf__csr_edges;

/* A mapped, checked graph file. */
typedef struct bf__csr_file {
    void *base; /* NULL when nothing is mapped */
    size_t size;
    uint64_t generation; /* the segment id the file was built from */
    int whole;           /* 1: every list checked (bf__csr_file_whole) */
    int mapped_lazy;     /* 1: mapped for scattered reads (MADV_RANDOM) */
    bf_csr g;            /* points into base */
} bf__csr_file;

/*
 * bf__csr_edges_init makes an empty list over n vertices; no memory yet.
 * It reads the budget from BONAFIDE_CSR_MEMORY (bytes, a positive decimal
 * number; anything else means the default, above).
 */
void bf__csr_edges_init(bf__csr_edges *e, uint32_t n);

/*
 * bf__csr_edges_set_dir makes runs spill into dir (copied), normally the
 * store directory; call it before adding edges.  BF_ENOMEM on failure.
 */
bf_err bf__csr_edges_set_dir(bf__csr_edges *e, const char *dir);

/*
 * bf__csr_edges_reserve makes room for extra more edges, but never for
 * more than the chunk: the edges beyond it go to runs.
 */
bf_err bf__csr_edges_reserve(bf__csr_edges *e, size_t extra);

/*
 * bf__csr_edges_add appends the edge follower -> followee; BF_ECORRUPT when
 * an endpoint is not below n (the caller's data contradicts its n).  When
 * the chunk is full its edges are first spilled as a run: BF_EIO when the
 * run file cannot be created or written.
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

/*
 * Slots: a caller that knows how many edges come, and can place each,
 * fills them from several threads at once.  bf__csr_edges_slots makes
 * count slots after no edge was added (BF_EINVAL otherwise), with a
 * position each, as long as they fit in one chunk (BF_ELIMIT when they
 * would spill: add them one by one then); BF_ENOMEM when it cannot.
 * bf__csr_edges_set fills slot i, each slot by one thread: 0, or -1
 * when an endpoint is not below n.  bf__csr_edges_slots_done then
 * counts the count edges, slot order being the order they were added
 * in, and frees the positions when none was known (any_pos 0), so that
 * the result is that of adding them one by one with
 * bf__csr_edges_add_pos.
 */
bf_err bf__csr_edges_slots(bf__csr_edges *e, size_t count);

static inline int bf__csr_edges_set(bf__csr_edges *e, size_t i,
                                    uint32_t follower, uint32_t followee,
                                    int32_t position)
{
    if (follower >= e->n || followee >= e->n)
        return -1;
    e->keys[i] = (uint64_t)follower << e->shift | followee;
    e->pos[i] = position >= 0 ? position : -1;
    return 0;
}

void bf__csr_edges_slots_done(bf__csr_edges *e, size_t count, int any_pos);

/* bf__csr_edges_release frees the keys, positions and the run file. */
void bf__csr_edges_release(bf__csr_edges *e);

/*
 * bf__csr_write sorts and deduplicates e and writes the graph file at
 * path, going through a temp file of its own, path.tmp-XXXXXX, held under
 * an exclusive flock until it is renamed over path (so a concurrent sweep
 * leaves it alone and concurrent builders never share it).  A failure
 * names its cause: BF_ENOSPC when the disk is full, BF_EACCES when the
 * directory cannot be written.  In memory (no run spilled), the keys
 * are sorted by follower, laid out, turned round and sorted by followee
 * in the arrays the first sort left, laid out again and freed, so e holds
 * no edges afterwards.  Time O(m_raw * passes), passes being
 * ceil(2 * shift / 11) radix passes; memory two key arrays plus n words,
 * and two position arrays (4 bytes per edge each) when positions are
 * known.  With runs, the last
 * chunk is spilled too, and the runs are merged once: the distinct edges
 * are counted, written as one run of out-edges and re-sorted by followee
 * through a second set of runs; those are merged into out_off and
 * out_adj, and in_off, in_adj and in_pos.  Runs are delta-coded and
 * released as they are read, and the file is reserved on disk as it
 * fills, so the disk's peak is about the file's size; memory stays
 * within the budget plus the merge buffers, the run files are closed on
 * return and e is left empty.  The file holds in_pos exactly when a known
 * position was ever added.
 */
bf_err bf__csr_write(const char *path, bf__csr_edges *e, uint64_t generation);

/*
 * bf__csr_build_mem is bf__csr_write into anonymous memory: *out gets the
 * same bytes the file would hold, checked, and is ended by bf__csr_unmap.
 * For a reader that cannot write the file (a full disk, a read-only
 * store).  Runs, if any, still spill to e's directory.
 */
bf_err bf__csr_build_mem(bf__csr_edges *e, uint64_t generation,
                         bf__csr_file *out);

/*
 * bf__csr_extend rewrites the graph file at path, of the given generation,
 * for n vertices instead of its own fewer, the added ones isolated: what
 * happens when accounts arrive without follows (a load of posts or
 * profiles).  The result is, byte for byte, the file a build of the same
 * edges over n vertices writes (order_min_n being that build's, so that
 * the local order is kept or left out alike): every section is copied as
 * it is, inside the kernel where the file system allows it, the offsets
 * sections end with n - old n entries of m, the order with the new ids in
 * ascending order (isolated vertices come last), and the checksums go on
 * from the old ones without reading the copied bytes.  It goes through a
 * temp file, fsync and rename, as bf__csr_write does.  BF_EINVAL when the
 * file is of another generation, holds n vertices or more, or a build
 * over n vertices would differ in its local order; BF_ECORRUPT when its
 * header fails or its size is not what the header says; BF_ENOTFOUND
 * when there is no file.  Time: a copy of the file, no sort.
 */
bf_err bf__csr_extend(const char *path, uint32_t n, uint64_t generation,
                      uint32_t order_min_n);

/* The sections of the file, in file order; in_pos and the order sections
 * are empty without their flags. */
enum {
    BF__CSR_OUT_OFF,
    BF__CSR_OUT_ADJ,
    BF__CSR_IN_OFF,
    BF__CSR_IN_ADJ,
    BF__CSR_IN_POS,
    BF__CSR_ORDER, /* empty without BF__CSR_F_ORDER, like the next */
    BF__CSR_LO_OUT_OFF,
    BF__CSR_LO_OUT_ADJ,
    BF__CSR_LO_IN_OFF,
    BF__CSR_LO_IN_ADJ,
    BF__CSR_SECTIONS
};

/* What a checked header says. */
typedef struct bf__csr_header {
    uint64_t n, m, generation;
    uint32_t flags;
    uint32_t crc;                   /* the header's own CRC-32 */
    uint64_t off[BF__CSR_SECTIONS]; /* section offsets in the file */
    uint64_t len[BF__CSR_SECTIONS]; /* section lengths */
    uint64_t size;                  /* the file size the header implies */
} bf__csr_header;

/*
 * bf__csr_header_check validates the BF__CSR_HEADER bytes at p: magic,
 * header CRC, version, flags, and every entry of the section table against
 * the one layout n, m and the flags allow.  The sections themselves (their
 * CRCs and contents) are not read, so a reader that maps only part of the
 * file (the MPI ranks) can check what it may trust first.  BF_ECORRUPT on
 * any failure.  O(1).
 */
bf_err bf__csr_header_check(const void *p, bf__csr_header *out);

/*
 * bf__csr_read_header reads and checks the header of the graph file at
 * path (bf__csr_header_check) and that the file has the size it gives,
 * without mapping it.  BF_ENOTFOUND when there is no file, BF_ECORRUPT
 * when the check fails.  O(1).
 */
bf_err bf__csr_read_header(const char *path, bf__csr_header *out);

/*
 * bf__csr_verify is bf__csr_check, returning NULL when the file passes or
 * a static English phrase naming the first check that failed ("in_adj
 * section checksum mismatch"), for bonafide check.  out_g and
 * out_generation may be NULL.
 */
const char *bf__csr_verify(const void *p, size_t size, bf_csr *out_g,
                           uint64_t *out_generation);

/*
 * bf__csr_check validates the size bytes at p as a graph file and fills
 * *out_g (pointing into p) and *out_generation.  p must be 8-byte aligned.
 * BF_ECORRUPT on any failure, a file of another version included (the
 * store then rebuilds it).  Time O(n + m).
 */
bf_err bf__csr_check(const void *p, size_t size, bf_csr *out_g,
                     uint64_t *out_generation);

/*
 * bf__csr_open checks the size bytes at p as far as their header goes:
 * size, magic, header CRC, version, flags, the section table and the file
 * size the counts imply; the sections are not read.  It fills *out_g
 * (pointing into p) and *out_generation (may be NULL).  A graph so opened
 * is read through bf_csr_in and bf_csr_out, or checked whole by
 * bf__csr_structure first.  BF_ECORRUPT on any failure.  O(1).
 */
bf_err bf__csr_open(const void *p, size_t size, bf_csr *out_g,
                    uint64_t *out_generation);

/*
 * bf__csr_structure checks every list of an opened graph (rules 5 to 8 of
 * docs/graph-format.md: offsets, neighbours, positions, local order) but
 * no checksum: NULL when they hold, else a static English phrase.  After
 * it the arrays may be used with no bounds checks.  Time O(n + m), memory
 * n / 8 bytes when there is a local order.
 */
const char *bf__csr_structure(const bf_csr *g);

/*
 * bf__csr_map maps path read-only and checks it in full, checksums
 * included (bf__csr_check); whole is set.  BF_ENOTFOUND when the file is
 * missing, BF_ECORRUPT when it fails a check or was written by another
 * format version, BF_EIO otherwise.
 */
bf_err bf__csr_map(const char *path, bf__csr_file *out);

/*
 * bf__csr_map_lazy is bf__csr_map checking only what bf__csr_open checks:
 * O(1) whatever the graph's size, and no page of a section is read.
 * whole is 0 until bf__csr_file_whole.
 */
bf_err bf__csr_map_lazy(const char *path, bf__csr_file *out);

/*
 * bf__csr_file_whole runs bf__csr_structure on f once and remembers that
 * it passed (f->whole); BF_ECORRUPT when it does not, BF_EINVAL when
 * nothing is mapped.  O(n + m) the first time, O(1) after.
 */
bf_err bf__csr_file_whole(bf__csr_file *f);

/*
 * bf__csr_file_readahead gives a lazily mapped file the kernel's usual
 * readahead back, for a reader that walks every list in order (bulk
 * scoring); a lazy mapping is advised random (MADV_RANDOM) so that an
 * audit's scattered reads do not read megabytes around each.
 */
void bf__csr_file_readahead(bf__csr_file *f);

/* bf__csr_unmap ends the mapping; safe on a zeroed or unmapped file. */
void bf__csr_unmap(bf__csr_file *f);

#endif
