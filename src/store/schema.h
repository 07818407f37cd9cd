/*
 * schema.h - the SQLite schema of the store and its forward migrations.
 *
 * The schema version is PRAGMA user_version.  Version 0 is an empty
 * database; migration k takes version k - 1 to version k.  Each migration
 * runs in its own transaction together with the user_version update, so a
 * crash leaves the database at one version or the next, never between.
 * A database newer than this code (user_version > BF_SCHEMA_VERSION) is
 * refused rather than touched.
 *
 * The tables (docs/store.md describes every column):
 *   platforms(id, name)            names are [a-z0-9-]+, 1..63 bytes
 *   accounts(id, platform, native_id, ...)   id - 1 is the dense id;
 *                                  rec_hash (v17) the last record's hash;
 *                                  indexed by handle where there is one
 *                                  (v18: not the stubs)
 *   posts(id, platform, native_id, author, ...)
 *   snapshots(account, observed_at, counters...)  WITHOUT ROWID
 *   segments(id, file, edges, crc)  committed follow segments
 *   state(key, value)              named values, e.g. collection cursors
 *   shortlist, notes (v6)          a team's choice (team.h)
 *   generation, peer_runs, peer_rates (v7)  statistics (peers.h)
 *   checked(id, account, checked_at) (v8)   the web page's recent accounts
 *   post_segments, post_drops (v9)         committed post segments
 *   search_dirty(id, key, handle, name, platform) (v10)  accounts whose
 *                                  search entry the open batch changed
 *                                  (since v16, not those it inserted)
 *
 *     int from;
 *     err = bf__schema_migrate(db, &from);
 *     if (!err && from < BF_SCHEMA_VERSION) ... the store was upgraded
 */
#ifndef BF_STORE_SCHEMA_H
#define BF_STORE_SCHEMA_H

#include <sqlite3.h>

#include "store/store.h"

/*
 * The search index's sort key of account row r (search.c): followers
 * (unknown is -1) plus one, capped to 31 bits, above the inverted rowid.
 * r is the row's SQL name ("new", "old", "a").
 */
#define BF__SEARCH_KEY(r)                                           \
    " (min(max(coalesce(" r ".followers, -1), -1) + 1, 2147483647)" \
    " << 32 | (4294967295 - " r ".id))"

/*
 * bf__schema_migrate brings db to BF_SCHEMA_VERSION; *out_from (may be NULL)
 * gets the version found.  BF_EINVAL when the database is newer than this
 * code; when SQLite fails, its cause (bf__store_sql_err: BF_ENOSPC for a
 * full disk, else BF_ESQL...) and the failed step is rolled back.
 */
bf_err bf__schema_migrate(sqlite3 *db, int *out_from);

/* bf__schema_version reads PRAGMA user_version into *out_version. */
bf_err bf__schema_version(sqlite3 *db, int *out_version);

#endif
