/*
 * test_util.h - what the reader tests share: a recording sink, temp files
 * and diagnostic look-ups.
 *
 * Each unit test is its own program (build/tests/test_<name> from
 * tests/unit/test_<name>.c), so this header is header-only: every function
 * is static inline (a test that leaves some unused still builds warning
 * free), and a test includes it after <cmocka.h>.
 *
 * The recording sink keeps a copy of the first BFT_MAX_RECS posts,
 * accounts and follow edges it is given (strings copied, cut to the
 * field's size; NULL becomes ""), counts all of them and the posts of each
 * kind.  It checks on every record that the required fields are there,
 * and, when the test defines BFT_PLATFORM before including this header,
 * that the platform is that one.  It can be told to fail: fail makes every
 * post return BF_EIO, fail_after makes the record of that rank (posts and
 * accounts counted together, from 1) and those after it return BF_EIO.
 *
 * Lifetime: a sink_state is plain data owned by the test (zero it before
 * use); records hold copies, so they outlive the reader's documents.
 *
 *     sink_state *st = calloc(1, sizeof *st);
 *     bf_sink sink = bft_sink(st);
 *     err = bf_ingest_path(path, &opts, &sink, &diags);
 */
#ifndef BF_TESTS_TEST_UTIL_H
#define BF_TESTS_TEST_UTIL_H

#include <sqlite3.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ingest/ingest.h"
#include "store/store.h"

/* Records kept of each kind; later ones are only counted. */
#define BFT_MAX_RECS 64

/* What the sink keeps of a post. */
typedef struct post_rec {
    char platform[16], id[160], author[96], parent[160], text[256];
    char source[64];
    int has_parent, has_source; /* parent_id / source were not NULL */
    bf_post_kind kind;
    int64_t created_at, likes, reposts, replies, quotes;
    int hashtags, mentions, urls;
} post_rec;

/* What the sink keeps of an account. */
typedef struct account_rec {
    char id[96], handle[96], name[64], bio[128], url[128], lang[8];
    int64_t created_at, followers, following, posts, likes, lists;
    int64_t observed_at;
    int verified, protected_, default_avatar, default_profile, automated;
    unsigned unknown; /* BF_ACC_U_* */
} account_rec;

/* What the sink keeps of a follow edge. */
typedef struct follow_rec {
    char follower[96], followee[96];
    int64_t position, observed_at;
} follow_rec;

/* The recording sink's state: copies of the first records, and counts. */
typedef struct sink_state {
    post_rec posts[BFT_MAX_RECS];
    account_rec accounts[BFT_MAX_RECS];
    follow_rec follows[BFT_MAX_RECS];
    size_t nposts, naccounts, nfollows;
    size_t kinds[4];   /* posts per bf_post_kind */
    int fail;          /* every post returns BF_EIO */
    size_t fail_after; /* BF_EIO from this record on (1-based); 0 never */
} sink_state;

/* bft_copy keeps s in dst (cap bytes), "" for NULL. */
static inline void bft_copy(char *dst, size_t cap, const char *s)
{
    snprintf(dst, cap, "%s", s ? s : "");
}

/* bft_fail_check is the error fail_after asks for at this point. */
static inline bf_err bft_fail_check(const sink_state *st)
{
    return st->fail_after && st->nposts + st->naccounts >= st->fail_after
                   ? BF_EIO
                   : BF_OK;
}

/* bft_on_post records a post. */
static inline bf_err bft_on_post(void *ctx, const bf_post *p)
{
    sink_state *st = ctx;
    post_rec *r;

    /* Required fields and borrowed strings are checked on every record. */
    assert_non_null(p->native_id);
    assert_non_null(p->author_id);
    assert_non_null(p->platform);
#ifdef BFT_PLATFORM
    assert_string_equal(p->platform, BFT_PLATFORM);
#endif
    assert_true(p->kind <= BF_POST_QUOTE);
    st->kinds[p->kind]++;
    if (st->nposts < BFT_MAX_RECS) {
        r = &st->posts[st->nposts];
        bft_copy(r->platform, sizeof r->platform, p->platform);
        bft_copy(r->id, sizeof r->id, p->native_id);
        bft_copy(r->author, sizeof r->author, p->author_id);
        bft_copy(r->parent, sizeof r->parent, p->parent_id);
        bft_copy(r->text, sizeof r->text, p->text);
        bft_copy(r->source, sizeof r->source, p->source);
        r->has_parent = p->parent_id != NULL;
        r->has_source = p->source != NULL;
        r->kind = p->kind;
        r->created_at = p->created_at;
        r->likes = p->likes;
        r->reposts = p->reposts;
        r->replies = p->replies;
        r->quotes = p->quotes;
        r->hashtags = p->hashtags;
        r->mentions = p->mentions;
        r->urls = p->urls;
    }
    st->nposts++;
    return st->fail ? BF_EIO : bft_fail_check(st);
}

/* bft_on_account records an account. */
static inline bf_err bft_on_account(void *ctx, const bf_account *a)
{
    sink_state *st = ctx;
    account_rec *r;

    assert_non_null(a->native_id);
    if (st->naccounts < BFT_MAX_RECS) {
        r = &st->accounts[st->naccounts];
        bft_copy(r->id, sizeof r->id, a->native_id);
        bft_copy(r->handle, sizeof r->handle, a->handle);
        bft_copy(r->name, sizeof r->name, a->name);
        bft_copy(r->bio, sizeof r->bio, a->bio);
        bft_copy(r->url, sizeof r->url, a->url);
        bft_copy(r->lang, sizeof r->lang, a->lang);
        r->created_at = a->created_at;
        r->followers = a->followers;
        r->following = a->following;
        r->posts = a->posts;
        r->likes = a->likes;
        r->lists = a->lists;
        r->observed_at = a->observed_at;
        r->verified = a->verified;
        r->protected_ = a->protected_;
        r->default_avatar = a->default_avatar;
        r->unknown = a->unknown;
        r->default_profile = a->default_profile;
        r->automated = a->automated;
    }
    st->naccounts++;
    return bft_fail_check(st);
}

/* bft_on_follow records a follow edge. */
static inline bf_err bft_on_follow(void *ctx, const bf_follow *f)
{
    sink_state *st = ctx;
    follow_rec *r;

    if (st->nfollows < BFT_MAX_RECS) {
        r = &st->follows[st->nfollows];
        bft_copy(r->follower, sizeof r->follower, f->follower);
        bft_copy(r->followee, sizeof r->followee, f->followee);
        r->position = f->position;
        r->observed_at = f->observed_at;
    }
    st->nfollows++;
    return BF_OK;
}

/* bft_sink is the recording sink writing into st, all three kinds on. */
static inline bf_sink bft_sink(sink_state *st)
{
    bf_sink s = { st, bft_on_account, bft_on_post, bft_on_follow, NULL };

    return s;
}

/* bft_find_post is the kept post with native id id, or NULL. */
static inline const post_rec *bft_find_post(const sink_state *st,
                                            const char *id)
{
    size_t i;

    for (i = 0; i < st->nposts && i < BFT_MAX_RECS; i++)
        if (strcmp(st->posts[i].id, id) == 0)
            return &st->posts[i];
    return NULL;
}

/* bft_find_account is the kept account with native id id, or NULL. */
static inline const account_rec *bft_find_account(const sink_state *st,
                                                  const char *id)
{
    size_t i;

    for (i = 0; i < st->naccounts && i < BFT_MAX_RECS; i++)
        if (strcmp(st->accounts[i].id, id) == 0)
            return &st->accounts[i];
    return NULL;
}

/* bft_count_diag counts the kept diagnostics with id. */
static inline size_t bft_count_diag(const bf_diags *d, bf_diag_id id)
{
    size_t i, n = 0;

    for (i = 0; i < d->n; i++)
        n += d->recs[i].id == id;
    return n;
}

/* bft_find_diag is the kept diagnostic with id on line, or NULL. */
static inline const bf_diag_rec *bft_find_diag(const bf_diags *d, bf_diag_id id,
                                               uint64_t line)
{
    size_t i;

    for (i = 0; i < d->n; i++)
        if (d->recs[i].id == id && d->recs[i].line == line)
            return &d->recs[i];
    return NULL;
}

/*
 * bft_write_file writes the n bytes of text to path, replacing the file;
 * the test fails when it cannot.
 */
static inline void bft_write_file(const char *path, const char *text, size_t n)
{
    FILE *f = fopen(path, "wb");

    assert_non_null(f);
    assert_int_equal(fwrite(text, 1, n, f), n);
    assert_int_equal(fclose(f), 0);
}

/* bft_write_text is bft_write_file for a C string. */
static inline void bft_write_text(const char *path, const char *text)
{
    bft_write_file(path, text, strlen(text));
}

/*
 * A sink in front of another, the store writer's, counting what reaches
 * it and noting for each post whether its author's profile was sent
 * ('1') or recognised by the writer as one it holds already ('0',
 * bf_sink.same).
 */
typedef struct bft_counted {
    bf_sink inner;
    int accounts, same; /* accounts sent; repeats recognised */
    int noted;          /* accounts when the last post came */
    char sent[32];
} bft_counted;

static inline bf_err bft_c_account(void *ctx, const bf_account *a)
{
    bft_counted *c = ctx;

    c->accounts++;
    return c->inner.account(c->inner.ctx, a);
}

static inline bf_err bft_c_post(void *ctx, const bf_post *p)
{
    bft_counted *c = ctx;
    size_t n = strlen(c->sent);

    if (n + 1 < sizeof c->sent) {
        c->sent[n] = c->accounts > c->noted ? '1' : '0';
        c->sent[n + 1] = '\0';
    }
    c->noted = c->accounts;
    return c->inner.post(c->inner.ctx, p);
}

static inline bf_err bft_c_same(void *ctx, const char *platform,
                                const char *native_id, uint64_t digest,
                                int *out_same)
{
    bft_counted *c = ctx;
    bf_err err =
            c->inner.same(c->inner.ctx, platform, native_id, digest, out_same);

    c->same += *out_same;
    return err;
}

/* bft_counted_sink empties c and gives the sink that counts into it. */
static inline bf_sink bft_counted_sink(bft_counted *c, bf_sink inner)
{
    bf_sink s = { c, bft_c_account, bft_c_post, inner.follow, bft_c_same };

    memset(c, 0, sizeof *c);
    c->inner = inner;
    return s;
}

/*
 * bft_sql_int runs a one-value query on the database of the store in
 * store_dir from outside, through SQLite itself; -999 when no row.
 */
static inline int64_t bft_sql_int(const char *store_dir, const char *q)
{
    char p[512];
    sqlite3 *db;
    sqlite3_stmt *s;
    int64_t v = -999;

    snprintf(p, sizeof p, "%s/bonafide.sqlite", store_dir);
    assert_int_equal(sqlite3_open(p, &db), SQLITE_OK);
    assert_int_equal(sqlite3_prepare_v2(db, q, -1, &s, NULL), SQLITE_OK);
    if (sqlite3_step(s) == SQLITE_ROW)
        v = sqlite3_column_int64(s, 0);
    sqlite3_finalize(s);
    sqlite3_close(db);
    return v;
}

#ifdef BFT_PLATFORM
/*
 * A per-test fixture for a reader of one platform: setup makes a temp
 * directory /tmp/bf-test-<platform>-XXXXXX and the path of the one file
 * the test writes into it, teardown removes both, and read_text writes a
 * document there and reads it with the given format into a zeroed sink.
 * The file name ends in .json; the reader is chosen by format, not name.
 */
#include <unistd.h>

static char dir[64], path[96];

static int setup(void **state)
{
    (void)state;
    snprintf(dir, sizeof dir, "/tmp/bf-test-" BFT_PLATFORM "-XXXXXX");
    if (!mkdtemp(dir))
        return -1;
    snprintf(path, sizeof path, "%s/in.json", dir);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    unlink(path);
    rmdir(dir);
    return 0;
}

/* read_text writes text to the temp file and reads it as format. */
static bf_err read_text(const char *text, bf_format format, sink_state *st,
                        bf_diags *d)
{
    bf_sink sink = bft_sink(st);
    bf_ingest_opts o;

    bft_write_text(path, text);
    bf_ingest_opts_init(&o);
    o.format = format;
    o.observed_at = 1700000000;
    memset(st, 0, sizeof *st);
    bf_diags_init(d);
    return bf_ingest_path(path, &o, &sink, d);
}
#endif

#endif
