/*
 * graph_mpi.c - opening a rank's part of graph.csr and the distributed
 * PageRank, degrees and reciprocity.
 *
 * Opening reads the header with pread and checks it with the store's own
 * bf__csr_header_check (all but the section CRCs), then broadcasts rank
 * 0's header CRC so that ranks reading different copies of the file (one
 * per machine) notice.  The cuts are found by binary search over in_off,
 * reading one entry per step with pread, so finding them costs P log n
 * reads of 8 bytes rather than a pass over n offsets.  Each of the
 * windows (four, or for a part in the local order in_off, in_adj, out_off
 * and order) is an mmap of the pages holding the range; offsets in the
 * file are 8-byte aligned, so the arrays are used in place.  After each
 * step that can fail the ranks agree on the worst error (one
 * MPI_Allreduce) before going on.
 *
 * PageRank keeps the iteration of pagerank.c unchanged and only splits
 * it: contributions of own vertices, one MPI_Allgatherv to make the whole
 * contribution vector, a pull over own in-edges.  The two global sums go
 * through MPI_Allgather of one partial per rank, summed in rank order by
 * every rank: MPI_Allreduce would also do, but the MPI standard does not
 * promise that every rank gets bit-identical results, and the stopping
 * test must come out the same everywhere or a rank would wait forever.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/mem.h"
#include "graph_mpi.h"
#include "store/csr.h"
#include "store/segment.h"

#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ != __ORDER_LITTLE_ENDIAN__
#error "graph.csr is little-endian and mapped in place"
#endif

/*
 * The sections a rank maps: the dense ones, or for a part in the local
 * order (csr.h) their local counterparts, with no out_adj but the order.
 */
typedef struct sections {
    int in_off, in_adj, out_off, out_adj, order; /* -1: not mapped */
} sections;

static const sections dense_sections = { BF__CSR_IN_OFF, BF__CSR_IN_ADJ,
                                         BF__CSR_OUT_OFF, BF__CSR_OUT_ADJ, -1 };
static const sections local_sections = { BF__CSR_LO_IN_OFF, BF__CSR_LO_IN_ADJ,
                                         BF__CSR_LO_OUT_OFF, -1,
                                         BF__CSR_ORDER };

enum { W_IN_OFF, W_IN_ADJ, W_OUT_OFF, W_OUT_ADJ, W_ORDER };

typedef bf__csr_header header;

bf_err bf_mpi_agree(MPI_Comm comm, bf_err err)
{
    int in = (int)err, out = 0;

    MPI_Allreduce(&in, &out, 1, MPI_INT, MPI_MAX, comm);
    return (bf_err)out;
}

/* read_full reads n bytes at off; BF_EIO on an error or short read. */
static bf_err read_full(int fd, void *p, size_t n, uint64_t off)
{
    unsigned char *b = p;

    /* pread may return less than asked (a signal, a network file system);
     * a zero return before n bytes means the file is shorter than its
     * header says. */
    while (n) {
        ssize_t r = pread(fd, b, n, (off_t)off);

        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0)
            return BF_EIO;
        b += r;
        n -= (size_t)r;
        off += (uint64_t)r;
    }
    return BF_OK;
}

/*
 * read_header reads the header and checks it with bf__csr_header_check
 * (docs/graph-format.md, validation steps 1 to 4 without the section
 * CRCs), and the file's size against the layout it implies, so a
 * truncated copy is refused before any window is mapped.
 */
static bf_err read_header(int fd, header *h)
{
    unsigned char b[BF__CSR_HEADER];
    struct stat sb;
    bf_err err;

    if (fstat(fd, &sb) != 0)
        return BF_EIO;
    if (sb.st_size < BF__CSR_HEADER)
        return BF_ECORRUPT;
    err = read_full(fd, b, sizeof b, 0);
    if (!err)
        err = bf__csr_header_check(b, h);
    if (!err && h->size != (uint64_t)sb.st_size)
        err = BF_ECORRUPT;
    return err;
}

/* in_off_at reads entry v of the in_off section sec with one pread. */
static bf_err in_off_at(int fd, const header *h, int sec, uint64_t v,
                        uint64_t *out)
{
    unsigned char b[8];
    bf_err err = read_full(fd, b, 8, h->off[sec] + 8 * v);

    if (!err)
        *out = bf__get_u64(b);
    return err;
}

/*
 * find_cuts sets cut[r] to the first vertex v with in_off[v] + v >=
 * r * (m + n) / P, as pagerank.c cuts its thread ranges.  The searches
 * start at the previous cut, so the cuts never decrease even when the
 * offsets are garbage (the window checks reject such a file later).
 */
static bf_err find_cuts(int fd, const header *h, int sec, int size,
                        uint32_t *cut)
{
    uint64_t work = h->m + h->n;
    int r;

    cut[0] = 0;
    for (r = 1; r < size; r++) {
        uint64_t target = work / (uint64_t)size * (uint64_t)r;
        uint32_t a = cut[r - 1], b = (uint32_t)h->n;

        while (a < b) {
            uint32_t mid = a + (b - a) / 2;
            uint64_t off;
            bf_err err = in_off_at(fd, h, sec, mid, &off);

            if (err)
                return err;
            if (off + mid < target)
                a = mid + 1;
            else
                b = mid;
        }
        cut[r] = a;
    }
    cut[size] = (uint32_t)h->n;
    return BF_OK;
}

/*
 * map_window maps len bytes at file offset off (page-aligned down) into
 * window w of p and returns the first byte in *out; nothing is mapped and
 * *out is NULL when len is 0.
 */
static bf_err map_window(int fd, uint64_t off, uint64_t len, bf_mpi_part *p,
                         int w, const void **out)
{
    uint64_t page = (uint64_t)sysconf(_SC_PAGESIZE), start = off - off % page;
    void *m;

    *out = NULL;
    if (!len)
        return BF_OK;
    if (off - start + len > SIZE_MAX)
        return BF_ELIMIT;
    m = mmap(NULL, (size_t)(off - start + len), PROT_READ, MAP_SHARED, fd,
             (off_t)start);
    if (m == MAP_FAILED)
        return BF_EIO;
    p->maps[w] = m;
    p->map_len[w] = (size_t)(off - start + len);
    *out = (const unsigned char *)m + (off - start);
    return BF_OK;
}

/*
 * check_offs checks count + 1 offsets of the window: non-decreasing,
 * within m, 0 at vertex 0 and m at vertex n.
 */
static int check_offs(const uint64_t *off, const bf_mpi_part *p)
{
    uint32_t i;

    if ((p->lo == 0 && off[0] != 0) || (p->hi == p->n && off[p->count] != p->m))
        return -1;
    for (i = 0; i < p->count; i++)
        if (off[i] > off[i + 1])
            return -1;
    return off[p->count] <= p->m ? 0 : -1;
}

/* check_lists checks that each window list is strictly ascending, < n. */
static int check_lists(const uint64_t *off, const uint32_t *adj, uint32_t count,
                       uint32_t n)
{
    uint64_t e0 = off[0], e;
    uint32_t i;

    for (i = 0; i < count; i++) {
        for (e = off[i]; e < off[i + 1]; e++) {
            if (adj[e - e0] >= n)
                return -1;
            if (e > off[i] && adj[e - e0] <= adj[e - e0 - 1])
                return -1;
        }
    }
    return 0;
}

/* check_ids checks that each of count ids is below n. */
static int check_ids(const uint32_t *id, uint32_t count, uint32_t n)
{
    uint32_t i;

    for (i = 0; i < count; i++)
        if (id[i] >= n)
            return -1;
    return 0;
}

/* map_part maps and checks this rank's windows of the sections sec. */
static bf_err map_part(int fd, const header *h, const sections *sec,
                       bf_mpi_part *p)
{
    const void *q;
    bf_err err;

    /* Offsets first: they say where the adjacency windows are, so they
     * are checked before being used to map anything. */
    err = map_window(fd, h->off[sec->in_off] + 8 * (uint64_t)p->lo,
                     8 * ((uint64_t)p->count + 1), p, W_IN_OFF, &q);
    if (err)
        return err;
    p->in_off = q;
    err = map_window(fd, h->off[sec->out_off] + 8 * (uint64_t)p->lo,
                     8 * ((uint64_t)p->count + 1), p, W_OUT_OFF, &q);
    if (err)
        return err;
    p->out_off = q;
    if (check_offs(p->in_off, p) || check_offs(p->out_off, p))
        return BF_ECORRUPT;
    err = map_window(fd, h->off[sec->in_adj] + 4 * p->in_off[0],
                     4 * (p->in_off[p->count] - p->in_off[0]), p, W_IN_ADJ, &q);
    if (err)
        return err;
    p->in_adj = q;
    if (sec->out_adj >= 0) {
        err = map_window(fd, h->off[sec->out_adj] + 4 * p->out_off[0],
                         4 * (p->out_off[p->count] - p->out_off[0]), p,
                         W_OUT_ADJ, &q);
        if (err)
            return err;
        p->out_adj = q;
    }
    if (sec->order >= 0) {
        err = map_window(fd, h->off[sec->order] + 4 * (uint64_t)p->lo,
                         4 * (uint64_t)p->count, p, W_ORDER, &q);
        if (err)
            return err;
        p->order = q;
        if (check_ids(p->order, p->count, p->n))
            return BF_ECORRUPT;
    }
    /* Reading every entry also brings the pages in, so the first
     * PageRank iteration does not pay the page faults. */
    if (check_lists(p->in_off, p->in_adj, p->count, p->n) ||
        (p->out_adj && check_lists(p->out_off, p->out_adj, p->count, p->n)))
        return BF_ECORRUPT;
    return BF_OK;
}

bf_err bf_mpi_part_open(const char *path, MPI_Comm comm, int local,
                        bf_mpi_part *out)
{
    const sections *sec = &dense_sections;
    bf_mpi_part p;
    header h;
    uint32_t crc0 = 0;
    bf_err err = BF_OK;
    int fd;

    /* p is filled locally and copied out only on success, so a failed
     * open leaves *out untouched and nothing mapped. */
    memset(&p, 0, sizeof p);
    memset(&h, 0, sizeof h);
    p.comm = comm;
    MPI_Comm_rank(comm, &p.rank);
    MPI_Comm_size(comm, &p.size);
    fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        err = errno == ENOENT ? BF_ENOTFOUND : BF_EIO;
    if (!err)
        err = read_header(fd, &h);
    if (!err && h.n > INT_MAX)
        err = BF_ELIMIT;
    err = bf_mpi_agree(comm, err);
    if (err)
        goto out;
    /* Every rank must read the same graph, whichever copy it holds. */
    crc0 = h.crc;
    MPI_Bcast(&crc0, 1, MPI_UINT32_T, 0, comm);
    if (crc0 != h.crc)
        err = BF_ECORRUPT;
    /* The cuts are computed by every rank from the same bytes, so they
     * agree without being sent; the CRC check above makes sure of it. */
    p.n = (uint32_t)h.n;
    p.m = h.m;
    p.generation = h.generation;
    if (local && (h.flags & BF__CSR_F_ORDER))
        sec = &local_sections;
    p.cut = malloc(((size_t)p.size + 1) * sizeof *p.cut);
    if (!err && !p.cut)
        err = BF_ENOMEM;
    if (!err)
        err = find_cuts(fd, &h, sec->in_off, p.size, p.cut);
    if (!err) {
        p.lo = p.cut[p.rank];
        p.hi = p.cut[p.rank + 1];
        p.count = p.hi - p.lo;
        err = map_part(fd, &h, sec, &p);
    }
    err = bf_mpi_agree(comm, err);
out:
    if (fd >= 0)
        close(fd);
    if (err) {
        bf_mpi_part_close(&p);
        return err;
    }
    *out = p;
    return BF_OK;
}

void bf_mpi_part_close(bf_mpi_part *p)
{
    int w;

    for (w = 0; w < BF_MPI_WINDOWS; w++)
        if (p->maps[w])
            munmap(p->maps[w], p->map_len[w]);
    free(p->cut);
    memset(p, 0, sizeof *p);
}

/*
 * A compensated sum (Neumaier 1974, the improved Kahan-Babuska sum): the
 * rounding error of each addition is kept in c and added back at the end,
 * so the result is as if summed in twice the precision.
 */
typedef struct ksum {
    double s, c;
} ksum;

static void ksum_add(ksum *k, double x)
{
    double t = k->s + x;

    if (fabs(k->s) >= fabs(x))
        k->c += (k->s - t) + x;
    else
        k->c += (x - t) + k->s;
    k->s = t;
}

/*
 * global_sum gathers every rank's partial and adds them in rank order, so
 * every rank gets the same bits; *secs accumulates the time spent.
 */
static double global_sum(const bf_mpi_part *p, double partial, double *all,
                         double *secs)
{
    double t0 = MPI_Wtime();
    ksum k = { 0.0, 0.0 };
    int r;

    MPI_Allgather(&partial, 1, MPI_DOUBLE, all, 1, MPI_DOUBLE, p->comm);
    for (r = 0; r < p->size; r++)
        ksum_add(&k, all[r]);
    *secs += MPI_Wtime() - t0;
    return k.s + k.c;
}

/* counts_displs fills the per-rank counts and displacements of a gather. */
static void counts_displs(const bf_mpi_part *p, int *counts, int *displs)
{
    int r;

    /* n < 2^31 was checked at open, so both fit an int. */
    for (r = 0; r < p->size; r++) {
        counts[r] = (int)(p->cut[r + 1] - p->cut[r]);
        displs[r] = (int)p->cut[r];
    }
}

bf_err bf_mpi_pagerank(const bf_mpi_part *p, const bf_pagerank_opts *o,
                       double *out_rank, int *out_iters,
                       bf_mpi_stats *out_stats)
{
    bf_pagerank_opts def;
    bf_mpi_stats st;
    double *parts = NULL, *passed = NULL, d, tol, inv_n, t0, prev_base = 0.0;
    void *contrib = NULL;
    int *counts = NULL, *displs = NULL, converged = 0, start = 0;
    bf__pr_phase ph;
    MPI_Datatype type;
    size_t width;
    uint32_t i, it = 0, limit;
    uint64_t e0 = 0, recv = 0, sent = 0;
    bf_err err = BF_OK;

    memset(&st, 0, sizeof st);
    if (!o) {
        bf_pagerank_opts_init(&def);
        o = &def;
    }
    if (!(o->damping >= 0.0 && o->damping < 1.0) ||
        (!o->fixed_iter && !o->max_iter) || (p->count && !out_rank))
        err = BF_EINVAL;
    err = bf_mpi_agree(p->comm, err);
    if (err || !p->n)
        goto out;
    /* The phases of pagerank.c: n doubles, or n floats and, for the
     * corrections, what each own vertex has passed on.  Each in-edge
     * reads a contribution at random, hence the huge pages (base/mem.h). */
    ph = p->n >= BF_PAGERANK_SINGLE_MIN_N ? BF__PR_FLOAT : BF__PR_DOUBLE;
    width = ph == BF__PR_DOUBLE ? sizeof(double) : sizeof(float);
    type = ph == BF__PR_DOUBLE ? MPI_DOUBLE : MPI_FLOAT;
    contrib = bf_alloc_huge((size_t)p->n * width);
    if (contrib)
        memset(contrib, 0, (size_t)p->n * width);
    if (ph == BF__PR_FLOAT)
        passed = malloc(((size_t)p->count + 1) * sizeof *passed);
    parts = malloc((size_t)p->size * sizeof *parts);
    counts = malloc((size_t)p->size * sizeof *counts);
    displs = malloc((size_t)p->size * sizeof *displs);
    if (!contrib || (ph == BF__PR_FLOAT && !passed) || !parts || !counts ||
        !displs)
        err = BF_ENOMEM;
    err = bf_mpi_agree(p->comm, err);
    if (err)
        goto out;
    counts_displs(p, counts, displs);
    d = o->damping;
    inv_n = 1.0 / p->n;
    tol = o->tol > 0.0 ? o->tol : BF_PAGERANK_TOL * p->n;
    limit = o->fixed_iter ? o->fixed_iter : o->max_iter;
    /* The uniform start of pagerank.c; in_adj is indexed from the first
     * in-edge of the rank's window. */
    for (i = 0; i < p->count; i++)
        out_rank[i] = inv_n;
    e0 = p->count ? p->in_off[0] : 0;
    /* One untimed exchange first: the transports connect lazily (over TCP
     * that took 90 ms between two network namespaces), and the timing is
     * meant for the iterations.  The windows were read by the checks. */
    MPI_Allgatherv(MPI_IN_PLACE, 0, MPI_DATATYPE_NULL, contrib, counts, displs,
                   type, p->comm);
    MPI_Barrier(p->comm);
    t0 = MPI_Wtime();
    while (it < limit && !converged) {
        double dangling, base, diff, t1;

        /* Contributions (or corrections) of own vertices, then everyone's
         * everywhere.  The first corrections are to the float
         * contributions the last pull gathered, still in contrib. */
        if (ph == BF__PR_DELTA)
            dangling = bf__pagerank_scatter_delta(
                    p->out_off, out_rank, p->count, contrib, p->lo, passed,
                    start ? (const float *)contrib : NULL);
        else
            dangling = bf__pagerank_scatter(p->out_off, out_rank, p->count,
                                            contrib, p->lo, ph == BF__PR_FLOAT);
        start = 0;
        t1 = MPI_Wtime();
        MPI_Allgatherv(MPI_IN_PLACE, 0, MPI_DATATYPE_NULL, contrib, counts,
                       displs, type, p->comm);
        st.comm_seconds += MPI_Wtime() - t1;
        /* Exactly what the Allgatherv and the two Allgathers move. */
        recv += width * ((uint64_t)p->n - p->count) + 16 * (p->size - 1);
        sent += p->size > 1 ? width * p->count + 16 : 0;
        dangling = global_sum(p, dangling, parts, &st.comm_seconds);
        base = (1.0 - d) * inv_n + d * dangling * inv_n;
        /* Pull over own in-edges: pagerank.c's own loop on this range. */
        diff = bf__pagerank_pull(
                p->in_off, p->in_adj, e0, p->count, contrib, ph,
                ph == BF__PR_DELTA ? base - prev_base : base, d, out_rank);
        prev_base = base;
        diff = global_sum(p, diff, parts, &st.comm_seconds);
        it++;
        /* The same switch to corrections as pagerank.c. */
        if (!o->fixed_iter && diff < tol) {
            converged = 1;
        } else if (ph == BF__PR_FLOAT && diff < BF_PAGERANK_SINGLE_ABOVE) {
            ph = BF__PR_DELTA;
            start = 1;
        }
    }
    st.seconds = MPI_Wtime() - t0;
    st.recv_bytes = it ? recv / it : 0;
    st.sent_bytes = it ? sent / it : 0;
    if (!o->fixed_iter && !converged)
        err = BF_ELIMIT;
out:
    st.iterations = it > INT_MAX ? INT_MAX : (int)it;
    if (out_iters && (!err || err == BF_ELIMIT))
        *out_iters = st.iterations;
    if (out_stats)
        *out_stats = st;
    free(contrib);
    free(passed);
    free(parts);
    free(counts);
    free(displs);
    return err;
}

void bf_mpi_degree(const bf_mpi_part *p, bf_degree_mode mode, uint32_t *out)
{
    const uint64_t *off = mode == BF_DEGREE_OUT ? p->out_off : p->in_off;
    uint32_t i;

    for (i = 0; i < p->count; i++)
        out[i] = (uint32_t)(off[i + 1] - off[i]);
}

bf_err bf_mpi_reciprocity(const bf_mpi_part *p, bf_reciprocity *out,
                          uint32_t *out_mutual)
{
    uint64_t local[2] = { 0, 0 }, total[2] = { 0, 0 }; /* mutual, loops */
    uint64_t ie0 = p->count ? p->in_off[0] : 0;
    uint64_t oe0 = p->count ? p->out_off[0] : 0;
    uint32_t k;

    /* Both lists are strictly ascending (checked at open), so a merge
     * finds every common entry once. */
    for (k = 0; k < p->count; k++) {
        uint32_t v = p->lo + k, mine = 0;
        uint64_t i = p->out_off[k], ie = p->out_off[k + 1];
        uint64_t j = p->in_off[k], je = p->in_off[k + 1];

        /* Edge u -> v is returned when u is also in out(v). */
        while (i < ie && j < je) {
            uint32_t a = p->out_adj[i - oe0], b = p->in_adj[j - ie0];

            if (a < b) {
                i++;
            } else if (b < a) {
                j++;
            } else {
                if (a == v)
                    local[1]++;
                else
                    mine++;
                i++;
                j++;
            }
        }
        local[0] += mine;
        if (out_mutual)
            out_mutual[k] = mine;
    }
    /* Integer sums are exact in any order: a plain Allreduce will do. */
    MPI_Allreduce(local, total, 2, MPI_UINT64_T, MPI_SUM, p->comm);
    out->mutual = total[0];
    out->loops = total[1];
    out->edges = p->m - total[1];
    out->ratio = out->edges ? (double)out->mutual / (double)out->edges : 0.0;
    return BF_OK;
}

/*
 * gather collects count items of type t (width bytes) per rank into all
 * on root, in dense id order: for a part in the local order the order
 * windows are gathered too, checked to be a permutation on the root, and
 * the values put under their dense ids.
 */
static bf_err gather(const bf_mpi_part *p, const void *local, void *all,
                     MPI_Datatype t, size_t width, int root)
{
    int *counts = NULL, *displs = NULL;
    uint32_t *ids = NULL, k;
    unsigned char *seen = NULL, *vals = NULL;
    bf_err err = BF_OK;

    /* Only the root needs the layout of the result. */
    if (p->rank == root) {
        counts = malloc((size_t)p->size * sizeof *counts);
        displs = malloc((size_t)p->size * sizeof *displs);
        if (p->order) {
            ids = malloc(((size_t)p->n ? p->n : 1) * sizeof *ids);
            vals = malloc(((size_t)p->n ? p->n : 1) * width);
            seen = calloc((size_t)p->n / 8 + 1, 1);
        }
        if (!counts || !displs || (p->order && (!ids || !vals || !seen)))
            err = BF_ENOMEM;
        else
            counts_displs(p, counts, displs);
    }
    err = bf_mpi_agree(p->comm, err);
    if (!err && p->order)
        MPI_Gatherv(p->order, (int)p->count, MPI_UINT32_T, ids, counts, displs,
                    MPI_UINT32_T, root, p->comm);
    if (!err)
        MPI_Gatherv(local, (int)p->count, t, p->order ? vals : all, counts,
                    displs, t, root, p->comm);
    if (!err && p->order && p->rank == root) {
        for (k = 0; k < p->n && !err; k++) {
            uint32_t v = ids[k];

            /* Each rank checked its ids < n; together they must be a
             * permutation, or two values would share an account. */
            if (seen[v / 8] & (1u << (v % 8)))
                err = BF_ECORRUPT;
            seen[v / 8] |= (unsigned char)(1u << (v % 8));
            memcpy((unsigned char *)all + (size_t)v * width,
                   vals + (size_t)k * width, width);
        }
    }
    free(counts);
    free(displs);
    free(ids);
    free(vals);
    free(seen);
    /* Only the root can find a bad order; all must return its verdict. */
    return p->order ? bf_mpi_agree(p->comm, err) : err;
}

bf_err bf_mpi_gather_double(const bf_mpi_part *p, const double *local,
                            double *all, int root)
{
    return gather(p, local, all, MPI_DOUBLE, sizeof(double), root);
}

bf_err bf_mpi_gather_u32(const bf_mpi_part *p, const uint32_t *local,
                         uint32_t *all, int root)
{
    return gather(p, local, all, MPI_UINT32_T, sizeof(uint32_t), root);
}
