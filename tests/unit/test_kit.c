/*
 * test_kit.c - the reader kit (src/ingest/kit.h) and export bundles.
 *
 * Each quirk of the export formats has its own test: counts written as
 * numbers or strings, ids above 2^53 as bare JSON integers, dates in the
 * exports' forms, Meta's mojibake, LinkedIn's quoting of multi-line text,
 * CSV held in memory, the share lists of Instagram's insights, a bundle
 * that must not follow a link out of its folder, and TikTok's videos that
 * only their owner or friends may watch, never stored.  Inputs are
 * handmade here; the expected values are written from the formats'
 * definitions, not from the code's output.
 */
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

#include "ingest/bundle.h"
#include "ingest/json.h"
#include "ingest/kit.h"
#include "test_util.h"

/* A kit reading document doc, with its diagnostics and insights kept. */
typedef struct fix {
    bf_ingest_opts o;
    bf_sink sink;
    bf_sink_more more;
    bf_diags diags;
    bf_kit k;
    bf_json_parser *p;
    bf_json root;
    char *doc;
    int insights;
    double last_value;
    char last_key[64];
} fix;

static bf_err on_insight(void *ctx, const bf_insight *in)
{
    fix *f = ctx;

    f->insights++;
    f->last_value = in->value;
    snprintf(f->last_key, sizeof f->last_key, "%s", in->key);
    return BF_OK;
}

static void fix_open(fix *f, const char *json)
{
    size_t n = strlen(json);

    memset(f, 0, sizeof *f);
    bf_ingest_opts_init(&f->o);
    f->more.ctx = f;
    f->more.insight = on_insight;
    f->o.more = &f->more;
    bf_diags_init(&f->diags);
    bf_kit_init(&f->k, &f->o, &f->sink, &f->diags, "test");
    bf_kit_at(&f->k, "doc.json", 1, 0);
    assert_int_equal(bf_json_parser_new(1 << 20, &f->p), BF_OK);
    f->doc = calloc(1, n + BF_JSON_PADDING);
    assert_non_null(f->doc);
    memcpy(f->doc, json, n);
    assert_int_equal(bf_json_parse(f->p, f->doc, n, &f->root), BF_OK);
}

static void fix_close(fix *f)
{
    bf_kit_release(&f->k);
    bf_diags_release(&f->diags);
    bf_json_parser_free(f->p);
    free(f->doc);
}

/* TikTok writes followerCount 62 and likesReceived "387"; both read. */
static void test_counts(void **state)
{
    fix f;
    int64_t v;

    (void)state;
    fix_open(&f, "{\"a\":62,\"b\":\"387\",\"c\":\"1,230\",\"d\":\"N/A\","
                 "\"e\":\"12x\",\"f\":null,\"g\":-3}");
    assert_int_equal(bf_kit_count(&f.k, &f.root, "a"), 62);
    assert_int_equal(bf_kit_count(&f.k, &f.root, "b"), 387);
    assert_int_equal(bf_kit_count(&f.k, &f.root, "c"), 1230);
    assert_int_equal(f.diags.warnings, 0);
    assert_int_equal(bf_kit_count(&f.k, &f.root, "d"), -1);
    assert_int_equal(bf_kit_count(&f.k, &f.root, "f"), -1);
    assert_int_equal(bf_kit_count(&f.k, &f.root, "missing"), -1);
    assert_int_equal(f.diags.warnings, 0);
    /* A count that is there but unreadable is reported. */
    assert_int_equal(bf_kit_count(&f.k, &f.root, "e"), -1);
    assert_int_equal(bf_kit_count(&f.k, &f.root, "g"), -1);
    assert_int_equal(f.diags.warnings, 2);
    assert_int_equal(bf_kit_count_text("1 2", 3, &v), BF_OK);
    assert_int_equal(v, 12);
    assert_int_equal(bf_kit_count_text(",12", 3, &v), BF_EPARSE);
    assert_int_equal(bf_kit_count_text("12,", 3, &v), BF_EPARSE);
    assert_int_equal(bf_kit_count_text("1234567890123456789", 19, &v),
                     BF_EPARSE);
    fix_close(&f);
}

/* TikTok's research API writes video ids above 2^53 as bare integers: a
 * double would turn 7028743950684949650 into ...9600. */
static void test_big_ids(void **state)
{
    fix f;
    char tmp[BF_JSON_ID_MAX];
    const char *id;

    (void)state;
    fix_open(&f, "{\"video_id\":7028743950684949650,\"s\":\"abc\","
                 "\"max\":18446744073709551615,\"neg\":-1,\"frac\":1.5}");
    id = bf_kit_id(&f.k, &f.root, "video_id", tmp);
    assert_non_null(id);
    assert_string_equal(id, "7028743950684949650");
    assert_string_equal(bf_kit_id(&f.k, &f.root, "max", tmp),
                        "18446744073709551615");
    assert_string_equal(bf_kit_id(&f.k, &f.root, "s", tmp), "abc");
    assert_null(bf_kit_id(&f.k, &f.root, "neg", tmp));
    assert_null(bf_kit_id(&f.k, &f.root, "frac", tmp));
    assert_int_equal(f.diags.rejected, 2);
    fix_close(&f);
}

/* The dates of the five exports, each against its epoch value. */
static void test_times(void **state)
{
    fix f;
    int64_t t;

    (void)state;
    /* 2025-10-01 09:31:12 UTC is 1759311072. */
    assert_int_equal(bf_kit_time_text("2025-10-01 09:31:12", 19, &t), BF_OK);
    assert_int_equal(t, 1759311072);
    /* Takeout: 2013-02-13 03:41:40 UTC is 1360726900. */
    assert_int_equal(bf_kit_time_text("2013-02-13 03:41:40 UTC", 23, &t),
                     BF_OK);
    assert_int_equal(t, 1360726900);
    /* LinkedIn: 12 Mar 2021 is 1615507200. */
    assert_int_equal(bf_kit_time_text("12 Mar 2021", 11, &t), BF_OK);
    assert_int_equal(t, 1615507200);
    assert_int_equal(bf_kit_time_text("32 Mar 2021", 11, &t), BF_EPARSE);
    assert_int_equal(bf_kit_time_text("yesterday", 9, &t), BF_EPARSE);
    fix_open(&f, "{\"s\":1733433674,\"ms\":1733433674000,\"bad\":\"soon\","
                 "\"zero\":0}");
    assert_int_equal(bf_kit_time(&f.k, &f.root, "s"), 1733433674);
    assert_int_equal(bf_kit_time(&f.k, &f.root, "ms"), 1733433674);
    assert_int_equal(bf_kit_time(&f.k, &f.root, "zero"), 0);
    assert_int_equal(f.diags.warnings, 0);
    assert_int_equal(bf_kit_time(&f.k, &f.root, "bad"), 0);
    assert_int_equal(f.diags.warnings, 1);
    fix_close(&f);
}

/* Meta writes the UTF-8 bytes of "–" (E2 80 93) as \u00e2\u0080\u0093
 * and of a thumbs-up (F0 9F 91 8D) as four escapes. */
static void test_mojibake(void **state)
{
    fix f;

    (void)state;
    fix_open(&f, "{\"a\":\"City MO \\u00e2\\u0080\\u0093 Government\","
                 "\"b\":\"\\u00f0\\u009f\\u0091\\u008d\","
                 "\"c\":\"caf\\u00e9\",\"d\":\"plain\","
                 "\"e\":\"\\u1000\\u00e2\\u0080\\u0093\"}");
    assert_string_equal(bf_kit_str(&f.k, 0, &f.root, "a"),
                        "City MO \xE2\x80\x93 Government");
    assert_string_equal(bf_kit_str(&f.k, 1, &f.root, "b"), "\xF0\x9F\x91\x8D");
    /* A real "é" (U+00E9 alone) is not mojibake: E9 is no UTF-8. */
    assert_string_equal(bf_kit_str(&f.k, 2, &f.root, "c"), "caf\xC3\xA9");
    assert_string_equal(bf_kit_str(&f.k, 3, &f.root, "d"), "plain");
    /* A character above U+00FF means the text was written properly. */
    assert_string_equal(bf_kit_str(&f.k, 4, &f.root, "e"),
                        "\xE1\x80\x80\xC3\xA2\xC2\x80\xC2\x93");
    assert_null(bf_kit_str(&f.k, 5, &f.root, "missing"));
    fix_close(&f);
}

/* LinkedIn's Shares.csv: inner lines of a post come out quoted. */
static void test_linkedin_quoting(void **state)
{
    static const char csv[] =
            "Date,ShareLink,ShareCommentary\n"
            "2025-07-01 14:33:22,https://x/1,\"I'm off.\"\"\n"
            "\"\"\"\"\n"
            "\"\"Back soon.\"\"\n"
            "\"\"Bye\",\n"
            "2025-07-02 08:00:00,https://x/2,\"one, line \"\"quoted\"\"\"\n";
    bf_kit_csv c;
    char *text;

    (void)state;
    bf_kit_csv_init(&c, csv, strlen(csv));
    assert_int_equal(bf_kit_csv_next(&c), BF_OK);
    assert_int_equal(bf_kit_csv_col(&c, "ShareCommentary"), 2);
    assert_int_equal(bf_kit_csv_next(&c), BF_OK);
    assert_int_equal(c.line, 2);
    assert_int_equal(c.nfields, 4);
    text = (char *)c.field[2];
    assert_string_equal(text, "I'm off.\"\n\"\"\n\"Back soon.\"\n\"Bye");
    bf_kit_unquote_lines(text);
    assert_string_equal(text, "I'm off.\n\nBack soon.\nBye");
    assert_int_equal(bf_kit_csv_next(&c), BF_OK);
    assert_int_equal(c.line, 6);
    text = (char *)c.field[2];
    bf_kit_unquote_lines(text);
    assert_string_equal(text, "one, line \"quoted\"");
    assert_int_equal(bf_kit_csv_next(&c), BF_ENOTFOUND);
    bf_kit_csv_release(&c);
    /* A quote left open is said, with the record still given. */
    bf_kit_csv_init(&c, "a,\"b\nc", 6);
    assert_int_equal(bf_kit_csv_next(&c), BF_EPARSE);
    bf_kit_csv_release(&c);
}

/* Instagram's insights write shares as "Lagos: 30.6%, Abuja: 3.6%". */
static void test_shares(void **state)
{
    fix f;

    (void)state;
    fix_open(&f, "{}");
    assert_int_equal(bf_kit_shares(&f.k, "me", "city",
                                   "Lagos: 30.6%, Abuja: 3.6%, 65+: 1.8%"),
                     BF_OK);
    assert_int_equal(f.insights, 3);
    assert_string_equal(f.last_key, "65+");
    assert_true(f.last_value > 1.79 && f.last_value < 1.81);
    assert_int_equal(bf_kit_shares(&f.k, "me", "city", "Lagos 30.6%, x: y"),
                     BF_OK);
    assert_int_equal(f.insights, 3);
    assert_int_equal(f.diags.warnings, 2);
    fix_close(&f);
}

/* A bundle lists regular files only and never follows a link out. */
static void test_bundle_links(void **state)
{
    char dir[] = "/tmp/bf-test-kit-XXXXXX", p[256];
    bf_bundle *b = NULL;
    bf_buf buf;
    FILE *f;

    (void)state;
    assert_non_null(mkdtemp(dir));
    snprintf(p, sizeof p, "%s/connections", dir);
    assert_int_equal(mkdir(p, 0700), 0);
    snprintf(p, sizeof p, "%s/connections/followers_1.json", dir);
    f = fopen(p, "w");
    assert_non_null(f);
    fputs("[]", f);
    fclose(f);
    snprintf(p, sizeof p, "%s/connections/following.json", dir);
    assert_int_equal(symlink("/etc/passwd", p), 0);
    snprintf(p, sizeof p, "%s/up", dir);
    assert_int_equal(symlink("/", p), 0);
    snprintf(p, sizeof p, "%s/fifo.json", dir);
    assert_int_equal(mkfifo(p, 0600), 0);
    assert_int_equal(bf_bundle_open(dir, &b), BF_OK);
    assert_int_equal(bf_bundle_count(b), 1);
    assert_string_equal(bf_bundle_name(b, 0), "connections/followers_1.json");
    assert_int_equal(bf_bundle_find(b, "followers_1.json"), 0);
    assert_int_equal(bf_bundle_find(b, "following.json"), -1);
    assert_int_equal(bf_bundle_find(b, "s_1.json"), -1);
    bf_buf_init(&buf, 1024);
    assert_int_equal(bf_bundle_load(b, 0, 100, &buf), BF_OK);
    assert_int_equal(buf.len, 2);
    assert_int_equal(bf_bundle_load(b, 0, 1, &buf), BF_ELIMIT);
    bf_buf_release(&buf);
    bf_bundle_close(b);
    snprintf(p, sizeof p, "rm -rf '%s'", dir);
    assert_int_equal(system(p), 0);
}

/*
 * TikTok's export lists every video of its owner with WhoCanView: only
 * "Everyone" is public.  "Only You" and "Friends" videos are reported and
 * not sent, nor counted in the account's posts; a video without the field
 * is kept as before.
 */
static void test_tiktok_private_videos(void **state)
{
    static const char doc[] =
            "{\"Profile\":{\"Profile Info\":{\"ProfileMap\":"
            "{\"userName\":\"owner\",\"followerCount\":62}}},"
            "\"Post\":{\"Posts\":{\"VideoList\":["
            "{\"Date\":\"2025-01-26 15:50:46\",\"Likes\":\"58\","
            "\"WhoCanView\":\"Everyone\",\"Title\":\"seen by all\"},"
            "{\"Date\":\"2024-02-14 19:45:10\",\"Likes\":\"49\","
            "\"WhoCanView\":\"Only You\",\"Title\":\"mine only\"},"
            "{\"Date\":\"2023-07-16 22:17:59\",\"Likes\":\"3\","
            "\"WhoCanView\":\"Friends\",\"Title\":\"friends only\"},"
            "{\"Date\":\"2020-02-07 20:37:07\",\"Likes\":\"7\"}"
            "]}}}";
    char dir[] = "/tmp/bf-test-kit-XXXXXX", p[256];
    sink_state *st = calloc(1, sizeof *st);
    bf_sink sink = bft_sink(st);
    bf_ingest_opts o;
    bf_diags d;
    size_t i;

    (void)state;
    assert_non_null(st);
    assert_non_null(mkdtemp(dir));
    snprintf(p, sizeof p, "%s/user_data_tiktok.json", dir);
    bft_write_text(p, doc);
    bf_ingest_opts_init(&o);
    o.format = BF_FMT_TIKTOK;
    bf_diags_init(&d);
    assert_int_equal(bf_ingest_path(p, &o, &sink, &d), BF_OK);
    assert_int_equal(d.rejected, 0);
    assert_int_equal(bft_count_diag(&d, BF_D_PROTECTED_POST), 2);
    assert_int_equal(st->nposts, 2);
    for (i = 0; i < st->nposts; i++)
        assert_null(strstr(st->posts[i].text, "only"));
    /* 2025-01-26 15:50:46 UTC is 1737906646. */
    assert_int_equal(st->posts[0].created_at, 1737906646);
    assert_int_equal(st->posts[0].likes, 58);
    /* Without WhoCanView the audience is unknown: kept. */
    assert_int_equal(st->posts[1].likes, 7);
    assert_int_equal(st->naccounts, 1);
    assert_string_equal(st->accounts[0].id, "owner");
    assert_int_equal(st->accounts[0].posts, 2);
    bf_diags_release(&d);
    free(st);
    snprintf(p, sizeof p, "rm -rf '%s'", dir);
    assert_int_equal(system(p), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_counts),
        cmocka_unit_test(test_big_ids),
        cmocka_unit_test(test_times),
        cmocka_unit_test(test_mojibake),
        cmocka_unit_test(test_linkedin_quoting),
        cmocka_unit_test(test_shares),
        cmocka_unit_test(test_bundle_links),
        cmocka_unit_test(test_tiktok_private_videos),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
