/*
 * ingest.c - format names, detection and the one entry point.
 *
 * Detection looks at the first few kilobytes, never the whole file, so it
 * works on stdin and on compressed input alike (bf_input_peek sees the
 * decompressed bytes).  The rules are deliberately simple and ordered from
 * the most specific shape to the least: JSON first (a '{' or '['), then a
 * CSV header naming Twitter user fields, then edge lists.  A file that fits
 * none is reported as one diagnostic and skipped; --format overrides it.
 */
#include "ingest/ingest.h"

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
};

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

bf_format bf_format_detect(const char *p, size_t n, const char *path)
{
    size_t len, i = 0;
    const char *line;

    (void)path;
    /* Skip a UTF-8 byte-order mark and leading white space. */
    if (n >= 3 && memcmp(p, "\xEF\xBB\xBF", 3) == 0)
        i = 3;
    while (i < n && (p[i] == ' ' || p[i] == '\t' || p[i] == '\r' ||
                            p[i] == '\n'))
        i++;
    if (i < n && (p[i] == '{' || p[i] == '['))
        return bf__json_sniff(p + i, n - i);
    line = first_line(p + i, n - i, &len);
    if (!line)
        return BF_FMT_AUTO;
    if (contains(line, len, "screen_name") ||
            (contains(line, len, "followers_count") &&
                    contains(line, len, "id")))
        return BF_FMT_TWITTER_CSV;
    return BF_FMT_EDGES;
}

static int ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), k = strlen(suffix);

    return n >= k && strcasecmp(s + n - k, suffix) == 0;
}

bf_err bf_ingest_path(const char *path, const bf_ingest_opts *opts,
        bf_sink *sink, bf_diags *diags)
{
    bf_ingest_opts o = *opts;
    bf_input *in = NULL;
    const char *peek;
    size_t npeek;
    struct stat sb;
    bf_err err;

    /* An archive is a folder or a zip of many files, not a stream. */
    if (o.format == BF_FMT_X_ARCHIVE ||
            (o.format == BF_FMT_AUTO && strcmp(path, "-") != 0 &&
                    stat(path, &sb) == 0 &&
                    (S_ISDIR(sb.st_mode) || ends_with(path, ".zip"))))
        return bf_ingest_archive(path, &o, sink, diags);
    err = bf_input_open(path, BF_INGEST_MAX_LINE, &in);
    if (err) {
        bf_diag(diags, BF_D_IO, path, 0, 0, bf_strerror(err));
        return err;
    }
    /* The data was seen no later than the file was written. */
    if (!o.observed_at && strcmp(path, "-") != 0 && stat(path, &sb) == 0)
        o.observed_at = (int64_t)sb.st_mtime;
    if (o.format == BF_FMT_AUTO) {
        err = bf_input_peek(in, 8192, &peek, &npeek);
        if (err) {
            bf_diag(diags, BF_D_IO, path, 0, 0, bf_strerror(err));
            goto out;
        }
        o.format = bf_format_detect(peek, npeek, path);
        if (o.format == BF_FMT_AUTO) {
            /* An empty file holds nothing to reject. */
            if (npeek > 0)
                bf_diag(diags, BF_D_UNKNOWN_FORMAT, path, 0, 0,
                        "use --format");
            goto out;
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
    default:
        err = BF_EINVAL;
    }
    if (err == BF_EIO)
        bf_diag(diags, BF_D_IO, path, bf_input_lineno(in), 0,
                bf_strerror(err));
out:
    bf_input_close(in);
    return err;
}
