/*
 * serve.h - the local web server: HTML pages and the JSON API.
 *
 * bf_serve_start opens the store, starts a libmicrohttpd daemon with a
 * thread pool and returns at once; requests are answered on the pool's
 * threads until bf_serve_stop.  Pages are server-rendered HTML (the report
 * renderers of report/report.h, plus search, compare and upload pages);
 * the API lives under /api/v1/ (docs/api.md, docs/openapi.yaml).
 *
 * Invariants:
 *   - Bound to a loopback address, no login is needed.  Bound to any other
 *     address the server refuses to start (BF_EINVAL) unless a token is
 *     set; the API then needs "Authorization: Bearer TOKEN", and pages a
 *     session cookie from the sign-in page or, for one report, a share
 *     link (serve_access.h).
 *   - No other web page can drive it: the Host header must name the
 *     listening address, "localhost" or a configured host name (DNS
 *     rebinding); a POST from another origin is refused (Origin,
 *     Sec-Fetch-Site); the upload form carries a CSRF token; the API's
 *     upload refuses the content types a form can send.
 *   - No cheap request holds it: connections are bounded in total and per
 *     client address, a request's headers must arrive within
 *     header_timeout seconds, an idle connection is closed after timeout,
 *     and an oversized request (URI, query, headers, body) is answered at
 *     once with 400, 413, 414 or 431.
 *   - Every response carries the security headers (a CSP forbidding any
 *     script, nosniff, frame denial, no referrer).
 *   - Each pool thread works on its own store handle; only ingest jobs
 *     write, one at a time, each in one transaction.
 *
 * Lifetime: the server owns everything it opened; bf_serve_stop waits for
 * running requests and ingest jobs, then frees it all.  Options are copied.
 *
 *     bf_serve_opts o;
 *     bf_serve_opts_init(&o);
 *     o.store_dir = "bonafide-data";  bf_serve_start(&o, &srv);
 */
#ifndef BF_SERVE_SERVE_H
#define BF_SERVE_SERVE_H

#include <stddef.h>
#include <stdint.h>

#include "bonafide.h"

/* Defaults of bf_serve_opts. */
#define BF_SERVE_PORT        8080
#define BF_SERVE_MAX_UPLOAD  ((uint64_t)256 << 20)
#define BF_SERVE_TIMEOUT     30
#define BF_SERVE_MAX_CONNS   512
#define BF_SERVE_HEADER_MEM  (32u << 10)
#define BF_SERVE_TOKEN_MAX   256
#define BF_SERVE_MAX_COMPARE 5
#define BF_SERVE_MAX_PER_IP  64
#define BF_SERVE_HEADER_TIME 10
/* Query parameters and URI bytes in one request; more is 400 or 414. */
#define BF_SERVE_MAX_ARGS 64
#define BF_SERVE_MAX_URI  8192
/* Host names given with --host-name, each at most 253 bytes. */
#define BF_SERVE_MAX_HOST_NAMES 16

typedef struct bf_server bf_server;

typedef struct bf_serve_opts {
    const char *store_dir;   /* the store to serve */
    const char *addr;        /* numeric IPv4 or IPv6 address to bind */
    uint16_t port;           /* 0 = any free port (see bf_serve_port) */
    const char *token;       /* required bearer token; NULL or "" = none */
    uint64_t max_upload;     /* bytes per upload */
    unsigned timeout;        /* seconds of inactivity before a close */
    unsigned threads;        /* audit workers; 0 = two per core, at most 64 */
    unsigned max_conns;      /* connections open at once */
    unsigned max_per_ip;     /* connections open at once per client address */
    unsigned header_timeout; /* seconds to send a request's headers */
    const char *const *host_names; /* more names for Host; copied */
    size_t n_host_names;
    size_t header_mem;    /* per-connection memory: headers and buffers */
    size_t cache_entries; /* rendered audits kept, and as many search
                             answers; 0 = no cache */
    int behind_tls;       /* a TLS proxy is in front: cookies are Secure */
} bf_serve_opts;

/* bf_serve_opts_init sets the defaults: 127.0.0.1:8080, no token. */
void bf_serve_opts_init(bf_serve_opts *o);

/*
 * bf_serve_start validates o, opens the store and starts listening.
 * BF_EINVAL for a bad address or a non-loopback address without a token;
 * BF_EIO when the address cannot be bound.
 */
bf_err bf_serve_start(const bf_serve_opts *o, bf_server **out_srv);

/* bf_serve_port is the port actually bound (useful with port 0). */
uint16_t bf_serve_port(const bf_server *srv);

/* bf_serve_stop stops listening, waits for jobs and frees srv; NULL ok. */
void bf_serve_stop(bf_server *srv);

/*
 * bf_serve_parse_listen reads "ADDR:PORT", "[V6ADDR]:PORT", ":PORT" or
 * "ADDR" (port 8080) into addr (cap bytes) and *out_port.
 */
bf_err bf_serve_parse_listen(const char *s, char *addr, size_t cap,
                             uint16_t *out_port);

/*
 * bf_serve_host_check judges a request's Host header for a server bound
 * to addr with the extra names[0..n): 1 answered, 0 another site's name
 * (421), -1 missing or malformed (400).  Accepted: addr itself (any IP
 * literal when addr is a wildcard), "localhost" when addr is loopback or
 * a wildcard, and names (case-insensitive); the port is not compared.
 */
int bf_serve_host_check(const char *host, const char *addr,
                        const char *const *names, size_t n_names);

/*
 * bf_serve_origin_check: 1 when origin is absent, or is "http://HOST" or
 * "https://HOST" for the request's own Host header; 0 otherwise ("null"
 * included).
 */
int bf_serve_origin_check(const char *origin, const char *host);

/* bf_serve_fetch_site_check: Sec-Fetch-Site absent, same-origin or none. */
int bf_serve_fetch_site_check(const char *site);

/*
 * bf_serve_api_type_ok: ctype is a file type a program uploads with
 * (application/octet-stream, json, x-ndjson, zip, gzip, zstd, text/csv,
 * ...), never one an HTML form can send.
 */
int bf_serve_api_type_ok(const char *ctype);

/* bf_serve_is_loopback: addr is 127.0.0.0/8 or ::1 (numeric only). */
int bf_serve_is_loopback(const char *addr);

/*
 * bf_serve_token_equal compares a presented token with the configured
 * one in time depending only on the configured token's length.
 */
int bf_serve_token_equal(const char *given, size_t given_len, const char *want);

#endif
