/*
 * fuzz_fetch_headers.c - libFuzzer target for what bonafide fetch reads
 * from a server before any JSON: the Link header (RFC 8288) that pages
 * Mastodon lists, the rate-limit and Retry-After header lines of the
 * three platforms, and the account names and profile addresses a user
 * types or pastes (bf_addr_parse: whatever it accepts must give only
 * the few characters it promises, as they go into URLs and pages).
 *
 * Each input goes to all three parsers as one NUL-terminated string; the
 * header-line parser also gets it unterminated, with its length, as curl
 * hands header lines over.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "fetch/address.h"
#include "fetch/fetch.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* plain: s holds only letters, digits and . _ - : @ # (and is a string). */
static void plain(const char *s, size_t cap)
{
    size_t n = strnlen(s, cap);

    if (n == cap ||
        strspn(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
                  "0123456789._-:@#") != n)
        abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *s = malloc(size + 1);
    bf_fetch_ratelimit rl;
    bf_fetch_spec spec;
    bf_buf next;

    if (!s)
        return 0;
    memcpy(s, data, size);
    s[size] = '\0';

    bf_buf_init(&next, 1 << 16);
    if (bf_fetch_link_next(s, &next) == BF_OK && next.data &&
        next.len != strlen(next.data))
        abort(); /* a URL with a NUL inside would be cut short */
    bf_buf_release(&next);

    bf_fetch_ratelimit_clear(&rl);
    bf_fetch_ratelimit_header(&rl, (const char *)data, size, 1700000000);
    if (bf_fetch_ratelimit_wait(&rl, 1700000000, 3600) < 0)
        abort();

    if (bf_fetch_spec_parse(s, &spec) == BF_OK)
        (void)bf_fetch_platform_name(spec.platform);
    {
        bf_addr a;

        if (bf_addr_parse(s, &a) == BF_OK) {
            plain(a.platform, sizeof a.platform);
            plain(a.handle, sizeof a.handle);
            plain(a.host, sizeof a.host);
            plain(a.specs[0], sizeof a.specs[0]);
            plain(a.specs[1], sizeof a.specs[1]);
            plain(a.fetch, sizeof a.fetch);
            if (a.nspecs < 1 || a.nspecs > 2 || !a.handle[0])
                abort();
        }
        (void)bf_addr_is_address(s);
    }
    free(s);
    return 0;
}
