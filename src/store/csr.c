/*
 * csr.c - building and checking graph.csr.
 *
 * Building.  Edges arrive as packed keys (follower << shift) | followee,
 * where shift is the bit width of n - 1, so a key has only 2 * shift
 * significant bits, sorted with 11-bit digits (2048 buckets, whose
 * counters stay in L1): ceil(2 * shift / 11) of them, 4 for 100k
 * vertices, 5 for 5 M, six for 2^32.  Keys of one or two digits, or
 * fewer than BF__CSR_MSD_MIN, take an LSD radix sort over the whole
 * array, which then stays in the cache.  More are scattered once by
 * their top digit, and each of the 2048 buckets, a few hundred kilobytes
 * at a platform's size, is then sorted on its other digits by LSD passes
 * that run in the cache (radix_sort): the array is read and written once
 * instead of once per digit.  All of a sort's histograms are gathered in
 * one read, and a pass whose digit is the same for every key is skipped.
 * Duplicates are then adjacent and removed in one sweep.  Sorted keys
 * give the out-direction directly (followers ascending, followees
 * ascending within); the in-direction comes from the same keys turned
 * round to (followee, follower) and sorted again, which leaves each
 * follower list ascending too.  The output file is sized with
 * posix_fallocate, mapped read-write and filled in place, so the graph
 * is never held twice in memory; the checksums are computed over the
 * mapped sections, the header is written last, and the file is fsync'd
 * and renamed over graph.csr.
 * The temp file has a name of its own and stays flocked until the rename,
 * so readers that rebuild the graph at the same time each write their
 * own and the last rename wins, every one of them whole; the store's
 * sweep leaves a locked temp file alone.  The same bytes can be laid out
 * in anonymous memory instead, for a store whose disk is full.
 *
 * Positions travel with their keys: every radix pass that moves a key
 * moves its position, and the sort is stable, so after sorting the
 * duplicates of an edge sit in the order they were added and the last
 * known position among them is the newest segment's.  They are written
 * to in_pos by the same second sort as in_adj: the distinct keys turned
 * round to (followee, follower) and sorted again, in the arrays the
 * first sort moved them out of.
 *
 * Beyond the memory budget (csr.h) the same sort works on chunks: each
 * full chunk is sorted, deduplicated and appended, delta-coded, as a run
 * to a run file that is unlinked as soon as it is created, so no error or
 * crash can leave it behind.  The write then merges the runs with a
 * binary heap over their heads (ties to the older run, so the dedupe rule
 * for positions holds across runs too), once: it counts the distinct
 * edges, writes them as one run of out-edges to a second run file and
 * re-chunks them by followee into a second set of runs.  The out-run
 * fills out_off and out_adj, and the second set in_off, in_adj and
 * in_pos.  Every run is read once and released as it is read (a hole
 * punched in its file), and the file being filled is reserved on disk a
 * stretch at a time, so runs and file never take the disk together.
 * Every section is written sequentially, the offsets are computed
 * exactly as fill does, and the file is byte-identical to the in-memory
 * one; the in-memory path itself is unchanged.
 *
 * The local order of a large graph (csr.h) is written last, by either
 * path, from the sections already in the mapping: a stable radix sort of
 * the vertices by degree (in plus out), then each in-list relabelled and
 * re-sorted in local order, so its section is written front to back while
 * the lists it reads are visited in the order's jumps, and last the
 * out-lists, by transposing the local in-lists, which leaves them sorted.
 *
 * Checking.  The layout is canonical: given n and m there is exactly one
 * valid set of section offsets and one file size, so the checker recomputes
 * them and demands equality rather than reasoning about overlaps.  That,
 * with the header's CRC, is all an open checks (bf__csr_open): afterwards
 * every section is inside the mapping with its exact size.  The lists are
 * checked by whoever reads them - one list by the accessors (bf_csr_in,
 * bf_csr_out), all of them once by bf__csr_structure - and the section
 * checksums only by bf__csr_verify (bonafide check): a checksum reads the
 * whole file, which an audit of one account must not have to do.
 */
#define _GNU_SOURCE /* fallocate and its punch-hole flag */
#include "store/csr.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "base/mem.h"
#include "base/par.h"
#include "store/segment.h"

#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ != __ORDER_LITTLE_ENDIAN__
#error "graph.csr is little-endian and mapped in place"
#endif

#define RADIX_BITS 11
#define RADIX      (1u << RADIX_BITS)
#define MAX_PASSES ((64 + RADIX_BITS - 1) / RADIX_BITS)

/* Fewer edges than this are laid out on one thread: a thread would cost
 * more than it saves. */
#define PAR_MIN_EDGES 65536

/* Fewest edges per chunk, whatever the budget; records per merge read. */
#define MIN_CHUNK 16
#define MIN_READ  256
#define MAX_READ  8192

/* Header field offsets (docs/graph-format.md). */
#define H_VERSION 8
#define H_FLAGS   12
#define H_N       16
#define H_M       24
#define H_GEN     32
#define H_SECT    40 /* ten entries of 24 bytes */
#define H_CRC     280
#define H_PAD     284

/* The ten sections, in file order (csr.h); shorter names here. */
enum {
    S_OUT_OFF = BF__CSR_OUT_OFF,
    S_OUT_ADJ = BF__CSR_OUT_ADJ,
    S_IN_OFF = BF__CSR_IN_OFF,
    S_IN_ADJ = BF__CSR_IN_ADJ,
    S_IN_POS = BF__CSR_IN_POS,
    S_ORDER = BF__CSR_ORDER,
    S_LO_OUT_OFF = BF__CSR_LO_OUT_OFF,
    S_LO_OUT_ADJ = BF__CSR_LO_OUT_ADJ,
    S_LO_IN_OFF = BF__CSR_LO_IN_OFF,
    S_LO_IN_ADJ = BF__CSR_LO_IN_ADJ,
    S__COUNT = BF__CSR_SECTIONS
};

/* The flags a file may carry. */
#define F_ALL (BF__CSR_F_IN_POS | BF__CSR_F_ORDER)

typedef struct layout {
    uint64_t off[S__COUNT];
    uint64_t len[S__COUNT];
    uint64_t size;
} layout;

static uint64_t align8(uint64_t x)
{
    return (x + 7) & ~(uint64_t)7;
}

/*
 * make_layout computes the one valid layout for n vertices, m edges and
 * the header flags; -1 when the sizes cannot be represented.
 */
static int make_layout(uint64_t n, uint64_t m, uint32_t flags, layout *l)
{
    uint64_t pos = BF__CSR_HEADER;
    int s;

    if (n > UINT32_MAX || m > (UINT64_MAX >> 8))
        return -1;
    l->len[S_OUT_OFF] = l->len[S_IN_OFF] = (n + 1) * 8;
    l->len[S_OUT_ADJ] = l->len[S_IN_ADJ] = m * 4;
    l->len[S_IN_POS] = flags & BF__CSR_F_IN_POS ? m * 4 : 0;
    l->len[S_ORDER] = flags & BF__CSR_F_ORDER ? n * 4 : 0;
    l->len[S_LO_OUT_OFF] = l->len[S_LO_IN_OFF] =
            flags & BF__CSR_F_ORDER ? (n + 1) * 8 : 0;
    l->len[S_LO_OUT_ADJ] = l->len[S_LO_IN_ADJ] =
            flags & BF__CSR_F_ORDER ? m * 4 : 0;
    for (s = 0; s < S__COUNT; s++) {
        l->off[s] = pos;
        pos = align8(pos + l->len[s]);
    }
    l->size = pos;
    if (l->size > SIZE_MAX)
        return -1;
    return 0;
}

static uint32_t crc_big(const void *p, size_t n)
{
    return (uint32_t)crc32_z(0L, (const Bytef *)p, n);
}

struct runs;
static bf_err spill_chunk(bf__csr_edges *e, int dedup, struct runs *list);
static void spill_close(bf__csr_edges *e);

/*
 * default_budget is an eighth of the machine's memory, within
 * BF__CSR_MEMORY and BF__CSR_MEMORY_MAX: sorting in memory takes half the
 * time of runs, and a platform-size build, which spills whatever the
 * budget, keeps its heap small beside the graph file's pages.
 */
static size_t default_budget(void)
{
    return bf_memory_share(8, BF__CSR_MEMORY, BF__CSR_MEMORY_MAX);
}

/* budget_bytes reads BONAFIDE_CSR_MEMORY, falling back to the default. */
static size_t budget_bytes(void)
{
    const char *v = getenv("BONAFIDE_CSR_MEMORY");
    unsigned long long b;
    char *end;

    if (!v || *v < '0' || *v > '9')
        return default_budget();
    errno = 0;
    b = strtoull(v, &end, 10);
    if (errno || *end || b == 0 || b > SIZE_MAX)
        return default_budget();
    return (size_t)b;
}

void bf__csr_edges_init(bf__csr_edges *e, uint32_t n)
{
    uint32_t top = n > 1 ? n - 1 : 1;

    e->keys = NULL;
    e->pos = NULL;
    e->len = e->cap = 0;
    e->n = n;
    e->order_min_n = BF__CSR_ORDER_MIN_N;
    e->msd_min = BF__CSR_MSD_MIN;
    e->threads = bf_par_threads();
    e->trans_stretch = BF__CSR_TRANS_STRETCH;
    e->shift = 0;
    while (top) {
        e->shift++;
        top >>= 1;
    }
    /* 24 bytes per edge at the sort's peak: key, position and copies. */
    e->chunk = budget_bytes() / 24;
    if (e->chunk < MIN_CHUNK)
        e->chunk = MIN_CHUNK;
    e->dir = NULL;
    e->spill = NULL;
    e->spare = NULL;
    e->spare_pos = NULL;
    e->spare_cap = 0;
}

bf_err bf__csr_edges_set_dir(bf__csr_edges *e, const char *dir)
{
    char *d = malloc(strlen(dir) + 1);

    if (!d)
        return BF_ENOMEM;
    strcpy(d, dir);
    free(e->dir);
    e->dir = d;
    return BF_OK;
}

bf_err bf__csr_edges_reserve(bf__csr_edges *e, size_t extra)
{
    size_t cap;
    uint64_t *k;

    size_t want;

    if (extra > SIZE_MAX / 8 - e->len)
        return BF_ENOMEM;
    want = e->len + extra;
    if (want > e->chunk) /* the rest will spill */
        want = e->chunk > e->len ? e->chunk : e->len;
    if (want <= e->cap)
        return BF_OK;
    cap = e->cap ? e->cap : 1024;
    while (cap < want)
        cap = cap > SIZE_MAX / 16 ? want : cap * 2;
    if (cap > e->chunk && want <= e->chunk)
        cap = e->chunk;
    k = realloc(e->keys, cap * sizeof *k);
    if (!k)
        return BF_ENOMEM;
    e->keys = k;
    if (e->pos) {
        int32_t *p = realloc(e->pos, cap * sizeof *p);

        if (!p)
            return BF_ENOMEM; /* keys grew: harmless, cap stays */
        e->pos = p;
    }
    e->cap = cap;
    return BF_OK;
}

bf_err bf__csr_edges_add(bf__csr_edges *e, uint32_t follower, uint32_t followee)
{
    bf_err err;

    if (follower >= e->n || followee >= e->n)
        return BF_ECORRUPT;
    if (e->len == e->cap) {
        if (e->len >= e->chunk)
            err = spill_chunk(e, 1, NULL);
        else
            err = bf__csr_edges_reserve(e, 1);
        if (err)
            return err;
    }
    if (e->pos)
        e->pos[e->len] = -1;
    e->keys[e->len++] = (uint64_t)follower << e->shift | followee;
    return BF_OK;
}

bf_err bf__csr_edges_add_pos(bf__csr_edges *e, uint32_t follower,
                             uint32_t followee, int32_t position)
{
    bf_err err;
    size_t i;

    if (position >= 0 && !e->pos) {
        /* The first known position: every earlier edge is unknown. */
        if (e->cap == 0 && (err = bf__csr_edges_reserve(e, 1)) != BF_OK)
            return err;
        e->pos = malloc(e->cap * sizeof *e->pos);
        if (!e->pos)
            return BF_ENOMEM;
        for (i = 0; i < e->len; i++)
            e->pos[i] = -1;
    }
    err = bf__csr_edges_add(e, follower, followee);
    if (!err && e->pos)
        e->pos[e->len - 1] = position >= 0 ? position : -1;
    return err;
}

bf_err bf__csr_edges_slots(bf__csr_edges *e, size_t count)
{
    uint64_t *k;
    int32_t *p;

    if (e->len || e->spill || e->pos)
        return BF_EINVAL;
    if (count > e->chunk)
        return BF_ELIMIT;
    if (count == 0)
        return BF_OK;
    k = count > e->cap ? realloc(e->keys, count * sizeof *k) : e->keys;
    if (!k)
        return BF_ENOMEM;
    e->keys = k;
    if (count > e->cap)
        e->cap = count;
    p = malloc(e->cap * sizeof *p);
    if (!p)
        return BF_ENOMEM;
    e->pos = p;
    return BF_OK;
}

void bf__csr_edges_slots_done(bf__csr_edges *e, size_t count, int any_pos)
{
    e->len = count;
    if (!any_pos) {
        free(e->pos);
        e->pos = NULL;
    }
}

/* release_keys frees the edges and the spare arrays. */
static void release_keys(bf__csr_edges *e)
{
    free(e->keys);
    free(e->pos);
    free(e->spare);
    free(e->spare_pos);
    e->keys = e->spare = NULL;
    e->pos = e->spare_pos = NULL;
    e->len = e->cap = e->spare_cap = 0;
}

void bf__csr_edges_release(bf__csr_edges *e)
{
    spill_close(e);
    release_keys(e);
    free(e->dir);
    e->dir = NULL;
}

static bf_err lsd_sort(bf__csr_edges *e, unsigned bits);

/*
 * bucket_sort sorts the len keys at a (positions at pa, or pa NULL) by
 * their low `bits` bits, stably, with t and pt (len entries each) as
 * scratch; the result is in a and pa.  Short runs take an insertion sort,
 * longer ones an LSD radix sort whose histograms are gathered in one read
 * and whose passes skip a digit shared by every key, into hist
 * (MAX_PASSES rows).  Meant for what fits in the processor's caches: a
 * bucket of the top-digit scatter (radix_sort), or a short list whole
 * (lsd_sort).
 */
static void bucket_sort(uint64_t *a, int32_t *pa, uint64_t *t, int32_t *pt,
                        size_t len, unsigned bits, size_t (*hist)[RADIX])
{
    unsigned passes = (bits + RADIX_BITS - 1) / RADIX_BITS, p;
    uint64_t mask = bits >= 64 ? UINT64_MAX : ((uint64_t)1 << bits) - 1;
    size_t i;
    uint64_t *src = a, *dst = t;
    int32_t *psrc = pa, *pdst = pt;

    if (len <= 32) {
        for (i = 1; i < len; i++) {
            uint64_t k = a[i], kk = k & mask;
            int32_t q = pa ? pa[i] : 0;
            size_t j = i;

            for (; j > 0 && (a[j - 1] & mask) > kk; j--) {
                a[j] = a[j - 1];
                if (pa)
                    pa[j] = pa[j - 1];
            }
            a[j] = k;
            if (pa)
                pa[j] = q;
        }
        return;
    }
    memset(hist, 0, passes * sizeof hist[0]);
    for (i = 0; i < len; i++)
        for (p = 0; p < passes; p++)
            hist[p][(a[i] >> (p * RADIX_BITS)) & (RADIX - 1)]++;
    for (p = 0; p < passes; p++) {
        size_t *h = hist[p], sum = 0, d;
        unsigned sh = p * RADIX_BITS;
        uint64_t *x;
        int32_t *px;

        if (h[(src[0] >> sh) & (RADIX - 1)] == len)
            continue;
        for (d = 0; d < RADIX; d++) {
            size_t c = h[d];

            h[d] = sum;
            sum += c;
        }
        for (i = 0; i < len; i++) {
            size_t at = h[(src[i] >> sh) & (RADIX - 1)]++;

            dst[at] = src[i];
            if (psrc)
                pdst[at] = psrc[i];
        }
        x = src;
        src = dst;
        dst = x;
        px = psrc;
        psrc = pdst;
        pdst = px;
    }
    if (src != a) {
        memcpy(a, src, len * sizeof *a);
        if (pa)
            memcpy(pa, psrc, len * sizeof *pa);
    }
}

/*
 * An MSD sort's shared state (radix_sort): part t of nt owns the slice
 * [bf_par_split(len, t, nt), bf_par_split(len, t + 1, nt)) of the keys
 * while counting and scattering, and the buckets [bkt[t], bkt[t + 1])
 * while sorting them.
 */
typedef struct msd {
    uint64_t *src, *dst;
    int32_t *psrc, *pdst;
    size_t len;
    unsigned top;        /* the top digit is bits top .. */
    size_t *starts;      /* RADIX + 1: each bucket's first slot */
    size_t (*at)[RADIX]; /* per part: its count, then its cursor */
    size_t (*hist)[MAX_PASSES][RADIX]; /* per part: bucket_sort's */
    size_t bkt[BF_PAR_MAX + 1];
} msd;

static void msd_count(void *ctx, unsigned t, unsigned nt)
{
    msd *s = ctx;
    size_t i = bf_par_split(s->len, t, nt),
           end = bf_par_split(s->len, t + 1, nt);
    size_t *c = s->at[t];

    memset(c, 0, sizeof s->at[t]);
    for (; i < end; i++)
        c[s->src[i] >> s->top]++;
}

static void msd_scatter(void *ctx, unsigned t, unsigned nt)
{
    msd *s = ctx;
    size_t i = bf_par_split(s->len, t, nt),
           end = bf_par_split(s->len, t + 1, nt);
    size_t *at = s->at[t];

    for (; i < end; i++) {
        size_t to = at[s->src[i] >> s->top]++;

        s->dst[to] = s->src[i];
        if (s->psrc)
            s->pdst[to] = s->psrc[i];
    }
}

/* Each bucket in dst, its stretch of src free as scratch. */
static void msd_buckets(void *ctx, unsigned t, unsigned nt)
{
    msd *s = ctx;
    size_t b;

    (void)nt;
    for (b = s->bkt[t]; b < s->bkt[t + 1]; b++) {
        size_t lo = s->starts[b], n = s->starts[b + 1] - lo;

        if (n > 1)
            bucket_sort(s->dst + lo, s->pdst ? s->pdst + lo : NULL, s->src + lo,
                        s->psrc ? s->psrc + lo : NULL, n, s->top, s->hist[t]);
    }
}

/*
 * radix_sort sorts e->keys, whose values are below 2^bits, stably, moving
 * e->pos along when there is one.
 *
 * Keys of more than two digits, at least e->msd_min of them (csr.h), are
 * sorted most significant digit first, once: one pass scatters them by
 * their top digit into RADIX buckets of other arrays, as an LSD pass
 * would, and each bucket is then sorted on the rest of its bits by
 * bucket_sort while it sits in the cache, with the same stretch of the
 * source arrays as scratch.  An LSD sort of the whole array would read
 * and write it once per digit (five times for the 60 M edges over 5 M
 * vertices of a platform-size load); this reads and writes it once, and
 * the other passes run in the cache.  Either way the sort is stable, so
 * the bytes that come out are the same (docs/graph-format.md).  The
 * arrays scattered into, the previous sort's spare ones when they are
 * large enough, then replace e->keys and e->pos, which become the spare.
 * Fewer keys are sorted in place (lsd_sort).
 *
 * On e->threads threads, each counts and scatters a slice of the keys,
 * its keys of a bucket placed after those of the slices before it, so
 * the scatter stays stable; the buckets are then shared out in runs of
 * about the same number of keys.  The result is the same on any number.
 */
static bf_err radix_sort(bf__csr_edges *e, unsigned bits)
{
    unsigned passes = (bits + RADIX_BITS - 1) / RADIX_BITS, nt, t;
    size_t len = e->len, cap = len, b, sum, part;
    int use_spare;
    msd s;

    if (passes <= 2 || len < 2 * RADIX || len < e->msd_min)
        return lsd_sort(e, bits);
    nt = bf_par_parts(e->threads, len, 0);
    memset(&s, 0, sizeof s);
    s.src = e->keys;
    s.psrc = e->pos;
    s.len = len;
    s.top = bits - RADIX_BITS;
    s.hist = malloc(nt * sizeof *s.hist);
    s.starts = calloc(RADIX + 1, sizeof *s.starts);
    s.at = malloc(nt * sizeof *s.at);
    /* The previous sort's arrays when they are large enough: their pages
     * are already there, where new ones would be zeroed by the kernel. */
    use_spare = e->spare && e->spare_cap >= len && (!s.psrc || e->spare_pos);
    if (use_spare) {
        s.dst = e->spare;
        s.pdst = s.psrc ? e->spare_pos : NULL;
        cap = e->spare_cap;
    } else {
        s.dst = malloc(len * sizeof *s.dst);
        if (s.psrc)
            s.pdst = malloc(len * sizeof *s.pdst);
    }
    if (!s.hist || !s.starts || !s.at || !s.dst || (s.psrc && !s.pdst)) {
        free(s.hist);
        free(s.starts);
        free(s.at);
        if (!use_spare) {
            free(s.dst);
            free(s.pdst);
        }
        return BF_ENOMEM;
    }
    if (use_spare) {
        /* The spare now holds the keys; a spare_pos of no use goes. */
        if (!s.psrc)
            free(e->spare_pos);
        e->spare = NULL;
        e->spare_pos = NULL;
        e->spare_cap = 0;
    }
    bf_par_run(nt, msd_count, &s);
    /* Bucket b's slots: slice 0's keys first, then slice 1's, ... */
    for (b = 0, sum = 0; b < RADIX; b++) {
        s.starts[b] = sum;
        for (t = 0; t < nt; t++) {
            size_t c = s.at[t][b];

            s.at[t][b] = sum;
            sum += c;
        }
    }
    s.starts[RADIX] = sum;
    bf_par_run(nt, msd_scatter, &s);
    /* Runs of buckets of about len / nt keys each. */
    s.bkt[0] = 0;
    for (t = 1, b = 0; t < nt; t++) {
        part = bf_par_split(len, t, nt);
        while (b < RADIX && s.starts[b + 1] <= part)
            b++;
        s.bkt[t] = b;
    }
    s.bkt[nt] = RADIX;
    bf_par_run(nt, msd_buckets, &s);
    free(s.hist);
    free(s.starts);
    free(s.at);
    /* The arrays moved out of become the spare (any older one goes). */
    free(e->spare);
    free(e->spare_pos);
    e->spare = s.src;
    e->spare_pos = s.psrc;
    e->spare_cap = e->cap;
    e->keys = s.dst;
    e->pos = s.pdst;
    e->cap = cap;
    return BF_OK;
}

/*
 * lsd_sort is radix_sort for keys of one or two digits, or too few for
 * the buckets to pay: bucket_sort over the whole array, which then stays
 * in the cache, with scratch arrays of its length.
 */
static bf_err lsd_sort(bf__csr_edges *e, unsigned bits)
{
    size_t(*hist)[RADIX] = NULL;
    uint64_t *t = NULL;
    int32_t *pt = NULL;
    size_t len = e->len;

    if (len < 2)
        return BF_OK;
    hist = malloc(MAX_PASSES * sizeof *hist);
    t = malloc(len * sizeof *t);
    if (e->pos)
        pt = malloc(len * sizeof *pt);
    if (!hist || !t || (e->pos && !pt)) {
        free(hist);
        free(t);
        free(pt);
        return BF_ENOMEM;
    }
    bucket_sort(e->keys, e->pos, t, pt, len, bits, hist);
    free(hist);
    free(t);
    free(pt);
    return BF_OK;
}

/*
 * dedupe removes adjacent duplicates from sorted keys and returns the
 * count.  With positions (pos not NULL), an edge keeps the last known
 * position of its run of duplicates, -1 when none is known.
 */
static size_t dedupe(uint64_t *k, int32_t *pos, size_t len)
{
    size_t i, j;

    if (len == 0)
        return 0;
    for (i = 1, j = 1; i < len; i++) {
        if (k[i] != k[j - 1]) {
            if (pos)
                pos[j] = pos[i];
            k[j++] = k[i];
        } else if (pos && pos[i] >= 0) {
            pos[j - 1] = pos[i];
        }
    }
    return j;
}

/* ---- runs: the path for edge lists larger than the budget ---- */

/*
 * A run is a sorted slice of edges in a run file, delta-coded: each
 * record is its key's difference from the key before (the first one's
 * from 0), then, when the run carries positions, the position plus one
 * (0: unknown), each a LEB128 varint.  The keys of a sorted run differ
 * little (the same follower's next followee, or the next follower), so a
 * record that takes 12 bytes in memory takes 4 to 7 on disk at a
 * platform's size.  Every run is read once, front to back, and its reader
 * releases what it has read (a hole punched in the file), so the disk
 * holds the runs not yet merged rather than every run ever written
 * (docs/graph-format.md, "Building").
 */
typedef struct run {
    int fd;         /* its run file */
    uint64_t off;   /* its first byte there */
    uint64_t bytes; /* encoded length */
    uint64_t count; /* records */
    int has_pos;
} run;

typedef struct runs {
    run *r;
    size_t len, cap;
} runs;

/* A run file: unlinked as soon as it is made, runs appended to it. */
typedef struct runfile {
    int fd;
    uint64_t end; /* bytes written so far */
} runfile;

struct bf__csr_spill {
    runfile raw;         /* the raw edges' runs, then the in-runs */
    runfile merged;      /* the distinct out-edges: one run (fd -1 until) */
    runs out;            /* the raw edges' runs, oldest first */
    unsigned char *wbuf; /* spill_chunk's encoding buffer, WRITE_BYTES */
};

/* Bytes a varint may take; bytes a run writer encodes before a write. */
#define VARINT_MAX  10
#define WRITE_BYTES ((size_t)1 << 20)
/* A run's reader buffers between these many bytes. */
#define MIN_READ_BYTES ((size_t)4 << 10)
#define MAX_READ_BYTES ((size_t)1 << 20)
/* A reader releases what it has read once this much has piled up. */
#define RELEASE_BYTES ((uint64_t)8 << 20)

/* runfile_close closes (and so deletes) a run file. */
static void runfile_close(runfile *f)
{
    if (f->fd >= 0)
        close(f->fd);
    f->fd = -1;
}

/* spill_close closes (and so deletes) the run files. */
static void spill_close(bf__csr_edges *e)
{
    if (!e->spill)
        return;
    runfile_close(&e->spill->raw);
    runfile_close(&e->spill->merged);
    free(e->spill->out.r);
    free(e->spill->wbuf);
    free(e->spill);
    e->spill = NULL;
}

/*
 * runfile_open creates a run file in e's spill directory and unlinks it
 * at once: the data lives as long as the descriptor, and no crash or
 * error path can leave the file behind.
 */
static bf_err runfile_open(const bf__csr_edges *e, runfile *f)
{
    const char *dir = e->dir ? e->dir : getenv("TMPDIR");
    char *name;
    size_t len;

    if (!dir || !*dir)
        dir = "/tmp";
    len = strlen(dir) + sizeof "/graph.csr.runs.XXXXXX";
    name = malloc(len);
    if (!name)
        return BF_ENOMEM;
    snprintf(name, len, "%s/graph.csr.runs.XXXXXX", dir);
    f->fd = mkstemp(name);
    f->end = 0;
    if (f->fd < 0) {
        bf_err err = bf_err_from_errno(errno);

        free(name);
        return err;
    }
    unlink(name);
    free(name);
    return BF_OK;
}

/* spill_open makes e's spill: the raw run file and the encoding buffer. */
static bf_err spill_open(bf__csr_edges *e)
{
    struct bf__csr_spill *sp = calloc(1, sizeof *sp);
    bf_err err;

    if (!sp)
        return BF_ENOMEM;
    sp->raw.fd = sp->merged.fd = -1;
    sp->wbuf = malloc(WRITE_BYTES);
    err = sp->wbuf ? runfile_open(e, &sp->raw) : BF_ENOMEM;
    if (err) {
        free(sp->wbuf);
        free(sp);
        return err;
    }
    e->spill = sp;
    return BF_OK;
}

/* write_at writes n bytes from p at offset off of fd; a failure names its
 * cause (BF_ENOSPC when the disk is full). */
static bf_err write_at(int fd, uint64_t off, const void *p, size_t n)
{
    const unsigned char *b = p;

    while (n > 0) {
        ssize_t w = pwrite(fd, b, n, (off_t)off);

        if (w < 0 && errno == EINTR)
            continue;
        if (w < 0)
            return bf_err_from_errno(errno);
        if (w == 0)
            return BF_ENOSPC;
        b += w;
        off += (uint64_t)w;
        n -= (size_t)w;
    }
    return BF_OK;
}

/* read_at reads exactly n bytes at offset off of fd into p. */
static bf_err read_at(int fd, uint64_t off, void *p, size_t n)
{
    unsigned char *b = p;

    while (n > 0) {
        ssize_t r = pread(fd, b, n, (off_t)off);

        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0)
            return BF_EIO;
        b += r;
        off += (uint64_t)r;
        n -= (size_t)r;
    }
    return BF_OK;
}

/* put_varint writes v at p as a LEB128 varint; returns its length. */
static size_t put_varint(unsigned char *p, uint64_t v)
{
    size_t n = 0;

    while (v >= 0x80) {
        p[n++] = (unsigned char)(v | 0x80);
        v >>= 7;
    }
    p[n++] = (unsigned char)v;
    return n;
}

/* get_varint reads a varint of p[*at..n) into *v and moves *at past it;
 * -1 when it does not end there or is longer than ten bytes. */
static int get_varint(const unsigned char *p, size_t n, size_t *at, uint64_t *v)
{
    uint64_t x = 0;
    unsigned s;
    size_t i = *at;

    for (s = 0; i < n && s < 64; s += 7) {
        unsigned char b = p[i++];

        x |= (uint64_t)(b & 0x7f) << s;
        if (!(b & 0x80)) {
            *at = i;
            *v = x;
            return 0;
        }
    }
    return -1;
}

/* A run being written: records encoded into buf, appended to f. */
typedef struct writer {
    runfile *f;
    run r;
    unsigned char *buf; /* WRITE_BYTES */
    size_t used;
    uint64_t prev; /* the last key put */
} writer;

static void writer_start(writer *w, runfile *f, unsigned char *buf, int has_pos)
{
    w->f = f;
    w->r.fd = f->fd;
    w->r.off = f->end;
    w->r.bytes = w->r.count = 0;
    w->r.has_pos = has_pos;
    w->buf = buf;
    w->used = 0;
    w->prev = 0;
}

static bf_err writer_flush(writer *w)
{
    bf_err err = write_at(w->f->fd, w->r.off + w->r.bytes, w->buf, w->used);

    if (err)
        return err;
    w->r.bytes += w->used;
    w->used = 0;
    return BF_OK;
}

/* writer_put appends (key, pos) to the run; keys must not decrease. */
static bf_err writer_put(writer *w, uint64_t key, int32_t pos)
{
    bf_err err;

    if (w->used > WRITE_BYTES - 2 * VARINT_MAX &&
        (err = writer_flush(w)) != BF_OK)
        return err;
    w->used += put_varint(w->buf + w->used, key - w->prev);
    w->prev = key;
    if (w->r.has_pos)
        w->used +=
                put_varint(w->buf + w->used, pos >= 0 ? (uint64_t)pos + 1 : 0);
    w->r.count++;
    return BF_OK;
}

/* writer_finish writes what is buffered; the file then ends after it. */
static bf_err writer_finish(writer *w)
{
    bf_err err = writer_flush(w);

    if (!err)
        w->f->end = w->r.off + w->r.bytes;
    return err;
}

/*
 * spill_chunk sorts the held edges (deduplicating them when dedup is set,
 * with the in-memory rule for positions), appends them to the raw run
 * file as one run of list (the raw edges' list when NULL) and empties e.
 */
static bf_err spill_chunk(bf__csr_edges *e, int dedup, runs *list)
{
    bf_err err;
    writer w;
    size_t i;

    if (!e->spill && (err = spill_open(e)) != BF_OK)
        return err;
    if (!list)
        list = &e->spill->out;
    if (e->len == 0)
        return BF_OK;
    if (list->len == list->cap) {
        size_t cap = list->cap ? list->cap * 2 : 16;
        run *t = realloc(list->r, cap * sizeof *t);

        if (!t)
            return BF_ENOMEM;
        list->r = t;
        list->cap = cap;
    }
    err = radix_sort(e, 2 * e->shift);
    if (err)
        return err;
    if (dedup)
        e->len = dedupe(e->keys, e->pos, e->len);
    writer_start(&w, &e->spill->raw, e->spill->wbuf, e->pos != NULL);
    for (i = 0; i < e->len && !err; i++)
        err = writer_put(&w, e->keys[i], e->pos ? e->pos[i] : -1);
    if (!err)
        err = writer_finish(&w);
    if (err)
        return err;
    list->r[list->len++] = w.r;
    e->len = 0;
    return BF_OK;
}

/* A buffered reader of one run; key and pos are its current head. */
typedef struct cursor {
    int fd;
    uint64_t off;   /* the next byte to read */
    uint64_t end;   /* the run's end */
    uint64_t freed; /* the bytes before this are released */
    uint64_t left;  /* records not yet decoded */
    unsigned char *buf;
    size_t at, got, cap;
    int has_pos;
    uint64_t key;
    int32_t pos;
} cursor;

/*
 * release gives the bytes [from, to) of a run file back to the
 * filesystem; they read as zeros afterwards.  A filesystem that cannot
 * punch holes keeps them until the file is closed, as before.
 */
static void release(int fd, uint64_t from, uint64_t to)
{
    if (to > from)
        (void)fallocate(fd, FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE,
                        (off_t)from, (off_t)(to - from));
}

/* cursor_fill keeps c's undecoded bytes and reads the run on after them,
 * releasing what has been read once RELEASE_BYTES have piled up. */
static bf_err cursor_fill(cursor *c)
{
    size_t keep = c->got - c->at, want = c->cap - keep;
    bf_err err;

    memmove(c->buf, c->buf + c->at, keep);
    c->at = 0;
    c->got = keep;
    if (want > c->end - c->off)
        want = (size_t)(c->end - c->off);
    err = read_at(c->fd, c->off, c->buf + keep, want);
    if (err)
        return err;
    c->off += want;
    c->got += want;
    if (c->off == c->end || c->off - c->freed >= RELEASE_BYTES) {
        release(c->fd, c->freed, c->off);
        c->freed = c->off;
    }
    return BF_OK;
}

/* cursor_next moves c to its next record; *out_done when there is none.
 * A run that does not decode to its count and length is BF_EIO. */
static bf_err cursor_next(cursor *c, int *out_done)
{
    uint64_t d, p = 0;
    bf_err err;

    if (c->left == 0) {
        *out_done = 1;
        return c->at == c->got && c->off == c->end ? BF_OK : BF_EIO;
    }
    if (c->got - c->at < 2 * VARINT_MAX && c->off < c->end &&
        (err = cursor_fill(c)) != BF_OK)
        return err;
    if (get_varint(c->buf, c->got, &c->at, &d) != 0 ||
        (c->has_pos && get_varint(c->buf, c->got, &c->at, &p) != 0) ||
        p > (uint64_t)INT32_MAX + 1)
        return BF_EIO;
    c->key += d;
    c->pos = (int32_t)((int64_t)p - 1);
    c->left--;
    *out_done = 0;
    return BF_OK;
}

/* The receiver of a merge's output, in key order. */
typedef bf_err (*sink_fn)(void *ctx, uint64_t key, int32_t pos);

/* before orders heap entries by key, then by run: older runs first. */
static int before(const cursor *c, size_t a, size_t b)
{
    return c[a].key < c[b].key || (c[a].key == c[b].key && a < b);
}

static void sift_down(const cursor *c, size_t *h, size_t len, size_t i)
{
    for (;;) {
        size_t l = 2 * i + 1, best = i, t;

        if (l < len && before(c, h[l], h[best]))
            best = l;
        if (l + 1 < len && before(c, h[l + 1], h[best]))
            best = l + 1;
        if (best == i)
            return;
        t = h[i];
        h[i] = h[best];
        h[best] = t;
        i = best;
    }
}

/*
 * merge reads the runs of list through a binary heap of their heads and
 * passes every record to sink in key order; each run is released as it
 * is read, so a list can be merged once.  With dedup, equal keys become
 * one record whose position is the last known one in run order, as
 * dedupe does within a run.  Memory: a buffer of MIN_READ_BYTES to
 * MAX_READ_BYTES per run, within about a quarter of the chunk's memory
 * when it can.  Time O(m_raw log runs).
 */
static bf_err merge(const runs *list, size_t chunk, int dedup, sink_fn sink,
                    void *ctx)
{
    size_t k = list->len, cap = chunk / (k ? k : 1) * 6, len = 0, i;
    cursor *c = calloc(k ? k : 1, sizeof *c);
    size_t *h = calloc(k ? k : 1, sizeof *h);
    bf_err err = BF_OK;
    uint64_t last = 0;
    int32_t last_pos = -1;
    int have = 0, done;

    if (cap < MIN_READ_BYTES)
        cap = MIN_READ_BYTES;
    if (cap > MAX_READ_BYTES)
        cap = MAX_READ_BYTES;
    if (!c || !h) {
        err = BF_ENOMEM;
        goto out;
    }
    for (i = 0; i < k; i++) {
        c[i].fd = list->r[i].fd;
        c[i].off = c[i].freed = list->r[i].off;
        c[i].end = list->r[i].off + list->r[i].bytes;
        c[i].left = list->r[i].count;
        c[i].has_pos = list->r[i].has_pos;
        c[i].cap = cap;
        c[i].buf = malloc(cap);
        if (!c[i].buf) {
            err = BF_ENOMEM;
            goto out;
        }
        err = cursor_next(&c[i], &done);
        if (err)
            goto out;
        if (!done)
            h[len++] = i;
    }
    for (i = len; i-- > 0;)
        sift_down(c, h, len, i);
    while (len > 0) {
        cursor *top = &c[h[0]];

        if (dedup && have && top->key == last) {
            if (top->pos >= 0)
                last_pos = top->pos;
        } else {
            if (have && (err = sink(ctx, last, last_pos)) != BF_OK)
                goto out;
            last = top->key;
            last_pos = top->pos;
            have = 1;
        }
        err = cursor_next(top, &done);
        if (err)
            goto out;
        if (done)
            h[0] = h[--len];
        sift_down(c, h, len, 0);
    }
    if (have)
        err = sink(ctx, last, last_pos);
out:
    for (i = 0; c && i < k; i++)
        free(c[i].buf);
    free(c);
    free(h);
    return err;
}

/*
 * Phase one of the run path: merge the raw runs, count the distinct
 * edges, write them as one run of out-edges (no positions: the out
 * direction keeps none) and re-chunk them by followee (key followee <<
 * shift | follower) into the in-runs.  The raw runs are released as
 * they are read, so the disk holds about what it held before.
 */
typedef struct count_ctx {
    bf__csr_edges *e;
    runs *in;
    writer out; /* the distinct out-edges */
    uint64_t m;
} count_ctx;

static bf_err count_sink(void *ctx, uint64_t key, int32_t pos)
{
    count_ctx *x = ctx;
    bf__csr_edges *e = x->e;
    uint64_t mask = ((uint64_t)1 << e->shift) - 1;
    bf_err err;

    x->m++;
    if ((err = writer_put(&x->out, key, -1)) != BF_OK)
        return err;
    if (e->len == e->cap && (err = spill_chunk(e, 0, x->in)) != BF_OK)
        return err;
    if (e->pos)
        e->pos[e->len] = pos;
    e->keys[e->len++] = (key & mask) << e->shift | key >> e->shift;
    return BF_OK;
}

/*
 * Phases two and three: one direction's offsets and adjacency (and
 * positions for the in-direction) written sequentially into the mapping.
 * The offsets are those the in-memory fill computes.  Into a file (fd
 * >= 0), the adjacency and positions are reserved on disk as they are
 * reached, RESERVE_EDGES at a time, while the runs they come from are
 * released: the file and the runs never take their whole size together.
 */
#define RESERVE_EDGES ((uint64_t)1 << 22)

typedef struct dir_ctx {
    uint64_t *off;
    uint32_t *adj;
    int32_t *pos; /* NULL: not kept */
    uint64_t v, i, mask, m;
    unsigned shift;
    int fd;                  /* the file being filled, -1: nothing to reserve */
    uint64_t adj_at, pos_at; /* the sections' offsets in it */
    uint64_t reserved;       /* edges whose blocks are reserved */
} dir_ctx;

/* reserve makes sure blocks back [off, off + len) of fd (fd < 0: memory),
 * so that writing them through the mapping cannot fail for space. */
static bf_err reserve(int fd, uint64_t off, uint64_t len)
{
    int rc;

    if (fd < 0 || len == 0)
        return BF_OK;
    rc = posix_fallocate(fd, (off_t)off, (off_t)len);
    return rc ? bf_err_from_errno(rc) : BF_OK;
}

/* dir_reserve reserves x's next stretch of edges. */
static bf_err dir_reserve(dir_ctx *x)
{
    uint64_t k = x->m - x->reserved;
    bf_err err;

    if (k == 0)
        return BF_EIO; /* more edges than counted: the runs changed */
    if (k > RESERVE_EDGES)
        k = RESERVE_EDGES;
    err = reserve(x->fd, x->adj_at + x->reserved * 4, k * 4);
    if (!err && x->pos)
        err = reserve(x->fd, x->pos_at + x->reserved * 4, k * 4);
    if (!err)
        x->reserved += k;
    return err;
}

static bf_err dir_sink(void *ctx, uint64_t key, int32_t pos)
{
    dir_ctx *x = ctx;
    uint64_t f = key >> x->shift;
    bf_err err;

    if (x->i == x->reserved && (err = dir_reserve(x)) != BF_OK)
        return err;
    while (x->v < f)
        x->off[++x->v] = x->i;
    x->adj[x->i] = (uint32_t)(key & x->mask);
    if (x->pos)
        x->pos[x->i] = pos;
    x->i++;
    return BF_OK;
}

/* dir_of returns a malloc'd copy of path's directory ("." if none). */
static char *dir_of(const char *path)
{
    const char *slash = strrchr(path, '/');
    size_t n = slash ? (size_t)(slash - path) : 0;
    char *d;

    if (slash && n == 0)
        n = 1; /* "/graph.csr" lives in "/" */
    d = malloc(n + 2);
    if (!d)
        return NULL;
    if (slash) {
        memcpy(d, path, n);
        d[n] = '\0';
    } else {
        strcpy(d, ".");
    }
    return d;
}

/* SECT is section s of the mapping at base, as a pointer to T. */
#define SECT(T, base, l, s) ((T *)(void *)((base) + (l)->off[s]))

/*
 * The laying out of one direction (lay_out), and the turning round of
 * the keys for the other, in parts: part t takes the keys of its slice.
 */
typedef struct lay {
    uint64_t *keys;
    uint64_t m;
    unsigned shift;
    uint32_t n;
    uint64_t *off;
    uint32_t *adj;
    const int32_t *pos; /* copied into pos_to when not NULL */
    int32_t *pos_to;
    int turn; /* then turn each key round: (to << shift | from) */
    uint64_t v0[BF_PAR_MAX]; /* each part's first offset to write */
} lay;

/*
 * lay_part writes adj for its keys and off[v] for every v whose list
 * starts in its slice: the v above the from of the key before the slice,
 * up to its own keys' from (the last part also those past the last key,
 * up to n).  Each off[v] is written by one part, so any split gives the
 * same bytes.
 */
static void lay_part(void *ctx, unsigned t, unsigned nt)
{
    const lay *x = ctx;
    uint64_t mask = ((uint64_t)1 << x->shift) - 1;
    uint64_t i = bf_par_split((size_t)x->m, t, nt);
    uint64_t end = bf_par_split((size_t)x->m, t + 1, nt), v;

    v = x->v0[t];
    for (; i < end; i++) {
        uint64_t k = x->keys[i], from = k >> x->shift;

        while (v <= from)
            x->off[v++] = i;
        x->adj[i] = (uint32_t)(k & mask);
        if (x->turn)
            x->keys[i] = (k & mask) << x->shift | from;
    }
    if (t + 1 == nt)
        while (v <= x->n)
            x->off[v++] = x->m;
    if (x->pos) {
        i = bf_par_split((size_t)x->m, t, nt);
        memcpy(x->pos_to + i, x->pos + i, (end - i) * sizeof *x->pos);
    }
}

/*
 * lay_out writes one direction from m sorted keys (from << shift | to):
 * off[0..n] the first index of each from, adj the to of each key; with
 * turn, it then turns each key round for the other direction's sort;
 * with pos, it copies the m positions to pos_to.  On nt threads.
 */
static void lay_out(uint64_t *keys, uint64_t m, unsigned shift, uint32_t n,
                    uint64_t *off, uint32_t *adj, int turn, const int32_t *pos,
                    int32_t *pos_to, unsigned nt)
{
    lay x = { .keys = keys,
              .m = m,
              .shift = shift,
              .n = n,
              .off = off,
              .adj = adj,
              .pos = pos,
              .pos_to = pos_to,
              .turn = turn };
    unsigned t;

    nt = bf_par_parts(nt, (size_t)m, PAR_MIN_EDGES);
    /* Each part's first offset: one past the from of the key before its
     * slice, read here since the part before may turn that key round. */
    for (t = 0; t < nt; t++) {
        uint64_t i = bf_par_split((size_t)m, t, nt);

        x.v0[t] = i == 0 ? 0 : (keys[i - 1] >> shift) + 1;
    }
    bf_par_run(nt, lay_part, &x);
}

/*
 * fill lays the sorted, distinct edges of e out into the mapped file, and
 * frees e's arrays once both directions are written.
 *
 * Out: the keys are in (follower, followee) order already.  In: the keys
 * turned round to (followee, follower) and sorted again, then laid out
 * the same way.  The sort is stable and the keys distinct, so each list
 * comes out ascending, its positions with it, and the sections are
 * written front to back, where placing each follower at its followee's
 * cursor wrote at random.  The local order, built next, reads the file,
 * so the edges' memory goes before it needs its own.
 */
static bf_err fill(unsigned char *base, const layout *l, int fd, void *ctx,
                   uint64_t m)
{
    bf__csr_edges *e = ctx;
    bf_err err;

    (void)fd; /* emit reserved the whole file */
    lay_out(e->keys, m, e->shift, e->n, SECT(uint64_t, base, l, S_OUT_OFF),
            SECT(uint32_t, base, l, S_OUT_ADJ), 1, NULL, NULL, e->threads);
    err = radix_sort(e, 2 * e->shift);
    if (err)
        return err;
    lay_out(e->keys, m, e->shift, e->n, SECT(uint64_t, base, l, S_IN_OFF),
            SECT(uint32_t, base, l, S_IN_ADJ), 0, e->pos,
            e->pos ? SECT(int32_t, base, l, S_IN_POS) : NULL, e->threads);
    release_keys(e);
    return BF_OK;
}

/* flags_of gives the header flags of the file e will make. */
static uint32_t flags_of(const bf__csr_edges *e)
{
    return (e->pos ? BF__CSR_F_IN_POS : 0) |
           (e->n >= e->order_min_n ? BF__CSR_F_ORDER : 0);
}

/* counts_to_starts turns k bucket counts into each bucket's first slot. */
static void counts_to_starts(size_t *cnt, size_t k)
{
    size_t sum = 0, b;

    for (b = 0; b < k; b++) {
        size_t c = cnt[b];

        cnt[b] = sum;
        sum += c;
    }
}

/*
 * sort_u32 sorts a[0..len) ascending, using t (len entries) as scratch:
 * insertion sort for short lists, else an LSD radix sort on bytes whose
 * passes skip a byte that is the same in every value.
 */
static void sort_u32(uint32_t *a, uint32_t *t, size_t len)
{
    size_t cnt[256], i;
    unsigned shift;

    if (len <= 48) {
        for (i = 1; i < len; i++) {
            uint32_t x = a[i];
            size_t j = i;

            for (; j > 0 && a[j - 1] > x; j--)
                a[j] = a[j - 1];
            a[j] = x;
        }
        return;
    }
    for (shift = 0; shift < 32; shift += 8) {
        memset(cnt, 0, sizeof cnt);
        for (i = 0; i < len; i++)
            cnt[(a[i] >> shift) & 255]++;
        if (cnt[(a[0] >> shift) & 255] == len)
            continue;
        counts_to_starts(cnt, 256);
        for (i = 0; i < len; i++)
            t[cnt[(a[i] >> shift) & 255]++] = a[i];
        memcpy(a, t, len * sizeof *a);
    }
}

/*
 * by_degree fills order[0..n) with the vertices by degree (in plus out,
 * capped at 2^32 - 1), highest first, ties by dense id: a stable two-pass
 * radix sort on 16-bit digits of the complemented degree, over keys
 * (complement << 32 | v) built in id order.  BF_ENOMEM when its 16 n
 * bytes of keys cannot be had.
 */
static bf_err by_degree(const uint64_t *out_off, const uint64_t *in_off,
                        uint32_t n, uint32_t *order)
{
    uint64_t *k = malloc((size_t)n * sizeof *k), *t;
    size_t *cnt = malloc(65536 * sizeof *cnt);
    unsigned shift;
    uint32_t v;

    t = k ? malloc((size_t)n * sizeof *t) : NULL;
    if (!k || !t || !cnt) {
        free(k);
        free(t);
        free(cnt);
        return BF_ENOMEM;
    }
    for (v = 0; v < n; v++) {
        uint64_t d = out_off[v + 1] - out_off[v] + in_off[v + 1] - in_off[v];

        d = d > UINT32_MAX ? UINT32_MAX : d;
        k[v] = (uint64_t)(UINT32_MAX - (uint32_t)d) << 32 | v;
    }
    for (shift = 32; shift < 64; shift += 16) {
        size_t i;

        memset(cnt, 0, 65536 * sizeof *cnt);
        for (i = 0; i < n; i++)
            cnt[(k[i] >> shift) & 65535]++;
        counts_to_starts(cnt, 65536);
        for (i = 0; i < n; i++)
            t[cnt[(k[i] >> shift) & 65535]++] = k[i];
        memcpy(k, t, (size_t)n * sizeof *k);
    }
    for (v = 0; v < n; v++)
        order[v] = (uint32_t)k[v];
    free(k);
    free(t);
    free(cnt);
    return BF_OK;
}

/* The transposition's parts: part t appends to the lists of the
 * followers [u[t], u[t + 1]), whose cursors only it moves. */
typedef struct trans {
    const uint64_t *in_off;
    const uint32_t *in_adj;
    uint32_t n;
    uint64_t *at;
    uint32_t *out_adj;
    const uint32_t *u; /* this round's stretches */
} trans;

static void trans_part(void *ctx, unsigned p, unsigned np)
{
    const trans *x = ctx;
    uint32_t lo = x->u[p], hi = x->u[p + 1], t;
    uint64_t e;

    (void)np;
    for (t = 0; t < x->n; t++)
        for (e = x->in_off[t]; e < x->in_off[t + 1]; e++) {
            uint32_t f = x->in_adj[e];

            if (f >= lo && f < hi)
                x->out_adj[x->at[f]++] = t;
        }
}

/*
 * transpose writes the out-lists of the graph whose in-lists are in_off
 * and in_adj into out_adj, given out_off: visiting the followees in
 * ascending order and appending each to its followers' lists leaves every
 * list ascending without a sort.  Writes land at random within the
 * out-lists of the followers being filled, so these are filled a stretch
 * of at most `stretch` edges at a time, one stretch per thread in each
 * round, each round reading all the m in-edges: in a file larger than
 * memory, a stretch stays in the page cache until it is done, where
 * writes scattered over the whole section had the kernel write its pages
 * back and dirty them again (docs/graph-format.md, "Building").  8 n
 * bytes of cursors.
 */
static bf_err transpose(const uint64_t *in_off, const uint32_t *in_adj,
                        uint32_t n, const uint64_t *out_off, uint32_t *out_adj,
                        unsigned nt, uint64_t stretch)
{
    uint64_t m = out_off[n], parts;
    uint64_t *at = malloc(((size_t)n + 1) * sizeof *at);
    uint32_t *u = NULL, v = 0;
    size_t t;
    trans x;

    nt = bf_par_parts(nt, (size_t)m, PAR_MIN_EDGES);
    if (stretch == 0)
        stretch = 1;
    parts = (m + stretch - 1) / stretch;
    parts = parts < nt ? nt : (parts + nt - 1) / nt * nt; /* whole rounds */
    if (at && parts < SIZE_MAX / sizeof *u)
        u = malloc(((size_t)parts + 1) * sizeof *u);
    if (!at || !u) {
        free(at);
        free(u);
        return BF_ENOMEM;
    }
    memcpy(at, out_off, ((size_t)n + 1) * sizeof *at);
    x.in_off = in_off;
    x.in_adj = in_adj;
    x.n = n;
    x.at = at;
    x.out_adj = out_adj;
    for (t = 0; t < parts; t++) {
        /* Stretch t starts at the first follower whose out-list begins
         * at or past t / parts of the out-edges. */
        uint64_t from = m / parts * t + m % parts * t / parts;

        while (v < n && out_off[v] < from)
            v++;
        u[t] = t == 0 ? 0 : v;
    }
    u[parts] = n;
    for (t = 0; t < parts; t += nt) {
        x.u = u + t;
        bf_par_run(nt, trans_part, &x);
    }
    free(u);
    free(at);
    return BF_OK;
}

/* The relabelling of fill_order, in parts of about the same number of
 * followers: part t lays out the vertices [k[t], k[t + 1]) of the order. */
typedef struct relabel {
    const uint64_t *in_off, *lo_in_off;
    const uint32_t *in_adj, *order, *local;
    uint32_t *lo_in_adj;
    uint32_t *scratch[BF_PAR_MAX]; /* each `most` entries */
    uint32_t k[BF_PAR_MAX + 1];
} relabel;

static void relabel_part(void *ctx, unsigned t, unsigned nt)
{
    const relabel *r = ctx;
    uint32_t k;

    (void)nt;
    for (k = r->k[t]; k < r->k[t + 1]; k++) {
        const uint32_t *src = r->in_adj + r->in_off[r->order[k]];
        uint32_t *dst = r->lo_in_adj + r->lo_in_off[k];
        size_t d = (size_t)(r->lo_in_off[k + 1] - r->lo_in_off[k]), i;

        for (i = 0; i < d; i++)
            dst[i] = r->local[src[i]];
        sort_u32(dst, r->scratch[t], d);
    }
}

/*
 * fill_order writes the local order sections from the out_off, in_off and
 * in_adj sections already in the mapping: the order, the out-degrees and
 * in-degrees in it as offsets, each vertex's followers relabelled and
 * sorted, written in local order so the new section fills front to back,
 * then the out-lists in local ids by transposing those.  The relabelling
 * runs on nt threads, each over a stretch of the order.  Memory: 16 n
 * bytes for the sort, then 4 n for the relabelling and, per thread, 4
 * bytes per follower of the most followed vertex, then 8 n for the
 * transposition.
 */
static bf_err fill_order(unsigned char *base, const layout *l, uint32_t n,
                         unsigned nt, uint64_t stretch)
{
    const uint64_t *out_off = SECT(const uint64_t, base, l, S_OUT_OFF);
    const uint64_t *in_off = SECT(const uint64_t, base, l, S_IN_OFF);
    const uint32_t *in_adj = SECT(const uint32_t, base, l, S_IN_ADJ);
    uint32_t *order = SECT(uint32_t, base, l, S_ORDER);
    uint64_t *lo_out_off = SECT(uint64_t, base, l, S_LO_OUT_OFF);
    uint64_t *lo_in_off = SECT(uint64_t, base, l, S_LO_IN_OFF);
    uint32_t *lo_out_adj = SECT(uint32_t, base, l, S_LO_OUT_ADJ);
    uint32_t *lo_in_adj = SECT(uint32_t, base, l, S_LO_IN_ADJ);
    uint32_t *local, k;
    uint64_t most = 0;
    relabel r;
    unsigned t;
    bf_err err;

    err = by_degree(out_off, in_off, n, order);
    if (err)
        return err;
    local = malloc((size_t)n * sizeof *local);
    if (!local)
        return BF_ENOMEM;
    lo_out_off[0] = lo_in_off[0] = 0;
    for (k = 0; k < n; k++) {
        uint32_t u = order[k];
        uint64_t din = in_off[u + 1] - in_off[u];

        local[u] = k;
        lo_out_off[k + 1] = lo_out_off[k] + (out_off[u + 1] - out_off[u]);
        lo_in_off[k + 1] = lo_in_off[k] + din;
        if (din > most)
            most = din;
    }
    nt = bf_par_parts(nt, (size_t)lo_in_off[n], PAR_MIN_EDGES);
    r = (relabel){ .in_off = in_off,
                   .lo_in_off = lo_in_off,
                   .in_adj = in_adj,
                   .order = order,
                   .local = local,
                   .lo_in_adj = lo_in_adj };
    /* Part t starts at the first vertex whose followers begin at or
     * past its share of them. */
    for (t = 0, k = 0; t < nt; t++) {
        uint64_t from = bf_par_split((size_t)lo_in_off[n], t, nt);

        while (k < n && lo_in_off[k] < from)
            k++;
        r.k[t] = t == 0 ? 0 : k;
        r.scratch[t] = malloc((size_t)(most ? most : 1) * sizeof(uint32_t));
        if (!r.scratch[t])
            err = BF_ENOMEM;
    }
    r.k[nt] = n;
    if (!err)
        bf_par_run(nt, relabel_part, &r);
    for (t = 0; t < nt; t++)
        free(r.scratch[t]);
    free(local);
    if (err)
        return err;
    return transpose(lo_in_off, lo_in_adj, n, lo_out_off, lo_out_adj, nt,
                     stretch);
}

/*
 * A filler writes the sections of a laid-out file into its mapping; fd,
 * when not -1, is the file, whose adjacency and positions the filler
 * must reserve (reserve) before it writes them.
 */
typedef bf_err (*fill_fn)(unsigned char *base, const layout *l, int fd,
                          void *ctx, uint64_t m);

/*
 * put_header writes the header of a graph file of n vertices, m edges,
 * the flags and generation, laid out as l, whose sections have the
 * checksums crc.
 */
static void put_header(unsigned char *h, uint64_t n, uint64_t m, uint32_t flags,
                       uint64_t generation, const layout *l,
                       const uint32_t *crc)
{
    int s;

    memset(h, 0, BF__CSR_HEADER);
    memcpy(h, BF__CSR_MAGIC, 8);
    bf__put_u32(h + H_VERSION, BF__CSR_VERSION);
    bf__put_u32(h + H_FLAGS, flags);
    bf__put_u64(h + H_N, n);
    bf__put_u64(h + H_M, m);
    bf__put_u64(h + H_GEN, generation);
    for (s = 0; s < S__COUNT; s++) {
        unsigned char *t = h + H_SECT + 24 * s;

        bf__put_u64(t, l->off[s]);
        bf__put_u64(t + 8, l->len[s]);
        bf__put_u32(t + 16, crc[s]);
        bf__put_u32(t + 20, 0);
    }
    bf__put_u32(h + H_CRC, crc_big(h, H_CRC));
    bf__put_u32(h + H_PAD, 0);
}

/*
 * put_in_place makes the written temp file tmp (open as fd) the graph
 * file at path: fsync, rename, and the directory fsync'd.
 */
static bf_err put_in_place(int fd, const char *tmp, const char *path,
                           const char *dir)
{
    if (fsync(fd) != 0)
        return bf_err_from_errno(errno);
    /* The descriptor, and so the lock, is kept past the rename: until
     * then the sweep must see the temp file as in use. */
    if (rename(tmp, path) != 0)
        return bf_err_from_errno(errno);
    return bf__fsync_dir(dir);
}

/*
 * emit writes the graph file at path: n vertices, m distinct edges, the
 * header flags and generation, sections filled by fill(ctx), through a
 * temp file of its own (bf__tmp_create), fsync and rename.  With path NULL it
 * lays the same bytes out in anonymous memory instead and hands the
 * mapping to *mem (for a store whose disk is full or read-only).
 *
 * The whole file is reserved on disk before it is mapped, unless grow is
 * set: then only the header and the offsets are, the filler reserves the
 * adjacency and positions as it reaches them, and the local order is
 * reserved once they are filled (the run path: its runs are released as
 * the file grows, so the two need not fit on the disk together).
 */
static bf_err emit(const char *path, uint32_t n, uint64_t m, uint32_t flags,
                   uint64_t generation, fill_fn fill_sections, void *ctx,
                   unsigned threads, uint64_t stretch, int grow,
                   bf__csr_file *mem)
{
    bf_err err = BF_OK;
    unsigned char *base = NULL;
    char *tmp = NULL, *dir = NULL;
    uint32_t crc[S__COUNT];
    layout l;
    int fd = -1, s, rc;

    if (make_layout(n, m, flags, &l) != 0)
        return BF_ELIMIT;
    if (l.size > SIZE_MAX)
        return BF_ENOMEM;
    if (!path) {
        base = mmap(NULL, (size_t)l.size, PROT_READ | PROT_WRITE,
                    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        if (base == MAP_FAILED) {
            base = NULL;
            err = BF_ENOMEM;
            goto out;
        }
    } else {
        dir = dir_of(path);
        if (!dir) {
            err = BF_ENOMEM;
            goto out;
        }
        err = bf__tmp_create(path, &tmp, &fd);
        if (err)
            goto out;
        /* Reserve the blocks before they are written: a full disk must
         * fail as an error, not as SIGBUS while writing through the
         * mapping. */
        if (!grow) {
            rc = posix_fallocate(fd, 0, (off_t)l.size);
            err = rc ? bf_err_from_errno(rc) : BF_OK;
        } else if (ftruncate(fd, (off_t)l.size) != 0) {
            err = bf_err_from_errno(errno);
        } else {
            err = reserve(fd, 0, l.off[S_OUT_ADJ]);
            if (!err)
                err = reserve(fd, l.off[S_IN_OFF], l.len[S_IN_OFF]);
        }
        if (err)
            goto out;
        base = mmap(NULL, (size_t)l.size, PROT_READ | PROT_WRITE, MAP_SHARED,
                    fd, 0);
        if (base == MAP_FAILED) {
            base = NULL;
            err = bf_err_from_errno(errno);
            goto out;
        }
    }
    memset(base, 0, BF__CSR_HEADER);
    err = fill_sections(base, &l, grow && path ? fd : -1, ctx, m);
    if (!err && grow && path)
        err = reserve(fd, l.off[S_ORDER], l.size - l.off[S_ORDER]);
    if (!err && (flags & BF__CSR_F_ORDER))
        err = fill_order(base, &l, n, threads, stretch);
    if (err)
        goto out;

    for (s = 0; s < S__COUNT; s++)
        crc[s] = bf_par_crc32(base + l.off[s], (size_t)l.len[s], threads);
    put_header(base, n, m, flags, generation, &l, crc);

    if (!path) {
        /* Checked like a file: the same code then vouches for it. */
        memset(mem, 0, sizeof *mem);
        if (bf__csr_check(base, (size_t)l.size, &mem->g, &mem->generation)) {
            err = BF_ECORRUPT;
            goto out;
        }
        mem->base = base;
        mem->size = (size_t)l.size;
        mem->whole = 1;
        base = NULL;
        goto out;
    }
    if (munmap(base, (size_t)l.size) != 0)
        err = bf_err_from_errno(errno);
    base = NULL;
    if (!err)
        err = put_in_place(fd, tmp, path, dir);
out:
    if (base)
        munmap(base, (size_t)l.size);
    if (err && tmp)
        unlink(tmp);
    if (fd >= 0 && close(fd) != 0 && !err)
        err = bf_err_from_errno(errno);
    free(tmp);
    free(dir);
    return err;
}

/* The run path's filler: both directions merged from their runs. */
typedef struct runs_ctx {
    const bf__csr_edges *e;
    const runs *out; /* the distinct out-edges, one run */
    const runs *in;
    uint32_t flags;
} runs_ctx;

/* One direction's merge (fill_runs): part 0 the out-run, 1 the in-runs. */
typedef struct dir_job {
    const bf__csr_edges *e;
    const runs *list;
    dir_ctx x;
    bf_err err;
} dir_job;

static void dir_part(void *ctx, unsigned t, unsigned nt)
{
    dir_job *j = (dir_job *)ctx + t;
    dir_ctx *x = &j->x;

    (void)nt;
    x->v = x->i = 0;
    x->shift = j->e->shift;
    x->mask = ((uint64_t)1 << j->e->shift) - 1;
    x->reserved = x->fd >= 0 ? 0 : x->m;
    x->off[0] = 0;
    j->err = merge(j->list, j->e->chunk, 0, dir_sink, x);
    if (!j->err && x->i != x->m)
        j->err = BF_EIO; /* the run file changed under us */
    while (!j->err && x->v < j->e->n)
        x->off[++x->v] = x->m;
}

/*
 * fill_runs merges both directions from their runs into the sections of
 * the mapping.  The two merges read runs of their own (pread, no shared
 * offset) and write sections of their own, so with two threads or more
 * they run side by side.
 */
static bf_err fill_runs(unsigned char *base, const layout *l, int fd, void *ctx,
                        uint64_t m)
{
    const runs_ctx *rx = ctx;
    dir_job j[2];

    memset(j, 0, sizeof j);
    j[0].e = j[1].e = rx->e;
    j[0].list = rx->out;
    j[1].list = rx->in;
    j[0].x.off = SECT(uint64_t, base, l, S_OUT_OFF);
    j[0].x.adj = SECT(uint32_t, base, l, S_OUT_ADJ);
    j[0].x.adj_at = l->off[S_OUT_ADJ];
    j[1].x.off = SECT(uint64_t, base, l, S_IN_OFF);
    j[1].x.adj = SECT(uint32_t, base, l, S_IN_ADJ);
    j[1].x.adj_at = l->off[S_IN_ADJ];
    if (rx->flags & BF__CSR_F_IN_POS) {
        j[1].x.pos = SECT(int32_t, base, l, S_IN_POS);
        j[1].x.pos_at = l->off[S_IN_POS];
    }
    j[0].x.m = j[1].x.m = m;
    j[0].x.fd = j[1].x.fd = fd;
    if (rx->e->threads >= 2) {
        bf_par_run(2, dir_part, j);
    } else {
        dir_part(j, 0, 2);
        if (!j[0].err)
            dir_part(j, 1, 2);
    }
    return j[0].err ? j[0].err : j[1].err;
}

/*
 * write_runs is bf__csr_write for a list that spilled: the last chunk
 * becomes a run, a first merge counts the distinct edges, writes them as
 * one out-run and spills them again keyed by followee, and emit's filler
 * merges the out-run and the in-runs into the mapping.  The chunk buffers
 * are reused for the in-runs and freed before the file is written.
 */
static bf_err write_runs(const char *path, bf__csr_edges *e,
                         uint64_t generation, bf__csr_file *mem)
{
    uint32_t flags = flags_of(e);
    runs in = { NULL, 0, 0 };
    runs out = { NULL, 0, 0 };
    unsigned char *obuf = NULL;
    count_ctx cx;
    runs_ctx rx;
    bf_err err;

    memset(&cx, 0, sizeof cx);
    err = spill_chunk(e, 1, NULL);
    if (!err && e->cap < e->chunk) {
        uint64_t *k = realloc(e->keys, e->chunk * sizeof *k);

        if (k)
            e->keys = k;
        if (k && e->pos) {
            int32_t *p = realloc(e->pos, e->chunk * sizeof *p);

            if (p)
                e->pos = p;
            k = p ? k : NULL;
        }
        if (!k)
            err = BF_ENOMEM;
        else
            e->cap = e->chunk;
    }
    if (!err)
        err = (obuf = malloc(WRITE_BYTES)) ? BF_OK : BF_ENOMEM;
    if (!err)
        err = runfile_open(e, &e->spill->merged);
    cx.e = e;
    cx.in = &in;
    cx.m = 0;
    if (!err) {
        writer_start(&cx.out, &e->spill->merged, obuf, 0);
        err = merge(&e->spill->out, e->chunk, 1, count_sink, &cx);
    }
    if (!err)
        err = writer_finish(&cx.out);
    if (!err)
        err = spill_chunk(e, 0, &in);
    free(obuf);
    release_keys(e); /* and the sorts' spare arrays */
    out.r = &cx.out.r;
    out.len = out.cap = 1;
    rx.e = e;
    rx.out = &out;
    rx.in = &in;
    rx.flags = flags;
    if (!err)
        err = emit(path, e->n, cx.m, flags, generation, fill_runs, &rx,
                   e->threads, e->trans_stretch, 1, mem);
    free(in.r);
    spill_close(e);
    return err;
}

/* write_to is bf__csr_write (path) or bf__csr_build_mem (path NULL). */
static bf_err write_to(const char *path, bf__csr_edges *e, uint64_t generation,
                       bf__csr_file *mem)
{
    bf_err err;
    size_t m;

    if (e->spill)
        return write_runs(path, e, generation, mem);
    err = radix_sort(e, 2 * e->shift);
    if (err)
        return err;
    m = e->len = dedupe(e->keys, e->pos, e->len);
    return emit(path, e->n, m, flags_of(e), generation, fill, e, e->threads,
                e->trans_stretch, 0, mem);
}

bf_err bf__csr_write(const char *path, bf__csr_edges *e, uint64_t generation)
{
    return path ? write_to(path, e, generation, NULL) : BF_EINVAL;
}

bf_err bf__csr_build_mem(bf__csr_edges *e, uint64_t generation,
                         bf__csr_file *out)
{
    return write_to(NULL, e, generation, out);
}

/* The largest copy asked of the kernel at once, and the buffer of the
 * copy without it. */
#define COPY_STEP ((size_t)1 << 30)
#define COPY_BUF  ((size_t)1 << 20)

/*
 * copy_range copies len bytes at offset from of src to offset to of dst:
 * inside the kernel (copy_file_range) where the file system allows it,
 * else through a buffer.  BF_ECORRUPT when src ends early.
 */
static bf_err copy_range(int src, uint64_t from, int dst, uint64_t to,
                         uint64_t len)
{
    unsigned char *buf;
    bf_err err = BF_OK;

    while (len > 0) {
        loff_t a = (loff_t)from, b = (loff_t)to;
        ssize_t r = copy_file_range(
                src, &a, dst, &b, len < COPY_STEP ? (size_t)len : COPY_STEP, 0);

        if (r < 0 && errno == EINTR)
            continue;
        if (r == 0)
            return BF_ECORRUPT;
        if (r < 0) {
            if (errno != EXDEV && errno != ENOSYS && errno != EOPNOTSUPP &&
                errno != EINVAL)
                return bf_err_from_errno(errno);
            break;
        }
        from += (uint64_t)r;
        to += (uint64_t)r;
        len -= (uint64_t)r;
    }
    if (len == 0)
        return BF_OK;
    buf = malloc(COPY_BUF);
    if (!buf)
        return BF_ENOMEM;
    while (!err && len > 0) {
        size_t k = len < COPY_BUF ? (size_t)len : COPY_BUF;

        err = read_at(src, from, buf, k);
        if (!err)
            err = write_at(dst, to, buf, k);
        from += k;
        to += k;
        len -= k;
    }
    free(buf);
    return err;
}

/*
 * put_tail writes count entries at offset at of fd, after a section
 * copied whole, and carries its checksum *crc over them: the u64 value
 * itself each time for an offsets section (isolated vertices add no
 * edge), or for the order section (ids set) the u32 ids value, value + 1,
 * ... (isolated vertices come last, by ascending id).
 */
static bf_err put_tail(int fd, uint64_t at, uint64_t count, int ids,
                       uint64_t value, uint32_t *crc)
{
    unsigned char buf[8192];
    bf_err err = BF_OK;

    while (!err && count > 0) {
        size_t k = 0, w = ids ? 4 : 8;

        for (; count > 0 && k + w <= sizeof buf; k += w, count--) {
            if (ids)
                bf__put_u32(buf + k, (uint32_t)value++);
            else
                bf__put_u64(buf + k, value);
        }
        *crc = (uint32_t)crc32_z(*crc, buf, k);
        err = write_at(fd, at, buf, k);
        at += k;
    }
    return err;
}

/*
 * header_at reads the header bytes of the graph file open as fd into h,
 * checks them into *out, and that the file has the size they give.
 */
static bf_err header_at(int fd, unsigned char h[BF__CSR_HEADER],
                        bf__csr_header *out)
{
    struct stat sb;
    bf_err err = read_at(fd, 0, h, BF__CSR_HEADER);

    if (err == BF_EIO)
        err = BF_ECORRUPT; /* shorter than a header */
    if (!err)
        err = bf__csr_header_check(h, out);
    if (!err && fstat(fd, &sb) != 0)
        err = bf_err_from_errno(errno);
    if (!err && (uint64_t)sb.st_size != out->size)
        err = BF_ECORRUPT;
    return err;
}

bf_err bf__csr_read_header(const char *path, bf__csr_header *out)
{
    unsigned char h[BF__CSR_HEADER];
    bf_err err;
    int fd = open(path, O_RDONLY | O_CLOEXEC);

    if (fd < 0)
        return errno == ENOENT ? BF_ENOTFOUND : bf_err_from_errno(errno);
    err = header_at(fd, h, out);
    close(fd);
    return err;
}

bf_err bf__csr_extend(const char *path, uint32_t n, uint64_t generation,
                      uint32_t order_min_n)
{
    unsigned char h[BF__CSR_HEADER];
    uint32_t crc[S__COUNT];
    char *tmp = NULL, *dir = NULL;
    bf__csr_header old;
    layout l;
    bf_err err;
    int src, fd = -1, s, rc;

    src = open(path, O_RDONLY | O_CLOEXEC);
    if (src < 0)
        return errno == ENOENT ? BF_ENOTFOUND : bf_err_from_errno(errno);
    err = header_at(src, h, &old);
    /* Another generation, no vertex to add, or a local order that a
     * build over n vertices would add or leave out: not an extension. */
    if (!err && (old.generation != generation || old.n >= n ||
                 !(old.flags & BF__CSR_F_ORDER) != (n < order_min_n)))
        err = BF_EINVAL;
    if (!err && make_layout(n, old.m, old.flags, &l) != 0)
        err = BF_ELIMIT;
    if (!err && !(dir = dir_of(path)))
        err = BF_ENOMEM;
    if (!err)
        err = bf__tmp_create(path, &tmp, &fd);
    if (!err) {
        rc = posix_fallocate(fd, 0, (off_t)l.size);
        err = rc ? bf_err_from_errno(rc) : BF_OK;
    }
    /* Each section as it was, then the entries of the new vertices; the
     * padding between sections is the reserved blocks' zeros.  The
     * checksums go on from the old ones, so a section damaged before
     * stays one that bonafide check finds damaged. */
    for (s = 0; !err && s < S__COUNT; s++) {
        uint64_t at = l.off[s] + old.len[s];

        crc[s] = bf__get_u32(h + H_SECT + 24 * s + 16);
        err = copy_range(src, old.off[s], fd, l.off[s], old.len[s]);
        if (err || l.len[s] == old.len[s])
            continue;
        if (s == S_ORDER)
            err = put_tail(fd, at, n - old.n, 1, old.n, &crc[s]);
        else
            err = put_tail(fd, at, n - old.n, 0, old.m, &crc[s]);
    }
    if (!err) {
        put_header(h, n, old.m, old.flags, generation, &l, crc);
        err = write_at(fd, 0, h, sizeof h);
    }
    if (!err)
        err = put_in_place(fd, tmp, path, dir);
    if (err && tmp)
        unlink(tmp);
    if (fd >= 0 && close(fd) != 0 && !err)
        err = bf_err_from_errno(errno);
    close(src);
    free(tmp);
    free(dir);
    return err;
}

/* check_off checks an offset array: starts at 0, never decreases, ends at
 * m. */
static int check_off(const uint64_t *off, uint32_t n, uint64_t m)
{
    uint32_t v;

    if (off[0] != 0 || off[n] != m)
        return -1;
    for (v = 0; v < n; v++)
        if (off[v] > off[v + 1])
            return -1;
    return 0;
}

/* check_pos checks that every position is -1 (unknown) or above. */
static int check_pos(const int32_t *pos, uint64_t m)
{
    uint64_t i;

    for (i = 0; i < m; i++)
        if (pos[i] < -1)
            return -1;
    return 0;
}

/* check_adj checks that every list is strictly ascending and below n. */
static int check_adj(const uint64_t *off, const uint32_t *adj, uint32_t n)
{
    uint32_t v;

    for (v = 0; v < n; v++) {
        uint64_t i = off[v], end = off[v + 1];

        if (i == end)
            continue;
        if (adj[i] >= n)
            return -1;
        for (i++; i < end; i++)
            if (adj[i] <= adj[i - 1] || adj[i] >= n)
                return -1;
    }
    return 0;
}

/*
 * check_order checks the local order sections of g against the dense ones:
 * order is a permutation, and local vertex k has the out- and in-degree of
 * order[k]; with check_off and check_adj on lo_in_adj that makes every
 * access safe.  (That each relabelled list is the relabelled list of its
 * vertex is left to the section checksums.)  -1 when not, or out of memory.
 */
static int check_order(const bf_csr *g)
{
    uint32_t n = g->n, k;
    unsigned char *seen;
    int bad = 0;

    if (check_off(g->lo_out_off, n, g->m) || check_off(g->lo_in_off, n, g->m) ||
        check_adj(g->lo_out_off, g->lo_out_adj, n) ||
        check_adj(g->lo_in_off, g->lo_in_adj, n))
        return -1;
    seen = calloc((size_t)n / 8 + 1, 1);
    if (!seen)
        return -1;
    for (k = 0; k < n && !bad; k++) {
        uint32_t u = g->order[k];

        if (u >= n || (seen[u / 8] & (1u << (u % 8))) ||
            g->lo_out_off[k + 1] - g->lo_out_off[k] !=
                    g->out_off[u + 1] - g->out_off[u] ||
            g->lo_in_off[k + 1] - g->lo_in_off[k] !=
                    g->in_off[u + 1] - g->in_off[u])
            bad = 1;
        else
            seen[u / 8] |= (unsigned char)(1u << (u % 8));
    }
    free(seen);
    return bad ? -1 : 0;
}

/* header_why is bf__csr_header_check, saying which check failed. */
static const char *header_why(const void *p, bf__csr_header *out)
{
    const unsigned char *b = p;
    bf__csr_header h;
    layout l;
    int s;

    if (memcmp(b, BF__CSR_MAGIC, 8) != 0)
        return "bad magic";
    if (bf__get_u32(b + H_CRC) != crc_big(b, H_CRC))
        return "header checksum mismatch";
    if (bf__get_u32(b + H_PAD) != 0)
        return "reserved header word is not zero";
    if (bf__get_u32(b + H_VERSION) != BF__CSR_VERSION)
        return "another format version";
    h.flags = bf__get_u32(b + H_FLAGS);
    if (h.flags & ~F_ALL)
        return "unknown flags";
    h.n = bf__get_u64(b + H_N);
    h.m = bf__get_u64(b + H_M);
    h.generation = bf__get_u64(b + H_GEN);
    h.crc = bf__get_u32(b + H_CRC);
    if (make_layout(h.n, h.m, h.flags, &l) != 0)
        return "vertex or edge count out of range";
    for (s = 0; s < S__COUNT; s++) {
        const unsigned char *t = b + H_SECT + 24 * s;

        if (bf__get_u64(t) != l.off[s] || bf__get_u64(t + 8) != l.len[s] ||
            bf__get_u32(t + 20) != 0)
            return "section table does not match the counts";
        h.off[s] = l.off[s];
        h.len[s] = l.len[s];
    }
    h.size = l.size;
    *out = h;
    return NULL;
}

bf_err bf__csr_header_check(const void *p, bf__csr_header *out)
{
    return header_why(p, out) ? BF_ECORRUPT : BF_OK;
}

/* Why a section's checksum failed, by section. */
static const char *const crc_why[S__COUNT] = {
    "out_off section checksum mismatch",
    "out_adj section checksum mismatch",
    "in_off section checksum mismatch",
    "in_adj section checksum mismatch",
    "in_pos section checksum mismatch",
    "order section checksum mismatch",
    "lo_out_off section checksum mismatch",
    "lo_out_adj section checksum mismatch",
    "lo_in_off section checksum mismatch",
    "lo_in_adj section checksum mismatch",
};

/*
 * open_why checks the size bytes at p as far as bf__csr_open does (size,
 * header, section table, file size) and fills *g and *out_h; NULL when they
 * pass, else why not.
 */
static const char *open_why(const void *p, size_t size, bf_csr *g,
                            bf__csr_header *out_h)
{
    const unsigned char *b = p;
    bf__csr_header h;
    const char *why;

    if (size < BF__CSR_HEADER)
        return "shorter than its header";
    why = header_why(b, &h);
    if (why)
        return why;
    if (h.size != size)
        return "file size does not match its counts";
    g->n = (uint32_t)h.n;
    g->m = h.m;
    g->out_off = (const uint64_t *)(const void *)(b + h.off[S_OUT_OFF]);
    g->out_adj = (const uint32_t *)(const void *)(b + h.off[S_OUT_ADJ]);
    g->in_off = (const uint64_t *)(const void *)(b + h.off[S_IN_OFF]);
    g->in_adj = (const uint32_t *)(const void *)(b + h.off[S_IN_ADJ]);
    g->in_pos = NULL;
    if (h.flags & BF__CSR_F_IN_POS)
        g->in_pos = (const int32_t *)(const void *)(b + h.off[S_IN_POS]);
    g->order = NULL;
    g->lo_out_off = g->lo_in_off = NULL;
    g->lo_out_adj = g->lo_in_adj = NULL;
    if (h.flags & BF__CSR_F_ORDER) {
        g->order = (const uint32_t *)(const void *)(b + h.off[S_ORDER]);
        g->lo_out_off =
                (const uint64_t *)(const void *)(b + h.off[S_LO_OUT_OFF]);
        g->lo_out_adj =
                (const uint32_t *)(const void *)(b + h.off[S_LO_OUT_ADJ]);
        g->lo_in_off = (const uint64_t *)(const void *)(b + h.off[S_LO_IN_OFF]);
        g->lo_in_adj = (const uint32_t *)(const void *)(b + h.off[S_LO_IN_ADJ]);
    }
    *out_h = h;
    return NULL;
}

bf_err bf__csr_open(const void *p, size_t size, bf_csr *out_g,
                    uint64_t *out_generation)
{
    bf__csr_header h;
    bf_csr g;

    if (open_why(p, size, &g, &h))
        return BF_ECORRUPT;
    *out_g = g;
    if (out_generation)
        *out_generation = h.generation;
    return BF_OK;
}

const char *bf__csr_structure(const bf_csr *g)
{
    if (check_off(g->out_off, g->n, g->m) || check_off(g->in_off, g->n, g->m))
        return "offsets out of order or not ending at the edge count";
    if (check_adj(g->out_off, g->out_adj, g->n) ||
        check_adj(g->in_off, g->in_adj, g->n))
        return "an adjacency list is out of range or not ascending";
    if (g->in_pos && check_pos(g->in_pos, g->m))
        return "a follower position is below -1";
    if (g->order && check_order(g))
        return "the local order does not match the graph";
    return NULL;
}

const char *bf__csr_verify(const void *p, size_t size, bf_csr *out_g,
                           uint64_t *out_generation)
{
    const unsigned char *b = p;
    bf__csr_header h;
    const char *why;
    bf_csr g;
    int s;

    why = open_why(p, size, &g, &h);
    if (why)
        return why;
    for (s = 0; s < S__COUNT; s++) {
        const unsigned char *t = b + H_SECT + 24 * s;

        if (bf__get_u32(t + 16) != crc_big(b + h.off[s], (size_t)h.len[s]))
            return crc_why[s];
    }
    why = bf__csr_structure(&g);
    if (why)
        return why;
    if (out_g)
        *out_g = g;
    if (out_generation)
        *out_generation = h.generation;
    return NULL;
}

bf_err bf__csr_check(const void *p, size_t size, bf_csr *out_g,
                     uint64_t *out_generation)
{
    return bf__csr_verify(p, size, out_g, out_generation) ? BF_ECORRUPT : BF_OK;
}

/*
 * map_file maps path read-only and checks it: in full (checksums
 * included) when full, else its header and layout only.
 */
static bf_err map_file(const char *path, bf__csr_file *out, int full)
{
    bf_err err = BF_OK;
    struct stat sb;
    void *base = NULL;
    size_t size = 0;
    int fd;

    memset(out, 0, sizeof *out);
    fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return errno == ENOENT ? BF_ENOTFOUND : bf_err_from_errno(errno);
    if (fstat(fd, &sb) != 0) {
        err = bf_err_from_errno(errno);
        goto out;
    }
    if (sb.st_size < BF__CSR_HEADER || (uint64_t)sb.st_size > SIZE_MAX) {
        err = BF_ECORRUPT;
        goto out;
    }
    size = (size_t)sb.st_size;
    base = mmap(NULL, size, PROT_READ, MAP_SHARED, fd, 0);
    if (base == MAP_FAILED) {
        base = NULL;
        err = BF_EIO;
        goto out;
    }
    if (full)
        err = bf__csr_check(base, size, &out->g, &out->generation);
    else
        err = bf__csr_open(base, size, &out->g, &out->generation);
    if (err)
        goto out;
    /* A lazy reader reads a few lists scattered over the file: the
     * kernel's readahead around each fault (read_ahead_kb, 8 MiB on some
     * disks) would read megabytes for each.  Whole-graph readers ask for
     * it back (bf__csr_file_whole, bf__csr_file_readahead). */
    if (!full)
        out->mapped_lazy = madvise(base, size, MADV_RANDOM) == 0;
    out->base = base;
    out->size = size;
    out->whole = full;
    base = NULL;
out:
    if (base)
        munmap(base, size);
    close(fd);
    return err;
}

bf_err bf__csr_map(const char *path, bf__csr_file *out)
{
    return map_file(path, out, 1);
}

bf_err bf__csr_map_lazy(const char *path, bf__csr_file *out)
{
    return map_file(path, out, 0);
}

void bf__csr_file_readahead(bf__csr_file *f)
{
    if (f->base && f->mapped_lazy) {
        (void)madvise(f->base, f->size, MADV_NORMAL);
        f->mapped_lazy = 0;
    }
}

bf_err bf__csr_file_whole(bf__csr_file *f)
{
    if (!f->base)
        return BF_EINVAL;
    if (!f->whole) {
        bf__csr_file_readahead(f);
        if (bf__csr_structure(&f->g))
            return BF_ECORRUPT;
        f->whole = 1;
    }
    return BF_OK;
}

/* ---- checked access to one vertex ---- */

/*
 * list_at checks vertex v's list in off and adj of g, as the whole-file
 * check would but for this list only: v below n, the two offsets in order
 * and within m, every neighbour below n and strictly ascending.  The
 * section sizes were checked against n and m when the file was opened, so
 * every read here is inside the mapping.  O(length of the list).
 */
/*
 * ascending is 1 when the len entries at l are strictly ascending and
 * below n: a strictly ascending list is below n when its last entry is,
 * so only the order is checked entry by entry.  Without a branch per
 * entry: the flags are or-ed and read once, so a hub's list of 100,000
 * followers costs a pass at memory speed, where a test and a jump per
 * entry cost several times that; with SSE2 (every x86-64), four entries
 * are compared with the four before them at once.
 */
static int ascending(const uint32_t *l, uint64_t len, uint32_t n)
{
    unsigned bad;
    uint64_t i = 1;

    if (len == 0)
        return 1;
    bad = l[len - 1] >= n;
#ifdef __SSE2__
    {
        /* Unsigned order through the signed compare: flip the top bit. */
        const __m128i top = _mm_set1_epi32((int)0x80000000u);
        __m128i acc = _mm_setzero_si128();

        for (; i + 4 <= len; i += 4) {
            __m128i cur = _mm_loadu_si128((const __m128i *)(l + i));
            __m128i before = _mm_loadu_si128((const __m128i *)(l + i - 1));

            /* Bad lanes: not cur > before. */
            acc = _mm_or_si128(
                    acc,
                    _mm_cmpeq_epi32(_mm_cmpgt_epi32(_mm_xor_si128(cur, top),
                                                    _mm_xor_si128(before, top)),
                                    _mm_setzero_si128()));
        }
        bad |= (unsigned)_mm_movemask_epi8(acc);
    }
#endif
    for (; i < len; i++)
        bad |= (unsigned)(l[i] <= l[i - 1]);
    return !bad;
}

static bf_err list_at(const bf_csr *g, const uint64_t *off, const uint32_t *adj,
                      uint32_t v, uint64_t *out_a, uint64_t *out_len)
{
    uint64_t a, b;

    if (v >= g->n)
        return BF_EINVAL;
    a = off[v];
    b = off[v + 1];
    if (a > b || b > g->m)
        return BF_ECORRUPT;
    if (!ascending(adj + a, b - a, g->n))
        return BF_ECORRUPT;
    *out_a = a;
    *out_len = b - a;
    return BF_OK;
}

bf_err bf_csr_in(const bf_csr *g, uint32_t v, const uint32_t **out_adj,
                 const int32_t **out_pos, uint64_t *out_len)
{
    uint64_t a = 0, len = 0, i;
    bf_err err = list_at(g, g->in_off, g->in_adj, v, &a, &len);

    if (err)
        return err;
    if (g->in_pos)
        for (i = a; i < a + len; i++)
            if (g->in_pos[i] < -1)
                return BF_ECORRUPT;
    *out_adj = g->in_adj + a;
    if (out_pos)
        *out_pos = g->in_pos ? g->in_pos + a : NULL;
    *out_len = len;
    return BF_OK;
}

bf_err bf_csr_out(const bf_csr *g, uint32_t v, const uint32_t **out_adj,
                  uint64_t *out_len)
{
    uint64_t a = 0, len = 0;
    bf_err err = list_at(g, g->out_off, g->out_adj, v, &a, &len);

    if (err)
        return err;
    *out_adj = g->out_adj + a;
    *out_len = len;
    return BF_OK;
}

/* degree_at checks v's two offsets in off and gives their difference. */
static bf_err degree_at(const bf_csr *g, const uint64_t *off, uint32_t v,
                        uint64_t *out)
{
    uint64_t a, b;

    if (v >= g->n)
        return BF_EINVAL;
    a = off[v];
    b = off[v + 1];
    if (a > b || b > g->m)
        return BF_ECORRUPT;
    *out = b - a;
    return BF_OK;
}

bf_err bf_csr_in_degree(const bf_csr *g, uint32_t v, uint64_t *out)
{
    return degree_at(g, g->in_off, v, out);
}

bf_err bf_csr_out_degree(const bf_csr *g, uint32_t v, uint64_t *out)
{
    return degree_at(g, g->out_off, v, out);
}

bf_err bf_csr_in_span(const bf_csr *g, uint32_t v, const uint32_t **out_adj,
                      uint64_t *out_len)
{
    bf_err err = bf_csr_in_degree(g, v, out_len);

    if (!err)
        *out_adj = g->in_adj + g->in_off[v];
    return err;
}

/*
 * sample_next is splitmix64 (Steele, Lea and Flood 2014): a 64-bit state
 * stepped by a constant and mixed; enough for sampling, and the same on
 * every platform.
 */
static uint64_t sample_next(uint64_t *state)
{
    uint64_t z = (*state += 0x9E3779B97F4A7C15ull);

    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

bf_err bf_csr_in_sample(const bf_csr *g, uint32_t v, uint64_t cap,
                        uint64_t seed, uint64_t *at, uint32_t *ids,
                        uint64_t *out_n, uint64_t *out_deg)
{
    const uint32_t *list = NULL;
    uint64_t deg = 0, i, take, kept = 0, rng = seed;
    int64_t prev = -1;
    bf_err err = bf_csr_in_span(g, v, &list, &deg);

    *out_n = 0;
    *out_deg = deg;
    if (err)
        return err;
    take = deg < cap ? deg : cap;
    for (i = 0; i < deg && kept < take; i++) {
        if (take < deg) {
            /* Keep with probability (take - kept) / (deg - i). */
            double u = (double)(sample_next(&rng) >> 11) * 0x1.0p-53;

            if ((double)(deg - i) * u >= (double)(take - kept))
                continue;
        }
        if ((int64_t)list[i] <= prev || list[i] >= g->n)
            return BF_ECORRUPT;
        prev = list[i];
        if (at)
            at[kept] = i;
        if (ids)
            ids[kept] = list[i];
        kept++;
    }
    *out_n = kept;
    return BF_OK;
}

/*
 * A galloping search in a span of a follower list whose entries are
 * checked as they are read, against every entry read before, by every
 * search: lo is where the next search starts (every entry before it is
 * below the next value looked up), lo_val the entry before lo (-1 when
 * none was read), n the bound every entry is below, and above[0..nabove)
 * the entries read at lo or beyond, the nearest last: a search reads only
 * between lo and the nearest of them, so checking what it reads against
 * lo_val and that one checks it against all of them.
 */
typedef struct seen_entry {
    uint64_t at;
    int64_t val;
} seen_entry;

typedef struct span_search {
    const uint32_t *l;
    uint64_t len, lo;
    int64_t lo_val;
    uint32_t n;
    seen_entry *above;
    size_t nabove, cap;
} span_search;

/*
 * probe reads l[at], which must lie strictly between lo_val and hi_val
 * (the nearest entries read at lower and higher indices) as in a strictly
 * ascending list of values below n: BF_ECORRUPT otherwise.
 */
static bf_err probe(const span_search *s, uint64_t at, int64_t lo_val,
                    int64_t hi_val, int64_t *out)
{
    int64_t v = s->l[at];

    if (v <= lo_val || v >= hi_val)
        return BF_ECORRUPT;
    *out = v;
    return BF_OK;
}

/* remember keeps l[at] = v, read above the search's answer, nearest last. */
static bf_err remember(span_search *s, uint64_t at, int64_t v)
{
    if (s->nabove == s->cap) {
        size_t cap = s->cap ? 2 * s->cap : 64;
        seen_entry *r = realloc(s->above, cap * sizeof *r);

        if (!r)
            return BF_ENOMEM;
        s->above = r;
        s->cap = cap;
    }
    s->above[s->nabove].at = at;
    s->above[s->nabove++].val = v;
    return BF_OK;
}

/*
 * find looks x up in s, x above every value looked up before (Bentley &
 * Yao 1976): the entries read before that are below x move lo past them;
 * then steps doubling from lo until an entry reaches x, short of the
 * nearest entry read before, and a binary search between the last two.
 * *out_found says whether x is there.
 */
static bf_err find(span_search *s, uint32_t x, int *out_found)
{
    uint64_t a, b, step = 1;
    int64_t av, bv, v = 0;
    bf_err err;

    while (s->nabove && s->above[s->nabove - 1].val < (int64_t)x) {
        s->nabove--;
        s->lo = s->above[s->nabove].at + 1;
        s->lo_val = s->above[s->nabove].val;
    }
    a = s->lo;
    av = s->lo_val;
    b = s->nabove ? s->above[s->nabove - 1].at : s->len;
    bv = s->nabove ? s->above[s->nabove - 1].val : (int64_t)s->n;
    while (a + step - 1 < b) {
        uint64_t at = a + step - 1;

        if ((err = probe(s, at, av, bv, &v)) != BF_OK)
            return err;
        if (v >= x) {
            if ((err = remember(s, at, v)) != BF_OK)
                return err;
            b = at;
            bv = v;
            break;
        }
        a = at + 1;
        av = v;
        step *= 2;
    }
    while (a < b) {
        uint64_t mid = a + (b - a) / 2;

        if ((err = probe(s, mid, av, bv, &v)) != BF_OK)
            return err;
        if (v < x) {
            a = mid + 1;
            av = v;
        } else {
            if ((err = remember(s, mid, v)) != BF_OK)
                return err;
            b = mid;
            bv = v;
        }
    }
    /* a == b: the first entry not below x, read (the nearest remembered)
     * unless it is the end of the list. */
    *out_found = a < s->len && bv == x;
    if (*out_found) {
        s->nabove--; /* (a, x) itself */
        s->lo = a + 1;
        s->lo_val = x;
    } else {
        s->lo = a;
        s->lo_val = av;
    }
    return BF_OK;
}

/*
 * count_in sets *out to how many of x[0..nx) are in the list of v in off
 * and adj (bf_csr_in_count for either direction).
 */
static bf_err count_in(const bf_csr *g, const uint64_t *off,
                       const uint32_t *adj, uint32_t v, const uint32_t *x,
                       uint64_t nx, uint64_t *out)
{
    const uint32_t *l = NULL;
    uint64_t len = 0, i = 0, j = 0, c = 0;
    span_search s;
    bf_err err = degree_at(g, off, v, &len);

    if (err)
        return err;
    if (nx == 0) {
        *out = 0;
        return BF_OK;
    }
    l = adj + off[v];
    if (len / nx <= BF_CSR_SKEW) {
        uint64_t read = 0; /* entries of l read: l[0..read) */

        /*
         * A merge without branches on the values (lists of similar
         * lengths interleave unpredictably, and a mispredicted jump per
         * step cost more than the step), then the entries of the list it
         * read checked: those past x's last are not read.  An unchecked
         * entry can only make the count wrong, never the reads, which
         * stay within the list; a wrong count is not returned.
         *
         * With SSE2, blocks of four of each list first: every entry of
         * one block is compared with every entry of the other (the
         * block, then its three rotations), and the block whose last
         * entry is smaller moves on (both, when equal).  Each step then
         * waits for two loads and a compare per four entries where the
         * plain merge waited for them per entry (a quarter of `score
         * --all` in a store of 181 follows per account).  Both lists are
         * strictly ascending, so an entry equals at most one of the
         * other block; entries passed by are those all of whose equals
         * were compared, and the plain merge goes on from there.  The
         * lanes found equal are counted by looking their four bits up in
         * a word of sixteen 4-bit counts (a popcount instruction is not
         * in every x86-64).
         */
#ifdef __SSE2__
        while (i + 4 <= nx && j + 4 <= len) {
            __m128i a = _mm_loadu_si128((const __m128i *)(x + i));
            __m128i b = _mm_loadu_si128((const __m128i *)(l + j));
            __m128i eq = _mm_cmpeq_epi32(a, b);
            uint32_t amax = x[i + 3], bmax = l[j + 3];

            eq = _mm_or_si128(eq,
                              _mm_cmpeq_epi32(a, _mm_shuffle_epi32(b, 0x39)));
            eq = _mm_or_si128(eq,
                              _mm_cmpeq_epi32(a, _mm_shuffle_epi32(b, 0x4E)));
            eq = _mm_or_si128(eq,
                              _mm_cmpeq_epi32(a, _mm_shuffle_epi32(b, 0x93)));
            c += (uint64_t)((0x4332322132212110ull >>
                             (4 * _mm_movemask_ps(_mm_castsi128_ps(eq)))) &
                            15);
            read = j + 4;
            i += amax <= bmax ? 4 : 0;
            j += amax >= bmax ? 4 : 0;
        }
#endif
        while (i < nx && j < len) {
            uint32_t a = x[i], b = l[j];

            c += a == b;
            i += a <= b;
            j += a >= b;
        }
        if (read < (j < len ? j + 1 : len))
            read = j < len ? j + 1 : len;
        if (!ascending(l, read, g->n))
            return BF_ECORRUPT;
        *out = c;
        return BF_OK;
    }
    memset(&s, 0, sizeof s);
    s.l = l;
    s.len = len;
    s.lo_val = -1;
    s.n = g->n;
    for (i = 0; !err && i < nx; i++) {
        int found = 0;

        err = find(&s, x[i], &found);
        c += (uint64_t)found;
    }
    free(s.above);
    if (!err)
        *out = c;
    return err;
}

bf_err bf_csr_in_count(const bf_csr *g, uint32_t v, const uint32_t *x,
                       uint64_t nx, uint64_t *out)
{
    return count_in(g, g->in_off, g->in_adj, v, x, nx, out);
}

bf_err bf_csr_out_count(const bf_csr *g, uint32_t v, const uint32_t *x,
                        uint64_t nx, uint64_t *out)
{
    return count_in(g, g->out_off, g->out_adj, v, x, nx, out);
}

/* Entries of a list count_marked checks, then counts, at a time. */
#define MARK_BLOCK 4096

/*
 * count_marked sets *out to how many entries of v's list in off and adj
 * have their bit set in bits (n bits), stopping at the block in which the
 * count reaches cap.  Each block is checked as list_at checks a list (the
 * entry before it included, so the blocks read make one ascending run)
 * before its entries index the bitmap, so a damaged list never reads past
 * it; the count itself then has no test.  The entries do not depend on
 * each other, so the count runs at the speed of its loads.
 */
static bf_err count_marked(const bf_csr *g, const uint64_t *off,
                           const uint32_t *adj, uint32_t v,
                           const uint64_t *bits, uint64_t cap, uint64_t *out)
{
    const uint32_t *l;
    uint64_t len = 0, i, k, j, c = 0;
    bf_err err = degree_at(g, off, v, &len);

    if (err)
        return err;
    l = adj + off[v];
    for (i = 0; i < len && c < cap; i += k) {
        k = len - i < MARK_BLOCK ? len - i : MARK_BLOCK;
        if (i == 0 ? !ascending(l, k, g->n)
                   : !ascending(l + i - 1, k + 1, g->n))
            return BF_ECORRUPT;
        for (j = i; j < i + k; j++)
            c += (bits[l[j] >> 6] >> (l[j] & 63)) & 1;
    }
    *out = c;
    return BF_OK;
}

bf_err bf_csr_in_marked(const bf_csr *g, uint32_t v, const uint64_t *bits,
                        uint64_t cap, uint64_t *out)
{
    return count_marked(g, g->in_off, g->in_adj, v, bits, cap, out);
}

bf_err bf_csr_out_marked(const bf_csr *g, uint32_t v, const uint64_t *bits,
                         uint64_t cap, uint64_t *out)
{
    return count_marked(g, g->out_off, g->out_adj, v, bits, cap, out);
}

void bf__csr_unmap(bf__csr_file *f)
{
    if (f->base)
        munmap(f->base, f->size);
    memset(f, 0, sizeof *f);
}
