/*
 * ingest.c - format names, detection and the one entry point.
 *
 * Detection looks at the first few kilobytes, never the whole file, so it
 * works on stdin and on compressed input alike (bf_input_peek sees the
 * decompressed bytes).  The rules are deliberately simple and ordered from
 * the most specific shape to the least: JSON first (a '{' or '['), then a
 * CSV header naming Twitter user fields, then edge lists.  A file that fits
 * none is reported as one diagnostic and skipped; --format overrides it.
 *
 * Among JSON files, the shapes of the X API v2 (twarc2 pages, flattened
 * tweets) and of the TwiBot-20 benchmark are recognised here, from keys
 * only they write, before the remaining JSON platforms are told apart by
 * bf__json_sniff.  The --label option is applied here too, by a sink that
 * wraps the caller's and sets the label of every account passing through,
 * so every reader honours it without knowing of it.
 *
 * The UTF-8 helpers follow RFC 3629 (table 3-7 of the Unicode standard):
 * a decoder that accepts exactly the well-formed sequences, and a repair
 * that replaces each ill-formed run (a byte that cannot start a sequence,
 * or a truncated one, with the continuation bytes after it) by one U+FFFD,
 * in one pass: O(n).
 *
 * NUL bytes are repaired the same way, in the one place every JSON line
 * goes through (bf__json_line): a raw NUL becomes U+FFFD, the escape
 * \u0000 becomes \uFFFD, and the record is kept with the same warning.
 * C strings end at a NUL, so "alice\u0000x" would otherwise be stored as
 * the handle "alice" and pass for that account.
 */
#include "ingest/ingest.h"
#include "base/buf.h"
#include "base/time.h"
#include "ingest/bundle.h"
#include "ingest/exports.h"
#include "ingest/json.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

static const char *const names[BF_FMT__COUNT] = {
    [BF_FMT_AUTO] = "auto",
    [BF_FMT_EDGES] = "edges",
    [BF_FMT_TWITTER_CSV] = "twitter-csv",
    [BF_FMT_TWITTER_V1] = "twitter-v1",
    [BF_FMT_MASTODON] = "mastodon",
    [BF_FMT_BLUESKY] = "bluesky",
    [BF_FMT_X_ARCHIVE] = "x-archive",
    [BF_FMT_TWITTER_V2] = "twitter-v2",
    [BF_FMT_TWIBOT] = "twibot",
    [BF_FMT_INSTAGRAM_CSV] = "instagram-csv",
    [BF_FMT_CAVERLEE] = "caverlee",
    [BF_FMT_INSTAGRAM] = "instagram",
    [BF_FMT_FACEBOOK] = "facebook",
    [BF_FMT_TIKTOK] = "tiktok",
    [BF_FMT_LINKEDIN] = "linkedin",
    [BF_FMT_YOUTUBE] = "youtube",
    [BF_FMT_YOUTUBE_API] = "youtube-api",
    [BF_FMT_GRAPH_API] = "graph-api",
    [BF_FMT_TIKTOK_API] = "tiktok-api",
};

int bf_format_is_export(bf_format f)
{
    return f == BF_FMT_X_ARCHIVE || f == BF_FMT_INSTAGRAM ||
           f == BF_FMT_FACEBOOK || f == BF_FMT_TIKTOK || f == BF_FMT_LINKEDIN ||
           f == BF_FMT_YOUTUBE;
}

void bf_ingest_opts_init(bf_ingest_opts *o)
{
    memset(o, 0, sizeof *o);
    o->format = BF_FMT_AUTO;
}

const char *bf_format_name(bf_format f)
{
    return (unsigned)f < BF_FMT__COUNT ? names[f] : "unknown";
}

bf_err bf_format_parse(const char *name, bf_format *out_f)
{
    int i;

    for (i = 0; i < BF_FMT__COUNT; i++) {
        if (strcmp(name, names[i]) == 0) {
            *out_f = (bf_format)i;
            return BF_OK;
        }
    }
    return BF_EINVAL;
}

/* first_line finds the first line that is neither blank nor a comment. */
static const char *first_line(const char *p, size_t n, size_t *out_len)
{
    const char *end = p + n;

    while (p < end) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        size_t len = nl ? (size_t)(nl - p) : (size_t)(end - p);
        size_t i = 0;

        while (i < len && (p[i] == ' ' || p[i] == '\t' || p[i] == '\r'))
            i++;
        if (i < len && p[i] != '#' && p[i] != '%') {
            *out_len = len;
            return p;
        }
        if (!nl)
            break;
        p = nl + 1;
    }
    *out_len = 0;
    return NULL;
}

static int contains(const char *p, size_t n, const char *word)
{
    size_t w = strlen(word), i;

    for (i = 0; i + w <= n; i++)
        if (memcmp(p + i, word, w) == 0)
            return 1;
    return 0;
}

/* has_key is 1 when "key" occurs in p (n bytes) followed by a colon. */
static int has_key(const char *p, size_t n, const char *key)
{
    size_t k = strlen(key), i, j;

    for (i = 0; i + k + 2 <= n; i++) {
        if (p[i] != '"' || memcmp(p + i + 1, key, k) != 0 ||
            p[i + 1 + k] != '"')
            continue;
        for (j = i + k + 2; j < n && isspace((unsigned char)p[j]); j++)
            ;
        if (j < n && p[j] == ':')
            return 1;
    }
    return 0;
}

/*
 * json_shape tells the JSON formats this file reads itself: a twarc2 page
 * has "data" with "includes", "meta" or twarc's "__twarc"; a v2 tweet or
 * user has v2-only keys and none of v1.1's; TwiBot-20 is an array of
 * records with "ID" and "profile".  BF_FMT_AUTO for anything else.
 */
static bf_format json_shape(const char *p, size_t n)
{
    int v1 = has_key(p, n, "id_str") || has_key(p, n, "screen_name");

    if (p[0] == '[' && has_key(p, n, "ID") && has_key(p, n, "profile"))
        return BF_FMT_TWIBOT;
    /* TikTok's export: one file of nested sections with capitalised
     * names, its profile under ProfileMap, its followers in FansList. */
    if (has_key(p, n, "ProfileMap") || has_key(p, n, "FansList") ||
        (has_key(p, n, "Your Activity") && has_key(p, n, "Profile")))
        return BF_FMT_TIKTOK;
    /* TikTok's APIs answer {"data", "error": {"code", "log_id"}}; the
     * error may come after a long page, so the endpoints' own keys count
     * too. */
    if (has_key(p, n, "log_id") || has_key(p, n, "user_followers") ||
        has_key(p, n, "user_following") || has_key(p, n, "bio_description") ||
        has_key(p, n, "video_description") ||
        (has_key(p, n, "video_id") && has_key(p, n, "create_time")))
        return BF_FMT_TIKTOK_API;
    /* Meta's Graph API: business discovery, edges with "paging", Page
     * nodes, insight metrics, Instagram users (media_count is theirs). */
    if (has_key(p, n, "business_discovery") ||
        (has_key(p, n, "data") && has_key(p, n, "paging")) ||
        has_key(p, n, "fan_count") || has_key(p, n, "created_time") ||
        (has_key(p, n, "period") && has_key(p, n, "values")) ||
        (has_key(p, n, "followers_count") && has_key(p, n, "media_count")))
        return BF_FMT_GRAPH_API;
    /* The YouTube Data API names every resource "youtube#...". */
    if (has_key(p, n, "kind") && contains(p, n, "\"youtube#"))
        return BF_FMT_YOUTUBE_API;
    if (has_key(p, n, "data") &&
        (has_key(p, n, "includes") || has_key(p, n, "meta") ||
         has_key(p, n, "__twarc")))
        return BF_FMT_TWITTER_V2;
    if (!v1 && !has_key(p, n, "acct") &&
        (has_key(p, n, "author_id") ||
         (has_key(p, n, "username") && has_key(p, n, "public_metrics"))))
        return BF_FMT_TWITTER_V2;
    return BF_FMT_AUTO;
}

/* fields_of counts the fields of an edge-list line (blanks or commas). */
static int fields_of(const char *p, size_t n)
{
    size_t i = 0;
    int k = 0;

    while (i < n) {
        while (i < n &&
               (p[i] == ' ' || p[i] == '\t' || p[i] == ',' || p[i] == '\r'))
            i++;
        if (i == n)
            break;
        k++;
        while (i < n && p[i] != ' ' && p[i] != '\t' && p[i] != ',' &&
               p[i] != '\r')
            i++;
    }
    return k;
}

/*
 * edge_lines says whether the n bytes at p, from the first line that is
 * no comment, read as an edge list: that line and more than half of the
 * complete lines that are no comment have two to four fields.  A stray
 * bad line is then one reject among the pairs, and prose (a licence,
 * whose title "MIT License" has two words) is no edge list.
 */
static int edge_lines(const char *p, size_t n)
{
    const char *end = p + n;
    size_t lines = 0, good = 0;

    while (p < end) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        size_t len = nl ? (size_t)(nl - p) : (size_t)(end - p), i = 0, k;

        /* The peek may cut the last line: it counts only alone. */
        if (!nl && lines)
            break;
        while (i < len && (p[i] == ' ' || p[i] == '\t' || p[i] == '\r'))
            i++;
        if (i < len && p[i] != '#' && p[i] != '%') {
            k = fields_of(p, len);
            if (!lines && (k < 2 || k > 4))
                return 0;
            lines++;
            good += k >= 2 && k <= 4;
        }
        if (!nl)
            break;
        p = nl + 1;
    }
    return 2 * good > lines;
}

bf_format bf_format_detect(const char *p, size_t n, const char *path)
{
    bf_format f;
    size_t len, i = 0;
    const char *line;

    (void)path;
    /* Skip a UTF-8 byte-order mark and leading white space. */
    if (n >= 3 && memcmp(p, "\xEF\xBB\xBF", 3) == 0)
        i = 3;
    while (i < n &&
           (p[i] == ' ' || p[i] == '\t' || p[i] == '\r' || p[i] == '\n'))
        i++;
    if (i < n && (p[i] == '{' || p[i] == '[')) {
        f = json_shape(p + i, n - i);
        return f != BF_FMT_AUTO ? f : bf__json_sniff(p + i, n - i);
    }
    line = first_line(p + i, n - i, &len);
    if (!line)
        return BF_FMT_AUTO;
    if (contains(line, len, "screen_name") ||
        (contains(line, len, "followers_count") && contains(line, len, "id")))
        return BF_FMT_TWITTER_CSV;
    if (contains(line, len, "profile pic") && contains(line, len, "#follows"))
        return BF_FMT_INSTAGRAM_CSV;
    if (bf__caverlee_line(line, len))
        return BF_FMT_CAVERLEE;
    /* LinkedIn's Shares.csv and Connections.csv (after its Notes), and
     * Takeout's YouTube tables, by their column names. */
    if ((contains(line, len, "ShareLink") &&
         contains(line, len, "ShareCommentary")) ||
        (contains(p + i, n - i, "First Name,Last Name") &&
         contains(p + i, n - i, "Connected On")))
        return BF_FMT_LINKEDIN;
    if ((contains(line, len, "Video Id") &&
         contains(line, len, "Channel Id")) ||
        (contains(line, len, "Channel Id") &&
         contains(line, len, "Channel Title")))
        return BF_FMT_YOUTUBE;
    /* An edge list's lines are two to four ids (a weight or a time may
     * follow the pair); a NUL byte or a line of prose is no edge list,
     * and is better refused than read as lines of rejects, or as a
     * licence whose title "MIT License" would be one follow. */
    if (memchr(p, '\0', n) || !edge_lines(line, (size_t)(p + n - line)))
        return BF_FMT_AUTO;
    return BF_FMT_EDGES;
}

static int ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), k = strlen(suffix);

    return n >= k && strcasecmp(s + n - k, suffix) == 0;
}

const char *bf_label_parse(const char *s)
{
    static const struct {
        const char *in, *out;
    } map[] = {
        { "genuine", "genuine" },
        { "human", "genuine" },
        { "real", "genuine" },
        { "0", "genuine" },
        { "bot", "bot" },
        { "1", "bot" },
        { "fake", "fake" },
        { "fake follower", "fake" },
        { "fake_follower", "fake" },
        { "fake followers", "fake" },
    };

    size_t n, i;

    if (!s)
        return NULL;
    while (*s == ' ' || *s == '\t')
        s++;
    n = strlen(s);
    while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r'))
        n--;
    for (i = 0; i < sizeof map / sizeof map[0]; i++)
        if (strlen(map[i].in) == n && strncasecmp(s, map[i].in, n) == 0)
            return map[i].out;
    return NULL;
}

/*
 * utf8_seq is the length of the well-formed UTF-8 sequence at s (at most
 * n bytes), or 0 when the bytes there are ill-formed.  The ranges are
 * those of table 3-7 of the Unicode standard.
 */
static size_t utf8_seq(const unsigned char *s, size_t n)
{
    unsigned char c = s[0], lo = 0x80, hi = 0xBF;
    size_t len, i;

    if (c < 0x80)
        return 1;
    if (c >= 0xC2 && c <= 0xDF)
        len = 2;
    else if (c >= 0xE0 && c <= 0xEF)
        len = 3;
    else if (c >= 0xF0 && c <= 0xF4)
        len = 4;
    else
        return 0;
    if (c == 0xE0)
        lo = 0xA0;
    else if (c == 0xED)
        hi = 0x9F;
    else if (c == 0xF0)
        lo = 0x90;
    else if (c == 0xF4)
        hi = 0x8F;
    if (n < len || s[1] < lo || s[1] > hi)
        return 0;
    for (i = 2; i < len; i++)
        if (s[i] < 0x80 || s[i] > 0xBF)
            return 0;
    return len;
}

int bf__utf8_valid(const char *s, size_t n)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t i = 0, k;

    while (i < n) {
        /* Plain ASCII is the common case: skip it a byte at a time. */
        if (u[i] < 0x80) {
            i++;
            continue;
        }
        k = utf8_seq(u + i, n - i);
        if (!k)
            return 0;
        i += k;
    }
    return 1;
}

bf_err bf__utf8_repair(const char *s, size_t n, bf_buf *out, size_t *io_bad)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t i = 0, start = 0, k;
    bf_err err = BF_OK;

    while (i < n) {
        k = utf8_seq(u + i, n - i);
        if (k) {
            i += k;
            continue;
        }
        err = bf_buf_append(out, s + start, i - start);
        if (!err)
            err = bf_buf_append(out, "\xEF\xBF\xBD", 3);
        if (err)
            return err;
        (*io_bad)++;
        /* One replacement covers the bad byte and the continuation
         * bytes that follow it, which cannot start a sequence. */
        i++;
        while (i < n && u[i] >= 0x80 && u[i] <= 0xBF)
            i++;
        start = i;
    }
    return bf_buf_append(out, s + start, n - start);
}

/*
 * nul_at is the offset of the first NUL in s (n bytes), raw or written
 * as the escape \u0000 (a backslash that is not itself escaped), or n.
 */
static size_t nul_at(const char *s, size_t n)
{
    const char *z = memchr(s, '\0', n), *b = s;
    size_t end = z ? (size_t)(z - s) : n, i, k;

    while ((b = memchr(b, '\\', end - (size_t)(b - s))) != NULL) {
        i = (size_t)(b - s);
        /* An even run of backslashes escapes itself. */
        for (k = 0; i + k < end && s[i + k] == '\\'; k++)
            ;
        if (k % 2 == 1 && i + k + 5 <= end &&
            memcmp(s + i + k, "u0000", 5) == 0)
            return i + k - 1;
        b = s + i + k;
        if (i + k >= end)
            break;
    }
    return end;
}

bf_err bf__json_nul_repair(const char *s, size_t n, bf_buf *out, size_t *io_bad)
{
    size_t i = 0, k;
    bf_err err = BF_OK;

    while (!err && i < n) {
        k = nul_at(s + i, n - i);
        err = bf_buf_append(out, s + i, k);
        i += k;
        if (err || i >= n)
            break;
        (*io_bad)++;
        if (s[i] == '\0') {
            err = bf_buf_append(out, "\xEF\xBF\xBD", 3);
            i++;
        } else {
            err = bf_buf_append(out, "\\uFFFD", 6);
            i += 6;
        }
    }
    return err;
}

bf_err bf__json_line(bf_json_parser *p, const char *line, size_t len,
                     bf_buf *fix, bf_json *out_root, size_t *out_bad)
{
    bf_err err;

    *out_bad = 0;
    /* A NUL would end a handle early in every C string made from it, so
     * that "alice\u0000x" passed for "alice": it becomes U+FFFD. */
    if (nul_at(line, len) < len) {
        bf_buf_reset(fix);
        err = bf__json_nul_repair(line, len, fix, out_bad);
        if (!err)
            err = bf_json_parse_copy(p, fix->data, fix->len, out_root);
        if (err != BF_EPARSE ||
            bf_json_parser_fault(p, NULL) != BF_JSON_FAULT_UTF8)
            return err;
        /* Invalid UTF-8 too: repair that in a copy of the copy. */
        {
            bf_buf two;

            bf_buf_init(&two, fix->limit);
            err = bf__utf8_repair(fix->data, fix->len, &two, out_bad);
            if (!err)
                err = bf_json_parse_copy(p, two.data, two.len, out_root);
            bf_buf_release(&two);
        }
        return err;
    }
    err = bf_json_parse(p, line, len, out_root);
    if (err != BF_EPARSE || bf_json_parser_fault(p, NULL) != BF_JSON_FAULT_UTF8)
        return err;
    bf_buf_reset(fix);
    err = bf__utf8_repair(line, len, fix, out_bad);
    if (err)
        return err;
    /* A line simdjson calls bad UTF-8 but that needs no repair is bad
     * for another reason: report it as it was. */
    if (*out_bad == 0)
        return bf_json_parse(p, line, len, out_root);
    return bf_json_parse_copy(p, fix->data, fix->len, out_root);
}

bf_err bf__json_rest(bf_input *in, const char *first, size_t first_len,
                     char **out_doc, size_t *out_len)
{
    char *rest = NULL, *doc = NULL;
    size_t n = 0;
    bf_err err;

    if (first_len >= BF_INGEST_MAX_DOC)
        return BF_ELIMIT;
    /* The first line lives in the input's window: keep it first. */
    doc = malloc(first_len + 1);
    if (!doc)
        return BF_ENOMEM;
    memcpy(doc, first, first_len);
    doc[first_len] = '\n';
    err = bf_input_slurp(in, BF_INGEST_MAX_DOC - first_len - 1, &rest, &n);
    if (err)
        goto out;
    {
        char *d = realloc(doc, first_len + 1 + n + BF_INPUT_PADDING);

        if (!d) {
            err = BF_ENOMEM;
            goto out;
        }
        doc = d;
    }
    memcpy(doc + first_len + 1, rest, n + BF_INPUT_PADDING);
    *out_doc = doc;
    *out_len = first_len + 1 + n;
    doc = NULL;
out:
    free(rest);
    free(doc);
    return err;
}

/* The --label wrapper: the caller's sink and the label to set. */
typedef struct label_sink {
    bf_sink *inner;
    const char *label;
    const char *label_set;
} label_sink;

static bf_err label_account(void *ctx, const bf_account *a)
{
    label_sink *ls = ctx;
    bf_account copy = *a;

    /* The record is no longer its source's (bf_sink.same). */
    copy.digest = 0;
    if (ls->label)
        copy.label = ls->label;
    /* The set is named only where there is a label to go with it. */
    if (ls->label_set && copy.label)
        copy.label_set = ls->label_set;
    return ls->inner->account(ls->inner->ctx, &copy);
}

static bf_err label_post(void *ctx, const bf_post *p)
{
    label_sink *ls = ctx;

    return ls->inner->post(ls->inner->ctx, p);
}

static bf_err label_follow(void *ctx, const bf_follow *f)
{
    label_sink *ls = ctx;

    return ls->inner->follow(ls->inner->ctx, f);
}

static bf_err ingest_one(const char *path, const bf_ingest_opts *opts,
                         bf_sink *sink, bf_diags *diags, int *skipped);

bf_err bf_ingest_path(const char *path, const bf_ingest_opts *opts,
                      bf_sink *sink, bf_diags *diags)
{
    label_sink ls;
    bf_sink wrap;

    if ((!opts->label && !opts->label_set) || !sink->account)
        return ingest_one(path, opts, sink, diags, NULL);
    ls.inner = sink;
    ls.label = opts->label;
    ls.label_set = opts->label_set;
    wrap.ctx = &ls;
    wrap.account = label_account;
    wrap.post = sink->post ? label_post : NULL;
    wrap.follow = sink->follow ? label_follow : NULL;
    wrap.same = NULL; /* a label changes the record */
    return ingest_one(path, opts, &wrap, diags, NULL);
}

static int cmp_name(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/*
 * read_folder reads the folder path, listed in b, that is no export (a
 * folder of API pages, or of downloads): in the order of their names,
 * each regular file at its top as a file of its own, its format detected
 * apart, and each subfolder as an export when it is one
 * (bf__export_detect_top), else the same way, file by file.  A file of
 * no format bonafide reads (a README, a licence) is skipped with a
 * warning.  *read counts the files and exports read.  The first failure
 * is returned once every file was tried.
 */
static bf_err read_folder(const char *path, const bf_bundle *b,
                          const bf_ingest_opts *o, bf_sink *sink,
                          bf_diags *diags, size_t *read)
{
    size_t n = bf_bundle_count(b), i;
    const char **files = malloc((n ? n : 1) * sizeof *files);
    bf_buf full;
    bf_err err = BF_OK;

    if (!files)
        return BF_ENOMEM;
    for (i = 0; i < n; i++)
        files[i] = bf_bundle_name(b, i);
    /* A subfolder's files come together: they share its name and "/". */
    qsort(files, n, sizeof *files, cmp_name);
    bf_buf_init(&full, 1 << 16);
    for (i = 0; i < n && err != BF_ENOMEM;) {
        const char *slash = strchr(files[i], '/');
        size_t k = slash ? (size_t)(slash - files[i]) : strlen(files[i]);
        bf_err e;

        bf_buf_reset(&full);
        e = bf_buf_appendf(&full, "%s%s%.*s", path,
                           path[0] && path[strlen(path) - 1] == '/' ? "" : "/",
                           (int)k, files[i]);
        if (!e && !slash) {
            int skipped = 0;

            e = ingest_one(full.data, o, sink, diags, &skipped);
            *read += !skipped;
        } else if (!e) {
            bf_bundle *sub = NULL;
            bf_ingest_opts so = *o;

            e = bf_bundle_open(full.data, &sub);
            if (!e) {
                so.format = bf__export_detect_top(sub);
                if (so.format != BF_FMT_AUTO) {
                    e = bf__ingest_export(full.data, &so, sink, diags);
                    (*read)++;
                } else {
                    e = read_folder(full.data, sub, o, sink, diags, read);
                }
            } else {
                bf_diag(diags, BF_D_IO, full.data, 0, 0,
                        bf_strerror_lang(e, bf_diag_french()));
            }
            bf_bundle_close(sub);
        }
        if (e && !err)
            err = e;
        /* The next entry: past this subfolder's files. */
        for (i++; slash && i < n && strncmp(files[i], files[i - 1], k + 1) == 0;
             i++)
            ;
    }
    bf_buf_release(&full);
    free(files);
    return err;
}

/*
 * ingest_folder is read_folder on a folder given by the user; a folder
 * without anything it reads is reported as of no known format.
 */
static bf_err ingest_folder(const char *path, const bf_bundle *b,
                            const bf_ingest_opts *o, bf_sink *sink,
                            bf_diags *diags)
{
    size_t read = 0;
    bf_err err = read_folder(path, b, o, sink, diags, &read);

    if (!err && !read) {
        bf_diag(diags, BF_D_UNKNOWN_FORMAT, path, 0, 0,
                bf_diag_french() ? "aucun export connu, et aucun fichier "
                                   "dans un format que bonafide lit"
                                 : "no known export, and no file in a "
                                   "format bonafide reads");
        err = BF_EPARSE;
    }
    return err;
}

/*
 * edge_name says whether a file of a folder may be an edge list by its
 * name: .txt, .csv, .tsv, .edges, .edgelist or .el, compressed or not.
 */
static int edge_name(const char *path)
{
    static const char *const ext[] = { ".txt",   ".csv",      ".tsv",
                                       ".edges", ".edgelist", ".el" };
    static const char *const packed[] = { "", ".gz", ".zst" };
    char end[32];
    size_t i, j;

    for (i = 0; i < sizeof ext / sizeof *ext; i++)
        for (j = 0; j < sizeof packed / sizeof *packed; j++) {
            snprintf(end, sizeof end, "%s%s", ext[i], packed[j]);
            if (ends_with(path, end))
                return 1;
        }
    return 0;
}

/*
 * member_sure says whether format f, detected from the n bytes at p of
 * file path of a folder, rests on more than a default: an edge list needs
 * a name that says data (edge_name), a JSON file a key of its format.
 * Told by its shape alone, a README's "See PROVENANCE." would be a follow,
 * and the JSON files of an export laid out in a way bonafide does not
 * know would each be hundreds of rejected tweets.
 */
static int member_sure(const char *p, size_t n, bf_format f, const char *path)
{
    size_t i = 0;

    if (f == BF_FMT_EDGES)
        return edge_name(path);
    if (n >= 3 && memcmp(p, "\xEF\xBB\xBF", 3) == 0)
        i = 3;
    while (i < n &&
           (p[i] == ' ' || p[i] == '\t' || p[i] == '\r' || p[i] == '\n'))
        i++;
    if (i < n && (p[i] == '{' || p[i] == '['))
        return json_shape(p + i, n - i) != BF_FMT_AUTO ||
               bf__json_sniff_keys(p + i, n - i) > 0;
    return 1;
}

/*
 * ingest_one is bf_ingest_path after the --label wrapper is in place.
 * skipped is NULL but for a file of a folder, which is skipped, and
 * *skipped set, when its format is unknown.
 */
static bf_err ingest_one(const char *path, const bf_ingest_opts *opts,
                         bf_sink *sink, bf_diags *diags, int *skipped)
{
    int member = skipped != NULL;
    bf_ingest_opts o = *opts;
    bf_input *in = NULL;
    const char *peek;
    size_t npeek;
    struct stat sb;
    bf_err err;

    /* A folder that is no export is a folder of files. */
    if (o.format == BF_FMT_AUTO && !member && strcmp(path, "-") != 0 &&
        stat(path, &sb) == 0 && S_ISDIR(sb.st_mode)) {
        bf_bundle *b = NULL;

        if (bf_bundle_open(path, &b) == BF_OK) {
            /* An export is told by where its files lie, not by a file of
             * its kind somewhere below (a folder of downloads).  With
             * --followers-of, which names one account, the whole folder
             * is one export or is refused whole by its reader. */
            o.format =
                    o.subject ? bf__export_detect(b) : bf__export_detect_top(b);
            err = o.format == BF_FMT_AUTO
                          ? ingest_folder(path, b, &o, sink, diags)
                          : bf__ingest_export(path, &o, sink, diags);
            bf_bundle_close(b);
            return err;
        }
        bf_bundle_close(b);
    }
    /* An export is a folder or an archive of many files, not a stream;
     * exports.c tells which platform wrote it. */
    if ((bf_format_is_export(o.format) && strcmp(path, "-") != 0) ||
        (o.format == BF_FMT_AUTO && strcmp(path, "-") != 0 &&
         stat(path, &sb) == 0 &&
         (S_ISDIR(sb.st_mode) || ends_with(path, ".zip") ||
          ends_with(path, ".tar.gz") || ends_with(path, ".tgz"))))
        return bf__ingest_export(path, &o, sink, diags);
    err = bf_input_open(path, BF_INGEST_MAX_LINE, &in);
    if (err) {
        /* The diagnostic says why; to the caller it is a file that cannot
         * be read, as any other. */
        bf_diag(diags, BF_D_IO, path, 0, 0,
                bf_strerror_lang(err, bf_diag_french()));
        return err == BF_ENOMEM ? err : BF_EIO;
    }
    if (o.format == BF_FMT_AUTO) {
        err = bf_input_peek(in, 8192, &peek, &npeek);
        if (err) {
            bf_diag(diags, BF_D_IO, path, 0, 0,
                    bf_input_error(in, bf_diag_french())
                            ? bf_input_error(in, bf_diag_french())
                            : bf_strerror_lang(err, bf_diag_french()));
            goto out;
        }
        o.format = bf_format_detect(peek, npeek, path);
        if (member && o.format != BF_FMT_AUTO &&
            !member_sure(peek, npeek, o.format, path))
            o.format = BF_FMT_AUTO;
        if (o.format == BF_FMT_AUTO) {
            /* An empty file holds nothing to reject; a folder's README
             * nothing to read. */
            if (member) {
                *skipped = 1;
                if (npeek > 0)
                    bf_diag(diags, BF_D_FILE_SKIPPED, path, 0, 0, NULL);
            } else if (npeek > 0) {
                bf_diag(diags, BF_D_UNKNOWN_FORMAT, path, 0, 0,
                        bf_diag_french() ? "utilisez --format"
                                         : "use --format");
                err = BF_EPARSE;
            }
            goto out;
        }
        /* A lone file of an export (user_data_tiktok.json, Shares.csv)
         * is read by its export's reader. */
        if (bf_format_is_export(o.format) && strcmp(path, "-") != 0) {
            bf_input_close(in);
            return bf__ingest_export(path, &o, sink, diags);
        }
    }
    switch (o.format) {
    case BF_FMT_EDGES:
        err = bf_read_edges(in, &o, sink, diags);
        break;
    case BF_FMT_TWITTER_CSV:
        err = bf_read_twitter_csv(in, &o, sink, diags);
        break;
    case BF_FMT_TWITTER_V1:
        err = bf_read_twitter_v1(in, &o, sink, diags);
        break;
    case BF_FMT_MASTODON:
        err = bf_read_mastodon(in, &o, sink, diags);
        break;
    case BF_FMT_BLUESKY:
        err = bf_read_bluesky(in, &o, sink, diags);
        break;
    case BF_FMT_TWITTER_V2:
        err = bf_read_twitter_v2(in, &o, sink, diags);
        break;
    case BF_FMT_TWIBOT:
        err = bf_read_twibot(in, &o, sink, diags);
        break;
    case BF_FMT_INSTAGRAM_CSV:
        err = bf_read_instagram_csv(in, &o, sink, diags);
        break;
    case BF_FMT_CAVERLEE:
        err = bf_read_caverlee(in, &o, sink, diags);
        break;
    case BF_FMT_YOUTUBE_API:
        err = bf_read_youtube_api(in, &o, sink, diags);
        break;
    case BF_FMT_GRAPH_API:
        err = bf_read_graph_api(in, &o, sink, diags);
        break;
    case BF_FMT_TIKTOK_API:
        err = bf_read_tiktok_api(in, &o, sink, diags);
        break;
    default:
        err = BF_EINVAL;
    }
    /* The input knows why better than the error code: a gzip stream
     * cut short is not a disk's input/output error. */
    if (err == BF_EIO)
        bf_diag(diags, BF_D_IO, path, bf_input_lineno(in), 0,
                bf_input_error(in, bf_diag_french())
                        ? bf_input_error(in, bf_diag_french())
                        : bf_strerror_lang(err, bf_diag_french()));
out:
    bf_input_close(in);
    return err;
}
