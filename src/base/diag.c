/*
 * diag.c - the diagnostics catalog and collector.
 *
 * The catalog is a table indexed by bf_diag_id holding each entry's severity
 * and text; a static assertion keeps the table and the enum the same length.
 * The collector counts every diagnostic but keeps only the first
 * BF_DIAG_KEEP, so a file with millions of bad lines costs constant memory.
 */
#include "base/diag.h"

#include <stdlib.h>
#include <string.h>

static const struct {
    bf_severity sev;
    const char *text;
} catalog[] = {
    [BF_D_PRIVATE_SCRUBBED] = { BF_SEV_WARNING,
                                "e-mail address or phone number removed" },
    [BF_D_PROTECTED_POST] = { BF_SEV_WARNING,
                              "post of a protected account not stored" },
    [BF_D_BAD_DATE] = { BF_SEV_WARNING, "unreadable date left unknown" },
    [BF_D_BAD_COUNT] = { BF_SEV_WARNING, "unreadable counter left unknown" },
    [BF_D_SELF_FOLLOW] = { BF_SEV_WARNING, "account follows itself" },
    [BF_D_UTF8_REPAIRED] = { BF_SEV_WARNING, "invalid UTF-8 replaced" },
    [BF_D_LABEL_UNKNOWN] = { BF_SEV_WARNING, "unknown label left unset" },
    [BF_D_NO_SUBJECT] = { BF_SEV_WARNING,
                          "follower ids without --followers-of: no edges" },
    [BF_D_LINE_TOO_LONG] = { BF_SEV_ERROR, "record too long" },
    [BF_D_EDGE_FIELDS] = { BF_SEV_ERROR,
                           "expected two account ids (follower followee)" },
    [BF_D_BAD_ID] = { BF_SEV_ERROR, "invalid account id" },
    [BF_D_CSV_FIELDS] = { BF_SEV_ERROR, "wrong number of CSV fields" },
    [BF_D_CSV_QUOTE] = { BF_SEV_ERROR, "unterminated quoted CSV field" },
    [BF_D_JSON_SYNTAX] = { BF_SEV_ERROR, "invalid JSON" },
    [BF_D_JSON_SHAPE] = { BF_SEV_ERROR, "unexpected JSON value" },
    [BF_D_MISSING_FIELD] = { BF_SEV_ERROR, "required field missing" },
    [BF_D_BAD_ENCODING] = { BF_SEV_ERROR, "invalid UTF-8" },
    [BF_D_UNKNOWN_FORMAT] = { BF_SEV_ERROR, "unrecognised file format" },
    [BF_D_IO] = { BF_SEV_ERROR, "cannot read file" },
};

_Static_assert(sizeof catalog / sizeof catalog[0] == BF_D__COUNT,
               "every diagnostic id needs a catalog entry");

void bf_diags_init(bf_diags *d)
{
    memset(d, 0, sizeof *d);
}

void bf_diags_release(bf_diags *d)
{
    size_t i;

    for (i = 0; i < d->n; i++) {
        free(d->recs[i].file);
        free(d->recs[i].message);
    }
    free(d->recs);
    memset(d, 0, sizeof *d);
}

bf_severity bf_diag_severity(bf_diag_id id)
{
    return (unsigned)id < BF_D__COUNT ? catalog[id].sev : BF_SEV_ERROR;
}

const char *bf_diag_text(bf_diag_id id)
{
    return (unsigned)id < BF_D__COUNT ? catalog[id].text : "unknown problem";
}

static char *join_message(bf_diag_id id, const char *detail)
{
    const char *text = bf_diag_text(id);
    size_t n = strlen(text) + (detail ? strlen(detail) + 3 : 0) + 1;
    char *m = malloc(n);

    if (!m)
        return NULL;
    if (detail)
        snprintf(m, n, "%s: %s", text, detail);
    else
        snprintf(m, n, "%s", text);
    return m;
}

void bf_diag(bf_diags *d, bf_diag_id id, const char *file, uint64_t line,
             uint64_t offset, const char *detail)
{
    bf_diag_rec *r;

    if (bf_diag_severity(id) == BF_SEV_ERROR)
        d->rejected++;
    else
        d->warnings++;
    if (d->n >= BF_DIAG_KEEP)
        return;
    if (!d->recs) {
        d->recs = calloc(BF_DIAG_KEEP, sizeof *d->recs);
        if (!d->recs)
            return;
    }
    r = &d->recs[d->n];
    r->id = id;
    r->line = line;
    r->offset = offset;
    r->file = strdup(file ? file : "-");
    r->message = join_message(id, detail);
    if (!r->file || !r->message) {
        free(r->file);
        free(r->message);
        return;
    }
    d->n++;
    if (d->echo)
        bf_diag_print(r, d->echo);
}

void bf_diag_print(const bf_diag_rec *r, FILE *out)
{
    const char *sev =
            bf_diag_severity(r->id) == BF_SEV_ERROR ? "error" : "warning";

    if (r->line)
        fprintf(out, "%s:%llu: %s: %s\n", r->file, (unsigned long long)r->line,
                sev, r->message);
    else
        fprintf(out, "%s: %s: %s\n", r->file, sev, r->message);
}
