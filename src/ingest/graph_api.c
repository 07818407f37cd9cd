/*
 * graph_api.c - Meta Graph API responses: Instagram business discovery and
 * media, Facebook Pages, their posts and insights, as `bonafide fetch
 * instagram:...` and `facebook:...` receive them.
 *
 * The Graph API returns nodes with the fields asked for, edges as
 * {"data": [...], "paging": {...}}, and the business discovery of an
 * Instagram account wrapped as {"business_discovery": {...}, "id": the
 * asking account}.  Records are told by their fields, not by a "kind":
 *   - an Instagram user: "username" with "followers_count",
 *     "follows_count" or "media_count";
 *   - an Instagram medium: "media_type", "like_count" or an instagram.com
 *     "permalink" (author: the business discovery's id, else "owner.id",
 *     else --followers-of);
 *   - a Facebook comment ("created_time" with "like_count"): someone's
 *     reply on a post, not a post of the account; reported and not
 *     stored;
 *   - a Facebook Page: "fan_count", or "category" with a "name";
 *   - a Facebook post: "created_time" and an id "PAGE_POST" (author: the
 *     "from" object, else the id's first part); likes are
 *     reactions.summary.total_count (older: likes.summary.total_count or
 *     likes.count), replies comments.summary.total_count, reposts
 *     shares.count (the API leaves shares out when there are none);
 *   - an insight: "name", "period" and "values", its account the part of
 *     its id before "/insights".  page_fans_country and page_fans_city
 *     (counts per place) become shares in percent of kinds "country" and
 *     "city"; Instagram's follower_demographics (total_value.breakdowns,
 *     by city, country, age or gender) likewise.
 * A response of several nodes keyed by id (?ids=a,b) is read node by
 * node.  Counts are integers, strings in some fixtures: the kit reads
 * both; ids are strings or integers of any size, read exactly.
 */
#include <stdio.h>
#include <string.h>

#include "ingest/ingest.h"
#include "ingest/json_fields.h"
#include "ingest/kit.h"

/* The most places or groups one demographic breakdown keeps. */
#define MAX_GROUPS 256

typedef struct gr {
    bf_kit k;
    char owner[BF_JSON_PRINTABLE_ID_MAX + 1]; /* business discovery's id */
} gr;

static int has(const bf_json *o, const char *key)
{
    bf_json v;

    return bf_json_get(o, key, &v) == BF_OK && !bf_json_is_null(&v);
}

/* platform is opts->platform, else the shape's. */
static const char *platform(gr *r, const char *shape)
{
    return r->k.opts->platform ? r->k.opts->platform : shape;
}

static bf_err ig_user(gr *r, const bf_json *o)
{
    char tmp[BF_JSON_ID_MAX];
    bf_account a;

    bf_account_clear(&a);
    a.platform = platform(r, "instagram");
    a.native_id = bf_kit_id(&r->k, o, "id", tmp);
    if (!a.native_id) {
        bf_kit_report(&r->k, BF_D_MISSING_FIELD, "id");
        return BF_OK;
    }
    a.handle = bf_json_get_str(o, "username");
    a.name = bf_json_get_str(o, "name");
    a.bio = bf_json_get_str(o, "biography");
    a.url = bf_json_get_str(o, "website");
    a.followers = bf_kit_count(&r->k, o, "followers_count");
    a.following = bf_kit_count(&r->k, o, "follows_count");
    a.posts = bf_kit_count(&r->k, o, "media_count");
    /*
     * The API returns the fields it was asked for, and leaves out empty
     * ones: an absent biography or website is unknown, not a profile
     * left empty (no fake-account rule may count it).  Instagram has no
     * location field at all.
     */
    a.unknown = BF_ACC_U_LOCATION;
    if (!a.name)
        a.unknown |= BF_ACC_U_NAME;
    if (!a.bio)
        a.unknown |= BF_ACC_U_BIO;
    if (!a.url)
        a.unknown |= BF_ACC_U_URL;
    return bf_kit_account(&r->k, &a);
}

static bf_err fb_page(gr *r, const bf_json *o)
{
    char tmp[BF_JSON_ID_MAX];
    bf_account a;

    bf_account_clear(&a);
    a.platform = platform(r, "facebook");
    a.native_id = bf_kit_id(&r->k, o, "id", tmp);
    if (!a.native_id) {
        bf_kit_report(&r->k, BF_D_MISSING_FIELD, "id");
        return BF_OK;
    }
    a.handle = bf_json_get_str(o, "username");
    a.name = bf_json_get_str(o, "name");
    a.bio = bf_json_get_str(o, "about");
    a.url = bf_json_get_str(o, "website");
    /* fan_count: the Page's likes, its audience before followers_count
     * existed; the larger known figure of the two is its followers. */
    a.followers = bf_kit_count(&r->k, o, "followers_count");
    {
        int64_t fans = bf_kit_count(&r->k, o, "fan_count"), old;
        bf_json likes;

        /* Before fan_count (API v2.5 and older), a Page's fans were its
         * "likes", a number; on a post, "likes" is an edge, an object. */
        if (fans < 0 && bf_json_get(o, "likes", &likes) == BF_OK &&
            bf_json_int64(&likes, &old) == BF_OK && old >= 0)
            fans = old;
        if (fans > a.followers)
            a.followers = fans;
    }
    a.verified = bf_json_get_flag(o, "is_verified");
    return bf_kit_account(&r->k, &a);
}

/* summary_count is obj[key].summary.total_count, else obj[key].count. */
static int64_t summary_count(gr *r, const bf_json *o, const char *key)
{
    bf_json e, s;

    if (bf_json_get(o, key, &e) != BF_OK || bf_json_is_null(&e))
        return -1;
    if (bf_json_get(&e, "summary", &s) == BF_OK)
        return bf_kit_count(&r->k, &s, "total_count");
    return bf_kit_count(&r->k, &e, "count");
}

static bf_err ig_media(gr *r, const bf_json *o)
{
    char tmp[BF_JSON_ID_MAX], otmp[BF_JSON_ID_MAX];
    bf_json owner;
    bf_post p;

    bf_post_clear(&p);
    p.platform = platform(r, "instagram");
    p.native_id = bf_kit_id(&r->k, o, "id", tmp);
    if (r->owner[0])
        p.author_id = r->owner;
    else if (bf_json_get(o, "owner", &owner) == BF_OK)
        p.author_id = bf_kit_id(&r->k, &owner, "id", otmp);
    if (!p.author_id)
        p.author_id = r->k.opts->subject;
    if (!p.native_id || !p.author_id) {
        bf_kit_report(&r->k, BF_D_MISSING_FIELD, "id, owner");
        return BF_OK;
    }
    p.created_at = bf_kit_time(&r->k, o, "timestamp");
    p.text = bf_json_get_str(o, "caption");
    p.likes = bf_kit_count(&r->k, o, "like_count");
    p.replies = bf_kit_count(&r->k, o, "comments_count");
    return bf_kit_post(&r->k, &p);
}

static bf_err fb_post(gr *r, const bf_json *o)
{
    char tmp[BF_JSON_ID_MAX], ftmp[BF_JSON_ID_MAX], author[128];
    bf_json from;
    const char *us;
    bf_post p;

    bf_post_clear(&p);
    p.platform = platform(r, "facebook");
    p.native_id = bf_kit_id(&r->k, o, "id", tmp);
    if (bf_json_get(o, "from", &from) == BF_OK)
        p.author_id = bf_kit_id(&r->k, &from, "id", ftmp);
    /* A Page's post id is PAGEID_POSTID. */
    if (!p.author_id && p.native_id && (us = strchr(p.native_id, '_')) &&
        (size_t)(us - p.native_id) < sizeof author) {
        memcpy(author, p.native_id, (size_t)(us - p.native_id));
        author[us - p.native_id] = '\0';
        p.author_id = author;
    }
    if (!p.native_id || !p.author_id) {
        bf_kit_report(&r->k, BF_D_MISSING_FIELD, "id, from");
        return BF_OK;
    }
    p.created_at = bf_kit_time(&r->k, o, "created_time");
    p.text = bf_json_get_str(o, "message");
    p.likes = summary_count(r, o, "reactions");
    if (p.likes < 0)
        p.likes = summary_count(r, o, "likes");
    p.replies = summary_count(r, o, "comments");
    p.reposts = summary_count(r, o, "shares");
    /* Shares are left out when there are none, once the post's other
     * counts say the fields were asked for. */
    if (p.reposts < 0 && p.likes >= 0)
        p.reposts = 0;
    return bf_kit_post(&r->k, &p);
}

/* shares_of sends the members of a {place: count} object as shares. */
static bf_err shares_of(gr *r, const char *account, const char *kind,
                        const bf_json *counts)
{
    bf_json_iter it;
    bf_json v;
    const char *key;
    double total = 0;
    int64_t n;
    bf_err err = BF_OK;

    if (bf_json_iter_init(counts, &it) != BF_OK)
        return BF_OK;
    while (bf_json_iter_next(&it, &v, &key, NULL))
        if (bf_json_int64(&v, &n) == BF_OK && n > 0)
            total += (double)n;
    if (total <= 0)
        return BF_OK;
    bf_json_iter_init(counts, &it);
    while (!err && bf_json_iter_next(&it, &v, &key, NULL))
        if (bf_json_int64(&v, &n) == BF_OK && n > 0)
            err = bf_kit_insight(&r->k, account, kind, key,
                                 100.0 * (double)n / total);
    return err;
}

/*
 * breakdown sends Instagram's follower_demographics breakdown (results of
 * dimension_values and value) as shares; an age-and-gender breakdown
 * gives both the age and the gender shares.
 */
static bf_err breakdown(gr *r, const char *account, const bf_json *b)
{
    bf_json keys, results, res, dv, d;
    bf_json_iter it, di;
    const char *dim[2] = { NULL, NULL }, *val;
    char label[MAX_GROUPS][64];
    double sum[2][MAX_GROUPS], total = 0;
    size_t ng[2] = { 0, 0 }, i, j, k;
    int64_t n;
    bf_err err = BF_OK;

    if (!bf_json_get_typed(b, "dimension_keys", BF_JSON_ARRAY, &keys) ||
        !bf_json_get_typed(b, "results", BF_JSON_ARRAY, &results))
        return BF_OK;
    bf_json_iter_init(&keys, &it);
    for (i = 0; i < 2 && bf_json_iter_next(&it, &d, NULL, NULL); i++)
        if (bf_json_string(&d, &dim[i], &j) != BF_OK)
            dim[i] = NULL;
    /* Two label tables share label[]: dimension 0 from the start, 1 from
     * the middle. */
    bf_json_iter_init(&results, &it);
    while (bf_json_iter_next(&it, &res, NULL, NULL)) {
        if (bf_json_get(&res, "value", &d) != BF_OK ||
            bf_json_int64(&d, &n) != BF_OK || n < 0 ||
            !bf_json_get_typed(&res, "dimension_values", BF_JSON_ARRAY, &dv))
            continue;
        total += (double)n;
        bf_json_iter_init(&dv, &di);
        for (i = 0; i < 2 && bf_json_iter_next(&di, &d, NULL, NULL); i++) {
            size_t base = i * (MAX_GROUPS / 2);

            if (bf_json_string(&d, &val, &j) != BF_OK)
                continue;
            for (k = 0; k < ng[i] && strcmp(label[base + k], val) != 0; k++)
                ;
            if (k == ng[i]) {
                if (ng[i] == MAX_GROUPS / 2)
                    continue;
                snprintf(label[base + k], sizeof label[0], "%s", val);
                sum[i][k] = 0;
                ng[i]++;
            }
            sum[i][k] += (double)n;
        }
    }
    for (i = 0; i < 2 && total > 0; i++) {
        const char *kind = !dim[i]                          ? NULL
                           : strcmp(dim[i], "age") == 0     ? "age"
                           : strcmp(dim[i], "city") == 0    ? "city"
                           : strcmp(dim[i], "country") == 0 ? "country"
                           : strcmp(dim[i], "gender") == 0  ? "gender"
                                                            : NULL;

        for (k = 0; kind && !err && k < ng[i]; k++)
            err = bf_kit_insight(&r->k, account, kind,
                                 label[i * (MAX_GROUPS / 2) + k],
                                 100.0 * sum[i][k] / total);
    }
    return err;
}

static bf_err insight(gr *r, const bf_json *o)
{
    char account[BF_JSON_PRINTABLE_ID_MAX + 1];
    const char *id = bf_json_get_str(o, "id"), *name, *slash;
    const char *saved = r->k.platform;
    bf_json v, b;
    bf_json_iter it;
    bf_err err = BF_OK;

    name = bf_json_get_str(o, "name");
    slash = id ? strstr(id, "/insights") : NULL;
    if (!name || !slash || (size_t)(slash - id) >= sizeof account ||
        slash == id) {
        bf_kit_report(&r->k, BF_D_MISSING_FIELD, "insight id");
        return BF_OK;
    }
    memcpy(account, id, (size_t)(slash - id));
    account[slash - id] = '\0';
    r->k.platform = platform(r, strncmp(name, "page_", 5) == 0 ? "facebook"
                                                               : "instagram");
    if (strcmp(name, "page_fans_country") == 0 ||
        strcmp(name, "page_fans_city") == 0) {
        /* The latest value of the lifetime series. */
        bf_json last = *o;
        int any = 0;

        if (bf_json_get_typed(o, "values", BF_JSON_ARRAY, &v) &&
            bf_json_iter_init(&v, &it) == BF_OK)
            while (bf_json_iter_next(&it, &b, NULL, NULL))
                if (bf_json_get_typed(&b, "value", BF_JSON_OBJECT, &last))
                    any = 1;
        if (any)
            err = shares_of(r, account,
                            name[10] == 'c' && name[11] == 'o' ? "country"
                                                               : "city",
                            &last);
    } else if (strcmp(name, "follower_demographics") == 0 &&
               bf_json_at(o, "/total_value/breakdowns", &v) == BF_OK &&
               bf_json_iter_init(&v, &it) == BF_OK) {
        while (!err && bf_json_iter_next(&it, &b, NULL, NULL))
            err = breakdown(r, account, &b);
    }
    r->k.platform = saved;
    return err;
}

/* node reads one object of any shape above. */
static bf_err node(gr *r, const bf_json *o)
{
    const char *link = bf_json_get_str(o, "permalink");

    if (has(o, "period") && has(o, "name") &&
        (has(o, "values") || has(o, "total_value")))
        return insight(r, o);
    /* A Facebook comment (created_time, from, like_count) is someone's
     * reply on a post: neither an Instagram medium, whose date is
     * "timestamp", nor a post of the account. */
    if (has(o, "created_time") && has(o, "like_count")) {
        bf_kit_report(&r->k, BF_D_NOT_A_POST, NULL);
        return BF_OK;
    }
    if (has(o, "media_type") || has(o, "like_count") ||
        (link && strstr(link, "instagram.com/")))
        return ig_media(r, o);
    if (has(o, "created_time") && has(o, "id"))
        return fb_post(r, o);
    if (has(o, "username") &&
        (has(o, "followers_count") || has(o, "follows_count") ||
         has(o, "media_count")))
        return ig_user(r, o);
    if (has(o, "fan_count") || (has(o, "category") && has(o, "name")) ||
        (has(o, "followers_count") && has(o, "name")))
        return fb_page(r, o);
    bf_kit_report(&r->k, BF_D_JSON_SHAPE, "a Graph API node");
    return BF_OK;
}

/* edge reads the data[] of an edge. */
static bf_err edge(gr *r, const bf_json *list)
{
    bf_json_iter it;
    bf_json o;
    bf_err err = BF_OK;

    if (bf_json_iter_init(list, &it) != BF_OK)
        return BF_OK;
    while (!err && bf_json_iter_next(&it, &o, NULL, NULL))
        err = node(r, &o);
    return err;
}

static bf_err on_doc(void *ctx, const bf_json *root, uint64_t line,
                     uint64_t offset)
{
    gr *r = ctx;
    bf_json bd, v;
    bf_json_iter it;
    const char *key;
    bf_err err = BF_OK;

    (void)line; /* the kit holds where the document starts */
    (void)offset;
    r->owner[0] = '\0';
    if (bf_json_type_of(root) != BF_JSON_OBJECT || has(root, "error")) {
        bf_kit_report(&r->k, BF_D_JSON_SHAPE,
                      has(root, "error") ? "an error answer" : "an object");
        return BF_OK;
    }
    if (bf_json_get_typed(root, "business_discovery", BF_JSON_OBJECT, &bd)) {
        char tmp[BF_JSON_ID_MAX];
        const char *id = bf_kit_id(&r->k, &bd, "id", tmp);

        if (id && strlen(id) < sizeof r->owner)
            snprintf(r->owner, sizeof r->owner, "%s", id);
        if (has(&bd, "username"))
            err = ig_user(r, &bd);
        if (!err && bf_json_at(&bd, "/media/data", &v) == BF_OK)
            err = edge(r, &v);
        return err;
    }
    if (bf_json_get_typed(root, "data", BF_JSON_ARRAY, &v))
        return edge(r, &v);
    if (has(root, "id"))
        return node(r, root);
    /* ?ids=a,b answers {"a": {...}, "b": {...}}. */
    if (bf_json_iter_init(root, &it) == BF_OK)
        while (!err && bf_json_iter_next(&it, &v, &key, NULL))
            if (bf_json_type_of(&v) == BF_JSON_OBJECT)
                err = node(r, &v);
    return err;
}

bf_err bf_read_graph_api(bf_input *in, const bf_ingest_opts *opts,
                         bf_sink *sink, bf_diags *diags)
{
    gr r;
    bf_err err;

    memset(r.owner, 0, sizeof r.owner);
    bf_kit_init(&r.k, opts, sink, diags, "facebook");
    err = bf_kit_json_docs(&r.k, in, on_doc, &r);
    bf_kit_release(&r.k);
    return err;
}
