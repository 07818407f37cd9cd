/*
 * mastodon.c - Mastodon API JSON and "Request your archive" exports.
 *
 * Two families of documents are read.  The REST API's entities: Account
 * and Status objects, alone or in arrays (timelines, follower pages),
 * search results {accounts, statuses} and thread contexts {ancestors,
 * descendants}.  And the archive export, which is ActivityPub: outbox.json
 * (an OrderedCollection of Create and Announce activities) and actor.json
 * (a Person).  Both map to the same ids, so an archive and API pages of
 * the same account meet in the store: an account is "user@domain" (its
 * WebFinger address, the one stable name across instances) and a post is
 * its ActivityPub id, the status "uri".
 *
 * A file may hold one document spread over many lines (a pretty-printed
 * API response, or an archive written on one line of megabytes) or JSON
 * lines; bf__json_docs (json_docs.c) splits it into documents.
 *
 * Privacy is decided here, before anything reaches the sink: only public
 * and unlisted posts are emitted.  A private (followers-only) or direct
 * status, or an activity not addressed to the Public collection, is
 * dropped and counted as a BF_D_PROTECTED_POST warning.  It is decided
 * post by post: a locked account (follow requests approved by hand)
 * still writes public posts, so no account is marked protected, which
 * would make the store drop all of them.  Content is HTML;
 * it is turned into text (tags removed, entities decoded) in a scratch
 * buffer that lives until the next record.
 */
#include <stdio.h>
#include <string.h>
#include <strings.h>

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

/* The most text one HTML field may turn into (bios, post content). */
#define TEXT_LIMIT (1u << 20)

/* The addressee that makes an ActivityPub object public. */
#define AS_PUBLIC "https://www.w3.org/ns/activitystreams#Public"

/* A multi-line document's buffer is given back above this size. */

typedef struct reader {
    bf_kit k;           /* options, sink, diagnostics, position (kit.h) */
    bf_kit_pages pages; /* follower positions across pages
                           ({"subject", "followers"}) */
    bf_buf text;        /* a post's content as text */
    bf_buf bio;         /* an account's note as text */
} reader;

/* ---- Diagnostics and small JSON helpers ---- */

/* ---- HTML to text ---- */

/* put_utf8 appends the code point c encoded as UTF-8. */
static void put_utf8(bf_buf *b, unsigned long c)
{
    char u[4];
    size_t n;

    if (c == 0 || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
        c = 0xFFFD;
    if (c < 0x80) {
        u[0] = (char)c;
        n = 1;
    } else if (c < 0x800) {
        u[0] = (char)(0xC0 | (c >> 6));
        u[1] = (char)(0x80 | (c & 0x3F));
        n = 2;
    } else if (c < 0x10000) {
        u[0] = (char)(0xE0 | (c >> 12));
        u[1] = (char)(0x80 | ((c >> 6) & 0x3F));
        u[2] = (char)(0x80 | (c & 0x3F));
        n = 3;
    } else {
        u[0] = (char)(0xF0 | (c >> 18));
        u[1] = (char)(0x80 | ((c >> 12) & 0x3F));
        u[2] = (char)(0x80 | ((c >> 6) & 0x3F));
        u[3] = (char)(0x80 | (c & 0x3F));
        n = 4;
    }
    (void)bf_buf_append(b, u, n);
}

/*
 * entity decodes the character reference starting at s ('&'); it appends
 * the character and returns the bytes consumed, or 0 when s is not a
 * reference it knows (the '&' is then kept as text).
 */
static size_t entity(bf_buf *b, const char *s)
{
    static const struct {
        const char *name;
        char c;
    } named[] = { { "amp;", '&' },  { "lt;", '<' },    { "gt;", '>' },
                  { "quot;", '"' }, { "apos;", '\'' }, { "nbsp;", ' ' } };

    unsigned long c = 0;
    size_t i, k;

    if (s[1] == '#') {
        int hex = s[2] == 'x' || s[2] == 'X';

        for (i = hex ? 3 : 2, k = 0; k < 8; i++, k++) {
            char d = s[i];

            if (d >= '0' && d <= '9')
                c = c * (hex ? 16 : 10) + (unsigned long)(d - '0');
            else if (hex && ((d | 0x20) >= 'a' && (d | 0x20) <= 'f'))
                c = c * 16 + (unsigned long)((d | 0x20) - 'a' + 10);
            else
                break;
        }
        if (k == 0 || s[i] != ';')
            return 0;
        put_utf8(b, c);
        return i + 1;
    }
    for (i = 0; i < sizeof named / sizeof named[0]; i++) {
        k = strlen(named[i].name);
        if (strncmp(s + 1, named[i].name, k) == 0) {
            (void)bf_buf_putc(b, named[i].c);
            return k + 1;
        }
    }
    return 0;
}

/* has_in is 1 when word occurs in the n bytes at s. */
static int has_in(const char *s, size_t n, const char *word)
{
    size_t k = strlen(word), i;

    for (i = 0; i + k <= n; i++)
        if (s[i] == word[0] && memcmp(s + i, word, k) == 0)
            return 1;
    return 0;
}

/* tag_is is 1 when the tag text t (after '<') names tag (case-blind). */
static int tag_is(const char *t, const char *tag)
{
    size_t k = strlen(tag);

    return strncasecmp(t, tag, k) == 0 &&
           (t[k] == '>' || t[k] == ' ' || t[k] == '/' || t[k] == '\t' ||
            t[k] == '\n');
}

/*
 * html_text turns Mastodon's sanitised HTML into text in b: tags are
 * removed, <br> becomes a newline and paragraphs a blank line, character
 * references are decoded.  Links that are not mentions or hashtags (whose
 * class names "mention") are counted into *io_links when it is not NULL.
 * Text beyond b's limit is dropped.  Returns b's text, NULL for NULL html.
 */
static const char *html_text(bf_buf *b, const char *html, int *io_links)
{
    const char *s = html;

    bf_buf_reset(b);
    if (!html)
        return NULL;
    while (*s) {
        if (*s == '<') {
            const char *end = strchr(s, '>');
            size_t n;

            if (!end)
                break;
            n = (size_t)(end - s);
            /* Line structure survives as newlines; every other tag goes. */
            if (tag_is(s + 1, "br"))
                (void)bf_buf_putc(b, '\n');
            else if (tag_is(s + 1, "/p") && end[1])
                (void)bf_buf_append(b, "\n\n", 2);
            else if (io_links && tag_is(s + 1, "a")) {
                /* A mention or hashtag anchor carries class="...mention". */
                if (!has_in(s, n, "mention") && has_in(s, n, "href"))
                    (*io_links)++;
            }
            s = end + 1;
            /* An '&' that starts no known reference is kept as text. */
        } else if (*s == '&') {
            size_t used = entity(b, s);

            if (!used) {
                (void)bf_buf_putc(b, '&');
                used = 1;
            }
            s += used;
        } else {
            /* Plain text is copied in runs, up to the next tag or reference. */
            const char *next = strpbrk(s, "<&");
            size_t n = next ? (size_t)(next - s) : strlen(s);

            if (bf_buf_append(b, s, n) != BF_OK)
                break;
            s += n;
        }
    }
    return b->data ? b->data : "";
}

/* ---- Ids ---- */

/*
 * host_of copies the host (with any port, lower-cased) of the URL u into
 * out (cap bytes).  0 when u is not an absolute URL.
 */
static int host_of(const char *u, char *out, size_t cap)
{
    const char *h, *e;
    size_t n, i;

    if (!u || !(h = strstr(u, "://")))
        return 0;
    h += 3;
    /* The host ends at the path, query or fragment; a port stays with it
     * (test instances run on localhost:3000). */
    e = h + strcspn(h, "/?#");
    n = (size_t)(e - h);
    if (n == 0 || n >= cap)
        return 0;
    for (i = 0; i < n; i++)
        out[i] = (char)((h[i] >= 'A' && h[i] <= 'Z') ? h[i] + 32 : h[i]);
    out[n] = '\0';
    return 1;
}

/*
 * make_addr writes "user@domain" into out (MAX_ID + 1 bytes), lower-casing
 * the domain; 0 when it does not fit or is not a valid id.
 */
static int make_addr(char *out, const char *user, size_t ulen,
                     const char *domain)
{
    int n;
    char *d;

    if (ulen == 0 || ulen > MAX_ID || !*domain)
        return 0;
    n = snprintf(out, MAX_ID + 1, "%.*s@%s", (int)ulen, user, domain);
    if (n < 0 || n > MAX_ID)
        return 0;
    /* Domains are case-blind; user names keep their case as written. */
    for (d = out + ulen + 1; *d; d++)
        if (*d >= 'A' && *d <= 'Z')
            *d = (char)(*d + 32);
    return bf_json_id_printable(out);
}

/*
 * api_account_id derives the native id of an API Account: acct when it
 * names a domain ("user@remote.example"), else acct (or username) at the
 * host of the account's url or uri, the instance it lives on.
 */
static int api_account_id(const bf_json *acc, char out[MAX_ID + 1])
{
    const char *acct = bf_json_get_str(acc, "acct"), *at;
    char host[MAX_ID + 1];

    if (!acct || !*acct)
        acct = bf_json_get_str(acc, "username");
    if (!acct || !*acct)
        return 0;
    /* A remote account's acct already names its home instance. */
    at = strchr(acct, '@');
    if (at && at != acct)
        return make_addr(out, acct, (size_t)(at - acct), at + 1);
    if (!host_of(bf_json_get_str(acc, "url"), host, sizeof host) &&
        !host_of(bf_json_get_str(acc, "uri"), host, sizeof host))
        return 0;
    return make_addr(out, acct, strlen(acct), host);
}

/*
 * actor_url_id maps an ActivityPub actor URL to "user@domain" when it has
 * Mastodon's shape (https://domain/users/user or https://domain/@user);
 * any other URL is kept as the id.  The archive's actor.json gives the
 * same id through preferredUsername, so posts and owner meet.
 */
static int actor_url_id(const char *u, char out[MAX_ID + 1])
{
    char host[MAX_ID + 1];
    const char *path, *user;
    size_t ulen;

    if (!u)
        return 0;
    if (host_of(u, host, sizeof host)) {
        path = strstr(u, "://") + 3;
        path += strcspn(path, "/?#");
        user = NULL;
        /* Mastodon's ActivityPub id, then its profile page. */
        if (strncmp(path, "/users/", 7) == 0)
            user = path + 7;
        else if (strncmp(path, "/@", 2) == 0)
            user = path + 2;
        if (user) {
            ulen = strcspn(user, "/?#");
            if (user[ulen] == '\0' && make_addr(out, user, ulen, host))
                return 1;
        }
    }
    /* Not Mastodon's shape: the URL itself is the best stable id. */
    if (strlen(u) > MAX_ID)
        return 0;
    strcpy(out, u);
    return bf_json_id_printable(out);
}

/* ---- Emitting records ---- */

/* emit_api_account sends an API Account; its id is written into id. */
static bf_err emit_api_account(reader *r, const bf_json *acc,
                               char id[MAX_ID + 1], const char *where,
                               size_t index)
{
    bf_account a;
    const char *avatar;
    uint64_t digest;
    size_t seen = bf_kit_diags_seen(&r->k);
    int same;
    bf_err err;

    /* Without a domain the id would clash across instances: reject. */
    if (!api_account_id(acc, id)) {
        bf_kit_report_at(&r->k, BF_D_MISSING_FIELD, where, index,
                         "account acct/url");
        return BF_ENOTFOUND;
    }
    if (!r->k.sink->account)
        return BF_OK;
    /* Each status of a timeline carries its author's Account. */
    err = bf_kit_same(&r->k, acc, id, &digest, &same);
    if (err || same)
        return err;
    bf_account_clear(&a);
    a.platform = r->k.platform;
    a.native_id = id;
    /* Strings point into the parsed document; they outlive the sink call. */
    a.handle = bf_json_get_str(acc, "acct");
    a.name = bf_json_get_str(acc, "display_name");
    a.created_at = bf_kit_date(&r->k, acc, "created_at");
    a.followers = bf_kit_count_as(&r->k, acc, "followers_count", 0);
    a.following = bf_kit_count_as(&r->k, acc, "following_count", 0);
    a.posts = bf_kit_count_as(&r->k, acc, "statuses_count", 0);
    /* locked means follow requests are approved by hand, not that posts
     * are private: each status has its own visibility, which emit_status
     * enforces.  A protected account's posts would all be dropped by the
     * store, public ones included, so no Mastodon account is protected. */
    a.protected_ = 0;
    a.automated = bf_json_get_flag(acc, "bot");
    /* Mastodon serves missing.png to accounts that never set a picture;
     * without an avatar field at all the flag stays unknown. */
    avatar = bf_json_get_str(acc, "avatar");
    if (avatar)
        a.default_avatar = strstr(avatar, "missing.png") != NULL;
    /* The note is HTML; the bio is text, kept in its own scratch buffer
     * because a post's text may be alive at the same time. */
    a.bio = html_text(&r->bio, bf_json_get_str(acc, "note"), NULL);
    a.url = bf_json_get_str(acc, "url");
    /* A Mastodon profile has no place field: unknown, not empty. */
    a.unknown = BF_ACC_U_LOCATION;
    a.observed_at = r->k.opts->observed_at;
    if (bf_kit_diags_seen(&r->k) == seen)
        a.digest = digest;
    return r->k.sink->account(r->k.sink->ctx, &a);
}

/* visible is 1 for the visibilities whose posts may be stored. */
static int visible(const char *visibility)
{
    return visibility && (strcmp(visibility, "public") == 0 ||
                          strcmp(visibility, "unlisted") == 0);
}

/*
 * emit_status sends an API Status: the reblogged status first (a real post
 * by another account), then the author, then the status itself.  A status
 * that is not public or unlisted is dropped with a warning.  Problems with
 * one status are reported; only a sink error is returned.
 */
static bf_err emit_status(reader *r, const bf_json *st, int depth,
                          const char *where, size_t index)
{
    char aid[MAX_ID + 1];
    bf_json acc, inner, quote, app;
    const char *vis = bf_json_get_str(st, "visibility");
    bf_post p;
    bf_err err;

    /* Privacy first: nothing of a non-public status goes further, not
     * even its author. */
    if (!visible(vis)) {
        bf_kit_report_at(&r->k, BF_D_PROTECTED_POST, where, index,
                         vis ? vis : "no visibility");
        return BF_OK;
    }
    bf_post_clear(&p);
    p.platform = r->k.platform;
    /* The uri is the ActivityPub id, global; url is a web page, used only
     * when a server leaves uri out. */
    p.native_id = bf_json_get_str(st, "uri");
    if (!p.native_id)
        p.native_id = bf_json_get_str(st, "url");
    if (!p.native_id) {
        bf_kit_report_at(&r->k, BF_D_MISSING_FIELD, where, index, "status uri");
        return BF_OK;
    }
    if (!bf_json_id_printable(p.native_id)) {
        bf_kit_report_at(&r->k, BF_D_BAD_ID, where, index, "status uri");
        return BF_OK;
    }
    if (!bf_json_get_typed(st, "account", BF_JSON_OBJECT, &acc)) {
        bf_kit_report_at(&r->k, BF_D_MISSING_FIELD, where, index,
                         "status account");
        return BF_OK;
    }
    /* A reblog wraps the boosted status; the wrapper is the boost itself.
     * The inner status goes first, so the parent is known before the
     * repost that names it (one level only: a reblog never nests). */
    if (bf_json_get_typed(st, "reblog", BF_JSON_OBJECT, &inner)) {
        if (depth == 0) {
            err = emit_status(r, &inner, 1, where, index);
            if (err)
                return err;
        }
        p.kind = BF_POST_REPOST;
        p.parent_id = bf_json_get_str(&inner, "uri");
    } else if (bf_json_get_typed(st, "quote", BF_JSON_OBJECT, &quote) &&
               bf_json_get_typed(&quote, "quoted_status", BF_JSON_OBJECT,
                                 &inner)) {
        p.kind = BF_POST_QUOTE;
        p.parent_id = bf_json_get_str(&inner, "uri");
    } else if (bf_json_get(st, "in_reply_to_id", &app) == BF_OK &&
               !bf_json_is_null(&app)) {
        /* The API names the parent by its id on this instance only; it is
         * not a global id, so the parent is left unknown. */
        p.kind = BF_POST_REPLY;
    }
    /* The author goes before the post, as a profile seen at this time. */
    err = emit_api_account(r, &acc, aid, where, index);
    if (err == BF_ENOTFOUND)
        return BF_OK;
    if (err || !r->k.sink->post)
        return err;
    p.author_id = aid;
    p.created_at = bf_kit_date(&r->k, st, "created_at");
    /* The entities are marked (anchors, tags, mentions): none is 0.
     * Links other than mentions and hashtags are counted while the HTML
     * is turned into text. */
    p.hashtags = p.mentions = p.urls = 0;
    p.text = html_text(&r->text, bf_json_get_str(st, "content"), &p.urls);
    p.likes = bf_kit_count_as(&r->k, st, "favourites_count", 0);
    p.reposts = bf_kit_count_as(&r->k, st, "reblogs_count", 0);
    p.replies = bf_kit_count_as(&r->k, st, "replies_count", 0);
    p.quotes = bf_kit_count_as(&r->k, st, "quotes_count", 0);
    p.hashtags = bf_json_get_size(st, "tags");
    p.mentions = bf_json_get_size(st, "mentions");
    /* Only the poster's own instance knows the client; others send null. */
    if (bf_json_get_typed(st, "application", BF_JSON_OBJECT, &app))
        p.source = bf_json_get_str(&app, "name");
    return r->k.sink->post(r->k.sink->ctx, &p);
}

/* addressed_to is 1 when the to or cc list (or string) v names target. */
static int addressed_to(const bf_json *obj, const char *key)
{
    bf_json v, e;
    bf_json_iter it;
    const char *s;
    size_t n;

    if (bf_json_get(obj, key, &v) != BF_OK)
        return 0;
    /* ActivityPub allows a single addressee as a plain string. */
    if (bf_json_string(&v, &s, &n) == BF_OK)
        return strcmp(s, AS_PUBLIC) == 0 || strcmp(s, "as:Public") == 0 ||
               strcmp(s, "Public") == 0;
    if (bf_json_iter_init(&v, &it))
        return 0;
    while (bf_json_iter_next(&it, &e, NULL, NULL))
        if (bf_json_string(&e, &s, &n) == BF_OK &&
            (strcmp(s, AS_PUBLIC) == 0 || strcmp(s, "as:Public") == 0 ||
             strcmp(s, "Public") == 0))
            return 1;
    return 0;
}

/* ap_public is 1 for a public (to) or unlisted (cc) ActivityPub object. */
static int ap_public(const bf_json *obj)
{
    return addressed_to(obj, "to") || addressed_to(obj, "cc");
}

/* has_addressing is 1 when obj has a to or cc member. */
static int has_addressing(const bf_json *obj)
{
    bf_json v;

    return bf_json_get(obj, "to", &v) == BF_OK ||
           bf_json_get(obj, "cc", &v) == BF_OK;
}

/* ap_ref is v as a reference: a string, or an object's id. */
static const char *ap_ref(const bf_json *obj, const char *key)
{
    bf_json v;
    const char *s;
    size_t n;

    if (bf_json_get(obj, key, &v) != BF_OK)
        return NULL;
    /* An embedded object is named by its id. */
    if (bf_json_type_of(&v) == BF_JSON_OBJECT)
        return bf_json_get_str(&v, "id");
    if (bf_json_string(&v, &s, &n) != BF_OK)
        return NULL;
    return s;
}

/* ap_total is obj[key].totalItems (likes, shares), or -1. */
static int64_t ap_total(reader *r, const bf_json *obj, const char *key)
{
    bf_json c;

    if (!bf_json_get_typed(obj, key, BF_JSON_OBJECT, &c))
        return -1;
    return bf_kit_count_as(&r->k, &c, "totalItems", 0);
}

/* ap_tags counts the Hashtag and Mention entries of a Note's tag list. */
static void ap_tags(const bf_json *note, bf_post *p)
{
    bf_json tags, t;
    bf_json_iter it;
    const char *type;

    if (!bf_json_get_typed(note, "tag", BF_JSON_ARRAY, &tags) ||
        bf_json_iter_init(&tags, &it))
        return;
    while (bf_json_iter_next(&it, &t, NULL, NULL)) {
        if (bf_json_type_of(&t) != BF_JSON_OBJECT ||
            !(type = bf_json_get_str(&t, "type")))
            continue;
        if (strcmp(type, "Hashtag") == 0)
            p->hashtags++;
        else if (strcmp(type, "Mention") == 0)
            p->mentions++;
    }
}

/*
 * emit_note sends an ActivityPub post object (Note, Question, Article,
 * Page); actor is the activity's actor, used when the object carries no
 * attributedTo.  addressing is the object whose to/cc decide visibility.
 */
static bf_err emit_note(reader *r, const bf_json *note, const char *actor,
                        const bf_json *addressing, const char *where,
                        size_t index)
{
    char aid[MAX_ID + 1];
    const char *by;
    bf_post p;

    /* The activity and its object carry the same addressing in Mastodon's
     * exports; when they differ, both must name Public, and an object
     * addressed nowhere is not public. */
    if (!(has_addressing(addressing) || has_addressing(note)) ||
        (has_addressing(addressing) && !ap_public(addressing)) ||
        (has_addressing(note) && !ap_public(note))) {
        bf_kit_report_at(&r->k, BF_D_PROTECTED_POST, where, index,
                         "not addressed to the public");
        return BF_OK;
    }
    bf_post_clear(&p);
    p.platform = r->k.platform;
    p.native_id = bf_json_get_str(note, "id");
    if (!p.native_id) {
        bf_kit_report_at(&r->k, BF_D_MISSING_FIELD, where, index, "object id");
        return BF_OK;
    }
    /* attributedTo names the author; an activity's actor stands in when a
     * server leaves it out. */
    by = ap_ref(note, "attributedTo");
    if (!by)
        by = actor;
    if (!bf_json_id_printable(p.native_id) || !actor_url_id(by, aid)) {
        bf_kit_report_at(&r->k, by ? BF_D_BAD_ID : BF_D_MISSING_FIELD, where,
                         index, by ? "object id or actor" : "attributedTo");
        return BF_OK;
    }
    if (!r->k.sink->post)
        return BF_OK;
    p.author_id = aid;
    p.created_at = bf_kit_date(&r->k, note, "published");
    /* The entities are marked (anchors, the tag list): none is 0. */
    p.hashtags = p.mentions = p.urls = 0;
    p.text = html_text(&r->text, bf_json_get_str(note, "content"), &p.urls);
    if ((p.parent_id = ap_ref(note, "quoteUri")) != NULL ||
        (p.parent_id = ap_ref(note, "quote")) != NULL)
        p.kind = BF_POST_QUOTE;
    else if ((p.parent_id = ap_ref(note, "inReplyTo")) != NULL)
        p.kind = BF_POST_REPLY;
    /* Exports leave counters out; other servers send totals. */
    p.likes = ap_total(r, note, "likes");
    p.reposts = ap_total(r, note, "shares");
    ap_tags(note, &p);
    return r->k.sink->post(r->k.sink->ctx, &p);
}

/* is_note_type is 1 for the object types that are posts. */
static int is_note_type(const char *t)
{
    return t && (strcmp(t, "Note") == 0 || strcmp(t, "Question") == 0 ||
                 strcmp(t, "Article") == 0 || strcmp(t, "Page") == 0);
}

/*
 * emit_activity sends a Create (its object, a post) or an Announce (a
 * boost: a repost whose parent is the boosted object).  Other activities
 * (Delete, Update, Like, ...) carry no post and are skipped silently.
 */
static bf_err emit_activity(reader *r, const bf_json *act, const char *where,
                            size_t index)
{
    const char *type = bf_json_get_str(act, "type");
    const char *actor = ap_ref(act, "actor");
    char aid[MAX_ID + 1];
    bf_json obj;
    bf_post p;
    bf_err err;

    /* A Create whose object is only a URI carries nothing to read. */
    if (type && strcmp(type, "Create") == 0) {
        if (!bf_json_get_typed(act, "object", BF_JSON_OBJECT, &obj) ||
            !is_note_type(bf_json_get_str(&obj, "type")))
            return BF_OK;
        return emit_note(r, &obj, actor, act, where, index);
    }
    if (!type || strcmp(type, "Announce") != 0)
        return BF_OK;
    /* A boost's own addressing decides: followers-only boosts exist. */
    if (!ap_public(act)) {
        bf_kit_report_at(&r->k, BF_D_PROTECTED_POST, where, index,
                         "boost not addressed to the public");
        return BF_OK;
    }
    /* An embedded boosted object is a real post by someone else. */
    if (bf_json_get_typed(act, "object", BF_JSON_OBJECT, &obj) &&
        is_note_type(bf_json_get_str(&obj, "type"))) {
        err = emit_note(r, &obj, NULL, &obj, where, index);
        if (err)
            return err;
    }
    bf_post_clear(&p);
    p.platform = r->k.platform;
    p.native_id = bf_json_get_str(act, "id");
    p.kind = BF_POST_REPOST;
    /* The boost's parent is the boosted object, named by its id. */
    p.parent_id = ap_ref(act, "object");
    if (!p.native_id || !actor) {
        bf_kit_report_at(&r->k, BF_D_MISSING_FIELD, where, index,
                         p.native_id ? "actor" : "activity id");
        return BF_OK;
    }
    if (!bf_json_id_printable(p.native_id) || !actor_url_id(actor, aid)) {
        bf_kit_report_at(&r->k, BF_D_BAD_ID, where, index,
                         "activity id or actor");
        return BF_OK;
    }
    if (!r->k.sink->post)
        return BF_OK;
    p.author_id = aid;
    p.created_at = bf_kit_date(&r->k, act, "published");
    return r->k.sink->post(r->k.sink->ctx, &p);
}

/* is_actor_type is 1 for the ActivityPub actor types. */
static int is_actor_type(const char *t)
{
    return t && (strcmp(t, "Person") == 0 || strcmp(t, "Service") == 0 ||
                 strcmp(t, "Application") == 0 || strcmp(t, "Group") == 0 ||
                 strcmp(t, "Organization") == 0);
}

/*
 * actor_automated is the API's bot flag read from an actor's type:
 * Mastodon publishes an account marked as automated as a Service (other
 * servers use Application too), a person as a Person.  A group or an
 * organisation says nothing either way: -1.
 */
static int actor_automated(const char *t)
{
    if (!t)
        return -1;
    if (strcmp(t, "Service") == 0 || strcmp(t, "Application") == 0)
        return 1;
    return strcmp(t, "Person") == 0 ? 0 : -1;
}

/* emit_actor sends an ActivityPub actor (the archive's actor.json). */
static bf_err emit_actor(reader *r, const bf_json *actor)
{
    char id[MAX_ID + 1], host[MAX_ID + 1];
    const char *url = bf_json_get_str(actor, "id");
    const char *user = bf_json_get_str(actor, "preferredUsername");
    bf_json icon;
    bf_account a;

    /* preferredUsername at the id's host gives the same id the outbox's
     * actor URL maps to; an actor without one keeps its URL. */
    if (!(user && host_of(url, host, sizeof host) &&
          make_addr(id, user, strlen(user), host)) &&
        !actor_url_id(url, id)) {
        bf_kit_report(&r->k, url ? BF_D_BAD_ID : BF_D_MISSING_FIELD,
                      "actor id");
        return BF_OK;
    }
    if (!r->k.sink->account)
        return BF_OK;
    bf_account_clear(&a);
    a.platform = r->k.platform;
    a.native_id = id;
    a.handle = user;
    a.name = bf_json_get_str(actor, "name");
    a.created_at = bf_kit_date(&r->k, actor, "published");
    /* The archive has no counters: they stay unknown.
     * manuallyApprovesFollowers is the API's locked: posts keep their own
     * addressing, so the account is not protected (emit_api_account). */
    a.protected_ = 0;
    /* Mastodon leaves icon out when the default picture is in use. */
    a.default_avatar = !(bf_json_get(actor, "icon", &icon) == BF_OK &&
                         !bf_json_is_null(&icon));
    a.bio = html_text(&r->bio, bf_json_get_str(actor, "summary"), NULL);
    a.url = bf_json_get_str(actor, "url");
    a.automated = actor_automated(bf_json_get_str(actor, "type"));
    a.unknown = BF_ACC_U_LOCATION;
    a.observed_at = r->k.opts->observed_at;
    return r->k.sink->account(r->k.sink->ctx, &a);
}

/* ---- Document shapes ---- */

/* is_account is 1 when an object looks like an API Account. */
static int is_account(const bf_json *o)
{
    bf_json v;

    return bf_json_get(o, "acct", &v) == BF_OK ||
           (bf_json_get(o, "username", &v) == BF_OK &&
            bf_json_get(o, "followers_count", &v) == BF_OK);
}

/* is_status is 1 when an object looks like an API Status. */
static int is_status(const bf_json *o)
{
    bf_json v;

    return bf_json_get(o, "account", &v) == BF_OK &&
           (bf_json_get(o, "content", &v) == BF_OK ||
            bf_json_get(o, "visibility", &v) == BF_OK);
}

/*
 * emit_list sends each element of an array of Accounts, Statuses or
 * activities; where names the array in diagnostics.
 */
static bf_err emit_list(reader *r, const bf_json *list, const char *where)
{
    char id[MAX_ID + 1];
    bf_json_iter it;
    bf_json e;
    size_t i = 0;
    bf_err err = BF_OK;

    if (bf_json_iter_init(list, &it))
        return BF_OK;
    for (; bf_json_iter_next(&it, &e, NULL, NULL); i++) {
        const char *type;

        /* Shapes are told apart by their keys, element by element, since a
         * search or a timeline may mix them. */
        if (bf_json_type_of(&e) == BF_JSON_STRING)
            continue; /* likes.json, bookmarks.json: bare object URIs */
        if (bf_json_type_of(&e) != BF_JSON_OBJECT) {
            bf_kit_report_at(&r->k, BF_D_JSON_SHAPE, where, i, "not an object");
            continue;
        }
        /* Statuses before accounts: a status has an account inside it. */
        type = bf_json_get_str(&e, "type");
        if (is_status(&e))
            err = emit_status(r, &e, 0, where, i);
        else if (is_account(&e)) {
            err = emit_api_account(r, &e, id, where, i);
            if (err == BF_ENOTFOUND)
                err = BF_OK;
        } else if (type && bf_json_get_str(&e, "id"))
            err = emit_activity(r, &e, where, i);
        else
            bf_kit_report_at(&r->k, BF_D_JSON_SHAPE, where, i,
                             "neither an account, a status nor an activity");
        if (err)
            return err;
    }
    return BF_OK;
}

/*
 * emit_page sends {"subject": Account, "followers"|"following": [...]},
 * the wrapper collection code writes around API follower pages (the API
 * response alone does not say whose followers they are).  Followers are
 * newest first, so a follower's position is its index, continued across
 * consecutive pages of the same subject in one file.
 */
static bf_err emit_page(reader *r, const bf_json *subject, const bf_json *list,
                        int followers)
{
    char sid[MAX_ID + 1], id[MAX_ID + 1];
    const char *where = followers ? "followers" : "following";
    bf_json_iter it;
    bf_json e;
    size_t i = 0;
    bf_err err;

    err = emit_api_account(r, subject, sid, "subject", 0);
    if (err == BF_ENOTFOUND)
        return emit_list(r, list, where);
    if (err)
        return err;
    if (followers)
        bf_kit_pages_subject(&r->pages, sid);
    if (bf_json_iter_init(list, &it))
        return BF_OK;
    for (; bf_json_iter_next(&it, &e, NULL, NULL); i++) {
        if (bf_json_type_of(&e) != BF_JSON_OBJECT) {
            bf_kit_report_at(&r->k, BF_D_JSON_SHAPE, where, i,
                             "not an account");
            continue;
        }
        err = emit_api_account(r, &e, id, where, i);
        if (err == BF_ENOTFOUND)
            continue;
        if (err)
            return err;
        err = bf_kit_page_follow(&r->k, &r->pages, sid, id, followers, where,
                                 i);
        if (err)
            return err;
    }
    return BF_OK;
}

/* handle_root dispatches on the shape of one document of the file. */
static bf_err handle_root(void *ctx, const bf_json *root, uint64_t line,
                          uint64_t offset)
{
    static const char *const lists[] = { "orderedItems", "items",
                                         "statuses",     "accounts",
                                         "ancestors",    "descendants" };
    reader *r = ctx;
    char id[MAX_ID + 1];
    bf_json v, subject;
    const char *type;
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
    type = bf_json_get_str(root, "type");
    /* The most specific shapes first: pages, then lists, then single
     * entities, then archive documents. */
    if (bf_json_get_typed(root, "subject", BF_JSON_OBJECT, &subject)) {
        if (bf_json_get_typed(root, "followers", BF_JSON_ARRAY, &v))
            return emit_page(r, &subject, &v, 1);
        if (bf_json_get_typed(root, "following", BF_JSON_ARRAY, &v))
            return emit_page(r, &subject, &v, 0);
    }
    /* A document may hold several lists (search: accounts and statuses). */
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
    if (is_status(root))
        return emit_status(r, root, 0, NULL, 0);
    if (is_account(root)) {
        err = emit_api_account(r, root, id, NULL, 0);
        return err == BF_ENOTFOUND ? BF_OK : err;
    }
    /* ActivityPub documents carry a type; API entities do not. */
    if (is_actor_type(type))
        return emit_actor(r, root);
    if (is_note_type(type))
        return emit_note(r, root, NULL, root, NULL, 0);
    if (type && bf_json_get_str(root, "id"))
        return emit_activity(r, root, NULL, 0);
    /* A collection without items (first page elsewhere) holds nothing. */
    /* An empty page or a collection whose items live elsewhere. */
    if (type && strstr(type, "Collection"))
        return BF_OK;
    bf_kit_report(&r->k, BF_D_JSON_SHAPE,
                  "not a Mastodon account, status or archive");
    return BF_OK;
}

/* ---- The reader ---- */

bf_err bf_read_mastodon(bf_input *in, const bf_ingest_opts *opts, bf_sink *sink,
                        bf_diags *diags)
{
    reader r;
    bf_err err;

    memset(&r, 0, sizeof r);
    bf_kit_init(&r.k, opts, sink, diags, "mastodon");
    bf_buf_init(&r.text, TEXT_LIMIT);
    bf_buf_init(&r.bio, TEXT_LIMIT);
    err = bf_kit_json_docs(&r.k, in, handle_root, &r);
    bf_kit_release(&r.k);
    bf_buf_release(&r.text);
    bf_buf_release(&r.bio);
    return err;
}
