/*
 * csr.c - building and checking graph.csr.
 *
 * Building.  Edges arrive as packed keys (follower << shift) | followee,
 * where shift is the bit width of n - 1, so a key has only 2 * shift
 * significant bits.  An LSD radix sort with 11-bit digits (2048 buckets,
 * whose counters stay in L1) sorts them in ceil(2 * shift / 11) passes; all
 * histograms are gathered in one read, and a pass whose digit is the same
 * for every key is skipped.  For 100k vertices that is 4 passes, for 4 M
 * vertices 4, for 2^32 six.  Duplicates are then adjacent and removed in
 * one sweep.  Sorted keys give the out-direction directly (followers
 * ascending, followees ascending within); the in-direction is a counting
 * sort by followee that, visiting keys in order, leaves each follower list
 * ascending too.  The output file is sized with posix_fallocate, mapped
 * read-write and filled in place, so the graph is never held twice in
 * memory; the checksums are computed over the mapped sections, the header
 * is written last, and the file is fsync'd and renamed over graph.csr.
 *
 * Positions travel with their keys: every radix pass that moves a key
 * moves its position, and the sort is stable, so after sorting the
 * duplicates of an edge sit in the order they were added and the last
 * known position among them is the newest segment's.  They are written
 * to in_pos by the same counting sort as in_adj.
 *
 * Checking.  The layout is canonical: given n and m there is exactly one
 * valid set of section offsets and one file size, so the checker recomputes
 * them and demands equality rather than reasoning about overlaps.  Then
 * come the checksums, then the structure (offsets, bounds, order).
 */
#include "store/csr.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include "store/segment.h"

#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ != __ORDER_LITTLE_ENDIAN__
#error "graph.csr is little-endian and mapped in place"
#endif

#define RADIX_BITS 11
#define RADIX      (1u << RADIX_BITS)
#define MAX_PASSES ((64 + RADIX_BITS - 1) / RADIX_BITS)

/* Header field offsets (docs/graph-format.md). */
#define H_VERSION 8
#define H_FLAGS   12
#define H_N       16
#define H_M       24
#define H_GEN     32
#define H_SECT    40 /* five entries of 24 bytes */
#define H_CRC     160
#define H_PAD     164

/* The five sections, in file order; in_pos is empty without its flag. */
enum { S_OUT_OFF, S_OUT_ADJ, S_IN_OFF, S_IN_ADJ, S_IN_POS, S__COUNT };

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

void bf__csr_edges_init(bf__csr_edges *e, uint32_t n)
{
    uint32_t top = n > 1 ? n - 1 : 1;

    e->keys = NULL;
    e->pos = NULL;
    e->len = e->cap = 0;
    e->n = n;
    e->shift = 0;
    while (top) {
        e->shift++;
        top >>= 1;
    }
}

bf_err bf__csr_edges_reserve(bf__csr_edges *e, size_t extra)
{
    size_t cap;
    uint64_t *k;

    if (extra > SIZE_MAX / 8 - e->len)
        return BF_ENOMEM;
    if (e->len + extra <= e->cap)
        return BF_OK;
    cap = e->cap ? e->cap : 1024;
    while (cap < e->len + extra)
        cap = cap > SIZE_MAX / 16 ? e->len + extra : cap * 2;
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
    if (e->len == e->cap && (err = bf__csr_edges_reserve(e, 1)) != BF_OK)
        return err;
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

void bf__csr_edges_release(bf__csr_edges *e)
{
    free(e->keys);
    free(e->pos);
    e->pos = NULL;
    e->keys = NULL;
    e->len = e->cap = 0;
}

/*
 * radix_sort sorts e->keys, whose values are below 2^bits, stably, moving
 * e->pos along when there is one.  The result may end up in the scratch
 * arrays, which then replace e->keys and e->pos.
 */
static bf_err radix_sort(bf__csr_edges *e, unsigned bits)
{
    unsigned passes = (bits + RADIX_BITS - 1) / RADIX_BITS, p;
    size_t(*hist)[RADIX] = NULL;
    uint64_t *src = e->keys, *dst = NULL;
    int32_t *psrc = e->pos, *pdst = NULL;
    size_t i, len = e->len;

    if (len < 2)
        return BF_OK;
    hist = calloc(passes, sizeof *hist);
    dst = malloc(len * sizeof *dst);
    if (psrc)
        pdst = malloc(len * sizeof *pdst);
    if (!hist || !dst || (psrc && !pdst)) {
        free(hist);
        free(dst);
        free(pdst);
        return BF_ENOMEM;
    }
    for (i = 0; i < len; i++) {
        uint64_t k = src[i];

        for (p = 0; p < passes; p++)
            hist[p][(k >> (p * RADIX_BITS)) & (RADIX - 1)]++;
    }
    for (p = 0; p < passes; p++) {
        size_t *h = hist[p], sum = 0, d;
        unsigned sh = p * RADIX_BITS;
        uint64_t *t;

        /* A digit shared by all keys would only copy the array. */
        if (h[(src[0] >> sh) & (RADIX - 1)] == len)
            continue;
        for (d = 0; d < RADIX; d++) {
            size_t c = h[d];

            h[d] = sum;
            sum += c;
        }
        if (psrc) {
            int32_t *pt;

            for (i = 0; i < len; i++) {
                uint64_t k = src[i];
                size_t at = h[(k >> sh) & (RADIX - 1)]++;

                dst[at] = k;
                pdst[at] = psrc[i];
            }
            pt = psrc;
            psrc = pdst;
            pdst = pt;
        } else {
            for (i = 0; i < len; i++) {
                uint64_t k = src[i];

                dst[h[(k >> sh) & (RADIX - 1)]++] = k;
            }
        }
        t = src;
        src = dst;
        dst = t;
    }
    /* src holds the sorted keys; dst is the other array (same for the
     * positions, which always moved together with the keys). */
    if (src != e->keys)
        e->cap = len;
    free(dst);
    free(pdst);
    free(hist);
    e->keys = src;
    e->pos = psrc;
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

/* fill lays the sorted, distinct edges of e out into the mapped file. */
static bf_err fill(unsigned char *base, const layout *l, const bf__csr_edges *e,
                   size_t m)
{
    uint64_t *out_off = (uint64_t *)(void *)(base + l->off[S_OUT_OFF]);
    uint32_t *out_adj = (uint32_t *)(void *)(base + l->off[S_OUT_ADJ]);
    uint64_t *in_off = (uint64_t *)(void *)(base + l->off[S_IN_OFF]);
    uint32_t *in_adj = (uint32_t *)(void *)(base + l->off[S_IN_ADJ]);
    int32_t *in_pos = (int32_t *)(void *)(base + l->off[S_IN_POS]);
    uint64_t mask = ((uint64_t)1 << e->shift) - 1, *cur, sum = 0;
    uint32_t n = e->n;
    uint64_t v = 0;
    size_t i;

    /* Out: keys are in (follower, followee) order already. */
    out_off[0] = 0;
    for (i = 0; i < m; i++) {
        uint64_t f = e->keys[i] >> e->shift;

        while (v < f)
            out_off[++v] = i;
        out_adj[i] = (uint32_t)(e->keys[i] & mask);
    }
    while (v < n)
        out_off[++v] = m;

    /* In: count per followee, prefix sums, then place followers in key
     * order so each list comes out ascending. */
    cur = calloc((size_t)n + 1, sizeof *cur);
    if (!cur)
        return BF_ENOMEM;
    for (i = 0; i < m; i++)
        cur[out_adj[i]]++;
    for (v = 0; v < n; v++) {
        uint64_t c = cur[v];

        in_off[v] = sum;
        cur[v] = sum;
        sum += c;
    }
    in_off[n] = sum;
    for (i = 0; i < m; i++) {
        uint64_t at = cur[out_adj[i]]++;

        in_adj[at] = (uint32_t)(e->keys[i] >> e->shift);
        if (e->pos)
            in_pos[at] = e->pos[i];
    }
    free(cur);
    return BF_OK;
}

bf_err bf__csr_write(const char *path, bf__csr_edges *e, uint64_t generation)
{
    bf_err err = BF_OK;
    unsigned char *base = NULL;
    char *tmp = NULL, *dir = NULL;
    size_t m, plen = strlen(path) + 5;
    layout l;
    uint32_t flags;
    int fd = -1, s, rc;

    err = radix_sort(e, 2 * e->shift);
    if (err)
        return err;
    m = e->len = dedupe(e->keys, e->pos, e->len);
    flags = e->pos ? BF__CSR_F_IN_POS : 0;
    if (make_layout(e->n, m, flags, &l) != 0)
        return BF_ELIMIT;
    tmp = malloc(plen);
    dir = dir_of(path);
    if (!tmp || !dir) {
        err = BF_ENOMEM;
        goto out;
    }
    memcpy(tmp, path, plen - 5);
    memcpy(tmp + plen - 5, ".tmp", 5);

    fd = open(tmp, O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0) {
        err = BF_EIO;
        goto out;
    }
    /* Reserve the blocks now: a full disk must fail here, not as SIGBUS
     * while writing through the mapping. */
    rc = posix_fallocate(fd, 0, (off_t)l.size);
    if (rc != 0) {
        err = BF_EIO;
        goto out;
    }
    base = mmap(NULL, (size_t)l.size, PROT_READ | PROT_WRITE, MAP_SHARED, fd,
                0);
    if (base == MAP_FAILED) {
        base = NULL;
        err = BF_EIO;
        goto out;
    }
    memset(base, 0, BF__CSR_HEADER);
    err = fill(base, &l, e, m);
    if (err)
        goto out;

    memcpy(base, BF__CSR_MAGIC, 8);
    bf__put_u32(base + H_VERSION, BF__CSR_VERSION);
    bf__put_u32(base + H_FLAGS, flags);
    bf__put_u64(base + H_N, e->n);
    bf__put_u64(base + H_M, m);
    bf__put_u64(base + H_GEN, generation);
    for (s = 0; s < S__COUNT; s++) {
        unsigned char *t = base + H_SECT + 24 * s;

        bf__put_u64(t, l.off[s]);
        bf__put_u64(t + 8, l.len[s]);
        bf__put_u32(t + 16, crc_big(base + l.off[s], (size_t)l.len[s]));
        bf__put_u32(t + 20, 0);
    }
    bf__put_u32(base + H_CRC, crc_big(base, H_CRC));
    bf__put_u32(base + H_PAD, 0);

    if (munmap(base, (size_t)l.size) != 0)
        err = BF_EIO;
    base = NULL;
    if (!err && fsync(fd) != 0)
        err = BF_EIO;
    if (close(fd) != 0 && !err)
        err = BF_EIO;
    fd = -1;
    if (!err && rename(tmp, path) != 0)
        err = BF_EIO;
    if (!err)
        err = bf__fsync_dir(dir);
out:
    if (base)
        munmap(base, (size_t)l.size);
    if (fd >= 0)
        close(fd);
    if (err && tmp)
        unlink(tmp);
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

bf_err bf__csr_check(const void *p, size_t size, bf_csr *out_g,
                     uint64_t *out_generation)
{
    const unsigned char *b = p;
    uint64_t n, m;
    uint32_t flags;
    layout l;
    bf_csr g;
    int s;

    if (size < BF__CSR_HEADER || memcmp(b, BF__CSR_MAGIC, 8) != 0)
        return BF_ECORRUPT;
    if (bf__get_u32(b + H_CRC) != crc_big(b, H_CRC) ||
        bf__get_u32(b + H_PAD) != 0 ||
        bf__get_u32(b + H_VERSION) != BF__CSR_VERSION)
        return BF_ECORRUPT;
    flags = bf__get_u32(b + H_FLAGS);
    if (flags & ~BF__CSR_F_IN_POS)
        return BF_ECORRUPT;
    n = bf__get_u64(b + H_N);
    m = bf__get_u64(b + H_M);
    if (make_layout(n, m, flags, &l) != 0 || l.size != size)
        return BF_ECORRUPT;
    for (s = 0; s < S__COUNT; s++) {
        const unsigned char *t = b + H_SECT + 24 * s;

        if (bf__get_u64(t) != l.off[s] || bf__get_u64(t + 8) != l.len[s] ||
            bf__get_u32(t + 20) != 0 ||
            bf__get_u32(t + 16) != crc_big(b + l.off[s], (size_t)l.len[s]))
            return BF_ECORRUPT;
    }
    g.n = (uint32_t)n;
    g.m = m;
    g.out_off = (const uint64_t *)(const void *)(b + l.off[S_OUT_OFF]);
    g.out_adj = (const uint32_t *)(const void *)(b + l.off[S_OUT_ADJ]);
    g.in_off = (const uint64_t *)(const void *)(b + l.off[S_IN_OFF]);
    g.in_adj = (const uint32_t *)(const void *)(b + l.off[S_IN_ADJ]);
    g.in_pos = NULL;
    if (flags & BF__CSR_F_IN_POS)
        g.in_pos = (const int32_t *)(const void *)(b + l.off[S_IN_POS]);
    if (check_off(g.out_off, g.n, m) || check_off(g.in_off, g.n, m) ||
        check_adj(g.out_off, g.out_adj, g.n) ||
        check_adj(g.in_off, g.in_adj, g.n) ||
        (g.in_pos && check_pos(g.in_pos, m)))
        return BF_ECORRUPT;
    *out_g = g;
    *out_generation = bf__get_u64(b + H_GEN);
    return BF_OK;
}

bf_err bf__csr_map(const char *path, bf__csr_file *out)
{
    bf_err err = BF_OK;
    struct stat sb;
    void *base = NULL;
    size_t size = 0;
    int fd;

    memset(out, 0, sizeof *out);
    fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return errno == ENOENT ? BF_ENOTFOUND : BF_EIO;
    if (fstat(fd, &sb) != 0) {
        err = BF_EIO;
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
    err = bf__csr_check(base, size, &out->g, &out->generation);
    if (err)
        goto out;
    out->base = base;
    out->size = size;
    base = NULL;
out:
    if (base)
        munmap(base, size);
    close(fd);
    return err;
}

void bf__csr_unmap(bf__csr_file *f)
{
    if (f->base)
        munmap(f->base, f->size);
    memset(f, 0, sizeof *f);
}
