/*
 * instagram_csv.c - the Instagram fake/genuine account feature table.
 *
 * The widely shared Instagram fake-account dataset is a CSV of features,
 * not of profiles: header "profile pic,nums/length username,fullname
 * words,nums/length fullname,name==username,description length,external
 * URL,private,#posts,#followers,#follows,fake", one account per row, and
 * no id, handle or text.  Columns are found by header name; each row
 * becomes one bf_account on platform "instagram":
 *
 *   #posts, #followers, #follows -> posts, followers, following;
 *   private -> protected_; profile pic -> default_avatar = !profile pic;
 *   description length N > 0 -> a bio of N '*' (the text is not in the
 *   data; the placeholder keeps "has a bio" and its length right);
 *   fake 1/0 -> label "fake"/"genuine" (or --label-column's column).
 *
 * "external URL" says only whether a link exists, not which: url stays
 * NULL, so the model lacks "has a URL" for this source (documented in
 * docs/formats.md).  The name-shape columns have no field in the model.
 *
 * Rows have no ids, so each gets a synthetic one that is stable across
 * re-ingests of the same data, whatever the file is called or where it
 * lives: "ig-" + the 64-bit FNV-1a hash of the row's fields (hex) + "-" +
 * the row's ordinal among identical rows (a table may hold the same
 * feature vector twice; they are two accounts).  The ordinals need a
 * table of the hashes seen: 16 bytes per row, capped at BF_IG_MAX_ROWS.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ingest/csv.h"
#include "ingest/ingest.h"
#include "ingest/json_fields.h"

/* The most rows one file may have (the seen-hash table's cap). */
#define BF_IG_MAX_ROWS (1u << 24)

enum col {
    C_PIC,
    C_DESC,
    C_PRIVATE,
    C_POSTS,
    C_FOLLOWERS,
    C_FOLLOWS,
    C_FAKE,
    C_LABEL,
    C__COUNT
};

static const char *const col_names[C__COUNT] = {
    [C_PIC] = "profile pic",
    [C_DESC] = "description length",
    [C_PRIVATE] = "private",
    [C_POSTS] = "#posts",
    [C_FOLLOWERS] = "#followers",
    [C_FOLLOWS] = "#follows",
    [C_FAKE] = "fake",
    [C_LABEL] = NULL, /* --label-column */
};

/* One slot of the seen-hash table: a row hash and how often it came. */
typedef struct slot {
    uint64_t hash; /* 0 = empty (a real 0 hash is stored as 1) */
    uint64_t count;
} slot;

typedef struct reader {
    bf_csv_table t;
    int col[C__COUNT];
    const bf_ingest_opts *opts;
    slot *seen; /* open addressing, linear probing */
    size_t cap; /* slots, a power of two */
    size_t used;
    char bio[1001];
} reader;

static void report(reader *r, bf_diag_id id, const char *detail)
{
    bf__csv_table_report(&r->t, id, detail);
}

static const char *get(const reader *r, enum col c)
{
    return bf__csv_table_get(&r->t, c);
}

/* number reads a column as a number (the table writes 0.27, 1, 47); -1
 * when absent, reported when not a non-negative number. */
static double number(reader *r, enum col c)
{
    const char *s = get(r, c);
    char *end;
    double v;

    if (!s)
        return -1;
    v = strtod(s, &end);
    while (*end == ' ')
        end++;
    if (*end || !(v >= 0) || v > (double)BF_COUNT_MAX) {
        report(r, BF_D_BAD_COUNT, col_names[c]);
        return -1;
    }
    return v;
}

static int64_t count(reader *r, enum col c)
{
    double v = number(r, c);

    return v < 0 ? -1 : (int64_t)v;
}

static int flag(reader *r, enum col c)
{
    double v = number(r, c);

    return v < 0 ? -1 : v != 0;
}

/* fnv1a hashes the row's fields, each followed by a separator byte. */
static uint64_t row_hash(const reader *r)
{
    uint64_t h = 0xcbf29ce484222325ULL;
    size_t i, j;

    for (i = 0; i < r->t.csv.nfields; i++) {
        /* An absent field (an unquoted NULL) hashes as empty. */
        const char *f = r->t.csv.fields[i];
        size_t n = f ? r->t.csv.lens[i] : 0;

        for (j = 0; j < n; j++) {
            h ^= (unsigned char)f[j];
            h *= 0x100000001b3ULL;
        }
        h ^= 0x1F;
        h *= 0x100000001b3ULL;
    }
    return h ? h : 1;
}

/* ordinal is how many identical rows came before this one. */
static bf_err ordinal(reader *r, uint64_t h, uint64_t *out)
{
    size_t i;

    if (r->used * 2 >= r->cap) {
        size_t cap = r->cap ? r->cap * 2 : 1024, k;
        slot *s;

        if (r->used >= BF_IG_MAX_ROWS)
            return BF_ELIMIT;
        s = calloc(cap, sizeof *s);
        if (!s)
            return BF_ENOMEM;
        for (k = 0; k < r->cap; k++) {
            if (!r->seen[k].hash)
                continue;
            for (i = r->seen[k].hash & (cap - 1); s[i].hash;
                 i = (i + 1) & (cap - 1))
                ;
            s[i] = r->seen[k];
        }
        free(r->seen);
        r->seen = s;
        r->cap = cap;
    }
    for (i = h & (r->cap - 1); r->seen[i].hash && r->seen[i].hash != h;
         i = (i + 1) & (r->cap - 1))
        ;
    if (!r->seen[i].hash) {
        r->seen[i].hash = h;
        r->used++;
    }
    *out = r->seen[i].count++;
    return BF_OK;
}

/* label is the row's label: --label-column's, else the "fake" column. */
static const char *label(reader *r)
{
    const char *s;
    double v;

    if (r->opts->label_column) {
        s = get(r, C_LABEL);
        if (!s)
            return NULL;
        if (!bf_label_parse(s))
            report(r, BF_D_LABEL_UNKNOWN, NULL);
        return bf_label_parse(s);
    }
    if (r->col[C_FAKE] < 0 || !get(r, C_FAKE))
        return NULL;
    v = number(r, C_FAKE);
    if (v < 0)
        return NULL;
    return v != 0 ? "fake" : "genuine";
}

static bf_err emit(reader *r, bf_sink *sink)
{
    char id[48];
    uint64_t h = row_hash(r), nth;
    double desc;
    bf_account a;
    bf_err err;
    int pic;

    err = ordinal(r, h, &nth);
    if (err == BF_ELIMIT) {
        report(r, BF_D_LINE_TOO_LONG, "too many rows in one file");
        return BF_OK;
    }
    if (err)
        return err;
    snprintf(id, sizeof id, "ig-%016llx-%llu", (unsigned long long)h,
             (unsigned long long)nth);
    bf_account_clear(&a);
    a.platform = r->opts->platform ? r->opts->platform : "instagram";
    a.native_id = id;
    a.posts = count(r, C_POSTS);
    a.followers = count(r, C_FOLLOWERS);
    a.following = count(r, C_FOLLOWS);
    a.protected_ = flag(r, C_PRIVATE);
    pic = flag(r, C_PIC);
    a.default_avatar = pic < 0 ? -1 : !pic;
    desc = number(r, C_DESC);
    if (desc > 0) {
        size_t n = desc > 1000 ? 1000 : (size_t)desc;

        memset(r->bio, '*', n);
        r->bio[n] = '\0';
        a.bio = r->bio;
    } else if (desc == 0) {
        a.bio = "";
    }
    a.label = label(r);
    a.observed_at = r->opts->observed_at;
    return sink->account ? sink->account(sink->ctx, &a) : BF_OK;
}

bf_err bf_read_instagram_csv(bf_input *in, const bf_ingest_opts *opts,
                             bf_sink *sink, bf_diags *diags)
{
    reader r;
    bf_err err;

    memset(&r, 0, sizeof r);
    r.opts = opts;
    bf__csv_table_init(&r.t, in, opts, diags, col_names, r.col, C__COUNT,
                       C_LABEL);
    err = bf__csv_table_header(&r.t);
    if (!err && r.col[C_FOLLOWERS] < 0) {
        report(&r, BF_D_MISSING_FIELD,
               "no \"#followers\" column in the header");
        err = BF_ENOTFOUND;
    }
    while (!err && (err = bf__csv_table_next(&r.t)) == BF_OK)
        err = emit(&r, sink);
    if (err == BF_ENOTFOUND)
        err = BF_OK;
    free(r.seen);
    bf__csv_release(&r.t.csv);
    return err;
}
