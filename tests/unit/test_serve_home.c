/*
 * test_serve_home.c - the language a browser asks for, the remembered
 * language, the paste form's body, the home pages' catalog, and French
 * typography and plurals as the pages write them.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "report/catalog.h"
#include "serve/serve_home.h"
#include "serve/serve_msgs.h"

static void test_accept_language(void **state)
{
    (void)state;
    assert_int_equal(bf_serve_accept_lang("fr"), BF_LANG_FR);
    assert_int_equal(bf_serve_accept_lang("fr-FR,fr;q=0.9,en-US;q=0.8,en;"
                                          "q=0.7"),
                     BF_LANG_FR);
    assert_int_equal(bf_serve_accept_lang("en-US,en;q=0.9,fr;q=0.8"),
                     BF_LANG_EN);
    /* The q-values decide, not the order. */
    assert_int_equal(bf_serve_accept_lang("en;q=0.5, fr;q=0.8"), BF_LANG_FR);
    assert_int_equal(bf_serve_accept_lang("de-DE, fr-CA;q=0.7, en;q=0.3"),
                     BF_LANG_FR);
    assert_int_equal(bf_serve_accept_lang("  FR-ch ;  Q=1 "), BF_LANG_FR);
    /* On a tie the first listed wins. */
    assert_int_equal(bf_serve_accept_lang("fr;q=0.5,en;q=0.5"), BF_LANG_FR);
    /* q=0 is a refusal. */
    assert_int_equal(bf_serve_accept_lang("fr;q=0, en;q=0.1"), BF_LANG_EN);
    assert_int_equal(bf_serve_accept_lang("fr;q=0"), -1);
    /* "*" stands for what is not named. */
    assert_int_equal(bf_serve_accept_lang("de, en;q=0, *;q=0.5"), BF_LANG_FR);
    assert_int_equal(bf_serve_accept_lang("de, *;q=0.5"), BF_LANG_EN);
    /* Neither language, or nothing readable. */
    assert_int_equal(bf_serve_accept_lang("de-DE,de;q=0.9"), -1);
    assert_int_equal(bf_serve_accept_lang(NULL), -1);
    assert_int_equal(bf_serve_accept_lang(""), -1);
    assert_int_equal(bf_serve_accept_lang("fr;q=2"), -1);
    assert_int_equal(bf_serve_accept_lang("fr;q=abc"), -1);
    assert_int_equal(bf_serve_accept_lang("fr;level=1"), -1);
    assert_int_equal(bf_serve_accept_lang("french, frx, f"), -1);
    assert_int_equal(bf_serve_accept_lang(",,,;;;="), -1);
    assert_int_equal(bf_serve_accept_lang("fr;q=0.5x, en"), BF_LANG_EN);
}

static void test_accept_language_long(void **state)
{
    char *h = malloc(8192);

    (void)state;
    assert_non_null(h);
    memset(h, ',', 8191);
    h[8191] = '\0';
    memcpy(h, "fr", 2);
    /* Longer than any browser sends: ignored. */
    assert_int_equal(bf_serve_accept_lang(h), -1);
    free(h);
}

static void test_cookie_language(void **state)
{
    (void)state;
    assert_int_equal(bf_serve_cookie_lang("bf_lang=fr"), BF_LANG_FR);
    assert_int_equal(bf_serve_cookie_lang("a=1; bf_lang=en; b=2"), BF_LANG_EN);
    assert_int_equal(bf_serve_cookie_lang("xbf_lang=fr"), -1);
    assert_int_equal(bf_serve_cookie_lang("bf_lang=de"), -1);
    assert_int_equal(bf_serve_cookie_lang("bf_lang=french"), -1);
    assert_int_equal(bf_serve_cookie_lang(""), -1);
    assert_int_equal(bf_serve_cookie_lang(NULL), -1);
}

static void test_form_value(void **state)
{
    char v[64];

    (void)state;
    assert_true(bf__form_value("csrf=abc&q=https%3A%2F%2Fx.com%2Fjack", "q", v,
                               sizeof v));
    assert_string_equal(v, "https://x.com/jack");
    assert_true(bf__form_value("q=a+b&csrf=1", "csrf", v, sizeof v));
    assert_string_equal(v, "1");
    assert_true(bf__form_value("q=a+b", "q", v, sizeof v));
    assert_string_equal(v, "a b");
    assert_true(bf__form_value("q=", "q", v, sizeof v));
    assert_string_equal(v, "");
    /* Absent, a prefix of another key, a NUL, a bad escape, too long. */
    assert_false(bf__form_value("qq=1", "q", v, sizeof v));
    assert_false(bf__form_value("q=a%00b", "q", v, sizeof v));
    assert_false(bf__form_value("q=%zz", "q", v, sizeof v));
    assert_false(bf__form_value("q=%4", "q", v, sizeof v));
    assert_false(bf__form_value("q=0123456789", "q", v, 8));
}

static void test_catalog_complete(void **state)
{
    char en[64], fr[64];
    double args[4] = { 1, 2, 3, 4 };
    bf_buf b;
    int i;

    (void)state;
    bf_buf_init(&b, 1 << 16);
    for (i = 0; i < BF__HMSG_COUNT; i++) {
        const char *e = bf_hmsg(BF_LANG_EN, (bf_hmsg_id)i);
        const char *f = bf_hmsg(BF_LANG_FR, (bf_hmsg_id)i);
        int ne = bf_msg_specs(e, en, sizeof en);

        if (!e[0] || !f[0])
            fail_msg("message %d lacks a language", i);
        assert_true(ne >= 0);
        assert_int_equal(ne, bf_msg_specs(f, fr, sizeof fr));
        assert_string_equal(en, fr);
        bf_buf_reset(&b);
        assert_int_equal(
                bf_hmsg_put(&b, BF_LANG_FR, (bf_hmsg_id)i, args, (size_t)ne),
                BF_OK);
        assert_int_equal(bf_hmsg_put(&b, BF_LANG_EN, (bf_hmsg_id)i, args,
                                     (size_t)ne + 1),
                         BF_EINVAL);
    }
    assert_string_equal(bf_hmsg(BF_LANG_EN, BF__HMSG_COUNT), "");
    bf_buf_release(&b);
}

/* put formats id in lang with args into a fresh string (freed by caller). */
static char *put(bf_lang lang, bf_hmsg_id id, const double *args, size_t n)
{
    bf_buf b;
    char *s;

    bf_buf_init(&b, 1 << 16);
    assert_int_equal(bf_hmsg_put(&b, lang, id, args, n), BF_OK);
    s = strdup(b.data ? b.data : "");
    bf_buf_release(&b);
    return s;
}

static void test_typography(void **state)
{
    double n;
    char *s;
    double four[4] = { 1, 0, 1234, 2 };

    (void)state;
    /* A narrow no-break space before ? and : and between digit groups. */
    s = put(BF_LANG_FR, BF_HMSG_TITLE, NULL, 0);
    assert_non_null(strstr(s, "r\xc3\xa9"
                              "elle\xe2\x80\xaf?"));
    free(s);
    s = put(BF_LANG_FR, BF_HMSG_NF_SUGGEST, NULL, 0);
    assert_string_equal(s, "Vouliez-vous dire\xe2\x80\xaf:");
    free(s);
    n = 1234567;
    s = put(BF_LANG_FR, BF_HMSG_STORE_SIZE, &n, 1);
    assert_string_equal(s, "La base contient 1\xe2\x80\xaf"
                           "234\xe2\x80\xaf"
                           "567 comptes.");
    free(s);
    s = put(BF_LANG_EN, BF_HMSG_STORE_SIZE, &n, 1);
    assert_string_equal(s, "The store holds 1,234,567 accounts.");
    free(s);
    /* Plurals: French singular for 0 and 1, English for 1 only. */
    n = 0;
    s = put(BF_LANG_FR, BF_HMSG_STORE_SIZE, &n, 1);
    assert_string_equal(s, "La base contient 0 compte.");
    free(s);
    s = put(BF_LANG_EN, BF_HMSG_STORE_SIZE, &n, 1);
    assert_string_equal(s, "The store holds 0 accounts.");
    free(s);
    n = 1;
    s = put(BF_LANG_EN, BF_HMSG_STORE_SIZE, &n, 1);
    assert_string_equal(s, "The store holds 1 account.");
    free(s);
    s = put(BF_LANG_FR, BF_HMSG_FETCH_COUNTS, four, 4);
    assert_string_equal(s, "1 page lue\xe2\x80\xaf; 0 compte, 1\xe2\x80\xaf"
                           "234 publications et 2 abonnements "
                           "enregistr\xc3\xa9s.");
    free(s);
    /* Apostrophes are escaped for HTML. */
    s = put(BF_LANG_FR, BF_HMSG_NF_PASTE, NULL, 0);
    assert_non_null(strstr(s, "l&#39;adresse"));
    free(s);
}

static void test_smsg_plural(void **state)
{
    double counts[3] = { 1, 2, 0 };
    bf_buf b;

    (void)state;
    bf_buf_init(&b, 4096);
    assert_int_equal(
            bf_smsg_format(&b, BF_LANG_EN, BF_SMSG_JOB_COUNTS, counts, 3),
            BF_OK);
    assert_string_equal(b.data, "Read 1 account, 2 posts and 0 follows.");
    bf_buf_reset(&b);
    assert_int_equal(
            bf_smsg_format(&b, BF_LANG_FR, BF_SMSG_JOB_COUNTS, counts, 3),
            BF_OK);
    assert_string_equal(b.data, "Lu 1 compte, 2 publications et 0 abonnement.");
    bf_buf_reset(&b);
    assert_int_equal(
            bf_smsg_format(&b, BF_LANG_FR, BF_SMSG_JOB_FAILED, NULL, 0), BF_OK);
    assert_string_equal(b.data, "\xc3\x89"
                                "chec\xe2\x80\xaf: rien n'a \xc3\xa9t\xc3\xa9 "
                                "\xc3\xa9"
                                "crit.");
    bf_buf_release(&b);
}

static void test_date_elision(void **state)
{
    bf_buf b;
    double t = 1776211200; /* 15 April 2026 */

    (void)state;
    bf_buf_init(&b, 4096);
    assert_int_equal(
            bf_msg_format_str(&b, BF_LANG_FR, "les chiffres de %D", &t, 1),
            BF_OK);
    assert_string_equal(b.data, "les chiffres d'avril 2026");
    bf_buf_reset(&b);
    assert_int_equal(bf_msg_date(&b, BF_LANG_FR, 1796256000), BF_OK);
    assert_string_equal(b.data, "3 d\xc3\xa9"
                                "cembre 2026");
    bf_buf_release(&b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_accept_language),
        cmocka_unit_test(test_accept_language_long),
        cmocka_unit_test(test_cookie_language),
        cmocka_unit_test(test_form_value),
        cmocka_unit_test(test_catalog_complete),
        cmocka_unit_test(test_typography),
        cmocka_unit_test(test_smsg_plural),
        cmocka_unit_test(test_date_elision),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
