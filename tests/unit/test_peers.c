/*
 * test_peers.c - the engagement peers kept in the store give every audit
 * the median the live sample gives, and are never used once stale.
 *
 * A simulated world is ingested into a store in a temporary directory,
 * through the store writer alone, so no run is saved yet: that store is
 * what an older binary left.  Then: the stored figures are absent and an
 * audit samples live; a refresh saves a run, after which, for every
 * account of the store examined (one in seven, and every fifth peer of
 * the largest group), the median and the peer count read from the run
 * are those of the live sample, bit for bit, including accounts that are
 * peers themselves (their group is the saved one without them, which
 * brings in the spare peer); a batch makes the run stale and no reader
 * uses it or writes a new one; a save computed at an older generation is
 * refused; other sampling parameters never match; an older schema
 * without the tables is migrated and audits as before.
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
#include <sqlite3.h>

#include "ingest/ingest.h"
#include "report/peers.h"
#include "report/report.h"
#include "sim/sim.h"
#include "store/peers.h"

/* The world's "today", and the store's. */
#define NOW 1767225600 /* 2026-01-01 */

static char dir[] = "/tmp/bf-test-peers-XXXXXX";
static char stdir[600];
static bf_store *st;

static void ingest(const char *file)
{
    char path[700];
    bf_ingest_opts o;
    bf_store_writer w;
    bf_diags d;
    bf_sink s;

    snprintf(path, sizeof path, "%s/w/%s", dir, file);
    bf_ingest_opts_init(&o);
    o.platform = "sim";
    o.observed_at = NOW;
    bf_store_writer_init(&w, st, 5000);
    s = bf_store_writer_sink(&w);
    bf_diags_init(&d);
    assert_int_equal(bf_ingest_path(path, &o, &s, &d), BF_OK);
    assert_int_equal(bf_store_writer_finish(&w), BF_OK);
    bf_diags_release(&d);
}

static int setup(void **state)
{
    char sd[700];
    bf_sim_opts o;

    (void)state;
    if (!mkdtemp(dir))
        return -1;
    snprintf(sd, sizeof sd, "%s/w", dir);
    bf_sim_opts_init(&o);
    o.accounts = 2500;
    o.seed = 3;
    o.now = NOW;
    o.follows_per_account = 10;
    if (bf_sim_generate(&o, sd, NULL) != BF_OK)
        return -1;
    snprintf(stdir, sizeof stdir, "%s/st", dir);
    if (bf_store_open(stdir, &st) != BF_OK)
        return -1;
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

/* info is the saved run as the current parameters see it. */
static bf_peers_info info(void)
{
    bf_peers_info i;

    assert_int_equal(bf_store_peers_info(st, bf_peers_params(), &i), BF_OK);
    return i;
}

/*
 * same_as_live: account id's group read through src gives exactly the
 * live sample's median and count; returns whether the run was used.
 */
static int same_as_live(uint32_t id, bf_peers_source src, double *out_median)
{
    bf_account_row row;
    double m_live = 0, m = 0;
    uint32_t n_live = 0, n = 0;
    int tier, stored = 0;

    memset(&row, 0, sizeof row);
    assert_int_equal(bf_store_account(st, id, &row), BF_OK);
    tier = bf_peers_tier(row.a.followers);
    assert_int_equal(bf_peers_median(st, id, row.a.platform, tier,
                                     BF_PEERS_LIVE, &m_live, &n_live, NULL),
                     BF_OK);
    assert_int_equal(
            bf_peers_median(st, id, row.a.platform, tier, src, &m, &n, &stored),
            BF_OK);
    if (memcmp(&m, &m_live, sizeof m) != 0 || n != n_live) {
        printf("account %u (tier %d): %.17g over %u, live %.17g over %u\n", id,
               tier, m, n, m_live, n_live);
        fail();
    }
    bf_account_row_release(&row);
    if (out_median)
        *out_median = m;
    return stored;
}

/* The world is in, as an older binary would have left it: no run. */
static void absent_run_samples_live(void **state)
{
    bf_peer_rate r[4];
    size_t n = 9;
    bf_peers_info i;
    uint64_t gen = 0;

    (void)state;
    ingest("accounts.csv");
    ingest("posts.jsonl");
    ingest("follows.csv");
    /* Every batch raised the generation. */
    assert_int_equal(bf_store_generation(st, &gen), BF_OK);
    assert_true(gen >= 3);
    i = info();
    assert_false(i.saved);
    assert_false(i.fresh);
    assert_int_equal(
            bf_store_peers_read(st, bf_peers_params(), "sim", 0, r, 4, &n),
            BF_ENOTFOUND);
    assert_int_equal(n, 0);
    /* The audit's path falls back to the live sample, and writes nothing. */
    assert_int_equal(same_as_live(0, BF_PEERS_AUTO, NULL), 0);
    assert_int_equal(same_as_live(7, BF_PEERS_AUTO, NULL), 0);
    assert_false(info().saved);
}

static void refresh_saves_a_run(void **state)
{
    bf_peers_result res;
    bf_peers_info i;
    uint32_t n = 0;

    (void)state;
    assert_int_equal(bf_peers_refresh(st, 0, &res), BF_OK);
    assert_true(res.saved);
    assert_false(res.was_fresh);
    assert_int_equal(bf_store_account_count(st, &n), BF_OK);
    /* A store under BF_PEERS_SCAN accounts is read whole. */
    assert_int_equal(res.scanned, n);
    assert_true(res.groups >= 1);
    assert_true(res.peers >= BF_PEERS_MAX);
    i = info();
    assert_true(i.saved && i.fresh);
    assert_int_equal(i.generation, res.generation);
    assert_int_equal(i.peers, res.peers);
    /* Fresh: a second refresh has nothing to do. */
    assert_int_equal(bf_peers_refresh(st, 0, &res), BF_OK);
    assert_true(res.was_fresh);
    assert_false(res.saved);
}

/*
 * The accounts examined get the live figures from the run, and
 * the cases that matter occur: a group with its spare peer, peers of
 * that group audited (so the spare one comes in), a median known.
 */
static void stored_equals_live_for_every_account(void **state)
{
    bf_peer_rate r[BF_PEERS_MAX + 1];
    size_t n = 0, i;
    uint32_t count = 0, id;
    int known = 0;

    (void)state;
    assert_int_equal(bf_store_peers_read(st, bf_peers_params(), "sim", 0, r,
                                         BF_PEERS_MAX + 1, &n),
                     BF_OK);
    /* The largest tier of this world has more peers than a group. */
    assert_int_equal(n, BF_PEERS_MAX + 1);
    assert_int_equal(bf_store_account_count(st, &count), BF_OK);
    /* Spread over the store, whatever order its accounts came in: taken
     * in id order, the group was the first peers of the file, every one
     * of them in the lowest tenth of the ids. */
    {
        size_t high = 0, low = 0;

        for (i = 0; i < n; i++) {
            high += r[i].account >= count / 2;
            low += r[i].account < count / 10;
        }
        assert_true(high >= n / 4 && low <= n / 4);
    }
    /* One account in seven, every tier met (a live sample per account
     * reads the whole store: all of them would take minutes). */
    for (id = 0; id < count; id += 7) {
        double m = -1;

        assert_int_equal(same_as_live(id, BF_PEERS_STORED, &m), 1);
        known += m >= 0;
    }
    for (i = 0; i < n; i += 5)
        assert_int_equal(same_as_live(r[i].account, BF_PEERS_STORED, NULL), 1);
    assert_true(known > 0);
    /* The first and the last of the group's 200, and the spare. */
    assert_int_equal(same_as_live(r[0].account, BF_PEERS_STORED, NULL), 1);
    assert_int_equal(
            same_as_live(r[BF_PEERS_MAX - 1].account, BF_PEERS_STORED, NULL),
            1);
    assert_int_equal(
            same_as_live(r[BF_PEERS_MAX].account, BF_PEERS_STORED, NULL), 1);
    /* A group nobody is in: a fresh run that met no peer. */
    assert_int_equal(
            bf_store_peers_read(st, bf_peers_params(), "nowhere", 3, r, 4, &n),
            BF_OK);
    assert_int_equal(n, 0);
    /* Another binary's sampling is never taken for this one's. */
    assert_int_equal(bf_store_peers_read(st, "v0 other", "sim", 0, r, 4, &n),
                     BF_ENOTFOUND);
}

/* The full audit reads the same figures from the run as live. */
static void audit_reads_the_run(void **state)
{
    bf_report a, b;
    bf_audit_opts o;
    bf_peer_rate r[2];
    size_t n = 0;

    (void)state;
    assert_int_equal(
            bf_store_peers_read(st, bf_peers_params(), "sim", 0, r, 2, &n),
            BF_OK);
    memset(&o, 0, sizeof o);
    o.now = NOW;
    o.no_model = 1;
    o.verdict_only = 1;
    bf_report_init(&a);
    assert_int_equal(bf_audit_build(st, r[0].account, &o, &a), BF_OK);
    assert_true(info().fresh);
    /* The same audit with the run made stale by hand: live. */
    assert_int_equal(sqlite3_exec(bf__store_db(st),
                                  "UPDATE peer_runs SET generation ="
                                  " generation - 1",
                                  NULL, NULL, NULL),
                     SQLITE_OK);
    assert_false(info().fresh);
    bf_report_init(&b);
    assert_int_equal(bf_audit_build(st, r[0].account, &o, &b), BF_OK);
    assert_true(a.engagement.rate >= 0);
    assert_true(a.engagement.tier_peers >= BF_AUDIT_MIN_PEERS);
    assert_int_equal(a.engagement.tier_peers, b.engagement.tier_peers);
    assert_memory_equal(&a.engagement.tier_median, &b.engagement.tier_median,
                        sizeof(double));
    bf_report_release(&a);
    bf_report_release(&b);
    assert_int_equal(sqlite3_exec(bf__store_db(st),
                                  "UPDATE peer_runs SET generation ="
                                  " generation + 1",
                                  NULL, NULL, NULL),
                     SQLITE_OK);
    assert_true(info().fresh);
}

/* A batch makes the run stale: no reader uses it, none writes one. */
static void a_batch_makes_it_stale(void **state)
{
    bf_peer_rate r[BF_PEERS_MAX + 1];
    bf_account a;
    bf_peer_group g;
    size_t n = 0;
    uint64_t before = 0, after = 0;
    int saved = 1;

    (void)state;
    assert_int_equal(bf_store_peers_read(st, bf_peers_params(), "sim", 0, r,
                                         BF_PEERS_MAX + 1, &n),
                     BF_OK);
    assert_int_equal(bf_store_generation(st, &before), BF_OK);
    /* Inside a batch a save is refused: the batch owns the lock. */
    assert_int_equal(bf_store_begin(st), BF_OK);
    g.platform = "sim";
    g.tier = 0;
    g.rates = r;
    g.n = 1;
    assert_int_equal(
            bf_store_peers_save(st, before, bf_peers_params(), &g, 1, &saved),
            BF_EINVAL);
    assert_false(saved);
    /* A new account: the grid, and so the groups, may change. */
    bf_account_clear(&a);
    a.platform = "sim";
    a.native_id = "peer-test-newcomer";
    a.handle = "newcomer";
    a.followers = 10;
    a.observed_at = NOW;
    assert_int_equal(bf_store_put_account(st, &a, NULL), BF_OK);
    assert_int_equal(bf_store_commit(st), BF_OK);
    assert_int_equal(bf_store_generation(st, &after), BF_OK);
    assert_int_equal(after, before + 1);
    assert_false(info().fresh);
    assert_int_equal(bf_store_peers_read(st, bf_peers_params(), "sim", 0, r,
                                         BF_PEERS_MAX + 1, &n),
                     BF_ENOTFOUND);
    /* The audit's path samples live, and leaves the run as it was. */
    assert_int_equal(same_as_live(r[0].account, BF_PEERS_AUTO, NULL), 0);
    assert_int_equal(same_as_live(3, BF_PEERS_AUTO, NULL), 0);
    assert_false(info().fresh);
    assert_int_equal(info().generation, before);
    /* Figures computed before the batch are refused by the save. */
    g.n = 0;
    assert_int_equal(
            bf_store_peers_save(st, before, bf_peers_params(), &g, 1, &saved),
            BF_OK);
    assert_false(saved);
    assert_int_equal(info().generation, before);
    /* A refresh brings it back, and the figures agree again. */
    assert_int_equal(bf_peers_refresh(st, 0, NULL), BF_OK);
    assert_true(info().fresh);
    assert_int_equal(same_as_live(3, BF_PEERS_STORED, NULL), 1);
}

/* A store of schema v6 has none of the tables: it is migrated, no run. */
static void older_schema_audits_as_before(void **state)
{
    char path[700];
    sqlite3 *db = NULL;
    bf_peers_info i;
    uint64_t gen = 9;

    (void)state;
    bf_store_close(st);
    st = NULL;
    snprintf(path, sizeof path, "%s/bonafide.sqlite", stdir);
    assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
    assert_int_equal(sqlite3_exec(db,
                                  "DROP TABLE peer_rates; DROP TABLE peer_runs;"
                                  " DROP TABLE generation;"
                                  " PRAGMA user_version = 6",
                                  NULL, NULL, NULL),
                     SQLITE_OK);
    sqlite3_close(db);
    assert_int_equal(bf_store_open_existing(stdir, &st), BF_OK);
    assert_int_equal(bf_store_generation(st, &gen), BF_OK);
    assert_int_equal(gen, 0);
    i = info();
    assert_false(i.saved);
    assert_int_equal(same_as_live(5, BF_PEERS_AUTO, NULL), 0);
    assert_false(info().saved);
    /* The writer's refresh makes it whole again. */
    assert_int_equal(bf_peers_refresh(st, 0, NULL), BF_OK);
    assert_true(info().fresh);
    assert_int_equal(same_as_live(5, BF_PEERS_AUTO, NULL), 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(absent_run_samples_live),
        cmocka_unit_test(refresh_saves_a_run),
        cmocka_unit_test(stored_equals_live_for_every_account),
        cmocka_unit_test(audit_reads_the_run),
        cmocka_unit_test(a_batch_makes_it_stale),
        cmocka_unit_test(older_schema_audits_as_before),
    };

    return cmocka_run_group_tests_name("peers", tests, setup, teardown);
}
