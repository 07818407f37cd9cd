/*
 * serve_msgs.c - the web pages' sentences in English and French.
 *
 * A table indexed by message id holds both languages side by side, so a
 * missing translation shows at a glance and in the unit test.  Formatting
 * reuses the main catalog's number writer (bf_msg_number), walking the
 * format once: text is copied, each "%.Nf" takes the next argument, and
 * "%%" is a literal percent sign.
 */
#include "serve/serve_msgs.h"

#include <string.h>

static const char *const texts[BF_SMSG__COUNT][BF_LANG__COUNT] = {
    [BF_SMSG_SEARCH] = { "Search", "Rechercher" },
    [BF_SMSG_COMPARE] = { "Compare", "Comparer" },
    [BF_SMSG_UPLOAD] = { "Upload", "Importer" },
    [BF_SMSG_SEARCH_HINT] = { "Handle, name or platform (for example "
                              "sim:claire)",
                              "Identifiant, nom ou plateforme (par exemple "
                              "sim:claire)" },
    [BF_SMSG_SEARCH_BUTTON] = { "Search", "Rechercher" },
    [BF_SMSG_RESULTS] = { "%'.0f account{|s} found.",
                          "%'.0f compte{|s} trouvé{|s}." },
    [BF_SMSG_NO_RESULTS] = { "No account matches.",
                             "Aucun compte ne correspond." },
    [BF_SMSG_COMPARE_HINT] = { "Tick up to five accounts to compare them.",
                               "Cochez jusqu'à cinq comptes pour les "
                               "comparer." },
    [BF_SMSG_COMPARE_BUTTON] = { "Compare the ticked accounts",
                                 "Comparer les comptes cochés" },
    [BF_SMSG_AUDIT_LINK] = { "Audit", "Audit" },
    [BF_SMSG_UPLOAD_HINT] = { "Add data to the store: an X archive (.zip), "
                              "a Mastodon export, JSON lines or CSV.",
                              "Ajoutez des données : une archive X (.zip), un "
                              "export Mastodon, "
                              "des lignes JSON ou un CSV." },
    [BF_SMSG_UPLOAD_FILE] = { "File", "Fichier" },
    [BF_SMSG_UPLOAD_PLATFORM] = { "Platform (optional)",
                                  "Plateforme (facultatif)" },
    [BF_SMSG_UPLOAD_BUTTON] = { "Upload and ingest", "Importer" },
    [BF_SMSG_UPLOAD_LIMIT] = { "At most %'.0f MiB per file.",
                               "%'.0f Mio au plus par fichier." },
    [BF_SMSG_JOB] = { "Ingest job %.0f", "Import n° %.0f" },
    [BF_SMSG_JOB_QUEUED] = { "Waiting to start.", "En attente." },
    [BF_SMSG_JOB_RUNNING] = { "Reading the file...", "Lecture du fichier..." },
    [BF_SMSG_JOB_DONE] = { "Done.", "Terminé." },
    [BF_SMSG_JOB_FAILED] = { "Failed: nothing was written.",
                             "Échec : rien n'a été écrit." },
    [BF_SMSG_JOB_COUNTS] = { "Read %'.0f account{|s}, %'.0f post{|s} and "
                             "%'.0f follow{|s}.",
                             "Lu %'.0f compte{|s}, %'.0f publication{|s} et "
                             "%'.0f abonnement{|s}." },
    [BF_SMSG_JOB_REJECTED] = { "%'.0f record{|s} rejected, %'.0f "
                               "warning{|s}.",
                               "%'.0f enregistrement{|s} rejeté{|s}, %'.0f "
                               "avertissement{|s}." },
    [BF_SMSG_JOB_DIAGS] = { "Diagnostics", "Diagnostics" },
    [BF_SMSG_OTHER_LANG] = { "Français", "English" },
    [BF_SMSG_ERR_FORBIDDEN] = { "This form has expired or was sent from "
                                "another site: reload the upload page and "
                                "try again.",
                                "Ce formulaire a expiré ou vient d'un autre "
                                "site : rechargez la page d'import et "
                                "réessayez." },
    [BF_SMSG_ERR_NOT_FOUND] = { "No such account or page.",
                                "Ce compte ou cette page n'existe pas." },
    [BF_SMSG_ERR_BAD_REQUEST] = { "The request is not valid.",
                                  "La requête n'est pas valide." },
    [BF_SMSG_ERR_TOO_MANY] = { "At most five accounts can be compared.",
                               "On ne peut comparer que cinq comptes au "
                               "plus." },
    [BF_SMSG_ERR_INTERNAL] = { "Something went wrong on the server.",
                               "Une erreur est survenue sur le serveur." },
    [BF_SMSG_COL_ACCOUNT] = { "Account", "Compte" },
    [BF_SMSG_COL_NAME] = { "Name", "Nom" },
};

const char *bf_smsg(bf_lang lang, bf_smsg_id id)
{
    const char *s;

    if ((unsigned)id >= BF_SMSG__COUNT || (unsigned)lang >= BF_LANG__COUNT)
        return "";
    s = texts[id][lang];
    return s ? s : "";
}

bf_err bf_smsg_format(bf_buf *out, bf_lang lang, bf_smsg_id id,
                      const double *args, size_t nargs)
{
    bf_buf tmp;
    bf_err err;

    bf_buf_init(&tmp, 1 << 16);
    err = bf_msg_format_str(&tmp, lang, bf_smsg(lang, id), args, nargs);
    if (!err)
        err = bf_msg_typo(out, lang, tmp.data ? tmp.data : "", tmp.len);
    bf_buf_release(&tmp);
    return err;
}
