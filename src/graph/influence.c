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
 * is not an error: the tables built in memory still answer.  The
 * influential followers are counted by reading each follower's profile
 * from the store: a follower counts when it has more than
 * BF_INFLUENTIAL_FOLLOWERS followers (its profile's count when known,
 * else its in-degree in the store) and neither rule set of score/rules.h
 * (Camisani-Calzolari's published decision, Socialbakers) calls it fake.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "graph/graph.h"
#include "graph/influence.h"
#include "score/rules.h"
#include "store/prank.h"

/*
 * rank_table gives the PageRank file of st's current graph in *out:
 * mapped from pagerank.bin when that is this graph's and its header
 * checks out (unless rebuild), else built from the graph (one PageRank)
 * and saved there.  Cost: O(1) when the file is there.
 */
static bf_err rank_table(bf_store *st, int rebuild, bf__prank *out)
{
    const bf_csr *g = NULL;
    const char *dir;
    double *rank = NULL;
    char *path = NULL;
    uint64_t gen = 0;
    size_t len;
    bf_err err;

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
        err = bf__prank_open(path, gen, g->n, out);
        if (err != BF_ENOTFOUND && err != BF_ECORRUPT)
            goto out; /* mapped, or a fault of the system's */
    }
    /* PageRank reads every list: they are all checked first, once. */
    err = bf_store_graph(st, &g);
    if (!err) {
        rank = malloc(((size_t)g->n ? g->n : 1) * sizeof *rank);
        err = rank ? bf_graph_pagerank(g, NULL, rank, NULL) : BF_ENOMEM;
    }
    if (err == BF_ELIMIT)
        err = BF_OK; /* the last iterate, within 1e-9 of the limit */
    if (!err)
        err = bf__prank_build(gen, g, rank, out);
    /* A read-only store still answers; the file is an optimisation. */
    if (!err)
        (void)bf__prank_save(out, path);
out:
    free(rank);
    free(path);
    return err;
}

bf_err bf_graph_pagerank_cached(bf_store *st, double **out_rank,
                                uint32_t *out_n)
{
    bf__prank p;
    double *rank = NULL;
    bf_err err = rank_table(st, 0, &p);
    int tries;

    /* A file that fails its checksum is built again, once. */
    for (tries = 0; !err && tries < 2; tries++) {
        rank = malloc(((size_t)p.n ? p.n : 1) * sizeof *rank);
        if (!rank) {
            err = BF_ENOMEM;
            break;
        }
        err = bf__prank_ranks(&p, rank);
        if (err != BF_ECORRUPT || !p.mapped)
            break;
        free(rank);
        rank = NULL;
        bf__prank_close(&p);
        err = rank_table(st, 1, &p);
    }
    if (!err) {
        *out_rank = rank;
        *out_n = p.n;
        rank = NULL;
    }
    free(rank);
    bf__prank_close(&p);
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

/*
 * percentiles fills out's PageRank, percentiles and peers for account id
 * of in-degree k from p.  O(log n).
 */
static bf_err percentiles(const bf__prank *p, uint32_t id, uint64_t k,
                          bf_influence *out)
{
    uint64_t below = 0, small = 0;
    bf_err err = bf__prank_at(p, id, &out->pagerank, &out->pagerank_pct);

    if (!err)
        err = bf__prank_below(p, k, &below);
    /* A vertex known only as one follow's end (an export's follower or
     * followee) has no measured reach: it is no peer. */
    if (!err)
        err = bf__prank_below(p, BF_INFLUENCE_PEER_FOLLOWERS, &small);
    if (err)
        return err;
    out->followers_pct = 100.0 * (double)below / (double)p->n;
    out->accounts = p->n - small;
    return BF_OK;
}

bf_err bf_graph_influence(bf_store *st, uint32_t id, bf_influence *out)
{
    const bf_csr *g = NULL;
    const uint32_t *fol = NULL;
    bf__prank p;
    uint64_t e, k = 0;
    bf_err err;
    int tries;

    memset(&p, 0, sizeof p);
    /* Lazily: the offsets are checked as they are read, and the one list
     * this reads by bf_csr_in. */
    err = bf_store_graph_lazy(st, &g);
    if (err)
        return err;
    if (id >= g->n)
        return BF_ENOTFOUND;
    /* The follower list is read after the file is there: building it
     * may map the graph again. */
    for (tries = 0; tries < 2; tries++) {
        err = rank_table(st, tries, &p);
        if (!err)
            err = bf_csr_in(g, id, &fol, NULL, &k);
        if (err)
            break;
        err = percentiles(&p, id, k, out);
        /* What a lookup found inconsistent is built again, once. */
        if (err != BF_ECORRUPT || !p.mapped)
            break;
        bf__prank_close(&p);
    }
    bf__prank_close(&p);
    if (err)
        return err;
    out->followers_known = k;
    out->influential = 0;
    for (e = 0; e < k; e++) {
        int yes;

        err = influential_authentic(st, g, fol[e], &yes);
        if (err)
            return err;
        out->influential += (uint64_t)yes;
    }
    out->influential_share =
            out->followers_known
                    ? (double)out->influential / (double)out->followers_known
                    : -1.0;
    return BF_OK;
}
