/*
 * fuzz_bluesky.c - libFuzzer target for the Bluesky app.bsky.* JSON reader.
 *
 * Each input is written to a temp file and read through bf_input (so the
 * line splitting, the padding and the gathering of documents that span
 * lines are exercised as in real use) by bf_read_bluesky into a sink that
 * touches every string it is given, so a dangling or unterminated pointer
 * shows up under AddressSanitizer.  Follow edges are checked for their
 * required ids.  Diagnostics are collected and released each run to catch
 * leaks.  The file lives in /dev/shm when it exists; it is removed at exit.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ingest/ingest.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char path[64];

static void remove_file(void)
{
    unlink(path);
}

/* touch reads a whole string, which fails loudly if it is not valid. */
static size_t touch(const char *s)
{
    return s ? strlen(s) : 0;
}

static bf_err on_account(void *ctx, const bf_account *a)
{
    size_t *n = ctx;

    if (!a->native_id)
        abort();
    *n += touch(a->platform) + touch(a->native_id) + touch(a->handle) +
          touch(a->name) + touch(a->bio) + touch(a->url) + touch(a->location) +
          touch(a->lang);
    return BF_OK;
}

static bf_err on_post(void *ctx, const bf_post *p)
{
    size_t *n = ctx;

    if (!p->native_id || !p->author_id)
        abort();
    *n += touch(p->platform) + touch(p->native_id) + touch(p->author_id) +
          touch(p->text) + touch(p->parent_id) + touch(p->source);
    return BF_OK;
}

static bf_err on_follow(void *ctx, const bf_follow *f)
{
    size_t *n = ctx;

    if (!f->follower || !f->followee)
        abort();
    *n += touch(f->platform) + touch(f->follower) + touch(f->followee);
    return BF_OK;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    size_t total = 0;
    bf_sink sink = { &total, on_account, on_post, on_follow };
    bf_ingest_opts o;
    bf_diags d;
    bf_input *in;
    FILE *f;

    if (!path[0]) {
        int fd;

        strcpy(path, access("/dev/shm", W_OK) == 0 ? "/dev/shm/fuzz_bsky_XXXXXX"
                                                   : "/tmp/fuzz_bsky_XXXXXX");
        fd = mkstemp(path);
        if (fd < 0)
            abort();
        close(fd);
        atexit(remove_file);
    }
    f = fopen(path, "wb");
    if (!f)
        abort();
    if (size && fwrite(data, 1, size, f) != size)
        abort();
    fclose(f);

    bf_ingest_opts_init(&o);
    bf_diags_init(&d);
    /* A small line limit so the too-long path is reached too. */
    if (bf_input_open(path, 1 << 16, &in) != BF_OK)
        abort();
    (void)bf_read_bluesky(in, &o, &sink, &d);
    bf_input_close(in);
    bf_diags_release(&d);
    return 0;
}
