/*
 * test_pseg.c - post segments: the file format, and the merged reading
 * that gives SQL's upsert semantics back.
 *
 * The first tests write segments with bf__pseg_write and read them with
 * the mapping calls and bf__pseg_check, damaged and whole.  The next ones
 * build a view by hand (segments written into a real store's directory,
 * their rows inserted into its post_segments and post_drops tables) to
 * pin the merge: newest known field wins, author and kind always
 * overwrite, first-insert order kept, drops cut a post's history.  The
 * last ones go through the store's own writer, across many batches (and
 * so compactions), and compare what bf_store_each_post gives with the
 * upserts the SQL table used to make.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>

#include <cmocka.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include "store/pseg.h"
#include "store/pview.h"
#include "store/scan.h"
#include "store/store.h"

typedef struct fixture {
    char dir[64];
} fixture;

static int setup(void **state)
{
    fixture *f = calloc(1, sizeof *f);

    if (!f)
        return -1;
    snprintf(f->dir, sizeof f->dir, "/tmp/bf-pseg-XXXXXX");
    if (!mkdtemp(f->dir))
        return -1;
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    char cmd[128];

    snprintf(cmd, sizeof cmd, "rm -rf '%s'", f->dir);
    if (system(cmd) != 0)
        return -1;
    free(f);
    return 0;
}

/* A heap and rows being built for bf__pseg_write. */
typedef struct rows {
    bf__prow r[16];
    size_t n;
    char heap[4096];
    size_t len;
} rows;

/* str puts s into the heap as string k of row r (NULL: unknown). */
static void str(rows *b, bf__prow *r, int k, const char *s)
{
    if (!s) {
        r->len[k] = BF__PSEG_NOSTR;
        return;
    }
    r->off[k] = b->len;
    r->len[k] = (uint32_t)strlen(s);
    memcpy(b->heap + b->len, s, strlen(s) + 1);
    b->len += strlen(s) + 1;
}

/*
 * add appends a row: post native of author, created_at, likes (-1
 * unknown), text (NULL unknown), id; other counters unknown.
 */
static void add(rows *b, uint32_t author, const char *native,
                int64_t created_at, int64_t likes, const char *text,
                uint64_t id)
{
    bf__prow *r = &b->r[b->n++];
    int k;

    memset(r, 0, sizeof *r);
    r->author = author;
    r->platform = 1;
    r->created_at = created_at;
    r->id = id;
    r->hash = bf__pseg_hash(1, native, strlen(native));
    for (k = 0; k < BF__PC__N; k++)
        r->cnt[k] = -1;
    r->cnt[BF__PC_LIKES] = likes;
    str(b, r, BF__PS_NATIVE, native);
    str(b, r, BF__PS_TEXT, text);
    str(b, r, BF__PS_PARENT, NULL);
    str(b, r, BF__PS_SOURCE, NULL);
}

static void roundtrip_and_damage(void **state)
{
    fixture *f = *state;
    rows b;
    bf__pseg s;
    bf__prow r;
    uint64_t row, count = 0, bytes = 0;
    uint32_t crc = 0, ccrc = 0;
    char path[128];
    FILE *fp;

    memset(&b, 0, sizeof b);
    add(&b, 7, "c", 30, 1, "third", 3);
    add(&b, 2, "a", 10, 5, "first", 1);
    add(&b, 7, "b", 0, -1, NULL, 2);
    assert_int_equal(bf__pseg_write(f->dir, "posts-000001.pseg", b.r, b.n,
                                    b.heap, b.len, &crc, &bytes),
                     BF_OK);
    snprintf(path, sizeof path, "%s/posts-000001.pseg", f->dir);
    assert_int_equal(bf__pseg_map(path, &s), BF_OK);
    assert_int_equal(s.count, 3);
    assert_int_equal(s.crc, crc);
    assert_int_equal(s.size, bytes);
    assert_null(bf__pseg_check(s.base, s.size, &count, &ccrc));
    assert_int_equal(count, 3);
    assert_int_equal(ccrc, crc);

    /* Sorted by author, then unknown dates first, then date. */
    assert_int_equal(bf__pseg_lower(&s, 0, 7), 1);
    assert_int_equal(bf__pseg_lower(&s, 0, 8), 3);
    assert_int_equal(bf__pseg_row(&s, 1, &r), BF_OK);
    assert_string_equal(s.heap + r.off[BF__PS_NATIVE], "b");
    assert_int_equal(r.len[BF__PS_TEXT], BF__PSEG_NOSTR);
    assert_int_equal(r.cnt[BF__PC_LIKES], -1);
    assert_int_equal(
            bf__pseg_find(&s, bf__pseg_hash(1, "c", 1), 1, "c", 1, &row),
            BF_OK);
    assert_int_equal(row, 2);
    assert_int_equal(bf__pseg_row(&s, row, &r), BF_OK);
    assert_string_equal(s.heap + r.off[BF__PS_TEXT], "third");
    /* Another platform's "c" is another post. */
    assert_int_equal(
            bf__pseg_find(&s, bf__pseg_hash(2, "c", 1), 2, "c", 1, &row),
            BF_OK);
    assert_int_equal(row, 3);
    bf__pseg_unmap(&s);

    /* One flipped byte of the heap: the map still works (O(1) checks),
     * the full check names the checksum. */
    fp = fopen(path, "r+b");
    assert_non_null(fp);
    assert_int_equal(fseek(fp, -2, SEEK_END), 0);
    fputc('X', fp);
    fclose(fp);
    assert_int_equal(bf__pseg_map(path, &s), BF_OK);
    assert_string_equal(bf__pseg_check(s.base, s.size, NULL, NULL),
                        "body checksum mismatch");
    bf__pseg_unmap(&s);

    /* Cut short: the header's sizes no longer add up. */
    assert_int_equal(truncate(path, (off_t)bytes - 1), 0);
    assert_int_equal(bf__pseg_map(path, &s), BF_ECORRUPT);

    /* Two rows of one key are refused. */
    add(&b, 9, "a", 11, 1, "again", 4);
    assert_int_equal(bf__pseg_write(f->dir, "posts-000002.pseg", b.r, b.n,
                                    b.heap, b.len, &crc, NULL),
                     BF_EINVAL);
}

/*
 * bf__pseg_lower steps from where it is told to start: against a linear
 * search, for every author and every start at or before the answer, on
 * a segment with runs of several lengths and gaps between authors.
 */
/* file_eq says whether the files a and b of dir hold the same bytes. */
static int file_eq(const char *dir, const char *a, const char *b)
{
    char pa[128], pb[128];
    unsigned char ba[4096], bb[4096];
    size_t na, nb;
    FILE *fa, *fb;

    snprintf(pa, sizeof pa, "%s/%s", dir, a);
    snprintf(pb, sizeof pb, "%s/%s", dir, b);
    fa = fopen(pa, "rb");
    fb = fopen(pb, "rb");
    assert_non_null(fa);
    assert_non_null(fb);
    na = fread(ba, 1, sizeof ba, fa);
    nb = fread(bb, 1, sizeof bb, fb);
    fclose(fa);
    fclose(fb);
    return na == nb && na < sizeof ba && memcmp(ba, bb, na) == 0;
}

/*
 * The writer copies a string and its NUL in one piece when the heap has
 * the NUL; a heap whose strings lie end to end, the last at its very
 * end, gives the same file.
 */
static void a_heap_without_nuls_writes_the_same_file(void **state)
{
    fixture *f = *state;
    rows b, p;
    uint32_t crc = 0, pcrc = 0;
    size_t i;
    int k;

    memset(&b, 0, sizeof b);
    add(&b, 7, "c", 30, 1, "third", 3);
    add(&b, 2, "a", 10, 5, "first", 1);
    add(&b, 7, "b", 0, -1, NULL, 2);
    p = b;
    p.len = 0;
    for (i = 0; i < b.n; i++)
        for (k = 0; k < BF__PS__N; k++) {
            if (b.r[i].len[k] == BF__PSEG_NOSTR)
                continue;
            memcpy(p.heap + p.len, b.heap + b.r[i].off[k], b.r[i].len[k]);
            p.r[i].off[k] = p.len;
            p.len += b.r[i].len[k];
        }
    assert_int_not_equal(p.heap[p.r[0].len[BF__PS_NATIVE]], '\0');
    assert_int_equal(bf__pseg_write(f->dir, "posts-000001.pseg", b.r, b.n,
                                    b.heap, b.len, &crc, NULL),
                     BF_OK);
    assert_int_equal(bf__pseg_write(f->dir, "posts-000002.pseg", p.r, p.n,
                                    p.heap, p.len, &pcrc, NULL),
                     BF_OK);
    assert_int_equal(crc, pcrc);
    assert_true(file_eq(f->dir, "posts-000001.pseg", "posts-000002.pseg"));
}

/* A writer's source over b's rows in the order given, not sorted. */
typedef struct as_given {
    const rows *b;
    size_t at;
} as_given;

static bf_err given_rewind(void *ctx)
{
    ((as_given *)ctx)->at = 0;
    return BF_OK;
}

static bf_err given_next(void *ctx, bf__prow *r, const char **s)
{
    as_given *g = ctx;
    int k;

    if (g->at == g->b->n)
        return BF_ENOTFOUND;
    *r = g->b->r[g->at++];
    for (k = 0; k < BF__PS__N; k++)
        s[k] = r->len[k] == BF__PSEG_NOSTR ? NULL : g->b->heap + r->off[k];
    return BF_OK;
}

/*
 * bf__pseg_write_from takes rows in file order and writes what
 * bf__pseg_write writes of them; rows out of order, more than it was
 * told, or two of one key are refused, and no file is left.
 */
static void writing_from_a_source(void **state)
{
    fixture *f = *state;
    as_given g;
    bf__pseg_src src = { given_rewind, given_next, &g, 0 };
    rows b;
    uint64_t n = 0;
    uint32_t crc = 0, wcrc = 0;
    char path[128];

    memset(&b, 0, sizeof b);
    add(&b, 2, "a", 10, 5, "first", 1);
    add(&b, 7, "b", 0, -1, NULL, 2);
    add(&b, 7, "c", 30, 1, "third", 3);
    g.b = &b;
    g.at = 0;
    assert_int_equal(bf__pseg_write_from(f->dir, "posts-000001.pseg", &src, 3,
                                         &n, &crc, NULL),
                     BF_OK);
    assert_int_equal(n, 3);
    assert_int_equal(bf__pseg_write(f->dir, "posts-000002.pseg", b.r, b.n,
                                    b.heap, b.len, &wcrc, NULL),
                     BF_OK);
    assert_int_equal(crc, wcrc);
    assert_true(file_eq(f->dir, "posts-000001.pseg", "posts-000002.pseg"));

    /* Told two rows, given three. */
    assert_int_equal(bf__pseg_write_from(f->dir, "posts-000003.pseg", &src, 2,
                                         &n, &crc, NULL),
                     BF_EINVAL);
    /* Out of order: b's dated row before its undated one. */
    b.r[1] = b.r[2];
    b.r[2].created_at = 0;
    b.r[2].id = 2;
    b.r[2].hash = bf__pseg_hash(1, "b", 1);
    b.r[2].off[BF__PS_NATIVE] = b.r[1].off[BF__PS_NATIVE] - 2;
    assert_string_equal(b.heap + b.r[2].off[BF__PS_NATIVE], "b");
    assert_int_equal(bf__pseg_write_from(f->dir, "posts-000003.pseg", &src, 3,
                                         &n, &crc, NULL),
                     BF_EINVAL);
    /* In order again, but the last row is the second's key. */
    b.r[2] = b.r[1];
    b.r[2].id = 4;
    assert_int_equal(bf__pseg_write_from(f->dir, "posts-000003.pseg", &src, 3,
                                         &n, &crc, NULL),
                     BF_EINVAL);
    snprintf(path, sizeof path, "%s/posts-000003.pseg", f->dir);
    assert_int_not_equal(access(path, F_OK), 0);
    snprintf(path, sizeof path, "%s/posts-000003.pseg.tmp", f->dir);
    assert_int_not_equal(access(path, F_OK), 0);
}

static void lower_from_anywhere(void **state)
{
    static const uint32_t authors[16] = { 1, 1, 2, 4, 4,  4,  5,  9,
                                          9, 9, 9, 9, 10, 11, 11, 14 };
    fixture *f = *state;
    char path[128], native[16];
    uint64_t want, from;
    uint32_t crc = 0, a;
    rows b;
    bf__pseg s;
    int i;

    memset(&b, 0, sizeof b);
    for (i = 0; i < 16; i++) {
        snprintf(native, sizeof native, "p%d", i);
        add(&b, authors[i], native, 10 + i, 0, NULL, (uint64_t)i + 1);
    }
    assert_int_equal(bf__pseg_write(f->dir, "posts-000001.pseg", b.r, b.n,
                                    b.heap, b.len, &crc, NULL),
                     BF_OK);
    snprintf(path, sizeof path, "%s/posts-000001.pseg", f->dir);
    assert_int_equal(bf__pseg_map(path, &s), BF_OK);
    for (a = 0; a <= 15; a++) {
        for (want = 0; want < 16 && authors[want] < a; want++)
            ;
        for (from = 0; from <= want; from++)
            assert_int_equal(bf__pseg_lower(&s, from, a), want);
    }
    bf__pseg_unmap(&s);
}

/* lower_linear is the first row at or after from not below author. */
static uint64_t lower_linear(const bf__pseg *s, uint64_t from, uint32_t author)
{
    while (from < s->count && bf__pseg_author(s, from) < author)
        from++;
    return from;
}

/* check_lower compares bf__pseg_lower with a linear search on s, for every
 * author up to max + 1 and starts before the answer (all of them near it,
 * every seventh further off). */
static void check_lower(const bf__pseg *s, uint32_t max)
{
    bf__pseg closed = *s;
    bf__pblk b, c;
    uint64_t i;
    uint32_t a;

    /* The same searches by pread (bf__pblk), and through a reader whose
     * file is not open, which falls back to the mapping. */
    closed.path = NULL;
    assert_int_equal(bf__pblk_init(&b, s), BF_OK);
    assert_int_equal(bf__pblk_init(&c, &closed), BF_OK);
    assert_true(b.fd >= 0);
    assert_true(!s->fences || b.fences);
    assert_int_equal(c.fd, -1);
    assert_null(c.fences);
    for (a = 0; a <= max + 1; a++) {
        uint64_t want = lower_linear(s, 0, a), from;

        for (from = 0; from <= want; from++)
            if (want - from < 3 * BF__PSEG_FENCE || from % 7 == 0) {
                assert_int_equal(bf__pseg_lower(s, from, a), want);
                assert_int_equal(bf__pblk_lower(&b, s, from, a), want);
                assert_int_equal(bf__pblk_lower(&c, &closed, from, a), want);
            }
    }
    /* Rows read in no order, across blocks, are the mapping's, and so
     * are their decoded fields. */
    for (i = 0; i < s->count; i++) {
        uint64_t j = (i * 389) % s->count;
        bf__prow want_row, got;

        assert_int_equal(bf__pblk_author(&b, s, j), bf__pseg_author(s, j));
        assert_int_equal(bf__pblk_created(&b, s, j), bf__pseg_created(s, j));
        assert_int_equal(bf__pseg_row(s, j, &want_row), BF_OK);
        memset(&got, 0xa5, sizeof got);
        assert_int_equal(bf__pblk_row(i % 2 ? &b : &c, s, j, &got), BF_OK);
        assert_int_equal(got.author, want_row.author);
        assert_int_equal(got.created_at, want_row.created_at);
        assert_int_equal(got.id, want_row.id);
        assert_int_equal(got.hash, want_row.hash);
        assert_int_equal(got.kind, want_row.kind);
        assert_memory_equal(got.cnt, want_row.cnt, sizeof got.cnt);
        assert_memory_equal(got.off, want_row.off, sizeof got.off);
        assert_memory_equal(got.len, want_row.len, sizeof got.len);
        assert_int_equal(got.platform, want_row.platform);
    }
    bf__pblk_release(&b);
    bf__pblk_release(&c);
}

/* set_u32 puts v at p, little-endian. */
static void set_u32(unsigned char *p, uint32_t v)
{
    int i;

    for (i = 0; i < 4; i++)
        p[i] = (unsigned char)(v >> (8 * i));
}

/*
 * The author fences of a segment of 1,000 rows (runs of 1 to 150 rows,
 * with gaps between authors) find what a linear search finds, from every
 * start; a version 1 file (the same rows without fences) is read the same
 * way; a damaged fence is named by the check and never sends a search
 * outside the rows.
 */
static void fences_find_every_author(void **state)
{
    enum { N = 1000 };

    fixture *f = *state;
    bf__prow *r = calloc(N, sizeof *r);
    char *heap = malloc(N * 16), path[128], path1[128];
    uint64_t len = 0, bytes = 0, rng = 7, i;
    uint32_t crc = 0, author = 1, left = 0;
    size_t fsize;
    bf__pseg s;
    unsigned char *b;
    FILE *fp;
    int k;

    assert_non_null(r);
    assert_non_null(heap);
    for (i = 0; i < N; i++) {
        if (!left) {
            rng = rng * 6364136223846793005ull + 1442695040888963407ull;
            author += 1 + (uint32_t)(rng >> 62);
            /* Mostly short runs, some longer than a fence's block. */
            left = (rng >> 40) % 5 == 0 ? 1 + (uint32_t)((rng >> 20) % 150)
                                        : 1 + (uint32_t)((rng >> 20) % 4);
        }
        left--;
        r[i].author = author;
        r[i].platform = 1;
        r[i].created_at = 100 + (int64_t)i;
        r[i].id = i + 1;
        for (k = 0; k < BF__PC__N; k++)
            r[i].cnt[k] = -1;
        for (k = 0; k < BF__PS__N; k++)
            r[i].len[k] = BF__PSEG_NOSTR;
        r[i].off[BF__PS_NATIVE] = len;
        r[i].len[BF__PS_NATIVE] =
                (uint32_t)sprintf(heap + len, "q%llu", (unsigned long long)i);
        r[i].hash = bf__pseg_hash(1, heap + len, r[i].len[BF__PS_NATIVE]);
        len += r[i].len[BF__PS_NATIVE] + 1;
    }
    assert_int_equal(bf__pseg_write(f->dir, "posts-000001.pseg", r, N, heap,
                                    len, &crc, &bytes),
                     BF_OK);
    snprintf(path, sizeof path, "%s/posts-000001.pseg", f->dir);
    assert_int_equal(bf__pseg_map(path, &s), BF_OK);
    assert_non_null(s.fences);
    assert_null(bf__pseg_check(s.base, s.size, NULL, NULL));
    check_lower(&s, author);

    /* The same rows as version 1: the file without its fences. */
    fsize = s.size - 4 * ((N + BF__PSEG_FENCE - 1) / BF__PSEG_FENCE);
    b = malloc(fsize);
    assert_non_null(b);
    memcpy(b, s.base, fsize);
    bf__pseg_unmap(&s);
    set_u32(b + 8, 1);
    set_u32(b + 32, (uint32_t)crc32_z(0L, b + BF__PSEG_HEADER,
                                      fsize - BF__PSEG_HEADER));
    set_u32(b + 60, (uint32_t)crc32_z(0L, b, 60));
    snprintf(path1, sizeof path1, "%s/posts-000002.pseg", f->dir);
    fp = fopen(path1, "wb");
    assert_non_null(fp);
    assert_int_equal(fwrite(b, 1, fsize, fp), fsize);
    fclose(fp);
    free(b);
    assert_int_equal(bf__pseg_map(path1, &s), BF_OK);
    assert_null(s.fences);
    assert_null(bf__pseg_check(s.base, s.size, NULL, NULL));
    check_lower(&s, author);
    bf__pseg_unmap(&s);

    /* A fence raised past its row: named by the check (after the body's
     * checksum is made to agree), and searches stay inside the rows. */
    fp = fopen(path, "r+b");
    assert_non_null(fp);
    assert_int_equal(fseek(fp, (long)bytes - 8, SEEK_SET), 0);
    fputc(0xff, fp);
    fclose(fp);
    assert_int_equal(bf__pseg_map(path, &s), BF_OK);
    b = malloc(s.size);
    assert_non_null(b);
    memcpy(b, s.base, s.size);
    set_u32(b + 32, (uint32_t)crc32_z(0L, b + BF__PSEG_HEADER,
                                      s.size - BF__PSEG_HEADER));
    set_u32(b + 60, (uint32_t)crc32_z(0L, b, 60));
    assert_string_equal(bf__pseg_check(b, s.size, NULL, NULL),
                        "an author fence does not match its row");
    for (i = 0; i <= author + 1; i++)
        assert_true(bf__pseg_lower(&s, 0, (uint32_t)i) <= s.count);
    free(b);
    bf__pseg_unmap(&s);
    free(heap);
    free(r);
}

/*
 * commit_seg writes b as post segment id of the store in dir and inserts
 * its row, as a batch would.
 */
static void commit_seg(sqlite3 *db, const char *dir, uint32_t id, rows *b)
{
    char name[32], q[256];
    uint32_t crc = 0;
    uint64_t bytes = 0;

    snprintf(name, sizeof name, "posts-%06u.pseg", id);
    assert_int_equal(bf__pseg_write(dir, name, b->r, b->n, b->heap, b->len,
                                    &crc, &bytes),
                     BF_OK);
    snprintf(q, sizeof q,
             "INSERT INTO post_segments(id, file, rows, crc, bytes)"
             " VALUES(%u, '%s', %zu, %u, %llu)",
             id, name, b->n, crc, (unsigned long long)bytes);
    assert_int_equal(sqlite3_exec(db, q, NULL, NULL, NULL), SQLITE_OK);
    memset(b, 0, sizeof *b);
}

/* each_post counts posts in the low byte, and sets bit 8 when x shows
 * its merged likes (9) and text ("hello") and w only its new text. */
static bf_err each_post(void *ctx, const bf__ppost *p)
{
    int *seen = ctx;

    (*seen)++;
    if (strcmp(p->str[BF__PS_NATIVE], "x") == 0 &&
        p->r.cnt[BF__PC_LIKES] == 9 && p->str[BF__PS_TEXT] &&
        strcmp(p->str[BF__PS_TEXT], "hello") == 0)
        *seen |= 1 << 8;
    if (strcmp(p->str[BF__PS_NATIVE], "w") == 0 && p->r.cnt[BF__PC_LIKES] != -1)
        *seen |= 1 << 9; /* must not happen */
    return BF_OK;
}

static void merge_semantics(void **state)
{
    fixture *f = *state;
    char path[128];
    bf_store *st;
    sqlite3 *db;
    bf__pview v;
    bf__pvec vec = { 0 };
    rows b;
    int seen;

    /* A store gives the tables; the segments are written by hand. */
    assert_int_equal(bf_store_open(f->dir, &st), BF_OK);
    bf_store_close(st);
    snprintf(path, sizeof path, "%s/bonafide.sqlite", f->dir);
    assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);

    memset(&b, 0, sizeof b);
    add(&b, 1, "x", 100, 5, "hello", (uint64_t)1 << 32 | 0);
    add(&b, 1, "y", 50, 1, "early", (uint64_t)1 << 32 | 1);
    add(&b, 3, "z", 10, 1, "moves", (uint64_t)1 << 32 | 2);
    add(&b, 4, "w", 10, 1, "locked", (uint64_t)1 << 32 | 3);
    commit_seg(db, f->dir, 1, &b);
    /* x again: likes known, text unknown, date unknown; z to author 1. */
    add(&b, 1, "x", 0, 9, NULL, (uint64_t)2 << 32 | 0);
    add(&b, 1, "z", 0, -1, NULL, (uint64_t)2 << 32 | 1);
    commit_seg(db, f->dir, 2, &b);
    /* Author 4 turns protected after segment 2; w comes back later. */
    assert_int_equal(sqlite3_exec(db,
                                  "INSERT INTO post_drops(author, upto)"
                                  " VALUES(4, 2)",
                                  NULL, NULL, NULL),
                     SQLITE_OK);
    add(&b, 4, "w", 0, -1, "public again", (uint64_t)3 << 32 | 0);
    commit_seg(db, f->dir, 3, &b);

    assert_int_equal(bf__pview_load(db, f->dir, &v), BF_OK);
    assert_int_equal(v.n, 3);
    assert_int_equal(bf__pview_author(&v, 1, &vec), BF_OK);
    assert_int_equal(vec.n, 3);
    /* Order: created_at, then first-insert id: z (10), y (50), x (100). */
    assert_string_equal(vec.v[0].str[BF__PS_NATIVE], "z");
    assert_string_equal(vec.v[0].str[BF__PS_TEXT], "moves");
    assert_int_equal(vec.v[0].r.created_at, 10);
    assert_string_equal(vec.v[1].str[BF__PS_NATIVE], "y");
    assert_string_equal(vec.v[2].str[BF__PS_NATIVE], "x");
    assert_string_equal(vec.v[2].str[BF__PS_TEXT], "hello");
    assert_int_equal(vec.v[2].r.cnt[BF__PC_LIKES], 9);
    assert_int_equal(vec.v[2].r.created_at, 100);
    assert_int_equal(vec.v[2].r.id, (uint64_t)1 << 32 | 0);
    /* z left author 3 for author 1. */
    assert_int_equal(bf__pview_author(&v, 3, &vec), BF_OK);
    assert_int_equal(vec.n, 0);
    /* w was dropped, then seen again: only what came after. */
    assert_int_equal(bf__pview_author(&v, 4, &vec), BF_OK);
    assert_int_equal(vec.n, 1);
    assert_string_equal(vec.v[0].str[BF__PS_TEXT], "public again");
    assert_int_equal(vec.v[0].r.created_at, 0);
    assert_int_equal(vec.v[0].r.cnt[BF__PC_LIKES], -1);
    assert_int_equal(vec.v[0].r.id, (uint64_t)3 << 32 | 0);
    /* The newest date of each author's posts, merging only what decides
     * it: x's undated newer row takes its older date (100); z moved to
     * author 1 keeps its date (10) there and is gone from author 3; w
     * came back undated after the drop. */
    {
        int64_t at = -1;

        assert_int_equal(bf__pview_newest(&v, 1, &at), BF_OK);
        assert_int_equal(at, 100);
        assert_int_equal(bf__pview_newest(&v, 3, &at), BF_OK);
        assert_int_equal(at, 0);
        assert_int_equal(bf__pview_newest(&v, 4, &at), BF_OK);
        assert_int_equal(at, 0);
        assert_int_equal(bf__pview_newest(&v, 2, &at), BF_OK);
        assert_int_equal(at, 0);
    }
    /* The whole-store walk (a merge of the key indexes) sees the same
     * four posts, each once, merged the same way. */
    seen = 0;
    assert_int_equal(bf__pview_each(&v, 0, each_post, &seen), BF_OK);
    assert_int_equal(seen, 4 | 1 << 8);
    bf__pview_release(&v);

    /* A committed segment whose file is gone is named, not skipped. */
    snprintf(path, sizeof path, "%s/posts-000002.pseg", f->dir);
    assert_int_equal(unlink(path), 0);
    assert_int_equal(bf__pview_load(db, f->dir, &v), BF_ENOTFOUND);
    bf__pvec_release(&vec);
    sqlite3_close(db);
}

/* count_one counts the posts a walk gives. */
static bf_err count_one(void *ctx, const bf__ppost *p)
{
    (void)p;
    ++*(uint64_t *)ctx;
    return BF_OK;
}

/* What gather collects: the posts a walk gives, as rows to write. */
typedef struct gather {
    bf__prow r[128];
    size_t n;
    char heap[8192];
    size_t len;
} gather;

static bf_err gather_post(void *ctx, const bf__ppost *p)
{
    gather *g = ctx;
    bf__prow *r = &g->r[g->n++];
    int k;

    assert_true(g->n <= 128);
    *r = p->r;
    for (k = 0; k < BF__PS__N; k++) {
        if (!p->str[k]) {
            r->off[k] = 0;
            r->len[k] = BF__PSEG_NOSTR;
            continue;
        }
        assert_true(g->len + p->slen[k] + 1 <= sizeof g->heap);
        r->off[k] = g->len;
        r->len[k] = (uint32_t)p->slen[k];
        memcpy(g->heap + g->len, p->str[k], p->slen[k]);
        g->heap[g->len + p->slen[k]] = '\0';
        g->len += p->slen[k] + 1;
    }
    return BF_OK;
}

/* slurp reads dir/name whole into buf; its size, or -1. */
static long slurp(const char *dir, const char *name, char *buf, size_t cap)
{
    char path[192];
    FILE *fp;
    size_t n;

    snprintf(path, sizeof path, "%s/%s", dir, name);
    fp = fopen(path, "rb");
    if (!fp)
        return -1;
    n = fread(buf, 1, cap, fp);
    fclose(fp);
    return (long)n;
}

/*
 * check_merged: the segment bf__pview_write_merged writes of segments
 * first..n-1, for every first, is the file bf__pseg_write writes of the
 * posts bf__pview_each gives over them (compaction wrote that way, its
 * posts gathered in memory), byte for byte, and passes bf__pseg_check.
 */
static void check_merged(const char *dir, const bf__pview *v, int round)
{
    static char want[65536], got[65536];
    size_t first;

    for (first = 0; first < v->n; first++) {
        gather g;
        uint64_t nrows = 0, bytes = 0, mbytes = 0, count = 0;
        uint32_t crc = 0, mcrc = 0, ccrc = 0;
        long nw, ng;

        memset(&g, 0, sizeof g);
        assert_int_equal(bf__pview_each(v, first, gather_post, &g), BF_OK);
        assert_int_equal(bf__pseg_write(dir, "want.pseg", g.r, g.n, g.heap,
                                        g.len, &crc, &bytes),
                         BF_OK);
        assert_int_equal(bf__pview_write_merged(v, first, dir, "got.pseg",
                                                &nrows, &mcrc, &mbytes),
                         BF_OK);
        nw = slurp(dir, "want.pseg", want, sizeof want);
        ng = slurp(dir, "got.pseg", got, sizeof got);
        assert_true(nw > 0 && nw < (long)sizeof want);
        if (ng != nw || memcmp(want, got, (size_t)nw) != 0 || nrows != g.n ||
            mcrc != crc || mbytes != bytes)
            fail_msg("round %d, segments %zu..: the merged segment differs "
                     "(%ld bytes, %llu rows; written whole %ld, %zu)",
                     round, first, ng, (unsigned long long)nrows, nw, g.n);
        assert_null(bf__pseg_check(got, (size_t)ng, &count, &ccrc));
        assert_int_equal(count, g.n);
    }
}

/*
 * check_added: for every split of v into older segments and newer ones
 * (a batch's), what bf__pview_count_added says the newer add is the
 * count of v less the count of the older alone, when no drop came after
 * the older ones (a writer that drops counts afresh).
 */
static void check_added(const bf__pview *v, uint64_t counted, int round)
{
    size_t first, d;

    for (first = 0; first <= v->n; first++) {
        bf__pview old = *v;
        uint64_t before = 0;
        int64_t delta = 0;
        int later = 0;

        for (d = 0; first < v->n && d < v->ndrops; d++)
            later |= v->drops[d].upto >= v->ids[first];
        if (later)
            continue;
        old.n = first;
        assert_int_equal(bf__pview_count(&old, &before), BF_OK);
        assert_int_equal(bf__pview_count_added(v, first, &delta, NULL, NULL),
                         BF_OK);
        if ((int64_t)before + delta != (int64_t)counted)
            fail_msg("round %d, new from segment %zu: %llu before, %lld "
                     "added, %llu after",
                     round, first, (unsigned long long)before, (long long)delta,
                     (unsigned long long)counted);
    }
}

/*
 * bf__pview_newest against the merge of every post: random segments of
 * posts seen again with or without their date, before 1970, moved to
 * another author, and authors dropped between segments.  The newest date
 * of each author's posts must be the walk's, in every round, and the walk
 * of a view whose shared rows were marked (bf__pview_mark: a scan's pass
 * reads the rows no other segment holds with no search) must be the same
 * posts as the searching walk's; bf__pview_count must count them, and
 * the merge that compaction writes must be the file the walk's posts make
 * (check_merged), and what a batch's segments add to the count must be
 * what they add (check_added).
 */
static void newest_matches_the_walk(void **state)
{
    fixture *f = *state;
    uint64_t seed = 0x2545f4914f6cdd1du;
    int round;

    for (round = 0; round < 150; round++) {
        char dir[128], path[160];
        bf__pvec vec = { 0 }, mvec = { 0 };
        bf_store *st;
        sqlite3 *db;
        bf__pview v, mv;
        rows b;
        uint32_t seg, a;
        uint64_t total, counted, walked;
        int segs = 1 + round % 6;

        snprintf(dir, sizeof dir, "%s/r%d", f->dir, round);
        assert_int_equal(mkdir(dir, 0700), 0);
        assert_int_equal(bf_store_open(dir, &st), BF_OK);
        bf_store_close(st);
        snprintf(path, sizeof path, "%s/bonafide.sqlite", dir);
        assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
        for (seg = 1; seg <= (uint32_t)segs; seg++) {
            static const char *const texts[] = { "", "a text", "x" };
            unsigned used = 0; /* posts already in this segment */
            int k, n;

            memset(&b, 0, sizeof b);
            seed = seed * 6364136223846793005u + 1442695040888963407u;
            n = 1 + (int)(seed >> 60);
            for (k = 0; k < n; k++) {
                char native[8];
                unsigned post;
                int64_t at;

                seed = seed * 6364136223846793005u + 1442695040888963407u;
                post = (unsigned)(seed >> 33) % 12;
                if (used & 1u << post)
                    continue;
                used |= 1u << post;
                snprintf(native, sizeof native, "p%u", post);
                switch ((seed >> 20) % 4) {
                case 0:
                    at = 0;
                    break;
                case 1:
                    at = -(int64_t)((seed >> 40) % 50) - 1;
                    break;
                default:
                    at = 10 + (int64_t)((seed >> 40) % 1000);
                }
                add(&b, 1 + (uint32_t)((seed >> 50) % 5), native, at,
                    (int64_t)k, (seed >> 16) % 3 ? NULL : texts[k % 3],
                    (uint64_t)seg << 32 | (uint64_t)k);
            }
            commit_seg(db, dir, seg, &b);
            seed = seed * 6364136223846793005u + 1442695040888963407u;
            if (seed >> 62 == 0) {
                char q[128];

                snprintf(q, sizeof q,
                         "INSERT OR IGNORE INTO post_drops(author, upto)"
                         " VALUES(%u, %u)",
                         1 + (unsigned)((seed >> 30) % 5), seg);
                assert_int_equal(sqlite3_exec(db, q, NULL, NULL, NULL),
                                 SQLITE_OK);
            }
        }
        assert_int_equal(bf__pview_load(db, dir, &v), BF_OK);
        assert_int_equal(bf__pview_load(db, dir, &mv), BF_OK);
        assert_int_equal(bf__pview_mark(&mv), BF_OK);
        /* The marked view searches by pread: the same newest dates. */
        assert_int_equal(bf__pview_scattered(&mv), BF_OK);
        assert_non_null(mv.blk);
        total = 0;
        for (a = 1; a <= 6; a++) {
            int64_t want = 0, got = -1;
            size_t i;

            assert_int_equal(bf__pview_author(&v, a, &vec), BF_OK);
            total += vec.n;
            assert_int_equal(bf__pview_author(&mv, a, &mvec), BF_OK);
            assert_int_equal(mvec.n, vec.n);
            for (i = 0; i < vec.n; i++) {
                const bf__ppost *x = &vec.v[i], *y = &mvec.v[i];

                if (x->r.id != y->r.id || x->r.author != y->r.author ||
                    x->r.created_at != y->r.created_at ||
                    x->r.cnt[0] != y->r.cnt[0] ||
                    strcmp(x->str[BF__PS_NATIVE], y->str[BF__PS_NATIVE]) != 0)
                    fail_msg("round %d, author %u, post %zu: the marked "
                             "walk differs",
                             round, a, i);
            }
            for (i = 0; i < vec.n; i++)
                if (vec.v[i].r.created_at > want)
                    want = vec.v[i].r.created_at;
            assert_int_equal(bf__pview_newest(&v, a, &got), BF_OK);
            if (got != want)
                fail_msg("round %d, author %u: newest %lld, the walk %lld",
                         round, a, (long long)got, (long long)want);
            assert_int_equal(bf__pview_newest(&mv, a, &got), BF_OK);
            if (got != want)
                fail_msg("round %d, author %u: newest by pread %lld, the "
                         "walk %lld",
                         round, a, (long long)got, (long long)want);
        }
        /* The count, which reads only the shared rows, is every
         * author's posts, and the walk's. */
        counted = 0;
        assert_int_equal(bf__pview_count(&v, &counted), BF_OK);
        if (counted != total)
            fail_msg("round %d: %llu posts counted, %llu by author", round,
                     (unsigned long long)counted, (unsigned long long)total);
        walked = 0;
        assert_int_equal(bf__pview_each(&v, 0, count_one, &walked), BF_OK);
        assert_int_equal(walked, total);
        check_added(&v, counted, round);
        check_merged(dir, &v, round);
        bf__pview_release(&v);
        bf__pview_release(&mv);
        bf__pvec_release(&vec);
        bf__pvec_release(&mvec);
        sqlite3_close(db);
    }
}

/* What walk collects: "native:likes:text" per post, in order. */
typedef struct walk {
    char out[4096];
} walk;

static bf_err walk_post(void *ctx, const bf_post *p)
{
    walk *w = ctx;
    size_t n = strlen(w->out);

    snprintf(w->out + n, sizeof w->out - n, "%s%s:%lld:%s", n ? " " : "",
             p->native_id, (long long)p->likes, p->text ? p->text : "-");
    return BF_OK;
}

static bf_post mkpost(const char *id, const char *author, int64_t created_at,
                      int64_t likes, const char *text)
{
    bf_post p;

    bf_post_clear(&p);
    p.platform = "twitter";
    p.native_id = id;
    p.author_id = author;
    p.created_at = created_at;
    p.likes = likes;
    p.text = text;
    return p;
}

/*
 * Through the store: one post per batch, each batch a segment, so the
 * compactions at commit run many times; the walk must read as the SQL
 * upserts did.
 */
static void store_batches_merge(void **state)
{
    fixture *f = *state;
    bf_store *st;
    bf_account a;
    bf_post p;
    walk w;
    uint32_t id;
    int i;

    assert_int_equal(bf_store_open(f->dir, &st), BF_OK);
    for (i = 0; i < 40; i++) {
        char pid[16], text[32];

        snprintf(pid, sizeof pid, "p%02d", i % 10);
        snprintf(text, sizeof text, "t%d", i);
        assert_int_equal(bf_store_begin(st), BF_OK);
        /* Rounds 0-9 create p00-p09 with a date and likes; later rounds
         * know only the text, or only the likes. */
        p = mkpost(pid, "1", i < 10 ? 1000 - i : 0, i < 10 || i >= 30 ? i : -1,
                   i < 30 ? text : NULL);
        assert_int_equal(bf_store_put_post(st, &p), BF_OK);
        assert_int_equal(bf_store_commit(st), BF_OK);
    }
    assert_int_equal(bf_store_resolve(st, "twitter:#1", &id), BF_OK);
    memset(&w, 0, sizeof w);
    assert_int_equal(bf_store_each_post(st, id, walk_post, &w), BF_OK);
    /* Newest date first in id order reversed: p09 has the lowest date.
     * Likes from rounds 30-39, text from rounds 20-29. */
    assert_string_equal(w.out, "p09:39:t29 p08:38:t28 p07:37:t27 p06:36:t26"
                               " p05:35:t25 p04:34:t24 p03:33:t23"
                               " p02:32:t22 p01:31:t21 p00:30:t20");

    /* The account turns protected: its posts go, in the batch too. */
    assert_int_equal(bf_store_begin(st), BF_OK);
    p = mkpost("new", "1", 5, 1, "in the batch");
    assert_int_equal(bf_store_put_post(st, &p), BF_OK);
    bf_account_clear(&a);
    a.platform = "twitter";
    a.native_id = "1";
    a.protected_ = 1;
    assert_int_equal(bf_store_put_account(st, &a, NULL), BF_OK);
    assert_int_equal(bf_store_commit(st), BF_OK);
    memset(&w, 0, sizeof w);
    assert_int_equal(bf_store_each_post(st, id, walk_post, &w), BF_OK);
    assert_string_equal(w.out, "");

    /* Public again: a post seen now starts afresh. */
    assert_int_equal(bf_store_begin(st), BF_OK);
    a.protected_ = 0;
    assert_int_equal(bf_store_put_account(st, &a, NULL), BF_OK);
    p = mkpost("p03", "1", 0, -1, "back");
    assert_int_equal(bf_store_put_post(st, &p), BF_OK);
    assert_int_equal(bf_store_commit(st), BF_OK);
    memset(&w, 0, sizeof w);
    assert_int_equal(bf_store_each_post(st, id, walk_post, &w), BF_OK);
    assert_string_equal(w.out, "p03:-1:back");
    bf_store_close(st);
}

/* A post seen twice in one batch is one row, merged. */
static void same_batch_merges(void **state)
{
    fixture *f = *state;
    bf_stats_row *st_rows = NULL;
    bf_store *st;
    bf_post p;
    walk w;
    uint32_t id;
    size_t n = 0;

    assert_int_equal(bf_store_open(f->dir, &st), BF_OK);
    assert_int_equal(bf_store_begin(st), BF_OK);
    p = mkpost("a", "1", 10, 3, "first");
    assert_int_equal(bf_store_put_post(st, &p), BF_OK);
    p = mkpost("b", "1", 5, 1, "second");
    assert_int_equal(bf_store_put_post(st, &p), BF_OK);
    p = mkpost("a", "1", 0, -1, "edited");
    assert_int_equal(bf_store_put_post(st, &p), BF_OK);
    assert_int_equal(bf_store_commit(st), BF_OK);
    assert_int_equal(bf_store_resolve(st, "twitter:#1", &id), BF_OK);
    memset(&w, 0, sizeof w);
    assert_int_equal(bf_store_each_post(st, id, walk_post, &w), BF_OK);
    assert_string_equal(w.out, "b:1:second a:3:edited");
    assert_int_equal(bf_store_stats(st, &st_rows, &n), BF_OK);
    assert_int_equal(n, 1);
    assert_int_equal(st_rows[0].posts, 2);
    free(st_rows);
    bf_store_close(st);
}

/*
 * A store of schema 8 (its posts in a SQL table) opened by this code: the
 * rows move into one post segment, in their id order, the table goes,
 * and the posts read back as the table gave them.
 */
static void older_store_moves_its_posts(void **state)
{
    fixture *f = *state;
    char path[128];
    bf_store *st, *again;
    sqlite3 *db;
    walk w;
    uint32_t id;

    assert_int_equal(bf_store_open(f->dir, &st), BF_OK);
    assert_int_equal(bf_store_begin(st), BF_OK);
    {
        bf_account a;

        bf_account_clear(&a);
        a.platform = "twitter";
        a.native_id = "1";
        assert_int_equal(bf_store_put_account(st, &a, NULL), BF_OK);
    }
    assert_int_equal(bf_store_commit(st), BF_OK);
    bf_store_close(st);
    snprintf(path, sizeof path, "%s/bonafide.sqlite", f->dir);
    assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
    /* Version 8's table, as schema.c's first script made it. */
    assert_int_equal(
            sqlite3_exec(db,
                         "CREATE TABLE posts(id INTEGER PRIMARY KEY,"
                         " platform INTEGER NOT NULL, native_id TEXT NOT NULL,"
                         " author INTEGER NOT NULL, created_at INTEGER,"
                         " text TEXT, kind INTEGER NOT NULL, parent_id TEXT,"
                         " likes INTEGER, reposts INTEGER, replies INTEGER,"
                         " quotes INTEGER, views INTEGER, hashtags INTEGER,"
                         " mentions INTEGER, urls INTEGER, source TEXT,"
                         " UNIQUE(platform, native_id));"
                         "INSERT INTO posts(platform, native_id, author,"
                         " created_at, text, kind, likes) VALUES"
                         " (1, 'late', 1, 200, 'second', 0, 4),"
                         " (1, 'same', 1, 100, 'first in', 0, NULL),"
                         " (1, 'same2', 1, 100, NULL, 1, 2),"
                         " (1, 'undated', 1, NULL, 'no date', 0, 1);"
                         "DROP TABLE post_segments; DROP TABLE post_drops;"
                         "PRAGMA user_version = 8;",
                         NULL, NULL, NULL),
            SQLITE_OK);
    sqlite3_close(db);

    /* Two handles open it, one after the other: the second finds the
     * posts moved already and moves nothing twice. */
    assert_int_equal(bf_store_open(f->dir, &st), BF_OK);
    assert_int_equal(bf_store_open(f->dir, &again), BF_OK);
    assert_int_equal(bf_store_resolve(st, "twitter:#1", &id), BF_OK);
    memset(&w, 0, sizeof w);
    assert_int_equal(bf_store_each_post(again, id, walk_post, &w), BF_OK);
    assert_string_equal(w.out, "undated:1:no date same:-1:first in"
                               " same2:2:- late:4:second");
    bf_store_close(again);
    bf_store_close(st);
    assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
    {
        sqlite3_stmt *s = NULL;

        assert_int_equal(sqlite3_prepare_v2(db,
                                            "SELECT (SELECT count(*) FROM"
                                            " sqlite_master WHERE name ="
                                            " 'posts'), count(*), sum(rows)"
                                            " FROM post_segments",
                                            -1, &s, NULL),
                         SQLITE_OK);
        assert_int_equal(sqlite3_step(s), SQLITE_ROW);
        assert_int_equal(sqlite3_column_int(s, 0), 0);
        assert_int_equal(sqlite3_column_int(s, 1), 1);
        assert_int_equal(sqlite3_column_int(s, 2), 4);
        sqlite3_finalize(s);
    }
    sqlite3_close(db);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(roundtrip_and_damage, setup, teardown),
        cmocka_unit_test_setup_teardown(writing_from_a_source, setup, teardown),
        cmocka_unit_test_setup_teardown(lower_from_anywhere, setup, teardown),
        cmocka_unit_test_setup_teardown(
                a_heap_without_nuls_writes_the_same_file, setup, teardown),
        cmocka_unit_test_setup_teardown(fences_find_every_author, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(merge_semantics, setup, teardown),
        cmocka_unit_test_setup_teardown(newest_matches_the_walk, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(store_batches_merge, setup, teardown),
        cmocka_unit_test_setup_teardown(same_batch_merges, setup, teardown),
        cmocka_unit_test_setup_teardown(older_store_moves_its_posts, setup,
                                        teardown),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
