/*
 * prank.c - pagerank.bin: building, writing, mapping and reading it
 * (store/prank.h).
 *
 * Header (64 bytes, little-endian):
 *   0  magic "BFPRK003"      8
 *   8  version u32 = 3       4
 *  12  header CRC-32 u32     4  of the 64 bytes with this field zero
 *  16  generation u64        8
 *  24  n u64                 8
 *  32  ndeg u64              8  below's counts, every group's
 *  40  CRC-32 of rank, sorted, plat, groups, below, u32 each
 *  60  ngroups u32           4
 * then rank (8 n bytes), sorted (8 n), plat (4 n, padded to 8), groups
 * (32 ngroups), below (8 ndeg).  A groups entry: u32 platform id, u32
 * zero, u64 accounts, u64 start in sorted, u64 start in below; a group's
 * counts run to the next group's start (the last one's to ndeg).
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

/* The magic of the earlier formats, to replace rather than call damaged:
 * "BFPRK001" (values only) and "BFPRK002" (one group for every account). */
#define MAGIC_STEM "BFPRK00"

/* plat_bytes is the plat section's size: 4 n, padded to 8. */
static uint64_t plat_bytes(uint64_t n)
{
    return (4 * n + 7) & ~(uint64_t)7;
}

/* image_size is the file size for n accounts, ngroups groups and ndeg
 * counts, or 0 when it does not fit a size_t. */
static size_t image_size(uint64_t n, uint64_t ngroups, uint64_t ndeg)
{
    uint64_t s;

    /* Each group's counts are at most its largest in-degree + 2, an
     * in-degree at most n: far below 2^40 on any store, a bound that
     * keeps the sum from overflowing. */
    if (n > UINT32_MAX || ngroups > n || ndeg > ((uint64_t)1 << 40))
        return 0;
    s = BF__PRANK_HEADER + 16 * n + plat_bytes(n) + BF__PRANK_GROUP * ngroups +
        8 * ndeg;
    return s > SIZE_MAX ? 0 : (size_t)s;
}

/* point sets p's section pointers from its base, n and ngroups. */
static void point(bf__prank *p)
{
    const unsigned char *b = p->base;

    p->rank = (const double *)(const void *)(b + BF__PRANK_HEADER);
    p->sorted = p->rank + p->n;
    p->plat = (const uint32_t *)(const void *)(p->sorted + p->n);
    p->groups = (const unsigned char *)p->plat + plat_bytes(p->n);
    p->below = (const uint64_t *)(const void *)(p->groups +
                                                (size_t)p->ngroups *
                                                        BF__PRANK_GROUP);
}

static void header(unsigned char h[BF__PRANK_HEADER], const bf__prank *p)
{
    int i;

    memset(h, 0, BF__PRANK_HEADER);
    memcpy(h, BF__PRANK_MAGIC, 8);
    bf__put_u32(h + 8, BF__PRANK_VERSION);
    bf__put_u64(h + 16, p->gen);
    bf__put_u64(h + 24, p->n);
    bf__put_u64(h + 32, p->ndeg);
    for (i = 0; i < 5; i++)
        bf__put_u32(h + 40 + 4 * i, p->crc[i]);
    bf__put_u32(h + 60, p->ngroups);
    bf__put_u32(h + 12, bf__seg_crc(h, BF__PRANK_HEADER));
}

/* One groups entry, decoded. */
typedef struct group {
    uint32_t platform;
    uint64_t accounts;
    uint64_t sorted_at;
    uint64_t below_at;
    uint64_t below_n; /* its counts: to the next group's start */
} group;

/*
 * group_at decodes entry i of p's groups; 0 when it lies outside the
 * sections (a damaged file), so that no read past them follows.
 */
static int group_at(const bf__prank *p, uint64_t i, group *out)
{
    const unsigned char *e;
    uint64_t end;

    if (i >= p->ngroups)
        return 0;
    e = p->groups + i * BF__PRANK_GROUP;
    end = i + 1 < p->ngroups ? bf__get_u64(e + BF__PRANK_GROUP + 24) : p->ndeg;
    out->platform = bf__get_u32(e);
    out->accounts = bf__get_u64(e + 8);
    out->sorted_at = bf__get_u64(e + 16);
    out->below_at = bf__get_u64(e + 24);
    if (out->sorted_at > p->n || out->accounts > p->n - out->sorted_at ||
        out->below_at >= end || end > p->ndeg)
        return 0;
    out->below_n = end - out->below_at;
    return 1;
}

static void put_group(bf__prank *p, uint64_t i, const group *g)
{
    unsigned char *e = (unsigned char *)p->groups + i * BF__PRANK_GROUP;

    memset(e, 0, BF__PRANK_GROUP);
    bf__put_u32(e, g->platform);
    bf__put_u64(e + 8, g->accounts);
    bf__put_u64(e + 16, g->sorted_at);
    bf__put_u64(e + 24, g->below_at);
}

/* cmp_rank orders doubles ascending (qsort). */
static int cmp_rank(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;

    return (x > y) - (x < y);
}

static int cmp_u32(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

    return (x > y) - (x < y);
}

static int good_value(double x)
{
    return isfinite(x) && x >= 0;
}

/*
 * find_group is the index of platform's group among the ngroups sorted
 * platform ids ids, or ngroups when it has none.
 */
static uint64_t find_group(const uint32_t *ids, uint64_t ngroups,
                           uint32_t platform)
{
    uint64_t lo = 0, hi = ngroups;

    while (lo < hi) {
        uint64_t mid = lo + (hi - lo) / 2;

        if (ids[mid] < platform)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < ngroups && ids[lo] == platform ? lo : ngroups;
}

bf_err bf__prank_build(uint64_t gen, const bf_csr *g, const double *rank,
                       const uint32_t *plat, bf__prank *out)
{
    uint32_t v, n = g->n, *ids = NULL;
    uint64_t ngroups = 0, i, d, *maxdeg = NULL, *fill = NULL, ndeg = 0;
    group *gs = NULL;
    size_t size;
    bf_err err = BF_OK;

    memset(out, 0, sizeof *out);
    for (v = 0; v < n; v++) {
        if (!good_value(rank[v]))
            return BF_EINVAL;
        /* A follower counts once: no in-degree above n. */
        if (g->in_off[v + 1] - g->in_off[v] > n)
            return BF_EINVAL;
    }
    /* The platforms, sorted and distinct. */
    ids = malloc(((size_t)n ? n : 1) * sizeof *ids);
    if (!ids)
        return BF_ENOMEM;
    memcpy(ids, plat, (size_t)n * sizeof *ids);
    qsort(ids, n, sizeof *ids, cmp_u32);
    for (i = 0; i < n; i++)
        if (i == 0 || ids[i] != ids[ngroups - 1])
            ids[ngroups++] = ids[i];
    gs = calloc(ngroups ? ngroups : 1, sizeof *gs);
    maxdeg = calloc(ngroups ? ngroups : 1, sizeof *maxdeg);
    fill = calloc(ngroups ? ngroups : 1, sizeof *fill);
    if (!gs || !maxdeg || !fill) {
        err = BF_ENOMEM;
        goto out;
    }
    for (v = 0; v < n; v++) {
        uint64_t k = find_group(ids, ngroups, plat[v]);

        d = g->in_off[v + 1] - g->in_off[v];
        gs[k].accounts++;
        if (d > maxdeg[k])
            maxdeg[k] = d;
    }
    for (i = 0; i < ngroups; i++) {
        gs[i].platform = ids[i];
        gs[i].sorted_at = i ? gs[i - 1].sorted_at + gs[i - 1].accounts : 0;
        gs[i].below_at = ndeg;
        gs[i].below_n = maxdeg[i] + 2;
        ndeg += gs[i].below_n;
    }
    size = image_size(n, ngroups, ndeg);
    if (!size) {
        err = BF_ENOMEM;
        goto out;
    }
    out->base = calloc(1, size);
    if (!out->base) {
        err = BF_ENOMEM;
        goto out;
    }
    out->size = size;
    out->gen = gen;
    out->n = n;
    out->ngroups = (uint32_t)ngroups;
    out->ndeg = ndeg;
    point(out);
    memcpy((double *)out->rank, rank, (size_t)n * sizeof *rank);
    memcpy((uint32_t *)out->plat, plat, (size_t)n * sizeof *plat);
    for (i = 0; i < ngroups; i++)
        put_group(out, i, &gs[i]);
    /* Each account's value into its group, each group sorted; below[d +
     * 1] counts in-degree d first, then runs the sum. */
    for (v = 0; v < n; v++) {
        uint64_t k = find_group(ids, ngroups, plat[v]);
        uint64_t *below = (uint64_t *)out->below + gs[k].below_at;

        ((double *)out->sorted)[gs[k].sorted_at + fill[k]++] = rank[v];
        below[g->in_off[v + 1] - g->in_off[v] + 1]++;
    }
    for (i = 0; i < ngroups; i++) {
        uint64_t *below = (uint64_t *)out->below + gs[i].below_at;

        qsort((double *)out->sorted + gs[i].sorted_at, gs[i].accounts,
              sizeof(double), cmp_rank);
        for (d = 1; d < gs[i].below_n; d++)
            below[d] += below[d - 1];
    }
    out->crc[0] = bf__seg_crc(out->rank, (size_t)n * 8);
    out->crc[1] = bf__seg_crc(out->sorted, (size_t)n * 8);
    out->crc[2] = bf__seg_crc(out->plat, (size_t)plat_bytes(n));
    out->crc[3] = bf__seg_crc(out->groups, (size_t)ngroups * BF__PRANK_GROUP);
    out->crc[4] = bf__seg_crc(out->below, (size_t)ndeg * 8);
    header(out->base, out);
out:
    free(ids);
    free(gs);
    free(maxdeg);
    free(fill);
    if (err)
        bf__prank_close(out);
    return err;
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
    int i;
    bf_err err;

    memset(out, 0, sizeof *out);
    err = bf__map_ro(path, 8, &out->base, &out->size);
    if (err)
        return err;
    out->mapped = 1;
    /* An earlier format is a cache to replace, not damage. */
    err = memcmp(out->base, MAGIC_STEM, 7) == 0 &&
                          memcmp(out->base, BF__PRANK_MAGIC, 8) != 0 &&
                          ((const char *)out->base)[7] < BF__PRANK_MAGIC[7]
                  ? BF_ENOTFOUND
                  : BF_ECORRUPT;
    if (err == BF_ENOTFOUND || out->size < BF__PRANK_HEADER)
        goto out;
    memcpy(h, out->base, sizeof h);
    crc = bf__get_u32(h + 12);
    memset(h + 12, 0, 4);
    out->gen = bf__get_u64(h + 16);
    out->ndeg = bf__get_u64(h + 32);
    out->ngroups = bf__get_u32(h + 60);
    if (memcmp(h, BF__PRANK_MAGIC, 8) != 0 ||
        bf__get_u32(h + 8) != BF__PRANK_VERSION ||
        crc != bf__seg_crc(h, sizeof h) || bf__get_u64(h + 24) > UINT32_MAX)
        goto out;
    out->n = (uint32_t)bf__get_u64(h + 24);
    if (!any && (out->gen != gen || out->n != n))
        goto out;
    /* Every account is in a group, every group holds one, and a group's
     * counts are at least two. */
    if ((out->n == 0) != (out->ngroups == 0) ||
        out->ndeg < 2 * (uint64_t)out->ngroups ||
        image_size(out->n, out->ngroups, out->ndeg) != out->size)
        goto out;
    /* An audit reads a few pages of it; bf__prank_ranks and
     * bf__prank_verify, which read it all, ask for readahead back. */
    (void)madvise(out->base, out->size, MADV_RANDOM);
    for (i = 0; i < 5; i++)
        out->crc[i] = bf__get_u32(h + 40 + 4 * i);
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

/*
 * lookup_group finds platform's group in p: its index in *out_i and the
 * entry in *out.  0 when it has none or an entry read is damaged (the
 * probes must rise).
 */
static int lookup_group(const bf__prank *p, uint32_t platform, uint64_t *out_i,
                        group *out)
{
    uint64_t lo = 0, hi = p->ngroups;
    uint32_t lo_id = 0;

    while (lo < hi) {
        uint64_t mid = lo + (hi - lo) / 2;
        uint32_t id = bf__get_u32(p->groups + mid * BF__PRANK_GROUP);

        if (id < lo_id)
            return 0;
        if (id < platform) {
            lo = mid + 1;
            lo_id = id;
        } else {
            hi = mid;
        }
    }
    if (lo >= p->ngroups || !group_at(p, lo, out) || out->platform != platform)
        return 0;
    *out_i = lo;
    return 1;
}

bf_err bf__prank_at(const bf__prank *p, uint32_t v, bf__prank_peer *out)
{
    const double *s;
    double x, lo_val = 0, y;
    uint64_t lo = 0, hi, mid, gi = 0;
    group gr;

    if (v >= p->n)
        return BF_EINVAL;
    x = p->rank[v];
    if (!good_value(x) || !lookup_group(p, p->plat[v], &gi, &gr) ||
        gr.accounts == 0)
        return BF_ECORRUPT;
    s = p->sorted + gr.sorted_at;
    hi = gr.accounts;
    /* The first index whose value is not below x.  Every probe must lie
     * between the values already seen on either side. */
    while (lo < hi) {
        mid = lo + (hi - lo) / 2;
        y = s[mid];
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
    if (lo >= gr.accounts || s[lo] != x)
        return BF_ECORRUPT;
    out->rank = x;
    out->pct = 100.0 * (double)lo / (double)gr.accounts;
    out->platform = gr.platform;
    out->accounts = gr.accounts;
    out->group = gi;
    return BF_OK;
}

bf_err bf__prank_below(const bf__prank *p, uint64_t group_i, uint64_t d,
                       uint64_t *out)
{
    group gr;
    uint64_t k;

    if (!group_at(p, group_i, &gr))
        return BF_ECORRUPT;
    k = d < gr.below_n ? p->below[gr.below_at + d] : gr.accounts;
    if (k > gr.accounts)
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

/*
 * groups_ok checks that the groups tile sorted and below in rising
 * platform order, each below group rising from 0 to its accounts.
 */
static const char *groups_ok(const bf__prank *p)
{
    uint64_t i, d, next_sorted = 0, next_below = 0;
    group gr;

    for (i = 0; i < p->ngroups; i++) {
        const uint64_t *below;

        if (!group_at(p, i, &gr) || gr.sorted_at != next_sorted ||
            gr.below_at != next_below || gr.accounts == 0 || gr.below_n < 2 ||
            (i &&
             gr.platform <= bf__get_u32(p->groups + (i - 1) * BF__PRANK_GROUP)))
            return "the platform groups do not tile the tables in order";
        next_sorted += gr.accounts;
        next_below += gr.below_n;
        below = p->below + gr.below_at;
        if (below[0] != 0 || below[gr.below_n - 1] != gr.accounts)
            return "a follower-count table does not run from 0 to its "
                   "accounts";
        for (d = 1; d < gr.below_n; d++)
            if (below[d] < below[d - 1])
                return "a follower-count table falls";
    }
    if (next_sorted != p->n || next_below != p->ndeg)
        return "the platform groups do not tile the tables in order";
    return NULL;
}

const char *bf__prank_verify(const bf__prank *p)
{
    const char *why = NULL;
    uint32_t *ids = NULL;
    double *copy = NULL;
    uint64_t *fill = NULL, i;
    uint32_t v;

    if (!rank_ok(p))
        return "the PageRank values fail their checksum or are not numbers";
    if (bf__seg_crc(p->sorted, (size_t)p->n * 8) != p->crc[1])
        return "the sorted values fail their checksum";
    if (bf__seg_crc(p->plat, (size_t)plat_bytes(p->n)) != p->crc[2])
        return "the platforms fail their checksum";
    if (bf__seg_crc(p->groups, (size_t)p->ngroups * BF__PRANK_GROUP) !=
        p->crc[3])
        return "the platform groups fail their checksum";
    if (bf__seg_crc(p->below, (size_t)p->ndeg * 8) != p->crc[4])
        return "the follower-count tables fail their checksum";
    why = groups_ok(p);
    if (why)
        return why;
    /* Each group of sorted is its platform's values of rank, in order:
     * rebuilt from rank and plat, and compared. */
    ids = malloc(((size_t)p->ngroups ? p->ngroups : 1) * sizeof *ids);
    fill = calloc(p->ngroups ? p->ngroups : 1, sizeof *fill);
    copy = malloc(((size_t)p->n ? p->n : 1) * sizeof *copy);
    if (!ids || !fill || !copy) {
        why = "not enough memory to check it";
        goto out;
    }
    for (i = 0; i < p->ngroups; i++)
        ids[i] = bf__get_u32(p->groups + i * BF__PRANK_GROUP);
    for (v = 0; v < p->n && !why; v++) {
        uint64_t k = find_group(ids, p->ngroups, p->plat[v]);
        group gr;

        if (k == p->ngroups || !group_at(p, k, &gr) || fill[k] >= gr.accounts)
            why = "an account's platform has no place in the groups";
        else
            copy[gr.sorted_at + fill[k]++] = p->rank[v];
    }
    for (i = 0; i < p->ngroups && !why; i++) {
        group gr;

        if (!group_at(p, i, &gr) || fill[i] != gr.accounts)
            why = "the platform groups do not count their accounts";
        else
            qsort(copy + gr.sorted_at, gr.accounts, sizeof *copy, cmp_rank);
    }
    if (!why && memcmp(copy, p->sorted, (size_t)p->n * sizeof *copy) != 0)
        why = "the sorted values are not each platform's PageRank values "
              "in order";
out:
    free(ids);
    free(fill);
    free(copy);
    return why;
}
