/*
 * serve_search.c - finding accounts by handle, name or platform.
 *
 * store.h resolves one exact "[platform:]handle" but has no prefix query,
 * so the search runs its own SQL on a read-only connection to the store's
 * bonafide.sqlite (opened per pooled handle in serve.c; WAL mode lets it
 * read while an ingest writes).  It reads only the accounts and platforms
 * tables of schema v1 (src/store/schema.c) and never writes.
 *
 * The query matches a handle prefix or a name substring with LIKE (ASCII
 * case folding, '%' and '_' in the user's text escaped), optionally within
 * one platform, and orders by declared followers.  A name substring cannot
 * use an index, so the cost is one scan of accounts: O(accounts), about
 * 10 ms per 100,000 accounts, bounded by BF__SEARCH_MAX rows out.  Stub
 * accounts (known only by their id, from a follow) have no handle and are
 * left out.
 */
#include <stdio.h>
#include <string.h>

#include "serve/serve_int.h"

static const char sql[] =
        "SELECT a.id - 1, p.name, a.handle, COALESCE(a.name, ''),"
        " COALESCE(a.followers, -1)"
        " FROM accounts a JOIN platforms p ON p.id = a.platform"
        " WHERE a.handle IS NOT NULL"
        " AND (?3 IS NULL OR p.name = ?3)"
        " AND (a.handle LIKE ?1 ESCAPE '\\' OR a.name LIKE ?2 ESCAPE '\\'"
        "      OR (?4 IS NOT NULL AND p.name = ?4))"
        " ORDER BY COALESCE(a.followers, -1) DESC, a.id LIMIT ?5";

/* like_pattern escapes s (n bytes) for LIKE, between pre and post. */
static bf_err like_pattern(bf_buf *b, const char *pre, const char *s, size_t n,
                           const char *post)
{
    bf_err err = bf_buf_puts(b, pre);
    size_t i;

    for (i = 0; !err && i < n; i++) {
        if (s[i] == '%' || s[i] == '_' || s[i] == '\\')
            err = bf_buf_putc(b, '\\');
        if (!err)
            err = bf_buf_putc(b, s[i]);
    }
    if (!err)
        err = bf_buf_puts(b, post);
    return err;
}

static void copy_col(sqlite3_stmt *s, int col, char *dst, size_t cap)
{
    const unsigned char *t = sqlite3_column_text(s, col);

    snprintf(dst, cap, "%s", t ? (const char *)t : "");
}

bf_err bf__search(bf__handle *h, const char *q, bf__hit *hits, size_t cap,
                  size_t *out_n)
{
    sqlite3_stmt *s = NULL;
    char platform[64] = "";
    const char *text = q, *colon;
    bf_buf prefix, sub;
    size_t n = 0;
    bf_err err = BF_OK;
    int rc = SQLITE_DONE;

    bf_buf_init(&prefix, 1024);
    bf_buf_init(&sub, 1024);
    while (*text == ' ')
        text++;
    if (*text == '@')
        text++;
    colon = strchr(text, ':');
    if (colon && (size_t)(colon - text) < sizeof platform) {
        memcpy(platform, text, (size_t)(colon - text));
        platform[colon - text] = '\0';
        text = colon + 1;
        if (*text == '@')
            text++;
    }
    err = like_pattern(&prefix, "", text, strlen(text), "%");
    if (!err)
        err = like_pattern(&sub, "%", text, strlen(text), "%");
    if (err)
        goto out;
    if (sqlite3_prepare_v2(h->ro, sql, -1, &s, NULL) != SQLITE_OK) {
        err = BF_ESQL;
        goto out;
    }
    sqlite3_bind_text(s, 1, prefix.data, -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 2, sub.data, -1, SQLITE_STATIC);
    if (platform[0])
        sqlite3_bind_text(s, 3, platform, -1, SQLITE_STATIC);
    if (!platform[0] && text[0])
        sqlite3_bind_text(s, 4, text, -1, SQLITE_STATIC);
    sqlite3_bind_int64(s, 5, (sqlite3_int64)cap);
    while (n < cap && (rc = sqlite3_step(s)) == SQLITE_ROW) {
        bf__hit *hit = &hits[n++];

        hit->id = (uint32_t)sqlite3_column_int64(s, 0);
        copy_col(s, 1, hit->platform, sizeof hit->platform);
        copy_col(s, 2, hit->handle, sizeof hit->handle);
        copy_col(s, 3, hit->name, sizeof hit->name);
        hit->followers = sqlite3_column_int64(s, 4);
    }
    if (n < cap && rc != SQLITE_DONE)
        err = BF_ESQL;
out:
    sqlite3_finalize(s);
    bf_buf_release(&prefix);
    bf_buf_release(&sub);
    if (!err)
        *out_n = n;
    return err;
}
