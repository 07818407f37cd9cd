/*
 * json_docs.c - splitting an input into JSON documents.
 *
 * Every line goes once through a small scanner that follows bracket depth
 * and strings.  A line that opens and closes everything is a document of
 * its own (JSON lines) and is parsed in place.  A line that ends the way a
 * pretty printer ends the first line of a longer document ('{', '[', ','
 * or ':') starts gathering, and lines are appended until the depth is back
 * at zero.  Any other unbalanced line is handed to simdjson alone so it can
 * name the error, which keeps a truncated JSON line from swallowing the
 * lines after it.  After a broken multi-line document, lines are skipped
 * until one starts a new document ('{' or '[' in its first column).
 *
 * The cost is linear in the input whatever the layout: each byte is seen
 * by the scanner once and by the parser once.
 */
#include "ingest/json_docs.h"
#include "ingest/json_fields.h"

#include <string.h>

#include "base/buf.h"

/* A gathering buffer above this size is freed after its document. */
#define KEEP_CAP (1u << 20)

/*
 * The scanner's state across the lines of one document: bracket depth,
 * and whether the scan is inside a string (strings never span lines in
 * JSON, so a line ending inside one is broken).
 */
typedef struct scan {
    long depth;
    int in_str, esc, bad;
} scan;

/* The walk's state, shared by the helpers below. */
typedef struct walk {
    bf_json_parser *parser;
    bf_diags *diags;
    const char *file;
    bf_json_doc_fn fn;
    void *ctx;
    uint64_t line, offset; /* where the current document starts */
} walk;

/* scan_line follows brackets and strings through one line. */
static void scan_line(scan *sc, const char *s, size_t n)
{
    size_t i;

    for (i = 0; i < n && !sc->bad; i++) {
        char c = s[i];

        /* Inside a string only the closing quote matters, and a backslash
         * escapes the byte after it. */
        if (sc->in_str) {
            if (sc->esc)
                sc->esc = 0;
            else if (c == '\\')
                sc->esc = 1;
            else if (c == '"')
                sc->in_str = 0;
        } else if (c == '"') {
            sc->in_str = 1;
        } else if (c == '{' || c == '[') {
            sc->depth++;
        } else if (c == '}' || c == ']') {
            /* More closing than opening brackets: the document is broken. */
            if (--sc->depth < 0)
                sc->bad = 1;
        }
    }
    if (sc->in_str)
        sc->bad = 1;
}

/*
 * opens_document is 1 when a line ends as a pretty printer ends the first
 * line of a document that goes on: with '{', '[', ',' or ':'.
 */
static int opens_document(const char *s, size_t n)
{
    while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r'))
        n--;
    return n > 0 && (s[n - 1] == '{' || s[n - 1] == '[' || s[n - 1] == ',' ||
                     s[n - 1] == ':');
}

/* skip_bom drops the byte-order mark that may open a file's first line:
 * JSON does not allow it. */
static void skip_bom(uint64_t lineno, const char **line, size_t *len)
{
    if (lineno == 1 && *len >= 3 && memcmp(*line, "\xEF\xBB\xBF", 3) == 0) {
        *line += 3;
        *len -= 3;
    }
}

int bf__json_blank(const char *s, size_t n)
{
    size_t i;

    for (i = 0; i < n; i++)
        if (s[i] != ' ' && s[i] != '\t' && s[i] != '\r')
            return 0;
    return 1;
}

bf_err bf__json_next_line(bf_input *in, bf_diags *diags, const char **out_line,
                          size_t *out_len)
{
    const char *line;
    size_t len;
    bf_err err;

    for (;;) {
        err = bf_input_line(in, &line, &len);
        if (err == BF_ELIMIT) {
            bf_diag(diags, BF_D_LINE_TOO_LONG, bf_input_name(in),
                    bf_input_lineno(in), bf_input_offset(in), NULL);
            continue;
        }
        if (err)
            return err;
        skip_bom(bf_input_lineno(in), &line, &len);
        if (!bf__json_blank(line, len))
            break;
    }
    *out_line = line;
    *out_len = len;
    return BF_OK;
}

static void report(walk *w, bf_diag_id id, const char *detail)
{
    bf_diag(w->diags, id, w->file, w->line, w->offset, detail);
}

/*
 * parse_and_handle parses one complete document, which is followed by
 * BF_JSON_PADDING readable bytes (bf_input's window for a line, the
 * reserved tail of the gathering buffer otherwise), and hands it on.
 */
static bf_err parse_and_handle(walk *w, const char *s, size_t n)
{
    bf_json root;
    const char *msg;
    bf_diag_id id;
    bf_buf fix;
    size_t bad;
    bf_err err;

    /* Through bf__json_line, as every JSON reader: invalid UTF-8 and NUL
     * bytes are repaired there, the same way for every format.  fix takes
     * memory only when a repair is needed; the parser keeps its copy. */
    bf_buf_init(&fix, 2 * n + BF_JSON_PADDING);
    err = bf__json_line(w->parser, s, n, &fix, &root, &bad);
    bf_buf_release(&fix);
    if (err == BF_OK) {
        if (bad)
            report(w, BF_D_UTF8_REPAIRED, NULL);
        return w->fn(w->ctx, &root, w->line, w->offset);
    }
    id = bf__json_fault_diag(w->parser, &msg);
    report(w, id, msg);
    return BF_OK;
}

bf_err bf__json_docs(bf_input *in, bf_json_parser *parser, bf_diags *diags,
                     bf_json_doc_fn fn, void *ctx)
{
    walk w = { parser, diags, bf_input_name(in), fn, ctx, 0, 0 };
    bf_buf acc; /* the lines of a document that spans several */
    scan sc;
    int multi = -1; /* -1 undecided, 0 JSON lines, 1 documents span lines */
    int gathering = 0, overflow = 0, skipping = 0;
    const char *line;
    size_t len;
    bf_err err;

    memset(&sc, 0, sizeof sc);
    bf_buf_init(&acc, BF_INGEST_MAX_LINE + BF_JSON_PADDING + 1);
    for (;;) {
        uint64_t lineno, off;

        err = bf_input_line(in, &line, &len);
        lineno = bf_input_lineno(in);
        off = bf_input_offset(in);
        if (err == BF_ENOTFOUND) {
            err = BF_OK;
            break;
        }
        if (err == BF_ELIMIT) {
            bf_diag(diags, BF_D_LINE_TOO_LONG, w.file, lineno, off, NULL);
            if (gathering) {
                /* The document has lost a line: drop it and resync. */
                gathering = 0;
                skipping = 1;
            }
            continue;
        }
        if (err)
            break;
        skip_bom(lineno, &line, &len);
        if (!gathering) {
            if (bf__json_blank(line, len))
                continue;
            /* After a broken document, wait for one that starts afresh. */
            if (skipping && line[0] != '{' && line[0] != '[')
                continue;
            skipping = 0;
            w.line = lineno;
            w.offset = off;
            memset(&sc, 0, sizeof sc);
            scan_line(&sc, line, len);
            /* A whole document on one line, or a JSON line that does not
             * close (simdjson names what is wrong with it): parse it
             * where it lies. */
            if ((!sc.bad && sc.depth == 0) || sc.bad || multi == 0 ||
                !opens_document(line, len)) {
                if (multi < 0)
                    multi = 0;
                err = parse_and_handle(&w, line, len);
                if (err)
                    break;
                continue;
            }
            /* The first line of a pretty-printed document: gather it. */
            multi = 1;
            gathering = 1;
            overflow = 0;
            bf_buf_reset(&acc);
        } else {
            scan_line(&sc, line, len);
        }
        /* Gather the line; past the limit, keep scanning for the end. */
        if (!overflow && (acc.len + len + 1 > BF_INGEST_MAX_LINE ||
                          bf_buf_append(&acc, line, len) != BF_OK ||
                          bf_buf_putc(&acc, '\n') != BF_OK))
            overflow = 1;
        if (sc.bad) {
            bf_diag(diags, BF_D_JSON_SYNTAX, w.file, lineno, off,
                    "unbalanced brackets or unterminated string");
            gathering = 0;
            skipping = 1;
        } else if (sc.depth == 0) {
            gathering = 0;
            if (overflow) {
                report(&w, BF_D_LINE_TOO_LONG, "document");
            } else if (bf_buf_reserve(&acc, BF_JSON_PADDING) == BF_OK) {
                /* Zeroed padding, so that simdjson reads defined bytes. */
                memset(acc.data + acc.len, 0, BF_JSON_PADDING);
                err = parse_and_handle(&w, acc.data, acc.len);
                if (err)
                    break;
            }
            /* A huge document's memory is given back, not kept. */
            if (acc.cap > KEEP_CAP)
                bf_buf_release(&acc);
            bf_buf_reset(&acc);
        }
    }
    if (!err && gathering)
        report(&w, BF_D_JSON_SYNTAX, "document not closed at end of file");
    bf_buf_release(&acc);
    return err;
}
