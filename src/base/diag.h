/*
 * diag.h - diagnostics about input, from a catalog.
 *
 * Readers never stop at the first bad record.  Each problem is reported with
 * an id from the catalog below, the file, the line and the byte offset where
 * the record starts; it is counted, and the run goes on.  The exit status of
 * a command is derived from the worst severity seen (mandoc's mandocerr is
 * the model).
 *
 * A bf_diags collector keeps the first BF_DIAG_KEEP diagnostics for display
 * and counts all of them.  The caller owns the collector; messages are
 * copied into it, so arguments are only borrowed.
 *
 *     bf_diags d;
 *     bf_diags_init(&d);
 *     bf_diag(&d, BF_D_EDGE_FIELDS, "edges.txt", 7, 120, "foo");
 *     printf("%zu rejected\n", d.rejected);
 *     bf_diags_release(&d);
 */
#ifndef BF_BASE_DIAG_H
#define BF_BASE_DIAG_H

#include <stdint.h>
#include <stdio.h>

#include "base/buf.h"
#include "base/err.h"

/* How many diagnostics a collector keeps for display; all are counted. */
#define BF_DIAG_KEEP 1000

/* The longest detail kept, in bytes, after scrubbing and escaping. */
#define BF_DIAG_DETAIL_MAX 300

typedef enum bf_severity {
    BF_SEV_WARNING, /* the record went in, with something dropped or fixed */
    BF_SEV_ERROR    /* the record was rejected */
} bf_severity;

/*
 * The catalog.  Ids are stable so scripts may match them; add new ones at
 * the end of their group.
 */
typedef enum bf_diag_id {
    /* Warnings: the record was kept. */
    BF_D_PRIVATE_SCRUBBED, /* an e-mail address or phone number was removed */
    BF_D_PROTECTED_POST,   /* a post not public (a protected account's, an
                              unlisted video, a followers-only toot) was
                              not stored */
    BF_D_BAD_DATE,         /* a date could not be read; left unknown */
    BF_D_BAD_COUNT,        /* a counter could not be read; left unknown */
    BF_D_SELF_FOLLOW,      /* an account follows itself; kept */
    BF_D_UTF8_REPAIRED,    /* invalid UTF-8 bytes replaced by U+FFFD */
    BF_D_LABEL_UNKNOWN,    /* a label value not understood; left unset */
    BF_D_NO_SUBJECT,       /* follower ids without the account they follow */
    BF_D_FILE_SKIPPED,     /* a file of a folder in no format bonafide
                              reads (a README, a licence) */
    BF_D_NOT_A_POST,       /* someone's comment on a post, not a post of
                              the account's: not stored */
    /* Errors: the record was rejected. */
    BF_D_LINE_TOO_LONG,  /* a line or record exceeds the size limit */
    BF_D_EDGE_FIELDS,    /* an edge line does not have two ids */
    BF_D_BAD_ID,         /* an id is empty or not a valid id */
    BF_D_CSV_FIELDS,     /* a CSV row has the wrong number of fields */
    BF_D_CSV_QUOTE,      /* a CSV quoted field is not closed */
    BF_D_JSON_SYNTAX,    /* a JSON line does not parse */
    BF_D_JSON_SHAPE,     /* valid JSON, but not the expected object */
    BF_D_MISSING_FIELD,  /* a required field is absent */
    BF_D_BAD_ENCODING,   /* the bytes are not valid UTF-8 */
    BF_D_UNKNOWN_FORMAT, /* the file's format could not be recognised */
    BF_D_IO,             /* the file could not be read */
    BF_D__COUNT
} bf_diag_id;

typedef struct bf_diag_rec {
    bf_diag_id id;
    char *file;      /* owned copy */
    uint64_t line;   /* 1-based; 0 when the problem is the whole file */
    uint64_t offset; /* byte offset of the record's start */
    char *message;   /* owned copy: the catalog text plus detail */
} bf_diag_rec;

typedef struct bf_diags {
    bf_diag_rec *recs; /* the first BF_DIAG_KEEP diagnostics */
    size_t n;          /* how many are in recs */
    size_t warnings;   /* all warnings seen */
    size_t rejected;   /* all errors seen: each is one rejected record */
    FILE *echo;        /* when set, each diagnostic is printed here too */
} bf_diags;

/* bf_diags_init makes an empty collector; it holds no memory yet. */
void bf_diags_init(bf_diags *d);

/* bf_diags_release frees what the collector kept. */
void bf_diags_release(bf_diags *d);

/* bf_diag_severity says whether id is a warning or an error. */
bf_severity bf_diag_severity(bf_diag_id id);

/*
 * bf_diag_set_french makes the catalog's texts and severity words French
 * (on != 0) or English (0, the default) for diagnostics recorded after
 * the call.  The command line sets it from the user's locale.
 */
void bf_diag_set_french(int on);

/* bf_diag_french is 1 when diagnostics are French, else 0. */
int bf_diag_french(void);

/* bf_diag_text is the catalog's text for id, in the language set. */
const char *bf_diag_text(bf_diag_id id);

/*
 * bf_diag records one diagnostic.  detail may be NULL; it is appended to the
 * catalog text (for example the offending token).  The caller passes it
 * whole: it is scrubbed of contact details (base/privacy.h), its control
 * bytes escaped and invalid UTF-8 replaced, and only then cut to
 * BF_DIAG_DETAIL_MAX bytes; the file name is escaped too.  So a kept
 * message is safe to print on a terminal, in JSON or in a page.  Running
 * out of memory only loses the kept copy, never the count.
 */
void bf_diag(bf_diags *d, bf_diag_id id, const char *file, uint64_t line,
             uint64_t offset, const char *detail);

/*
 * bf_diag_quote is bf_diag with the detail "text" quoted: the n bytes of
 * text (a line of input; only its first 4 KiB are looked at) are scrubbed
 * whole and then cut to cut bytes, "..." marking the cut.  cut 0 is
 * BF_DIAG_DETAIL_MAX, unquoted.
 */
void bf_diag_quote(bf_diags *d, bf_diag_id id, const char *file, uint64_t line,
                   uint64_t offset, const char *text, size_t n, size_t cut);

/*
 * bf_diag_escape appends the n bytes of s to out, safe for a terminal:
 * C0 controls and DEL as "\x1B", C1 controls as "\u0085", each invalid
 * UTF-8 byte as U+FFFD; after max bytes of output it writes "..." and
 * stops.  For any text from input printed where a terminal may see it.
 */
bf_err bf_diag_escape(bf_buf *out, const char *s, size_t n, size_t max);

/* bf_diag_print writes "file:line: error: text" for one record to out. */
void bf_diag_print(const bf_diag_rec *r, FILE *out);

#endif
