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
 *     set; every request then needs "Authorization: Bearer TOKEN".
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

typedef struct bf_server bf_server;

typedef struct bf_serve_opts {
    const char *store_dir; /* the store to serve */
    const char *addr;      /* numeric IPv4 or IPv6 address to bind */
    uint16_t port;         /* 0 = any free port (see bf_serve_port) */
    const char *token;     /* required bearer token; NULL or "" = none */
    uint64_t max_upload;   /* bytes per upload */
    unsigned timeout;      /* seconds of inactivity before a close */
    unsigned threads;      /* pool threads; 0 = one per core, at least 2 */
    unsigned max_conns;    /* connections open at once */
    size_t header_mem;     /* per-connection memory: headers and buffers */
    size_t cache_entries;  /* rendered audits kept; 0 = no cache */
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

/* bf_serve_is_loopback: addr is 127.0.0.0/8 or ::1 (numeric only). */
int bf_serve_is_loopback(const char *addr);

/*
 * bf_serve_token_equal compares a presented token with the configured
 * one in time depending only on the configured token's length.
 */
int bf_serve_token_equal(const char *given, size_t given_len, const char *want);

#endif
