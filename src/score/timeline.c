/*
 * timeline.c - per-account post signals.
 *
 * Posts arrive oldest first from the store.  Each is reduced at once to a
 * 32-byte record (time, reactions, hash of the normalised text, client
 * class and a few flags) written into a ring of BF_TIMELINE_CAP slots, so
 * the newest posts overwrite the oldest and memory never depends on the
 * size of the timeline.  bf_timeline_acc_finish then walks the ring in
 * time order: near-duplicates are found with an open-addressing table of
 * text hashes (a post is a duplicate when its hash was seen earlier in the
 * window), medians come from sorting copies of the values.
 *
 * Client lists.  Automation services publish without a person at the
 * keyboard (feeds, triggers, bot hosts); schedulers are what social media
 * managers use to plan their own posts, so they are counted apart and never
 * taken as bot evidence.  Matching is a case-insensitive substring test on
 * the platform's "source" field.
 */
#include "score/timeline.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#ifdef __SSE2__
#include <emmintrin.h>
#endif

/* Per-post flags kept in bf__tl_rec.flags. */
enum {
    F_LINK = 1 << 0,
    F_HASHTAG = 1 << 1,
    F_MENTION = 1 << 2,
    F_PUNCT = 1 << 3,
    F_SPAM = 1 << 4,
    F_WORDS = 1 << 5,
    F_LIKED = 1 << 6,
    F_REPOSTED = 1 << 7,
    F_TEXT = 1 << 8, /* the text is known */
    F_ENTS = 1 << 9  /* links, hashtags or mentions are known */
};

/*
 * Automation services: IFTTT, dlvr.it, twitterfeed, twittbot.net (named in
 * the bot literature on Twitter sources, e.g. Chu et al. 2012 "Detecting
 * automation of Twitter accounts"), Zapier, Botize, RSS feed posters,
 * "Tweet Old Post"/"Revive Old Post" recyclers, and the bare "API" source
 * Twitter showed for unregistered API clients (Camisani-Calzolari's "only
 * uses APIs").
 */
static const char *const automation_clients[] = {
    "ifttt",           "dlvr.it",  "twitterfeed", "twittbot",
    "zapier",          "botize",   "rss",         "tweet old post",
    "revive old post", "autopost", "auto post",   "bot api",
};

/* Schedulers used by people: not bot evidence. */
static const char *const scheduler_clients[] = {
    "buffer",      "hootsuite",     "later",          "sprout social",
    "socialoomph", "tweetdeck",     "sprinklr",       "agorapulse",
    "falcon",      "meta business", "creator studio", "publer",
    "metricool",
};

/* Spam phrases of the Socialbakers FakeFollowerCheck (Cresci 2015), in
 * lower case. */
static const char *const spam_phrases[] = {
    "diet",
    "make money",
    "work from home",
};

/* The phrases' first letters, a bit each from 'a': most characters of a
 * text begin none, and one test says so.  test_text_read_one_pass fails
 * when a phrase is added without its letter. */
#define SPAM_FIRST (1u << ('d' - 'a') | 1u << ('m' - 'a') | 1u << ('w' - 'a'))

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

/* 64-bit FNV-1a, for texts and clients. */
#define FNV_BASIS 1469598103934665603ull
#define FNV_PRIME 1099511628211ull

/*
 * Character classes, ASCII only: what <ctype.h> gives in the C locale,
 * which is the only one bonafide runs in (it never calls setlocale), so a
 * post reads the same whatever the user's locale.  Inline, because a pass
 * over a store reads every character of millions of posts and the
 * library's functions cost a call each.
 */
static inline int a_lower(int c)
{
    return c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c;
}

static inline int a_space(int c)
{
    return c == ' ' || (c >= '\t' && c <= '\r');
}

static inline int a_digit(int c)
{
    return c >= '0' && c <= '9';
}

static inline int a_alnum(int c)
{
    return a_digit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* a_punct: printable, not a letter, digit or space (ispunct's set). */
static inline int a_punct(int c)
{
    return c > ' ' && c < 0x7f && !a_alnum(c);
}

/* ci_prefix: s starts with needle (lower case), ignoring ASCII case. */
static int ci_prefix(const char *s, const char *needle)
{
    for (; *needle; s++, needle++)
        if (a_lower((unsigned char)*s) != (unsigned char)*needle)
            return 0; /* s's NUL differs from any letter of needle */
    return 1;
}

/* ci_contains is strstr ignoring ASCII case. */
static int ci_contains(const char *s, const char *needle)
{
    size_t n = strlen(needle);
    int first = a_lower((unsigned char)needle[0]);

    for (; *s; s++) {
        size_t i = 1;

        if (a_lower((unsigned char)*s) != first)
            continue;
        while (i < n && s[i] &&
               a_lower((unsigned char)s[i]) ==
                       a_lower((unsigned char)needle[i]))
            i++;
        if (i >= n)
            return 1;
    }
    return 0;
}

bf_client_class bf_timeline_client_class(const char *source)
{
    size_t i;

    if (!source || !*source)
        return BF_CLIENT_UNKNOWN;
    for (i = 0; i < NELEM(scheduler_clients); i++)
        if (ci_contains(source, scheduler_clients[i]))
            return BF_CLIENT_SCHEDULER;
    for (i = 0; i < NELEM(automation_clients); i++)
        if (ci_contains(source, automation_clients[i]))
            return BF_CLIENT_AUTOMATION;
    /* The exact bare "API" source, which a substring test would overmatch. */
    if (strcmp(source, "API") == 0)
        return BF_CLIENT_AUTOMATION;
    if (ci_contains(source, "iphone") || ci_contains(source, "ipad") ||
        ci_contains(source, "ios"))
        return BF_CLIENT_IPHONE;
    if (ci_contains(source, "android"))
        return BF_CLIENT_ANDROID;
    if (ci_contains(source, "instagram"))
        return BF_CLIENT_INSTAGRAM;
    if (ci_contains(source, "foursquare") || ci_contains(source, "swarm"))
        return BF_CLIENT_FOURSQUARE;
    if (ci_contains(source, "web"))
        return BF_CLIENT_WEB;
    return BF_CLIENT_UNKNOWN;
}

/*
 * Sources classified lately, by their hash, kept per thread across
 * accounts: a store holds a handful of clients, and classifying one reads
 * it against every name above.  Twitter's sources are HTML anchors of 50
 * to 90 bytes ("<a href=... rel=\"nofollow\">Twitter for iPhone</a>"), so
 * a slot holds up to 127; a longer one is classified each time.  The
 * class depends on the text alone, so a stale slot is only a miss.
 */
#define CLIENT_MEMO 64

static _Thread_local struct client_memo {
    uint32_t hash;
    uint8_t len; /* 0: empty */
    uint8_t klass;
    char s[127];
} client_memo[CLIENT_MEMO];

static uint8_t client_class_memo(const char *source, size_t n, uint32_t hash)
{
    /* The hash's lowest bit is always set (bf_timeline_acc_add). */
    struct client_memo *m = &client_memo[(hash >> 1) % CLIENT_MEMO];

    if (m->len == n && m->hash == hash && memcmp(m->s, source, n) == 0)
        return m->klass;
    if (n >= sizeof m->s)
        return (uint8_t)bf_timeline_client_class(source);
    m->klass = (uint8_t)bf_timeline_client_class(source);
    m->hash = hash;
    m->len = (uint8_t)n;
    memcpy(m->s, source, n);
    return m->klass;
}

/* is_url_start says whether a URL begins at s. */
static int is_url_start(const char *s)
{
    /* Most characters start no URL: test the first byte alone first. */
    if (s[0] != 'h' && s[0] != 'w')
        return 0;
    return strncmp(s, "http://", 7) == 0 || strncmp(s, "https://", 8) == 0 ||
           strncmp(s, "www.", 4) == 0;
}

/* handle_byte: a byte of a mentioned handle ("ilithya_net",
 * "bob@example.social", "alice.bsky.social"). */
static int handle_byte(int c)
{
    return a_alnum(c) || c == '_' || c == '.' || c == '-' || c == '@';
}

/*
 * addressed_only is 1 when s holds a mention and, outside its links and
 * mentions, nothing bf_timeline_normalize would keep (digits count when
 * keep_digits): a reply that only names whom it answers, its content a
 * picture or a link.  Such a text is none of the post's own: five replies
 * to one person are not the same post five times.
 */
static int addressed_only(const char *s, int keep_digits)
{
    int mentions = 0;

    while (*s) {
        unsigned char c = (unsigned char)*s;

        if (is_url_start(s)) {
            while (*s && !a_space((unsigned char)*s))
                s++;
            continue;
        }
        if (c == '@' && a_alnum((unsigned char)s[1])) {
            mentions = 1;
            for (s++; handle_byte((unsigned char)*s); s++)
                ;
            continue;
        }
        if (!a_space(c) &&
            !(c < 0x80 && (a_punct(c) || (a_digit(c) && !keep_digits))))
            return 0;
        s++;
    }
    return mentions;
}

/* What normalize keeps of what it would otherwise drop. */
#define KEEP_DIGITS 1
#define KEEP_LINKS  2

/*
 * open_byte readies out (n bytes written) for one more byte of a word:
 * the space a run of spaces left, and one more word when this byte starts
 * one.  Returns the new length.
 */
static size_t open_byte(char *out, size_t n, size_t cap, int *space, int *words)
{
    if (*space && n + 1 < cap) {
        out[n++] = ' ';
        *space = 0;
    }
    if (n > 0 ? out[n - 1] == ' ' : 1)
        (*words)++;
    return n;
}

/*
 * normalize is one pass of bf_timeline_normalize, keeping digits and
 * links as keep says (a link is copied as it is, a word of its own);
 * *out_words gets the words written, *out_dropped whether a digit or a
 * link was left out.
 */
static size_t normalize(const char *s, char *out, size_t cap, int keep,
                        int *out_words, int *out_dropped)
{
    size_t n = 0;
    int space = 0, words = 0, dropped = 0;

    while (s && *s) {
        unsigned char c = (unsigned char)*s;

        if (is_url_start(s)) {
            if (!(keep & KEEP_LINKS)) {
                while (*s && !a_space((unsigned char)*s))
                    s++;
                dropped = 1;
                space = n > 0;
                continue;
            }
            n = open_byte(out, n, cap, &space, &words);
            for (; *s && !a_space((unsigned char)*s); s++)
                if (n + 1 < cap)
                    out[n++] = *s;
            continue;
        }
        s++;
        if (c < 0x80 && a_digit(c) && !(keep & KEEP_DIGITS)) {
            dropped = 1;
            continue;
        }
        if (a_space(c) || (c < 0x80 && a_punct(c))) {
            /* Punctuation vanishes (digits too, above); spaces collapse
             * to one. */
            if (a_space(c))
                space = n > 0;
            continue;
        }
        n = open_byte(out, n, cap, &space, &words);
        if (n + 1 < cap)
            out[n++] = (char)a_lower(c);
    }
    out[n] = '\0';
    *out_words = words;
    *out_dropped = dropped;
    return n;
}

/*
 * normalize_text is bf_timeline_normalize (digits kept from the start
 * when titles: bf_timeline_normalize_titles).  A text of one word says
 * too little to be a template: its digits and links are what it says
 * ("5:00PM" and "3:00PM" are two texts, and so are "😂 https://t.co/a"
 * and "😂 https://t.co/b", a reaction to two links), so it is read again
 * with them.
 */
static size_t normalize_text(const char *s, char *out, size_t cap, int titles)
{
    int words, dropped;
    size_t n;

    if (cap == 0)
        return 0;
    if (s && addressed_only(s, titles)) {
        *out = '\0';
        return 0;
    }
    n = normalize(s, out, cap, titles ? KEEP_DIGITS : 0, &words, &dropped);
    if (words == 1 && dropped)
        n = normalize(s, out, cap, KEEP_DIGITS | KEEP_LINKS, &words, &dropped);
    return n;
}

size_t bf_timeline_normalize(const char *s, char *out, size_t cap)
{
    return normalize_text(s, out, cap, 0);
}

size_t bf_timeline_normalize_titles(const char *s, char *out, size_t cap)
{
    return normalize_text(s, out, cap, 1);
}

/* fnv1a is the 64-bit FNV-1a hash of s; never 0 for a non-empty s. */
static uint64_t fnv1a(const char *s, size_t n)
{
    uint64_t h = FNV_BASIS;
    size_t i;

    for (i = 0; i < n; i++)
        h = (h ^ (unsigned char)s[i]) * FNV_PRIME;
    return h ? h : 1;
}

bf_err bf_timeline_acc_init(bf_timeline_acc *acc, uint32_t cap)
{
    memset(acc, 0, sizeof *acc);
    acc->cap = cap ? cap : BF_TIMELINE_CAP;
    acc->ring = calloc(acc->cap, sizeof *acc->ring);
    return acc->ring ? BF_OK : BF_ENOMEM;
}

void bf_timeline_acc_reset(bf_timeline_acc *acc)
{
    bf__tl_rec *ring = acc->ring;
    uint32_t cap = acc->cap;
    const char *author = acc->author;

    /*
     * Everything but the ring, its size and the author filter goes back to
     * what bf_timeline_acc_init left, whatever fields the accumulator
     * gains; bf_timeline_acc_add clears each slot it writes.
     */
    memset(acc, 0, sizeof *acc);
    acc->ring = ring;
    acc->cap = cap;
    acc->author = author;
}

void bf_timeline_acc_release(bf_timeline_acc *acc)
{
    free(acc->ring);
    acc->ring = NULL;
}

/* The normalised text is hashed on its first NORM_MAX bytes, as
 * bf_timeline_normalize with a buffer of NORM_MAX + 1 would keep them. */
#define NORM_MAX 511

/* spam_at notes a spam phrase that begins at p. */
static inline uint16_t spam_at(const char *p)
{
    int c = a_lower((unsigned char)*p);
    size_t i;

    if (c < 'a' || c > 'z' || !(SPAM_FIRST >> (c - 'a') & 1))
        return 0;
    for (i = 0; i < NELEM(spam_phrases); i++)
        if (c == spam_phrases[i][0] && ci_prefix(p, spam_phrases[i]))
            return F_SPAM;
    return 0;
}

uint64_t bf_timeline_text_hash(const char *s, size_t n)
{
    const uint64_t k = 0x9e3779b97f4a7c15ull;
    uint64_t h = n * k, w;
    size_t i;

    /* Eight bytes a step, each step a multiply: a byte-wise hash waited
     * on one multiply per byte of millions of posts. */
    for (i = 0; i + 8 <= n; i += 8) {
        memcpy(&w, s + i, 8);
        h = (h ^ w) * k;
        h ^= h >> 32;
    }
    if (i < n) {
        w = 0;
        memcpy(&w, s + i, n - i);
        h = (h ^ w) * k;
        h ^= h >> 32;
    }
    h = (h ^ (h >> 29)) * k;
    h ^= h >> 32;
    /* 0 means no text: a text's hash is never 0. */
    return n == 0 ? 0 : h ? h : 1;
}

/*
 * only_kept says whether byte c of a text goes to its normalised form and
 * nowhere else: a letter that begins neither a link ("http", "www.") nor a
 * spam phrase (SPAM_FIRST, in either case), or any byte of a UTF-8
 * sequence.  Most of a post's bytes are such, and text_read copies runs
 * of them without the tests each of the other bytes needs (NUL, spaces,
 * ASCII punctuation and digits, and those letters); the loop over them
 * took a quarter of the instructions of scoring a store's accounts.
 */
static inline int only_kept(unsigned char c)
{
    unsigned l = c | 0x20u;

    if (c >= 0x80)
        return 1;
    if (l < 'a' || l > 'z')
        return 0;
    return !((SPAM_FIRST | 1u << ('h' - 'a')) >> (l - 'a') & 1);
}

#ifdef __SSE2__
_Static_assert(SPAM_FIRST == (1u << ('d' - 'a') | 1u << ('m' - 'a') |
                              1u << ('w' - 'a')),
               "kept16 names the letters only_kept stops at");

/*
 * kept16 is only_kept of sixteen bytes at once, a bit each (bit i for
 * byte i), and *low the bytes lower-cased as a_lower does.  SSE2 is part
 * of every x86-64; compared as signed bytes, those of 0x80 and above are
 * below every ASCII letter.
 */
static inline unsigned kept16(__m128i v, __m128i *low)
{
    const __m128i x20 = _mm_set1_epi8(0x20);
    __m128i l = _mm_or_si128(v, x20);
    __m128i letter = _mm_and_si128(_mm_cmpgt_epi8(l, _mm_set1_epi8('a' - 1)),
                                   _mm_cmpgt_epi8(_mm_set1_epi8('z' + 1), l));
    __m128i upper = _mm_and_si128(_mm_cmpgt_epi8(v, _mm_set1_epi8('A' - 1)),
                                  _mm_cmpgt_epi8(_mm_set1_epi8('Z' + 1), v));
    __m128i stop =
            _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(l, _mm_set1_epi8('d')),
                                      _mm_cmpeq_epi8(l, _mm_set1_epi8('h'))),
                         _mm_or_si128(_mm_cmpeq_epi8(l, _mm_set1_epi8('m')),
                                      _mm_cmpeq_epi8(l, _mm_set1_epi8('w'))));

    *low = _mm_add_epi8(v, _mm_and_si128(upper, x20));
    return (unsigned)_mm_movemask_epi8(_mm_andnot_si128(stop, letter)) |
           (unsigned)_mm_movemask_epi8(v);
}
#endif

/*
 * text_read reads a post's text once: the flags that come from it
 * (links, hashtags, mentions, punctuation, spam phrases anywhere, links
 * included) and the hash of its normalised form, the bytes
 * bf_timeline_normalize would write, or bf_timeline_normalize_titles when
 * titles (a YouTube video's title) (0 when there are none).  One pass
 * rather than one per signal: over a store, the texts of millions of
 * posts are read here.
 */
static uint16_t text_read(const char *t, int titles, uint64_t *out_hash)
{
    char norm[NORM_MAX + 1];
    uint16_t f = 0;
    const char *p = t;
    size_t n = 0;
    int space = 0, digits = 0;
#ifdef __SSE2__
    const char *end = t + strlen(t);
#endif

    while (*p) {
        unsigned char c = (unsigned char)*p;

        if (only_kept(c)) {
            if (space && n < NORM_MAX) {
                norm[n++] = ' ';
                space = 0;
            }
#ifdef __SSE2__
            /* Sixteen bytes a step while they are all kept; the step
             * that meets another byte keeps the ones before it.  All
             * sixteen are stored, within norm, and those past the run
             * are written over or never read. */
            while (end - p >= 16 && n + 16 <= NORM_MAX) {
                __m128i low;
                unsigned k = kept16(_mm_loadu_si128((const void *)p), &low);

                _mm_storeu_si128((void *)(norm + n), low);
                if (k == 0xffffu) {
                    p += 16;
                    n += 16;
                    continue;
                }
                k = (unsigned)__builtin_ctz(~k);
                p += k;
                n += k;
                break;
            }
            c = (unsigned char)*p;
            if (!only_kept(c))
                continue;
#endif
            do {
                if (n < NORM_MAX)
                    norm[n++] = (char)a_lower(c);
                c = (unsigned char)*++p;
            } while (only_kept(c));
            continue;
        }
        if (c == ' ') {
            /* The commonest of the others, and it only ends a word. */
            space = n > 0;
            p++;
            continue;
        }
        if (!(f & F_SPAM))
            f |= spam_at(p);
        if (is_url_start(p)) {
            /* A link: flagged, and no part of the normalised text. */
            f |= F_LINK;
            for (p++; *p && !a_space((unsigned char)*p); p++)
                if (!(f & F_SPAM))
                    f |= spam_at(p);
            space = n > 0;
            continue;
        }
        p++;
        if ((c == '#' || c == '@') &&
            (a_alnum((unsigned char)*p) || (unsigned char)*p >= 0x80))
            f |= c == '#' ? F_HASHTAG : F_MENTION;
        else if (c == '.' || c == ',' || c == ';' || c == ':' || c == '!' ||
                 c == '?')
            f |= F_PUNCT;
        if (a_space(c) ||
            (c < 0x80 && (a_punct(c) || (a_digit(c) && !titles)))) {
            /* Punctuation and digits vanish; spaces collapse to one. */
            digits |= c < 0x80 && a_digit(c);
            if (a_space(c))
                space = n > 0;
            continue;
        }
        if (space && n < NORM_MAX) {
            norm[n++] = ' ';
            space = 0;
        }
        if (n < NORM_MAX)
            norm[n++] = (char)a_lower(c);
    }
    /* One word: its digits and links stay (bf_timeline_normalize). */
    if (n > 0 && (digits || (f & F_LINK)) && !memchr(norm, ' ', n)) {
        int words;

        n = normalize(t, norm, sizeof norm, KEEP_DIGITS | KEEP_LINKS, &words,
                      &digits);
    }
    /* Only mentions: no text of its own (bf_timeline_normalize). */
    if (n > 0 && (f & F_MENTION) && addressed_only(t, titles))
        n = 0;
    *out_hash = bf_timeline_text_hash(norm, n);
    return f;
}

/* counter adds a known counter to *sum and notes that one was known. */
static void counter(int64_t v, int64_t *sum, int *known)
{
    if (v >= 0) {
        *sum += v;
        *known = 1;
    }
}

bf_err bf_timeline_acc_add(bf_timeline_acc *acc, const bf_post *p)
{
    bf__tl_rec *r;
    int known = 0;

    if (acc->author && p->author_id && strcmp(acc->author, p->author_id))
        return BF_OK;
    r = &acc->ring[acc->head];
    memset(r, 0, sizeof *r);
    r->created_at = p->created_at;
    r->kind = (uint8_t)p->kind;
    r->eng = 0;
    counter(p->likes, &r->eng, &known);
    counter(p->reposts, &r->eng, &known);
    counter(p->replies, &r->eng, &known);
    counter(p->quotes, &r->eng, &known);
    if (!known)
        r->eng = -1;
    r->views = p->views;
    if (p->likes > 0)
        r->flags |= F_LIKED;
    if (p->reposts > 0 && p->kind != BF_POST_REPOST)
        r->flags |= F_REPOSTED;
    if (p->urls > 0)
        r->flags |= F_LINK;
    if (p->hashtags > 0)
        r->flags |= F_HASHTAG;
    if (p->mentions > 0)
        r->flags |= F_MENTION;
    if (p->urls >= 0 || p->hashtags >= 0 || p->mentions >= 0)
        r->flags |= F_ENTS;
    if (p->text) {
        r->flags |= F_TEXT | F_ENTS;
        /* Texts longer than NORM_MAX compare on their first NORM_MAX bytes. */
        r->flags |= text_read(
                p->text, p->platform && strcmp(p->platform, "youtube") == 0,
                &r->text_hash);
        if (r->text_hash)
            r->flags |= F_WORDS;
    }
    if (p->source && *p->source) {
        size_t sn = strlen(p->source);

        r->client_hash = (uint32_t)fnv1a(p->source, sn);
        r->client_hash |= 1; /* never 0, which means unknown */
        r->klass = client_class_memo(p->source, sn, r->client_hash);
    }
    if (p->created_at > acc->newest)
        acc->newest = p->created_at;
    acc->head = (acc->head + 1) % acc->cap;
    acc->seen++;
    return BF_OK;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;

    return (x > y) - (x < y);
}

/* median sorts v (n > 0 values) and returns its median. */
static double median(double *v, size_t n)
{
    qsort(v, n, sizeof *v, cmp_double);
    return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

/* share is k / n, or -1 when n is 0. */
static double share(uint32_t k, uint32_t n)
{
    return n ? (double)k / n : -1;
}

/*
 * Duplicates: hash table of (hash, count, own: those not reposts) with
 * linear probing, sized to a power of two at least twice the window so
 * probes stay short.
 */
typedef struct dup_slot {
    uint64_t hash;
    uint32_t count;
    uint32_t own;
} dup_slot;

bf_err bf_timeline_acc_finish(const bf_timeline_acc *acc, bf_timeline *out)
{
    bf_timeline t;
    uint32_t n = acc->seen < acc->cap ? (uint32_t)acc->seen : acc->cap;
    uint32_t start = acc->seen < acc->cap ? 0 : acc->head;
    uint32_t i, j, texts = 0, eng_orig = 0, nt = 0, ne = 0;
    uint32_t with_text = 0, with_ents = 0;
    uint32_t client_seen[BF_TIMELINE_CLIENTS];
    size_t tsize = 16;
    dup_slot *tab = NULL;
    double *eng = NULL, *times = NULL, sum_orig = 0, sum = 0;
    double sum_viewed = 0, views = 0;
    bf_err err = BF_OK;

    memset(&t, 0, sizeof t);
    t.seen = acc->seen;
    t.newest = acc->newest;
    t.n = n;
    while (tsize < 2 * (size_t)n)
        tsize *= 2;
    tab = calloc(tsize, sizeof *tab);
    eng = malloc((n ? n : 1) * sizeof *eng);
    times = malloc((n ? n : 1) * sizeof *times);
    if (!tab || !eng || !times) {
        err = BF_ENOMEM;
        goto out;
    }
    for (i = 0; i < n; i++) {
        const bf__tl_rec *r = &acc->ring[(start + i) % acc->cap];

        switch (r->kind) {
        case BF_POST_REPLY:
            t.replies++;
            break;
        case BF_POST_REPOST:
            t.reposts++;
            break;
        case BF_POST_QUOTE:
            t.quotes++;
            break;
        default:
            t.originals++;
        }
        /*
         * Reactions shown on a repost belong to the reposted post, so
         * reposts are left out of every engagement figure.
         */
        if (r->eng >= 0 && r->kind != BF_POST_REPOST) {
            eng[ne++] = (double)r->eng;
            sum += (double)r->eng;
            if (r->eng == 0)
                t.zero_eng_share++;
            if (r->kind == BF_POST_ORIGINAL) {
                sum_orig += (double)r->eng;
                eng_orig++;
                if (r->views > 0) {
                    sum_viewed += (double)r->eng;
                    views += (double)r->views;
                    t.eng_viewed++;
                }
            }
        }
        if (r->created_at > 0)
            times[nt++] = (double)r->created_at;
        with_text += (r->flags & F_TEXT) != 0;
        with_ents += (r->flags & F_ENTS) != 0;
        t.link_share += (r->flags & F_LINK) != 0;
        t.hashtag_share += (r->flags & F_HASHTAG) != 0;
        t.mention_share += (r->flags & F_MENTION) != 0;
        t.punct_share += (r->flags & F_PUNCT) != 0;
        t.spam_posts += (r->flags & F_SPAM) != 0;
        t.liked += (r->flags & F_LIKED) != 0;
        t.reposted += (r->flags & F_REPOSTED) != 0;
        t.words += (r->flags & F_WORDS) != 0;
        if (r->text_hash) {
            size_t k = (size_t)r->text_hash & (tsize - 1);

            texts++;
            while (tab[k].count && tab[k].hash != r->text_hash)
                k = (k + 1) & (tsize - 1);
            if (tab[k].count)
                t.dups++;
            tab[k].hash = r->text_hash;
            tab[k].count++;
            /* A repost's text is another account's: three reposts of
             * three posts that say "Today!" are no text it said three
             * times, though they are copies among its posts. */
            if (r->kind != BF_POST_REPOST) {
                tab[k].own++;
                if (tab[k].own > t.max_repeat)
                    t.max_repeat = tab[k].own;
            }
        }
        if (r->client_hash) {
            t.sourced++;
            t.class_posts[r->klass]++;
            for (j = 0; j < t.clients; j++)
                if (client_seen[j] == r->client_hash)
                    break;
            if (j == t.clients && t.clients < BF_TIMELINE_CLIENTS)
                client_seen[t.clients++] = r->client_hash;
        }
    }
    t.eng_known = ne;
    t.eng_mean = ne ? sum / ne : -1;
    t.eng_median = ne ? median(eng, ne) : -1;
    t.eng_mean_original = eng_orig ? sum_orig / eng_orig : -1;
    t.eng_originals = eng_orig;
    t.eng_per_view = t.eng_viewed ? sum_viewed / views : -1;
    t.zero_eng_share = ne ? t.zero_eng_share / ne : -1;
    /* A post whose text and counts are unknown says nothing of them. */
    t.link_share = with_ents ? t.link_share / with_ents : -1;
    t.hashtag_share = with_ents ? t.hashtag_share / with_ents : -1;
    t.mention_share = with_ents ? t.mention_share / with_ents : -1;
    t.punct_share = with_text ? t.punct_share / with_text : -1;
    t.spam_share = share(t.spam_posts, with_text);
    t.dup_share = share(t.dups, texts);
    t.automation = t.class_posts[BF_CLIENT_AUTOMATION];
    t.scheduler = t.class_posts[BF_CLIENT_SCHEDULER];
    t.automation_share = share(t.automation, t.sourced);
    t.scheduler_share = share(t.scheduler, t.sourced);
    /*
     * Regularity: the gaps between consecutive posts.  A coefficient of
     * variation (standard deviation / mean) near 0 means a fixed interval,
     * as a scheduler loop produces; people post in bursts (CV near or
     * above 1).  Needs at least three dated posts.
     */
    t.gap_median = t.gap_cv = -1;
    if (nt >= 3) {
        double mean = 0, var = 0;

        qsort(times, nt, sizeof *times, cmp_double);
        for (i = 0; i + 1 < nt; i++) {
            times[i] = times[i + 1] - times[i];
            mean += times[i];
        }
        mean /= nt - 1;
        for (i = 0; i + 1 < nt; i++)
            var += (times[i] - mean) * (times[i] - mean);
        var /= nt - 1;
        t.gap_cv = mean > 0 ? sqrt(var) / mean : 0;
        t.gap_median = median(times, nt - 1);
    }
    *out = t;
out:
    free(tab);
    free(eng);
    free(times);
    return err;
}

/* The store walk's callback. */
static bf_err add_cb(void *ctx, const bf_post *p)
{
    return bf_timeline_acc_add(ctx, p);
}

bf_err bf_timeline_from_store_with(bf_store *st, uint32_t author,
                                   bf_timeline_acc *acc, bf_timeline *out)
{
    bf_err err;

    bf_timeline_acc_reset(acc);
    err = bf_store_each_post(st, author, add_cb, acc);
    if (!err)
        err = bf_timeline_acc_finish(acc, out);
    return err;
}

bf_err bf_timeline_from_store(bf_store *st, uint32_t author, uint32_t cap,
                              bf_timeline *out)
{
    bf_timeline_acc acc;
    bf_err err = bf_timeline_acc_init(&acc, cap);

    if (err)
        return err;
    err = bf_timeline_from_store_with(st, author, &acc, out);
    bf_timeline_acc_release(&acc);
    return err;
}
