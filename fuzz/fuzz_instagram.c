/*
 * fuzz_instagram.c - libFuzzer target for the Instagram export reader.
 *
 * The harness is fuzz/fuzz_export.h: each input becomes every file
 * named below, in one export folder, read as BF_FMT_INSTAGRAM.
 */
#include "fuzz_export.h"

static const char *const files[] = {
    "connections/followers_and_following/followers_1.json",
    "connections/followers_and_following/following.json",
    "your_instagram_activity/content/posts_1.json",
    "logged_information/past_instagram_insights/audience_insights.json", NULL
};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    return bf_fuzz_export(data, size, BF_FMT_INSTAGRAM, files);
}
