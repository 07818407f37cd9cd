/*
 * test_serve_access.c - sessions and share links: the tokens themselves
 * (made, checked, expired, altered, malformed), then a server with a
 * token spoken to over a real socket: a page sends a browser to the
 * sign-in page, the form gives a cookie for the right token only, the
 * cookie opens the page, signing out revokes it, and the share key is
 * kept in the store with mode 0600; behind TLS the cookie is Secure.
 */
#define _XOPEN_SOURCE 700 /* nftw */
#include <arpa/inet.h>
#include <ftw.h>
#include <netinet/in.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <unistd.h>

#include <cmocka.h>

#include "serve/serve_access.h"
#include "store/store.h"

static const unsigned char key[32] = "0123456789abcdef0123456789abcde";
static const unsigned char other[32] = "fedcba9876543210fedcba987654321";

static void test_session_tokens(void **state)
{
    unsigned char id[16] = { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14 };
    char v[BF__SESSION_LEN + 1];
    int64_t now = 1790000000;

    (void)state;
    bf__session_make(key, now + 3600, id, v);
    assert_int_equal(strlen(v), BF__SESSION_LEN);
    assert_true(bf__session_check(key, v, now));
    /* Expired, another server's key, and one changed byte. */
    assert_false(bf__session_check(key, v, now + 3600));
    assert_false(bf__session_check(other, v, now));
    v[20] = v[20] == 'a' ? 'b' : 'a';
    assert_false(bf__session_check(key, v, now));
    /* A session claiming to last longer than any does is refused. */
    bf__session_make(key, now + BF__SESSION_LIFETIME + 3600, id, v);
    assert_false(bf__session_check(key, v, now));
    assert_false(bf__session_check(key, "", now));
    assert_false(bf__session_check(key, NULL, now));
}

static void test_share_tokens(void **state)
{
    char t[BF__SHARE_LEN + 1], bad[BF__SHARE_LEN + 1];
    uint32_t id = 0;
    int64_t exp = 0, now = 1790000000;

    (void)state;
    bf__share_make(key, 42, now + 3600, t);
    assert_int_equal(strlen(t), BF__SHARE_LEN);
    assert_int_equal(bf__share_check(key, t, now, &id, &exp), 1);
    assert_int_equal(id, 42);
    assert_int_equal(exp, now + 3600);
    /* Genuine but expired: -1, with its expiry for the message. */
    exp = 0;
    assert_int_equal(bf__share_check(key, t, now + 3600, &id, &exp), -1);
    assert_int_equal(exp, now + 3600);
    /* Another account's id, a later expiry, another key: forged. */
    memcpy(bad, t, sizeof bad);
    bad[24] = '3';
    assert_int_equal(bf__share_check(key, bad, now, &id, &exp), 0);
    memcpy(bad, t, sizeof bad);
    bad[15] = bad[15] == 'f' ? 'e' : 'f';
    assert_int_equal(bf__share_check(key, bad, now, &id, &exp), 0);
    assert_int_equal(bf__share_check(other, t, now, &id, &exp), 0);
    /* Malformed: upper case, short, long, empty. */
    memcpy(bad, t, sizeof bad);
    bad[30] = 'A';
    assert_int_equal(bf__share_check(key, bad, now, &id, &exp), 0);
    assert_int_equal(bf__share_check(key, "0-0-0", now, &id, &exp), 0);
    assert_int_equal(bf__share_check(key, "", now, &id, &exp), 0);
}

/* ---- over a socket ---- */

static int rm_one(const char *path, const struct stat *sb, int flag,
                  struct FTW *ftw)
{
    (void)sb;
    (void)flag;
    (void)ftw;
    return remove(path);
}

/* http sends req to 127.0.0.1:port; the answer goes to out; its status. */
static int http(uint16_t port, const char *req, char *out, size_t cap)
{
    struct sockaddr_in sa;
    struct timeval tv = { 10, 0 };
    size_t n = 0;
    ssize_t r;
    int fd = socket(AF_INET, SOCK_STREAM, 0), status = -1;

    assert_true(fd >= 0);
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    memset(&sa, 0, sizeof sa);
    sa.sin_family = AF_INET;
    sa.sin_port = htons(port);
    sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    assert_int_equal(connect(fd, (struct sockaddr *)&sa, sizeof sa), 0);
    assert_int_equal(send(fd, req, strlen(req), 0), (ssize_t)strlen(req));
    while (n + 1 < cap && (r = recv(fd, out + n, cap - 1 - n, 0)) > 0)
        n += (size_t)r;
    out[n] = '\0';
    close(fd);
    sscanf(out, "HTTP/1.%*d %d", &status);
    return status;
}

/* header copies the value of header name (with ": ") in out to val. */
static void header(const char *out, const char *name, char *val, size_t cap)
{
    const char *h = strstr(out, name);
    size_t n;

    val[0] = '\0';
    if (!h)
        return;
    h += strlen(name);
    n = strcspn(h, "\r\n");
    if (n >= cap)
        n = cap - 1;
    memcpy(val, h, n);
    val[n] = '\0';
}

/* csrf copies the first form's CSRF token in out to tok. */
static void csrf(const char *out, char *tok)
{
    const char *v = strstr(out, "name=\"csrf\" value=\"");

    assert_non_null(v);
    memcpy(tok, v + 19, BF__CSRF_LEN);
    tok[BF__CSRF_LEN] = '\0';
}

static void test_signin_flow(void **state)
{
    char dir[64], store[96], req[2048], tok[BF__CSRF_LEN + 1], cookie[256],
            loc[256], path[160];
    static char out[1 << 18];
    bf_serve_opts o;
    bf_server *srv = NULL;
    bf_store *st = NULL;
    struct stat sb;
    uint16_t port;

    (void)state;
    snprintf(dir, sizeof dir, "/tmp/bf-access-XXXXXX");
    assert_non_null(mkdtemp(dir));
    snprintf(store, sizeof store, "%s/st", dir);
    assert_int_equal(bf_store_open(store, &st), BF_OK);
    bf_store_close(st);
    bf_serve_opts_init(&o);
    o.store_dir = store;
    o.port = 0;
    o.token = "t0ken";
    o.threads = 2;
    assert_int_equal(bf_serve_start(&o, &srv), BF_OK);
    port = bf_serve_port(srv);

    /* A page without a session: to the sign-in page, then back. */
    assert_int_equal(http(port,
                          "GET /upload?lang=fr HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                          "Connection: close\r\n\r\n",
                          out, sizeof out),
                     303);
    header(out, "Location: ", loc, sizeof loc);
    assert_string_equal(loc, "/signin?lang=fr&next=%2Fupload%3Flang%3Dfr");
    /* The API never redirects: 401. */
    assert_int_equal(http(port,
                          "GET /api/v1/health HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                          "Connection: close\r\n\r\n",
                          out, sizeof out),
                     401);
    assert_int_equal(http(port,
                          "GET /signin HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                          "Connection: close\r\n\r\n",
                          out, sizeof out),
                     200);
    csrf(out, tok);
    /* A wrong token: 401 and no cookie. */
    snprintf(req, sizeof req,
             "POST /signin HTTP/1.1\r\nHost: 127.0.0.1\r\n"
             "Content-Type: application/x-www-form-urlencoded\r\n"
             "Content-Length: %zu\r\nConnection: close\r\n\r\n"
             "csrf=%s&token=t0kem",
             strlen(tok) + 17, tok);
    assert_int_equal(http(port, req, out, sizeof out), 401);
    assert_null(strstr(out, "Set-Cookie"));
    /* The right one, with next: a cookie, and back to the page. */
    snprintf(req, sizeof req,
             "POST /signin HTTP/1.1\r\nHost: 127.0.0.1\r\n"
             "Content-Type: application/x-www-form-urlencoded\r\n"
             "Content-Length: %zu\r\nConnection: close\r\n\r\n"
             "csrf=%s&token=t0ken&next=%%2Fupload",
             strlen(tok) + 32, tok);
    assert_int_equal(http(port, req, out, sizeof out), 303);
    header(out, "Location: ", loc, sizeof loc);
    assert_string_equal(loc, "/upload");
    header(out, "Set-Cookie: ", cookie, sizeof cookie);
    assert_non_null(strstr(cookie, "; HttpOnly; SameSite=Strict"));
    assert_null(strstr(cookie, "Secure"));
    cookie[strcspn(cookie, ";")] = '\0';
    snprintf(req, sizeof req,
             "GET /upload HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: %s\r\n"
             "Connection: close\r\n\r\n",
             cookie);
    assert_int_equal(http(port, req, out, sizeof out), 200);
    assert_non_null(strstr(out, "id=\"nav-signout\""));
    /* The cookie is not a bearer token: the API still says 401. */
    snprintf(req, sizeof req,
             "GET /api/v1/health HTTP/1.1\r\nHost: 127.0.0.1\r\n"
             "Cookie: %s\r\nConnection: close\r\n\r\n",
             cookie);
    assert_int_equal(http(port, req, out, sizeof out), 401);
    /* Sign out, then the same cookie opens nothing. */
    snprintf(req, sizeof req,
             "POST /signout HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: %s\r\n"
             "Content-Type: application/x-www-form-urlencoded\r\n"
             "Content-Length: %zu\r\nConnection: close\r\n\r\ncsrf=%s",
             cookie, strlen(tok) + 5, tok);
    assert_int_equal(http(port, req, out, sizeof out), 303);
    snprintf(req, sizeof req,
             "GET /upload HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: %s\r\n"
             "Connection: close\r\n\r\n",
             cookie);
    assert_int_equal(http(port, req, out, sizeof out), 303);
    /* The share key is the store's, readable by its owner only. */
    snprintf(path, sizeof path, "%s/serve-share.key", store);
    assert_int_equal(stat(path, &sb), 0);
    assert_int_equal(sb.st_mode & 0777, 0600);
    assert_int_equal(sb.st_size, 32);
    bf_serve_stop(srv);
    nftw(dir, rm_one, 16, FTW_DEPTH | FTW_PHYS);
}

/* Behind a TLS proxy the cookie is Secure and named __Host-bf_session. */
static void test_behind_tls(void **state)
{
    char dir[64], store[96], req[2048], tok[BF__CSRF_LEN + 1], cookie[256];
    static char out[1 << 18];
    bf_serve_opts o;
    bf_server *srv = NULL;
    bf_store *st = NULL;
    uint16_t port;

    (void)state;
    snprintf(dir, sizeof dir, "/tmp/bf-access-XXXXXX");
    assert_non_null(mkdtemp(dir));
    snprintf(store, sizeof store, "%s/st", dir);
    assert_int_equal(bf_store_open(store, &st), BF_OK);
    bf_store_close(st);
    bf_serve_opts_init(&o);
    o.store_dir = store;
    o.port = 0;
    o.token = "t0ken";
    o.threads = 2;
    o.behind_tls = 1;
    assert_int_equal(bf_serve_start(&o, &srv), BF_OK);
    port = bf_serve_port(srv);
    assert_int_equal(http(port,
                          "GET /signin HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                          "Connection: close\r\n\r\n",
                          out, sizeof out),
                     200);
    csrf(out, tok);
    snprintf(req, sizeof req,
             "POST /signin HTTP/1.1\r\nHost: 127.0.0.1\r\n"
             "Origin: https://127.0.0.1\r\n"
             "Content-Type: application/x-www-form-urlencoded\r\n"
             "Content-Length: %zu\r\nConnection: close\r\n\r\n"
             "csrf=%s&token=t0ken",
             strlen(tok) + 17, tok);
    assert_int_equal(http(port, req, out, sizeof out), 303);
    header(out, "Set-Cookie: ", cookie, sizeof cookie);
    assert_int_equal(strncmp(cookie, "__Host-bf_session=", 18), 0);
    assert_non_null(strstr(cookie, "; Secure"));
    cookie[strcspn(cookie, ";")] = '\0';
    snprintf(req, sizeof req,
             "GET /upload HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: %s\r\n"
             "Connection: close\r\n\r\n",
             cookie);
    assert_int_equal(http(port, req, out, sizeof out), 200);
    /* The same value under the plain name is not the session. */
    snprintf(req, sizeof req,
             "GET /upload HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: %s\r\n"
             "Connection: close\r\n\r\n",
             cookie + 7);
    assert_int_equal(http(port, req, out, sizeof out), 303);
    bf_serve_stop(srv);
    nftw(dir, rm_one, 16, FTW_DEPTH | FTW_PHYS);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_session_tokens),
        cmocka_unit_test(test_share_tokens),
        cmocka_unit_test(test_signin_flow),
        cmocka_unit_test(test_behind_tls),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
