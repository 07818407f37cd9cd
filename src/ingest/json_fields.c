/*
 * json_fields.c - reading one member of a JSON object, as readers need it.
 *
 * Each function looks the key up with bf_json_get (a linear scan of the
 * object) and checks the value's type before reading it, so a member of
 * the wrong type is treated like a missing one, or, for counters and
 * dates, signalled with BF_EPARSE.  None of them files a diagnostic: the
 * reader knows the file, line and offset of the document, so it reports,
 * and the rules for "unknown" stay the same across formats.  The readers
 * used to hold a copy each of these few functions; one copy keeps them
 * from drifting apart.
 */
#include "ingest/json_fields.h"

#include <stdio.h>
#include <string.h>

#include "base/buf.h"
#include "base/time.h"

/* get looks key up in obj, which may be NULL; 1 when found. */
static int get(const bf_json *obj, const char *key, bf_json *out_v)
{
    return obj && bf_json_get(obj, key, out_v) == BF_OK;
}

const char *bf_json_get_strn(const bf_json *obj, const char *key,
                             size_t *out_len)
{
    bf_json v;
    const char *s;
    size_t n;

    *out_len = 0;
    if (!get(obj, key, &v) || bf_json_string(&v, &s, &n) != BF_OK)
        return NULL;
    *out_len = n;
    return s;
}

const char *bf_json_get_str(const bf_json *obj, const char *key)
{
    size_t n;

    return bf_json_get_strn(obj, key, &n);
}

int bf_json_get_typed(const bf_json *obj, const char *key, bf_json_type t,
                      bf_json *out_v)
{
    return get(obj, key, out_v) && bf_json_type_of(out_v) == t;
}

int bf_json_get_flag(const bf_json *obj, const char *key)
{
    bf_json v;
    int b;

    if (!get(obj, key, &v) || bf_json_bool(&v, &b) != BF_OK)
        return -1;
    return b;
}

/*
 * digits reads a string of 1 to 18 decimal digits (so it cannot overflow)
 * into *out_n; BF_EPARSE for anything else, a sign included.
 */
static bf_err digits(const char *s, size_t n, int64_t *out_n)
{
    int64_t c = 0;
    size_t i;

    if (n == 0 || n > 18)
        return BF_EPARSE;
    for (i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return BF_EPARSE;
        c = c * 10 + (s[i] - '0');
    }
    *out_n = c;
    return BF_OK;
}

bf_err bf_json_get_count(const bf_json *obj, const char *key, unsigned flags,
                         int64_t *out_n)
{
    bf_json v;
    const char *s;
    size_t n;
    int64_t c;

    *out_n = -1;
    if (!get(obj, key, &v) || bf_json_is_null(&v))
        return BF_OK;
    /* 2^63 and above do not fit (BF_ELIMIT); 2^53 and above are refused
     * all the same. */
    if (bf_json_int64(&v, &c) == BF_OK &&
        (c >= 0 || (flags & BF_JSON_COUNT_SIGNED)) && c <= BF_COUNT_MAX &&
        c >= -BF_COUNT_MAX) {
        *out_n = c;
        return BF_OK;
    }
    if ((flags & BF_JSON_COUNT_TEXT) && bf_json_string(&v, &s, &n) == BF_OK &&
        digits(s, n, &c) == BF_OK && c <= BF_COUNT_MAX) {
        *out_n = c;
        return BF_OK;
    }
    return BF_EPARSE;
}

bf_err bf_count_text(const char *s, size_t n, int64_t *out_n)
{
    int64_t c;

    while (n > 0 && (*s == ' ' || *s == '\t')) {
        s++;
        n--;
    }
    while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r'))
        n--;
    if (digits(s, n, &c) != BF_OK || c > BF_COUNT_MAX)
        return BF_EPARSE;
    *out_n = c;
    return BF_OK;
}

bf_err bf_json_get_time(const bf_json *obj, const char *key, int64_t seen,
                        int64_t *out_t)
{
    bf_json v;
    const char *s;
    size_t n;
    int64_t t;

    *out_t = 0;
    if (!get(obj, key, &v) || bf_json_is_null(&v))
        return BF_OK;
    /* A date that parses but cannot be (year 9999, 1970, tomorrow) is
     * as unknown as one that does not parse. */
    if (bf_json_string(&v, &s, &n) != BF_OK || bf_time_parse(s, n, &t) ||
        !bf_time_plausible(t, seen))
        return BF_EPARSE;
    *out_t = t;
    return BF_OK;
}

int bf_json_get_size(const bf_json *obj, const char *key)
{
    bf_json v;
    size_t n;

    if (!bf_json_get_typed(obj, key, BF_JSON_ARRAY, &v))
        return 0;
    n = bf_json_size(&v);
    return n > BF_JSON_SIZE_MAX ? BF_JSON_SIZE_MAX : (int)n;
}

int bf_json_id_decimal(const char *s, size_t n)
{
    size_t i;

    if (n == 0 || n > 20)
        return 0;
    for (i = 0; i < n; i++)
        if (s[i] < '0' || s[i] > '9')
            return 0;
    return 1;
}

int bf_json_id_printable(const char *s)
{
    size_t i;

    for (i = 0; s[i]; i++)
        if ((unsigned char)s[i] <= ' ' || s[i] == 0x7f ||
            i >= BF_JSON_PRINTABLE_ID_MAX)
            return 0;
    return i > 0;
}

bf_diag_id bf__json_fault_diag(const bf_json_parser *p, const char **out_msg)
{
    switch (bf_json_parser_fault(p, out_msg)) {
    case BF_JSON_FAULT_UTF8:
        return BF_D_BAD_ENCODING;
    case BF_JSON_FAULT_SIZE:
    case BF_JSON_FAULT_MEMORY:
        return BF_D_LINE_TOO_LONG;
    default:
        return BF_D_JSON_SYNTAX;
    }
}

void bf__json_diag_at(bf_diags *diags, bf_diag_id id, const char *file,
                      uint64_t line, uint64_t offset, const char *where,
                      size_t index, const char *detail)
{
    bf_buf msg;

    /* The detail goes whole: bf_diag scrubs it before it cuts it. */
    if (!where) {
        bf_diag(diags, id, file, line, offset, detail);
        return;
    }
    bf_buf_init(&msg, 8192);
    if (bf_buf_appendf(&msg, "%s[%zu]: ", where, index) == BF_OK &&
        bf_buf_append(&msg, detail, strnlen(detail, 4096)) == BF_OK)
        bf_diag(diags, id, file, line, offset, msg.data);
    else
        bf_diag(diags, id, file, line, offset, where);
    bf_buf_release(&msg);
}
