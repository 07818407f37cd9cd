/*
 * csv.h - an RFC 4180 record reader on top of bf_input.
 *
 * A record is one line, or several when a quoted field holds newlines (bios
 * and descriptions often do).  Fields are unquoted in place ("" becomes ")
 * and NUL-terminated; a field that was written unquoted as NULL is reported
 * as absent, the convention of database exports such as the Cresci 2015
 * tables.  A NUL byte, which would cut a field short, becomes U+FFFD.
 *
 * The reader owns the record's memory; fields stay valid until the next
 * call.  A record is capped at the input's line limit.
 *
 *     bf_csv c;
 *     bf__csv_init(&c, in);
 *     while ((err = bf__csv_next(&c)) == BF_OK)
 *         use(c.fields[0], c.nfields);
 *     bf__csv_release(&c);
 */
#ifndef BF_INGEST_CSV_H
#define BF_INGEST_CSV_H

#include "base/buf.h"
#include "base/input.h"

#define BF_CSV_MAX_FIELDS 256

typedef struct bf_csv {
    bf_input *in;
    bf_buf rec; /* the record's bytes, unquoted */
    size_t nfields;
    const char *fields[BF_CSV_MAX_FIELDS]; /* NULL for an absent field */
    size_t lens[BF_CSV_MAX_FIELDS];
    uint64_t line;         /* line where the record starts */
    uint64_t offset;       /* byte offset where it starts */
    uint64_t nul_repaired; /* NUL bytes replaced by U+FFFD, in all records */
} bf_csv;

/* bf__csv_init prepares c to read records from in (borrowed). */
void bf__csv_init(bf_csv *c, bf_input *in, size_t limit);

/* bf__csv_release frees c's memory. */
void bf__csv_release(bf_csv *c);

/*
 * bf__csv_next reads the next record.  BF_ENOTFOUND at the end, BF_EPARSE
 * for an unterminated quote (at end of input), BF_ELIMIT for a record
 * longer than the limit or with too many fields (skipped: the next call
 * goes on after it), BF_EIO on a read error.
 */
bf_err bf__csv_next(bf_csv *c);

#endif
