/*
 * segment.h - follow segments: append-only binary files of follow edges.
 *
 * A batch's follows are written as one segment file, follows-NNNNNN.seg,
 * in the store directory.  The file is a 32-byte header followed by fixed
 * 16-byte records, all little-endian (docs/graph-format.md):
 *
 *   header   magic "BFSEG001", u32 version (1), u32 record size (16),
 *            u64 record count, u32 crc32 of the records, u32 crc32 of
 *            the header's first 28 bytes
 *   record   u32 follower, u32 followee (dense ids), u32 observed_at
 *            (seconds, 0 unknown), i32 position (-1 unknown)
 *
 * Invariants: a file is written to NAME.tmp, fsync'd, renamed to NAME and
 * the directory fsync'd, so a segment that exists under its final name is
 * complete.  Whether it counts is decided by the store's segments table,
 * not by its presence (store.h).
 *
 * Ownership: bf__seg_map maps a file read-only; the caller owns the
 * mapping and ends it with bf__seg_unmap.
 *
 *     unsigned char rec[BF__SEG_RECORD];
 *     bf__seg_encode(rec, 0, 1, 0, -1);
 *     err = bf__seg_write(dir, "follows-000001.seg", rec, 1, &crc);
 */
#ifndef BF_STORE_SEGMENT_H
#define BF_STORE_SEGMENT_H

#include <stddef.h>
#include <stdint.h>

#include "base/err.h"

#define BF__SEG_MAGIC   "BFSEG001"
#define BF__SEG_VERSION 1
#define BF__SEG_HEADER  32
#define BF__SEG_RECORD  16

/* A validated, read-only mapping of one segment file. */
typedef struct bf__seg {
    void *base;                /* the mapping, NULL when empty */
    size_t size;               /* bytes mapped */
    const unsigned char *recs; /* count records of BF__SEG_RECORD bytes */
    uint64_t count;
    uint32_t crc; /* crc32 of the records */
} bf__seg;

/*
 * bf__seg_encode writes one record at p.  observed_at is clamped to
 * 0..UINT32_MAX; a position outside int32_t becomes -1 (unknown).
 */
void bf__seg_encode(unsigned char *p, uint32_t follower, uint32_t followee,
                    int64_t observed_at, int64_t position);

/* bf__seg_decode reads the two endpoints of the record at p. */
void bf__seg_decode(const unsigned char *p, uint32_t *out_follower,
                    uint32_t *out_followee);

/*
 * bf__seg_write writes count records from recs to dir/name atomically
 * (temp file, fsync, rename, fsync of dir) and sets *out_crc to the crc32
 * of the records.  A system call failure names its cause (BF_ENOSPC for a
 * full disk, BF_EACCES, else BF_EIO); no temp file is left behind.
 */
bf_err bf__seg_write(const char *dir, const char *name, const void *recs,
                     uint64_t count, uint32_t *out_crc);

/*
 * bf__seg_map maps path and validates magic, version, record size, header
 * checksum, size against count and the records' crc32.  BF_ENOTFOUND when
 * the file is missing, BF_ECORRUPT when any check fails (bf__seg_check
 * says which), else the cause of the system call's failure.
 */
bf_err bf__seg_map(const char *path, bf__seg *out);

/*
 * bf__seg_check validates the size bytes at base as a segment file, as
 * bf__seg_map does, and returns NULL when it passes (filling *out_count
 * and *out_crc, either may be NULL) or a static English phrase naming the
 * first check that failed ("records checksum mismatch"), for bonafide
 * check.  O(size).
 */
const char *bf__seg_check(const void *base, size_t size, uint64_t *out_count,
                          uint32_t *out_crc);

/* bf__seg_crc is the CRC-32 of n record bytes, as the header holds it. */
uint32_t bf__seg_crc(const void *recs, size_t n);

/* bf__seg_header fills a segment header for count records of crc crc. */
void bf__seg_header(unsigned char h[BF__SEG_HEADER], uint64_t count,
                    uint32_t crc);

/*
 * bf__map_ro maps the whole of path read-only into *out_base, *out_size:
 * BF_ENOTFOUND when the file is missing, BF_ECORRUPT when it is shorter
 * than min bytes, else the cause of a system call's failure.  The caller
 * ends the mapping with munmap.  (Follow and post segments share it.)
 */
bf_err bf__map_ro(const char *path, size_t min, void **out_base,
                  size_t *out_size);

/* bf__seg_unmap ends a mapping made by bf__seg_map; safe on a zeroed one. */
void bf__seg_unmap(bf__seg *s);

/*
 * bf__write_all writes n bytes from p to fd, retrying short writes and
 * EINTR.  A failure names its cause (a full disk is BF_ENOSPC, not
 * BF_EIO).  Shared by the store's file writers.
 */
bf_err bf__write_all(int fd, const void *p, size_t n);

/*
 * bf__fsync_dir makes a rename in dir durable by fsync'ing the directory
 * itself.  Shared with the CSR writer.
 */
bf_err bf__fsync_dir(const char *dir);

/*
 * bf__tmp_create creates a temp file beside path, named path.tmp-XXXXXX
 * (mkstemp, mode 0644, close-on-exec), for a file that is then renamed
 * over path, and holds an exclusive flock on it until *out_fd is closed:
 * the store's sweep removes only temp files nobody holds, so concurrent
 * writers of the same file (readers rebuilding graph.csr, a PageRank
 * cache) never share or delete each other's.  Keep the descriptor open
 * until after the rename.  *out_tmp (malloc'd) is the temp file's path.
 * A failure names its cause (BF_ENOSPC, BF_EACCES...).
 */
bf_err bf__tmp_create(const char *path, char **out_tmp, int *out_fd);

/* bf__put_u32 / bf__put_u64 store v little-endian at p. */
void bf__put_u32(unsigned char *p, uint32_t v);
void bf__put_u64(unsigned char *p, uint64_t v);

/* bf__get_u32 / bf__get_u64 load a little-endian value from p. */
uint32_t bf__get_u32(const unsigned char *p);
uint64_t bf__get_u64(const unsigned char *p);

#endif
