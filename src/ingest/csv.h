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
#include "base/diag.h"
#include "base/input.h"
#include "ingest/ingest.h"

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

/*
 * A table: a CSV whose first record names its columns (research tables
 * of accounts).  The reader lists the columns it wants by name, in slots,
 * with one slot left NULL for --label-column when it takes labels, and
 * reads each row's fields by slot, whatever the table's column order and
 * extra columns.  Names match without case; a byte-order mark before the
 * first is skipped.
 *
 *     static const char *const names[C__COUNT] = { [C_ID] = "id", ... };
 *     int col[C__COUNT];
 *     bf_csv_table t;
 *     bf__csv_table_init(&t, in, opts, diags, names, col, C__COUNT, C_LABEL);
 *     if (bf__csv_table_header(&t) == BF_OK && col[C_ID] >= 0)
 *         while ((err = bf__csv_table_next(&t)) == BF_OK)
 *             use(bf__csv_table_get(&t, C_ID));
 *     bf__csv_release(&t.csv);
 */
typedef struct bf_csv_table {
    bf_csv csv;
    const char *const *names; /* the wanted columns' names, by slot */
    int *col;                 /* each slot's field index, -1 when absent */
    int ncol;                 /* slots */
    int label;                /* the --label-column slot, -1 none */
    size_t nfields;           /* fields in the header */
    const char *file;         /* for diagnostics */
    bf_diags *diags;
    const bf_ingest_opts *opts;
} bf_csv_table;

/* bf__csv_table_init prepares t; every argument is borrowed. */
void bf__csv_table_init(bf_csv_table *t, bf_input *in,
                        const bf_ingest_opts *opts, bf_diags *diags,
                        const char *const *names, int *col, int ncol,
                        int label);

/*
 * bf__csv_table_header reads the header and maps the slots (a record too
 * long is reported and skipped; the next one is the header); a
 * --label-column the header does not name is reported.  t->csv then
 * holds the header's fields, for a reader's own extra names.  BF_OK, or
 * BF_ENOTFOUND when there is no header (an unclosed quote is reported),
 * or a read error.
 */
bf_err bf__csv_table_header(bf_csv_table *t);

/*
 * bf__csv_table_next reads the next row, reporting and skipping a record
 * too long and a row whose field count is not the header's.  BF_OK with
 * a row, BF_ENOTFOUND at the end (also after an unclosed quote, which is
 * reported), or a read error.
 */
bf_err bf__csv_table_next(bf_csv_table *t);

/* bf__csv_table_get is slot's field in the row, NULL when absent or
 * empty. */
const char *bf__csv_table_get(const bf_csv_table *t, int slot);

/* bf__csv_table_unknown is 1 when the table says nothing of slot: no such
 * column, or the row writes it as an unquoted NULL (an empty field is a
 * known empty value). */
int bf__csv_table_unknown(const bf_csv_table *t, int slot);

/* bf__csv_table_report files diagnostic id at the current row. */
void bf__csv_table_report(bf_csv_table *t, bf_diag_id id, const char *detail);

#endif
