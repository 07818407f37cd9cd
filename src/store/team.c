/*
 * team.c - the shortlist and the notes (schema v6) and the accounts
 * checked through the web page (v8), on the store's own SQLite
 * connection.
 *
 * These are a handful of small rows written by people, one at a time,
 * from the web page, so each write is one short transaction of its own,
 * BEGIN IMMEDIATE ... COMMIT, with statements prepared for the call: no
 * batch, no writer lock (that lock orders follow segments, which these
 * rows do not touch) and nothing kept between calls.  SQLite's own lock
 * and busy timeout order them against an ingest that is committing.
 * BEGIN IMMEDIATE takes the write lock before the shortlist is counted,
 * so two requests adding the fifth and sixth candidates at once cannot
 * both see four: the bound is kept by the transaction, not by luck.
 * The checked list is trimmed to its last BF_CHECKED_MAX rows in the
 * transaction that adds one, so it never grows.
 *
 * Notes go through the same checks whoever calls: bf_note_check refuses
 * empty, oversized and control-laden fields, and bf_privacy_scrub turns
 * an e-mail address or a phone number typed into a note into "[email]"
 * or "[phone]", as it does for every other free-text field of the store.
 * A note's owner is proved by a token the store never sees: the caller
 * hands in its SHA-256, and a change is allowed when the stored hash is
 * the same 32 bytes.
 */
#include "store/team.h"

#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/privacy.h"
#include "store/search.h"

/* is_space: the white space trimmed around a field. */
static int is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* trimmed sets *start and *len to s without its outer white space. */
static void trimmed(const char *s, const char **start, size_t *len)
{
    size_t n = strlen(s);

    while (n > 0 && is_space(*s)) {
        s++;
        n--;
    }
    while (n > 0 && is_space(s[n - 1]))
        n--;
    *start = s;
    *len = n;
}

/*
 * utf8_len is the length of the well-formed UTF-8 sequence at s (at most
 * n bytes), or 0 when it is not one: overlong forms, surrogates and code
 * points above U+10FFFF are refused (RFC 3629).
 */
static size_t utf8_len(const unsigned char *s, size_t n)
{
    size_t len, i;
    uint32_t cp;

    if (s[0] < 0x80)
        return 1;
    if (s[0] >= 0xC2 && s[0] <= 0xDF) {
        len = 2;
        cp = s[0] & 0x1F;
    } else if (s[0] >= 0xE0 && s[0] <= 0xEF) {
        len = 3;
        cp = s[0] & 0x0F;
    } else if (s[0] >= 0xF0 && s[0] <= 0xF4) {
        len = 4;
        cp = s[0] & 0x07;
    } else {
        return 0;
    }
    if (n < len)
        return 0;
    for (i = 1; i < len; i++) {
        if ((s[i] & 0xC0) != 0x80)
            return 0;
        cp = cp << 6 | (s[i] & 0x3F);
    }
    if ((len == 3 && (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF))) ||
        (len == 4 && (cp < 0x10000 || cp > 0x10FFFF)))
        return 0;
    /* C1 controls (U+0080..U+009F) are control bytes too. */
    if (cp >= 0x80 && cp <= 0x9F)
        return 0;
    return len;
}

bf_note_problem bf_note_check(const char *s, int is_body)
{
    const unsigned char *p;
    const char *start;
    size_t n, i, step;

    if (!s)
        return BF_NOTE_MISSING;
    trimmed(s, &start, &n);
    if (n == 0)
        return BF_NOTE_MISSING;
    p = (const unsigned char *)start;
    for (i = 0; i < n; i += step) {
        unsigned char c = p[i];

        if (c < 0x20 || c == 0x7F) {
            /* A body may hold lines; a name is one line. */
            if (!(is_body && (c == '\n' || c == '\r' || c == '\t')))
                return BF_NOTE_BAD_BYTES;
        }
        step = utf8_len(p + i, n - i);
        if (step == 0)
            return BF_NOTE_BAD_BYTES;
    }
    if (n > (is_body ? BF_NOTE_BODY_MAX : BF_NOTE_AUTHOR_MAX))
        return BF_NOTE_TOO_LONG;
    return BF_NOTE_OK;
}

/* clean writes s trimmed and scrubbed into out (a C string). */
static bf_err clean(const char *s, bf_buf *out)
{
    const char *start;
    size_t n;
    char *copy;
    int found = 0;
    bf_err err;

    trimmed(s, &start, &n);
    copy = malloc(n + 1);
    if (!copy)
        return BF_ENOMEM;
    memcpy(copy, start, n);
    copy[n] = '\0';
    err = bf_privacy_scrub(copy, out, &found);
    free(copy);
    return err;
}

/* begin opens a write transaction; BF_EINVAL inside a batch. */
static bf_err begin(sqlite3 *db)
{
    int rc;

    if (!sqlite3_get_autocommit(db))
        return BF_EINVAL;
    rc = sqlite3_exec(db, "BEGIN IMMEDIATE", NULL, NULL, NULL);
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

/*
 * one_int runs sql with up to two integer parameters (a1 bound when
 * nparams >= 1, a2 when 2) and sets *out to the first column of its first
 * row; BF_ENOTFOUND when there is no row.
 */
static bf_err one_int(sqlite3 *db, const char *sql, int nparams, int64_t a1,
                      int64_t a2, int64_t *out)
{
    sqlite3_stmt *s = NULL;
    bf_err err = BF_OK;
    int rc = sqlite3_prepare_v2(db, sql, -1, &s, NULL);

    if (rc != SQLITE_OK)
        return bf__store_sql_err(db, rc);
    if (nparams >= 1)
        sqlite3_bind_int64(s, 1, a1);
    if (nparams >= 2)
        sqlite3_bind_int64(s, 2, a2);
    rc = sqlite3_step(s);
    if (rc == SQLITE_ROW)
        *out = sqlite3_column_int64(s, 0);
    else if (rc == SQLITE_DONE)
        err = BF_ENOTFOUND;
    else
        err = bf__store_sql_err(db, rc);
    sqlite3_finalize(s);
    return err;
}

/* exec_ints runs a statement with up to two integer parameters. */
static bf_err exec_ints(sqlite3 *db, const char *sql, int nparams, int64_t a1,
                        int64_t a2)
{
    sqlite3_stmt *s = NULL;
    bf_err err = BF_OK;
    int rc = sqlite3_prepare_v2(db, sql, -1, &s, NULL);

    if (rc != SQLITE_OK)
        return bf__store_sql_err(db, rc);
    if (nparams >= 1)
        sqlite3_bind_int64(s, 1, a1);
    if (nparams >= 2)
        sqlite3_bind_int64(s, 2, a2);
    rc = sqlite3_step(s);
    if (rc != SQLITE_DONE)
        err = bf__store_sql_err(db, rc);
    sqlite3_finalize(s);
    return err;
}

/* ---- the shortlist ---- */

bf_err bf_store_shortlist_add(bf_store *st, uint32_t id, int64_t now)
{
    sqlite3 *db = bf__store_db(st);
    int64_t v = 0;
    bf_err err = begin(db);

    if (err)
        return err;
    /* Dense ids are rowids minus one (store.h). */
    err = one_int(db, "SELECT 1 FROM accounts WHERE id = ?1", 1,
                  (int64_t)id + 1, 0, &v);
    if (!err && one_int(db, "SELECT 1 FROM shortlist WHERE account = ?1", 1,
                        (int64_t)id + 1, 0, &v) == BF_OK)
        return end(db, BF_OK); /* already there */
    if (!err)
        err = one_int(db, "SELECT count(*) FROM shortlist", 0, 0, 0, &v);
    if (!err && v >= BF_SHORTLIST_MAX)
        err = BF_ELIMIT;
    if (!err)
        err = exec_ints(db,
                        "INSERT INTO shortlist(account, added_at)"
                        " VALUES (?1, ?2)",
                        2, (int64_t)id + 1, now);
    return end(db, err);
}

bf_err bf_store_shortlist_remove(bf_store *st, uint32_t id)
{
    sqlite3 *db = bf__store_db(st);
    bf_err err = begin(db);

    if (err)
        return err;
    err = exec_ints(db, "DELETE FROM shortlist WHERE account = ?1", 1,
                    (int64_t)id + 1, 0);
    return end(db, err);
}

/* account_ids reads the account ids sql yields, at most cap of them. */
static bf_err account_ids(sqlite3 *db, const char *sql, uint32_t *ids,
                          size_t cap, size_t *out_n)
{
    sqlite3_stmt *s = NULL;
    size_t n = 0;
    bf_err err = BF_OK;
    int rc = sqlite3_prepare_v2(db, sql, -1, &s, NULL);

    *out_n = 0;
    if (rc != SQLITE_OK)
        return bf__store_sql_err(db, rc);
    while (n < cap && (rc = sqlite3_step(s)) == SQLITE_ROW)
        ids[n++] = (uint32_t)sqlite3_column_int64(s, 0);
    if (n < cap && rc != SQLITE_DONE)
        err = bf__store_sql_err(db, rc);
    sqlite3_finalize(s);
    if (!err)
        *out_n = n;
    return err;
}

bf_err bf_store_shortlist(bf_store *st, uint32_t *ids, size_t cap,
                          size_t *out_n)
{
    return account_ids(bf__store_db(st),
                       "SELECT account - 1 FROM shortlist"
                       " ORDER BY added_at, id",
                       ids, cap, out_n);
}

/* ---- the accounts checked through the web page ---- */

bf_err bf_store_checked_add(bf_store *st, uint32_t id, int64_t now)
{
    sqlite3 *db = bf__store_db(st);
    int64_t v = 0;
    bf_err err = begin(db);

    if (err)
        return err;
    err = one_int(db, "SELECT 1 FROM accounts WHERE id = ?1", 1,
                  (int64_t)id + 1, 0, &v);
    /* A new row rather than an update: its id is the list's order. */
    if (!err)
        err = exec_ints(db, "DELETE FROM checked WHERE account = ?1", 1,
                        (int64_t)id + 1, 0);
    if (!err)
        err = exec_ints(db,
                        "INSERT INTO checked(account, checked_at)"
                        " VALUES (?1, ?2)",
                        2, (int64_t)id + 1, now);
    if (!err)
        err = exec_ints(db,
                        "DELETE FROM checked WHERE id NOT IN (SELECT id"
                        " FROM checked ORDER BY id DESC LIMIT ?1)",
                        1, BF_CHECKED_MAX, 0);
    return end(db, err);
}

bf_err bf_store_checked(bf_store *st, uint32_t *ids, size_t cap, size_t *out_n)
{
    return account_ids(bf__store_db(st),
                       "SELECT account - 1 FROM checked ORDER BY id DESC", ids,
                       cap, out_n);
}

/* ---- notes ---- */

/* check_fields: both fields pass bf_note_check. */
static bf_err check_fields(const char *author, const char *body)
{
    return bf_note_check(author, 0) == BF_NOTE_OK &&
                           bf_note_check(body, 1) == BF_NOTE_OK
                   ? BF_OK
                   : BF_EINVAL;
}

/*
 * write_note inserts (note < 0) or updates note with the cleaned fields;
 * account and hash are used by an insert only.
 */
static bf_err write_note(sqlite3 *db, int64_t note, uint32_t account,
                         const char *author, const char *body,
                         const uint8_t *hash, int64_t now, int64_t *out_id)
{
    static const char ins[] =
            "INSERT INTO notes(account, author, body, token_hash,"
            " created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?5)";
    static const char upd[] = "UPDATE notes SET author = ?2, body = ?3,"
                              " updated_at = ?5 WHERE id = ?1";
    sqlite3_stmt *s = NULL;
    bf_buf a, b;
    bf_err err;
    int rc;

    bf_buf_init(&a, 4 * BF_NOTE_AUTHOR_MAX);
    bf_buf_init(&b, 4 * BF_NOTE_BODY_MAX);
    err = clean(author, &a);
    if (!err)
        err = clean(body, &b);
    if (err)
        goto out;
    rc = sqlite3_prepare_v2(db, note < 0 ? ins : upd, -1, &s, NULL);
    if (rc != SQLITE_OK) {
        err = bf__store_sql_err(db, rc);
        goto out;
    }
    sqlite3_bind_int64(s, 1, note < 0 ? (int64_t)account + 1 : note);
    sqlite3_bind_text(s, 2, a.data, (int)a.len, SQLITE_STATIC);
    sqlite3_bind_text(s, 3, b.data, (int)b.len, SQLITE_STATIC);
    if (note < 0)
        sqlite3_bind_blob(s, 4, hash, BF_NOTE_HASH, SQLITE_STATIC);
    sqlite3_bind_int64(s, 5, now);
    rc = sqlite3_step(s);
    if (rc != SQLITE_DONE)
        err = bf__store_sql_err(db, rc);
    else if (out_id)
        *out_id = sqlite3_last_insert_rowid(db);
out:
    sqlite3_finalize(s);
    bf_buf_release(&a);
    bf_buf_release(&b);
    return err;
}

bf_err bf_store_note_add(bf_store *st, uint32_t id, const char *author,
                         const char *body, const uint8_t *hash, int64_t now,
                         int64_t *out_id)
{
    sqlite3 *db = bf__store_db(st);
    int64_t v = 0;
    bf_err err = check_fields(author, body);

    if (!err)
        err = begin(db);
    if (err)
        return err;
    err = one_int(db, "SELECT 1 FROM accounts WHERE id = ?1", 1,
                  (int64_t)id + 1, 0, &v);
    if (!err)
        err = one_int(db, "SELECT count(*) FROM notes WHERE account = ?1", 1,
                      (int64_t)id + 1, 0, &v);
    if (!err && v >= BF_NOTES_PER_ACCOUNT)
        err = BF_ELIMIT;
    if (!err)
        err = write_note(db, -1, id, author, body, hash, now, out_id);
    return end(db, err);
}

/*
 * owned checks, inside the transaction, that note exists (BF_ENOTFOUND)
 * and that hash is its author's (BF_EACCES).
 */
static bf_err owned(sqlite3 *db, int64_t note, const uint8_t *hash)
{
    sqlite3_stmt *s = NULL;
    bf_err err = BF_OK;
    int rc = sqlite3_prepare_v2(
            db, "SELECT token_hash FROM notes WHERE id = ?1", -1, &s, NULL);

    if (rc != SQLITE_OK)
        return bf__store_sql_err(db, rc);
    sqlite3_bind_int64(s, 1, note);
    rc = sqlite3_step(s);
    if (rc == SQLITE_DONE) {
        err = BF_ENOTFOUND;
    } else if (rc != SQLITE_ROW) {
        err = bf__store_sql_err(db, rc);
    } else if (!hash || sqlite3_column_bytes(s, 0) != BF_NOTE_HASH ||
               memcmp(sqlite3_column_blob(s, 0), hash, BF_NOTE_HASH) != 0) {
        err = BF_EACCES;
    }
    sqlite3_finalize(s);
    return err;
}

bf_err bf_store_note_update(bf_store *st, int64_t note, const char *author,
                            const char *body, const uint8_t *hash, int64_t now)
{
    sqlite3 *db = bf__store_db(st);
    bf_err err = check_fields(author, body);

    if (!err)
        err = begin(db);
    if (err)
        return err;
    err = owned(db, note, hash);
    if (!err)
        err = write_note(db, note, 0, author, body, NULL, now, NULL);
    return end(db, err);
}

bf_err bf_store_note_delete(bf_store *st, int64_t note, const uint8_t *hash)
{
    sqlite3 *db = bf__store_db(st);
    bf_err err = begin(db);

    if (err)
        return err;
    err = owned(db, note, hash);
    if (!err)
        err = exec_ints(db, "DELETE FROM notes WHERE id = ?1", 1, note, 0);
    return end(db, err);
}

/* row_note copies the current row of a notes query into n. */
static bf_err row_note(sqlite3_stmt *s, bf_note *n)
{
    const unsigned char *a = sqlite3_column_text(s, 2);
    const unsigned char *b = sqlite3_column_text(s, 3);
    const void *h = sqlite3_column_blob(s, 4);

    memset(n, 0, sizeof *n);
    n->id = sqlite3_column_int64(s, 0);
    n->account = (uint32_t)(sqlite3_column_int64(s, 1) - 1);
    n->created_at = sqlite3_column_int64(s, 5);
    n->updated_at = sqlite3_column_int64(s, 6);
    if (h && sqlite3_column_bytes(s, 4) == BF_NOTE_HASH)
        memcpy(n->token_hash, h, BF_NOTE_HASH);
    n->author = strdup(a ? (const char *)a : "");
    n->body = strdup(b ? (const char *)b : "");
    if (!n->author || !n->body) {
        bf_note_release(n);
        return BF_ENOMEM;
    }
    return BF_OK;
}

#define NOTE_COLS                                               \
    "SELECT id, account, author, body, token_hash, created_at," \
    " updated_at FROM notes "

bf_err bf_store_notes(bf_store *st, uint32_t id, bf_note **out, size_t *out_n)
{
    sqlite3 *db = bf__store_db(st);
    sqlite3_stmt *s = NULL;
    bf_note *v = NULL;
    size_t n = 0, cap = 0;
    bf_err err = BF_OK;
    int rc = sqlite3_prepare_v2(db, NOTE_COLS "WHERE account = ?1 ORDER BY id",
                                -1, &s, NULL);

    *out = NULL;
    *out_n = 0;
    if (rc != SQLITE_OK)
        return bf__store_sql_err(db, rc);
    sqlite3_bind_int64(s, 1, (int64_t)id + 1);
    while (!err && (rc = sqlite3_step(s)) == SQLITE_ROW) {
        if (n == cap) {
            size_t ncap = cap ? 2 * cap : 8;
            bf_note *nv = realloc(v, ncap * sizeof *nv);

            if (!nv) {
                err = BF_ENOMEM;
                break;
            }
            v = nv;
            cap = ncap;
        }
        err = row_note(s, &v[n]);
        if (!err)
            n++;
    }
    if (!err && rc != SQLITE_DONE)
        err = bf__store_sql_err(db, rc);
    sqlite3_finalize(s);
    if (err) {
        bf_notes_free(v, n);
        return err;
    }
    *out = v;
    *out_n = n;
    return BF_OK;
}

bf_err bf_store_note_get(bf_store *st, int64_t note, bf_note *out)
{
    sqlite3 *db = bf__store_db(st);
    sqlite3_stmt *s = NULL;
    bf_err err;
    int rc = sqlite3_prepare_v2(db, NOTE_COLS "WHERE id = ?1", -1, &s, NULL);

    memset(out, 0, sizeof *out);
    if (rc != SQLITE_OK)
        return bf__store_sql_err(db, rc);
    sqlite3_bind_int64(s, 1, note);
    rc = sqlite3_step(s);
    if (rc == SQLITE_ROW)
        err = row_note(s, out);
    else if (rc == SQLITE_DONE)
        err = BF_ENOTFOUND;
    else
        err = bf__store_sql_err(db, rc);
    sqlite3_finalize(s);
    return err;
}

void bf_note_release(bf_note *n)
{
    if (!n)
        return;
    free(n->author);
    free(n->body);
    n->author = n->body = NULL;
}

void bf_notes_free(bf_note *notes, size_t n)
{
    size_t i;

    for (i = 0; notes && i < n; i++)
        bf_note_release(&notes[i]);
    free(notes);
}
