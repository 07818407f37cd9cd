/*
 * pview.c - merging post segments at read time.
 *
 * Everything turns on fold(): given one row of a key, it finds the key's
 * rows in the other segments of a range through their key indexes and
 * applies them oldest first, with the drops in between, into one merged
 * post.  A reader walks rows (one author's range in each segment, or
 * every row) and folds only a row that is the newest of its key, so each
 * post comes out once, under the author its newest row names.
 *
 * Drops are few (an account turning protected) and loaded whole, sorted,
 * so "was author X dropped between segments a and b" is a binary search.
 */
#include "store/pview.h"

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A list grows to at most this many posts: one author's timeline. */
#define VEC_MAX ((size_t)1 << 28)

void bf__pview_release(bf__pview *v)
{
    size_t i;

    for (i = 0; i < v->n; i++) {
        bf__pseg_unmap(&v->segs[i]);
        if (v->shared)
            free(v->shared[i]);
        if (v->blk)
            bf__pblk_release(&v->blk[i]);
    }
    free(v->shared);
    free(v->blk);
    free(v->segs);
    free(v->ids);
    free(v->drops);
    memset(v, 0, sizeof *v);
}

void bf__pvec_release(bf__pvec *vec)
{
    free(vec->v);
    free(vec->hint);
    memset(vec, 0, sizeof *vec);
}

static int cmp_drop(const void *a, const void *b)
{
    const bf__pdrop *x = a, *y = b;

    if (x->author != y->author)
        return x->author < y->author ? -1 : 1;
    return x->upto < y->upto ? -1 : x->upto > y->upto;
}

/* load_drops reads post_drops into v, sorted. */
static bf_err load_drops(sqlite3 *db, bf__pview *v)
{
    sqlite3_stmt *s = NULL;
    size_t cap = 0;
    bf_err err = BF_OK;
    int rc;

    rc = sqlite3_prepare_v2(db, "SELECT author, upto FROM post_drops", -1, &s,
                            NULL);
    while (s && (rc = sqlite3_step(s)) == SQLITE_ROW) {
        if (v->ndrops == cap) {
            size_t c = cap ? cap * 2 : 16;
            bf__pdrop *d = realloc(v->drops, c * sizeof *d);

            if (!d) {
                err = BF_ENOMEM;
                break;
            }
            v->drops = d;
            cap = c;
        }
        v->drops[v->ndrops].author = (uint32_t)sqlite3_column_int64(s, 0);
        v->drops[v->ndrops].upto = (uint32_t)sqlite3_column_int64(s, 1);
        v->ndrops++;
    }
    if (!err && rc != SQLITE_DONE)
        err = BF_ESQL;
    sqlite3_finalize(s);
    if (!err && v->ndrops > 1)
        qsort(v->drops, v->ndrops, sizeof *v->drops, cmp_drop);
    return err;
}

bf_err bf__pview_load(sqlite3 *db, const char *dir, bf__pview *out)
{
    return bf__pview_load_keep(db, dir, NULL, out);
}

/* kept moves into *out keep's mapping of segment id with rows and crc,
 * if it has one; 1 when it did. */
static int kept(bf__pview *keep, uint32_t id, uint64_t rows, uint32_t crc,
                bf__pseg *out)
{
    size_t i;

    for (i = 0; keep && i < keep->n; i++)
        if (keep->ids[i] == id && keep->segs[i].base &&
            keep->segs[i].count == rows && keep->segs[i].crc == crc) {
            *out = keep->segs[i];
            memset(&keep->segs[i], 0, sizeof keep->segs[i]);
            return 1;
        }
    return 0;
}

bf_err bf__pview_load_keep(sqlite3 *db, const char *dir, bf__pview *keep,
                           bf__pview *out)
{
    sqlite3_stmt *s = NULL;
    size_t cap = 0;
    bf_err err = BF_OK;
    int rc;

    memset(out, 0, sizeof *out);
    rc = sqlite3_prepare_v2(db,
                            "SELECT id, file, rows, crc FROM post_segments"
                            " ORDER BY id",
                            -1, &s, NULL);
    while (s && (rc = sqlite3_step(s)) == SQLITE_ROW) {
        const char *file = (const char *)sqlite3_column_text(s, 1);
        char *path;
        size_t plen;

        if (out->n == cap) {
            size_t c = cap ? cap * 2 : 8;
            bf__pseg *g = realloc(out->segs, c * sizeof *g);
            uint32_t *d = g ? realloc(out->ids, c * sizeof *d) : NULL;

            if (g)
                out->segs = g;
            if (!g || !d) {
                err = BF_ENOMEM;
                break;
            }
            out->ids = d;
            cap = c;
        }
        if (!file || strchr(file, '/')) {
            err = BF_ECORRUPT;
            break;
        }
        if (kept(keep, (uint32_t)sqlite3_column_int64(s, 0),
                 (uint64_t)sqlite3_column_int64(s, 2),
                 (uint32_t)sqlite3_column_int64(s, 3), &out->segs[out->n])) {
            out->ids[out->n++] = (uint32_t)sqlite3_column_int64(s, 0);
            continue;
        }
        plen = strlen(dir) + strlen(file) + 2;
        path = malloc(plen);
        if (!path) {
            err = BF_ENOMEM;
            break;
        }
        snprintf(path, plen, "%s/%s", dir, file);
        err = bf__pseg_map(path, &out->segs[out->n]);
        free(path);
        if (err)
            break;
        out->ids[out->n] = (uint32_t)sqlite3_column_int64(s, 0);
        out->n++;
        if (out->segs[out->n - 1].count !=
                    (uint64_t)sqlite3_column_int64(s, 2) ||
            out->segs[out->n - 1].crc != (uint32_t)sqlite3_column_int64(s, 3)) {
            err = BF_ECORRUPT;
            break;
        }
    }
    if (!err && rc != SQLITE_DONE)
        err = BF_ESQL;
    sqlite3_finalize(s);
    if (!err)
        err = load_drops(db, out);
    if (err)
        bf__pview_release(out);
    return err;
}

/* One row met by a merge: its segment (index into the view) and row. */
typedef struct krow {
    size_t seg;
    bf__prow r;
} krow;

static void fold_rows(const struct bf__pview *v, const krow *rows, size_t n,
                      bf__ppost *out, int *out_live);

/* dropped says whether author was dropped after segment a, before b:
 * a drop with a <= upto < b. */
static int dropped(const bf__pview *v, uint32_t author, uint64_t a, uint64_t b)
{
    size_t lo = 0, hi = v->ndrops;

    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        const bf__pdrop *d = &v->drops[mid];

        if (d->author < author || (d->author == author && d->upto < a))
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < v->ndrops && v->drops[lo].author == author &&
           v->drops[lo].upto < b;
}

/* apply merges row r of segment g over p (start: p begins with r). */
static void apply(bf__ppost *p, const bf__prow *r, const bf__pseg *g, int start)
{
    int k;

    if (start) {
        p->r = *r;
        for (k = 0; k < BF__PS__N; k++) {
            p->str[k] =
                    r->len[k] == BF__PSEG_NOSTR ? NULL : g->heap + r->off[k];
            p->slen[k] = r->len[k] == BF__PSEG_NOSTR ? 0 : r->len[k];
        }
        return;
    }
    p->r.author = r->author;
    p->r.kind = r->kind;
    p->r.platform = r->platform;
    if (r->created_at != 0)
        p->r.created_at = r->created_at;
    for (k = 0; k < BF__PC__N; k++)
        if (r->cnt[k] >= 0)
            p->r.cnt[k] = r->cnt[k];
    for (k = 0; k < BF__PS__N; k++) {
        if (r->len[k] == BF__PSEG_NOSTR)
            continue;
        p->str[k] = g->heap + r->off[k];
        p->slen[k] = r->len[k];
    }
}

/*
 * newest says whether row r of segment i has no newer row of its key in
 * segments i+1..n-1.
 */
static bf_err newest(const bf__pview *v, size_t i, const bf__prow *r,
                     const bf__pseg *g, int *out)
{
    const char *native = g->heap + r->off[BF__PS_NATIVE];
    size_t j;

    *out = 1;
    for (j = i + 1; j < v->n; j++) {
        uint64_t row;
        bf_err err = bf__pseg_find(&v->segs[j], r->hash, r->platform, native,
                                   r->len[BF__PS_NATIVE], &row);

        if (err)
            return err;
        if (row < v->segs[j].count) {
            *out = 0;
            break;
        }
    }
    return BF_OK;
}

/*
 * fold merges the rows of the key of row r (segment i, its newest) found
 * in segments first..i into *out; *out_live is 0 when a drop removed it.
 */
static bf_err fold(const bf__pview *v, size_t first, size_t i,
                   const bf__prow *r, bf__ppost *out, int *out_live)
{
    const bf__pseg *g = &v->segs[i];
    const char *native = g->heap + r->off[BF__PS_NATIVE];
    uint64_t last = 0;
    int valid = 0;
    size_t j;
    bf_err err;

    for (j = first; j <= i; j++) {
        bf__prow o;
        uint64_t row;

        if (j == i) {
            o = *r;
        } else {
            err = bf__pseg_find(&v->segs[j], r->hash, r->platform, native,
                                r->len[BF__PS_NATIVE], &row);
            if (!err && row < v->segs[j].count)
                err = bf__pseg_row(&v->segs[j], row, &o);
            if (err)
                return err;
            if (row >= v->segs[j].count)
                continue;
        }
        if (valid && v->ndrops && dropped(v, out->r.author, last, v->ids[j]))
            valid = 0;
        apply(out, &o, &v->segs[j], !valid);
        valid = 1;
        last = v->ids[j];
    }
    if (valid && v->ndrops &&
        dropped(v, out->r.author, last, (uint64_t)UINT32_MAX + 1))
        valid = 0;
    *out_live = valid;
    return BF_OK;
}

static int cmp_post(const void *a, const void *b)
{
    const bf__ppost *x = a, *y = b;
    int kx = x->r.created_at != 0, ky = y->r.created_at != 0;

    if (kx != ky)
        return kx < ky ? -1 : 1;
    if (x->r.created_at != y->r.created_at)
        return x->r.created_at < y->r.created_at ? -1 : 1;
    return x->r.id < y->r.id ? -1 : x->r.id > y->r.id;
}

/* vec_push appends an empty post to vec and returns it, or NULL. */
static bf__ppost *vec_push(bf__pvec *vec)
{
    if (vec->n == vec->cap) {
        size_t c = vec->cap ? vec->cap * 2 : 64;
        bf__ppost *p;

        if (c > VEC_MAX)
            return NULL;
        p = realloc(vec->v, c * sizeof *p);
        if (!p)
            return NULL;
        vec->v = p;
        vec->cap = c;
    }
    return &vec->v[vec->n++];
}

bf_err bf__pview_author(const bf__pview *v, uint32_t author, bf__pvec *out)
{
    bf_err err = BF_OK;
    size_t i;

    out->n = 0;
    if (out->nhint < v->n) {
        uint64_t *h = realloc(out->hint, v->n * sizeof *h);

        if (!h)
            return BF_ENOMEM;
        memset(h + out->nhint, 0, (v->n - out->nhint) * sizeof *h);
        out->hint = h;
        out->nhint = v->n;
    }
    for (i = 0; !err && i < v->n; i++) {
        const bf__pseg *g = &v->segs[i];
        uint64_t h = out->hint[i], k;

        /* The hint holds when every row before it is below author. */
        if (h > g->count || (h > 0 && bf__pseg_author(g, h - 1) >= author))
            h = 0;
        k = bf__pseg_lower(g, h, author);

        for (; !err && k < g->count && bf__pseg_author(g, k) == author; k++) {
            bf__prow r;
            bf__ppost *p;
            int top = 1, live = 1;

            /* A key no other segment holds is this row alone. */
            int alone =
                    v->n == 1 ||
                    (v->shared && !(v->shared[i][k >> 3] & (1u << (k & 7))));

            err = bf__pseg_row(g, k, &r);
            if (!err && !alone && i + 1 < v->n)
                err = newest(v, i, &r, g, &top);
            if (err || !top)
                continue;
            p = vec_push(out);
            if (!p) {
                err = BF_ELIMIT;
                break;
            }
            if (alone && !v->ndrops) {
                apply(p, &r, g, 1);
            } else if (alone) {
                krow one;

                one.seg = i;
                one.r = r;
                fold_rows(v, &one, 1, p, &live);
            } else {
                err = fold(v, 0, i, &r, p, &live);
            }
            if (err || !live)
                out->n--;
        }
        out->hint[i] = k;
    }
    /* Each segment's range is in order; across segments they interleave. */
    if (!err && v->n > 1 && out->n > 1)
        qsort(out->v, out->n, sizeof *out->v, cmp_post);
    return err;
}

/* One of an author's rows met by bf__pview_newest. */
typedef struct arow {
    size_t seg;
    uint64_t row;
} arow;

/*
 * merged_at merges author row a as bf__pview_author would: *out_at gets
 * its post's created_at, and *out_live 0 when the row is not its post's
 * newest (the post is read there, perhaps under another author) or a
 * drop removed the post.
 */
static bf_err merged_at(const bf__pview *v, const arow *a, int64_t *out_at,
                        int *out_live)
{
    const bf__pseg *g = &v->segs[a->seg];
    bf__prow r;
    bf__ppost p;
    int top = 1;
    bf_err err = bf__pblk_row(v->blk ? &v->blk[a->seg] : NULL, g, a->row, &r);

    *out_live = 0;
    if (!err && a->seg + 1 < v->n)
        err = newest(v, a->seg, &r, g, &top);
    if (err || !top)
        return err;
    /* The newest row's known date is its post's, and with no drop the
     * post is alive: the older rows could change neither. */
    if (r.created_at != 0 && !v->ndrops) {
        *out_at = r.created_at;
        *out_live = 1;
        return BF_OK;
    }
    memset(&p, 0, sizeof p);
    err = fold(v, 0, a->seg, &r, &p, out_live);
    *out_at = p.r.created_at;
    return err;
}

/*
 * An author's rows in one segment: [lo, dated) undated, then dated ones
 * ascending, the next to try at top - 1 (none left when top == dated).
 */
typedef struct arange {
    uint64_t lo, dated, top;
} arange;

bf_err bf__pview_scattered(bf__pview *v)
{
    bf__pblk *b;
    size_t i;

    if (v->blk || !v->n)
        return BF_OK;
    b = calloc(v->n, sizeof *b);
    if (!b)
        return BF_ENOMEM;
    for (i = 0; i < v->n; i++)
        if (bf__pblk_init(&b[i], &v->segs[i]) != BF_OK) {
            while (i-- > 0)
                bf__pblk_release(&b[i]);
            free(b);
            return BF_ENOMEM;
        }
    v->blk = b;
    return BF_OK;
}

bf_err bf__pview_newest(const bf__pview *v, uint32_t author, int64_t *out)
{
    arange stack[8], *rg = v->n <= 8 ? stack : malloc(v->n * sizeof *rg);
    int64_t best = 0;
    bf_err err = BF_OK;
    size_t i;

    *out = 0;
    if (!rg)
        return BF_ENOMEM;
    /* Rows sort by (author, created_at with unknown first, id): each
     * segment's range is its undated rows, then its dated ones oldest
     * first, so its newest is at the range's end. */
    for (i = 0; i < v->n; i++) {
        const bf__pseg *g = &v->segs[i];
        bf__pblk *b = v->blk ? &v->blk[i] : NULL;
        uint64_t k = bf__pblk_lower(b, g, 0, author), hi = k;

        rg[i].lo = k;
        while (hi < g->count && bf__pblk_author(b, g, hi) == author &&
               bf__pblk_created(b, g, hi) == 0)
            hi++;
        rg[i].dated = hi;
        if (hi < g->count && bf__pblk_author(b, g, hi) == author)
            hi = author == UINT32_MAX ? g->count
                                      : bf__pblk_lower(b, g, hi, author + 1);
        rg[i].top = hi;
    }
    /* Every undated row: each may merge with an older, dated row of its
     * key, so each is merged whatever its place. */
    for (i = 0; !err && i < v->n; i++) {
        arow a;

        a.seg = i;
        for (a.row = rg[i].lo; !err && a.row < rg[i].dated; a.row++) {
            int64_t at = 0;
            int live = 0;

            err = merged_at(v, &a, &at, &live);
            if (!err && live && at > best)
                best = at;
        }
    }
    /*
     * Then the dated rows, newest first across segments: a dated row that
     * is its post's newest gives its post that date, so the first such
     * alive is the answer unless an undated one above gave more.  A date
     * before 1970 is never the newest (a walk's reader counts dates above
     * 0), and those sort below every later one.
     */
    while (!err) {
        size_t pick = v->n;
        int64_t at = 0, merged = 0;
        int live = 0;
        arow a;

        for (i = 0; i < v->n; i++) {
            int64_t c;

            if (rg[i].top == rg[i].dated)
                continue;
            c = bf__pblk_created(v->blk ? &v->blk[i] : NULL, &v->segs[i],
                                 rg[i].top - 1);
            if (pick == v->n || c > at) {
                pick = i;
                at = c;
            }
        }
        if (pick == v->n || at <= best)
            break;
        a.seg = pick;
        a.row = --rg[pick].top;
        /* With one segment and no drop, a row is its post alone, alive,
         * and its date is its own: nothing to merge, no string to read. */
        if (v->n == 1 && !v->ndrops) {
            best = at;
            break;
        }
        err = merged_at(v, &a, &merged, &live);
        if (!err && live) {
            best = merged > best ? merged : best;
            break;
        }
    }
    if (rg != stack)
        free(rg);
    if (!err)
        *out = best;
    return err;
}

/* One entry of a key index under the merge's cursor. */
typedef struct kcur {
    uint64_t at;  /* next entry */
    uint64_t end; /* entries */
} kcur;

/*
 * fold_rows merges rows (a key's, segments ascending) into *out as fold()
 * does; *out_live is 0 when a drop removed the post.
 */
static void fold_rows(const bf__pview *v, const krow *rows, size_t n,
                      bf__ppost *out, int *out_live)
{
    uint64_t last = 0;
    int valid = 0;
    size_t j;

    for (j = 0; j < n; j++) {
        uint64_t id = v->ids[rows[j].seg];

        if (valid && v->ndrops && dropped(v, out->r.author, last, id))
            valid = 0;
        apply(out, &rows[j].r, &v->segs[rows[j].seg], !valid);
        valid = 1;
        last = id;
    }
    if (valid && v->ndrops &&
        dropped(v, out->r.author, last, (uint64_t)UINT32_MAX + 1))
        valid = 0;
    *out_live = valid;
}

/* same_native says whether rows a and b (of segments ga, gb) share a key. */
static int same_native(const bf__prow *a, const bf__pseg *ga, const bf__prow *b,
                       const bf__pseg *gb)
{
    return a->platform == b->platform &&
           a->len[BF__PS_NATIVE] == b->len[BF__PS_NATIVE] &&
           memcmp(ga->heap + a->off[BF__PS_NATIVE],
                  gb->heap + b->off[BF__PS_NATIVE], a->len[BF__PS_NATIVE]) == 0;
}

/*
 * fold_keys folds rows, the n rows of one key hash in ascending segment
 * order, key by key (a hash two keys share is two posts) into key, room
 * for n, and calls fn with each live post; with fn NULL it adds the live
 * posts to *count instead.  A row taken is marked by a segment index
 * past v->n.
 */
static bf_err fold_keys(const bf__pview *v, krow *rows, size_t n, krow *key,
                        bf_err (*fn)(void *ctx, const bf__ppost *p), void *ctx,
                        uint64_t *count)
{
    size_t i, j;
    bf_err err = BF_OK;

    for (i = 0; !err && i < n; i++) {
        size_t nk = 0;
        bf__ppost p;
        int live = 0;

        if (rows[i].seg >= v->n)
            continue;
        for (j = i; j < n; j++) {
            if (rows[j].seg >= v->n ||
                !same_native(&rows[i].r, &v->segs[rows[i].seg], &rows[j].r,
                             &v->segs[rows[j].seg]))
                continue;
            key[nk++] = rows[j];
            if (j != i)
                rows[j].seg = v->n;
        }
        rows[i].seg = v->n;
        fold_rows(v, key, nk, &p, &live);
        if (live && fn)
            err = fn(ctx, &p);
        else if (live)
            ++*count;
    }
    return err;
}

/* A row mark_range marked, and the list of them (see there). */
struct mrow {
    uint64_t hash;
    size_t seg;
    uint64_t row;
};

typedef struct marked {
    struct mrow *v;
    size_t n, cap;
} marked;

/*
 * mark_range sets, in shared[i - first] (a bit per row, zeroed by the
 * caller), the rows of segments first..n-1 whose key hash another segment
 * of the range holds too: one merge of their sorted key indexes, O(rows).
 * A hash two keys share marks both, which only sends them the careful way.
 * With list not NULL, the rows marked are also appended to it, by
 * ascending hash and, within a hash, by ascending segment.
 */
static bf_err mark_range(const bf__pview *v, size_t first, uint8_t **shared,
                         marked *list)
{
    size_t k = v->n - first, i;
    /* Each segment's place in its key index and the hash there: every
     * step reads each head once, not once per pass over the heads. */
    uint64_t *at = calloc(k ? 2 * k : 1, sizeof *at), *head = at + k;

    if (!at)
        return BF_ENOMEM;
    for (i = 0; i < k; i++)
        if (v->segs[first + i].count)
            head[i] = bf__pseg_key_hash(&v->segs[first + i], 0);
    for (;;) {
        uint64_t h = 0, next = 0;
        size_t from = 0, least = 0, others = 0;

        /* The least hash at a head, how many heads hold it, and the
         * least of the other heads. */
        for (i = 0; i < k; i++) {
            if (at[i] >= v->segs[first + i].count)
                continue;
            if (!from || head[i] < h) {
                if (from) {
                    next = h;
                    others = 1;
                }
                h = head[i];
                from = 1;
                least = i;
            } else if (head[i] == h) {
                from++;
            } else if (!others || head[i] < next) {
                next = head[i];
                others = 1;
            }
        }
        if (!from)
            break;
        if (from == 1) {
            /* Its keys below every other head are its own: step over
             * them without looking at the other segments. */
            const bf__pseg *g = &v->segs[first + least];
            uint64_t a = at[least], kh = h;

            while (++a < g->count &&
                   ((kh = bf__pseg_key_hash(g, a)) < next || !others))
                ;
            at[least] = a;
            head[least] = kh;
            continue;
        }
        for (i = 0; i < k; i++) {
            const bf__pseg *g = &v->segs[first + i];

            while (at[i] < g->count && head[i] == h) {
                uint64_t row = bf__pseg_key_row(g, at[i]);

                if (row < g->count) {
                    shared[i][row >> 3] |= (uint8_t)(1u << (row & 7));
                    if (list && list->n == list->cap) {
                        size_t c = list->cap ? list->cap * 2 : 1024;
                        struct mrow *m = realloc(list->v, c * sizeof *m);

                        if (!m) {
                            free(at);
                            return BF_ENOMEM;
                        }
                        list->v = m;
                        list->cap = c;
                    }
                    if (list)
                        list->v[list->n++] = (struct mrow){ h, first + i, row };
                }
                if (++at[i] < g->count)
                    head[i] = bf__pseg_key_hash(g, at[i]);
            }
        }
    }
    free(at);
    return BF_OK;
}

/* bits_new gives k zeroed bitmaps for segments first.., or NULL. */
static uint8_t **bits_new(const bf__pview *v, size_t first)
{
    size_t k = v->n - first, i;
    uint8_t **b = calloc(k ? k : 1, sizeof *b);

    for (i = 0; b && i < k; i++) {
        b[i] = calloc((size_t)(v->segs[first + i].count / 8 + 1), 1);
        if (!b[i]) {
            while (i-- > 0)
                free(b[i]);
            free(b);
            b = NULL;
        }
    }
    return b;
}

static void bits_free(uint8_t **b, size_t k)
{
    size_t i;

    for (i = 0; b && i < k; i++)
        free(b[i]);
    free(b);
}

/* alone counts the rows of g not marked in shared that no drop removed
 * (segment id gid): a post each, of one row. */
static uint64_t alone(const bf__pview *v, const bf__pseg *g, uint64_t gid,
                      const uint8_t *shared)
{
    uint64_t r, n = 0;

    for (r = 0; r < g->count; r++)
        if (!(shared[r >> 3] & (1u << (r & 7))) &&
            (v->ndrops == 0 ||
             !dropped(v, bf__pseg_author(g, r), gid, (uint64_t)UINT32_MAX + 1)))
            n++;
    return n;
}

/*
 * fold_list folds the rows mark_range listed (by hash, then segment),
 * hash by hash and key by key as fold_keys does, calling fn with each
 * live post (fn NULL: adding them to *count).
 */
static bf_err fold_list(const bf__pview *v, const marked *list,
                        bf_err (*fn)(void *ctx, const bf__ppost *p), void *ctx,
                        uint64_t *count)
{
    krow *grp = NULL, *key = NULL;
    size_t i, j, gcap = 0;
    bf_err err = BF_OK;

    for (i = 0; !err && i < list->n; i = j) {
        size_t ng = 0, x;

        for (j = i; j < list->n && list->v[j].hash == list->v[i].hash; j++)
            ;
        if (j - i > gcap) {
            krow *m = realloc(grp, (j - i) * sizeof *m);
            krow *q = m ? realloc(key, (j - i) * sizeof *q) : NULL;

            if (m)
                grp = m;
            if (q)
                key = q;
            if (!m || !q) {
                err = BF_ENOMEM;
                break;
            }
            gcap = j - i;
        }
        for (x = i; !err && x < j; x++) {
            grp[ng].seg = list->v[x].seg;
            err = bf__pseg_row(&v->segs[list->v[x].seg], list->v[x].row,
                               &grp[ng].r);
            ng++;
        }
        if (!err)
            err = fold_keys(v, grp, ng, key, fn, ctx, count);
    }
    free(grp);
    free(key);
    return err;
}

bf_err bf__pview_count(const bf__pview *v, uint64_t *out)
{
    marked list = { NULL, 0, 0 };
    uint8_t **shared;
    size_t i;
    bf_err err;

    *out = 0;
    /* A segment holds each key once: with no drop, a post a row. */
    if (v->n == 1 && v->ndrops == 0) {
        *out = v->segs[0].count;
        return BF_OK;
    }
    if (v->n == 0)
        return BF_OK;
    /*
     * The rows no other segment shares a hash with are a post each; the
     * others, listed by the same merge in hash order, are grouped by hash
     * and then by key, and each key folded as bf__pview_each folds it.
     */
    shared = bits_new(v, 0);
    if (!shared)
        return BF_ENOMEM;
    err = mark_range(v, 0, shared, &list);
    for (i = 0; !err && i < v->n; i++)
        *out += alone(v, &v->segs[i], v->ids[i], shared[i]);
    if (!err)
        err = fold_list(v, &list, NULL, NULL, out);
    free(list.v);
    bits_free(shared, v->n);
    return err;
}

/*
 * key_lower is the first entry of g's key index at or after from whose
 * hash is not below h (count when none), every entry before from being
 * below h: a few entries one by one (a batch as large as a fiftieth of
 * the segment lands within them), then steps doubling, then a binary
 * search, so that ascending hashes walk the index forward at O(log gap)
 * each, reading it in order.
 */
static uint64_t key_lower(const bf__pseg *g, uint64_t from, uint64_t h)
{
    uint64_t lo = from, hi, step = 1, end = g->count;

    if (end - lo > 64)
        end = lo + 64;
    for (; lo < end; lo++)
        if (bf__pseg_key_hash(g, lo) >= h)
            return lo;
    if (lo >= g->count)
        return lo;
    lo--; /* below h */
    while (step < g->count - lo && bf__pseg_key_hash(g, lo + step) < h) {
        lo += step;
        step *= 2;
    }
    hi = step < g->count - lo ? lo + step : g->count;
    lo++;
    while (lo < hi) {
        uint64_t mid = lo + (hi - lo) / 2;

        if (bf__pseg_key_hash(g, mid) < h)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

/*
 * key_rows gathers into rows (room for v->n) the rows of key, row of
 * segment s, in every segment, oldest first: key itself for s, and for
 * each other segment j its row of the key, found from at[j] when at is
 * not NULL (at[j] the first entry not below key->hash), else by a search
 * of its key index.
 */
static bf_err key_rows(const bf__pview *v, size_t s, const bf__prow *key,
                       const uint64_t *at, krow *rows, size_t *out_n)
{
    const char *native = v->segs[s].heap + key->off[BF__PS_NATIVE];
    size_t j, nr = 0;
    bf_err err = BF_OK;

    for (j = 0; !err && j < v->n; j++) {
        const bf__pseg *g = &v->segs[j];
        uint64_t row;

        if (j == s) {
            rows[nr].seg = s;
            rows[nr++].r = *key;
            continue;
        }
        err = at ? bf__pseg_key_at(g, at[j], key->hash, key->platform, native,
                                   key->len[BF__PS_NATIVE], 1, &row)
                 : bf__pseg_find(g, key->hash, key->platform, native,
                                 key->len[BF__PS_NATIVE], &row);
        if (err || row >= g->count)
            continue;
        rows[nr].seg = j;
        err = bf__pseg_row_key(g, row, &rows[nr].r);
        nr++;
    }
    *out_n = nr;
    return err;
}

/*
 * live_split folds rows (n, oldest first) twice: *out_old the post the
 * rows of segments below first make, *out_all the post they all make
 * (each 1 when live).
 */
static void live_split(const bf__pview *v, const krow *rows, size_t n,
                       size_t first, int *out_old, int *out_all)
{
    bf__ppost p;
    size_t before = 0;

    *out_old = *out_all = 0;
    while (before < n && rows[before].seg < first)
        before++;
    if (before)
        fold_rows(v, rows, before, &p, out_old);
    fold_rows(v, rows, n, &p, out_all);
}

bf_err bf__pview_count_added(const bf__pview *v, size_t first,
                             int64_t *out_delta,
                             void (*seen)(void *ctx, uint32_t author),
                             void *ctx)
{
    uint64_t *at;
    krow *rows;
    int64_t delta = 0;
    size_t s, j;
    bf_err err = BF_OK;

    *out_delta = 0;
    if (first >= v->n)
        return BF_OK;
    at = calloc(v->n, sizeof *at);
    rows = malloc(v->n * sizeof *rows);
    if (!at || !rows) {
        free(at);
        free(rows);
        return BF_ENOMEM;
    }
    for (s = first; !err && s < v->n; s++) {
        const bf__pseg *g = &v->segs[s];
        uint64_t k;

        /* The new segment's keys in hash order, each other segment's
         * index walked forward beside them. */
        memset(at, 0, v->n * sizeof *at);
        for (k = 0; !err && k < g->count; k++) {
            uint64_t h = bf__pseg_key_hash(g, k), r = bf__pseg_key_row(g, k);
            bf__prow key;
            size_t nr = 0, x;
            int live_old, live_all, earlier = 0, shared = 0;

            if (r >= g->count) {
                err = BF_ECORRUPT;
                break;
            }
            for (j = 0; j < v->n; j++) {
                if (j == s)
                    continue;
                at[j] = key_lower(&v->segs[j], at[j], h);
                shared |= at[j] < v->segs[j].count &&
                          bf__pseg_key_hash(&v->segs[j], at[j]) == h;
            }
            /* A key no other segment holds: a new post (every drop is
             * older than its row), and no row need be read. */
            if (!shared) {
                delta++;
                continue;
            }
            err = bf__pseg_row_key(g, r, &key);
            if (!err)
                err = key_rows(v, s, &key, at, rows, &nr);
            if (err)
                break;
            /* A key two new segments hold is counted at the first. */
            for (x = 0; x < nr; x++) {
                earlier |= rows[x].seg >= first && rows[x].seg < s;
                if (seen)
                    seen(ctx, rows[x].r.author);
            }
            if (earlier)
                continue;
            live_split(v, rows, nr, first, &live_old, &live_all);
            delta += live_all - live_old;
        }
    }
    free(at);
    free(rows);
    if (!err)
        *out_delta = delta;
    return err;
}

bf_err bf__pview_merge_start(const bf__pview *v, size_t first, size_t *out)
{
    krow *rows;
    size_t d, s;
    bf_err err = BF_OK;

    *out = first;
    if (first == 0 || first >= v->n || v->ndrops == 0)
        return BF_OK;
    rows = malloc(v->n * sizeof *rows);
    if (!rows)
        return BF_ENOMEM;
    /*
     * A post the merge leaves out was dropped after a segment of the
     * range, as its newest row there stood: a row of the dropped author.
     * Its rows in older segments stay; if they alone make a live post
     * (the key was another author's before), the merge must take them in.
     */
    for (d = 0; !err && d < v->ndrops && *out; d++) {
        uint32_t a = v->drops[d].author;

        if (v->drops[d].upto < v->ids[first] ||
            (d > 0 && v->drops[d - 1].author == a &&
             v->drops[d - 1].upto >= v->ids[first]))
            continue;
        for (s = first; !err && s < v->n && *out; s++) {
            const bf__pseg *g = &v->segs[s];
            uint64_t r;

            for (r = bf__pseg_lower(g, 0, a);
                 !err && r < g->count && bf__pseg_author(g, r) == a; r++) {
                bf__prow key;
                size_t nr;
                int live_old, live_all;

                err = bf__pseg_row_key(g, r, &key);
                if (!err)
                    err = key_rows(v, s, &key, NULL, rows, &nr);
                if (err)
                    break;
                live_split(v, rows, nr, first, &live_old, &live_all);
                if (live_old && !live_all) {
                    *out = 0;
                    break;
                }
            }
        }
    }
    free(rows);
    return err;
}

/*
 * bf__pview_each walks the key indexes of segments first..n-1 together,
 * as a merge of sorted lists: each hash is met once across all of them,
 * with every row that carries it, so a post's rows are gathered without
 * a single search.  Rows of one hash are grouped by key (a hash may be
 * shared), each group folded oldest segment first.
 */
bf_err bf__pview_each(const bf__pview *v, size_t first,
                      bf_err (*fn)(void *ctx, const bf__ppost *p), void *ctx)
{
    size_t k = first < v->n ? v->n - first : 0, i, nr = 0, cap = 0;
    kcur *cur = NULL;
    krow *rows = NULL, *grp = NULL;
    size_t gcap = 0;
    uint8_t **shared = NULL;
    bf_err err = BF_OK;

    if (k == 0)
        return BF_OK;
    /*
     * The rows no other segment of the range shares a hash with are
     * posts of one row: read in file order, sequentially.  Only the
     * others go through the merge below, which jumps about the rows.
     */
    shared = bits_new(v, first);
    if (!shared)
        return BF_ENOMEM;
    err = mark_range(v, first, shared, NULL);
    for (i = 0; !err && i < k; i++) {
        const bf__pseg *g = &v->segs[first + i];
        uint64_t r;

        for (r = 0; !err && r < g->count; r++) {
            krow one;
            bf__ppost p;
            int live = 0;

            if (shared[i][r >> 3] & (1u << (r & 7)))
                continue;
            one.seg = first + i;
            err = bf__pseg_row(g, r, &one.r);
            if (err)
                break;
            fold_rows(v, &one, 1, &p, &live);
            if (live)
                err = fn(ctx, &p);
        }
    }
    cur = err ? NULL : calloc(k, sizeof *cur);
    if (!err && !cur)
        err = BF_ENOMEM;
    if (err) {
        bits_free(shared, k);
        return err;
    }
    for (i = 0; i < k; i++)
        cur[i].end = v->segs[first + i].count;
    for (;;) {
        uint64_t h = UINT64_MAX;
        int any = 0;

        for (i = 0; i < k; i++) {
            const bf__pseg *g = &v->segs[first + i];
            uint64_t kh;

            if (cur[i].at >= cur[i].end)
                continue;
            kh = bf__pseg_key_hash(g, cur[i].at);
            if (!any || kh < h)
                h = kh;
            any = 1;
        }
        if (!any)
            break;
        /* Every row of hash h, segments ascending. */
        nr = 0;
        for (i = 0; !err && i < k; i++) {
            const bf__pseg *g = &v->segs[first + i];

            while (!err && cur[i].at < cur[i].end &&
                   bf__pseg_key_hash(g, cur[i].at) == h) {
                uint64_t row = bf__pseg_key_row(g, cur[i].at);

                cur[i].at++;
                /* Read already, in file order. */
                if (row < g->count &&
                    !(shared[i][row >> 3] & (1u << (row & 7))))
                    continue;
                if (nr == cap) {
                    size_t c = cap ? cap * 2 : 16;
                    krow *m = realloc(rows, c * sizeof *m);

                    if (!m) {
                        err = BF_ENOMEM;
                        break;
                    }
                    rows = m;
                    cap = c;
                }
                if (row >= g->count) {
                    err = BF_ECORRUPT;
                    break;
                }
                rows[nr].seg = first + i;
                err = bf__pseg_row(g, row, &rows[nr].r);
                if (!err)
                    nr++;
            }
        }
        if (err)
            break;
        /* Group by key: usually one group.  A row taken is marked by a
         * segment index past n. */
        if (!err && nr > gcap) {
            krow *m = realloc(grp, nr * sizeof *m);

            if (!m)
                err = BF_ENOMEM;
            else {
                grp = m;
                gcap = nr;
            }
        }
        if (!err)
            err = fold_keys(v, rows, nr, grp, fn, ctx, NULL);
    }
    free(cur);
    free(rows);
    free(grp);
    bits_free(shared, k);
    return err;
}

bf_err bf__pview_mark(bf__pview *v)
{
    bf_err err;

    if (v->shared || v->n < 2)
        return BF_OK;
    v->shared = bits_new(v, 0);
    if (!v->shared)
        return BF_ENOMEM;
    err = mark_range(v, 0, v->shared, NULL);
    if (err) {
        bits_free(v->shared, v->n);
        v->shared = NULL;
    }
    return err;
}

/* post_before orders merged rows as a segment's rows are ordered (pseg.h):
 * author, then date (unknown first), then id. */
static int post_before(const bf__prow *x, const bf__prow *y)
{
    int kx = x->created_at != 0, ky = y->created_at != 0;

    if (x->author != y->author)
        return x->author < y->author;
    if (kx != ky)
        return kx < ky;
    if (x->created_at != y->created_at)
        return x->created_at < y->created_at;
    return x->id < y->id;
}

static int cmp_merged(const void *a, const void *b)
{
    const bf__ppost *x = a, *y = b;

    return post_before(&x->r, &y->r) ? -1 : post_before(&y->r, &x->r);
}

/*
 * The rows of a merge of segments first..n-1, in file order: the rows no
 * other segment of the range shares a hash with, read where they lie
 * (each segment is sorted already), and the posts folded from the others,
 * sorted the same way, interleaved by comparing the heads.  A post a drop
 * removed is skipped, as bf__pview_each skips it.
 */
typedef struct mhead {
    uint64_t at; /* the row in r; the segment's count when none is */
    int seen;    /* last holds the row read before r */
    bf__prow r, last;
} mhead;

typedef struct merge_src {
    const bf__pview *v;
    size_t first, k;
    uint8_t **shared;
    mhead *head;       /* one a segment */
    bf__ppost *folded; /* sorted */
    size_t nfolded, fcap, fat;
} merge_src;

/* merge_step moves head i to its first row at or after at. */
static bf_err merge_step(merge_src *m, size_t i, uint64_t at)
{
    const bf__pview *v = m->v;
    const bf__pseg *g = &v->segs[m->first + i];
    mhead *h = &m->head[i];

    for (; at < g->count; at++) {
        bf_err err;

        if (m->shared[i][at >> 3] & (1u << (at & 7)))
            continue;
        err = bf__pseg_row(g, at, &h->r);
        if (err)
            return err;
        /* A segment out of order would be written out of order. */
        if (h->seen && !post_before(&h->last, &h->r))
            return BF_ECORRUPT;
        h->last = h->r;
        h->seen = 1;
        if (!v->ndrops || !dropped(v, h->r.author, v->ids[m->first + i],
                                   (uint64_t)UINT32_MAX + 1))
            break;
    }
    h->at = at;
    return BF_OK;
}

static bf_err merge_rewind(void *ctx)
{
    merge_src *m = ctx;
    bf_err err = BF_OK;
    size_t i;

    m->fat = 0;
    for (i = 0; !err && i < m->k; i++) {
        m->head[i].seen = 0;
        err = merge_step(m, i, 0);
    }
    return err;
}

/* key_ok says whether r's key hash is its native id's (a damaged row
 * would be written into a file that fails the check). */
static bf_err key_ok(const bf__prow *r, const char *const *str)
{
    if (!str[BF__PS_NATIVE] ||
        r->hash != bf__pseg_hash(r->platform, str[BF__PS_NATIVE],
                                 r->len[BF__PS_NATIVE]))
        return BF_ECORRUPT;
    return BF_OK;
}

static bf_err merge_next(void *ctx, bf__prow *r, const char **str)
{
    merge_src *m = ctx;
    const bf__prow *best = NULL;
    size_t i, from = m->k;
    bf_err err;
    int k;

    for (i = 0; i < m->k; i++)
        if (m->head[i].at < m->v->segs[m->first + i].count &&
            (!best || post_before(&m->head[i].r, best))) {
            best = &m->head[i].r;
            from = i;
        }
    if (m->fat < m->nfolded &&
        (!best || post_before(&m->folded[m->fat].r, best))) {
        const bf__ppost *p = &m->folded[m->fat++];

        *r = p->r;
        for (k = 0; k < BF__PS__N; k++) {
            str[k] = p->str[k];
            r->len[k] = p->str[k] ? (uint32_t)p->slen[k] : BF__PSEG_NOSTR;
        }
        return key_ok(r, str);
    }
    if (!best)
        return BF_ENOTFOUND;
    *r = *best;
    for (k = 0; k < BF__PS__N; k++)
        str[k] = r->len[k] == BF__PSEG_NOSTR
                         ? NULL
                         : m->v->segs[m->first + from].heap + r->off[k];
    err = key_ok(r, str);
    return err ? err : merge_step(m, from, m->head[from].at + 1);
}

/* fold_take appends a folded post to the merge's list. */
static bf_err fold_take(void *ctx, const bf__ppost *p)
{
    merge_src *m = ctx;

    if (m->nfolded == m->fcap) {
        size_t c = m->fcap ? 2 * m->fcap : 256;
        bf__ppost *q = realloc(m->folded, c * sizeof *q);

        if (!q)
            return BF_ENOMEM;
        m->folded = q;
        m->fcap = c;
    }
    m->folded[m->nfolded++] = *p;
    return BF_OK;
}

bf_err bf__pview_write_merged(const bf__pview *v, size_t first, const char *dir,
                              const char *name, uint64_t *out_rows,
                              uint32_t *out_crc, uint64_t *out_bytes)
{
    merge_src m;
    bf__pseg_src src = { merge_rewind, merge_next, &m, 1 };
    marked list = { NULL, 0, 0 };
    uint64_t cap = 0;
    size_t i;
    bf_err err = BF_OK;

    if (first >= v->n)
        return BF_EINVAL;
    memset(&m, 0, sizeof m);
    m.v = v;
    m.first = first;
    m.k = v->n - first;
    m.shared = bits_new(v, first);
    m.head = calloc(m.k, sizeof *m.head);
    if (!m.shared || !m.head)
        err = BF_ENOMEM;
    for (i = 0; i < m.k; i++)
        cap += v->segs[first + i].count;
    /* The shared rows, listed by hash, folded key by key. */
    if (!err)
        err = mark_range(v, first, m.shared, &list);
    if (!err)
        err = fold_list(v, &list, fold_take, &m, NULL);
    free(list.v);
    if (!err) {
        if (m.nfolded > 1)
            qsort(m.folded, m.nfolded, sizeof *m.folded, cmp_merged);
        err = bf__pseg_write_from(dir, name, &src, cap, out_rows, out_crc,
                                  out_bytes);
    }
    free(m.folded);
    free(m.head);
    if (m.shared)
        bits_free(m.shared, m.k);
    return err;
}
