/*
 * serve_home.c - the home page, audit by pasted address, the file to ask
 * for, the not-found page, and the browser's language.
 *
 * The home page says what bonafide does in three steps and offers the
 * first one at once: a field where the candidate's profile address is
 * pasted.  The field posts to /open (a form with the CSRF token of
 * serve_guard.c, checked again here; serve.c has already refused another
 * site's Origin), which reads the address with bf_addr_parse
 * (src/fetch/address.h) and then, in order: sends the browser to the
 * report when the store holds the account; starts a live collection (the
 * job machinery of serve_jobs.c, running the code of bonafide fetch) when
 * the platform can be collected, whose page ends on the report; or says
 * why the account cannot be collected and which export file to ask the
 * candidate for, with a link to the upload form.  A GET of /open does all
 * but start a collection: it offers it behind a button, so a link can
 * never make the server contact a platform.
 *
 * Below the steps, the home page lists the accounts last checked through
 * the page (collected, uploaded, or pasted and found), which the store
 * keeps (store/team.h) so that they outlive the server; each shows its
 * verdict only when serve_team.c already holds it for the store's
 * generation, so the list costs reads, never an audit.
 *
 * The language: ?lang= first (and a cookie then remembers it), then that
 * cookie, then the browser's Accept-Language, then English; serve.c asks
 * bf_serve_cookie_lang and bf_serve_accept_lang.  Every sentence of these
 * pages is in the catalog below, in both languages.
 */
#include "serve/serve_home.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "fetch/address.h"
#include "fetch/fetch.h"
#include "serve/serve_msgs.h"
#include "store/search.h"

/* ---- the catalog ---- */

static const char *const texts[BF__HMSG_COUNT][BF_LANG__COUNT] = {
    [BF_HMSG_HOME] = { "Home", "Accueil" },
    [BF_HMSG_TITLE] = { "Is this expert's audience real?",
                        "L'audience de cet expert est-elle réelle ?" },
    [BF_HMSG_INTRO] = { "Someone offers to run your social media. bonafide "
                        "reads the data of their account, or of the "
                        "accounts they say they grew, and tells you whether "
                        "the followers and the engagement are real, with "
                        "the evidence.",
                        "Quelqu'un vous propose de gérer vos réseaux "
                        "sociaux. bonafide lit les données de son compte, "
                        "ou des comptes qu'il dit avoir fait grandir, et "
                        "vous dit si les abonnés et l'engagement sont "
                        "réels, preuves à l'appui." },
    [BF_HMSG_STEPS] = { "How it works", "Comment ça marche" },
    [BF_HMSG_STEP1] = { "1. Paste the profile of the candidate",
                        "1. Collez le profil du candidat" },
    [BF_HMSG_STEP1_TEXT] = { "The address of their page on Bluesky, "
                             "Mastodon, X, Instagram, Facebook, TikTok, "
                             "LinkedIn or YouTube, or platform:handle.",
                             "L'adresse de sa page sur Bluesky, Mastodon, X, "
                             "Instagram, Facebook, TikTok, LinkedIn ou "
                             "YouTube, ou plateforme:identifiant." },
    [BF_HMSG_STEP2] = { "2. Read the verdict and its evidence",
                        "2. Lisez le verdict et ses preuves" },
    [BF_HMSG_STEP2_TEXT] = { "Each finding says what was measured, what it "
                             "means and how sure it is.",
                             "Chaque constat dit ce qui a été mesuré, ce que "
                             "cela signifie et avec quelle certitude." },
    [BF_HMSG_STEP3] = { "3. Compare and decide", "3. Comparez et décidez" },
    [BF_HMSG_STEP3_TEXT] = { "Put the candidates side by side and keep the "
                             "ones whose audience is real.",
                             "Mettez les candidats côte à côte et gardez "
                             "ceux dont l'audience est réelle." },
    [BF_HMSG_PASTE_LABEL] = { "Profile address or handle",
                              "Adresse du profil ou identifiant" },
    [BF_HMSG_PASTE_HINT] = { "https://bsky.app/profile/name.bsky.social",
                             "https://bsky.app/profile/nom.bsky.social" },
    [BF_HMSG_PASTE_BUTTON] = { "Check this account", "Vérifier ce compte" },
    [BF_HMSG_UPLOAD_LINK] = { "The candidate sent you an export of an "
                              "account? Upload it.",
                              "Le candidat vous a envoyé l'export d'un "
                              "compte ? Importez-le." },
    [BF_HMSG_SHORTLIST_LINK] = { "Candidates already checked",
                                 "Candidats déjà vérifiés" },
    [BF_HMSG_SEARCH_TITLE] = { "Search the accounts in the store",
                               "Chercher parmi les comptes de la base" },
    [BF_HMSG_STORE_SIZE] = { "The store holds %'.0f account{|s}.",
                             "La base contient %'.0f compte{|s}." },
    [BF_HMSG_BAD_ADDRESS] = { "This is not a profile address bonafide can "
                              "read. Paste the address of the profile page, "
                              "for example https://bsky.app/profile/"
                              "name.bsky.social or https://mastodon.social/"
                              "@name, or write platform:handle.",
                              "Ce n'est pas une adresse de profil que "
                              "bonafide sait lire. Collez l'adresse de la "
                              "page du profil, par exemple https://bsky.app/"
                              "profile/nom.bsky.social ou https://"
                              "mastodon.social/@nom, ou écrivez "
                              "plateforme:identifiant." },
    [BF_HMSG_ASK_TITLE] = { "This account cannot be collected here",
                            "Ce compte ne peut pas être collecté ici" },
    [BF_HMSG_WHY_NO_API] = { "Its platform offers no public interface that "
                             "bonafide may read without the account "
                             "holder: only the holder can export the "
                             "account's data.",
                             "Sa plateforme n'offre pas d'interface publique "
                             "que bonafide puisse lire sans le titulaire du "
                             "compte : seul le titulaire peut en exporter "
                             "les données." },
    [BF_HMSG_WHY_NO_KEY] = { "Its platform gives its data only with an "
                             "access key, and this server has none (see "
                             "docs/fetch.md to configure one).",
                             "Sa plateforme ne donne ses données qu'avec une "
                             "clé d'accès, et ce serveur n'en a pas (voir "
                             "docs/fetch.md pour en configurer une)." },
    [BF_HMSG_WHY_HOST] = { "The account is not in the store.",
                           "Ce compte n'est pas dans la base." },
    [BF_HMSG_ASK_FILE] = { "Ask the candidate for this file:",
                           "Demandez ce fichier au candidat :" },
    [BF_HMSG_EXPORT_INSTAGRAM] = { "Instagram: Settings, Accounts Centre, Your "
                                   "information and "
                                   "permissions, Download your information. "
                                   "Choose the JSON format "
                                   "and at least \"Followers and following\" "
                                   "(followers_and_following) and \"Content\".",
                                   "Instagram : Paramètres, Espace Comptes, "
                                   "Vos informations et "
                                   "autorisations, Télécharger vos "
                                   "informations. Choisissez le "
                                   "format JSON et au moins « Followers et "
                                   "suivis » "
                                   "(followers_and_following) et « Contenu "
                                   "»." },
    [BF_HMSG_EXPORT_FACEBOOK] = { "Facebook: Settings, Accounts Centre, Your "
                                  "information and "
                                  "permissions, Download your information. "
                                  "Choose the JSON format "
                                  "and at least \"Friends and followers\" "
                                  "(friends_and_followers) "
                                  "and \"Your posts\".",
                                  "Facebook : Paramètres, Espace Comptes, Vos "
                                  "informations et "
                                  "autorisations, Télécharger vos "
                                  "informations. Choisissez le "
                                  "format JSON et au moins « Amis et followers "
                                  "» "
                                  "(friends_and_followers) et « Vos "
                                  "publications »." },
    [BF_HMSG_EXPORT_TIKTOK] = { "TikTok: Settings and privacy, Account, "
                                "Download your data. "
                                "Choose JSON: the file is "
                                "user_data_tiktok.json.",
                                "TikTok : Paramètres et confidentialité, "
                                "Compte, Télécharger vos "
                                "données. Choisissez JSON : le fichier est "
                                "user_data_tiktok.json." },
    [BF_HMSG_EXPORT_LINKEDIN] = { "LinkedIn: Settings, Data privacy, Get a "
                                  "copy of your data, "
                                  "with Connections and Shares "
                                  "(Connections.csv, Shares.csv).",
                                  "LinkedIn : Préférences, Confidentialité des "
                                  "données, Obtenir "
                                  "une copie de vos données, avec Relations et "
                                  "Partages "
                                  "(Connections.csv, Shares.csv)." },
    [BF_HMSG_EXPORT_X] = { "X: Settings, Your account, Download an archive of "
                           "your data "
                           "(a .zip with follower.js and tweets.js).",
                           "X : Paramètres, Votre compte, Télécharger une "
                           "archive de vos "
                           "données (un .zip avec follower.js et tweets.js)." },
    [BF_HMSG_EXPORT_YOUTUBE] = { "YouTube: Google Takeout "
                                 "(takeout.google.com), \"YouTube and "
                                 "YouTube Music\".",
                                 "YouTube : Google Takeout "
                                 "(takeout.google.com), « YouTube et "
                                 "YouTube Music »." },
    [BF_HMSG_EXPORT_OTHER] = { "The account's data export from its platform, "
                               "as JSON or CSV "
                               "(docs/formats.md lists what bonafide reads).",
                               "L'export des données du compte depuis sa "
                               "plateforme, en JSON ou "
                               "en CSV (docs/formats.md dit ce que bonafide "
                               "sait lire)." },
    [BF_HMSG_ASK_UPLOAD] = { "Then upload it here.", "Puis importez-le ici." },
    [BF_HMSG_COLLECT_TITLE] = { "Collect this account", "Collecter ce compte" },
    [BF_HMSG_COLLECT_TEXT] = { "The account is not in the store yet. bonafide "
                               "can collect it "
                               "now from its platform's public interface: the "
                               "profile, the "
                               "%.0f most recent posts and up to %'.0f "
                               "followers.",
                               "Ce compte n'est pas encore dans la base. "
                               "bonafide peut le "
                               "collecter maintenant depuis l'interface "
                               "publique de sa "
                               "plateforme : le profil, les %.0f publications "
                               "les plus "
                               "récentes et jusqu'à %'.0f abonnés." },
    [BF_HMSG_COLLECT_BUTTON] = { "Collect it now", "Le collecter maintenant" },
    [BF_HMSG_NF_TITLE] = { "Account not found", "Compte introuvable" },
    [BF_HMSG_NF_TEXT] = { "The store holds no account named",
                          "La base ne contient aucun compte nommé" },
    [BF_HMSG_NF_SUGGEST] = { "Did you mean:", "Vouliez-vous dire :" },
    [BF_HMSG_NF_PASTE] = { "Paste its profile address to collect it, or "
                           "upload an export of it.",
                           "Collez l'adresse de son profil pour le "
                           "collecter, ou importez-en un export." },
    [BF_HMSG_ACCOUNT] = { "Account", "Compte" },
    [BF_HMSG_FETCH_JOB] = { "Collection %.0f", "Collecte n° %.0f" },
    [BF_HMSG_FETCH_QUEUED] = { "Waiting for another job to end.",
                               "En attente de la fin d'une autre tâche." },
    [BF_HMSG_FETCH_RUNNING] = { "Collecting from the platform; this page "
                                "updates itself.",
                                "Collecte en cours auprès de la plateforme ; "
                                "cette page se met à jour d'elle-même." },
    [BF_HMSG_FETCH_DONE] = { "Collected.", "Collecte terminée." },
    [BF_HMSG_FETCH_NOT_FOUND] = { "The platform says there is no such "
                                  "account.",
                                  "La plateforme indique que ce compte "
                                  "n'existe pas." },
    [BF_HMSG_FETCH_NET] = { "The platform could not be reached. What was "
                            "collected is kept; a new try goes on from "
                            "there.",
                            "La plateforme n'a pas pu être jointe. Ce qui a "
                            "été collecté est gardé ; un nouvel essai "
                            "reprendra à partir de là." },
    [BF_HMSG_FETCH_FAILED] = { "The collection failed.",
                               "La collecte a échoué." },
    [BF_HMSG_FETCH_COUNTS] = { "%'.0f page{|s} read; %'.0f account{|s}, "
                               "%'.0f post{|s} and %'.0f follow{|s} stored.",
                               "%'.0f page{|s} lue{|s} ; %'.0f compte{|s}, "
                               "%'.0f publication{|s} et %'.0f "
                               "abonnement{|s} enregistré{|s}." },
    [BF_HMSG_FETCH_REPORT] = { "Open the report", "Ouvrir le rapport" },
    [BF_HMSG_STARTED] = { "Started on", "Commencée le" },
    [BF_HMSG_DIAGS_NOTE] = { "The messages below are written by the file "
                             "readers, in English.",
                             "Les messages ci-dessous sont écrits par les "
                             "lecteurs de fichiers, en anglais." },
    [BF_HMSG_DIAG_LINE] = { "line %.0f", "ligne %.0f" },
    [BF_HMSG_SEV_ERROR] = { "error", "erreur" },
    [BF_HMSG_SEV_WARNING] = { "warning", "avertissement" },
    [BF_HMSG_BUSY] = { "Too many jobs are waiting; try again in a minute.",
                       "Trop de tâches sont en attente ; réessayez dans une "
                       "minute." },
    [BF_HMSG_RECENT] = { "Recently checked", "Vérifiés récemment" },
};

const char *bf_hmsg(bf_lang lang, bf_hmsg_id id)
{
    const char *s;

    if ((unsigned)id >= BF__HMSG_COUNT || (unsigned)lang >= BF_LANG__COUNT)
        return "";
    s = texts[id][lang];
    return s ? s : "";
}

bf_err bf_hmsg_put(bf_buf *out, bf_lang lang, bf_hmsg_id id, const double *args,
                   size_t nargs)
{
    bf_buf tmp, typo;
    bf_err err;

    bf_buf_init(&tmp, 1 << 16);
    bf_buf_init(&typo, 1 << 17);
    err = bf_msg_format_str(&tmp, lang, bf_hmsg(lang, id), args, nargs);
    if (!err)
        err = bf_msg_typo(&typo, lang, tmp.data ? tmp.data : "", tmp.len);
    if (!err)
        err = bf_buf_html(out, typo.data ? typo.data : "");
    bf_buf_release(&typo);
    bf_buf_release(&tmp);
    return err;
}

/* ---- the language ---- */

/*
 * One entry of Accept-Language is "tag[;q=VALUE]" with optional white
 * space; the tag's primary subtag decides (fr-CA is French).  q is 0 to 1
 * with at most three decimals; an entry whose q cannot be read is
 * skipped, as RFC 9110 lets a server ignore what it does not understand.
 */
int bf_serve_accept_lang(const char *h)
{
    double best = 0, star = -1, q;
    int found = -1, listed[BF_LANG__COUNT] = { 0 };

    if (!h || strlen(h) > 4096)
        return -1;
    while (*h) {
        size_t n = strcspn(h, ","), tl;
        const char *e = h, *end = h + n, *semi;
        char tag[16];

        while (e < end && (*e == ' ' || *e == '\t'))
            e++;
        semi = memchr(e, ';', (size_t)(end - e));
        tl = (size_t)((semi ? semi : end) - e);
        while (tl > 0 && (e[tl - 1] == ' ' || e[tl - 1] == '\t'))
            tl--;
        q = 1;
        if (semi) {
            const char *p = semi + 1;
            char *qe;

            while (p < end && (*p == ' ' || *p == '\t'))
                p++;
            if (end - p >= 3 && (p[0] == 'q' || p[0] == 'Q') && p[1] == '=' &&
                (p[2] == '0' || p[2] == '1')) {
                q = strtod(p + 2, &qe);
                while (qe < end && (*qe == ' ' || *qe == '\t'))
                    qe++;
                if (qe != end || q < 0 || q > 1)
                    q = -1;
            } else {
                q = -1;
            }
        }
        if (q >= 0 && tl > 0 && tl < sizeof tag) {
            bf_lang l;

            memcpy(tag, e, tl);
            tag[tl] = '\0';
            for (size_t i = 0; i < tl; i++)
                tag[i] = (char)tolower((unsigned char)tag[i]);
            if (strcmp(tag, "*") == 0) {
                star = q;
            } else if (bf_lang_parse(tag, &l) == BF_OK &&
                       (tag[2] == '\0' || tag[2] == '-')) {
                listed[l] = 1;
                if (q > best) {
                    best = q;
                    found = (int)l;
                }
            }
        }
        h = *end ? end + 1 : end;
    }
    /* "*" gives its q to the languages not listed by name. */
    if (star > best) {
        if (!listed[BF_LANG_EN])
            found = BF_LANG_EN;
        else if (!listed[BF_LANG_FR])
            found = BF_LANG_FR;
    }
    return found;
}

int bf_serve_cookie_lang(const char *h)
{
    static const char name[] = BF__LANG_COOKIE "=";

    while (h && *h) {
        while (*h == ' ' || *h == ';')
            h++;
        if (strncmp(h, name, sizeof name - 1) == 0) {
            const char *v = h + sizeof name - 1;
            size_t n = strcspn(v, "; ");

            if (n == 2 && strncmp(v, "fr", 2) == 0)
                return BF_LANG_FR;
            if (n == 2 && strncmp(v, "en", 2) == 0)
                return BF_LANG_EN;
            return -1;
        }
        h += strcspn(h, ";");
    }
    return -1;
}

/* ---- forms ---- */

int bf__form_value(const char *body, const char *key, char *out, size_t cap)
{
    size_t klen = strlen(key);
    const char *p = body;

    while (p && *p) {
        size_t n = strcspn(p, "&");

        if (n > klen && strncmp(p, key, klen) == 0 && p[klen] == '=') {
            const char *v = p + klen + 1, *end = p + n;
            size_t o = 0;

            for (; v < end; v++) {
                int c = (unsigned char)*v;

                if (c == '+') {
                    c = ' ';
                } else if (c == '%') {
                    int hi, lo;

                    if (end - v < 3 || !isxdigit((unsigned char)v[1]) ||
                        !isxdigit((unsigned char)v[2]))
                        return 0;
                    hi = isdigit((unsigned char)v[1])
                                 ? v[1] - '0'
                                 : tolower((unsigned char)v[1]) - 'a' + 10;
                    lo = isdigit((unsigned char)v[2])
                                 ? v[2] - '0'
                                 : tolower((unsigned char)v[2]) - 'a' + 10;
                    c = hi * 16 + lo;
                    v += 2;
                }
                if (c == 0 || o + 1 >= cap)
                    return 0;
                out[o++] = (char)c;
            }
            out[o] = '\0';
            return 1;
        }
        p += n + (p[n] == '&');
    }
    return 0;
}

/* ---- pieces of pages ---- */

/*
 * The home pages' own stylesheet, inline like the frame's (the CSP
 * allows style, not script).  Text and links keep a contrast above 4.5:1;
 * the field takes the whole width on a phone.
 */
static const char home_style[] =
        "<style>"
        ".bf-steps{padding-left:0;list-style:none;display:grid;gap:1rem;"
        "grid-template-columns:repeat(auto-fit,minmax(15rem,1fr))}"
        ".bf-steps li{border:1px solid #ccc;border-radius:6px;padding:.2rem "
        "1rem}"
        ".bf-steps h3{font-size:1.05rem}"
        ".bf-paste{display:flex;flex-wrap:wrap;gap:.5rem;align-items:center}"
        ".bf-paste input[type=text],.bf-paste input[type=search]{flex:1 1 "
        "16rem;min-width:0;font-size:1rem;padding:.4rem}"
        ".bf-paste button{font-size:1rem;padding:.4rem .8rem}"
        ".bf-note{color:#444}"
        ".bf-ask{border-left:4px solid #b35c00;padding:.2rem 1rem}"
        "</style>\n";

/* esc_url appends s escaped for a query value (RFC 3986 unreserved). */
static bf_err esc_url(bf_buf *b, const char *s)
{
    return bf_fetch_url_escape(b, s);
}

/*
 * paste_form writes the paste field: a POST to /open carrying a fresh
 * CSRF token.  value prefills it (escaped).
 */
static bf_err paste_form(bf_buf *b, const bf_server *srv, bf_lang lang,
                         const char *value)
{
    char tok[BF__CSRF_LEN + 1];
    bf_err err;

    bf__csrf_make(srv, time(NULL), tok);
    err = bf_buf_appendf(b,
                         "<form id=\"paste-form\" class=\"bf-paste\" "
                         "method=\"post\" action=\"/open?lang=%s\">\n"
                         "<input type=\"hidden\" name=\"csrf\" value=\"%s\">\n"
                         "<label for=\"paste-q\">",
                         bf_lang_code(lang), tok);
    if (!err)
        err = bf_hmsg_put(b, lang, BF_HMSG_PASTE_LABEL, NULL, 0);
    if (!err)
        err = bf_buf_appendf(b, "</label>\n<input id=\"paste-q\" "
                                "type=\"text\" name=\"q\" required "
                                "maxlength=\"2048\" autocomplete=\"off\" "
                                "spellcheck=\"false\" placeholder=\"");
    if (!err)
        err = bf_hmsg_put(b, lang, BF_HMSG_PASTE_HINT, NULL, 0);
    if (!err)
        err = bf_buf_puts(b, "\" value=\"");
    if (!err)
        err = bf_buf_html(b, value ? value : "");
    if (!err)
        err = bf_buf_puts(b, "\">\n<button id=\"paste-btn\" type=\"submit\">");
    if (!err)
        err = bf_hmsg_put(b, lang, BF_HMSG_PASTE_BUTTON, NULL, 0);
    if (!err)
        err = bf_buf_puts(b, "</button>\n</form>\n");
    return err;
}

/* upload_link writes the paragraph that leads to the upload form. */
static bf_err upload_link(bf_buf *b, bf_lang lang, bf_hmsg_id text)
{
    bf_err err = bf_buf_appendf(b,
                                "<p><a id=\"home-upload\" "
                                "href=\"/upload?lang=%s\">",
                                bf_lang_code(lang));

    if (!err)
        err = bf_hmsg_put(b, lang, text, NULL, 0);
    if (!err)
        err = bf_buf_puts(b, "</a></p>\n");
    return err;
}

/* page_start writes the frame, the home style and <main>. */
static void page_start(bf_buf *b, bf_lang lang, bf_hmsg_id title,
                       const char *self)
{
    bf__html_head(b, lang, bf_hmsg(lang, title), self);
    bf_buf_puts(b, home_style);
    bf_buf_puts(b, "<main>\n");
}

static void page_end(bf_buf *b)
{
    bf_buf_puts(b, "</main>\n");
    bf__html_tail(b);
}

/*
 * recent lists the accounts the page was last asked about, from the
 * store (store/team.h), newest first: each its name, linked to its report
 * by "platform:#native_id" (two accounts of a platform may share a
 * handle), and its verdict when the server holds it for the store as it
 * is (serve_team.c): the list never costs an audit.  Nothing when the
 * list is empty or cannot be read.
 */
static void recent(bf_server *srv, bf__handle *h, bf_buf *b, bf_lang lang)
{
    uint32_t ids[BF_CHECKED_MAX];
    uint64_t gen = 0;
    size_t n = 0, i;
    int have_gen;

    if (bf_store_checked(h->st, ids, BF_CHECKED_MAX, &n) != BF_OK || !n)
        return;
    have_gen = bf__generation(srv, h, &gen) == BF_OK;
    bf_buf_puts(b, "<h2 id=\"recent-title\">");
    bf_hmsg_put(b, lang, BF_HMSG_RECENT, NULL, 0);
    bf_buf_puts(b, "</h2>\n<ul id=\"recent\">\n");
    for (i = 0; i < n; i++) {
        bf_account_row row;
        const bf_account *a = &row.a;
        const char *plat;
        bf_verdict v;
        char exact[600];

        if (bf_store_account(h->st, ids[i], &row) != BF_OK)
            continue;
        plat = a->platform ? a->platform : "generic";
        snprintf(exact, sizeof exact, "%s:#%s", plat,
                 a->native_id ? a->native_id : "");
        bf_buf_puts(b, "<li class=\"recent-account\"><a href=\"/audit?a=");
        esc_url(b, exact);
        bf_buf_appendf(b, "&amp;lang=%s\">", bf_lang_code(lang));
        bf_buf_html(b, plat);
        bf_buf_putc(b, ':');
        bf_buf_html(b, a->handle && a->handle[0]
                               ? a->handle
                               : (a->native_id ? a->native_id : ""));
        bf_buf_puts(b, "</a>");
        if (have_gen && bf__verdict_peek(srv, ids[i], gen, &v)) {
            bf_buf_appendf(b,
                           " <span class=\"verdict\" "
                           "data-verdict=\"%s\">",
                           bf_verdict_key(v));
            bf_buf_html(b, bf_msg(lang, bf_verdict_msg(v)));
            bf_buf_puts(b, "</span>");
        }
        bf_buf_puts(b, "</li>\n");
        bf_account_row_release(&row);
    }
    bf_buf_puts(b, "</ul>\n");
}

/* ---- the home page ---- */

void bf__home_page(bf_server *srv, const bf__req *rq, bf__reply *r)
{
    bf_lang lang = rq->lang;
    const char *code = bf_lang_code(lang);
    bf_buf *b = &r->body;
    bf__handle *h;
    uint32_t n = 0;
    double dn;
    bf_err err;
    static const bf_hmsg_id steps[3][2] = {
        { BF_HMSG_STEP1, BF_HMSG_STEP1_TEXT },
        { BF_HMSG_STEP2, BF_HMSG_STEP2_TEXT },
        { BF_HMSG_STEP3, BF_HMSG_STEP3_TEXT },
    };
    int i;

    h = bf__handle_get(srv);
    err = bf_store_account_count(h->st, &n);
    page_start(b, lang, BF_HMSG_HOME, "/");
    bf_buf_puts(b, "<h1 id=\"home-title\">");
    bf_hmsg_put(b, lang, BF_HMSG_TITLE, NULL, 0);
    bf_buf_puts(b, "</h1>\n<p class=\"bf-note\">");
    bf_hmsg_put(b, lang, BF_HMSG_INTRO, NULL, 0);
    bf_buf_puts(b, "</p>\n<h2>");
    bf_hmsg_put(b, lang, BF_HMSG_STEPS, NULL, 0);
    bf_buf_puts(b, "</h2>\n<ol class=\"bf-steps\" id=\"steps\">\n");
    for (i = 0; i < 3; i++) {
        bf_buf_appendf(b, "<li id=\"step-%d\"><h3>", i + 1);
        bf_hmsg_put(b, lang, steps[i][0], NULL, 0);
        bf_buf_puts(b, "</h3>\n<p>");
        bf_hmsg_put(b, lang, steps[i][1], NULL, 0);
        bf_buf_puts(b, "</p>\n");
        if (i == 0) {
            paste_form(b, srv, lang, NULL);
            upload_link(b, lang, BF_HMSG_UPLOAD_LINK);
        } else if (i == 2) {
            bf_buf_appendf(b,
                           "<p><a id=\"home-shortlist\" "
                           "href=\"/shortlist?lang=%s\">",
                           code);
            bf_hmsg_put(b, lang, BF_HMSG_SHORTLIST_LINK, NULL, 0);
            bf_buf_puts(b, "</a></p>\n");
        }
        bf_buf_puts(b, "</li>\n");
    }
    bf_buf_puts(b, "</ol>\n<h2>");
    bf_hmsg_put(b, lang, BF_HMSG_SEARCH_TITLE, NULL, 0);
    bf_buf_appendf(b,
                   "</h2>\n<form class=\"bf-paste\" method=\"get\" "
                   "action=\"/\" role=\"search\">\n<input type=\"hidden\" "
                   "name=\"lang\" value=\"%s\">\n<label for=\"search-q\">",
                   code);
    bf_buf_html(b, bf_smsg(lang, BF_SMSG_SEARCH));
    bf_buf_puts(b, "</label>\n<input id=\"search-q\" type=\"search\" "
                   "name=\"q\" placeholder=\"");
    bf_buf_html(b, bf_smsg(lang, BF_SMSG_SEARCH_HINT));
    bf_buf_puts(b, "\">\n<button id=\"search-btn\" type=\"submit\">");
    bf_buf_html(b, bf_smsg(lang, BF_SMSG_SEARCH_BUTTON));
    bf_buf_puts(b, "</button>\n</form>\n");
    if (!err) {
        dn = (double)n;
        bf_buf_appendf(b, "<p id=\"store-size\" data-accounts=\"%u\">", n);
        bf_hmsg_put(b, lang, BF_HMSG_STORE_SIZE, &dn, 1);
        bf_buf_puts(b, "</p>\n");
    }
    recent(srv, h, b, lang);
    bf__handle_put(srv, h);
    page_end(b);
}

/* ---- /open ---- */

/* redirect sets r to a 303 to path + escaped value + "&lang=". */
static void redirect(bf__reply *r, const char *path, const char *value,
                     bf_lang lang)
{
    bf_buf loc;

    bf_buf_init(&loc, sizeof r->location);
    if (bf_buf_puts(&loc, path) == BF_OK && esc_url(&loc, value) == BF_OK &&
        bf_buf_appendf(&loc, "&lang=%s", bf_lang_code(lang)) == BF_OK &&
        loc.len < sizeof r->location) {
        memcpy(r->location, loc.data, loc.len + 1);
        r->status = 303;
        bf_buf_reset(&r->body);
    } else {
        bf__reply_error(r, 0, lang, 400, "bad_address",
                        "the address is too long");
    }
    bf_buf_release(&loc);
}

/* secret_set: $NAME or the file $NAME_FILE names holds a value. */
static int secret_set(const char *name)
{
    char buf[1024];

    return bf_fetch_secret(name, buf, sizeof buf) != NULL;
}

/*
 * collectible: the platform of a can be collected by this server now: it
 * has a fetcher and, for the token-bound platforms, its key is set in
 * the server's environment.  *why gets the reason when it cannot.
 */
static int collectible(const bf_addr *a, bf_hmsg_id *why)
{
    const char *p = a->platform;
    int ok;

    *why = BF_HMSG_WHY_NO_API;
    if (!a->fetch[0])
        return 0;
    if (strcmp(p, "bluesky") == 0 || strcmp(p, "mastodon") == 0)
        return 1;
    if (strcmp(p, "twitter") == 0)
        ok = secret_set("BONAFIDE_X_BEARER_TOKEN");
    else if (strcmp(p, "youtube") == 0)
        ok = secret_set("BONAFIDE_YOUTUBE_API_KEY");
    else if (strcmp(p, "instagram") == 0)
        ok = secret_set("BONAFIDE_GRAPH_TOKEN") &&
             secret_set("BONAFIDE_IG_USER_ID");
    else if (strcmp(p, "facebook") == 0)
        ok = secret_set("BONAFIDE_GRAPH_TOKEN");
    else
        return 0;
    if (!ok)
        *why = BF_HMSG_WHY_NO_KEY;
    return ok;
}

/* export_msg is the sentence that names the platform's export. */
static bf_hmsg_id export_msg(const char *platform)
{
    static const struct {
        const char *p;
        bf_hmsg_id id;
    } map[] = {
        { "instagram", BF_HMSG_EXPORT_INSTAGRAM },
        { "facebook", BF_HMSG_EXPORT_FACEBOOK },
        { "tiktok", BF_HMSG_EXPORT_TIKTOK },
        { "linkedin", BF_HMSG_EXPORT_LINKEDIN },
        { "twitter", BF_HMSG_EXPORT_X },
        { "youtube", BF_HMSG_EXPORT_YOUTUBE },
    };

    size_t i;

    for (i = 0; i < sizeof map / sizeof map[0]; i++)
        if (strcmp(platform, map[i].p) == 0)
            return map[i].id;
    return BF_HMSG_EXPORT_OTHER;
}

/* account_line writes "Account: platform:handle" for a's page. */
static void account_line(bf_buf *b, bf_lang lang, const bf_addr *a)
{
    bf_buf_puts(b, "<p>");
    bf_hmsg_put(b, lang, BF_HMSG_ACCOUNT, NULL, 0);
    bf_buf_puts(b, lang == BF_LANG_FR ? "\xe2\x80\xaf: " : ": ");
    bf_buf_appendf(b, "<strong id=\"open-account\" data-platform=\"%s\">",
                   a->platform);
    bf_buf_html(b, a->platform);
    bf_buf_putc(b, ':');
    bf_buf_html(b, a->handle);
    if (a->host[0]) {
        bf_buf_putc(b, '@');
        bf_buf_html(b, a->host);
    }
    bf_buf_puts(b, "</strong></p>\n");
}

/*
 * ask_page says why a cannot be collected and which file to ask for; self
 * is the page's own address, for the language switch.
 */
static void ask_page(bf_buf *b, bf_lang lang, const bf_addr *a, bf_hmsg_id why,
                     const char *self)
{
    page_start(b, lang, BF_HMSG_ASK_TITLE, self);
    bf_buf_puts(b, "<h1>");
    bf_hmsg_put(b, lang, BF_HMSG_ASK_TITLE, NULL, 0);
    bf_buf_puts(b, "</h1>\n");
    account_line(b, lang, a);
    bf_buf_puts(b, "<p>");
    bf_hmsg_put(b, lang, BF_HMSG_WHY_HOST, NULL, 0);
    bf_buf_puts(b, " ");
    bf_hmsg_put(b, lang, why, NULL, 0);
    bf_buf_appendf(b,
                   "</p>\n<div class=\"bf-ask\" id=\"ask-file\" "
                   "data-platform=\"%s\">\n<h2>",
                   a->platform);
    bf_hmsg_put(b, lang, BF_HMSG_ASK_FILE, NULL, 0);
    bf_buf_puts(b, "</h2>\n<p>");
    bf_hmsg_put(b, lang, export_msg(a->platform), NULL, 0);
    bf_buf_puts(b, "</p>\n</div>\n");
    upload_link(b, lang, BF_HMSG_ASK_UPLOAD);
    page_end(b);
}

/* collect_page offers the collection behind a POST button (a GET). */
static void collect_page(bf_server *srv, bf_buf *b, bf_lang lang,
                         const bf_addr *a, const char *q, const char *self)
{
    bf_fetch_opts o;
    double args[2];
    char tok[BF__CSRF_LEN + 1];

    bf_fetch_opts_init(&o);
    args[0] = (double)o.posts;
    args[1] = (double)o.max_followers;
    bf__csrf_make(srv, time(NULL), tok);
    page_start(b, lang, BF_HMSG_COLLECT_TITLE, self);
    bf_buf_puts(b, "<h1>");
    bf_hmsg_put(b, lang, BF_HMSG_COLLECT_TITLE, NULL, 0);
    bf_buf_puts(b, "</h1>\n");
    account_line(b, lang, a);
    bf_buf_puts(b, "<p>");
    bf_hmsg_put(b, lang, BF_HMSG_COLLECT_TEXT, args, 2);
    bf_buf_appendf(b,
                   "</p>\n<form method=\"post\" action=\"/open?lang=%s\">\n"
                   "<input type=\"hidden\" name=\"csrf\" value=\"%s\">\n"
                   "<input type=\"hidden\" name=\"q\" value=\"",
                   bf_lang_code(lang), tok);
    bf_buf_html(b, q);
    bf_buf_puts(b, "\">\n<button id=\"collect-btn\" type=\"submit\">");
    bf_hmsg_put(b, lang, BF_HMSG_COLLECT_BUTTON, NULL, 0);
    bf_buf_puts(b, "</button>\n</form>\n");
    page_end(b);
}

/* bad_address answers 400 with the message and the field again. */
static void bad_address(bf_server *srv, bf__reply *r, bf_lang lang,
                        const char *q)
{
    bf_buf *b = &r->body;

    bf_buf_reset(b);
    r->status = 400;
    page_start(b, lang, BF_HMSG_HOME, "/");
    bf_buf_puts(b, "<h1>");
    bf_hmsg_put(b, lang, BF_HMSG_STEP1, NULL, 0);
    bf_buf_puts(b, "</h1>\n<p class=\"bf-error\" id=\"error\" "
                   "data-code=\"bad_address\">");
    bf_hmsg_put(b, lang, BF_HMSG_BAD_ADDRESS, NULL, 0);
    bf_buf_puts(b, "</p>\n");
    paste_form(b, srv, lang, q);
    page_end(b);
}

void bf__open(bf_server *srv, const bf__req *rq, const char *q, int may_collect,
              bf__reply *r)
{
    bf_lang lang = rq->lang;
    bf_addr a;
    bf_hmsg_id why;
    bf__handle *h;
    uint32_t id;
    unsigned job = 0;
    int i, found = -1;
    bf_err err = BF_ENOTFOUND;

    if (!q || !*q || strlen(q) > BF_ADDR_MAX) {
        bad_address(srv, r, lang, "");
        return;
    }
    if (bf_addr_parse(q, &a) != BF_OK) {
        /* A word that is no address ("claire", "@claire") is looked for
         * among the handles. */
        const char *w = q[0] == '@' ? q + 1 : q;

        if (*w && !strpbrk(w, "/:@") && strlen(w) <= BF_STORE_SEARCH_MAX_QUERY)
            redirect(r, "/?q=", w, lang);
        else
            bad_address(srv, r, lang, q);
        return;
    }
    h = bf__handle_get(srv);
    for (i = 0; i < a.nspecs && found < 0; i++) {
        err = bf_store_resolve(h->st, a.specs[i], &id);
        if (!err)
            found = i;
        else if (err != BF_ENOTFOUND)
            break;
    }
    /* Asked about through the form (a POST): listed on the home page.  A
     * GET, which a link can make, writes nothing.  The list is a
     * convenience: failing to write it does not fail the answer. */
    if (found >= 0 && may_collect)
        (void)bf_store_checked_add(h->st, id, (int64_t)time(NULL));
    bf__handle_put(srv, h);
    if (found >= 0) {
        redirect(r, "/audit?a=", a.specs[found], lang);
        return;
    }
    if (err != BF_ENOTFOUND) {
        bf__reply_error(r, 0, lang, 500, "internal", bf_strerror(err));
        return;
    }
    if (!collectible(&a, &why) || !may_collect) {
        bf_buf self;

        /* The language switch shows the same answer: a GET of /open,
         * which never starts a collection. */
        bf_buf_init(&self, 8192);
        bf_buf_puts(&self, "/open?q=");
        esc_url(&self, q);
        if (!collectible(&a, &why))
            ask_page(&r->body, lang, &a, why, self.data ? self.data : "/");
        else
            collect_page(srv, &r->body, lang, &a, q,
                         self.data ? self.data : "/");
        bf_buf_release(&self);
        return;
    }
    err = bf__fetch_start(srv, a.fetch, (const char(*)[520])a.specs, a.nspecs,
                          &job);
    if (err) {
        r->status = 503;
        bf_buf_reset(&r->body);
        page_start(&r->body, lang, BF_HMSG_HOME, "/");
        bf_buf_puts(&r->body, "<p class=\"bf-error\" id=\"error\" "
                              "data-code=\"busy\">");
        bf_hmsg_put(&r->body, lang, BF_HMSG_BUSY, NULL, 0);
        bf_buf_puts(&r->body, "</p>\n");
        page_end(&r->body);
        return;
    }
    r->status = 303;
    snprintf(r->location, sizeof r->location, "/jobs/%u?lang=%s", job,
             bf_lang_code(lang));
}

void bf__open_post(bf_server *srv, const bf__req *rq, const char *body,
                   bf__reply *r)
{
    char tok[BF__CSRF_LEN + 2], *q;

    if (!bf__form_value(body, "csrf", tok, sizeof tok) ||
        !bf__csrf_check(srv, tok, time(NULL))) {
        bf__reply_error(r, 0, rq->lang, 403, "bad_csrf",
                        "the form's CSRF token is missing, invalid or "
                        "expired");
        return;
    }
    q = malloc(BF_ADDR_MAX + 2);
    if (!q) {
        bf__reply_error(r, 0, rq->lang, 500, "internal", "out of memory");
        return;
    }
    if (!bf__form_value(body, "q", q, BF_ADDR_MAX + 2))
        q[0] = '\0';
    bf__open(srv, rq, q, 1, r);
    free(q);
}

/* ---- the not-found page ---- */

void bf__not_found_page(bf_server *srv, bf_lang lang, const char *spec,
                        bf__reply *r)
{
    bf_buf *b = &r->body, names, self;
    bf__handle *h;
    size_t n = 0, i;
    const char *p;

    bf_buf_reset(b);
    r->status = 404;
    r->ctype = "text/html; charset=utf-8";
    r->location[0] = '\0';
    bf_buf_init(&names, 1 << 16);
    h = bf__handle_get(srv);
    /* A failure here only loses the suggestions, as in the CLI. */
    if (bf_store_suggest(h->st, spec, 5, &names, &n) != BF_OK)
        n = 0;
    bf__handle_put(srv, h);
    bf_buf_init(&self, 8192);
    bf_buf_puts(&self, "/audit?a=");
    esc_url(&self, spec);
    page_start(b, lang, BF_HMSG_NF_TITLE, self.data ? self.data : "/");
    bf_buf_release(&self);
    bf_buf_puts(b, "<h1>");
    bf_hmsg_put(b, lang, BF_HMSG_NF_TITLE, NULL, 0);
    bf_buf_puts(b, "</h1>\n<p class=\"bf-error\" id=\"error\" "
                   "data-code=\"not_found\">");
    bf_hmsg_put(b, lang, BF_HMSG_NF_TEXT, NULL, 0);
    bf_buf_puts(b, " <strong id=\"nf-account\">");
    bf_buf_html(b, spec);
    bf_buf_puts(b, "</strong>.</p>\n");
    if (n > 0) {
        bf_buf_puts(b, "<h2>");
        bf_hmsg_put(b, lang, BF_HMSG_NF_SUGGEST, NULL, 0);
        bf_buf_puts(b, "</h2>\n<ul id=\"suggestions\">\n");
        for (i = 0, p = names.data; i < n; i++, p += strlen(p) + 1) {
            bf_buf_puts(b, "<li><a class=\"suggestion\" href=\"/audit?a=");
            esc_url(b, p);
            bf_buf_appendf(b, "&amp;lang=%s\">", bf_lang_code(lang));
            bf_buf_html(b, p);
            bf_buf_puts(b, "</a></li>\n");
        }
        bf_buf_puts(b, "</ul>\n");
    }
    bf_buf_puts(b, "<h2>");
    bf_hmsg_put(b, lang, BF_HMSG_STEP1, NULL, 0);
    bf_buf_puts(b, "</h2>\n<p>");
    bf_hmsg_put(b, lang, BF_HMSG_NF_PASTE, NULL, 0);
    bf_buf_puts(b, "</p>\n");
    paste_form(b, srv, lang, spec);
    upload_link(b, lang, BF_HMSG_UPLOAD_LINK);
    page_end(b);
    bf_buf_release(&names);
}
