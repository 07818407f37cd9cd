/*
 * fuzz_fetch_headers.c - libFuzzer target for what bonafide fetch reads
 * from a server before any JSON: the Link header (RFC 8288) that pages
 * Mastodon lists, the rate-limit and Retry-After header lines of the
 * three platforms, and the account names a user types.
 *
 * Each input goes to all three parsers as one NUL-terminated string; the
 * header-line parser also gets it unterminated, with its length, as curl
 * hands header lines over.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "fetch/fetch.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

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
    free(s);
    return 0;
}
