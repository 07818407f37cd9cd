/*
 * twitter_csv.c - account tables in the Twitter v1.1 user-object layout.
 *
 * Research datasets (Cresci 2015's users.csv, many Kaggle exports) store
 * Twitter user objects as CSV, one column per field of the v1.1 API's user
 * object.  Columns are found by their header names, so their order and any
 * extra columns do not matter; only "id" is required.  Each row becomes one
 * bf_account.
 *
 * Value conventions of these exports: an empty field or an unquoted NULL is
 * absent; booleans are "1"/"true" or empty (a database's false); counters
 * are decimal; created_at is in Twitter's format (or, in one file of the
 * Cresci 2017 release, Java milliseconds since 1970 such as
 * "1183552203000L").  The profile's observation time is "crawled_at" when
 * the table has it (Cresci 2017: its "updated" is a later database time),
 * else "updated" (Cresci 2015: the crawl time).  A flag written as an
 * unquoted NULL is unknown, not false.
 *
 * With --label-column NAME, the column NAME gives each account's ground
 * truth label through bf_label_parse (human/genuine/0, bot/1, fake); a
 * value it does not know is a warning and leaves the label unset.  A row
 * whose bytes are not valid UTF-8 is kept: each field is repaired (every
 * invalid sequence becomes U+FFFD) into one arena sized for the worst case
 * before the first copy, so the field pointers never move, and a warning
 * counts the replacements.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "base/time.h"
#include "ingest/csv.h"
#include "ingest/ingest.h"
#include "ingest/json_fields.h"

enum col {
    C_ID,
    C_SCREEN_NAME,
    C_NAME,
    C_STATUSES,
    C_FOLLOWERS,
    C_FRIENDS,
    C_FAVOURITES,
    C_LISTED,
    C_CREATED,
    C_URL,
    C_LANG,
    C_LOCATION,
    C_DEFAULT_PROFILE,
    C_DEFAULT_IMAGE,
    C_PROTECTED,
    C_VERIFIED,
    C_DESCRIPTION,
    C_UPDATED,
    C_CRAWLED,
    C_LABEL,
    C__COUNT
};

static const char *const col_names[C__COUNT] = {
    [C_ID] = "id",
    [C_SCREEN_NAME] = "screen_name",
    [C_NAME] = "name",
    [C_STATUSES] = "statuses_count",
    [C_FOLLOWERS] = "followers_count",
    [C_FRIENDS] = "friends_count",
    [C_FAVOURITES] = "favourites_count",
    [C_LISTED] = "listed_count",
    [C_CREATED] = "created_at",
    [C_URL] = "url",
    [C_LANG] = "lang",
    [C_LOCATION] = "location",
    [C_DEFAULT_PROFILE] = "default_profile",
    [C_DEFAULT_IMAGE] = "default_profile_image",
    [C_PROTECTED] = "protected",
    [C_VERIFIED] = "verified",
    [C_DESCRIPTION] = "description",
    [C_UPDATED] = "updated",
    [C_CRAWLED] = "crawled_at",
    [C_LABEL] = NULL, /* --label-column */
};

typedef struct reader {
    bf_csv_table t;
    int col[C__COUNT]; /* field index of each column, -1 when absent */
    bf_buf fix;        /* repaired fields of the current row */
    int64_t now;       /* the latest plausible date, read once */
} reader;

static const char *get(const reader *r, enum col c)
{
    return bf__csv_table_get(&r->t, c);
}

static int64_t count(reader *r, enum col c)
{
    const char *s = get(r, c);
    int64_t v;

    if (!s)
        return -1;
    /* strtoll would clamp 2^63 and above to its maximum, silently. */
    if (bf_count_text(s, strlen(s), &v) != BF_OK) {
        bf__csv_table_report(&r->t, BF_D_BAD_COUNT, col_names[c]);
        return -1;
    }
    return v;
}

static int flag(const reader *r, enum col c)
{
    const char *s;

    if (bf__csv_table_unknown(&r->t, c))
        return -1; /* no such column, or an unquoted NULL */
    s = get(r, c);
    if (!s)
        return 0;
    return strcmp(s, "1") == 0 || strcasecmp(s, "true") == 0;
}

/*
 * unknown is 1 when the table says nothing of column c: it has no such
 * column, or the row writes it as an unquoted NULL.  An empty field is a
 * known empty value.
 */
static int unknown(const reader *r, enum col c)
{
    return bf__csv_table_unknown(&r->t, c);
}

/*
 * millis reads Java milliseconds since 1970 with an optional 'L' suffix
 * (12 or 13 digits: 1973 to 2286) into whole seconds; -1 when s is not.
 */
static int millis(const char *s, int64_t *out)
{
    size_t n = strlen(s), i;
    int64_t v = 0;

    if (n > 0 && (s[n - 1] == 'L' || s[n - 1] == 'l'))
        n--;
    if (n < 12 || n > 13)
        return -1;
    for (i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return -1;
        v = v * 10 + (s[i] - '0');
    }
    *out = v / 1000;
    return 0;
}

static int64_t when(reader *r, enum col c)
{
    const char *s = get(r, c);
    int64_t t;

    if (!s)
        return 0;
    if (millis(s, &t) == 0 && bf_time_plausible(t, r->now))
        return t;
    if (bf_time_parse(s, strlen(s), &t) || !bf_time_plausible(t, r->now)) {
        bf__csv_table_report(&r->t, BF_D_BAD_DATE, col_names[c]);
        return 0;
    }
    return t;
}

/* valid_id: Twitter ids are decimal; other tables may use handles. */
static int valid_id(const char *s)
{
    size_t n = strlen(s), i;

    if (n == 0 || n > 256)
        return 0;
    for (i = 0; i < n; i++)
        if ((unsigned char)s[i] <= ' ')
            return 0;
    return 1;
}

/* id_str serves when the header has no plain "id". */
static void id_str(reader *r)
{
    size_t i;

    for (i = 0; r->col[C_ID] < 0 && i < r->t.csv.nfields; i++)
        if (r->t.csv.fields[i] && strcasecmp(r->t.csv.fields[i], "id_str") == 0)
            r->col[C_ID] = (int)i;
}

static bf_err emit(reader *r, const bf_ingest_opts *opts, bf_sink *sink)
{
    bf_account a;
    const char *id = get(r, C_ID);
    int64_t updated;

    if (!id) {
        bf__csv_table_report(&r->t, BF_D_MISSING_FIELD, "id");
        return BF_OK;
    }
    if (!valid_id(id)) {
        bf__csv_table_report(&r->t, BF_D_BAD_ID, NULL);
        return BF_OK;
    }
    bf_account_clear(&a);
    a.platform = opts->platform ? opts->platform : "twitter";
    a.native_id = id;
    a.handle = get(r, C_SCREEN_NAME);
    if (a.handle && a.handle[0] == '@')
        a.handle++;
    a.name = get(r, C_NAME);
    a.posts = count(r, C_STATUSES);
    a.followers = count(r, C_FOLLOWERS);
    a.following = count(r, C_FRIENDS);
    a.likes = count(r, C_FAVOURITES);
    a.lists = count(r, C_LISTED);
    a.created_at = when(r, C_CREATED);
    a.url = get(r, C_URL);
    a.lang = get(r, C_LANG);
    a.location = get(r, C_LOCATION);
    a.default_profile = flag(r, C_DEFAULT_PROFILE);
    a.default_avatar = flag(r, C_DEFAULT_IMAGE);
    a.protected_ = flag(r, C_PROTECTED);
    a.verified = flag(r, C_VERIFIED);
    a.bio = get(r, C_DESCRIPTION);
    a.unknown = (unknown(r, C_SCREEN_NAME) ? BF_ACC_U_HANDLE : 0) |
                (unknown(r, C_NAME) ? BF_ACC_U_NAME : 0) |
                (unknown(r, C_DESCRIPTION) ? BF_ACC_U_BIO : 0) |
                (unknown(r, C_URL) ? BF_ACC_U_URL : 0) |
                (unknown(r, C_LOCATION) ? BF_ACC_U_LOCATION : 0);
    if (r->col[C_LABEL] >= 0 && get(r, C_LABEL)) {
        a.label = bf_label_parse(get(r, C_LABEL));
        if (!a.label)
            bf__csv_table_report(&r->t, BF_D_LABEL_UNKNOWN, NULL);
    }
    updated = when(r, C_CRAWLED);
    if (!updated)
        updated = when(r, C_UPDATED);
    a.observed_at = updated ? updated : opts->observed_at;
    return sink->account ? sink->account(sink->ctx, &a) : BF_OK;
}

/*
 * repair makes every field of the row valid UTF-8, copying the ones that
 * are not into r->fix; BF_OK also when there was nothing to do.
 */
static bf_err repair(reader *r)
{
    size_t i, bad = 0, need = 0;
    char msg[64];
    bf_err err;

    for (i = 0; i < r->t.csv.nfields; i++) {
        if (r->t.csv.fields[i] &&
            !bf__utf8_valid(r->t.csv.fields[i], r->t.csv.lens[i]))
            break;
        need += r->t.csv.lens[i];
    }
    if (i == r->t.csv.nfields)
        return BF_OK;
    for (; i < r->t.csv.nfields; i++)
        need += r->t.csv.lens[i];
    /* Each bad byte becomes at most three: reserve once, so no field
     * pointer into the arena moves while the others are copied. */
    bf_buf_reset(&r->fix);
    err = bf_buf_reserve(&r->fix, 3 * need + r->t.csv.nfields + 1);
    if (err)
        return err;
    for (i = 0; i < r->t.csv.nfields; i++) {
        size_t start = r->fix.len;

        if (!r->t.csv.fields[i] ||
            bf__utf8_valid(r->t.csv.fields[i], r->t.csv.lens[i]))
            continue;
        err = bf__utf8_repair(r->t.csv.fields[i], r->t.csv.lens[i], &r->fix,
                              &bad);
        if (!err)
            err = bf_buf_putc(&r->fix, '\0');
        if (err)
            return err;
        r->t.csv.fields[i] = r->fix.data + start;
        r->t.csv.lens[i] = r->fix.len - start - 1;
    }
    snprintf(msg, sizeof msg, "%zu sequences", bad);
    bf__csv_table_report(&r->t, BF_D_UTF8_REPAIRED, msg);
    return BF_OK;
}

bf_err bf_read_twitter_csv(bf_input *in, const bf_ingest_opts *opts,
                           bf_sink *sink, bf_diags *diags)
{
    reader r;
    bf_err err;

    memset(&r, 0, sizeof r);
    r.now = bf_time_now();
    bf_buf_init(&r.fix, 4 * (size_t)BF_INGEST_MAX_LINE);
    bf__csv_table_init(&r.t, in, opts, diags, col_names, r.col, C__COUNT,
                       C_LABEL);
    err = bf__csv_table_header(&r.t);
    if (!err) {
        id_str(&r);
        if (r.col[C_ID] < 0) {
            bf__csv_table_report(&r.t, BF_D_MISSING_FIELD,
                                 "no \"id\" column in the header");
            err = BF_ENOTFOUND;
        }
    }
    while (!err && (err = bf__csv_table_next(&r.t)) == BF_OK) {
        err = repair(&r);
        if (err == BF_ELIMIT) {
            bf__csv_table_report(&r.t, BF_D_LINE_TOO_LONG, NULL);
            err = BF_OK;
            continue;
        }
        if (!err)
            err = emit(&r, opts, sink);
    }
    if (err == BF_ENOTFOUND)
        err = BF_OK;
    bf_buf_release(&r.fix);
    bf__csv_release(&r.t.csv);
    return err;
}
