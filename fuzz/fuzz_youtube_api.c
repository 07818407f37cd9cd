/*
 * fuzz_youtube_api.c - libFuzzer target for the YouTube Data API reader.
 *
 * The harness is fuzz/fuzz.h; this file only names the reader.
 */
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    return bf_fuzz_reader(data, size, bf_read_youtube_api);
}
