/*
 * instagram.c - Instagram's "Download your information" export (JSON).
 *
 * Three layouts are read alike, because each file is found by the end of
 * its path: 2022 (followers_and_following/followers.json wrapped in
 * relationships_followers, past_instagram_insights/ at the top), Dec 2024
 * (connections/followers_and_following/followers_1.json, a bare array)
 * and 2025+ (following items carry the handle in "title", with no
 * "value", and /_u/ addresses).  An item's handle is string_list_data's
 * value, else the item's title, else the last segment of its href.
 *
 * Followers become follow edges follower -> owner with their arrival
 * date (the item's timestamp), followings owner -> followee with theirs.
 * Posts (content/posts_N.json) become the owner's posts: the export holds
 * no like or comment counts, so those stay unknown; archived posts are
 * hidden from the profile and are not read.  Audience insights give the
 * declared follower count and the shares by city, country, age and
 * gender; the number of followers the export lists is sent beside it, so
 * a partial follower file (10 listed, 196 declared) is visible as such.
 * The owner's record comes last: followers are the declared count when
 * the insights give one, else the listed count.  E-mail addresses and
 * phone numbers of personal_information.json are never looked up.
 */
#include <stdlib.h>
#include <string.h>

#include "ingest/exports.h"
#include "ingest/json_fields.h"

typedef struct ig {
    bf_kit k;
    bf_bundle *b;
    bf_json_parser *p;
    bf_buf buf;
    const char *owner;
    int64_t followers, following, posts, declared;
} ig;

/* handle_of is the handle of a relationship item, or NULL. */
static const char *handle_of(ig *r, const bf_json *item)
{
    bf_json list, first;
    bf_json_iter it;
    const char *s = NULL, *href, *slash;

    if (bf_json_get_typed(item, "string_list_data", BF_JSON_ARRAY, &list) &&
        bf_json_iter_init(&list, &it) == BF_OK &&
        bf_json_iter_next(&it, &first, NULL, NULL)) {
        s = bf_json_get_str(&first, "value");
        if (!s || !*s) {
            s = bf_json_get_str(item, "title");
            if (!s || !*s) {
                href = bf_json_get_str(&first, "href");
                slash = href ? strrchr(href, '/') : NULL;
                s = slash && slash[1] ? slash + 1 : NULL;
            }
        }
    } else {
        s = bf_json_get_str(item, "title");
    }
    if (!s || !*s || !bf_json_id_printable(s)) {
        bf_kit_report(&r->k, BF_D_MISSING_FIELD, "handle");
        return NULL;
    }
    return s;
}

/* time_of is the timestamp of a relationship item, 0 when absent. */
static int64_t time_of(ig *r, const bf_json *item)
{
    bf_json v;

    if (bf_json_at(item, "/string_list_data/0", &v) != BF_OK)
        return 0;
    return bf_kit_time(&r->k, &v, "timestamp");
}

/*
 * relations reads a follower (in = 1) or following file: an array, or an
 * object holding one under key.
 */
static bf_err relations(ig *r, long i, const char *key, int in)
{
    bf_json root, list, item;
    bf_json_iter it;
    size_t n = 0;
    bf_err err;

    if (bf__export_json(&r->k, r->b, i, r->p, &r->buf, &root) != BF_OK)
        return BF_OK;
    list = root;
    if (bf_json_type_of(&root) == BF_JSON_OBJECT &&
        !bf_json_get_typed(&root, key, BF_JSON_ARRAY, &list)) {
        bf_kit_report(&r->k, BF_D_JSON_SHAPE, key);
        return BF_OK;
    }
    if (bf_json_iter_init(&list, &it) != BF_OK) {
        bf_kit_report(&r->k, BF_D_JSON_SHAPE, key);
        return BF_OK;
    }
    /* The file can be read: what it lists is counted from here. */
    if (in && r->followers < 0)
        r->followers = 0;
    if (!in && r->following < 0)
        r->following = 0;
    while (bf_json_iter_next(&it, &item, NULL, NULL)) {
        const char *h;

        r->k.line = ++n;
        h = handle_of(r, &item);
        if (!h)
            continue;
        err = in ? bf_kit_follow(&r->k, h, r->owner, time_of(r, &item))
                 : bf_kit_follow(&r->k, r->owner, h, time_of(r, &item));
        if (err)
            return err;
        if (in)
            r->followers++;
        else
            r->following++;
    }
    return BF_OK;
}

/* post_id is a post's id: its first media file's name, extension off. */
static const char *post_id(bf_buf *out, const char *uri)
{
    const char *base = strrchr(uri, '/'), *dot;

    base = base ? base + 1 : uri;
    dot = strrchr(base, '.');
    bf_buf_reset(out);
    if (bf_buf_append(out, base, dot ? (size_t)(dot - base) : strlen(base)))
        return NULL;
    return out->len ? out->data : NULL;
}

/* posts reads content/posts_N.json: an array of posts with media. */
static bf_err posts(ig *r, long i)
{
    bf_json root, item, media;
    bf_json_iter it;
    bf_buf id;
    size_t n = 0;
    bf_err err = BF_OK;

    if (bf__export_json(&r->k, r->b, i, r->p, &r->buf, &root) != BF_OK ||
        bf_json_iter_init(&root, &it) != BF_OK)
        return BF_OK;
    bf_buf_init(&id, 4096);
    while (!err && bf_json_iter_next(&it, &item, NULL, NULL)) {
        bf_post p;
        const char *uri;
        int64_t t;

        r->k.line = ++n;
        if (bf_json_at(&item, "/media/0", &media) != BF_OK ||
            !(uri = bf_json_get_str(&media, "uri")) || !post_id(&id, uri)) {
            bf_kit_report(&r->k, BF_D_MISSING_FIELD, "media/0/uri");
            continue;
        }
        bf_post_clear(&p);
        p.native_id = id.data;
        p.author_id = r->owner;
        t = bf_kit_time(&r->k, &item, "creation_timestamp");
        p.created_at = t ? t : bf_kit_time(&r->k, &media, "creation_timestamp");
        p.text = bf_kit_str(&r->k, 0, &item, "title");
        if (!p.text || !*p.text)
            p.text = bf_kit_str(&r->k, 0, &media, "title");
        err = bf_kit_post(&r->k, &p);
        r->posts++;
    }
    bf_buf_release(&id);
    return err;
}

/* The insight labels read, in the 2022 and the 2024+ spellings alike. */
static const struct {
    const char *label, *kind;
} shares[] = {
    { "Follower percentage by town/city", "city" },
    { "Follower percentage by country", "country" },
    { "Follower percentage by age for all genders", "age" },
    { "Follower percentage by age for men", "age_men" },
    { "Follower percentage by age for women", "age_women" },
};

/* gender sends a gender share written without its label ("64%"). */
static bf_err gender(ig *r, const char *label, const char *value)
{
    bf_buf s;
    bf_err err;

    bf_buf_init(&s, 256);
    err = bf_buf_appendf(&s, "%s: %s", label, value);
    if (!err)
        err = bf_kit_shares(&r->k, r->owner, "gender", s.data);
    bf_buf_release(&s);
    return err;
}

/* insights reads audience_insights.json. */
static bf_err insights(ig *r, long i)
{
    bf_json root, map, v;
    const char *s;
    size_t j;
    bf_err err = BF_OK;

    if (bf__export_json(&r->k, r->b, i, r->p, &r->buf, &root) != BF_OK)
        return BF_OK;
    if (bf_json_at(&root, "/organic_insights_audience/0/string_map_data",
                   &map) != BF_OK) {
        bf_kit_report(&r->k, BF_D_JSON_SHAPE, "organic_insights_audience");
        return BF_OK;
    }
    if (bf_json_get(&map, "Followers", &v) == BF_OK)
        r->declared = bf_kit_count(&r->k, &v, "value");
    for (j = 0; !err && j < sizeof shares / sizeof shares[0]; j++)
        if (bf_json_get(&map, shares[j].label, &v) == BF_OK &&
            (s = bf_json_get_str(&v, "value")) != NULL)
            err = bf_kit_shares(&r->k, r->owner, shares[j].kind, s);
    if (!err &&
        bf_json_get(&map, "Total follower percentage for men", &v) == BF_OK &&
        (s = bf_json_get_str(&v, "value")) != NULL)
        err = gender(r, "men", s);
    if (!err &&
        bf_json_get(&map, "Total follower percentage for women", &v) == BF_OK &&
        (s = bf_json_get_str(&v, "value")) != NULL)
        err = gender(r, "women", s);
    return err;
}

/* is_numbered is 1 when name ends with "/<stem>_<digits>.json". */
static int is_numbered(const char *name, const char *stem)
{
    const char *base = strrchr(name, '/');
    size_t k = strlen(stem), i;

    base = base ? base + 1 : name;
    if (strncmp(base, stem, k) != 0 || base[k] != '_')
        return 0;
    for (i = k + 1; base[i] >= '0' && base[i] <= '9'; i++)
        ;
    return i > k + 1 && strcmp(base + i, ".json") == 0;
}

bf_err bf__read_instagram(bf_bundle *b, const bf_ingest_opts *opts,
                          bf_sink *sink, bf_diags *diags)
{
    ig r;
    bf_buf owner;
    bf_account a;
    size_t i;
    long f;
    int has_posts = 0;
    bf_err err;

    memset(&r, 0, sizeof r);
    r.b = b;
    /* Unknown until a file that lists them is read, not none. */
    r.declared = r.followers = r.following = -1;
    bf_kit_init(&r.k, opts, sink, diags, "instagram");
    bf_buf_init(&r.buf, BF_EXPORT_MAX_MEMBER + 128);
    bf_buf_init(&owner, 4096);
    err = bf_json_parser_new(BF_EXPORT_MAX_MEMBER, &r.p);
    if (err)
        goto out;
    r.owner = bf__export_owner(opts, bf_bundle_path(b), NULL, &owner);
    /* Followers: followers.json (2022) or followers_N.json (2023+). */
    for (i = 0; !err && i < bf_bundle_count(b); i++) {
        const char *nm = bf_bundle_name(b, i);

        if (!strstr(nm, "followers_and_following/"))
            continue;
        if (is_numbered(nm, "followers") ||
            strcmp(strrchr(nm, '/') + 1, "followers.json") == 0)
            err = relations(&r, (long)i, "relationships_followers", 1);
        else if (strcmp(strrchr(nm, '/') + 1, "following.json") == 0)
            err = relations(&r, (long)i, "relationships_following", 0);
    }
    for (i = 0; !err && i < bf_bundle_count(b); i++) {
        const char *nm = bf_bundle_name(b, i);

        if (strstr(nm, "content/") && is_numbered(nm, "posts")) {
            err = posts(&r, (long)i);
            has_posts = 1;
        }
    }
    f = bf_bundle_find(b, "audience_insights.json");
    if (!err && f >= 0) {
        err = insights(&r, f);
    }
    if (!err && r.declared >= 0)
        err = bf_kit_insight(&r.k, r.owner, "followers_declared", "",
                             (double)r.declared);
    if (!err && r.followers >= 0)
        err = bf_kit_insight(&r.k, r.owner, "followers_listed", "",
                             (double)r.followers);
    if (err)
        goto out;
    bf_account_clear(&a);
    a.native_id = r.owner;
    a.handle = r.owner;
    /* The export's follower files carry no profile text of the owner. */
    a.unknown = BF_ACC_U_NAME | BF_ACC_U_BIO | BF_ACC_U_URL | BF_ACC_U_LOCATION;
    a.followers = r.declared >= 0 ? r.declared : r.followers;
    a.following = r.following;
    /* An export without its posts files (one asked for followers only)
     * says nothing about how many there are: unknown, not none. */
    a.posts = has_posts ? r.posts : -1;
    err = bf_kit_account(&r.k, &a);
out:
    bf_json_parser_free(r.p);
    bf_buf_release(&r.buf);
    bf_buf_release(&owner);
    bf_kit_release(&r.k);
    return err;
}
