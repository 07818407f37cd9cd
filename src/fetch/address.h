/*
 * address.h - a profile address as a user pastes it, read as an account.
 *
 * A business is sent a link to a profile, not an account name: it pastes
 * https://bsky.app/profile/alice.bsky.social, https://mastodon.social/@bob,
 * https://x.com/carol, https://www.instagram.com/dave/ and the like.
 * bf_addr_parse reads such an address (or "platform:handle", or
 * "@user@host") into the store's platform name and handle, the account
 * specs to look it up with (bf_store_resolve), and, when the platform can
 * be collected live, the name bonafide fetch takes (bf_fetch_spec_parse).
 *
 * Accepted addresses (scheme http or https or none, "www." and "m."
 * ignored, a query and a fragment ignored, one trailing '/' ignored):
 *   bsky.app/profile/HANDLE-OR-DID               Bluesky
 *   x.com/USER, twitter.com/USER                 X (not /home, /i/...)
 *   instagram.com/USER                           Instagram (not /p/...)
 *   facebook.com/PAGE, facebook.com/profile.php?id=N, fb.com/PAGE
 *   tiktok.com/@USER                             TikTok
 *   linkedin.com/in/SLUG, linkedin.com/company/SLUG
 *   youtube.com/@HANDLE, youtube.com/channel/UC...
 *   HOST/@USER, HOST/@USER@OTHER, HOST/users/USER   Mastodon (any other
 *                                                   host: the fediverse)
 *   @USER@HOST, platform:handle
 * Percent escapes in the path are decoded once.
 *
 * Invariants: everything written into a bf_addr is plain ASCII from a
 * small set (letters, digits, . _ - : @), so it may go into a URL, a
 * store query or a page without further checks; a hostile input
 * (control bytes, javascript: and other schemes, a user name or password
 * in the address, more than BF_ADDR_MAX bytes, a host that is an IP
 * address or has no dot) is refused with BF_EINVAL.
 *
 * Ownership: the caller owns the struct; nothing is allocated.
 *
 *     bf_addr a;
 *     if (bf_addr_parse("https://bsky.app/profile/alice.bsky.social", &a)
 *             == BF_OK)
 *         printf("%s:%s\n", a.platform, a.handle);  // bluesky:alice...
 */
#ifndef BF_FETCH_ADDRESS_H
#define BF_FETCH_ADDRESS_H

#include <stddef.h>

#include "base/err.h"

/* The longest address read; longer ones are refused. */
#define BF_ADDR_MAX 2048

typedef struct bf_addr {
    char platform[33]; /* the store's name: "bluesky", "mastodon", ... */
    char handle[254];  /* the handle as the store holds it, without '@' */
    char host[254];    /* Mastodon: the instance; "" elsewhere */
    /* The store specs to try in order (bf_store_resolve), nspecs of them:
     * e.g. "mastodon:#bob@mastodon.social", then "mastodon:bob@...". */
    char specs[2][520];
    int nspecs;
    /* The name bonafide fetch takes ("bsky:alice.bsky.social"), or ""
     * when the platform has no live collection in bonafide. */
    char fetch[520];
} bf_addr;

/*
 * bf_addr_parse reads s (an address, "@user@host" or "platform:handle",
 * surrounding white space ignored) into *out.  BF_EINVAL when s is none
 * of these or is hostile (see above); *out is then cleared.
 */
bf_err bf_addr_parse(const char *s, bf_addr *out);

/*
 * bf_addr_is_address: s looks like a pasted address rather than an
 * account spec: it has a scheme ("https://"), starts with a known
 * platform host, or is "@user@host".  The CLI reads such arguments with
 * bf_addr_parse and the others as specs.
 */
int bf_addr_is_address(const char *s);

#endif
