/*
 * twitter_v1.c - Twitter API v1.1 tweets as JSON lines.
 *
 * twarc, Hydrator and the v1.1 streaming API write one tweet object per
 * line, each carrying its author's full user object.  Every line is parsed
 * with one reused simdjson parser (ingest/json.h) straight from bf_input's
 * window, which keeps the padding simdjson reads past the end, so nothing is
 * copied before parsing.  A line may also hold an array of tweets or a
 * search response {"statuses": [...]}; both are walked element by element.
 *
 * For each tweet the reader emits, in this order, the tweets embedded in it
 * (retweeted_status and quoted_status, with their own authors: they are
 * real posts by other accounts, and emitting them first means a parent is
 * known before the post that points at it), then the author as a
 * bf_account, then the tweet as a bf_post.  Ids always come from id_str, or
 * from the integer id written back in decimal, never through a double.
 *
 * Strings handed to the sink point into the parsed document (simdjson keeps
 * its unescaped strings NUL-terminated) or into a small scratch buffer for
 * what must be rewritten, such as the client name inside the source anchor;
 * both live until the next line, longer than any sink call.  Memory is
 * therefore constant: one parser, one scratch buffer, bf_input's window.
 *
 * Pages of the REST API's user and social-graph endpoints are read too: a
 * user list {"users": [...], "next_cursor": ...} (followers/list,
 * friends/list, users/search) or a bare array of user objects
 * (users/lookup) gives accounts; a follower-id page {"ids": [...]} or a
 * bare array of ids (followers/ids) gives, when the caller names whose
 * followers they are (bf_ingest_opts.subject, `--followers-of ID`), one
 * follow edge id -> subject per id, with position = its index counted
 * across all the pages of the file (the API lists newest followers first).
 * Without a subject the ids cannot become edges: they are stored as bare
 * accounts and one warning per file says why.
 *
 * A file that is one pretty-printed document (a saved search response
 * such as the well-known twitter.json) does not parse line by line: when
 * its first line fails and ends the way a pretty printer ends a first line
 * ("{", "[", "," or ":"), the rest of the file is joined to it
 * (bf__json_rest, capped at BF_INGEST_MAX_DOC) and parsed as one
 * document; when that fails too, the file was JSON lines after all and
 * each line is read as a record of its own.  So a broken first record
 * (cut short, or a number of 2^64 or more) is one rejection, never the
 * loss of the file.  A line that is refused
 * only for invalid UTF-8 is repaired (U+FFFD) and kept, with a warning.
 *
 * A line that does not parse, or parses to something that is not a tweet,
 * is reported and rejected, and reading goes on.  Messages the streaming
 * API interleaves with tweets ("delete", "limit", ...) carry no tweet and
 * are skipped without a diagnostic.
 */
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "ingest/ingest.h"
#include "ingest/json.h"
#include "ingest/json_docs.h"
#include "ingest/json_fields.h"
#include "ingest/kit.h"

/* The most bytes the scratch buffer may hold (a source anchor's text). */
#define SCRATCH_LIMIT (64u << 10)

/* Lines are parsed in place, in bf_input's window, past which simdjson
 * reads. */
_Static_assert(BF_INPUT_PADDING >= BF_JSON_PADDING,
               "bf_input must pad lines for the JSON parser");

/* Embedded tweets are followed this deep: a retweet of a quote is 2. */
#define MAX_NESTING 2

/* Streaming control messages: objects with one of these keys and no id. */
static const char *const control_keys[] = {
    "delete",        "scrub_geo",   "limit",   "status_withheld",
    "user_withheld", "disconnect",  "warning", "event",
    "friends",       "friends_str", "control"
};

typedef struct reader {
    bf_kit k; /* options, sink, diagnostics, platform, position (kit.h) */
    bf_json_parser *parser;
    bf_buf scratch;   /* rewritten strings of the post being emitted */
    bf_buf fix;       /* a line repaired for invalid UTF-8 */
    int64_t ids_seen; /* follower ids read so far: the next position */
    int warned_ids;   /* the no-subject warning was given */
} reader;

/* report_in reports with detail prefixed by where in the tweet it was. */
static void report_in(reader *r, bf_diag_id id, const char *where,
                      const char *detail)
{
    char msg[128];

    snprintf(msg, sizeof msg, "%s%s", where, detail);
    bf_kit_report(&r->k, id, msg);
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
 * get_ref reads an optional reference to another tweet: obj[str_key], else
 * the integer obj[num_key].  NULL when absent or not a valid id.
 */
static const char *get_ref(const bf_json *obj, const char *str_key,
                           const char *num_key, char tmp[BF_JSON_ID_MAX])
{
    const char *s;
    size_t n;

    if (bf_json_get_id(obj, str_key, num_key, tmp, &s, &n) != BF_OK ||
        !bf_json_id_decimal(s, n))
        return NULL;
    return s;
}

/*
 * source_name turns the source field, an HTML anchor such as
 * <a href="http://twitter.com/download/iphone" rel="nofollow">Twitter for
 * iPhone</a>, into the anchor's text; a source without markup ("web") is
 * kept as it is.  The result lives in r->scratch, which the caller reset.
 */
static const char *source_name(reader *r, const char *src)
{
    const char *start, *end;

    if (!src || src[0] != '<')
        return src;
    start = strchr(src, '>');
    if (!start)
        return NULL;
    start++;
    end = strchr(start, '<');
    if (!end)
        end = start + strlen(start);
    if (bf_buf_append(&r->scratch, start, (size_t)(end - start)) != BF_OK)
        return NULL;
    return r->scratch.data ? r->scratch.data : "";
}

/*
 * user_url prefers the expanded form of the profile link
 * (entities.url.urls[0].expanded_url) over its t.co short form.
 */
static const char *user_url(const bf_json *user)
{
    bf_json first;
    const char *s;

    if (bf_json_at(user, "/entities/url/urls/0", &first) == BF_OK &&
        bf_json_type_of(&first) == BF_JSON_OBJECT &&
        (s = bf_json_get_str(&first, "expanded_url")) != NULL)
        return s;
    return bf_json_get_str(user, "url");
}

/* emit_account sends the user object user, whose id is uid, to the sink. */
static bf_err emit_account(reader *r, const bf_json *obj, const char *uid)
{
    bf_json copy;
    bf_json_members idx;
    const bf_json *user;
    bf_account a;
    uint64_t digest;
    size_t seen = bf_kit_diags_seen(&r->k);
    int same;
    bf_err err;

    if (!r->k.sink->account)
        return BF_OK;
    /* Every tweet of a timeline carries its author's profile, most often
     * unchanged: the sink may already hold it exactly so. */
    err = bf_kit_same(&r->k, obj, uid, &digest, &same);
    if (err || same)
        return err;
    /* Some 20 lookups follow. */
    user = bf_json_indexed(obj, &copy, &idx);
    bf_account_clear(&a);
    a.platform = r->k.platform;
    a.native_id = uid;
    a.handle = bf_json_get_str(user, "screen_name");
    a.name = bf_json_get_str(user, "name");
    a.created_at = bf_kit_date(&r->k, user, "created_at");
    a.followers = bf_kit_count_as(&r->k, user, "followers_count",
                                  BF_JSON_COUNT_SIGNED);
    a.following =
            bf_kit_count_as(&r->k, user, "friends_count", BF_JSON_COUNT_SIGNED);
    a.posts = bf_kit_count_as(&r->k, user, "statuses_count",
                              BF_JSON_COUNT_SIGNED);
    a.likes = bf_kit_count_as(&r->k, user, "favourites_count",
                              BF_JSON_COUNT_SIGNED);
    a.lists =
            bf_kit_count_as(&r->k, user, "listed_count", BF_JSON_COUNT_SIGNED);
    a.verified = bf_json_get_flag(user, "verified");
    a.protected_ = bf_json_get_flag(user, "protected");
    a.default_avatar = bf_json_get_flag(user, "default_profile_image");
    a.default_profile = bf_json_get_flag(user, "default_profile");
    a.bio = bf_json_get_str(user, "description");
    a.url = user_url(user);
    a.location = bf_json_get_str(user, "location");
    a.lang = bf_json_get_str(user, "lang");
    a.observed_at = r->k.opts->observed_at;
    if (bf_kit_diags_seen(&r->k) == seen)
        a.digest = digest;
    return r->k.sink->account(r->k.sink->ctx, &a);
}

/*
 * fill_post sets the parts of p that come straight from the tweet t:
 * time, text, counters, entity counts and source.
 */
static void fill_post(reader *r, const bf_json *t, bf_post *p)
{
    bf_json ext, entities;
    int have_ext = bf_json_get_typed(t, "extended_tweet", BF_JSON_OBJECT, &ext);

    p->created_at = bf_kit_date(&r->k, t, "created_at");
    /* Long tweets keep their text in extended_tweet (streaming) or in
     * full_text (REST with tweet_mode=extended); text is truncated. */
    p->text = have_ext ? bf_json_get_str(&ext, "full_text") : NULL;
    if (!p->text)
        p->text = bf_json_get_str(t, "full_text");
    if (!p->text)
        p->text = bf_json_get_str(t, "text");
    p->likes =
            bf_kit_count_as(&r->k, t, "favorite_count", BF_JSON_COUNT_SIGNED);
    p->reposts =
            bf_kit_count_as(&r->k, t, "retweet_count", BF_JSON_COUNT_SIGNED);
    p->replies = bf_kit_count_as(&r->k, t, "reply_count", BF_JSON_COUNT_SIGNED);
    p->quotes = bf_kit_count_as(&r->k, t, "quote_count", BF_JSON_COUNT_SIGNED);
    if ((have_ext &&
         bf_json_get_typed(&ext, "entities", BF_JSON_OBJECT, &entities)) ||
        bf_json_get_typed(t, "entities", BF_JSON_OBJECT, &entities)) {
        p->hashtags = bf_json_get_size(&entities, "hashtags");
        p->mentions = bf_json_get_size(&entities, "user_mentions");
        p->urls = bf_json_get_size(&entities, "urls");
    }
    bf_buf_reset(&r->scratch);
    p->source = source_name(r, bf_json_get_str(t, "source"));
}

/*
 * handle_capture emits the user object of a profile capture: an object
 * with a "user" but no tweet id nor text, such as the records of the
 * Botometer bot repository ({"created_at": the latest tweet's time,
 * "user": {...}}).  That created_at is not when the profile was seen, so
 * observed_at stays the file's (--observed-at).
 */
static bf_err handle_capture(reader *r, const bf_json *user, const char *where)
{
    char uid_tmp[BF_JSON_ID_MAX];
    const char *uid;
    size_t uid_len;
    bf_err err = bf_json_get_id(user, "id_str", "id", uid_tmp, &uid, &uid_len);

    if (err || !bf_json_id_decimal(uid, uid_len)) {
        report_in(r, err == BF_ENOTFOUND ? BF_D_MISSING_FIELD : BF_D_BAD_ID,
                  where, "user.id_str");
        return BF_OK;
    }
    return emit_account(r, user, uid);
}

/*
 * handle_tweet emits one tweet object t and the tweets embedded in it.
 * where names its place for diagnostics ("" at the top).  A tweet without a
 * usable id or author is reported and skipped; only a sink error is
 * returned.
 */
static bf_err handle_tweet(reader *r, const bf_json *tweet, int depth,
                           const char *where)
{
    char id_tmp[BF_JSON_ID_MAX], uid_tmp[BF_JSON_ID_MAX];
    char ref_tmp[BF_JSON_ID_MAX];
    const char *id, *uid;
    size_t id_len, uid_len;
    bf_json t_copy, user, rt, qt;
    bf_json_members t_idx;
    /* Some 40 lookups follow, most of them of absent members. */
    const bf_json *t = bf_json_indexed(tweet, &t_copy, &t_idx);
    int have_rt, have_qt, is_quote;
    bf_post p;
    bf_err err;

    err = bf_json_get_id(t, "id_str", "id", id_tmp, &id, &id_len);
    if (err == BF_ENOTFOUND && depth == 0 && !bf_json_get_str(t, "text") &&
        bf_json_get_typed(t, "user", BF_JSON_OBJECT, &user))
        return handle_capture(r, &user, where);
    if (err == BF_ENOTFOUND) {
        report_in(r, BF_D_MISSING_FIELD, where, "id_str");
        return BF_OK;
    }
    if (err || !bf_json_id_decimal(id, id_len)) {
        report_in(r, BF_D_BAD_ID, where, "id_str");
        return BF_OK;
    }
    if (!bf_json_get_typed(t, "user", BF_JSON_OBJECT, &user)) {
        report_in(r, BF_D_MISSING_FIELD, where, "user");
        return BF_OK;
    }
    err = bf_json_get_id(&user, "id_str", "id", uid_tmp, &uid, &uid_len);
    if (err == BF_ENOTFOUND) {
        report_in(r, BF_D_MISSING_FIELD, where, "user.id_str");
        return BF_OK;
    }
    if (err || !bf_json_id_decimal(uid, uid_len)) {
        report_in(r, BF_D_BAD_ID, where, "user.id_str");
        return BF_OK;
    }

    /* The embedded tweets first, so their ids are known as parents. */
    have_rt = bf_json_get_typed(t, "retweeted_status", BF_JSON_OBJECT, &rt);
    have_qt = bf_json_get_typed(t, "quoted_status", BF_JSON_OBJECT, &qt);
    if (depth < MAX_NESTING && have_rt) {
        err = handle_tweet(r, &rt, depth + 1, "retweeted_status.");
        if (err)
            return err;
    }
    if (depth < MAX_NESTING && have_qt) {
        err = handle_tweet(r, &qt, depth + 1, "quoted_status.");
        if (err)
            return err;
    }

    err = emit_account(r, &user, uid);
    if (err || !r->k.sink->post)
        return err;

    bf_post_clear(&p);
    p.platform = r->k.platform;
    p.native_id = id;
    p.author_id = uid;
    /* A retweet is a repost even when the retweeted tweet quotes one. */
    is_quote = have_qt || bf_json_get_flag(t, "is_quote_status") == 1;
    if (have_rt) {
        p.kind = BF_POST_REPOST;
        p.parent_id = get_ref(&rt, "id_str", "id", ref_tmp);
    } else if (is_quote) {
        p.kind = BF_POST_QUOTE;
        p.parent_id =
                get_ref(t, "quoted_status_id_str", "quoted_status_id", ref_tmp);
        if (!p.parent_id && have_qt)
            p.parent_id = get_ref(&qt, "id_str", "id", ref_tmp);
    } else {
        p.parent_id = get_ref(t, "in_reply_to_status_id_str",
                              "in_reply_to_status_id", ref_tmp);
        if (p.parent_id)
            p.kind = BF_POST_REPLY;
    }
    fill_post(r, t, &p);
    return r->k.sink->post(r->k.sink->ctx, &p);
}

/* is_control is 1 when obj is a streaming control message, not a tweet. */
static int is_control(const bf_json *obj)
{
    bf_json v;
    size_t i;

    if (bf_json_get(obj, "id_str", &v) == BF_OK ||
        bf_json_get(obj, "id", &v) == BF_OK)
        return 0;
    for (i = 0; i < sizeof control_keys / sizeof control_keys[0]; i++)
        if (bf_json_get(obj, control_keys[i], &v) == BF_OK)
            return 1;
    return 0;
}

/* is_user is 1 for a user object: a screen name and no tweet text. */
static int is_user(const bf_json *obj)
{
    bf_json v;

    return bf_json_get(obj, "screen_name", &v) == BF_OK &&
           bf_json_get(obj, "text", &v) != BF_OK &&
           bf_json_get(obj, "user", &v) != BF_OK;
}

/* handle_user emits a user object of a user list as an account. */
static bf_err handle_user(reader *r, const bf_json *user)
{
    char tmp[BF_JSON_ID_MAX];
    const char *uid;
    size_t n;
    bf_err err;

    err = bf_json_get_id(user, "id_str", "id", tmp, &uid, &n);
    if (err == BF_ENOTFOUND) {
        bf_kit_report(&r->k, BF_D_MISSING_FIELD, "user id_str");
        return BF_OK;
    }
    if (err || !bf_json_id_decimal(uid, n)) {
        bf_kit_report(&r->k, BF_D_BAD_ID, "user id_str");
        return BF_OK;
    }
    return emit_account(r, user, uid);
}

/*
 * handle_ids reads a follower-id page: follow edges to the subject when
 * there is one, else bare accounts and one warning per file.
 */
static bf_err handle_ids(reader *r, const bf_json *ids)
{
    char tmp[BF_JSON_ID_MAX];
    const char *id;
    size_t n, bad = 0;
    bf_json_iter it;
    bf_json v;
    bf_follow f;
    bf_account a;
    bf_err err = BF_OK;

    if (!r->k.opts->subject && !r->warned_ids) {
        bf_kit_report(&r->k, BF_D_NO_SUBJECT, "only the accounts are stored");
        r->warned_ids = 1;
    }
    if (bf_json_iter_init(ids, &it) != BF_OK)
        return BF_OK;
    while (!err && bf_json_iter_next(&it, &v, NULL, NULL)) {
        if (bf_json_id(&v, tmp, &id, &n) != BF_OK ||
            !bf_json_id_decimal(id, n)) {
            bad++;
            continue;
        }
        if (r->k.opts->subject) {
            f.platform = r->k.platform;
            f.follower = id;
            f.followee = r->k.opts->subject;
            f.observed_at = r->k.opts->observed_at;
            f.position = r->ids_seen++;
            err = r->k.sink->follow ? r->k.sink->follow(r->k.sink->ctx, &f)
                                    : BF_OK;
        } else if (r->k.sink->account) {
            bf_account_clear(&a);
            a.platform = r->k.platform;
            a.native_id = id;
            err = r->k.sink->account(r->k.sink->ctx, &a);
        }
    }
    if (bad)
        bf_kit_report(&r->k, BF_D_BAD_ID, "ids");
    return err;
}

/* first_is_number is 1 when the array list opens with a number or a
 * string of digits: a page of ids rather than of tweets. */
static int first_is_number(const bf_json *list)
{
    bf_json_iter it;
    bf_json v;
    bf_json_type t;

    if (bf_json_iter_init(list, &it) != BF_OK ||
        !bf_json_iter_next(&it, &v, NULL, NULL))
        return 0;
    t = bf_json_type_of(&v);
    return t == BF_JSON_INT64 || t == BF_JSON_UINT64;
}

/*
 * handle_list emits every tweet (or user) of the array list; an element
 * that is neither is reported and skipped.
 */
static bf_err handle_list(reader *r, const bf_json *list)
{
    bf_json_iter it;
    bf_json t;
    bf_err err;

    err = bf_json_iter_init(list, &it);
    if (err)
        return BF_OK;
    while (bf_json_iter_next(&it, &t, NULL, NULL)) {
        if (bf_json_type_of(&t) != BF_JSON_OBJECT) {
            bf_kit_report(&r->k, BF_D_JSON_SHAPE,
                          "array element is not a tweet");
            continue;
        }
        err = is_user(&t) ? handle_user(r, &t) : handle_tweet(r, &t, 0, "");
        if (err)
            return err;
    }
    return BF_OK;
}

/* handle_root dispatches on the shape of a parsed line. */
static bf_err handle_root(reader *r, const bf_json *line)
{
    bf_json copy, statuses;
    bf_json_members idx;
    const bf_json *root = line;

    switch (bf_json_type_of(root)) {
    case BF_JSON_ARRAY:
        if (first_is_number(root))
            return handle_ids(r, root);
        return handle_list(r, root);
    case BF_JSON_OBJECT:
        root = bf_json_indexed(line, &copy, &idx);
        if (bf_json_get(root, "statuses", &statuses) == BF_OK &&
            bf_json_type_of(&statuses) == BF_JSON_ARRAY)
            return handle_list(r, &statuses);
        if (bf_json_get(root, "users", &statuses) == BF_OK &&
            bf_json_type_of(&statuses) == BF_JSON_ARRAY)
            return handle_list(r, &statuses);
        if (bf_json_get(root, "ids", &statuses) == BF_OK &&
            bf_json_type_of(&statuses) == BF_JSON_ARRAY)
            return handle_ids(r, &statuses);
        if (is_control(root))
            return BF_OK;
        if (is_user(root))
            return handle_user(r, root);
        return handle_tweet(r, root, 0, "");
    default:
        bf_kit_report(&r->k, BF_D_JSON_SHAPE, "not an object or array");
        return BF_OK;
    }
}

/*
 * starts_document is 1 when the line looks like the first line of one
 * pretty-printed document: it opens an object or array and ends the way
 * a pretty printer ends such a line ('{', '[', ',' or ':').  A JSON line
 * that is merely broken (cut short, or holding a number too large) ends
 * otherwise, and is one bad record, not the start of the whole file.
 */
static int starts_document(const char *s, size_t n)
{
    size_t i = 0;

    while (i < n && (s[i] == ' ' || s[i] == '\t'))
        i++;
    if (i >= n || (s[i] != '{' && s[i] != '['))
        return 0;
    while (n > i && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r'))
        n--;
    return strchr("{[,:", s[n - 1]) != NULL;
}

/*
 * handle_line parses one line (followed by BF_JSON_PADDING readable
 * bytes) and emits what it holds; a line that does not parse is one
 * rejected record.  Only a sink error is returned.
 */
static bf_err handle_line(reader *r, const char *line, size_t len)
{
    bf_json root;
    size_t bad;

    if (bf__json_blank(line, len))
        return BF_OK;
    if (bf__json_line(r->parser, line, len, &r->fix, &root, &bad) != BF_OK) {
        parse_failed(r);
        return BF_OK;
    }
    if (bad)
        bf_kit_report(&r->k, BF_D_UTF8_REPAIRED, NULL);
    return handle_root(r, &root);
}

/*
 * read_lines goes through doc (n bytes, padded) line by line, as the
 * main loop would have: the first line was at r->k.line and r->k.offset.
 */
static bf_err read_lines(reader *r, char *doc, size_t n)
{
    uint64_t line0 = r->k.line, off0 = r->k.offset;
    size_t i = 0, k;
    char *nl;
    bf_err err = BF_OK;

    while (!err && i < n) {
        nl = memchr(doc + i, '\n', n - i);
        k = nl ? (size_t)(nl - (doc + i)) : n - i;
        r->k.offset = off0 + i;
        /* The parser reads past the line into the rest of the document
         * (or its zero padding), which is readable. */
        err = handle_line(r, doc + i,
                          k > 0 && doc[i + k - 1] == '\r' ? k - 1 : k);
        r->k.line++;
        i += k + 1;
    }
    r->k.line = line0;
    r->k.offset = off0;
    return err;
}

/*
 * read_whole parses the first line and the rest of the input as one
 * document; a document that does not parse either is reported once.
 */
static bf_err read_whole(reader *r, bf_input *in, const char *line, size_t len)
{
    char *doc = NULL;
    size_t n, bad;
    bf_json root;
    bf_err err;

    err = bf__json_rest(in, line, len, &doc, &n);
    if (err == BF_ELIMIT) {
        bf_kit_report(&r->k, BF_D_LINE_TOO_LONG,
                      "a JSON document spanning lines");
        return BF_OK;
    }
    if (err)
        return err;
    if (bf__json_line(r->parser, doc, n, &r->fix, &root, &bad) != BF_OK) {
        /* Not one document after all: JSON lines whose first record
         * is broken.  Each line is then a record of its own. */
        err = read_lines(r, doc, n);
        free(doc);
        return err;
    }
    if (bad)
        bf_kit_report(&r->k, BF_D_UTF8_REPAIRED, NULL);
    err = handle_root(r, &root);
    free(doc);
    return err;
}

bf_err bf_read_twitter_v1(bf_input *in, const bf_ingest_opts *opts,
                          bf_sink *sink, bf_diags *diags)
{
    reader r;
    const char *line;
    size_t len, bad;
    bf_json root;
    int seen = 0;
    bf_err err;

    memset(&r, 0, sizeof r);
    bf_kit_init(&r.k, opts, sink, diags, "twitter");
    bf_kit_at(&r.k, bf_input_name(in), 0, 0);
    bf_buf_init(&r.scratch, SCRATCH_LIMIT);
    bf_buf_init(&r.fix, BF_INGEST_MAX_DOC + (BF_INGEST_MAX_DOC >> 1));
    err = bf_json_parser_new(BF_INGEST_MAX_DOC + (BF_INGEST_MAX_DOC >> 1),
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
        /* bf_input leaves BF_INPUT_PADDING bytes after the line. */
        if (bf__json_line(r.parser, line, len, &r.fix, &root, &bad) != BF_OK) {
            /* A first line that opens a value the way a pretty printer
             * does starts a document spanning lines. */
            if (!seen++ &&
                bf_json_parser_fault(r.parser, NULL) == BF_JSON_FAULT_SYNTAX &&
                starts_document(line, len)) {
                err = read_whole(&r, in, line, len);
                goto out;
            }
            parse_failed(&r);
            continue;
        }
        seen = 1;
        if (bad)
            bf_kit_report(&r.k, BF_D_UTF8_REPAIRED, NULL);
        err = handle_root(&r, &root);
        if (err)
            goto out;
    }
out:
    bf_json_parser_free(r.parser);
    bf_kit_release(&r.k);
    bf_buf_release(&r.scratch);
    bf_buf_release(&r.fix);
    return err;
}
