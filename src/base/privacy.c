/*
 * privacy.c - the scrubber.
 *
 * One left-to-right pass over the string, copying runs of bytes that
 * cannot start an address or a number at once, and stopping at the few
 * that can: '@', its full-width form, a bracket, '+', digits, and a space
 * before a bracket or the first letter of a spelled at sign (it may open
 * "(at)" or " at ").
 *
 * An e-mail address is found at its at sign: the local part has already
 * been copied, so it is taken back from the output and "[email]" written
 * instead, once a domain (labels joined by dots or dot words, ending in a
 * top-level label of two letters or more) is seen after it.  An at sign
 * or a dot word in brackets, "(at)", "[dot]", is an obfuscation and never
 * prose; written bare, " at " and " point " are ordinary words ("at some
 * point in college"), so a bare address must speak one language ("at"
 * with "dot", "arobase" with "point"), not open its domain with "the" or
 * "some", and end with a known top-level domain.
 *
 * A phone number is measured as a run of digits and separators and split
 * into groups; the group lengths and the separators tell a phone from a
 * date, a number with thousands separators, a list of years or a decimal.
 * A word such as "tel" just before the run, or a leading '+', makes it a
 * phone without those tests.  When a run is not a phone, its first group
 * is copied and the search goes on at the next, where a phone may start
 * after a date or an id; a run is measured up to 64 digits only, so this
 * stays linear.
 *
 * Text is UTF-8; the separators and digits outside ASCII (no-break
 * spaces, dashes, full-width digits) are decoded as code points.  Invalid
 * bytes are copied as they are and never match.  Every test looks at a
 * bounded window around the current position (a keyword before, a URL
 * token around, a domain after, all capped), so the pass is O(n).
 */
#include "base/privacy.h"

#include <stdint.h>
#include <string.h>

/* How far back a URL token or a keyword is looked for, in bytes. */
#define LOOKBACK 256

/* Separator kinds inside a phone number. */
enum { S_NONE, S_SPACE, S_DASH, S_DOT, S_SLASH, S_PAREN };

/* The most digit groups remembered for the shape tests. */
#define GROUPS 16

/*
 * decode reads the code point at s into *cp and returns its length in
 * bytes; 0 at the terminating NUL.  An invalid byte is one byte long and
 * decodes to U+FFFD, which matches nothing below.
 */
static size_t decode(const char *str, uint32_t *cp)
{
    const unsigned char *s = (const unsigned char *)str;
    size_t n, i;

    if (s[0] < 0x80) {
        *cp = s[0];
        return s[0] ? 1 : 0;
    }
    if (s[0] >= 0xC2 && s[0] <= 0xDF) {
        n = 2;
        *cp = s[0] & 0x1F;
    } else if (s[0] >= 0xE0 && s[0] <= 0xEF) {
        n = 3;
        *cp = s[0] & 0x0F;
    } else if (s[0] >= 0xF0 && s[0] <= 0xF4) {
        n = 4;
        *cp = s[0] & 0x07;
    } else {
        *cp = 0xFFFD;
        return 1;
    }
    for (i = 1; i < n; i++) {
        if ((s[i] & 0xC0) != 0x80) {
            *cp = 0xFFFD;
            return 1;
        }
        *cp = (*cp << 6) | (s[i] & 0x3F);
    }
    return n;
}

/* digit_of is the value of the digit cp (ASCII or full-width), or -1. */
static int digit_of(uint32_t cp)
{
    if (cp >= '0' && cp <= '9')
        return (int)(cp - '0');
    if (cp >= 0xFF10 && cp <= 0xFF19)
        return (int)(cp - 0xFF10);
    return -1;
}

/* sep_of is the kind of separator cp is inside a phone number. */
static int sep_of(uint32_t cp)
{
    switch (cp) {
    case ' ':
    case 0x00A0: /* no-break space */
    case 0x2007: /* figure space */
    case 0x2009: /* thin space */
    case 0x202F: /* narrow no-break space (French typography) */
        return S_SPACE;
    case '-':
    case 0x2010:
    case 0x2011: /* non-breaking hyphen */
    case 0x2012:
    case 0x2013: /* en dash */
    case 0xFF0D:
        return S_DASH;
    case '.':
        return S_DOT;
    case '/':
        return S_SLASH;
    case '(':
    case ')':
    case 0xFF08:
    case 0xFF09:
        return S_PAREN;
    default:
        return S_NONE;
    }
}

/*
 * is_letter is 1 for what may spell a local part or a domain label: ASCII
 * letters and digits, and code points from U+00C0 up that are not
 * punctuation, spaces, symbols or full-width ASCII punctuation.
 */
static int is_letter(uint32_t cp)
{
    if (cp < 0x80)
        return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') ||
               (cp >= '0' && cp <= '9');
    if (cp < 0xC0 || cp == 0xD7 || cp == 0xF7 || cp == 0xFFFD)
        return 0;
    if ((cp >= 0x2000 && cp <= 0x2BFF) || (cp >= 0x3000 && cp <= 0x303F) ||
        (cp >= 0xFE30 && cp <= 0xFE4F) || (cp >= 0xFF00 && cp <= 0xFF20) ||
        (cp >= 0xFF3B && cp <= 0xFF40) || (cp >= 0xFF5B && cp <= 0xFF65))
        return 0;
    return 1;
}

/* is_local_cp is 1 for what may spell the local part of an address. */
static int is_local_cp(uint32_t cp)
{
    return is_letter(cp) || (cp < 0x80 && strchr("._-+%", (int)cp) && cp);
}

/* lower is c in lower case, for ASCII. */
static char lower(char c)
{
    return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

/* word_at is 1 when s starts with w (lower case ASCII), in any case. */
static int word_at(const char *s, const char *w)
{
    size_t i;

    for (i = 0; w[i]; i++)
        if (lower(s[i]) != w[i])
            return 0;
    return 1;
}

/* spaces is the number of ASCII spaces at s. */
static size_t spaces(const char *s)
{
    size_t n = 0;

    while (s[n] == ' ')
        n++;
    return n;
}

/*
 * The languages a spelled-out at sign or dot word is written in, as bits.
 * Written bare (" at ", " point "), the at sign and the dot words of one
 * address must share a language: "jean arobase free point fr" and "john
 * at gmail dot com" are addresses, but "at some point in" is English
 * prose, where "point" is no dot word.  Bracketed, a word is an
 * obfuscation whatever its language, and agrees with any other.
 */
enum { L_EN = 1, L_FR = 2, L_DE = 4, L_ANY = 7, L_BRACKET = 8 };

/* A word spelling an at sign or a dot, and the languages that write it. */
typedef struct spelling {
    const char *word; /* lower case */
    unsigned lang;
} spelling;

/*
 * The at words.  Germans write "at" as well as "ät", so a bare "at" is
 * English or German; "arobase" is French.
 */
/* may_spell_at knows the first byte of each. */
static const spelling ats[] = { { "at", L_EN | L_DE },
                                { "arobase", L_FR },
                                { "\xC3\xA4t", L_DE },
                                { NULL, 0 } };

/* The dot words: "dot" is borrowed by all three, "point" and "punkt" not. */
static const spelling dots[] = {
    { "dot", L_ANY }, { "point", L_FR }, { "punkt", L_DE }, { NULL, 0 }
};

/*
 * spelled matches one of words at s, written as "(w)", "[w]" or "{w}"
 * with optional spaces around it (*out_lang = L_ANY | L_BRACKET: it is no
 * prose, whatever its language), or as " w " between spaces (*out_lang =
 * the word's languages).
 * Returns the bytes matched, spaces included, or 0.
 */
static size_t spelled(const char *s, const spelling *words, unsigned *out_lang)
{
    static const char open[] = "([{", close[] = ")]}";
    size_t j = spaces(s), sp = j, k;
    const char *o;
    int i;

    o = s[j] ? strchr(open, s[j]) : NULL;
    for (i = 0; words[i].word; i++) {
        size_t w = strlen(words[i].word);

        if (o) {
            k = j + 1 + spaces(s + j + 1);
            if (!word_at(s + k, words[i].word))
                continue;
            k += w;
            k += spaces(s + k);
            if (s[k] != close[o - open])
                continue;
            k++;
            *out_lang = L_ANY | L_BRACKET;
            return k + spaces(s + k + 0);
        }
        if (sp > 0 && word_at(s + j, words[i].word) && s[j + w] == ' ') {
            *out_lang = words[i].lang;
            return j + w + spaces(s + j + w);
        }
    }
    return 0;
}

/* label_len is the length of a domain label at s (letters, digits, '-'). */
static size_t label_len(const char *s, int *out_alpha)
{
    size_t n = 0, l;
    uint32_t cp;
    int alpha = 1;

    while (n < LOOKBACK && (l = decode(s + n, &cp)) > 0 &&
           (is_letter(cp) || cp == '-')) {
        if (cp < 0x80 &&
            !((cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z')))
            alpha = 0;
        n += l;
    }
    *out_alpha = alpha;
    return n;
}

/* A domain as read_domain found it: its labels and how they were joined. */
typedef struct domain {
    size_t len;    /* bytes of the domain, 0 when there is none */
    size_t first;  /* bytes of the first label */
    size_t tld_at; /* offset of the last label */
    size_t tld;    /* bytes of the last label */
    int words;     /* a dot word joined two labels */
    int bracketed; /* a bracketed dot word did */
} domain;

/*
 * read_domain reads the domain at s into *d: two labels or more, joined by
 * '.', U+FF0E or a dot word ("(dot)", " dot ", "point", "punkt") that
 * agrees with lang, the languages of the at sign before it (a bare dot
 * word that does not ends the domain), the last label of two letters or
 * more.  Trailing dots end a sentence, not the domain, and are left out.
 */
static void read_domain(const char *s, unsigned lang, domain *d)
{
    size_t j = 0, end = 0, n, k;
    int labels = 0, alpha = 0, a, word;
    unsigned dl = 0;

    memset(d, 0, sizeof *d);
    for (;;) {
        n = label_len(s + j, &alpha);
        if (n == 0)
            break;
        if (labels++ == 0)
            d->first = n;
        d->tld_at = j;
        d->tld = n;
        j += n;
        end = j;
        word = 0;
        if (s[j] == '.')
            k = 1;
        else if (strncmp(s + j, "\xEF\xBC\x8E", 3) == 0)
            k = 3;
        else if ((k = spelled(s + j, dots, &dl)) > 0 && !(dl & lang & L_ANY))
            k = 0;
        else
            word = k > 0;
        if (k == 0 || label_len(s + j + k, &a) == 0)
            break;
        if (word) {
            d->words = 1;
            d->bracketed |= (dl & L_BRACKET) != 0;
        }
        j += k;
    }
    if (labels >= 2 && d->tld >= 2 && alpha)
        d->len = end;
}

/*
 * local_start is where the local part that ends out begins: the bytes of
 * local characters just before out->len, decoded backwards.
 */
static size_t local_start(const bf_buf *out)
{
    size_t k = out->len, b;
    uint32_t cp;

    while (k > 0) {
        b = k - 1;
        while (b > 0 && k - b < 4 &&
               ((unsigned char)out->data[b] & 0xC0) == 0x80)
            b--;
        if (decode(out->data + b, &cp) != k - b || !is_local_cp(cp))
            break;
        k = b;
    }
    return k;
}

/*
 * The top-level domains a bare spelled-out address may end with: the
 * generic ones and the country codes of the addresses people write out.
 * A bare "at" and "dot" are ordinary English words, and the label after
 * the last dot word is what tells "john at gmail dot com" from a sentence
 * that happens to hold "at" and "dot"; bracketed forms need no list.
 */
static const char *const tlds[] = {
    "com",  "net", "org",  "edu", "gov", "mil", "int", "info", "biz",
    "name", "pro", "mobi", "app", "dev", "io",  "co",  "me",   "tv",
    "xyz",  "ar",  "at",   "au",  "be",  "br",  "ca",  "ch",   "cl",
    "cn",   "cz",  "de",   "dk",  "es",  "eu",  "fi",  "fr",   "gr",
    "hu",   "ie",  "il",   "in",  "it",  "jp",  "kr",  "lu",   "mx",
    "nl",   "no",  "nz",   "pl",  "pt",  "ro",  "ru",  "se",   "sg",
    "tr",   "tw",  "ua",   "uk",  "us",  "za",  NULL
};

/*
 * The words that open a noun phrase after "at" in prose: "at some point",
 * "at the dot-com boom", "at which point".  No one's mail is hosted there.
 */
static const char *const determiners[] = {
    "the",  "a",     "an",  "this", "that",  "these", "those", "some", "any",
    "each", "every", "no",  "one",  "which", "what",  "whose", "my",   "your",
    "his",  "her",   "its", "our",  "their", "le",    "la",    "les",  "un",
    "une",  "ce",    "der", "die",  "das",   "ein",   "eine",  NULL
};

/* in_list is 1 when the n bytes at s are one of words, in any case. */
static int in_list(const char *s, size_t n, const char *const *words)
{
    int i;

    for (i = 0; words[i]; i++)
        if (strlen(words[i]) == n && word_at(s, words[i]))
            return 1;
    return 0;
}

/*
 * email_here tries an address whose at sign (or spelled-out "at") starts
 * at s; the local part is at the end of out.  Returns the bytes of s the
 * address takes, after rewinding out to the start of the local part, or 0.
 */
static size_t email_here(const char *s, bf_buf *out)
{
    size_t at, k;
    unsigned lang = L_ANY | L_BRACKET;
    domain d;
    int fedi;

    /* A real at sign is no more prose than a bracketed word. */
    if (s[0] == '@')
        at = 1;
    else if (strncmp(s, "\xEF\xBC\xA0", 3) == 0)
        at = 3;
    else if ((at = spelled(s, ats, &lang)) == 0)
        return 0;
    k = local_start(out);
    if (k == out->len)
        return 0;
    /* A local part preceded by '@' is a fediverse handle (@user@host). */
    fedi = k > 0 && out->data[k - 1] == '@';
    if (fedi && at == 1)
        return 0;
    read_domain(s + at, lang, &d);
    if (d.len == 0)
        return 0;
    /*
     * A bare " at " is a word of the sentence unless the rest says
     * otherwise: a dot word ("work at example.com" is a sentence), and,
     * unless that dot word is bracketed, a domain that does not open
     * with "the" or "some" and ends with a known top-level domain.
     */
    if (!(lang & L_BRACKET) &&
        (!d.words ||
         (!d.bracketed && (in_list(s + at, d.first, determiners) ||
                           !in_list(s + at + d.tld_at, d.tld, tlds)))))
        return 0;
    out->len = k;
    return at + d.len;
}

/* The words that announce a phone number, lower case, longest first. */
static const char *const phone_words[] = { "t\xC3\xA9l\xC3\xA9phone",
                                           "telephone",
                                           "whatsapp",
                                           "portable",
                                           "telefon",
                                           "t\xC3\xA9l",
                                           "mobile",
                                           "mobil",
                                           "handy",
                                           "phone",
                                           "fone",
                                           "cell",
                                           "call",
                                           "fax",
                                           "gsm",
                                           "tel",
                                           "mob",
                                           "fon",
                                           "sms",
                                           NULL };

/*
 * phone_word is 1 when out ends with a phone word, followed only by
 * blanks and punctuation such as ':', '.', '#' or '-'.
 */
static int phone_word(const bf_buf *out)
{
    size_t k = out->len, w, i, stop = out->len > 32 ? out->len - 32 : 0;

    /* Blanks and punctuation, no-break spaces (C2 A0, E2 80 AF) too:
     * French typography puts one before the colon. */
    while (k > stop) {
        if (strchr(" \t:.#-/=", out->data[k - 1]))
            k--;
        else if (k >= 2 && memcmp(out->data + k - 2, "\xC2\xA0", 2) == 0)
            k -= 2;
        else if (k >= 3 && memcmp(out->data + k - 3, "\xE2\x80\xAF", 3) == 0)
            k -= 3;
        else
            break;
    }
    for (i = 0; phone_words[i]; i++) {
        w = strlen(phone_words[i]);
        if (w > k)
            continue;
        if (!word_at(out->data + k - w, phone_words[i]))
            continue;
        /* The word must start a word of its own. */
        if (k - w > 0) {
            char c = lower(out->data[k - w - 1]);

            if ((c >= 'a' && c <= 'z') || (unsigned char)c >= 0x80)
                continue;
        }
        return 1;
    }
    return 0;
}

/* in_url is 1 when position i of s is inside a URL token. */
static int in_url(const char *s, size_t i)
{
    size_t k = i, stop = i > LOOKBACK ? i - LOOKBACK : 0;

    while (k > stop && s[k - 1] != ' ' && s[k - 1] != '\t' && s[k - 1] != '\n')
        k--;
    for (; k + 2 < i; k++)
        if (memcmp(s + k, "://", 3) == 0 || word_at(s + k, "www."))
            return 1;
    return 0;
}

/* The shape of a run of digits and separators. */
typedef struct run {
    size_t end;  /* bytes up to and including the last digit */
    size_t head; /* bytes up to the end of the first digit group */
    int digits;  /* all digits */
    int first;   /* value of the first digit */
    int plus;    /* it starts with '+' */
    int paren;   /* it starts with '(' */
    int groups;  /* digit groups */
    int len[GROUPS];
    int sep[GROUPS];       /* separator kind before each group (S_NONE first) */
    unsigned year[GROUPS]; /* value of 4-digit groups */
} run;

/* measure reads the run of digits and separators at s into *r. */
static void measure(const char *s, run *r)
{
    size_t j = 0, l;
    uint32_t cp;
    int gap = 0, sep = S_NONE, d, k;
    unsigned val = 0;

    memset(r, 0, sizeof *r);
    r->first = -1;
    l = decode(s, &cp);
    if (cp == '+' || cp == 0xFF0B) {
        r->plus = 1;
        j = l;
    } else if (cp == '(' || cp == 0xFF08) {
        r->paren = 1;
        j = l;
    }
    for (;;) {
        l = decode(s + j, &cp);
        if (l == 0)
            break;
        if ((d = digit_of(cp)) >= 0) {
            if (gap > 0 || r->groups == 0) {
                if (r->groups < GROUPS) {
                    r->sep[r->groups] = sep;
                    r->len[r->groups] = 0;
                }
                r->groups++;
                val = 0;
            }
            k = r->groups - 1;
            if (k < GROUPS) {
                r->len[k]++;
                val = val * 10 + (unsigned)d;
                r->year[k] = r->len[k] == 4 ? val : 0;
            }
            if (r->first < 0)
                r->first = d;
            r->digits++;
            gap = 0;
            sep = S_NONE;
            j += l;
            r->end = j;
            if (r->groups == 1)
                r->head = j;
            /* Far longer than any phone: stop measuring, copy it all. */
            if (r->digits > 64)
                break;
            continue;
        }
        if (sep_of(cp) == S_NONE || ++gap > 3)
            break;
        /* The kind that counts is the first that is not a bracket. */
        if (sep == S_NONE || sep == S_PAREN)
            sep = sep_of(cp);
        j += l;
    }
}

/* is_date is 1 when the run opens with a date: 2024-01-15, 15/01/2024. */
static int is_date(const run *r)
{
    int s1, s2;

    if (r->groups < 3 || r->groups > GROUPS)
        return 0;
    s1 = r->sep[1];
    s2 = r->sep[2];
    if (s1 != s2 || (s1 != S_DASH && s1 != S_SLASH && s1 != S_DOT))
        return 0;
    if (r->len[0] == 4 && r->len[1] <= 2 && r->len[2] <= 2)
        return 1;
    return r->len[0] <= 2 && r->len[1] <= 2 && r->len[2] == 4;
}

/* is_thousands is 1 for 1 234 567 890 or 12.345.678.901: a number. */
static int is_thousands(const run *r)
{
    int i;

    if (r->first == 0 || r->groups < 2 || r->groups > GROUPS || r->len[0] > 3 ||
        (r->sep[1] != S_SPACE && r->sep[1] != S_DOT))
        return 0;
    for (i = 1; i < r->groups; i++)
        if (r->len[i] != 3 || r->sep[i] != r->sep[1])
            return 0;
    return 1;
}

/* is_years is 1 for a list of years: 1998 2004 2019. */
static int is_years(const run *r)
{
    int i;

    if (r->groups > GROUPS)
        return 0;
    for (i = 0; i < r->groups; i++)
        if (r->len[i] != 4 || r->year[i] < 1800 || r->year[i] > 2199)
            return 0;
    return 1;
}

/* is_phone decides from the run's shape and the word before it. */
static int is_phone(const run *r, int announced)
{
    if (r->plus || announced)
        return r->digits >= 7 && r->digits <= 16;
    if (r->digits < 9 || r->digits > 15)
        return 0;
    if (r->paren)
        return 1;
    /* One unbroken run is an id or a count unless it dials a prefix. */
    if (r->groups == 1)
        return r->first == 0 && r->digits <= 13;
    /* A decimal number: GPS coordinates fill profile locations. */
    if (r->groups == 2 && r->sep[1] == S_DOT)
        return 0;
    return !is_date(r) && !is_thousands(r) && !is_years(r);
}

/* continues_word is 1 when the byte before a run ties it to a word, a
 * handle, a path or a query, where digits are ids, not phones. */
static int continues_word(const char *s, size_t i)
{
    unsigned char c;

    if (i == 0)
        return 0;
    c = (unsigned char)s[i - 1];
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
           (c >= '0' && c <= '9') || c >= 0x80 || strchr("_@=/&?.,+-", c);
}

/*
 * may_spell_at is 0 when the spaces at s open no spelled at sign, so that
 * spelled(s, ats, ...) is 0 without a look: after the spaces comes neither
 * a bracket nor the first letter of a word of ats ("at", "arobase",
 * "\xC3\xA4t", in any case).  1 otherwise.
 */
static int may_spell_at(const char *s)
{
    unsigned char c = (unsigned char)s[spaces(s)];

    return c == '(' || c == '[' || c == '{' || c == 'a' || c == 'A' ||
           c == 0xC3;
}

/* The bytes that can start an address, a spelled "at" or a number. */
static const unsigned char trigger[256] = {
    ['@'] = 1, ['+'] = 1, ['('] = 1, ['['] = 1, ['{'] = 1,  [' '] = 1,
    ['0'] = 1, ['1'] = 1, ['2'] = 1, ['3'] = 1, ['4'] = 1,  ['5'] = 1,
    ['6'] = 1, ['7'] = 1, ['8'] = 1, ['9'] = 1, [0xEF] = 1,
};

bf_err bf_privacy_scrub(const char *s, bf_buf *out, int *out_found)
{
    bf_err err = BF_OK;
    size_t i = 0, n;
    int found = 0;
    run r;

    bf_buf_reset(out);
    while (!err && s[i]) {
        unsigned char c = (unsigned char)s[i];

        /* Bytes that cannot start an address or a number go in runs
         * (a table, not strcspn, which is slow for a set above ASCII),
         * and so do the spaces between words that open no spelled at
         * sign: most of a text's triggers, one per word. */
        n = 0;
        while (s[i + n] && (!trigger[(unsigned char)s[i + n]] ||
                            (s[i + n] == ' ' && !may_spell_at(s + i + n))))
            n++;
        if (n > 0) {
            err = bf_buf_append(out, s + i, n);
            i += n;
            continue;
        }
        if ((c == '@' || c == '(' || c == '[' || c == '{' || c == ' ' ||
             c == 0xEF) &&
            (n = email_here(s + i, out)) > 0) {
            err = bf_buf_puts(out, "[email]");
            i += n;
            found++;
            continue;
        }
        if (c == '+' || c == '(' || (c >= '0' && c <= '9') || c == 0xEF) {
            measure(s + i, &r);
            if (r.digits > 0) {
                n = r.end;
                if (!continues_word(s, i) && is_phone(&r, phone_word(out)) &&
                    !in_url(s, i)) {
                    err = bf_buf_puts(out, "[phone]");
                    found++;
                } else {
                    /* Not a phone from here: only the first group is
                     * passed over, since a phone may start at a later
                     * one ("le 15/01/2024 06 12 34 56 78"). */
                    n = r.head;
                    err = bf_buf_append(out, s + i, n);
                }
                i += n;
                continue;
            }
        }
        err = bf_buf_putc(out, (char)c);
        i++;
    }
    if (!err && !out->data)
        err = bf_buf_append(out, "", 0);
    *out_found = found;
    return err;
}
