/*
 * fuzz.h - what every reader's libFuzzer target shares.
 *
 * A target is one line: LLVMFuzzerTestOneInput calls bf_fuzz_reader with
 * its reader.  Each input is written to a temporary file (in /dev/shm when
 * it exists, to keep the loop fast; removed at exit) and read through
 * bf_input, so line splitting, padding and the gathering of documents that
 * span lines are exercised as in real use.  The line limit is small (64
 * KiB) so the too-long paths are reached too.  The sink reads every string
 * it is given in full and aborts on a record without its required ids, so
 * a dangling or unterminated pointer shows up under AddressSanitizer;
 * diagnostics are released after each run so leaks show up as well.
 * The sink answers bf_sink.same for a quarter of the digests it is asked,
 * so the readers that digest a profile before reading it take both ways,
 * and an account must carry the digest asked just before it, or none.
 * The input's lowest bit chooses --undirected, for the edge-list reader.
 *
 *     int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
 *     {
 *         return bf_fuzz_reader(data, size, bf_read_edges);
 *     }
 */
#ifndef BF_FUZZ_FUZZ_H
#define BF_FUZZ_FUZZ_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ingest/ingest.h"

typedef bf_err (*bf_fuzz_reader_fn)(bf_input *in, const bf_ingest_opts *opts,
                                    bf_sink *sink, bf_diags *diags);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char bf_fuzz_path[64];

static void bf_fuzz_remove(void)
{
    unlink(bf_fuzz_path);
}

/* bf_fuzz_touch reads a whole string, which fails loudly if it is bad. */
static size_t bf_fuzz_touch(const char *s)
{
    return s ? strlen(s) : 0;
}

/* The digest of the last profile a reader asked about (bf_sink.same). */
static uint64_t bf_fuzz_asked;

static bf_err bf_fuzz_same(void *ctx, const char *platform,
                           const char *native_id, uint64_t digest,
                           int *out_same)
{
    size_t *n = ctx;

    if (!native_id || !digest)
        abort();
    *n += bf_fuzz_touch(platform) + bf_fuzz_touch(native_id);
    bf_fuzz_asked = digest;
    *out_same = (digest & 3) == 0;
    return BF_OK;
}

static bf_err bf_fuzz_account(void *ctx, const bf_account *a)
{
    size_t *n = ctx;

    if (!a->native_id || (a->digest && a->digest != bf_fuzz_asked))
        abort();
    *n += bf_fuzz_touch(a->platform) + bf_fuzz_touch(a->native_id) +
          bf_fuzz_touch(a->handle) + bf_fuzz_touch(a->name) +
          bf_fuzz_touch(a->bio) + bf_fuzz_touch(a->url) +
          bf_fuzz_touch(a->location) + bf_fuzz_touch(a->lang) +
          bf_fuzz_touch(a->label);
    return BF_OK;
}

static bf_err bf_fuzz_post(void *ctx, const bf_post *p)
{
    size_t *n = ctx;

    if (!p->native_id || !p->author_id)
        abort();
    *n += bf_fuzz_touch(p->platform) + bf_fuzz_touch(p->native_id) +
          bf_fuzz_touch(p->author_id) + bf_fuzz_touch(p->text) +
          bf_fuzz_touch(p->parent_id) + bf_fuzz_touch(p->source);
    return BF_OK;
}

static bf_err bf_fuzz_follow(void *ctx, const bf_follow *f)
{
    size_t *n = ctx;

    if (!f->follower || !f->followee)
        abort();
    *n += bf_fuzz_touch(f->platform) + bf_fuzz_touch(f->follower) +
          bf_fuzz_touch(f->followee);
    return BF_OK;
}

/*
 * bf_fuzz_write writes the input to the target's temporary file and
 * returns its path.
 */
static const char *bf_fuzz_write(const uint8_t *data, size_t size)
{
    FILE *f;

    if (!bf_fuzz_path[0]) {
        int fd;

        strcpy(bf_fuzz_path, access("/dev/shm", W_OK) == 0
                                     ? "/dev/shm/bf_fuzz_XXXXXX"
                                     : "/tmp/bf_fuzz_XXXXXX");
        fd = mkstemp(bf_fuzz_path);
        if (fd < 0)
            abort();
        close(fd);
        atexit(bf_fuzz_remove);
    }
    f = fopen(bf_fuzz_path, "wb");
    if (!f)
        abort();
    if (size && fwrite(data, 1, size, f) != size)
        abort();
    if (fclose(f) != 0)
        abort();
    return bf_fuzz_path;
}

/* bf_fuzz_reader runs read on data; it returns 0 as libFuzzer expects. */
static int bf_fuzz_reader(const uint8_t *data, size_t size,
                          bf_fuzz_reader_fn read)
{
    size_t total = 0;
    bf_sink sink = { &total, bf_fuzz_account, bf_fuzz_post, bf_fuzz_follow,
                     bf_fuzz_same };
    bf_ingest_opts o;
    bf_diags d;
    bf_input *in;

    bf_fuzz_write(data, size);
    bf_ingest_opts_init(&o);
    o.undirected = size > 0 && (data[0] & 1);
    bf_diags_init(&d);
    if (bf_input_open(bf_fuzz_path, 1 << 16, &in) != BF_OK)
        abort();
    (void)read(in, &o, &sink, &d);
    bf_input_close(in);
    bf_diags_release(&d);
    return 0;
}

#endif
