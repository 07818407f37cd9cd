/*
 * fuzz_x_archive.c - libFuzzer target for the X archive member parser.
 *
 * A temporary archive folder holds a fixed data/account.js (so there is an
 * owner and the other members are read) and, for each input, two members
 * written from it: data/tweets.js holds the input as it is, which
 * exercises the "window.YTD... = " prefix, and data/follower.js holds the
 * input after a valid prefix, so the array scanner and the element parser
 * are reached from the first run even without a seed corpus.  The folder
 * is read by bf__x_archive_read with a 64 KiB member limit (the over-limit
 * path is reachable) into a sink that touches every string it is given,
 * so a dangling or unterminated pointer shows up under AddressSanitizer.
 * Diagnostics are released each run to catch leaks.  The folder lives in
 * /dev/shm when it exists; it is removed at exit.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ingest/x_archive.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char root[64];
static char tweets[96], followers[96], account[96], data_dir[80];

static void remove_all(void)
{
    unlink(tweets);
    unlink(followers);
    unlink(account);
    rmdir(data_dir);
    rmdir(root);
}

/* write_file writes the prefix, then data, to path. */
static void write_file(const char *path, const char *prefix,
                       const uint8_t *data, size_t size)
{
    FILE *f = fopen(path, "wb");

    if (!f)
        abort();
    if (prefix && fputs(prefix, f) < 0)
        abort();
    if (size && fwrite(data, 1, size, f) != size)
        abort();
    fclose(f);
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
          touch(a->name) + touch(a->bio) + touch(a->url) + touch(a->location);
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

/* setup makes the folder and its fixed account.js, once. */
static void setup(void)
{
    static const char acc[] =
            "window.YTD.account.part0 = [ { \"account\" : { \"email\" : "
            "null, \"username\" : \"fuzz\", \"accountId\" : \"42\", "
            "\"createdAt\" : \"2010-02-09T17:10:05.000Z\" } } ]";

    strcpy(root, access("/dev/shm", W_OK) == 0 ? "/dev/shm/fuzz_xa_XXXXXX"
                                               : "/tmp/fuzz_xa_XXXXXX");
    if (!mkdtemp(root))
        abort();
    snprintf(data_dir, sizeof data_dir, "%s/data", root);
    if (mkdir(data_dir, 0700) != 0)
        abort();
    snprintf(tweets, sizeof tweets, "%s/tweets.js", data_dir);
    snprintf(followers, sizeof followers, "%s/follower.js", data_dir);
    snprintf(account, sizeof account, "%s/account.js", data_dir);
    write_file(account, acc, NULL, 0);
    atexit(remove_all);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    size_t total = 0;
    bf_sink sink = { &total, on_account, on_post, on_follow, NULL };
    bf_ingest_opts o;
    bf_diags d;

    if (!root[0])
        setup();
    write_file(tweets, NULL, data, size);
    write_file(followers, "window.YTD.follower.part0 = ", data, size);
    bf_ingest_opts_init(&o);
    bf_diags_init(&d);
    (void)bf__x_archive_read(root, &o, 1 << 16, &sink, &d);
    bf_diags_release(&d);
    return 0;
}
