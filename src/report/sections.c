/*
 * sections.c - the report's sections and the questions to ask.
 *
 * audit.c decides the verdict and counts the followers; this file turns
 * what the store holds into the six sections a reader walks through
 * (verdict, audience, engagement, influence, growth, content), each with
 * a level, one sentence of verdict and the figures behind it, and then
 * into questions for the account's owner.  It reads three more things:
 * the account's own posts once more, for the per-post figures the
 * timeline summary does not keep (the reaction histogram, reposts and
 * replies received, hashtag and link stuffing); a sample of accounts of
 * the same platform and follower tier, for the median engagement rate to
 * compare with; and the influence figures of graph/influence.h.  Every
 * threshold is a named constant below and in docs/report.md.
 */
#include "report/report.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/time.h"
#include "graph/influence.h"
#include "report/peers.h"
#include "score/brief.h"
#include "score/rules.h"
#include "score/timeline.h"

/* A month is a batch with this share of the dated followers ... */
#define BATCH_SHARE 0.05
/* ... and at least this many of them. */
#define BATCH_MIN 10
/* Growth: share of the dated followers in batch months that is bad. */
#define BATCH_BAD 0.30
/* Engagement: this many times below the tier median is bad / to watch. */
#define ENG_BAD   BF_AUDIT_ENG_BAD
#define ENG_WATCH 1.5
/* Influence: followers percentile minus PageRank percentile. */
#define GAP_BAD   40.0
#define GAP_WATCH 20.0
/*
 * Stuffing: hashtags and links per post.  Three hashtags and two links
 * are the rules of the Twitter spam studies, and hold on the microblogs;
 * elsewhere a caption carries more hashtags: 120,000 Instagram photos had
 * 11.45 on average (standard deviation 8.01; M. Woolf, minimaxir.com,
 * 2014), so there a post is stuffed from 20, beyond the mean and one
 * deviation (stuff_hashtags); and a long post citing its sources is no
 * spam, so links stuff none there.
 */
#define STUFF_HASHTAGS      3
#define STUFF_HASHTAGS_WIDE 20
#define STUFF_LINKS         2

/* ---- the model's helpers ---- */

double bf_percentile_shown(double pct)
{
    return floor(pct);
}

double bf_report_reach_pct(const bf_report *r)
{
    const bf_report_influence *in = &r->influence;

    return in->has_data && in->accounts >= BF_AUDIT_MIN_PEERS &&
                           in->pagerank_pct >= 0
                   ? in->pagerank_pct
                   : -1;
}

void bf_section_stat(bf_report *r, bf_section_id s, const char *key,
                     bf_msg_id label, double value, bf_unit unit, int prec,
                     bf_msg_id how)
{
    bf_section *sec = &r->sections[s];
    bf_stat *st;

    if ((unsigned)s >= BF_SEC__COUNT || sec->nstats >= BF_REPORT_MAX_STATS)
        return;
    st = &sec->stats[sec->nstats++];
    st->key = key;
    st->label = label;
    st->value = value;
    st->unit = unit;
    st->prec = prec;
    st->how = how;
}

void bf_report_add_question(bf_report *r, bf_msg_id ask, const double *args,
                            size_t nargs, bf_msg_id good)
{
    bf_question *q;

    if (r->nquestions >= BF_REPORT_MAX_QUESTIONS || nargs > BF_REPORT_MAX_ARGS)
        return;
    q = &r->questions[r->nquestions++];
    memset(q, 0, sizeof *q);
    q->ask.msg = ask;
    if (nargs)
        memcpy(q->ask.args, args, nargs * sizeof *args);
    q->ask.nargs = nargs;
    q->good = good;
}

const char *bf_section_key(bf_section_id s)
{
    static const char *const keys[BF_SEC__COUNT] = {
        "verdict", "audience", "engagement", "influence", "growth", "content",
    };

    return (unsigned)s < BF_SEC__COUNT ? keys[s] : "";
}

bf_msg_id bf_section_msg(bf_section_id s)
{
    static const bf_msg_id ids[BF_SEC__COUNT] = {
        BF_MSG_SEC_VERDICT,   BF_MSG_SEC_AUDIENCE, BF_MSG_SEC_ENGAGEMENT,
        BF_MSG_SEC_INFLUENCE, BF_MSG_SEC_GROWTH,   BF_MSG_SEC_CONTENT,
    };

    return (unsigned)s < BF_SEC__COUNT ? ids[s] : BF_MSG_TITLE;
}

bf_msg_id bf_tier_msg(int t)
{
    return t <= 0 ? BF_MSG_TIER_0 : t >= 5 ? BF_MSG_TIER_5 : BF_MSG_TIER_0 + t;
}

bf_err bf__report_stat_value(bf_buf *out, bf_lang lang, const bf_stat *s)
{
    if (s->unit == BF_UNIT_SHARE)
        return bf_msg_percent(out, lang, s->value, s->prec);
    return bf_msg_number(out, lang, s->value, s->prec);
}

/* ---- growth: follower creation dates by month ---- */

/* month_start is the Unix time of the first second of month index m. */
static bf_err month_start(int m, int64_t *out)
{
    char iso[32];

    snprintf(iso, sizeof iso, "%04d-%02d-01T00:00:00Z", m / 12, m % 12 + 1);
    return bf_time_parse(iso, strlen(iso), out);
}

bf_err bf__growth_start(bf_report_growth *g, int64_t now)
{
    memset(g, 0, sizeof *g);
    g->batch_share = g->top_share = g->recent_share = -1;
    g->launch_share = -1;
    return month_start(bf_time_month(now) - (BF_GROWTH_MONTHS - 1), &g->month0);
}

void bf__growth_add(bf_report_growth *g, int64_t t)
{
    int i = bf_time_month(t) - bf_time_month(g->month0);

    g->dated++;
    if (i < 0)
        g->older++;
    else
        g->months[i < BF_GROWTH_MONTHS ? i : BF_GROWTH_MONTHS - 1]++;
}

/*
 * growth_finish marks the batch months: a month holding at least
 * BATCH_SHARE of the dated followers and at least BATCH_MIN of them.
 * Farms create accounts in batches (Cresci et al. 2015: 1,182 of 1,337
 * bought followers were created in 2012); a real audience's creation
 * dates spread over the platform's life.  Only under cover WHOLE or
 * SAMPLE: a newest-first page is no picture of the audience.
 * O(BF_GROWTH_MONTHS).
 */
static bf_err growth_finish(bf_report_growth *g, bf_coverage cover)
{
    uint32_t in_batches = 0, top = 0, recent = 0;
    int i, top_i = -1;
    /* Batches are marked only where the followers stand for the
     * audience: the newest page's accounts are naturally recent. */
    int judged = cover == BF_COVER_WHOLE || cover == BF_COVER_SAMPLE;
    bf_err err = BF_OK;

    if (!g->dated)
        return BF_OK;
    for (i = 0; i < BF_GROWTH_MONTHS; i++) {
        uint32_t c = g->months[i];

        if (judged && c >= BATCH_MIN && c >= BATCH_SHARE * g->dated) {
            g->batch[i] = 1;
            g->batch_months++;
            in_batches += c;
        }
        if (c > top) {
            top = c;
            top_i = i;
        }
        if (i >= BF_GROWTH_MONTHS - 3)
            recent += c;
    }
    g->batch_share = (double)in_batches / g->dated;
    g->top_share = (double)top / g->dated;
    g->recent_share = (double)recent / g->dated;
    if (top_i >= 0)
        err = month_start(bf_time_month(g->month0) + top_i, &g->top_month);
    return err;
}

/* ---- growth: follower arrivals from the order of the follower list ---- */

/*
 * Follower lists come newest first, so the follower at position i followed
 * after every follower at a position > i, and after its own account was
 * created.  Its follow time is therefore at least the newest creation date
 * among the followers at positions >= i (FollowerAnalyzer's bound).  Walking
 * the list oldest first with a running maximum gives that lower bound for
 * every follower in O(k) after the sort by position.  A block of bought
 * followers shares one bound (the farm accounts are older than the
 * purchase, so the maximum does not move inside the block) and lands in
 * one bin: a burst.  A long run of old accounts can pile up the same way,
 * which is why the verdict rests on who arrived, not on the burst alone.
 */

/* A bin is a burst with this share of the dated arrivals ... */
#define BURST_SHARE 0.05
/* ... at least this many of them ... */
#define BURST_MIN 10
/* ... and at least this many times the median bin. */
#define BURST_RATIO 4.0
/* A burst whose judged followers look fake this often is bought; above
 * BURST_FAKE_WATCH it is worth watching. */
#define BURST_FAKE_BAD   0.5
#define BURST_FAKE_WATCH 0.2
#define WEEK             (7 * 86400)
/* Unix time 0 was a Thursday: weeks start on Monday, 4 days later. */
#define MONDAY (4 * 86400)

/* One follower as the arrival walk keeps it. */
typedef struct arrival {
    int32_t pos;
    uint32_t e; /* its verdict's index in the judged followers */
    int64_t at; /* estimated arrival, 0 unknown */
    int fake;   /* 1 fake-looking, 0 not, -1 not judged */
} arrival;

/* cmp_pos_desc orders followers oldest first: descending position. */
static int cmp_pos_desc(const void *a, const void *b)
{
    int32_t x = ((const arrival *)a)->pos, y = ((const arrival *)b)->pos;

    return (x < y) - (x > y);
}

/* cmp_u32 orders counts ascending, for the median. */
static int cmp_u32(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

    return (x > y) - (x < y);
}

/* week_of is the start (Monday 00:00 UTC) of t's week. */
static int64_t week_of(int64_t t)
{
    int64_t d = t - MONDAY;

    return (d >= 0 ? d / WEEK : -((-d + WEEK - 1) / WEEK)) * WEEK + MONDAY;
}

/* bin_of is t's bin in g (may be < 0: older; clamped to the last). */
static int bin_of(const bf_report_growth *g, int64_t t)
{
    int i;

    if (g->arrival_days == 7)
        i = (int)((week_of(t) - g->arrival0) / WEEK);
    else
        i = bf_time_month(t) - bf_time_month(g->arrival0);
    return i < BF_ARRIVAL_BINS ? i : BF_ARRIVAL_BINS - 1;
}

/*
 * bursts_of marks the burst bins of g and the largest one, and counts how
 * many of its judged followers in a[0..k) look fake.  The median is over
 * the bins from the first non-empty one to the last, the account's span.
 * O(BF_ARRIVAL_BINS log BF_ARRIVAL_BINS + k).
 */
static void bursts_of(bf_report_growth *g, const arrival *a, size_t k)
{
    uint32_t sorted[BF_ARRIVAL_BINS], top = 0, judged = 0, fake = 0;
    int i, first = -1, top_i = -1, span;
    size_t j;

    for (i = 0; i < BF_ARRIVAL_BINS; i++)
        if (first < 0 && g->arrivals[i])
            first = i;
    if (first < 0)
        return;
    span = BF_ARRIVAL_BINS - first;
    memcpy(sorted, g->arrivals + first, (size_t)span * sizeof *sorted);
    qsort(sorted, (size_t)span, sizeof *sorted, cmp_u32);
    g->arrival_median =
            span % 2 ? sorted[span / 2]
                     : (sorted[span / 2 - 1] + sorted[span / 2]) / 2.0;
    for (i = first; i < BF_ARRIVAL_BINS; i++) {
        uint32_t c = g->arrivals[i];

        if (c >= BURST_MIN && c >= BURST_SHARE * g->arrived &&
            c >= BURST_RATIO * g->arrival_median) {
            g->burst[i] = 1;
            g->bursts++;
            if (c > top) {
                top = c;
                top_i = i;
            }
        }
    }
    if (top_i < 0)
        return;
    g->burst_share = (double)top / g->arrived;
    if (g->arrival_days == 7)
        g->burst_at = g->arrival0 + (int64_t)top_i * WEEK;
    else if (month_start(bf_time_month(g->arrival0) + top_i, &g->burst_at))
        g->burst_at = 0;
    for (j = 0; j < k; j++) {
        if (!a[j].at || a[j].fake < 0 || bin_of(g, a[j].at) != top_i)
            continue;
        judged++;
        fake += a[j].fake == 1;
    }
    g->burst_fake = judged ? (double)fake / judged : -1;
    g->burst_judged = judged;
}

/*
 * The followers judged in brief: the whole in-list (at[j] == j) up to
 * cap, a uniform sample of that many of a longer one.
 */
typedef struct briefs {
    uint64_t cap; /* the most judged */
    uint64_t deg; /* the in-list's length */
    uint64_t n;   /* followers judged */
    uint64_t *at; /* their places in the in-list, ascending */
    bf_brief *v;  /* their verdicts */
} briefs;

static void briefs_free(briefs *b)
{
    free(b->at);
    free(b->v);
    memset(b, 0, sizeof *b);
}

/*
 * followers_judged gives the brief verdicts of id's followers in the
 * graph, or of a uniform sample of cap of them (bf_csr_in_sample, seeded
 * with BF_AUDIT_SEED, as the audience's sample is), in its in-list's
 * order, judged at now when a profile was never dated; none
 * when the graph lacks id.  The arrivals and the influential count both
 * read them.  Cost: one brief row per follower judged, in one pass
 * (score/brief.h), and O(deg) random draws for a longer list.
 */
static bf_err followers_judged(bf_store *st, uint32_t id, int64_t now,
                               uint64_t cap, briefs *out)
{
    const bf_csr *g = NULL;
    uint32_t *ids = NULL;
    bf_err err = bf_store_graph_lazy(st, &g);

    memset(out, 0, sizeof *out);
    out->cap = cap;
    if (err == BF_ENOTFOUND)
        return BF_OK;
    if (err || id >= g->n)
        return err;
    err = bf_csr_in_degree(g, id, &out->deg);
    if (err || !out->deg)
        return err;
    if (cap > out->deg)
        cap = out->deg;
    out->at = malloc(cap * sizeof *out->at);
    out->v = malloc(cap * sizeof *out->v);
    ids = malloc(cap * sizeof *ids);
    err = out->at && out->v && ids ? BF_OK : BF_ENOMEM;
    if (!err)
        err = bf_csr_in_sample(g, id, cap, BF_AUDIT_SEED, out->at, ids, &out->n,
                               &out->deg);
    if (!err)
        err = bf_brief_judge(st, ids, out->n, now, out->v);
    free(ids);
    if (err)
        briefs_free(out);
    return err;
}

/*
 * arrivals dates id's judged followers from their positions and fills the
 * arrival fields of g; nothing when the graph has no positions for id.
 * No follower follows an account before it exists: a bound that is not
 * past id's creation (created_at, 0 when unknown) dates nothing, so
 * followers older than the account are left undated rather than drawn
 * as arrivals before it, or piled up in the month it was made.
 * fv holds the verdicts of the followers judged (followers_judged): the
 * whole list, or a uniform sample of it, whose bounds are still valid (a
 * follower followed after every follower of the sample listed after it)
 * and whose shares estimate the list's.  Cost: O(k log k) for the sort
 * by position, k being the judged followers with a position; only their
 * positions are read.
 */
static bf_err arrivals(bf_store *st, uint32_t id, int64_t created_at,
                       int64_t now, const briefs *fv, bf_report_growth *g)
{
    const bf_csr *gr = NULL;
    const uint32_t *fol = NULL;
    const int32_t *pos = NULL;
    arrival *a = NULL;
    briefs own;
    uint64_t deg = 0, i;
    size_t k = 0, j;
    int64_t run = 0, first = 0;
    bf_err err;

    memset(&own, 0, sizeof own);
    g->burst_share = g->burst_fake = g->launch_share = -1;
    err = bf_store_graph_lazy(st, &gr);
    if (err == BF_ENOTFOUND)
        return BF_OK;
    if (err)
        return err;
    if (!gr->in_pos || id >= gr->n)
        return BF_OK;
    /* Opened lazily: the offsets are checked here, and each position
     * where it is read, so that a hub's sample reads its sample. */
    err = bf_csr_in_span(gr, id, &fol, &deg);
    if (err)
        return err;
    pos = gr->in_pos + gr->in_off[id];
    /* Verdicts read for another list (a graph changed meanwhile): read
     * them again. */
    if (fv->deg != deg) {
        err = followers_judged(st, id, now, fv->cap, &own);
        if (!err && own.deg != deg)
            err = BF_ECORRUPT;
        if (err)
            goto out;
        fv = &own;
    }
    for (j = 0; j < fv->n; j++) {
        if (fv->at[j] >= deg || pos[fv->at[j]] < -1) {
            err = BF_ECORRUPT;
            goto out;
        }
        k += pos[fv->at[j]] >= 0;
    }
    if (!k)
        goto out;
    a = malloc(k * sizeof *a);
    if (!a) {
        err = BF_ENOMEM;
        goto out;
    }
    for (i = 0, j = 0; i < fv->n; i++) {
        if (pos[fv->at[i]] < 0)
            continue;
        a[j].pos = pos[fv->at[i]];
        a[j].e = (uint32_t)i;
        j++;
    }
    qsort(a, k, sizeof *a, cmp_pos_desc);
    for (j = 0; j < k; j++) {
        const bf_brief *v = &fv->v[a[j].e];

        a[j].fake = -1;
        if (v->found) {
            if (v->created_at > run)
                run = v->created_at;
            if (v->counted)
                a[j].fake = v->cc_weak || v->sb_fake;
        }
        a[j].at = run <= created_at ? 0 : run > now ? now : run;
        if (a[j].at && !first)
            first = a[j].at;
    }
    if (!first)
        goto out;
    /* Weeks when the arrivals fit in the bins, months otherwise. */
    g->arrival_days = 7;
    g->arrival0 = week_of(now) - (int64_t)(BF_ARRIVAL_BINS - 1) * WEEK;
    if (first < g->arrival0) {
        g->arrival_days = 30;
        err = month_start(bf_time_month(now) - (BF_ARRIVAL_BINS - 1),
                          &g->arrival0);
        if (err)
            goto out;
    }
    g->arrival_bins = BF_ARRIVAL_BINS; /* to now */
    for (j = 0; j < k; j++) {
        int b;

        if (!a[j].at)
            continue;
        g->arrived++;
        b = bin_of(g, a[j].at);
        if (b < 0)
            g->arrived_older++;
        else
            g->arrivals[b]++;
    }
    bursts_of(g, a, k);
    if (fv->n < fv->deg) {
        g->arrival_sample = fv->n;
        g->arrival_of = fv->deg;
    }
out:
    briefs_free(&own);
    free(a);
    return err;
}

/* ---- growth: follower arrivals as an account export dates them ---- */

/*
 * An account export (Instagram, TikTok, Facebook, LinkedIn) records the
 * day each follower began to follow: the real arrivals, no bound needed.
 * They are counted per calendar month, per ISO week when they span less
 * than REAL_WEEKS_SPAN, and a bin is a burst when it holds more than
 * REAL_BURST_RATIO times the median of the account's own non-empty bins
 * and at least REAL_BURST_MIN arrivals: the account is its own reference,
 * so a slow account and a busy one are judged alike.  Who arrived is not
 * known from an export, so a burst is only a sign to watch.
 */
#define REAL_BURST_RATIO 4.0
#define REAL_BURST_MIN   50
#define REAL_WEEKS_SPAN  (183 * 86400)

/*
 * A launch: a new account's first followers come fast, from the owner's
 * friends, customers and first posts, so its first months stand far
 * above its later median without anything bought.  The LAUNCH_DAYS from
 * the first dated arrival are its launch when the account was not
 * created long before it (or its creation date is unknown), and a bin
 * starting in them is not a burst, unless one day of them is a spike:
 * at least REAL_BURST_MIN arrivals and REAL_BURST_RATIO times the median
 * of the launch's days with an arrival.  Bought followers come by the
 * hundred in a day or two; a launch spreads over weeks.
 */
#define LAUNCH_DAYS 91

/*
 * launch_end is the end of id's launch window (first dated arrival +
 * LAUNCH_DAYS days), or 0 when there is none to spare: the account is
 * older than that, or a day of the window is a spike; *out_in is the
 * arrivals inside the window.  O(days) after one indexed scan.
 */
static bf_err launch_end(bf_store *st, uint32_t id, int64_t created_at,
                         int64_t *out, uint64_t *out_in)
{
    bf_arrival_bin *days = NULL;
    uint32_t *sorted = NULL;
    uint64_t top = 0;
    size_t n = 0, k = 0, i;
    int64_t end;
    double median;
    bf_err err;

    *out = 0;
    err = bf_store_arrivals(st, id, BF_ARRIVALS_DAY, &days, &n);
    if (err || !n)
        goto out;
    end = days[0].start + (int64_t)LAUNCH_DAYS * 86400;
    if (created_at > 0 &&
        created_at < days[0].start - (int64_t)LAUNCH_DAYS * 86400)
        goto out;
    sorted = malloc(n * sizeof *sorted);
    if (!sorted) {
        err = BF_ENOMEM;
        goto out;
    }
    for (i = 0; i < n && days[i].start < end; i++) {
        *out_in += days[i].count;
        sorted[k++] = (uint32_t)days[i].count;
        if (days[i].count > top)
            top = days[i].count;
    }
    qsort(sorted, k, sizeof *sorted, cmp_u32);
    median = k % 2 ? sorted[k / 2] : (sorted[k / 2 - 1] + sorted[k / 2]) / 2.0;
    if (!(top >= REAL_BURST_MIN && top > REAL_BURST_RATIO * median))
        *out = end;
out:
    free(sorted);
    free(days);
    return err;
}

/* real_burst is 1 when bin b holds a burst against g's median. */
static int real_burst(const bf_report_growth *g, const bf_arrival_bin *b)
{
    return b->count >= REAL_BURST_MIN &&
           b->count > REAL_BURST_RATIO * g->arrival_median;
}

/*
 * real_arrivals fills g from the store's dated arrivals of id; g->real
 * stays 0 when there is none.  O(bins log bins) after one indexed scan.
 */
static bf_err real_arrivals(bf_store *st, uint32_t id, int64_t created_at,
                            bf_report_growth *g)
{
    bf_arrival_bin *bins = NULL;
    uint32_t *sorted = NULL;
    uint64_t dated = 0, top = 0, total = 0, spared = 0;
    int64_t declared = -1, listed = -1, launch = 0;
    size_t n = 0, i, nz, first;
    int by_month = 1;
    bf_err err;

    err = bf_store_follower_coverage(st, id, &declared, &listed, &dated);
    if (err || !dated)
        return err;
    err = bf_store_arrivals(st, id, BF_ARRIVALS_MONTH, &bins, &n);
    if (!err && n && bins[n - 1].start - bins[0].start < REAL_WEEKS_SPAN) {
        free(bins);
        bins = NULL;
        by_month = 0;
        err = bf_store_arrivals(st, id, BF_ARRIVALS_WEEK, &bins, &n);
    }
    if (err || !n)
        goto out;
    sorted = malloc(n * sizeof *sorted);
    if (!sorted) {
        err = BF_ENOMEM;
        goto out;
    }
    g->real = 1;
    g->declared = declared;
    g->listed = listed;
    g->arrival_days = by_month ? 30 : 7;
    g->burst_share = g->burst_fake = g->launch_share = -1;
    /* The newest BF_ARRIVAL_BINS bins are drawn, older ones summed. */
    if (by_month) {
        err = month_start(bf_time_month(bins[n - 1].start) -
                                  (BF_ARRIVAL_BINS - 1),
                          &g->arrival0);
        if (err)
            goto out;
        if (bins[0].start > g->arrival0)
            g->arrival0 = bins[0].start;
    } else {
        g->arrival0 = bins[0].start;
    }
    /* To the newest arrival, not beyond: the months (weeks) after it are
     * not known to be empty, and a line running into the future would
     * say they were. */
    g->arrival_bins = bin_of(g, bins[n - 1].start) + 1;
    for (i = 0, nz = 0; i < n; i++) {
        total += bins[i].count;
        if (bins[i].count)
            sorted[nz++] = (uint32_t)bins[i].count;
    }
    qsort(sorted, nz, sizeof *sorted, cmp_u32);
    g->arrival_median = nz % 2 ? sorted[nz / 2]
                               : (sorted[nz / 2 - 1] + sorted[nz / 2]) / 2.0;
    g->arrived = (uint32_t)total;
    /* The launch window is read only when a bin inside it would be a
     * burst: its bins start within LAUNCH_DAYS of the first one's. */
    for (i = 0;
         i < n && bins[i].start < bins[0].start + (int64_t)LAUNCH_DAYS * 86400;
         i++)
        if (real_burst(g, &bins[i])) {
            err = launch_end(st, id, created_at, &launch, &spared);
            if (err)
                goto out;
            break;
        }
    for (first = 0, i = 0; i < n; i++) {
        int b = bin_of(g, bins[i].start);
        int burst = real_burst(g, &bins[i]);

        if (burst && bins[i].start < launch) {
            burst = 0;
            g->launch_spared++;
        }
        if (b < 0) {
            g->arrived_older += (uint32_t)bins[i].count;
        } else {
            g->arrivals[b] += (uint32_t)bins[i].count;
            g->burst[b] |= burst;
        }
        g->bursts += burst;
        if (burst && bins[i].count > top) {
            top = bins[i].count;
            first = i;
        }
    }
    if (top) {
        g->burst_at = bins[first].start;
        g->burst_share = (double)top / total;
    }
    if (g->launch_spared)
        g->launch_share = (double)spared / total;
out:
    free(sorted);
    free(bins);
    return err;
}

/* ---- audience geography and demographics, from the insights ---- */

/* geo_keep copies row into the list (full lists drop it). */
static void geo_keep(bf_geo_share *list, size_t *n, size_t cap,
                     const bf_insight_row *row)
{
    if (*n >= cap)
        return;
    snprintf(list[*n].key, sizeof list[*n].key, "%s", row->key);
    list[*n].share = row->value / 100;
    (*n)++;
}

/* cmp_geo_key orders age bands by their label ("13-17" < "18-24"). */
static int cmp_geo_key(const void *a, const void *b)
{
    return strcmp(((const bf_geo_share *)a)->key,
                  ((const bf_geo_share *)b)->key);
}

/*
 * audience_geo fills geo from the latest insights of id (the store gives
 * them sorted by kind, then share descending, so the first rows of a
 * kind are its top ones).  O(rows).
 */
static bf_err audience_geo(bf_store *st, uint32_t id, bf_report_geo *geo)
{
    bf_insight_row *rows = NULL;
    size_t n = 0, i;
    bf_err err;

    geo->men = geo->women = -1;
    err = bf_store_insights(st, id, &rows, &n);
    if (err)
        return err;
    for (i = 0; i < n; i++) {
        const bf_insight_row *row = &rows[i];

        if (!strcmp(row->kind, "country"))
            geo_keep(geo->countries, &geo->ncountries, BF_GEO_TOP, row);
        else if (!strcmp(row->kind, "city"))
            geo_keep(geo->cities, &geo->ncities, BF_GEO_TOP, row);
        else if (!strcmp(row->kind, "age"))
            geo_keep(geo->ages, &geo->nages, BF_GEO_AGES, row);
        else if (!strcmp(row->kind, "gender") && !strcmp(row->key, "men"))
            geo->men = row->value / 100;
        else if (!strcmp(row->kind, "gender") && !strcmp(row->key, "women"))
            geo->women = row->value / 100;
        else
            continue;
        geo->observed_at = row->observed_at;
    }
    qsort(geo->ages, geo->nages, sizeof *geo->ages, cmp_geo_key);
    geo->has_data = geo->ncountries || geo->ncities || geo->nages ||
                    geo->men >= 0 || geo->women >= 0;
    free(rows);
    return BF_OK;
}

/* ---- the account's own posts, once more ---- */

/* One post as the walk keeps it. */
typedef struct post_rec {
    int64_t at;  /* created_at, 0 unknown */
    int64_t eng; /* reactions, -1 unknown */
    int64_t reposts, replies;
    int kind, hashtags, urls, mentions;
    int parts; /* known counters: 1 likes, 2 reposts, 4 replies, 8 quotes */
} post_rec;

/* The newest BF_TIMELINE_CAP posts, in a ring. */
typedef struct walk {
    post_rec *ring;
    uint32_t cap, head;
    uint64_t seen;
} walk;

static bf_err walk_post(void *ctx, const bf_post *p)
{
    walk *w = ctx;
    post_rec *r = &w->ring[w->head];
    int64_t parts[4] = { p->likes, p->reposts, p->replies, p->quotes };
    int i;

    /*
     * The known counters add up, as the timeline summary adds them (an X
     * archive records no replies): the histogram and the rates then count
     * the same reactions, and parts says which ones.
     */
    r->at = p->created_at;
    r->eng = 0;
    r->parts = 0;
    for (i = 0; i < 4; i++) {
        if (parts[i] >= 0) {
            r->eng += parts[i];
            r->parts |= 1 << i;
        }
    }
    if (!r->parts)
        r->eng = -1;
    r->reposts = p->reposts;
    r->replies = p->replies;
    r->kind = (int)p->kind;
    r->hashtags = p->hashtags;
    r->urls = p->urls;
    r->mentions = p->mentions;
    w->head = (w->head + 1) % w->cap;
    w->seen++;
    return BF_OK;
}

/* eng_bin is the histogram bin of a post with e reactions. */
static int eng_bin(int64_t e)
{
    static const int64_t upper[BF_ENG_BINS - 1] = { 0, 1, 4, 9, 24, 99 };
    int i;

    for (i = 0; i < BF_ENG_BINS - 1; i++)
        if (e <= upper[i])
            return i;
    return BF_ENG_BINS - 1;
}

int bf__platform_of_exports(const char *platform)
{
    static const char *const of_exports[] = { "instagram", "facebook", "tiktok",
                                              "linkedin", "youtube" };
    size_t i;

    for (i = 0; platform && i < sizeof of_exports / sizeof *of_exports; i++)
        if (strcmp(platform, of_exports[i]) == 0)
            return 1;
    return 0;
}

/*
 * stuff_hashtags is the hashtags that stuff a post on platform: the wide
 * cut on the platforms of captions, the microblogs' elsewhere (X,
 * Mastodon, Bluesky, the simulated world).
 */
static int stuff_hashtags(const char *platform)
{
    return bf__platform_of_exports(platform) ? STUFF_HASHTAGS_WIDE
                                             : STUFF_HASHTAGS;
}

/*
 * read_posts fills the histogram, the per-post influence figures and the
 * stuffing shares from the newest BF_TIMELINE_CAP posts of id.
 * reposts per post = sum of reposts received / original posts with a
 * known count (replies alike); mentions per post = mentions written /
 * posts whose mentions are known, and each stuffing share over the posts
 * whose count is known.  Cost: one walk of the stored posts, O(posts).
 */
static bf_err read_posts(bf_store *st, uint32_t id, bf_report *out)
{
    walk w = { NULL, BF_TIMELINE_CAP, 0, 0 };
    uint32_t n, i, orig_rp = 0, orig_re = 0, hstuff = 0, lstuff = 0;
    uint32_t hknown = 0, lknown = 0, mknown = 0;
    int cut = stuff_hashtags(out->account.platform);
    double rp = 0, re = 0, men = 0;
    bf_err err;

    w.ring = calloc(w.cap, sizeof *w.ring);
    if (!w.ring)
        return BF_ENOMEM;
    err = bf_store_each_post(st, id, walk_post, &w);
    if (err)
        goto out;
    n = w.seen < w.cap ? (uint32_t)w.seen : w.cap;
    for (i = 0; i < n; i++) {
        const post_rec *r = &w.ring[i];

        if (r->at > 0 && (!out->posts_from || r->at < out->posts_from))
            out->posts_from = r->at;
        if (r->at > out->posts_to)
            out->posts_to = r->at;
        /* Each share counts the posts whose count is known. */
        men += r->mentions > 0 ? r->mentions : 0;
        mknown += r->mentions >= 0;
        hstuff += r->hashtags >= cut;
        hknown += r->hashtags >= 0;
        lstuff += r->urls >= STUFF_LINKS;
        lknown += r->urls >= 0;
        if (r->kind != BF_POST_ORIGINAL)
            continue;
        out->engagement.parts |= r->parts;
        if (r->eng >= 0) {
            out->engagement.hist[eng_bin(r->eng)]++;
            out->engagement.hist_n++;
        }
        if (r->reposts >= 0) {
            rp += (double)r->reposts;
            orig_rp++;
        }
        if (r->replies >= 0) {
            re += (double)r->replies;
            orig_re++;
        }
    }
    out->content.posts = n;
    out->content.stuff_hashtags = cut;
    if (hknown)
        out->content.hashtag_stuffing = (double)hstuff / hknown;
    /* Long posts cite their sources: links stuff only microblog posts. */
    if (lknown && cut == STUFF_HASHTAGS)
        out->content.link_stuffing = (double)lstuff / lknown;
    if (mknown)
        out->influence.mentions_per_post = men / mknown;
    if (orig_rp)
        out->influence.reposts_per_post = rp / orig_rp;
    if (orig_re)
        out->influence.replies_per_post = re / orig_re;
out:
    free(w.ring);
    return err;
}

/* ---- engagement: the tier and its median ---- */

/*
 * tier_median is the median engagement rate of the account's platform and
 * tier (report/peers.h): from the peers the store keeps for its current
 * generation, else sampled live.  Cost: one indexed read, or O(scan)
 * account reads + O(peers * posts) post reads.
 */
static bf_err tier_median(bf_store *st, uint32_t self, const bf_account *a,
                          bf_report_engagement *en)
{
    if (!a->platform)
        return BF_OK;
    return bf_peers_median(st, self, a->platform, en->tier, BF_PEERS_AUTO,
                           &en->tier_median, &en->tier_peers, NULL);
}

/*
 * published_median is the published median engagement rate for the
 * platform, tier and follower count (SIMULATION.md's figures; the
 * simulated world is modelled on Twitter, so it gets X's).  -1 when no
 * study covers an account of that platform and size: a brand median is
 * no yardstick for a personal account of 400 followers.
 */
static double published_median(const char *platform, int tier,
                               int64_t followers)
{
    /* Rival IQ's brands have at least 5,000 followers on X, Instagram
     * and TikTok, and 25,000 to 1 million on Facebook; HypeAuditor's
     * tiers are the store's (report/peers.h). */
    int brand = followers >= 5000;

    if (!platform || followers < 0)
        return -1;
    if (!strcmp(platform, "twitter") || !strcmp(platform, "x") ||
        !strcmp(platform, "sim"))
        return brand ? 0.00035 : -1; /* Rival IQ 2023, X */
    if (!strcmp(platform, "facebook"))
        return followers >= 25000 && followers <= 1000000
                       ? 0.0006 /* Rival IQ 2023, Facebook */
                       : -1;
    if (!strcmp(platform, "tiktok"))
        return brand ? 0.0569 : -1; /* Rival IQ 2023, TikTok */
    if (!strcmp(platform, "instagram"))
        return tier == 1   ? 0.0178 /* HypeAuditor nano */
               : tier == 2 ? 0.0054 /* HypeAuditor micro */
               : tier == 5 ? 0.0033 /* HypeAuditor mega */
               : brand     ? 0.0047 /* Rival IQ 2023, Instagram */
                           : -1;
    return -1;
}

/*
 * published_view_median is the published median of reactions per view for
 * the platform and follower count: SociaVault Labs 2026, YouTube channels
 * by subscribers, (likes + comments) / views.  -1 when no study covers the
 * account: other platforms, or a channel under 1,000 subscribers or
 * whose count is unknown.
 */
static double published_view_median(const char *platform, int64_t followers)
{
    if (!platform || strcmp(platform, "youtube") != 0 || followers < 1000)
        return -1;
    return followers < 10000    ? 0.0523
           : followers < 50000  ? 0.0374
           : followers < 100000 ? 0.0281
           : followers < 500000 ? 0.0212
                                : 0.0141;
}

int bf__engagement_by_view(const bf_report_engagement *en)
{
    return en->tier_median <= 0 && en->published <= 0 &&
           en->view_published > 0 && en->view_rate >= 0 &&
           en->viewed >= BF_AUDIT_MIN_POSTS;
}

/* ---- the sections ---- */

/* verdict sets section s's level and sentence. */
static void verdict(bf_report *r, bf_section_id s, bf_level level,
                    bf_msg_id msg, size_t nargs, double a0, double a1,
                    double a2)
{
    bf_section *sec = &r->sections[s];

    sec->shown = 1;
    sec->level = level;
    sec->verdict.msg = msg;
    sec->verdict.args[0] = a0;
    sec->verdict.args[1] = a1;
    sec->verdict.args[2] = a2;
    sec->verdict.nargs = nargs;
}

static void sec_verdict(bf_report *r)
{
    bf_level l = r->verdict == BF_VERDICT_GENUINE        ? BF_LEVEL_GOOD
                 : r->verdict == BF_VERDICT_QUESTIONABLE ? BF_LEVEL_WATCH
                 : r->verdict == BF_VERDICT_NOT_ENOUGH   ? BF_LEVEL_NONE
                                                         : BF_LEVEL_BAD;

    verdict(r, BF_SEC_VERDICT, l, r->reason.msg, r->reason.nargs,
            r->reason.args[0], r->reason.args[1], r->reason.args[2]);
    bf_section_stat(r, BF_SEC_VERDICT, "confidence", BF_MSG_LBL_CONFIDENCE,
                    r->confidence, BF_UNIT_SHARE, 0, BF_MSG_HOW_SAMPLE);
    /* The model's probability as the evidence writes it: 1% to 99%. */
    if (r->model.available)
        bf_section_stat(r, BF_SEC_VERDICT, "model_probability",
                        BF_MSG_LBL_MODEL_PROB,
                        r->model.prob < 0.01   ? 0.01
                        : r->model.prob > 0.99 ? 0.99
                                               : r->model.prob,
                        BF_UNIT_SHARE, 0, BF_MSG_HOW_MODEL);
}

int bf_report_fake_at_floor(const bf_report_audience *au)
{
    return au->estimator == BF_EST_MODEL && au->fake.p <= 0 &&
           au->model_fake.k > 0 && au->fpr > 0;
}

uint64_t bf_report_followers_listed(const bf_report *r)
{
    return r->account.followers < 0 ||
                           (uint64_t)r->account.followers < r->audience.known
                   ? r->audience.known
                   : 0;
}

bf_msg_id bf__how_dup(const bf_report *r)
{
    /* YouTube's posts are titles, compared with their digits
     * (bf_timeline_normalize_titles). */
    return r->account.platform && strcmp(r->account.platform, "youtube") == 0
                   ? BF_MSG_HOW_DUP_TITLES
                   : BF_MSG_HOW_DUP;
}

uint64_t bf_report_posts_examined(const bf_report *r)
{
    return r->account.posts < 0 ? r->engagement.posts : 0;
}

static void sec_audience(bf_report *r)
{
    const bf_report_audience *au = &r->audience;
    bf_level l;

    if (!au->has_data) {
        verdict(r, BF_SEC_AUDIENCE, BF_LEVEL_NONE, BF_MSG_SV_AUD_NONE, 0, 0, 0,
                0);
        return;
    }
    if (au->profiles == 0) {
        verdict(r, BF_SEC_AUDIENCE, BF_LEVEL_NONE, BF_MSG_EV_NO_PROFILES, 1,
                (double)au->known, 0, 0);
        return;
    }
    /*
     * Only the whole list or a uniform sample speaks for the audience,
     * and only with enough followers judged (docs/verdict.md).
     */
    if (au->cover != BF_COVER_WHOLE && au->cover != BF_COVER_SAMPLE)
        verdict(r, BF_SEC_AUDIENCE, BF_LEVEL_NONE, BF_MSG_SV_AUD_SEEN, 1,
                au->profiles, 0, 0);
    else if (au->profiles < BF_AUDIT_MIN_PROFILES ||
             au->estimator == BF_EST_NONE)
        verdict(r, BF_SEC_AUDIENCE, BF_LEVEL_NONE, BF_MSG_SV_AUD_FEW, 2,
                au->profiles, BF_AUDIT_MIN_PROFILES, 0);
    else {
        /* The grading of the verdict: the estimate's 95% interval. */
        l = au->fake.lo >= 0.40                         ? BF_LEVEL_BAD
            : au->fake.lo >= 0.20 || au->fake.p >= 0.20 ? BF_LEVEL_WATCH
                                                        : BF_LEVEL_GOOD;
        if (bf_report_fake_at_floor(au))
            verdict(r, BF_SEC_AUDIENCE, l, BF_MSG_SV_AUD_EST_FLOOR, 2,
                    100 * au->fake.lo, 100 * au->fake.hi, 0);
        else
            verdict(r, BF_SEC_AUDIENCE, l, BF_MSG_SV_AUD_EST, 3,
                    100 * au->fake.p, 100 * au->fake.lo, 100 * au->fake.hi);
    }
    bf_section_stat(r, BF_SEC_AUDIENCE, "fake_estimate", BF_MSG_LBL_FAKE_EST,
                    au->fake.p, BF_UNIT_SHARE, 1,
                    au->estimator == BF_EST_MODEL ? BF_MSG_HOW_FAKE_EST
                                                  : BF_MSG_HOW_SHARE);
    bf_section_stat(r, BF_SEC_AUDIENCE, "real", BF_MSG_LBL_AUD_REAL, au->real.p,
                    BF_UNIT_SHARE, 1, BF_MSG_HOW_AUD_REAL);
    bf_section_stat(r, BF_SEC_AUDIENCE, "mass_followers", BF_MSG_LBL_AUD_MASS,
                    au->mass.p, BF_UNIT_SHARE, 1, BF_MSG_HOW_AUD_MASS);
    bf_section_stat(r, BF_SEC_AUDIENCE, "inactive", BF_MSG_LBL_AUD_INACTIVE,
                    au->inactive.p, BF_UNIT_SHARE, 1, BF_MSG_HOW_AUD_INACTIVE);
    bf_section_stat(r, BF_SEC_AUDIENCE, "suspected_fake",
                    BF_MSG_LBL_AUD_SUSPECT, au->suspect.p, BF_UNIT_SHARE, 1,
                    BF_MSG_HOW_AUD_SUSPECT);
    if (au->model_fake.n > 0) {
        bf_section_stat(r, BF_SEC_AUDIENCE, "model_fake", BF_MSG_LBL_AUD_MODEL,
                        au->model_fake.p, BF_UNIT_SHARE, 1, BF_MSG_HOW_MODEL);
        bf_section_stat(r, BF_SEC_AUDIENCE, "kind_real", BF_MSG_LBL_KIND_REAL,
                        au->kind_real.p, BF_UNIT_SHARE, 1, BF_MSG_HOW_MODEL);
        bf_section_stat(r, BF_SEC_AUDIENCE, "kind_fake", BF_MSG_LBL_KIND_FAKE,
                        au->kind_fake.p, BF_UNIT_SHARE, 1, BF_MSG_HOW_MODEL);
        bf_section_stat(r, BF_SEC_AUDIENCE, "kind_spam", BF_MSG_LBL_KIND_SPAM,
                        au->kind_spam.p, BF_UNIT_SHARE, 1, BF_MSG_HOW_MODEL);
    }
    bf_section_stat(r, BF_SEC_AUDIENCE, "examined", BF_MSG_LBL_SAMPLE,
                    au->profiles, BF_UNIT_COUNT, 0, BF_MSG_HOW_SAMPLE);
    bf_section_stat(r, BF_SEC_AUDIENCE, "followers_known",
                    BF_MSG_LBL_FOLLOWERS_KNOWN, (double)au->known,
                    BF_UNIT_COUNT, 0, BF_MSG_HOW_COVERAGE);
}

bf_err bf__engagement_reference(bf_store *st, uint32_t id, const bf_account *a,
                                bf_report_engagement *en)
{
    en->tier = bf_peers_tier(a->followers);
    en->published = published_median(a->platform, en->tier, a->followers);
    if (en->view_rate >= 0)
        en->view_published = published_view_median(a->platform, a->followers);
    return en->rate >= 0 ? tier_median(st, id, a, en) : BF_OK;
}

double bf__engagement_ref(const bf_report_engagement *en)
{
    return en->tier_median > 0 ? en->tier_median : en->published;
}

bf_level bf__engagement_compare(const bf_report_engagement *en)
{
    double ref = bf__engagement_ref(en);

    if (en->rate < 0)
        return BF_LEVEL_NONE;
    if (ref > 0)
        return en->rate * ENG_BAD < ref     ? BF_LEVEL_BAD
               : en->rate * ENG_WATCH < ref ? BF_LEVEL_WATCH
                                            : BF_LEVEL_GOOD;
    if (bf__engagement_by_view(en))
        return en->view_rate * ENG_BAD < en->view_published     ? BF_LEVEL_BAD
               : en->view_rate * ENG_WATCH < en->view_published ? BF_LEVEL_WATCH
                                                                : BF_LEVEL_GOOD;
    return en->rate < BF_AUDIT_RATE_LOW ? BF_LEVEL_WATCH : BF_LEVEL_GOOD;
}

/* view_stats adds the reactions per view, when some views are known. */
static void view_stats(bf_report *r)
{
    const bf_report_engagement *en = &r->engagement;

    if (!en->viewed)
        return;
    bf_section_stat(r, BF_SEC_ENGAGEMENT, "view_rate", BF_MSG_LBL_VIEW_RATE,
                    en->view_rate, BF_UNIT_SHARE, 2, BF_MSG_HOW_VIEW_RATE);
    bf_section_stat(r, BF_SEC_ENGAGEMENT, "view_published_median",
                    BF_MSG_LBL_VIEW_PUBLISHED, en->view_published,
                    BF_UNIT_SHARE, 2, BF_MSG_SRC_VIEW_PUBLISHED);
}

static void sec_engagement(bf_report *r)
{
    bf_report_engagement *en = &r->engagement;
    bf_level lc, ls = BF_LEVEL_GOOD;
    double ref;

    if (en->rate < 0) {
        /* Say which part was missing: posts exist but no reactions,
         * reactions but no follower count, or no post at all. */
        if (en->posts > 0 && en->reactions_known == 0)
            verdict(r, BF_SEC_ENGAGEMENT, BF_LEVEL_NONE,
                    BF_MSG_SV_ENG_NO_REACTIONS, 1, (double)en->posts, 0, 0);
        else if (en->reactions_known > 0 && r->account.followers < 0)
            verdict(r, BF_SEC_ENGAGEMENT, BF_LEVEL_NONE,
                    BF_MSG_SV_ENG_NO_FOLLOWERS, 0, 0, 0, 0);
        else
            verdict(r, BF_SEC_ENGAGEMENT, BF_LEVEL_NONE, BF_MSG_SV_ENG_NONE, 0,
                    0, 0, 0);
        view_stats(r);
        return;
    }
    /*
     * The comparison: the store's peers when there are enough of them,
     * else the published median, else the absolute floor.
     */
    ref = bf__engagement_ref(en);
    lc = bf__engagement_compare(en);
    /* Without a median, half the posts unanswered is common for a small
     * account; only the verdict's own signal (audit.c) is a finding. */
    if (en->zero_share >= 0.9)
        ls = BF_LEVEL_BAD;
    else if (en->zero_share >= 0.5 && ref > 0)
        ls = BF_LEVEL_WATCH;
    /*
     * The rate is reactions per original post: on a few originals (a page
     * of replies, say) it is judged no more than the verdict judges it.
     * Silence says more than a rate, unless the rate itself is at the
     * median or above: then the silent posts are a fact, not a verdict.
     */
    if (en->hist_n < BF_AUDIT_MIN_POSTS ||
        en->reactions_known < BF_AUDIT_MIN_POSTS)
        verdict(r, BF_SEC_ENGAGEMENT, BF_LEVEL_NONE, BF_MSG_SV_ENG_FEW, 2,
                100 * en->rate, en->hist_n, 0);
    else if (ls > lc && ref > 0 && en->rate >= ref)
        verdict(r, BF_SEC_ENGAGEMENT, BF_LEVEL_GOOD, BF_MSG_SV_ENG_SOME_SILENT,
                2, 100 * en->zero_share, 100 * en->rate, 0);
    else if (ls > lc || en->rate <= 0)
        verdict(r, BF_SEC_ENGAGEMENT, ls > lc ? ls : lc, BF_MSG_SV_ENG_SILENT,
                1, 100 * en->zero_share, 0, 0);
    else if (en->tier_median <= 0 && en->published > 0)
        verdict(r, BF_SEC_ENGAGEMENT, lc, BF_MSG_SV_ENG_PUBLISHED, 2,
                100 * en->rate, 100 * en->published, 0);
    else if (bf__engagement_by_view(en))
        verdict(r, BF_SEC_ENGAGEMENT, lc, BF_MSG_SV_ENG_VIEWS, 2,
                100 * en->view_rate, 100 * en->view_published, 0);
    else if (en->tier_median <= 0 && lc == BF_LEVEL_GOOD)
        /* Nothing to compare with: that people react is the finding, as
         * the verdict reads it (docs/verdict.md). */
        verdict(r, BF_SEC_ENGAGEMENT, lc, BF_MSG_SV_ENG_REACTS, 2,
                100 * (1 - en->zero_share), 100 * en->rate, 0);
    else if (en->tier_median <= 0)
        verdict(r, BF_SEC_ENGAGEMENT, lc, BF_MSG_SV_ENG_ALONE, 1,
                100 * en->rate, 0, 0);
    else if (lc == BF_LEVEL_GOOD)
        verdict(r, BF_SEC_ENGAGEMENT, lc, BF_MSG_SV_ENG_GOOD, 2, 100 * en->rate,
                100 * en->tier_median, 0);
    else
        verdict(r, BF_SEC_ENGAGEMENT, lc, BF_MSG_SV_ENG_LOW, 3,
                en->rate > 0 ? en->tier_median / en->rate : 0, 100 * en->rate,
                100 * en->tier_median);
    bf_section_stat(r, BF_SEC_ENGAGEMENT, "rate", BF_MSG_LBL_ENG_RATE, en->rate,
                    BF_UNIT_SHARE, 3, BF_MSG_HOW_ENG_RATE);
    bf_section_stat(r, BF_SEC_ENGAGEMENT, "tier_median", BF_MSG_LBL_TIER_MEDIAN,
                    en->tier_median, BF_UNIT_SHARE, 3, BF_MSG_HOW_TIER_MEDIAN);
    bf_section_stat(r, BF_SEC_ENGAGEMENT, "tier_peers", BF_MSG_LBL_TIER_PEERS,
                    en->tier_peers, BF_UNIT_COUNT, 0, BF_MSG_HOW_TIER_MEDIAN);
    bf_section_stat(r, BF_SEC_ENGAGEMENT, "published_median",
                    BF_MSG_LBL_PUBLISHED, en->published, BF_UNIT_SHARE, 3,
                    BF_MSG_SRC_PUBLISHED);
    view_stats(r);
    bf_section_stat(r, BF_SEC_ENGAGEMENT, "mean_per_original",
                    BF_MSG_LBL_ENG_MEAN, en->mean_original, BF_UNIT_COUNT, 1,
                    BF_MSG_HOW_ENG_MEAN);
    bf_section_stat(r, BF_SEC_ENGAGEMENT, "zero_share", BF_MSG_LBL_ZERO_SHARE,
                    en->zero_share, BF_UNIT_SHARE, 0, BF_MSG_HOW_ZERO_ENG);
    /* What that share and the verdict's sentence on reactions rest on. */
    bf_section_stat(r, BF_SEC_ENGAGEMENT, "reactions_known",
                    BF_MSG_LBL_REACTIONS_KNOWN, en->reactions_known,
                    BF_UNIT_COUNT, 0, BF_MSG_HOW_ZERO_ENG);
    bf_section_stat(r, BF_SEC_ENGAGEMENT, "posts", BF_MSG_LBL_POSTS_READ,
                    en->posts, BF_UNIT_COUNT, 0, BF_MSG_HOW_HIST);
    /* The chart counts original posts whose reactions are known: its bars
     * add up to this, not to the posts examined. */
    bf_section_stat(r, BF_SEC_ENGAGEMENT, "originals_charted",
                    BF_MSG_LBL_ORIG_CHARTED, en->hist_n, BF_UNIT_COUNT, 0,
                    BF_MSG_HOW_HIST);
}

static void sec_influence(bf_report *r)
{
    const bf_report_influence *in = &r->influence;
    double gap, fol, pr; /* pr and fol as shown */

    if (!in->has_data) {
        verdict(r, BF_SEC_INFLUENCE, BF_LEVEL_NONE, BF_MSG_SV_INF_NONE, 0, 0, 0,
                0);
        return;
    }
    /*
     * Ranked on a part of its followers collected in an unknown way (a
     * search's few, a newest page), the account's rank measures the
     * collection: 10 of a politician's 15.8 M followers put him above 95%
     * of a sample's accounts, "reach that matches its size".
     */
    if (r->audience.cover != BF_COVER_WHOLE &&
        r->audience.cover != BF_COVER_SAMPLE) {
        verdict(r, BF_SEC_INFLUENCE, BF_LEVEL_NONE, BF_MSG_SV_INF_SEEN, 2,
                (double)r->audience.known, (double)r->account.followers, 0);
        return;
    }
    /* A percentile among a handful of accounts ranks nothing. */
    if (in->accounts < BF_AUDIT_MIN_PEERS) {
        verdict(r, BF_SEC_INFLUENCE, BF_LEVEL_NONE, BF_MSG_SV_INF_FEW, 1,
                (double)in->accounts, 0, 0);
        return;
    }
    gap = in->followers_pct - in->pagerank_pct;
    fol = bf_percentile_shown(in->followers_pct);
    pr = bf_percentile_shown(in->pagerank_pct);
    /*
     * Fake followers pass PageRank on like real ones: when the audience
     * looks bought, the rank is propped up and says so.
     */
    if (r->sections[BF_SEC_AUDIENCE].level == BF_LEVEL_BAD && gap < GAP_WATCH)
        verdict(r, BF_SEC_INFLUENCE, BF_LEVEL_WATCH, BF_MSG_SV_INF_PROPPED, 2,
                pr, 100 * r->audience.fake.p, 0);
    else if (gap >= GAP_WATCH)
        verdict(r, BF_SEC_INFLUENCE,
                gap >= GAP_BAD ? BF_LEVEL_BAD : BF_LEVEL_WATCH,
                BF_MSG_SV_INF_LOW, 2, fol, pr, 0);
    else if (-gap >= 10)
        verdict(r, BF_SEC_INFLUENCE, BF_LEVEL_GOOD, BF_MSG_SV_INF_HIGH, 2, pr,
                fol, 0);
    else if (in->pagerank_pct < 50)
        /* A small account's matching rank is no sign either way. */
        verdict(r, BF_SEC_INFLUENCE, BF_LEVEL_NONE, BF_MSG_SV_INF_SMALL, 2, fol,
                pr, 0);
    else
        verdict(r, BF_SEC_INFLUENCE, BF_LEVEL_GOOD, BF_MSG_SV_INF_AGREE, 2, fol,
                pr, 0);
    bf_section_stat(r, BF_SEC_INFLUENCE, "pagerank_percentile",
                    BF_MSG_LBL_PR_PCT, pr, BF_UNIT_PCTILE, 0, BF_MSG_HOW_PR);
    bf_section_stat(r, BF_SEC_INFLUENCE, "followers_percentile",
                    BF_MSG_LBL_FOL_PCT, fol, BF_UNIT_PCTILE, 0,
                    BF_MSG_HOW_FOL_PCT);
    /* Unknown, not 0, when no follower's profile is stored; counted in
     * a sample, scaled to the followers the sample was drawn from. */
    bf_section_stat(
            r, BF_SEC_INFLUENCE, "influential_followers",
            in->sample ? BF_MSG_LBL_INFLUENTIAL_EST : BF_MSG_LBL_INFLUENTIAL,
            !in->profiled ? -1
            : in->sample  ? round((double)in->influential *
                                  (double)in->sample_of / (double)in->sample)
                          : (double)in->influential,
            BF_UNIT_COUNT, 0, BF_MSG_HOW_FOL_PCT);
    bf_section_stat(r, BF_SEC_INFLUENCE, "reposts_per_post",
                    BF_MSG_LBL_REPOSTS_PP, in->reposts_per_post, BF_UNIT_COUNT,
                    2, BF_MSG_HOW_PER_POST);
    bf_section_stat(r, BF_SEC_INFLUENCE, "replies_per_post",
                    BF_MSG_LBL_REPLIES_PP, in->replies_per_post, BF_UNIT_COUNT,
                    2, BF_MSG_HOW_PER_POST);
    bf_section_stat(r, BF_SEC_INFLUENCE, "mentions_per_post",
                    BF_MSG_LBL_MENTIONS_PP, in->mentions_per_post,
                    BF_UNIT_COUNT, 2, BF_MSG_HOW_PER_POST);
}

/*
 * sec_arrivals gives the growth verdict read from the arrivals: the
 * largest burst and who arrived in it.  Returns its level.
 */
/*
 * arrived_older says how many of the dated arrivals fall before the
 * chart's first bin: the chart draws the newest bins only, and a share of
 * the dated followers that no bar shows would read as missing.
 */
static void arrived_older(bf_report *r, bf_msg_id how)
{
    const bf_report_growth *g = &r->growth;

    if (g->arrived_older)
        bf_section_stat(r, BF_SEC_GROWTH, "arrived_older",
                        BF_MSG_LBL_ARRIVED_OLDER, g->arrived_older,
                        BF_UNIT_COUNT, 0, how);
}

static bf_level sec_arrivals(bf_report *r)
{
    const bf_report_growth *g = &r->growth;
    int w = g->arrival_days == 7;
    bf_level lv;

    if (!g->bursts) {
        verdict(r, BF_SEC_GROWTH, BF_LEVEL_GOOD, BF_MSG_SV_ARRIVAL_STEADY, 0, 0,
                0, 0);
        return BF_LEVEL_GOOD;
    }
    if (g->burst_fake < 0 || g->burst_judged < BF_AUDIT_MIN_PROFILES) {
        verdict(r, BF_SEC_GROWTH, BF_LEVEL_WATCH,
                w ? BF_MSG_SV_ARRIVAL_BURST_W : BF_MSG_SV_ARRIVAL_BURST_M, 2,
                100 * g->burst_share, (double)g->burst_at, 0);
        return BF_LEVEL_WATCH;
    }
    if (g->burst_fake < BURST_FAKE_WATCH &&
        r->sections[BF_SEC_AUDIENCE].level == BF_LEVEL_GOOD) {
        verdict(r, BF_SEC_GROWTH, BF_LEVEL_GOOD,
                w ? BF_MSG_SV_ARRIVAL_SPIKE_W : BF_MSG_SV_ARRIVAL_SPIKE_M, 3,
                100 * g->burst_share, (double)g->burst_at, 100 * g->burst_fake);
        return BF_LEVEL_GOOD;
    }
    lv = g->burst_fake >= BURST_FAKE_BAD ? BF_LEVEL_BAD : BF_LEVEL_WATCH;
    verdict(r, BF_SEC_GROWTH, lv,
            w ? BF_MSG_SV_ARRIVAL_FAKE_W : BF_MSG_SV_ARRIVAL_FAKE_M, 3,
            100 * g->burst_share, (double)g->burst_at, 100 * g->burst_fake);
    return lv;
}

/*
 * sec_real_growth gives the growth verdict from the arrivals an export
 * dates: the coverage first (a partial export claims nothing), then the
 * largest burst, which is a sign to watch and never more: who arrived is
 * unknown, and the verdict rests on the audience (docs/verdict.md).
 */
static void sec_real_growth(bf_report *r)
{
    const bf_report_growth *g = &r->growth;
    /* The account's followers: those it declares, else those the export
     * lists (an export without insights declares none). */
    double declared = g->declared >= 0 ? (double)g->declared
                      : g->listed >= 0 ? (double)g->listed
                                       : g->arrived;

    if (g->listed >= 0 && g->declared > 0 &&
        g->listed < BF_AUDIT_WHOLE * g->declared)
        verdict(r, BF_SEC_GROWTH, BF_LEVEL_NONE, BF_MSG_SV_REAL_PARTIAL, 3,
                (double)g->listed, declared, g->arrived);
    else if (g->arrived < BF_AUDIT_MIN_PROFILES)
        verdict(r, BF_SEC_GROWTH, BF_LEVEL_NONE, BF_MSG_SV_GROWTH_FEW, 1,
                g->arrived, 0, 0);
    else if (g->bursts)
        verdict(r, BF_SEC_GROWTH, BF_LEVEL_WATCH,
                g->arrival_days == 7 ? BF_MSG_SV_REAL_BURST_W
                                     : BF_MSG_SV_REAL_BURST_M,
                4, g->arrived, declared, 100 * g->burst_share);
    else if (g->launch_spared)
        verdict(r, BF_SEC_GROWTH, BF_LEVEL_GOOD, BF_MSG_SV_REAL_LAUNCH, 3,
                g->arrived, declared, 100 * g->launch_share);
    else
        verdict(r, BF_SEC_GROWTH, BF_LEVEL_GOOD, BF_MSG_SV_REAL_STEADY, 2,
                g->arrived, declared, 0);
    if (r->sections[BF_SEC_GROWTH].verdict.nargs == 4)
        r->sections[BF_SEC_GROWTH].verdict.args[3] = (double)g->burst_at;
    bf_section_stat(r, BF_SEC_GROWTH, "arrived", BF_MSG_LBL_ARRIVED, g->arrived,
                    BF_UNIT_COUNT, 0, BF_MSG_HOW_REAL_ARRIVAL);
    arrived_older(r, BF_MSG_HOW_REAL_ARRIVAL);
    bf_section_stat(r, BF_SEC_GROWTH, "declared", BF_MSG_LBL_DECLARED,
                    (double)g->declared, BF_UNIT_COUNT, 0,
                    BF_MSG_HOW_REAL_ARRIVAL);
    bf_section_stat(r, BF_SEC_GROWTH, "listed", BF_MSG_LBL_LISTED,
                    (double)g->listed, BF_UNIT_COUNT, 0,
                    BF_MSG_HOW_REAL_ARRIVAL);
    bf_section_stat(r, BF_SEC_GROWTH, "bursts", BF_MSG_LBL_BURSTS, g->bursts,
                    BF_UNIT_COUNT, 0, BF_MSG_HOW_REAL_BURST);
    /* Without a burst there is no largest one: "unknown" would say the
     * opposite of the count above it. */
    if (g->bursts)
        bf_section_stat(r, BF_SEC_GROWTH, "burst_share", BF_MSG_LBL_BURST_SHARE,
                        g->burst_share, BF_UNIT_SHARE, 0,
                        BF_MSG_HOW_REAL_BURST);
}

static void sec_growth(bf_report *r)
{
    const bf_report_growth *g = &r->growth;
    bf_section saved;
    bf_level lv = BF_LEVEL_GOOD;

    if (g->real) {
        sec_real_growth(r);
        return;
    }
    /*
     * A growth claim needs the whole list or a uniform sample: a newest
     * first page is the latest arrivals, whose accounts are naturally
     * recent and whose arrivals all fall in the last weeks.
     */
    if (r->audience.known > 0 && r->audience.cover != BF_COVER_WHOLE &&
        r->audience.cover != BF_COVER_SAMPLE) {
        verdict(r, BF_SEC_GROWTH, BF_LEVEL_NONE, BF_MSG_SV_GROWTH_SEEN, 0, 0, 0,
                0);
        return;
    }
    if (!g->dated && !g->arrived) {
        /* With no follower at all, no date is what is missing. */
        verdict(r, BF_SEC_GROWTH, BF_LEVEL_NONE,
                r->audience.known > 0 ? BF_MSG_SV_GROWTH_NONE
                                      : BF_MSG_SV_GROWTH_NO_FOLLOWERS,
                0, 0, 0, 0);
        return;
    }
    if (g->dated < BF_AUDIT_MIN_PROFILES &&
        g->arrived < BF_AUDIT_MIN_PROFILES) {
        verdict(r, BF_SEC_GROWTH, BF_LEVEL_NONE, BF_MSG_SV_GROWTH_FEW, 1,
                g->dated > g->arrived ? g->dated : g->arrived, 0, 0);
        return;
    }
    if (g->arrived >= BF_AUDIT_MIN_PROFILES) {
        /* The arrivals speak, unless the creation months are worse. */
        lv = sec_arrivals(r);
        saved = r->sections[BF_SEC_GROWTH];
    }
    if (g->dated < BF_AUDIT_MIN_PROFILES)
        verdict(r, BF_SEC_GROWTH, BF_LEVEL_GOOD, BF_MSG_SV_GROWTH_SPREAD, 1,
                g->dated, 0, 0);
    else if (g->batch_months && g->batch_share >= BATCH_BAD)
        verdict(r, BF_SEC_GROWTH, BF_LEVEL_BAD, BF_MSG_SV_GROWTH_BATCH, 3,
                100 * g->batch_share, g->dated, g->batch_months);
    else if (g->batch_months)
        verdict(r, BF_SEC_GROWTH, BF_LEVEL_WATCH, BF_MSG_SV_GROWTH_SOME, 2,
                100 * g->top_share, (double)g->top_month, 0);
    else
        verdict(r, BF_SEC_GROWTH, BF_LEVEL_GOOD, BF_MSG_SV_GROWTH_SPREAD, 1,
                g->dated, 0, 0);
    if (g->arrived >= BF_AUDIT_MIN_PROFILES &&
        r->sections[BF_SEC_GROWTH].level <= lv)
        r->sections[BF_SEC_GROWTH] = saved;
    if (g->arrived) {
        bf_section_stat(r, BF_SEC_GROWTH, "arrived",
                        g->arrival_sample ? BF_MSG_LBL_ARRIVED_SAMPLE
                                          : BF_MSG_LBL_ARRIVED,
                        g->arrived, BF_UNIT_COUNT, 0, BF_MSG_HOW_ARRIVAL);
        arrived_older(r, BF_MSG_HOW_ARRIVAL);
        bf_section_stat(r, BF_SEC_GROWTH, "bursts", BF_MSG_LBL_BURSTS,
                        g->bursts, BF_UNIT_COUNT, 0, BF_MSG_HOW_BURST);
        bf_section_stat(r, BF_SEC_GROWTH, "burst_share", BF_MSG_LBL_BURST_SHARE,
                        g->burst_share, BF_UNIT_SHARE, 0, BF_MSG_HOW_BURST);
        bf_section_stat(r, BF_SEC_GROWTH, "burst_fake", BF_MSG_LBL_BURST_FAKE,
                        g->burst_fake, BF_UNIT_SHARE, 0, BF_MSG_HOW_BURST);
    }
    if (!g->dated)
        return;
    bf_section_stat(r, BF_SEC_GROWTH, "dated", BF_MSG_LBL_DATED, g->dated,
                    BF_UNIT_COUNT, 0, BF_MSG_HOW_GROWTH);
    bf_section_stat(r, BF_SEC_GROWTH, "batch_months", BF_MSG_LBL_BATCH_MONTHS,
                    g->batch_months, BF_UNIT_COUNT, 0, BF_MSG_HOW_BATCH);
    bf_section_stat(r, BF_SEC_GROWTH, "batch_share", BF_MSG_LBL_BATCH_SHARE,
                    g->batch_share, BF_UNIT_SHARE, 0, BF_MSG_HOW_BATCH);
    bf_section_stat(r, BF_SEC_GROWTH, "top_month_share", BF_MSG_LBL_TOP_SHARE,
                    g->top_share, BF_UNIT_SHARE, 0, BF_MSG_HOW_GROWTH);
    bf_section_stat(r, BF_SEC_GROWTH, "recent_share", BF_MSG_LBL_RECENT_SHARE,
                    g->recent_share, BF_UNIT_SHARE, 0, BF_MSG_HOW_GROWTH);
}

static void sec_content(bf_report *r)
{
    const bf_report_content *c = &r->content;
    /* -1 when neither count is known */
    double stuff = c->hashtag_stuffing > c->link_stuffing ? c->hashtag_stuffing
                                                          : c->link_stuffing;
    int wide = c->stuff_hashtags == STUFF_HASHTAGS_WIDE;
    bf_msg_id how_stuff = wide ? BF_MSG_HOW_STUFF_WIDE : BF_MSG_HOW_STUFF;

    /*
     * The owner's own mark of a bot account speaks first.  Then the worst
     * finding: automation, then copies, then stuffing; on fewer posts
     * than an audit reads a timeline from, neither a finding nor a clean
     * bill: the figures below say what was seen.
     */
    if (r->account.automated == 1)
        verdict(r, BF_SEC_CONTENT, BF_LEVEL_BAD, BF_MSG_SV_CONTENT_DECLARED, 0,
                0, 0, 0);
    else if (!c->posts)
        verdict(r, BF_SEC_CONTENT, BF_LEVEL_NONE, BF_MSG_SV_CONTENT_NONE, 0, 0,
                0, 0);
    else if (c->posts < BF_AUDIT_MIN_POSTS)
        verdict(r, BF_SEC_CONTENT, BF_LEVEL_NONE, BF_MSG_SV_CONTENT_FEW, 1,
                (double)c->posts, 0, 0);
    else if (c->automation_share >= 0.5)
        verdict(r, BF_SEC_CONTENT, BF_LEVEL_BAD, BF_MSG_SV_CONTENT_AUTO, 1,
                100 * c->automation_share, 0, 0);
    else if (c->dup_share >= 0.3)
        verdict(r, BF_SEC_CONTENT, BF_LEVEL_BAD, BF_MSG_SV_CONTENT_DUP, 1,
                100 * c->dup_share, 0, 0);
    else if (stuff >= 0.3)
        verdict(r, BF_SEC_CONTENT, BF_LEVEL_BAD, BF_MSG_SV_CONTENT_STUFF, 1,
                100 * stuff, 0, 0);
    else if (c->automation_share >= 0.2)
        verdict(r, BF_SEC_CONTENT, BF_LEVEL_WATCH, BF_MSG_SV_CONTENT_AUTO, 1,
                100 * c->automation_share, 0, 0);
    else if (c->dup_share >= 0.1)
        verdict(r, BF_SEC_CONTENT, BF_LEVEL_WATCH, BF_MSG_SV_CONTENT_DUP, 1,
                100 * c->dup_share, 0, 0);
    else if (stuff >= 0.1)
        verdict(r, BF_SEC_CONTENT, BF_LEVEL_WATCH, BF_MSG_SV_CONTENT_STUFF, 1,
                100 * stuff, 0, 0);
    /* Nothing bad: the sentence claims only what was read.  Without the
     * texts, no repetition can be seen, and nothing says a person wrote
     * them. */
    else if (c->dup_share < 0 && stuff < 0)
        verdict(r, BF_SEC_CONTENT, BF_LEVEL_NONE, BF_MSG_SV_CONTENT_NOTEXT, 0,
                0, 0, 0);
    else if (c->dup_share < 0)
        verdict(r, BF_SEC_CONTENT, BF_LEVEL_NONE,
                BF_MSG_SV_CONTENT_NOTEXT_CLEAN, 0, 0, 0, 0);
    else if (c->automation_share < 0)
        verdict(r, BF_SEC_CONTENT, BF_LEVEL_GOOD, BF_MSG_SV_CONTENT_OK_NOSRC, 0,
                0, 0, 0);
    else
        verdict(r, BF_SEC_CONTENT, BF_LEVEL_GOOD, BF_MSG_SV_CONTENT_OK, 0, 0, 0,
                0);
    if (!c->posts)
        return;
    bf_section_stat(r, BF_SEC_CONTENT, "duplicate_share", BF_MSG_LBL_DUP,
                    c->dup_share, BF_UNIT_SHARE, 0, bf__how_dup(r));
    bf_section_stat(r, BF_SEC_CONTENT, "link_share", BF_MSG_LBL_LINKS,
                    c->link_share, BF_UNIT_SHARE, 0, how_stuff);
    bf_section_stat(r, BF_SEC_CONTENT, "hashtag_stuffing",
                    wide ? BF_MSG_LBL_HASHTAG_STUFF_WIDE
                         : BF_MSG_LBL_HASHTAG_STUFF,
                    c->hashtag_stuffing, BF_UNIT_SHARE, 0, how_stuff);
    if (!wide)
        bf_section_stat(r, BF_SEC_CONTENT, "link_stuffing",
                        BF_MSG_LBL_LINK_STUFF, c->link_stuffing, BF_UNIT_SHARE,
                        0, how_stuff);
    bf_section_stat(r, BF_SEC_CONTENT, "automation_share",
                    BF_MSG_LBL_AUTOMATION, c->automation_share, BF_UNIT_SHARE,
                    0, BF_MSG_HOW_AUTOMATION);
    bf_section_stat(r, BF_SEC_CONTENT, "scheduler_share", BF_MSG_LBL_SCHEDULER,
                    c->scheduler_share, BF_UNIT_SHARE, 0,
                    BF_MSG_HOW_AUTOMATION);
    bf_section_stat(r, BF_SEC_CONTENT, "clients", BF_MSG_LBL_CLIENTS,
                    (double)c->clients, BF_UNIT_COUNT, 0,
                    BF_MSG_HOW_AUTOMATION);
}

/* ask appends a question from literal arguments. */
static void ask(bf_report *r, bf_msg_id q, size_t nargs, double a0, double a1,
                double a2, double a3, bf_msg_id good)
{
    double args[BF_REPORT_MAX_ARGS] = { a0, a1, a2, a3 };

    bf_report_add_question(r, q, args, nargs, good);
}

/*
 * questions turns the worrying findings into questions, the most
 * serious first, and always ends with references (the one question any
 * expert can answer well).
 */
static void questions(bf_report *r)
{
    const bf_section *s = r->sections;
    const bf_report_growth *g = &r->growth;
    const bf_report_engagement *en = &r->engagement;
    size_t room = BF_REPORT_MAX_QUESTIONS - 1;

    int judged = r->audience.cover == BF_COVER_WHOLE ||
                 r->audience.cover == BF_COVER_SAMPLE;

    if (r->account.automated == 1)
        ask(r, BF_MSG_Q_DECLARED, 0, 0, 0, 0, 0, BF_MSG_GA_DECLARED);
    /* No question about what the data cannot show. */
    if (r->nquestions < room && judged && g->bursts &&
        s[BF_SEC_GROWTH].level != BF_LEVEL_NONE &&
        s[BF_SEC_GROWTH].level != BF_LEVEL_GOOD)
        ask(r, g->arrival_days == 7 ? BF_MSG_Q_BURST_W : BF_MSG_Q_BURST_M, 2,
            100 * g->burst_share, (double)g->burst_at, 0, 0, BF_MSG_GA_BURST);
    if (r->nquestions < room && judged &&
        s[BF_SEC_GROWTH].level != BF_LEVEL_GOOD &&
        s[BF_SEC_GROWTH].level != BF_LEVEL_NONE && g->batch_months == 1)
        ask(r, BF_MSG_Q_BATCH_1, 2, 100 * g->top_share, (double)g->top_month, 0,
            0, BF_MSG_GA_BATCH);
    else if (r->nquestions < room && judged &&
             s[BF_SEC_GROWTH].level != BF_LEVEL_GOOD &&
             s[BF_SEC_GROWTH].level != BF_LEVEL_NONE && g->batch_months)
        ask(r, BF_MSG_Q_BATCH, 4, 100 * g->batch_share, g->batch_months,
            100 * g->top_share, (double)g->top_month, BF_MSG_GA_BATCH);
    if (r->nquestions < room && (s[BF_SEC_AUDIENCE].level == BF_LEVEL_WATCH ||
                                 s[BF_SEC_AUDIENCE].level == BF_LEVEL_BAD))
        ask(r, BF_MSG_Q_FAKE, 1, 100 * r->audience.fake.p, 0, 0, 0,
            BF_MSG_GA_FAKE);
    if (r->nquestions < room && en->rate >= 0 &&
        s[BF_SEC_ENGAGEMENT].verdict.msg == BF_MSG_SV_ENG_LOW)
        ask(r, BF_MSG_Q_ENG, 2, (double)r->account.followers, en->mean_original,
            0, 0, BF_MSG_GA_ENG);
    /* A share of three posts is no habit to question. */
    if (r->nquestions < room && en->zero_share >= 0.5 &&
        en->reactions_known >= BF_AUDIT_MIN_POSTS &&
        s[BF_SEC_ENGAGEMENT].level != BF_LEVEL_GOOD)
        ask(r, BF_MSG_Q_SILENT, 1, 100 * en->zero_share, 0, 0, 0,
            BF_MSG_GA_SILENT);
    if (r->nquestions < room && r->content.automation_share >= 0.2 &&
        r->content.posts >= BF_AUDIT_MIN_POSTS)
        ask(r, BF_MSG_Q_AUTO, 1, 100 * r->content.automation_share, 0, 0, 0,
            BF_MSG_GA_AUTO);
    if (r->nquestions < room && r->content.dup_share >= 0.1 &&
        r->content.posts >= BF_AUDIT_MIN_POSTS)
        ask(r, BF_MSG_Q_DUP, 1, 100 * r->content.dup_share, 0, 0, 0,
            BF_MSG_GA_DUP);
    if (r->nquestions < room && r->influence.has_data &&
        s[BF_SEC_INFLUENCE].level != BF_LEVEL_NONE &&
        r->influence.followers_pct - r->influence.pagerank_pct >= GAP_WATCH)
        ask(r, BF_MSG_Q_REACH, 1,
            bf_percentile_shown(r->influence.followers_pct), 0, 0, 0,
            BF_MSG_GA_REACH);
    ask(r, BF_MSG_Q_CLIENTS, 0, 0, 0, 0, 0, BF_MSG_GA_CLIENTS);
}

bf_err bf__audit_sections(bf_store *st, uint32_t id,
                          const struct bf_timeline *tl, const bf_audit_opts *o,
                          bf_report *out)
{
    bf_report_engagement *en = &out->engagement;
    bf_report_content *c = &out->content;
    bf_influence inf;
    briefs fv;
    bf_err err;

    memset(&fv, 0, sizeof fv);

    err = growth_finish(&out->growth, out->audience.cover);
    if (!err)
        err = real_arrivals(st, id, out->account.created_at, &out->growth);
    if (!err)
        err = followers_judged(st, id, o->now, BF_AUDIT_BRIEFS, &fv);
    /* Dates from an export beat bounds read from the list order, which
     * only a whole list or a uniform sample supports: a newest-first page
     * holds only the latest arrivals, so its bounds would draw the whole
     * history as one last burst. */
    if (!err && !out->growth.real &&
        (out->audience.cover == BF_COVER_WHOLE ||
         out->audience.cover == BF_COVER_SAMPLE))
        err = arrivals(st, id,
                       out->account.created_at > 0 ? out->account.created_at
                                                   : 0,
                       o->now, &fv, &out->growth);
    if (!err)
        err = audience_geo(st, id, &out->geo);
    if (!err)
        err = read_posts(st, id, out);
    if (err) {
        briefs_free(&fv);
        return err;
    }
    /* Every rate says what it counts: name the counters the data lacks
     * (an X archive: likes and reposts; a TikTok export: likes alone). */
    if (en->hist_n && en->parts == (1 | 2))
        bf_report_add_evidence(out, BF_LEVEL_NONE, BF_MSG_EV_ENG_NO_REPLIES,
                               NULL, 0);
    else if (en->hist_n && en->parts == 1)
        bf_report_add_evidence(out, BF_LEVEL_NONE, BF_MSG_EV_ENG_LIKES_ONLY,
                               NULL, 0);
    else if (en->hist_n && en->parts != 15)
        bf_report_add_evidence(out, BF_LEVEL_NONE, BF_MSG_EV_ENG_PARTIAL, NULL,
                               0);
    c->dup_share = tl->dup_share;
    c->link_share = tl->link_share;
    c->automation_share = tl->automation_share;
    c->scheduler_share = tl->scheduler_share;
    c->clients = tl->sourced ? (int64_t)tl->clients : -1;
    memset(&inf, 0, sizeof inf);
    err = bf_graph_influence_briefs(st, id, fv.at, fv.v, fv.n, fv.deg, &inf);
    briefs_free(&fv);
    if (err == BF_ENOTFOUND) {
        err = BF_OK;
    } else if (!err && inf.followers_known > 0) {
        out->influence.has_data = 1;
        out->influence.pagerank_pct = inf.pagerank_pct;
        out->influence.followers_pct = inf.followers_pct;
        out->influence.accounts = inf.accounts;
        out->influence.profiled = inf.followers_profiled;
        out->influence.influential = inf.influential;
        out->influence.influential_share = inf.influential_share;
        if (inf.followers_sampled) {
            out->influence.sample = inf.followers_sampled;
            out->influence.sample_of = inf.followers_known;
        }
    }
    if (err)
        return err;
    sec_verdict(out);
    sec_audience(out);
    sec_engagement(out);
    sec_influence(out);
    sec_growth(out);
    sec_content(out);
    questions(out);
    return BF_OK;
}
