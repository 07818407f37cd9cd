/*
 * fuzz_youtube.c - libFuzzer target for the Google Takeout YouTube reader.
 *
 * The harness is fuzz/fuzz_export.h: each input becomes every file
 * named below, in one export folder, read as BF_FMT_YOUTUBE.
 */
#include "fuzz_export.h"

static const char *const files[] = {
    "Takeout/YouTube and YouTube Music/videos/Video Metadata.csv",
    "Takeout/YouTube and YouTube Music/subscriptions/subscriptions.csv",
    "Takeout/YouTube and YouTube Music/playlists/Liked videos.csv", NULL
};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    return bf_fuzz_export(data, size, BF_FMT_YOUTUBE, files);
}
