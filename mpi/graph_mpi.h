/*
 * graph_mpi.h - the follow graph split across MPI ranks: each rank maps
 * only its own part of graph.csr and the metrics are computed together
 * with collective communication (docs/distributed.md).
 *
 * Partition.  1D by destination: rank r owns the contiguous vertices
 * [cut[r], cut[r+1]) and every in-edge of those vertices, and also their
 * out-lists (for out-degrees and reciprocity).  The cuts balance in-edges
 * plus vertices, the work of a PageRank pull, so a rank of heavy hubs gets
 * few vertices and a rank of leaves many; every rank computes the same
 * cuts from the same file.  A rank reads the 264-byte header with pread,
 * finds the cuts by binary search over in_off with a few dozen preads,
 * then maps four windows of the file: in_off and out_off for its vertices
 * and the in_adj and out_adj ranges they point to.  Nothing else of the
 * file is read.  For PageRank on a file with a local order (csr.h) the
 * same is done over the local sections, the order's range replacing
 * out_adj, so that the ranks iterate as bf_graph_pagerank does.
 *
 * Trust.  The header is checked as bf__csr_check does (magic, CRC,
 * version, flags, canonical size and section table), and every rank checks
 * the part it maps: offsets non-decreasing and <= m, 0 at vertex 0 and m
 * at vertex n, neighbours below n and strictly ascending.  The windows
 * overlap at the cuts, so together the ranks check the structure of the
 * whole file; the section CRCs, which would need every byte, are not
 * checked (the store checks them whenever it builds the file).
 *
 * Collectives.  Every function below that takes a part is collective:
 * all ranks of the part's communicator call it in the same order, and all
 * of them return the same bf_err, so no rank is ever left waiting in a
 * collective the others skipped.
 *
 * Limits: n < 2^31 (MPI counts are int).
 *
 * Ownership: a bf_mpi_part owns its mappings and its cut array; the
 * pointers inside are valid until bf_mpi_part_close.  Per-vertex results
 * go to caller-allocated arrays of part->count entries, indexed by
 * v - part->lo.
 *
 *     bf_mpi_part p;
 *     if (bf_mpi_part_open("store/graph.csr", MPI_COMM_WORLD, 1, &p) == 0)
 *         err = bf_mpi_pagerank(&p, NULL, rank, &iters, &stats);
 */
#ifndef BF_MPI_GRAPH_MPI_H
#define BF_MPI_GRAPH_MPI_H

#include <mpi.h>
#include <stddef.h>
#include <stdint.h>

#include "graph/graph.h"

/* The most windows of the file a part maps. */
#define BF_MPI_WINDOWS 5

/* A rank's part of the follow graph: its vertices and their edges. */
typedef struct bf_mpi_part {
    MPI_Comm comm;
    int rank;            /* this process */
    int size;            /* ranks in comm */
    uint32_t n;          /* vertices of the whole graph */
    uint64_t m;          /* edges of the whole graph */
    uint64_t generation; /* from the header */
    uint32_t lo, hi;     /* owned vertices [lo, hi) */
    uint32_t count;      /* hi - lo */
    uint32_t *cut;       /* size + 1 entries: rank r owns [cut[r], cut[r+1]) */
    /*
     * in_off[i] is the global in_off of vertex lo + i (count + 1
     * entries); in_adj[e - in_off[0]] is in-edge e, for e in
     * [in_off[0], in_off[count]).  Likewise for out_off and out_adj.
     * The adjacency pointers are NULL when the range is empty.
     */
    const uint64_t *in_off;
    const uint32_t *in_adj;
    const uint64_t *out_off;
    const uint32_t *out_adj;
    /*
     * A part in the file's local order (bf_mpi_part_open with local set,
     * on a graph that has one): vertices are local ids, order[i] is the
     * dense id of vertex lo + i, in_off / in_adj are the local in-edges,
     * out_off gives the out-degrees (lo_out_off) and out_adj is NULL, so
     * such a part serves PageRank and nothing else.  NULL otherwise.
     */
    const uint32_t *order;
    void *maps[BF_MPI_WINDOWS]; /* the mmap'd windows (NULL: none) */
    size_t map_len[BF_MPI_WINDOWS];
} bf_mpi_part;

/* What a distributed PageRank cost this rank. */
typedef struct bf_mpi_stats {
    int iterations;      /* iterations run */
    double seconds;      /* wall time of the iterations */
    double comm_seconds; /* of which inside collectives */
    uint64_t recv_bytes; /* bytes this rank receives, mean per iteration */
    uint64_t sent_bytes; /* bytes of its own it contributes to the others,
                            mean per iteration (0 with one rank) */
} bf_mpi_stats;

/*
 * bf_mpi_part_open opens path on every rank of comm and maps this rank's
 * part (collective).  BF_ENOTFOUND when a rank cannot find the file,
 * BF_ECORRUPT when a check fails or the ranks' headers differ (two
 * machines holding different copies), BF_ELIMIT when n >= 2^31, BF_EIO or
 * BF_ENOMEM otherwise; on failure nothing is left to close.  With local
 * set and a file that carries a local order (graphs of 2^18 vertices or
 * more), the part is cut and mapped in that order instead, as
 * bf_graph_pagerank iterates (the order window is checked below n; that
 * it is a permutation, when values are gathered).
 */
bf_err bf_mpi_part_open(const char *path, MPI_Comm comm, int local,
                        bf_mpi_part *out);

/* bf_mpi_part_close unmaps the part; safe on a zeroed part.  Local. */
void bf_mpi_part_close(bf_mpi_part *p);

/*
 * bf_mpi_pagerank computes PageRank exactly as bf_graph_pagerank does
 * (graph.h: same formula, start, damping, tolerance, stopping rule,
 * fixed-iteration mode and mixed precision; o may be NULL for the
 * defaults; o->threads is ignored) and writes the ranks of this rank's
 * vertices to out_rank (p->count entries).  *out_iters and *out_stats may
 * be NULL.
 *
 * Each iteration a rank computes the contributions pr[u]/outdeg(u) of its
 * own vertices, MPI_Allgatherv assembles the full contribution vector on
 * every rank (a rank receives w (n - count) bytes, w = 4 while
 * pagerank.c would gather floats - graphs of 2^18 vertices or more, until
 * the L1 change falls below 1e-5 - and 8 otherwise), each rank pulls the
 * new ranks of its vertices over its in-edges with the single-process
 * loops themselves (bf__pagerank_scatter and bf__pagerank_pull, graph.h),
 * and the per-rank partials of the dangling mass and the L1 change are
 * gathered with MPI_Allgather and added in rank order with a compensated
 * (Neumaier) sum, so every rank takes the same stopping decision.  The
 * result differs from the single-process one only by the rounding of
 * those two sums: L1 distance 0 on the test graphs.  Time
 * O((n + m) / P + n) per iteration per rank; memory n + 2 count doubles.  BF_EINVAL and BF_ELIMIT as bf_graph_pagerank.
 */
bf_err bf_mpi_pagerank(const bf_mpi_part *p, const bf_pagerank_opts *o,
                       double *out_rank, int *out_iters,
                       bf_mpi_stats *out_stats);

/*
 * bf_mpi_degree writes the in- or out-degree of this rank's vertices to
 * out (p->count entries), as bf_graph_degree.  Local, O(count).
 */
void bf_mpi_degree(const bf_mpi_part *p, bf_degree_mode mode, uint32_t *out);

/*
 * bf_mpi_reciprocity counts, for the in-edges u -> v this rank owns,
 * those whose reverse v -> u exists, and sums the counts of all ranks into
 * *out (collective; every rank gets the totals), the same figures as
 * bf_graph_reciprocity.  The test is local: v -> u exists exactly when u
 * is in out(v), and v is one of this rank's vertices, so one merge of
 * in(v) and out(v) per vertex decides every edge, O((n + m) / P).
 * out_mutual (may be NULL) gets, per own vertex, its followers it follows
 * back (self-loop excluded).
 */
bf_err bf_mpi_reciprocity(const bf_mpi_part *p, bf_reciprocity *out,
                          uint32_t *out_mutual);

/*
 * bf_mpi_gather_double collects every rank's local array (p->count
 * entries) into all (n entries, dense id order) on rank root; all is
 * ignored elsewhere.  Collective.  For a part in the local order the ids
 * are gathered too and the values put under them: BF_ECORRUPT (on every
 * rank) when they are not a permutation; 12 n more bytes on the root.
 */
bf_err bf_mpi_gather_double(const bf_mpi_part *p, const double *local,
                            double *all, int root);

/* bf_mpi_gather_u32 is bf_mpi_gather_double for uint32 values. */
bf_err bf_mpi_gather_u32(const bf_mpi_part *p, const uint32_t *local,
                         uint32_t *all, int root);

/*
 * bf_mpi_agree returns the largest err of all ranks of comm to every rank
 * (collective), so they take the same error path.
 */
bf_err bf_mpi_agree(MPI_Comm comm, bf_err err);

#endif
