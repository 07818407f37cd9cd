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

#include <stdlib.h>
#include <string.h>

#include "base/time.h"
#include "report/alternatives.h"
#include "report/countries.h"

static const char css[] =
        "*{box-sizing:border-box}"
        "body{font-family:system-ui,-apple-system,'Segoe UI',Roboto,"
        "sans-serif;max-width:50em;margin:1.5em auto;padding:0 1em;"
        "color:#222;line-height:1.45;font-size:16px}"
        "h1,.rt{font-size:1.5em;margin-bottom:.2em;overflow-wrap:anywhere}"
        ".sec>h2,.sec>h3{font-size:1.15em;margin:0 0 .3em}"
        ".report>h2:not(.rt),.report>h3{font-size:1.05em;"
        "margin:1.4em 0 .4em}"
        ".verdict{padding:.8em 1em;border-radius:6px;margin:1em 0;"
        "border-left:6px solid}"
        ".v-genuine{background:#e9f7ef;border-color:#1e8449}"
        ".v-questionable{background:#fef5e7;border-color:#b9770e}"
        ".v-inflated,.v-automated{background:#fdedec;border-color:#b03a2e}"
        ".v-not_enough_evidence{background:#f2f3f4;border-color:#707b7c}"
        ".verdict strong{font-size:1.3em}"
        ".verdict ul{margin:.4em 0 0;padding-left:1.2em}"
        "section.sec{border:1px solid #ddd;border-left:6px solid;"
        "border-radius:6px;padding:.7em 1em;margin:1em 0;"
        "break-inside:avoid;page-break-inside:avoid}"
        "section.good{border-left-color:#1e8449}"
        "section.watch{border-left-color:#b9770e}"
        "section.bad{border-left-color:#b03a2e}"
        "section.none{border-left-color:#aab7b8}"
        ".badge{display:inline-block;font-size:.75em;font-weight:600;"
        "padding:.1em .5em;border-radius:1em;margin-right:.5em;"
        "vertical-align:middle;color:#fff}"
        ".b-good{background:#1e8449}.b-watch{background:#9a6400}"
        ".b-bad{background:#b03a2e}.b-none{background:#707b7c}"
        "p.sv{font-size:1.05em;margin:.2em 0 .6em}"
        "ul.ev{list-style:none;padding:0}"
        "ul.ev li{margin:.4em 0;padding-left:1.6em;position:relative}"
        "ul.ev li::before{position:absolute;left:0;font-weight:bold}"
        "li.good::before{content:'+';color:#1e8449}"
        "li.watch::before{content:'?';color:#b9770e}"
        "li.bad::before{content:'!';color:#b03a2e}"
        "li.none::before{content:'\\2013';color:#707b7c}"
        "ul.ev ul{list-style:disc;margin:.2em 0;padding-left:1.2em}"
        "ul.ev ul li{padding-left:0;margin:.1em 0}"
        "ol.q li{margin:.6em 0}ol.q .ga{color:#444;font-size:.95em}"
        "ol.alts li{margin:.6em 0;overflow-wrap:anywhere}"
        "ol.alts .ga{color:#444;font-size:.95em}"
        "table{border-collapse:collapse;max-width:100%}"
        "td,th{padding:.15em .8em .15em 0;vertical-align:top;text-align:left}"
        "td.n{text-align:right;font-variant-numeric:tabular-nums;"
        "white-space:nowrap}"
        ".scroll{overflow-x:auto;max-width:100%}"
        "table.cmp{width:100%;margin:1em 0}"
        "table.cmp th,table.cmp td{border-bottom:1px solid #ddd;"
        "padding:.3em .5em}"
        "svg{width:100%;height:auto;display:block;margin:.4em 0;"
        "overflow:visible}"
        "a{color:#0645ad}"
        ":focus-visible{outline:3px solid #1a4fa0;outline-offset:2px}"
        "ul.legend{list-style:none;padding:0;margin:.2em 0 .6em;"
        "display:flex;flex-wrap:wrap;gap:.1em 1.4em}"
        ".sw{display:inline-block;width:.9em;height:.9em;margin-right:.4em;"
        "vertical-align:-.1em}"
        ".t0{background:#1e8449}.t1{background:#7d3c98}"
        ".t2{background:#909497}.t3{background:#b03a2e}"
        ".meta{color:#555}.small{font-size:.85em}"
        "section.report{page-break-after:always}"
        "section.report:last-child{page-break-after:auto}"
        "@page{size:A4;margin:15mm}"
        "@media print{body{margin:0;max-width:none;font-size:11pt}"
        "section.sec{border-width:1px 1px 1px 4px}"
        "nav,form,.bf-noprint{display:none!important}"
        "svg,table,ul.legend,ol.q li,ul.ev li{break-inside:avoid;"
        "page-break-inside:avoid}"
        "h1,h2,h3{break-after:avoid;page-break-after:avoid}"
        "a{color:inherit;text-decoration:none}"
        ".sw,.badge,.verdict,svg{-webkit-print-color-adjust:exact;"
        "print-color-adjust:exact}}"
        /* A chart is drawn 640 units wide and scaled to the screen; on a
         * narrow one its text is set larger so that, scaled down, it
         * stays at least 12 px, and the counts above single bars, which
         * would then overlap, give way (the chart's description lists
         * them).  Screens only: a printed A4 page is as narrow. */
        "@media screen and (max-width:700px){svg text{font-size:20px}"
        "svg text.bc{display:none}}"
        "@media screen and (max-width:480px){body{font-size:15px;"
        "padding:0 .6em}td,th{padding-right:.4em}svg text{font-size:26px}}";

/* esc appends text escaped. */
static bf_err esc(bf_buf *out, const char *s)
{
    return bf_buf_html(out, s ? s : "");
}

/*
 * msg appends a catalog message, formatted, with French typography's
 * no-break spaces (bf_msg_typo), then escaped.
 */
static bf_err msg(bf_buf *out, bf_lang lang, bf_msg_id id, const double *args,
                  size_t nargs)
{
    bf_buf tmp, fixed;
    bf_err err;

    bf_buf_init(&tmp, 1 << 16);
    bf_buf_init(&fixed, 1 << 17);
    err = bf_msg_format(&tmp, lang, id, args, nargs);
    if (!err)
        err = bf_msg_typo(&fixed, lang, tmp.data ? tmp.data : "", tmp.len);
    if (!err)
        err = esc(out, fixed.data ? fixed.data : "");
    bf_buf_release(&fixed);
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

/*
 * counter_row is a declared counter's row, or, when the profile does not
 * declare it, a row saying so beside what the report counts of it (seen,
 * by sentence msg: the followers the store lists, the posts examined).
 * Declared, but fewer than seen, both are given by sentence fewer
 * (BF_MSG__COUNT: the counter is never shown so).
 */
static bf_err counter_row(bf_buf *out, bf_lang lang, bf_msg_id label,
                          int64_t declared, uint64_t seen, bf_msg_id msg_id,
                          bf_msg_id fewer)
{
    double v[2] = { (double)seen, 0 };
    bf_err err;

    if (seen == 0)
        return count_row(out, lang, label, (double)declared, 0);
    err = row_start(out, lang, label);
    /* Fewer declared than listed: both, so neither reads as the other. */
    if (declared >= 0 && fewer != BF_MSG__COUNT) {
        v[0] = (double)declared;
        v[1] = (double)seen;
        msg_id = fewer;
    }
    if (!err)
        err = msg(out, lang, msg_id, v, msg_id == fewer ? 2 : 1);
    if (!err)
        err = bf_buf_puts(out, "</td></tr>\n");
    return err;
}

/*
 * chart_open starts a chart: an SVG of role img, named for screen
 * readers by its title and described by desc (the figures it draws).
 */
static bf_err chart_open(bf_buf *out, bf_lang lang, int height, bf_msg_id title,
                         const bf_buf *desc)
{
    bf_err err = bf_buf_appendf(out,
                                "<svg xmlns=\"http://www.w3.org/2000/svg\" "
                                "viewBox=\"0 0 640 %d\" role=\"img\"><title>",
                                height);

    if (!err)
        err = msg(out, lang, title, NULL, 0);
    if (!err)
        err = bf_buf_puts(out, "</title><desc>");
    if (!err)
        err = esc(out, desc->data ? desc->data : "");
    if (!err)
        err = bf_buf_puts(out, "</desc>");
    return err;
}

/* desc_bin appends "label: n" to a chart's description. */
static bf_err desc_bin(bf_buf *d, bf_lang lang, const char *label, double n)
{
    bf_err err = bf_buf_appendf(d, "%s%s%s", d->len ? "; " : "", label,
                                lang == BF_LANG_FR ? "\xc2\xa0: " : ": ");

    if (!err)
        err = bf_msg_number(d, lang, n, 0);
    return err;
}

/* The colours of the four audience types, in the order shown. */
static const char *const type_colors[4] = { "#1e8449", "#7d3c98", "#909497",
                                            "#b03a2e" };

/*
 * audience_chart draws the four audience types as one stacked bar; its
 * legend is an HTML list under it, which wraps on a narrow screen where
 * text inside the drawing would shrink with it.
 */
static bf_err audience_chart(bf_buf *out, const bf_report *r, bf_lang lang)
{
    const bf_report_audience *au = &r->audience;
    const bf_share *types[4] = { &au->real, &au->mass, &au->inactive,
                                 &au->suspect };
    static const bf_msg_id labels[4] = { BF_MSG_LBL_AUD_REAL,
                                         BF_MSG_LBL_AUD_MASS,
                                         BF_MSG_LBL_AUD_INACTIVE,
                                         BF_MSG_LBL_AUD_SUSPECT };
    double x = 0;
    bf_buf desc;
    int i;
    bf_err err = BF_OK;

    bf_buf_init(&desc, 1 << 14);
    for (i = 0; !err && i < 4; i++) {
        if (i)
            err = bf_buf_puts(&desc, "; ");
        if (!err)
            err = bf_msg_format(&desc, lang, labels[i], NULL, 0);
        if (!err)
            err = bf_buf_puts(&desc, " ");
        if (!err)
            err = bf_msg_percent(&desc, lang, types[i]->p, 0);
    }
    if (!err)
        err = chart_open(out, lang, 36, BF_MSG_SEC_AUDIENCE, &desc);
    bf_buf_release(&desc);
    for (i = 0; !err && i < 4; i++) {
        double w = types[i]->p > 0 ? 640 * types[i]->p : 0;

        err = bf_buf_appendf(out,
                             "<rect x=\"%.1f\" y=\"0\" width=\"%.1f\" "
                             "height=\"36\" fill=\"%s\"/>",
                             x, w, type_colors[i]);
        x += w;
    }
    /* The legend repeats the description: screen readers hear it once. */
    if (!err)
        err = bf_buf_puts(out, "</svg>\n<ul class=\"legend\" "
                               "aria-hidden=\"true\">");
    for (i = 0; !err && i < 4; i++) {
        err = bf_buf_appendf(out, "<li><span class=\"sw t%d\"></span>", i);
        if (!err)
            err = msg(out, lang, labels[i], NULL, 0);
        if (!err)
            err = bf_buf_puts(out, "\xc2\xa0");
        if (!err)
            err = bf_msg_percent(out, lang, types[i]->p, 0);
        if (!err)
            err = bf_buf_puts(out, "</li>");
    }
    if (!err)
        err = bf_buf_puts(out, "</ul>\n<p class=\"meta small\">");
    if (!err)
        err = msg(out, lang, BF_MSG_LBL_AUD_SUSPECT, NULL, 0);
    if (!err)
        err = bf_buf_puts(out, ", ");
    if (!err)
        err = msg(out, lang, BF_MSG_LBL_INTERVAL, NULL, 0);
    if (!err)
        err = bf_buf_puts(out, lang == BF_LANG_FR ? " : " : ": ");
    if (!err)
        err = bf_msg_percent(out, lang, au->suspect.lo, 1);
    if (!err)
        err = bf_buf_puts(out, " &ndash; ");
    if (!err)
        err = bf_msg_percent(out, lang, au->suspect.hi, 1);
    if (!err)
        err = bf_buf_puts(out, " (n = ");
    if (!err)
        err = bf_msg_number(out, lang, au->suspect.n, 0);
    if (!err)
        err = bf_buf_puts(out, ")</p>\n");
    return err;
}

/*
 * hist_chart draws the reactions per original post as vertical bars, the
 * posts nobody answered in red only when the engagement section is a
 * sign to watch or a warning: a person's posts often go unanswered one
 * by one, and a red bar under "good sign" would say otherwise.
 */
static bf_err hist_chart(bf_buf *out, const bf_report *r, bf_lang lang)
{
    static const char *const bins[BF_ENG_BINS] = { "0",   "1",     "2-4",
                                                   "5-9", "10-24", "25-99",
                                                   "100+" };
    const bf_report_engagement *en = &r->engagement;
    bf_level l = r->sections[BF_SEC_ENGAGEMENT].level;
    const char *zero =
            l == BF_LEVEL_WATCH || l == BF_LEVEL_BAD ? "#b03a2e" : "#85929e";
    uint32_t max = 1;
    bf_buf desc;
    int i;
    bf_err err = bf_buf_puts(out, "<p class=\"meta small\">");

    bf_buf_init(&desc, 1 << 14);
    for (i = 0; !err && i < BF_ENG_BINS; i++)
        err = desc_bin(&desc, lang, bins[i], en->hist[i]);
    if (!err)
        err = msg(out, lang, BF_MSG_LBL_HIST, NULL, 0);
    if (!err)
        err = bf_buf_puts(out, "</p>");
    if (!err)
        err = chart_open(out, lang, 150, BF_MSG_LBL_HIST, &desc);
    bf_buf_release(&desc);
    for (i = 0; i < BF_ENG_BINS; i++)
        max = en->hist[i] > max ? en->hist[i] : max;
    for (i = 0; !err && i < BF_ENG_BINS; i++) {
        double h = 100.0 * en->hist[i] / max;
        int x = 10 + i * 90;

        err = bf_buf_appendf(out,
                             "<rect x=\"%d\" y=\"%.1f\" width=\"70\" "
                             "height=\"%.1f\" fill=\"%s\"/>"
                             "<text x=\"%d\" y=\"%.1f\" font-size=\"14\" "
                             "text-anchor=\"middle\">%u</text>"
                             "<text x=\"%d\" y=\"144\" font-size=\"14\" "
                             "text-anchor=\"middle\">%s</text>",
                             x, 120 - h, h, i == 0 ? zero : "#2e86c1", x + 35,
                             116 - h, (unsigned)en->hist[i], x + 35, bins[i]);
    }
    if (!err)
        err = bf_buf_puts(out, "<line x1=\"0\" y1=\"120.5\" x2=\"640\" "
                               "y2=\"120.5\" stroke=\"#555\"/></svg>\n");
    return err;
}

/* growth_chart draws followers by month of account creation. */
static bf_err growth_chart(bf_buf *out, const bf_report *r, bf_lang lang)
{
    const bf_report_growth *g = &r->growth;
    uint32_t max = 1;
    char label[16];
    bf_buf desc;
    int i, m0;
    bf_err err = bf_buf_puts(out, "<p class=\"meta small\">");

    m0 = bf_time_month(g->month0);
    /* The description names every month that has followers. */
    bf_buf_init(&desc, 1 << 16);
    for (i = 0; !err && i < BF_GROWTH_MONTHS; i++) {
        if (!g->months[i])
            continue;
        snprintf(label, sizeof label, "%d-%02d", (m0 + i) / 12,
                 (m0 + i) % 12 + 1);
        err = desc_bin(&desc, lang, label, g->months[i]);
    }
    if (!err)
        err = msg(out, lang, BF_MSG_LBL_CHART_GROWTH, NULL, 0);
    if (!err)
        err = bf_buf_puts(out, "</p>");
    if (!err)
        err = chart_open(out, lang, 150, BF_MSG_LBL_CHART_GROWTH, &desc);
    bf_buf_release(&desc);
    for (i = 0; i < BF_GROWTH_MONTHS; i++)
        max = g->months[i] > max ? g->months[i] : max;
    for (i = 0; !err && i < BF_GROWTH_MONTHS; i++) {
        double h = 100.0 * g->months[i] / max, x = 10 + i * 10.4;

        err = bf_buf_appendf(out,
                             "<rect x=\"%.1f\" y=\"%.1f\" width=\"8.4\" "
                             "height=\"%.1f\" fill=\"%s\"/>",
                             x, 120 - h, h,
                             g->batch[i] ? "#b03a2e" : "#85929e");
        if (!err && g->batch[i])
            err = bf_buf_appendf(out,
                                 "<text class=\"bc\" x=\"%.1f\" y=\"%.1f\" "
                                 "font-size=\"11\" text-anchor=\"middle\">"
                                 "%u</text>",
                                 x + 4.2, 116 - h, (unsigned)g->months[i]);
        /* A tick and the year under every January. */
        if (!err && (m0 + i) % 12 == 0 && x < 600)
            err = bf_buf_appendf(out,
                                 "<line x1=\"%.1f\" y1=\"120\" x2=\"%.1f\" "
                                 "y2=\"126\" stroke=\"#555\"/>"
                                 "<text x=\"%.1f\" y=\"142\" "
                                 "font-size=\"13\">%d</text>",
                                 x - 1, x - 1, x - 1, (m0 + i) / 12);
    }
    if (!err)
        err = bf_buf_puts(out, "<line x1=\"0\" y1=\"120.5\" x2=\"640\" "
                               "y2=\"120.5\" stroke=\"#555\"/></svg>\n");
    return err;
}

/*
 * arrival_chart draws followers by estimated week (or month) of arrival,
 * bursts in red with their count above; ticks mark each quarter (weeks)
 * or year (months).
 */
static bf_err arrival_chart(bf_buf *out, const bf_report *r, bf_lang lang)
{
    const bf_report_growth *g = &r->growth;
    int w = g->arrival_days == 7;
    uint32_t max = 1;
    char iso[21];
    bf_buf desc;
    double step;
    int i, m0 = 0, last = -1;
    bf_err err = bf_buf_puts(out, "<p class=\"meta small\">");

    bf_msg_id label =
            g->real ? (w ? BF_MSG_LBL_CHART_REAL_W : BF_MSG_LBL_CHART_REAL_M)
            : w     ? BF_MSG_LBL_CHART_ARRIVAL_W
                    : BF_MSG_LBL_CHART_ARRIVAL_M;

    /* The description names every period with arrivals: a week by its
     * first day, a month as year-month. */
    m0 = bf_time_month(g->arrival0);
    bf_buf_init(&desc, 1 << 16);
    for (i = 0; !err && i < g->arrival_bins; i++) {
        if (!g->arrivals[i])
            continue;
        if (w) {
            bf_time_iso(g->arrival0 + (int64_t)i * 7 * 86400, iso);
            iso[10] = '\0';
        } else {
            snprintf(iso, sizeof iso, "%d-%02d", (m0 + i) / 12,
                     (m0 + i) % 12 + 1);
        }
        err = desc_bin(&desc, lang, iso, g->arrivals[i]);
    }
    if (!err)
        err = msg(out, lang, label, NULL, 0);
    /* Bars of a sample say so, and of how many followers. */
    if (!err && g->arrival_sample) {
        double n[2] = { (double)g->arrival_sample, (double)g->arrival_of };

        err = bf_buf_puts(out, "<br>");
        if (!err)
            err = msg(out, lang, BF_MSG_CHART_SAMPLE, n, 2);
    }
    if (!err)
        err = bf_buf_puts(out, "</p>");
    if (!err)
        err = chart_open(out, lang, 150, label, &desc);
    bf_buf_release(&desc);
    m0 = bf_time_month(g->arrival0);
    for (i = 0; i < g->arrival_bins; i++)
        max = g->arrivals[i] > max ? g->arrivals[i] : max;
    /* Sixty bins fill the 624 units; fewer (an export's short history)
     * get wider bars, up to three times. */
    step = 624.0 / (g->arrival_bins > 20 ? g->arrival_bins : 20);
    for (i = 0; !err && i < g->arrival_bins; i++) {
        double h = 100.0 * g->arrivals[i] / max, x = 10 + i * step;
        int m;

        err = bf_buf_appendf(out,
                             "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" "
                             "height=\"%.1f\" fill=\"%s\"/>",
                             x, 120 - h, step - 2, h,
                             g->burst[i] ? "#b03a2e" : "#85929e");
        if (!err && g->burst[i])
            err = bf_buf_appendf(out,
                                 "<text class=\"bc\" x=\"%.1f\" y=\"%.1f\" "
                                 "font-size=\"11\" text-anchor=\"middle\">"
                                 "%u</text>",
                                 x + (step - 2) / 2, 116 - h,
                                 (unsigned)g->arrivals[i]);
        /* The month this bin starts in. */
        if (w) {
            m = bf_time_month(g->arrival0 + (int64_t)i * 7 * 86400);
        } else {
            m = m0 + i;
        }
        /* Weeks: a tick at each new quarter; months: at each January.
         * Not in the last 100 units, where the label, set larger on a
         * phone, would run past the chart's right edge. */
        if (!err && m % (w ? 3 : 12) == 0 && m != last && x < 540)
            err = bf_buf_appendf(out,
                                 "<line x1=\"%.1f\" y1=\"120\" x2=\"%.1f\" "
                                 "y2=\"126\" stroke=\"#555\"/>"
                                 "<text x=\"%.1f\" y=\"142\" "
                                 "font-size=\"11\">%d-%02d</text>",
                                 x - 1, x - 1, x - 1, m / 12, m % 12 + 1);
        if (m % 3 == 0)
            last = m;
    }
    /* The axis ends with the last bin: no empty months after it. */
    if (!err)
        err = bf_buf_appendf(out,
                             "<line x1=\"0\" y1=\"120.5\" x2=\"%g\" "
                             "y2=\"120.5\" stroke=\"#555\"/></svg>\n",
                             g->arrival_bins == BF_ARRIVAL_BINS
                                     ? 640.0
                                     : 10 + g->arrival_bins * step + 8);
    return err;
}

static bf_msg_id level_msg(bf_level l)
{
    return l == BF_LEVEL_GOOD   ? BF_MSG_LEVEL_GOOD
           : l == BF_LEVEL_BAD  ? BF_MSG_LEVEL_BAD
           : l == BF_LEVEL_NONE ? BF_MSG_LEVEL_NONE
                                : BF_MSG_LEVEL_WATCH;
}

/* section appends one section box: badge, title, verdict, chart, figures. */
/* geo_row appends one table row: the label, then "key share" items. */
static bf_err geo_row(bf_buf *out, bf_lang lang, bf_msg_id label,
                      const bf_geo_share *list, size_t n)
{
    size_t i;
    bf_err err;

    if (!n)
        return BF_OK;
    err = bf_buf_puts(out, "<tr><td>");
    if (!err)
        err = msg(out, lang, label, NULL, 0);
    if (!err)
        err = bf_buf_puts(out, "</td><td>");
    for (i = 0; !err && i < n; i++) {
        if (i)
            err = bf_buf_puts(out, ", ");
        /* Countries in the report's language ("États-Unis" for "US"). */
        if (!err)
            err = esc(out, label == BF_MSG_LBL_COUNTRIES
                                   ? bf_country_name(list[i].key, lang)
                                   : list[i].key);
        if (!err)
            err = bf_buf_putc(out, ' ');
        if (!err)
            err = bf_msg_percent(out, lang, list[i].share, 1);
    }
    if (!err)
        err = bf_buf_puts(out, "</td></tr>");
    return err;
}

/*
 * geo_table shows the platform's audience insights under the question a
 * local business asks; the labels are the platform's, escaped.
 */
static bf_err geo_table(bf_buf *out, const bf_report_geo *geo, bf_lang lang)
{
    bf_geo_share gender[2];
    size_t ng = 0;
    bf_err err = bf_buf_puts(out, "<p><strong>");

    memset(gender, 0, sizeof gender);

    if (!err)
        err = msg(out, lang, BF_MSG_LBL_GEO_Q, NULL, 0);
    if (!err)
        err = bf_buf_puts(out, "</strong></p><table class=\"geo\">");
    if (!err)
        err = geo_row(out, lang, BF_MSG_LBL_COUNTRIES, geo->countries,
                      geo->ncountries);
    if (!err)
        err = geo_row(out, lang, BF_MSG_LBL_CITIES, geo->cities, geo->ncities);
    if (!err)
        err = geo_row(out, lang, BF_MSG_LBL_AGES, geo->ages, geo->nages);
    if (geo->men >= 0) {
        snprintf(gender[ng].key, sizeof gender[ng].key, "%s",
                 bf_msg(lang, BF_MSG_LBL_MEN));
        gender[ng++].share = geo->men;
    }
    if (geo->women >= 0) {
        snprintf(gender[ng].key, sizeof gender[ng].key, "%s",
                 bf_msg(lang, BF_MSG_LBL_WOMEN));
        gender[ng++].share = geo->women;
    }
    if (!err)
        err = geo_row(out, lang, BF_MSG_LBL_GENDER, gender, ng);
    if (!err)
        err = bf_buf_puts(out, "</table><p class=\"meta small\">");
    if (!err)
        err = msg(out, lang, BF_MSG_HOW_GEO, NULL, 0);
    if (!err)
        err = bf_buf_puts(out, "</p>\n");
    return err;
}

static bf_err section(bf_buf *out, const bf_report *r, bf_section_id id,
                      bf_lang lang, int lv, unsigned char *how_seen)
{
    const bf_section *s = &r->sections[id];
    size_t i;
    bf_err err;

    if (!s->shown)
        return BF_OK;
    err = bf_buf_appendf(out,
                         "<section class=\"sec %s\" id=\"%s\">"
                         "<h%d><span class=\"badge b-%s\">",
                         bf_level_key(s->level), bf_section_key(id), lv,
                         bf_level_key(s->level));
    if (!err)
        err = msg(out, lang, level_msg(s->level), NULL, 0);
    if (!err)
        err = bf_buf_puts(out, "</span>");
    if (!err)
        err = msg(out, lang, bf_section_msg(id), NULL, 0);
    if (!err)
        err = bf_buf_appendf(out, "</h%d>\n<p class=\"sv\">", lv);
    if (!err)
        err = msg(out, lang, s->verdict.msg, s->verdict.args, s->verdict.nargs);
    if (!err)
        err = bf_buf_puts(out, "</p>\n");
    if (!err && id == BF_SEC_AUDIENCE && r->geo.has_data)
        err = geo_table(out, &r->geo, lang);
    if (!err && id == BF_SEC_AUDIENCE && r->audience.profiles > 0)
        err = audience_chart(out, r, lang);
    if (!err && id == BF_SEC_ENGAGEMENT && r->engagement.hist_n > 0)
        err = hist_chart(out, r, lang);
    if (!err && id == BF_SEC_GROWTH && r->growth.arrived > 0)
        err = arrival_chart(out, r, lang);
    if (!err && id == BF_SEC_GROWTH && r->growth.dated > 0)
        err = growth_chart(out, r, lang);
    if (!err && s->nstats)
        err = bf_buf_puts(out, "<table>\n");
    for (i = 0; !err && i < s->nstats; i++) {
        err = row_start(out, lang, s->stats[i].label);
        if (!err)
            err = bf__report_stat_value(out, lang, &s->stats[i]);
        if (!err)
            err = bf_buf_puts(out, "</td></tr>\n");
        how_seen[s->stats[i].how] = 1;
    }
    if (!err && s->nstats)
        err = bf_buf_puts(out, "</table>\n");
    if (!err && id == BF_SEC_ENGAGEMENT) {
        err = bf_buf_puts(out, "<p class=\"meta small\">");
        if (!err)
            err = msg(out, lang, BF_MSG_SRC_PUBLISHED, NULL, 0);
        if (!err)
            err = bf_buf_puts(out, "</p>\n");
        how_seen[BF_MSG_SRC_PUBLISHED] = 0;
    }
    if (!err)
        err = bf_buf_puts(out, "</section>\n");
    return err;
}

/*
 * model_line appends the model's call on the profile and its probability
 * under the verdict's reason, or why it made none (nothing when no model
 * was available).
 */
static bf_err model_line(bf_buf *out, const bf_report *r, bf_lang lang)
{
    const bf_section *v = &r->sections[BF_SEC_VERDICT];
    const char *colon = lang == BF_LANG_FR ? " : " : ": ";
    size_t i;
    bf_err err = BF_OK;

    if (r->model.not_applied) {
        err = bf_buf_puts(out, "<br><span class=\"small\">");
        if (!err)
            err = msg(out, lang, BF_MSG_LBL_MODEL_CALL, NULL, 0);
        if (!err)
            err = bf_buf_puts(out, colon);
        if (!err)
            err = msg(out, lang, bf_report_no_call(&r->model), NULL, 0);
        if (!err)
            err = bf_buf_puts(out, "</span>");
    }

    for (i = 0; !err && r->model.available && i < v->nstats; i++) {
        if (v->stats[i].label != BF_MSG_LBL_MODEL_PROB)
            continue;
        err = bf_buf_puts(out, "<br><span class=\"small\">");
        if (!err)
            err = msg(out, lang, BF_MSG_LBL_MODEL_CALL, NULL, 0);
        if (!err)
            err = bf_buf_puts(out, colon);
        if (!err)
            err = esc(out, bf_class_name(r->model.cls, lang));
        if (!err)
            err = bf_buf_puts(out, " (");
        if (!err)
            err = msg(out, lang, BF_MSG_MODEL_PROB_SHORT, NULL, 0);
        if (!err)
            err = bf_buf_puts(out, colon);
        if (!err)
            err = bf__report_stat_value(out, lang, &v->stats[i]);
        if (!err)
            err = bf_buf_puts(out, ")</span>");
    }
    return err;
}

/* model_reasons appends the model's reasons as a nested list. */
static bf_err model_reasons(bf_buf *out, const bf_report *r, bf_lang lang)
{
    bf_buf tmp;
    size_t i;
    bf_err err;

    if (!r->model.nreasons)
        return BF_OK;
    err = bf_buf_puts(out, "<div class=\"small\">");
    if (!err)
        err = msg(out, lang, BF_MSG_LBL_MODEL_REASONS, NULL, 0);
    if (!err)
        err = bf_buf_puts(out,
                          lang == BF_LANG_FR ? " :</div><ul>" : ":</div><ul>");
    bf_buf_init(&tmp, 1 << 12);
    for (i = 0; !err && i < r->model.nreasons; i++) {
        bf_buf_reset(&tmp);
        err = bf_reason_format(&r->model.reasons[i], lang, &tmp);
        if (!err)
            err = bf_buf_puts(out, "<li class=\"small\">");
        if (!err)
            err = esc(out, tmp.data ? tmp.data : "");
        if (!err)
            err = bf_buf_puts(out, "</li>");
    }
    bf_buf_release(&tmp);
    if (!err)
        err = bf_buf_puts(out, "</ul>");
    return err;
}

/* heading appends a title of level lv from the catalog. */
static bf_err heading(bf_buf *out, bf_lang lang, bf_msg_id id, int lv)
{
    bf_err err = bf_buf_appendf(out, "<h%d>", lv);

    if (!err)
        err = msg(out, lang, id, NULL, 0);
    if (!err)
        err = bf_buf_appendf(out, "</h%d>\n", lv);
    return err;
}

/* alt_plain appends tmp with French typography's spaces, escaped. */
static bf_err alt_plain(bf_buf *out, bf_lang lang, const bf_buf *tmp)
{
    bf_buf fixed;
    bf_err err;

    bf_buf_init(&fixed, 1 << 17);
    err = bf_msg_typo(&fixed, lang, tmp->data ? tmp->data : "", tmp->len);
    if (!err)
        err = esc(out, fixed.data ? fixed.data : "");
    bf_buf_release(&fixed);
    return err;
}

/* url_part appends s percent-encoded but for RFC 3986's unreserved bytes. */
static bf_err url_part(bf_buf *out, const char *s)
{
    bf_err err = BF_OK;

    for (; !err && *s; s++) {
        unsigned char c = (unsigned char)*s;

        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
            (c >= '0' && c <= '9') || strchr("-._~", c))
            err = bf_buf_putc(out, (char)c);
        else
            err = bf_buf_appendf(out, "%%%02X", c);
    }
    return err;
}

/*
 * alternatives appends who else to consider (report/alternatives.h):
 * each account linked to its own audit page when the report is served,
 * with its verdict, why it is of the niche and what makes it stronger;
 * or why there is none.
 */
static bf_err alternatives(bf_buf *out, const bf_report *r, bf_lang lang,
                           int lv)
{
    const bf_report_alts *al = &r->alts;
    bf_buf tmp;
    size_t i;
    bf_err err;

    if (al->status == BF_ALT_NOT_RUN)
        return BF_OK;
    bf_buf_init(&tmp, 1 << 16);
    err = bf_buf_puts(out, "<div class=\"alternatives\">\n");
    if (!err)
        err = heading(out, lang, BF_MSG_SEC_ALTERNATIVES, lv);
    if (!err)
        err = bf_buf_puts(out, al->n ? "<p>" : "<p class=\"alt-none\">");
    if (!err)
        err = al->n ? bf_msg_format(&tmp, lang, BF_MSG_ALT_INTRO, NULL, 0)
                    : bf__alt_none(&tmp, lang, al);
    if (!err)
        err = alt_plain(out, lang, &tmp);
    if (!err)
        err = bf_buf_puts(out,
                          al->n ? "</p>\n<ol class=\"alts\">\n" : "</p>\n");
    for (i = 0; !err && i < al->n; i++) {
        const bf_alternative *a = &al->alt[i];

        err = bf_buf_puts(out, "<li class=\"alt\">");
        if (!err && al->links) {
            err = bf_buf_puts(out, "<a class=\"alt-link\" href=\"/audit?a=");
            if (!err)
                err = url_part(out, a->platform);
            if (!err)
                err = bf_buf_puts(out, "%3A");
            if (!err)
                err = url_part(out, a->handle);
            if (!err)
                err = bf_buf_appendf(out, "&amp;lang=%s\">",
                                     bf_lang_code(lang));
        } else if (!err) {
            err = bf_buf_puts(out, "<strong>");
        }
        if (!err)
            err = bf_buf_putc(out, '@');
        if (!err)
            err = esc(out, a->handle);
        if (!err)
            err = bf_buf_puts(out, al->links ? "</a>" : "</strong>");
        if (!err && a->name[0]) {
            err = bf_buf_puts(out, " (");
            if (!err)
                err = esc(out, a->name);
            if (!err)
                err = bf_buf_putc(out, ')');
        }
        if (!err)
            err = bf_buf_puts(out, " &middot; ");
        if (!err)
            err = esc(out, a->platform);
        if (!err)
            err = bf_buf_appendf(out, " <span class=\"badge b-%s\">",
                                 a->verdict == BF_VERDICT_GENUINE ? "good"
                                                                  : "watch");
        if (!err)
            err = msg(out, lang, bf_verdict_msg(a->verdict), NULL, 0);
        if (!err)
            err = bf_buf_puts(out, "</span><br><span class=\"ga\">");
        if (!err)
            err = msg(out, lang, BF_MSG_ALT_WHY, NULL, 0);
        if (!err)
            err = bf_buf_puts(out, lang == BF_LANG_FR ? " : " : ": ");
        bf_buf_reset(&tmp);
        if (!err)
            err = bf__alt_why(&tmp, lang, a);
        if (!err)
            err = alt_plain(out, lang, &tmp);
        if (!err)
            err = bf_buf_puts(out, "</span><br><span class=\"ga\">");
        if (!err)
            err = msg(out, lang, BF_MSG_ALT_BETTER, NULL, 0);
        if (!err)
            err = bf_buf_puts(out, lang == BF_LANG_FR ? " : " : ": ");
        bf_buf_reset(&tmp);
        if (!err)
            err = bf__alt_better(&tmp, lang, al, a);
        if (!err)
            err = alt_plain(out, lang, &tmp);
        if (!err)
            err = bf_buf_puts(out, "</span></li>\n");
    }
    if (!err && al->n)
        err = bf_buf_puts(out, "</ol>\n");
    if (!err)
        err = bf_buf_puts(out, "<p class=\"meta small\">");
    bf_buf_reset(&tmp);
    if (!err)
        err = bf__alt_signals(&tmp, lang, al);
    if (!err)
        err = alt_plain(out, lang, &tmp);
    if (!err)
        err = bf_buf_puts(out, ".</p>\n</div>\n");
    bf_buf_release(&tmp);
    return err;
}

/*
 * one appends one report whose title is a heading of level lv: 1 alone,
 * 2 under a comparison's title, so the outline never skips a level.
 */
static bf_err one(bf_buf *out, const bf_report *r, bf_lang lang, int lv)
{
    const bf_report_account *a = &r->account;
    int at;
    const char *shown = bf_report_shown(a, &at);
    unsigned char how_seen[BF_MSG__COUNT];
    size_t i, j;
    int sec;
    bf_err err = bf_buf_appendf(
            out, "<section class=\"report\">\n<h%d class=\"rt\">", lv);

    memset(how_seen, 0, sizeof how_seen);
    if (!err)
        err = msg(out, lang, BF_MSG_TITLE, NULL, 0);
    if (!err)
        err = bf_buf_puts(out, lang == BF_LANG_FR ? " : " : ": ");
    if (!err && at)
        err = bf_buf_putc(out, '@');
    if (!err)
        err = esc(out, shown);
    if (!err)
        err = bf_buf_appendf(out, "</h%d>\n<p class=\"meta\">", lv);
    if (!err && a->name && at) {
        err = esc(out, a->name);
        if (!err)
            err = bf_buf_puts(out, " &middot; ");
    }
    if (!err)
        err = esc(out, a->platform);
    if (!err)
        err = bf_buf_puts(out, "</p>\n<table>\n");
    if (!err)
        err = counter_row(out, lang, BF_MSG_LBL_FOLLOWERS, a->followers,
                          bf_report_followers_listed(r),
                          BF_MSG_FOLLOWERS_LISTED, BF_MSG_FOLLOWERS_FEWER);
    if (!err)
        err = count_row(out, lang, BF_MSG_LBL_FOLLOWING, (double)a->following,
                        0);
    if (!err)
        err = counter_row(out, lang, BF_MSG_LBL_POSTS, a->posts,
                          bf_report_posts_examined(r), BF_MSG_POSTS_EXAMINED,
                          BF_MSG__COUNT);
    if (!err && a->created_at > 0) {
        err = row_start(out, lang, BF_MSG_LBL_CREATED);
        if (!err)
            err = bf_msg_date(out, lang, a->created_at);
        if (!err)
            err = bf_buf_puts(out, "</td></tr>\n");
    }
    /* The data's dates: every age is measured to the observation; without
     * one the row says what stands for it, a sentence, in a cell that
     * wraps (a number's cell never does, and the sentence pushed every
     * figure of the table off a phone's screen). */
    if (!err && r->measured_basis == BF_CLOCK_OBSERVED) {
        err = row_start(out, lang, BF_MSG_LBL_OBSERVED);
    } else if (!err) {
        err = bf_buf_puts(out, "<tr><td>");
        if (!err)
            err = msg(out, lang, BF_MSG_LBL_OBSERVED, NULL, 0);
        if (!err)
            err = bf_buf_puts(out, "</td><td>");
    }
    if (!err && r->measured_basis != BF_CLOCK_OBSERVED)
        err = msg(out, lang,
                  r->measured_basis == BF_CLOCK_NEWEST ? BF_MSG_CLOCK_NEWEST
                                                       : BF_MSG_CLOCK_UNKNOWN,
                  NULL, 0);
    if (!err && r->measured_basis == BF_CLOCK_NEWEST)
        err = bf_buf_puts(out, " ");
    if (!err && r->measured_to > 0)
        err = bf_msg_date(out, lang, r->measured_to);
    if (!err)
        err = bf_buf_puts(out, "</td></tr>\n");
    /* Two dates may not fit a phone on one line: this cell wraps. */
    if (!err && r->posts_from > 0) {
        err = bf_buf_puts(out, "<tr><td>");
        if (!err)
            err = msg(out, lang, BF_MSG_LBL_POSTS_SPAN, NULL, 0);
        if (!err)
            err = bf_buf_puts(out, "</td><td>");
        if (!err)
            err = bf_msg_date(out, lang, r->posts_from);
        if (!err)
            err = bf_buf_appendf(out, " %s ",
                                 bf_msg(lang, BF_MSG_LBL_POSTS_SPAN_TO));
        if (!err)
            err = bf_msg_date(out, lang, r->posts_to);
        if (!err)
            err = bf_buf_puts(out, "</td></tr>\n");
    }
    if (!err)
        err = bf_buf_appendf(out,
                             "</table>\n<div class=\"verdict v-%s\" "
                             "id=\"verdict\"><strong>",
                             bf_verdict_key(r->verdict));
    if (!err)
        err = msg(out, lang, bf_verdict_msg(r->verdict), NULL, 0);
    if (!err)
        err = bf_buf_puts(out, "</strong>");
    /* No evidence, no confidence to state. */
    if (!err && r->verdict != BF_VERDICT_NOT_ENOUGH) {
        err = bf_buf_puts(out, " &mdash; ");
        if (!err)
            err = msg(out, lang, BF_MSG_LBL_CONFIDENCE, NULL, 0);
        if (!err)
            err = bf_buf_puts(out, lang == BF_LANG_FR ? " : " : ": ");
        if (!err)
            err = bf_msg_percent(out, lang, r->confidence, 0);
    }
    if (!err)
        err = bf_buf_puts(out, "<br>");
    if (!err)
        err = msg(out, lang, r->reason.msg, r->reason.args, r->reason.nargs);
    if (!err && r->decided_by != BF_SEC_VERDICT) {
        err = bf_buf_puts(out, "<br><span class=\"small\">");
        if (!err)
            err = msg(out, lang, BF_MSG_LBL_DECIDED, NULL, 0);
        if (!err)
            err = bf_buf_puts(out, lang == BF_LANG_FR ? " : " : ": ");
        if (!err)
            err = msg(out, lang, bf_section_msg(r->decided_by), NULL, 0);
        if (!err)
            err = bf_buf_puts(out, "</span>");
    }
    if (!err)
        err = model_line(out, r, lang);
    if (!err && r->nchanges) {
        err = bf_buf_puts(out, "<ul>");
        for (i = 0; !err && i < r->nchanges; i++) {
            err = bf_buf_puts(out, "<li>");
            if (!err)
                err = msg(out, lang, r->changes[i].msg, r->changes[i].args,
                          r->changes[i].nargs);
            if (!err)
                err = bf_buf_puts(out, "</li>");
        }
        if (!err)
            err = bf_buf_puts(out, "</ul>");
    }
    if (!err)
        err = bf_buf_puts(out, "</div>\n");
    for (sec = BF_SEC_AUDIENCE; !err && sec < BF_SEC__COUNT; sec++)
        err = section(out, r, (bf_section_id)sec, lang, lv + 1, how_seen);

    /* The questions to ask, each with what a good answer holds. */
    if (!err && r->nquestions) {
        err = heading(out, lang, BF_MSG_SEC_QUESTIONS, lv + 1);
        if (!err)
            err = bf_buf_puts(out, "<ol class=\"q\">\n");
        for (i = 0; !err && i < r->nquestions; i++) {
            const bf_question *q = &r->questions[i];

            err = bf_buf_puts(out, "<li><strong>");
            if (!err)
                err = msg(out, lang, q->ask.msg, q->ask.args, q->ask.nargs);
            if (!err)
                err = bf_buf_puts(out, "</strong><br><span class=\"ga\">");
            if (!err)
                err = msg(out, lang, BF_MSG_LBL_GOOD_ANSWER, NULL, 0);
            if (!err)
                err = bf_buf_puts(out, lang == BF_LANG_FR ? " : " : ": ");
            if (!err)
                err = msg(out, lang, q->good, NULL, 0);
            if (!err)
                err = bf_buf_puts(out, "</span></li>\n");
        }
        if (!err)
            err = bf_buf_puts(out, "</ol>\n");
    }

    if (!err)
        err = alternatives(out, r, lang, lv + 1);
    if (!err)
        err = heading(out, lang, BF_MSG_SEC_EVIDENCE, lv + 1);
    if (!err)
        err = bf_buf_puts(out, "<ul class=\"ev\">\n");
    for (i = 0; !err && i < r->nevidence; i++) {
        const bf_evidence *e = &r->evidence[i];

        err = bf_buf_appendf(out, "<li class=\"%s\" title=\"",
                             bf_level_key(e->level));
        if (!err)
            err = msg(out, lang, level_msg(e->level), NULL, 0);
        if (!err)
            err = bf_buf_puts(out, "\">");
        if (!err)
            err = msg(out, lang, e->msg, e->args, e->nargs);
        if (!err && e->model_reasons)
            err = model_reasons(out, r, lang);
        if (!err)
            err = bf_buf_puts(out, "</li>\n");
        for (j = 0; j < e->nfigures; j++)
            how_seen[e->figures[j].how] = 1;
    }
    if (!err)
        err = bf_buf_puts(out, "</ul>\n");
    if (r->audience.profiles > 0)
        how_seen[BF_MSG_HOW_SHARE] = 1;
    how_seen[BF_MSG_HOW_ENG_RATE] = 1;
    if (r->alts.status != BF_ALT_NOT_RUN)
        how_seen[BF_MSG_HOW_ALT] = 1;
    if (!err)
        err = heading(out, lang, BF_MSG_SEC_METHOD, lv + 1);
    if (!err)
        err = bf_buf_puts(out, "<ul class=\"meta small\">\n");
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

/* compare appends the comparison table shown above several reports. */
static bf_err compare(bf_buf *out, const bf_report *const *r, size_t n,
                      bf_lang lang)
{
    static const bf_msg_id rows[] = {
        BF_MSG_SEC_VERDICT,     BF_MSG_LBL_CONFIDENCE,  BF_MSG_LBL_FOLLOWERS,
        BF_MSG_LBL_AUD_REAL,    BF_MSG_LBL_AUD_SUSPECT, BF_MSG_LBL_ENG_RATE,
        BF_MSG_LBL_TIER_MEDIAN, BF_MSG_LBL_ZERO_SHARE,  BF_MSG_LBL_BATCH_SHARE,
        BF_MSG_LBL_PR_PCT,
    };
    size_t i, k;
    bf_err err = bf_buf_puts(out, "<h1>");

    if (!err)
        err = msg(out, lang, BF_MSG_SEC_COMPARE, NULL, 0);
    if (!err)
        err = bf_buf_puts(out, "</h1>\n<div class=\"scroll\" tabindex=\"0\" "
                               "role=\"region\" aria-label=\"");
    /* The table may scroll sideways: the keyboard must reach it too. */
    if (!err)
        err = msg(out, lang, BF_MSG_SEC_COMPARE, NULL, 0);
    if (!err)
        err = bf_buf_puts(out, "\"><table class=\"cmp\"><tr><th>");
    if (!err)
        err = msg(out, lang, BF_MSG_LBL_ACCOUNT, NULL, 0);
    if (!err)
        err = bf_buf_puts(out, "</th>");
    for (i = 0; !err && i < n; i++) {
        int at;
        const char *h = bf_report_shown(&r[i]->account, &at);

        err = bf_buf_puts(out, at ? "<th>@" : "<th>");
        if (!err)
            err = esc(out, h);
        if (!err)
            err = bf_buf_puts(out, "</th>");
    }
    if (!err)
        err = bf_buf_puts(out, "</tr>\n");
    for (k = 0; !err && k < sizeof rows / sizeof rows[0]; k++) {
        err = bf_buf_puts(out, "<tr><td>");
        if (!err)
            err = msg(out, lang, rows[k], NULL, 0);
        if (!err)
            err = bf_buf_puts(out, "</td>");
        for (i = 0; !err && i < n; i++) {
            const bf_report *x = r[i];

            err = bf_buf_puts(out, k ? "<td class=\"n\">" : "<td>");
            switch (k) {
            case 0:
                err = msg(out, lang, bf_verdict_msg(x->verdict), NULL, 0);
                break;
            case 1:
                /* No evidence, no confidence to state: not 0%. */
                err = bf_msg_percent(out, lang,
                                     x->verdict == BF_VERDICT_NOT_ENOUGH
                                             ? -1
                                             : x->confidence,
                                     0);
                break;
            case 2:
                err = bf_msg_number(out, lang, (double)x->account.followers, 0);
                break;
            case 3:
                err = bf_msg_percent(out, lang, x->audience.real.p, 0);
                break;
            case 4:
                err = bf_msg_percent(out, lang, x->audience.suspect.p, 0);
                break;
            case 5:
                err = bf_msg_percent(out, lang, x->engagement.rate, 3);
                break;
            case 6:
                err = bf_msg_percent(out, lang, x->engagement.tier_median, 3);
                break;
            case 7:
                err = bf_msg_percent(out, lang, x->engagement.zero_share, 0);
                break;
            case 8:
                err = bf_msg_percent(out, lang, x->growth.batch_share, 0);
                break;
            default:
                err = bf_msg_number(out, lang,
                                    bf_percentile_shown(bf_report_reach_pct(x)),
                                    0);
                break;
            }
            if (!err)
                err = bf_buf_puts(out, "</td>");
        }
        if (!err)
            err = bf_buf_puts(out, "</tr>\n");
    }
    if (!err)
        err = bf_buf_puts(out, "</table></div>\n");
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
            "<meta name=\"viewport\" content=\"width=device-width,"
            "initial-scale=1\">\n"
            "<title>",
            bf_lang_code(lang));

    if (!err)
        err = msg(out, lang, BF_MSG_TITLE, NULL, 0);
    if (!err && n == 1) {
        int at;
        const char *h = bf_report_shown(&r[0]->account, &at);

        err = bf_buf_puts(out, at ? " @" : " ");
        if (!err)
            err = esc(out, h);
    }
    if (!err)
        err = bf_buf_appendf(out,
                             "</title>\n<style>%s</style>\n</head>\n"
                             "<body>\n",
                             css);
    if (!err && n > 1)
        err = compare(out, r, n, lang);
    for (i = 0; !err && i < n; i++)
        err = one(out, r[i], lang, n > 1 ? 2 : 1);
    if (!err)
        err = bf_buf_puts(out, "</body>\n</html>\n");
    return err;
}
