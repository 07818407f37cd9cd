/*
 * serve.c - the daemon: options, security, limits, routing and uploads.
 *
 * libmicrohttpd runs a pool of threads, each polling its share of the
 * connections (MHD_USE_AUTO_INTERNAL_THREAD with MHD_OPTION_THREAD_POOL_SIZE)
 * and calling answer() for each request, first when the headers are in,
 * then once per chunk of body, then once more with no data.  Every check
 * that needs only the headers happens on the first call, before any body
 * is read: who is asking (a bearer token compared in constant time, a
 * session cookie, or a page open to all: serve_access.c), the Host header
 * (DNS rebinding), the framing (one length, said once), the path (no
 * "..", no backslash), the method, the origin of a POST (another site's
 * page), the body size (Content-Length is required for uploads and must
 * not exceed --max-upload; other requests take none) and the upload's
 * content type; serve_guard.c holds these rules.  Two limits come
 * earlier, in the URI callback, because libmicrohttpd could not answer
 * once past them (see uri_check).  Header size is bounded by the
 * per-connection memory pool (MHD_OPTION_CONNECTION_MEMORY_LIMIT); a
 * client idle for --timeout seconds is dropped (MHD_OPTION_CONNECTION_
 * TIMEOUT), and one that takes longer than --header-timeout to send its
 * headers, however slowly it trickles them, by serve_guard.c's watchdog;
 * connections are bounded in total and per client address.
 *
 * Uploads stream to a file of the client's name (sanitised) in a private
 * temporary directory "upload-XXXXXX" of the store directory, through
 * MHD's multipart parser for the HTML form or as the raw body for the
 * API.  The name is the client's because an export is named after its
 * account ("instagram-shop.owner-2024-12-05-AbCdEf12.zip"), and the
 * readers name the export's owner from it (ingest/exports.h).  Only a
 * complete upload becomes an ingest job (serve_jobs.c); when the client
 * goes away before, completed() removes the file, so nothing of it
 * reaches the store.
 *
 * Requests that may build an audit go to worker threads (see "Two lanes"
 * below).  Reads borrow a store handle from a pool opened at start, one
 * per pool thread and worker plus two, so no SQLite connection is ever
 * used by two threads at once.  Every response carries the same security
 * headers.
 */
#include "serve/serve.h"

#include <arpa/inet.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <microhttpd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "serve/serve_access.h"
#include "serve/serve_home.h"
#include "serve/serve_int.h"

/*
 * The Content Security Policy of every answer.  No script source at all:
 * the pages work without script (forms, links and a Refresh header).
 * Inline styles are allowed, style only, because the report page carries
 * its stylesheet inline to stay self-contained.  Forms may only post back
 * here and no other site may frame a page.
 */
static const char csp[] =
        "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; "
        "form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

/* Per-request state, created on the first call of answer(). */
typedef struct conn_ctx {
    int upload;  /* a POST to an upload route */
    int form;    /* the upload is the HTML form's: it needs the CSRF token */
    int done;    /* a response was queued on the first call */
    int api;     /* under /api/ */
    int csrf_ok; /* the form's token was checked */
    int small;   /* a POST of a small urlencoded form (/open) */
    bf_buf formbody;             /* its body, at most BF__PASTE_MAX bytes */
    char csrf[BF__CSRF_LEN + 1]; /* the form's "csrf" field so far */
    bf_lang lang;
    int fd;        /* the temp file, -1 when none */
    char *tmp;     /* its path */
    char name[96]; /* the client's file name, sanitised */
    char platform[33];
    uint64_t bytes;
    unsigned fail; /* an HTTP status to answer with at the end, or 0 */
    const char *fail_code;
    struct MHD_PostProcessor *pp;
    bf_server *srv;

    /* A POSTed page form (serve_team.c): its body, read whole. */
    int post_form;
    unsigned form_fail; /* 413 when the body broke its limit, else 0 */
    bf_buf body;

    bf__auth auth;   /* how the request got in (serve_access.c) */
    int access_form; /* a POST to sign-in, sign-out or share */
    bf__form fields; /* that form's fields */

    /* A GET answered by a worker (the slow lane): the request as routed,
     * then the worker's reply, sent when MHD resumes the connection. */
    int lane; /* LANE_NONE, LANE_QUEUED or LANE_READY */
    struct MHD_Connection *conn;
    bf__req rq;
    int asked;
    bf__reply rep;
    struct conn_ctx *next;
} conn_ctx;

enum { LANE_NONE, LANE_QUEUED, LANE_READY };

/*
 * The defaults favour a laptop: loopback, no token, 30 s idle timeout,
 * 256 MiB uploads and a cache large enough for a few thousand audits.
 */
void bf_serve_opts_init(bf_serve_opts *o)
{
    memset(o, 0, sizeof *o);
    o->store_dir = "bonafide-data";
    o->addr = "127.0.0.1";
    o->port = BF_SERVE_PORT;
    o->max_upload = BF_SERVE_MAX_UPLOAD;
    o->timeout = BF_SERVE_TIMEOUT;
    o->max_conns = BF_SERVE_MAX_CONNS;
    o->max_per_ip = BF_SERVE_MAX_PER_IP;
    o->header_timeout = BF_SERVE_HEADER_TIME;
    o->header_mem = BF_SERVE_HEADER_MEM;
    o->cache_entries = 4096;
}

bf_err bf_serve_parse_listen(const char *s, char *addr, size_t cap,
                             uint16_t *out_port)
{
    const char *colon, *host = s;
    size_t hlen;
    unsigned long port = BF_SERVE_PORT;
    char *end;

    if (!s || !*s)
        return BF_EINVAL;
    /* "[v6]:port" or "[v6]": the brackets delimit the address. */
    if (s[0] == '[') {
        const char *close = strchr(s, ']');

        if (!close)
            return BF_EINVAL;
        host = s + 1;
        hlen = (size_t)(close - host);
        colon = close[1] == ':' ? close + 1 : NULL;
        if (close[1] && !colon)
            return BF_EINVAL;
    } else {
        /* One colon separates the port; more than one is a bare IPv6
         * address, which then takes the default port. */
        colon = strrchr(s, ':');
        if (colon && strchr(s, ':') != colon)
            colon = NULL; /* a bare IPv6 address */
        hlen = colon ? (size_t)(colon - s) : strlen(s);
    }
    if (colon) {
        errno = 0;
        port = strtoul(colon + 1, &end, 10);
        if (!colon[1] || *end || errno || port > 65535)
            return BF_EINVAL;
    }
    /* ":PORT" means the default address, never "every address". */
    if (hlen == 0) {
        host = "127.0.0.1";
        hlen = strlen(host);
    }
    if (hlen + 1 > cap)
        return BF_EINVAL;
    memcpy(addr, host, hlen);
    addr[hlen] = '\0';
    *out_port = (uint16_t)port;
    return BF_OK;
}

/*
 * Only numeric addresses are accepted, so there is no name resolution
 * whose answer could change between this check and the bind.
 */
int bf_serve_is_loopback(const char *addr)
{
    struct in_addr a4;
    struct in6_addr a6;

    if (inet_pton(AF_INET, addr, &a4) == 1)
        return (ntohl(a4.s_addr) >> 24) == 127;
    if (inet_pton(AF_INET6, addr, &a6) == 1)
        return memcmp(&a6, &in6addr_loopback, sizeof a6) == 0;
    return 0;
}

int bf_serve_token_equal(const char *given, size_t given_len, const char *want)
{
    size_t n = strlen(want), i;
    unsigned char diff = (unsigned char)(given_len != n);

    /* Every byte of want is visited whatever given holds, so the time
     * says nothing about where the first difference is. */
    for (i = 0; i < n; i++) {
        unsigned char g = i < given_len ? (unsigned char)given[i] : 0;

        diff |= (unsigned char)(g ^ (unsigned char)want[i]);
    }
    return diff == 0 && n > 0;
}

int bf__valid_platform(const char *s)
{
    size_t n = strlen(s);

    return n >= 1 && n <= 32 &&
           strspn(s, "abcdefghijklmnopqrstuvwxyz0123456789-_") == n;
}

/* ---- the pool of store handles ---- */

/*
 * A request takes the first free handle, waiting on a condition variable
 * when all are busy.  There are two more handles than pool threads, so a
 * wait only happens when ingest-job readers or tests add their own load.
 */
bf__handle *bf__handle_get(bf_server *srv)
{
    bf__handle *h = NULL;
    size_t i;

    pthread_mutex_lock(&srv->hmu);
    while (!h) {
        for (i = 0; i < srv->nh && !h; i++) {
            if (!srv->h[i].busy)
                h = &srv->h[i];
        }
        if (!h)
            pthread_cond_wait(&srv->hcv, &srv->hmu);
    }
    h->busy = 1;
    pthread_mutex_unlock(&srv->hmu);
    return h;
}

void bf__handle_put(bf_server *srv, bf__handle *h)
{
    pthread_mutex_lock(&srv->hmu);
    h->busy = 0;
    pthread_cond_signal(&srv->hcv);
    pthread_mutex_unlock(&srv->hmu);
}

bf_err bf__generation(bf_server *srv, bf__handle *h, uint64_t *out_gen)
{
    uint64_t g = 1469598103934665603ull, epoch;
    bf_err err = BF_ESQL;

    /* One row read by its primary key: the store's data generation,
     * which every committed batch raises (store/peers.h). */
    if (sqlite3_step(h->gen) == SQLITE_ROW) {
        g ^= (uint64_t)sqlite3_column_int64(h->gen, 0);
        g *= 1099511628211ull;
        err = BF_OK;
    }
    sqlite3_reset(h->gen);
    pthread_mutex_lock(&srv->jmu);
    epoch = srv->epoch;
    pthread_mutex_unlock(&srv->jmu);
    g ^= epoch;
    g *= 1099511628211ull;
    if (!err)
        *out_gen = g;
    return err;
}

/*
 * open_handle opens one pooled reader: a full store handle (for
 * bf_store_resolve, bf_audit_build and the graph) and a read-only SQLite
 * connection for the search and generation queries, which the store API
 * does not offer.  On failure the caller's bf_serve_stop closes whatever
 * was opened.
 */
static bf_err open_handle(bf_server *srv, bf__handle *h)
{
    char path[4096];
    bf_err err = bf_store_open(srv->store_dir, &h->st);

    if (err)
        return err;
    snprintf(path, sizeof path, "%s/bonafide.sqlite", srv->store_dir);
    if (sqlite3_open_v2(path, &h->ro, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK)
        return BF_ESQL;
    sqlite3_busy_timeout(h->ro, 10000);
    if (sqlite3_prepare_v3(h->ro, "SELECT value FROM generation WHERE id = 1",
                           -1, SQLITE_PREPARE_PERSISTENT, &h->gen,
                           NULL) != SQLITE_OK)
        return BF_ESQL;
    return BF_OK;
}

void bf__upload_remove(const char *path)
{
    const char *slash = strrchr(path, '/');
    char dir[4096];

    unlink(path);
    if (slash && (size_t)(slash - path) < sizeof dir) {
        memcpy(dir, path, (size_t)(slash - path));
        dir[slash - path] = '\0';
        rmdir(dir);
    }
}

/*
 * sweep_uploads removes the uploads a killed server left behind: each
 * "upload-XXXXXX" directory with the one file in it, and the bare
 * "upload-XXXXXX.ext" files of older versions.
 */
static void sweep_uploads(const char *dir)
{
    DIR *d = opendir(dir), *in;
    struct dirent *ent, *f;
    char path[4096], file[8192];

    if (!d)
        return;
    while ((ent = readdir(d)) != NULL) {
        if (strncmp(ent->d_name, "upload-", 7) != 0)
            continue;
        snprintf(path, sizeof path, "%s/%s", dir, ent->d_name);
        in = opendir(path);
        while (in && (f = readdir(in)) != NULL) {
            if (strcmp(f->d_name, ".") == 0 || strcmp(f->d_name, "..") == 0)
                continue;
            snprintf(file, sizeof file, "%s/%s", path, f->d_name);
            unlink(file);
        }
        if (in) {
            closedir(in);
            rmdir(path);
        } else {
            unlink(path);
        }
    }
    closedir(d);
}

/* ---- replies ---- */

/* A reply starts as an empty 200 HTML page; page functions change it. */
void bf__reply_init(bf__reply *r)
{
    memset(r, 0, sizeof *r);
    r->status = 200;
    r->lang_cookie = -1;
    r->ctype = "text/html; charset=utf-8";
    bf_buf_init(&r->body, BF__REPLY_LIMIT);
}

void bf__reply_release(bf__reply *r)
{
    bf_buf_release(&r->body);
}

/*
 * add_security_headers sets the headers every answer carries, errors
 * included: see the comment on csp, plus nosniff (no content-type
 * guessing), frame denial for browsers without frame-ancestors, no
 * referrer leaving for another site, and no caching of pages that may
 * change with each ingest.  The referrer policy is "same-origin", not
 * "no-referrer": under "no-referrer" a browser sends "Origin: null" with
 * the upload form's POST, which could not then be told from another
 * site's sandboxed page.
 */
static void add_security_headers(struct MHD_Response *resp)
{
    bf__mhd.add_response_header(resp, "Content-Security-Policy", csp);
    bf__mhd.add_response_header(resp, "X-Content-Type-Options", "nosniff");
    bf__mhd.add_response_header(resp, "X-Frame-Options", "DENY");
    bf__mhd.add_response_header(resp, "Referrer-Policy", "same-origin");
    bf__mhd.add_response_header(resp, "Cross-Origin-Resource-Policy",
                                "same-origin");
    bf__mhd.add_response_header(resp, "Cache-Control", "no-store");
}

/* send_reply queues rep (taking its body) on conn. */
static enum MHD_Result send_reply(struct MHD_Connection *conn, bf__reply *rep)
{
    struct MHD_Response *resp;
    enum MHD_Result ret;
    char refresh[16];

    /* No control byte from the input reaches a page, whoever wrote it. */
    if (strncmp(rep->ctype, "text/html", 9) == 0 &&
        bf__html_controls(&rep->body) != BF_OK) {
        bf__reply_release(rep);
        return MHD_NO;
    }
    /* The body's memory is handed to MHD, which frees it after sending;
     * an empty body is a static string. */
    if (rep->body.data) {
        resp = bf__mhd.create_response_from_buffer(
                rep->body.len, rep->body.data, MHD_RESPMEM_MUST_FREE);
        if (resp)
            rep->body.data = NULL; /* MHD frees it now */
    } else {
        resp = bf__mhd.create_response_from_buffer(0, (void *)"",
                                                   MHD_RESPMEM_PERSISTENT);
    }
    bf__reply_release(rep);
    if (!resp)
        return MHD_NO;
    add_security_headers(resp);
    bf__mhd.add_response_header(resp, "Content-Type", rep->ctype);
    if (rep->location[0])
        bf__mhd.add_response_header(resp, "Location", rep->location);
    if (rep->cookie[0])
        bf__mhd.add_response_header(resp, "Set-Cookie", rep->cookie);
    if (rep->refresh) {
        snprintf(refresh, sizeof refresh, "%d", rep->refresh);
        bf__mhd.add_response_header(resp, "Refresh", refresh);
    }
    /* The language is remembered for the whole site, for this browser
     * only, never sent along by another site's request; the pages do not
     * need it hidden from themselves, and carry no script anyway. */
    if (rep->lang_cookie >= 0) {
        char cookie[96];

        snprintf(cookie, sizeof cookie,
                 BF__LANG_COOKIE "=%s; Path=/; Max-Age=31536000; "
                                 "SameSite=Strict",
                 bf_lang_code((bf_lang)rep->lang_cookie));
        bf__mhd.add_response_header(resp, "Set-Cookie", cookie);
    }
    bf__mhd.add_response_header(resp, "Vary", "Accept-Language, Cookie");
    if (rep->status == 401)
        bf__mhd.add_response_header(resp, "WWW-Authenticate",
                                    "Bearer realm=\"bonafide\"");
    ret = bf__mhd.queue_response(conn, rep->status, resp);
    bf__mhd.destroy_response(resp);
    return ret;
}

/* send_error answers with the error page or JSON error of serve_pages.c. */
static enum MHD_Result send_error(struct MHD_Connection *conn, int api,
                                  bf_lang lang, unsigned status,
                                  const char *code, const char *message)
{
    bf__reply rep;

    bf__reply_init(&rep);
    bf__reply_error(&rep, api, lang, status, code, message);
    return send_reply(conn, &rep);
}

/* ---- request parsing ---- */

/*
 * collect_arg is MHD's iterator over query arguments.  MHD's single-value
 * lookup returns only the first of repeated keys, and /compare repeats
 * "a", so every argument is walked here instead.  An unknown language is
 * ignored (English stays); extra "a" values are counted, not kept, so the
 * page can refuse more than five.
 */
static enum MHD_Result collect_arg(void *cls, enum MHD_ValueKind kind,
                                   const char *key, const char *value)
{
    bf__req *rq = cls;

    (void)kind;
    if (!value)
        return MHD_YES;
    if (strcmp(key, "lang") == 0)
        bf_lang_parse(value, &rq->lang);
    else if (strcmp(key, "q") == 0) {
        rq->q = value;
        rq->nq++;
    } else if (strcmp(key, "limit") == 0) {
        rq->limit = value;
        rq->nlimit++;
    } else if (strcmp(key, "sort") == 0) {
        rq->sort = value;
    } else if (strcmp(key, "page") == 0) {
        rq->page = value;
    } else if (strcmp(key, "a") == 0 && value[0]) {
        if (rq->na < BF_SERVE_MAX_COMPARE + 1)
            rq->a[rq->na] = value;
        rq->na++;
    }
    return MHD_YES;
}

/*
 * request_lang is the page's language before ?lang= is read: the one the
 * bf_lang cookie remembers, else the browser's first choice among English
 * and French (Accept-Language), else English.  *asked is set when ?lang=
 * names a language, which then wins and is remembered.
 */
static bf_lang request_lang(struct MHD_Connection *conn, int *asked)
{
    const char *v;
    bf_lang l;
    int c;

    v = bf__mhd.lookup_connection_value(conn, MHD_GET_ARGUMENT_KIND, "lang");
    *asked = v && bf_lang_parse(v, &l) == BF_OK;
    v = bf__mhd.lookup_connection_value(conn, MHD_HEADER_KIND, "Cookie");
    c = bf_serve_cookie_lang(v);
    if (c < 0) {
        v = bf__mhd.lookup_connection_value(conn, MHD_HEADER_KIND,
                                            "Accept-Language");
        c = bf_serve_accept_lang(v);
    }
    return c < 0 ? BF_LANG_EN : (bf_lang)c;
}

/* bad_path: a ".." segment, a backslash or a control byte. */
static int bad_path(const char *p)
{
    const char *s;

    if (p[0] != '/')
        return 1;
    for (s = p; *s; s++) {
        if (*s == '\\' || (unsigned char)*s < 0x20 || *s == 0x7f)
            return 1;
        if (s[0] == '.' && s[1] == '.' && s[-1] == '/' &&
            (s[2] == '/' || s[2] == '\0'))
            return 1;
    }
    return 0;
}

/* ---- uploads ---- */

/* sanitise_name keeps the base name's safe characters, at most cap - 1. */
static void sanitise_name(const char *in, char *out, size_t cap)
{
    const char *base = strrchr(in, '/');
    size_t n = 0;

    base = base ? base + 1 : in;
    if (strrchr(base, '\\'))
        base = strrchr(base, '\\') + 1;
    for (; *base && n + 1 < cap; base++) {
        char c = *base;

        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
            (c >= '0' && c <= '9') || c == '.' || c == '-' || c == '_')
            out[n++] = c;
    }
    out[n] = '\0';
    if (n == 0 || out[0] == '.')
        snprintf(out, cap, "upload");
}

/* upload_ext is the name's known extension, the format detector's hint. */
static const char *upload_ext(const char *name)
{
    static const char *const known[] = { ".zip", ".jsonl", ".ndjson", ".json",
                                         ".csv", ".txt",   ".gz",     ".tsv" };
    const char *dot = strrchr(name, '.');
    size_t i;

    for (i = 0; dot && i < sizeof known / sizeof known[0]; i++) {
        if (strcasecmp(dot, known[i]) == 0)
            return known[i];
    }
    return "";
}

/*
 * open_upload creates the upload's file in a directory of its own in the
 * store directory (same file system as the store, and cleaned at start by
 * sweep_uploads), named as the client named it, with a known extension
 * the format detector can use.  mkdtemp makes the directory with mode
 * 0700 and a name no other request can guess; the file is created in it,
 * mode 0600.
 */
static int open_upload(conn_ctx *c)
{
    const char *ext = upload_ext(c->name);
    size_t dot = strlen(c->name) - (*ext ? strlen(ext) : 0);
    size_t n = strlen(c->srv->store_dir) + sizeof c->name + 32;

    c->tmp = malloc(n);
    if (!c->tmp)
        return -1;
    snprintf(c->tmp, n, "%s/upload-XXXXXX", c->srv->store_dir);
    if (!mkdtemp(c->tmp)) {
        free(c->tmp);
        c->tmp = NULL;
        return -1;
    }
    /* The client's name, its extension as the detector knows it: a
     * "Shop.ZIP" is written "Shop.zip". */
    snprintf(c->tmp + strlen(c->tmp), n - strlen(c->tmp), "/%.*s%s", (int)dot,
             c->name, ext);
    c->fd = open(c->tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (c->fd < 0) {
        bf__upload_remove(c->tmp);
        free(c->tmp);
        c->tmp = NULL;
        return -1;
    }
    return 0;
}

/* drop_upload closes and removes a partial or refused upload. */
static void drop_upload(conn_ctx *c)
{
    if (c->fd >= 0)
        close(c->fd);
    c->fd = -1;
    if (c->tmp) {
        bf__upload_remove(c->tmp);
        free(c->tmp);
        c->tmp = NULL;
    }
}

/*
 * write_upload appends n bytes to the temp file, opening it on the first
 * bytes.  The size is counted before writing, so a multipart body that
 * carries more file bytes than --max-upload fails at once even though its
 * Content-Length passed (the form's framing adds a little).
 */
static int write_upload(conn_ctx *c, const char *data, size_t n)
{
    if (c->fd < 0 && open_upload(c) != 0)
        return -1;
    c->bytes += n;
    if (c->bytes > c->srv->o.max_upload)
        return -1;
    while (n > 0) {
        ssize_t w = write(c->fd, data, n);

        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            return -1;
        data += w;
        n -= (size_t)w;
    }
    return 0;
}

/*
 * post_field is the multipart parser's callback, once per chunk of a
 * field.  The "file" field streams to the temp file; "platform" is kept
 * (at most 32 bytes); other fields are ignored.  Returning MHD_NO stops
 * the parser, and the request is then answered with c->fail.
 */
static enum MHD_Result post_field(void *cls, enum MHD_ValueKind kind,
                                  const char *key, const char *filename,
                                  const char *content_type,
                                  const char *transfer_encoding,
                                  const char *data, uint64_t off, size_t size)
{
    conn_ctx *c = cls;

    (void)kind;
    (void)content_type;
    (void)transfer_encoding;
    if (strcmp(key, "csrf") == 0) {
        size_t have = strlen(c->csrf);

        /* A token longer than a real one is no token. */
        if (have + size > BF__CSRF_LEN) {
            c->fail = 403;
            c->fail_code = "bad_csrf";
            return MHD_NO;
        }
        memcpy(c->csrf + have, data, size);
        c->csrf[have + size] = '\0';
        return MHD_YES;
    }
    if (strcmp(key, "file") == 0) {
        /* The token comes first in the form, so an upload without a
         * valid one is refused before any of its bytes is written. */
        if (c->form && !c->csrf_ok &&
            !(c->csrf_ok = bf__csrf_check(c->srv, c->csrf, time(NULL)))) {
            c->fail = 403;
            c->fail_code = "bad_csrf";
            return MHD_NO;
        }
        if (off == 0 && c->fd < 0 && filename)
            sanitise_name(filename, c->name, sizeof c->name);
        if (size > 0 && write_upload(c, data, size) != 0) {
            c->fail = c->bytes > c->srv->o.max_upload ? 413 : 500;
            c->fail_code = c->fail == 413 ? "too_large" : "internal";
            return MHD_NO;
        }
        if (c->fd < 0 && size == 0 && open_upload(c) != 0)
            return MHD_NO;
    } else if (strcmp(key, "platform") == 0) {
        size_t have = strlen(c->platform);

        if (off + size >= sizeof c->platform ||
            have + size >= sizeof c->platform) {
            c->fail = 400;
            c->fail_code = "bad_platform";
            return MHD_NO;
        }
        memcpy(c->platform + have, data, size);
        c->platform[have + size] = '\0';
    }
    return MHD_YES;
}

/* finish_upload turns a complete upload into a job and answers. */
static enum MHD_Result finish_upload(struct MHD_Connection *conn, conn_ctx *c)
{
    bf__reply rep;
    unsigned id = 0;
    char *path;
    bf_err err;

    if (c->pp) {
        bf__mhd.destroy_post_processor(c->pp);
        c->pp = NULL;
    }
    if (!c->fail && c->form && !c->csrf_ok &&
        !bf__csrf_check(c->srv, c->csrf, time(NULL))) {
        c->fail = 403;
        c->fail_code = "bad_csrf";
    }
    if (!c->fail && c->fd < 0) {
        c->fail = 400;
        c->fail_code = "no_file";
    }
    if (!c->fail && c->platform[0] && !bf__valid_platform(c->platform)) {
        c->fail = 400;
        c->fail_code = "bad_platform";
    }
    if (!c->fail && fsync(c->fd) != 0) {
        c->fail = 500;
        c->fail_code = "internal";
    }
    /* A failed upload is removed before the answer: nothing of it stays. */
    if (c->fail) {
        drop_upload(c);
        return send_error(conn, c->api, c->lang, c->fail, c->fail_code,
                          c->fail == 413   ? "the upload is too large"
                          : c->fail == 403 ? "the form's CSRF token is "
                                             "missing, invalid or expired"
                                           : "the upload could not be read");
    }
    /* The job takes the file over; from here it removes it when done. */
    close(c->fd);
    c->fd = -1;
    path = c->tmp;
    c->tmp = NULL;
    err = bf__job_start(c->srv, path, c->name, c->platform, c->bytes, &id);
    if (err) {
        bf__upload_remove(path);
        free(path);
        return send_error(conn, c->api, c->lang, 503, "busy",
                          "too many ingest jobs are waiting; retry later");
    }
    bf__reply_init(&rep);
    if (c->api) {
        rep.status = 202;
        rep.ctype = "application/json";
        bf_buf_appendf(&rep.body,
                       "{\"job\":%u,\"url\":\"/api/v1/ingest/%u\"}\n", id, id);
        snprintf(rep.location, sizeof rep.location, "/api/v1/ingest/%u", id);
    } else {
        rep.status = 303;
        snprintf(rep.location, sizeof rep.location, "/jobs/%u?lang=%s", id,
                 bf_lang_code(c->lang));
    }
    return send_reply(conn, &rep);
}

/* ---- the access handler ---- */

/* The headers first_call needs, and how often each came. */
typedef struct hdr_scan {
    const char *host, *origin, *site, *cl, *te;
    unsigned nhost, norigin, ncl, nte;
} hdr_scan;

/* scan_header is MHD's iterator over the request's headers. */
static enum MHD_Result scan_header(void *cls, enum MHD_ValueKind kind,
                                   const char *key, const char *value)
{
    hdr_scan *h = cls;

    (void)kind;
    if (strcasecmp(key, "Host") == 0) {
        h->host = value;
        h->nhost++;
    } else if (strcasecmp(key, "Origin") == 0) {
        h->origin = value;
        h->norigin++;
    } else if (strcasecmp(key, "Sec-Fetch-Site") == 0) {
        h->site = value;
    } else if (strcasecmp(key, "Content-Length") == 0) {
        h->cl = value;
        h->ncl++;
    } else if (strcasecmp(key, "Transfer-Encoding") == 0) {
        h->te = value;
        h->nte++;
    }
    return MHD_YES;
}

/* parse_length reads a Content-Length: 1 to 19 decimal digits, only. */
static int parse_length(const char *s, unsigned long long *out)
{
    size_t n = strlen(s);

    if (n == 0 || n > 19 || strspn(s, "0123456789") != n)
        return -1;
    *out = strtoull(s, NULL, 10);
    return 0;
}

/*
 * first_call runs the checks that need only the headers, in order: the
 * token or session (before anything else, so nothing is revealed without
 * it; a browser without a session is sent to the sign-in page), the
 * Host (DNS rebinding), the framing (one way to find the body's end:
 * smuggling), the path, the method, the origin of a POST (another page's
 * form), the body's size, and for uploads the body's type.  A failed
 * check queues its error at once and sets c->done, so the body, if any,
 * is never read; MHD then closes the connection.
 */
static enum MHD_Result first_call(bf_server *srv, struct MHD_Connection *conn,
                                  const char *url, const char *method,
                                  conn_ctx *c, const bf__req *rq)
{
    int is_get = strcmp(method, "GET") == 0 || strcmp(method, "HEAD") == 0;
    int is_post = strcmp(method, "POST") == 0;
    const char *ct;
    unsigned long long len = 0;
    hdr_scan h;
    bf__reply rep;
    int host;

    c->done = 1; /* until the checks below pass */
    /* The token, or a session, or a page open to all (serve_access.c). */
    bf__reply_init(&rep);
    if (!bf__access_check(srv, conn, url, c->api, rq->lang, &c->auth, &rep))
        return send_reply(conn, &rep);
    bf__reply_release(&rep);
    memset(&h, 0, sizeof h);
    bf__mhd.get_connection_values(conn, MHD_HEADER_KIND, scan_header, &h);
    host = h.nhost == 1
                   ? bf_serve_host_check(h.host, srv->addr,
                                         (const char *const *)srv->host_names,
                                         srv->o.n_host_names)
                   : -1;
    if (host < 0)
        return send_error(conn, c->api, rq->lang, 400, "bad_host",
                          "the request needs one valid Host header");
    if (host == 0)
        return send_error(conn, c->api, rq->lang, 421, "unknown_host",
                          "this server does not answer to that host name; "
                          "see serve --host-name");
    /* Two ways to say where the body ends let a proxy and this server
     * disagree about where the next request starts. */
    if ((h.ncl && h.nte) || h.ncl > 1 || h.nte > 1 ||
        (h.cl && parse_length(h.cl, &len) != 0))
        return send_error(conn, c->api, rq->lang, 400, "bad_length",
                          "the body's length is ambiguous or not valid");
    if (bad_path(url))
        return send_error(conn, c->api, rq->lang, 400, "bad_path",
                          "the path is not valid");
    c->upload =
            strcmp(url, "/upload") == 0 || strcmp(url, "/api/v1/ingest") == 0;
    if (c->upload && is_get && strcmp(url, "/upload") == 0)
        c->upload = 0; /* the form itself */
    c->post_form = !c->upload && bf__form_route(url);
    c->small = is_post && strcmp(url, "/open") == 0;
    c->access_form = is_post && bf__access_is_form(url);
    if ((c->upload && !is_post) || (c->post_form && !is_post) ||
        (!c->upload && !c->post_form && !c->small && !c->access_form &&
         !is_get))
        return send_error(conn, c->api, rq->lang, 405, "method_not_allowed",
                          "this method is not allowed here");
    /* A browser names the page behind a POST; only ours may send one. */
    if (!is_get && (h.norigin > 1 || !bf_serve_origin_check(h.origin, h.host) ||
                    !bf_serve_fetch_site_check(h.site)))
        return send_error(conn, c->api, rq->lang, 403, "cross_origin",
                          "requests that change the store must come from "
                          "this server's own pages or from a program");
    if (c->post_form) {
        /* A page's form: urlencoded, small, its length said first. */
        ct = bf__mhd.lookup_connection_value(conn, MHD_HEADER_KIND,
                                             MHD_HTTP_HEADER_CONTENT_TYPE);
        if (h.te)
            return send_error(conn, 0, rq->lang, 411, "length_required",
                              "forms need a Content-Length");
        if (len > BF__FORM_MAX)
            return send_error(conn, 0, rq->lang, 413, "too_large",
                              "the form is too large");
        if (!ct ||
            strncasecmp(ct, "application/x-www-form-urlencoded", 33) != 0)
            return send_error(conn, 0, rq->lang, 415, "unsupported_media_type",
                              "send the form as "
                              "application/x-www-form-urlencoded");
        bf_buf_init(&c->body, BF__FORM_MAX);
        c->done = 0;
        return MHD_YES;
    }
    if (c->small) {
        /* The paste form: a short urlencoded body, its length said. */
        ct = bf__mhd.lookup_connection_value(conn, MHD_HEADER_KIND,
                                             MHD_HTTP_HEADER_CONTENT_TYPE);
        if (h.te || !h.cl)
            return send_error(conn, 0, rq->lang, 411, "length_required",
                              "forms need a Content-Length");
        if (len > BF__PASTE_MAX)
            return send_error(conn, 0, rq->lang, 413, "too_large",
                              "the form is too large");
        if (!ct ||
            strncasecmp(ct, "application/x-www-form-urlencoded", 33) != 0)
            return send_error(conn, 0, rq->lang, 415, "unsupported_media_type",
                              "the form must be urlencoded");
        c->done = 0;
        return MHD_YES;
    }
    if (c->access_form) {
        /* A small form: url-encoded, a few kilobytes at most. */
        ct = bf__mhd.lookup_connection_value(conn, MHD_HEADER_KIND,
                                             MHD_HTTP_HEADER_CONTENT_TYPE);
        if (h.te || len > 4096)
            return send_error(conn, 0, rq->lang, 413, "too_large",
                              "the form is too large");
        if (!ct ||
            strncasecmp(ct, "application/x-www-form-urlencoded", 33) != 0)
            return send_error(conn, 0, rq->lang, 400, "bad_form",
                              "the form must be url-encoded");
        c->pp = bf__mhd.create_post_processor(conn, 4096, bf__access_field,
                                              &c->fields);
        if (!c->pp)
            return send_error(conn, 0, rq->lang, 400, "bad_form",
                              "the form is not valid");
        c->done = 0;
        return MHD_YES;
    }
    if (!c->upload) {
        /* Pages and API reads take no body: none is read, ever. */
        if (h.te || len > 0)
            return send_error(conn, c->api, rq->lang, 413, "too_large",
                              "this request takes no body");
        c->done = 0;
        return MHD_YES;
    }
    if (h.te || !h.cl)
        return send_error(conn, c->api, rq->lang, 411, "length_required",
                          "uploads need a Content-Length");
    ct = bf__mhd.lookup_connection_value(conn, MHD_HEADER_KIND,
                                         MHD_HTTP_HEADER_CONTENT_TYPE);
    /* The API takes a file as it is, in a type no form can send. */
    if (c->api && !bf_serve_api_type_ok(ct))
        return send_error(conn, 1, rq->lang, 415, "unsupported_media_type",
                          "send the file as the body with its own type, "
                          "e.g. application/octet-stream");
    if (len > srv->o.max_upload + (64u << 10))
        return send_error(conn, c->api, rq->lang, 413, "too_large",
                          "the upload is too large");
    if (!c->api) {
        if (!ct || strncasecmp(ct, "multipart/form-data", 19) != 0)
            return send_error(conn, 0, rq->lang, 400, "bad_multipart",
                              "the form must be sent as multipart/form-data");
        c->form = 1;
        c->pp = bf__mhd.create_post_processor(conn, 64 << 10, post_field, c);
        if (!c->pp)
            return send_error(conn, 0, rq->lang, 400, "bad_multipart",
                              "the multipart body is not valid");
    } else {
        const char *v;

        v = bf__mhd.lookup_connection_value(conn, MHD_GET_ARGUMENT_KIND,
                                            "name");
        sanitise_name(v ? v : "upload", c->name, sizeof c->name);
        v = bf__mhd.lookup_connection_value(conn, MHD_GET_ARGUMENT_KIND,
                                            "platform");
        if (v)
            snprintf(c->platform, sizeof c->platform, "%s", v);
        if (open_upload(c) != 0)
            return send_error(conn, 1, rq->lang, 500, "internal",
                              "the upload could not be stored");
    }
    c->done = 0;
    return MHD_YES;
}

/*
 * The refusal of a request too large for libmicrohttpd's memory pool.
 * MHD parses the query string into the connection's pool before calling
 * any handler; a few hundred parameters exhaust the 32 KiB pool, after
 * which MHD can build no answer at all and the socket stays open until
 * the timeout.  Its URI callback is the one hook that runs before that
 * parse, so the limits on the URI and its parameters are checked there,
 * and a request beyond them is answered on the socket directly, which is
 * then shut down: MHD sees the end at once and closes.  The request is
 * marked with this sentinel, which the handlers refuse and never free.
 */
static conn_ctx refused_ctx;

static void refuse_raw(struct MHD_Connection *conn, int api, unsigned status,
                       const char *reason, const char *code,
                       const char *message)
{
    const union MHD_ConnectionInfo *ci = bf__mhd.get_connection_info(
            conn, MHD_CONNECTION_INFO_CONNECTION_FD);
    char body[256], msg[1536];
    int blen, mlen;

    if (!ci)
        return;
    if (api)
        blen = snprintf(body, sizeof body,
                        "{\"error\":{\"code\":\"%s\",\"message\":\"%s\"}}\n",
                        code, message);
    else
        blen = snprintf(body, sizeof body, "%s\n", message);
    mlen = snprintf(msg, sizeof msg,
                    "HTTP/1.1 %u %s\r\nConnection: close\r\n"
                    "Content-Type: %s\r\nContent-Length: %d\r\n"
                    "Content-Security-Policy: %s\r\n"
                    "X-Content-Type-Options: nosniff\r\n"
                    "X-Frame-Options: DENY\r\nReferrer-Policy: same-origin\r\n"
                    "Cross-Origin-Resource-Policy: same-origin\r\n"
                    "Cache-Control: no-store\r\n\r\n%s",
                    status, reason,
                    api ? "application/json" : "text/plain; charset=utf-8",
                    blen, csp, body);
    if (mlen > 0 && (size_t)mlen < sizeof msg)
        send(ci->connect_fd, msg, (size_t)mlen, MSG_NOSIGNAL | MSG_DONTWAIT);
    shutdown(ci->connect_fd, SHUT_RDWR);
}

static void *uri_check(void *cls, const char *uri, struct MHD_Connection *conn)
{
    const char *q = strchr(uri, '?'), *s;
    size_t args = 0;
    int api = strncmp(uri, "/api/", 5) == 0;

    (void)cls;
    if (q && q[1]) {
        args = 1;
        for (s = q + 1; *s; s++)
            args += *s == '&';
    }
    if (strlen(uri) > BF_SERVE_MAX_URI) {
        refuse_raw(conn, api, 414, "URI Too Long", "uri_too_long",
                   "the URI is longer than 8192 bytes");
        return &refused_ctx;
    }
    if (args > BF_SERVE_MAX_ARGS) {
        refuse_raw(conn, api, 400, "Bad Request", "too_many_parameters",
                   "a request takes at most 64 query parameters");
        return &refused_ctx;
    }
    return NULL;
}

/* route_get answers the GET rq of c into rep, on whichever thread. */
static void route_get(bf_server *srv, struct MHD_Connection *conn, conn_ctx *c,
                      const bf__req *rq, int asked, bf__reply *rep)
{
    bf__reply_init(rep);
    if (!bf__access_page(srv, conn, rq, &c->auth, rep))
        bf__page_route(srv, rq, rep);
    bf__access_decorate(srv, rq, &c->auth, rep);
    rep->lang_cookie = asked ? (int)rq->lang : -1;
}

/*
 * Two lanes.  MHD's pool has one thread per core, and each thread polls
 * its share of the connections: a request it answers holds up every other
 * connection of that thread.  Searches, profiles and cached pages take
 * well under a millisecond, so they are answered there.  A request that
 * may build an audit (a second on a large store) is handed to a worker:
 * the connection is suspended (MHD_suspend_connection), the worker routes
 * the request as the pool thread would have, keeps the reply in the
 * connection's context and resumes it, and MHD calls answer() once more,
 * which sends the reply.  Before, the pool itself had four threads per
 * core so that an audit held up only its share of connections; searches
 * then shared the cores with three times as many threads as there were
 * cores, and their p99 at 64 connections was two to three times what two
 * threads gave (docs/api.md, "Performance").
 *
 * lane_push queues c's request when bf__page_quick says it may be slow,
 * or always with slow set; 0 when it is to be answered in place (quick,
 * no workers, or the server stopping).
 */
static int lane_push(bf_server *srv, struct MHD_Connection *conn, conn_ctx *c,
                     bf__req *rq, int asked, int slow)
{
    int queued = 0;

    if (!srv->nlthr || (!slow && bf__page_quick(srv, rq)))
        return 0;
    pthread_mutex_lock(&srv->lmu);
    if (!srv->lclosed) {
        c->lane = LANE_QUEUED;
        c->conn = conn;
        c->rq = *rq; /* its strings live as long as the request */
        c->rq.in_lane = 1;
        c->asked = asked;
        c->next = NULL;
        /* Suspended before a worker can see it, so the worker's resume
         * always follows this suspend. */
        bf__mhd.suspend_connection(conn);
        if (slow) {
            /* A search that outran its budget goes first: it costs tens
             * of milliseconds, not an audit's hundreds. */
            c->next = srv->lhead;
            srv->lhead = c;
            if (!srv->ltail)
                srv->ltail = c;
        } else {
            if (srv->ltail)
                srv->ltail->next = c;
            else
                srv->lhead = c;
            srv->ltail = c;
        }
        srv->lbusy++;
        pthread_cond_signal(&srv->lcv);
        queued = 1;
    }
    pthread_mutex_unlock(&srv->lmu);
    return queued;
}

/*
 * lane_main is a worker: it answers queued requests until told to stop
 * with the queue empty.  After MHD_resume_connection the context is no
 * longer the worker's (the request may end and free it at once).
 */
static void *lane_main(void *arg)
{
    bf_server *srv = arg;

    for (;;) {
        conn_ctx *c;
        struct MHD_Connection *conn;

        pthread_mutex_lock(&srv->lmu);
        while (!srv->lhead && !srv->lstop)
            pthread_cond_wait(&srv->lcv, &srv->lmu);
        c = srv->lhead;
        if (c) {
            srv->lhead = c->next;
            if (!srv->lhead)
                srv->ltail = NULL;
        }
        pthread_mutex_unlock(&srv->lmu);
        if (!c)
            return NULL;
        conn = c->conn;
        route_get(srv, conn, c, &c->rq, c->asked, &c->rep);
        c->lane = LANE_READY;
        bf__mhd.resume_connection(conn);
        pthread_mutex_lock(&srv->lmu);
        if (--srv->lbusy == 0)
            pthread_cond_broadcast(&srv->lidle);
        pthread_mutex_unlock(&srv->lmu);
    }
}

/*
 * lane_close stops queueing and waits until every queued request has been
 * answered and its connection resumed: MHD must not be stopped with a
 * connection still suspended.
 */
static void lane_close(bf_server *srv)
{
    pthread_mutex_lock(&srv->lmu);
    srv->lclosed = 1;
    while (srv->lbusy)
        pthread_cond_wait(&srv->lidle, &srv->lmu);
    pthread_mutex_unlock(&srv->lmu);
}

/* lane_stop ends the workers (the queue is empty: lane_close). */
static void lane_stop(bf_server *srv)
{
    size_t i;

    pthread_mutex_lock(&srv->lmu);
    srv->lstop = 1;
    pthread_cond_broadcast(&srv->lcv);
    pthread_mutex_unlock(&srv->lmu);
    for (i = 0; i < srv->nlthr; i++)
        pthread_join(srv->lthr[i], NULL);
    srv->nlthr = 0;
}

/*
 * answer is MHD's access handler.  The first call sets up the request's
 * state and checks it; later calls stream the body of an upload; the last
 * call (no more data) answers: with the job for an upload, with the page
 * or API answer for everything else.
 */
static enum MHD_Result answer(void *cls, struct MHD_Connection *conn,
                              const char *url, const char *method,
                              const char *version, const char *upload_data,
                              size_t *upload_data_size, void **con_cls)
{
    bf_server *srv = cls;
    conn_ctx *c = *con_cls;
    bf__req rq;
    bf__reply rep;
    enum MHD_Result ret;
    int asked;

    (void)version;
    if (c == &refused_ctx)
        return MHD_NO; /* answered in uri_check */
    memset(&rq, 0, sizeof rq);
    rq.lang = request_lang(conn, &asked);
    rq.path = url;
    bf__mhd.get_connection_values(conn, MHD_GET_ARGUMENT_KIND, collect_arg,
                                  &rq);
    rq.author = bf__mhd.lookup_connection_value(conn, MHD_COOKIE_KIND,
                                                BF__AUTHOR_COOKIE);
    if (!c) {
        c = calloc(1, sizeof *c);
        if (!c)
            return MHD_NO;
        c->fd = -1;
        c->srv = srv;
        bf_buf_init(&c->formbody, BF__PASTE_MAX);
        c->lang = rq.lang;
        c->api = strncmp(url, "/api/", 5) == 0;
        *con_cls = c;
        /* The headers are in: the watchdog's deadline no longer runs. */
        bf__conn_request(srv, conn, 1);
        ret = first_call(srv, conn, url, method, c, &rq);
        /* Answering on this first call would make MHD close the
         * connection (the request is not read to its end yet), so the
         * page waits for the next call, and keep-alive works. */
        return ret;
    } else if (c->done) {
        *upload_data_size = 0; /* a body after an early answer */
        return MHD_YES;
    }
    if (c->upload) {
        if (*upload_data_size > 0) {
            if (!c->fail && c->pp &&
                bf__mhd.post_process(c->pp, upload_data, *upload_data_size) !=
                        MHD_YES &&
                !c->fail) {
                c->fail = 400;
                c->fail_code = "bad_multipart";
            } else if (!c->fail && !c->pp &&
                       write_upload(c, upload_data, *upload_data_size) != 0) {
                c->fail = c->bytes > srv->o.max_upload ? 413 : 500;
                c->fail_code = c->fail == 413 ? "too_large" : "internal";
            }
            if (c->fail)
                drop_upload(c);
            *upload_data_size = 0;
            return MHD_YES;
        }
        return finish_upload(conn, c);
    }
    if (c->post_form) {
        /* The body is kept whole (it is small) and answered at the end. */
        if (*upload_data_size > 0) {
            if (!c->form_fail &&
                bf_buf_append(&c->body, upload_data, *upload_data_size) != 0)
                c->form_fail = 413;
            *upload_data_size = 0;
            return MHD_YES;
        }
        if (c->form_fail)
            return send_error(conn, 0, rq.lang, 413, "too_large",
                              "the form is too large");
        bf__reply_init(&rep);
        bf__form_post(srv, &rq, c->body.data ? c->body.data : "", c->body.len,
                      &rep);
        rep.lang_cookie = asked ? (int)rq.lang : -1;
        return send_reply(conn, &rep);
    }
    if (c->small) {
        if (*upload_data_size > 0) {
            if (!c->fail && bf_buf_append(&c->formbody, upload_data,
                                          *upload_data_size) != BF_OK)
                c->fail = 413;
            *upload_data_size = 0;
            return MHD_YES;
        }
        if (c->fail)
            return send_error(conn, 0, rq.lang, 413, "too_large",
                              "the form is too large");
        bf__reply_init(&rep);
        bf__open_post(srv, &rq, c->formbody.data ? c->formbody.data : "", &rep);
        rep.lang_cookie = asked ? (int)rq.lang : -1;
        return send_reply(conn, &rep);
    }
    if (c->access_form) {
        if (*upload_data_size > 0) {
            if (c->pp && bf__mhd.post_process(c->pp, upload_data,
                                              *upload_data_size) != MHD_YES)
                c->fields.bad = 1;
            *upload_data_size = 0;
            return MHD_YES;
        }
        if (c->pp) {
            bf__mhd.destroy_post_processor(c->pp);
            c->pp = NULL;
        }
        bf__reply_init(&rep);
        bf__access_post(srv, conn, url, c->lang, &c->auth, &c->fields, &rep);
        rep.lang_cookie = asked ? (int)rq.lang : -1;
        return send_reply(conn, &rep);
    }
    if (c->lane == LANE_READY) {
        c->lane = LANE_NONE;
        return send_reply(conn, &c->rep);
    }
    if (lane_push(srv, conn, c, &rq, asked, 0))
        return MHD_YES;
    route_get(srv, conn, c, &rq, asked, &rep);
    /* A search that ran out of its time here goes to a worker. */
    if (rep.again) {
        bf__reply_release(&rep);
        if (lane_push(srv, conn, c, &rq, asked, 1))
            return MHD_YES;
        rq.in_lane = 1; /* no worker: answered here after all */
        route_get(srv, conn, c, &rq, asked, &rep);
    }
    return send_reply(conn, &rep);
}

/*
 * completed is called when a request ends, answered or not.  An upload
 * still open here was abandoned (the client went away or timed out), so
 * its file is removed: an interrupted upload leaves nothing behind.
 */
static void completed(void *cls, struct MHD_Connection *conn, void **con_cls,
                      enum MHD_RequestTerminationCode toe)
{
    conn_ctx *c = *con_cls;

    (void)toe;
    /* The next request's headers are due within the deadline. */
    bf__conn_request(cls, conn, 0);
    if (c == &refused_ctx)
        *con_cls = NULL;
    if (!c || c == &refused_ctx)
        return;
    if (c->pp)
        bf__mhd.destroy_post_processor(c->pp);
    if (c->post_form)
        bf_buf_release(&c->body);
    if (c->lane == LANE_READY)
        bf__reply_release(&c->rep); /* never sent: the client left */
    drop_upload(c);                 /* an upload the client abandoned */
    bf_buf_release(&c->formbody);
    free(c);
    *con_cls = NULL;
}

/* ---- start and stop ---- */

static char *dup_or_null(const char *s)
{
    return s && *s ? strdup(s) : NULL;
}

bf_err bf_serve_start(const bf_serve_opts *o, bf_server **out_srv)
{
    struct sockaddr_in a4;
    struct sockaddr_in6 a6;
    struct sockaddr *sa;
    const union MHD_DaemonInfo *info;
    unsigned flags = MHD_USE_AUTO_INTERNAL_THREAD | MHD_ALLOW_SUSPEND_RESUME;
    bf_server *srv;
    const bf_csr *g;
    bf_err err = BF_OK;
    size_t i;
    long cores;

    if (!o || !o->store_dir || !o->addr || !out_srv)
        return BF_EINVAL;
    err = bf__mhd_load();
    if (err)
        return err;
    memset(&a4, 0, sizeof a4);
    memset(&a6, 0, sizeof a6);
    if (inet_pton(AF_INET, o->addr, &a4.sin_addr) == 1) {
        a4.sin_family = AF_INET;
        a4.sin_port = htons(o->port);
        sa = (struct sockaddr *)&a4;
    } else if (inet_pton(AF_INET6, o->addr, &a6.sin6_addr) == 1) {
        a6.sin6_family = AF_INET6;
        a6.sin6_port = htons(o->port);
        sa = (struct sockaddr *)&a6;
        flags |= MHD_USE_IPv6;
    } else {
        return BF_EINVAL;
    }
    /* Without a login, only this machine may talk to the server.  This is
     * checked here, not only in the command, so no caller can forget. */
    if (!bf_serve_is_loopback(o->addr) && !(o->token && *o->token))
        return BF_EINVAL;
    if (o->token && strlen(o->token) > BF_SERVE_TOKEN_MAX)
        return BF_EINVAL;
    if (o->n_host_names > BF_SERVE_MAX_HOST_NAMES ||
        (o->n_host_names && !o->host_names))
        return BF_EINVAL;
    for (i = 0; i < o->n_host_names; i++) {
        const char *n = o->host_names[i];

        if (!n || !*n || strlen(n) > 253 ||
            strspn(n, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
                      "0123456789.-_") != strlen(n))
            return BF_EINVAL;
    }
    srv = calloc(1, sizeof *srv);
    if (!srv)
        return BF_ENOMEM;
    srv->o = *o;
    pthread_mutex_init(&srv->hmu, NULL);
    pthread_cond_init(&srv->hcv, NULL);
    pthread_rwlock_init(&srv->graph_rw, NULL);
    pthread_mutex_init(&srv->jmu, NULL);
    pthread_mutex_init(&srv->ingest_mu, NULL);
    pthread_mutex_init(&srv->cmu, NULL);
    pthread_mutex_init(&srv->lmu, NULL);
    pthread_cond_init(&srv->lcv, NULL);
    pthread_cond_init(&srv->lidle, NULL);
    srv->store_dir = strdup(o->store_dir);
    srv->addr = strdup(o->addr);
    srv->token = dup_or_null(o->token);
    if (!srv->store_dir || !srv->addr ||
        (o->token && *o->token && !srv->token)) {
        err = BF_ENOMEM;
        goto out;
    }
    srv->o.store_dir = srv->store_dir;
    srv->o.addr = srv->addr;
    srv->o.token = srv->token;
    for (i = 0; i < o->n_host_names; i++) {
        srv->host_names[i] = strdup(o->host_names[i]);
        if (!srv->host_names[i]) {
            err = BF_ENOMEM;
            goto out;
        }
    }
    srv->o.host_names = NULL; /* srv->host_names holds them */
    if (!srv->o.header_timeout)
        srv->o.header_timeout = BF_SERVE_HEADER_TIME;
    err = bf__csrf_init(srv);
    if (err)
        goto out;
    /* Workers, two per core: an audit that takes seconds holds one of
     * several, and more would only share the cores (eight audits at once
     * on two cores each cost 1.3 to 2.4 times the CPU time of one: their
     * page faults and caches get in each other's way).  MHD's pool has one thread per
     * core, as many as the workers at most. */
    cores = sysconf(_SC_NPROCESSORS_ONLN);
    if (cores < 1)
        cores = 1;
    if (!srv->o.threads)
        srv->o.threads = (unsigned)(cores > 32 ? 64 : 2 * cores);
    srv->pollers = (unsigned)(cores > 16 ? 16 : cores);
    if (srv->pollers > srv->o.threads)
        srv->pollers = srv->o.threads;
    srv->nh = srv->o.threads + srv->pollers + 2;
    srv->h = calloc(srv->nh, sizeof *srv->h);
    if (!srv->h) {
        err = BF_ENOMEM;
        goto out;
    }
    /* Handles are opened one after the other, before any thread runs:
     * bf_store_open sweeps temp files another handle might be writing. */
    for (i = 0; !err && i < srv->nh; i++)
        err = open_handle(srv, &srv->h[i]);
    if (err)
        goto out;
    sweep_uploads(srv->store_dir);
    /* After the store exists: the share key is kept in it. */
    err = bf__access_new(srv, o->behind_tls, &srv->access);
    if (err)
        goto out;
    /* Build graph.csr now, so request threads only ever map it. */
    err = bf_store_graph(srv->h[0].st, &g);
    if (err)
        goto out;
    srv->ncache = o->cache_entries;
    if (srv->ncache) {
        srv->cache = calloc(2 * srv->ncache, sizeof *srv->cache);
        if (!srv->cache) {
            err = BF_ENOMEM;
            goto out;
        }
        for (i = 0; i < 2 * srv->ncache; i++)
            pthread_mutex_init(&srv->cache[i].mu, NULL);
    }
    err = bf__team_init(srv);
    if (!err)
        err = bf__watchdog_start(srv);
    if (err)
        goto out;
    srv->lthr = calloc(srv->o.threads, sizeof *srv->lthr);
    if (!srv->lthr) {
        err = BF_ENOMEM;
        goto out;
    }
    for (i = 0; i < srv->o.threads; i++) {
        if (pthread_create(&srv->lthr[i], NULL, lane_main, srv) != 0) {
            err = BF_ENOMEM;
            goto out;
        }
        srv->nlthr++;
    }
    /* The thread pool answers requests in parallel; the memory limit
     * bounds each connection's headers (MHD answers 431 beyond it); the
     * timeout closes idle connections; the connection limits bound what
     * one client, and all of them, can hold open; uri_check answers the
     * requests MHD could not, and the watchdog ends slow headers. */
    srv->d = bf__mhd.start_daemon(
            flags, o->port, NULL, NULL, answer, srv, MHD_OPTION_SOCK_ADDR, sa,
            MHD_OPTION_THREAD_POOL_SIZE, srv->pollers,
            MHD_OPTION_CONNECTION_LIMIT, (unsigned int)srv->o.max_conns,
            MHD_OPTION_PER_IP_CONNECTION_LIMIT, (unsigned int)srv->o.max_per_ip,
            MHD_OPTION_CONNECTION_TIMEOUT, (unsigned int)srv->o.timeout,
            MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)srv->o.header_mem,
            MHD_OPTION_URI_LOG_CALLBACK, uri_check, srv,
            MHD_OPTION_NOTIFY_CONNECTION, bf__conn_notify, srv,
            MHD_OPTION_NOTIFY_COMPLETED, completed, srv, MHD_OPTION_END);
    if (!srv->d) {
        err = BF_EIO;
        goto out;
    }
    info = bf__mhd.get_daemon_info(srv->d, MHD_DAEMON_INFO_BIND_PORT);
    srv->port = info ? info->port : o->port;
out:
    if (err) {
        bf_serve_stop(srv);
        return err;
    }
    *out_srv = srv;
    return BF_OK;
}

uint16_t bf_serve_port(const bf_server *srv)
{
    return srv->port;
}

/*
 * bf_serve_stop stops the daemon first (no new request, running ones
 * finish), then waits for ingest jobs, then closes the handles: nothing is
 * closed while a thread may still use it.  It also undoes a failed start.
 */
void bf_serve_stop(bf_server *srv)
{
    size_t i;

    if (!srv)
        return;
    /* Queued requests are answered first: MHD refuses to stop with a
     * connection suspended.  Requests arriving meanwhile are answered in
     * place. */
    lane_close(srv);
    if (srv->d)
        bf__mhd.stop_daemon(srv->d);
    lane_stop(srv);
    free(srv->lthr);
    bf__watchdog_stop(srv);
    bf__jobs_wait(srv);
    bf__team_free(srv);
    for (i = 0; srv->h && i < srv->nh; i++) {
        sqlite3_finalize(srv->h[i].gen);
        sqlite3_close(srv->h[i].ro);
        bf_store_close(srv->h[i].st);
    }
    for (i = 0; srv->cache && i < 2 * srv->ncache; i++) {
        free(srv->cache[i].data);
        free(srv->cache[i].key);
        pthread_mutex_destroy(&srv->cache[i].mu);
    }
    free(srv->cache);
    free(srv->h);
    pthread_mutex_destroy(&srv->hmu);
    pthread_cond_destroy(&srv->hcv);
    pthread_rwlock_destroy(&srv->graph_rw);
    pthread_mutex_destroy(&srv->jmu);
    pthread_mutex_destroy(&srv->ingest_mu);
    pthread_mutex_destroy(&srv->cmu);
    pthread_mutex_destroy(&srv->lmu);
    pthread_cond_destroy(&srv->lcv);
    pthread_cond_destroy(&srv->lidle);
    for (i = 0; i < BF_SERVE_MAX_HOST_NAMES; i++)
        free(srv->host_names[i]);
    bf__access_free(srv->access);
    free(srv->store_dir);
    free(srv->addr);
    free(srv->token);
    free(srv);
}
