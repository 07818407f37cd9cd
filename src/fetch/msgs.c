/*
 * msgs.c - the English and French sentences of bonafide fetch.
 *
 * A table indexed by message id holds both languages side by side, so a
 * sentence cannot be added in one language only.  The formats come from
 * this table, never from input, which is why the one vfprintf below may
 * take a format that is not a literal.
 */
#include "fetch/msgs.h"

#include <stdarg.h>

static const char *const table[BF_FM__COUNT][BF_LANG__COUNT] = {
    [BF_FM_PROGRESS] = { "\r%s: %llu pages, %llu records, %.0f per second ",
                         "\r%s : %llu pages, %llu enregistrements, %.0f par "
                         "seconde " },
    [BF_FM_WAIT_RATE] = { "\rwaiting %.0f s on a rate limit ",
                          "\rattente de %.0f s : limite de requêtes "
                          "atteinte " },
    [BF_FM_WAIT_RETRY] = { "\rretrying in %.1f s after an error ",
                           "\rnouvel essai dans %.1f s après une erreur " },
    [BF_FM_SUMMARY] = { "%s: stored %llu accounts, %llu posts, %llu follows "
                        "from %llu pages (%llu requests)\n",
                        "%s : enregistré %llu comptes, %llu publications, "
                        "%llu abonnements depuis %llu pages (%llu "
                        "requêtes)\n" },
    [BF_FM_REJECTED] = { "%llu records rejected, %llu warnings\n",
                         "%llu enregistrements rejetés, %llu "
                         "avertissements\n" },
    [BF_FM_NOT_FOUND] = { "bonafide fetch: %s: no such account on its "
                          "platform\n",
                          "bonafide fetch : %s : ce compte n'existe pas sur "
                          "sa plateforme\n" },
    [BF_FM_NO_TOKEN] = { "bonafide fetch: the X API needs a bearer token: set "
                         "BONAFIDE_X_BEARER_TOKEN (docs/fetch.md)\n",
                         "bonafide fetch : l'API X demande un jeton "
                         "(bearer token) : définissez BONAFIDE_X_BEARER_TOKEN "
                         "(docs/fetch.md)\n" },
    [BF_FM_NET] = { "bonafide fetch: %s: the service could not be reached "
                    "after several tries (%s); run the same command again to "
                    "resume\n",
                    "bonafide fetch : %s : le service est resté injoignable "
                    "après plusieurs essais (%s) ; relancez la même commande "
                    "pour reprendre\n" },
    [BF_FM_HTTP] = { "bonafide fetch: %s: the service answered HTTP %ld "
                     "for %s\n",
                     "bonafide fetch : %s : le service a répondu HTTP %ld "
                     "pour %s\n" },
    [BF_FM_BAD_SPEC] = { "bonafide fetch: '%s' is not an account name: write "
                         "bsky:HANDLE, mastodon:@user@host, x:HANDLE, "
                         "youtube:@HANDLE, instagram:HANDLE or "
                         "facebook:PAGE\n",
                         "bonafide fetch : « %s » n'est pas un nom de "
                         "compte : écrivez bsky:IDENTIFIANT, "
                         "mastodon:@utilisateur@serveur, x:IDENTIFIANT, "
                         "youtube:@IDENTIFIANT, instagram:IDENTIFIANT ou "
                         "facebook:PAGE\n" },
    [BF_FM_STORE] = { "bonafide fetch: %s: writing to the store failed: %s\n",
                      "bonafide fetch : %s : l'écriture dans la base a "
                      "échoué : %s\n" },
    [BF_FM_BAD_NUMBER] = { "bonafide fetch: %s takes a whole number\n",
                           "bonafide fetch : %s attend un nombre entier\n" },
    [BF_FM_BAD_SERVICE] = { "bonafide fetch: '%s' is not an http:// or "
                            "https:// address\n",
                            "bonafide fetch : « %s » n'est pas une adresse "
                            "http:// ou https://\n" },
    [BF_FM_RESUMED] = { "%s: resuming where the last run stopped\n",
                        "%s : reprise là où la dernière exécution s'est "
                        "arrêtée\n" },
    [BF_FM_NO_KEY] = { "bonafide fetch: the YouTube Data API needs an API key: "
                       "set BONAFIDE_YOUTUBE_API_KEY, or "
                       "BONAFIDE_YOUTUBE_API_KEY_FILE to a file holding it "
                       "(docs/fetch.md)\n",
                       "bonafide fetch : l'API YouTube Data demande une clé : "
                       "définissez BONAFIDE_YOUTUBE_API_KEY, ou "
                       "BONAFIDE_YOUTUBE_API_KEY_FILE vers un fichier qui la "
                       "contient (docs/fetch.md)\n" },
    [BF_FM_NO_GRAPH] = { "bonafide fetch: Instagram and Facebook need a "
                         "Graph API token in BONAFIDE_GRAPH_TOKEN (or the "
                         "file BONAFIDE_GRAPH_TOKEN_FILE), and Instagram the "
                         "token's business account id in BONAFIDE_IG_USER_ID "
                         "(docs/fetch.md)\n",
                         "bonafide fetch : Instagram et Facebook demandent un "
                         "jeton Graph API dans BONAFIDE_GRAPH_TOKEN (ou le "
                         "fichier BONAFIDE_GRAPH_TOKEN_FILE), et Instagram "
                         "l'identifiant du compte professionnel du jeton dans "
                         "BONAFIDE_IG_USER_ID (docs/fetch.md)\n" },
};

const char *bf_fetch_msg(bf_lang lang, bf_fetch_msg_id id)
{
    if ((unsigned)id >= BF_FM__COUNT)
        return "";
    if ((unsigned)lang >= BF_LANG__COUNT)
        lang = BF_LANG_EN;
    return table[id][lang];
}

#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"

void bf_fetch_say(FILE *out, bf_lang lang, bf_fetch_msg_id id, ...)
{
    va_list ap;

    if (!out)
        return;
    va_start(ap, id);
    vfprintf(out, bf_fetch_msg(lang, id), ap);
    va_end(ap);
    fflush(out);
}

#pragma GCC diagnostic pop
