/*
 * fuzz_archive_walk.c - libFuzzer target for the X archive walker.
 *
 * fuzz_x_archive.c feeds one member's bytes; this target feeds the shape
 * of a whole archive: which members exist, under which names and folders,
 * how deep, in which parts, and what they hold.  The input is cut at NUL
 * bytes into name, content, name, content...; each pair becomes a member
 * of a zip written with libzip (deflated, so the bounds on decompression
 * are reached), and the zip is read with bf__x_archive_read and a 64 KiB
 * member limit into a sink that touches every string.  Names such as
 * "data/tweets-part2.js", "../x", "a/b/c/account.js" or empty ones all
 * come from the fuzzer.
 */
#include <zip.h>

#include "fuzz.h"
#include "ingest/x_archive.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char dir[64], path[96];

static void remove_files(void)
{
    unlink(path);
    rmdir(dir);
}

/* next cuts the next NUL-terminated piece of data at *pos, or NULL. */
static const uint8_t *next(const uint8_t *data, size_t size, size_t *pos,
                           size_t *out_len)
{
    const uint8_t *p, *z;

    if (*pos >= size)
        return NULL;
    p = data + *pos;
    z = memchr(p, 0, size - *pos);
    *out_len = z ? (size_t)(z - p) : size - *pos;
    *pos += *out_len + 1;
    return p;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    size_t total = 0, pos = 0, nlen, clen;
    bf_sink sink = { &total, bf_fuzz_account, bf_fuzz_post, bf_fuzz_follow,
                     NULL };
    const uint8_t *name, *content;
    bf_ingest_opts o;
    bf_diags d;
    zip_t *z;
    zip_source_t *src;
    char nm[256];
    int members = 0, zerr = 0;

    if (!dir[0]) {
        strcpy(dir, access("/dev/shm", W_OK) == 0 ? "/dev/shm/fuzz_aw_XXXXXX"
                                                  : "/tmp/fuzz_aw_XXXXXX");
        if (!mkdtemp(dir))
            abort();
        snprintf(path, sizeof path, "%s/archive.zip", dir);
        atexit(remove_files);
    }
    unlink(path);
    z = zip_open(path, ZIP_CREATE | ZIP_TRUNCATE, &zerr);
    if (!z)
        abort();
    while (members < 16 && (name = next(data, size, &pos, &nlen)) != NULL) {
        content = next(data, size, &pos, &clen);
        if (!content)
            clen = 0;
        if (nlen == 0 || nlen >= sizeof nm)
            continue;
        memcpy(nm, name, nlen);
        nm[nlen] = '\0';
        /* libzip copies the buffer when the archive is closed. */
        src = zip_source_buffer(z, clen ? content : (const uint8_t *)"", clen,
                                0);
        if (!src)
            continue;
        if (zip_file_add(z, nm, src, ZIP_FL_ENC_GUESS) < 0) {
            zip_source_free(src);
            continue;
        }
        members++;
    }
    if (zip_close(z) != 0) {
        zip_discard(z);
        return 0;
    }
    bf_ingest_opts_init(&o);
    o.observed_at = 1700000000;
    bf_diags_init(&d);
    (void)bf__x_archive_read(path, &o, 1 << 16, &sink, &d);
    bf_diags_release(&d);
    return 0;
}
