/*
 * tiktok_api.c - TikTok's API responses: the Research API (user info,
 * videos, followers, followings, comments) and the Display API (the
 * token holder's profile and videos).
 *
 * Every answer is {"data": {...}, "error": {"code", "message",
 * "log_id"}}; "code" is "ok" when the call worked.  What "data" holds
 * tells the endpoint:
 *   - a profile: the Research API's /v2/research/user/info/ puts its
 *     fields in "data" itself, the Display API's /v2/user/info/ in
 *     "data.user".  follower_count, following_count, video_count,
 *     display_name, bio_description, is_verified; likes_count counts the
 *     likes received, not given, and is not kept;
 *   - "videos": the Research API's video query (video_id, a bare JSON
 *     integer above 2^53, read exactly) or the Display API's list (id, a
 *     string); each with create_time (epoch seconds), video_description
 *     or title, like_count, comment_count, share_count, view_count,
 *     hashtag_names;
 *   - "user_followers" and "user_following": the Research API's follow
 *     lists, {"username", "display_name"} each, newest first, without
 *     the date each follow began: a follower's position in the list goes
 *     on across the pages of one user, as for Bluesky and Mastodon;
 *   - "comments": the Research API's comments, which name no author and
 *     are therefore not stored (their video's comment_count counts them).
 * Accounts are keyed by their username, as TikTok's own export keys them,
 * so an export and API answers about the same account meet.  The Research
 * API's user info does not repeat the username it was asked for, and the
 * Display API's videos do not name their author: --followers-of NAME
 * says whose answer a file is, and a video's own "username" field, when
 * the query asked for it, wins.  Counts are numbers or strings: the kit
 * reads both.  A file may hold several answers (JSON lines or
 * concatenated documents).
 */
#include <stdio.h>
#include <string.h>

#include "ingest/ingest.h"
#include "ingest/json_fields.h"
#include "ingest/kit.h"

typedef struct tta {
    bf_kit k;
    bf_kit_pages pages; /* follower positions across pages */
    int warned;         /* a follow list without --followers-of was reported */
} tta;

/* subject is the username --followers-of names, or NULL. */
static const char *subject(const tta *r)
{
    const char *s = r->k.opts->subject;

    if (s && *s == '@')
        s++;
    return s && *s ? s : NULL;
}

/* user_of is a username read at key ("@" dropped), or NULL. */
static const char *user_of(const bf_json *o, const char *key)
{
    const char *s = bf_json_get_str(o, key);

    if (s && *s == '@')
        s++;
    return s && *s && bf_json_id_printable(s) ? s : NULL;
}

static bf_err profile(tta *r, const bf_json *o)
{
    bf_account a;

    bf_account_clear(&a);
    a.native_id = user_of(o, "username");
    if (!a.native_id)
        a.native_id = subject(r);
    if (!a.native_id) {
        bf_kit_report(&r->k, BF_D_MISSING_FIELD,
                      "username: the answer does not name its user; give it "
                      "with --followers-of NAME");
        return BF_OK;
    }
    a.handle = a.native_id;
    a.name = bf_json_get_str(o, "display_name");
    a.bio = bf_json_get_str(o, "bio_description");
    /* A TikTok profile has no web site or place in these answers. */
    a.unknown = BF_ACC_U_URL | BF_ACC_U_LOCATION;
    a.verified = bf_json_get_flag(o, "is_verified");
    a.followers = bf_kit_count(&r->k, o, "follower_count");
    a.following = bf_kit_count(&r->k, o, "following_count");
    a.posts = bf_kit_count(&r->k, o, "video_count");
    return bf_kit_account(&r->k, &a);
}

static bf_err video(tta *r, const bf_json *v, size_t i)
{
    char tmp[BF_JSON_ID_MAX];
    bf_post p;

    bf_post_clear(&p);
    p.native_id = bf_kit_id(&r->k, v, "video_id", tmp);
    if (!p.native_id)
        p.native_id = bf_kit_id(&r->k, v, "id", tmp);
    p.author_id = user_of(v, "username");
    if (!p.author_id)
        p.author_id = subject(r);
    if (!p.native_id || !p.author_id) {
        bf_kit_report_at(&r->k, BF_D_MISSING_FIELD, "videos", i,
                         !p.native_id ? "video_id"
                                      : "username: give the author with "
                                        "--followers-of NAME");
        return BF_OK;
    }
    p.created_at = bf_kit_time(&r->k, v, "create_time");
    p.text = bf_json_get_str(v, "video_description");
    if (!p.text || !*p.text)
        p.text = bf_json_get_str(v, "title");
    p.likes = bf_kit_count(&r->k, v, "like_count");
    p.replies = bf_kit_count(&r->k, v, "comment_count");
    p.reposts = bf_kit_count(&r->k, v, "share_count");
    p.views = bf_kit_count(&r->k, v, "view_count");
    p.hashtags = bf_json_get_size(v, "hashtag_names");
    return bf_kit_post(&r->k, &p);
}

/* people reads a follow list: followers of the subject (in) or its
 * followings. */
static bf_err people(tta *r, const bf_json *list, int in)
{
    const char *owner = subject(r);
    bf_json_iter it;
    bf_json e;
    size_t i = 0;
    bf_err err = BF_OK;

    if (!owner && !r->warned++)
        bf_kit_report(&r->k, BF_D_NO_SUBJECT,
                      "only the accounts are stored; give whose list it is "
                      "with --followers-of NAME");
    if (bf_json_iter_init(list, &it) != BF_OK)
        return BF_OK;
    if (owner && in)
        bf_kit_pages_subject(&r->pages, owner);
    for (; !err && bf_json_iter_next(&it, &e, NULL, NULL); i++) {
        const char *u = user_of(&e, "username");
        bf_account a;

        if (!u) {
            bf_kit_report_at(&r->k, BF_D_MISSING_FIELD,
                             in ? "user_followers" : "user_following", i,
                             "username");
            continue;
        }
        bf_account_clear(&a);
        a.native_id = u;
        a.handle = u;
        a.name = bf_json_get_str(&e, "display_name");
        err = bf_kit_account(&r->k, &a);
        if (!err && owner)
            err = bf_kit_page_follow(&r->k, &r->pages, owner, u, in,
                                     in ? "user_followers" : "user_following",
                                     i);
    }
    return err;
}

/* failed reports an answer whose error code is not "ok"; 1 if so. */
static int failed(tta *r, const bf_json *root)
{
    char detail[256];
    bf_json e;
    const char *code, *msg;

    if (!bf_json_get_typed(root, "error", BF_JSON_OBJECT, &e))
        return 0;
    code = bf_json_get_str(&e, "code");
    if (!code || strcmp(code, "ok") == 0)
        return 0;
    msg = bf_json_get_str(&e, "message");
    snprintf(detail, sizeof detail, "TikTok error %s: %s", code,
             msg && *msg ? msg : "(no message)");
    bf_kit_report(&r->k, BF_D_JSON_SHAPE, detail);
    return 1;
}

static bf_err on_doc(void *ctx, const bf_json *root, uint64_t line,
                     uint64_t offset)
{
    tta *r = ctx;
    bf_json data, list, v, user;
    bf_json_iter it;
    size_t i = 0;
    bf_err err = BF_OK;

    (void)line; /* the kit holds where the document starts */
    (void)offset;
    if (failed(r, root))
        return BF_OK;
    if (!bf_json_get_typed(root, "data", BF_JSON_OBJECT, &data)) {
        bf_kit_report(&r->k, BF_D_JSON_SHAPE, "data");
        return BF_OK;
    }
    if (bf_json_get_typed(&data, "videos", BF_JSON_ARRAY, &list)) {
        if (bf_json_iter_init(&list, &it) == BF_OK)
            for (; !err && bf_json_iter_next(&it, &v, NULL, NULL); i++)
                err = video(r, &v, i);
        return err;
    }
    if (bf_json_get_typed(&data, "user_followers", BF_JSON_ARRAY, &list))
        return people(r, &list, 1);
    if (bf_json_get_typed(&data, "user_following", BF_JSON_ARRAY, &list))
        return people(r, &list, 0);
    if (bf_json_get_typed(&data, "comments", BF_JSON_ARRAY, &list)) {
        if (bf_json_size(&list))
            bf_kit_report(&r->k, BF_D_JSON_SHAPE,
                          "TikTok comments name no author: not stored "
                          "(their video's comment_count counts them)");
        return BF_OK;
    }
    if (bf_json_get_typed(&data, "user", BF_JSON_OBJECT, &user))
        return profile(r, &user);
    if (bf_json_get(&data, "follower_count", &v) == BF_OK ||
        bf_json_get(&data, "display_name", &v) == BF_OK)
        return profile(r, &data);
    bf_kit_report(&r->k, BF_D_JSON_SHAPE,
                  "data: no profile, videos, follow list or comments");
    return BF_OK;
}

bf_err bf_read_tiktok_api(bf_input *in, const bf_ingest_opts *opts,
                          bf_sink *sink, bf_diags *diags)
{
    tta r;
    bf_err err;

    memset(&r, 0, sizeof r);
    bf_kit_init(&r.k, opts, sink, diags, "tiktok");
    err = bf_kit_json_docs(&r.k, in, on_doc, &r);
    bf_kit_release(&r.k);
    return err;
}
