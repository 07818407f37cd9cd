/*
 * audit.c - building the report of one account from the store.
 *
 * The audit follows the decision procedure of docs/verdict.md in two
 * halves over one evidence record.  Gathering reads the store once:
 * the account (whose observation time ends every age and recency), its
 * posts (bf_timeline_from_store), its followers (the CSR's in-adjacency,
 * all of them or a uniform random sample drawn with a fixed seed, as
 * SparkToro audits about 2,000 followers; each judged by the rule sets of
 * score/rules.h and by the model at the time it was itself observed) and
 * the model's view of the account.  Then three findings are drawn, each
 * known or not, with a level and the share of the followers or posts it
 * rests on: the posts (automation), the audience (the estimated share of
 * fake followers: the model's flagged count corrected by its held-out
 * error rates, score/quantify.h, or the rule sets' share when those rates
 * are unknown; only the whole follower list or a uniform sample counts)
 * and engagement.  decide() walks them in a fixed order and names the
 * finding that decided; a finding without data is neutral, and when no
 * finding is known the verdict is NOT ENOUGH EVIDENCE, never a doubt.
 * The model about the account only corroborates: it may turn GENUINE
 * into QUESTIONABLE when very sure about a complete profile, because it
 * reads profiles only and never saw a spam bot.  Every threshold is a
 * named constant below and in docs/verdict.md.
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
#include "score/quantify.h"
#include "score/rules.h"
#include "score/timeline.h"
#include "store/scan.h"

/* INFLATED when the lower bound of the fake-looking share reaches this. */
#define INFLATED_LO 0.40
/* QUESTIONABLE when the lower bound reaches this (and not INFLATED). */
#define DOUBT_LO 0.20
/* Target number of judged followers for a firm verdict. */
#define GOOD_PROFILES 200
/* Automation signals need at least this many posts. */
#define MIN_POSTS BF_AUDIT_MIN_POSTS
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
#define RATE_GOOD 0.001
#define RATE_LOW  BF_AUDIT_RATE_LOW
/* Followings from which three times the followers is following en masse. */
#define MASS_FOLLOWS       2000
#define RATE_EXTREME       0.00005
#define RATE_MIN_FOLLOWERS 1000
/*
 * The model's probability is a good sign for the account only below
 * MODEL_GOOD (three to one for a real person): at 45% it is unsure, and a
 * good sign beside "45% probability of a fake profile" reads as a
 * contradiction.  From BF_MODEL_THRESHOLD it is a sign to watch.
 */
#define MODEL_GOOD 0.25
/*
 * The account's own Camisani-Calzolari line needs this many human
 * criteria decided: "meets 0 of the 1 criteria" (a profile known by a
 * following count and five posts) is no proportion, and a sign to watch
 * drawn from one criterion accuses the account of nothing it could
 * answer.
 */
#define CC_MIN_DECIDED 3

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
    bf_share_wilson(&r->audience.fake, 0, 0);
    bf_share_wilson(&r->audience.kind_real, 0, 0);
    bf_share_wilson(&r->audience.kind_fake, 0, 0);
    bf_share_wilson(&r->audience.kind_spam, 0, 0);
    r->audience.tpr = r->audience.fpr = -1;
    r->decided_by = BF_SEC_VERDICT;
    r->account.automated = -1;
    r->model.prob = -1;
    r->engagement.tier_median = r->engagement.published = -1;
    r->engagement.view_rate = r->engagement.view_published = -1;
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
    r->account.automated = a->automated;
    return err;
}

bf_msg_id bf_report_no_call(const bf_report_model *m)
{
    return m->not_applied == BF_MODEL_NOT_PLATFORM ? BF_MSG_MODEL_NOT_PLATFORM
                                                   : BF_MSG_MODEL_NOT_APPLIED;
}

const char *bf_report_shown(const bf_report_account *a, int *out_at)
{
    *out_at = a->handle && *a->handle;
    if (*out_at)
        return a->handle;
    if (a->name && *a->name)
        return a->name;
    return a->native_id ? a->native_id : "?";
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
    case BF_VERDICT_NOT_ENOUGH:
        return "not_enough_evidence";
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
    case BF_VERDICT_NOT_ENOUGH:
        return BF_MSG_VERDICT_NOT_ENOUGH;
    case BF_VERDICT_QUESTIONABLE:
        break;
    }
    return BF_MSG_VERDICT_QUESTIONABLE;
}

const char *bf_level_key(bf_level l)
{
    return l == BF_LEVEL_GOOD   ? "good"
           : l == BF_LEVEL_BAD  ? "bad"
           : l == BF_LEVEL_NONE ? "none"
                                : "watch";
}

const char *bf_coverage_key(bf_coverage c)
{
    static const char *const keys[] = { "none", "whole", "sample", "newest",
                                        "unknown" };

    return (unsigned)c < sizeof keys / sizeof *keys ? keys[c] : "none";
}

const char *bf_estimator_key(bf_estimator e)
{
    return e == BF_EST_MODEL   ? "model_adjusted"
           : e == BF_EST_RULES ? "rules"
                               : "none";
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
/*
 * lists_followers says whether bonafide fetch can collect the followers
 * of an account of platform, with their profiles (docs/fetch.md): on the
 * platforms read from exports none can, so the advice to collect them
 * would send a shop owner after what no tool can get.
 */
static int lists_followers(const char *platform)
{
    return !bf__platform_of_exports(platform);
}

static void change(bf_report *r, bf_msg_id msg, size_t nargs, double a0,
                   double a1)
{
    double args[BF_REPORT_MAX_ARGS] = { a0, a1, 0, 0 };

    bf_report_add_change(r, msg, args, nargs);
}

/* ---- the evidence record ---- */

/* Counts over the evaluated followers. */
typedef struct tally {
    uint32_t sample, profiles, weak, cc, sb, any;
    uint32_t mass, inactive, real; /* audience types; suspect is any */
    uint32_t model_n, model_fake;  /* judged by the model, called fake */
    uint32_t kinds[3];             /* by the model: real, fake, spam */
    /* model_n and model_fake by tier of the follower's row (bf_tier) */
    uint32_t tier_n[BF_TIER__COUNT], tier_fake[BF_TIER__COUNT];
} tally;

/*
 * One finding of docs/verdict.md: whether it is known (there was data
 * enough to judge), its level, and the share of the audience or of the
 * posts it rests on.
 */
typedef struct finding {
    int known;
    bf_level level;
    double coverage; /* 0..1: of the followers or posts it speaks of */
} finding;

/*
 * The evidence record every step of the audit reads and the gathering
 * steps fill: the account, its posts, its audience, the model; then the
 * three findings the verdict is decided from.
 */
typedef struct evidence {
    bf_store *st;
    uint32_t id;
    bf_audit_opts opts;
    const bf_model *m;
    bf_model_rates rates;
    int rates_known;
    /* the quantifier's rates per tier (the pooled ones when not tiered) */
    bf_model_rates tier_rates[BF_TIER__COUNT];
    bf_account_row row;
    int64_t seen;  /* what the report's dates are measured to */
    int64_t clock; /* what recency is measured to; 0 unknown */
    int64_t ages;  /* what ages are measured to; 0 unknown (ages unknown) */
    bf_timeline tl;
    bf_rules_out own;
    tally ty;
    /* Automation signals on the account's own posts. */
    int s_dup, s_noeng, s_client, s_regular, signals;
    finding posts, audience, engagement;
    int eng_extreme; /* engagement low enough to call the audience bought */
    int model_firm;  /* the model is very sure about a complete profile */
    double model_th; /* the model's threshold for the account's tier */
} evidence;

/* seen_at is when profile a was observed, or clock when that is unknown
 * (0: its ages are unknown). */
static int64_t seen_at(const bf_account *a, int64_t clock)
{
    return a->observed_at > 0 ? a->observed_at : clock;
}

/*
 * inactive_follower: no post at all (declared count 0), or posts in the
 * store whose newest is older than BF_INACTIVE_DAYS before the follower
 * was observed (never the day the report is run: a profile crawled in
 * 2015 is not inactive for having posted nothing since).  A follower
 * whose posts are not in the store and whose count is not 0 counts as
 * active: the store cannot tell.  Cost: a search of its rows in each post
 * segment, and the merge of its newest (bf_store_newest_post).
 */
static bf_err inactive_follower(bf_store *st, uint32_t id, const bf_account *a,
                                int64_t clock, int *out)
{
    int64_t seen = seen_at(a, clock), newest = 0;
    bf_err err;

    *out = 0;
    if (a->posts == 0) {
        *out = 1;
        return BF_OK;
    }
    err = bf_store_newest_post(st, id, &newest);
    if (!err && newest > 0 && seen > 0 &&
        newest < seen - (int64_t)BF_INACTIVE_DAYS * 86400)
        *out = 1;
    return err;
}

/* ---- the authenticity model ---- */

static pthread_once_t default_once = PTHREAD_ONCE_INIT;
static bf_model *default_model;

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
 * follower_kind sorts a follower into the three kinds the report counts:
 * 0 real person, 1 bought or fake, 2 spam or automated.  The model's call
 * at the threshold the counts use says real or not, so the kinds add up
 * to the flagged count; its kind probabilities then say which kind.
 */
static int follower_kind(const bf_model *m, const bf_features *f, double prob,
                         double threshold)
{
    double pk[BF_KIND__COUNT];

    if (prob < threshold)
        return 0;
    if (bf_model_predict_kinds(m, f, pk) != BF_OK)
        return 1;
    return pk[BF_KIND_SPAM] > pk[BF_KIND_FAKE_FOLLOWER] ? 2 : 1;
}

/*
 * judge_follower judges one follower f (dense id fid) into t: the rule
 * sets, the model and the four audience types, each at the time f was
 * observed.  Cost: one account read and one walk of its posts.
 */
static bf_err judge_follower(evidence *e, uint32_t fid, bf_report_growth *gr)
{
    bf_account_row row;
    tally *t = &e->ty;
    bf_err err;

    memset(&row, 0, sizeof row);
    t->sample++;
    err = bf_store_account(e->st, fid, &row);
    if (err == BF_ENOTFOUND) /* a vertex the database does not know */
        return BF_OK;
    if (!err && bf_account_counts_known(&row.a)) {
        int64_t seen = seen_at(&row.a, e->ages);
        bf_rules_out r;
        int inactive = 0;

        bf_rules_eval(&row.a, seen, &r);
        t->profiles++;
        t->weak += r.cc_weak != 0;
        t->cc += r.cc_fake != 0;
        t->sb += r.sb_fake != 0;
        t->any += r.cc_weak || r.sb_fake;
        if (e->m) {
            bf_features f;
            double p = 0;

            bf_features_from_account(&row.a, seen, &f);
            err = bf_model_predict(e->m, &f, &p);
            t->model_n++;
            t->model_fake += p >= e->rates.threshold;
            t->tier_n[bf_model_tier(f.v)]++;
            t->tier_fake[bf_model_tier(f.v)] += p >= e->rates.threshold;
            t->kinds[follower_kind(e->m, &f, p, e->rates.threshold)]++;
        }
        /* The four audience types, exclusive, suspect first; no verdict
         * rests on them, so a verdict-only audit saves the post walks. */
        if (!err && !(r.cc_weak || r.sb_fake) && !e->opts.verdict_only) {
            if (row.a.following > BF_MASS_FOLLOWING) {
                t->mass++;
            } else {
                err = inactive_follower(e->st, fid, &row.a, e->clock,
                                        &inactive);
                t->inactive += inactive != 0;
                t->real += !inactive;
            }
        }
    }
    if (!err && row.a.created_at > 0)
        bf__growth_add(gr, row.a.created_at);
    bf_account_row_release(&row);
    return err;
}

/*
 * judge_followers evaluates a uniform sample of the account's followers
 * (bf_csr_in_sample, seeded with BF_AUDIT_SEED, so that the same store
 * gives the same sample), in list order.  Cost: O(deg) random draws, and
 * O(sample) list entries and account reads.
 */
static bf_err judge_followers(evidence *e, const bf_csr *g,
                              bf_report_growth *gr)
{
    uint32_t *fol;
    uint64_t deg = 0, n = 0, i, cap;
    /*
     * The graph was opened lazily: the entries are checked as they are
     * read, only those kept, so that auditing a hub (or an alternative
     * that is one) reads its sample and not its whole list.
     */
    bf_err err = bf_csr_in_degree(g, e->id, &deg);

    if (err || !deg)
        return err;
    cap = deg < e->opts.sample ? deg : e->opts.sample;
    fol = malloc(cap * sizeof *fol);
    if (!fol)
        return BF_ENOMEM;
    err = bf_csr_in_sample(g, e->id, cap, BF_AUDIT_SEED, NULL, fol, &n, &deg);
    for (i = 0; !err && i < n; i++)
        err = judge_follower(e, fol[i], gr);
    free(fol);
    return err;
}

/*
 * coverage_of says what the stored followers of the account are of its
 * list (bf_coverage).  Follower pages come newest first with their
 * positions: positions 0..k-1 with nothing after them are the newest k,
 * a partial list; positions spread over the list are a sample.  O(1) for
 * a whole list, O(deg) otherwise.
 */
static bf_err coverage_of(const bf_csr *g, uint32_t id, int64_t declared,
                          bf_coverage *out)
{
    const uint32_t *adj = NULL;
    const int32_t *pos = NULL;
    uint64_t deg = 0, i, k = 0;
    int32_t top = -1;
    /* The length alone first: a whole list is not read here. */
    bf_err err = bf_csr_in_degree(g, id, &deg);

    if (err)
        return err;
    if (!deg) {
        *out = BF_COVER_NONE;
        return BF_OK;
    }
    if (declared <= 0 || (double)deg >= BF_AUDIT_WHOLE * (double)declared) {
        *out = BF_COVER_WHOLE;
        return BF_OK;
    }
    err = bf_csr_in(g, id, &adj, &pos, &deg);
    if (err)
        return err;
    for (i = 0; pos && i < deg; i++) {
        if (pos[i] < 0)
            continue;
        k++;
        if (pos[i] > top)
            top = pos[i];
    }
    if (!k)
        *out = BF_COVER_UNKNOWN;
    /* A prefix of the list (allowing for unfollows since it was read). */
    else if ((double)top < 1.5 * (double)k + 10)
        *out = BF_COVER_NEWEST;
    else
        *out = BF_COVER_SAMPLE;
    return BF_OK;
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
 * trained_set is 1 when a's label comes from a labelled set the model m
 * names among those it was trained on (bf_model_provenance: "trained on
 * SET (...); SET (...); ..."): the model may have learnt this very
 * account, so its call on it tests nothing.  O(provenance length).
 */
static int trained_set(const bf_model *m, const bf_account *a)
{
    const char *p = bf_model_provenance(m), *q;
    size_t n;

    if (!a->label || !a->label_set || !*a->label_set || !p)
        return 0;
    n = strlen(a->label_set);
    for (q = strstr(p, a->label_set); q; q = strstr(q + 1, a->label_set))
        if ((q == p || q[-1] == ' ') && strncmp(q + n, " (", 2) == 0)
            return 1;
    return 0;
}

/*
 * judge_account fills out->model from the account's features (every
 * family the store holds: the shipped model reads the profile ones),
 * measured to when the account was observed, and the model's reasons
 * without the unknown features: an unknown value is never a reason, in
 * either direction.  Cost: O(posts + BF_FEAT_NEIGHBOURS) for the
 * features, O(trees x leaves x depth^2) for the reasons (TreeSHAP).
 */
static bf_err judge_account(evidence *e, bf_report_model *out)
{
    bf_features f;
    double kinds[BF_KIND__COUNT];
    size_t i, kept = 0;
    bf_err err;

    /* A profile whose counts are all unknown (an outbox without its
     * actor's counters) is not one the model can see; a YouTube channel,
     * a Facebook profile or Page and a LinkedIn member are not the kind
     * of profile it learnt (docs/authenticity.md, "Platforms"). */
    if (!bf_account_counts_known(&e->row.a) ||
        !bf_model_reads_platform(e->row.a.platform)) {
        out->not_applied = bf_account_counts_known(&e->row.a)
                                   ? BF_MODEL_NOT_PLATFORM
                                   : BF_MODEL_NOT_COUNTS;
        out->prob = -1;
        return BF_OK;
    }
    /* Undated profiles, the account's (e->ages is 0 then) and its
     * neighbours', have unknown ages, as score measures them
     * (bf_bulk_measure_undated): both give one probability. */
    err = bf_features_from_store(e->st, e->id, 0, &f);
    if (!err)
        err = bf_model_predict(e->m, &f, &out->prob);
    if (err)
        return err;
    e->model_th = bf_model_threshold_row(e->m, f.v);
    out->available = 1;
    if (bf_model_predict_kinds(e->m, &f, kinds) == BF_OK)
        out->cls = bf_model_class_kinds(&f, out->prob, kinds);
    else
        out->cls = bf_model_class(&f, out->prob);
    err = bf_model_reasons(e->m, &f, out->reasons, &out->nreasons);
    for (i = 0; !err && i < out->nreasons; i++)
        if (!isnan(out->reasons[i].value))
            out->reasons[kept++] = out->reasons[i];
    out->nreasons = err ? 0 : kept;
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

/* ---- gathering the evidence ---- */

/*
 * set_clock sets what the audit's ages and recencies are measured to.
 * With an observation date from the source, both end there (e->ages and
 * e->clock).  Without one, recency ("inactive", the growth charts) ends at
 * the account's newest dated record, its newest post or its newest dated
 * follower arrival: the data were seen no earlier than that (a file's own
 * date says when it was copied, not when its data were seen).  Ages are
 * then unknown to the rules and the model (e->ages 0): that date is only a
 * lower bound, and an account measured to it looks younger than it is,
 * which the model reads as a sign of automation (a profile indexed in 2023
 * with 3,358 posts looked two days old).  Followers whose own observation
 * is unknown are measured to the same clocks: they were collected with the
 * account.  With no dated record at all, recency is unknown too and the
 * charts end on the day of the report (e->seen).  The report says which
 * (bf_report.measured_basis).  Runs after the timeline is read.
 */
static bf_err set_clock(evidence *e, bf_report *out)
{
    int64_t now = e->opts.now, clock = e->tl.newest;
    bf_arrival_bin *bins = NULL;
    size_t n = 0;
    bf_err err;

    out->observed_at = e->row.a.observed_at > 0 ? e->row.a.observed_at : 0;
    if (out->observed_at) {
        e->clock = out->observed_at;
        out->measured_basis = BF_CLOCK_OBSERVED;
    } else {
        err = bf_store_arrivals(e->st, e->id, BF_ARRIVALS_WEEK, &bins, &n);
        if (err)
            return err;
        if (n && bins[n - 1].last > clock)
            clock = bins[n - 1].last;
        free(bins);
        e->clock = clock > now ? now : clock;
        out->measured_basis = e->clock ? BF_CLOCK_NEWEST : BF_CLOCK_UNKNOWN;
    }
    e->ages = out->observed_at;
    e->seen = e->clock ? e->clock : now;
    out->measured_to = e->clock;
    e->opts.now = e->seen;
    return BF_OK;
}

/*
 * gather_posts reads the account's posts, the post criteria of the rule
 * sets and the engagement figures.
 */
static bf_err gather_posts(evidence *e, bf_report *out)
{
    bf_report_engagement *en = &out->engagement;
    const bf_timeline *tl = &e->tl;
    bf_err err =
            bf_timeline_from_store(e->st, e->id, e->opts.max_posts, &e->tl);

    if (!err)
        err = set_clock(e, out);
    if (err)
        return err;
    /* The rules' post criteria ("over 90% of posts contain links") read
     * the timeline from as many posts as the verdict does: one linked
     * post is no finding. */
    bf_rules_eval_timeline(&e->row.a, tl->n >= MIN_POSTS ? tl : NULL, e->ages,
                           &e->own);
    en->posts = tl->n;
    en->originals = tl->originals;
    en->replies = tl->replies;
    en->reposts = tl->reposts;
    en->quotes = tl->quotes;
    en->mean = tl->eng_mean;
    en->median = tl->eng_median;
    en->mean_original = tl->eng_mean_original;
    en->zero_share = tl->zero_eng_share;
    en->reactions_known = tl->eng_known;
    en->dup_share = tl->dup_share;
    en->automation_share = tl->automation_share;
    en->scheduler_share = tl->scheduler_share;
    en->gap_cv = tl->gap_cv;
    en->view_rate = tl->eng_per_view;
    en->viewed = tl->eng_viewed;
    if (tl->eng_mean_original >= 0 && e->row.a.followers > 0)
        en->rate = tl->eng_mean_original / (double)e->row.a.followers;
    return bf__engagement_reference(e->st, e->id, &e->row.a, en);
}

/*
 * gather_audience judges the account's followers and estimates the share
 * of fake ones: the model's flagged count corrected by its held-out rates
 * (score/quantify.h) when the model file records them, else the rule
 * sets' share with its Wilson interval.
 */
static bf_err gather_audience(evidence *e, bf_report *out)
{
    bf_report_audience *au = &out->audience;
    const bf_csr *g = NULL;
    const tally *ty = &e->ty;
    /* The audience, from the follow graph when there is one. */
    bf_err err = bf_store_graph_lazy(e->st, &g);

    if (err == BF_ENOTFOUND) {
        g = NULL;
        err = BF_OK;
    }
    if (!err && g && e->id < g->n)
        err = bf_csr_in_degree(g, e->id, &au->known);
    if (err)
        return err;
    err = bf__growth_start(&out->growth, e->seen);
    if (err)
        return err;
    if (g && e->id < g->n && au->known > 0) {
        au->has_data = 1;
        err = coverage_of(g, e->id, e->row.a.followers, &au->cover);
        if (!err)
            err = judge_followers(e, g, &out->growth);
        if (err)
            return err;
    }
    au->sample = ty->sample;
    au->profiles = ty->profiles;
    if (e->row.a.followers > 0 && au->has_data)
        au->coverage = (double)au->known / (double)e->row.a.followers;
    bf_share_wilson(&au->weak, ty->weak, ty->profiles);
    bf_share_wilson(&au->cc, ty->cc, ty->profiles);
    bf_share_wilson(&au->sb, ty->sb, ty->profiles);
    bf_share_wilson(&au->any, ty->any, ty->profiles);
    bf_share_wilson(&au->suspect, ty->any, ty->profiles);
    bf_share_wilson(&au->mass, ty->mass, ty->profiles);
    bf_share_wilson(&au->inactive, ty->inactive, ty->profiles);
    bf_share_wilson(&au->real, ty->real, ty->profiles);
    bf_share_wilson(&au->model_fake, ty->model_fake, ty->model_n);
    bf_share_wilson(&au->kind_real, ty->kinds[0], ty->model_n);
    bf_share_wilson(&au->kind_fake, ty->kinds[1], ty->model_n);
    bf_share_wilson(&au->kind_spam, ty->kinds[2], ty->model_n);
    if (e->row.a.followers >= 0 && e->row.a.following > 0)
        out->ratio = (double)e->row.a.followers / (double)e->row.a.following;
    /*
     * The estimate the audience finding follows: each tier's count
     * corrected with that tier's rates, the two weighted by their
     * followers (score/quantify.h); the pooled rates on the whole count
     * when a tier cannot be corrected alone.
     */
    if (e->rates_known && ty->model_n > 0) {
        bf_quant_tier qt[BF_TIER__COUNT];
        bf_quantity q;
        uint64_t pop = au->cover == BF_COVER_WHOLE ? au->known : 0;
        double tpr = 0, fpr = 0;
        int t, ok;

        for (t = 0; t < BF_TIER__COUNT; t++) {
            const bf_model_rates *r = &e->tier_rates[t];
            double w = (double)ty->tier_n[t] / ty->model_n;

            qt[t].k = ty->tier_fake[t];
            qt[t].n = ty->tier_n[t];
            qt[t].tpr = r->tpr;
            qt[t].fpr = r->fpr;
            qt[t].n_pos = r->n_pos;
            qt[t].n_neg = r->n_neg;
            tpr += w * r->tpr;
            fpr += w * r->fpr;
        }
        ok = bf_quantify_tiers(qt, BF_TIER__COUNT, pop, &q) == BF_OK;
        if (!ok) {
            tpr = e->rates.tpr;
            fpr = e->rates.fpr;
            ok = bf_quantify_acc(ty->model_fake, ty->model_n, pop, tpr,
                                 e->rates.n_pos, fpr, e->rates.n_neg,
                                 &q) == BF_OK;
        }
        if (ok) {
            au->fake.n = q.n;
            au->fake.k = q.k;
            au->fake.p = q.p;
            au->fake.lo = q.lo;
            au->fake.hi = q.hi;
            au->estimator = BF_EST_MODEL;
            au->tpr = tpr;
            au->fpr = fpr;
        }
    }
    if (au->estimator == BF_EST_NONE && ty->profiles > 0) {
        au->fake = au->any;
        au->estimator = BF_EST_RULES;
    }
    return BF_OK;
}

/* ---- the findings (docs/verdict.md) ---- */

/*
 * find_posts: the account's own posts are machine-made when they come
 * from automation services and nobody reacts, or are duplicates posted in
 * silence at machine-regular intervals, or show any three of the four
 * signs.  Known from MIN_POSTS posts.
 */
static void find_posts(evidence *e)
{
    const bf_timeline *tl = &e->tl;
    int ok = tl->n >= MIN_POSTS;

    e->s_dup = ok && tl->dup_share >= DUP_SIGNAL;
    e->s_noeng =
            tl->eng_known >= MIN_POSTS && tl->zero_eng_share >= NOENG_SIGNAL;
    e->s_client =
            tl->sourced >= MIN_POSTS && tl->automation_share >= CLIENT_SIGNAL;
    e->s_regular = ok && tl->gap_cv >= 0 && tl->gap_cv < REGULAR_CV;
    e->signals = e->s_dup + e->s_noeng + e->s_client + e->s_regular;
    e->posts.known = ok;
    e->posts.coverage = ok ? 1 : 0;
    e->posts.level = !ok ? BF_LEVEL_NONE
                     : (e->s_client && e->s_noeng) ||
                                     (e->s_dup && e->s_noeng && e->s_regular) ||
                                     e->signals >= 3
                             ? BF_LEVEL_BAD
                             : BF_LEVEL_GOOD;
}

/*
 * find_audience grades the estimated share of fake followers by its
 * interval: BAD when even the lower bound reaches INFLATED_LO, WATCH
 * when it reaches DOUBT_LO or the estimate itself does, GOOD otherwise.
 * Known only when the followers are the whole list or a uniform sample
 * and at least BF_AUDIT_MIN_PROFILES of them were judged.
 */
static void find_audience(evidence *e, const bf_report *out)
{
    const bf_report_audience *au = &out->audience;
    const bf_share *s = &au->fake;

    e->audience.coverage = au->coverage >= 0 ? clamp01(au->coverage) : 1;
    e->audience.known =
            (au->cover == BF_COVER_WHOLE || au->cover == BF_COVER_SAMPLE) &&
            au->profiles >= BF_AUDIT_MIN_PROFILES &&
            au->estimator != BF_EST_NONE;
    if (!e->audience.known)
        e->audience.level = BF_LEVEL_NONE;
    else if (s->lo >= INFLATED_LO)
        e->audience.level = BF_LEVEL_BAD;
    else if (s->lo >= DOUBT_LO || s->p >= DOUBT_LO)
        e->audience.level = BF_LEVEL_WATCH;
    else
        e->audience.level = BF_LEVEL_GOOD;
}

/*
 * find_engagement: the reactions to the original posts against the
 * declared audience.  Known from MIN_POSTS posts with known reactions and
 * a declared follower count.  An engagement rate below RATE_EXTREME with
 * RATE_MIN_FOLLOWERS followers or more is no audience (BAD); below
 * RATE_LOW, or posts that nearly all (NOENG_SIGNAL) go unanswered, or a
 * rate under a third of what the engagement section compares it to (the
 * store's accounts of the same size, else a published median), a doubt
 * (WATCH), so that the verdict never calls good what its section calls
 * bad; GOOD from RATE_LOW otherwise: a person's posts often go unanswered
 * one by one, which is no sign as long as the others are.
 */
static void find_engagement(evidence *e, const bf_report *out)
{
    const bf_timeline *tl = &e->tl;
    double rate = out->engagement.rate;
    int big = e->row.a.followers >= RATE_MIN_FOLLOWERS;

    /* The rate is reactions per original post: it needs as many original
     * posts with known counters as any other posts finding. */
    e->engagement.known = rate >= 0 && tl->eng_known >= MIN_POSTS &&
                          tl->eng_originals >= MIN_POSTS;
    e->engagement.coverage = e->engagement.known ? 1 : 0;
    e->eng_extreme = e->engagement.known && big && rate < RATE_EXTREME;
    if (!e->engagement.known)
        e->engagement.level = BF_LEVEL_NONE;
    else if (e->eng_extreme)
        e->engagement.level = BF_LEVEL_BAD;
    else if ((big && rate < RATE_LOW) || tl->zero_eng_share >= NOENG_SIGNAL ||
             bf__engagement_compare(&out->engagement) == BF_LEVEL_BAD)
        e->engagement.level = BF_LEVEL_WATCH;
    else if (rate >= RATE_LOW)
        e->engagement.level = BF_LEVEL_GOOD;
    else
        e->engagement.level = BF_LEVEL_WATCH;
}

/* reason sets the verdict's sentence from literal arguments. */
static void reason(bf_report *r, bf_msg_id msg, size_t nargs, double a0,
                   double a1, double a2)
{
    r->reason.msg = msg;
    r->reason.args[0] = a0;
    r->reason.args[1] = a1;
    r->reason.args[2] = a2;
    r->reason.nargs = nargs;
}

/*
 * decide applies the procedure of docs/verdict.md in its order: the
 * account's own statement and then its posts (AUTOMATED), audience
 * (INFLATED, doubt), engagement (INFLATED, doubt), then GENUINE on a
 * known good finding, else NOT ENOUGH EVIDENCE; the
 * model about the account may only turn GENUINE into QUESTIONABLE.  The
 * reason cites the finding that decided, and decided_by names it.
 * Confidence is how much evidence there is: the audience's interval
 * width, the number of posts.
 */
static void decide(evidence *e, bf_report *out)
{
    const bf_share *f = &out->audience.fake;
    const bf_report_engagement *en = &out->engagement;
    const bf_timeline *tl = &e->tl;
    double aud_conf = 0, post_conf = clamp01(tl->n / 50.0), conf;

    if (e->audience.known)
        aud_conf = clamp01(1 - (f->hi - f->lo));
    conf = 0.3 + 0.4 * aud_conf + 0.3 * post_conf;
    if (e->row.a.automated == 1) {
        /* Its owner says so on the platform: a fact, not a finding.  The
         * content section carries the statement. */
        out->verdict = BF_VERDICT_AUTOMATED;
        out->decided_by = BF_SEC_CONTENT;
        conf = 0.9;
        reason(out, BF_MSG_REASON_DECLARED, 0, 0, 0, 0);
    } else if (e->posts.level == BF_LEVEL_BAD) {
        out->verdict = BF_VERDICT_AUTOMATED;
        out->decided_by = BF_SEC_CONTENT;
        conf = 0.5 + 0.3 * post_conf + 0.2 * e->signals / 4.0;
        reason(out,
               e->s_client ? BF_MSG_REASON_AUTOMATED_CLIENT
                           : BF_MSG_REASON_AUTOMATED,
               2,
               100 * clamp01(e->s_client ? tl->automation_share
                                         : tl->dup_share),
               100 * clamp01(tl->zero_eng_share), 0);
    } else if (e->audience.level == BF_LEVEL_BAD) {
        out->verdict = BF_VERDICT_INFLATED;
        out->decided_by = BF_SEC_AUDIENCE;
        /* Farther above the threshold, firmer. */
        conf *= clamp01(0.6 + (f->lo - INFLATED_LO) * 2);
        reason(out, BF_MSG_REASON_INFLATED_EST, 3, 100 * f->p, 100 * f->lo,
               100 * f->hi);
    } else if (e->engagement.level == BF_LEVEL_BAD &&
               e->audience.level != BF_LEVEL_GOOD) {
        out->verdict = BF_VERDICT_INFLATED;
        out->decided_by = BF_SEC_ENGAGEMENT;
        conf *= 0.7;
        reason(out, BF_MSG_REASON_INFLATED_ENGAGEMENT, 2,
               (double)e->row.a.followers, en->mean_original, 0);
    } else if (e->audience.level == BF_LEVEL_WATCH) {
        out->verdict = BF_VERDICT_QUESTIONABLE;
        out->decided_by = BF_SEC_AUDIENCE;
        conf *= 0.8;
        reason(out, BF_MSG_REASON_DOUBT_AUD, 3, 100 * f->p, 100 * f->lo,
               100 * f->hi);
    } else if (e->engagement.level == BF_LEVEL_WATCH ||
               e->engagement.level == BF_LEVEL_BAD) {
        out->verdict = BF_VERDICT_QUESTIONABLE;
        out->decided_by = BF_SEC_ENGAGEMENT;
        conf *= 0.8;
        /* Say which of find_engagement's doubts it is. */
        if (e->row.a.followers >= RATE_MIN_FOLLOWERS && en->rate < RATE_LOW)
            reason(out, BF_MSG_REASON_DOUBT_RATE, 2, (double)e->row.a.followers,
                   100 * en->rate, 0);
        else if (tl->zero_eng_share < NOENG_SIGNAL &&
                 bf__engagement_compare(en) == BF_LEVEL_BAD &&
                 bf__engagement_by_view(en))
            reason(out, BF_MSG_REASON_DOUBT_VIEWS, 2, 100 * en->view_rate,
                   100 * en->view_published, 0);
        else if (tl->zero_eng_share < NOENG_SIGNAL &&
                 bf__engagement_compare(en) == BF_LEVEL_BAD)
            reason(out, BF_MSG_REASON_DOUBT_PEERS, 2, 100 * en->rate,
                   100 * bf__engagement_ref(en), 0);
        else
            reason(out, BF_MSG_REASON_DOUBT_SILENT, 2,
                   100 * clamp01(tl->zero_eng_share), tl->eng_known, 0);
    } else if (e->audience.level == BF_LEVEL_GOOD) {
        int eng = e->engagement.level == BF_LEVEL_GOOD;

        out->verdict = BF_VERDICT_GENUINE;
        out->decided_by = BF_SEC_AUDIENCE;
        conf *= clamp01(0.6 + (DOUBT_LO - f->p) * 2);
        if (bf_report_fake_at_floor(&out->audience))
            reason(out,
                   eng ? BF_MSG_REASON_GENUINE_EST_FLOOR
                       : BF_MSG_REASON_GENUINE_AUD_FLOOR,
                   2, 100 * f->lo, 100 * f->hi, 0);
        else
            reason(out,
                   eng ? BF_MSG_REASON_GENUINE_EST : BF_MSG_REASON_GENUINE_AUD,
                   3, 100 * f->p, 100 * f->lo, 100 * f->hi);
    } else if (e->engagement.level == BF_LEVEL_GOOD) {
        out->verdict = BF_VERDICT_GENUINE;
        out->decided_by = BF_SEC_ENGAGEMENT;
        reason(out, BF_MSG_REASON_GENUINE_POSTS, 3,
               100 * (1 - clamp01(en->zero_share)), (double)en->reactions_known,
               100 * en->rate);
    } else {
        out->verdict = BF_VERDICT_NOT_ENOUGH;
        out->decided_by = BF_SEC_VERDICT;
        conf = 0;
        reason(out, BF_MSG_REASON_NOT_ENOUGH, 0, 0, 0, 0);
    }
    /*
     * The model about the account itself may only raise GENUINE to
     * QUESTIONABLE, and only when it is very sure about a complete
     * profile: it reads the profile alone, was trained on one Twitter
     * data set and never saw a spam bot, so it is a reason to look
     * again, not a finding.
     */
    if (out->verdict == BF_VERDICT_GENUINE && e->model_firm) {
        out->verdict = BF_VERDICT_QUESTIONABLE;
        out->model.raised = 1;
        reason(out, BF_MSG_REASON_MODEL, 1, shown_prob(out->model.prob), 0, 0);
        conf *= 0.8;
    }
    /* Without a known audience every verdict but AUTOMATED is less sure. */
    if (!e->audience.known && out->verdict != BF_VERDICT_AUTOMATED &&
        conf > 0.5)
        conf = 0.5;
    out->confidence = clamp01(conf);
}

/* ---- the evidence items ---- */

/* level_of grades a fake-looking share by its interval. */
static bf_level level_of(const bf_share *s)
{
    if (s->lo >= INFLATED_LO)
        return BF_LEVEL_BAD;
    if (s->lo >= DOUBT_LO || s->p >= DOUBT_LO)
        return BF_LEVEL_WATCH;
    return BF_LEVEL_GOOD;
}

/*
 * share_evidence adds the sentence and figures of one share; level is
 * the share's own grade when the audience can be judged, else neutral.
 */
static void share_evidence(bf_report *r, int judged, bf_msg_id msg,
                           const bf_share *s, const char *key, bf_msg_id how)
{
    bf_evidence *e = ev(r, judged ? level_of(s) : BF_LEVEL_NONE, msg, 4,
                        100 * s->p, s->n, 100 * s->lo, 100 * s->hi);

    bf_evidence_add_figure(e, key, s->p, how);
    bf_evidence_add_figure(e, "interval_low", s->lo, BF_MSG_HOW_SHARE);
    bf_evidence_add_figure(e, "interval_high", s->hi, BF_MSG_HOW_SHARE);
    bf_evidence_add_figure(e, "examined", s->n, BF_MSG_HOW_SAMPLE);
}

/* evidence_audience: coverage, the estimate, then what corroborates it. */
static void evidence_audience(evidence *e, bf_report *out)
{
    const bf_report_audience *au = &out->audience;
    const tally *ty = &e->ty;
    int judged = e->audience.known;
    double declared = (double)e->row.a.followers;
    bf_evidence *x;

    if (!au->has_data) {
        ev(out, BF_LEVEL_NONE, BF_MSG_EV_NO_FOLLOWER_DATA, 0, 0, 0, 0, 0);
        return;
    }
    if (au->cover == BF_COVER_NEWEST) {
        x = ev(out, BF_LEVEL_NONE, BF_MSG_EV_COVER_NEWEST, 2, (double)au->known,
               declared, 0, 0);
        bf_evidence_add_figure(x, "coverage", au->coverage,
                               BF_MSG_HOW_COVERAGE);
    } else if (au->cover == BF_COVER_UNKNOWN) {
        x = ev(out, BF_LEVEL_NONE, BF_MSG_EV_COVER_UNKNOWN, 3,
               (double)au->known, declared, 100 * au->coverage, 0);
        bf_evidence_add_figure(x, "coverage", au->coverage,
                               BF_MSG_HOW_COVERAGE);
    } else if (au->cover == BF_COVER_SAMPLE) {
        x = ev(out, BF_LEVEL_NONE, BF_MSG_EV_COVER_SAMPLE, 2, (double)au->known,
               declared, 0, 0);
        bf_evidence_add_figure(x, "coverage", au->coverage,
                               BF_MSG_HOW_COVERAGE);
    }
    /* One sentence for "none judged", never "only 0 of 420". */
    if (ty->profiles == 0) {
        ev(out, BF_LEVEL_NONE, BF_MSG_EV_NO_PROFILES, 1, (double)au->known, 0,
           0, 0);
        return;
    }
    if (ty->profiles < ty->sample / 2)
        ev(out, BF_LEVEL_NONE, BF_MSG_EV_FEW_PROFILES, 2, ty->profiles,
           ty->sample, 0, 0);
    if (ty->profiles < BF_AUDIT_MIN_PROFILES)
        ev(out, BF_LEVEL_NONE, BF_MSG_EV_FEW_JUDGED, 2, ty->profiles,
           BF_AUDIT_MIN_PROFILES, 0, 0);
    if (au->estimator == BF_EST_MODEL) {
        /* A share corrected to 0 from flagged followers says so. */
        x = bf_report_fake_at_floor(au)
                    ? ev(out, judged ? e->audience.level : BF_LEVEL_NONE,
                         BF_MSG_EV_FAKE_EST_FLOOR, 4, 100 * au->fake.lo,
                         100 * au->fake.hi, 100 * au->model_fake.p,
                         100 * au->fpr)
                    : ev(out, judged ? e->audience.level : BF_LEVEL_NONE,
                         BF_MSG_EV_FAKE_EST, 4, 100 * au->fake.p,
                         100 * au->fake.lo, 100 * au->fake.hi,
                         100 * au->model_fake.p);
        bf_evidence_add_figure(x, "fake_estimate", au->fake.p,
                               BF_MSG_HOW_FAKE_EST);
        bf_evidence_add_figure(x, "interval_low", au->fake.lo,
                               BF_MSG_HOW_FAKE_EST);
        bf_evidence_add_figure(x, "interval_high", au->fake.hi,
                               BF_MSG_HOW_FAKE_EST);
        bf_evidence_add_figure(x, "judged", au->fake.n, BF_MSG_HOW_SAMPLE);
        if (fabs(au->any.p - au->model_fake.p) >= 0.15)
            ev(out, BF_LEVEL_NONE, BF_MSG_EV_DISAGREE, 2, 100 * au->any.p,
               100 * au->model_fake.p, 0, 0);
    } else if (au->estimator == BF_EST_RULES) {
        x = ev(out, judged ? e->audience.level : BF_LEVEL_NONE,
               BF_MSG_EV_FAKE_EST_RULES, 3, 100 * au->fake.p, 100 * au->fake.lo,
               100 * au->fake.hi, 0);
        bf_evidence_add_figure(x, "fake_estimate", au->fake.p,
                               BF_MSG_HOW_SHARE);
        bf_evidence_add_figure(x, "interval_low", au->fake.lo,
                               BF_MSG_HOW_SHARE);
        bf_evidence_add_figure(x, "interval_high", au->fake.hi,
                               BF_MSG_HOW_SHARE);
    }
    if (au->model_fake.n > 0)
        ev(out, BF_LEVEL_NONE, BF_MSG_EV_KINDS, 4, au->model_fake.n,
           100 * au->kind_real.p, 100 * au->kind_fake.p, 100 * au->kind_spam.p);
    /* The rule sets and the model's raw count: corroboration only. */
    share_evidence(out, judged, BF_MSG_EV_FAKE_WEAK, &au->weak, "weak_share",
                   BF_MSG_HOW_WEAK);
    share_evidence(out, judged, BF_MSG_EV_FAKE_SB, &au->sb, "sb_share",
                   BF_MSG_HOW_SB);
    if (au->model_fake.n > 0)
        share_evidence(out, judged, BF_MSG_EV_MODEL_FOLLOWERS, &au->model_fake,
                       "model_share", BF_MSG_HOW_MODEL);
    bf_evidence_add_figure(ev(out,
                              !judged                ? BF_LEVEL_NONE
                              : au->cc.p >= DOUBT_LO ? BF_LEVEL_WATCH
                                                     : BF_LEVEL_GOOD,
                              BF_MSG_EV_FAKE_CC, 2, 100 * au->cc.p, au->cc.n, 0,
                              0),
                           "cc_share", au->cc.p, BF_MSG_HOW_CC);
}

/* evidence_account: the model about the account, then its own profile. */
/* The messages of the Socialbakers criteria follow bf_sb_crit's order. */
_Static_assert(BF_MSG_EV_SB_NO_BIO_LOC - BF_MSG_EV_SB_RATIO ==
                               BF_SB_NO_BIO_LOC - BF_SB_RATIO &&
                       BF_SB_RATIO == 0 && BF_SB__COUNT == BF_SB_NO_BIO_LOC + 1,
               "one message per Socialbakers criterion, in order");

static void evidence_account(evidence *e, bf_report *out)
{
    const bf_account *a = &e->row.a;
    bf_evidence *x;
    int i, profile;

    if (a->automated == 1)
        ev(out, BF_LEVEL_BAD, BF_MSG_EV_DECLARED, 0, 0, 0, 0, 0);
    if (!e->m) {
        ev(out, BF_LEVEL_NONE, BF_MSG_EV_MODEL_NONE, 0, 0, 0, 0, 0);
    } else if (out->model.not_applied) {
        /* No call, and no probability to show: say why. */
        ev(out, BF_LEVEL_NONE,
           out->model.not_applied == BF_MODEL_NOT_PLATFORM
                   ? BF_MSG_EV_MODEL_NOT_PLATFORM
                   : BF_MSG_EV_MODEL_NOT_COUNTS,
           0, 0, 0, 0, 0);
    } else {
        /*
         * Never a warning sign on its own: a guess from the profile.  Nor
         * a good sign when the posts contradict it, or when the model is
         * unsure (MODEL_GOOD).
         */
        x = ev(out,
               out->model.prob >= BF_MODEL_THRESHOLD ||
                               e->posts.level == BF_LEVEL_BAD
                       ? BF_LEVEL_WATCH
               : out->model.prob < MODEL_GOOD ? BF_LEVEL_GOOD
                                              : BF_LEVEL_NONE,
               model_msg(out->model.cls), 1, shown_prob(out->model.prob), 0, 0,
               0);
        bf_evidence_add_figure(x, "model_probability", out->model.prob,
                               BF_MSG_HOW_MODEL);
        if (x)
            x->model_reasons = 1;
        /* Where the model and the rules disagree, say which decided. */
        if (e->posts.level == BF_LEVEL_BAD &&
            out->model.prob < BF_MODEL_THRESHOLD)
            ev(out, BF_LEVEL_WATCH, BF_MSG_EV_MODEL_POSTS, 0, 0, 0, 0, 0);
        if (out->verdict == BF_VERDICT_GENUINE &&
            out->model.prob >= BF_MODEL_THRESHOLD)
            ev(out, BF_LEVEL_WATCH, BF_MSG_EV_MODEL_LEANS, 1,
               shown_prob(out->model.prob), 0, 0, 0);
        if (trained_set(e->m, a))
            ev(out, BF_LEVEL_NONE, BF_MSG_EV_MODEL_TRAINED, 0, 0, 0, 0, 0);
    }
    /*
     * The profile rules below read follows as X's: where the counters
     * mean other things (a YouTube channel's subscriptions, a Facebook
     * Page's likes, LinkedIn's connections), the model makes no call and
     * neither do they: a musician's Page with a million followers met
     * "2 of the 5 Camisani-Calzolari human criteria", a sign to watch.
     * The criteria read in the posts (repeats, links, reposts, spam
     * phrases) hold everywhere.
     */
    profile = bf_model_reads_platform(a->platform);
    /*
     * Following en masse: ten times the followers, or, for an account
     * that follows thousands, three times (a follow-for-follow account
     * of 30,000 followings and 5,000 followers is no less one for being
     * followed back by some).
     */
    if (!profile) {
        /* Nothing of the profile's counters: see above. */
    } else if (a->followers >= 0 &&
               ((a->following > 100 && a->following >= 10 * a->followers) ||
                (a->following >= MASS_FOLLOWS &&
                 a->following >= 3 * a->followers))) {
        x = ev(out, e->own.sb[BF_SB_RATIO] == 1 ? BF_LEVEL_BAD : BF_LEVEL_WATCH,
               BF_MSG_EV_FOLLOWS_MANY, 2, (double)a->following,
               (double)a->followers, 0, 0);
        bf_evidence_add_figure(x, "ratio", out->ratio, BF_MSG_HOW_RATIO);
    } else if (out->ratio >= 1) {
        bf_evidence_add_figure(
                ev(out, BF_LEVEL_GOOD, BF_MSG_EV_RATIO, 1, out->ratio, 0, 0, 0),
                "ratio", out->ratio, BF_MSG_HOW_RATIO);
    }
    if (profile && e->own.cc_human_decided >= CC_MIN_DECIDED)
        ev(out, e->own.cc_weak ? BF_LEVEL_WATCH : BF_LEVEL_GOOD,
           BF_MSG_EV_PROFILE, 2, e->own.cc_human, e->own.cc_human_decided, 0,
           0);
    /* The Socialbakers criteria it meets, each named: "1 of the
     * criteria" left a reader to guess which. */
    for (i = 0; i < BF_SB__COUNT; i++)
        if (e->own.sb[i] == 1 &&
            (profile || (i != BF_SB_RATIO && i != BF_SB_NO_BIO_LOC)))
            ev(out, e->own.sb_hits >= 2 ? BF_LEVEL_BAD : BF_LEVEL_WATCH,
               (bf_msg_id)(BF_MSG_EV_SB_RATIO + i), 0, 0, 0, 0, 0);
}

/* evidence_posts: engagement and the signs of automation. */
static void evidence_posts(evidence *e, bf_report *out)
{
    const bf_timeline *tl = &e->tl;
    const bf_report_engagement *en = &out->engagement;
    bf_evidence *x;

    if (tl->n == 0) {
        ev(out, BF_LEVEL_NONE, BF_MSG_EV_NO_POSTS, 0, 0, 0, 0, 0);
        return;
    }
    if (en->rate >= 0) {
        bf_level l = en->rate >= RATE_GOOD  ? BF_LEVEL_GOOD
                     : en->rate >= RATE_LOW ? BF_LEVEL_WATCH
                                            : BF_LEVEL_BAD;

        if (e->row.a.followers < RATE_MIN_FOLLOWERS && l == BF_LEVEL_BAD)
            l = BF_LEVEL_WATCH;
        if (!e->engagement.known)
            l = BF_LEVEL_NONE;
        x = ev(out, l, BF_MSG_EV_ENG_RATE, 2, en->mean_original, 100 * en->rate,
               0, 0);
        bf_evidence_add_figure(x, "mean_per_original", en->mean_original,
                               BF_MSG_HOW_ENG_MEAN);
        bf_evidence_add_figure(x, "engagement_rate", en->rate,
                               BF_MSG_HOW_ENG_RATE);
        if (e->eng_extreme)
            ev(out, BF_LEVEL_BAD, BF_MSG_EV_ENG_MISMATCH, 2,
               (double)e->row.a.followers, 100 * en->rate, 0, 0);
    }
    /*
     * A share of a handful of posts is no finding: each of these three
     * speaks from as many posts as the verdict reads them from
     * (find_posts).  Unanswered posts below NOENG_SIGNAL are a sign to
     * watch only when the engagement finding is not good: a person's
     * posts often go unanswered one by one (find_engagement), and a
     * warning beside "the posts make people react" would contradict it.
     */
    if (tl->zero_eng_share >= 0.5 && tl->eng_known >= MIN_POSTS)
        bf_evidence_add_figure(
                ev(out,
                   tl->zero_eng_share >= NOENG_SIGNAL     ? BF_LEVEL_BAD
                   : e->engagement.level == BF_LEVEL_GOOD ? BF_LEVEL_NONE
                                                          : BF_LEVEL_WATCH,
                   BF_MSG_EV_ZERO_ENG, 2, 100 * tl->zero_eng_share,
                   tl->eng_known, 0, 0),
                "zero_share", tl->zero_eng_share, BF_MSG_HOW_ZERO_ENG);
    if (tl->dup_share >= 0.1 && tl->n >= MIN_POSTS)
        bf_evidence_add_figure(
                ev(out,
                   tl->dup_share >= DUP_SIGNAL ? BF_LEVEL_BAD : BF_LEVEL_WATCH,
                   BF_MSG_EV_DUPLICATES, 1, 100 * tl->dup_share, 0, 0, 0),
                "dup_share", tl->dup_share, bf__how_dup(out));
    if (tl->automation_share >= 0.2 && tl->sourced >= MIN_POSTS)
        bf_evidence_add_figure(ev(out,
                                  tl->automation_share >= CLIENT_SIGNAL
                                          ? BF_LEVEL_BAD
                                          : BF_LEVEL_WATCH,
                                  BF_MSG_EV_AUTOMATION, 1,
                                  100 * tl->automation_share, 0, 0, 0),
                               "automation_share", tl->automation_share,
                               BF_MSG_HOW_AUTOMATION);
    if (tl->scheduler_share >= 0.2)
        ev(out, BF_LEVEL_GOOD, BF_MSG_EV_SCHEDULER, 1,
           100 * tl->scheduler_share, 0, 0, 0);
    if (e->s_regular)
        bf_evidence_add_figure(ev(out, BF_LEVEL_BAD, BF_MSG_EV_REGULAR, 2,
                                  tl->gap_median / 3600, tl->gap_cv, 0, 0),
                               "gap_cv", tl->gap_cv, BF_MSG_HOW_REGULAR);
    if (tl->reposts * 2 >= tl->n)
        ev(out, BF_LEVEL_WATCH, BF_MSG_EV_REPOSTS, 1,
           100.0 * tl->reposts / tl->n, 0, 0, 0);
}

/*
 * model_raise is the probability from which the model may raise a
 * GENUINE verdict to QUESTIONABLE: BF_AUDIT_MODEL_RAISE, or the model's
 * own operating threshold for the account's tier of known fields when
 * that is higher (the threshold at which it calls at most 1% of the
 * genuine accounts of every held-out set fake).
 */
static double model_raise(const evidence *e)
{
    double t = !e->m             ? 0
               : e->model_th > 0 ? e->model_th
                                 : bf_model_threshold(e->m);

    return t > BF_AUDIT_MODEL_RAISE ? t : BF_AUDIT_MODEL_RAISE;
}

/* changes: what would change the verdict, and what to collect next. */
static void changes(evidence *e, bf_report *out)
{
    const bf_share *f = &out->audience.fake;
    const bf_report_audience *au = &out->audience;

    if (out->verdict == BF_VERDICT_AUTOMATED)
        change(out,
               e->row.a.automated == 1 ? BF_MSG_CH_DECLARED
                                       : BF_MSG_CH_AUTOMATED,
               0, 0, 0);
    if (out->model.raised)
        change(out, BF_MSG_CH_MODEL, 1, 100 * model_raise(e), 0);
    if (out->verdict == BF_VERDICT_INFLATED &&
        out->decided_by == BF_SEC_AUDIENCE)
        change(out, BF_MSG_CH_INFLATED, 2, 100 * INFLATED_LO, 100 * f->lo);
    if ((out->verdict == BF_VERDICT_GENUINE ||
         out->verdict == BF_VERDICT_QUESTIONABLE) &&
        e->audience.known)
        change(out, BF_MSG_CH_GENUINE, 2, 100 * INFLATED_LO, 100 * f->lo);
    if (e->engagement.known && e->engagement.level != BF_LEVEL_GOOD &&
        e->row.a.followers >= RATE_MIN_FOLLOWERS) {
        /* The rate that lifts the doubt: the floor, or a third of what
         * the rate is compared with when that is higher. */
        const bf_report_engagement *en = &out->engagement;
        int below = bf__engagement_compare(en) == BF_LEVEL_BAD;
        double least = RATE_LOW;

        if (below && bf__engagement_by_view(en))
            change(out, BF_MSG_CH_VIEWS, 1,
                   100 * en->view_published / BF_AUDIT_ENG_BAD, 0);
        else {
            if (below && bf__engagement_ref(en) / BF_AUDIT_ENG_BAD > least)
                least = bf__engagement_ref(en) / BF_AUDIT_ENG_BAD;
            change(out, BF_MSG_CH_ENGAGEMENT, 1, 100 * least, 0);
        }
    }
    if (!e->audience.known)
        change(out,
               lists_followers(e->row.a.platform) ? BF_MSG_CH_COLLECT_FOLLOWERS
                                                  : BF_MSG_CH_FOLLOWERS_CLOSED,
               1, GOOD_PROFILES, 0);
    else if (au->profiles < GOOD_PROFILES &&
             (e->row.a.followers < 0 ||
              e->row.a.followers > (int64_t)au->profiles))
        change(out, BF_MSG_CH_MORE_FOLLOWERS, 1, GOOD_PROFILES, 0);
    /* The rate is per follower: without the count, posts alone do not
     * make it. */
    if (e->tl.n < MIN_POSTS)
        change(out,
               e->row.a.followers < 0 ? BF_MSG_CH_MORE_POSTS_COUNT
                                      : BF_MSG_CH_MORE_POSTS,
               1, MIN_POSTS, 0);
    else if (!e->engagement.known && e->tl.eng_known > 0 &&
             e->row.a.followers < 0)
        change(out, BF_MSG_CH_FOLLOWER_COUNT, 0, 0, 0);
    else if (!e->engagement.known && e->tl.eng_known > 0 &&
             e->tl.eng_originals < MIN_POSTS)
        /* Posts enough, but replies and reposts: the rate needs the
         * account's own posts. */
        change(out, BF_MSG_CH_MORE_ORIGINALS, 2, MIN_POSTS,
               (double)e->tl.eng_originals);
}

/*
 * reconcile makes the engagement rate's evidence item wear the level of
 * the engagement section, which compares the rate with the account's
 * peers or the published median: one rate, one judgement on the page.
 */
static void reconcile(bf_report *out)
{
    const bf_section *s = &out->sections[BF_SEC_ENGAGEMENT];
    bf_section *v = &out->sections[BF_SEC_VERDICT];
    size_t i;

    for (i = 0; i < out->nevidence; i++)
        if (out->evidence[i].msg == BF_MSG_EV_ENG_RATE && s->shown)
            out->evidence[i].level = s->level;
    /*
     * "People react to the posts" may not stand above a section that
     * finds them answered less than the account's peers: the audience
     * still decides, and the headline says the reactions are low.
     */
    if ((out->reason.msg == BF_MSG_REASON_GENUINE_EST ||
         out->reason.msg == BF_MSG_REASON_GENUINE_EST_FLOOR) &&
        (s->level == BF_LEVEL_WATCH || s->level == BF_LEVEL_BAD)) {
        bf_msg_id low = out->reason.msg == BF_MSG_REASON_GENUINE_EST
                                ? BF_MSG_REASON_GENUINE_LOW_ENG
                                : BF_MSG_REASON_GENUINE_LOW_ENG_FLOOR;

        if (v->verdict.msg == out->reason.msg)
            v->verdict.msg = low;
        out->reason.msg = low;
    }
}

bf_err bf_audit_build(bf_store *st, uint32_t account_id, const bf_audit_opts *o,
                      bf_report *out)
{
    evidence *e = calloc(1, sizeof *e);
    bf_store_read rd = { NULL, NULL, 0 };
    bf_err err;
    size_t i;

    if (!e)
        return BF_ENOMEM;
    /*
     * One read transaction for the whole audit: its thousands of small
     * reads (followers, posts, peers) then share one snapshot and one
     * lock, on the mapped database.  Inside a batch there is none, and
     * the reads go on as they are.
     */
    if (bf_store_read_begin(st, &rd) != BF_OK)
        bf_store_read_end(&rd);
    e->st = st;
    e->id = account_id;
    if (o)
        e->opts = *o;
    if (!e->opts.no_model)
        e->m = e->opts.model ? e->opts.model : bf_audit_default_model();
    if (!e->opts.sample)
        e->opts.sample = BF_AUDIT_SAMPLE;
    if (!e->opts.now)
        e->opts.now = bf_time_now();
    e->rates.threshold = BF_MODEL_THRESHOLD;
    e->rates.tpr = e->rates.fpr = -1;
    if (e->m) {
        int tiered;

        e->rates_known = bf_model_get_quant_rates(e->m, &e->rates) == BF_OK;
        if (e->rates_known && bf_model_get_quant_tier_rates(e->m, e->tier_rates,
                                                            &tiered) != BF_OK)
            e->rates_known = 0;
    }
    err = bf_store_account(st, account_id, &e->row);
    if (!err)
        err = bf_report_set_account(out, &e->row.a);
    if (err)
        goto out;
    out->generated_at = e->opts.now;

    /* Gather: posts, audience, the model about the account. */
    err = gather_posts(e, out);
    if (!err)
        err = gather_audience(e, out);
    if (!err && e->m) {
        err = judge_account(e, &out->model);
        e->model_firm = !err && out->model.prob >= model_raise(e) &&
                        e->row.a.followers >= 0 && e->row.a.following >= 0 &&
                        e->row.a.posts >= 0 && e->row.a.created_at > 0;
    }
    if (err)
        goto out;

    /* The findings, the verdict, then what it rests on. */
    find_posts(e);
    find_audience(e, out);
    find_engagement(e, out);
    decide(e, out);
    evidence_audience(e, out);
    evidence_account(e, out);
    evidence_posts(e, out);
    changes(e, out);

    /* The sections of the report and the questions to ask. */
    if (e->opts.verdict_only)
        goto out;
    err = bf__audit_sections(st, account_id, &e->tl, &e->opts, out);
    if (!err)
        reconcile(out);
    /* The platform's own insights, when the sections found them, are not
     * asked for again: the sentence points to them instead. */
    for (i = 0; !err && out->geo.has_data && i < out->nchanges; i++)
        if (out->changes[i].msg == BF_MSG_CH_FOLLOWERS_CLOSED)
            out->changes[i].msg = BF_MSG_CH_FOLLOWERS_CLOSED_GEO;
out:
    bf_account_row_release(&e->row);
    free(e);
    bf_store_read_end(&rd);
    return err;
}
