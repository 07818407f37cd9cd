/*
 * input.c - the line reader.
 *
 * The window holds [start, end) of undelivered bytes.  A line is found with
 * memchr from the scan position; when no newline is in the window, the
 * undelivered bytes are moved to the front and more are read.  The window
 * doubles only when a single line fills it, up to max_line; a line beyond
 * that is discarded chunk by chunk until its newline, so even a
 * multi-gigabyte line costs no more memory than the limit.
 *
 * zlib's gzread is used for every file: on a file without the gzip magic it
 * simply copies, so one code path reads plain and compressed input alike.
 */
#include "base/input.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>

struct bf_input {
    gzFile gz;
    char *name;
    char *win;        /* cap + BF_INPUT_PADDING bytes */
    size_t cap;       /* usable bytes in win */
    size_t start;     /* first undelivered byte */
    size_t end;       /* one past the last byte read */
    size_t max_line;  /* longest line accepted */
    int eof;          /* gzread returned 0 */
    uint64_t lineno;  /* number of the line last returned */
    uint64_t off;     /* stream offset of win[0] */
    uint64_t line_off; /* stream offset of the line last returned */
};

bf_err bf_input_open(const char *path, size_t max_line, bf_input **out_in)
{
    bf_input *in = calloc(1, sizeof *in);
    bf_err err = BF_ENOMEM;

    if (!in)
        return BF_ENOMEM;
    in->max_line = max_line;
    in->cap = max_line < BF_INPUT_WINDOW ? max_line + 1 : BF_INPUT_WINDOW;
    in->name = strdup(path);
    in->win = malloc(in->cap + BF_INPUT_PADDING);
    if (!in->name || !in->win)
        goto out;
    if (strcmp(path, "-") == 0) {
        int fd = dup(0);

        in->gz = fd >= 0 ? gzdopen(fd, "rb") : NULL;
        if (!in->gz && fd >= 0)
            close(fd);
    } else {
        in->gz = gzopen(path, "rb");
    }
    if (!in->gz) {
        err = BF_EIO;
        goto out;
    }
    gzbuffer(in->gz, 256 * 1024);
    *out_in = in;
    return BF_OK;
out:
    bf_input_close(in);
    return err;
}

void bf_input_close(bf_input *in)
{
    if (!in)
        return;
    if (in->gz)
        gzclose(in->gz);
    free(in->name);
    free(in->win);
    free(in);
}

/* fill reads more bytes after end, first sliding undelivered ones down. */
static bf_err fill(bf_input *in)
{
    int n;

    if (in->start > 0) {
        memmove(in->win, in->win + in->start, in->end - in->start);
        in->off += in->start;
        in->end -= in->start;
        in->start = 0;
    }
    if (in->end == in->cap) {
        /* One line fills the window: grow it, if the limit allows. */
        size_t cap = in->cap * 2;
        char *w;

        if (in->cap > in->max_line)
            return BF_ELIMIT;
        if (cap > in->max_line + 1)
            cap = in->max_line + 1;
        w = realloc(in->win, cap + BF_INPUT_PADDING);
        if (!w)
            return BF_ENOMEM;
        in->win = w;
        in->cap = cap;
    }
    n = gzread(in->gz, in->win + in->end, (unsigned)(in->cap - in->end));
    if (n < 0)
        return BF_EIO;
    if (n == 0)
        in->eof = 1;
    in->end += (size_t)n;
    return BF_OK;
}

/* skip_long discards the rest of an over-long line, through its newline. */
static bf_err skip_long(bf_input *in)
{
    for (;;) {
        char *nl = memchr(in->win + in->start, '\n', in->end - in->start);
        int n;

        if (nl) {
            in->start = (size_t)(nl - in->win) + 1;
            return BF_OK;
        }
        in->off += in->end;
        in->start = in->end = 0;
        if (in->eof)
            return BF_OK;
        n = gzread(in->gz, in->win, (unsigned)in->cap);
        if (n < 0)
            return BF_EIO;
        if (n == 0)
            in->eof = 1;
        in->end = (size_t)n;
    }
}

bf_err bf_input_line(bf_input *in, const char **out_line, size_t *out_len)
{
    size_t scan = in->start;
    char *nl;
    size_t len;
    bf_err err;

    for (;;) {
        nl = memchr(in->win + scan, '\n', in->end - scan);
        if (nl || in->eof)
            break;
        scan = in->end - in->start;
        err = fill(in);
        if (err == BF_ELIMIT) {
            in->lineno++;
            in->line_off = in->off + in->start;
            err = skip_long(in);
            return err ? err : BF_ELIMIT;
        }
        if (err)
            return err;
        scan += in->start;
    }
    if (!nl && in->start == in->end)
        return BF_ENOTFOUND;
    len = nl ? (size_t)(nl - (in->win + in->start)) : in->end - in->start;
    in->lineno++;
    in->line_off = in->off + in->start;
    *out_line = in->win + in->start;
    in->start += len + (nl ? 1 : 0);
    if (len > in->max_line)
        return BF_ELIMIT;
    if (len > 0 && (*out_line)[len - 1] == '\r')
        len--;
    ((char *)*out_line)[len] = '\0';
    *out_len = len;
    return BF_OK;
}

bf_err bf_input_peek(bf_input *in, size_t n, const char **out_p,
        size_t *out_len)
{
    bf_err err;

    if (n > in->cap)
        n = in->cap;
    while (!in->eof && in->end - in->start < n) {
        err = fill(in);
        if (err)
            return err;
    }
    *out_p = in->win + in->start;
    *out_len = in->end - in->start < n ? in->end - in->start : n;
    return BF_OK;
}

uint64_t bf_input_lineno(const bf_input *in)
{
    return in->lineno;
}

uint64_t bf_input_offset(const bf_input *in)
{
    return in->line_off;
}

const char *bf_input_name(const bf_input *in)
{
    return in->name;
}
