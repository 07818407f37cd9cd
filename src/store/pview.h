/*
 * pview.h - the store's posts as one table, merged from post segments.
 *
 * A view maps every committed post segment (pseg.h) of a store, oldest
 * first, and holds the drops (posts of an account that became protected).
 * It answers what SQL's posts table answered, with the same upsert
 * semantics, by merging at read time the rows of one key (platform,
 * native id) found in several segments:
 *
 *   - the rows of a key are applied oldest segment first; author and kind
 *     always take the newer row's value, every other field takes it only
 *     when the newer row knows it (created_at 0, counters -1 and absent
 *     strings are unknown), as COALESCE(excluded.x, x) did;
 *   - the merged post keeps the id (first-insert order) of the row that
 *     started it, and a post's author is its newest row's;
 *   - a drop (author, upto) deletes the merged post of that author as it
 *     stood after segment upto: rows of later segments start it afresh,
 *     with a new id, as a fresh INSERT after a DELETE did.
 *
 * A row is read only as the newest row of its key: older rows of the key
 * are folded into it through each segment's key index, so the cost of a
 * post is one index probe per other segment (none when the store has one
 * segment, as after bonafide check --repair or enough compaction).
 *
 * Ownership: the view owns its mappings; merged posts point into them and
 * live as long as the view.  Not thread-safe.
 *
 *     bf__pview v;
 *     bf__pview_load(db, dir, &v);
 *     bf__pview_author(&v, author, &vec);
 *     bf__pview_release(&v);
 */
#ifndef BF_STORE_PVIEW_H
#define BF_STORE_PVIEW_H

#include <stddef.h>
#include <stdint.h>

#include "base/err.h"
#include "store/pseg.h"

struct sqlite3;

/* A drop: posts of author as they stood after segment upto are gone. */
typedef struct bf__pdrop {
    uint32_t author;
    uint32_t upto;
} bf__pdrop;

typedef struct bf__pview {
    size_t n;         /* segments */
    bf__pseg *segs;   /* oldest first */
    uint32_t *ids;    /* their ids, ascending */
    bf__pdrop *drops; /* sorted by (author, upto) */
    size_t ndrops;
    /* Per segment, a bit per row: its key hash is in another segment too
     * (bf__pview_mark); NULL until marked. */
    uint8_t **shared;
    /* Per segment, its pread reader (bf__pview_scattered); NULL: every
     * read goes through the mappings. */
    bf__pblk *blk;
} bf__pview;

/* A merged post; strings are NULL when unknown. */
typedef struct bf__ppost {
    bf__prow r; /* author, kind, platform, created_at, id, counters */
    const char *str[BF__PS__N];
    size_t slen[BF__PS__N];
} bf__ppost;

/* A growable list of merged posts, reused from call to call. */
typedef struct bf__pvec {
    bf__ppost *v;
    size_t n, cap;
    /* Per segment, where the last author's rows ended: the next search
     * starts there when the rows before it are below the next author,
     * which a pass in ascending authors makes true (a stale hint is
     * only a search from the start). */
    uint64_t *hint;
    size_t nhint;
} bf__pvec;

/*
 * bf__pview_load reads the committed post segments and drops through db
 * (inside the caller's transaction, if any) and maps each from dir.  A
 * file that is missing gives BF_ENOTFOUND (a compaction may have replaced
 * it since the rows were read: read them again); one whose size or crc
 * differs from its row gives BF_ECORRUPT.  *out is zeroed on failure.
 */
bf_err bf__pview_load(struct sqlite3 *db, const char *dir, bf__pview *out);

/*
 * bf__pview_load_keep is bf__pview_load taking over from keep (may be
 * NULL) the mapping of each segment whose id, rows and CRC are the same:
 * a writer that reads the view at every commit keeps the pages of its
 * large old segments mapped, where mapping them anew touched each page
 * again (on this machine's virtual memory, about 2 us a page).  keep is
 * left with the mappings not taken; release it as ever.
 */
bf_err bf__pview_load_keep(struct sqlite3 *db, const char *dir, bf__pview *keep,
                           bf__pview *out);

/*
 * bf__pview_mark notes, for every row, whether another segment holds its
 * key hash, by one merge of the key indexes (O(rows), sequential): a
 * reader of many authors (a scan) then merges only the rows that need it
 * and reads the others as they are, with no search.  Worth it for a pass
 * over much of the store, not for an audit.
 */
bf_err bf__pview_mark(bf__pview *v);

/* bf__pview_release unmaps and frees; safe on a zeroed view. */
void bf__pview_release(bf__pview *v);

/*
 * bf__pview_author sets out to the posts of author, merged, in the order
 * created_at (unknown first), id.  O(its rows x segments x log rows); in
 * a pass over ascending authors, O(its rows x segments) plus the steps
 * from one author's rows to the next's.
 */
bf_err bf__pview_author(const bf__pview *v, uint32_t author, bf__pvec *out);

/*
 * bf__pview_newest sets *out to the newest created_at of author's live
 * posts, merged as bf__pview_author merges them, or 0 when none is dated.
 * It merges only what can decide it: the author's undated rows (whose
 * post may take an older row's date), then its dated rows, newest first,
 * until one is its post's newest row and alive, taking them from the end
 * of each segment's range (rows sort by date there), so the older rows
 * are never read.  With one segment and no drop, that is one row and
 * nothing merged.  An audit asks this of every follower it samples,
 * where bf__pview_author would merge every post of each.
 */
bf_err bf__pview_newest(const bf__pview *v, uint32_t author, int64_t *out);

/*
 * bf__pview_scattered gives each segment of v a pread reader (pseg.h,
 * bf__pblk), which bf__pview_newest then searches through: for a handle
 * that asks a few authors of large segments, whose mapped pages it would
 * touch once each.  Idempotent; BF_ENOMEM leaves v as it was.
 */
bf_err bf__pview_scattered(bf__pview *v);

/*
 * bf__pview_each calls fn for every live post whose rows lie in segments
 * first..n-1 of v, merged over those segments only (first 0: every post
 * of the store), in no promised order; fn returning non-BF_OK stops it.
 */
bf_err bf__pview_each(const bf__pview *v, size_t first,
                      bf_err (*fn)(void *ctx, const bf__ppost *p), void *ctx);

/*
 * bf__pview_count sets *out to the live posts of v, the count
 * bf__pview_each would call fn for with first 0.  O(rows) to mark the
 * rows whose key hash another segment holds (bf__pview_mark's merge of
 * the key indexes), reading only those rows, and the authors of the
 * others when there are drops; O(1) with one segment and no drop.
 */
bf_err bf__pview_count(const bf__pview *v, uint64_t *out);

/*
 * bf__pview_count_added sets *out_delta to the live posts of v less those
 * of v without segments first..n-1 (the segments a batch just wrote,
 * newer than every other), every drop of v older than segment first (a
 * batch that dropped nothing): what a writer adds to the count it had
 * before the batch.  Each key of those segments is looked up
 * in every other segment by its key index, and its rows there (a post
 * stored before: an upsert) are folded with and without the new ones.
 * O(k s log r) for k keys written into s segments of r rows, reading the
 * new rows and, of the others, only the keys' index entries and the rows
 * of their own keys, where bf__pview_count reads every key index and every
 * row whose hash two segments share.  seen, when not NULL, is called
 * with the author of every row of each key those segments share with
 * another (theirs too, an author perhaps more than once): the accounts
 * whose posts may read otherwise since the batch.
 */
bf_err bf__pview_count_added(const bf__pview *v, size_t first,
                             int64_t *out_delta,
                             void (*seen)(void *ctx, uint32_t author),
                             void *ctx);

/*
 * bf__pview_merge_start sets *out to the first segment a merge of
 * segments first..n-1 must take in for v to read the same after it:
 * first, or 0 (every segment) when a post the merge would leave out,
 * dropped after a segment of the range, still has rows in older segments
 * that alone make a live post (its key was another author's before the
 * one dropped had it): the merged file has no row to say that the post is
 * gone, and the older row would come back.  O(1) without drops after
 * segment first; else a search per other segment for each row of a
 * dropped author in the range.
 */
bf_err bf__pview_merge_start(const bf__pview *v, size_t first, size_t *out);

/*
 * bf__pview_write_merged writes the posts of segments first..n-1 of v,
 * merged over those segments only (the posts bf__pview_each gives with
 * first), as one post segment dir/name: the same file, byte for byte, as
 * bf__pseg_write of those posts, without holding them.  Each segment's
 * rows are sorted already, so the rows no other segment of the range
 * shares a key hash with are merged as they lie, and only the others are
 * folded and sorted; the writer reads the rows twice and keeps 32 bytes a
 * row, and the folded posts.  *out_rows (may be NULL) gets the posts
 * written.  BF_ECORRUPT when a segment's rows are out of order or a row's
 * key hash is not its id's: what bf__pseg_check would find in the file
 * written.
 */
bf_err bf__pview_write_merged(const bf__pview *v, size_t first, const char *dir,
                              const char *name, uint64_t *out_rows,
                              uint32_t *out_crc, uint64_t *out_bytes);

/* bf__pvec_release frees a list. */
void bf__pvec_release(bf__pvec *vec);

#endif
