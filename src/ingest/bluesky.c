/*
 * bluesky.c - Bluesky app.bsky.* API responses.
 *
 * The AppView's JSON pages are read as they come from the XRPC endpoints:
 * profiles (getProfile, getProfiles {profiles}, searchActors {actors}),
 * follower and follow pages (getFollowers {subject, followers, cursor},
 * getFollows {subject, follows, cursor}), feeds (getAuthorFeed and
 * getTimeline {feed: [{post, reply?, reason?}], cursor}), posts (getPosts
 * {posts}), threads (getPostThread {thread}) and getRepostedBy
 * {repostedBy}.  A bare profile or post view, or an array of them, is read
 * too.  An account's native id is its DID, which never changes (a handle
 * does); a post's is its at:// URI.
 *
 * Each page says whose followers it lists (subject), so follow edges come
 * out directly: a follower page gives follower -> subject with position
 * the index in the page, newest first, continued across consecutive pages
 * of the same subject in one file (a file should therefore start at the
 * first page); a follows page gives subject -> each, position unknown.
 * A feed item reposted by someone (reason app.bsky.feed.defs#reasonRepost)
 * gives the original post and a repost by reason.by; the repost's id is
 * the repost record's URI when the AppView sends it (reason.uri), else
 * "repost:<reposter DID>:<post URI>", unique because an account reposts a
 * post at most once.
 *
 * Files hold one document over many lines (the SDKs pretty-print) or JSON
 * lines; bf__json_docs (json_docs.c) splits them into documents.  Every
 * Bluesky post
 * is public, so nothing is withheld here; text goes through as is.
 */
#include <stdio.h>
#include <string.h>

#include "base/buf.h"
#include "ingest/ingest.h"
#include "ingest/json_fields.h"
#include "ingest/kit.h"

/* Lines are parsed in place, in bf_input's window, past which simdjson
 * reads. */
_Static_assert(BF_INPUT_PADDING >= BF_JSON_PADDING,
               "bf_input must pad lines for the JSON parser");

/* The longest id kept: ids are at most 256 printable bytes in bonafide. */
#define MAX_ID BF_JSON_PRINTABLE_ID_MAX

/* A multi-line document's buffer is given back above this size. */

/* Threads are followed this deep (parents and replies). */
#define MAX_THREAD 64

typedef struct reader {
    bf_kit k;           /* options, sink, diagnostics, position (kit.h) */
    bf_kit_pages pages; /* follower positions across pages */
} reader;

/* ---- Diagnostics and small JSON helpers ---- */

/* ends_with is 1 when s ends with suffix. */
static int ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), k = strlen(suffix);

    return n >= k && memcmp(s + n - k, suffix, k) == 0;
}

/* valid_did accepts a DID ("did:plc:...", "did:web:...") usable as an id. */
static int valid_did(const char *s)
{
    return s && strncmp(s, "did:", 4) == 0 && bf_json_id_printable(s);
}

/*
 * self_labelled_bot is 1 when a profile view carries the account's own
 * "bot" label, the self-label Bluesky's app shows as an automated
 * account's badge (from 2026).  A self-label is one whose source is the
 * account itself: the AppView copies the profile record's
 * com.atproto.label.defs#selfLabels into the view's labels with src set
 * to the DID.  The same value set by a moderation service (another src)
 * is somebody's judgement, not the account's statement, and a negation
 * (neg) withdraws a label.  -1 otherwise: a view without the label says
 * nothing, since most automated accounts never set it.
 */
static int self_labelled_bot(const bf_json *pr, const char *did)
{
    bf_json labels, l;
    bf_json_iter it;
    const char *src, *val;

    if (!bf_json_get_typed(pr, "labels", BF_JSON_ARRAY, &labels) ||
        bf_json_iter_init(&labels, &it))
        return -1;
    while (bf_json_iter_next(&it, &l, NULL, NULL)) {
        if (bf_json_type_of(&l) != BF_JSON_OBJECT)
            continue;
        src = bf_json_get_str(&l, "src");
        val = bf_json_get_str(&l, "val");
        if (src && val && strcmp(src, did) == 0 && strcmp(val, "bot") == 0 &&
            bf_json_get_flag(&l, "neg") != 1)
            return 1;
    }
    return -1;
}

/* ---- Emitting records ---- */

/*
 * emit_profile sends a profile view (basic, plain or detailed: the
 * counters are only in the detailed one) and sets *out_did to its DID.
 * BF_ENOTFOUND, after a diagnostic, when it has no usable DID.
 */
static bf_err emit_profile(reader *r, const bf_json *pr, const char **out_did,
                           const char *where, size_t index)
{
    const char *did = bf_json_get_str(pr, "did"), *status;
    bf_json ver;
    bf_account a;
    uint64_t digest;
    size_t seen = bf_kit_diags_seen(&r->k);
    int same;
    bf_err err;

    /* The DID is the only stable name: a handle is a domain the owner may
     * change at any time. */
    if (!did || !valid_did(did)) {
        bf_kit_report_at(&r->k, did ? BF_D_BAD_ID : BF_D_MISSING_FIELD, where,
                         index, "did");
        return BF_ENOTFOUND;
    }
    *out_did = did;
    if (!r->k.sink->account)
        return BF_OK;
    /* Each post of a feed carries its author's view. */
    err = bf_kit_same(&r->k, pr, did, &digest, &same);
    if (err || same)
        return err;
    bf_account_clear(&a);
    a.platform = r->k.platform;
    a.native_id = did;
    /* Strings point into the parsed document; they outlive the sink call. */
    a.handle = bf_json_get_str(pr, "handle");
    a.name = bf_json_get_str(pr, "displayName");
    /* Bluesky text is plain, not HTML: it passes through as is. */
    a.bio = bf_json_get_str(pr, "description");
    /* Counters exist in detailed views only; basic views (post authors,
     * reposters) leave them unknown. */
    a.followers = bf_kit_count_as(&r->k, pr, "followersCount", 0);
    a.following = bf_kit_count_as(&r->k, pr, "followsCount", 0);
    a.posts = bf_kit_count_as(&r->k, pr, "postsCount", 0);
    /* A Bluesky profile has no web site or place field, and a basic view
     * leaves its description out: unknown, not empty. */
    a.unknown = BF_ACC_U_URL | BF_ACC_U_LOCATION;
    if (a.followers < 0 && !a.bio)
        a.unknown |= BF_ACC_U_BIO;
    /* createdAt arrived in 2024.  Before it, a profile's indexedAt is
     * when the AppView last indexed the profile record, not when the
     * account was made: read as a creation date it showed accounts of
     * 2022 as made days before the response, and the AppView's backfill
     * of spring 2023 as a batch of new followers.  Unknown instead. */
    a.created_at = bf_kit_date(&r->k, pr, "createdAt");
    /* Bluesky has no private accounts. */
    a.protected_ = 0;
    /* An account that never set a picture has no avatar field at all. */
    a.default_avatar = bf_json_get_str(pr, "avatar") == NULL;
    if (bf_json_get_typed(pr, "verification", BF_JSON_OBJECT, &ver) &&
        (status = bf_json_get_str(&ver, "verifiedStatus")) != NULL)
        a.verified = strcmp(status, "valid") == 0;
    a.automated = self_labelled_bot(pr, did);
    a.observed_at = r->k.opts->observed_at;
    if (bf_kit_diags_seen(&r->k) == seen)
        a.digest = digest;
    return r->k.sink->account(r->k.sink->ctx, &a);
}

/* post_uri is v.uri when it names a post (not a list, feed or profile). */
static const char *post_uri(const bf_json *v)
{
    const char *u = bf_json_get_str(v, "uri");

    /* Embeds may point at lists, feed generators or starter packs. */
    return u && strstr(u, "/app.bsky.feed.post/") ? u : NULL;
}

/*
 * quoted is the URI of the post a record embeds (app.bsky.embed.record, or
 * recordWithMedia, which wraps one), or NULL.
 */
static const char *quoted(const bf_json *record)
{
    bf_json embed, rec, inner;
    const char *type;

    if (!bf_json_get_typed(record, "embed", BF_JSON_OBJECT, &embed) ||
        !(type = bf_json_get_str(&embed, "$type")) ||
        !bf_json_get_typed(&embed, "record", BF_JSON_OBJECT, &rec))
        return NULL;
    if (strcmp(type, "app.bsky.embed.record") == 0)
        return post_uri(&rec);
    if (strcmp(type, "app.bsky.embed.recordWithMedia") == 0 &&
        bf_json_get_typed(&rec, "record", BF_JSON_OBJECT, &inner))
        return post_uri(&inner);
    return NULL;
}

/* count_facets counts the mention, link and tag features of a record. */
static void count_facets(const bf_json *record, bf_post *p)
{
    bf_json facets, facet, features, f;
    bf_json_iter it, jt;
    const char *type;

    /* Facets mark byte ranges of the text with features; a facet may carry
     * several features, each counted. */
    p->hashtags = bf_json_get_size(record, "tags");
    p->mentions = p->urls = 0;
    if (!bf_json_get_typed(record, "facets", BF_JSON_ARRAY, &facets) ||
        bf_json_iter_init(&facets, &it))
        return;
    while (bf_json_iter_next(&it, &facet, NULL, NULL)) {
        if (bf_json_type_of(&facet) != BF_JSON_OBJECT ||
            !bf_json_get_typed(&facet, "features", BF_JSON_ARRAY, &features) ||
            bf_json_iter_init(&features, &jt))
            continue;
        while (bf_json_iter_next(&jt, &f, NULL, NULL)) {
            if (bf_json_type_of(&f) != BF_JSON_OBJECT ||
                !(type = bf_json_get_str(&f, "$type")))
                continue;
            if (ends_with(type, "#mention"))
                p->mentions++;
            else if (ends_with(type, "#link"))
                p->urls++;
            else if (ends_with(type, "#tag"))
                p->hashtags++;
        }
    }
}

/*
 * emit_post sends a post view's author and then the post.  A quote wins
 * over a reply, as in the Twitter reader.  Problems are reported; only a
 * sink error is returned.
 */
static bf_err emit_post(reader *r, const bf_json *pv, const char *where,
                        size_t index)
{
    bf_json author, record, reply, parent;
    const char *uri = bf_json_get_str(pv, "uri"), *did;
    bf_post p;
    bf_err err;

    if (!uri || !bf_json_get_typed(pv, "author", BF_JSON_OBJECT, &author) ||
        !bf_json_get_typed(pv, "record", BF_JSON_OBJECT, &record)) {
        bf_kit_report_at(&r->k, BF_D_MISSING_FIELD, where, index,
                         !uri ? "post uri" : "post author or record");
        return BF_OK;
    }
    /* An at:// URI is printable ASCII; one with white space is corrupt. */
    if (!bf_json_id_printable(uri)) {
        bf_kit_report_at(&r->k, BF_D_BAD_ID, where, index, "post uri");
        return BF_OK;
    }
    /* The author goes before the post, as a profile seen at this time. */
    err = emit_profile(r, &author, &did, where, index);
    if (err == BF_ENOTFOUND)
        return BF_OK;
    if (err || !r->k.sink->post)
        return err;
    bf_post_clear(&p);
    p.platform = r->k.platform;
    p.native_id = uri;
    p.author_id = did;
    p.text = bf_json_get_str(&record, "text");
    /* createdAt is the client's claim; indexedAt, the AppView's, stands in
     * when it is missing. */
    p.created_at = bf_kit_date(&r->k, &record, "createdAt");
    if (!p.created_at)
        p.created_at = bf_kit_date(&r->k, pv, "indexedAt");
    /* A quote wins over a reply, as in the Twitter reader. */
    if ((p.parent_id = quoted(&record)) != NULL) {
        p.kind = BF_POST_QUOTE;
    } else if (bf_json_get_typed(&record, "reply", BF_JSON_OBJECT, &reply) &&
               bf_json_get_typed(&reply, "parent", BF_JSON_OBJECT, &parent) &&
               (p.parent_id = bf_json_get_str(&parent, "uri")) != NULL) {
        p.kind = BF_POST_REPLY;
    }
    /* The counters belong to the view, not to the record. */
    p.likes = bf_kit_count_as(&r->k, pv, "likeCount", 0);
    p.reposts = bf_kit_count_as(&r->k, pv, "repostCount", 0);
    p.replies = bf_kit_count_as(&r->k, pv, "replyCount", 0);
    p.quotes = bf_kit_count_as(&r->k, pv, "quoteCount", 0);
    count_facets(&record, &p);
    return r->k.sink->post(r->k.sink->ctx, &p);
}

/*
 * emit_feed_item sends a feed view post: the post, and when the item is
 * there because someone reposted it, that account and its repost.
 */
static bf_err emit_feed_item(reader *r, const bf_json *item, const char *where,
                             size_t index)
{
    char synth[MAX_ID + 1];
    bf_json post, reason, by;
    const char *type, *did, *uri;
    bf_post p;
    bf_err err;
    int n;

    if (!bf_json_get_typed(item, "post", BF_JSON_OBJECT, &post)) {
        bf_kit_report_at(&r->k, BF_D_MISSING_FIELD, where, index, "post");
        return BF_OK;
    }
    /* The post first: it is a real post whatever brought it into the feed. */
    err = emit_post(r, &post, where, index);
    if (err)
        return err;
    if (!bf_json_get_typed(item, "reason", BF_JSON_OBJECT, &reason) ||
        !(type = bf_json_get_str(&reason, "$type")) ||
        strcmp(type, "app.bsky.feed.defs#reasonRepost") != 0)
        return BF_OK;
    if (!bf_json_get_typed(&reason, "by", BF_JSON_OBJECT, &by)) {
        bf_kit_report_at(&r->k, BF_D_MISSING_FIELD, where, index, "reason.by");
        return BF_OK;
    }
    /* A repost of something that is not a post (or has no uri) is not
     * kept; the post itself was reported above when it was broken. */
    if (!(uri = post_uri(&post)))
        return BF_OK; /* the post itself was reported above */
    err = emit_profile(r, &by, &did, where, index);
    if (err == BF_ENOTFOUND)
        return BF_OK;
    if (err || !r->k.sink->post)
        return err;
    bf_post_clear(&p);
    p.platform = r->k.platform;
    /* Newer AppViews send the repost record's own URI; older ones do not,
     * and a stable id is made from who reposted what. */
    p.native_id = bf_json_get_str(&reason, "uri");
    if (!p.native_id) {
        n = snprintf(synth, sizeof synth, "repost:%s:%s", did, uri);
        if (n < 0 || n > MAX_ID) {
            bf_kit_report_at(&r->k, BF_D_BAD_ID, where, index,
                             "repost id too long");
            return BF_OK;
        }
        p.native_id = synth;
    }
    if (!bf_json_id_printable(p.native_id)) {
        bf_kit_report_at(&r->k, BF_D_BAD_ID, where, index, "reason.uri");
        return BF_OK;
    }
    p.author_id = did;
    p.kind = BF_POST_REPOST;
    p.parent_id = uri;
    p.created_at = bf_kit_date(&r->k, &reason, "indexedAt");
    return r->k.sink->post(r->k.sink->ctx, &p);
}

/*
 * emit_thread sends a thread view post, its parents and its replies, down
 * to MAX_THREAD levels; blocked and missing posts (no "post") are passed.
 */
static bf_err emit_thread(reader *r, const bf_json *t, int depth)
{
    bf_json post, parent, replies, e;
    bf_json_iter it;
    bf_err err;

    /* Threads can be long; the depth bound keeps the recursion small. */
    if (depth > MAX_THREAD)
        return BF_OK;
    if (bf_json_get_typed(t, "post", BF_JSON_OBJECT, &post)) {
        err = emit_post(r, &post, "thread", (size_t)depth);
        if (err)
            return err;
    }
    /* Parents are thread views too; blocked or missing ones have no post. */
    if (bf_json_get_typed(t, "parent", BF_JSON_OBJECT, &parent)) {
        err = emit_thread(r, &parent, depth + 1);
        if (err)
            return err;
    }
    if (!bf_json_get_typed(t, "replies", BF_JSON_ARRAY, &replies) ||
        bf_json_iter_init(&replies, &it))
        return BF_OK;
    while (bf_json_iter_next(&it, &e, NULL, NULL)) {
        if (bf_json_type_of(&e) != BF_JSON_OBJECT)
            continue;
        err = emit_thread(r, &e, depth + 1);
        if (err)
            return err;
    }
    return BF_OK;
}

/*
 * emit_page sends a follower page (followers = 1: each follows subject,
 * positions newest first) or a follows page (subject follows each).
 */
static bf_err emit_page(reader *r, const bf_json *subject, const bf_json *list,
                        int followers)
{
    const char *where = followers ? "followers" : "follows";
    const char *sid, *id;
    bf_json_iter it;
    bf_json e;
    size_t i = 0;
    bf_err err;

    err = emit_profile(r, subject, &sid, "subject", 0);
    if (err == BF_ENOTFOUND)
        sid = NULL;
    else if (err)
        return err;
    if (sid && followers)
        bf_kit_pages_subject(&r->pages, sid);
    if (bf_json_iter_init(list, &it))
        return BF_OK;
    for (; bf_json_iter_next(&it, &e, NULL, NULL); i++) {
        if (bf_json_type_of(&e) != BF_JSON_OBJECT) {
            bf_kit_report_at(&r->k, BF_D_JSON_SHAPE, where, i, "not a profile");
            continue;
        }
        err = emit_profile(r, &e, &id, where, i);
        if (err == BF_ENOTFOUND)
            continue;
        if (err)
            return err;
        if (!sid)
            continue;
        err = bf_kit_page_follow(&r->k, &r->pages, sid, id, followers, where,
                                 i);
        if (err)
            return err;
    }
    return BF_OK;
}

/* ---- Document shapes ---- */

/*
 * emit_one sends one element of a list by its shape: a feed item, a post
 * view or a profile.
 */
static bf_err emit_one(reader *r, const bf_json *e, const char *where,
                       size_t index)
{
    const char *did;
    bf_json v;
    bf_err err;

    if (bf_json_type_of(e) != BF_JSON_OBJECT) {
        bf_kit_report_at(&r->k, BF_D_JSON_SHAPE, where, index, "not an object");
        return BF_OK;
    }
    /* Feed items wrap a post view; post views have author and record;
     * profiles have a DID and a handle. */
    if (bf_json_get_typed(e, "post", BF_JSON_OBJECT, &v))
        return emit_feed_item(r, e, where, index);
    if (bf_json_get(e, "author", &v) == BF_OK &&
        bf_json_get(e, "record", &v) == BF_OK)
        return emit_post(r, e, where, index);
    if (bf_json_get(e, "did", &v) == BF_OK &&
        bf_json_get(e, "handle", &v) == BF_OK) {
        err = emit_profile(r, e, &did, where, index);
        return err == BF_ENOTFOUND ? BF_OK : err;
    }
    bf_kit_report_at(&r->k, BF_D_JSON_SHAPE, where, index,
                     "neither a profile, a post nor a feed item");
    return BF_OK;
}

/* emit_list sends each element of an array. */
static bf_err emit_list(reader *r, const bf_json *list, const char *where)
{
    bf_json_iter it;
    bf_json e;
    size_t i = 0;
    bf_err err;

    if (bf_json_iter_init(list, &it))
        return BF_OK;
    for (; bf_json_iter_next(&it, &e, NULL, NULL); i++) {
        err = emit_one(r, &e, where, i);
        if (err)
            return err;
    }
    return BF_OK;
}

/* handle_root dispatches on the shape of one document of the file. */
static bf_err handle_root(void *ctx, const bf_json *root, uint64_t line,
                          uint64_t offset)
{
    static const char *const lists[] = { "feed", "posts", "profiles", "actors",
                                         "repostedBy" };
    reader *r = ctx;
    bf_json v, subject;
    size_t i;
    int any = 0;
    bf_err err;

    (void)line; /* the kit holds where the document starts */
    (void)offset;

    if (bf_json_type_of(root) == BF_JSON_ARRAY)
        return emit_list(r, root, "array");
    if (bf_json_type_of(root) != BF_JSON_OBJECT) {
        bf_kit_report(&r->k, BF_D_JSON_SHAPE, "not an object or array");
        return BF_OK;
    }
    /* The most specific shapes first: pages, then lists, then a thread,
     * then a single view. */
    if (bf_json_get_typed(root, "subject", BF_JSON_OBJECT, &subject)) {
        if (bf_json_get_typed(root, "followers", BF_JSON_ARRAY, &v))
            return emit_page(r, &subject, &v, 1);
        if (bf_json_get_typed(root, "follows", BF_JSON_ARRAY, &v))
            return emit_page(r, &subject, &v, 0);
    }
    for (i = 0; i < sizeof lists / sizeof lists[0]; i++) {
        if (!bf_json_get_typed(root, lists[i], BF_JSON_ARRAY, &v))
            continue;
        any = 1;
        err = emit_list(r, &v, lists[i]);
        if (err)
            return err;
    }
    if (any)
        return BF_OK;
    if (bf_json_get_typed(root, "thread", BF_JSON_OBJECT, &v))
        return emit_thread(r, &v, 0);
    if (bf_json_get(root, "post", &v) == BF_OK ||
        bf_json_get(root, "record", &v) == BF_OK ||
        (bf_json_get(root, "did", &v) == BF_OK &&
         bf_json_get(root, "handle", &v) == BF_OK))
        return emit_one(r, root, NULL, 0);
    bf_kit_report(&r->k, BF_D_JSON_SHAPE,
                  "not a Bluesky profile, post or page");
    return BF_OK;
}

/* ---- The reader ---- */

bf_err bf_read_bluesky(bf_input *in, const bf_ingest_opts *opts, bf_sink *sink,
                       bf_diags *diags)
{
    reader r;
    bf_err err;

    memset(&r, 0, sizeof r);
    bf_kit_init(&r.k, opts, sink, diags, "bluesky");
    err = bf_kit_json_docs(&r.k, in, handle_root, &r);
    bf_kit_release(&r.k);
    return err;
}
