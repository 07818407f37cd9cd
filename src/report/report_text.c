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

#include <string.h>

#include "base/time.h"

#define ANSI_RESET "\033[0m"
#define ANSI_BOLD  "\033[1m"

static const char *level_color(bf_level l)
{
    return l == BF_LEVEL_GOOD  ? "\033[32m"
           : l == BF_LEVEL_BAD ? "\033[31m"
                               : "\033[33m";
}

static const char *verdict_color(bf_verdict v)
{
    return v == BF_VERDICT_GENUINE        ? "\033[1;32m"
           : v == BF_VERDICT_QUESTIONABLE ? "\033[1;33m"
                                          : "\033[1;31m";
}

static const char *level_marker(bf_level l)
{
    return l == BF_LEVEL_GOOD ? "[+]" : l == BF_LEVEL_BAD ? "[!]" : "[?]";
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

/* share_line appends "  Label: 12.5% (95% interval: 10.1% - 15.0%)". */
static bf_err share_line(bf_buf *out, bf_lang lang, bf_msg_id id,
                         const bf_share *s)
{
    bf_err err = label(out, lang, id);

    if (!err)
        err = bf_msg_percent(out, lang, s->p, 1);
    if (!err && s->n > 0) {
        err = bf_buf_puts(out, " (");
        if (!err)
            err = msg0(out, lang, BF_MSG_LBL_INTERVAL);
        if (!err)
            err = bf_buf_puts(out, lang == BF_LANG_FR ? " : " : ": ");
        if (!err)
            err = bf_msg_percent(out, lang, s->lo, 1);
        if (!err)
            err = bf_buf_puts(out, " - ");
        if (!err)
            err = bf_msg_percent(out, lang, s->hi, 1);
        if (!err)
            err = bf_buf_putc(out, ')');
    }
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

/* title appends the account's line and its declared counters. */
static bf_err title(const bf_report *r, bf_lang lang, int color, bf_buf *out)
{
    const bf_report_account *a = &r->account;
    char date[21];
    bf_err err;

    /* Title line: "Account audit: @handle (Name), platform". */
    err = bf_buf_puts(out, color ? ANSI_BOLD : "");
    if (!err)
        err = msg0(out, lang, BF_MSG_TITLE);
    if (!err)
        err = bf_buf_puts(out, lang == BF_LANG_FR ? " : @" : ": @");
    if (!err)
        err = clean(out, a->handle      ? a->handle
                         : a->native_id ? a->native_id
                                        : "?");
    if (!err && a->name) {
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
        err = count_line(out, lang, BF_MSG_LBL_FOLLOWERS, (double)a->followers,
                         0);
    if (!err)
        err = count_line(out, lang, BF_MSG_LBL_FOLLOWING, (double)a->following,
                         0);
    if (!err)
        err = count_line(out, lang, BF_MSG_LBL_POSTS, (double)a->posts, 0);
    if (!err && a->created_at > 0) {
        bf_time_iso(a->created_at, date);
        date[10] = '\0';
        err = label(out, lang, BF_MSG_LBL_CREATED);
        if (!err)
            err = bf_buf_appendf(out, "%s\n", date);
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
    if (!err)
        err = bf_buf_puts(out, " (");
    if (!err)
        err = msg0(out, lang, BF_MSG_LBL_CONFIDENCE);
    if (!err)
        err = bf_buf_puts(out, lang == BF_LANG_FR ? " : " : ": ");
    if (!err)
        err = bf_msg_percent(out, lang, r->confidence, 0);
    if (!err)
        err = bf_buf_puts(out, ")\n  ");
    if (!err)
        err = bf_msg_format(out, lang, r->reason.msg, r->reason.args,
                            r->reason.nargs);
    if (!err)
        err = bf_buf_putc(out, '\n');

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
            err = bf_buf_appendf(out, "  %s%s%s ",
                    color ? level_color(e->level) : "",
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

bf_err bf_report_text(const bf_report *r, bf_lang lang, int color, bf_buf *out)
{
    const bf_report_audience *au = &r->audience;
    const bf_report_engagement *en = &r->engagement;
    unsigned char how_seen[BF_MSG__COUNT];
    size_t i, j;
    bf_err err;

    memset(how_seen, 0, sizeof how_seen);
    err = title(r, lang, color, out);
    if (!err)
        err = verdict(r, lang, color, out);

    /* Evidence, one line each with its level marker. */
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
        for (j = 0; j < e->nfigures; j++)
            how_seen[e->figures[j].how] = 1;
    }

    /* Audience figures. */
    if (!err)
        err = heading(out, lang, BF_MSG_SEC_AUDIENCE, color);
    if (!err)
        err = count_line(out, lang, BF_MSG_LBL_FOLLOWERS_KNOWN,
                         (double)au->known, 0);
    if (!err)
        err = count_line(out, lang, BF_MSG_LBL_SAMPLE, au->sample, 0);
    if (!err && au->profiles > 0) {
        err = share_line(out, lang, BF_MSG_LBL_SHARE_ANY, &au->any);
        if (!err)
            err = share_line(out, lang, BF_MSG_LBL_SHARE_WEAK, &au->weak);
        if (!err)
            err = share_line(out, lang, BF_MSG_LBL_SHARE_SB, &au->sb);
        how_seen[BF_MSG_HOW_SHARE] = 1;
    }
    if (!err)
        err = count_line(out, lang, BF_MSG_LBL_RATIO, r->ratio, 2);

    /* Engagement figures. */
    if (!err)
        err = heading(out, lang, BF_MSG_SEC_ENGAGEMENT, color);
    if (!err)
        err = count_line(out, lang, BF_MSG_LBL_POSTS_READ, en->posts, 0);
    if (!err)
        err = count_line(out, lang, BF_MSG_LBL_ENG_MEAN, en->mean, 1);
    if (!err)
        err = count_line(out, lang, BF_MSG_LBL_ENG_MEDIAN, en->median, 1);
    if (!err) {
        err = label(out, lang, BF_MSG_LBL_ENG_RATE);
        if (!err)
            err = bf_msg_percent(out, lang, en->rate, 3);
        if (!err)
            err = bf_buf_putc(out, '\n');
    }
    how_seen[BF_MSG_HOW_ENG_RATE] = 1;

    /* What would change the verdict. */
    if (!err && r->nchanges)
        err = heading(out, lang, BF_MSG_SEC_CHANGE, color);
    for (i = 0; !err && i < r->nchanges; i++)
        err = sentence_line(out, lang, &r->changes[i]);

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
