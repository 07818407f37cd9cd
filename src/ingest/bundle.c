/*
 * bundle.c - listing and loading the files of an export folder or zip.
 *
 * A folder is walked depth first with opendir/readdir and lstat, keeping
 * regular files only: a link is never followed, so nothing outside the
 * export can be reached, and a FIFO is never opened (an open would block).
 * A file is opened again with O_NOFOLLOW | O_NONBLOCK when loaded and
 * checked with fstat to be a regular file still.  A zip is listed through
 * libzip, leaving out folders and entries whose Unix mode says symbolic
 * link.  Loading reads in 1 MiB chunks and stops one byte past the limit,
 * so a zip bomb costs at most the limit in memory and inflation work.
 */
#include "ingest/bundle.h"

#include <dirent.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ingest/zipfn.h"

#define CHUNK   (1u << 20)
#define PADDING 64

struct bf_bundle {
    char *path;
    zip_t *zip;
    int zip_borrowed; /* a sub-bundle reads its parent's zip */
    char **name;
    zip_uint64_t *index;
    size_t n, cap;
};

static bf_err add(bf_bundle *b, const char *name, zip_uint64_t index)
{
    size_t len = strlen(name);

    if (b->n == BF_BUNDLE_MAX_FILES)
        return BF_OK;
    if (b->n == b->cap) {
        size_t cap = b->cap ? b->cap * 2 : 64;
        char **nm = realloc(b->name, cap * sizeof *nm);
        zip_uint64_t *ix;

        if (!nm)
            return BF_ENOMEM;
        b->name = nm;
        ix = realloc(b->index, cap * sizeof *ix);
        if (!ix)
            return BF_ENOMEM;
        b->index = ix;
        b->cap = cap;
    }
    b->name[b->n] = malloc(len + 1);
    if (!b->name[b->n])
        return BF_ENOMEM;
    memcpy(b->name[b->n], name, len + 1);
    b->index[b->n] = index;
    b->n++;
    return BF_OK;
}

/* walk lists the regular files under b->path/rel (rel "" at the top). */
static bf_err walk(bf_bundle *b, bf_buf *rel, int depth)
{
    bf_buf full;
    DIR *d;
    struct dirent *e;
    struct stat sb;
    size_t keep = rel->len;
    bf_err err = BF_OK;

    if (depth > BF_BUNDLE_MAX_DEPTH)
        return BF_OK;
    bf_buf_init(&full, 1u << 16);
    if (bf_buf_appendf(&full, "%s/%s", b->path, rel->len ? rel->data : "")) {
        bf_buf_release(&full);
        return BF_OK;
    }
    d = opendir(full.data);
    if (!d) {
        bf_buf_release(&full);
        return BF_OK;
    }
    while (!err && (e = readdir(d)) != NULL) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
            continue;
        rel->len = keep;
        if (bf_buf_appendf(rel, "%s%s", keep ? "/" : "", e->d_name) != BF_OK)
            continue;
        full.len = 0;
        if (bf_buf_appendf(&full, "%s/%s", b->path, rel->data) != BF_OK ||
            lstat(full.data, &sb) != 0)
            continue;
        if (S_ISDIR(sb.st_mode))
            err = walk(b, rel, depth + 1);
        else if (S_ISREG(sb.st_mode))
            err = add(b, rel->data, 0);
    }
    rel->len = keep;
    if (rel->data)
        rel->data[keep] = '\0';
    closedir(d);
    bf_buf_release(&full);
    return err;
}

/* list_zip lists the zip's files, leaving out folders and links. */
static bf_err list_zip(bf_bundle *b)
{
    zip_int64_t n = bf__zip.get_num_entries(b->zip, 0), i;
    bf_err err = BF_OK;

    for (i = 0; i < n && !err; i++) {
        const char *name = bf__zip.get_name(b->zip, (zip_uint64_t)i, 0);
        zip_uint8_t opsys;
        zip_uint32_t attr;
        size_t len;

        if (!name || !(len = strlen(name)) || name[len - 1] == '/')
            continue;
        if (bf__zip.file_get_external_attributes(b->zip, (zip_uint64_t)i, 0,
                                                 &opsys, &attr) == 0 &&
            opsys == ZIP_OPSYS_UNIX && ((attr >> 16) & S_IFMT) != 0 &&
            ((attr >> 16) & S_IFMT) != S_IFREG)
            continue;
        err = add(b, name, (zip_uint64_t)i);
    }
    return err;
}

bf_err bf_bundle_open(const char *path, bf_bundle **out_b)
{
    bf_bundle *b;
    struct stat sb;
    bf_buf rel;
    int zerr = 0;
    bf_err err = BF_OK;

    *out_b = NULL;
    if (stat(path, &sb) != 0)
        return BF_EIO;
    b = calloc(1, sizeof *b);
    if (!b)
        return BF_ENOMEM;
    b->path = strdup(path);
    if (!b->path) {
        free(b);
        return BF_ENOMEM;
    }
    if (S_ISDIR(sb.st_mode)) {
        bf_buf_init(&rel, 1u << 16);
        err = walk(b, &rel, 0);
        bf_buf_release(&rel);
    } else if (S_ISREG(sb.st_mode)) {
        /* ZIP_CHECKCONS refuses a truncated zip up front, before any of
         * its members has been read into the store. */
        err = bf__zip_load();
        if (!err) {
            b->zip = bf__zip.open(path, ZIP_RDONLY | ZIP_CHECKCONS, &zerr);
            err = b->zip ? list_zip(b) : BF_EIO;
        }
    } else {
        err = BF_EIO;
    }
    if (err) {
        bf_bundle_close(b);
        return err;
    }
    *out_b = b;
    return BF_OK;
}

bf_err bf_bundle_open_one(const char *path, bf_bundle **out_b)
{
    bf_bundle *b;
    struct stat sb;
    const char *base = strrchr(path, '/');
    bf_err err;

    *out_b = NULL;
    if (stat(path, &sb) != 0 || !S_ISREG(sb.st_mode))
        return BF_EIO;
    b = calloc(1, sizeof *b);
    if (!b)
        return BF_ENOMEM;
    /* The folder is the path up to its last '/', the name what follows. */
    b->path = base ? strndup(path, (size_t)(base - path)) : strdup(".");
    if (base && base == path) {
        free(b->path);
        b->path = strdup("");
    }
    err = b->path ? add(b, base ? base + 1 : path, 0) : BF_ENOMEM;
    if (err) {
        bf_bundle_close(b);
        return err;
    }
    *out_b = b;
    return BF_OK;
}

/* under: name is inside one of the n folders skip. */
static int under(const char *name, const char *const *skip, size_t n)
{
    size_t i;

    for (i = 0; i < n; i++)
        if (strncmp(name, skip[i], strlen(skip[i])) == 0)
            return 1;
    return 0;
}

bf_err bf_bundle_sub(const bf_bundle *b, const char *root,
                     const char *const *skip, size_t nskip, bf_bundle **out_sub)
{
    size_t k = strlen(root), i;
    bf_bundle *s;
    bf_buf path;
    bf_err err = BF_OK;

    *out_sub = NULL;
    s = calloc(1, sizeof *s);
    if (!s)
        return BF_ENOMEM;
    bf_buf_init(&path, 1u << 16);
    /* "exports/" and "shop_2022/" make "exports/shop_2022". */
    if (bf_buf_appendf(&path, "%s/%.*s", b->path,
                       (int)(k && root[k - 1] == '/' ? k - 1 : k),
                       root) != BF_OK ||
        !(s->path = strdup(path.data)))
        err = BF_ENOMEM;
    bf_buf_release(&path);
    s->zip = b->zip;
    s->zip_borrowed = 1;
    for (i = 0; !err && i < b->n; i++)
        if (strncmp(b->name[i], root, k) == 0 && b->name[i][k] &&
            !under(b->name[i], skip, nskip))
            err = add(s, b->name[i] + k, b->index[i]);
    if (err) {
        bf_bundle_close(s);
        return err;
    }
    *out_sub = s;
    return BF_OK;
}

void bf_bundle_close(bf_bundle *b)
{
    size_t i;

    if (!b)
        return;
    for (i = 0; i < b->n; i++)
        free(b->name[i]);
    free(b->name);
    free(b->index);
    if (b->zip && !b->zip_borrowed)
        bf__zip.discard(b->zip);
    free(b->path);
    free(b);
}

size_t bf_bundle_count(const bf_bundle *b)
{
    return b->n;
}

const char *bf_bundle_name(const bf_bundle *b, size_t i)
{
    return i < b->n ? b->name[i] : NULL;
}

const char *bf_bundle_path(const bf_bundle *b)
{
    return b->path;
}

long bf_bundle_find(const bf_bundle *b, const char *suffix)
{
    size_t k = strlen(suffix), i, best_depth = (size_t)-1;
    long best = -1;

    for (i = 0; i < b->n; i++) {
        const char *nm = b->name[i];
        size_t n = strlen(nm), d = 0, j;

        if (n < k || strcmp(nm + n - k, suffix) != 0 ||
            (n > k && nm[n - k - 1] != '/'))
            continue;
        for (j = 0; j < n; j++)
            d += nm[j] == '/';
        if (d < best_depth) {
            best_depth = d;
            best = (long)i;
        }
    }
    return best;
}

bf_err bf_bundle_load(bf_bundle *b, size_t i, size_t max, bf_buf *out)
{
    zip_file_t *zf = NULL;
    int fd = -1;
    zip_stat_t st;
    struct stat sb;
    bf_buf full;
    bf_err err = BF_OK;

    bf_buf_reset(out);
    if (i >= b->n)
        return BF_EIO;
    if (b->zip) {
        bf__zip.stat_init(&st);
        if (bf__zip.stat_index(b->zip, b->index[i], 0, &st) == 0 &&
            (st.valid & ZIP_STAT_SIZE) && st.size > max)
            return BF_ELIMIT;
        zf = bf__zip.fopen_index(b->zip, b->index[i], 0);
        if (!zf)
            return BF_EIO;
    } else {
        bf_buf_init(&full, 1u << 17);
        err = bf_buf_appendf(&full, "%s/%s", b->path, b->name[i]);
        if (!err) {
            fd = open(full.data, O_RDONLY | O_NOFOLLOW | O_NONBLOCK);
            if (fd < 0 || fstat(fd, &sb) != 0 || !S_ISREG(sb.st_mode))
                err = BF_EIO;
            else if ((size_t)sb.st_size > max)
                err = BF_ELIMIT;
        }
        bf_buf_release(&full);
        if (err)
            goto out;
    }
    for (;;) {
        size_t want;
        long long got;

        if (out->len > max) {
            err = BF_ELIMIT;
            goto out;
        }
        want = max + 1 - out->len;
        if (want > CHUNK)
            want = CHUNK;
        err = bf_buf_reserve(out, want);
        if (err)
            goto out;
        if (zf)
            got = bf__zip.fread(zf, out->data + out->len, want);
        else
            got = (long long)read(fd, out->data + out->len, want);
        if (got < 0) {
            err = BF_EIO;
            goto out;
        }
        if (got == 0)
            break;
        out->len += (size_t)got;
    }
    err = bf_buf_reserve(out, PADDING + 1);
    if (!err)
        memset(out->data + out->len, 0, PADDING + 1);
out:
    if (zf)
        bf__zip.fclose(zf);
    if (fd >= 0)
        close(fd);
    return err;
}
