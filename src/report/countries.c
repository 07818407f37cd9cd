/*
 * countries.c - country names in the report's language (countries.h).
 *
 * The table is built once per process from two files of Debian's
 * iso-codes package.  iso_3166-1.json is read line by line: it holds one
 * "key": "value" pair per line, no escape in any value, and an object per
 * country ({ ... }); a line of another shape ends nothing and is skipped.
 * iso_3166-1.mo is gettext's binary catalog (magic 0x950412de, then the
 * string count and the offsets of the original and translated tables of
 * (length, offset) pairs); it maps each English name, official and common
 * ones included, to its French one.  Both are read whole (48 KB and 30
 * KB); a file that is missing or of another shape leaves its part of the
 * table empty, and the platforms' labels are shown as they are.
 */
#include "report/countries.h"

#include "base/input.h"

#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define ISO_JSON "/usr/share/iso-codes/json/iso_3166-1.json"
#define ISO_MO   "/usr/share/locale/fr/LC_MESSAGES/iso_3166-1.mo"
#define MAX_FILE ((size_t)1 << 22)

/* One country: its code, the English names ISO gives, the French one. */
typedef struct country {
    char code[3];
    const char *name;   /* ISO's name: "Korea, Republic of" */
    const char *common; /* its common name when ISO gives one: "South Korea" */
    const char *official; /* "Republic of Korea", or NULL */
    const char *fr;       /* "Corée du Sud", or NULL */
} country;

/* Names the platforms write that ISO spells otherwise. */
static const struct {
    const char *name, *code;
} aliases[] = {
    { "Russia", "RU" },      { "Turkey", "TR" },
    { "Ivory Coast", "CI" }, { "Macedonia", "MK" },
    { "Palestine", "PS" },   { "Cape Verde", "CV" },
    { "DR Congo", "CD" },    { "Democratic Republic of the Congo", "CD" },
    { "Micronesia", "FM" },  { "Vatican City", "VA" },
    { "Swaziland", "SZ" },   { "Burma", "MM" },
};

static pthread_once_t once = PTHREAD_ONCE_INIT;
static country *table;
static size_t ncountries;
static char *json_text, *mo_data;
static long mo_size;

/* slurp reads the file at path whole, zero bytes after it (base/input.h);
 * NULL when it cannot, or when it is larger than any such file. */
static char *slurp(const char *path, long *out_size)
{
    bf_input *in = NULL;
    char *p = NULL;
    size_t n = 0;

    if (bf_input_open(path, 4096, &in) != BF_OK)
        return NULL;
    if (bf_input_slurp(in, MAX_FILE, &p, &n) != BF_OK)
        p = NULL;
    bf_input_close(in);
    if (p && out_size)
        *out_size = (long)n;
    return p;
}

static uint32_t u32_at(long off)
{
    const unsigned char *b = (const unsigned char *)mo_data + off;

    return (uint32_t)b[0] | (uint32_t)b[1] << 8 | (uint32_t)b[2] << 16 |
           (uint32_t)b[3] << 24;
}

/* mo_string gives string i of the table at off (its bytes NUL-ended in
 * the file, as gettext writes them), or NULL when out of the file. */
static const char *mo_string(uint32_t off, uint32_t i)
{
    uint32_t len, at;

    if ((long)off + 8 * ((long)i + 1) > mo_size)
        return NULL;
    len = u32_at((long)off + 8 * (long)i);
    at = u32_at((long)off + 8 * (long)i + 4);
    if ((long)at + (long)len >= mo_size || mo_data[at + len] != '\0')
        return NULL;
    return mo_data + at;
}

/* french gives the French of the English name en, or NULL. */
static const char *french(const char *en)
{
    uint32_t n, orig, trans, i;

    if (!mo_data || !en || mo_size < 28 || u32_at(0) != 0x950412deu)
        return NULL;
    n = u32_at(8);
    orig = u32_at(12);
    trans = u32_at(16);
    for (i = 0; i < n; i++) {
        const char *o = mo_string(orig, i);

        if (o && strcmp(o, en) == 0) {
            const char *t = mo_string(trans, i);

            return t && *t ? t : NULL;
        }
    }
    return NULL;
}

/*
 * pair reads a line "  "key": "value"," in place: *out_key and *out_val
 * point into it, NUL-ended; 0 when the line is of another shape.
 */
static int pair(char *line, char **out_key, char **out_val)
{
    char *k = strchr(line, '"'), *ke, *v, *ve;

    if (!k || !(ke = strchr(k + 1, '"')) || ke[1] != ':' ||
        !(v = strchr(ke + 1, '"')) || !(ve = strchr(v + 1, '"')))
        return 0;
    *ke = '\0';
    *ve = '\0';
    *out_key = k + 1;
    *out_val = v + 1;
    return 1;
}

/*
 * upright turns the catalog's inverted French forms round: "Russie,
 * Fédération de" is "Fédération de Russie", "Åland, Îles" "Îles Åland",
 * "Iran, République islamique d'" "République islamique d'Iran".  A
 * comma that lists ("Bonaire, Saint-Eustache et Saba") or a tail with a
 * parenthesis is left alone.  The result is allocated for the process,
 * or fr itself.
 */
static const char *upright(const char *fr)
{
    static const char *const heads[] = { "Île ",   "Îles ",       "État ",
                                         "États ", "République ", "Fédération ",
                                         NULL };
    const char *comma = strstr(fr, ", "), *tail;
    size_t n, h, t;
    char *out;
    int i, turn = 0;

    if (!comma || strchr(comma, '('))
        return fr;
    tail = comma + 2;
    t = strlen(tail);
    for (i = 0; heads[i]; i++)
        turn |= strncmp(tail, heads[i], strlen(heads[i])) == 0 ||
                strcmp(tail, "Île") == 0 || strcmp(tail, "Îles") == 0;
    turn |= (t > 3 && strcmp(tail + t - 3, " de") == 0) ||
            (t > 3 && strcmp(tail + t - 3, " du") == 0) ||
            (t > 3 && strcmp(tail + t - 3, " d'") == 0);
    if (!turn)
        return fr;
    h = (size_t)(comma - fr);
    n = t + 1 + h + 1;
    out = malloc(n);
    if (!out)
        return fr;
    snprintf(out, n, "%s%s%.*s", tail, tail[t - 1] == '\'' ? "" : " ", (int)h,
             fr);
    return out;
}

static void load(void)
{
    char *line, *next;
    country c;
    size_t cap = 0;
    int open = 0;

    json_text = slurp(ISO_JSON, NULL);
    mo_data = slurp(ISO_MO, &mo_size);
    if (!json_text)
        return;
    memset(&c, 0, sizeof c);
    for (line = json_text; line && *line; line = next) {
        char *key, *val;

        next = strchr(line, '\n');
        if (next)
            *next++ = '\0';
        if (strchr(line, '{')) {
            memset(&c, 0, sizeof c);
            open = 1;
        } else if (strchr(line, '}') && open) {
            open = 0;
            if (!c.code[0] || !c.name)
                continue;
            /* The common name's French ("Corée du Sud"); a common name
             * the catalog does not translate (Iran, Laos, Syria) is
             * kept: the ISO name's French is the state's long title.
             * Else the ISO name's, turned upright. */
            c.fr = c.common ? french(c.common) : NULL;
            if (!c.fr && c.common)
                c.fr = c.common;
            if (!c.fr && (c.fr = french(c.name)) != NULL)
                c.fr = upright(c.fr);
            if (ncountries == cap) {
                size_t ncap = cap ? 2 * cap : 256;
                country *t = realloc(table, ncap * sizeof *t);

                if (!t)
                    return;
                table = t;
                cap = ncap;
            }
            table[ncountries++] = c;
        } else if (open && pair(line, &key, &val)) {
            if (strcmp(key, "alpha_2") == 0 && strlen(val) == 2)
                memcpy(c.code, val, 3);
            else if (strcmp(key, "name") == 0)
                c.name = val;
            else if (strcmp(key, "common_name") == 0)
                c.common = val;
            else if (strcmp(key, "official_name") == 0)
                c.official = val;
        }
    }
}

static const country *by_code(const char *code)
{
    size_t i;

    for (i = 0; i < ncountries; i++)
        if (strcmp(table[i].code, code) == 0)
            return &table[i];
    return NULL;
}

const char *bf_country_name(const char *key, bf_lang lang)
{
    const country *c = NULL;
    size_t i;

    if (!key)
        return key;
    pthread_once(&once, load);
    if (strlen(key) == 2 && key[0] >= 'A' && key[0] <= 'Z' && key[1] >= 'A' &&
        key[1] <= 'Z')
        c = by_code(key);
    for (i = 0; !c && i < ncountries; i++)
        if (strcasecmp(table[i].name, key) == 0 ||
            (table[i].common && strcasecmp(table[i].common, key) == 0) ||
            (table[i].official && strcasecmp(table[i].official, key) == 0))
            c = &table[i];
    for (i = 0; !c && i < sizeof aliases / sizeof aliases[0]; i++)
        if (strcasecmp(aliases[i].name, key) == 0)
            c = by_code(aliases[i].code);
    if (!c)
        return key;
    if (lang == BF_LANG_FR && c->fr)
        return c->fr;
    /* An English label is kept as the platform wrote it; a code is
     * named. */
    if (strlen(key) == 2)
        return c->common ? c->common : c->name;
    return key;
}
