/*
 * fuzz_twitter_v2.c - libFuzzer target for the X API v2 (twarc2) JSON reader.
 *
 * The harness is fuzz/fuzz.h; this file only names the reader.
 */
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    return bf_fuzz_reader(data, size, bf_read_twitter_v2);
}
