/*
 * fuzz_upload.c - libFuzzer target for what the server does with an upload.
 *
 * The server writes an uploaded file to its own folder and reads it with
 * bf_ingest_path, format and compression detected, exactly as `bonafide
 * ingest FILE` does.  This target does the same with each input: the
 * bytes go to a temporary file, named upload.zip when they start as a zip
 * does ("PK", so the archive walker is reached too) and upload otherwise,
 * and bf_ingest_path reads it with default options into a sink that
 * touches every string (fuzz.h).  Detection, every reader, gzip and zstd
 * with their bounds, and zip archives are all reached from one input.
 * Diagnostics are released each run, so a leak shows.
 */
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char dir[64], plain[96], zipped[96];

static void remove_files(void)
{
    unlink(plain);
    unlink(zipped);
    rmdir(dir);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    size_t total = 0;
    bf_sink sink = { &total, bf_fuzz_account, bf_fuzz_post, bf_fuzz_follow,
                     NULL };
    bf_ingest_opts o;
    bf_diags d;
    const char *path;
    FILE *f;

    if (!dir[0]) {
        strcpy(dir, access("/dev/shm", W_OK) == 0 ? "/dev/shm/fuzz_up_XXXXXX"
                                                  : "/tmp/fuzz_up_XXXXXX");
        if (!mkdtemp(dir))
            abort();
        snprintf(plain, sizeof plain, "%s/upload", dir);
        snprintf(zipped, sizeof zipped, "%s/upload.zip", dir);
        atexit(remove_files);
    }
    path = size >= 2 && data[0] == 'P' && data[1] == 'K' ? zipped : plain;
    f = fopen(path, "wb");
    if (!f)
        abort();
    if (size && fwrite(data, 1, size, f) != size)
        abort();
    fclose(f);
    bf_ingest_opts_init(&o);
    o.observed_at = 1700000000;
    bf_diags_init(&d);
    (void)bf_ingest_path(path, &o, &sink, &d);
    bf_diags_release(&d);
    return 0;
}
