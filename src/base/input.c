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
 * Below the window is a byte source: the file descriptor read through a
 * small input buffer, decoded by what its first bytes say it is, never by
 * its name (stdin has none): 1F 8B is gzip (zlib's inflate, with
 * concatenated members as gzip(1) writes them), 28 B5 2F FD is Zstandard
 * (libzstd's streaming decoder, which needs only its window, at most 8 MiB
 * for the levels zstd(1) uses by default), anything else is copied as it
 * is.  Memory stays constant whatever the compression.  A compressed stream
 * that is corrupt or ends early is a read error (BF_EIO), and
 * bf_input_error says which ("truncated gzip stream"), so the user is not
 * told of an "input/output error" the disk never had.  Decompression is
 * bounded, for the command line and the server's uploads alike: in total
 * bytes produced and in their ratio to the bytes consumed, so a small
 * file cannot make the reader run for ever.
 */
#include "base/input.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>
#include <zstd.h>

/* Bytes read from the file at a time, before decoding. */
#define RAW_SIZE (256u * 1024)

enum codec { C_PLAIN, C_GZIP, C_ZSTD };

/* Why the last read failed, for bf_input_error. */
enum fault {
    F_NONE,
    F_READ,
    F_GZIP_CUT,
    F_GZIP_BAD,
    F_ZSTD_CUT,
    F_ZSTD_BAD,
    F_BOMB_TOTAL,
    F_BOMB_RATIO
};

struct bf_input {
    int fd;
    enum codec codec;
    unsigned char *raw; /* RAW_SIZE bytes of undecoded input */
    size_t raw_pos;     /* first unconsumed byte of raw */
    size_t raw_len;     /* bytes in raw */
    int raw_eof;        /* read() returned 0 */
    int done;           /* the decoder reached the end of its data */
    enum fault fault;   /* why the last read failed */
    int err_no;         /* errno of a failed read() */
    uint64_t raw_total; /* compressed bytes read from fd */
    uint64_t inflated;  /* bytes the decoder produced */
    z_stream z;         /* C_GZIP; initialised when codec is C_GZIP */
    ZSTD_DStream *zs;   /* C_ZSTD */
    size_t zret;        /* last ZSTD_decompressStream result: 0 = frame end */
    char *name;
    char *win;         /* cap + BF_INPUT_PADDING bytes */
    size_t cap;        /* usable bytes in win */
    size_t start;      /* first undelivered byte */
    size_t end;        /* one past the last byte read */
    size_t max_line;   /* longest line accepted */
    int eof;           /* the source is exhausted */
    uint64_t lineno;   /* number of the line last returned */
    uint64_t off;      /* stream offset of win[0] */
    uint64_t line_off; /* stream offset of the line last returned */
    uint64_t size;     /* the file's size, 0 when not a regular file */
};

/* raw_fill reads more undecoded bytes when raw is used up; -1 on error. */
static int raw_fill(bf_input *in)
{
    ssize_t n;

    if (in->raw_pos < in->raw_len || in->raw_eof)
        return 0;
    do
        n = read(in->fd, in->raw, RAW_SIZE);
    while (n < 0 && errno == EINTR);
    if (n < 0) {
        in->fault = F_READ;
        in->err_no = errno;
        return -1;
    }
    in->raw_pos = 0;
    in->raw_len = (size_t)n;
    in->raw_total += (uint64_t)n;
    if (n == 0)
        in->raw_eof = 1;
    return 0;
}

/*
 * bounded checks what a decoder just produced (n bytes, or -1) against
 * the bounds on decompression: BF_INPUT_MAX_INFLATED in all, and
 * BF_INPUT_MAX_RATIO times the compressed bytes consumed once past
 * BF_INPUT_RATIO_FREE.  A stream past either is stopped (-1).
 */
static long bounded(bf_input *in, long n)
{
    uint64_t used;

    if (n <= 0)
        return n;
    in->inflated += (uint64_t)n;
    used = in->raw_total - (in->raw_len - in->raw_pos);
    if (in->inflated > BF_INPUT_MAX_INFLATED) {
        in->fault = F_BOMB_TOTAL;
        return -1;
    }
    if (in->inflated > BF_INPUT_RATIO_FREE &&
        in->inflated / BF_INPUT_MAX_RATIO > used) {
        in->fault = F_BOMB_RATIO;
        return -1;
    }
    return n;
}

/* raw_more is 1 when undecoded bytes remain (reading more if needed). */
static int raw_more(bf_input *in)
{
    if (raw_fill(in))
        return -1;
    return in->raw_pos < in->raw_len;
}

/* read_gzip inflates up to n bytes into buf; -1 on corrupt input. */
static long read_gzip(bf_input *in, char *buf, size_t n)
{
    int ret, more;

    in->z.next_out = (unsigned char *)buf;
    in->z.avail_out = (unsigned)n;
    while (in->z.avail_out == n && !in->done) {
        if (in->z.avail_in == 0) {
            if ((more = raw_more(in)) < 0)
                return -1;
            if (!more) {
                /* The stream ends inside a member. */
                in->fault = F_GZIP_CUT;
                return -1;
            }
            in->z.next_in = in->raw + in->raw_pos;
            in->z.avail_in = (unsigned)(in->raw_len - in->raw_pos);
        }
        ret = inflate(&in->z, Z_NO_FLUSH);
        in->raw_pos = in->raw_len - in->z.avail_in;
        if (ret == Z_STREAM_END) {
            /* Another member may follow; anything else ends the data,
             * as gzip(1) ignores trailing garbage. */
            if ((more = raw_more(in)) < 0)
                return -1;
            in->z.next_in = in->raw + in->raw_pos;
            in->z.avail_in = (unsigned)(in->raw_len - in->raw_pos);
            if (more && in->raw[in->raw_pos] == 0x1F &&
                inflateReset(&in->z) == Z_OK)
                continue;
            in->done = 1;
        } else if (ret != Z_OK && ret != Z_BUF_ERROR) {
            in->fault = F_GZIP_BAD;
            return -1;
        }
    }
    return (long)(n - in->z.avail_out);
}

/* read_zstd decodes up to n bytes into buf; -1 on corrupt input. */
static long read_zstd(bf_input *in, char *buf, size_t n)
{
    ZSTD_outBuffer out = { buf, n, 0 };
    ZSTD_inBuffer src;
    int more;

    while (out.pos == 0 && !in->done) {
        if ((more = raw_more(in)) < 0)
            return -1;
        if (!more) {
            /* Input ended: fine between frames, truncated inside one. */
            if (in->zret != 0) {
                in->fault = F_ZSTD_CUT;
                return -1;
            }
            in->done = 1;
            break;
        }
        src.src = in->raw;
        src.size = in->raw_len;
        src.pos = in->raw_pos;
        in->zret = ZSTD_decompressStream(in->zs, &out, &src);
        in->raw_pos = src.pos;
        if (ZSTD_isError(in->zret)) {
            in->fault = F_ZSTD_BAD;
            return -1;
        }
    }
    return (long)out.pos;
}

/* src_read decodes up to n bytes into buf: 0 at the end, -1 on error. */
static long src_read(bf_input *in, char *buf, size_t n)
{
    size_t k;
    ssize_t got;

    switch (in->codec) {
    case C_GZIP:
        return bounded(in, read_gzip(in, buf, n));
    case C_ZSTD:
        return bounded(in, read_zstd(in, buf, n));
    default:
        break;
    }
    /* Plain: first what the format check read, then straight from fd. */
    if (in->raw_pos < in->raw_len) {
        k = in->raw_len - in->raw_pos;
        if (k > n)
            k = n;
        memcpy(buf, in->raw + in->raw_pos, k);
        in->raw_pos += k;
        return (long)k;
    }
    if (in->raw_eof)
        return 0;
    do
        got = read(in->fd, buf, n);
    while (got < 0 && errno == EINTR);
    if (got < 0) {
        in->fault = F_READ;
        in->err_no = errno;
    }
    if (got == 0)
        in->raw_eof = 1;
    return got < 0 ? -1 : (long)got;
}

/*
 * pick_codec reads the first bytes (as many as one read gives, and at
 * least four unless the input is shorter) and sets up the decoder their
 * magic names.
 */
static bf_err pick_codec(bf_input *in)
{
    ssize_t n;

    while (in->raw_len < 4 && !in->raw_eof) {
        do
            n = read(in->fd, in->raw + in->raw_len, RAW_SIZE - in->raw_len);
        while (n < 0 && errno == EINTR);
        if (n < 0)
            return BF_EIO;
        if (n == 0)
            in->raw_eof = 1;
        in->raw_len += (size_t)n;
        in->raw_total += (uint64_t)n;
    }
    if (in->raw_len >= 2 && in->raw[0] == 0x1F && in->raw[1] == 0x8B) {
        /* 15 + 16: a gzip wrapper and the largest window. */
        if (inflateInit2(&in->z, 15 + 16) != Z_OK)
            return BF_ENOMEM;
        in->codec = C_GZIP;
    } else if (in->raw_len >= 4 &&
               memcmp(in->raw, "\x28\xB5\x2F\xFD", 4) == 0) {
        in->zs = ZSTD_createDStream();
        if (!in->zs || ZSTD_isError(ZSTD_initDStream(in->zs)))
            return BF_ENOMEM;
        in->zret = 1;
        in->codec = C_ZSTD;
    }
    return BF_OK;
}

bf_err bf_input_open(const char *path, size_t max_line, bf_input **out_in)
{
    struct stat sb;
    bf_input *in = calloc(1, sizeof *in);
    bf_err err = BF_ENOMEM;

    if (!in)
        return BF_ENOMEM;
    in->fd = -1;
    in->max_line = max_line;
    in->cap = max_line < BF_INPUT_WINDOW ? max_line + 1 : BF_INPUT_WINDOW;
    in->name = strdup(path);
    in->win = malloc(in->cap + BF_INPUT_PADDING);
    in->raw = malloc(RAW_SIZE);
    if (!in->name || !in->win || !in->raw)
        goto out;
    if (strcmp(path, "-") == 0)
        in->fd = dup(0);
    else
        in->fd = open(path, O_RDONLY | O_CLOEXEC);
    if (in->fd < 0) {
        err = errno == ENOENT || errno == ENOTDIR ? BF_ENOTFOUND : BF_EIO;
        goto out;
    }
    if (fstat(in->fd, &sb) == 0 && S_ISREG(sb.st_mode) && sb.st_size > 0)
        in->size = (uint64_t)sb.st_size;
    err = pick_codec(in);
    if (err)
        goto out;
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
    if (in->codec == C_GZIP)
        inflateEnd(&in->z);
    ZSTD_freeDStream(in->zs);
    if (in->fd >= 0)
        close(in->fd);
    free(in->raw);
    free(in->name);
    free(in->win);
    free(in);
}

/* fill reads more bytes after end, first sliding undelivered ones down. */
static bf_err fill(bf_input *in)
{
    long n;

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
    n = src_read(in, in->win + in->end, in->cap - in->end);
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
        long n;

        if (nl) {
            in->start = (size_t)(nl - in->win) + 1;
            return BF_OK;
        }
        in->off += in->end;
        in->start = in->end = 0;
        if (in->eof)
            return BF_OK;
        n = src_read(in, in->win, in->cap);
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

int bf_input_progress(const bf_input *in, uint64_t *out_done,
                      uint64_t *out_total)
{
    uint64_t given = in->off + in->start, used;

    if (!in->size)
        return 0;
    /* A plain file's progress is the bytes delivered.  A compressed
     * one's is the compressed bytes the decoder consumed, in the share
     * of its output delivered: the window holds output not yet read. */
    used = in->raw_total - (in->raw_len - in->raw_pos);
    *out_done = in->codec == C_PLAIN || !in->inflated
                        ? given
                        : (uint64_t)((double)used * (double)given /
                                     (double)in->inflated);
    *out_total = in->size;
    return 1;
}

const char *bf_input_name(const bf_input *in)
{
    return in->name;
}

const char *bf_input_error(const bf_input *in, int french)
{
    static const char *const text[][2] = {
        [F_GZIP_CUT] = { "truncated gzip stream", "flux gzip tronqué" },
        [F_GZIP_BAD] = { "corrupt gzip stream", "flux gzip corrompu" },
        [F_ZSTD_CUT] = { "truncated zstd stream", "flux zstd tronqué" },
        [F_ZSTD_BAD] = { "corrupt zstd stream", "flux zstd corrompu" },
        [F_BOMB_TOTAL] = { "compressed stream inflates past its limit",
                           "le flux compressé dépasse sa limite une fois "
                           "décompressé" },
        [F_BOMB_RATIO] = { "compression ratio too high (a decompression "
                           "bomb?)",
                           "taux de compression trop élevé (bombe de "
                           "décompression ?)" },
    };

    if (!in || in->fault == F_NONE)
        return NULL;
    /* A failed read() says why in the system's words. */
    if (in->fault == F_READ)
        return strerror(in->err_no);
    return text[in->fault][french != 0];
}

bf_err bf_input_slurp(bf_input *in, size_t limit, char **out_doc,
                      size_t *out_len)
{
    size_t len = in->end - in->start, cap = len + BF_INPUT_WINDOW;
    char *doc = NULL, *d;
    long n;
    bf_err err = BF_OK;

    if (len > limit) {
        err = BF_ELIMIT;
        goto out;
    }
    doc = malloc(cap + BF_INPUT_PADDING);
    if (!doc) {
        err = BF_ENOMEM;
        goto out;
    }
    memcpy(doc, in->win + in->start, len);
    in->off += in->end;
    in->line_off = in->off - len;
    in->start = in->end = 0;
    while (!in->eof) {
        if (len == cap) {
            /* Double, but never past the limit (plus one byte, to see
             * that the limit is exceeded). */
            if (cap > limit) {
                err = BF_ELIMIT;
                goto out;
            }
            cap = cap * 2 > limit + 1 ? limit + 1 : cap * 2;
            d = realloc(doc, cap + BF_INPUT_PADDING);
            if (!d) {
                err = BF_ENOMEM;
                goto out;
            }
            doc = d;
        }
        n = src_read(in, doc + len, cap - len);
        if (n < 0) {
            err = BF_EIO;
            goto out;
        }
        if (n == 0)
            in->eof = 1;
        len += (size_t)n;
        in->off += (uint64_t)n;
    }
    if (len > limit) {
        err = BF_ELIMIT;
        goto out;
    }
    memset(doc + len, 0, BF_INPUT_PADDING);
    in->lineno = 1;
    *out_doc = doc;
    *out_len = len;
    return BF_OK;
out:
    free(doc);
    return err;
}
