/*
 * fuzz_pseg.c - libFuzzer target for post segments: the writer, the
 * mapping's checks, the author search (fences or bisection), the row and
 * key readers and the whole-file check.
 *
 * Random bytes would never pass the header CRC, so the input describes a
 * segment and its damage instead.  Bytes 0 and 1 give the row count (0 to
 * 699, enough for several blocks of fences); then each row takes two
 * bytes, a step of the author (0 to 3) and a creation date, until a
 * marker 0xFF 0xFF or the end of the input (missing rows step by one and
 * are dated 0).  Every six bytes after the marker are one damage: a
 * 32-bit offset into the file (modulo its size), a byte to XOR there, and
 * a flag saying whether to recompute both checksums afterwards, so that
 * the checks past the CRCs are reached.  The segment is written with
 * bf__pseg_write (to /dev/shm when it exists) and must pass bf__pseg_check
 * and find every author where a linear search does, from every start;
 * then, damaged, it may be refused by the mapping or the check, but
 * whatever the mapping accepts is searched and read in full: a search
 * that leaves the rows, or a row read outside the file, shows up under
 * AddressSanitizer.  A damaged file the check passes must still search
 * like a linear search.  Last, what the mapping accepts is compacted on
 * its own (bf__pview_write_merged, merge_one) and counted as a batch's
 * new segment (bf__pview_count_added, count_one).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include "store/pseg.h"
#include "store/pview.h"
#include "store/segment.h"

/*
 * count_one counts what s adds as a batch's segment, alone (every key
 * new) and then again over itself as an older segment (every key stored
 * before, by its key index walked forward): the reads a damaged file lets
 * them make stay in the file, and a whole one adds its rows, then none.
 */
static void count_one(const bf__pseg *s, int whole)
{
    bf__pseg two[2];
    uint32_t ids[2] = { 1, 2 };
    bf__pview v;
    int64_t d = -1;
    bf_err err;

    two[0] = two[1] = *s;
    memset(&v, 0, sizeof v);
    v.segs = two;
    v.ids = ids;
    v.n = 1;
    err = bf__pview_count_added(&v, 0, &d, NULL, NULL);
    if (whole && (err != BF_OK || d != (int64_t)s->count))
        abort();
    v.n = 2;
    err = bf__pview_count_added(&v, 1, &d, NULL, NULL);
    if (whole && (err != BF_OK || d != 0))
        abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define MAX_ROWS 700

static char dir[64], path[96];

static void remove_file(void)
{
    unlink(path);
    rmdir(dir);
}

/* setup makes the directory the segment is written in, once. */
static int setup(void)
{
    const char *base = access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp";

    if (dir[0])
        return 0;
    snprintf(dir, sizeof dir, "%s/bf-fuzz-pseg-%d", base, (int)getpid());
    if (mkdir(dir, 0700) != 0)
        return -1;
    snprintf(path, sizeof path, "%s/posts-000001.pseg", dir);
    atexit(remove_file);
    return 0;
}

/* lower_linear is the first row at or after from not below author. */
static uint64_t lower_linear(const bf__pseg *s, uint64_t from, uint32_t a)
{
    while (from < s->count && bf__pseg_author(s, from) < a)
        from++;
    return from;
}

/*
 * search_all looks up every author up to max + 1.  exact: from every start
 * up to the answer (every row before a start is below the author, as the
 * contract asks), the answer must be a linear search's; otherwise the
 * file may break the rows' order, and a search from 0 must only stay
 * inside the rows.
 */
static void search_all(const bf__pseg *s, uint32_t max, int exact)
{
    bf__pblk b;
    uint32_t a;
    uint64_t from;

    /* The pread reader searches as the mapping does (pseg.h). */
    if (bf__pblk_init(&b, s) != BF_OK)
        abort();
    for (a = 0; a <= max + 1; a++) {
        uint64_t want = lower_linear(s, 0, a);

        if (!exact) {
            if (bf__pseg_lower(s, 0, a) > s->count ||
                bf__pblk_lower(&b, s, 0, a) != bf__pseg_lower(s, 0, a))
                abort();
            continue;
        }
        for (from = 0; from <= want; from += 1 + from / 8)
            if (bf__pseg_lower(s, from, a) != want ||
                bf__pblk_lower(&b, s, from, a) != want)
                abort();
    }
    bf__pblk_release(&b);
}

/* read_all decodes every row and looks every key up; a refusal is
 * allowed, a read outside the file is not.  The pread reader decodes
 * each row as the mapping does, read in the order a search would not. */
static void read_all(const bf__pseg *s)
{
    uint64_t i, row;
    bf__pblk b;

    if (bf__pblk_init(&b, s) != BF_OK)
        abort();
    for (i = 0; i < s->count; i++) {
        uint64_t j = s->count - 1 - i;
        bf__prow q, w;
        bf_err eq = bf__pblk_row(&b, s, j, &q), ew = bf__pseg_row(s, j, &w);

        if (eq != ew ||
            (eq == BF_OK && (q.author != w.author || q.id != w.id ||
                             q.created_at != w.created_at ||
                             memcmp(q.off, w.off, sizeof q.off) != 0 ||
                             memcmp(q.len, w.len, sizeof q.len) != 0)))
            abort();
    }
    bf__pblk_release(&b);
    for (i = 0; i < s->count; i++) {
        bf__prow r;

        if (bf__pseg_row(s, i, &r) != BF_OK)
            continue;
        if (r.len[BF__PS_NATIVE] != BF__PSEG_NOSTR)
            (void)bf__pseg_find(s, r.hash, r.platform,
                                s->heap + r.off[BF__PS_NATIVE],
                                r.len[BF__PS_NATIVE], &row);
    }
}

/*
 * merge_one compacts s alone, as a view of one segment (no drop): the
 * merge reads every row a damaged file lets it and writes it out again.
 * A whole file must merge into a file that passes the check and holds
 * its rows; a damaged one may be refused, and leaves no file.
 */
static void merge_one(const bf__pseg *s, int whole)
{
    bf__pview v;
    bf__pseg seg = *s;
    uint32_t id = 1, crc = 0;
    uint64_t rows = 0;
    char out[128];
    bf_err err;

    memset(&v, 0, sizeof v);
    v.n = 1;
    v.segs = &seg;
    v.ids = &id;
    snprintf(out, sizeof out, "%s/posts-000002.pseg", dir);
    err = bf__pview_write_merged(&v, 0, dir, "posts-000002.pseg", &rows, &crc,
                                 NULL);
    if (whole && (err != BF_OK || rows != s->count))
        abort();
    if (err == BF_OK) {
        bf__pseg m;

        if (bf__pseg_map(out, &m) != BF_OK ||
            bf__pseg_check(m.base, m.size, NULL, NULL) || m.count != rows)
            abort();
        bf__pseg_unmap(&m);
    } else if (access(out, F_OK) == 0) {
        abort();
    }
    unlink(out);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static bf__prow rows[MAX_ROWS];
    static char heap[MAX_ROWS * 8];
    size_t n = 0, at = 2, i, len = 0, fsize = 0;
    uint32_t author = 0, crc = 0;
    unsigned char *buf = NULL;
    bf__pseg s;
    FILE *f;
    int k;

    if (size < 2 || setup() != 0)
        return 0;
    n = (size_t)(data[0] | data[1] << 8) % MAX_ROWS;
    for (i = 0; i < n; i++) {
        int have = at + 1 < size && !(data[at] == 0xFF && data[at + 1] == 0xFF);

        author += have ? data[at] % 4 : 1;
        memset(&rows[i], 0, sizeof rows[i]);
        rows[i].author = author;
        rows[i].platform = 1;
        rows[i].created_at = have ? data[at + 1] : 0;
        rows[i].id = i + 1;
        for (k = 0; k < BF__PC__N; k++)
            rows[i].cnt[k] = -1;
        for (k = 0; k < BF__PS__N; k++)
            rows[i].len[k] = BF__PSEG_NOSTR;
        rows[i].off[BF__PS_NATIVE] = len;
        rows[i].len[BF__PS_NATIVE] =
                (uint32_t)sprintf(heap + len, "p%u", (unsigned)i);
        rows[i].hash = bf__pseg_hash(1, heap + len, rows[i].len[BF__PS_NATIVE]);
        len += rows[i].len[BF__PS_NATIVE] + 1;
        if (have)
            at += 2;
    }
    /* Skip to the damages, past the marker. */
    while (at + 1 < size && !(data[at] == 0xFF && data[at + 1] == 0xFF))
        at++;
    at += 2;

    if (bf__pseg_write(dir, "posts-000001.pseg", rows, n, heap, len, &crc,
                       NULL) != BF_OK)
        abort();
    if (bf__pseg_map(path, &s) != BF_OK)
        abort();
    if (bf__pseg_check(s.base, s.size, NULL, NULL) || s.count != n)
        abort();
    search_all(&s, author, 1);
    fsize = s.size;
    buf = malloc(fsize ? fsize : 1);
    if (!buf)
        abort();
    memcpy(buf, s.base, fsize);
    bf__pseg_unmap(&s);

    /* The damages, then the file as the store would find it. */
    for (; at + 6 <= size && fsize > BF__PSEG_HEADER; at += 6) {
        uint32_t off =
                (uint32_t)(data[at] | data[at + 1] << 8 | data[at + 2] << 16 |
                           (uint32_t)data[at + 3] << 24);

        buf[off % fsize] ^= data[at + 4];
        if (data[at + 5] & 1) {
            bf__put_u32(buf + 32, (uint32_t)crc32_z(0L, buf + BF__PSEG_HEADER,
                                                    fsize - BF__PSEG_HEADER));
            bf__put_u32(buf + 60, (uint32_t)crc32_z(0L, buf, 60));
        }
    }
    f = fopen(path, "wb");
    if (!f || fwrite(buf, 1, fsize, f) != fsize)
        abort();
    fclose(f);
    if (bf__pseg_map(path, &s) == BF_OK) {
        int whole = bf__pseg_check(s.base, s.size, NULL, NULL) == NULL;

        search_all(&s, author + 4, whole);
        read_all(&s);
        merge_one(&s, whole);
        count_one(&s, whole);
        bf__pseg_unmap(&s);
    }
    free(buf);
    unlink(path);
    return 0;
}
