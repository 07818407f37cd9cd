/*
 * fuzz_tiktok_api.c - libFuzzer target for the TikTok Research and Display API reader.
 *
 * The harness is fuzz/fuzz.h; this file only names the reader.
 */
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    return bf_fuzz_reader(data, size, bf_read_tiktok_api);
}
