/*
 * privacy.h - keeping e-mail addresses and phone numbers out of the store.
 *
 * Profiles and posts are public, but people put contact details in them.
 * bonafide has no use for those, and a report must never repeat them, so
 * every free-text field passes through bf_privacy_scrub on its way into the
 * store.  The store is the one choke point: readers need not remember.
 *
 * What counts:
 *   - an e-mail address: local@domain.tld, with the usual characters;
 *   - a phone number: a run of 9 to 15 digits, possibly starting with
 *     '+' or '(' and separated by spaces, dots, dashes or brackets.  Shorter
 *     runs (years, counts, prices) are kept.
 * Each is replaced by "[email]" or "[phone]".
 */
#ifndef BF_MODEL_PRIVACY_H
#define BF_MODEL_PRIVACY_H

#include "base/buf.h"

/*
 * bf_privacy_scrub writes s into out (after resetting it) with contact
 * details replaced, and sets *out_found to the number replaced.
 */
bf_err bf_privacy_scrub(const char *s, bf_buf *out, int *out_found);

#endif
