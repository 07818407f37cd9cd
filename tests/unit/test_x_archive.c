/*
 * test_x_archive.c - the X archive reader, on folders and zips.
 *
 * Small archives are written by hand into a temporary folder, as files or
 * as a zip made with libzip, and read into a sink that keeps what it is
 * given.  The checks cover the mapping (owner, counters, posts and their
 * kinds, follow edges and positions), the layouts (data/, top level, a zip
 * with a top-level folder), the diagnostics (a bad element, a bad prefix,
 * a member over the size limit, a missing owner), privacy (the e-mail
 * address and phone number of account.js never reach a record or the
 * store) and direct messages, which are never opened.
 *
 * The real archive in ../shared/data (or $BONAFIDE_SHARED/data) is read as
 * a folder and, zipped on the fly, as a zip; both tests skip when it is
 * absent.
 */
/* nftw, to remove the temporary folders. */
#define _XOPEN_SOURCE 700

#include <dirent.h>
#include <ftw.h>
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
#include <zip.h>

#include "base/buf.h"
#include "ingest/ingest.h"
#include "ingest/x_archive.h"
#include "store/store.h"
#include "test_util.h"

/* ---- a sink that keeps what it sees ---- */

#define KEEP 8

typedef struct edge {
    char follower[24], followee[24];
    int64_t position;
} edge;

typedef struct seen {
    int accounts, posts, follows;
    int kinds[4];
    bf_account owner; /* the last account; strings point into owner_s */
    char owner_s[5][256];
    char first_post[24], author[24], reply_parent[24], source[64];
    int hashtags, mentions;
    int64_t likes, reposts, created_at;
    edge edges[KEEP];
    int followers_in, following_out;
    bf_buf text; /* every string given, for the privacy checks */
} seen;

/* copy keeps s in dst (cap bytes); NULL stays NULL. */
static const char *copy(char *dst, size_t cap, const char *s)
{
    if (!s)
        return NULL;
    snprintf(dst, cap, "%s", s);
    return dst;
}

/* keep_text appends s to the text every record gave. */
static void keep_text(seen *s, const char *t)
{
    if (t) {
        assert_int_equal(bf_buf_puts(&s->text, t), BF_OK);
        assert_int_equal(bf_buf_putc(&s->text, '\n'), BF_OK);
    }
}

static bf_err on_account(void *ctx, const bf_account *a)
{
    seen *s = ctx;

    s->accounts++;
    s->owner = *a;
    s->owner.native_id = copy(s->owner_s[0], 256, a->native_id);
    s->owner.handle = copy(s->owner_s[1], 256, a->handle);
    s->owner.name = copy(s->owner_s[2], 256, a->name);
    s->owner.bio = copy(s->owner_s[3], 256, a->bio);
    s->owner.url = copy(s->owner_s[4], 256, a->url);
    s->owner.platform = NULL;
    s->owner.location = NULL;
    keep_text(s, a->native_id);
    keep_text(s, a->handle);
    keep_text(s, a->name);
    keep_text(s, a->bio);
    keep_text(s, a->url);
    keep_text(s, a->location);
    return BF_OK;
}

static bf_err on_post(void *ctx, const bf_post *p)
{
    seen *s = ctx;

    assert_non_null(p->native_id);
    assert_non_null(p->author_id);
    if (s->posts == 0) {
        copy(s->author, sizeof s->author, p->author_id);
        copy(s->first_post, sizeof s->first_post, p->native_id);
        copy(s->source, sizeof s->source, p->source);
        s->hashtags = p->hashtags;
        s->mentions = p->mentions;
        s->likes = p->likes;
        s->reposts = p->reposts;
        s->created_at = p->created_at;
    }
    if (p->kind == BF_POST_REPLY && !s->reply_parent[0])
        copy(s->reply_parent, sizeof s->reply_parent, p->parent_id);
    s->posts++;
    s->kinds[p->kind]++;
    keep_text(s, p->text);
    keep_text(s, p->source);
    return BF_OK;
}

static bf_err on_follow(void *ctx, const bf_follow *f)
{
    seen *s = ctx;

    assert_non_null(f->follower);
    assert_non_null(f->followee);
    if (s->follows < KEEP) {
        edge *e = &s->edges[s->follows];

        copy(e->follower, sizeof e->follower, f->follower);
        copy(e->followee, sizeof e->followee, f->followee);
        e->position = f->position;
    }
    s->follows++;
    s->followers_in += f->position >= 0;
    s->following_out += f->position < 0;
    return BF_OK;
}

/* ---- temporary archives ---- */

typedef struct fixture {
    char dir[64];
    seen *s;
    bf_sink sink;
    bf_diags d;
    bf_ingest_opts o;
} fixture;

static int setup(void **state)
{
    fixture *f = calloc(1, sizeof *f);

    assert_non_null(f);
    strcpy(f->dir, "/tmp/test_x_archive_XXXXXX");
    assert_non_null(mkdtemp(f->dir));
    f->s = calloc(1, sizeof *f->s);
    assert_non_null(f->s);
    bf_buf_init(&f->s->text, 64u << 20);
    f->sink.ctx = f->s;
    f->sink.account = on_account;
    f->sink.post = on_post;
    f->sink.follow = on_follow;
    bf_diags_init(&f->d);
    bf_ingest_opts_init(&f->o);
    *state = f;
    return 0;
}

static int rm_one(const char *p, const struct stat *sb, int flag,
                  struct FTW *ftw)
{
    (void)sb;
    (void)flag;
    (void)ftw;
    return remove(p);
}

static int teardown(void **state)
{
    fixture *f = *state;

    nftw(f->dir, rm_one, 16, FTW_DEPTH | FTW_PHYS);
    bf_buf_release(&f->s->text);
    free(f->s);
    bf_diags_release(&f->d);
    free(f);
    return 0;
}

/* reset empties the sink and the diagnostics between two reads. */
static void reset(fixture *f)
{
    bf_buf text = f->s->text;

    bf_buf_reset(&text);
    memset(f->s, 0, sizeof *f->s);
    f->s->text = text;
    bf_diags_release(&f->d);
    bf_diags_init(&f->d);
}

/* A member of a handmade archive. */
typedef struct afile {
    const char *name;
    const char *text;
} afile;

/* write_folder writes files below f->dir/sub and returns that folder. */
static void write_folder(fixture *f, const char *sub, const afile *files,
                         size_t n, char *out, size_t cap)
{
    char p[512], *slash;
    size_t i;

    snprintf(out, cap, "%s/%s", f->dir, sub);
    mkdir(out, 0700);
    for (i = 0; i < n; i++) {
        snprintf(p, sizeof p, "%s/%s", out, files[i].name);
        /* Make the member's folders, one level at a time. */
        for (slash = strchr(p + strlen(out) + 1, '/'); slash;
             slash = strchr(slash + 1, '/')) {
            *slash = '\0';
            mkdir(p, 0700);
            *slash = '/';
        }
        bft_write_text(p, files[i].text);
    }
}

/* write_zip writes files into the zip f->dir/name, each name prefixed. */
static void write_zip(fixture *f, const char *name, const char *prefix,
                      const afile *files, size_t n, char *out, size_t cap)
{
    char entry[512];
    zip_source_t *src;
    zip_t *z;
    int zerr = 0;
    size_t i;

    snprintf(out, cap, "%s/%s", f->dir, name);
    z = zip_open(out, ZIP_CREATE | ZIP_TRUNCATE, &zerr);
    assert_non_null(z);
    for (i = 0; i < n; i++) {
        snprintf(entry, sizeof entry, "%s%s", prefix, files[i].name);
        src = zip_source_buffer(z, files[i].text, strlen(files[i].text), 0);
        assert_non_null(src);
        assert_true(zip_file_add(z, entry, src, ZIP_FL_ENC_UTF_8) >= 0);
    }
    assert_int_equal(zip_close(z), 0);
}

/* The handmade archive.  The malformed tweet (no id_str) starts on line 8
 * of tweets.js. */
static const char account_js[] =
        "window.YTD.account.part0 = [\n"
        "  {\n"
        "    \"account\" : {\n"
        "      \"email\" : \"owner.secret@example.com\",\n"
        "      \"phoneNumber\" : \"+33612345678\",\n"
        "      \"createdVia\" : \"web\",\n"
        "      \"username\" : \"owner\",\n"
        "      \"accountId\" : \"1000\",\n"
        "      \"createdAt\" : \"2010-02-09T17:10:05.000Z\",\n"
        "      \"accountDisplayName\" : \"The Owner\"\n"
        "    }\n"
        "  }\n"
        "]";

static const char profile_js[] =
        "window.YTD.profile.part0 = [ { \"profile\" : { \"description\" : "
        "{ \"bio\" : \"Hello\", \"website\" : \"https://owner.example\", "
        "\"location\" : \"Lyon\" }, \"avatarMediaUrl\" : "
        "\"https://abs.twimg.com/sticky/default_profile_images/"
        "default_profile.png\" } } ]";

static const char tweets_js[] =
        "window.YTD.tweets.part0 = [\n" /* 1 */
        "  { \"tweet\" : { \"id_str\" : \"11\", \"full_text\" : \"#a @b @c\","
        " \"created_at\" : \"Thu Nov 03 08:50:26 +0000 2022\","
        " \"favorite_count\" : \"3\", \"retweet_count\" : \"1\","
        " \"source\" : \"<a href=\\\"http://x\\\" rel=\\\"nofollow\\\">"
        "Twitter for iPhone</a>\", \"entities\" : { \"hashtags\" : [ {} ],"
        " \"user_mentions\" : [ {}, {} ], \"urls\" : [ ] } } },\n" /* 2 */
        "  { \"tweet\" : { \"id_str\" : \"12\", \"full_text\" : \"@x yes\",\n"
        "    \"in_reply_to_status_id_str\" : \"5\" } },\n" /* 4 */
        "  { \"tweet\" : { \"id_str\" : \"13\",\n"
        "    \"full_text\" : \"RT @x: [a] {b} \\\" ]\" } },\n" /* 6 */
        "\n"                                                   /* 7 */
        "  { \"tweet\" : { \"full_text\" : \"no id\" } }\n"    /* 8 */
        "]";

static const char tweets_part1_js[] =
        "window.YTD.tweets.part1 = [ { \"tweet\" : { \"id_str\" : \"14\", "
        "\"full_text\" : \"later\" } } ]";

static const char follower_js[] =
        "window.YTD.follower.part0 = [\n"
        "  { \"follower\" : { \"accountId\" : \"2001\", \"userLink\" : "
        "\"https://twitter.com/intent/user?user_id=2001\" } },\n"
        "  { \"follower\" : { \"accountId\" : \"2002\" } },\n"
        "  { \"follower\" : { \"accountId\" : \"2003\" } }\n"
        "]";

static const char following_js[] =
        "window.YTD.following.part0 = [ { \"following\" : { \"accountId\" : "
        "\"3001\" } }, { \"following\" : { \"accountId\" : \"3002\" } } ]";

static const char like_js[] =
        "window.YTD.like.part0 = [ { \"like\" : { \"tweetId\" : \"1\" } }, "
        "{ \"like\" : { \"tweetId\" : \"2\" } }, { \"like\" : {} }, "
        "{ \"like\" : { \"tweetId\" : \"4\", \"fullText\" : \"x\" } } ]";

/* Never to be opened: it would be reported if it were parsed. */
static const char dm_js[] =
        "window.YTD.direct_messages.part0 = [ {{{ \"text\" : "
        "\"dm.secret@example.com\" ";

static const afile handmade[] = {
    { "data/account.js", account_js },
    { "data/profile.js", profile_js },
    { "data/tweets.js", tweets_js },
    { "data/tweets-part1.js", tweets_part1_js },
    { "data/follower.js", follower_js },
    { "data/following.js", following_js },
    { "data/like.js", like_js },
    { "data/direct-messages.js", dm_js },
    { "data/direct-messages-group.js", dm_js },
    { "data/tweets_media/11-a.jpg", "not a picture" },
};

#define NFILES(a) (sizeof(a) / sizeof((a)[0]))

/* check_handmade checks what the handmade archive gave; file_suffix is
 * how the tweets.js diagnostic's file name must end. */
static void check_handmade(fixture *f, const char *file_suffix)
{
    seen *s = f->s;
    const char *name;
    size_t n;

    /* One owner, four posts, three followers and two followings. */
    assert_int_equal(s->accounts, 1);
    assert_int_equal(s->posts, 4);
    assert_int_equal(s->follows, 5);
    assert_string_equal(s->owner.native_id, "1000");
    assert_string_equal(s->owner.handle, "owner");
    assert_string_equal(s->owner.name, "The Owner");
    assert_string_equal(s->owner.bio, "Hello");
    assert_string_equal(s->owner.url, "https://owner.example");
    assert_int_equal(s->owner.created_at, 1265735405);
    assert_int_equal(s->owner.followers, 3);
    assert_int_equal(s->owner.following, 2);
    /* Every element of tweets.js and its part, the malformed one too. */
    assert_int_equal(s->owner.posts, 5);
    assert_int_equal(s->owner.likes, 4);
    assert_int_equal(s->owner.default_avatar, 1);
    assert_int_equal(s->owner.verified, -1);

    /* Posts: kinds, counters written as strings, entities, source. */
    assert_string_equal(s->first_post, "11");
    assert_string_equal(s->author, "1000");
    assert_int_equal(s->kinds[BF_POST_ORIGINAL], 2);
    assert_int_equal(s->kinds[BF_POST_REPLY], 1);
    assert_int_equal(s->kinds[BF_POST_REPOST], 1);
    assert_string_equal(s->reply_parent, "5");
    assert_int_equal(s->likes, 3);
    assert_int_equal(s->reposts, 1);
    assert_int_equal(s->hashtags, 1);
    assert_int_equal(s->mentions, 2);
    assert_int_equal(s->created_at, 1667465426);
    assert_string_equal(s->source, "Twitter for iPhone");

    /* Followers point at the owner, in file order; followings away. */
    assert_string_equal(s->edges[0].follower, "2001");
    assert_string_equal(s->edges[0].followee, "1000");
    assert_int_equal(s->edges[0].position, 0);
    assert_string_equal(s->edges[2].follower, "2003");
    assert_int_equal(s->edges[2].position, 2);
    assert_string_equal(s->edges[3].follower, "1000");
    assert_string_equal(s->edges[3].followee, "3001");
    assert_int_equal(s->edges[3].position, -1);

    /* The malformed tweet alone is rejected, with its line. */
    assert_int_equal(f->d.rejected, 1);
    assert_int_equal(f->d.warnings, 0);
    assert_int_equal(f->d.recs[0].id, BF_D_MISSING_FIELD);
    assert_int_equal(f->d.recs[0].line, 8);
    name = f->d.recs[0].file;
    n = strlen(file_suffix);
    assert_true(strlen(name) >= n);
    assert_string_equal(name + strlen(name) - n, file_suffix);

    /* Privacy: neither account.js's contact details nor the direct
     * messages reached a record. */
    assert_null(strstr(s->text.data, "secret@"));
    assert_null(strstr(s->text.data, "612345678"));
}

static void reads_a_folder(void **state)
{
    fixture *f = *state;
    char root[256];

    write_folder(f, "archive", handmade, NFILES(handmade), root, sizeof root);
    assert_int_equal(bf_ingest_archive(root, &f->o, &f->sink, &f->d), BF_OK);
    check_handmade(f, "archive/data/tweets.js");
    /* bf_ingest_path sends a folder here on its own. */
    reset(f);
    assert_int_equal(bf_ingest_path(root, &f->o, &f->sink, &f->d), BF_OK);
    check_handmade(f, "archive/data/tweets.js");
}

static void reads_a_zip_with_a_top_folder(void **state)
{
    fixture *f = *state;
    char zp[256], want[300];

    write_zip(f, "twitter.zip", "twitter-2022-11-14-ab12/", handmade,
              NFILES(handmade), zp, sizeof zp);
    assert_int_equal(bf_ingest_path(zp, &f->o, &f->sink, &f->d), BF_OK);
    snprintf(want, sizeof want,
             "twitter.zip:twitter-2022-11-14-ab12/data/tweets.js");
    check_handmade(f, want);

    /* The same files with data/ at the zip's root. */
    reset(f);
    write_zip(f, "plain.zip", "", handmade, NFILES(handmade), zp, sizeof zp);
    assert_int_equal(bf_ingest_archive(zp, &f->o, &f->sink, &f->d), BF_OK);
    check_handmade(f, "plain.zip:data/tweets.js");
}

/* Older archives: files at the top level, tweet.js in parts, records
 * without their {"tweet": ...} wrapper; and a platform override. */
static void reads_an_old_top_level_archive(void **state)
{
    fixture *f = *state;
    char root[256];
    static const afile old[] = {
        { "account.js", "window.YTD.account.part0 = [ { \"account\" : { "
                        "\"accountId\" : \"7\", \"username\" : \"old\" } } ]" },
        { "tweet.js", "window.YTD.tweet.part0 = [ { \"id_str\" : \"70\", "
                      "\"full_text\" : \"a\" }, { \"id\" : \"71\", "
                      "\"full_text\" : \"b\" } ]" },
        { "tweet-part2.js", "window.YTD.tweet.part2 = [ { \"id_str\" : "
                            "\"72\", \"retweeted\" : true } ]" },
        { "tweet-headers.js", "window.YTD.tweet_headers.part0 = [ 1 ]" },
        { "verified.js", "window.YTD.verified.part0 = [ { \"verified\" : "
                         "{ \"accountId\" : \"7\", \"verified\" : true } } ]" },
    };

    write_folder(f, "old", old, NFILES(old), root, sizeof root);
    f->o.platform = "x";
    assert_int_equal(bf_ingest_archive(root, &f->o, &f->sink, &f->d), BF_OK);
    assert_int_equal(f->d.rejected + f->d.warnings, 0);
    assert_int_equal(f->s->posts, 3);
    assert_int_equal(f->s->kinds[BF_POST_REPOST], 1);
    assert_int_equal(f->s->accounts, 1);
    assert_string_equal(f->s->owner.handle, "old");
    assert_int_equal(f->s->owner.posts, 3);
    assert_int_equal(f->s->owner.verified, 1);
    /* No follower.js, following.js or like.js: unknown, not zero. */
    assert_int_equal(f->s->owner.followers, -1);
    assert_int_equal(f->s->owner.following, -1);
    assert_int_equal(f->s->owner.likes, -1);
}

/* A JSON error rejects its element only, reported on its line; a member
 * that is not an assignment is reported whole. */
static void a_bad_element_is_rejected_alone(void **state)
{
    fixture *f = *state;
    char root[256];
    static const afile bad[] = {
        { "data/account.js", account_js },
        { "data/tweets.js", "window.YTD.tweets.part0 = [\n"
                            "  { \"tweet\" : { \"id_str\" : \"1\" } },\n"
                            "  { \"tweet\" : { \"id_str\" : \"2\",, } },\n"
                            "  { \"tweet\" : { \"id_str\" : \"x9\" } },\n"
                            "  { \"tweet\" : { \"id_str\" : \"3\" } },\n"
                            "]\n" },
        { "data/follower.js", "alert(1)" },
        { "data/like.js", "window.YTD.like.part0 = [ { \"like\" : { " },
        { "data/following.js", "window.YTD.following.part0 = [ { "
                               "\"following\" : { \"accountId\" : \"9\" } "
                               "}" },
    };

    write_folder(f, "bad", bad, NFILES(bad), root, sizeof root);
    assert_int_equal(bf_ingest_archive(root, &f->o, &f->sink, &f->d), BF_OK);
    assert_int_equal(f->s->posts, 2);
    assert_int_equal(f->s->follows, 1);
    /* like.js cut short, follower.js, the truncated following.js, then
     * three in tweets.js: the syntax error, the bad id, the trailing
     * comma. */
    assert_int_equal(f->d.rejected, 6);
    assert_int_equal(f->d.recs[0].id, BF_D_JSON_SYNTAX);
    assert_non_null(strstr(f->d.recs[0].file, "data/like.js"));
    assert_int_equal(f->d.recs[1].id, BF_D_JSON_SHAPE);
    assert_int_equal(f->d.recs[1].line, 1);
    assert_int_equal(f->d.recs[2].id, BF_D_JSON_SYNTAX);
    assert_int_equal(f->d.recs[3].id, BF_D_JSON_SYNTAX);
    assert_int_equal(f->d.recs[3].line, 3);
    assert_int_equal(f->d.recs[4].id, BF_D_BAD_ID);
    assert_int_equal(f->d.recs[4].line, 4);
    assert_int_equal(f->d.recs[5].id, BF_D_JSON_SYNTAX);
    assert_int_equal(f->d.recs[5].line, 6);
    /* The counters count elements, the bad ones included. */
    assert_int_equal(f->s->owner.posts, 4);
    assert_int_equal(f->s->owner.following, 1);
    assert_int_equal(f->s->owner.likes, 1);
    /* follower.js could not be read: its count is unknown, not 0. */
    assert_int_equal(f->s->owner.followers, -1);
}

/* A member larger than the limit is reported and skipped, in a zip (its
 * declared size) and in a folder (the bytes read). */
static void a_member_over_the_limit_is_skipped(void **state)
{
    fixture *f = *state;
    char path[256];
    static const afile files[] = {
        { "data/account.js", account_js },
        { "data/tweets.js", tweets_js },
        { "data/follower.js", follower_js },
    };

    /* account.js and follower.js fit in 400 bytes, tweets.js does not. */
    assert_true(sizeof account_js < 400 && sizeof follower_js < 400);
    assert_true(sizeof tweets_js > 400);
    write_zip(f, "big.zip", "", files, NFILES(files), path, sizeof path);
    assert_int_equal(bf__x_archive_read(path, &f->o, 400, &f->sink, &f->d),
                     BF_OK);
    assert_int_equal(f->s->posts, 0);
    assert_int_equal(f->s->follows, 3);
    assert_int_equal(f->d.rejected, 1);
    assert_int_equal(f->d.recs[0].id, BF_D_LINE_TOO_LONG);
    assert_non_null(strstr(f->d.recs[0].file, "big.zip:data/tweets.js"));
    assert_int_equal(f->s->owner.posts, -1);

    reset(f);
    write_folder(f, "big", files, NFILES(files), path, sizeof path);
    assert_int_equal(bf__x_archive_read(path, &f->o, 400, &f->sink, &f->d),
                     BF_OK);
    assert_int_equal(f->s->posts, 0);
    assert_int_equal(f->d.rejected, 1);
    assert_int_equal(f->d.recs[0].id, BF_D_LINE_TOO_LONG);
    assert_non_null(strstr(f->d.recs[0].file, "big/data/tweets.js"));
}

/* Nothing to read: a path that is not there, a file that is not a zip, an
 * archive without its owner. */
static void unreadable_or_ownerless_archives(void **state)
{
    fixture *f = *state;
    char path[256];
    static const afile files[] = { { "data/follower.js", follower_js } };

    snprintf(path, sizeof path, "%s/absent.zip", f->dir);
    assert_int_equal(bf_ingest_archive(path, &f->o, &f->sink, &f->d), BF_EIO);
    assert_int_equal(f->d.recs[0].id, BF_D_IO);

    reset(f);
    write_folder(f, "nozip", files, NFILES(files), path, sizeof path);
    strcat(path, "/data/follower.js");
    assert_int_equal(bf_ingest_archive(path, &f->o, &f->sink, &f->d), BF_EIO);
    assert_int_equal(f->d.recs[0].id, BF_D_IO);

    reset(f);
    write_folder(f, "noowner", files, NFILES(files), path, sizeof path);
    assert_int_equal(bf_ingest_archive(path, &f->o, &f->sink, &f->d), BF_OK);
    assert_int_equal(f->d.rejected, 1);
    assert_int_equal(f->d.recs[0].id, BF_D_MISSING_FIELD);
    assert_int_equal(f->s->accounts + f->s->posts + f->s->follows, 0);
}

/* has_bytes is 1 when the file at path contains needle. */
static int has_bytes(const char *path, const char *needle)
{
    FILE *fp = fopen(path, "rb");
    size_t cap = 1 << 20, n, k = strlen(needle), i;
    char *buf = malloc(cap);
    int found = 0;

    assert_non_null(fp);
    assert_non_null(buf);
    while ((n = fread(buf, 1, cap, fp)) > 0 && !found) {
        for (i = 0; i + k <= n && !found; i++)
            found = memcmp(buf + i, needle, k) == 0;
        /* Go back so a needle across two reads is seen. */
        if (n == cap)
            fseek(fp, -(long)k, SEEK_CUR);
    }
    fclose(fp);
    free(buf);
    return found;
}

/* The store never holds account.js's e-mail address or phone number. */
static void the_store_gets_no_contact_details(void **state)
{
    fixture *f = *state;
    char root[256], sp[300], db[320];
    bf_store *st;
    bf_store_writer w;
    bf_sink sink;
    uint32_t id;
    bf_account_row row;

    write_folder(f, "archive", handmade, NFILES(handmade), root, sizeof root);
    snprintf(sp, sizeof sp, "%s/store", f->dir);
    assert_int_equal(bf_store_open(sp, &st), BF_OK);
    bf_store_writer_init(&w, st, 1000);
    sink = bf_store_writer_sink(&w);
    assert_int_equal(bf_ingest_archive(root, &f->o, &sink, &f->d), BF_OK);
    assert_int_equal(bf_store_writer_finish(&w), BF_OK);
    assert_int_equal(w.posts, 4);
    assert_int_equal(w.follows, 5);
    assert_int_equal(bf_store_resolve(st, "twitter:owner", &id), BF_OK);
    assert_int_equal(bf_store_account(st, id, &row), BF_OK);
    assert_int_equal(row.a.followers, 3);
    assert_int_equal(row.a.likes, 4);
    bf_account_row_release(&row);
    bf_store_close(st);
    snprintf(db, sizeof db, "%s/bonafide.sqlite", sp);
    assert_false(has_bytes(db, "secret@example"));
    assert_false(has_bytes(db, "612345678"));
    assert_true(has_bytes(db, "The Owner"));
}

/* ---- the real archive ---- */

/* shared_archive finds the real archive; 0 (with a reason) if absent. */
static int shared_archive(char *out, size_t cap)
{
    const char *base = getenv("BONAFIDE_SHARED");
    char p[600];

    snprintf(out, cap, "%s/data/twitter-archive-andreruffert",
             base ? base : "../shared");
    snprintf(p, sizeof p, "%s/data/account.js", out);
    if (access(p, R_OK) == 0)
        return 1;
    printf("skipped: %s not found (set BONAFIDE_SHARED)\n", p);
    return 0;
}

/* check_real checks the figures of the real archive (manifest.js: 1,986
 * tweets, 420 followers, 295 followings, 1,359 likes). */
static void check_real(fixture *f)
{
    seen *s = f->s;

    assert_int_equal(f->d.rejected + f->d.warnings, 0);
    assert_int_equal(s->accounts, 1);
    assert_string_equal(s->owner.native_id, "112769581");
    assert_string_equal(s->owner.handle, "andreruffert");
    assert_int_equal(s->owner.posts, 1986);
    assert_int_equal(s->owner.followers, 420);
    assert_int_equal(s->owner.following, 295);
    assert_int_equal(s->owner.likes, 1359);
    assert_int_equal(s->owner.verified, 0);
    /* The export date of manifest.js, 2022-11-14T18:44:55Z. */
    assert_int_equal(s->owner.observed_at, 1668451495);
    assert_int_equal(s->posts, 1986);
    assert_int_equal(s->kinds[BF_POST_REPOST], 643);
    assert_int_equal(s->follows, 420 + 295);
    assert_int_equal(s->followers_in, 420);
    assert_int_equal(s->following_out, 295);
    assert_string_equal(s->edges[0].follower, "18312002");
    assert_int_equal(s->edges[0].position, 0);
}

static void reads_the_real_archive_folder(void **state)
{
    fixture *f = *state;
    char root[512];

    if (!shared_archive(root, sizeof root))
        skip();
    assert_int_equal(bf_ingest_path(root, &f->o, &f->sink, &f->d), BF_OK);
    check_real(f);
    /* 485 replies (in_reply_to_status_id_str) and 858 originals. */
    assert_int_equal(f->s->kinds[BF_POST_REPLY], 485);
    assert_int_equal(f->s->kinds[BF_POST_ORIGINAL], 858);
}

static void reads_the_real_archive_zipped(void **state)
{
    fixture *f = *state;
    char root[512], zp[256], p[1024];
    zip_source_t *src;
    zip_t *z;
    DIR *dir;
    struct dirent *e;
    int zerr = 0;

    if (!shared_archive(root, sizeof root))
        skip();
    /* Zip the data folder under a top-level folder, as X names it. */
    snprintf(zp, sizeof zp, "%s/real.zip", f->dir);
    z = zip_open(zp, ZIP_CREATE | ZIP_TRUNCATE, &zerr);
    assert_non_null(z);
    snprintf(p, sizeof p, "%s/data", root);
    dir = opendir(p);
    assert_non_null(dir);
    while ((e = readdir(dir)) != NULL) {
        char entry[300];

        if (e->d_name[0] == '.')
            continue;
        snprintf(p, sizeof p, "%s/data/%s", root, e->d_name);
        snprintf(entry, sizeof entry, "twitter-2022-11-14/data/%s", e->d_name);
        src = zip_source_file(z, p, 0, -1);
        assert_non_null(src);
        assert_true(zip_file_add(z, entry, src, ZIP_FL_ENC_UTF_8) >= 0);
    }
    closedir(dir);
    assert_int_equal(zip_close(z), 0);
    assert_int_equal(bf_ingest_path(zp, &f->o, &f->sink, &f->d), BF_OK);
    check_real(f);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(reads_a_folder, setup, teardown),
        cmocka_unit_test_setup_teardown(reads_a_zip_with_a_top_folder, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(reads_an_old_top_level_archive, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(a_bad_element_is_rejected_alone, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(a_member_over_the_limit_is_skipped,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(unreadable_or_ownerless_archives, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(the_store_gets_no_contact_details,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(reads_the_real_archive_folder, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(reads_the_real_archive_zipped, setup,
                                        teardown),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
