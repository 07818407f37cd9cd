/*
 * privacy.h - keeping e-mail addresses and phone numbers out of the store,
 * the reports and the diagnostics.
 *
 * Profiles and posts are public, but people put contact details in them.
 * bonafide has no use for those, and a report must never repeat them, so
 * every free-text field passes through bf_privacy_scrub on its way into the
 * store (store.c, the one door accounts and posts go through), and every
 * diagnostic passes through it when it is recorded (diag.c), before it is
 * cut to length, so no reader and no page has to remember.  It lives in
 * base/ because diagnostics, the lowest layer that quotes input, need it.
 *
 * What counts as an e-mail address:
 *   - local@domain.tld, with ASCII or internationalised (UTF-8) letters on
 *     both sides ("jöhn@exämple.de"), and the full-width at sign U+FF20;
 *   - the written-out forms "john (at) example (dot) com", "[at]", "{at}",
 *     "(arobase)", with real dots or dot words (dot, point, punkt);
 *   - the bare forms "john at gmail dot com", "jean arobase orange point
 *     fr", "anna at beispiel punkt de", which are words of a sentence as
 *     well, so only with a dot word ("work at example.com" is a
 *     sentence), in the at word's language ("at" with "dot" or "punkt",
 *     "arobase" with "point" or "dot": "teammates at some point in
 *     college" is prose), a domain that does not open with a determiner
 *     ("at the dot com boom"), and a known top-level domain at the end
 *     (com, org, fr, de, in...); a bracketed dot word lifts the last two
 *     tests, as in "jean at free (point) fr".
 * A local part preceded by '@' is a fediverse handle (@user@host), public,
 *     and kept.
 *
 * What counts as a phone number: a run of digits (ASCII or full-width)
 * separated by spaces (also U+00A0, U+202F, U+2007, U+2009), dots, dashes
 * (also U+2010 to U+2013, U+2212), slashes or brackets, that
 *   - has 7 to 16 digits after '+' or a word such as tel, phone, mobile,
 *     handy, portable, whatsapp, fax ("phone:0612345678", "Tel.: ...");
 *   - else has 9 to 15 digits and is not a date ("2024-01-15 10:30"), a
 *     number with thousands separators ("1 234 567 890"), a list of years,
 *     a decimal number, or a single run that does not start with 0 (an id
 *     or a count: "1234567890 followers");
 * and does not continue a word, a handle, a URL or a query ("?id=").
 * Each is replaced by "[email]" or "[phone]".  The pass is linear.
 */
#ifndef BF_BASE_PRIVACY_H
#define BF_BASE_PRIVACY_H

#include "base/buf.h"

/*
 * bf_privacy_scrub writes the C string s into out (after resetting it)
 * with contact details replaced, and sets *out_found to the number
 * replaced.  out->data is a C string afterwards, "" for an empty s.
 */
bf_err bf_privacy_scrub(const char *s, bf_buf *out, int *out_found);

#endif
