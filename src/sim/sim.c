/*
 * sim.c - building the simulated world and writing its files.
 *
 * The world is made in stages, each O(accounts) or O(edges):
 *
 *  1. Kinds and creation dates, in one pass over the accounts.  Fake
 *     followers come in contiguous batches created within three days, most
 *     batches in one calendar year (Cresci 2015: 1,182 of 1,337 in 2012).
 *  2. Per account, a popularity (the followers it should draw from real
 *     accounts: log-normal for people, Pareto for experts) and a unique
 *     handle (a 64-bit fingerprint set, freed afterwards).
 *  3. Follows.  Each non-farm account picks its followees from a Vose alias
 *     table over popularity (Zipf-like, heavy-tailed in-degree); a pick
 *     between real accounts is returned with a probability set per kind, so
 *     about a fifth of real links are reciprocal (Kwak 2010: 22%).  Farm
 *     accounts follow each other and a few popular accounts; each purchase
 *     of a bought expert takes a run of farm accounts that all follow at the
 *     purchase time.  Every follow gets a time, and follows are spilled to
 *     bucket files partitioned by followee.
 *  4. Each bucket is loaded, grouped by followee (counting sort),
 *     de-duplicated (earliest time kept), sorted newest first and written
 *     to follows.csv; degrees are counted on the way, so profile counters
 *     agree with the file.
 *  5. accounts.csv, labels.csv and posts.jsonl are streamed account by
 *     account.  Every attribute of an account or post is a function of
 *     (seed, purpose, account, post), so a post can be rebuilt anywhere,
 *     which is how retweets embed the very post they repeat.
 *
 * Every random draw comes from xoshiro256** seeded through splitmix64 from
 * such a tuple, never from rand(); the same options give the same bytes.
 *
 * Density (follows_per_account) is one factor, w->scale, on every source
 * of stage 3, fitted from the expected degrees before any follow is drawn;
 * at 1 (the default) every draw is the calibrated one.  At tens of
 * millions of accounts the time goes to cache misses on the account and
 * alias arrays (one or two per follow) and to writing bytes, so numbers
 * are formatted by hand rather than with printf, follows.csv is written
 * through a large buffer of its own and follower lists are sorted without
 * a comparison callback.
 */
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>

#include "base/buf.h"
#include "base/hash.h"
#include "sim/sim.h"

/* Internal times are uint32 seconds since 2000-01-01 (valid to 2136). */
#define T0 946684800LL

/* Seconds in a day and a year, for readability. */
#define DAY  86400LL
#define YEAR (365LL * DAY)

/* Twitter's snowflake epoch, in milliseconds. */
#define TWEPOCH_MS 1288834974657LL

/* Follows held in memory at once while one bucket is sorted. */
#define BUCKET_EDGES (4u << 20)

/* PREFETCH hints a cache line the loop will need a few turns later. */
#if defined(__GNUC__)
#define PREFETCH(p) __builtin_prefetch(p)
#else
#define PREFETCH(p) ((void)(p))
#endif

/* The output buffer of follows.csv. */
#define OUT_BUF (4u << 20)

/* At most this many bucket files are open at once. */
#define MAX_BUCKETS 256

/* A JSON line never grows beyond this. */
#define LINE_LIMIT (1u << 20)

/* The purposes random streams are drawn for. */
enum stream {
    S_KIND = 1,
    S_CREATED,
    S_POP,
    S_ACT,
    S_HANDLE,
    S_ID,
    S_FOLLOW,
    S_FARM,
    S_BUY,
    S_SPIKE,
    S_PROFILE,
    S_PTIME,
    S_POST,
};

/* ---- random numbers ---------------------------------------------------- */

typedef struct rng {
    uint64_t s[4];
} rng;

/* hash4 folds a tuple into 64 well-mixed bits. */
static uint64_t hash4(uint64_t a, uint64_t b, uint64_t c, uint64_t d)
{
    return bf_mix64(bf_mix64(bf_mix64(bf_mix64(a) ^ b) ^ c) ^ d);
}

static void rng_seed(rng *r, uint64_t seed, uint64_t tag, uint64_t a,
                     uint64_t b)
{
    uint64_t x = hash4(seed, tag, a, b);
    int i;

    for (i = 0; i < 4; i++) {
        x += 0x9e3779b97f4a7c15ULL;
        r->s[i] = bf_mix64(x);
    }
}

static uint64_t rotl(uint64_t x, int k)
{
    return (x << k) | (x >> (64 - k));
}

/* next is xoshiro256** (Blackman and Vigna 2018). */
static uint64_t next(rng *r)
{
    uint64_t res = rotl(r->s[1] * 5, 7) * 9, t = r->s[1] << 17;

    r->s[2] ^= r->s[0];
    r->s[3] ^= r->s[1];
    r->s[1] ^= r->s[2];
    r->s[0] ^= r->s[3];
    r->s[2] ^= t;
    r->s[3] = rotl(r->s[3], 45);
    return res;
}

/* unit is uniform in [0, 1) with 53 bits. */
static double unit(rng *r)
{
    return (double)(next(r) >> 11) * (1.0 / 9007199254740992.0);
}

/* below is uniform in [0, n); the modulo bias is below 2^-32 here. */
static uint64_t below(rng *r, uint64_t n)
{
    return n ? next(r) % n : 0;
}

/* gauss is a standard normal draw (Box-Muller, one value per call). */
static double gauss(rng *r)
{
    double u = unit(r), v = unit(r);

    return sqrt(-2.0 * log(1.0 - u)) * cos(6.283185307179586 * v);
}

/* lognormal has the given median; sigma is the spread of its logarithm. */
static double lognormal(rng *r, double median, double sigma)
{
    return median * exp(sigma * gauss(r));
}

/* poisson: Knuth's product method below 30, a rounded normal above. */
static uint64_t poisson(rng *r, double lambda)
{
    if (lambda <= 0)
        return 0;
    if (lambda < 30) {
        double l = exp(-lambda), p = 1.0;
        uint64_t k = 0;

        do {
            k++;
            p *= unit(r);
        } while (p > l);
        return k - 1;
    }
    {
        double x = lambda + sqrt(lambda) * gauss(r) + 0.5;

        return x < 0 ? 0 : (uint64_t)x;
    }
}

/* ---- numbers ------------------------------------------------------------ */

/* The decimal pairs 00 to 99, for formatting two digits per division. */
static const char digit_pairs[] = "00010203040506070809"
                                  "10111213141516171819"
                                  "20212223242526272829"
                                  "30313233343536373839"
                                  "40414243444546474849"
                                  "50515253545556575859"
                                  "60616263646566676869"
                                  "70717273747576777879"
                                  "80818283848586878889"
                                  "90919293949596979899";

/*
 * u64s writes v in decimal at p (at least 21 bytes) and returns the
 * length.  Billions of ids go through it, so it writes from the end two
 * digits per division instead of calling snprintf.
 */
static size_t u64s(uint64_t v, char *p)
{
    char tmp[24], *e = tmp + sizeof tmp, *d = e;
    size_t n;

    while (v >= 100) {
        unsigned k = (unsigned)(v % 100) * 2;

        v /= 100;
        *--d = digit_pairs[k + 1];
        *--d = digit_pairs[k];
    }
    if (v >= 10) {
        *--d = digit_pairs[v * 2 + 1];
        *--d = digit_pairs[v * 2];
    } else {
        *--d = (char)('0' + v);
    }
    n = (size_t)(e - d);
    memcpy(p, d, n);
    p[n] = '\0';
    return n;
}

/* put2 writes v (below 100) as two digits. */
static char *put2(char *p, unsigned v)
{
    p[0] = digit_pairs[v * 2];
    p[1] = digit_pairs[v * 2 + 1];
    return p + 2;
}

/* ---- dates --------------------------------------------------------------- */

/* days_from_civil: days since 1970-01-01 of y-m-d (Howard Hinnant). */
static int64_t days_from_civil(int64_t y, unsigned m, unsigned d)
{
    int64_t era;
    unsigned yoe, doy, doe;

    y -= m <= 2;
    era = (y >= 0 ? y : y - 399) / 400;
    yoe = (unsigned)(y - era * 400);
    doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + (int64_t)doe - 719468;
}

typedef struct civil {
    int64_t y;
    unsigned m, d, hh, mm, ss, wday;
} civil;

static void to_civil(int64_t t, civil *c)
{
    int64_t z = (t >= 0 ? t : t - (DAY - 1)) / DAY, sod = t - z * DAY;
    int64_t era, y;
    unsigned doe, yoe, doy, mp;

    c->wday = (unsigned)((z % 7 + 11) % 7); /* 1970-01-01 was a Thursday */
    z += 719468;
    era = (z >= 0 ? z : z - 146096) / 146097;
    doe = (unsigned)(z - era * 146097);
    yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    y = (int64_t)yoe + era * 400;
    doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    mp = (5 * doy + 2) / 153;
    c->d = doy - (153 * mp + 2) / 5 + 1;
    c->m = mp < 10 ? mp + 3 : mp - 9;
    c->y = y + (c->m <= 2);
    c->hh = (unsigned)(sod / 3600);
    c->mm = (unsigned)(sod / 60 % 60);
    c->ss = (unsigned)(sod % 60);
}

/* twitter_date writes "Fri Apr 06 10:58:22 +0000 2007" (31 bytes). */
static void twitter_date(int64_t t, char out[32])
{
    static const char wd[7][4] = { "Sun", "Mon", "Tue", "Wed",
                                   "Thu", "Fri", "Sat" };
    static const char mo[12][4] = { "Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                    "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };
    civil c;
    char *p = out;

    /* By hand: this runs once per account and post, snprintf was costly. */
    to_civil(t, &c);
    if (c.y < 0 || c.y > 9999) {
        snprintf(out, 32, "%s %s %02u %02u:%02u:%02u +0000 %04lld", wd[c.wday],
                 mo[c.m - 1], c.d, c.hh, c.mm, c.ss, (long long)c.y);
        return;
    }
    memcpy(p, wd[c.wday], 3);
    p[3] = ' ';
    memcpy(p + 4, mo[c.m - 1], 3);
    p[7] = ' ';
    p = put2(p + 8, c.d);
    *p++ = ' ';
    p = put2(p, c.hh);
    *p++ = ':';
    p = put2(p, c.mm);
    *p++ = ':';
    p = put2(p, c.ss);
    memcpy(p, " +0000 ", 7);
    p = put2(p + 7, (unsigned)(c.y / 100));
    p = put2(p, (unsigned)(c.y % 100));
    *p = '\0';
}

static int64_t year_start(int64_t y)
{
    return days_from_civil(y, 1, 1) * DAY;
}

/* ---- the world ----------------------------------------------------------- */

typedef struct acct {
    uint32_t created; /* seconds since T0 */
    uint32_t in;      /* followers in follows.csv */
    uint32_t out;     /* followees in follows.csv */
    uint32_t real_in; /* followers who are people, businesses or experts */
    float pop;        /* expected followers drawn by the alias table */
    uint8_t kind;
    uint8_t hk; /* the handle candidate the account got */
} acct;

/* One slot of the alias table: both halves share a cache line. */
typedef struct alias_slot {
    float prob;     /* keep the slot's own account below this draw */
    uint32_t alias; /* else take this one */
} alias_slot;

typedef struct edge {
    uint32_t follower, followee, t;
} edge;

typedef struct world {
    uint64_t seed;
    uint32_t n;
    int64_t now;
    acct *a;
    uint32_t *farms; /* farm accounts, in index order (batches contiguous) */
    uint32_t nfarms;
    uint32_t nreal;    /* accounts that are not farms */
    alias_slot *alias; /* alias table over pop */
    double pick_rate;  /* followees picked per unit of activity */
    double scale;      /* density factor on every source of follows */
    int post_cap;      /* posts kept per account, or BF_SIM_POSTS_AUTO */
    int64_t farm_year; /* the calendar year most farm batches are from */
    FILE *bucket[MAX_BUCKETS];
    uint16_t *bucket_of; /* followee -> bucket */
    uint32_t nbuckets;
    const char *dir;
    uint32_t *set; /* the per-account pick set, reused */
    uint32_t setcap;
} world;

static int is_real(int kind)
{
    return kind <= BF_SIM_BOUGHT;
}

static int64_t created_of(const world *w, uint32_t i)
{
    return T0 + (int64_t)w->a[i].created;
}

static uint32_t rel(int64_t t)
{
    return (uint32_t)(t - T0);
}

/* The showcase accounts are the first three. */
enum { SHOW_GENUINE = 0, SHOW_BOUGHT = 1, SHOW_BOT = 2, SHOWCASE = 3 };

static const char *const kind_names[BF_SIM__KINDS] = {
    "person",        "business",      "genuine_expert",
    "bought_expert", "fake_follower", "spam_bot",
};

const char *bf_sim_kind_name(int kind)
{
    return kind >= 0 && kind < BF_SIM__KINDS ? kind_names[kind] : "unknown";
}

const char *bf_sim_kind_label(int kind)
{
    if (kind < 0 || kind >= BF_SIM__KINDS)
        return "unknown";
    if (kind == BF_SIM_FAKE)
        return "fake";
    return kind == BF_SIM_BOT ? "bot" : "genuine";
}

void bf_sim_opts_init(bf_sim_opts *o)
{
    o->accounts = 2000;
    o->seed = 1;
    o->now = BF_SIM_DEFAULT_NOW;
    o->follows_per_account = 0;
    o->posts_per_account = BF_SIM_POSTS_AUTO;
}

/*
 * account_id is the native id of account i: decimal, unique, increasing
 * with i within each of two ranges.  One account in eight gets an id above
 * 2^53, so readers that go through a double are caught.
 */
static uint64_t account_id(const world *w, uint32_t i)
{
    uint64_t h = hash4(w->seed, S_ID, i, 0);

    if (h % 8 == 7)
        return (1ULL << 53) + 1000 + (uint64_t)i * 1009 + h % 1000;
    return 1000000000000000ULL + (uint64_t)i * 100003 + (h >> 8) % 100000;
}

/*
 * Stage 1: kinds and creation dates.  Shares follow the documented mix (see
 * docs/simulation.md); farm batches are drawn with a start probability
 * chosen so that farms make up FARM_SHARE of the accounts on average.
 */
#define FARM_SHARE 0.18

static void assign_kinds(world *w)
{
    /* Shares of the non-farm kinds, summing to 1 - FARM_SHARE. */
    static const double share[BF_SIM__KINDS] = { 0.70,  0.06, 0.015,
                                                 0.010, 0.0,  0.035 };
    double mu, p_start, total = 0;
    int64_t fy0 = year_start(w->farm_year), fy1 = year_start(w->farm_year + 1);
    uint32_t i, left = 0;
    int64_t center = 0;
    rng r;
    int k;

    for (k = 0; k < BF_SIM__KINDS; k++)
        total += share[k];
    /* Batches are a twentieth of the farm population, 4 to 150 accounts. */
    mu = w->n * FARM_SHARE / 20;
    mu = mu < 4 ? 4 : mu > 150 ? 150 : mu;
    p_start = FARM_SHARE / (mu * (1 - FARM_SHARE) + FARM_SHARE);
    rng_seed(&r, w->seed, S_KIND, 0, 0);
    for (i = 0; i < w->n; i++) {
        acct *a = &w->a[i];
        rng c;
        int64_t t, lo, hi;

        rng_seed(&c, w->seed, S_CREATED, i, 0);
        if (i < SHOWCASE) {
            static const int show_kind[SHOWCASE] = { BF_SIM_EXPERT,
                                                     BF_SIM_BOUGHT,
                                                     BF_SIM_BOT };
            static const int64_t show_age[SHOWCASE] = { 4900, 2200, 700 };

            a->kind = (uint8_t)show_kind[i];
            a->created =
                    rel(w->now - show_age[i] * DAY + (int64_t)below(&c, 40000));
            continue;
        }
        if (left == 0 && unit(&r) < p_start) {
            left = (uint32_t)(mu / 2 + below(&r, (uint64_t)mu + 1));
            /* 88% of batches in the farm year, the rest in the 6 before. */
            if (unit(&r) < 0.88)
                center = fy0 +
                         (int64_t)below(&r, (uint64_t)(fy1 - fy0 - 4 * DAY));
            else
                center = fy0 - 4 * YEAR +
                         (int64_t)below(&r, (uint64_t)(4 * YEAR));
        }
        if (left) {
            left--;
            a->kind = BF_SIM_FAKE;
            a->created = rel(center + (int64_t)below(&c, (uint64_t)(3 * DAY)));
            continue;
        }
        {
            double u = unit(&r) * total;

            for (k = 0; k < BF_SIM__KINDS - 1; k++) {
                if (u < share[k])
                    break;
                u -= share[k];
            }
            if (k == BF_SIM_FAKE)
                k = BF_SIM_BOT;
            a->kind = (uint8_t)k;
        }
        /* Real accounts spread over the platform's years. */
        switch (a->kind) {
        case BF_SIM_PERSON:
            lo = year_start(2008);
            hi = w->now - 60 * DAY;
            break;
        case BF_SIM_BUSINESS:
            lo = year_start(2009);
            hi = w->now - 120 * DAY;
            break;
        case BF_SIM_EXPERT:
        case BF_SIM_BOUGHT:
            lo = year_start(2009);
            hi = w->now - 2 * YEAR;
            break;
        default:
            lo = w->now - 4 * YEAR;
            hi = w->now - 30 * DAY;
            break;
        }
        if (hi <= lo)
            hi = lo + DAY;
        t = lo + (int64_t)below(&c, (uint64_t)(hi - lo));
        a->created = rel(t);
    }
}

/* activity is how many followees account i picks, relative to others. */
static double activity(const world *w, uint32_t i)
{
    rng r;

    rng_seed(&r, w->seed, S_ACT, i, 0);
    switch (w->a[i].kind) {
    case BF_SIM_PERSON:
        return lognormal(&r, 1.0, 0.8);
    case BF_SIM_BUSINESS:
        return lognormal(&r, 0.8, 0.5);
    case BF_SIM_EXPERT:
        return lognormal(&r, 1.0, 0.4);
    case BF_SIM_BOUGHT:
        return lognormal(&r, 2.0, 0.4);
    case BF_SIM_BOT:
        return lognormal(&r, 3.0, 0.5);
    default:
        return 0;
    }
}

/*
 * Stage 2a: popularity, the number of followers an account should draw
 * from the alias picks.  People: log-normal, median 80 (reciprocal and
 * farm follows bring the median near Cresci's 102).  Experts: Pareto with
 * minimum 800 and exponent 1.6 (heavy tail).  Capped at 40% of the real
 * accounts so small worlds stay simple graphs.
 */
static void assign_popularity(world *w, double *out_popsum, double *out_act)
{
    double cap = 0.4 * w->nreal, popsum = 0, act = 0;
    uint32_t i;

    for (i = 0; i < w->n; i++) {
        acct *a = &w->a[i];
        double p;
        rng r;

        rng_seed(&r, w->seed, S_POP, i, 0);
        switch (a->kind) {
        case BF_SIM_PERSON:
            p = lognormal(&r, 80, 1.0);
            break;
        case BF_SIM_BUSINESS:
            p = lognormal(&r, 250, 1.0);
            break;
        case BF_SIM_EXPERT:
            p = 800 * pow(1 - unit(&r), -1 / 1.6);
            if (i == SHOW_GENUINE)
                p = p < 3000 ? 3000 : p;
            break;
        case BF_SIM_BOUGHT:
            p = lognormal(&r, 200, 0.6);
            if (i == SHOW_BOUGHT) {
                /* A modest organic audience next to the farm blocks. */
                p = w->nfarms / 6.0;
                p = p < 5 ? 5 : p > 150 ? 150 : p;
            }
            break;
        case BF_SIM_BOT:
            p = i == SHOW_BOT ? 12 : lognormal(&r, 15, 0.8);
            break;
        default:
            p = 0;
            break;
        }
        if (p > cap)
            p = cap;
        a->pop = (float)p;
        popsum += p;
        act += activity(w, i);
    }
    *out_popsum = popsum;
    *out_act = act;
}

/* build_alias makes Vose's alias table over pop: O(n) time and memory. */
static bf_err build_alias(world *w, double popsum)
{
    uint32_t *small = NULL, *large = NULL, ns = 0, nl = 0, i;
    double *p = NULL;
    bf_err err = BF_ENOMEM;

    w->alias = malloc(sizeof *w->alias * w->n);
    small = malloc(sizeof *small * w->n);
    large = malloc(sizeof *large * w->n);
    p = malloc(sizeof *p * w->n);
    if (!w->alias || !small || !large || !p)
        goto out;
    for (i = 0; i < w->n; i++) {
        p[i] = w->a[i].pop * (double)w->n / popsum;
        if (p[i] < 1)
            small[ns++] = i;
        else
            large[nl++] = i;
    }
    while (ns && nl) {
        uint32_t s = small[--ns], l = large[nl - 1];

        w->alias[s].prob = (float)p[s];
        w->alias[s].alias = l;
        p[l] -= 1 - p[s];
        if (p[l] < 1) {
            nl--;
            small[ns++] = l;
        }
    }
    while (nl) {
        uint32_t l = large[--nl];

        w->alias[l].prob = 1;
        w->alias[l].alias = l;
    }
    while (ns) {
        uint32_t s = small[--ns];

        w->alias[s].prob = 1;
        w->alias[s].alias = s;
    }
    err = BF_OK;
out:
    free(small);
    free(large);
    free(p);
    return err;
}

/* sample draws an account with probability proportional to pop. */
static uint32_t sample(const world *w, rng *r)
{
    uint32_t i = (uint32_t)below(r, w->n);
    const alias_slot *a = &w->alias[i];

    return unit(r) < a->prob ? i : a->alias;
}

/* ---- handles and names --------------------------------------------------- */

/* The number of handle candidates before the guaranteed-unique fallback. */
#define HANDLE_TRIES 17

/* lower_ascii writes s without accents, lower case, letters only. */
static void lower_ascii(const char *s, char *out, size_t cap)
{
    size_t n = 0;

    while (*s && n + 1 < cap) {
        unsigned char c = (unsigned char)*s;

        if (c >= 'A' && c <= 'Z') {
            out[n++] = (char)(c - 'A' + 'a');
            s++;
        } else if (c >= 'a' && c <= 'z') {
            out[n++] = (char)c;
            s++;
        } else if (c == 0xC3 && s[1]) {
            /* Latin-1 supplement letters: drop the accent. */
            unsigned char d = (unsigned char)s[1];
            const char *m = "aaaaaaaceeeeiiiidnooooo/ouuuuyby";

            if (d >= 0x80 && d <= 0xBF) {
                char ch = m[(d - 0x80) & 31];

                if (ch >= 'a' && ch <= 'z')
                    out[n++] = ch;
            }
            s += 2;
        } else {
            s++;
        }
    }
    out[n] = '\0';
}

typedef struct names {
    char first[32], last[32], city[32], biz[64];
} names;

static void account_names(const world *w, uint32_t i, names *nm)
{
    uint64_t h = hash4(w->seed, S_HANDLE, i, 1);

    bf__sim_first_name(h, nm->first, sizeof nm->first);
    bf__sim_last_name(bf_mix64(h + 1), nm->last, sizeof nm->last);
    bf__sim_city(bf_mix64(h + 2), nm->city, sizeof nm->city);
    bf__sim_business_name(bf_mix64(h + 3), nm->biz, sizeof nm->biz);
}

/* The part of a handle before its digits (40 bytes). */
typedef struct handle_base {
    char s[40];
} handle_base;

/*
 * base_of computes account i's handle base once: the candidates differ
 * only in their digits, and the names behind the base are the costly part
 * when a large world tries many candidates per account.
 */
static void base_of(const world *w, uint32_t i, handle_base *hb)
{
    static const char *const bot_words[] = { "promo", "deals",  "bonsplans",
                                             "flash", "soldes", "codes" };
    static const char *const guru_words[] = { "growth", "boost", "viral",
                                              "influence", "success" };
    char *base = hb->s, first[32], last[32];
    uint64_t h = hash4(w->seed, S_HANDLE, i, 2);
    names nm;

    base[0] = '\0';
    if (i < SHOWCASE)
        return;
    account_names(w, i, &nm);
    lower_ascii(nm.first, first, sizeof first);
    lower_ascii(nm.last, last, sizeof last);
    switch (w->a[i].kind) {
    case BF_SIM_BUSINESS:
        lower_ascii(nm.biz, base, 16);
        break;
    case BF_SIM_EXPERT:
        snprintf(base, sizeof hb->s, "%.8s_%.6s", first,
                 h % 2 ? last : "conseil");
        break;
    case BF_SIM_BOUGHT:
        snprintf(base, sizeof hb->s, "%s_%.8s", guru_words[h % 5], first);
        break;
    case BF_SIM_BOT:
        snprintf(base, sizeof hb->s, "%s_%s", bot_words[h % 6],
                 bot_words[(h >> 8) % 6]);
        break;
    case BF_SIM_FAKE:
        snprintf(base, sizeof hb->s, "%.8s%.1s", first, last);
        break;
    default:
        switch (h % 4) {
        case 0:
            snprintf(base, sizeof hb->s, "%.7s_%.7s", first, last);
            break;
        case 1:
            snprintf(base, sizeof hb->s, "%.7s%.7s", first, last);
            break;
        case 2:
            snprintf(base, sizeof hb->s, "%.1s%.12s", first, last);
            break;
        default:
            snprintf(base, sizeof hb->s, "%.10s_%.1s", first, last);
            break;
        }
        break;
    }
}

/*
 * handle_candidate writes candidate c of account i's handle.  0 is the
 * plain pattern, 1-8 add two digits, 9-16 four digits; the last, "x" then
 * the index then "x", cannot clash with any other (all other candidates
 * start with two letters).
 */
static void handle_candidate(const world *w, uint32_t i, unsigned c,
                             const handle_base *hb, char *out, size_t cap)
{
    static const char *const show[SHOWCASE] = { BF_SIM_SHOWCASE_GENUINE,
                                                BF_SIM_SHOWCASE_BOUGHT,
                                                BF_SIM_SHOWCASE_BOT };
    const char *base = hb->s;

    if (i < SHOWCASE) {
        snprintf(out, cap, "%s", show[i]);
        return;
    }
    if (c >= HANDLE_TRIES) {
        snprintf(out, cap, "x%ux", (unsigned)i);
        return;
    }
    /* Farm accounts always carry digits, as generated names do. */
    if (w->a[i].kind == BF_SIM_FAKE && c == 0)
        c = 9;
    if (c == 0)
        snprintf(out, cap, "%s", base);
    else if (c <= 8)
        snprintf(out, cap, "%s%02u", base,
                 (unsigned)(hash4(w->seed, S_HANDLE, i, c) % 100));
    else
        snprintf(out, cap, "%s%04u", base,
                 (unsigned)(hash4(w->seed, S_HANDLE, i, c) % 10000));
}

static void handle_of(const world *w, uint32_t i, char *out, size_t cap)
{
    handle_base hb = { { 0 } };

    base_of(w, i, &hb);
    handle_candidate(w, i, w->a[i].hk, &hb, out, cap);
}

static uint64_t fingerprint(const char *s)
{
    uint64_t h = 1469598103934665603ULL;

    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211ULL;
    h = bf_mix64(h);
    return h ? h : 1;
}

/*
 * Stage 2b: give every account the first handle candidate nobody took.
 * A fingerprint set of 2n slots (16 bytes per account) lives only here.
 * A false match merely skips a candidate; the fallback is unique anyway.
 */
static bf_err assign_handles(world *w)
{
    uint64_t cap = 1, *set, mask;
    uint32_t i;
    char hd[48];

    while (cap < 2ULL * w->n + 8)
        cap <<= 1;
    set = calloc(cap, sizeof *set);
    if (!set)
        return BF_ENOMEM;
    mask = cap - 1;
    for (i = 0; i < w->n; i++) {
        handle_base hb = { { 0 } };
        unsigned c;

        base_of(w, i, &hb);
        for (c = 0; c <= HANDLE_TRIES; c++) {
            uint64_t f, j;

            handle_candidate(w, i, c, &hb, hd, sizeof hd);
            f = fingerprint(hd);
            for (j = f & mask; set[j] && set[j] != f; j = (j + 1) & mask)
                ;
            if (!set[j] || c == HANDLE_TRIES) {
                set[j] = f;
                break;
            }
        }
        w->a[i].hk = (uint8_t)c;
        /* Showcase handles are fixed and looked up no further. */
    }
    free(set);
    return BF_OK;
}

/* ---- follows ------------------------------------------------------------- */

/*
 * Spikes: half the genuine experts and a tenth of the businesses had a
 * legitimate burst (a viral post, a shout-out, a giveaway) in which a share
 * of their ordinary followers arrived within two days.
 */
static int spike_of(const world *w, uint32_t v, int64_t *out_t, double *out_f)
{
    int kind = w->a[v].kind;
    int64_t c = created_of(w, v), lo, hi;
    rng r;

    /* Most followees cannot spike: skip seeding their stream (per edge). */
    if (kind != BF_SIM_EXPERT && kind != BF_SIM_BUSINESS && v != SHOW_GENUINE)
        return 0;
    rng_seed(&r, w->seed, S_SPIKE, v, 0);
    if (v == SHOW_GENUINE) {
        *out_t = w->now - 200 * DAY;
        *out_f = 0.3;
        return 1;
    }
    if (!((kind == BF_SIM_EXPERT && unit(&r) < 0.5) ||
          (kind == BF_SIM_BUSINESS && unit(&r) < 0.1)))
        return 0;
    lo = c + YEAR;
    hi = w->now - 14 * DAY;
    if (hi <= lo)
        return 0;
    *out_t = lo + (int64_t)below(&r, (uint64_t)(hi - lo));
    *out_f = 0.2;
    return 1;
}

/* follow_time is when u followed v: after both existed, recent-leaning. */
static int64_t follow_time(const world *w, uint32_t u, uint32_t v, rng *r)
{
    int64_t cu = created_of(w, u), cv = created_of(w, v);
    int64_t lo = (cu > cv ? cu : cv) + 3600, hi = w->now - 60, st;
    double f;

    if (hi <= lo)
        return hi;
    if (spike_of(w, v, &st, &f) && cu < st && unit(r) < f)
        return st + (int64_t)below(r, (uint64_t)(2 * DAY));
    /* Density rising linearly with time: audiences grow. */
    return lo + (int64_t)((double)(hi - lo) * sqrt(unit(r)));
}

static bf_err emit(world *w, uint32_t u, uint32_t v, int64_t t)
{
    edge e;

    if (t >= w->now)
        t = w->now - 1;
    e.follower = u;
    e.followee = v;
    e.t = rel(t);
    if (fwrite(&e, sizeof e, 1, w->bucket[w->bucket_of[v]]) != 1)
        return BF_EIO;
    return BF_OK;
}

/* set_add adds x to the small open-addressing set; 0 when already in. */
static int set_add(world *w, uint32_t x)
{
    uint32_t mask = w->setcap - 1, j = (uint32_t)bf_mix64(x) & mask;

    while (w->set[j] != UINT32_MAX) {
        if (w->set[j] == x)
            return 0;
        j = (j + 1) & mask;
    }
    w->set[j] = x;
    return 1;
}

static bf_err set_reset(world *w, uint64_t want)
{
    uint32_t cap = 64;

    while (cap < 2 * want + 2)
        cap <<= 1;
    if (cap > w->setcap) {
        uint32_t *s = realloc(w->set, sizeof *s * cap);

        if (!s)
            return BF_ENOMEM;
        w->set = s;
        w->setcap = cap;
    }
    memset(w->set, 0xff, sizeof *w->set * w->setcap);
    return BF_OK;
}

/* The probability that a follow between real accounts is returned. */
static double follow_back(int kind)
{
    switch (kind) {
    case BF_SIM_PERSON:
        return 0.11;
    case BF_SIM_BUSINESS:
        return 0.08;
    case BF_SIM_EXPERT:
        return 0.03;
    case BF_SIM_BOUGHT:
        return 0.30;
    default:
        return 0;
    }
}

/* Stage 3a: the organic follows, picked by every non-farm account. */
static bf_err organic_follows(world *w)
{
    double maxpick = 0.5 * w->nreal;
    uint32_t u;
    bf_err err = BF_OK;

    if (maxpick > 20000)
        maxpick = 20000;
    for (u = 0; u < w->n && !err; u++) {
        int ku = w->a[u].kind;
        double want;
        uint64_t m, tries, got = 0;
        rng r;

        if (ku == BF_SIM_FAKE)
            continue;
        rng_seed(&r, w->seed, S_FOLLOW, u, 0);
        want = activity(w, u) * w->pick_rate * w->scale;
        if (want > maxpick)
            want = maxpick;
        m = (uint64_t)want + (unit(&r) < want - floor(want));
        err = set_reset(w, m);
        for (tries = 0; !err && got < m && tries < 4 * m + 16; tries++) {
            uint32_t v = sample(w, &r);
            int64_t t;

            if (v == u || !set_add(w, v))
                continue;
            got++;
            t = follow_time(w, u, v, &r);
            err = emit(w, u, v, t);
            if (!err && is_real(ku) && is_real(w->a[v].kind) &&
                unit(&r) < follow_back(w->a[v].kind))
                err = emit(w, v, u, t + 60 + (int64_t)below(&r, 2 * DAY));
        }
    }
    return err;
}

/*
 * Stage 3b: farm accounts follow about 18 other farm accounts (Cresci's
 * median follower count of bought followers) and a few popular accounts,
 * to look like people.
 */
static bf_err farm_follows(world *w)
{
    uint32_t j;
    bf_err err = BF_OK;

    for (j = 0; j < w->nfarms && !err; j++) {
        uint32_t u = w->farms[j];
        uint64_t k, c, got, tries;
        rng r;

        rng_seed(&r, w->seed, S_FARM, u, 0);
        k = poisson(&r, 18 * w->scale);
        c = poisson(&r, 5 * w->scale);
        if (k > w->nfarms - 1)
            k = w->nfarms - 1;
        err = set_reset(w, k + c);
        for (got = tries = 0; !err && got < k && tries < 4 * k + 16; tries++) {
            uint32_t v = w->farms[below(&r, w->nfarms)];
            int64_t cu = created_of(w, u), cv = created_of(w, v);

            if (v == u || !set_add(w, v))
                continue;
            got++;
            err = emit(w, u, v,
                       (cu > cv ? cu : cv) + 3600 +
                               (int64_t)below(&r, 30 * DAY));
        }
        for (got = tries = 0; !err && got < c && tries < 4 * c + 16; tries++) {
            uint32_t v = sample(w, &r);

            if (v == u || !set_add(w, v))
                continue;
            got++;
            err = emit(w, u, v, follow_time(w, u, v, &r));
        }
    }
    return err;
}

typedef struct purchase {
    int64_t t;
    uint64_t size;
} purchase;

/*
 * purchases_of lists the follower purchases of a bought expert: one or two
 * bursts after the farm year.  The showcase account bought four to five
 * times its organic audience in two bursts, 300 and 90 days ago.
 */
static int purchases_of(const world *w, uint32_t v, purchase p[2])
{
    int64_t lo = year_start(w->farm_year + 1) + 30 * DAY;
    int64_t hi = w->now - 120 * DAY;
    double total;
    int np;
    rng r;

    rng_seed(&r, w->seed, S_BUY, v, 0);
    if (hi <= lo)
        hi = lo + DAY;
    if (v == SHOW_BOUGHT) {
        total = 5.0 * w->a[v].pop;
        total = (total < 1200 ? 1200 : total) * w->scale;
        if (total > 0.9 * w->nfarms)
            total = 0.9 * w->nfarms;
        p[0].t = w->now - 300 * DAY;
        p[1].t = w->now - 90 * DAY;
        p[0].size = (uint64_t)(total * 0.55);
        p[1].size = (uint64_t)(total * 0.45);
        return 2;
    }
    total = lognormal(&r, 1000, 0.8) * w->scale;
    if (total > 0.7 * w->nfarms)
        total = 0.7 * w->nfarms;
    np = unit(&r) < 0.6 ? 2 : 1;
    p[0].t = lo + (int64_t)below(&r, (uint64_t)(hi - lo));
    p[0].size = (uint64_t)(total / np);
    if (np == 2) {
        p[1].t = p[0].t + 60 * DAY + (int64_t)below(&r, 200 * DAY);
        if (p[1].t > w->now - 14 * DAY)
            p[1].t = w->now - 14 * DAY;
        p[1].size = (uint64_t)(total - (double)p[0].size);
    }
    return np;
}

/* Stage 3c: each purchase is a run of farm accounts following at once. */
static bf_err bought_follows(world *w)
{
    uint32_t v;
    bf_err err = BF_OK;

    for (v = 0; v < w->n && !err && w->nfarms; v++) {
        purchase p[2];
        uint64_t start;
        int np, k;
        rng r;

        if (w->a[v].kind != BF_SIM_BOUGHT)
            continue;
        np = purchases_of(w, v, p);
        rng_seed(&r, w->seed, S_BUY, v, 1);
        /* A second purchase continues where the first run ended. */
        start = below(&r, w->nfarms);
        for (k = 0; k < np && !err; k++) {
            uint64_t s, got = 0;

            for (s = 0; !err && s < w->nfarms && got < p[k].size; s++) {
                uint32_t u = w->farms[(start + s) % w->nfarms];

                if (created_of(w, u) >= p[k].t - DAY)
                    continue;
                got++;
                /* All within 36 hours: a contiguous block of the list. */
                err = emit(w, u, v, p[k].t + (int64_t)below(&r, 36 * 3600));
            }
            start += s;
        }
    }
    return err;
}

/*
 * expected_follows is the number of follows stages 3a-3c draw when every
 * source is scaled by f: organic picks sum_u min(act_u x pick_rate x f,
 * maxpick), each pick by a real account returned with the pop-weighted
 * mean follow-back probability fbw; farm follows nfarms x (min(18f,
 * nfarms - 1) + 5f); purchases as purchases_of draws them.  It ignores
 * duplicates and farm accounts too young for a purchase, so it slightly
 * overestimates.  act holds each account's activity.  Time O(accounts).
 */
static double expected_follows(world *w, const float *act, double fbw, double f)
{
    double maxpick = 0.5 * w->nreal, e = 0, k = 18 * f, saved = w->scale;
    uint32_t i;

    if (maxpick > 20000)
        maxpick = 20000;
    w->scale = f;
    for (i = 0; i < w->n; i++) {
        int kind = w->a[i].kind;
        double want = act[i] * w->pick_rate * f;

        if (kind == BF_SIM_FAKE)
            continue;
        want = want > maxpick ? maxpick : want;
        e += want * (is_real(kind) ? 1 + fbw : 1);
        if (kind == BF_SIM_BOUGHT && w->nfarms) {
            purchase p[2];
            int np = purchases_of(w, i, p);

            e += (double)p[0].size + (np == 2 ? (double)p[1].size : 0);
        }
    }
    if (w->nfarms)
        e += w->nfarms * ((k > w->nfarms - 1 ? w->nfarms - 1 : k) + 5 * f);
    w->scale = saved;
    return e;
}

/*
 * fit_density sets w->scale so that the expected follows per account meet
 * target: a first ratio, then three fixed-point corrections for the caps
 * (maxpick, the farm population), which bind only in small or very dense
 * worlds.  Memory: one float per account, freed on return.
 */
static bf_err fit_density(world *w, double target)
{
    float *act = malloc(sizeof *act * w->n);
    double popsum = 0, fbsum = 0, fbw, f = 1, e;
    uint32_t i;
    int it;

    if (!act)
        return BF_ENOMEM;
    for (i = 0; i < w->n; i++) {
        int kind = w->a[i].kind;

        act[i] = (float)activity(w, i);
        popsum += w->a[i].pop;
        if (is_real(kind))
            fbsum += w->a[i].pop * follow_back(kind);
    }
    fbw = popsum > 0 ? fbsum / popsum : 0;
    for (it = 0; it < 4; it++) {
        e = expected_follows(w, act, fbw, f) / w->n;
        if (e <= 0)
            break;
        f *= target / e;
        f = f > 1e4 ? 1e4 : f;
    }
    w->scale = f;
    free(act);
    return BF_OK;
}

static void bucket_path(const world *w, uint32_t b, char *out, size_t cap)
{
    snprintf(out, cap, "%s/.sim-follows-%03u.tmp", w->dir, (unsigned)b);
}

/* expected_in estimates account i's followers, to balance the buckets. */
static double expected_in(const world *w, uint32_t i)
{
    return (w->a[i].pop * 1.2 + 25 +
            (w->a[i].kind == BF_SIM_BOUGHT ? 1500 : 0)) *
           w->scale;
}

/*
 * plan_buckets splits followees into ranges holding about BUCKET_EDGES
 * expected follows each, so one bucket at a time fits in memory.
 */
static bf_err plan_buckets(world *w)
{
    double total = 0, acc = 0;
    uint32_t i, b;
    char path[4096];

    for (i = 0; i < w->n; i++)
        total += expected_in(w, i);
    w->nbuckets = (uint32_t)(total / BUCKET_EDGES) + 1;
    if (w->nbuckets > MAX_BUCKETS)
        w->nbuckets = MAX_BUCKETS;
    w->bucket_of = malloc(sizeof *w->bucket_of * w->n);
    if (!w->bucket_of)
        return BF_ENOMEM;
    for (i = 0; i < w->n; i++) {
        double e = expected_in(w, i);

        b = (uint32_t)(acc / total * w->nbuckets);
        w->bucket_of[i] = (uint16_t)(b < w->nbuckets ? b : w->nbuckets - 1);
        acc += e;
    }
    for (b = 0; b < w->nbuckets; b++) {
        bucket_path(w, b, path, sizeof path);
        w->bucket[b] = fopen(path, "w+b");
        if (!w->bucket[b])
            return BF_EIO;
    }
    return BF_OK;
}

/* ekey orders follows by time, then follower: a total order on distinct. */
static uint64_t ekey(const edge *e)
{
    return (uint64_t)e->t << 32 | e->follower;
}

/*
 * sort_edges sorts a by ekey: quicksort with a median-of-three pivot,
 * insertion sort below 16 elements, recursing into the smaller side so the
 * stack stays O(log n).  It replaces qsort, whose comparison callback was
 * the cost of stage 4; equal keys are identical follows, so the result is
 * the same whatever the algorithm.  Expected time O(n log n).
 */
static void sort_edges(edge *a, size_t n)
{
    while (n > 16) {
        size_t i = 0, j = n - 1, m = n / 2;
        uint64_t p;
        edge t;

        /* Median of three to a[m]. */
        if (ekey(&a[m]) < ekey(&a[0])) {
            t = a[m], a[m] = a[0], a[0] = t;
        }
        if (ekey(&a[n - 1]) < ekey(&a[m])) {
            t = a[m], a[m] = a[n - 1], a[n - 1] = t;
            if (ekey(&a[m]) < ekey(&a[0])) {
                t = a[m], a[m] = a[0], a[0] = t;
            }
        }
        p = ekey(&a[m]);
        /* Hoare partition: a[0..j] <= p <= a[j+1..n-1]. */
        for (;;) {
            while (ekey(&a[i]) < p)
                i++;
            while (ekey(&a[j]) > p)
                j--;
            if (i >= j)
                break;
            t = a[i], a[i] = a[j], a[j] = t;
            i++;
            j--;
        }
        if (j + 1 < n - j - 1) {
            sort_edges(a, j + 1);
            a += j + 1;
            n -= j + 1;
        } else {
            sort_edges(a + j + 1, n - j - 1);
            n = j + 1;
        }
    }
    {
        size_t i, j;

        for (i = 1; i < n; i++) {
            edge t = a[i];
            uint64_t k = ekey(&t);

            for (j = i; j > 0 && ekey(&a[j - 1]) > k; j--)
                a[j] = a[j - 1];
            a[j] = t;
        }
    }
}

/*
 * Stage 4: one bucket at a time, group by followee (counting sort), sort
 * each group by time, keep each follower's earliest follow, and write the
 * group newest first.  Time O(E log d) for groups of d followers.  Each
 * bucket file is deleted once read.
 */
static bf_err write_follows(world *w, FILE *f, uint64_t *out_n)
{
    edge *e = NULL, *g = NULL;
    uint32_t *start = NULL, *stamp = NULL;
    size_t cap = 0, olen = 0;
    uint64_t total = 0;
    uint32_t b, lo = 0;
    char *ob = malloc(OUT_BUF), path[4096];
    bf_err err = BF_OK;

    stamp = calloc(w->n, sizeof *stamp);
    if (!stamp || !ob) {
        free(stamp);
        free(ob);
        return BF_ENOMEM;
    }
    if (fputs("follower,followee,position\n", f) == EOF)
        err = BF_EIO;
    for (b = 0; b < w->nbuckets && !err; b++) {
        FILE *bf = w->bucket[b];
        long size;
        size_t ne, k;
        uint32_t hi = lo, v;

        while (hi < w->n && w->bucket_of[hi] == b)
            hi++;
        if (fflush(bf) || fseek(bf, 0, SEEK_END) || (size = ftell(bf)) < 0 ||
            fseek(bf, 0, SEEK_SET)) {
            err = BF_EIO;
            break;
        }
        ne = (size_t)size / sizeof(edge);
        if (ne > cap) {
            free(e);
            free(g);
            e = malloc(sizeof *e * ne);
            g = malloc(sizeof *g * ne);
            cap = ne;
            if (!e || !g) {
                err = BF_ENOMEM;
                break;
            }
        }
        if (ne && fread(e, sizeof *e, ne, bf) != ne) {
            err = BF_EIO;
            break;
        }
        /* Read whole: the bucket goes now, not at the end, so a
         * platform-size world's buckets shrink as its follows go out. */
        fclose(bf);
        w->bucket[b] = NULL;
        bucket_path(w, b, path, sizeof path);
        remove(path);
        free(start);
        start = calloc((size_t)(hi - lo) + 2, sizeof *start);
        if (!start) {
            err = BF_ENOMEM;
            break;
        }
        for (k = 0; k < ne; k++)
            start[e[k].followee - lo + 1]++;
        for (v = 0; v < hi - lo; v++)
            start[v + 1] += start[v];
        for (k = 0; k < ne; k++)
            g[start[e[k].followee - lo]++] = e[k];
        /* start[v] now holds the end of group v; rebuild the starts. */
        memmove(start + 1, start, sizeof *start * (hi - lo));
        start[0] = 0;
        for (v = lo; v < hi && !err; v++) {
            edge *grp = g + start[v - lo];
            size_t d = start[v - lo + 1] - start[v - lo], kept = 0;
            char vid[32];
            size_t nvid;

            sort_edges(grp, d);
            for (k = 0; k < d; k++) {
                /* Followers are scattered: fetch ahead what we will touch. */
                if (k + 8 < d) {
                    PREFETCH(&stamp[grp[k + 8].follower]);
                    PREFETCH(&w->a[grp[k + 8].follower]);
                }
                if (stamp[grp[k].follower] == v + 1)
                    continue;
                stamp[grp[k].follower] = v + 1;
                grp[kept++] = grp[k];
            }
            /*
             * Lines go to a large buffer of our own: the followee's id is
             * formatted once per group, and stdio is called once per
             * OUT_BUF bytes rather than once per line.
             */
            vid[0] = ',';
            nvid = u64s(account_id(w, v), vid + 1) + 1;
            vid[nvid++] = ',';
            for (k = kept; k-- > 0 && !err;) {
                uint32_t u = grp[k].follower;

                if (olen > OUT_BUF - 64) {
                    if (fwrite(ob, 1, olen, f) != olen)
                        err = BF_EIO;
                    olen = 0;
                }
                olen += u64s(account_id(w, u), ob + olen);
                memcpy(ob + olen, vid, nvid);
                olen += nvid;
                /* The position in the follower list, 0 the newest. */
                olen += u64s(kept - 1 - k, ob + olen);
                ob[olen++] = '\n';
                w->a[u].out++;
                if (is_real(w->a[u].kind))
                    w->a[v].real_in++;
            }
            w->a[v].in = (uint32_t)kept;
            total += kept;
        }
        lo = hi;
    }
    if (!err && olen && fwrite(ob, 1, olen, f) != olen)
        err = BF_EIO;
    *out_n = total;
    free(ob);
    free(e);
    free(g);
    free(start);
    free(stamp);
    return err;
}

/* ---- profiles ------------------------------------------------------------ */

typedef struct profile {
    uint32_t i;
    int kind;
    uint64_t id;
    char id_s[24];
    char handle[48], name[96], bio[400], url[128], location[48];
    int64_t created;
    uint64_t statuses, followers, friends, likes, lists;
    int default_profile, default_avatar, verified, geo, banner;
    const char *lang;
    uint32_t img;
} profile;

/* chance draws a Bernoulli(p). */
static int chance(rng *r, double p)
{
    return unit(r) < p;
}

static uint64_t clampu(double x, double lo, double hi)
{
    return (uint64_t)(x < lo ? lo : x > hi ? hi : x);
}

/*
 * make_profile computes account i's profile: counters are calibrated per
 * kind (Cresci 2015 medians for people and fake followers), followers come
 * from the graph, friends_count is at least the out-degree in the file.
 */
static void make_profile(const world *w, uint32_t i, profile *p)
{
    const acct *a = &w->a[i];
    int64_t age;
    double friends;
    names nm;
    rng r;

    rng_seed(&r, w->seed, S_PROFILE, i, 0);
    memset(p, 0, sizeof *p);
    p->i = i;
    p->kind = a->kind;
    p->id = account_id(w, i);
    u64s(p->id, p->id_s);
    handle_of(w, i, p->handle, sizeof p->handle);
    account_names(w, i, &nm);
    p->created = created_of(w, i);
    age = w->now - p->created;
    p->followers = a->in;
    p->lang = chance(&r, 0.9) ? "fr" : "en";
    p->img = (uint32_t)below(&r, 900000) + 100000;
    p->geo = chance(&r, 0.3);
    bf__sim_bio(a->kind, next(&r), nm.city, p->bio, sizeof p->bio);
    snprintf(p->location, sizeof p->location, "%s", nm.city);
    switch (a->kind) {
    case BF_SIM_PERSON:
        snprintf(p->name, sizeof p->name, "%s %s", nm.first, nm.last);
        p->statuses = clampu(lognormal(&r, 992, 1.6), 1, 400000);
        friends = lognormal(&r, 226, 1.05);
        p->likes =
                chance(&r, 0.2) ? 0 : clampu(lognormal(&r, 60, 1.8), 0, 300000);
        p->lists = clampu(lognormal(&r, 1.2, 1.3), 0, 5000);
        p->default_profile = chance(&r, 0.27);
        p->default_avatar = chance(&r, 0.003);
        if (!chance(&r, 0.99))
            p->bio[0] = '\0';
        if (chance(&r, 0.31))
            snprintf(p->url, sizeof p->url, "https://%s.example", p->handle);
        if (!chance(&r, 0.67))
            p->location[0] = '\0';
        p->banner = chance(&r, 0.5);
        break;
    case BF_SIM_BUSINESS:
        snprintf(p->name, sizeof p->name, "%s", nm.biz);
        p->statuses = clampu(lognormal(&r, 2500, 1.0), 1, 400000);
        friends = lognormal(&r, 400, 0.8);
        p->likes = clampu(lognormal(&r, 200, 1.2), 0, 300000);
        p->lists = clampu(a->in / 60.0 + lognormal(&r, 3, 1.0), 0, 1e6);
        p->default_profile = chance(&r, 0.05);
        snprintf(p->url, sizeof p->url, "https://%s.example", p->handle);
        p->banner = 1;
        break;
    case BF_SIM_EXPERT:
        snprintf(p->name, sizeof p->name, "%s %s", nm.first, nm.last);
        p->statuses = clampu(lognormal(&r, 8000, 0.7), 100, 400000);
        friends = lognormal(&r, 700, 0.6);
        p->likes = clampu(lognormal(&r, 3000, 1.0), 0, 300000);
        p->lists = clampu(a->in / 25.0 + lognormal(&r, 5, 0.8), 0, 1e6);
        p->verified = a->in > 20000 && chance(&r, 0.5);
        snprintf(p->url, sizeof p->url, "https://%s.example", p->handle);
        p->banner = 1;
        break;
    case BF_SIM_BOUGHT:
        snprintf(p->name, sizeof p->name, "%s %s | Growth Expert 🚀", nm.first,
                 nm.last);
        p->statuses = clampu(lognormal(&r, 1500, 0.6), 50, 400000);
        friends = lognormal(&r, 1200, 0.5);
        p->likes = clampu(lognormal(&r, 400, 1.0), 0, 300000);
        p->lists = clampu(lognormal(&r, 2, 0.7), 0, 1000);
        snprintf(p->url, sizeof p->url, "https://%s.example", p->handle);
        p->banner = 1;
        break;
    case BF_SIM_FAKE:
        /* Cresci INT: bio 81%, no URL, location 96%, default theme 99.6%. */
        snprintf(p->name, sizeof p->name, "%s %s", nm.first,
                 chance(&r, 0.5) ? nm.last : "");
        if (p->name[strlen(p->name) - 1] == ' ')
            p->name[strlen(p->name) - 1] = '\0';
        p->statuses = clampu(36 + 22 * gauss(&r), 0, 500);
        friends = 340 + 200 * gauss(&r);
        friends = friends < 20 ? 20 : friends;
        p->default_profile = chance(&r, 0.996);
        p->default_avatar = chance(&r, 0.003);
        if (!chance(&r, 0.81))
            p->bio[0] = '\0';
        if (!chance(&r, 0.96))
            p->location[0] = '\0';
        p->lang = "fr";
        break;
    default:
        if (i == SHOW_BOT)
            snprintf(p->name, sizeof p->name, "Promo Deals 24/7");
        else
            snprintf(p->name, sizeof p->name, "Bons Plans %s", nm.city);
        p->statuses = clampu(lognormal(&r, 15000, 0.8), 500, 2000000);
        friends = lognormal(&r, 800, 0.7);
        p->lists = chance(&r, 0.2);
        p->default_profile = chance(&r, 0.6);
        p->default_avatar = chance(&r, 0.05);
        if (chance(&r, 0.5) || i == SHOW_BOT)
            snprintf(p->url, sizeof p->url, "https://%s.example", p->handle);
        break;
    }
    if (i == SHOW_GENUINE) {
        snprintf(p->name, sizeof p->name, "Claire Martin");
        snprintf(p->location, sizeof p->location, "Lyon, France");
        snprintf(p->bio, sizeof p->bio,
                 "Consultante en stratégie digitale pour les PME, Lyon. "
                 "J'écris chaque semaine sur le marketing honnête. "
                 "Conférencière.");
        snprintf(p->url, sizeof p->url,
                 "https://claire-martin-conseil.example");
        p->lang = "fr";
    } else if (i == SHOW_BOUGHT) {
        snprintf(p->name, sizeof p->name, "Max Lefèvre | Growth Guru 🚀");
        snprintf(p->location, sizeof p->location, "Paris");
        snprintf(p->bio, sizeof p->bio,
                 "Expert N°1 en croissance sur les réseaux 🚀 +2M d'abonnés "
                 "générés pour mes clients 💰 Formation offerte en DM");
        snprintf(p->url, sizeof p->url, "https://maxgrowth.example");
        p->lang = "fr";
    } else if (i == SHOW_BOT) {
        snprintf(p->bio, sizeof p->bio,
                 "🔥 Les meilleures promos du web, 24h/24 ! Codes promo, "
                 "ventes flash, bons plans.");
    }
    /* Old accounts have posted more; the youngest cannot exceed a pace. */
    if (age < YEAR && p->statuses > (uint64_t)(age / 600))
        p->statuses = (uint64_t)(age / 600) + 1;
    p->friends = friends < a->out ? a->out : (uint64_t)friends;
}

/* ---- CSV ----------------------------------------------------------------- */

/* csv_field appends s quoted (RFC 4180), or nothing when s is absent. */
static bf_err csv_field(bf_buf *b, const char *s, int last)
{
    size_t n = s ? strlen(s) : 0;
    bf_err err;
    char *d;

    /* Room for the worst case (every byte a quote), then copy in place. */
    err = bf_buf_reserve(b, 2 * n + 3);
    if (err)
        return err;
    d = b->data + b->len;
    if (n) {
        *d++ = '"';
        for (; *s; s++) {
            if (*s == '"')
                *d++ = '"';
            *d++ = *s;
        }
        *d++ = '"';
    }
    *d++ = last ? '\n' : ',';
    *d = '\0';
    b->len = (size_t)(d - b->data);
    return BF_OK;
}

static bf_err csv_num(bf_buf *b, uint64_t v)
{
    char s[24];

    u64s(v, s);
    return csv_field(b, s, 0);
}

static const char *flag(int v)
{
    return v ? "1" : NULL;
}

static const char ACCOUNTS_HEADER[] =
        "\"id\",\"name\",\"screen_name\",\"statuses_count\","
        "\"followers_count\",\"friends_count\",\"favourites_count\","
        "\"listed_count\",\"created_at\",\"url\",\"lang\",\"time_zone\","
        "\"location\",\"default_profile\",\"default_profile_image\","
        "\"geo_enabled\",\"profile_image_url\",\"profile_banner_url\","
        "\"profile_use_background_image\","
        "\"profile_background_image_url_https\",\"profile_text_color\","
        "\"profile_image_url_https\",\"profile_sidebar_border_color\","
        "\"profile_background_tile\",\"profile_sidebar_fill_color\","
        "\"profile_background_image_url\",\"profile_background_color\","
        "\"profile_link_color\",\"utc_offset\",\"protected\",\"verified\","
        "\"description\",\"updated\",\"dataset\"\n";

static bf_err account_row(bf_buf *b, const profile *p, const char *updated)
{
    char date[32], img[160], imgs[160], banner[160];
    int dp = p->default_profile;
    bf_err err;

    twitter_date(p->created, date);
    if (p->default_avatar) {
        snprintf(img, sizeof img,
                 "http://abs.twimg.com/sticky/"
                 "default_profile_images/"
                 "default_profile_normal.png");
        snprintf(imgs, sizeof imgs,
                 "https://abs.twimg.com/sticky/"
                 "default_profile_images/"
                 "default_profile_normal.png");
    } else {
        snprintf(img, sizeof img,
                 "http://pbs.twimg.com/profile_images/%u/avatar_normal.jpg",
                 (unsigned)p->img);
        snprintf(imgs, sizeof imgs,
                 "https://pbs.twimg.com/profile_images/%u/avatar_normal.jpg",
                 (unsigned)p->img);
    }
    snprintf(banner, sizeof banner,
             "https://pbs.twimg.com/profile_banners/%s/1", p->id_s);
    err = csv_field(b, p->id_s, 0);
    err = err ? err : csv_field(b, p->name, 0);
    err = err ? err : csv_field(b, p->handle, 0);
    err = err ? err : csv_num(b, p->statuses);
    err = err ? err : csv_num(b, p->followers);
    err = err ? err : csv_num(b, p->friends);
    err = err ? err : csv_num(b, p->likes);
    err = err ? err : csv_num(b, p->lists);
    err = err ? err : csv_field(b, date, 0);
    err = err ? err : csv_field(b, p->url, 0);
    err = err ? err : csv_field(b, p->lang, 0);
    err = err ? err : csv_field(b, p->lang[0] == 'f' ? "Paris" : "London", 0);
    err = err ? err : csv_field(b, p->location, 0);
    err = err ? err : csv_field(b, flag(dp), 0);
    err = err ? err : csv_field(b, flag(p->default_avatar), 0);
    err = err ? err : csv_field(b, flag(p->geo), 0);
    err = err ? err : csv_field(b, img, 0);
    err = err ? err : csv_field(b, p->banner ? banner : NULL, 0);
    err = err ? err : csv_field(b, "1", 0);
    err = err ? err
              : csv_field(b,
                          "https://abs.twimg.com/images/themes/"
                          "theme1/bg.png",
                          0);
    err = err ? err : csv_field(b, dp ? "333333" : "3C3940", 0);
    err = err ? err : csv_field(b, imgs, 0);
    err = err ? err : csv_field(b, dp ? "C0DEED" : "FFFFFF", 0);
    err = err ? err : csv_field(b, NULL, 0);
    err = err ? err : csv_field(b, dp ? "DDEEF6" : "EFEFEF", 0);
    err = err ? err
              : csv_field(b,
                          "http://abs.twimg.com/images/themes/"
                          "theme1/bg.png",
                          0);
    err = err ? err : csv_field(b, dp ? "C0DEED" : "1A1B1F", 0);
    err = err ? err : csv_field(b, dp ? "1DA1F2" : "E81C4F", 0);
    err = err ? err : csv_field(b, p->lang[0] == 'f' ? "3600" : "0", 0);
    err = err ? err : csv_field(b, NULL, 0);
    err = err ? err : csv_field(b, flag(p->verified), 0);
    err = err ? err : csv_field(b, p->bio, 0);
    err = err ? err : csv_field(b, updated, 0);
    err = err ? err : csv_field(b, "SIM", 1);
    return err;
}

/* ---- posts --------------------------------------------------------------- */

enum { P_ORIGINAL, P_REPLY, P_RETWEET };

/* The client apps, by kind: people on phones, bots on automation. */
static const char *const sources[][2] = {
    { "http://twitter.com/download/iphone", "Twitter for iPhone" },
    { "http://twitter.com/download/android", "Twitter for Android" },
    { "https://mobile.twitter.com", "Twitter Web App" },
    { "https://www.hootsuite.com", "Hootsuite Inc." },
    { "https://buffer.com", "Buffer" },
    { "https://about.twitter.com/products/tweetdeck", "TweetDeck" },
    { "https://dlvr.it", "dlvr.it" },
    { "https://ifttt.com", "IFTTT" },
};

typedef struct post {
    uint32_t author;
    unsigned k;
    int type;
    int64_t t;
    uint64_t id;
    char text[800];
    char url[160];     /* expanded link, or empty */
    char tco[32];      /* its t.co form */
    uint32_t target;   /* replied-to or retweeted account */
    unsigned target_k; /* and its post */
    uint64_t likes, rts, replies, quotes;
    int source;
} post;

/* post_cap is how many of an account's last posts the file keeps. */
static unsigned post_cap(const world *w, int kind)
{
    int bulk = kind == BF_SIM_PERSON || kind == BF_SIM_FAKE;

    if (w->post_cap != BF_SIM_POSTS_AUTO)
        return (unsigned)w->post_cap;
    if (w->n <= 20000)
        return 20;
    if (w->n <= 200000)
        return bulk ? 5 : 20;
    return bulk ? 2 : 10;
}

/*
 * post_times fills t[] with the times of account i's last posts, newest
 * first, one second apart at least; returns how many (at most cap).
 * People post at their average pace (Poisson), bots in bursts, fake
 * followers only in the weeks after their creation.
 */
static unsigned post_times(const world *w, const profile *p, int64_t *t,
                           unsigned cap)
{
    int64_t c = p->created, lo, cur;
    double gap;
    unsigned n = 0;
    rng r;

    rng_seed(&r, w->seed, S_PTIME, p->i, 0);
    lo = c > TWEPOCH_MS / 1000 + DAY ? c : TWEPOCH_MS / 1000 + DAY;
    if (cap > p->statuses)
        cap = (unsigned)p->statuses;
    gap = (double)(w->now - c) / (double)(p->statuses ? p->statuses : 1);
    gap = gap < 60 ? 60 : gap;
    if (p->kind == BF_SIM_FAKE) {
        cur = c + DAY + (int64_t)below(&r, 120 * DAY);
        gap = 3 * DAY;
    } else {
        cur = w->now - 1 - (int64_t)(gap * -log(1 - unit(&r)));
    }
    if (cur >= w->now)
        cur = w->now - 1;
    while (n < cap && cur > lo) {
        double g;

        t[n++] = cur;
        if (p->kind == BF_SIM_BOT)
            g = n % 6 ? 20 + 60 * unit(&r) : gap * 6 * -log(1 - unit(&r));
        else
            g = gap * -log(1 - unit(&r));
        cur -= 1 + (int64_t)g;
    }
    return n;
}

/* snowflake builds a unique id from the post time and the author. */
static uint64_t snowflake(int64_t t, uint32_t author)
{
    uint64_t ms = (uint64_t)(t * 1000 + (author >> 22) % 1000 - TWEPOCH_MS);

    return (ms << 22) | (author & 0x3FFFFF);
}

/* tco writes a t.co-like code: letters and digits alternating. */
static void tco_code(uint64_t h, char out[32])
{
    static const char letters[] =
            "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ";
    static const char alnum[] =
            "abcdefghijkmnopqrstuvwxyz0123456789ABCDEFGHJKLMN";
    char code[11];
    int i;

    for (i = 0; i < 10; i++) {
        code[i] = i % 2 ? alnum[h % 48] : letters[h % 49];
        h = bf_mix64(h);
    }
    code[10] = '\0';
    snprintf(out, 32, "https://t.co/%s", code);
}

/*
 * post_basic makes post k of account p (time t): its type, its text and
 * its counters.  Likes are drawn from the real audience only (real_in
 * times a rate per kind): fake followers never engage.
 */
static void post_basic(const world *w, const profile *p, unsigned k, int64_t t,
                       post *q)
{
    static const double rt_share[BF_SIM__KINDS] = { 0.12, 0.05, 0.05,
                                                    0.10, 0.40, 0 };
    static const double reply_share[BF_SIM__KINDS] = { 0.15, 0.10, 0.20,
                                                       0.05, 0,    0 };
    static const double link_share[BF_SIM__KINDS] = { 0.10, 0.20, 0.40,
                                                      0.50, 0,    1.0 };
    static const double like_rate[BF_SIM__KINDS] = { 0.02,  0.004, 0.015,
                                                     0.006, 0,     0 };
    double u, lambda;
    char body[600];
    rng r;

    rng_seed(&r, w->seed, S_POST, p->i, k);
    memset(q, 0, sizeof *q);
    q->author = p->i;
    q->k = k;
    q->t = t;
    q->id = snowflake(t, p->i);
    u = unit(&r);
    q->type = u < rt_share[p->kind]                          ? P_RETWEET
              : u < rt_share[p->kind] + reply_share[p->kind] ? P_REPLY
                                                             : P_ORIGINAL;
    switch (p->kind) {
    case BF_SIM_PERSON:
    case BF_SIM_FAKE:
        q->source = (int)below(&r, 3);
        break;
    case BF_SIM_BUSINESS:
        q->source = 2 + (int)below(&r, 3);
        break;
    case BF_SIM_EXPERT:
    case BF_SIM_BOUGHT:
        q->source = chance(&r, 0.5) ? 5 : (int)below(&r, 3);
        break;
    default:
        q->source = p->i == SHOW_BOT ? 6 : 6 + (int)below(&r, 2);
        break;
    }
    if (q->type == P_REPLY)
        bf__sim_reply_text(next(&r), body, sizeof body);
    else
        bf__sim_post_text(p->kind, next(&r), body, sizeof body);
    snprintf(q->text, sizeof q->text, "%s", body);
    if (q->type == P_ORIGINAL && chance(&r, link_share[p->kind])) {
        tco_code(next(&r), q->tco);
        snprintf(q->url, sizeof q->url, "https://%s.example/p/%u", p->handle,
                 (unsigned)below(&r, 9000) + 1000);
    }
    lambda = (double)w->a[p->i].real_in * like_rate[p->kind] *
             lognormal(&r, 1.0, 0.8);
    if (q->type == P_REPLY)
        lambda *= 0.2;
    if (q->type != P_RETWEET) {
        q->likes = poisson(&r, lambda);
        q->rts = poisson(&r, lambda * (p->kind == BF_SIM_EXPERT ? 0.3 : 0.15));
        q->replies = poisson(&r, lambda * 0.06);
        q->quotes = poisson(&r, lambda * 0.01);
    }
    if (p->kind == BF_SIM_BOT && chance(&r, 0.02))
        q->likes = 1;
}

/*
 * find_original picks an original post of a popular account made before
 * time t, for a retweet or a reply: v's newest such post among its kept
 * ones.  Returns 0 when none qualifies.
 */
static int find_original(const world *w, uint32_t v, int64_t t, profile *pv,
                         post *orig)
{
    int64_t times[BF_SIM_MAX_POSTS];
    unsigned n, k;

    make_profile(w, v, pv);
    n = post_times(w, pv, times, post_cap(w, pv->kind));
    for (k = 0; k < n; k++) {
        if (times[k] >= t)
            continue;
        post_basic(w, pv, k, times[k], orig);
        if (orig->type == P_ORIGINAL)
            return 1;
    }
    return 0;
}

/* cp_len is the length of s in code points (what Twitter indices count). */
static size_t cp_len(const char *s, size_t n)
{
    size_t i, c = 0;

    for (i = 0; i < n; i++)
        c += ((unsigned char)s[i] & 0xC0) != 0x80;
    return c;
}

static bf_err json_str(bf_buf *b, const char *s)
{
    return bf_buf_json_string(b, s, strlen(s));
}

/*
 * cat appends its string arguments, up to a NULL.  The JSON writers below
 * use it with numbers formatted by u64s instead of bf_buf_appendf: the
 * printf machinery was a tenth of the time spent on posts.
 */
static bf_err cat(bf_buf *b, ...)
{
    va_list ap;
    const char *s;
    bf_err err = BF_OK;

    va_start(ap, b);
    while (!err && (s = va_arg(ap, const char *)) != NULL)
        err = bf_buf_append(b, s, strlen(s));
    va_end(ap);
    return err;
}

/* The decimal form of a number, as a value to pass to cat. */
typedef struct num {
    char s[24];
} num;

static num dec(uint64_t v)
{
    num n = { { 0 } };

    u64s(v, n.s);
    return n;
}

static const char *tf(int v)
{
    return v ? "true" : "false";
}

static bf_err put_user(bf_buf *b, const profile *p)
{
    char date[32];
    bf_err err;

    twitter_date(p->created, date);
    err = cat(b, "{\"id\":", p->id_s, ",\"id_str\":\"", p->id_s,
              "\",\"name\":", (const char *)NULL);
    err = err ? err : json_str(b, p->name);
    err = err ? err : bf_buf_puts(b, ",\"screen_name\":");
    err = err ? err : json_str(b, p->handle);
    err = err ? err : bf_buf_puts(b, ",\"location\":");
    err = err ? err : json_str(b, p->location);
    err = err ? err : bf_buf_puts(b, ",\"description\":");
    err = err ? err : json_str(b, p->bio);
    err = err ? err : bf_buf_puts(b, ",\"url\":");
    if (!err && p->url[0])
        err = json_str(b, p->url);
    else if (!err)
        err = bf_buf_puts(b, "null");
    err = err ? err
              : cat(b, ",\"protected\":false,\"followers_count\":",
                    dec(p->followers).s,
                    ",\"friends_count\":", dec(p->friends).s,
                    ",\"listed_count\":", dec(p->lists).s, ",\"created_at\":\"",
                    date, "\",\"favourites_count\":", dec(p->likes).s,
                    ",\"verified\":", tf(p->verified),
                    ",\"statuses_count\":", dec(p->statuses).s, ",\"lang\":\"",
                    p->lang, "\",\"default_profile\":", tf(p->default_profile),
                    ",\"default_profile_image\":", tf(p->default_avatar), "}",
                    (const char *)NULL);
    return err;
}

/*
 * put_post writes tweet q by author p.  text is the full text; mentions
 * (screen name, name, id) are the accounts it mentions in order of
 * appearance; orig/porig, when set, is the retweeted post and its author.
 */
static bf_err put_post(bf_buf *b, const post *q, const profile *p,
                       const char *text, const profile *mention,
                       const post *orig, const profile *porig,
                       const post *parent)
{
    char date[32], id[24];
    const char *s;
    int first = 1;
    bf_err err;

    twitter_date(q->t, date);
    u64s(q->id, id);
    err = cat(b, "{\"created_at\":\"", date, "\",\"id\":", id, ",\"id_str\":\"",
              id, "\",\"full_text\":", (const char *)NULL);
    err = err ? err : json_str(b, text);
    err = err ? err
              : cat(b, ",\"truncated\":false,\"display_text_range\":[0,",
                    dec(cp_len(text, strlen(text))).s,
                    "],\"entities\":{\"hashtags\":[", (const char *)NULL);
    /* Hashtags: '#' after a space or at the start, then word bytes. */
    for (s = text; !err && *s; s++) {
        const char *e = s + 1;

        if (*s != '#' || (s > text && s[-1] != ' '))
            continue;
        while ((*e >= 'a' && *e <= 'z') || (*e >= 'A' && *e <= 'Z') ||
               (*e >= '0' && *e <= '9') || *e == '_' ||
               ((unsigned char)*e >= 0x80))
            e++;
        if (e == s + 1)
            continue;
        err = bf_buf_appendf(b, "%s{\"text\":", first ? "" : ",");
        err = err ? err : bf_buf_json_string(b, s + 1, (size_t)(e - s - 1));
        err = err ? err
                  : bf_buf_appendf(b, ",\"indices\":[%zu,%zu]}",
                                   cp_len(text, (size_t)(s - text)),
                                   cp_len(text, (size_t)(e - text)));
        first = 0;
    }
    err = err ? err : bf_buf_puts(b, "],\"symbols\":[],\"user_mentions\":[");
    if (!err && mention) {
        size_t at = 0, len = strlen(mention->handle) + 1;

        s = strchr(text, '@');
        at = s ? (size_t)(s - text) : 0;
        err = bf_buf_puts(b, "{\"screen_name\":");
        err = err ? err : json_str(b, mention->handle);
        err = err ? err : bf_buf_puts(b, ",\"name\":");
        err = err ? err : json_str(b, mention->name);
        err = err ? err
                  : bf_buf_appendf(b,
                                   ",\"id\":%s,\"id_str\":\"%s\","
                                   "\"indices\":[%zu,%zu]}",
                                   mention->id_s, mention->id_s,
                                   cp_len(text, at), cp_len(text, at) + len);
    }
    err = err ? err : bf_buf_puts(b, "],\"urls\":[");
    {
        const post *u = orig ? orig : q;

        if (!err && u->url[0] && (s = strstr(text, u->tco)) != NULL) {
            size_t at = (size_t)(s - text);

            err = bf_buf_puts(b, "{\"url\":");
            err = err ? err : json_str(b, u->tco);
            err = err ? err : bf_buf_puts(b, ",\"expanded_url\":");
            err = err ? err : json_str(b, u->url);
            err = err ? err : bf_buf_puts(b, ",\"display_url\":");
            err = err ? err : json_str(b, u->url + 8);
            err = err ? err
                      : bf_buf_appendf(b, ",\"indices\":[%zu,%zu]}",
                                       cp_len(text, at),
                                       cp_len(text, at) + strlen(u->tco));
        }
    }
    err = err ? err : bf_buf_puts(b, "]},\"source\":");
    if (!err) {
        char src[200];

        snprintf(src, sizeof src, "<a href=\"%s\" rel=\"nofollow\">%s</a>",
                 sources[q->source][0], sources[q->source][1]);
        err = json_str(b, src);
    }
    if (!err && parent) {
        char pid[24];

        u64s(parent->id, pid);
        err = bf_buf_appendf(b,
                             ",\"in_reply_to_status_id\":%s,"
                             "\"in_reply_to_status_id_str\":\"%s\","
                             "\"in_reply_to_user_id\":%s,"
                             "\"in_reply_to_user_id_str\":\"%s\","
                             "\"in_reply_to_screen_name\":",
                             pid, pid, mention->id_s, mention->id_s);
        err = err ? err : json_str(b, mention->handle);
    } else if (!err) {
        err = bf_buf_puts(b, ",\"in_reply_to_status_id\":null,"
                             "\"in_reply_to_status_id_str\":null,"
                             "\"in_reply_to_user_id\":null,"
                             "\"in_reply_to_user_id_str\":null,"
                             "\"in_reply_to_screen_name\":null");
    }
    err = err ? err : bf_buf_puts(b, ",\"user\":");
    err = err ? err : put_user(b, p);
    if (!err && orig) {
        char otext[900];

        snprintf(otext, sizeof otext, "%s%s%s", orig->text,
                 orig->url[0] ? " " : "", orig->url[0] ? orig->tco : "");
        err = bf_buf_puts(b, ",\"retweeted_status\":");
        err = err ? err
                  : put_post(b, orig, porig, otext, NULL, NULL, NULL, NULL);
    }
    err = err ? err
              : cat(b, ",\"is_quote_status\":false,\"retweet_count\":",
                    dec(orig ? orig->rts : q->rts).s,
                    ",\"favorite_count\":", dec(q->likes).s,
                    ",\"reply_count\":", dec(q->replies).s,
                    ",\"quote_count\":", dec(q->quotes).s,
                    ",\"favorited\":false,\"retweeted\":false,\"lang\":\"",
                    p->lang, "\"}", (const char *)NULL);
    return err;
}

/* Everything needed to write one account's posts, kept off the stack. */
typedef struct post_ctx {
    profile p, pv;
    post q, orig;
    char text[1000];
    int64_t times[BF_SIM_MAX_POSTS];
} post_ctx;

/* write_posts writes account i's kept posts; adds their number to *n. */
static bf_err write_posts(const world *w, uint32_t i, post_ctx *c, bf_buf *b,
                          FILE *f, uint64_t *n)
{
    unsigned np, k;
    bf_err err = BF_OK;

    make_profile(w, i, &c->p);
    np = post_times(w, &c->p, c->times, post_cap(w, c->p.kind));
    for (k = 0; k < np && !err; k++) {
        post *q = &c->q;
        int linked = 0;
        rng r;

        post_basic(w, &c->p, k, c->times[k], q);
        rng_seed(&r, w->seed, S_POST, i, k + 1000);
        bf_buf_reset(b);
        if (q->type != P_ORIGINAL) {
            uint32_t v = sample(w, &r);

            linked = v != i && find_original(w, v, q->t, &c->pv, &c->orig);
        }
        if (linked && q->type == P_RETWEET) {
            snprintf(c->text, sizeof c->text, "RT @%s: %s%s%s", c->pv.handle,
                     c->orig.text, c->orig.url[0] ? " " : "",
                     c->orig.url[0] ? c->orig.tco : "");
            err = put_post(b, q, &c->p, c->text, &c->pv, &c->orig, &c->pv,
                           NULL);
        } else if (linked) {
            snprintf(c->text, sizeof c->text, "@%s %s", c->pv.handle, q->text);
            err = put_post(b, q, &c->p, c->text, &c->pv, NULL, NULL, &c->orig);
        } else {
            if (q->type != P_ORIGINAL) {
                /* No post to point at: it becomes an original. */
                q->type = P_ORIGINAL;
                bf__sim_post_text(c->p.kind, next(&r), q->text, sizeof q->text);
            }
            snprintf(c->text, sizeof c->text, "%s%s%s", q->text,
                     q->url[0] ? " " : "", q->url[0] ? q->tco : "");
            err = put_post(b, q, &c->p, c->text, NULL, NULL, NULL, NULL);
        }
        err = err ? err : bf_buf_putc(b, '\n');
        if (!err && fwrite(b->data, 1, b->len, f) != b->len)
            err = BF_EIO;
        (*n)++;
    }
    return err;
}

/* ---- files --------------------------------------------------------------- */

/* mkdir_p creates dir and its parents. */
static bf_err mkdir_p(const char *dir)
{
    char path[4096];
    size_t n = strlen(dir), i;

    if (n == 0 || n >= sizeof path)
        return BF_EINVAL;
    memcpy(path, dir, n + 1);
    for (i = 1; i <= n; i++) {
        if (path[i] != '/' && path[i] != '\0')
            continue;
        path[i] = '\0';
        if (mkdir(path, 0777) != 0 && errno != EEXIST)
            return BF_EIO;
        path[i] = i < n ? '/' : '\0';
    }
    return BF_OK;
}

/*
 * An output file is written under a temporary name and renamed into place
 * when complete, so a reader never sees half a file.  A named pipe already
 * at the final path is written directly instead: `mkfifo DIR/follows.csv`
 * then lets `bonafide ingest DIR/follows.csv` read the follows as they are
 * made, without the text ever reaching the disk (at 35 follows each, 41.7
 * million accounts make 74 GB of it).
 */
typedef struct outfile {
    FILE *f;
    int pipe; /* writing to a named pipe: no rename */
    char tmp[4096], path[4096];
} outfile;

static bf_err out_open(const char *dir, const char *name, outfile *o)
{
    struct stat sb;

    snprintf(o->path, sizeof o->path, "%s/%s", dir, name);
    snprintf(o->tmp, sizeof o->tmp, "%s/.%s.tmp", dir, name);
    o->pipe = stat(o->path, &sb) == 0 && S_ISFIFO(sb.st_mode);
    o->f = fopen(o->pipe ? o->path : o->tmp, "wb");
    if (!o->f)
        return BF_EIO;
    setvbuf(o->f, NULL, _IOFBF, 1 << 20);
    return BF_OK;
}

/* out_close closes and, when ok, renames into place; else removes. */
static bf_err out_close(outfile *o, int ok)
{
    bf_err err = BF_OK;

    if (!o->f)
        return BF_OK;
    if (ferror(o->f) || fclose(o->f) != 0)
        err = BF_EIO;
    o->f = NULL;
    if (o->pipe)
        return err;
    if (ok && !err && rename(o->tmp, o->path) != 0)
        err = BF_EIO;
    if (!ok || err)
        remove(o->tmp);
    return err;
}

static bf_err write_accounts(const world *w, bf_sim_summary *s)
{
    outfile acc = { 0 }, lab = { 0 };
    char updated[32];
    bf_buf b;
    profile *p = malloc(sizeof *p);
    civil c;
    uint32_t i;
    bf_err err;

    bf_buf_init(&b, LINE_LIMIT);
    to_civil(w->now, &c);
    snprintf(updated, sizeof updated, "%04lld-%02u-%02u %02u:%02u:%02u",
             (long long)c.y, c.m, c.d, c.hh, c.mm, c.ss);
    err = p ? BF_OK : BF_ENOMEM;
    err = err ? err : out_open(w->dir, "accounts.csv", &acc);
    err = err ? err : out_open(w->dir, "labels.csv", &lab);
    if (!err && (fputs(ACCOUNTS_HEADER, acc.f) == EOF ||
                 fputs("platform,id,screen_name,kind,label\n", lab.f) == EOF))
        err = BF_EIO;
    for (i = 0; i < w->n && !err; i++) {
        make_profile(w, i, p);
        bf_buf_reset(&b);
        err = account_row(&b, p, updated);
        if (!err && fwrite(b.data, 1, b.len, acc.f) != b.len)
            err = BF_EIO;
        if (!err) {
            /* The label line reuses the buffer after the account row. */
            size_t at = b.len;

            err = bf_buf_puts(&b, "sim,");
            err = err ? err : bf_buf_puts(&b, p->id_s);
            err = err ? err : bf_buf_putc(&b, ',');
            err = err ? err : bf_buf_puts(&b, p->handle);
            err = err ? err : bf_buf_putc(&b, ',');
            err = err ? err : bf_buf_puts(&b, bf_sim_kind_name(p->kind));
            err = err ? err : bf_buf_putc(&b, ',');
            err = err ? err : bf_buf_puts(&b, bf_sim_kind_label(p->kind));
            err = err ? err : bf_buf_putc(&b, '\n');
            if (!err && fwrite(b.data + at, 1, b.len - at, lab.f) != b.len - at)
                err = BF_EIO;
        }
        s->by_kind[p->kind]++;
    }
    s->accounts = w->n;
    {
        bf_err e1 = out_close(&acc, !err), e2 = out_close(&lab, !err);

        err = err ? err : e1 ? e1 : e2;
    }
    bf_buf_release(&b);
    free(p);
    return err;
}

static bf_err write_all_posts(const world *w, bf_sim_summary *s)
{
    outfile po = { 0 };
    post_ctx *c = malloc(sizeof *c);
    bf_buf b;
    uint32_t i;
    bf_err err;

    bf_buf_init(&b, LINE_LIMIT);
    err = c ? BF_OK : BF_ENOMEM;
    err = err ? err : out_open(w->dir, "posts.jsonl", &po);
    /* With no posts kept the file is written empty, without a pass. */
    for (i = 0; i < w->n && !err && w->post_cap != 0; i++)
        err = write_posts(w, i, c, &b, po.f, &s->posts);
    {
        bf_err e1 = out_close(&po, !err);

        err = err ? err : e1;
    }
    bf_buf_release(&b);
    free(c);
    return err;
}

static void world_release(world *w)
{
    uint32_t b;
    char path[4096];

    for (b = 0; b < w->nbuckets; b++) {
        if (w->bucket[b])
            fclose(w->bucket[b]);
        bucket_path(w, b, path, sizeof path);
        remove(path);
    }
    free(w->a);
    free(w->farms);
    free(w->alias);
    free(w->bucket_of);
    free(w->set);
}

bf_err bf_sim_generate(const bf_sim_opts *o, const char *outdir,
                       bf_sim_summary *out)
{
    world w;
    bf_sim_summary s;
    outfile fo = { 0 };
    double popsum = 0, actsum = 0;
    uint32_t i;
    civil c;
    bf_err err;

    if (!o || !outdir || o->accounts < BF_SIM_MIN_ACCOUNTS ||
        o->accounts > (1ULL << 31) || o->now < year_start(2012) ||
        o->now > year_start(2130) || !(o->follows_per_account >= 0) ||
        o->follows_per_account > BF_SIM_MAX_FOLLOWS ||
        o->posts_per_account < BF_SIM_POSTS_AUTO ||
        o->posts_per_account > BF_SIM_MAX_POSTS)
        return BF_EINVAL;
    memset(&w, 0, sizeof w);
    memset(&s, 0, sizeof s);
    w.seed = o->seed;
    w.n = (uint32_t)o->accounts;
    w.now = o->now;
    w.dir = outdir;
    w.scale = 1;
    w.post_cap = o->posts_per_account;
    to_civil(w.now, &c);
    w.farm_year = c.y - 2;
    err = mkdir_p(outdir);
    if (err)
        return err;
    w.a = calloc(w.n, sizeof *w.a);
    if (!w.a) {
        err = BF_ENOMEM;
        goto out;
    }
    assign_kinds(&w);
    for (i = 0; i < w.n; i++)
        w.nfarms += w.a[i].kind == BF_SIM_FAKE;
    w.nreal = w.n - w.nfarms;
    w.farms = malloc(sizeof *w.farms * (w.nfarms + 1));
    if (!w.farms) {
        err = BF_ENOMEM;
        goto out;
    }
    w.nfarms = 0;
    for (i = 0; i < w.n; i++)
        if (w.a[i].kind == BF_SIM_FAKE)
            w.farms[w.nfarms++] = i;
    assign_popularity(&w, &popsum, &actsum);
    w.pick_rate = actsum > 0 ? popsum / actsum : 0;
    err = build_alias(&w, popsum);
    if (!err && o->follows_per_account > 0)
        err = fit_density(&w, o->follows_per_account);
    err = err ? err : assign_handles(&w);
    err = err ? err : plan_buckets(&w);
    err = err ? err : organic_follows(&w);
    err = err ? err : farm_follows(&w);
    err = err ? err : bought_follows(&w);
    err = err ? err : out_open(outdir, "follows.csv", &fo);
    err = err ? err : write_follows(&w, fo.f, &s.follows);
    {
        bf_err e1 = out_close(&fo, !err);

        err = err ? err : e1;
    }
    err = err ? err : write_accounts(&w, &s);
    err = err ? err : write_all_posts(&w, &s);
out:
    world_release(&w);
    if (!err && out)
        *out = s;
    return err;
}
