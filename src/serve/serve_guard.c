/*
 * serve_guard.c - what keeps other web pages and slow clients out.
 *
 * A loopback server with no login is reachable by every page the user's
 * browser opens, so the server itself must tell its own pages from
 * others'.  Four checks do it, each closing one way in:
 *
 *   - Host.  A DNS-rebinding page reaches 127.0.0.1 under its own name
 *     (evil.example resolving to 127.0.0.1), and the browser then lets it
 *     read the answers.  The Host header carries that name, so only the
 *     listening address, "localhost" (for a loopback or wildcard address)
 *     and the names given with --host-name are answered.  An IP literal is
 *     never a rebinding name; on a wildcard address any one is accepted.
 *   - Origin and Sec-Fetch-Site.  A browser names the page that sends a
 *     POST; anything but this server's own origin (or no page at all, a
 *     typed address) is refused.  Programs send neither header.
 *   - A CSRF token in the upload form, for browsers that send neither:
 *     "TIME-HMAC", HMAC-SHA256 under a key drawn at start, valid a day.
 *     Another page can neither read it (same-origin policy, and the Host
 *     check stops rebinding) nor make it (the key never leaves memory).
 *   - Content types on the API: a page can only POST the three types a
 *     form can send without asking first (text/plain, urlencoded,
 *     multipart); the API accepts none of them, only file types.
 *
 * The watchdog bounds how long a client may take to send a request's
 * headers (slowloris): libmicrohttpd only has an idle timeout, which a
 * client sending one byte at a time never reaches.  Each connection gets
 * a slot (MHD_OPTION_NOTIFY_CONNECTION) stamped when it opens and again
 * when each request ends; a slot waiting for headers longer than
 * header_timeout has its socket shut down, once a second, by one thread,
 * unless unread bytes wait in the socket: then the connection's thread
 * is busy with another connection's long request and has not read them,
 * and the client is not the slow one.
 * The slot goes when libmicrohttpd reports the close, which it does before
 * closing the socket, and the watchdog shuts sockets down under the same
 * mutex, so it never touches a descriptor reused by a later connection.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <microhttpd.h>
#include <nettle/hmac.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/ioctl.h>
#include <sys/random.h>
#include <sys/socket.h>
#include <time.h>

#include "serve/serve_int.h"

/* A CSRF token stays valid this long (seconds). */
#define CSRF_LIFETIME (24 * 3600)

/* ---- Host ---- */

/* is_wildcard: addr is 0.0.0.0 or ::, every address of the machine. */
static int is_wildcard(const char *addr)
{
    struct in_addr a4;
    struct in6_addr a6;

    if (inet_pton(AF_INET, addr, &a4) == 1)
        return a4.s_addr == htonl(INADDR_ANY);
    if (inet_pton(AF_INET6, addr, &a6) == 1)
        return memcmp(&a6, &in6addr_any, sizeof a6) == 0;
    return 0;
}

/* same_ip: literal (v4, or v6 without brackets) is the address addr. */
static int same_ip(const char *literal, const char *addr)
{
    unsigned char x[16], y[16];

    if (inet_pton(AF_INET, literal, x) == 1)
        return inet_pton(AF_INET, addr, y) == 1 && memcmp(x, y, 4) == 0;
    if (inet_pton(AF_INET6, literal, x) == 1)
        return inet_pton(AF_INET6, addr, y) == 1 && memcmp(x, y, 16) == 0;
    return 0;
}

int bf_serve_host_check(const char *host, const char *addr,
                        const char *const *names, size_t n_names)
{
    char name[256];
    const char *end, *port = NULL;
    size_t len, i;
    int literal = 0;

    if (!host || !*host)
        return -1;
    if (host[0] == '[') {
        end = strchr(host, ']');
        if (!end || (end[1] && end[1] != ':'))
            return -1;
        len = (size_t)(end - host - 1);
        if (len == 0 || len >= sizeof name)
            return -1;
        memcpy(name, host + 1, len);
        if (end[1] == ':')
            port = end + 2;
        literal = 1;
    } else {
        end = strchr(host, ':');
        len = end ? (size_t)(end - host) : strlen(host);
        if (len == 0 || len >= sizeof name)
            return -1;
        memcpy(name, host, len);
        if (end)
            port = end + 1;
    }
    name[len] = '\0';
    /* The port, when given, is 1 to 5 digits; it is not compared: a
     * rebinding page is told apart by its name, not its port. */
    if (port && (!*port || strlen(port) > 5 ||
                 strspn(port, "0123456789") != strlen(port)))
        return -1;
    if (literal) {
        struct in6_addr a6;

        if (inet_pton(AF_INET6, name, &a6) != 1)
            return -1;
        return is_wildcard(addr) || same_ip(name, addr) ? 1 : 0;
    }
    if (strspn(name, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
                     "0123456789.-_") != len)
        return -1;
    /* A fully qualified name may end with a dot. */
    if (len > 1 && name[len - 1] == '.')
        name[--len] = '\0';
    {
        struct in_addr a4;

        if (inet_pton(AF_INET, name, &a4) == 1)
            return is_wildcard(addr) || same_ip(name, addr) ? 1 : 0;
    }
    if (strcasecmp(name, "localhost") == 0 &&
        (bf_serve_is_loopback(addr) || is_wildcard(addr)))
        return 1;
    for (i = 0; i < n_names; i++) {
        if (names[i] && strcasecmp(name, names[i]) == 0)
            return 1;
    }
    return 0;
}

int bf_serve_origin_check(const char *origin, const char *host)
{
    const char *auth;

    if (!origin)
        return 1;
    if (!host)
        return 0;
    if (strncasecmp(origin, "http://", 7) == 0)
        auth = origin + 7;
    else if (strncasecmp(origin, "https://", 8) == 0)
        auth = origin + 8;
    else
        return 0; /* "null" and every other scheme */
    return strcasecmp(auth, host) == 0;
}

int bf_serve_fetch_site_check(const char *site)
{
    return !site || strcasecmp(site, "same-origin") == 0 ||
           strcasecmp(site, "none") == 0;
}

/* ---- content types ---- */

int bf_serve_api_type_ok(const char *ctype)
{
    static const char *const ok[] = {
        "application/octet-stream",  "application/json",
        "application/x-ndjson",      "application/jsonl",
        "application/zip",           "application/x-zip-compressed",
        "application/gzip",          "application/x-gzip",
        "application/zstd",          "text/csv",
        "text/tab-separated-values",
    };
    size_t n, i;

    if (!ctype)
        return 0;
    while (*ctype == ' ')
        ctype++;
    /* The media type ends at parameters (";charset=...") or space. */
    n = strcspn(ctype, "; \t");
    for (i = 0; i < sizeof ok / sizeof ok[0]; i++) {
        if (strlen(ok[i]) == n && strncasecmp(ctype, ok[i], n) == 0)
            return 1;
    }
    return 0;
}

/* ---- the CSRF token ---- */

bf_err bf__csrf_init(bf_server *srv)
{
    size_t got = 0;

    while (got < sizeof srv->csrf_key) {
        ssize_t r =
                getrandom(srv->csrf_key + got, sizeof srv->csrf_key - got, 0);

        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0)
            return BF_EIO;
        got += (size_t)r;
    }
    return BF_OK;
}

/* mac writes the hex HMAC of "upload:" + ts (ts as 16 hex digits). */
static void mac(const bf_server *srv, const char *ts, char *hex)
{
    static const char digits[] = "0123456789abcdef";
    struct hmac_sha256_ctx ctx;
    uint8_t d[SHA256_DIGEST_SIZE];
    size_t i;

    hmac_sha256_set_key(&ctx, sizeof srv->csrf_key, srv->csrf_key);
    hmac_sha256_update(&ctx, 7, (const uint8_t *)"upload:");
    hmac_sha256_update(&ctx, 16, (const uint8_t *)ts);
    hmac_sha256_digest(&ctx, sizeof d, d);
    for (i = 0; i < sizeof d; i++) {
        hex[2 * i] = digits[d[i] >> 4];
        hex[2 * i + 1] = digits[d[i] & 15];
    }
    hex[2 * sizeof d] = '\0';
}

void bf__csrf_make(const bf_server *srv, time_t now, char *out)
{
    snprintf(out, 18, "%016llx-", (unsigned long long)now);
    mac(srv, out, out + 17);
}

int bf__csrf_check(const bf_server *srv, const char *tok, time_t now)
{
    char want[BF__CSRF_LEN + 1];
    unsigned long long ts;
    char *end;

    if (!tok || strlen(tok) != BF__CSRF_LEN || tok[16] != '-' ||
        strspn(tok, "0123456789abcdef") != 16)
        return 0;
    ts = strtoull(tok, &end, 16);
    if (end != tok + 16)
        return 0;
    /* A minute of clock step is forgiven; older than a day is stale. */
    if ((long long)ts > (long long)now + 60 ||
        (long long)now - (long long)ts > CSRF_LIFETIME)
        return 0;
    memcpy(want, tok, 17);
    mac(srv, want, want + 17);
    return bf_serve_token_equal(tok + 17, strlen(tok + 17), want + 17);
}

/* ---- control bytes ---- */

/*
 * bf__html_controls replaces every control byte in b (C0 but tab, line
 * feed and carriage return; DEL; C1 as UTF-8) by U+FFFD.  The renderers
 * never write one on purpose, so any found came from input.
 */
bf_err bf__html_controls(bf_buf *b)
{
    static const char repl[] = "\xEF\xBF\xBD";
    bf_buf out;
    size_t i, run = 0;
    bf_err err = BF_OK;
    int found = 0;

    for (i = 0; i < b->len && !found; i++) {
        unsigned char c = (unsigned char)b->data[i];

        found = (c < 0x20 && c != '\t' && c != '\n' && c != '\r') ||
                c == 0x7f ||
                (c == 0xc2 && i + 1 < b->len &&
                 (unsigned char)b->data[i + 1] >= 0x80 &&
                 (unsigned char)b->data[i + 1] <= 0x9f);
    }
    if (!found)
        return BF_OK;
    bf_buf_init(&out, BF__REPLY_LIMIT);
    for (i = 0; !err && i < b->len; i++) {
        unsigned char c = (unsigned char)b->data[i];
        size_t skip = 0;

        if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7f)
            skip = 1;
        else if (c == 0xc2 && i + 1 < b->len &&
                 (unsigned char)b->data[i + 1] >= 0x80 &&
                 (unsigned char)b->data[i + 1] <= 0x9f)
            skip = 2;
        if (!skip)
            continue;
        err = bf_buf_append(&out, b->data + run, i - run);
        if (!err)
            err = bf_buf_append(&out, repl, 3);
        i += skip - 1;
        run = i + 1;
    }
    if (!err)
        err = bf_buf_append(&out, b->data + run, b->len - run);
    if (!err) {
        bf_buf tmp = *b;

        *b = out;
        out = tmp;
    }
    bf_buf_release(&out);
    return err;
}

/* ---- the header watchdog ---- */

static double now_s(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

void bf__conn_notify(void *cls, struct MHD_Connection *conn, void **socket_ctx,
                     enum MHD_ConnectionNotificationCode code)
{
    bf_server *srv = cls;
    bf__conn_slot *s = *socket_ctx;
    const union MHD_ConnectionInfo *ci;
    size_t i;

    pthread_mutex_lock(&srv->cmu);
    if (code == MHD_CONNECTION_NOTIFY_STARTED) {
        ci = bf__mhd.get_connection_info(conn,
                                         MHD_CONNECTION_INFO_CONNECTION_FD);
        for (i = 0; ci && i < srv->nconns && !s; i++) {
            if (!srv->conns[i].used)
                s = &srv->conns[i];
        }
        if (s) {
            s->used = 1;
            s->fd = ci->connect_fd;
            s->in_request = 0;
            s->since = now_s();
        }
        *socket_ctx = s;
    } else if (s) {
        s->used = 0;
        s->fd = -1;
        *socket_ctx = NULL;
    }
    pthread_mutex_unlock(&srv->cmu);
}

/* slot_of is the watchdog's slot of conn, or NULL. */
static bf__conn_slot *slot_of(struct MHD_Connection *conn)
{
    const union MHD_ConnectionInfo *ci = bf__mhd.get_connection_info(
            conn, MHD_CONNECTION_INFO_SOCKET_CONTEXT);

    return ci ? ci->socket_context : NULL;
}

void bf__conn_request(bf_server *srv, struct MHD_Connection *conn, int begins)
{
    bf__conn_slot *s = slot_of(conn);

    if (!s)
        return;
    pthread_mutex_lock(&srv->cmu);
    s->in_request = begins;
    s->since = now_s();
    pthread_mutex_unlock(&srv->cmu);
}

/*
 * watchdog shuts down the sockets of connections that have waited for a
 * request's headers longer than header_timeout, once a second.  The
 * shutdown wakes libmicrohttpd, which then reads the end and closes.
 */
static void *watchdog(void *p)
{
    bf_server *srv = p;
    struct timespec until;
    size_t i;

    pthread_mutex_lock(&srv->cmu);
    while (!srv->stopping) {
        double t = now_s();

        for (i = 0; i < srv->nconns; i++) {
            bf__conn_slot *s = &srv->conns[i];
            int unread = 0;

            if (!s->used || s->in_request || s->fd < 0 ||
                t - s->since < (double)srv->o.header_timeout)
                continue;
            /* Bytes still in the socket mean the connection's thread is
             * busy with another request, not that the client is slow:
             * the headers may all be there.  Wait for the thread. */
            if (ioctl(s->fd, FIONREAD, &unread) == 0 && unread > 0)
                continue;
            shutdown(s->fd, SHUT_RDWR);
            s->in_request = 1; /* once is enough */
        }
        clock_gettime(CLOCK_MONOTONIC, &until);
        until.tv_sec += 1;
        pthread_cond_timedwait(&srv->ccv, &srv->cmu, &until);
    }
    pthread_mutex_unlock(&srv->cmu);
    return NULL;
}

bf_err bf__watchdog_start(bf_server *srv)
{
    pthread_condattr_t ca;
    size_t i;

    /* Room for every connection libmicrohttpd may accept, and a margin
     * for the ones it is closing while others open. */
    srv->nconns = (size_t)srv->o.max_conns + 64;
    srv->conns = calloc(srv->nconns, sizeof *srv->conns);
    if (!srv->conns)
        return BF_ENOMEM;
    for (i = 0; i < srv->nconns; i++)
        srv->conns[i].fd = -1;
    pthread_condattr_init(&ca);
    pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
    pthread_cond_init(&srv->ccv, &ca);
    pthread_condattr_destroy(&ca);
    srv->ccv_init = 1;
    if (pthread_create(&srv->wd, NULL, watchdog, srv) != 0)
        return BF_ENOMEM;
    srv->wd_running = 1;
    return BF_OK;
}

void bf__watchdog_stop(bf_server *srv)
{
    if (srv->wd_running) {
        pthread_mutex_lock(&srv->cmu);
        srv->stopping = 1;
        pthread_cond_signal(&srv->ccv);
        pthread_mutex_unlock(&srv->cmu);
        pthread_join(srv->wd, NULL);
        srv->wd_running = 0;
    }
    if (srv->ccv_init)
        pthread_cond_destroy(&srv->ccv);
    srv->ccv_init = 0;
    free(srv->conns);
    srv->conns = NULL;
    srv->nconns = 0;
}
