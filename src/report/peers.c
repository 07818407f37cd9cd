/*
 * peers.c - the engagement peers: one sample of the store, made live for
 * one group or once per generation for all of them.
 *
 * Both ways walk the same grid: every step-th dense id from 0, step =
 * accounts / BF_PEERS_SCAN (at least 1), in one fixed pseudo-random order
 * (walk_order).  Each
 * account read there with known followers falls in the group of its
 * platform and tier; while that group wants more peers its timeline is
 * read (the newest BF_PEERS_POSTS posts) and the account becomes a peer
 * when it has BF_PEERS_MIN_POSTS originals with known reactions.  The
 * live walk wants one group only, skips the audited account and stops at
 * BF_PEERS_MAX peers; the refresh wants every group, skips nobody and
 * keeps BF_PEERS_MAX + 1 per group, walking the whole grid.  Since the
 * grid's order is the same, the live group of account x is the saved
 * group without x, cut at BF_PEERS_MAX: the audit gives the same median
 * either way, bit for bit, which tests/unit/test_peers.c checks on a
 * simulated store.
 *
 * Why not the median itself per group: each audit leaves out its own
 * account, so the median depends on who asks; saving the peers (at most
 * 201 rows per group, a few thousand per store) keeps that definition.
 *
 * The refresh reads the generation before it samples and saves only if
 * no batch committed meanwhile (store/peers.h), so a run never mixes two
 * states of the store under one generation.
 */
#include "report/peers.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/hash.h"
#include "report/report.h"
#include "score/timeline.h"
#include "store/peers.h"
#include "store/scan.h"

/* Peers saved per group: one more than a group, for the audit's own. */
#define SAVED (BF_PEERS_MAX + 1)

/* Groups a refresh keeps at most: platforms are few, tiers are six. */
#define MAX_GROUPS 4096

/* One group being filled. */
typedef struct group {
    char *platform; /* owned (NULL when borrowed: the live walk) */
    const char *name;
    int tier;
    bf_peer_rate *rates; /* cap entries */
    size_t n;
} group;

/* The groups of one walk. */
typedef struct walk {
    group *g;
    size_t n, cap;
    size_t per_group; /* peers wanted per group */
    int one;          /* the live walk: g[0] only, created by the caller */
    uint32_t self;    /* left out; UINT32_MAX for none */
    uint32_t scanned;
} walk;

int bf_peers_tier(int64_t followers)
{
    if (followers < 1000)
        return 0;
    if (followers < 10000)
        return 1;
    if (followers < 50000)
        return 2;
    if (followers < 500000)
        return 3;
    return followers < 1000000 ? 4 : 5;
}

/* The parameters of the sample; a run saved with others is not used. */
#define STR_(x) #x
#define STR(x)  STR_(x)

const char *bf_peers_params(void)
{
    return "v2 random scan=" STR(BF_PEERS_SCAN) " peers=" STR(
            BF_PEERS_MAX) " posts=" STR(BF_PEERS_POSTS) " min=" STR(BF_PEERS_MIN_POSTS);
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;

    return (x > y) - (x < y);
}

/*
 * group_of is the group of (platform, tier) that still wants peers, or
 * NULL: in the live walk only g[0] exists; the refresh adds a group the
 * first time it meets one (linear search: a store has a few dozen).
 */
static bf_err group_of(walk *w, const char *platform, int tier, group **out)
{
    size_t i;
    group *g;

    *out = NULL;
    for (i = 0; i < w->n; i++)
        if (w->g[i].tier == tier && strcmp(w->g[i].name, platform) == 0) {
            if (w->g[i].n < w->per_group)
                *out = &w->g[i];
            return BF_OK;
        }
    if (w->one)
        return BF_OK;
    if (w->n == w->cap) {
        size_t cap = w->cap ? 2 * w->cap : 16;

        if (cap > MAX_GROUPS)
            return BF_ELIMIT;
        g = realloc(w->g, cap * sizeof *g);
        if (!g)
            return BF_ENOMEM;
        w->g = g;
        w->cap = cap;
    }
    g = &w->g[w->n];
    memset(g, 0, sizeof *g);
    g->platform = strdup(platform);
    g->rates = malloc(w->per_group * sizeof *g->rates);
    if (!g->platform || !g->rates) {
        free(g->platform);
        free(g->rates);
        return BF_ENOMEM;
    }
    g->name = g->platform;
    g->tier = tier;
    w->n++;
    *out = g;
    return BF_OK;
}

/* The walk and what a timeline read needs, for one account of the grid. */
typedef struct visit {
    walk *w;
    bf_store *st;
    bf_timeline_acc acc;
} visit;

/* consider is the grid's account id, read: a peer of its group or not. */
static bf_err consider(void *ctx, uint32_t id, const char *platform,
                       int64_t followers, int *out_stop)
{
    visit *v = ctx;
    walk *w = v->w;
    group *g = NULL;
    bf_timeline t;
    bf_err err = BF_OK;

    *out_stop = w->one && w->g[0].n >= w->per_group;
    if (*out_stop || id == w->self)
        return BF_OK;
    w->scanned++;
    if (followers > 0)
        err = group_of(w, platform, bf_peers_tier(followers), &g);
    if (!err && g) {
        err = bf_timeline_from_store_with(v->st, id, &v->acc, &t);
        if (!err && t.originals >= BF_PEERS_MIN_POSTS &&
            t.eng_known >= BF_PEERS_MIN_POSTS && t.eng_mean_original >= 0) {
            g->rates[g->n].account = id;
            g->rates[g->n].rate = t.eng_mean_original / (double)followers;
            g->n++;
        }
    }
    return err;
}

/* The seed of the walk's order; changing it changes every saved sample. */
#define ORDER_SEED 0x70656572735f7631ull

/* A grid index and its place in the walk's order. */
typedef struct ordered {
    uint64_t key;
    uint32_t k;
} ordered;

static int by_key(const void *a, const void *b)
{
    const ordered *x = a, *y = b;

    if (x->key != y->key)
        return x->key < y->key ? -1 : 1;
    return (x->k > y->k) - (x->k < y->k);
}

/*
 * walk_order fills *out with the g grid indices in the walk's order: by
 * bf_mix64 of each index, a fixed pseudo-random order, so that the first
 * peers a group finds are a simple random sample of the grid's accounts,
 * whatever order they were ingested in.  (In id order, a group took the
 * first accounts of the file read first; a lattice such as every fourth
 * id still caught the pairs a follow list numbers in turn.)
 */
static bf_err walk_order(uint32_t g, uint32_t **out)
{
    ordered *o = malloc((g ? g : 1) * sizeof *o);
    uint32_t *k = malloc((g ? g : 1) * sizeof *k), i;

    *out = NULL;
    if (!o || !k) {
        free(o);
        free(k);
        return BF_ENOMEM;
    }
    for (i = 0; i < g; i++) {
        o[i].key = bf_mix64(i ^ ORDER_SEED);
        o[i].k = i;
    }
    qsort(o, g, sizeof *o, by_key);
    for (i = 0; i < g; i++)
        k[i] = o[i].k;
    free(o);
    *out = k;
    return BF_OK;
}

/* One account of a grid read in one scan (the grid is every account). */
typedef struct reach {
    int64_t followers;
    uint16_t plat; /* index in the scan's platform names */
    uint8_t found;
} reach;

/* The accounts of a whole-store grid, read in one scan, then walked in the
 * walk's order. */
typedef struct reach_all {
    reach *r;
    uint32_t n;
    char (*names)[BF_STORE_PLATFORM_MAX + 1];
    size_t nnames;
} reach_all;

static bf_err keep_reach(void *ctx, uint32_t id, const char *platform,
                         int64_t followers, int *out_stop)
{
    reach_all *a = ctx;
    size_t i;

    *out_stop = 0;
    if (id >= a->n)
        return BF_OK;
    for (i = 0; i < a->nnames && strcmp(a->names[i], platform) != 0; i++)
        ;
    if (i == a->nnames) {
        void *nm;

        if (i == UINT16_MAX)
            return BF_ELIMIT;
        nm = realloc(a->names, (i + 1) * sizeof *a->names);
        if (!nm)
            return BF_ENOMEM;
        a->names = nm;
        snprintf(a->names[i], sizeof a->names[i], "%s", platform);
        a->nnames++;
    }
    a->r[id].followers = followers;
    a->r[id].plat = (uint16_t)i;
    a->r[id].found = 1;
    return BF_OK;
}

/* grid sets the grid of a store of n accounts: every *out_step-th dense
 * id, *out_g of them. */
static void grid(uint32_t n, uint32_t *out_step, uint32_t *out_g)
{
    *out_step = n > BF_PEERS_SCAN ? n / BF_PEERS_SCAN : 1;
    *out_g = n ? (n - 1) / *out_step + 1 : 0;
}

/*
 * still_current sets *out when the run saved at generation from is what
 * a sample would save now: since then this handle's batches alone
 * committed, the grid is the same (the same step and the same size, so
 * the same ids walked in the same order), and none of the accounts they
 * changed is on it.  The walk reads nothing else: each grid account's
 * platform, followers and posts, and the groups fill in the walk's
 * order.  An account added off the grid is not read; one added on it,
 * at its end, takes its place in the walk's order without moving the
 * others (walk_order sorts each index by its own key), and is passed
 * over, as a gap is, when its followers are not known.
 */
static bf_err still_current(bf_store *st, uint64_t from, int *out)
{
    const uint32_t *ids;
    uint32_t before = 0, now = 0, step0, g0, step, g;
    size_t n = 0, i;
    bf_err err = bf_store_changed_since(st, from, &before, &ids, &n);

    *out = 0;
    if (err == BF_ENOTFOUND)
        return BF_OK;
    if (!err)
        err = bf_store_account_count(st, &now);
    if (err)
        return err;
    grid(before, &step0, &g0);
    grid(now, &step, &g);
    if (step != step0 || g < g0)
        return BF_OK;
    for (i = 0; i < n; i++)
        if (ids[i] % step == 0 && ids[i] / step < g0)
            return BF_OK;
    /* The grid's new ids are new accounts: the walk passes over one
     * without known followers as it would over a gap. */
    for (i = g0; i < g; i++) {
        char platform[BF_STORE_PLATFORM_MAX + 1];
        int64_t followers = -1;

        err = bf_store_account_reach(st, (uint32_t)i * step, platform,
                                     &followers);
        if (err && err != BF_ENOTFOUND)
            return err;
        if (!err && followers > 0)
            return BF_OK;
    }
    *out = 1;
    return BF_OK;
}

/*
 * sample walks the grid (the file's opening paragraph) in the walk's
 * order (walk_order).  Cost: up to BF_PEERS_SCAN account reads and a
 * timeline read per candidate.  When the grid is every account, they are
 * read in one scan first, then walked from that copy.
 */
static bf_err sample(bf_store *st, walk *w)
{
    uint32_t n = 0, step, g, j, *order = NULL;
    reach_all all;
    visit v;
    int stop = 0;
    bf_err err = bf_store_account_count(st, &n);

    memset(&all, 0, sizeof all);
    v.w = w;
    v.st = st;
    if (!err)
        err = bf_timeline_acc_init(&v.acc, BF_PEERS_POSTS);
    if (err)
        return err;
    grid(n, &step, &g);
    err = walk_order(g, &order);
    if (!err && step == 1 && g) {
        all.n = n;
        all.r = calloc(n, sizeof *all.r);
        err = all.r ? bf_store_reach_each(st, keep_reach, &all) : BF_ENOMEM;
    }
    for (j = 0; !err && !stop && j < g; j++) {
        char platform[BF_STORE_PLATFORM_MAX + 1];
        int64_t followers = -1;
        uint32_t id = order[j] * step;

        if (all.r) {
            err = all.r[id].found ? BF_OK : BF_ENOTFOUND;
            if (!err) {
                followers = all.r[id].followers;
                memcpy(platform, all.names[all.r[id].plat], sizeof platform);
            }
        } else {
            err = bf_store_account_reach(st, id, platform, &followers);
        }
        if (!err)
            err = consider(&v, id, platform, followers, &stop);
        else if (err == BF_ENOTFOUND && id != w->self)
            w->scanned++;
        if (err == BF_ENOTFOUND)
            err = BF_OK;
    }
    free(order);
    free(all.r);
    free(all.names);
    bf_timeline_acc_release(&v.acc);
    return err;
}

static void walk_release(walk *w)
{
    size_t i;

    for (i = 0; i < w->n; i++) {
        free(w->g[i].platform);
        free(w->g[i].rates);
    }
    free(w->g);
    memset(w, 0, sizeof *w);
}

bf_err bf_peers_refresh(bf_store *st, int force, bf_peers_result *out)
{
    bf_peers_result res;
    bf_peers_info info;
    bf_peer_group *pg = NULL;
    bf_store_read rd = { NULL, NULL, 0 };
    walk w;
    size_t i;
    int saved = 0;
    bf_err err;

    memset(&res, 0, sizeof res);
    memset(&w, 0, sizeof w);
    err = bf_store_peers_info(st, bf_peers_params(), &info);
    if (err)
        goto out;
    if (info.fresh && !force) {
        res.was_fresh = 1;
        res.generation = info.current;
        res.groups = (size_t)info.groups;
        res.peers = (size_t)info.peers;
        goto out;
    }
    if (info.saved && info.same_params && !force) {
        int same = 0;

        err = still_current(st, info.generation, &same);
        if (!err && same)
            err = bf_store_peers_carry(st, info.generation, info.current,
                                       bf_peers_params(), &saved);
        if (err || same) {
            res.carried = saved;
            res.generation = info.current;
            res.groups = (size_t)info.groups;
            res.peers = (size_t)info.peers;
            goto out;
        }
    }
    /* The generation first: a batch committed after it voids the save. */
    res.generation = info.current;
    w.per_group = SAVED;
    w.self = UINT32_MAX;
    /* One read transaction for the sample's thousands of reads, ended
     * before the save, which writes. */
    err = bf_store_read_begin(st, &rd);
    if (!err)
        err = sample(st, &w);
    bf_store_read_end(&rd);
    res.scanned = w.scanned;
    if (err)
        goto out;
    pg = calloc(w.n ? w.n : 1, sizeof *pg);
    if (!pg) {
        err = BF_ENOMEM;
        goto out;
    }
    for (i = 0; i < w.n; i++) {
        pg[i].platform = w.g[i].name;
        pg[i].tier = w.g[i].tier;
        pg[i].rates = w.g[i].rates;
        pg[i].n = w.g[i].n;
        res.peers += w.g[i].n;
    }
    res.groups = w.n;
    err = bf_store_peers_save(st, res.generation, bf_peers_params(), pg, w.n,
                              &saved);
    res.saved = saved;
out:
    free(pg);
    walk_release(&w);
    if (out)
        *out = res;
    return err;
}

/* median_of sorts rates and takes their median (n >= 1). */
static double median_of(double *rates, size_t n)
{
    qsort(rates, n, sizeof *rates, cmp_double);
    return n % 2 ? rates[n / 2] : (rates[n / 2 - 1] + rates[n / 2]) / 2;
}

bf_err bf_peers_median(bf_store *st, uint32_t self, const char *platform,
                       int tier, bf_peers_source src, double *out_median,
                       uint32_t *out_peers, int *out_stored)
{
    bf_peer_rate *saved = NULL;
    double *rates = NULL;
    size_t n = 0, i, got = 0;
    group g;
    walk w;
    bf_err err = BF_ENOTFOUND;

    *out_median = -1;
    *out_peers = 0;
    if (out_stored)
        *out_stored = 0;
    if (!platform)
        return BF_OK;
    rates = malloc(SAVED * sizeof *rates);
    saved = malloc(SAVED * sizeof *saved);
    if (!rates || !saved) {
        err = BF_ENOMEM;
        goto out;
    }
    if (src != BF_PEERS_LIVE)
        err = bf_store_peers_read(st, bf_peers_params(), platform, tier, saved,
                                  SAVED, &n);
    if (!err) {
        /* The saved group without the audited account, cut as live. */
        for (i = 0; i < n && got < BF_PEERS_MAX; i++)
            if (saved[i].account != self)
                rates[got++] = saved[i].rate;
        if (out_stored)
            *out_stored = 1;
    } else if (err == BF_ENOTFOUND && src != BF_PEERS_STORED) {
        memset(&g, 0, sizeof g);
        g.name = platform;
        g.tier = tier;
        g.rates = saved;
        memset(&w, 0, sizeof w);
        w.g = &g;
        w.n = w.cap = 1;
        w.one = 1;
        w.per_group = BF_PEERS_MAX;
        w.self = self;
        err = sample(st, &w);
        for (i = 0; i < g.n; i++)
            rates[got++] = g.rates[i].rate;
    }
    if (err)
        goto out;
    /* Fewer peers than BF_AUDIT_MIN_PEERS are not a peer group. */
    if (got >= BF_AUDIT_MIN_PEERS)
        *out_median = median_of(rates, got);
    *out_peers = (uint32_t)got;
out:
    free(rates);
    free(saved);
    return err;
}
