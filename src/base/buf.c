/*
 * buf.c - the growable buffer.
 *
 * Capacity doubles so n appends cost O(n) amortised; the doubling is clamped
 * to the limit (plus one for the terminator) so a buffer near its limit
 * still uses the memory it is allowed.  Overflow of size_t is impossible
 * because every size is checked against the limit first.
 */
#include "base/buf.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void bf_buf_init(bf_buf *b, size_t limit)
{
    b->data = NULL;
    b->len = 0;
    b->cap = 0;
    b->limit = limit;
}

void bf_buf_release(bf_buf *b)
{
    free(b->data);
    b->data = NULL;
    b->len = 0;
    b->cap = 0;
}

void bf_buf_reset(bf_buf *b)
{
    b->len = 0;
    if (b->data)
        b->data[0] = '\0';
}

bf_err bf_buf_reserve(bf_buf *b, size_t extra)
{
    size_t need, cap;
    char *p;

    if (extra > b->limit || b->len > b->limit - extra)
        return BF_ELIMIT;
    need = b->len + extra + 1;
    if (need <= b->cap)
        return BF_OK;
    cap = b->cap ? b->cap : 64;
    while (cap < need)
        cap = cap > SIZE_MAX / 2 ? need : cap * 2;
    if (cap > b->limit + 1)
        cap = b->limit + 1;
    p = realloc(b->data, cap);
    if (!p)
        return BF_ENOMEM;
    b->data = p;
    b->cap = cap;
    return BF_OK;
}

bf_err bf_buf_append(bf_buf *b, const void *p, size_t n)
{
    bf_err err = bf_buf_reserve(b, n);

    if (err)
        return err;
    if (n)
        memcpy(b->data + b->len, p, n);
    b->len += n;
    b->data[b->len] = '\0';
    return BF_OK;
}

bf_err bf_buf_puts(bf_buf *b, const char *s)
{
    return bf_buf_append(b, s, strlen(s));
}

bf_err bf_buf_putc(bf_buf *b, char c)
{
    return bf_buf_append(b, &c, 1);
}

bf_err bf_buf_vappendf(bf_buf *b, const char *fmt, va_list ap)
{
    va_list cp;
    int n;
    bf_err err;

    va_copy(cp, ap);
    n = vsnprintf(NULL, 0, fmt, cp);
    va_end(cp);
    if (n < 0)
        return BF_EINVAL;
    err = bf_buf_reserve(b, (size_t)n);
    if (err)
        return err;
    vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
    b->len += (size_t)n;
    return BF_OK;
}

bf_err bf_buf_appendf(bf_buf *b, const char *fmt, ...)
{
    va_list ap;
    bf_err err;

    va_start(ap, fmt);
    err = bf_buf_vappendf(b, fmt, ap);
    va_end(ap);
    return err;
}

bf_err bf_buf_json_string(bf_buf *b, const char *s, size_t n)
{
    bf_err err = bf_buf_putc(b, '"');
    size_t i, run = 0;

    /* Copy unescaped runs in one append; escape the rest byte by byte. */
    for (i = 0; !err && i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        char esc[8];

        if (c >= 0x20 && c != '"' && c != '\\')
            continue;
        err = bf_buf_append(b, s + run, i - run);
        if (err)
            break;
        if (c == '"' || c == '\\')
            snprintf(esc, sizeof esc, "\\%c", c);
        else if (c == '\n')
            snprintf(esc, sizeof esc, "\\n");
        else if (c == '\t')
            snprintf(esc, sizeof esc, "\\t");
        else if (c == '\r')
            snprintf(esc, sizeof esc, "\\r");
        else
            snprintf(esc, sizeof esc, "\\u%04x", c);
        err = bf_buf_puts(b, esc);
        run = i + 1;
    }
    if (!err)
        err = bf_buf_append(b, s + run, n - run);
    if (!err)
        err = bf_buf_putc(b, '"');
    return err;
}

bf_err bf_buf_html(bf_buf *b, const char *s)
{
    bf_err err = BF_OK;

    for (; !err && *s; s++) {
        switch (*s) {
        case '&':
            err = bf_buf_puts(b, "&amp;");
            break;
        case '<':
            err = bf_buf_puts(b, "&lt;");
            break;
        case '>':
            err = bf_buf_puts(b, "&gt;");
            break;
        case '"':
            err = bf_buf_puts(b, "&quot;");
            break;
        case '\'':
            err = bf_buf_puts(b, "&#39;");
            break;
        default:
            err = bf_buf_putc(b, *s);
        }
    }
    return err;
}
