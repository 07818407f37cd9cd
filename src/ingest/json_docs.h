/*
 * json_docs.h - the JSON documents of a file, whatever their layout.
 *
 * API dumps come as JSON lines (one document per line) or as one document
 * pretty-printed over many lines, and a collection tool may concatenate
 * several of either.  bf__json_docs reads an input to its end and calls a
 * function for every document it holds, parsed, with the line and byte
 * offset where the document starts, so a reader only maps values to
 * records.  Syntax errors, invalid UTF-8 and documents beyond the size
 * limit are diagnosed here, once, and skipped.
 *
 * Memory: a line that holds a whole document is parsed where it lies in
 * the input window; a document spanning lines is gathered into a buffer
 * capped at BF_INGEST_MAX_LINE, given back after any document over 1 MiB.
 *
 *     static bf_err on_doc(void *ctx, const bf_json *root, uint64_t line,
 *                          uint64_t offset);
 *     err = bf__json_docs(in, parser, diags, on_doc, reader);
 */
#ifndef BF_INGEST_JSON_DOCS_H
#define BF_INGEST_JSON_DOCS_H

#include <stdint.h>

#include "ingest/ingest.h"
#include "ingest/json.h"

/*
 * bf_json_doc_fn receives one parsed document (valid during the call).
 * Returning anything but BF_OK stops the walk with that error.
 */
typedef bf_err (*bf_json_doc_fn)(void *ctx, const bf_json *root, uint64_t line,
                                 uint64_t offset);

/*
 * bf__json_docs parses every document of in with parser (borrowed) and
 * hands each to fn.  Returns BF_OK at the end of the input, or the first
 * error from reading or from fn.
 */
bf_err bf__json_docs(bf_input *in, bf_json_parser *parser, bf_diags *diags,
                     bf_json_doc_fn fn, void *ctx);

/* bf__json_blank is 1 when the n bytes at s are only blanks. */
int bf__json_blank(const char *s, size_t n);

/*
 * bf__json_next_line reads the next line of in that is not blank, for
 * readers that take JSON line by line: a byte-order mark opening the file
 * is dropped, and a line over the input's limit is reported
 * (BF_D_LINE_TOO_LONG, at its line) and skipped.  The line is followed by
 * BF_INPUT_PADDING readable bytes; bf_input_lineno and bf_input_offset
 * say where it starts.  BF_OK, BF_ENOTFOUND at the end, or a read error.
 */
bf_err bf__json_next_line(bf_input *in, bf_diags *diags, const char **out_line,
                          size_t *out_len);

#endif
