/*
 * test_base.c - the base layer: buffers, line input, dates, diagnostics,
 * and the privacy scrubber of the model layer.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>
#include <zlib.h>

#include "base/buf.h"
#include "base/diag.h"
#include "base/dl.h"
#include "base/edit.h"
#include "base/hash.h"
#include "base/input.h"
#include "base/mem.h"
#include "base/msort.h"
#include "base/par.h"
#include "base/time.h"
#include "model/privacy.h"

#include "../edit_table.h"

static void buf_grows_and_stops_at_limit(void **state)
{
    bf_buf b;
    int i;

    (void)state;
    bf_buf_init(&b, 100);
    for (i = 0; i < 10; i++)
        assert_int_equal(bf_buf_puts(&b, "0123456789"), BF_OK);
    assert_int_equal(b.len, 100);
    assert_int_equal(bf_buf_putc(&b, 'x'), BF_ELIMIT);
    assert_int_equal(b.len, 100);
    assert_int_equal(b.data[100], '\0');
    bf_buf_reset(&b);
    assert_int_equal(bf_buf_appendf(&b, "%d-%s", 42, "ok"), BF_OK);
    assert_string_equal(b.data, "42-ok");
    bf_buf_release(&b);
}

static void buf_escapes_json_and_html(void **state)
{
    bf_buf b;

    (void)state;
    bf_buf_init(&b, 1000);
    assert_int_equal(bf_buf_json_string(&b, "a\"b\\c\n\x01", 7), BF_OK);
    assert_string_equal(b.data, "\"a\\\"b\\\\c\\n\\u0001\"");
    bf_buf_reset(&b);
    assert_int_equal(bf_buf_html(&b, "<script>'&\""), BF_OK);
    assert_string_equal(b.data, "&lt;script&gt;&#39;&amp;&quot;");
    bf_buf_release(&b);
}

static char *write_temp(const char *content, size_t n, int gz)
{
    static char path[64];
    int fd;

    snprintf(path, sizeof path, "/tmp/bf-test-XXXXXX");
    fd = mkstemp(path);
    assert_true(fd >= 0);
    if (gz) {
        gzFile g = gzdopen(fd, "wb");

        assert_non_null(g);
        assert_int_equal(gzwrite(g, content, (unsigned)n), (int)n);
        gzclose(g);
    } else {
        assert_int_equal(write(fd, content, n), (ssize_t)n);
        close(fd);
    }
    return path;
}

/* dist is bf_edit_distance of two C strings. */
static size_t dist(const char *a, const char *b, size_t limit)
{
    return bf_edit_distance(a, strlen(a), b, strlen(b), limit);
}

static void edit_distance_counts_and_stops(void **state)
{
    char big[BF_EDIT_MAX + 2];

    (void)state;
    assert_int_equal(dist("kitten", "sitting", 10), 3);
    assert_int_equal(dist("sitting", "kitten", 10), 3);
    assert_int_equal(dist("", "abc", 10), 3);
    assert_int_equal(dist("abc", "", 10), 3);
    assert_int_equal(dist("", "", 10), 0);
    assert_int_equal(dist("flaw", "lawn", 10), 2);
    assert_int_equal(dist("Agirard", "agirard", 10), 1); /* bytes as is */
    /* Above the limit: limit + 1, whether by length or along the way. */
    assert_int_equal(dist("kitten", "sitting", 2), 3);
    assert_int_equal(dist("a", "abcdef", 2), 3);
    assert_int_equal(dist("abcdef", "uvwxyz", 0), 1);
    assert_int_equal(dist("same", "same", 0), 0);
    /* No limit. */
    assert_int_equal(dist("abcdef", "uvwxyz", SIZE_MAX - 1), 6);
    /* A second string beyond BF_EDIT_MAX is refused, as above the limit. */
    memset(big, 'x', sizeof big - 1);
    big[sizeof big - 1] = '\0';
    assert_int_equal(dist("x", big, 5), 6);
}

/*
 * Random strings over small alphabets (many matches, so many paths),
 * of 0 to 150 bytes, high bytes included: one string or both within a
 * machine word and neither, with and without a limit.
 */
static void edit_distance_matches_the_table(void **state)
{
    static const char alpha[] = "ab_\xc3\xa9Zz0";
    char a[EDIT_TABLE_MAX + 1], b[EDIT_TABLE_MAX + 1];
    uint32_t seed = 7;
    int round;

    (void)state;
    for (round = 0; round < 6000; round++) {
        size_t na, nb, i, want, k = (size_t)(round % 3) + 2, limit;

        seed = seed * 1103515245u + 12345u;
        na = (seed >> 8) % (round % 5 == 0 ? EDIT_TABLE_MAX + 1 : 70);
        seed = seed * 1103515245u + 12345u;
        nb = (seed >> 8) % (round % 7 == 0 ? EDIT_TABLE_MAX + 1 : 70);
        for (i = 0; i < na; i++) {
            seed = seed * 1103515245u + 12345u;
            a[i] = alpha[(seed >> 16) % k];
        }
        for (i = 0; i < nb; i++) {
            seed = seed * 1103515245u + 12345u;
            b[i] = alpha[(seed >> 16) % k];
        }
        want = edit_table(a, na, b, nb);
        assert_int_equal(bf_edit_distance(a, na, b, nb, SIZE_MAX - 1), want);
        limit = (size_t)round % 12;
        assert_int_equal(bf_edit_distance(a, na, b, nb, limit),
                         want > limit ? limit + 1 : want);
    }
}

static void check_lines(const char *path)
{
    bf_input *in;
    const char *line;
    size_t len;

    assert_int_equal(bf_input_open(path, 1000, &in), BF_OK);
    assert_int_equal(bf_input_line(in, &line, &len), BF_OK);
    assert_string_equal(line, "first");
    assert_int_equal(bf_input_lineno(in), 1);
    assert_int_equal(bf_input_offset(in), 0);
    assert_int_equal(bf_input_line(in, &line, &len), BF_OK);
    assert_string_equal(line, "second");
    assert_int_equal(len, 6);
    assert_int_equal(bf_input_offset(in), 6);
    assert_int_equal(bf_input_line(in, &line, &len), BF_OK);
    assert_string_equal(line, "");
    assert_int_equal(bf_input_line(in, &line, &len), BF_OK);
    assert_string_equal(line, "last, no newline");
    assert_int_equal(bf_input_lineno(in), 4);
    assert_int_equal(bf_input_line(in, &line, &len), BF_ENOTFOUND);
    bf_input_close(in);
}

static void input_reads_plain_and_gzip(void **state)
{
    static const char text[] = "first\nsecond\r\n\nlast, no newline";
    char *path;

    (void)state;
    path = write_temp(text, sizeof text - 1, 0);
    check_lines(path);
    unlink(path);
    path = write_temp(text, sizeof text - 1, 1);
    check_lines(path);
    unlink(path);
}

static void input_skips_overlong_line(void **state)
{
    size_t n = 3 * BF_INPUT_WINDOW, i;
    char *text = malloc(n + 20);
    bf_input *in;
    const char *line, *path;
    size_t len;

    (void)state;
    memcpy(text, "ok\n", 3);
    for (i = 3; i < n; i++)
        text[i] = 'x';
    memcpy(text + n, "\nafter\n", 7);
    path = write_temp(text, n + 7, 0);
    assert_int_equal(bf_input_open(path, BF_INPUT_WINDOW, &in), BF_OK);
    assert_int_equal(bf_input_line(in, &line, &len), BF_OK);
    assert_string_equal(line, "ok");
    assert_int_equal(bf_input_line(in, &line, &len), BF_ELIMIT);
    assert_int_equal(bf_input_lineno(in), 2);
    assert_int_equal(bf_input_offset(in), 3);
    assert_int_equal(bf_input_line(in, &line, &len), BF_OK);
    assert_string_equal(line, "after");
    assert_int_equal(bf_input_lineno(in), 3);
    assert_int_equal(bf_input_line(in, &line, &len), BF_ENOTFOUND);
    bf_input_close(in);
    unlink(path);
    free(text);
}

static void input_long_line_within_limit(void **state)
{
    size_t n = 2 * BF_INPUT_WINDOW + 5, i;
    char *text = malloc(n + 1);
    bf_input *in;
    const char *line, *path;
    size_t len;

    (void)state;
    for (i = 0; i < n; i++)
        text[i] = (char)('a' + i % 26);
    text[n] = '\n';
    path = write_temp(text, n + 1, 0);
    assert_int_equal(bf_input_open(path, 4 * BF_INPUT_WINDOW, &in), BF_OK);
    assert_int_equal(bf_input_line(in, &line, &len), BF_OK);
    assert_int_equal(len, n);
    assert_memory_equal(line, text, n);
    bf_input_close(in);
    unlink(path);
    free(text);
}

static void time_parses_platform_dates(void **state)
{
    int64_t t;
    char iso[21];

    (void)state;
    assert_int_equal(bf_time_parse("Fri Apr 06 10:58:22 +0000 2007", 30, &t),
                     BF_OK);
    assert_int_equal(t, 1175857102);
    bf_time_iso(t, iso);
    assert_string_equal(iso, "2007-04-06T10:58:22Z");
    assert_int_equal(bf_time_parse("2007-04-06T10:58:22.000Z", 24, &t), 0);
    assert_int_equal(t, 1175857102);
    assert_int_equal(bf_time_parse("2007-04-06 12:58:22+02:00", 25, &t), 0);
    assert_int_equal(t, 1175857102);
    assert_int_equal(bf_time_parse("2015-02-14 10:54:49", 19, &t), 0);
    assert_int_equal(t, 1423911289);
    assert_int_equal(bf_time_parse("1970-01-01", 10, &t), 0);
    assert_int_equal(t, 0);
    assert_int_equal(bf_time_parse("1423911289", 10, &t), 0);
    assert_int_equal(t, 1423911289);
    assert_int_equal(bf_time_parse("Fri Xyz 06 10:58:22 +0000 2007", 30, &t),
                     BF_EPARSE);
    assert_int_equal(bf_time_parse("2007-13-06", 10, &t), BF_EPARSE);
    assert_int_equal(bf_time_parse("yesterday", 9, &t), BF_EPARSE);
    assert_int_equal(bf_time_parse("", 0, &t), BF_EPARSE);
}

/* The calendar date and month of a time agree with the C library's
 * gmtime_r. */
static void time_civil_matches_gmtime(void **state)
{
    int64_t t;

    (void)state;
    /* 1901 to 2099 in steps of a little over three days and an hour, so
     * that every day of the month, leap days and times of day come up. */
    for (t = -2147483647; t < INT64_C(4102444800); t += 3 * 86400 + 3607) {
        time_t tt = (time_t)t;
        struct tm tm;
        int64_t y;
        unsigned m, d;

        assert_non_null(gmtime_r(&tt, &tm));
        bf_time_civil(t, &y, &m, &d);
        if (y != tm.tm_year + 1900 || m != (unsigned)tm.tm_mon + 1 ||
            d != (unsigned)tm.tm_mday ||
            bf_time_month(t) != 12 * (tm.tm_year + 1900) + tm.tm_mon)
            fail_msg("%lld: %lld-%u-%u, gmtime %d-%d-%d", (long long)t,
                     (long long)y, m, d, tm.tm_year + 1900, tm.tm_mon + 1,
                     tm.tm_mday);
    }
}

static void diag_counts_beyond_what_it_keeps(void **state)
{
    bf_diags d;
    int i;

    (void)state;
    bf_diags_init(&d);
    for (i = 0; i < BF_DIAG_KEEP + 10; i++)
        bf_diag(&d, BF_D_EDGE_FIELDS, "e.txt", (uint64_t)i + 1, 0, "foo");
    bf_diag(&d, BF_D_BAD_DATE, "e.txt", 1, 0, NULL);
    assert_int_equal(d.rejected, BF_DIAG_KEEP + 10);
    assert_int_equal(d.warnings, 1);
    assert_int_equal(d.n, BF_DIAG_KEEP);
    assert_string_equal(d.recs[6].file, "e.txt");
    assert_int_equal(d.recs[6].line, 7);
    assert_non_null(strstr(d.recs[6].message, "foo"));
    bf_diags_release(&d);
}

static void diag_speaks_french_when_asked(void **state)
{
    bf_diags d;

    (void)state;
    bf_diags_init(&d);
    bf_diag_set_french(1);
    bf_diag(&d, BF_D_EDGE_FIELDS, "e.txt", 4, 0, "\"foo\"");
    bf_diag_set_french(0);
    bf_diag(&d, BF_D_EDGE_FIELDS, "e.txt", 5, 0, NULL);
    assert_string_equal(d.recs[0].message,
                        "deux identifiants de compte attendus (abonné "
                        "abonnement): \"foo\"");
    assert_string_equal(d.recs[1].message,
                        "expected two account ids (follower followee)");
    bf_diags_release(&d);
}

/*
 * The scrubber's table: each row is an input, what must come out and how
 * many contact details were replaced.  Rows with 0 are the false positives
 * to avoid: dates, prices, years, counts, ids, handles, coordinates.
 */
static const struct {
    const char *in, *want;
    int found;
} privacy_table[] = {
    /* E-mail addresses. */
    { "write to jean.dupont@example.fr today", "write to [email] today", 1 },
    { "mail: a@b.co.", "mail: [email].", 1 },
    { "J\xC3\xB6hn: j\xC3\xB6hn@ex\xC3\xA4mple.de", "J\xC3\xB6hn: [email]", 1 },
    { "contact: jean\xEF\xBC\xA0"
      "example.fr",
      "contact: [email]", 1 },
    { "jean (at) example (dot) fr", "[email]", 1 },
    { "jean(at)example.fr", "[email]", 1 },
    { "jean [at] example [dot] com", "[email]", 1 },
    { "jean{at}example{dot}com", "[email]", 1 },
    { "jean.dupont AT example DOT com", "[email]", 1 },
    { "anna at beispiel punkt de", "[email]", 1 },
    { "paul arobase exemple point fr", "[email]", 1 },
    { "hans (\xC3\xA4t) beispiel.de", "[email]", 1 },
    { "mail an hans  \xC3\xA4t beispiel punkt de", "mail an [email]", 1 },
    { "Paul Arobase exemple point fr", "[email]", 1 },
    { "hello@example.co.uk, bye", "[email], bye", 1 },
    { "<jean@example.org>", "<[email]>", 1 },
    /* Written out as people write them in bios. */
    { "john at gmail dot com", "[email]", 1 },
    { "john [at] gmail [dot] com", "[email]", 1 },
    { "jean arobase orange point fr", "[email]", 1 },
    { "jean (at) free (point) fr", "[email]", 1 },
    { "write to contact AT example DOT org", "write to [email]", 1 },
    { "jean at free (point) fr", "[email]", 1 },
    { "john (at) example (dot) photography", "[email]", 1 },
    { "raj at rediffmail dot in", "[email]", 1 },
    { "bob at bbc dot co dot uk.", "[email].", 1 },
    /* Not addresses. */
    { "follow @bob and @alice@mastodon.social",
      "follow @bob and @alice@mastodon.social", 0 },
    { "I work at example.com", "I work at example.com", 0 },
    { "meet me at 10 at the cafe", "meet me at 10 at the cafe", 0 },
    { "@jean_dupont", "@jean_dupont", 0 },
    { "email me @ home", "email me @ home", 0 },
    /* Prose: a bare "at" and "point" do not speak the same language. */
    { "For the first time in the common draft era, the top 3 picks in the "
      "#NFLDraft were teammates at some point in college.",
      "For the first time in the common draft era, the top 3 picks in the "
      "#NFLDraft were teammates at some point in college.",
      0 },
    { "see it at that point in time", "see it at that point in time", 0 },
    { "you are at which point it can", "you are at which point it can", 0 },
    { "in critical condition. At some point Democrats",
      "in critical condition. At some point Democrats", 0 },
    /* Prose: "the" opens no domain, "nothing" ends none. */
    { "he worked at the dot com boom", "he worked at the dot com boom", 0 },
    { "waiting at home dot dot dot nothing",
      "waiting at home dot dot dot nothing", 0 },
    /* Phone numbers, French conventions. */
    { "Tel: +33 6 12 34 56 78.", "Tel: [phone].", 1 },
    { "call 06.12.34.56.78 or (555) 123-4567", "call [phone] or [phone]", 2 },
    { "phone:0612345678", "phone:[phone]", 1 },
    { "T\xC3\xA9l.\xC2\xA0: 06\xC2\xA0"
      "12\xC2\xA0"
      "34\xC2\xA0"
      "56\xC2\xA0"
      "78",
      "T\xC3\xA9l.\xC2\xA0: [phone]", 1 },
    { "06\xE2\x80\xAF"
      "12\xE2\x80\xAF"
      "34\xE2\x80\xAF"
      "56\xE2\x80\xAF"
      "78",
      "[phone]", 1 },
    { "06\xE2\x80\x91"
      "12\xE2\x80\x91"
      "34\xE2\x80\x91"
      "56\xE2\x80\x91"
      "78",
      "[phone]", 1 },
    { "06\xE2\x80\x93"
      "12\xE2\x80\x93"
      "34\xE2\x80\x93"
      "56\xE2\x80\x93"
      "78",
      "[phone]", 1 },
    { "portable #0612345678", "portable #[phone]", 1 },
    { "+33 (0)6 12 34 56 78", "[phone]", 1 },
    { "0033 6 12 34 56 78", "[phone]", 1 },
    { "\xEF\xBC\x90\xEF\xBC\x96\xEF\xBC\x91\xEF\xBC\x92\xEF\xBC\x93"
      "\xEF\xBC\x94\xEF\xBC\x95\xEF\xBC\x96\xEF\xBC\x97\xEF\xBC\x98",
      "[phone]", 1 },
    { "WhatsApp 07 81 23 45 67", "WhatsApp [phone]", 1 },
    /* Unannounced, as they stand alone in a bio. */
    { "+33 6 12 34 56 78", "[phone]", 1 },
    { "06 12 34 56 78", "[phone]", 1 },
    { "(555) 123-4567", "[phone]", 1 },
    { "555-123-4567", "[phone]", 1 },
    /* Groups of five digits and more that do not dial a 0: an Indian
     * and an Italian mobile, shaped like a line of ids. */
    { "98765 43210", "[phone]", 1 },
    { "347 1234567", "[phone]", 1 },
    /* English conventions. */
    { "mobile:555-123-4567", "mobile:[phone]", 1 },
    { "Call (555) 123-4567!", "Call [phone]!", 1 },
    { "+1 555 123 4567", "[phone]", 1 },
    { "+44 20 7946 0958", "[phone]", 1 },
    { "cell #555.123.4567", "cell #[phone]", 1 },
    { "tel:+15551234567", "tel:[phone]", 1 },
    /* German conventions. */
    { "0171/1234567", "[phone]", 1 },
    { "+49 (0)30 1234567", "[phone]", 1 },
    { "Handy: 0171 1234567", "Handy: [phone]", 1 },
    { "Tel.:030-12345678", "Tel.:[phone]", 1 },
    { "Telefon 030 / 123 456 78", "Telefon [phone]", 1 },
    /* Dates, times and years. */
    { "2024-01-15 10:30", "2024-01-15 10:30", 0 },
    { "15/01/2024 10 h 30", "15/01/2024 10 h 30", 0 },
    { "15.01.2024 14:00", "15.01.2024 14:00", 0 },
    { "since 1987", "since 1987", 0 },
    /* Arithmetic with a minus sign (U+2212) is no phone number. */
    { "8901234 as (9000000 \xE2\x88\x92 98766)",
      "8901234 as (9000000 \xE2\x88\x92 98766)", 0 },
    { "1998 2004 2019", "1998 2004 2019", 0 },
    { "founded 1987, 250 staff, 12 000 clients",
      "founded 1987, 250 staff, 12 000 clients", 0 },
    /* Prices and counts. */
    { "1 250 000 000 \xE2\x82\xAC", "1 250 000 000 \xE2\x82\xAC", 0 },
    { "12.345.678.901 EUR", "12.345.678.901 EUR", 0 },
    { "$1,234,567,890", "$1,234,567,890", 0 },
    { "1234567890 followers", "1234567890 followers", 0 },
    { "2\xC2\xA0"
      "345\xC2\xA0"
      "678\xC2\xA0"
      "901 abonn\xC3\xA9s",
      "2\xC2\xA0"
      "345\xC2\xA0"
      "678\xC2\xA0"
      "901 abonn\xC3\xA9s",
      0 },
    /* Ids, handles, URLs, coordinates. */
    { "tweet 1234567890123456789", "tweet 1234567890123456789", 0 },
    { "le 15/01/2024 06 12 34 56 78", "le 15/01/2024 [phone]", 1 },
    { "id 1234567890123456789 0612345678", "id 1234567890123456789 [phone]",
      1 },
    { "see profile.php?id=100001234567 or /status/1234567890",
      "see profile.php?id=100001234567 or /status/1234567890", 0 },
    { "https://twitter.com/x/status/123456789012",
      "https://twitter.com/x/status/123456789012", 0 },
    { "@user0612345678 and @0612345678", "@user0612345678 and @0612345678", 0 },
    { "UT: -6.149756,106.831237", "UT: -6.149756,106.831237", 0 },
    { "192.168.100.200", "192.168.100.200", 0 },
    { "#2024 #1", "#2024 #1", 0 },
    { "", "", 0 },
};

static void privacy_removes_contacts_only(void **state)
{
    size_t i;
    bf_buf b;
    int found;

    (void)state;
    bf_buf_init(&b, 4096);
    for (i = 0; i < sizeof privacy_table / sizeof privacy_table[0]; i++) {
        assert_int_equal(bf_privacy_scrub(privacy_table[i].in, &b, &found),
                         BF_OK);
        if (strcmp(b.data, privacy_table[i].want) != 0 ||
            found != privacy_table[i].found)
            fail_msg("row %zu: \"%s\" gave \"%s\" (%d found)", i,
                     privacy_table[i].in, b.data, found);
    }
    bf_buf_release(&b);
}

/*
 * A diagnostic is scrubbed whole before it is cut: a phone number that
 * straddles the cut must not show its first digits.  Control bytes are
 * escaped and invalid UTF-8 replaced, in the message and the file name.
 */
static void diag_scrubs_before_cutting(void **state)
{
    char detail[400];
    bf_diags d;

    (void)state;
    memset(detail, 'x', sizeof detail);
    /* The phone starts 10 bytes before the cut of the detail. */
    memcpy(detail + BF_DIAG_DETAIL_MAX - 10, " +33 6 12 34 56 78 ", 19);
    detail[sizeof detail - 1] = '\0';
    bf_diags_init(&d);
    bf_diag(&d, BF_D_BAD_ID, "a\033]0;t\007.txt", 1, 0, detail);
    bf_diag_quote(&d, BF_D_EDGE_FIELDS, "e.txt", 2, 0,
                  "0123456789012345678901234567890123 06 12 34 56 78 x", 51,
                  40);
    bf_diag(&d, BF_D_BAD_ID, "f", 3, 0,
            "bell\007 esc\033[2J c1\xC2\x9B bad\xFF");
    assert_int_equal(d.n, 3);
    assert_null(strstr(d.recs[0].message, "+33"));
    assert_non_null(strstr(d.recs[0].message, "[phone]"));
    assert_string_equal(d.recs[0].file, "a\\x1B]0;t\\x07.txt");
    assert_null(strstr(d.recs[1].message, "06"));
    assert_string_equal(d.recs[2].message,
                        "invalid account id: bell\\x07 esc\\x1B[2J "
                        "c1\\u009B bad\xEF\xBF\xBD");
    bf_diags_release(&d);
}

/*
 * Every error code has a description in English (lang 0, BF_LANG_EN) and
 * in French (lang 1, BF_LANG_FR), non-empty and different from each other
 * and from those of the other codes; bf_strerror is the English one.  The codes are walked until the first
 * value that has no description of its own, so a code appended to bf_err
 * is checked too, and that value must come after BF_ENET.
 */
static void strerror_speaks_both_languages(void **state)
{
    const char *unknown = bf_strerror_lang((bf_err)1000, 0);
    const char *en, *fr, *seen[2][64];
    int e, k;

    (void)state;
    assert_string_equal(unknown, "unknown error");
    assert_string_equal(bf_strerror_lang((bf_err)1000, 1), "erreur inconnue");
    for (e = BF_OK; e < 1000; e++) {
        en = bf_strerror_lang((bf_err)e, 0);
        fr = bf_strerror_lang((bf_err)e, 1);
        if (strcmp(en, unknown) == 0)
            break;
        assert_non_null(en);
        assert_non_null(fr);
        assert_true(en[0] != '\0');
        assert_true(fr[0] != '\0');
        assert_string_not_equal(en, fr);
        assert_string_equal(bf_strerror((bf_err)e), en);
        /* An unknown language falls back to English. */
        assert_string_equal(bf_strerror_lang((bf_err)e, 7), en);
        /* No two codes share a description, in either language. */
        assert_true(e < 64);
        for (k = 0; k < e; k++) {
            assert_string_not_equal(en, seen[0][k]);
            assert_string_not_equal(fr, seen[1][k]);
        }
        seen[0][e] = en;
        seen[1][e] = fr;
    }
    assert_true(e > BF_ENET);
    assert_string_equal(bf_strerror_lang(BF_EIO, 1), "erreur d'entrée/sortie");
}

/* A share of the machine's memory stays within its bounds. */
static void memory_share_is_bounded(void **state)
{
    size_t whole = bf_memory_share(1, 1, SIZE_MAX);

    (void)state;
    assert_true(whole >= ((size_t)64 << 20)); /* any machine that builds */
    assert_true(bf_memory_share(8, 1, SIZE_MAX) <= whole / 8 + 4096);
    assert_int_equal(bf_memory_share(8, 100, 200), 200);
    assert_true(bf_memory_share(4, whole, SIZE_MAX) == whole);
    assert_int_equal(bf_memory_share(0, 123, SIZE_MAX), 123);
}

/* Each part of a parallel step marks the slice it was given. */
static void mark_part(void *ctx, unsigned t, unsigned nt)
{
    unsigned char *seen = ctx;
    size_t i, lo = bf_par_split(1000, t, nt),
              hi = bf_par_split(1000, t + 1, nt);

    for (i = lo; i < hi; i++)
        seen[i]++;
}

static void par_parts_cover_once(void **state)
{
    unsigned char seen[1000];
    unsigned nt;
    size_t i;

    (void)state;
    for (nt = 1; nt <= BF_PAR_MAX + 2; nt++) {
        memset(seen, 0, sizeof seen);
        bf_par_run(nt, mark_part, seen);
        for (i = 0; i < sizeof seen; i++)
            assert_int_equal(seen[i], 1);
    }
    assert_int_equal(bf_par_split(10, 0, 3), 0);
    assert_int_equal(bf_par_split(10, 3, 3), 10);
    assert_int_equal(bf_par_split(SIZE_MAX, 2, 2), SIZE_MAX);
    assert_true(bf_par_split(SIZE_MAX, 1, 2) == SIZE_MAX / 2);

    assert_int_equal(setenv("BONAFIDE_THREADS", "3", 1), 0);
    assert_int_equal(bf_par_threads(), 3);
    assert_int_equal(setenv("BONAFIDE_THREADS", "0", 1), 0);
    assert_true(bf_par_threads() >= 1);
    unsetenv("BONAFIDE_THREADS");
    assert_true(bf_par_threads() >= 1 && bf_par_threads() <= BF_PAR_MAX);
}

/* The checksum in slices joined is zlib's of the whole, at any count and
 * any length, slices too short to split included. */
static void par_crc_matches_zlib(void **state)
{
    size_t n = (size_t)40 << 20, i, lens[] = { 0, 1, 4095, (size_t)9 << 20 };
    unsigned char *p = malloc(n);
    uint64_t x = 88172645463325252u;
    unsigned nt;
    size_t l;

    (void)state;
    assert_non_null(p);
    for (i = 0; i < n; i++) {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        p[i] = (unsigned char)x;
    }
    for (nt = 1; nt <= BF_PAR_MAX; nt++) {
        assert_int_equal(bf_par_crc32(p, n, nt), (uint32_t)crc32_z(0L, p, n));
        for (l = 0; l < sizeof lens / sizeof lens[0]; l++)
            assert_int_equal(bf_par_crc32(p + 3, lens[l], nt),
                             (uint32_t)crc32_z(0L, p + 3, lens[l]));
    }
    free(p);
}

/*
 * A library opened when first needed: its functions are the library's
 * own, once; a missing library or function is BF_ENOLIB, with no pointer
 * left half-filled, and is not tried again.
 */
static void dl_opens_once_and_fails_cleanly(void **state)
{
    static struct {
        __typeof__(zlibVersion) *version;
        __typeof__(crc32) *crc;
    } z, bad;

    static const bf_dl_sym zsyms[] = {
        BF_DL_SYM("zlibVersion", z.version),
        BF_DL_SYM("crc32", z.crc),
    };
    static const bf_dl_sym badsyms[] = {
        BF_DL_SYM("zlibVersion", bad.version),
        BF_DL_SYM("bf_no_such_function", bad.crc),
    };
    static const bf_dl_sym nosyms[] = {
        BF_DL_SYM("zlibVersion", bad.version),
    };
    static bf_dl zlib = BF_DL_INIT("libz.so.1", "zlib1g", zsyms);
    static bf_dl partial = BF_DL_INIT("libz.so.1", "zlib1g", badsyms);
    static bf_dl none = BF_DL_INIT("libbonafide-none.so.0", "none", nosyms);

    (void)state;
    assert_int_equal(bf_dl_load(&zlib), BF_OK);
    assert_non_null(z.version);
    assert_string_equal(z.version(), zlibVersion());
    assert_int_equal(z.crc(0, (const Bytef *)"bonafide", 8),
                     crc32(0, (const Bytef *)"bonafide", 8));
    assert_int_equal(bf_dl_load(&zlib), BF_OK);

    assert_int_equal(bf_dl_load(&partial), BF_ENOLIB);
    assert_null(bad.version);
    assert_null(bad.crc);
    assert_int_equal(bf_dl_load(&none), BF_ENOLIB);
    assert_int_equal(bf_dl_load(&none), BF_ENOLIB);
    assert_null(bad.version);
}

/* dl_message is what loading lib writes to standard error, in out. */
static void dl_message(bf_dl *lib, char *out, size_t cap)
{
    FILE *tmp = tmpfile();
    int saved = dup(2);
    size_t n;

    assert_non_null(tmp);
    assert_true(saved >= 0);
    fflush(stderr);
    assert_true(dup2(fileno(tmp), 2) >= 0);
    assert_int_equal(bf_dl_load(lib), BF_ENOLIB);
    fflush(stderr);
    assert_true(dup2(saved, 2) >= 0);
    close(saved);
    rewind(tmp);
    n = fread(out, 1, cap - 1, tmp);
    out[n] = '\0';
    fclose(tmp);
}

/* FNV-1a's published 64-bit vectors; NULL hashes as "". */
static void fnv1a_vectors(void **state)
{
    (void)state;
    assert_true(bf_fnv1a("") == 0xcbf29ce484222325ull);
    assert_true(bf_fnv1a(NULL) == 0xcbf29ce484222325ull);
    assert_true(bf_fnv1a("a") == 0xaf63dc4c8601ec8cull);
    assert_true(bf_fnv1a("foobar") == 0x85944171f73967e8ull);
}

/* env_is: GLIBC_TUNABLES is want (NULL: unset). */
static void env_is(const char *name, const char *want)
{
    const char *v = getenv(name);

    if (!want)
        assert_null(v);
    else {
        assert_non_null(v);
        assert_string_equal(v, want);
    }
}

/*
 * The huge-page tunable is added to what the user set, never over a
 * choice of theirs, and the second image gets the user's value back.
 */
static void malloc_huge_arms_and_restores(void **state)
{
    (void)state;
    unsetenv(BF_MALLOC_MARK);

    /* Nothing set: the tunable alone; back to unset. */
    unsetenv("GLIBC_TUNABLES");
    assert_int_equal(bf_malloc_huge_arm(), 1);
    env_is("GLIBC_TUNABLES", "glibc.malloc.hugetlb=1");
    env_is(BF_MALLOC_MARK, "-");
    assert_int_equal(bf_malloc_huge_restore(), 1);
    env_is("GLIBC_TUNABLES", NULL);
    env_is(BF_MALLOC_MARK, NULL);
    /* Restoring twice changes nothing. */
    assert_int_equal(bf_malloc_huge_restore(), 0);
    env_is("GLIBC_TUNABLES", NULL);

    /* The user's tunables are kept and come back as they were. */
    setenv("GLIBC_TUNABLES", "glibc.malloc.check=0", 1);
    assert_int_equal(bf_malloc_huge_arm(), 1);
    env_is("GLIBC_TUNABLES", "glibc.malloc.check=0:glibc.malloc.hugetlb=1");
    assert_int_equal(bf_malloc_huge_restore(), 1);
    env_is("GLIBC_TUNABLES", "glibc.malloc.check=0");

    /* An empty value is a value. */
    setenv("GLIBC_TUNABLES", "", 1);
    assert_int_equal(bf_malloc_huge_arm(), 1);
    assert_int_equal(bf_malloc_huge_restore(), 1);
    env_is("GLIBC_TUNABLES", "");

    /* The user chose, whatever the value: nothing is armed. */
    setenv("GLIBC_TUNABLES", "glibc.malloc.hugetlb=0", 1);
    assert_int_equal(bf_malloc_huge_arm(), 0);
    env_is("GLIBC_TUNABLES", "glibc.malloc.hugetlb=0");
    env_is(BF_MALLOC_MARK, NULL);
    unsetenv("GLIBC_TUNABLES");
}

/* A missing library is named, with its package, in the user's language. */
static void dl_says_what_to_install(void **state)
{
    static void (*f)(void);
    static const bf_dl_sym syms[] = { BF_DL_SYM("nothing", f) };
    static bf_dl en = BF_DL_INIT("libbonafide-en.so.0", "bonafide-en", syms);
    static bf_dl fr = BF_DL_INIT("libbonafide-fr.so.0", "bonafide-fr", syms);
    char msg[512];

    (void)state;
    dl_message(&en, msg, sizeof msg);
    assert_non_null(strstr(msg, "libbonafide-en.so.0"));
    assert_non_null(strstr(msg, "(install the Debian package bonafide-en)"));
    bf_diag_set_french(1);
    dl_message(&fr, msg, sizeof msg);
    bf_diag_set_french(0);
    assert_non_null(strstr(msg, "libbonafide-fr.so.0"));
    assert_non_null(strstr(msg, "(installez le paquet Debian bonafide-fr)"));
}

/* An element that remembers where it came from, to see stability. */
typedef struct ms_el {
    uint32_t key;
    uint32_t at;
} ms_el;

static inline int ms_before(const ms_el *x, const ms_el *y)
{
    return x->key < y->key;
}

BF_MSORT_DEFINE(ms_sort, ms_el, ms_before)

/*
 * The merge sort against its definition: every length around the run
 * and merge widths, keys drawn from ranges small enough to repeat often,
 * each result in order and, among equal keys, in input order.
 */
static void msort_sorts_stably(void **state)
{
    static const size_t lens[] = { 0,  1,  2,  15,  16,  17,   31,
                                   32, 33, 63, 100, 257, 1000, 4099 };
    ms_el *a = malloc(4099 * sizeof *a), *tmp = malloc(4099 * sizeof *tmp);
    unsigned char *seen = malloc(4099);
    uint32_t *orig = malloc(4099 * sizeof *orig), seed = 7, range;
    size_t li, i;

    (void)state;
    assert_non_null(a);
    assert_non_null(tmp);
    assert_non_null(seen);
    assert_non_null(orig);
    for (li = 0; li < sizeof lens / sizeof lens[0]; li++)
        for (range = 1; range <= 1u << 20; range *= 32) {
            size_t n = lens[li];

            for (i = 0; i < n; i++) {
                seed = seed * 1103515245u + 12345u;
                a[i].key = (seed >> 8) % range;
                a[i].at = (uint32_t)i;
                orig[i] = a[i].key;
            }
            ms_sort(a, tmp, n);
            memset(seen, 0, 4099);
            for (i = 0; i < n; i++) {
                /* Each element once, with the key it came with. */
                assert_true(a[i].at < n && !seen[a[i].at]);
                assert_true(a[i].key == orig[a[i].at]);
                seen[a[i].at] = 1;
                if (i > 0) {
                    assert_true(a[i - 1].key <= a[i].key);
                    if (a[i - 1].key == a[i].key)
                        assert_true(a[i - 1].at < a[i].at);
                }
            }
        }
    free(a);
    free(tmp);
    free(seen);
    free(orig);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(buf_grows_and_stops_at_limit),
        cmocka_unit_test(memory_share_is_bounded),
        cmocka_unit_test(par_parts_cover_once),
        cmocka_unit_test(par_crc_matches_zlib),
        cmocka_unit_test(buf_escapes_json_and_html),
        cmocka_unit_test(edit_distance_counts_and_stops),
        cmocka_unit_test(edit_distance_matches_the_table),
        cmocka_unit_test(input_reads_plain_and_gzip),
        cmocka_unit_test(input_skips_overlong_line),
        cmocka_unit_test(input_long_line_within_limit),
        cmocka_unit_test(time_parses_platform_dates),
        cmocka_unit_test(time_civil_matches_gmtime),
        cmocka_unit_test(diag_counts_beyond_what_it_keeps),
        cmocka_unit_test(diag_speaks_french_when_asked),
        cmocka_unit_test(privacy_removes_contacts_only),
        cmocka_unit_test(diag_scrubs_before_cutting),
        cmocka_unit_test(strerror_speaks_both_languages),
        cmocka_unit_test(dl_opens_once_and_fails_cleanly),
        cmocka_unit_test(dl_says_what_to_install),
        cmocka_unit_test(malloc_huge_arms_and_restores),
        cmocka_unit_test(fnv1a_vectors),
        cmocka_unit_test(msort_sorts_stably),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
