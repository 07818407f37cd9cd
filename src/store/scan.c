/*
 * scan.c - many accounts and their posts in one read transaction.
 *
 * A scan holds two statements of its own on the store's connection: the
 * accounts from a dense id on, in rowid order (a walk of the table's
 * B-tree), and one account by rowid.  The account rows name their
 * platform by its integer id; the few platform names are read once at
 * open, so no row pays a join.
 *
 * Posts come from the post segments (pview.h), mapped once at open inside
 * the scan's transaction, so they are the snapshot the accounts are.  An
 * author's posts are a binary search in each segment's rows, which are
 * sorted by author: a pass in dense-id order reads every segment once
 * from end to end, forward, and a short list of scattered accounts costs
 * a search each.
 *
 * Everything runs inside one transaction begun at open ("BEGIN", deferred:
 * SQLite takes the read snapshot at the first statement), which is what
 * saves the per-statement locking a pass of single reads pays.  When the
 * connection is already inside a transaction that is not a batch (an outer
 * scan), the scan joins it and leaves it open.
 */
#include "store/scan.h"

#include "store/pview.h"

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The largest row of strings, as bf_store_account's. */
#define ROW_LIMIT (64u << 20)
/* Platform names kept; a store has a handful. */
#define PLATFORMS_MAX 256

/* The columns of an account row, as bf__store_row_fill reads them. */
#define ACCOUNT_COLS                                                    \
    "a.platform, a.native_id, a.handle, a.name, a.bio, a.url,"          \
    " a.location, a.lang, a.label, a.created_at, a.followers,"          \
    " a.following, a.posts, a.likes, a.lists, a.verified, a.protected," \
    " a.default_avatar, a.default_profile, a.observed_at, a.label_set," \
    " a.automated, a.unknown, a.id"

/*
 * The columns of a row in brief (bf_scan_filter.brief), as brief_fill
 * reads them: the counters and dates the profile rules read, and for
 * each string they test only for presence (name, bio, URL, location) a
 * comparison, 1 when present, NULL or 0 when not.  No string is read or
 * copied: a pass that judges every account decodes fourteen columns of
 * integers, where the full row has twenty-four and copies nine strings.
 */
#define BRIEF_COLS                                                        \
    "a.platform, a.created_at, a.followers, a.following, a.posts,"        \
    " a.lists, a.default_avatar, a.observed_at, a.unknown, a.name <> ''," \
    " a.bio <> '', a.url <> '', a.location <> '', a.id"

/* Where brief_fill finds them.  The dense id is last in both lists. */
enum {
    BC_PLATFORM,
    BC_CREATED,
    BC_FOLLOWERS,
    BC_FOLLOWING,
    BC_POSTS,
    BC_LISTS,
    BC_AVATAR,
    BC_OBSERVED,
    BC_UNKNOWN,
    BC_NAME,
    BC_BIO,
    BC_URL,
    BC_LOCATION,
    BC_ID
};

/* The dense id's column in ACCOUNT_COLS. */
#define ACCOUNT_ID_COL 23

struct bf_store_scan {
    bf_store *st;
    sqlite3 *db;
    int began;          /* this scan began the transaction */
    sqlite3_stmt *next; /* accounts from ?1 on, filtered */
    sqlite3_stmt *get;  /* one account by rowid */
    int none;           /* the filter's platform is unknown: no rows */
    int next_done;      /* bf_store_scan_next reached the end */
    int brief;          /* rows in brief, no posts */
    bf__pview view;     /* the posts, as of the scan's snapshot */
    bf__pvec posts;     /* the last author's */
    char *plat[PLATFORMS_MAX];
    bf_account_row row;
};

/* plat_name: the name of platform id, or "" when unknown. */
static const char *plat_name(const bf_store_scan *sc, int64_t id)
{
    return id >= 0 && id < PLATFORMS_MAX && sc->plat[id] ? sc->plat[id] : "";
}

/* load_platforms reads the platform table into sc->plat. */
static bf_err load_platforms(bf_store_scan *sc)
{
    sqlite3_stmt *s = NULL;
    bf_err err = BF_OK;
    int rc = sqlite3_prepare_v2(sc->db, "SELECT id, name FROM platforms", -1,
                                &s, NULL);

    while (rc == SQLITE_OK && (rc = sqlite3_step(s)) == SQLITE_ROW) {
        int64_t id = sqlite3_column_int64(s, 0);
        const char *name = (const char *)sqlite3_column_text(s, 1);
        size_t n;

        rc = SQLITE_OK; /* a row read: on to the next */
        if (id < 0 || id >= PLATFORMS_MAX || !name)
            continue; /* never written by this code; rows show no name */
        n = strlen(name) + 1;
        sc->plat[id] = malloc(n);
        if (!sc->plat[id]) {
            err = BF_ENOMEM;
            break;
        }
        memcpy(sc->plat[id], name, n);
    }
    if (!err && rc != SQLITE_DONE)
        err = bf__store_sql_err(sc->db, rc);
    sqlite3_finalize(s);
    return err;
}

/* platform_id finds name's id in sc->plat (aliases as bf_store_resolve);
 * -1 when the store has no such platform. */
static int64_t platform_id(const bf_store_scan *sc, const char *name)
{
    int64_t i;

    name = bf_platform_canonical(name);
    for (i = 0; i < PLATFORMS_MAX; i++)
        if (sc->plat[i] && strcmp(sc->plat[i], name) == 0)
            return i;
    return -1;
}

/* read_end ends what read_begin began. */
static void read_end(bf_store *st, sqlite3 *db, int began)
{
    /* A read transaction commits nothing; COMMIT just ends it. */
    if (began) {
        sqlite3_exec(db, "COMMIT", NULL, NULL, NULL);
        bf__store_unpin_posts(st);
    }
}

/*
 * read_begin begins a read transaction on st's connection db, unless one
 * is open already (*out_began 0 then); BF_EINVAL inside a batch.  The
 * connection reads the database mapped (store.c, db_open), so a scan's
 * pages are read in place.  A transaction it begins, and ends in
 * read_end, starts and ends with no post view pinned (store.h,
 * bf__store_warm_posts).
 */
static bf_err read_begin(bf_store *st, sqlite3 *db, int *out_began)
{
    int rc;

    *out_began = 0;
    if (!sqlite3_get_autocommit(db))
        /* A batch is a write transaction: its graph is not committed. */
        return sqlite3_txn_state(db, NULL) == SQLITE_TXN_WRITE ? BF_EINVAL
                                                               : BF_OK;
    rc = sqlite3_exec(db, "BEGIN", NULL, NULL, NULL);
    if (rc != SQLITE_OK)
        return bf__store_sql_err(db, rc);
    bf__store_unpin_posts(st);
    *out_began = 1;
    return BF_OK;
}

bf_err bf_store_read_begin(bf_store *st, bf_store_read *out)
{
    bf_err err;

    out->st = st;
    out->db = bf__store_db(st);
    err = read_begin(st, out->db, &out->began);
    /* The post segments of this snapshot are mapped at once, while every
     * file its rows name is surely there; a failure here comes back at
     * the first read of a post, which reports it. */
    if (!err && out->began)
        (void)bf__store_warm_posts(st);
    return err;
}

void bf_store_read_end(bf_store_read *rd)
{
    if (!rd || !rd->db)
        return;
    read_end(rd->st, rd->db, rd->began);
    rd->db = NULL;
    rd->began = 0;
}

/* prepare compiles q into *out. */
static bf_err prepare(bf_store_scan *sc, const char *q, sqlite3_stmt **out)
{
    int rc = sqlite3_prepare_v3(sc->db, q, -1, SQLITE_PREPARE_PERSISTENT, out,
                                NULL);

    return rc == SQLITE_OK ? BF_OK : bf__store_sql_err(sc->db, rc);
}

bf_err bf_store_scan_open(bf_store *st, const bf_scan_filter *f,
                          bf_store_scan **out)
{
    char q[1024];
    const char *cols;
    bf_store_scan *sc;
    int64_t plat = -1;
    bf_err err = BF_OK;

    *out = NULL;
    sc = calloc(1, sizeof *sc);
    if (!sc)
        return BF_ENOMEM;
    sc->st = st;
    sc->db = bf__store_db(st);
    bf_buf_init(&sc->row.strings, ROW_LIMIT);
    err = read_begin(st, sc->db, &sc->began);
    if (!err)
        err = load_platforms(sc);
    if (err)
        goto out;
    if (f && f->platform) {
        plat = platform_id(sc, f->platform);
        sc->none = plat < 0;
    }
    sc->brief = f && f->brief;
    cols = sc->brief ? BRIEF_COLS : ACCOUNT_COLS;
    snprintf(q, sizeof q,
             "SELECT %s FROM accounts a WHERE a.id >= ?1%s%s%s ORDER BY a.id",
             cols, plat >= 0 ? " AND a.platform = ?2" : "",
             f && f->label_set ? " AND a.label_set = ?3" : "",
             f && f->labelled ? " AND a.label IS NOT NULL" : "");
    err = prepare(sc, q, &sc->next);
    if (!err) {
        snprintf(q, sizeof q, "SELECT %s FROM accounts a WHERE a.id = ?1",
                 cols);
        err = prepare(sc, q, &sc->get);
    }
    /* The view's rows are read inside the transaction: a file a
     * compaction replaced meanwhile is missing, and the snapshot would
     * name it again, so the scan fails rather than loop. */
    if (!err && !sc->brief) {
        err = bf__pview_load(sc->db, bf_store_dir(st), &sc->view);
        if (err == BF_ENOTFOUND)
            err = BF_ECORRUPT;
    }
    if (err)
        goto out;
    sqlite3_bind_int64(sc->next, 1, 1);
    if (plat >= 0)
        sqlite3_bind_int64(sc->next, 2, plat);
    if (f && f->label_set)
        sqlite3_bind_text(sc->next, 3, f->label_set, -1, SQLITE_TRANSIENT);
out:
    if (err) {
        bf_store_scan_close(sc);
        return err;
    }
    *out = sc;
    return BF_OK;
}

/*
 * brief_fill: the row in brief that s stands on (BRIEF_COLS) into a.  A
 * string present in the store is given as "-", so that the rules, which
 * only ask whether it is there, read what they would of the whole row;
 * every field the brief does not read is unknown, as bf_account_clear
 * leaves it.
 */
static void brief_fill(const bf_store_scan *sc, sqlite3_stmt *s, bf_account *a)
{
    static const char here[] = "-";
    const char **str[4];
    int i;

    bf_account_clear(a);
    a->platform = plat_name(sc, sqlite3_column_int64(s, BC_PLATFORM));
    a->created_at = sqlite3_column_int64(s, BC_CREATED);
    a->followers = bf__store_col_count(s, BC_FOLLOWERS);
    a->following = bf__store_col_count(s, BC_FOLLOWING);
    a->posts = bf__store_col_count(s, BC_POSTS);
    a->lists = bf__store_col_count(s, BC_LISTS);
    a->default_avatar = (int)bf__store_col_count(s, BC_AVATAR);
    a->observed_at = sqlite3_column_int64(s, BC_OBSERVED);
    a->unknown = (unsigned)sqlite3_column_int64(s, BC_UNKNOWN);
    str[0] = &a->name;
    str[1] = &a->bio;
    str[2] = &a->url;
    str[3] = &a->location;
    for (i = 0; i < 4; i++)
        *str[i] = sqlite3_column_int64(s, BC_NAME + i) ? here : NULL;
}

/* take: the account row s stands on, into sc->row. */
static bf_err take(bf_store_scan *sc, sqlite3_stmt *s, bf_account_row **out)
{
    int64_t rowid = sqlite3_column_int64(s, sc->brief ? BC_ID : ACCOUNT_ID_COL);
    bf_err err = BF_OK;

    if (rowid < 1 || rowid > (int64_t)UINT32_MAX + 1)
        return BF_ECORRUPT;
    if (sc->brief)
        brief_fill(sc, s, &sc->row.a);
    else
        err = bf__store_row_fill(s, plat_name(sc, sqlite3_column_int64(s, 0)),
                                 &sc->row);
    if (err)
        return err;
    sc->row.id = (uint32_t)(rowid - 1);
    *out = &sc->row;
    return BF_OK;
}

bf_err bf_store_scan_next(bf_store_scan *sc, bf_account_row **out_row)
{
    int rc;

    if (sc->none || sc->next_done)
        return BF_ENOTFOUND;
    rc = sqlite3_step(sc->next);
    if (rc == SQLITE_ROW)
        return take(sc, sc->next, out_row);
    sc->next_done = 1;
    return rc == SQLITE_DONE ? BF_ENOTFOUND : bf__store_sql_err(sc->db, rc);
}

bf_err bf_store_scan_get(bf_store_scan *sc, uint32_t id,
                         bf_account_row **out_row)
{
    bf_err err;
    int rc;

    sqlite3_bind_int64(sc->get, 1, (int64_t)id + 1);
    rc = sqlite3_step(sc->get);
    if (rc == SQLITE_ROW)
        err = take(sc, sc->get, out_row);
    else
        err = rc == SQLITE_DONE ? BF_ENOTFOUND : bf__store_sql_err(sc->db, rc);
    sqlite3_reset(sc->get);
    return err;
}

bf_err bf_store_scan_posts(bf_store_scan *sc, uint32_t author,
                           bf_err (*fn)(void *ctx, const bf_post *p), void *ctx)
{
    bf_err err;
    size_t i;

    err = bf__pview_author(&sc->view, author, &sc->posts);
    for (i = 0; !err && i < sc->posts.n; i++) {
        const bf__ppost *q = &sc->posts.v[i];
        bf_post p;

        bf_post_clear(&p);
        p.created_at = q->r.created_at;
        p.text = q->str[BF__PS_TEXT];
        p.kind = (bf_post_kind)q->r.kind;
        p.likes = q->r.cnt[BF__PC_LIKES];
        p.reposts = q->r.cnt[BF__PC_REPOSTS];
        p.replies = q->r.cnt[BF__PC_REPLIES];
        p.quotes = q->r.cnt[BF__PC_QUOTES];
        p.hashtags = (int)q->r.cnt[BF__PC_HASHTAGS];
        p.mentions = (int)q->r.cnt[BF__PC_MENTIONS];
        p.urls = (int)q->r.cnt[BF__PC_URLS];
        p.source = q->str[BF__PS_SOURCE];
        err = fn(ctx, &p);
    }
    return err;
}

bf_err bf_store_scan_mark(bf_store_scan *sc)
{
    return sc->brief ? BF_OK : bf__pview_mark(&sc->view);
}

void bf_store_scan_close(bf_store_scan *sc)
{
    size_t i;

    if (!sc)
        return;
    sqlite3_finalize(sc->next);
    sqlite3_finalize(sc->get);
    bf__pview_release(&sc->view);
    bf__pvec_release(&sc->posts);
    read_end(sc->st, sc->db, sc->began);
    for (i = 0; i < PLATFORMS_MAX; i++)
        free(sc->plat[i]);
    bf_account_row_release(&sc->row);
    free(sc);
}
