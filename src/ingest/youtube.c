/*
 * youtube.c - Google Takeout's "YouTube and YouTube Music" folder (CSV).
 *
 * videos/Video Metadata.csv is the channel's own uploads with their public
 * counts: Video Id, Channel Id, Visibility, Time Published (else Time
 * Created, "2019-09-14 14:56:36 UTC"), Like Count and View Count, read by
 * column name.  Only public videos are kept: unlisted and private ones
 * were not published, and neither were those whose Status is rejected,
 * failed or deleted (YouTube's upload statuses: processed and uploaded
 * are the ones that play), whatever their Visibility says.  subscriptions/subscriptions.csv lists the channels
 * the owner subscribes to (owner -> channel, undated).  playlists/Liked
 * videos.csv is two CSV tables in one file (the playlist's header row and
 * its one data row, a blank line, then "Video Id,Time Added" rows): its
 * second table's rows are counted as the likes the owner gave.  Takeout
 * holds no subscriber list.  The owner is the Channel Id of the uploads,
 * else --followers-of, else the folder's name.
 */
#include <stdio.h>
#include <string.h>

#include "ingest/exports.h"
#include "ingest/json_fields.h"

typedef struct yt {
    bf_kit k;
    bf_bundle *b;
    bf_buf buf, own;
    const char *owner;
    int64_t posts, following, likes;
} yt;

/* count reads a count column; "" is unknown, anything else unreadable is
 * reported. */
static int64_t count(yt *r, const char *s, const char *what)
{
    int64_t v = -1;

    if (s && *s && bf_kit_count_text(s, strlen(s), &v) != BF_OK)
        bf_kit_report(&r->k, BF_D_BAD_COUNT, what);
    return v;
}

/* videos reads Video Metadata.csv (its text is in r->buf). */
static bf_err videos(yt *r)
{
    bf_kit_csv c;
    int cid, cch, cvis, cstat, cpub, ccre, clike, cview, ctitle;
    bf_err err = BF_OK, e;

    bf_kit_csv_init(&c, r->buf.data, r->buf.len);
    if (bf_kit_csv_next(&c) != BF_OK)
        goto out;
    cid = bf_kit_csv_col(&c, "Video Id");
    cch = bf_kit_csv_col(&c, "Channel Id");
    cvis = bf_kit_csv_col(&c, "Visibility");
    cstat = bf_kit_csv_col(&c, "Status");
    cpub = bf_kit_csv_col(&c, "Time Published");
    ccre = bf_kit_csv_col(&c, "Time Created");
    clike = bf_kit_csv_col(&c, "Like Count");
    cview = bf_kit_csv_col(&c, "View Count");
    ctitle = bf_kit_csv_col(&c, "Title");
    if (cid < 0) {
        bf_kit_report(&r->k, BF_D_MISSING_FIELD, "Video Id");
        goto out;
    }
    r->posts = 0; /* the file can be read: a count from here */
    while (!err && (e = bf_kit_csv_next(&c)) != BF_ENOTFOUND) {
        const char *id, *ch, *vis, *st, *t;
        bf_post p;

        r->k.line = c.line;
        if (e) {
            bf_kit_report(&r->k, BF_D_CSV_QUOTE, NULL);
            break;
        }
        if (c.nfields == 1 && !*c.field[0])
            continue;
        id = bf_kit_csv_get(&c, cid);
        ch = bf_kit_csv_get(&c, cch);
        if (!id || !bf_json_id_printable(id)) {
            bf_kit_report(&r->k, BF_D_BAD_ID, "Video Id");
            continue;
        }
        if (ch && bf_json_id_printable(ch) && !r->k.opts->subject &&
            !r->own.len) {
            bf_buf_puts(&r->own, ch);
            r->owner = r->own.data;
        }
        vis = bf_kit_csv_get(&c, cvis);
        if (vis && strcmp(vis, "Public") != 0) {
            bf_kit_report(&r->k, BF_D_PROTECTED_POST, vis);
            continue;
        }
        st = bf_kit_csv_get(&c, cstat);
        if (st && (strcmp(st, "rejected") == 0 || strcmp(st, "failed") == 0 ||
                   strcmp(st, "deleted") == 0)) {
            bf_kit_report(&r->k, BF_D_PROTECTED_POST, st);
            continue;
        }
        bf_post_clear(&p);
        p.native_id = id;
        p.author_id = r->owner;
        p.text = bf_kit_csv_get(&c, ctitle);
        t = bf_kit_csv_get(&c, cpub);
        if (!t || !*t)
            t = bf_kit_csv_get(&c, ccre);
        if (t && *t && bf_kit_time_text(t, strlen(t), &p.created_at) != BF_OK)
            bf_kit_report(&r->k, BF_D_BAD_DATE, "Time Published");
        p.likes = count(r, bf_kit_csv_get(&c, clike), "Like Count");
        p.views = count(r, bf_kit_csv_get(&c, cview), "View Count");
        err = bf_kit_post(&r->k, &p);
        r->posts++;
    }
out:
    bf_kit_csv_release(&c);
    return err;
}

/* subscriptions reads subscriptions.csv (its text is in r->buf). */
static bf_err subscriptions(yt *r)
{
    bf_kit_csv c;
    int cid;
    bf_err err = BF_OK, e;

    bf_kit_csv_init(&c, r->buf.data, r->buf.len);
    if (bf_kit_csv_next(&c) != BF_OK ||
        (cid = bf_kit_csv_col(&c, "Channel Id")) < 0)
        goto out;
    while (!err && (e = bf_kit_csv_next(&c)) != BF_ENOTFOUND) {
        const char *id;

        r->k.line = c.line;
        if (e)
            break;
        if (c.nfields == 1 && !*c.field[0])
            continue;
        id = bf_kit_csv_get(&c, cid);
        if (!id || !bf_json_id_printable(id)) {
            bf_kit_report(&r->k, BF_D_BAD_ID, "Channel Id");
            continue;
        }
        err = bf_kit_follow(&r->k, r->owner, id, 0);
        r->following++;
    }
out:
    bf_kit_csv_release(&c);
    return err;
}

/* liked counts the rows of Liked videos.csv's second table. */
static void liked(yt *r)
{
    bf_kit_csv c;
    int second = 0;

    bf_kit_csv_init(&c, r->buf.data, r->buf.len);
    while (bf_kit_csv_next(&c) == BF_OK) {
        if (c.nfields == 1 && !*c.field[0])
            continue;
        if (bf_kit_csv_col(&c, "Time Added") >= 0 &&
            bf_kit_csv_col(&c, "Video Id") >= 0) {
            second = 1;
            r->likes = 0;
            continue;
        }
        if (second)
            r->likes++;
    }
    bf_kit_csv_release(&c);
}

bf_err bf__read_youtube(bf_bundle *b, const bf_ingest_opts *opts, bf_sink *sink,
                        bf_diags *diags)
{
    yt r;
    bf_buf fallback;
    bf_account a;
    long f, s;
    bf_err err = BF_OK;

    memset(&r, 0, sizeof r);
    r.b = b;
    /* Unknown until the file that counts them is read. */
    r.posts = r.likes = -1;
    bf_kit_init(&r.k, opts, sink, diags, "youtube");
    bf_buf_init(&r.buf, BF_EXPORT_MAX_MEMBER + 128);
    bf_buf_init(&r.own, 4096);
    bf_buf_init(&fallback, 4096);
    r.owner = bf__export_owner(opts, bf_bundle_path(b), NULL, &fallback);
    /* Uploads first: they name the owner's channel. */
    f = bf_bundle_find(b, "Video Metadata.csv");
    if (f >= 0 && bf__export_text(&r.k, b, f, &r.buf) == BF_OK)
        err = videos(&r);
    s = bf_bundle_find(b, "subscriptions.csv");
    if (!err && s >= 0 && bf__export_text(&r.k, b, s, &r.buf) == BF_OK)
        err = subscriptions(&r);
    f = bf_bundle_find(b, "Liked videos.csv");
    if (!err && f >= 0 && bf__export_text(&r.k, b, f, &r.buf) == BF_OK)
        liked(&r);
    if (!err) {
        bf_account_clear(&a);
        a.native_id = r.owner;
        /* Takeout's files name the channel by its id only. */
        a.unknown = BF_ACC_U_HANDLE | BF_ACC_U_NAME | BF_ACC_U_BIO |
                    BF_ACC_U_URL | BF_ACC_U_LOCATION;
        a.following = s >= 0 ? r.following : -1;
        a.posts = r.posts;
        a.likes = r.likes;
        err = bf_kit_account(&r.k, &a);
    }
    bf_buf_release(&r.buf);
    bf_buf_release(&r.own);
    bf_buf_release(&fallback);
    bf_kit_release(&r.k);
    return err;
}
