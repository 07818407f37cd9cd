/*
 * test_address.c - pasted profile addresses read as accounts: the shapes
 * the platforms write, and hostile input that must be refused.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "fetch/address.h"

/* One accepted address and what it must give. */
typedef struct shape {
    const char *in, *platform, *handle, *spec, *fetch;
} shape;

static const shape shapes[] = {
    { "https://bsky.app/profile/shinyakato.dev", "bluesky", "shinyakato.dev",
      "bluesky:shinyakato.dev", "bsky:shinyakato.dev" },
    { "https://bsky.app/profile/alice.bsky.social/post/3kq2", "bluesky",
      "alice.bsky.social", "bluesky:alice.bsky.social",
      "bsky:alice.bsky.social" },
    { "bsky.app/profile/alice.bsky.social/", "bluesky", "alice.bsky.social",
      "bluesky:alice.bsky.social", "bsky:alice.bsky.social" },
    { "  HTTPS://BSKY.APP/profile/alice.bsky.social?ref=x#top \n", "bluesky",
      "alice.bsky.social", "bluesky:alice.bsky.social",
      "bsky:alice.bsky.social" },
    { "https://bsky.app/profile/did:plc:iijrtk7ocored6zuziw", "bluesky",
      "did:plc:iijrtk7ocored6zuziw", "bluesky:#did:plc:iijrtk7ocored6zuziw",
      "bsky:did:plc:iijrtk7ocored6zuziw" },
    { "https://mastodon.social/@Gargron", "mastodon", "Gargron",
      "mastodon:#Gargron@mastodon.social",
      "mastodon:@Gargron@mastodon.social" },
    { "https://mastodon.social/@bob@piaille.fr", "mastodon", "bob",
      "mastodon:#bob@piaille.fr", "mastodon:@bob@piaille.fr" },
    { "https://piaille.fr/users/claire", "mastodon", "claire",
      "mastodon:#claire@piaille.fr", "mastodon:@claire@piaille.fr" },
    { "https://framapiaf.org/%40claire/", "mastodon", "claire",
      "mastodon:#claire@framapiaf.org", "mastodon:@claire@framapiaf.org" },
    { "@claire@framapiaf.org", "mastodon", "claire",
      "mastodon:#claire@framapiaf.org", "mastodon:@claire@framapiaf.org" },
    { "https://x.com/jack", "twitter", "jack", "twitter:jack", "x:jack" },
    { "https://twitter.com/Jack_99?s=20", "twitter", "Jack_99",
      "twitter:Jack_99", "x:Jack_99" },
    { "https://mobile.twitter.com/jack/status/20", "twitter", "jack",
      "twitter:jack", "x:jack" },
    { "http://www.x.com/@jack", "twitter", "jack", "twitter:jack", "x:jack" },
    { "https://www.instagram.com/claire.martin_conseil/", "instagram",
      "claire.martin_conseil", "instagram:claire.martin_conseil",
      "instagram:claire.martin_conseil" },
    { "instagram.com/dave?igsh=abc", "instagram", "dave", "instagram:dave",
      "instagram:dave" },
    { "https://www.facebook.com/boulangerie.paul", "facebook",
      "boulangerie.paul", "facebook:boulangerie.paul",
      "facebook:boulangerie.paul" },
    { "https://m.facebook.com/profile.php?id=100064", "facebook", "100064",
      "facebook:#100064", "facebook:100064" },
    { "https://www.facebook.com/people/Paul-B/61550/", "facebook", "61550",
      "facebook:#61550", "facebook:61550" },
    { "https://www.tiktok.com/@promo_deals_24", "tiktok", "promo_deals_24",
      "tiktok:promo_deals_24", "" },
    { "https://www.linkedin.com/in/claire-martin-1a2b3c/", "linkedin",
      "claire-martin-1a2b3c", "linkedin:claire-martin-1a2b3c", "" },
    { "https://linkedin.com/company/acme", "linkedin", "acme", "linkedin:acme",
      "" },
    { "https://www.youtube.com/@LinusTechTips", "youtube", "LinusTechTips",
      "youtube:LinusTechTips", "youtube:@LinusTechTips" },
    { "https://www.youtube.com/channel/UCXuqSBlHAE6Xw-yeJA0Tunw", "youtube",
      "UCXuqSBlHAE6Xw-yeJA0Tunw", "youtube:#UCXuqSBlHAE6Xw-yeJA0Tunw",
      "youtube:UCXuqSBlHAE6Xw-yeJA0Tunw" },
    { "sim:claire_martin_conseil", "sim", "claire_martin_conseil",
      "sim:claire_martin_conseil", "" },
    { "bsky:alice.bsky.social", "bluesky", "alice.bsky.social",
      "bluesky:alice.bsky.social", "bsky:alice.bsky.social" },
    { "x:@jack", "twitter", "jack", "twitter:jack", "x:jack" },
    { "mastodon:@bob@piaille.fr", "mastodon", "bob", "mastodon:#bob@piaille.fr",
      "mastodon:@bob@piaille.fr" },
    { "Instagram:@dave", "instagram", "dave", "instagram:dave",
      "instagram:dave" },
    { "tiktok:@promo", "tiktok", "promo", "tiktok:promo", "" },
};

static void test_shapes(void **state)
{
    size_t i;

    (void)state;
    for (i = 0; i < sizeof shapes / sizeof shapes[0]; i++) {
        const shape *s = &shapes[i];
        bf_addr a;

        if (bf_addr_parse(s->in, &a) != BF_OK)
            fail_msg("refused: %s", s->in);
        assert_string_equal(a.platform, s->platform);
        assert_string_equal(a.handle, s->handle);
        assert_true(a.nspecs >= 1);
        assert_string_equal(a.specs[0], s->spec);
        assert_string_equal(a.fetch, s->fetch);
    }
}

static void test_mastodon_specs(void **state)
{
    bf_addr a;

    (void)state;
    /* The native id first, then the acct of a remote account. */
    assert_int_equal(bf_addr_parse("https://mastodon.social/@bob", &a), BF_OK);
    assert_int_equal(a.nspecs, 2);
    assert_string_equal(a.specs[1], "mastodon:bob@mastodon.social");
    assert_string_equal(a.host, "mastodon.social");
}

/* Refused: each must give BF_EINVAL and a cleared struct. */
static const char *const hostile[] = {
    "",
    "   ",
    "javascript:alert(1)",
    "JavaScript:alert(document.cookie)",
    "javascript:foo",
    "data:text/html,<script>alert(1)</script>",
    "vbscript:msgbox",
    "file:///etc/passwd",
    "ftp://bsky.app/profile/alice.bsky.social",
    "//bsky.app/profile/alice.bsky.social",
    "https://user:pass@bsky.app/profile/alice.bsky.social",
    "https://bsky.app@evil.example/@x",
    "https://bsky.app/profile/alice\x01.bsky.social",
    "https://bsky.app/profile/alice%00.bsky.social",
    "https://bsky.app/profile/alice%0a.bsky.social",
    "https://bsky.app/profile/a%2F..%2Fb.c",
    "https://bsky.app/profile/al%ice.bsky.social",
    "https://bsky.app/profile/",
    "https://bsky.app/search?q=x",
    "https://bsky.app/profile/alice",
    "https://bsky.app.evil.example/profile/alice.bsky.social",
    "https://x.com/home",
    "https://x.com/i/flow/login",
    "https://x.com/",
    "https://x.com/this_name_is_far_too_long_for_x",
    "https://twitter.com/<script>",
    "https://www.instagram.com/p/Cx12/",
    "https://www.instagram.com/",
    "https://www.facebook.com/groups/123",
    "https://www.facebook.com/profile.php?id=abc",
    "https://www.tiktok.com/foryou",
    "https://www.linkedin.com/feed/",
    "https://www.youtube.com/watch?v=abc",
    "https://127.0.0.1/@bob",
    "https://localhost/@bob",
    "https://mastodon.social:8443/@bob",
    "https://[::1]/@bob",
    "https://10.0.0.1/users/bob",
    "https://evil.example/profile/x",
    "https://evil..example/@x",
    "https://mastodon.social/@",
    "@bob@localhost",
    "@bob@127.0.0.1",
    "@bob@",
    "bsky:alice",
    "x:bad-name!",
    "mastodon:@bob",
    "https://bsky.app/profile/al\xc3\xa9.bsky.social",
    "https://b\xd1\x95ky.app/profile/alice.bsky.social",
    "sim:<b>x</b>",
    "sim:a b",
    ":handle",
    "alice",
};

static void test_hostile(void **state)
{
    size_t i;
    bf_addr a, zero;

    (void)state;
    memset(&zero, 0, sizeof zero);
    for (i = 0; i < sizeof hostile / sizeof hostile[0]; i++) {
        memset(&a, 0x55, sizeof a);
        if (bf_addr_parse(hostile[i], &a) != BF_EINVAL)
            fail_msg("accepted: %s (as %s:%s)", hostile[i], a.platform,
                     a.handle);
        assert_memory_equal(&a, &zero, sizeof a);
    }
    assert_int_equal(bf_addr_parse(NULL, &a), BF_EINVAL);
}

static void test_overlong(void **state)
{
    char *s = malloc(BF_ADDR_MAX + 64);
    bf_addr a;

    (void)state;
    assert_non_null(s);
    /* A path of the right shape but too long as a whole. */
    strcpy(s, "https://mastodon.social/@");
    memset(s + strlen(s), 'a', BF_ADDR_MAX);
    s[BF_ADDR_MAX + 10] = '\0';
    assert_int_equal(bf_addr_parse(s, &a), BF_EINVAL);
    /* A handle longer than any platform allows, in a short enough one. */
    strcpy(s, "https://mastodon.social/@");
    memset(s + strlen(s), 'a', 300);
    s[25 + 300] = '\0';
    assert_int_equal(bf_addr_parse(s, &a), BF_EINVAL);
    /* A host longer than DNS allows. */
    memset(s, 'a', 400);
    memcpy(s + 400, ".example/@bob", 14);
    assert_int_equal(bf_addr_parse(s, &a), BF_EINVAL);
    free(s);
}

static void test_is_address(void **state)
{
    (void)state;
    assert_true(bf_addr_is_address("https://bsky.app/profile/a.b"));
    assert_true(bf_addr_is_address("bsky.app/profile/a.b"));
    assert_true(bf_addr_is_address("@bob@mastodon.social"));
    assert_true(bf_addr_is_address("www.instagram.com/dave"));
    assert_false(bf_addr_is_address("sim:claire"));
    assert_false(bf_addr_is_address("bsky:alice.bsky.social"));
    assert_false(bf_addr_is_address("@claire"));
    assert_false(bf_addr_is_address("twitter:#12345"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_shapes),
        cmocka_unit_test(test_mastodon_specs),
        cmocka_unit_test(test_hostile),
        cmocka_unit_test(test_overlong),
        cmocka_unit_test(test_is_address),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
