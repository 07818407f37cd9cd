/*
 * report_html.c - the report as one self-contained HTML page.
 *
 * The page carries its own CSS, draws its charts as inline SVG and has no
 * script and no external resource, so it opens offline, can be mailed as
 * a single file and prints on A4 (an @page rule, and each report starts a
 * new printed page).  Every piece of text, from the catalog or from the
 * data, goes through bf_buf_html; numbers are formatted by the catalog so
 * they follow the language's conventions.
 */
#include "report/report.h"

#include <string.h>

#include "base/time.h"

static const char css[] =
        "body{font-family:system-ui,-apple-system,'Segoe UI',Roboto,"
        "sans-serif;max-width:50em;margin:2em auto;padding:0 1em;"
        "color:#222;line-height:1.45}"
        "h1{font-size:1.5em;margin-bottom:.2em}"
        "h2{font-size:1.1em;border-bottom:1px solid #ccc;margin-top:1.6em}"
        ".verdict{padding:.8em 1em;border-radius:6px;margin:1em 0;"
        "border-left:6px solid}"
        ".v-genuine{background:#e9f7ef;border-color:#1e8449}"
        ".v-questionable{background:#fef5e7;border-color:#b9770e}"
        ".v-inflated,.v-automated{background:#fdedec;border-color:#b03a2e}"
        ".verdict strong{font-size:1.3em}"
        "ul.ev{list-style:none;padding:0}"
        "ul.ev li{margin:.4em 0;padding-left:1.6em;position:relative}"
        "ul.ev li::before{position:absolute;left:0;font-weight:bold}"
        "li.good::before{content:'+';color:#1e8449}"
        "li.watch::before{content:'?';color:#b9770e}"
        "li.bad::before{content:'!';color:#b03a2e}"
        "table{border-collapse:collapse}"
        "td{padding:.15em .8em .15em 0;vertical-align:top}"
        "td.n{text-align:right;font-variant-numeric:tabular-nums}"
        ".meta{color:#555}"
        "section.report{page-break-after:always}"
        "section.report:last-child{page-break-after:auto}"
        "@page{size:A4;margin:15mm}"
        "@media print{body{margin:0;max-width:none}}";

/* esc appends text escaped. */
static bf_err esc(bf_buf *out, const char *s)
{
    return bf_buf_html(out, s ? s : "");
}

/* msg appends a catalog message, formatted then escaped. */
static bf_err msg(bf_buf *out, bf_lang lang, bf_msg_id id, const double *args,
                  size_t nargs)
{
    bf_buf tmp;
    bf_err err;

    bf_buf_init(&tmp, 1 << 16);
    err = bf_msg_format(&tmp, lang, id, args, nargs);
    if (!err)
        err = esc(out, tmp.data);
    bf_buf_release(&tmp);
    return err;
}

/* row appends a two-column table row: label, then a preformatted value. */
static bf_err row_start(bf_buf *out, bf_lang lang, bf_msg_id label)
{
    bf_err err = bf_buf_puts(out, "<tr><td>");

    if (!err)
        err = msg(out, lang, label, NULL, 0);
    if (!err)
        err = bf_buf_puts(out, "</td><td class=\"n\">");
    return err;
}

static bf_err count_row(bf_buf *out, bf_lang lang, bf_msg_id label, double v,
                        int prec)
{
    bf_err err = row_start(out, lang, label);

    if (!err)
        err = bf_msg_number(out, lang, v, prec);
    if (!err)
        err = bf_buf_puts(out, "</td></tr>\n");
    return err;
}

static bf_err percent_row(bf_buf *out, bf_lang lang, bf_msg_id label, double v,
                          int prec)
{
    bf_err err = row_start(out, lang, label);

    if (!err)
        err = bf_msg_percent(out, lang, v, prec);
    if (!err)
        err = bf_buf_puts(out, "</td></tr>\n");
    return err;
}

/*
 * bar appends one SVG row: the label on its own line, then the share as a
 * filled bar with its 95% interval as a line with end ticks, on a 0-100%
 * scale 560 units wide, and the percentage to the right.
 */
static bf_err bar(bf_buf *out, bf_lang lang, bf_msg_id label, const bf_share *s,
                  int y)
{
    double w = 560, x = 0;
    bf_err err = bf_buf_appendf(out, "<text x=\"0\" y=\"%d\" font-size=\"12\">",
                                y + 11);

    if (!err)
        err = msg(out, lang, label, NULL, 0);
    if (!err)
        err = bf_buf_appendf(
                out,
                "</text><rect x=\"%.0f\" y=\"%d\" width=\"%.0f\" "
                "height=\"14\" fill=\"#eee\"/>"
                "<rect x=\"%.0f\" y=\"%d\" width=\"%.1f\" height=\"14\" "
                "fill=\"%s\"/>",
                x, y + 15, w, x, y + 15, s->p > 0 ? w * s->p : 0,
                s->lo >= 0.4   ? "#b03a2e"
                : s->lo >= 0.2 ? "#b9770e"
                               : "#1e8449");
    if (!err && s->n > 0)
        err = bf_buf_appendf(out,
                             "<path d=\"M%.1f %dH%.1fM%.1f %dv8M%.1f %dv8\" "
                             "stroke=\"#222\" stroke-width=\"1.5\"/>",
                             x + w * s->lo, y + 22, x + w * s->hi,
                             x + w * s->lo, y + 18, x + w * s->hi, y + 18);
    if (!err)
        err = bf_buf_appendf(out, "<text x=\"%.0f\" y=\"%d\" font-size=\"12\">",
                             x + w + 10, y + 27);
    if (!err)
        err = bf_msg_percent(out, lang, s->p, 1);
    if (!err)
        err = bf_buf_puts(out, "</text>");
    return err;
}

static bf_err audience(bf_buf *out, const bf_report *r, bf_lang lang)
{
    const bf_report_audience *au = &r->audience;
    bf_err err = bf_buf_puts(out, "<h2>");

    if (!err)
        err = msg(out, lang, BF_MSG_SEC_AUDIENCE, NULL, 0);
    if (!err)
        err = bf_buf_puts(out, "</h2>\n<table>\n");
    if (!err)
        err = count_row(out, lang, BF_MSG_LBL_FOLLOWERS_KNOWN,
                        (double)au->known, 0);
    if (!err)
        err = count_row(out, lang, BF_MSG_LBL_SAMPLE, au->sample, 0);
    if (!err)
        err = count_row(out, lang, BF_MSG_LBL_RATIO, r->ratio, 2);
    if (!err)
        err = bf_buf_puts(out, "</table>\n");
    if (!err && au->profiles > 0) {
        err = bf_buf_puts(
                out, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"100%\" "
                     "viewBox=\"0 0 640 102\" role=\"img\">");
        if (!err)
            err = bar(out, lang, BF_MSG_LBL_SHARE_ANY, &au->any, 0);
        if (!err)
            err = bar(out, lang, BF_MSG_LBL_SHARE_WEAK, &au->weak, 34);
        if (!err)
            err = bar(out, lang, BF_MSG_LBL_SHARE_SB, &au->sb, 68);
        if (!err)
            err = bf_buf_puts(out, "</svg>\n<p class=\"meta\">");
        if (!err)
            err = msg(out, lang, BF_MSG_HOW_SHARE, NULL, 0);
        if (!err)
            err = bf_buf_puts(out, "</p>\n");
    }
    return err;
}

static bf_err engagement(bf_buf *out, const bf_report *r, bf_lang lang)
{
    const bf_report_engagement *en = &r->engagement;
    bf_err err = bf_buf_puts(out, "<h2>");

    if (!err)
        err = msg(out, lang, BF_MSG_SEC_ENGAGEMENT, NULL, 0);
    if (!err)
        err = bf_buf_puts(out, "</h2>\n<table>\n");
    if (!err)
        err = count_row(out, lang, BF_MSG_LBL_POSTS_READ, en->posts, 0);
    if (!err)
        err = count_row(out, lang, BF_MSG_LBL_ENG_MEAN, en->mean, 1);
    if (!err)
        err = count_row(out, lang, BF_MSG_LBL_ENG_MEDIAN, en->median, 1);
    if (!err)
        err = percent_row(out, lang, BF_MSG_LBL_ENG_RATE, en->rate, 3);
    if (!err)
        err = bf_buf_puts(out, "</table>\n<p class=\"meta\">");
    if (!err)
        err = msg(out, lang, BF_MSG_HOW_ENG_RATE, NULL, 0);
    if (!err)
        err = bf_buf_puts(out, "</p>\n");
    return err;
}

static bf_err one(bf_buf *out, const bf_report *r, bf_lang lang)
{
    const bf_report_account *a = &r->account;
    unsigned char how_seen[BF_MSG__COUNT];
    char date[21];
    size_t i, j;
    bf_err err = bf_buf_puts(out, "<section class=\"report\">\n<h1>");

    memset(how_seen, 0, sizeof how_seen);
    if (!err)
        err = msg(out, lang, BF_MSG_TITLE, NULL, 0);
    if (!err)
        err = bf_buf_puts(out, lang == BF_LANG_FR ? " : @" : ": @");
    if (!err)
        err = esc(out, a->handle ? a->handle : a->native_id);
    if (!err)
        err = bf_buf_puts(out, "</h1>\n<p class=\"meta\">");
    if (!err && a->name) {
        err = esc(out, a->name);
        if (!err)
            err = bf_buf_puts(out, " &middot; ");
    }
    if (!err)
        err = esc(out, a->platform);
    if (!err)
        err = bf_buf_puts(out, "</p>\n<table>\n");
    if (!err)
        err = count_row(out, lang, BF_MSG_LBL_FOLLOWERS, (double)a->followers,
                        0);
    if (!err)
        err = count_row(out, lang, BF_MSG_LBL_FOLLOWING, (double)a->following,
                        0);
    if (!err)
        err = count_row(out, lang, BF_MSG_LBL_POSTS, (double)a->posts, 0);
    if (!err && a->created_at > 0) {
        bf_time_iso(a->created_at, date);
        date[10] = '\0';
        err = row_start(out, lang, BF_MSG_LBL_CREATED);
        if (!err)
            err = bf_buf_appendf(out, "%s</td></tr>\n", date);
    }
    if (!err)
        err = bf_buf_appendf(out,
                             "</table>\n<div class=\"verdict v-%s\">"
                             "<strong>",
                             bf_verdict_key(r->verdict));
    if (!err)
        err = msg(out, lang, bf_verdict_msg(r->verdict), NULL, 0);
    if (!err)
        err = bf_buf_puts(out, "</strong> &mdash; ");
    if (!err)
        err = msg(out, lang, BF_MSG_LBL_CONFIDENCE, NULL, 0);
    if (!err)
        err = bf_buf_puts(out, lang == BF_LANG_FR ? " : " : ": ");
    if (!err)
        err = bf_msg_percent(out, lang, r->confidence, 0);
    if (!err)
        err = bf_buf_puts(out, "<br>");
    if (!err)
        err = msg(out, lang, r->reason.msg, r->reason.args, r->reason.nargs);
    if (!err)
        err = bf_buf_puts(out, "</div>\n<h2>");
    if (!err)
        err = msg(out, lang, BF_MSG_SEC_EVIDENCE, NULL, 0);
    if (!err)
        err = bf_buf_puts(out, "</h2>\n<ul class=\"ev\">\n");
    for (i = 0; !err && i < r->nevidence; i++) {
        const bf_evidence *e = &r->evidence[i];

        err = bf_buf_appendf(out, "<li class=\"%s\" title=\"",
                             bf_level_key(e->level));
        if (!err)
            err = msg(out, lang,
                      e->level == BF_LEVEL_GOOD  ? BF_MSG_LEVEL_GOOD
                      : e->level == BF_LEVEL_BAD ? BF_MSG_LEVEL_BAD
                                                 : BF_MSG_LEVEL_WATCH,
                      NULL, 0);
        if (!err)
            err = bf_buf_puts(out, "\">");
        if (!err)
            err = msg(out, lang, e->msg, e->args, e->nargs);
        if (!err)
            err = bf_buf_puts(out, "</li>\n");
        for (j = 0; j < e->nfigures; j++)
            how_seen[e->figures[j].how] = 1;
    }
    if (!err)
        err = bf_buf_puts(out, "</ul>\n");
    if (!err)
        err = audience(out, r, lang);
    if (!err)
        err = engagement(out, r, lang);
    if (!err && r->nchanges) {
        err = bf_buf_puts(out, "<h2>");
        if (!err)
            err = msg(out, lang, BF_MSG_SEC_CHANGE, NULL, 0);
        if (!err)
            err = bf_buf_puts(out, "</h2>\n<ul>\n");
        for (i = 0; !err && i < r->nchanges; i++) {
            err = bf_buf_puts(out, "<li>");
            if (!err)
                err = msg(out, lang, r->changes[i].msg, r->changes[i].args,
                          r->changes[i].nargs);
            if (!err)
                err = bf_buf_puts(out, "</li>\n");
        }
        if (!err)
            err = bf_buf_puts(out, "</ul>\n");
    }
    if (!err)
        err = bf_buf_puts(out, "<h2>");
    if (!err)
        err = msg(out, lang, BF_MSG_SEC_METHOD, NULL, 0);
    if (!err)
        err = bf_buf_puts(out, "</h2>\n<ul class=\"meta\">\n");
    for (i = 0; !err && i < BF_MSG__COUNT; i++) {
        if (!how_seen[i])
            continue;
        err = bf_buf_puts(out, "<li>");
        if (!err)
            err = msg(out, lang, (bf_msg_id)i, NULL, 0);
        if (!err)
            err = bf_buf_puts(out, "</li>\n");
    }
    if (!err)
        err = bf_buf_puts(out, "</ul>\n</section>\n");
    return err;
}

bf_err bf_report_html(const bf_report *const *r, size_t n, bf_lang lang,
                      bf_buf *out)
{
    size_t i;
    bf_err err = bf_buf_appendf(
            out,
            "<!DOCTYPE html>\n<html lang=\"%s\">\n<head>\n"
            "<meta charset=\"utf-8\">\n"
            "<meta name=\"viewport\" content=\"width=device-width\">\n"
            "<title>",
            bf_lang_code(lang));

    if (!err)
        err = msg(out, lang, BF_MSG_TITLE, NULL, 0);
    if (!err && n == 1) {
        err = bf_buf_puts(out, " @");
        if (!err)
            err = esc(out, r[0]->account.handle ? r[0]->account.handle
                                                : r[0]->account.native_id);
    }
    if (!err)
        err = bf_buf_appendf(out,
                             "</title>\n<style>%s</style>\n</head>\n"
                             "<body>\n",
                             css);
    for (i = 0; !err && i < n; i++)
        err = one(out, r[i], lang);
    if (!err)
        err = bf_buf_puts(out, "</body>\n</html>\n");
    return err;
}
