/*
 * test_rules.c - the fake-follower rule sets and the timeline signals.
 *
 * Each criterion is checked on a handmade profile; unknown fields must
 * leave criteria undecided; the timeline summary is checked on handmade
 * posts.  Then, when the Cresci et al. 2015 profiles are present in
 * ../shared/data, both rule sets are run on the E13 humans and the INT
 * bought followers and must flag a clearly larger share of INT.
 */
#include <ctype.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "base/time.h"
#include "score/rules.h"
#include "score/timeline.h"

#define NOW 1424000000 /* 2015-02-15, the Cresci crawl time */
#define DAY 86400

/* A plausible human profile: every profile criterion known. */
static void human(bf_account *a)
{
    bf_account_clear(a);
    a->platform = "twitter";
    a->native_id = "1";
    a->handle = "alice";
    a->name = "Alice";
    a->bio = "Baker in Lyon.";
    a->location = "Lyon";
    a->url = "https://example.org";
    a->followers = 300;
    a->following = 120;
    a->posts = 900;
    a->lists = 3;
    a->default_avatar = 0;
    a->created_at = NOW - 900 * DAY;
}

static void test_human_profile(void **state)
{
    bf_account a;
    bf_rules_out r;

    (void)state;
    human(&a);
    bf_rules_eval(&a, NOW, &r);
    assert_int_equal(r.cc[BF_CC_NAME], 1);
    assert_int_equal(r.cc[BF_CC_IMAGE], 1);
    assert_int_equal(r.cc[BF_CC_ADDRESS], 1);
    assert_int_equal(r.cc[BF_CC_BIO], 1);
    assert_int_equal(r.cc[BF_CC_FOLLOWERS_30], 1);
    assert_int_equal(r.cc[BF_CC_LISTED], 1);
    assert_int_equal(r.cc[BF_CC_POSTS_50], 1);
    assert_int_equal(r.cc[BF_CC_URL], 1);
    assert_int_equal(r.cc[BF_CC_FOLLOWERS_2X], 1);
    assert_int_equal(r.cc[BF_CC_GEO], -1);
    assert_int_equal(r.cc[BF_CC_ONLY_API], -1);
    assert_int_equal(r.cc_human, 9);
    assert_int_equal(r.cc_bot, 0);
    assert_false(r.cc_fake);
    assert_int_equal(r.sb_hits, 0);
    assert_false(r.sb_fake);
}

static void test_sb_each_criterion(void **state)
{
    bf_account a;
    bf_rules_out r;

    (void)state;
    /* Ratio: following >= 50 x followers, and just below. */
    human(&a);
    a.followers = 4;
    a.following = 200;
    bf_rules_eval(&a, NOW, &r);
    assert_int_equal(r.sb[BF_SB_RATIO], 1);
    assert_true(r.sb_fake);
    a.following = 199;
    bf_rules_eval(&a, NOW, &r);
    assert_int_equal(r.sb[BF_SB_RATIO], 0);
    assert_false(r.sb_fake);
    /* Following nobody and followed by nobody is no ratio at all; one
     * follow and no follower is still none above 50. */
    a.followers = 0;
    a.following = 0;
    bf_rules_eval(&a, NOW, &r);
    assert_int_equal(r.sb[BF_SB_RATIO], 0);
    a.following = 1;
    bf_rules_eval(&a, NOW, &r);
    assert_int_equal(r.sb[BF_SB_RATIO], 1);

    /* Never tweeted. */
    human(&a);
    a.posts = 0;
    bf_rules_eval(&a, NOW, &r);
    assert_int_equal(r.sb[BF_SB_NO_TWEETS], 1);
    assert_int_equal(r.cc[BF_CC_POSTS_50], 0);
    assert_true(r.sb_fake);

    /* Default image: only for accounts older than two months. */
    human(&a);
    a.default_avatar = 1;
    bf_rules_eval(&a, NOW, &r);
    assert_int_equal(r.sb[BF_SB_DEFAULT_IMAGE], 1);
    assert_int_equal(r.cc[BF_CC_IMAGE], 0);
    a.created_at = NOW - 30 * DAY;
    bf_rules_eval(&a, NOW, &r);
    assert_int_equal(r.sb[BF_SB_DEFAULT_IMAGE], 0);
    a.created_at = 0; /* unknown age: undecided */
    bf_rules_eval(&a, NOW, &r);
    assert_int_equal(r.sb[BF_SB_DEFAULT_IMAGE], -1);

    /* No bio, no location, following > 100. */
    human(&a);
    a.bio = NULL;
    a.location = "";
    bf_rules_eval(&a, NOW, &r);
    assert_int_equal(r.sb[BF_SB_NO_BIO_LOC], 1);
    a.following = 100;
    bf_rules_eval(&a, NOW, &r);
    assert_int_equal(r.sb[BF_SB_NO_BIO_LOC], 0);
    a.location = "Paris";
    a.following = 5000;
    bf_rules_eval(&a, NOW, &r);
    assert_int_equal(r.sb[BF_SB_NO_BIO_LOC], 0);

    /* Post criteria stay undecided without a timeline. */
    assert_int_equal(r.sb[BF_SB_SPAM], -1);
    assert_int_equal(r.sb[BF_SB_REPEATS], -1);
    assert_int_equal(r.sb[BF_SB_RETWEETS], -1);
    assert_int_equal(r.sb[BF_SB_LINKS], -1);
}

/*
 * Counters at the top of int64_t (a reader that let 2^63 - 1 through, or
 * the store handing it back) must not overflow the ratio rules: the
 * sanitizer build stops on a signed overflow, and the answer must be the
 * one exact arithmetic gives.
 */
static void test_ratio_huge_counters(void **state)
{
    bf_account a;
    bf_rules_out r;

    (void)state;
    human(&a);
    a.followers = INT64_MAX;
    a.following = INT64_MAX;
    bf_rules_eval(&a, NOW, &r);
    assert_int_equal(r.sb[BF_SB_RATIO], 0);
    assert_int_equal(r.cc[BF_CC_FOLLOWERS_2X], 0);
    a.following = 0;
    bf_rules_eval(&a, NOW, &r);
    assert_int_equal(r.sb[BF_SB_RATIO], 0);
    assert_int_equal(r.cc[BF_CC_FOLLOWERS_2X], 1);
}

static void test_cc_decision(void **state)
{
    bf_account a;
    bf_rules_out r;

    (void)state;
    /* Nothing in the profile: no human point, fake (0 <= 0). */
    bf_account_clear(&a);
    a.native_id = "2";
    a.followers = 3;
    a.following = 400;
    a.posts = 2;
    a.lists = 0;
    a.default_avatar = 1;
    bf_rules_eval(&a, NOW, &r);
    assert_int_equal(r.cc_human, 0);
    assert_true(r.cc_fake);
    /* One human point is enough against zero bot points. */
    a.name = "Bob";
    bf_rules_eval(&a, NOW, &r);
    assert_int_equal(r.cc_human, 1);
    assert_false(r.cc_fake);
}

static void test_unknown_fields(void **state)
{
    bf_account a;
    bf_rules_out r;
    int i;

    (void)state;
    /* A stub: only an id.  No Socialbakers criterion may fire. */
    bf_account_clear(&a);
    a.native_id = "3";
    bf_rules_eval(&a, NOW, &r);
    for (i = 0; i < BF_SB__COUNT; i++)
        assert_true(r.sb[i] <= 0);
    assert_false(r.sb_fake);
    assert_int_equal(r.sb[BF_SB_RATIO], -1);
    assert_int_equal(r.sb[BF_SB_NO_TWEETS], -1);
    assert_int_equal(r.sb[BF_SB_DEFAULT_IMAGE], -1);
    assert_int_equal(r.sb[BF_SB_NO_BIO_LOC], -1);
    assert_int_equal(r.cc[BF_CC_FOLLOWERS_30], -1);
    assert_int_equal(r.cc[BF_CC_FOLLOWERS_2X], -1);
    assert_int_equal(r.cc[BF_CC_IMAGE], -1);
    for (i = 0; i < BF_CC__COUNT; i++)
        assert_non_null(bf_rules_cc_name((bf_cc_crit)i));
    for (i = 0; i < BF_SB__COUNT; i++)
        assert_non_null(bf_rules_sb_name((bf_sb_crit)i));
}

/* post fills p as an original post by "9" at time t. */
static void post(bf_post *p, const char *id, int64_t t, const char *text,
                 const char *source, int64_t likes)
{
    bf_post_clear(p);
    p->platform = "twitter";
    p->native_id = id;
    p->author_id = "9";
    p->created_at = t;
    p->text = text;
    p->source = source;
    p->likes = likes;
    p->reposts = 0;
    p->replies = 0;
    p->quotes = 0;
}

/* lower_contains: needle (lower case) occurs in s, ignoring ASCII case. */
static int lower_contains(const char *s, const char *needle)
{
    char low[2048];
    size_t i;

    for (i = 0; s[i] && i + 1 < sizeof low; i++)
        low[i] = (char)(s[i] >= 'A' && s[i] <= 'Z' ? s[i] + 32 : s[i]);
    low[i] = '\0';
    return strstr(low, needle) != NULL;
}

/*
 * mark_outside_links: a byte of marks occurs outside links (from
 * "http://", "https://" or "www." to the next space), followed by a
 * letter, a digit or a byte of UTF-8 when tag.
 */
static int mark_outside_links(const char *s, const char *marks, int tag)
{
    while (*s) {
        unsigned char next = (unsigned char)s[1];

        if (strncmp(s, "http://", 7) == 0 || strncmp(s, "https://", 8) == 0 ||
            strncmp(s, "www.", 4) == 0) {
            while (*s && !isspace((unsigned char)*s))
                s++;
            continue;
        }
        if (strchr(marks, *s) && (!tag || isalnum(next) || next >= 0x80))
            return 1;
        s++;
    }
    return 0;
}

/*
 * One post's text is read once for its flags and the hash of its
 * normalised form.  Against the plain definitions, on texts built at
 * random from the pieces that matter (links, spam phrases inside and
 * across links, tags, digits, punctuation, UTF-8, texts far beyond the
 * 511 normalised bytes that are compared): the hash is that of what
 * bf_timeline_normalize writes, a spam phrase anywhere counts, and so
 * does a link.
 */
static void test_text_read_one_pass(void **state)
{
    static const char *const pieces[] = {
        "http://x.example/a",
        "https://t.co/Diet",
        "www.make",
        "money",
        " ",
        "  ",
        "\t",
        "\n",
        "Make Money",
        "WORK FROM HOME",
        "diet",
        "#tag",
        "@who",
        "@who_x",
        "@a.b-c@d.example",
        "#",
        "@",
        "!",
        "?",
        ".",
        ",",
        "2024",
        "caf\xc3\xa9",
        "\xf0\x9f\xa4\x96",
        "word",
        "Hello",
        "h",
        "w",
        "ww",
        "http",
        "x",
        "dIeT",
        "make",
        "from",
        "home",
        "work",
        /* Runs of letters that begin nothing, past sixteen bytes (read
         * sixteen at a time), in either case and in UTF-8. */
        "abcefgijklnopqrstuvxyz",
        "ABCEFGIJKLNOPQRSTUVXYZ",
        "\xc3\xa9\xc3\xa8\xc3\xa0\xc3\xa7\xc3\xb4\xc3\xbb\xc3\xae\xc3\xaf",
        "D",
        "M",
        "W",
        "H",
        "Www.",
    };
    static char text[1600], norm[512];
    uint32_t seed = 12345;
    int round;

    (void)state;
    for (round = 0; round < 4000; round++) {
        bf_timeline_acc acc;
        bf_timeline t;
        bf_post p;
        size_t len = 0, n;
        size_t want = (size_t)(round % 40) * 40;
        int spam, link;

        while (len < want) {
            const char *q;

            seed = seed * 1103515245u + 12345u;
            q = pieces[(seed >> 16) % (sizeof pieces / sizeof pieces[0])];
            if (len + strlen(q) + 1 >= sizeof text)
                break;
            memcpy(text + len, q, strlen(q));
            len += strlen(q);
        }
        text[len] = '\0';
        /* Every other round as YouTube's titles, digits kept. */
        n = round % 2 ? bf_timeline_normalize_titles(text, norm, sizeof norm)
                      : bf_timeline_normalize(text, norm, sizeof norm);
        spam = lower_contains(text, "diet") ||
               lower_contains(text, "make money") ||
               lower_contains(text, "work from home");
        link = lower_contains(text, "http://") ||
               lower_contains(text, "https://") || strstr(text, "www.");

        assert_int_equal(bf_timeline_acc_init(&acc, 1), BF_OK);
        post(&p, "1", NOW, text, NULL, 0);
        if (round % 2)
            p.platform = "youtube";
        assert_int_equal(bf_timeline_acc_add(&acc, &p), BF_OK);
        assert_true(acc.ring[0].text_hash == bf_timeline_text_hash(norm, n));
        assert_int_equal(acc.ring[0].text_hash == 0, n == 0);
        assert_int_equal(bf_timeline_acc_finish(&acc, &t), BF_OK);
        bf_timeline_acc_release(&acc);
        assert_int_equal(t.spam_posts, spam);
        assert_int_equal(t.link_share > 0, link);
        assert_int_equal(t.words, n > 0);
        assert_int_equal(t.hashtag_share > 0, mark_outside_links(text, "#", 1));
        assert_int_equal(t.mention_share > 0, mark_outside_links(text, "@", 1));
        assert_int_equal(t.punct_share > 0,
                         mark_outside_links(text, ".,;:!?", 0));
    }
}

static void test_normalize(void **state)
{
    char out[64];

    (void)state;
    bf_timeline_normalize("Hello,  WORLD!! 2024 https://t.co/x  ok", out,
                          sizeof out);
    assert_string_equal(out, "hello world ok");
    bf_timeline_normalize("  !!! 123 ", out, sizeof out);
    assert_string_equal(out, "");
    /* One word: its digits stay, so two times of day are two texts. */
    bf_timeline_normalize("5:00PM", out, sizeof out);
    assert_string_equal(out, "500pm");
    bf_timeline_normalize("Open at 5:00PM today", out, sizeof out);
    assert_string_equal(out, "open at pm today");
    /* Mentions alone are no text of the post's own; with words, they
     * stay (a YouTube title keeps its digits as words). */
    assert_int_equal(bf_timeline_normalize("@ilithya_net https://t.co/x", out,
                                           sizeof out),
                     0);
    assert_string_equal(out, "");
    assert_int_equal(bf_timeline_normalize("@bob@example.social "
                                           "@alice.bsky.social 2024!",
                                           out, sizeof out),
                     0);
    /* One word keeps its links too: one emoji on two links is two texts,
     * and a longer text still drops them. */
    bf_timeline_normalize("\xf0\x9f\x98\x82 https://t.co/fO2N", out,
                          sizeof out);
    assert_string_equal(out, "\xf0\x9f\x98\x82 https://t.co/fO2N");
    bf_timeline_normalize("lol: https://t.co/a", out, sizeof out);
    assert_string_equal(out, "lol https://t.co/a");
    bf_timeline_normalize("so true https://t.co/a", out, sizeof out);
    assert_string_equal(out, "so true");
    bf_timeline_normalize("@alice thanks!", out, sizeof out);
    assert_string_equal(out, "alice thanks");
    bf_timeline_normalize("@café", out, sizeof out);
    assert_string_equal(out, "café");
    bf_timeline_normalize_titles("@bob 2024", out, sizeof out);
    assert_string_equal(out, "bob 2024");
    assert_int_equal(bf_timeline_client_class("IFTTT"), BF_CLIENT_AUTOMATION);
    assert_int_equal(bf_timeline_client_class("dlvr.it"), BF_CLIENT_AUTOMATION);
    assert_int_equal(bf_timeline_client_class("Buffer"), BF_CLIENT_SCHEDULER);
    assert_int_equal(bf_timeline_client_class("Twitter for iPhone"),
                     BF_CLIENT_IPHONE);
    assert_int_equal(bf_timeline_client_class("Twitter for Android"),
                     BF_CLIENT_ANDROID);
    assert_int_equal(bf_timeline_client_class("Twitter Web Client"),
                     BF_CLIENT_WEB);
    assert_int_equal(bf_timeline_client_class(NULL), BF_CLIENT_UNKNOWN);
}

/*
 * Replies that only name whom they answer (their content a picture or a
 * link) are not one text posted again: five to one person are no copies
 * and no Socialbakers repeat.  Words of their own make a text, the names
 * with them: the same thanks to three people are three texts, as before;
 * so are one emoji on three links.  Reposts are copies among the posts,
 * but not a text the account repeated.
 */
static void test_replies_are_not_copies(void **state)
{
    static const char *const texts[] = {
        "@distilledhype",
        "@distilledhype https://t.co/a",
        "@distilledhype https://t.co/b",
        "@distilledhype",
        "@distilledhype",
        "@alice thanks!",
        "@bob thanks!",
        "@carol thanks!",
        "\xf0\x9f\x98\x82 https://t.co/a",
        "\xf0\x9f\x98\x82 https://t.co/b",
        "\xf0\x9f\x98\x82 https://t.co/c",
    };
    bf_timeline_acc acc;
    bf_timeline t;
    bf_post p;
    char id[16];
    size_t i;

    (void)state;
    assert_int_equal(bf_timeline_acc_init(&acc, 0), BF_OK);
    for (i = 0; i < sizeof texts / sizeof texts[0]; i++) {
        snprintf(id, sizeof id, "%zu", i);
        post(&p, id, NOW + (int64_t)i * 3600, texts[i], NULL, 1);
        p.kind = BF_POST_REPLY;
        assert_int_equal(bf_timeline_acc_add(&acc, &p), BF_OK);
    }
    /* Three reposts of three posts that say the same: copies among its
     * posts, but no text the account said three times. */
    for (i = 0; i < 3; i++) {
        snprintf(id, sizeof id, "r%zu", i);
        post(&p, id, NOW + (int64_t)(20 + i) * 3600, "RT @FrankfurtJS: Heute!",
             NULL, 1);
        p.kind = BF_POST_REPOST;
        assert_int_equal(bf_timeline_acc_add(&acc, &p), BF_OK);
    }
    assert_int_equal(bf_timeline_acc_finish(&acc, &t), BF_OK);
    bf_timeline_acc_release(&acc);
    assert_int_equal(t.n, 14);
    assert_int_equal(t.dups, 2);
    assert_int_equal(t.max_repeat, 1);
    assert_int_equal(t.words, 9);
}

static void test_timeline_bot(void **state)
{
    bf_timeline_acc acc;
    bf_timeline t;
    bf_account a;
    bf_rules_out r;
    bf_post p;
    char id[16];
    int i;

    (void)state;
    assert_int_equal(bf_timeline_acc_init(&acc, 0), BF_OK);
    /* 20 posts every hour exactly, 4 texts repeated, no reaction. */
    for (i = 0; i < 20; i++) {
        static const char *const texts[] = {
            "Make money from home! http://spam.example/1",
            "MAKE MONEY from home!! http://spam.example/2",
            "Best diet deals 50% off http://x.example",
            "Work from home today http://y.example",
        };
        snprintf(id, sizeof id, "%d", i);
        post(&p, id, NOW + i * 3600, texts[i % 4], "IFTTT", 0);
        assert_int_equal(bf_timeline_acc_add(&acc, &p), BF_OK);
    }
    assert_int_equal(bf_timeline_acc_finish(&acc, &t), BF_OK);
    bf_timeline_acc_release(&acc);
    assert_int_equal(t.n, 20);
    assert_int_equal(t.originals, 20);
    /* The first two texts normalise alike: 3 distinct, 17 duplicates. */
    assert_int_equal(t.dups, 17);
    assert_int_equal(t.max_repeat, 10);
    assert_true(t.zero_eng_share == 1.0);
    assert_true(t.link_share == 1.0);
    assert_true(t.spam_share == 1.0);
    assert_true(t.automation_share == 1.0);
    assert_true(t.gap_cv < 0.01);
    assert_true(t.gap_median == 3600);

    human(&a);
    bf_rules_eval_timeline(&a, &t, NOW, &r);
    assert_int_equal(r.sb[BF_SB_SPAM], 1);
    assert_int_equal(r.sb[BF_SB_REPEATS], 1);
    assert_int_equal(r.sb[BF_SB_LINKS], 1);
    assert_int_equal(r.sb[BF_SB_RETWEETS], 0);
    assert_int_equal(r.cc[BF_CC_ONLY_API], 1);
    assert_int_equal(r.cc[BF_CC_FAVORITED], 0);
    assert_int_equal(r.cc_bot, 1);
    assert_true(r.sb_fake);
}

/*
 * Client classes through the accumulator: Twitter's sources are HTML
 * anchors, classified once and then remembered across accounts (the
 * accumulator is reset between them); one longer than a remembered
 * source may be is classified each time.  Every post counts in its class
 * whichever path it took.
 */
static void test_timeline_client_anchors(void **state)
{
    static const char *const src[] = {
        "<a href=\"http://twitter.com/download/iphone\" rel=\"nofollow\">"
        "Twitter for iPhone</a>",
        "<a href=\"https://buffer.com\" rel=\"nofollow\">Buffer</a>",
        "<a href=\"https://dlvr.it/a-very-long-address-that-goes-on-and-on-"
        "and-on-past-the-hundred-and-twenty-seven-bytes-a-source-may-be-"
        "remembered\" rel=\"nofollow\">dlvr.it</a>",
        "<a href=\"https://mobile.twitter.com\" rel=\"nofollow\">Twitter Web "
        "App</a>",
    };
    bf_timeline_acc acc;
    bf_timeline t;
    bf_post p;
    char id[16];
    int round, i;

    (void)state;
    assert_true(strlen(src[2]) > 127);
    assert_int_equal(bf_timeline_acc_init(&acc, 0), BF_OK);
    for (round = 0; round < 3; round++) {
        bf_timeline_acc_reset(&acc);
        for (i = 0; i < 12; i++) {
            snprintf(id, sizeof id, "%d", i);
            post(&p, id, NOW + i * 3600, "Bonjour", src[i % 4], 0);
            assert_int_equal(bf_timeline_acc_add(&acc, &p), BF_OK);
        }
        assert_int_equal(bf_timeline_acc_finish(&acc, &t), BF_OK);
        assert_int_equal(t.sourced, 12);
        assert_int_equal(t.clients, 4);
        assert_int_equal(t.class_posts[BF_CLIENT_IPHONE], 3);
        assert_int_equal(t.class_posts[BF_CLIENT_SCHEDULER], 3);
        assert_int_equal(t.class_posts[BF_CLIENT_AUTOMATION], 3);
        assert_int_equal(t.class_posts[BF_CLIENT_WEB], 3);
        assert_int_equal(t.automation, 3);
        assert_int_equal(t.scheduler, 3);
    }
    bf_timeline_acc_release(&acc);
}

static void test_timeline_cap_and_human(void **state)
{
    bf_timeline_acc acc;
    bf_timeline t;
    bf_post p;
    char id[16], text[64];
    int i;

    (void)state;
    /* A cap of 10: only the newest 10 of 25 posts count. */
    assert_int_equal(bf_timeline_acc_init(&acc, 10), BF_OK);
    for (i = 0; i < 25; i++) {
        snprintf(id, sizeof id, "%d", i);
        snprintf(text, sizeof text, "Thoughts on topic %c, with @bob #tag",
                 'a' + i);
        post(&p, id, NOW + i * i * 600, text,
             i % 2 ? "Twitter for iPhone" : "Buffer", i);
        assert_int_equal(bf_timeline_acc_add(&acc, &p), BF_OK);
    }
    assert_int_equal(bf_timeline_acc_finish(&acc, &t), BF_OK);
    bf_timeline_acc_release(&acc);
    assert_int_equal(t.seen, 25);
    assert_int_equal(t.n, 10);
    assert_int_equal(t.dups, 0);
    /* Likes 15..24: mean 19.5, median 19.5, none at zero. */
    assert_true(t.eng_mean > 19.49 && t.eng_mean < 19.51);
    assert_true(t.eng_median > 19.49 && t.eng_median < 19.51);
    assert_true(t.zero_eng_share == 0);
    assert_true(t.scheduler_share == 0.5);
    assert_true(t.automation_share == 0);
    assert_int_equal(t.clients, 2);
    assert_true(t.mention_share == 1 && t.hashtag_share == 1);
    assert_true(t.gap_cv > 0.05);
}

/* ---- the Cresci 2015 profiles ---- */

/*
 * A small RFC 4180 reader: quoted fields with "" escapes and embedded
 * newlines.  Fields point into a copy of the record owned by the caller.
 */
#define MAXF 40

typedef struct csv_rec {
    char *field[MAXF];
    int n;
} csv_rec;

/* csv_next parses one record at *pos of buf (modified in place). */
static int csv_next(char *buf, size_t len, size_t *pos, csv_rec *rec)
{
    size_t i = *pos;
    char *w;

    if (i >= len)
        return 0;
    rec->n = 0;
    w = buf + i;
    for (;;) {
        char *start = w;

        if (rec->n < MAXF)
            rec->field[rec->n] = start;
        if (i < len && buf[i] == '"') {
            i++;
            while (i < len) {
                if (buf[i] == '"' && i + 1 < len && buf[i + 1] == '"') {
                    *w++ = '"';
                    i += 2;
                } else if (buf[i] == '"') {
                    i++;
                    break;
                } else {
                    *w++ = buf[i++];
                }
            }
        }
        while (i < len && buf[i] != ',' && buf[i] != '\n' && buf[i] != '\r')
            *w++ = buf[i++];
        rec->n++;
        if (i < len && buf[i] == ',') {
            *w++ = '\0';
            i++;
            continue;
        }
        *w = '\0';
        while (i < len && (buf[i] == '\r' || buf[i] == '\n')) {
            i++;
            if (buf[i - 1] == '\n')
                break;
        }
        break;
    }
    *pos = i;
    return 1;
}

/* num reads a decimal counter; empty or NULL is unknown (-1). */
static int64_t num(const char *s)
{
    if (!*s || strcmp(s, "NULL") == 0)
        return -1;
    return strtoll(s, NULL, 10);
}

/* str is s, or NULL when empty or the literal NULL. */
static const char *str(const char *s)
{
    return *s && strcmp(s, "NULL") ? s : NULL;
}

typedef struct shares {
    int n, cc, weak, sb, either;
} shares;

/* Column indexes in the Cresci users.csv header. */
enum {
    C_ID = 0,
    C_NAME = 1,
    C_SCREEN = 2,
    C_STATUSES = 3,
    C_FOLLOWERS = 4,
    C_FRIENDS = 5,
    C_FAVS = 6,
    C_LISTED = 7,
    C_CREATED = 8,
    C_URL = 9,
    C_LOCATION = 12,
    C_DEFAULT_IMAGE = 14,
    C_DESCRIPTION = 31,
    C_COLS = 34
};

/* measure runs both rule sets over every row of path. */
static int measure(const char *path, shares *s)
{
    FILE *f = fopen(path, "rb");
    char *buf;
    long len;
    size_t pos = 0;
    csv_rec rec;
    int header = 1;

    memset(s, 0, sizeof *s);
    if (!f)
        return -1;
    fseek(f, 0, SEEK_END);
    len = ftell(f);
    fseek(f, 0, SEEK_SET);
    buf = malloc((size_t)len + 1);
    assert_non_null(buf);
    assert_int_equal(fread(buf, 1, (size_t)len, f), (size_t)len);
    fclose(f);
    buf[len] = '\0';
    while (csv_next(buf, (size_t)len, &pos, &rec)) {
        bf_account a;
        bf_rules_out r;
        int64_t t;
        const char *created;

        if (header) {
            header = 0;
            continue;
        }
        if (rec.n != C_COLS)
            continue;
        bf_account_clear(&a);
        a.platform = "twitter";
        a.native_id = rec.field[C_ID];
        a.name = str(rec.field[C_NAME]);
        a.handle = str(rec.field[C_SCREEN]);
        a.posts = num(rec.field[C_STATUSES]);
        a.followers = num(rec.field[C_FOLLOWERS]);
        a.following = num(rec.field[C_FRIENDS]);
        a.likes = num(rec.field[C_FAVS]);
        a.lists = num(rec.field[C_LISTED]);
        created = rec.field[C_CREATED];
        if (bf_time_parse(created, strlen(created), &t) == BF_OK)
            a.created_at = t;
        a.url = str(rec.field[C_URL]);
        a.location = str(rec.field[C_LOCATION]);
        /* The export writes true as "1" and false as an empty field. */
        a.default_avatar = strcmp(rec.field[C_DEFAULT_IMAGE], "1") == 0;
        a.bio = str(rec.field[C_DESCRIPTION]);
        bf_rules_eval(&a, NOW, &r);
        s->n++;
        s->cc += r.cc_fake;
        s->weak += r.cc_weak;
        s->sb += r.sb_fake;
        s->either += r.cc_weak || r.sb_fake;
    }
    free(buf);
    return 0;
}

static void test_cresci_shares(void **state)
{
    const char *base = getenv("BONAFIDE_SHARED");
    char e13[512], intp[512];
    shares h, f;
    double hcc, hsb, fcc, fsb, hw, fw, he, fe;

    (void)state;
    if (!base)
        base = "../shared";
    snprintf(e13, sizeof e13, "%s/data/cresci2015-e13-int-users/data/users.csv",
             base);
    snprintf(intp, sizeof intp,
             "%s/data/cresci2015-e13-int-users/data/fusers.csv", base);
    if (measure(e13, &h) || measure(intp, &f)) {
        printf("skipped: Cresci 2015 profiles not found under %s\n", base);
        skip();
    }
    assert_int_equal(h.n, 1481);
    assert_int_equal(f.n, 1337);
    hcc = (double)h.cc / h.n;
    hsb = (double)h.sb / h.n;
    fcc = (double)f.cc / f.n;
    fsb = (double)f.sb / f.n;
    printf("Camisani-Calzolari: E13 %.3f (%d/%d)  INT %.3f (%d/%d)\n", hcc,
           h.cc, h.n, fcc, f.cc, f.n);
    printf("Socialbakers:       E13 %.3f (%d/%d)  INT %.3f (%d/%d)\n", hsb,
           h.sb, h.n, fsb, f.sb, f.n);
    hw = (double)h.weak / h.n;
    fw = (double)f.weak / f.n;
    he = (double)h.either / h.n;
    fe = (double)f.either / f.n;
    printf("CC weak profile:    E13 %.3f (%d/%d)  INT %.3f (%d/%d)\n", hw,
           h.weak, h.n, fw, f.weak, f.n);
    printf("weak or SB:         E13 %.3f (%d/%d)  INT %.3f (%d/%d)\n", he,
           h.either, h.n, fe, f.either, f.n);
    /*
     * Measured: the published decisions barely separate the sets on
     * profiles alone (CC 0.000 vs 0.000, SB 0.011 vs 0.058); the
     * proportional CC form does (0.083 vs 0.753).  The margins below
     * leave room for small changes in the rules, not for a regression.
     */
    assert_true(fw >= hw + 0.3);
    assert_true(fe >= he + 0.3);
    assert_true(hw < 0.15 && fw > 0.6);
    assert_true(fsb >= hsb);
    assert_true(fcc >= hcc);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_human_profile),
        cmocka_unit_test(test_sb_each_criterion),
        cmocka_unit_test(test_cc_decision),
        cmocka_unit_test(test_unknown_fields),
        cmocka_unit_test(test_ratio_huge_counters),
        cmocka_unit_test(test_normalize),
        cmocka_unit_test(test_replies_are_not_copies),
        cmocka_unit_test(test_timeline_bot),
        cmocka_unit_test(test_timeline_client_anchors),
        cmocka_unit_test(test_text_read_one_pass),
        cmocka_unit_test(test_timeline_cap_and_human),
        cmocka_unit_test(test_cresci_shares),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
