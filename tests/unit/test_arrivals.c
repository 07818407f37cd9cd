/*
 * test_arrivals.c - what the store keeps of account exports: follower
 * arrival dates binned by week and month, declared against listed
 * follower counts, and audience insights; and an export read end to end
 * into a store through bf_ingest_path with the writer's bf_sink_more.
 *
 * A real store in a temporary folder; dates are chosen by hand so each
 * bin's expected count can be read off the test.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "bonafide.h"
#include "ingest/ingest.h"
#include "store/store.h"

static char dir[64];

static int setup(void **state)
{
    (void)state;
    snprintf(dir, sizeof dir, "/tmp/bf-test-arrivals-XXXXXX");
    return mkdtemp(dir) ? 0 : -1;
}

static int teardown(void **state)
{
    char cmd[128];

    (void)state;
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    return system(cmd) == 0 ? 0 : -1;
}

/* 2024-01-01 00:00:00 UTC, a Monday. */
#define JAN1 1704067200

static void arrivals_by_week_and_month(void **state)
{
    char sd[96];
    bf_store *st;
    bf_store_writer w;
    bf_sink_more m;
    bf_arrival a;
    bf_insight in;
    bf_arrival_bin *bins = NULL;
    bf_insight_row *rows = NULL;
    size_t n = 0;
    uint32_t id;
    int64_t declared, listed;
    uint64_t dated;
    char name[16];
    int i;

    (void)state;
    snprintf(sd, sizeof sd, "%s/st", dir);
    assert_int_equal(bf_store_open(sd, &st), BF_OK);
    bf_store_writer_init(&w, st, 1000);
    m = bf_store_writer_more(&w);
    /* Three arrivals in the first week of January, one in the second,
     * two on February 1st; one follower again (a later date wins). */
    for (i = 0; i < 7; i++) {
        static const int64_t at[] = { JAN1,
                                      JAN1 + 86400,
                                      JAN1 + 6 * 86400 + 86399,
                                      JAN1 + 7 * 86400,
                                      JAN1 + 31 * 86400,
                                      JAN1 + 31 * 86400 + 5,
                                      JAN1 + 31 * 86400 + 9 };
        snprintf(name, sizeof name, "f%d", i == 6 ? 5 : i);
        a.platform = "instagram";
        a.follower = name;
        a.followee = "shop";
        a.followed_at = at[i];
        assert_int_equal(m.arrival(m.ctx, &a), BF_OK);
    }
    in.platform = "instagram";
    in.account = "shop";
    in.observed_at = JAN1 + 60 * 86400;
    in.kind = "followers_declared";
    in.key = "";
    in.value = 196;
    assert_int_equal(m.insight(m.ctx, &in), BF_OK);
    in.kind = "followers_listed";
    in.value = 6;
    assert_int_equal(m.insight(m.ctx, &in), BF_OK);
    in.kind = "city";
    in.key = "Lyon";
    in.value = 30.6;
    assert_int_equal(m.insight(m.ctx, &in), BF_OK);
    in.key = "Paris";
    in.value = 41.5;
    assert_int_equal(m.insight(m.ctx, &in), BF_OK);
    /* An older set of insights is not the latest. */
    in.observed_at = JAN1;
    in.key = "Nice";
    in.value = 99;
    assert_int_equal(m.insight(m.ctx, &in), BF_OK);
    assert_int_equal(bf_store_writer_finish(&w), BF_OK);

    assert_int_equal(bf_store_resolve(st, "instagram:#shop", &id), BF_OK);
    assert_int_equal(bf_store_arrivals(st, id, BF_ARRIVALS_WEEK, &bins, &n),
                     BF_OK);
    assert_int_equal(n, 3);
    assert_int_equal(bins[0].start, JAN1);
    assert_int_equal(bins[0].count, 3);
    assert_int_equal(bins[1].start, JAN1 + 7 * 86400);
    assert_int_equal(bins[1].count, 1);
    /* 2024-02-01 is a Thursday: its week began on Monday January 29. */
    assert_int_equal(bins[2].start, JAN1 + 28 * 86400);
    assert_int_equal(bins[2].count, 2);
    /* Each bin knows its newest arrival, to the second. */
    assert_int_equal(bins[0].last, JAN1 + 6 * 86400 + 86399);
    assert_int_equal(bins[1].last, JAN1 + 7 * 86400);
    assert_int_equal(bins[2].last, JAN1 + 31 * 86400 + 9);
    free(bins);
    assert_int_equal(bf_store_arrivals(st, id, BF_ARRIVALS_MONTH, &bins, &n),
                     BF_OK);
    assert_int_equal(n, 2);
    assert_int_equal(bins[0].start, JAN1);
    assert_int_equal(bins[0].count, 4);
    assert_int_equal(bins[1].start, JAN1 + 31 * 86400);
    assert_int_equal(bins[1].count, 2);
    assert_int_equal(bins[0].last, JAN1 + 7 * 86400);
    assert_int_equal(bins[1].last, JAN1 + 31 * 86400 + 9);
    free(bins);

    assert_int_equal(
            bf_store_follower_coverage(st, id, &declared, &listed, &dated),
            BF_OK);
    assert_int_equal(declared, 196);
    assert_int_equal(listed, 6);
    assert_int_equal(dated, 6);

    assert_int_equal(bf_store_insights(st, id, &rows, &n), BF_OK);
    assert_int_equal(n, 4);
    assert_string_equal(rows[0].kind, "city");
    assert_string_equal(rows[0].key, "Paris");
    assert_string_equal(rows[1].key, "Lyon");
    assert_string_equal(rows[2].kind, "followers_declared");
    assert_int_equal(rows[0].observed_at, JAN1 + 60 * 86400);
    free(rows);

    /* An account with no export has none of these. */
    assert_int_equal(bf_store_resolve(st, "instagram:#f1", &id), BF_OK);
    assert_int_equal(bf_store_arrivals(st, id, BF_ARRIVALS_MONTH, &bins, &n),
                     BF_OK);
    assert_int_equal(n, 0);
    assert_null(bins);
    assert_int_equal(
            bf_store_follower_coverage(st, id, &declared, &listed, &dated),
            BF_OK);
    assert_int_equal(listed, -1);
    assert_int_equal(dated, 0);
    bf_store_close(st);
}

/* An Instagram export folder read into a store: arrivals and insights
 * arrive with the follows. */
static void export_into_store(void **state)
{
    char ex[128], p[256], sd[96];
    bf_store *st;
    bf_store_writer w;
    bf_sink sink;
    bf_sink_more more;
    bf_ingest_opts o;
    bf_diags d;
    bf_arrival_bin *bins = NULL;
    size_t n = 0;
    uint32_t id;
    int64_t declared, listed;
    uint64_t dated;
    FILE *f;

    (void)state;
    snprintf(ex, sizeof ex, "%s/shop_20260506", dir);
    snprintf(p, sizeof p, "%s/connections", ex);
    assert_int_equal(mkdir(ex, 0700), 0);
    assert_int_equal(mkdir(p, 0700), 0);
    snprintf(p, sizeof p, "%s/connections/followers_and_following", ex);
    assert_int_equal(mkdir(p, 0700), 0);
    snprintf(p, sizeof p,
             "%s/connections/followers_and_following/followers_1.json", ex);
    f = fopen(p, "w");
    assert_non_null(f);
    fprintf(f,
            "[{\"title\":\"\",\"string_list_data\":[{\"href\":"
            "\"https://www.instagram.com/a\",\"value\":\"a\","
            "\"timestamp\":%d}]},{\"title\":\"b\",\"string_list_data\":"
            "[{\"href\":\"https://www.instagram.com/_u/b\","
            "\"timestamp\":%d}]}]",
            JAN1, JAN1 + 40 * 86400);
    fclose(f);
    snprintf(p, sizeof p, "%s/audience_insights.json", ex);
    f = fopen(p, "w");
    assert_non_null(f);
    fputs("{\"organic_insights_audience\":[{\"string_map_data\":{"
          "\"Followers\":{\"value\":\"1,200\"}}}]}",
          f);
    fclose(f);

    snprintf(sd, sizeof sd, "%s/st2", dir);
    assert_int_equal(bf_store_open(sd, &st), BF_OK);
    bf_store_writer_init(&w, st, 1000);
    sink = bf_store_writer_sink(&w);
    more = bf_store_writer_more(&w);
    bf_ingest_opts_init(&o);
    o.more = &more;
    bf_diags_init(&d);
    assert_int_equal(bf_ingest_path(ex, &o, &sink, &d), BF_OK);
    assert_int_equal(d.rejected, 0);
    assert_int_equal(bf_store_writer_finish(&w), BF_OK);
    /* The owner is the folder's name without its date. */
    assert_int_equal(bf_store_resolve(st, "instagram:shop", &id), BF_OK);
    assert_int_equal(bf_store_arrivals(st, id, BF_ARRIVALS_MONTH, &bins, &n),
                     BF_OK);
    assert_int_equal(n, 2);
    assert_int_equal(bins[0].count, 1);
    assert_int_equal(bins[1].count, 1);
    free(bins);
    assert_int_equal(
            bf_store_follower_coverage(st, id, &declared, &listed, &dated),
            BF_OK);
    assert_int_equal(declared, 1200);
    assert_int_equal(listed, 2);
    assert_int_equal(dated, 2);
    bf_diags_release(&d);
    bf_store_close(st);

    /* Without its insights the export declares nothing: the account's
     * count is the list's, and no declared figure is made of it. */
    snprintf(p, sizeof p, "%s/audience_insights.json", ex);
    assert_int_equal(unlink(p), 0);
    snprintf(sd, sizeof sd, "%s/st3", dir);
    assert_int_equal(bf_store_open(sd, &st), BF_OK);
    bf_store_writer_init(&w, st, 1000);
    sink = bf_store_writer_sink(&w);
    more = bf_store_writer_more(&w);
    o.more = &more;
    bf_diags_init(&d);
    assert_int_equal(bf_ingest_path(ex, &o, &sink, &d), BF_OK);
    assert_int_equal(bf_store_writer_finish(&w), BF_OK);
    assert_int_equal(bf_store_resolve(st, "instagram:shop", &id), BF_OK);
    assert_int_equal(
            bf_store_follower_coverage(st, id, &declared, &listed, &dated),
            BF_OK);
    assert_int_equal(declared, -1);
    assert_int_equal(listed, 2);
    assert_int_equal(dated, 2);
    bf_diags_release(&d);
    bf_store_close(st);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(arrivals_by_week_and_month, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(export_into_store, setup, teardown),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
