/*
 * test_bulk.c - the bulk reader gives, for every account, the features the
 * one-account reader gives.
 *
 * A simulated world (accounts, posts, follows and labels, with stubs and
 * accounts without posts among them) is ingested into a store in a
 * temporary directory.  Every account's features through the bulk reader,
 * in a whole pass and in a shuffled list with repeats (which makes its
 * post cursor search backwards and its neighbours be judged on demand),
 * must be bit for bit those of bf_features_from_store, and its timeline
 * that of bf_timeline_from_store.  The rules' verdicts read in brief
 * (score/brief.h) must be those of bf_rules_eval on the full rows.  The
 * filters (on every platform of the store), the labelled data set and a
 * read transaction refused inside a batch are checked too.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "graph/influence.h"
#include "ingest/ingest.h"
#include "score/brief.h"
#include "score/bulk.h"
#include "score/rules.h"
#include "sim/sim.h"
#include "store/scan.h"

/* The world's "today", and the store's. */
#define NOW 1767225600 /* 2026-01-01 */

static char dir[] = "/tmp/bf-test-bulk-XXXXXX";
static bf_store *st;

static void ingest(const char *file, const char *label_column)
{
    char path[512];
    bf_ingest_opts o;
    bf_store_writer w;
    bf_diags d;
    bf_sink s;

    snprintf(path, sizeof path, "%s/w/%s", dir, file);
    bf_ingest_opts_init(&o);
    o.platform = "sim";
    o.observed_at = NOW;
    o.label_column = label_column;
    o.label_set = label_column ? "sim" : NULL;
    bf_store_writer_init(&w, st, 5000);
    s = bf_store_writer_sink(&w);
    bf_diags_init(&d);
    assert_int_equal(bf_ingest_path(path, &o, &s, &d), BF_OK);
    assert_int_equal(bf_store_writer_finish(&w), BF_OK);
    bf_diags_release(&d);
}

static int setup(void **state)
{
    char sd[512];
    bf_sim_opts o;

    (void)state;
    if (!mkdtemp(dir))
        return -1;
    snprintf(sd, sizeof sd, "%s/w", dir);
    bf_sim_opts_init(&o);
    o.accounts = 1200;
    o.seed = 11;
    o.now = NOW;
    o.follows_per_account = 25;
    if (bf_sim_generate(&o, sd, NULL) != BF_OK)
        return -1;
    snprintf(sd, sizeof sd, "%s/st", dir);
    if (bf_store_open(sd, &st) != BF_OK)
        return -1;
    return 0;
}

static int teardown(void **state)
{
    char cmd[600];

    (void)state;
    bf_store_close(st);
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    return system(cmd) == 0 ? 0 : -1;
}

/* same_features: the two vectors hold the same bits (NaN included). */
static void same_features(uint32_t id, const bf_features *a,
                          const bf_features *b)
{
    int i;

    for (i = 0; i < BF_FEAT__COUNT; i++)
        if (memcmp(&a->v[i], &b->v[i], sizeof a->v[i]) != 0) {
            printf("account %u, %s: %g against %g\n", id,
                   bf_features_name((bf_feat)i), a->v[i], b->v[i]);
            fail();
        }
}

/* same_timeline: the fields the rule sets read agree. */
static void same_timeline(const bf_timeline *a, const bf_timeline *b)
{
    assert_int_equal(a->n, b->n);
    assert_int_equal(a->seen, b->seen);
    assert_int_equal(a->reposts, b->reposts);
    assert_int_equal(a->replies, b->replies);
    assert_int_equal(a->dups, b->dups);
    assert_int_equal(a->spam_posts, b->spam_posts);
    assert_int_equal(a->clients, b->clients);
    assert_int_equal(a->automation, b->automation);
    assert_int_equal(a->liked, b->liked);
    assert_memory_equal(a->class_posts, b->class_posts, sizeof a->class_posts);
    assert_true(a->link_share == b->link_share);
    assert_true(a->punct_share == b->punct_share);
    assert_true(a->gap_median == b->gap_median);
    assert_true(a->eng_mean == b->eng_mean || (a->n == 0 && b->n == 0));
}

static void loads_world(void **state)
{
    uint32_t n = 0;

    (void)state;
    ingest("accounts.csv", NULL);
    ingest("posts.jsonl", NULL);
    ingest("follows.csv", NULL);
    ingest("labels.csv", "label");
    assert_int_equal(bf_store_account_count(st, &n), BF_OK);
    assert_true(n >= 1200);
}

/*
 * put_net writes account name, declaring followers, followed by the
 * accounts f0 .. f(listed-1), and following f0 and f1 (both follow back).
 */
static void put_net(const char *name, int64_t followers, int listed)
{
    bf_store_writer w;
    bf_sink s;
    int i;

    bf_store_writer_init(&w, st, 100);
    s = bf_store_writer_sink(&w);
    for (i = -1; i < listed; i++) {
        bf_account a;
        bf_follow f;
        char id[48];

        bf_account_clear(&a);
        if (i < 0)
            snprintf(id, sizeof id, "%s", name);
        else
            snprintf(id, sizeof id, "%s-f%d", name, i);
        a.platform = "sim";
        a.native_id = id;
        a.handle = id;
        a.followers = i < 0 ? followers : 40;
        a.following = i < 0 ? 2 : 60;
        a.posts = 10;
        a.observed_at = NOW;
        assert_int_equal(s.account(s.ctx, &a), BF_OK);
        if (i < 0)
            continue;
        memset(&f, 0, sizeof f);
        f.platform = "sim";
        f.follower = id;
        f.followee = name;
        f.observed_at = NOW;
        f.position = -1;
        assert_int_equal(s.follow(s.ctx, &f), BF_OK);
        if (i < 2) {
            f.follower = name;
            f.followee = id;
            assert_int_equal(s.follow(s.ctx, &f), BF_OK);
        }
    }
    assert_int_equal(bf_store_writer_finish(&w), BF_OK);
}

/*
 * Reciprocity counts the followings found among the stored followers:
 * from a partial follower list (an export's 10 of 196) the missing ones
 * would read as not following back, so it is unknown there.  The whole
 * pass below then checks the bulk reader agrees.
 */
static void reciprocity_needs_the_whole_list(void **state)
{
    bf_features f;
    uint32_t id;

    (void)state;
    put_net("net-whole", 3, 3);
    put_net("net-partial", 196, 3);
    put_net("net-undeclared", -1, 3);
    assert_int_equal(bf_store_resolve(st, "sim:net-whole", &id), BF_OK);
    assert_int_equal(bf_features_from_store(st, id, NOW, &f), BF_OK);
    assert_true(f.v[BF_F_RECIPROCITY] == 1.0f);
    assert_int_equal(bf_store_resolve(st, "sim:net-undeclared", &id), BF_OK);
    assert_int_equal(bf_features_from_store(st, id, NOW, &f), BF_OK);
    assert_true(f.v[BF_F_RECIPROCITY] == 1.0f);
    assert_int_equal(bf_store_resolve(st, "sim:net-partial", &id), BF_OK);
    assert_int_equal(bf_features_from_store(st, id, NOW, &f), BF_OK);
    assert_true(isnan(f.v[BF_F_RECIPROCITY]));
    /* The followers' side is still read: it is a share of those judged. */
    assert_false(isnan(f.v[BF_F_FOLLOWERS_FAKE_SHARE]));
}

static void whole_pass_matches(void **state)
{
    const bf_account_row *row;
    bf_bulk *b;
    uint32_t n = 0, seen = 0, with_posts = 0, with_net = 0;
    bf_err err;

    (void)state;
    assert_int_equal(bf_store_account_count(st, &n), BF_OK);
    assert_int_equal(bf_bulk_open(st, NOW, NULL, UINT32_MAX, &b), BF_OK);
    while ((err = bf_bulk_next(b, &row)) == BF_OK) {
        bf_features f, g;
        bf_timeline t, u;
        uint32_t id = row->id;

        assert_int_equal(id, seen); /* every dense id, in order */
        assert_int_equal(bf_bulk_features(b, row, &f, &t), BF_OK);
        assert_int_equal(bf_features_from_store(st, id, NOW, &g), BF_OK);
        same_features(id, &f, &g);
        assert_int_equal(bf_timeline_from_store(st, id, 0, &u), BF_OK);
        same_timeline(&t, &u);
        with_posts += t.n > 0;
        with_net += f.v[BF_F_FOLLOWERS_FAKE_SHARE] ==
                    f.v[BF_F_FOLLOWERS_FAKE_SHARE];
        seen++;
    }
    assert_int_equal(err, BF_ENOTFOUND);
    assert_int_equal(seen, n);
    /* The world must exercise both families. */
    assert_true(with_posts > 100);
    assert_true(with_net > 100);
    bf_bulk_close(b);
}

static void shuffled_list_matches(void **state)
{
    enum { K = 3000 };

    uint32_t n = 0, *ids = malloc(K * sizeof *ids), i;
    uint64_t s = 5;
    bf_bulk *b;

    (void)state;
    assert_non_null(ids);
    assert_int_equal(bf_store_account_count(st, &n), BF_OK);
    /* Ascending runs, jumps back and repeats. */
    for (i = 0; i < K; i++) {
        s = s * 6364136223846793005ull + 1442695040888963407ull;
        ids[i] = i % 7 == 3 && i ? ids[i - 1] : (uint32_t)((s >> 33) % n);
    }
    /* A short list: neighbours are judged as they are met. */
    assert_int_equal(bf_bulk_open(st, NOW, NULL, 10, &b), BF_OK);
    for (i = 0; i < K; i++) {
        const bf_account_row *row;
        bf_features f, g;

        assert_int_equal(bf_bulk_get(b, ids[i], &row), BF_OK);
        assert_int_equal(row->id, ids[i]);
        assert_int_equal(bf_bulk_features(b, row, &f, NULL), BF_OK);
        assert_int_equal(bf_features_from_store(st, ids[i], NOW, &g), BF_OK);
        same_features(ids[i], &f, &g);
    }
    {
        const bf_account_row *row;

        assert_int_equal(bf_bulk_get(b, n + 5, &row), BF_ENOTFOUND);
    }
    bf_bulk_close(b);
    free(ids);
}

/* count: accounts a scan with filter f gives. */
static uint32_t count(const bf_scan_filter *f)
{
    bf_store_scan *sc;
    bf_account_row *row;
    uint32_t k = 0;

    assert_int_equal(bf_store_scan_open(st, f, &sc), BF_OK);
    while (bf_store_scan_next(sc, &row) == BF_OK) {
        if (f && f->platform)
            assert_string_equal(row->a.platform, "sim");
        if (f && f->label_set)
            assert_string_equal(row->a.label_set, f->label_set);
        k++;
    }
    bf_store_scan_close(sc);
    return k;
}

static void filters(void **state)
{
    bf_scan_filter f = { .platform = "sim" };
    uint32_t n = 0;

    (void)state;
    assert_int_equal(bf_store_account_count(st, &n), BF_OK);
    assert_int_equal(count(NULL), n);
    assert_int_equal(count(&f), n);
    f.platform = "nosuch";
    assert_int_equal(count(&f), 0);
    f.platform = NULL;
    f.label_set = "sim";
    assert_int_equal(count(&f), 1200);
    f.label_set = "other";
    assert_int_equal(count(&f), 0);
    f.label_set = NULL;
    f.labelled = 1;
    assert_int_equal(count(&f), 1200);
}

static void dataset_matches(void **state)
{
    bf_dataset d;
    size_t i;

    (void)state;
    assert_int_equal(bf_dataset_from_store(st, NOW, &d), BF_OK);
    assert_int_equal(d.n, 1200);
    for (i = 0; i < d.n; i++) {
        bf_features g;

        assert_int_equal(bf_features_from_store(st, d.ids[i], NOW, &g), BF_OK);
        same_features(d.ids[i], (const bf_features *)(d.X + i * BF_FEAT__COUNT),
                      &g);
        assert_true(i == 0 || d.ids[i] > d.ids[i - 1]);
    }
    bf_dataset_release(&d);
}

/* Profiles that differ in every field the rules read, beside the world's. */
static void add_odd_profiles(void)
{
    static const char *const names[] = { NULL, "", "Ana", NULL, "Zoë" };
    static const char *const texts[] = { NULL, "", "x", "é", NULL };
    bf_store_writer w;
    bf_sink s;
    int i;

    bf_store_writer_init(&w, st, 100);
    s = bf_store_writer_sink(&w);
    for (i = 0; i < 40; i++) {
        bf_account a;
        char id[32];

        bf_account_clear(&a);
        snprintf(id, sizeof id, "odd%d", i);
        a.platform = "sim";
        a.native_id = id;
        a.handle = id;
        a.name = names[i % 5];
        a.bio = texts[i % 5];
        a.url = texts[(i / 5) % 5];
        a.location = texts[(i / 2) % 5];
        a.followers = i % 7 == 0 ? -1 : (int64_t)(i * 37 % 2000);
        a.following = i % 9 == 0 ? -1 : (int64_t)(i * 113 % 3000);
        a.posts = i % 4 == 0 ? -1 : (int64_t)(i * 3);
        a.lists = i % 3 == 0 ? -1 : (int64_t)(i % 2);
        a.default_avatar = i % 3 - 1;
        a.created_at = i % 6 == 0 ? 0 : NOW - (int64_t)i * 86400 * 9;
        a.observed_at = i % 2 ? NOW - 86400 : 0;
        if (i % 8 == 5)
            a.unknown = BF_ACC_U_NAME | BF_ACC_U_BIO | BF_ACC_U_URL |
                        BF_ACC_U_LOCATION;
        assert_int_equal(s.account(s.ctx, &a), BF_OK);
    }
    assert_int_equal(bf_store_writer_finish(&w), BF_OK);
}

/*
 * A row in brief (bf_scan_filter.brief) carries every field the rules
 * read: each criterion, not only the verdicts, must come out as on the
 * full row, and every counter and date the brief keeps must be the
 * row's.  The odd profiles hold absent, empty and present strings, and
 * strings whose field the source does not carry.
 */
static void brief_rows_read_as_full_rows(void **state)
{
    static const bf_scan_filter brief = { .brief = 1 };
    bf_store_scan *sc = NULL;
    bf_account_row *b;
    size_t rows = 0, empty = 0;
    bf_err err;

    (void)state;
    add_odd_profiles();
    assert_int_equal(bf_store_scan_open(st, &brief, &sc), BF_OK);
    while ((err = bf_store_scan_next(sc, &b)) == BF_OK) {
        bf_account_row row;
        bf_rules_out rb, rf;
        int t;

        assert_int_equal(bf_store_account(st, b->id, &row), BF_OK);
        assert_string_equal(b->a.platform, row.a.platform);
        assert_int_equal(b->a.followers, row.a.followers);
        assert_int_equal(b->a.following, row.a.following);
        assert_int_equal(b->a.posts, row.a.posts);
        assert_int_equal(b->a.lists, row.a.lists);
        assert_int_equal(b->a.default_avatar, row.a.default_avatar);
        assert_int_equal(b->a.created_at, row.a.created_at);
        assert_int_equal(b->a.observed_at, row.a.observed_at);
        assert_int_equal(b->a.unknown, row.a.unknown);
        empty += (row.a.bio && !*row.a.bio) || (row.a.name && !*row.a.name);
        for (t = 0; t < 2; t++) {
            int64_t at = t ? NOW : 0;

            bf_rules_eval(&b->a, at, &rb);
            bf_rules_eval(&row.a, at, &rf);
            assert_memory_equal(rb.cc, rf.cc, sizeof rb.cc);
            assert_memory_equal(rb.sb, rf.sb, sizeof rb.sb);
        }
        bf_account_row_release(&row);
        rows++;
    }
    assert_int_equal(err, BF_ENOTFOUND);
    bf_store_scan_close(sc);
    assert_true(rows > 1000);
    assert_true(empty > 0);
}

static void brief_verdicts_match_full_rows(void **state)
{
    uint32_t n = 0, i, *ids;
    uint32_t seed = 7;
    size_t k, m, weak = 0, sb = 0, cc = 0, unseen_used = 0, checked = 0;
    size_t undated_differs = 0;
    bf_brief *v;
    int pass;

    (void)state;
    add_odd_profiles();
    assert_int_equal(bf_store_account_count(st, &n), BF_OK);
    /* Every account, shuffled, with repeats and two ids the store lacks. */
    m = (size_t)n + n / 4 + 2;
    ids = malloc(m * sizeof *ids);
    v = malloc(m * sizeof *v);
    assert_non_null(ids);
    assert_non_null(v);
    for (k = 0; k < m; k++)
        ids[k] = k < n ? (uint32_t)k : (uint32_t)((k * 7919u) % n);
    ids[m - 2] = n + 5;
    ids[m - 1] = UINT32_MAX;
    for (k = m - 1; k > 0; k--) {
        uint32_t t;

        seed = seed * 1103515245u + 12345u;
        i = (uint32_t)((seed >> 8) % (k + 1));
        t = ids[k];
        ids[k] = ids[i];
        ids[i] = t;
    }
    for (pass = 0; pass < 2; pass++) {
        int64_t unseen = pass ? NOW : 0;

        assert_int_equal(bf_brief_judge(st, ids, m, unseen, v), BF_OK);
        for (k = 0; k < m; k++) {
            bf_account_row row;
            bf_rules_out r, r0;
            bf_err err = bf_store_account(st, ids[k], &row);

            if (err == BF_ENOTFOUND) {
                assert_int_equal(v[k].found, 0);
                continue;
            }
            assert_int_equal(err, BF_OK);
            assert_int_equal(v[k].found, 1);
            assert_int_equal(v[k].followers, row.a.followers);
            assert_int_equal(v[k].created_at, row.a.created_at);
            assert_int_equal(v[k].counted, bf_account_counts_known(&row.a));
            unseen_used += row.a.observed_at <= 0;
            bf_rules_eval(&row.a,
                          row.a.observed_at > 0 ? row.a.observed_at : unseen,
                          &r);
            assert_int_equal(v[k].cc_fake, r.cc_fake != 0);
            assert_int_equal(v[k].cc_weak, r.cc_weak != 0);
            assert_int_equal(v[k].sb_fake, r.sb_fake != 0);
            /* The same verdict with the age criterion undecided for a
             * profile never dated. */
            bf_rules_eval(&row.a, row.a.observed_at > 0 ? row.a.observed_at : 0,
                          &r0);
            assert_int_equal(v[k].sb_fake_undated, r0.sb_fake != 0);
            undated_differs += v[k].sb_fake != v[k].sb_fake_undated;
            checked++;
            weak += r.cc_weak != 0;
            cc += r.cc_fake != 0;
            sb += r.sb_fake != 0;
            bf_account_row_release(&row);
        }
    }
    /* Both outcomes of every verdict were met, and profiles never seen. */
    assert_true(weak > 0 && weak < checked);
    assert_true(cc > 0 && cc < checked);
    assert_true(sb > 0 && sb < checked);
    assert_true(unseen_used > 0);
    assert_true(undated_differs > 0);
    /* The influential count from verdicts read for the arrivals (judged
     * at NOW when never dated) is the one it reads itself. */
    for (i = 0; i < n; i += 7) {
        const bf_csr *g = NULL;
        const uint32_t *fol = NULL;
        uint64_t deg = 0;
        bf_influence a, b;
        bf_brief *fv;

        assert_int_equal(bf_store_graph_lazy(st, &g), BF_OK);
        if (i >= g->n || bf_csr_in(g, i, &fol, NULL, &deg) != BF_OK || !deg)
            continue;
        fv = malloc(deg * sizeof *fv);
        assert_non_null(fv);
        assert_int_equal(bf_brief_judge(st, fol, deg, NOW, fv), BF_OK);
        assert_int_equal(bf_graph_influence(st, i, &a), BF_OK);
        assert_int_equal(
                bf_graph_influence_briefs(st, i, NULL, fv, deg, deg, &b),
                BF_OK);
        assert_int_equal(a.influential, b.influential);
        assert_int_equal(a.followers_known, b.followers_known);
        assert_int_equal(b.followers_sampled, 0);
        /* Every other follower, with their places: a sample of them. */
        if (deg >= 2) {
            uint64_t *at = malloc(deg * sizeof *at), j, taken = 0, infl = 0;

            assert_non_null(at);
            for (j = 0; j < deg; j += 2) {
                at[taken] = j;
                fv[taken] = fv[j];
                infl += fv[taken].found && fv[taken].counted &&
                        fv[taken].followers > BF_INFLUENTIAL_FOLLOWERS &&
                        !fv[taken].cc_fake && !fv[taken].sb_fake_undated;
                taken++;
            }
            assert_int_equal(
                    bf_graph_influence_briefs(st, i, at, fv, taken, deg, &b),
                    BF_OK);
            assert_int_equal(b.followers_sampled, taken);
            assert_int_equal(b.influential, infl);
            free(at);
        }
        free(fv);
    }
    /* An already ascending list, and none. */
    for (k = 0; k < n; k++)
        ids[k] = (uint32_t)k;
    assert_int_equal(bf_brief_judge(st, ids, n, NOW, v), BF_OK);
    assert_int_equal(v[n - 1].found, 1);
    assert_int_equal(bf_brief_judge(st, ids, 0, NOW, v), BF_OK);
    free(ids);
    free(v);
}

/*
 * With bf_bulk_measure_undated(b, 0), a profile without an observation
 * date has the features the audit computes for it (its ages unknown:
 * bf_features_from_store at 0), a dated one those measured at its date;
 * measured at NOW instead, some undated profile's features differ.
 */
static void undated_profiles_measured_as_asked(void **state)
{
    bf_bulk *b = NULL;
    size_t differs = 0;
    int i;

    (void)state;
    assert_int_equal(bf_bulk_open(st, NOW, NULL, 1, &b), BF_OK);
    assert_int_equal(bf_bulk_measure_undated(b, 0), BF_OK);
    for (i = 0; i < 40; i++) {
        const bf_account_row *row;
        bf_features f, g, h;
        char spec[32];
        uint32_t id;

        snprintf(spec, sizeof spec, "sim:#odd%d", i);
        assert_int_equal(bf_store_resolve(st, spec, &id), BF_OK);
        assert_int_equal(bf_bulk_get(b, id, &row), BF_OK);
        assert_int_equal(bf_bulk_features(b, row, &f, NULL), BF_OK);
        assert_int_equal(bf_features_from_store(
                                 st, id, row->a.observed_at > 0 ? NOW : 0, &g),
                         BF_OK);
        same_features(id, &f, &g);
        assert_int_equal(bf_features_from_store(st, id, NOW, &h), BF_OK);
        differs += memcmp(f.v, h.v, sizeof f.v) != 0;
    }
    /* The verdicts kept were judged at the time then in force. */
    assert_int_equal(bf_bulk_measure_undated(b, NOW), BF_EINVAL);
    bf_bulk_close(b);
    assert_true(differs > 0);
}

/* put_hub writes the account the neighbour tests judge the followers of. */
static void put_hub(const bf_sink *s, const char *handle, int64_t followers)
{
    bf_account a;

    bf_account_clear(&a);
    a.platform = "sim";
    a.native_id = a.handle = handle;
    a.name = "Hub";
    a.bio = "a shop";
    a.followers = followers;
    a.following = 10;
    a.posts = 300;
    a.default_avatar = 0;
    a.created_at = NOW - 3000 * 86400;
    a.observed_at = NOW;
    assert_int_equal(s->account(s->ctx, &a), BF_OK);
}

/* put_follower writes follower id of hub, observed at seen, created at
 * created, with the default image or not. */
static void put_follower(const bf_sink *s, const char *id, const char *hub,
                         int default_avatar, int64_t created, int64_t seen)
{
    bf_account a;
    bf_follow f;

    bf_account_clear(&a);
    a.platform = "sim";
    a.native_id = a.handle = id;
    a.name = "Someone";
    a.bio = "hello";
    a.location = "Lyon";
    a.followers = 40;
    a.following = 60;
    a.posts = 80;
    a.default_avatar = default_avatar;
    a.created_at = created;
    a.observed_at = seen;
    assert_int_equal(s->account(s->ctx, &a), BF_OK);
    memset(&f, 0, sizeof f);
    f.platform = "sim";
    f.follower = id;
    f.followee = hub;
    f.position = -1;
    assert_int_equal(s->follow(s->ctx, &f), BF_OK);
}

/*
 * A neighbour is judged as it was when observed, whatever the day the
 * features are computed.  Ten followers of one account were observed 400
 * days before NOW with the default image: five a month old then, which
 * the Socialbakers rule (a default image kept two months) spares, five
 * three months old, which it does not.  The followers' fake share is one
 * half scored at NOW and a year later, by the bulk reader with every
 * verdict judged up front (as for a whole pass) and on demand, and by the
 * one-account path; judged at the day of the run, every one of them would
 * be two months old.
 */
static void neighbours_judged_when_observed(void **state)
{
    const int64_t seen = NOW - 400 * 86400;
    const int64_t later[2] = { NOW, NOW + 365 * 86400 };
    bf_store_writer w;
    bf_sink s;
    uint32_t hub;
    int i, k;

    (void)state;
    bf_store_writer_init(&w, st, 100);
    s = bf_store_writer_sink(&w);
    put_hub(&s, "hub_judged", 10);
    for (i = 0; i < 10; i++) {
        char id[32];

        snprintf(id, sizeof id, "seen_young%d", i);
        put_follower(&s, id, "hub_judged", 1, seen - (i < 5 ? 30 : 90) * 86400,
                     seen);
    }
    assert_int_equal(bf_store_writer_finish(&w), BF_OK);
    assert_int_equal(bf_store_resolve(st, "sim:hub_judged", &hub), BF_OK);
    for (k = 0; k < 2; k++) {
        bf_features g;
        int whole;

        assert_int_equal(bf_features_from_store(st, hub, later[k], &g), BF_OK);
        assert_true(g.v[BF_F_FOLLOWERS_FAKE_SHARE] == 0.5f);
        for (whole = 0; whole < 2; whole++) {
            const bf_account_row *row;
            bf_bulk *b = NULL;
            bf_features f;

            assert_int_equal(bf_bulk_open(st, later[k], NULL,
                                          whole ? UINT32_MAX : 1, &b),
                             BF_OK);
            assert_int_equal(bf_bulk_measure_undated(b, 0), BF_OK);
            assert_int_equal(bf_bulk_get(b, hub, &row), BF_OK);
            assert_int_equal(bf_bulk_features(b, row, &f, NULL), BF_OK);
            assert_true(f.v[BF_F_FOLLOWERS_FAKE_SHARE] == 0.5f);
            bf_bulk_close(b);
        }
    }
}

/*
 * A hub of 600 followers: the 300 numbered first are clean profiles, the
 * 300 after them kept the default image for three months (a Socialbakers
 * rule).  The 200 judged are spread over the whole list, so the fake
 * share is one half, by the one-account path and the bulk reader; the
 * first 200 of the list, all clean, would give 0.
 */
static void neighbours_spread_over_the_list(void **state)
{
    const int64_t seen = NOW - 400 * 86400;
    bf_store_writer w;
    bf_sink s;
    bf_features g;
    uint32_t hub;
    int i, whole;

    (void)state;
    bf_store_writer_init(&w, st, 1000);
    s = bf_store_writer_sink(&w);
    put_hub(&s, "hub_spread", 600);
    for (i = 0; i < 600; i++) {
        char id[32];

        snprintf(id, sizeof id, "spread%d", i);
        put_follower(&s, id, "hub_spread", i >= 300, seen - 90 * 86400, seen);
    }
    assert_int_equal(bf_store_writer_finish(&w), BF_OK);
    assert_int_equal(bf_store_resolve(st, "sim:hub_spread", &hub), BF_OK);
    assert_int_equal(bf_features_from_store(st, hub, NOW, &g), BF_OK);
    assert_true(g.v[BF_F_FOLLOWERS_FAKE_SHARE] == 0.5f);
    for (whole = 0; whole < 2; whole++) {
        const bf_account_row *row;
        bf_bulk *b = NULL;
        bf_features f;

        assert_int_equal(
                bf_bulk_open(st, NOW, NULL, whole ? UINT32_MAX : 1, &b), BF_OK);
        assert_int_equal(bf_bulk_measure_undated(b, 0), BF_OK);
        assert_int_equal(bf_bulk_get(b, hub, &row), BF_OK);
        assert_int_equal(bf_bulk_features(b, row, &f, NULL), BF_OK);
        assert_true(f.v[BF_F_FOLLOWERS_FAKE_SHARE] == 0.5f);
        bf_bulk_close(b);
    }
}

static void refused_inside_batch(void **state)
{
    bf_bulk *b = NULL;

    (void)state;
    assert_int_equal(bf_store_begin(st), BF_OK);
    assert_int_equal(bf_bulk_open(st, NOW, NULL, 1, &b), BF_EINVAL);
    assert_null(b);
    bf_store_rollback(st);
    /* And the store still reads afterwards. */
    assert_int_equal(bf_bulk_open(st, NOW, NULL, 1, &b), BF_OK);
    bf_bulk_close(b);
}

/*
 * Accounts of platforms other than the store's first carry their names in
 * a scan, and a platform filter (or its alias) selects them: the scan
 * once read only the first row of the platforms table.
 */
static void every_platform_keeps_its_name(void **state)
{
    static const char *const plats[] = { "other", "bluesky", "mastodon" };
    static const char *const asked[] = { "other", "bsky", "mastodon" };
    bf_store_writer w;
    bf_store_scan *sc;
    bf_account_row *row;
    bf_sink s;
    uint32_t seen = 0;
    int i, k;

    (void)state;
    bf_store_writer_init(&w, st, 100);
    s = bf_store_writer_sink(&w);
    for (i = 0; i < 3; i++)
        for (k = 0; k < 4; k++) {
            bf_account a;
            char id[32];

            bf_account_clear(&a);
            snprintf(id, sizeof id, "%s%d", plats[i], k);
            a.platform = plats[i];
            a.native_id = id;
            a.followers = k;
            assert_int_equal(s.account(s.ctx, &a), BF_OK);
        }
    assert_int_equal(bf_store_writer_finish(&w), BF_OK);
    for (i = 0; i < 3; i++) {
        bf_scan_filter f = { .platform = asked[i] };

        k = 0;
        assert_int_equal(bf_store_scan_open(st, &f, &sc), BF_OK);
        while (bf_store_scan_next(sc, &row) == BF_OK) {
            assert_string_equal(row->a.platform, plats[i]);
            k++;
        }
        bf_store_scan_close(sc);
        assert_int_equal(k, 4);
    }
    /* Unfiltered, every row's platform is the one the store gives. */
    assert_int_equal(bf_store_scan_open(st, NULL, &sc), BF_OK);
    while (bf_store_scan_next(sc, &row) == BF_OK) {
        bf_account_row one;

        memset(&one, 0, sizeof one);
        assert_int_equal(bf_store_account(st, row->id, &one), BF_OK);
        assert_string_equal(row->a.platform, one.a.platform);
        bf_account_row_release(&one);
        seen++;
    }
    bf_store_scan_close(sc);
    assert_true(seen > 12);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(loads_world),
        cmocka_unit_test(reciprocity_needs_the_whole_list),
        cmocka_unit_test(whole_pass_matches),
        cmocka_unit_test(shuffled_list_matches),
        cmocka_unit_test(filters),
        cmocka_unit_test(dataset_matches),
        cmocka_unit_test(brief_rows_read_as_full_rows),
        cmocka_unit_test(brief_verdicts_match_full_rows),
        cmocka_unit_test(undated_profiles_measured_as_asked),
        cmocka_unit_test(neighbours_judged_when_observed),
        cmocka_unit_test(neighbours_spread_over_the_list),
        cmocka_unit_test(refused_inside_batch),
        cmocka_unit_test(every_platform_keeps_its_name),
    };

    return cmocka_run_group_tests(tests, setup, teardown);
}
