/*
 * fetch.c - collecting one account, page by page, into the store.
 *
 * A run is a short list of steps per platform: the profile, then each
 * list (followers, accounts followed, recent posts), then for Bluesky the
 * full profiles of a follower sample.  Every step walks pages the same
 * way: build the page's URL from the cursor, GET it (http.c waits on rate
 * limits and retries errors), read the cursor of the next page from the
 * body (Bluesky "cursor", X "meta.next_token") or the Link header
 * (Mastodon), hand the body to the ingest reader of the platform through a
 * small sink that continues follower positions across pages, then store
 * the new cursor under a state key and commit: the page's records and the
 * cursor land in the same transaction, so a run killed at any point
 * resumes at the first page it had not committed.  A list that reached its
 * end or its cap is marked done ("done\tN"); a later run then fetches only
 * its first page again, which is where platforms put new followers and
 * new posts (newest first), and leaves the rest as stored.
 *
 * The readers read a bf_input, which reads files: a page is written to an
 * anonymous memory file (memfd_create) and opened through /proc/self/fd.
 * Mastodon follower pages are arrays of Accounts that do not say whose
 * followers they are, so the page is wrapped as {"subject": <the profile>,
 * "followers": <page>}, the shape mastodon.c reads as follow edges.  X
 * follower pages are user objects only: the sink turns each user of such
 * a page into a follow of the subject.  The readers' diagnostics name the
 * page's URL instead of the temporary file.
 *
 * State keys are "fetch:<platform>:<account as given>:<list>".
 */
/* memfd_create is a GNU extension of <sys/mman.h>. */
#define _GNU_SOURCE
#include "fetch/fetch.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#include "base/diag.h"
#include "base/hash.h"
#include "base/input.h"
#include "base/time.h"
#include "fetch/http.h"
#include "fetch/msgs.h"
#include "ingest/ingest.h"
#include "ingest/json.h"

/* Records per transaction: high enough that a page is always one. */
#define PAGE_BATCH ((size_t)1 << 30)

/* Bluesky getProfiles takes at most 25 actors a call. */
#define PROFILES_BATCH 25

/* The fixed seed of the follower sample, mixed with the subject's id. */
#define SAMPLE_SEED 0x626F6E6166696465ull /* "bonafide" */

/* The X fields an audit needs, on users and on posts. */
#define X_USER_FIELDS                                             \
    "created_at,description,entities,location,profile_image_url," \
    "protected,public_metrics,url,verified"
#define X_TWEET_FIELDS                                                     \
    "author_id,created_at,entities,lang,public_metrics,referenced_tweets," \
    "source"

typedef struct fetcher fetcher;

/* A list: its name in the state key, its cap and how to page it. */
typedef struct list_spec {
    const char *name;
    uint64_t limit;    /* items wanted in all */
    uint64_t page_max; /* the API's largest page */
    uint64_t page_min; /* and smallest (X timelines: 5) */
    int followers;     /* a follower list: positions, X follows */
    /* url appends the page's URL for cursor (may be "") and n items. */
    bf_err (*url)(fetcher *f, const struct list_spec *ls, const char *cursor,
                  uint64_t n, bf_buf *out);
    const char *endpoint; /* the platform path the url function uses */
} list_spec;

struct fetcher {
    bf_store *st;
    const bf_fetch_spec *spec;
    const bf_fetch_opts *o;
    bf_fetch_result *res;
    bf_http *http;
    bf_http_resp resp;
    bf_store_writer w;
    bf_json_parser *parser;
    bf_ingest_opts io;
    bf_sink_more more; /* insights go to the store with the records */
    bf_format format;
    char service[1024];
    char name[2 * BF_FETCH_NAME_MAX + 16]; /* "bsky:alice.example" */
    char subject[512];                     /* the id URLs use */
    char uploads[128];                     /* YouTube: uploads playlist */
    bf_buf subject_json;                   /* Mastodon: the Account */
    bf_buf url, key, value, cursor;
    double start; /* monotonic seconds */
    int shown;    /* a progress line is on the terminal */
    int refused;  /* the last request got a final 4xx answer */
};

/* ---- Small helpers ---- */

/* progress redraws the terminal line after a page. */
static void progress(fetcher *f)
{
    uint64_t records;
    double t;

    if (f->o->on_page)
        f->o->on_page(f->o->on_page_ctx, f->res);
    if (!f->o->progress)
        return;
    records = f->res->accounts + f->res->posts + f->res->follows;
    t = bf_time_mono() - f->start;
    /* Clear the line first: the one before may have been longer. */
    fputs("\r\033[K", f->o->progress);
    bf_fetch_say(f->o->progress, f->o->lang, BF_FM_PROGRESS, f->name,
                 (unsigned long long)f->res->pages, (unsigned long long)records,
                 t > 0 ? (double)records / t : 0.0);
    f->shown = 1;
}

/* on_wait shows a pause on the progress line. */
static void on_wait(void *ctx, double seconds, int rate_limited)
{
    fetcher *f = ctx;

    f->res->waited_s += seconds;
    if (!f->o->progress)
        return;
    fputs("\r\033[K", f->o->progress);
    bf_fetch_say(f->o->progress, f->o->lang,
                 rate_limited ? BF_FM_WAIT_RATE : BF_FM_WAIT_RETRY, seconds);
    f->shown = 1;
}

/* state_key sets f->key to "fetch:<platform>:<name>:<what>". */
static bf_err state_key(fetcher *f, const char *what)
{
    bf_buf_reset(&f->key);
    return bf_buf_appendf(&f->key, "fetch:%s:%s", f->name, what);
}

/* ---- Reading a page through the ingest readers ---- */

/* The sink between a reader and the store writer. */
typedef struct page_sink {
    bf_sink inner;
    fetcher *f;
    int64_t base;         /* follower positions already stored */
    const char *followee; /* X follower pages: the subject's id */
    int64_t next;         /* X: the next follower position */
} page_sink;

static bf_err ps_account(void *ctx, const bf_account *a)
{
    page_sink *ps = ctx;
    bf_follow fl;
    bf_err err;

    ps->f->res->accounts++;
    err = ps->inner.account(ps->inner.ctx, a);
    if (err || !ps->followee || strcmp(a->native_id, ps->followee) == 0)
        return err;
    /* An X follower page lists users only: each one follows the subject,
     * newest first like every follower list. */
    fl.platform = a->platform;
    fl.follower = a->native_id;
    fl.followee = ps->followee;
    fl.observed_at = a->observed_at;
    fl.position = ps->base + ps->next++;
    ps->f->res->follows++;
    return ps->inner.follow(ps->inner.ctx, &fl);
}

static bf_err ps_post(void *ctx, const bf_post *p)
{
    page_sink *ps = ctx;

    ps->f->res->posts++;
    return ps->inner.post(ps->inner.ctx, p);
}

static bf_err ps_follow(void *ctx, const bf_follow *fl)
{
    page_sink *ps = ctx;
    bf_follow g = *fl;

    /* The reader counts positions from 0 on each page; the page starts
     * after the base items of the pages before it. */
    if (g.position >= 0)
        g.position += ps->base;
    ps->f->res->follows++;
    return ps->inner.follow(ps->inner.ctx, &g);
}

/* write_all writes n bytes to fd; BF_EIO on failure. */
static bf_err write_all(int fd, const char *p, size_t n)
{
    while (n) {
        ssize_t k = write(fd, p, n);

        if (k <= 0)
            return BF_EIO;
        p += k;
        n -= (size_t)k;
    }
    return BF_OK;
}

/*
 * open_page writes pre, body and post to an anonymous memory file
 * (memfd_create) and opens it as an input through /proc/self/fd: the
 * readers read inputs, and the page never touches the disk, so a run
 * killed at any point leaves nothing behind.
 */
static bf_err open_page(fetcher *f, const char *pre, const bf_buf *body,
                        const char *post, bf_input **out_in)
{
    char path[64];
    int fd;
    bf_err err;

    (void)f;
    fd = memfd_create("bonafide-page", MFD_CLOEXEC);
    if (fd < 0)
        return BF_EIO;
    err = write_all(fd, pre, strlen(pre));
    if (!err && body->len)
        err = write_all(fd, body->data, body->len);
    if (!err)
        err = write_all(fd, post, strlen(post));
    snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
    /* A new open of the memory file starts at its first byte; it stays
     * alive through the input's descriptor once this one is closed. */
    if (!err)
        err = bf_input_open(path, BF_INGEST_MAX_LINE, out_in);
    close(fd);
    return err;
}

/*
 * read_page runs the platform's reader over body (wrapped in pre and
 * post), sending records to the store writer through a page_sink.
 */
static bf_err read_page(fetcher *f, const char *pre, const bf_buf *body,
                        const char *post, int64_t base, const char *followee)
{
    bf_input *in = NULL;
    bf_diags d;
    page_sink ps;
    bf_sink sink;
    size_t i;
    bf_err err;

    bf_diags_init(&d);
    memset(&ps, 0, sizeof ps);
    ps.inner = bf_store_writer_sink(&f->w);
    ps.f = f;
    ps.base = base;
    ps.followee = followee;
    sink.ctx = &ps;
    sink.account = ps_account;
    sink.post = ps_post;
    sink.follow = ps_follow;
    sink.same = NULL; /* an X follower page's users are follows too */
    err = open_page(f, pre, body, post, &in);
    if (err)
        goto out;
    /* The reader of the platform, exactly as bonafide ingest runs it. */
    switch (f->format) {
    case BF_FMT_MASTODON:
        err = bf_read_mastodon(in, &f->io, &sink, &d);
        break;
    case BF_FMT_TWITTER_V2:
        err = bf_read_twitter_v2(in, &f->io, &sink, &d);
        break;
    case BF_FMT_YOUTUBE_API:
        err = bf_read_youtube_api(in, &f->io, &sink, &d);
        break;
    case BF_FMT_GRAPH_API:
        err = bf_read_graph_api(in, &f->io, &sink, &d);
        break;
    default:
        err = bf_read_bluesky(in, &f->io, &sink, &d);
        break;
    }
    /* The temporary file means nothing to the user; the URL does. */
    for (i = 0; i < d.n; i++) {
        char *u = strdup(f->url.data ? f->url.data : "-");

        if (u) {
            free(d.recs[i].file);
            d.recs[i].file = u;
        }
        if (f->o->diag_out)
            bf_diag_print(&d.recs[i], f->o->diag_out);
    }
    f->res->rejected += d.rejected;
    f->res->warnings += d.warnings;
out:
    bf_input_close(in);
    bf_diags_release(&d);
    return err;
}

/* ---- Requests ---- */

/*
 * get fetches f->url into f->resp.  BF_OK only for a 2xx answer; a 404,
 * or a Bluesky 400 naming an unknown actor, is BF_ENOTFOUND; any other
 * answer is printed and is BF_ENET, as a failure to collect.
 */
static bf_err get(fetcher *f)
{
    bf_err err;

    f->refused = 0;
    err = bf_http_get(f->http, f->url.data, &f->resp);
    /* Retries count as requests: the figure is what the service saw. */
    f->res->requests += f->resp.tries;
    if (err == BF_ENET && f->resp.status == 0)
        bf_fetch_say(f->o->diag_out, f->o->lang, BF_FM_NET, f->name,
                     bf_http_last_error(f->http));
    if (err)
        return err;
    if (f->resp.status >= 200 && f->resp.status < 300)
        return BF_OK;
    if (f->resp.status == 404 || (f->resp.status == 400 && f->resp.body.data &&
                                  strstr(f->resp.body.data, "not found")))
        return BF_ENOTFOUND;
    bf_fetch_say(f->o->diag_out, f->o->lang, BF_FM_HTTP, f->name,
                 f->resp.status, f->url.data);
    f->refused = f->resp.status >= 400 && f->resp.status < 500;
    return BF_ENET;
}

/* parse_body parses f->resp's body as JSON into *root. */
static bf_err parse_body(fetcher *f, bf_json *root)
{
    if (!f->resp.body.len)
        return BF_EPARSE;
    return bf_json_parse_copy(f->parser, f->resp.body.data, f->resp.body.len,
                              root);
}

/* get_string copies the string at pointer in root into out ("" if none). */
static bf_err get_string(const bf_json *root, const char *pointer, bf_buf *out)
{
    bf_json v;
    const char *s;
    size_t n;

    bf_buf_reset(out);
    if (bf_json_at(root, pointer, &v) != BF_OK ||
        bf_json_string(&v, &s, &n) != BF_OK)
        return bf_buf_puts(out, "");
    return bf_buf_append(out, s, n);
}

/* ---- Platform URLs ---- */

/*
 * Each list_spec's url function appends the URL of one page.  Every value
 * that comes from the user or from a response (a handle, a cursor) is
 * percent-escaped; ids that go into a path were checked against a small
 * alphabet when the profile was read (profile below), so they cannot add
 * a path segment or a query of their own.
 */

/* bsky_list_url: an XRPC query; the DID names the actor, the cursor is
 * the opaque string of the previous page. */
static bf_err bsky_list_url(fetcher *f, const list_spec *ls, const char *cursor,
                            uint64_t n, bf_buf *out)
{
    bf_err err;

    err = bf_buf_appendf(out, "%s/xrpc/%s?actor=", f->service, ls->endpoint);
    if (!err)
        err = bf_fetch_url_escape(out, f->subject);
    if (!err)
        err = bf_buf_appendf(out, "&limit=%llu", (unsigned long long)n);
    if (!err && *cursor) {
        err = bf_buf_puts(out, "&cursor=");
        if (!err)
            err = bf_fetch_url_escape(out, cursor);
    }
    return err;
}

/* masto_list_url: the first page by account id; the later ones are the
 * Link header's URLs, which carry the instance's own max_id. */
static bf_err masto_list_url(fetcher *f, const list_spec *ls,
                             const char *cursor, uint64_t n, bf_buf *out)
{
    /* The Link header's next URL is followed as it is, but only on the
     * service's own origin. */
    if (*cursor)
        return bf_buf_puts(out, cursor);
    return bf_buf_appendf(out, "%s/api/v1/accounts/%s/%s?limit=%llu",
                          f->service, f->subject, ls->endpoint,
                          (unsigned long long)n);
}

/* x_list_url: users' or tweets' pages of one user id, with the fields the
 * audit reads (counters, dates, entities), since X v2 sends only id and
 * text unless asked; pagination_token is the previous meta.next_token. */
static bf_err x_list_url(fetcher *f, const list_spec *ls, const char *cursor,
                         uint64_t n, bf_buf *out)
{
    bf_err err;

    err = bf_buf_appendf(out, "%s/2/users/%s/%s?max_results=%llu", f->service,
                         f->subject, ls->endpoint, (unsigned long long)n);
    if (!err && ls->followers)
        err = bf_buf_puts(out, "&user.fields=" X_USER_FIELDS);
    else if (!err)
        err = bf_buf_puts(out, "&tweet.fields=" X_TWEET_FIELDS
                               "&expansions=referenced_tweets.id,"
                               "referenced_tweets.id.author_id"
                               "&user.fields=" X_USER_FIELDS);
    if (!err && *cursor) {
        err = bf_buf_puts(out, "&pagination_token=");
        if (!err)
            err = bf_fetch_url_escape(out, cursor);
    }
    return err;
}

/* yt_list_url: a page of the channel's uploads playlist; pageToken is the
 * previous page's nextPageToken.  The key travels in a header. */
static bf_err yt_list_url(fetcher *f, const list_spec *ls, const char *cursor,
                          uint64_t n, bf_buf *out)
{
    bf_err err;

    err = bf_buf_appendf(out,
                         "%s/youtube/v3/%s?part=snippet,contentDetails"
                         "&maxResults=%llu&playlistId=",
                         f->service, ls->endpoint, (unsigned long long)n);
    if (!err)
        err = bf_fetch_url_escape(out, f->uploads);
    if (!err && *cursor) {
        err = bf_buf_puts(out, "&pageToken=");
        if (!err)
            err = bf_fetch_url_escape(out, cursor);
    }
    return err;
}

/* The fields asked of Graph API nodes and edges. */
#define IG_USER_FIELDS                                    \
    "id,username,name,biography,website,followers_count," \
    "follows_count,media_count"
#define IG_MEDIA_FIELDS \
    "id,caption,like_count,comments_count,timestamp,media_type,permalink"
#define FB_PAGE_FIELDS                                                   \
    "id,name,username,about,category,fan_count,followers_count,website," \
    "is_verified"
#define FB_POST_FIELDS                                               \
    "id,message,created_time,shares,reactions.summary(total_count)." \
    "limit(0),comments.summary(total_count).limit(0)"

/* graph_cursor is 1 when a Graph API cursor is safe inside a fields
 * expression: base64 characters only, so it cannot close a bracket. */
static int graph_cursor(const char *c)
{
    size_t n = strlen(c);

    return n > 0 && n < 1024 &&
           strspn(c, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
                     "0123456789_-=+/") == n;
}

/* ig_list_url: business discovery of the account's media, one page; the
 * cursor goes inside the fields expression, as .after(CURSOR).  The whole
 * expression is percent-escaped. */
static bf_err ig_list_url(fetcher *f, const list_spec *ls, const char *cursor,
                          uint64_t n, bf_buf *out)
{
    bf_buf fields;
    bf_err err;

    (void)ls;
    bf_buf_init(&fields, 1 << 12);
    err = bf_buf_appendf(&fields,
                         "business_discovery.username(%s){media.limit(%llu)",
                         f->spec->user, (unsigned long long)n);
    if (!err && *cursor && graph_cursor(cursor))
        err = bf_buf_appendf(&fields, ".after(%s)", cursor);
    if (!err)
        err = bf_buf_puts(&fields, "{" IG_MEDIA_FIELDS "}}");
    if (!err)
        err = bf_buf_appendf(out, "%s/" BF_FETCH_GRAPH_VERSION "/%s?fields=",
                             f->service, f->o->ig_user);
    if (!err)
        err = bf_fetch_url_escape(out, fields.data);
    bf_buf_release(&fields);
    return err;
}

/* fb_list_url: a page of the Page's posts with their reaction, comment
 * and share counts (summaries only, no lists of people). */
static bf_err fb_list_url(fetcher *f, const list_spec *ls, const char *cursor,
                          uint64_t n, bf_buf *out)
{
    bf_err err;

    err = bf_buf_appendf(out, "%s/" BF_FETCH_GRAPH_VERSION "/%s/%s?fields=",
                         f->service, f->subject, ls->endpoint);
    if (!err)
        err = bf_fetch_url_escape(out, FB_POST_FIELDS);
    if (!err)
        err = bf_buf_appendf(out, "&limit=%llu", (unsigned long long)n);
    if (!err && *cursor) {
        err = bf_buf_puts(out, "&after=");
        if (!err)
            err = bf_fetch_url_escape(out, cursor);
    }
    return err;
}

/*
 * same_origin is 1 when url is on the service: its base URL followed by
 * the end, a '/' or a '?'.  A bare prefix test would let
 * "https://host.evil.example/" pass for "https://host".
 */
static int same_origin(const fetcher *f, const char *url)
{
    size_t n = strlen(f->service);

    return url && strncmp(url, f->service, n) == 0 &&
           (url[n] == '\0' || url[n] == '/' || url[n] == '?');
}

/*
 * page_info reads from the page just received the number of items it
 * lists and the cursor of the next page (into f->cursor, "" at the end).
 */
static bf_err page_info(fetcher *f, const list_spec *ls, uint64_t *out_n)
{
    static const char *const bsky_keys[] = { "followers", "follows", "feed" };
    bf_json root, list;
    size_t i;
    bf_err err;

    *out_n = 0;
    err = parse_body(f, &root);
    if (err)
        return err;
    switch (f->format) {
    case BF_FMT_MASTODON:
        /* A page is an array; the next one is in the Link header, kept
         * only when it stays on the service. */
        *out_n = bf_json_type_of(&root) == BF_JSON_ARRAY ? bf_json_size(&root)
                                                         : 0;
        bf_buf_reset(&f->cursor);
        if (same_origin(f, f->resp.next.data))
            err = bf_buf_puts(&f->cursor, f->resp.next.data);
        return err;
    case BF_FMT_TWITTER_V2:
        if (bf_json_get(&root, "data", &list) == BF_OK &&
            bf_json_type_of(&list) == BF_JSON_ARRAY)
            *out_n = bf_json_size(&list);
        return get_string(&root, "/meta/next_token", &f->cursor);
    case BF_FMT_YOUTUBE_API:
        if (bf_json_get(&root, "items", &list) == BF_OK &&
            bf_json_type_of(&list) == BF_JSON_ARRAY)
            *out_n = bf_json_size(&list);
        return get_string(&root, "/nextPageToken", &f->cursor);
    case BF_FMT_GRAPH_API: {
        /* An edge's page, or the media edge inside business discovery;
         * its next cursor is paging.cursors.after.  A Page edge without
         * paging.next has no next page; business discovery never says
         * so, and ends with an empty page or a cursor that stays put. */
        bf_json edge = root;
        bf_buf old;
        int bd = bf_json_at(&root, "/business_discovery/media", &edge) == BF_OK;

        if (bf_json_get(&edge, "data", &list) == BF_OK &&
            bf_json_type_of(&list) == BF_JSON_ARRAY)
            *out_n = bf_json_size(&list);
        bf_buf_init(&old, 1 << 12);
        err = bf_buf_puts(&old, f->cursor.data ? f->cursor.data : "");
        if (!err)
            err = get_string(&edge, "/paging/cursors/after", &f->cursor);
        if (!err &&
            ((!bd && bf_json_at(&edge, "/paging/next", &list) != BF_OK) ||
             strcmp(old.data, f->cursor.data) == 0 ||
             !graph_cursor(f->cursor.data)))
            bf_buf_reset(&f->cursor);
        if (f->cursor.data && !f->cursor.len)
            f->cursor.data[0] = '\0';
        bf_buf_release(&old);
        return err;
    }
    default:
        for (i = 0; i < sizeof bsky_keys / sizeof bsky_keys[0]; i++)
            if (bf_json_get(&root, bsky_keys[i], &list) == BF_OK &&
                bf_json_type_of(&list) == BF_JSON_ARRAY)
                *out_n = bf_json_size(&list);
        (void)ls;
        return get_string(&root, "/cursor", &f->cursor);
    }
}

/* flatten turns a JSON body into one line (X's reader reads JSON lines);
 * a raw newline cannot be inside a JSON string, so this changes nothing. */
static void flatten(bf_buf *b)
{
    size_t i;

    for (i = 0; i < b->len; i++)
        if (b->data[i] == '\n' || b->data[i] == '\r')
            b->data[i] = ' ';
}

/*
 * yt_statistics follows a page of uploads with the videos call that gives
 * their counts (playlist items carry none): the page's video ids, each
 * checked against YouTube's id alphabet, then one request for all of them
 * (a page holds at most 50, the call's limit), read like any page.
 */
static bf_err yt_statistics(fetcher *f)
{
    bf_json root, items, it;
    bf_json_iter iter;
    bf_buf ids;
    int k = 0;
    bf_err err;

    err = parse_body(f, &root);
    if (err)
        return err;
    bf_buf_init(&ids, 1 << 16);
    if (bf_json_get(&root, "items", &items) == BF_OK &&
        bf_json_iter_init(&items, &iter) == BF_OK) {
        while (!err && bf_json_iter_next(&iter, &it, NULL, NULL)) {
            bf_json v;
            const char *id;
            size_t n;

            if ((bf_json_at(&it, "/contentDetails/videoId", &v) != BF_OK &&
                 bf_json_at(&it, "/snippet/resourceId/videoId", &v) != BF_OK) ||
                bf_json_string(&v, &id, &n) != BF_OK || n == 0 || n > 64 ||
                strspn(id, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVW"
                           "XYZ0123456789_-") != n)
                continue;
            err = bf_buf_appendf(&ids, "%s%s", k++ ? "," : "", id);
        }
    }
    if (!err && k) {
        bf_buf_reset(&f->url);
        err = bf_buf_appendf(&f->url,
                             "%s/youtube/v3/videos?part=snippet,statistics"
                             "&id=%s",
                             f->service, ids.data);
        if (!err)
            err = get(f);
        if (!err)
            err = read_page(f, "", &f->resp.body, "", 0, NULL);
    }
    bf_buf_release(&ids);
    return err;
}

/* store_page reads the page just received into the store. */
static bf_err store_page(fetcher *f, const list_spec *ls, int64_t base)
{
    if (f->format == BF_FMT_YOUTUBE_API) {
        bf_err err = read_page(f, "", &f->resp.body, "", base, NULL);

        return !err && ls ? yt_statistics(f) : err;
    }
    if (f->format == BF_FMT_TWITTER_V2) {
        flatten(&f->resp.body);
        return read_page(f, "", &f->resp.body, "", base,
                         ls && ls->followers ? f->subject : NULL);
    }
    if (f->format == BF_FMT_MASTODON && ls && f->subject_json.len) {
        /* Follower pages do not say whose: the wrapper does. */
        const char *kind = ls->followers ? "followers" : "following";
        bf_buf pre;
        bf_err err;

        if (strcmp(ls->name, "posts") == 0)
            return read_page(f, "", &f->resp.body, "", base, NULL);
        bf_buf_init(&pre, BF_HTTP_MAX_BODY);
        err = bf_buf_appendf(
                &pre, "{\"subject\":%s,\"%s\":", f->subject_json.data, kind);
        if (!err)
            err = read_page(f, pre.data, &f->resp.body, "}", base, NULL);
        bf_buf_release(&pre);
        return err;
    }
    return read_page(f, "", &f->resp.body, "", base, NULL);
}

/* commit_page commits the page's records with the state value (NULL
 * leaves the state as it is). */
static bf_err commit_page(fetcher *f, const char *value)
{
    bf_err err = BF_OK;

    if (value)
        err = bf_store_state_put(f->st, f->key.data, value);
    if (!err)
        err = bf_store_writer_finish(&f->w);
    if (err) {
        bf_store_writer_abort(&f->w);
        return err;
    }
    f->res->pages++;
    progress(f);
    return BF_OK;
}

/* ---- Steps ---- */

/*
 * run_list walks the pages of one list from its stored cursor to its end
 * or its cap; a list done before is refreshed by its first page only.
 */
static bf_err run_list(fetcher *f, const list_spec *ls)
{
    uint64_t count = 0, items, n;
    int refresh = 0, last;
    char *tab;
    bf_err err;

    if (ls->limit == 0)
        return BF_OK;
    /* Where the last run stopped: nothing (a first run), "done\tN" (a
     * complete list: refresh its head), or "N\tcursor" (resume). */
    err = state_key(f, ls->name);
    if (!err)
        err = bf_store_state_get(f->st, f->key.data, &f->value);
    bf_buf_reset(&f->cursor);
    if (err == BF_ENOTFOUND) {
        err = BF_OK;
    } else if (err) {
        return err;
    } else if (strncmp(f->value.data, "done\t", 5) == 0) {
        refresh = 1;
    } else if ((tab = strchr(f->value.data, '\t')) != NULL) {
        count = strtoull(f->value.data, NULL, 10);
        err = bf_buf_puts(&f->cursor, tab + 1);
        if (f->o->progress && !err)
            bf_fetch_say(f->o->progress, f->o->lang, BF_FM_RESUMED, f->name);
    }
    /* One page per turn: ask for no more than the cap still allows (the
     * API's own page bounds permitting), read it, commit it with the
     * cursor that follows it. */
    while (!err && count < ls->limit) {
        n = ls->limit - count;
        if (n > ls->page_max)
            n = ls->page_max;
        if (n < ls->page_min)
            n = ls->page_min;
        bf_buf_reset(&f->url);
        err = ls->url(f, ls, f->cursor.data ? f->cursor.data : "", n, &f->url);
        if (!err)
            err = get(f);
        if (!err)
            err = page_info(f, ls, &items);
        if (!err)
            err = store_page(f, ls, (int64_t)count);
        if (err)
            break;
        count += items;
        /* The end: the service has no next page, the page was empty (a
         * cursor that leads nowhere), or the cap is reached. */
        last = refresh || items == 0 || !f->cursor.len || count >= ls->limit;
        /* The state value says where to start next time; a refreshed
         * list keeps its "done" value, so only the records commit. */
        bf_buf_reset(&f->value);
        if (refresh)
            err = commit_page(f, NULL);
        else if (last)
            err = bf_buf_appendf(&f->value, "done\t%llu",
                                 (unsigned long long)count);
        else
            err = bf_buf_appendf(&f->value, "%llu\t%s",
                                 (unsigned long long)count, f->cursor.data);
        if (!err && !refresh)
            err = commit_page(f, f->value.data);
        if (last)
            break;
    }
    if (err)
        bf_store_writer_abort(&f->w);
    return err;
}

/*
 * bsky_sample fetches the full profiles (with counters) of a uniform
 * random sample of the stored followers of the subject, in batches of 25,
 * the state remembering how many batches are done.
 */
static bf_err bsky_sample(fetcher *f)
{
    const bf_csr *g;
    uint32_t sid, *idx = NULL;
    uint64_t first, k, n, i, j;
    bf_account_row row;
    bf_buf spec;
    bf_err err;

    if (f->o->sample_followers == 0)
        return BF_OK;
    /* The state holds how many sampled accounts are stored already, or
     * "done": the sample is drawn once per store. */
    bf_buf_init(&spec, 4096);
    err = state_key(f, "sample");
    if (!err)
        err = bf_store_state_get(f->st, f->key.data, &f->value);
    if (err == BF_ENOTFOUND) {
        err = BF_OK;
        first = 0;
    } else if (err || strncmp(f->value.data, "done", 4) == 0) {
        goto out;
    } else {
        first = strtoull(f->value.data, NULL, 10);
    }
    /* The followers are read back from the store's graph rather than
     * kept from the pages: a resumed run did not see the early pages, and
     * the graph holds them all, deduplicated. */
    err = bf_buf_appendf(&spec, "bluesky:#%s", f->subject);
    if (!err)
        err = bf_store_resolve(f->st, spec.data, &sid);
    if (!err)
        err = bf_store_graph(f->st, &g);
    if (err)
        goto out;
    n = sid < g->n ? g->in_off[sid + 1] - g->in_off[sid] : 0;
    k = n < f->o->sample_followers ? n : f->o->sample_followers;
    idx = malloc((n ? n : 1) * sizeof *idx);
    if (!idx) {
        err = BF_ENOMEM;
        goto out;
    }
    /* The followers in ascending dense id, a fixed order, then shuffled
     * by a fixed seed: the same followers give the same sample. */
    for (i = 0; i < n; i++)
        idx[i] = g->in_adj[g->in_off[sid] + i];
    bf_fetch_sample(idx, (size_t)n, (size_t)k,
                    SAMPLE_SEED ^ bf_fnv1a(f->subject));
    /* Batches of 25 DIDs, the most getProfiles takes; each batch commits
     * with the count done, so a resumed run asks for the rest only. */
    for (i = first; !err && i < k; i += PROFILES_BATCH) {
        bf_buf_reset(&f->url);
        err = bf_buf_appendf(&f->url, "%s/xrpc/app.bsky.actor.getProfiles",
                             f->service);
        for (j = i; !err && j < i + PROFILES_BATCH && j < k; j++) {
            err = bf_store_account(f->st, idx[j], &row);
            if (err)
                break;
            err = bf_buf_puts(&f->url, j == i ? "?actors=" : "&actors=");
            if (!err)
                err = bf_fetch_url_escape(&f->url, row.a.native_id);
            bf_account_row_release(&row);
        }
        if (!err)
            err = get(f);
        if (!err)
            err = store_page(f, NULL, 0);
        bf_buf_reset(&f->value);
        if (!err)
            err = state_key(f, "sample");
        if (!err && i + PROFILES_BATCH >= k)
            err = bf_buf_appendf(&f->value, "done\t%llu",
                                 (unsigned long long)k);
        else if (!err)
            err = bf_buf_appendf(&f->value, "%llu",
                                 (unsigned long long)(i + PROFILES_BATCH));
        if (!err)
            err = commit_page(f, f->value.data);
    }
    if (!err && k == 0)
        err = bf_store_state_put(f->st, f->key.data, "done\t0");
out:
    if (err)
        bf_store_writer_abort(&f->w);
    free(idx);
    bf_buf_release(&spec);
    return err;
}

/* profile fetches the account itself (a new snapshot of its counters)
 * and sets f->subject to the id the other requests use. */
static bf_err profile(fetcher *f)
{
    bf_json root, v;
    bf_err err;

    bf_buf_reset(&f->url);
    switch (f->spec->platform) {
    case BF_FETCH_BSKY:
        err = bf_buf_appendf(&f->url,
                             "%s/xrpc/app.bsky.actor.getProfile"
                             "?actor=",
                             f->service);
        if (!err)
            err = bf_fetch_url_escape(&f->url, f->spec->user);
        break;
    case BF_FETCH_MASTODON:
        err = bf_buf_appendf(&f->url,
                             "%s/api/v1/accounts/lookup?acct=", f->service);
        if (!err)
            err = bf_fetch_url_escape(&f->url, f->spec->user);
        break;
    case BF_FETCH_INSTAGRAM:
        /* Business discovery: the token's own business account asks
         * for another one's public profile, by user name. */
        err = bf_buf_appendf(
                &f->url, "%s/" BF_FETCH_GRAPH_VERSION "/%s?fields=", f->service,
                f->o->ig_user);
        if (!err) {
            bf_buf fields;

            bf_buf_init(&fields, 1 << 12);
            err = bf_buf_appendf(&fields,
                                 "business_discovery.username(%s)"
                                 "{" IG_USER_FIELDS "}",
                                 f->spec->user);
            if (!err)
                err = bf_fetch_url_escape(&f->url, fields.data);
            bf_buf_release(&fields);
        }
        break;
    case BF_FETCH_FACEBOOK:
        err = bf_buf_appendf(&f->url, "%s/" BF_FETCH_GRAPH_VERSION "/",
                             f->service);
        if (!err)
            err = bf_fetch_url_escape(&f->url, f->spec->user);
        if (!err)
            err = bf_buf_puts(&f->url, "?fields=");
        if (!err)
            err = bf_fetch_url_escape(&f->url, FB_PAGE_FIELDS);
        break;
    case BF_FETCH_YOUTUBE:
        /* A handle keeps its '@' in forHandle; a channel id goes in id. */
        err = bf_buf_appendf(&f->url,
                             "%s/youtube/v3/channels?part=snippet,"
                             "statistics,contentDetails&%s=",
                             f->service,
                             f->spec->user[0] == '@' ? "forHandle" : "id");
        if (!err)
            err = bf_fetch_url_escape(&f->url, f->spec->user);
        break;
    default:
        err = bf_buf_appendf(&f->url, "%s/2/users/by/username/", f->service);
        if (!err)
            err = bf_fetch_url_escape(&f->url, f->spec->user);
        if (!err)
            err = bf_buf_puts(&f->url, "?user.fields=" X_USER_FIELDS);
        break;
    }
    /* A missing account is BF_ENOTFOUND from get (404, or Bluesky's 400
     * "Profile not found"); nothing is stored then. */
    if (!err)
        err = get(f);
    if (!err)
        err = parse_body(f, &root);
    if (err)
        return err;
    /* The id every later request names: a DID, an instance's account id,
     * an X user id.  An X lookup of an unknown name answers 200 with
     * only "errors". */
    err = get_string(&root,
                     f->spec->platform == BF_FETCH_BSKY       ? "/did"
                     : f->spec->platform == BF_FETCH_MASTODON ? "/id"
                     : f->spec->platform == BF_FETCH_YOUTUBE  ? "/items/0/id"
                     : f->spec->platform == BF_FETCH_INSTAGRAM
                             ? "/business_discovery/id"
                     : f->spec->platform == BF_FETCH_FACEBOOK ? "/id"
                                                              : "/data/id",
                     &f->value);
    if (err)
        return err;
    if (!f->value.len || f->value.len >= sizeof f->subject ||
        strspn(f->value.data, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRS"
                              "TUVWXYZ0123456789:._-") != f->value.len)
        return BF_ENOTFOUND;
    memcpy(f->subject, f->value.data, f->value.len + 1);
    /* A channel's uploads are a playlist named in its contentDetails;
     * YouTube derives it from the channel id (UC... -> UU...) when it is
     * not given. */
    if (f->spec->platform == BF_FETCH_YOUTUBE) {
        err = get_string(&root,
                         "/items/0/contentDetails/relatedPlaylists/"
                         "uploads",
                         &f->value);
        if (err)
            return err;
        if (!f->value.len && strncmp(f->subject, "UC", 2) == 0)
            snprintf(f->uploads, sizeof f->uploads, "UU%s", f->subject + 2);
        else if (f->value.len < sizeof f->uploads)
            memcpy(f->uploads, f->value.data, f->value.len + 1);
    }
    /* Mastodon follower pages will be wrapped with this Account as their
     * subject: a copy outlives the response buffer, reused by the next
     * request. */
    if (f->spec->platform == BF_FETCH_MASTODON) {
        bf_buf_reset(&f->subject_json);
        err = bf_buf_append(&f->subject_json, f->resp.body.data,
                            f->resp.body.len);
        if (err)
            return err;
    }
    (void)v;
    /* The profile commits alone, without state: it is fetched again on
     * every run, each time a new snapshot of the counters. */
    err = store_page(f, NULL, 0);
    if (!err)
        err = commit_page(f, NULL);
    return err;
}

/* service_of picks the base URL: the option, the environment, the
 * default; without a trailing '/'. */
static bf_err service_of(fetcher *f)
{
    static const char *const envs[] = {
        "BONAFIDE_BSKY_SERVICE",  "BONAFIDE_MASTODON_SERVICE",
        "BONAFIDE_X_SERVICE",     "BONAFIDE_YOUTUBE_SERVICE",
        "BONAFIDE_GRAPH_SERVICE", "BONAFIDE_GRAPH_SERVICE"
    };
    const char *s = f->o->service, *e = getenv(envs[f->spec->platform]);
    size_t n;

    if (!s && e && *e)
        s = e;
    if (s)
        n = (size_t)snprintf(f->service, sizeof f->service, "%s", s);
    else if (f->spec->platform == BF_FETCH_BSKY)
        n = (size_t)snprintf(f->service, sizeof f->service, "%s",
                             BF_FETCH_BSKY_SERVICE);
    else if (f->spec->platform == BF_FETCH_X)
        n = (size_t)snprintf(f->service, sizeof f->service, "%s",
                             BF_FETCH_X_SERVICE);
    else if (f->spec->platform == BF_FETCH_YOUTUBE)
        n = (size_t)snprintf(f->service, sizeof f->service, "%s",
                             BF_FETCH_YOUTUBE_SERVICE);
    else if (f->spec->platform == BF_FETCH_INSTAGRAM ||
             f->spec->platform == BF_FETCH_FACEBOOK)
        n = (size_t)snprintf(f->service, sizeof f->service, "%s",
                             BF_FETCH_GRAPH_SERVICE);
    else
        n = (size_t)snprintf(f->service, sizeof f->service, "https://%s",
                             f->spec->host);
    if (n >= sizeof f->service)
        return BF_EINVAL;
    while (n > 0 && f->service[n - 1] == '/')
        f->service[--n] = '\0';
    if (strncmp(f->service, "http://", 7) != 0 &&
        strncmp(f->service, "https://", 8) != 0)
        return BF_EINVAL;
    return BF_OK;
}

/* fb_insights stores the Page's lifetime fans by country and city. */
static bf_err fb_insights(fetcher *f)
{
    bf_err err;

    bf_buf_reset(&f->url);
    err = bf_buf_appendf(&f->url,
                         "%s/" BF_FETCH_GRAPH_VERSION "/%s/insights"
                         "?metric=page_fans_country,page_fans_city"
                         "&period=lifetime",
                         f->service, f->subject);
    if (!err)
        err = get(f);
    if (err == BF_ENET && f->refused)
        return BF_OK;
    if (!err)
        err = read_page(f, "", &f->resp.body, "", 0, NULL);
    if (!err)
        err = commit_page(f, NULL);
    return err;
}

/* run does the platform's steps in order. */
static bf_err run(fetcher *f)
{
    list_spec ls[3];
    size_t n = 0, i;
    int partial = 0;
    bf_err err;

    /* The lists of each platform, in the order they are collected: the
     * followers first (the audit's main input, and the sample's source),
     * then the accounts followed, then the posts.  The numbers are each
     * API's largest and smallest page. */
    memset(ls, 0, sizeof ls);
    switch (f->spec->platform) {
    case BF_FETCH_BSKY:
        ls[n++] = (list_spec){
            "followers",   f->o->max_followers,          100, 1, 1,
            bsky_list_url, "app.bsky.graph.getFollowers"
        };
        ls[n++] = (list_spec){
            "follows",     f->o->max_followers,        100, 1, 0,
            bsky_list_url, "app.bsky.graph.getFollows"
        };
        ls[n++] = (list_spec){ "posts",
                               f->o->posts,
                               100,
                               1,
                               0,
                               bsky_list_url,
                               "app.bsky.feed.getAuthorFeed" };
        break;
    case BF_FETCH_MASTODON:
        ls[n++] = (list_spec){ "followers", f->o->max_followers, 80,         1,
                               1,           masto_list_url,      "followers" };
        ls[n++] = (list_spec){ "following", f->o->max_followers, 80,         1,
                               0,           masto_list_url,      "following" };
        ls[n++] = (list_spec){ "posts", f->o->posts,    40,        1,
                               0,       masto_list_url, "statuses" };
        break;
    case BF_FETCH_INSTAGRAM:
        /* Business discovery gives the profile and the media with their
         * counts; no follower list (the API has none for others). */
        ls[n++] = (list_spec){ "posts",     f->o->posts,         100, 1, 0,
                               ig_list_url, "business_discovery" };
        break;
    case BF_FETCH_FACEBOOK:
        ls[n++] = (list_spec){ "posts", f->o->posts, 100,    1,
                               0,       fb_list_url, "posts" };
        break;
    case BF_FETCH_YOUTUBE:
        /* The API lists no channel's subscribers but one's own: the
         * uploads only, with their counts. */
        ls[n++] = (list_spec){ "posts",     f->o->posts,    50, 1, 0,
                               yt_list_url, "playlistItems" };
        break;
    default:
        ls[n++] = (list_spec){ "followers", f->o->max_followers, 1000,       1,
                               1,           x_list_url,          "followers" };
        ls[n++] = (list_spec){ "posts", f->o->posts, 100,     5,
                               0,       x_list_url,  "tweets" };
        break;
    }
    err = profile(f);
    for (i = 0; !err && i < n; i++) {
        err = run_list(f, &ls[i]);
        /* The sample needs the complete follower list first. */
        if (!err && i == 0 && f->spec->platform == BF_FETCH_BSKY)
            err = bsky_sample(f);
        /* A list the service refuses (an instance hiding its follower
         * lists, an X tier without that endpoint) was reported; the other
         * lists are still collected, and the run ends as failed. */
        if (err == BF_ENET && f->refused) {
            partial = 1;
            err = BF_OK;
        }
    }
    /* A Page's audience by country and city, when the token may read its
     * insights (a Page token with read_insights); a refusal is said and
     * the collection is complete without them. */
    if (!err && f->spec->platform == BF_FETCH_FACEBOOK)
        err = fb_insights(f);
    return !err && partial ? BF_ENET : err;
}

void bf_fetch_opts_init(bf_fetch_opts *o)
{
    const char *b = getenv("BONAFIDE_FETCH_BACKOFF_MS");

    memset(o, 0, sizeof *o);
    o->max_followers = 10000;
    o->sample_followers = 200;
    o->posts = 100;
    o->backoff_ms = b && *b ? strtoull(b, NULL, 10) : 500;
    o->lang = BF_LANG_EN;
}

const char *bf_fetch_secret(const char *name, char *buf, size_t cap)
{
    char file[64];
    const char *e = getenv(name), *path;
    FILE *f;
    size_t n;

    if (e && *e)
        return e;
    snprintf(file, sizeof file, "%s_FILE", name);
    path = getenv(file);
    if (!path || !*path || !(f = fopen(path, "r")))
        return NULL;
    if (!fgets(buf, (int)cap, f))
        buf[0] = '\0';
    fclose(f);
    n = strcspn(buf, "\r\n");
    buf[n] = '\0';
    return n ? buf : NULL;
}

bf_err bf_fetch_account(bf_store *st, const bf_fetch_spec *spec,
                        const bf_fetch_opts *o, bf_fetch_result *res)
{
    fetcher f;
    bf_http_opts ho;
    bf_err err;

    if (spec->platform == BF_FETCH_X && !(o->bearer && *o->bearer))
        return BF_EINVAL;
    if (spec->platform == BF_FETCH_YOUTUBE && !(o->api_key && *o->api_key))
        return BF_EINVAL;
    if ((spec->platform == BF_FETCH_INSTAGRAM ||
         spec->platform == BF_FETCH_FACEBOOK) &&
        !(o->graph_token && *o->graph_token))
        return BF_EINVAL;
    /* The asking account's id goes into a path: digits only. */
    if (spec->platform == BF_FETCH_INSTAGRAM &&
        !(o->ig_user && *o->ig_user &&
          strspn(o->ig_user, "0123456789") == strlen(o->ig_user) &&
          strlen(o->ig_user) < 32))
        return BF_EINVAL;
    memset(&f, 0, sizeof f);
    f.st = st;
    f.spec = spec;
    f.o = o;
    f.res = res;
    f.start = bf_time_mono();
    bf_http_resp_init(&f.resp);
    bf_buf_init(&f.subject_json, BF_HTTP_MAX_BODY);
    bf_buf_init(&f.url, 1 << 16);
    bf_buf_init(&f.key, 4096);
    bf_buf_init(&f.value, 1 << 16);
    bf_buf_init(&f.cursor, 1 << 16);
    bf_store_writer_init(&f.w, st, PAGE_BATCH);
    bf_ingest_opts_init(&f.io);
    f.more = bf_store_writer_more(&f.w);
    f.io.more = &f.more;
    /* One observation time for the whole run: one snapshot per run. */
    f.io.observed_at = o->observed_at ? o->observed_at : bf_time_now();
    f.format = spec->platform == BF_FETCH_MASTODON  ? BF_FMT_MASTODON
               : spec->platform == BF_FETCH_X       ? BF_FMT_TWITTER_V2
               : spec->platform == BF_FETCH_YOUTUBE ? BF_FMT_YOUTUBE_API
               : spec->platform == BF_FETCH_INSTAGRAM ||
                               spec->platform == BF_FETCH_FACEBOOK
                       ? BF_FMT_GRAPH_API
                       : BF_FMT_BLUESKY;
    snprintf(f.name, sizeof f.name, "%s:%s%s%s",
             spec->platform == BF_FETCH_BSKY        ? "bsky"
             : spec->platform == BF_FETCH_MASTODON  ? "mastodon"
             : spec->platform == BF_FETCH_YOUTUBE   ? "youtube"
             : spec->platform == BF_FETCH_INSTAGRAM ? "instagram"
             : spec->platform == BF_FETCH_FACEBOOK  ? "facebook"
                                                    : "x",
             spec->platform == BF_FETCH_MASTODON ? "@" : "", spec->user,
             spec->platform == BF_FETCH_MASTODON ? "@" : "");
    if (spec->platform == BF_FETCH_MASTODON)
        strncat(f.name, spec->host, sizeof f.name - strlen(f.name) - 1);
    err = service_of(&f);
    if (err)
        goto out;
    /* The token goes to the X client only: a Bluesky or Mastodon service
     * never sees it, whatever the environment holds. */
    memset(&ho, 0, sizeof ho);
    /* The Graph API takes its token as an OAuth bearer too. */
    ho.bearer = spec->platform == BF_FETCH_X ? o->bearer
                : spec->platform == BF_FETCH_INSTAGRAM ||
                                spec->platform == BF_FETCH_FACEBOOK
                        ? o->graph_token
                        : NULL;
    ho.api_key = spec->platform == BF_FETCH_YOUTUBE ? o->api_key : NULL;
    ho.backoff_ms = o->backoff_ms;
    ho.on_wait = on_wait;
    ho.ctx = &f;
    err = bf_http_new(&ho, &f.http);
    if (!err)
        err = bf_json_parser_new(BF_HTTP_MAX_BODY, &f.parser);
    if (!err)
        err = run(&f);
out:
    if (f.shown)
        fputc('\n', o->progress);
    bf_store_writer_abort(&f.w);
    bf_json_parser_free(f.parser);
    bf_http_free(f.http);
    bf_http_resp_release(&f.resp);
    bf_buf_release(&f.subject_json);
    bf_buf_release(&f.url);
    bf_buf_release(&f.key);
    bf_buf_release(&f.value);
    bf_buf_release(&f.cursor);
    return err;
}
