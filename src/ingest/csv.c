/*
 * csv.c - the record reader.
 *
 * Lines come from bf_input.  A record's raw text is collected in a buffer:
 * when a line ends inside a quoted field, the newline is kept and the next
 * line appended, so a bio with line breaks stays one field.  Quote state is
 * tracked while copying, so each byte is looked at once.  Then the record
 * is split and unquoted in place in a second pass over the buffer, which
 * is short and already in cache.
 */
#include "ingest/csv.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

void bf__csv_init(bf_csv *c, bf_input *in, size_t limit)
{
    memset(c, 0, sizeof *c);
    c->in = in;
    bf_buf_init(&c->rec, limit);
}

void bf__csv_release(bf_csv *c)
{
    bf_buf_release(&c->rec);
}

/* scan_quotes says whether a quote is still open after s. */
static int scan_quotes(const char *s, size_t n, int open)
{
    size_t i;

    for (i = 0; i < n; i++)
        if (s[i] == '"')
            open = !open;
    return open;
}

/* split cuts the record in c->rec into fields, unquoting in place. */
static bf_err split(bf_csv *c)
{
    char *r = c->rec.data, *w;
    size_t i = 0, n = c->rec.len;

    c->nfields = 0;
    for (;;) {
        char *start;
        int quoted = 0;

        if (c->nfields == BF_CSV_MAX_FIELDS)
            return BF_ELIMIT;
        start = w = r + i;
        if (i < n && r[i] == '"') {
            quoted = 1;
            for (i++; i < n; i++) {
                if (r[i] == '"') {
                    if (i + 1 < n && r[i + 1] == '"') {
                        *w++ = '"';
                        i++;
                        continue;
                    }
                    i++;
                    break;
                }
                *w++ = r[i];
            }
            /* Text after the closing quote, before the comma, is kept. */
            while (i < n && r[i] != ',')
                *w++ = r[i++];
        } else {
            while (i < n && r[i] != ',')
                *w++ = r[i++];
        }
        c->lens[c->nfields] = (size_t)(w - start);
        c->fields[c->nfields] = start;
        if (!quoted && w - start == 4 && memcmp(start, "NULL", 4) == 0)
            c->fields[c->nfields] = NULL;
        c->nfields++;
        if (i >= n) {
            *w = '\0';
            return BF_OK;
        }
        *w = '\0';
        i++; /* the comma */
    }
}

/*
 * repair_nul replaces each NUL byte of the record by U+FFFD: a field is a
 * C string, and a NUL would end it early, so that "alice<NUL>x" passed
 * for the handle "alice".  Counted in c->nul_repaired.
 */
static bf_err repair_nul(bf_csv *c)
{
    bf_buf tmp;
    size_t i, start = 0;
    bf_err err = BF_OK;

    bf_buf_init(&tmp, c->rec.limit);
    for (i = 0; !err && i < c->rec.len; i++) {
        if (c->rec.data[i] != '\0')
            continue;
        err = bf_buf_append(&tmp, c->rec.data + start, i - start);
        if (!err)
            err = bf_buf_append(&tmp, "\xEF\xBF\xBD", 3);
        start = i + 1;
        c->nul_repaired++;
    }
    if (!err)
        err = bf_buf_append(&tmp, c->rec.data + start, c->rec.len - start);
    if (err) {
        bf_buf_release(&tmp);
        return err;
    }
    bf_buf_release(&c->rec);
    c->rec = tmp;
    return BF_OK;
}

bf_err bf__csv_next(bf_csv *c)
{
    const char *line;
    size_t len;
    int open = 0, first = 1, too_long = 0;
    bf_err err;

    bf_buf_reset(&c->rec);
    for (;;) {
        err = bf_input_line(c->in, &line, &len);
        if (err == BF_ENOTFOUND) {
            if (first)
                return BF_ENOTFOUND;
            return too_long ? BF_ELIMIT : BF_EPARSE;
        }
        if (err == BF_ELIMIT) {
            if (first) {
                c->line = bf_input_lineno(c->in);
                c->offset = bf_input_offset(c->in);
            }
            return BF_ELIMIT;
        }
        if (err)
            return err;
        if (first) {
            /* Blank lines between records are not records. */
            if (len == 0)
                continue;
            c->line = bf_input_lineno(c->in);
            c->offset = bf_input_offset(c->in);
            first = 0;
        } else if (!too_long && bf_buf_putc(&c->rec, '\n')) {
            too_long = 1;
        }
        if (!too_long && bf_buf_append(&c->rec, line, len))
            too_long = 1;
        open = scan_quotes(line, len, open);
        if (!open)
            break;
    }
    if (too_long)
        return BF_ELIMIT;
    if (c->rec.len > 0 && memchr(c->rec.data, '\0', c->rec.len) &&
        repair_nul(c) != BF_OK)
        return BF_ELIMIT;
    if (c->rec.len == 0) {
        c->nfields = 0;
        return BF_OK;
    }
    return split(c);
}

/* ---- tables: a header naming the columns ---- */

void bf__csv_table_init(bf_csv_table *t, bf_input *in,
                        const bf_ingest_opts *opts, bf_diags *diags,
                        const char *const *names, int *col, int ncol, int label)
{
    int c;

    memset(t, 0, sizeof *t);
    bf__csv_init(&t->csv, in, BF_INGEST_MAX_LINE);
    t->names = names;
    t->col = col;
    t->ncol = ncol;
    t->label = label;
    t->file = bf_input_name(in);
    t->diags = diags;
    t->opts = opts;
    for (c = 0; c < ncol; c++)
        col[c] = -1;
}

void bf__csv_table_report(bf_csv_table *t, bf_diag_id id, const char *detail)
{
    bf_diag(t->diags, id, t->file, t->csv.line, t->csv.offset, detail);
}

/* record reads a record, reporting what bf__csv_next refuses: an unclosed
 * quote ends the table (BF_ENOTFOUND), a record too long is skipped. */
static bf_err record(bf_csv_table *t)
{
    bf_err err;

    for (;;) {
        err = bf__csv_next(&t->csv);
        if (err == BF_EPARSE) {
            bf__csv_table_report(t, BF_D_CSV_QUOTE, NULL);
            return BF_ENOTFOUND;
        }
        if (err != BF_ELIMIT)
            return err;
        bf__csv_table_report(t, BF_D_LINE_TOO_LONG, NULL);
    }
}

bf_err bf__csv_table_header(bf_csv_table *t)
{
    const char *label = t->opts->label_column;
    bf_err err = record(t);
    size_t i;
    int c;

    if (err)
        return err;
    t->nfields = t->csv.nfields;
    for (i = 0; i < t->csv.nfields; i++) {
        const char *h = t->csv.fields[i] ? t->csv.fields[i] : "";

        /* A byte-order mark may precede the first name. */
        if (i == 0 && strncmp(h, "\xEF\xBB\xBF", 3) == 0)
            h += 3;
        for (c = 0; c < t->ncol; c++)
            if (t->col[c] < 0 && t->names[c] && strcasecmp(h, t->names[c]) == 0)
                t->col[c] = (int)i;
        if (label && t->label >= 0 && t->col[t->label] < 0 &&
            strcasecmp(h, label) == 0)
            t->col[t->label] = (int)i;
    }
    if (label && t->label >= 0 && t->col[t->label] < 0)
        bf__csv_table_report(t, BF_D_LABEL_UNKNOWN,
                             "no such column in the header");
    return BF_OK;
}

bf_err bf__csv_table_next(bf_csv_table *t)
{
    char why[64];
    bf_err err;

    while ((err = record(t)) == BF_OK) {
        if (t->csv.nfields == t->nfields)
            return BF_OK;
        snprintf(why, sizeof why, "%zu fields, header has %zu", t->csv.nfields,
                 t->nfields);
        bf__csv_table_report(t, BF_D_CSV_FIELDS, why);
    }
    return err;
}

const char *bf__csv_table_get(const bf_csv_table *t, int slot)
{
    int i = t->col[slot];

    if (i < 0 || (size_t)i >= t->csv.nfields || !t->csv.fields[i] ||
        !t->csv.fields[i][0])
        return NULL;
    return t->csv.fields[i];
}

int bf__csv_table_unknown(const bf_csv_table *t, int slot)
{
    int i = t->col[slot];

    return i < 0 || (size_t)i >= t->csv.nfields || !t->csv.fields[i];
}
