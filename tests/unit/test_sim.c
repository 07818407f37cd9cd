/*
 * test_sim.c - the simulated world: determinism, consistency between its
 * files, the showcase accounts, and calibration against the figures of the
 * design notes (Cresci 2015 medians, Kwak 2010 reciprocity).
 *
 * One world of 3,000 accounts is generated once for the whole group and
 * read back with the small CSV and JSON scanners below, which know nothing
 * of bonafide's readers.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "base/buf.h"
#include "model/privacy.h"
#include "sim/sim.h"

#define N_ACCOUNTS 3000

/* One account as read back from accounts.csv and labels.csv. */
typedef struct row {
    uint64_t id;
    int kind;
    char handle[48];
    long long followers, friends, statuses, likes, lists;
    int default_profile, has_url;
    int year;
    long long in, out; /* counted in follows.csv */
    long long fake_in, real_in;
    double eng_sum; /* engagement per post, summed over original posts */
    long long eng_posts;
} row;

typedef struct world {
    char dir[64];
    bf_sim_summary sum;
    row *r;
    size_t n;
    uint64_t *edges; /* follower index << 32 | followee index, sorted */
    size_t nedges;
    size_t post_lines;
} world;

static world W;

/* ---- reading back ------------------------------------------------------- */

/* csv_split splits one CSV line in place (RFC 4180 quotes); returns count. */
static int csv_split(char *line, char **f, int max)
{
    int n = 0;
    char *s = line, *o;

    for (;;) {
        if (n == max)
            return -1;
        f[n++] = o = s;
        if (*s == '"') {
            s++;
            for (;;) {
                if (*s == '"' && s[1] == '"') {
                    *o++ = '"';
                    s += 2;
                } else if (*s == '"') {
                    s++;
                    break;
                } else if (!*s) {
                    return -1;
                } else {
                    *o++ = *s++;
                }
            }
        } else {
            while (*s && *s != ',' && *s != '\n')
                *o++ = *s++;
        }
        if (*s == ',') {
            *o = '\0';
            s++;
            continue;
        }
        *o = '\0';
        return n;
    }
}

static int find_col(char **f, int n, const char *name)
{
    int i;

    for (i = 0; i < n; i++)
        if (strcmp(f[i], name) == 0)
            return i;
    fail_msg("no column %s", name);
    return -1;
}

static char *path_in(const char *dir, const char *name)
{
    static char p[128];

    snprintf(p, sizeof p, "%s/%s", dir, name);
    return p;
}

static int by_id(const void *a, const void *b)
{
    const row *x = a, *y = b;

    return x->id < y->id ? -1 : x->id > y->id;
}

static row *find(uint64_t id)
{
    row key;

    key.id = id;
    return bsearch(&key, W.r, W.n, sizeof key, by_id);
}

static int kind_of(const char *s)
{
    int k;

    for (k = 0; k < BF_SIM__KINDS; k++)
        if (strcmp(s, bf_sim_kind_name(k)) == 0)
            return k;
    return -1;
}

static void read_labels(void)
{
    FILE *f = fopen(path_in(W.dir, "labels.csv"), "r");
    char line[512], *fl[8];
    size_t i = 0;

    assert_non_null(f);
    assert_non_null(fgets(line, sizeof line, f));
    assert_string_equal(line, "platform,id,screen_name,kind,label\n");
    while (fgets(line, sizeof line, f)) {
        row *r = &W.r[i++];

        assert_true(i <= W.sum.accounts);
        assert_int_equal(csv_split(line, fl, 8), 5);
        assert_string_equal(fl[0], "sim");
        r->id = strtoull(fl[1], NULL, 10);
        snprintf(r->handle, sizeof r->handle, "%s", fl[2]);
        r->kind = kind_of(fl[3]);
        assert_true(r->kind >= 0);
        assert_string_equal(fl[4], bf_sim_kind_label(r->kind));
    }
    fclose(f);
    assert_int_equal(i, W.sum.accounts);
    W.n = i;
    qsort(W.r, W.n, sizeof *W.r, by_id);
}

static void read_accounts(void)
{
    FILE *f = fopen(path_in(W.dir, "accounts.csv"), "r");
    static char line[1 << 16];
    char *fl[64];
    int n, c_id, c_fo, c_fr, c_st, c_li, c_ls, c_cr, c_dp, c_url, c_upd;
    size_t lines = 0;

    assert_non_null(f);
    assert_non_null(fgets(line, sizeof line, f));
    n = csv_split(line, fl, 64);
    assert_int_equal(n, 34);
    assert_string_equal(fl[33], "dataset");
    c_id = find_col(fl, n, "id");
    c_fo = find_col(fl, n, "followers_count");
    c_fr = find_col(fl, n, "friends_count");
    c_st = find_col(fl, n, "statuses_count");
    c_li = find_col(fl, n, "favourites_count");
    c_ls = find_col(fl, n, "listed_count");
    c_cr = find_col(fl, n, "created_at");
    c_dp = find_col(fl, n, "default_profile");
    c_url = find_col(fl, n, "url");
    c_upd = find_col(fl, n, "updated");
    while (fgets(line, sizeof line, f)) {
        row *r;

        lines++;
        assert_int_equal(csv_split(line, fl, 64), 34);
        r = find(strtoull(fl[c_id], NULL, 10));
        assert_non_null(r);
        r->followers = atoll(fl[c_fo]);
        r->friends = atoll(fl[c_fr]);
        r->statuses = atoll(fl[c_st]);
        r->likes = atoll(fl[c_li]);
        r->lists = atoll(fl[c_ls]);
        r->default_profile = strcmp(fl[c_dp], "1") == 0;
        r->has_url = fl[c_url][0] != '\0';
        /* "Fri Apr 06 10:58:22 +0000 2007" */
        assert_int_equal(strlen(fl[c_cr]), 30);
        r->year = atoi(fl[c_cr] + 26);
        assert_string_equal(fl[c_upd], "2026-01-01 00:00:00");
        assert_string_equal(fl[33], "SIM");
    }
    fclose(f);
    assert_int_equal(lines, W.sum.accounts);
}

static void read_follows(void)
{
    FILE *f = fopen(path_in(W.dir, "follows.csv"), "r");
    char line[128];
    size_t cap = 1 << 16;
    uint64_t last_followee = 0;

    assert_non_null(f);
    W.edges = malloc(cap * sizeof *W.edges);
    assert_non_null(fgets(line, sizeof line, f));
    assert_string_equal(line, "follower,followee,position\n");
    while (fgets(line, sizeof line, f)) {
        char *comma = strchr(line, ','), *comma2;
        uint64_t a, b;
        row *ra, *rb;

        assert_non_null(comma);
        comma2 = strchr(comma + 1, ',');
        assert_non_null(comma2);
        a = strtoull(line, NULL, 10);
        b = strtoull(comma + 1, NULL, 10);
        ra = find(a);
        rb = find(b);
        assert_non_null(ra);
        assert_non_null(rb);
        /* Positions count 0, 1, 2... down each followee's list. */
        assert_int_equal(strtoull(comma2 + 1, NULL, 10), rb->in);
        ra->out++;
        rb->in++;
        if (ra->kind == BF_SIM_FAKE)
            rb->fake_in++;
        if (ra->kind <= BF_SIM_BOUGHT)
            rb->real_in++;
        /* Grouped by followee: a followee never comes back later. */
        if (b != last_followee)
            assert_int_equal(rb->in, 1);
        last_followee = b;
        if (W.nedges == cap) {
            cap *= 2;
            W.edges = realloc(W.edges, cap * sizeof *W.edges);
        }
        W.edges[W.nedges++] = (uint64_t)(ra - W.r) << 32 | (uint64_t)(rb - W.r);
    }
    fclose(f);
}

static int cmp_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

    return x < y ? -1 : x > y;
}

/*
 * json_field copies the string value of the first "key": after p into out
 * (escapes kept as written); returns a pointer past it, or NULL.
 */
static const char *json_field(const char *p, const char *key, char *out,
                              size_t cap)
{
    char pat[64];
    const char *s;
    size_t n = 0;

    snprintf(pat, sizeof pat, "\"%s\":\"", key);
    s = strstr(p, pat);
    if (!s)
        return NULL;
    s += strlen(pat);
    while (*s && *s != '"' && n + 1 < cap) {
        if (*s == '\\' && s[1])
            out[n++] = *s++;
        out[n++] = *s++;
    }
    out[n] = '\0';
    return s;
}

static long long json_last_num(const char *line, const char *key)
{
    char pat[64];
    const char *s = NULL, *q = line;

    snprintf(pat, sizeof pat, "\"%s\":", key);
    while ((q = strstr(q, pat)) != NULL)
        s = q++;
    return s ? atoll(s + strlen(pat)) : -1;
}

/*
 * contact_like says whether s holds an e-mail-like "x@domain.tld" or a
 * run of 9 or more digits (separators ' ', '.', '-' allowed inside).
 */
static int contact_like(const char *s)
{
    const char *p;
    int run = 0;

    for (p = s; *p; p++) {
        if (*p == '@') {
            const char *q = p + 1;

            while ((*q >= 'a' && *q <= 'z') || (*q >= 'A' && *q <= 'Z') ||
                   (*q >= '0' && *q <= '9') || *q == '_')
                q++;
            if (*q == '.' && q[1] >= 'a' && q[1] <= 'z')
                return 1;
        }
        if (*p >= '0' && *p <= '9')
            run++;
        else if (!(run && (*p == ' ' || *p == '.' || *p == '-')))
            run = 0;
        if (run >= 9)
            return 1;
    }
    return 0;
}

/* check_text fails when a free-text field looks like contact details. */
static void check_text(const char *what, const char *s)
{
    bf_buf b;
    int found = 0;

    if (contact_like(s))
        fail_msg("%s looks like contact details: %s", what, s);
    bf_buf_init(&b, 1 << 16);
    assert_int_equal(bf_privacy_scrub(s, &b, &found), BF_OK);
    if (found)
        fail_msg("%s scrubbed: %s", what, s);
    bf_buf_release(&b);
}

static void read_posts(void)
{
    FILE *f = fopen(path_in(W.dir, "posts.jsonl"), "r");
    static char line[1 << 20];
    char text[4096], name[512], id[32];

    assert_non_null(f);
    while (fgets(line, sizeof line, f)) {
        const char *p = line, *user;
        row *r;

        W.post_lines++;
        assert_true(strlen(line) > 10 && line[strlen(line) - 1] == '\n');
        while ((p = json_field(p, "full_text", text, sizeof text)) != NULL)
            check_text("post", text);
        for (p = line;
             (p = json_field(p, "description", text, sizeof text)) != NULL;)
            check_text("bio", text);
        for (p = line; (p = json_field(p, "name", name, sizeof name)) != NULL;)
            check_text("name", name);
        user = strstr(line, "\"user\":{");
        assert_non_null(user);
        assert_non_null(json_field(user, "id_str", id, sizeof id));
        r = find(strtoull(id, NULL, 10));
        assert_non_null(r);
        if (!strstr(line, "\"retweeted_status\"") &&
            !strstr(line, "\"in_reply_to_status_id_str\":\"")) {
            long long e = json_last_num(line, "favorite_count") +
                          json_last_num(line, "retweet_count") +
                          json_last_num(line, "reply_count");

            r->eng_sum += (double)e / (double)(r->followers + 1);
            r->eng_posts++;
        }
        if (strcmp(r->handle, BF_SIM_SHOWCASE_BOT) == 0) {
            assert_non_null(strstr(line, "dlvr.it"));
            assert_non_null(strstr(line, "https://t.co/"));
            assert_non_null(strstr(line, " #"));
        }
    }
    fclose(f);
}

static int setup(void **state)
{
    bf_sim_opts o;

    (void)state;
    memset(&W, 0, sizeof W);
    snprintf(W.dir, sizeof W.dir, "/tmp/bf-test-sim-XXXXXX");
    if (!mkdtemp(W.dir))
        return -1;
    bf_sim_opts_init(&o);
    o.accounts = N_ACCOUNTS;
    o.seed = 7;
    if (bf_sim_generate(&o, W.dir, &W.sum) != BF_OK)
        return -1;
    W.r = calloc(W.sum.accounts, sizeof *W.r);
    read_labels();
    read_accounts();
    read_follows();
    qsort(W.edges, W.nedges, sizeof *W.edges, cmp_u64);
    read_posts();
    return 0;
}

static void rm_world(const char *dir)
{
    static const char *const files[] = { "accounts.csv", "follows.csv",
                                         "posts.jsonl", "labels.csv" };
    size_t i;

    for (i = 0; i < 4; i++)
        remove(path_in(dir, files[i]));
    rmdir(dir);
}

static int teardown(void **state)
{
    (void)state;
    rm_world(W.dir);
    free(W.r);
    free(W.edges);
    return 0;
}

/* ---- statistics ---------------------------------------------------------- */

static int cmp_ll(const void *a, const void *b)
{
    long long x = *(const long long *)a, y = *(const long long *)b;

    return x < y ? -1 : x > y;
}

/* median of a field over the accounts of one kind. */
static long long median(int kind, size_t off)
{
    long long *v = malloc(W.n * sizeof *v), m;
    size_t i, n = 0;

    for (i = 0; i < W.n; i++)
        if (W.r[i].kind == kind)
            v[n++] = *(const long long *)((const char *)&W.r[i] + off);
    assert_true(n > 0);
    qsort(v, n, sizeof *v, cmp_ll);
    m = v[n / 2];
    free(v);
    return m;
}

static double share(int kind, size_t off)
{
    size_t i, n = 0, yes = 0;

    for (i = 0; i < W.n; i++) {
        if (W.r[i].kind != kind)
            continue;
        n++;
        yes += *(const int *)((const char *)&W.r[i] + off) != 0;
    }
    return (double)yes / (double)n;
}

/* within2 checks a median against its target, within a factor of two. */
static void within2(const char *what, long long got, double target)
{
    printf("  %-28s target %8.1f  measured %lld\n", what, target, got);
    if (target == 0)
        assert_int_equal(got, 0);
    else if (got < target / 2 || got > target * 2)
        fail_msg("%s: %lld not within a factor 2 of %.1f", what, got, target);
}

static void within(const char *what, double got, double target, double tol)
{
    printf("  %-28s target %8.3f  measured %.3f\n", what, target, got);
    if (got < target - tol || got > target + tol)
        fail_msg("%s: %.3f not within %.3f of %.3f", what, got, tol, target);
}

static row *by_handle(const char *h)
{
    size_t i;

    for (i = 0; i < W.n; i++)
        if (strcmp(W.r[i].handle, h) == 0)
            return &W.r[i];
    return NULL;
}

/* ---- tests --------------------------------------------------------------- */

static int same_file(const char *a, const char *b)
{
    FILE *fa = fopen(a, "rb"), *fb = fopen(b, "rb");
    int ca, cb, same = fa && fb;

    while (same) {
        ca = getc(fa);
        cb = getc(fb);
        if (ca != cb)
            same = 0;
        if (ca == EOF || cb == EOF)
            break;
    }
    if (fa)
        fclose(fa);
    if (fb)
        fclose(fb);
    return same;
}

static void same_options_same_bytes(void **state)
{
    static const char *const files[] = { "accounts.csv", "follows.csv",
                                         "posts.jsonl", "labels.csv" };
    char dir[64], a[128], b[128];
    bf_sim_opts o;
    bf_sim_summary s;
    size_t i;

    (void)state;
    snprintf(dir, sizeof dir, "/tmp/bf-test-sim-XXXXXX");
    assert_non_null(mkdtemp(dir));
    bf_sim_opts_init(&o);
    o.accounts = N_ACCOUNTS;
    o.seed = 7;
    assert_int_equal(bf_sim_generate(&o, dir, &s), BF_OK);
    assert_memory_equal(&s, &W.sum, sizeof s);
    for (i = 0; i < 4; i++) {
        snprintf(a, sizeof a, "%s/%s", W.dir, files[i]);
        snprintf(b, sizeof b, "%s/%s", dir, files[i]);
        if (!same_file(a, b))
            fail_msg("%s differs between two runs", files[i]);
    }
    /* Another seed, another world. */
    o.seed = 8;
    assert_int_equal(bf_sim_generate(&o, dir, &s), BF_OK);
    snprintf(a, sizeof a, "%s/accounts.csv", W.dir);
    snprintf(b, sizeof b, "%s/accounts.csv", dir);
    assert_false(same_file(a, b));
    rm_world(dir);
}

static void rejects_bad_options(void **state)
{
    bf_sim_opts o;

    (void)state;
    bf_sim_opts_init(&o);
    assert_int_equal(o.accounts, 2000);
    assert_int_equal(o.seed, 1);
    assert_int_equal(o.now, BF_SIM_DEFAULT_NOW);
    assert_true(o.follows_per_account == 0);
    assert_int_equal(o.posts_per_account, BF_SIM_POSTS_AUTO);
    o.accounts = BF_SIM_MIN_ACCOUNTS - 1;
    assert_int_equal(bf_sim_generate(&o, "/tmp/bf-never", NULL), BF_EINVAL);
    o.accounts = 1000;
    o.follows_per_account = -1;
    assert_int_equal(bf_sim_generate(&o, "/tmp/bf-never", NULL), BF_EINVAL);
    o.follows_per_account = NAN;
    assert_int_equal(bf_sim_generate(&o, "/tmp/bf-never", NULL), BF_EINVAL);
    o.follows_per_account = BF_SIM_MAX_FOLLOWS + 1;
    assert_int_equal(bf_sim_generate(&o, "/tmp/bf-never", NULL), BF_EINVAL);
    o.follows_per_account = 0;
    o.posts_per_account = BF_SIM_MAX_POSTS + 1;
    assert_int_equal(bf_sim_generate(&o, "/tmp/bf-never", NULL), BF_EINVAL);
    o.posts_per_account = BF_SIM_POSTS_AUTO - 1;
    assert_int_equal(bf_sim_generate(&o, "/tmp/bf-never", NULL), BF_EINVAL);
    assert_string_equal(bf_sim_kind_name(BF_SIM_BOUGHT), "bought_expert");
    assert_string_equal(bf_sim_kind_label(BF_SIM_BOUGHT), "genuine");
    assert_string_equal(bf_sim_kind_label(BF_SIM_FAKE), "fake");
    assert_string_equal(bf_sim_kind_label(BF_SIM_BOT), "bot");
    assert_string_equal(bf_sim_kind_name(99), "unknown");
}

static void summary_matches_files(void **state)
{
    uint64_t by_kind[BF_SIM__KINDS] = { 0 }, above = 0;
    size_t i;
    int k;

    (void)state;
    assert_int_equal(W.n, N_ACCOUNTS);
    assert_int_equal(W.nedges, W.sum.follows);
    assert_int_equal(W.post_lines, W.sum.posts);
    for (i = 0; i < W.n; i++) {
        by_kind[W.r[i].kind]++;
        above += W.r[i].id > (1ULL << 53);
        /* Ids are unique (sorted, so neighbours differ). */
        if (i)
            assert_true(W.r[i].id > W.r[i - 1].id);
        assert_true(W.r[i].id >= 1000000000000000ULL);
    }
    for (k = 0; k < BF_SIM__KINDS; k++)
        assert_int_equal(by_kind[k], W.sum.by_kind[k]);
    /* Some ids need all 64 bits: a reader using doubles would fail. */
    assert_true(above > W.n / 20);
    /* Every kind is present, in roughly the intended mix. */
    within("share of people", (double)by_kind[BF_SIM_PERSON] / W.n, 0.70, 0.08);
    within("share of fake followers", (double)by_kind[BF_SIM_FAKE] / W.n, 0.18,
           0.08);
    for (k = 0; k < BF_SIM__KINDS; k++)
        assert_true(by_kind[k] > 0);
}

static void counters_match_graph(void **state)
{
    size_t i, j;

    (void)state;
    for (i = 0; i < W.n; i++) {
        assert_int_equal(W.r[i].followers, W.r[i].in);
        assert_true(W.r[i].friends >= W.r[i].out);
    }
    /* No duplicate follow, no self-follow. */
    for (j = 0; j < W.nedges; j++) {
        assert_true(W.edges[j] >> 32 != (W.edges[j] & 0xffffffffu));
        if (j)
            assert_true(W.edges[j] != W.edges[j - 1]);
    }
}

static void showcase_accounts(void **state)
{
    row *g = by_handle(BF_SIM_SHOWCASE_GENUINE);
    row *b = by_handle(BF_SIM_SHOWCASE_BOUGHT);
    row *t = by_handle(BF_SIM_SHOWCASE_BOT);
    double eg, eb;

    (void)state;
    assert_non_null(g);
    assert_non_null(b);
    assert_non_null(t);
    assert_int_equal(g->kind, BF_SIM_EXPERT);
    assert_int_equal(b->kind, BF_SIM_BOUGHT);
    assert_int_equal(t->kind, BF_SIM_BOT);
    printf("  genuine: %lld followers, %lld fake; bought: %lld followers, "
           "%lld fake\n",
           g->in, g->fake_in, b->in, b->fake_in);
    /* The genuine expert's audience is real, the bought one's is not. */
    assert_true(g->real_in * 10 > g->in * 8);
    assert_true(g->fake_in * 20 < g->in);
    assert_true(b->fake_in * 2 > b->in);
    assert_true(g->eng_posts > 0 && b->eng_posts > 0 && t->eng_posts > 0);
    eg = g->eng_sum / (double)g->eng_posts;
    eb = b->eng_sum / (double)b->eng_posts;
    printf("  engagement per post / followers: genuine %.4f, bought %.4f, "
           "bot %.4f\n",
           eg, eb, t->eng_sum / (double)t->eng_posts);
    assert_true(eg > 0.005);
    assert_true(eg > 4 * eb);
    assert_true(t->eng_sum / (double)t->eng_posts < 0.01);
}

/* The bought followers arrived in bursts: contiguous runs of the list. */
static void bought_followers_form_blocks(void **state)
{
    FILE *f = fopen(path_in(W.dir, "follows.csv"), "r");
    row *b = by_handle(BF_SIM_SHOWCASE_BOUGHT);
    char line[128];
    long long run = 0, in_big_runs = 0, big_runs = 0;

    (void)state;
    assert_non_null(f);
    while (fgets(line, sizeof line, f)) {
        char *comma = strchr(line, ',');
        row *fr;

        if (!comma || strtoull(comma + 1, NULL, 10) != b->id)
            continue;
        fr = find(strtoull(line, NULL, 10));
        if (fr->kind == BF_SIM_FAKE) {
            run++;
            continue;
        }
        if (run >= 10) {
            big_runs++;
            in_big_runs += run;
        }
        run = 0;
    }
    if (run >= 10) {
        big_runs++;
        in_big_runs += run;
    }
    fclose(f);
    printf("  %lld farm followers, %lld of them in %lld runs of 10+\n",
           b->fake_in, in_big_runs, big_runs);
    assert_true(big_runs >= 1 && big_runs <= 4);
    assert_true(in_big_runs * 10 >= b->fake_in * 9);
}

static void calibrated_against_cresci(void **state)
{
    (void)state;
    printf("  people (Cresci E13 humans):\n");
    within2("followers", median(BF_SIM_PERSON, offsetof(row, followers)), 102);
    within2("following", median(BF_SIM_PERSON, offsetof(row, friends)), 226);
    within2("statuses", median(BF_SIM_PERSON, offsetof(row, statuses)), 992);
    within2("likes", median(BF_SIM_PERSON, offsetof(row, likes)), 29);
    within2("lists", median(BF_SIM_PERSON, offsetof(row, lists)), 1);
    within("default profile",
           share(BF_SIM_PERSON, offsetof(row, default_profile)), 0.27, 0.06);
    within("url", share(BF_SIM_PERSON, offsetof(row, has_url)), 0.31, 0.06);
    printf("  fake followers (Cresci INT):\n");
    within2("followers", median(BF_SIM_FAKE, offsetof(row, followers)), 18);
    within2("following", median(BF_SIM_FAKE, offsetof(row, friends)), 344);
    within2("statuses", median(BF_SIM_FAKE, offsetof(row, statuses)), 36);
    within2("likes", median(BF_SIM_FAKE, offsetof(row, likes)), 0);
    within2("lists", median(BF_SIM_FAKE, offsetof(row, lists)), 0);
    within("default profile",
           share(BF_SIM_FAKE, offsetof(row, default_profile)), 0.996, 0.02);
    within("url", share(BF_SIM_FAKE, offsetof(row, has_url)), 0.0, 0.0);
}

static void farms_created_in_batches(void **state)
{
    int years[200] = { 0 }, best = 0;
    size_t i, n = 0;

    (void)state;
    for (i = 0; i < W.n; i++) {
        if (W.r[i].kind != BF_SIM_FAKE)
            continue;
        assert_true(W.r[i].year >= 2000 && W.r[i].year < 2200);
        years[W.r[i].year - 2000]++;
        n++;
    }
    for (i = 0; i < 200; i++)
        best = years[i] > best ? years[i] : best;
    within("farm accounts in top year", (double)best / (double)n, 0.88, 0.15);
    assert_true(best * 10 > (int)n * 7);
}

static void graph_shape(void **state)
{
    size_t j, real = 0, recip = 0;
    long long *in = malloc(W.n * sizeof *in), med, max;

    (void)state;
    for (j = 0; j < W.nedges; j++) {
        uint64_t a = W.edges[j] >> 32, b = W.edges[j] & 0xffffffffu;
        uint64_t rev = b << 32 | a;

        if (W.r[a].kind > BF_SIM_BOUGHT || W.r[b].kind > BF_SIM_BOUGHT)
            continue;
        real++;
        recip += bsearch(&rev, W.edges, W.nedges, sizeof rev, cmp_u64) != NULL;
    }
    within("reciprocity of real links", (double)recip / (double)real, 0.22,
           0.12);
    for (j = 0; j < W.n; j++)
        in[j] = W.r[j].in;
    qsort(in, W.n, sizeof *in, cmp_ll);
    med = in[W.n / 2];
    max = in[W.n - 1];
    printf("  in-degree: median %lld, 99th %lld, max %lld\n", med,
           in[W.n * 99 / 100], max);
    assert_true(max > 5 * med);
    free(in);
}

/* ---- density and post options ------------------------------------------ */

/* Figures of a world read back by check_world. */
typedef struct tally {
    long long follows;   /* lines of follows.csv */
    long long followers; /* sum of followers_count in accounts.csv */
    long long posts;     /* lines of posts.jsonl */
    long long max_run;   /* most consecutive posts by one author */
    long long file_size; /* bytes of posts.jsonl */
} tally;

/* check_world counts what a world in dir holds (see tally). */
static void check_world(const char *dir, tally *t)
{
    static char line[1 << 16];
    char *fl[64], last[32] = "", id[32];
    int n, c_fol;
    long long run = 0;
    FILE *f;

    memset(t, 0, sizeof *t);
    f = fopen(path_in(dir, "follows.csv"), "r");
    assert_non_null(f);
    assert_non_null(fgets(line, sizeof line, f));
    while (fgets(line, sizeof line, f))
        t->follows++;
    fclose(f);
    f = fopen(path_in(dir, "accounts.csv"), "r");
    assert_non_null(f);
    assert_non_null(fgets(line, sizeof line, f));
    n = csv_split(line, fl, 64);
    c_fol = find_col(fl, n, "followers_count");
    while (fgets(line, sizeof line, f)) {
        assert_int_equal(csv_split(line, fl, 64), 34);
        t->followers += strtoll(fl[c_fol], NULL, 10);
    }
    fclose(f);
    f = fopen(path_in(dir, "posts.jsonl"), "r");
    assert_non_null(f);
    /* Posts come account by account: runs of one author are its posts. */
    while (fgets(line, sizeof line, f)) {
        const char *user = strstr(line, "\"user\":");

        assert_non_null(user);
        assert_non_null(json_field(user, "id_str", id, sizeof id));
        run = strcmp(id, last) == 0 ? run + 1 : 1;
        snprintf(last, sizeof last, "%s", id);
        t->max_run = run > t->max_run ? run : t->max_run;
        t->posts++;
    }
    t->file_size = ftell(f);
    fclose(f);
}

/* gen generates a world of N_ACCOUNTS, seed 7, with the given options. */
static void gen(const char *dir, double follows, int posts, bf_sim_summary *s)
{
    bf_sim_opts o;

    bf_sim_opts_init(&o);
    o.accounts = N_ACCOUNTS;
    o.seed = 7;
    o.follows_per_account = follows;
    o.posts_per_account = posts;
    assert_int_equal(bf_sim_generate(&o, dir, s), BF_OK);
}

/* follows_per_account is met within 10%, below and above the default. */
static void density_respected(void **state)
{
    static const double targets[] = { 5, 35, 250 };
    char dir[64];
    bf_sim_summary s;
    tally t;
    size_t i;

    (void)state;
    snprintf(dir, sizeof dir, "/tmp/bf-test-sim-XXXXXX");
    assert_non_null(mkdtemp(dir));
    for (i = 0; i < sizeof targets / sizeof *targets; i++) {
        double got;

        gen(dir, targets[i], 0, &s);
        check_world(dir, &t);
        got = (double)t.follows / N_ACCOUNTS;
        printf("  target %.0f follows per account: %.2f\n", targets[i], got);
        assert_int_equal(t.follows, s.follows);
        /* followers_count still equals the in-degree, summed. */
        assert_int_equal(t.followers, t.follows);
        assert_true(got > 0.9 * targets[i] && got < 1.1 * targets[i]);
    }
    rm_world(dir);
}

/* posts_per_account 0 leaves posts.jsonl empty; 3 caps every account. */
static void posts_capped(void **state)
{
    char dir[64];
    bf_sim_summary s;
    tally t;

    (void)state;
    snprintf(dir, sizeof dir, "/tmp/bf-test-sim-XXXXXX");
    assert_non_null(mkdtemp(dir));
    gen(dir, 10, 0, &s);
    check_world(dir, &t);
    assert_int_equal(s.posts, 0);
    assert_int_equal(t.posts, 0);
    assert_int_equal(t.file_size, 0);
    gen(dir, 10, 3, &s);
    check_world(dir, &t);
    printf("  3 posts at most: %lld posts, longest run %lld\n", t.posts,
           t.max_run);
    assert_int_equal(t.posts, s.posts);
    assert_int_equal(t.max_run, 3);
    assert_true(t.posts > N_ACCOUNTS);
    assert_true(t.posts <= 3 * N_ACCOUNTS);
    rm_world(dir);
}

/* Options are part of the world: same options, same bytes. */
static void same_density_same_bytes(void **state)
{
    static const char *const files[] = { "accounts.csv", "follows.csv",
                                         "posts.jsonl", "labels.csv" };
    char da[64], db[64], a[128], b[128];
    bf_sim_summary sa, sb;
    size_t i;

    (void)state;
    snprintf(da, sizeof da, "/tmp/bf-test-sim-XXXXXX");
    snprintf(db, sizeof db, "/tmp/bf-test-sim-XXXXXX");
    assert_non_null(mkdtemp(da));
    assert_non_null(mkdtemp(db));
    gen(da, 12.5, 4, &sa);
    gen(db, 12.5, 4, &sb);
    assert_memory_equal(&sa, &sb, sizeof sa);
    for (i = 0; i < 4; i++) {
        snprintf(a, sizeof a, "%s/%s", da, files[i]);
        snprintf(b, sizeof b, "%s/%s", db, files[i]);
        if (!same_file(a, b))
            fail_msg("%s differs between two runs", files[i]);
    }
    /* Another density, other follows. */
    gen(db, 13.5, 4, &sb);
    snprintf(a, sizeof a, "%s/follows.csv", da);
    snprintf(b, sizeof b, "%s/follows.csv", db);
    assert_false(same_file(a, b));
    rm_world(da);
    rm_world(db);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(rejects_bad_options),
        cmocka_unit_test(summary_matches_files),
        cmocka_unit_test(counters_match_graph),
        cmocka_unit_test(showcase_accounts),
        cmocka_unit_test(bought_followers_form_blocks),
        cmocka_unit_test(calibrated_against_cresci),
        cmocka_unit_test(farms_created_in_batches),
        cmocka_unit_test(graph_shape),
        cmocka_unit_test(same_options_same_bytes),
        cmocka_unit_test(density_respected),
        cmocka_unit_test(posts_capped),
        cmocka_unit_test(same_density_same_bytes),
    };

    return cmocka_run_group_tests(tests, setup, teardown);
}
