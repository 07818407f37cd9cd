/*
 * test_ingest.c - format detection, edge lists and Twitter user CSV.
 *
 * Readers are run on small files written to a temporary directory and on
 * the real samples in ../shared/data when they are there, into a sink that
 * keeps what it is given.
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
#include <zlib.h>

#include "ingest/ingest.h"
#include "test_util.h"

/* A sink that counts records and remembers a few fields of the last. */
typedef struct keep {
    int accounts, posts, follows;
    char last_follower[64], last_followee[64];
    char last_id[64], last_handle[64], last_bio[256];
    int64_t last_followers, last_created, last_observed;
    int last_default_profile;
    unsigned last_unknown;
    int64_t last_likes;
} keep;

static bf_err on_account(void *ctx, const bf_account *a)
{
    keep *k = ctx;

    k->accounts++;
    snprintf(k->last_id, sizeof k->last_id, "%s", a->native_id);
    snprintf(k->last_handle, sizeof k->last_handle, "%s",
             a->handle ? a->handle : "");
    snprintf(k->last_bio, sizeof k->last_bio, "%s", a->bio ? a->bio : "");
    k->last_followers = a->followers;
    k->last_created = a->created_at;
    k->last_observed = a->observed_at;
    k->last_default_profile = a->default_profile;
    k->last_unknown = a->unknown;
    k->last_likes = a->likes;
    return BF_OK;
}

static bf_err on_follow(void *ctx, const bf_follow *f)
{
    keep *k = ctx;

    k->follows++;
    snprintf(k->last_follower, sizeof k->last_follower, "%s", f->follower);
    snprintf(k->last_followee, sizeof k->last_followee, "%s", f->followee);
    return BF_OK;
}

static bf_sink sink_of(keep *k)
{
    bf_sink s = { k, on_account, NULL, on_follow, NULL };

    memset(k, 0, sizeof *k);
    return s;
}

static char *temp_file(const char *text)
{
    static char path[64];
    int fd;

    snprintf(path, sizeof path, "/tmp/bf-ingest-XXXXXX");
    fd = mkstemp(path);
    assert_true(fd >= 0);
    close(fd);
    bft_write_text(path, text);
    return path;
}

static bf_err run(const char *text, bf_format fmt, int undirected, keep *k,
                  bf_diags *d)
{
    bf_ingest_opts o;
    bf_sink s = sink_of(k);
    char *path = temp_file(text);
    bf_err err;

    bf_ingest_opts_init(&o);
    o.format = fmt;
    o.undirected = undirected;
    bf_diags_init(d);
    err = bf_ingest_path(path, &o, &s, d);
    unlink(path);
    return err;
}

static void detects_formats(void **state)
{
    static const char csv[] =
            "\"id\",\"name\",\"screen_name\"\n\"1\",\"a\",\"b\"\n";
    static const char mit[] =
            "MIT License\n\nCopyright (c) 2021 Someone\n\nPermission is "
            "hereby granted, free of charge, to any person obtaining a copy\n"
            "of this software and associated documentation files (the "
            "\"Software\"), to deal\nin the Software without restriction, "
            "including without limitation the rights\n";
    static const char stray[] =
            "0 1\n1 2\nthis line is not a pair at all\n2 0\n";

    (void)state;
    assert_int_equal(bf_format_detect("{\"id\":1}", 8, "x"), BF_FMT_TWITTER_V1);
    assert_int_equal(bf_format_detect("  [{}]", 6, "x"), BF_FMT_TWITTER_V1);
    assert_int_equal(bf_format_detect(csv, sizeof csv - 1, "u.csv"),
                     BF_FMT_TWITTER_CSV);
    assert_int_equal(bf_format_detect("#c\n0 1\n", 7, "e"), BF_FMT_EDGES);
    assert_int_equal(bf_format_detect("follower,followee\n1,2\n", 22, "e"),
                     BF_FMT_EDGES);
    assert_int_equal(bf_format_detect("# only\n", 7, "e"), BF_FMT_AUTO);
    /* A licence's title has two words; its lines are prose. */
    assert_int_equal(bf_format_detect(mit, sizeof mit - 1, "LICENSE"),
                     BF_FMT_AUTO);
    /* One stray line among pairs is one reject, not a refused file. */
    assert_int_equal(bf_format_detect(stray, sizeof stray - 1, "e"),
                     BF_FMT_EDGES);
}

static void edges_rejects_bad_line_keeps_rest(void **state)
{
    keep k;
    bf_diags d;

    (void)state;
    assert_int_equal(run("#sdsad\n0 1\n1\t2\nfoo\n\n2 3 17\n3 4 5 6\n",
                         BF_FMT_AUTO, 0, &k, &d),
                     BF_OK);
    assert_int_equal(k.follows, 3);
    assert_string_equal(k.last_follower, "2");
    assert_string_equal(k.last_followee, "3");
    assert_int_equal(d.rejected, 2);
    assert_int_equal(d.recs[0].line, 4);
    assert_int_equal(d.recs[0].offset, 15);
    assert_int_equal(d.recs[0].id, BF_D_EDGE_FIELDS);
    assert_int_equal(d.recs[1].line, 7);
    bf_diags_release(&d);
}

/*
 * An id may hold any byte above ' ' but DEL, UTF-8 included, wherever it
 * falls in the 8-byte steps of the check: the control byte, the space and
 * DEL sit past the first eight bytes of their ids; bytes that are not
 * UTF-8 are refused in the steps and past them.
 */
static void edges_ids_are_printable(void **state)
{
    keep k;
    bf_diags d;

    (void)state;
    assert_int_equal(run("follower,followee\n"
                         "\"abcdefgh\x01ijklmnopq\",c\n"
                         "\"abcdefghi jklmnopq\",c\n"
                         "\"abcdefghij\x7fklmnop\",c\n"
                         "abcdefghijklmno\x7f,c\n"
                         "\"abcd\xc3\xa9"
                         "fghijklmnop\xe2\x82\xac\",c\n"
                         "\xe2\x82\xac\xc3\xa9\xc3\xa9\xc3\xa9,zyxwvutsrqponm\n"
                         /* Not UTF-8: in the 8-byte steps, then past them. */
                         "\xc3(abcdefg,c\n"
                         "abcdefgh\xffij,c\n",
                         BF_FMT_EDGES, 0, &k, &d),
                     BF_OK);
    assert_int_equal(k.follows, 2);
    assert_string_equal(k.last_follower,
                        "\xe2\x82\xac\xc3\xa9\xc3\xa9\xc3\xa9");
    assert_string_equal(k.last_followee, "zyxwvutsrqponm");
    assert_int_equal(d.rejected, 6);
    assert_int_equal(d.recs[4].id, BF_D_BAD_ID);
    assert_int_equal(d.recs[5].line, 9);
    assert_int_equal(d.recs[0].id, BF_D_BAD_ID);
    assert_int_equal(d.recs[3].line, 5);
    bf_diags_release(&d);
}

/*
 * A self-follow names the id: a SNAP line of ids and a weight has the
 * digit groups of a phone number, and quoted whole it came out as
 * "[phone]".  An id written like a phone number is still scrubbed.
 */
static void edges_self_follow_names_the_id(void **state)
{
    keep k;
    bf_diags d;

    (void)state;
    assert_int_equal(run("1 2 1\n194873 194873 1\n0612345678 0612345678\n",
                         BF_FMT_EDGES, 0, &k, &d),
                     BF_OK);
    assert_int_equal(k.follows, 3);
    assert_int_equal(d.warnings, 2);
    assert_int_equal(d.recs[0].id, BF_D_SELF_FOLLOW);
    assert_int_equal(d.recs[0].line, 2);
    assert_string_equal(d.recs[0].message, "account follows itself: 194873");
    assert_string_equal(d.recs[1].message, "account follows itself: [phone]");
    bf_diags_release(&d);
}

static void edges_csv_header_in_any_order(void **state)
{
    keep k;
    bf_diags d;

    (void)state;
    assert_int_equal(run("followee,follower\n\"10\",\"20\"\n30,40\n",
                         BF_FMT_EDGES, 0, &k, &d),
                     BF_OK);
    assert_int_equal(k.follows, 2);
    assert_string_equal(k.last_follower, "40");
    assert_string_equal(k.last_followee, "30");
    assert_int_equal(d.rejected, 0);
    bf_diags_release(&d);
}

static void edges_undirected_doubles(void **state)
{
    keep k;
    bf_diags d;

    (void)state;
    assert_int_equal(run("1 2\n3 3\n", BF_FMT_EDGES, 1, &k, &d), BF_OK);
    /* The self-loop is sent once, with a warning. */
    assert_int_equal(k.follows, 3);
    assert_int_equal(d.warnings, 1);
    assert_int_equal(d.rejected, 0);
    bf_diags_release(&d);
}

/* What an edge list's reader told the store to expect, and how often. */
typedef struct told {
    int calls;
    uint64_t follows;
} told;

static void on_expect(void *ctx, uint64_t follows)
{
    told *t = ctx;

    t->calls++;
    t->follows = follows;
}

/* expect_of reads the edge list at path and gives what it announced. */
static told expect_of(const char *path)
{
    bf_ingest_opts o;
    bf_sink_more more;
    keep k;
    bf_sink s = sink_of(&k);
    bf_diags d;
    told t = { 0, 0 };

    bf_ingest_opts_init(&o);
    o.format = BF_FMT_EDGES;
    memset(&more, 0, sizeof more);
    more.ctx = &t;
    more.expect = on_expect;
    o.more = &more;
    bf_diags_init(&d);
    assert_int_equal(bf_ingest_path(path, &o, &s, &d), BF_OK);
    assert_int_equal(d.rejected, 0);
    bf_diags_release(&d);
    return t;
}

/*
 * An edge list tells the store how many follows it holds, from the bytes
 * its first 4,096 took and the file's size (compressed or not), so that a
 * large load is known as one at its start (store.h,
 * bf_store_expect_follows); a short one says nothing.
 */
static void edges_announce_their_size(void **state)
{
    char path[64], gz[80];
    const int n = 100000;
    FILE *fp;
    gzFile z;
    told t;
    int fd, i;

    (void)state;
    snprintf(path, sizeof path, "/tmp/bf-ingest-XXXXXX");
    fd = mkstemp(path);
    assert_true(fd >= 0);
    fp = fdopen(fd, "w");
    assert_non_null(fp);
    snprintf(gz, sizeof gz, "%s.gz", path);
    z = gzopen(gz, "wb");
    assert_non_null(z);
    fputs("follower,followee\n", fp);
    gzputs(z, "follower,followee\n");
    for (i = 0; i < n; i++) {
        /* Ids of varied lengths, as real ones are, in a fixed mix. */
        unsigned a = (unsigned)i * 2654435761u, b = a ^ 0x5bd1e995u;

        fprintf(fp, "%u,%u\n", a >> (i % 7), b);
        gzprintf(z, "%u,%u\n", a >> (i % 7), b);
    }
    assert_int_equal(fclose(fp), 0);
    assert_int_equal(gzclose(z), Z_OK);
    t = expect_of(path);
    assert_int_equal(t.calls, 1);
    assert_true(t.follows > n * 0.95 && t.follows < n * 1.05);
    t = expect_of(gz);
    assert_int_equal(t.calls, 1);
    assert_true(t.follows > n * 0.9 && t.follows < n * 1.1);
    unlink(gz);
    /* Under 4,096 follows: nothing worth announcing. */
    fp = fopen(path, "w");
    assert_non_null(fp);
    for (i = 0; i < 4000; i++)
        fprintf(fp, "%d %d\n", i, i + 1);
    assert_int_equal(fclose(fp), 0);
    t = expect_of(path);
    assert_int_equal(t.calls, 0);
    unlink(path);
}

static void csv_reads_quoted_multiline_rows(void **state)
{
    static const char text[] =
            "\"id\",\"screen_name\",\"followers_count\",\"created_at\","
            "\"default_profile\",\"description\",\"updated\"\n"
            "\"18446744073709551615\",\"big\",\"12\","
            "\"Fri Apr 06 10:58:22 +0000 2007\",\"1\",\"line one\n"
            "line \"\"two\"\"\",\"2015-02-14 10:54:49\"\n"
            "\"5\",\"short\"\n"
            "\"7\",\"@seven\",NULL,\"not a date\",,\"\",\n";
    keep k;
    bf_diags d;

    (void)state;
    assert_int_equal(run(text, BF_FMT_AUTO, 0, &k, &d), BF_OK);
    assert_int_equal(k.accounts, 2);
    assert_int_equal(d.rejected, 1);
    assert_int_equal(d.recs[0].line, 4);
    assert_int_equal(d.recs[0].id, BF_D_CSV_FIELDS);
    /* Last account: NULL counter unknown, empty boolean false, bad date. */
    assert_string_equal(k.last_id, "7");
    assert_string_equal(k.last_handle, "seven");
    assert_int_equal(k.last_followers, -1);
    assert_int_equal(k.last_created, 0);
    assert_int_equal(k.last_default_profile, 0);
    assert_int_equal(d.warnings, 1);
    bf_diags_release(&d);
}

static void csv_first_row_fields(void **state)
{
    static const char text[] =
            "\"id\",\"screen_name\",\"followers_count\",\"created_at\","
            "\"description\",\"updated\"\n"
            "\"18446744073709551615\",\"big\",\"12\","
            "\"Fri Apr 06 10:58:22 +0000 2007\",\"line one\n"
            "line \"\"two\"\"\",\"2015-02-14 10:54:49\"\n";
    keep k;
    bf_diags d;

    (void)state;
    assert_int_equal(run(text, BF_FMT_TWITTER_CSV, 0, &k, &d), BF_OK);
    assert_int_equal(k.accounts, 1);
    assert_string_equal(k.last_id, "18446744073709551615");
    assert_string_equal(k.last_bio, "line one\nline \"two\"");
    assert_int_equal(k.last_followers, 12);
    assert_int_equal(k.last_created, 1175857102);
    assert_int_equal(k.last_observed, 1423911289);
    bf_diags_release(&d);
}

static void csv_unterminated_quote(void **state)
{
    keep k;
    bf_diags d;

    (void)state;
    assert_int_equal(run("\"id\",\"screen_name\"\n\"1\",\"a\"\n\"2\",\"b\n",
                         BF_FMT_TWITTER_CSV, 0, &k, &d),
                     BF_OK);
    assert_int_equal(k.accounts, 1);
    assert_int_equal(d.rejected, 1);
    assert_int_equal(d.recs[0].id, BF_D_CSV_QUOTE);
    assert_int_equal(d.recs[0].line, 3);
    bf_diags_release(&d);
}

/*
 * The social honeypot layout: counts and dates only.  The fields it does
 * not have are unknown, never empty or zero; a bad line is reported and
 * the next one read.
 */
static void caverlee_counts_dates_and_unknowns(void **state)
{
    static const char text[] =
            "6301\t2006-09-18 01:07:50\t2010-01-17 20:38:25\t3269\t3071"
            "\t861\t8\t132\n"
            "77\t2006-09-18 01:07:50\t2010-01-17 20:38:25\t1\t2\t3\t4\n"
            "78\tyesterday\t2010-01-17 20:38:25\t1\tx\t3\t4\t5\n"
            "10836\t2006-10-27 14:38:04\t2010-06-18 03:35:34\t1949\t793"
            "\t226\t9\t0\n";
    keep k;
    bf_diags d;

    (void)state;
    assert_int_equal(bf_format_detect(text, sizeof text - 1, "x.txt"),
                     BF_FMT_CAVERLEE);
    assert_int_equal(run(text, BF_FMT_AUTO, 0, &k, &d), BF_OK);
    assert_int_equal(k.accounts, 3);
    assert_int_equal(d.rejected, 1);
    assert_int_equal(d.n, 3);
    assert_string_equal(k.last_id, "10836");
    assert_int_equal(k.last_followers, 793);
    assert_int_equal(k.last_created, 1161959884);
    assert_int_equal(k.last_observed, 1276832134);
    assert_int_equal(k.last_likes, -1);
    assert_int_equal(k.last_default_profile, -1);
    assert_string_equal(k.last_handle, "");
    assert_int_equal(k.last_unknown, BF_ACC_U_HANDLE | BF_ACC_U_NAME |
                                             BF_ACC_U_BIO | BF_ACC_U_URL |
                                             BF_ACC_U_LOCATION);
    bf_diags_release(&d);
}

/*
 * Cresci 2017's quirks: created_at in Java milliseconds, crawled_at as the
 * observation time, unquoted NULL flags unknown, a missing column unknown.
 */
static void twitter_csv_cresci2017_quirks(void **state)
{
    static const char text[] =
            "\"id\",\"screen_name\",\"created_at\",\"default_profile\","
            "\"crawled_at\",\"updated\"\n"
            "\"7248952\",\"x\",\"1183552203000L\",NULL,"
            "\"2010-11-07 11:10:52\",\"2016-03-14 17:05:53\"\n";
    keep k;
    bf_diags d;

    (void)state;
    assert_int_equal(run(text, BF_FMT_TWITTER_CSV, 0, &k, &d), BF_OK);
    assert_int_equal(k.accounts, 1);
    assert_int_equal(k.last_created, 1183552203);
    assert_int_equal(k.last_observed, 1289128252);
    assert_int_equal(k.last_default_profile, -1);
    assert_int_equal(k.last_unknown, BF_ACC_U_NAME | BF_ACC_U_BIO |
                                             BF_ACC_U_URL | BF_ACC_U_LOCATION);
    bf_diags_release(&d);
}

static const char *shared(void)
{
    const char *env = getenv("BONAFIDE_SHARED");

    return env && *env ? env : "../shared";
}

static void real_file(const char *rel, int want_accounts, int want_follows)
{
    char path[512];
    bf_ingest_opts o;
    keep k;
    bf_sink s = sink_of(&k);
    bf_diags d;

    snprintf(path, sizeof path, "%s/data/%s", shared(), rel);
    if (access(path, R_OK) != 0) {
        printf("skipped: %s is absent\n", path);
        skip();
    }
    bf_ingest_opts_init(&o);
    bf_diags_init(&d);
    assert_int_equal(bf_ingest_path(path, &o, &s, &d), BF_OK);
    assert_int_equal(d.rejected, 0);
    assert_int_equal(k.accounts, want_accounts);
    assert_int_equal(k.follows, want_follows);
    bf_diags_release(&d);
}

static void real_cresci_tables(void **state)
{
    (void)state;
    real_file("cresci2015-e13-int-users/data/users.csv", 1481, 0);
    real_file("cresci2015-e13-int-users/data/fusers.csv", 1337, 0);
}

static void real_facebook_edges(void **state)
{
    (void)state;
    real_file("snap-ego-facebook/facebook_combined.txt", 0, 88234);
}

static void real_higgs_weighted_edges(void **state)
{
    (void)state;
    real_file("snap-higgs-reply-mention/data/higgs-reply_network.edgelist", 0,
              32523);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(detects_formats),
        cmocka_unit_test(edges_rejects_bad_line_keeps_rest),
        cmocka_unit_test(edges_ids_are_printable),
        cmocka_unit_test(edges_self_follow_names_the_id),
        cmocka_unit_test(edges_csv_header_in_any_order),
        cmocka_unit_test(edges_undirected_doubles),
        cmocka_unit_test(edges_announce_their_size),
        cmocka_unit_test(csv_reads_quoted_multiline_rows),
        cmocka_unit_test(csv_first_row_fields),
        cmocka_unit_test(csv_unterminated_quote),
        cmocka_unit_test(caverlee_counts_dates_and_unknowns),
        cmocka_unit_test(twitter_csv_cresci2017_quirks),
        cmocka_unit_test(real_cresci_tables),
        cmocka_unit_test(real_facebook_edges),
        cmocka_unit_test(real_higgs_weighted_edges),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
