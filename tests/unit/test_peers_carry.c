/*
 * test_peers_carry.c - a writer's refresh moves the saved peer run to the
 * store's generation, without sampling, only when a sample would save the
 * very same run.
 *
 * A store of 41,000 accounts (so the sample's grid is every other dense
 * id) gets one batch at a time through the store's own calls, each
 * changing something the sample reads or does not: a profile or a post
 * of an account off the grid or on it, a post stored again under another
 * author, follows, new accounts at the grid's end with and without known
 * followers, a batch of another connection.  After each, the refresh
 * says whether it carried the run, and a forced sample must save exactly
 * the run the refresh left, peer for peer and rate for rate.  The
 * accounts on the grid that a batch changes are peers of the run, so
 * that a change the refresh overlooked would show in the forced sample.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "report/peers.h"
#include "store/peers.h"
#include "store/store.h"

#define NOW      1767225600 /* 2026-01-01 */
#define ACCOUNTS 41000      /* the grid: every other dense id */
#define POSTS    6          /* originals of each account that posts */

static char dir[] = "/tmp/bf-test-peers-carry-XXXXXX";
static char stdir[600];
static bf_store *st;

/* put_acc writes account i (its dense id, when new accounts come in
 * order) with the given followers (-1: unknown). */
static void put_acc(bf_store *s, int i, int64_t followers)
{
    char id[32], handle[32];
    bf_account a;

    snprintf(id, sizeof id, "a%d", i);
    snprintf(handle, sizeof handle, "acc%d", i);
    bf_account_clear(&a);
    a.platform = "sim";
    a.native_id = id;
    a.handle = handle;
    a.followers = followers;
    a.following = 100;
    a.posts = POSTS;
    a.observed_at = NOW;
    assert_int_equal(bf_store_put_account(s, &a, NULL), BF_OK);
}

/* put_post writes post k of account i's, under account author's name. */
static void put_post(int i, int k, int author, int64_t likes)
{
    char id[32], by[32];
    bf_post p;

    snprintf(id, sizeof id, "p%d-%d", i, k);
    snprintf(by, sizeof by, "a%d", author);
    bf_post_clear(&p);
    p.platform = "sim";
    p.native_id = id;
    p.author_id = by;
    p.created_at = NOW - 3600 * (k + 1) - i;
    p.text = "hello";
    p.kind = BF_POST_ORIGINAL;
    p.likes = likes;
    p.replies = k;
    p.reposts = 1;
    assert_int_equal(bf_store_put_post(st, &p), BF_OK);
}

/* followers_of is account i's first follower count: two tiers. */
static int64_t followers_of(int i)
{
    return i % 10 == 0 ? 5000 : 10 + (i * 7919) % 900;
}

static int setup(void **state)
{
    int i, k;

    (void)state;
    if (!mkdtemp(dir))
        return -1;
    snprintf(stdir, sizeof stdir, "%s/st", dir);
    if (bf_store_open(stdir, &st) != BF_OK)
        return -1;
    assert_int_equal(bf_store_begin(st), BF_OK);
    for (i = 0; i < ACCOUNTS; i++)
        put_acc(st, i, followers_of(i));
    for (i = 0; i < ACCOUNTS; i += 3)
        for (k = 0; k < POSTS; k++)
            put_post(i, k, i, 3 + 5 * k + i % 7);
    assert_int_equal(bf_store_commit(st), BF_OK);
    return 0;
}

static int teardown(void **state)
{
    char cmd[700];

    (void)state;
    bf_store_close(st);
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    return system(cmd) == 0 ? 0 : -1;
}

/* The saved run, group by group, as audits read it. */
typedef struct run {
    bf_peer_rate r[6][BF_PEERS_MAX + 1];
    size_t n[6];
    uint64_t groups, peers;
} run;

static void read_run(run *out)
{
    bf_peers_info info;
    int t;

    memset(out, 0, sizeof *out);
    assert_int_equal(bf_store_peers_info(st, bf_peers_params(), &info), BF_OK);
    assert_true(info.fresh);
    out->groups = info.groups;
    out->peers = info.peers;
    for (t = 0; t < 6; t++)
        assert_int_equal(bf_store_peers_read(st, bf_peers_params(), "sim", t,
                                             out->r[t], BF_PEERS_MAX + 1,
                                             &out->n[t]),
                         BF_OK);
}

/*
 * refreshed refreshes as a writing command does, checks whether the run
 * was carried, then that a forced sample saves the same run.
 */
#define refreshed(c) refreshed_at(c, __LINE__)

static void refreshed_at(int carried, int line)
{
    static run a, b;
    bf_peers_result res;
    size_t i;
    int t;

    assert_int_equal(bf_peers_refresh(st, 0, &res), BF_OK);
    if (res.carried != carried)
        printf("after line %d: carried %d\n", line, res.carried);
    assert_int_equal(res.carried, carried);
    assert_true(res.carried || res.saved);
    read_run(&a);
    assert_int_equal(bf_peers_refresh(st, 1, &res), BF_OK);
    assert_true(res.saved);
    read_run(&b);
    assert_int_equal(a.groups, b.groups);
    assert_int_equal(a.peers, b.peers);
    for (t = 0; t < 6; t++) {
        assert_int_equal(a.n[t], b.n[t]);
        for (i = 0; i < a.n[t]; i++) {
            assert_int_equal(a.r[t][i].account, b.r[t][i].account);
            assert_memory_equal(&a.r[t][i].rate, &b.r[t][i].rate,
                                sizeof a.r[t][i].rate);
        }
    }
}

/* peer is a peer of the saved run's tier-0 group on the grid (an even
 * dense id) that posts: the n-th such, from the back. */
static int peer(int nth)
{
    bf_peer_rate r[BF_PEERS_MAX + 1];
    size_t n = 0, i;

    assert_int_equal(bf_store_peers_read(st, bf_peers_params(), "sim", 0, r,
                                         BF_PEERS_MAX + 1, &n),
                     BF_OK);
    for (i = n; i-- > 0;)
        if (r[i].account % 2 == 0 && r[i].account % 3 == 0 && nth-- == 0)
            return (int)r[i].account;
    fail();
    return -1;
}

static void a_run_is_carried_only_when_the_sample_is_the_same(void **state)
{
    bf_store *other = NULL;
    bf_peers_result res;
    bf_follow f;
    int p;

    (void)state;
    refreshed(0); /* the first run */
    /* Fresh: nothing to do. */
    assert_int_equal(bf_peers_refresh(st, 0, &res), BF_OK);
    assert_true(res.was_fresh);
    assert_false(res.carried || res.saved);

    /* A profile and a post of accounts off the grid (odd ids). */
    assert_int_equal(bf_store_begin(st), BF_OK);
    put_acc(st, 3, 777);
    put_post(9, POSTS, 9, 40);
    assert_int_equal(bf_store_commit(st), BF_OK);
    refreshed(1);

    /* Two batches off the grid, then follows alone. */
    assert_int_equal(bf_store_begin(st), BF_OK);
    put_post(15, 0, 15, 99);
    assert_int_equal(bf_store_commit(st), BF_OK);
    assert_int_equal(bf_store_begin(st), BF_OK);
    put_acc(st, 21, 5000);
    assert_int_equal(bf_store_commit(st), BF_OK);
    assert_int_equal(bf_store_begin(st), BF_OK);
    memset(&f, 0, sizeof f);
    f.platform = "sim";
    f.follower = "a4";
    f.followee = "a6";
    f.observed_at = NOW;
    f.position = -1;
    assert_int_equal(bf_store_put_follow(st, &f), BF_OK);
    assert_int_equal(bf_store_commit(st), BF_OK);
    refreshed(1);

    /* A peer's profile: its rate moves. */
    p = peer(0);
    assert_int_equal(bf_store_begin(st), BF_OK);
    put_acc(st, p, followers_of(p) + 1);
    assert_int_equal(bf_store_commit(st), BF_OK);
    refreshed(0);

    /* A peer's new post. */
    p = peer(0);
    assert_int_equal(bf_store_begin(st), BF_OK);
    put_post(p, POSTS, p, 1000);
    assert_int_equal(bf_store_commit(st), BF_OK);
    refreshed(0);

    /* A peer's post stored again under an account off the grid: the
     * peer loses it, though only the other account is named. */
    p = peer(1);
    assert_int_equal(bf_store_begin(st), BF_OK);
    put_post(p, 0, 1, 3);
    assert_int_equal(bf_store_commit(st), BF_OK);
    refreshed(0);

    /* A new account at the grid's end (dense id 41,000) with followers
     * no one else has: a group of its own. */
    assert_int_equal(bf_store_begin(st), BF_OK);
    put_acc(st, ACCOUNTS, 2000000);
    assert_int_equal(bf_store_commit(st), BF_OK);
    refreshed(0);

    /* Off the grid's end (41,001), then on it (41,002) without known
     * followers, as a follow list's account: passed over. */
    assert_int_equal(bf_store_begin(st), BF_OK);
    put_acc(st, ACCOUNTS + 1, 2000000);
    put_acc(st, ACCOUNTS + 2, -1);
    assert_int_equal(bf_store_commit(st), BF_OK);
    refreshed(1);

    /* Another connection's batch, off the grid: this handle cannot know
     * what it changed. */
    assert_int_equal(bf_store_open(stdir, &other), BF_OK);
    assert_int_equal(bf_store_begin(other), BF_OK);
    put_acc(other, 5, 12);
    assert_int_equal(bf_store_commit(other), BF_OK);
    bf_store_close(other);
    assert_int_equal(bf_store_begin(st), BF_OK);
    put_acc(st, 7, 13);
    assert_int_equal(bf_store_commit(st), BF_OK);
    refreshed(0);

    /* And this handle's own again. */
    assert_int_equal(bf_store_begin(st), BF_OK);
    put_acc(st, 11, 14);
    assert_int_equal(bf_store_commit(st), BF_OK);
    refreshed(1);

    /* This handle's batch, then another's that changes a peer, before
     * this one refreshes. */
    p = peer(0);
    assert_int_equal(bf_store_begin(st), BF_OK);
    put_acc(st, 17, 16);
    assert_int_equal(bf_store_commit(st), BF_OK);
    assert_int_equal(bf_store_open(stdir, &other), BF_OK);
    assert_int_equal(bf_store_begin(other), BF_OK);
    put_acc(other, p, 2);
    assert_int_equal(bf_store_commit(other), BF_OK);
    bf_store_close(other);
    refreshed(0);

    /* A rolled-back batch changes nothing. */
    p = peer(0);
    assert_int_equal(bf_store_begin(st), BF_OK);
    put_acc(st, p, 1);
    bf_store_rollback(st);
    assert_int_equal(bf_store_begin(st), BF_OK);
    put_acc(st, 13, 15);
    assert_int_equal(bf_store_commit(st), BF_OK);
    refreshed(1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(a_run_is_carried_only_when_the_sample_is_the_same),
    };

    return cmocka_run_group_tests(tests, setup, teardown);
}
