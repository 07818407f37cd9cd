/*
 * influence.c - the influence figures of one account (influence.h).
 *
 * PageRank of the whole store is the expensive part, so it is kept in the
 * store directory as pagerank.bin, keyed by the graph generation (the last
 * committed follow segment) and the account count, which together name
 * one graph.  A file that is missing, stale or fails a check (size, magic,
 * version, CRC-32 of the values, every value finite and non-negative) is
 * recomputed and replaced atomically: written to a temp file of its own
 * (pagerank.bin.tmp-XXXXXX, flocked so the store's sweep spares it),
 * fsync'd, renamed.  A failure to write the cache is not an error: the
 * vector is still returned.  The account's percentiles are then found by
 * counting, the share of accounts whose value is strictly lower, an O(n)
 * pass, cheaper than sorting.  The influential followers are counted by
 * reading each follower's profile from the store: a follower counts when
 * it has more than BF_INFLUENTIAL_FOLLOWERS followers (its profile's count
 * when known, else its in-degree in the store) and neither rule set of
 * score/rules.h (Camisani-Calzolari's published decision, Socialbakers)
 * calls it fake.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>

#include "graph/graph.h"
#include "graph/influence.h"
#include "score/rules.h"
#include "store/segment.h"

/* Layout of pagerank.bin: a 40-byte header, then n doubles. */
#define PR_MAGIC   "BFPRK001"
#define PR_VERSION 1u
#define PR_HEADER  40 /* magic 8, version 4, crc 4, generation 8, n 8, pad 8 */

static void put_u32(unsigned char *p, uint32_t v)
{
    int i;

    for (i = 0; i < 4; i++)
        p[i] = (unsigned char)(v >> (8 * i));
}

static void put_u64(unsigned char *p, uint64_t v)
{
    int i;

    for (i = 0; i < 8; i++)
        p[i] = (unsigned char)(v >> (8 * i));
}

static uint64_t get_u64(const unsigned char *p)
{
    uint64_t v = 0;
    int i;

    for (i = 7; i >= 0; i--)
        v = v << 8 | p[i];
    return v;
}

/* crc_values is the CRC-32 of the n doubles' bytes, in chunks. */
static uint32_t crc_values(const double *x, uint32_t n)
{
    const unsigned char *p = (const unsigned char *)x;
    size_t left = (size_t)n * sizeof *x;
    uLong c = crc32(0L, Z_NULL, 0);

    while (left) {
        uInt k = left > (1u << 30) ? (1u << 30) : (uInt)left;

        c = crc32(c, p, k);
        p += k;
        left -= k;
    }
    return (uint32_t)c;
}

/*
 * cache_read fills rank (n doubles) from path when the file is a valid
 * cache of generation gen over n accounts; BF_ENOTFOUND when missing,
 * BF_ECORRUPT when stale or failing a check.
 */
static bf_err cache_read(const char *path, uint64_t gen, uint32_t n,
                         double *rank)
{
    unsigned char h[PR_HEADER];
    FILE *f = fopen(path, "rb");
    bf_err err = BF_ECORRUPT;
    uint32_t i;

    if (!f)
        return BF_ENOTFOUND;
    if (fread(h, 1, sizeof h, f) != sizeof h || memcmp(h, PR_MAGIC, 8) != 0 ||
        (uint32_t)get_u64(h + 8) != PR_VERSION || get_u64(h + 16) != gen ||
        get_u64(h + 24) != n)
        goto out;
    if (n && fread(rank, sizeof *rank, n, f) != n)
        goto out;
    if (fgetc(f) != EOF) /* trailing bytes */
        goto out;
    if ((uint32_t)(get_u64(h + 8) >> 32) != crc_values(rank, n))
        goto out;
    for (i = 0; i < n; i++)
        if (!isfinite(rank[i]) || rank[i] < 0)
            goto out;
    err = BF_OK;
out:
    fclose(f);
    return err;
}

/*
 * cache_write replaces path with the cache of rank, through a temp file of
 * its own (bf__tmp_create: concurrent readers each write theirs, and the
 * store's sweep spares it while it is written).
 */
static bf_err cache_write(const char *path, uint64_t gen, uint32_t n,
                          const double *rank)
{
    unsigned char h[PR_HEADER];
    char *tmp = NULL;
    FILE *f = NULL;
    bf_err err;
    int fd = -1;

    memset(h, 0, sizeof h);
    memcpy(h, PR_MAGIC, 8);
    put_u32(h + 8, PR_VERSION);
    put_u32(h + 12, crc_values(rank, n));
    put_u64(h + 16, gen);
    put_u64(h + 24, n);
    err = bf__tmp_create(path, &tmp, &fd);
    if (err)
        return err;
    /* A second descriptor for stdio; fd keeps the lock until the end. */
    err = BF_EIO;
    f = fdopen(dup(fd), "wb");
    if (!f)
        goto out;
    if (fwrite(h, 1, sizeof h, f) != sizeof h ||
        (n && fwrite(rank, sizeof *rank, n, f) != n) || fflush(f) != 0 ||
        fsync(fileno(f)) != 0) {
        fclose(f);
        goto out;
    }
    if (fclose(f) != 0)
        goto out;
    if (rename(tmp, path) == 0)
        err = BF_OK;
out:
    if (err)
        unlink(tmp);
    close(fd);
    free(tmp);
    return err;
}

bf_err bf_graph_pagerank_cached(bf_store *st, double **out_rank,
                                uint32_t *out_n)
{
    const bf_csr *g = NULL;
    const char *dir;
    double *rank = NULL;
    char *path = NULL;
    uint64_t gen = 0;
    size_t len;
    bf_err err;

    /* Lazily: a cached rank reads nothing of the graph but its n. */
    err = bf_store_graph_lazy(st, &g);
    if (!err)
        err = bf_store_graph_generation(st, &gen);
    if (err)
        return err;
    dir = bf_store_dir(st);
    len = strlen(dir) + sizeof "/pagerank.bin";
    path = malloc(len);
    rank = malloc(((size_t)g->n ? g->n : 1) * sizeof *rank);
    if (!path || !rank) {
        err = BF_ENOMEM;
        goto out;
    }
    snprintf(path, len, "%s/pagerank.bin", dir);
    if (cache_read(path, gen, g->n, rank) != BF_OK) {
        /* PageRank reads every list: they are all checked first, once. */
        err = bf_store_graph(st, &g);
        if (!err)
            err = bf_graph_pagerank(g, NULL, rank, NULL);
        if (err == BF_ELIMIT)
            err = BF_OK; /* the last iterate, within 1e-9 of the limit */
        if (err)
            goto out;
        /* A read-only store still answers; the cache is an optimisation. */
        (void)cache_write(path, gen, g->n, rank);
    }
    *out_rank = rank;
    *out_n = g->n;
    rank = NULL;
out:
    free(path);
    free(rank);
    return err;
}

/* pct_below is 100 * |{u : x[u] < x[v]}| / n; O(n). */
static double pct_below(const double *x, uint32_t n, uint32_t v)
{
    uint64_t below = 0;
    uint32_t u;

    for (u = 0; u < n; u++)
        below += x[u] < x[v];
    return n ? 100.0 * (double)below / (double)n : 0.0;
}

/*
 * follower_counts says whether follower u is influential and authentic:
 * more than BF_INFLUENTIAL_FOLLOWERS followers and fake by neither rule
 * set on its profile.  Cost: one SQLite read.
 */
static bf_err influential_authentic(bf_store *st, const bf_csr *g, uint32_t u,
                                    int *out)
{
    bf_account_row row;
    bf_rules_out r;
    int64_t followers;
    uint64_t deg = 0;
    bf_err err;

    *out = 0;
    err = bf_store_account(st, u, &row);
    if (err)
        return err;
    if (row.a.followers < 0)
        err = bf_csr_in_degree(g, u, &deg);
    if (err) {
        bf_account_row_release(&row);
        return err;
    }
    followers = row.a.followers >= 0 ? row.a.followers : (int64_t)deg;
    if (followers > BF_INFLUENTIAL_FOLLOWERS) {
        bf_rules_eval(&row.a, row.a.observed_at > 0 ? row.a.observed_at : 0,
                      &r);
        *out = !r.cc_fake && !r.sb_fake;
    }
    bf_account_row_release(&row);
    return BF_OK;
}

bf_err bf_graph_influence(bf_store *st, uint32_t id, bf_influence *out)
{
    const bf_csr *g = NULL;
    const uint32_t *fol = NULL;
    double *rank = NULL, *deg = NULL;
    uint32_t v, n = 0;
    uint64_t e, k;
    bf_err err;

    /* Lazily: the offsets are checked as they are read, and the one list
     * this reads by bf_csr_in. */
    err = bf_store_graph_lazy(st, &g);
    if (err)
        return err;
    if (id >= g->n)
        return BF_ENOTFOUND;
    err = bf_graph_pagerank_cached(st, &rank, &n);
    if (err)
        goto out;
    deg = malloc((size_t)g->n * sizeof *deg);
    if (!deg || n != g->n) {
        err = deg ? BF_ECORRUPT : BF_ENOMEM;
        goto out;
    }
    out->accounts = 0;
    for (v = 0; v < g->n; v++) {
        err = bf_csr_in_degree(g, v, &k);
        if (err)
            goto out;
        deg[v] = (double)k;
        /* A vertex known only as one follow's end (an export's follower or
         * followee) has no measured reach: it is no peer. */
        out->accounts += k >= BF_INFLUENCE_PEER_FOLLOWERS;
    }
    err = bf_csr_in(g, id, &fol, NULL, &k);
    if (err)
        goto out;
    out->pagerank = rank[id];
    out->pagerank_pct = pct_below(rank, g->n, id);
    out->followers_pct = pct_below(deg, g->n, id);
    out->followers_known = k;
    out->influential = 0;
    for (e = 0; e < k; e++) {
        int yes;

        err = influential_authentic(st, g, fol[e], &yes);
        if (err)
            goto out;
        out->influential += (uint64_t)yes;
    }
    out->influential_share =
            out->followers_known
                    ? (double)out->influential / (double)out->followers_known
                    : -1.0;
out:
    free(rank);
    free(deg);
    return err;
}
