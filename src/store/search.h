/*
 * search.h - finding accounts by handle, name or platform, through an index.
 *
 * The store keeps a full-text index of every account that has a handle
 * or a name (schema v5 and v13, src/store/schema.c): the words of its
 * handle and display name and its platform's name.  bf_store_search answers a search box's
 * text from that index alone, most followed accounts first, at a cost that
 * does not grow with the number of accounts (see search.c).
 *
 * Query language (what a person types):
 *   "claire"          accounts with a handle or name word starting "claire"
 *   "claire_mar"      words in that order, the last one a prefix, so a
 *                     handle prefix still finds its handle
 *   "sim:cla"         the same, within platform "sim" only
 *   "sim"             also every account of the platform named "sim"
 *   a leading '@' on the handle is ignored; case and accents are not
 *   significant (Unicode case folding, diacritics removed).
 *
 * Invariants: stub accounts (known only by a native id, from a follow)
 * have no handle nor name and are never listed; an account with a name
 * and no handle (a Facebook Page) is, its hit's handle "": it is named
 * platform:#native_id (bf_store_hit_spec).  Hits come most followed first
 * (declared followers; unknown counts last, counts above 2^31 - 1 tie),
 * then by dense id.  Ownership: hits are caller-owned and hold copies.
 *
 *     bf_store_hit hits[20];
 *     size_t n;
 *     bf_store_search(st, "sim:claire", hits, 20, &n);
 */
#ifndef BF_STORE_SEARCH_H
#define BF_STORE_SEARCH_H

#include <stddef.h>
#include <stdint.h>

#include "store/store.h"

/* Longest query text accepted, in bytes (BF_EINVAL beyond). */
#define BF_STORE_SEARCH_MAX_QUERY 200

/* One account found; strings are truncated copies, NUL-terminated. */
typedef struct bf_store_hit {
    uint32_t id; /* dense id */
    char platform[64];
    char handle[128];
    char name[192];
    int64_t followers;   /* -1 when unknown */
    char native_id[128]; /* tells apart accounts sharing a handle */
} bf_store_hit;

/*
 * bf_store_hit_spec writes to out (cap bytes, truncated) the account
 * reference of h that bf_store_resolve takes back: "platform:handle", or
 * "platform:#native_id" when it has no handle.  Returns the length the
 * whole reference needs, as snprintf does.
 */
int bf_store_hit_spec(const bf_store_hit *h, char *out, size_t cap);

/*
 * bf_store_search fills hits (at most cap) with the accounts matching q
 * and sets *out_n.  An empty query, or one without a letter or digit,
 * finds nothing.  BF_EINVAL for a query longer than
 * BF_STORE_SEARCH_MAX_QUERY; BF_ESQL when the store cannot be read.
 * Time: O(log accounts + cap) index reads for a last word of one to eight
 * characters or a platform; a longer last word also merges the index
 * entries of the words it starts, O(matching words' accounts).
 */
bf_err bf_store_search(bf_store *st, const char *q, bf_store_hit *hits,
                       size_t cap, size_t *out_n);

/* The orders of bf_store_search_page. */
typedef enum bf_search_sort {
    BF_SEARCH_FOLLOWERS, /* most followed first, as bf_store_search */
    BF_SEARCH_NAME       /* by handle, case-insensitive (ASCII), then id */
} bf_search_sort;

/*
 * bf_store_search_page is bf_store_search for a page of results: the
 * matches of q in order sort, skipping the first offset, at most cap of
 * them into hits, and *out_total the number of matches, counted up to
 * BF_STORE_SEARCH_COUNT_MAX + 1: a total above BF_STORE_SEARCH_COUNT_MAX
 * means "more than that many".  Pages reach only the first
 * BF_STORE_SEARCH_COUNT_MAX matches by followers (sorted by name when
 * sort asks it): a query that broad is refined, not paged through.  The
 * same query language and errors as bf_store_search.  Time:
 * O(min(matches, BF_STORE_SEARCH_COUNT_MAX)) index entries to count; by
 * followers, O(offset + cap) more; by name, those matches are read and
 * sorted.  (Counting every match made a one-letter search on a million
 * accounts cost 6 to 40 ms instead of 0.1 ms.)
 */
#define BF_STORE_SEARCH_COUNT_MAX 1000

bf_err bf_store_search_page(bf_store *st, const char *q, bf_search_sort sort,
                            size_t offset, bf_store_hit *hits, size_t cap,
                            size_t *out_n, size_t *out_total);

/*
 * bf_store_search_page_within is bf_store_search_page with a bound on its
 * work: once it has used budget_us microseconds of the calling thread's
 * CPU time it stops
 * and returns BF_ELIMIT with nothing in hits (0: no bound).  A server's
 * polling thread gives a search that long and hands the rare one that
 * needs more, such as a phrase whose last word is one common letter, to a
 * thread that may take its time (serve.c, "Two lanes").
 */
bf_err bf_store_search_page_within(bf_store *st, const char *q,
                                   bf_search_sort sort, size_t offset,
                                   bf_store_hit *hits, size_t cap,
                                   uint64_t budget_us, size_t *out_n,
                                   size_t *out_total);

/* bf__store_db is the store's SQLite connection, for the store's files. */
struct sqlite3 *bf__store_db(bf_store *st);

#endif
