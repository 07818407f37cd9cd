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
        err = bf_buf_putc(out, '}');
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
        err = account(out, &r->account);
    if (!err)
        err = bf_buf_appendf(out, ",\"verdict\":\"%s\",\"verdict_text\":",
                             bf_verdict_key(r->verdict));
    if (!err)
        err = text(out, lang, bf_verdict_msg(r->verdict), NULL, 0);
    if (!err)
        err = numkey(out, "confidence", r->confidence);
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
        err = share(out, "fake_looking", &au->any);
    if (!err)
        err = share(out, "camisani_weak", &au->weak);
    if (!err)
        err = share(out, "camisani_published", &au->cc);
    if (!err)
        err = share(out, "socialbakers", &au->sb);
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
        err = numkey(out, "duplicate_share", en->dup_share);
    if (!err)
        err = numkey(out, "automation_share", en->automation_share);
    if (!err)
        err = numkey(out, "scheduler_share", en->scheduler_share);
    if (!err)
        err = numkey(out, "gap_cv", en->gap_cv);
    if (!err)
        err = bf_buf_puts(out, ",\"formula\":");
    if (!err)
        err = text(out, lang, BF_MSG_HOW_ENG_RATE, NULL, 0);
    if (!err)
        err = bf_buf_puts(out, "},\"changes\":[");
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
    err = bf_buf_putc(out, '[');
    for (i = 0; !err && i < n; i++) {
        err = bf_buf_puts(out, i ? "," : "");
        if (!err)
            err = one(out, r[i], lang);
    }
    if (!err)
        err = bf_buf_putc(out, ']');
    return err;
}
