/*
 * fuzz_edges.c - libFuzzer target for the edges reader.
 *
 * Each input is written to a private temporary file and read through the
 * whole ingest path (detection off, this reader forced) into a sink that
 * drops records; the sanitizers do the checking.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "ingest/ingest.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static char path[64];
    bf_ingest_opts o;
    bf_sink sink = { NULL, NULL, NULL, NULL };
    bf_diags d;
    FILE *f;

    if (!path[0])
        snprintf(path, sizeof path, "/tmp/bf-fuzz-edges-%d", (int)getpid());
    f = fopen(path, "wb");
    if (!f)
        return 0;
    fwrite(data, 1, size, f);
    fclose(f);
    bf_ingest_opts_init(&o);
    o.format = BF_FMT_EDGES;
    o.undirected = size % 2;
    bf_diags_init(&d);
    bf_ingest_path(path, &o, &sink, &d);
    bf_diags_release(&d);
    return 0;
}
