/*
 * prank.c - pagerank.bin: building, writing, mapping and reading it
 * (store/prank.h).
 *
 * Header (64 bytes, little-endian):
 *   0  magic "BFPRK002"      8
 *   8  version u32 = 2       4
 *  12  header CRC-32 u32     4  of the 64 bytes with this field zero
 *  16  generation u64        8
 *  24  n u64                 8
 *  32  ndeg u64              8  max in-degree + 2
 *  40  CRC-32 of rank, sorted, below, u32 each
 *  52  zero                 12
 * then rank (8 n bytes), sorted (8 n), below (8 ndeg).
 */
#include "store/prank.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "store/segment.h"

/* image_size is the file size for n accounts and ndeg counts, or 0 when
 * it does not fit a size_t. */
static size_t image_size(uint64_t n, uint64_t ndeg)
{
    uint64_t s;

    if (n > UINT32_MAX || ndeg > (uint64_t)UINT32_MAX + 2)
        return 0;
    s = BF__PRANK_HEADER + 16 * n + 8 * ndeg;
    return s > SIZE_MAX ? 0 : (size_t)s;
}

/* point sets p's section pointers from its base, n and ndeg. */
static void point(bf__prank *p)
{
    const unsigned char *b = p->base;

    p->rank = (const double *)(const void *)(b + BF__PRANK_HEADER);
    p->sorted = p->rank + p->n;
    p->below = (const uint64_t *)(const void *)(p->sorted + p->n);
}

static void header(unsigned char h[BF__PRANK_HEADER], const bf__prank *p)
{
    memset(h, 0, BF__PRANK_HEADER);
    memcpy(h, BF__PRANK_MAGIC, 8);
    bf__put_u32(h + 8, BF__PRANK_VERSION);
    bf__put_u64(h + 16, p->gen);
    bf__put_u64(h + 24, p->n);
    bf__put_u64(h + 32, p->ndeg);
    bf__put_u32(h + 40, p->crc[0]);
    bf__put_u32(h + 44, p->crc[1]);
    bf__put_u32(h + 48, p->crc[2]);
    bf__put_u32(h + 12, bf__seg_crc(h, BF__PRANK_HEADER));
}

/* cmp_rank orders doubles ascending (qsort). */
static int cmp_rank(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;

    return (x > y) - (x < y);
}

static int good_value(double x)
{
    return isfinite(x) && x >= 0;
}

bf_err bf__prank_build(uint64_t gen, const bf_csr *g, const double *rank,
                       bf__prank *out)
{
    uint64_t max = 0, d, *below;
    double *sorted;
    uint32_t v, n = g->n;
    size_t size;

    memset(out, 0, sizeof *out);
    for (v = 0; v < n; v++) {
        if (!good_value(rank[v]))
            return BF_EINVAL;
        d = g->in_off[v + 1] - g->in_off[v];
        if (d > max)
            max = d;
    }
    if (max > n)
        return BF_EINVAL; /* not a graph's: a follower counts once */
    size = image_size(n, max + 2);
    if (!size)
        return BF_ENOMEM;
    out->base = malloc(size);
    if (!out->base)
        return BF_ENOMEM;
    out->size = size;
    out->gen = gen;
    out->n = n;
    out->ndeg = max + 2;
    point(out);
    sorted = (double *)out->sorted;
    below = (uint64_t *)out->below;
    memcpy((double *)out->rank, rank, (size_t)n * sizeof *rank);
    memcpy(sorted, rank, (size_t)n * sizeof *rank);
    qsort(sorted, n, sizeof *sorted, cmp_rank);
    /* below[d + 1] counts degree d first, then runs the sum. */
    memset(below, 0, (size_t)out->ndeg * sizeof *below);
    for (v = 0; v < n; v++)
        below[g->in_off[v + 1] - g->in_off[v] + 1]++;
    for (d = 1; d < out->ndeg; d++)
        below[d] += below[d - 1];
    out->crc[0] = bf__seg_crc(out->rank, (size_t)n * 8);
    out->crc[1] = bf__seg_crc(out->sorted, (size_t)n * 8);
    out->crc[2] = bf__seg_crc(out->below, (size_t)out->ndeg * 8);
    header(out->base, out);
    return BF_OK;
}

bf_err bf__prank_save(const bf__prank *p, const char *path)
{
    char *tmp = NULL;
    bf_err err;
    int fd = -1;

    err = bf__tmp_create(path, &tmp, &fd);
    if (err)
        return err;
    err = bf__write_all(fd, p->base, p->size);
    if (!err && fsync(fd) != 0)
        err = bf_err_from_errno(errno);
    if (!err && rename(tmp, path) != 0)
        err = bf_err_from_errno(errno);
    if (err)
        unlink(tmp);
    close(fd);
    free(tmp);
    return err;
}

/* open_file maps path and checks its header, and, unless any, that it
 * is the file of generation gen over n accounts. */
static bf_err open_file(const char *path, int any, uint64_t gen, uint32_t n,
                        bf__prank *out)
{
    unsigned char h[BF__PRANK_HEADER];
    uint32_t crc;
    bf_err err;

    memset(out, 0, sizeof *out);
    err = bf__map_ro(path, 8, &out->base, &out->size);
    if (err)
        return err;
    out->mapped = 1;
    /* The earlier format (one section, no tables, a 40-byte header) is a
     * cache to replace, not damage. */
    err = memcmp(out->base, BF__PRANK_MAGIC_V1, 8) == 0 ? BF_ENOTFOUND
                                                        : BF_ECORRUPT;
    if (err == BF_ENOTFOUND || out->size < BF__PRANK_HEADER)
        goto out;
    memcpy(h, out->base, sizeof h);
    crc = bf__get_u32(h + 12);
    memset(h + 12, 0, 4);
    out->gen = bf__get_u64(h + 16);
    out->ndeg = bf__get_u64(h + 32);
    if (memcmp(h, BF__PRANK_MAGIC, 8) != 0 ||
        bf__get_u32(h + 8) != BF__PRANK_VERSION ||
        crc != bf__seg_crc(h, sizeof h) || bf__get_u64(h + 24) > UINT32_MAX)
        goto out;
    out->n = (uint32_t)bf__get_u64(h + 24);
    if (!any && (out->gen != gen || out->n != n))
        goto out;
    if (out->ndeg < 2 || out->ndeg > (uint64_t)out->n + 2 ||
        image_size(out->n, out->ndeg) != out->size)
        goto out;
    /* An audit reads a few pages of it; bf__prank_ranks and
     * bf__prank_verify, which read it all, ask for readahead back. */
    (void)madvise(out->base, out->size, MADV_RANDOM);
    out->crc[0] = bf__get_u32(h + 40);
    out->crc[1] = bf__get_u32(h + 44);
    out->crc[2] = bf__get_u32(h + 48);
    point(out);
    err = BF_OK;
out:
    if (err)
        bf__prank_close(out);
    return err;
}

bf_err bf__prank_open(const char *path, uint64_t gen, uint32_t n,
                      bf__prank *out)
{
    return open_file(path, 0, gen, n, out);
}

bf_err bf__prank_open_any(const char *path, bf__prank *out)
{
    return open_file(path, 1, 0, 0, out);
}

void bf__prank_close(bf__prank *p)
{
    if (p->base) {
        if (p->mapped)
            munmap(p->base, p->size);
        else
            free(p->base);
    }
    memset(p, 0, sizeof *p);
}

bf_err bf__prank_at(const bf__prank *p, uint32_t v, double *rank, double *pct)
{
    double x, lo_val = 0, y;
    uint32_t lo = 0, hi = p->n, mid;

    if (v >= p->n)
        return BF_EINVAL;
    x = p->rank[v];
    if (!good_value(x))
        return BF_ECORRUPT;
    /* The first index whose value is not below x.  Every probe must lie
     * between the values already seen on either side. */
    while (lo < hi) {
        mid = lo + (hi - lo) / 2;
        y = p->sorted[mid];
        if (!good_value(y) || y < lo_val)
            return BF_ECORRUPT;
        if (y < x) {
            lo = mid + 1;
            lo_val = y;
        } else {
            hi = mid;
        }
    }
    /* x itself is there, and it is the first of its equals. */
    if (lo >= p->n || p->sorted[lo] != x)
        return BF_ECORRUPT;
    *rank = x;
    *pct = 100.0 * (double)lo / (double)p->n;
    return BF_OK;
}

bf_err bf__prank_below(const bf__prank *p, uint64_t d, uint64_t *out)
{
    uint64_t k = d < p->ndeg ? p->below[d] : p->n;

    if (k > p->n)
        return BF_ECORRUPT;
    *out = k;
    return BF_OK;
}

/* rank_ok verifies the rank section: its CRC and every value. */
static int rank_ok(const bf__prank *p)
{
    uint32_t v;

    if (p->mapped)
        (void)madvise(p->base, p->size, MADV_SEQUENTIAL);
    if (bf__seg_crc(p->rank, (size_t)p->n * 8) != p->crc[0])
        return 0;
    for (v = 0; v < p->n; v++)
        if (!good_value(p->rank[v]))
            return 0;
    return 1;
}

bf_err bf__prank_ranks(const bf__prank *p, double *out)
{
    if (!rank_ok(p))
        return BF_ECORRUPT;
    memcpy(out, p->rank, (size_t)p->n * sizeof *out);
    return BF_OK;
}

const char *bf__prank_verify(const bf__prank *p)
{
    const char *why = NULL;
    double *copy;
    uint64_t d;

    if (!rank_ok(p))
        return "the PageRank values fail their checksum or are not numbers";
    if (bf__seg_crc(p->sorted, (size_t)p->n * 8) != p->crc[1])
        return "the sorted values fail their checksum";
    if (bf__seg_crc(p->below, (size_t)p->ndeg * 8) != p->crc[2])
        return "the follower-count table fails its checksum";
    if (p->below[0] != 0 || p->below[p->ndeg - 1] != p->n)
        return "the follower-count table does not run from 0 to n";
    for (d = 1; d < p->ndeg; d++)
        if (p->below[d] < p->below[d - 1])
            return "the follower-count table falls";
    copy = malloc(((size_t)p->n ? p->n : 1) * sizeof *copy);
    if (!copy)
        return "not enough memory to check it";
    memcpy(copy, p->rank, (size_t)p->n * sizeof *copy);
    qsort(copy, p->n, sizeof *copy, cmp_rank);
    if (memcmp(copy, p->sorted, (size_t)p->n * sizeof *copy) != 0)
        why = "the sorted values are not the PageRank values in order";
    free(copy);
    return why;
}
