/*
 * test_json.c - the C interface to simdjson (ingest/json.h).
 *
 * Documents are written as C literals and parsed through
 * bf_json_parse_copy, or through bf_json_parse from a padded buffer, the
 * way readers do.  Each test checks values a wrong implementation would
 * get wrong: 64-bit ids beyond a double's 53 bits, escapes, iteration
 * order, errors on malformed input.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "ingest/json.h"
#include "ingest/json_fields.h"

/* parse parses the C string doc with a copy; the test fails on error. */
static bf_json parse(bf_json_parser *p, const char *doc)
{
    bf_json root;

    assert_int_equal(bf_json_parse_copy(p, doc, strlen(doc), &root), BF_OK);
    return root;
}

static int setup(void **state)
{
    bf_json_parser *p;

    if (bf_json_parser_new(1 << 20, &p) != BF_OK)
        return -1;
    *state = p;
    return 0;
}

static int teardown(void **state)
{
    bf_json_parser_free(*state);
    return 0;
}

static void test_types(void **state)
{
    bf_json_parser *p = *state;
    bf_json root = parse(p, "{\"n\":null,\"t\":true,\"f\":false,\"i\":-42,"
                            "\"u\":18446744073709551615,\"d\":1.5,"
                            "\"s\":\"x\",\"a\":[],\"o\":{}}");
    bf_json v;
    int64_t i;
    uint64_t u;
    double d;
    int b;

    assert_int_equal(bf_json_type_of(&root), BF_JSON_OBJECT);
    assert_int_equal(bf_json_get(&root, "n", &v), BF_OK);
    assert_int_equal(bf_json_type_of(&v), BF_JSON_NULL);
    assert_true(bf_json_is_null(&v));
    assert_int_equal(bf_json_bool(&v, &b), BF_EPARSE);

    assert_int_equal(bf_json_get(&root, "t", &v), BF_OK);
    assert_int_equal(bf_json_type_of(&v), BF_JSON_BOOL);
    assert_int_equal(bf_json_bool(&v, &b), BF_OK);
    assert_int_equal(b, 1);
    assert_int_equal(bf_json_get(&root, "f", &v), BF_OK);
    assert_int_equal(bf_json_bool(&v, &b), BF_OK);
    assert_int_equal(b, 0);
    assert_false(bf_json_is_null(&v));

    assert_int_equal(bf_json_get(&root, "i", &v), BF_OK);
    assert_int_equal(bf_json_type_of(&v), BF_JSON_INT64);
    assert_int_equal(bf_json_int64(&v, &i), BF_OK);
    assert_true(i == -42);
    /* A negative number has no uint64 value. */
    assert_int_equal(bf_json_uint64(&v, &u), BF_ELIMIT);

    assert_int_equal(bf_json_get(&root, "u", &v), BF_OK);
    assert_int_equal(bf_json_type_of(&v), BF_JSON_UINT64);
    assert_int_equal(bf_json_uint64(&v, &u), BF_OK);
    assert_true(u == UINT64_MAX);
    assert_int_equal(bf_json_int64(&v, &i), BF_ELIMIT);

    assert_int_equal(bf_json_get(&root, "d", &v), BF_OK);
    assert_int_equal(bf_json_type_of(&v), BF_JSON_DOUBLE);
    assert_int_equal(bf_json_double(&v, &d), BF_OK);
    assert_true(d == 1.5);
    assert_int_equal(bf_json_int64(&v, &i), BF_EPARSE);

    assert_int_equal(bf_json_get(&root, "s", &v), BF_OK);
    assert_int_equal(bf_json_type_of(&v), BF_JSON_STRING);
    assert_int_equal(bf_json_int64(&v, &i), BF_EPARSE);
    assert_int_equal(bf_json_get(&root, "a", &v), BF_OK);
    assert_int_equal(bf_json_type_of(&v), BF_JSON_ARRAY);
    assert_int_equal(bf_json_size(&v), 0);
    assert_int_equal(bf_json_get(&root, "o", &v), BF_OK);
    assert_int_equal(bf_json_type_of(&v), BF_JSON_OBJECT);

    assert_int_equal(bf_json_get(&root, "missing", &v), BF_ENOTFOUND);
    /* Looking a key up in something that is not an object. */
    assert_int_equal(bf_json_get(&root, "s", &v), BF_OK);
    assert_int_equal(bf_json_get(&v, "x", &v), BF_EPARSE);
}

static void test_nested(void **state)
{
    bf_json_parser *p = *state;
    bf_json root = parse(p, "{\"user\":{\"id_str\":\"12\",\"entities\":"
                            "{\"urls\":[{\"u\":\"a\"},{\"u\":\"b\"}]}}}");
    bf_json user, v;
    const char *s;
    size_t n;

    assert_int_equal(bf_json_get(&root, "user", &user), BF_OK);
    assert_int_equal(bf_json_get(&user, "id_str", &v), BF_OK);
    assert_int_equal(bf_json_string(&v, &s, &n), BF_OK);
    assert_string_equal(s, "12");
    assert_int_equal(n, 2);

    assert_int_equal(bf_json_at(&root, "/user/entities/urls/1/u", &v), BF_OK);
    assert_int_equal(bf_json_string(&v, &s, &n), BF_OK);
    assert_string_equal(s, "b");
    assert_int_equal(bf_json_at(&root, "/user/entities/urls/2", &v),
                     BF_ENOTFOUND);
    assert_int_equal(bf_json_at(&root, "/user/nothing", &v), BF_ENOTFOUND);
    assert_int_equal(bf_json_at(&root, "/user/id_str/x", &v), BF_ENOTFOUND);
    assert_int_equal(bf_json_at(&root, "user", &v), BF_EINVAL);
    assert_int_equal(bf_json_at(&root, "", &v), BF_OK);
    assert_int_equal(bf_json_type_of(&v), BF_JSON_OBJECT);
    assert_int_equal(bf_json_at(&root, "/user/entities/urls", &v), BF_OK);
    assert_int_equal(bf_json_size(&v), 2);
}

static void test_iterate(void **state)
{
    bf_json_parser *p = *state;
    bf_json root = parse(p, "{\"a\":[1,\"two\",[3],{\"four\":4}],"
                            "\"b\":2,\"c\":3}");
    bf_json arr, v;
    bf_json_iter it;
    const char *key;
    size_t klen;
    int64_t n;
    const char *want[] = { "a", "b", "c" };
    bf_json_type types[] = { BF_JSON_INT64, BF_JSON_STRING, BF_JSON_ARRAY,
                             BF_JSON_OBJECT };
    int i;

    assert_int_equal(bf_json_get(&root, "a", &arr), BF_OK);
    assert_int_equal(bf_json_size(&arr), 4);
    assert_int_equal(bf_json_iter_init(&arr, &it), BF_OK);
    for (i = 0; bf_json_iter_next(&it, &v, &key, &klen); i++) {
        assert_true(i < 4);
        assert_null(key);
        assert_int_equal(klen, 0);
        assert_int_equal(bf_json_type_of(&v), types[i]);
    }
    assert_int_equal(i, 4);
    /* The end stays the end. */
    assert_int_equal(bf_json_iter_next(&it, &v, NULL, NULL), 0);

    assert_int_equal(bf_json_size(&root), 3);
    assert_int_equal(bf_json_iter_init(&root, &it), BF_OK);
    for (i = 0; bf_json_iter_next(&it, &v, &key, &klen); i++) {
        assert_true(i < 3);
        assert_string_equal(key, want[i]);
        assert_int_equal(klen, 1);
    }
    assert_int_equal(i, 3);
    assert_int_equal(bf_json_get(&root, "c", &v), BF_OK);
    assert_int_equal(bf_json_int64(&v, &n), BF_OK);
    assert_true(n == 3);

    /* Scalars cannot be iterated and have no size. */
    assert_int_equal(bf_json_iter_init(&v, &it), BF_EPARSE);
    assert_int_equal(bf_json_size(&v), 0);
}

static void test_big_ids(void **state)
{
    bf_json_parser *p = *state;
    bf_json root = parse(p, "{\"id\":1234567890123456789,"
                            "\"id_str\":\"1234567890123456789\","
                            "\"max\":18446744073709551615,"
                            "\"f\":1.2345678901234568e18,\"neg\":-5,"
                            "\"only\":983878630219681792,\"null\":null}");
    char tmp[BF_JSON_ID_MAX];
    const char *s;
    size_t n;
    bf_json v;
    int64_t i;

    assert_int_equal(bf_json_get(&root, "id", &v), BF_OK);
    assert_int_equal(bf_json_int64(&v, &i), BF_OK);
    assert_true(i == INT64_C(1234567890123456789));
    assert_int_equal(bf_json_id(&v, tmp, &s, &n), BF_OK);
    assert_string_equal(s, "1234567890123456789");
    assert_int_equal(n, 19);

    assert_int_equal(bf_json_get(&root, "max", &v), BF_OK);
    assert_int_equal(bf_json_id(&v, tmp, &s, &n), BF_OK);
    assert_string_equal(s, "18446744073709551615");

    /* A double may have lost digits: never an id. */
    assert_int_equal(bf_json_get(&root, "f", &v), BF_OK);
    assert_int_equal(bf_json_id(&v, tmp, &s, &n), BF_EPARSE);
    assert_int_equal(bf_json_get(&root, "neg", &v), BF_OK);
    assert_int_equal(bf_json_id(&v, tmp, &s, &n), BF_EPARSE);

    /* id_str wins; the numeric id is the fallback; null is absent. */
    assert_int_equal(bf_json_get_id(&root, "id_str", "id", tmp, &s, &n), BF_OK);
    assert_true(s != tmp);
    assert_string_equal(s, "1234567890123456789");
    assert_int_equal(bf_json_get_id(&root, "only_str", "only", tmp, &s, &n),
                     BF_OK);
    assert_string_equal(s, "983878630219681792");
    assert_int_equal(bf_json_get_id(&root, "null", "null", tmp, &s, &n),
                     BF_ENOTFOUND);
    assert_int_equal(bf_json_get_id(&root, "x", NULL, tmp, &s, &n),
                     BF_ENOTFOUND);
}

static void test_strings(void **state)
{
    bf_json_parser *p = *state;
    bf_json root = parse(p, "[\"a\\\"b\\\\c\\n\\t\\/\","
                            "\"\\u00e9\\u65e5\\ud83d\\ude00\","
                            "\"\xc3\xa9t\xc3\xa9\",\"nul\\u0000x\"]");
    bf_json_iter it;
    bf_json v;
    const char *s;
    size_t n;

    assert_int_equal(bf_json_iter_init(&root, &it), BF_OK);
    assert_true(bf_json_iter_next(&it, &v, NULL, NULL));
    assert_int_equal(bf_json_string(&v, &s, &n), BF_OK);
    assert_string_equal(s, "a\"b\\c\n\t/");
    assert_int_equal(n, 8);
    /* \u escapes, including a surrogate pair, become UTF-8. */
    assert_true(bf_json_iter_next(&it, &v, NULL, NULL));
    assert_int_equal(bf_json_string(&v, &s, &n), BF_OK);
    assert_string_equal(s, "\xc3\xa9\xe6\x97\xa5\xf0\x9f\x98\x80");
    assert_int_equal(n, 9);
    assert_true(bf_json_iter_next(&it, &v, NULL, NULL));
    assert_int_equal(bf_json_string(&v, &s, &n), BF_OK);
    assert_string_equal(s, "\xc3\xa9t\xc3\xa9");
    /* An escaped NUL: the length is right, the C view stops early. */
    assert_true(bf_json_iter_next(&it, &v, NULL, NULL));
    assert_int_equal(bf_json_string(&v, &s, &n), BF_OK);
    assert_int_equal(n, 5);
    assert_int_equal(memcmp(s, "nul\0x", 5), 0);
    assert_int_equal(strlen(s), 3);
}

/* The member readers the JSON formats share (json_fields.h). */
static void test_fields(void **state)
{
    bf_json_parser *p = *state;
    bf_json root = parse(p, "{\"s\":\"x\",\"e\":\"\",\"z\":null,\"n\":7,"
                            "\"neg\":-3,\"txt\":\"12\",\"bad\":\"1a\","
                            "\"big\":\"1234567890123456789\",\"t\":true,"
                            "\"iso\":\"2023-05-28T12:06:50.000Z\","
                            "\"tw\":\"Wed Apr 11 01:27:54 +0000 2018\","
                            "\"no\":\"yesterday\",\"a\":[1,2,3],\"o\":{}}");
    bf_json v;
    int64_t n;
    size_t len;

    assert_string_equal(bf_json_get_str(&root, "s"), "x");
    assert_null(bf_json_get_str(&root, "n"));
    assert_null(bf_json_get_str(&root, "missing"));
    assert_null(bf_json_get_str(NULL, "s"));
    assert_string_equal(bf_json_get_strn(&root, "e", &len), "");
    assert_int_equal(len, 0);
    assert_string_equal(bf_json_get_strn(&root, "s", &len), "x");
    assert_int_equal(len, 1);
    assert_true(bf_json_get_typed(&root, "o", BF_JSON_OBJECT, &v));
    assert_false(bf_json_get_typed(&root, "a", BF_JSON_OBJECT, &v));
    assert_int_equal(bf_json_get_flag(&root, "t"), 1);
    assert_int_equal(bf_json_get_flag(&root, "n"), -1);
    assert_int_equal(bf_json_get_flag(&root, "missing"), -1);

    /* Counters: absent and null are unknown without an error. */
    assert_int_equal(bf_json_get_count(&root, "n", 0, &n), BF_OK);
    assert_int_equal(n, 7);
    assert_int_equal(bf_json_get_count(&root, "z", 0, &n), BF_OK);
    assert_int_equal(n, -1);
    assert_int_equal(bf_json_get_count(&root, "missing", 0, &n), BF_OK);
    assert_int_equal(n, -1);
    assert_int_equal(bf_json_get_count(NULL, "n", 0, &n), BF_OK);
    assert_int_equal(n, -1);
    assert_int_equal(bf_json_get_count(&root, "neg", 0, &n), BF_EPARSE);
    assert_int_equal(n, -1);
    assert_int_equal(bf_json_get_count(&root, "neg", BF_JSON_COUNT_SIGNED, &n),
                     BF_OK);
    assert_int_equal(n, -3);
    assert_int_equal(bf_json_get_count(&root, "txt", 0, &n), BF_EPARSE);
    assert_int_equal(bf_json_get_count(&root, "txt", BF_JSON_COUNT_TEXT, &n),
                     BF_OK);
    assert_int_equal(n, 12);
    assert_int_equal(bf_json_get_count(&root, "bad", BF_JSON_COUNT_TEXT, &n),
                     BF_EPARSE);
    assert_int_equal(n, -1);
    /* More than 18 digits might overflow: refused. */
    assert_int_equal(bf_json_get_count(&root, "big", BF_JSON_COUNT_TEXT, &n),
                     BF_EPARSE);

    /* Dates: ISO 8601 and Twitter's form; a bad one is BF_EPARSE, 0. */
    assert_int_equal(bf_json_get_time(&root, "iso", 0, &n), BF_OK);
    assert_int_equal(n, 1685275610);
    assert_int_equal(bf_json_get_time(&root, "tw", 0, &n), BF_OK);
    assert_int_equal(n, 1523410074);
    assert_int_equal(bf_json_get_time(&root, "z", 0, &n), BF_OK);
    assert_int_equal(n, 0);
    assert_int_equal(bf_json_get_time(&root, "no", 0, &n), BF_EPARSE);
    assert_int_equal(n, 0);
    assert_int_equal(bf_json_get_time(&root, "n", 0, &n), BF_EPARSE);
    /* Plausible for the time it was seen: a day after it is, three not. */
    assert_int_equal(bf_json_get_time(&root, "iso", 1685275610 - 86400, &n),
                     BF_OK);
    assert_int_equal(bf_json_get_time(&root, "iso", 1685275610 - 3 * 86400, &n),
                     BF_EPARSE);
    assert_int_equal(n, 0);

    assert_int_equal(bf_json_get_size(&root, "a"), 3);
    assert_int_equal(bf_json_get_size(&root, "o"), 0);
    assert_int_equal(bf_json_get_size(&root, "missing"), 0);

    assert_true(bf_json_id_decimal("18446744073709551615", 20));
    assert_false(bf_json_id_decimal("123456789012345678901", 21));
    assert_false(bf_json_id_decimal("12a", 3));
    assert_false(bf_json_id_decimal("", 0));
    assert_true(bf_json_id_printable("did:plc:abc"));
    assert_false(bf_json_id_printable("a b"));
    assert_false(bf_json_id_printable(""));
}

/* The diagnostics for refused documents, and element-indexed details. */
static void test_field_diags(void **state)
{
    bf_json_parser *p = *state;
    const char *msg = NULL;
    bf_json root;
    bf_diags d;

    assert_int_equal(bf_json_parse_copy(p, "{\"a\":", 5, &root), BF_EPARSE);
    assert_int_equal(bf__json_fault_diag(p, &msg), BF_D_JSON_SYNTAX);
    assert_non_null(msg);
    assert_int_equal(bf_json_parse_copy(p, "\"\xff\"", 3, &root), BF_EPARSE);
    assert_int_equal(bf__json_fault_diag(p, NULL), BF_D_BAD_ENCODING);

    bf_diags_init(&d);
    bf__json_diag_at(&d, BF_D_BAD_ID, "f.json", 3, 40, "followers", 2, "did");
    bf__json_diag_at(&d, BF_D_MISSING_FIELD, "f.json", 4, 50, NULL, 0, "uri");
    assert_int_equal(d.n, 2);
    assert_non_null(strstr(d.recs[0].message, ": followers[2]: did"));
    assert_int_equal(d.recs[0].line, 3);
    assert_int_equal(d.recs[0].offset, 40);
    assert_non_null(strstr(d.recs[1].message, "uri"));
    assert_null(strstr(d.recs[1].message, "["));
    bf_diags_release(&d);
}

static void test_malformed(void **state)
{
    bf_json_parser *p = *state;
    static const char *const bad[] = {
        "",         "{",    "{\"a\":}",        "[1,]",
        "{\"a\":1", "nul",  "{\"a\":1} x",     "\"unterminated",
        "{a:1}",    "[01]", "{\"a\":\"\x01\"}"
    };
    const char *msg = NULL;
    bf_json root;
    size_t i;

    for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        assert_int_equal(bf_json_parse_copy(p, bad[i], strlen(bad[i]), &root),
                         BF_EPARSE);
        assert_int_equal(bf_json_parser_fault(p, &msg), BF_JSON_FAULT_SYNTAX);
        assert_non_null(msg);
    }
    /* Invalid UTF-8 is told apart from bad syntax. */
    assert_int_equal(bf_json_parse_copy(p, "[\"\xff\"]", 5, &root), BF_EPARSE);
    assert_int_equal(bf_json_parser_fault(p, NULL), BF_JSON_FAULT_UTF8);
    /* The parser is still usable after errors. */
    root = parse(p, "[1]");
    assert_int_equal(bf_json_parser_fault(p, NULL), BF_JSON_FAULT_NONE);
    assert_int_equal(bf_json_size(&root), 1);
}

static void test_limits(void **state)
{
    bf_json_parser *small;
    bf_json root;
    char *deep;
    size_t i, n = 3000;

    (void)state;
    assert_int_equal(bf_json_parser_new(8, &small), BF_OK);
    assert_int_equal(bf_json_parse_copy(small, "[1,2,3,4]", 9, &root),
                     BF_ELIMIT);
    assert_int_equal(bf_json_parser_fault(small, NULL), BF_JSON_FAULT_SIZE);
    assert_int_equal(bf_json_parse_copy(small, "[1,2,3]", 7, &root), BF_OK);
    bf_json_parser_free(small);
    bf_json_parser_free(NULL);

    /* Nesting beyond simdjson's depth limit is refused, not a crash. */
    deep = malloc(2 * n);
    assert_non_null(deep);
    for (i = 0; i < n; i++) {
        deep[i] = '[';
        deep[2 * n - 1 - i] = ']';
    }
    assert_int_equal(bf_json_parser_new(1 << 20, &small), BF_OK);
    assert_int_equal(bf_json_parse_copy(small, deep, 2 * n, &root), BF_ELIMIT);
    assert_int_equal(bf_json_parser_fault(small, NULL), BF_JSON_FAULT_DEPTH);
    bf_json_parser_free(small);
    free(deep);
}

/* A large document, then a small one: the parser shrinks and still works. */
static void test_padded_and_shrink(void **state)
{
    bf_json_parser *p;
    size_t n = (3u << 20) + 1, i;
    char *big = malloc(n + BF_JSON_PADDING);
    char small[16 + BF_JSON_PADDING] = "{\"k\":7}";
    bf_json root, v;
    int64_t k;

    (void)state;
    assert_non_null(big);
    assert_int_equal(bf_json_parser_new(n, &p), BF_OK);
    /* "[0,0,...,0]": n is odd, so n / 2 zeros fill it exactly. */
    big[0] = '[';
    for (i = 1; i < n; i += 2) {
        big[i] = '0';
        big[i + 1] = ',';
    }
    big[n - 1] = ']';
    memset(big + n, 0, BF_JSON_PADDING);
    assert_int_equal(bf_json_parse(p, big, n, &root), BF_OK);
    assert_int_equal(bf_json_size(&root), n / 2);
    free(big);
    assert_int_equal(bf_json_parse(p, small, strlen(small), &root), BF_OK);
    assert_int_equal(bf_json_get(&root, "k", &v), BF_OK);
    assert_int_equal(bf_json_int64(&v, &k), BF_OK);
    assert_true(k == 7);
    bf_json_parser_free(p);
}

static void test_probe_ondemand(void **state)
{
    char buf[256 + BF_JSON_PADDING] = "{\"id_str\":\"123\",\"text\":\"hello\","
                                      "\"user\":{\"id_str\":\"45\"}}";
    size_t bytes = 0;

    (void)state;
    assert_int_equal(bf__json_probe_ondemand(buf, strlen(buf), &bytes), BF_OK);
    assert_int_equal(bytes, 3 + 2 + 5);
    strcpy(buf, "{\"id_str\":1}");
    assert_int_equal(bf__json_probe_ondemand(buf, strlen(buf), &bytes),
                     BF_EPARSE);
}

/*
 * An indexed object answers every lookup as the scan does: names that
 * share a beginning or an end, shorter and longer than the 8 bytes the
 * hash reads, escaped names, the first of duplicates, absent names.
 */
/* digest_at is the digest, seeded with seed, of doc's value at pointer. */
static uint64_t digest_at(bf_json_parser *p, const char *doc,
                          const char *pointer, uint64_t seed)
{
    bf_json root = parse(p, doc), v;

    assert_int_equal(bf_json_at(&root, pointer, &v), BF_OK);
    return bf_json_digest(&v, seed);
}

/*
 * A value digests alike wherever it sits in a document, whatever comes
 * before or after it (strings written before and after it included, and
 * a string ending mid-word of the buffer); any change in it, of a name, a
 * string, a number, a literal, a type or the nesting, gives another
 * digest, and so does another seed.
 */
static void test_digest(void **state)
{
    static const char *const same[] = {
        "{\"pre\":\"x\",\"u\":{\"id\":\"7\",\"n\":12,\"b\":true,\"c\":false,"
        "\"s\":\"abcdefghijk\",\"o\":{\"k\":[1,2.5,null]}},\"post\":\"z\"}",
        "{\"a much longer member before\":\"with a longer string, too\","
        "\"x\":[1,2,3],\"u\":{\"id\":\"7\",\"n\":12,\"b\":true,\"c\":false,"
        "\"s\":\"abcdefghijk\",\"o\":{\"k\":[1,2.5,null]}},"
        "\"after\":\"qwertyuiopasdfgh\"}",
        "{\"u\":{\"id\":\"7\",\"n\":12,\"b\":true,\"c\":false,"
        "\"s\":\"abcdefghijk\",\"o\":{\"k\":[1,2.5,null]}}}",
    };
    static const char *const other[] = {
        /* each differs from the first above in one thing */
        "{\"u\":{\"id\":\"8\",\"n\":12,\"b\":true,\"c\":false,"
        "\"s\":\"abcdefghijk\",\"o\":{\"k\":[1,2.5,null]}}}",
        "{\"u\":{\"id\":\"7\",\"n\":13,\"b\":true,\"c\":false,"
        "\"s\":\"abcdefghijk\",\"o\":{\"k\":[1,2.5,null]}}}",
        "{\"u\":{\"id\":\"7\",\"n\":12.0,\"b\":true,\"c\":false,"
        "\"s\":\"abcdefghijk\",\"o\":{\"k\":[1,2.5,null]}}}",
        "{\"u\":{\"id\":\"7\",\"n\":\"12\",\"b\":true,\"c\":false,"
        "\"s\":\"abcdefghijk\",\"o\":{\"k\":[1,2.5,null]}}}",
        "{\"u\":{\"id\":\"7\",\"n\":12,\"b\":false,\"c\":true,"
        "\"s\":\"abcdefghijk\",\"o\":{\"k\":[1,2.5,null]}}}",
        "{\"u\":{\"id\":\"7\",\"m\":12,\"b\":true,\"c\":false,"
        "\"s\":\"abcdefghijk\",\"o\":{\"k\":[1,2.5,null]}}}",
        "{\"u\":{\"id\":\"7\",\"n\":12,\"b\":true,\"c\":false,"
        "\"s\":\"abcdefghiJk\",\"o\":{\"k\":[1,2.5,null]}}}",
        "{\"u\":{\"id\":\"7\",\"n\":12,\"b\":true,\"c\":false,"
        "\"s\":\"abcdefghijk\",\"o\":{\"k\":[1,2.5]}}}",
        "{\"u\":{\"id\":\"7\",\"n\":12,\"b\":true,\"c\":false,"
        "\"s\":\"abcdefghijk\",\"o\":{\"k\":[[1,2.5],null]}}}",
        "{\"u\":{\"id\":\"7\",\"n\":12,\"b\":true,\"c\":false,"
        "\"s\":\"abcdefghijk\",\"o\":{\"k\":[1,2.5,false]}}}",
        "{\"u\":{\"id\":\"7\",\"n\":12,\"b\":true,\"c\":false,"
        "\"s\":\"abcdefghijk\",\"o\":{\"k\":[1,2.5,null],\"l\":0}}}",
        "{\"u\":{\"id\":\"7\",\"n\":12,\"b\":true,\"c\":false,"
        "\"s\":\"abcdefghi\",\"o\":{\"k\":[1,2.5,null]}}}",
        "{\"u\":{\"id\":\"7\",\"n\":12,\"b\":true,\"c\":false,"
        "\"s\":\"abcdefghijk\",\"o\":{\"kk\":[1,2.5,null]}}}",
        "{\"u\":{\"id\":\"7\",\"n\":12,\"b\":true,\"c\":false,"
        "\"s\":\"abcdefghijk\",\"o\":{\"k\\u0000\":[1,2.5,null]}}}",
    };
    bf_json_parser *p = *state;
    uint64_t d[sizeof other / sizeof other[0]], base;
    size_t i, j;

    base = digest_at(p, same[0], "/u", 1);
    for (i = 1; i < sizeof same / sizeof same[0]; i++)
        assert_true(digest_at(p, same[i], "/u", 1) == base);
    assert_true(digest_at(p, same[0], "/u", 2) != base);
    for (i = 0; i < sizeof other / sizeof other[0]; i++) {
        d[i] = digest_at(p, other[i], "/u", 1);
        assert_true(d[i] != base);
        for (j = 0; j < i; j++)
            assert_true(d[i] != d[j]);
    }
    /* Strings split differently; values without strings. */
    assert_true(digest_at(p, "[\"ab\",\"c\"]", "", 1) !=
                digest_at(p, "[\"a\",\"bc\"]", "", 1));
    assert_true(digest_at(p, "[1,[2]]", "", 1) ==
                digest_at(p, "{\"x\":[1,[2]]}", "/x", 1));
    assert_true(digest_at(p, "[1,[2]]", "", 1) !=
                digest_at(p, "[[1],2]", "", 1));
}

static void test_index(void **state)
{
    static const char *const names[] = { "a",
                                         "ab",
                                         "retweeted",
                                         "retweet_count",
                                         "retweeted_status",
                                         "quoted_status",
                                         "quoted_status_id",
                                         "quoted_status_id_str",
                                         "12345678",
                                         "x\"y",
                                         "dup",
                                         "k0",
                                         "k59",
                                         "",
                                         "retweete",
                                         "quoted_status_id_st",
                                         "quoted_sXXXXs_id_str",
                                         "quoted_sXXXXs_id_stR",
                                         "zzz",
                                         "x\\\"y",
                                         "k60",
                                         "A" };
    bf_json_parser *p = *state;
    char doc[4096];
    size_t len = 0, i;
    bf_json root, idx_root, v, w, inner;
    bf_json_members idx;
    int64_t a, b;

    /* 64 members: 14 named ones (two of 20 bytes alike in their first
     * and last eight; two of 16 alike in their first eight and in their
     * hash), a duplicate, 49 fillers. */
    len += (size_t)snprintf(doc + len, sizeof doc - len,
                            "{\"a\":1,\"ab\":2,\"retweeted\":3,"
                            "\"retweet_count\":4,\"retweeted_status\":5,"
                            "\"quoted_status\":6,\"quoted_status_id\":7,"
                            "\"quoted_status_id_str\":8,\"12345678\":9,"
                            "\"x\\\"y\":10,\"dup\":11,\"dup\":12,"
                            "\"quoted_sXXXXs_id_str\":13,"
                            "\"quoted_saat8a_id\":14,"
                            "\"quoted_sug0ah_id\":15");
    for (i = 0; i < 49; i++)
        len += (size_t)snprintf(doc + len, sizeof doc - len, ",\"k%zu\":%zu", i,
                                100 + i);
    snprintf(doc + len, sizeof doc - len, "}");
    root = parse(p, doc);
    assert_int_equal(bf_json_size(&root), 64);
    idx_root = root;
    assert_int_equal(bf_json_index(&idx_root, &idx), 1);
    assert_ptr_equal(idx_root.members_, &idx);
    for (i = 0; i < sizeof names / sizeof names[0]; i++) {
        bf_err e1 = bf_json_get(&root, names[i], &v);
        bf_json copy = idx_root;

        assert_int_equal(bf_json_get(&copy, names[i], &w), e1);
        if (e1 != BF_OK)
            continue;
        assert_int_equal(bf_json_int64(&v, &a), BF_OK);
        assert_int_equal(bf_json_int64(&w, &b), BF_OK);
        assert_int_equal(a, b);
    }
    assert_int_equal(bf_json_get(&idx_root, "dup", &v), BF_OK);
    assert_int_equal(bf_json_int64(&v, &a), BF_OK);
    assert_int_equal(a, 11);
    assert_int_equal(bf_json_get(&idx_root, "k48", &v), BF_OK);
    assert_int_equal(bf_json_int64(&v, &a), BF_OK);
    assert_int_equal(a, 148);
    assert_int_equal(bf_json_get(&idx_root, "quoted_saat8a_id", &v), BF_OK);
    assert_int_equal(bf_json_int64(&v, &a), BF_OK);
    assert_int_equal(a, 14);
    assert_int_equal(bf_json_get(&idx_root, "quoted_sug0ah_id", &v), BF_OK);
    assert_int_equal(bf_json_int64(&v, &a), BF_OK);
    assert_int_equal(a, 15);
    assert_int_equal(bf_json_get(&idx_root, "quoted_sXXXXs_id_str", &v), BF_OK);
    assert_int_equal(bf_json_int64(&v, &a), BF_OK);
    assert_int_equal(a, 13);
    assert_int_equal(bf_json_get(&idx_root, "quoted_status_id_str", &v), BF_OK);
    assert_int_equal(bf_json_int64(&v, &a), BF_OK);
    assert_int_equal(a, 8);

    /* bf_json_indexed keeps an index already there, else makes one. */
    {
        bf_json copy;
        bf_json_members other;
        const bf_json *c = bf_json_indexed(&idx_root, &copy, &other);

        assert_ptr_equal(c, &copy);
        assert_ptr_equal(c->members_, &idx);
        c = bf_json_indexed(&root, &copy, &other);
        assert_ptr_equal(c->members_, &other);
        assert_null(root.members_);
        assert_int_equal(bf_json_get(c, "k48", &v), BF_OK);
    }

    /* A value read from an indexed object carries no index. */
    root = parse(p, "{\"u\":{\"id\":5,\"n\":{}},\"t\":1}");
    assert_int_equal(bf_json_index(&root, &idx), 1);
    assert_int_equal(bf_json_get(&root, "u", &inner), BF_OK);
    assert_null(inner.members_);
    assert_int_equal(bf_json_get(&inner, "id", &v), BF_OK);
    assert_int_equal(bf_json_int64(&v, &a), BF_OK);
    assert_int_equal(a, 5);
    assert_int_equal(bf_json_get(&inner, "t", &v), BF_ENOTFOUND);

    /* Too many members, or not an object: left to the scan. */
    len = (size_t)snprintf(doc, sizeof doc, "{\"k\":0");
    for (i = 1; i <= BF_JSON_INDEX_MAX; i++)
        len += (size_t)snprintf(doc + len, sizeof doc - len, ",\"k%zu\":%zu", i,
                                i);
    snprintf(doc + len, sizeof doc - len, "}");
    root = parse(p, doc);
    assert_int_equal(bf_json_index(&root, &idx), 0);
    assert_null(root.members_);
    assert_int_equal(bf_json_get(&root, "k64", &v), BF_OK);
    root = parse(p, "[1,2]");
    assert_int_equal(bf_json_index(&root, &idx), 0);
    assert_null(root.members_);
    assert_int_equal(bf_json_get(&root, "k", &v), BF_EPARSE);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_types, setup, teardown),
        cmocka_unit_test_setup_teardown(test_nested, setup, teardown),
        cmocka_unit_test_setup_teardown(test_index, setup, teardown),
        cmocka_unit_test_setup_teardown(test_digest, setup, teardown),
        cmocka_unit_test_setup_teardown(test_iterate, setup, teardown),
        cmocka_unit_test_setup_teardown(test_big_ids, setup, teardown),
        cmocka_unit_test_setup_teardown(test_strings, setup, teardown),
        cmocka_unit_test_setup_teardown(test_malformed, setup, teardown),
        cmocka_unit_test_setup_teardown(test_fields, setup, teardown),
        cmocka_unit_test_setup_teardown(test_field_diags, setup, teardown),
        cmocka_unit_test(test_limits),
        cmocka_unit_test_setup_teardown(test_padded_and_shrink, setup,
                                        teardown),
        cmocka_unit_test(test_probe_ondemand),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
