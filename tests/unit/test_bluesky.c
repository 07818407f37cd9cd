/*
 * test_bluesky.c - the Bluesky reader: app.bsky.* API pages.
 *
 * Each test writes a small handmade page into a temp directory and reads
 * it through bf_ingest_path into a sink that copies what it is given: a
 * pretty-printed follower page followed by a second page as a JSON line,
 * a follows page, an author feed with a reply, a quote and two reposts,
 * and JSON lines with broken records.  The real SDK fixtures in
 * ../shared/data are read when present; their counts were verified
 * independently with python3's json module.
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

#define BFT_PLATFORM "bluesky"
#include "test_util.h"

/* Page 1 pretty-printed, page 2 of the same subject as one JSON line. */
static const char followers_pages[] =
        "{\n"
        "  \"subject\": {\n"
        "    \"did\": \"did:plc:subject\",\n"
        "    \"handle\": \"sub.bsky.social\",\n"
        "    \"displayName\": \"Sub\",\n"
        "    \"avatar\": \"https://cdn.example/a.jpg\",\n"
        "    \"followersCount\": 3, \"followsCount\": 1,\n"
        "    \"postsCount\": 9,\n"
        "    \"createdAt\": \"2023-04-28T22:04:37.957Z\",\n"
        "    \"indexedAt\": \"2024-01-01T00:00:00.000Z\"\n"
        "  },\n"
        "  \"followers\": [\n"
        "    {\"did\": \"did:plc:f1\", \"handle\": \"f1.bsky.social\",\n"
        "     \"indexedAt\": \"2023-04-30T08:01:53.870Z\"},\n"
        "    {\"did\": \"did:plc:f2\", \"handle\": \"f2.bsky.social\",\n"
        "     \"avatar\": \"https://cdn.example/b.jpg\"}\n"
        "  ],\n"
        "  \"cursor\": \"abc\"\n"
        "}\n"
        "{\"subject\":{\"did\":\"did:plc:subject\",\"handle\":\"sub.bsky."
        "social\"},\"followers\":[{\"did\":\"did:plc:f3\",\"handle\":\"f3\"},"
        "{\"handle\":\"nodid\"}]}\n";

static void follower_pages_give_positions(void **state)
{
    sink_state st;
    bf_diags d;

    (void)state;
    assert_int_equal(read_text(followers_pages, BF_FMT_AUTO, &st, &d), BF_OK);
    /* The follower without a DID is rejected; the page goes on. */
    assert_int_equal(d.rejected, 1);
    assert_int_equal(d.recs[0].id, BF_D_MISSING_FIELD);
    assert_int_equal(d.recs[0].line, 20);
    assert_int_equal(st.nfollows, 3);
    assert_string_equal(st.follows[0].follower, "did:plc:f1");
    assert_string_equal(st.follows[0].followee, "did:plc:subject");
    assert_int_equal(st.follows[0].position, 0);
    assert_int_equal(st.follows[0].observed_at, 1700000000);
    assert_int_equal(st.follows[1].position, 1);
    assert_string_equal(st.follows[2].follower, "did:plc:f3");
    assert_int_equal(st.follows[2].position, 2);

    assert_int_equal(st.naccounts, 5);
    assert_string_equal(st.accounts[0].id, "did:plc:subject");
    assert_string_equal(st.accounts[0].handle, "sub.bsky.social");
    assert_string_equal(st.accounts[0].name, "Sub");
    assert_int_equal(st.accounts[0].followers, 3);
    assert_int_equal(st.accounts[0].following, 1);
    assert_int_equal(st.accounts[0].posts, 9);
    assert_int_equal(st.accounts[0].created_at, 1682719477);
    assert_int_equal(st.accounts[0].default_avatar, 0);
    assert_int_equal(st.accounts[0].protected_, 0);
    /* Bluesky profiles have no web site or place: unknown, not absent.
     * A detailed view's missing description is an empty bio... */
    assert_int_equal(st.accounts[0].unknown, BF_ACC_U_URL | BF_ACC_U_LOCATION);
    /* f1: no avatar, no counters, no createdAt: its indexedAt is when the
     * AppView indexed the profile, not a creation date, so unknown. */
    assert_int_equal(st.accounts[1].default_avatar, 1);
    assert_int_equal(st.accounts[1].followers, -1);
    /* ...and a basic view's, which leaves it out, an unknown one. */
    assert_int_equal(st.accounts[1].unknown,
                     BF_ACC_U_URL | BF_ACC_U_LOCATION | BF_ACC_U_BIO);
    assert_int_equal(st.accounts[1].created_at, 0);
    bf_diags_release(&d);
}

static void follows_page_points_outward(void **state)
{
    static const char page[] =
            "{\"subject\":{\"did\":\"did:plc:me\",\"handle\":\"me\"},"
            "\"follows\":[{\"did\":\"did:plc:a\",\"handle\":\"a\"},"
            "{\"did\":\"did:plc:me\",\"handle\":\"me\"}],\"cursor\":\"x\"}";
    sink_state st;
    bf_diags d;

    (void)state;
    assert_int_equal(read_text(page, BF_FMT_BLUESKY, &st, &d), BF_OK);
    assert_int_equal(st.nfollows, 2);
    assert_string_equal(st.follows[0].follower, "did:plc:me");
    assert_string_equal(st.follows[0].followee, "did:plc:a");
    assert_int_equal(st.follows[0].position, -1);
    /* A self-follow is kept, with a warning. */
    assert_int_equal(d.warnings, 1);
    assert_int_equal(d.recs[0].id, BF_D_SELF_FOLLOW);
    assert_int_equal(d.rejected, 0);
    bf_diags_release(&d);
}

/* An author feed: original, reply, quote, and two reposts (one with the
 * repost record's uri, one without). */
static const char feed[] =
        "{\"feed\":[\n"
        "{\"post\":{\"uri\":\"at://did:plc:me/app.bsky.feed.post/1\","
        "\"author\":{\"did\":\"did:plc:me\",\"handle\":\"me\"},"
        "\"record\":{\"$type\":\"app.bsky.feed.post\",\"text\":\"hi @a "
        "#tag\",\"createdAt\":\"2023-04-30T06:26:07.001Z\","
        "\"facets\":[{\"features\":[{\"$type\":\"app.bsky.richtext.facet#"
        "mention\",\"did\":\"did:plc:a\"}]},{\"features\":[{\"$type\":"
        "\"app.bsky.richtext.facet#tag\"},{\"$type\":\"app.bsky.richtext."
        "facet#link\"}]}]},"
        "\"likeCount\":100,\"repostCount\":8,\"replyCount\":6,"
        "\"quoteCount\":2}},\n"
        "{\"post\":{\"uri\":\"at://did:plc:me/app.bsky.feed.post/2\","
        "\"author\":{\"did\":\"did:plc:me\",\"handle\":\"me\"},"
        "\"record\":{\"text\":\"yes\",\"createdAt\":\"2023-04-30T07:00:00Z\","
        "\"reply\":{\"root\":{\"uri\":\"at://did:plc:a/app.bsky.feed.post/"
        "r\"},\"parent\":{\"uri\":\"at://did:plc:a/app.bsky.feed.post/p\"}}}"
        "},\"reply\":{}},\n"
        "{\"post\":{\"uri\":\"at://did:plc:me/app.bsky.feed.post/3\","
        "\"author\":{\"did\":\"did:plc:me\",\"handle\":\"me\"},"
        "\"record\":{\"text\":\"look\",\"embed\":{\"$type\":\"app.bsky.embed."
        "recordWithMedia\",\"record\":{\"record\":{\"uri\":\"at://did:plc:b/"
        "app.bsky.feed.post/q\"}}}}}},\n"
        "{\"post\":{\"uri\":\"at://did:plc:b/app.bsky.feed.post/9\","
        "\"author\":{\"did\":\"did:plc:b\",\"handle\":\"b\"},"
        "\"record\":{\"text\":\"theirs\"}},\"reason\":{\"$type\":\"app.bsky."
        "feed.defs#reasonRepost\",\"by\":{\"did\":\"did:plc:me\","
        "\"handle\":\"me\"},\"indexedAt\":\"2023-04-30T06:33:13.578Z\"}},\n"
        "{\"post\":{\"uri\":\"at://did:plc:b/app.bsky.feed.post/8\","
        "\"author\":{\"did\":\"did:plc:b\",\"handle\":\"b\"},"
        "\"record\":{\"text\":\"more\"}},\"reason\":{\"$type\":\"app.bsky."
        "feed.defs#reasonRepost\",\"uri\":\"at://did:plc:me/app.bsky.feed."
        "repost/r1\",\"by\":{\"did\":\"did:plc:me\",\"handle\":\"me\"}}}\n"
        "],\"cursor\":\"c\"}\n";

static void author_feed_kinds(void **state)
{
    sink_state st;
    bf_diags d;

    (void)state;
    assert_int_equal(read_text(feed, BF_FMT_AUTO, &st, &d), BF_OK);
    assert_int_equal(d.rejected + d.warnings, 0);
    assert_int_equal(st.nposts, 7);
    assert_int_equal(st.kinds[BF_POST_ORIGINAL], 3);
    assert_int_equal(st.kinds[BF_POST_REPLY], 1);
    assert_int_equal(st.kinds[BF_POST_QUOTE], 1);
    assert_int_equal(st.kinds[BF_POST_REPOST], 2);

    assert_string_equal(st.posts[0].id, "at://did:plc:me/app.bsky.feed.post/1");
    assert_string_equal(st.posts[0].author, "did:plc:me");
    assert_string_equal(st.posts[0].text, "hi @a #tag");
    assert_int_equal(st.posts[0].created_at, 1682835967);
    assert_int_equal(st.posts[0].likes, 100);
    assert_int_equal(st.posts[0].reposts, 8);
    assert_int_equal(st.posts[0].replies, 6);
    assert_int_equal(st.posts[0].quotes, 2);
    assert_int_equal(st.posts[0].mentions, 1);
    assert_int_equal(st.posts[0].hashtags, 1);
    assert_int_equal(st.posts[0].urls, 1);
    assert_int_equal(st.posts[1].kind, BF_POST_REPLY);
    assert_string_equal(st.posts[1].parent,
                        "at://did:plc:a/app.bsky.feed.post/p");
    assert_int_equal(st.posts[2].kind, BF_POST_QUOTE);
    assert_string_equal(st.posts[2].parent,
                        "at://did:plc:b/app.bsky.feed.post/q");
    /* The reposted post, then the repost by reason.by. */
    assert_string_equal(st.posts[3].author, "did:plc:b");
    assert_int_equal(st.posts[4].kind, BF_POST_REPOST);
    assert_string_equal(st.posts[4].author, "did:plc:me");
    assert_string_equal(st.posts[4].parent,
                        "at://did:plc:b/app.bsky.feed.post/9");
    assert_string_equal(
            st.posts[4].id,
            "repost:did:plc:me:at://did:plc:b/app.bsky.feed.post/9");
    assert_int_equal(st.posts[4].created_at, 1682836393);
    assert_string_equal(st.posts[6].id,
                        "at://did:plc:me/app.bsky.feed.repost/r1");
    bf_diags_release(&d);

    /* Into a store: each author's view, repeated word for word (the
     * reposter's as reason.by too), is read once, then recognised. */
    {
        char store[128], cmd[160];
        bf_store *db = NULL;
        bf_store_writer w;
        bf_ingest_opts o;
        bft_counted c;
        bf_sink sink;

        snprintf(store, sizeof store, "%s/store", dir);
        assert_int_equal(bf_store_open(store, &db), BF_OK);
        bf_store_writer_init(&w, db, 100);
        sink = bft_counted_sink(&c, bf_store_writer_sink(&w));
        bf_ingest_opts_init(&o);
        bf_diags_init(&d);
        assert_int_equal(bf_ingest_path(path, &o, &sink, &d), BF_OK);
        assert_int_equal(bf_store_writer_finish(&w), BF_OK);
        assert_string_equal(c.sent, "1001000");
        assert_int_equal(c.same, 5);
        assert_int_equal(w.accounts, 7);
        bf_diags_release(&d);
        bf_store_close(db);
        snprintf(cmd, sizeof cmd, "rm -rf '%s'", store);
        assert_int_equal(system(cmd), 0);
    }
}

/* JSON lines of profiles with a broken line and a bad DID in between. */
static void json_lines_with_bad_records(void **state)
{
    static const char text[] =
            "{\"did\":\"did:plc:one\",\"handle\":\"one\"}\n"
            "{\"did\":\"did:plc:two\",\"handle\":\"two\"\n"
            "{\"did\":\"not a did\",\"handle\":\"three\"}\n"
            "[{\"did\":\"did:plc:four\",\"handle\":\"four\"},{\"x\":1}]\n"
            "42\n";
    sink_state st;
    bf_diags d;

    (void)state;
    assert_int_equal(read_text(text, BF_FMT_BLUESKY, &st, &d), BF_OK);
    assert_int_equal(st.naccounts, 2);
    assert_string_equal(st.accounts[1].id, "did:plc:four");
    assert_int_equal(d.rejected, 4);
    assert_int_equal(d.recs[0].id, BF_D_JSON_SYNTAX);
    assert_int_equal(d.recs[0].line, 2);
    assert_int_equal(d.recs[0].offset, 37);
    assert_int_equal(d.recs[1].id, BF_D_BAD_ID);
    assert_int_equal(d.recs[1].line, 3);
    assert_int_equal(d.recs[2].id, BF_D_JSON_SHAPE);
    assert_int_equal(d.recs[2].line, 4);
    assert_int_equal(d.recs[3].id, BF_D_JSON_SHAPE);
    assert_int_equal(d.recs[3].line, 5);
    bf_diags_release(&d);
}

/* A document larger than the line window still parses whole. */
static void large_pretty_document(void **state)
{
    size_t n = 12000, i, cap = n * 120 + 64, len = 0;
    char *text = malloc(cap);
    sink_state st;
    bf_diags d;

    (void)state;
    assert_non_null(text);
    len += (size_t)snprintf(text + len, cap - len, "{\n \"profiles\": [\n");
    for (i = 0; i < n; i++)
        len += (size_t)snprintf(text + len, cap - len,
                                "  {\"did\": \"did:plc:%06zu\", \"handle\": "
                                "\"h%zu\", \"description\": \"%s\"}%s\n",
                                i, i, "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
                                i + 1 < n ? "," : "");
    snprintf(text + len, cap - len, " ]\n}\n");
    assert_int_equal(read_text(text, BF_FMT_BLUESKY, &st, &d), BF_OK);
    free(text);
    assert_int_equal(d.rejected, 0);
    assert_int_equal(st.naccounts, n);
    bf_diags_release(&d);
}

/*
 * The "bot" self-label: the account's own label (src is its DID) says it
 * is automated; the same value from a moderation service, a withdrawn
 * one (neg) or another value says nothing, nor does a view without
 * labels.
 */
static void bot_self_label(void **state)
{
    static const char page[] =
            "{\"profiles\":[\n"
            "{\"did\":\"did:plc:b1\",\"handle\":\"b1\",\"labels\":["
            "{\"src\":\"did:plc:mod\",\"uri\":\"did:plc:b1\","
            "\"val\":\"spam\"},"
            "{\"src\":\"did:plc:b1\",\"uri\":\"at://did:plc:b1/app.bsky."
            "actor.profile/self\",\"val\":\"bot\","
            "\"cts\":\"2026-03-20T00:00:00Z\"}]},\n"
            "{\"did\":\"did:plc:m1\",\"handle\":\"m1\",\"labels\":["
            "{\"src\":\"did:plc:mod\",\"uri\":\"did:plc:m1\","
            "\"val\":\"bot\"}]},\n"
            "{\"did\":\"did:plc:n1\",\"handle\":\"n1\",\"labels\":["
            "{\"src\":\"did:plc:n1\",\"uri\":\"at://did:plc:n1/app.bsky."
            "actor.profile/self\",\"val\":\"bot\",\"neg\":true}]},\n"
            "{\"did\":\"did:plc:o1\",\"handle\":\"o1\",\"labels\":["
            "{\"src\":\"did:plc:o1\",\"uri\":\"at://did:plc:o1/app.bsky."
            "actor.profile/self\",\"val\":\"porn\"}, 7]},\n"
            "{\"did\":\"did:plc:p1\",\"handle\":\"p1\"}\n"
            "]}\n";
    sink_state st;
    bf_diags d;

    (void)state;
    assert_int_equal(read_text(page, BF_FMT_BLUESKY, &st, &d), BF_OK);
    assert_int_equal(d.rejected + d.warnings, 0);
    assert_int_equal(st.naccounts, 5);
    assert_string_equal(st.accounts[0].id, "did:plc:b1");
    assert_int_equal(st.accounts[0].automated, 1);
    assert_int_equal(st.accounts[1].automated, -1);
    assert_int_equal(st.accounts[2].automated, -1);
    assert_int_equal(st.accounts[3].automated, -1);
    assert_int_equal(st.accounts[4].automated, -1);
    bf_diags_release(&d);
}

static void detects_bluesky(void **state)
{
    (void)state;
    assert_int_equal(
            bf_format_detect(followers_pages, sizeof followers_pages - 1, "x"),
            BF_FMT_BLUESKY);
    assert_int_equal(bf_format_detect(feed, sizeof feed - 1, "x"),
                     BF_FMT_BLUESKY);
}

/* read_shared reads name under the shared data directory into st; 0 when
 * the file is absent. */
static int read_shared(const char *name, sink_state *st, bf_diags *d)
{
    const char *base = getenv("BONAFIDE_SHARED");
    bf_sink sink = bft_sink(st);
    bf_ingest_opts o;
    char p[512];

    snprintf(p, sizeof p, "%s/data/%s", base ? base : "../shared", name);
    if (access(p, R_OK) != 0) {
        printf("skipped: %s not found (set BONAFIDE_SHARED)\n", p);
        return 0;
    }
    bf_ingest_opts_init(&o);
    memset(st, 0, sizeof *st);
    bf_diags_init(d);
    assert_int_equal(bf_ingest_path(p, &o, &sink, d), BF_OK);
    return 1;
}

#define DART                                                         \
    "bluesky-atproto-dart/packages/bluesky/test/src/services/suite/" \
    "app/bsky/"

/* The real fixtures; the figures were counted with python3. */
static void reads_real_fixtures(void **state)
{
    sink_state *st = calloc(1, sizeof *st);
    bf_diags d;

    (void)state;
    assert_non_null(st);
    if (!read_shared(DART "graph/getFollowers.json", st, &d)) {
        free(st);
        skip();
    }
    assert_int_equal(d.rejected + d.warnings, 0);
    assert_int_equal(st->naccounts, 51);
    assert_int_equal(st->nfollows, 50);
    assert_string_equal(st->follows[0].followee,
                        "did:plc:iijrtk7ocored6zuziwmqq3c");
    assert_string_equal(st->follows[0].follower,
                        "did:plc:77c56gjl7ndm2suisje3x2rs");
    assert_int_equal(st->follows[49].position, 49);
    bf_diags_release(&d);

    assert_true(read_shared(DART "graph/getFollows.json", st, &d));
    assert_int_equal(d.rejected + d.warnings, 0);
    assert_int_equal(st->nfollows, 50);
    assert_string_equal(st->follows[0].follower,
                        "did:plc:iijrtk7ocored6zuziwmqq3c");
    bf_diags_release(&d);

    assert_true(read_shared(DART "actor/getProfile.json", st, &d));
    assert_int_equal(d.rejected + d.warnings, 0);
    assert_int_equal(st->naccounts, 1);
    assert_int_equal(st->accounts[0].followers, 4945);
    assert_int_equal(st->accounts[0].following, 31769);
    assert_int_equal(st->accounts[0].posts, 3358);
    bf_diags_release(&d);

    /* 25 items: 5 originals, 20 replies, 2 of them there as reposts. */
    assert_true(read_shared(DART "feed/getAuthorFeed.json", st, &d));
    assert_int_equal(d.rejected + d.warnings, 0);
    assert_int_equal(st->nposts, 27);
    assert_int_equal(st->kinds[BF_POST_ORIGINAL], 5);
    assert_int_equal(st->kinds[BF_POST_REPLY], 20);
    assert_int_equal(st->kinds[BF_POST_REPOST], 2);
    bf_diags_release(&d);

    /* 200 items: 50 originals, 149 replies, 1 quote, 3 reposts. */
    assert_true(read_shared(DART "feed/getTimeline.json", st, &d));
    assert_int_equal(d.rejected + d.warnings, 0);
    assert_int_equal(st->nposts, 203);
    assert_int_equal(st->kinds[BF_POST_ORIGINAL], 50);
    assert_int_equal(st->kinds[BF_POST_REPLY], 149);
    assert_int_equal(st->kinds[BF_POST_QUOTE], 1);
    assert_int_equal(st->kinds[BF_POST_REPOST], 3);
    bf_diags_release(&d);

    /* A thread of 58 posts, all replies, 54 levels deep. */
    assert_true(read_shared(DART "feed/getPostThread.json", st, &d));
    assert_int_equal(d.rejected + d.warnings, 0);
    assert_int_equal(st->nposts, 58);
    assert_int_equal(st->kinds[BF_POST_REPLY], 58);
    bf_diags_release(&d);

    assert_true(read_shared("atproto-python-testdata/tests/"
                            "test_atproto_client/models/test_data/"
                            "get_follows.json",
                            st, &d));
    assert_int_equal(d.rejected + d.warnings, 0);
    assert_int_equal(st->nfollows, 6);
    bf_diags_release(&d);
    free(st);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(follower_pages_give_positions, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(follows_page_points_outward, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(author_feed_kinds, setup, teardown),
        cmocka_unit_test_setup_teardown(json_lines_with_bad_records, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(large_pretty_document, setup, teardown),
        cmocka_unit_test_setup_teardown(bot_self_label, setup, teardown),
        cmocka_unit_test(detects_bluesky),
        cmocka_unit_test(reads_real_fixtures),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
