/*
 * bulk.c - features of many accounts in one read transaction.
 *
 * The reader holds two scans of the store (store/scan.h) in one read
 * transaction: the first gives the accounts to score and their posts, the
 * second reads neighbours for the network features, so that judging a
 * neighbour never disturbs the row the caller holds.  The formulas are
 * those of features.c, through the walk and the network function it
 * shares with the one-account path: only where the data comes from
 * differs, which is why the two give the same bits (tests/unit/
 * test_bulk.c compares them on every account of a simulated store).
 *
 * Neighbour verdicts.  A network feature judges up to BF_FEAT_NEIGHBOURS
 * followers and followings of the account by the Socialbakers rules; over
 * a whole store most accounts are somebody's neighbour many times over.
 * Each neighbour is judged as it was when observed (at its observation
 * date, else at the time undated profiles are measured to), whoever meets
 * it, so each verdict is computed once and kept in two bits per vertex (0
 * not yet judged, else a BF__NB_* value): the verdicts are read at random,
 * a few hundred per account, and four to a byte they stay in a nearer
 * cache (3 M accounts: 750 KB, where a byte each took 3 MB).  For a pass
 * over many accounts they are all computed first (when the first
 * account's features are asked, once the undated time is settled), in
 * one sequential walk of the accounts, which costs far less than the
 * random reads of judging on demand; for a few accounts each neighbour is
 * read when first met.
 * Either way the neighbour scan reads rows in brief
 * (bf_scan_filter.brief), the columns the rules read.
 *
 * Posts.  The same trade for the posts: a pass over much of the store
 * first marks which post rows other segments hold too (bf_store_scan_mark,
 * one walk of every key index), after which most posts are read with no
 * search; a few accounts read theirs with the searches, and never pay for
 * a walk that grows with the store.  A list of unknown length starts
 * without the marks and takes them when it has scored 1/PREFILL of the
 * accounts.
 */
#include "score/bulk.h"

#include <stdlib.h>
#include <string.h>

/* Judge every vertex up front when at least 1/PREFILL of them is scored. */
#define PREFILL 16

struct bf_bulk {
    bf_store *st;
    int64_t undated;       /* what undated profiles' ages are measured to */
    bf_store_scan *sc;     /* the accounts scored and their posts */
    bf_store_scan *nb;     /* neighbours, read when judged */
    const bf_csr *g;       /* NULL without follows */
    unsigned char *judged; /* g->n verdicts, 2 bits each, 0 not yet known */
    bf__feat_walk *walk;
    uint64_t scored;  /* accounts whose features were read */
    uint64_t mark_at; /* mark the post rows when scored reaches it */
    int prefill;      /* judge every vertex before the first features */
    int started;      /* bf_bulk_features has run */
};

/* judged_get is vertex v's kept verdict, 0 when not yet judged. */
static int judged_get(const bf_bulk *b, uint32_t v)
{
    return (b->judged[v >> 2] >> ((v & 3) * 2)) & 3;
}

/* judged_set keeps verdict x (1 to 3) for vertex v, not yet judged. */
static void judged_set(bf_bulk *b, uint32_t v, int x)
{
    b->judged[v >> 2] |= (unsigned char)(x << ((v & 3) * 2));
}

/* judge: the verdict on vertex v, read and kept the first time. */
static bf_err judge(void *ctx, uint32_t v, int *out)
{
    bf_bulk *b = ctx;
    bf_account_row *row;
    bf_err err;
    int x = judged_get(b, v);

    if (x) {
        *out = x;
        return BF_OK;
    }
    err = bf_store_scan_get(b->nb, v, &row);
    if (err)
        return err;
    *out = bf__features_judge_row(&row->a, b->undated);
    judged_set(b, v, *out);
    return BF_OK;
}

/* prefill judges every vertex of the graph in one pass over the accounts. */
static bf_err prefill(bf_bulk *b)
{
    bf_account_row *row;
    bf_err err;

    while ((err = bf_store_scan_next(b->nb, &row)) == BF_OK)
        if (row->id < b->g->n)
            judged_set(b, row->id, bf__features_judge_row(&row->a, b->undated));
    return err == BF_ENOTFOUND ? BF_OK : err;
}

bf_err bf_bulk_open(bf_store *st, int64_t now, const bf_scan_filter *filter,
                    uint32_t expect, bf_bulk **out)
{
    /* Neighbours are only judged, by the profile rules: rows in brief. */
    static const bf_scan_filter brief = { .brief = 1 };
    bf_bulk *b = calloc(1, sizeof *b);
    bf_err err;

    *out = NULL;
    if (!b)
        return BF_ENOMEM;
    b->st = st;
    b->undated = now;
    b->walk = malloc(sizeof *b->walk);
    if (!b->walk) {
        free(b);
        return BF_ENOMEM;
    }
    err = bf__feat_walk_init(b->walk);
    if (err) {
        free(b->walk);
        free(b);
        return err;
    }
    /* The first scan begins the transaction, the second joins it, and the
     * graph is read inside it, so all three see one snapshot. */
    err = bf_store_scan_open(st, filter, &b->sc);
    if (!err)
        err = bf_store_scan_open(st, &brief, &b->nb);
    /* A pass over many accounts reads the lists in order, with the
     * kernel's readahead; a few accounts read theirs where they lie. */
    if (!err)
        err = bf_store_graph_lazy(st, &b->g);
    if (!err && b->g && expect >= b->g->n / PREFILL)
        err = bf_store_graph_scan(st, &b->g);
    if (!err && b->g && b->g->n) {
        b->judged = calloc((size_t)b->g->n / 4 + 1, 1);
        if (!b->judged)
            err = BF_ENOMEM;
        /* At the first features, when the undated time is settled. */
        b->prefill = expect >= b->g->n / PREFILL;
    }
    if (!err) {
        uint32_t n = 0;

        err = bf_store_account_count(st, &n);
        b->mark_at = n / PREFILL;
        if (!err && expect >= b->mark_at)
            b->mark_at = 0;
        if (!err && !b->mark_at)
            err = bf_store_scan_mark(b->sc);
    }
    if (err) {
        bf_bulk_close(b);
        return err;
    }
    *out = b;
    return BF_OK;
}

bf_err bf_bulk_next(bf_bulk *b, const bf_account_row **out_row)
{
    bf_account_row *row;
    bf_err err = bf_store_scan_next(b->sc, &row);

    if (!err)
        *out_row = row;
    return err;
}

bf_err bf_bulk_get(bf_bulk *b, uint32_t id, const bf_account_row **out_row)
{
    bf_account_row *row;
    bf_err err = bf_store_scan_get(b->sc, id, &row);

    if (!err)
        *out_row = row;
    return err;
}

bf_err bf_bulk_measure_undated(bf_bulk *b, int64_t at)
{
    /* The verdicts kept were judged at the time then in force. */
    if (b->started)
        return BF_EINVAL;
    b->undated = at;
    return BF_OK;
}

bf_err bf_bulk_features(bf_bulk *b, const bf_account_row *row, bf_features *out,
                        bf_timeline *out_t)
{
    bf_err err;

    b->started = 1;
    if (b->prefill) {
        b->prefill = 0;
        err = prefill(b);
        if (err)
            return err;
    }
    if (b->mark_at && ++b->scored == b->mark_at) {
        err = bf_store_scan_mark(b->sc);
        if (err)
            return err;
    }
    bf_features_from_account(&row->a, b->undated, out);
    bf__feat_walk_reset(b->walk);
    err = bf_store_scan_posts(b->sc, row->id, bf__feat_walk_post, b->walk);
    if (!err)
        err = bf__feat_walk_finish(b->walk, out, out_t);
    if (!err && b->g)
        err = bf__features_network(b->g, row->id, row->a.followers, judge, b,
                                   b->judged, out);
    return err;
}

void bf_bulk_close(bf_bulk *b)
{
    if (!b)
        return;
    /* The neighbour scan joined the transaction; the first one ends it. */
    bf_store_scan_close(b->nb);
    bf_store_scan_close(b->sc);
    if (b->walk)
        bf__feat_walk_release(b->walk);
    free(b->walk);
    free(b->judged);
    free(b);
}
