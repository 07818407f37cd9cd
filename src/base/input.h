/*
 * input.h - streaming line input from a file, a .gz file or stdin.
 *
 * Readers see their input as a sequence of lines, each with its 1-based line
 * number and the byte offset where it starts (in the uncompressed stream),
 * so every diagnostic can point at the exact place.  Memory is constant: a
 * window of BF_INPUT_WINDOW bytes, grown only for a longer line and never
 * beyond the max_line limit given at open.  A longer line is skipped and
 * reported with BF_ELIMIT, after which reading goes on at the next line.
 *
 * Compressed input is recognised by its magic bytes, not its name, and
 * decoded as it streams: gzip (1F 8B) through zlib, Zstandard
 * (28 B5 2F FD) through libzstd; anything else is read as it is.  The path
 * "-" means standard input, compressed or not.
 *
 * A returned line is NUL-terminated in place (the newline and any '\r'
 * before it are removed) and at least BF_INPUT_PADDING readable bytes
 * follow its terminator, which lets a SIMD JSON parser read past the end
 * without copying.  It stays valid until the next call on the same input.
 *
 *     bf_input *in;
 *     const char *line;
 *     size_t len;
 *     if (bf_input_open("edges.txt.gz", 1 << 20, &in) == BF_OK) {
 *         while (bf_input_line(in, &line, &len) == BF_OK)
 *             handle(line, len, bf_input_lineno(in));
 *         bf_input_close(in);
 *     }
 */
#ifndef BF_BASE_INPUT_H
#define BF_BASE_INPUT_H

#include <stddef.h>
#include <stdint.h>

#include "base/err.h"

#define BF_INPUT_WINDOW  (1u << 20)
#define BF_INPUT_PADDING 64

/*
 * Bounds on decompression (gzip, zstd), whoever reads: the most bytes one
 * compressed input may inflate to (256 GiB: ten times the largest public
 * follow graph), and the highest ratio of inflated to compressed bytes
 * once BF_INPUT_RATIO_FREE bytes are out.  Platform data compresses 3 to
 * 20 times; a stream of zeros, a thousand.  Past either, reading stops
 * with BF_EIO and bf_input_error says why.
 */
#define BF_INPUT_MAX_INFLATED ((uint64_t)256 << 30)
#define BF_INPUT_MAX_RATIO    200u
#define BF_INPUT_RATIO_FREE   ((uint64_t)64 << 20)

typedef struct bf_input bf_input;

/*
 * bf_input_open opens path ("-" for stdin); lines may be max_line bytes.
 * BF_ENOTFOUND when path does not exist, BF_EIO when it cannot be read.
 */
bf_err bf_input_open(const char *path, size_t max_line, bf_input **out_in);

/* bf_input_close closes the input; NULL is a no-op. */
void bf_input_close(bf_input *in);

/*
 * bf_input_line returns the next line.  It returns BF_ENOTFOUND at the end
 * of input, BF_ELIMIT when the line was longer than max_line (it has been
 * skipped; line number and offset name it) and BF_EIO on a read error.
 */
bf_err bf_input_line(bf_input *in, const char **out_line, size_t *out_len);

/*
 * bf_input_peek shows up to n bytes of the start of the input without
 * consuming them, for format detection.  Call it before the first line.
 */
bf_err bf_input_peek(bf_input *in, size_t n, const char **out_p,
                     size_t *out_len);

/*
 * bf_input_slurp reads all the input not yet delivered into one new buffer
 * (*out_doc, owned by the caller, to free()) of *out_len bytes, followed
 * by BF_INPUT_PADDING zero bytes, for formats that are one document rather
 * than lines.  BF_ELIMIT when there are more than limit bytes, BF_EIO on a
 * read error; nothing is returned then.  Later calls see the end of input.
 */
bf_err bf_input_slurp(bf_input *in, size_t limit, char **out_doc,
                      size_t *out_len);

/* bf_input_lineno is the line number of the line last returned. */
uint64_t bf_input_lineno(const bf_input *in);

/* bf_input_offset is the byte offset where the last line starts. */
uint64_t bf_input_offset(const bf_input *in);

/*
 * bf_input_progress gives how many bytes of the file have been consumed
 * (compressed bytes for a compressed file) and the file's size, and
 * returns 1; it returns 0, leaving both unset, when the size is not known
 * (standard input, a pipe, an empty file).  For estimates, such as how
 * many lines the whole input holds.
 */
int bf_input_progress(const bf_input *in, uint64_t *out_done,
                      uint64_t *out_total);

/* bf_input_name is the path the input was opened with. */
const char *bf_input_name(const bf_input *in);

/*
 * bf_input_error says why the last BF_EIO happened: "truncated gzip
 * stream", "corrupt zstd stream" (in French when french is set), or the
 * system's text for a failed read; NULL when nothing failed (in may be
 * NULL).  The text is static.
 */
const char *bf_input_error(const bf_input *in, int french);

#endif
