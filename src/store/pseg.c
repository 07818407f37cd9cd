/*
 * pseg.c - writing, mapping and checking post segments.
 *
 * Writing sorts a small array of (author, created_at, id, row) keys, not
 * the rows themselves, lays the strings out again in that order (so a
 * writer's buffer may keep the dead strings of posts merged inside a
 * batch), and streams header placeholder, rows, key index and heap to a
 * temp file through one 1 MiB buffer, computing the body's crc32 on the
 * way; the header is written last, then fsync, rename and fsync of the
 * directory, as segment.c does for follows.  Each full buffer written is
 * handed to the kernel's writeback at once (sync_file_range), so that
 * the disk works while the rest of the file is made and the fsync waits
 * for the last megabyte or so rather than the whole file.
 *
 * Reading trusts nothing but the header it checked: a row's author is
 * read where binary search lands, and a decoded row has its string
 * offsets checked against the heap before any string is handed out.  The
 * whole-file checks (crc, order, index) cost a pass over the file and are
 * left to bonafide check, like the graph's section checksums.
 */
#define _GNU_SOURCE /* sync_file_range */
#include "store/pseg.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include "base/msort.h"
#include "store/segment.h"

/* The write buffer: rows, keys and heap go through it. */
#define CHUNK (1u << 20)
/* Interpolation steps before the key search falls back to bisection. */
#define GUESSES 4

/*
 * ld32 / ld64 load little-endian values as segment.h's bf__get_u32 and
 * bf__get_u64 do, but inline: the reads of a post search are the hot loop
 * of every post read, and a call per word cost a third of it.
 */
static inline uint32_t ld32(const unsigned char *p)
{
    uint32_t v;

    memcpy(&v, p, sizeof v);
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
    v = __builtin_bswap32(v);
#endif
    return v;
}

static inline uint64_t ld64(const unsigned char *p)
{
    uint64_t v;

    memcpy(&v, p, sizeof v);
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
    v = __builtin_bswap64(v);
#endif
    return v;
}

uint64_t bf__pseg_hash(uint32_t platform, const char *native, size_t n)
{
    /* FNV-1a over the platform's four bytes and the id, then a final
     * mix so that the low bits used by nobody and the high bits used by
     * the sort are both spread. */
    uint64_t h = 0xcbf29ce484222325ull;
    size_t i;

    for (i = 0; i < 4; i++) {
        h ^= (platform >> (8 * i)) & 0xff;
        h *= 0x100000001b3ull;
    }
    for (i = 0; i < n; i++) {
        h ^= (unsigned char)native[i];
        h *= 0x100000001b3ull;
    }
    h ^= h >> 33;
    h *= 0xff51afd7ed558ccdull;
    h ^= h >> 33;
    return h;
}

/* A row's place in the sorted file. */
typedef struct sort_key {
    uint32_t author;
    uint32_t known; /* created_at is known: unknown sorts first */
    int64_t created_at;
    uint64_t id;
    size_t row;
} sort_key;

/* sort_before orders rows by author, then date (unknown first), then id. */
static inline int sort_before(const sort_key *x, const sort_key *y)
{
    if (x->author != y->author)
        return x->author < y->author;
    if (x->known != y->known)
        return x->known < y->known;
    if (x->created_at != y->created_at)
        return x->created_at < y->created_at;
    return x->id < y->id;
}

BF_MSORT_DEFINE(sort_rows, sort_key, sort_before)

/* One entry of the key index being built. */
typedef struct key_ent {
    uint64_t hash;
    uint64_t row; /* in file order */
} key_ent;

/* Keys by hash; equal hashes keep file order (the sort is stable). */
static inline int key_before(const key_ent *x, const key_ent *y)
{
    return x->hash < y->hash;
}

BF_MSORT_DEFINE(sort_keys, key_ent, key_before)

/* encode_row writes r at p, with its strings at the offsets given. */
static void encode_row(unsigned char *p, const bf__prow *r,
                       const uint64_t off[BF__PS__N])
{
    int k;

    bf__put_u32(p, r->author);
    bf__put_u32(p + 4, r->platform);
    bf__put_u64(p + 8, (uint64_t)r->created_at);
    bf__put_u64(p + 16, r->id);
    bf__put_u64(p + 24, r->hash);
    for (k = 0; k < BF__PC__N; k++)
        bf__put_u64(p + 32 + 8 * k, (uint64_t)r->cnt[k]);
    bf__put_u32(p + 96, r->kind);
    bf__put_u32(p + 100, 0);
    for (k = 0; k < BF__PS__N; k++) {
        bf__put_u64(p + 104 + 8 * k, off[k]);
        bf__put_u32(p + 136 + 4 * k, r->len[k]);
    }
}

/* The writer's state: a temp file, its buffer and the running crc. */
typedef struct out_file {
    int fd;
    unsigned char *buf;
    size_t used;
    uint32_t crc;
    uint64_t bytes;
} out_file;

static bf_err flush_out(out_file *o)
{
    const unsigned char *c = o->buf;
    size_t n = o->used;

    o->crc = (uint32_t)crc32_z(o->crc, o->buf, o->used);
    while (n > 0) {
        ssize_t k = write(o->fd, c, n);

        if (k < 0 && errno == EINTR)
            continue;
        if (k < 0)
            return bf_err_from_errno(errno);
        if (k == 0)
            return BF_ENOSPC;
        c += k;
        n -= (size_t)k;
    }
#ifdef SYNC_FILE_RANGE_WRITE
    /* Advice only: the fsync at the end is what makes the file durable,
     * so a failure here changes nothing. */
    (void)sync_file_range(o->fd, (off_t)o->bytes, (off_t)o->used,
                          SYNC_FILE_RANGE_WRITE);
#endif
    o->bytes += o->used;
    o->used = 0;
    return BF_OK;
}

/* put_out_split appends n bytes that cross the buffer's end. */
static bf_err put_out_split(out_file *o, const void *p, size_t n)
{
    const char *c = p;
    bf_err err = BF_OK;

    while (!err && n > 0) {
        size_t k = CHUNK - o->used < n ? CHUNK - o->used : n;

        memcpy(o->buf + o->used, c, k);
        o->used += k;
        c += k;
        n -= k;
        if (o->used == CHUNK)
            err = flush_out(o);
    }
    return err;
}

/* put_out appends n bytes to the file through its buffer (called for
 * every row, key and string: the common case inline). */
static inline bf_err put_out(out_file *o, const void *p, size_t n)
{
    if (n < CHUNK - o->used) {
        memcpy(o->buf + o->used, p, n);
        o->used += n;
        return BF_OK;
    }
    return put_out_split(o, p, n);
}

/*
 * same_key_read sets *out to whether rows a and b of the file being
 * written (its rows at the header's end, its heap at heap_at) name the
 * same post: the same platform and native id, read back by pread.  Only
 * rows whose hashes are equal are asked, which two keys almost never are.
 */
static bf_err same_key_read(int fd, uint64_t heap_at, uint64_t a, uint64_t b,
                            int *out)
{
    unsigned char ra[BF__PSEG_ROW], rb[BF__PSEG_ROW];
    char sa[256], sb[256];
    uint64_t oa, ob, len, done;

    *out = 0;
    errno = 0; /* a short read sets none */
    if (pread(fd, ra, sizeof ra, (off_t)(BF__PSEG_HEADER + a * BF__PSEG_ROW)) !=
                (ssize_t)sizeof ra ||
        pread(fd, rb, sizeof rb, (off_t)(BF__PSEG_HEADER + b * BF__PSEG_ROW)) !=
                (ssize_t)sizeof rb)
        return errno ? bf_err_from_errno(errno) : BF_EIO;
    if (ld32(ra + 4) != ld32(rb + 4) || ld32(ra + 136) != ld32(rb + 136))
        return BF_OK;
    len = ld32(ra + 136);
    oa = heap_at + ld64(ra + 104);
    ob = heap_at + ld64(rb + 104);
    for (done = 0; done < len; done += sizeof sa) {
        size_t k = len - done < sizeof sa ? (size_t)(len - done) : sizeof sa;

        if (pread(fd, sa, k, (off_t)(oa + done)) != (ssize_t)k ||
            pread(fd, sb, k, (off_t)(ob + done)) != (ssize_t)k)
            return errno ? bf_err_from_errno(errno) : BF_EIO;
        if (memcmp(sa, sb, k) != 0)
            return BF_OK;
    }
    *out = 1;
    return BF_OK;
}

/* put_str appends string t of n bytes and its NUL (nul: t has it). */
static bf_err put_str(out_file *o, const char *t, size_t n, int nul)
{
    bf_err err;

    if (nul)
        return put_out(o, t, n + 1);
    err = put_out(o, t, n);
    return err ? err : put_out(o, "", 1);
}

/*
 * write_body writes the rows src gives, at most cap, then their key
 * index, heap and fences: the rows in a first pass from src's first
 * row, which sets each string's offset and gathers the keys and fences,
 * the strings in a second.  *out_n gets the rows, *out_heap the heap's
 * bytes.  BF_EINVAL when the rows are out of order, more than cap, not
 * the same twice, or two of them share a key.
 */
static bf_err write_body(out_file *o, const bf__pseg_src *src, uint64_t cap,
                         uint64_t *out_n, uint64_t *out_heap)
{
    unsigned char rec[BF__PSEG_ROW], kb[BF__PSEG_KEY];
    const char *str[BF__PS__N];
    key_ent *keys = NULL;
    uint32_t *fences = NULL;
    uint64_t at = 0, again = 0, off[BF__PS__N], n = 0, i;
    sort_key prev, cur;
    bf__prow r;
    bf_err err = BF_OK;
    int k;

    /* The keys, then room for the sort. */
    keys = malloc((size_t)(cap ? 2 * cap : 1) * sizeof *keys);
    fences = malloc((size_t)(cap / BF__PSEG_FENCE + 1) * sizeof *fences);
    if (!keys || !fences) {
        free(keys);
        free(fences);
        return BF_ENOMEM;
    }
    memset(&prev, 0, sizeof prev);
    err = src->rewind(src->ctx);
    while (!err && (err = src->next(src->ctx, &r, str)) == BF_OK) {
        cur.author = r.author;
        cur.known = r.created_at != 0;
        cur.created_at = r.created_at;
        cur.id = r.id;
        if (n == cap || (n > 0 && !sort_before(&prev, &cur))) {
            err = BF_EINVAL;
            break;
        }
        prev = cur;
        for (k = 0; k < BF__PS__N; k++) {
            off[k] = r.len[k] == BF__PSEG_NOSTR ? 0 : at;
            if (r.len[k] != BF__PSEG_NOSTR)
                at += (uint64_t)r.len[k] + 1;
        }
        encode_row(rec, &r, off);
        err = put_out(o, rec, sizeof rec);
        keys[n].hash = r.hash;
        keys[n].row = n;
        if (n % BF__PSEG_FENCE == 0)
            fences[n / BF__PSEG_FENCE] = r.author;
        n++;
    }
    if (err == BF_ENOTFOUND)
        err = BF_OK;
    if (!err)
        sort_keys(keys, keys + n, (size_t)n);
    for (i = 0; !err && i < n; i++) {
        bf__put_u64(kb, keys[i].hash);
        bf__put_u32(kb + 8, (uint32_t)keys[i].row);
        bf__put_u32(kb + 12, 0);
        err = put_out(o, kb, sizeof kb);
    }
    if (!err)
        err = src->rewind(src->ctx);
    for (i = 0; !err && i < n; i++) {
        err = src->next(src->ctx, &r, str);
        if (err == BF_ENOTFOUND)
            err = BF_EINVAL; /* fewer rows the second time */
        for (k = 0; !err && k < BF__PS__N; k++) {
            if (r.len[k] == BF__PSEG_NOSTR)
                continue;
            err = put_str(o, str[k], r.len[k], src->nul);
            again += (uint64_t)r.len[k] + 1;
        }
    }
    if (!err && again != at)
        err = BF_EINVAL;
    for (i = 0; !err && i < n; i += BF__PSEG_FENCE) {
        unsigned char fb[4];

        bf__put_u32(fb, fences[i / BF__PSEG_FENCE]);
        err = put_out(o, fb, sizeof fb);
    }
    if (!err)
        err = flush_out(o);
    /* Two rows of one key would make reads pick either. */
    for (i = 1; !err && i < n; i++) {
        int same = 0;

        if (keys[i].hash != keys[i - 1].hash)
            continue;
        err = same_key_read(o->fd,
                            BF__PSEG_HEADER + n * (BF__PSEG_ROW + BF__PSEG_KEY),
                            keys[i].row, keys[i - 1].row, &same);
        if (!err && same)
            err = BF_EINVAL;
    }
    free(keys);
    free(fences);
    *out_n = n;
    *out_heap = at;
    return err;
}

bf_err bf__pseg_write_from(const char *dir, const char *name,
                           const bf__pseg_src *src, uint64_t cap,
                           uint64_t *out_rows, uint32_t *out_crc,
                           uint64_t *out_bytes)
{
    unsigned char h[BF__PSEG_HEADER];
    out_file o = { -1, NULL, 0, 0, 0 };
    char *path = NULL, *tmp = NULL;
    uint64_t heap_out = 0, n = 0;
    bf_err err = BF_OK;
    size_t plen;

    if (cap > UINT32_MAX)
        cap = UINT32_MAX;
    plen = strlen(dir) + strlen(name) + 8;
    path = malloc(plen);
    tmp = malloc(plen);
    o.buf = malloc(CHUNK);
    if (!path || !tmp || !o.buf) {
        err = BF_ENOMEM;
        goto out;
    }
    snprintf(path, plen, "%s/%s", dir, name);
    snprintf(tmp, plen, "%s/%s.tmp", dir, name);

    o.fd = open(tmp, O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (o.fd < 0) {
        err = bf_err_from_errno(errno);
        goto out;
    }
    memset(h, 0, sizeof h);
    err = put_out(&o, h, sizeof h);
    if (!err)
        err = flush_out(&o);
    o.crc = 0; /* the header is not part of the body's crc */
    if (!err)
        err = write_body(&o, src, cap, &n, &heap_out);
    if (!err) {
        memcpy(h, BF__PSEG_MAGIC, 8);
        bf__put_u32(h + 8, BF__PSEG_VERSION);
        bf__put_u32(h + 12, BF__PSEG_ROW);
        bf__put_u64(h + 16, n);
        bf__put_u64(h + 24, heap_out);
        bf__put_u32(h + 32, o.crc);
        bf__put_u32(h + 60, (uint32_t)crc32_z(0L, h, 60));
        if (pwrite(o.fd, h, sizeof h, 0) != (ssize_t)sizeof h)
            err = errno ? bf_err_from_errno(errno) : BF_EIO;
    }
    if (!err && fsync(o.fd) != 0)
        err = bf_err_from_errno(errno);
    if (close(o.fd) != 0 && !err)
        err = bf_err_from_errno(errno);
    o.fd = -1;
    if (!err && rename(tmp, path) != 0)
        err = bf_err_from_errno(errno);
    if (err) {
        unlink(tmp);
        goto out;
    }
    err = bf__fsync_dir(dir);
    if (!err) {
        if (out_rows)
            *out_rows = n;
        *out_crc = o.crc;
        if (out_bytes)
            *out_bytes = o.bytes;
    }
out:
    if (o.fd >= 0) {
        close(o.fd);
        unlink(tmp);
    }
    free(o.buf);
    free(path);
    free(tmp);
    return err;
}

/* The rows of bf__pseg_write, in the order sk sorted them. */
typedef struct array_src {
    const bf__prow *rows;
    const sort_key *sk;
    size_t n, at;
    const char *heap;
} array_src;

static bf_err array_rewind(void *ctx)
{
    ((array_src *)ctx)->at = 0;
    return BF_OK;
}

static bf_err array_next(void *ctx, bf__prow *r, const char **str)
{
    array_src *a = ctx;
    int k;

    if (a->at == a->n)
        return BF_ENOTFOUND;
    *r = a->rows[a->sk[a->at++].row];
    for (k = 0; k < BF__PS__N; k++)
        str[k] = r->len[k] == BF__PSEG_NOSTR ? NULL : a->heap + r->off[k];
    return BF_OK;
}

bf_err bf__pseg_write(const char *dir, const char *name, const bf__prow *rows,
                      size_t n, const char *heap, size_t heap_len,
                      uint32_t *out_crc, uint64_t *out_bytes)
{
    array_src a = { rows, NULL, n, 0, heap };
    bf__pseg_src src = { array_rewind, array_next, &a, 0 };
    sort_key *sk;
    bf_err err;
    size_t i;
    int k;

    if (n > UINT32_MAX)
        return BF_ELIMIT;
    /* Every string must lie in the heap handed over. */
    for (i = 0; i < n; i++)
        for (k = 0; k < BF__PS__N; k++)
            if (rows[i].len[k] != BF__PSEG_NOSTR &&
                (rows[i].off[k] > heap_len ||
                 rows[i].len[k] > heap_len - rows[i].off[k]))
                return BF_EINVAL;
    /* The keys, then room for the sort. */
    sk = malloc((n ? 2 * n : 1) * sizeof *sk);
    if (!sk)
        return BF_ENOMEM;
    for (i = 0; i < n; i++) {
        sk[i].author = rows[i].author;
        sk[i].known = rows[i].created_at != 0;
        sk[i].created_at = rows[i].created_at;
        sk[i].id = rows[i].id;
        sk[i].row = i;
    }
    sort_rows(sk, sk + n, n);
    a.sk = sk;
    err = bf__pseg_write_from(dir, name, &src, n, NULL, out_crc, out_bytes);
    free(sk);
    return err;
}

/* fence_bytes is the size of the fences of count rows in version v. */
static uint64_t fence_bytes(uint32_t v, uint64_t count)
{
    return v < 2 ? 0 : 4 * ((count + BF__PSEG_FENCE - 1) / BF__PSEG_FENCE);
}

/*
 * check_header checks what mapping relies on: magic, header crc, version
 * (1, without fences, or 2), row size, and that the sizes add up to the
 * file's.  NULL when it passes.
 */
static const char *check_header(const unsigned char *p, size_t size,
                                uint64_t *out_count, uint64_t *out_heap,
                                uint32_t *out_version)
{
    uint64_t count, heap, fences, per = BF__PSEG_ROW + BF__PSEG_KEY;
    uint32_t v;

    if (size < BF__PSEG_HEADER)
        return "shorter than its header";
    if (memcmp(p, BF__PSEG_MAGIC, 8) != 0)
        return "bad magic";
    if (bf__get_u32(p + 60) != (uint32_t)crc32_z(0L, p, 60))
        return "header checksum mismatch";
    v = bf__get_u32(p + 8);
    if (v < 1 || v > BF__PSEG_VERSION)
        return "unknown version";
    if (bf__get_u32(p + 12) != BF__PSEG_ROW)
        return "bad row size";
    count = bf__get_u64(p + 16);
    heap = bf__get_u64(p + 24);
    fences = fence_bytes(v, count);
    if (count > UINT32_MAX || count > (size - BF__PSEG_HEADER) / per ||
        fences > size - BF__PSEG_HEADER - count * per)
        return "truncated: fewer rows than its header says";
    if (heap != size - BF__PSEG_HEADER - count * per - fences)
        return "heap size does not match the file's";
    *out_count = count;
    *out_heap = heap;
    *out_version = v;
    return NULL;
}

bf_err bf__pseg_map(const char *path, bf__pseg *out)
{
    void *base = NULL;
    uint64_t count = 0, heap = 0;
    uint32_t v = 0;
    size_t size = 0;
    bf_err err;

    memset(out, 0, sizeof *out);
    err = bf__map_ro(path, BF__PSEG_HEADER, &base, &size);
    if (err)
        return err;
    if (check_header(base, size, &count, &heap, &v)) {
        munmap(base, size);
        return BF_ECORRUPT;
    }
    out->base = base;
    out->size = size;
    out->rows = (const unsigned char *)base + BF__PSEG_HEADER;
    out->keys = out->rows + count * BF__PSEG_ROW;
    out->heap = (const char *)(out->keys + count * BF__PSEG_KEY);
    out->fences = v >= 2 ? (const unsigned char *)out->heap + heap : NULL;
    out->count = count;
    out->heap_len = heap;
    out->crc = bf__get_u32((const unsigned char *)base + 32);
    /* Kept for bf__pblk; without it the mapping serves every read. */
    out->path = strdup(path);
    return BF_OK;
}

void bf__pseg_unmap(bf__pseg *s)
{
    if (s->base)
        munmap(s->base, s->size);
    free(s->path);
    memset(s, 0, sizeof *s);
}

uint32_t bf__pseg_author(const bf__pseg *s, uint64_t i)
{
    return ld32(s->rows + i * BF__PSEG_ROW);
}

int64_t bf__pseg_created(const bf__pseg *s, uint64_t i)
{
    return (int64_t)ld64(s->rows + i * BF__PSEG_ROW + 8);
}

/*
 * rows_lower is the first row of [lo, hi) whose author is not below
 * author, hi when none: a binary search, O(log (hi - lo)).
 */
static uint64_t rows_lower(bf__pblk *b, const bf__pseg *s, uint64_t lo,
                           uint64_t hi, uint32_t author)
{
    while (lo < hi) {
        uint64_t mid = lo + (hi - lo) / 2;

        if (bf__pblk_author(b, s, mid) < author)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

bf_err bf__pblk_init(bf__pblk *b, const bf__pseg *s)
{
    size_t nf =
            s->fences
                    ? (size_t)((s->count + BF__PSEG_FENCE - 1) / BF__PSEG_FENCE)
                    : 0;

    unsigned char head[BF__PSEG_HEADER];

    memset(b, 0, sizeof *b);
    b->fd = -1;
    b->rows = malloc(BF__PSEG_FENCE * BF__PSEG_ROW);
    if (!b->rows)
        return BF_ENOMEM;
    if (s->path && s->base)
        b->fd = open(s->path, O_RDONLY | O_CLOEXEC);
    /* The same file: its header holds its sizes and body checksum. */
    if (b->fd >= 0 &&
        (pread(b->fd, head, sizeof head, 0) != (ssize_t)sizeof head ||
         memcmp(head, s->base, sizeof head) != 0)) {
        close(b->fd);
        b->fd = -1;
    }
    if (nf && b->fd >= 0) {
        off_t at = (off_t)(s->fences - (const unsigned char *)s->base);

        b->fences = malloc(4 * nf);
        if (!b->fences) {
            bf__pblk_release(b);
            return BF_ENOMEM;
        }
        if (pread(b->fd, b->fences, 4 * nf, at) != (ssize_t)(4 * nf)) {
            free(b->fences);
            b->fences = NULL;
        }
    }
    return BF_OK;
}

void bf__pblk_release(bf__pblk *b)
{
    free(b->rows);
    free(b->fences);
    if (b->fd >= 0)
        close(b->fd);
    memset(b, 0, sizeof *b);
    b->fd = -1;
}

/* row_at is row i's bytes: from b's block, read there first when b is
 * given and the file can be read, else from the mapping. */
static const unsigned char *row_at(bf__pblk *b, const bf__pseg *s, uint64_t i)
{
    if (b && b->fd >= 0 && (i < b->first || i >= b->first + b->n)) {
        uint64_t first = i - i % BF__PSEG_FENCE;
        uint64_t n = s->count - first < BF__PSEG_FENCE ? s->count - first
                                                       : BF__PSEG_FENCE;
        off_t at = (off_t)(s->rows - (const unsigned char *)s->base) +
                   (off_t)(first * BF__PSEG_ROW);

        b->n = 0;
        if (pread(b->fd, b->rows, n * BF__PSEG_ROW, at) ==
            (ssize_t)(n * BF__PSEG_ROW)) {
            b->first = first;
            b->n = n;
        }
    }
    if (b && i >= b->first && i < b->first + b->n)
        return b->rows + (i - b->first) * BF__PSEG_ROW;
    return s->rows + i * BF__PSEG_ROW;
}

uint32_t bf__pblk_author(bf__pblk *b, const bf__pseg *s, uint64_t i)
{
    return ld32(row_at(b, s, i));
}

int64_t bf__pblk_created(bf__pblk *b, const bf__pseg *s, uint64_t i)
{
    return (int64_t)ld64(row_at(b, s, i) + 8);
}

/* fence_at is fence f's author, from b's copy when there is one. */
static uint32_t fence_at(const bf__pblk *b, const bf__pseg *s, uint64_t f)
{
    return ld32((b && b->fences ? b->fences : s->fences) + 4 * f);
}

uint64_t bf__pseg_lower(const bf__pseg *s, uint64_t from, uint32_t author)
{
    return bf__pblk_lower(NULL, s, from, author);
}

uint64_t bf__pblk_lower(bf__pblk *b, const bf__pseg *s, uint64_t from,
                        uint32_t author)
{
    uint64_t lo = from, hi, step = 1;

    if (from >= s->count || bf__pblk_author(b, s, from) >= author)
        return from < s->count ? from : s->count;
    if (s->fences) {
        /* Fence f is row f * BF__PSEG_FENCE's author: find the first
         * fence not below author after from's own, whose block's rows
         * all come before the answer's. */
        uint64_t f = from / BF__PSEG_FENCE + 1;
        uint64_t nf = (s->count + BF__PSEG_FENCE - 1) / BF__PSEG_FENCE;

        hi = nf;
        /* From a row past the first, the answer is most often a block or
         * two on (the end of one author's rows): fences doubling from
         * there, so that the search stays near, then a binary search. */
        for (step = 1; from > 0 && f + step - 1 < nf; step *= 2) {
            if (fence_at(b, s, f + step - 1) >= author) {
                hi = f + step - 1;
                break;
            }
            f += step;
        }
        while (f < hi) {
            uint64_t mid = f + (hi - f) / 2;

            if (fence_at(b, s, mid) < author)
                f = mid + 1;
            else
                hi = mid;
        }
        /* The answer is after row from, in the block before fence f, or
         * is that fence's row. */
        lo = (f - 1) * BF__PSEG_FENCE;
        if (lo <= from)
            lo = from + 1;
        hi = f * BF__PSEG_FENCE < s->count ? f * BF__PSEG_FENCE : s->count;
        return rows_lower(b, s, lo, hi, author);
    }
    /* Rows before lo are below author; the answer is in [lo, hi]. */
    for (;;) {
        hi = lo + step - 1;
        if (hi >= s->count) {
            hi = s->count;
            break;
        }
        if (bf__pblk_author(b, s, hi) >= author)
            break;
        lo = hi + 1;
        step *= 2;
    }
    return rows_lower(b, s, lo, hi, author);
}

/*
 * row_decode: bf__pseg_row of the row whose bytes p are, in segment s,
 * or with key_only bf__pseg_row_key's.
 */
static bf_err row_decode(const bf__pseg *s, const unsigned char *p,
                         bf__prow *out, int key_only)
{
    int k;

    out->author = ld32(p);
    out->platform = ld32(p + 4);
    out->created_at = (int64_t)ld64(p + 8);
    out->id = ld64(p + 16);
    out->hash = ld64(p + 24);
    for (k = 0; k < BF__PC__N; k++)
        out->cnt[k] = key_only ? -1 : (int64_t)ld64(p + 32 + 8 * k);
    out->kind = ld32(p + 96);
    if (out->kind > 3)
        return BF_ECORRUPT;
    for (k = 0; k < BF__PS__N; k++) {
        if (key_only && k != BF__PS_NATIVE) {
            out->off[k] = 0;
            out->len[k] = BF__PSEG_NOSTR;
            continue;
        }
        out->off[k] = ld64(p + 104 + 8 * k);
        out->len[k] = ld32(p + 136 + 4 * k);
        if (out->len[k] == BF__PSEG_NOSTR)
            continue;
        /* The string and its NUL lie inside the heap. */
        if (out->off[k] >= s->heap_len ||
            out->len[k] >= s->heap_len - out->off[k] ||
            s->heap[out->off[k] + out->len[k]] != '\0')
            return BF_ECORRUPT;
    }
    if (out->len[BF__PS_NATIVE] == BF__PSEG_NOSTR)
        return BF_ECORRUPT;
    return BF_OK;
}

bf_err bf__pseg_row(const bf__pseg *s, uint64_t i, bf__prow *out)
{
    return row_decode(s, s->rows + i * BF__PSEG_ROW, out, 0);
}

bf_err bf__pseg_row_key(const bf__pseg *s, uint64_t i, bf__prow *out)
{
    return row_decode(s, s->rows + i * BF__PSEG_ROW, out, 1);
}

bf_err bf__pblk_row(bf__pblk *b, const bf__pseg *s, uint64_t i, bf__prow *out)
{
    return row_decode(s, row_at(b, s, i), out, 0);
}

bf_err bf__pseg_find(const bf__pseg *s, uint64_t hash, uint32_t platform,
                     const char *native, size_t n, uint64_t *out_row)
{
    uint64_t lo = 0, hi = s->count, klo = 0, khi = UINT64_MAX;
    int guess = 0;

    /*
     * The first entry not below hash, in [lo, hi).  Hashes are uniform,
     * so the first steps guess where it lies from its value between the
     * bounds' (interpolation: about log log n steps instead of log n
     * cache misses); should the guesses not close in, bisection ends it.
     * Each step keeps keys[lo - 1] < hash <= keys[hi] true whatever the
     * file holds, so a damaged index only gives a wrong answer.
     */
    while (lo < hi) {
        uint64_t mid;

        if (guess++ < GUESSES && khi > klo && hash >= klo && hash <= khi) {
            double f = (double)(hash - klo) / (double)(khi - klo);

            mid = lo + (uint64_t)(f * (double)(hi - lo - 1));
            if (mid >= hi)
                mid = hi - 1;
        } else {
            mid = lo + (hi - lo) / 2;
        }
        if (ld64(s->keys + mid * BF__PSEG_KEY) < hash) {
            lo = mid + 1;
            klo = ld64(s->keys + mid * BF__PSEG_KEY);
        } else {
            hi = mid;
            khi = ld64(s->keys + mid * BF__PSEG_KEY);
        }
    }
    return bf__pseg_key_at(s, lo, hash, platform, native, n, 0, out_row);
}

bf_err bf__pseg_key_at(const bf__pseg *s, uint64_t at, uint64_t hash,
                       uint32_t platform, const char *native, size_t n,
                       int key_only, uint64_t *out_row)
{
    for (; at < s->count && bf__pseg_key_hash(s, at) == hash; at++) {
        uint64_t row = bf__pseg_key_row(s, at);
        bf__prow r;
        bf_err err;

        if (row >= s->count)
            return BF_ECORRUPT;
        err = key_only ? bf__pseg_row_key(s, row, &r)
                       : bf__pseg_row(s, row, &r);
        if (err)
            return err;
        if (r.platform == platform && r.len[BF__PS_NATIVE] == n &&
            memcmp(s->heap + r.off[BF__PS_NATIVE], native, n) == 0) {
            *out_row = row;
            return BF_OK;
        }
    }
    *out_row = s->count;
    return BF_OK;
}

const char *bf__pseg_check(const void *base, size_t size, uint64_t *out_count,
                           uint32_t *out_crc)
{
    const unsigned char *p = base;
    const char *why;
    bf__pseg s;
    uint64_t count, heap, i;
    uint32_t v = 0;
    unsigned char *seen = NULL;
    sort_key prev, cur;

    why = check_header(p, size, &count, &heap, &v);
    if (why)
        return why;
    if ((uint32_t)crc32_z(0L, p + BF__PSEG_HEADER, size - BF__PSEG_HEADER) !=
        ld32(p + 32))
        return "body checksum mismatch";
    memset(&s, 0, sizeof s);
    s.rows = p + BF__PSEG_HEADER;
    s.keys = s.rows + count * BF__PSEG_ROW;
    s.heap = (const char *)(s.keys + count * BF__PSEG_KEY);
    s.fences = v >= 2 ? (const unsigned char *)s.heap + heap : NULL;
    s.count = count;
    s.heap_len = heap;
    memset(&prev, 0, sizeof prev);
    for (i = 0; i < count; i++) {
        bf__prow r;

        if (bf__pseg_row(&s, i, &r) != BF_OK)
            return "a row's string or kind is damaged";
        if (r.hash != bf__pseg_hash(r.platform, s.heap + r.off[BF__PS_NATIVE],
                                    r.len[BF__PS_NATIVE]))
            return "a row's key hash does not match its id";
        cur.author = r.author;
        cur.known = r.created_at != 0;
        cur.created_at = r.created_at;
        cur.id = r.id;
        cur.row = (size_t)i;
        if (i > 0 && !sort_before(&prev, &cur))
            return "rows out of order";
        if (s.fences && i % BF__PSEG_FENCE == 0 &&
            ld32(s.fences + 4 * (i / BF__PSEG_FENCE)) != r.author)
            return "an author fence does not match its row";
        prev = cur;
    }
    seen = calloc(count ? count : 1, 1);
    if (!seen)
        return "out of memory";
    for (i = 0; i < count; i++) {
        const unsigned char *k = s.keys + i * BF__PSEG_KEY;
        uint64_t row = ld32(k + 8);

        if (row >= count || seen[row] ||
            ld64(k) != ld64(s.rows + row * BF__PSEG_ROW + 24) ||
            (i > 0 && ld64(k) < ld64(k - BF__PSEG_KEY))) {
            free(seen);
            return "key index damaged";
        }
        seen[row] = 1;
    }
    free(seen);
    if (out_count)
        *out_count = count;
    if (out_crc)
        *out_crc = ld32(p + 32);
    return NULL;
}
