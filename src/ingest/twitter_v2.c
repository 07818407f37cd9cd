/*
 * twitter_v2.c - X / Twitter API v2 JSON as twarc2 writes it.
 *
 * twarc2 writes one API response page per line: {"data": [...],
 * "includes": {"users": [...], "tweets": [...], ...}, "meta": {...},
 * "errors": [...], "__twarc": {...}}.  "data" holds tweets (search,
 * timelines, lookups) or users (user lookups, follower lists); "includes"
 * holds the authors of those tweets and the tweets they retweet, quote or
 * reply to.  `twarc2 flatten` rewrites pages into one tweet per line with
 * its author embedded as "author" and each referenced tweet embedded in
 * its "referenced_tweets" entry.  This reader takes both, and bare tweet or
 * user objects, line by line, with one reused simdjson parser parsing in
 * place in bf_input's window, as twitter_v1.c does.
 *
 * Order of emission inside a page: included users (accounts), included
 * tweets (the parents), then the data; inside a flattened tweet: its
 * author, the embedded referenced tweets, then the tweet.  A parent is thus
 * known before the post that points at it, and an author before its posts.
 *
 * Field mapping (v2 -> model): id, author_id; created_at (ISO 8601);
 * note_tweet.text (long posts) else text; public_metrics like_count,
 * retweet_count, reply_count, quote_count, impression_count -> likes,
 * reposts, replies, quotes, views; referenced_tweets type retweeted ->
 * repost, quoted -> quote, replied_to -> reply (in that precedence, as a
 * retweet of a quote is a retweet); entities hashtags, mentions, urls ->
 * counts; source (plain text in v2).  Users: username -> handle, name,
 * created_at, public_metrics followers_count, following_count,
 * tweet_count, listed_count, like_count; verified, protected, description,
 * the expanded profile link (entities.url) else url, location, and
 * profile_image_url containing "default_profile_images" -> default_avatar.
 *
 * Lines that are not pages, tweets or users are reported and skipped; the
 * compliance events twarc2 also writes ({"id", "action", ...}) and pages
 * holding only API errors are skipped silently.  Ids are read as strings
 * (v2 writes them so), never through a double.
 */
#include <string.h>

#include "base/buf.h"
#include "ingest/ingest.h"
#include "ingest/json.h"
#include "ingest/json_docs.h"
#include "ingest/json_fields.h"
#include "ingest/kit.h"

/* Lines are parsed in place, in bf_input's window, past which simdjson
 * reads. */
_Static_assert(BF_INPUT_PADDING >= BF_JSON_PADDING,
               "bf_input must pad lines for the JSON parser");

/* Referenced tweets embedded by `twarc2 flatten` are followed this deep. */
#define MAX_NESTING 2

typedef struct reader {
    bf_kit k; /* options, sink, diagnostics, position (kit.h) */
    bf_json_parser *parser;
    bf_buf fix; /* a line repaired for invalid UTF-8 */
} reader;

/* get_str is obj[key] as a non-empty C string, else NULL. */
static const char *get_str(const bf_json *obj, const char *key)
{
    size_t n;
    const char *s = bf_json_get_strn(obj, key, &n);

    return n ? s : NULL;
}

/* has is 1 when obj has a member key. */
static int has(const bf_json *obj, const char *key)
{
    bf_json v;

    return bf_json_get(obj, key, &v) == BF_OK;
}

/*
 * parse_failed files the diagnostic for a line simdjson refused; a bad line
 * never stops the reader.
 */
static void parse_failed(reader *r)
{
    const char *msg;
    bf_diag_id id = bf__json_fault_diag(r->parser, &msg);

    bf_kit_report(&r->k, id, msg);
}

/*
 * get_id reads the id obj[key] into *out (a string, or an integer written
 * into tmp).  BF_ENOTFOUND when absent, BF_EPARSE when not a valid id.
 */
static bf_err get_id(const bf_json *obj, const char *key,
                     char tmp[BF_JSON_ID_MAX], const char **out)
{
    size_t n;
    bf_err err = bf_json_get_id(obj, key, key, tmp, out, &n);

    if (err == BF_ENOTFOUND)
        return err;
    if (err || !bf_json_id_decimal(*out, n))
        return BF_EPARSE;
    return BF_OK;
}

/* user_url prefers the expanded profile link over its t.co form. */
static const char *user_url(const bf_json *user)
{
    bf_json first;
    const char *s;

    if (bf_json_at(user, "/entities/url/urls/0", &first) == BF_OK &&
        bf_json_type_of(&first) == BF_JSON_OBJECT &&
        (s = get_str(&first, "expanded_url")) != NULL)
        return s;
    return get_str(user, "url");
}

/* emit_user sends a v2 user object to the sink as an account. */
static bf_err emit_user(reader *r, const bf_json *u)
{
    char tmp[BF_JSON_ID_MAX];
    bf_json pm, *pmp = NULL;
    const char *id, *img;
    bf_account a;
    bf_err err;

    err = get_id(u, "id", tmp, &id);
    if (err) {
        bf_kit_report(&r->k,
                      err == BF_ENOTFOUND ? BF_D_MISSING_FIELD : BF_D_BAD_ID,
                      "user id");
        return BF_OK;
    }
    if (!r->k.sink->account)
        return BF_OK;
    if (bf_json_get_typed(u, "public_metrics", BF_JSON_OBJECT, &pm))
        pmp = &pm;
    bf_account_clear(&a);
    a.platform = r->k.platform;
    a.native_id = id;
    a.handle = get_str(u, "username");
    a.name = get_str(u, "name");
    a.created_at = bf_kit_date(&r->k, u, "created_at");
    a.followers = bf_kit_count_as(&r->k, pmp, "followers_count", 0);
    a.following = bf_kit_count_as(&r->k, pmp, "following_count", 0);
    a.posts = bf_kit_count_as(&r->k, pmp, "tweet_count", 0);
    a.lists = bf_kit_count_as(&r->k, pmp, "listed_count", 0);
    a.likes = bf_kit_count_as(&r->k, pmp, "like_count", 0);
    a.verified = bf_json_get_flag(u, "verified");
    a.protected_ = bf_json_get_flag(u, "protected");
    img = get_str(u, "profile_image_url");
    if (img)
        a.default_avatar = strstr(img, "default_profile_images") != NULL;
    a.bio = get_str(u, "description");
    a.url = user_url(u);
    a.location = get_str(u, "location");
    a.observed_at = r->k.opts->observed_at;
    return r->k.sink->account(r->k.sink->ctx, &a);
}

static bf_err handle_tweet(reader *r, const bf_json *t, int depth);

/*
 * set_parent reads referenced_tweets: it sets p's kind and parent, and
 * first emits the referenced tweets that `twarc2 flatten` embedded.
 */
static bf_err set_parent(reader *r, const bf_json *t, int depth, bf_post *p,
                         char tmp[BF_JSON_ID_MAX])
{
    static const char *const types[] = { "retweeted", "quoted", "replied_to" };
    static const bf_post_kind kinds[] = { BF_POST_REPOST, BF_POST_QUOTE,
                                          BF_POST_REPLY };
    int best = 3, i;
    bf_json refs, ref;
    bf_json_iter it;
    const char *type, *id;
    bf_err err;

    if (!bf_json_get_typed(t, "referenced_tweets", BF_JSON_ARRAY, &refs) ||
        bf_json_iter_init(&refs, &it) != BF_OK)
        return BF_OK;
    while (bf_json_iter_next(&it, &ref, NULL, NULL)) {
        if (bf_json_type_of(&ref) != BF_JSON_OBJECT)
            continue;
        type = get_str(&ref, "type");
        if (!type)
            continue;
        /* A flattened reference carries the whole tweet. */
        if (depth < MAX_NESTING && has(&ref, "text")) {
            err = handle_tweet(r, &ref, depth + 1);
            if (err)
                return err;
        }
        for (i = 0; i < 3; i++) {
            if (strcmp(type, types[i]) != 0 || i >= best)
                continue;
            if (get_id(&ref, "id", tmp, &id) == BF_OK) {
                best = i;
                p->kind = kinds[i];
                p->parent_id = id;
            }
        }
    }
    return BF_OK;
}

/*
 * edit_chain reads an edited tweet's edit_history_tweet_ids, the ids X
 * gave its versions, oldest first: *out_first gets the first (the post's
 * key, whichever version this is) and *out_replaced is 1 when id is not
 * the last one, a version a later one replaced.  Nothing is set for a
 * tweet never edited (one id, or none) or a chain that is not a list of
 * ids.
 */
static void edit_chain(const bf_json *t, const char *id,
                       char tmp[BF_JSON_ID_MAX], const char **out_first,
                       int *out_replaced)
{
    bf_json hist, v;
    bf_json_iter it;
    const char *s, *first = NULL, *last = NULL;
    size_t n, k = 0;

    if (!bf_json_get_typed(t, "edit_history_tweet_ids", BF_JSON_ARRAY, &hist) ||
        bf_json_size(&hist) < 2 || bf_json_iter_init(&hist, &it) != BF_OK)
        return;
    while (bf_json_iter_next(&it, &v, NULL, NULL)) {
        if (bf_json_type_of(&v) != BF_JSON_STRING ||
            bf_json_string(&v, &s, &n) != BF_OK || !bf_json_id_decimal(s, n))
            return;
        if (k++ == 0) {
            if (n >= BF_JSON_ID_MAX)
                return;
            memcpy(tmp, s, n);
            tmp[n] = '\0';
            first = tmp;
        }
        last = s;
    }
    *out_first = first;
    *out_replaced = strcmp(last, id) != 0;
}

/*
 * handle_tweet emits a v2 tweet object: a flattened one's embedded author
 * and referenced tweets first, then the post.  A tweet without a usable id
 * or author is reported and skipped.
 *
 * An edited tweet is one post, however many of its versions the data
 * hold: X gives each version an id of its own, so stored by those the
 * versions were as many posts, and the replaced ones, whose reactions
 * went on to the newer version, read as posts nobody answered.  Every
 * version is keyed by the chain's first id; a replaced version keeps its
 * author and kind, and its text, date, counters and client are left
 * unknown, so that it neither overrides the newer version's nor stands
 * for the post as it is (alone, it is a post whose content was not
 * collected).
 */
static bf_err handle_tweet(reader *r, const bf_json *t, int depth)
{
    char id_tmp[BF_JSON_ID_MAX], uid_tmp[BF_JSON_ID_MAX];
    char ref_tmp[BF_JSON_ID_MAX], first_tmp[BF_JSON_ID_MAX];
    bf_json author, pm, ent, note, *pmp = NULL;
    const char *id, *uid = NULL, *first = NULL;
    int replaced = 0;
    bf_post p;
    bf_err err;

    err = get_id(t, "id", id_tmp, &id);
    if (err) {
        bf_kit_report(&r->k,
                      err == BF_ENOTFOUND ? BF_D_MISSING_FIELD : BF_D_BAD_ID,
                      "tweet id");
        return BF_OK;
    }
    if (bf_json_get_typed(t, "author", BF_JSON_OBJECT, &author)) {
        err = emit_user(r, &author);
        if (err)
            return err;
        if (get_id(&author, "id", uid_tmp, &uid) != BF_OK)
            uid = NULL;
    }
    if (!uid) {
        err = get_id(t, "author_id", uid_tmp, &uid);
        if (err) {
            bf_kit_report(&r->k,
                          err == BF_ENOTFOUND ? BF_D_MISSING_FIELD
                                              : BF_D_BAD_ID,
                          "author_id");
            return BF_OK;
        }
    }
    bf_post_clear(&p);
    p.platform = r->k.platform;
    p.native_id = id;
    p.author_id = uid;
    err = set_parent(r, t, depth, &p, ref_tmp);
    if (err || !r->k.sink->post)
        return err;
    edit_chain(t, id, first_tmp, &first, &replaced);
    if (first)
        p.native_id = first;
    if (replaced)
        return r->k.sink->post(r->k.sink->ctx, &p);
    p.created_at = bf_kit_date(&r->k, t, "created_at");
    /* Posts longer than 280 characters keep their full text apart. */
    if (bf_json_get_typed(t, "note_tweet", BF_JSON_OBJECT, &note))
        p.text = get_str(&note, "text");
    if (!p.text)
        p.text = get_str(t, "text");
    if (bf_json_get_typed(t, "public_metrics", BF_JSON_OBJECT, &pm))
        pmp = &pm;
    p.likes = bf_kit_count_as(&r->k, pmp, "like_count", 0);
    p.reposts = bf_kit_count_as(&r->k, pmp, "retweet_count", 0);
    p.replies = bf_kit_count_as(&r->k, pmp, "reply_count", 0);
    p.quotes = bf_kit_count_as(&r->k, pmp, "quote_count", 0);
    p.views = bf_kit_count_as(&r->k, pmp, "impression_count", 0);
    if (bf_json_get_typed(t, "entities", BF_JSON_OBJECT, &ent)) {
        p.hashtags = bf_json_get_size(&ent, "hashtags");
        p.mentions = bf_json_get_size(&ent, "mentions");
        p.urls = bf_json_get_size(&ent, "urls");
    }
    p.source = get_str(t, "source");
    return r->k.sink->post(r->k.sink->ctx, &p);
}

/* is_user is 1 for a v2 user object, is_tweet for a tweet. */
static int is_user(const bf_json *v)
{
    return has(v, "username") && !has(v, "text");
}

static int is_tweet(const bf_json *v)
{
    return has(v, "text") || has(v, "author_id");
}

/*
 * handle_item emits one element of "data" (or a bare line); *out_other
 * counts elements that are neither tweets nor users (lists, counts).
 */
static bf_err handle_item(reader *r, const bf_json *v, size_t *out_other)
{
    if (bf_json_type_of(v) == BF_JSON_OBJECT) {
        if (is_user(v))
            return emit_user(r, v);
        if (is_tweet(v))
            return handle_tweet(r, v, 0);
    }
    (*out_other)++;
    return BF_OK;
}

/* handle_each runs handle_item (or emit_user) over the array list. */
static bf_err handle_each(reader *r, const bf_json *list, int users,
                          size_t *out_other)
{
    bf_json_iter it;
    bf_json v;
    bf_err err = BF_OK;

    if (bf_json_iter_init(list, &it) != BF_OK)
        return BF_OK;
    while (!err && bf_json_iter_next(&it, &v, NULL, NULL)) {
        if (users && bf_json_type_of(&v) == BF_JSON_OBJECT)
            err = emit_user(r, &v);
        else if (users)
            (*out_other)++;
        else
            err = handle_item(r, &v, out_other);
    }
    return err;
}

/* handle_page emits a response page: includes first, then data. */
static bf_err handle_page(reader *r, const bf_json *page)
{
    bf_json inc, list, data;
    size_t other = 0;
    char msg[96];
    bf_err err;

    if (bf_json_get_typed(page, "includes", BF_JSON_OBJECT, &inc)) {
        if (bf_json_get_typed(&inc, "users", BF_JSON_ARRAY, &list)) {
            err = handle_each(r, &list, 1, &other);
            if (err)
                return err;
        }
        if (bf_json_get_typed(&inc, "tweets", BF_JSON_ARRAY, &list)) {
            err = handle_each(r, &list, 0, &other);
            if (err)
                return err;
        }
    }
    if (bf_json_get(page, "data", &data) != BF_OK)
        return BF_OK;
    if (bf_json_type_of(&data) == BF_JSON_ARRAY)
        err = handle_each(r, &data, 0, &other);
    else
        err = handle_item(r, &data, &other);
    if (err)
        return err;
    /* One diagnostic per page, not per element, for lists or counts. */
    if (other) {
        snprintf(msg, sizeof msg, "%zu elements are neither tweets nor users",
                 other);
        bf_kit_report(&r->k, BF_D_JSON_SHAPE, msg);
    }
    return BF_OK;
}

/* handle_root dispatches on the shape of a parsed line. */
static bf_err handle_root(reader *r, const bf_json *root)
{
    size_t other = 0;
    bf_err err;

    if (bf_json_type_of(root) == BF_JSON_ARRAY) {
        err = handle_each(r, root, 0, &other);
        if (!err && other)
            bf_kit_report(&r->k, BF_D_JSON_SHAPE,
                          "array element is not a tweet");
        return err;
    }
    if (bf_json_type_of(root) != BF_JSON_OBJECT) {
        bf_kit_report(&r->k, BF_D_JSON_SHAPE, "not an object or array");
        return BF_OK;
    }
    if (has(root, "data") || has(root, "includes"))
        return handle_page(r, root);
    if (is_user(root) || is_tweet(root))
        return handle_item(r, root, &other);
    /* Compliance events, error-only pages and the last page of a list
     * ({"meta":{"result_count":0}}) carry no record. */
    if (has(root, "action") || has(root, "errors") || has(root, "meta"))
        return BF_OK;
    bf_kit_report(&r->k, BF_D_JSON_SHAPE, "not a v2 page, tweet or user");
    return BF_OK;
}

bf_err bf_read_twitter_v2(bf_input *in, const bf_ingest_opts *opts,
                          bf_sink *sink, bf_diags *diags)
{
    reader r;
    const char *line;
    size_t len, bad;
    bf_json root;
    char msg[64];
    bf_err err;

    memset(&r, 0, sizeof r);
    bf_kit_init(&r.k, opts, sink, diags, "twitter");
    bf_kit_at(&r.k, bf_input_name(in), 0, 0);
    bf_buf_init(&r.fix, BF_INGEST_MAX_LINE + (BF_INGEST_MAX_LINE >> 1));
    err = bf_json_parser_new(BF_INGEST_MAX_LINE + (BF_INGEST_MAX_LINE >> 1),
                             &r.parser);
    if (err)
        goto out;
    for (;;) {
        err = bf__json_next_line(in, diags, &line, &len);
        r.k.line = bf_input_lineno(in);
        r.k.offset = bf_input_offset(in);
        if (err == BF_ENOTFOUND) {
            err = BF_OK;
            break;
        }
        if (err)
            goto out;
        err = bf__json_line(r.parser, line, len, &r.fix, &root, &bad);
        if (err == BF_ENOMEM)
            goto out;
        if (err) {
            err = BF_OK;
            parse_failed(&r);
            continue;
        }
        if (bad) {
            snprintf(msg, sizeof msg, "%zu invalid UTF-8 sequences replaced",
                     bad);
            bf_kit_report(&r.k, BF_D_UTF8_REPAIRED, msg);
        }
        err = handle_root(&r, &root);
        if (err)
            goto out;
    }
out:
    bf_json_parser_free(r.parser);
    bf_kit_release(&r.k);
    bf_buf_release(&r.fix);
    return err;
}
