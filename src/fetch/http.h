/*
 * http.h - a polite HTTP GET client over libcurl, for the fetch stage.
 *
 * One bf_http holds one curl handle (so connections are kept alive across
 * pages) and the rate-limit state the last response announced.  A GET
 * waits first when the service said its window is spent, then retries by
 * itself what is worth retrying: HTTP 429 (after Retry-After or the
 * window's reset), 5xx and network errors (timeouts, resets, a body
 * shorter than its Content-Length), with exponential backoff and jitter,
 * a bounded number of times.  Other statuses (404, 401, ...) come back to
 * the caller as they are.
 *
 * Invariants: only http and https URLs, only GET, gzip accepted, a
 * descriptive User-Agent; a bearer token is sent in the Authorization
 * header and appears nowhere else (no verbose output, no URL, no message).
 *
 * Lifetime: bf_http_new copies nothing from opts but the pointers it is
 * given, which must outlive the client; bf_http_free ends it.
 *
 *     bf_http *h;
 *     bf_http_new(&opts, &h);
 *     err = bf_http_get(h, "https://public.api.bsky.app/xrpc/...", &resp);
 *     bf_http_free(h);
 */
#ifndef BF_FETCH_HTTP_H
#define BF_FETCH_HTTP_H

#include <stdint.h>

#include "base/buf.h"
#include "base/err.h"

/* The largest response body accepted (a page is far smaller). */
#define BF_HTTP_MAX_BODY ((size_t)64 << 20)

/* Retries of a 5xx or network error, and waits on a 429, per request. */
#define BF_HTTP_ATTEMPTS   6
#define BF_HTTP_RATE_WAITS 10

typedef struct bf_http bf_http;

typedef struct bf_http_opts {
    const char *bearer;  /* token for "Authorization: Bearer", or NULL */
    const char *api_key; /* Google API key for "X-Goog-Api-Key", or NULL;
                            redirects are then not followed, so the key
                            never reaches another host */
    uint64_t backoff_ms; /* base delay of the exponential backoff */
    long connect_timeout_s;
    long timeout_s;
    /*
     * on_wait, when set, is told before each pause: seconds to wait and
     * whether it is a rate limit (1) or a retry after an error (0).
     */
    void (*on_wait)(void *ctx, double seconds, int rate_limited);
    void *ctx;
} bf_http_opts;

/* A response: status, body and the Link header's next page, if any. */
typedef struct bf_http_resp {
    long status;
    bf_buf body;    /* the decoded body, NUL-terminated */
    bf_buf next;    /* Link rel="next" target, empty when none */
    uint64_t tries; /* requests made for this response */
    double waited;  /* seconds paused for it */
} bf_http_resp;

/* bf_http_resp_init prepares an empty response; release frees it. */
void bf_http_resp_init(bf_http_resp *r);
void bf_http_resp_release(bf_http_resp *r);

/*
 * bf_http_new makes a client; BF_ENOMEM or BF_ENET if curl cannot,
 * BF_ENOLIB if libcurl is not installed (it is opened on first use).
 */
bf_err bf_http_new(const bf_http_opts *opts, bf_http **out_h);

/* bf_http_free ends the client; NULL is a no-op. */
void bf_http_free(bf_http *h);

/*
 * bf_http_get fetches url into *resp (reset first).  BF_OK with any final
 * status that is not retried; BF_ENET when the retries ran out (resp then
 * holds the last status, 0 for a network error); BF_ELIMIT for a body
 * above BF_HTTP_MAX_BODY; BF_EINVAL for a URL that is not http(s).
 */
bf_err bf_http_get(bf_http *h, const char *url, bf_http_resp *resp);

/* bf_http_last_error is a short English text on the last network error. */
const char *bf_http_last_error(const bf_http *h);

#endif
