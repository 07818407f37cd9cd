/*
 * test_store_safety.c - the store beside other processes and on a full
 * disk: readers never delete what a writer is writing, the writer lock is
 * exclusive across handles and processes, readers that rebuild the graph
 * at the same time each leave a whole file, and a full disk is named as
 * such while the store stays readable.  Real SQLite, real files, real
 * processes (fork); the full disk is a small tmpfs, skipped when this
 * process may not mount one.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include "base/err.h"
#include "model/model.h"
#include "store/csr.h"
#include "store/segment.h"
#include "store/store.h"

typedef struct fixture {
    char dir[64];   /* the temp dir */
    char store[96]; /* the store inside it */
    int mounted;    /* a tmpfs is mounted on dir */
} fixture;

static int setup(void **state)
{
    fixture *f = calloc(1, sizeof *f);

    if (!f)
        return -1;
    snprintf(f->dir, sizeof f->dir, "/tmp/bf-safety-XXXXXX");
    if (!mkdtemp(f->dir)) {
        free(f);
        return -1;
    }
    snprintf(f->store, sizeof f->store, "%s/st", f->dir);
    *state = f;
    return 0;
}

/* rm_dir removes a directory holding only files. */
static void rm_dir(const char *dir)
{
    DIR *d = opendir(dir);
    struct dirent *e;
    char p[512];

    if (!d)
        return;
    while ((e = readdir(d)) != NULL) {
        if (e->d_name[0] == '.' &&
            (!e->d_name[1] || (e->d_name[1] == '.' && !e->d_name[2])))
            continue;
        snprintf(p, sizeof p, "%s/%s", dir, e->d_name);
        unlink(p);
    }
    closedir(d);
    rmdir(dir);
}

static int teardown(void **state)
{
    fixture *f = *state;
    char p[160];

    rm_dir(f->store);
    snprintf(p, sizeof p, "%s/fill", f->dir);
    unlink(p);
    if (f->mounted)
        umount(f->dir);
    rmdir(f->dir);
    free(f);
    return 0;
}

static int file_in(const fixture *f, const char *name)
{
    char p[200];

    snprintf(p, sizeof p, "%s/%s", f->store, name);
    return access(p, F_OK) == 0;
}

/* count_prefix counts the store's files whose name starts with prefix. */
static int count_prefix(const fixture *f, const char *prefix)
{
    DIR *d = opendir(f->store);
    struct dirent *e;
    int n = 0;

    assert_non_null(d);
    while ((e = readdir(d)) != NULL)
        n += strncmp(e->d_name, prefix, strlen(prefix)) == 0;
    closedir(d);
    return n;
}

/* follow is the follow a -> b on twitter, position unknown. */
static bf_follow follow(const char *a, const char *b)
{
    bf_follow fl;

    memset(&fl, 0, sizeof fl);
    fl.platform = "twitter";
    fl.follower = a;
    fl.followee = b;
    fl.position = -1;
    return fl;
}

static void put_follow(bf_store *st, const char *a, const char *b)
{
    bf_follow fl = follow(a, b);

    assert_int_equal(bf_store_put_follow(st, &fl), BF_OK);
}

/* add_batch commits k follows i -> i + 1 (i from base) in one batch. */
static void add_batch(bf_store *st, int base, int k)
{
    char a[24], b[24];
    int i;

    assert_int_equal(bf_store_begin(st), BF_OK);
    for (i = base; i < base + k; i++) {
        snprintf(a, sizeof a, "%d", i);
        snprintf(b, sizeof b, "%d", i + 1);
        put_follow(st, a, b);
    }
    assert_int_equal(bf_store_commit(st), BF_OK);
}

static uint64_t edges(bf_store *st)
{
    const bf_csr *g = NULL;

    assert_int_equal(bf_store_graph(st, &g), BF_OK);
    return g->m;
}

/*
 * A batch's segment exists on disk before its row commits.  Readers that
 * open the store and read it meanwhile must leave it there: a reader that
 * swept at open lost a running ingest's follows.
 */
static void readers_never_delete_a_writers_segment(void **state)
{
    fixture *f = *state;
    bf_store *w = NULL, *r = NULL;
    bf_stats_row *rows = NULL;
    unsigned char rec[BF__SEG_RECORD];
    size_t n = 0;
    uint32_t crc;
    int got = 1;

    assert_int_equal(bf_store_open(f->store, &w), BF_OK);
    add_batch(w, 0, 10);
    /* The writer's next batch has written its segment, not committed. */
    assert_int_equal(bf_store_begin(w), BF_OK);
    put_follow(w, "100", "101");
    bf__seg_encode(rec, 1, 2, 0, -1);
    assert_int_equal(
            bf__seg_write(f->store, "follows-000002.seg", rec, 1, &crc), BF_OK);

    /* Readers, and a writer handle that is only opened, come and go. */
    assert_int_equal(bf_store_open_existing(f->store, &r), BF_OK);
    assert_int_equal(edges(r), 10);
    assert_int_equal(bf_store_stats(r, &rows, &n), BF_OK);
    free(rows);
    /* Nor may another handle take the writer lock meanwhile. */
    assert_int_equal(bf__store_lock(r, 0, &got), BF_OK);
    assert_int_equal(got, 0);
    bf_store_close(r);
    assert_int_equal(bf_store_open(f->store, &r), BF_OK);
    bf_store_close(r);
    assert_true(file_in(f, "follows-000002.seg"));
    bf_store_rollback(w);
    bf_store_close(w);
}

/*
 * The lock is exclusive between processes, and a second writer waits for
 * the first batch to end.  (The child opens the store itself: an SQLite
 * connection must not cross a fork.)
 */
static void the_writer_lock_is_exclusive(void **state)
{
    fixture *f = *state;
    bf_store *a = NULL, *b = NULL;
    int up[2], down[2], status = 0, got = 1;
    pid_t pid;
    char c = 0;

    assert_int_equal(pipe(up), 0);
    assert_int_equal(pipe(down), 0);
    pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        bf_store *w = NULL;
        bf_follow fl = follow("1", "2");
        int ok;

        close(up[0]);
        close(down[1]);
        ok = bf_store_open(f->store, &w) == BF_OK &&
             bf_store_begin(w) == BF_OK && bf_store_put_follow(w, &fl) == BF_OK;
        /* The batch is open: say so, and end it when told. */
        if (write(up[1], ok ? "y" : "n", 1) != 1 || !ok)
            _exit(1);
        if (read(down[0], &c, 1) != 1 || bf_store_commit(w) != BF_OK)
            _exit(2);
        bf_store_close(w);
        _exit(0);
    }
    close(up[1]);
    close(down[0]);
    assert_int_equal(read(up[0], &c, 1), 1);
    assert_int_equal(c, 'y');
    assert_int_equal(bf_store_open(f->store, &a), BF_OK);
    assert_int_equal(bf__store_lock(a, 0, &got), BF_OK);
    assert_int_equal(got, 0);
    /* A second writer waits in bf_store_begin until the first commits. */
    assert_int_equal(write(down[1], "g", 1), 1);
    assert_int_equal(bf_store_begin(a), BF_OK);
    assert_int_equal(waitpid(pid, &status, 0), pid);
    assert_true(WIFEXITED(status));
    assert_int_equal(WEXITSTATUS(status), 0);
    put_follow(a, "3", "4");
    assert_int_equal(bf_store_commit(a), BF_OK);
    close(up[0]);
    close(down[1]);
    /* Both batches are there, and the lock is free again. */
    assert_int_equal(edges(a), 2);
    assert_int_equal(bf_store_open(f->store, &b), BF_OK);
    assert_int_equal(bf__store_lock(b, 0, &got), BF_OK);
    assert_int_equal(got, 1);
    /* The holder may sweep; no other handle may take the lock. */
    assert_int_equal(bf__store_sweep(b, NULL, NULL), BF_OK);
    assert_int_equal(bf__store_lock(a, 0, &got), BF_OK);
    assert_int_equal(got, 0);
    bf__store_unlock(b);
    assert_int_equal(bf__store_sweep(b, NULL, NULL), BF_EINVAL);
    bf_store_close(b);
    bf_store_close(a);
}

/* A graph temp file someone holds survives the sweep; an abandoned one
 * does not. */
static void the_sweep_spares_a_temp_file_in_use(void **state)
{
    fixture *f = *state;
    bf_store *st = NULL;
    char p[200], q[200];
    int fd, fd2;

    assert_int_equal(bf_store_open(f->store, &st), BF_OK);
    add_batch(st, 0, 3);
    bf_store_close(st);
    snprintf(p, sizeof p, "%s/graph.csr.tmp-inuse1", f->store);
    snprintf(q, sizeof q, "%s/pagerank.bin.tmp-crash1", f->store);
    fd = open(p, O_RDWR | O_CREAT, 0644);
    fd2 = open(q, O_RDWR | O_CREAT, 0644);
    assert_true(fd >= 0 && fd2 >= 0);
    close(fd2);
    assert_int_equal(flock(fd, LOCK_EX), 0);

    assert_int_equal(bf_store_open(f->store, &st), BF_OK);
    add_batch(st, 10, 3);
    assert_true(file_in(f, "graph.csr.tmp-inuse1"));
    assert_false(file_in(f, "pagerank.bin.tmp-crash1"));
    assert_int_equal(edges(st), 6);
    bf_store_close(st);
    close(fd);
    assert_int_equal(bf_store_open(f->store, &st), BF_OK);
    add_batch(st, 20, 3);
    assert_false(file_in(f, "graph.csr.tmp-inuse1"));
    bf_store_close(st);

    /* bf__tmp_create's files are held until closed. */
    {
        char *tmp = NULL;
        const char *name;

        snprintf(p, sizeof p, "%s/pagerank.bin", f->store);
        assert_int_equal(bf__tmp_create(p, &tmp, &fd), BF_OK);
        name = strrchr(tmp, '/') + 1;
        assert_int_equal(bf_store_open(f->store, &st), BF_OK);
        add_batch(st, 30, 3);
        assert_true(file_in(f, name));
        close(fd);
        bf_store_close(st);
        /* A handle sweeps at its first batch. */
        assert_int_equal(bf_store_open(f->store, &st), BF_OK);
        add_batch(st, 40, 3);
        assert_false(file_in(f, name));
        bf_store_close(st);
        free(tmp);
    }
}

/*
 * Readers that find graph.csr stale rebuild it at the same time: each
 * through a temp file of its own, so every one maps a whole graph and no
 * temp file is left.
 */
static void readers_racing_to_rebuild_the_graph(void **state)
{
    fixture *f = *state;

    enum { READERS = 6, ROUNDS = 4 };

    bf_store *st = NULL;
    pid_t pid[READERS];
    int round, i, status;

    for (round = 0; round < ROUNDS; round++) {
        /* Closed before the fork: a connection must not cross one. */
        assert_int_equal(bf_store_open(f->store, &st), BF_OK);
        add_batch(st, round * 1000, 500);
        bf_store_close(st);
        for (i = 0; i < READERS; i++) {
            pid[i] = fork();
            assert_true(pid[i] >= 0);
            if (pid[i] == 0) {
                bf_store *r = NULL;
                const bf_csr *g = NULL;
                int ok = bf_store_open_existing(f->store, &r) == BF_OK &&
                         bf_store_graph(r, &g) == BF_OK &&
                         g->m == (uint64_t)(round + 1) * 500;

                bf_store_close(r);
                _exit(ok ? 0 : 1);
            }
        }
        for (i = 0; i < READERS; i++) {
            assert_int_equal(waitpid(pid[i], &status, 0), pid[i]);
            assert_true(WIFEXITED(status));
            assert_int_equal(WEXITSTATUS(status), 0);
        }
        assert_int_equal(count_prefix(f, "graph.csr.tmp"), 0);
    }
    assert_int_equal(bf_store_open_existing(f->store, &st), BF_OK);
    assert_int_equal(edges(st), ROUNDS * 500);
    bf_store_close(st);
}

/* Errors name their cause. */
static void errors_name_their_cause(void **state)
{
    fixture *f = *state;
    bf_store *st = NULL;
    char p[200];
    FILE *fp;

    (void)state;
    assert_int_equal(bf_err_from_errno(ENOSPC), BF_ENOSPC);
    assert_int_equal(bf_err_from_errno(EDQUOT), BF_ENOSPC);
    assert_int_equal(bf_err_from_errno(EROFS), BF_EACCES);
    assert_int_equal(bf_err_from_errno(EIO), BF_EIO);
    assert_string_equal(bf_strerror(BF_ENOSPC), "no space left on device");
    assert_string_equal(bf_strerror(BF_ENOTDIR), "not a directory");
    /* A store that is a file, or a device, is not a directory. */
    assert_int_equal(bf_store_open("/dev/null", &st), BF_ENOTDIR);
    assert_int_equal(bf_store_open_existing("/dev/null", &st), BF_ENOTDIR);
    snprintf(p, sizeof p, "%s/plain", f->dir);
    fp = fopen(p, "w");
    assert_non_null(fp);
    fclose(fp);
    assert_int_equal(bf_store_open(p, &st), BF_ENOTDIR);
    assert_int_equal(bf_store_open_existing(p, &st), BF_ENOTDIR);
    unlink(p);
    /* A file that is not a database is a damaged store. */
    assert_int_equal(mkdir(f->store, 0755), 0);
    snprintf(p, sizeof p, "%s/bonafide.sqlite", f->store);
    fp = fopen(p, "w");
    assert_non_null(fp);
    fputs("this is not a database, just some text long enough to be read "
          "as a header by SQLite, which wants one hundred bytes at least "
          "before it says what it thinks of the file.\n",
          fp);
    fclose(fp);
    assert_int_equal(bf_store_open_existing(f->store, &st), BF_ECORRUPT);
}

/* fill_disk writes zeros to dir/fill until the file system is full. */
static void fill_disk(const fixture *f)
{
    static char zero[65536];
    char p[160];
    int fd;

    snprintf(p, sizeof p, "%s/fill", f->dir);
    fd = open(p, O_WRONLY | O_CREAT | O_APPEND, 0644);
    assert_true(fd >= 0);
    while (write(fd, zero, sizeof zero) > 0)
        ;
    while (write(fd, zero, 1) > 0)
        ;
    close(fd);
}

/*
 * A full disk: a batch fails with BF_ENOSPC and leaves nothing of itself,
 * and the store stays readable, its graph built in memory when graph.csr
 * cannot be written.
 */
static void a_full_disk_is_named_and_the_store_stays_readable(void **state)
{
    fixture *f = *state;
    bf_store *st = NULL;
    char a[24], b[24], p[160];
    bf_err err = BF_OK;
    int i;

    if (mount("tmpfs", f->dir, "tmpfs", 0, "size=2m") != 0) {
        fprintf(stderr, "skip: cannot mount a tmpfs here (%s)\n",
                strerror(errno));
        skip();
    }
    f->mounted = 1;
    assert_int_equal(bf_store_open(f->store, &st), BF_OK);
    add_batch(st, 0, 1000);
    assert_int_equal(edges(st), 1000);
    bf_store_close(st);
    fill_disk(f);

    /* A batch that must write a segment fails for the disk. */
    assert_int_equal(bf_store_open(f->store, &st), BF_OK);
    assert_int_equal(bf_store_begin(st), BF_OK);
    for (i = 0; i < 300000 && !err; i++) {
        bf_follow fl;

        snprintf(a, sizeof a, "%d", i % 2000);
        snprintf(b, sizeof b, "%d", (i * 7) % 2000);
        fl = follow(a, b);
        err = bf_store_put_follow(st, &fl);
    }
    if (!err)
        err = bf_store_commit(st);
    else
        bf_store_rollback(st);
    assert_int_equal(err, BF_ENOSPC);
    assert_int_equal(count_prefix(f, "follows-"), 1);

    /*
     * A batch long enough to write a segment while it reads on (csr
     * segments are handed to a thread at FLUSH_BYTES): the failure of
     * that segment is reported by the next follow that must flush, and
     * the rollback leaves nothing of the batch either.
     */
    assert_int_equal(bf_store_begin(st), BF_OK);
    for (i = 0, err = BF_OK; i < 2500000 && !err; i++) {
        bf_follow fl;

        snprintf(a, sizeof a, "%d", i % 2000);
        snprintf(b, sizeof b, "%d", (i * 7) % 2000);
        fl = follow(a, b);
        err = bf_store_put_follow(st, &fl);
    }
    assert_int_equal(err, BF_ENOSPC);
    assert_true(i < 2500000);
    bf_store_rollback(st);
    assert_int_equal(count_prefix(f, "follows-"), 1);
    bf_store_close(st);

    /* Readers still read; graph.csr gone, it is rebuilt in memory. */
    snprintf(p, sizeof p, "%s/graph.csr", f->store);
    assert_int_equal(unlink(p), 0);
    fill_disk(f);
    assert_int_equal(bf_store_open_existing(f->store, &st), BF_OK);
    assert_int_equal(edges(st), 1000);
    bf_store_close(st);
    assert_false(file_in(f, "graph.csr"));
    assert_int_equal(count_prefix(f, "graph.csr.tmp"), 0);

    /* Space freed, the file is written again. */
    snprintf(p, sizeof p, "%s/fill", f->dir);
    assert_int_equal(unlink(p), 0);
    assert_int_equal(bf_store_open_existing(f->store, &st), BF_OK);
    assert_int_equal(edges(st), 1000);
    bf_store_close(st);
    assert_true(file_in(f, "graph.csr"));
}

int main(void)
{
#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)
    const struct CMUnitTest tests[] = {
        T(readers_never_delete_a_writers_segment),
        T(the_writer_lock_is_exclusive),
        T(the_sweep_spares_a_temp_file_in_use),
        T(readers_racing_to_rebuild_the_graph),
        T(errors_name_their_cause),
        T(a_full_disk_is_named_and_the_store_stays_readable),
    };
#undef T

    return cmocka_run_group_tests(tests, NULL, NULL);
}
