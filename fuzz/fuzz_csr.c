/*
 * fuzz_csr.c - libFuzzer target for the graph file's validators,
 * bf__csr_check and the lazy path (bf__csr_open, then bf_csr_in,
 * bf_csr_out and bf_csr_in_degree per vertex, and bf__csr_structure).
 *
 * Random bytes would never pass the header CRC, so the input describes a
 * graph and its damage instead.  Byte 0 picks the vertex count (1 to
 * 128) and, in its low bit, whether the file gets the local order
 * sections (the builder's threshold is lowered to 0 for that, so small
 * graphs keep the loop fast).  Then come edges, four bytes each (two 16-bit
 * ids, reduced modulo n), up to a marker 0xFF 0xFF 0xFF 0xFF; every six
 * bytes after it are one damage: a 32-bit offset into the file (modulo
 * its size), a byte to XOR there, and a flag saying whether to recompute
 * every checksum afterwards, so that the structural checks are reached and
 * not only the CRCs.  The graph is written with bf__csr_write (to
 * /dev/shm when it exists), read back into 8-byte aligned memory of its
 * exact size and checked untouched, which must pass; then damaged and
 * checked again, which may refuse it but must not read outside it.  A
 * damaged file that passes is walked the way the metrics walk it (every
 * list of both directions, and of the local order), so an access the
 * checks should have forbidden shows up under AddressSanitizer.  The
 * damaged file is also opened lazily, as the store's per-account readers
 * open it: every list the checked accessors hand out is read in full
 * (whatever they refuse is not), accounts are looked up among each
 * vertex's followers by bf_csr_in_count, which reads a list's entries
 * only as far as its search needs, and counted against a bitmap
 * (bf_csr_in_marked, bf_csr_out_marked, whole or stopped at a cap), and, when bf__csr_structure passes,
 * the whole graph is walked as the metrics walk it.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>

#include "store/csr.h"
#include "store/segment.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char path[64];

static void remove_file(void)
{
    unlink(path);
}

/*
 * refresh recomputes the checksums of the size bytes at p, of each section
 * whose (possibly damaged) entry lies inside them.
 */
static void refresh(unsigned char *p, size_t size)
{
    int s;

    for (s = 0; s < BF__CSR_SECTIONS; s++) {
        unsigned char *t = p + 40 + 24 * s;
        uint64_t off = bf__get_u64(t), len = bf__get_u64(t + 8);

        if (off <= size && len <= size - off)
            bf__put_u32(t + 16, (uint32_t)crc32_z(0, p + off, (size_t)len));
    }
    bf__put_u32(p + 256, (uint32_t)crc32_z(0, p, 256));
}

/* walk reads every list of g as the metrics do; returns a checksum. */
static uint64_t walk(const bf_csr *g)
{
    uint64_t sum = 0, e;
    uint32_t v;

    for (v = 0; v < g->n; v++) {
        for (e = g->out_off[v]; e < g->out_off[v + 1]; e++)
            sum += g->out_adj[e];
        for (e = g->in_off[v]; e < g->in_off[v + 1]; e++)
            sum += g->in_adj[e] + (g->in_pos ? (uint64_t)g->in_pos[e] : 0);
        if (g->order) {
            sum += g->order[v] + g->lo_out_off[v + 1] - g->lo_out_off[v];
            for (e = g->lo_in_off[v]; e < g->lo_in_off[v + 1]; e++)
                sum += g->lo_in_adj[e];
        }
    }
    return sum;
}

/*
 * walk_lazy reads g, opened by bf__csr_open only, through the checked
 * accessors, as an audit does, and every list they accept in full.
 */
static uint64_t walk_lazy(const bf_csr *g)
{
    const uint32_t *adj;
    const int32_t *pos;
    uint64_t sum = 0, len, e;
    uint32_t v;

    for (v = 0; v < g->n; v++) {
        if (bf_csr_in_degree(g, v, &len) == BF_OK)
            sum += len;
        if (bf_csr_in(g, v, &adj, &pos, &len) == BF_OK)
            for (e = 0; e < len; e++)
                sum += adj[e] + (pos ? (uint64_t)pos[e] : 0);
        if (bf_csr_out(g, v, &adj, &len) == BF_OK)
            for (e = 0; e < len; e++)
                sum += adj[e];
        /* The span readers: one account, then three, looked up among
         * v's followers (a galloping search when the list is over 16
         * times longer, a merge otherwise). */
        {
            uint32_t x[3] = { 0, g->n / 2, g->n - 1 }, one = v;
            uint64_t c = 0;

            if (bf_csr_in_count(g, v, &one, 1, &c) == BF_OK)
                sum += c;
            if (x[0] < x[1] && x[1] < x[2] &&
                bf_csr_in_count(g, v, x, 3, &c) == BF_OK)
                sum += c;
            if (x[0] < x[1] && x[1] < x[2] &&
                bf_csr_out_count(g, v, x, 3, &c) == BF_OK)
                sum += c;
        }
        /* A list counted against a bitmap of the accounts, every other
         * one marked (bf_graph_set). */
        {
            uint64_t bits[2] = { 0x5555555555555555u, 0x5555555555555555u };
            uint64_t c = 0;

            if (bf_csr_in_marked(g, v, bits, UINT64_MAX, &c) == BF_OK)
                sum += c;
            if (bf_csr_out_marked(g, v, bits, UINT64_MAX, &c) == BF_OK)
                sum += c;
            /* Stopped early: only the blocks read are checked. */
            if (bf_csr_in_marked(g, v, bits, 1 + v % 3, &c) == BF_OK)
                sum += c;
        }
    }
    if (bf__csr_structure(g) == NULL)
        sum += walk(g);
    return sum;
}

/* slurp reads the file at path into exactly-sized aligned memory. */
static unsigned char *slurp(size_t *out_n)
{
    FILE *f = fopen(path, "rb");
    unsigned char *p = NULL;
    long n;

    if (!f)
        abort();
    if (fseek(f, 0, SEEK_END) != 0 || (n = ftell(f)) < 0 ||
        fseek(f, 0, SEEK_SET) != 0)
        abort();
    /* malloc's alignment (16) covers the 8 the mapping would give. */
    p = malloc((size_t)n ? (size_t)n : 1);
    if (!p || fread(p, 1, (size_t)n, f) != (size_t)n)
        abort();
    fclose(f);
    *out_n = (size_t)n;
    return p;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    bf__csr_edges e;
    bf_csr g;
    uint64_t gen;
    unsigned char *p;
    size_t i = 1, n_bytes;
    uint32_t n;

    if (!path[0]) {
        snprintf(path, sizeof path, "%s/bf-fuzz-csr-%ld.csr",
                 access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp",
                 (long)getpid());
        atexit(remove_file);
    }
    if (size < 1)
        return 0;
    n = 1 + (data[0] >> 1);
    bf__csr_edges_init(&e, n);
    e.order_min_n = data[0] & 1 ? 0 : UINT32_MAX;
    for (; i + 4 <= size; i += 4) {
        uint32_t u = (uint32_t)data[i] | (uint32_t)data[i + 1] << 8;
        uint32_t v = (uint32_t)data[i + 2] | (uint32_t)data[i + 3] << 8;

        if (u == 0xFFFF && v == 0xFFFF) {
            i += 4;
            break;
        }
        if (bf__csr_edges_add(&e, u % n, v % n) != BF_OK)
            abort();
    }
    if (bf__csr_write(path, &e, 1) != BF_OK)
        abort();
    bf__csr_edges_release(&e);
    p = slurp(&n_bytes);
    /* What the builder wrote must pass. */
    if (bf__csr_check(p, n_bytes, &g, &gen) != BF_OK ||
        (data[0] & 1) != (g.order != NULL))
        abort();
    walk(&g);
    if (bf__csr_open(p, n_bytes, &g, &gen) != BF_OK || bf__csr_structure(&g))
        abort();
    /* Then the damage. */
    for (; i + 6 <= size; i += 6) {
        uint32_t at = (uint32_t)data[i] | (uint32_t)data[i + 1] << 8 |
                      (uint32_t)data[i + 2] << 16 | (uint32_t)data[i + 3] << 24;

        p[at % n_bytes] ^= data[i + 4];
        if (data[i + 5] & 1)
            refresh(p, n_bytes);
    }
    if (bf__csr_check(p, n_bytes, &g, &gen) == BF_OK && walk(&g) == 1)
        fputc('\n', stderr); /* keeps the walk */
    if (bf__csr_open(p, n_bytes, &g, &gen) == BF_OK && walk_lazy(&g) == 1)
        fputc('\n', stderr);
    free(p);
    return 0;
}
