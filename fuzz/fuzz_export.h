/*
 * fuzz_export.h - what the export readers' libFuzzer targets share.
 *
 * An export is a folder of files, so each input is written, as it is, to
 * every file of a temporary export folder that the target names (for
 * Instagram: the followers file, the posts file and the insights file),
 * and the folder is read by bf__ingest_export with the target's format.
 * The sink and the arrival and insight sink read every string they are
 * given in full and abort on a record without its required ids, so a
 * dangling or unterminated pointer shows up under AddressSanitizer;
 * diagnostics are released after each run so leaks show up as well.  The
 * folder lives in /dev/shm when it exists and is removed at exit.
 *
 *     static const char *const files[] = { "user_data_tiktok.json", NULL };
 *     int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
 *     {
 *         return bf_fuzz_export(data, size, BF_FMT_TIKTOK, files);
 *     }
 */
#ifndef BF_FUZZ_FUZZ_EXPORT_H
#define BF_FUZZ_FUZZ_EXPORT_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ingest/exports.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char bf_fx_root[64];
static const char *const *bf_fx_files;

static void bf_fx_remove(void)
{
    char p[512];
    size_t i;

    for (i = 0; bf_fx_files && bf_fx_files[i]; i++) {
        snprintf(p, sizeof p, "%s/%s", bf_fx_root, bf_fx_files[i]);
        unlink(p);
    }
    /* The folders are left for the system's temporary cleaning. */
}

static size_t bf_fx_touch(const char *s)
{
    return s ? strlen(s) : 0;
}

static bf_err bf_fx_account(void *ctx, const bf_account *a)
{
    size_t *n = ctx;

    if (!a->native_id || !a->platform)
        abort();
    *n += bf_fx_touch(a->native_id) + bf_fx_touch(a->handle) +
          bf_fx_touch(a->name) + bf_fx_touch(a->bio);
    return BF_OK;
}

static bf_err bf_fx_post(void *ctx, const bf_post *p)
{
    size_t *n = ctx;

    if (!p->native_id || !p->author_id)
        abort();
    *n += bf_fx_touch(p->native_id) + bf_fx_touch(p->author_id) +
          bf_fx_touch(p->text);
    return BF_OK;
}

static bf_err bf_fx_follow(void *ctx, const bf_follow *f)
{
    size_t *n = ctx;

    if (!f->follower || !f->followee)
        abort();
    *n += bf_fx_touch(f->follower) + bf_fx_touch(f->followee);
    return BF_OK;
}

static bf_err bf_fx_arrival(void *ctx, const bf_arrival *a)
{
    size_t *n = ctx;

    if (!a->follower || !a->followee || a->followed_at <= 0)
        abort();
    *n += bf_fx_touch(a->follower) + bf_fx_touch(a->followee);
    return BF_OK;
}

static bf_err bf_fx_insight(void *ctx, const bf_insight *in)
{
    size_t *n = ctx;

    if (!in->account || !in->kind || !in->key)
        abort();
    *n += bf_fx_touch(in->kind) + bf_fx_touch(in->key);
    return BF_OK;
}

/* bf_fx_mkdirs makes the folders of root/rel's parent. */
static void bf_fx_mkdirs(const char *rel)
{
    char p[512];
    size_t i, n = (size_t)snprintf(p, sizeof p, "%s/%s", bf_fx_root, rel);

    for (i = strlen(bf_fx_root) + 1; i < n; i++) {
        if (p[i] != '/')
            continue;
        p[i] = '\0';
        mkdir(p, 0700);
        p[i] = '/';
    }
}

static int bf_fuzz_export(const uint8_t *data, size_t size, bf_format fmt,
                          const char *const *files)
{
    bf_ingest_opts o;
    bf_sink sink;
    bf_sink_more more;
    bf_diags diags;
    size_t n = 0, i;
    char p[512];
    FILE *f;

    if (!bf_fx_root[0]) {
        snprintf(bf_fx_root, sizeof bf_fx_root, "%s/bf-fuzz-export-%ld",
                 access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp",
                 (long)getpid());
        mkdir(bf_fx_root, 0700);
        bf_fx_files = files;
        for (i = 0; files[i]; i++)
            bf_fx_mkdirs(files[i]);
        atexit(bf_fx_remove);
    }
    for (i = 0; files[i]; i++) {
        snprintf(p, sizeof p, "%s/%s", bf_fx_root, files[i]);
        f = fopen(p, "wb");
        if (!f)
            abort();
        if (size && fwrite(data, 1, size, f) != size)
            abort();
        fclose(f);
    }
    bf_ingest_opts_init(&o);
    o.format = fmt;
    o.observed_at = 1700000000;
    memset(&more, 0, sizeof more);
    more.ctx = &n;
    more.arrival = bf_fx_arrival;
    more.insight = bf_fx_insight;
    o.more = &more;
    sink.ctx = &n;
    sink.account = bf_fx_account;
    sink.post = bf_fx_post;
    sink.follow = bf_fx_follow;
    sink.same = NULL;
    bf_diags_init(&diags);
    bf__ingest_export(bf_fx_root, &o, &sink, &diags);
    bf_diags_release(&diags);
    return 0;
}

#endif
