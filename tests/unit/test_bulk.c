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
 * that of bf_timeline_from_store.  The filters, the labelled data set and
 * a read transaction refused inside a batch are checked too.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "ingest/ingest.h"
#include "score/bulk.h"
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

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(loads_world),
        cmocka_unit_test(whole_pass_matches),
        cmocka_unit_test(shuffled_list_matches),
        cmocka_unit_test(filters),
        cmocka_unit_test(dataset_matches),
        cmocka_unit_test(refused_inside_batch),
    };

    return cmocka_run_group_tests(tests, setup, teardown);
}
