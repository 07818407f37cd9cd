/*
 * edges.c - follower edge lists.
 *
 * Two shapes are read by one tokenizer: SNAP-style lines of whitespace-
 * separated ids ("0 1", optionally a third column such as a weight or a
 * time, which is ignored), and CSV with a header naming the two columns
 * ("follower,followee", also "source,target" or "from,to", in either
 * order) and optionally a "position" column: the follower's index in the
 * followee's newest-first follower list, which dates arrivals (docs/
 * report.md, growth).  Separators are spaces, tabs and commas; ids may be
 * quoted.
 * Lines starting with '#' or '%' are comments (SNAP and KONECT style) and
 * blank lines are skipped.
 *
 * A pair "a b" means a follows b.  With opts->undirected each pair is also
 * sent reversed, for friendship graphs such as Facebook's.  Memory is the
 * line window only: nothing is kept between lines but the column layout.
 */
#include <stdint.h>
#include <string.h>
#include <strings.h>

#include "ingest/ingest.h"

#define MAX_FIELDS 4
#define MAX_ID     256

typedef struct field {
    const char *p;
    size_t n;
} field;

/*
 * split cuts line into at most MAX_FIELDS fields and returns how many, or
 * -1 for more fields or an unterminated quote.  The line is left as it
 * is: a field is its start and length.
 */
static int split(const char *line, field *f)
{
    int nf = 0;
    const char *s = line;

    for (;;) {
        while (*s == ' ' || *s == '\t' || *s == ',')
            s++;
        if (!*s)
            break;
        if (nf == MAX_FIELDS)
            return -1;
        if (*s == '"') {
            const char *q = strchr(s + 1, '"');

            if (!q)
                return -1;
            f[nf].p = s + 1;
            f[nf].n = (size_t)(q - s - 1);
            s = q + 1;
        } else {
            f[nf].p = s;
            while (*s && *s != ' ' && *s != '\t' && *s != ',')
                s++;
            f[nf].n = (size_t)(s - f[nf].p);
        }
        nf++;
    }
    return nf;
}

/*
 * valid_id accepts printable tokens without separators, up to MAX_ID:
 * no byte at or below ' ', no DEL, and valid UTF-8.  Eight bytes at a step: a byte
 * below 0x21 borrows in w - 0x21... and so sets its top bit, unless its
 * own top bit was set (UTF-8, accepted); DEL is found as a zero byte of
 * w ^ 0x7f...  (the bit tricks of "Bit Twiddling Hacks", haszero).
 */
static int valid_id(const field *f)
{
    const uint64_t ones = 0x0101010101010101u, high = 0x8080808080808080u;
    uint64_t seen = 0; /* the bytes or'ed: a top bit means not ASCII */
    size_t i = 0;

    if (f->n == 0 || f->n > MAX_ID)
        return 0;
    for (; i + 8 <= f->n; i += 8) {
        uint64_t w, del;

        memcpy(&w, f->p + i, 8);
        del = w ^ (0x7f * ones);
        if (((w - 0x21 * ones) & ~w & high) || ((del - ones) & ~del & high))
            return 0;
        seen |= w;
    }
    for (; i < f->n; i++) {
        if ((unsigned char)f->p[i] <= ' ' || f->p[i] == 0x7f)
            return 0;
        seen |= (unsigned char)f->p[i];
    }
    /* Bytes above 0x7F must spell UTF-8: an id goes into JSON reports.
     * Plain ASCII, the usual id, needs no second look. */
    return !(seen & high) || bf__utf8_valid(f->p, f->n);
}

static int is_name(const field *f, const char *const *names)
{
    for (; *names; names++)
        if (strlen(*names) == f->n && strncasecmp(f->p, *names, f->n) == 0)
            return 1;
    return 0;
}

static const char *const from_names[] = {
    "follower", "source", "from", "src", "follower_id", "source_id", NULL
};
static const char *const to_names[] = { "followee", "target",      "to",
                                        "dst",      "followee_id", "target_id",
                                        "friend",   "friend_id",   NULL };

static const char *const pos_names[] = { "position", "pos", "rank", NULL };

/*
 * header recognises a CSV header line and sets the column of each end and
 * of the position (-1 when there is none); returns 0 when the line is data.
 */
static int header(const field *f, int nf, int *from, int *to, int *pos)
{
    int i, a = -1, b = -1, p = -1;

    for (i = 0; i < nf; i++) {
        if (is_name(&f[i], from_names))
            a = i;
        else if (is_name(&f[i], to_names))
            b = i;
        else if (is_name(&f[i], pos_names))
            p = i;
    }
    if (a < 0 || b < 0)
        return 0;
    *from = a;
    *to = b;
    *pos = p;
    return 1;
}

/* position reads a list position: a decimal below 2^31, else -1. */
static int64_t position(const field *f)
{
    int64_t v = 0;
    size_t i;

    if (f->n == 0 || f->n > 10)
        return -1;
    for (i = 0; i < f->n; i++) {
        if (f->p[i] < '0' || f->p[i] > '9')
            return -1;
        v = v * 10 + (f->p[i] - '0');
    }
    return v < INT32_MAX ? v : -1;
}

/*
 * report files diagnostic id for the current line of in, quoting the line
 * (its first 40 bytes, cut by bf_diag_quote after it scrubbed the whole
 * line) as the detail.
 */
static void report(bf_diags *diags, bf_diag_id id, bf_input *in,
                   const char *line, size_t len)
{
    bf_diag_quote(diags, id, bf_input_name(in), bf_input_lineno(in),
                  bf_input_offset(in), line, len, 40);
}

/*
 * expect tells the sink, once EXPECT_AFTER follows are read, how many the
 * whole input holds by the bytes they took: the store then knows early
 * that a large list is coming (store.h, bf_store_expect_follows).
 */
#define EXPECT_AFTER 4096u

static void expect(bf_input *in, const bf_ingest_opts *opts, uint64_t sent)
{
    uint64_t done, total;
    double n;

    if (!opts->more || !opts->more->expect ||
        !bf_input_progress(in, &done, &total) || done == 0)
        return;
    /* A follow takes more than a byte of the file, however it is read. */
    n = (double)sent * (double)total / (double)done;
    opts->more->expect(opts->more->ctx,
                       n < (double)total ? (uint64_t)n : total);
}

bf_err bf_read_edges(bf_input *in, const bf_ingest_opts *opts, bf_sink *sink,
                     bf_diags *diags)
{
    const char *name = bf_input_name(in);
    const char *platform =
            opts->platform ? opts->platform : BF_PLATFORM_GENERIC;
    int from = 0, to = 1, pos = -1, seen_data = 0;
    uint64_t sent = 0;
    const char *line;
    size_t len;
    bf_err err;

    for (;;) {
        field f[MAX_FIELDS];
        char a[MAX_ID + 1], b[MAX_ID + 1];
        bf_follow fw;
        int nf;
        const char *s;
        size_t rest;

        err = bf_input_line(in, &line, &len);
        if (err == BF_ENOTFOUND)
            return BF_OK;
        if (err == BF_ELIMIT) {
            bf_diag(diags, BF_D_LINE_TOO_LONG, name, bf_input_lineno(in),
                    bf_input_offset(in), NULL);
            continue;
        }
        if (err)
            return err;
        s = line;
        while (*s == ' ' || *s == '\t')
            s++;
        if (!*s || *s == '#' || *s == '%')
            continue;
        rest = len - (size_t)(s - line);
        /* A NUL would end an id early, and one id pass for another. */
        if (memchr(s, '\0', rest)) {
            report(diags, BF_D_BAD_ID, in, s, rest);
            continue;
        }
        nf = split(s, f);
        if (!seen_data && nf >= 2 && header(f, nf, &from, &to, &pos)) {
            seen_data = 1;
            continue;
        }
        seen_data = 1;
        if (nf < 2 || nf > 3 || from >= nf || to >= nf) {
            report(diags, BF_D_EDGE_FIELDS, in, s, rest);
            continue;
        }
        if (!valid_id(&f[from]) || !valid_id(&f[to])) {
            report(diags, BF_D_BAD_ID, in, s, rest);
            continue;
        }
        memcpy(a, f[from].p, f[from].n);
        a[f[from].n] = '\0';
        memcpy(b, f[to].p, f[to].n);
        b[f[to].n] = '\0';
        /*
         * A self-follow is a well-formed line, so the warning names the
         * id rather than quoting the line: "194873 194873 1" (ids and a
         * weight) has the groups of a phone number, and the scrubber,
         * which must catch "06 12 34 56 78" in a bio, cannot tell them
         * apart.  The id still goes through it: ids may be anything.
         */
        if (strcmp(a, b) == 0)
            bf_diag(diags, BF_D_SELF_FOLLOW, name, bf_input_lineno(in),
                    bf_input_offset(in), a);
        if (!sink->follow)
            continue;
        fw.platform = platform;
        fw.follower = a;
        fw.followee = b;
        fw.observed_at = opts->observed_at;
        fw.position = pos >= 0 && pos < nf ? position(&f[pos]) : -1;
        if (pos >= 0 && fw.position < 0)
            bf_diag(diags, BF_D_BAD_COUNT, name, bf_input_lineno(in),
                    bf_input_offset(in), "position");
        err = sink->follow(sink->ctx, &fw);
        if (!err && opts->undirected && strcmp(a, b) != 0) {
            /* A position belongs to one direction of a list only. */
            fw.follower = b;
            fw.followee = a;
            fw.position = -1;
            err = sink->follow(sink->ctx, &fw);
        }
        if (err)
            return err;
        if (++sent == EXPECT_AFTER)
            expect(in, opts, sent);
    }
}
