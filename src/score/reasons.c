/*
 * reasons.c - the model's reasons and classes in English and in French.
 *
 * A reason is one sentence built from a feature's description, its value
 * and the side it pushed the score to.  Descriptions are kept per feature
 * in both languages, so adding a feature means adding one row here (the
 * unit test checks that every feature has both).  French numbers take a
 * decimal comma, as in report/catalog.c.  Descriptions start with a
 * capital: they open the sentence.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "score/model.h"

/* Per feature: English and French descriptions, and its number format. */
typedef struct desc {
    const char *en, *fr;
    int decimals; /* -1: a yes/no flag */
} desc;

static const desc descs[BF_FEAT__COUNT] = {
    { "Followers", "Abonnés", 0 },
    { "Accounts followed", "Abonnements", 0 },
    { "Posts published", "Publications", 0 },
    { "Likes given", "Mentions j'aime données", 0 },
    { "Lists it is on", "Listes où il figure", 0 },
    { "Account age in days", "Âge du compte en jours", 0 },
    { "Followers per account followed", "Abonnés par abonnement", 2 },
    { "Posts per day", "Publications par jour", 2 },
    { "Followers gained per day", "Abonnés gagnés par jour", 2 },
    { "Accounts followed per day", "Abonnements par jour", 2 },
    { "Likes given per day", "Mentions j'aime par jour", 2 },
    { "Lists joined per day", "Listes par jour", 3 },
    { "Default profile picture", "Photo de profil par défaut", -1 },
    { "Default profile theme", "Thème de profil par défaut", -1 },
    { "Verified account", "Compte certifié", -1 },
    { "Has a biography", "A une biographie", -1 },
    { "Biography length in characters", "Longueur de la biographie", 0 },
    { "Has a web site", "A un site web", -1 },
    { "Has a location", "A une localisation", -1 },
    { "Handle length", "Longueur de l'identifiant", 0 },
    { "Digits in the handle", "Chiffres dans l'identifiant", 0 },
    { "Display name length", "Longueur du nom affiché", 0 },
    { "Digits in the display name", "Chiffres dans le nom affiché", 0 },
    { "Likeness of name and handle", "Ressemblance du nom et de l'identifiant",
      2 },
    { "Posts read", "Publications lues", 0 },
    { "Share of reposts", "Part de republications", 2 },
    { "Share of replies", "Part de réponses", 2 },
    { "Share of posts with a link", "Part de publications avec un lien", 2 },
    { "Share of posts with a hashtag", "Part de publications avec un mot-dièse",
      2 },
    { "Share of posts mentioning someone",
      "Part de publications mentionnant quelqu'un", 2 },
    { "Share of near-duplicate posts", "Part de publications en double", 2 },
    { "Median seconds between posts", "Secondes médianes entre publications",
      0 },
    { "Irregularity of posting times", "Irrégularité des horaires", 2 },
    { "Share of posts from automation tools",
      "Part de publications d'outils d'automatisation", 2 },
    { "Client applications used", "Applications utilisées", 0 },
    { "Compressibility of its behaviour sequence",
      "Compressibilité de sa séquence de comportement", 2 },
    { "Share of followings that follow back",
      "Part des abonnements réciproques", 2 },
    { "Share of its followers that look fake",
      "Part de ses abonnés qui semblent faux", 2 },
    { "Share of accounts it follows that look fake",
      "Part de ses abonnements qui semblent faux", 2 },
    { "Says it is automated", "Se déclare automatisé", -1 },
    { "Likes given per post published",
      "Mentions j'aime données par publication", 2 },
    { "Digits ending the handle", "Chiffres à la fin de l'identifiant", 0 },
    { "Accounts followed over followers squared",
      "Abonnements sur abonnés au carré", 3 },
    { "Posts per follower", "Publications par abonné", 2 },
};

static const char *const kind_names[BF_KIND__COUNT][BF_LANG__COUNT] = {
    { "real person", "personne réelle" },
    { "bought or fake follower", "faux abonné ou abonné acheté" },
    { "spam or automated account", "compte de spam ou automatisé" },
};

const char *bf_kind_name(bf_kind k, bf_lang lang)
{
    if ((unsigned)k >= BF_KIND__COUNT || (unsigned)lang >= BF_LANG__COUNT)
        return "?";
    return kind_names[k][lang];
}

static const char *const class_names[BF_CLASS__COUNT][BF_LANG__COUNT] = {
    { "real person", "personne réelle" },
    { "mass follower", "abonné en masse" },
    { "inactive", "inactif" },
    { "fake follower", "faux abonné" },
    { "spam or automated account", "compte de spam ou automatisé" },
};

const char *bf_class_name(bf_class c, bf_lang lang)
{
    if ((unsigned)c >= BF_CLASS__COUNT || (unsigned)lang >= BF_LANG__COUNT)
        return "?";
    return class_names[c][lang];
}

bf_err bf_reason_format(const bf_reason *r, bf_lang lang, bf_buf *b)
{
    const desc *d;
    int fr = lang == BF_LANG_FR, fake = r->contrib > 0;
    char val[64];

    if ((unsigned)r->feat >= BF_FEAT__COUNT)
        return BF_EINVAL;
    d = &descs[r->feat];
    if (isnan(r->value))
        snprintf(val, sizeof val, "%s", fr ? "inconnu" : "unknown");
    else if (d->decimals < 0)
        snprintf(val, sizeof val, "%s",
                 r->value != 0 ? (fr ? "oui" : "yes") : (fr ? "non" : "no"));
    else
        bf_lang_number(val, lang, r->value, d->decimals, 1);
    if (fr)
        return bf_buf_appendf(b, "%s : %s, ce qui %s.", d->fr, val,
                              fake ? "oriente vers un compte faux ou automatisé"
                                   : "oriente vers une personne réelle");
    return bf_buf_appendf(b, "%s: %s, which points to %s.", d->en, val,
                          fake ? "a fake or automated account"
                               : "a real person");
}

const char *bf__reason_desc(bf_feat i, bf_lang lang)
{
    if ((unsigned)i >= BF_FEAT__COUNT)
        return NULL;
    return lang == BF_LANG_FR ? descs[i].fr : descs[i].en;
}
