/*
 * exports.c - telling exports apart, and what their readers share.
 *
 * Detection looks only at file names, never contents, because each
 * platform's export has files no other writes: X's account.js and
 * tweets.js, Mastodon's outbox.json beside actor.json, Instagram's
 * followers_and_following folder, Facebook's friends_and_followers or
 * connections/followers folders and *_v2 files, TikTok's
 * user_data_tiktok.json, LinkedIn's Shares.csv or Connections.csv, and
 * Takeout's "YouTube and YouTube Music" folder.  The order of the tests
 * puts the most specific first.
 *
 * Mastodon archives are read by the Mastodon reader itself, file by file:
 * from a folder directly, from a zip or a .tar.gz after copying actor.json
 * and outbox.json (regular entries only, each at most the member limit)
 * into a private temporary folder, removed afterwards.  The tar walker
 * reads the ustar headers of the decompressed stream (bf_input decodes
 * gzip); it is the only tar reading bonafide needs.
 */
#include "ingest/exports.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/input.h"
#include "ingest/json_fields.h"
#include "ingest/x_archive.h"

/* No bound on how deep a file that tells the format may lie. */
#define ANY_DEPTH ((size_t)-1)

/*
 * depth_before is the number of folders above position at of name nm:
 * its '/' before at.
 */
static size_t depth_before(const char *nm, const char *at)
{
    size_t d = 0;

    for (; nm < at; nm++)
        d += *nm == '/';
    return d;
}

/*
 * has is 1 when some file's path is suffix or ends with "/" suffix, with
 * at most max folders above that suffix: the shallowest such file
 * (bf_bundle_find) has the fewest.
 */
static int has(const bf_bundle *b, const char *suffix, size_t max)
{
    long i = bf_bundle_find(b, suffix);
    const char *nm;

    if (i < 0)
        return 0;
    nm = bf_bundle_name(b, (size_t)i);
    return max == ANY_DEPTH ||
           depth_before(nm, nm + strlen(nm) - strlen(suffix)) <= max;
}

/*
 * has_part is 1 when some file's path contains part, with at most max
 * folders above it.
 */
static int has_part(const bf_bundle *b, const char *part, size_t max)
{
    size_t i;

    for (i = 0; i < bf_bundle_count(b); i++) {
        const char *nm = bf_bundle_name(b, i), *at = strstr(nm, part);

        if (at && (max == ANY_DEPTH || depth_before(nm, at) <= max))
            return 1;
    }
    return 0;
}

/*
 * detect is bf__export_detect; with top set, a file that tells the
 * format counts only where the platform puts it in its export: at the
 * top, or in the one folder the export keeps it in (X's data/,
 * Instagram's connections/ and logged_information/, Google's Takeout/).
 */
static bf_format detect(const bf_bundle *b, int top)
{
    static const char *const x[] = { "account.js", "tweets.js", "tweet.js",
                                     "follower.js" };
    size_t d = top ? 0 : ANY_DEPTH, i;
    char in[64];

    for (i = 0; i < sizeof x / sizeof *x; i++) {
        snprintf(in, sizeof in, "data/%s", x[i]);
        if (has(b, x[i], d) || (top && has(b, in, 0)))
            return BF_FMT_X_ARCHIVE;
    }
    if (has(b, "outbox.json", d) && has(b, "actor.json", d))
        return BF_FMT_MASTODON;
    if (has_part(b, "followers_and_following/", d) ||
        has_part(b, "past_instagram_insights/", d) ||
        (top &&
         (has_part(b, "connections/followers_and_following/", 0) ||
          has_part(b, "logged_information/past_instagram_insights/", 0))))
        return BF_FMT_INSTAGRAM;
    if (has_part(b, "friends_and_followers/", d) ||
        has_part(b, "connections/followers/", d) ||
        has_part(b, "connections/friends/", d) ||
        has_part(b, "this_profile's_activity_across_facebook/", d) ||
        has_part(b, "your_facebook_activity/", d))
        return BF_FMT_FACEBOOK;
    if (has(b, "user_data_tiktok.json", d) || has(b, "user_data.json", d))
        return BF_FMT_TIKTOK;
    if (has(b, "Shares.csv", d) || has(b, "Connections.csv", d))
        return BF_FMT_LINKEDIN;
    if (has_part(b, "YouTube and YouTube Music/", d) ||
        (top && has_part(b, "Takeout/YouTube and YouTube Music/", 0)) ||
        has(b, "Video Metadata.csv", d) || has(b, "subscriptions.csv", d))
        return BF_FMT_YOUTUBE;
    return BF_FMT_AUTO;
}

bf_format bf__export_detect(const bf_bundle *b)
{
    return detect(b, 0);
}

bf_format bf__export_detect_top(const bf_bundle *b)
{
    return detect(b, 1);
}

bf_err bf__export_text(bf_kit *k, bf_bundle *b, long i, bf_buf *buf)
{
    bf_buf label;
    bf_err err;

    bf_buf_init(&label, 1u << 16);
    if (bf_buf_appendf(&label, "%s:%s", bf_bundle_path(b),
                       bf_bundle_name(b, (size_t)i)) == BF_OK)
        bf_kit_at(k, label.data, 0, 0);
    bf_buf_release(&label);
    err = bf_bundle_load(b, (size_t)i, BF_EXPORT_MAX_MEMBER, buf);
    if (err == BF_ELIMIT)
        bf_kit_report(k, BF_D_LINE_TOO_LONG, "larger than 1 GiB");
    else if (err == BF_EIO)
        bf_kit_report(k, BF_D_IO, NULL);
    return err;
}

bf_err bf__export_json(bf_kit *k, bf_bundle *b, long i, bf_json_parser *p,
                       bf_buf *buf, bf_json *out_root)
{
    const char *msg = NULL;
    size_t skip = 0;
    bf_err err = bf__export_text(k, b, i, buf);

    if (err)
        return err;
    /* A byte-order mark is not JSON. */
    if (buf->len >= 3 && memcmp(buf->data, "\xEF\xBB\xBF", 3) == 0)
        skip = 3;
    err = bf_json_parse(p, buf->data + skip, buf->len - skip, out_root);
    if (err) {
        bf_diag_id id = bf__json_fault_diag(p, &msg);

        bf_kit_report(k, id, msg);
    }
    return err;
}

/* dated: s holds "-YYYY-MM-DD" (11 bytes). */
static int dated(const char *s)
{
    static const char shape[] = "-dddd-dd-dd";
    int i;

    for (i = 0; i < 11; i++)
        if (shape[i] == '-' ? s[i] != '-' : !isdigit((unsigned char)s[i]))
            return 0;
    return 1;
}

/*
 * meta_download narrows base[0..*n) to the account of Meta's download
 * name, "instagram-<username>-2024-12-05-AbCdEf12" (and "facebook-..."):
 * the text between the platform and the last date.  Any other name is
 * left as it is.
 */
static void meta_download(const char **base, size_t *n)
{
    static const char *const prefix[] = { "instagram-", "facebook-" };
    size_t i, p, at;

    for (i = 0; i < sizeof prefix / sizeof prefix[0]; i++) {
        p = strlen(prefix[i]);
        if (*n <= p + 11 || strncasecmp(*base, prefix[i], p) != 0)
            continue;
        for (at = *n - 11; at > p; at--) {
            if (dated(*base + at)) {
                *base += p;
                *n = at - p;
                return;
            }
        }
    }
}

const char *bf__export_owner(const bf_ingest_opts *opts, const char *path,
                             const char *name, bf_buf *out)
{
    const char *base, *end;
    size_t n, i, digits;

    bf_buf_reset(out);
    if (opts->subject)
        return opts->subject;
    if (name && *name && bf_json_id_printable(name))
        return name;
    end = path + strlen(path);
    while (end > path + 1 && end[-1] == '/')
        end--;
    for (base = end; base > path && base[-1] != '/'; base--)
        ;
    n = (size_t)(end - base);
    if (n > 4 && strncasecmp(end - 4, ".zip", 4) == 0)
        n -= 4;
    meta_download(&base, &n);
    /* "<handle>_20220812" or "<handle>_2024-12": the date goes.  A
     * shorter number is part of the name: "youtube_2" and "youtube_3",
     * two Takeouts side by side, are two owners, not one "youtube". */
    for (i = n, digits = 0;
         i > 0 && (isdigit((unsigned char)base[i - 1]) || base[i - 1] == '-');
         i--)
        digits += base[i - 1] != '-';
    if (i > 1 && i < n && base[i - 1] == '_' && digits >= 6)
        n = i - 1;
    if (n == 0 || bf_buf_append(out, base, n) != BF_OK ||
        !bf_json_id_printable(out->data))
        return "owner";
    return out->data;
}

/* ---- Mastodon archives ---- */

/* save writes n bytes of p to dir/name. */
static bf_err save(const char *dir, const char *name, const char *p, size_t n)
{
    bf_buf path;
    FILE *f;
    bf_err err;

    bf_buf_init(&path, 1u << 16);
    err = bf_buf_appendf(&path, "%s/%s", dir, name);
    if (!err) {
        f = fopen(path.data, "wb");
        if (!f || fwrite(p, 1, n, f) != n)
            err = BF_EIO;
        if (f && fclose(f) != 0)
            err = BF_EIO;
    }
    bf_buf_release(&path);
    return err;
}

/* octal reads a tar header's octal number field. */
static uint64_t octal(const char *p, size_t n)
{
    uint64_t v = 0;
    size_t i;

    for (i = 0; i < n && (p[i] == ' ' || p[i] == '\0'); i++)
        ;
    for (; i < n && p[i] >= '0' && p[i] <= '7'; i++)
        v = v * 8 + (uint64_t)(p[i] - '0');
    return v;
}

/*
 * untar_mastodon copies actor.json and outbox.json out of the tar stream
 * at path (gzip or not) into dir; *out_found counts them.
 */
static bf_err untar_mastodon(const char *path, const char *dir, int *out_found)
{
    bf_input *in = NULL;
    char *doc = NULL;
    size_t n = 0, pos = 0;
    bf_err err;

    *out_found = 0;
    err = bf_input_open(path, BF_INGEST_MAX_LINE, &in);
    if (!err)
        err = bf_input_slurp(in, BF_EXPORT_MAX_MEMBER, &doc, &n);
    while (!err && pos + 512 <= n) {
        const char *h = doc + pos, *base;
        char name[101];
        uint64_t size = octal(h + 124, 12);

        if (h[0] == '\0')
            break;
        memcpy(name, h, 100);
        name[100] = '\0';
        pos += 512;
        if (size > n - pos) {
            err = BF_EPARSE;
            break;
        }
        base = strrchr(name, '/');
        base = base ? base + 1 : name;
        /* Regular files only ('0' or NUL): no links, no devices. */
        if ((h[156] == '0' || h[156] == '\0') &&
            (strcmp(base, "actor.json") == 0 ||
             strcmp(base, "outbox.json") == 0)) {
            err = save(dir, base, doc + pos, (size_t)size);
            (*out_found)++;
        }
        pos += (size_t)((size + 511) / 512 * 512);
    }
    free(doc);
    bf_input_close(in);
    return err;
}

/* read_mastodon reads actor.json, then outbox.json, from dir. */
static bf_err read_mastodon(const char *dir, const bf_ingest_opts *opts,
                            bf_sink *sink, bf_diags *diags)
{
    static const char *const files[] = { "actor.json", "outbox.json" };
    bf_ingest_opts o = *opts;
    bf_buf p;
    size_t i;
    bf_err err = BF_OK;

    o.format = BF_FMT_MASTODON;
    bf_buf_init(&p, 1u << 16);
    for (i = 0; i < 2 && !err; i++) {
        bf_buf_reset(&p);
        err = bf_buf_appendf(&p, "%s/%s", dir, files[i]);
        if (!err)
            err = bf_ingest_path(p.data, &o, sink, diags);
    }
    bf_buf_release(&p);
    return err;
}

/* mastodon_archive reads a Mastodon archive: folder, zip or tar. */
static bf_err mastodon_archive(const char *path, bf_bundle *b,
                               const bf_ingest_opts *opts, bf_sink *sink,
                               bf_diags *diags)
{
    char dir[] = "/tmp/bonafide-mastodon-XXXXXX";
    struct stat sb;
    bf_buf buf, p;
    int found = 0;
    size_t i;
    bf_err err = BF_OK;

    if (b && stat(path, &sb) == 0 && S_ISDIR(sb.st_mode)) {
        long a = bf_bundle_find(b, "actor.json");
        bf_buf d;

        /* The folder holding actor.json holds outbox.json too. */
        bf_buf_init(&d, 1u << 16);
        err = bf_buf_appendf(&d, "%s/%s", path, bf_bundle_name(b, (size_t)a));
        if (!err) {
            char *slash = strrchr(d.data, '/');

            *slash = '\0';
            err = read_mastodon(d.data, opts, sink, diags);
        }
        bf_buf_release(&d);
        return err;
    }
    if (!mkdtemp(dir))
        return BF_EIO;
    bf_buf_init(&buf, BF_EXPORT_MAX_MEMBER + 128);
    if (b) {
        static const char *const files[] = { "actor.json", "outbox.json" };

        for (i = 0; i < 2 && !err; i++) {
            long m = bf_bundle_find(b, files[i]);

            err = bf_bundle_load(b, (size_t)m, BF_EXPORT_MAX_MEMBER, &buf);
            if (!err)
                err = save(dir, files[i], buf.data, buf.len);
            found += !err;
        }
    } else {
        err = untar_mastodon(path, dir, &found);
    }
    if (!err && found == 2)
        err = read_mastodon(dir, opts, sink, diags);
    else if (!err)
        err = BF_EPARSE;
    bf_buf_release(&buf);
    bf_buf_init(&p, 1u << 16);
    for (i = 0; i < 2; i++) {
        bf_buf_reset(&p);
        if (bf_buf_appendf(&p, "%s/%s", dir,
                           i ? "outbox.json" : "actor.json") == BF_OK)
            unlink(p.data);
    }
    bf_buf_release(&p);
    rmdir(dir);
    return err;
}

static int ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), k = strlen(suffix);

    return n >= k && strcasecmp(s + n - k, suffix) == 0;
}

/* ---- several exports in one folder or zip ---- */

/*
 * A user may hand over a folder of exports (the clients' Instagram
 * downloads side by side, four Google Takeouts).  Read as one, their
 * follower lists would be merged into one account under the folder's
 * name, beside one of their follower counts: an account "following 913
 * for 8 followers" that exists nowhere.  So the files that occur once per
 * export (its follower list, its subscriptions, its data file) name the
 * export's root, the folder it was unzipped into; when a bundle holds
 * more than one root, each is read on its own (bf_bundle_sub), its owner
 * named by its folder.  A single export gives one root whatever its
 * layout, so it is read as before.
 */
#define ROOTS_MAX 256

/*
 * root_of writes into out the root of the export that file nm belongs to,
 * for an export of format f: the path up to the part that marks the
 * inside of an export, or up to the file of which an export holds one.
 * 0 when nm marks nothing.
 */
static int root_of(bf_format f, const char *nm, bf_buf *out)
{
    static const char *const ig[] = { "connections/followers_and_following/",
                                      "followers_and_following/", NULL };
    static const char *const fb[] = { "friends_and_followers/",
                                      "connections/followers/",
                                      "connections/friends/", NULL };
    static const char *const yt[] = { "Takeout/YouTube and YouTube Music/",
                                      "YouTube and YouTube Music/", NULL };
    static const char *const tt[] = { "user_data_tiktok.json", "user_data.json",
                                      NULL };
    static const char *const li[] = { "Connections.csv", "Shares.csv", NULL };
    const char *const *parts = f == BF_FMT_INSTAGRAM  ? ig
                               : f == BF_FMT_FACEBOOK ? fb
                               : f == BF_FMT_YOUTUBE  ? yt
                                                      : NULL;
    const char *const *files = f == BF_FMT_TIKTOK     ? tt
                               : f == BF_FMT_LINKEDIN ? li
                                                      : NULL;
    const char *at, *base = strrchr(nm, '/');
    size_t i;

    bf_buf_reset(out);
    for (i = 0; parts && parts[i]; i++) {
        /* At the top, or after a '/': "x/connections/", not "xconnections/". */
        for (at = strstr(nm, parts[i]); at && at > nm && at[-1] != '/';
             at = strstr(at + 1, parts[i]))
            ;
        if (at)
            return bf_buf_append(out, nm, (size_t)(at - nm)) == BF_OK;
    }
    base = base ? base + 1 : nm;
    for (i = 0; files && files[i]; i++)
        if (strcmp(base, files[i]) == 0)
            return bf_buf_append(out, nm, (size_t)(base - nm)) == BF_OK;
    return 0;
}

/*
 * export_roots lists the distinct roots of b's exports of format f into
 * roots (malloc'd strings, at most ROOTS_MAX, sorted); *out_n is their
 * number, 0 when no file marks one.
 */
static bf_err export_roots(const bf_bundle *b, bf_format f, char **roots,
                           size_t *out_n)
{
    bf_buf r;
    size_t n = 0, i, j;
    bf_err err = BF_OK;

    bf_buf_init(&r, 1u << 16);
    for (i = 0; !err && i < bf_bundle_count(b) && n < ROOTS_MAX; i++) {
        if (!root_of(f, bf_bundle_name(b, i), &r))
            continue;
        for (j = 0; j < n && strcmp(roots[j], r.data ? r.data : "") != 0; j++)
            ;
        if (j < n)
            continue;
        roots[n] = strdup(r.data ? r.data : "");
        if (!roots[n])
            err = BF_ENOMEM;
        else
            n++;
    }
    bf_buf_release(&r);
    /* Sorted, so that the accounts are read in the same order whatever
     * order the folder lists them in. */
    for (i = 1; i < n; i++)
        for (j = i; j > 0 && strcmp(roots[j - 1], roots[j]) > 0; j--) {
            char *t = roots[j];

            roots[j] = roots[j - 1];
            roots[j - 1] = t;
        }
    *out_n = n;
    return err;
}

/* read_one runs the reader of format f on b. */
static bf_err read_one(bf_format f, bf_bundle *b, const bf_ingest_opts *opts,
                       bf_sink *sink, bf_diags *diags)
{
    switch (f) {
    case BF_FMT_INSTAGRAM:
        return bf__read_instagram(b, opts, sink, diags);
    case BF_FMT_FACEBOOK:
        return bf__read_facebook(b, opts, sink, diags);
    case BF_FMT_TIKTOK:
        return bf__read_tiktok(b, opts, sink, diags);
    case BF_FMT_LINKEDIN:
        return bf__read_linkedin(b, opts, sink, diags);
    default:
        return bf__read_youtube(b, opts, sink, diags);
    }
}

/*
 * read_exports reads the exports of format f that b holds: the whole
 * bundle when it holds one, else each root on its own.  Naming one
 * subject (--subject) for several accounts is refused.
 */
static bf_err read_exports(bf_format f, bf_bundle *b, const char *path,
                           const bf_ingest_opts *opts, bf_sink *sink,
                           bf_diags *diags)
{
    char *roots[ROOTS_MAX];
    size_t n = 0, i;
    bf_err err = export_roots(b, f, roots, &n);

    if (!err && n < 2) {
        err = read_one(f, b, opts, sink, diags);
    } else if (!err && opts->subject) {
        bf_buf msg;

        bf_buf_init(&msg, 4096);
        bf_buf_appendf(&msg,
                       bf_diag_french()
                               ? "contient %zu exports (%s, %s%s) : "
                                 "--followers-of désigne un seul compte, "
                                 "donnez chaque export séparément"
                               : "holds %zu exports (%s, %s%s): "
                                 "--followers-of names one account, so give "
                                 "each export on its own",
                       n, roots[0], roots[1], n > 2 ? ", ..." : "");
        bf_diag(diags, BF_D_UNKNOWN_FORMAT, path, 0, 0, msg.data);
        bf_buf_release(&msg);
        err = BF_EPARSE;
    }
    for (i = 0; !err && n >= 2 && i < n; i++) {
        const char *skip[ROOTS_MAX];
        size_t nskip = 0, j;
        bf_bundle *one = NULL;

        /* An export may have been unzipped inside another's folder:
         * the deeper one's files are its own. */
        for (j = 0; j < n; j++)
            if (j != i && strncmp(roots[j], roots[i], strlen(roots[i])) == 0)
                skip[nskip++] = roots[j];
        err = bf_bundle_sub(b, roots[i], skip, nskip, &one);
        if (!err)
            err = read_one(f, one, opts, sink, diags);
        bf_bundle_close(one);
    }
    for (i = 0; i < n; i++)
        free(roots[i]);
    return err;
}

bf_err bf__ingest_export(const char *path, const bf_ingest_opts *opts,
                         bf_sink *sink, bf_diags *diags)
{
    bf_bundle *b = NULL;
    bf_format f = opts->format;
    struct stat sb;
    bf_err err;

    if (ends_with(path, ".tar.gz") || ends_with(path, ".tgz") ||
        ends_with(path, ".tar")) {
        err = mastodon_archive(path, NULL, opts, sink, diags);
        if (err == BF_EPARSE || err == BF_EIO) {
            bf_diag(diags, err == BF_EIO ? BF_D_IO : BF_D_UNKNOWN_FORMAT, path,
                    0, 0,
                    "a Mastodon archive holds actor.json and outbox.json");
            return err == BF_EIO ? BF_EIO : BF_EPARSE;
        }
        return err;
    }
    if (stat(path, &sb) == 0 && S_ISREG(sb.st_mode) && !ends_with(path, ".zip"))
        err = bf_bundle_open_one(path, &b);
    else
        err = bf_bundle_open(path, &b);
    if (err) {
        bf_diag(diags, BF_D_IO, path, 0, 0,
                err == BF_EIO ? "not a folder or a readable zip (truncated?)"
                              : bf_strerror_lang(err, bf_diag_french()));
        return err == BF_ENOMEM ? err : BF_EIO;
    }
    if (f == BF_FMT_AUTO)
        f = bf__export_detect(b);
    switch (f) {
    case BF_FMT_X_ARCHIVE:
        bf_bundle_close(b);
        return bf__x_archive_read(path, opts, BF_X_ARCHIVE_MAX_MEMBER, sink,
                                  diags);
    case BF_FMT_MASTODON:
        if (bf_bundle_find(b, "actor.json") < 0 ||
            bf_bundle_find(b, "outbox.json") < 0) {
            err = BF_EPARSE;
            bf_diag(diags, BF_D_UNKNOWN_FORMAT, path, 0, 0,
                    "a Mastodon archive holds actor.json and outbox.json");
            break;
        }
        err = mastodon_archive(path, b, opts, sink, diags);
        break;
    case BF_FMT_INSTAGRAM:
    case BF_FMT_FACEBOOK:
    case BF_FMT_TIKTOK:
    case BF_FMT_LINKEDIN:
    case BF_FMT_YOUTUBE:
        err = read_exports(f, b, path, opts, sink, diags);
        break;
    default:
        bf_diag(diags, BF_D_UNKNOWN_FORMAT, path, 0, 0,
                bf_diag_french() ? "aucun export connu ; utilisez --format"
                                 : "no known export; use --format");
        err = BF_EPARSE;
    }
    bf_bundle_close(b);
    return err;
}
