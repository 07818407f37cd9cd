/*
 * test_verdict.c - properties of the decision procedure (docs/verdict.md).
 *
 * Over many seeded combinations of an account's audience (genuine and
 * farm-made followers) and posts (how many, how much they get answered),
 * each built in its own store, the verdict must keep three promises:
 * adding genuine evidence (more genuine followers, answered posts) never
 * makes it worse; removing a whole source of data (every follower, or
 * every post) never turns "genuine" into a doubt or an accusation; and a
 * store with neither followers nor posts gives "not enough evidence".
 * The rules decide here (no model), so the properties are those of the
 * procedure itself.  Then, the three renderings of one report must carry
 * the same estimate.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "report/report.h"
#include "score/rules.h"
#include "store/store.h"

#define NOW 1735689600 /* 2025-01-01 */
#define DAY 86400

/* One combination: what the store holds about the account. */
typedef struct combo {
    int genuine, fake; /* followers of each kind */
    int posts;         /* the account's own posts */
    int likes;         /* reactions each post gets (0: silent) */
    int spam;          /* 1: every post the same text, through IFTTT */
    int unlisted;      /* followers declared beyond those stored */
    int declared;      /* 1: the platform marks the account automated */
    int silent;        /* of each ten posts, this many get no reaction */
} combo;

/* How bad a verdict is: the order the properties compare. */
static int rank(bf_verdict v)
{
    switch (v) {
    case BF_VERDICT_GENUINE:
        return 0;
    case BF_VERDICT_NOT_ENOUGH:
        return 1;
    case BF_VERDICT_QUESTIONABLE:
        return 2;
    case BF_VERDICT_INFLATED:
    case BF_VERDICT_AUTOMATED:
        break;
    }
    return 3;
}

/* put writes a follower profile: a person, or a farm account. */
static void put(bf_store *st, const char *id, int real, int i)
{
    bf_account a;
    uint32_t dense;

    bf_account_clear(&a);
    a.platform = "twitter";
    a.native_id = id;
    a.handle = id;
    a.name = real ? "Marie Dupont" : "xk";
    a.followers = real ? 150 + i % 90 : 2;
    a.following = real ? 120 + i % 60 : 800;
    a.posts = real ? 600 + i % 400 : 0;
    a.lists = real ? 2 : 0;
    a.default_avatar = real ? 0 : 1;
    a.bio = real ? "Pâtissière à Nantes, passionnée de vélo." : NULL;
    a.location = real ? "Nantes" : NULL;
    a.url = real ? "https://example.org" : NULL;
    a.created_at = real ? NOW - (400 + (int64_t)(i * 37 % 3000)) * DAY
                        : NOW - 300 * DAY;
    a.observed_at = NOW;
    assert_int_equal(bf_store_put_account(st, &a, &dense), BF_OK);
}

/*
 * build writes the combination into a new store under dir and returns
 * the audited account's dense id.  The account declares exactly the
 * followers stored: the whole list.
 */
static uint32_t build(const char *dir, const combo *c, bf_store **out)
{
    bf_store *st;
    bf_account a;
    uint32_t dense, id;
    char name[32];
    int i;

    assert_int_equal(bf_store_open(dir, &st), BF_OK);
    assert_int_equal(bf_store_begin(st), BF_OK);
    bf_account_clear(&a);
    a.platform = "twitter";
    a.native_id = "expert";
    a.handle = "expert";
    a.name = "Claire Expert";
    a.followers = c->genuine + c->fake + c->unlisted;
    a.following = 200;
    a.posts = c->posts;
    a.created_at = NOW - 3000 * DAY;
    a.observed_at = NOW;
    a.automated = c->declared ? 1 : -1;
    assert_int_equal(bf_store_put_account(st, &a, &dense), BF_OK);
    for (i = 0; i < c->genuine + c->fake; i++) {
        bf_follow f;

        snprintf(name, sizeof name, "f%d", i);
        put(st, name, i < c->genuine, i);
        f.platform = "twitter";
        f.follower = name;
        f.followee = "expert";
        f.observed_at = NOW;
        f.position = -1;
        assert_int_equal(bf_store_put_follow(st, &f), BF_OK);
    }
    for (i = 0; i < c->posts; i++) {
        char pid[32], text[128];
        bf_post p;

        snprintf(pid, sizeof pid, "p%d", i);
        snprintf(text, sizeof text,
                 "Note %c%c on pastry technique, part %c. What do you think?",
                 'a' + i % 26, 'a' + (i / 26) % 26, 'a' + (i * 7) % 26);
        bf_post_clear(&p);
        p.platform = "twitter";
        p.native_id = pid;
        p.author_id = "expert";
        p.created_at = NOW - 200 * DAY + (int64_t)(1 + (i * i) % 37) * 3600 * i;
        p.text =
                c->spam ? "Grow your followers fast: http://x.example/a" : text;
        p.source = c->spam ? "IFTTT" : NULL;
        p.kind = BF_POST_ORIGINAL;
        p.likes = c->likes && i % 10 >= c->silent ? c->likes + i % 3 : 0;
        p.reposts = 0;
        p.replies = c->likes && i % 10 >= c->silent ? 1 : 0;
        p.quotes = 0;
        assert_int_equal(bf_store_put_post(st, &p), BF_OK);
    }
    assert_int_equal(bf_store_commit(st), BF_OK);
    assert_int_equal(bf_store_resolve(st, "twitter:expert", &id), BF_OK);
    *out = st;
    return id;
}

/*
 * audit_and_drop audits account id of st, rules only, into r (the
 * caller releases it), then closes st and removes its directory dir.
 */
static void audit_and_drop(bf_store *st, uint32_t id, const char *dir,
                           bf_report *r)
{
    char cmd[96];
    bf_audit_opts o;

    memset(&o, 0, sizeof o);
    o.now = NOW;
    o.no_model = 1;
    bf_report_init(r);
    assert_int_equal(bf_audit_build(st, id, &o, r), BF_OK);
    bf_store_close(st);
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    assert_int_equal(system(cmd), 0);
}

/* verdict_of audits combination c, rules only, in a fresh store. */
static bf_verdict verdict_of(const combo *c, bf_report *keep)
{
    char dir[64];
    bf_store *st;
    bf_report r;
    bf_verdict v;
    uint32_t id;

    snprintf(dir, sizeof dir, "/tmp/bf-test-verdict-XXXXXX");
    assert_non_null(mkdtemp(dir));
    id = build(dir, c, &st);
    audit_and_drop(st, id, dir, &r);
    v = r.verdict;
    /* The headline always names what decided it, unless nothing could. */
    assert_true((v == BF_VERDICT_NOT_ENOUGH) ==
                (r.decided_by == BF_SEC_VERDICT));
    if (keep)
        *keep = r;
    else
        bf_report_release(&r);
    return v;
}

/* splitmix64, for the seeded combinations. */
static uint64_t next(uint64_t *s)
{
    uint64_t z = (*s += 0x9E3779B97F4A7C15ull);

    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

static void test_properties(void **state)
{
    uint64_t seed = 20260101;
    int t, seen[4] = { 0 };

    (void)state;
    for (t = 0; t < 24; t++) {
        combo c, more, less;
        bf_verdict v, w;

        c.genuine = (int)(next(&seed) % 120);
        c.fake = (int)(next(&seed) % 120);
        c.posts = (int)(next(&seed) % 3) * 15;
        c.likes = (int)(next(&seed) % 3) * 4;
        c.spam = 0;
        c.unlisted = 0;
        c.declared = 0;
        c.silent = 0;
        v = verdict_of(&c, NULL);
        seen[rank(v)]++;
        /* More genuine followers: never worse. */
        more = c;
        more.genuine += 60 + (int)(next(&seed) % 120);
        w = verdict_of(&more, NULL);
        if (rank(w) > rank(v))
            fail_msg("combination %d (%d genuine, %d fake, %d posts, %d "
                     "likes): %s, then %s with %d genuine followers",
                     t, c.genuine, c.fake, c.posts, c.likes, bf_verdict_key(v),
                     bf_verdict_key(w), more.genuine);
        /* Answered posts: never worse. */
        more = c;
        more.posts = 30;
        more.likes = 6;
        w = verdict_of(&more, NULL);
        if (rank(w) > rank(v))
            fail_msg("combination %d: %s, then %s with answered posts", t,
                     bf_verdict_key(v), bf_verdict_key(w));
        if (v != BF_VERDICT_GENUINE)
            continue;
        /* Less data: genuine stays genuine or says there is too little. */
        less = c;
        less.genuine = less.fake = 0;
        w = verdict_of(&less, NULL);
        assert_true(w == BF_VERDICT_GENUINE || w == BF_VERDICT_NOT_ENOUGH);
        less = c;
        less.posts = 0;
        w = verdict_of(&less, NULL);
        assert_true(w == BF_VERDICT_GENUINE || w == BF_VERDICT_NOT_ENOUGH);
    }
    /* The combinations reach more than one verdict. */
    print_message("verdict ranks over the combinations: %d %d %d %d\n", seen[0],
                  seen[1], seen[2], seen[3]);
    assert_true((seen[0] > 0) + (seen[1] > 0) + (seen[2] > 0) + (seen[3] > 0) >=
                3);
}

static void test_nothing_known(void **state)
{
    combo c = { 0, 0, 0, 0, 0, 0, 0, 0 };
    bf_report r;

    (void)state;
    assert_int_equal(verdict_of(&c, &r), BF_VERDICT_NOT_ENOUGH);
    assert_int_equal(r.sections[BF_SEC_VERDICT].level, BF_LEVEL_NONE);
    assert_int_equal(r.sections[BF_SEC_AUDIENCE].level, BF_LEVEL_NONE);
    assert_int_equal(r.sections[BF_SEC_GROWTH].level, BF_LEVEL_NONE);
    bf_report_release(&r);
    /* A handful of followers is no finding either. */
    c.genuine = 5;
    c.fake = 5;
    assert_int_equal(verdict_of(&c, &r), BF_VERDICT_NOT_ENOUGH);
    assert_int_equal(r.sections[BF_SEC_AUDIENCE].level, BF_LEVEL_NONE);
    bf_report_release(&r);
}

/* evidence_level: the level of r's evidence item of sentence msg, or -1
 * when r holds none. */
static int evidence_level(const bf_report *r, bf_msg_id msg)
{
    size_t i;

    for (i = 0; i < r->nevidence; i++)
        if (r->evidence[i].msg == msg)
            return (int)r->evidence[i].level;
    return -1;
}

/* has_evidence: r holds an evidence item of sentence msg. */
static int has_evidence(const bf_report *r, bf_msg_id msg)
{
    return evidence_level(r, msg) >= 0;
}

/*
 * A handful of posts is no finding: neither the content section nor the
 * evidence list calls posts automated, copied, ignored or full of links
 * (a Socialbakers criterion) from fewer than BF_AUDIT_MIN_POSTS of them,
 * and none says they look written by a person; from that many, the same
 * posts are findings.
 */
static void test_few_posts(void **state)
{
    combo c = { 0, 0, BF_AUDIT_MIN_POSTS - 1, 0, 1, 0, 0, 0 };
    bf_report r;

    (void)state;
    verdict_of(&c, &r);
    assert_int_equal(r.sections[BF_SEC_CONTENT].level, BF_LEVEL_NONE);
    assert_int_equal(r.sections[BF_SEC_CONTENT].verdict.msg,
                     BF_MSG_SV_CONTENT_FEW);
    assert_false(has_evidence(&r, BF_MSG_EV_AUTOMATION));
    assert_false(has_evidence(&r, BF_MSG_EV_DUPLICATES));
    assert_false(has_evidence(&r, BF_MSG_EV_ZERO_ENG));
    assert_false(has_evidence(&r, BF_MSG_EV_SB_REPEATS));
    assert_false(has_evidence(&r, BF_MSG_EV_SB_LINKS));
    bf_report_release(&r);
    c.spam = 0;
    c.likes = 3;
    verdict_of(&c, &r);
    assert_int_equal(r.sections[BF_SEC_CONTENT].level, BF_LEVEL_NONE);
    bf_report_release(&r);
    c.posts = BF_AUDIT_MIN_POSTS;
    c.likes = 0;
    c.spam = 1;
    verdict_of(&c, &r);
    assert_int_equal(r.sections[BF_SEC_CONTENT].level, BF_LEVEL_BAD);
    assert_true(has_evidence(&r, BF_MSG_EV_AUTOMATION));
    assert_true(has_evidence(&r, BF_MSG_EV_DUPLICATES));
    assert_true(has_evidence(&r, BF_MSG_EV_ZERO_ENG));
    assert_true(has_evidence(&r, BF_MSG_EV_SB_REPEATS));
    assert_true(has_evidence(&r, BF_MSG_EV_SB_LINKS));
    bf_report_release(&r);
}

/*
 * profile_line_of audits account a alone, in a fresh store, rules only,
 * and says whether its Camisani-Calzolari line is among the evidence;
 * *decided is how many human criteria its profile decides.
 */
/* audit_alone audits account a alone, in a fresh store, rules only. */
static void audit_alone(const bf_account *a, bf_report *r)
{
    char dir[64];
    bf_store *st;
    uint32_t id;

    snprintf(dir, sizeof dir, "/tmp/bf-test-verdict-XXXXXX");
    assert_non_null(mkdtemp(dir));
    assert_int_equal(bf_store_open(dir, &st), BF_OK);
    assert_int_equal(bf_store_begin(st), BF_OK);
    assert_int_equal(bf_store_put_account(st, a, &id), BF_OK);
    assert_int_equal(bf_store_commit(st), BF_OK);
    audit_and_drop(st, id, dir, r);
}

static int profile_line_of(const bf_account *a, int *decided)
{
    bf_rules_out ru;
    bf_report r;
    int has;

    bf_rules_eval(a, NOW, &ru);
    *decided = ru.cc_human_decided;
    audit_alone(a, &r);
    has = has_evidence(&r, BF_MSG_EV_PROFILE);
    bf_report_release(&r);
    return has;
}

/*
 * The profile rules read follows as X's.  A Facebook Page or a YouTube
 * channel, whose counters mean other things and on which the model makes
 * no call, gets none of their lines (mass following, the ratio, the
 * Camisani-Calzolari line, Socialbakers' ratio); the same counters on X
 * get them all.
 */
static void test_profile_rules_need_follows(void **state)
{
    static const char *const platforms[] = { "twitter", "facebook", "youtube" };
    size_t k;

    (void)state;
    for (k = 0; k < 3; k++) {
        bf_account a;
        bf_report r;
        int x = k == 0;

        bf_account_clear(&a);
        a.platform = platforms[k];
        a.native_id = "page";
        a.handle = "page";
        a.name = "Page";
        a.followers = 20;
        a.following = 1500;
        a.posts = 300;
        a.bio = "";
        a.location = "";
        a.url = "https://example.org";
        a.created_at = NOW - 900 * DAY;
        a.observed_at = NOW;
        audit_alone(&a, &r);
        assert_int_equal(has_evidence(&r, BF_MSG_EV_FOLLOWS_MANY), x);
        assert_int_equal(has_evidence(&r, BF_MSG_EV_PROFILE), x);
        assert_int_equal(has_evidence(&r, BF_MSG_EV_SB_RATIO), x);
        assert_int_equal(has_evidence(&r, BF_MSG_EV_SB_NO_BIO_LOC), x);
        bf_report_release(&r);
        /* Followed more than it follows: the ratio's line, on X alone. */
        a.followers = 3000;
        a.following = 30;
        audit_alone(&a, &r);
        assert_int_equal(has_evidence(&r, BF_MSG_EV_RATIO), x);
        bf_report_release(&r);
    }
}

/*
 * The account's Camisani-Calzolari line is a proportion: a profile that
 * decides one or two of the criteria (a Mastodon account known by a
 * following count and a few posts) gets none, rather than "meets 0 of the
 * 1 criteria", a sign to watch resting on one criterion.
 */
static void test_profile_line_needs_criteria(void **state)
{
    bf_account a;
    int decided = 0;

    (void)state;
    bf_account_clear(&a);
    a.platform = "mastodon";
    a.native_id = "sparse";
    a.following = 59;
    a.posts = 5;
    a.unknown = BF_ACC_U_HANDLE | BF_ACC_U_NAME | BF_ACC_U_BIO | BF_ACC_U_URL |
                BF_ACC_U_LOCATION;
    assert_false(profile_line_of(&a, &decided));
    assert_true(decided > 0 && decided < 3);
    /* A full profile decides enough of them for the line. */
    bf_account_clear(&a);
    a.platform = "twitter";
    a.native_id = "person";
    a.handle = "person";
    a.name = "Marie Dupont";
    a.followers = 150;
    a.following = 120;
    a.posts = 600;
    a.lists = 2;
    a.default_avatar = 0;
    a.bio = "Pâtissière à Nantes.";
    a.location = "Nantes";
    a.url = "https://example.org";
    a.created_at = NOW - 900 * DAY;
    a.observed_at = NOW;
    assert_true(profile_line_of(&a, &decided));
    assert_true(decided >= 3);
}

/*
 * Reach is ranked only on the whole follower list or a uniform sample of
 * it: on a part collected in an unknown way (300 stored of 30,300
 * declared) the rank would measure the collection.
 */
static void test_reach_needs_the_list(void **state)
{
    combo c = { 250, 50, 40, 3, 0, 0, 0, 0 };
    bf_report r;

    (void)state;
    verdict_of(&c, &r);
    assert_int_equal(r.audience.cover, BF_COVER_WHOLE);
    assert_true(r.sections[BF_SEC_INFLUENCE].verdict.msg != BF_MSG_SV_INF_SEEN);
    bf_report_release(&r);
    c.unlisted = 30000;
    verdict_of(&c, &r);
    assert_int_equal(r.audience.cover, BF_COVER_UNKNOWN);
    assert_int_equal(r.sections[BF_SEC_INFLUENCE].level, BF_LEVEL_NONE);
    assert_int_equal(r.sections[BF_SEC_INFLUENCE].verdict.msg,
                     BF_MSG_SV_INF_SEEN);
    bf_report_release(&r);
}

static void test_same_numbers(void **state)
{
    combo c = { 90, 60, 20, 3, 0, 0, 0, 0 };
    const bf_report *one[1];
    bf_report r;
    bf_buf text, json, html;
    char want[160];
    double args[3];

    (void)state;
    verdict_of(&c, &r);
    one[0] = &r;
    bf_buf_init(&text, 1 << 22);
    bf_buf_init(&json, 1 << 22);
    bf_buf_init(&html, 1 << 22);
    assert_int_equal(bf_report_text(&r, BF_LANG_FR, 0, &text), BF_OK);
    assert_int_equal(bf_report_json(one, 1, BF_LANG_FR, &json), BF_OK);
    assert_int_equal(bf_report_html(one, 1, BF_LANG_FR, &html), BF_OK);
    /* The estimate's sentence, as the catalog writes it. */
    args[0] = 100 * r.audience.fake.p;
    args[1] = 100 * r.audience.fake.lo;
    args[2] = 100 * r.audience.fake.hi;
    {
        bf_buf s;

        bf_buf_init(&s, 4096);
        assert_int_equal(
                bf_msg_format(&s, BF_LANG_FR, BF_MSG_SV_AUD_EST, args, 3),
                BF_OK);
        snprintf(want, sizeof want, "%s", s.data);
        bf_buf_release(&s);
    }
    assert_non_null(strstr(text.data, want));
    assert_non_null(strstr(json.data, want));
    /* The page keeps French spaces from breaking: U+202F (the narrow
     * no-break space of bf_msg_typo) reads as one. */
    {
        char *r_ = html.data, *w_ = html.data;

        while (*r_) {
            if ((unsigned char)r_[0] == 0xe2 && (unsigned char)r_[1] == 0x80 &&
                (unsigned char)r_[2] == 0xaf) {
                *w_++ = ' ';
                r_ += 3;
            } else {
                *w_++ = *r_++;
            }
        }
        *w_ = '\0';
    }
    assert_non_null(strstr(html.data, want));
    bf_buf_release(&text);
    bf_buf_release(&json);
    bf_buf_release(&html);
    bf_report_release(&r);
}

/*
 * An account whose owner marks it automated on the platform (Mastodon's
 * bot flag, Bluesky's "bot" self-label) is called automated on that
 * statement, whatever its audience and posts show: a genuine audience
 * and answered posts, or nothing at all.  The content section, the
 * evidence, what would change the verdict and the first question say
 * why; the JSON carries the mark.  Without it, the same account is
 * genuine.
 */
static void test_declared_automated(void **state)
{
    combo c = { 200, 10, 30, 6, 0, 0, 1, 0 };
    const bf_report *one[1];
    bf_report r;
    bf_buf json;

    (void)state;
    assert_int_equal(verdict_of(&c, &r), BF_VERDICT_AUTOMATED);
    assert_int_equal(r.decided_by, BF_SEC_CONTENT);
    assert_int_equal(r.reason.msg, BF_MSG_REASON_DECLARED);
    assert_int_equal(r.sections[BF_SEC_CONTENT].level, BF_LEVEL_BAD);
    assert_int_equal(r.sections[BF_SEC_CONTENT].verdict.msg,
                     BF_MSG_SV_CONTENT_DECLARED);
    assert_true(has_evidence(&r, BF_MSG_EV_DECLARED));
    assert_true(r.nchanges > 0);
    assert_int_equal(r.changes[0].msg, BF_MSG_CH_DECLARED);
    assert_true(r.nquestions > 0);
    assert_int_equal(r.questions[0].ask.msg, BF_MSG_Q_DECLARED);
    one[0] = &r;
    bf_buf_init(&json, 1 << 22);
    assert_int_equal(bf_report_json(one, 1, BF_LANG_EN, &json), BF_OK);
    assert_non_null(strstr(json.data, "\"declared_automated\":true"));
    bf_buf_release(&json);
    bf_report_release(&r);

    c.declared = 0;
    assert_int_equal(verdict_of(&c, &r), BF_VERDICT_GENUINE);
    assert_false(has_evidence(&r, BF_MSG_EV_DECLARED));
    assert_true(r.sections[BF_SEC_CONTENT].verdict.msg !=
                BF_MSG_SV_CONTENT_DECLARED);
    bf_report_release(&r);

    /* Nothing but the statement: still automated, and the content
     * section says so rather than that no post is stored. */
    c = (combo){ 0, 0, 0, 0, 0, 0, 1, 0 };
    assert_int_equal(verdict_of(&c, &r), BF_VERDICT_AUTOMATED);
    assert_int_equal(r.sections[BF_SEC_CONTENT].verdict.msg,
                     BF_MSG_SV_CONTENT_DECLARED);
    bf_report_release(&r);
}

/*
 * A person's posts often go unanswered one by one: when the engagement
 * finding is good, six silent posts in ten are stated, not a sign to
 * watch beside "the posts make people react", and their bar on the page
 * is not red; when it is not, they are.  Nine in ten are a warning either
 * way.
 */
/* zero_bar_fill is the colour of the page's bar of unanswered posts. */
static void zero_bar_fill(const bf_report *r, char *fill, size_t n)
{
    const bf_report *one[1] = { r };
    const char *p, *q;
    bf_buf html;

    bf_buf_init(&html, 1 << 22);
    assert_int_equal(bf_report_html(one, 1, BF_LANG_EN, &html), BF_OK);
    p = strstr(html.data, "<rect x=\"10\" ");
    assert_non_null(p);
    p = strstr(p, "fill=\"");
    assert_non_null(p);
    p += 6;
    q = strchr(p, '"');
    assert_non_null(q);
    snprintf(fill, n, "%.*s", (int)(q - p), p);
    bf_buf_release(&html);
}

static void test_silent_posts_follow_the_finding(void **state)
{
    combo c = { 0, 0, 40, 20, 0, 2000, 0, 6 };
    bf_report r;
    char fill[16];

    (void)state;
    assert_int_equal(verdict_of(&c, &r), BF_VERDICT_GENUINE);
    assert_int_equal(r.decided_by, BF_SEC_ENGAGEMENT);
    assert_int_equal(evidence_level(&r, BF_MSG_EV_ZERO_ENG), BF_LEVEL_NONE);
    /* Nor is the chart's bar of unanswered posts red. */
    zero_bar_fill(&r, fill, sizeof fill);
    assert_string_equal(fill, "#85929e");
    bf_report_release(&r);
    c.silent = 9;
    verdict_of(&c, &r);
    assert_true(r.verdict != BF_VERDICT_GENUINE);
    assert_int_equal(evidence_level(&r, BF_MSG_EV_ZERO_ENG), BF_LEVEL_BAD);
    zero_bar_fill(&r, fill, sizeof fill);
    assert_string_equal(fill, "#b03a2e");
    bf_report_release(&r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_nothing_known),
        cmocka_unit_test(test_properties),
        cmocka_unit_test(test_same_numbers),
        cmocka_unit_test(test_few_posts),
        cmocka_unit_test(test_profile_line_needs_criteria),
        cmocka_unit_test(test_profile_rules_need_follows),
        cmocka_unit_test(test_reach_needs_the_list),
        cmocka_unit_test(test_declared_automated),
        cmocka_unit_test(test_silent_posts_follow_the_finding),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
