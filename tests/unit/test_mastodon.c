/*
 * test_mastodon.c - the Mastodon reader: API entities and archive exports.
 *
 * Each test writes a small handmade document into a temp directory and
 * reads it through bf_ingest_path into a sink that copies what it is
 * given.  The documents cover a pretty-printed statuses page, JSON lines
 * with a broken line, an archive outbox and actor, a follower page, and
 * the privacy rule (direct and followers-only posts never reach the sink,
 * a locked account's public ones reach the store).
 * The real archive export in ../shared/data is read when present; its
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

#define BFT_PLATFORM "mastodon"
#include "test_util.h"

/* A statuses page as the API returns it, pretty-printed over many lines. */
static const char statuses_page[] =
        "[\n"
        "  {\n"
        "    \"id\": \"1\",\n"
        "    \"uri\": \"https://example.social/users/alice/statuses/1\",\n"
        "    \"created_at\": \"2023-05-28T12:06:50.000Z\",\n"
        "    \"visibility\": \"public\",\n"
        "    \"in_reply_to_id\": null,\n"
        "    \"content\": \"<p>Hello &amp; welcome <a "
        "href=\\\"https://example.social/tags/cats\\\" class=\\\"mention "
        "hashtag\\\">#<span>cats</span></a></p><p>see <a "
        "href=\\\"https://x.example/a\\\">x.example/a</a> "
        "&#x1F600;</p>\",\n"
        "    \"favourites_count\": 5, \"reblogs_count\": 2,\n"
        "    \"replies_count\": 1,\n"
        "    \"tags\": [{\"name\": \"cats\"}], \"mentions\": [],\n"
        "    \"application\": {\"name\": \"Tusky\"},\n"
        "    \"account\": {\n"
        "      \"id\": \"10\", \"username\": \"alice\", \"acct\": "
        "\"alice\",\n"
        "      \"display_name\": \"Alice\",\n"
        "      \"url\": \"https://Example.Social/@alice\",\n"
        "      \"locked\": false,\n"
        "      \"created_at\": \"2022-11-07T00:00:00.000Z\",\n"
        "      \"note\": \"<p>I &lt;3 cats</p>\",\n"
        "      \"avatar\": "
        "\"https://example.social/avatars/original/missing.png\",\n"
        "      \"followers_count\": 100, \"following_count\": 50,\n"
        "      \"statuses_count\": 7\n"
        "    }\n"
        "  },\n"
        "  {\n"
        "    \"id\": \"2\", \"visibility\": \"direct\",\n"
        "    \"uri\": \"https://example.social/users/alice/statuses/2\",\n"
        "    \"content\": \"<p>secret</p>\",\n"
        "    \"account\": {\"acct\": \"alice\", \"url\": "
        "\"https://example.social/@alice\"}\n"
        "  },\n"
        "  {\n"
        "    \"id\": \"3\", \"visibility\": \"public\",\n"
        "    \"uri\": "
        "\"https://example.social/users/alice/statuses/3/activity\",\n"
        "    \"content\": \"\",\n"
        "    \"account\": {\"acct\": \"alice\", \"url\": "
        "\"https://example.social/@alice\"},\n"
        "    \"reblog\": {\n"
        "      \"id\": \"4\", \"visibility\": \"public\",\n"
        "      \"uri\": \"https://other.example/users/bob/statuses/9\",\n"
        "      \"content\": \"<p>bob's post</p>\",\n"
        "      \"account\": {\"acct\": \"bob@other.example\", \"url\": "
        "\"https://other.example/@bob\"}\n"
        "    }\n"
        "  },\n"
        "  {\n"
        "    \"id\": \"5\", \"visibility\": \"unlisted\",\n"
        "    \"uri\": \"https://example.social/users/alice/statuses/5\",\n"
        "    \"in_reply_to_id\": \"4\",\n"
        "    \"content\": \"<p><span class=\\\"h-card\\\"><a "
        "href=\\\"https://other.example/@bob\\\" class=\\\"u-url "
        "mention\\\">@<span>bob</span></a></span> yes<br>no</p>\",\n"
        "    \"mentions\": [{\"acct\": \"bob@other.example\"}],\n"
        "    \"account\": {\"acct\": \"alice\", \"url\": "
        "\"https://example.social/@alice\"}\n"
        "  },\n"
        "  {\n"
        "    \"id\": \"6\", \"visibility\": \"private\",\n"
        "    \"uri\": \"https://example.social/users/alice/statuses/6\",\n"
        "    \"account\": {\"acct\": \"alice\", \"url\": "
        "\"https://example.social/@alice\"}\n"
        "  }\n"
        "]\n";

/* A pretty-printed page: public posts kept, private ones never emitted. */
static void reads_pretty_statuses_page(void **state)
{
    sink_state st;
    bf_diags d;

    (void)state;
    assert_int_equal(read_text(statuses_page, BF_FMT_MASTODON, &st, &d), BF_OK);
    assert_int_equal(d.rejected, 0);
    /* The direct and the followers-only status: dropped, warned. */
    assert_int_equal(bft_count_diag(&d, BF_D_PROTECTED_POST), 2);
    assert_int_equal(d.warnings, 2);
    assert_int_equal(st.nposts, 4);
    for (size_t i = 0; i < st.nposts; i++)
        assert_null(strstr(st.posts[i].text, "secret"));

    /* 1: an original, HTML turned to text, entities decoded. */
    assert_string_equal(st.posts[0].id,
                        "https://example.social/users/alice/statuses/1");
    assert_string_equal(st.posts[0].author, "alice@example.social");
    assert_int_equal(st.posts[0].kind, BF_POST_ORIGINAL);
    assert_string_equal(st.posts[0].text, "Hello & welcome #cats\n\nsee "
                                          "x.example/a \xF0\x9F\x98\x80");
    assert_int_equal(st.posts[0].created_at, 1685275610);
    assert_int_equal(st.posts[0].likes, 5);
    assert_int_equal(st.posts[0].reposts, 2);
    assert_int_equal(st.posts[0].replies, 1);
    assert_int_equal(st.posts[0].hashtags, 1);
    assert_int_equal(st.posts[0].mentions, 0);
    assert_int_equal(st.posts[0].urls, 1);
    assert_string_equal(st.posts[0].source, "Tusky");
    assert_string_equal(st.accounts[0].id, "alice@example.social");
    assert_string_equal(st.accounts[0].handle, "alice");
    assert_string_equal(st.accounts[0].bio, "I <3 cats");
    /* Mastodon profiles have no place field: unknown, not absent. */
    assert_int_equal(st.accounts[0].unknown, BF_ACC_U_LOCATION);
    assert_int_equal(st.accounts[0].followers, 100);
    assert_int_equal(st.accounts[0].following, 50);
    assert_int_equal(st.accounts[0].posts, 7);
    assert_int_equal(st.accounts[0].protected_, 0);
    assert_int_equal(st.accounts[0].default_avatar, 1);
    assert_int_equal(st.accounts[0].created_at, 1667779200);

    /* 3: the boosted post first (a real post by bob), then the boost,
     * kept apart from originals as a repost. */
    assert_string_equal(st.posts[1].id,
                        "https://other.example/users/bob/statuses/9");
    assert_string_equal(st.posts[1].author, "bob@other.example");
    assert_int_equal(st.posts[1].kind, BF_POST_ORIGINAL);
    assert_int_equal(st.posts[2].kind, BF_POST_REPOST);
    assert_string_equal(st.posts[2].parent,
                        "https://other.example/users/bob/statuses/9");
    assert_string_equal(st.posts[2].author, "alice@example.social");

    /* 5: an unlisted reply; the API's parent id is local, so unknown. */
    assert_int_equal(st.posts[3].kind, BF_POST_REPLY);
    assert_string_equal(st.posts[3].parent, "");
    assert_string_equal(st.posts[3].text, "@bob yes\nno");
    assert_int_equal(st.posts[3].mentions, 1);
    assert_int_equal(st.posts[3].urls, 0);
    assert_int_equal(st.kinds[BF_POST_REPOST], 1);
    bf_diags_release(&d);
}

/* A locked account's statuses, one of each visibility, as the API gives
 * them: locked is in every status's account. */
static const char locked_page[] =
        "[\n"
        "  {\"id\": \"1\", \"visibility\": \"public\",\n"
        "   \"uri\": \"https://example.social/users/lou/statuses/1\",\n"
        "   \"content\": \"<p>public</p>\", \"favourites_count\": 1,\n"
        "   \"account\": {\"acct\": \"lou\", \"locked\": true,\n"
        "     \"url\": \"https://example.social/@lou\"}},\n"
        "  {\"id\": \"2\", \"visibility\": \"unlisted\",\n"
        "   \"uri\": \"https://example.social/users/lou/statuses/2\",\n"
        "   \"content\": \"<p>unlisted</p>\", \"favourites_count\": 1,\n"
        "   \"account\": {\"acct\": \"lou\", \"locked\": true,\n"
        "     \"url\": \"https://example.social/@lou\"}},\n"
        "  {\"id\": \"3\", \"visibility\": \"private\",\n"
        "   \"uri\": \"https://example.social/users/lou/statuses/3\",\n"
        "   \"content\": \"<p>private</p>\", \"favourites_count\": 1,\n"
        "   \"account\": {\"acct\": \"lou\", \"locked\": true,\n"
        "     \"url\": \"https://example.social/@lou\"}},\n"
        "  {\"id\": \"4\", \"visibility\": \"direct\",\n"
        "   \"uri\": \"https://example.social/users/lou/statuses/4\",\n"
        "   \"content\": \"<p>direct</p>\", \"favourites_count\": 1,\n"
        "   \"account\": {\"acct\": \"lou\", \"locked\": true,\n"
        "     \"url\": \"https://example.social/@lou\"}}\n"
        "]\n";

/*
 * locked on Mastodon means follow requests are approved by hand; each
 * status still has its own visibility.  The account is not protected, so
 * the store keeps its public and unlisted statuses; its followers-only
 * and direct ones are dropped by the reader, as anyone's.
 */
static void locked_account_keeps_public_posts(void **state)
{
    char store[128], cmd[160];
    sink_state st;
    bf_store *db = NULL;
    bf_store_writer w;
    bf_stats_row tot;
    bf_ingest_opts o;
    bf_sink sink;
    bft_counted c;
    bf_diags d;

    (void)state;
    assert_int_equal(read_text(locked_page, BF_FMT_MASTODON, &st, &d), BF_OK);
    assert_int_equal(d.rejected, 0);
    assert_int_equal(bft_count_diag(&d, BF_D_PROTECTED_POST), 2);
    assert_int_equal(st.nposts, 2);
    assert_string_equal(st.posts[0].text, "public");
    assert_string_equal(st.posts[1].text, "unlisted");
    assert_int_equal(st.naccounts, 2);
    assert_int_equal(st.accounts[0].protected_, 0);
    assert_int_equal(st.accounts[1].protected_, 0);
    bf_diags_release(&d);

    /* Into a store: both public statuses stored, none dropped there. */
    snprintf(store, sizeof store, "%s/store", dir);
    assert_int_equal(bf_store_open(store, &db), BF_OK);
    bf_store_writer_init(&w, db, 100);
    sink = bft_counted_sink(&c, bf_store_writer_sink(&w));
    bf_ingest_opts_init(&o);
    o.format = BF_FMT_MASTODON;
    o.observed_at = 1700000000;
    bf_diags_init(&d);
    assert_int_equal(bf_ingest_path(path, &o, &sink, &d), BF_OK);
    assert_int_equal(bf_store_writer_finish(&w), BF_OK);
    /* The second status's Account, the same, is recognised unread. */
    assert_string_equal(c.sent, "10");
    assert_int_equal(c.same, 1);
    assert_int_equal(w.accounts, 2);
    assert_int_equal(w.posts, 2);
    assert_int_equal(w.private_posts, 0);
    assert_int_equal(bf_store_totals(db, &tot), BF_OK);
    assert_int_equal(tot.posts, 2);
    bf_diags_release(&d);
    bf_store_close(db);
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", store);
    assert_int_equal(system(cmd), 0);
}

/* JSON lines: a broken line is rejected with its line and offset, and
 * the lines after it are still read. */
static void json_lines_go_on_after_a_bad_line(void **state)
{
    static const char *const lines[] = {
        "{\"acct\":\"carol@c.example\",\"username\":\"carol\","
        "\"url\":\"https://c.example/@carol\",\"followers_count\":3,"
        "\"locked\":true,\"bot\":true}",
        "{\"acct\":\"dave\",\"url\":\"https://d.example/@dave\",,}",
        "",
        "{\"acct\":\"erin\",\"url\":\"https://e.example/@erin\"",
        "{\"username\":\"nohost\",\"followers_count\":1}",
        "{\"acct\":\"frank\",\"url\":\"https://f.example/@frank\"}",
    };
    char text[1024] = "";
    uint64_t offs[6], off = 0;
    sink_state st;
    bf_diags d;
    size_t i;

    (void)state;
    for (i = 0; i < 6; i++) {
        offs[i] = off;
        strcat(text, lines[i]);
        strcat(text, "\n");
        off += strlen(lines[i]) + 1;
    }
    assert_int_equal(read_text(text, BF_FMT_MASTODON, &st, &d), BF_OK);
    assert_int_equal(st.naccounts, 2);
    assert_string_equal(st.accounts[0].id, "carol@c.example");
    /* locked: follow requests approved by hand; posts are not private. */
    assert_int_equal(st.accounts[0].protected_, 0);
    assert_int_equal(st.accounts[0].default_avatar, -1);
    /* The bot flag is the account's own statement; without it, unknown. */
    assert_int_equal(st.accounts[0].automated, 1);
    assert_string_equal(st.accounts[1].id, "frank@f.example");
    assert_int_equal(st.accounts[1].automated, -1);
    assert_int_equal(d.rejected, 3);
    assert_int_equal(d.n, 3);
    assert_int_equal(d.recs[0].id, BF_D_JSON_SYNTAX);
    assert_int_equal(d.recs[0].line, 2);
    assert_int_equal(d.recs[0].offset, offs[1]);
    /* A line that never closes is rejected alone, not glued to the next. */
    assert_int_equal(d.recs[1].id, BF_D_JSON_SYNTAX);
    assert_int_equal(d.recs[1].line, 4);
    assert_int_equal(d.recs[1].offset, offs[3]);
    /* An account without acct@domain or a url has no global id. */
    assert_int_equal(d.recs[2].id, BF_D_MISSING_FIELD);
    assert_int_equal(d.recs[2].line, 5);
    bf_diags_release(&d);
}

/* An archive outbox: Create and Announce, addressed in every way. */
static const char outbox[] =
        "{\"@context\":\"https://www.w3.org/ns/activitystreams\","
        "\"id\":\"outbox.json\",\"type\":\"OrderedCollection\","
        "\"totalItems\":5,\"orderedItems\":["
        /* public original */
        "{\"id\":\"https://ex.social/users/ann/statuses/1/activity\","
        "\"type\":\"Create\",\"actor\":\"https://ex.social/users/ann\","
        "\"published\":\"2022-11-08T03:07:14Z\","
        "\"to\":[\"https://www.w3.org/ns/activitystreams#Public\"],"
        "\"object\":{\"id\":\"https://ex.social/users/ann/statuses/1\","
        "\"type\":\"Note\",\"published\":\"2022-11-08T03:07:14Z\","
        "\"attributedTo\":\"https://ex.social/users/ann\","
        "\"content\":\"<p>first &quot;post&quot;</p>\","
        "\"tag\":[{\"type\":\"Hashtag\"},{\"type\":\"Mention\"},"
        "{\"type\":\"Emoji\"}],"
        "\"to\":[\"https://www.w3.org/ns/activitystreams#Public\"]}},"
        /* unlisted reply */
        "{\"id\":\"https://ex.social/users/ann/statuses/2/activity\","
        "\"type\":\"Create\",\"actor\":\"https://ex.social/users/ann\","
        "\"to\":[\"https://ex.social/users/ann/followers\"],"
        "\"cc\":[\"https://www.w3.org/ns/activitystreams#Public\"],"
        "\"object\":{\"id\":\"https://ex.social/users/ann/statuses/2\","
        "\"type\":\"Note\",\"inReplyTo\":\"https://o.example/s/7\","
        "\"content\":\"<p>re</p>\","
        "\"cc\":[\"https://www.w3.org/ns/activitystreams#Public\"]}},"
        /* followers-only: never emitted */
        "{\"id\":\"https://ex.social/users/ann/statuses/3/activity\","
        "\"type\":\"Create\",\"actor\":\"https://ex.social/users/ann\","
        "\"to\":[\"https://ex.social/users/ann/followers\"],"
        "\"object\":{\"id\":\"https://ex.social/users/ann/statuses/3\","
        "\"type\":\"Note\",\"content\":\"<p>friends only</p>\","
        "\"to\":[\"https://ex.social/users/ann/followers\"]}},"
        /* the activity followers-only, its object public: dropped */
        "{\"id\":\"https://ex.social/users/ann/statuses/5/activity\","
        "\"type\":\"Create\",\"actor\":\"https://ex.social/users/ann\","
        "\"to\":[\"https://ex.social/users/ann/followers\"],"
        "\"object\":{\"id\":\"https://ex.social/users/ann/statuses/5\","
        "\"type\":\"Note\",\"content\":\"<p>mixed</p>\","
        "\"to\":[\"https://www.w3.org/ns/activitystreams#Public\"]}},"
        /* a boost */
        "{\"id\":\"https://ex.social/users/ann/statuses/4/activity\","
        "\"type\":\"Announce\",\"actor\":\"https://ex.social/users/ann\","
        "\"published\":\"2022-12-03T13:34:16Z\","
        "\"to\":[\"https://www.w3.org/ns/activitystreams#Public\"],"
        "\"object\":\"https://o.example/users/zed/statuses/8\"},"
        /* an activity that carries no post */
        "{\"id\":\"https://ex.social/x\",\"type\":\"Delete\","
        "\"actor\":\"https://ex.social/users/ann\",\"object\":\"x\"}"
        "]}";

static void reads_archive_outbox_and_actor(void **state)
{
    static const char actor[] =
            "{\"@context\":[\"https://www.w3.org/ns/activitystreams\"],"
            "\"id\":\"https://Ex.Social/users/ann\",\"type\":\"Person\","
            "\"preferredUsername\":\"ann\",\"name\":\"Ann\","
            "\"summary\":\"<p>hi</p>\",\"url\":\"https://ex.social/@ann\","
            "\"manuallyApprovesFollowers\":false,"
            "\"published\":\"2022-11-07T00:00:00Z\"}";
    static const char service[] =
            "{\"@context\":[\"https://www.w3.org/ns/activitystreams\"],"
            "\"id\":\"https://ex.social/users/feed\",\"type\":\"Service\","
            "\"preferredUsername\":\"feed\",\"summary\":\"<p>news</p>\"}";
    sink_state st;
    bf_diags d;

    (void)state;
    assert_int_equal(read_text(outbox, BF_FMT_AUTO, &st, &d), BF_OK);
    assert_int_equal(d.rejected, 0);
    assert_int_equal(bft_count_diag(&d, BF_D_PROTECTED_POST), 2);
    assert_int_equal(st.nposts, 3);
    assert_string_equal(st.posts[0].id,
                        "https://ex.social/users/ann/statuses/1");
    assert_string_equal(st.posts[0].author, "ann@ex.social");
    assert_string_equal(st.posts[0].text, "first \"post\"");
    assert_int_equal(st.posts[0].kind, BF_POST_ORIGINAL);
    assert_int_equal(st.posts[0].hashtags, 1);
    assert_int_equal(st.posts[0].mentions, 1);
    assert_int_equal(st.posts[0].created_at, 1667876834);
    assert_int_equal(st.posts[0].likes, -1);
    assert_int_equal(st.posts[1].kind, BF_POST_REPLY);
    assert_string_equal(st.posts[1].parent, "https://o.example/s/7");
    assert_int_equal(st.posts[2].kind, BF_POST_REPOST);
    assert_string_equal(st.posts[2].id,
                        "https://ex.social/users/ann/statuses/4/activity");
    assert_string_equal(st.posts[2].parent,
                        "https://o.example/users/zed/statuses/8");
    assert_int_equal(st.posts[2].created_at, 1670074456);
    bf_diags_release(&d);

    /* The owner's actor.json gives the same id as the posts' actor. */
    assert_int_equal(read_text(actor, BF_FMT_AUTO, &st, &d), BF_OK);
    assert_int_equal(d.rejected, 0);
    assert_int_equal(st.naccounts, 1);
    assert_string_equal(st.accounts[0].id, "ann@ex.social");
    assert_string_equal(st.accounts[0].handle, "ann");
    assert_string_equal(st.accounts[0].bio, "hi");
    assert_int_equal(st.accounts[0].created_at, 1667779200);
    assert_int_equal(st.accounts[0].default_avatar, 1);
    assert_int_equal(st.accounts[0].followers, -1);
    /* A Person is not automated; Mastodon publishes a bot as a Service. */
    assert_int_equal(st.accounts[0].automated, 0);
    bf_diags_release(&d);

    assert_int_equal(read_text(service, BF_FMT_AUTO, &st, &d), BF_OK);
    assert_int_equal(st.naccounts, 1);
    assert_int_equal(st.accounts[0].automated, 1);
    bf_diags_release(&d);
}

/* Follower pages wrapped with their subject: edges with positions that
 * go on across pages; a page without subject gives accounts only. */
static void follower_pages_give_edges(void **state)
{
    static const char pages[] = "{\"subject\":{\"acct\":\"ann\",\"url\":"
                                "\"https://ex.social/@ann\"},"
                                "\"followers\":[{\"acct\":\"b@b.example\"},"
                                "{\"acct\":\"c@c.example\"}]}\n"
                                "{\"subject\":{\"acct\":\"ann\",\"url\":"
                                "\"https://ex.social/@ann\"},"
                                "\"followers\":[{\"acct\":\"d@d.example\"}]}\n"
                                "{\"subject\":{\"acct\":\"ann\",\"url\":"
                                "\"https://ex.social/@ann\"},"
                                "\"following\":[{\"acct\":\"e@e.example\"}]}\n"
                                "[{\"acct\":\"f@f.example\"}]\n";
    sink_state st;
    bf_diags d;

    (void)state;
    assert_int_equal(read_text(pages, BF_FMT_MASTODON, &st, &d), BF_OK);
    assert_int_equal(d.rejected, 0);
    assert_int_equal(st.nfollows, 4);
    assert_string_equal(st.follows[0].follower, "b@b.example");
    assert_string_equal(st.follows[0].followee, "ann@ex.social");
    assert_int_equal(st.follows[0].position, 0);
    assert_int_equal(st.follows[1].position, 1);
    assert_string_equal(st.follows[2].follower, "d@d.example");
    assert_int_equal(st.follows[2].position, 2);
    assert_string_equal(st.follows[3].follower, "ann@ex.social");
    assert_string_equal(st.follows[3].followee, "e@e.example");
    assert_int_equal(st.follows[3].position, -1);
    assert_int_equal(st.naccounts, 3 + 2 + 2 + 1);
    bf_diags_release(&d);
}

/* A broken pretty-printed document is reported once; the next is read. */
static void broken_document_then_good_one(void **state)
{
    static const char text[] = "{\n"
                               "  \"acct\": \"x@x.example\",\n"
                               "  \"note\": \"unterminated\n"
                               "}\n"
                               "{\n"
                               "  \"acct\": \"y@y.example\"\n"
                               "}\n"
                               "{\n"
                               "  \"acct\": \"z@z.example\"\n";
    sink_state st;
    bf_diags d;

    (void)state;
    assert_int_equal(read_text(text, BF_FMT_MASTODON, &st, &d), BF_OK);
    assert_int_equal(st.naccounts, 1);
    assert_string_equal(st.accounts[0].id, "y@y.example");
    assert_int_equal(d.rejected, 2);
    assert_int_equal(d.recs[0].id, BF_D_JSON_SYNTAX);
    assert_int_equal(d.recs[0].line, 3);
    /* The last document never closes: named at its first line. */
    assert_int_equal(d.recs[1].id, BF_D_JSON_SYNTAX);
    assert_int_equal(d.recs[1].line, 8);
    bf_diags_release(&d);
}

/* A sink error stops the reader and is returned. */
static void sink_error_stops(void **state)
{
    bf_sink sink;
    sink_state st;
    bf_ingest_opts o;
    bf_diags d;

    (void)state;
    bft_write_text(path, statuses_page);
    memset(&st, 0, sizeof st);
    st.fail = 1;
    sink = bft_sink(&st);
    bf_ingest_opts_init(&o);
    o.format = BF_FMT_MASTODON;
    bf_diags_init(&d);
    assert_int_equal(bf_ingest_path(path, &o, &sink, &d), BF_EIO);
    assert_int_equal(st.nposts, 1);
    bf_diags_release(&d);
}

/* Detection tells Mastodon documents from Twitter and Bluesky ones. */
static void detects_mastodon(void **state)
{
    static const char tweet[] =
            "{\"id_str\":\"1\",\"text\":\"\\\"acct\\\": x\"}";

    (void)state;
    assert_int_equal(
            bf_format_detect(statuses_page, sizeof statuses_page - 1, "x"),
            BF_FMT_MASTODON);
    assert_int_equal(bf_format_detect(outbox, sizeof outbox - 1, "x"),
                     BF_FMT_MASTODON);
    /* "acct" inside a text is not a key. */
    assert_int_equal(bf_format_detect(tweet, strlen(tweet), "x"),
                     BF_FMT_TWITTER_V1);
}

/* shared_file finds name under the shared data directory; 0 if absent. */
static int shared_file(const char *name, char *out, size_t cap)
{
    const char *base = getenv("BONAFIDE_SHARED");

    snprintf(out, cap, "%s/data/%s", base ? base : "../shared", name);
    return access(out, R_OK) == 0;
}

/* The real archive export: 1,511 activities, all public or unlisted (the
 * copy was filtered), 1,185 Create (383 replies) and 326 Announce. */
static void reads_real_archive(void **state)
{
    char p[512];
    bf_sink sink;
    sink_state *st = calloc(1, sizeof *st);
    bf_ingest_opts o;
    bf_diags d;

    (void)state;
    assert_non_null(st);
    if (!shared_file("mastodon-outbox-dealingwith/outbox.json", p, sizeof p)) {
        free(st);
        printf("skipped: %s not found (set BONAFIDE_SHARED)\n", p);
        skip();
    }
    sink = bft_sink(st);
    bf_ingest_opts_init(&o);
    bf_diags_init(&d);
    assert_int_equal(bf_ingest_path(p, &o, &sink, &d), BF_OK);
    assert_int_equal(d.rejected, 0);
    assert_int_equal(d.warnings, 0);
    assert_int_equal(st->nposts, 1511);
    assert_int_equal(st->kinds[BF_POST_ORIGINAL], 802);
    assert_int_equal(st->kinds[BF_POST_REPLY], 383);
    assert_int_equal(st->kinds[BF_POST_REPOST], 326);
    assert_int_equal(st->kinds[BF_POST_QUOTE], 0);
    assert_string_equal(st->posts[0].author, "dealingwith@indieweb.social");
    bf_diags_release(&d);

    /* actor.json: the owner, with the id the posts name. */
    memset(st, 0, sizeof *st);
    assert_true(
            shared_file("mastodon-outbox-dealingwith/actor.json", p, sizeof p));
    bf_diags_init(&d);
    assert_int_equal(bf_ingest_path(p, &o, &sink, &d), BF_OK);
    assert_int_equal(d.rejected + d.warnings, 0);
    assert_int_equal(st->naccounts, 1);
    assert_string_equal(st->accounts[0].id, "dealingwith@indieweb.social");
    assert_int_equal(st->accounts[0].created_at, 1667779200);
    bf_diags_release(&d);

    /* likes.json: object URIs only, nothing to emit, nothing wrong. */
    memset(st, 0, sizeof *st);
    assert_true(
            shared_file("mastodon-outbox-dealingwith/likes.json", p, sizeof p));
    bf_diags_init(&d);
    assert_int_equal(bf_ingest_path(p, &o, &sink, &d), BF_OK);
    assert_int_equal(d.rejected + d.warnings, 0);
    assert_int_equal(st->nposts + st->naccounts, 0);
    bf_diags_release(&d);
    free(st);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(reads_pretty_statuses_page, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(locked_account_keeps_public_posts,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(json_lines_go_on_after_a_bad_line,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(reads_archive_outbox_and_actor, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(follower_pages_give_edges, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(broken_document_then_good_one, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(sink_error_stops, setup, teardown),
        cmocka_unit_test(detects_mastodon),
        cmocka_unit_test(reads_real_archive),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
