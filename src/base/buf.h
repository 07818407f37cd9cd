/*
 * buf.h - a growable byte buffer with a hard size limit.
 *
 * Every buffer whose size depends on input has a limit; growing past it
 * fails with BF_ELIMIT instead of exhausting memory (the idea of curl's
 * dynbuf).  The contents are always NUL-terminated, so b->data can be used
 * as a C string when it holds text.
 *
 * Lifetime: the caller owns the struct; bf_buf_init gives it no memory yet,
 * bf_buf_release frees it.  A released buffer may be initialised again.
 *
 *     bf_buf b;
 *     bf_buf_init(&b, 1 << 20);
 *     if (bf_buf_appendf(&b, "%d follows", n) == BF_OK)
 *         puts(b.data);
 *     bf_buf_release(&b);
 */
#ifndef BF_BASE_BUF_H
#define BF_BASE_BUF_H

#include <stdarg.h>
#include <stddef.h>

#include "base/err.h"

typedef struct bf_buf {
    char *data;   /* NUL-terminated contents; NULL until the first append */
    size_t len;   /* bytes used, not counting the terminator */
    size_t cap;   /* bytes allocated */
    size_t limit; /* the most len may ever reach */
} bf_buf;

/* bf_buf_init makes b empty, allowing it to grow to limit bytes. */
void bf_buf_init(bf_buf *b, size_t limit);

/* bf_buf_release frees b's memory and leaves it empty. */
void bf_buf_release(bf_buf *b);

/* bf_buf_reset empties b but keeps its memory for reuse. */
void bf_buf_reset(bf_buf *b);

/* bf_buf_reserve makes room for extra more bytes (plus the terminator). */
bf_err bf_buf_reserve(bf_buf *b, size_t extra);

/* bf_buf_append appends n bytes from p. */
bf_err bf_buf_append(bf_buf *b, const void *p, size_t n);

/* bf_buf_puts appends the C string s. */
bf_err bf_buf_puts(bf_buf *b, const char *s);

/* bf_buf_putc appends one byte. */
bf_err bf_buf_putc(bf_buf *b, char c);

/* bf_buf_appendf appends printf-style formatted text. */
bf_err bf_buf_appendf(bf_buf *b, const char *fmt, ...)
        __attribute__((format(printf, 2, 3)));

/* bf_buf_vappendf is bf_buf_appendf with a va_list. */
bf_err bf_buf_vappendf(bf_buf *b, const char *fmt, va_list ap)
        __attribute__((format(printf, 2, 0)));

/*
 * bf_buf_json_string appends s (n bytes) as a quoted JSON string, escaping
 * quotes, backslashes and control characters.
 */
bf_err bf_buf_json_string(bf_buf *b, const char *s, size_t n);

/* bf_buf_html appends the C string s with &, <, >, " and ' escaped. */
bf_err bf_buf_html(bf_buf *b, const char *s);

#endif
