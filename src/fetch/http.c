/*
 * http.c - GET with rate limits, retries and backoff, over libcurl.
 *
 * One curl easy handle is reused for every request, so the connection to
 * the service stays open across pages.  A header callback reads each
 * response header as it arrives: the rate-limit ones go to a
 * bf_fetch_ratelimit (fetch_util.c parses every platform's dialect), the
 * Link one is kept for the next-page URL.  The body is appended to a
 * bf_buf whose limit bounds memory; curl decodes gzip itself
 * (CURLOPT_ACCEPT_ENCODING "" offers every encoding it was built with).
 *
 * bf_http_get is a loop.  Before a request it waits when the previous
 * response said so (Retry-After, or a spent window until its reset), then
 * sends the request.  A 429 is a rate limit: it waits and tries again, up
 * to BF_HTTP_RATE_WAITS times.  A 5xx or a transfer error (refused, reset,
 * timed out, a body shorter than its Content-Length, which curl reports
 * as CURLE_PARTIAL_FILE) is retried after an exponential backoff with
 * jitter (bf_fetch_backoff_ms), up to BF_HTTP_ATTEMPTS times; every other
 * answer is the caller's.  Rate-limit waits use the real clock, never
 * $BONAFIDE_NOW, which tests set to a fixed date.
 */
#include "fetch/http.h"

#include <curl/curl.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include "base/dl.h"
#include "fetch/fetch.h"

/* The longest single wait accepted on a rate limit (X windows: 15 min). */
#define MAX_WAIT_S 900

/* The cap of one backoff delay. */
#define MAX_BACKOFF_MS 60000

/* A Link header longer than this is not kept (pagination URLs are short). */
#define MAX_LINK 8192

/*
 * libcurl, opened when the first client is made (base/dl.h): most
 * commands never collect, and it pulls in a TLS stack.
 */
static struct {
    __typeof__(curl_global_init) *global_init;
    __typeof__(curl_global_cleanup) *global_cleanup;
    __typeof__(curl_easy_init) *easy_init;
    __typeof__(curl_easy_cleanup) *easy_cleanup;
    __typeof__(curl_easy_setopt) *easy_setopt;
    __typeof__(curl_easy_perform) *easy_perform;
    __typeof__(curl_easy_strerror) *easy_strerror;
    __typeof__(curl_easy_getinfo) *easy_getinfo;
    __typeof__(curl_slist_append) *slist_append;
    __typeof__(curl_slist_free_all) *slist_free_all;
} cu;

static const bf_dl_sym cu_syms[] = {
    BF_DL_SYM("curl_global_init", cu.global_init),
    BF_DL_SYM("curl_global_cleanup", cu.global_cleanup),
    BF_DL_SYM("curl_easy_init", cu.easy_init),
    BF_DL_SYM("curl_easy_cleanup", cu.easy_cleanup),
    BF_DL_SYM("curl_easy_setopt", cu.easy_setopt),
    BF_DL_SYM("curl_easy_perform", cu.easy_perform),
    BF_DL_SYM("curl_easy_strerror", cu.easy_strerror),
    BF_DL_SYM("curl_easy_getinfo", cu.easy_getinfo),
    BF_DL_SYM("curl_slist_append", cu.slist_append),
    BF_DL_SYM("curl_slist_free_all", cu.slist_free_all),
};

static bf_dl cu_lib = BF_DL_INIT("libcurl.so.4", "libcurl4", cu_syms);

struct bf_http {
    CURL *curl;
    bf_http_opts o;
    struct curl_slist *headers; /* Accept, and Authorization when a token */
    bf_fetch_ratelimit rl;      /* from the last response */
    bf_buf link;                /* its raw Link header value */
    bf_http_resp *cur;          /* the response being received */
    int too_big;                /* the body passed BF_HTTP_MAX_BODY */
    uint64_t rng;               /* jitter */
    char errbuf[CURL_ERROR_SIZE];
};

void bf_http_resp_init(bf_http_resp *r)
{
    memset(r, 0, sizeof *r);
    bf_buf_init(&r->body, BF_HTTP_MAX_BODY);
    bf_buf_init(&r->next, MAX_LINK);
}

void bf_http_resp_release(bf_http_resp *r)
{
    bf_buf_release(&r->body);
    bf_buf_release(&r->next);
}

/* on_body appends what curl received; 0 (abort) past the limit. */
static size_t on_body(char *p, size_t size, size_t n, void *ctx)
{
    /* Returning less than given makes curl stop with CURLE_WRITE_ERROR;
     * too_big tells that apart from a real write error. */
    bf_http *h = ctx;

    if (bf_buf_append(&h->cur->body, p, size * n) != BF_OK) {
        h->too_big = 1;
        return 0;
    }
    return size * n;
}

/* on_header reads rate-limit and Link headers; a status line (a new
 * response after a redirect) forgets the previous response's. */
static size_t on_header(char *p, size_t size, size_t n, void *ctx)
{
    bf_http *h = ctx;
    size_t len = size * n;

    /* curl hands over each header line with its CRLF, the status line
     * first; the parsers below trim what they read. */
    if (len >= 5 && memcmp(p, "HTTP/", 5) == 0) {
        bf_fetch_ratelimit_clear(&h->rl);
        bf_buf_reset(&h->link);
    } else if (len > 5 && strncasecmp(p, "link:", 5) == 0) {
        /* Several Link headers join as one list, as RFC 9110 allows. */
        if (h->link.len)
            (void)bf_buf_puts(&h->link, ", ");
        (void)bf_buf_append(&h->link, p + 5, len - 5);
    } else {
        bf_fetch_ratelimit_header(&h->rl, p, len, (int64_t)time(NULL));
    }
    return len;
}

/* rand32 is a xorshift64* step, for jitter only. */
static uint32_t rand32(bf_http *h)
{
    h->rng ^= h->rng >> 12;
    h->rng ^= h->rng << 25;
    h->rng ^= h->rng >> 27;
    return (uint32_t)((h->rng * 0x2545F4914F6CDD1Dull) >> 32);
}

/* pause_ms sleeps ms milliseconds, whatever signals interrupt it. */
static void pause_ms(uint64_t ms)
{
    struct timespec ts, rem;

    ts.tv_sec = (time_t)(ms / 1000);
    ts.tv_nsec = (long)(ms % 1000) * 1000000L;
    while (nanosleep(&ts, &rem) != 0 && errno == EINTR)
        ts = rem;
}

/* wait_for tells the caller and sleeps. */
static void wait_for(bf_http *h, uint64_t ms, int rate_limited)
{
    if (h->o.on_wait)
        h->o.on_wait(h->o.ctx, (double)ms / 1000.0, rate_limited);
    pause_ms(ms);
    h->cur->waited += (double)ms / 1000.0;
}

bf_err bf_http_new(const bf_http_opts *opts, bf_http **out_h)
{
    bf_http *h = NULL;
    struct curl_slist *l;
    bf_buf auth;
    bf_err err = BF_OK;

    bf_buf_init(&auth, 4096);
    if (bf_dl_load(&cu_lib) != BF_OK)
        return BF_ENOLIB;
    if (cu.global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK)
        return BF_ENET;
    h = calloc(1, sizeof *h);
    if (!h) {
        err = BF_ENOMEM;
        goto out;
    }
    h->o = *opts;
    bf_buf_init(&h->link, MAX_LINK);
    bf_fetch_ratelimit_clear(&h->rl);
    /* Jitter needs no strong randomness, only clients that differ, so
     * that many of them do not retry in step. */
    h->rng = ((uint64_t)time(NULL) << 20) ^ (uint64_t)getpid() ^
             (uint64_t)(uintptr_t)h;
    if (!h->rng)
        h->rng = 1;
    h->curl = cu.easy_init();
    if (!h->curl) {
        err = BF_ENOMEM;
        goto out;
    }
    l = cu.slist_append(NULL, "Accept: application/json");
    if (!l) {
        err = BF_ENOMEM;
        goto out;
    }
    h->headers = l;
    if (opts->bearer && *opts->bearer) {
        err = bf_buf_appendf(&auth, "Authorization: Bearer %s", opts->bearer);
        if (err)
            goto out;
        l = cu.slist_append(h->headers, auth.data);
        if (!l) {
            err = BF_ENOMEM;
            goto out;
        }
        h->headers = l;
    }
    if (opts->api_key && *opts->api_key) {
        bf_buf_reset(&auth);
        err = bf_buf_appendf(&auth, "X-Goog-Api-Key: %s", opts->api_key);
        if (err)
            goto out;
        l = cu.slist_append(h->headers, auth.data);
        if (!l) {
            err = BF_ENOMEM;
            goto out;
        }
        h->headers = l;
    }
    /* Only GET, only http(s), across redirects too; curl does not carry a
     * custom Authorization header to another host on a redirect, but it
     * would carry an API key header: with one, redirects are not
     * followed at all (Google's APIs answer without them). */
    cu.easy_setopt(h->curl, CURLOPT_HTTPGET, 1L);
    cu.easy_setopt(h->curl, CURLOPT_PROTOCOLS_STR, "http,https");
    cu.easy_setopt(h->curl, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
    cu.easy_setopt(h->curl, CURLOPT_FOLLOWLOCATION,
                   opts->api_key && *opts->api_key ? 0L : 1L);
    cu.easy_setopt(h->curl, CURLOPT_MAXREDIRS, 3L);
    cu.easy_setopt(h->curl, CURLOPT_USERAGENT,
                   "bonafide/" BF_VERSION " (+docs/fetch.md)");
    cu.easy_setopt(h->curl, CURLOPT_ACCEPT_ENCODING, "");
    cu.easy_setopt(h->curl, CURLOPT_HTTPHEADER, h->headers);
    cu.easy_setopt(h->curl, CURLOPT_CONNECTTIMEOUT,
                   opts->connect_timeout_s > 0 ? opts->connect_timeout_s : 10L);
    cu.easy_setopt(h->curl, CURLOPT_TIMEOUT,
                   opts->timeout_s > 0 ? opts->timeout_s : 120L);
    /* No SIGALRM for timeouts: the library may run inside a threaded
     * server. */
    cu.easy_setopt(h->curl, CURLOPT_NOSIGNAL, 1L);
    cu.easy_setopt(h->curl, CURLOPT_ERRORBUFFER, h->errbuf);
    cu.easy_setopt(h->curl, CURLOPT_WRITEFUNCTION, on_body);
    cu.easy_setopt(h->curl, CURLOPT_WRITEDATA, h);
    cu.easy_setopt(h->curl, CURLOPT_HEADERFUNCTION, on_header);
    cu.easy_setopt(h->curl, CURLOPT_HEADERDATA, h);
    *out_h = h;
    h = NULL;
out:
    /* The token's copy in auth is wiped before the memory is given back. */
    if (auth.data)
        memset(auth.data, 0, auth.cap);
    bf_buf_release(&auth);
    if (h)
        bf_http_free(h);
    else if (err)
        cu.global_cleanup();
    return err;
}

void bf_http_free(bf_http *h)
{
    if (!h)
        return;
    if (h->curl)
        cu.easy_cleanup(h->curl);
    cu.slist_free_all(h->headers);
    bf_buf_release(&h->link);
    free(h);
    cu.global_cleanup();
}

const char *bf_http_last_error(const bf_http *h)
{
    return h->errbuf[0] ? h->errbuf : "no response";
}

/* retry_delay is the backoff before retry number attempt. */
static uint64_t retry_delay(bf_http *h, unsigned attempt)
{
    return bf_fetch_backoff_ms(h->o.backoff_ms, MAX_BACKOFF_MS, attempt,
                               rand32(h));
}

bf_err bf_http_get(bf_http *h, const char *url, bf_http_resp *resp)
{
    unsigned failures = 0, rate_waits = 0;
    CURLcode rc;
    int64_t wait;

    /* curl would refuse other schemes too (CURLOPT_PROTOCOLS_STR); saying
     * so before any request gives the caller a clear error. */
    if (strncmp(url, "http://", 7) != 0 && strncmp(url, "https://", 8) != 0)
        return BF_EINVAL;
    h->cur = resp;
    resp->status = 0;
    resp->tries = 0;
    resp->waited = 0;
    for (;;) {
        /* The previous response's rate limit first, whoever asked. */
        wait = bf_fetch_ratelimit_wait(&h->rl, (int64_t)time(NULL), MAX_WAIT_S);
        if (wait > 0)
            wait_for(h, (uint64_t)wait * 1000, 1);
        /* A fresh attempt: nothing of the last one may leak into it. */
        bf_fetch_ratelimit_clear(&h->rl);
        bf_buf_reset(&resp->body);
        bf_buf_reset(&resp->next);
        bf_buf_reset(&h->link);
        h->too_big = 0;
        h->errbuf[0] = '\0';
        cu.easy_setopt(h->curl, CURLOPT_URL, url);
        rc = cu.easy_perform(h->curl);
        resp->tries++;
        /* A body past the limit is not retried: it would be as large the
         * next time. */
        if (rc == CURLE_WRITE_ERROR && h->too_big)
            return BF_ELIMIT;
        if (rc != CURLE_OK) {
            resp->status = 0;
            if (!h->errbuf[0])
                snprintf(h->errbuf, sizeof h->errbuf, "%s",
                         cu.easy_strerror(rc));
        } else {
            cu.easy_getinfo(h->curl, CURLINFO_RESPONSE_CODE, &resp->status);
        }
        if (rc == CURLE_OK && resp->status == 429) {
            if (rate_waits++ >= BF_HTTP_RATE_WAITS)
                return BF_ENET;
            /* Without Retry-After nor a future reset, back off instead. */
            if (bf_fetch_ratelimit_wait(&h->rl, (int64_t)time(NULL),
                                        MAX_WAIT_S) == 0)
                h->rl.retry_at = (int64_t)time(NULL) +
                                 (int64_t)(retry_delay(h, rate_waits) / 1000) +
                                 1;
            /* The window's reset applies to a 429 even with requests
             * announced as left. */
            if (!h->rl.retry_at && h->rl.reset_at)
                h->rl.remaining = 0;
            continue;
        }
        /* Server errors and transfer errors are worth another try, after
         * a growing pause; the rate-limit state of a failed answer is not
         * trusted. */
        if (rc != CURLE_OK || resp->status >= 500) {
            if (failures >= BF_HTTP_ATTEMPTS)
                return BF_ENET;
            bf_fetch_ratelimit_clear(&h->rl);
            wait_for(h, retry_delay(h, failures++), 0);
            continue;
        }
        break;
    }
    /* The final answer: its Link header, if any, gives the next page. */
    if (h->link.len &&
        bf_fetch_link_next(h->link.data, &resp->next) == BF_ELIMIT)
        return BF_ELIMIT;
    return BF_OK;
}
