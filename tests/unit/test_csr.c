/*
 * test_csr.c - graph.csr: building from raw edges (duplicates, self-loops,
 * isolated vertices), the layout of both directions, the validator's
 * rejection of every kind of damage, and the build through spilled runs
 * (a tiny BONAFIDE_CSR_MEMORY) giving the same bytes as the in-memory one,
 * fitting with its runs on a disk little larger than the file, and
 * leaving no run file behind, even when it fails; the local order of a
 * large graph, its damage, and PageRank and k-core over it giving every
 * dense id the result it gets without the order.
 */
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

#include <dirent.h>

#include <cmocka.h>
#include <zlib.h>

#include "graph/graph.h"
#include "store/csr.h"
#include "store/segment.h"

/* A temp directory per test, holding one graph file. */
typedef struct fixture {
    char dir[64];
    char path[96];
    char disk[80]; /* a small tmpfs mounted under dir, when not empty */
} fixture;

static int setup(void **state)
{
    fixture *f = calloc(1, sizeof *f);

    if (!f)
        return -1;
    snprintf(f->dir, sizeof f->dir, "/tmp/bf-csr-XXXXXX");
    if (!mkdtemp(f->dir)) {
        free(f);
        return -1;
    }
    snprintf(f->path, sizeof f->path, "%s/graph.csr", f->dir);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    char tmp[112];

    unlink(f->path);
    snprintf(tmp, sizeof tmp, "%s.tmp", f->path);
    unlink(tmp);
    if (f->disk[0]) {
        umount(f->disk);
        rmdir(f->disk);
    }
    rmdir(f->dir);
    free(f);
    return 0;
}

/* build writes a graph over n vertices from the pairs in e (2 * k ids). */
static void build(const char *path, uint32_t n, const uint32_t *e, size_t k,
                  uint64_t gen)
{
    bf__csr_edges ed;
    size_t i;

    bf__csr_edges_init(&ed, n);
    for (i = 0; i < k; i++)
        assert_int_equal(bf__csr_edges_add(&ed, e[2 * i], e[2 * i + 1]), BF_OK);
    assert_int_equal(bf__csr_write(path, &ed, gen), BF_OK);
    bf__csr_edges_release(&ed);
}

/* slurp reads a whole file into 8-byte aligned memory. */
static unsigned char *slurp(const char *path, size_t *out_n)
{
    FILE *fp = fopen(path, "rb");
    unsigned char *p;
    long n;

    assert_non_null(fp);
    fseek(fp, 0, SEEK_END);
    n = ftell(fp);
    rewind(fp);
    p = malloc((size_t)n + 8);
    assert_non_null(p);
    assert_int_equal(fread(p, 1, (size_t)n, fp), (size_t)n);
    fclose(fp);
    *out_n = (size_t)n;
    return p;
}

static void spit(const char *path, const unsigned char *p, size_t n)
{
    FILE *fp = fopen(path, "wb");

    assert_non_null(fp);
    assert_int_equal(fwrite(p, 1, n, fp), n);
    fclose(fp);
}

/* refresh recomputes every checksum so a structural fault is what is
 * tested, not the crc that would catch it first. */
static void refresh(unsigned char *p)
{
    int s;

    for (s = 0; s < BF__CSR_SECTIONS; s++) {
        unsigned char *t = p + 40 + 24 * s;
        uint64_t off = bf__get_u64(t), len = bf__get_u64(t + 8);

        bf__put_u32(t + 16, (uint32_t)crc32_z(0, p + off, (size_t)len));
    }
    bf__put_u32(p + 256, (uint32_t)crc32_z(0, p, 256));
}

/* section returns the offset of section s (0..8) of the file at p. */
static uint64_t section(const unsigned char *p, int s)
{
    return bf__get_u64(p + 40 + 24 * s);
}

static void builds_duplicates_self_loops_and_isolated(void **state)
{
    fixture *f = *state;
    /* 4 and 5 are isolated; (0,1) and (0,2) repeat; 3 follows itself. */
    static const uint32_t e[] = { 0, 1, 0, 1, 2, 0, 0, 2, 3, 3, 1, 0, 0, 2 };
    static const uint64_t off[] = { 0, 2, 3, 4, 5, 5, 5 };
    static const uint32_t out_adj[] = { 1, 2, 0, 0, 3 };
    static const uint32_t in_adj[] = { 1, 2, 0, 0, 3 };
    bf__csr_file g;
    int v;

    build(f->path, 6, e, 7, 42);
    assert_int_equal(bf__csr_map(f->path, &g), BF_OK);
    assert_int_equal(g.g.n, 6);
    assert_int_equal(g.g.m, 5);
    assert_int_equal(g.generation, 42);
    for (v = 0; v <= 6; v++) {
        assert_int_equal(g.g.out_off[v], off[v]);
        assert_int_equal(g.g.in_off[v], off[v]);
    }
    assert_memory_equal(g.g.out_adj, out_adj, sizeof out_adj);
    assert_memory_equal(g.g.in_adj, in_adj, sizeof in_adj);
    bf__csr_unmap(&g);
    bf__csr_unmap(&g); /* twice is harmless */
}

static void builds_empty_graphs(void **state)
{
    fixture *f = *state;
    bf__csr_file g;

    build(f->path, 0, NULL, 0, 0);
    assert_int_equal(bf__csr_map(f->path, &g), BF_OK);
    assert_int_equal(g.g.n, 0);
    assert_int_equal(g.g.m, 0);
    assert_int_equal(g.g.out_off[0], 0);
    bf__csr_unmap(&g);

    build(f->path, 3, NULL, 0, 7);
    assert_int_equal(bf__csr_map(f->path, &g), BF_OK);
    assert_int_equal(g.g.n, 3);
    assert_int_equal(g.g.m, 0);
    assert_int_equal(g.g.in_off[3], 0);
    bf__csr_unmap(&g);
}

static void rejects_endpoints_outside_n(void **state)
{
    bf__csr_edges e;

    (void)state;
    bf__csr_edges_init(&e, 10);
    assert_int_equal(bf__csr_edges_add(&e, 9, 0), BF_OK);
    assert_int_equal(bf__csr_edges_add(&e, 10, 0), BF_ECORRUPT);
    assert_int_equal(bf__csr_edges_add(&e, 0, 10), BF_ECORRUPT);
    assert_int_equal(e.len, 1);
    bf__csr_edges_release(&e);
}

static int cmp_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

    return x < y ? -1 : x > y;
}

/* A random multigraph against a qsort reference, over enough distinct
 * digits that several radix passes run. */
static void matches_a_reference_on_random_edges(void **state)
{
    fixture *f = *state;
    const uint32_t n = 70000;
    const size_t k = 200000;
    uint64_t *ref = malloc(k * sizeof *ref), state64 = 12345;
    bf__csr_edges e;
    bf__csr_file g;
    size_t i, m = 0;
    uint32_t v;

    assert_non_null(ref);
    bf__csr_edges_init(&e, n);
    e.msd_min = 0; /* the top-digit sort, whatever the count */
    for (i = 0; i < k; i++) {
        uint32_t a, b;

        /* xorshift64; every fourth edge repeats an earlier one. */
        state64 ^= state64 << 13;
        state64 ^= state64 >> 7;
        state64 ^= state64 << 17;
        a = (uint32_t)(state64 % n);
        b = (uint32_t)((state64 >> 32) % n);
        if (i % 4 == 3) {
            a = (uint32_t)(ref[i / 2] >> 32);
            b = (uint32_t)ref[i / 2];
        }
        ref[i] = (uint64_t)a << 32 | b;
        assert_int_equal(bf__csr_edges_add(&e, a, b), BF_OK);
    }
    qsort(ref, k, sizeof *ref, cmp_u64);
    for (i = 0; i < k; i++)
        if (m == 0 || ref[i] != ref[m - 1])
            ref[m++] = ref[i];
    assert_int_equal(bf__csr_write(f->path, &e, 1), BF_OK);
    bf__csr_edges_release(&e);
    assert_int_equal(bf__csr_map(f->path, &g), BF_OK);
    assert_int_equal(g.g.m, m);
    i = 0;
    for (v = 0; v < n; v++) {
        uint64_t j;

        for (j = g.g.out_off[v]; j < g.g.out_off[v + 1]; j++, i++)
            assert_true(ref[i] == ((uint64_t)v << 32 | g.g.out_adj[j]));
    }
    assert_int_equal(i, m);
    /* Every out-edge u -> w appears as u among w's followers. */
    for (i = 0; i < m; i += 97) {
        uint32_t u = (uint32_t)(ref[i] >> 32), w = (uint32_t)ref[i];
        uint64_t j;
        int seen = 0;

        for (j = g.g.in_off[w]; j < g.g.in_off[w + 1]; j++)
            seen |= g.g.in_adj[j] == u;
        assert_true(seen);
    }
    bf__csr_unmap(&g);
    free(ref);
}

/* expect_corrupt writes p (n bytes) and checks both the validator and the
 * mapper refuse it. */
static void expect_corrupt(const char *path, const unsigned char *p, size_t n)
{
    bf__csr_file g;
    bf_csr c;
    uint64_t gen;

    assert_int_equal(bf__csr_check(p, n, &c, &gen), BF_ECORRUPT);
    spit(path, p, n);
    assert_int_equal(bf__csr_map(path, &g), BF_ECORRUPT);
    assert_null(g.base);
}

static void rejects_damage(void **state)
{
    fixture *f = *state;
    static const uint32_t e[] = { 0, 1, 0, 2, 1, 2, 2, 0, 3, 1, 1, 3 };
    unsigned char *good, *p;
    size_t n, i;
    bf_csr c;
    uint64_t gen;
    int s;

    build(f->path, 5, e, 6, 3);
    good = slurp(f->path, &n);
    p = malloc(n + 8);
    assert_non_null(p);
    assert_int_equal(bf__csr_check(good, n, &c, &gen), BF_OK);

    /* A flipped byte in the header and in each section. */
    for (i = 0; i < BF__CSR_HEADER; i += 7) {
        memcpy(p, good, n);
        p[i] ^= 0x10;
        expect_corrupt(f->path, p, n);
    }
    for (s = 0; s < 4; s++) {
        memcpy(p, good, n);
        p[section(good, s) + 1] ^= 0x01;
        expect_corrupt(f->path, p, n);
    }
    /* Truncated, extended, empty. */
    expect_corrupt(f->path, good, n - 8);
    expect_corrupt(f->path, good, n - 1);
    expect_corrupt(f->path, good, 100);
    memcpy(p, good, n);
    memset(p + n, 0, 8);
    expect_corrupt(f->path, p, n + 8);
    expect_corrupt(f->path, good, 0);
    /* Bad magic, even with fresh checksums. */
    memcpy(p, good, n);
    p[0] = 'X';
    refresh(p);
    expect_corrupt(f->path, p, n);
    /* Earlier versions, an unknown one, unknown flags, and the
     * positions or order flag on a file without their sections. */
    memcpy(p, good, n);
    bf__put_u32(p + 8, 1);
    refresh(p);
    expect_corrupt(f->path, p, n);
    memcpy(p, good, n);
    bf__put_u32(p + 8, 2);
    refresh(p);
    expect_corrupt(f->path, p, n);
    memcpy(p, good, n);
    bf__put_u32(p + 8, 4);
    refresh(p);
    expect_corrupt(f->path, p, n);
    memcpy(p, good, n);
    bf__put_u32(p + 12, 4);
    refresh(p);
    expect_corrupt(f->path, p, n);
    memcpy(p, good, n);
    bf__put_u32(p + 12, BF__CSR_F_IN_POS);
    refresh(p);
    expect_corrupt(f->path, p, n);
    memcpy(p, good, n);
    bf__put_u32(p + 12, BF__CSR_F_ORDER);
    refresh(p);
    expect_corrupt(f->path, p, n);
    /* Counts that disagree with the size. */
    memcpy(p, good, n);
    bf__put_u64(p + 24, 7);
    refresh(p);
    expect_corrupt(f->path, p, n);
    memcpy(p, good, n);
    bf__put_u64(p + 16, UINT64_MAX);
    refresh(p);
    expect_corrupt(f->path, p, n);
    /* A section moved. */
    memcpy(p, good, n);
    bf__put_u64(p + 40 + 24, section(good, 1) + 8);
    refresh(p);
    expect_corrupt(f->path, p, n);
    /* An out-of-range target, in each direction. */
    memcpy(p, good, n);
    bf__put_u32(p + section(good, 1), 5);
    refresh(p);
    expect_corrupt(f->path, p, n);
    memcpy(p, good, n);
    bf__put_u32(p + section(good, 3) + 4, 99);
    refresh(p);
    expect_corrupt(f->path, p, n);
    /* Adjacency out of order: vertex 0 follows 2 then 1. */
    memcpy(p, good, n);
    bf__put_u32(p + section(good, 1), 2);
    bf__put_u32(p + section(good, 1) + 4, 1);
    refresh(p);
    expect_corrupt(f->path, p, n);
    /* A duplicate neighbour. */
    memcpy(p, good, n);
    bf__put_u32(p + section(good, 1) + 4, 1);
    refresh(p);
    expect_corrupt(f->path, p, n);
    /* Offsets going backwards, and not ending at m. */
    memcpy(p, good, n);
    bf__put_u64(p + section(good, 0) + 8, 3);
    bf__put_u64(p + section(good, 0) + 16, 2);
    refresh(p);
    expect_corrupt(f->path, p, n);
    memcpy(p, good, n);
    bf__put_u64(p + section(good, 2) + 5 * 8, 5);
    refresh(p);
    expect_corrupt(f->path, p, n);

    /* The pristine bytes still pass after all that. */
    spit(f->path, good, n);
    {
        bf__csr_file g;

        assert_int_equal(bf__csr_map(f->path, &g), BF_OK);
        assert_int_equal(g.g.m, 6);
        bf__csr_unmap(&g);
    }
    free(p);
    free(good);
}

/* build_pos is build with a position per edge (3 ids per edge). */
static void build_pos(const char *path, uint32_t n, const int32_t *e, size_t k,
                      uint64_t gen)
{
    bf__csr_edges ed;
    size_t i;

    bf__csr_edges_init(&ed, n);
    ed.msd_min = 0; /* the top-digit sort whenever the keys are wide */
    for (i = 0; i < k; i++)
        assert_int_equal(bf__csr_edges_add_pos(&ed, (uint32_t)e[3 * i],
                                               (uint32_t)e[3 * i + 1],
                                               e[3 * i + 2]),
                         BF_OK);
    assert_int_equal(bf__csr_write(path, &ed, gen), BF_OK);
    bf__csr_edges_release(&ed);
}

/* in_pos_of returns the position of follower u in v's list; -9 absent. */
static int32_t in_pos_of(const bf_csr *g, uint32_t u, uint32_t v)
{
    uint64_t i;

    for (i = g->in_off[v]; i < g->in_off[v + 1]; i++)
        if (g->in_adj[i] == u)
            return g->in_pos[i];
    return -9;
}

static void round_trips_positions(void **state)
{
    fixture *f = *state;
    /* Follower, followee, position; in the order a store adds them, oldest
     * segment first.  Unknown positions come first so the position array
     * is allocated late and must backfill them. */
    static const int32_t e[] = {
        3, 0, -1, /* unknown and never known */
        1, 0, 7,  /* seen at 7, then at 2: the later one wins */
        2, 0, 0,  1, 0, 2, 4, 0, 5, /* known, then unknown: the known one stays */
        4, 0, -1, 0, 4, 1, 2, 4, 0, 0, 4, 3, /* duplicate: last known, 3 */
    };
    bf__csr_file g;

    build_pos(f->path, 5, e, sizeof e / sizeof *e / 3, 9);
    assert_int_equal(bf__csr_map(f->path, &g), BF_OK);
    assert_int_equal(g.g.m, 6);
    assert_non_null(g.g.in_pos);
    assert_int_equal(in_pos_of(&g.g, 3, 0), -1);
    assert_int_equal(in_pos_of(&g.g, 1, 0), 2);
    assert_int_equal(in_pos_of(&g.g, 2, 0), 0);
    assert_int_equal(in_pos_of(&g.g, 4, 0), 5);
    assert_int_equal(in_pos_of(&g.g, 0, 4), 3);
    assert_int_equal(in_pos_of(&g.g, 2, 4), 0);
    bf__csr_unmap(&g);

    /* Only unknown positions: no section, no flag, NULL. */
    {
        static const int32_t u[] = { 0, 1, -1, 1, 0, -1 };

        build_pos(f->path, 2, u, 2, 1);
        assert_int_equal(bf__csr_map(f->path, &g), BF_OK);
        assert_null(g.g.in_pos);
        assert_int_equal(g.g.m, 2);
        bf__csr_unmap(&g);
    }
}

/*
 * Wide keys take the two-level sort (a scatter by the top digit, then
 * each bucket sorted alone): positions must still follow their edges and
 * the last known one among duplicates must win, in short buckets
 * (insertion sort) and in the long bucket of one busy follower (radix).
 */
static void positions_survive_the_two_level_sort(void **state)
{
    fixture *f = *state;
    const uint32_t n = 1u << 20;
    const size_t k = 60000;
    int32_t *e = malloc(k * 3 * sizeof *e);
    uint64_t x = 99;
    size_t i, j, checked = 0;
    bf__csr_file g;

    assert_non_null(e);
    for (i = 0; i < k; i++) {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        if (i % 3 == 2) { /* an earlier edge again, maybe a new position */
            size_t at = (size_t)(x % i);

            e[3 * i] = e[3 * at];
            e[3 * i + 1] = e[3 * at + 1];
        } else {
            e[3 * i] = (int32_t)(i % 5 == 0 ? 7 : (x >> 8) % n);
            e[3 * i + 1] = (int32_t)((x >> 32) % n);
        }
        e[3 * i + 2] = x % 4 == 0 ? -1 : (int32_t)(x % 100000);
    }
    build_pos(f->path, n, e, k, 3);
    assert_int_equal(bf__csr_map(f->path, &g), BF_OK);
    /* Every 7th edge: the last known position of its pair, else -1. */
    for (i = 0; i < k; i += 7) {
        int32_t want = -1;

        for (j = 0; j < k; j++)
            if (e[3 * j] == e[3 * i] && e[3 * j + 1] == e[3 * i + 1] &&
                e[3 * j + 2] >= 0)
                want = e[3 * j + 2];
        assert_int_equal(
                in_pos_of(&g.g, (uint32_t)e[3 * i], (uint32_t)e[3 * i + 1]),
                want);
        checked++;
    }
    assert_true(checked > 8000);
    assert_true(g.g.out_off[8] - g.g.out_off[7] > 5000);
    bf__csr_unmap(&g);
    free(e);
}

static void rejects_damaged_positions(void **state)
{
    fixture *f = *state;
    static const int32_t e[] = { 0, 1, 4, 2, 1, 0, 1, 2, 8, 3, 2, -1 };
    unsigned char *good, *p;
    size_t n;
    bf_csr c;
    uint64_t gen;

    build_pos(f->path, 4, e, 4, 2);
    good = slurp(f->path, &n);
    p = malloc(n + 8);
    assert_non_null(p);
    assert_int_equal(bf__csr_check(good, n, &c, &gen), BF_OK);
    assert_non_null(c.in_pos);
    assert_int_equal(bf__get_u64(good + 40 + 24 * 4 + 8), 4 * 4);
    /* A flipped bit: the section's checksum. */
    memcpy(p, good, n);
    p[section(good, 4) + 1] ^= 0x01;
    expect_corrupt(f->path, p, n);
    /* A position below -1, with fresh checksums. */
    memcpy(p, good, n);
    bf__put_u32(p + section(good, 4) + 4, (uint32_t)-2);
    refresh(p);
    expect_corrupt(f->path, p, n);
    /* The flag cleared: the size no longer matches. */
    memcpy(p, good, n);
    bf__put_u32(p + 12, 0);
    refresh(p);
    expect_corrupt(f->path, p, n);
    free(p);
    free(good);
}

/*
 * build_budget writes a graph from the (follower, followee, position)
 * triples in e, with the memory budget set to budget bytes (NULL: the
 * default) and runs spilling into dir; it checks that a run was spilled
 * exactly when a budget is given and returns bf__csr_write's result.
 */
/*
 * triples_in fills ed, over n vertices, with the k triples at e, its runs
 * spilling into dir; budget sets BONAFIDE_CSR_MEMORY for it (NULL: the
 * default) and threads its build's threads (0: the default).
 */
static void triples_in(bf__csr_edges *ed, const char *dir, uint32_t n,
                       const int32_t *e, size_t k, const char *budget,
                       unsigned threads)
{
    size_t i;

    if (budget)
        assert_int_equal(setenv("BONAFIDE_CSR_MEMORY", budget, 1), 0);
    else
        unsetenv("BONAFIDE_CSR_MEMORY");
    bf__csr_edges_init(ed, n);
    unsetenv("BONAFIDE_CSR_MEMORY");
    if (threads) {
        /* The top-digit sort and the local order whatever the size. */
        ed->threads = threads;
        ed->msd_min = 0;
        ed->order_min_n = 0;
    }
    assert_int_equal(bf__csr_edges_set_dir(ed, dir), BF_OK);
    for (i = 0; i < k; i++)
        assert_int_equal(bf__csr_edges_add_pos(ed, (uint32_t)e[3 * i],
                                               (uint32_t)e[3 * i + 1],
                                               e[3 * i + 2]),
                         BF_OK);
}

static bf_err build_budget(const char *path, const char *dir, uint32_t n,
                           const int32_t *e, size_t k, const char *budget)
{
    bf__csr_edges ed;
    bf_err err;

    triples_in(&ed, dir, n, e, k, budget, 0);
    if (budget)
        assert_non_null(ed.spill);
    else
        assert_null(ed.spill);
    err = bf__csr_write(path, &ed, 9);
    bf__csr_edges_release(&ed);
    return err;
}

/*
 * random_triples fills k triples over n vertices: endpoints from a small
 * range so duplicates are common, self-loops included, positions unknown
 * for the first `blind` edges (so early runs carry none) and mixed after;
 * with blind >= k no position is ever known.
 */
static int32_t *random_triples(uint32_t n, size_t k, size_t blind,
                               unsigned seed)
{
    int32_t *e = malloc(k * 3 * sizeof *e);
    uint64_t x = seed * 2654435761u + 1;
    size_t i;

    assert_non_null(e);
    for (i = 0; i < k; i++) {
        uint32_t r[3];
        int j;

        for (j = 0; j < 3; j++) {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            r[j] = (uint32_t)(x >> 11);
        }
        e[3 * i] = (int32_t)(r[0] % n);
        e[3 * i + 1] = (int32_t)(r[1] % 8 == 0 ? r[0] % n : r[1] % n);
        e[3 * i + 2] = i < blind || r[2] % 3 == 0 ? -1 : (int32_t)(r[2] % 1000);
    }
    return e;
}

static void spilled_build_is_byte_identical(void **state)
{
    static const struct {
        uint32_t n;
        size_t k, blind;
        const char *budget;
    } cases[] = {
        { 300, 20000, 3000, "4096" },     /* ~170-edge chunks, 118 runs */
        { 300, 20000, 20000, "4096" },    /* no position ever known */
        { 1, 500, 100, "4096" },          /* one vertex: only self-loops */
        { 100000, 30000, 0, "65536" },    /* wide keys, few duplicates */
        { 5000, 50000, 25000, "300000" }, /* few, larger runs */
        { BF__CSR_ORDER_MIN_N + 3, 40000, 0, "65536" } /* local order */
    };

    fixture *f = *state;
    size_t c;

    for (c = 0; c < sizeof cases / sizeof cases[0]; c++) {
        int32_t *e = random_triples(cases[c].n, cases[c].k, cases[c].blind,
                                    (unsigned)c + 7);
        unsigned char *a, *b;
        size_t na, nb;
        bf__csr_file g;

        assert_int_equal(
                build_budget(f->path, f->dir, cases[c].n, e, cases[c].k, NULL),
                BF_OK);
        a = slurp(f->path, &na);
        assert_int_equal(unlink(f->path), 0);
        assert_int_equal(build_budget(f->path, f->dir, cases[c].n, e,
                                      cases[c].k, cases[c].budget),
                         BF_OK);
        b = slurp(f->path, &nb);
        assert_int_equal(na, nb);
        assert_memory_equal(a, b, na);
        assert_int_equal(bf__csr_map(f->path, &g), BF_OK);
        assert_true(g.g.m > 0);
        assert_true((g.g.in_pos != NULL) == (cases[c].blind < cases[c].k));
        assert_true((g.g.order != NULL) == (cases[c].n >= BF__CSR_ORDER_MIN_N));
        bf__csr_unmap(&g);
        free(a);
        free(b);
        free(e);
    }
}

/* build_threads is build_budget on a given number of threads, with the
 * top-digit sort and the local order whatever the size, the local order's
 * out-lists transposed `stretch` edges at a time (0: the default). */
static void build_threads(const char *path, const char *dir, uint32_t n,
                          const int32_t *e, size_t k, const char *budget,
                          unsigned threads, uint64_t stretch)
{
    bf__csr_edges ed;

    triples_in(&ed, dir, n, e, k, budget, threads);
    if (stretch)
        ed.trans_stretch = stretch;
    assert_int_equal(bf__csr_write(path, &ed, 9), BF_OK);
    bf__csr_edges_release(&ed);
}

/*
 * The sorts, the relabelling of the local order and the checksums run
 * in parts on several threads: the file must be the same, byte for byte,
 * on one thread and on any other number, in memory and from runs, and
 * when one follower or one followee holds most of the edges (a bucket or
 * a list far longer than its share); and when the transposition fills the
 * out-lists in many small stretches, round after round.
 */
static void threads_give_the_same_file(void **state)
{
    static const struct {
        uint32_t n;
        size_t k, blind;
        const char *budget;
        int hub; /* 1: most edges from vertex 0, 2: most to vertex 0 */
    } cases[] = {
        { 100000, 400000, 50000, NULL, 0 }, { 3000, 200000, 0, NULL, 0 },
        { 100000, 300000, 1000, NULL, 1 },  { 100000, 300000, 1000, NULL, 2 },
        { 50000, 60000, 5000, "65536", 0 },
    };

    static const struct {
        unsigned threads;
        uint64_t stretch;
    } runs[] = { { 2, 0 }, { 3, 0 }, { 8, 0 }, { 1, 1000 }, { 3, 777 } };

    fixture *f = *state;
    size_t c, t, i;

    for (c = 0; c < sizeof cases / sizeof cases[0]; c++) {
        int32_t *e = random_triples(cases[c].n, cases[c].k, cases[c].blind,
                                    (unsigned)c + 31);
        unsigned char *a;
        size_t na;

        /* Three edges in four from (or to) the hub. */
        for (i = 0; cases[c].hub && i < cases[c].k; i++)
            if (i % 4 != 0)
                e[3 * i + (cases[c].hub == 1 ? 0 : 1)] = 0;
        build_threads(f->path, f->dir, cases[c].n, e, cases[c].k,
                      cases[c].budget, 1, 0);
        a = slurp(f->path, &na);
        for (t = 0; t < sizeof runs / sizeof runs[0]; t++) {
            unsigned char *b;
            size_t nb;

            assert_int_equal(unlink(f->path), 0);
            build_threads(f->path, f->dir, cases[c].n, e, cases[c].k,
                          cases[c].budget, runs[t].threads, runs[t].stretch);
            b = slurp(f->path, &nb);
            assert_int_equal(na, nb);
            assert_memory_equal(a, b, na);
            free(b);
        }
        free(a);
        free(e);
    }
}

/* dir_entries counts the entries of dir other than . and .. */
static int dir_entries(const char *dir)
{
    DIR *d = opendir(dir);
    struct dirent *ent;
    int count = 0;

    assert_non_null(d);
    while ((ent = readdir(d)) != NULL)
        if (strcmp(ent->d_name, ".") != 0 && strcmp(ent->d_name, "..") != 0)
            count++;
    closedir(d);
    return count;
}

static void failed_spilled_build_leaves_no_run_file(void **state)
{
    fixture *f = *state;
    int32_t *e = random_triples(300, 5000, 1000, 3);
    char tmp[112];

    /* A directory holding a file where graph.csr goes fails the build at
     * its last step, after every run has been written and merged and the
     * temp file filled. */
    assert_int_equal(mkdir(f->path, 0700), 0);
    snprintf(tmp, sizeof tmp, "%s/x", f->path);
    assert_int_equal(close(creat(tmp, 0600)), 0);
    assert_int_not_equal(build_budget(f->path, f->dir, 300, e, 5000, "4096"),
                         BF_OK);
    assert_int_equal(dir_entries(f->dir), 1); /* the directory itself */
    assert_int_equal(unlink(tmp), 0);
    assert_int_equal(rmdir(f->path), 0);
    assert_int_equal(dir_entries(f->dir), 0);
    assert_int_equal(build_budget(f->path, f->dir, 300, e, 5000, "4096"),
                     BF_OK);
    assert_int_equal(dir_entries(f->dir), 1); /* graph.csr alone */
    free(e);
}

/*
 * mount_disk mounts a tmpfs of size bytes at f->disk (made under f->dir);
 * 0 on success, -1 (saying why) when this process may not mount.
 */
static int mount_disk(fixture *f, size_t size)
{
    char opt[48];

    snprintf(f->disk, sizeof f->disk, "%s/disk", f->dir);
    if (mkdir(f->disk, 0700) != 0 && errno != EEXIST)
        return -1;
    snprintf(opt, sizeof opt, "size=%zu", size);
    if (mount("tmpfs", f->disk, "tmpfs", 0, opt) != 0) {
        fprintf(stderr, "skip: cannot mount a tmpfs here (%s)\n",
                strerror(errno));
        rmdir(f->disk);
        f->disk[0] = '\0';
        return -1;
    }
    return 0;
}

/*
 * A platform-size build spills runs beside the file it writes, and both
 * must fit on the disk: the runs are delta-coded, released as they are
 * merged, and the file reserved as it fills.  On a disk a tenth larger
 * than the file, the build from runs succeeds and gives the in-memory
 * bytes (the old runs, 24 bytes a raw edge and all kept until the end,
 * took the file's size again); on one of half the file's size it fails
 * for space, leaving nothing behind.  Needs the right to mount a tmpfs.
 */
static void runs_and_file_fit_a_disk_little_larger_than_the_file(void **state)
{
    const uint32_t n = 1000000;
    const size_t k = 5000000;
    fixture *f = *state;
    int32_t *e = random_triples(n, k, 0, 5);
    unsigned char *a, *b;
    char path[112];
    size_t na, nb;

    assert_int_equal(build_budget(f->path, f->dir, n, e, k, NULL), BF_OK);
    a = slurp(f->path, &na);
    assert_int_equal(unlink(f->path), 0);
    if (mount_disk(f, na + na / 10) != 0) {
        free(a);
        free(e);
        skip();
    }
    snprintf(path, sizeof path, "%s/graph.csr", f->disk);
    assert_int_equal(build_budget(path, f->disk, n, e, k, "16777216"), BF_OK);
    b = slurp(path, &nb);
    assert_int_equal(na, nb);
    assert_memory_equal(a, b, na);
    free(b);
    assert_int_equal(unlink(path), 0);
    assert_int_equal(dir_entries(f->disk), 0);

    assert_int_equal(umount(f->disk), 0);
    assert_int_equal(mount_disk(f, na / 2), 0);
    assert_int_equal(build_budget(path, f->disk, n, e, k, "16777216"),
                     BF_ENOSPC);
    assert_int_equal(dir_entries(f->disk), 0);
    assert_int_equal(umount(f->disk), 0);
    assert_int_equal(rmdir(f->disk), 0);
    f->disk[0] = '\0';
    free(a);
    free(e);
}

/*
 * build_skewed writes a graph over n vertices of k random edges whose
 * followers are drawn from a skewed law, so out-degrees differ and tie
 * often, as in a real graph; returns the edge pairs (2 k ids).
 */
static uint32_t *build_skewed(const char *path, uint32_t n, size_t k)
{
    uint32_t *e = malloc(2 * k * sizeof *e);
    uint64_t x = 88172645463325252u;
    size_t i;

    assert_non_null(e);
    for (i = 0; i < k; i++) {
        double r;

        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        r = (double)(x >> 11) / 9007199254740992.0;
        e[2 * i] = (uint32_t)(n * r * r * r);
        e[2 * i + 1] = (uint32_t)((x >> 7) % n);
    }
    build(path, n, e, k, 4);
    return e;
}

static int cmp_u32(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

    return x < y ? -1 : x > y;
}

static void builds_local_order(void **state)
{
    fixture *f = *state;
    uint32_t n = BF__CSR_ORDER_MIN_N + 5, k, *local, *list;
    uint32_t *e = build_skewed(f->path, n, 60000);
    bf__csr_file g;
    const bf_csr *c;
    bf_csr plain;
    double *r1, *r2, l1 = 0.0;
    bf_pagerank_opts o;
    int it1, it2;

    assert_int_equal(bf__csr_map(f->path, &g), BF_OK);
    c = &g.g;
    assert_non_null(c->order);
    local = malloc((size_t)n * sizeof *local);
    list = malloc((size_t)n * sizeof *list);
    assert_true(local && list);
    for (k = 0; k < n; k++)
        local[c->order[k]] = k;
    /* Degree (in plus out) never rises along the order; ties keep id
     * order. */
    for (k = 0; k + 1 < n; k++) {
        uint32_t u = c->order[k], v = c->order[k + 1];
        uint64_t du = c->out_off[u + 1] - c->out_off[u] + c->in_off[u + 1] -
                      c->in_off[u],
                 dv = c->out_off[v + 1] - c->out_off[v] + c->in_off[v + 1] -
                      c->in_off[v];

        assert_true(du > dv || (du == dv && u < v));
        assert_int_equal(c->lo_out_off[k + 1] - c->lo_out_off[k],
                         c->out_off[u + 1] - c->out_off[u]);
    }
    /* Each local out-list is the dense one relabelled, ascending. */
    for (k = 0; k < n; k++) {
        uint32_t u = c->order[k];
        uint64_t a = c->out_off[u], d = c->out_off[u + 1] - a, i;

        for (i = 0; i < d; i++)
            list[i] = local[c->out_adj[a + i]];
        qsort(list, (size_t)d, sizeof *list, cmp_u32);
        if (d)
            assert_memory_equal(list, c->lo_out_adj + c->lo_out_off[k],
                                (size_t)d * sizeof *list);
    }
    /* Each local in-list is the dense one relabelled, ascending. */
    for (k = 0; k < n; k++) {
        uint32_t u = c->order[k];
        uint64_t a = c->in_off[u], d = c->in_off[u + 1] - a, i;

        assert_int_equal(c->lo_in_off[k + 1] - c->lo_in_off[k], d);
        for (i = 0; i < d; i++)
            list[i] = local[c->in_adj[a + i]];
        qsort(list, (size_t)d, sizeof *list, cmp_u32);
        if (d)
            assert_memory_equal(list, c->lo_in_adj + c->lo_in_off[k],
                                (size_t)d * sizeof *list);
    }
    /* PageRank over the order gives each dense id the rank it gets
     * without it, up to the order of the additions. */
    plain = *c;
    plain.order = NULL;
    r1 = malloc((size_t)n * sizeof *r1);
    r2 = malloc((size_t)n * sizeof *r2);
    assert_true(r1 && r2);
    bf_pagerank_opts_init(&o);
    assert_int_equal(bf_graph_pagerank(c, &o, r1, &it1), BF_OK);
    assert_int_equal(bf_graph_pagerank(&plain, &o, r2, &it2), BF_OK);
    assert_int_equal(it1, it2);
    for (k = 0; k < n; k++)
        l1 += fabs(r1[k] - r2[k]);
    assert_true(l1 < 1e-12);
    bf__csr_unmap(&g);
    free(r1);
    free(r2);
    free(local);
    free(list);
    free(e);
}

/* build_ordered writes the graph of the pairs e (2 * k ids) over n
 * vertices with the local order from min_n vertices on. */
static void build_ordered(const char *path, uint32_t n, const uint32_t *e,
                          size_t k, uint32_t min_n)
{
    bf__csr_edges ed;
    size_t i;

    bf__csr_edges_init(&ed, n);
    ed.order_min_n = min_n;
    for (i = 0; i < k; i++)
        assert_int_equal(bf__csr_edges_add(&ed, e[2 * i], e[2 * i + 1]), BF_OK);
    assert_int_equal(bf__csr_write(path, &ed, 1), BF_OK);
    bf__csr_edges_release(&ed);
}

/*
 * The same follows built with and without the local order give every
 * account id the same core number, exactly, and the same PageRank up to
 * the order of the additions, on one thread and on two: the permutation
 * stays inside the graph layer.  The dense sections are the same bytes.
 */
static void local_order_keeps_results_per_id(void **state)
{
    fixture *f = *state;
    const uint32_t n = 6000;
    const size_t k = 90000;
    uint32_t *e = malloc(2 * k * sizeof *e), *c1, *c2, v, most = 0;
    uint64_t x = 0x9e3779b97f4a7c15u;
    char path2[128];
    bf__csr_file a, b;
    double *r1, *r2, l1;
    bf_pagerank_opts o;
    int it1, it2, moved = 0, t;
    size_t i;

    assert_non_null(e);
    /* Skewed followees and followers, and a third of the follows
     * returned, so the symmetrised graph has deep cores. */
    for (i = 0; i < k; i++) {
        double r, q;

        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        r = (double)(x >> 11) / 9007199254740992.0;
        q = (double)(x & 0xfffff) / 1048576.0;
        e[2 * i] = (uint32_t)(n * q * q);
        e[2 * i + 1] = (uint32_t)(n * r * r * r);
        if (i % 3 == 2) {
            e[2 * i] = e[2 * i - 1];
            e[2 * i + 1] = e[2 * i - 2];
        }
    }
    snprintf(path2, sizeof path2, "%s/plain.csr", f->dir);
    build_ordered(f->path, n, e, k, 1);
    build_ordered(path2, n, e, k, UINT32_MAX);
    assert_int_equal(bf__csr_map(f->path, &a), BF_OK);
    assert_int_equal(bf__csr_map(path2, &b), BF_OK);
    assert_non_null(a.g.order);
    assert_null(b.g.order);
    assert_int_equal(a.g.m, b.g.m);
    assert_memory_equal(a.g.out_off, b.g.out_off, 8 * ((size_t)n + 1));
    assert_memory_equal(a.g.in_adj, b.g.in_adj, 4 * (size_t)a.g.m);
    for (v = 0; v < n; v++)
        moved += a.g.order[v] != v;
    assert_true(moved > (int)n / 2);

    c1 = malloc(n * sizeof *c1);
    c2 = malloc(n * sizeof *c2);
    r1 = malloc(n * sizeof *r1);
    r2 = malloc(n * sizeof *r2);
    assert_true(c1 && c2 && r1 && r2);
    assert_int_equal(bf_graph_kcore(&a.g, c1), BF_OK);
    assert_int_equal(bf_graph_kcore(&b.g, c2), BF_OK);
    assert_memory_equal(c1, c2, n * sizeof *c1);
    for (v = 0; v < n; v++)
        most = c2[v] > most ? c2[v] : most;
    assert_true(most >= 10);

    for (t = 1; t <= 2; t++) {
        bf_pagerank_opts_init(&o);
        o.threads = (uint32_t)t;
        assert_int_equal(bf_graph_pagerank(&a.g, &o, r1, &it1), BF_OK);
        assert_int_equal(bf_graph_pagerank(&b.g, &o, r2, &it2), BF_OK);
        assert_int_equal(it1, it2);
        l1 = 0.0;
        for (v = 0; v < n; v++)
            l1 += fabs(r1[v] - r2[v]);
        assert_true(l1 < 1e-12);
    }
    bf__csr_unmap(&a);
    bf__csr_unmap(&b);
    unlink(path2);
    free(c1);
    free(c2);
    free(r1);
    free(r2);
    free(e);
}

static void rejects_damaged_order(void **state)
{
    fixture *f = *state;
    uint32_t n = BF__CSR_ORDER_MIN_N, *e = build_skewed(f->path, n, 5000);
    unsigned char *good, *p;
    uint64_t ord, lo_adj;
    size_t size;
    uint32_t a, b;
    bf_csr c;
    uint64_t gen;

    good = slurp(f->path, &size);
    p = malloc(size);
    assert_non_null(p);
    assert_int_equal(bf__csr_check(good, size, &c, &gen), BF_OK);
    ord = section(good, BF__CSR_ORDER);
    lo_adj = section(good, BF__CSR_LO_IN_ADJ);
    /* A vertex twice in the order. */
    memcpy(p, good, size);
    memcpy(p + ord + 4, p + ord, 4);
    refresh(p);
    expect_corrupt(f->path, p, size);
    /* Two vertices of different out-degrees swapped. */
    memcpy(p, good, size);
    a = bf__get_u32(p + ord);
    b = bf__get_u32(p + ord + 4 * ((size_t)n - 1));
    bf__put_u32(p + ord, b);
    bf__put_u32(p + ord + 4 * ((size_t)n - 1), a);
    refresh(p);
    expect_corrupt(f->path, p, size);
    /* A local follower beyond n. */
    memcpy(p, good, size);
    bf__put_u32(p + lo_adj, n);
    refresh(p);
    expect_corrupt(f->path, p, size);
    /* A flipped bit under an intact header checksum. */
    memcpy(p, good, size);
    p[lo_adj + 9] ^= 0x04;
    expect_corrupt(f->path, p, size);
    free(p);
    free(good);
    free(e);
}

/*
 * extended writes at path the triples e (k of them) over n vertices, with
 * the local order from min_n on, then extends the file to n + more
 * vertices; other gets the same triples built over n + more directly.
 */
static void extended(const char *path, const char *other, uint32_t n,
                     uint32_t more, const int32_t *e, size_t k, uint32_t min_n)
{
    bf__csr_edges ed;
    int round;
    size_t i;

    for (round = 0; round < 2; round++) {
        bf__csr_edges_init(&ed, round ? n + more : n);
        ed.order_min_n = min_n;
        for (i = 0; i < k; i++)
            assert_int_equal(bf__csr_edges_add_pos(&ed, (uint32_t)e[3 * i],
                                                   (uint32_t)e[3 * i + 1],
                                                   e[3 * i + 2]),
                             BF_OK);
        assert_int_equal(bf__csr_write(round ? other : path, &ed, 5), BF_OK);
        bf__csr_edges_release(&ed);
    }
    assert_int_equal(bf__csr_extend(path, n + more, 5, min_n), BF_OK);
}

/*
 * Accounts added without follows: the file extended with isolated
 * vertices is the one a build over all of them writes, byte for byte,
 * with and without positions and the local order; its checksums hold.
 * What is not an extension is refused, and damage stays visible.
 */
static void extension_is_a_build(void **state)
{
    fixture *f = *state;
    const uint32_t n = 700;
    const size_t k = 5000;
    int32_t *e = random_triples(n, k, 2000, 3);
    char other[128];
    unsigned char *a, *b;
    size_t sa, sb, i;
    bf__csr_file g;
    int c;

    assert_non_null(e);
    snprintf(other, sizeof other, "%s/other.csr", f->dir);
    for (c = 0; c < 4; c++) {
        /* Cases: plain, local order, no position known, one vertex more. */
        uint32_t more = c == 3 ? 1 : 333;
        size_t blind = c == 2 ? k : 0;

        if (blind)
            for (i = 0; i < k; i++)
                e[3 * i + 2] = -1;
        extended(f->path, other, n, more, e, k, c == 1 ? 1 : UINT32_MAX);
        a = slurp(f->path, &sa);
        b = slurp(other, &sb);
        assert_int_equal(sa, sb);
        assert_memory_equal(a, b, sa);
        free(a);
        free(b);
        assert_int_equal(bf__csr_map(f->path, &g), BF_OK);
        assert_int_equal(g.g.n, n + more);
        assert_true((g.g.order != NULL) == (c == 1));
        bf__csr_unmap(&g);
    }
    /* Another generation, no vertex more, a local order the larger build
     * would add: each refused, the file left as it was. */
    extended(f->path, other, n, 10, e, k, UINT32_MAX);
    assert_int_equal(bf__csr_extend(f->path, n + 20, 6, UINT32_MAX), BF_EINVAL);
    assert_int_equal(bf__csr_extend(f->path, n + 10, 5, UINT32_MAX), BF_EINVAL);
    assert_int_equal(bf__csr_extend(f->path, n + 20, 5, n + 15), BF_EINVAL);
    assert_int_equal(bf__csr_map(f->path, &g), BF_OK);
    assert_int_equal(g.g.n, n + 10);
    bf__csr_unmap(&g);
    /* A flipped bit in an adjacency section is carried, and caught. */
    a = slurp(f->path, &sa);
    a[section(a, BF__CSR_IN_ADJ) + 5] ^= 0x10;
    expect_corrupt(f->path, a, sa);
    assert_int_equal(bf__csr_extend(f->path, n + 20, 5, UINT32_MAX), BF_OK);
    assert_int_equal(bf__csr_map(f->path, &g), BF_ECORRUPT);
    free(a);
    unlink(other);
    assert_int_equal(bf__csr_extend(other, n + 400, 5, UINT32_MAX),
                     BF_ENOTFOUND);
    free(e);
}

static void map_reports_missing_file(void **state)
{
    fixture *f = *state;
    bf__csr_file g;

    assert_int_equal(bf__csr_map(f->path, &g), BF_ENOTFOUND);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(
                builds_duplicates_self_loops_and_isolated, setup, teardown),
        cmocka_unit_test_setup_teardown(builds_empty_graphs, setup, teardown),
        cmocka_unit_test(rejects_endpoints_outside_n),
        cmocka_unit_test_setup_teardown(matches_a_reference_on_random_edges,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(rejects_damage, setup, teardown),
        cmocka_unit_test_setup_teardown(round_trips_positions, setup, teardown),
        cmocka_unit_test_setup_teardown(positions_survive_the_two_level_sort,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(rejects_damaged_positions, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(builds_local_order, setup, teardown),
        cmocka_unit_test_setup_teardown(local_order_keeps_results_per_id, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(rejects_damaged_order, setup, teardown),
        cmocka_unit_test_setup_teardown(extension_is_a_build, setup, teardown),
        cmocka_unit_test_setup_teardown(map_reports_missing_file, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(threads_give_the_same_file, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(spilled_build_is_byte_identical, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(
                runs_and_file_fit_a_disk_little_larger_than_the_file, setup,
                teardown),
        cmocka_unit_test_setup_teardown(failed_spilled_build_leaves_no_run_file,
                                        setup, teardown),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
