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
 */
#include "base/diag.h"

#include <stdlib.h>
#include <string.h>

static const struct {
    bf_severity sev;
    const char *text[2]; /* English, French */
} catalog[] = {
    [BF_D_PRIVATE_SCRUBBED] = { BF_SEV_WARNING,
                                { "e-mail address or phone number removed",
                                  "adresse e-mail ou numéro de téléphone "
                                  "supprimé" } },
    [BF_D_PROTECTED_POST] = { BF_SEV_WARNING,
                              { "post of a protected account not stored",
                                "publication d'un compte protégé non "
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
    static const char *const words[2][2] = { { "error", "warning" },
                                             { "erreur", "avertissement" } };
    const char *sev = words[french][bf_diag_severity(r->id) != BF_SEV_ERROR];

    if (r->line)
        fprintf(out, "%s:%llu: %s: %s\n", r->file, (unsigned long long)r->line,
                sev, r->message);
    else
        fprintf(out, "%s: %s: %s\n", r->file, sev, r->message);
}
