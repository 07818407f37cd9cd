/*
 * kit.c - the reader kit: positions, counts, dates, ids, mojibake, records.
 *
 * Each function reads one member through json_fields.c's accessors and
 * adds what exports need beyond the API readers: counts and dates as
 * strings in the shapes the five export formats use, and Meta's mojibake.
 * Meta's exporters take the UTF-8 bytes of a string and write each byte as
 * its own \u00XX escape, so a JSON parser yields one character per byte,
 * each below U+0100.  Taking those characters back as bytes gives the
 * original UTF-8.  The decoding is only applied when the result is valid
 * UTF-8 and something above U+007F was there, which a properly written
 * Latin-1 accented text ("café", é = C3 A9 in UTF-8, one character E9
 * after decoding would not be valid UTF-8 on its own) never satisfies by
 * chance in practice: a single high character is never a valid sequence.
 * One pass, O(n).
 */
#include "ingest/kit.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "base/time.h"
#include "ingest/json_fields.h"

/* A string slot keeps at most this much decoded text. */
#define SLOT_LIMIT (16u << 20)

void bf_kit_init(bf_kit *k, const bf_ingest_opts *opts, bf_sink *sink,
                 bf_diags *diags, const char *platform)
{
    int i;

    memset(k, 0, sizeof *k);
    k->opts = opts;
    k->sink = sink;
    k->diags = diags;
    k->platform = opts->platform ? opts->platform : platform;
    k->observed_at = opts->observed_at;
    k->now = bf_time_now();
    bf_buf_init(&k->file, 1u << 16);
    for (i = 0; i < BF_KIT_SLOTS; i++)
        bf_buf_init(&k->slot[i], SLOT_LIMIT);
}

void bf_kit_release(bf_kit *k)
{
    int i;

    bf_buf_release(&k->file);
    for (i = 0; i < BF_KIT_SLOTS; i++)
        bf_buf_release(&k->slot[i]);
}

void bf_kit_at(bf_kit *k, const char *file, uint64_t line, uint64_t offset)
{
    if (file && file != k->file.data) {
        bf_buf_reset(&k->file);
        /* A label too long for the buffer is cut; it only names a file. */
        if (bf_buf_puts(&k->file, file) != BF_OK)
            bf_buf_reset(&k->file);
    }
    k->line = line;
    k->offset = offset;
}

void bf_kit_report(bf_kit *k, bf_diag_id id, const char *detail)
{
    bf_diag(k->diags, id, k->file.data ? k->file.data : "", k->line, k->offset,
            detail);
}

void bf_kit_report_at(bf_kit *k, bf_diag_id id, const char *where, size_t index,
                      const char *detail)
{
    bf__json_diag_at(k->diags, id, k->file.data ? k->file.data : "", k->line,
                     k->offset, where, index, detail);
}

bf_err bf_kit_same(bf_kit *k, const bf_json *obj, const char *native_id,
                   uint64_t *out_digest, int *out_same)
{
    uint64_t seed;

    *out_digest = 0;
    *out_same = 0;
    if (!k->sink->same)
        return BF_OK;
    /* What the account read from obj depends on besides obj itself. */
    seed = (uint64_t)k->observed_at * 0x9e3779b97f4a7c15ull ^ (uint64_t)k->now;
    *out_digest = bf_json_digest(obj, seed);
    /* 0 is "no digest": a record that digests to it is always sent. */
    if (!*out_digest)
        return BF_OK;
    return k->sink->same(k->sink->ctx, k->platform, native_id, *out_digest,
                         out_same);
}

size_t bf_kit_diags_seen(const bf_kit *k)
{
    return k->diags ? k->diags->warnings + k->diags->rejected : 0;
}

int64_t bf_kit_count_as(bf_kit *k, const bf_json *obj, const char *key,
                        unsigned flags)
{
    int64_t n;

    if (bf_json_get_count(obj, key, flags, &n) != BF_OK)
        bf_kit_report(k, BF_D_BAD_COUNT, key);
    return n;
}

int64_t bf_kit_date(bf_kit *k, const bf_json *obj, const char *key)
{
    int64_t t;

    if (bf_json_get_time(obj, key, k->now, &t) != BF_OK)
        bf_kit_report(k, BF_D_BAD_DATE, key);
    return t;
}

bf_err bf_kit_count_text(const char *s, size_t n, int64_t *out_n)
{
    int64_t v = 0;
    size_t i, digits = 0;

    *out_n = -1;
    while (n > 0 && isspace((unsigned char)s[n - 1]))
        n--;
    for (i = 0; i < n && isspace((unsigned char)s[i]); i++)
        ;
    for (; i < n; i++) {
        if (s[i] >= '0' && s[i] <= '9') {
            if (++digits > 18)
                return BF_EPARSE;
            v = v * 10 + (s[i] - '0');
        } else if ((s[i] == ',' || s[i] == '.' || s[i] == ' ') && digits &&
                   i + 1 < n) {
            /* A group separator, never a leading or trailing one. */
            continue;
        } else {
            return BF_EPARSE;
        }
    }
    if (!digits)
        return BF_EPARSE;
    *out_n = v;
    return BF_OK;
}

int64_t bf_kit_count(bf_kit *k, const bf_json *obj, const char *key)
{
    const char *s;
    size_t n;
    int64_t v = -1;

    s = bf_json_get_strn(obj, key, &n);
    if (s) {
        /* Exports write a missing count as "N/A" or "None", or leave it
         * empty: unknown, not an error. */
        if (n == 0 || strcmp(s, "N/A") == 0 || strcmp(s, "None") == 0)
            return -1;
        if (bf_kit_count_text(s, n, &v) != BF_OK)
            bf_kit_report(k, BF_D_BAD_COUNT, key);
        return v;
    }
    if (bf_json_get_count(obj, key, 0, &v) != BF_OK)
        bf_kit_report(k, BF_D_BAD_COUNT, key);
    return v;
}

/* month_of is 1..12 for a three-letter English month name, else 0. */
static int month_of(const char *s)
{
    static const char names[] = "JanFebMarAprMayJunJulAugSepOctNovDec";
    int i;

    for (i = 0; i < 12; i++)
        if (strncasecmp(s, names + 3 * i, 3) == 0)
            return i + 1;
    return 0;
}

bf_err bf_kit_time_text(const char *s, size_t n, int64_t *out_t)
{
    char tmp[40];
    int day, year, month;

    *out_t = 0;
    while (n > 0 && isspace((unsigned char)s[n - 1]))
        n--;
    /* Takeout ends its times with " UTC"; the zone adds nothing. */
    if (n > 4 && (memcmp(s + n - 4, " UTC", 4) == 0 ||
                  memcmp(s + n - 4, " GMT", 4) == 0))
        n -= 4;
    if (n == 0 || n >= sizeof tmp)
        return BF_EPARSE;
    memcpy(tmp, s, n);
    tmp[n] = '\0';
    /* LinkedIn's "12 Mar 2021": rewritten as an ISO date. */
    if (n >= 10 && n <= 11 && isdigit((unsigned char)tmp[0])) {
        char mon[4] = { 0 };

        if (sscanf(tmp, "%2d %3s %4d", &day, mon, &year) == 3 &&
            (month = month_of(mon)) != 0 && day >= 1 && day <= 31 &&
            year >= 1971 && year <= 9999) {
            /* Room for any int, which the compiler cannot rule out. */
            char iso[40];

            snprintf(iso, sizeof iso, "%04d-%02d-%02d", year, month, day);
            return bf_time_parse(iso, 10, out_t);
        }
    }
    return bf_time_parse(tmp, n, out_t);
}

int64_t bf_kit_time(bf_kit *k, const bf_json *obj, const char *key)
{
    bf_json v;
    const char *s;
    size_t n;
    int64_t t = 0;

    if (bf_json_get(obj, key, &v) != BF_OK || bf_json_is_null(&v))
        return 0;
    switch (bf_json_type_of(&v)) {
    case BF_JSON_INT64:
        if (bf_json_int64(&v, &t) != BF_OK || t < 0) {
            bf_kit_report(k, BF_D_BAD_DATE, key);
            return 0;
        }
        /* Milliseconds: 10^11 seconds is the year 5138. */
        return t > 100000000000LL ? t / 1000 : t;
    case BF_JSON_STRING:
        if (bf_json_string(&v, &s, &n) != BF_OK || n == 0)
            return 0;
        if (bf_kit_time_text(s, n, &t) != BF_OK) {
            bf_kit_report(k, BF_D_BAD_DATE, key);
            return 0;
        }
        return t;
    default:
        bf_kit_report(k, BF_D_BAD_DATE, key);
        return 0;
    }
}

const char *bf_kit_id(bf_kit *k, const bf_json *obj, const char *key,
                      char tmp[BF_JSON_ID_MAX])
{
    bf_json v;
    const char *s = NULL;
    size_t n;

    if (bf_json_get(obj, key, &v) != BF_OK || bf_json_is_null(&v))
        return NULL;
    /* bf_json_id reads integers through their 64 bits, never a double. */
    if (bf_json_id(&v, tmp, &s, &n) != BF_OK || !bf_json_id_printable(s)) {
        bf_kit_report(k, BF_D_BAD_ID, key);
        return NULL;
    }
    return s;
}

int bf_kit_unmojibake(const char *s, size_t n, bf_buf *out)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t i, start = out->len;
    int high = 0;

    /* First pass: every character must be U+0000..U+00FF. */
    for (i = 0; i < n; i++) {
        if (u[i] < 0x80)
            continue;
        if ((u[i] != 0xC2 && u[i] != 0xC3) || i + 1 >= n || u[i + 1] < 0x80 ||
            u[i + 1] > 0xBF)
            return 0;
        high = 1;
        i++;
    }
    if (!high)
        return 0;
    for (i = 0; i < n; i++) {
        unsigned char c = u[i];

        if (c >= 0x80) {
            c = (unsigned char)(((c & 0x03) << 6) | (u[i + 1] & 0x3F));
            i++;
        }
        if (bf_buf_putc(out, (char)c) != BF_OK) {
            out->len = start;
            return -1;
        }
    }
    if (!bf__utf8_valid(out->data + start, out->len - start)) {
        out->len = start;
        out->data[start] = '\0';
        return 0;
    }
    out->data[out->len] = '\0';
    return 1;
}

const char *bf_kit_fix(bf_kit *k, int slot, const char *s)
{
    bf_buf *b;

    if (!s || slot < 0 || slot >= BF_KIT_SLOTS)
        return s;
    b = &k->slot[slot];
    bf_buf_reset(b);
    return bf_kit_unmojibake(s, strlen(s), b) == 1 ? b->data : s;
}

const char *bf_kit_str(bf_kit *k, int slot, const bf_json *obj, const char *key)
{
    return bf_kit_fix(k, slot, bf_json_get_str(obj, key));
}

bf_err bf_kit_account(bf_kit *k, bf_account *a)
{
    if (!a->platform)
        a->platform = k->platform;
    if (!a->observed_at)
        a->observed_at = k->observed_at;
    if (!k->sink->account)
        return BF_OK;
    return k->sink->account(k->sink->ctx, a);
}

bf_err bf_kit_post(bf_kit *k, bf_post *p)
{
    if (!p->platform)
        p->platform = k->platform;
    k->posts++;
    if (!k->sink->post)
        return BF_OK;
    return k->sink->post(k->sink->ctx, p);
}

/* send_follow sends follower -> followee at position, seen at the kit's
 * observation time, when the sink takes follows. */
static bf_err send_follow(bf_kit *k, const char *follower, const char *followee,
                          int64_t position)
{
    bf_follow f;

    if (!k->sink->follow)
        return BF_OK;
    memset(&f, 0, sizeof f);
    f.platform = k->platform;
    f.follower = follower;
    f.followee = followee;
    f.observed_at = k->observed_at;
    f.position = position;
    k->follows++;
    return k->sink->follow(k->sink->ctx, &f);
}

bf_err bf_kit_follow(bf_kit *k, const char *follower, const char *followee,
                     int64_t followed_at)
{
    const bf_sink_more *m = k->opts->more;
    bf_err err = send_follow(k, follower, followee, -1);

    if (!err && followed_at > 0 && m && m->arrival) {
        bf_arrival a;

        a.platform = k->platform;
        a.follower = follower;
        a.followee = followee;
        a.followed_at = followed_at;
        k->arrivals++;
        err = m->arrival(m->ctx, &a);
    }
    return err;
}

bf_err bf_kit_insight(bf_kit *k, const char *account, const char *kind,
                      const char *key, double value)
{
    const bf_sink_more *m = k->opts->more;
    bf_insight in;

    k->insights++;
    if (!m || !m->insight)
        return BF_OK;
    in.platform = k->platform;
    in.account = account;
    in.kind = kind;
    in.key = key ? key : "";
    in.value = value;
    in.observed_at = k->observed_at;
    return m->insight(m->ctx, &in);
}

bf_err bf_kit_shares(bf_kit *k, const char *account, const char *kind,
                     const char *list)
{
    char key[128];
    const char *p = list, *end, *colon;
    bf_err err = BF_OK;

    while (!err && p && *p) {
        size_t len, klen;
        char *stop;
        double v;

        end = strstr(p, ", ");
        len = end ? (size_t)(end - p) : strlen(p);
        /* The last colon of the entry: labels may hold one themselves. */
        colon = NULL;
        for (klen = 0; klen < len; klen++)
            if (p[klen] == ':')
                colon = p + klen;
        if (colon && (size_t)(colon - p) < sizeof key) {
            klen = (size_t)(colon - p);
            memcpy(key, p, klen);
            key[klen] = '\0';
            v = strtod(colon + 1, &stop);
            if (stop > colon + 1 && *stop == '%' && stop < p + len + 1 &&
                v >= 0 && v <= 100)
                err = bf_kit_insight(k, account, kind, key, v);
            else
                bf_kit_report(k, BF_D_BAD_COUNT, kind);
        } else {
            bf_kit_report(k, BF_D_BAD_COUNT, kind);
        }
        p = end ? end + 2 : NULL;
    }
    return err;
}

void bf_kit_csv_init(bf_kit_csv *c, const char *p, size_t n)
{
    memset(c, 0, sizeof *c);
    c->p = p;
    c->n = n;
    c->next_line = 1;
    bf_buf_init(&c->rec, 16u << 20);
}

void bf_kit_csv_release(bf_kit_csv *c)
{
    bf_buf_release(&c->rec);
}

bf_err bf_kit_csv_next(bf_kit_csv *c)
{
    size_t i = c->pos, start[BF_KIT_CSV_FIELDS], k;
    int quoted = 0;
    bf_err err = BF_OK;

    if (i >= c->n)
        return BF_ENOTFOUND;
    /* A byte-order mark before the header is not part of it. */
    if (i == 0 && c->n >= 3 && memcmp(c->p, "\xEF\xBB\xBF", 3) == 0)
        i = 3;
    bf_buf_reset(&c->rec);
    c->line = c->next_line;
    c->nfields = 0;
    start[c->nfields++] = 0;
    for (; i < c->n; i++) {
        char ch = c->p[i];

        if (quoted) {
            if (ch == '"' && i + 1 < c->n && c->p[i + 1] == '"') {
                i++;
            } else if (ch == '"') {
                quoted = 0;
                continue;
            }
            if (ch == '\n')
                c->next_line++;
        } else if (ch == '"') {
            quoted = 1;
            continue;
        } else if (ch == ',') {
            err = bf_buf_putc(&c->rec, '\0');
            if (err)
                break;
            if (c->nfields < BF_KIT_CSV_FIELDS)
                start[c->nfields++] = c->rec.len;
            continue;
        } else if (ch == '\n' || ch == '\r') {
            if (ch == '\r' && i + 1 < c->n && c->p[i + 1] == '\n')
                i++;
            c->next_line++;
            i++;
            break;
        }
        err = bf_buf_putc(&c->rec, ch);
        if (err)
            break;
    }
    if (!err)
        err = bf_buf_putc(&c->rec, '\0');
    c->pos = i;
    if (err) {
        /* Skip to the end of the text: the record cannot be held. */
        c->pos = c->n;
        return err;
    }
    for (k = 0; k < c->nfields; k++)
        c->field[k] = c->rec.data + start[k];
    return quoted ? BF_EPARSE : BF_OK;
}

int bf_kit_csv_col(const bf_kit_csv *c, const char *name)
{
    size_t i;

    for (i = 0; i < c->nfields; i++)
        if (strcmp(c->field[i], name) == 0)
            return (int)i;
    return -1;
}

const char *bf_kit_csv_get(const bf_kit_csv *c, int i)
{
    return i >= 0 && (size_t)i < c->nfields ? c->field[i] : NULL;
}

void bf_kit_unquote_lines(char *s)
{
    char *w = s, *r = s;
    int first = 1;

    if (!strchr(s, '\n'))
        return;
    while (*r) {
        char *nl = strchr(r, '\n');
        size_t len = nl ? (size_t)(nl - r) : strlen(r);

        if (!first && len > 0 && r[0] == '"') {
            r++;
            len--;
        }
        if (nl && len > 0 && r[len - 1] == '"')
            len--;
        memmove(w, r, len);
        w += len;
        if (!nl)
            break;
        *w++ = '\n';
        r = nl + 1;
        first = 0;
    }
    *w = '\0';
}

/* The reader's function and context, behind kit_doc. */
typedef struct kit_docs {
    bf_kit *k;
    bf_json_doc_fn fn;
    void *ctx;
} kit_docs;

/* kit_doc places the kit at the document, then hands it on. */
static bf_err kit_doc(void *ctx, const bf_json *root, uint64_t line,
                      uint64_t offset)
{
    kit_docs *d = ctx;

    d->k->line = line;
    d->k->offset = offset;
    return d->fn(d->ctx, root, line, offset);
}

bf_err bf_kit_json_docs(bf_kit *k, bf_input *in, bf_json_doc_fn fn, void *ctx)
{
    kit_docs d = { k, fn, ctx };
    bf_json_parser *p = NULL;
    bf_err err;

    bf_kit_at(k, bf_input_name(in), 0, 0);
    err = bf_json_parser_new(BF_INGEST_MAX_LINE, &p);
    if (!err)
        err = bf__json_docs(in, p, k->diags, kit_doc, &d);
    bf_json_parser_free(p);
    return err;
}

void bf_kit_pages_subject(bf_kit_pages *pg, const char *subject)
{
    if (strcmp(subject, pg->subject) != 0) {
        snprintf(pg->subject, sizeof pg->subject, "%s", subject);
        pg->next = 0;
    }
}

bf_err bf_kit_page_follow(bf_kit *k, bf_kit_pages *pg, const char *subject,
                          const char *id, int followers, const char *where,
                          size_t index)
{
    if (!k->sink->follow)
        return BF_OK;
    if (strcmp(id, subject) == 0)
        bf_kit_report_at(k, BF_D_SELF_FOLLOW, where, index, id);
    /* Only a followers list has an order bonafide uses (newest first). */
    return followers ? send_follow(k, id, subject, pg->next++)
                     : send_follow(k, subject, id, -1);
}
