/*
 * test_influence.c - the influence figures and the PageRank cache, on a
 * real store in a temporary directory.
 */
#include <dirent.h>
#include <math.h>
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

#include "graph/graph.h"
#include "graph/influence.h"
#include "store/store.h"

typedef struct fixture {
    char dir[64];
} fixture;

static int setup(void **state)
{
    fixture *f = calloc(1, sizeof *f);

    if (!f)
        return -1;
    snprintf(f->dir, sizeof f->dir, "/tmp/bf-infl-XXXXXX");
    if (!mkdtemp(f->dir)) {
        free(f);
        return -1;
    }
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    DIR *d = opendir(f->dir);
    struct dirent *e;
    char p[512];

    while (d && (e = readdir(d)) != NULL) {
        if (e->d_name[0] == '.')
            continue;
        snprintf(p, sizeof p, "%s/%s", f->dir, e->d_name);
        unlink(p);
    }
    if (d)
        closedir(d);
    rmdir(f->dir);
    free(f);
    return 0;
}

/* profile is a full, human-looking profile with followers followers. */
static bf_account profile(const char *id, int64_t followers, int full)
{
    bf_account a;

    bf_account_clear(&a);
    a.platform = "twitter";
    a.native_id = id;
    a.handle = id;
    a.followers = followers;
    a.created_at = 1400000000;
    a.observed_at = 1700000000;
    if (full) {
        a.name = "A Person";
        a.bio = "writes about birds";
        a.location = "Lyon";
        a.url = "https://example.org";
        a.following = 100;
        a.posts = 500;
        a.lists = 10;
        a.default_avatar = 0;
    } else {
        a.following = 200;
        a.posts = 3;
        a.default_avatar = 1;
    }
    return a;
}

static void put_follow_on(bf_store *st, const char *platform, const char *a,
                          const char *b)
{
    bf_follow fl;

    memset(&fl, 0, sizeof fl);
    fl.platform = platform;
    fl.follower = a;
    fl.followee = b;
    fl.observed_at = 1700000000;
    fl.position = -1;
    assert_int_equal(bf_store_put_follow(st, &fl), BF_OK);
}

static void put_follow(bf_store *st, const char *a, const char *b)
{
    put_follow_on(st, "twitter", a, b);
}

static void put_post(bf_store *st, const char *id, const char *author,
                     bf_post_kind kind, int64_t reposts)
{
    bf_post p;

    memset(&p, 0, sizeof p);
    p.platform = "twitter";
    p.native_id = id;
    p.author_id = author;
    p.created_at = 1600000000;
    p.text = "hello";
    p.kind = kind;
    p.likes = p.replies = p.quotes = p.views = -1;
    p.reposts = reposts;
    assert_int_equal(bf_store_put_post(st, &p), BF_OK);
}

/*
 * fill makes: star followed by f1 (influential, full profile), f2
 * (influential, empty profile: fake by Socialbakers), f3 (full, 10
 * followers) and f4 (a stub: follower count unknown).
 */
static bf_store *fill(const fixture *f)
{
    bf_store *st = NULL;
    bf_account a;
    uint32_t id;

    assert_int_equal(bf_store_open(f->dir, &st), BF_OK);
    assert_int_equal(bf_store_begin(st), BF_OK);
    a = profile("star", 4, 1);
    assert_int_equal(bf_store_put_account(st, &a, &id), BF_OK);
    assert_int_equal(id, 0);
    a = profile("f1", 5000, 1);
    assert_int_equal(bf_store_put_account(st, &a, NULL), BF_OK);
    a = profile("f2", 5000, 0);
    assert_int_equal(bf_store_put_account(st, &a, NULL), BF_OK);
    a = profile("f3", 10, 1);
    assert_int_equal(bf_store_put_account(st, &a, NULL), BF_OK);
    put_follow(st, "f1", "star");
    put_follow(st, "f2", "star");
    put_follow(st, "f3", "star");
    put_follow(st, "f4", "star");
    put_post(st, "p1", "star", BF_POST_ORIGINAL, 7);
    put_post(st, "p2", "star", BF_POST_REPLY, 2);
    put_post(st, "p3", "f1", BF_POST_REPOST, 100);  /* not f1's own */
    put_post(st, "p4", "f3", BF_POST_ORIGINAL, -1); /* unknown count */
    assert_int_equal(bf_store_commit(st), BF_OK);
    return st;
}

static void influence_figures(void **state)
{
    fixture *f = *state;
    bf_store *st = fill(f);
    bf_influence inf;
    double rp[5];

    assert_int_equal(bf_graph_influence(st, 0, &inf), BF_OK);
    /* Peers: only the star has two followers or more in the store. */
    assert_int_equal(inf.accounts, 1);
    assert_int_equal(inf.followers_known, 4);
    /* f4, a stub, is not judged: one influential of three profiles. */
    assert_int_equal(inf.followers_profiled, 3);
    assert_int_equal(inf.influential, 1);
    assert_float_equal(inf.influential_share, 1.0 / 3.0, 1e-15);
    assert_float_equal(inf.pagerank_pct, 80.0, 1e-12);
    assert_float_equal(inf.followers_pct, 80.0, 1e-12);
    assert_true(inf.pagerank > 0.2);
    /* A follower: no followers in the store, nobody below it. */
    assert_int_equal(bf_graph_influence(st, 1, &inf), BF_OK);
    assert_int_equal(inf.followers_known, 0);
    assert_float_equal(inf.influential_share, -1.0, 0);
    assert_float_equal(inf.followers_pct, 0.0, 0);
    assert_int_equal(bf_graph_influence(st, 5, &inf), BF_ENOTFOUND);
    /* Reposts received: own posts only, unknown counts add nothing. */
    assert_int_equal(bf_store_reposts_received(st, rp, 5), BF_OK);
    assert_float_equal(rp[0], 9.0, 0);
    assert_float_equal(rp[1], 0.0, 0);
    assert_float_equal(rp[3], 0.0, 0);
    bf_store_close(st);
}

/* read_all reads a whole small file into buf; its length. */
static size_t read_all(const char *path, unsigned char *buf, size_t cap)
{
    FILE *fp = fopen(path, "rb");
    size_t n;

    assert_non_null(fp);
    n = fread(buf, 1, cap, fp);
    fclose(fp);
    return n;
}

static void write_all(const char *path, const unsigned char *buf, size_t n)
{
    FILE *fp = fopen(path, "wb");

    assert_non_null(fp);
    assert_int_equal(fwrite(buf, 1, n, fp), n);
    fclose(fp);
}

static void pagerank_cache(void **state)
{
    fixture *f = *state;
    bf_store *st = fill(f);
    const bf_csr *g = NULL;
    unsigned char good[256], bad[256], again[256];
    double *r = NULL, direct[5];
    char path[128];
    size_t len, len2, i;
    uint32_t n = 0;
    uint64_t gen = 0;

    snprintf(path, sizeof path, "%s/pagerank.bin", f->dir);
    assert_int_equal(bf_graph_pagerank_cached(st, &r, &n), BF_OK);
    assert_int_equal(n, 5);
    assert_int_equal(bf_store_graph(st, &g), BF_OK);
    assert_int_equal(bf_graph_pagerank(g, NULL, direct, NULL), BF_OK);
    for (i = 0; i < 5; i++)
        assert_float_equal(r[i], direct[i], 0);
    free(r);
    len = read_all(path, good, sizeof good);
    /* Header, rank and sorted (5 doubles each), plat (5 u32, padded to
     * 24 bytes), one platform's group entry, below (in-degrees up to 4:
     * six counts). */
    assert_int_equal(len, 64 + 2 * 5 * 8 + 24 + 32 + 6 * 8);
    assert_int_equal(bf_store_graph_generation(st, &gen), BF_OK);
    assert_int_equal(good[16], (unsigned char)gen);

    /* Every corruption is detected and the file rebuilt. */
    for (i = 0; i < 6; i++) {
        memcpy(bad, good, len);
        if (i == 0)
            bad[0] ^= 1; /* magic */
        else if (i == 1)
            bad[64 + 3] ^= 0x10; /* a value: its section's CRC */
        else if (i == 2)
            bad[24] = 9; /* n */
        else if (i == 3)
            bad[16] ^= 0x7f; /* generation: stale */
        else if (i == 4)
            bad[12] ^= 1; /* the header's CRC */
        else
            bad[32] = 5; /* ndeg: the size no longer matches */
        write_all(path, bad, len);
        assert_int_equal(bf_graph_pagerank_cached(st, &r, &n), BF_OK);
        assert_float_equal(r[0], direct[0], 0);
        free(r);
        len2 = read_all(path, again, sizeof again);
        assert_int_equal(len2, len);
        assert_memory_equal(again, good, len);
    }
    /* A truncated file too. */
    write_all(path, good, len - 3);
    assert_int_equal(bf_graph_pagerank_cached(st, &r, &n), BF_OK);
    assert_float_equal(r[1], direct[1], 0);
    free(r);

    /* A new follow makes a new generation: the cache follows it. */
    assert_int_equal(bf_store_begin(st), BF_OK);
    put_follow(st, "star", "f3");
    assert_int_equal(bf_store_commit(st), BF_OK);
    assert_int_equal(bf_graph_pagerank_cached(st, &r, &n), BF_OK);
    assert_int_equal(bf_store_graph(st, &g), BF_OK);
    assert_int_equal(bf_graph_pagerank(g, NULL, direct, NULL), BF_OK);
    for (i = 0; i < 5; i++)
        assert_float_equal(r[i], direct[i], 0);
    free(r);
    len2 = read_all(path, again, sizeof again);
    assert_int_equal(len2, len);
    assert_memory_not_equal(again, good, len);
    bf_store_close(st);
}

/* put_double stores x little-endian at p. */
static void put_double(unsigned char *p, double x)
{
    uint64_t u;
    int i;

    memcpy(&u, &x, 8);
    for (i = 0; i < 8; i++)
        p[i] = (unsigned char)(u >> (8 * i));
}

/*
 * An audit reads a few values of pagerank.bin, not its checksums: what it
 * reads must still be consistent, and a file whose values it finds out of
 * order is rebuilt rather than believed.
 */
static void pagerank_lookups_check_what_they_read(void **state)
{
    fixture *f = *state;
    bf_store *st = fill(f);
    unsigned char good[256], bad[256], again[256];
    double *r = NULL;
    bf_influence inf;
    char path[128];
    size_t len, i;
    uint32_t n = 0;

    snprintf(path, sizeof path, "%s/pagerank.bin", f->dir);
    assert_int_equal(bf_graph_pagerank_cached(st, &r, &n), BF_OK);
    len = read_all(path, good, sizeof good);
    for (i = 0; i < 3; i++) {
        memcpy(bad, good, len);
        if (i == 0) /* sorted[4], the star's value, made smaller */
            put_double(bad + 64 + 40 + 4 * 8, r[0] * 0.999);
        else if (i == 1) /* sorted[3] below sorted[2], on the search path */
            put_double(bad + 64 + 40 + 3 * 8, r[1] * 0.5);
        else /* below[4]: more accounts than there are (below starts
              * after rank, sorted, plat and the one group entry) */
            bad[64 + 80 + 24 + 32 + 4 * 8] = 99;
        write_all(path, bad, len);
        assert_int_equal(bf_graph_influence(st, 0, &inf), BF_OK);
        assert_float_equal(inf.pagerank_pct, 80.0, 1e-12);
        assert_float_equal(inf.followers_pct, 80.0, 1e-12);
        assert_int_equal(inf.accounts, 1);
        assert_float_equal(inf.pagerank, r[0], 0);
        assert_int_equal(read_all(path, again, sizeof again), len);
        assert_memory_equal(again, good, len);
    }
    free(r);
    bf_store_close(st);
}

/*
 * A store whose pagerank.bin cannot be written (here a directory holds
 * its name, so the rename fails) still answers, and computes the table
 * once per graph, not once per audit.
 */
static void an_unsaved_table_is_kept_for_the_process(void **state)
{
    fixture *f = *state;
    bf_store *st = fill(f);
    bf_influence inf;
    double *r = NULL;
    char path[128], inside[160];
    uint64_t b0 = bf__influence_builds();
    uint32_t n = 0;
    FILE *fp;
    int i;

    snprintf(path, sizeof path, "%s/pagerank.bin", f->dir);
    snprintf(inside, sizeof inside, "%s/x", path);
    assert_int_equal(mkdir(path, 0755), 0);
    fp = fopen(inside, "w");
    assert_non_null(fp);
    fclose(fp);
    for (i = 0; i < 3; i++) {
        assert_int_equal(bf_graph_influence(st, 0, &inf), BF_OK);
        assert_float_equal(inf.pagerank_pct, 80.0, 1e-12);
        assert_int_equal(inf.accounts, 1);
        assert_int_equal(bf__influence_builds(), b0 + 1);
    }
    assert_int_equal(bf_graph_pagerank_cached(st, &r, &n), BF_OK);
    assert_int_equal(n, 5);
    assert_float_equal(r[0], inf.pagerank, 0);
    free(r);
    assert_int_equal(bf__influence_builds(), b0 + 1);
    /* Another graph: another table. */
    assert_int_equal(bf_store_begin(st), BF_OK);
    put_follow(st, "star", "f3");
    assert_int_equal(bf_store_commit(st), BF_OK);
    assert_int_equal(bf_graph_influence(st, 3, &inf), BF_OK);
    assert_int_equal(bf__influence_builds(), b0 + 2);
    assert_int_equal(bf_graph_influence(st, 0, &inf), BF_OK);
    assert_int_equal(bf__influence_builds(), b0 + 2);
    bf_store_close(st);
    unlink(inside);
    rmdir(path);
}

/*
 * checks_cached_ranks compares the cached PageRank of st with one
 * computed now on its graph, and returns how many accounts it has.
 */
static uint32_t checks_cached_ranks(bf_store *st)
{
    const bf_csr *g = NULL;
    double *r = NULL, *ref, sum = 0;
    uint32_t n = 0, v;

    assert_int_equal(bf_graph_pagerank_cached(st, &r, &n), BF_OK);
    assert_int_equal(bf_store_graph(st, &g), BF_OK);
    assert_int_equal(n, g->n);
    ref = malloc(n * sizeof *ref);
    assert_non_null(ref);
    assert_int_equal(bf_graph_pagerank(g, NULL, ref, NULL), BF_OK);
    for (v = 0; v < n; v++) {
        assert_float_equal(r[v], ref[v], 1e-12);
        sum += r[v];
    }
    assert_float_equal(sum, 1.0, 1e-12);
    free(ref);
    free(r);
    return n;
}

/*
 * Accounts added with no follow (a load of posts) change the others'
 * PageRank by a common factor: the table is made from the one before,
 * without a PageRank, and gives what a PageRank of the new graph gives.
 * Without an account that nobody follows the factor cannot be read off
 * the table, and PageRank runs again.
 */
static void added_accounts_scale_the_table(void **state)
{
    fixture *f = *state;
    bf_store *st = fill(f);
    bf_account a;
    uint64_t g0;

    /* Cycles and an account that follows nobody, so that D matters. */
    assert_int_equal(bf_store_begin(st), BF_OK);
    put_follow(st, "f1", "f2");
    put_follow(st, "f2", "f1");
    put_follow(st, "star", "f3");
    put_follow(st, "f3", "f1");
    assert_int_equal(bf_store_commit(st), BF_OK);
    assert_int_equal(checks_cached_ranks(st), 5);
    g0 = bf__influence_grown();
    assert_int_equal(bf_store_begin(st), BF_OK);
    a = profile("late1", 10, 1);
    assert_int_equal(bf_store_put_account(st, &a, NULL), BF_OK);
    a = profile("late2", 10, 0);
    assert_int_equal(bf_store_put_account(st, &a, NULL), BF_OK);
    assert_int_equal(bf_store_commit(st), BF_OK);
    assert_int_equal(checks_cached_ranks(st), 7);
    assert_int_equal(bf__influence_grown(), g0 + 1);

    /* Everyone followed: PageRank again. */
    assert_int_equal(bf_store_begin(st), BF_OK);
    put_follow(st, "star", "f4");
    put_follow(st, "star", "late1");
    put_follow(st, "star", "late2");
    assert_int_equal(bf_store_commit(st), BF_OK);
    assert_int_equal(checks_cached_ranks(st), 7);
    assert_int_equal(bf_store_begin(st), BF_OK);
    a = profile("late3", 10, 0);
    assert_int_equal(bf_store_put_account(st, &a, NULL), BF_OK);
    assert_int_equal(bf_store_commit(st), BF_OK);
    assert_int_equal(checks_cached_ranks(st), 8);
    assert_int_equal(bf__influence_grown(), g0 + 1);
    bf_store_close(st);
}

/* lcg is a small deterministic generator for the random graph below. */
static uint32_t lcg(uint64_t *s)
{
    *s = *s * 6364136223846793005ull + 1442695040888963407ull;
    return (uint32_t)(*s >> 33);
}

/*
 * The percentiles from the file's tables are those of their definition,
 * counted over every account of the same platform, on a graph with many
 * ties (every account nobody follows has the same PageRank) and a skewed
 * in-degree, in a store holding two platforms' graphs of different sizes
 * (follows never cross platforms, so neither ranks among the other's).
 */
static void percentiles_match_counting(void **state)
{
    enum { N = 300, FOLLOWS = 1200, NT = 200 };

    fixture *f = *state;
    bf_store *st = NULL;
    const bf_csr *g = NULL;
    double rank[N];
    uint64_t seed = 42, deg[N], k, peers[2] = { 0, 0 }, size[2] = { 0, 0 };
    char a[16], b[16];
    uint32_t v, u;
    int i;

    /* Accounts u0 .. u199 on twitter, u200 .. u299 on mastodon: dense
     * ids follow the order they come in. */
    assert_int_equal(bf_store_open(f->dir, &st), BF_OK);
    assert_int_equal(bf_store_begin(st), BF_OK);
    for (i = 0; i < N; i++) {
        bf_account acc;

        snprintf(a, sizeof a, "u%d", i);
        acc = profile(a, 10, 1);
        acc.platform = i < NT ? "twitter" : "mastodon";
        assert_int_equal(bf_store_put_account(st, &acc, NULL), BF_OK);
    }
    for (i = 0; i < FOLLOWS; i++) {
        /* Followees drawn from the square of a uniform: a skewed degree,
         * each platform's among its own accounts. */
        int t = i % 3 != 0;
        uint32_t lo = t ? 0 : NT, cnt = t ? NT : N - NT;
        uint32_t x = lcg(&seed) % cnt, y = lcg(&seed) % cnt;

        snprintf(a, sizeof a, "u%u", lo + lcg(&seed) % cnt);
        snprintf(b, sizeof b, "u%u", lo + (x * y) / cnt);
        if (strcmp(a, b) != 0)
            put_follow_on(st, t ? "twitter" : "mastodon", a, b);
    }
    assert_int_equal(bf_store_commit(st), BF_OK);
    assert_int_equal(bf_store_graph(st, &g), BF_OK);
    assert_int_equal(g->n, N);
    assert_int_equal(bf_graph_pagerank(g, NULL, rank, NULL), BF_OK);
    for (v = 0; v < N; v++) {
        assert_int_equal(bf_csr_in_degree(g, v, &deg[v]), BF_OK);
        peers[v >= NT] += deg[v] >= BF_INFLUENCE_PEER_FOLLOWERS;
        size[v >= NT]++;
    }
    for (v = 0; v < N; v++) {
        bf_influence inf;
        uint64_t rb = 0, db = 0;

        for (u = 0; u < N; u++) {
            if ((u >= NT) != (v >= NT))
                continue;
            rb += rank[u] < rank[v];
            db += deg[u] < deg[v];
        }
        assert_int_equal(bf_graph_influence(st, v, &inf), BF_OK);
        assert_float_equal(inf.pagerank, rank[v], 0);
        assert_float_equal(inf.pagerank_pct,
                           100.0 * (double)rb / (double)size[v >= NT], 1e-12);
        assert_float_equal(inf.followers_pct,
                           100.0 * (double)db / (double)size[v >= NT], 1e-12);
        assert_int_equal(inf.accounts, peers[v >= NT]);
        k = inf.followers_known;
        assert_int_equal(k, deg[v]);
    }
    bf_store_close(st);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(influence_figures, setup, teardown),
        cmocka_unit_test_setup_teardown(pagerank_cache, setup, teardown),
        cmocka_unit_test_setup_teardown(added_accounts_scale_the_table, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(pagerank_lookups_check_what_they_read,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(percentiles_match_counting, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(
                an_unsaved_table_is_kept_for_the_process, setup, teardown),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
