/*
 * peers.c - the data generation and the stored peer statistics (schema
 * v7), on the store's own SQLite connection.
 *
 * The generation is the single row of table generation.  bf_store_commit
 * raises it as the last statement of every batch, inside the batch's
 * transaction, so a reader sees the new rows and the new generation
 * together or neither; check --repair raises it when it drops a lost
 * segment (check.c), carrying a fresh peer run along, as peers read no
 * follow.  Writes that are not batches (the team's notes and
 * shortlist, the peer statistics themselves) do not raise it: they
 * change nothing a statistic or a report is computed from.
 *
 * The statistics are two tables: peer_runs, one row saying at which
 * generation and with which parameters the saved run was computed, and
 * peer_rates, the peers of each (platform, tier) in the order found
 * (seq).  A save is one transaction taken under the writer lock, so it
 * is ordered against every batch: it first reads the generation again,
 * and writes nothing when a batch committed after the run began, whose
 * own writer will compute the statistics of the newer store.  A read is
 * one statement joining the run to the generation, so a reader never
 * mixes one run's freshness with another's rows; it takes no lock and
 * writes nothing.  Statements are prepared for each call, as in team.c:
 * an audit reads one group, a save runs once per ingest.
 */
#include "store/peers.h"

#include <sqlite3.h>
#include <string.h>

#include "base/time.h"

/* begin opens a write transaction on db. */
static bf_err begin(sqlite3 *db)
{
    int rc = sqlite3_exec(db, "BEGIN IMMEDIATE", NULL, NULL, NULL);

    return rc == SQLITE_OK ? BF_OK : bf__store_sql_err(db, rc);
}

/* end commits when err is BF_OK, else rolls back; returns the outcome. */
static bf_err end(sqlite3 *db, bf_err err)
{
    int rc;

    if (!err) {
        rc = sqlite3_exec(db, "COMMIT", NULL, NULL, NULL);
        if (rc == SQLITE_OK)
            return BF_OK;
        err = bf__store_sql_err(db, rc);
    }
    sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
    return err;
}

/* one_int sets *out to the first column of sql's first row (0 if none). */
static bf_err one_int(sqlite3 *db, const char *sql, int64_t *out)
{
    sqlite3_stmt *s = NULL;
    bf_err err = BF_OK;
    int rc = sqlite3_prepare_v2(db, sql, -1, &s, NULL);

    if (rc != SQLITE_OK)
        return bf__store_sql_err(db, rc);
    rc = sqlite3_step(s);
    *out = 0;
    if (rc == SQLITE_ROW)
        *out = sqlite3_column_int64(s, 0);
    else if (rc != SQLITE_DONE)
        err = bf__store_sql_err(db, rc);
    sqlite3_finalize(s);
    return err;
}

bf_err bf_store_generation(bf_store *st, uint64_t *out_gen)
{
    int64_t v = 0;
    bf_err err = one_int(bf__store_db(st),
                         "SELECT value FROM generation WHERE id = 1", &v);

    if (!err)
        *out_gen = (uint64_t)v;
    return err;
}

bf_err bf__generation_bump(bf_store *st)
{
    sqlite3 *db = bf__store_db(st);
    int rc = sqlite3_exec(db,
                          "UPDATE generation SET value = value + 1"
                          " WHERE id = 1",
                          NULL, NULL, NULL);

    return rc == SQLITE_OK ? BF_OK : bf__store_sql_err(db, rc);
}

bf_err bf__generation_bump_follows(bf_store *st)
{
    sqlite3 *db = bf__store_db(st);
    int rc = sqlite3_exec(db,
                          "UPDATE peer_runs SET generation = generation + 1"
                          " WHERE id = 1 AND generation ="
                          " (SELECT value FROM generation WHERE id = 1)",
                          NULL, NULL, NULL);

    if (rc != SQLITE_OK)
        return bf__store_sql_err(db, rc);
    return bf__generation_bump(st);
}

/*
 * save_begin takes the writer lock and a write transaction for a save of
 * the statistics, and reads the store's generation into *out_gen.
 * BF_EINVAL inside a batch, whose lock and transaction they would be.
 * On success the caller ends the transaction (end) and unlocks.
 */
static bf_err save_begin(bf_store *st, const char *params, uint64_t *out_gen)
{
    sqlite3 *db = bf__store_db(st);
    int64_t cur = 0;
    int got = 0;
    bf_err err;

    if (!sqlite3_get_autocommit(db) || !params)
        return BF_EINVAL;
    err = bf__store_lock(st, 1, &got);
    if (err)
        return err;
    err = begin(db);
    if (!err) {
        err = one_int(db, "SELECT value FROM generation WHERE id = 1", &cur);
        if (err)
            end(db, err);
    }
    if (err) {
        bf__store_unlock(st);
        return err;
    }
    *out_gen = (uint64_t)cur;
    return BF_OK;
}

/* put_rows inserts the groups' peers into the emptied peer_rates. */
static bf_err put_rows(sqlite3 *db, const bf_peer_group *groups, size_t ngroups,
                       uint64_t *out_peers)
{
    sqlite3_stmt *s = NULL;
    bf_err err = BF_OK;
    size_t g, i;
    int rc = sqlite3_prepare_v2(db,
                                "INSERT INTO peer_rates(platform, tier, seq,"
                                " account, rate) VALUES (?1, ?2, ?3, ?4, ?5)",
                                -1, &s, NULL);

    *out_peers = 0;
    if (rc != SQLITE_OK)
        return bf__store_sql_err(db, rc);
    for (g = 0; !err && g < ngroups; g++)
        for (i = 0; !err && i < groups[g].n; i++) {
            sqlite3_bind_text(s, 1, groups[g].platform, -1, SQLITE_STATIC);
            sqlite3_bind_int(s, 2, groups[g].tier);
            sqlite3_bind_int64(s, 3, (int64_t)i);
            sqlite3_bind_int64(s, 4, groups[g].rates[i].account);
            sqlite3_bind_double(s, 5, groups[g].rates[i].rate);
            rc = sqlite3_step(s);
            if (rc != SQLITE_DONE)
                err = bf__store_sql_err(db, rc);
            sqlite3_reset(s);
            (*out_peers)++;
        }
    sqlite3_finalize(s);
    return err;
}

bf_err bf_store_peers_save(bf_store *st, uint64_t gen, const char *params,
                           const bf_peer_group *groups, size_t ngroups,
                           int *out_saved)
{
    sqlite3 *db = bf__store_db(st);
    sqlite3_stmt *s = NULL;
    uint64_t peers = 0, cur = 0;
    bf_err err;
    int rc;

    *out_saved = 0;
    err = save_begin(st, params, &cur);
    if (err)
        return err;
    if (cur != gen) {
        /* A batch committed meanwhile: these figures are already old. */
        err = end(db, BF_OK);
        goto out;
    }
    if (sqlite3_exec(db, "DELETE FROM peer_rates", NULL, NULL, NULL) !=
        SQLITE_OK)
        err = bf__store_sql_err(db, sqlite3_errcode(db));
    if (!err)
        err = put_rows(db, groups, ngroups, &peers);
    if (!err) {
        rc = sqlite3_prepare_v2(
                db,
                "INSERT OR REPLACE INTO peer_runs(id, generation, params,"
                " computed_at, groups, peers) VALUES (1, ?1, ?2, ?3, ?4, ?5)",
                -1, &s, NULL);
        if (rc == SQLITE_OK) {
            sqlite3_bind_int64(s, 1, (int64_t)gen);
            sqlite3_bind_text(s, 2, params, -1, SQLITE_STATIC);
            sqlite3_bind_int64(s, 3, bf_time_now());
            sqlite3_bind_int64(s, 4, (int64_t)ngroups);
            sqlite3_bind_int64(s, 5, (int64_t)peers);
            rc = sqlite3_step(s);
        }
        if (rc != SQLITE_DONE)
            err = bf__store_sql_err(db, rc);
        sqlite3_finalize(s);
    }
    err = end(db, err);
    if (!err)
        *out_saved = 1;
out:
    bf__store_unlock(st);
    return err;
}

bf_err bf_store_peers_carry(bf_store *st, uint64_t from, uint64_t to,
                            const char *params, int *out_saved)
{
    sqlite3 *db = bf__store_db(st);
    sqlite3_stmt *s = NULL;
    uint64_t cur = 0;
    bf_err err;
    int rc;

    *out_saved = 0;
    err = save_begin(st, params, &cur);
    if (err)
        return err;
    if (cur == to) {
        rc = sqlite3_prepare_v2(db,
                                "UPDATE peer_runs SET generation = ?1"
                                " WHERE id = 1 AND generation = ?2"
                                " AND params = ?3",
                                -1, &s, NULL);
        if (rc == SQLITE_OK) {
            sqlite3_bind_int64(s, 1, (int64_t)to);
            sqlite3_bind_int64(s, 2, (int64_t)from);
            sqlite3_bind_text(s, 3, params, -1, SQLITE_STATIC);
            rc = sqlite3_step(s);
        }
        if (rc != SQLITE_DONE)
            err = bf__store_sql_err(db, rc);
        else
            *out_saved = sqlite3_changes(db) == 1;
        sqlite3_finalize(s);
    }
    err = end(db, err);
    if (err)
        *out_saved = 0;
    bf__store_unlock(st);
    return err;
}

bf_err bf_store_peers_read(bf_store *st, const char *params,
                           const char *platform, int tier, bf_peer_rate *out,
                           size_t cap, size_t *out_n)
{
    sqlite3 *db = bf__store_db(st);
    sqlite3_stmt *s = NULL;
    size_t n = 0;
    bf_err err = BF_ENOTFOUND;
    /*
     * No row: no fresh run.  One row whose account is NULL: a fresh run
     * that met no peer of this group.  Else the peers, in order.
     */
    int rc = sqlite3_prepare_v2(
            db,
            "SELECT p.account, p.rate FROM peer_runs r"
            " JOIN generation g ON g.id = 1 AND g.value = r.generation"
            " LEFT JOIN peer_rates p ON p.platform = ?1 AND p.tier = ?2"
            " WHERE r.id = 1 AND r.params = ?3 ORDER BY p.seq LIMIT ?4",
            -1, &s, NULL);

    *out_n = 0;
    if (rc != SQLITE_OK)
        return bf__store_sql_err(db, rc);
    sqlite3_bind_text(s, 1, platform ? platform : "", -1, SQLITE_STATIC);
    sqlite3_bind_int(s, 2, tier);
    sqlite3_bind_text(s, 3, params ? params : "", -1, SQLITE_STATIC);
    sqlite3_bind_int64(s, 4, cap ? (int64_t)cap : 1);
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        err = BF_OK;
        if (sqlite3_column_type(s, 0) == SQLITE_NULL || n >= cap)
            continue;
        out[n].account = (uint32_t)sqlite3_column_int64(s, 0);
        out[n].rate = sqlite3_column_double(s, 1);
        n++;
    }
    if (rc != SQLITE_DONE)
        err = bf__store_sql_err(db, rc);
    sqlite3_finalize(s);
    if (!err)
        *out_n = n;
    return err;
}

bf_err bf_store_peers_info(bf_store *st, const char *params, bf_peers_info *out)
{
    sqlite3 *db = bf__store_db(st);
    sqlite3_stmt *s = NULL;
    bf_err err;
    int rc;

    memset(out, 0, sizeof *out);
    err = bf_store_generation(st, &out->current);
    if (err)
        return err;
    rc = sqlite3_prepare_v2(db,
                            "SELECT generation, params, computed_at, groups,"
                            " peers FROM peer_runs WHERE id = 1",
                            -1, &s, NULL);
    if (rc != SQLITE_OK)
        return bf__store_sql_err(db, rc);
    rc = sqlite3_step(s);
    if (rc == SQLITE_ROW) {
        const char *p = (const char *)sqlite3_column_text(s, 1);

        out->saved = 1;
        out->generation = (uint64_t)sqlite3_column_int64(s, 0);
        out->computed_at = sqlite3_column_int64(s, 2);
        out->groups = (uint64_t)sqlite3_column_int64(s, 3);
        out->peers = (uint64_t)sqlite3_column_int64(s, 4);
        out->same_params = p && params && strcmp(p, params) == 0;
        out->fresh = out->generation == out->current && out->same_params;
    } else if (rc != SQLITE_DONE) {
        err = bf__store_sql_err(db, rc);
    }
    sqlite3_finalize(s);
    return err;
}
