/*
 * schema.c - schema v1 and the migration runner.
 *
 * Migrations are a table of SQL scripts indexed by the version they
 * produce.  Opening a store reads user_version and applies each later script
 * in order, inside BEGIN IMMEDIATE ... COMMIT with the new user_version set
 * in the same transaction.  Adding version 2 means appending one entry and
 * raising BF_SCHEMA_VERSION; a script never changes once released, because
 * stores in the field were made by it.
 *
 * Design notes for v1.  Unknown values are NULL, so COALESCE in the upserts
 * can keep a known value when a later record does not know it.  The handle
 * index is on (handle COLLATE NOCASE, platform) so one index serves the
 * lookup with and without a platform.  snapshots is WITHOUT ROWID: its
 * primary key is the whole access path and it is written once per profile
 * seen.  Follows are not here at all: they live in segment files, and
 * segments lists the ones that were committed.
 */
#include "store/schema.h"

#include <stddef.h>
#include <stdio.h>

#define SEARCH_KEY(r) BF__SEARCH_KEY(r)
#define NEWKEY        SEARCH_KEY("new")
#define OLDKEY        SEARCH_KEY("old")

/* Migration k (1-based) produces version k. */
static const char *const migrations[] = {
    /* v1: the first schema. */
    "CREATE TABLE platforms(\n"
    "  id INTEGER PRIMARY KEY,\n"
    "  name TEXT NOT NULL UNIQUE\n"
    ");\n"
    "CREATE TABLE accounts(\n"
    "  id INTEGER PRIMARY KEY,\n"
    "  platform INTEGER NOT NULL REFERENCES platforms(id),\n"
    "  native_id TEXT NOT NULL,\n"
    "  handle TEXT,\n"
    "  name TEXT,\n"
    "  created_at INTEGER,\n"
    "  followers INTEGER,\n"
    "  following INTEGER,\n"
    "  posts INTEGER,\n"
    "  likes INTEGER,\n"
    "  lists INTEGER,\n"
    "  verified INTEGER,\n"
    "  protected INTEGER,\n"
    "  default_avatar INTEGER,\n"
    "  default_profile INTEGER,\n"
    "  bio TEXT,\n"
    "  url TEXT,\n"
    "  location TEXT,\n"
    "  lang TEXT,\n"
    "  observed_at INTEGER,\n"
    "  label TEXT,\n"
    "  UNIQUE(platform, native_id)\n"
    ");\n"
    "CREATE INDEX accounts_handle ON accounts(handle COLLATE NOCASE,"
    " platform);\n"
    "CREATE TABLE posts(\n"
    "  id INTEGER PRIMARY KEY,\n"
    "  platform INTEGER NOT NULL REFERENCES platforms(id),\n"
    "  native_id TEXT NOT NULL,\n"
    "  author INTEGER NOT NULL REFERENCES accounts(id),\n"
    "  created_at INTEGER,\n"
    "  text TEXT,\n"
    "  kind INTEGER NOT NULL,\n"
    "  parent_id TEXT,\n"
    "  likes INTEGER,\n"
    "  reposts INTEGER,\n"
    "  replies INTEGER,\n"
    "  quotes INTEGER,\n"
    "  views INTEGER,\n"
    "  hashtags INTEGER,\n"
    "  mentions INTEGER,\n"
    "  urls INTEGER,\n"
    "  source TEXT,\n"
    "  UNIQUE(platform, native_id)\n"
    ");\n"
    "CREATE INDEX posts_author ON posts(author, created_at);\n"
    "CREATE TABLE snapshots(\n"
    "  account INTEGER NOT NULL REFERENCES accounts(id),\n"
    "  observed_at INTEGER NOT NULL,\n"
    "  followers INTEGER,\n"
    "  following INTEGER,\n"
    "  posts INTEGER,\n"
    "  likes INTEGER,\n"
    "  lists INTEGER,\n"
    "  PRIMARY KEY(account, observed_at)\n"
    ") WITHOUT ROWID;\n"
    "CREATE TABLE segments(\n"
    "  id INTEGER PRIMARY KEY,\n"
    "  file TEXT NOT NULL UNIQUE,\n"
    "  edges INTEGER NOT NULL,\n"
    "  crc INTEGER NOT NULL\n"
    ");\n",
    /* v2: small named values kept with the data, such as a collection's
     * cursor, so that they commit in the same transaction as the records. */
    "CREATE TABLE state(\n"
    "  key TEXT PRIMARY KEY,\n"
    "  value TEXT NOT NULL\n"
    ") WITHOUT ROWID;\n",
    /* v3: the labelled set an account's label comes from (evaluation
     * leaves one set out at a time), the platform's self-declared
     * automation flag, and the string fields its source does not have
     * (bf_account.unknown; NULL for rows written before). */
    "ALTER TABLE accounts ADD COLUMN label_set TEXT;\n"
    "ALTER TABLE accounts ADD COLUMN automated INTEGER;\n"
    "ALTER TABLE accounts ADD COLUMN unknown INTEGER;\n",
    /* v4: what account exports add.  arrivals keeps the date each follower
     * began to follow an account, when an export says it (follow edges
     * keep only when they were seen); insights keeps the audience figures
     * a platform computed, one set per observation time. */
    "CREATE TABLE arrivals(\n"
    "  account INTEGER NOT NULL REFERENCES accounts(id),\n"
    "  follower INTEGER NOT NULL REFERENCES accounts(id),\n"
    "  followed_at INTEGER NOT NULL,\n"
    "  PRIMARY KEY(account, follower)\n"
    ") WITHOUT ROWID;\n"
    "CREATE TABLE insights(\n"
    "  account INTEGER NOT NULL REFERENCES accounts(id),\n"
    "  observed_at INTEGER NOT NULL,\n"
    "  kind TEXT NOT NULL,\n"
    "  key TEXT NOT NULL,\n"
    "  value REAL NOT NULL,\n"
    "  PRIMARY KEY(account, observed_at, kind, key)\n"
    ") WITHOUT ROWID;\n",
    /* v5: the account search index (search.c explains its rowid, a sort
     * key by followers, and why it is contentless).  Triggers keep it
     * exact: a row is deleted with the very words and key it was added
     * with, so every change of handle, name or followers re-keys it; an
     * upsert that changes none of them costs nothing.  The last statement
     * indexes the accounts already there.  It starts from nothing, so a
     * store whose version was lowered by hand gets one index, not two. */
    "DROP TRIGGER IF EXISTS accounts_search_ins;\n"
    "DROP TRIGGER IF EXISTS accounts_search_upd;\n"
    "DROP TRIGGER IF EXISTS accounts_search_del;\n"
    "DROP TABLE IF EXISTS accounts_search;\n"
    "CREATE VIRTUAL TABLE accounts_search USING fts5(handle, name, platform,"
    " content='', columnsize=0, prefix='1 2 3 4 5 6 7 8',"
    " tokenize='unicode61 remove_diacritics 2');\n"
    "CREATE TRIGGER accounts_search_ins AFTER INSERT ON accounts"
    " WHEN new.handle IS NOT NULL BEGIN\n"
    "  INSERT INTO accounts_search(rowid, handle, name, platform)"
    " SELECT" NEWKEY ", new.handle, coalesce(new.name, ''), p.name"
    " FROM platforms p WHERE p.id = new.platform;\n"
    "END;\n"
    "CREATE TRIGGER accounts_search_upd AFTER UPDATE OF handle, name,"
    " followers ON accounts WHEN old.handle IS NOT new.handle"
    " OR old.name IS NOT new.name OR old.followers IS NOT new.followers"
    " BEGIN\n"
    "  INSERT INTO accounts_search(accounts_search, rowid, handle, name,"
    " platform) SELECT 'delete'," OLDKEY ", old.handle,"
    " coalesce(old.name, ''), p.name FROM platforms p"
    " WHERE p.id = old.platform AND old.handle IS NOT NULL;\n"
    "  INSERT INTO accounts_search(rowid, handle, name, platform)"
    " SELECT" NEWKEY ", new.handle, coalesce(new.name, ''), p.name"
    " FROM platforms p WHERE p.id = new.platform"
    " AND new.handle IS NOT NULL;\n"
    "END;\n"
    "CREATE TRIGGER accounts_search_del AFTER DELETE ON accounts"
    " WHEN old.handle IS NOT NULL BEGIN\n"
    "  INSERT INTO accounts_search(accounts_search, rowid, handle, name,"
    " platform) SELECT 'delete'," OLDKEY ", old.handle,"
    " coalesce(old.name, ''), p.name FROM platforms p"
    " WHERE p.id = old.platform;\n"
    "END;\n"
    "INSERT INTO accounts_search(rowid, handle, name, platform)"
    " SELECT" SEARCH_KEY(
            "a") ", a.handle, coalesce(a.name, ''), p.name"
                 " FROM accounts a JOIN platforms p ON p.id = a.platform"
                 " WHERE a.handle IS NOT NULL;\n",
    /* v6: what a team keeps while it chooses (team.c): the shortlist of
     * candidates to compare, at most five (the code enforces the bound),
     * and the team's notes on an account.  A note keeps its author's
     * name and text and the SHA-256 of the author's token, never the
     * token itself nor an e-mail address (docs/store.md says why).  IF
     * NOT EXISTS: a store whose version was lowered by hand keeps the
     * team's rows rather than failing to open. */
    "CREATE TABLE IF NOT EXISTS shortlist(\n"
    "  id INTEGER PRIMARY KEY,\n"
    "  account INTEGER NOT NULL UNIQUE REFERENCES accounts(id),\n"
    "  added_at INTEGER NOT NULL\n"
    ");\n"
    "CREATE TABLE IF NOT EXISTS notes(\n"
    "  id INTEGER PRIMARY KEY,\n"
    "  account INTEGER NOT NULL REFERENCES accounts(id),\n"
    "  author TEXT NOT NULL,\n"
    "  body TEXT NOT NULL,\n"
    "  token_hash BLOB NOT NULL,\n"
    "  created_at INTEGER NOT NULL,\n"
    "  updated_at INTEGER NOT NULL\n"
    ");\n"
    "CREATE INDEX IF NOT EXISTS notes_account ON notes(account, id);\n",
    /* v7: statistics kept like a database's own (peers.c).  generation
     * is one counter that every batch raises in its transaction, so
     * figures computed from the store can say which state they describe;
     * peer_runs says at which generation, and how, the engagement peers
     * in peer_rates were sampled (one row per peer of each platform and
     * follower tier, in the order found).  A store migrated here has no
     * run yet: audits sample live until the next ingest or check
     * --repair computes one. */
    "CREATE TABLE IF NOT EXISTS generation(\n"
    "  id INTEGER PRIMARY KEY CHECK (id = 1),\n"
    "  value INTEGER NOT NULL\n"
    ");\n"
    "INSERT OR IGNORE INTO generation(id, value) VALUES (1, 0);\n"
    "CREATE TABLE IF NOT EXISTS peer_runs(\n"
    "  id INTEGER PRIMARY KEY CHECK (id = 1),\n"
    "  generation INTEGER NOT NULL,\n"
    "  params TEXT NOT NULL,\n"
    "  computed_at INTEGER NOT NULL,\n"
    "  groups INTEGER NOT NULL,\n"
    "  peers INTEGER NOT NULL\n"
    ");\n"
    "CREATE TABLE IF NOT EXISTS peer_rates(\n"
    "  platform TEXT NOT NULL,\n"
    "  tier INTEGER NOT NULL,\n"
    "  seq INTEGER NOT NULL,\n"
    "  account INTEGER NOT NULL,\n"
    "  rate REAL NOT NULL,\n"
    "  PRIMARY KEY(platform, tier, seq)\n"
    ") WITHOUT ROWID;\n",
    /* v8: the accounts the web page was asked about (team.c): collected,
     * uploaded or opened by a pasted address, one row per account, the
     * newest the largest id; the code keeps the last BF_CHECKED_MAX.
     * IF NOT EXISTS, as for v6. */
    "CREATE TABLE IF NOT EXISTS checked(\n"
    "  id INTEGER PRIMARY KEY,\n"
    "  account INTEGER NOT NULL UNIQUE REFERENCES accounts(id),\n"
    "  checked_at INTEGER NOT NULL\n"
    ");\n",
    /* v9: posts leave SQLite for post segments (pseg.h), as follows did
     * for segments: post_segments lists the committed files, post_drops
     * the posts deleted when their author became protected (author is a
     * dense id; the drop removes what segments up to upto held).  The
     * rows of the old posts table are moved into a first segment by the
     * store when it opens (store.c, move_posts), which needs a file
     * written, so it is not SQL here; that step drops the table. */
    "CREATE TABLE IF NOT EXISTS post_segments(\n"
    "  id INTEGER PRIMARY KEY,\n"
    "  file TEXT NOT NULL UNIQUE,\n"
    "  rows INTEGER NOT NULL,\n"
    "  crc INTEGER NOT NULL,\n"
    "  bytes INTEGER NOT NULL\n"
    ");\n"
    "CREATE TABLE IF NOT EXISTS post_drops(\n"
    "  author INTEGER NOT NULL,\n"
    "  upto INTEGER NOT NULL,\n"
    "  PRIMARY KEY(author, upto)\n"
    ") WITHOUT ROWID;\n",
    /* v10: the search index is brought up to date once per batch, at
     * its commit (store.c, search_flush), instead of by the triggers of
     * v5 on every upsert.  FTS5 writes what it holds in memory to disk
     * at every statement that opens a savepoint, and every upsert with a
     * trigger does: a batch of 50,000 profiles wrote as many tiny index
     * segments and merged them.  The triggers now note, in
     * search_dirty, each account whose handle, name or followers a batch
     * changes, once, with what the index held for it before the batch
     * (handle NULL: nothing; "once" by NOT EXISTS, since the upsert's
     * own conflict clause would override an OR IGNORE here); the commit
     * deletes those entries and adds the accounts' new ones in two
     * statements, then empties the table, all in the batch's transaction.
     * The index itself is unchanged.
     * Triggers are made anew, as in v5, for a store whose version was
     * lowered by hand. */
    "DROP TRIGGER IF EXISTS accounts_search_ins;\n"
    "DROP TRIGGER IF EXISTS accounts_search_upd;\n"
    "DROP TRIGGER IF EXISTS accounts_search_del;\n"
    "DROP TRIGGER IF EXISTS search_dirty_ins;\n"
    "DROP TRIGGER IF EXISTS search_dirty_upd;\n"
    "DROP TRIGGER IF EXISTS search_dirty_del;\n"
    "CREATE TABLE IF NOT EXISTS search_dirty(\n"
    "  id INTEGER PRIMARY KEY,\n"
    "  key INTEGER,\n"
    "  handle TEXT,\n"
    "  name TEXT,\n"
    "  platform INTEGER\n"
    ");\n"
    "CREATE TRIGGER search_dirty_ins AFTER INSERT ON accounts"
    " WHEN new.handle IS NOT NULL BEGIN\n"
    "  INSERT INTO search_dirty(id) SELECT new.id WHERE NOT EXISTS"
    " (SELECT 1 FROM search_dirty WHERE id = new.id);\n"
    "END;\n"
    "CREATE TRIGGER search_dirty_upd AFTER UPDATE OF handle, name,"
    " followers ON accounts WHEN old.handle IS NOT new.handle"
    " OR old.name IS NOT new.name OR old.followers IS NOT new.followers"
    " BEGIN\n"
    "  INSERT INTO search_dirty(id, key, handle, name, platform)"
    " SELECT old.id," OLDKEY ", old.handle, old.name, old.platform"
    " WHERE NOT EXISTS (SELECT 1 FROM search_dirty WHERE id = old.id);\n"
    "END;\n"
    "CREATE TRIGGER search_dirty_del AFTER DELETE ON accounts"
    " WHEN old.handle IS NOT NULL BEGIN\n"
    "  INSERT INTO search_dirty(id, key, handle, name, platform)"
    " SELECT old.id," OLDKEY ", old.handle, old.name, old.platform"
    " WHERE NOT EXISTS (SELECT 1 FROM search_dirty WHERE id = old.id);\n"
    "END;\n",
    /* v11: the search index gathers up to 32 MiB of terms in memory
     * before it writes them (FTS5's "hashsize", 1 MiB by default, kept
     * in accounts_search_config): a batch of 50,000 new accounts became
     * several index segments, each merged again later.  With it, and the
     * batch's entries added in the index's order (search_flush), a
     * first load of a million accounts took 21.7 s instead of 25.1 s. */
    "INSERT INTO accounts_search(accounts_search, rank)"
    " VALUES('hashsize', 33554432);\n",
    /* v12: post segments are written as version 2, with author fences
     * (docs/graph-format.md, "Post segments").  The tables do not
     * change; the version says that a store may hold such files, so that
     * a bonafide that cannot read them refuses the store as too new
     * rather than calling its segments damaged and offering to repair
     * them. */
    "SELECT 1;\n",
    /* v13: an account known by its name alone is searchable too.  A
     * Facebook Page's export names the Page but gives it no handle
     * (formats-exports.md), so a shop owner typing the Page's name in the
     * web page's search found nothing.  The index takes every account
     * with a handle or a name, its handle column '' when it has none;
     * stubs known by a native id alone still stay out.  The triggers note
     * such accounts too (the update trigger notes every row already),
     * and the accounts already stored with a name and no handle are
     * indexed here, in the index's order. */
    "DROP TRIGGER IF EXISTS search_dirty_ins;\n"
    "DROP TRIGGER IF EXISTS search_dirty_del;\n"
    "CREATE TRIGGER search_dirty_ins AFTER INSERT ON accounts"
    " WHEN new.handle IS NOT NULL OR new.name IS NOT NULL BEGIN\n"
    "  INSERT INTO search_dirty(id) SELECT new.id WHERE NOT EXISTS"
    " (SELECT 1 FROM search_dirty WHERE id = new.id);\n"
    "END;\n"
    "CREATE TRIGGER search_dirty_del AFTER DELETE ON accounts"
    " WHEN old.handle IS NOT NULL OR old.name IS NOT NULL BEGIN\n"
    "  INSERT INTO search_dirty(id, key, handle, name, platform)"
    " SELECT old.id," OLDKEY ", old.handle, old.name, old.platform"
    " WHERE NOT EXISTS (SELECT 1 FROM search_dirty WHERE id = old.id);\n"
    "END;\n"
    "INSERT INTO accounts_search(rowid, handle, name, platform)"
    " SELECT" SEARCH_KEY(
            "a") ", '', a.name, p.name"
                 " FROM accounts a JOIN platforms p ON p.id = a.platform"
                 " WHERE a.handle IS NULL AND a.name IS NOT NULL ORDER BY 1;\n",
    /* v14: the triggers note an account once by the upsert's own clause,
     * ON CONFLICT DO NOTHING on search_dirty's key, where they read the
     * table they write (INSERT ... SELECT ... WHERE NOT EXISTS): SQLite
     * copies such a SELECT into a temporary table first, so every
     * profile stored or changed opened, filled and closed one, with a
     * page cache of its own.  The first row still wins, with what the
     * index held before the batch.  A first load of the 30,000 profiles
     * of a simulated world took 20% less CPU (docs/store.md). */
    "DROP TRIGGER IF EXISTS search_dirty_ins;\n"
    "DROP TRIGGER IF EXISTS search_dirty_upd;\n"
    "DROP TRIGGER IF EXISTS search_dirty_del;\n"
    "CREATE TRIGGER search_dirty_ins AFTER INSERT ON accounts"
    " WHEN new.handle IS NOT NULL OR new.name IS NOT NULL BEGIN\n"
    "  INSERT INTO search_dirty(id) VALUES (new.id)"
    " ON CONFLICT DO NOTHING;\n"
    "END;\n"
    "CREATE TRIGGER search_dirty_upd AFTER UPDATE OF handle, name,"
    " followers ON accounts WHEN old.handle IS NOT new.handle"
    " OR old.name IS NOT new.name OR old.followers IS NOT new.followers"
    " BEGIN\n"
    "  INSERT INTO search_dirty(id, key, handle, name, platform)"
    " VALUES (old.id," OLDKEY ", old.handle, old.name, old.platform)"
    " ON CONFLICT DO NOTHING;\n"
    "END;\n"
    "CREATE TRIGGER search_dirty_del AFTER DELETE ON accounts"
    " WHEN old.handle IS NOT NULL OR old.name IS NOT NULL BEGIN\n"
    "  INSERT INTO search_dirty(id, key, handle, name, platform)"
    " VALUES (old.id," OLDKEY ", old.handle, old.name, old.platform)"
    " ON CONFLICT DO NOTHING;\n"
    "END;\n",
    /* v15: the search index merges its segments once sixteen of a level
     * have gathered, not four (FTS5's "automerge", kept in
     * accounts_search_config; sixteen is its largest, and "crisismerge"
     * merges a level of sixteen at once either way).  Each batch's commit
     * writes one segment of the index; with four, the commits of an
     * ingest into a store that already held accounts spent most of the
     * index's cost merging the segments of earlier batches again: 30,000
     * profiles into a store of 100,000 took 30% fewer instructions with
     * sixteen.  A search reads a few more segments, within the noise of
     * a millisecond (docs/store.md). */
    "INSERT INTO accounts_search(accounts_search, rank)"
    " VALUES('automerge', 16);\n",
    /* v16: a batch's new accounts are no longer noted in search_dirty as
     * they are inserted: the commit adds every account above the last id
     * before the batch straight from the table (store.c, search_flush),
     * and deletes no entry of theirs, since the index had none.  The
     * trigger was a quarter of the cost of inserting a profile. */
    "DROP TRIGGER IF EXISTS search_dirty_ins;\n",
    /* v17: each account row keeps a hash of the last record written to
     * it, its free texts as stored (scrubbed): a record that hashes the
     * same would change nothing, and is not written again (store.c,
     * bf_store_put_account).  NULL until a record is written: stubs,
     * and rows of older versions.  The column is added by new_columns
     * below. */
    "",
    /* v18: the handle index holds accounts that have a handle.  Stubs,
     * the accounts a follow list names (most of a platform-size store),
     * have none, and their entries only cost each insert a place in the
     * index and the store its size.  Every query that reads the index
     * compares the handle, which implies it is not NULL, so it still
     * can.  A store that had the whole index builds this one at its
     * first open, one pass over the accounts. */
    "DROP INDEX accounts_handle;\n"
    "CREATE INDEX accounts_handle ON accounts(handle COLLATE NOCASE,"
    " platform) WHERE handle IS NOT NULL;\n",
};

/*
 * Columns a migration adds, each only where it is missing: SQLite's ADD
 * COLUMN has no IF NOT EXISTS, and a store whose version was lowered by
 * hand (as tests fake an older store) already has them.
 */
static const struct {
    int v;
    const char *table, *column, *type;
} new_columns[] = {
    { 17, "accounts", "rec_hash", "INTEGER" },
};

/* add_columns adds the missing columns of migration v. */
static int add_columns(sqlite3 *db, int v)
{
    char q[160];
    size_t i;
    int rc = SQLITE_OK;

    for (i = 0; rc == SQLITE_OK && i < sizeof new_columns / sizeof *new_columns;
         i++) {
        sqlite3_stmt *s = NULL;
        int has;

        if (new_columns[i].v != v)
            continue;
        rc = sqlite3_prepare_v2(db,
                                "SELECT 1 FROM pragma_table_info(?1)"
                                " WHERE name = ?2",
                                -1, &s, NULL);
        if (rc == SQLITE_OK) {
            sqlite3_bind_text(s, 1, new_columns[i].table, -1, SQLITE_STATIC);
            sqlite3_bind_text(s, 2, new_columns[i].column, -1, SQLITE_STATIC);
            rc = sqlite3_step(s);
        }
        has = rc == SQLITE_ROW;
        if (rc == SQLITE_ROW || rc == SQLITE_DONE)
            rc = SQLITE_OK;
        sqlite3_finalize(s);
        if (rc != SQLITE_OK || has)
            continue;
        /* The names are ours, not input. */
        snprintf(q, sizeof q, "ALTER TABLE %s ADD COLUMN %s %s",
                 new_columns[i].table, new_columns[i].column,
                 new_columns[i].type);
        rc = sqlite3_exec(db, q, NULL, NULL, NULL);
    }
    return rc;
}

#define N_MIGRATIONS ((int)(sizeof migrations / sizeof migrations[0]))

_Static_assert(N_MIGRATIONS == BF_SCHEMA_VERSION,
               "one migration per schema version");

bf_err bf__schema_version(sqlite3 *db, int *out_version)
{
    sqlite3_stmt *s = NULL;
    bf_err err = BF_ESQL;
    int rc;

    rc = sqlite3_prepare_v2(db, "PRAGMA user_version", -1, &s, NULL);
    if (rc == SQLITE_OK)
        rc = sqlite3_step(s);
    if (rc == SQLITE_ROW) {
        *out_version = sqlite3_column_int(s, 0);
        err = BF_OK;
    } else if (rc != SQLITE_OK && rc != SQLITE_DONE) {
        /* Not a database at all is a damaged file, not a SQL error. */
        err = bf__store_sql_err(db, rc);
    }
    sqlite3_finalize(s);
    return err;
}

/* apply runs migration v (producing version v) in one transaction. */
static bf_err apply(sqlite3 *db, int v)
{
    char pragma[48];
    int cur = -1, rc;

    rc = sqlite3_exec(db, "BEGIN IMMEDIATE", NULL, NULL, NULL);
    if (rc != SQLITE_OK)
        return bf__store_sql_err(db, rc);
    /* Another process may have migrated between our read and the lock. */
    if (bf__schema_version(db, &cur) != BF_OK || cur >= v) {
        sqlite3_exec(db, "COMMIT", NULL, NULL, NULL);
        return cur >= v ? BF_OK : BF_ESQL;
    }
    /* user_version cannot be bound, so it is formatted; v is ours. */
    snprintf(pragma, sizeof pragma, "PRAGMA user_version = %d", v);
    if ((rc = sqlite3_exec(db, migrations[v - 1], NULL, NULL, NULL)) !=
                SQLITE_OK ||
        (rc = add_columns(db, v)) != SQLITE_OK ||
        (rc = sqlite3_exec(db, pragma, NULL, NULL, NULL)) != SQLITE_OK ||
        (rc = sqlite3_exec(db, "COMMIT", NULL, NULL, NULL)) != SQLITE_OK) {
        /* The cause first: a full disk is not a database error. */
        bf_err err = bf__store_sql_err(db, rc);

        sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
        return err;
    }
    return BF_OK;
}

bf_err bf__schema_migrate(sqlite3 *db, int *out_from)
{
    bf_err err;
    int v, from;

    err = bf__schema_version(db, &from);
    if (err)
        return err;
    if (from < 0 || from > BF_SCHEMA_VERSION)
        return BF_EINVAL;
    for (v = from + 1; v <= BF_SCHEMA_VERSION; v++) {
        err = apply(db, v);
        if (err)
            return err;
    }
    if (out_from)
        *out_from = from;
    return BF_OK;
}
