/*
 * test_formats.c - the X API v2 (twarc2), TwiBot-20 and Instagram readers,
 * v1.1 user and follower-id pages, labels, compressed input and UTF-8
 * repair.
 *
 * Small handmade files are written into a temp directory and read through
 * bf_ingest_path (detection included) into a sink that keeps the last
 * record of each kind, counts all of them, and counts distinct ids with a
 * small hash set.  The real samples in ../shared/data are read when present
 * (skipped with a reason otherwise); the numbers they must give were
 * counted independently with python3's json module, as each test says.
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
#include <zstd.h>

#include "ingest/ingest.h"
#include "test_util.h"

/* A set of strings: open addressing on FNV-1a, for distinct-id counts. */
typedef struct strset {
    char **slot;
    size_t cap, n;
} strset;

static uint64_t fnv(const char *s)
{
    uint64_t h = 0xcbf29ce484222325ULL;

    while (*s) {
        h ^= (unsigned char)*s++;
        h *= 0x100000001b3ULL;
    }
    return h;
}

static void set_add(strset *st, const char *s)
{
    size_t i;

    if (st->n * 2 >= st->cap) {
        strset big = { calloc(st->cap ? st->cap * 2 : 256, sizeof(char *)),
                       st->cap ? st->cap * 2 : 256, 0 };

        assert_non_null(big.slot);
        for (i = 0; i < st->cap; i++) {
            if (st->slot[i]) {
                size_t j = fnv(st->slot[i]) & (big.cap - 1);

                while (big.slot[j])
                    j = (j + 1) & (big.cap - 1);
                big.slot[j] = st->slot[i];
                big.n++;
            }
        }
        free(st->slot);
        *st = big;
    }
    for (i = fnv(s) & (st->cap - 1); st->slot[i]; i = (i + 1) & (st->cap - 1))
        if (strcmp(st->slot[i], s) == 0)
            return;
    st->slot[i] = strdup(s);
    assert_non_null(st->slot[i]);
    st->n++;
}

static void set_free(strset *st)
{
    size_t i;

    for (i = 0; i < st->cap; i++)
        free(st->slot[i]);
    free(st->slot);
    memset(st, 0, sizeof *st);
}

/* The keeping sink. */
typedef struct keep {
    size_t naccounts, nposts, nfollows, nlabels;
    strset acc_ids, post_ids;
    char acc_id[64], handle[64], label[16], bio[64], url[128];
    int64_t followers, following, posts, lists, created_at;
    int verified, protected_, default_avatar;
    char post_id[64], author[64], parent[64], text[128], source[64];
    bf_post_kind kind;
    int64_t likes, reposts, replies, quotes, views;
    int hashtags, mentions, urls;
    char follower[64], followee[64];
    int64_t position;
} keep;

static bf_err on_account(void *ctx, const bf_account *a)
{
    keep *k = ctx;

    assert_non_null(a->native_id);
    assert_true(bf__utf8_valid(a->native_id, strlen(a->native_id)));
    if (a->bio)
        assert_true(bf__utf8_valid(a->bio, strlen(a->bio)));
    if (a->name)
        assert_true(bf__utf8_valid(a->name, strlen(a->name)));
    k->naccounts++;
    set_add(&k->acc_ids, a->native_id);
    k->nlabels += a->label != NULL;
    bft_copy(k->acc_id, sizeof k->acc_id, a->native_id);
    bft_copy(k->handle, sizeof k->handle, a->handle);
    bft_copy(k->label, sizeof k->label, a->label);
    bft_copy(k->bio, sizeof k->bio, a->bio);
    bft_copy(k->url, sizeof k->url, a->url);
    k->followers = a->followers;
    k->following = a->following;
    k->posts = a->posts;
    k->lists = a->lists;
    k->created_at = a->created_at;
    k->verified = a->verified;
    k->protected_ = a->protected_;
    k->default_avatar = a->default_avatar;
    return BF_OK;
}

static bf_err on_post(void *ctx, const bf_post *p)
{
    keep *k = ctx;

    assert_non_null(p->native_id);
    assert_non_null(p->author_id);
    if (p->text)
        assert_true(bf__utf8_valid(p->text, strlen(p->text)));
    k->nposts++;
    set_add(&k->post_ids, p->native_id);
    bft_copy(k->post_id, sizeof k->post_id, p->native_id);
    bft_copy(k->author, sizeof k->author, p->author_id);
    bft_copy(k->parent, sizeof k->parent, p->parent_id);
    bft_copy(k->text, sizeof k->text, p->text);
    bft_copy(k->source, sizeof k->source, p->source);
    k->kind = p->kind;
    k->likes = p->likes;
    k->reposts = p->reposts;
    k->replies = p->replies;
    k->quotes = p->quotes;
    k->views = p->views;
    k->hashtags = p->hashtags;
    k->mentions = p->mentions;
    k->urls = p->urls;
    return BF_OK;
}

static bf_err on_follow(void *ctx, const bf_follow *f)
{
    keep *k = ctx;

    k->nfollows++;
    bft_copy(k->follower, sizeof k->follower, f->follower);
    bft_copy(k->followee, sizeof k->followee, f->followee);
    k->position = f->position;
    return BF_OK;
}

static char dir[64];

static int setup(void **state)
{
    (void)state;
    strcpy(dir, "/tmp/bf_formats_XXXXXX");
    return mkdtemp(dir) ? 0 : -1;
}

static int teardown(void **state)
{
    char cmd[128];

    (void)state;
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    return system(cmd) == 0 ? 0 : -1;
}

/* write_file writes n bytes of text to dir/name and returns the path. */
static const char *write_file(const char *name, const char *text, size_t n)
{
    static char path[128];

    snprintf(path, sizeof path, "%s/%s", dir, name);
    bft_write_file(path, text, n);
    return path;
}

/* ingest reads path with opts (NULL: defaults) into a fresh k and d. */
static bf_err ingest(const char *path, const bf_ingest_opts *opts, keep *k,
                     bf_diags *d)
{
    bf_sink sink = { k, on_account, on_post, on_follow, NULL };
    bf_ingest_opts o;

    memset(k, 0, sizeof *k);
    bf_diags_init(d);
    if (opts)
        o = *opts;
    else
        bf_ingest_opts_init(&o);
    return bf_ingest_path(path, &o, &sink, d);
}

static void done(keep *k, bf_diags *d)
{
    set_free(&k->acc_ids);
    set_free(&k->post_ids);
    bf_diags_release(d);
}

/* A twarc2 page: an included user and tweet, then a retweet of it. */
static const char page[] =
        "{\"data\":[{\"id\":\"300\",\"author_id\":\"30\",\"text\":\"RT @a: "
        "hi\",\"created_at\":\"2021-09-22T16:37:29.000Z\","
        "\"referenced_tweets\":[{\"type\":\"replied_to\",\"id\":\"7\"},"
        "{\"type\":\"retweeted\",\"id\":\"100\"}],\"public_metrics\":{"
        "\"retweet_count\":4,\"reply_count\":1,\"like_count\":9,"
        "\"quote_count\":2,\"impression_count\":1234},\"entities\":{"
        "\"hashtags\":[{},{}],\"mentions\":[{}],\"urls\":[{},{},{}]},"
        "\"source\":\"Twitter Web App\"}],"
        "\"includes\":{\"users\":[{\"id\":\"30\",\"username\":\"bob\","
        "\"name\":\"Bob\",\"created_at\":\"2010-03-03T12:49:24.000Z\","
        "\"public_metrics\":{\"followers_count\":580,\"following_count\":"
        "518,\"tweet_count\":55186,\"listed_count\":12},\"verified\":false,"
        "\"protected\":false,\"description\":\"d\",\"url\":\"\","
        "\"profile_image_url\":\"https://abs.twimg.com/sticky/"
        "default_profile_images/default_profile_normal.png\"}],"
        "\"tweets\":[{\"id\":\"100\",\"author_id\":\"10\",\"text\":\"hi\"}]},"
        "\"meta\":{\"result_count\":1},\"errors\":[{\"title\":\"x\"}],"
        "\"__twarc\":{\"version\":\"2\"}}\n";

static void test_v2_page(void **state)
{
    keep k;
    bf_diags d;
    const char *p = write_file("page.jsonl", page, sizeof page - 1);

    (void)state;
    assert_int_equal(bf_format_detect(page, sizeof page - 1, p),
                     BF_FMT_TWITTER_V2);
    assert_int_equal(ingest(p, NULL, &k, &d), BF_OK);
    assert_int_equal(d.rejected, 0);
    assert_int_equal(k.naccounts, 1);
    assert_string_equal(k.handle, "bob");
    assert_int_equal(k.followers, 580);
    assert_int_equal(k.following, 518);
    assert_int_equal(k.posts, 55186);
    assert_int_equal(k.lists, 12);
    assert_int_equal(k.default_avatar, 1);
    assert_int_equal(k.created_at, 1267620564);
    assert_string_equal(k.url, ""); /* "" is absent */
    /* The included tweet first, then the retweet pointing at it. */
    assert_int_equal(k.nposts, 2);
    assert_string_equal(k.post_id, "300");
    assert_int_equal(k.kind, BF_POST_REPOST);
    assert_string_equal(k.parent, "100");
    assert_int_equal(k.likes, 9);
    assert_int_equal(k.reposts, 4);
    assert_int_equal(k.replies, 1);
    assert_int_equal(k.quotes, 2);
    assert_int_equal(k.views, 1234);
    assert_int_equal(k.hashtags, 2);
    assert_int_equal(k.mentions, 1);
    assert_int_equal(k.urls, 3);
    assert_string_equal(k.source, "Twitter Web App");
    done(&k, &d);
}

/* twarc2 flatten: author and quoted tweet embedded in the tweet. */
static void test_v2_flat(void **state)
{
    static const char flat[] =
            "{\"id\":\"2\",\"text\":\"q\",\"author_id\":\"20\",\"author\":{"
            "\"id\":\"20\",\"username\":\"ann\",\"public_metrics\":{"
            "\"followers_count\":3}},\"referenced_tweets\":[{\"type\":"
            "\"quoted\",\"id\":\"1\",\"text\":\"orig\",\"author_id\":\"10\","
            "\"author\":{\"id\":\"10\",\"username\":\"zed\"}}],"
            "\"note_tweet\":{\"text\":\"a long text\"}}\n"
            "{\"id\":\"1170025343920402432\",\"action\":\"delete\","
            "\"reason\":\"protected\"}\n"
            "{\"id\":\"3\",\"text\":\"no author\"}\n";
    keep k;
    bf_diags d;
    const char *p = write_file("flat.jsonl", flat, sizeof flat - 1);

    (void)state;
    assert_int_equal(bf_format_detect(flat, sizeof flat - 1, p),
                     BF_FMT_TWITTER_V2);
    assert_int_equal(ingest(p, NULL, &k, &d), BF_OK);
    assert_int_equal(k.naccounts, 2);
    assert_int_equal(k.nposts, 2);
    assert_string_equal(k.post_id, "2");
    assert_int_equal(k.kind, BF_POST_QUOTE);
    assert_string_equal(k.parent, "1");
    assert_string_equal(k.text, "a long text");
    assert_string_equal(k.author, "20");
    /* The compliance event is skipped; the author-less tweet rejected. */
    assert_int_equal(d.rejected, 1);
    assert_int_equal(d.recs[0].line, 3);
    done(&k, &d);
}

/* shared_path builds a path under the shared data directory. */
static int shared_path(char *out, size_t cap, const char *rel)
{
    const char *base = getenv("BONAFIDE_SHARED");

    snprintf(out, cap, "%s/%s", base && *base ? base : "../shared", rel);
    if (access(out, R_OK) != 0) {
        print_message("skipped: %s is absent\n", out);
        return 0;
    }
    return 1;
}

/*
 * twarc's users.jsonl: one page whose data holds 96 user objects, 91
 * distinct ids (python3: len(d['data']), len({u['id'] for u in
 * d['data']})), and includes.tweets 52 pinned tweets; brexit.jsonl: 177
 * included users, 155 distinct tweets among data and includes.tweets.
 */
static void test_v2_real(void **state)
{
    char path[512];
    keep k;
    bf_diags d;

    (void)state;
    if (!shared_path(path, sizeof path,
                     "data/twarc-csv-v2/test-data/users.jsonl"))
        skip();
    assert_int_equal(ingest(path, NULL, &k, &d), BF_OK);
    assert_int_equal(d.rejected, 0);
    assert_int_equal(k.naccounts, 96);
    assert_int_equal(k.acc_ids.n, 91);
    assert_int_equal(k.post_ids.n, 52);
    done(&k, &d);
    if (!shared_path(path, sizeof path,
                     "data/twarc-csv-v2/test-data/brexit.jsonl"))
        skip();
    assert_int_equal(ingest(path, NULL, &k, &d), BF_OK);
    assert_int_equal(d.rejected, 0);
    assert_int_equal(k.acc_ids.n, 177);
    assert_int_equal(k.post_ids.n, 155);
    done(&k, &d);
}

/*
 * An edited tweet: X gives each version an id and lists the chain.  The
 * versions are one post, keyed by the first id; a replaced version says
 * nothing of the post's text, date or reactions.
 */
static void test_v2_edited(void **state)
{
    static const char ed[] =
            "{\"data\":[{\"id\":\"11\",\"author_id\":\"3\",\"text\":"
            "\"hey\",\"created_at\":\"2022-10-03T17:57:11.000Z\","
            "\"edit_history_tweet_ids\":[\"10\",\"11\"],\"public_metrics\":"
            "{\"like_count\":32,\"retweet_count\":3,\"reply_count\":14,"
            "\"quote_count\":2}}]}\n"
            "{\"data\":[{\"id\":\"10\",\"author_id\":\"3\",\"text\":"
            "\"hi\",\"created_at\":\"2022-10-03T17:57:01.000Z\","
            "\"edit_history_tweet_ids\":[\"10\",\"11\"],\"public_metrics\":"
            "{\"like_count\":0,\"retweet_count\":0,\"reply_count\":0,"
            "\"quote_count\":1},\"source\":\"x\"}]}\n";
    const char *p = write_file("edited.jsonl", ed, sizeof ed - 1);
    char path[512];
    keep k;
    bf_diags d;

    (void)state;
    assert_int_equal(ingest(p, NULL, &k, &d), BF_OK);
    assert_int_equal(d.rejected, 0);
    assert_int_equal(k.nposts, 2);
    assert_int_equal(k.post_ids.n, 1);
    /* The last one read, the replaced version: its key, nothing else. */
    assert_string_equal(k.post_id, "10");
    assert_string_equal(k.author, "3");
    assert_string_equal(k.text, "");
    assert_string_equal(k.source, "");
    assert_int_equal(k.likes, -1);
    assert_int_equal(k.quotes, -1);
    assert_int_equal(k.urls, -1);
    done(&k, &d);

    /* twarc's own capture: the old version, with both in its includes. */
    if (!shared_path(path, sizeof path,
                     "data/twarc-csv-v2/test-data/edited_before.jsonl"))
        skip();
    assert_int_equal(ingest(path, NULL, &k, &d), BF_OK);
    assert_int_equal(k.nposts, 3);
    assert_int_equal(k.post_ids.n, 1);
    assert_string_equal(k.post_id, "1576994746135764992");
    done(&k, &d);
}

/* A TwiBot-20 array, pretty-printed over several lines. */
static void test_twibot(void **state)
{
    static const char tb[] =
            "[\n {\"ID\": \"17461978\", \"profile\": {\"id_str\": \"17461978 "
            "\", \"screen_name\": \"SHAQ \", \"followers_count\": \"15349596 "
            "\", \"verified\": \"True \", \"protected\": \"False \", "
            "\"created_at\": \"Tue Nov 18 10:27:25 +0000 2008 \", \"url\": "
            "\"None \"},\n  \"tweet\": [\"hello\", \"RT @x: hi\"],\n"
            "  \"neighbor\": {\"following\": [\"1\", \"2\"], \"follower\": "
            "[\"3\"]}, \"domain\": [\"Sports\"], \"label\": \"1\"},\n"
            " {\"ID\": \"5\", \"profile\": null, \"tweet\": null, "
            "\"neighbor\": null, \"label\": \"0\"},\n {\"profile\": {}}\n]\n";
    keep k;
    bf_diags d;
    const char *p = write_file("tb.json", tb, sizeof tb - 1);

    (void)state;
    assert_int_equal(bf_format_detect(tb, sizeof tb - 1, p), BF_FMT_TWIBOT);
    assert_int_equal(ingest(p, NULL, &k, &d), BF_OK);
    assert_int_equal(k.naccounts, 2);
    assert_int_equal(k.nlabels, 2);
    assert_string_equal(k.label, "genuine");
    assert_int_equal(k.nposts, 2);
    assert_string_equal(k.post_id, "17461978-1");
    assert_int_equal(k.kind, BF_POST_REPOST);
    assert_int_equal(k.nfollows, 3);
    assert_string_equal(k.follower, "3");
    assert_string_equal(k.followee, "17461978");
    assert_int_equal(d.rejected, 1); /* the record without an ID */
    done(&k, &d);
}

/*
 * The TwiBot-20 sample: 100 records, 17,372 tweet texts, 1,139 neighbour
 * ids, no labels (python3: len(d), sum(len(x['tweet'] or [])), sum of the
 * lengths of both neighbour lists).
 */
static void test_twibot_real(void **state)
{
    char path[512];
    keep k;
    bf_diags d;

    (void)state;
    if (!shared_path(path, sizeof path,
                     "data/twibot20-sample/TwiBot-20_sample.json"))
        skip();
    assert_int_equal(ingest(path, NULL, &k, &d), BF_OK);
    assert_int_equal(d.rejected, 0);
    assert_int_equal(k.naccounts, 100);
    assert_int_equal(k.acc_ids.n, 100);
    assert_int_equal(k.post_ids.n, 17372);
    assert_int_equal(k.nfollows, 1139);
    assert_int_equal(k.nlabels, 0);
    done(&k, &d);
}

static const char ig_head[] =
        "profile pic,nums/length username,fullname words,nums/length "
        "fullname,name==username,description length,external URL,private,"
        "#posts,#followers,#follows,fake\n";

static void test_instagram(void **state)
{
    char text[1024], first[64];
    keep k;
    bf_diags d;
    const char *p;

    (void)state;
    snprintf(text, sizeof text,
             "%s1,0.27,0,0,0,53,1,0,32,1000,955,0\n"
             "0,0.67,1,0,0,0,0,1,0,25,700,1\n"
             "0,0.67,1,0,0,0,0,1,0,25,700,1\n1,2\n"
             "NULL,0.67,1,0,0,0,NULL,1,0,x,700,1\n",
             ig_head);
    p = write_file("ig.csv", text, strlen(text));
    assert_int_equal(bf_format_detect(text, strlen(text), p),
                     BF_FMT_INSTAGRAM_CSV);
    assert_int_equal(ingest(p, NULL, &k, &d), BF_OK);
    assert_int_equal(d.rejected, 1); /* the short row */
    assert_int_equal(d.warnings, 1); /* "x" followers */
    assert_int_equal(k.naccounts, 4);
    /* Identical rows are two accounts with distinct, stable ids. */
    assert_int_equal(k.acc_ids.n, 4);
    assert_int_equal(strncmp(k.acc_id, "ig-", 3), 0);
    assert_string_equal(k.label, "fake");
    assert_int_equal(k.protected_, 1);
    assert_int_equal(k.default_avatar, -1); /* NULL: unknown */
    assert_int_equal(k.followers, -1);
    assert_int_equal(k.following, 700);
    assert_string_equal(k.url, "");
    bft_copy(first, sizeof first, k.acc_id);
    assert_non_null(strstr(k.acc_id, "-0"));
    done(&k, &d);
    /* Re-reading the same rows under another name gives the same ids. */
    p = write_file("other-name.csv", text, strlen(text));
    assert_int_equal(ingest(p, NULL, &k, &d), BF_OK);
    assert_string_equal(k.acc_id, first);
    done(&k, &d);
}

static void test_labels(void **state)
{
    static const char csv[] = "id,screen_name,followers_count,class\n"
                              "1,a,10,human\n2,b,20,Fake Follower\n"
                              "3,c,5,weird\n4,d,1,bot\n";
    bf_ingest_opts o;
    keep k;
    bf_diags d;
    const char *p = write_file("lab.csv", csv, sizeof csv - 1);

    (void)state;
    assert_string_equal(bf_label_parse(" Human "), "genuine");
    assert_string_equal(bf_label_parse("1"), "bot");
    assert_string_equal(bf_label_parse("fake follower"), "fake");
    assert_null(bf_label_parse("2"));
    bf_ingest_opts_init(&o);
    o.label_column = "class";
    assert_int_equal(ingest(p, &o, &k, &d), BF_OK);
    assert_int_equal(k.naccounts, 4);
    assert_int_equal(k.nlabels, 3);
    assert_string_equal(k.label, "bot");
    assert_int_equal(d.warnings, 1);
    assert_int_equal(d.rejected, 0);
    assert_int_equal(d.recs[0].line, 4);
    done(&k, &d);
    /* --label wins over the file's own labels, for every reader. */
    o.label = "genuine";
    assert_int_equal(ingest(p, &o, &k, &d), BF_OK);
    assert_int_equal(k.nlabels, 4);
    assert_string_equal(k.label, "genuine");
    done(&k, &d);
    bf_ingest_opts_init(&o);
    o.label = "bot";
    p = write_file("page2.jsonl", page, sizeof page - 1);
    assert_int_equal(ingest(p, &o, &k, &d), BF_OK);
    assert_int_equal(k.nlabels, 1);
    assert_string_equal(k.label, "bot");
    done(&k, &d);
}

/* The same page, gzip- and zstd-compressed, under names that hide it. */
static void test_compressed(void **state)
{
    char path[128];
    size_t bound = ZSTD_compressBound(sizeof page - 1), n;
    char *z = malloc(bound);
    keep k;
    bf_diags d;
    gzFile g;

    (void)state;
    assert_non_null(z);
    snprintf(path, sizeof path, "%s/page.data", dir);
    g = gzopen(path, "wb");
    assert_non_null(g);
    assert_int_equal(gzwrite(g, page, sizeof page - 1), sizeof page - 1);
    gzclose(g);
    assert_int_equal(ingest(path, NULL, &k, &d), BF_OK);
    assert_int_equal(k.nposts, 2);
    assert_int_equal(d.rejected, 0);
    done(&k, &d);
    n = ZSTD_compress(z, bound, page, sizeof page - 1, 3);
    assert_false(ZSTD_isError(n));
    write_file("page.bin", z, n);
    snprintf(path, sizeof path, "%s/page.bin", dir);
    assert_int_equal(ingest(path, NULL, &k, &d), BF_OK);
    assert_int_equal(k.nposts, 2);
    assert_int_equal(d.rejected, 0);
    done(&k, &d);
    /* Truncated: a read error, reported, never a crash. */
    write_file("cut.zst", z, n / 2);
    snprintf(path, sizeof path, "%s/cut.zst", dir);
    assert_int_equal(ingest(path, NULL, &k, &d), BF_EIO);
    assert_true(d.rejected >= 1);
    done(&k, &d);
    free(z);
}

static void test_utf8(void **state)
{
    static const char bad_line[] =
            "{\"id\":\"2\",\"author_id\":\"20\",\"text\":\"a\xff"
            "b\xe2\x82\"}\n";
    bf_buf b;
    size_t bad = 0;
    keep k;
    bf_diags d;
    const char *p;

    (void)state;
    assert_true(bf__utf8_valid("h\xc3\xa9", 3));
    assert_false(bf__utf8_valid("\xc0\xaf", 2));         /* overlong */
    assert_false(bf__utf8_valid("\xed\xa0\x80", 3));     /* surrogate */
    assert_false(bf__utf8_valid("\xf4\x90\x80\x80", 4)); /* > U+10FFFF */
    bf_buf_init(&b, 1024);
    assert_int_equal(bf__utf8_repair("a\x80\x80z\xe2\x82", 6, &b, &bad), BF_OK);
    assert_string_equal(b.data, "a\xef\xbf\xbdz\xef\xbf\xbd");
    assert_int_equal(bad, 2);
    bf_buf_release(&b);
    p = write_file("bad.jsonl", bad_line, sizeof bad_line - 1);
    assert_int_equal(ingest(p, NULL, &k, &d), BF_OK);
    assert_int_equal(k.nposts, 1);
    assert_string_equal(k.text, "a\xef\xbf\xbd"
                                "b\xef\xbf\xbd");
    assert_int_equal(d.rejected, 0);
    assert_int_equal(d.warnings, 1);
    done(&k, &d);
}

/* v1.1 user lists and follower-id pages, with and without a subject. */
static void test_v1_pages(void **state)
{
    static const char pages[] =
            "{\"users\":[{\"id\":979919484,\"id_str\":\"979919484\","
            "\"screen_name\":\"SwelynD\",\"followers_count\":0}],"
            "\"next_cursor\":0}\n"
            "{\"ids\":[20009713,22469930,351223419],\"next_cursor\":1}\n"
            "{\"ids\":[\"18446744073709551615\",\"x\"],\"next_cursor\":0}\n";
    bf_ingest_opts o;
    keep k;
    bf_diags d;
    const char *p = write_file("v1pages.json", pages, sizeof pages - 1);

    (void)state;
    assert_int_equal(ingest(p, NULL, &k, &d), BF_OK);
    assert_int_equal(k.nfollows, 0);
    assert_int_equal(k.naccounts, 5); /* 1 user, 4 bare ids */
    assert_int_equal(d.warnings, 1);  /* once per file */
    assert_int_equal(d.rejected, 1);  /* "x" */
    done(&k, &d);
    bf_ingest_opts_init(&o);
    o.subject = "14100886";
    assert_int_equal(ingest(p, &o, &k, &d), BF_OK);
    assert_int_equal(k.naccounts, 1);
    assert_int_equal(k.nfollows, 4);
    assert_string_equal(k.follower, "18446744073709551615");
    assert_string_equal(k.followee, "14100886");
    assert_int_equal(k.position, 3); /* counted across pages */
    assert_int_equal(d.warnings, 0);
    done(&k, &d);
}

/*
 * twitter.json (one pretty-printed search response): 100 statuses and
 * their embedded retweets, 115 distinct tweet ids (python3, walking
 * statuses and retweeted_status/quoted_status); ids above 2^53 must come
 * out exactly, and the first one is the one whose "id" a double rounds.
 */
static void test_v1_big_ids(void **state)
{
    char path[512];
    keep k;
    bf_diags d;
    char *ids;

    (void)state;
    if (!shared_path(path, sizeof path,
                     "data/twitter-search-json-benchmark/data/twitter.json"))
        skip();
    assert_int_equal(ingest(path, NULL, &k, &d), BF_OK);
    assert_int_equal(d.rejected, 0);
    assert_int_equal(k.post_ids.n, 115);
    ids = NULL;
    {
        size_t i, found = 0;

        for (i = 0; i < k.post_ids.cap; i++)
            if (k.post_ids.slot[i] &&
                strcmp(k.post_ids.slot[i], "505874924095815681") == 0)
                found = 1;
        assert_int_equal(found, 1);
        for (i = 0; i < k.post_ids.cap; i++)
            if (k.post_ids.slot[i] &&
                strcmp(k.post_ids.slot[i], "505874924095815700") == 0)
                ids = k.post_ids.slot[i];
        assert_null(ids);
    }
    done(&k, &d);
}

/* Hostile shapes: a diagnostic, never a crash. */
static void test_hostile(void **state)
{
    static const char *const bodies[] = {
        "{\"data\":[{\"id\":5,\"author_id\":[],\"text\":1}],\"includes\":"
        "{\"users\":7}}\n",
        "{\"data\":{\"id\":\"1\",\"id\":\"2\",\"username\":\"a\"},\"meta\":"
        "{}}\n",
        "[{\"ID\":\"1\",\"profile\":[],\"neighbor\":{\"follower\":\"x\"}}",
        "{\"data\":[\0]}\n",
    };
    char deep[20100];
    bf_ingest_opts o;
    keep k;
    bf_diags d;
    size_t i;
    const char *p;

    (void)state;
    bf_ingest_opts_init(&o);
    o.format = BF_FMT_TWITTER_V2;
    for (i = 0; i < 3; i++) {
        p = write_file("h.json", bodies[i], strlen(bodies[i]));
        o.format = i == 2 ? BF_FMT_TWIBOT : BF_FMT_TWITTER_V2;
        assert_int_equal(ingest(p, &o, &k, &d), BF_OK);
        done(&k, &d);
    }
    p = write_file("nul.json", bodies[3], 14);
    assert_int_equal(ingest(p, &o, &k, &d), BF_OK);
    assert_true(d.rejected >= 1);
    done(&k, &d);
    memset(deep, '[', 10000);
    memset(deep + 10000, ']', 10000);
    deep[20000] = '\n';
    for (i = 0; i < 2; i++) {
        o.format = i ? BF_FMT_TWIBOT : BF_FMT_TWITTER_V2;
        p = write_file("deep.json", deep, 20001);
        assert_int_equal(ingest(p, &o, &k, &d), BF_OK);
        assert_int_equal(d.rejected, 1);
        done(&k, &d);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_v2_page),    cmocka_unit_test(test_v2_flat),
        cmocka_unit_test(test_v2_real),    cmocka_unit_test(test_v2_edited),
        cmocka_unit_test(test_twibot),     cmocka_unit_test(test_twibot_real),
        cmocka_unit_test(test_instagram),  cmocka_unit_test(test_labels),
        cmocka_unit_test(test_compressed), cmocka_unit_test(test_utf8),
        cmocka_unit_test(test_v1_pages),   cmocka_unit_test(test_v1_big_ids),
        cmocka_unit_test(test_hostile),
    };

    return cmocka_run_group_tests(tests, setup, teardown);
}
