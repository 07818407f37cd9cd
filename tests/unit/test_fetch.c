/*
 * test_fetch.c - the pure parts of live collection: account names, URL
 * escaping, Link and rate-limit headers, the backoff schedule, the
 * follower sample and the fr/en messages.  The network parts are tested
 * against a replay server by tests/suites/fetch.sh.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "base/time.h"
#include "fetch/fetch.h"
#include "fetch/msgs.h"

static void test_spec_bsky(void **state)
{
    bf_fetch_spec s;

    (void)state;
    assert_int_equal(bf_fetch_spec_parse("bsky:shinyakato.dev", &s), BF_OK);
    assert_int_equal(s.platform, BF_FETCH_BSKY);
    assert_string_equal(s.user, "shinyakato.dev");
    assert_string_equal(s.host, "");
    assert_int_equal(bf_fetch_spec_parse("bluesky:@alice.bsky.social", &s),
                     BF_OK);
    assert_string_equal(s.user, "alice.bsky.social");
    assert_int_equal(
            bf_fetch_spec_parse("bsky:did:plc:iijrtk7ocored6zuziw", &s), BF_OK);
    assert_string_equal(s.user, "did:plc:iijrtk7ocored6zuziw");
    /* A handle is a domain: a dot, no other ':' than a DID's, no '/'. */
    assert_int_equal(bf_fetch_spec_parse("bsky:alice", &s), BF_EINVAL);
    assert_int_equal(bf_fetch_spec_parse("bsky:", &s), BF_EINVAL);
    assert_int_equal(bf_fetch_spec_parse("bsky:a.b/../c", &s), BF_EINVAL);
    assert_int_equal(bf_fetch_spec_parse("bsky:x:y.z", &s), BF_EINVAL);
    assert_int_equal(bf_fetch_spec_parse("bsky:a b.c", &s), BF_EINVAL);
}

static void test_spec_mastodon_x(void **state)
{
    bf_fetch_spec s;

    (void)state;
    assert_int_equal(
            bf_fetch_spec_parse("mastodon:@Gargron@mastodon.social", &s),
            BF_OK);
    assert_int_equal(s.platform, BF_FETCH_MASTODON);
    assert_string_equal(s.user, "Gargron");
    assert_string_equal(s.host, "mastodon.social");
    assert_int_equal(bf_fetch_spec_parse("mastodon:bob@localhost:3000", &s),
                     BF_OK);
    assert_string_equal(s.host, "localhost:3000");
    assert_int_equal(bf_fetch_spec_parse("mastodon:@bob", &s), BF_EINVAL);
    assert_int_equal(bf_fetch_spec_parse("mastodon:@a@b@c", &s), BF_EINVAL);
    assert_int_equal(bf_fetch_spec_parse("mastodon:@@host", &s), BF_EINVAL);
    assert_int_equal(bf_fetch_spec_parse("mastodon:@a:b@host", &s), BF_EINVAL);
    assert_int_equal(bf_fetch_spec_parse("x:Twitter", &s), BF_OK);
    assert_int_equal(s.platform, BF_FETCH_X);
    assert_string_equal(s.user, "Twitter");
    assert_int_equal(bf_fetch_spec_parse("twitter:@jack_2", &s), BF_OK);
    assert_string_equal(s.user, "jack_2");
    assert_int_equal(bf_fetch_spec_parse("x:sixteen_chars_xx", &s), BF_EINVAL);
    assert_int_equal(bf_fetch_spec_parse("x:a.b", &s), BF_EINVAL);
    assert_int_equal(bf_fetch_spec_parse("myspace:bob", &s), BF_EINVAL);
    assert_int_equal(bf_fetch_spec_parse("shinyakato.dev", &s), BF_EINVAL);
    assert_string_equal(bf_fetch_platform_name(BF_FETCH_X), "twitter");
    assert_string_equal(bf_fetch_platform_name(BF_FETCH_BSKY), "bluesky");
}

static void test_url_escape(void **state)
{
    bf_buf b;

    (void)state;
    bf_buf_init(&b, 1024);
    assert_int_equal(bf_fetch_url_escape(&b, "did:plc:ab/c d&e=f~g.h-_"),
                     BF_OK);
    assert_string_equal(b.data, "did%3Aplc%3Aab%2Fc%20d%26e%3Df~g.h-_");
    bf_buf_reset(&b);
    /* UTF-8 bytes are escaped one by one, in upper-case hex. */
    assert_int_equal(bf_fetch_url_escape(&b, "\xc3\xa9+"), BF_OK);
    assert_string_equal(b.data, "%C3%A9%2B");
    bf_buf_release(&b);
    /* The limit holds. */
    bf_buf_init(&b, 4);
    assert_int_equal(bf_fetch_url_escape(&b, "::"), BF_ELIMIT);
    bf_buf_release(&b);
}

static void test_link_next(void **state)
{
    bf_buf b;

    (void)state;
    bf_buf_init(&b, 4096);
    /* Mastodon's form: next first, then prev. */
    assert_int_equal(
            bf_fetch_link_next(" <https://m.example/api/v1/accounts/1/"
                               "followers?max_id=7>; rel=\"next\", "
                               "<https://m.example/x?min_id=9>; rel=\"prev\"",
                               &b),
            BF_OK);
    assert_string_equal(
            b.data, "https://m.example/api/v1/accounts/1/followers?max_id=7");
    /* prev first, rel unquoted, other parameters around it. */
    bf_buf_reset(&b);
    assert_int_equal(bf_fetch_link_next("<https://a/p>; rel=prev, "
                                        "<https://a/n>; title=\"x\"; "
                                        "REL=next",
                                        &b),
                     BF_OK);
    assert_string_equal(b.data, "https://a/n");
    /* Several relation types in one rel. */
    bf_buf_reset(&b);
    assert_int_equal(bf_fetch_link_next("<https://a/q>; rel=\"last next\"", &b),
                     BF_OK);
    assert_string_equal(b.data, "https://a/q");
    /* No next: "nextpage" and "prev" do not count. */
    bf_buf_reset(&b);
    assert_int_equal(bf_fetch_link_next("<https://a/p>; rel=\"prev\", "
                                        "<https://a/z>; rel=\"nextpage\"",
                                        &b),
                     BF_ENOTFOUND);
    assert_int_equal(bf_fetch_link_next("", &b), BF_ENOTFOUND);
    assert_int_equal(bf_fetch_link_next("<unclosed; rel=next", &b),
                     BF_ENOTFOUND);
    assert_int_equal(b.len, 0);
    bf_buf_release(&b);
}

/* header feeds one header line to rl. */
static void header(bf_fetch_ratelimit *rl, const char *line, int64_t now)
{
    bf_fetch_ratelimit_header(rl, line, strlen(line), now);
}

static void test_ratelimit_headers(void **state)
{
    const int64_t now = 1700000000;
    bf_fetch_ratelimit rl;
    int64_t t;

    (void)state;
    /* Bluesky: the IETF draft's names, reset as epoch seconds. */
    bf_fetch_ratelimit_clear(&rl);
    header(&rl, "ratelimit-remaining: 0\r\n", now);
    header(&rl, "RateLimit-Reset: 1700000037\r\n", now);
    assert_int_equal(rl.remaining, 0);
    assert_int_equal(rl.reset_at, 1700000037);
    assert_int_equal(bf_fetch_ratelimit_wait(&rl, now, 900), 37);
    /* A window with requests left: no wait. */
    header(&rl, "ratelimit-remaining: 12", now);
    assert_int_equal(bf_fetch_ratelimit_wait(&rl, now, 900), 0);
    /* Reset as a delay in seconds. */
    bf_fetch_ratelimit_clear(&rl);
    header(&rl, "RateLimit-Reset: 60", now);
    assert_int_equal(rl.reset_at, now + 60);
    /* Mastodon: X-RateLimit-Reset as ISO 8601. */
    bf_fetch_ratelimit_clear(&rl);
    header(&rl, "X-RateLimit-Remaining: 0", now);
    header(&rl, "X-RateLimit-Reset: 2023-11-14T22:20:00.000Z", now);
    assert_int_equal(bf_time_parse("2023-11-14T22:20:00Z", 20, &t), BF_OK);
    assert_int_equal(rl.reset_at, t);
    assert_int_equal(rl.remaining, 0);
    /* X: x-rate-limit-*, epoch seconds. */
    bf_fetch_ratelimit_clear(&rl);
    header(&rl, "x-rate-limit-remaining: 14", now);
    header(&rl, "x-rate-limit-reset: 1618286773", now);
    assert_int_equal(rl.remaining, 14);
    assert_int_equal(rl.reset_at, 1618286773);
    /* Retry-After in seconds wins over a window, and is capped. */
    header(&rl, "Retry-After: 1", now);
    assert_int_equal(rl.retry_at, now + 1);
    assert_int_equal(bf_fetch_ratelimit_wait(&rl, now, 900), 1);
    header(&rl, "retry-after: 3600", now);
    assert_int_equal(bf_fetch_ratelimit_wait(&rl, now, 900), 900);
    /* Retry-After as an HTTP date. */
    bf_fetch_ratelimit_clear(&rl);
    header(&rl, "Retry-After: Wed, 21 Oct 2015 07:28:00 GMT", now);
    assert_int_equal(bf_time_parse("2015-10-21T07:28:00Z", 20, &t), BF_OK);
    assert_int_equal(rl.retry_at, t);
    /* A time already past means no wait. */
    assert_int_equal(bf_fetch_ratelimit_wait(&rl, now, 900), 0);
    /* Other headers and unreadable values change nothing. */
    bf_fetch_ratelimit_clear(&rl);
    header(&rl, "Content-Length: 0", now);
    header(&rl, "ratelimit-remaining: lots", now);
    header(&rl, "ratelimit-reset: soon", now);
    header(&rl, "no colon here", now);
    header(&rl, "ratelimit-remaining:", now);
    assert_int_equal(rl.remaining, -1);
    assert_int_equal(rl.reset_at, 0);
    assert_int_equal(rl.retry_at, 0);
    assert_int_equal(bf_fetch_ratelimit_wait(&rl, now, 900), 0);
}

static void test_backoff(void **state)
{
    unsigned a;

    (void)state;
    /* Without jitter (rnd 0) the delay is half of base * 2^attempt... */
    assert_int_equal(bf_fetch_backoff_ms(500, 60000, 0, 0), 250);
    assert_int_equal(bf_fetch_backoff_ms(500, 60000, 1, 0), 500);
    assert_int_equal(bf_fetch_backoff_ms(500, 60000, 3, 0), 2000);
    /* ...and with the most jitter, all of it. */
    assert_int_equal(bf_fetch_backoff_ms(500, 60000, 0, 250), 500);
    assert_int_equal(bf_fetch_backoff_ms(500, 60000, 3, 2000), 4000);
    assert_int_equal(bf_fetch_backoff_ms(500, 60000, 3, 2001), 2000);
    /* The cap holds, even after many attempts. */
    for (a = 0; a < 200; a++) {
        uint64_t d = bf_fetch_backoff_ms(500, 60000, a, 0xFFFFFFFFu);

        assert_true(d <= 60000);
        assert_true(d >= 30000 || a < 7);
    }
    /* A zero base means no wait at all (the tests' setting). */
    assert_int_equal(bf_fetch_backoff_ms(0, 60000, 5, 12345), 0);
}

static void test_sample(void **state)
{
    uint32_t a[1000], b[1000], seen[1000];
    size_t i;

    (void)state;
    for (i = 0; i < 1000; i++)
        a[i] = b[i] = (uint32_t)i;
    bf_fetch_sample(a, 1000, 200, 42);
    bf_fetch_sample(b, 1000, 200, 42);
    /* The same seed gives the same sample, without repeats. */
    assert_memory_equal(a, b, 200 * sizeof a[0]);
    memset(seen, 0, sizeof seen);
    for (i = 0; i < 200; i++) {
        assert_true(a[i] < 1000);
        assert_int_equal(seen[a[i]]++, 0);
    }
    /* Another seed, another sample. */
    for (i = 0; i < 1000; i++)
        b[i] = (uint32_t)i;
    bf_fetch_sample(b, 1000, 200, 43);
    assert_memory_not_equal(a, b, 200 * sizeof a[0]);
    /* k above n takes them all. */
    for (i = 0; i < 5; i++)
        a[i] = (uint32_t)i;
    bf_fetch_sample(a, 5, 10, 7);
    memset(seen, 0, sizeof seen);
    for (i = 0; i < 5; i++)
        seen[a[i]]++;
    for (i = 0; i < 5; i++)
        assert_int_equal(seen[i], 1);
    bf_fetch_sample(a, 0, 10, 7);
}

/* conversions writes the printf conversions of fmt, in order, to out. */
static void conversions(const char *fmt, char *out, size_t cap)
{
    size_t n = 0;

    for (; *fmt; fmt++) {
        if (*fmt != '%')
            continue;
        fmt++;
        while (*fmt && strchr("0123456789.-+ #'l", *fmt))
            if (*fmt++ == 'l' && n + 1 < cap)
                out[n++] = 'l';
        if (*fmt && n + 1 < cap)
            out[n++] = *fmt;
        if (!*fmt)
            break;
    }
    out[n] = '\0';
}

static void test_messages(void **state)
{
    char en[64], fr[64];
    int id;

    (void)state;
    for (id = 0; id < BF_FM__COUNT; id++) {
        const char *e = bf_fetch_msg(BF_LANG_EN, (bf_fetch_msg_id)id);
        const char *f = bf_fetch_msg(BF_LANG_FR, (bf_fetch_msg_id)id);

        assert_non_null(e);
        assert_non_null(f);
        assert_true(*e && *f);
        assert_string_not_equal(e, f);
        conversions(e, en, sizeof en);
        conversions(f, fr, sizeof fr);
        assert_string_equal(en, fr);
    }
    assert_string_equal(bf_fetch_msg(BF_LANG_EN, BF_FM__COUNT), "");
}

static void test_opts_defaults(void **state)
{
    bf_fetch_opts o;

    (void)state;
    setenv("BONAFIDE_FETCH_BACKOFF_MS", "20", 1);
    bf_fetch_opts_init(&o);
    assert_int_equal(o.max_followers, 10000);
    assert_int_equal(o.sample_followers, 200);
    assert_int_equal(o.posts, 100);
    assert_int_equal(o.backoff_ms, 20);
    assert_null(o.service);
    assert_null(o.progress);
    unsetenv("BONAFIDE_FETCH_BACKOFF_MS");
    bf_fetch_opts_init(&o);
    assert_int_equal(o.backoff_ms, 500);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_spec_bsky),
        cmocka_unit_test(test_spec_mastodon_x),
        cmocka_unit_test(test_url_escape),
        cmocka_unit_test(test_link_next),
        cmocka_unit_test(test_ratelimit_headers),
        cmocka_unit_test(test_backoff),
        cmocka_unit_test(test_sample),
        cmocka_unit_test(test_messages),
        cmocka_unit_test(test_opts_defaults),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
