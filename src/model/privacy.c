/*
 * privacy.c - the scrubber.
 *
 * One left-to-right pass.  At each '@' with a plausible local part before it
 * and a dotted domain after it, the local part already copied is taken back
 * and "[email]" written instead.  At each digit or '+', the longest run of
 * digits and separators is measured; nine or more digits make it a phone
 * number, unless it continues a word, a number or a URL (an id after
 * "?id=" or "/status/" is not a phone).  Both tests are linear, so the
 * pass is O(n).
 */
#include "model/privacy.h"

#include <string.h>

static int is_local(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
           (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-' ||
           c == '+' || c == '%';
}

static int is_domain(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
           (c >= '0' && c <= '9') || c == '.' || c == '-';
}

/* domain_len returns the length of the domain after '@' at s, or 0. */
static size_t domain_len(const char *s)
{
    size_t n = 0, dot = 0, i;

    while (is_domain((unsigned char)s[n]))
        n++;
    /* Trailing dots end the sentence, not the domain. */
    while (n > 0 && s[n - 1] == '.')
        n--;
    for (i = 1; i < n; i++)
        if (s[i] == '.')
            dot = i;
    /* A domain needs a dot and at least two letters after the last one. */
    return dot > 0 && n - dot > 2 ? n : 0;
}

/* local_start is where the would-be local part ending out begins. */
static size_t local_start(const bf_buf *out)
{
    size_t k = out->len;

    while (k > 0 && is_local((unsigned char)out->data[k - 1]))
        k--;
    return k;
}

/*
 * phone_len returns the length of a phone number starting at s, or 0.
 * A run whose only separator is one dot is a decimal number (GPS
 * coordinates such as "106.831237" fill profile locations), not a phone.
 */
static size_t phone_len(const char *s)
{
    size_t n = 0, digits = 0, last = 0, dots = 0, seps = 0;

    if (s[0] == '+' || s[0] == '(')
        n = 1;
    for (;; n++) {
        unsigned char c = (unsigned char)s[n];

        if (c >= '0' && c <= '9') {
            digits++;
            last = n + 1;
        } else if (!(c == ' ' || c == '.' || c == '-' || c == '(' ||
                     c == ')') ||
                   n - last > 1) {
            break;
        } else if (c == '.') {
            dots++;
        } else {
            seps++;
        }
    }
    if (dots == 1 && seps == 0 && s[0] != '+' && s[0] != '(')
        return 0;
    return digits >= 9 && digits <= 15 ? last : 0;
}

bf_err bf_privacy_scrub(const char *s, bf_buf *out, int *out_found)
{
    bf_err err = BF_OK;
    size_t i = 0;
    int found = 0;

    bf_buf_reset(out);
    while (!err && s[i]) {
        unsigned char c = (unsigned char)s[i];
        size_t n, k;

        /* Bytes that cannot start an address or a number go in runs. */
        n = strcspn(s + i, "@+(0123456789");
        if (n > 0) {
            err = bf_buf_append(out, s + i, n);
            i += n;
            continue;
        }
        if (c == '@' && (n = domain_len(s + i + 1)) > 0 &&
            (k = local_start(out)) < out->len &&
            (k == 0 || out->data[k - 1] != '@')) {
            /* A local part preceded by '@' is a fediverse handle
             * (@user@instance), which is public and kept. */
            out->len = k;
            err = bf_buf_puts(out, "[email]");
            i += 1 + n;
            found++;
            continue;
        }
        if ((c == '+' || c == '(' || (c >= '0' && c <= '9')) &&
            (i == 0 || !strchr("0123456789=/_&?#:", s[i - 1])) &&
            (n = phone_len(s + i)) > 0) {
            err = bf_buf_puts(out, "[phone]");
            i += n;
            found++;
            continue;
        }
        err = bf_buf_putc(out, (char)c);
        i++;
    }
    if (!err && !out->data)
        err = bf_buf_append(out, "", 0);
    *out_found = found;
    return err;
}
