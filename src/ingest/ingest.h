/*
 * ingest.h - readers: from a file in some format to canonical records.
 *
 * Each reader takes an open bf_input (base/input.h), reads it to the end
 * with constant memory, and sends every record it understands to a bf_sink
 * (model/model.h).  A record it cannot understand gets a diagnostic with
 * file, line and byte offset (base/diag.h), is counted as rejected, and the
 * reader goes on with the next one.  A reader returns an error only when it
 * cannot go on at all: the input cannot be read, or the sink failed.
 *
 * Readers know nothing of the store: the caller wires a reader to whatever
 * sink it likes (the store's writer, a counter in a test, a fuzzer's null
 * sink).
 *
 *     bf_ingest_opts o;
 *     bf_ingest_opts_init(&o);
 *     err = bf_ingest_path("facebook_combined.txt", &o, &sink, &diags);
 */
#ifndef BF_INGEST_INGEST_H
#define BF_INGEST_INGEST_H

#include <stdint.h>

#include "base/buf.h"
#include "base/diag.h"
#include "base/input.h"
#include "model/model.h"

/* The longest line or record a reader accepts (X archives have long ones). */
#define BF_INGEST_MAX_LINE (64u << 20)

typedef enum bf_format {
    BF_FMT_AUTO = 0,
    BF_FMT_EDGES,         /* whitespace pairs or follower,followee CSV */
    BF_FMT_TWITTER_CSV,   /* Twitter v1.1 user objects as CSV */
    BF_FMT_TWITTER_V1,    /* Twitter API v1.1 JSON lines */
    BF_FMT_MASTODON,      /* Mastodon API JSON and archive exports */
    BF_FMT_BLUESKY,       /* Bluesky app.bsky.* API JSON pages */
    BF_FMT_X_ARCHIVE,     /* an X account archive: folder or .zip */
    BF_FMT_TWITTER_V2,    /* X API v2 pages and flattened tweets (twarc2) */
    BF_FMT_TWIBOT,        /* the TwiBot-20 benchmark's JSON array */
    BF_FMT_INSTAGRAM_CSV, /* the Instagram fake-account feature table */
    BF_FMT_CAVERLEE,      /* the social honeypot set of Lee et al. 2011 */
    BF_FMT_INSTAGRAM,     /* Instagram's export: folder or .zip */
    BF_FMT_FACEBOOK,      /* Facebook's export, a profile's or a Page's */
    BF_FMT_TIKTOK,        /* TikTok's export: user_data_tiktok.json */
    BF_FMT_LINKEDIN,      /* LinkedIn's export: Shares.csv, Connections.csv */
    BF_FMT_YOUTUBE,       /* Google Takeout's YouTube folder */
    BF_FMT_YOUTUBE_API,   /* YouTube Data API v3 responses */
    BF_FMT_GRAPH_API,     /* Meta Graph API: Instagram and Facebook Pages */
    BF_FMT_TIKTOK_API,    /* TikTok Research and Display API responses */
    BF_FMT__COUNT
} bf_format;

typedef struct bf_ingest_opts {
    bf_format format;         /* BF_FMT_AUTO to detect */
    const char *platform;     /* overrides the format's platform when set */
    int undirected;           /* edge lists: store each pair both ways */
    int64_t observed_at;      /* when the data was seen; 0 = unknown */
    const char *label;        /* "genuine", "fake" or "bot": set on every
                             account read, overriding the file's labels */
    const char *label_column; /* CSV readers: the column holding labels */
    const char *label_set;    /* the labelled set's name, stored with every
                                 label read (evaluation groups by it) */
    const char *subject;      /* native id of the account whose follower-id
                             pages ({"ids":[...]}) are read, or NULL */
    const bf_sink_more *more; /* arrivals and insights, or NULL to drop */
} bf_ingest_opts;

/*
 * The largest whole JSON document a reader loads at once (TwiBot-20 is one
 * JSON array, not JSON lines).  1 GiB holds the full TwiBot-20 release
 * (about 0.3 GB per split); simdjson's DOM then needs about three times as
 * much, which a 24 GiB machine affords.  A larger file fails with
 * BF_D_LINE_TOO_LONG instead of exhausting memory.
 */
#define BF_INGEST_MAX_DOC ((size_t)1 << 30)

/* bf_ingest_opts_init sets the defaults: detect, no override. */
void bf_ingest_opts_init(bf_ingest_opts *o);

/* bf_format_name is the --format name of f ("edges", "twitter-csv", ...). */
const char *bf_format_name(bf_format f);

/* bf_format_parse maps a --format name to its value; BF_EINVAL if unknown. */
bf_err bf_format_parse(const char *name, bf_format *out_f);

/*
 * bf_format_detect guesses the format from the first bytes of a file
 * (p, n) and its path.  BF_FMT_AUTO when nothing fits.
 */
bf_format bf_format_detect(const char *p, size_t n, const char *path);

/*
 * bf_ingest_path opens path ("-" for stdin), detects its format when
 * opts->format is BF_FMT_AUTO, and runs the matching reader.
 */
bf_err bf_ingest_path(const char *path, const bf_ingest_opts *opts,
                      bf_sink *sink, bf_diags *diags);

/*
 * bf_format_is_export is 1 for the formats read from a whole export (a
 * folder, a zip, or one of its files): x-archive, instagram, facebook,
 * tiktok, linkedin and youtube (exports.h).
 */
int bf_format_is_export(bf_format f);

/*
 * bf_ingest_archive reads an X account archive, its unzipped folder or the
 * .zip itself (x_archive.c); bf_ingest_path sends directories and .zip
 * files there.  The archive's owner is the account; its followers and
 * followings become follow edges.
 */
bf_err bf_ingest_archive(const char *path, const bf_ingest_opts *opts,
                         bf_sink *sink, bf_diags *diags);

/* The readers; each has the contract described at the top. */
bf_err bf_read_edges(bf_input *in, const bf_ingest_opts *opts, bf_sink *sink,
                     bf_diags *diags);
bf_err bf_read_twitter_csv(bf_input *in, const bf_ingest_opts *opts,
                           bf_sink *sink, bf_diags *diags);
bf_err bf_read_twitter_v1(bf_input *in, const bf_ingest_opts *opts,
                          bf_sink *sink, bf_diags *diags);
bf_err bf_read_mastodon(bf_input *in, const bf_ingest_opts *opts, bf_sink *sink,
                        bf_diags *diags);
bf_err bf_read_bluesky(bf_input *in, const bf_ingest_opts *opts, bf_sink *sink,
                       bf_diags *diags);

bf_err bf_read_twitter_v2(bf_input *in, const bf_ingest_opts *opts,
                          bf_sink *sink, bf_diags *diags);
bf_err bf_read_twibot(bf_input *in, const bf_ingest_opts *opts, bf_sink *sink,
                      bf_diags *diags);
bf_err bf_read_instagram_csv(bf_input *in, const bf_ingest_opts *opts,
                             bf_sink *sink, bf_diags *diags);
bf_err bf_read_caverlee(bf_input *in, const bf_ingest_opts *opts, bf_sink *sink,
                        bf_diags *diags);

/*
 * bf__caverlee_line is 1 when the line (n bytes) has the social honeypot
 * layout: eight tab-separated fields, an id, two dates, five numbers.
 */
int bf__caverlee_line(const char *line, size_t n);

bf_err bf_read_youtube_api(bf_input *in, const bf_ingest_opts *opts,
                           bf_sink *sink, bf_diags *diags);
bf_err bf_read_graph_api(bf_input *in, const bf_ingest_opts *opts,
                         bf_sink *sink, bf_diags *diags);
bf_err bf_read_tiktok_api(bf_input *in, const bf_ingest_opts *opts,
                          bf_sink *sink, bf_diags *diags);

/*
 * bf_label_parse maps a label as datasets write it to the canonical one:
 * human, genuine, real, 0 -> "genuine"; bot, 1 -> "bot"; fake, "fake
 * follower" -> "fake" (case-insensitive, surrounding blanks ignored).
 * NULL for anything else.  The result is a static string.
 */
const char *bf_label_parse(const char *s);

/*
 * bf__utf8_valid is 1 when s (n bytes) is valid UTF-8 (RFC 3629: no
 * overlong forms, no surrogates, nothing above U+10FFFF), else 0.
 */
int bf__utf8_valid(const char *s, size_t n);

/*
 * bf__utf8_repair appends s (n bytes) to out with each invalid byte
 * sequence replaced by U+FFFD, and adds the number replaced to *io_bad.
 * BF_ELIMIT when out's limit is reached.
 */
bf_err bf__utf8_repair(const char *s, size_t n, bf_buf *out, size_t *io_bad);

/*
 * bf__json_nul_repair appends the JSON text s (n bytes) to out with each
 * raw NUL replaced by U+FFFD and each escape \u0000 by \uFFFD, and adds
 * the number replaced to *io_bad.  BF_ELIMIT when out's limit is reached.
 */
bf_err bf__json_nul_repair(const char *s, size_t n, bf_buf *out,
                           size_t *io_bad);

struct bf_json;
struct bf_json_parser;

/*
 * bf__json_line parses one line of a JSON-lines file (len bytes, followed
 * by BF_INPUT_PADDING readable bytes, as bf_input gives them).  A line that
 * simdjson refuses only for invalid UTF-8 is repaired (bf__utf8_repair into
 * fix, a buffer the caller owns and reuses) and parsed again; so is a
 * line holding a NUL, raw or as \u0000 (bf__json_nul_repair).  *out_bad
 * is then the number of sequences replaced, else 0.  Other failures are
 * those of bf_json_parse; bf_json_parser_fault tells them apart.
 */
bf_err bf__json_line(struct bf_json_parser *p, const char *line, size_t len,
                     bf_buf *fix, struct bf_json *out_root, size_t *out_bad);

/*
 * bf__json_rest builds one document from first (a line just read from in,
 * first_len bytes) and all the input after it, for a pretty-printed JSON
 * file that spans lines: *out_doc (malloc'd, the caller frees it) holds
 * first, a newline and the rest, then BF_INPUT_PADDING zero bytes.
 * BF_ELIMIT beyond BF_INGEST_MAX_DOC.
 */
bf_err bf__json_rest(bf_input *in, const char *first, size_t first_len,
                     char **out_doc, size_t *out_len);

/*
 * bf__json_sniff tells which JSON format the first bytes p (n of them) of a
 * file are in, from the keys it sees: BF_FMT_MASTODON, BF_FMT_BLUESKY or
 * BF_FMT_TWITTER_V1 (the default for JSON).  Defined in sniff.c.
 */
bf_format bf__json_sniff(const char *p, size_t n);

/*
 * bf__json_sniff_keys is how many of the keys bf__json_sniff weighs occur
 * in p (n bytes): 0 when its answer is only the default.
 */
int bf__json_sniff_keys(const char *p, size_t n);

#endif
