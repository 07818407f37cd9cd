/*
 * check.c - bonafide check: every file of a store verified, and what the
 * store holds twice rebuilt.
 *
 * The database comes first, since the segments are judged against it:
 * SQLite's integrity_check reads every page of every table and index, and
 * foreign_key_check every reference.  A store whose database cannot be
 * opened at all (a damaged header) still has its segments and graph file
 * checked on their own.  Then, under the writer lock when it can be had
 * (always with repair, which waits for it), the directory is listed: only
 * while the lock is held is a segment file without a committed row known
 * to be a leftover rather than a running batch's.  Every committed segment
 * is mapped and checked by the same code that reads it for the graph
 * (bf__seg_check), then against its row.  Last, graph.csr is validated in
 * full (bf__csr_verify) and compared with the segments it should have been
 * built from.
 *
 * Repairs only ever use a second copy that the store holds: a segment's
 * row holds its record count and the CRC-32 of its records, so a segment
 * whose records still match it gets a new header and loses any stray tail
 * (rewritten through a temp file and a rename); the tables hold what the
 * indexes index (REINDEX); the segments hold the graph.  What has no
 * second copy (a segment's records, a table's rows) is reported as lost.
 * A lost segment is dropped from the segments table in one transaction,
 * which also raises the data generation (store/peers.h), and its file
 * kept aside as NAME.damaged, so that the rest of the graph can be built
 * again: the store is then whole, less those follows, and the finding
 * stays a fault, since the data did not come back.
 */
#include "store/check.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "store/csr.h"
#include "store/peers.h"
#include "store/prank.h"
#include "store/pseg.h"
#include "store/segment.h"
#include "store/store.h"

/* At most this many of integrity_check's messages are reported. */
#define SQL_MESSAGES 10

typedef struct ck {
    const char *dir;
    int repair;
    void (*fn)(void *ctx, const bf_check_item *it);
    void *ctx;
    bf_check_totals *t;
    bf_store *st;  /* NULL when the database cannot be opened */
    int locked;    /* the writer lock is held */
    int seg_lost;  /* a committed segment is still damaged */
    int seg_fixed; /* a segment was repaired or dropped */
} ck;

/* say reports one finding and counts it. */
static void say(ck *c, bf_check_kind kind, const char *file, const char *what,
                const char *done)
{
    bf_check_item it;

    if (kind == BF_CHECK_FAULT)
        c->t->faults++;
    else if (kind == BF_CHECK_REPAIRED)
        c->t->repaired++;
    else
        c->t->notes++;
    if (!c->fn)
        return;
    it.kind = kind;
    it.file = file;
    it.what = what;
    it.done = done;
    c->fn(c->ctx, &it);
}

/* path_of formats dir/name into out (PATH_MAX-sized buffers suffice). */
static const char *path_of(char *out, size_t n, const char *dir,
                           const char *name)
{
    snprintf(out, n, "%s/%s", dir, name);
    return out;
}

/* ---- the database ---- */

/* sql_list runs a PRAGMA and collects up to SQL_MESSAGES rows of column 0
 * into msgs, joined by newlines; *out_rows gets how many rows there were. */
static bf_err sql_list(sqlite3 *db, const char *q, char *msgs, size_t cap,
                       int *out_rows)
{
    sqlite3_stmt *s = NULL;
    size_t len = 0;
    int rc, rows = 0;

    msgs[0] = '\0';
    rc = sqlite3_prepare_v2(db, q, -1, &s, NULL);
    while (rc == SQLITE_OK && (rc = sqlite3_step(s)) == SQLITE_ROW) {
        const char *m = (const char *)sqlite3_column_text(s, 0);

        if (rows++ < SQL_MESSAGES && m && len + 2 < cap) {
            int k = snprintf(msgs + len, cap - len, "%s%s", len ? "\n" : "", m);

            len = k < 0 ? len : len + (size_t)k >= cap ? cap - 1 : len + k;
        }
        rc = SQLITE_OK;
    }
    sqlite3_finalize(s);
    *out_rows = rows;
    return rc == SQLITE_DONE || rc == SQLITE_OK ? BF_OK
                                                : bf__store_sql_err(db, rc);
}

/* integrity runs integrity_check: 0 rows of trouble when it says "ok". */
static bf_err integrity(sqlite3 *db, char *msgs, size_t cap, int *out_bad)
{
    int rows = 0;
    bf_err err = sql_list(db, "PRAGMA integrity_check(100)", msgs, cap, &rows);

    *out_bad = err ? 1 : !(rows == 1 && strcmp(msgs, "ok") == 0);
    return err;
}

/* each_line reports every line of msgs as one finding on the database. */
static void each_line(ck *c, bf_check_kind kind, char *msgs, const char *done)
{
    char *line = msgs, *nl;

    while (line && *line) {
        nl = strchr(line, '\n');
        if (nl)
            *nl = '\0';
        say(c, kind, "bonafide.sqlite", line, done);
        line = nl ? nl + 1 : NULL;
    }
}

static void check_db(ck *c)
{
    sqlite3 *db = bf__store_db(c->st);
    char msgs[4096], after[4096], what[128];
    int bad = 0, rows = 0;
    bf_err err;

    err = integrity(db, msgs, sizeof msgs, &bad);
    if (err) {
        snprintf(what, sizeof what, "integrity_check could not run: %s",
                 bf_strerror(err));
        say(c, BF_CHECK_FAULT, "bonafide.sqlite", what, NULL);
    } else if (bad && c->repair) {
        /* Indexes are the database's second copy of its tables. */
        int rc = sqlite3_exec(db, "REINDEX", NULL, NULL, NULL);

        if (rc == SQLITE_OK &&
            integrity(db, after, sizeof after, &bad) == BF_OK && !bad) {
            each_line(c, BF_CHECK_REPAIRED, msgs,
                      "indexes rebuilt from their tables (REINDEX)");
        } else {
            each_line(c, BF_CHECK_FAULT, msgs,
                      "the tables themselves are damaged and cannot be "
                      "repaired here: restore bonafide.sqlite from a "
                      "backup, or try sqlite3's .recover");
        }
    } else if (bad) {
        each_line(c, BF_CHECK_FAULT, msgs, NULL);
    }
    if (sql_list(db, "PRAGMA foreign_key_check", msgs, sizeof msgs, &rows) ==
                BF_OK &&
        rows > 0) {
        snprintf(what, sizeof what,
                 "%d rows refer to rows that do not exist (foreign keys)",
                 rows);
        say(c, BF_CHECK_FAULT, "bonafide.sqlite", what,
            c->repair ? "cannot be repaired here" : NULL);
    }
}

/* ---- segments ---- */

/* seg_has says whether name has a row in segments (-1 on error). */
static int seg_has(sqlite3 *db, const char *name)
{
    sqlite3_stmt *s = NULL;
    int rc, has = -1;

    if (sqlite3_prepare_v2(db, "SELECT 1 FROM segments WHERE file = ?1", -1, &s,
                           NULL) != SQLITE_OK)
        return -1;
    sqlite3_bind_text(s, 1, name, -1, SQLITE_STATIC);
    rc = sqlite3_step(s);
    if (rc == SQLITE_ROW)
        has = 1;
    else if (rc == SQLITE_DONE)
        has = 0;
    sqlite3_finalize(s);
    return has;
}

/*
 * rewrite_seg writes a fresh segment at path from the count records at
 * recs (whose CRC-32 is crc), through path.tmp and a rename.
 */
static bf_err rewrite_seg(const char *dir, const char *file,
                          const unsigned char *recs, uint64_t count,
                          uint32_t crc)
{
    uint32_t got = 0;
    bf_err err = bf__seg_write(dir, file, recs, count, &got);

    return !err && got != crc ? BF_ECORRUPT : err;
}

/*
 * drop_listed removes row id from table (segments or post_segments),
 * raising the data generation with bump in the same transaction, and
 * keeps the file aside as NAME.damaged.
 */
static bf_err drop_listed(ck *c, const char *table, int64_t id,
                          const char *file, bf_err (*bump)(bf_store *st))
{
    sqlite3 *db = bf__store_db(c->st);
    char from[4096], to[4096], name[300], sql[64];
    sqlite3_stmt *s = NULL;
    int rc;

    rc = sqlite3_exec(db, "SAVEPOINT drop_listed", NULL, NULL, NULL);
    if (rc != SQLITE_OK)
        return bf__store_sql_err(db, rc);
    snprintf(sql, sizeof sql, "DELETE FROM %s WHERE id = ?1", table);
    rc = sqlite3_prepare_v2(db, sql, -1, &s, NULL);
    if (rc == SQLITE_OK) {
        sqlite3_bind_int64(s, 1, id);
        rc = sqlite3_step(s);
        rc = rc == SQLITE_DONE ? SQLITE_OK : rc;
    }
    sqlite3_finalize(s);
    if (rc == SQLITE_OK && bump(c->st) != BF_OK)
        rc = sqlite3_errcode(db);
    if (rc == SQLITE_OK)
        rc = sqlite3_exec(db, "RELEASE drop_listed", NULL, NULL, NULL);
    if (rc != SQLITE_OK) {
        bf_err err = bf__store_sql_err(db, rc);

        sqlite3_exec(db, "ROLLBACK TO drop_listed", NULL, NULL, NULL);
        sqlite3_exec(db, "RELEASE drop_listed", NULL, NULL, NULL);
        return err;
    }
    snprintf(name, sizeof name, "%s.damaged", file);
    /* A missing file has nothing to keep. */
    if (rename(path_of(from, sizeof from, c->dir, file),
               path_of(to, sizeof to, c->dir, name)) != 0 &&
        errno != ENOENT)
        return bf_err_from_errno(errno);
    return BF_OK;
}

/*
 * drop_seg removes segment id from the table and keeps its file aside.
 * The follows change, so the data generation moves with the row: a
 * server's cached pages are rebuilt.  The peer statistics read no follow
 * and stay as fresh as they were.
 */
static bf_err drop_seg(ck *c, int64_t id, const char *file)
{
    return drop_listed(c, "segments", id, file, bf__generation_bump_follows);
}

/*
 * map_listed maps the store's file read-only for a check: NULL when it is
 * mapped (*out_base, *out_size; the caller unmaps), else why not:
 * "missing", "empty" or the system's reason.
 */
static const char *map_listed(ck *c, const char *file, void **out_base,
                              size_t *out_size)
{
    char path[4096];
    bf_err err = bf__map_ro(path_of(path, sizeof path, c->dir, file), 1,
                            out_base, out_size);

    if (err == BF_ENOTFOUND)
        return "missing";
    if (err == BF_ECORRUPT)
        return "empty";
    return err ? bf_strerror(err) : NULL;
}

/* check_one checks segment id (file, with its row's edges and crc). */
static void check_one(ck *c, int64_t id, const char *file, uint64_t edges,
                      uint32_t crc)
{
    char what[512], done[512];
    const unsigned char *p = NULL;
    const char *why = NULL;
    uint64_t count = 0;
    uint32_t fcrc = 0;
    size_t size = 0;
    void *base = NULL;
    int intact = 0;
    bf_err err;

    if (strchr(file, '/')) {
        say(c, BF_CHECK_FAULT, "bonafide.sqlite",
            "the segments table names a file outside the store", NULL);
        c->seg_lost = 1;
        return;
    }
    why = map_listed(c, file, &base, &size);
    if (!why) {
        p = base;
        why = bf__seg_check(p, size, &count, &fcrc);
        if (!why && (count != edges || fcrc != crc))
            why = "does not match its row in the database (count or "
                  "checksum)";
    }
    if (!why) {
        c->t->segments++;
        c->t->follows += count;
        munmap(base, size);
        return;
    }
    /* Are the records the row describes still there, whole? */
    if (p && size >= BF__SEG_HEADER &&
        edges <= (size - BF__SEG_HEADER) / BF__SEG_RECORD &&
        bf__seg_crc(p + BF__SEG_HEADER, (size_t)edges * BF__SEG_RECORD) == crc)
        intact = 1;
    snprintf(what, sizeof what, "%s", why);
    if (!c->repair) {
        say(c, BF_CHECK_FAULT, file, what,
            intact ? "its records are whole: check --repair rewrites it"
                   : NULL);
        c->seg_lost = 1;
    } else if (intact && (err = rewrite_seg(c->dir, file, p + BF__SEG_HEADER,
                                            edges, crc)) == BF_OK) {
        snprintf(done, sizeof done,
                 "rewritten from its %llu whole records and its row",
                 (unsigned long long)edges);
        say(c, BF_CHECK_REPAIRED, file, what, done);
        c->t->segments++;
        c->t->follows += edges;
        c->seg_fixed = 1;
    } else if (intact) {
        snprintf(done, sizeof done, "could not be rewritten: %s",
                 bf_strerror(err));
        say(c, BF_CHECK_FAULT, file, what, done);
        c->seg_lost = 1;
    } else if ((err = drop_seg(c, id, file)) == BF_OK) {
        snprintf(done, sizeof done,
                 "its %llu follows cannot be recovered: dropped from the "
                 "store%s%s%s; ingest their source again",
                 (unsigned long long)edges, p ? ", the file kept as " : "",
                 p ? file : "", p ? ".damaged" : "");
        say(c, BF_CHECK_FAULT, file, what, done);
        c->seg_fixed = 1;
    } else {
        snprintf(done, sizeof done, "could not be dropped: %s",
                 bf_strerror(err));
        say(c, BF_CHECK_FAULT, file, what, done);
        c->seg_lost = 1;
    }
    if (base)
        munmap(base, size);
}

/*
 * check_listed checks each file listed by sql (id, file, count, crc, in
 * id order) of table with one().  The rows are read first: a repair
 * changes the table.
 */
static void check_listed(ck *c, const char *sql, const char *table,
                         void (*one)(ck *c, int64_t id, const char *file,
                                     uint64_t count, uint32_t crc))
{
    sqlite3 *db = bf__store_db(c->st);
    sqlite3_stmt *s = NULL;

    typedef struct row {
        int64_t id;
        char file[256];
        uint64_t count;
        uint32_t crc;
    } row;

    row *rows = NULL;
    size_t n = 0, cap = 0, i;
    char what[128];
    int rc;

    rc = sqlite3_prepare_v2(db, sql, -1, &s, NULL);
    while (rc == SQLITE_OK && (rc = sqlite3_step(s)) == SQLITE_ROW) {
        const char *f = (const char *)sqlite3_column_text(s, 1);

        rc = SQLITE_OK;
        if (n == cap) {
            row *r = realloc(rows, (cap ? cap * 2 : 64) * sizeof *r);

            if (!r) {
                rc = SQLITE_NOMEM;
                break;
            }
            rows = r;
            cap = cap ? cap * 2 : 64;
        }
        rows[n].id = sqlite3_column_int64(s, 0);
        snprintf(rows[n].file, sizeof rows[n].file, "%s", f ? f : "/");
        rows[n].count = (uint64_t)sqlite3_column_int64(s, 2);
        rows[n].crc = (uint32_t)sqlite3_column_int64(s, 3);
        n++;
    }
    sqlite3_finalize(s);
    if (rc != SQLITE_DONE) {
        snprintf(what, sizeof what, "the %s table cannot be read", table);
        say(c, BF_CHECK_FAULT, "bonafide.sqlite", what, NULL);
        c->seg_lost = 1;
    }
    for (i = 0; i < n; i++)
        one(c, rows[i].id, rows[i].file, rows[i].count, rows[i].crc);
    free(rows);
}

static void check_segments(ck *c)
{
    check_listed(c, "SELECT id, file, edges, crc FROM segments ORDER BY id",
                 "segments", check_one);
}

/* ---- post segments ---- */

/* pseg_has says whether name has a row in post_segments (-1 on error). */
static int pseg_has(sqlite3 *db, const char *name)
{
    sqlite3_stmt *s = NULL;
    int rc, has = -1;

    if (sqlite3_prepare_v2(db, "SELECT 1 FROM post_segments WHERE file = ?1",
                           -1, &s, NULL) != SQLITE_OK)
        return -1;
    sqlite3_bind_text(s, 1, name, -1, SQLITE_STATIC);
    rc = sqlite3_step(s);
    if (rc == SQLITE_ROW)
        has = 1;
    else if (rc == SQLITE_DONE)
        has = 0;
    sqlite3_finalize(s);
    return has;
}

/*
 * drop_pseg removes post segment id from its table and keeps its file
 * aside; the peer statistics read posts, so the whole generation moves.
 */
static bf_err drop_pseg(ck *c, int64_t id, const char *file)
{
    return drop_listed(c, "post_segments", id, file, bf__generation_bump);
}

/*
 * check_pseg checks post segment id (file, with its row's count and crc)
 * with bf__pseg_check: header, checksum, every row, the order, the key
 * index.  Its rows have no second copy: a repair drops a damaged one.
 */
static void check_pseg(ck *c, int64_t id, const char *file, uint64_t rows,
                       uint32_t crc)
{
    char done[512];
    const char *why = NULL;
    uint64_t count = 0;
    uint32_t fcrc = 0;
    size_t size = 0;
    void *base = NULL;
    bf_err err;

    if (strchr(file, '/')) {
        say(c, BF_CHECK_FAULT, "bonafide.sqlite",
            "the post_segments table names a file outside the store", NULL);
        c->seg_lost = 1;
        return;
    }
    why = map_listed(c, file, &base, &size);
    if (!why) {
        why = bf__pseg_check(base, size, &count, &fcrc);
        if (!why && (count != rows || fcrc != crc))
            why = "does not match its row in the database (count or "
                  "checksum)";
    }
    if (base)
        munmap(base, size);
    if (!why) {
        c->t->post_segments++;
        c->t->post_rows += count;
        return;
    }
    if (!c->repair) {
        say(c, BF_CHECK_FAULT, file, why, NULL);
        c->seg_lost = 1;
    } else if ((err = drop_pseg(c, id, file)) == BF_OK) {
        snprintf(done, sizeof done,
                 "its %llu posts cannot be recovered: dropped from the "
                 "store, the file kept as %s.damaged; ingest their source "
                 "again",
                 (unsigned long long)rows, file);
        say(c, BF_CHECK_FAULT, file, why, done);
    } else {
        snprintf(done, sizeof done, "could not be dropped: %s",
                 bf_strerror(err));
        say(c, BF_CHECK_FAULT, file, why, done);
        c->seg_lost = 1;
    }
}

static void check_post_segments(ck *c)
{
    check_listed(c, "SELECT id, file, rows, crc FROM post_segments ORDER BY id",
                 "post_segments", check_pseg);
}

/* ---- leftovers ---- */

static void swept(void *ctx, const char *name)
{
    ck *c = ctx;

    say(c, BF_CHECK_NOTE, name, "left by an interrupted write", "removed");
}

/* in_use says whether a temp file is held (flock) by a running writer. */
static int in_use(const char *path)
{
    int fd = open(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
    int busy = 0;

    if (fd < 0)
        return 0;
    busy = flock(fd, LOCK_SH | LOCK_NB) != 0;
    close(fd);
    return busy;
}

static int ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), k = strlen(suffix);

    return n >= k && memcmp(s + n - k, suffix, k) == 0;
}

static void check_leftovers(ck *c)
{
    DIR *d;
    struct dirent *e;
    char path[4096];

    if (c->repair && c->st && c->locked)
        bf__store_sweep(c->st, swept, c);
    d = opendir(c->dir);
    if (!d)
        return;
    while ((e = readdir(d)) != NULL) {
        const char *name = e->d_name;

        if (ends_with(name, ".damaged")) {
            say(c, BF_CHECK_NOTE, name,
                "kept aside by a repair; nothing reads it", NULL);
        } else if ((strncmp(name, "graph.csr.tmp", 13) == 0 ||
                    strncmp(name, "pagerank.bin.tmp", 16) == 0 ||
                    (strncmp(name, "follows-", 8) == 0 &&
                     ends_with(name, ".seg.tmp")) ||
                    (strncmp(name, "posts-", 6) == 0 &&
                     ends_with(name, ".pseg.tmp")))) {
            /* A reader rebuilding the graph holds its temp file. */
            if (!in_use(path_of(path, sizeof path, c->dir, name)) && c->locked)
                say(c, BF_CHECK_NOTE, name, "left by an interrupted write",
                    "check --repair removes it");
        } else if (strncmp(name, "follows-", 8) == 0 &&
                   ends_with(name, ".seg") && c->st && c->locked &&
                   seg_has(bf__store_db(c->st), name) == 0) {
            say(c, BF_CHECK_NOTE, name,
                "segment of a batch that never committed",
                "check --repair removes it");
        } else if (strncmp(name, "posts-", 6) == 0 &&
                   ends_with(name, ".pseg") && c->st && c->locked &&
                   pseg_has(bf__store_db(c->st), name) == 0) {
            say(c, BF_CHECK_NOTE, name,
                "post segment of a batch that never committed, or merged"
                " into another",
                "check --repair removes it");
        }
    }
    closedir(d);
}

/* ---- the graph ---- */

/* graph_state validates graph.csr: NULL when valid (generation and n in
 * *gen, *n, m in *m), "absent" when missing, else the failed check. */
static const char *graph_state(const char *dir, uint64_t *gen, uint32_t *n,
                               uint64_t *m)
{
    static char why[128];
    char path[4096];
    const char *r;
    struct stat sb;
    void *base;
    bf_csr g;
    int fd;

    fd = open(path_of(path, sizeof path, dir, "graph.csr"),
              O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        if (errno == ENOENT)
            return "absent";
        snprintf(why, sizeof why, "cannot be read: %s",
                 bf_strerror(bf_err_from_errno(errno)));
        return why;
    }
    if (fstat(fd, &sb) != 0 || sb.st_size < BF__CSR_HEADER) {
        close(fd);
        return "shorter than its header";
    }
    base = mmap(NULL, (size_t)sb.st_size, PROT_READ, MAP_SHARED, fd, 0);
    close(fd);
    if (base == MAP_FAILED) {
        snprintf(why, sizeof why, "cannot be read: %s",
                 bf_strerror(bf_err_from_errno(errno)));
        return why;
    }
    r = bf__csr_verify(base, (size_t)sb.st_size, &g, gen);
    if (!r) {
        *n = g.n;
        *m = g.m;
    }
    munmap(base, (size_t)sb.st_size);
    return r;
}

static void check_graph(ck *c)
{
    uint64_t gen = 0, want_gen = 0, m = 0;
    uint32_t n = 0, want_n = 0;
    const char *why = graph_state(c->dir, &gen, &n, &m);
    char what[256], done[256];
    int stale = 0, damaged, absent = why && strcmp(why, "absent") == 0;
    bf_err err;

    if (!why && c->st && bf_store_graph_generation(c->st, &want_gen) == BF_OK &&
        bf_store_account_count(c->st, &want_n) == BF_OK &&
        (gen != want_gen || n != want_n))
        stale = 1;
    if (!why && !stale && !c->seg_fixed) {
        c->t->graph_m = m;
        return;
    }
    if (why)
        snprintf(what, sizeof what, "%s", why);
    else if (stale)
        snprintf(what, sizeof what,
                 "older than the last follows (rebuilt at first use)");
    else
        snprintf(what, sizeof what, "built from segments since repaired");
    if (!c->repair || !c->st) {
        if (absent || stale)
            say(c, BF_CHECK_NOTE, "graph.csr",
                absent ? "absent (built at "
                         "first use)"
                       : what,
                NULL);
        else
            say(c, BF_CHECK_FAULT, "graph.csr", what,
                c->st ? "check --repair rebuilds it from the segments" : NULL);
        return;
    }
    if (c->seg_lost) {
        say(c, absent || stale ? BF_CHECK_NOTE : BF_CHECK_FAULT, "graph.csr",
            absent ? "absent" : what,
            "cannot be rebuilt while a segment is damaged");
        return;
    }
    damaged = why && !absent;
    err = bf__store_rebuild_graph(c->st);
    if (!err) {
        if (graph_state(c->dir, &gen, &n, &m))
            err = BF_ECORRUPT;
        else
            c->t->graph_m = m;
    }
    if (err == BF_ENOSPC)
        snprintf(done, sizeof done,
                 "cannot be rebuilt until space is freed: %s",
                 bf_strerror(err));
    else if (err)
        snprintf(done, sizeof done, "cannot be rebuilt: %s", bf_strerror(err));
    else
        snprintf(done, sizeof done,
                 "rebuilt from the segments: %llu distinct follows",
                 (unsigned long long)m);
    if (damaged)
        say(c, err ? BF_CHECK_FAULT : BF_CHECK_REPAIRED, "graph.csr", what,
            done);
    else
        say(c, err ? BF_CHECK_FAULT : BF_CHECK_NOTE, "graph.csr",
            absent ? "absent" : what, done);
}

/* ---- the PageRank file ---- */

/*
 * check_pagerank verifies pagerank.bin (store/prank.h) in full when it is
 * the current graph's.  It is a cache: one of an older graph or of the
 * earlier format is the normal state after follows are added or bonafide
 * is upgraded, and is replaced at first use, so it is not judged; a
 * damaged one is a fault that repair removes.
 */
static void check_pagerank(ck *c)
{
    static const char name[] = "pagerank.bin";
    char path[4096];
    const char *why = NULL;
    uint64_t gen = 0;
    uint32_t n = 0;
    bf__prank p;
    bf_err err;

    path_of(path, sizeof path, c->dir, name);
    /* None, or one of the earlier format. */
    err = bf__prank_open_any(path, &p);
    if (err == BF_ENOTFOUND)
        return;
    if (err == BF_ECORRUPT) {
        why = "fails its header checks";
    } else if (err) {
        say(c, BF_CHECK_FAULT, name, bf_strerror(err), NULL);
        return;
    } else if (c->st && bf_store_graph_generation(c->st, &gen) == BF_OK &&
               bf_store_account_count(c->st, &n) == BF_OK &&
               (p.gen != gen || p.n != n)) {
        /* An older graph's. */
    } else {
        why = bf__prank_verify(&p);
    }
    bf__prank_close(&p);
    if (!why)
        return;
    if (c->repair && c->locked && unlink(path) == 0)
        say(c, BF_CHECK_REPAIRED, name, why,
            "removed: computed again at the next audit");
    else
        say(c, BF_CHECK_FAULT, name, why,
            c->st ? "check --repair removes it (it is computed again at "
                    "the next audit)"
                  : NULL);
}

/*
 * check_post_count compares the post count a writer kept with the posts:
 * the next ingest starts from it and carries it over its batches, so a
 * wrong one would stay.  The repair forgets it; the next ingest counts.
 */
static void check_post_count(ck *c)
{
    uint64_t kept = 0, counted = 0;
    char what[128];
    int has = 0;

    if (!c->st || c->seg_lost ||
        bf__store_kept_count(c->st, c->repair && c->locked, &has, &kept,
                             &counted) != BF_OK ||
        !has || kept == counted)
        return;
    snprintf(what, sizeof what, "the post count kept is %llu, the posts %llu",
             (unsigned long long)kept, (unsigned long long)counted);
    if (c->repair && c->locked)
        say(c, BF_CHECK_REPAIRED, "bonafide.sqlite", what,
            "forgotten: the next ingest counts the posts");
    else
        say(c, BF_CHECK_FAULT, "bonafide.sqlite", what,
            "check --repair forgets it");
}

/* ---- without a database ---- */

/* check_files_alone checks what can be checked when the database cannot
 * be opened: each segment's own header and checksum, and graph.csr. */
static void check_files_alone(ck *c)
{
    DIR *d = opendir(c->dir);
    struct dirent *e;
    char path[4096];
    uint64_t gen, m;
    uint32_t n;
    const char *why;

    while (d && (e = readdir(d)) != NULL) {
        bf__seg seg;
        bf_err err;

        if (strncmp(e->d_name, "follows-", 8) != 0 ||
            !ends_with(e->d_name, ".seg"))
            continue;
        err = bf__seg_map(path_of(path, sizeof path, c->dir, e->d_name), &seg);
        if (err) {
            say(c, BF_CHECK_FAULT, e->d_name,
                err == BF_ECORRUPT ? "fails its own checks" : bf_strerror(err),
                NULL);
        } else {
            c->t->segments++;
            c->t->follows += seg.count;
        }
        bf__seg_unmap(&seg);
    }
    if (d)
        closedir(d);
    why = graph_state(c->dir, &gen, &n, &m);
    if (why && strcmp(why, "absent") != 0)
        say(c, BF_CHECK_FAULT, "graph.csr", why, NULL);
    else if (!why)
        c->t->graph_m = m;
    check_pagerank(c);
}

bf_err bf_store_check(const char *dir, int repair,
                      void (*fn)(void *ctx, const bf_check_item *it), void *ctx,
                      bf_check_totals *out)
{
    ck c;
    bf_err err;
    int got = 0;

    memset(out, 0, sizeof *out);
    memset(&c, 0, sizeof c);
    c.dir = dir;
    c.repair = repair;
    c.fn = fn;
    c.ctx = ctx;
    c.t = out;
    err = bf_store_exists(dir);
    if (err == BF_ECORRUPT)
        err = BF_OK; /* bonafide.sqlite is there but not a file: below */
    if (err)
        return err;
    err = bf_store_open_existing(dir, &c.st);
    if (err == BF_ECORRUPT || err == BF_ESQL || err == BF_EINVAL) {
        say(&c, BF_CHECK_FAULT, "bonafide.sqlite",
            err == BF_EINVAL ? "written by a newer bonafide"
                             : "not a database, or its header is damaged",
            repair ? "cannot be repaired here: restore it from a backup"
                   : NULL);
        c.st = NULL;
        check_files_alone(&c);
        return BF_OK;
    }
    if (err)
        return err;
    check_db(&c);
    /* Leftovers can only be told from a running batch's files under the
     * lock; a repair waits for it, a check takes it only when free. */
    err = bf__store_lock(c.st, repair, &got);
    if (err && !repair) {
        /* A store this user may only read: checked all the same. */
        say(&c, BF_CHECK_NOTE, BF__STORE_LOCK, bf_strerror(err),
            "leftovers of interrupted writes were not judged");
        err = BF_OK;
    } else if (!err && !got) {
        say(&c, BF_CHECK_NOTE, ".",
            "a writer is running: files it may be writing were not judged",
            NULL);
    }
    if (err)
        goto out;
    c.locked = got;
    check_segments(&c);
    check_post_segments(&c);
    check_leftovers(&c);
    check_graph(&c);
    check_pagerank(&c);
    check_post_count(&c);
    /* A repaired store reads its posts from one segment. */
    if (repair && c.locked) {
        err = bf__store_compact_posts(c.st);
        if (err)
            say(&c, BF_CHECK_FAULT, ".",
                "the post segments could not be merged", bf_strerror(err));
        err = BF_OK;
    }
out:
    bf__store_unlock(c.st);
    bf_store_close(c.st);
    return err;
}
