/*
 * catalog.c - the English and French messages.
 *
 * One table indexed by bf_msg_id with designated initialisers, so a
 * message can never land under the wrong id and a missing one is a NULL
 * the unit test finds.  bf_msg_format is a small printf of its own: it
 * knows only "%.Nf" and "%%", counts the conversions against the
 * arguments, and writes French numbers with a decimal comma.  Using
 * vsnprintf with a table format would need a non-literal format string
 * (which -Wformat=2 rightly rejects) and could not check the count.
 */
#include "report/catalog.h"

#include <stdio.h>
#include <string.h>

typedef struct msg {
    const char *key;
    const char *text[BF_LANG__COUNT];
} msg;

#define M(id, key, en, fr) [id] = { key, { en, fr } }

static const msg msgs[BF_MSG__COUNT] = {
    M(BF_MSG_TITLE, "title", "Account audit", "Audit du compte"),
    M(BF_MSG_SEC_VERDICT, "sec_verdict", "Verdict", "Verdict"),
    M(BF_MSG_SEC_EVIDENCE, "sec_evidence", "Evidence", "Constats"),
    M(BF_MSG_SEC_AUDIENCE, "sec_audience", "Audience", "Audience"),
    M(BF_MSG_SEC_ENGAGEMENT, "sec_engagement", "Engagement", "Engagement"),
    M(BF_MSG_SEC_CHANGE, "sec_change", "What would change the verdict",
      "Ce qui changerait le verdict"),
    M(BF_MSG_SEC_METHOD, "sec_method", "How the figures are computed",
      "Comment les chiffres sont calculés"),
    M(BF_MSG_LBL_PLATFORM, "lbl_platform", "Platform", "Plateforme"),
    M(BF_MSG_LBL_HANDLE, "lbl_handle", "Handle", "Identifiant"),
    M(BF_MSG_LBL_NAME, "lbl_name", "Name", "Nom"),
    M(BF_MSG_LBL_FOLLOWERS, "lbl_followers", "Followers", "Abonnés"),
    M(BF_MSG_LBL_FOLLOWING, "lbl_following", "Following", "Abonnements"),
    M(BF_MSG_LBL_POSTS, "lbl_posts", "Posts", "Publications"),
    M(BF_MSG_LBL_CREATED, "lbl_created", "Created", "Créé le"),
    M(BF_MSG_LBL_CONFIDENCE, "lbl_confidence", "Confidence", "Confiance"),
    M(BF_MSG_LBL_UNKNOWN, "lbl_unknown", "unknown", "inconnu"),
    M(BF_MSG_LBL_RATIO, "lbl_ratio", "Followers per account followed",
      "Abonnés par compte suivi"),
    M(BF_MSG_LBL_SHARE_WEAK, "lbl_share_weak",
      "Poor profiles (Camisani-Calzolari, proportional form)",
      "Profils pauvres (Camisani-Calzolari, forme proportionnelle)"),
    M(BF_MSG_LBL_SHARE_SB, "lbl_share_sb", "Fail the Socialbakers check",
      "Échouent au contrôle Socialbakers"),
    M(BF_MSG_LBL_SHARE_ANY, "lbl_share_any", "Fake-looking (either rule set)",
      "D'apparence factice (l'une ou l'autre règle)"),
    M(BF_MSG_LBL_INTERVAL, "lbl_interval", "95%% interval",
      "intervalle à 95 %%"),
    M(BF_MSG_LBL_FOLLOWERS_KNOWN, "lbl_followers_known",
      "Followers in the store", "Abonnés présents dans la base"),
    M(BF_MSG_LBL_SAMPLE, "lbl_sample", "Followers examined",
      "Abonnés examinés"),
    M(BF_MSG_LBL_ENG_MEAN, "lbl_eng_mean", "Reactions per post (mean)",
      "Réactions par publication (moyenne)"),
    M(BF_MSG_LBL_ENG_MEDIAN, "lbl_eng_median", "Reactions per post (median)",
      "Réactions par publication (médiane)"),
    M(BF_MSG_LBL_ENG_RATE, "lbl_eng_rate", "Engagement rate",
      "Taux d'engagement"),
    M(BF_MSG_LBL_POSTS_READ, "lbl_posts_read", "Posts examined",
      "Publications examinées"),

    M(BF_MSG_VERDICT_GENUINE, "verdict_genuine", "Genuine", "Authentique"),
    M(BF_MSG_VERDICT_QUESTIONABLE, "verdict_questionable", "Questionable",
      "Douteux"),
    M(BF_MSG_VERDICT_INFLATED, "verdict_inflated", "Inflated audience",
      "Audience gonflée"),
    M(BF_MSG_VERDICT_AUTOMATED, "verdict_automated", "Automated", "Automatisé"),

    M(BF_MSG_LEVEL_GOOD, "level_good", "Good sign", "Bon signe"),
    M(BF_MSG_LEVEL_WATCH, "level_watch", "To watch", "À surveiller"),
    M(BF_MSG_LEVEL_BAD, "level_bad", "Warning sign", "Signal d'alerte"),

    M(BF_MSG_REASON_GENUINE, "reason_genuine",
      "The audience looks real and people react to the posts.",
      "L'audience paraît réelle et les publications suscitent des "
      "réactions."),
    M(BF_MSG_REASON_INFLATED_FAKE, "reason_inflated_fake",
      "At least %.0f%% of the followers examined look like bought or "
      "fake accounts.",
      "Au moins %.0f %% des abonnés examinés ressemblent à des comptes "
      "achetés ou factices."),
    M(BF_MSG_REASON_INFLATED_ENGAGEMENT, "reason_inflated_engagement",
      "With %.0f followers, the posts get only %.1f reactions each on "
      "average: this audience does not react.",
      "Avec %.0f abonnés, le nombre moyen de réactions par publication "
      "n'est que de %.1f : cette audience ne réagit pas."),
    M(BF_MSG_REASON_AUTOMATED, "reason_automated",
      "The account's own posts look automated: %.0f%% repeat an "
      "earlier post and %.0f%% get no reaction at all.",
      "Les publications du compte semblent automatisées : %.0f %% "
      "reprennent une publication antérieure et %.0f %% n'obtiennent "
      "aucune réaction."),
    M(BF_MSG_REASON_MIXED, "reason_mixed",
      "Some signals are worrying, but not enough to conclude that the "
      "audience is bought.",
      "Certains signaux sont inquiétants, mais pas assez pour conclure "
      "que l'audience est achetée."),
    M(BF_MSG_REASON_THIN, "reason_thin",
      "There is too little data to conclude either way.",
      "Les données sont trop maigres pour conclure dans un sens ou dans "
      "l'autre."),

    M(BF_MSG_REASON_GENUINE_POSTS, "reason_genuine_posts",
      "People react to the posts as a real audience does; the "
      "followers themselves could not be checked.",
      "Les publications suscitent les réactions d'une audience "
      "réelle ; les abonnés eux-mêmes n'ont pas pu être vérifiés."),

    M(BF_MSG_REASON_AUTOMATED_CLIENT, "reason_automated_client",
      "The account's own posts look automated: %.0f%% were published "
      "by automation services and %.0f%% get no reaction at all.",
      "Les publications du compte semblent automatisées : %.0f %% ont "
      "été diffusées par des services d'automatisation et %.0f %% "
      "n'obtiennent aucune réaction."),

    M(BF_MSG_EV_NO_FOLLOWER_DATA, "ev_no_follower_data",
      "No follower of this account is in the store, so its audience "
      "could not be checked; the verdict rests on the profile and the "
      "posts.",
      "Aucun abonné de ce compte ne figure dans la base : l'audience "
      "n'a pas pu être vérifiée et le verdict repose sur le profil et "
      "les publications."),
    M(BF_MSG_EV_FOLLOWERS_PARTIAL, "ev_followers_partial",
      "Only %.0f of the %.0f declared followers are in the store "
      "(%.1f%%); the audience figures describe them alone.",
      "Seuls %.0f des %.0f abonnés déclarés figurent dans la base "
      "(%.1f %%) ; les chiffres d'audience ne portent que sur eux."),
    M(BF_MSG_EV_FAKE_WEAK, "ev_fake_weak",
      "%.1f%% of the %.0f followers examined have a poor profile, "
      "meeting fewer than half of Camisani-Calzolari's human criteria "
      "(95%% interval: %.1f%% to %.1f%%).",
      "%.1f %% des %.0f abonnés examinés ont un profil pauvre, qui "
      "remplit moins de la moitié des critères « humains » de "
      "Camisani-Calzolari (intervalle à 95 %% : %.1f %% à %.1f %%)."),
    M(BF_MSG_EV_FAKE_SB, "ev_fake_sb",
      "%.1f%% of the %.0f followers examined fail the Socialbakers "
      "fake-follower check (95%% interval: %.1f%% to %.1f%%).",
      "%.1f %% des %.0f abonnés examinés échouent au contrôle de faux "
      "abonnés de Socialbakers (intervalle à 95 %% : %.1f %% à "
      "%.1f %%)."),
    M(BF_MSG_EV_FAKE_CC, "ev_fake_cc",
      "%.1f%% of the %.0f followers examined score no more human "
      "points than bot points under Camisani-Calzolari's published "
      "rule.",
      "%.1f %% des %.0f abonnés examinés n'obtiennent pas plus de "
      "points « humains » que de points « robot » selon la règle "
      "publiée de Camisani-Calzolari."),
    M(BF_MSG_EV_FOLLOWS_MANY, "ev_follows_many",
      "The account follows %.0f accounts and has %.0f followers: "
      "following en masse in the hope of being followed back is a "
      "common way to grow an audience artificially.",
      "Le compte suit %.0f comptes pour %.0f abonnés : suivre en masse "
      "dans l'espoir d'être suivi en retour est une façon courante de "
      "gonfler une audience."),
    M(BF_MSG_EV_RATIO, "ev_ratio",
      "It has %.1f followers for every account it follows.",
      "Il compte %.1f abonnés pour chaque compte suivi."),
    M(BF_MSG_EV_ENG_RATE, "ev_eng_rate",
      "Original posts get %.1f reactions on average, an engagement "
      "rate of %.2f%% of the followers.",
      "Les publications originales obtiennent en moyenne %.1f "
      "réactions, soit un taux d'engagement de %.2f %% des abonnés."),
    M(BF_MSG_EV_ENG_MISMATCH, "ev_eng_mismatch",
      "For %.0f followers, an engagement rate of %.3f%% is far below "
      "what a real audience produces.",
      "Pour %.0f abonnés, un taux d'engagement de %.3f %% est très "
      "inférieur à celui d'une audience réelle."),
    M(BF_MSG_EV_ZERO_ENG, "ev_zero_eng",
      "%.0f%% of the %.0f posts examined got no reaction at all.",
      "%.0f %% des %.0f publications examinées n'ont obtenu aucune "
      "réaction."),
    M(BF_MSG_EV_DUPLICATES, "ev_duplicates",
      "%.0f%% of the posts repeat an earlier post almost word for "
      "word.",
      "%.0f %% des publications reprennent presque mot pour mot une "
      "publication antérieure."),
    M(BF_MSG_EV_AUTOMATION, "ev_automation",
      "%.0f%% of the posts were published through automation services "
      "(such as IFTTT or dlvr.it), without a person at the keyboard.",
      "%.0f %% des publications ont été diffusées par des services "
      "d'automatisation (comme IFTTT ou dlvr.it), sans personne au "
      "clavier."),
    M(BF_MSG_EV_SCHEDULER, "ev_scheduler",
      "%.0f%% of the posts were scheduled with a publishing tool (such "
      "as Buffer or Hootsuite), a normal practice for professionals.",
      "%.0f %% des publications ont été programmées avec un outil de "
      "publication (comme Buffer ou Hootsuite), une pratique normale "
      "chez les professionnels."),
    M(BF_MSG_EV_REGULAR, "ev_regular",
      "Posts come at nearly fixed intervals (every %.1f hours, "
      "variation %.2f), as a program would publish them.",
      "Les publications tombent à intervalles presque fixes (toutes "
      "les %.1f heures, variation %.2f), comme le ferait un "
      "programme."),
    M(BF_MSG_EV_NO_POSTS, "ev_no_posts",
      "No post of this account is in the store, so engagement could "
      "not be measured.",
      "Aucune publication de ce compte ne figure dans la base : "
      "l'engagement n'a pas pu être mesuré."),
    M(BF_MSG_EV_OWN_SB, "ev_own_sb",
      "The account itself meets %.0f of the Socialbakers fake-account "
      "criteria.",
      "Le compte lui-même remplit %.0f des critères de faux compte de "
      "Socialbakers."),
    M(BF_MSG_EV_PROFILE, "ev_profile",
      "The account meets %.0f of the %.0f Camisani-Calzolari human "
      "criteria that could be checked.",
      "Le compte remplit %.0f des %.0f critères « humains » de "
      "Camisani-Calzolari qui ont pu être vérifiés."),
    M(BF_MSG_EV_REPOSTS, "ev_reposts",
      "%.0f%% of the posts are reposts of other accounts.",
      "%.0f %% des publications sont des partages d'autres comptes."),
    M(BF_MSG_EV_FEW_PROFILES, "ev_few_profiles",
      "Only %.0f of the %.0f followers examined have a known profile; "
      "the others could not be judged.",
      "Seuls %.0f des %.0f abonnés examinés ont un profil connu ; les "
      "autres n'ont pas pu être jugés."),

    M(BF_MSG_EV_FEW_JUDGED, "ev_few_judged",
      "Only %.0f followers could be judged, fewer than the %.0f "
      "needed for a firm conclusion about the audience.",
      "Seuls %.0f abonnés ont pu être jugés, moins que les %.0f "
      "nécessaires pour conclure sur l'audience."),

    M(BF_MSG_CH_INFLATED, "ch_inflated",
      "The verdict would improve if fewer than %.0f%% of the followers "
      "looked fake (the lower bound is now %.0f%%).",
      "Le verdict s'améliorerait si moins de %.0f %% des abonnés "
      "paraissaient factices (la borne basse est aujourd'hui de "
      "%.0f %%)."),
    M(BF_MSG_CH_AUTOMATED, "ch_automated",
      "Original, varied posts that people answer would lift the "
      "automated verdict.",
      "Des publications originales et variées, auxquelles des gens "
      "répondent, lèveraient le verdict « automatisé »."),
    M(BF_MSG_CH_GENUINE, "ch_genuine",
      "The audience would be judged inflated if at least %.0f%% of the "
      "followers looked fake; at most %.0f%% do now.",
      "L'audience serait jugée gonflée si au moins %.0f %% des abonnés "
      "paraissaient factices ; c'est au plus %.0f %% aujourd'hui."),
    M(BF_MSG_CH_MORE_FOLLOWERS, "ch_more_followers",
      "Collecting at least %.0f followers of this account would make "
      "the verdict firmer.",
      "Collecter au moins %.0f abonnés de ce compte rendrait le "
      "verdict plus sûr."),
    M(BF_MSG_CH_MORE_POSTS, "ch_more_posts",
      "Collecting at least %.0f of its posts would allow engagement to "
      "be measured.",
      "Collecter au moins %.0f de ses publications permettrait de "
      "mesurer l'engagement."),
    M(BF_MSG_CH_ENGAGEMENT, "ch_engagement",
      "An engagement rate above %.2f%% would remove the doubt about "
      "the audience.",
      "Un taux d'engagement supérieur à %.2f %% lèverait le doute sur "
      "l'audience."),

    M(BF_MSG_HOW_SHARE, "how_share",
      "share = flagged followers / followers examined; 95%% Wilson "
      "score interval.",
      "part = abonnés signalés / abonnés examinés ; intervalle de "
      "Wilson à 95 %%."),
    M(BF_MSG_HOW_WEAK, "how_weak",
      "A follower's profile is poor when fewer than half of the "
      "Camisani-Calzolari human criteria that can be checked hold "
      "(bonafide's proportional form of the rule).",
      "Le profil d'un abonné est pauvre quand moins de la moitié des "
      "critères « humains » de Camisani-Calzolari vérifiables sont "
      "remplis (forme proportionnelle de la règle, propre à "
      "bonafide)."),
    M(BF_MSG_HOW_SB, "how_sb",
      "Socialbakers FakeFollowerCheck as reproduced by Cresci et al. "
      "(2015): one criterion is enough.",
      "FakeFollowerCheck de Socialbakers tel que reproduit par Cresci "
      "et al. (2015) : un seul critère suffit."),
    M(BF_MSG_HOW_CC, "how_cc",
      "Camisani-Calzolari (2012) as reproduced by Cresci et al. "
      "(2015): fake when human points do not exceed bot points.",
      "Camisani-Calzolari (2012) tel que reproduit par Cresci et al. "
      "(2015) : factice quand les points « humains » ne dépassent pas "
      "les points « robot »."),
    M(BF_MSG_HOW_RATIO, "how_ratio", "ratio = followers / accounts followed.",
      "ratio = abonnés / comptes suivis."),
    M(BF_MSG_HOW_ENG_MEAN, "how_eng_mean",
      "reactions = likes + reposts + replies + quotes of a post; "
      "reposts of other accounts are left out.",
      "réactions = mentions j'aime + partages + réponses + citations "
      "d'une publication ; les partages d'autres comptes sont exclus."),
    M(BF_MSG_HOW_ENG_RATE, "how_eng_rate",
      "engagement rate = mean reactions per original post / followers "
      "x 100.",
      "taux d'engagement = réactions moyennes par publication originale "
      "/ abonnés x 100."),
    M(BF_MSG_HOW_ZERO_ENG, "how_zero_eng",
      "share of the posts (reposts left out) with no reaction.",
      "part des publications (partages exclus) sans aucune réaction."),
    M(BF_MSG_HOW_DUP, "how_dup",
      "a post is a duplicate when its text, lowercased and without "
      "links, digits or punctuation, matches an earlier post.",
      "une publication est un doublon quand son texte, en minuscules "
      "et sans liens, chiffres ni ponctuation, est identique à celui "
      "d'une publication antérieure."),
    M(BF_MSG_HOW_AUTOMATION, "how_automation",
      "share of the posts with a known client that came from a listed "
      "automation service.",
      "part des publications à client connu diffusées par un service "
      "d'automatisation répertorié."),
    M(BF_MSG_HOW_REGULAR, "how_regular",
      "variation = standard deviation / mean of the time between "
      "consecutive posts.",
      "variation = écart type / moyenne du temps entre deux "
      "publications consécutives."),
    M(BF_MSG_HOW_COVERAGE, "how_coverage",
      "coverage = followers in the store / declared followers.",
      "couverture = abonnés présents dans la base / abonnés "
      "déclarés."),
    M(BF_MSG_HOW_SAMPLE, "how_sample",
      "followers examined: all of them up to the sample size, "
      "otherwise evenly spaced through the follower list.",
      "abonnés examinés : tous jusqu'à la taille de l'échantillon, "
      "sinon à intervalles réguliers dans la liste."),

    M(BF_MSG_DEMO_NOTICE, "demo_notice",
      "Simulated world: %.0f accounts, %.0f follows and %.0f posts, "
      "all generated; none of these accounts is real.",
      "Monde simulé : %.0f comptes, %.0f abonnements et %.0f "
      "publications, tous générés ; aucun de ces comptes n'est réel."),
    M(BF_MSG_DEMO_MORE, "demo_more",
      "Full reports, with every figure and how it was computed:",
      "Rapports complets, avec chaque chiffre et la façon de le calculer :"),
    M(BF_MSG_DEMO_KEEP, "demo_keep",
      "This world and its store were temporary; "
      "bonafide demo --out DIR keeps them for a closer look.",
      "Ce monde et sa base étaient temporaires ; "
      "bonafide demo --out DOSSIER les garde pour les examiner."),
    M(BF_MSG_INGEST_SUMMARY, "ingest_summary",
      "stored %.0f new accounts, %.0f new posts, %.0f new follows "
      "(read %.0f accounts, %.0f posts, %.0f follows)",
      "enregistré %.0f nouveaux comptes, %.0f nouvelles publications, "
      "%.0f nouveaux abonnements (lu %.0f comptes, %.0f publications, "
      "%.0f abonnements)"),
    M(BF_MSG_INGEST_REJECTED, "ingest_rejected",
      "%.0f records rejected, %.0f warnings",
      "%.0f enregistrements rejetés, %.0f avertissements"),
    M(BF_MSG_INGEST_SCRUBBED, "ingest_scrubbed",
      "%.0f e-mail addresses or phone numbers removed",
      "%.0f adresses e-mail ou numéros de téléphone supprimés"),
    M(BF_MSG_COL_PLATFORM, "col_platform", "platform", "plateforme"),
    M(BF_MSG_COL_ACCOUNTS, "col_accounts", "accounts", "comptes"),
    M(BF_MSG_COL_POSTS, "col_posts", "posts", "publications"),
    M(BF_MSG_COL_FOLLOWS, "col_follows", "follows", "abonnements"),
    M(BF_MSG_COL_TOTAL, "col_total", "total", "total"),
};

const char *bf_msg(bf_lang lang, bf_msg_id id)
{
    const char *s;

    if ((unsigned)id >= BF_MSG__COUNT || (unsigned)lang >= BF_LANG__COUNT)
        return "";
    s = msgs[id].text[lang];
    return s ? s : "";
}

const char *bf_msg_key(bf_msg_id id)
{
    if ((unsigned)id >= BF_MSG__COUNT || !msgs[id].key)
        return "";
    return msgs[id].key;
}

const char *bf_lang_code(bf_lang lang)
{
    return lang == BF_LANG_FR ? "fr" : "en";
}

bf_err bf_lang_parse(const char *s, bf_lang *out_lang)
{
    if (!s)
        return BF_EINVAL;
    if (strncmp(s, "fr", 2) == 0 &&
        (s[2] == '\0' || s[2] == '_' || s[2] == '-' || s[2] == '.')) {
        *out_lang = BF_LANG_FR;
        return BF_OK;
    }
    if (strncmp(s, "en", 2) == 0 &&
        (s[2] == '\0' || s[2] == '_' || s[2] == '-' || s[2] == '.')) {
        *out_lang = BF_LANG_EN;
        return BF_OK;
    }
    return BF_EINVAL;
}

/*
 * spec_at reads a conversion at fmt (just after '%'): returns its length
 * and the precision, or 0 when it is not "%.Nf".
 */
static size_t spec_at(const char *fmt, int *prec)
{
    if (fmt[0] == '.' && fmt[1] >= '0' && fmt[1] <= '9' && fmt[2] == 'f') {
        *prec = fmt[1] - '0';
        return 3;
    }
    return 0;
}

int bf_msg_specs(const char *fmt, char *out, size_t cap)
{
    size_t n = 0;
    int count = 0, prec;

    for (; *fmt; fmt++) {
        size_t len;

        if (*fmt != '%')
            continue;
        if (fmt[1] == '%') {
            fmt++;
            continue;
        }
        len = spec_at(fmt + 1, &prec);
        if (!len)
            return -1;
        if (n + len + 2 <= cap) {
            out[n++] = '%';
            memcpy(out + n, fmt + 1, len);
            n += len;
        }
        fmt += len;
        count++;
    }
    if (cap)
        out[n < cap ? n : cap - 1] = '\0';
    return count;
}

/* number writes v with prec decimals into num, lang-style. */
static void number(char num[64], bf_lang lang, double v, int prec)
{
    char *dot;

    if (prec < 0 || prec > 9)
        prec = 2;
    snprintf(num, 64, "%.*f", prec, v);
    /* "-0" reads oddly in a report; so does "-0.0". */
    if (num[0] == '-' && strspn(num + 1, "0.") == strlen(num + 1))
        memmove(num, num + 1, strlen(num));
    dot = strchr(num, '.');
    if (dot && lang == BF_LANG_FR)
        *dot = ',';
}

bf_err bf_msg_number(bf_buf *out, bf_lang lang, double v, int prec)
{
    char num[64];

    if (v < 0 && v > -1.0000001 && v < -0.9999999)
        return bf_buf_puts(out, bf_msg(lang, BF_MSG_LBL_UNKNOWN));
    number(num, lang, v, prec);
    return bf_buf_puts(out, num);
}

bf_err bf_msg_percent(bf_buf *out, bf_lang lang, double v, int prec)
{
    char num[64];

    if (v < 0)
        return bf_buf_puts(out, bf_msg(lang, BF_MSG_LBL_UNKNOWN));
    number(num, lang, 100 * v, prec);
    return bf_buf_appendf(out, "%s%s", num, lang == BF_LANG_FR ? " %" : "%");
}

bf_err bf_msg_format(bf_buf *out, bf_lang lang, bf_msg_id id,
                     const double *args, size_t nargs)
{
    const char *fmt = bf_msg(lang, id), *run = fmt;
    char spec[64];
    size_t used = 0;
    bf_err err = BF_OK;
    int want = bf_msg_specs(fmt, spec, sizeof spec);

    if (want < 0 || (size_t)want != nargs)
        return BF_EINVAL;
    for (; !err && *fmt; fmt++) {
        char num[64];
        int prec = 0;
        size_t len;

        if (*fmt != '%')
            continue;
        err = bf_buf_append(out, run, (size_t)(fmt - run));
        if (err)
            break;
        if (fmt[1] == '%') {
            err = bf_buf_putc(out, '%');
            fmt++;
            run = fmt + 1;
            continue;
        }
        len = spec_at(fmt + 1, &prec);
        number(num, lang, args[used++], prec);
        err = bf_buf_puts(out, num);
        fmt += len;
        run = fmt + 1;
    }
    if (!err)
        err = bf_buf_puts(out, run);
    return err;
}
