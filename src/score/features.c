/*
 * features.c - profile, timeline and network features of one account.
 *
 * Profile features are arithmetic on the bf_account fields, measured at the
 * time the profile was seen (observed_at) so that a profile crawled years
 * ago keeps the age it had then.  Timeline features copy the shares of the
 * timeline summary (score/timeline.h) and add the digital-DNA compression
 * ratio: the sequence of post kinds is compressed with zlib, and a long
 * sequence that compresses very well is a repetitive, scripted behaviour
 * (Cresci et al. 2017, "Social fingerprinting", IEEE TDSC; they use the
 * longest common substring across accounts, the compression ratio is the
 * per-account form of the same idea).  Network features read the follow
 * graph: reciprocity is one merge of the sorted in and out lists, and the
 * fake shares judge at most BF_FEAT_NEIGHBOURS neighbours per direction by
 * the Socialbakers rules (score/rules.h), which need no model, so a
 * prediction never depends on other predictions.  Every value that cannot
 * be measured stays NaN.
 */
#include "score/features.h"

#include <ctype.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <zlib.h>

#include "base/edit.h"
#include "score/bulk.h"
#include "score/rules.h"

/* Longest handle or name compared by the likeness feature, in bytes. */
#define SIM_MAX 64

static const char *const names[BF_FEAT__COUNT] = {
    "followers",
    "following",
    "posts",
    "likes",
    "lists",
    "age_days",
    "follower_ratio",
    "posts_per_day",
    "followers_per_day",
    "following_per_day",
    "likes_per_day",
    "lists_per_day",
    "default_avatar",
    "default_profile",
    "verified",
    "has_bio",
    "bio_len",
    "has_url",
    "has_location",
    "handle_len",
    "handle_digits",
    "name_len",
    "name_digits",
    "name_handle_sim",
    "tl_posts",
    "repost_share",
    "reply_share",
    "link_share",
    "hashtag_share",
    "mention_share",
    "dup_share",
    "gap_median",
    "gap_cv",
    "automation_share",
    "clients",
    "dna_ratio",
    "reciprocity",
    "followers_fake_share",
    "following_fake_share",
    "self_declared",
    "likes_per_post",
    "handle_tail_digits",
    "following_per_follower_sq",
    "posts_per_follower",
};

const char *bf_features_name(bf_feat i)
{
    return (unsigned)i < BF_FEAT__COUNT ? names[i] : "?";
}

/* count: a -1 counter is unknown (NaN). */
static float count(int64_t c)
{
    return c < 0 ? NAN : (float)c;
}

/* flag: a -1 flag is unknown (NaN). */
static float flag(int f)
{
    return f < 0 ? NAN : (float)(f != 0);
}

/* per_day: counter c over age days; NaN when either is unknown. */
static float per_day(int64_t c, double days)
{
    return (c < 0 || !(days > 0)) ? NAN : (float)((double)c / days);
}

/* digits: the number of ASCII digits in s (NULL: 0). */
static float digits(const char *s)
{
    float n = 0;

    for (; s && *s; s++)
        n += isdigit((unsigned char)*s) != 0;
    return n;
}

/* tail_digits: the number of ASCII digits that end s. */
static float tail_digits(const char *s)
{
    size_t n = strlen(s), k = 0;

    while (k < n && isdigit((unsigned char)s[n - 1 - k]))
        k++;
    return (float)k;
}

/* fold: s lowercased with only ASCII letters and digits, at most cap - 1. */
static size_t fold(const char *s, char *out, size_t cap)
{
    size_t n = 0;

    for (; s && *s && n + 1 < cap; s++)
        if (isalnum((unsigned char)*s))
            out[n++] = (char)tolower((unsigned char)*s);
    out[n] = '\0';
    return n;
}

/*
 * likeness: 1 - Levenshtein(a', b') / max(|a'|, |b'|) of the folded name
 * and handle (a' and b'); NaN when both fold to nothing.  Generated
 * accounts often carry a name unrelated to their handle.  Cost:
 * O(SIM_MAX^2).
 */
static float likeness(const char *name, const char *handle)
{
    char a[SIM_MAX + 1], b[SIM_MAX + 1];
    size_t na = fold(name, a, sizeof a), nb = fold(handle, b, sizeof b);
    size_t longest = na > nb ? na : nb;

    if (!handle || longest == 0)
        return NAN;
    return (float)(1.0 - (double)bf_edit_distance(a, na, b, nb, SIZE_MAX - 1) /
                                 (double)longest);
}

/* The bio words that say "automated", lowercased; matched anywhere. */
static const char *const auto_words[] = {
    "automated",
    "automatique",
    "automatisé",
    "automatise",
    "auto-generated",
    "auto generated",
    "généré automatiquement",
    "genere automatiquement",
    "posts automatically",
    "publie automatiquement",
};

/*
 * The code points that end a word though they are not ASCII: spaces,
 * punctuation, symbols and emoji, by Unicode block (Latin-1 punctuation,
 * General Punctuation up to the Miscellaneous Symbols and Arrows,
 * Supplemental and CJK punctuation, private use, variation selectors and
 * the punctuation forms, the fullwidth punctuation, the emoji and symbol
 * planes, tags).  Every other code point, letters of any script and the
 * combining marks that accent them, continues a word.  The punctuation
 * some scripts keep inside their letter blocks (the Arabic comma) is read
 * as a letter: a "bot" it follows is not matched, the cautious side.
 */
static const struct {
    uint32_t lo, hi;
} word_breaks[] = {
    { 0x0080, 0x00A9 }, /* C1 controls, no-break space, ¡ ... © */
    { 0x00AB, 0x00B4 }, /* « ... ´ (ª is a letter) */
    { 0x00B6, 0x00B9 }, /* ¶ · ¸ ¹ (µ is a letter) */
    { 0x00BB, 0x00BF }, /* » ... ¿ (º is a letter) */
    { 0x00D7, 0x00D7 }, /* × */
    { 0x00F7, 0x00F7 }, /* ÷ */
    { 0x2000, 0x2BFF }, /* spaces, dashes, quotes, …, ™, arrows, ✓, ⭐ */
    { 0x2E00, 0x2E7F }, /* supplemental punctuation */
    { 0x3000, 0x303F }, /* ideographic space, 、 。 「 」 */
    { 0xE000, 0xF8FF }, /* private use (logos) */
    { 0xFE00, 0xFE0F }, /* variation selectors (emoji presentation) */
    { 0xFE10, 0xFE1F }, /* vertical punctuation forms */
    { 0xFE30, 0xFE6F }, /* compatibility and small punctuation forms */
    { 0xFEFF, 0xFEFF }, /* zero-width no-break space */
    { 0xFF00, 0xFF0F }, /* fullwidth ！ ... ／ */
    { 0xFF1A, 0xFF20 }, /* fullwidth ： ... ＠ */
    { 0xFF3B, 0xFF40 }, /* fullwidth ［ ... ｀ */
    { 0xFF5B, 0xFF65 }, /* fullwidth ｛ ... ･ */
    { 0xFFE0, 0xFFFF }, /* fullwidth signs, specials */
    { 0x1F000, 0x1FBFF }, /* emoji, pictographs, flags, 🤖 */
    { 0xE0000, 0xE01EF }, /* tags, variation selectors supplement */
};

/*
 * utf8_at decodes the UTF-8 sequence at s into *cp; 0 when s does not
 * start a well-formed one (a stray byte, a cut or overlong sequence, a
 * surrogate), else its length.
 */
static size_t utf8_at(const unsigned char *s, uint32_t *cp)
{
    size_t n, i;
    uint32_t c, min;

    if (s[0] >= 0xC2 && s[0] <= 0xDF)
        n = 2, c = s[0] & 0x1F, min = 0x80;
    else if (s[0] >= 0xE0 && s[0] <= 0xEF)
        n = 3, c = s[0] & 0x0F, min = 0x800;
    else if (s[0] >= 0xF0 && s[0] <= 0xF4)
        n = 4, c = s[0] & 0x07, min = 0x10000;
    else
        return 0;
    for (i = 1; i < n; i++) {
        if ((s[i] & 0xC0) != 0x80) /* also stops at the final NUL */
            return 0;
        c = c << 6 | (s[i] & 0x3F);
    }
    if (c < min || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
        return 0;
    *cp = c;
    return n;
}

/*
 * wordend: the character at s ends a word: the end of the string, an
 * ASCII character that is not a letter or digit, or a well-formed UTF-8
 * sequence of a code point in word_breaks.  A UTF-8 letter ("botón",
 * "botánica") continues the word, and so does a byte that is not UTF-8:
 * a bio in another encoding is not read as saying "bot".
 */
static int wordend(const char *s)
{
    const unsigned char *u = (const unsigned char *)s;
    uint32_t cp;
    size_t i;

    if (u[0] < 0x80)
        return !isalnum(u[0]);
    if (!utf8_at(u, &cp))
        return 0;
    for (i = 0; i < sizeof word_breaks / sizeof word_breaks[0]; i++)
        if (cp >= word_breaks[i].lo && cp <= word_breaks[i].hi)
            return 1;
    return 0;
}

float bf_features_self_declared(const bf_account *a)
{
    char low[1024];
    size_t n = 0, i;
    const char *b = a->bio;

    if (a->automated == 1)
        return 1.0f;
    if ((a->unknown & BF_ACC_U_BIO) && !b)
        return a->automated == 0 ? 0.0f : NAN;
    for (; b && *b && n + 1 < sizeof low; b++)
        low[n++] = (char)tolower((unsigned char)*b);
    low[n] = '\0';
    for (i = 0; i < sizeof auto_words / sizeof auto_words[0]; i++)
        if (strstr(low, auto_words[i]))
            return 1.0f;
    /*
     * "bot" ending a word: "bot", "twitterbot", "a_bot", "bot🤖", not
     * "bottle" nor "botón".
     */
    for (b = low; (b = strstr(b, "bot")) != NULL; b += 3)
        if (wordend(b + 3))
            return 1.0f;
    return 0.0f;
}

void bf_features_from_account(const bf_account *a, int64_t now,
                              bf_features *out)
{
    int64_t at = a->observed_at > 0 ? a->observed_at : now;
    double days = NAN;
    size_t i;

    for (i = 0; i < BF_FEAT__COUNT; i++)
        out->v[i] = NAN;
    if (a->created_at > 0 && at > 0) {
        /* A day at least, so that rates stay finite for new accounts. */
        days = (double)(at - a->created_at) / 86400.0;
        if (days < 1.0)
            days = 1.0;
    }
    out->v[BF_F_FOLLOWERS] = count(a->followers);
    out->v[BF_F_FOLLOWING] = count(a->following);
    out->v[BF_F_POSTS] = count(a->posts);
    out->v[BF_F_LIKES] = count(a->likes);
    out->v[BF_F_LISTS] = count(a->lists);
    out->v[BF_F_AGE_DAYS] = (float)days;
    if (a->followers >= 0 && a->following >= 0)
        out->v[BF_F_FOLLOWER_RATIO] =
                (float)((double)a->followers /
                        (double)(a->following > 0 ? a->following : 1));
    out->v[BF_F_POSTS_PER_DAY] = per_day(a->posts, days);
    out->v[BF_F_FOLLOWERS_PER_DAY] = per_day(a->followers, days);
    out->v[BF_F_FOLLOWING_PER_DAY] = per_day(a->following, days);
    out->v[BF_F_LIKES_PER_DAY] = per_day(a->likes, days);
    out->v[BF_F_LISTS_PER_DAY] = per_day(a->lists, days);
    out->v[BF_F_DEFAULT_AVATAR] = flag(a->default_avatar);
    out->v[BF_F_DEFAULT_PROFILE] = flag(a->default_profile);
    out->v[BF_F_VERIFIED] = flag(a->verified);
    /*
     * An absent string is a fact about a known profile (model.h); a field
     * the source does not have at all (a->unknown) stays NaN.
     */
    if (!(a->unknown & BF_ACC_U_BIO)) {
        out->v[BF_F_HAS_BIO] = (float)(a->bio && *a->bio);
        out->v[BF_F_BIO_LEN] = a->bio ? (float)strlen(a->bio) : 0.0f;
    }
    if (!(a->unknown & BF_ACC_U_URL))
        out->v[BF_F_HAS_URL] = (float)(a->url && *a->url);
    if (!(a->unknown & BF_ACC_U_LOCATION))
        out->v[BF_F_HAS_LOCATION] = (float)(a->location && *a->location);
    if (a->handle) {
        out->v[BF_F_HANDLE_LEN] = (float)strlen(a->handle);
        out->v[BF_F_HANDLE_DIGITS] = digits(a->handle);
        out->v[BF_F_HANDLE_TAIL_DIGITS] = tail_digits(a->handle);
    }
    if (!(a->unknown & BF_ACC_U_NAME)) {
        out->v[BF_F_NAME_LEN] = a->name ? (float)strlen(a->name) : 0.0f;
        out->v[BF_F_NAME_DIGITS] = digits(a->name);
        out->v[BF_F_NAME_HANDLE_SIM] = likeness(a->name, a->handle);
    }
    out->v[BF_F_SELF_DECLARED] = bf_features_self_declared(a);
    if (a->followers >= 0 && a->following >= 0) {
        double fo = (double)(a->followers > 0 ? a->followers : 1);

        out->v[BF_F_FOLLOWING_PER_FOLLOWER_SQ] =
                (float)((double)a->following / (fo * fo));
    }
    if (a->followers >= 0 && a->posts >= 0)
        out->v[BF_F_POSTS_PER_FOLLOWER] =
                (float)((double)a->posts /
                        (double)(a->followers > 0 ? a->followers : 1));
    if (a->likes >= 0 && a->posts >= 0)
        out->v[BF_F_LIKES_PER_POST] =
                (float)((double)a->likes /
                        (double)(a->posts > 0 ? a->posts : 1));
}

/* share: a timeline share, -1 meaning unmeasured, as a float or NaN. */
static float share(double s)
{
    return s < 0 ? NAN : (float)s;
}

void bf_features_add_timeline(bf_features *f, const bf_timeline *t, double dna)
{
    if (!t || t->n == 0)
        return;
    f->v[BF_F_TL_POSTS] = (float)t->n;
    f->v[BF_F_REPOST_SHARE] = (float)((double)t->reposts / t->n);
    f->v[BF_F_REPLY_SHARE] = (float)((double)t->replies / t->n);
    f->v[BF_F_LINK_SHARE] = share(t->link_share);
    f->v[BF_F_HASHTAG_SHARE] = share(t->hashtag_share);
    f->v[BF_F_MENTION_SHARE] = share(t->mention_share);
    f->v[BF_F_DUP_SHARE] = share(t->dup_share);
    f->v[BF_F_GAP_MEDIAN] = share(t->gap_median);
    f->v[BF_F_GAP_CV] = share(t->gap_cv);
    f->v[BF_F_AUTOMATION_SHARE] = t->sourced ? (float)t->automation_share : NAN;
    f->v[BF_F_CLIENTS] = t->sourced ? (float)t->clients : NAN;
    f->v[BF_F_DNA_RATIO] = (float)dna;
}

double bf_features_dna_ratio(const char *seq, size_t n)
{
    unsigned char out[BF_TIMELINE_CAP + 64];
    uLongf len = sizeof out;

    if (n < BF_FEAT_DNA_MIN || n > BF_TIMELINE_CAP)
        return NAN;
    if (compress2(out, &len, (const Bytef *)seq, (uLong)n, 9) != Z_OK ||
        len == 0)
        return NAN;
    return (double)n / (double)len;
}

bf_err bf__feat_walk_init(bf__feat_walk *w)
{
    w->seen = 0;
    return bf_timeline_acc_init(&w->acc, BF_TIMELINE_CAP);
}

void bf__feat_walk_reset(bf__feat_walk *w)
{
    w->seen = 0;
    bf_timeline_acc_reset(&w->acc);
}

void bf__feat_walk_release(bf__feat_walk *w)
{
    bf_timeline_acc_release(&w->acc);
}

bf_err bf__feat_walk_post(void *ctx, const bf_post *p)
{
    bf__feat_walk *w = ctx;
    char c = p->kind == BF_POST_REPLY    ? 'R'
             : p->kind == BF_POST_REPOST ? 'T'
                                         : 'A';

    w->dna[w->seen % BF_TIMELINE_CAP] = c;
    w->seen++;
    return bf_timeline_acc_add(&w->acc, p);
}

bf_err bf__feat_walk_finish(bf__feat_walk *w, bf_features *f,
                            bf_timeline *out_t)
{
    char seq[BF_TIMELINE_CAP];
    bf_timeline t;
    size_t n, i, start;
    bf_err err;

    /* Without posts and without a caller for the summary, nothing to do:
     * the features stay NaN. */
    if (w->seen == 0 && !out_t)
        return BF_OK;
    err = bf_timeline_acc_finish(&w->acc, &t);
    if (err)
        return err;
    if (out_t)
        *out_t = t;
    if (w->seen == 0)
        return BF_OK;
    /* Unroll the ring oldest first. */
    n = w->seen < BF_TIMELINE_CAP ? (size_t)w->seen : BF_TIMELINE_CAP;
    start = w->seen < BF_TIMELINE_CAP ? 0 : (size_t)(w->seen % BF_TIMELINE_CAP);
    for (i = 0; i < n; i++)
        seq[i] = w->dna[(start + i) % BF_TIMELINE_CAP];
    bf_features_add_timeline(f, &t, bf_features_dna_ratio(seq, n));
    return BF_OK;
}

/* timeline: walks id's posts into its timeline features. */
static bf_err timeline(bf_store *st, uint32_t id, bf_features *f)
{
    bf__feat_walk *w = malloc(sizeof *w);
    bf_err err;

    if (!w)
        return BF_ENOMEM;
    err = bf__feat_walk_init(w);
    if (err) {
        free(w);
        return err;
    }
    err = bf_store_each_post(st, id, bf__feat_walk_post, w);
    if (!err)
        err = bf__feat_walk_finish(w, f, NULL);
    bf__feat_walk_release(w);
    free(w);
    return err;
}

int bf__features_judge_row(const bf_account *a, int64_t now)
{
    bf_rules_out r;

    if (a->followers < 0 && a->following < 0 && a->posts < 0)
        return BF__NB_UNKNOWN;
    bf_rules_eval(a, a->observed_at > 0 ? a->observed_at : now, &r);
    return r.sb_fake ? BF__NB_FAKE : BF__NB_REAL;
}

/*
 * sampled is the k-th neighbour of a list of n that the fake shares
 * judge: every one when there are at most BF_FEAT_NEIGHBOURS, else entry
 * k * n / BF_FEAT_NEIGHBOURS, spread evenly over the whole list.  (The
 * first BF_FEAT_NEIGHBOURS were the earliest accounts the store numbered,
 * a window of whatever was ingested first.)
 */
static uint64_t sampled(uint64_t k, uint64_t n)
{
    return n <= BF_FEAT_NEIGHBOURS ? k : k * n / BF_FEAT_NEIGHBOURS;
}

/*
 * fake_share: the share of the sampled accounts of adj[0..n) whose
 * profile is known and meets a Socialbakers rule; NaN when none is known
 * (stubs carry no counters).
 */
static bf_err fake_share(const uint32_t *adj, uint64_t n, bf__feat_judge judge,
                         void *ctx, const unsigned char *kept, float *out)
{
    uint64_t k, judged = 0, fake = 0;
    bf_err err = BF_OK;

    for (k = 0; k < n && k < BF_FEAT_NEIGHBOURS; k++) {
        uint32_t u = adj[sampled(k, n)];
        int v = kept ? (kept[u >> 2] >> ((u & 3) * 2)) & 3 : 0;

        if (!v)
            err = judge(ctx, u, &v);
        if (err)
            break;
        judged += v != BF__NB_UNKNOWN;
        fake += v == BF__NB_FAKE;
    }
    *out = judged ? (float)((double)fake / (double)judged) : NAN;
    return err;
}

bf_err bf__features_network(const bf_csr *g, uint32_t id, int64_t followers,
                            bf__feat_judge judge, void *ctx,
                            const unsigned char *kept, bf_features *f)
{
    const uint32_t *in = NULL, *out = NULL;
    uint64_t ni = 0, no = 0, mutual = 0, i;
    bf_err err;

    if (!g || id >= g->n)
        return BF_OK;
    /*
     * Opened lazily: the following list is checked as it is taken; of
     * the followers, which a hub has millions of, only the entries read
     * are: those the mutual follows are looked up among
     * (bf_csr_in_count), and the BF_FEAT_NEIGHBOURS judged below.
     */
    err = bf_csr_in_span(g, id, &in, &ni);
    if (!err)
        err = bf_csr_out(g, id, &out, &no);
    if (err || (ni == 0 && no == 0))
        return err;
    /* Followings missing from a partial follower list are not "no". */
    if (no > 0 && (followers < 0 || (double)ni >= BF_FEAT_WHOLE * followers)) {
        err = bf_csr_in_count(g, id, out, no, &mutual);
        if (err)
            return err;
        f->v[BF_F_RECIPROCITY] = (float)((double)mutual / (double)no);
    }
    for (i = 0; i < ni && i < BF_FEAT_NEIGHBOURS; i++)
        if (in[sampled(i, ni)] >= g->n ||
            (i > 0 && in[sampled(i, ni)] <= in[sampled(i - 1, ni)]))
            return BF_ECORRUPT;
    err = fake_share(in, ni, judge, ctx, kept,
                     &f->v[BF_F_FOLLOWERS_FAKE_SHARE]);
    if (!err)
        err = fake_share(out, no, judge, ctx, kept,
                         &f->v[BF_F_FOLLOWING_FAKE_SHARE]);
    return err;
}

/* The judge of the one-account path: each neighbour read from the store. */
typedef struct row_judge {
    bf_store *st;
    int64_t now;
} row_judge;

static bf_err judge_from_store(void *ctx, uint32_t v, int *out)
{
    row_judge *j = ctx;
    bf_account_row row;
    bf_err err = bf_store_account(j->st, v, &row);

    if (err)
        return err;
    *out = bf__features_judge_row(&row.a, j->now);
    bf_account_row_release(&row);
    return BF_OK;
}

/* network: reciprocity and neighbour fake shares of id in the graph;
 * followers is its declared count. */
static bf_err network(bf_store *st, uint32_t id, int64_t followers, int64_t now,
                      bf_features *f)
{
    const bf_csr *g;
    row_judge j;
    bf_err err = bf_store_graph_lazy(st, &g);

    if (err || !g)
        return err;
    j.st = st;
    j.now = now;
    return bf__features_network(g, id, followers, judge_from_store, &j, NULL,
                                f);
}

/* features_row: every family for the account a read as dense id. */
static bf_err features_row(bf_store *st, uint32_t id, const bf_account *a,
                           int64_t now, bf_features *out)
{
    bf_err err;

    bf_features_from_account(a, now, out);
    err = timeline(st, id, out);
    if (!err)
        err = network(st, id, a->followers, now, out);
    return err;
}

bf_err bf_features_from_store(bf_store *st, uint32_t id, int64_t now,
                              bf_features *out)
{
    bf_account_row row;
    bf_err err = bf_store_account(st, id, &row);

    if (err)
        return err;
    err = features_row(st, id, &row.a, now, out);
    bf_account_row_release(&row);
    return err;
}

int bf_label_class(const char *label)
{
    if (!label)
        return -1;
    if (strcasecmp(label, "fake") == 0)
        return BF_LABEL_FAKE;
    if (strcasecmp(label, "bot") == 0)
        return BF_LABEL_BOT;
    if (strcasecmp(label, "genuine") == 0)
        return BF_LABEL_GENUINE;
    return -1;
}

void bf_dataset_release(bf_dataset *d)
{
    size_t i;

    free(d->X);
    free(d->y);
    free(d->ids);
    free(d->set);
    for (i = 0; i < d->nsets; i++)
        free(d->sets[i]);
    memset(d, 0, sizeof *d);
}

/* set_index: the index of set name s in d (added when new); -1 when full. */
static int set_index(bf_dataset *d, const char *s)
{
    size_t i;

    if (!s)
        s = "";
    for (i = 0; i < d->nsets; i++)
        if (strcmp(d->sets[i], s) == 0)
            return (int)i;
    if (d->nsets == BF_DATASET_SETS_MAX)
        return -1;
    d->sets[d->nsets] = malloc(strlen(s) + 1);
    if (!d->sets[d->nsets])
        return -1;
    memcpy(d->sets[d->nsets], s, strlen(s) + 1);
    return (int)d->nsets++;
}

bf_err bf_dataset_from_store(bf_store *st, int64_t now, bf_dataset *out)
{
    /* Only labelled accounts, in one pass of the bulk reader. */
    bf_scan_filter filt = { .labelled = 1 };
    bf_dataset d;
    size_t cap = 0;
    bf_bulk *b = NULL;
    const bf_account_row *row;
    bf_err err = bf_bulk_open(st, now, &filt, UINT32_MAX, &b);

    memset(&d, 0, sizeof d);
    /* Training sees an undated profile as scoring will (bulk.h). */
    if (!err)
        err = bf_bulk_measure_undated(b, 0);
    while (!err && (err = bf_bulk_next(b, &row)) == BF_OK) {
        bf_features f;
        int cls = bf_label_class(row->a.label);

        if (cls < 0)
            continue;
        if (d.n == cap) {
            /* Rows are bounded by the store's account count. */
            size_t nc = cap ? 2 * cap : 1024;
            float *x = realloc(d.X, nc * BF_FEAT__COUNT * sizeof *x);
            int *y = x ? realloc(d.y, nc * sizeof *y) : NULL;
            uint32_t *ids = y ? realloc(d.ids, nc * sizeof *ids) : NULL;
            int *set = ids ? realloc(d.set, nc * sizeof *set) : NULL;

            if (x)
                d.X = x;
            if (y)
                d.y = y;
            if (ids)
                d.ids = ids;
            if (set)
                d.set = set;
            if (!set) {
                err = BF_ENOMEM;
                break;
            }
            cap = nc;
        }
        err = bf_bulk_features(b, row, &f, NULL);
        if (!err) {
            int k = set_index(&d, row->a.label_set);

            if (k < 0)
                err = BF_ELIMIT;
            memcpy(d.X + d.n * BF_FEAT__COUNT, f.v, sizeof f.v);
            d.y[d.n] = cls;
            d.ids[d.n] = row->id;
            d.set[d.n] = k;
            d.n++;
        }
    }
    if (err == BF_ENOTFOUND)
        err = BF_OK;
    bf_bulk_close(b);
    if (!err && d.n == 0)
        err = BF_ENOTFOUND;
    if (err) {
        bf_dataset_release(&d);
        return err;
    }
    *out = d;
    return BF_OK;
}
