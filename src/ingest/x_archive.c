/*
 * x_archive.c - X account archives (being written).
 */
#include "ingest/ingest.h"

bf_err bf_ingest_archive(const char *path, const bf_ingest_opts *opts,
        bf_sink *sink, bf_diags *diags)
{
    (void)opts;
    (void)sink;
    bf_diag(diags, BF_D_UNKNOWN_FORMAT, path, 0, 0,
            "X archives are not read yet");
    return BF_OK;
}
