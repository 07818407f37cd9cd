/*
 * influence.c - the influence figures of one account (influence.h).
 *
 * PageRank of the whole store is the expensive part, so it is kept in the
 * store directory as pagerank.bin (store/prank.h), keyed by the graph
 * generation (the last committed follow segment) and the account count,
 * which together name one graph, with the PageRank values sorted and the
 * count of accounts below each in-degree beside it.  An account's two
 * percentiles are then a binary search and one read in that mapped file,
 * so an audit reads a few pages of it whatever the store's size.  A file
 * that is missing, stale or fails a check is recomputed and replaced
 * atomically (temp file of its own, fsync, rename); a failure to write it
 * is not an error: the table built in memory answers, and is kept for the
 * process (below).
 *
 * The influential followers are counted by reading each follower's
 * profile from the store: a follower counts when it has more than
 * BF_INFLUENTIAL_FOLLOWERS followers (its profile's count when known,
 * else its in-degree in the store) and neither rule set of score/rules.h
 * (Camisani-Calzolari's published decision, Socialbakers) calls it fake.
 * That is one brief row per follower, read in ascending id in one pass
 * (score/brief.h), the part of an audit that grows with the account's
 * audience.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "graph/graph.h"
#include "graph/influence.h"
#include "score/brief.h"
#include "store/prank.h"

/*
 * A table that could not be saved (a full disk, a store this process may
 * only read) is kept for the process instead, one graph at a time, so
 * that a server on such a store computes PageRank once rather than at
 * every audit.  Its users hold a reference; one replaced meanwhile is
 * freed by its last user.
 */
typedef struct kept {
    char *dir;
    uint64_t gen;
    uint32_t n;
    bf__prank p;
    unsigned refs; /* users, plus one while it is the kept one */
} kept;

static pthread_mutex_t kept_mu = PTHREAD_MUTEX_INITIALIZER;
static kept *kept_now;
static uint64_t builds;  /* tables this process built (bf__influence_builds) */
static uint64_t grown_n; /* of them, from an earlier table (grown) */

static void kept_unref(kept *k)
{
    int last;

    if (!k)
        return;
    pthread_mutex_lock(&kept_mu);
    last = --k->refs == 0;
    pthread_mutex_unlock(&kept_mu);
    if (last) {
        bf__prank_close(&k->p);
        free(k->dir);
        free(k);
    }
}

/* kept_find gives a reference to the kept table of (dir, gen, n). */
static kept *kept_find(const char *dir, uint64_t gen, uint32_t n)
{
    kept *k;

    pthread_mutex_lock(&kept_mu);
    k = kept_now;
    if (k && k->gen == gen && k->n == n && strcmp(k->dir, dir) == 0)
        k->refs++;
    else
        k = NULL;
    pthread_mutex_unlock(&kept_mu);
    return k;
}

/* kept_install keeps *p (taken) as the table of (dir, gen, n); a
 * reference to it, or NULL (p left as it was) without memory. */
static kept *kept_install(const char *dir, uint64_t gen, bf__prank *p)
{
    kept *k = calloc(1, sizeof *k), *old;

    if (!k || !(k->dir = strdup(dir))) {
        free(k);
        return NULL;
    }
    k->gen = gen;
    k->n = p->n;
    k->p = *p;
    memset(p, 0, sizeof *p);
    k->refs = 2;
    pthread_mutex_lock(&kept_mu);
    old = kept_now;
    kept_now = k;
    pthread_mutex_unlock(&kept_mu);
    kept_unref(old);
    return k;
}

/* A table in use: a file of the caller's (own) or the process's (k). */
typedef struct table {
    bf__prank own;
    kept *k;
} table;

static const bf__prank *table_of(const table *t)
{
    return t->k ? &t->k->p : &t->own;
}

static void table_release(table *t)
{
    kept_unref(t->k);
    bf__prank_close(&t->own);
    t->k = NULL;
}

/* counter reads one of the counters above under their lock. */
static uint64_t counter(const uint64_t *c)
{
    uint64_t n;

    pthread_mutex_lock(&kept_mu);
    n = *c;
    pthread_mutex_unlock(&kept_mu);
    return n;
}

uint64_t bf__influence_builds(void)
{
    return counter(&builds);
}

uint64_t bf__influence_grown(void)
{
    return counter(&grown_n);
}

/*
 * grown fills rank (g->n values) from the PageRank at path when that is
 * the PageRank of the same follows over fewer accounts: the generation
 * names the follow batches, so the accounts added since follow nobody
 * and nobody follows them.  Such accounts change the others' PageRank
 * by a common factor only.  With N accounts before and k added, s the
 * PageRank of an account nobody follows, (1 - d)/N + d D/N (D the rank
 * of the accounts that follow nobody), the old values times
 * c = 1 / (1 + k s) and c s for each new account solve the new graph's
 * equations: an old account's rank minus the new base is c times its
 * old rank minus s, and the new base, (1 - d)/(N + k) + d (c D + k c s)
 * / (N + k), is c s; they sum to c (1 + k s) = 1.  The old values were
 * the old equations' solution within their tolerance, so the new ones
 * are within c times it.  s is read off the file: the lowest rank is that
 * of an account nobody follows when there is one, which its in-degree
 * says.  BF_ENOTFOUND when the file cannot serve (missing, another
 * generation, as many accounts, no account without followers, a
 * checksum that fails); O(n) with its rank section read whole.
 */
static bf_err grown(const char *path, uint64_t gen, const bf_csr *g,
                    double *rank)
{
    bf__prank old;
    uint32_t v, low = 0;
    uint64_t deg = 1;
    double s, c;
    bf_err err;

    if (bf__prank_open_any(path, &old) != BF_OK)
        return BF_ENOTFOUND;
    err = old.gen == gen && old.n > 0 && old.n < g->n
                  ? bf__prank_ranks(&old, rank)
                  : BF_ENOTFOUND;
    for (v = 1; !err && v < old.n; v++)
        if (rank[v] < rank[low])
            low = v;
    if (!err)
        err = bf_csr_in_degree(g, low, &deg);
    if (!err && deg == 0) {
        s = rank[low];
        c = 1.0 / (1.0 + (double)(g->n - old.n) * s);
        for (v = 0; v < old.n; v++)
            rank[v] *= c;
        for (; v < g->n; v++)
            rank[v] = c * s;
    }
    bf__prank_close(&old);
    return !err && deg == 0 ? BF_OK : BF_ENOTFOUND;
}

/*
 * rank_table gives the PageRank table of st's current graph in *out:
 * mapped from pagerank.bin when that is this graph's and its header
 * checks out (unless rebuild), else the one this process keeps for it,
 * else built from the graph (one PageRank) and saved there, or kept when
 * it cannot be saved.  Cost: O(1) when the file is there.
 */
static bf_err rank_table(bf_store *st, int rebuild, table *out)
{
    const bf_csr *g = NULL;
    const char *dir;
    double *rank = NULL;
    uint32_t *plat = NULL;
    char *path = NULL;
    uint64_t gen = 0;
    size_t len;
    bf_err err;
    int grew = 0;

    memset(out, 0, sizeof *out);
    /* Lazily: a mapped file reads nothing of the graph but its n. */
    err = bf_store_graph_lazy(st, &g);
    if (!err)
        err = bf_store_graph_generation(st, &gen);
    if (err)
        return err;
    dir = bf_store_dir(st);
    len = strlen(dir) + sizeof "/pagerank.bin";
    path = malloc(len);
    if (!path)
        return BF_ENOMEM;
    snprintf(path, len, "%s/pagerank.bin", dir);
    if (!rebuild) {
        /* A file that is missing, stale, damaged or cannot be read (a
         * directory, no permission) is as good as none. */
        err = bf__prank_open(path, gen, g->n, &out->own);
        if (!err || err == BF_ENOMEM)
            goto out;
        out->k = kept_find(dir, gen, g->n);
        if (out->k) {
            err = BF_OK;
            goto out;
        }
    }
    /* No table for this graph (the file's answer is not an error). */
    err = BF_OK;
    rank = malloc(((size_t)g->n ? g->n : 1) * sizeof *rank);
    if (!rank)
        err = BF_ENOMEM;
    /* Accounts added with no follow: the table before, scaled.  No list
     * is read, and bf__prank_build checks the offsets it counts. */
    else if (!rebuild && grown(path, gen, g, rank) == BF_OK)
        grew = 1;
    /* PageRank reads every list: they are all checked first, once. */
    else if (!(err = bf_store_graph(st, &g)))
        err = bf_graph_pagerank(g, NULL, rank, NULL);
    if (err == BF_ELIMIT)
        err = BF_OK; /* the last iterate, within 1e-9 of the limit */
    /* Each account ranks among its own platform's. */
    if (!err) {
        plat = malloc(((size_t)g->n ? g->n : 1) * sizeof *plat);
        err = plat ? bf_store_vertex_platforms(st, g->n, plat) : BF_ENOMEM;
    }
    if (!err)
        err = bf__prank_build(gen, g, rank, plat, &out->own);
    if (err)
        goto out;
    pthread_mutex_lock(&kept_mu);
    builds++;
    grown_n += (uint64_t)grew;
    pthread_mutex_unlock(&kept_mu);
    /* A store that cannot be written still answers, from the table kept
     * for the process. */
    if (bf__prank_save(&out->own, path) != BF_OK)
        out->k = kept_install(dir, gen, &out->own);
out:
    free(rank);
    free(plat);
    free(path);
    return err;
}

bf_err bf_graph_pagerank_cached(bf_store *st, double **out_rank,
                                uint32_t *out_n)
{
    table t;
    double *rank = NULL;
    bf_err err = rank_table(st, 0, &t);
    int tries;

    /* A file that fails its checksum is built again, once. */
    for (tries = 0; !err && tries < 2; tries++) {
        const bf__prank *p = table_of(&t);

        rank = malloc(((size_t)p->n ? p->n : 1) * sizeof *rank);
        if (!rank) {
            err = BF_ENOMEM;
            break;
        }
        err = bf__prank_ranks(p, rank);
        if (err != BF_ECORRUPT || !p->mapped)
            break;
        free(rank);
        rank = NULL;
        table_release(&t);
        err = rank_table(st, 1, &t);
    }
    if (!err) {
        *out_rank = rank;
        *out_n = table_of(&t)->n;
        rank = NULL;
    }
    free(rank);
    table_release(&t);
    return err;
}

/*
 * percentiles fills out's PageRank, percentiles and peers for account id
 * of in-degree k from p, among the accounts of its platform.  O(log n).
 */
static bf_err percentiles(const bf__prank *p, uint32_t id, uint64_t k,
                          bf_influence *out)
{
    uint64_t below = 0, small = 0;
    bf__prank_peer r;
    bf_err err = bf__prank_at(p, id, &r);

    if (!err)
        err = bf__prank_below(p, r.group, k, &below);
    /* A vertex known only as one follow's end (an export's follower or
     * followee) has no measured reach: it is no peer. */
    if (!err)
        err = bf__prank_below(p, r.group, BF_INFLUENCE_PEER_FOLLOWERS, &small);
    if (err)
        return err;
    out->pagerank = r.rank;
    out->pagerank_pct = r.pct;
    out->followers_pct = 100.0 * (double)below / (double)r.accounts;
    out->accounts = r.accounts - small;
    return BF_OK;
}

bf_err bf_graph_influence(bf_store *st, uint32_t id, bf_influence *out)
{
    return bf_graph_influence_briefs(st, id, NULL, NULL, 0, 0, out);
}

bf_err bf_graph_influence_briefs(bf_store *st, uint32_t id, const uint64_t *at,
                                 const bf_brief *given, uint64_t nv,
                                 uint64_t deg, bf_influence *out)
{
    const bf_csr *g = NULL;
    const uint32_t *fol = NULL;
    const bf_brief *v = given;
    bf_brief *own = NULL;
    table t;
    uint64_t j, k = 0;
    bf_err err;
    int tries;

    memset(&t, 0, sizeof t);
    /* Lazily: the offsets are checked as they are read, and the one list
     * this reads whole by bf_csr_in. */
    err = bf_store_graph_lazy(st, &g);
    if (err)
        return err;
    if (id >= g->n)
        return BF_ENOTFOUND;
    /* The follower list is read after the file is there: building it
     * may map the graph again. */
    for (tries = 0; tries < 2; tries++) {
        err = rank_table(st, tries, &t);
        /* A sample's followers were checked as it was drawn: the list is
         * not read whole for its length. */
        if (!err)
            err = at && v ? bf_csr_in_span(g, id, &fol, &k)
                          : bf_csr_in(g, id, &fol, NULL, &k);
        if (err)
            break;
        err = percentiles(table_of(&t), id, k, out);
        /* What a lookup found inconsistent is built again, once. */
        if (err != BF_ECORRUPT || !table_of(&t)->mapped)
            break;
        table_release(&t);
    }
    table_release(&t);
    if (err)
        return err;
    out->followers_known = k;
    out->followers_profiled = out->influential = out->followers_sampled = 0;
    /* Verdicts read from another list (a graph changed meanwhile), or
     * not a whole list without places: read every follower here. */
    if (deg != k || (!at && nv != k) || nv > k || (at && nv && at[nv - 1] >= k))
        v = NULL;
    if (k && !v) {
        /* The whole list is read: checked whole. */
        err = bf_csr_in(g, id, &fol, NULL, &k);
        if (err)
            return err;
        own = malloc(k * sizeof *own);
        if (!own)
            return BF_ENOMEM;
        err = bf_brief_judge(st, fol, k, 0, own);
        v = own;
        at = NULL;
        nv = k;
    }
    if (nv < k)
        out->followers_sampled = nv;
    for (j = 0; !err && j < nv; j++) {
        uint64_t fdeg = 0;
        int64_t followers = v[j].followers;

        /* A stub's profile is unknown, not fake: it is not judged. */
        if (!v[j].found || !v[j].counted)
            continue;
        out->followers_profiled++;
        /* A profile without the count: the store's followers of it. */
        if (followers < 0) {
            err = bf_csr_in_degree(g, fol[at ? at[j] : j], &fdeg);
            followers = (int64_t)fdeg;
        }
        out->influential += !err && followers > BF_INFLUENTIAL_FOLLOWERS &&
                            !v[j].cc_fake && !v[j].sb_fake_undated;
    }
    free(own);
    if (err)
        return err;
    out->influential_share =
            out->followers_profiled
                    ? (double)out->influential / (double)out->followers_profiled
                    : -1.0;
    return BF_OK;
}
