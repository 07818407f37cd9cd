/*
 * report_json.c - the report as JSON (docs/report-schema.json).
 *
 * Written by hand into a bf_buf: the report model is fixed and small, so a
 * JSON library would add a dependency for no gain.  Keys are stable and
 * snake_case; numbers are JSON numbers (printed with %.12g: twelve
 * significant digits are more than any figure here means) and every value
 * the model marks unknown (-1) or that is not finite becomes null.  Text fields are in the language asked
 * for, next to stable ids a script can match on.
 */
#include "report/report.h"

#include <math.h>
#include <string.h>

#include "base/time.h"
#include "report/alternatives.h"

/* str appends a JSON string, or null for NULL. */
static bf_err str(bf_buf *out, const char *s)
{
    if (!s)
        return bf_buf_puts(out, "null");
    return bf_buf_json_string(out, s, strlen(s));
}

/* num appends a number; unknown (negative when unknowable) is null. */
static bf_err num(bf_buf *out, double v, int may_be_negative)
{
    if (!isfinite(v) || (!may_be_negative && v < 0))
        return bf_buf_puts(out, "null");
    if (v == floor(v) && fabs(v) < 9e15)
        return bf_buf_appendf(out, "%.0f", v);
    return bf_buf_appendf(out, "%.12g", v);
}

/* key appends ,"name": (no comma for the first key of an object). */
static bf_err key(bf_buf *out, const char *name, int first)
{
    return bf_buf_appendf(out, "%s\"%s\":", first ? "" : ",", name);
}

/* text appends a catalog message as a JSON string. */
static bf_err text(bf_buf *out, bf_lang lang, bf_msg_id id, const double *args,
                   size_t nargs)
{
    bf_buf tmp;
    bf_err err;

    bf_buf_init(&tmp, 1 << 16);
    err = bf_msg_format(&tmp, lang, id, args, nargs);
    if (!err)
        err = bf_buf_json_string(out, tmp.data ? tmp.data : "", tmp.len);
    bf_buf_release(&tmp);
    return err;
}

/* date appends an ISO 8601 date-time, or null for 0. */
static bf_err date(bf_buf *out, int64_t t)
{
    char iso[21];

    if (t <= 0)
        return bf_buf_puts(out, "null");
    bf_time_iso(t, iso);
    return bf_buf_appendf(out, "\"%s\"", iso);
}

/* share appends {"n","flagged","share","low","high"}. */
static bf_err share(bf_buf *out, const char *name, const bf_share *s)
{
    bf_err err = key(out, name, 0);

    if (!err)
        err = bf_buf_appendf(out, "{\"n\":%u,\"flagged\":%u,\"share\":",
                             (unsigned)s->n, (unsigned)s->k);
    if (!err)
        err = num(out, s->p, 0);
    if (!err)
        err = bf_buf_puts(out, ",\"low\":");
    if (!err)
        err = num(out, s->lo, 0);
    if (!err)
        err = bf_buf_puts(out, ",\"high\":");
    if (!err)
        err = num(out, s->hi, 0);
    if (!err)
        err = bf_buf_putc(out, '}');
    return err;
}

/* numkey appends ,"name":value. */
static bf_err numkey(bf_buf *out, const char *name, double v)
{
    bf_err err = key(out, name, 0);

    return err ? err : num(out, v, 0);
}

static bf_err account(bf_buf *out, const bf_report_account *a)
{
    bf_err err = bf_buf_puts(out, ",\"account\":{\"platform\":");

    if (!err)
        err = str(out, a->platform);
    if (!err)
        err = bf_buf_puts(out, ",\"native_id\":");
    if (!err)
        err = str(out, a->native_id);
    if (!err)
        err = bf_buf_puts(out, ",\"handle\":");
    if (!err)
        err = str(out, a->handle);
    if (!err)
        err = bf_buf_puts(out, ",\"name\":");
    if (!err)
        err = str(out, a->name);
    if (!err)
        err = numkey(out, "followers", (double)a->followers);
    if (!err)
        err = numkey(out, "following", (double)a->following);
    if (!err)
        err = numkey(out, "posts", (double)a->posts);
    if (!err)
        err = bf_buf_puts(out, ",\"created_at\":");
    if (!err)
        err = date(out, a->created_at);
    if (!err)
        err = bf_buf_puts(
                out, a->automated == 1   ? ",\"declared_automated\":true}"
                     : a->automated == 0 ? ",\"declared_automated\":false}"
                                         : ",\"declared_automated\":null}");
    return err;
}

static bf_err evidence(bf_buf *out, bf_lang lang, const bf_evidence *e)
{
    size_t i;
    bf_err err =
            bf_buf_appendf(out, "{\"level\":\"%s\",\"id\":\"%s\",\"text\":",
                           bf_level_key(e->level), bf_msg_key(e->msg));

    if (!err)
        err = text(out, lang, e->msg, e->args, e->nargs);
    if (!err)
        err = bf_buf_puts(out, ",\"args\":[");
    for (i = 0; !err && i < e->nargs; i++) {
        err = bf_buf_puts(out, i ? "," : "");
        if (!err)
            err = num(out, e->args[i], 1);
    }
    if (!err)
        err = bf_buf_puts(out, "],\"figures\":[");
    for (i = 0; !err && i < e->nfigures; i++) {
        const bf_figure *f = &e->figures[i];

        err = bf_buf_appendf(out, "%s{\"key\":\"%s\",\"value\":", i ? "," : "",
                             f->key);
        if (!err)
            err = num(out, f->value, 0);
        if (!err)
            err = bf_buf_appendf(
                    out, ",\"how_id\":\"%s\",\"how\":", bf_msg_key(f->how));
        if (!err)
            err = text(out, lang, f->how, NULL, 0);
        if (!err)
            err = bf_buf_putc(out, '}');
    }
    if (!err)
        err = bf_buf_puts(out, "]}");
    return err;
}

/*
 * model appends the "model" object: the account's probability, class and
 * reasons (feature, value, contribution, sentence) when a model was
 * available.
 */
static bf_err model(bf_buf *out, const bf_report *r, bf_lang lang)
{
    const bf_report_model *m = &r->model;
    bf_buf tmp;
    size_t i;
    bf_err err = bf_buf_appendf(out,
                                ",\"model\":{\"available\":%s,"
                                "\"not_applied\":%s",
                                m->available ? "true" : "false",
                                m->not_applied ? "true" : "false");

    if (!err)
        err = numkey(out, "probability", m->available ? m->prob : -1);
    if (!err)
        err = bf_buf_puts(out, ",\"class\":");
    if (!err)
        err = str(out, m->available ? bf_class_key(m->cls) : NULL);
    if (!err)
        err = bf_buf_puts(out, ",\"class_text\":");
    if (!err)
        err = str(out, m->available ? bf_class_name(m->cls, lang) : NULL);
    if (!err)
        err = bf_buf_appendf(out, ",\"raised_verdict\":%s,\"reasons\":[",
                             m->raised ? "true" : "false");
    bf_buf_init(&tmp, 1 << 12);
    for (i = 0; !err && i < m->nreasons; i++) {
        const bf_reason *x = &m->reasons[i];

        err = bf_buf_appendf(out,
                             "%s{\"feature\":\"%s\",\"value\":", i ? "," : "",
                             bf_features_name(x->feat));
        /*
         * Five significant digits: ages and rates per day move with the
         * time the profile was read, the trees do not see the difference.
         */
        if (!err && isfinite(x->value))
            err = bf_buf_appendf(out, "%.5g", (double)x->value);
        else if (!err)
            err = bf_buf_puts(out, "null");
        if (!err)
            err = bf_buf_puts(out, ",\"contribution\":");
        if (!err)
            err = num(out, x->contrib, 1);
        bf_buf_reset(&tmp);
        if (!err)
            err = bf_reason_format(x, lang, &tmp);
        if (!err)
            err = bf_buf_puts(out, ",\"text\":");
        if (!err)
            err = bf_buf_json_string(out, tmp.data ? tmp.data : "", tmp.len);
        if (!err)
            err = bf_buf_putc(out, '}');
    }
    bf_buf_release(&tmp);
    if (!err)
        err = bf_buf_puts(out, "],\"method\":");
    if (!err)
        err = text(out, lang, BF_MSG_HOW_MODEL, NULL, 0);
    if (!err)
        err = bf_buf_putc(out, '}');
    return err;
}

/*
 * sample_of appends "sample": null when a count is of every follower in
 * the store, else the uniform sample's size and the followers it was
 * drawn from.
 */
static bf_err sample_of(bf_buf *out, uint64_t size, uint64_t of)
{
    if (!size)
        return bf_buf_puts(out, ",\"sample\":null");
    return bf_buf_appendf(out, ",\"sample\":{\"size\":%llu,\"of\":%llu}",
                          (unsigned long long)size, (unsigned long long)of);
}

/*
 * arrivals appends the growth's "arrivals" member: null when no arrival
 * could be dated from follower positions, else the histogram and bursts.
 */
static bf_err arrivals(bf_buf *out, const bf_report_growth *g)
{
    bf_err err;
    size_t i;

    if (!g->arrived)
        return bf_buf_puts(out, ",\"arrivals\":null");
    err = bf_buf_appendf(out,
                         ",\"arrivals\":{\"source\":\"%s\",\"unit\":\"%s\","
                         "\"dated\":%u,\"older\":%u",
                         g->real ? "export" : "list_order",
                         g->arrival_days == 7 ? "week" : "month",
                         (unsigned)g->arrived, (unsigned)g->arrived_older);
    if (!err)
        err = sample_of(out, g->arrival_sample, g->arrival_of);
    /* An export's coverage: the followers declared and those listed. */
    if (!err && g->real)
        err = bf_buf_appendf(out, ",\"declared\":%lld,\"listed\":%lld",
                             (long long)g->declared, (long long)g->listed);
    if (!err)
        err = bf_buf_puts(out, ",\"first_bin\":");
    if (!err)
        err = date(out, g->arrival0);
    if (!err)
        err = bf_buf_puts(out, ",\"counts\":[");
    for (i = 0; !err && i < (size_t)g->arrival_bins; i++)
        err = bf_buf_appendf(out, "%s%u", i ? "," : "",
                             (unsigned)g->arrivals[i]);
    if (!err)
        err = bf_buf_puts(out, "],\"burst\":[");
    for (i = 0; !err && i < (size_t)g->arrival_bins; i++)
        err = bf_buf_appendf(out, "%s%s", i ? "," : "",
                             g->burst[i] ? "true" : "false");
    if (!err)
        err = bf_buf_appendf(out, "],\"bursts\":%u", (unsigned)g->bursts);
    if (!err)
        err = numkey(out, "median", g->arrival_median);
    if (!err)
        err = bf_buf_puts(out, ",\"burst_at\":");
    if (!err)
        err = date(out, g->burst_at);
    if (!err)
        err = numkey(out, "burst_share", g->burst_share);
    if (!err)
        err = numkey(out, "burst_fake_share", g->burst_fake);
    if (!err)
        err = numkey(out, "launch_share", g->launch_share);
    if (!err)
        err = bf_buf_putc(out, '}');
    return err;
}

/* geo_list appends "NAME":[{"label","share"}...]. */
static bf_err geo_list(bf_buf *out, const char *name, const bf_geo_share *l,
                       size_t n)
{
    size_t i;
    bf_err err = bf_buf_appendf(out, ",\"%s\":[", name);

    for (i = 0; !err && i < n; i++) {
        err = bf_buf_puts(out, i ? ",{\"label\":" : "{\"label\":");
        if (!err)
            err = str(out, l[i].key);
        if (!err)
            err = numkey(out, "share", l[i].share);
        if (!err)
            err = bf_buf_putc(out, '}');
    }
    if (!err)
        err = bf_buf_putc(out, ']');
    return err;
}

/*
 * geo appends the "geo" member: null without audience insights, else the
 * platform's shares by country, city, age band and gender.
 */
static bf_err geo(bf_buf *out, const bf_report_geo *g)
{
    bf_err err;

    if (!g->has_data)
        return bf_buf_puts(out, ",\"geo\":null");
    err = bf_buf_puts(out, ",\"geo\":{\"observed_at\":");
    if (!err)
        err = date(out, g->observed_at);
    if (!err)
        err = geo_list(out, "countries", g->countries, g->ncountries);
    if (!err)
        err = geo_list(out, "cities", g->cities, g->ncities);
    if (!err)
        err = geo_list(out, "ages", g->ages, g->nages);
    if (!err)
        err = numkey(out, "men", g->men);
    if (!err)
        err = numkey(out, "women", g->women);
    if (!err)
        err = bf_buf_putc(out, '}');
    return err;
}

/* more appends the influence, growth and content objects. */
static bf_err more(bf_buf *out, const bf_report *r)
{
    const bf_report_influence *in = &r->influence;
    const bf_report_growth *g = &r->growth;
    const bf_report_content *c = &r->content;
    size_t i;
    bf_err err = bf_buf_appendf(out, ",\"influence\":{\"has_data\":%s",
                                in->has_data ? "true" : "false");

    if (!err)
        err = numkey(out, "pagerank_percentile", in->pagerank_pct);
    if (!err)
        err = numkey(out, "followers_percentile", in->followers_pct);
    if (!err)
        err = bf_buf_appendf(out, ",\"accounts\":%llu",
                             (unsigned long long)in->accounts);
    /* null, not 0, when no follower's profile is stored to judge. */
    if (!err)
        err = numkey(out, "influential",
                     in->profiled ? (double)in->influential : -1);
    if (!err)
        err = numkey(out, "influential_share", in->influential_share);
    if (!err)
        err = sample_of(out, in->sample, in->sample_of);
    if (!err)
        err = numkey(out, "reposts_per_post", in->reposts_per_post);
    if (!err)
        err = numkey(out, "replies_per_post", in->replies_per_post);
    if (!err)
        err = numkey(out, "mentions_per_post", in->mentions_per_post);
    if (!err)
        err = bf_buf_appendf(out,
                             "},\"growth\":{\"dated\":%u,\"older\":%u,"
                             "\"first_month\":",
                             (unsigned)g->dated, (unsigned)g->older);
    if (!err)
        err = date(out, g->month0);
    if (!err)
        err = bf_buf_puts(out, ",\"months\":[");
    for (i = 0; !err && i < BF_GROWTH_MONTHS; i++)
        err = bf_buf_appendf(out, "%s%u", i ? "," : "", (unsigned)g->months[i]);
    if (!err)
        err = bf_buf_puts(out, "],\"batch\":[");
    for (i = 0; !err && i < BF_GROWTH_MONTHS; i++)
        err = bf_buf_appendf(out, "%s%s", i ? "," : "",
                             g->batch[i] ? "true" : "false");
    if (!err)
        err = bf_buf_appendf(out, "],\"batch_months\":%u",
                             (unsigned)g->batch_months);
    if (!err)
        err = numkey(out, "batch_share", g->batch_share);
    if (!err)
        err = bf_buf_puts(out, ",\"top_month\":");
    if (!err)
        err = date(out, g->top_month);
    if (!err)
        err = numkey(out, "top_month_share", g->top_share);
    if (!err)
        err = numkey(out, "recent_share", g->recent_share);
    if (!err)
        err = arrivals(out, g);
    if (!err)
        err = bf_buf_putc(out, '}');
    if (!err)
        err = geo(out, &r->geo);
    if (!err)
        err = bf_buf_appendf(out, ",\"content\":{\"posts\":%u",
                             (unsigned)c->posts);
    if (!err)
        err = numkey(out, "duplicate_share", c->dup_share);
    if (!err)
        err = numkey(out, "link_share", c->link_share);
    if (!err)
        err = numkey(out, "hashtag_stuffing", c->hashtag_stuffing);
    if (!err)
        err = numkey(out, "link_stuffing", c->link_stuffing);
    if (!err)
        err = numkey(out, "automation_share", c->automation_share);
    if (!err)
        err = numkey(out, "scheduler_share", c->scheduler_share);
    if (!err)
        err = numkey(out, "clients", (double)c->clients);
    if (!err)
        err = bf_buf_puts(out, "}");
    return err;
}

/* sections appends "sections" (the shown ones, in order) and "questions". */
static bf_err sections(bf_buf *out, const bf_report *r, bf_lang lang)
{
    static const char *const units[] = { "count", "share", "percentile" };
    size_t i, j, first = 1;
    bf_err err = bf_buf_puts(out, ",\"sections\":[");

    for (i = 0; !err && i < BF_SEC__COUNT; i++) {
        const bf_section *s = &r->sections[i];

        if (!s->shown)
            continue;
        err = bf_buf_appendf(out,
                             "%s{\"id\":\"%s\",\"level\":\"%s\","
                             "\"title\":",
                             first ? "" : ",", bf_section_key((bf_section_id)i),
                             bf_level_key(s->level));
        first = 0;
        if (!err)
            err = text(out, lang, bf_section_msg((bf_section_id)i), NULL, 0);
        if (!err)
            err = bf_buf_appendf(out, ",\"verdict\":{\"id\":\"%s\",\"text\":",
                                 bf_msg_key(s->verdict.msg));
        if (!err)
            err = text(out, lang, s->verdict.msg, s->verdict.args,
                       s->verdict.nargs);
        if (!err)
            err = bf_buf_puts(out, "},\"stats\":[");
        for (j = 0; !err && j < s->nstats; j++) {
            const bf_stat *st = &s->stats[j];

            err = bf_buf_appendf(
                    out, "%s{\"key\":\"%s\",\"label\":", j ? "," : "", st->key);
            if (!err)
                err = text(out, lang, st->label, NULL, 0);
            if (!err)
                err = bf_buf_puts(out, ",\"value\":");
            if (!err)
                err = num(out, st->value, 0);
            if (!err)
                err = bf_buf_appendf(out,
                                     ",\"unit\":\"%s\",\"how_id\":\"%s\","
                                     "\"how\":",
                                     units[st->unit], bf_msg_key(st->how));
            if (!err)
                err = text(out, lang, st->how, NULL, 0);
            if (!err)
                err = bf_buf_putc(out, '}');
        }
        if (!err)
            err = bf_buf_puts(out, "]}");
    }
    if (!err)
        err = bf_buf_puts(out, "],\"questions\":[");
    for (i = 0; !err && i < r->nquestions; i++) {
        const bf_question *q = &r->questions[i];

        err = bf_buf_appendf(out, "%s{\"id\":\"%s\",\"text\":", i ? "," : "",
                             bf_msg_key(q->ask.msg));
        if (!err)
            err = text(out, lang, q->ask.msg, q->ask.args, q->ask.nargs);
        if (!err)
            err = bf_buf_puts(out, ",\"good_answer\":");
        if (!err)
            err = text(out, lang, q->good, NULL, 0);
        if (!err)
            err = bf_buf_putc(out, '}');
    }
    if (!err)
        err = bf_buf_putc(out, ']');
    return err;
}

/* alt_text appends a sentence of report/alternatives.h as a string. */
static bf_err alt_text(bf_buf *out,
                       bf_err (*fn)(bf_buf *, bf_lang, const bf_report_alts *),
                       bf_lang lang, const bf_report_alts *al)
{
    bf_buf tmp;
    bf_err err;

    bf_buf_init(&tmp, 1 << 16);
    err = fn(&tmp, lang, al);
    if (!err)
        err = bf_buf_json_string(out, tmp.data ? tmp.data : "", tmp.len);
    bf_buf_release(&tmp);
    return err;
}

/*
 * alternatives appends "alternatives" (docs/report-schema.json): why none
 * or up to five accounts of the niche with their figures.  Nothing when
 * they were not looked for.
 */
static bf_err alternatives(bf_buf *out, const bf_report *r, bf_lang lang)
{
    static const char *const status[] = { "not_run", "found", "no_graph",
                                          "no_niche", "none_stronger" };
    static const char *const sig[] = { "audience", "cofollow", "words" };
    static const char *const better[] = { "verdict", "real_followers",
                                          "engagement" };
    const bf_report_alts *al = &r->alts;
    size_t i, k, w;
    int have;
    bf_err err;

    if (al->status == BF_ALT_NOT_RUN)
        return BF_OK;
    err = bf_buf_appendf(out, ",\"alternatives\":{\"status\":\"%s\"",
                         status[al->status]);
    for (have = 1; !err && have >= 0; have--) {
        err = bf_buf_puts(out, have ? ",\"signals\":[" : ",\"missing\":[");
        for (i = 0, k = 0; !err && i < 3; i++)
            if (!(al->signals & (1 << i)) == !have)
                err = bf_buf_appendf(out, "%s\"%s\"", k++ ? "," : "", sig[i]);
        if (!err)
            err = bf_buf_putc(out, ']');
    }
    if (!err)
        err = bf_buf_appendf(out,
                             ",\"examined\":%u,\"niche\":%u,\"screened\":%u"
                             ",\"verdict\":\"%s\",\"real_followers\":",
                             al->pool, al->niche, al->screened,
                             bf_verdict_key(al->verdict));
    if (!err)
        err = num(out, al->real >= 0 ? round(al->real) : -1, 0);
    if (!err)
        err = bf_buf_puts(out, ",\"engagement_rate\":");
    if (!err)
        err = num(out, al->rate, 0);
    if (!err)
        err = bf_buf_puts(out, ",\"text\":");
    if (!err)
        err = al->n ? text(out, lang, BF_MSG_ALT_INTRO, NULL, 0)
                    : alt_text(out, bf__alt_none, lang, al);
    if (!err)
        err = bf_buf_puts(out, ",\"signals_text\":");
    if (!err)
        err = alt_text(out, bf__alt_signals, lang, al);
    if (!err)
        err = bf_buf_puts(out, ",\"items\":[");
    for (i = 0; !err && i < al->n; i++) {
        const bf_alternative *a = &al->alt[i];
        bf_buf tmp;

        err = bf_buf_puts(out, i ? ",{\"platform\":" : "{\"platform\":");
        if (!err)
            err = str(out, a->platform);
        if (!err)
            err = bf_buf_puts(out, ",\"handle\":");
        if (!err)
            err = str(out, a->handle);
        if (!err)
            err = bf_buf_puts(out, ",\"name\":");
        if (!err)
            err = str(out, a->name[0] ? a->name : NULL);
        if (!err)
            err = bf_buf_appendf(out, ",\"verdict\":\"%s\",\"followers\":",
                                 bf_verdict_key(a->verdict));
        if (!err)
            err = num(out, (double)a->followers, 0);
        if (!err)
            err = bf_buf_puts(out, ",\"real_followers\":");
        if (!err)
            err = num(out, a->real >= 0 ? round(a->real) : -1, 0);
        if (!err)
            err = bf_buf_puts(out, ",\"engagement_rate\":");
        if (!err)
            err = num(out, a->rate, 0);
        if (!err)
            err = bf_buf_appendf(out,
                                 ",\"common_followers\":%llu,"
                                 "\"common_following\":%llu,"
                                 "\"shared_words\":[",
                                 (unsigned long long)a->common_followers,
                                 (unsigned long long)a->common_following);
        for (w = 0; !err && w < a->nwords; w++) {
            err = bf_buf_puts(out, w ? "," : "");
            if (!err)
                err = str(out, a->words[w]);
        }
        if (!err)
            err = bf_buf_puts(out, "],\"better\":[");
        for (w = 0, k = 0; !err && w < 3; w++)
            if (a->better & (1 << w))
                err = bf_buf_appendf(out, "%s\"%s\"", k++ ? "," : "",
                                     better[w]);
        bf_buf_init(&tmp, 1 << 16);
        if (!err)
            err = bf__alt_why(&tmp, lang, a);
        if (!err)
            err = bf_buf_puts(out, "],\"why\":");
        if (!err)
            err = bf_buf_json_string(out, tmp.data ? tmp.data : "", tmp.len);
        bf_buf_reset(&tmp);
        if (!err)
            err = bf__alt_better(&tmp, lang, al, a);
        if (!err)
            err = bf_buf_puts(out, ",\"stronger\":");
        if (!err)
            err = bf_buf_json_string(out, tmp.data ? tmp.data : "", tmp.len);
        bf_buf_release(&tmp);
        if (!err)
            err = bf_buf_putc(out, '}');
    }
    if (!err)
        err = bf_buf_puts(out, "]}");
    return err;
}

/* row appends one comparison row: the key figures of r. */
static bf_err row(bf_buf *out, const bf_report *r)
{
    bf_err err = bf_buf_puts(out, "{\"platform\":");

    if (!err)
        err = str(out, r->account.platform);
    if (!err)
        err = bf_buf_puts(out, ",\"handle\":");
    if (!err)
        err = str(out, r->account.handle);
    if (!err)
        err = bf_buf_appendf(out, ",\"verdict\":\"%s\"",
                             bf_verdict_key(r->verdict));
    if (!err)
        err = numkey(out, "confidence", r->confidence);
    if (!err)
        err = numkey(out, "followers", (double)r->account.followers);
    if (!err)
        err = numkey(out, "real_share", r->audience.real.p);
    if (!err)
        err = numkey(out, "suspected_fake_share", r->audience.suspect.p);
    if (!err)
        err = numkey(out, "engagement_rate", r->engagement.rate);
    if (!err)
        err = numkey(out, "tier_median", r->engagement.tier_median);
    if (!err)
        err = numkey(out, "zero_share", r->engagement.zero_share);
    if (!err)
        err = numkey(out, "batch_share", r->growth.batch_share);
    if (!err)
        err = numkey(out, "pagerank_percentile", bf_report_reach_pct(r));
    if (!err)
        err = bf_buf_putc(out, '}');
    return err;
}

static bf_err one(bf_buf *out, const bf_report *r, bf_lang lang)
{
    const bf_report_audience *au = &r->audience;
    const bf_report_engagement *en = &r->engagement;
    size_t i;
    bf_err err = bf_buf_appendf(out, "{\"version\":%d,\"lang\":\"%s\"",
                                r->version, bf_lang_code(lang));

    if (!err)
        err = bf_buf_puts(out, ",\"generated_at\":");
    if (!err)
        err = date(out, r->generated_at);
    if (!err)
        err = bf_buf_puts(out, ",\"observed_at\":");
    if (!err)
        err = date(out, r->observed_at);
    if (!err)
        err = bf_buf_puts(out, ",\"measured_to\":");
    if (!err)
        err = date(out, r->measured_to);
    if (!err)
        err = bf_buf_appendf(out, ",\"measured_basis\":\"%s\"",
                             r->measured_basis == BF_CLOCK_OBSERVED ? "observed"
                             : r->measured_basis == BF_CLOCK_NEWEST
                                     ? "newest_record"
                                     : "unknown");
    if (!err)
        err = bf_buf_puts(out, ",\"posts_from\":");
    if (!err)
        err = date(out, r->posts_from);
    if (!err)
        err = bf_buf_puts(out, ",\"posts_to\":");
    if (!err)
        err = date(out, r->posts_to);
    if (!err)
        err = account(out, &r->account);
    if (!err)
        err = bf_buf_appendf(out, ",\"verdict\":\"%s\",\"verdict_text\":",
                             bf_verdict_key(r->verdict));
    if (!err)
        err = text(out, lang, bf_verdict_msg(r->verdict), NULL, 0);
    if (!err)
        err = numkey(out, "confidence", r->confidence);
    if (!err)
        err = bf_buf_appendf(out, ",\"decided_by\":%s%s%s",
                             r->decided_by == BF_SEC_VERDICT ? "" : "\"",
                             r->decided_by == BF_SEC_VERDICT
                                     ? "null"
                                     : bf_section_key(r->decided_by),
                             r->decided_by == BF_SEC_VERDICT ? "" : "\"");
    if (!err)
        err = bf_buf_appendf(out, ",\"reason\":{\"id\":\"%s\",\"text\":",
                             bf_msg_key(r->reason.msg));
    if (!err)
        err = text(out, lang, r->reason.msg, r->reason.args, r->reason.nargs);
    if (!err)
        err = bf_buf_puts(out, "},\"evidence\":[");
    for (i = 0; !err && i < r->nevidence; i++) {
        err = bf_buf_puts(out, i ? "," : "");
        if (!err)
            err = evidence(out, lang, &r->evidence[i]);
    }
    if (!err)
        err = bf_buf_appendf(
                out,
                "],\"audience\":{\"has_data\":%s,\"followers_known\":%llu,"
                "\"sample\":%u,\"profiles\":%u",
                au->has_data ? "true" : "false", (unsigned long long)au->known,
                (unsigned)au->sample, (unsigned)au->profiles);
    if (!err)
        err = numkey(out, "coverage", au->coverage);
    if (!err)
        err = bf_buf_appendf(out, ",\"cover\":\"%s\",\"estimator\":\"%s\"",
                             bf_coverage_key(au->cover),
                             bf_estimator_key(au->estimator));
    if (!err)
        err = share(out, "fake_estimate", &au->fake);
    if (!err)
        err = numkey(out, "model_tpr", au->tpr);
    if (!err)
        err = numkey(out, "model_fpr", au->fpr);
    if (!err)
        err = share(out, "kind_real", &au->kind_real);
    if (!err)
        err = share(out, "kind_fake", &au->kind_fake);
    if (!err)
        err = share(out, "kind_spam", &au->kind_spam);
    if (!err)
        err = share(out, "fake_looking", &au->any);
    if (!err)
        err = share(out, "camisani_weak", &au->weak);
    if (!err)
        err = share(out, "camisani_published", &au->cc);
    if (!err)
        err = share(out, "socialbakers", &au->sb);
    if (!err)
        err = share(out, "real", &au->real);
    if (!err)
        err = share(out, "mass_followers", &au->mass);
    if (!err)
        err = share(out, "inactive", &au->inactive);
    if (!err)
        err = share(out, "suspected_fake", &au->suspect);
    if (!err)
        err = share(out, "model_fake", &au->model_fake);
    if (!err)
        err = bf_buf_puts(out, ",\"method\":");
    if (!err)
        err = text(out, lang, BF_MSG_HOW_SHARE, NULL, 0);
    if (!err)
        err = bf_buf_putc(out, '}');
    if (!err)
        err = numkey(out, "ratio", r->ratio);
    if (!err)
        err = bf_buf_appendf(out,
                             ",\"engagement\":{\"posts\":%u,\"originals\":%u,"
                             "\"replies\":%u,\"reposts\":%u,\"quotes\":%u",
                             (unsigned)en->posts, (unsigned)en->originals,
                             (unsigned)en->replies, (unsigned)en->reposts,
                             (unsigned)en->quotes);
    if (!err)
        err = numkey(out, "mean_per_post", en->mean);
    if (!err)
        err = numkey(out, "median_per_post", en->median);
    if (!err)
        err = numkey(out, "mean_per_original", en->mean_original);
    if (!err)
        err = numkey(out, "rate", en->rate);
    if (!err)
        err = numkey(out, "zero_share", en->zero_share);
    if (!err)
        err = bf_buf_appendf(out, ",\"reactions_known\":%u",
                             (unsigned)en->reactions_known);
    if (!err)
        err = numkey(out, "duplicate_share", en->dup_share);
    if (!err)
        err = numkey(out, "automation_share", en->automation_share);
    if (!err)
        err = numkey(out, "scheduler_share", en->scheduler_share);
    if (!err)
        err = numkey(out, "gap_cv", en->gap_cv);
    if (!err)
        err = bf_buf_appendf(out, ",\"tier\":%d,\"tier_text\":", en->tier);
    if (!err)
        err = text(out, lang, bf_tier_msg(en->tier), NULL, 0);
    if (!err)
        err = numkey(out, "tier_median", en->tier_median);
    if (!err)
        err = bf_buf_appendf(out, ",\"tier_peers\":%u",
                             (unsigned)en->tier_peers);
    if (!err)
        err = numkey(out, "published_median", en->published);
    if (!err)
        err = bf_buf_puts(out, ",\"published_source\":");
    if (!err)
        err = text(out, lang, en->published_src, NULL, 0);
    if (!err)
        err = numkey(out, "view_rate", en->view_rate);
    if (!err)
        err = bf_buf_appendf(out, ",\"views_known\":%u", (unsigned)en->viewed);
    if (!err)
        err = numkey(out, "view_published_median", en->view_published);
    if (!err)
        err = bf_buf_puts(out, ",\"view_published_source\":");
    if (!err)
        err = text(out, lang, BF_MSG_SRC_VIEW_PUBLISHED, NULL, 0);
    if (!err)
        err = bf_buf_puts(out, ",\"histogram\":{\"bins\":[\"0\",\"1\","
                               "\"2-4\",\"5-9\",\"10-24\",\"25-99\","
                               "\"100+\"],\"counts\":[");
    for (i = 0; !err && i < BF_ENG_BINS; i++)
        err = bf_buf_appendf(out, "%s%u", i ? "," : "", (unsigned)en->hist[i]);
    if (!err)
        err = bf_buf_puts(out, "]},\"formula\":");
    if (!err)
        err = text(out, lang, BF_MSG_HOW_ENG_RATE, NULL, 0);
    if (!err)
        err = bf_buf_putc(out, '}');
    if (!err)
        err = more(out, r);
    if (!err)
        err = model(out, r, lang);
    if (!err)
        err = sections(out, r, lang);
    if (!err)
        err = alternatives(out, r, lang);
    if (!err)
        err = bf_buf_puts(out, ",\"changes\":[");
    for (i = 0; !err && i < r->nchanges; i++) {
        const bf_sentence *s = &r->changes[i];

        err = bf_buf_appendf(out, "%s{\"id\":\"%s\",\"text\":", i ? "," : "",
                             bf_msg_key(s->msg));
        if (!err)
            err = text(out, lang, s->msg, s->args, s->nargs);
        if (!err)
            err = bf_buf_putc(out, '}');
    }
    if (!err)
        err = bf_buf_puts(out, "]}");
    return err;
}

bf_err bf_report_json(const bf_report *const *r, size_t n, bf_lang lang,
                      bf_buf *out)
{
    size_t i;
    bf_err err = BF_OK;

    if (n == 1)
        return one(out, r[0], lang);
    /* Several reports: the comparison rows first, then every report. */
    err = bf_buf_appendf(out,
                         "{\"version\":%d,\"lang\":\"%s\","
                         "\"comparison\":[",
                         BF_REPORT_VERSION, bf_lang_code(lang));
    for (i = 0; !err && i < n; i++) {
        err = bf_buf_puts(out, i ? "," : "");
        if (!err)
            err = row(out, r[i]);
    }
    if (!err)
        err = bf_buf_puts(out, "],\"reports\":[");
    for (i = 0; !err && i < n; i++) {
        err = bf_buf_puts(out, i ? "," : "");
        if (!err)
            err = one(out, r[i], lang);
    }
    if (!err)
        err = bf_buf_puts(out, "]}");
    return err;
}
