/*
 * test_store_bulk.c - the bulk path for new accounts (bf_store_put_follow
 * settling unknown accounts together) against the per-row path: the same
 * input must give the same store, rowids, segments and counts included,
 * whether the id cache holds the whole store, was cleared for being full,
 * or starts empty on a store that already has accounts; and a key another
 * writer added meanwhile, a rollback and a read inside a batch must work
 * as they do row by row.
 */
#include <dirent.h>
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
#include <zlib.h>

#include "model/model.h"
#include "store/store.h"

/* ---- fixture: two stores side by side, bulk and per-row ---- */

typedef struct fixture {
    char dir[64];
    char bulk[96];
    char row[96];
} fixture;

static int setup(void **state)
{
    fixture *f = calloc(1, sizeof *f);

    if (!f)
        return -1;
    snprintf(f->dir, sizeof f->dir, "/tmp/bf-bulk-XXXXXX");
    if (!mkdtemp(f->dir)) {
        free(f);
        return -1;
    }
    snprintf(f->bulk, sizeof f->bulk, "%s/bulk", f->dir);
    snprintf(f->row, sizeof f->row, "%s/row", f->dir);
    *state = f;
    return 0;
}

static void rm_dir(const char *dir)
{
    DIR *d = opendir(dir);
    struct dirent *e;
    char p[512];

    if (!d)
        return;
    while ((e = readdir(d)) != NULL) {
        if (e->d_name[0] == '.')
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

    rm_dir(f->bulk);
    rm_dir(f->row);
    rmdir(f->dir);
    free(f);
    unsetenv("BONAFIDE_ID_CACHE_MB");
    return 0;
}

static bf_store *open_store(const char *dir, int bulk)
{
    bf_store *st = NULL;

    assert_int_equal(bf_store_open(dir, &st), BF_OK);
    bf__store_bulk(st, bulk);
    return st;
}

/* ---- the workload ---- */

/* A deterministic generator (xorshift64*), so both paths see one input. */
static uint64_t next_rand(uint64_t *s)
{
    *s ^= *s >> 12;
    *s ^= *s << 25;
    *s ^= *s >> 27;
    return *s * 2685821657736338717u;
}

#define NAME_MAX_LEN 112

/*
 * account_name writes the native id of account i: mostly numeric ids in
 * random order, some text ids (as Bluesky's), some with leading zeros,
 * which the id cache keeps apart from the numeric ones, and a few longer
 * than the store's queues of ids hold (96 bytes), which go in at once.
 */
static void account_name(uint64_t i, char out[NAME_MAX_LEN])
{
    uint64_t h = i * 0x9e3779b97f4a7c15u;

    if (i % 11 == 3)
        snprintf(out, NAME_MAX_LEN, "did:plc:%016llx", (unsigned long long)h);
    else if (i % 13 == 5)
        snprintf(out, NAME_MAX_LEN, "00%llu", (unsigned long long)(h >> 20));
    else if (i % 17 == 7)
        snprintf(out, NAME_MAX_LEN, "long-%0100llu", (unsigned long long)h);
    else
        snprintf(out, NAME_MAX_LEN, "%llu", (unsigned long long)(h >> 4));
}

/*
 * load writes n follows among `accounts` accounts (drawn from seed) into
 * st through a writer of batch records, on two platforms, with a profile
 * now and then so that follows' stubs and upserts take rowids in turn.
 */
static void load(bf_store *st, uint64_t seed, uint64_t accounts, size_t n,
                 size_t batch)
{
    bf_store_writer w;
    bf_sink s;
    uint64_t r = seed;
    size_t i;

    bf_store_writer_init(&w, st, batch);
    s = bf_store_writer_sink(&w);
    for (i = 0; i < n; i++) {
        char a[NAME_MAX_LEN], b[NAME_MAX_LEN];
        bf_follow fl;

        account_name(next_rand(&r) % accounts, a);
        account_name(next_rand(&r) % accounts, b);
        memset(&fl, 0, sizeof fl);
        fl.platform = i % 7 == 0 ? "mastodon" : "twitter";
        fl.follower = a;
        fl.followee = b;
        fl.observed_at = 1700000000 + (int64_t)i;
        fl.position = (int64_t)(i % 50);
        assert_int_equal(s.follow(s.ctx, &fl), BF_OK);
        if (i % 997 == 0) {
            bf_account ac;
            char c[NAME_MAX_LEN];

            account_name(next_rand(&r) % (accounts * 2), c);
            bf_account_clear(&ac);
            ac.platform = "twitter";
            ac.native_id = c;
            ac.handle = c;
            ac.followers = (int64_t)i;
            ac.observed_at = 1700000000;
            assert_int_equal(s.account(s.ctx, &ac), BF_OK);
        }
    }
    assert_int_equal(bf_store_writer_finish(&w), BF_OK);
}

/* ---- comparing two stores ---- */

/* crc_of folds a query's rows (every column as text) into a CRC. */
static uLong crc_of(const char *store, const char *q, int64_t *out_rows)
{
    char path[160];
    sqlite3 *db = NULL;
    sqlite3_stmt *s = NULL;
    uLong crc = crc32(0, NULL, 0);
    int64_t rows = 0;

    snprintf(path, sizeof path, "%s/bonafide.sqlite", store);
    assert_int_equal(sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL),
                     SQLITE_OK);
    assert_int_equal(sqlite3_prepare_v2(db, q, -1, &s, NULL), SQLITE_OK);
    while (sqlite3_step(s) == SQLITE_ROW) {
        int i;

        for (i = 0; i < sqlite3_column_count(s); i++) {
            const unsigned char *t = sqlite3_column_text(s, i);
            int n = sqlite3_column_bytes(s, i);

            crc = crc32(crc, t ? t : (const unsigned char *)"\1", t ? n : 1);
            crc = crc32(crc, (const unsigned char *)"|", 1);
        }
        rows++;
    }
    sqlite3_finalize(s);
    sqlite3_close(db);
    if (out_rows)
        *out_rows = rows;
    return crc;
}

/* file_crc is the CRC of a whole file, or 0 when it cannot be read. */
static uLong file_crc(const char *dir, const char *name)
{
    char path[256], buf[65536];
    uLong crc = crc32(0, NULL, 0);
    FILE *fp;
    size_t n;

    snprintf(path, sizeof path, "%s/%s", dir, name);
    fp = fopen(path, "rb");
    if (!fp)
        return 0;
    while ((n = fread(buf, 1, sizeof buf, fp)) > 0)
        crc = crc32(crc, (const unsigned char *)buf, (uInt)n);
    fclose(fp);
    return crc;
}

/*
 * same_store asserts that the two stores hold the same accounts (rowids,
 * keys and fields), the same segments byte for byte, and the same counts.
 */
static void same_store(const fixture *f)
{
    const char *acc = "SELECT id, platform, native_id, handle, followers,"
                      " observed_at FROM accounts ORDER BY id";
    const char *seg = "SELECT id, file, edges, crc FROM segments ORDER BY id";
    int64_t na = 0, nb = 0, sa = 0, sb = 0, i;
    bf_store *a = open_store(f->bulk, 1), *b = open_store(f->row, 0);
    bf_stats_row *ra = NULL, *rb = NULL;
    size_t ka = 0, kb = 0;

    assert_true(crc_of(f->bulk, acc, &na) == crc_of(f->row, acc, &nb));
    assert_int_equal(na, nb);
    assert_true(crc_of(f->bulk, seg, &sa) == crc_of(f->row, seg, &sb));
    assert_int_equal(sa, sb);
    assert_true(sa > 0);
    for (i = 1; i <= sa; i++) {
        char name[32];

        snprintf(name, sizeof name, "follows-%06u.seg", (unsigned)i);
        assert_true(file_crc(f->bulk, name) != 0);
        assert_true(file_crc(f->bulk, name) == file_crc(f->row, name));
    }
    assert_int_equal(bf_store_stats(a, &ra, &ka), BF_OK);
    assert_int_equal(bf_store_stats(b, &rb, &kb), BF_OK);
    assert_int_equal(ka, kb);
    for (i = 0; i < (int64_t)ka; i++) {
        assert_string_equal(ra[i].platform, rb[i].platform);
        assert_int_equal(ra[i].accounts, rb[i].accounts);
        assert_int_equal(ra[i].follows, rb[i].follows);
    }
    free(ra);
    free(rb);
    bf_store_close(a);
    bf_store_close(b);
}

/*
 * load_both gives the bulk and the row-by-row stores the same load, each
 * opened afresh (its id cache empty) and closed after, in batches of
 * 50,000.  whole: the bulk store's cache must become whole during the
 * load, not before.
 */
static void load_both(fixture *f, uint64_t seed, uint64_t accounts, size_t n,
                      int whole)
{
    bf_store *a = open_store(f->bulk, 1), *b = open_store(f->row, 0);

    if (whole)
        assert_false(bf__store_ids_whole(a));
    load(a, seed, accounts, n, 50000);
    load(b, seed, accounts, n, 50000);
    if (whole)
        assert_true(bf__store_ids_whole(a));
    bf_store_close(a);
    bf_store_close(b);
}

/* ---- tests ---- */

/*
 * Into a new store, in small batches, with an id cache cleared half-way:
 * until then every miss is a new account, inserted on sight by both
 * paths; after, the bulk path settles the misses at each commit.
 */
static void a_first_load_matches_row_by_row(void **state)
{
    fixture *f = *state;
    bf_store *a, *b;

    /* 16 MiB: the cache is cleared at 131,072 accounts. */
    setenv("BONAFIDE_ID_CACHE_MB", "16", 1);
    a = open_store(f->bulk, 1);
    b = open_store(f->row, 0);
    load(a, 1, 200000, 200000, 500);
    load(b, 1, 200000, 200000, 500);
    bf_store_close(a);
    bf_store_close(b);
    unsetenv("BONAFIDE_ID_CACHE_MB");
    same_store(f);
}

/*
 * Into stores that already hold accounts, opened again (the cache starts
 * empty, so every miss is looked up), with a cache small enough to be
 * cleared during the load.
 */
static void a_load_into_a_full_store_matches(void **state)
{
    fixture *f = *state;

    load_both(f, 2, 5000, 8000, 0);
    /* 16 MiB: the cache is cleared at 131,072 accounts. */
    setenv("BONAFIDE_ID_CACHE_MB", "16", 1);
    load_both(f, 3, 200000, 320000, 0);
    unsetenv("BONAFIDE_ID_CACHE_MB");
    same_store(f);
}

/*
 * Into stores that already hold accounts, with the default cache, which
 * can hold them all: once the bulk path has looked up PEND_CHUNK keys, it
 * reads every account into the cache and inserts the new ones without a
 * lookup from then on.  The store must be the one row by row gives.
 */
static void a_load_into_a_store_that_fits_matches(void **state)
{
    fixture *f = *state;

    load_both(f, 2, 5000, 8000, 0);
    load_both(f, 3, 200000, 320000, 1);
    same_store(f);
}

/*
 * A load the reader announces as large (bf_store_expect_follows, which
 * the edge-list reader calls from its file's size) reads every account's
 * key into the cache at its first settle; the same small load not
 * announced goes on looking its keys up.  The store is the one row by row
 * gives either way.
 */
static void an_announced_load_fills_at_once(void **state)
{
    fixture *f = *state;
    bf_store *a, *b;

    load_both(f, 2, 200000, 320000, 0);
    /* 8,000 follows name at most 16,000 keys: under an eighth of the
     * store's accounts, so looking them up is cheaper than a scan. */
    a = open_store(f->bulk, 1);
    b = open_store(f->row, 0);
    load(a, 4, 200000, 8000, 50000);
    load(b, 4, 200000, 8000, 50000);
    assert_false(bf__store_ids_whole(a));
    bf_store_close(a);
    bf_store_close(b);
    /* Announced as the first 8,000 of a million, they fill the cache. */
    a = open_store(f->bulk, 1);
    b = open_store(f->row, 0);
    bf_store_expect_follows(a, 1000000);
    load(a, 5, 200000, 8000, 50000);
    load(b, 5, 200000, 8000, 50000);
    assert_true(bf__store_ids_whole(a));
    bf_store_close(a);
    bf_store_close(b);
    same_store(f);
}

/* queued_name writes account k's id: one in five longer than the
 * follows' read-ahead queue holds (FQ_ID), so it goes in at once, after
 * the queue.  (The follow before each profile has two short ids: it is
 * still queued when the profile comes.) */
static void queued_name(uint32_t k, char out[160])
{
    if (k % 5 == 0)
        snprintf(out, 160, "long-%0120u", k);
    else
        snprintf(out, 160, "%u", k * 2654435761u % 1000003u);
}

enum { ORDER_M = 3000, ORDER_N = 5000 };

/*
 * load_in_order loads ORDER_N follows among ORDER_M accounts into dir,
 * with a profile now and then and ids too long for the queue, after a
 * batch rolled back when rollback (the id cache then no longer holds the
 * whole store), and checks that the accounts are numbered in the order
 * the input first names them (order) and that each follow joins the
 * accounts its row names.
 */
static void load_in_order(const char *dir, int bulk, int rollback,
                          const uint32_t *order, uint32_t norder)
{
    bf_store *st = open_store(dir, bulk);
    bf_store_writer w;
    bf_follow fl;
    bf_sink s;
    const bf_csr *g = NULL;
    char a[160], b[160], sql[64];
    sqlite3 *db;
    sqlite3_stmt *q;
    uint32_t k, i;

    memset(&fl, 0, sizeof fl);
    fl.platform = "twitter";
    fl.position = -1;
    if (rollback) {
        /* What a batch rolled back queued must not stay. */
        assert_int_equal(bf_store_begin(st), BF_OK);
        fl.follower = "gone-1";
        fl.followee = "gone-2";
        assert_int_equal(bf_store_put_follow(st, &fl), BF_OK);
        bf_store_rollback(st);
    }
    assert_int_equal(bf__store_ids_whole(st), !rollback);

    bf_store_writer_init(&w, st, 700);
    s = bf_store_writer_sink(&w);
    for (i = 0; i < ORDER_N; i++) {
        queued_name(i * 7 % ORDER_M, a);
        queued_name((i * 13 + 5) % ORDER_M, b);
        fl.follower = a;
        fl.followee = b;
        fl.observed_at = 1700000000 + (int64_t)i;
        assert_int_equal(s.follow(s.ctx, &fl), BF_OK);
        if (i % 50 == 1) {
            bf_account ac;
            char c[160];

            queued_name((i * 3 + 1) % ORDER_M, c);
            bf_account_clear(&ac);
            ac.platform = "twitter";
            ac.native_id = c;
            ac.handle = "someone";
            assert_int_equal(s.account(s.ctx, &ac), BF_OK);
        }
    }
    assert_int_equal(bf_store_writer_finish(&w), BF_OK);

    snprintf(sql, sizeof sql, "%s/bonafide.sqlite", dir);
    assert_int_equal(sqlite3_open(sql, &db), SQLITE_OK);
    assert_int_equal(sqlite3_prepare_v2(db,
                                        "SELECT native_id FROM accounts"
                                        " ORDER BY id",
                                        -1, &q, NULL),
                     SQLITE_OK);
    for (k = 0; k < norder; k++) {
        assert_int_equal(sqlite3_step(q), SQLITE_ROW);
        queued_name(order[k], a);
        assert_string_equal((const char *)sqlite3_column_text(q, 0), a);
    }
    assert_int_equal(sqlite3_step(q), SQLITE_DONE);
    sqlite3_finalize(q);
    sqlite3_close(db);

    /* The ids follows were given before their accounts' rows went in are
     * the rows' own. */
    assert_int_equal(bf_store_graph(st, &g), BF_OK);
    for (i = 0; i < ORDER_N; i++) {
        char spec[180];
        const uint32_t *adj;
        uint64_t len, j;
        uint32_t ia, ib;

        queued_name(i * 7 % ORDER_M, a);
        queued_name((i * 13 + 5) % ORDER_M, b);
        snprintf(spec, sizeof spec, "twitter:#%s", a);
        assert_int_equal(bf_store_resolve(st, spec, &ia), BF_OK);
        snprintf(spec, sizeof spec, "twitter:#%s", b);
        assert_int_equal(bf_store_resolve(st, spec, &ib), BF_OK);
        assert_int_equal(bf_csr_out(g, ia, &adj, &len), BF_OK);
        for (j = 0; j < len && adj[j] != ib; j++)
            ;
        assert_true(j < len);
    }
    bf_store_close(st);
}

/*
 * Follows are read ahead a few at a time before they are written, and
 * the accounts they name first are given rowids before their rows go
 * in: the accounts must still be numbered in the order the input names
 * them, profiles, posts' authors and long ids (written at once)
 * included, in small batches, by either path, with a rollback in
 * between, and in a new store whose id cache holds it whole.
 */
static void rowids_follow_the_input(void **state)
{
    fixture *f = *state;
    static uint32_t order[3 * ORDER_N];
    static unsigned char seen[ORDER_M];
    uint32_t norder = 0, i;
    char whole[128];

    for (i = 0; i < ORDER_N; i++) {
        uint32_t ends[3] = { i * 7 % ORDER_M, (i * 13 + 5) % ORDER_M,
                             (i * 3 + 1) % ORDER_M };
        uint32_t e, n = i % 50 == 1 ? 3 : 2;

        for (e = 0; e < n; e++)
            if (!seen[ends[e]]) {
                seen[ends[e]] = 1;
                order[norder++] = ends[e];
            }
    }
    load_in_order(f->bulk, 1, 1, order, norder);
    load_in_order(f->row, 0, 1, order, norder);
    same_store(f);
    snprintf(whole, sizeof whole, "%s/whole", f->dir);
    load_in_order(whole, 1, 0, order, norder);
    rm_dir(whole);
}

/*
 * Accounts another writer added after this handle opened the store are
 * found, not inserted again, and the new ones get the rowids the per-row
 * path gives them.
 */
static void accounts_of_another_writer(void **state)
{
    fixture *f = *state;
    const char *dirs[2] = { f->bulk, f->row };
    int k;

    for (k = 0; k < 2; k++) {
        bf_store *st, *other = NULL;
        bf_store_writer w;
        bf_follow fl;
        bf_sink s;

        /* A store that is not empty: the handle's cache starts empty. */
        assert_int_equal(bf_store_open(dirs[k], &other), BF_OK);
        bf_store_writer_init(&w, other, 10);
        s = bf_store_writer_sink(&w);
        memset(&fl, 0, sizeof fl);
        fl.platform = "twitter";
        fl.follower = "100";
        fl.followee = "200";
        fl.position = -1;
        assert_int_equal(s.follow(s.ctx, &fl), BF_OK);
        assert_int_equal(bf_store_writer_finish(&w), BF_OK);
        st = open_store(dirs[k], k == 0);
        bf_store_writer_init(&w, other, 10);
        s = bf_store_writer_sink(&w);
        fl.follower = "500";
        fl.followee = "600";
        assert_int_equal(s.follow(s.ctx, &fl), BF_OK);
        assert_int_equal(bf_store_writer_finish(&w), BF_OK);
        bf_store_close(other);

        /* 700 is new, 600 and 500 are the other writer's. */
        bf_store_writer_init(&w, st, 10);
        s = bf_store_writer_sink(&w);
        fl.follower = "700";
        fl.followee = "600";
        assert_int_equal(s.follow(s.ctx, &fl), BF_OK);
        fl.follower = "500";
        fl.followee = "800";
        assert_int_equal(s.follow(s.ctx, &fl), BF_OK);
        assert_int_equal(bf_store_writer_finish(&w), BF_OK);
        bf_store_close(st);
    }
    same_store(f);
    assert_int_equal(
            crc_of(f->bulk, "SELECT id, native_id FROM accounts", NULL),
            crc_of(f->row, "SELECT id, native_id FROM accounts", NULL));
}

/*
 * A rollback drops pending keys with the rest of the batch; a read inside
 * a batch sees the accounts its follows added, as row by row.
 */
static void rollback_and_reads_inside_a_batch(void **state)
{
    fixture *f = *state;
    bf_store *st = NULL;
    bf_account_row row;
    bf_follow fl;
    uint32_t n = 0, id = 0;

    /* Opened on a store that has an account, the cache is not complete
     * and unknown accounts wait to be settled. */
    assert_int_equal(bf_store_open(f->bulk, &st), BF_OK);
    assert_int_equal(bf_store_begin(st), BF_OK);
    assert_int_equal(sqlite3_exec(bf__store_db(st),
                                  "INSERT INTO platforms(name)"
                                  " VALUES('generic');"
                                  " INSERT INTO accounts(platform, native_id)"
                                  " VALUES(1, 'x')",
                                  NULL, NULL, NULL),
                     SQLITE_OK);
    assert_int_equal(bf_store_commit(st), BF_OK);
    bf_store_close(st);
    st = open_store(f->bulk, 1);
    memset(&fl, 0, sizeof fl);
    fl.platform = "twitter";
    fl.position = -1;
    assert_int_equal(bf_store_begin(st), BF_OK);
    fl.follower = "1";
    fl.followee = "2";
    assert_int_equal(bf_store_put_follow(st, &fl), BF_OK);
    bf_store_rollback(st);

    assert_int_equal(bf_store_begin(st), BF_OK);
    fl.follower = "3";
    fl.followee = "4";
    assert_int_equal(bf_store_put_follow(st, &fl), BF_OK);
    assert_int_equal(bf_store_account_count(st, &n), BF_OK);
    assert_int_equal(n, 3);
    assert_int_equal(bf_store_resolve(st, "twitter:#4", &id), BF_OK);
    assert_int_equal(id, 2);
    assert_int_equal(bf_store_account(st, 1, &row), BF_OK);
    assert_string_equal(row.a.native_id, "3");
    bf_account_row_release(&row);
    fl.follower = "4";
    fl.followee = "5";
    assert_int_equal(bf_store_put_follow(st, &fl), BF_OK);
    assert_int_equal(bf_store_commit(st), BF_OK);
    assert_int_equal(bf_store_resolve(st, "twitter:#5", &id), BF_OK);
    assert_int_equal(id, 3);
    assert_int_equal(bf_store_account_count(st, &n), BF_OK);
    assert_int_equal(n, 4);
    bf_store_close(st);
}

int main(void)
{
#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)
    const struct CMUnitTest tests[] = {
        T(a_first_load_matches_row_by_row),
        T(a_load_into_a_full_store_matches),
        T(a_load_into_a_store_that_fits_matches),
        T(an_announced_load_fills_at_once),
        T(rowids_follow_the_input),
        T(accounts_of_another_writer),
        T(rollback_and_reads_inside_a_batch),
    };
#undef T
    return cmocka_run_group_tests(tests, NULL, NULL);
}
