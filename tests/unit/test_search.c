/*
 * test_search.c - the store's account search on a real store in a temp
 * directory: word prefixes of handles and names, phrases, platforms, the
 * followers order, and an index that follows every upsert exactly
 * (followers, handle and name changes, stubs filled in later).
 */
#define _XOPEN_SOURCE 700 /* nftw */
#include <ftw.h>
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

#include "model/model.h"
#include "store/search.h"
#include "store/store.h"

static int rm_one(const char *path, const struct stat *sb, int flag,
                  struct FTW *ftw)
{
    (void)sb;
    (void)flag;
    (void)ftw;
    return remove(path);
}

typedef struct fixture {
    char dir[64];
    char store[96];
    bf_store *st;
} fixture;

static int setup(void **state)
{
    fixture *f = calloc(1, sizeof *f);

    assert_non_null(f);
    snprintf(f->dir, sizeof f->dir, "/tmp/bf-search-XXXXXX");
    assert_non_null(mkdtemp(f->dir));
    snprintf(f->store, sizeof f->store, "%s/st", f->dir);
    assert_int_equal(bf_store_open(f->store, &f->st), BF_OK);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;

    bf_store_close(f->st);
    nftw(f->dir, rm_one, 16, FTW_DEPTH | FTW_PHYS);
    free(f);
    return 0;
}

/* upsert upserts one account in the open batch. */
static void upsert(bf_store *st, const char *platform, const char *id,
                   const char *handle, const char *name, int64_t followers)
{
    bf_account a;

    memset(&a, 0, sizeof a);
    a.platform = platform;
    a.native_id = id;
    a.handle = handle;
    a.name = name;
    a.followers = followers;
    a.following = -1;
    a.posts = -1;
    a.likes = -1;
    a.lists = -1;
    a.verified = -1;
    a.protected_ = -1;
    a.default_avatar = -1;
    a.default_profile = -1;
    assert_int_equal(bf_store_put_account(st, &a, NULL), BF_OK);
}

/* put upserts one account in its own batch. */
static void put(bf_store *st, const char *platform, const char *id,
                const char *handle, const char *name, int64_t followers)
{
    assert_int_equal(bf_store_begin(st), BF_OK);
    upsert(st, platform, id, handle, name, followers);
    assert_int_equal(bf_store_commit(st), BF_OK);
}

/* found runs q and writes the handles found, comma-separated, into out. */
static const char *found(bf_store *st, const char *q, char *out, size_t cap)
{
    bf_store_hit hits[20];
    size_t n = 99, i, len = 0;

    assert_int_equal(bf_store_search(st, q, hits, 20, &n), BF_OK);
    out[0] = '\0';
    for (i = 0; i < n; i++)
        len += (size_t)snprintf(out + len, cap - len, "%s%s", i ? "," : "",
                                hits[i].handle);
    return out;
}

static void fill(bf_store *st)
{
    put(st, "sim", "1", "claire_martin_conseil", "Claire Martin", 550);
    put(st, "sim", "2", "success_claire", "Claire Diallo", 900);
    put(st, "sim", "3", "cmoreau", "Clément Moreau", 20);
    put(st, "sim", "4", "bob_growth", "Bob", -1);
    put(st, "x", "5", "clairex", "Claire on X", 10000);
    put(st, "sim", "6", "tie_b", "Tie", 7);
    put(st, "sim", "7", "tie_a", "Tie", 7);
}

static void finds_word_prefixes_most_followed_first(void **state)
{
    fixture *f = *state;
    char out[1024];

    fill(f->st);
    assert_string_equal(found(f->st, "claire", out, sizeof out),
                        "clairex,success_claire,claire_martin_conseil");
    assert_string_equal(found(f->st, "CLA", out, sizeof out),
                        "clairex,success_claire,claire_martin_conseil");
    /* A handle prefix is a phrase whose last word is a prefix. */
    assert_string_equal(found(f->st, "claire_mar", out, sizeof out),
                        "claire_martin_conseil");
    assert_string_equal(found(f->st, "@Claire Mart", out, sizeof out),
                        "claire_martin_conseil");
    /* Accents and case do not matter; a middle of a word is no prefix. */
    assert_string_equal(found(f->st, "clement", out, sizeof out), "cmoreau");
    assert_string_equal(found(f->st, "laire", out, sizeof out), "");
    /* Equal followers: the older account first. */
    assert_string_equal(found(f->st, "tie", out, sizeof out), "tie_b,tie_a");
}

static void platforms_restrict_and_list(void **state)
{
    fixture *f = *state;
    char out[1024];

    fill(f->st);
    assert_string_equal(found(f->st, "sim:claire", out, sizeof out),
                        "success_claire,claire_martin_conseil");
    /* Written as x, kept as twitter, found by either name. */
    assert_string_equal(found(f->st, "x:cl", out, sizeof out), "clairex");
    assert_string_equal(found(f->st, "twitter:cl", out, sizeof out), "clairex");
    assert_string_equal(found(f->st, "x", out, sizeof out), "clairex");
    assert_string_equal(found(f->st, "nope:claire", out, sizeof out), "");
    assert_string_equal(
            found(f->st, "sim:", out, sizeof out),
            "success_claire,claire_martin_conseil,cmoreau,tie_b,tie_a,"
            "bob_growth");
}

static void hostile_queries_find_nothing(void **state)
{
    fixture *f = *state;
    bf_store_hit hits[4];
    char out[1024], q[300];
    size_t n = 9;

    fill(f->st);
    assert_string_equal(found(f->st, "", out, sizeof out), "");
    assert_string_equal(found(f->st, "___", out, sizeof out), "");
    /* Quotes and operators are words of the phrase, never syntax. */
    assert_string_equal(found(f->st, "\" OR claire", out, sizeof out), "");
    assert_string_equal(found(f->st, "claire\"", out, sizeof out),
                        "clairex,success_claire,claire_martin_conseil");
    assert_string_equal(found(f->st, "cl*aire NEAR(x)", out, sizeof out), "");
    assert_string_equal(found(f->st, "{handle}:", out, sizeof out), "");
    memset(q, 'a', sizeof q - 1);
    q[sizeof q - 1] = '\0';
    assert_int_equal(bf_store_search(f->st, q, hits, 4, &n), BF_EINVAL);
}

/*
 * The index follows each change: new followers move an account up, a new
 * handle or name is found and the old one no longer, a re-ingest of the
 * same record changes nothing, and a stub appears once it has a handle.
 */
static void index_follows_every_upsert(void **state)
{
    fixture *f = *state;
    bf_follow fl;
    char out[1024];

    fill(f->st);
    put(f->st, "sim", "1", "claire_martin_conseil", "Claire Martin", 5000);
    assert_string_equal(found(f->st, "sim:claire", out, sizeof out),
                        "claire_martin_conseil,success_claire");
    put(f->st, "sim", "1", "claire_martin_conseil", "Claire Martin", 5000);
    assert_string_equal(found(f->st, "sim:claire", out, sizeof out),
                        "claire_martin_conseil,success_claire");
    put(f->st, "sim", "2", "diallo_growth", "Claire Diallo", 900);
    assert_string_equal(found(f->st, "success", out, sizeof out), "");
    assert_string_equal(found(f->st, "diallo", out, sizeof out),
                        "diallo_growth");
    put(f->st, "sim", "2", "diallo_growth", "Aminata Diallo", 900);
    assert_string_equal(found(f->st, "sim:claire", out, sizeof out),
                        "claire_martin_conseil");
    /* A follow creates two stubs, without handles: not listed. */
    memset(&fl, 0, sizeof fl);
    fl.platform = "sim";
    fl.follower = "100";
    fl.followee = "101";
    assert_int_equal(bf_store_begin(f->st), BF_OK);
    assert_int_equal(bf_store_put_follow(f->st, &fl), BF_OK);
    assert_int_equal(bf_store_commit(f->st), BF_OK);
    assert_string_equal(found(f->st, "sim:zed", out, sizeof out), "");
    put(f->st, "sim", "100", "zed_stub", "Zed", 3);
    assert_string_equal(found(f->st, "zed", out, sizeof out), "zed_stub");
}

/* sql_int runs q on the store's connection and gives its one integer. */
static long long sql_int(bf_store *st, const char *q)
{
    sqlite3_stmt *s;
    long long v;

    assert_int_equal(sqlite3_prepare_v2(bf__store_db(st), q, -1, &s, NULL),
                     SQLITE_OK);
    assert_int_equal(sqlite3_step(s), SQLITE_ROW);
    v = sqlite3_column_int64(s, 0);
    sqlite3_finalize(s);
    return v;
}

/* page_hits counts the hits of q (at most 20). */
static size_t page_hits(bf_store *st, const char *q)
{
    bf_store_hit hits[20];
    size_t n = 99;

    assert_int_equal(bf_store_search(st, q, hits, 20, &n), BF_OK);
    return n;
}

/*
 * The index is brought up to date at each commit, from what the batch
 * noted: many changes of one account in one batch (new, renamed,
 * re-keyed by its followers, its handle changed), a stub that gets a
 * handle, accounts changed again in a later batch, and a batch rolled
 * back.  Every word instance of the index must then be those of an index
 * built afresh from the accounts table: an entry deleted with other
 * words than it was added with would leave its words behind.
 */
static void index_is_exact_after_batches(void **state)
{
    fixture *f = *state;
    sqlite3 *db = bf__store_db(f->st);
    bf_follow fl;
    char out[1024];
    int i;

    assert_int_equal(bf_store_begin(f->st), BF_OK);
    upsert(f->st, "sim", "1", "claire_m", "Claire Martin", 10);
    upsert(f->st, "sim", "1", "claire_m", "Claire Marton", 20);
    upsert(f->st, "sim", "1", "claire_m", "Claire Marton", 30);
    upsert(f->st, "sim", "2", "bob", "Bob Growth", 5);
    memset(&fl, 0, sizeof fl);
    fl.platform = "sim";
    fl.follower = "3";
    fl.followee = "2";
    assert_int_equal(bf_store_put_follow(f->st, &fl), BF_OK);
    upsert(f->st, "sim", "3", "zed", "Zed Stub", 1);
    upsert(f->st, "sim", "2", "robert", "Robert Growth", 6);
    /* A Page: a name, no handle; renamed and re-keyed in this batch. */
    upsert(f->st, "facebook", "Quenelle Page", NULL, "Quenelle Lyon", 40);
    upsert(f->st, "facebook", "Quenelle Page", NULL, "Quenelle Lyonnaise", 41);
    assert_int_equal(bf_store_commit(f->st), BF_OK);
    assert_int_equal(sql_int(f->st, "SELECT count(*) FROM search_dirty"), 0);
    assert_string_equal(found(f->st, "marton", out, sizeof out), "claire_m");
    assert_string_equal(found(f->st, "martin", out, sizeof out), "");
    assert_string_equal(found(f->st, "bob", out, sizeof out), "");
    assert_string_equal(found(f->st, "sim:zed", out, sizeof out), "zed");

    /* Again, over what the first batch left; then a batch undone. */
    assert_int_equal(bf_store_begin(f->st), BF_OK);
    for (i = 0; i < 5; i++)
        upsert(f->st, "sim", "1", i % 2 ? "claire_x" : "claire_m",
               "Claire Martin", 100 + i);
    upsert(f->st, "sim", "3", "zed", NULL, 2);
    upsert(f->st, "x", "1", "claire_m", "Claire on X", 7);
    upsert(f->st, "facebook", "Quenelle Page", NULL, "Quenelle Gourmande", 50);
    assert_int_equal(bf_store_commit(f->st), BF_OK);
    assert_int_equal(bf_store_begin(f->st), BF_OK);
    upsert(f->st, "sim", "2", "ghost", "Ghost Name", 999);
    bf_store_rollback(f->st);
    assert_string_equal(found(f->st, "ghost", out, sizeof out), "");
    assert_string_equal(found(f->st, "claire", out, sizeof out),
                        "claire_m,claire_m");
    assert_string_equal(found(f->st, "robert", out, sizeof out), "robert");
    assert_int_equal(page_hits(f->st, "quenelle gou"), 1);
    assert_int_equal(page_hits(f->st, "lyonnaise"), 0);

    assert_int_equal(
            sqlite3_exec(
                    db,
                    "CREATE VIRTUAL TABLE temp.fresh USING fts5(handle, name,"
                    " platform, content='', columnsize=0,"
                    " prefix='1 2 3 4 5 6 7 8',"
                    " tokenize='unicode61 remove_diacritics 2');"
                    "INSERT INTO temp.fresh(rowid, handle, name, platform)"
                    " SELECT (min(max(coalesce(a.followers, -1), -1) + 1,"
                    " 2147483647) << 32 | (4294967295 - a.id)),"
                    " coalesce(a.handle, ''), coalesce(a.name, ''), p.name"
                    " FROM accounts a JOIN platforms p ON p.id = a.platform"
                    " WHERE a.handle IS NOT NULL OR a.name IS NOT NULL;"
                    "CREATE VIRTUAL TABLE temp.v_store USING"
                    " fts5vocab(main, accounts_search, instance);"
                    "CREATE VIRTUAL TABLE temp.v_fresh USING"
                    " fts5vocab(temp, fresh, instance);",
                    NULL, NULL, NULL),
            SQLITE_OK);
    assert_true(sql_int(f->st, "SELECT count(*) FROM temp.v_store") > 10);
    assert_int_equal(sql_int(f->st, "SELECT count(*) FROM temp.v_store"),
                     sql_int(f->st, "SELECT count(*) FROM temp.v_fresh"));
    assert_int_equal(sql_int(f->st, "SELECT count(*) FROM (SELECT * FROM"
                                    " temp.v_store EXCEPT SELECT * FROM"
                                    " temp.v_fresh)"),
                     0);
    assert_int_equal(sqlite3_exec(db,
                                  "DROP TABLE temp.v_store;"
                                  " DROP TABLE temp.v_fresh;"
                                  " DROP TABLE temp.fresh;",
                                  NULL, NULL, NULL),
                     SQLITE_OK);
}

/*
 * An account known by its name alone (a Facebook Page names no handle)
 * is found by its name and referred to by its native id; a stub, with
 * neither, is not listed.
 */
static void names_without_handles_are_found(void **state)
{
    fixture *f = *state;
    bf_store_hit hits[4];
    bf_follow fl;
    char ref[256];
    size_t n = 99;

    put(f->st, "facebook", "Nobel Mount College", NULL, "Nobel Mount College",
        961);
    memset(&fl, 0, sizeof fl);
    fl.platform = "facebook";
    fl.follower = "Nobel Fan";
    fl.followee = "Nobel Mount College";
    assert_int_equal(bf_store_begin(f->st), BF_OK);
    assert_int_equal(bf_store_put_follow(f->st, &fl), BF_OK);
    assert_int_equal(bf_store_commit(f->st), BF_OK);
    assert_int_equal(bf_store_search(f->st, "nobel", hits, 4, &n), BF_OK);
    assert_int_equal(n, 1);
    assert_string_equal(hits[0].handle, "");
    assert_string_equal(hits[0].name, "Nobel Mount College");
    assert_int_equal(bf_store_hit_spec(&hits[0], ref, sizeof ref),
                     (int)strlen("facebook:#Nobel Mount College"));
    assert_string_equal(ref, "facebook:#Nobel Mount College");
    assert_int_equal(bf_store_search(f->st, "facebook:mount", hits, 4, &n),
                     BF_OK);
    assert_int_equal(n, 1);
    put(f->st, "sim", "9", "nobel_h", "Someone", 3);
    assert_int_equal(bf_store_search(f->st, "nobel", hits, 4, &n), BF_OK);
    assert_int_equal(n, 2);
    assert_int_equal(bf_store_hit_spec(&hits[1], ref, sizeof ref),
                     (int)strlen("sim:nobel_h"));
    assert_string_equal(ref, "sim:nobel_h");
}

/*
 * A store written before such accounts were indexed gets them indexed
 * when it is opened: schema 12, a name-only account the index lacks.
 */
static void an_older_store_indexes_its_names(void **state)
{
    fixture *f = *state;
    sqlite3 *db = bf__store_db(f->st);
    bf_store_hit hits[4];
    size_t n = 99;

    put(f->st, "sim", "1", "claire_m", "Claire Martin", 10);
    /* The index merges its segments sixteen at a time (schema v15). */
    assert_int_equal(sql_int(f->st, "SELECT v FROM accounts_search_config"
                                    " WHERE k = 'automerge'"),
                     16);
    assert_int_equal(
            sqlite3_exec(db,
                         "INSERT INTO accounts(platform, native_id, name,"
                         " followers) SELECT id, 'Page One', 'Quiche Shop',"
                         " 12 FROM platforms WHERE name = 'sim';"
                         "DELETE FROM search_dirty;"
                         "DELETE FROM accounts_search_config"
                         " WHERE k = 'automerge';"
                         "PRAGMA user_version = 12;",
                         NULL, NULL, NULL),
            SQLITE_OK);
    assert_int_equal(bf_store_search(f->st, "quiche", hits, 4, &n), BF_OK);
    assert_int_equal(n, 0);
    bf_store_close(f->st);
    f->st = NULL;
    assert_int_equal(bf_store_open(f->store, &f->st), BF_OK);
    assert_int_equal(sql_int(f->st, "PRAGMA user_version"), BF_SCHEMA_VERSION);
    assert_int_equal(sql_int(f->st, "SELECT v FROM accounts_search_config"
                                    " WHERE k = 'automerge'"),
                     16);
    assert_int_equal(bf_store_search(f->st, "quiche", hits, 4, &n), BF_OK);
    assert_int_equal(n, 1);
    assert_string_equal(hits[0].native_id, "Page One");
    assert_int_equal(bf_store_search(f->st, "claire", hits, 4, &n), BF_OK);
    assert_int_equal(n, 1);
}

/* paged runs a page of q and writes its handles, comma-separated. */
static const char *paged(bf_store *st, const char *q, bf_search_sort sort,
                         size_t offset, size_t cap, size_t *total, char *out,
                         size_t outcap)
{
    bf_store_hit hits[20];
    size_t n = 99, i, len = 0;

    assert_true(cap <= 20);
    assert_int_equal(
            bf_store_search_page(st, q, sort, offset, hits, cap, &n, total),
            BF_OK);
    out[0] = '\0';
    for (i = 0; i < n; i++)
        len += (size_t)snprintf(out + len, outcap - len, "%s%s", i ? "," : "",
                                hits[i].handle);
    return out;
}

static void pages_count_every_match_and_sort(void **state)
{
    fixture *f = *state;
    char out[1024];
    size_t total = 0;

    fill(f->st);
    /* The total is every match, whatever the page holds. */
    assert_string_equal(paged(f->st, "sim", BF_SEARCH_FOLLOWERS, 0, 2, &total,
                              out, sizeof out),
                        "success_claire,claire_martin_conseil");
    assert_int_equal(total, 6);
    assert_string_equal(paged(f->st, "sim", BF_SEARCH_FOLLOWERS, 2, 2, &total,
                              out, sizeof out),
                        "cmoreau,tie_b");
    assert_string_equal(paged(f->st, "sim", BF_SEARCH_FOLLOWERS, 4, 2, &total,
                              out, sizeof out),
                        "tie_a,bob_growth");
    assert_string_equal(paged(f->st, "sim", BF_SEARCH_FOLLOWERS, 6, 2, &total,
                              out, sizeof out),
                        "");
    assert_int_equal(total, 6);
    /* By handle, whatever the followers. */
    assert_string_equal(
            paged(f->st, "sim", BF_SEARCH_NAME, 0, 20, &total, out, sizeof out),
            "bob_growth,claire_martin_conseil,cmoreau,"
            "success_claire,tie_a,tie_b");
    /* A platform restricts the count as well as the page. */
    assert_string_equal(paged(f->st, "sim:claire", BF_SEARCH_NAME, 0, 20,
                              &total, out, sizeof out),
                        "claire_martin_conseil,success_claire");
    assert_int_equal(total, 2);
    assert_string_equal(paged(f->st, "claire", BF_SEARCH_FOLLOWERS, 1, 1,
                              &total, out, sizeof out),
                        "success_claire");
    assert_int_equal(total, 3);
    assert_string_equal(
            paged(f->st, "\"", BF_SEARCH_NAME, 0, 20, &total, out, sizeof out),
            "");
    assert_int_equal(total, 0);
}

/* A query that matches more than BF_STORE_SEARCH_COUNT_MAX accounts is
 * counted only that far, and paged only within the most followed. */
/* many_accounts stores n accounts "many_NNNN", followed by NNNN. */
static void many_accounts(fixture *f, int n)
{
    char id[16], handle[32];
    bf_account a;
    int i;

    memset(&a, 0, sizeof a);
    a.platform = "sim";
    a.name = "Many";
    a.following = a.posts = a.likes = a.lists = -1;
    a.verified = a.protected_ = a.default_avatar = a.default_profile = -1;
    assert_int_equal(bf_store_begin(f->st), BF_OK);
    for (i = 1; i <= n; i++) {
        snprintf(id, sizeof id, "%d", i);
        snprintf(handle, sizeof handle, "many_%04d", i);
        a.native_id = id;
        a.handle = handle;
        a.followers = i;
        assert_int_equal(bf_store_put_account(f->st, &a, NULL), BF_OK);
    }
    assert_int_equal(bf_store_commit(f->st), BF_OK);
}

static void broad_queries_are_counted_to_a_bound(void **state)
{
    fixture *f = *state;
    char out[1024];
    size_t total = 0;

    many_accounts(f, BF_STORE_SEARCH_COUNT_MAX + 200);
    assert_string_equal(paged(f->st, "many", BF_SEARCH_FOLLOWERS, 0, 2, &total,
                              out, sizeof out),
                        "many_1200,many_1199");
    assert_int_equal(total, BF_STORE_SEARCH_COUNT_MAX + 1);
    /* The last reachable page is cut at the bound. */
    assert_string_equal(paged(f->st, "many", BF_SEARCH_FOLLOWERS,
                              BF_STORE_SEARCH_COUNT_MAX - 2, 5, &total, out,
                              sizeof out),
                        "many_0202,many_0201");
    assert_string_equal(paged(f->st, "many", BF_SEARCH_FOLLOWERS,
                              BF_STORE_SEARCH_COUNT_MAX, 5, &total, out,
                              sizeof out),
                        "");
    /* By name: the most followed, sorted. */
    assert_string_equal(
            paged(f->st, "many", BF_SEARCH_NAME, 0, 2, &total, out, sizeof out),
            "many_0201,many_0202");
    /* A narrower query is counted exactly. */
    assert_string_equal(paged(f->st, "many_0201", BF_SEARCH_NAME, 0, 2, &total,
                              out, sizeof out),
                        "many_0201");
    assert_int_equal(total, 1);
}

/*
 * A search given too little time stops with BF_ELIMIT and nothing, one
 * given enough answers what the unbounded search does, and the bound
 * ends with the call: the next search on the handle runs to its end.
 */
static void a_bounded_search_stops_or_answers_alike(void **state)
{
    fixture *f = *state;
    bf_store_hit hits[5];
    char out[1024];
    size_t n = 9, total = 9;

    many_accounts(f, BF_STORE_SEARCH_COUNT_MAX + 200);
    assert_int_equal(bf_store_search_page_within(f->st, "many",
                                                 BF_SEARCH_FOLLOWERS, 0, hits,
                                                 5, 1, &n, &total),
                     BF_ELIMIT);
    assert_int_equal(n, 0);
    assert_int_equal(total, 0);
    assert_int_equal(bf_store_search_page_within(f->st, "many",
                                                 BF_SEARCH_FOLLOWERS, 3, hits,
                                                 2, 60000000, &n, &total),
                     BF_OK);
    assert_int_equal(n, 2);
    assert_string_equal(hits[0].handle, "many_1197");
    assert_string_equal(hits[1].handle, "many_1196");
    assert_int_equal(total, BF_STORE_SEARCH_COUNT_MAX + 1);
    assert_int_equal(bf_store_search_page_within(f->st, "many",
                                                 BF_SEARCH_FOLLOWERS, 0, hits,
                                                 5, 1, &n, &total),
                     BF_ELIMIT);
    assert_string_equal(paged(f->st, "many", BF_SEARCH_FOLLOWERS, 3, 2, &total,
                              out, sizeof out),
                        "many_1197,many_1196");
    assert_int_equal(total, BF_STORE_SEARCH_COUNT_MAX + 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(finds_word_prefixes_most_followed_first,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(platforms_restrict_and_list, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(hostile_queries_find_nothing, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(index_is_exact_after_batches, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(names_without_handles_are_found, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(an_older_store_indexes_its_names, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(index_follows_every_upsert, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(pages_count_every_match_and_sort, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(a_bounded_search_stops_or_answers_alike,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(broad_queries_are_counted_to_a_bound,
                                        setup, teardown),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
