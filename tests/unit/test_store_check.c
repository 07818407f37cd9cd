/*
 * test_store_check.c - bf_store_check (bonafide check) on real stores
 * damaged in specific ways: each fault is named with its file, repair
 * restores the counts from what the store holds twice, and what cannot be
 * repaired is said so.
 */
#include <dirent.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>
#include <sqlite3.h>

#include "graph/influence.h"
#include "model/model.h"
#include "report/report.h"
#include "store/check.h"
#include "store/peers.h"
#include "store/segment.h"
#include "store/store.h"

typedef struct fixture {
    char dir[64];
    char store[96];
    char log[8192]; /* the findings, "kind file: what (done)" per line */
} fixture;

static int setup(void **state)
{
    fixture *f = calloc(1, sizeof *f);

    if (!f)
        return -1;
    snprintf(f->dir, sizeof f->dir, "/tmp/bf-check-XXXXXX");
    if (!mkdtemp(f->dir)) {
        free(f);
        return -1;
    }
    snprintf(f->store, sizeof f->store, "%s/st", f->dir);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    DIR *d = opendir(f->store);
    struct dirent *e;
    char p[512];

    while (d && (e = readdir(d)) != NULL) {
        snprintf(p, sizeof p, "%s/%s", f->store, e->d_name);
        unlink(p);
    }
    if (d)
        closedir(d);
    rmdir(f->store);
    rmdir(f->dir);
    free(f);
    return 0;
}

static void log_item(void *ctx, const bf_check_item *it)
{
    static const char *const kind[] = { "damaged", "repaired", "note" };
    fixture *f = ctx;
    size_t n = strlen(f->log);

    snprintf(f->log + n, sizeof f->log - n, "%s %s: %s (%s)\n", kind[it->kind],
             it->file, it->what, it->done ? it->done : "");
}

/* check runs bf_store_check into f->log and returns the totals. */
static bf_check_totals check(fixture *f, int repair)
{
    bf_check_totals t;

    f->log[0] = '\0';
    assert_int_equal(bf_store_check(f->store, repair, log_item, f, &t), BF_OK);
    return t;
}

static void has(const fixture *f, const char *s)
{
    if (!strstr(f->log, s))
        fail_msg("'%s' not in:\n%s", s, f->log);
}

/*
 * clean_after_drop: after a repair that dropped a file, the store's data
 * generation has moved past gen0 (what was computed from the lost records
 * is out of date), and a check finds no fault, only note, the file kept
 * aside.
 */
static void clean_after_drop(fixture *f, uint64_t gen0, const char *note)
{
    bf_store *st = NULL;
    bf_check_totals t;
    uint64_t gen1 = 0;

    assert_int_equal(bf_store_open_existing(f->store, &st), BF_OK);
    assert_int_equal(bf_store_generation(st, &gen1), BF_OK);
    bf_store_close(st);
    assert_true(gen1 > gen0);
    t = check(f, 0);
    assert_int_equal(t.faults, 0);
    has(f, note);
}

/*
 * make_store writes three batches of follows (three segments of 100, 200
 * and 300 distinct follows) and three named accounts, and builds the
 * graph.
 */
static void make_store(const fixture *f)
{
    static const char *const handles[] = { "alice", "bob", "carol" };
    bf_store *st = NULL;
    const bf_csr *g = NULL;
    char a[16], b[16];
    int k, i;

    assert_int_equal(bf_store_open(f->store, &st), BF_OK);
    assert_int_equal(bf_store_begin(st), BF_OK);
    for (i = 0; i < 3; i++) {
        bf_account acc;

        bf_account_clear(&acc);
        acc.platform = "twitter";
        snprintf(a, sizeof a, "%d", i);
        acc.native_id = a;
        acc.handle = handles[i];
        assert_int_equal(bf_store_put_account(st, &acc, NULL), BF_OK);
    }
    assert_int_equal(bf_store_commit(st), BF_OK);
    for (k = 1; k <= 3; k++) {
        assert_int_equal(bf_store_begin(st), BF_OK);
        for (i = 0; i < 100 * k; i++) {
            bf_follow fl;

            memset(&fl, 0, sizeof fl);
            snprintf(a, sizeof a, "%d", 1000 * k + i);
            snprintf(b, sizeof b, "%d", i % 3);
            fl.platform = "twitter";
            fl.follower = a;
            fl.followee = b;
            fl.position = -1;
            assert_int_equal(bf_store_put_follow(st, &fl), BF_OK);
        }
        assert_int_equal(bf_store_commit(st), BF_OK);
    }
    assert_int_equal(bf_store_graph(st, &g), BF_OK);
    assert_int_equal(g->m, 600);
    bf_store_close(st);
}

/* flip flips one byte of a store file at off (from the end if < 0). */
static void flip(const fixture *f, const char *name, long off)
{
    char p[200];
    FILE *fp;
    int c;

    snprintf(p, sizeof p, "%s/%s", f->store, name);
    fp = fopen(p, "r+b");
    assert_non_null(fp);
    assert_int_equal(fseek(fp, off, off < 0 ? SEEK_END : SEEK_SET), 0);
    c = fgetc(fp);
    assert_int_equal(fseek(fp, -1, SEEK_CUR), 0);
    fputc(c ^ 0x40, fp);
    fclose(fp);
}

static uint64_t follows(const fixture *f)
{
    bf_store *st = NULL;
    const bf_csr *g = NULL;
    uint64_t m;

    assert_int_equal(bf_store_open_existing(f->store, &st), BF_OK);
    assert_int_equal(bf_store_graph(st, &g), BF_OK);
    m = g->m;
    bf_store_close(st);
    return m;
}

static void a_whole_store_is_whole(void **state)
{
    fixture *f = *state;
    bf_check_totals t;

    make_store(f);
    t = check(f, 0);
    assert_int_equal(t.faults, 0);
    assert_int_equal(t.notes, 0);
    assert_int_equal(t.segments, 3);
    assert_int_equal(t.follows, 600);
    assert_int_equal(t.graph_m, 600);
    assert_string_equal(f->log, "");
    assert_int_equal(bf_store_check("/dev/null", 0, NULL, NULL, &t),
                     BF_ENOTDIR);
    assert_int_equal(bf_store_check(f->dir, 0, NULL, NULL, &t), BF_ENOTFOUND);
}

/* A segment's header is damaged, its records whole: rewritten. */
static void a_segment_header_is_rewritten(void **state)
{
    fixture *f = *state;
    bf_check_totals t;

    make_store(f);
    flip(f, "follows-000002.seg", 20); /* the record count */
    t = check(f, 0);
    assert_int_equal(t.faults, 1);
    has(f, "damaged follows-000002.seg: header checksum mismatch");
    t = check(f, 1);
    assert_int_equal(t.faults, 0);
    assert_int_equal(t.repaired, 1);
    has(f, "repaired follows-000002.seg: header checksum mismatch "
           "(rewritten from its 200 whole records");
    t = check(f, 0);
    assert_int_equal(t.faults + t.notes, 0);
    assert_int_equal(follows(f), 600);
}

/* Stray bytes after a segment's records are cut. */
static void a_segment_tail_is_cut(void **state)
{
    fixture *f = *state;
    char p[200];
    FILE *fp;
    bf_check_totals t;

    make_store(f);
    snprintf(p, sizeof p, "%s/follows-000001.seg", f->store);
    fp = fopen(p, "ab");
    assert_non_null(fp);
    fputs("torn", fp);
    fclose(fp);
    t = check(f, 0);
    has(f, "damaged follows-000001.seg: bytes after the last record");
    t = check(f, 1);
    assert_int_equal(t.faults, 0);
    assert_int_equal(t.repaired, 1);
    assert_int_equal(follows(f), 600);
}

/* Lost records cannot come back: the segment is dropped, named, and the
 * rest of the graph is readable again. */
static void a_lost_segment_is_dropped_and_named(void **state)
{
    fixture *f = *state;
    bf_store *st = NULL;
    const bf_csr *g = NULL;
    bf_check_totals t;
    uint64_t gen0 = 0;

    make_store(f);
    flip(f, "follows-000003.seg", 100);
    flip(f, "graph.csr", -1);
    assert_int_equal(bf_store_open_existing(f->store, &st), BF_OK);
    assert_int_equal(bf_store_graph(st, &g), BF_ECORRUPT);
    assert_int_equal(bf_store_generation(st, &gen0), BF_OK);
    bf_store_close(st);
    t = check(f, 0);
    assert_int_equal(t.faults, 2);
    has(f, "damaged follows-000003.seg: records checksum mismatch");
    has(f, "damaged graph.csr:");
    t = check(f, 1);
    /* Still a fault: 300 follows are lost, and said so. */
    assert_int_equal(t.faults, 1);
    has(f, "its 300 follows cannot be recovered: dropped from the store, "
           "the file kept as follows-000003.seg.damaged");
    has(f, "repaired graph.csr:");
    assert_int_equal(t.graph_m, 300);
    clean_after_drop(f, gen0, "note follows-000003.seg.damaged:");
    assert_int_equal(follows(f), 300);
}

/* count_post counts the posts bf_store_each_post gives (ctx: a count). */
static bf_err count_post(void *ctx, const bf_post *p)
{
    (void)p;
    ++*(int *)ctx;
    return BF_OK;
}

/* posts_of counts the stored posts of dense id author. */
static int posts_of(const fixture *f, uint32_t author)
{
    bf_store *st = NULL;
    int n = 0;

    assert_int_equal(bf_store_open_existing(f->store, &st), BF_OK);
    assert_int_equal(bf_store_each_post(st, author, count_post, &n), BF_OK);
    bf_store_close(st);
    return n;
}

/*
 * A post segment has no second copy: a damaged one is named, and a repair
 * drops it, keeps the file aside, says how many posts are lost and moves
 * the data generation; the posts of the other segment stay.
 */
static void a_damaged_post_segment_is_dropped_and_named(void **state)
{
    fixture *f = *state;
    bf_store *st = NULL;
    bf_check_totals t;
    uint64_t gen0 = 0;
    char id[16];
    int k, i;

    make_store(f);
    assert_int_equal(bf_store_open(f->store, &st), BF_OK);
    for (k = 0; k < 2; k++) {
        assert_int_equal(bf_store_begin(st), BF_OK);
        for (i = 0; i < 3 - k; i++) {
            bf_post p;

            bf_post_clear(&p);
            snprintf(id, sizeof id, "%d", 100 * k + i);
            p.platform = "twitter";
            p.native_id = id;
            p.author_id = k ? "1" : "0";
            p.created_at = 1700000000 + i;
            p.text = "a post";
            assert_int_equal(bf_store_put_post(st, &p), BF_OK);
        }
        assert_int_equal(bf_store_commit(st), BF_OK);
    }
    assert_int_equal(bf_store_generation(st, &gen0), BF_OK);
    bf_store_close(st);
    assert_int_equal(posts_of(f, 0), 3);
    assert_int_equal(posts_of(f, 1), 2);
    t = check(f, 0);
    assert_int_equal(t.faults, 0);
    flip(f, "posts-000002.pseg", 80);
    t = check(f, 0);
    assert_int_equal(t.faults, 1);
    has(f, "damaged posts-000002.pseg:");
    t = check(f, 1);
    assert_int_equal(t.faults, 1);
    has(f, "its 2 posts cannot be recovered: dropped from the store, the "
           "file kept as posts-000002.pseg.damaged");
    clean_after_drop(f, gen0, "note posts-000002.pseg.damaged:");
    assert_int_equal(posts_of(f, 0), 3);
    assert_int_equal(posts_of(f, 1), 0);
}

/*
 * A post count kept at the store's key that is not the posts' (written
 * by a faulty writer, or by hand) is found, and the repair forgets it:
 * the next count is made again.
 */
static void a_wrong_kept_count_is_forgotten(void **state)
{
    fixture *f = *state;
    bf_store *st = NULL;
    bf_stats_row row;
    bf_check_totals t;
    bf_buf v;
    char sql[256], path[200];
    sqlite3 *db;
    int i;

    assert_int_equal(bf_store_open(f->store, &st), BF_OK);
    assert_int_equal(bf_store_begin(st), BF_OK);
    for (i = 0; i < 3; i++) {
        char id[16];
        bf_post p;

        bf_post_clear(&p);
        snprintf(id, sizeof id, "%d", i);
        p.platform = "twitter";
        p.native_id = id;
        p.author_id = "7";
        p.created_at = 1700000000 + i;
        assert_int_equal(bf_store_put_post(st, &p), BF_OK);
    }
    assert_int_equal(bf_store_commit(st), BF_OK);
    assert_int_equal(bf_store_totals(st, &row), BF_OK);
    assert_int_equal(row.posts, 3);
    assert_int_equal(bf_store_totals_keep(st), BF_OK);
    bf_buf_init(&v, 256);
    assert_int_equal(bf_store_state_get(st, "posts_count", &v), BF_OK);
    bf_store_close(st);
    t = check(f, 0);
    assert_int_equal(t.faults, 0);

    /* The same key, another count. */
    assert_true(v.len > 2 && strcmp(v.data + v.len - 2, " 3") == 0);
    snprintf(path, sizeof path, "%s/bonafide.sqlite", f->store);
    snprintf(sql, sizeof sql,
             "UPDATE state SET value = '%.*s 999' WHERE key = 'posts_count'",
             (int)(v.len - 2), v.data);
    assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
    assert_int_equal(sqlite3_exec(db, sql, NULL, NULL, NULL), SQLITE_OK);
    sqlite3_close(db);
    bf_buf_release(&v);
    t = check(f, 0);
    assert_int_equal(t.faults, 1);
    has(f, "damaged bonafide.sqlite: the post count kept is 999, the posts 3");
    t = check(f, 1);
    assert_int_equal(t.faults, 0);
    assert_int_equal(t.repaired, 1);
    has(f, "repaired bonafide.sqlite: the post count kept is 999, the posts 3 "
           "(forgotten: the next ingest counts the posts)");
    t = check(f, 0);
    assert_int_equal(t.faults + t.repaired, 0);
    assert_int_equal(bf_store_open(f->store, &st), BF_OK);
    assert_int_equal(bf_store_totals(st, &row), BF_OK);
    assert_int_equal(row.posts, 3);
    bf_store_close(st);
}

/* Every rule of the graph file: a damaged section is named, rebuilt. */
static void a_damaged_graph_file_is_rebuilt(void **state)
{
    fixture *f = *state;
    bf_check_totals t;

    make_store(f);
    flip(f, "graph.csr", 288 + 8);
    t = check(f, 0);
    assert_int_equal(t.faults, 1);
    has(f, "damaged graph.csr: out_off section checksum mismatch");
    flip(f, "graph.csr", 0);
    t = check(f, 0);
    has(f, "damaged graph.csr: bad magic");
    t = check(f, 1);
    assert_int_equal(t.faults, 0);
    has(f, "repaired graph.csr: bad magic (rebuilt from the segments: 600 "
           "distinct follows)");
    assert_int_equal(t.graph_m, 600);
}

/*
 * pagerank.bin is checked in full: a damaged section is named and repair
 * removes the file, computed again at the next use; the earlier format is
 * left to be replaced, a damaged header is named.
 */
static void the_pagerank_file_is_checked(void **state)
{
    fixture *f = *state;
    bf_store *st = NULL;
    bf_check_totals t;
    double *r = NULL, *again = NULL;
    uint32_t n = 0, i;
    char p[200];
    FILE *fp;

    make_store(f);
    assert_int_equal(bf_store_open(f->store, &st), BF_OK);
    assert_int_equal(bf_graph_pagerank_cached(st, &r, &n), BF_OK);
    bf_store_close(st);
    t = check(f, 0);
    assert_int_equal(t.faults + t.notes, 0);
    /* The sorted section: its fifth value's top byte. */
    flip(f, "pagerank.bin", 64 + 8 * (long)n + 8 * 4 + 7);
    t = check(f, 0);
    assert_int_equal(t.faults, 1);
    has(f, "damaged pagerank.bin: the sorted values fail their checksum");
    t = check(f, 1);
    assert_int_equal(t.faults, 0);
    has(f, "repaired pagerank.bin: the sorted values fail their checksum "
           "(removed: computed again at the next audit)");
    snprintf(p, sizeof p, "%s/pagerank.bin", f->store);
    assert_int_not_equal(access(p, F_OK), 0);
    /* Computed again, the same. */
    assert_int_equal(bf_store_open(f->store, &st), BF_OK);
    assert_int_equal(bf_graph_pagerank_cached(st, &again, &i), BF_OK);
    bf_store_close(st);
    assert_int_equal(i, n);
    for (i = 0; i < n; i++)
        assert_float_equal(again[i], r[i], 0);
    t = check(f, 0);
    assert_int_equal(t.faults + t.notes, 0);
    fp = fopen(p, "wb");
    assert_non_null(fp);
    fputs("BFPRK001 and the rest", fp);
    fclose(fp);
    t = check(f, 0);
    assert_int_equal(t.faults + t.notes, 0);
    fp = fopen(p, "wb");
    assert_non_null(fp);
    fputs("BFPRK003 and the rest", fp);
    fclose(fp);
    t = check(f, 0);
    assert_int_equal(t.faults, 1);
    has(f, "damaged pagerank.bin: fails its header checks");
    free(r);
    free(again);
}

/*
 * in_list finds vertex v's followers in the store's graph.csr: the file
 * offset of its first in_adj entry (docs/graph-format.md: the section
 * table starts at byte 40, 24 bytes an entry, in_off third, in_adj
 * fourth) and its length.
 */
static void in_list(const fixture *f, uint32_t v, long *out_at,
                    uint64_t *out_len)
{
    unsigned char h[264], o[16];
    char p[200];
    FILE *fp;

    snprintf(p, sizeof p, "%s/graph.csr", f->store);
    fp = fopen(p, "rb");
    assert_non_null(fp);
    assert_int_equal(fread(h, 1, sizeof h, fp), sizeof h);
    assert_int_equal(
            fseek(fp, (long)(bf__get_u64(h + 40 + 24 * 2) + 8 * v), SEEK_SET),
            0);
    assert_int_equal(fread(o, 1, sizeof o, fp), sizeof o);
    fclose(fp);
    *out_at = (long)(bf__get_u64(h + 40 + 24 * 3) + 4 * bf__get_u64(o));
    *out_len = bf__get_u64(o + 8) - bf__get_u64(o);
}

/* poke writes the 32-bit little-endian x at off of a store file. */
static void poke(const fixture *f, const char *name, long off, uint32_t x)
{
    unsigned char b[4];
    char p[200];
    FILE *fp;

    snprintf(p, sizeof p, "%s/%s", f->store, name);
    fp = fopen(p, "r+b");
    assert_non_null(fp);
    bf__put_u32(b, x);
    assert_int_equal(fseek(fp, off, SEEK_SET), 0);
    assert_int_equal(fwrite(b, 1, 4, fp), 4);
    fclose(fp);
}

/* audit runs bf_audit_build on account id of the store. */
static bf_err audit(const fixture *f, uint32_t id, uint64_t *out_known)
{
    bf_store *st = NULL;
    bf_audit_opts o;
    bf_report r;
    bf_err err;

    memset(&o, 0, sizeof o);
    o.now = 1700000000;
    assert_int_equal(bf_store_open_existing(f->store, &st), BF_OK);
    bf_report_init(&r);
    err = bf_audit_build(st, id, &o, &r);
    if (out_known)
        *out_known = r.audience.known;
    bf_report_release(&r);
    bf_store_close(st);
    return err;
}

/*
 * A damaged follower list is found where it is read, and only there: the
 * graph file is opened without reading its sections, an audit of an
 * account whose list is whole still works, an audit of the damaged one
 * says BF_ECORRUPT, and bonafide check, which verifies the whole file,
 * names the damage either way.  A reader of the whole graph checks every
 * list and rebuilds the file from the segments.
 */
static void a_damaged_list_is_found_where_it_is_read(void **state)
{
    fixture *f = *state;
    const bf_csr *g = NULL;
    const uint32_t *adj = NULL;
    bf_check_totals t;
    bf_store *st = NULL;
    uint64_t len = 0, known = 0;
    long bob, carol;

    make_store(f);
    /* alice, bob and carol have 201, 200 and 199 followers.  bob (dense
     * id 1): a follower id beyond n; carol (2): two followers
     * in descending order. */
    in_list(f, 1, &bob, &len);
    assert_int_equal(len, 200);
    poke(f, "graph.csr", bob + 4 * 7, 0xFFFFFF00u);
    in_list(f, 2, &carol, &len);
    assert_int_equal(len, 199);
    poke(f, "graph.csr", carol + 4 * 3, 1u);

    t = check(f, 0);
    assert_int_equal(t.faults, 1);
    has(f, "damaged graph.csr: in_adj section checksum mismatch");

    /* The lazy reader: alice's list is whole, bob's and carol's are not;
     * the lists they do not ask for are never read. */
    assert_int_equal(bf_store_open_existing(f->store, &st), BF_OK);
    assert_int_equal(bf_store_graph_lazy(st, &g), BF_OK);
    assert_int_equal(g->m, 600);
    assert_int_equal(bf_csr_in(g, 0, &adj, NULL, &len), BF_OK);
    assert_int_equal(len, 201);
    assert_int_equal(bf_csr_in(g, 1, &adj, NULL, &len), BF_ECORRUPT);
    assert_int_equal(bf_csr_in(g, 2, &adj, NULL, &len), BF_ECORRUPT);
    assert_int_equal(bf_csr_in(g, 3, &adj, NULL, &len), BF_OK);
    assert_int_equal(bf_csr_in(g, g->n, &adj, NULL, &len), BF_EINVAL);
    bf_store_close(st);

    assert_int_equal(audit(f, 1, NULL), BF_ECORRUPT);
    assert_int_equal(audit(f, 2, NULL), BF_ECORRUPT);
    assert_int_equal(audit(f, 0, &known), BF_OK);
    assert_int_equal(known, 201);

    /* A whole-graph reader checks every list first and rebuilds. */
    assert_int_equal(follows(f), 600);
    t = check(f, 0);
    assert_int_equal(t.faults, 0);
    assert_int_equal(audit(f, 1, &known), BF_OK);
    assert_int_equal(known, 200);
}

/* A database index that lost an entry is rebuilt from its table; a
 * database whose header is gone is named and left alone. */
static void the_database_is_checked(void **state)
{
    fixture *f = *state;
    char p[200];
    unsigned char *data;
    bf_check_totals t;
    long size, page, i, at;
    FILE *fp;

    make_store(f);
    snprintf(p, sizeof p, "%s/bonafide.sqlite", f->store);
    /* "carol" in a leaf page of an index (page type 10; only the handle
     * index holds handles) becomes "karol". */
    fp = fopen(p, "r+b");
    assert_non_null(fp);
    fseek(fp, 0, SEEK_END);
    size = ftell(fp);
    data = malloc((size_t)size);
    assert_non_null(data);
    fseek(fp, 0, SEEK_SET);
    assert_int_equal(fread(data, 1, (size_t)size, fp), (size_t)size);
    at = -1;
    for (page = 1; page < size / 4096 && at < 0; page++) {
        if (data[page * 4096] != 10)
            continue;
        for (i = page * 4096; i + 5 <= (page + 1) * 4096; i++)
            if (memcmp(data + i, "carol", 5) == 0)
                at = i;
    }
    assert_true(at > 0);
    fseek(fp, at, SEEK_SET);
    fputc('k', fp);
    fclose(fp);
    free(data);

    t = check(f, 0);
    assert_int_equal(t.faults, 1);
    has(f, "damaged bonafide.sqlite: row 3 missing from index "
           "accounts_handle");
    t = check(f, 1);
    assert_int_equal(t.faults, 0);
    has(f, "(indexes rebuilt from their tables (REINDEX))");
    t = check(f, 0);
    assert_int_equal(t.faults, 0);

    /* The header: nothing to rebuild it from. */
    fp = fopen(p, "r+b");
    assert_non_null(fp);
    fputs("XQLite", fp);
    fclose(fp);
    t = check(f, 1);
    assert_int_equal(t.faults, 1);
    has(f, "damaged bonafide.sqlite: not a database, or its header is "
           "damaged (cannot be repaired here");
    /* The segments and the graph are still checked on their own. */
    assert_int_equal(t.segments, 3);
    assert_int_equal(t.graph_m, 600);
}

/* Leftovers are notes, removed by repair; they are not damage. */
static void leftovers_are_named_and_removed(void **state)
{
    fixture *f = *state;
    bf_check_totals t;
    char p[200];
    FILE *fp;

    make_store(f);
    snprintf(p, sizeof p, "%s/follows-000009.seg", f->store);
    fp = fopen(p, "w");
    fclose(fp);
    snprintf(p, sizeof p, "%s/graph.csr.tmp-abcdef", f->store);
    fp = fopen(p, "w");
    fclose(fp);
    t = check(f, 0);
    assert_int_equal(t.faults, 0);
    assert_int_equal(t.notes, 2);
    has(f, "note follows-000009.seg: segment of a batch that never "
           "committed");
    t = check(f, 1);
    assert_int_equal(t.notes, 2);
    has(f, "(removed)");
    t = check(f, 0);
    assert_int_equal(t.notes, 0);
}

int main(void)
{
#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)
    const struct CMUnitTest tests[] = {
        T(a_whole_store_is_whole),
        T(a_segment_header_is_rewritten),
        T(a_segment_tail_is_cut),
        T(a_damaged_post_segment_is_dropped_and_named),
        T(a_lost_segment_is_dropped_and_named),
        T(a_damaged_graph_file_is_rebuilt),
        T(the_pagerank_file_is_checked),
        T(a_damaged_list_is_found_where_it_is_read),
        T(the_database_is_checked),
        T(leftovers_are_named_and_removed),
        T(a_wrong_kept_count_is_forgotten),
    };
#undef T

    return cmocka_run_group_tests(tests, NULL, NULL);
}
