/*
 * test_alternatives.c - who else to consider, on a small store built by
 * hand: a niche of marketing accounts that share followers, one with a
 * real audience (stronger), one with a bought one (weaker), a bakery that
 * shares the audience but not the words (another niche), an account
 * nobody in the store follows, and one whose followers follow nothing
 * else.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "report/alternatives.h"
#include "report/report.h"
#include "store/store.h"

#define NOW 1767225600 /* 2026-01-01 */
#define DAY 86400

static struct {
    char dir[64];
    bf_store *st;
    uint32_t weak, strong, weaker, bakery, lonely, island, stubby;
} W;

/* put writes one profile: a person's when real, a farm's otherwise. */
static uint32_t put(const char *id, const char *handle, const char *bio,
                    int64_t followers, int64_t following, int real)
{
    bf_account a;
    uint32_t dense = 0, h = 2166136261u; /* FNV-1a scatters the dates */
    const char *c;

    for (c = id; *c; c++)
        h = (h ^ (unsigned char)*c) * 16777619u;
    bf_account_clear(&a);
    a.platform = "twitter";
    a.native_id = id;
    a.handle = handle;
    a.name = real ? "Marie Dupont" : "xk";
    a.bio = bio    ? bio
            : real ? "Infirmière à Nantes, passionnée de vélo."
                   : NULL;
    a.followers = followers;
    a.following = following;
    a.posts = real ? 600 : 3;
    a.lists = real ? 2 : 0;
    a.default_avatar = real ? 0 : 1;
    a.location = real ? "Nantes" : NULL;
    a.url = real ? "https://example.org" : NULL;
    a.created_at =
            real ? NOW - (400 + (int64_t)(h % 3000)) * DAY : NOW - 700 * DAY;
    assert_int_equal(bf_store_put_account(W.st, &a, &dense), BF_OK);
    return dense;
}

static void follow(const char *follower, const char *followee)
{
    bf_follow f;

    f.platform = "twitter";
    f.follower = follower;
    f.followee = followee;
    f.observed_at = NOW;
    f.position = -1;
    assert_int_equal(bf_store_put_follow(W.st, &f), BF_OK);
}

/* posts writes 40 distinct posts by author with the hashtag tag. */
static void posts(const char *author, const char *tag, int64_t likes)
{
    int i;

    for (i = 0; i < 40; i++) {
        char id[64], text[160];
        bf_post p;

        snprintf(id, sizeof id, "%s-p%d", author, i);
        snprintf(text, sizeof text, "Note %c%c, part %d: what do you think? %s",
                 'a' + i % 26, 'a' + (i / 26) % 26, i, tag);
        bf_post_clear(&p);
        p.platform = "twitter";
        p.native_id = id;
        p.author_id = author;
        p.created_at = NOW - 200 * DAY + (int64_t)(1 + (i * i) % 37) * 3600 * i;
        p.text = text;
        p.kind = BF_POST_ORIGINAL;
        p.likes = likes + i % 5;
        p.reposts = likes > 0;
        p.replies = likes > 0 ? 2 : 0;
        p.quotes = 0;
        p.source = "Twitter Web App";
        assert_int_equal(bf_store_put_post(W.st, &p), BF_OK);
    }
}

static int setup(void **state)
{
    char id[32];
    int i;

    (void)state;
    snprintf(W.dir, sizeof W.dir, "/tmp/bf-test-alt-XXXXXX");
    assert_non_null(mkdtemp(W.dir));
    assert_int_equal(bf_store_open(W.dir, &W.st), BF_OK);
    assert_int_equal(bf_store_begin(W.st), BF_OK);
    /*
     * The audited account: 150 bought followers and 50 real ones, which
     * also follow the three others.
     */
    W.weak = put("1", "weak", "Consultante en marketing digital pour les PME",
                 200, 300, 1);
    W.strong = put("2", "strong", "Conseil en marketing et stratégie", 300, 150,
                   1);
    W.weaker = put("3", "weaker", "Expert marketing, croissance garantie", 350,
                   900, 1);
    W.bakery = put("4", "bakery", "Boulangerie artisanale, pain au levain", 300,
                   80, 1);
    W.lonely = put("5", "lonely", "Marketing de contenu", 10, 10, 1);
    /* Followed by two accounts that follow nothing else: an export's
     * follower list, alone. */
    W.island = put("6", "island", "Marketing local", 2, 10, 1);
    put("isle1", NULL, NULL, 40, 30, 1);
    put("isle2", NULL, NULL, 40, 30, 1);
    follow("isle1", "6");
    follow("isle2", "6");
    /* Followed by real accounts that also follow two accounts known only
     * by their ids (an edge list's stubs): nothing to compare with. */
    W.stubby = put("7", "stubby", "Marketing digital", 20, 10, 1);
    for (i = 0; i < 20; i++) {
        snprintf(id, sizeof id, "sf%d", i);
        put(id, NULL, NULL, 100, 50, 1);
        follow(id, "7");
        follow(id, "stub-a");
        follow(id, "stub-b");
    }
    for (i = 0; i < 300; i++) {
        snprintf(id, sizeof id, "farm%d", i);
        put(id, NULL, NULL, 2, 400, 0);
        follow(id, "3");
        if (i < 150)
            follow(id, "1");
    }
    for (i = 0; i < 300; i++) {
        snprintf(id, sizeof id, "real%d", i);
        put(id, NULL, NULL, 150 + i, 120, 1);
        follow(id, "2");
        follow(id, "4");
        if (i < 50) {
            follow(id, "1");
            follow(id, "3");
        }
    }
    posts("1", "#marketing", 0);
    posts("2", "#marketing", 8);
    posts("3", "#marketing", 1);
    posts("4", "#pain", 8);
    posts("5", "#marketing", 2);
    assert_int_equal(bf_store_commit(W.st), BF_OK);
    return 0;
}

static int teardown(void **state)
{
    char cmd[128];

    (void)state;
    bf_store_close(W.st);
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", W.dir);
    return system(cmd) == 0 ? 0 : -1;
}

/* find audits id (rules only: no model file is needed) and its alternatives,
 * and renders them in both languages. */
static void find(uint32_t id, bf_report *r)
{
    bf_audit_opts o;
    bf_buf b;

    memset(&o, 0, sizeof o);
    o.now = NOW;
    o.no_model = 1;
    bf_report_init(r);
    assert_int_equal(bf_audit_build(W.st, id, &o, r), BF_OK);
    assert_int_equal(r->alts.status, BF_ALT_NOT_RUN);
    assert_int_equal(bf_alternatives_find(W.st, id, &o, r), BF_OK);
    bf_buf_init(&b, 1 << 22);
    assert_int_equal(bf_report_text(r, BF_LANG_FR, 0, &b), BF_OK);
    assert_int_equal(bf_report_text(r, BF_LANG_EN, 0, &b), BF_OK);
    assert_int_equal(
            bf_report_json((const bf_report *const *)&r, 1, BF_LANG_EN, &b),
            BF_OK);
    assert_int_equal(
            bf_report_html((const bf_report *const *)&r, 1, BF_LANG_FR, &b),
            BF_OK);
    if (getenv("BF_TEST_SHOW"))
        printf("%s\n", b.data);
    bf_buf_release(&b);
}

/* The weak account gets the strong one, and only it. */
static void test_recommends_stronger(void **state)
{
    bf_report r;
    const bf_alternative *a;

    (void)state;
    find(W.weak, &r);
    assert_int_equal(r.verdict, BF_VERDICT_INFLATED);
    assert_int_equal(r.alts.status, BF_ALT_FOUND);
    assert_int_equal(r.alts.signals, BF_ALT_SIG_AUDIENCE | BF_ALT_SIG_COFOLLOW |
                                             BF_ALT_SIG_WORDS);
    /* The pool holds the other three; the bakery is not of the niche. */
    assert_int_equal(r.alts.pool, 3);
    assert_int_equal(r.alts.niche, 2);
    assert_int_equal(r.alts.n, 1);
    a = &r.alts.alt[0];
    assert_string_equal(a->handle, "strong");
    assert_string_equal(a->platform, "twitter");
    assert_int_equal(a->verdict, BF_VERDICT_GENUINE);
    assert_int_equal(a->better, BF_ALT_BETTER_VERDICT | BF_ALT_BETTER_REAL |
                                        BF_ALT_BETTER_ENG);
    assert_int_equal(a->common_followers, 50);
    assert_true(a->real > r.alts.real);
    assert_true(a->rate > r.alts.rate);
    assert_int_equal(a->nwords, 1);
    assert_string_equal(a->words[0], "marketing");
    bf_report_release(&r);
}

/* The strongest account of the niche has nobody stronger to point to. */
static void test_none_stronger(void **state)
{
    bf_report r;
    bf_buf b;

    (void)state;
    find(W.strong, &r);
    assert_int_equal(r.verdict, BF_VERDICT_GENUINE);
    assert_int_equal(r.alts.status, BF_ALT_NONE_STRONGER);
    assert_int_equal(r.alts.n, 0);
    assert_int_equal(r.alts.niche, 2);
    bf_buf_init(&b, 1 << 20);
    assert_int_equal(bf__alt_none(&b, BF_LANG_EN, &r.alts), BF_OK);
    assert_string_equal(b.data,
                        "None: 2 accounts of the same niche were found, but "
                        "none has stronger evidence (a better verdict, more "
                        "real followers or more engagement).");
    bf_buf_release(&b);
    bf_report_release(&r);
}

/* No follower in the store: no audience to share, and the report says so. */
static void test_no_graph(void **state)
{
    bf_report r;
    bf_buf b;

    (void)state;
    find(W.lonely, &r);
    assert_int_equal(r.alts.status, BF_ALT_NO_GRAPH);
    assert_int_equal(r.alts.signals, BF_ALT_SIG_WORDS);
    bf_buf_init(&b, 1 << 20);
    assert_int_equal(bf_report_text(&r, BF_LANG_EN, 0, &b), BF_OK);
    assert_non_null(strstr(b.data, "None: the store holds none of this "
                                   "account's followers"));
    assert_non_null(strstr(b.data, "not in the store: followers in common"));
    bf_buf_reset(&b);
    assert_int_equal(
            bf_report_json((const bf_report *const *)&(const bf_report *){ &r },
                           1, BF_LANG_FR, &b),
            BF_OK);
    assert_non_null(strstr(b.data, "\"status\":\"no_graph\""));
    bf_buf_release(&b);
    bf_report_release(&r);
}

/* Followers stored, none of whom follows another account: said as such. */
static void test_followers_follow_nothing_else(void **state)
{
    bf_report r;
    bf_buf b;

    (void)state;
    find(W.island, &r);
    assert_int_equal(r.alts.status, BF_ALT_NO_GRAPH);
    assert_true(r.alts.signals & BF_ALT_SIG_AUDIENCE);
    bf_buf_init(&b, 1 << 20);
    assert_int_equal(bf_report_text(&r, BF_LANG_EN, 0, &b), BF_OK);
    assert_non_null(strstr(b.data, "None: the store holds followers of this "
                                   "account, but none of the other accounts "
                                   "they follow"));
    assert_null(strstr(b.data, "holds none of this account's followers"));
    bf_buf_reset(&b);
    assert_int_equal(bf_report_text(&r, BF_LANG_FR, 0, &b), BF_OK);
    assert_non_null(
            strstr(b.data, "la base contient des abonnés de ce compte"));
    bf_buf_release(&b);
    bf_report_release(&r);
}

/*
 * Followers who also follow accounts of which the store holds no profile:
 * the sentence says so, not "none of the 0 accounts its followers also
 * follow shares its audience".
 */
static void test_neighbours_without_profiles(void **state)
{
    bf_report r;
    bf_buf b;

    (void)state;
    find(W.stubby, &r);
    assert_int_equal(r.alts.status, BF_ALT_NO_NICHE);
    assert_int_equal(r.alts.pool, 0);
    bf_buf_init(&b, 1 << 20);
    assert_int_equal(bf__alt_none(&b, BF_LANG_EN, &r.alts), BF_OK);
    assert_string_equal(b.data,
                        "None: the store holds no profile of the accounts its "
                        "followers also follow on this platform, so none can "
                        "be compared with it.");
    bf_buf_release(&b);
    bf_report_release(&r);
}

/* Not asked for: nothing in any rendering. */
static void test_not_run(void **state)
{
    bf_report r;
    bf_audit_opts o;
    bf_buf b;

    (void)state;
    memset(&o, 0, sizeof o);
    o.now = NOW;
    o.no_model = 1;
    bf_report_init(&r);
    assert_int_equal(bf_audit_build(W.st, W.weak, &o, &r), BF_OK);
    bf_buf_init(&b, 1 << 22);
    assert_int_equal(bf_report_text(&r, BF_LANG_EN, 0, &b), BF_OK);
    assert_null(strstr(b.data, "Who else"));
    bf_buf_reset(&b);
    assert_int_equal(
            bf_report_json((const bf_report *const *)&(const bf_report *){ &r },
                           1, BF_LANG_EN, &b),
            BF_OK);
    assert_null(strstr(b.data, "\"alternatives\""));
    bf_buf_release(&b);
    bf_report_release(&r);
}

/* An audit stopped at its verdict says what the whole audit says. */
static void test_verdict_only(void **state)
{
    uint32_t ids[] = { W.weak, W.strong, W.weaker, W.bakery, W.lonely };
    size_t i;

    (void)state;
    for (i = 0; i < sizeof ids / sizeof *ids; i++) {
        bf_report full, quick;
        bf_audit_opts o;

        memset(&o, 0, sizeof o);
        o.now = NOW;
        o.no_model = 1;
        bf_report_init(&full);
        bf_report_init(&quick);
        assert_int_equal(bf_audit_build(W.st, ids[i], &o, &full), BF_OK);
        o.verdict_only = 1;
        assert_int_equal(bf_audit_build(W.st, ids[i], &o, &quick), BF_OK);
        assert_int_equal(quick.verdict, full.verdict);
        assert_true(quick.audience.fake.p == full.audience.fake.p);
        assert_true(quick.engagement.rate == full.engagement.rate);
        assert_int_equal(quick.account.followers, full.account.followers);
        /* What it leaves out: the sections and the questions. */
        assert_int_equal(quick.nquestions, 0);
        assert_true(full.nquestions > 0);
        bf_report_release(&full);
        bf_report_release(&quick);
    }
}

/* old_rule is the niche test by the audience alone, on an exact count. */
static int old_rule(uint64_t common, uint64_t a, uint64_t b, uint32_t n)
{
    double lift =
            a && b ? (double)common * (double)n / ((double)a * (double)b) : 0;

    return lift >= BF_ALT_LIFT && common >= BF_ALT_MIN_COMMON;
}

/*
 * The count the niche test stops at: every shared count up to the shorter
 * list's length passes the test exactly when it reaches that count, for
 * audiences and graphs of every size, the rounding of the lift at the
 * edge included.
 */
static void test_lift_need(void **state)
{
    uint64_t x = 88172645463325252u;
    int round;

    (void)state;
    for (round = 0; round < 3000; round++) {
        uint64_t a, b, most, need, c, lo, hi;
        uint32_t n;

        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        n = round % 3 == 0 ? (uint32_t)(1 + x % 200)
                           : (uint32_t)(1 + (x >> 8) % 4000000000u);
        a = round % 5 == 0 ? 0 : 1 + (x >> 20) % n;
        b = round % 7 == 0 ? 0 : 1 + (x >> 36) % n;
        most = a < b ? a : b;
        need = bf__alt_lift_need(a, b, n);
        if (need > most) {
            /* None can: not even the largest count possible. */
            assert_false(old_rule(most, a, b, n));
            continue;
        }
        assert_true(need >= BF_ALT_MIN_COMMON);
        lo = need > 3 ? need - 3 : 0;
        hi = need + 3 < most ? need + 3 : most;
        for (c = lo; c <= hi; c++)
            if (old_rule(c, a, b, n) != (c >= need))
                fail_msg("a %llu, b %llu, n %u: count %llu, need %llu",
                         (unsigned long long)a, (unsigned long long)b, n,
                         (unsigned long long)c, (unsigned long long)need);
        assert_true(old_rule(most, a, b, n));
    }
}

/* The words of a niche: hashtags, and the longer words of a bio. */
static void test_terms(void **state)
{
    bf_buf b;
    const char *p;
    char got[256] = "";

    (void)state;
    bf_buf_init(&b, 1 << 16);
    assert_int_equal(bf__alt_terms("Consultante #Marketing pour les PME, "
                                   "l\xe2\x80\x99"
                                   "audience\xe2\x80\xa6 "
                                   "\xf0\x9f\x9a\x80 #pme <b>vente</b>",
                                   1, &b),
                     BF_OK);
    for (p = b.data; p < b.data + b.len; p += strlen(p) + 1) {
        strcat(got, p);
        strcat(got, "|");
    }
    assert_string_equal(got, "consultante|marketing|audience|pme|vente|");
    /* Posts give their hashtags only. */
    bf_buf_reset(&b);
    got[0] = '\0';
    assert_int_equal(
            bf__alt_terms("Nouvel article sur le #contenu, #SEO", 0, &b),
            BF_OK);
    for (p = b.data; p < b.data + b.len; p += strlen(p) + 1) {
        strcat(got, p);
        strcat(got, "|");
    }
    assert_string_equal(got, "contenu|seo|");
    bf_buf_release(&b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_terms),
        cmocka_unit_test(test_lift_need),
        cmocka_unit_test(test_recommends_stronger),
        cmocka_unit_test(test_none_stronger),
        cmocka_unit_test(test_no_graph),
        cmocka_unit_test(test_followers_follow_nothing_else),
        cmocka_unit_test(test_neighbours_without_profiles),
        cmocka_unit_test(test_not_run),
        cmocka_unit_test(test_verdict_only),
    };

    return cmocka_run_group_tests(tests, setup, teardown);
}
