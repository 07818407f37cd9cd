/*
 * json.cpp - the C interface to simdjson's DOM parser.
 *
 * A bf_json_parser wraps one simdjson::dom::parser, which owns the parsed
 * document (a "tape" of 64-bit words plus a buffer of unescaped,
 * NUL-terminated strings).  A bf_json is a dom::element copied bit for bit
 * into a 16-byte C struct: the element is only a pointer to the document
 * and an index on its tape, so passing it around costs nothing, and it is
 * valid exactly as long as the document.  Iterators are stored the same way.
 * Only simdjson's error-code API is used, and the two places that might
 * allocate through C++ (making the parser, growing the copy buffer) catch
 * everything, so no exception can reach a C caller.
 *
 * Memory: simdjson sizes its buffers for the longest document seen (about
 * 14 bytes per input byte).  A single huge line would pin that for the rest
 * of a run, so after a document above KEEP_CAPACITY the next small one
 * starts from a fresh parser.
 */
#include "ingest/json.h"

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <new>
#include <type_traits>

#include <simdjson.h>

using namespace simdjson;

/* Parser capacity kept across documents; above it, memory is given back. */
static const size_t KEEP_CAPACITY = 1u << 20;

static_assert(BF_JSON_PADDING >= SIMDJSON_PADDING,
              "BF_JSON_PADDING must cover simdjson's padding");
static_assert(sizeof(dom::element) <= sizeof(bf_json),
              "bf_json must hold a dom::element");
static_assert(std::is_trivially_copyable<dom::element>::value,
              "dom::element must be copyable with memcpy");
static_assert(std::is_trivially_copyable<dom::array::iterator>::value &&
                      std::is_trivially_copyable<dom::object::iterator>::value,
              "iterators must be copyable with memcpy");

/* What a bf_json_iter holds: the kind and both ends of one iteration. */
struct iter_impl {
    int is_object;
    dom::array::iterator a, a_end;
    dom::object::iterator o, o_end;
};

static_assert(sizeof(iter_impl) <= sizeof(bf_json_iter),
              "bf_json_iter must hold an iterator pair");

struct bf_json_parser {
    dom::parser dom;
    size_t max_len;
    char *copy;      /* padded copy buffer for bf_json_parse_copy */
    size_t copy_cap; /* bytes usable in copy, padding excluded */
    error_code last; /* simdjson's code for the last parse */
    bf_json_fault fault;
};

/* put stores a dom::element into the C handle. */
static void put(bf_json *out, const dom::element &e)
{
    std::memset(out, 0, sizeof *out);
    std::memcpy(out, &e, sizeof e);
}

/* get reads the dom::element back out of the C handle. */
static dom::element get(const bf_json *v)
{
    dom::element e;

    std::memcpy(static_cast<void *>(&e), v, sizeof e);
    return e;
}

/* value_err maps an accessor's error code to a bf_err. */
static bf_err value_err(error_code code)
{
    switch (code) {
    case SUCCESS:
        return BF_OK;
    case NO_SUCH_FIELD:
    case INDEX_OUT_OF_BOUNDS:
        return BF_ENOTFOUND;
    case NUMBER_OUT_OF_RANGE:
        return BF_ELIMIT;
    case INVALID_JSON_POINTER:
        return BF_EINVAL;
    default:
        return BF_EPARSE;
    }
}

/* set_fault records why a parse failed and returns the matching bf_err. */
static bf_err set_fault(bf_json_parser *p, error_code code)
{
    p->last = code;
    switch (code) {
    case SUCCESS:
        p->fault = BF_JSON_FAULT_NONE;
        return BF_OK;
    case UTF8_ERROR:
        p->fault = BF_JSON_FAULT_UTF8;
        return BF_EPARSE;
    case DEPTH_ERROR:
        p->fault = BF_JSON_FAULT_DEPTH;
        return BF_ELIMIT;
    case CAPACITY:
        p->fault = BF_JSON_FAULT_SIZE;
        return BF_ELIMIT;
    case MEMALLOC:
        p->fault = BF_JSON_FAULT_MEMORY;
        return BF_ENOMEM;
    default:
        p->fault = BF_JSON_FAULT_SYNTAX;
        return BF_EPARSE;
    }
}

/*
 * The parser object is made with nothrow new: dom::parser's constructor
 * allocates nothing, so the first parse is where simdjson's buffers appear,
 * sized for that document.
 */
extern "C" bf_err bf_json_parser_new(size_t max_len, bf_json_parser **out_p)
{
    bf_json_parser *p;

    try {
        p = new (std::nothrow) bf_json_parser();
    } catch (...) {
        p = nullptr;
    }
    if (!p)
        return BF_ENOMEM;
    p->max_len = max_len;
    p->copy = nullptr;
    p->copy_cap = 0;
    p->last = SUCCESS;
    p->fault = BF_JSON_FAULT_NONE;
    *out_p = p;
    return BF_OK;
}

/* Deleting the parser frees the document and every buffer it grew. */
extern "C" void bf_json_parser_free(bf_json_parser *p)
{
    if (!p)
        return;
    std::free(p->copy);
    delete p;
}

/*
 * Parsing in place: realloc_if_needed is false, so simdjson neither copies
 * the input nor checks the padding itself; bf_input and the header's
 * contract guarantee BF_JSON_PADDING readable bytes after buf + len.  The
 * length is checked here rather than with dom::parser::set_max_capacity,
 * which in simdjson 3.0.1 clamps every limit to its 32-byte minimum.
 */
extern "C" bf_err bf_json_parse(bf_json_parser *p, const char *buf, size_t len,
                                bf_json *out_root)
{
    dom::element root;
    error_code code;

    if (len > p->max_len)
        return set_fault(p, CAPACITY);
    /*
     * Give back the memory of a very large earlier document: moving a
     * fresh parser in frees the old buffers, and the parse below allocates
     * what this document needs.
     */
    if (p->dom.capacity() > KEEP_CAPACITY && len < KEEP_CAPACITY / 2)
        p->dom = dom::parser();
    code = p->dom.parse(buf, len, false).get(root);
    if (code)
        return set_fault(p, code);
    put(out_root, root);
    return set_fault(p, SUCCESS);
}

/*
 * The copy buffer grows to the longest document copied and, like the
 * parser, is given back after an unusually large one.
 */
extern "C" bf_err bf_json_parse_copy(bf_json_parser *p, const char *buf,
                                     size_t len, bf_json *out_root)
{
    if (len > p->max_len)
        return set_fault(p, CAPACITY);
    if (!p->copy || len > p->copy_cap ||
        (p->copy_cap > KEEP_CAPACITY && len < KEEP_CAPACITY / 2)) {
        char *c = static_cast<char *>(std::malloc(len + BF_JSON_PADDING));

        if (!c)
            return set_fault(p, MEMALLOC);
        std::free(p->copy);
        p->copy = c;
        p->copy_cap = len;
    }
    std::memcpy(p->copy, buf, len);
    /* The padding is never parsed, but zero it so no byte is uninitialised. */
    std::memset(p->copy + len, 0, BF_JSON_PADDING);
    return bf_json_parse(p, p->copy, len, out_root);
}

/* error_message returns a static string, so it may outlive the parser. */
extern "C" bf_json_fault bf_json_parser_fault(const bf_json_parser *p,
                                              const char **out_msg)
{
    if (out_msg)
        *out_msg = error_message(p->last);
    return p->fault;
}

/*
 * simdjson's element types map one to one; an integer that fits int64_t is
 * INT64 even when positive, UINT64 only above INT64_MAX.
 */
extern "C" bf_json_type bf_json_type_of(const bf_json *v)
{
    switch (get(v).type()) {
    case dom::element_type::ARRAY:
        return BF_JSON_ARRAY;
    case dom::element_type::OBJECT:
        return BF_JSON_OBJECT;
    case dom::element_type::INT64:
        return BF_JSON_INT64;
    case dom::element_type::UINT64:
        return BF_JSON_UINT64;
    case dom::element_type::DOUBLE:
        return BF_JSON_DOUBLE;
    case dom::element_type::STRING:
        return BF_JSON_STRING;
    case dom::element_type::BOOL:
        return BF_JSON_BOOL;
    case dom::element_type::NULL_VALUE:
        return BF_JSON_NULL;
    }
    return BF_JSON_NULL;
}

/* A null test needs no error path: any element answers it. */
extern "C" int bf_json_is_null(const bf_json *v)
{
    return get(v).is_null();
}

static_assert(sizeof(dom::element) == sizeof(internal::tape_ref),
              "dom::element must be its tape reference alone");

/*
 * mix64 folds the word w into h.  Each step (xor, multiplication by an
 * odd constant, xor-shift) is a bijection, so two inputs that differ in
 * a single word never collide.
 */
static inline uint64_t mix64(uint64_t h, uint64_t w)
{
    h = (h ^ w) * 0x9e3779b97f4a7c15ull;
    return h ^ (h >> 32);
}

/*
 * The digest walks v's span of the tape.  What determines v is three
 * sequences, each mixed in lanes of its own, so that no step waits for
 * another's multiplication: the words' types, eight to a word (a
 * bracket's or a string's word also holds places in the document, which
 * depend on where v sits, and is not mixed); the numbers' values (the
 * word after a number's); and the strings, as the bytes they make in the
 * string buffer, where stage 2 writes them one after the other in
 * document order, each a 32-bit length, its bytes and a NUL: v's strings
 * are one run of it, read a word at a time, alternate words into two
 * lanes.  The buffer is sized from the input with SIMDJSON_PADDING to
 * spare, so the run's last word is inside it; the bytes past the run are
 * masked.
 */
extern "C" uint64_t bf_json_digest(const bf_json *v, uint64_t seed)
{
    internal::tape_ref t;
    const uint64_t *tape;
    const uint8_t *strings;
    size_t i, end, first = SIZE_MAX, last = 0;
    uint64_t types = 0, ty = 3, nums = seed, s0 = 1, s1 = 2;
    unsigned ntypes = 0;

    std::memcpy(static_cast<void *>(&t), v, sizeof t);
    tape = t.doc->tape.get();
    strings = t.doc->string_buf.get();
    end = t.after_element();
    for (i = t.json_index; i < end; i++) {
        uint64_t type = tape[i] >> 56;

        types = types << 8 | type;
        if (++ntypes == 8) {
            ty = mix64(ty, types);
            ntypes = 0;
        }
        if (type == '"') {
            last = tape[i] & internal::JSON_VALUE_MASK;
            if (first == SIZE_MAX)
                first = last;
        } else if (type == 'l' || type == 'u' || type == 'd') {
            nums = mix64(nums, tape[++i]);
        }
    }
    if (first != SIZE_MAX) {
        uint32_t n;
        uint64_t x, y;
        size_t k;

        std::memcpy(&n, strings + last, sizeof n);
        end = last + sizeof n + n + 1;
        for (k = first; k + 16 <= end; k += 16) {
            std::memcpy(&x, strings + k, 8);
            std::memcpy(&y, strings + k + 8, 8);
            s0 = mix64(s0, x);
            s1 = mix64(s1, y);
        }
        if (k + 8 <= end) {
            std::memcpy(&x, strings + k, 8);
            s0 = mix64(s0, x);
            k += 8;
        }
        if (k < end) {
            std::memcpy(&x, strings + k, 8);
            s1 = mix64(s1, x & (~0ull >> (64 - 8 * (end - k))));
        }
    }
    ty = mix64(ty, types << 8 | ntypes);
    return mix64(mix64(mix64(nums, ty), s0), s1);
}

/*
 * A member name as bf_json_members compares and hashes it: its first 8
 * bytes (all of them, zero-padded, when it is shorter) and its last 8 (0
 * when shorter), which with its length are the whole of a name of up to
 * 16 bytes, as most are; the bytes between are compared only when they
 * exist.  The hash mixes the two words and the length: the names that
 * share a beginning ("retweeted", "retweet_count") differ in length or
 * end.
 */
typedef struct key_words {
    uint64_t head, tail;
    uint32_t hash;
} key_words;

static inline key_words words_of(const char *k, size_t n)
{
    key_words w = { 0, 0, 0 };

    if (n >= 8) {
        std::memcpy(&w.head, k, 8);
        std::memcpy(&w.tail, k + n - 8, 8);
    } else if (n >= 4) {
        /* Two 4-byte reads that overlap, or-ed where they do. */
        uint32_t lo, hi;

        std::memcpy(&lo, k, 4);
        std::memcpy(&hi, k + n - 4, 4);
        w.head = lo | (uint64_t)hi << (8 * (n - 4));
    } else if (n > 0) {
        const unsigned char *u = (const unsigned char *)k;

        w.head = u[0] | (uint64_t)u[n / 2] << (8 * (n / 2)) |
                 (uint64_t)u[n - 1] << (8 * (n - 1));
    }
    w.hash = (uint32_t)((w.head * 0x9e3779b97f4a7c15ull ^
                         (w.tail + n) * 0xc2b2ae3d27d4eb4full) >>
                        32);
    return w;
}

#define INDEX_SLOTS (2 * BF_JSON_INDEX_MAX)
static_assert((INDEX_SLOTS & (INDEX_SLOTS - 1)) == 0 && INDEX_SLOTS <= 256,
              "the index slots must be a power of two that uint8_t counts");
static_assert(sizeof(dom::element) <= sizeof(bf_json_members::m[0].value),
              "bf_json_members must hold a dom::element");

/*
 * probe returns the slot of idx that holds the member named key (len
 * bytes, words w), or the empty slot where the probe for it ended.
 */
static inline __attribute__((always_inline)) uint32_t
probe(const bf_json_members *idx, const char *key, size_t len,
      const key_words &w)
{
    uint32_t k = w.hash & (INDEX_SLOTS - 1);

    for (; idx->slot[k]; k = (k + 1) & (INDEX_SLOTS - 1)) {
        uint32_t j = idx->slot[k] - 1u;

        if (idx->m[j].hash == w.hash && idx->m[j].len == len &&
            idx->m[j].head == w.head && idx->m[j].tail == w.tail &&
            (len <= 16 || !std::memcmp(idx->m[j].key + 8, key + 8, len - 16)))
            break;
    }
    return k;
}

extern "C" int bf_json_index(bf_json *obj, bf_json_members *idx)
{
    dom::object o;
    uint32_t n = 0;

    if (get(obj).get_object().get(o) || o.size() > BF_JSON_INDEX_MAX)
        return 0;
    std::memset(idx->slot, 0, sizeof idx->slot);
    for (dom::key_value_pair kv : o) {
        key_words w = words_of(kv.key.data(), kv.key.size());
        uint32_t k = probe(idx, kv.key.data(), kv.key.size(), w);

        if (idx->slot
                    [k]) /* the first of duplicate names wins, as in the scan */
            continue;
        idx->m[n].key = kv.key.data();
        idx->m[n].len = (uint32_t)kv.key.size();
        idx->m[n].hash = w.hash;
        idx->m[n].head = w.head;
        idx->m[n].tail = w.tail;
        std::memcpy(idx->m[n].value, &kv.value, sizeof kv.value);
        idx->slot[k] = (uint8_t)(++n);
    }
    idx->n = n;
    obj->members_ = idx;
    return 1;
}

extern "C" const bf_json *bf_json_indexed(const bf_json *obj, bf_json *copy,
                                          bf_json_members *idx)
{
    *copy = *obj;
    if (!copy->members_)
        bf_json_index(copy, idx);
    return copy;
}

/* index_get is bf_json_get through the index idx. */
static bf_err index_get(const bf_json_members *idx, const char *key,
                        bf_json *out_v)
{
    size_t len = std::strlen(key);
    uint32_t k = probe(idx, key, len, words_of(key, len));

    if (!idx->slot[k])
        return BF_ENOTFOUND;
    std::memset(out_v, 0, sizeof *out_v);
    std::memcpy(out_v, idx->m[idx->slot[k] - 1u].value, sizeof(dom::element));
    return BF_OK;
}

/*
 * Without an index, dom::object's operator[] scans the members in order,
 * comparing with the keys as stored (unescaped): cheaper than hashing for
 * an object asked for a few keys, dearer for one asked for dozens, most
 * of them absent, which its reader indexes first.
 */
extern "C" bf_err bf_json_get(const bf_json *obj, const char *key,
                              bf_json *out_v)
{
    dom::object o;
    dom::element e;
    error_code code;

    if (obj->members_)
        return index_get(obj->members_, key, out_v);
    code = get(obj).get_object().get(o);
    if (code)
        return BF_EPARSE;
    code = o[std::string_view(key)].get(e);
    if (code)
        return value_err(code);
    put(out_v, e);
    return BF_OK;
}

/*
 * JSON pointers are resolved by simdjson, which also unescapes "~0" and
 * "~1" in each token.
 */
extern "C" bf_err bf_json_at(const bf_json *v, const char *pointer,
                             bf_json *out_v)
{
    dom::element e;

    /* RFC 6901: empty (the value itself) or starting with '/'. */
    if (pointer[0] != '\0' && pointer[0] != '/')
        return BF_EINVAL;
    /* simdjson cannot tell a path through a scalar from a bad pointer. */
    if (get(v).at_pointer(std::string_view(pointer)).get(e))
        return BF_ENOTFOUND;
    put(out_v, e);
    return BF_OK;
}

/*
 * The string's bytes live in the document's string buffer, unescaped,
 * followed by a NUL written by simdjson; nothing is copied here.
 */
extern "C" bf_err bf_json_string(const bf_json *v, const char **out_s,
                                 size_t *out_len)
{
    std::string_view s;

    if (get(v).get_string().get(s))
        return BF_EPARSE;
    /* DOM strings are stored with a NUL after their bytes. */
    *out_s = s.data();
    *out_len = s.size();
    return BF_OK;
}

/*
 * Only integers are accepted: get_int64 would refuse a double anyway, but
 * testing the type first lets an out-of-range integer say BF_ELIMIT while
 * a non-integer says BF_EPARSE.
 */
extern "C" bf_err bf_json_int64(const bf_json *v, int64_t *out_n)
{
    dom::element e = get(v);
    int64_t n;

    if (!e.is_int64() && !e.is_uint64())
        return BF_EPARSE;
    if (e.get_int64().get(n))
        return BF_ELIMIT;
    *out_n = n;
    return BF_OK;
}

/* As bf_json_int64, for the unsigned range (negative -> BF_ELIMIT). */
extern "C" bf_err bf_json_uint64(const bf_json *v, uint64_t *out_n)
{
    dom::element e = get(v);
    uint64_t n;

    if (!e.is_int64() && !e.is_uint64())
        return BF_EPARSE;
    if (e.get_uint64().get(n))
        return BF_ELIMIT;
    *out_n = n;
    return BF_OK;
}

/* Integers convert to double too, as JSON has only "numbers". */
extern "C" bf_err bf_json_double(const bf_json *v, double *out_d)
{
    double d;

    if (get(v).get_double().get(d))
        return BF_EPARSE;
    *out_d = d;
    return BF_OK;
}

/* true and false only; null is not false. */
extern "C" bf_err bf_json_bool(const bf_json *v, int *out_b)
{
    bool b;

    if (get(v).get_bool().get(b))
        return BF_EPARSE;
    *out_b = b ? 1 : 0;
    return BF_OK;
}

/*
 * The tape stores a container's element count, saturated at 2^24 - 1; only
 * a container that large is counted by walking it.
 */
extern "C" size_t bf_json_size(const bf_json *v)
{
    dom::element e = get(v);
    dom::array a;
    dom::object o;
    size_t n = 0;

    if (!e.get_array().get(a)) {
        if (a.size() < 0xFFFFFF)
            return a.size();
        for (auto it = a.begin(); it != a.end(); ++it)
            n++;
    } else if (!e.get_object().get(o)) {
        if (o.size() < 0xFFFFFF)
            return o.size();
        for (auto it = o.begin(); it != o.end(); ++it)
            n++;
    }
    return n;
}

/*
 * An iteration is a pair of simdjson iterators, current and end, stored
 * bit for bit in the C struct like a bf_json.
 */
extern "C" bf_err bf_json_iter_init(const bf_json *v, bf_json_iter *it)
{
    dom::element e = get(v);
    iter_impl impl;
    dom::array a;
    dom::object o;

    if (!e.get_array().get(a)) {
        impl.is_object = 0;
        impl.a = a.begin();
        impl.a_end = a.end();
    } else if (!e.get_object().get(o)) {
        impl.is_object = 1;
        impl.o = o.begin();
        impl.o_end = o.end();
    } else {
        return BF_EPARSE;
    }
    std::memset(it, 0, sizeof *it);
    std::memcpy(static_cast<void *>(it), &impl, sizeof impl);
    return BF_OK;
}

/*
 * Each step copies the iterator out of the C struct, advances it and
 * copies it back; object keys are NUL-terminated in the string buffer.
 */
extern "C" int bf_json_iter_next(bf_json_iter *it, bf_json *out_v,
                                 const char **out_key, size_t *out_key_len)
{
    iter_impl impl;

    std::memcpy(static_cast<void *>(&impl), it, sizeof impl);
    if (impl.is_object) {
        if (impl.o == impl.o_end)
            return 0;
        put(out_v, impl.o.value());
        if (out_key)
            *out_key = impl.o.key_c_str();
        if (out_key_len)
            *out_key_len = impl.o.key_length();
        ++impl.o;
    } else {
        if (impl.a == impl.a_end)
            return 0;
        put(out_v, *impl.a);
        if (out_key)
            *out_key = nullptr;
        if (out_key_len)
            *out_key_len = 0;
        ++impl.a;
    }
    std::memcpy(static_cast<void *>(it), &impl, sizeof impl);
    return 1;
}

/*
 * The decimal form of an integer id is written from its exact uint64
 * value, never through a double, so ids above 2^53 keep every digit.
 */
extern "C" bf_err bf_json_id(const bf_json *v, char tmp[BF_JSON_ID_MAX],
                             const char **out_s, size_t *out_len)
{
    dom::element e = get(v);
    std::string_view s;
    uint64_t n;
    int w;

    if (!e.get_string().get(s)) {
        *out_s = s.data();
        *out_len = s.size();
        return BF_OK;
    }
    /* Integers only: a double may already have lost the low digits. */
    if (!(e.is_int64() || e.is_uint64()) || e.get_uint64().get(n))
        return BF_EPARSE;
    w = std::snprintf(tmp, BF_JSON_ID_MAX, "%llu",
                      static_cast<unsigned long long>(n));
    if (w <= 0 || w >= BF_JSON_ID_MAX)
        return BF_EPARSE;
    *out_s = tmp;
    *out_len = static_cast<size_t>(w);
    return BF_OK;
}

/*
 * id_str is preferred because it is what the platform means as the id;
 * a numeric id is the fallback for data that only has that.
 */
extern "C" bf_err bf_json_get_id(const bf_json *obj, const char *str_key,
                                 const char *num_key, char tmp[BF_JSON_ID_MAX],
                                 const char **out_s, size_t *out_len)
{
    bf_json v;

    if (str_key && bf_json_get(obj, str_key, &v) == BF_OK &&
        bf_json_type_of(&v) == BF_JSON_STRING)
        return bf_json_id(&v, tmp, out_s, out_len);
    if (num_key && bf_json_get(obj, num_key, &v) == BF_OK &&
        !bf_json_is_null(&v))
        return bf_json_id(&v, tmp, out_s, out_len);
    return BF_ENOTFOUND;
}

/*
 * On Demand for the benchmark only.  The parser is thread_local so the
 * probe keeps the same reuse as the DOM path without a handle; lookups use
 * operator[], which tolerates any member order.
 */
extern "C" bf_err bf__json_probe_ondemand(const char *buf, size_t len,
                                          size_t *io_bytes)
{
    static thread_local ondemand::parser parser;
    ondemand::document doc;
    ondemand::object user;
    std::string_view s;
    size_t bytes = 0;

    if (parser.iterate(buf, len, len + SIMDJSON_PADDING).get(doc))
        return BF_EPARSE;
    if (doc["id_str"].get_string().get(s))
        return BF_EPARSE;
    bytes += s.size();
    if (doc["user"].get_object().get(user))
        return BF_EPARSE;
    if (user["id_str"].get_string().get(s))
        return BF_EPARSE;
    bytes += s.size();
    if (doc["text"].get_string().get(s) && doc["full_text"].get_string().get(s))
        return BF_EPARSE;
    bytes += s.size();
    *io_bytes += bytes;
    return BF_OK;
}
