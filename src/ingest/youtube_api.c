/*
 * youtube_api.c - YouTube Data API v3 responses (channels, playlistItems,
 * videos), as `bonafide fetch youtube:...` receives them.
 *
 * Every response is one JSON object whose "kind" says what its "items"
 * are: youtube#channelListResponse (channels: snippet, statistics,
 * contentDetails), youtube#playlistItemListResponse (the uploads of a
 * channel: snippet.resourceId.videoId, publishedAt, title) or
 * youtube#videoListResponse (videos: snippet and statistics).  The API
 * sends every count as a string ("subscriberCount": "1927873"); hand-made
 * fixtures sometimes as numbers: the kit reads both.  A channel that hides
 * its subscriber count (hiddenSubscriberCount true) has it unknown.
 * Channels are keyed by their channel id (UC...), videos by their video
 * id; a channel's handle is its customUrl without the '@'.  A file may
 * hold several responses (JSON lines or concatenated documents).
 */
#include <string.h>

#include "ingest/ingest.h"
#include "ingest/json_fields.h"
#include "ingest/kit.h"

typedef struct yta {
    bf_kit k;
} yta;

/* str_at is the string at pointer below v, or NULL. */
static const char *str_at(const bf_json *v, const char *pointer)
{
    bf_json s;
    const char *p;
    size_t n;

    if (bf_json_at(v, pointer, &s) != BF_OK ||
        bf_json_string(&s, &p, &n) != BF_OK)
        return NULL;
    return p;
}

static bf_err channel(yta *r, const bf_json *it)
{
    bf_json sn, stats;
    bf_account a;
    const char *url;

    bf_account_clear(&a);
    a.native_id = bf_json_get_str(it, "id");
    if (!a.native_id || !bf_json_id_printable(a.native_id)) {
        bf_kit_report(&r->k, BF_D_MISSING_FIELD, "id");
        return BF_OK;
    }
    if (bf_json_get_typed(it, "snippet", BF_JSON_OBJECT, &sn)) {
        a.name = bf_json_get_str(&sn, "title");
        a.bio = bf_json_get_str(&sn, "description");
        a.location = bf_json_get_str(&sn, "country");
        a.created_at = bf_kit_time(&r->k, &sn, "publishedAt");
        url = bf_json_get_str(&sn, "customUrl");
        if (url && *url == '@')
            url++;
        a.handle = url && *url ? url : NULL;
    }
    if (bf_json_get_typed(it, "statistics", BF_JSON_OBJECT, &stats)) {
        if (bf_json_get_flag(&stats, "hiddenSubscriberCount") != 1)
            a.followers = bf_kit_count(&r->k, &stats, "subscriberCount");
        a.posts = bf_kit_count(&r->k, &stats, "videoCount");
    }
    return bf_kit_account(&r->k, &a);
}

/* video reads a playlist item (playlist 1) or a video. */
static bf_err video(yta *r, const bf_json *it, int playlist)
{
    bf_json sn, stats;
    bf_post p;

    bf_post_clear(&p);
    if (!bf_json_get_typed(it, "snippet", BF_JSON_OBJECT, &sn)) {
        bf_kit_report(&r->k, BF_D_MISSING_FIELD, "snippet");
        return BF_OK;
    }
    if (playlist) {
        p.native_id = str_at(it, "/contentDetails/videoId");
        if (!p.native_id)
            p.native_id = str_at(&sn, "/resourceId/videoId");
        /* An uploads playlist belongs to the channel that made them. */
        p.author_id = bf_json_get_str(&sn, "videoOwnerChannelId");
    } else {
        p.native_id = bf_json_get_str(it, "id");
    }
    if (!p.author_id)
        p.author_id = bf_json_get_str(&sn, "channelId");
    if (!p.native_id || !bf_json_id_printable(p.native_id) || !p.author_id ||
        !bf_json_id_printable(p.author_id)) {
        bf_kit_report(&r->k, BF_D_MISSING_FIELD, "video id, channelId");
        return BF_OK;
    }
    p.created_at = bf_kit_time(&r->k, &sn, "publishedAt");
    p.text = bf_json_get_str(&sn, "title");
    if (!playlist &&
        bf_json_get_typed(it, "statistics", BF_JSON_OBJECT, &stats)) {
        p.likes = bf_kit_count(&r->k, &stats, "likeCount");
        p.views = bf_kit_count(&r->k, &stats, "viewCount");
        p.replies = bf_kit_count(&r->k, &stats, "commentCount");
    }
    return bf_kit_post(&r->k, &p);
}

static bf_err on_doc(void *ctx, const bf_json *root, uint64_t line,
                     uint64_t offset)
{
    yta *r = ctx;
    const char *kind = bf_json_get_str(root, "kind");
    bf_json items, it;
    bf_json_iter iter;
    bf_err err = BF_OK;

    (void)line; /* the kit holds where the document starts */
    (void)offset;
    if (!kind || !bf_json_get_typed(root, "items", BF_JSON_ARRAY, &items) ||
        bf_json_iter_init(&items, &iter) != BF_OK) {
        /* An error answer ({"error": ...}) or another resource. */
        bf_kit_report(&r->k, BF_D_JSON_SHAPE, "kind, items");
        return BF_OK;
    }
    while (!err && bf_json_iter_next(&iter, &it, NULL, NULL)) {
        if (strcmp(kind, "youtube#channelListResponse") == 0)
            err = channel(r, &it);
        else if (strcmp(kind, "youtube#playlistItemListResponse") == 0)
            err = video(r, &it, 1);
        else if (strcmp(kind, "youtube#videoListResponse") == 0)
            err = video(r, &it, 0);
        else {
            bf_kit_report(&r->k, BF_D_JSON_SHAPE, kind);
            break;
        }
    }
    return err;
}

bf_err bf_read_youtube_api(bf_input *in, const bf_ingest_opts *opts,
                           bf_sink *sink, bf_diags *diags)
{
    yta r;
    bf_err err;

    bf_kit_init(&r.k, opts, sink, diags, "youtube");
    err = bf_kit_json_docs(&r.k, in, on_doc, &r);
    bf_kit_release(&r.k);
    return err;
}
