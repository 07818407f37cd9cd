/*
 * kit.h - what every reader needs besides its platform's mapping.
 *
 * A reader's own work is to say which member of which object becomes which
 * field of a record.  Everything around that is the same for every
 * platform, and lives here: where the reader is (file, line, byte offset)
 * for diagnostics; counters written as JSON numbers or as strings ("58",
 * "1,230"); dates written as epoch seconds, as ISO 8601, as
 * "2019-09-14 14:56:36 UTC" or as "12 Mar 2021"; ids that may be JSON
 * integers above 2^53 (read exactly, never through a double); Meta's
 * mojibake (UTF-8 bytes written as separate \u00XX escapes) decoded back;
 * and the records themselves, stamped with the reader's platform and
 * observation time, including the two kinds an export adds to the model:
 * a follower's arrival date and an audience insight (model/model.h).
 *
 * Invariants: nothing here fails on bad input; a value that is there but
 * unreadable is reported once, with the reader's current position, and
 * read as unknown (-1 for counts, 0 for dates, NULL for ids).
 *
 * Lifetime: the kit is caller-owned (_init/_release).  Strings returned by
 * bf_kit_fix live in the kit's slot until the next call on the same slot;
 * the file label lives until the next bf_kit_at.
 *
 *     bf_kit k;
 *     bf_kit_init(&k, opts, sink, diags, "tiktok");
 *     bf_kit_at(&k, "user_data_tiktok.json", 1, 0);
 *     int64_t likes = bf_kit_count(&k, &video, "Likes");
 *     err = bf_kit_follow(&k, fan, owner, bf_kit_time(&k, &fan_obj, "Date"));
 *     bf_kit_release(&k);
 */
#ifndef BF_INGEST_KIT_H
#define BF_INGEST_KIT_H

#include <stddef.h>
#include <stdint.h>

#include "base/buf.h"
#include "base/diag.h"
#include "ingest/ingest.h"
#include "ingest/json.h"
#include "ingest/json_docs.h"
#include "ingest/json_fields.h"

/* The scratch slots bf_kit_fix writes into. */
#define BF_KIT_SLOTS 8

typedef struct bf_kit {
    const bf_ingest_opts *opts;
    bf_sink *sink;
    bf_diags *diags;
    const char *platform; /* opts->platform when set, else the reader's */
    int64_t observed_at;  /* opts->observed_at: when the data was seen */
    bf_buf file;          /* the file being read, for diagnostics */
    uint64_t line;        /* where the current record starts */
    uint64_t offset;
    bf_buf slot[BF_KIT_SLOTS]; /* decoded strings (bf_kit_fix) */
    uint64_t follows, arrivals, posts, insights; /* records sent */
    /* When reading began, the latest plausible date (bf_time_plausible):
     * read once, as looking the clock's variable up per date cost more
     * than the date. */
    int64_t now;
} bf_kit;

/*
 * bf_kit_init prepares k for a reader of platform (the default platform
 * name, overridden by opts->platform).  All arguments are borrowed.
 */
void bf_kit_init(bf_kit *k, const bf_ingest_opts *opts, bf_sink *sink,
                 bf_diags *diags, const char *platform);

/* bf_kit_release frees the kit's buffers. */
void bf_kit_release(bf_kit *k);

/*
 * bf_kit_at says where the reader is: file (copied; "archive.zip:member"
 * for a member of an archive), the line and byte offset of the record.
 */
void bf_kit_at(bf_kit *k, const char *file, uint64_t line, uint64_t offset);

/* bf_kit_report files diagnostic id at the kit's position. */
void bf_kit_report(bf_kit *k, bf_diag_id id, const char *detail);

/*
 * bf_kit_report_at files diagnostic id at the kit's position, its detail
 * prefixed by the list element it concerns, "where[index]: detail"
 * (bf__json_diag_at).
 */
void bf_kit_report_at(bf_kit *k, bf_diag_id id, const char *where, size_t index,
                      const char *detail);

/*
 * bf_kit_same is how a reader skips a profile repeated word for word
 * (bf_sink.same): obj is the account's source record, native_id its id.
 * *out_same is 1 when the sink holds it exactly so already, and the
 * reader then sends nothing.  Else *out_digest is the digest to send the
 * account with, provided that reading it files no diagnostic
 * (bf_kit_diags_seen): a record that draws one is read, and reported,
 * each time.  It is 0 when the sink keeps no such memory.
 */
bf_err bf_kit_same(bf_kit *k, const bf_json *obj, const char *native_id,
                   uint64_t *out_digest, int *out_same);

/* bf_kit_diags_seen is how many diagnostics the kit's collector has seen. */
size_t bf_kit_diags_seen(const bf_kit *k);

/*
 * bf_kit_count_as is the counter obj[key] read as the API readers read
 * theirs: bf_json_get_count with flags (BF_JSON_COUNT_TEXT,
 * BF_JSON_COUNT_SIGNED), -1 when unknown, reported (BF_D_BAD_COUNT) when
 * there but unreadable.  Exports use bf_kit_count, which also takes
 * grouped digits and "N/A".
 */
int64_t bf_kit_count_as(bf_kit *k, const bf_json *obj, const char *key,
                        unsigned flags);

/*
 * bf_kit_date is the date obj[key] as the API readers read theirs
 * (bf_json_get_time: ISO 8601 or Twitter's form, a string), 0 when
 * absent, reported (BF_D_BAD_DATE) when unreadable.
 */
int64_t bf_kit_date(bf_kit *k, const bf_json *obj, const char *key);

/*
 * bf_kit_count_text reads a counter written as text: digits, optionally
 * grouped by commas, dots or spaces ("1,230", "1 230"), at most 18
 * digits.  BF_EPARSE for anything else.
 */
bf_err bf_kit_count_text(const char *s, size_t n, int64_t *out_n);

/*
 * bf_kit_count is the counter obj[key], a JSON integer or a string read
 * by bf_kit_count_text; -1 when absent, null or "N/A"; reported
 * (BF_D_BAD_COUNT) and -1 when unreadable.
 */
int64_t bf_kit_count(bf_kit *k, const bf_json *obj, const char *key);

/*
 * bf_kit_time_text reads a date as platforms write them in exports:
 * whatever bf_time_parse reads, also with a trailing " UTC" or " GMT"
 * (Google Takeout), "12 Mar 2021" (LinkedIn), or epoch seconds.
 * "YYYY-MM-DD HH:MM:SS" without a zone is taken as UTC.  BF_EPARSE else.
 */
bf_err bf_kit_time_text(const char *s, size_t n, int64_t *out_t);

/*
 * bf_kit_time is the date obj[key]: epoch seconds as a JSON integer
 * (milliseconds when above 10^11), or a string (bf_kit_time_text).  0
 * when absent, null or 0; reported (BF_D_BAD_DATE) and 0 when unreadable.
 */
int64_t bf_kit_time(bf_kit *k, const bf_json *obj, const char *key);

/*
 * bf_kit_id reads the id obj[key], a string or a non-negative JSON
 * integer of any size up to 2^64 (written in decimal into tmp, exactly).
 * NULL when absent; reported (BF_D_BAD_ID) and NULL when it is something
 * else or not 1 to BF_JSON_PRINTABLE_ID_MAX printable bytes.
 */
const char *bf_kit_id(bf_kit *k, const bf_json *obj, const char *key,
                      char tmp[BF_JSON_ID_MAX]);

/*
 * bf_kit_unmojibake decodes Meta's mojibake: when every character of s
 * (n bytes of UTF-8) is below U+0100, some are above U+007F, and those
 * characters taken as bytes form valid UTF-8, it appends those bytes to
 * out and returns 1.  Otherwise it appends nothing and returns 0 (the
 * text was not mojibake: "café" written properly stays as it is).
 * O(n).  -1 when out's limit is reached.
 */
int bf_kit_unmojibake(const char *s, size_t n, bf_buf *out);

/*
 * bf_kit_fix is s with Meta's mojibake decoded (bf_kit_unmojibake), in
 * the kit's scratch slot (0 .. BF_KIT_SLOTS-1), or s itself when there
 * was nothing to decode.  NULL stays NULL.
 */
const char *bf_kit_fix(bf_kit *k, int slot, const char *s);

/*
 * bf_kit_str is bf_kit_fix of the string obj[key] (NULL when absent or
 * not a string).
 */
const char *bf_kit_str(bf_kit *k, int slot, const bf_json *obj,
                       const char *key);

/*
 * bf_kit_json_docs reads every JSON document of in (bf__json_docs: JSON
 * lines, pretty-printed or concatenated documents) with a parser of its
 * own, and hands each to fn with ctx, the kit placed at in's name and at
 * the document's line and offset for diagnostics.  The kit stays the
 * caller's, initialised before and released after.  Returns
 * bf__json_docs's result.
 */
bf_err bf_kit_json_docs(bf_kit *k, bf_input *in, bf_json_doc_fn fn, void *ctx);

/* ---- records, stamped with the kit's platform and observation time ---- */

/*
 * bf_kit_account sends a (platform and observed_at filled in when unset).
 */
bf_err bf_kit_account(bf_kit *k, bf_account *a);

/* bf_kit_post sends p (platform filled in when unset). */
bf_err bf_kit_post(bf_kit *k, bf_post *p);

/*
 * bf_kit_follow sends the follow follower -> followee, seen at the kit's
 * observation time, and when followed_at is known (not 0) and the caller
 * wired opts->more, the follower's arrival at that date.
 */
bf_err bf_kit_follow(bf_kit *k, const char *follower, const char *followee,
                     int64_t followed_at);

/*
 * Pages of a follow list (an API's followers or followings, one page per
 * document): positions in a followers list, newest first, go on across
 * the consecutive pages of one subject and start again at 0 for another.
 */
typedef struct bf_kit_pages {
    char subject[BF_JSON_PRINTABLE_ID_MAX + 1];
    int64_t next; /* the next follower's position */
} bf_kit_pages;

/* bf_kit_pages_subject says a followers page of subject begins. */
void bf_kit_pages_subject(bf_kit_pages *pg, const char *subject);

/*
 * bf_kit_page_follow sends the follow between a page's subject and the
 * account id listed in it as where[index]: id follows subject on a
 * followers page (followers 1), at the next position; subject follows id
 * on a followings page, position unknown.  A self-follow is reported and
 * kept.  Nothing is sent, nor a position taken, when the sink takes no
 * follows.
 */
bf_err bf_kit_page_follow(bf_kit *k, bf_kit_pages *pg, const char *subject,
                          const char *id, int followers, const char *where,
                          size_t index);

/* bf_kit_insight sends one audience figure of account (opts->more). */
bf_err bf_kit_insight(bf_kit *k, const char *account, const char *kind,
                      const char *key, double value);

/*
 * bf_kit_shares reads a list of shares as Instagram writes them,
 * "Lagos: 30.6%, Abuja: 3.6%", and sends each as an insight of kind with
 * its label as key and its percentage as value.  Entries that do not end
 * in a percentage are reported (BF_D_BAD_COUNT) and skipped.
 */
bf_err bf_kit_shares(bf_kit *k, const char *account, const char *kind,
                     const char *list);

/* ---- CSV held in memory (members of an export) ---- */

/* The most fields bf_kit_csv_next splits a record into. */
#define BF_KIT_CSV_FIELDS 64

/*
 * A cursor over an RFC 4180 CSV text held in memory: records may span
 * lines inside quotes, "" is a quote.  Fields point into rec, valid until
 * the next call.
 */
typedef struct bf_kit_csv {
    const char *p; /* the text, n bytes */
    size_t n;
    size_t pos;    /* where the next record starts */
    uint64_t line; /* line of the record just read (1-based) */
    uint64_t next_line;
    bf_buf rec;
    size_t nfields;
    const char *field[BF_KIT_CSV_FIELDS];
} bf_kit_csv;

/* bf_kit_csv_init starts a cursor over p (n bytes, borrowed). */
void bf_kit_csv_init(bf_kit_csv *c, const char *p, size_t n);

/* bf_kit_csv_release frees the cursor's record buffer. */
void bf_kit_csv_release(bf_kit_csv *c);

/*
 * bf_kit_csv_next reads the next record (blank lines are records with one
 * empty field).  BF_ENOTFOUND at the end; BF_EPARSE for a quote left open
 * at the end of the text (the record is still given); BF_ELIMIT for a
 * record longer than 16 MiB.
 */
bf_err bf_kit_csv_next(bf_kit_csv *c);

/*
 * bf_kit_csv_col is the index of the column named name in the header
 * record c holds now, or -1.
 */
int bf_kit_csv_col(const bf_kit_csv *c, const char *name);

/* bf_kit_csv_get is field i of the record, NULL when i < 0 or absent. */
const char *bf_kit_csv_get(const bf_kit_csv *c, int i);

/*
 * bf_kit_unquote_lines repairs LinkedIn's quoting of multi-line text in
 * place: each inner line of a field comes out wrapped in quotes ("text"),
 * so one quote is taken from the start of every line but the first and
 * from the end of every line but the last.  Single-line text is left as
 * it is.
 */
void bf_kit_unquote_lines(char *s);

#endif
