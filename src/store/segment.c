/*
 * segment.c - writing and mapping follow segments.
 *
 * A segment is written in one go from the batch's buffer, which already
 * holds the encoded records: the header is computed (crc32 from zlib over
 * the records, then over the header itself), both are written to a temp
 * file with write(2) in a loop, the file is fsync'd and renamed over its
 * final name, and the directory is fsync'd so the rename survives a crash.
 * Reading maps the file read-only and checks everything the header claims
 * before a single record is trusted: a segment is input from disk, and disk
 * contents may be truncated or flipped.
 */
#include "store/segment.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

void bf__put_u32(unsigned char *p, uint32_t v)
{
    p[0] = (unsigned char)v;
    p[1] = (unsigned char)(v >> 8);
    p[2] = (unsigned char)(v >> 16);
    p[3] = (unsigned char)(v >> 24);
}

void bf__put_u64(unsigned char *p, uint64_t v)
{
    bf__put_u32(p, (uint32_t)v);
    bf__put_u32(p + 4, (uint32_t)(v >> 32));
}

uint32_t bf__get_u32(const unsigned char *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
           (uint32_t)p[3] << 24;
}

uint64_t bf__get_u64(const unsigned char *p)
{
    return (uint64_t)bf__get_u32(p) | (uint64_t)bf__get_u32(p + 4) << 32;
}

void bf__seg_encode(unsigned char *p, uint32_t follower, uint32_t followee,
                    int64_t observed_at, int64_t position)
{
    uint32_t obs, pos;

    /* Times before 1970 or after 2106 do not occur in follow data; they
     * are clamped rather than rejected so the edge itself is kept. */
    if (observed_at < 0)
        obs = 0;
    else if (observed_at > (int64_t)UINT32_MAX)
        obs = UINT32_MAX;
    else
        obs = (uint32_t)observed_at;
    if (position < 0 || position > INT32_MAX)
        pos = UINT32_MAX; /* -1 as two's complement */
    else
        pos = (uint32_t)position;
    bf__put_u32(p, follower);
    bf__put_u32(p + 4, followee);
    bf__put_u32(p + 8, obs);
    bf__put_u32(p + 12, pos);
}

void bf__seg_decode(const unsigned char *p, uint32_t *out_follower,
                    uint32_t *out_followee)
{
    *out_follower = bf__get_u32(p);
    *out_followee = bf__get_u32(p + 4);
}

/* crc_big is crc32 over any length (zlib's crc32_z takes a size_t). */
static uint32_t crc_big(const void *p, size_t n)
{
    return (uint32_t)crc32_z(0L, (const Bytef *)p, n);
}

bf_err bf__write_all(int fd, const void *p, size_t n)
{
    const char *c = p;

    while (n > 0) {
        ssize_t k = write(fd, c, n > (1u << 30) ? (1u << 30) : n);

        if (k < 0 && errno == EINTR)
            continue;
        if (k < 0)
            return bf_err_from_errno(errno);
        if (k == 0)
            return BF_ENOSPC; /* write(2) says 0 only when nothing fits */
        c += k;
        n -= (size_t)k;
    }
    return BF_OK;
}

bf_err bf__fsync_dir(const char *dir)
{
    int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    bf_err err = BF_OK;

    if (fd < 0)
        return bf_err_from_errno(errno);
    if (fsync(fd) != 0)
        err = bf_err_from_errno(errno);
    close(fd);
    return err;
}

bf_err bf__seg_write(const char *dir, const char *name, const void *recs,
                     uint64_t count, uint32_t *out_crc)
{
    bf_err err = BF_OK;
    unsigned char h[BF__SEG_HEADER];
    char *path = NULL, *tmp = NULL;
    size_t plen;
    uint32_t crc;
    int fd = -1;

    if (count > SIZE_MAX / BF__SEG_RECORD)
        return BF_ELIMIT;
    plen = strlen(dir) + strlen(name) + 8;
    path = malloc(plen);
    tmp = malloc(plen);
    if (!path || !tmp) {
        err = BF_ENOMEM;
        goto out;
    }
    snprintf(path, plen, "%s/%s", dir, name);
    snprintf(tmp, plen, "%s/%s.tmp", dir, name);

    crc = crc_big(recs, (size_t)count * BF__SEG_RECORD);
    bf__seg_header(h, count, crc);

    fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0) {
        err = bf_err_from_errno(errno);
        goto out;
    }
    err = bf__write_all(fd, h, sizeof h);
    if (!err)
        err = bf__write_all(fd, recs, (size_t)count * BF__SEG_RECORD);
    /* fsync and close report a full disk too (delayed allocation). */
    if (!err && fsync(fd) != 0)
        err = bf_err_from_errno(errno);
    if (close(fd) != 0 && !err)
        err = bf_err_from_errno(errno);
    fd = -1;
    if (!err && rename(tmp, path) != 0)
        err = bf_err_from_errno(errno);
    if (err) {
        unlink(tmp);
        goto out;
    }
    err = bf__fsync_dir(dir);
    if (!err)
        *out_crc = crc;
out:
    if (fd >= 0)
        close(fd);
    free(path);
    free(tmp);
    return err;
}

const char *bf__seg_check(const void *base, size_t size, uint64_t *out_count,
                          uint32_t *out_crc)
{
    const unsigned char *p = base;
    uint64_t count;

    if (size < BF__SEG_HEADER)
        return "shorter than its header";
    /* The header checksum comes first so no field is believed before it. */
    if (memcmp(p, BF__SEG_MAGIC, 8) != 0)
        return "bad magic";
    if (bf__get_u32(p + 28) != crc_big(p, 28))
        return "header checksum mismatch";
    if (bf__get_u32(p + 8) != BF__SEG_VERSION)
        return "unknown version";
    if (bf__get_u32(p + 12) != BF__SEG_RECORD)
        return "bad record size";
    count = bf__get_u64(p + 16);
    if (count > (size - BF__SEG_HEADER) / BF__SEG_RECORD)
        return "truncated: fewer records than its header says";
    if (BF__SEG_HEADER + count * BF__SEG_RECORD != size)
        return "bytes after the last record";
    if (crc_big(p + BF__SEG_HEADER, size - BF__SEG_HEADER) !=
        bf__get_u32(p + 24))
        return "records checksum mismatch";
    if (out_count)
        *out_count = count;
    if (out_crc)
        *out_crc = bf__get_u32(p + 24);
    return NULL;
}

uint32_t bf__seg_crc(const void *recs, size_t n)
{
    return crc_big(recs, n);
}

void bf__seg_header(unsigned char h[BF__SEG_HEADER], uint64_t count,
                    uint32_t crc)
{
    memcpy(h, BF__SEG_MAGIC, 8);
    bf__put_u32(h + 8, BF__SEG_VERSION);
    bf__put_u32(h + 12, BF__SEG_RECORD);
    bf__put_u64(h + 16, count);
    bf__put_u32(h + 24, crc);
    bf__put_u32(h + 28, crc_big(h, 28));
}

bf_err bf__map_ro(const char *path, size_t min, void **out_base,
                  size_t *out_size)
{
    bf_err err = BF_OK;
    struct stat sb;
    void *base;
    int fd;

    *out_base = NULL;
    *out_size = 0;
    fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return errno == ENOENT ? BF_ENOTFOUND : bf_err_from_errno(errno);
    if (fstat(fd, &sb) != 0)
        err = bf_err_from_errno(errno);
    else if (sb.st_size < 0 || (uint64_t)sb.st_size < min ||
             (uint64_t)sb.st_size > SIZE_MAX)
        err = BF_ECORRUPT;
    if (!err) {
        base = mmap(NULL, (size_t)sb.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
        if (base == MAP_FAILED) {
            err = bf_err_from_errno(errno);
        } else {
            *out_base = base;
            *out_size = (size_t)sb.st_size;
        }
    }
    close(fd);
    return err;
}

bf_err bf__seg_map(const char *path, bf__seg *out)
{
    void *base = NULL;
    uint64_t count = 0;
    uint32_t crc = 0;
    size_t size = 0;
    bf_err err;

    memset(out, 0, sizeof *out);
    err = bf__map_ro(path, BF__SEG_HEADER, &base, &size);
    if (err)
        return err;
    if (bf__seg_check(base, size, &count, &crc)) {
        munmap(base, size);
        return BF_ECORRUPT;
    }
    out->base = base;
    out->size = size;
    out->recs = (const unsigned char *)base + BF__SEG_HEADER;
    out->count = count;
    out->crc = crc;
    return BF_OK;
}

/*
 * The sweep may unlink a new temp file between its creation and its lock
 * (it takes the lock first, then unlinks); the link count says so once the
 * lock is ours, and another name is tried.
 */
bf_err bf__tmp_create(const char *path, char **out_tmp, int *out_fd)
{
    size_t plen = strlen(path) + sizeof ".tmp-XXXXXX";
    struct stat sb;
    int tries;

    for (tries = 0; tries < 8; tries++) {
        char *tmp = malloc(plen);
        int fd;

        if (!tmp)
            return BF_ENOMEM;
        snprintf(tmp, plen, "%s.tmp-XXXXXX", path);
        fd = mkstemp(tmp);
        if (fd < 0) {
            bf_err err = bf_err_from_errno(errno);

            free(tmp);
            return err;
        }
        /* mkstemp makes it 0600; the files are as readable as the rest
         * of the store. */
        if (fcntl(fd, F_SETFD, FD_CLOEXEC) == 0 && flock(fd, LOCK_EX) == 0 &&
            fstat(fd, &sb) == 0 && sb.st_nlink > 0 && fchmod(fd, 0644) == 0) {
            *out_tmp = tmp;
            *out_fd = fd;
            return BF_OK;
        }
        close(fd);
        free(tmp);
    }
    return BF_EIO;
}

void bf__seg_unmap(bf__seg *s)
{
    if (s->base)
        munmap(s->base, s->size);
    memset(s, 0, sizeof *s);
}
