/*
 * facebook.c - Facebook's "Download your information" export (JSON), of a
 * personal profile or of a Page.
 *
 * Every file is one object with one *_v2 or *_v3 key holding a list, or a
 * bare list; the reader looks for the files it knows by the end of their
 * path, in the 2022 layout (friends_and_followers/, posts/) and the 2023+
 * one (connections/followers/, connections/friends/,
 * your_facebook_activity/posts/, and for a Page
 * this_profile's_activity_across_facebook/posts/).  Strings carry Meta's
 * mojibake and are decoded back (kit.h).
 *
 * The export names people, never their ids, so an account's native id is
 * its decoded name.  Followers (people_who_follow_you.json,
 * people_who_followed_you.json) become follower -> owner, with their date
 * when the entry has one (Page exports have none); friends become a
 * follow each way dated by the friendship; who_you_follow.json /
 * who_you've_followed.json become owner -> followee.  Posts are the
 * owner's status updates (your_posts_N.json, profile_posts_N.json: one id
 * per owner and date) and uploaded videos and photos (videos_v2,
 * other_photos_v2: the id is the media file's name; the files of one post
 * are read as one, MEDIA_SAME_POST); the export holds no reaction counts,
 * so those stay unknown.  The owner is the Page's name
 * from profile_information.json, else --followers-of, else the export's
 * folder name; no contact detail of that file is looked up.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/hash.h"
#include "ingest/exports.h"
#include "ingest/json_fields.h"

typedef struct fb {
    bf_kit k;
    bf_bundle *b;
    bf_json_parser *p;
    bf_buf buf, id;
    const char *owner;
    int64_t followers, following, posts;
} fb;

/* The longest name kept as an id, in bytes. */
#define MAX_NAME 256

/* valid_name is 1 for a name usable as an id: no control byte. */
static int valid_name(const char *s)
{
    size_t n = 0;

    for (; s && s[n]; n++)
        if ((unsigned char)s[n] < 0x20 || s[n] == 0x7F)
            return 0;
    return n > 0 && n <= MAX_NAME;
}

/* list_of is the file's list: root itself, or its first array member. */
static int list_of(const bf_json *root, bf_json *out)
{
    bf_json_iter it;
    const char *key;

    if (bf_json_type_of(root) == BF_JSON_ARRAY) {
        *out = *root;
        return 1;
    }
    if (bf_json_iter_init(root, &it) != BF_OK)
        return 0;
    while (bf_json_iter_next(&it, out, &key, NULL))
        if (bf_json_type_of(out) == BF_JSON_ARRAY)
            return 1;
    return 0;
}

/* base_is is 1 when the last segment of name is base. */
static int base_is(const char *name, const char *base)
{
    const char *s = strrchr(name, '/');

    return strcmp(s ? s + 1 : name, base) == 0;
}

/* numbered is 1 when name's last segment is stem_<digits>.json. */
static int numbered(const char *name, const char *stem)
{
    const char *s = strrchr(name, '/');
    size_t k = strlen(stem), i;

    s = s ? s + 1 : name;
    if (strncmp(s, stem, k) != 0 || s[k] != '_')
        return 0;
    for (i = k + 1; s[i] >= '0' && s[i] <= '9'; i++)
        ;
    return i > k + 1 && strcmp(s + i, ".json") == 0;
}

enum { FOLLOWERS, FRIENDS, FOLLOWING, STATUS, MEDIA };

/*
 * A post of several photos or videos is one entry per file in the
 * export, with the post's caption on each (or none) and dates seconds
 * apart: the Page export of a small college lists a post of five photos
 * as five uploads 4 to 13 seconds apart, and each video twice at the
 * same second.  Read as posts, they multiplied the post count and made
 * one caption read as repeated.  An upload is the same post as the one
 * listed before it when it has the same caption and came within
 * MEDIA_SAME_POST seconds of it.  There, the files of one post came 0 to
 * 16 seconds apart; the next gaps were 31 and 52 seconds between files
 * without a caption (read as one post each: the export cannot tell) and
 * 51 seconds between two captions (two posts), then 98 seconds and more.
 */
#define MEDIA_SAME_POST 60

/* read_file sends the records of file i, of the given kind. */
static bf_err read_file(fb *r, long i, int kind)
{
    bf_json root, list, e;
    bf_json_iter it;
    uint64_t n = 0, last_hash = 0;
    int64_t last_at = 0;
    bf_err err = BF_OK;

    if (bf__export_json(&r->k, r->b, i, r->p, &r->buf, &root) != BF_OK)
        return BF_OK;
    if (!list_of(&root, &list) || bf_json_iter_init(&list, &it) != BF_OK) {
        bf_kit_report(&r->k, BF_D_JSON_SHAPE, "a list");
        return BF_OK;
    }
    /* The file can be read: what it lists is counted from here. */
    if ((kind == STATUS || kind == MEDIA) && r->posts < 0)
        r->posts = 0;
    if ((kind == FOLLOWERS || kind == FRIENDS) && r->followers < 0)
        r->followers = 0;
    if ((kind == FOLLOWING || kind == FRIENDS) && r->following < 0)
        r->following = 0;
    while (!err && bf_json_iter_next(&it, &e, NULL, NULL)) {
        const char *name;
        int64_t t;
        bf_post p;

        r->k.line = ++n;
        if (kind == STATUS || kind == MEDIA) {
            bf_post_clear(&p);
            p.author_id = r->owner;
            bf_buf_reset(&r->id);
            if (kind == STATUS) {
                bf_json d;

                p.created_at = bf_kit_time(&r->k, &e, "timestamp");
                if (bf_json_at(&e, "/data/0", &d) == BF_OK)
                    p.text = bf_kit_str(&r->k, 1, &d, "post");
                if (!p.created_at ||
                    bf_buf_appendf(&r->id, "%s/%lld", r->owner,
                                   (long long)p.created_at) != BF_OK) {
                    bf_kit_report(&r->k, BF_D_MISSING_FIELD, "timestamp");
                    continue;
                }
            } else {
                const char *uri = bf_json_get_str(&e, "uri"), *s;
                uint64_t h;
                int same;

                p.created_at = bf_kit_time(&r->k, &e, "creation_timestamp");
                p.text = bf_kit_str(&r->k, 1, &e, "description");
                if (!p.text || !*p.text)
                    p.text = bf_kit_str(&r->k, 1, &e, "title");
                /* Another file of the post listed before it. */
                h = bf_fnv1a(p.text);
                same = last_at && p.created_at && h == last_hash &&
                       llabs(p.created_at - last_at) <= MEDIA_SAME_POST;
                last_hash = h;
                last_at = p.created_at;
                if (same)
                    continue;
                s = uri ? strrchr(uri, '/') : NULL;
                s = s ? s + 1 : uri;
                if (!s || !*s || bf_buf_puts(&r->id, s) != BF_OK ||
                    !bf_json_id_printable(r->id.data)) {
                    bf_kit_report(&r->k, BF_D_MISSING_FIELD, "uri");
                    continue;
                }
            }
            p.native_id = r->id.data;
            err = bf_kit_post(&r->k, &p);
            r->posts++;
            continue;
        }
        name = bf_kit_str(&r->k, 0, &e, "name");
        if (!valid_name(name)) {
            bf_kit_report(&r->k, BF_D_MISSING_FIELD, "name");
            continue;
        }
        t = bf_kit_time(&r->k, &e, "timestamp");
        if (kind == FOLLOWING) {
            err = bf_kit_follow(&r->k, r->owner, name, t);
            r->following++;
        } else {
            err = bf_kit_follow(&r->k, name, r->owner, t);
            r->followers++;
            if (!err && kind == FRIENDS) {
                err = bf_kit_follow(&r->k, r->owner, name, t);
                r->following++;
            }
        }
    }
    return err;
}

/* kind_of tells which list file name is, or -1. */
static int kind_of(const char *name)
{
    if (base_is(name, "people_who_follow_you.json") ||
        base_is(name, "people_who_followed_you.json") ||
        base_is(name, "followers.json"))
        return FOLLOWERS;
    if (base_is(name, "friends.json") || base_is(name, "your_friends.json"))
        return FRIENDS;
    if (base_is(name, "who_you_follow.json") ||
        base_is(name, "who_you've_followed.json"))
        return FOLLOWING;
    if (numbered(name, "your_posts") || numbered(name, "profile_posts"))
        return STATUS;
    if (strstr(name, "posts/") &&
        (base_is(name, "your_videos.json") || base_is(name, "videos.json") ||
         base_is(name, "your_uncategorized_photos.json") ||
         base_is(name, "uncategorized_photos.json")))
        return MEDIA;
    return -1;
}

bf_err bf__read_facebook(bf_bundle *b, const bf_ingest_opts *opts,
                         bf_sink *sink, bf_diags *diags)
{
    fb r;
    bf_buf own, page;
    bf_json root;
    bf_account a;
    const char *name = NULL;
    size_t i;
    long f;
    bf_err err;

    memset(&r, 0, sizeof r);
    r.b = b;
    /* Unknown until a file that lists them is read, not none. */
    r.followers = r.following = r.posts = -1;
    bf_kit_init(&r.k, opts, sink, diags, "facebook");
    bf_buf_init(&r.buf, BF_EXPORT_MAX_MEMBER + 128);
    bf_buf_init(&r.id, 4096);
    bf_buf_init(&own, 4096);
    bf_buf_init(&page, 4096);
    err = bf_json_parser_new(BF_EXPORT_MAX_MEMBER, &r.p);
    if (err)
        goto out;
    /* The Page's own name, copied: the document goes with the next file. */
    f = bf_bundle_find(b, "profile_information.json");
    if (f >= 0 && bf__export_json(&r.k, b, f, r.p, &r.buf, &root) == BF_OK) {
        bf_json v;

        if (bf_json_at(&root, "/profile_v2/name", &v) == BF_OK)
            name = bf_kit_str(&r.k, 0, &v, "full_name");
        if (name && valid_name(name) && bf_buf_puts(&page, name) == BF_OK)
            name = page.data;
        else
            name = NULL;
    }
    r.owner = opts->subject ? opts->subject
              : name        ? name
                     : bf__export_owner(opts, bf_bundle_path(b), NULL, &own);
    for (i = 0; !err && i < bf_bundle_count(b); i++) {
        int kind = kind_of(bf_bundle_name(b, i));

        if (kind >= 0)
            err = read_file(&r, (long)i, kind);
    }
    if (!err && r.followers >= 0)
        err = bf_kit_insight(&r.k, r.owner, "followers_listed", "",
                             (double)r.followers);
    if (err)
        goto out;
    bf_account_clear(&a);
    a.native_id = r.owner;
    a.name = r.owner;
    /* The export names its owner and no more of a public profile. */
    a.unknown =
            BF_ACC_U_HANDLE | BF_ACC_U_BIO | BF_ACC_U_URL | BF_ACC_U_LOCATION;
    a.followers = r.followers;
    a.following = r.following;
    a.posts = r.posts;
    err = bf_kit_account(&r.k, &a);
out:
    bf_json_parser_free(r.p);
    bf_buf_release(&r.buf);
    bf_buf_release(&r.id);
    bf_buf_release(&own);
    bf_buf_release(&page);
    bf_kit_release(&r.k);
    return err;
}
