/*
 * pseg.h - post segments: append-only binary files of posts.
 *
 * A batch's posts are written as one file, posts-NNNNNN.pseg, in the
 * store directory, as a batch's follows are (segment.h).  The file is a
 * 64-byte header, then the rows, then a key index, then a string heap,
 * then the author fences, all little-endian (docs/graph-format.md, "Post
 * segments"):
 *
 *   header   magic "BFPSEG01", u32 version (2), u32 row size (152),
 *            u64 row count, u64 heap bytes, u32 crc32 of everything after
 *            the header, 20 zero bytes, u32 crc32 of the header's first
 *            60 bytes
 *   row      u32 author (dense id), u32 platform (the platforms table's
 *            id), i64 created_at (0 unknown), u64 id (first-insert
 *            order: segment id << 32 | arrival), u64 key hash, 8 x i64
 *            counters (likes, reposts, replies, quotes, views, hashtags,
 *            mentions, urls; -1 unknown), u32 kind, u32 zero, 4 x u64
 *            string offsets then 4 x u32 string lengths (native id, text,
 *            parent id, source; length 0xFFFFFFFF: unknown)
 *   key      u64 key hash, u32 row, u32 zero; sorted by (hash, row)
 *   heap     the strings, each followed by a NUL byte
 *   fences   u32 author of row 0, BF__PSEG_FENCE, 2 BF__PSEG_FENCE, ...:
 *            ceil(count / BF__PSEG_FENCE) of them (version 2; a version 1
 *            file ends with its heap and has none)
 *
 * Rows are sorted by (author, created_at with unknown first, id), so one
 * author's rows are a range found by binary search and come in the order
 * bf_store_each_post gives.  The fences, 1/2432 of the rows' bytes, find
 * the block of BF__PSEG_FENCE rows where that range starts without a
 * probe into the rows outside it: a search of a mapped segment of
 * millions of rows touched a page per probe, two dozen of them.  A key (platform, native id) is at most once
 * in a segment; the key index finds it by hash.
 *
 * Invariants: a file is written to NAME.tmp, fsync'd and renamed, as a
 * follow segment is; whether it counts is decided by the store's
 * post_segments table, not by its presence (store.h).  Mapping checks the
 * header and the sizes, O(1); every row and key read through the calls
 * below is checked where it is read (string bounds, kind), so a damaged
 * file gives BF_ECORRUPT, never a wild read.  The checksum and the order
 * are verified by bf__pseg_check (bonafide check).
 *
 * Ownership: the caller owns a mapping and ends it with bf__pseg_unmap;
 * strings handed out point into it.
 *
 *     bf__prow r;
 *     bf__pseg s;
 *     bf__pseg_map("store/posts-000001.pseg", &s);
 *     i = bf__pseg_lower(&s, 0, author);
 */
#ifndef BF_STORE_PSEG_H
#define BF_STORE_PSEG_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "base/err.h"

#define BF__PSEG_MAGIC   "BFPSEG01"
#define BF__PSEG_VERSION 2
/* Rows per author fence (a power of two). */
#define BF__PSEG_FENCE  64
#define BF__PSEG_HEADER 64
#define BF__PSEG_ROW    152
#define BF__PSEG_KEY    16
/* A string the row does not know. */
#define BF__PSEG_NOSTR UINT32_MAX

/* The counters of a row, in file order. */
enum {
    BF__PC_LIKES,
    BF__PC_REPOSTS,
    BF__PC_REPLIES,
    BF__PC_QUOTES,
    BF__PC_VIEWS,
    BF__PC_HASHTAGS,
    BF__PC_MENTIONS,
    BF__PC_URLS,
    BF__PC__N
};

/* The strings of a row, in file order. */
enum { BF__PS_NATIVE, BF__PS_TEXT, BF__PS_PARENT, BF__PS_SOURCE, BF__PS__N };

/*
 * One row, decoded.  off/len locate the strings in a heap (the file's, or
 * a writer's buffer); len BF__PSEG_NOSTR is an unknown string.
 */
typedef struct bf__prow {
    uint32_t author;
    uint32_t platform;
    int64_t created_at;
    uint64_t id;
    uint64_t hash;
    int64_t cnt[BF__PC__N];
    uint32_t kind;
    uint64_t off[BF__PS__N];
    uint32_t len[BF__PS__N];
} bf__prow;

/* A mapped post segment whose header and sizes were checked. */
typedef struct bf__pseg {
    void *base; /* the mapping, NULL when none */
    size_t size;
    const unsigned char *rows;
    const unsigned char *keys;
    const char *heap;
    const unsigned char *fences; /* NULL in a version 1 file */
    uint64_t count;
    uint64_t heap_len;
    uint32_t crc; /* crc32 of everything after the header, as it claims */
    char *path;   /* the file's, for bf__pblk; NULL when none */
} bf__pseg;

/* bf__pseg_hash is the key hash of (platform, native id of n bytes). */
uint64_t bf__pseg_hash(uint32_t platform, const char *native, size_t n);

/*
 * bf__pseg_write writes the n rows (strings in heap) to dir/name
 * atomically, sorted by (author, created_at, id), with their key index;
 * *out_crc gets the body's crc32 and *out_bytes the file size.  A row's
 * strings are copied from heap, so the caller's heap may hold dead bytes.
 * BF_EINVAL when two rows share a key; a failed system call names its
 * cause, and no temp file is left behind.
 */
bf_err bf__pseg_write(const char *dir, const char *name, const bf__prow *rows,
                      size_t n, const char *heap, size_t heap_len,
                      uint32_t *out_crc, uint64_t *out_bytes);

/*
 * The rows a writer takes, already in file order: next fills *r and str
 * (str[k] NULL where r->len[k] is BF__PSEG_NOSTR; r->off is not read) and
 * gives BF_ENOTFOUND past the last row; rewind starts from the first,
 * and the rows must be the same each time (the writer rewinds, reads
 * the rows and their offsets, rewinds again and reads the strings).  nul: every string is
 * followed by a NUL byte in memory, so it goes out in one piece.
 */
typedef struct bf__pseg_src {
    bf_err (*rewind)(void *ctx);
    bf_err (*next)(void *ctx, bf__prow *r, const char **str);
    void *ctx;
    int nul;
} bf__pseg_src;

/*
 * bf__pseg_write_from writes the rows src gives, at most cap, to dir/name
 * as bf__pseg_write does, without holding them: memory is 32 bytes a row
 * for the key index, whatever the strings weigh.  *out_rows (may be NULL)
 * gets the rows written.  BF_EINVAL when the rows are out of order, over
 * cap, or two share a key; no temp file is left behind.
 */
bf_err bf__pseg_write_from(const char *dir, const char *name,
                           const bf__pseg_src *src, uint64_t cap,
                           uint64_t *out_rows, uint32_t *out_crc,
                           uint64_t *out_bytes);

/*
 * bf__pseg_map maps path and checks its header and sizes.  BF_ENOTFOUND
 * when the file is missing, BF_ECORRUPT when a check fails.
 */
bf_err bf__pseg_map(const char *path, bf__pseg *out);

/* bf__pseg_unmap ends a mapping; safe on a zeroed one. */
void bf__pseg_unmap(bf__pseg *s);

/*
 * bf__pseg_check validates size bytes at base as a post segment: header,
 * checksum, each row's strings and kind, the rows' order, the key index
 * (sorted, each row once, hashes matching), the fences (each its row's
 * author).  NULL when it passes (filling
 * *out_count and *out_crc, either may be NULL), else a static English
 * phrase naming the first failure.  O(size + count log count).
 */
const char *bf__pseg_check(const void *base, size_t size, uint64_t *out_count,
                           uint32_t *out_crc);

/*
 * A reader of a mapped segment's rows by pread, BF__PSEG_FENCE rows (one
 * fence's block) at a time, with the fences copied: for a handle that
 * reads a few authors scattered over a large segment (an audit's
 * followers).  A first touch of a mapped page costs a page fault that
 * maps the pages around it; a search touches three or four row pages and
 * as many fence pages: 2,000 authors of a 5.9 M-row segment took 58 ms
 * through the mapping and 11 ms by pread on this build's machine
 * (docs/store.md).  Every call takes b NULL for the mapping itself; a
 * read that fails or comes short falls back to the mapping, whose rows
 * are the same bytes (segments are never rewritten in place).
 *
 * Ownership: b owns its buffer and copy; bf__pblk_release ends them.
 * Not thread-safe (one per handle, as the view that holds it).
 */
typedef struct bf__pblk {
    uint64_t first, n;     /* rows [first, first + n) are in rows */
    unsigned char *rows;   /* BF__PSEG_FENCE rows */
    unsigned char *fences; /* the fences, copied; NULL: the mapping's */
    int fd;                /* s's file, -1: every read is the mapping's */
} bf__pblk;

/*
 * bf__pblk_init readies b for s, opening s's file (kept only when its
 * header is the mapping's: a file of that name made since is another
 * file); BF_ENOMEM leaves it released.
 */
bf_err bf__pblk_init(bf__pblk *b, const bf__pseg *s);

/* bf__pblk_release frees b's buffers; safe on a zeroed one. */
void bf__pblk_release(bf__pblk *b);

/* bf__pblk_author and bf__pblk_created are bf__pseg_author and
 * bf__pseg_created read through b (NULL: the mapping). */
uint32_t bf__pblk_author(bf__pblk *b, const bf__pseg *s, uint64_t i);
int64_t bf__pblk_created(bf__pblk *b, const bf__pseg *s, uint64_t i);

/* bf__pblk_lower is bf__pseg_lower read through b (NULL: the mapping). */
uint64_t bf__pblk_lower(bf__pblk *b, const bf__pseg *s, uint64_t from,
                        uint32_t author);

/* bf__pseg_author is the author of row i (i < count). */
uint32_t bf__pseg_author(const bf__pseg *s, uint64_t i);

/* bf__pseg_created is the created_at of row i (i < count), 0 unknown. */
int64_t bf__pseg_created(const bf__pseg *s, uint64_t i);

/*
 * bf__pseg_lower is the first row at or after from whose author is not
 * below author (count when none); every row before from must be below
 * author.  O(1) when from is the answer.  With fences, a binary search of
 * the fences after from's block, then of one block's rows; without, steps
 * doubling from from, then a binary search, O(log distance) rows.
 */
uint64_t bf__pseg_lower(const bf__pseg *s, uint64_t from, uint32_t author);

/*
 * bf__pseg_row decodes row i (i < count); BF_ECORRUPT when a string lies
 * outside the heap or is not NUL-terminated, or the kind is unknown.
 */
bf_err bf__pseg_row(const bf__pseg *s, uint64_t i, bf__prow *out);

/*
 * bf__pseg_row_key decodes what a count reads of row i: its author,
 * platform, id, key hash, kind and native id (checked as bf__pseg_row
 * checks them); its counters read unknown and its other strings absent.
 * One string of the heap is checked where bf__pseg_row checks four: the
 * walks that compare keys (a batch's count, a merge's range) read no more.
 */
bf_err bf__pseg_row_key(const bf__pseg *s, uint64_t i, bf__prow *out);

/* bf__pblk_row is bf__pseg_row read through b (NULL: the mapping): the
 * row a search through b just met is in b's block already. */
bf_err bf__pblk_row(bf__pblk *b, const bf__pseg *s, uint64_t i, bf__prow *out);

/*
 * bf__pseg_find finds the row of (platform, native id of n bytes, hash
 * hash) through the key index: *out_row gets it, or count when the
 * segment has none.  BF_ECORRUPT when the index names a row past count.
 */
bf_err bf__pseg_find(const bf__pseg *s, uint64_t hash, uint32_t platform,
                     const char *native, size_t n, uint64_t *out_row);

/*
 * bf__pseg_key_at is bf__pseg_find from entry at of the key index, the
 * first whose hash is not below hash (a search already made): the row of
 * the key among the entries of that hash, count when none.  key_only
 * reads each candidate row as bf__pseg_row_key does, not whole.
 */
bf_err bf__pseg_key_at(const bf__pseg *s, uint64_t at, uint64_t hash,
                       uint32_t platform, const char *native, size_t n,
                       int key_only, uint64_t *out_row);

/*
 * bf__pseg_key_hash and bf__pseg_key_row read entry k (k < count) of the
 * key index; the row is not checked against count.  Inline: merges of
 * key indexes (counts, compaction) read millions of them, and a call
 * each was most of such a walk.
 */
static inline uint64_t bf__pseg_key_hash(const bf__pseg *s, uint64_t k)
{
    uint64_t v;

    memcpy(&v, s->keys + k * BF__PSEG_KEY, sizeof v);
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
    v = __builtin_bswap64(v);
#endif
    return v;
}

static inline uint64_t bf__pseg_key_row(const bf__pseg *s, uint64_t k)
{
    uint32_t v;

    memcpy(&v, s->keys + k * BF__PSEG_KEY + 8, sizeof v);
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
    v = __builtin_bswap32(v);
#endif
    return v;
}

#endif
