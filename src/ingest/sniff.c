/*
 * sniff.c - which JSON format a file is in, from its first bytes.
 *
 * Only the first few kilobytes are seen (they may end mid-document), so
 * this does not parse: it counts the object keys that only one platform
 * writes, each as "key" followed by optional white space and a colon, so
 * that the same word inside a post's text does not count.  The platform
 * with the most distinct keys wins; a tie, or no key at all, falls back
 * to Twitter v1.1, the oldest JSON format read.  Each key costs one pass
 * over the n bytes: O(k n) for k keys, with n at most a few kilobytes.
 */
#include <string.h>

#include "ingest/ingest.h"

/* Keys of Bluesky's app.bsky.* views (camelCase, DIDs, at:// records). */
static const char *const bluesky_keys[] = {
    "did",          "handle",      "displayName", "followersCount",
    "followsCount", "postsCount",  "indexedAt",   "$type",
    "likeCount",    "repostCount", NULL
};

/* Keys of Mastodon API entities and ActivityPub archive documents. */
static const char *const mastodon_keys[] = { "acct",
                                             "display_name",
                                             "following_count",
                                             "reblogs_count",
                                             "spoiler_text",
                                             "visibility",
                                             "orderedItems",
                                             "@context",
                                             "preferredUsername",
                                             "attributedTo",
                                             "avatar_static",
                                             "in_reply_to_account_id",
                                             NULL };

/* Keys of Twitter v1.1 tweets and users. */
static const char *const twitter_keys[] = {
    "id_str",           "screen_name",       "friends_count",
    "retweet_count",    "favorite_count",    "in_reply_to_status_id",
    "retweeted_status", "profile_image_url", NULL
};

/* has_key is 1 when "key" occurs in p (n bytes) followed by a colon. */
static int has_key(const char *p, size_t n, const char *key)
{
    size_t k = strlen(key), i, j;

    for (i = 0; i + k + 2 <= n; i++) {
        if (p[i] != '"' || memcmp(p + i + 1, key, k) != 0 ||
            p[i + 1 + k] != '"')
            continue;
        for (j = i + k + 2; j < n && (p[j] == ' ' || p[j] == '\t' ||
                                      p[j] == '\r' || p[j] == '\n');
             j++)
            ;
        if (j < n && p[j] == ':')
            return 1;
    }
    return 0;
}

/* score counts how many of keys occur in p as object keys. */
static int score(const char *p, size_t n, const char *const *keys)
{
    int s = 0;

    for (; *keys; keys++)
        s += has_key(p, n, *keys);
    return s;
}

bf_format bf__json_sniff(const char *p, size_t n)
{
    int b = score(p, n, bluesky_keys);
    int m = score(p, n, mastodon_keys);
    int t = score(p, n, twitter_keys);

    if (b > m && b > t)
        return BF_FMT_BLUESKY;
    if (m > b && m > t)
        return BF_FMT_MASTODON;
    return BF_FMT_TWITTER_V1;
}

int bf__json_sniff_keys(const char *p, size_t n)
{
    return score(p, n, bluesky_keys) + score(p, n, mastodon_keys) +
           score(p, n, twitter_keys);
}
