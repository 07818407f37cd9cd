/*
 * audit.c - building the report of one account from the store.
 *
 * The audit reads three things and judges them in a fixed order.  The
 * account's own posts come first (bf_timeline_from_store): when they are
 * clearly machine-made the verdict is AUTOMATED whatever the audience.
 * Then the audience: the account's followers are its in-adjacency in the
 * CSR graph; a sample of them (all when there are at most opts.sample,
 * otherwise a uniform random sample of that size drawn with a fixed seed,
 * as SparkToro audits about 2,000 followers) is read back and judged by
 * the rule sets of score/rules.h and by the authenticity model; the
 * shares come with 95% Wilson intervals and the INFLATED verdict rests on
 * the rule-based interval's lower bound, so a small sample cannot condemn
 * an account by chance.  Last, engagement: a large audience that never
 * reacts is the other face of a bought one.  The model (score/model.h,
 * trained on Cresci 2015 profiles) also judges the account itself; it is
 * reported beside the rules, and it may only raise GENUINE to
 * QUESTIONABLE, when it is very sure (BF_AUDIT_MODEL_RAISE) about a
 * complete profile: it reads profiles only and never saw a spam bot, so
 * it never accuses on its own.  Every threshold is a named constant below
 * and in docs/audit.md, and every decision adds the evidence items that
 * justify it.
 *
 * Also here: the small helpers of the report model (init, release, adding
 * evidence), which every renderer and the audit share.
 */
#include "report/report.h"

#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "base/time.h"
#include "score/features.h"
#include "score/model.h"
#include "score/rules.h"
#include "score/timeline.h"

/* INFLATED when the lower bound of the fake-looking share reaches this. */
#define INFLATED_LO 0.40
/* QUESTIONABLE when the lower bound reaches this (and not INFLATED). */
#define DOUBT_LO 0.20
/* Fewer judged followers than this is thin evidence about the audience. */
#define MIN_PROFILES 30
/* Target number of judged followers for a firm verdict. */
#define GOOD_PROFILES 200
/* Automation signals need at least this many posts. */
#define MIN_POSTS 10
/* Duplicate share that counts as an automation signal. */
#define DUP_SIGNAL 0.30
/* Share of posts without any reaction that counts as a signal. */
#define NOENG_SIGNAL 0.90
/* Share of posts from automation clients that counts as a signal. */
#define CLIENT_SIGNAL 0.50
/* Gap variation (sd / mean) under which posting is machine-regular. */
#define REGULAR_CV 0.25
/*
 * Engagement rate (mean reactions per original post / followers).  Rates
 * measured on Twitter and Instagram put typical accounts between 0.05%
 * and 1% (e.g. Rival IQ's yearly industry benchmarks); below 0.02% with
 * 1,000 followers or more the audience is suspect, below 0.005% it is
 * not an audience.
 */
#define RATE_GOOD          0.001
#define RATE_LOW           0.0002
#define RATE_EXTREME       0.00005
#define RATE_MIN_FOLLOWERS 1000

/* ---- the report model's helpers ---- */

void bf_report_init(bf_report *r)
{
    memset(r, 0, sizeof *r);
    r->version = BF_REPORT_VERSION;
    r->verdict = BF_VERDICT_QUESTIONABLE;
    r->ratio = -1;
    r->account.followers = r->account.following = r->account.posts = -1;
    r->audience.coverage = -1;
    bf_share_wilson(&r->audience.weak, 0, 0);
    bf_share_wilson(&r->audience.cc, 0, 0);
    bf_share_wilson(&r->audience.sb, 0, 0);
    bf_share_wilson(&r->audience.any, 0, 0);
    r->engagement.mean = r->engagement.median = -1;
    r->engagement.mean_original = r->engagement.rate = -1;
    r->engagement.zero_share = r->engagement.dup_share = -1;
    r->engagement.automation_share = r->engagement.scheduler_share = -1;
    r->engagement.gap_cv = -1;
    r->reason.msg = BF_MSG_REASON_THIN;
    bf_share_wilson(&r->audience.real, 0, 0);
    bf_share_wilson(&r->audience.mass, 0, 0);
    bf_share_wilson(&r->audience.inactive, 0, 0);
    bf_share_wilson(&r->audience.suspect, 0, 0);
    bf_share_wilson(&r->audience.model_fake, 0, 0);
    r->model.prob = -1;
    r->engagement.tier_median = r->engagement.published = -1;
    r->engagement.published_src = BF_MSG_SRC_PUBLISHED;
    r->influence.pagerank_pct = r->influence.followers_pct = -1;
    r->influence.influential_share = r->influence.reposts_per_post = -1;
    r->influence.replies_per_post = r->influence.mentions_per_post = -1;
    r->growth.batch_share = r->growth.top_share = -1;
    r->growth.recent_share = -1;
    r->content.dup_share = r->content.link_share = -1;
    r->content.hashtag_stuffing = r->content.link_stuffing = -1;
    r->content.automation_share = r->content.scheduler_share = -1;
}

void bf_report_release(bf_report *r)
{
    free(r->account.platform);
    free(r->account.native_id);
    free(r->account.handle);
    free(r->account.name);
    bf_report_init(r);
}

/* dup copies s into *dst (NULL stays NULL). */
static bf_err dup(char **dst, const char *s)
{
    free(*dst);
    *dst = NULL;
    if (!s)
        return BF_OK;
    *dst = strdup(s);
    return *dst ? BF_OK : BF_ENOMEM;
}

bf_err bf_report_set_account(bf_report *r, const bf_account *a)
{
    bf_err err = dup(&r->account.platform, a->platform);

    if (!err)
        err = dup(&r->account.native_id, a->native_id);
    if (!err)
        err = dup(&r->account.handle, a->handle);
    if (!err)
        err = dup(&r->account.name, a->name);
    r->account.followers = a->followers;
    r->account.following = a->following;
    r->account.posts = a->posts;
    r->account.created_at = a->created_at;
    return err;
}

bf_evidence *bf_report_add_evidence(bf_report *r, bf_level level, bf_msg_id msg,
                                    const double *args, size_t nargs)
{
    bf_evidence *e;

    if (r->nevidence >= BF_REPORT_MAX_EVIDENCE || nargs > BF_REPORT_MAX_ARGS)
        return NULL;
    e = &r->evidence[r->nevidence++];
    memset(e, 0, sizeof *e);
    e->level = level;
    e->msg = msg;
    if (nargs)
        memcpy(e->args, args, nargs * sizeof *args);
    e->nargs = nargs;
    return e;
}

void bf_evidence_add_figure(bf_evidence *e, const char *key, double value,
                            bf_msg_id how)
{
    if (!e || e->nfigures >= BF_REPORT_MAX_FIGURES)
        return;
    e->figures[e->nfigures].key = key;
    e->figures[e->nfigures].value = value;
    e->figures[e->nfigures].how = how;
    e->nfigures++;
}

void bf_report_add_change(bf_report *r, bf_msg_id msg, const double *args,
                          size_t nargs)
{
    bf_sentence *s;

    if (r->nchanges >= BF_REPORT_MAX_CHANGES || nargs > BF_REPORT_MAX_ARGS)
        return;
    s = &r->changes[r->nchanges++];
    memset(s, 0, sizeof *s);
    s->msg = msg;
    if (nargs)
        memcpy(s->args, args, nargs * sizeof *args);
    s->nargs = nargs;
}

void bf_share_wilson(bf_share *s, uint32_t k, uint32_t n)
{
    const double z = 1.96;
    double p, den, mid, half;

    s->n = n;
    s->k = k;
    if (n == 0) {
        s->p = s->lo = s->hi = -1;
        return;
    }
    p = (double)k / n;
    den = 1 + z * z / n;
    mid = (p + z * z / (2.0 * n)) / den;
    half = z * sqrt(p * (1 - p) / n + z * z / (4.0 * n * n)) / den;
    s->p = p;
    s->lo = mid - half < 0 ? 0 : mid - half;
    s->hi = mid + half > 1 ? 1 : mid + half;
}

const char *bf_verdict_key(bf_verdict v)
{
    switch (v) {
    case BF_VERDICT_GENUINE:
        return "genuine";
    case BF_VERDICT_INFLATED:
        return "inflated";
    case BF_VERDICT_AUTOMATED:
        return "automated";
    case BF_VERDICT_QUESTIONABLE:
        break;
    }
    return "questionable";
}

bf_msg_id bf_verdict_msg(bf_verdict v)
{
    switch (v) {
    case BF_VERDICT_GENUINE:
        return BF_MSG_VERDICT_GENUINE;
    case BF_VERDICT_INFLATED:
        return BF_MSG_VERDICT_INFLATED;
    case BF_VERDICT_AUTOMATED:
        return BF_MSG_VERDICT_AUTOMATED;
    case BF_VERDICT_QUESTIONABLE:
        break;
    }
    return BF_MSG_VERDICT_QUESTIONABLE;
}

const char *bf_level_key(bf_level l)
{
    return l == BF_LEVEL_GOOD ? "good" : l == BF_LEVEL_BAD ? "bad" : "watch";
}

/* ---- the audit ---- */

/* ev adds an evidence item from a literal argument list. */
static bf_evidence *ev(bf_report *r, bf_level level, bf_msg_id msg,
                       size_t nargs, double a0, double a1, double a2, double a3)
{
    double args[BF_REPORT_MAX_ARGS] = { a0, a1, a2, a3 };

    return bf_report_add_evidence(r, level, msg, args, nargs);
}

/* change adds a "what would change" sentence from literal arguments. */
static void change(bf_report *r, bf_msg_id msg, size_t nargs, double a0,
                   double a1)
{
    double args[BF_REPORT_MAX_ARGS] = { a0, a1, 0, 0 };

    bf_report_add_change(r, msg, args, nargs);
}

/* profile_known says whether a follower's profile was ever read. */
static int profile_known(const bf_account *a)
{
    return a->followers >= 0 || a->following >= 0 || a->posts >= 0 || a->name ||
           a->bio || a->default_avatar >= 0;
}

/* Counts over the evaluated followers. */
typedef struct tally {
    uint32_t sample, profiles, weak, cc, sb, any;
    uint32_t mass, inactive, real; /* audience types; suspect is any */
    uint32_t model_n, model_fake;  /* judged by the model, called fake */
} tally;

/* newest_ctx finds the newest post of a follower while the store walks. */
typedef struct newest_ctx {
    int64_t newest;
} newest_ctx;

static bf_err newest_post(void *ctx, const bf_post *p)
{
    newest_ctx *c = ctx;

    if (p->created_at > c->newest)
        c->newest = p->created_at;
    return BF_OK;
}

/*
 * inactive_follower: no post at all (declared count 0), or posts in the
 * store whose newest is older than BF_INACTIVE_DAYS.  A follower whose
 * posts are not in the store and whose count is not 0 counts as active:
 * the store cannot tell.  Cost: one walk of the follower's stored posts.
 */
static bf_err inactive_follower(bf_store *st, uint32_t id, const bf_account *a,
                                int64_t now, int *out)
{
    newest_ctx c = { 0 };
    bf_err err;

    *out = 0;
    if (a->posts == 0) {
        *out = 1;
        return BF_OK;
    }
    err = bf_store_each_post(st, id, newest_post, &c);
    if (!err && c.newest > 0 &&
        c.newest < now - (int64_t)BF_INACTIVE_DAYS * 86400)
        *out = 1;
    return err;
}

/* ---- the authenticity model ---- */

static pthread_once_t default_once = PTHREAD_ONCE_INIT;
static bf_model *default_model;
/* xgboost's predictor keeps state: one reasons call at a time. */
static pthread_mutex_t reasons_lock = PTHREAD_MUTEX_INITIALIZER;

/* load_default loads the default model once; a failure leaves NULL. */
static void load_default(void)
{
    char path[4096];

    if (bf_model_load(bf_model_default_path(path, sizeof path),
                      &default_model) != BF_OK)
        default_model = NULL;
}

const bf_model *bf_audit_default_model(void)
{
    pthread_once(&default_once, load_default);
    return default_model;
}

/*
 * rng_next is splitmix64 (Steele, Lea and Flood 2014): a 64-bit state
 * stepped by a constant and mixed; enough for sampling, and the same on
 * every platform.
 */
static uint64_t rng_next(uint64_t *state)
{
    uint64_t z = (*state += 0x9E3779B97F4A7C15ull);

    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

/*
 * judge_followers evaluates the sample of id's followers.  Sampling: with
 * deg followers and a sample size s < deg, selection sampling (Knuth,
 * TAOCP vol. 2, 3.4.2, Algorithm S) keeps follower t with probability
 * (s - kept) / (deg - t), which gives every subset of size s the same
 * chance and yields exactly s followers in list order; the generator is
 * seeded with BF_AUDIT_SEED, so the same store gives the same sample.
 * Each follower with a known profile is judged by the rules and, when m
 * is not NULL, by the model on its profile features.  Cost: O(deg)
 * random draws and O(s) account reads.
 */
static bf_err judge_followers(bf_store *st, const bf_csr *g, uint32_t id,
                              uint32_t s, int64_t now, const bf_model *m,
                              tally *t, bf_report_growth *gr)
{
    const uint32_t *fol = NULL;
    uint64_t deg = 0, at, kept = 0, take;
    uint64_t rng = BF_AUDIT_SEED;
    bf_err err;

    /* The graph was opened lazily: this list is checked as it is read. */
    err = bf_csr_in(g, id, &fol, NULL, &deg);
    if (err)
        return err;
    take = deg < s ? deg : s;

    for (at = 0; at < deg && kept < take && !err; at++) {
        bf_account_row row;
        bf_rules_out r;

        if (take < deg) {
            /* Keep with probability (take - kept) / (deg - at). */
            double u = (double)(rng_next(&rng) >> 11) * 0x1.0p-53;

            if ((double)(deg - at) * u >= (double)(take - kept))
                continue;
        }
        kept++;
        memset(&row, 0, sizeof row);
        err = bf_store_account(st, fol[at], &row);
        if (err == BF_ENOTFOUND) {
            /* A vertex the database does not know: not judged. */
            err = BF_OK;
            t->sample++;
            continue;
        }
        if (err) {
            bf_account_row_release(&row);
            break;
        }
        t->sample++;
        if (profile_known(&row.a)) {
            int inactive = 0;

            bf_rules_eval(&row.a, now, &r);
            t->profiles++;
            t->weak += r.cc_weak != 0;
            t->cc += r.cc_fake != 0;
            t->sb += r.sb_fake != 0;
            t->any += r.cc_weak || r.sb_fake;
            if (m) {
                bf_features f;
                double p = 0;

                bf_features_from_account(&row.a, now, &f);
                err = bf_model_predict(m, &f, &p);
                t->model_n++;
                t->model_fake += p >= BF_MODEL_THRESHOLD;
            }
            /* The four audience types, exclusive, suspect first. */
            if (!err && !(r.cc_weak || r.sb_fake)) {
                if (row.a.following > BF_MASS_FOLLOWING) {
                    t->mass++;
                } else {
                    err = inactive_follower(st, fol[at], &row.a, now,
                                            &inactive);
                    t->inactive += inactive != 0;
                    t->real += !inactive;
                }
            }
        }
        if (row.a.created_at > 0)
            bf__growth_add(gr, row.a.created_at);
        bf_account_row_release(&row);
    }
    return err;
}

/* level_of grades a fake-looking share by its interval. */
static bf_level level_of(const bf_share *s)
{
    if (s->lo >= INFLATED_LO)
        return BF_LEVEL_BAD;
    if (s->lo >= DOUBT_LO || s->p >= DOUBT_LO)
        return BF_LEVEL_WATCH;
    return BF_LEVEL_GOOD;
}

/* share_evidence adds the sentence and figures of one share. */
static void share_evidence(bf_report *r, bf_msg_id msg, const bf_share *s,
                           const char *key, bf_msg_id how)
{
    bf_evidence *e = ev(r, level_of(s), msg, 4, 100 * s->p, s->n, 100 * s->lo,
                        100 * s->hi);

    bf_evidence_add_figure(e, key, s->p, how);
    bf_evidence_add_figure(e, "interval_low", s->lo, BF_MSG_HOW_SHARE);
    bf_evidence_add_figure(e, "interval_high", s->hi, BF_MSG_HOW_SHARE);
    bf_evidence_add_figure(e, "examined", s->n, BF_MSG_HOW_SAMPLE);
}

/* clamp01 keeps x in [0, 1]. */
static double clamp01(double x)
{
    return x < 0 ? 0 : x > 1 ? 1 : x;
}

/*
 * shown_prob is a probability as the report writes it, in percent: never
 * below 1% nor above 99%, because a calibrated guess is never certain.
 */
static double shown_prob(double p)
{
    return 100 * (p < 0.01 ? 0.01 : p > 0.99 ? 0.99 : p);
}

/*
 * judge_account fills out->model from the account's features (every
 * family the store holds: the shipped model reads the profile ones) and
 * the model's reasons.  Cost: O(posts + BF_FEAT_NEIGHBOURS) for the
 * features, one xgboost contributions call for the reasons.
 */
static bf_err judge_account(bf_store *st, uint32_t id, int64_t now,
                            const bf_model *m, bf_report_model *out)
{
    bf_features f;
    bf_err err = bf_features_from_store(st, id, now, &f);

    if (!err)
        err = bf_model_predict(m, &f, &out->prob);
    if (err)
        return err;
    out->available = 1;
    out->cls = bf_model_class(&f, out->prob);
    pthread_mutex_lock(&reasons_lock);
    err = bf_model_reasons(m, &f, out->reasons, &out->nreasons);
    pthread_mutex_unlock(&reasons_lock);
    return err;
}

/* model_msg is the evidence sentence for the model's class c. */
static bf_msg_id model_msg(bf_class c)
{
    switch (c) {
    case BF_CLASS_MASS_FOLLOWER:
        return BF_MSG_EV_MODEL_MASS;
    case BF_CLASS_INACTIVE:
        return BF_MSG_EV_MODEL_INACTIVE;
    case BF_CLASS_FAKE_FOLLOWER:
        return BF_MSG_EV_MODEL_FAKE;
    case BF_CLASS_SPAM_BOT:
        return BF_MSG_EV_MODEL_SPAM;
    case BF_CLASS_REAL:
    case BF_CLASS__COUNT:
        break;
    }
    return BF_MSG_EV_MODEL_REAL;
}

bf_err bf_audit_build(bf_store *st, uint32_t account_id, const bf_audit_opts *o,
                      bf_report *out)
{
    bf_audit_opts opts;
    bf_account_row row;
    bf_timeline tl;
    bf_rules_out own;
    const bf_csr *g = NULL;
    tally ty;
    bf_report_audience *au = &out->audience;
    bf_report_engagement *en = &out->engagement;
    int automated, inflated_share, inflated_eng, low_eng, good_eng, doubt;
    int thin;
    int s_dup, s_noeng, s_client, s_regular, signals, posts_ok;
    double aud_conf = 0, post_conf, conf;
    const bf_model *m = NULL;
    int model_firm = 0;
    bf_err err;

    memset(&opts, 0, sizeof opts);
    if (o)
        opts = *o;
    if (!opts.no_model)
        m = opts.model ? opts.model : bf_audit_default_model();
    if (!opts.sample)
        opts.sample = BF_AUDIT_SAMPLE;
    if (!opts.now)
        opts.now = bf_time_now();
    memset(&ty, 0, sizeof ty);
    memset(&row, 0, sizeof row);
    err = bf_store_account(st, account_id, &row);
    if (err)
        goto out;
    err = bf_report_set_account(out, &row.a);
    if (err)
        goto out;
    out->generated_at = opts.now;

    /* Posts first: they decide AUTOMATED and measure engagement. */
    err = bf_timeline_from_store(st, account_id, opts.max_posts, &tl);
    if (err)
        goto out;
    bf_rules_eval_timeline(&row.a, &tl, opts.now, &own);

    /* The audience, from the follow graph when there is one. */
    err = bf_store_graph_lazy(st, &g);
    if (err == BF_ENOTFOUND) {
        g = NULL;
        err = BF_OK;
    }
    if (!err && g && account_id < g->n)
        err = bf_csr_in_degree(g, account_id, &au->known);
    if (err)
        goto out;
    if (g && account_id < g->n && au->known > 0) {
        au->has_data = 1;
        err = bf__growth_start(&out->growth, opts.now);
        if (!err)
            err = judge_followers(st, g, account_id, opts.sample, opts.now, m,
                                  &ty, &out->growth);
        if (err)
            goto out;
    }
    au->sample = ty.sample;
    au->profiles = ty.profiles;
    if (row.a.followers > 0 && au->has_data)
        au->coverage = (double)au->known / (double)row.a.followers;
    bf_share_wilson(&au->weak, ty.weak, ty.profiles);
    bf_share_wilson(&au->cc, ty.cc, ty.profiles);
    bf_share_wilson(&au->sb, ty.sb, ty.profiles);
    bf_share_wilson(&au->any, ty.any, ty.profiles);
    bf_share_wilson(&au->suspect, ty.any, ty.profiles);
    bf_share_wilson(&au->mass, ty.mass, ty.profiles);
    bf_share_wilson(&au->inactive, ty.inactive, ty.profiles);
    bf_share_wilson(&au->real, ty.real, ty.profiles);
    bf_share_wilson(&au->model_fake, ty.model_fake, ty.model_n);
    if (row.a.followers >= 0 && row.a.following > 0)
        out->ratio = (double)row.a.followers / (double)row.a.following;

    /* Engagement figures. */
    en->posts = tl.n;
    en->originals = tl.originals;
    en->replies = tl.replies;
    en->reposts = tl.reposts;
    en->quotes = tl.quotes;
    en->mean = tl.eng_mean;
    en->median = tl.eng_median;
    en->mean_original = tl.eng_mean_original;
    en->zero_share = tl.zero_eng_share;
    en->dup_share = tl.dup_share;
    en->automation_share = tl.automation_share;
    en->scheduler_share = tl.scheduler_share;
    en->gap_cv = tl.gap_cv;
    if (tl.eng_mean_original >= 0 && row.a.followers > 0)
        en->rate = tl.eng_mean_original / (double)row.a.followers;

    /*     * Automation signals on the account's own posts.  AUTOMATED needs
     * posts from automation services that nobody reacts to, or
     * duplicates and silence at machine-regular intervals, or any three
     * of the four signs.
     */
    posts_ok = tl.n >= MIN_POSTS;
    s_dup = posts_ok && tl.dup_share >= DUP_SIGNAL;
    s_noeng = tl.eng_known >= MIN_POSTS && tl.zero_eng_share >= NOENG_SIGNAL;
    s_client = tl.sourced >= MIN_POSTS && tl.automation_share >= CLIENT_SIGNAL;
    s_regular = posts_ok && tl.gap_cv >= 0 && tl.gap_cv < REGULAR_CV;
    signals = s_dup + s_noeng + s_client + s_regular;
    automated = (s_client && s_noeng) || (s_dup && s_noeng && s_regular) ||
                signals >= 3;

    /* Audience and engagement judgements. */
    thin = ty.profiles < MIN_PROFILES;
    inflated_share = !thin && au->any.lo >= INFLATED_LO;
    doubt = !thin && au->any.lo >= DOUBT_LO;
    inflated_eng = en->rate >= 0 && tl.eng_known >= MIN_POSTS &&
                   row.a.followers >= RATE_MIN_FOLLOWERS &&
                   en->rate < RATE_EXTREME;
    low_eng = en->rate >= 0 && tl.eng_known >= MIN_POSTS &&
              row.a.followers >= RATE_MIN_FOLLOWERS && en->rate < RATE_LOW;
    good_eng = posts_ok && en->rate >= RATE_LOW && tl.zero_eng_share >= 0 &&
               tl.zero_eng_share < 0.5;
    /*
     * Confidence: how much evidence there is.  The audience part is one
     * minus the width of the interval (0 without followers); the posts
     * part grows to 1 at 50 posts.
     */
    if (!thin)
        aud_conf = clamp01(1 - (au->any.hi - au->any.lo));
    post_conf = clamp01(tl.n / 50.0);
    conf = 0.3 + 0.4 * aud_conf + 0.3 * post_conf;

    if (automated) {
        out->verdict = BF_VERDICT_AUTOMATED;
        conf = 0.5 + 0.3 * post_conf + 0.2 * signals / 4.0;
        out->reason.msg = s_client ? BF_MSG_REASON_AUTOMATED_CLIENT
                                   : BF_MSG_REASON_AUTOMATED;
        out->reason.args[0] =
                100 * clamp01(s_client ? tl.automation_share : tl.dup_share);
        out->reason.args[1] = 100 * clamp01(tl.zero_eng_share);
        out->reason.nargs = 2;
    } else if (inflated_share || inflated_eng) {
        out->verdict = BF_VERDICT_INFLATED;
        if (inflated_share) {
            /* Farther above the threshold, firmer. */
            conf *= clamp01(0.6 + (au->any.lo - INFLATED_LO) * 2);
            out->reason.msg = BF_MSG_REASON_INFLATED_FAKE;
            out->reason.args[0] = floor(100 * au->any.lo);
            out->reason.nargs = 1;
        } else {
            conf *= 0.7;
            out->reason.msg = BF_MSG_REASON_INFLATED_ENGAGEMENT;
            out->reason.args[0] = (double)row.a.followers;
            out->reason.args[1] = en->mean_original;
            out->reason.nargs = 2;
        }
    } else if (doubt || low_eng || (thin && posts_ok && !good_eng)) {
        /* Without an audience to judge, silent posts are a doubt too. */
        out->verdict = BF_VERDICT_QUESTIONABLE;
        out->reason.msg = BF_MSG_REASON_MIXED;
        conf *= 0.8;
    } else if (thin && !good_eng) {
        /* Neither an audience nor engagement to judge by. */
        out->verdict = BF_VERDICT_QUESTIONABLE;
        out->reason.msg = BF_MSG_REASON_THIN;
        conf = 0.2 + 0.2 * post_conf;
    } else {
        out->verdict = BF_VERDICT_GENUINE;
        out->reason.msg = au->has_data && !thin ? BF_MSG_REASON_GENUINE
                                                : BF_MSG_REASON_GENUINE_POSTS;
        if (!thin)
            conf *= clamp01(0.6 + (DOUBT_LO - au->any.p) * 2);
    }
    /*
     * The model about the account itself.  It may only raise GENUINE to
     * QUESTIONABLE, and only when it is very sure about a complete
     * profile (every counter and the creation date known): it reads the
     * profile alone, was trained on one Twitter data set and never saw a
     * spam bot, so it is a reason to look again, not a finding.
     */
    if (m) {
        err = judge_account(st, account_id, opts.now, m, &out->model);
        if (err)
            goto out;
        model_firm = out->model.prob >= BF_AUDIT_MODEL_RAISE &&
                     row.a.followers >= 0 && row.a.following >= 0 &&
                     row.a.posts >= 0 && row.a.created_at > 0;
        if (out->verdict == BF_VERDICT_GENUINE && model_firm) {
            out->verdict = BF_VERDICT_QUESTIONABLE;
            out->model.raised = 1;
            out->reason.msg = BF_MSG_REASON_MODEL;
            out->reason.args[0] = shown_prob(out->model.prob);
            out->reason.nargs = 1;
            conf *= 0.8;
        }
    }
    /* Without follower data every verdict but AUTOMATED is less sure. */
    if (!au->has_data && !automated && conf > 0.5)
        conf = 0.5;
    out->confidence = clamp01(conf);

    /* ---- evidence: the audience ---- */
    if (!au->has_data) {
        ev(out, BF_LEVEL_WATCH, BF_MSG_EV_NO_FOLLOWER_DATA, 0, 0, 0, 0, 0);
    } else {
        if (au->coverage >= 0 && au->coverage < 0.5) {
            bf_evidence *e =
                    ev(out, BF_LEVEL_WATCH, BF_MSG_EV_FOLLOWERS_PARTIAL, 3,
                       (double)au->known, (double)row.a.followers,
                       100 * au->coverage, 0);

            bf_evidence_add_figure(e, "coverage", au->coverage,
                                   BF_MSG_HOW_COVERAGE);
        }
        if (ty.profiles < ty.sample / 2)
            ev(out, BF_LEVEL_WATCH, BF_MSG_EV_FEW_PROFILES, 2, ty.profiles,
               ty.sample, 0, 0);
        if (thin)
            ev(out, BF_LEVEL_WATCH, BF_MSG_EV_FEW_JUDGED, 2, ty.profiles,
               MIN_PROFILES, 0, 0);
        if (ty.profiles > 0) {
            share_evidence(out, BF_MSG_EV_FAKE_WEAK, &au->weak, "weak_share",
                           BF_MSG_HOW_WEAK);
            share_evidence(out, BF_MSG_EV_FAKE_SB, &au->sb, "sb_share",
                           BF_MSG_HOW_SB);
            if (au->model_fake.n > 0)
                share_evidence(out, BF_MSG_EV_MODEL_FOLLOWERS, &au->model_fake,
                               "model_share", BF_MSG_HOW_MODEL);
            bf_evidence_add_figure(
                    ev(out,
                       au->cc.p >= DOUBT_LO ? BF_LEVEL_WATCH : BF_LEVEL_GOOD,
                       BF_MSG_EV_FAKE_CC, 2, 100 * au->cc.p, au->cc.n, 0, 0),
                    "cc_share", au->cc.p, BF_MSG_HOW_CC);
        }
    }

    /* ---- evidence: the model, then the account's own profile ---- */
    if (!m) {
        ev(out, BF_LEVEL_WATCH, BF_MSG_EV_MODEL_NONE, 0, 0, 0, 0, 0);
    } else {
        /*
         * Never a warning sign on its own: a guess from the profile.  Nor
         * a good sign when the posts contradict it.
         */
        bf_evidence *e = ev(out,
                            out->model.prob >= BF_MODEL_THRESHOLD || automated
                                    ? BF_LEVEL_WATCH
                                    : BF_LEVEL_GOOD,
                            model_msg(out->model.cls), 1,
                            shown_prob(out->model.prob), 0, 0, 0);

        bf_evidence_add_figure(e, "model_probability", out->model.prob,
                               BF_MSG_HOW_MODEL);
        if (e)
            e->model_reasons = 1;
        /* Where the model and the rules disagree, say so. */
        if (automated && out->model.prob < BF_MODEL_THRESHOLD)
            ev(out, BF_LEVEL_WATCH, BF_MSG_EV_MODEL_POSTS, 0, 0, 0, 0, 0);
        if (out->verdict == BF_VERDICT_GENUINE &&
            out->model.prob >= BF_MODEL_THRESHOLD)
            ev(out, BF_LEVEL_WATCH, BF_MSG_EV_MODEL_LEANS, 1,
               shown_prob(out->model.prob), 0, 0, 0);
    }
    if (row.a.following > 100 && row.a.followers >= 0 &&
        row.a.following >= 10 * row.a.followers) {
        bf_evidence *e = ev(
                out, own.sb[BF_SB_RATIO] == 1 ? BF_LEVEL_BAD : BF_LEVEL_WATCH,
                BF_MSG_EV_FOLLOWS_MANY, 2, (double)row.a.following,
                (double)row.a.followers, 0, 0);

        bf_evidence_add_figure(e, "ratio", out->ratio, BF_MSG_HOW_RATIO);
    } else if (out->ratio >= 1) {
        bf_evidence_add_figure(
                ev(out, BF_LEVEL_GOOD, BF_MSG_EV_RATIO, 1, out->ratio, 0, 0, 0),
                "ratio", out->ratio, BF_MSG_HOW_RATIO);
    }
    if (own.cc_human_decided > 0)
        ev(out, own.cc_weak ? BF_LEVEL_WATCH : BF_LEVEL_GOOD, BF_MSG_EV_PROFILE,
           2, own.cc_human, own.cc_human_decided, 0, 0);
    if (own.sb_hits > 0)
        ev(out, own.sb_hits >= 2 ? BF_LEVEL_BAD : BF_LEVEL_WATCH,
           BF_MSG_EV_OWN_SB, 1, own.sb_hits, 0, 0, 0);

    /* ---- evidence: the posts ---- */
    if (tl.n == 0) {
        ev(out, BF_LEVEL_WATCH, BF_MSG_EV_NO_POSTS, 0, 0, 0, 0, 0);
    } else {
        if (en->rate >= 0) {
            bf_level l = en->rate >= RATE_GOOD  ? BF_LEVEL_GOOD
                         : en->rate >= RATE_LOW ? BF_LEVEL_WATCH
                                                : BF_LEVEL_BAD;
            bf_evidence *e;

            if (row.a.followers < RATE_MIN_FOLLOWERS && l == BF_LEVEL_BAD)
                l = BF_LEVEL_WATCH;
            e = ev(out, l, BF_MSG_EV_ENG_RATE, 2, en->mean_original,
                   100 * en->rate, 0, 0);
            bf_evidence_add_figure(e, "mean_per_original", en->mean_original,
                                   BF_MSG_HOW_ENG_MEAN);
            bf_evidence_add_figure(e, "engagement_rate", en->rate,
                                   BF_MSG_HOW_ENG_RATE);
            if (inflated_eng)
                ev(out, BF_LEVEL_BAD, BF_MSG_EV_ENG_MISMATCH, 2,
                   (double)row.a.followers, 100 * en->rate, 0, 0);
        }
        if (tl.zero_eng_share >= 0.5 && tl.eng_known > 0)
            bf_evidence_add_figure(
                    ev(out,
                       tl.zero_eng_share >= NOENG_SIGNAL ? BF_LEVEL_BAD
                                                         : BF_LEVEL_WATCH,
                       BF_MSG_EV_ZERO_ENG, 2, 100 * tl.zero_eng_share,
                       tl.eng_known, 0, 0),
                    "zero_share", tl.zero_eng_share, BF_MSG_HOW_ZERO_ENG);
        if (tl.dup_share >= 0.1)
            bf_evidence_add_figure(
                    ev(out,
                       tl.dup_share >= DUP_SIGNAL ? BF_LEVEL_BAD
                                                  : BF_LEVEL_WATCH,
                       BF_MSG_EV_DUPLICATES, 1, 100 * tl.dup_share, 0, 0, 0),
                    "dup_share", tl.dup_share, BF_MSG_HOW_DUP);
        if (tl.automation_share >= 0.2)
            bf_evidence_add_figure(ev(out,
                                      tl.automation_share >= CLIENT_SIGNAL
                                              ? BF_LEVEL_BAD
                                              : BF_LEVEL_WATCH,
                                      BF_MSG_EV_AUTOMATION, 1,
                                      100 * tl.automation_share, 0, 0, 0),
                                   "automation_share", tl.automation_share,
                                   BF_MSG_HOW_AUTOMATION);
        if (tl.scheduler_share >= 0.2)
            ev(out, BF_LEVEL_GOOD, BF_MSG_EV_SCHEDULER, 1,
               100 * tl.scheduler_share, 0, 0, 0);
        if (s_regular)
            bf_evidence_add_figure(ev(out, BF_LEVEL_BAD, BF_MSG_EV_REGULAR, 2,
                                      tl.gap_median / 3600, tl.gap_cv, 0, 0),
                                   "gap_cv", tl.gap_cv, BF_MSG_HOW_REGULAR);
        if (tl.n > 0 && tl.reposts * 2 >= tl.n)
            ev(out, BF_LEVEL_WATCH, BF_MSG_EV_REPOSTS, 1,
               100.0 * tl.reposts / tl.n, 0, 0, 0);
    }

    /* ---- what would change the verdict ---- */
    if (out->verdict == BF_VERDICT_AUTOMATED)
        change(out, BF_MSG_CH_AUTOMATED, 0, 0, 0);
    if (out->model.raised)
        change(out, BF_MSG_CH_MODEL, 1, 100 * BF_AUDIT_MODEL_RAISE, 0);
    if (out->verdict == BF_VERDICT_INFLATED && inflated_share)
        change(out, BF_MSG_CH_INFLATED, 2, 100 * INFLATED_LO,
               floor(100 * au->any.lo));
    if ((out->verdict == BF_VERDICT_GENUINE ||
         out->verdict == BF_VERDICT_QUESTIONABLE) &&
        !thin)
        change(out, BF_MSG_CH_GENUINE, 2, 100 * INFLATED_LO,
               ceil(100 * au->any.hi));
    if (low_eng || inflated_eng)
        change(out, BF_MSG_CH_ENGAGEMENT, 1, 100 * RATE_LOW, 0);
    if (ty.profiles < GOOD_PROFILES &&
        (row.a.followers < 0 || row.a.followers > (int64_t)ty.profiles))
        change(out, BF_MSG_CH_MORE_FOLLOWERS, 1, GOOD_PROFILES, 0);
    if (tl.n < MIN_POSTS)
        change(out, BF_MSG_CH_MORE_POSTS, 1, MIN_POSTS, 0);

    /* The sections of the report and the questions to ask. */
    err = bf__audit_sections(st, account_id, &row.a, &tl, &opts, out);
out:
    bf_account_row_release(&row);
    return err;
}
