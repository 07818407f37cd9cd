/*
 * fuzz_linkedin.c - libFuzzer target for the LinkedIn export reader.
 *
 * The harness is fuzz/fuzz_export.h: each input becomes every file
 * named below, in one export folder, read as BF_FMT_LINKEDIN.
 */
#include "fuzz_export.h"

static const char *const files[] = { "Shares.csv", "Connections.csv", NULL };

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    return bf_fuzz_export(data, size, BF_FMT_LINKEDIN, files);
}
