/*
 * fuzz_facebook.c - libFuzzer target for the Facebook export reader.
 *
 * The harness is fuzz/fuzz_export.h: each input becomes every file
 * named below, in one export folder, read as BF_FMT_FACEBOOK.
 */
#include "fuzz_export.h"

static const char *const files[] = {
    "connections/followers/people_who_followed_you.json",
    "connections/friends/friends.json",
    "your_facebook_activity/posts/your_posts_1.json",
    "your_facebook_activity/posts/videos.json",
    "profile_information/profile_information.json",
    NULL
};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    return bf_fuzz_export(data, size, BF_FMT_FACEBOOK, files);
}
