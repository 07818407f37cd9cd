/*
 * sniff.c - which JSON format a file is in, from its first bytes.
 *
 * Only the first few kilobytes are seen (they may end mid-document), so
 * this looks for keys that only one platform writes rather than parsing.
 */
#include <string.h>

#include "ingest/ingest.h"

static int has(const char *p, size_t n, const char *key)
{
    size_t k = strlen(key), i;

    for (i = 0; i + k <= n; i++)
        if (p[i] == key[0] && memcmp(p + i, key, k) == 0)
            return 1;
    return 0;
}

bf_format bf__json_sniff(const char *p, size_t n)
{
    if (has(p, n, "\"did\"") || has(p, n, "\"app.bsky.") ||
            has(p, n, "\"$type\""))
        return BF_FMT_BLUESKY;
    if (has(p, n, "\"acct\"") || has(p, n, "\"orderedItems\"") ||
            has(p, n, "\"@context\""))
        return BF_FMT_MASTODON;
    return BF_FMT_TWITTER_V1;
}
