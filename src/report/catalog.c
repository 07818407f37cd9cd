/*
 * catalog.c - the English and French messages.
 *
 * One table indexed by bf_msg_id with designated initialisers, so a
 * message can never land under the wrong id and a missing one is a NULL
 * the unit test finds.  bf_msg_format is a small printf of its own: it
 * knows only "%.Nf", "%'.Nf", "%D" and "%%", counts the conversions against the
 * arguments, and writes French numbers with a decimal comma.  Using
 * vsnprintf with a table format would need a non-literal format string
 * (which -Wformat=2 rightly rejects) and could not check the count.
 */
#include "report/catalog.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
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
    M(BF_MSG_LBL_FOLLOWERS, "lbl_followers", "Followers", "Abonnés"),
    M(BF_MSG_LBL_FOLLOWING, "lbl_following", "Following", "Abonnements"),
    M(BF_MSG_LBL_POSTS, "lbl_posts", "Posts", "Publications"),
    M(BF_MSG_LBL_CREATED, "lbl_created", "Created", "Créé le"),
    M(BF_MSG_LBL_CONFIDENCE, "lbl_confidence", "Confidence", "Confiance"),
    M(BF_MSG_LBL_UNKNOWN, "lbl_unknown", "unknown", "inconnu"),
    M(BF_MSG_LBL_INTERVAL, "lbl_interval", "95%% interval",
      "intervalle à 95 %%"),
    M(BF_MSG_LBL_FOLLOWERS_KNOWN, "lbl_followers_known",
      "Followers in the store", "Abonnés présents dans la base"),
    M(BF_MSG_LBL_SAMPLE, "lbl_sample", "Followers examined",
      "Abonnés examinés"),
    M(BF_MSG_LBL_ENG_MEAN, "lbl_eng_mean", "Reactions per original post (mean)",
      "Réactions par publication originale (moyenne)"),
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
      "With %'.0f followers, the posts get only %'.1f reactions each on "
      "average: this audience does not react.",
      "Avec %'.0f abonnés, le nombre moyen de réactions par publication "
      "n'est que de %'.1f : cette audience ne réagit pas."),
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
      "%.0f%% of the %'.0f posts whose reactions are known got at least "
      "one (engagement rate: %.3f%% of the followers per original post); "
      "the followers themselves could not be checked, so this rests on the "
      "posts alone.",
      "%.0f %% des %'.0f publications dont les réactions sont connues en ont "
      "reçu au moins une (taux d'engagement : %.3f %% des abonnés par "
      "publication originale) ; les abonnés eux-mêmes n'ont pas pu être "
      "vérifiés : ce constat repose sur les seules publications."),

    M(BF_MSG_REASON_AUTOMATED_CLIENT, "reason_automated_client",
      "The account's own posts look automated: %.0f%% were published "
      "by automation services and %.0f%% get no reaction at all.",
      "Les publications du compte semblent automatisées : %.0f %% ont "
      "été diffusées par des services d'automatisation et %.0f %% "
      "n'obtiennent aucune réaction."),

    M(BF_MSG_REASON_DECLARED, "reason_declared",
      "The account declares itself automated: its owner marks it as a bot "
      "account on the platform, so a program publishes, not a person. The "
      "sections below say whether people follow it and react to it.",
      "Le compte se déclare automatisé : son propriétaire le marque comme "
      "compte robot sur la plateforme ; c'est donc un programme qui publie, "
      "pas une personne. Les rubriques ci-dessous disent si des gens le "
      "suivent et y réagissent."),

    M(BF_MSG_EV_NO_FOLLOWER_DATA, "ev_no_follower_data",
      "No follower of this account is in the store, so its audience "
      "could not be checked.",
      "Aucun abonné de ce compte ne figure dans la base : l'audience "
      "n'a pas pu être vérifiée."),
    M(BF_MSG_EV_FOLLOWERS_PARTIAL, "ev_followers_partial",
      "Only %'.0f of the %'.0f declared followers are in the store "
      "(%.1f%%); the audience figures describe them alone.",
      "Seuls %'.0f des %'.0f abonnés déclarés figurent dans la base "
      "(%.1f %%) ; les chiffres d'audience ne portent que sur eux."),
    M(BF_MSG_EV_FAKE_WEAK, "ev_fake_weak",
      "%.1f%% of the %'.0f followers examined have a poor profile, "
      "meeting fewer than half of Camisani-Calzolari's human criteria "
      "(95%% interval: %.1f%% to %.1f%%).",
      "%.1f %% des %'.0f abonnés examinés ont un profil pauvre, qui "
      "remplit moins de la moitié des critères « humains » de "
      "Camisani-Calzolari (intervalle à 95 %% : %.1f %% à %.1f %%)."),
    M(BF_MSG_EV_FAKE_SB, "ev_fake_sb",
      "%.1f%% of the %'.0f followers examined fail the Socialbakers "
      "fake-follower check (95%% interval: %.1f%% to %.1f%%).",
      "%.1f %% des %'.0f abonnés examinés échouent au contrôle de faux "
      "abonnés de Socialbakers (intervalle à 95 %% : %.1f %% à "
      "%.1f %%)."),
    M(BF_MSG_EV_FAKE_CC, "ev_fake_cc",
      "%.1f%% of the %'.0f followers examined score no more human "
      "points than bot points under Camisani-Calzolari's published "
      "rule.",
      "%.1f %% des %'.0f abonnés examinés n'obtiennent pas plus de "
      "points « humains » que de points « robot » selon la règle "
      "publiée de Camisani-Calzolari."),
    M(BF_MSG_EV_FOLLOWS_MANY, "ev_follows_many",
      "The account follows %'.0f accounts and has %'.0f followers: "
      "following en masse in the hope of being followed back is a "
      "common way to grow an audience artificially.",
      "Le compte suit %'.0f comptes pour %'.0f abonnés : suivre en masse "
      "dans l'espoir d'être suivi en retour est une façon courante de "
      "gonfler une audience."),
    M(BF_MSG_EV_RATIO, "ev_ratio",
      "It has %'.1f follower{|s} for every account it follows.",
      "Il compte %'.1f abonné{|s} pour chaque compte suivi."),
    M(BF_MSG_EV_ENG_RATE, "ev_eng_rate",
      "Original posts get %'.1f reactions on average, an engagement "
      "rate of %.3f%% of the followers.",
      "Les publications originales obtiennent en moyenne %'.1f "
      "réactions, soit un taux d'engagement de %.3f %% des abonnés."),
    M(BF_MSG_EV_ENG_MISMATCH, "ev_eng_mismatch",
      "For %'.0f followers, an engagement rate of %.3f%% is far below "
      "what a real audience produces.",
      "Pour %'.0f abonnés, un taux d'engagement de %.3f %% est très "
      "inférieur à celui d'une audience réelle."),
    M(BF_MSG_EV_ZERO_ENG, "ev_zero_eng",
      "%.0f%% of the %'.0f posts whose reactions are known (reposts left out) "
      "got no reaction at all.",
      "%.0f %% des %'.0f publications dont les réactions sont connues "
      "(partages exclus) n'ont obtenu aucune réaction."),
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
    M(BF_MSG_EV_SB_RATIO, "ev_sb_ratio",
      "It follows at least 50 times as many accounts as follow it (a "
      "Socialbakers fake-account criterion).",
      "Il suit au moins 50 fois plus de comptes qu'il n'a d'abonnés (un "
      "critère de faux compte de Socialbakers)."),
    M(BF_MSG_EV_SB_SPAM, "ev_sb_spam",
      "More than 30%% of its posts use spam phrases (a Socialbakers "
      "fake-account criterion).",
      "Plus de 30 %% de ses publications emploient des formules de spam (un "
      "critère de faux compte de Socialbakers)."),
    M(BF_MSG_EV_SB_REPEATS, "ev_sb_repeats",
      "It posted the same text at least 3 times (a Socialbakers fake-account "
      "criterion).",
      "Il a publié le même texte au moins 3 fois (un critère de faux compte "
      "de Socialbakers)."),
    M(BF_MSG_EV_SB_RETWEETS, "ev_sb_retweets",
      "More than 90%% of its posts are reposts (a Socialbakers fake-account "
      "criterion).",
      "Plus de 90 %% de ses publications sont des partages (un critère de "
      "faux compte de Socialbakers)."),
    M(BF_MSG_EV_SB_LINKS, "ev_sb_links",
      "More than 90%% of its posts carry a link (a Socialbakers fake-account "
      "criterion).",
      "Plus de 90 %% de ses publications contiennent un lien (un critère de "
      "faux compte de Socialbakers)."),
    M(BF_MSG_EV_SB_NO_TWEETS, "ev_sb_no_tweets",
      "It has never posted (a Socialbakers fake-account criterion).",
      "Il n'a jamais rien publié (un critère de faux compte de "
      "Socialbakers)."),
    M(BF_MSG_EV_SB_DEFAULT_IMAGE, "ev_sb_default_image",
      "It still has the default profile picture, more than two months after "
      "it was created (a Socialbakers fake-account criterion).",
      "Il a encore l'image de profil par défaut plus de deux mois après sa "
      "création (un critère de faux compte de Socialbakers)."),
    M(BF_MSG_EV_SB_NO_BIO_LOC, "ev_sb_no_bio_loc",
      "It has neither a bio nor a location and follows more than 100 "
      "accounts (a Socialbakers fake-account criterion).",
      "Il n'a ni bio ni lieu et suit plus de 100 comptes (un critère de "
      "faux compte de Socialbakers)."),
    M(BF_MSG_EV_PROFILE, "ev_profile",
      "The account meets %.0f of the %.0f Camisani-Calzolari human "
      "criteria that could be checked.",
      "Le compte remplit %.0f des %.0f critères « humains » de "
      "Camisani-Calzolari qui ont pu être vérifiés."),
    M(BF_MSG_EV_REPOSTS, "ev_reposts",
      "%.0f%% of the posts are reposts of other accounts.",
      "%.0f %% des publications sont des partages d'autres comptes."),
    M(BF_MSG_EV_FEW_PROFILES, "ev_few_profiles",
      "Followers examined with a known profile: %'.0f of %'.0f; the others "
      "could not be judged.",
      "Abonnés examinés dont le profil est connu : %'.0f sur %'.0f ; les "
      "autres n'ont pas pu être jugés."),

    M(BF_MSG_EV_FEW_JUDGED, "ev_few_judged",
      "Followers that could be judged: %'.0f, fewer than the %'.0f needed for "
      "a firm conclusion about the audience.",
      "Abonnés qui ont pu être jugés : %'.0f, moins que les %'.0f nécessaires "
      "pour conclure sur l'audience."),

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
    M(BF_MSG_CH_DECLARED, "ch_declared",
      "The verdict follows the account's own statement: only its owner "
      "removing the bot mark from the profile would change it.",
      "Le verdict suit la déclaration du compte : seul le retrait de la "
      "marque « robot » du profil par son propriétaire le changerait."),
    M(BF_MSG_CH_GENUINE, "ch_genuine",
      "The audience would be judged inflated if even the lower bound of "
      "the estimated share of fake followers reached %.0f%% (it is now "
      "%.0f%%).",
      "L'audience serait jugée gonflée si même la borne basse de la part "
      "estimée de faux abonnés atteignait %.0f %% (elle est aujourd'hui "
      "de %.0f %%)."),
    M(BF_MSG_CH_MORE_FOLLOWERS, "ch_more_followers",
      "Collecting at least %'.0f followers of this account would make "
      "the verdict firmer.",
      "Collecter au moins %'.0f abonnés de ce compte rendrait le "
      "verdict plus sûr."),
    M(BF_MSG_CH_MORE_POSTS, "ch_more_posts",
      "Collecting at least %.0f of its posts would allow engagement to "
      "be measured.",
      "Collecter au moins %.0f de ses publications permettrait de "
      "mesurer l'engagement."),
    M(BF_MSG_CH_MORE_POSTS_COUNT, "ch_more_posts_count",
      "At least %.0f of its posts, and its number of followers, which the "
      "data does not give, would allow engagement to be measured.",
      "Au moins %.0f de ses publications, et son nombre d'abonnés, que les "
      "données ne donnent pas, permettraient de mesurer l'engagement."),
    M(BF_MSG_CH_FOLLOWER_COUNT, "ch_follower_count",
      "Its number of followers, which the data does not give, would allow "
      "engagement to be measured.",
      "Son nombre d'abonnés, que les données ne donnent pas, permettrait de "
      "mesurer l'engagement."),
    M(BF_MSG_CH_ENGAGEMENT, "ch_engagement",
      "An engagement rate above %.3f%% would remove the doubt about "
      "the audience.",
      "Un taux d'engagement supérieur à %.3f %% lèverait le doute sur "
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
    M(BF_MSG_HOW_DUP_TITLES, "how_dup_titles",
      "a post is a duplicate when its title, lowercased and without links "
      "or punctuation, matches an earlier post's (digits kept: a series "
      "numbers its episodes).",
      "une publication est un doublon quand son titre, en minuscules et "
      "sans liens ni ponctuation, est identique à celui d'une publication "
      "antérieure (chiffres gardés : une série numérote ses épisodes)."),
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
      "followers examined: all of them up to the sample size (2,000 by "
      "default), otherwise a uniform random sample of that size drawn with "
      "a fixed seed, so the same store gives the same sample.",
      "abonnés examinés : tous jusqu'à la taille de l'échantillon (2 000 "
      "par défaut), sinon un échantillon aléatoire uniforme de cette "
      "taille, tiré avec une graine fixe : la même base donne le même "
      "échantillon."),

    M(BF_MSG_DEMO_NOTICE, "demo_notice",
      "Simulated world: %'.0f accounts, %'.0f follows and %'.0f posts, "
      "all generated; none of these accounts is real.",
      "Monde simulé : %'.0f comptes, %'.0f abonnements et %'.0f "
      "publications, tous générés ; aucun de ces comptes n'est réel."),
    M(BF_MSG_DEMO_MORE, "demo_more",
      "The same reports in the terminal, with how each figure is computed:",
      "Les mêmes rapports dans le terminal, avec le calcul de chaque "
      "chiffre :"),
    M(BF_MSG_DEMO_SERVE, "demo_serve",
      "To find, read and compare these accounts in your web browser, run "
      "this and open http://127.0.0.1:8080/ :",
      "Pour chercher, lire et comparer ces comptes dans votre navigateur, "
      "lancez ceci et ouvrez http://127.0.0.1:8080/ :"),
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
    M(BF_MSG_INGEST_PRIVATE, "ingest_private",
      "%.0f posts of protected accounts not stored",
      "%.0f publications de comptes protégés non enregistrées"),
    M(BF_MSG_COL_PLATFORM, "col_platform", "platform", "plateforme"),
    M(BF_MSG_COL_ACCOUNTS, "col_accounts", "accounts", "comptes"),
    M(BF_MSG_COL_POSTS, "col_posts", "posts", "publications"),
    M(BF_MSG_COL_FOLLOWS, "col_follows", "follows", "abonnements"),
    M(BF_MSG_COL_TOTAL, "col_total", "total", "total"),

    M(BF_MSG_SEC_INFLUENCE, "sec_influence", "Influence", "Influence"),
    M(BF_MSG_SEC_GROWTH, "sec_growth", "Growth", "Croissance"),
    M(BF_MSG_SEC_CONTENT, "sec_content", "Content", "Contenu"),
    M(BF_MSG_SEC_QUESTIONS, "sec_questions", "Questions to ask",
      "Questions à poser"),
    M(BF_MSG_SEC_COMPARE, "sec_compare", "Side by side", "Comparaison"),
    M(BF_MSG_LBL_GOOD_ANSWER, "lbl_good_answer", "A good answer",
      "Une bonne réponse"),
    M(BF_MSG_LBL_ACCOUNT, "lbl_account", "Account", "Compte"),
    M(BF_MSG_LBL_AUD_REAL, "lbl_aud_real", "Real people by the rules",
      "Personnes réelles selon les règles"),
    M(BF_MSG_LBL_AUD_MASS, "lbl_aud_mass", "Mass followers",
      "Abonnés de masse"),
    M(BF_MSG_LBL_AUD_INACTIVE, "lbl_aud_inactive", "Inactive", "Inactifs"),
    M(BF_MSG_LBL_AUD_SUSPECT, "lbl_aud_suspect", "Suspected fake by the rules",
      "Faux suspectés selon les règles"),
    M(BF_MSG_LBL_TIER_MEDIAN, "lbl_tier_median",
      "Median rate of accounts of the same size in the store",
      "Taux médian des comptes de même taille dans la base"),
    M(BF_MSG_LBL_TIER_PEERS, "lbl_tier_peers",
      "Accounts of the same size measured", "Comptes de même taille mesurés"),
    M(BF_MSG_LBL_PUBLISHED, "lbl_published",
      "Published median for this kind of account",
      "Médiane publiée pour ce type de compte"),
    M(BF_MSG_LBL_ZERO_SHARE, "lbl_zero_share", "Posts nobody reacted to",
      "Publications sans aucune réaction"),
    M(BF_MSG_LBL_HIST, "lbl_hist", "Original posts by number of reactions",
      "Publications originales selon le nombre de réactions"),
    M(BF_MSG_LBL_PR_PCT, "lbl_pr_pct", "Reach rank (PageRank percentile)",
      "Rang de portée (percentile PageRank)"),
    M(BF_MSG_LBL_FOL_PCT, "lbl_fol_pct", "Follower-count rank (percentile)",
      "Rang par nombre d'abonnés (percentile)"),
    M(BF_MSG_LBL_INFLUENTIAL, "lbl_influential",
      "Followers who are themselves followed by over 1,000 accounts",
      "Abonnés eux-mêmes suivis par plus de 1 000 comptes"),
    M(BF_MSG_LBL_REPOSTS_PP, "lbl_reposts_pp", "Reposts per original post",
      "Partages par publication originale"),
    M(BF_MSG_LBL_REPLIES_PP, "lbl_replies_pp", "Replies per original post",
      "Réponses par publication originale"),
    M(BF_MSG_LBL_MENTIONS_PP, "lbl_mentions_pp", "Accounts mentioned per post",
      "Comptes mentionnés par publication"),
    M(BF_MSG_LBL_DATED, "lbl_dated", "Followers with a known creation date",
      "Abonnés dont la date de création est connue"),
    M(BF_MSG_LBL_BATCH_MONTHS, "lbl_batch_months",
      "Months that look like batches", "Mois qui ressemblent à des lots"),
    M(BF_MSG_LBL_BATCH_SHARE, "lbl_batch_share",
      "Followers created in batch months",
      "Abonnés créés pendant les mois en lots"),
    M(BF_MSG_LBL_TOP_SHARE, "lbl_top_share",
      "Followers created in the busiest month",
      "Abonnés créés pendant le mois le plus chargé"),
    M(BF_MSG_LBL_RECENT_SHARE, "lbl_recent_share",
      "Followers created in the last 3 months",
      "Abonnés créés au cours des 3 derniers mois"),
    M(BF_MSG_LBL_CHART_GROWTH, "lbl_chart_growth",
      "Followers by the month their account was created (last 5 years; batches "
      "in red)",
      "Abonnés selon le mois de création de leur compte (5 dernières années ; "
      "lots en rouge)"),
    M(BF_MSG_LBL_DUP, "lbl_dup", "Near-duplicate posts",
      "Publications quasi identiques"),
    M(BF_MSG_LBL_LINKS, "lbl_links", "Posts with a link",
      "Publications avec un lien"),
    M(BF_MSG_LBL_HASHTAG_STUFF, "lbl_hashtag_stuff",
      "Posts with 3 hashtags or more",
      "Publications avec 3 mots-dièse ou plus"),
    M(BF_MSG_LBL_HASHTAG_STUFF_WIDE, "lbl_hashtag_stuff_wide",
      "Posts with 20 hashtags or more",
      "Publications avec 20 mots-dièse ou plus"),
    M(BF_MSG_LBL_LINK_STUFF, "lbl_link_stuff", "Posts with 2 links or more",
      "Publications avec 2 liens ou plus"),
    M(BF_MSG_LBL_AUTOMATION, "lbl_automation", "Posts from automation services",
      "Publications par des services d'automatisation"),
    M(BF_MSG_LBL_SCHEDULER, "lbl_scheduler", "Posts from scheduling tools",
      "Publications par des outils de programmation"),
    M(BF_MSG_LBL_CLIENTS, "lbl_clients", "Different publishing applications",
      "Applications de publication différentes"),
    M(BF_MSG_TIER_0, "tier_0", "under 1,000 followers",
      "moins de 1 000 abonnés"),
    M(BF_MSG_TIER_1, "tier_1", "1,000 to 10,000 followers (nano)",
      "1 000 à 10 000 abonnés (nano)"),
    M(BF_MSG_TIER_2, "tier_2", "10,000 to 50,000 followers (micro)",
      "10 000 à 50 000 abonnés (micro)"),
    M(BF_MSG_TIER_3, "tier_3", "50,000 to 500,000 followers (mid-tier)",
      "50 000 à 500 000 abonnés (intermédiaire)"),
    M(BF_MSG_TIER_4, "tier_4", "500,000 to 1 million followers (macro)",
      "500 000 à 1 million d'abonnés (macro)"),
    M(BF_MSG_TIER_5, "tier_5", "over 1 million followers (mega)",
      "plus de 1 million d'abonnés (méga)"),
    M(BF_MSG_SV_AUD_GOOD, "sv_aud_good",
      "%.0f%% of the followers examined look like real people.",
      "%.0f %% des abonnés examinés ressemblent à de vraies personnes."),
    M(BF_MSG_SV_AUD_BAD, "sv_aud_bad",
      "Only %.0f%% of the followers examined look like real people; %.0f%% "
      "look fake.",
      "Seuls %.0f %% des abonnés examinés ressemblent à de vraies personnes ; "
      "%.0f %% paraissent faux."),
    M(BF_MSG_SV_AUD_NONE, "sv_aud_none",
      "No follower of this account is in the store.",
      "Aucun abonné de ce compte ne figure dans la base."),
    M(BF_MSG_SV_ENG_GOOD, "sv_eng_good",
      "People react to the posts at least as much as to other accounts of the "
      "same size (%.3f%% against %.3f%%).",
      "Les publications font réagir au moins autant que celles des autres "
      "comptes de même taille (%.3f %% contre %.3f %%)."),
    M(BF_MSG_SV_ENG_LOW, "sv_eng_low",
      "People react to the posts %.1f times less than to other accounts of the "
      "same size (%.3f%% against %.3f%%).",
      "Les publications font réagir %.1f fois moins que celles des autres "
      "comptes de même taille (%.3f %% contre %.3f %%)."),
    M(BF_MSG_SV_ENG_SILENT, "sv_eng_silent",
      "%.0f%% of the posts got no reaction at all: nobody seems to read them.",
      "%.0f %% des publications n'ont obtenu aucune réaction : personne ne "
      "semble les lire."),
    M(BF_MSG_SV_ENG_ALONE, "sv_eng_alone",
      "The engagement rate is %.3f%%; neither the store nor a published study "
      "gives a median for accounts of this size to compare it with.",
      "Le taux d'engagement est de %.3f %% ; ni la base ni une étude publiée "
      "ne donne de médiane pour des comptes de cette taille à laquelle le "
      "comparer."),
    M(BF_MSG_SV_ENG_NONE, "sv_eng_none",
      "No post of this account could be measured.",
      "Aucune publication de ce compte n'a pu être mesurée."),
    M(BF_MSG_SV_ENG_NO_REACTIONS, "sv_eng_no_reactions",
      "None of the posts examined (%'.0f) gives its reactions, as the source "
      "does not hold them: engagement could not be measured.",
      "Aucune des publications examinées (%'.0f) ne donne ses réactions, que "
      "la source ne contient pas : l'engagement n'a pas pu être mesuré."),
    M(BF_MSG_SV_ENG_FEW, "sv_eng_few",
      "The engagement rate, %.3f%%, rests on %'.0f original post{|s} with "
      "known reactions: too few to judge (at least 10 are needed).",
      "Le taux d'engagement, %.3f %%, repose sur %'.0f publication{|s} "
      "originale{|s} aux réactions connues : trop peu pour juger (il en faut "
      "au moins 10)."),
    M(BF_MSG_SV_ENG_REACTS, "sv_eng_reacts",
      "People react: %.0f%% of the posts got at least one reaction, an "
      "engagement rate of %.3f%%; neither the store nor a published study "
      "gives a median for accounts of this size to compare it with.",
      "Les publications font réagir : %.0f %% en ont reçu au moins une, soit "
      "un taux d'engagement de %.3f %% ; ni la base ni une étude publiée ne "
      "donne de médiane pour des comptes de cette taille à laquelle le "
      "comparer."),
    M(BF_MSG_CH_MORE_ORIGINALS, "ch_more_originals",
      "Collecting at least %.0f of its own posts (not replies or reposts), "
      "with their reactions, would allow engagement to be measured; the "
      "store holds %.0f.",
      "Collecter au moins %.0f de ses propres publications (ni réponses ni "
      "partages), avec leurs réactions, permettrait de mesurer "
      "l'engagement ; la base en contient %.0f."),
    M(BF_MSG_SV_ENG_NO_FOLLOWERS, "sv_eng_no_followers",
      "The posts' reactions are known, but not the number of followers: "
      "engagement, reactions per follower, could not be measured.",
      "Les réactions aux publications sont connues, mais pas le nombre "
      "d'abonnés : l'engagement, en réactions par abonné, n'a pas pu être "
      "mesuré."),
    M(BF_MSG_SRC_PUBLISHED, "src_published",
      "Published medians (second-hand): Rival IQ 2023, brands with at least "
      "5,000 followers (25,000 to 1 million on Facebook), engagement per "
      "post by followers: X 0.035%%, Facebook 0.06%%, Instagram 0.47%%, TikTok "
      "5.69%%; HypeAuditor, Instagram creators: nano (1,000 to 10,000) "
      "1.78%%, micro (10,000 to 50,000) 0.54%%, mega (1 million and more) "
      "0.33%%. YouTube: none per subscriber (a median per view is used "
      "instead); LinkedIn: none per follower (the published ones are per "
      "impression, which no LinkedIn export holds); Mastodon and Bluesky: "
      "none. Definitions differ between sources: a median is used only for "
      "the platform and the sizes its study covers.",
      "Médianes publiées (de seconde main) : Rival IQ 2023, marques d'au "
      "moins 5 000 abonnés (25 000 à 1 million sur Facebook), engagement par "
      "publication rapporté aux abonnés : X 0,035 %%, Facebook 0,06 %%, "
      "Instagram 0,47 %%, TikTok 5,69 %% ; HypeAuditor, créateurs "
      "Instagram : nano (1 000 à 10 000) 1,78 %%, micro (10 000 à 50 000) "
      "0,54 %%, méga (1 million et plus) 0,33 %%. YouTube : aucune par "
      "abonné (une médiane par vue sert à la place) ; LinkedIn : aucune par "
      "abonné (celles publiées sont par impression, ce qu'aucun export "
      "LinkedIn ne contient) ; Mastodon et Bluesky : aucune. Les définitions "
      "diffèrent d'une source à l'autre : une médiane ne sert que pour la "
      "plateforme et les tailles que son étude couvre."),
    M(BF_MSG_HOW_TIER_MEDIAN, "how_tier_median",
      "tier median = median engagement rate of at most 200 accounts of the "
      "store on the same platform and in the same follower tier, each with at "
      "least 5 original posts whose reactions are known; given only when at "
      "least 30 such accounts are measured.",
      "médiane de la tranche = taux d'engagement médian d'au plus 200 comptes "
      "de la base, de la même plateforme et de la même tranche d'abonnés, "
      "ayant chacun au moins 5 publications originales aux réactions "
      "connues ; donnée seulement quand au moins 30 de ces comptes sont "
      "mesurés."),
    M(BF_MSG_HOW_HIST, "how_hist",
      "histogram of the reactions (likes + reposts + replies + quotes) of each "
      "original post examined.",
      "histogramme des réactions (mentions j'aime + partages + réponses + "
      "citations) de chaque publication originale examinée."),
    M(BF_MSG_HOW_AUD_REAL, "how_aud_real",
      "real people: followers that are none of the three types below.",
      "personnes réelles : abonnés qui ne relèvent d'aucun des trois types "
      "ci-dessous."),
    M(BF_MSG_HOW_AUD_MASS, "how_aud_mass",
      "mass followers: accounts that follow more than 1,500 accounts "
      "(HypeAuditor's definition); they cannot read what they follow.",
      "abonnés de masse : comptes qui suivent plus de 1 500 comptes "
      "(définition de HypeAuditor) ; ils ne peuvent pas lire ce qu'ils "
      "suivent."),
    M(BF_MSG_HOW_AUD_INACTIVE, "how_aud_inactive",
      "inactive: accounts with no post at all, or whose newest post in the "
      "store came more than 180 days before their profile was observed.",
      "inactifs : comptes sans aucune publication, ou dont la publication la "
      "plus récente dans la base précède de plus de 180 jours l'observation "
      "de leur profil."),
    M(BF_MSG_HOW_AUD_SUSPECT, "how_aud_suspect",
      "suspected fake: accounts that fail the Socialbakers check or have a "
      "poor Camisani-Calzolari profile; checked first, so each follower counts "
      "once.",
      "faux suspectés : comptes qui échouent au contrôle Socialbakers ou ont "
      "un profil pauvre selon Camisani-Calzolari ; testé en premier, si bien "
      "que chaque abonné ne compte qu'une fois."),
    M(BF_MSG_HOW_PR, "how_pr",
      "PageRank (Brin and Page 1998) over the store's follow graph: an account "
      "is important when important accounts follow it; percentile = share of "
      "the store's accounts of the same platform ranked lower.",
      "PageRank (Brin et Page 1998) sur le graphe d'abonnements de la base : "
      "un compte compte quand des comptes qui comptent le suivent ; percentile "
      "= part des comptes de la même plateforme dans la base classés plus "
      "bas."),
    M(BF_MSG_HOW_FOL_PCT, "how_fol_pct",
      "follower-count percentile = share of the store's accounts of the same "
      "platform with fewer followers in the store; a large gap with the "
      "PageRank percentile means "
      "followers who are not listened to (Cha et al. 2010, the million "
      "follower fallacy).",
      "percentile d'abonnés = part des comptes de la même plateforme dans la "
      "base ayant moins d'abonnés dans la base ; un grand écart avec le "
      "percentile PageRank "
      "signale des abonnés que personne n'écoute (Cha et al. 2010)."),
    M(BF_MSG_HOW_PER_POST, "how_per_post",
      "per post = reposts (or replies) received, summed over the original "
      "posts examined, divided by their number; mentions = accounts named in "
      "the account's own posts, divided by its posts (mentions by others are "
      "not indexed in the store).",
      "par publication = partages (ou réponses) reçus, additionnés sur les "
      "publications originales examinées, divisés par leur nombre ; mentions = "
      "comptes cités dans les publications du compte, divisés par ses "
      "publications (les mentions par d'autres ne sont pas indexées dans la "
      "base)."),
    M(BF_MSG_SV_INF_AGREE, "sv_inf_agree",
      "Its reach in the network matches its size: it ranks above %.0f%% of "
      "the store's accounts of this platform by followers and %.0f%% by "
      "PageRank.",
      "Sa portée dans le réseau correspond à sa taille : il dépasse %.0f %% "
      "des comptes de cette plateforme dans la base par le nombre d'abonnés "
      "et %.0f %% par le PageRank."),
    M(BF_MSG_SV_INF_LOW, "sv_inf_low",
      "It has more followers than %.0f%% of the store's accounts of this "
      "platform, but its real reach beats only %.0f%%: its followers are not "
      "people who are listened to.",
      "Il a plus d'abonnés que %.0f %% des comptes de cette plateforme dans "
      "la base, mais sa portée réelle n'en dépasse que %.0f %% : ses abonnés "
      "ne sont pas des gens écoutés."),
    M(BF_MSG_SV_INF_HIGH, "sv_inf_high",
      "Its real reach (above %.0f%% of the store's accounts of this "
      "platform) is better than its follower count suggests (above %.0f%%): "
      "it is followed by people who count.",
      "Sa portée réelle (au-dessus de %.0f %% des comptes de cette plateforme "
      "dans la base) dépasse ce que laisse croire son nombre d'abonnés "
      "(au-dessus de %.0f %%) : il est suivi par des gens qui comptent."),
    M(BF_MSG_SV_INF_NONE, "sv_inf_none",
      "Influence could not be measured: no follower of this account is in "
      "the store.",
      "L'influence n'a pas pu être mesurée : aucun abonné de ce compte ne "
      "figure dans la base."),
    M(BF_MSG_SV_GROWTH_BATCH, "sv_growth_batch",
      "%.0f%% of the %'.0f followers dated had their accounts created in "
      "months that look like batches (%.0f in all): follower farms make "
      "accounts this way.",
      "%.0f %% des %'.0f abonnés datés ont vu leur compte créé lors de mois "
      "qui ressemblent à des lots (%.0f au total) : c'est ainsi que les "
      "fermes à abonnés fabriquent des comptes."),
    M(BF_MSG_SV_GROWTH_SOME, "sv_growth_some",
      "%.0f%% of the followers had their accounts created in the same month "
      "(%D); worth asking why.",
      "%.0f %% des abonnés ont vu leur compte créé le même mois (%D) ; cela "
      "mérite une question."),
    M(BF_MSG_SV_GROWTH_SPREAD, "sv_growth_spread",
      "The accounts of the %'.0f followers dated were created at many "
      "different times, as a natural audience's are.",
      "Les comptes des %'.0f abonnés datés ont été créés à des moments très "
      "divers, comme ceux d'une audience naturelle."),
    M(BF_MSG_SV_GROWTH_NONE, "sv_growth_none",
      "The followers' creation dates are unknown, so growth could not be read.",
      "Les dates de création des abonnés sont inconnues : la croissance n'a "
      "pas pu être lue."),
    M(BF_MSG_SV_GROWTH_NO_FOLLOWERS, "sv_growth_no_followers",
      "No follower of this account is in the store, so growth could not be "
      "read.",
      "Aucun abonné de ce compte ne figure dans la base : la croissance n'a "
      "pas pu être lue."),
    M(BF_MSG_HOW_BATCH, "how_batch",
      "a month is a batch when at least 5%% of the followers examined, and at "
      "least 10 of them, had their accounts created in it; real audiences are "
      "spread over years, farms create accounts in batches.",
      "un mois est un lot quand au moins 5 %% des abonnés examinés, et au "
      "moins 10 d'entre eux, y ont vu leur compte créé ; une audience réelle "
      "s'étale sur des années, les fermes créent les comptes par lots."),
    M(BF_MSG_HOW_GROWTH, "how_growth",
      "follower creation dates: the followers' own accounts by the month they "
      "were created; when the order of the follower list is unknown, growth "
      "can only be read this way.",
      "dates de création des abonnés : les comptes abonnés selon le mois de "
      "leur création ; quand l'ordre de la liste d'abonnés est inconnu, la "
      "croissance ne peut être lue qu'ainsi."),
    M(BF_MSG_SV_CONTENT_OK, "sv_content_ok",
      "The posts look written by a person: little repetition, no stuffing, no "
      "automation service.",
      "Les publications semblent écrites par une personne : peu de "
      "répétitions, pas de bourrage, pas de service d'automatisation."),
    M(BF_MSG_SV_CONTENT_OK_NOSRC, "sv_content_ok_nosrc",
      "The posts look written by a person: little repetition, no stuffing. "
      "The source does not name the application that posted them, so "
      "automation could not be checked.",
      "Les publications semblent écrites par une personne : peu de "
      "répétitions, pas de bourrage. La source ne nomme pas l'application "
      "qui les a publiées : l'automatisation n'a pas pu être vérifiée."),
    M(BF_MSG_SV_CONTENT_NOTEXT, "sv_content_notext",
      "The source does not give the texts of the posts: whether they repeat "
      "each other or are stuffed with hashtags and links could not be read.",
      "La source ne donne pas le texte des publications : on n'a pas pu "
      "lire si elles se répètent ou sont bourrées de mots-dièse et de "
      "liens."),
    M(BF_MSG_SV_CONTENT_NOTEXT_CLEAN, "sv_content_notext_clean",
      "The source does not give the texts of the posts, so whether they "
      "repeat each other could not be read; none is stuffed with hashtags "
      "or links.",
      "La source ne donne pas le texte des publications : on n'a pas pu lire "
      "si elles se répètent ; aucune n'est bourrée de mots-dièse ou de "
      "liens."),
    M(BF_MSG_SV_CONTENT_AUTO, "sv_content_auto",
      "%.0f%% of the posts come from automation services: a program posts, not "
      "a person.",
      "%.0f %% des publications viennent de services d'automatisation : c'est "
      "un programme qui publie, pas une personne."),
    M(BF_MSG_SV_CONTENT_DUP, "sv_content_dup",
      "%.0f%% of the posts repeat earlier ones almost word for word.",
      "%.0f %% des publications en répètent d'autres presque mot pour mot."),
    M(BF_MSG_SV_CONTENT_STUFF, "sv_content_stuff",
      "%.0f%% of the posts are stuffed with hashtags or links, a spammer's "
      "habit.",
      "%.0f %% des publications sont bourrées de mots-dièse ou de liens, une "
      "habitude de spammeur."),
    M(BF_MSG_SV_CONTENT_DECLARED, "sv_content_declared",
      "The account declares itself automated: a program publishes, not a "
      "person.",
      "Le compte se déclare automatisé : c'est un programme qui publie, pas "
      "une personne."),
    M(BF_MSG_SV_CONTENT_NONE, "sv_content_none",
      "No post of this account is in the store.",
      "Aucune publication de ce compte ne figure dans la base."),
    M(BF_MSG_SV_CONTENT_FEW, "sv_content_few",
      "Too few posts of this account are in the store (%'.0f) to judge "
      "their content: at least 10 are needed.",
      "Trop peu de publications de ce compte figurent dans la base (%'.0f) "
      "pour juger de leur contenu : il en faut au moins 10."),
    M(BF_MSG_HOW_STUFF, "how_stuff",
      "stuffing: posts with 3 hashtags or more, or with 2 links or more, as a "
      "share of the posts whose counts are known.",
      "bourrage : publications avec 3 mots-dièse ou plus, ou 2 liens ou plus, "
      "en part des publications dont le compte est connu."),
    M(BF_MSG_HOW_STUFF_WIDE, "how_stuff_wide",
      "stuffing: posts with 20 hashtags or more, as a share of the posts "
      "whose counts are known; platforms of captions and long posts use "
      "hashtags freely (an Instagram caption carries a dozen on average: "
      "11.45 in 120,000 photos), where 3 mark spam on a microblog, and a "
      "long post cites its sources, so links are not counted as stuffing.",
      "bourrage : publications avec 20 mots-dièse ou plus, en part des "
      "publications dont le compte est connu ; les plateformes de légendes "
      "et de longues publications usent librement des mots-dièse (une "
      "légende Instagram en porte une douzaine en moyenne : 11,45 sur "
      "120 000 photos), là où 3 signalent un spam sur un microblog, et une "
      "longue publication cite ses sources : les liens ne comptent pas comme "
      "bourrage."),
    M(BF_MSG_Q_BATCH, "q_batch",
      "Why were %.0f%% of your followers' accounts created in a few batch "
      "months (%.0f in all), %.0f%% in %D alone?",
      "Pourquoi %.0f %% des comptes de vos abonnés ont-ils été créés lors "
      "de quelques mois de lots (%.0f au total), %.0f %% pour le seul "
      "mois de %D ?"),
    M(BF_MSG_GA_BATCH, "ga_batch",
      "A real event of that month that you can check (a campaign, a press "
      "article, a contest), and proof that these followers still react. \"I "
      "don't know\" or a growth service is a bad sign.",
      "Un événement réel de ce mois-là, que vous pouvez vérifier (une "
      "campagne, un article de presse, un concours), et la preuve que ces "
      "abonnés réagissent encore. « Je ne sais pas » ou un service de "
      "croissance est mauvais signe."),
    M(BF_MSG_Q_FAKE, "q_fake",
      "How do you explain that %.0f%% of your followers look like empty or "
      "fake accounts?",
      "Comment expliquez-vous que %.0f %% de vos abonnés ressemblent à des "
      "comptes vides ou factices ?"),
    M(BF_MSG_GA_FAKE, "ga_fake",
      "A plain admission (an old purchase, a contest that drew the wrong "
      "people) and a clean-up already under way. Denying it, or blaming the "
      "platform, is not straight.",
      "Un aveu simple (un ancien achat, un concours qui a attiré les mauvaises "
      "personnes) et un nettoyage déjà engagé. Nier, ou accuser la plateforme, "
      "n'est pas honnête."),
    M(BF_MSG_Q_ENG, "q_eng",
      "With %'.0f followers, your posts get %'.1f reactions each on average. "
      "Can "
      "you show me the statistics from the platform itself?",
      "Avec %'.0f abonnés, vos publications obtiennent %'.1f réactions en "
      "moyenne. Pouvez-vous me montrer les statistiques de la plateforme "
      "elle-même ?"),
    M(BF_MSG_GA_ENG, "ga_eng",
      "Screenshots of the platform's own statistics (reach, views, who reacts) "
      "that agree with these figures, not only a follower count.",
      "Des captures des statistiques de la plateforme (portée, vues, qui "
      "réagit) qui concordent avec ces chiffres, pas seulement un nombre "
      "d'abonnés."),
    M(BF_MSG_Q_SILENT, "q_silent",
      "%.0f%% of your posts get no reaction at all. Who reads them?",
      "%.0f %% de vos publications n'obtiennent aucune réaction. Qui les lit "
      "?"),
    M(BF_MSG_GA_SILENT, "ga_silent",
      "Which posts work and why, and what is done about the silent ones. "
      "\"Posting more\" is not an answer.",
      "Quelles publications fonctionnent et pourquoi, et ce qui est fait pour "
      "les autres. « Publier davantage » n'est pas une réponse."),
    M(BF_MSG_Q_AUTO, "q_auto",
      "%.0f%% of your posts are published by automation services. Who writes "
      "them?",
      "%.0f %% de vos publications sont diffusées par des services "
      "d'automatisation. Qui les écrit ?"),
    M(BF_MSG_GA_AUTO, "ga_auto",
      "The tool used and the person who checks each post and answers people. "
      "Nobody at the keyboard is a bad sign.",
      "L'outil utilisé et la personne qui relit chaque publication et répond "
      "aux gens. Personne au clavier est mauvais signe."),
    M(BF_MSG_Q_DECLARED, "q_declared",
      "This account is marked as a bot account. What does the program "
      "publish, and who answers the people who write to it?",
      "Ce compte est marqué comme compte robot. Que publie le programme, et "
      "qui répond aux personnes qui lui écrivent ?"),
    M(BF_MSG_GA_DECLARED, "ga_declared",
      "What the program posts and where its content comes from, and a named "
      "person who reads the replies and answers them. If nobody does, that "
      "is a bad sign for someone who sells their work with people.",
      "Ce que publie le programme et d'où viennent ses contenus, et une "
      "personne nommée qui lit les réponses et y répond. Si personne ne le "
      "fait, c'est mauvais signe pour qui vend son travail auprès du "
      "public."),
    M(BF_MSG_Q_DUP, "q_dup", "%.0f%% of your posts repeat earlier ones. Why?",
      "%.0f %% de vos publications en répètent d'autres. Pourquoi ?"),
    M(BF_MSG_GA_DUP, "ga_dup",
      "A reminder now and then is normal; a stream of copies is spam.",
      "Un rappel de temps en temps est normal ; une suite de copies, c'est du "
      "spam."),
    M(BF_MSG_Q_REACH, "q_reach",
      "You have more followers than %.0f%% of the accounts of this platform "
      "I compared you with, but your posts reach fewer people than that. Who "
      "shares them?",
      "Vous avez plus d'abonnés que %.0f %% des comptes de cette plateforme "
      "auxquels je vous compare, mais vos publications touchent moins de "
      "monde. Qui les partage ?"),
    M(BF_MSG_GA_REACH, "ga_reach",
      "Names of people or media who share the posts, with examples you can "
      "check.",
      "Des noms de personnes ou de médias qui partagent les publications, avec "
      "des exemples vérifiables."),
    M(BF_MSG_Q_CLIENTS, "q_clients",
      "Can you name three clients I may call, and show what changed for them "
      "(sales, visits, requests)?",
      "Pouvez-vous citer trois clients que je peux appeler, et montrer ce qui "
      "a changé pour eux (ventes, visites, demandes) ?"),
    M(BF_MSG_GA_CLIENTS, "ga_clients",
      "Names, their accounts, figures before and after, and permission to "
      "contact them.",
      "Des noms, leurs comptes, des chiffres avant et après, et l'autorisation "
      "de les contacter."),
    M(BF_MSG_DEMO_REPORTS, "demo_reports",
      "The full reports, to open in a web browser:",
      "Les rapports complets, à ouvrir dans un navigateur :"),
    M(BF_MSG_SV_INF_PROPPED, "sv_inf_propped",
      "It ranks above %.0f%% of the store's accounts of this platform by "
      "PageRank, but an estimated %.0f%% of the followers who give it that "
      "rank are fake: its real reach is smaller.",
      "Il dépasse %.0f %% des comptes de cette plateforme dans la base par le "
      "PageRank, mais environ %.0f %% des abonnés qui lui donnent ce rang "
      "seraient faux : sa portée réelle est plus faible."),
    M(BF_MSG_EV_MODEL_REAL, "ev_model_real",
      "The authenticity model (trained on four labelled sets of Twitter "
      "profiles and a simulated world) puts the probability that this account "
      "is fake or automated "
      "at %.0f%%, class: real person.",
      "Le modèle d'authenticité (entraîné sur quatre jeux étiquetés de profils "
      "Twitter et un monde simulé) estime à %.0f %% la probabilité que ce "
      "compte soit faux ou "
      "automatisé, classe : personne réelle."),
    M(BF_MSG_EV_MODEL_MASS, "ev_model_mass",
      "The authenticity model (trained on four labelled sets of Twitter "
      "profiles and a simulated world) puts the probability that this account "
      "is fake or automated "
      "at %.0f%%, class: mass follower.",
      "Le modèle d'authenticité (entraîné sur quatre jeux étiquetés de profils "
      "Twitter et un monde simulé) estime à %.0f %% la probabilité que ce "
      "compte soit faux ou "
      "automatisé, classe : abonné en masse."),
    M(BF_MSG_EV_MODEL_INACTIVE, "ev_model_inactive",
      "The authenticity model (trained on four labelled sets of Twitter "
      "profiles and a simulated world) puts the probability that this account "
      "is fake or automated "
      "at %.0f%%, class: inactive.",
      "Le modèle d'authenticité (entraîné sur quatre jeux étiquetés de profils "
      "Twitter et un monde simulé) estime à %.0f %% la probabilité que ce "
      "compte soit faux ou "
      "automatisé, classe : inactif."),
    M(BF_MSG_EV_MODEL_FAKE, "ev_model_fake",
      "The authenticity model (trained on four labelled sets of Twitter "
      "profiles and a simulated world) puts the probability that this account "
      "is fake or automated "
      "at %.0f%%, class: fake follower.",
      "Le modèle d'authenticité (entraîné sur quatre jeux étiquetés de profils "
      "Twitter et un monde simulé) estime à %.0f %% la probabilité que ce "
      "compte soit faux ou "
      "automatisé, classe : faux abonné."),
    M(BF_MSG_EV_MODEL_SPAM, "ev_model_spam",
      "The authenticity model (trained on four labelled sets of Twitter "
      "profiles and a simulated world) puts the probability that this account "
      "is fake or automated "
      "at %.0f%%, class: spam or automated account.",
      "Le modèle d'authenticité (entraîné sur quatre jeux étiquetés de profils "
      "Twitter et un monde simulé) estime à %.0f %% la probabilité que ce "
      "compte soit faux ou "
      "automatisé, classe : compte de spam ou automatisé."),
    M(BF_MSG_EV_MODEL_NONE, "ev_model_none",
      "The authenticity model is unavailable (no model file was found; see "
      "BONAFIDE_MODEL), so this report rests on the published rules alone.",
      "Le modèle d'authenticité est indisponible (aucun fichier de modèle "
      "trouvé ; voir BONAFIDE_MODEL) : ce rapport repose sur les seules "
      "règles publiées."),
    M(BF_MSG_EV_DECLARED, "ev_declared",
      "Its owner marks the profile as a bot account (the platform's "
      "automated-account setting).",
      "Son propriétaire marque le profil comme compte robot (le réglage "
      "« compte automatisé » de la plateforme)."),
    M(BF_MSG_EV_MODEL_POSTS, "ev_model_posts",
      "The model and the posts disagree: the model reads mostly the profile "
      "and takes this account for a real person, while its posts look "
      "automated; the posts weigh more here.",
      "Le modèle et les publications se contredisent : le modèle lit surtout "
      "le profil et prend ce compte pour une personne réelle, alors que ses "
      "publications semblent automatisées ; les publications pèsent plus ici."),
    M(BF_MSG_EV_MODEL_LEANS, "ev_model_leans",
      "The model and the other evidence disagree: the model leans towards a "
      "fake or automated profile (%.0f%%), while the audience and the posts "
      "raise no alarm; below the model's own threshold for calling a profile "
      "fake, or with an incomplete profile, the model alone does not change "
      "the verdict.",
      "Le modèle et les autres constats se contredisent : le modèle penche "
      "vers un profil faux ou automatisé (%.0f %%), alors que l'audience et "
      "les publications n'alertent pas ; sous le seuil propre du modèle pour "
      "juger un profil faux, ou avec un profil incomplet, le modèle seul ne "
      "change pas le verdict."),
    M(BF_MSG_EV_MODEL_FOLLOWERS, "ev_model_followers",
      "The authenticity model calls %.1f%% of the %'.0f followers examined "
      "fake or automated from their profiles (95%% interval: %.1f%% to "
      "%.1f%%).",
      "Le modèle d'authenticité juge faux ou automatisés %.1f %% des %'.0f "
      "abonnés examinés, d'après leur profil (intervalle à 95 %% : %.1f %% "
      "à %.1f %%)."),
    M(BF_MSG_REASON_MODEL, "reason_model",
      "The audience and the posts raise no alarm, but the authenticity model "
      "puts the probability that the profile is fake or automated at %.0f%%: "
      "a doubt to check, not a finding.",
      "L'audience et les publications n'alertent pas, mais le modèle "
      "d'authenticité estime à %.0f %% la probabilité que le profil soit faux "
      "ou automatisé : un doute à vérifier, pas un constat."),
    M(BF_MSG_CH_MODEL, "ch_model",
      "A profile the model reads as a person's (under %.0f%%) would bring the "
      "verdict back to Genuine.",
      "Un profil que le modèle lit comme celui d'une personne (sous %.0f %%) "
      "ramènerait le verdict à Authentique."),
    M(BF_MSG_HOW_MODEL, "how_model",
      "authenticity model: gradient-boosted trees (xgboost) over profile "
      "features (counters, age, rates per day, completeness, handle and name), "
      "with a Platt-calibrated probability; trained on four labelled Twitter "
      "sets (Cresci et al. 2015 and 2017, the bot repository's self-declared "
      "bots and verified people, the social honeypot) and a simulated world, "
      "each judged by a model that never saw it; not checked on other "
      "platforms' labelled data; its reasons are the "
      "features that weighed most (TreeSHAP); shown between 1%% and 99%%.",
      "modèle d'authenticité : arbres de décision boostés (xgboost) sur les "
      "caractéristiques du profil (compteurs, âge, rythmes par jour, "
      "complétude, identifiant et nom), avec une probabilité calibrée par la "
      "méthode de Platt ; entraîné sur quatre jeux Twitter étiquetés (Cresci "
      "et al. 2015 et 2017, les robots déclarés et personnes vérifiées du "
      "dépôt de robots, le pot de miel social) et un monde simulé, chacun "
      "jugé par un modèle qui ne l'avait pas vu ; non vérifié sur les données "
      "étiquetées d'autres plateformes ; ses "
      "raisons sont les caractéristiques qui ont le plus pesé (TreeSHAP) ; "
      "affichée entre 1 %% et 99 %%."),
    M(BF_MSG_LBL_MODEL_PROB, "lbl_model_prob",
      "Probability of a fake or automated profile (model)",
      "Probabilité d'un profil faux ou automatisé (modèle)"),
    M(BF_MSG_LBL_AUD_MODEL, "lbl_aud_model", "Fake or automated (model)",
      "Faux ou automatisés (modèle)"),
    M(BF_MSG_LBL_MODEL_REASONS, "lbl_model_reasons",
      "What weighed most in the model's estimate",
      "Ce qui a le plus pesé dans l'estimation du modèle"),
    M(BF_MSG_SV_ARRIVAL_FAKE_W, "sv_arrival_fake_w",
      "%.0f%% of the followers arrived in one week (%D), and %.0f%% of those "
      "look fake.",
      "%.0f %% des abonnés sont arrivés en une semaine (%D), et %.0f %% "
      "d'entre eux semblent factices."),
    M(BF_MSG_SV_ARRIVAL_FAKE_M, "sv_arrival_fake_m",
      "%.0f%% of the followers arrived in one month (%D), and %.0f%% of those "
      "look fake.",
      "%.0f %% des abonnés sont arrivés en un mois (%D), et %.0f %% d'entre "
      "eux semblent factices."),
    M(BF_MSG_SV_ARRIVAL_SPIKE_W, "sv_arrival_spike_w",
      "%.0f%% of the followers arrived in one week (%D), but only %.0f%% of "
      "those look fake: ordinary accounts, as a viral post or a campaign "
      "brings.",
      "%.0f %% des abonnés sont arrivés en une semaine (%D), mais seuls "
      "%.0f %% d'entre eux semblent factices : des comptes ordinaires, comme "
      "en amène une publication virale ou une campagne."),
    M(BF_MSG_SV_ARRIVAL_SPIKE_M, "sv_arrival_spike_m",
      "%.0f%% of the followers arrived in one month (%D), but only %.0f%% of "
      "those look fake: ordinary accounts, as a viral post or a campaign "
      "brings.",
      "%.0f %% des abonnés sont arrivés en un mois (%D), mais seuls %.0f %% "
      "d'entre eux semblent factices : des comptes ordinaires, comme en amène "
      "une publication virale ou une campagne."),
    M(BF_MSG_SV_ARRIVAL_BURST_W, "sv_arrival_burst_w",
      "%.0f%% of the followers arrived in one week (%D); who they are is "
      "unknown.",
      "%.0f %% des abonnés sont arrivés en une semaine (%D) ; on ignore qui "
      "ils sont."),
    M(BF_MSG_SV_ARRIVAL_BURST_M, "sv_arrival_burst_m",
      "%.0f%% of the followers arrived in one month (%D); who they are is "
      "unknown.",
      "%.0f %% des abonnés sont arrivés en un mois (%D) ; on ignore qui ils "
      "sont."),
    M(BF_MSG_SV_ARRIVAL_STEADY, "sv_arrival_steady",
      "The followers arrived steadily, with no burst.",
      "Les abonnés sont arrivés régulièrement, sans afflux soudain."),
    M(BF_MSG_HOW_ARRIVAL, "how_arrival",
      "follower arrivals: the follower list comes newest first, so a follower "
      "followed no earlier than the newest account creation date among "
      "itself and every follower listed after it (FollowerAnalyzer's bound); "
      "that lower bound dates each arrival.",
      "arrivées des abonnés : la liste d'abonnés commence par les plus "
      "récents, donc un abonné s'est abonné au plus tôt à la date de création "
      "la plus récente parmi lui-même et tous les abonnés listés après lui "
      "(la borne de FollowerAnalyzer) ; cette borne date chaque arrivée."),
    M(BF_MSG_HOW_BURST, "how_burst",
      "a week (or a month, when arrivals span more than 60 weeks) is a burst "
      "when it holds at least 5%% of the dated arrivals, at least 10 of them, "
      "and at least 4 times the median count; who arrived tells a bought "
      "burst from a viral one.",
      "une semaine (ou un mois, quand les arrivées s'étalent sur plus de 60 "
      "semaines) est un afflux quand elle compte au moins 5 %% des arrivées "
      "datées, au moins 10, et au moins 4 fois le nombre médian ; qui est "
      "arrivé distingue un afflux acheté d'un afflux viral."),
    M(BF_MSG_LBL_ARRIVED, "lbl_arrived",
      "Followers whose arrival could be dated",
      "Abonnés dont l'arrivée a pu être datée"),
    M(BF_MSG_LBL_BURSTS, "lbl_bursts", "Bursts of arrivals",
      "Afflux d'abonnés"),
    M(BF_MSG_LBL_BURST_SHARE, "lbl_burst_share",
      "Followers who arrived in the largest burst",
      "Abonnés arrivés pendant le plus grand afflux"),
    M(BF_MSG_LBL_BURST_FAKE, "lbl_burst_fake", "Fake-looking among them",
      "Comptes d'allure factice parmi eux"),
    M(BF_MSG_LBL_CHART_ARRIVAL_W, "lbl_chart_arrival_w",
      "Followers by the week they arrived, dated from the follower list "
      "(bursts in red)",
      "Abonnés selon la semaine de leur arrivée, datée par la liste "
      "d'abonnés (afflux en rouge)"),
    M(BF_MSG_LBL_CHART_ARRIVAL_M, "lbl_chart_arrival_m",
      "Followers by the month they arrived, dated from the follower list "
      "(bursts in red)",
      "Abonnés selon le mois de leur arrivée, daté par la liste d'abonnés "
      "(afflux en rouge)"),
    M(BF_MSG_Q_BURST_W, "q_burst_w",
      "Why did %.0f%% of your followers arrive in one week (%D)?",
      "Pourquoi %.0f %% de vos abonnés sont-ils arrivés en une seule semaine "
      "(%D) ?"),
    M(BF_MSG_Q_BURST_M, "q_burst_m",
      "Why did %.0f%% of your followers arrive in one month (%D)?",
      "Pourquoi %.0f %% de vos abonnés sont-ils arrivés en un seul mois "
      "(%D) ?"),
    M(BF_MSG_GA_BURST, "ga_burst",
      "A dated event you can show: a campaign, a viral post, an ad or a press "
      "article, with proof (the post, the invoice, the article), and "
      "followers from it who still react. \"I don't know\" or a growth "
      "service is a bad sign.",
      "Un événement daté que vous pouvez montrer : une campagne, une "
      "publication virale, une publicité ou un article de presse, avec une "
      "preuve (la publication, la facture, l'article), et des abonnés venus "
      "ainsi qui réagissent encore. « Je ne sais pas » ou un service de "
      "croissance est mauvais signe."),
    M(BF_MSG_VERDICT_NOT_ENOUGH, "verdict_not_enough", "Not enough evidence",
      "Preuves insuffisantes"),
    M(BF_MSG_LEVEL_NONE, "level_none", "No data", "Pas de données"),
    M(BF_MSG_REASON_NOT_ENOUGH, "reason_not_enough",
      "Neither the audience nor the engagement could be judged, so "
      "bonafide draws no conclusion: this lack of evidence is not a sign "
      "against the account. See below what would change the verdict.",
      "Ni l'audience ni l'engagement n'ont pu être jugés : bonafide ne "
      "conclut pas, et ce manque de preuves n'est pas un signe contre le "
      "compte. Voyez plus bas ce qui changerait le verdict."),
    M(BF_MSG_REASON_GENUINE_EST, "reason_genuine_est",
      "An estimated %.0f%% of the followers are fake (95%% interval: %.0f%% to "
      "%.0f%%), and people react to the posts.",
      "Environ %.0f %% des abonnés seraient faux (intervalle à 95 %% : %.0f %% "
      "à %.0f %%), et les publications suscitent des réactions."),
    M(BF_MSG_REASON_GENUINE_AUD, "reason_genuine_aud",
      "An estimated %.0f%% of the followers are fake (95%% interval: %.0f%% to "
      "%.0f%%): the audience looks real. Reactions to the posts were not "
      "measured.",
      "Environ %.0f %% des abonnés seraient faux (intervalle à 95 %% : %.0f %% "
      "à %.0f %%) : l'audience paraît réelle. Les réactions aux publications "
      "n'ont pas été mesurées."),
    M(BF_MSG_REASON_INFLATED_EST, "reason_inflated_est",
      "An estimated %.0f%% of the followers are fake (95%% interval: %.0f%% to "
      "%.0f%%): the audience is inflated.",
      "Environ %.0f %% des abonnés seraient faux (intervalle à 95 %% : %.0f %% "
      "à %.0f %%) : l'audience est gonflée."),
    M(BF_MSG_REASON_DOUBT_AUD, "reason_doubt_aud",
      "An estimated %.0f%% of the followers are fake (95%% interval: %.0f%% to "
      "%.0f%%): too many to call the audience real, but the interval reaches "
      "too low to call it bought.",
      "Environ %.0f %% des abonnés seraient faux (intervalle à 95 %% : %.0f %% "
      "à %.0f %%) : trop pour dire l'audience réelle, mais l'intervalle "
      "descend trop bas pour la dire achetée."),
    M(BF_MSG_REASON_DOUBT_SILENT, "reason_doubt_silent",
      "%.0f%% of the %'.0f posts whose reactions are known got no reaction at "
      "all, and the followers could not be judged.",
      "%.0f %% des %'.0f publications dont les réactions sont connues n'ont "
      "obtenu aucune réaction, et les abonnés n'ont pas pu être jugés."),
    M(BF_MSG_REASON_DOUBT_RATE, "reason_doubt_rate",
      "With %'.0f followers, the posts examined get an engagement rate of only "
      "%.3f%%.",
      "Avec %'.0f abonnés, les publications examinées n'obtiennent qu'un taux "
      "d'engagement de %.3f %%."),
    M(BF_MSG_EV_FAKE_EST, "ev_fake_est",
      "Estimated share of fake followers: %.1f%% (95%% interval: %.1f%% to "
      "%.1f%%). The model flagged %.1f%% of the followers judged; the estimate "
      "corrects that count by the model's error rates measured on accounts it "
      "did not train on (Forman 2008).",
      "Part estimée de faux abonnés : %.1f %% (intervalle à 95 %% : %.1f %% à "
      "%.1f %%). Le modèle a signalé %.1f %% des abonnés jugés ; l'estimation "
      "corrige ce décompte par les taux d'erreur du modèle mesurés sur des "
      "comptes qu'il n'a pas vus à l'entraînement (Forman 2008)."),
    M(BF_MSG_EV_FAKE_EST_RULES, "ev_fake_est_rules",
      "Estimated share of fake followers: %.1f%% (95%% interval: %.1f%% to "
      "%.1f%%), the rule sets' share: the model's error rates, measured on "
      "accounts it did not train on, are not available (no model, or a "
      "model file that does not record them), so its count cannot be "
      "corrected and only corroborates.",
      "Part estimée de faux abonnés : %.1f %% (intervalle à 95 %% : %.1f %% "
      "à %.1f %%), celle des jeux de règles : les taux d'erreur du modèle, "
      "mesurés sur des comptes qu'il n'a pas vus à l'entraînement, ne sont "
      "pas disponibles (pas de modèle, ou un fichier de modèle qui ne les "
      "indique pas) ; son décompte ne peut donc pas être corrigé et ne sert "
      "que de recoupement."),
    M(BF_MSG_EV_KINDS, "ev_kinds",
      "As the model classifies the followers judged (%'.0f): %.0f%% real "
      "people, %.0f%% bought or fake accounts, %.0f%% spam or automated "
      "accounts.",
      "Selon le classement du modèle, parmi les abonnés jugés (%'.0f) : %.0f "
      "%% de vraies personnes, %.0f %% de comptes achetés ou factices, %.0f %% "
      "de comptes de spam ou automatisés."),
    M(BF_MSG_EV_DISAGREE, "ev_disagree",
      "The rule sets flag %.0f%% of the followers judged, the model %.0f%%: "
      "the verdict follows the estimate above, because the model's error rates "
      "are measured and the rule sets' are not.",
      "Les jeux de règles signalent %.0f %% des abonnés jugés, le modèle %.0f "
      "%% : le verdict suit l'estimation ci-dessus, car les taux d'erreur du "
      "modèle sont mesurés et pas ceux des règles."),
    M(BF_MSG_EV_COVER_NEWEST, "ev_cover_newest",
      "Followers in the store: %'.0f of %'.0f declared, the newest ones, as "
      "the platform lists them. They show the latest arrivals, not the "
      "audience, so no conclusion about the audience or its growth is drawn "
      "from them.",
      "Abonnés présents dans la base : %'.0f sur %'.0f déclarés, les plus "
      "récents, dans l'ordre où la plateforme les donne. Ils montrent les "
      "dernières arrivées, pas l'audience : aucune conclusion sur l'audience "
      "ni sur sa croissance n'en est tirée."),
    M(BF_MSG_EV_COVER_UNKNOWN, "ev_cover_unknown",
      "Followers in the store: %'.0f of %'.0f declared (%.1f%%), collected in "
      "a way that is not known to be random, so no conclusion about the "
      "audience or its growth is drawn from them.",
      "Abonnés présents dans la base : %'.0f sur %'.0f déclarés (%.1f %%), "
      "collectés d'une façon dont rien ne dit qu'elle est aléatoire : aucune "
      "conclusion sur l'audience ni sur sa croissance n'en est tirée."),
    M(BF_MSG_EV_COVER_SAMPLE, "ev_cover_sample",
      "The followers in the store are a uniform random sample (%'.0f of %'.0f "
      "declared): the shares are estimates with their 95%% interval.",
      "Les abonnés présents dans la base sont un échantillon aléatoire "
      "uniforme (%'.0f sur %'.0f déclarés) : les parts sont des estimations, "
      "avec leur intervalle à 95 %%."),
    M(BF_MSG_CH_COLLECT_FOLLOWERS, "ch_collect_followers",
      "To judge the audience, collect the whole follower list, or a uniform "
      "random sample of at least %'.0f followers with their profiles (bonafide "
      "fetch does both).",
      "Pour juger l'audience, collectez la liste complète des abonnés, ou un "
      "échantillon aléatoire uniforme d'au moins %'.0f abonnés avec leur "
      "profil (bonafide fetch sait faire l'un et l'autre)."),
    M(BF_MSG_CH_FOLLOWERS_CLOSED, "ch_followers_closed",
      "The audience cannot be judged here: that needs at least %'.0f "
      "followers with their profiles, and this platform gives them to no "
      "outside tool (bonafide fetch included); an export names followers at "
      "most. Ask the account holder for the platform's own audience "
      "statistics.",
      "L'audience ne peut pas être jugée ici : il faudrait au moins %'.0f "
      "abonnés avec leur profil, et cette plateforme ne les donne à aucun "
      "outil extérieur (bonafide fetch compris) ; un export nomme au plus "
      "les abonnés. Demandez au titulaire du compte les statistiques "
      "d'audience de la plateforme."),
    M(BF_MSG_CH_FOLLOWERS_CLOSED_GEO, "ch_followers_closed_geo",
      "The audience cannot be judged here: that needs at least %'.0f "
      "followers with their profiles, and this platform gives them to no "
      "outside tool (bonafide fetch included); an export names followers at "
      "most. The platform's own audience statistics, under Audience, say "
      "where the followers are, not whether they are real: check that they "
      "are where your customers are.",
      "L'audience ne peut pas être jugée ici : il faudrait au moins %'.0f "
      "abonnés avec leur profil, et cette plateforme ne les donne à aucun "
      "outil extérieur (bonafide fetch compris) ; un export nomme au plus "
      "les abonnés. Les statistiques d'audience de la plateforme, sous "
      "Audience, disent où sont les abonnés, pas s'ils sont réels : "
      "vérifiez qu'ils sont là où sont vos clients."),
    M(BF_MSG_LBL_DECIDED, "lbl_decided", "Decided by", "Décidé par"),
    M(BF_MSG_LBL_OBSERVED, "lbl_observed", "Data observed on",
      "Données observées le"),
    M(BF_MSG_CLOCK_NEWEST, "clock_newest",
      "unknown (the source does not say); ages are left out, and activity "
      "is measured to its newest dated record,",
      "inconnue (la source ne le dit pas) ; les âges sont laissés de côté, "
      "et l'activité est mesurée jusqu'à sa donnée datée la plus récente, "
      "le"),
    M(BF_MSG_CLOCK_UNKNOWN, "clock_unknown",
      "unknown (the source does not say, and none of its records is dated); "
      "ages and activity are left out",
      "inconnue (la source ne le dit pas et aucune de ses données n'est "
      "datée) ; les âges et l'activité sont laissés de côté"),
    M(BF_MSG_LBL_ORIG_CHARTED, "lbl_orig_charted",
      "Original posts in the chart (reactions known)",
      "Publications originales du graphique (réactions connues)"),
    M(BF_MSG_LBL_REACTIONS_KNOWN, "lbl_reactions_known",
      "Posts whose reactions are known (reposts left out)",
      "Publications dont les réactions sont connues (partages exclus)"),
    M(BF_MSG_LBL_MODEL_CALL, "lbl_model_call",
      "The model's call on the profile", "L'avis du modèle sur le profil"),
    M(BF_MSG_MODEL_PROB_SHORT, "model_prob_short",
      "probability of a fake or automated profile",
      "probabilité d'un profil faux ou automatisé"),
    M(BF_MSG_MODEL_NOT_APPLIED, "model_not_applied",
      "none: the profile's counts (followers, accounts followed, posts) are "
      "unknown, and the model does not judge a profile it cannot see",
      "aucun : les compteurs du profil (abonnés, abonnements, publications) "
      "sont inconnus, et le modèle ne juge pas un profil qu'il ne voit pas"),
    M(BF_MSG_LBL_POSTS_SPAN, "lbl_posts_span", "Posts examined from",
      "Publications examinées du"),
    M(BF_MSG_LBL_POSTS_SPAN_TO, "lbl_posts_span_to", "to", "au"),
    M(BF_MSG_LBL_FAKE_EST, "lbl_fake_est", "Fake followers (estimate)",
      "Faux abonnés (estimation)"),
    M(BF_MSG_LBL_KIND_REAL, "lbl_kind_real", "Real people (model)",
      "Vraies personnes (modèle)"),
    M(BF_MSG_LBL_KIND_FAKE, "lbl_kind_fake", "Bought or fake (model)",
      "Achetés ou factices (modèle)"),
    M(BF_MSG_LBL_KIND_SPAM, "lbl_kind_spam", "Spam or automated (model)",
      "Spam ou automatisés (modèle)"),
    M(BF_MSG_HOW_FAKE_EST, "how_fake_est",
      "estimate = (flagged share - false-positive rate) / (true-positive rate "
      "- false-positive rate), clamped to 0-100%% (adjusted "
      "classify-and-count, Forman 2008); the 95%% interval adds the "
      "uncertainty of the sample and of both rates (delta method).",
      "estimation = (part signalée - taux de faux positifs) / (taux de vrais "
      "positifs - taux de faux positifs), bornée à 0-100 %% (décompte ajusté, "
      "Forman 2008) ; l'intervalle à 95 %% cumule l'incertitude de "
      "l'échantillon et celle des deux taux (méthode delta)."),
    M(BF_MSG_SV_AUD_EST, "sv_aud_est",
      "An estimated %.0f%% of the followers are fake (95%% interval: %.0f%% to "
      "%.0f%%).",
      "Environ %.0f %% des abonnés seraient faux (intervalle à 95 %% : %.0f %% "
      "à %.0f %%)."),
    M(BF_MSG_SV_AUD_SEEN, "sv_aud_seen",
      "Followers examined: %'.0f. They are not the audience as a whole, so no "
      "conclusion is drawn about it.",
      "Abonnés examinés : %'.0f. Ils ne représentent pas l'audience entière : "
      "aucune conclusion n'en est tirée."),
    M(BF_MSG_SV_AUD_FEW, "sv_aud_few",
      "Followers that could be judged: %'.0f, fewer than the %'.0f a "
      "conclusion needs.",
      "Abonnés qui ont pu être jugés : %'.0f, moins que les %'.0f qu'il faut "
      "pour conclure."),
    M(BF_MSG_SV_GROWTH_SEEN, "sv_growth_seen",
      "The followers in the store are not the whole list nor a random sample "
      "of it, so growth is not judged.",
      "Les abonnés présents dans la base ne sont ni la liste complète ni un "
      "échantillon aléatoire : la croissance n'est pas jugée."),
    M(BF_MSG_SV_INF_SEEN, "sv_inf_seen",
      "The followers in the store are not the whole list nor a random sample "
      "of it (%'.0f of %'.0f declared), so reach is not ranked: its rank "
      "would measure what was collected.",
      "Les abonnés présents dans la base ne sont ni la liste complète ni un "
      "échantillon aléatoire (%'.0f sur %'.0f déclarés) : la portée n'est "
      "pas classée, son rang mesurerait ce qui a été collecté."),
    M(BF_MSG_SV_GROWTH_FEW, "sv_growth_few",
      "Followers that could be dated: %'.0f, too few to read growth.",
      "Abonnés qui ont pu être datés : %'.0f, trop peu pour lire la "
      "croissance."),
    M(BF_MSG_SV_ENG_PUBLISHED, "sv_eng_published",
      "The engagement rate is %.3f%%, against a published median of %.3f%% for "
      "this platform (the store holds too few accounts of the same size to "
      "compare with).",
      "Le taux d'engagement est de %.3f %%, pour une médiane publiée de %.3f "
      "%% sur cette plateforme (la base contient trop peu de comptes de même "
      "taille pour comparer)."),
    M(BF_MSG_SV_ENG_SOME_SILENT, "sv_eng_some_silent",
      "%.0f%% of the posts got no reaction, but the others get enough: the "
      "engagement rate is %.3f%%.",
      "%.0f %% des publications n'ont obtenu aucune réaction, mais les autres "
      "en obtiennent assez : le taux d'engagement est de %.3f %%."),
    M(BF_MSG_SV_INF_FEW, "sv_inf_few",
      "The store knows the followers of too few accounts of this platform "
      "(%'.0f) to rank this one's reach against.",
      "La base connaît les abonnés de trop peu de comptes de cette plateforme "
      "(%'.0f) pour situer la portée de celui-ci."),
    M(BF_MSG_SV_INF_SMALL, "sv_inf_small",
      "A small account: it ranks above %.0f%% of the store's accounts of "
      "this platform by followers and %.0f%% by PageRank, which says nothing "
      "for or against it.",
      "Un petit compte : il dépasse %.0f %% des comptes de cette plateforme "
      "dans la base par le nombre d'abonnés et %.0f %% par le PageRank, ce "
      "qui ne dit rien pour ou contre lui."),
    M(BF_MSG_SV_ARRIVAL_FEW, "sv_arrival_few",
      "%.0f%% of the followers arrived in one period (%D), but too few of them "
      "could be judged to say who they are.",
      "%.0f %% des abonnés sont arrivés sur une même période (%D), mais trop "
      "peu ont pu être jugés pour dire qui ils sont."),
    M(BF_MSG_EV_NO_PROFILES, "ev_no_profiles",
      "The store holds %'.0f followers of this account, but not their "
      "profiles: none could be judged.",
      "La base contient %'.0f abonnés de ce compte, mais pas leur profil : "
      "aucun n'a pu être jugé."),
    M(BF_MSG_FOLLOWERS_LISTED, "followers_listed",
      "unknown (the store lists %'.0f of them)",
      "inconnu (la base en liste %'.0f)"),
    M(BF_MSG_FOLLOWERS_FEWER, "followers_fewer",
      "%'.0f declared by the profile; the store lists %'.0f (the profile "
      "was read before them, or elsewhere)",
      "%'.0f déclarés par le profil ; la base en liste %'.0f (le profil a "
      "été lu avant eux, ou ailleurs)"),
    M(BF_MSG_POSTS_EXAMINED, "posts_examined",
      "unknown (%'.0f of them examined)", "inconnu (%'.0f examinées)"),
    M(BF_MSG_EV_ENG_NO_REPLIES, "ev_eng_no_replies",
      "The data holds no reply or quote counts (X archives and the older "
      "API do not record them): every reaction figure of this report "
      "counts likes and reposts only.",
      "Les données ne comptent ni les réponses ni les citations (les "
      "archives X et l'ancienne API ne les enregistrent pas) : chaque "
      "chiffre de réactions de ce rapport ne compte que les mentions "
      "j'aime et les partages."),
    M(BF_MSG_EV_ENG_LIKES_ONLY, "ev_eng_likes_only",
      "The data counts likes only, not comments or shares: every reaction "
      "figure of this report counts likes alone.",
      "Les données ne comptent que les mentions j'aime, ni les commentaires "
      "ni les partages : chaque chiffre de réactions de ce rapport ne compte "
      "qu'elles."),
    M(BF_MSG_EV_ENG_PARTIAL, "ev_eng_partial",
      "Some reaction counters are missing from the data: every reaction "
      "figure of this report counts only those it holds.",
      "Certains compteurs de réactions manquent dans les données : chaque "
      "chiffre de réactions de ce rapport ne compte que ceux qu'elles "
      "contiennent."),
    M(BF_MSG_REASON_GENUINE_LOW_ENG, "reason_genuine_low_eng",
      "An estimated %.0f%% of the followers are fake (95%% interval: %.0f%% "
      "to %.0f%%): the audience looks real, though the posts get fewer "
      "reactions than those of accounts of the same size.",
      "Environ %.0f %% des abonnés seraient faux (intervalle à 95 %% : "
      "%.0f %% à %.0f %%) : l'audience paraît réelle, même si les "
      "publications suscitent moins de réactions que celles des comptes de "
      "même taille."),
    M(BF_MSG_SV_REAL_STEADY, "sv_real_steady",
      "The export dates the arrival of %'.0f of the account's %'.0f "
      "followers; they arrived steadily, with no burst.",
      "L'export date l'arrivée de %'.0f des %'.0f abonnés du compte ; ils "
      "sont arrivés régulièrement, sans afflux soudain."),
    M(BF_MSG_SV_REAL_BURST_W, "sv_real_burst_w",
      "The export dates the arrival of %'.0f of the account's %'.0f "
      "followers; %.0f%% of them arrived in one week (%D), far more than in a "
      "typical week: growth may have been bought then. Ask what happened "
      "that week.",
      "L'export date l'arrivée de %'.0f des %'.0f abonnés du compte ; "
      "%.0f %% d'entre eux sont arrivés en une semaine (%D), bien "
      "plus qu'en une semaine ordinaire : la croissance a pu être achetée à "
      "ce moment. Demandez ce qui s'est passé cette semaine-là."),
    M(BF_MSG_SV_REAL_BURST_M, "sv_real_burst_m",
      "The export dates the arrival of %'.0f of the account's %'.0f "
      "followers; %.0f%% of them arrived in one month (%D), far more than in "
      "a typical month: growth may have been bought then. Ask what happened "
      "that month.",
      "L'export date l'arrivée de %'.0f des %'.0f abonnés du compte ; "
      "%.0f %% d'entre eux sont arrivés en un mois (%D), bien plus "
      "qu'en un mois ordinaire : la croissance a pu être achetée à ce "
      "moment. Demandez ce qui s'est passé ce mois-là."),
    M(BF_MSG_SV_REAL_PARTIAL, "sv_real_partial",
      "The export is partial: it lists %'.0f of the %'.0f followers the "
      "account "
      "declares (%'.0f with an arrival date); the arrivals shown cover those "
      "listed only and say nothing about the rest.",
      "L'export est partiel : il liste %'.0f des %'.0f abonnés que le compte "
      "déclare (%'.0f avec une date d'arrivée) ; les arrivées montrées ne "
      "concernent que ceux-là et ne disent rien des autres."),
    M(BF_MSG_HOW_REAL_ARRIVAL, "how_real_arrival",
      "follower arrivals: the date each follower began to follow, as the "
      "platform's account export records it, counted per calendar month "
      "(per ISO week when they span less than six months).",
      "arrivées des abonnés : la date à laquelle chaque abonné a commencé à "
      "suivre, telle que l'export du compte par la plateforme l'enregistre, "
      "comptée par mois civil (par semaine ISO quand elles s'étalent sur "
      "moins de six mois)."),
    M(BF_MSG_HOW_REAL_BURST, "how_real_burst",
      "a month (or a week) is a burst when it holds more than 4 times the "
      "median of the account's months (or weeks) with at least one arrival, "
      "and at least 50 arrivals; its share is of all dated arrivals. The "
      "first 91 days after the first follower are a launch, not a burst, "
      "when the account was not created long before, unless one day of them "
      "holds at least 50 arrivals and 4 times the median of their days.",
      "un mois (ou une semaine) est un afflux quand il compte plus de 4 fois "
      "la médiane des mois (ou semaines) du compte ayant au moins une "
      "arrivée, et au moins 50 arrivées ; sa part est celle de toutes les "
      "arrivées datées. Les 91 premiers jours après le premier abonné sont "
      "un lancement, pas un afflux, si le compte n'a pas été créé bien "
      "avant, sauf si l'un de ces jours compte au moins 50 arrivées et 4 "
      "fois la médiane de leurs jours."),
    M(BF_MSG_LBL_CHART_REAL_W, "lbl_chart_real_w",
      "Followers by the week they arrived, as the export dates them (bursts "
      "in red)",
      "Abonnés selon la semaine de leur arrivée, datée par l'export (afflux "
      "en rouge)"),
    M(BF_MSG_LBL_CHART_REAL_M, "lbl_chart_real_m",
      "Followers by the month they arrived, as the export dates them (bursts "
      "in red)",
      "Abonnés selon le mois de leur arrivée, daté par l'export (afflux en "
      "rouge)"),
    M(BF_MSG_LBL_CHART_TEXT_W, "lbl_chart_text_w",
      "Followers by the week they arrived, as the export dates them, one "
      "character a week",
      "Abonnés selon la semaine de leur arrivée, datée par l'export, un "
      "caractère par semaine"),
    M(BF_MSG_LBL_CHART_TEXT_M, "lbl_chart_text_m",
      "Followers by the month they arrived, as the export dates them, one "
      "character a month",
      "Abonnés selon le mois de leur arrivée, daté par l'export, un caractère "
      "par mois"),
    M(BF_MSG_LBL_CHART_LIST_TEXT_W, "lbl_chart_list_text_w",
      "Followers by the week they arrived, dated from the follower list, one "
      "character a week",
      "Abonnés selon la semaine de leur arrivée, datée par la liste "
      "d'abonnés, un caractère par semaine"),
    M(BF_MSG_LBL_CHART_LIST_TEXT_M, "lbl_chart_list_text_m",
      "Followers by the month they arrived, dated from the follower list, one "
      "character a month",
      "Abonnés selon le mois de leur arrivée, daté par la liste d'abonnés, un "
      "caractère par mois"),
    M(BF_MSG_LBL_VIEW_RATE, "lbl_view_rate", "Reactions per view",
      "Réactions par vue"),
    M(BF_MSG_HOW_VIEW_RATE, "how_view_rate",
      "reactions per view = reactions of the original posts whose views "
      "are known / their views x 100 (on YouTube, likes + comments).",
      "réactions par vue = réactions aux publications originales dont les "
      "vues sont connues / leurs vues x 100 (sur YouTube, mentions j'aime + "
      "commentaires)."),
    M(BF_MSG_LBL_VIEW_PUBLISHED, "lbl_view_published",
      "Published median per view for this kind of account",
      "Médiane publiée par vue pour ce type de compte"),
    M(BF_MSG_SRC_VIEW_PUBLISHED, "src_view_published",
      "Published medians per view (second-hand): SociaVault Labs 2026, "
      "75,000 YouTube channels, (likes + comments) / views, by subscribers: "
      "1,000 to 10,000 5.23%%, 10,000 to 50,000 3.74%%, 50,000 to 100,000 "
      "2.81%%, 100,000 to 500,000 2.12%%, 500,000 and more 1.41%%. Used only "
      "for YouTube channels whose subscriber count is known and at least "
      "1,000; rates per view vary with the subject (music channels lower, "
      "games higher), so a rate below it is a question, never proof.",
      "Médianes publiées par vue (de seconde main) : SociaVault Labs 2026, "
      "75 000 chaînes YouTube, (mentions j'aime + commentaires) / vues, selon "
      "les abonnés : 1 000 à 10 000 5,23 %%, 10 000 à 50 000 3,74 %%, 50 000 "
      "à 100 000 2,81 %%, 100 000 à 500 000 2,12 %%, 500 000 et plus "
      "1,41 %%. Utilisées seulement pour les chaînes YouTube dont le nombre "
      "d'abonnés est connu et d'au moins 1 000 ; les taux par vue varient "
      "avec le sujet (plus bas pour la musique, plus haut pour les jeux) : "
      "un taux inférieur est une question, jamais une preuve."),
    M(BF_MSG_SV_ENG_VIEWS, "sv_eng_views",
      "%.2f%% of the views led to a reaction, against a published median of "
      "%.2f%% per view for YouTube channels of this size (the store holds too "
      "few channels of the same size to compare with).",
      "%.2f %% des vues ont suscité une réaction, pour une médiane publiée "
      "de %.2f %% par vue pour les chaînes YouTube de cette taille (la base "
      "contient trop peu de chaînes de même taille pour comparer)."),
    M(BF_MSG_REASON_DOUBT_PEERS, "reason_doubt_peers",
      "The posts get an engagement rate of %.3f%%, under a third of the "
      "%.3f%% that accounts of the same size get, and the followers could "
      "not be judged.",
      "Les publications obtiennent un taux d'engagement de %.3f %%, moins "
      "du tiers des %.3f %% des comptes de même taille, et les abonnés "
      "n'ont pas pu être jugés."),
    M(BF_MSG_REASON_DOUBT_VIEWS, "reason_doubt_views",
      "Only %.2f%% of the views led to a reaction, under a third of the "
      "%.2f%% published for YouTube channels of this size, and the "
      "followers could not be judged.",
      "Seulement %.2f %% des vues ont suscité une réaction, moins du tiers "
      "des %.2f %% publiés pour les chaînes YouTube de cette taille, et les "
      "abonnés n'ont pas pu être jugés."),
    M(BF_MSG_CH_VIEWS, "ch_views",
      "Reactions on more than %.2f%% of the views would remove the doubt "
      "about the audience.",
      "Des réactions sur plus de %.2f %% des vues lèveraient le doute sur "
      "l'audience."),
    M(BF_MSG_SV_REAL_LAUNCH, "sv_real_launch",
      "The export dates the arrival of %'.0f of the account's %'.0f "
      "followers; %.0f%% of them came in the three months after the "
      "first one, spread over many days as a new account's first followers "
      "come, and no later month or week holds a burst.",
      "L'export date l'arrivée de %'.0f des %'.0f abonnés du compte ; "
      "%.0f %% d'entre eux sont venus dans les trois mois qui ont "
      "suivi le premier, répartis sur de nombreux jours comme viennent les "
      "premiers abonnés d'un nouveau compte, et aucun mois ni aucune semaine "
      "ensuite ne compte d'afflux."),
    M(BF_MSG_MODEL_NOT_PLATFORM, "model_not_platform",
      "none: the model learnt profiles where accounts follow one another, "
      "as on X, and this platform's counters (subscribers, friends, "
      "connections) do not mean the same",
      "aucun : le modèle a appris sur des profils dont les comptes se "
      "suivent entre eux, comme sur X, et les compteurs de cette plateforme "
      "(abonnés d'une chaîne, amis, relations) ne disent pas la même chose"),
    M(BF_MSG_EV_MODEL_NOT_COUNTS, "ev_model_not_counts",
      "The authenticity model makes no call on this account: its counts "
      "(followers, accounts followed, posts) are unknown.",
      "Le modèle d'authenticité ne se prononce pas sur ce compte : ses "
      "compteurs (abonnés, abonnements, publications) sont inconnus."),
    M(BF_MSG_EV_MODEL_NOT_PLATFORM, "ev_model_not_platform",
      "The authenticity model makes no call on this account: it learnt "
      "profiles where accounts follow one another, as on X, and this "
      "platform's counters mean other things.",
      "Le modèle d'authenticité ne se prononce pas sur ce compte : il a "
      "appris sur des profils dont les comptes se suivent entre eux, comme "
      "sur X, et les compteurs de cette plateforme disent autre chose."),
    M(BF_MSG_EV_MODEL_TRAINED, "ev_model_trained",
      "This account's label comes from a labelled set the model was trained "
      "on: the model may have learnt this very account, so its call here "
      "says nothing of how well it judges accounts it never saw.",
      "L'étiquette de ce compte vient d'un jeu étiqueté sur lequel le modèle "
      "a été entraîné : le modèle a pu apprendre ce compte même, et son avis "
      "ici ne dit rien de sa justesse sur des comptes qu'il n'a jamais vus."),
    M(BF_MSG_LBL_CHART_TEXT_KEY, "lbl_chart_text_key",
      "'.' none, 1 to 9 the arrivals (9 for the busiest), '!' a burst",
      "« . » aucune, 1 à 9 les arrivées (9 pour la plus forte), « ! » un "
      "afflux"),
    M(BF_MSG_LBL_DECLARED, "lbl_declared", "Followers the account declares",
      "Abonnés que le compte déclare"),
    M(BF_MSG_LBL_LISTED, "lbl_listed", "Followers the export lists",
      "Abonnés que l'export liste"),
    M(BF_MSG_LBL_GEO_Q, "lbl_geo_q",
      "Are my followers in my city and my country?",
      "Mes abonnés sont-ils dans ma ville et mon pays ?"),
    M(BF_MSG_HOW_GEO, "how_geo",
      "the platform's own audience insights, read from the account export: "
      "shares of the followers by country, city, age and gender, as the "
      "platform measured them; bonafide does not check them.",
      "les statistiques d'audience de la plateforme elle-même, lues dans "
      "l'export du compte : parts des abonnés par pays, ville, âge et sexe, "
      "telles que la plateforme les a mesurées ; bonafide ne les vérifie "
      "pas."),
    M(BF_MSG_LBL_COUNTRIES, "lbl_countries", "Countries", "Pays"),
    M(BF_MSG_LBL_CITIES, "lbl_cities", "Cities", "Villes"),
    M(BF_MSG_LBL_AGES, "lbl_ages", "Ages", "Âges"),
    M(BF_MSG_LBL_MEN, "lbl_men", "Men", "Hommes"),
    M(BF_MSG_LBL_WOMEN, "lbl_women", "Women", "Femmes"),
    M(BF_MSG_LBL_GENDER, "lbl_gender", "Gender", "Sexe"),

    M(BF_MSG_SEC_ALTERNATIVES, "sec_alternatives", "Who else to consider",
      "Qui d'autre envisager"),
    M(BF_MSG_ALT_INTRO, "alt_intro",
      "Accounts of the same niche whose own audit comes out stronger:",
      "Comptes de la même niche dont l'audit est plus solide :"),
    M(BF_MSG_ALT_WHY, "alt_why", "Same niche", "Même niche"),
    M(BF_MSG_ALT_BETTER, "alt_better", "Stronger", "Plus solide"),
    M(BF_MSG_ALT_COMMON, "alt_common", "%'.0f followers in common",
      "%'.0f abonnés en commun"),
    M(BF_MSG_ALT_COMMON_1, "alt_common_1", "1 follower in common",
      "1 abonné en commun"),
    M(BF_MSG_ALT_COFOLLOWING, "alt_cofollowing",
      "%'.0f accounts followed by both", "%'.0f comptes suivis par les deux"),
    M(BF_MSG_ALT_COFOLLOWING_1, "alt_cofollowing_1",
      "1 account followed by both", "1 compte suivi par les deux"),
    M(BF_MSG_ALT_WORDS, "alt_words", "shared words", "mots en commun"),
    M(BF_MSG_ALT_AGAINST, "alt_against", "against", "contre"),
    M(BF_MSG_ALT_REAL, "alt_real", "%'.0f real followers against %'.0f",
      "%'.0f abonnés réels contre %'.0f"),
    M(BF_MSG_ALT_ENG, "alt_eng", "%.3f%% engagement against %.3f%%",
      "%.3f %% d'engagement contre %.3f %%"),
    M(BF_MSG_ALT_NONE_GRAPH, "alt_none_graph",
      "None: the store holds none of this account's followers, or none of the "
      "accounts they follow, so no account of the same niche can be found by "
      "its audience.",
      "Aucun : la base ne contient aucun des abonnés de ce compte, ou aucun "
      "des comptes qu'ils suivent ; aucun compte de la même niche ne peut donc "
      "être trouvé par son audience."),
    M(BF_MSG_ALT_NONE_COFOLLOW, "alt_none_cofollow",
      "None: the store holds followers of this account, but none of the "
      "other accounts they follow, so no account of the same niche can be "
      "found by its audience.",
      "Aucun : la base contient des abonnés de ce compte, mais aucun des "
      "autres comptes qu'ils suivent ; aucun compte de la même niche ne peut "
      "donc être trouvé par son audience."),
    M(BF_MSG_ALT_NONE_NICHE, "alt_none_niche",
      "None: of the %'.0f accounts its followers also follow, none shares its "
      "audience or its words closely enough to be of the same niche.",
      "Aucun : parmi les %'.0f comptes que ses abonnés suivent aussi, aucun ne "
      "partage assez son audience ou ses mots pour être de la même niche."),
    M(BF_MSG_ALT_NONE_STRONGER, "alt_none_stronger",
      "None: %'.0f accounts of the same niche were found, but none has "
      "stronger evidence (a better verdict, more real followers or more "
      "engagement).",
      "Aucun : %'.0f comptes de la même niche ont été trouvés, mais aucun n'a "
      "de meilleurs résultats (un meilleur verdict, plus d'abonnés réels ou "
      "plus d'engagement)."),
    M(BF_MSG_ALT_SIGNALS, "alt_signals", "Signals used", "Signaux utilisés"),
    M(BF_MSG_ALT_MISSING, "alt_missing", "not in the store",
      "absents de la base"),
    M(BF_MSG_ALT_SIG_AUDIENCE, "alt_sig_audience", "followers in common",
      "abonnés en commun"),
    M(BF_MSG_ALT_SIG_COFOLLOW, "alt_sig_cofollow",
      "accounts followed by the same people",
      "comptes suivis par les mêmes personnes"),
    M(BF_MSG_ALT_SIG_WORDS, "alt_sig_words",
      "words of the bio and hashtags of the posts",
      "mots de la bio et mots-dièse des publications"),
    M(BF_MSG_HOW_ALT, "how_alt",
      "alternatives: candidates are the accounts followed by up to 200 of the "
      "followers that do not look fake, each follow weighted by how real the "
      "follower looks / log(2 + accounts it follows) (Adamic and Adar 2003; "
      "mass followers left out); an account is of the same niche when it "
      "shares words and followers (when either has no words: an audience "
      "overlap 3 times above chance); it is stronger when its own audit gives "
      "a better verdict, or at least 10%% more real followers (followers x "
      "(1 - estimated fake share)) or engagement, with no fewer real "
      "followers; never an inflated, automated or unjudged account, nor a "
      "questionable one for a genuine account.",
      "autres comptes : les candidats sont les comptes suivis par jusqu'à 200 "
      "des abonnés qui ne paraissent pas faux, chaque abonnement pondéré par "
      "la probabilité que l'abonné soit réel / log(2 + comptes qu'il suit) "
      "(Adamic et Adar 2003 ; abonnés en masse exclus) ; un compte est de la "
      "même niche s'il partage des mots et des abonnés (si l'un des deux n'a "
      "pas de mots : une audience commune 3 fois supérieure au hasard) ; il "
      "est plus solide quand son propre audit donne un meilleur verdict, ou "
      "au moins 10 %% d'abonnés réels (abonnés x (1 - part estimée de faux)) "
      "ou d'engagement de plus, sans moins d'abonnés réels ; jamais un compte "
      "gonflé, automatisé ou non jugé, ni un compte douteux pour un compte "
      "authentique."),
    M(BF_MSG_ALT_NONE_STRONGER_1, "alt_none_stronger_1",
      "None: 1 account of the same niche was found, but it has no stronger "
      "evidence (a better verdict, more real followers or more engagement).",
      "Aucun : 1 compte de la même niche a été trouvé, mais il n'a pas de "
      "meilleurs résultats (un meilleur verdict, plus d'abonnés réels ou plus "
      "d'engagement)."),
    M(BF_MSG_ALT_NONE_NICHE_1, "alt_none_niche_1",
      "None: the one account its followers also follow does not share its "
      "audience or its words closely enough to be of the same niche.",
      "Aucun : le seul compte que ses abonnés suivent aussi ne partage pas "
      "assez son audience ou ses mots pour être de la même niche."),
    M(BF_MSG_CHART_SAMPLE, "chart_sample",
      "Counted on a uniform random sample of %'.0f of the %'.0f followers in "
      "the store: the counts are the sample's, their shares stand for the "
      "whole list.",
      "Compté sur un échantillon aléatoire uniforme de %'.0f des %'.0f "
      "abonnés présents : les nombres sont ceux de l'échantillon, leurs "
      "parts valent pour toute la liste."),
    M(BF_MSG_LBL_ARRIVED_SAMPLE, "lbl_arrived_sample",
      "Followers of the sample whose arrival could be dated",
      "Abonnés de l'échantillon dont l'arrivée a pu être datée"),
    /* The model flags no more followers than it flags in genuine
     * audiences: the corrected share is 0, which "an estimated 0%" would
     * state as a finding beside the flagged share it corrects. */
    M(BF_MSG_REASON_GENUINE_EST_FLOOR, "reason_genuine_est_floor",
      "No more of the followers look fake than in a genuine audience (95%% "
      "interval for the share of fake followers: %.0f%% to %.0f%%), and "
      "people react to the posts.",
      "Pas plus d'abonnés d'allure factice que dans une audience authentique "
      "(intervalle à 95 %% pour la part de faux abonnés : %.0f %% à %.0f %%), "
      "et les publications suscitent des réactions."),
    M(BF_MSG_REASON_GENUINE_AUD_FLOOR, "reason_genuine_aud_floor",
      "No more of the followers look fake than in a genuine audience (95%% "
      "interval for the share of fake followers: %.0f%% to %.0f%%): the "
      "audience looks real. Reactions to the posts were not measured.",
      "Pas plus d'abonnés d'allure factice que dans une audience authentique "
      "(intervalle à 95 %% pour la part de faux abonnés : %.0f %% à %.0f %%) "
      ": l'audience paraît réelle. Les réactions aux publications n'ont pas "
      "été mesurées."),
    M(BF_MSG_REASON_GENUINE_LOW_ENG_FLOOR, "reason_genuine_low_eng_floor",
      "No more of the followers look fake than in a genuine audience (95%% "
      "interval for the share of fake followers: %.0f%% to %.0f%%): the "
      "audience looks real, though the posts get fewer reactions than those "
      "of accounts of the same size.",
      "Pas plus d'abonnés d'allure factice que dans une audience authentique "
      "(intervalle à 95 %% pour la part de faux abonnés : %.0f %% à %.0f %%) "
      ": l'audience paraît réelle, même si les publications suscitent moins "
      "de réactions que celles des comptes de même taille."),
    M(BF_MSG_SV_AUD_EST_FLOOR, "sv_aud_est_floor",
      "No more of the followers look fake than in a genuine audience (95%% "
      "interval for the share of fake followers: %.0f%% to %.0f%%).",
      "Pas plus d'abonnés d'allure factice que dans une audience authentique "
      "(intervalle à 95 %% pour la part de faux abonnés : %.0f %% à %.0f %%)."),
    M(BF_MSG_EV_FAKE_EST_FLOOR, "ev_fake_est_floor",
      "Estimated share of fake followers: 0.0%% (95%% interval: %.1f%% to "
      "%.1f%%). The model flagged %.1f%% of the followers judged, no more "
      "than the %.1f%% of genuine accounts it calls fake on sets it did not "
      "train on (its false-positive rate): a wholly genuine audience gets as "
      "many calls (Forman 2008).",
      "Part estimée de faux abonnés : 0,0 %% (intervalle à 95 %% : %.1f %% à "
      "%.1f %%). Le modèle a signalé %.1f %% des abonnés jugés, pas plus que "
      "les %.1f %% de comptes authentiques qu'il déclare faux sur des "
      "ensembles qu'il n'a pas vus à l'entraînement (son taux de faux "
      "positifs) : une audience entièrement authentique en reçoit autant "
      "(Forman 2008)."),
    M(BF_MSG_LBL_INFLUENTIAL_EST, "lbl_influential_est",
      "Followers who are themselves followed by over 1,000 accounts "
      "(estimated from a uniform random sample)",
      "Abonnés eux-mêmes suivis par plus de 1 000 comptes (estimation sur "
      "un échantillon aléatoire uniforme)"),
    M(BF_MSG_ALT_NONE_PROFILES, "alt_none_profiles",
      "None: the store holds no profile of the accounts its followers also "
      "follow on this platform, so none can be compared with it.",
      "Aucun : la base ne contient le profil d'aucun des comptes que ses "
      "abonnés suivent aussi sur cette plateforme ; aucun ne peut donc lui "
      "être comparé."),
    M(BF_MSG_Q_BATCH_1, "q_batch_1",
      "Why were %.0f%% of your followers' accounts created in the same "
      "month (%D)?",
      "Pourquoi %.0f %% des comptes de vos abonnés ont-ils été créés le "
      "même mois (%D) ?"),
    M(BF_MSG_LBL_ARRIVED_OLDER, "lbl_arrived_older",
      "Of them, arrived before the chart begins",
      "Dont arrivés avant le début du graphique"),
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

bf_lang bf_lang_from_env(void)
{
    static const char *const vars[] = { "LC_ALL", "LC_MESSAGES", "LANG" };
    bf_lang lang;
    size_t i;

    for (i = 0; i < sizeof vars / sizeof vars[0]; i++) {
        const char *v = getenv(vars[i]);

        if (v && *v)
            return bf_lang_parse(v, &lang) == BF_OK ? lang : BF_LANG_EN;
    }
    return BF_LANG_EN;
}

/*
 * spec_at reads a conversion at fmt (just after '%'): returns its length
 * the precision (-1 for "%D") and whether digits are grouped ("%'.Nf"),
 * or 0 when it is none of "%.Nf", "%'.Nf" and "%D".
 */
static size_t spec_at(const char *fmt, int *prec, int *group)
{
    size_t g = fmt[0] == '\'';

    *group = (int)g;
    if (fmt[0] == 'D') {
        *prec = -1;
        return 1;
    }
    if (fmt[g] == '.' && fmt[g + 1] >= '0' && fmt[g + 1] <= '9' &&
        fmt[g + 2] == 'f') {
        *prec = fmt[g + 1] - '0';
        return g + 3;
    }
    return 0;
}

int bf_msg_specs(const char *fmt, char *out, size_t cap)
{
    size_t n = 0;
    int count = 0, prec, group;

    for (; *fmt; fmt++) {
        size_t len;

        if (*fmt != '%')
            continue;
        if (fmt[1] == '%') {
            fmt++;
            continue;
        }
        len = spec_at(fmt + 1, &prec, &group);
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

/* month_names are the months in each language, for "%D". */
static const char *const month_names[BF_LANG__COUNT][12] = {
    { "January", "February", "March", "April", "May", "June", "July", "August",
      "September", "October", "November", "December" },
    { "janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
      "septembre", "octobre", "novembre", "décembre" },
};

/* month_year writes the month of Unix time t as "November 2024". */
static void month_year(char out[64], bf_lang lang, double t)
{
    int64_t days = (int64_t)floor(t / 86400.0);
    int64_t z = days + 719468, era = (z >= 0 ? z : z - 146096) / 146097;
    int64_t doe = z - era * 146097;
    int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int64_t mp = (5 * doy + 2) / 153, m = mp < 10 ? mp + 3 : mp - 9;
    int64_t y = yoe + era * 400 + (m <= 2);

    /* Howard Hinnant's civil_from_days, valid for any proleptic date. */
    snprintf(out, 64, "%s %lld", month_names[lang == BF_LANG_FR][m - 1],
             (long long)y);
}

/*
 * elide writes French "de avril" as "d'avril": when the month about to be
 * written starts with a vowel and out ends with the word "de ", the "e "
 * becomes an apostrophe (avril, août and octobre take it).
 */
static void elide(bf_buf *out, bf_lang lang, const char *month)
{
    const char *v = "aeiouy";

    if (lang != BF_LANG_FR || !strchr(v, month[0]) || out->len < 3 ||
        memcmp(out->data + out->len - 3, "de ", 3) != 0 ||
        (out->len > 3 && out->data[out->len - 4] != ' '))
        return;
    out->data[out->len - 2] = '\'';
    out->len--;
    out->data[out->len] = '\0';
}

bf_err bf_msg_date(bf_buf *out, bf_lang lang, int64_t t)
{
    char my[64];
    int64_t days, z, era, doe, yoe, doy, mp, d;

    if (t <= 0)
        return bf_buf_puts(out, bf_msg(lang, BF_MSG_LBL_UNKNOWN));
    /* The day of the month, as month_year finds the month. */
    days = t >= 0 ? t / 86400 : -((-t + 86399) / 86400);
    z = days + 719468;
    era = (z >= 0 ? z : z - 146096) / 146097;
    doe = z - era * 146097;
    yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    mp = (5 * doy + 2) / 153;
    d = doy - (153 * mp + 2) / 5 + 1;
    month_year(my, lang, (double)t);
    if (lang == BF_LANG_FR)
        return bf_buf_appendf(out, "%lld%s %s", (long long)d,
                              d == 1 ? "er" : "", my);
    {
        /* "April 2007" becomes "April 6, 2007". */
        const char *sp = strrchr(my, ' ');

        if (!sp)
            return bf_buf_puts(out, my);
        return bf_buf_appendf(out, "%.*s %lld,%s", (int)(sp - my), my,
                              (long long)d, sp);
    }
}

bf_err bf_msg_number(bf_buf *out, bf_lang lang, double v, int prec)
{
    char num[64];

    if (v < 0 && v > -1.0000001 && v < -0.9999999)
        return bf_buf_puts(out, bf_msg(lang, BF_MSG_LBL_UNKNOWN));
    bf_lang_number(num, lang, v, prec, 1);
    return bf_buf_puts(out, num);
}

/*
 * rate_prec: the decimals of a percentage asked with prec of them.  Three
 * decimals are the rates' (0.545% of the followers); past 1% they are
 * noise, so such a percentage keeps three significant digits: 5.69%,
 * 55.5%, 120%.  Other precisions are kept as asked, but for a share that
 * is not 0 and would print as 0 with them ("10 of 15,762,008 declared
 * (0.0%)"): it gets the decimals of its first digit, up to six
 * (0.00006%).  A percentage asked without decimals stays so: "0% of the
 * posts" is how a share of posts is read.
 */
static int rate_prec(double pct, int prec)
{
    double a = fabs(pct), unit = 0.5;
    int d;

    if (prec == 3)
        prec = a >= 99.95 ? 0 : a >= 9.995 ? 1 : a >= 0.9995 ? 2 : 3;
    if (prec < 1 || a == 0)
        return prec;
    for (d = 0; d < prec; d++)
        unit /= 10;
    for (d = prec; a < unit && d < 6; d++)
        unit /= 10;
    return d;
}

bf_err bf_msg_percent(bf_buf *out, bf_lang lang, double v, int prec)
{
    char num[64];

    if (v < 0)
        return bf_buf_puts(out, bf_msg(lang, BF_MSG_LBL_UNKNOWN));
    bf_lang_number(num, lang, 100 * v, rate_prec(100 * v, prec), 1);
    return bf_buf_appendf(out, "%s%s", num, lang == BF_LANG_FR ? " %" : "%");
}

/*
 * singular: v takes the singular in lang.  French uses it for 0 and 1
 * ("0 compte", "1,5 heure"), English for exactly 1 ("0 accounts").
 */
static int singular(bf_lang lang, double v)
{
    if (lang == BF_LANG_FR)
        return v > -2 && v < 2;
    return v == 1 || v == -1;
}

/*
 * plural copies the choice "{one|other}" at fmt (just after '{') that
 * the number last written takes, and returns the length it spans up to
 * and including '}'; 0 when fmt holds no such choice (the '{' is then
 * copied as it is).
 */
static size_t plural(bf_buf *out, bf_lang lang, const char *fmt, double last,
                     bf_err *err)
{
    const char *bar = strchr(fmt, '|'), *end = bar ? strchr(bar, '}') : NULL;

    if (!bar || !end || memchr(fmt, '}', (size_t)(bar - fmt)))
        return 0;
    if (singular(lang, last))
        *err = bf_buf_append(out, fmt, (size_t)(bar - fmt));
    else
        *err = bf_buf_append(out, bar + 1, (size_t)(end - bar - 1));
    return (size_t)(end - fmt) + 1;
}

bf_err bf_msg_format(bf_buf *out, bf_lang lang, bf_msg_id id,
                     const double *args, size_t nargs)
{
    return bf_msg_format_str(out, lang, bf_msg(lang, id), args, nargs);
}

bf_err bf_msg_format_str(bf_buf *out, bf_lang lang, const char *fmt,
                         const double *args, size_t nargs)
{
    const char *run = fmt;
    char spec[64];
    size_t used = 0;
    bf_err err = BF_OK;
    int want = bf_msg_specs(fmt, spec, sizeof spec);
    double last = 0;

    if (want < 0 || (size_t)want != nargs)
        return BF_EINVAL;
    for (; !err && *fmt; fmt++) {
        char num[64];
        int prec = 0, group = 0;
        size_t len;

        if (*fmt == '{' && used > 0) {
            bf_err perr = BF_OK;

            err = bf_buf_append(out, run, (size_t)(fmt - run));
            if (err)
                break;
            len = plural(out, lang, fmt + 1, last, &perr);
            err = perr;
            if (len)
                fmt += len;
            else
                err = err ? err : bf_buf_putc(out, '{');
            run = fmt + 1;
            continue;
        }
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
        len = spec_at(fmt + 1, &prec, &group);
        last = args[used];
        /* A percentage: the conversion is followed by "%%" (" %%" in
         * French). */
        if (len && strncmp(fmt + len + 1 + (fmt[len + 1] == ' '), "%%", 2) == 0)
            prec = rate_prec(args[used], prec);
        if (prec < 0) {
            month_year(num, lang, args[used++]);
            elide(out, lang, num);
        } else
            bf_lang_number(num, lang, args[used++], prec, group);
        err = bf_buf_puts(out, num);
        fmt += len;
        run = fmt + 1;
    }
    if (!err)
        err = bf_buf_puts(out, run);
    return err;
}

/*
 * bf_msg_typo: in French, a plain space before % : ; ? ! and », after «,
 * and between two digits (the groups of "12 345") becomes U+202F, the
 * narrow no-break space French typography puts there, so a line never
 * breaks before the sign nor inside a number.  Other languages are
 * copied as they are.  Any other byte is copied unchanged.
 */
bf_err bf_msg_typo(bf_buf *out, bf_lang lang, const char *s, size_t n)
{
    static const char nnbsp[] = "\xe2\x80\xaf";
    size_t i, run = 0;
    bf_err err = BF_OK;

    if (lang != BF_LANG_FR)
        return bf_buf_append(out, s, n);
    for (i = 0; !err && i < n; i++) {
        unsigned char prev = i ? (unsigned char)s[i - 1] : 0;
        unsigned char next = i + 1 < n ? (unsigned char)s[i + 1] : 0;
        int keep =
                s[i] == ' ' &&
                ((next && strchr("%:;?!", next)) ||
                 (prev >= '0' && prev <= '9' && next >= '0' && next <= '9') ||
                 (i + 2 < n && next == 0xc2 &&
                  (unsigned char)s[i + 2] == 0xbb) ||
                 (i >= 2 && prev == 0xab && (unsigned char)s[i - 2] == 0xc2));

        if (!keep)
            continue;
        err = bf_buf_append(out, s + run, i - run);
        if (!err)
            err = bf_buf_append(out, nnbsp, 3);
        run = i + 1;
    }
    if (!err)
        err = bf_buf_append(out, s + run, n - run);
    return err;
}
