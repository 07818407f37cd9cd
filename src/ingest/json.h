/*
 * json.h - a small C interface to the simdjson DOM parser.
 *
 * Readers of JSON formats parse one document (usually one line) at a time
 * with a bf_json_parser and walk the result through bf_json values.  The
 * parser is simdjson 3 (its DOM API, error codes only, no exceptions);
 * docs/json-parser.md gives the measurements behind that choice.  C code
 * never sees C++: every type here is either opaque or a plain value.
 *
 * Invariants:
 *   - bf_json_parse reads up to BF_JSON_PADDING bytes past buf + len, so
 *     the caller must own that many readable bytes after the document
 *     (bf_input lines have them: BF_INPUT_PADDING).  When it cannot promise
 *     that, bf_json_parse_copy copies the document into the parser first.
 *   - A document is limited to the max_len given to bf_json_parser_new;
 *     a longer one fails with BF_ELIMIT before any memory is taken for it.
 *   - Integers keep all 64 bits: an id is read as int64/uint64 or as its
 *     string, never through a double (bf_json_id).
 *
 * Lifetime: the parser is owned by the caller (_new/_free).  Every bf_json
 * value, and every string read from one, points into the parser's current
 * document and stays valid until the next parse on the same parser or its
 * _free.  Strings come out NUL-terminated (a "\u0000" inside one makes the
 * C view shorter than its length); they are never to be freed.
 *
 *     bf_json root, id;
 *     if (bf_json_parse(p, line, len, &root) == BF_OK &&
 *         bf_json_get(&root, "id_str", &id) == BF_OK) ...
 */
#ifndef BF_INGEST_JSON_H
#define BF_INGEST_JSON_H

#include <stddef.h>
#include <stdint.h>

#include "base/err.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Readable bytes bf_json_parse needs after the document (simdjson's). */
#define BF_JSON_PADDING 64

/* Room bf_json_id needs to write a 64-bit integer id in decimal. */
#define BF_JSON_ID_MAX 21

typedef struct bf_json_parser bf_json_parser;

/*
 * A JSON value inside the parser's current document: a small copyable
 * handle (simdjson's dom::element), valid until the next parse.  members_
 * is NULL, or the index bf_json_index attached to this object.
 */
typedef struct bf_json {
    uint64_t opaque_[2];
    const struct bf_json_members *members_;
} bf_json;

/* The most members bf_json_index indexes; larger objects are scanned. */
#define BF_JSON_INDEX_MAX 64

/*
 * The members of one object, hashed by name (bf_json_index).  Fill it
 * through bf_json_index only; it lives where the caller puts it, usually
 * on the stack beside the object it indexes.
 */
typedef struct bf_json_members {
    uint32_t n;
    uint8_t slot[2 * BF_JSON_INDEX_MAX]; /* member + 1; 0: empty */

    struct {
        const char *key;
        uint32_t len, hash;
        uint64_t value[2];   /* a dom::element */
        uint64_t head, tail; /* the name's first and last 8 bytes */
    } m[BF_JSON_INDEX_MAX];
} bf_json_members;

/* An iteration over an array's elements or an object's members. */
typedef struct bf_json_iter {
    uint64_t opaque_[10];
} bf_json_iter;

typedef enum bf_json_type {
    BF_JSON_NULL = 0,
    BF_JSON_BOOL,
    BF_JSON_INT64,  /* an integer that fits int64_t */
    BF_JSON_UINT64, /* an integer above INT64_MAX that fits uint64_t */
    BF_JSON_DOUBLE, /* any other number */
    BF_JSON_STRING,
    BF_JSON_ARRAY,
    BF_JSON_OBJECT
} bf_json_type;

/* Why the last parse failed, finer than its bf_err. */
typedef enum bf_json_fault {
    BF_JSON_FAULT_NONE = 0,
    BF_JSON_FAULT_SYNTAX, /* not JSON, or truncated */
    BF_JSON_FAULT_UTF8,   /* bytes that are not valid UTF-8 */
    BF_JSON_FAULT_DEPTH,  /* nested deeper than the parser allows */
    BF_JSON_FAULT_SIZE,   /* longer than max_len */
    BF_JSON_FAULT_MEMORY  /* an allocation failed */
} bf_json_fault;

/*
 * bf_json_parser_new makes a parser for documents of up to max_len bytes.
 * Its memory grows with the largest document seen, and is given back when
 * a document far smaller follows a very large one.
 */
bf_err bf_json_parser_new(size_t max_len, bf_json_parser **out_p);

/* bf_json_parser_free frees the parser and its document; NULL is a no-op. */
void bf_json_parser_free(bf_json_parser *p);

/*
 * bf_json_parse parses buf (len bytes, followed by BF_JSON_PADDING readable
 * bytes) and sets *out_root to the document's root.  It returns BF_EPARSE
 * for malformed JSON or bad UTF-8, BF_ELIMIT when len exceeds max_len or
 * the nesting is too deep, BF_ENOMEM when memory runs out; then
 * bf_json_parser_fault says which.  buf must stay unchanged while values of
 * the document are in use.
 */
bf_err bf_json_parse(bf_json_parser *p, const char *buf, size_t len,
                     bf_json *out_root);

/*
 * bf_json_parse_copy is bf_json_parse for a buffer without padding: the
 * bytes are first copied into the parser (a buffer reused across calls).
 */
bf_err bf_json_parse_copy(bf_json_parser *p, const char *buf, size_t len,
                          bf_json *out_root);

/*
 * bf_json_parser_fault says why the last parse failed (BF_JSON_FAULT_NONE
 * after a success) and, when out_msg is not NULL, sets it to simdjson's
 * static English text for the error.
 */
bf_json_fault bf_json_parser_fault(const bf_json_parser *p,
                                   const char **out_msg);

/* bf_json_type_of is the type of v. */
bf_json_type bf_json_type_of(const bf_json *v);

/* bf_json_is_null is 1 when v is JSON null, else 0. */
int bf_json_is_null(const bf_json *v);

/*
 * bf_json_digest is a 64-bit digest of v's whole content, mixed into
 * seed: every member name, string, number, literal and bracket, in
 * order.  Two values written alike digest alike in any document; two that
 * differ anywhere digest differently but with odds of about 2^-64 (not a
 * cryptographic hash: for telling a record seen before from a changed
 * one).  O(size of v).
 */
uint64_t bf_json_digest(const bf_json *v, uint64_t seed);

/*
 * bf_json_get looks key up in the object obj: the first member with that
 * name wins.  A linear scan of the members, or a hash probe when obj
 * carries an index (bf_json_index).  BF_ENOTFOUND when there is no such
 * member, BF_EPARSE when obj is not an object.
 */
bf_err bf_json_get(const bf_json *obj, const char *key, bf_json *out_v);

/*
 * bf_json_index hashes the member names of the object *obj into idx and
 * attaches idx to *obj, so that bf_json_get on *obj, or on a copy of it,
 * probes instead of scanning: for a reader that asks one object for many
 * keys, most of them absent (a tweet is asked for some 40 of its 25-odd
 * members).  Returns 1 when attached; 0, leaving *obj as it was, when obj
 * is not an object or has more than BF_JSON_INDEX_MAX members.  Values
 * read from *obj carry no index.  idx must outlive *obj and its copies.
 */
int bf_json_index(bf_json *obj, bf_json_members *idx);

/*
 * bf_json_indexed copies *obj into *copy, indexes the copy into idx unless
 * obj carries an index already, and returns copy: the first line of a
 * reader's function that asks obj for many keys.
 */
const bf_json *bf_json_indexed(const bf_json *obj, bf_json *copy,
                               bf_json_members *idx);

/*
 * bf_json_at follows an RFC 6901 JSON pointer such as "/user/id_str" or
 * "/statuses/0" from v.  BF_ENOTFOUND when nothing is there, BF_EINVAL for
 * a malformed pointer.
 */
bf_err bf_json_at(const bf_json *v, const char *pointer, bf_json *out_v);

/*
 * bf_json_string sets *out_s to v's text (NUL-terminated, owned by the
 * parser) and *out_len to its length in bytes.  BF_EPARSE when v is not a
 * string.
 */
bf_err bf_json_string(const bf_json *v, const char **out_s, size_t *out_len);

/*
 * bf_json_int64 reads an integer.  BF_EPARSE when v is not an integer,
 * BF_ELIMIT when it is above INT64_MAX.
 */
bf_err bf_json_int64(const bf_json *v, int64_t *out_n);

/*
 * bf_json_uint64 reads a non-negative integer.  BF_EPARSE when v is not an
 * integer, BF_ELIMIT when it is negative.
 */
bf_err bf_json_uint64(const bf_json *v, uint64_t *out_n);

/* bf_json_double reads any number as a double.  BF_EPARSE otherwise. */
bf_err bf_json_double(const bf_json *v, double *out_d);

/* bf_json_bool reads true (1) or false (0).  BF_EPARSE otherwise. */
bf_err bf_json_bool(const bf_json *v, int *out_b);

/*
 * bf_json_size is the number of elements of an array or members of an
 * object (O(1) below 2^24 elements), and 0 for any other value.
 */
size_t bf_json_size(const bf_json *v);

/*
 * bf_json_iter_init starts an iteration over the array or object v.
 * BF_EPARSE when v is neither.
 */
bf_err bf_json_iter_init(const bf_json *v, bf_json_iter *it);

/*
 * bf_json_iter_next moves to the next element or member: it returns 1 and
 * sets *out_v (and, for an object, *out_key / *out_key_len when they are
 * not NULL; NULL and 0 for an array), or returns 0 at the end.
 */
int bf_json_iter_next(bf_json_iter *it, bf_json *out_v, const char **out_key,
                      size_t *out_key_len);

/*
 * bf_json_id reads an identifier: v may be a string (returned as is) or a
 * non-negative integer (written in decimal into tmp, which must hold
 * BF_JSON_ID_MAX bytes).  Anything else, including a number with a
 * fraction or exponent, which may have lost digits, is BF_EPARSE.  *out_s
 * is NUL-terminated and lives as long as the document or tmp.
 */
bf_err bf_json_id(const bf_json *v, char tmp[BF_JSON_ID_MAX],
                  const char **out_s, size_t *out_len);

/*
 * bf_json_get_id reads the id of obj from its member str_key (for example
 * "id_str") when that is a string, else from num_key ("id", may be NULL)
 * through bf_json_id.  BF_ENOTFOUND when neither is usable.
 */
bf_err bf_json_get_id(const bf_json *obj, const char *str_key,
                      const char *num_key, char tmp[BF_JSON_ID_MAX],
                      const char **out_s, size_t *out_len);

/*
 * bf__json_probe_ondemand parses buf (padded as for bf_json_parse) with
 * simdjson's On Demand API and reads id_str, user.id_str and text, adding
 * their lengths to *io_bytes.  It exists only so bench/bench_json.c can set
 * our DOM interface against On Demand; it keeps one parser per thread.
 */
bf_err bf__json_probe_ondemand(const char *buf, size_t len, size_t *io_bytes);

#ifdef __cplusplus
}
#endif

#endif
