/*
 * fuzz_tiktok.c - libFuzzer target for the TikTok export reader.
 *
 * The harness is fuzz/fuzz_export.h: each input becomes every file
 * named below, in one export folder, read as BF_FMT_TIKTOK.
 */
#include "fuzz_export.h"

static const char *const files[] = { "user_data_tiktok.json", NULL };

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    return bf_fuzz_export(data, size, BF_FMT_TIKTOK, files);
}
