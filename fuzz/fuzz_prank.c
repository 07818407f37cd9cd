/*
 * fuzz_prank.c - libFuzzer target for pagerank.bin (store/prank.h): its
 * header checks at open, the checked lookups an audit makes, and the full
 * verification of bonafide check.
 *
 * Random bytes would never pass the header CRC, so the input describes a
 * file and its damage.  Byte 0 gives the account count (1 to 256); then
 * one byte per account, whose high five bits are its PageRank in 32nds
 * (many ties) and low three its in-degree (at most n), and one more whose
 * low two bits are its platform (1 to 4, so that groups of several
 * platforms and of one both come).  The file is
 * built with bf__prank_build, saved with bf__prank_save (to /dev/shm
 * when it exists) and opened, which must pass, as must every lookup and
 * the full verification.  Then every six bytes are one damage: a 32-bit offset
 * into the file (modulo its size), a byte to XOR there, and flags saying
 * whether to recompute the header's CRC (bit 0) and the sections' (bit 1)
 * afterwards, so that the checks past the CRCs are reached.  The damaged
 * file is opened again; when that passes, its bytes are copied into heap
 * memory of their exact size and every lookup is made, then the full
 * verification and the copy of the values, so that a read the checks
 * should have forbidden shows up under AddressSanitizer.  A lookup may
 * refuse; what it accepts must be a percentile between 0 and 100 and a
 * count at most n.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "store/prank.h"
#include "store/segment.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char path[64];

static void remove_file(void)
{
    unlink(path);
}

/* refresh recomputes the CRCs of the image at p, size bytes, when its
 * header's sizes fit them. */
static void refresh(unsigned char *p, size_t size, int header, int sections)
{
    uint64_t n = bf__get_u64(p + 24), ndeg = bf__get_u64(p + 32);
    uint64_t ng = bf__get_u32(p + 60), pb = (4 * n + 7) & ~(uint64_t)7;
    uint64_t at = BF__PRANK_HEADER;

    if (sections && n <= size / 20 && ng <= size / 32 && ndeg <= size / 8 &&
        BF__PRANK_HEADER + 16 * n + pb + 32 * ng + 8 * ndeg <= size) {
        bf__put_u32(p + 40, bf__seg_crc(p + at, (size_t)(8 * n)));
        at += 8 * n;
        bf__put_u32(p + 44, bf__seg_crc(p + at, (size_t)(8 * n)));
        at += 8 * n;
        bf__put_u32(p + 48, bf__seg_crc(p + at, (size_t)pb));
        at += pb;
        bf__put_u32(p + 52, bf__seg_crc(p + at, (size_t)(32 * ng)));
        at += 32 * ng;
        bf__put_u32(p + 56, bf__seg_crc(p + at, (size_t)(8 * ndeg)));
    }
    if (header) {
        bf__put_u32(p + 12, 0);
        bf__put_u32(p + 12, bf__seg_crc(p, BF__PRANK_HEADER));
    }
}

/* look makes every lookup of p, and aborts on an impossible answer. */
static void look(const bf__prank *p, int must_pass)
{
    bf__prank_peer r;
    double *all;
    uint64_t d, k, gi;
    uint32_t v;

    for (v = 0; v <= p->n; v++) {
        bf_err err = bf__prank_at(p, v, &r);

        if (v == p->n ? err != BF_EINVAL : must_pass && err != BF_OK)
            abort();
        if (!err && (r.pct < 0 || r.pct > 100 || r.rank < 0 ||
                     r.accounts > p->n || r.group >= p->ngroups))
            abort();
    }
    for (gi = 0; gi <= p->ngroups; gi++)
        for (d = 0; d < p->ndeg + 2; d++) {
            bf_err err = bf__prank_below(p, gi, d, &k);

            if ((gi == p->ngroups ? !err : must_pass && err) ||
                (!err && k > p->n))
                abort();
        }
    if (bf__prank_verify(p) != NULL && must_pass)
        abort();
    all = malloc(((size_t)p->n ? p->n : 1) * sizeof *all);
    if (!all)
        abort();
    if (bf__prank_ranks(p, all) != BF_OK && must_pass)
        abort();
    free(all);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    uint64_t off[257];
    uint32_t in[256], plat[256], v, n;
    double rank[256];
    bf__prank p, q;
    bf_csr g;
    unsigned char *img;
    size_t i;
    FILE *f;

    if (!path[0]) {
        snprintf(path, sizeof path, "%s/bf-fuzz-prank-%ld.bin",
                 access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp",
                 (long)getpid());
        atexit(remove_file);
    }
    if (size < 1)
        return 0;
    n = 1 + data[0];
    memset(&g, 0, sizeof g);
    off[0] = 0;
    for (v = 0; v < n; v++) {
        uint8_t b = 1 + v < size ? data[1 + v] : 0;

        uint8_t c = 1 + n + v < size ? data[1 + n + v] : 0;

        rank[v] = (double)(b >> 3) / 32.0;
        off[v + 1] = off[v] + (b & 7) % (n + 1); /* at most n */
        in[v] = 0;
        plat[v] = 1 + (c & 3);
    }
    g.n = n;
    g.m = off[n];
    g.in_off = off;
    g.in_adj = in; /* not read by the build */
    if (bf__prank_build(7, &g, rank, plat, &p) != BF_OK ||
        bf__prank_save(&p, path) != BF_OK)
        abort();
    bf__prank_close(&p);
    if (bf__prank_open(path, 7, n, &p) != BF_OK)
        abort();
    look(&p, 1);
    img = malloc(p.size);
    if (!img)
        abort();
    memcpy(img, p.base, p.size);
    /* Then the damage, to a copy written back. */
    for (i = 1 + 2 * (size_t)n; i + 6 <= size; i += 6) {
        uint32_t at = (uint32_t)data[i] | (uint32_t)data[i + 1] << 8 |
                      (uint32_t)data[i + 2] << 16 | (uint32_t)data[i + 3] << 24;

        img[at % p.size] ^= data[i + 4];
        refresh(img, p.size, data[i + 5] & 1, data[i + 5] & 2);
    }
    f = fopen(path, "wb");
    if (!f || fwrite(img, 1, p.size, f) != p.size || fclose(f) != 0)
        abort();
    free(img);
    bf__prank_close(&p);
    if (bf__prank_open(path, 7, n, &p) != BF_OK)
        return 0;
    /* The same sections, in heap memory of the file's exact size. */
    q = p;
    q.mapped = 0;
    q.base = malloc(p.size);
    if (!q.base)
        abort();
    memcpy(q.base, p.base, p.size);
    q.rank = (const double *)(const void *)((const unsigned char *)q.base +
                                            BF__PRANK_HEADER);
    q.sorted = q.rank + q.n;
    q.plat = (const uint32_t *)(const void *)(q.sorted + q.n);
    q.groups = (const unsigned char *)q.plat + ((4 * (size_t)q.n + 7) & ~7u);
    q.below =
            (const uint64_t *)(const void *)(q.groups + (size_t)q.ngroups * 32);
    bf__prank_close(&p);
    look(&q, 0);
    bf__prank_close(&q);
    return 0;
}
