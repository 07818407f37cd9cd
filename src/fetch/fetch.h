/*
 * fetch.h - live collection of one account from its platform's public API.
 *
 * bonafide fetch turns an account name ("bsky:alice.bsky.social",
 * "mastodon:@bob@mastodon.social", "x:carol") into what an audit needs:
 * the profile (a snapshot of its counters), its recent posts with their
 * counters, its follower list up to a cap, the accounts it follows, and
 * for Bluesky, whose follower pages hold no counters, the full profiles
 * of a uniform random sample of the followers.  Every page goes through
 * the same reader as `bonafide ingest` (src/ingest), so a fetched store
 * and an ingested one agree.
 *
 * Invariants.  Each page's records and the cursor that follows it are
 * committed in one store transaction (bf_store_state_put joins the
 * writer's batch), so an interrupted fetch resumes at the first page not
 * committed and never stores a page twice.  Only GET requests are made,
 * and only to the platform's service; a bearer token (X) travels in the
 * Authorization header only, never in a URL, a message or the store.
 *
 * Ownership: the caller owns the store, the options and the result; a
 * bf_fetch_spec points into the string it was parsed from.
 *
 *     bf_fetch_spec spec;
 *     bf_fetch_opts o;
 *     bf_fetch_opts_init(&o);
 *     if (bf_fetch_spec_parse("bsky:shinyakato.dev", &spec) == BF_OK)
 *         err = bf_fetch_account(st, &spec, &o, &result);
 */
#ifndef BF_FETCH_FETCH_H
#define BF_FETCH_FETCH_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "base/buf.h"
#include "base/err.h"
#include "report/catalog.h"
#include "store/store.h"

/* The default addresses of the platforms' public interfaces. */
#define BF_FETCH_BSKY_SERVICE    "https://public.api.bsky.app"
#define BF_FETCH_X_SERVICE       "https://api.twitter.com"
#define BF_FETCH_YOUTUBE_SERVICE "https://www.googleapis.com"
#define BF_FETCH_GRAPH_SERVICE   "https://graph.facebook.com"

/* The Graph API version asked for. */
#define BF_FETCH_GRAPH_VERSION "v21.0"

/* The longest account name part (handle, user, host) accepted. */
#define BF_FETCH_NAME_MAX 253

typedef enum bf_fetch_platform {
    BF_FETCH_BSKY = 0,
    BF_FETCH_MASTODON,
    BF_FETCH_X,
    BF_FETCH_YOUTUBE,
    BF_FETCH_INSTAGRAM, /* business discovery, through the Graph API */
    BF_FETCH_FACEBOOK   /* a Page, through the Graph API */
} bf_fetch_platform;

/*
 * An account as the user names it.  user is the handle (Bluesky: a
 * domain or a DID; X: a screen name; Mastodon: the local user name) and
 * host the Mastodon instance (NULL elsewhere); both are NUL-terminated
 * copies inside the struct, without any leading '@'.
 */
typedef struct bf_fetch_spec {
    bf_fetch_platform platform;
    char user[BF_FETCH_NAME_MAX + 1];
    char host[BF_FETCH_NAME_MAX + 1]; /* "" unless Mastodon */
} bf_fetch_spec;

/*
 * bf_fetch_spec_parse reads "bsky:HANDLE" (also "bluesky:"), a DID
 * ("bsky:did:plc:..."), "mastodon:@user@host" (the first '@' optional) or
 * "x:HANDLE" (also "twitter:"; 1 to 15 of A-Z a-z 0-9 _), or
 * "youtube:@HANDLE" (3 to 30 of A-Z a-z 0-9 . _ -) or "youtube:UC..." (a
 * channel id: UC and 22 of A-Z a-z 0-9 _ -), "instagram:HANDLE" (1 to
 * 30 of A-Z a-z 0-9 . _) or "facebook:PAGE" (a Page's user name or id, 1
 * to 50 of A-Z a-z 0-9 . -).  BF_EINVAL for anything else, with *out
 * untouched.
 */
bf_err bf_fetch_spec_parse(const char *s, bf_fetch_spec *out);

/* bf_fetch_platform_name is the store's platform name: "bluesky", ... */
const char *bf_fetch_platform_name(bf_fetch_platform p);

/* ---- Pure helpers, exposed for the tests ---- */

/*
 * bf_fetch_url_escape appends s to out percent-encoded as RFC 3986 asks
 * of a query value: every byte but A-Z a-z 0-9 - . _ ~ becomes %XX.
 */
bf_err bf_fetch_url_escape(bf_buf *out, const char *s);

/*
 * bf_fetch_link_next finds the rel="next" target of an HTTP Link header
 * value (RFC 8288), e.g. `<https://h/api?max_id=7>; rel="next", <...>;
 * rel="prev"`, and appends the URL to out.  rel may be quoted or not and
 * may list several relation types.  BF_ENOTFOUND when there is none.
 */
bf_err bf_fetch_link_next(const char *value, bf_buf *out);

/*
 * What the rate-limit headers of the last response said.  Times are Unix
 * seconds, 0 when not given; remaining is -1 when not given.
 */
typedef struct bf_fetch_ratelimit {
    int64_t remaining; /* requests left in the window */
    int64_t reset_at;  /* when the window starts again */
    int64_t retry_at;  /* Retry-After, as a time */
} bf_fetch_ratelimit;

/* bf_fetch_ratelimit_clear forgets everything: nothing known. */
void bf_fetch_ratelimit_clear(bf_fetch_ratelimit *rl);

/*
 * bf_fetch_ratelimit_header reads one response header line ("Name:
 * value", with or without CRLF) into rl when it is one of
 * ratelimit-remaining / ratelimit-reset (Bluesky, IETF draft),
 * x-ratelimit-remaining / -reset (Mastodon), x-rate-limit-remaining /
 * -reset (X) or Retry-After.  A reset is read as epoch seconds when it is
 * above 10^9, as a delay in seconds from now when smaller, or as an
 * ISO 8601 time (Mastodon); Retry-After as seconds or an HTTP date.
 * Other headers and unreadable values are ignored.
 */
void bf_fetch_ratelimit_header(bf_fetch_ratelimit *rl, const char *line,
                               size_t len, int64_t now);

/*
 * bf_fetch_ratelimit_wait is how many seconds to wait before the next
 * request: until retry_at when set, else until reset_at when remaining is
 * 0, else 0; never negative, at most cap_s.
 */
int64_t bf_fetch_ratelimit_wait(const bf_fetch_ratelimit *rl, int64_t now,
                                int64_t cap_s);

/*
 * bf_fetch_backoff_ms is the delay before retry number attempt (0 for the
 * first retry) after a 5xx or a network error: exponential backoff with
 * "equal jitter" (AWS Architecture Blog, "Exponential Backoff And
 * Jitter", 2015): d = min(cap_ms, base_ms * 2^attempt), then
 * d/2 + rnd mod (d/2 + 1).  O(1).
 */
uint64_t bf_fetch_backoff_ms(uint64_t base_ms, uint64_t cap_ms,
                             unsigned attempt, uint32_t rnd);

/*
 * bf_fetch_sample picks k of n indices uniformly at random without
 * replacement (a partial Fisher-Yates shuffle, O(n) memory and time)
 * seeded by seed, so the same seed always gives the same sample.  idx
 * holds n entries on entry (any values: they are permuted) and its first
 * min(k, n) entries are the sample on return.
 */
void bf_fetch_sample(uint32_t *idx, size_t n, size_t k, uint64_t seed);

/* ---- The collection ---- */

struct bf_fetch_result;

typedef struct bf_fetch_opts {
    uint64_t max_followers;    /* follower (and following) list cap */
    uint64_t sample_followers; /* Bluesky: profiles fetched in full */
    uint64_t posts;            /* recent posts */
    const char *service;       /* base URL; NULL: env, then the default */
    const char *bearer;        /* X API token; never printed */
    const char *api_key;       /* YouTube Data API key; never printed */
    const char *graph_token;   /* Graph API access token; never printed */
    const char *ig_user;       /* the token's Instagram business account id,
                                  which asks for business discovery */
    uint64_t backoff_ms;       /* base of the retry backoff */
    int64_t observed_at;       /* when the data is seen; 0: bf_time_now */
    FILE *progress;            /* a terminal for the progress line, or NULL */
    FILE *diag_out;            /* where reader diagnostics go, or NULL */
    bf_lang lang;              /* language of the progress line */
    /* Called after each page is committed with the counts so far (a
     * server's job page shows them); NULL for none. */
    void (*on_page)(void *ctx, const struct bf_fetch_result *so_far);
    void *on_page_ctx;
} bf_fetch_opts;

/*
 * bf_fetch_opts_init sets the defaults: 10000 followers, a sample of 200,
 * 100 posts, the service from the environment or the default, a backoff
 * base of $BONAFIDE_FETCH_BACKOFF_MS or 500 ms, no output.
 */
void bf_fetch_opts_init(bf_fetch_opts *o);

typedef struct bf_fetch_result {
    uint64_t requests; /* HTTP requests made, retries included */
    uint64_t pages;    /* pages stored */
    uint64_t accounts; /* records sent to the store */
    uint64_t posts;
    uint64_t follows;
    uint64_t rejected; /* records the readers rejected */
    uint64_t warnings;
    double waited_s; /* time spent waiting on rate limits and retries */
} bf_fetch_result;

/*
 * bf_fetch_secret reads a key or token: $NAME, else the first line of the
 * file $NAME_FILE names (so it need not sit in the environment of every
 * process), into buf (cap bytes).  Never from a command line, where other
 * users could read it.  NULL when there is none.
 */
const char *bf_fetch_secret(const char *name, char *buf, size_t cap);

/*
 * bf_fetch_account collects the account spec names into st, resuming
 * where an earlier run on the same store stopped, and adds its counts to
 * *res.  BF_ENOTFOUND when the platform says there is no such account,
 * BF_EINVAL when X is asked for without a bearer token, YouTube without
 * an API key, Instagram or Facebook without a Graph API token (Instagram
 * also without the asking account's id), BF_ENET when the
 * service could not be reached after the bounded retries (what was
 * committed stays, and a new run goes on from there).
 */
bf_err bf_fetch_account(bf_store *st, const bf_fetch_spec *spec,
                        const bf_fetch_opts *o, bf_fetch_result *res);

#endif
