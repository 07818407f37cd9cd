/*
 * sim_text.c - the vocabulary of the simulated world.
 *
 * Names, towns, bios and post texts are assembled from short French word
 * lists and sentence templates.  Every choice is taken from the bits of one
 * 64-bit value h (a hash of the seed and of the account or post), consumed
 * a few bits at a time through next(), so the same h always gives the same
 * text and nothing here keeps state.  The lists are invented or generic:
 * common first and last names, town names, everyday sentences.  No template
 * contains an '@' or a digit run longer than four, so no text can look like
 * an e-mail address or a phone number; mentions and links are added by
 * sim.c, which controls what follows them.
 */
#include <stdio.h>
#include <string.h>

#include "sim/sim.h"

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

static const char *const first_names[] = {
    "Camille", "Léa",       "Manon",    "Chloé",    "Emma",      "Inès",
    "Sarah",   "Julie",     "Laura",    "Marine",   "Pauline",   "Claire",
    "Sophie",  "Nathalie",  "Isabelle", "Céline",   "Aurélie",   "Élodie",
    "Margaux", "Lucie",     "Anaïs",    "Mathilde", "Charlotte", "Juliette",
    "Alice",   "Zoé",       "Louise",   "Jeanne",   "Hélène",    "Valérie",
    "Lucas",   "Hugo",      "Thomas",   "Nicolas",  "Julien",    "Maxime",
    "Antoine", "Alexandre", "Romain",   "Quentin",  "Mathieu",   "Guillaume",
    "Pierre",  "Louis",     "Paul",     "Arthur",   "Théo",      "Baptiste",
    "Clément", "Adrien",    "Florian",  "Kevin",    "Sébastien", "Olivier",
    "Yann",    "Karim",     "Mehdi",    "Samir",    "Youssef",   "Malik",
    "Fatou",   "Aminata",   "Nadia",    "Yasmine",  "Sofia",     "Mélanie",
    "Benoît",  "Cédric",    "Jérôme",   "Franck",   "Éric",      "Vincent",
};

static const char *const last_names[] = {
    "Martin",   "Bernard",  "Dubois",   "Thomas",   "Robert",   "Richard",
    "Petit",    "Durand",   "Leroy",    "Moreau",   "Simon",    "Laurent",
    "Lefebvre", "Michel",   "Garcia",   "David",    "Bertrand", "Roux",
    "Vincent",  "Fournier", "Morel",    "Girard",   "André",    "Mercier",
    "Dupont",   "Lambert",  "Bonnet",   "François", "Martinez", "Legrand",
    "Garnier",  "Faure",    "Rousseau", "Blanc",    "Guérin",   "Muller",
    "Henry",    "Roussel",  "Nicolas",  "Perrin",   "Morin",    "Mathieu",
    "Clément",  "Gauthier", "Dumont",   "Lopez",    "Fontaine", "Chevalier",
    "Robin",    "Masson",   "Sanchez",  "Gérard",   "Nguyen",   "Boyer",
    "Denis",    "Lemaire",  "Duval",    "Joly",     "Gautier",  "Roger",
    "Benali",   "Haddad",   "Diallo",   "Traoré",   "Le Gall",  "Le Goff",
};

static const char *const cities[] = {
    "Paris",
    "Lyon",
    "Marseille",
    "Bordeaux",
    "Nantes",
    "Lille",
    "Toulouse",
    "Rennes",
    "Strasbourg",
    "Nice",
    "Montpellier",
    "Grenoble",
    "Dijon",
    "Angers",
    "Brest",
    "Tours",
    "Rouen",
    "Reims",
    "Clermont-Ferrand",
    "Metz",
    "Annecy",
    "La Rochelle",
    "Bruxelles",
    "Genève",
    "Montréal",
    "Aix-en-Provence",
    "Caen",
    "Poitiers",
    "Limoges",
    "Besançon",
};

static const char *const shop_kinds[] = {
    "Boulangerie", "Fromagerie", "Librairie", "Garage",     "Fleuriste",
    "Café",        "Brasserie",  "Atelier",   "Épicerie",   "Cave",
    "Salon",       "Pâtisserie", "Studio",    "Menuiserie", "Pharmacie",
    "Bistrot",     "Cabinet",    "Agence",    "Boutique",   "Chocolaterie",
};

static const char *const shop_places[] = {
    "du Port",    "des Halles",  "de la Gare",   "du Marché",
    "des Arts",   "du Centre",   "Saint-Michel", "des Lilas",
    "du Château", "de la Place", "des Quais",    "du Vieux Pont",
};

static const char *const hobbies[] = {
    "randonnée", "cuisine",  "photo",   "vélo",       "jazz",
    "jardinage", "lecture",  "cinéma",  "escalade",   "course à pied",
    "rugby",     "football", "voyages", "BD",         "jeux de société",
    "musique",   "théâtre",  "couture", "pâtisserie", "astronomie",
};

static const char *const jobs[] = {
    "Infirmière", "Prof de maths", "Développeur",      "Architecte",
    "Étudiante",  "Ingénieur",     "Graphiste",        "Comptable",
    "Kiné",       "Journaliste",   "Cheffe de projet", "Électricien",
    "Pharmacien", "Chercheuse",    "Boulanger",        "Avocate",
    "Instit",     "Traductrice",   "Data analyst",     "Retraité",
};

static const char *const person_lines[] = {
    "Quelle belle journée à %s aujourd'hui",
    "Enfin le week-end, programme : %s et rien d'autre",
    "Quelqu'un a un bon conseil pour débuter la %s ?",
    "Le marché de %s ce matin, toujours un plaisir",
    "Trois heures de %s et je suis ravi",
    "Je viens de finir un super livre sur la %s",
    "Le train pour %s a encore du retard, classique",
    "Petite session de %s avant le boulot",
    "Soirée %s entre amis, parfait",
    "Premier essai de %s ce week-end, pas mal du tout",
    "Vivement les vacances, direction %s",
    "Ce soir c'est %s, et demain on verra",
};

static const char *const person_tags[] = {
    "",        "",       "",        "",       " #weekend", " #bonheur",
    " #photo", " #vélo", " #lundi", " #café", " #rando",   " #cuisine",
};

static const char *const expert_lines[] = {
    "Trois erreurs à éviter quand une PME lance sa newsletter",
    "Ce que j'ai appris en accompagnant %s entreprises cette année",
    "Un bon contenu répond à une vraie question de vos clients",
    "Les chiffres d'audience ne disent rien sans l'engagement",
    "Mon retour sur la conférence marketing de %s",
    "Pourquoi acheter des abonnés ne sert à rien, expliqué simplement",
    "Fil : comment mesurer si vos publications atteignent les bonnes personnes",
    "Nouvel article sur le blog : la stratégie de contenu en cinq étapes",
    "Question du jour : quel réseau pour un artisan qui démarre ?",
    "Merci à tous pour vos retours sur l'atelier de la semaine dernière",
};

static const char *const expert_tags[] = {
    " #marketing",     " #PME", " #stratégie", " #contenu", "",
    " #communication", "",      " #digital",
};

static const char *const guru_lines[] = {
    "Mes clients ont gagné +%s%% d'abonnés ce mois-ci 🚀",
    "La méthode secrète pour exploser sur les réseaux en 30 jours 💰",
    "Tu veux des résultats ? Écris-moi en DM, places limitées 🔥",
    "+%s%% d'engagement garanti avec ma formation, le lien est en bio",
    "Ils ne croyaient pas que c'était possible. Résultats en %s jours 🚀",
    "Arrête de perdre ton temps : la croissance, ça s'apprend 💪",
    "Masterclass gratuite ce soir, ne la rate pas 🔥",
};

static const char *const guru_tags[] = {
    " #growth #marketing",    " #influence #business", " #success #mindset",
    " #entrepreneur #growth", " #marketing #réseaux",
};

static const char *const business_lines[] = {
    "Nouveau cette semaine : %s maison, venez goûter",
    "Nous sommes ouverts ce dimanche de 9h à 13h",
    "Merci à nos clients pour cette belle année à %s",
    "Arrivage du jour, les premières fraises de la saison",
    "Fermeture exceptionnelle lundi pour inventaire",
    "Atelier découverte samedi, quelques places restantes",
    "Notre équipe s'agrandit, bienvenue à %s",
    "Les commandes pour les fêtes sont ouvertes",
};

static const char *const products[] = {
    "casque audio sans fil", "aspirateur robot",       "montre connectée",
    "friteuse sans huile",   "trottinette électrique", "enceinte Bluetooth",
    "parfum de marque",      "baskets running",        "machine à café",
    "sac à dos voyage",      "tablette 10 pouces",     "lot de draps",
};

static const char *const bot_lines[] = {
    "🔥 %s à -%s%% aujourd'hui seulement ! Vite",
    "BON PLAN : %s en promo -%s%%, stock limité",
    "⚡ Vente flash %s -%s%% ! Livraison offerte",
    "Promo du jour : %s -%s%% 👉 profitez-en",
};

static const char *const bot_tags[] = {
    " #promo #bonplan",       " #bonplan #soldes",     " #promo #deal",
    " #ventesflash #bonplan", " #soldes #promo #deal",
};

static const char *const farm_lines[] = {
    "Bonjour tout le monde ☀️",
    "La vie est belle",
    "Belle journée à tous",
    "Nouveau ici, hâte de vous lire",
    "Un peu de soleil ça fait du bien",
    "Bonne semaine à tous",
    "Carpe diem",
    "Le bonheur est dans les petites choses",
};

static const char *const farm_bios[] = {
    "Amoureuse de la vie ✨",
    "Carpe diem",
    "Voyages, musique et bonne humeur",
    "Profiter de chaque instant",
    "Sourire à la vie 😊",
    "Mode, beauté, lifestyle",
    "Fan de séries et de chats",
    "Simple et heureux",
};

static const char *const replies[] = {
    "Tellement vrai !",          "Merci pour le partage",
    "Je suis d'accord, bien vu", "Ha ha, exactement ça",
    "Super intéressant, merci",  "Pas sûr d'être d'accord, mais bon point",
    "Bravo, bien mérité",        "On en reparle demain ?",
};

/* next takes n values' worth of bits from *h and scrambles it again. */
static size_t next(uint64_t *h, size_t n)
{
    size_t v = (size_t)(*h % n);

    /* Splitmix64's finaliser keeps later picks independent of earlier. */
    *h += 0x9e3779b97f4a7c15ULL;
    *h = (*h ^ (*h >> 30)) * 0xbf58476d1ce4e5b9ULL;
    *h = (*h ^ (*h >> 27)) * 0x94d049bb133111ebULL;
    *h ^= *h >> 31;
    return v;
}

#define PICK(h, list) ((list)[next(&(h), COUNT(list))])

/*
 * subst copies the template t into out, replacing the first "%s" by a, the
 * second by b, and "%%" by '%'.  The templates are data, not formats, so
 * they never reach printf.
 */
static void subst(char *out, size_t cap, const char *t, const char *a,
                  const char *b)
{
    size_t n = 0;
    int arg = 0;

    if (cap == 0)
        return;
    while (*t && n + 1 < cap) {
        if (t[0] == '%' && t[1] == 's') {
            const char *v = arg++ == 0 ? a : b;

            while (v && *v && n + 1 < cap)
                out[n++] = *v++;
            t += 2;
        } else if (t[0] == '%' && t[1] == '%') {
            out[n++] = '%';
            t += 2;
        } else {
            out[n++] = *t++;
        }
    }
    out[n] = '\0';
}

void bf__sim_first_name(uint64_t h, char *out, size_t cap)
{
    snprintf(out, cap, "%s", PICK(h, first_names));
}

void bf__sim_last_name(uint64_t h, char *out, size_t cap)
{
    snprintf(out, cap, "%s", PICK(h, last_names));
}

void bf__sim_city(uint64_t h, char *out, size_t cap)
{
    snprintf(out, cap, "%s", PICK(h, cities));
}

void bf__sim_business_name(uint64_t h, char *out, size_t cap)
{
    const char *kind = PICK(h, shop_kinds);

    /* Half are named after a family, half after a place. */
    if (next(&h, 2))
        snprintf(out, cap, "%s %s", kind, PICK(h, last_names));
    else
        snprintf(out, cap, "%s %s", kind, PICK(h, shop_places));
}

void bf__sim_bio(int kind, uint64_t h, const char *city, char *out, size_t cap)
{
    switch (kind) {
    case BF_SIM_PERSON:
        switch (next(&h, 4)) {
        case 0:
            snprintf(out, cap, "%s à %s. Fan de %s.", PICK(h, jobs), city,
                     PICK(h, hobbies));
            break;
        case 1:
            snprintf(out, cap, "Passionné·e de %s et de %s", PICK(h, hobbies),
                     PICK(h, hobbies));
            break;
        case 2:
            snprintf(out, cap, "%s | %s | %s", PICK(h, jobs), PICK(h, hobbies),
                     city);
            break;
        default:
            snprintf(out, cap, "Ici pour parler %s, %s et de tout le reste",
                     PICK(h, hobbies), PICK(h, hobbies));
            break;
        }
        break;
    case BF_SIM_BUSINESS:
        snprintf(out, cap,
                 "Votre commerce de quartier à %s depuis %u. Ouvert du mardi "
                 "au samedi.",
                 city, 1985 + (unsigned)next(&h, 38));
        break;
    case BF_SIM_EXPERT:
        snprintf(out, cap,
                 "Consultant·e en stratégie digitale pour les PME, %s. "
                 "J'écris chaque semaine sur le marketing utile. %s le "
                 "week-end.",
                 city, PICK(h, hobbies));
        break;
    case BF_SIM_BOUGHT:
        snprintf(out, cap,
                 "🚀 Expert N°1 en croissance sur les réseaux | +%uK abonnés "
                 "générés pour mes clients 💰 | Formation offerte en DM",
                 100 + (unsigned)next(&h, 900));
        break;
    case BF_SIM_FAKE:
        snprintf(out, cap, "%s", PICK(h, farm_bios));
        break;
    default:
        snprintf(out, cap,
                 "🔥 Les meilleurs bons plans du web, chaque jour. Codes "
                 "promo, ventes flash, %s.",
                 PICK(h, products));
        break;
    }
}

void bf__sim_post_text(int kind, uint64_t h, char *out, size_t cap)
{
    char num[16];
    const char *line;

    switch (kind) {
    case BF_SIM_PERSON:
        line = PICK(h, person_lines);
        /* Person lines take a hobby or a town for their %s. */
        {
            const char *fill = next(&h, 2) ? PICK(h, hobbies) : PICK(h, cities);
            char body[256];

            subst(body, sizeof body, line, fill, NULL);
            snprintf(out, cap, "%s%s", body, PICK(h, person_tags));
        }
        break;
    case BF_SIM_BUSINESS: {
        char body[256];

        line = PICK(h, business_lines);
        subst(body, sizeof body, line,
              next(&h, 2) ? PICK(h, first_names) : PICK(h, cities), NULL);
        snprintf(out, cap, "%s", body);
        break;
    }
    case BF_SIM_EXPERT: {
        char body[256];

        line = PICK(h, expert_lines);
        snprintf(num, sizeof num, "%u", 5 + (unsigned)next(&h, 60));
        subst(body, sizeof body, line,
              strstr(line, "conférence") ? PICK(h, cities) : num, NULL);
        snprintf(out, cap, "%s%s", body, PICK(h, expert_tags));
        break;
    }
    case BF_SIM_BOUGHT: {
        char body[256];

        line = PICK(h, guru_lines);
        snprintf(num, sizeof num, "%u", 50 + (unsigned)next(&h, 950));
        subst(body, sizeof body, line, num, NULL);
        snprintf(out, cap, "%s%s", body, PICK(h, guru_tags));
        break;
    }
    case BF_SIM_FAKE:
        snprintf(out, cap, "%s", PICK(h, farm_lines));
        break;
    default: {
        char body[256];
        const char *product;

        /* Few templates, few products: near-duplicates, as spam is. */
        line = PICK(h, bot_lines);
        product = PICK(h, products);
        snprintf(num, sizeof num, "%u", 10 * (2 + (unsigned)next(&h, 6)));
        subst(body, sizeof body, line, product, num);
        snprintf(out, cap, "%s%s", body, PICK(h, bot_tags));
        break;
    }
    }
}

void bf__sim_reply_text(uint64_t h, char *out, size_t cap)
{
    snprintf(out, cap, "%s", PICK(h, replies));
}
