/*
 * caverlee.c - the "social honeypot" set of Lee, Eoff and Caverlee 2011.
 *
 * "Seven Months with the Devils" (ICWSM 2011) released the accounts that
 * followed or messaged their honeypots as two tab-separated files without
 * a header (content_polluters.txt, legitimate_users.txt), one account a
 * line in eight fields: UserID, CreatedAt, CollectedAt,
 * NumberOfFollowings, NumberOfFollowers, NumberOfTweets,
 * LengthOfScreenName, LengthOfDescriptionInUserProfile.  Dates are
 * "YYYY-MM-DD HH:MM:SS".
 *
 * Each line becomes one bf_account on platform "twitter": the id, the
 * creation date, the three counters, and CollectedAt as observed_at (so
 * the account's age is the age it had when it was collected).  Everything
 * else is not in the files at all, which is not the same as empty: the
 * handle, name, biography, URL and location are marked unknown
 * (bf_account.unknown), and likes, lists and every flag stay -1.  The two
 * lengths are checked as numbers but not kept: the canonical record has
 * no place for the length of a text it does not hold.  The files carry no
 * label column: each file is one class, given with --label.
 *
 * A line with the wrong number of fields or a bad id is reported and
 * skipped; a date or number that does not read is reported and left
 * unknown.  Reading goes on.
 */
#include <stdlib.h>
#include <string.h>

#include "base/time.h"
#include "ingest/ingest.h"

/* The fields of a line. */
enum {
    F_ID,
    F_CREATED,
    F_COLLECTED,
    F_FOLLOWING,
    F_FOLLOWERS,
    F_POSTS,
    F_HANDLE_LEN,
    F_BIO_LEN,
    F__COUNT
};

/* split cuts line (n bytes) at tabs into f/flen; returns the field count. */
static size_t split(const char *line, size_t n, const char *f[F__COUNT],
                    size_t flen[F__COUNT])
{
    size_t k = 0, start = 0, i;

    /* A Windows line end is not part of the last field. */
    if (n > 0 && line[n - 1] == '\r')
        n--;
    for (i = 0; i <= n; i++) {
        if (i < n && line[i] != '\t')
            continue;
        if (k == F__COUNT)
            return F__COUNT + 1;
        f[k] = line + start;
        flen[k] = i - start;
        k++;
        start = i + 1;
    }
    return k;
}

/* number reads a decimal count of n bytes into *out; -1 when it is not. */
static int number(const char *s, size_t n, int64_t *out)
{
    int64_t v = 0;
    size_t i;

    if (n == 0 || n > 15)
        return -1;
    for (i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return -1;
        v = v * 10 + (s[i] - '0');
    }
    *out = v;
    return 0;
}

/* date reads "YYYY-MM-DD HH:MM:SS" (or another form of bf_time_parse). */
static int date(const char *s, size_t n, int64_t *out)
{
    return n == 0 || bf_time_parse(s, n, out) != BF_OK ? -1 : 0;
}

int bf__caverlee_line(const char *line, size_t n)
{
    const char *f[F__COUNT];
    size_t len[F__COUNT], i;
    int64_t v;

    if (split(line, n, f, len) != F__COUNT)
        return 0;
    for (i = 0; i < F__COUNT; i++) {
        if (i == F_CREATED || i == F_COLLECTED) {
            /* The dates are written with a space, not an ISO 'T'. */
            if (len[i] != 19 || f[i][4] != '-' || f[i][10] != ' ' ||
                date(f[i], len[i], &v))
                return 0;
        } else if (number(f[i], len[i], &v)) {
            return 0;
        }
    }
    return 1;
}

bf_err bf_read_caverlee(bf_input *in, const bf_ingest_opts *opts, bf_sink *sink,
                        bf_diags *diags)
{
    const char *name = bf_input_name(in);
    bf_err err = BF_OK;

    for (;;) {
        const char *line, *f[F__COUNT];
        size_t n, len[F__COUNT], k, i;
        int64_t v[F__COUNT];
        char id[32];
        bf_account a;

        err = bf_input_line(in, &line, &n);
        if (err == BF_ENOTFOUND) {
            err = BF_OK;
            break;
        }
        if (err == BF_ELIMIT) {
            bf_diag(diags, BF_D_LINE_TOO_LONG, name, bf_input_lineno(in),
                    bf_input_offset(in), NULL);
            continue;
        }
        if (err)
            break;
        k = split(line, n, f, len);
        if (k == 1 && len[0] == 0)
            continue; /* a blank line */
        if (k != F__COUNT) {
            bf_diag(diags, BF_D_CSV_FIELDS, name, bf_input_lineno(in),
                    bf_input_offset(in), "not 8 tab-separated fields");
            continue;
        }
        if (number(f[F_ID], len[F_ID], &v[F_ID]) || len[F_ID] >= sizeof id) {
            bf_diag(diags, BF_D_BAD_ID, name, bf_input_lineno(in),
                    bf_input_offset(in), "UserID");
            continue;
        }
        /* A value that does not read is unknown; the line is kept. */
        for (i = F_CREATED; i < F__COUNT; i++) {
            int dated = i == F_CREATED || i == F_COLLECTED;

            if (dated ? date(f[i], len[i], &v[i])
                      : number(f[i], len[i], &v[i])) {
                bf_diag(diags, dated ? BF_D_BAD_DATE : BF_D_BAD_COUNT, name,
                        bf_input_lineno(in), bf_input_offset(in),
                        dated ? (i == F_CREATED ? "CreatedAt" : "CollectedAt")
                              : "count");
                v[i] = dated ? 0 : -1;
            }
        }
        memcpy(id, f[F_ID], len[F_ID]);
        id[len[F_ID]] = '\0';
        bf_account_clear(&a);
        a.platform = opts->platform ? opts->platform : "twitter";
        a.native_id = id;
        a.created_at = v[F_CREATED];
        a.observed_at = v[F_COLLECTED] ? v[F_COLLECTED] : opts->observed_at;
        a.following = v[F_FOLLOWING];
        a.followers = v[F_FOLLOWERS];
        a.posts = v[F_POSTS];
        a.unknown = BF_ACC_U_HANDLE | BF_ACC_U_NAME | BF_ACC_U_BIO |
                    BF_ACC_U_URL | BF_ACC_U_LOCATION;
        if (sink->account) {
            err = sink->account(sink->ctx, &a);
            if (err)
                break;
        }
    }
    return err;
}
