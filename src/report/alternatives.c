/*
 * alternatives.c - finding accounts of the same niche with stronger
 * evidence than an audited one.
 *
 * Four steps, each bounded so that a report costs the same on a store of
 * a thousand accounts as on one of millions.
 *
 *  1. Candidates from the graph.  A uniform sample of at most 4 x
 *     BF_ALT_SAMPLE of the account's followers (selection sampling with a
 *     fixed seed, as the audit samples) is judged, profile by profile, as
 *     the audit judges followers; up to BF_ALT_SAMPLE of those that do
 *     not look fake vote.  A bought audience follows what its farm
 *     follows, so the accounts it points to are the farm's other clients,
 *     not the niche.  Every account a voter follows gets 1 / log(2 + d)
 *     times the voter's chance of being real, d being how many accounts
 *     the voter follows (Adamic & Adar 2003: a shared neighbour with few
 *     links says more than a hub).  Followers who follow more than
 *     BF_MASS_FOLLOWING accounts do not vote: a mass follower's list is
 *     no niche.  Votes go to an open-addressing hash table sized from the
 *     lists read, and the BF_ALT_POOL best are kept.  Cost: 4 x
 *     BF_ALT_SAMPLE account reads and O(BF_ALT_SAMPLE x
 *     BF_MASS_FOLLOWING) votes at most.
 *  2. The niche.  Each of the pool is read from SQLite (its bio, and the
 *     hashtags of at most BF_ALT_POSTS of its posts).  Its niche words are
 *     those it shares with the account, the rarest in the pool first (a
 *     word every neighbour uses says nothing).  Its followers in common
 *     with the account are counted only as far as the niche test needs
 *     (one, or what the lift asks: bf__alt_lift_need), so that a pool of
 *     hubs with a million followers each costs a few blocks of each list,
 *     not the lists; the alternatives shown get the exact counts of
 *     followers in common and of accounts both follow.  A candidate of
 *     another platform is left out: follows never cross platforms, so no
 *     signal of ours does.
 *  3. A light score of at most BF_ALT_SCREEN of the niche, in the order
 *     of the co-follow vote: the model judges BF_ALT_JUDGE of their
 *     followers (profiles only), the count corrected by the model's
 *     held-out rates (score/quantify.h) gives an estimated share of fake
 *     followers, hence of real ones; the engagement rate comes from their
 *     stored posts.  Those that cannot be stronger are dropped here, the
 *     rest ordered cleanest audience first.
 *  4. The audit of the rest, in that order, stopped once the verdict is
 *     known (bf_audit_opts.verdict_only: the same follower sample and the
 *     same verdict as the candidate's own report, without its sections),
 *     until BF_ALT_MAX are confirmed or BF_ALT_AUDITS audits are spent:
 *     what the report shows is what the alternative's own report says.
 *
 * Why not audit every candidate: even stopped at its verdict, an audit
 * reads up to 2,000 followers and their posts, which a page served per
 * request cannot pay a few dozen times over; the light score is
 * BF_ALT_JUDGE account reads per candidate.
 */
#include "report/alternatives.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "graph/graph.h"
#include "score/features.h"
#include "score/model.h"
#include "score/quantify.h"
#include "score/rules.h"
#include "score/timeline.h"
#include "store/scan.h"

/* Posts whose engagement the light score reads. */
#define LIGHT_POSTS 50
/* The seed of the follower samples (any fixed value keeps it stable). */
#define ALT_SEED 20150101u
/* A figure is better when it beats the account's by this factor. */
#define BETTER 1.1
/* The most terms kept per account. */
#define MAX_TERMS 256

/* ---- words ---- */

/*
 * Common words of four letters or more, English and French, sorted for
 * bsearch: they say nothing about a niche.
 */
static const char *const stop_words[] = {
    "about", "after", "aime",   "also",   "année", "aussi", "avant", "avec",
    "been",  "bien",  "cette",  "chaque", "chez",  "comme", "dans",  "depuis",
    "déjà",  "elle",  "elles",  "encore", "entre", "être",  "fait",  "from",
    "have",  "here",  "http",   "https",  "into",  "just",  "leur",  "leurs",
    "like",  "mais",  "même",   "more",   "nous",  "only",  "other", "over",
    "plus",  "pour",  "quand",  "sans",   "some",  "sont",  "sous",  "than",
    "that",  "their", "them",   "then",   "there", "they",  "this",  "tous",
    "tout",  "toute", "toutes", "très",   "votre", "vous",  "were",  "what",
    "when",  "where", "which",  "will",   "with",  "your",
};

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/*
 * sep_len says how many bytes of separator start at s (0: a word byte):
 * ASCII other than letters, digits and '_', the UTF-8 punctuation of
 * U+2000-U+206F (quotes, dashes, ellipsis), U+00A0-U+00BF (no-break space,
 * guillemets, middle dot) and every four-byte sequence (emoji).
 */
static size_t sep_len(const unsigned char *s)
{
    if (s[0] < 0x80)
        return (s[0] >= 'a' && s[0] <= 'z') || (s[0] >= 'A' && s[0] <= 'Z') ||
                               (s[0] >= '0' && s[0] <= '9') || s[0] == '_'
                       ? 0
                       : 1;
    if (s[0] == 0xc2 && s[1] >= 0xa0 && s[1] <= 0xbf)
        return 2;
    if (s[0] == 0xe2 && s[1] == 0x80 && s[2])
        return 3;
    if (s[0] == 0xe2 && s[1] == 0x81 && s[2])
        return 3;
    if (s[0] >= 0xf0) {
        size_t n = 1;

        while (n < 4 && s[n] >= 0x80 && s[n] < 0xc0)
            n++;
        return n;
    }
    return 0;
}

bf_err bf__alt_terms(const char *text, int words, bf_buf *out)
{
    const unsigned char *s = (const unsigned char *)text;
    bf_err err = BF_OK;

    while (s && *s && !err) {
        size_t k = sep_len(s), n = 0, letters = 0;
        int tag = 0;
        char w[48] = ""; /* read only up to n, but cppcheck cannot tell */

        if (k) {
            tag = *s == '#';
            s += k;
            if (!tag)
                continue;
        }
        /* A word: bytes up to the next separator. */
        while (*s && !sep_len(s)) {
            unsigned char c = *s++;

            if (c >= 'A' && c <= 'Z')
                c = (unsigned char)(c - 'A' + 'a');
            letters += (c >= 'a' && c <= 'z') || c >= 0x80;
            if (n < sizeof w - 1)
                w[n++] = (char)c;
            else
                letters = 0; /* too long to be a word of a niche */
        }
        /* A truncated UTF-8 sequence at the end would be invalid text. */
        while (n && ((unsigned char)w[n - 1] & 0xc0) == 0xc0)
            n--;
        w[n] = '\0';
        if (!letters || (!tag && (!words || letters < 4)) || n < 2)
            continue;
        if (!tag) {
            const char *key = w;

            if (bsearch(&key, stop_words,
                        sizeof stop_words / sizeof *stop_words,
                        sizeof *stop_words, cmp_str))
                continue;
        }
        err = bf_buf_append(out, w, n + 1);
    }
    return err;
}

/* A set of terms: sorted, distinct pointers into buf. */
typedef struct terms {
    bf_buf buf;
    const char *t[MAX_TERMS];
    size_t n;
} terms;

/*
 * terms_finish sorts and de-duplicates the terms appended to ts->buf and
 * keeps the first MAX_TERMS in byte order.  BF_ENOMEM.
 */
static bf_err terms_finish(terms *ts)
{
    size_t at = 0, i, k = 0, n = 0;
    const char **all;

    ts->n = 0;
    for (at = 0; at < ts->buf.len; at += strlen(ts->buf.data + at) + 1)
        n++;
    if (!n)
        return BF_OK;
    all = malloc(n * sizeof *all);
    if (!all)
        return BF_ENOMEM;
    for (at = 0, i = 0; i < n; at += strlen(ts->buf.data + at) + 1)
        all[i++] = ts->buf.data + at;
    qsort(all, n, sizeof *all, cmp_str);
    for (i = 0; i < n && k < MAX_TERMS; i++)
        if (!k || strcmp(ts->t[k - 1], all[i]) != 0)
            ts->t[k++] = all[i];
    ts->n = k;
    free(all);
    return BF_OK;
}

/* The walk of an account's posts for their hashtags. */
typedef struct post_walk {
    bf_buf *out;
    uint32_t seen;
} post_walk;

static bf_err post_terms(void *ctx, const bf_post *p)
{
    post_walk *w = ctx;

    if (w->seen++ >= BF_ALT_POSTS)
        return BF_ELIMIT; /* enough: stops the walk */
    /* A repost carries someone else's words. */
    if (p->kind == BF_POST_REPOST || !p->text)
        return BF_OK;
    return bf__alt_terms(p->text, 0, w->out);
}

/* account_terms reads the niche terms of account id with bio into ts. */
static bf_err account_terms(bf_store *st, uint32_t id, const char *bio,
                            terms *ts)
{
    post_walk w = { &ts->buf, 0 };
    bf_err err = bio ? bf__alt_terms(bio, 1, &ts->buf) : BF_OK;

    if (!err)
        err = bf_store_each_post(st, id, post_terms, &w);
    if (err == BF_ELIMIT)
        err = BF_OK;
    if (!err)
        err = terms_finish(ts);
    return err;
}

/* ---- step 1: candidates by co-follows ---- */

/* One candidate of the pool and what is learnt about it. */
typedef struct cand {
    uint32_t id;
    float vote;       /* co-follow score */
    double fake;      /* light estimate of its fake share, -1 unknown */
    size_t nterms;    /* its own niche words */
    int niche;        /* 1: of the same niche */
    double wordscore; /* sum of the rarity of the words it shares */
    uint8_t shares[MAX_TERMS / 8]; /* bit i: it uses the account's word i */
    bf_alternative a;              /* what the report will show */
} cand;

/*
 * sample_of writes to out (cap entries) a uniform sample of account id's
 * followers in g (bf_csr_in_sample, seeded with ALT_SEED), its size in
 * *out_n and the list's length in *out_deg.  Only the entries kept are
 * read: a hub among the candidates costs its sample, not its list.
 */
static bf_err sample_of(const bf_csr *g, uint32_t id, uint32_t *out, size_t cap,
                        size_t *out_n, uint64_t *out_deg)
{
    uint64_t n = 0;
    bf_err err = bf_csr_in_sample(g, id, cap, ALT_SEED, NULL, out, &n, out_deg);

    *out_n = (size_t)n;
    return err;
}

/* What the light score needs, shared by every candidate. */
typedef struct light {
    bf_store *st;
    const bf_csr *g;
    const bf_model *m;
    bf_model_rates rates;
    bf_model_rates tier_rates[BF_TIER__COUNT]; /* the pooled when untiered */
    int rates_known;
    int64_t now;
} light;

/*
 * judge reads follower fid and says whether its profile is known
 * (*out_known) and how likely it is fake or automated: the model's
 * probability, or 1 / 0 by the rule sets without a model.  *out_flag is
 * the call a quantifier counts (the model's quantification threshold),
 * *out_tier the tier of its row (bf_model_tier; full without a model).
 * Cost: one account read.
 */
static bf_err judge(const light *l, uint32_t fid, int *out_known, double *out_p,
                    int *out_flag, int *out_tier)
{
    bf_account_row row;
    bf_err err;

    *out_known = *out_flag = 0;
    *out_tier = BF_TIER_FULL;
    *out_p = 0;
    memset(&row, 0, sizeof row);
    err = bf_store_account(l->st, fid, &row);
    if (err == BF_ENOTFOUND) {
        err = BF_OK;
    } else if (!err && (row.a.followers >= 0 || row.a.following >= 0)) {
        int64_t seen = row.a.observed_at > 0 ? row.a.observed_at : l->now;

        *out_known = 1;
        if (l->m) {
            bf_features f;

            bf_features_from_account(&row.a, seen, &f);
            err = bf_model_predict(l->m, &f, out_p);
            *out_flag = *out_p >= l->rates.threshold;
            *out_tier = (int)bf_model_tier(f.v);
        } else {
            bf_rules_out r;

            bf_rules_eval(&row.a, seen, &r);
            *out_flag = r.cc_weak || r.sb_fake;
            *out_p = *out_flag;
        }
    }
    bf_account_row_release(&row);
    return err;
}

/* The co-follow votes: an open-addressing table of dense ids. */
typedef struct votes {
    uint32_t *key; /* UINT32_MAX: empty */
    float *val;
    size_t mask;
} votes;

static void vote(votes *v, uint32_t id, float w)
{
    size_t h = ((size_t)id * 2654435761u) & v->mask;

    while (v->key[h] != UINT32_MAX && v->key[h] != id)
        h = (h + 1) & v->mask;
    v->key[h] = id;
    v->val[h] += w;
}

/*
 * cofollows fills pool (BF_ALT_POOL entries) with the best-voted accounts
 * other than id, best first, and *out_n with how many.
 */
static bf_err cofollows(const light *l, uint32_t id, cand *pool, size_t *out_n)
{
    const bf_csr *g = l->g;
    uint32_t sample[4 * BF_ALT_SAMPLE], voters[BF_ALT_SAMPLE];
    float weight[BF_ALT_SAMPLE];

    struct {
        uint32_t id;
        float vote;
    } top[BF_ALT_POOL];

    const uint32_t *adj;
    uint64_t deg = 0, len, total = 0;
    size_t ns = 0, nv = 0, i, slot, n = 0, cap = 16;
    votes v = { NULL, NULL, 0 };
    bf_err err;

    *out_n = 0;
    /*
     * Voters: up to BF_ALT_SAMPLE followers that do not look fake, from a
     * sample of four times as many.  A bought audience follows what its
     * farm follows, not what the account's niche reads; the others vote
     * as much as they look real.  Mass followers do not vote.
     */
    err = sample_of(g, id, sample, 4 * BF_ALT_SAMPLE, &ns, &deg);
    for (i = 0; !err && i < ns && nv < BF_ALT_SAMPLE; i++) {
        int known, flag, tier;
        double p;

        /* The length first: a mass follower's list is not read. */
        err = bf_csr_out_degree(g, sample[i], &len);
        if (err || len == 0 || len > BF_MASS_FOLLOWING)
            continue;
        err = judge(l, sample[i], &known, &p, &flag, &tier);
        if (err || flag)
            continue;
        /* An unknown profile votes as an even chance. */
        weight[nv] = (float)((known ? 1.0 - p : 0.5) / log(2.0 + (double)len));
        voters[nv++] = sample[i];
        total += len;
    }
    if (err || total == 0)
        return err;
    while (cap < 2 * total)
        cap <<= 1;
    v.key = malloc(cap * sizeof *v.key);
    v.val = calloc(cap, sizeof *v.val);
    if (!v.key || !v.val) {
        err = BF_ENOMEM;
        goto out;
    }
    memset(v.key, 0xff, cap * sizeof *v.key);
    v.mask = cap - 1;
    for (i = 0; !err && i < nv; i++) {
        uint64_t j;

        err = bf_csr_out(g, voters[i], &adj, &len);
        for (j = 0; !err && j < len; j++)
            if (adj[j] != id)
                vote(&v, adj[j], weight[i]);
    }
    /*
     * The best BF_ALT_POOL, by insertion into a short sorted list of
     * (id, vote) pairs (ties: the lower id), then copied into the pool.
     */
    for (slot = 0; !err && slot < cap; slot++) {
        uint32_t k = v.key[slot];
        float w = v.val[slot];
        size_t at;

        if (k == UINT32_MAX)
            continue;
        if (n == BF_ALT_POOL && (w < top[n - 1].vote ||
                                 (w == top[n - 1].vote && k > top[n - 1].id)))
            continue;
        at = n < BF_ALT_POOL ? n++ : n - 1;
        while (at > 0 && (top[at - 1].vote < w ||
                          (top[at - 1].vote == w && top[at - 1].id > k))) {
            top[at] = top[at - 1];
            at--;
        }
        top[at].id = k;
        top[at].vote = w;
    }
    for (i = 0; i < n; i++) {
        memset(&pool[i], 0, sizeof pool[i]);
        pool[i].id = top[i].id;
        pool[i].vote = top[i].vote;
    }
    *out_n = n;
out:
    free(v.key);
    free(v.val);
    return err;
}

/* copy writes s, truncated on a UTF-8 boundary, into dst (cap bytes). */
static void copy(char *dst, size_t cap, const char *s)
{
    size_t n = s ? strlen(s) : 0;

    if (n >= cap) {
        n = cap - 1;
        while (n && ((unsigned char)s[n] & 0xc0) == 0x80)
            n--;
    }
    if (n)
        memcpy(dst, s, n);
    dst[n] = '\0';
}

/* ---- steps 3 and 4: evidence ---- */

/* real_of is followers x (1 - estimated fake share), -1 unknown. */
static double real_of(int64_t followers, double fake)
{
    if (followers < 0 || fake < 0)
        return -1;
    return (double)followers * (1.0 - fake);
}

/* rank orders verdicts from the best; not enough evidence comes last. */
static int rank(bf_verdict v)
{
    switch (v) {
    case BF_VERDICT_GENUINE:
        return 0;
    case BF_VERDICT_QUESTIONABLE:
        return 1;
    case BF_VERDICT_NOT_ENOUGH:
        return 3;
    default:
        return 2;
    }
}

/*
 * stronger gives what makes a better than the audited account's
 * figures in alts (BF_ALT_BETTER_*), 0 when a is not stronger: its
 * verdict must be genuine or questionable and no worse, something must
 * be better, and it may not have fewer real followers unless its verdict
 * is better.
 */
static int stronger(const bf_alternative *a, const bf_report_alts *alts)
{
    int better = 0;

    if (a->verdict != BF_VERDICT_GENUINE &&
        a->verdict != BF_VERDICT_QUESTIONABLE)
        return 0;
    if (rank(a->verdict) > rank(alts->verdict))
        return 0;
    if (rank(a->verdict) < rank(alts->verdict))
        better |= BF_ALT_BETTER_VERDICT;
    if (a->real >= 0 && alts->real >= 0 && a->real > BETTER * alts->real &&
        a->real >= alts->real + 1)
        better |= BF_ALT_BETTER_REAL;
    if (a->rate >= 0 && alts->rate >= 0 && a->rate > BETTER * alts->rate)
        better |= BF_ALT_BETTER_ENG;
    if (!(better & BF_ALT_BETTER_VERDICT) && a->real >= 0 && alts->real >= 0 &&
        a->real < alts->real)
        return 0;
    return better;
}

/*
 * light_score estimates a's verdict, real followers and engagement from
 * BF_ALT_JUDGE of its followers and LIGHT_POSTS of its posts: the
 * verdict only by the estimated fake share (the audit's thresholds on
 * its lower bound), genuine when too few followers can be judged (the
 * full audit decides).  Cost: BF_ALT_JUDGE account reads and one walk of
 * its posts.
 */
static bf_err light_score(const light *l, uint32_t id, bf_alternative *a,
                          double *out_fake)
{
    uint32_t sample[BF_ALT_JUDGE];
    uint64_t deg = 0;
    uint32_t judged = 0, flagged = 0;
    uint32_t tn[BF_TIER__COUNT] = { 0 }, tk[BF_TIER__COUNT] = { 0 };
    size_t ns = 0, i;
    bf_timeline t;
    bf_err err;

    a->verdict = BF_VERDICT_GENUINE;
    a->real = a->rate = *out_fake = -1;
    err = sample_of(l->g, id, sample, BF_ALT_JUDGE, &ns, &deg);
    if (err)
        return err;
    for (i = 0; !err && i < ns; i++) {
        int known, flag, tier;
        double p;

        err = judge(l, sample[i], &known, &p, &flag, &tier);
        judged += (uint32_t)known;
        flagged += (uint32_t)flag;
        tn[tier] += (uint32_t)known;
        tk[tier] += (uint32_t)flag;
    }
    if (err)
        return err;
    if (judged >= BF_AUDIT_MIN_PROFILES) {
        bf_quantity q;
        double lo = (double)flagged / judged, p = lo;

        bf_quant_tier qt[BF_TIER__COUNT];
        int k;

        /* Each tier with its own rates, as the audit does (audit.c). */
        for (k = 0; k < BF_TIER__COUNT; k++) {
            qt[k].k = tk[k];
            qt[k].n = tn[k];
            qt[k].tpr = l->tier_rates[k].tpr;
            qt[k].fpr = l->tier_rates[k].fpr;
            qt[k].n_pos = l->tier_rates[k].n_pos;
            qt[k].n_neg = l->tier_rates[k].n_neg;
        }
        if (l->m && l->rates_known &&
            (bf_quantify_tiers(qt, BF_TIER__COUNT, deg, &q) == BF_OK ||
             bf_quantify_acc(flagged, judged, deg, l->rates.tpr, l->rates.n_pos,
                             l->rates.fpr, l->rates.n_neg, &q) == BF_OK)) {
            p = q.p;
            lo = q.lo;
        }
        a->real = real_of(a->followers, p);
        *out_fake = p;
        if (lo >= 0.40)
            a->verdict = BF_VERDICT_INFLATED;
        else if (lo >= 0.20)
            a->verdict = BF_VERDICT_QUESTIONABLE;
    }
    err = bf_timeline_from_store(l->st, id, LIGHT_POSTS, &t);
    if (!err && t.eng_originals > 0 && t.eng_mean_original >= 0 &&
        a->followers > 0)
        a->rate = t.eng_mean_original / (double)a->followers;
    return err;
}

/* confirm audits candidate c fully and keeps its own report's figures. */
static bf_err confirm(bf_store *st, const bf_audit_opts *o, cand *c)
{
    bf_report r;
    bf_audit_opts vo;
    bf_err err;

    memset(&vo, 0, sizeof vo);
    if (o)
        vo = *o;
    vo.verdict_only = 1;
    bf_report_init(&r);
    err = bf_audit_build(st, c->id, &vo, &r);
    if (!err) {
        c->a.verdict = r.verdict;
        c->a.followers = r.account.followers;
        c->a.real = real_of(r.account.followers, r.audience.fake.p);
        c->a.rate = r.engagement.rate;
    }
    bf_report_release(&r);
    return err;
}

/* ---- the whole ---- */

/* The working set of one search, on the heap (the pool is large). */
typedef struct search {
    cand pool[BF_ALT_POOL];
    terms mine, theirs;
    uint32_t df[MAX_TERMS];   /* pool members holding each of mine */
    cand *order[BF_ALT_POOL]; /* those the light score keeps */
} search;

/*
 * cmp_light orders by the light estimate of the fake share (unknown
 * last; to the tenth, so that close audiences keep the co-follow order),
 * then by co-follow vote.
 */
static int cmp_light(const void *x, const void *y)
{
    const cand *a = *(const cand *const *)x, *b = *(const cand *const *)y;
    int ra = a->fake < 0 ? 11 : (int)(a->fake * 10);
    int rb = b->fake < 0 ? 11 : (int)(b->fake * 10);

    if (ra != rb)
        return ra < rb ? -1 : 1;
    if (a->vote != b->vote)
        return a->vote > b->vote ? -1 : 1;
    return a->id < b->id ? -1 : a->id > b->id;
}

/*
 * shared_words names c's words shared with s->mine (c->shares), the
 * BF_ALT_WORDS rarest in the pool first, and sums their rarity
 * log((P + 1) / df), df the pool members using the word (>= 1 here).
 */
static void shared_words(search *s, cand *c, size_t npool)
{
    size_t best[BF_ALT_WORDS], nbest = 0, i, at;

    for (i = 0; i < s->mine.n; i++) {
        if (!(c->shares[i / 8] & (1u << (i % 8))))
            continue;
        c->wordscore += log((double)(npool + 1) / (double)s->df[i]);
        /* Insertion into the rarest few, ties in word order. */
        at = nbest < BF_ALT_WORDS ? nbest++ : BF_ALT_WORDS;
        while (at > 0 && s->df[best[at - 1]] > s->df[i]) {
            if (at < BF_ALT_WORDS)
                best[at] = best[at - 1];
            at--;
        }
        if (at < BF_ALT_WORDS)
            best[at] = i;
    }
    c->a.nwords = nbest;
    for (i = 0; i < nbest; i++)
        copy(c->a.words[i], sizeof c->a.words[i], s->mine.t[best[i]]);
}

/* lift_of is the shared count over chance, as the niche test reads it. */
static double lift_of(uint64_t common, uint64_t a, uint64_t b, uint32_t n)
{
    return (double)common * (double)n / ((double)a * (double)b);
}

uint64_t bf__alt_lift_need(uint64_t a, uint64_t b, uint32_t n)
{
    uint64_t most = a < b ? a : b, c;
    double guess;

    if (a == 0 || b == 0)
        return most + 1;
    guess = ceil(BF_ALT_LIFT * (double)a * (double)b / (double)n);
    if (!(guess <= (double)most))
        return most + 1;
    c = (uint64_t)guess;
    /* The rounding of the guess, either way. */
    while (c > 0 && lift_of(c - 1, a, b, n) >= BF_ALT_LIFT)
        c--;
    while (c <= most && lift_of(c, a, b, n) < BF_ALT_LIFT)
        c++;
    return c > BF_ALT_MIN_COMMON ? c : BF_ALT_MIN_COMMON;
}

/* find is bf_alternatives_find inside its read transaction. */
static bf_err find(bf_store *st, uint32_t id, const bf_audit_opts *o,
                   bf_report *r)
{
    bf_report_alts *alts = &r->alts;
    search *s = calloc(1, sizeof *s);
    const bf_csr *g = NULL;
    bf_account_row self;
    bf_graph_set followers, following;
    uint64_t deg = 0;
    size_t npool = 0, i, j, audits = 0, nlight = 0;
    light l;
    bf_err err;

    memset(&self, 0, sizeof self);
    memset(&followers, 0, sizeof followers);
    memset(&following, 0, sizeof following);
    memset(alts, 0, sizeof *alts);
    alts->status = BF_ALT_NO_GRAPH;
    alts->verdict = r->verdict;
    alts->real = real_of(r->account.followers, r->audience.fake.p);
    alts->rate = r->engagement.rate;
    if (!s)
        return BF_ENOMEM;
    bf_buf_init(&s->mine.buf, 1 << 20);
    bf_buf_init(&s->theirs.buf, 1 << 20);
    err = bf_store_account(st, id, &self);
    if (!err)
        err = account_terms(st, id, self.a.bio, &s->mine);
    if (err)
        goto out;
    if (s->mine.n)
        alts->signals |= BF_ALT_SIG_WORDS;

    /* Step 1: no graph, or no follower in it, is no audience to share. */
    err = bf_store_graph_lazy(st, &g);
    if (err == BF_ENOTFOUND || (!err && (!g || id >= g->n))) {
        err = BF_OK;
        goto out;
    }
    if (!err)
        err = bf_csr_in_degree(g, id, &deg);
    if (err || deg == 0)
        goto out;
    alts->signals |= BF_ALT_SIG_AUDIENCE;
    memset(&l, 0, sizeof l);
    l.st = st;
    l.g = g;
    l.now = o && o->now ? o->now : r->generated_at;
    if (!(o && o->no_model))
        l.m = o && o->model ? o->model : bf_audit_default_model();
    l.rates.threshold = BF_MODEL_THRESHOLD;
    if (l.m) {
        int tiered;

        l.rates_known = bf_model_get_quant_rates(l.m, &l.rates) == BF_OK &&
                        bf_model_get_quant_tier_rates(l.m, l.tier_rates,
                                                      &tiered) == BF_OK;
    }
    err = cofollows(&l, id, s->pool, &npool);
    if (err || npool == 0)
        goto out;
    alts->signals |= BF_ALT_SIG_COFOLLOW;
    alts->status = BF_ALT_NO_NICHE;

    /* Step 2: read the pool; keep those of the platform. */
    for (i = 0, j = 0; !err && i < npool; i++) {
        cand *c = &s->pool[i];
        bf_account_row row;
        size_t x, y;

        memset(&row, 0, sizeof row);
        err = bf_store_account(st, c->id, &row);
        if (err == BF_ENOTFOUND) {
            err = BF_OK;
        } else if (!err && row.a.handle && row.a.platform && self.a.platform &&
                   strcmp(row.a.platform, self.a.platform) == 0) {
            copy(c->a.platform, sizeof c->a.platform, row.a.platform);
            copy(c->a.handle, sizeof c->a.handle, row.a.handle);
            copy(c->a.name, sizeof c->a.name, row.a.name);
            c->a.followers = row.a.followers;
            bf_buf_reset(&s->theirs.buf);
            err = account_terms(st, c->id, row.a.bio, &s->theirs);
            c->nterms = s->theirs.n;
            /* Count, for each of my words, the pool members using it. */
            for (x = 0, y = 0; !err && x < s->mine.n && y < s->theirs.n;) {
                int d = strcmp(s->mine.t[x], s->theirs.t[y]);

                if (d == 0) {
                    s->df[x]++;
                    c->shares[x / 8] |= (uint8_t)(1u << (x % 8));
                }
                x += d <= 0;
                y += d >= 0;
            }
            s->pool[j++] = *c;
        }
        bf_account_row_release(&row);
    }
    npool = j;
    alts->pool = (uint32_t)npool;

    /*
     * The niche: shared words and audience, or an audience far above
     * chance.  The account's two lists are read once for the whole pool.
     */
    if (!err)
        err = bf_graph_set_init(&followers, g, id, 0);
    if (!err)
        err = bf_graph_set_init(&following, g, id, 1);
    for (i = 0; !err && i < npool; i++) {
        cand *c = &s->pool[i];
        uint64_t need = 0, common = 0, indeg = 0;

        err = bf_csr_in_degree(g, c->id, &indeg);
        if (err)
            break;
        /* Its words, now that the pool's counts are complete. */
        shared_words(s, c, npool);
        /*
         * Two accounts that both have words but share none are of two
         * niches, whatever their audiences; the graph alone decides only
         * when one of them has no words.  Either way the decision needs
         * only to know whether some count of followers is shared: the
         * count stops there (a hub's list of a million followers is read
         * a few blocks in), and is made exact for the alternatives shown.
         */
        if (s->mine.n && c->nterms)
            need = c->a.nwords > 0;
        else
            need = bf__alt_lift_need(followers.len, indeg, g->n);
        /* No count can reach more than the shorter list holds. */
        if (need > followers.len || need > indeg)
            need = 0;
        if (need > 0)
            err = bf_graph_set_common_upto(&followers, c->id, need, &common);
        c->niche = need > 0 && common >= need;
        alts->niche += (uint32_t)c->niche;
    }
    if (err || !alts->niche)
        goto out;
    alts->status = BF_ALT_NONE_STRONGER;

    /* Steps 3 and 4: the light score, then the full audit. */
    for (i = 0; !err && i < npool && alts->screened < BF_ALT_SCREEN; i++) {
        cand *c = &s->pool[i];

        if (!c->niche)
            continue;
        alts->screened++;
        err = light_score(&l, c->id, &c->a, &c->fake);
        if (!err && stronger(&c->a, alts))
            s->order[nlight++] = c;
    }
    /* The cleanest audiences first, then the closest. */
    if (!err)
        qsort(s->order, nlight, sizeof *s->order, cmp_light);
    for (i = 0;
         !err && i < nlight && alts->n < BF_ALT_MAX && audits < BF_ALT_AUDITS;
         i++) {
        cand *c = s->order[i];

        audits++;
        err = confirm(st, o, c);
        if (!err)
            c->a.better = stronger(&c->a, alts);
        /* What it shares with the account, counted whole. */
        if (!err && c->a.better)
            err = bf_graph_set_common(&followers, c->id,
                                      &c->a.common_followers);
        if (!err && c->a.better)
            err = bf_graph_set_common(&following, c->id,
                                      &c->a.common_following);
        if (!err && c->a.better)
            alts->alt[alts->n++] = c->a;
    }
    if (!err && alts->n)
        alts->status = BF_ALT_FOUND;
out:
    bf_graph_set_release(&followers);
    bf_graph_set_release(&following);
    bf_account_row_release(&self);
    bf_buf_release(&s->mine.buf);
    bf_buf_release(&s->theirs.buf);
    free(s);
    return err;
}

bf_err bf_alternatives_find(bf_store *st, uint32_t id, const bf_audit_opts *o,
                            bf_report *r)
{
    bf_store_read rd = { NULL, NULL, 0 };
    bf_err err;

    /*
     * One read transaction for the search, as for the audit: the
     * candidates' profiles and posts are thousands of small reads, and
     * each statement outside a transaction took SQLite's locks and
     * checked the file anew (two fcntl calls and an fstat each).
     * Inside a batch there is none, and the reads go on as they are.
     */
    if (bf_store_read_begin(st, &rd) != BF_OK)
        bf_store_read_end(&rd);
    err = find(st, id, o, r);
    bf_store_read_end(&rd);
    return err;
}

/* ---- sentences for the renderers ---- */

/* sep appends "; " (French: " ; ") between the parts of a sentence. */
static bf_err sep(bf_buf *out, bf_lang lang, int *first)
{
    if (*first) {
        *first = 0;
        return BF_OK;
    }
    return bf_buf_puts(out, lang == BF_LANG_FR ? " ; " : "; ");
}

bf_err bf__alt_why(bf_buf *out, bf_lang lang, const bf_alternative *a)
{
    double v;
    size_t i;
    int first = 1;
    bf_err err = BF_OK;

    if (a->common_followers) {
        v = (double)a->common_followers;
        err = sep(out, lang, &first);
        if (!err)
            err = v == 1 ? bf_msg_format(out, lang, BF_MSG_ALT_COMMON_1, NULL,
                                         0)
                         : bf_msg_format(out, lang, BF_MSG_ALT_COMMON, &v, 1);
    }
    if (!err && a->common_following) {
        v = (double)a->common_following;
        err = sep(out, lang, &first);
        if (!err)
            err = v == 1 ? bf_msg_format(out, lang, BF_MSG_ALT_COFOLLOWING_1,
                                         NULL, 0)
                         : bf_msg_format(out, lang, BF_MSG_ALT_COFOLLOWING, &v,
                                         1);
    }
    if (!err && a->nwords) {
        err = sep(out, lang, &first);
        if (!err)
            err = bf_msg_format(out, lang, BF_MSG_ALT_WORDS, NULL, 0);
        if (!err)
            err = bf_buf_puts(out, lang == BF_LANG_FR ? " : " : ": ");
        for (i = 0; !err && i < a->nwords; i++) {
            if (i)
                err = bf_buf_puts(out, ", ");
            if (!err)
                err = bf_buf_puts(out, a->words[i]);
        }
    }
    return err;
}

bf_err bf__alt_better(bf_buf *out, bf_lang lang, const bf_report_alts *alts,
                      const bf_alternative *a)
{
    double args[2];
    int first = 1;
    bf_err err = BF_OK;

    if (a->better & BF_ALT_BETTER_VERDICT) {
        err = bf_msg_format(out, lang, bf_verdict_msg(a->verdict), NULL, 0);
        if (!err)
            err = bf_buf_putc(out, ' ');
        if (!err)
            err = bf_msg_format(out, lang, BF_MSG_ALT_AGAINST, NULL, 0);
        if (!err)
            err = bf_buf_putc(out, ' ');
        if (!err)
            err = bf_msg_format(out, lang, bf_verdict_msg(alts->verdict), NULL,
                                0);
        first = 0;
    }
    if (!err && (a->better & BF_ALT_BETTER_REAL)) {
        args[0] = round(a->real);
        args[1] = round(alts->real);
        err = sep(out, lang, &first);
        if (!err)
            err = bf_msg_format(out, lang, BF_MSG_ALT_REAL, args, 2);
    }
    if (!err && (a->better & BF_ALT_BETTER_ENG)) {
        args[0] = 100 * a->rate;
        args[1] = 100 * alts->rate;
        err = sep(out, lang, &first);
        if (!err)
            err = bf_msg_format(out, lang, BF_MSG_ALT_ENG, args, 2);
    }
    return err;
}

bf_err bf__alt_none(bf_buf *out, bf_lang lang, const bf_report_alts *alts)
{
    double v;

    switch (alts->status) {
    case BF_ALT_NO_NICHE:
        /* Accounts were voted for, but none has a stored profile of the
         * platform: not "none of the 0 accounts shares its niche". */
        if (alts->pool == 0)
            return bf_msg_format(out, lang, BF_MSG_ALT_NONE_PROFILES, NULL, 0);
        v = alts->pool;
        return v == 1 ? bf_msg_format(out, lang, BF_MSG_ALT_NONE_NICHE_1, NULL,
                                      0)
                      : bf_msg_format(out, lang, BF_MSG_ALT_NONE_NICHE, &v, 1);
    case BF_ALT_NONE_STRONGER:
        v = alts->niche;
        return v == 1 ? bf_msg_format(out, lang, BF_MSG_ALT_NONE_STRONGER_1,
                                      NULL, 0)
                      : bf_msg_format(out, lang, BF_MSG_ALT_NONE_STRONGER, &v,
                                      1);
    case BF_ALT_NO_GRAPH:
        /* Followers stored, but none follows another stored account (an
         * export's follower list alone): say which of the two. */
        return bf_msg_format(out, lang,
                             alts->signals & BF_ALT_SIG_AUDIENCE
                                     ? BF_MSG_ALT_NONE_COFOLLOW
                                     : BF_MSG_ALT_NONE_GRAPH,
                             NULL, 0);
    default:
        return BF_OK;
    }
}

bf_err bf__alt_signals(bf_buf *out, bf_lang lang, const bf_report_alts *alts)
{
    static const struct {
        int bit;
        bf_msg_id msg;
    } sig[] = {
        { BF_ALT_SIG_AUDIENCE, BF_MSG_ALT_SIG_AUDIENCE },
        { BF_ALT_SIG_COFOLLOW, BF_MSG_ALT_SIG_COFOLLOW },
        { BF_ALT_SIG_WORDS, BF_MSG_ALT_SIG_WORDS },
    };

    const char *colon = lang == BF_LANG_FR ? " : " : ": ";
    size_t i, pass, k;
    bf_err err = bf_msg_format(out, lang, BF_MSG_ALT_SIGNALS, NULL, 0);

    /* Pass 0 names the signals held, pass 1 those missing. */
    for (pass = 0; !err && pass < 2; pass++) {
        for (i = 0, k = 0; !err && i < sizeof sig / sizeof *sig; i++) {
            if (!(alts->signals & sig[i].bit) != (pass == 1))
                continue;
            if (k++ == 0 && pass == 1) {
                err = bf_buf_puts(out, lang == BF_LANG_FR ? " ; " : "; ");
                if (!err)
                    err = bf_msg_format(out, lang, BF_MSG_ALT_MISSING, NULL, 0);
            }
            if (!err)
                err = bf_buf_puts(out, k == 1 ? colon : ", ");
            if (!err)
                err = bf_msg_format(out, lang, sig[i].msg, NULL, 0);
        }
        if (!err && pass == 0 && k == 0) {
            err = bf_buf_puts(out, colon);
            if (!err)
                err = bf_buf_puts(out, "-");
        }
    }
    return err;
}
