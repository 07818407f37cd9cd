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
 * vector is still returned.  An account's percentiles are then found by
 * counting, the share of accounts whose value is strictly lower, an O(n)
 * pass, cheaper than sorting, over the PageRank and in-degrees kept for
 * the process, one graph at a time (below), so that every audit after
 * the first need not read pagerank.bin or every in-degree again.  The influential followers are counted by
 * reading each follower's profile from the store: a follower counts when
 * it has more than BF_INFLUENTIAL_FOLLOWERS followers (its profile's count
 * when known, else its in-degree in the store) and neither rule set of
 * score/rules.h (Camisani-Calzolari's published decision, Socialbakers)
 * calls it fake.
 */
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
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

/* ---- the percentile tables, once per graph ---- */

/*
 * The tables of one graph: every account's PageRank and in-degree by
 * dense id, and how many accounts are peers, so that an audit counts in
 * them instead of reading pagerank.bin (and its CRC) and every in-degree
 * of the graph again.  One table is kept for the process (a server
 * audits many accounts of one graph), keyed by the store directory, the
 * graph's generation and size and graph.csr's identity, so that any
 * rebuilt graph misses it; users hold a reference, so a table replaced
 * meanwhile is freed by its last user.  Memory: 12 bytes per account,
 * 12 MB for a million.  Sorting them would make a percentile a binary
 * search, but the sort costs a single audit more than the two counting
 * passes it saves (measured: a third of the first search page).
 */
typedef struct pct_table {
    char *dir;
    uint64_t gen, m;
    uint32_t n;
    struct stat id; /* graph.csr's, zeroed when it has no file */
    uint64_t peers; /* accounts with BF_INFLUENCE_PEER_FOLLOWERS or more */
    double *rank;   /* by dense id */
    uint32_t *degs; /* in-degrees, by dense id */
    unsigned refs;  /* users, plus one while it is the current table */
} pct_table;

static pthread_mutex_t pct_mu = PTHREAD_MUTEX_INITIALIZER;
static pct_table *pct_current;

static void pct_free(pct_table *t)
{
    if (!t)
        return;
    free(t->dir);
    free(t->rank);
    free(t->degs);
    free(t);
}

/* pct_put drops a reference taken by pct_get. */
static void pct_put(pct_table *t)
{
    int last;

    if (!t)
        return;
    pthread_mutex_lock(&pct_mu);
    last = --t->refs == 0;
    pthread_mutex_unlock(&pct_mu);
    if (last)
        pct_free(t);
}

/* same_graph: t was built from this graph. */
static int same_graph(const pct_table *t, const char *dir, uint64_t gen,
                      const bf_csr *g, const struct stat *id)
{
    return t->gen == gen && t->n == g->n && t->m == g->m &&
           t->id.st_dev == id->st_dev && t->id.st_ino == id->st_ino &&
           t->id.st_size == id->st_size &&
           t->id.st_mtim.tv_sec == id->st_mtim.tv_sec &&
           t->id.st_mtim.tv_nsec == id->st_mtim.tv_nsec &&
           strcmp(t->dir, dir) == 0;
}

/*
 * pct_build makes the tables of graph g.  Cost: the PageRank (cached in
 * pagerank.bin) and one pass over the in-degrees, O(n).
 */
static bf_err pct_build(bf_store *st, const bf_csr *g, pct_table *t)
{
    uint32_t v, n = 0;
    uint64_t k;
    bf_err err = bf_graph_pagerank_cached(st, &t->rank, &n);

    if (err)
        return err;
    if (n != g->n)
        return BF_ECORRUPT;
    t->degs = malloc(((size_t)n ? n : 1) * sizeof *t->degs);
    if (!t->degs)
        return BF_ENOMEM;
    for (v = 0; v < n; v++) {
        err = bf_csr_in_degree(g, v, &k);
        if (err)
            return err;
        /* In-degrees are below the vertex count, itself a uint32. */
        t->degs[v] = (uint32_t)k;
        /* A vertex known only as one follow's end (an export's follower or
         * followee) has no measured reach: it is no peer. */
        t->peers += k >= BF_INFLUENCE_PEER_FOLLOWERS;
    }
    return BF_OK;
}

/* pct_get gives a reference to the tables of st's current graph g. */
static bf_err pct_get(bf_store *st, const bf_csr *g, pct_table **out)
{
    const char *dir = bf_store_dir(st);
    struct stat id;
    pct_table *t, *old = NULL;
    uint64_t gen = 0;
    char *path;
    size_t len;
    bf_err err = bf_store_graph_generation(st, &gen);

    *out = NULL;
    if (err)
        return err;
    memset(&id, 0, sizeof id);
    len = strlen(dir) + sizeof "/graph.csr";
    path = malloc(len);
    if (!path)
        return BF_ENOMEM;
    snprintf(path, len, "%s/graph.csr", dir);
    if (stat(path, &id) != 0)
        memset(&id, 0, sizeof id); /* a graph laid out in memory */
    free(path);
    pthread_mutex_lock(&pct_mu);
    t = pct_current;
    if (t && same_graph(t, dir, gen, g, &id)) {
        t->refs++;
        pthread_mutex_unlock(&pct_mu);
        *out = t;
        return BF_OK;
    }
    pthread_mutex_unlock(&pct_mu);
    /* Built outside the lock: two threads may build it at once, and the
     * last one's is kept. */
    t = calloc(1, sizeof *t);
    if (!t)
        return BF_ENOMEM;
    t->dir = strdup(dir);
    t->gen = gen;
    t->n = g->n;
    t->m = g->m;
    t->id = id;
    err = t->dir ? pct_build(st, g, t) : BF_ENOMEM;
    if (err) {
        pct_free(t);
        return err;
    }
    t->refs = 2;
    pthread_mutex_lock(&pct_mu);
    old = pct_current;
    pct_current = t;
    /* The replaced table is no longer current: one reference less. */
    if (old && --old->refs > 0)
        old = NULL;
    pthread_mutex_unlock(&pct_mu);
    pct_free(old);
    *out = t;
    return BF_OK;
}

/* pct_rank is 100 * |{u : x[u] < x[v]}| / n; O(n). */
static double pct_rank(const double *x, uint32_t n, uint32_t v)
{
    uint64_t below = 0;
    uint32_t u;

    for (u = 0; u < n; u++)
        below += x[u] < x[v];
    return n ? 100.0 * (double)below / (double)n : 0.0;
}

/* pct_degree is pct_rank over the in-degrees. */
static double pct_degree(const uint32_t *x, uint32_t n, uint32_t v)
{
    uint64_t below = 0;
    uint32_t u;

    for (u = 0; u < n; u++)
        below += x[u] < x[v];
    return n ? 100.0 * (double)below / (double)n : 0.0;
}

bf_err bf_graph_influence(bf_store *st, uint32_t id, bf_influence *out)
{
    const bf_csr *g = NULL;
    const uint32_t *fol = NULL;
    pct_table *t = NULL;
    uint64_t e, k;
    bf_err err;

    /* Lazily: the offsets are checked as they are read, and the one list
     * this reads by bf_csr_in. */
    err = bf_store_graph_lazy(st, &g);
    if (err)
        return err;
    if (id >= g->n)
        return BF_ENOTFOUND;
    err = pct_get(st, g, &t);
    if (err)
        goto out;
    out->accounts = t->peers;
    err = bf_csr_in(g, id, &fol, NULL, &k);
    if (err)
        goto out;
    out->pagerank = t->rank[id];
    out->pagerank_pct = pct_rank(t->rank, g->n, id);
    out->followers_pct = pct_degree(t->degs, g->n, id);
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
    pct_put(t);
    return err;
}
