/*
 * report_text.c - the report as terminal text.
 *
 * A straight walk over the report model, section by section, every word
 * from the catalog.  Colour is optional and limited to the verdict line
 * and the evidence markers, so the text reads the same without it (the
 * markers [+] [?] [!] carry the level on their own).  The caller decides
 * about colour (isatty, NO_COLOR); this file never looks at the terminal.
 */
#include "report/report.h"

#include <stdlib.h>
#include <string.h>

#include "base/time.h"
#include "report/alternatives.h"
#include "report/countries.h"

#define ANSI_RESET "\033[0m"
#define ANSI_BOLD  "\033[1m"

static const char *level_color(bf_level l)
{
    return l == BF_LEVEL_GOOD   ? "\033[32m"
           : l == BF_LEVEL_BAD  ? "\033[31m"
           : l == BF_LEVEL_NONE ? "\033[2m"
                                : "\033[33m";
}

static const char *verdict_color(bf_verdict v)
{
    return v == BF_VERDICT_GENUINE        ? "\033[1;32m"
           : v == BF_VERDICT_QUESTIONABLE ? "\033[1;33m"
           : v == BF_VERDICT_NOT_ENOUGH   ? "\033[1m"
                                          : "\033[1;31m";
}

static const char *level_marker(bf_level l)
{
    return l == BF_LEVEL_GOOD   ? "[+]"
           : l == BF_LEVEL_BAD  ? "[!]"
           : l == BF_LEVEL_NONE ? "[ ]"
                                : "[?]";
}

/*
 * clean appends s with control characters replaced by '?', so a display
 * name cannot send escape sequences to the terminal.
 */
static bf_err clean(bf_buf *out, const char *s)
{
    bf_err err = BF_OK;

    for (; !err && *s; s++) {
        unsigned char c = (unsigned char)*s;

        err = bf_buf_putc(out, c < 0x20 || c == 0x7f ? '?' : *s);
    }
    return err;
}

/* msg0 appends a message without arguments. */
static bf_err msg0(bf_buf *out, bf_lang lang, bf_msg_id id)
{
    return bf_msg_format(out, lang, id, NULL, 0);
}

/* heading appends a section title, underlined. */
static bf_err heading(bf_buf *out, bf_lang lang, bf_msg_id id, int color)
{
    bf_err err = bf_buf_puts(out, color ? "\n" ANSI_BOLD : "\n");

    if (!err)
        err = msg0(out, lang, id);
    if (!err && color)
        err = bf_buf_puts(out, ANSI_RESET);
    if (!err)
        err = bf_buf_putc(out, '\n');
    return err;
}

/* label appends "  Label: " */
static bf_err label(bf_buf *out, bf_lang lang, bf_msg_id id)
{
    bf_err err = bf_buf_puts(out, "  ");

    if (!err)
        err = msg0(out, lang, id);
    if (!err)
        err = bf_buf_puts(out, lang == BF_LANG_FR ? " : " : ": ");
    return err;
}

/* count_line appends "  Label: 1234\n" (unknown for -1). */
static bf_err count_line(bf_buf *out, bf_lang lang, bf_msg_id id, double v,
                         int prec)
{
    bf_err err = label(out, lang, id);

    if (!err)
        err = bf_msg_number(out, lang, v, prec);
    if (!err)
        err = bf_buf_putc(out, '\n');
    return err;
}

/* sentence_line appends "  - sentence\n". */
static bf_err sentence_line(bf_buf *out, bf_lang lang, const bf_sentence *s)
{
    bf_err err = bf_buf_puts(out, "  - ");

    if (!err)
        err = bf_msg_format(out, lang, s->msg, s->args, s->nargs);
    if (!err)
        err = bf_buf_putc(out, '\n');
    return err;
}

/*
 * counter_line appends a declared counter (label lbl, value declared), or,
 * when the profile does not declare it, says so beside what the report
 * counts of it (seen, by sentence msg): the followers the store lists,
 * which the audience section counts, or the posts the sections examined.
 * "unknown" alone would seem to deny them.  Declared, but fewer than seen,
 * both are given by sentence fewer (BF_MSG__COUNT: the counter is never
 * shown so).
 */
static bf_err counter_line(bf_buf *out, bf_lang lang, bf_msg_id lbl,
                           int64_t declared, uint64_t seen, bf_msg_id msg,
                           bf_msg_id fewer)
{
    double v[2] = { (double)seen, 0 };
    bf_err err;

    if (seen == 0)
        return count_line(out, lang, lbl, (double)declared, 0);
    err = label(out, lang, lbl);
    /* Fewer declared than listed: both, so neither reads as the other. */
    if (declared >= 0 && fewer != BF_MSG__COUNT) {
        v[0] = (double)declared;
        v[1] = (double)seen;
        msg = fewer;
    }
    if (!err)
        err = bf_msg_format(out, lang, msg, v, msg == fewer ? 2 : 1);
    if (!err)
        err = bf_buf_putc(out, '\n');
    return err;
}

/* title appends the account's line and its declared counters. */
static bf_err title(const bf_report *r, bf_lang lang, int color, bf_buf *out)
{
    const bf_report_account *a = &r->account;
    int at;
    const char *shown = bf_report_shown(a, &at);
    bf_err err;

    /* Title line: "Account audit: @handle (Name), platform", or
     * "Account audit: Name, platform" for an account without a handle. */
    err = bf_buf_puts(out, color ? ANSI_BOLD : "");
    if (!err)
        err = msg0(out, lang, BF_MSG_TITLE);
    if (!err)
        err = bf_buf_puts(out, lang == BF_LANG_FR ? " : " : ": ");
    if (!err && at)
        err = bf_buf_putc(out, '@');
    if (!err)
        err = clean(out, shown);
    if (!err && a->name && at) {
        err = bf_buf_puts(out, " (");
        if (!err)
            err = clean(out, a->name);
        if (!err)
            err = bf_buf_putc(out, ')');
    }
    if (!err && a->platform) {
        err = bf_buf_puts(out, ", ");
        if (!err)
            err = clean(out, a->platform);
    }
    if (!err)
        err = bf_buf_puts(out, color ? ANSI_RESET "\n" : "\n");
    if (!err)
        err = counter_line(out, lang, BF_MSG_LBL_FOLLOWERS, a->followers,
                           bf_report_followers_listed(r),
                           BF_MSG_FOLLOWERS_LISTED, BF_MSG_FOLLOWERS_FEWER);
    if (!err)
        err = count_line(out, lang, BF_MSG_LBL_FOLLOWING, (double)a->following,
                         0);
    if (!err)
        err = counter_line(out, lang, BF_MSG_LBL_POSTS, a->posts,
                           bf_report_posts_examined(r), BF_MSG_POSTS_EXAMINED,
                           BF_MSG__COUNT);
    if (!err && a->created_at > 0) {
        err = label(out, lang, BF_MSG_LBL_CREATED);
        if (!err)
            err = bf_msg_date(out, lang, a->created_at);
        if (!err)
            err = bf_buf_putc(out, '\n');
    }
    /* The data's dates: every age is measured to the observation; without
     * one the line says what stands for it. */
    if (!err)
        err = label(out, lang, BF_MSG_LBL_OBSERVED);
    if (!err && r->measured_basis != BF_CLOCK_OBSERVED)
        err = bf_buf_puts(out, bf_msg(lang, r->measured_basis == BF_CLOCK_NEWEST
                                                    ? BF_MSG_CLOCK_NEWEST
                                                    : BF_MSG_CLOCK_UNKNOWN));
    if (!err && r->measured_basis == BF_CLOCK_NEWEST)
        err = bf_buf_putc(out, ' ');
    if (!err && r->measured_to > 0)
        err = bf_msg_date(out, lang, r->measured_to);
    if (!err)
        err = bf_buf_putc(out, '\n');
    if (!err && r->posts_from > 0) {
        err = label(out, lang, BF_MSG_LBL_POSTS_SPAN);
        if (!err)
            err = bf_msg_date(out, lang, r->posts_from);
        if (!err)
            err = bf_buf_appendf(out, " %s ",
                                 bf_msg(lang, BF_MSG_LBL_POSTS_SPAN_TO));
        if (!err)
            err = bf_msg_date(out, lang, r->posts_to);
        if (!err)
            err = bf_buf_putc(out, '\n');
    }
    return err;
}

/* verdict appends the verdict heading, its confidence and its reason. */
static bf_err verdict(const bf_report *r, bf_lang lang, int color, bf_buf *out)
{
    bf_err err = BF_OK;

    if (!err)
        err = heading(out, lang, BF_MSG_SEC_VERDICT, color);
    if (!err)
        err = bf_buf_puts(out, color ? "  " : "  ");
    if (!err && color)
        err = bf_buf_puts(out, verdict_color(r->verdict));
    if (!err)
        err = msg0(out, lang, bf_verdict_msg(r->verdict));
    if (!err && color)
        err = bf_buf_puts(out, ANSI_RESET);
    /* No evidence, no confidence to state. */
    if (!err && r->verdict != BF_VERDICT_NOT_ENOUGH) {
        err = bf_buf_puts(out, " (");
        if (!err)
            err = msg0(out, lang, BF_MSG_LBL_CONFIDENCE);
        if (!err)
            err = bf_buf_puts(out, lang == BF_LANG_FR ? " : " : ": ");
        if (!err)
            err = bf_msg_percent(out, lang, r->confidence, 0);
        if (!err)
            err = bf_buf_putc(out, ')');
    }
    if (!err)
        err = bf_buf_puts(out, "\n  ");
    if (!err)
        err = bf_msg_format(out, lang, r->reason.msg, r->reason.args,
                            r->reason.nargs);
    if (!err)
        err = bf_buf_putc(out, '\n');
    /* The finding that decided it. */
    if (!err && r->decided_by != BF_SEC_VERDICT) {
        err = label(out, lang, BF_MSG_LBL_DECIDED);
        if (!err)
            err = msg0(out, lang, bf_section_msg(r->decided_by));
        if (!err)
            err = bf_buf_putc(out, '\n');
    }
    /* The model's call on the profile, with its probability, under the
     * reason; or why it made none. */
    if (!err && r->model.not_applied) {
        err = label(out, lang, BF_MSG_LBL_MODEL_CALL);
        if (!err)
            err = bf_buf_appendf(out, "%s\n",
                                 bf_msg(lang, bf_report_no_call(&r->model)));
    }
    if (!err && r->model.available) {
        const bf_stat *s = NULL;
        size_t i;

        for (i = 0; i < r->sections[BF_SEC_VERDICT].nstats; i++)
            if (r->sections[BF_SEC_VERDICT].stats[i].label ==
                BF_MSG_LBL_MODEL_PROB)
                s = &r->sections[BF_SEC_VERDICT].stats[i];
        if (s) {
            err = label(out, lang, BF_MSG_LBL_MODEL_CALL);
            if (!err)
                err = bf_buf_appendf(out, "%s (%s%s",
                                     bf_class_name(r->model.cls, lang),
                                     bf_msg(lang, BF_MSG_MODEL_PROB_SHORT),
                                     lang == BF_LANG_FR ? " : " : ": ");
            if (!err)
                err = bf__report_stat_value(out, lang, s);
            if (!err)
                err = bf_buf_puts(out, ")\n");
        }
    }
    return err;
}

/* model_reasons appends the model's reasons under its evidence item. */
static bf_err model_reasons(const bf_report *r, bf_lang lang, bf_buf *out)
{
    size_t i;
    bf_err err = BF_OK;

    if (!r->model.nreasons)
        return BF_OK;
    err = bf_buf_puts(out, "      ");
    if (!err)
        err = msg0(out, lang, BF_MSG_LBL_MODEL_REASONS);
    if (!err)
        err = bf_buf_puts(out, lang == BF_LANG_FR ? " :\n" : ":\n");
    for (i = 0; !err && i < r->model.nreasons; i++) {
        err = bf_buf_puts(out, "      - ");
        if (!err)
            err = bf_reason_format(&r->model.reasons[i], lang, out);
        if (!err)
            err = bf_buf_putc(out, '\n');
    }
    return err;
}

bf_err bf_report_text_brief(const bf_report *r, bf_lang lang, int color,
                            bf_buf *out)
{
    bf_err err = title(r, lang, color, out);
    size_t i, shown = 0;
    int level;

    if (!err)
        err = verdict(r, lang, color, out);
    /* The strongest evidence: bad items first, then those to watch. */
    for (level = BF_LEVEL_BAD; !err && level >= BF_LEVEL_WATCH; level--) {
        for (i = 0; !err && i < r->nevidence && shown < 3; i++) {
            const bf_evidence *e = &r->evidence[i];

            if ((int)e->level != level)
                continue;
            err = bf_buf_appendf(
                    out, "  %s%s%s ", color ? level_color(e->level) : "",
                    level_marker(e->level), color ? ANSI_RESET : "");
            if (!err)
                err = bf_msg_format(out, lang, e->msg, e->args, e->nargs);
            if (!err)
                err = bf_buf_putc(out, '\n');
            shown++;
        }
    }
    return err;
}

/* ---- sections ---- */

/* Bin names of the reaction histogram (numbers read the same in fr/en). */
static const char *const eng_bins[BF_ENG_BINS] = { "0",   "1",     "2-4",
                                                   "5-9", "10-24", "25-99",
                                                   "100+" };

/* hbar appends a bar of width w filled to share p (0..1): "####-----". */
static bf_err hbar(bf_buf *out, double p, int w)
{
    int i, fill = p > 0 ? (int)(p * w + 0.5) : 0;
    bf_err err = BF_OK;

    for (i = 0; !err && i < w; i++)
        err = bf_buf_putc(out, i < fill ? '#' : '.');
    return err;
}

/*
 * arrival_chart appends the arrivals compactly: one line of sixty cells,
 * oldest bin first, each a digit 0-9 scaled to the fullest bin ('.' when
 * empty, '!' for a burst), then one bar line per burst bin.
 */
static bf_err arrival_chart(bf_buf *out, const bf_report_growth *g)
{
    uint32_t max = 0;
    int i;
    bf_err err;

    for (i = 0; i < g->arrival_bins; i++)
        max = g->arrivals[i] > max ? g->arrivals[i] : max;
    err = bf_buf_puts(out, "    ");
    for (i = 0; !err && i < g->arrival_bins; i++) {
        uint32_t c = g->arrivals[i];

        err = bf_buf_putc(out, g->burst[i] ? '!'
                               : !c        ? '.'
                                    : (char)('0' + (9 * c + max - 1) / max));
    }
    if (!err)
        err = bf_buf_putc(out, '\n');
    for (i = 0; !err && i < g->arrival_bins; i++) {
        char iso[21];
        int64_t t;
        int m;

        if (!g->burst[i])
            continue;
        if (g->arrival_days == 7) {
            t = g->arrival0 + (int64_t)i * 7 * 86400;
            bf_time_iso(t, iso);
            err = bf_buf_appendf(out, "    %.10s  ", iso);
        } else {
            m = bf_time_month(g->arrival0) + i;
            err = bf_buf_appendf(out, "    %04d-%02d     ", m / 12, m % 12 + 1);
        }
        if (!err)
            err = hbar(out, max ? (double)g->arrivals[i] / max : 0, 30);
        if (!err)
            err = bf_buf_appendf(out, "  %u\n", (unsigned)g->arrivals[i]);
    }
    return err;
}

/* stat_line appends "  Label: value\n". */
static bf_err stat_line(bf_buf *out, bf_lang lang, const bf_stat *s)
{
    bf_err err = label(out, lang, s->label);

    if (!err)
        err = bf__report_stat_value(out, lang, s);
    if (!err)
        err = bf_buf_putc(out, '\n');
    return err;
}

/* share_bar appends "  ####.......  41.9%  Label\n". */
static bf_err share_bar(bf_buf *out, bf_lang lang, bf_msg_id id,
                        const bf_share *s)
{
    bf_err err = bf_buf_puts(out, "  ");

    if (!err)
        err = hbar(out, s->p, 30);
    if (!err)
        err = bf_buf_puts(out, "  ");
    if (!err)
        err = bf_msg_percent(out, lang, s->p, 1);
    if (!err)
        err = bf_buf_puts(out, "  ");
    if (!err)
        err = msg0(out, lang, id);
    if (!err)
        err = bf_buf_putc(out, '\n');
    return err;
}

/* geo_list appends "    Label: key share, key share\n". */
static bf_err geo_list(bf_buf *out, bf_lang lang, bf_msg_id label,
                       const bf_geo_share *list, size_t n)
{
    size_t i;
    bf_err err;

    if (!n)
        return BF_OK;
    err = bf_buf_puts(out, "    ");
    if (!err)
        err = msg0(out, lang, label);
    if (!err)
        err = bf_buf_puts(out, lang == BF_LANG_FR ? " :" : ":");
    for (i = 0; !err && i < n; i++) {
        /* Countries in the report's language ("États-Unis" for "US"). */
        const char *key = label == BF_MSG_LBL_COUNTRIES
                                  ? bf_country_name(list[i].key, lang)
                                  : list[i].key;

        err = bf_buf_appendf(out, "%s %s ", i ? "," : "", key);
        if (!err)
            err = bf_msg_percent(out, lang, list[i].share, 1);
    }
    if (!err)
        err = bf_buf_putc(out, '\n');
    return err;
}

/*
 * geo_lines appends the platform's audience insights under the question
 * a local business asks: top countries, cities, age bands, gender.
 */
static bf_err geo_lines(const bf_report_geo *geo, bf_lang lang, bf_buf *out)
{
    bf_err err = bf_buf_puts(out, "  ");

    if (!err)
        err = msg0(out, lang, BF_MSG_LBL_GEO_Q);
    if (!err)
        err = bf_buf_putc(out, '\n');
    if (!err)
        err = geo_list(out, lang, BF_MSG_LBL_COUNTRIES, geo->countries,
                       geo->ncountries);
    if (!err)
        err = geo_list(out, lang, BF_MSG_LBL_CITIES, geo->cities, geo->ncities);
    if (!err)
        err = geo_list(out, lang, BF_MSG_LBL_AGES, geo->ages, geo->nages);
    if (!err && geo->men >= 0 && geo->women >= 0) {
        err = bf_buf_puts(out, "    ");
        if (!err)
            err = msg0(out, lang, BF_MSG_LBL_MEN);
        if (!err)
            err = bf_buf_putc(out, ' ');
        if (!err)
            err = bf_msg_percent(out, lang, geo->men, 1);
        if (!err)
            err = bf_buf_puts(out, ", ");
        if (!err)
            err = msg0(out, lang, BF_MSG_LBL_WOMEN);
        if (!err)
            err = bf_buf_putc(out, ' ');
        if (!err)
            err = bf_msg_percent(out, lang, geo->women, 1);
        if (!err)
            err = bf_buf_putc(out, '\n');
    }
    if (!err)
        err = bf_buf_puts(out, "    (");
    if (!err)
        err = msg0(out, lang, BF_MSG_HOW_GEO);
    if (!err)
        err = bf_buf_puts(out, ")\n");
    return err;
}

/* chart appends the section's chart as text bars. */
static bf_err chart(const bf_report *r, bf_section_id id, bf_lang lang,
                    bf_buf *out)
{
    const bf_report_audience *au = &r->audience;
    const bf_report_engagement *en = &r->engagement;
    const bf_report_growth *g = &r->growth;
    uint32_t max = 0;
    int i;
    bf_err err = BF_OK;

    if (id == BF_SEC_AUDIENCE && au->profiles > 0) {
        err = share_bar(out, lang, BF_MSG_LBL_AUD_REAL, &au->real);
        if (!err)
            err = share_bar(out, lang, BF_MSG_LBL_AUD_MASS, &au->mass);
        if (!err)
            err = share_bar(out, lang, BF_MSG_LBL_AUD_INACTIVE, &au->inactive);
        if (!err)
            err = share_bar(out, lang, BF_MSG_LBL_AUD_SUSPECT, &au->suspect);
        if (!err)
            err = label(out, lang, BF_MSG_LBL_INTERVAL);
        if (!err)
            err = bf_msg_percent(out, lang, au->suspect.lo, 1);
        if (!err)
            err = bf_buf_puts(out, " - ");
        if (!err)
            err = bf_msg_percent(out, lang, au->suspect.hi, 1);
        if (!err)
            err = bf_buf_puts(out, " (");
        if (!err)
            err = msg0(out, lang, BF_MSG_LBL_AUD_SUSPECT);
        if (!err)
            err = bf_buf_puts(out, ")\n");
        /* The model's share, beside the rules' types (not one of them). */
        if (!err && au->model_fake.n > 0) {
            err = share_bar(out, lang, BF_MSG_LBL_AUD_MODEL, &au->model_fake);
            if (!err)
                err = label(out, lang, BF_MSG_LBL_INTERVAL);
            if (!err)
                err = bf_msg_percent(out, lang, au->model_fake.lo, 1);
            if (!err)
                err = bf_buf_puts(out, " - ");
            if (!err)
                err = bf_msg_percent(out, lang, au->model_fake.hi, 1);
            if (!err)
                err = bf_buf_puts(out, " (");
            if (!err)
                err = msg0(out, lang, BF_MSG_LBL_AUD_MODEL);
            if (!err)
                err = bf_buf_puts(out, ")\n");
        }
    } else if (id == BF_SEC_ENGAGEMENT && en->hist_n > 0) {
        err = bf_buf_puts(out, "  ");
        if (!err)
            err = msg0(out, lang, BF_MSG_LBL_HIST);
        if (!err)
            err = bf_buf_puts(out, lang == BF_LANG_FR ? " :\n" : ":\n");
        for (i = 0; i < BF_ENG_BINS; i++)
            max = en->hist[i] > max ? en->hist[i] : max;
        for (i = 0; !err && i < BF_ENG_BINS; i++) {
            err = bf_buf_appendf(out, "    %-6s", eng_bins[i]);
            if (!err)
                err = hbar(out, max ? (double)en->hist[i] / max : 0, 30);
            if (!err)
                err = bf_buf_appendf(out, "  %u\n", (unsigned)en->hist[i]);
        }
    } else if (id == BF_SEC_GROWTH && g->arrived > 0) {
        /* Say what the cells are (an export's dates, or bounds read from
         * the list order), whence and until when, and what each
         * character means. */
        {
            char from[21], to[21];
            int w = g->arrival_days == 7;

            bf_time_iso(g->arrival0, from);
            err = bf_buf_puts(out, "    ");
            if (!err)
                err = msg0(out, lang,
                           g->real ? (w ? BF_MSG_LBL_CHART_TEXT_W
                                        : BF_MSG_LBL_CHART_TEXT_M)
                           : w     ? BF_MSG_LBL_CHART_LIST_TEXT_W
                                   : BF_MSG_LBL_CHART_LIST_TEXT_M);
            if (w) {
                bf_time_iso(g->arrival0 +
                                    (int64_t)(g->arrival_bins - 1) * 7 * 86400,
                            to);
                if (!err)
                    err = bf_buf_appendf(out, ", %.10s .. %.10s", from, to);
            } else {
                int m = bf_time_month(g->arrival0) + g->arrival_bins - 1;

                if (!err)
                    err = bf_buf_appendf(out, ", %.7s .. %04d-%02d", from,
                                         m / 12, m % 12 + 1);
            }
            if (!err)
                err = bf_buf_puts(out,
                                  lang == BF_LANG_FR ? " :\n    " : ":\n    ");
            if (!err)
                err = msg0(out, lang, BF_MSG_LBL_CHART_TEXT_KEY);
            if (!err)
                err = bf_buf_putc(out, '\n');
            /* Cells of a sample say so, and of how many followers. */
            if (!err && g->arrival_sample) {
                double n[2] = { (double)g->arrival_sample,
                                (double)g->arrival_of };

                err = bf_buf_puts(out, "    ");
                if (!err)
                    err = bf_msg_format(out, lang, BF_MSG_CHART_SAMPLE, n, 2);
                if (!err)
                    err = bf_buf_putc(out, '\n');
            }
        }
        if (!err)
            err = arrival_chart(out, g);
    } else if (id == BF_SEC_GROWTH && g->batch_months > 0) {
        /* The batch months only: sixty lines would drown them. */
        for (i = 0; i < BF_GROWTH_MONTHS; i++)
            max = g->months[i] > max ? g->months[i] : max;
        for (i = 0; !err && i < BF_GROWTH_MONTHS; i++) {
            int m;

            if (!g->batch[i])
                continue;
            m = bf_time_month(g->month0) + i;
            err = bf_buf_appendf(out, "    %04d-%02d  ", m / 12, m % 12 + 1);
            if (!err)
                err = hbar(out, max ? (double)g->months[i] / max : 0, 30);
            if (!err)
                err = bf_buf_appendf(out, "  %u\n", (unsigned)g->months[i]);
        }
    }
    return err;
}

/* section appends one section: its level marker, title, verdict, chart
 * and figures, and marks its methods as seen. */
static bf_err section(const bf_report *r, bf_section_id id, bf_lang lang,
                      int color, unsigned char *how_seen, bf_buf *out)
{
    const bf_section *s = &r->sections[id];
    size_t i;
    bf_err err;

    if (!s->shown)
        return BF_OK;
    err = bf_buf_appendf(out, "\n%s%s%s %s", color ? level_color(s->level) : "",
                         level_marker(s->level), color ? ANSI_RESET : "",
                         color ? ANSI_BOLD : "");
    if (!err)
        err = msg0(out, lang, bf_section_msg(id));
    if (!err)
        err = bf_buf_puts(out, color ? ANSI_RESET "\n  " : "\n  ");
    if (!err)
        err = bf_msg_format(out, lang, s->verdict.msg, s->verdict.args,
                            s->verdict.nargs);
    if (!err)
        err = bf_buf_putc(out, '\n');
    if (!err && id == BF_SEC_AUDIENCE && r->geo.has_data)
        err = geo_lines(&r->geo, lang, out);
    if (!err)
        err = chart(r, id, lang, out);
    for (i = 0; !err && i < s->nstats; i++) {
        /* The audience's shares are already on its bars. */
        if (!(id == BF_SEC_AUDIENCE && s->stats[i].unit == BF_UNIT_SHARE))
            err = stat_line(out, lang, &s->stats[i]);
        how_seen[s->stats[i].how] = 1;
    }
    return err;
}

/* questions appends the numbered questions with their good answers. */
static bf_err questions(const bf_report *r, bf_lang lang, int color,
                        bf_buf *out)
{
    size_t i;
    bf_err err = BF_OK;

    if (!r->nquestions)
        return BF_OK;
    err = heading(out, lang, BF_MSG_SEC_QUESTIONS, color);
    for (i = 0; !err && i < r->nquestions; i++) {
        const bf_question *q = &r->questions[i];

        err = bf_buf_appendf(out, "  %u. ", (unsigned)(i + 1));
        if (!err)
            err = bf_msg_format(out, lang, q->ask.msg, q->ask.args,
                                q->ask.nargs);
        if (!err)
            err = bf_buf_puts(out, "\n     ");
        if (!err)
            err = msg0(out, lang, BF_MSG_LBL_GOOD_ANSWER);
        if (!err)
            err = bf_buf_puts(out, lang == BF_LANG_FR ? " : " : ": ");
        if (!err)
            err = msg0(out, lang, q->good);
        if (!err)
            err = bf_buf_putc(out, '\n');
    }
    return err;
}

/*
 * alternatives appends who else to consider: each alternative with its
 * verdict, why it is of the niche and what makes it stronger, or why
 * there is none; then the signals used.
 */
static bf_err alternatives(const bf_report *r, bf_lang lang, int color,
                           bf_buf *out)
{
    const bf_report_alts *al = &r->alts;
    const char *colon = lang == BF_LANG_FR ? " : " : ": ";
    size_t i;
    bf_err err;

    if (al->status == BF_ALT_NOT_RUN)
        return BF_OK;
    err = heading(out, lang, BF_MSG_SEC_ALTERNATIVES, color);
    if (!err)
        err = bf_buf_puts(out, "  ");
    if (!err)
        err = al->n ? msg0(out, lang, BF_MSG_ALT_INTRO)
                    : bf__alt_none(out, lang, al);
    if (!err)
        err = bf_buf_putc(out, '\n');
    for (i = 0; !err && i < al->n; i++) {
        const bf_alternative *a = &al->alt[i];

        err = bf_buf_appendf(out, "  %u. ", (unsigned)(i + 1));
        if (!err)
            err = clean(out, a->platform);
        if (!err)
            err = bf_buf_putc(out, ':');
        if (!err)
            err = clean(out, a->handle);
        if (!err && a->name[0]) {
            err = bf_buf_puts(out, " (");
            if (!err)
                err = clean(out, a->name);
            if (!err)
                err = bf_buf_putc(out, ')');
        }
        if (!err)
            err = bf_buf_puts(out, colon);
        if (!err)
            err = msg0(out, lang, bf_verdict_msg(a->verdict));
        if (!err)
            err = bf_buf_puts(out, "\n   ");
        if (!err)
            err = label(out, lang, BF_MSG_ALT_WHY);
        if (!err)
            err = bf__alt_why(out, lang, a);
        if (!err)
            err = bf_buf_puts(out, "\n   ");
        if (!err)
            err = label(out, lang, BF_MSG_ALT_BETTER);
        if (!err)
            err = bf__alt_better(out, lang, al, a);
        if (!err)
            err = bf_buf_putc(out, '\n');
    }
    if (!err)
        err = bf_buf_puts(out, "  ");
    if (!err)
        err = bf__alt_signals(out, lang, al);
    if (!err)
        err = bf_buf_puts(out, ".\n");
    return err;
}

bf_err bf_report_text(const bf_report *r, bf_lang lang, int color, bf_buf *out)
{
    unsigned char how_seen[BF_MSG__COUNT];
    size_t i, j;
    int sec;
    bf_err err;

    memset(how_seen, 0, sizeof how_seen);
    err = title(r, lang, color, out);
    if (!err)
        err = verdict(r, lang, color, out);

    /* What would change the verdict. */
    if (!err && r->nchanges)
        err = heading(out, lang, BF_MSG_SEC_CHANGE, color);
    for (i = 0; !err && i < r->nchanges; i++)
        err = sentence_line(out, lang, &r->changes[i]);

    /* The sections after the verdict, then the questions. */
    for (sec = BF_SEC_AUDIENCE; !err && sec < BF_SEC__COUNT; sec++)
        err = section(r, (bf_section_id)sec, lang, color, how_seen, out);
    if (!err)
        err = questions(r, lang, color, out);
    if (!err)
        err = alternatives(r, lang, color, out);

    /* Every piece of evidence, one line each with its level marker. */
    if (!err)
        err = heading(out, lang, BF_MSG_SEC_EVIDENCE, color);
    for (i = 0; !err && i < r->nevidence; i++) {
        const bf_evidence *e = &r->evidence[i];

        err = bf_buf_appendf(out, "  %s%s%s ",
                             color ? level_color(e->level) : "",
                             level_marker(e->level), color ? ANSI_RESET : "");
        if (!err)
            err = bf_msg_format(out, lang, e->msg, e->args, e->nargs);
        if (!err)
            err = bf_buf_putc(out, '\n');
        if (!err && e->model_reasons)
            err = model_reasons(r, lang, out);
        for (j = 0; j < e->nfigures; j++)
            how_seen[e->figures[j].how] = 1;
    }
    if (r->audience.profiles > 0)
        how_seen[BF_MSG_HOW_SHARE] = 1;
    how_seen[BF_MSG_HOW_ENG_RATE] = 1;
    if (r->alts.status != BF_ALT_NOT_RUN)
        how_seen[BF_MSG_HOW_ALT] = 1;

    /* How the figures were computed: each method once. */
    if (!err)
        err = heading(out, lang, BF_MSG_SEC_METHOD, color);
    for (i = 0; !err && i < BF_MSG__COUNT; i++) {
        bf_sentence s = { (bf_msg_id)i, { 0, 0, 0, 0 }, 0 };

        if (!how_seen[i])
            continue;
        err = sentence_line(out, lang, &s);
    }
    return err;
}

/* ---- comparison ---- */

/* width is the number of characters of UTF-8 text s. */
static size_t width(const char *s, size_t n)
{
    size_t i, w = 0;

    for (i = 0; i < n; i++)
        w += ((unsigned char)s[i] & 0xc0) != 0x80;
    return w;
}

/* cell appends the text of b padded to w characters. */
static bf_err cell(bf_buf *out, const bf_buf *b, size_t w)
{
    size_t have = b->len ? width(b->data, b->len) : 0;
    bf_err err = bf_buf_append(out, b->data ? b->data : "", b->len);

    while (!err && have++ < w)
        err = bf_buf_putc(out, ' ');
    return err;
}

/* compare_value appends figure row of report r into b. */
static bf_err compare_value(bf_buf *b, const bf_report *r, int row,
                            bf_lang lang)
{
    switch (row) {
    case 0:
        return bf_msg_format(b, lang, bf_verdict_msg(r->verdict), NULL, 0);
    case 1:
        /* No evidence, no confidence to state: not 0%. */
        return bf_msg_percent(
                b, lang,
                r->verdict == BF_VERDICT_NOT_ENOUGH ? -1 : r->confidence, 0);
    case 2:
        return bf_msg_number(b, lang, (double)r->account.followers, 0);
    case 3:
        return bf_msg_percent(b, lang, r->audience.real.p, 0);
    case 4:
        return bf_msg_percent(b, lang, r->audience.suspect.p, 0);
    case 5:
        return bf_msg_percent(b, lang, r->engagement.rate, 3);
    case 6:
        return bf_msg_percent(b, lang, r->engagement.tier_median, 3);
    case 7:
        return bf_msg_percent(b, lang, r->engagement.zero_share, 0);
    case 8:
        return bf_msg_percent(b, lang, r->growth.batch_share, 0);
    default:
        return bf_msg_number(b, lang,
                             bf_percentile_shown(bf_report_reach_pct(r)), 0);
    }
}

/* The rows of the comparison table, in order. */
static const bf_msg_id compare_rows[] = {
    BF_MSG_SEC_VERDICT,     BF_MSG_LBL_CONFIDENCE,  BF_MSG_LBL_FOLLOWERS,
    BF_MSG_LBL_AUD_REAL,    BF_MSG_LBL_AUD_SUSPECT, BF_MSG_LBL_ENG_RATE,
    BF_MSG_LBL_TIER_MEDIAN, BF_MSG_LBL_ZERO_SHARE,  BF_MSG_LBL_BATCH_SHARE,
    BF_MSG_LBL_PR_PCT,
};

bf_err bf_report_text_compare(const bf_report *const *r, size_t n, bf_lang lang,
                              bf_buf *out)
{
    const size_t col = 22, first = 34;
    bf_buf c;
    size_t i, row;
    bf_err err;

    bf_buf_init(&c, 1 << 16);
    err = heading(out, lang, BF_MSG_SEC_COMPARE, 0);
    /* Header: the handles. */
    if (!err)
        err = msg0(&c, lang, BF_MSG_LBL_ACCOUNT);
    if (!err)
        err = bf_buf_puts(out, "  ");
    if (!err)
        err = cell(out, &c, first);
    for (i = 0; !err && i < n; i++) {
        int at;
        const char *h = bf_report_shown(&r[i]->account, &at);

        bf_buf_reset(&c);
        err = at ? bf_buf_putc(&c, '@') : BF_OK;
        if (!err)
            err = clean(&c, h);
        if (!err && c.len > col - 1) {
            c.len = col - 1;
            c.data[c.len] = '\0';
        }
        if (!err)
            err = cell(out, &c, col);
    }
    if (!err)
        err = bf_buf_putc(out, '\n');
    for (row = 0; !err && row < sizeof compare_rows / sizeof compare_rows[0];
         row++) {
        bf_buf_reset(&c);
        err = msg0(&c, lang, compare_rows[row]);
        if (!err)
            err = bf_buf_puts(out, "  ");
        if (!err && width(c.data, c.len) > first - 1) {
            /* Long labels get their own line. */
            err = bf_buf_append(out, c.data, c.len);
            if (!err)
                err = bf_buf_puts(out, "\n  ");
            bf_buf_reset(&c);
        }
        if (!err)
            err = cell(out, &c, first);
        for (i = 0; !err && i < n; i++) {
            bf_buf_reset(&c);
            err = compare_value(&c, r[i], (int)row, lang);
            if (!err)
                err = cell(out, &c, col);
        }
        if (!err)
            err = bf_buf_putc(out, '\n');
    }
    bf_buf_release(&c);
    return err;
}
