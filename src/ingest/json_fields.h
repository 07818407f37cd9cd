/*
 * json_fields.h - the fields every JSON reader reads, read one way.
 *
 * The readers of JSON formats (mastodon.c, bluesky.c, twitter_v1.c,
 * twitter_v2.c, x_archive.c) map members of API objects to records: a
 * string, an object or array, a counter, a flag, a date, the length of a
 * list, an id.  These functions read one member each, with the same rules
 * everywhere: a member that is absent or JSON null is "unknown", never an
 * error; a member that is there but unreadable (a counter that is not a
 * number, a date that does not parse) is unknown too, and the result says
 * so (BF_EPARSE) so that the reader files its own diagnostic against its
 * own file, line and offset.  They also hold the two diagnostics helpers
 * the readers share: the diagnostic for a document simdjson refused, and a
 * detail naming the list element where a problem was found.
 *
 * Invariants: obj may be NULL or any value (not only an object); then
 * every member is absent.  Nothing here allocates or reports by itself.
 *
 * Lifetime: strings and values returned point into the parser's current
 * document (see json.h) and live until its next parse; never free them.
 *
 *     int64_t n;
 *     if (bf_json_get_count(&user, "followers_count", 0, &n) == BF_EPARSE)
 *         bf_diag(diags, BF_D_BAD_COUNT, file, line, offset, "followers");
 */
#ifndef BF_INGEST_JSON_FIELDS_H
#define BF_INGEST_JSON_FIELDS_H

#include <stddef.h>
#include <stdint.h>

#include "base/diag.h"
#include "ingest/json.h"

/* bf_json_get_count flags: counters written as strings of digits ("12"),
 * as the X archive writes them, are read too. */
#define BF_JSON_COUNT_TEXT 1u

/* bf_json_get_count flags: negative integers are kept, not refused. */
#define BF_JSON_COUNT_SIGNED 2u

/*
 * The largest counter any reader accepts: 2^53, which a double (a JSON
 * number, a report's %.0f) holds exactly and which no platform comes near
 * (the largest follower counts are below 2^30).  A larger counter is a
 * broken or hostile input: it is reported (BF_D_BAD_COUNT) and left
 * unknown, never clamped, so that no score multiplies it into an overflow.
 */
#define BF_COUNT_MAX ((int64_t)1 << 53)

/* The largest list length bf_json_get_size gives (it fits an int). */
#define BF_JSON_SIZE_MAX 1000000

/* The longest printable id bf_json_id_printable accepts, in bytes. */
#define BF_JSON_PRINTABLE_ID_MAX 256

/*
 * bf_json_get_str is obj[key] as a NUL-terminated C string, or NULL when
 * it is absent, null or not a string.
 */
const char *bf_json_get_str(const bf_json *obj, const char *key);

/*
 * bf_json_get_strn is bf_json_get_str that also sets *out_len to the
 * string's length in bytes (0 when the result is NULL).
 */
const char *bf_json_get_strn(const bf_json *obj, const char *key,
                             size_t *out_len);

/*
 * bf_json_get_typed sets *out_v to obj[key] and returns 1 when that member
 * exists and has type t; else it returns 0 (*out_v is then undefined).
 */
int bf_json_get_typed(const bf_json *obj, const char *key, bf_json_type t,
                      bf_json *out_v);

/*
 * bf_json_get_flag is the boolean obj[key] as 1 or 0, or -1 when it is
 * absent, null or not a boolean.
 */
int bf_json_get_flag(const bf_json *obj, const char *key);

/*
 * bf_json_get_count reads the counter obj[key] into *out_n: a non-negative
 * integer (any integer with BF_JSON_COUNT_SIGNED; also a string of 1 to 18
 * digits with BF_JSON_COUNT_TEXT), at most BF_COUNT_MAX in magnitude.  BF_OK with *out_n = -1 when it is
 * absent or null; BF_EPARSE with *out_n = -1 when it is there but not such
 * a counter, for the caller to report (BF_D_BAD_COUNT).
 */
bf_err bf_json_get_count(const bf_json *obj, const char *key, unsigned flags,
                         int64_t *out_n);

/*
 * bf_count_text reads a counter written as text (CSV cells, TwiBot-20's
 * strings): decimal digits, blanks around them allowed, at most
 * BF_COUNT_MAX.  BF_EPARSE for anything else: a sign, a fraction, text, or
 * a value out of range (never clamped).
 */
bf_err bf_count_text(const char *s, size_t n, int64_t *out_n);

/*
 * bf_json_get_time reads the date obj[key] (any form bf_time_parse reads:
 * ISO 8601, Twitter's "Wed Apr 11 01:27:54 +0000 2018") into *out_t, in
 * seconds since the epoch.  BF_OK with *out_t = 0 when it is absent or
 * null; BF_EPARSE with *out_t = 0 when it is not a string, does not
 * parse, or is not a plausible date for a record seen at seen
 * (bf_time_plausible: before 2003, or after seen; 0 for now), for the
 * caller to report (BF_D_BAD_DATE).
 */
bf_err bf_json_get_time(const bf_json *obj, const char *key, int64_t seen,
                        int64_t *out_t);

/*
 * bf_json_get_size is the number of elements of the array obj[key],
 * capped at BF_JSON_SIZE_MAX; 0 when it is absent or not an array.
 */
int bf_json_get_size(const bf_json *obj, const char *key);

/*
 * bf_json_id_decimal is 1 when s (n bytes) is an X / Twitter id: 1 to 20
 * decimal digits (a uint64 in decimal), else 0.
 */
int bf_json_id_decimal(const char *s, size_t n);

/*
 * bf_json_id_printable is 1 when the C string s is 1 to
 * BF_JSON_PRINTABLE_ID_MAX bytes with no control byte, space or DEL (a
 * Mastodon address, a DID, an at:// URI), else 0.
 */
int bf_json_id_printable(const char *s);

/*
 * bf__json_fault_diag is the diagnostic for the last parse p refused:
 * BF_D_BAD_ENCODING for invalid UTF-8, BF_D_LINE_TOO_LONG for a document
 * too large (or out of memory), BF_D_JSON_SYNTAX otherwise.  *out_msg (may
 * be NULL) is set to simdjson's static text for the error.
 */
bf_diag_id bf__json_fault_diag(const bf_json_parser *p, const char **out_msg);

/*
 * bf__json_diag_at files diagnostic id at file, line, offset with detail
 * prefixed by the list element it concerns, "where[index]: detail"; when
 * where is NULL the detail goes alone.  The detail is passed whole, for
 * bf_diag to scrub it before it cuts it.
 */
void bf__json_diag_at(bf_diags *diags, bf_diag_id id, const char *file,
                      uint64_t line, uint64_t offset, const char *where,
                      size_t index, const char *detail);

#endif
