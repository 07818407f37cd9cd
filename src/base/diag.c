/*
 * diag.c - the diagnostics catalog and collector.
 *
 * The catalog is a table indexed by bf_diag_id holding each entry's severity
 * and its text in English and French; a static assertion keeps the table
 * and the enum the same length.  The language is one process-wide switch,
 * set once by the command line from the user's locale, because a
 * diagnostic's text is composed when it is recorded.
 * The collector counts every diagnostic but keeps only the first
 * BF_DIAG_KEEP, so a file with millions of bad lines costs constant memory.
 *
 * A diagnostic quotes its input, which is untrusted, so what is kept is
 * made safe once, when it is recorded, for every place it goes (a
 * terminal, a JSON answer, a web page, a log): contact details are
 * scrubbed first (base/privacy.h), on the whole detail, then control
 * bytes are written out as escapes (\x1B for ESC, \u0085 for a C1
 * control) so none reaches a terminal, invalid UTF-8 becomes U+FFFD, and
 * only then is the detail cut to length, on a character boundary: a
 * phone number cut first would no longer look like one.
 */
#include "base/diag.h"

#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/privacy.h"

/* Bytes of a detail looked at: a quoted line is never longer. */
#define DETAIL_WINDOW 4096

static const struct {
    bf_severity sev;
    const char *text[2]; /* English, French */
} catalog[] = {
    [BF_D_PRIVATE_SCRUBBED] = { BF_SEV_WARNING,
                                { "e-mail address or phone number removed",
                                  "adresse e-mail ou numéro de téléphone "
                                  "supprimé" } },
    [BF_D_PROTECTED_POST] = { BF_SEV_WARNING,
                              { "post not public, not stored",
                                "publication non publique, non "
                                "enregistrée" } },
    [BF_D_BAD_DATE] = { BF_SEV_WARNING,
                        { "unreadable date left unknown",
                          "date illisible laissée inconnue" } },
    [BF_D_BAD_COUNT] = { BF_SEV_WARNING,
                         { "unreadable counter left unknown",
                           "compteur illisible laissé inconnu" } },
    [BF_D_SELF_FOLLOW] = { BF_SEV_WARNING,
                           { "account follows itself",
                             "le compte s'abonne à lui-même" } },
    [BF_D_UTF8_REPAIRED] = { BF_SEV_WARNING,
                             { "invalid UTF-8 replaced",
                               "UTF-8 invalide remplacé" } },
    [BF_D_LABEL_UNKNOWN] = { BF_SEV_WARNING,
                             { "unknown label left unset",
                               "étiquette inconnue laissée vide" } },
    [BF_D_NO_SUBJECT] = { BF_SEV_WARNING,
                          { "follower ids without --followers-of: no edges",
                            "identifiants d'abonnés sans --followers-of : "
                            "aucun "
                            "lien" } },
    [BF_D_FILE_SKIPPED] = { BF_SEV_WARNING,
                            { "file in no format bonafide reads, skipped",
                              "fichier dans aucun format que bonafide lit, "
                              "ignoré" } },
    [BF_D_NOT_A_POST] = { BF_SEV_WARNING,
                          { "a comment on a post, not a post of the "
                            "account: not stored",
                            "commentaire d'une publication, pas une "
                            "publication du compte : non enregistré" } },
    [BF_D_LINE_TOO_LONG] = { BF_SEV_ERROR,
                             { "record too long",
                               "enregistrement trop long" } },
    [BF_D_EDGE_FIELDS] = { BF_SEV_ERROR,
                           { "expected two account ids (follower followee)",
                             "deux identifiants de compte attendus (abonné "
                             "abonnement)" } },
    [BF_D_BAD_ID] = { BF_SEV_ERROR,
                      { "invalid account id",
                        "identifiant de compte invalide" } },
    [BF_D_CSV_FIELDS] = { BF_SEV_ERROR,
                          { "wrong number of CSV fields",
                            "mauvais nombre de champs CSV" } },
    [BF_D_CSV_QUOTE] = { BF_SEV_ERROR,
                         { "unterminated quoted CSV field",
                           "champ CSV entre guillemets non fermé" } },
    [BF_D_JSON_SYNTAX] = { BF_SEV_ERROR, { "invalid JSON", "JSON invalide" } },
    [BF_D_JSON_SHAPE] = { BF_SEV_ERROR,
                          { "unexpected JSON value",
                            "valeur JSON inattendue" } },
    [BF_D_MISSING_FIELD] = { BF_SEV_ERROR,
                             { "required field missing",
                               "champ obligatoire absent" } },
    [BF_D_BAD_ENCODING] = { BF_SEV_ERROR,
                            { "invalid UTF-8", "UTF-8 invalide" } },
    [BF_D_UNKNOWN_FORMAT] = { BF_SEV_ERROR,
                              { "format not recognised",
                                "format non reconnu" } },
    [BF_D_IO] = { BF_SEV_ERROR, { "cannot read file", "fichier illisible" } },
};

/* The language of the texts: 0 English, 1 French (bf_diag_set_french). */
static int french;

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

void bf_diag_set_french(int on)
{
    french = on != 0;
}

int bf_diag_french(void)
{
    return french;
}

const char *bf_diag_text(bf_diag_id id)
{
    if ((unsigned)id >= BF_D__COUNT)
        return french ? "problème inconnu" : "unknown problem";
    return catalog[id].text[french];
}

/*
 * utf8_len is the length of the well-formed UTF-8 sequence at s (n bytes
 * available), or 0 when it is not one.
 */
static size_t utf8_len(const unsigned char *s, size_t n)
{
    unsigned char lo = 0x80, hi = 0xBF;
    size_t len, i;

    if (s[0] < 0x80)
        return 1;
    if (s[0] >= 0xC2 && s[0] <= 0xDF)
        len = 2;
    else if (s[0] >= 0xE0 && s[0] <= 0xEF)
        len = 3;
    else if (s[0] >= 0xF0 && s[0] <= 0xF4)
        len = 4;
    else
        return 0;
    if (s[0] == 0xE0)
        lo = 0xA0;
    else if (s[0] == 0xED)
        hi = 0x9F;
    else if (s[0] == 0xF0)
        lo = 0x90;
    else if (s[0] == 0xF4)
        hi = 0x8F;
    if (n < len || s[1] < lo || s[1] > hi)
        return 0;
    for (i = 2; i < len; i++)
        if (s[i] < 0x80 || s[i] > 0xBF)
            return 0;
    return len;
}

bf_err bf_diag_escape(bf_buf *out, const char *str, size_t n, size_t max)
{
    const unsigned char *s = (const unsigned char *)str;
    size_t i = 0, k, start = out->len;
    bf_err err = BF_OK;

    while (!err && i < n) {
        /* Stop before the character that would pass max bytes. */
        if (out->len - start >= max) {
            err = bf_buf_puts(out, "...");
            break;
        }
        k = utf8_len(s + i, n - i);
        if (k == 0) {
            err = bf_buf_puts(out, "\xEF\xBF\xBD");
            k = 1;
        } else if (k == 1 && (s[i] < 0x20 || s[i] == 0x7F)) {
            err = bf_buf_appendf(out, "\\x%02X", s[i]);
        } else if (k == 2 && s[i] == 0xC2 && s[i + 1] < 0xA0) {
            err = bf_buf_appendf(out, "\\u00%02X", s[i + 1]);
        } else {
            err = bf_buf_append(out, s + i, k);
        }
        i += k;
    }
    if (!err && !out->data)
        err = bf_buf_append(out, "", 0);
    return err;
}

/*
 * safe_text makes a kept copy of the first n bytes of s: scrubbed of
 * contact details when scrub is set, escaped, cut at max bytes.
 */
static char *safe_text(const char *s, size_t n, int scrub, size_t max)
{
    bf_buf raw, clean, esc;
    char *m = NULL;
    int found;

    bf_buf_init(&raw, DETAIL_WINDOW + 1);
    bf_buf_init(&clean, 8 * DETAIL_WINDOW);
    bf_buf_init(&esc, 8 * DETAIL_WINDOW);
    if (n > DETAIL_WINDOW)
        n = DETAIL_WINDOW;
    /* The scrubber reads a C string: a NUL inside ends the text there,
     * and bf_diag_escape has shown nothing of what followed anyway. */
    if (bf_buf_append(&raw, s, n) != BF_OK)
        goto out;
    if (scrub) {
        if (bf_privacy_scrub(raw.data, &clean, &found) != BF_OK)
            goto out;
    } else if (bf_buf_append(&clean, raw.data, strlen(raw.data)) != BF_OK) {
        goto out;
    }
    if (bf_diag_escape(&esc, clean.data, clean.len, max) != BF_OK)
        goto out;
    m = esc.data;
    esc.data = NULL;
out:
    bf_buf_release(&raw);
    bf_buf_release(&clean);
    bf_buf_release(&esc);
    return m;
}

static char *join_message(bf_diag_id id, const char *detail, size_t n)
{
    const char *text = bf_diag_text(id);
    char *safe = detail ? safe_text(detail, n, 1, BF_DIAG_DETAIL_MAX) : NULL;
    size_t len = strlen(text) + (safe ? strlen(safe) + 3 : 0) + 1;
    char *m;

    if (detail && !safe)
        return NULL;
    m = malloc(len);
    if (m && safe)
        snprintf(m, len, "%s: %s", text, safe);
    else if (m)
        snprintf(m, len, "%s", text);
    free(safe);
    return m;
}

void bf_diag(bf_diags *d, bf_diag_id id, const char *file, uint64_t line,
             uint64_t offset, const char *detail)
{
    bf_diag_quote(d, id, file, line, offset, detail,
                  detail ? strnlen(detail, DETAIL_WINDOW) : 0, 0);
}

void bf_diag_quote(bf_diags *d, bf_diag_id id, const char *file, uint64_t line,
                   uint64_t offset, const char *text, size_t n, size_t cut)
{
    bf_diag_rec *r;
    char *q = NULL, *safe = NULL;

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
    r->file = safe_text(file ? file : "-", strlen(file ? file : "-"), 0,
                        DETAIL_WINDOW);
    if (text && cut) {
        /* "the text", scrubbed whole, then cut to cut bytes. */
        safe = safe_text(text, n, 1, cut);
        q = safe ? malloc(strlen(safe) + 3) : NULL;
        if (q)
            snprintf(q, strlen(safe) + 3, "\"%s\"", safe);
        r->message = q ? join_message(id, q, strlen(q)) : NULL;
        free(safe);
        free(q);
    } else {
        r->message = join_message(id, text, n);
    }
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
    static const char *const words[2][2] = { { "error", "warning" },
                                             { "erreur", "avertissement" } };
    const char *sev = words[french][bf_diag_severity(r->id) != BF_SEV_ERROR];
    bf_buf file, msg;

    /* Kept records are safe already; a record filled by hand may not be,
     * and escaping twice changes nothing. */
    bf_buf_init(&file, 8 * DETAIL_WINDOW);
    bf_buf_init(&msg, 8 * DETAIL_WINDOW);
    if (bf_diag_escape(&file, r->file, strlen(r->file), DETAIL_WINDOW) ||
        bf_diag_escape(&msg, r->message, strlen(r->message), DETAIL_WINDOW))
        goto out;
    if (r->line)
        fprintf(out, "%s:%llu: %s: %s\n", file.data,
                (unsigned long long)r->line, sev, msg.data);
    else
        fprintf(out, "%s: %s: %s\n", file.data, sev, msg.data);
out:
    bf_buf_release(&file);
    bf_buf_release(&msg);
}
