/*
 * twibot.c - the TwiBot-20 bot-detection benchmark (Feng et al., CIKM
 * 2021).
 *
 * A TwiBot-20 file is one JSON array of user records: {"ID": "17461978",
 * "profile": {a v1.1 user object whose every value is a string with a
 * trailing space: "followers_count": "15349596 ", "verified": "True "},
 * "tweet": [up to 200 texts] or null, "neighbor": {"following": [ids],
 * "follower": [ids]} or null, "domain": [...], "label": "0" or "1"}.  The
 * release writes the array on one line (or pretty-printed on many), so it
 * is not JSON lines: the reader loads the whole document (bf_input_slurp)
 * up to BF_INGEST_MAX_DOC (1 GiB, enough for the largest split of the full
 * release) and parses it once.  simdjson's iterate_many cannot stream it:
 * that reads concatenated documents, not the elements of one array.
 *
 * Each record gives an account (profile values trimmed; "True"/"False"
 * flags; "None" is absent; label "1" -> "bot", "0" -> "genuine"), one post
 * per tweet text, and follow edges: ID -> each "following" id, each
 * "follower" id -> ID.  Tweets have no ids or dates in the dataset, so each
 * post gets the synthetic id "<ID>-<index>", stable across re-ingests of
 * the same file; a text opening with "RT @" is a repost of an unknown
 * post.  Follow positions are unknown (-1): the dataset does not say in
 * which order its neighbour lists were collected.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "base/buf.h"
#include "base/time.h"
#include "ingest/ingest.h"
#include "ingest/json.h"
#include "ingest/json_fields.h"

_Static_assert(BF_INPUT_PADDING >= BF_JSON_PADDING,
               "bf_input_slurp must pad the document for the JSON parser");

/* The profile's text fields, each trimmed into its own buffer. */
enum text {
    T_ID,
    T_HANDLE,
    T_NAME,
    T_BIO,
    T_URL,
    T_LOCATION,
    T_LANG,
    T__COUNT
};

static const char *const text_keys[T__COUNT] = {
    [T_ID] = "id_str", [T_HANDLE] = "screen_name",
    [T_NAME] = "name", [T_BIO] = "description",
    [T_URL] = "url",   [T_LOCATION] = "location",
    [T_LANG] = "lang",
};

typedef struct reader {
    const bf_ingest_opts *opts;
    bf_sink *sink;
    bf_diags *diags;
    const char *platform;
    const char *file;
    size_t index;          /* the record's place in the array, from 0 */
    bf_buf text[T__COUNT]; /* trimmed profile strings */
    bf_buf fix;            /* the document repaired for invalid UTF-8 */
    int64_t now;           /* the latest plausible date, read once */
} reader;

static void report(reader *r, bf_diag_id id, const char *detail)
{
    char msg[160];

    /* The whole file is one line: the record's index says where. */
    snprintf(msg, sizeof msg, "record %zu: %s", r->index, detail ? detail : "");
    bf_diag(r->diags, id, r->file, 1, 0, msg);
}

/*
 * trimmed reads obj[key] as a string without surrounding blanks into buf
 * and returns it; NULL when absent, empty, "None" or not a string.
 */
static const char *trimmed(const bf_json *obj, const char *key, bf_buf *buf)
{
    bf_json v;
    const char *s;
    size_t n;

    bf_buf_reset(buf);
    if (bf_json_get(obj, key, &v) != BF_OK || bf_json_string(&v, &s, &n))
        return NULL;
    while (n > 0 && (*s == ' ' || *s == '\t')) {
        s++;
        n--;
    }
    while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t'))
        n--;
    if (n == 0 || (n == 4 && memcmp(s, "None", 4) == 0) ||
        bf_buf_append(buf, s, n) != BF_OK)
        return NULL;
    return buf->data;
}

/* count reads a stringified counter; -1 when absent, reported when bad. */
static int64_t count(reader *r, const bf_json *prof, const char *key)
{
    bf_buf tmp;
    const char *s;
    int64_t v = -1;

    bf_buf_init(&tmp, 64);
    s = trimmed(prof, key, &tmp);
    /* strtoll would clamp 2^63 and above to its maximum, silently. */
    if (s && bf_count_text(s, strlen(s), &v) != BF_OK) {
        report(r, BF_D_BAD_COUNT, key);
        v = -1;
    }
    bf_buf_release(&tmp);
    return v;
}

/* flag reads "True"/"False" (any case); -1 when absent or other. */
static int flag(const bf_json *prof, const char *key)
{
    bf_buf tmp;
    const char *s;
    int f = -1;

    bf_buf_init(&tmp, 64);
    s = trimmed(prof, key, &tmp);
    if (s && strcasecmp(s, "true") == 0)
        f = 1;
    else if (s && strcasecmp(s, "false") == 0)
        f = 0;
    bf_buf_release(&tmp);
    return f;
}

/* when reads a stringified date; 0 when absent, reported when bad. */
static int64_t when(reader *r, const bf_json *prof, const char *key)
{
    bf_buf tmp;
    const char *s;
    int64_t t = 0;

    bf_buf_init(&tmp, 256);
    s = trimmed(prof, key, &tmp);
    if (s &&
        (bf_time_parse(s, strlen(s), &t) || !bf_time_plausible(t, r->now))) {
        report(r, BF_D_BAD_DATE, key);
        t = 0;
    }
    bf_buf_release(&tmp);
    return t;
}

/* emit_account sends the record's profile as an account. */
static bf_err emit_account(reader *r, const bf_json *rec, const char *id)
{
    bf_json prof, lab;
    const char *s;
    bf_account a;

    if (!r->sink->account)
        return BF_OK;
    bf_account_clear(&a);
    a.platform = r->platform;
    a.native_id = id;
    a.observed_at = r->opts->observed_at;
    if (bf_json_get(rec, "profile", &prof) == BF_OK &&
        bf_json_type_of(&prof) == BF_JSON_OBJECT) {
        a.handle = trimmed(&prof, text_keys[T_HANDLE], &r->text[T_HANDLE]);
        a.name = trimmed(&prof, text_keys[T_NAME], &r->text[T_NAME]);
        a.bio = trimmed(&prof, text_keys[T_BIO], &r->text[T_BIO]);
        a.url = trimmed(&prof, text_keys[T_URL], &r->text[T_URL]);
        a.location =
                trimmed(&prof, text_keys[T_LOCATION], &r->text[T_LOCATION]);
        a.lang = trimmed(&prof, text_keys[T_LANG], &r->text[T_LANG]);
        a.created_at = when(r, &prof, "created_at");
        a.followers = count(r, &prof, "followers_count");
        a.following = count(r, &prof, "friends_count");
        a.posts = count(r, &prof, "statuses_count");
        a.likes = count(r, &prof, "favourites_count");
        a.lists = count(r, &prof, "listed_count");
        a.verified = flag(&prof, "verified");
        a.protected_ = flag(&prof, "protected");
        a.default_avatar = flag(&prof, "default_profile_image");
        a.default_profile = flag(&prof, "default_profile");
    }
    if (bf_json_get(rec, "label", &lab) == BF_OK && !bf_json_is_null(&lab)) {
        size_t n;
        char num[4];
        int64_t v;

        s = NULL;
        if (bf_json_string(&lab, &s, &n) != BF_OK &&
            bf_json_int64(&lab, &v) == BF_OK && v >= 0 && v <= 9) {
            snprintf(num, sizeof num, "%d", (int)v);
            s = num;
        }
        a.label = bf_label_parse(s);
        if (!a.label)
            report(r, BF_D_LABEL_UNKNOWN, "label not 0 or 1: left unset");
    }
    return r->sink->account(r->sink->ctx, &a);
}

/* emit_posts sends one post per text of the record's "tweet" list. */
static bf_err emit_posts(reader *r, const bf_json *rec, const char *id)
{
    char pid[BF_JSON_ID_MAX + 300];
    bf_json list, v;
    bf_json_iter it;
    const char *s;
    size_t n, i = 0;
    bf_post p;
    bf_err err;

    if (!r->sink->post ||
        !bf_json_get_typed(rec, "tweet", BF_JSON_ARRAY, &list) ||
        bf_json_iter_init(&list, &it) != BF_OK)
        return BF_OK;
    for (; bf_json_iter_next(&it, &v, NULL, NULL); i++) {
        if (bf_json_string(&v, &s, &n) != BF_OK)
            continue;
        snprintf(pid, sizeof pid, "%s-%zu", id, i);
        bf_post_clear(&p);
        p.platform = r->platform;
        p.native_id = pid;
        p.author_id = id;
        p.text = s;
        if (n >= 4 && memcmp(s, "RT @", 4) == 0)
            p.kind = BF_POST_REPOST;
        err = r->sink->post(r->sink->ctx, &p);
        if (err)
            return err;
    }
    return BF_OK;
}

/*
 * emit_edges sends the neighbour lists: out = 1 for "following" (id
 * follows them), 0 for "follower" (they follow id).
 */
static bf_err emit_edges(reader *r, const bf_json *nb, const char *key, int out,
                         const char *id)
{
    char tmp[BF_JSON_ID_MAX];
    bf_json list, v;
    bf_json_iter it;
    const char *other;
    size_t n, bad = 0;
    bf_follow f;
    bf_err err;

    if (!r->sink->follow || !bf_json_get_typed(nb, key, BF_JSON_ARRAY, &list) ||
        bf_json_iter_init(&list, &it) != BF_OK)
        return BF_OK;
    while (bf_json_iter_next(&it, &v, NULL, NULL)) {
        if (bf_json_id(&v, tmp, &other, &n) != BF_OK) {
            bad++;
            continue;
        }
        /* Some releases pad ids as they pad profile values. */
        while (n > 0 && other[n - 1] == ' ')
            n--;
        if (!bf_json_id_decimal(other, n)) {
            bad++;
            continue;
        }
        {
            char idbuf[BF_JSON_ID_MAX];

            memcpy(idbuf, other, n);
            idbuf[n] = '\0';
            f.platform = r->platform;
            f.follower = out ? id : idbuf;
            f.followee = out ? idbuf : id;
            f.observed_at = r->opts->observed_at;
            f.position = -1;
            err = r->sink->follow(r->sink->ctx, &f);
            if (err)
                return err;
        }
    }
    if (bad)
        report(r, BF_D_BAD_ID, key);
    return BF_OK;
}

/* handle_record emits one array element. */
static bf_err handle_record(reader *r, const bf_json *rec)
{
    bf_json nb;
    const char *id;
    bf_err err;

    if (bf_json_type_of(rec) != BF_JSON_OBJECT) {
        report(r, BF_D_JSON_SHAPE, "not an object");
        return BF_OK;
    }
    id = trimmed(rec, "ID", &r->text[T_ID]);
    if (!id) {
        bf_json prof;

        if (bf_json_get(rec, "profile", &prof) == BF_OK &&
            bf_json_type_of(&prof) == BF_JSON_OBJECT)
            id = trimmed(&prof, "id_str", &r->text[T_ID]);
    }
    if (!id) {
        report(r, BF_D_MISSING_FIELD, "ID");
        return BF_OK;
    }
    if (!bf_json_id_decimal(id, strlen(id))) {
        report(r, BF_D_BAD_ID, "ID");
        return BF_OK;
    }
    err = emit_account(r, rec, id);
    if (!err)
        err = emit_posts(r, rec, id);
    if (!err && bf_json_get(rec, "neighbor", &nb) == BF_OK &&
        bf_json_type_of(&nb) == BF_JSON_OBJECT) {
        err = emit_edges(r, &nb, "following", 1, id);
        if (!err)
            err = emit_edges(r, &nb, "follower", 0, id);
    }
    return err;
}

bf_err bf_read_twibot(bf_input *in, const bf_ingest_opts *opts, bf_sink *sink,
                      bf_diags *diags)
{
    reader r;
    bf_json_parser *parser = NULL;
    char *doc = NULL;
    size_t len, bad = 0;
    bf_json root, rec;
    bf_json_iter it;
    const char *msg;
    char why[64];
    bf_err err;
    int i;

    memset(&r, 0, sizeof r);
    r.now = bf_time_now();
    r.opts = opts;
    r.sink = sink;
    r.diags = diags;
    r.platform = opts->platform ? opts->platform : "twitter";
    r.file = bf_input_name(in);
    for (i = 0; i < T__COUNT; i++)
        bf_buf_init(&r.text[i], BF_INGEST_MAX_LINE);
    bf_buf_init(&r.fix, BF_INGEST_MAX_DOC + (BF_INGEST_MAX_DOC >> 1));
    err = bf_input_slurp(in, BF_INGEST_MAX_DOC, &doc, &len);
    if (err == BF_ELIMIT) {
        bf_diag(diags, BF_D_LINE_TOO_LONG, r.file, 0, 0,
                "a TwiBot-20 file is read whole, up to 1 GiB");
        err = BF_OK;
        goto out;
    }
    if (err)
        goto out;
    err = bf_json_parser_new(BF_INGEST_MAX_DOC + (BF_INGEST_MAX_DOC >> 1),
                             &parser);
    if (err)
        goto out;
    err = bf__json_line(parser, doc, len, &r.fix, &root, &bad);
    if (err) {
        bf_json_fault fault = bf_json_parser_fault(parser, &msg);

        if (err == BF_ENOMEM && fault == BF_JSON_FAULT_NONE)
            goto out;
        bf_diag(diags,
                fault == BF_JSON_FAULT_UTF8 ? BF_D_BAD_ENCODING
                : fault == BF_JSON_FAULT_SIZE || fault == BF_JSON_FAULT_MEMORY
                        ? BF_D_LINE_TOO_LONG
                        : BF_D_JSON_SYNTAX,
                r.file, 1, 0, msg);
        err = BF_OK;
        goto out;
    }
    if (bad) {
        snprintf(why, sizeof why, "%zu invalid UTF-8 sequences replaced", bad);
        bf_diag(diags, BF_D_UTF8_REPAIRED, r.file, 1, 0, why);
    }
    /* A single record outside an array is read too. */
    if (bf_json_type_of(&root) == BF_JSON_OBJECT) {
        err = handle_record(&r, &root);
        goto out;
    }
    if (bf_json_type_of(&root) != BF_JSON_ARRAY) {
        bf_diag(diags, BF_D_JSON_SHAPE, r.file, 1, 0, "not an array");
        goto out;
    }
    bf_json_iter_init(&root, &it);
    for (r.index = 0; bf_json_iter_next(&it, &rec, NULL, NULL); r.index++) {
        err = handle_record(&r, &rec);
        if (err)
            goto out;
    }
out:
    bf_json_parser_free(parser);
    free(doc);
    for (i = 0; i < T__COUNT; i++)
        bf_buf_release(&r.text[i]);
    bf_buf_release(&r.fix);
    return err;
}
