/*
 * search.c - account search on the store's full-text index.
 *
 * The index is an FTS5 table, accounts_search, kept up to date at each
 * batch's commit from what triggers on accounts noted (schema v5, v10 and
 * v13 in schema.c, store.c's search_flush): one row per account with a
 * handle or a name (a Facebook Page has only its name; the handle column
 * is then ''), holding its handle, display name and platform name as
 * words, with
 * prefix indexes for prefixes of one to eight characters.  It is
 * contentless: the words are indexed but not stored again, so it costs
 * the index alone.
 *
 * The trick is the rowid.  It is not the account's id but a sort key,
 *
 *     key = min(followers + 1, 2^31 - 1) << 32  |  (2^32 - 1 - rowid)
 *
 * (followers unknown counts as -1), so that FTS5, which walks a word's
 * entries in rowid order, yields the most followed accounts first, ties
 * by ascending id, and "ORDER BY rowid DESC LIMIT n" stops after n
 * matches.  A row is re-keyed whenever its followers change.  A
 * search therefore reads about n index entries however many accounts
 * match, instead of reading every match to sort it: a one-letter query on
 * a million accounts costs what a rare name costs.  The account's own id
 * is the low 32 bits, inverted.  The prefix indexes matter as much: a
 * prefix without one makes FTS5 merge the entries of every word it
 * starts before the first row comes out ("mart" on a million simulated
 * accounts: 20 ms instead of 1 ms; "nicolas", 9 ms), so they go up to
 * eight characters, past most first names; longer prefixes start few
 * words.  The index is not free for writers: ingesting 200,000 accounts
 * from a CSV took 9.2 s of CPU instead of 2.3 s, and the store grew from
 * 47 to 76 MB; with the index written once per batch (schema 10), 7.2 s
 * against 2.3 s.  Entries go in in key order (store.c, search_flush):
 * FTS5 writes its pending terms out whenever a rowid is not above the
 * last one, so entries at random wrote a segment for nearly each.
 *
 * The user's text becomes one FTS5 phrase whose last word is a prefix,
 * limited to the handle and name columns, so "claire_mar" finds the words
 * "claire" then "mar..." in order; double quotes are dropped from it, so
 * no text can change the query's syntax.  A bare word also matches the
 * platform column, so "sim" lists the platform.  Then each hit's row is
 * read by id, n primary-key lookups.  A platform restriction is checked
 * on those rows first, and asked of the index only when that finds too
 * few (bf_store_search says why).
 */
#include "store/search.h"

#include <sqlite3.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "base/buf.h"

/* Matches in rank order, decoded to rowids of accounts. */
static const char match_sql[] =
        "SELECT 4294967295 - (rowid & 4294967295) FROM accounts_search"
        " WHERE accounts_search MATCH ?1 ORDER BY rowid DESC LIMIT ?2";

static const char row_sql[] =
        "SELECT p.name, a.handle, COALESCE(a.name, ''),"
        " COALESCE(a.followers, -1), a.native_id"
        " FROM accounts a JOIN platforms p ON p.id = a.platform"
        " WHERE a.id = ?1";

/*
 * has_word: s holds a character the tokenizer keeps (an ASCII letter or
 * digit, or any non-ASCII byte).  A phrase without one matches nothing,
 * so it is not asked at all.
 */
static int has_word(const char *s)
{
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;

        if (c >= 0x80 || (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
            (c >= 'A' && c <= 'Z'))
            return 1;
    }
    return 0;
}

/* quoted appends s as an FTS5 string: its double quotes become spaces. */
static bf_err quoted(bf_buf *b, const char *s)
{
    bf_err err = bf_buf_putc(b, '"');

    for (; !err && *s; s++)
        err = bf_buf_putc(b, *s == '"' ? ' ' : *s);
    if (!err)
        err = bf_buf_putc(b, '"');
    return err;
}

/*
 * build_match writes the FTS5 expression for platform (may be "") and
 * text; *out_empty is set when it could match nothing.  With filter set
 * the platform is left out of it: the caller checks each row's platform
 * instead (see bf_store_search).
 */
static bf_err build_match(bf_buf *m, const char *platform, const char *text,
                          int filter, int *out_empty)
{
    int word = has_word(text);
    bf_err err = BF_OK;

    *out_empty = 0;
    if (platform[0] && !has_word(platform)) {
        *out_empty = 1;
        return BF_OK;
    }
    if (platform[0] && (!filter || !word)) {
        /* Within one platform: its name, and the phrase if any. */
        err = bf_buf_puts(m, "platform : ");
        if (!err)
            err = quoted(m, platform);
        if (!err && word)
            err = bf_buf_puts(m, " AND {handle name} : ");
        if (!err && word)
            err = quoted(m, text);
        if (!err && word)
            err = bf_buf_putc(m, '*');
        return err;
    }
    if (!word) {
        *out_empty = 1;
        return BF_OK;
    }
    err = bf_buf_puts(m, "({handle name} : ");
    if (!err)
        err = quoted(m, text);
    if (!err)
        err = bf_buf_putc(m, '*');
    if (!err && !platform[0]) {
        err = bf_buf_puts(m, ") OR (platform : ");
        if (!err)
            err = quoted(m, text);
    }
    if (!err)
        err = bf_buf_putc(m, ')');
    return err;
}

static void copy_col(sqlite3_stmt *s, int col, char *dst, size_t cap)
{
    const unsigned char *t = sqlite3_column_text(s, col);

    snprintf(dst, cap, "%s", t ? (const char *)t : "");
}

int bf_store_hit_spec(const bf_store_hit *h, char *out, size_t cap)
{
    if (h->handle[0])
        return snprintf(out, cap, "%s:%s", h->platform, h->handle);
    return snprintf(out, cap, "%s:#%s", h->platform, h->native_id);
}

/*
 * prepare makes the two statements of a search: match_sql over the match
 * expression m, at most limit entries, into *ms, and row_sql into *rs.
 * On an error the caller still finalizes both (NULL is harmless).
 */
static bf_err prepare(sqlite3 *db, const bf_buf *m, size_t limit,
                      sqlite3_stmt **ms, sqlite3_stmt **rs)
{
    if (sqlite3_prepare_v2(db, match_sql, -1, ms, NULL) != SQLITE_OK ||
        sqlite3_prepare_v2(db, row_sql, -1, rs, NULL) != SQLITE_OK)
        return BF_ESQL;
    sqlite3_bind_text(*ms, 1, m->data, (int)m->len, SQLITE_STATIC);
    sqlite3_bind_int64(*ms, 2, (sqlite3_int64)limit);
    return BF_OK;
}

/* take_row fills hit from match_sql's row ms and row_sql's row rs. */
static void take_row(bf_store_hit *hit, sqlite3_stmt *ms, sqlite3_stmt *rs)
{
    hit->id = (uint32_t)(sqlite3_column_int64(ms, 0) - 1);
    copy_col(rs, 0, hit->platform, sizeof hit->platform);
    copy_col(rs, 1, hit->handle, sizeof hit->handle);
    copy_col(rs, 2, hit->name, sizeof hit->name);
    hit->followers = sqlite3_column_int64(rs, 3);
    copy_col(rs, 4, hit->native_id, sizeof hit->native_id);
}

/*
 * run fills hits from the match expression m, in rank order, keeping only
 * rows of platform when it is not NULL and reading at most limit matches;
 * *out_seen gets how many matches were read.
 */
static bf_err run(sqlite3 *db, const bf_buf *m, const char *platform,
                  size_t limit, bf_store_hit *hits, size_t cap, size_t *out_n,
                  size_t *out_seen)
{
    sqlite3_stmt *ms = NULL, *rs = NULL;
    size_t n = 0, seen = 0;
    int rc = SQLITE_DONE;
    bf_err err = BF_OK;

    err = prepare(db, m, limit, &ms, &rs);
    if (err)
        goto out;
    while (n < cap && (rc = sqlite3_step(ms)) == SQLITE_ROW) {
        bf_store_hit *hit = &hits[n];

        seen++;
        sqlite3_bind_int64(rs, 1, sqlite3_column_int64(ms, 0));
        if (sqlite3_step(rs) == SQLITE_ROW &&
            (!platform ||
             strcmp((const char *)sqlite3_column_text(rs, 0), platform) == 0)) {
            take_row(hit, ms, rs);
            n++;
        }
        sqlite3_reset(rs);
    }
    if (n < cap && rc != SQLITE_DONE)
        err = BF_ESQL;
out:
    sqlite3_finalize(ms);
    sqlite3_finalize(rs);
    *out_n = n;
    *out_seen = seen;
    return err;
}

/*
 * split reads q into its platform (cap 64, "" for none) and the text
 * after it, without the leading spaces and '@'.
 */
static const char *split(const char *q, char *platform)
{
    const char *text = q, *colon;

    platform[0] = '\0';
    while (*text == ' ')
        text++;
    if (*text == '@')
        text++;
    /* "platform:rest" names the platform; a longer head is text. */
    colon = strchr(text, ':');
    if (colon && (size_t)(colon - text) < 64) {
        memcpy(platform, text, (size_t)(colon - text));
        platform[colon - text] = '\0';
        text = colon + 1;
        if (*text == '@')
            text++;
        /* The short names, as the store keeps them (x is twitter); the
         * canonical names fit the buffer. */
        if (bf_platform_canonical(platform) != platform)
            strcpy(platform, bf_platform_canonical(platform));
    }
    return text;
}

bf_err bf_store_search(bf_store *st, const char *q, bf_store_hit *hits,
                       size_t cap, size_t *out_n)
{
    sqlite3 *db = bf__store_db(st);
    char platform[64];
    const char *text;
    bf_buf match;
    size_t n = 0, seen = 0, limit;
    int empty = 0;
    bf_err err = BF_OK;

    *out_n = 0;
    if (strlen(q) > BF_STORE_SEARCH_MAX_QUERY)
        return BF_EINVAL;
    bf_buf_init(&match, 4 * BF_STORE_SEARCH_MAX_QUERY + 128);
    text = split(q, platform);
    if (cap == 0)
        goto out;
    /*
     * Within a platform, the phrase is asked alone first and each row's
     * platform checked: when the platform holds most accounts, as it
     * usually does, the first matches are the answer, where the AND of the
     * phrase and the platform's long list of entries costs several times
     * more.  Only when a few dozen matches times the answer's size held
     * too few of the platform is the AND asked, which is then the cheaper.
     */
    limit = cap * 8;
    err = build_match(&match, platform, text, 1, &empty);
    if (err || empty)
        goto out;
    err = run(db, &match, platform[0] ? platform : NULL, limit, hits, cap, &n,
              &seen);
    if (err || n == cap || !platform[0] || seen < limit)
        goto out;
    bf_buf_reset(&match);
    err = build_match(&match, platform, text, 0, &empty);
    if (!err && !empty)
        err = run(db, &match, NULL, cap, hits, cap, &n, &seen);
out:
    bf_buf_release(&match);
    if (!err)
        *out_n = n;
    return err;
}

/*
 * The paged form asks the exact expression (the platform inside the
 * match, build_match's filter 0).  By followers, the index's own order,
 * one pass reads at most BF_STORE_SEARCH_COUNT_MAX + 1 entries: it counts
 * them all and looks up the rows of those inside the page (page_by_rank).
 * By name, the matches are counted (count_sql), then the first
 * BF_STORE_SEARCH_COUNT_MAX are joined to their rows and sorted.  (Two
 * passes by followers, a count and then the page, read the same doclists
 * twice: a third of the server's time per uncached search.)
 */
static const char count_sql[] =
        "SELECT count(*) FROM (SELECT rowid FROM accounts_search"
        " WHERE accounts_search MATCH ?1 LIMIT ?2)";

static const char page_name_sql[] =
        "SELECT a.id - 1, p.name, a.handle, COALESCE(a.name, ''),"
        " COALESCE(a.followers, -1), a.native_id"
        " FROM (SELECT rowid AS k FROM accounts_search"
        " WHERE accounts_search MATCH ?1 ORDER BY rowid DESC LIMIT ?4) s"
        " JOIN accounts a ON a.id = 4294967295 - (s.k & 4294967295)"
        " JOIN platforms p ON p.id = a.platform"
        " ORDER BY coalesce(a.handle, a.name) COLLATE NOCASE, a.id"
        " LIMIT ?2 OFFSET ?3";

/*
 * page_by_rank is the page by followers: the matches of m in the index's
 * order, counted up to BF_STORE_SEARCH_COUNT_MAX + 1 into *out_total, the
 * rows of ranks offset to offset + cap - 1 (within the first
 * BF_STORE_SEARCH_COUNT_MAX) looked up into hits.
 */
static bf_err page_by_rank(sqlite3 *db, const bf_buf *m, size_t offset,
                           bf_store_hit *hits, size_t cap, size_t *out_n,
                           size_t *out_total)
{
    sqlite3_stmt *ms = NULL, *rs = NULL;
    size_t n = 0, rank = 0;
    int rc;
    bf_err err = BF_OK;

    err = prepare(db, m, BF_STORE_SEARCH_COUNT_MAX + 1, &ms, &rs);
    if (err)
        goto out;
    while ((rc = sqlite3_step(ms)) == SQLITE_ROW) {
        bf_store_hit *hit = &hits[n];

        if (rank++ < offset || n == cap || rank > BF_STORE_SEARCH_COUNT_MAX)
            continue;
        sqlite3_bind_int64(rs, 1, sqlite3_column_int64(ms, 0));
        if (sqlite3_step(rs) != SQLITE_ROW) {
            sqlite3_reset(rs);
            continue;
        }
        take_row(hit, ms, rs);
        sqlite3_reset(rs);
        n++;
    }
    if (rc != SQLITE_DONE)
        err = BF_ESQL;
out:
    sqlite3_finalize(ms);
    sqlite3_finalize(rs);
    *out_n = err ? 0 : n;
    *out_total = err ? 0 : rank;
    return err;
}

/*
 * A search's time bound: SQLite asks past() every few steps.  The time is
 * the thread's own CPU time, not the wall clock's: on a busy machine a
 * quick search may wait for a core for longer than its budget, and only
 * its own work should count against it.
 */
typedef struct deadline {
    struct timespec end;
    int passed;
} deadline;

static int past(void *p)
{
    deadline *d = p;
    struct timespec now;

    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
    if (now.tv_sec > d->end.tv_sec ||
        (now.tv_sec == d->end.tv_sec && now.tv_nsec >= d->end.tv_nsec))
        d->passed = 1;
    return d->passed; /* non-zero interrupts the statement */
}

bf_err bf_store_search_page_within(bf_store *st, const char *q,
                                   bf_search_sort sort, size_t offset,
                                   bf_store_hit *hits, size_t cap,
                                   uint64_t budget_us, size_t *out_n,
                                   size_t *out_total)
{
    sqlite3 *db = bf__store_db(st);
    deadline d = { { 0, 0 }, 0 };
    bf_err err;

    if (budget_us) {
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &d.end);
        d.end.tv_sec += (time_t)(budget_us / 1000000);
        d.end.tv_nsec += (long)(budget_us % 1000000) * 1000;
        if (d.end.tv_nsec >= 1000000000) {
            d.end.tv_sec++;
            d.end.tv_nsec -= 1000000000;
        }
        /* Every 256 virtual machine steps, a few dozen matches (reading
         * the thread's clock is a system call).  Between two matches FTS5
         * may read many entries without a step, so the bound is only as
         * fine as the gaps between matches (tens of microseconds for the
         * slow phrases measured). */
        sqlite3_progress_handler(db, 256, past, &d);
    }
    err = bf_store_search_page(st, q, sort, offset, hits, cap, out_n,
                               out_total);
    if (budget_us)
        sqlite3_progress_handler(db, 0, NULL, NULL);
    if (d.passed) {
        *out_n = 0;
        *out_total = 0;
        return BF_ELIMIT;
    }
    return err;
}

bf_err bf_store_search_page(bf_store *st, const char *q, bf_search_sort sort,
                            size_t offset, bf_store_hit *hits, size_t cap,
                            size_t *out_n, size_t *out_total)
{
    sqlite3 *db = bf__store_db(st);
    sqlite3_stmt *s = NULL;
    char platform[64];
    const char *text;
    bf_buf match;
    size_t n = 0, reach;
    int empty = 0, rc = SQLITE_DONE;
    bf_err err;

    *out_n = 0;
    *out_total = 0;
    if (strlen(q) > BF_STORE_SEARCH_MAX_QUERY)
        return BF_EINVAL;
    bf_buf_init(&match, 4 * BF_STORE_SEARCH_MAX_QUERY + 128);
    text = split(q, platform);
    err = build_match(&match, platform, text, 0, &empty);
    if (err || empty)
        goto out;
    if (sort != BF_SEARCH_NAME) {
        err = page_by_rank(db, &match, offset, hits, cap, &n, out_total);
        goto out;
    }
    if (sqlite3_prepare_v2(db, count_sql, -1, &s, NULL) != SQLITE_OK) {
        err = BF_ESQL;
        goto out;
    }
    sqlite3_bind_text(s, 1, match.data, (int)match.len, SQLITE_STATIC);
    sqlite3_bind_int64(s, 2, BF_STORE_SEARCH_COUNT_MAX + 1);
    if (sqlite3_step(s) != SQLITE_ROW) {
        err = BF_ESQL;
        goto out;
    }
    *out_total = (size_t)sqlite3_column_int64(s, 0);
    sqlite3_finalize(s);
    s = NULL;
    reach = *out_total < BF_STORE_SEARCH_COUNT_MAX ? *out_total
                                                   : BF_STORE_SEARCH_COUNT_MAX;
    if (cap == 0 || offset >= reach)
        goto out;
    if (cap > reach - offset)
        cap = reach - offset;
    if (sqlite3_prepare_v2(db, page_name_sql, -1, &s, NULL) != SQLITE_OK) {
        err = BF_ESQL;
        goto out;
    }
    sqlite3_bind_text(s, 1, match.data, (int)match.len, SQLITE_STATIC);
    sqlite3_bind_int64(s, 2, (sqlite3_int64)cap);
    sqlite3_bind_int64(s, 3, (sqlite3_int64)offset);
    sqlite3_bind_int64(s, 4, BF_STORE_SEARCH_COUNT_MAX);
    while (n < cap && (rc = sqlite3_step(s)) == SQLITE_ROW) {
        bf_store_hit *hit = &hits[n++];

        hit->id = (uint32_t)sqlite3_column_int64(s, 0);
        copy_col(s, 1, hit->platform, sizeof hit->platform);
        copy_col(s, 2, hit->handle, sizeof hit->handle);
        copy_col(s, 3, hit->name, sizeof hit->name);
        hit->followers = sqlite3_column_int64(s, 4);
        copy_col(s, 5, hit->native_id, sizeof hit->native_id);
    }
    if (n < cap && rc != SQLITE_DONE)
        err = BF_ESQL;
out:
    sqlite3_finalize(s);
    bf_buf_release(&match);
    if (!err)
        *out_n = n;
    else
        *out_total = 0;
    return err;
}
