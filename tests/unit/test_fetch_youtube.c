/*
 * test_fetch_youtube.c - YouTube, Instagram and Facebook account names
 * for bonafide fetch.
 *
 * A name ends up in a URL and in a state key, so only a handle (@ and 3
 * to 30 of letters, digits, '.', '_', '-') or a channel id (UC and 22 of
 * letters, digits, '_', '-') pass; the collection itself is tested
 * against recorded responses in tests/suites/fetch.sh.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "fetch/fetch.h"

static void names(void **state)
{
    bf_fetch_spec sp;

    (void)state;
    assert_int_equal(bf_fetch_spec_parse("youtube:@GoogleDevelopers", &sp),
                     BF_OK);
    assert_int_equal(sp.platform, BF_FETCH_YOUTUBE);
    assert_string_equal(sp.user, "@GoogleDevelopers");
    assert_string_equal(bf_fetch_platform_name(sp.platform), "youtube");
    assert_int_equal(
            bf_fetch_spec_parse("youtube:UC_x5XG1OV2P6uZZ5FSM9Ttw", &sp),
            BF_OK);
    assert_string_equal(sp.user, "UC_x5XG1OV2P6uZZ5FSM9Ttw");
    assert_int_equal(bf_fetch_spec_parse("youtube:@a.b-c_d", &sp), BF_OK);
    /* Too short, too long, not a channel id, characters of a URL. */
    assert_int_equal(bf_fetch_spec_parse("youtube:@ab", &sp), BF_EINVAL);
    assert_int_equal(bf_fetch_spec_parse("youtube:@abcdefghijklmnopqrstuvwxyz"
                                         "abcde",
                                         &sp),
                     BF_EINVAL);
    assert_int_equal(bf_fetch_spec_parse("youtube:GoogleDevelopers", &sp),
                     BF_EINVAL);
    assert_int_equal(
            bf_fetch_spec_parse("youtube:UC_x5XG1OV2P6uZZ5FSM9Tt", &sp),
            BF_EINVAL);
    assert_int_equal(bf_fetch_spec_parse("youtube:@a/b?c", &sp), BF_EINVAL);
    assert_int_equal(bf_fetch_spec_parse("youtube:@a%2Fb", &sp), BF_EINVAL);
    assert_int_equal(
            bf_fetch_spec_parse("youtube:UC_x5XG1OV2P6uZZ5FSM9T.w", &sp),
            BF_EINVAL);
}

/* Instagram user names and Facebook Page names go into Graph API paths
 * and fields expressions: no bracket, slash or percent may pass. */
static void graph_names(void **state)
{
    bf_fetch_spec sp;

    (void)state;
    assert_int_equal(
            bf_fetch_spec_parse("instagram:facebookfordevelopers", &sp), BF_OK);
    assert_int_equal(sp.platform, BF_FETCH_INSTAGRAM);
    assert_string_equal(sp.user, "facebookfordevelopers");
    assert_string_equal(bf_fetch_platform_name(sp.platform), "instagram");
    assert_int_equal(bf_fetch_spec_parse("ig:@two.cats_gallery", &sp), BF_OK);
    assert_string_equal(sp.user, "two.cats_gallery");
    assert_int_equal(bf_fetch_spec_parse("facebook:facebookapp", &sp), BF_OK);
    assert_int_equal(sp.platform, BF_FETCH_FACEBOOK);
    assert_int_equal(bf_fetch_spec_parse("fb:20531316728", &sp), BF_OK);
    assert_string_equal(bf_fetch_platform_name(sp.platform), "facebook");
    assert_int_equal(bf_fetch_spec_parse("instagram:a){media}", &sp),
                     BF_EINVAL);
    assert_int_equal(bf_fetch_spec_parse("instagram:", &sp), BF_EINVAL);
    assert_int_equal(bf_fetch_spec_parse("instagram:abcdefghijklmnopqrstuvwxyz"
                                         "abcde",
                                         &sp),
                     BF_EINVAL);
    assert_int_equal(bf_fetch_spec_parse("facebook:me/accounts", &sp),
                     BF_EINVAL);
    assert_int_equal(bf_fetch_spec_parse("facebook:a%2F", &sp), BF_EINVAL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(names),
        cmocka_unit_test(graph_names),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
