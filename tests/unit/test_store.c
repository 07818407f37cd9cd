/*
 * test_store.c - the store against a real SQLite database in a temp
 * directory: schema and migrations, upserts, stubs and dense ids, batches
 * and rollback, crash leftovers, the graph and its recovery, stats,
 * resolution, privacy and post order.
 */
#include <dirent.h>
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
#include <sqlite3.h>
#include <zlib.h>

#include "model/model.h"
#include "store/csr.h"
#include "store/scan.h"
#include "store/schema.h"
#include "store/search.h"
#include "store/segment.h"
#include "store/store.h"

#include "test_util.h"

/* ---- fixture: a fresh store directory per test ---- */

typedef struct fixture {
    char dir[64];   /* the temp dir, removed at the end */
    char store[96]; /* the store inside it (created by open) */
} fixture;

static int setup(void **state)
{
    fixture *f = calloc(1, sizeof *f);

    if (!f)
        return -1;
    snprintf(f->dir, sizeof f->dir, "/tmp/bf-store-XXXXXX");
    if (!mkdtemp(f->dir)) {
        free(f);
        return -1;
    }
    snprintf(f->store, sizeof f->store, "%s/a/b", f->dir);
    *state = f;
    return 0;
}

/* rm_dir removes a directory holding only files. */
static void rm_dir(const char *dir)
{
    DIR *d = opendir(dir);
    struct dirent *e;
    char p[512];

    if (!d)
        return;
    while ((e = readdir(d)) != NULL) {
        if (e->d_name[0] == '.' &&
            (!e->d_name[1] || (e->d_name[1] == '.' && !e->d_name[2])))
            continue;
        snprintf(p, sizeof p, "%s/%s", dir, e->d_name);
        unlink(p);
    }
    closedir(d);
    rmdir(dir);
}

static int teardown(void **state)
{
    fixture *f = *state;
    char p[128];

    rm_dir(f->store);
    snprintf(p, sizeof p, "%s/a", f->dir);
    rmdir(p);
    rmdir(f->dir);
    free(f);
    return 0;
}

static bf_store *open_store(const fixture *f)
{
    bf_store *st = NULL;

    assert_int_equal(bf_store_open(f->store, &st), BF_OK);
    assert_non_null(st);
    return st;
}

/* file_in says whether name exists in the store directory. */
static int file_in(const fixture *f, const char *name)
{
    char p[160];

    snprintf(p, sizeof p, "%s/%s", f->store, name);
    return access(p, F_OK) == 0;
}

/* What stored_posts counts. */
typedef struct post_count {
    const char *needle;
    int64_t n;
} post_count;

static bf_err count_post(void *ctx, const bf_post *p)
{
    post_count *c = ctx;

    if (!c->needle || (p->text && strstr(p->text, c->needle)))
        c->n++;
    return BF_OK;
}

/*
 * stored_posts counts, through a handle of its own, the posts the store
 * holds whose text contains needle (NULL: all of them), reading every
 * account's posts; with needle NULL it also checks that bf_store_stats
 * counts as many.
 */
static int64_t stored_posts(const fixture *f, const char *needle)
{
    post_count c = { needle, 0 };
    bf_stats_row *r = NULL, t;
    uint64_t total = 0;
    uint32_t n = 0, id;
    size_t nr = 0, i;
    bf_store *st;

    assert_int_equal(bf_store_open(f->store, &st), BF_OK);
    assert_int_equal(bf_store_account_count(st, &n), BF_OK);
    for (id = 0; id < n; id++)
        assert_int_equal(bf_store_each_post(st, id, count_post, &c), BF_OK);
    if (!needle) {
        assert_int_equal(bf_store_stats(st, &r, &nr), BF_OK);
        for (i = 0; i < nr; i++)
            total += r[i].posts;
        free(r);
        assert_int_equal(total, (uint64_t)c.n);
        assert_int_equal(bf_store_totals(st, &t), BF_OK);
        assert_int_equal(t.posts, (uint64_t)c.n);
        assert_int_equal(t.accounts, n);
    }
    bf_store_close(st);
    return c.n;
}

/* sql_int runs a one-value query on the store's database from outside. */
static int64_t sql_int(const fixture *f, const char *q)
{
    return bft_sql_int(f->store, q);
}

/* sql_exec runs statements on the store's database from outside. */
static void sql_exec(const fixture *f, const char *q)
{
    char p[160];
    sqlite3 *db;

    snprintf(p, sizeof p, "%s/bonafide.sqlite", f->store);
    assert_int_equal(sqlite3_open(p, &db), SQLITE_OK);
    assert_int_equal(sqlite3_exec(db, q, NULL, NULL, NULL), SQLITE_OK);
    sqlite3_close(db);
}

/* ---- record builders ---- */

static bf_account account(const char *platform, const char *id,
                          const char *handle, int64_t followers)
{
    bf_account a;

    bf_account_clear(&a);
    a.platform = platform;
    a.native_id = id;
    a.handle = handle;
    a.followers = followers;
    return a;
}

static bf_follow follow(const char *platform, const char *a, const char *b)
{
    bf_follow fl;

    memset(&fl, 0, sizeof fl);
    fl.platform = platform;
    fl.follower = a;
    fl.followee = b;
    fl.observed_at = 1700000000;
    fl.position = -1;
    return fl;
}

static bf_post post(const char *platform, const char *id, const char *author,
                    int64_t created_at, const char *text)
{
    bf_post p;

    bf_post_clear(&p);
    p.platform = platform;
    p.native_id = id;
    p.author_id = author;
    p.created_at = created_at;
    p.text = text;
    return p;
}

/* put_* wrap the store calls with an assertion. */
static uint32_t put_account(bf_store *st, const bf_account *a)
{
    uint32_t id = UINT32_MAX;

    assert_int_equal(bf_store_put_account(st, a, &id), BF_OK);
    return id;
}

static void put_follow(bf_store *st, const char *pl, const char *a,
                       const char *b)
{
    bf_follow fl = follow(pl, a, b);

    assert_int_equal(bf_store_put_follow(st, &fl), BF_OK);
}

/* commit_post stores one post of account "1" on twitter in a batch of its
 * own. */
static void commit_post(bf_store *st, const char *id, int64_t at,
                        const char *text)
{
    bf_post p = post("twitter", id, "1", at, text);

    assert_int_equal(bf_store_begin(st), BF_OK);
    assert_int_equal(bf_store_put_post(st, &p), BF_OK);
    assert_int_equal(bf_store_commit(st), BF_OK);
}

static uint32_t count(bf_store *st)
{
    uint32_t n = UINT32_MAX;

    assert_int_equal(bf_store_account_count(st, &n), BF_OK);
    return n;
}

static uint64_t edges(bf_store *st)
{
    const bf_csr *g = NULL;

    assert_int_equal(bf_store_graph(st, &g), BF_OK);
    return g->m;
}

/* ---- tests ---- */

static void creates_migrates_and_reopens(void **state)
{
    fixture *f = *state;
    bf_store *st = open_store(f);
    sqlite3 *db;
    char p[160];

    assert_true(file_in(f, "bonafide.sqlite"));
    assert_int_equal(count(st), 0);
    bf_store_close(st);
    assert_int_equal(sql_int(f, "PRAGMA user_version"), BF_SCHEMA_VERSION);
    assert_int_equal(sql_int(f, "SELECT journal_mode = 'wal'"
                                " FROM pragma_journal_mode"),
                     1);
    st = open_store(f);
    bf_store_close(st);
    bf_store_close(NULL);

    /* A database from the future is refused, untouched. */
    snprintf(p, sizeof p, "%s/bonafide.sqlite", f->store);
    assert_int_equal(sqlite3_open(p, &db), SQLITE_OK);
    assert_int_equal(
            sqlite3_exec(db, "PRAGMA user_version = 99", NULL, NULL, NULL),
            SQLITE_OK);
    sqlite3_close(db);
    st = NULL;
    assert_int_equal(bf_store_open(f->store, &st), BF_EINVAL);
    assert_null(st);
    assert_int_equal(sql_int(f, "PRAGMA user_version"), 99);
}

static void opens_an_existing_store_only(void **state)
{
    fixture *f = *state;
    bf_store *st = NULL;
    char p[160];

    /* Neither the directory nor its parent exists: nothing is made. */
    assert_int_equal(bf_store_open_existing(f->store, &st), BF_ENOTFOUND);
    assert_null(st);
    snprintf(p, sizeof p, "%s/a", f->dir);
    assert_int_not_equal(access(p, F_OK), 0);

    /* A directory without the database is not a store either. */
    assert_int_equal(mkdir(p, 0700), 0);
    assert_int_equal(mkdir(f->store, 0700), 0);
    assert_int_equal(bf_store_open_existing(f->store, &st), BF_ENOTFOUND);
    assert_int_equal(bf_store_exists(f->store), BF_ENOTFOUND);
    assert_false(file_in(f, "bonafide.sqlite"));

    /* Once made, it opens, with what it holds. */
    st = open_store(f);
    assert_int_equal(bf_store_begin(st), BF_OK);
    put_follow(st, "twitter", "1", "2");
    assert_int_equal(bf_store_commit(st), BF_OK);
    bf_store_close(st);
    st = NULL;
    assert_int_equal(bf_store_exists(f->store), BF_OK);
    assert_int_equal(bf_store_open_existing(f->store, &st), BF_OK);
    assert_non_null(st);
    assert_int_equal(count(st), 2);
    bf_store_close(st);
}

static void migrates_an_empty_database(void **state)
{
    fixture *f = *state;
    sqlite3 *db;
    int from = -1, v = -1;

    (void)f;
    assert_int_equal(sqlite3_open(":memory:", &db), SQLITE_OK);
    assert_int_equal(bf__schema_version(db, &v), BF_OK);
    assert_int_equal(v, 0);
    assert_int_equal(bf__schema_migrate(db, &from), BF_OK);
    assert_int_equal(from, 0);
    assert_int_equal(bf__schema_version(db, &v), BF_OK);
    assert_int_equal(v, BF_SCHEMA_VERSION);
    /* Running it again is a no-op. */
    assert_int_equal(bf__schema_migrate(db, &from), BF_OK);
    assert_int_equal(from, BF_SCHEMA_VERSION);
    sqlite3_close(db);
}

/* A cursor put inside a batch commits or vanishes with the batch. */
static void state_follows_the_batch(void **state)
{
    fixture *f = *state;
    bf_store *st = open_store(f);
    bf_buf v;

    bf_buf_init(&v, 1 << 10);
    assert_int_equal(bf_store_state_get(st, "cursor", &v), BF_ENOTFOUND);
    assert_int_equal(bf_store_state_put(st, "cursor", "a"), BF_OK);
    assert_int_equal(bf_store_state_get(st, "cursor", &v), BF_OK);
    assert_string_equal(v.data, "a");

    assert_int_equal(bf_store_begin(st), BF_OK);
    assert_int_equal(bf_store_state_put(st, "cursor", "b"), BF_OK);
    bf_store_rollback(st);
    assert_int_equal(bf_store_state_get(st, "cursor", &v), BF_OK);
    assert_string_equal(v.data, "a");

    assert_int_equal(bf_store_begin(st), BF_OK);
    assert_int_equal(bf_store_state_put(st, "cursor", "c"), BF_OK);
    assert_int_equal(bf_store_commit(st), BF_OK);
    bf_store_close(st);
    st = open_store(f);
    assert_int_equal(bf_store_state_get(st, "cursor", &v), BF_OK);
    assert_string_equal(v.data, "c");
    assert_int_equal(bf_store_state_put(st, "cursor", NULL), BF_OK);
    assert_int_equal(bf_store_state_get(st, "cursor", &v), BF_ENOTFOUND);
    bf_buf_release(&v);
    bf_store_close(st);
}

/* A store written by schema v1 opens, gains the state table, keeps rows. */
static void migrates_a_v1_store(void **state)
{
    fixture *f = *state;
    bf_store *st = open_store(f);
    bf_store_writer w;
    bf_sink s;
    bf_account a;
    bf_buf v;

    bf_store_writer_init(&w, st, 10);
    s = bf_store_writer_sink(&w);
    a = account("twitter", "1", "alice", 100);
    assert_int_equal(s.account(s.ctx, &a), BF_OK);
    assert_int_equal(bf_store_writer_finish(&w), BF_OK);
    bf_store_close(st);
    assert_int_equal(sql_int(f, "SELECT count(*) FROM state"), 0);
    sql_exec(f, "DROP TABLE state; DROP TABLE arrivals; DROP TABLE insights;"
                " ALTER TABLE accounts DROP COLUMN label_set;"
                " ALTER TABLE accounts DROP COLUMN automated;"
                " ALTER TABLE accounts DROP COLUMN unknown;"
                " ALTER TABLE accounts DROP COLUMN rec_hash;"
                " PRAGMA user_version = 1");

    st = open_store(f);
    assert_int_equal(sql_int(f, "PRAGMA user_version"), BF_SCHEMA_VERSION);
    assert_int_equal(sql_int(f, "SELECT count(*) FROM pragma_table_info"
                                "('accounts') WHERE name = 'rec_hash'"),
                     1);
    /* The handle index holds the accounts that have a handle, and a
     * handle is still found through it. */
    assert_int_equal(sql_int(f, "SELECT sql LIKE '%WHERE handle IS NOT NULL'"
                                " FROM sqlite_master"
                                " WHERE name = 'accounts_handle'"),
                     1);
    assert_int_equal(sql_int(f, "SELECT count(*) FROM accounts"
                                " INDEXED BY accounts_handle"
                                " WHERE handle = 'ALICE' COLLATE NOCASE"),
                     1);
    assert_int_equal(count(st), 1);
    bf_buf_init(&v, 1 << 10);
    assert_int_equal(bf_store_state_put(st, "k", "v"), BF_OK);
    assert_int_equal(bf_store_state_get(st, "k", &v), BF_OK);
    assert_string_equal(v.data, "v");
    bf_buf_release(&v);
    bf_store_close(st);
}

/*
 * The labelled set, the automation flag and the unknown fields of a
 * profile come back as they went in; an unknown field stays unknown only
 * while no record of the account knows it.
 */
static void label_set_and_unknown_fields(void **state)
{
    fixture *f = *state;
    bf_store *st = open_store(f);
    bf_store_writer w;
    bf_account_row row;
    bf_account a;
    bf_sink s;
    uint32_t id;

    bf_store_writer_init(&w, st, 10);
    s = bf_store_writer_sink(&w);
    a = account("twitter", "7", NULL, 100);
    a.label = "bot";
    a.label_set = "honeypot";
    a.automated = 1;
    a.unknown = BF_ACC_U_BIO | BF_ACC_U_URL;
    assert_int_equal(s.account(s.ctx, &a), BF_OK);
    assert_int_equal(bf_store_writer_finish(&w), BF_OK);
    assert_int_equal(bf_store_resolve(st, "#7", &id), BF_OK);
    assert_int_equal(bf_store_account(st, id, &row), BF_OK);
    assert_string_equal(row.a.label, "bot");
    assert_string_equal(row.a.label_set, "honeypot");
    assert_int_equal(row.a.automated, 1);
    assert_int_equal(row.a.unknown, BF_ACC_U_BIO | BF_ACC_U_URL);
    bf_account_row_release(&row);

    /* A later profile that has a URL column makes the URL known. */
    bf_store_writer_init(&w, st, 10);
    s = bf_store_writer_sink(&w);
    a = account("twitter", "7", NULL, 200);
    a.unknown = BF_ACC_U_BIO;
    assert_int_equal(s.account(s.ctx, &a), BF_OK);
    assert_int_equal(bf_store_writer_finish(&w), BF_OK);
    assert_int_equal(bf_store_account(st, id, &row), BF_OK);
    assert_int_equal(row.a.unknown, BF_ACC_U_BIO);
    assert_string_equal(row.a.label_set, "honeypot");
    bf_account_row_release(&row);
    bf_store_close(st);
}

/*
 * bf_store_account_reach gives what bf_store_account gives of the same
 * accounts: a known count, an unknown one, a stub a follow made, and no
 * account past the last.
 */
/* What bf_store_reach_each told, in order. */
typedef struct reach_log {
    uint32_t n, stop_at, fail_at;
    uint32_t id[8];
    char platform[8][BF_STORE_PLATFORM_MAX + 1];
    int64_t followers[8];
} reach_log;

static bf_err reach_seen(void *ctx, uint32_t id, const char *platform,
                         int64_t followers, int *out_stop)
{
    reach_log *l = ctx;

    assert_true(l->n < 8);
    l->id[l->n] = id;
    snprintf(l->platform[l->n], sizeof l->platform[0], "%s", platform);
    l->followers[l->n] = followers;
    *out_stop = id == l->stop_at;
    return l->n++ == l->fail_at ? BF_EINVAL : BF_OK;
}

static void reach_agrees_with_the_row(void **state)
{
    fixture *f = *state;
    reach_log seen = { 0, 0, UINT32_MAX, { 0 }, { { 0 } }, { 0 } };
    bf_store *st = open_store(f);
    bf_store_writer w;
    bf_account a;
    bf_follow fl;
    bf_sink s;
    char platform[BF_STORE_PLATFORM_MAX + 1];
    int64_t followers;
    uint32_t n = 0, id;

    bf_store_writer_init(&w, st, 10);
    s = bf_store_writer_sink(&w);
    a = account("twitter", "7", "seven", 1234);
    assert_int_equal(s.account(s.ctx, &a), BF_OK);
    a = account("mastodon", "8", "eight", -1);
    assert_int_equal(s.account(s.ctx, &a), BF_OK);
    fl = follow("bluesky", "did:plc:a", "did:plc:b");
    assert_int_equal(s.follow(s.ctx, &fl), BF_OK);
    assert_int_equal(bf_store_writer_finish(&w), BF_OK);
    assert_int_equal(bf_store_account_count(st, &n), BF_OK);
    assert_int_equal(n, 4);
    for (id = 0; id < n; id++) {
        bf_account_row row;

        assert_int_equal(bf_store_account(st, id, &row), BF_OK);
        assert_int_equal(bf_store_account_reach(st, id, platform, &followers),
                         BF_OK);
        assert_string_equal(platform, row.a.platform);
        assert_true(followers == row.a.followers);
        bf_account_row_release(&row);
    }
    assert_int_equal(bf_store_account_reach(st, 0, platform, &followers),
                     BF_OK);
    assert_true(followers == 1234);
    assert_int_equal(bf_store_account_reach(st, 1, platform, &followers),
                     BF_OK);
    assert_string_equal(platform, "mastodon");
    assert_true(followers == -1);
    assert_int_equal(bf_store_account_reach(st, n, platform, &followers),
                     BF_ENOTFOUND);
    /* The scan reads the same, in id order, and stops when told. */
    seen.n = 0;
    seen.stop_at = UINT32_MAX;
    assert_int_equal(bf_store_reach_each(st, reach_seen, &seen), BF_OK);
    assert_int_equal(seen.n, n);
    for (id = 0; id < n; id++) {
        assert_int_equal(seen.id[id], id);
        assert_int_equal(bf_store_account_reach(st, id, platform, &followers),
                         BF_OK);
        assert_string_equal(seen.platform[id], platform);
        assert_true(seen.followers[id] == followers);
    }
    seen.n = 0;
    seen.stop_at = 1;
    assert_int_equal(bf_store_reach_each(st, reach_seen, &seen), BF_OK);
    assert_int_equal(seen.n, 2);
    seen.n = 0;
    seen.stop_at = UINT32_MAX;
    seen.fail_at = 2;
    assert_int_equal(bf_store_reach_each(st, reach_seen, &seen), BF_EINVAL);
    assert_int_equal(seen.n, 3);
    bf_store_close(st);
}

/*
 * A handle first, then a native id: a Facebook Page has its name for a
 * native id and no handle, and is found by it; a handle another account
 * has wins over a native id.
 */
static void resolves_a_name_without_handle(void **state)
{
    fixture *f = *state;
    bf_store *st = open_store(f);
    bf_store_writer w;
    bf_account a;
    bf_sink s;
    uint32_t page, other, id;

    bf_store_writer_init(&w, st, 10);
    s = bf_store_writer_sink(&w);
    a = account("facebook", "Nobel Mount College", NULL, 961);
    assert_int_equal(s.account(s.ctx, &a), BF_OK);
    a = account("facebook", "78", "Nobel Mount", 5);
    assert_int_equal(s.account(s.ctx, &a), BF_OK);
    a = account("facebook", "Nobel Mount", NULL, 9);
    assert_int_equal(s.account(s.ctx, &a), BF_OK);
    assert_int_equal(bf_store_writer_finish(&w), BF_OK);

    assert_int_equal(
            bf_store_resolve(st, "facebook:#Nobel Mount College", &page),
            BF_OK);
    assert_int_equal(bf_store_resolve(st, "facebook:Nobel Mount College", &id),
                     BF_OK);
    assert_int_equal(id, page);
    assert_int_equal(bf_store_resolve(st, "Nobel Mount College", &id), BF_OK);
    assert_int_equal(id, page);
    /* The handle "Nobel Mount" is account 78's, not the native id's. */
    assert_int_equal(bf_store_resolve(st, "facebook:#78", &other), BF_OK);
    assert_int_equal(bf_store_resolve(st, "facebook:Nobel Mount", &id), BF_OK);
    assert_int_equal(id, other);
    assert_int_equal(bf_store_resolve(st, "facebook:nobody", &id),
                     BF_ENOTFOUND);
    bf_store_close(st);
}

/*
 * A store opened empty inserts new accounts without looking them up
 * first; an account another handle added meanwhile must still resolve to
 * its one row, not fail or be duplicated.
 */
static void new_accounts_with_a_second_writer(void **state)
{
    fixture *f = *state;
    bf_store *a = open_store(f), *b = open_store(f);
    bf_store_writer wa, wb;
    bf_account_row row;
    bf_follow fl;
    bf_sink s;
    uint32_t id;

    bf_store_writer_init(&wb, b, 10);
    s = bf_store_writer_sink(&wb);
    fl = follow("twitter", "10", "20");
    assert_int_equal(s.follow(s.ctx, &fl), BF_OK);
    assert_int_equal(bf_store_writer_finish(&wb), BF_OK);

    bf_store_writer_init(&wa, a, 10);
    s = bf_store_writer_sink(&wa);
    fl = follow("twitter", "20", "30"); /* 20 is b's, 30 is new */
    assert_int_equal(s.follow(s.ctx, &fl), BF_OK);
    fl = follow("twitter", "30", "10");
    assert_int_equal(s.follow(s.ctx, &fl), BF_OK);
    assert_int_equal(bf_store_writer_finish(&wa), BF_OK);

    assert_int_equal(sql_int(f, "SELECT count(*) FROM accounts"), 3);
    assert_int_equal(sql_int(f, "SELECT count(DISTINCT native_id)"
                                " FROM accounts"),
                     3);
    assert_int_equal(bf_store_resolve(a, "twitter:#20", &id), BF_OK);
    assert_int_equal(bf_store_account(a, id, &row), BF_OK);
    assert_string_equal(row.a.native_id, "20");
    bf_account_row_release(&row);
    assert_int_equal(edges(a), 3);
    bf_store_close(b);
    bf_store_close(a);
}

/*
 * The same for profiles: a store opened empty writes a new profile with a
 * plain INSERT; when another handle added the account meanwhile, the
 * profile still merges into its one row (the newer observation wins), and
 * the search index holds each account once.
 */
static void new_profiles_with_a_second_writer(void **state)
{
    fixture *f = *state;
    bf_store *a = open_store(f), *b = open_store(f);
    bf_store_writer wa, wb;
    bf_account_row row;
    bf_store_hit hits[4];
    bf_account ac;
    bf_sink s;
    uint32_t id;
    size_t n;

    bf_store_writer_init(&wb, b, 10);
    s = bf_store_writer_sink(&wb);
    ac = account("twitter", "20", "bob", 5);
    ac.name = "Bob";
    ac.observed_at = 1000;
    assert_int_equal(s.account(s.ctx, &ac), BF_OK);
    assert_int_equal(bf_store_writer_finish(&wb), BF_OK);

    bf_store_writer_init(&wa, a, 10);
    s = bf_store_writer_sink(&wa);
    ac = account("twitter", "30", "carol", 3); /* new */
    assert_int_equal(s.account(s.ctx, &ac), BF_OK);
    ac = account("twitter", "20", NULL, 7); /* b's, seen later */
    ac.observed_at = 2000;
    assert_int_equal(s.account(s.ctx, &ac), BF_OK);
    ac = account("twitter", "40", "dave", 1); /* new, after the clash */
    assert_int_equal(s.account(s.ctx, &ac), BF_OK);
    assert_int_equal(bf_store_writer_finish(&wa), BF_OK);

    assert_int_equal(sql_int(f, "SELECT count(*) FROM accounts"), 3);
    assert_int_equal(sql_int(f, "SELECT count(*) FROM snapshots s"
                                " JOIN accounts a ON a.id = s.account"
                                " WHERE a.native_id = '20'"),
                     2);
    assert_int_equal(bf_store_resolve(a, "twitter:#20", &id), BF_OK);
    assert_int_equal(bf_store_account(a, id, &row), BF_OK);
    assert_string_equal(row.a.handle, "bob");
    assert_string_equal(row.a.name, "Bob");
    assert_int_equal(row.a.followers, 7);
    bf_account_row_release(&row);
    assert_int_equal(bf_store_search(a, "bob", hits, 4, &n), BF_OK);
    assert_int_equal(n, 1);
    assert_int_equal(hits[0].followers, 7);
    assert_int_equal(bf_store_search(a, "dave", hits, 4, &n), BF_OK);
    assert_int_equal(n, 1);
    assert_int_equal(bf_store_search(a, "twitter", hits, 4, &n), BF_OK);
    assert_int_equal(n, 3);
    bf_store_close(b);
    bf_store_close(a);
}

/* runs_of counts the runs of st's prepared statements whose SQL holds
 * needle. */
static int runs_of(bf_store *st, const char *needle)
{
    sqlite3 *db = bf__store_db(st);
    sqlite3_stmt *s = NULL;
    int n = 0;

    while ((s = sqlite3_next_stmt(db, s)) != NULL)
        if (strstr(sqlite3_sql(s), needle))
            n += sqlite3_stmt_status(s, SQLITE_STMTSTATUS_RUN, 0);
    return n;
}

/* followers_of is the follower count stored for the account spec names. */
static int64_t followers_of(bf_store *st, const char *spec)
{
    bf_account_row row;
    int64_t n;
    uint32_t id;

    assert_int_equal(bf_store_resolve(st, spec, &id), BF_OK);
    assert_int_equal(bf_store_account(st, id, &row), BF_OK);
    n = row.a.followers;
    bf_account_row_release(&row);
    return n;
}

/* put_users stores accounts twitter:from..to-1, handles "u<id>". */
static void put_users(bf_store *st, int from, int to, int64_t followers)
{
    char id[16], h[16];
    int i;

    for (i = from; i < to; i++) {
        bf_account ac;

        snprintf(id, sizeof id, "%d", i);
        snprintf(h, sizeof h, "u%d", i);
        ac = account("twitter", id, h, followers);
        put_account(st, &ac);
    }
}

/*
 * A profile new to a store that held accounts when it was opened is a
 * plain INSERT, not the upsert, whose trigger makes SQLite copy every
 * page the upsert changes; one the store holds is upserted.  Once the
 * misses are many, the id cache is filled instead of looking each up.
 */
static void new_profiles_of_a_stored_store_are_inserted(void **state)
{
    static const char UPSERT[] = "native_id) DO UPDATE";
    static const char FIND[] = "rec_hash, protected FROM accounts WHERE plat";
    fixture *f = *state;
    bf_store *st = open_store(f);
    bf_account_row row;
    uint32_t id;
    int upserts;

    assert_int_equal(bf_store_begin(st), BF_OK);
    put_users(st, 1, 101, 5);
    assert_int_equal(bf_store_commit(st), BF_OK);
    bf_store_close(st);

    st = open_store(f);
    assert_int_equal(bf_store_begin(st), BF_OK);
    put_users(st, 3, 4, 9); /* held: upserted */
    upserts = runs_of(st, UPSERT);
    assert_true(upserts > 0);
    put_users(st, 101, 103, 7); /* new */
    assert_int_equal(bf_store_commit(st), BF_OK);
    assert_int_equal(runs_of(st, UPSERT), upserts);
    assert_int_equal(runs_of(st, FIND), 3);
    assert_int_equal(bf_store_resolve(st, "twitter:#102", &id), BF_OK);
    assert_int_equal(id, 101);
    assert_int_equal(bf_store_account(st, id, &row), BF_OK);
    assert_string_equal(row.a.handle, "u102");
    bf_account_row_release(&row);
    assert_int_equal(followers_of(st, "twitter:#102"), 7);
    assert_int_equal(followers_of(st, "twitter:#3"), 9);
    bf_store_close(st);

    /* 5,000 new ones: looked up until the cache is filled, then not. */
    st = open_store(f);
    assert_int_equal(bf_store_begin(st), BF_OK);
    put_users(st, 1000, 6000, 1);
    assert_int_equal(runs_of(st, UPSERT), 0);
    assert_in_range(runs_of(st, FIND), 1, 4999);
    /* Held, known to the filled cache: the same record is not written
     * again, another one is. */
    put_users(st, 60, 61, 5);
    assert_int_equal(runs_of(st, UPSERT), 0);
    put_users(st, 50, 51, 2);
    assert_int_equal(bf_store_commit(st), BF_OK);
    assert_true(runs_of(st, UPSERT) > 0);
    assert_int_equal(count(st), 5102);
    assert_int_equal(bf_store_resolve(st, "twitter:#5999", &id), BF_OK);
    assert_int_equal(id, 5101);
    assert_int_equal(followers_of(st, "twitter:#50"), 2);
    assert_int_equal(followers_of(st, "twitter:#60"), 5);
    bf_store_close(st);
}

/* rec_hash_of is the rec_hash of account twitter:id in the store at f. */
static int64_t rec_hash_of(const fixture *f, const char *id)
{
    char q[128];

    snprintf(q, sizeof q,
             "SELECT rec_hash FROM accounts WHERE native_id = '%s'", id);
    return sql_int(f, q);
}

/* put_once writes a through a writer of its own on a store opened anew. */
static void put_once(const fixture *f, const bf_account *a, int *upserts)
{
    bf_store *st = open_store(f);
    bf_store_writer w;
    bf_sink s;

    bf_store_writer_init(&w, st, 100);
    s = bf_store_writer_sink(&w);
    assert_int_equal(s.account(s.ctx, a), BF_OK);
    assert_int_equal(bf_store_writer_finish(&w), BF_OK);
    *upserts = runs_of(st, "native_id) DO UPDATE");
    bf_store_close(st);
}

/*
 * A record written again into a store opened anew changes nothing and is
 * not upserted: the row keeps the hash of the last record written to it,
 * texts as stored.  A record that differs is written; one that differs
 * only in a contact detail the store never holds is the same record.
 */
static void a_record_written_again_changes_nothing(void **state)
{
    fixture *f = *state;
    bf_account a = account("twitter", "7", "lea", 40), other;
    bf_store_writer w;
    bf_store *st, *st2;
    bf_post p;
    bf_sink s;
    int64_t h;
    int n;

    a.bio = "Fleuriste. Devis : lea.fleurs@example.fr";
    a.observed_at = 0; /* undated: an upsert would set it to 0 */
    put_once(f, &a, &n);
    h = rec_hash_of(f, "7");
    assert_int_not_equal(h, -999);
    put_once(f, &a, &n);
    assert_int_equal(n, 0);
    assert_int_equal(sql_int(f, "SELECT observed_at IS NULL FROM accounts"), 1);
    a.bio = "Fleuriste. Devis : contact@lea-fleurs.example";
    put_once(f, &a, &n);
    assert_int_equal(n, 0);
    assert_int_equal(rec_hash_of(f, "7"), h);
    a.followers = 41;
    put_once(f, &a, &n);
    assert_true(n > 0);
    assert_int_not_equal(rec_hash_of(f, "7"), h);
    assert_int_equal(sql_int(f, "SELECT followers FROM accounts"), 41);
    /* Written over, an undated record leaves the date unknown. */
    assert_int_equal(sql_int(f, "SELECT observed_at IS NULL FROM accounts"), 1);

    /* Another process's record in between: the first one is new again. */
    st = open_store(f);
    st2 = open_store(f);
    other = a;
    other.followers = 99;
    assert_int_equal(bf_store_begin(st), BF_OK);
    put_account(st, &a);
    assert_int_equal(bf_store_commit(st), BF_OK);
    assert_int_equal(bf_store_begin(st2), BF_OK);
    put_account(st2, &other);
    assert_int_equal(bf_store_commit(st2), BF_OK);
    assert_int_equal(bf_store_begin(st), BF_OK);
    put_account(st, &a);
    assert_int_equal(bf_store_commit(st), BF_OK);
    assert_int_equal(followers_of(st, "twitter:#7"), 41);
    bf_store_close(st2);
    bf_store_close(st);

    /* A private account met again is still private to the posts after. */
    a.protected_ = 1;
    put_once(f, &a, &n);
    assert_true(n > 0);
    put_once(f, &a, &n);
    assert_int_equal(n, 0);
    st = open_store(f);
    bf_store_writer_init(&w, st, 100);
    s = bf_store_writer_sink(&w);
    assert_int_equal(s.account(s.ctx, &a), BF_OK);
    p = post("twitter", "70", "7", 5, "locked");
    assert_int_equal(s.post(s.ctx, &p), BF_OK);
    assert_int_equal(bf_store_writer_finish(&w), BF_OK);
    assert_int_equal(runs_of(st, "native_id) DO UPDATE"), 0);
    assert_int_equal(w.private_posts, 1);
    bf_store_close(st);
    assert_int_equal(stored_posts(f, NULL), 0);
}

/*
 * A batch of follows among accounts the store has does not read every
 * account: the search index's commit step once scanned the whole table
 * at every commit, whatever the batch changed.
 */
static void a_batch_of_follows_reads_no_whole_table(void **state)
{
    fixture *f = *state;
    bf_store *st = open_store(f);
    bf_store_writer w;
    bf_sink s;
    char a[16], b[16];
    uint64_t before;
    int i;

    bf_store_writer_init(&w, st, 5000);
    s = bf_store_writer_sink(&w);
    for (i = 0; i < 3000; i++) {
        bf_account ac;

        snprintf(a, sizeof a, "%d", i + 1);
        snprintf(b, sizeof b, "user%d", i + 1);
        ac = account("twitter", a, b, i);
        assert_int_equal(s.account(s.ctx, &ac), BF_OK);
    }
    assert_int_equal(bf_store_writer_finish(&w), BF_OK);
    before = bf__store_scan_steps(st);
    bf_store_writer_init(&w, st, 5000);
    s = bf_store_writer_sink(&w);
    for (i = 0; i < 100; i++) {
        bf_follow fl;

        snprintf(a, sizeof a, "%d", i + 1);
        snprintf(b, sizeof b, "%d", i + 2);
        fl = follow("twitter", a, b);
        assert_int_equal(s.follow(s.ctx, &fl), BF_OK);
    }
    assert_int_equal(bf_store_writer_finish(&w), BF_OK);
    /* A scan of the accounts would read 2,999 rows forward. */
    assert_true(bf__store_scan_steps(st) - before < 1000);
    bf_store_close(st);
}

/*
 * A batch larger than a reading process's page pool keeps its pages in
 * the cache until it commits: none is written out early (a spill, which
 * writes the page to the WAL and later again).  With SQLite's pages drawn
 * from the pool in every process, a batch of 40,000 profiles spilled
 * thousands of them.
 */
static void a_batch_keeps_its_pages_until_commit(void **state)
{
    fixture *f = *state;
    bf_store *st = open_store(f);
    bf_store_writer w;
    bf_sink s;
    char id[16], handle[24], bio[160];
    int cur = -1, hi = 0, i;

    bf_store_writer_init(&w, st, 100000);
    s = bf_store_writer_sink(&w);
    for (i = 0; i < 40000; i++) {
        bf_account ac;

        /* Scattered ids and handles: every index takes each at random. */
        snprintf(id, sizeof id, "%u", (unsigned)i * 2654435761u);
        snprintf(handle, sizeof handle, "h%08x", (unsigned)i * 40503u);
        memset(bio, 'a' + i % 26, sizeof bio - 1);
        bio[sizeof bio - 1] = '\0';
        ac = account("twitter", id, handle, i);
        ac.bio = bio;
        assert_int_equal(s.account(s.ctx, &ac), BF_OK);
    }
    assert_int_equal(bf_store_writer_finish(&w), BF_OK);
    assert_int_equal(sqlite3_db_status(bf__store_db(st),
                                       SQLITE_DBSTATUS_CACHE_SPILL, &cur, &hi,
                                       0),
                     SQLITE_OK);
    assert_int_equal(cur, 0);
    bf_store_close(st);
}

/* ingest_sample writes the same small data set through a writer. */
static void ingest_sample(bf_store *st, bf_store_writer *w)
{
    bf_sink s;
    bf_account a;
    bf_post p;
    bf_follow fl;

    bf_store_writer_init(w, st, 3); /* several batches */
    s = bf_store_writer_sink(w);
    a = account("twitter", "1", "alice", 100);
    a.name = "Alice";
    a.observed_at = 1700000000;
    assert_int_equal(s.account(s.ctx, &a), BF_OK);
    a = account("twitter", "2", "bob", 5);
    assert_int_equal(s.account(s.ctx, &a), BF_OK);
    a = account("mastodon", "9", "carol", 7);
    assert_int_equal(s.account(s.ctx, &a), BF_OK);
    p = post("twitter", "p1", "1", 1000, "hello");
    assert_int_equal(s.post(s.ctx, &p), BF_OK);
    p = post("twitter", "p2", "3", 2000, "hi"); /* unknown author: stub */
    assert_int_equal(s.post(s.ctx, &p), BF_OK);
    fl = follow("twitter", "1", "2");
    assert_int_equal(s.follow(s.ctx, &fl), BF_OK);
    assert_int_equal(s.follow(s.ctx, &fl), BF_OK); /* duplicate */
    fl = follow("twitter", "2", "1");
    assert_int_equal(s.follow(s.ctx, &fl), BF_OK);
    fl = follow("mastodon", "9", "10");
    assert_int_equal(s.follow(s.ctx, &fl), BF_OK);
    assert_int_equal(bf_store_writer_finish(w), BF_OK);
    assert_false(w->open);
}

static void check_sample_stats(bf_store *st)
{
    bf_stats_row *r = NULL, t;
    size_t n = 0;

    assert_int_equal(bf_store_stats(st, &r, &n), BF_OK);
    assert_int_equal(n, 2);
    assert_string_equal(r[0].platform, "mastodon");
    assert_int_equal(r[0].accounts, 2);
    assert_int_equal(r[0].posts, 0);
    assert_int_equal(r[0].follows, 1);
    assert_string_equal(r[1].platform, "twitter");
    assert_int_equal(r[1].accounts, 3);
    assert_int_equal(r[1].posts, 2);
    assert_int_equal(r[1].follows, 2);
    free(r);
    /* The totals are the rows' sums. */
    assert_int_equal(bf_store_totals(st, &t), BF_OK);
    assert_int_equal(t.accounts, 5);
    assert_int_equal(t.posts, 2);
    assert_int_equal(t.follows, 3);
}

/* put_posts writes n posts of author "1" from index at, in one batch. */
static void put_posts(bf_store *st, int at, int n)
{
    bf_store_writer w;
    bf_sink s;
    int i;

    bf_store_writer_init(&w, st, 100);
    s = bf_store_writer_sink(&w);
    for (i = at; i < at + n; i++) {
        char id[16];
        bf_post p;

        snprintf(id, sizeof id, "k%d", i);
        p = post("twitter", id, "1", 1000 + i, "hello");
        assert_int_equal(s.post(s.ctx, &p), BF_OK);
    }
    assert_int_equal(bf_store_writer_finish(&w), BF_OK);
}

/* set_kept overwrites the kept post count's row with value. */
static void set_kept(const fixture *f, const char *value)
{
    char path[192], sql[256];
    sqlite3 *db;

    snprintf(path, sizeof path, "%s/bonafide.sqlite", f->store);
    assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
    snprintf(sql, sizeof sql,
             "INSERT OR REPLACE INTO state(key, value)"
             " VALUES('posts_count', '%s')",
             value);
    assert_int_equal(sqlite3_exec(db, sql, NULL, NULL, NULL), SQLITE_OK);
    sqlite3_close(db);
}

/*
 * The post count one writer keeps is what the next bf_store_totals reads,
 * at the same store only, and what that handle's own batches carry: a
 * batch another handle committed since, or a row of another state, is
 * counted afresh.
 */
static void totals_read_the_kept_count(void **state)
{
    fixture *f = *state;
    bf_store *st = open_store(f), *other;
    bf_stats_row t;
    bf_buf v;
    char forged[128];

    /* Three batches, three post segments: counting merges their keys;
     * the third makes the store large enough for a batch of one to be
     * carried over (CARRY_RATIO). */
    put_posts(st, 0, 3);
    put_posts(st, 2, 3); /* k2 again, k3 and k4 new */
    put_posts(st, 10, 40);
    assert_int_equal(bf_store_totals(st, &t), BF_OK);
    assert_int_equal(t.posts, 45);
    /* Not inside a batch. */
    assert_int_equal(bf_store_begin(st), BF_OK);
    assert_int_equal(bf_store_totals_keep(st), BF_EINVAL);
    bf_store_rollback(st);
    assert_int_equal(bf_store_totals_keep(st), BF_OK);
    bf_buf_init(&v, 256);
    assert_int_equal(bf_store_state_get(st, "posts_count", &v), BF_OK);
    assert_true(v.len > 3 && strcmp(v.data + v.len - 3, " 45") == 0);

    /* Another handle reads the kept count: a forged one at the same key
     * shows it is read, not counted, and carried over that handle's own
     * batch (k5, new: one more). */
    snprintf(forged, sizeof forged, "%.*s 12345", (int)(v.len - 3), v.data);
    set_kept(f, forged);
    assert_int_equal(bf_store_open(f->store, &other), BF_OK);
    assert_int_equal(bf_store_totals(other, &t), BF_OK);
    assert_int_equal(t.posts, 12345);
    put_posts(other, 5, 1);
    assert_int_equal(bf_store_totals(other, &t), BF_OK);
    assert_int_equal(t.posts, 12346);
    /* A batch of another handle since (k6): counted afresh, and kept
     * again. */
    put_posts(st, 6, 1);
    assert_int_equal(bf_store_totals(other, &t), BF_OK);
    assert_int_equal(t.posts, 47);
    assert_int_equal(bf_store_totals_keep(other), BF_OK);
    assert_int_equal(bf_store_state_get(other, "posts_count", &v), BF_OK);
    assert_true(strcmp(v.data + v.len - 3, " 47") == 0);
    bf_store_close(other);
    /* At the same key, a value that does not parse whole is no count. */
    snprintf(forged, sizeof forged, "%.*s 99x", (int)(v.len - 3), v.data);
    set_kept(f, forged);
    assert_int_equal(bf_store_open(f->store, &other), BF_OK);
    assert_int_equal(bf_store_totals(other, &t), BF_OK);
    assert_int_equal(t.posts, 47);
    bf_buf_release(&v);
    bf_store_close(other);
    bf_store_close(st);
}

/*
 * A writer carries its post count over its batches (store.c,
 * count_batch): after each ingest, the count it gives without counting
 * is the posts a fresh handle finds by walking every author's, and the
 * posts a model of the rules says are there.  The batches mix new posts,
 * posts stored before (some moved to another author), several commits
 * per ingest, enough segments to compact, and an author made private
 * (its posts dropped: the count is made again) and public again.
 */
static void a_writer_carries_its_count(void **state)
{
    fixture *f = *state;
    bf_store *st = open_store(f);
    uint64_t seed = 0x9e3779b97f4a7c15u;
    /* The model: each key's author (0: not stored) and author 2's lock. */
    unsigned owner[60] = { 0 };
    int locked = 0, round, i;
    bf_stats_row t;

    /* k0..k4 and, never touched again, k100..k499: a store large
     * enough for its batches to be carried over (CARRY_RATIO). */
    put_posts(st, 0, 5);
    put_posts(st, 100, 400);
    for (i = 0; i < 5; i++)
        owner[i] = 1;
    assert_int_equal(bf_store_totals(st, &t), BF_OK);
    assert_int_equal(t.posts, 405);
    for (round = 0; round < 40; round++) {
        bf_store_writer w;
        bf_sink s;
        int n, live = 400;

        bf_store_writer_init(&w, st, 3);
        s = bf_store_writer_sink(&w);
        seed = seed * 6364136223846793005u + 1442695040888963407u;
        n = 1 + (int)(seed >> 59);
        for (i = 0; i < n; i++) {
            char id[16], author[8];
            unsigned k, a;
            bf_post p;

            seed = seed * 6364136223846793005u + 1442695040888963407u;
            k = (unsigned)(seed >> 33) % 60;
            a = 1 + (unsigned)(seed >> 20) % 4;
            snprintf(id, sizeof id, "k%u", k);
            snprintf(author, sizeof author, "%u", a);
            p = post("twitter", id, author, 1000 + round, "hello");
            assert_int_equal(s.post(s.ctx, &p), BF_OK);
            if (!(a == 2 && locked))
                owner[k] = a;
        }
        assert_int_equal(bf_store_writer_finish(&w), BF_OK);
        if (round % 7 == 3 || round % 7 == 5) {
            /* Author 2 goes private, then public again, in a batch of
             * its own: what it had is dropped as it stood. */
            bf_account a = account("twitter", "2", "two", 3);

            a.protected_ = round % 7 == 3;
            bf_store_writer_init(&w, st, 3);
            s = bf_store_writer_sink(&w);
            assert_int_equal(s.account(s.ctx, &a), BF_OK);
            assert_int_equal(bf_store_writer_finish(&w), BF_OK);
            locked = a.protected_;
            for (i = 0; locked && i < 60; i++)
                if (owner[i] == 2)
                    owner[i] = 0;
        }
        for (i = 0; i < 60; i++)
            live += owner[i] != 0;
        assert_int_equal(bf_store_totals(st, &t), BF_OK);
        if ((int64_t)t.posts != stored_posts(f, NULL) || (int)t.posts != live)
            fail_msg("round %d: %llu posts carried, %lld walked, %d by the "
                     "rules",
                     round, (unsigned long long)t.posts,
                     (long long)stored_posts(f, NULL), live);
    }
    bf_store_close(st);
}

static void upserts_are_idempotent(void **state)
{
    fixture *f = *state;
    bf_store *st = open_store(f);
    bf_store_writer w;
    bf_account_row row;
    bf_account a;
    uint32_t id;

    ingest_sample(st, &w);
    assert_int_equal(w.accounts, 3);
    assert_int_equal(w.posts, 2);
    assert_int_equal(w.follows, 4);
    assert_int_equal(count(st), 5);
    check_sample_stats(st);
    ingest_sample(st, &w);
    assert_int_equal(count(st), 5);
    check_sample_stats(st);
    assert_int_equal(stored_posts(f, NULL), 2);
    assert_int_equal(sql_int(f, "SELECT count(*) FROM snapshots"), 1);

    /* Unknown values never erase known ones; known ones replace. */
    assert_int_equal(bf_store_begin(st), BF_OK);
    a = account("twitter", "1", NULL, -1);
    id = put_account(st, &a);
    assert_int_equal(id, 0);
    assert_int_equal(bf_store_commit(st), BF_OK);
    assert_int_equal(bf_store_account(st, 0, &row), BF_OK);
    assert_string_equal(row.a.handle, "alice");
    assert_string_equal(row.a.name, "Alice");
    assert_string_equal(row.a.platform, "twitter");
    assert_int_equal(row.a.followers, 100);
    assert_int_equal(row.a.following, -1);
    assert_int_equal(row.a.observed_at, 1700000000);
    bf_account_row_release(&row);
    assert_int_equal(bf_store_begin(st), BF_OK);
    a = account("twitter", "1", "alice2", 200);
    a.observed_at = 1700000500;
    put_account(st, &a);
    assert_int_equal(bf_store_commit(st), BF_OK);
    assert_int_equal(bf_store_account(st, 0, &row), BF_OK);
    assert_string_equal(row.a.handle, "alice2");
    assert_int_equal(row.a.followers, 200);
    bf_account_row_release(&row);
    assert_int_equal(sql_int(f, "SELECT count(*) FROM snapshots"), 2);
    assert_int_equal(bf_store_account(st, 99, &row), BF_ENOTFOUND);
    bf_account_row_release(&row);
    bf_store_close(st);
}

/*
 * The same account seen in two files: the newer observation of its counters
 * wins whatever the order of ingest, the older only fills what the newer
 * does not know, and both stay as snapshots.
 */
static void the_newer_observation_wins(void **state)
{
    fixture *f = *state;
    bf_store *st = open_store(f);
    bf_account_row row;
    bf_account a;
    uint32_t id;

    assert_int_equal(bf_store_begin(st), BF_OK);
    a = account("twitter", "42", "new_handle", 300);
    a.observed_at = 1700000900;
    put_account(st, &a);
    a = account("twitter", "42", "old_handle", 50);
    a.observed_at = 1600000000;
    a.bio = "only the old file has a bio";
    a.following = 7;
    put_account(st, &a);
    assert_int_equal(bf_store_commit(st), BF_OK);
    assert_int_equal(bf_store_resolve(st, "twitter:#42", &id), BF_OK);
    assert_int_equal(bf_store_account(st, id, &row), BF_OK);
    assert_string_equal(row.a.handle, "new_handle");
    assert_int_equal(row.a.followers, 300);
    assert_int_equal(row.a.following, 7);
    assert_string_equal(row.a.bio, "only the old file has a bio");
    assert_int_equal(row.a.observed_at, 1700000900);
    bf_account_row_release(&row);
    assert_int_equal(sql_int(f, "SELECT count(*) FROM snapshots"), 2);
    assert_int_equal(
            sql_int(f, "SELECT followers FROM snapshots ORDER BY observed_at"),
            50);
    bf_store_close(st);
}

static void stubs_are_filled_in_and_ids_stay(void **state)
{
    fixture *f = *state;
    bf_store *st = open_store(f);
    bf_account_row row;
    bf_account a;
    uint32_t id = 99;

    assert_int_equal(bf_store_begin(st), BF_OK);
    put_follow(st, "twitter", "100", "200");
    put_follow(st, "twitter", "200", "200"); /* a self-follow is kept */
    assert_int_equal(bf_store_commit(st), BF_OK);
    assert_int_equal(count(st), 2);
    assert_int_equal(bf_store_account(st, 1, &row), BF_OK);
    assert_string_equal(row.a.native_id, "200");
    assert_null(row.a.handle);
    assert_int_equal(row.a.followers, -1);
    bf_account_row_release(&row);

    assert_int_equal(bf_store_begin(st), BF_OK);
    a = account("twitter", "200", "zed", 42);
    assert_int_equal(put_account(st, &a), 1);
    a = account("twitter", "300", "new", 1);
    assert_int_equal(put_account(st, &a), 2);
    assert_int_equal(bf_store_commit(st), BF_OK);
    bf_store_close(st);

    st = open_store(f);
    assert_int_equal(bf_store_resolve(st, "twitter:#100", &id), BF_OK);
    assert_int_equal(id, 0);
    assert_int_equal(bf_store_resolve(st, "zed", &id), BF_OK);
    assert_int_equal(id, 1);
    assert_int_equal(bf_store_resolve(st, "#300", &id), BF_OK);
    assert_int_equal(id, 2);
    assert_int_equal(edges(st), 2);
    {
        const bf_csr *g = NULL;

        assert_int_equal(bf_store_graph(st, &g), BF_OK);
        assert_int_equal(g->n, 3);
        assert_int_equal(g->in_off[2] - g->in_off[1], 2);
        assert_int_equal(g->out_adj[g->out_off[1]], 1);
    }
    bf_store_close(st);
}

static void rollback_leaves_nothing(void **state)
{
    fixture *f = *state;
    bf_store *st = open_store(f);
    bf_store_writer w;
    bf_account a;
    bf_sink s;

    assert_int_equal(bf_store_begin(st), BF_OK);
    put_follow(st, "twitter", "1", "2");
    assert_int_equal(bf_store_commit(st), BF_OK);
    assert_int_equal(edges(st), 1);

    assert_int_equal(bf_store_begin(st), BF_OK);
    assert_int_equal(bf_store_begin(st), BF_EINVAL);
    a = account("twitter", "3", "c", 1);
    put_account(st, &a);
    put_follow(st, "twitter", "3", "4");
    put_follow(st, "bluesky", "x", "y");
    bf_store_rollback(st);
    assert_int_equal(count(st), 2);
    assert_int_equal(sql_int(f, "SELECT count(*) FROM segments"), 1);
    assert_int_equal(sql_int(f, "SELECT count(*) FROM platforms"), 1);
    assert_false(file_in(f, "follows-000002.seg"));
    assert_int_equal(edges(st), 1);

    /* The same through a writer, and ids reused correctly afterwards. */
    bf_store_writer_init(&w, st, 1000);
    s = bf_store_writer_sink(&w);
    assert_int_equal(s.account(s.ctx, &a), BF_OK);
    assert_true(w.open);
    bf_store_writer_abort(&w);
    assert_false(w.open);
    assert_int_equal(count(st), 2);
    assert_int_equal(bf_store_begin(st), BF_OK);
    put_follow(st, "twitter", "5", "1");
    assert_int_equal(bf_store_commit(st), BF_OK);
    assert_int_equal(count(st), 3);
    assert_int_equal(edges(st), 2);
    assert_true(file_in(f, "follows-000002.seg"));
    /* Writes outside a batch are refused. */
    {
        bf_follow fl = follow("twitter", "1", "2");

        assert_int_equal(bf_store_put_follow(st, &fl), BF_EINVAL);
        assert_int_equal(bf_store_commit(st), BF_EINVAL);
    }
    bf_store_close(st);
}

static void leftovers_of_a_crash_are_removed(void **state)
{
    fixture *f = *state;
    bf_store *st = open_store(f);
    unsigned char rec[BF__SEG_RECORD];
    uint32_t crc;
    FILE *fp;
    char p[160];

    assert_int_equal(bf_store_begin(st), BF_OK);
    put_follow(st, "twitter", "1", "2");
    assert_int_equal(bf_store_commit(st), BF_OK);
    bf_store_close(st);

    /* A complete segment whose batch never committed, and temp files. */
    bf__seg_encode(rec, 1, 0, 0, -1);
    assert_int_equal(
            bf__seg_write(f->store, "follows-000002.seg", rec, 1, &crc), BF_OK);
    snprintf(p, sizeof p, "%s/follows-000003.seg.tmp", f->store);
    fp = fopen(p, "w");
    assert_non_null(fp);
    fclose(fp);
    snprintf(p, sizeof p, "%s/graph.csr.tmp", f->store);
    fp = fopen(p, "w");
    assert_non_null(fp);
    fclose(fp);

    /* Opening, as a reader or a writer, and reading remove nothing: the
     * files could be a running writer's. */
    assert_int_equal(bf_store_open_existing(f->store, &st), BF_OK);
    assert_int_equal(edges(st), 1);
    bf_store_close(st);
    st = open_store(f);
    assert_true(file_in(f, "follows-000002.seg"));
    assert_true(file_in(f, "follows-000003.seg.tmp"));
    assert_true(file_in(f, "graph.csr.tmp"));

    /* The first batch, under the writer lock, sweeps them. */
    assert_int_equal(bf_store_begin(st), BF_OK);
    assert_false(file_in(f, "follows-000002.seg"));
    assert_false(file_in(f, "follows-000003.seg.tmp"));
    assert_false(file_in(f, "graph.csr.tmp"));
    assert_true(file_in(f, "follows-000001.seg"));
    bf_store_rollback(st);
    assert_int_equal(edges(st), 1);
    bf_store_close(st);
}

/* damage flips one byte of a store file at offset off (from the end when
 * negative), or truncates it to off bytes when truncate is set. */
static void damage(const fixture *f, const char *name, long off, int cut)
{
    char p[160];
    FILE *fp;
    int c;

    snprintf(p, sizeof p, "%s/%s", f->store, name);
    if (cut) {
        assert_int_equal(truncate(p, off), 0);
        return;
    }
    fp = fopen(p, "r+b");
    assert_non_null(fp);
    fseek(fp, off, off < 0 ? SEEK_END : SEEK_SET);
    c = fgetc(fp);
    fseek(fp, -1, SEEK_CUR);
    fputc(c ^ 0x40, fp);
    fclose(fp);
}

/* slurp_file reads the whole file at path; *out_n gets its size. */
static unsigned char *slurp_file(const char *path, size_t *out_n)
{
    FILE *fp = fopen(path, "rb");
    unsigned char *p;
    long n;

    assert_non_null(fp);
    assert_int_equal(fseek(fp, 0, SEEK_END), 0);
    n = ftell(fp);
    assert_true(n > 0);
    rewind(fp);
    p = malloc((size_t)n);
    assert_non_null(p);
    assert_int_equal(fread(p, 1, (size_t)n, fp), (size_t)n);
    fclose(fp);
    *out_n = (size_t)n;
    return p;
}

static void graph_recovers_from_a_damaged_file(void **state)
{
    fixture *f = *state;
    bf_store *st = open_store(f);
    const bf_csr *g = NULL;
    int i;

    assert_int_equal(bf_store_begin(st), BF_OK);
    put_follow(st, "twitter", "1", "2");
    put_follow(st, "twitter", "2", "3");
    put_follow(st, "twitter", "3", "1");
    assert_int_equal(bf_store_commit(st), BF_OK);
    assert_int_equal(edges(st), 3);
    bf_store_close(st);
    for (i = 0; i < 4; i++) {
        if (i == 0)
            damage(f, "graph.csr", 0, 0); /* magic */
        else if (i == 1)
            damage(f, "graph.csr", 150, 0); /* first section */
        else if (i == 2)
            damage(f, "graph.csr", -2, 0); /* last section */
        else
            damage(f, "graph.csr", 200, 1);
        st = open_store(f);
        assert_int_equal(bf_store_graph(st, &g), BF_OK);
        assert_int_equal(g->n, 3);
        assert_int_equal(g->m, 3);
        assert_int_equal(g->out_adj[g->out_off[2]], 0);
        bf_store_close(st);
    }

    /* A damaged committed segment cannot be rebuilt from: corrupt. */
    damage(f, "follows-000001.seg", -1, 0);
    damage(f, "graph.csr", 0, 0);
    st = open_store(f);
    assert_int_equal(bf_store_graph(st, &g), BF_ECORRUPT);
    bf_store_close(st);
}

/* put_pos adds a follows b at position pos of b's list. */
static void put_pos(bf_store *st, const char *a, const char *b, int64_t pos)
{
    bf_follow fl = follow("twitter", a, b);

    fl.position = pos;
    assert_int_equal(bf_store_put_follow(st, &fl), BF_OK);
}

/* pos_in returns follower native id a's position in b's list, -9 when
 * a does not follow b. */
static int32_t pos_in(bf_store *st, const char *a, const char *b)
{
    const bf_csr *g = NULL;
    uint32_t ia, ib;
    uint64_t i;
    char spec[32];

    snprintf(spec, sizeof spec, "twitter:#%s", a);
    assert_int_equal(bf_store_resolve(st, spec, &ia), BF_OK);
    snprintf(spec, sizeof spec, "twitter:#%s", b);
    assert_int_equal(bf_store_resolve(st, spec, &ib), BF_OK);
    assert_int_equal(bf_store_graph(st, &g), BF_OK);
    assert_non_null(g->in_pos);
    for (i = g->in_off[ib]; i < g->in_off[ib + 1]; i++)
        if (g->in_adj[i] == ia)
            return g->in_pos[i];
    return -9;
}

/* set_version rewrites graph.csr's format version (and its header crc). */
static void set_version(const fixture *f, uint32_t v)
{
    unsigned char h[BF__CSR_HEADER];
    char p[160];
    FILE *fp;

    snprintf(p, sizeof p, "%s/graph.csr", f->store);
    fp = fopen(p, "r+b");
    assert_non_null(fp);
    assert_int_equal(fread(h, 1, sizeof h, fp), sizeof h);
    bf__put_u32(h + 8, v);
    bf__put_u32(h + 160, (uint32_t)crc32_z(0, h, 160));
    rewind(fp);
    assert_int_equal(fwrite(h, 1, sizeof h, fp), sizeof h);
    fclose(fp);
}

/* graph_bytes rebuilds graph.csr with the given threads and budget (NULL:
 * the default) and returns its bytes (*n of them), or NULL with *err set
 * when the build fails. */
static unsigned char *graph_bytes(const fixture *f, const char *threads,
                                  const char *budget, size_t *n, bf_err *err)
{
    const bf_csr *g = NULL;
    bf_store *st;
    char p[160];

    snprintf(p, sizeof p, "%s/graph.csr", f->store);
    unlink(p);
    assert_int_equal(setenv("BONAFIDE_THREADS", threads, 1), 0);
    if (budget)
        assert_int_equal(setenv("BONAFIDE_CSR_MEMORY", budget, 1), 0);
    st = open_store(f);
    *err = bf_store_graph(st, &g);
    bf_store_close(st);
    unsetenv("BONAFIDE_THREADS");
    unsetenv("BONAFIDE_CSR_MEMORY");
    if (*err)
        return NULL;
    return slurp_file(p, n);
}

/*
 * The graph is read from the segments on several threads when the edges
 * fit in memory, each thread a share of the segments, and one by one when
 * they spill: the file is the same either way, positions known in some
 * segments and not in others, and a damaged segment anywhere makes the
 * store corrupt either way.
 */
static void graph_reads_segments_on_threads(void **state)
{
    fixture *f = *state;
    bf_store *st = open_store(f);
    unsigned char *one, *other;
    size_t n1, n2;
    char a[16], b[16];
    bf_err err;
    int batch, i;

    for (batch = 0; batch < 7; batch++) {
        assert_int_equal(bf_store_begin(st), BF_OK);
        for (i = 0; i < 300; i++) {
            snprintf(a, sizeof a, "%d", (i * 13 + batch) % 97);
            snprintf(b, sizeof b, "%d", (i * 7 + batch * 3) % 89);
            put_pos(st, a, b, batch % 3 == 1 ? i % 50 : -1);
        }
        assert_int_equal(bf_store_commit(st), BF_OK);
    }
    bf_store_close(st);
    one = graph_bytes(f, "1", NULL, &n1, &err);
    assert_int_equal(err, BF_OK);
    other = graph_bytes(f, "3", NULL, &n2, &err);
    assert_int_equal(err, BF_OK);
    assert_int_equal(n1, n2);
    assert_memory_equal(one, other, n1);
    free(other);
    other = graph_bytes(f, "2", "4096", &n2, &err); /* runs: one by one */
    assert_int_equal(err, BF_OK);
    assert_int_equal(n1, n2);
    assert_memory_equal(one, other, n1);
    free(other);
    free(one);

    /* The fifth segment's last record damaged. */
    damage(f, "follows-000005.seg", -3, 0);
    assert_null(graph_bytes(f, "1", NULL, &n2, &err));
    assert_int_equal(err, BF_ECORRUPT);
    assert_null(graph_bytes(f, "3", NULL, &n2, &err));
    assert_int_equal(err, BF_ECORRUPT);
    assert_null(graph_bytes(f, "2", "4096", &n2, &err));
    assert_int_equal(err, BF_ECORRUPT);
}

static void graph_keeps_positions_and_rebuilds_old_files(void **state)
{
    fixture *f = *state;
    bf_store *st = open_store(f);
    int i;

    /* Two segments: 9's list read twice, 1 moved from 2 to 5. */
    assert_int_equal(bf_store_begin(st), BF_OK);
    put_pos(st, "1", "9", 2);
    put_pos(st, "2", "9", 1);
    put_pos(st, "3", "9", 0);
    assert_int_equal(bf_store_commit(st), BF_OK);
    assert_int_equal(bf_store_begin(st), BF_OK);
    put_pos(st, "1", "9", 5);
    put_pos(st, "3", "9", -1);
    put_pos(st, "4", "9", -1);
    assert_int_equal(bf_store_commit(st), BF_OK);
    assert_int_equal(edges(st), 4);
    assert_int_equal(pos_in(st, "1", "9"), 5);
    assert_int_equal(pos_in(st, "2", "9"), 1);
    assert_int_equal(pos_in(st, "3", "9"), 0);
    assert_int_equal(pos_in(st, "4", "9"), -1);
    bf_store_close(st);

    /* A damaged in_pos (the last section), an older format version and an
     * unknown one: each is rebuilt, positions and all. */
    for (i = 0; i < 3; i++) {
        if (i == 0)
            damage(f, "graph.csr", -3, 0);
        else
            set_version(f, i == 1 ? 1 : 7);
        st = open_store(f);
        assert_int_equal(edges(st), 4);
        assert_int_equal(pos_in(st, "1", "9"), 5);
        assert_int_equal(pos_in(st, "4", "9"), -1);
        bf_store_close(st);
    }
    {
        char p[160];
        size_t n;
        unsigned char h[16];
        FILE *fp;

        snprintf(p, sizeof p, "%s/graph.csr", f->store);
        fp = fopen(p, "rb");
        assert_non_null(fp);
        n = fread(h, 1, sizeof h, fp);
        fclose(fp);
        assert_int_equal(n, sizeof h);
        assert_int_equal(bf__get_u32(h + 8), BF__CSR_VERSION);
        assert_int_equal(bf__get_u32(h + 12), BF__CSR_F_IN_POS);
    }
}

static void graph_follows_new_batches(void **state)
{
    fixture *f = *state;
    bf_store *st = open_store(f);
    bf_account a;

    assert_int_equal(edges(st), 0);
    assert_int_equal(bf_store_begin(st), BF_OK);
    put_follow(st, "twitter", "1", "2");
    {
        const bf_csr *g;

        assert_int_equal(bf_store_graph(st, &g), BF_EINVAL);
    }
    assert_int_equal(bf_store_commit(st), BF_OK);
    assert_int_equal(edges(st), 1);
    /* A new account alone makes the graph stale (n changes). */
    assert_int_equal(bf_store_begin(st), BF_OK);
    a = account("twitter", "7", "seven", 0);
    put_account(st, &a);
    assert_int_equal(bf_store_commit(st), BF_OK);
    /* The totals read the edges off the file, which is left for a reader
     * that needs the new vertex. */
    {
        bf_stats_row t;
        bf__csr_header h;
        char p[160];

        assert_int_equal(bf_store_totals(st, &t), BF_OK);
        assert_int_equal(t.accounts, 3);
        assert_int_equal(t.follows, 1);
        snprintf(p, sizeof p, "%s/graph.csr", f->store);
        assert_int_equal(bf__csr_read_header(p, &h), BF_OK);
        assert_int_equal(h.n, 2);
        assert_int_equal(h.m, 1);
    }
    {
        const bf_csr *g;

        assert_int_equal(bf_store_graph(st, &g), BF_OK);
        assert_int_equal(g->n, 3);
        assert_int_equal(g->m, 1);
    }
    /* It was extended, not built again: the same bytes as a build from
     * the segments, and no segment read, so a damaged one does not show
     * until the follows change. */
    {
        char p[160];
        unsigned char *x, *y;
        size_t nx, ny;

        snprintf(p, sizeof p, "%s/graph.csr", f->store);
        x = slurp_file(p, &nx);
        assert_int_equal(bf__store_rebuild_graph(st), BF_OK);
        y = slurp_file(p, &ny);
        assert_int_equal(nx, ny);
        assert_memory_equal(x, y, nx);
        free(x);
        free(y);
    }
    bf_store_close(st);
    damage(f, "follows-000001.seg", -1, 0);
    st = open_store(f);
    assert_int_equal(bf_store_begin(st), BF_OK);
    a = account("twitter", "8", "eight", 0);
    put_account(st, &a);
    assert_int_equal(bf_store_commit(st), BF_OK);
    {
        const bf_csr *g;

        assert_int_equal(bf_store_graph(st, &g), BF_OK);
        assert_int_equal(g->n, 4);
        assert_int_equal(g->m, 1);
        assert_int_equal(g->out_adj[g->out_off[0]], 1);
    }
    bf_store_close(st);
}

/*
 * The id cache keeps canonical decimal ids as numbers: "7", "007" and "07"
 * must stay three accounts, as must 2^64 - 1 (the largest number kept) and
 * 2^64 (kept as text), and the same id on two platforms two accounts.
 */
static void numeric_and_text_ids_stay_apart(void **state)
{
    static const char *const ids[] = {
        "7", "007", "07", "0", "00", "18446744073709551615",
        "18446744073709551616", "99999999999999999999", "abc", "7a", "-7",
        /* read 8 digits at a step: a
                                        * ':' (0x3a) or '/' (0x2f) read as
                                        * a digit would make these the
                                        * same number as the next one */
        "1234567:", "12345680", "1234567/", "12345678",
        "123456781234567:", "1234567812345680", "12345678123456789",
        "12345678901234567890"
    };
    static const char *const plats[] = { "twitter", "mastodon" };

    enum { N = sizeof ids / sizeof ids[0] };

    fixture *f = *state;
    bf_store *st = open_store(f);
    bf_account_row row;
    char spec[64];
    size_t i, p;
    int pass;
    uint32_t id[2][N];

    /* Twice: the second pass finds every id in the cache. */
    for (pass = 0; pass < 2; pass++) {
        assert_int_equal(bf_store_begin(st), BF_OK);
        for (p = 0; p < 2; p++)
            for (i = 0; i + 1 < N; i++)
                put_follow(st, plats[p], ids[i], ids[i + 1]);
        assert_int_equal(bf_store_commit(st), BF_OK);
        assert_int_equal(count(st), 2 * N);
    }
    for (p = 0; p < 2; p++) {
        for (i = 0; i < N; i++) {
            snprintf(spec, sizeof spec, "%s:#%s", plats[p], ids[i]);
            assert_int_equal(bf_store_resolve(st, spec, &id[p][i]), BF_OK);
            assert_int_equal(bf_store_account(st, id[p][i], &row), BF_OK);
            assert_string_equal(row.a.native_id, ids[i]);
            bf_account_row_release(&row);
        }
    }
    /* Each follow joined the two ids it named, on its own platform. */
    {
        const bf_csr *g;

        assert_int_equal(bf_store_graph(st, &g), BF_OK);
        assert_int_equal(g->m, 2 * (N - 1));
        for (p = 0; p < 2; p++)
            for (i = 0; i + 1 < N; i++) {
                uint32_t u = id[p][i];

                assert_int_equal(g->out_off[u + 1] - g->out_off[u], 1);
                assert_int_equal(g->out_adj[g->out_off[u]], id[p][i + 1]);
            }
    }
    bf_store_close(st);
}

static void resolves_handles_and_ids(void **state)
{
    fixture *f = *state;
    bf_store *st = open_store(f);
    bf_account a;
    uint32_t id = 0;

    assert_int_equal(bf_store_begin(st), BF_OK);
    a = account("twitter", "3610511", "Braddd", 10);
    put_account(st, &a); /* 0 */
    a = account("mastodon", "77", "braddd", 50);
    put_account(st, &a); /* 1 */
    a = account("bluesky", "did:plc:x", "braddd", -1);
    put_account(st, &a); /* 2 */
    a = account("bluesky", "did:plc:y", "nobody", -1);
    put_account(st, &a); /* 3 */
    assert_int_equal(bf_store_commit(st), BF_OK);

    assert_int_equal(bf_store_resolve(st, "twitter:braddd", &id), BF_OK);
    assert_int_equal(id, 0);
    assert_int_equal(bf_store_resolve(st, "twitter:@BRADDD", &id), BF_OK);
    assert_int_equal(id, 0);
    assert_int_equal(bf_store_resolve(st, "@braddd", &id), BF_OK);
    assert_int_equal(id, 1);
    assert_int_equal(bf_store_resolve(st, "bluesky:braddd", &id), BF_OK);
    assert_int_equal(id, 2);
    assert_int_equal(bf_store_resolve(st, "twitter:#3610511", &id), BF_OK);
    assert_int_equal(id, 0);
    assert_int_equal(bf_store_resolve(st, "#3610511", &id), BF_OK);
    assert_int_equal(id, 0);
    assert_int_equal(bf_store_resolve(st, "#did:plc:y", &id), BF_OK);
    assert_int_equal(id, 3);
    assert_int_equal(bf_store_resolve(st, "bluesky:#did:plc:y", &id), BF_OK);
    assert_int_equal(id, 3);
    id = 1234;
    assert_int_equal(bf_store_resolve(st, "mastodon:#3610511", &id),
                     BF_ENOTFOUND);
    assert_int_equal(bf_store_resolve(st, "myspace:braddd", &id), BF_ENOTFOUND);
    assert_int_equal(bf_store_resolve(st, "Bad Platform:braddd", &id),
                     BF_ENOTFOUND);
    assert_int_equal(bf_store_resolve(st, "nobodyatall", &id), BF_ENOTFOUND);
    assert_int_equal(bf_store_resolve(st, "@", &id), BF_ENOTFOUND);
    assert_int_equal(bf_store_resolve(st, "twitter:#", &id), BF_ENOTFOUND);
    assert_int_equal(id, 1234);
    bf_store_close(st);
}

/* suggest returns bf_store_suggest's names for spec, joined by ' '. */
static const char *suggest(bf_store *st, const char *spec, size_t max)
{
    static char out[512];
    bf_buf b;
    size_t n = 99, i, o = 0;
    const char *p;

    bf_buf_init(&b, 1 << 16);
    assert_int_equal(bf_store_suggest(st, spec, max, &b, &n), BF_OK);
    out[0] = '\0';
    for (i = 0, p = b.data; i < n; i++, p += strlen(p) + 1)
        o += (size_t)snprintf(out + o, sizeof out - o, "%s%s", i ? " " : "", p);
    bf_buf_release(&b);
    return out;
}

static void suggests_close_handles(void **state)
{
    static const struct {
        const char *platform, *id, *handle;
        int64_t followers;
    } acc[] = {
        { "twitter", "1", "agirard", 500 },
        { "twitter", "2", "AGirardot", 90 },
        { "mastodon", "3", "agirard", 40 },
        { "twitter", "4", "agirafe", 9000 },
        { "twitter", "5", "zgirard", 9000 },
        { "twitter", "6", "claire_martin_conseil", 10 },
    };

    fixture *f = *state;
    bf_store *st = open_store(f);
    bf_account a;
    size_t i;

    assert_int_equal(bf_store_begin(st), BF_OK);
    for (i = 0; i < sizeof acc / sizeof acc[0]; i++) {
        a = account(acc[i].platform, acc[i].id, acc[i].handle,
                    acc[i].followers);
        put_account(st, &a);
    }
    assert_int_equal(bf_store_commit(st), BF_OK);

    /* Fewest edits first, then most followers; zgirard differs in the
     * first three bytes. */
    assert_string_equal(suggest(st, "agirardd", 5),
                        "twitter:agirard mastodon:agirard twitter:AGirardot");
    /* A longer handle starting so counts as one edit. */
    assert_string_equal(suggest(st, "AGIRAR", 5),
                        "twitter:agirard twitter:AGirardot mastodon:agirard "
                        "twitter:agirafe");
    assert_string_equal(suggest(st, "AGIRAR", 2),
                        "twitter:agirard twitter:AGirardot");
    assert_string_equal(suggest(st, "mastodon:@agirar", 5), "mastodon:agirard");
    assert_string_equal(suggest(st, "claire_martin", 5),
                        "twitter:claire_martin_conseil");
    /* Never the handle asked for; nothing for a native id, an unknown
     * platform or a handle far from all. */
    assert_string_equal(suggest(st, "twitter:agirard", 5),
                        "twitter:AGirardot twitter:agirafe");
    assert_string_equal(suggest(st, "#1", 5), "");
    assert_string_equal(suggest(st, "myspace:agirard", 5), "");
    assert_string_equal(suggest(st, "agxxxxxx", 5), "");
    assert_string_equal(suggest(st, "", 5), "");
    bf_store_close(st);
}

static void contact_details_never_reach_the_store(void **state)
{
    fixture *f = *state;
    bf_store *st = open_store(f);
    bf_store_writer w;
    bf_account_row row;
    bf_account a;
    bf_post p;
    bf_sink s;

    bf_store_writer_init(&w, st, 0);
    s = bf_store_writer_sink(&w);
    a = account("twitter", "1", "al", 1);
    a.bio = "write to john.doe@example.com or call +33 6 12 34 56 78";
    a.name = "Al (al@example.org)";
    a.location = "Paris";
    a.url = "mailto:al@example.org";
    assert_int_equal(s.account(s.ctx, &a), BF_OK);
    p = post("twitter", "p", "1", 5, "dm me: 555-123-4567-89 or x@y.io");
    assert_int_equal(s.post(s.ctx, &p), BF_OK);
    assert_int_equal(bf_store_writer_finish(&w), BF_OK);
    assert_int_equal(w.scrubbed, 6);

    assert_int_equal(bf_store_account(st, 0, &row), BF_OK);
    assert_null(strstr(row.a.bio, "example.com"));
    assert_non_null(strstr(row.a.bio, "[email]"));
    assert_non_null(strstr(row.a.bio, "[phone]"));
    assert_null(strstr(row.a.name, "@"));
    assert_null(strstr(row.a.url, "@"));
    assert_string_equal(row.a.location, "Paris");
    bf_account_row_release(&row);
    assert_int_equal(sql_int(f, "SELECT count(*) FROM accounts WHERE"
                                " bio LIKE '%@%' OR name LIKE '%@%'"),
                     0);
    assert_int_equal(stored_posts(f, "y.io"), 0);
    assert_int_equal(stored_posts(f, "4567"), 0);
    /* The post itself is there, scrubbed. */
    assert_int_equal(stored_posts(f, "[phone]"), 1);
    bf_store_close(st);
}

static void protected_posts_are_dropped(void **state)
{
    fixture *f = *state;
    bf_store *st = open_store(f);
    bf_store_writer w;
    bf_account a;
    bf_post p;
    bf_sink s;

    bf_store_writer_init(&w, st, 100);
    s = bf_store_writer_sink(&w);
    p = post("twitter", "early", "8", 1, "before the lock");
    assert_int_equal(s.post(s.ctx, &p), BF_OK);
    a = account("twitter", "8", "locked", 3);
    a.protected_ = 1;
    assert_int_equal(s.account(s.ctx, &a), BF_OK);
    p = post("twitter", "a", "8", 2, "secret");
    assert_int_equal(s.post(s.ctx, &p), BF_OK);
    p = post("twitter", "b", "8", 3, "secret too");
    assert_int_equal(s.post(s.ctx, &p), BF_OK);
    assert_int_equal(bf_store_writer_finish(&w), BF_OK);
    assert_int_equal(w.posts, 1);
    assert_int_equal(w.private_posts, 2);
    assert_int_equal(stored_posts(f, NULL), 0);
    bf_store_close(st);
}

/*
 * The account memos outlive a commit, but not another connection's commit:
 * an account made private by a second writer keeps its later posts out of
 * the store written by the first.
 */
static void memos_follow_other_writers(void **state)
{
    fixture *f = *state;
    bf_store *a = open_store(f), *b = open_store(f);
    bf_store_writer w;
    bf_account acc;
    bf_post p;
    bf_sink s;
    int i;

    for (i = 0; i < 2; i++) { /* the second batch meets the memos */
        char id[16];

        snprintf(id, sizeof id, "p%d", i);
        bf_store_writer_init(&w, a, 100);
        s = bf_store_writer_sink(&w);
        acc = account("twitter", "8", "open", 3);
        assert_int_equal(s.account(s.ctx, &acc), BF_OK);
        p = post("twitter", id, "8", 1 + i, "public");
        assert_int_equal(s.post(s.ctx, &p), BF_OK);
        assert_int_equal(bf_store_writer_finish(&w), BF_OK);
    }
    assert_int_equal(stored_posts(f, NULL), 2);

    bf_store_writer_init(&w, b, 100);
    s = bf_store_writer_sink(&w);
    acc = account("twitter", "8", "locked", 3);
    acc.protected_ = 1;
    assert_int_equal(s.account(s.ctx, &acc), BF_OK);
    assert_int_equal(bf_store_writer_finish(&w), BF_OK);
    assert_int_equal(stored_posts(f, NULL), 0);

    bf_store_writer_init(&w, a, 100);
    s = bf_store_writer_sink(&w);
    p = post("twitter", "p2", "8", 3, "secret");
    assert_int_equal(s.post(s.ctx, &p), BF_OK);
    assert_int_equal(bf_store_writer_finish(&w), BF_OK);
    assert_int_equal(w.posts, 0);
    assert_int_equal(w.private_posts, 1);
    assert_int_equal(stored_posts(f, NULL), 0);
    bf_store_close(b);
    bf_store_close(a);
}

typedef struct walk {
    char ids[8][8];
    int n;
    int stop_at;
} walk;

static bf_err collect(void *ctx, const bf_post *p)
{
    walk *w = ctx;

    if (w->n == w->stop_at)
        return BF_ELIMIT;
    snprintf(w->ids[w->n++], sizeof w->ids[0], "%s", p->native_id);
    assert_string_equal(p->platform, "twitter");
    assert_string_equal(p->author_id, "1");
    return BF_OK;
}

static void posts_come_oldest_first(void **state)
{
    fixture *f = *state;
    bf_store *st = open_store(f);
    bf_post p;
    walk w;

    assert_int_equal(bf_store_begin(st), BF_OK);
    p = post("twitter", "c", "1", 300, "third");
    p.likes = 4;
    p.kind = BF_POST_REPLY;
    p.parent_id = "z";
    assert_int_equal(bf_store_put_post(st, &p), BF_OK);
    p = post("twitter", "a", "1", 100, "first");
    assert_int_equal(bf_store_put_post(st, &p), BF_OK);
    p = post("twitter", "b2", "1", 200, "second, later id");
    assert_int_equal(bf_store_put_post(st, &p), BF_OK);
    p = post("twitter", "b1", "1", 200, "second, earlier id");
    assert_int_equal(bf_store_put_post(st, &p), BF_OK);
    p = post("twitter", "o", "2", 50, "someone else");
    assert_int_equal(bf_store_put_post(st, &p), BF_OK);
    assert_int_equal(bf_store_commit(st), BF_OK);

    memset(&w, 0, sizeof w);
    w.stop_at = -1;
    assert_int_equal(bf_store_each_post(st, 0, collect, &w), BF_OK);
    assert_int_equal(w.n, 4);
    assert_string_equal(w.ids[0], "a");
    assert_string_equal(w.ids[1], "b2");
    assert_string_equal(w.ids[2], "b1");
    assert_string_equal(w.ids[3], "c");
    memset(&w, 0, sizeof w);
    w.stop_at = 2;
    assert_int_equal(bf_store_each_post(st, 0, collect, &w), BF_ELIMIT);
    assert_int_equal(w.n, 2);
    bf_store_close(st);
}

/* n_posts is the number of posts of account 0 a walk gives. */
static int n_posts(bf_store *st)
{
    walk w;

    memset(&w, 0, sizeof w);
    w.stop_at = -1;
    assert_int_equal(bf_store_each_post(st, 0, collect, &w), BF_OK);
    return w.n;
}

/*
 * A read transaction reads posts from the view it checked at its start,
 * and only there: its snapshot holds while another handle commits, and
 * once it ends, the next reads see what the store holds.  A read left
 * open by its owner's error path must not pin the view either.
 */
static void a_read_keeps_its_view_and_no_longer(void **state)
{
    fixture *f = *state;
    bf_store *st = open_store(f), *other = open_store(f);
    bf_store_read rd = { NULL, NULL, 0 };
    bf_store_scan *sc = NULL;

    commit_post(st, "a", 100, "first");

    assert_int_equal(bf_store_read_begin(st, &rd), BF_OK);
    assert_int_equal(n_posts(st), 1);
    commit_post(other, "b", 200, "second");
    assert_int_equal(n_posts(st), 1);
    bf_store_read_end(&rd);
    assert_int_equal(n_posts(st), 2);

    /* Its own batch after a read: the batch's commit is seen. */
    assert_int_equal(bf_store_read_begin(st, &rd), BF_OK);
    assert_int_equal(n_posts(st), 2);
    bf_store_read_end(&rd);
    commit_post(st, "c", 300, "third");
    assert_int_equal(n_posts(st), 3);

    /* A read whose end was never called: its transaction ended under it
     * (as a failed statement can end one).  The reads outside any
     * transaction check again, and so do those of the next transaction,
     * a scan's here. */
    assert_int_equal(bf_store_read_begin(st, &rd), BF_OK);
    assert_int_equal(n_posts(st), 3);
    assert_int_equal(sqlite3_exec(bf__store_db(st), "COMMIT", NULL, NULL, NULL),
                     SQLITE_OK);
    commit_post(other, "d", 400, "fourth");
    assert_int_equal(n_posts(st), 4);
    assert_int_equal(bf_store_read_begin(st, &rd), BF_OK);
    assert_int_equal(n_posts(st), 4);
    assert_int_equal(sqlite3_exec(bf__store_db(st), "COMMIT", NULL, NULL, NULL),
                     SQLITE_OK);
    commit_post(other, "e", 500, "fifth");
    assert_int_equal(bf_store_scan_open(st, NULL, &sc), BF_OK);
    assert_int_equal(n_posts(st), 5);
    bf_store_scan_close(sc);
    bf_store_close(other);
    bf_store_close(st);
}

typedef struct ents {
    char id[8];
    int h, m, u;
    char text[24]; /* the text's start, "-" when unknown */
    int64_t likes;
} ents;

typedef struct ents_walk {
    ents v[8];
    int n;
} ents_walk;

static bf_err collect_ents(void *ctx, const bf_post *p)
{
    ents_walk *w = ctx;
    ents *e = &w->v[w->n++];

    snprintf(e->id, sizeof e->id, "%s", p->native_id);
    e->h = p->hashtags;
    e->m = p->mentions;
    e->u = p->urls;
    snprintf(e->text, sizeof e->text, "%s", p->text ? p->text : "-");
    e->likes = p->likes;
    return BF_OK;
}

/* posts_of collects the posts of account spec ("platform:#id") into w. */
static void posts_of(bf_store *st, const char *spec, ents_walk *w)
{
    uint32_t id;

    assert_int_equal(bf_store_resolve(st, spec, &id), BF_OK);
    memset(w, 0, sizeof *w);
    assert_int_equal(bf_store_each_post(st, id, collect_ents, w), BF_OK);
}

/*
 * A source that marks no entities (an export's caption) has them counted
 * in its text; counts the source gives are kept; without a text they stay
 * unknown, never 0.
 */
static void entities_are_counted_in_the_text(void **state)
{
    fixture *f = *state;
    bf_store *st = open_store(f);
    ents_walk w;
    bf_post p;

    assert_int_equal(bf_store_begin(st), BF_OK);
    p = post("instagram", "a", "1", 100,
             "#etching #aquatint, C# and a&#39;b by @eggshell_press "
             "https://x.example/1 www.y.example mail me: me@example.com");
    assert_int_equal(bf_store_put_post(st, &p), BF_OK);
    p = post("instagram", "b", "1", 200, NULL);
    assert_int_equal(bf_store_put_post(st, &p), BF_OK);
    p = post("instagram", "c", "1", 300, "#one #two");
    p.hashtags = 7; /* as the source marked them */
    assert_int_equal(bf_store_put_post(st, &p), BF_OK);
    assert_int_equal(bf_store_commit(st), BF_OK);

    memset(&w, 0, sizeof w);
    assert_int_equal(bf_store_each_post(st, 0, collect_ents, &w), BF_OK);
    assert_int_equal(w.n, 3);
    assert_string_equal(w.v[0].id, "a");
    assert_int_equal(w.v[0].h, 2);
    /* An e-mail address is no mention. */
    assert_int_equal(w.v[0].m, 1);
    assert_int_equal(w.v[0].u, 2);
    assert_int_equal(w.v[1].h, -1);
    assert_int_equal(w.v[1].m, -1);
    assert_int_equal(w.v[1].u, -1);
    assert_int_equal(w.v[2].h, 7);
    assert_int_equal(w.v[2].m, 0);
    assert_int_equal(w.v[2].u, 0);
    bf_store_close(st);
}

/*
 * On X a text's last t.co link after another one is the photo, video or
 * quoted post X appended (media in its entities), so a news post with its
 * picture counts one link; elsewhere, or when the last link is not t.co,
 * every link counts.
 */
/*
 * A text X put in place of a post's own ("@h's account is temporarily
 * unavailable because it violates the Twitter Media Policy. Learn more.")
 * is no text of the author's: unknown, with what it holds, so a copy of
 * the post read before or after keeps its own text; the counters stay.
 */
static void x_placeholder_is_no_text(void **state)
{
    static const char media[] =
            "@MariamBarghouti's account is temporarily unavailable because "
            "it violates the Twitter Media Policy. Learn more.";
    static const char legal[] =
            "@irshad_rathi's account has been withheld in India in response "
            "to a legal demand. Learn more.";
    fixture *f = *state;
    bf_store *st = open_store(f);
    ents_walk w;
    bf_post p;

    assert_true(bf_text_x_placeholder(media));
    assert_true(bf_text_x_placeholder(legal));
    assert_false(bf_text_x_placeholder(media + 1));
    assert_false(bf_text_x_placeholder("@a's account is temporarily "
                                       "unavailable because it violates the "
                                       "Twitter Media Policy. Learn more. "
                                       "Me too"));
    assert_false(bf_text_x_placeholder("@a_name_far_too_long's account has "
                                       "been withheld in India in response "
                                       "to a legal demand. Learn more."));
    assert_false(bf_text_x_placeholder("@a in response to a legal demand. "
                                       "Learn more."));
    assert_int_equal(bf_store_begin(st), BF_OK);
    /* Its own text first, then the placeholder; and the other way. */
    p = post("twitter", "a", "7", 100, "We are back, #gaza @un https://t.co/x");
    assert_int_equal(bf_store_put_post(st, &p), BF_OK);
    p = post("twitter", "a", "7", 100, media);
    p.likes = 79;
    p.urls = 1;
    assert_int_equal(bf_store_put_post(st, &p), BF_OK);
    p = post("twitter", "b", "7", 200, media);
    p.urls = 1;
    assert_int_equal(bf_store_put_post(st, &p), BF_OK);
    assert_int_equal(bf_store_commit(st), BF_OK);
    assert_int_equal(bf_store_begin(st), BF_OK);
    p = post("twitter", "b", "7", 200, "Our own words");
    assert_int_equal(bf_store_put_post(st, &p), BF_OK);
    p = post("twitter", "c", "7", 300, legal);
    assert_int_equal(bf_store_put_post(st, &p), BF_OK);
    /* Elsewhere the same words are a post's own. */
    p = post("mastodon", "d", "7", 400, media);
    assert_int_equal(bf_store_put_post(st, &p), BF_OK);
    assert_int_equal(bf_store_commit(st), BF_OK);

    posts_of(st, "twitter:#7", &w);
    assert_int_equal(w.n, 3);
    assert_string_equal(w.v[0].text, "We are back, #gaza @un ");
    assert_int_equal(w.v[0].likes, 79);
    assert_int_equal(w.v[0].h, 1);
    assert_int_equal(w.v[0].u, 1);
    assert_string_equal(w.v[1].text, "Our own words");
    assert_int_equal(w.v[1].u, 0);
    assert_string_equal(w.v[2].text, "-");
    assert_int_equal(w.v[2].h, -1);
    assert_int_equal(w.v[2].m, -1);
    assert_int_equal(w.v[2].u, -1);
    posts_of(st, "mastodon:#7", &w);
    assert_int_equal(w.n, 1);
    assert_string_equal(w.v[0].text, "@MariamBarghouti's acco");
    bf_store_close(st);
}

static void x_attachment_link_is_no_link(void **state)
{
    static const char news[] = "Storm closes the bridge - "
                               "https://t.co/AbC123 https://t.co/DeF456 \n";
    fixture *f = *state;
    bf_store *st = open_store(f);
    ents_walk w;
    bf_post p;

    assert_int_equal(bf_store_begin(st), BF_OK);
    p = post("twitter", "a", "9", 100, news);
    assert_int_equal(bf_store_put_post(st, &p), BF_OK);
    p = post("twitter", "b", "9", 200,
             "two reads https://t.co/AbC123 and https://example.org/b");
    assert_int_equal(bf_store_put_post(st, &p), BF_OK);
    p = post("twitter", "c", "9", 300, "one https://t.co/AbC123");
    assert_int_equal(bf_store_put_post(st, &p), BF_OK);
    p = post("twitter", "d", "9", 400, news);
    p.urls = 2; /* as the source's entities said */
    assert_int_equal(bf_store_put_post(st, &p), BF_OK);
    p = post("instagram", "e", "9", 500, news);
    assert_int_equal(bf_store_put_post(st, &p), BF_OK);
    assert_int_equal(bf_store_commit(st), BF_OK);

    posts_of(st, "twitter:#9", &w);
    assert_int_equal(w.n, 4);
    assert_int_equal(w.v[0].u, 1);
    assert_int_equal(w.v[1].u, 2);
    assert_int_equal(w.v[2].u, 1);
    assert_int_equal(w.v[3].u, 2);
    posts_of(st, "instagram:#9", &w);
    assert_int_equal(w.n, 1);
    assert_int_equal(w.v[0].u, 2);
    assert_true(bf_text_ends_with_tco(news, sizeof news - 1));
    assert_false(bf_text_ends_with_tco("https://t.co/", 13));
    assert_false(bf_text_ends_with_tco("", 0));
    bf_store_close(st);
}

static void segments_round_trip_and_detect_damage(void **state)
{
    fixture *f = *state;
    unsigned char recs[3 * BF__SEG_RECORD];
    char p[160];
    bf__seg s;
    uint32_t crc = 0, a, b;
    bf_store *st = open_store(f); /* creates the directory */

    bf_store_close(st);
    bf__seg_encode(recs, 1, 2, 1700000000, 5);
    bf__seg_encode(recs + 16, 3, 4, -5, -1);
    bf__seg_encode(recs + 32, 5, 6, INT64_MAX, INT64_MAX);
    assert_int_equal(bf__seg_write(f->store, "t.seg", recs, 3, &crc), BF_OK);
    snprintf(p, sizeof p, "%s/t.seg", f->store);
    assert_int_equal(bf__seg_map(p, &s), BF_OK);
    assert_int_equal(s.count, 3);
    assert_int_equal(s.crc, crc);
    bf__seg_decode(s.recs + 16, &a, &b);
    assert_int_equal(a, 3);
    assert_int_equal(b, 4);
    assert_int_equal(bf__get_u32(s.recs + 8), 1700000000);
    assert_int_equal(bf__get_u32(s.recs + 28), UINT32_MAX);
    assert_int_equal(bf__get_u32(s.recs + 40), UINT32_MAX);
    assert_int_equal(bf__get_u32(s.recs + 44), UINT32_MAX);
    bf__seg_unmap(&s);
    damage(f, "t.seg", 40, 0);
    assert_int_equal(bf__seg_map(p, &s), BF_ECORRUPT);
    damage(f, "t.seg", 40, 0);
    assert_int_equal(bf__seg_map(p, &s), BF_OK);
    bf__seg_unmap(&s);
    damage(f, "t.seg", 20, 1);
    assert_int_equal(bf__seg_map(p, &s), BF_ECORRUPT);
    snprintf(p, sizeof p, "%s/none.seg", f->store);
    assert_int_equal(bf__seg_map(p, &s), BF_ENOTFOUND);
}

static void rejects_bad_records(void **state)
{
    fixture *f = *state;
    bf_store *st = open_store(f);
    bf_account a;
    bf_post p;
    bf_follow fl;

    assert_int_equal(bf_store_begin(st), BF_OK);
    a = account("Twitter", "1", "x", 1);
    assert_int_equal(bf_store_put_account(st, &a, NULL), BF_EINVAL);
    a = account("twitter", "", "x", 1);
    assert_int_equal(bf_store_put_account(st, &a, NULL), BF_EINVAL);
    a = account(NULL, "1", "x", 1); /* no platform: generic */
    assert_int_equal(bf_store_put_account(st, &a, NULL), BF_OK);
    p = post("twitter", "p", NULL, 1, "t");
    assert_int_equal(bf_store_put_post(st, &p), BF_EINVAL);
    fl = follow("twitter", "1", NULL);
    assert_int_equal(bf_store_put_follow(st, &fl), BF_EINVAL);
    assert_int_equal(bf_store_commit(st), BF_OK);
    assert_int_equal(sql_int(f, "SELECT count(*) FROM accounts a JOIN"
                                " platforms p ON p.id = a.platform"
                                " WHERE p.name = 'generic'"),
                     1);
    bf_store_close(st);
}

/* shared_dir finds the shared data directory, or NULL. */
static const char *shared_path(const char *rel, char *out, size_t n)
{
    const char *base = getenv("BONAFIDE_SHARED");

    snprintf(out, n, "%s/data/%s", base ? base : "../shared", rel);
    return access(out, R_OK) == 0 ? out : NULL;
}

static void ingests_the_facebook_ego_graph(void **state)
{
    fixture *f = *state;
    char path[512], a[16], b[16];
    bf_store_writer w;
    bf_store *st;
    bf_sink s;
    FILE *fp;

    if (!shared_path("snap-ego-facebook/facebook_combined.txt", path,
                     sizeof path)) {
        printf("skipped: shared data snap-ego-facebook not found\n");
        skip();
    }
    fp = fopen(path, "r");
    assert_non_null(fp);
    st = open_store(f);
    bf_store_writer_init(&w, st, 50000);
    s = bf_store_writer_sink(&w);
    while (fscanf(fp, "%15s %15s", a, b) == 2) {
        bf_follow fl;

        if (a[0] == '#') {
            fscanf(fp, "%*[^\n]");
            continue;
        }
        fl = follow("facebook", a, b);
        assert_int_equal(s.follow(s.ctx, &fl), BF_OK);
    }
    fclose(fp);
    assert_int_equal(bf_store_writer_finish(&w), BF_OK);
    assert_int_equal(count(st), 4039);
    assert_int_equal(edges(st), 88234);
    bf_store_close(st);
}

int main(void)
{
#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)
    const struct CMUnitTest tests[] = {
        T(creates_migrates_and_reopens),
        T(opens_an_existing_store_only),
        T(suggests_close_handles),
        T(migrates_an_empty_database),
        T(state_follows_the_batch),
        T(migrates_a_v1_store),
        T(label_set_and_unknown_fields),
        T(reach_agrees_with_the_row),
        T(new_accounts_with_a_second_writer),
        T(new_profiles_with_a_second_writer),
        T(new_profiles_of_a_stored_store_are_inserted),
        T(a_record_written_again_changes_nothing),
        T(a_batch_of_follows_reads_no_whole_table),
        T(a_batch_keeps_its_pages_until_commit),
        T(upserts_are_idempotent),
        T(totals_read_the_kept_count),
        T(a_writer_carries_its_count),
        T(the_newer_observation_wins),
        T(stubs_are_filled_in_and_ids_stay),
        T(rollback_leaves_nothing),
        T(leftovers_of_a_crash_are_removed),
        T(graph_recovers_from_a_damaged_file),
        T(graph_keeps_positions_and_rebuilds_old_files),
        T(graph_reads_segments_on_threads),
        T(graph_follows_new_batches),
        T(numeric_and_text_ids_stay_apart),
        T(resolves_handles_and_ids),
        T(contact_details_never_reach_the_store),
        T(protected_posts_are_dropped),
        T(memos_follow_other_writers),
        T(posts_come_oldest_first),
        T(a_read_keeps_its_view_and_no_longer),
        T(entities_are_counted_in_the_text),
        T(x_attachment_link_is_no_link),
        T(x_placeholder_is_no_text),
        T(resolves_a_name_without_handle),
        T(segments_round_trip_and_detect_damage),
        T(rejects_bad_records),
        T(ingests_the_facebook_ego_graph),
    };
#undef T

    return cmocka_run_group_tests(tests, NULL, NULL);
}
