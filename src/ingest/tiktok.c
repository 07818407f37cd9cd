/*
 * tiktok.c - TikTok's "Download your data" export, JSON (user_data*.json).
 *
 * One file of nested sections.  The late-2025 layout keeps the owner under
 * Profile."Profile Info".ProfileMap, followers under "Your Activity".
 * Follower.FansList and followings under "Your Activity".Following.
 * Following, each entry {"Date": "2025-10-01 09:31:12", "UserName"}; older
 * exports (2022-2024) had them under Activity."Follower List".FansList and
 * Activity."Following List".Following, sometimes with lower-case "date"
 * keys: every path is tried in turn.  Dates have no zone and are read as
 * UTC.  Posts are Post.Posts.VideoList: the export gives their date,
 * their like count as a string ("58") and no id, so a post's id is the
 * owner and its date, which is unique per account.  The export lists the
 * owner's every video, whoever may watch it: only those whose WhoCanView
 * is "Everyone" are kept; "Only You", "Friends" and any other audience
 * are dropped with a BF_D_PROTECTED_POST warning, as YouTube's unlisted
 * videos are, and are not counted among the account's posts.  A video
 * without WhoCanView is kept, its audience unknown.  Counts are numbers
 * or strings (followerCount 62, likesReceived "387"): the kit reads both.
 * emailAddress, telephoneNumber and birthDate are never looked up.
 */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "ingest/exports.h"
#include "ingest/json_fields.h"

/* first_array is the first of the pointers that names an array. */
static int first_array(const bf_json *root, const char *const *ptrs,
                       bf_json *out)
{
    for (; *ptrs; ptrs++)
        if (bf_json_at(root, *ptrs, out) == BF_OK &&
            bf_json_type_of(out) == BF_JSON_ARRAY)
            return 1;
    return 0;
}

/* user_of is an entry's user name ("UserName", older "username"). */
static const char *user_of(bf_kit *k, const bf_json *e)
{
    const char *s = bf_json_get_str(e, "UserName");

    if (!s)
        s = bf_json_get_str(e, "username");
    if (!s || !*s || !bf_json_id_printable(s)) {
        bf_kit_report(k, BF_D_MISSING_FIELD, "UserName");
        return NULL;
    }
    return s;
}

/* date_of is an entry's "Date" (older "date"). */
static int64_t date_of(bf_kit *k, const bf_json *e)
{
    int64_t t = bf_kit_time(k, e, "Date");

    return t ? t : bf_kit_time(k, e, "date");
}

/*
 * public_video is 1 when a video may be stored: its WhoCanView says anyone
 * may watch it ("Everyone", or "Public"), or it has none, its audience
 * then unknown.  Any other audience ("Only You", "Friends"), or a value
 * that is not text, is reported, and the video is not public.
 */
static int public_video(bf_kit *k, const bf_json *v)
{
    bf_json w;
    const char *who = NULL;
    size_t n;

    if (bf_json_get(v, "WhoCanView", &w) != BF_OK || bf_json_is_null(&w))
        return 1;
    if (bf_json_string(&w, &who, &n) == BF_OK &&
        (strcasecmp(who, "Everyone") == 0 || strcasecmp(who, "Public") == 0))
        return 1;
    bf_kit_report(k, BF_D_PROTECTED_POST, who ? who : "WhoCanView");
    return 0;
}

/* people sends a list of follows, in (followers) or out (followings). */
static bf_err people(bf_kit *k, const bf_json *list, const char *owner, int in,
                     int64_t *io_n)
{
    bf_json_iter it;
    bf_json e;
    uint64_t n = 0;
    bf_err err = BF_OK;

    if (bf_json_iter_init(list, &it) != BF_OK)
        return BF_OK;
    while (!err && bf_json_iter_next(&it, &e, NULL, NULL)) {
        const char *u;

        k->line = ++n;
        u = user_of(k, &e);
        if (!u)
            continue;
        err = in ? bf_kit_follow(k, u, owner, date_of(k, &e))
                 : bf_kit_follow(k, owner, u, date_of(k, &e));
        (*io_n)++;
    }
    return err;
}

bf_err bf__read_tiktok(bf_bundle *b, const bf_ingest_opts *opts, bf_sink *sink,
                       bf_diags *diags)
{
    static const char *const fans[] = { "/Your Activity/Follower/FansList",
                                        "/Activity/Follower List/FansList",
                                        "/Activity/Follower/FansList", NULL };
    static const char *const follows[] = { "/Your Activity/Following/Following",
                                           "/Activity/Following List/Following",
                                           NULL };
    static const char *const videos[] = { "/Post/Posts/VideoList",
                                          "/Video/Videos/VideoList", NULL };
    bf_kit k;
    bf_json_parser *p = NULL;
    bf_buf buf, own, id;
    bf_json root, prof, list, v;
    bf_json_iter it;
    bf_account a;
    const char *owner;
    /* -1 until the list that counts them is found: unknown, not none. */
    int64_t followers = -1, following = -1, posts = -1;
    long f = bf_bundle_find(b, "user_data_tiktok.json");
    bf_err err;

    if (f < 0)
        f = bf_bundle_find(b, "user_data.json");
    if (f < 0 && bf_bundle_count(b) == 1)
        f = 0;
    bf_kit_init(&k, opts, sink, diags, "tiktok");
    bf_buf_init(&buf, BF_EXPORT_MAX_MEMBER + 128);
    bf_buf_init(&own, 4096);
    bf_buf_init(&id, 4096);
    err = bf_json_parser_new(BF_EXPORT_MAX_MEMBER, &p);
    if (err || f < 0 || bf__export_json(&k, b, f, p, &buf, &root) != BF_OK)
        goto out;
    if (bf_json_at(&root, "/Profile/Profile Info/ProfileMap", &prof) != BF_OK)
        prof = root; /* no profile: every member reads as absent */
    owner = bf__export_owner(opts, bf_bundle_path(b),
                             bf_json_get_str(&prof, "userName"), &own);
    if (first_array(&root, fans, &list)) {
        followers = 0;
        err = people(&k, &list, owner, 1, &followers);
    }
    if (!err && first_array(&root, follows, &list)) {
        following = 0;
        err = people(&k, &list, owner, 0, &following);
    }
    if (!err && first_array(&root, videos, &list) &&
        bf_json_iter_init(&list, &it) == BF_OK) {
        uint64_t n = 0;

        posts = 0;

        while (!err && bf_json_iter_next(&it, &v, NULL, NULL)) {
            bf_post post;

            k.line = ++n;
            /* Privacy first: a video hidden from the public goes no
             * further, not even into the account's post count. */
            if (!public_video(&k, &v))
                continue;
            bf_post_clear(&post);
            post.created_at = date_of(&k, &v);
            if (!post.created_at) {
                bf_kit_report(&k, BF_D_MISSING_FIELD, "Date");
                continue;
            }
            bf_buf_reset(&id);
            if (bf_buf_appendf(&id, "%s/%lld", owner,
                               (long long)post.created_at) != BF_OK)
                continue;
            post.native_id = id.data;
            post.author_id = owner;
            post.likes = bf_kit_count(&k, &v, "Likes");
            post.text = bf_json_get_str(&v, "Title");
            if (post.text && strcmp(post.text, "N/A") == 0)
                post.text = NULL;
            err = bf_kit_post(&k, &post);
            posts++;
        }
    }
    if (!err && followers >= 0)
        err = bf_kit_insight(&k, owner, "followers_listed", "",
                             (double)followers);
    if (err)
        goto out;
    bf_account_clear(&a);
    a.native_id = owner;
    a.handle = owner;
    a.name = bf_json_get_str(&prof, "displayName");
    a.bio = bf_json_get_str(&prof, "bioDescription");
    /* A TikTok profile has no web site or place in its export. */
    a.unknown = BF_ACC_U_URL | BF_ACC_U_LOCATION;
    a.followers = bf_kit_count(&k, &prof, "followerCount");
    if (a.followers < 0)
        a.followers = followers;
    else
        err = bf_kit_insight(&k, owner, "followers_declared", "",
                             (double)a.followers);
    a.following = bf_kit_count(&k, &prof, "followingCount");
    if (a.following < 0)
        a.following = following;
    a.posts = posts;
    if (!err)
        err = bf_kit_account(&k, &a);
out:
    bf_json_parser_free(p);
    bf_buf_release(&buf);
    bf_buf_release(&own);
    bf_buf_release(&id);
    bf_kit_release(&k);
    return err;
}
