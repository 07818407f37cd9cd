/*
 * linkedin.c - LinkedIn's "Get a copy of your data" export (CSV).
 *
 * Two files matter.  Shares.csv is the member's posts: Date ("YYYY-MM-DD
 * HH:MM:SS", UTC), ShareLink (whose last segment, the share's URN, is the
 * post's id), ShareCommentary (the text) and Visibility.  LinkedIn quotes
 * a multi-line post oddly: each inner line comes out wrapped in quotes, so
 * after RFC 4180 unquoting the text is repaired (bf_kit_unquote_lines).
 * The export holds no reaction counts.  Connections.csv is the member's
 * network: a "Notes:" preamble, then First Name, Last Name, URL, Email
 * Address, Company, Position, "Connected On" ("12 Mar 2021"), in an
 * order that varies, so columns are found by name.  A connection is
 * mutual: a follow each way, dated by "Connected On"; its id is its
 * profile URL's last segment, else its name.  The e-mail column is never
 * read.  The owner is --followers-of, else the export's folder name.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "base/hash.h"
#include "ingest/exports.h"
#include "ingest/json_fields.h"

static int cmp_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

    return (x > y) - (x < y);
}

/*
 * shares reads Shares.csv; *io_posts, -1 before, becomes the number of
 * distinct posts in it: an export may list the same share several times
 * (one real export repeats a post five times), and the store keeps it
 * once, so the account's count does too.  O(n log n) for n shares.
 */
static bf_err shares(bf_kit *k, bf_kit_csv *c, const char *owner,
                     int64_t *io_posts)
{
    int cd, cl, ct, cv;
    uint64_t *seen = NULL, *grown;
    size_t n = 0, cap = 0, i;
    bf_err err = BF_OK, e;

    cd = bf_kit_csv_col(c, "Date");
    cl = bf_kit_csv_col(c, "ShareLink");
    ct = bf_kit_csv_col(c, "ShareCommentary");
    cv = bf_kit_csv_col(c, "Visibility");
    if (cd < 0 || cl < 0) {
        bf_kit_report(k, BF_D_MISSING_FIELD, "Date, ShareLink");
        return BF_OK;
    }
    *io_posts = 0; /* the file can be read: a count from here */
    while (!err && (e = bf_kit_csv_next(c)) != BF_ENOTFOUND) {
        const char *link, *id, *vis, *text;
        bf_post p;

        k->line = c->line;
        if (e == BF_EPARSE) {
            bf_kit_report(k, BF_D_CSV_QUOTE, NULL);
            break;
        }
        if (e) {
            bf_kit_report(k, BF_D_LINE_TOO_LONG, NULL);
            break;
        }
        if (c->nfields == 1 && !*c->field[0])
            continue;
        link = bf_kit_csv_get(c, cl);
        id = link ? strrchr(link, '/') : NULL;
        if (!id || !id[1] || !bf_json_id_printable(id + 1)) {
            bf_kit_report(k, BF_D_BAD_ID, "ShareLink");
            continue;
        }
        vis = bf_kit_csv_get(c, cv);
        /* Posts shown to connections only are not public: not kept. */
        if (vis && strcmp(vis, "CONNECTIONS") == 0) {
            bf_kit_report(k, BF_D_PROTECTED_POST, NULL);
            continue;
        }
        bf_post_clear(&p);
        p.native_id = id + 1;
        p.author_id = owner;
        text = bf_kit_csv_get(c, ct);
        if (text) {
            bf_kit_unquote_lines((char *)text);
            p.text = text;
        }
        {
            const char *d = bf_kit_csv_get(c, cd);

            if (!d || bf_kit_time_text(d, strlen(d), &p.created_at) != BF_OK)
                bf_kit_report(k, BF_D_BAD_DATE, "Date");
        }
        err = bf_kit_post(k, &p);
        if (!err && n == cap) {
            cap = cap ? 2 * cap : 256;
            grown = realloc(seen, cap * sizeof *seen);
            if (!grown)
                err = BF_ENOMEM;
            else
                seen = grown;
        }
        if (!err)
            seen[n++] = bf_fnv1a(p.native_id);
    }
    if (n) /* qsort wants an array, even of none */
        qsort(seen, n, sizeof *seen, cmp_u64);
    for (i = 0; i < n; i++)
        *io_posts += i == 0 || seen[i] != seen[i - 1];
    free(seen);
    return err;
}

/* connections reads Connections.csv, after its preamble; *io_n, -1
 * before, becomes its count. */
static bf_err connections(bf_kit *k, bf_kit_csv *c, const char *owner,
                          int64_t *io_n)
{
    int cf, cl, cu, co;
    bf_buf id;
    bf_err err = BF_OK, e;

    /* The header is the first record naming "First Name". */
    while ((e = bf_kit_csv_next(c)) != BF_ENOTFOUND)
        if (e == BF_OK && bf_kit_csv_col(c, "First Name") >= 0)
            break;
    if (e == BF_ENOTFOUND) {
        bf_kit_report(k, BF_D_MISSING_FIELD, "First Name");
        return BF_OK;
    }
    *io_n = 0; /* the file can be read: a count from here */
    cf = bf_kit_csv_col(c, "First Name");
    cl = bf_kit_csv_col(c, "Last Name");
    cu = bf_kit_csv_col(c, "URL");
    co = bf_kit_csv_col(c, "Connected On");
    bf_buf_init(&id, 4096);
    while (!err && (e = bf_kit_csv_next(c)) != BF_ENOTFOUND) {
        const char *url, *first, *last, *on;
        int64_t t = 0;

        k->line = c->line;
        if (e) {
            bf_kit_report(k, BF_D_CSV_QUOTE, NULL);
            break;
        }
        if (c->nfields == 1 && !*c->field[0])
            continue;
        bf_buf_reset(&id);
        url = bf_kit_csv_get(c, cu);
        first = bf_kit_csv_get(c, cf);
        last = bf_kit_csv_get(c, cl);
        if (url && *url) {
            size_t n = strlen(url);
            const char *s;

            while (n > 0 && url[n - 1] == '/')
                n--;
            for (s = url + n; s > url && s[-1] != '/'; s--)
                ;
            bf_buf_append(&id, s, (size_t)(url + n - s));
        } else if ((first && *first) || (last && *last)) {
            bf_buf_appendf(&id, "%s %s", first ? first : "", last ? last : "");
        }
        if (!id.len || !bf_json_id_printable(id.data)) {
            /* A name with a space is kept as it is; an empty row is not. */
            if (!id.len || strchr(id.data, '\n')) {
                bf_kit_report(k, BF_D_MISSING_FIELD, "URL, name");
                continue;
            }
        }
        on = bf_kit_csv_get(c, co);
        if (on && *on && bf_kit_time_text(on, strlen(on), &t) != BF_OK)
            bf_kit_report(k, BF_D_BAD_DATE, "Connected On");
        err = bf_kit_follow(k, id.data, owner, t);
        if (!err)
            err = bf_kit_follow(k, owner, id.data, t);
        (*io_n)++;
    }
    bf_buf_release(&id);
    return err;
}

bf_err bf__read_linkedin(bf_bundle *b, const bf_ingest_opts *opts,
                         bf_sink *sink, bf_diags *diags)
{
    bf_kit k;
    bf_kit_csv c;
    bf_buf buf, own;
    bf_account a;
    const char *owner;
    /* -1 until the file that counts them is read: unknown, not none. */
    int64_t posts = -1, conns = -1;
    long f;
    bf_err err = BF_OK;

    bf_kit_init(&k, opts, sink, diags, "linkedin");
    bf_buf_init(&buf, BF_EXPORT_MAX_MEMBER + 128);
    bf_buf_init(&own, 4096);
    owner = bf__export_owner(opts, bf_bundle_path(b), NULL, &own);
    /* Unlike Meta's, LinkedIn's download is named after no one, and its
     * files name no owner: two people's exports read under that name
     * would be one account.  Nothing is stored until the account is
     * named. */
    if (!opts->subject &&
        (strncasecmp(owner, "basic_linkedindataexport", 24) == 0 ||
         strncasecmp(owner, "complete_linkedindataexport", 27) == 0)) {
        bf_diag(diags, BF_D_MISSING_FIELD, bf_bundle_path(b), 0, 0,
                bf_diag_french()
                        ? "le compte auquel l'export appartient : LinkedIn "
                          "nomme tous ses exports de la même façon ; "
                          "nommez-le avec --followers-of, ou renommez le "
                          "dossier ou le fichier d'après le compte"
                        : "the account the export belongs to: LinkedIn "
                          "names every export alike; name it with "
                          "--followers-of, or rename the folder or file "
                          "after the account");
        goto out;
    }
    f = bf_bundle_find(b, "Connections.csv");
    if (f >= 0 && bf__export_text(&k, b, f, &buf) == BF_OK) {
        bf_kit_csv_init(&c, buf.data, buf.len);
        err = connections(&k, &c, owner, &conns);
        bf_kit_csv_release(&c);
    }
    f = bf_bundle_find(b, "Shares.csv");
    if (!err && f >= 0 && bf__export_text(&k, b, f, &buf) == BF_OK) {
        bf_kit_csv_init(&c, buf.data, buf.len);
        if (bf_kit_csv_next(&c) == BF_OK)
            err = shares(&k, &c, owner, &posts);
        bf_kit_csv_release(&c);
    }
    if (!err) {
        bf_account_clear(&a);
        a.native_id = owner;
        a.handle = owner;
        /* The files read here carry no profile text. */
        a.unknown =
                BF_ACC_U_NAME | BF_ACC_U_BIO | BF_ACC_U_URL | BF_ACC_U_LOCATION;
        a.followers = conns;
        a.following = conns;
        a.posts = posts;
        err = bf_kit_account(&k, &a);
    }
out:
    bf_buf_release(&buf);
    bf_buf_release(&own);
    bf_kit_release(&k);
    return err;
}
