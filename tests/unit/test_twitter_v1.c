/*
 * test_twitter_v1.c - the Twitter API v1.1 JSON-lines reader.
 *
 * A small file is written line by line into a temp directory, with the
 * byte offset of each line noted as it is written, then read through
 * bf_read_twitter_v1 into a sink that keeps copies of every record.  The
 * lines cover an original tweet, a retweet, a quote, a reply, a search
 * response, an array, streaming control messages, and lines that must be
 * rejected; each test checks records and diagnostics down to line and
 * offset.  The twarc sample in ../shared/data is read when present; its
 * counts were verified independently with python3's json module.
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
#include "store/store.h"

#include "test_util.h"

/* The handmade file: each line, with a note of what it exercises. */
static const char *const lines[] = {
    /* 1: an original tweet; its id is above 2^53 (the double would be
     * ...792 -> 1234567890123456768). */
    "{\"created_at\":\"Wed Apr 11 01:27:54 +0000 2018\","
    "\"id\":1234567890123456789,\"id_str\":\"1234567890123456789\","
    "\"text\":\"Hello #a #b @c https://t.co/x\",\"source\":\"<a "
    "href=\\\"http://twitter.com/download/iphone\\\" "
    "rel=\\\"nofollow\\\">Twitter for iPhone</a>\","
    "\"in_reply_to_status_id_str\":null,\"favorite_count\":5,"
    "\"retweet_count\":2,\"entities\":{\"hashtags\":[{},{}],"
    "\"user_mentions\":[{}],\"urls\":[{}]},\"user\":{"
    "\"id\":9007199254740993,\"id_str\":\"9007199254740993\","
    "\"screen_name\":\"alice\",\"name\":\"Alice \\u00c9\","
    "\"created_at\":\"Fri Apr 06 10:58:22 +0000 2007\","
    "\"followers_count\":100,\"friends_count\":50,\"statuses_count\":7,"
    "\"favourites_count\":3,\"listed_count\":1,\"verified\":false,"
    "\"protected\":false,\"default_profile_image\":true,"
    "\"default_profile\":false,\"description\":\"bio\","
    "\"url\":\"https://t.co/u\",\"entities\":{\"url\":{\"urls\":[{"
    "\"expanded_url\":\"https://alice.example\"}]}},\"lang\":\"en\"}}",
    /* 2: blank */
    "",
    /* 3: a retweet of tweet 100 by user 10 */
    "{\"id_str\":\"200\",\"text\":\"RT @bob: hi\",\"source\":\"web\","
    "\"user\":{\"id_str\":\"20\",\"screen_name\":\"carol\"},"
    "\"retweeted_status\":{\"id_str\":\"100\",\"text\":\"hi\","
    "\"favorite_count\":9,\"user\":{\"id_str\":\"10\","
    "\"screen_name\":\"bob\"}}}",
    /* 4: truncated JSON */
    "{\"id_str\":\"300\",\"user\":",
    /* 5: a quote of tweet 150 */
    "{\"id_str\":\"400\",\"text\":\"look\",\"is_quote_status\":true,"
    "\"quoted_status_id_str\":\"150\",\"user\":{\"id_str\":\"40\"},"
    "\"quoted_status\":{\"id_str\":\"150\",\"text\":\"q\","
    "\"user\":{\"id_str\":\"15\"}}}",
    /* 6: a reply with extended text and a bad date; counts given */
    "{\"id_str\":\"500\",\"created_at\":\"yesterday\",\"text\":\"short\","
    "\"in_reply_to_status_id_str\":\"400\",\"reply_count\":1,"
    "\"quote_count\":0,\"extended_tweet\":{\"full_text\":\"the long text\","
    "\"entities\":{\"hashtags\":[{}],\"user_mentions\":[],\"urls\":[]}},"
    "\"user\":{\"id_str\":\"50\"}}",
    /* 7: only numeric ids, 2^53 + 1 (a double would make it ...992) */
    "{\"id\":9007199254740993,\"text\":\"n\",\"user\":{\"id\":42}}",
    /* 8: JSON, not a tweet */
    "{\"foo\":1}",
    /* 9: a search response with two tweets */
    "{\"statuses\":[{\"id_str\":\"901\",\"user\":{\"id_str\":\"1\"}},"
    "{\"id_str\":\"902\",\"user\":{\"id_str\":\"2\"}}],"
    "\"search_metadata\":{}}",
    /* 10: an array with a tweet and a number */
    "[{\"id_str\":\"903\",\"user\":{\"id_str\":\"3\"}},5]",
    /* 11: streaming control message */
    "{\"delete\":{\"status\":{\"id\":1,\"id_str\":\"1\"}}}",
    /* 12: no user */
    "{\"id_str\":\"700\",\"text\":\"x\"}",
    /* 13: a bad id and a bad count */
    "{\"id_str\":\"12ab\",\"user\":{\"id_str\":\"1\"}}",
    /* 14: invalid UTF-8: repaired (U+FFFD) and kept, with a warning */
    "{\"id_str\":\"800\",\"text\":\"\xff\",\"user\":{\"id_str\":\"1\"}}",
    /* 15: a count that is not a number: kept with a warning */
    "{\"id_str\":\"801\",\"retweet_count\":\"many\","
    "\"user\":{\"id_str\":\"1\"}}",
};

#define NLINES (sizeof lines / sizeof lines[0])

typedef struct fixture {
    char dir[64];
    char path[96];
    uint64_t offsets[NLINES + 1]; /* byte offset of each line, 1-based */
} fixture;

static int setup(void **state)
{
    fixture *fx = calloc(1, sizeof *fx);
    FILE *f;
    uint64_t off = 0;
    size_t i;

    if (!fx)
        return -1;
    strcpy(fx->dir, "/tmp/bf_test_twv1_XXXXXX");
    if (!mkdtemp(fx->dir))
        return -1;
    snprintf(fx->path, sizeof fx->path, "%s/tweets.jsonl", fx->dir);
    f = fopen(fx->path, "wb");
    if (!f)
        return -1;
    for (i = 0; i < NLINES; i++) {
        fx->offsets[i + 1] = off;
        fprintf(f, "%s\n", lines[i]);
        off += strlen(lines[i]) + 1;
    }
    fclose(f);
    *state = fx;
    return 0;
}

static int teardown(void **state)
{
    fixture *fx = *state;

    unlink(fx->path);
    rmdir(fx->dir);
    free(fx);
    return 0;
}

/* read_file runs the reader over path into st; returns its result. */
static bf_err read_file(const char *path, const bf_ingest_opts *opts,
                        size_t max_line, sink_state *st, bf_diags *d)
{
    bf_sink sink = { st, bft_on_account, bft_on_post, NULL, NULL };
    bf_input *in;
    bf_err err;

    assert_int_equal(bf_input_open(path, max_line, &in), BF_OK);
    err = bf_read_twitter_v1(in, opts, &sink, d);
    bf_input_close(in);
    return err;
}

static void test_records(void **state)
{
    fixture *fx = *state;
    sink_state *st = calloc(1, sizeof *st);
    bf_ingest_opts o;
    bf_diags d;
    const post_rec *p;
    const account_rec *a;

    assert_non_null(st);
    bf_ingest_opts_init(&o);
    o.observed_at = 1700000000;
    bf_diags_init(&d);
    assert_int_equal(read_file(fx->path, &o, 1 << 20, st, &d), BF_OK);

    /* Posts: 1, 100+200, 150+400, 500, 7's, 901, 902, 903, 800, 801. */
    assert_int_equal(st->nposts, 12);
    assert_int_equal(st->naccounts, 12);

    p = bft_find_post(st, "1234567890123456789");
    assert_non_null(p);
    assert_string_equal(p->platform, "twitter");
    assert_string_equal(p->author, "9007199254740993");
    assert_int_equal(p->kind, BF_POST_ORIGINAL);
    assert_false(p->has_parent);
    assert_string_equal(p->text, "Hello #a #b @c https://t.co/x");
    assert_string_equal(p->source, "Twitter for iPhone");
    assert_true(p->created_at == 1523410074);
    assert_true(p->likes == 5 && p->reposts == 2);
    assert_true(p->replies == -1 && p->quotes == -1);
    assert_int_equal(p->hashtags, 2);
    assert_int_equal(p->mentions, 1);
    assert_int_equal(p->urls, 1);

    a = bft_find_account(st, "9007199254740993");
    assert_non_null(a);
    assert_string_equal(a->handle, "alice");
    assert_string_equal(a->name, "Alice \xc3\x89");
    assert_string_equal(a->url, "https://alice.example");
    assert_string_equal(a->lang, "en");
    assert_true(a->created_at == 1175857102);
    assert_true(a->followers == 100 && a->following == 50);
    assert_true(a->posts == 7 && a->likes == 3 && a->lists == 1);
    assert_int_equal(a->verified, 0);
    assert_int_equal(a->protected_, 0);
    assert_int_equal(a->default_avatar, 1);
    assert_int_equal(a->default_profile, 0);
    assert_true(a->observed_at == 1700000000);

    /* The retweet and the retweeted tweet, parent first. */
    p = bft_find_post(st, "200");
    assert_non_null(p);
    assert_int_equal(p->kind, BF_POST_REPOST);
    assert_string_equal(p->parent, "100");
    assert_string_equal(p->source, "web");
    assert_true(p - bft_find_post(st, "100") == 1);
    p = bft_find_post(st, "100");
    assert_string_equal(p->author, "10");
    assert_int_equal(p->kind, BF_POST_ORIGINAL);
    assert_true(p->likes == 9);
    assert_string_equal(bft_find_account(st, "10")->handle, "bob");
    assert_string_equal(bft_find_account(st, "20")->handle, "carol");

    p = bft_find_post(st, "400");
    assert_non_null(p);
    assert_int_equal(p->kind, BF_POST_QUOTE);
    assert_string_equal(p->parent, "150");
    assert_non_null(bft_find_post(st, "150"));
    assert_non_null(bft_find_account(st, "15"));

    p = bft_find_post(st, "500");
    assert_non_null(p);
    assert_int_equal(p->kind, BF_POST_REPLY);
    assert_string_equal(p->parent, "400");
    assert_string_equal(p->text, "the long text");
    assert_true(p->created_at == 0);
    assert_true(p->replies == 1 && p->quotes == 0);
    assert_int_equal(p->hashtags, 1);
    assert_false(p->has_source);

    /* Numeric ids only, beyond 2^53, kept to the last digit. */
    p = bft_find_post(st, "9007199254740993");
    assert_non_null(p);
    assert_string_equal(p->author, "42");

    assert_non_null(bft_find_post(st, "901"));
    assert_non_null(bft_find_post(st, "902"));
    assert_non_null(bft_find_post(st, "903"));
    p = bft_find_post(st, "801");
    assert_non_null(p);
    assert_true(p->reposts == -1);
    assert_null(bft_find_post(st, "700"));
    p = bft_find_post(st, "800");
    assert_non_null(p);
    assert_string_equal(p->text, "\xEF\xBF\xBD");

    /* Diagnostics, with the line's byte offset. */
    assert_int_equal(d.rejected, 5);
    assert_int_equal(d.warnings, 3);
    assert_non_null(bft_find_diag(&d, BF_D_JSON_SYNTAX, 4));
    assert_true(bft_find_diag(&d, BF_D_JSON_SYNTAX, 4)->offset ==
                fx->offsets[4]);
    assert_non_null(bft_find_diag(&d, BF_D_BAD_DATE, 6));
    assert_true(bft_find_diag(&d, BF_D_BAD_DATE, 6)->offset == fx->offsets[6]);
    assert_non_null(bft_find_diag(&d, BF_D_MISSING_FIELD, 8));
    assert_non_null(bft_find_diag(&d, BF_D_JSON_SHAPE, 10));
    assert_null(bft_find_diag(&d, BF_D_JSON_SHAPE, 11));
    assert_null(bft_find_diag(&d, BF_D_MISSING_FIELD, 11));
    assert_non_null(bft_find_diag(&d, BF_D_MISSING_FIELD, 12));
    assert_non_null(
            strstr(bft_find_diag(&d, BF_D_MISSING_FIELD, 12)->message, "user"));
    assert_non_null(bft_find_diag(&d, BF_D_BAD_ID, 13));
    assert_non_null(bft_find_diag(&d, BF_D_UTF8_REPAIRED, 14));
    assert_null(bft_find_diag(&d, BF_D_BAD_ENCODING, 14));
    assert_non_null(bft_find_diag(&d, BF_D_BAD_COUNT, 15));
    assert_true(bft_find_diag(&d, BF_D_BAD_COUNT, 15)->offset ==
                fx->offsets[15]);
    /* The blank line 2 says nothing. */
    assert_null(bft_find_diag(&d, BF_D_JSON_SYNTAX, 2));

    bf_diags_release(&d);
    free(st);
}

static void test_platform_and_sink_error(void **state)
{
    fixture *fx = *state;
    sink_state *st = calloc(1, sizeof *st);
    bf_ingest_opts o;
    bf_diags d;

    assert_non_null(st);
    bf_ingest_opts_init(&o);
    o.platform = "x-archive";
    bf_diags_init(&d);
    /* The sink fails on the third record: the reader stops with its error. */
    st->fail_after = 3;
    assert_int_equal(read_file(fx->path, &o, 1 << 20, st, &d), BF_EIO);
    assert_int_equal(st->nposts + st->naccounts, 3);
    assert_string_equal(st->posts[0].platform, "x-archive");
    assert_true(st->accounts[0].observed_at == 0);
    bf_diags_release(&d);
    free(st);
}

static void test_long_line(void **state)
{
    fixture *fx = *state;
    sink_state *st = calloc(1, sizeof *st);
    char path[128];
    bf_ingest_opts o;
    bf_diags d;
    FILE *f;
    int i;

    assert_non_null(st);
    snprintf(path, sizeof path, "%s/long.jsonl", fx->dir);
    f = fopen(path, "wb");
    assert_non_null(f);
    fputs("{\"id_str\":\"1\",\"user\":{\"id_str\":\"2\"}}\n", f);
    fputs("{\"id_str\":\"3\",\"text\":\"", f);
    for (i = 0; i < 5000; i++)
        fputc('x', f);
    fputs("\",\"user\":{\"id_str\":\"4\"}}\n", f);
    fputs("{\"id_str\":\"5\",\"user\":{\"id_str\":\"6\"}}\n", f);
    fclose(f);

    bf_ingest_opts_init(&o);
    bf_diags_init(&d);
    assert_int_equal(read_file(path, &o, 4096, st, &d), BF_OK);
    assert_int_equal(st->nposts, 2);
    assert_int_equal(d.rejected, 1);
    assert_non_null(bft_find_diag(&d, BF_D_LINE_TOO_LONG, 2));
    assert_string_equal(st->posts[1].id, "5");
    bf_diags_release(&d);
    free(st);
    unlink(path);
}

/* shared_path builds a path under the shared data directory. */
static void shared_path(char *out, size_t cap, const char *rel)
{
    const char *base = getenv("BONAFIDE_SHARED");

    snprintf(out, cap, "%s/%s", base && *base ? base : "../shared", rel);
}

static void test_twarc_sample(void **state)
{
    sink_state *st;
    char path[512];
    bf_ingest_opts o;
    bf_diags d;
    size_t i, reposts = 0;

    (void)state;
    shared_path(path, sizeof path, "data/twarc-v1-search-jsonl/tweets.jsonl");
    if (access(path, R_OK) != 0) {
        print_message("skipped: %s is absent\n", path);
        skip();
    }
    st = calloc(1, sizeof *st);
    assert_non_null(st);
    bf_ingest_opts_init(&o);
    bf_diags_init(&d);
    assert_int_equal(read_file(path, &o, BF_INGEST_MAX_LINE, st, &d), BF_OK);
    /*
     * 4 lines; 2 are retweets carrying their original: 6 posts (4
     * distinct ids) and 6 account snapshots (4 distinct), counted with
     * python3's json module.
     */
    assert_int_equal(d.rejected, 0);
    assert_int_equal(st->nposts, 6);
    assert_int_equal(st->naccounts, 6);
    for (i = 0; i < st->nposts; i++)
        reposts += st->posts[i].kind == BF_POST_REPOST;
    assert_int_equal(reposts, 2);
    assert_non_null(bft_find_post(st, "983878630219681792"));
    assert_string_equal(bft_find_post(st, "983878630219681792")->author,
                        "722019658417729536");
    assert_string_equal(bft_find_post(st, "983878630219681792")->source,
                        "IFTTT");
    bf_diags_release(&d);
    free(st);
}

/* ---- a profile repeated from tweet to tweet, into a store ---- */

/*
 * A tweet id by user 7 with these followers; -2: with 10 followers and a
 * member the reader does not read; -1: by a user 8 whose count is bad.
 */
static void put_tweet(FILE *f, int id, int followers)
{
    if (followers == -2)
        fprintf(f,
                "{\"id_str\":\"%d\",\"text\":\"t\",\"user\":{\"id_str\":"
                "\"7\",\"screen_name\":\"seven\",\"name\":\"S\","
                "\"followers_count\":10,\"friends_count\":3,"
                "\"profile_image_url\":\"x\"}}\n",
                id);
    else if (followers >= 0)
        fprintf(f,
                "{\"id_str\":\"%d\",\"text\":\"t\",\"user\":{\"id_str\":"
                "\"7\",\"screen_name\":\"seven\",\"name\":\"S\","
                "\"followers_count\":%d,\"friends_count\":3}}\n",
                id, followers);
    else
        fprintf(f,
                "{\"id_str\":\"%d\",\"text\":\"t\",\"user\":{\"id_str\":"
                "\"8\",\"screen_name\":\"eight\",\"followers_count\":\"x\"}}"
                "\n",
                id);
}

/* ingest_counted reads path into st, seen at observed_at, through c. */
static void ingest_counted(bf_store *st, const char *path, int64_t observed_at,
                           bft_counted *c, bf_diags *d, uint64_t *out_read)
{
    bf_store_writer w;
    bf_ingest_opts o;
    bf_sink s;

    bf_ingest_opts_init(&o);
    o.observed_at = observed_at;
    bf_store_writer_init(&w, st, 2);
    s = bft_counted_sink(c, bf_store_writer_sink(&w));
    assert_int_equal(bf_ingest_path(path, &o, &s, d), BF_OK);
    assert_int_equal(bf_store_writer_finish(&w), BF_OK);
    *out_read = w.accounts;
}

/*
 * A profile repeated word for word is recognised by the store and not
 * read again, and still counted as read; one that changed is written,
 * also when it changes back to what an earlier tweet said; one written
 * otherwise but read alike (a member the reader does not read) is read
 * once, and then recognised; one that draws a diagnostic is read, and
 * reported, every time; and the same file seen at a later date is a new
 * snapshot, not a repeat.  The writer's batches (two records) end
 * between the repeats.
 */
static void test_repeated_profile(void **state)
{
    fixture *fx = *state;
    char dir[128], path[160];
    bf_store *st;
    bft_counted c;
    bf_diags d;
    uint64_t read;
    FILE *f;

    snprintf(dir, sizeof dir, "%s/store", fx->dir);
    snprintf(path, sizeof path, "%s/timeline.jsonl", fx->dir);
    f = fopen(path, "w");
    assert_non_null(f);
    put_tweet(f, 1, 10);
    put_tweet(f, 2, 10); /* the same profile */
    put_tweet(f, 3, 10);
    put_tweet(f, 4, 11); /* changed */
    put_tweet(f, 5, 10); /* changed back */
    put_tweet(f, 6, -1); /* user 8: a bad count, twice */
    put_tweet(f, 7, -1);
    put_tweet(f, 8, -2); /* user 7 as in tweet 5, written otherwise */
    put_tweet(f, 9, -2);
    put_tweet(f, 10, 10); /* as tweet 1 */
    fclose(f);

    assert_int_equal(bf_store_open(dir, &st), BF_OK);
    bf_diags_init(&d);
    ingest_counted(st, path, 1700000000, &c, &d, &read);
    assert_int_equal(c.same, 3);
    assert_int_equal(c.accounts, 7);
    assert_int_equal(read, 10);
    assert_string_equal(c.sent, "1001111101");
    assert_int_equal(bft_count_diag(&d, BF_D_BAD_COUNT), 2);
    assert_int_equal(
            bft_sql_int(dir,
                        "SELECT followers FROM accounts WHERE native_id = '7'"),
            10);
    bf_diags_release(&d);

    /* Seen a day later: a snapshot for each account, no repeat. */
    bf_diags_init(&d);
    ingest_counted(st, path, 1700086400, &c, &d, &read);
    assert_int_equal(c.same, 3);
    assert_int_equal(c.accounts, 7);
    assert_string_equal(c.sent, "1001111101");
    assert_int_equal(bft_sql_int(dir, "SELECT count(*) FROM snapshots s JOIN"
                                      " accounts a ON a.id = s.account"
                                      " WHERE a.native_id = '7'"),
                     2);
    bf_diags_release(&d);

    /* The same file again at that date: the last profile written, tweet
     * 10's, is tweet 1's, now recognised at once. */
    bf_diags_init(&d);
    ingest_counted(st, path, 1700086400, &c, &d, &read);
    assert_int_equal(c.accounts, 6);
    assert_int_equal(c.same, 4);
    assert_string_equal(c.sent, "0001111101");
    bf_diags_release(&d);
    bf_store_close(st);
    unlink(path);
    {
        char cmd[256];

        snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
        assert_int_equal(system(cmd), 0);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_records),
        cmocka_unit_test(test_platform_and_sink_error),
        cmocka_unit_test(test_long_line),
        cmocka_unit_test(test_twarc_sample),
        cmocka_unit_test(test_repeated_profile),
    };

    return cmocka_run_group_tests(tests, setup, teardown);
}
