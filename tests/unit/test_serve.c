/*
 * test_serve.c - the web server in-process, spoken to over real sockets:
 * the pages' catalog, address and token rules, the refusal to serve a
 * public address without a token, the API on a real store in a temp
 * directory, security headers, errors as JSON, traversal, the bearer
 * token, and a slow client dropped after the timeout.
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
#include <sys/time.h>
#include <unistd.h>

#include <cmocka.h>

#include "model/model.h"
#include "report/catalog.h"
#include "serve/serve.h"
#include "serve/serve_msgs.h"
#include "store/store.h"

/* ---- helpers ---- */

static int rm_one(const char *path, const struct stat *sb, int flag,
                  struct FTW *ftw)
{
    (void)sb;
    (void)flag;
    (void)ftw;
    return remove(path);
}

/* make_store writes two accounts into a fresh store under dir. */
static void make_store(char *dir, size_t cap, char *store, size_t scap)
{
    bf_store *st = NULL;
    bf_account a;

    snprintf(dir, cap, "/tmp/bf-serve-XXXXXX");
    assert_non_null(mkdtemp(dir));
    snprintf(store, scap, "%s/st", dir);
    assert_int_equal(bf_store_open(store, &st), BF_OK);
    assert_int_equal(bf_store_begin(st), BF_OK);
    memset(&a, 0, sizeof a);
    a.platform = "test";
    a.native_id = "1";
    a.handle = "alice_shop";
    a.name = "Alice Shop";
    a.followers = 120;
    a.following = 80;
    a.posts = 10;
    a.created_at = 1500000000;
    assert_int_equal(bf_store_put_account(st, &a, NULL), BF_OK);
    a.native_id = "2";
    a.handle = "bob_growth";
    a.name = "Bob";
    assert_int_equal(bf_store_put_account(st, &a, NULL), BF_OK);
    assert_int_equal(bf_store_commit(st), BF_OK);
    bf_store_close(st);
}

/*
 * serve_opts makes the store of make_store and options for a server of
 * it on a free port; the caller sets the rest.
 */
static void serve_opts(char *dir, size_t cap, char *store, size_t scap,
                       bf_serve_opts *o)
{
    make_store(dir, cap, store, scap);
    bf_serve_opts_init(o);
    o->store_dir = store;
    o->port = 0;
}

/*
 * http sends req to 127.0.0.1:port and reads the answer into out (cap
 * bytes, NUL-terminated) until the server closes; returns the status.
 */
static int http(uint16_t port, const char *req, char *out, size_t cap)
{
    struct sockaddr_in sa;
    struct timeval tv = { 10, 0 };
    size_t n = 0;
    ssize_t r;
    int fd = socket(AF_INET, SOCK_STREAM, 0), status = -1;

    assert_true(fd >= 0);
    memset(&sa, 0, sizeof sa);
    sa.sin_family = AF_INET;
    sa.sin_port = htons(port);
    sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    assert_int_equal(connect(fd, (struct sockaddr *)&sa, sizeof sa), 0);
    assert_int_equal(send(fd, req, strlen(req), 0), (ssize_t)strlen(req));
    while (n + 1 < cap && (r = recv(fd, out + n, cap - 1 - n, 0)) > 0)
        n += (size_t)r;
    out[n] = '\0';
    close(fd);
    sscanf(out, "HTTP/1.1 %d", &status);
    return status;
}

static int get(uint16_t port, const char *path, const char *extra, char *out,
               size_t cap)
{
    char req[16384];

    snprintf(
            req, sizeof req,
            "GET %s HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n%s\r\n",
            path, extra ? extra : "");
    return http(port, req, out, cap);
}

/* ---- the catalog ---- */

static void test_msgs_complete(void **state)
{
    char en[64], fr[64];
    bf_buf b;
    int i;

    (void)state;
    bf_buf_init(&b, 4096);
    for (i = 0; i < BF_SMSG__COUNT; i++) {
        const char *e = bf_smsg(BF_LANG_EN, (bf_smsg_id)i);
        const char *f = bf_smsg(BF_LANG_FR, (bf_smsg_id)i);
        int ne = bf_msg_specs(e, en, sizeof en);
        double args[4] = { 1, 2, 3, 4 };

        assert_true(e[0] != '\0');
        assert_true(f[0] != '\0');
        assert_true(ne >= 0);
        assert_int_equal(ne, bf_msg_specs(f, fr, sizeof fr));
        assert_string_equal(en, fr);
        bf_buf_reset(&b);
        assert_int_equal(
                bf_smsg_format(&b, BF_LANG_FR, (bf_smsg_id)i, args, (size_t)ne),
                BF_OK);
        assert_int_equal(bf_smsg_format(&b, BF_LANG_EN, (bf_smsg_id)i, args,
                                        (size_t)ne + 1),
                         BF_EINVAL);
    }
    assert_string_equal(bf_smsg(BF_LANG_EN, BF_SMSG__COUNT), "");
    bf_buf_release(&b);
}

/* ---- addresses and tokens ---- */

static void test_parse_listen(void **state)
{
    char addr[64];
    uint16_t port = 0;

    (void)state;
    assert_int_equal(
            bf_serve_parse_listen("127.0.0.1:9000", addr, sizeof addr, &port),
            BF_OK);
    assert_string_equal(addr, "127.0.0.1");
    assert_int_equal(port, 9000);
    assert_int_equal(
            bf_serve_parse_listen("[::1]:81", addr, sizeof addr, &port), BF_OK);
    assert_string_equal(addr, "::1");
    assert_int_equal(port, 81);
    assert_int_equal(bf_serve_parse_listen(":7", addr, sizeof addr, &port),
                     BF_OK);
    assert_string_equal(addr, "127.0.0.1");
    assert_int_equal(
            bf_serve_parse_listen("10.0.0.1", addr, sizeof addr, &port), BF_OK);
    assert_int_equal(port, BF_SERVE_PORT);
    assert_int_equal(
            bf_serve_parse_listen("1.2.3.4:70000", addr, sizeof addr, &port),
            BF_EINVAL);
    assert_int_equal(
            bf_serve_parse_listen("1.2.3.4:", addr, sizeof addr, &port),
            BF_EINVAL);
    assert_int_equal(bf_serve_parse_listen("[::1", addr, sizeof addr, &port),
                     BF_EINVAL);
    assert_int_equal(bf_serve_parse_listen("", addr, sizeof addr, &port),
                     BF_EINVAL);
}

static void test_loopback(void **state)
{
    (void)state;
    assert_true(bf_serve_is_loopback("127.0.0.1"));
    assert_true(bf_serve_is_loopback("127.8.9.10"));
    assert_true(bf_serve_is_loopback("::1"));
    assert_false(bf_serve_is_loopback("0.0.0.0"));
    assert_false(bf_serve_is_loopback("::"));
    assert_false(bf_serve_is_loopback("192.168.1.2"));
    assert_false(bf_serve_is_loopback("localhost"));
}

static void test_token_equal(void **state)
{
    (void)state;
    assert_true(bf_serve_token_equal("abc", 3, "abc"));
    assert_false(bf_serve_token_equal("abd", 3, "abc"));
    assert_false(bf_serve_token_equal("ab", 2, "abc"));
    assert_false(bf_serve_token_equal("abcd", 4, "abc"));
    assert_false(bf_serve_token_equal("", 0, ""));
}

/*
 * The Host rule: the listening address, localhost, configured names; a
 * rebinding page's own name is refused (0), nonsense is malformed (-1).
 */
static void test_host_check(void **state)
{
    const char *names[] = { "bonafide.lan" };

    (void)state;
    assert_int_equal(
            bf_serve_host_check("127.0.0.1:8080", "127.0.0.1", NULL, 0), 1);
    assert_int_equal(bf_serve_host_check("127.0.0.1", "127.0.0.1", NULL, 0), 1);
    assert_int_equal(bf_serve_host_check("LOCALHOST:1", "127.0.0.1", NULL, 0),
                     1);
    assert_int_equal(bf_serve_host_check("[::1]:80", "::1", NULL, 0), 1);
    assert_int_equal(bf_serve_host_check("[::1]:80", "127.0.0.1", NULL, 0), 0);
    assert_int_equal(
            bf_serve_host_check("127.0.0.2:8080", "127.0.0.1", NULL, 0), 0);
    assert_int_equal(
            bf_serve_host_check("evil.example:8080", "127.0.0.1", NULL, 0), 0);
    assert_int_equal(bf_serve_host_check("bonafide.lan.", "10.0.0.2", names, 1),
                     1);
    assert_int_equal(bf_serve_host_check("localhost", "10.0.0.2", names, 1), 0);
    assert_int_equal(bf_serve_host_check("10.9.9.9", "0.0.0.0", NULL, 0), 1);
    assert_int_equal(bf_serve_host_check("[fe80::1]", "::", NULL, 0), 1);
    assert_int_equal(bf_serve_host_check("", "127.0.0.1", NULL, 0), -1);
    assert_int_equal(bf_serve_host_check(NULL, "127.0.0.1", NULL, 0), -1);
    assert_int_equal(bf_serve_host_check("a b", "127.0.0.1", NULL, 0), -1);
    assert_int_equal(bf_serve_host_check("x:80:80", "127.0.0.1", NULL, 0), -1);
    assert_int_equal(bf_serve_host_check("x:", "127.0.0.1", NULL, 0), -1);
    assert_int_equal(bf_serve_host_check("[::1", "::1", NULL, 0), -1);
    assert_int_equal(bf_serve_host_check("x@127.0.0.1", "127.0.0.1", NULL, 0),
                     -1);
}

static void test_origin_and_types(void **state)
{
    (void)state;
    assert_true(bf_serve_origin_check(NULL, "127.0.0.1:8080"));
    assert_true(
            bf_serve_origin_check("http://127.0.0.1:8080", "127.0.0.1:8080"));
    assert_true(bf_serve_origin_check("https://bonafide.lan", "bonafide.lan"));
    assert_false(
            bf_serve_origin_check("http://evil.example", "127.0.0.1:8080"));
    assert_false(
            bf_serve_origin_check("http://127.0.0.1:9999", "127.0.0.1:8080"));
    assert_false(bf_serve_origin_check("null", "127.0.0.1:8080"));
    assert_true(bf_serve_fetch_site_check(NULL));
    assert_true(bf_serve_fetch_site_check("same-origin"));
    assert_true(bf_serve_fetch_site_check("none"));
    assert_false(bf_serve_fetch_site_check("same-site"));
    assert_false(bf_serve_fetch_site_check("cross-site"));
    assert_true(bf_serve_api_type_ok("application/octet-stream"));
    assert_true(bf_serve_api_type_ok("text/csv; charset=utf-8"));
    assert_true(bf_serve_api_type_ok("Application/Zip"));
    assert_false(bf_serve_api_type_ok(NULL));
    assert_false(bf_serve_api_type_ok("text/plain"));
    assert_false(bf_serve_api_type_ok("application/x-www-form-urlencoded"));
    assert_false(bf_serve_api_type_ok("multipart/form-data; boundary=x"));
    assert_false(bf_serve_api_type_ok("text/csvx"));
}

/*
 * Requests libmicrohttpd could not answer by itself, and framing that
 * two parsers could read two ways, are answered at once.
 */
static void test_hostile_requests(void **state)
{
    char dir[64], store[96], path[8192];
    static char out[1 << 16];
    bf_serve_opts o;
    bf_server *srv = NULL;
    uint16_t port;
    size_t n = 0;
    int i;

    (void)state;
    serve_opts(dir, sizeof dir, store, sizeof store, &o);
    o.threads = 2;
    o.timeout = 20;
    assert_int_equal(bf_serve_start(&o, &srv), BF_OK);
    port = bf_serve_port(srv);
    n = (size_t)snprintf(path, sizeof path, "/api/v1/health?");
    for (i = 0; i < 500; i++)
        n += (size_t)snprintf(path + n, sizeof path - n, "x%d=1&", i);
    /* The receive timeout (10 s) is below the server's (20 s): a status
     * of -1 means the server held the socket. */
    assert_int_equal(get(port, path, NULL, out, sizeof out), 400);
    assert_non_null(strstr(out, "too_many_parameters"));
    assert_int_equal(http(port,
                          "POST /api/v1/ingest HTTP/1.1\r\n"
                          "Host: 127.0.0.1\r\nContent-Length: 5\r\n"
                          "Transfer-Encoding: chunked\r\n"
                          "Content-Type: application/octet-stream\r\n"
                          "Connection: close\r\n\r\n0\r\n\r\n",
                          out, sizeof out),
                     400);
    assert_int_equal(
            get(port, "/api/v1/health", "Host: 127.0.0.1\r\n", out, sizeof out),
            400);
    assert_int_equal(http(port,
                          "GET /api/v1/health HTTP/1.1\r\n"
                          "Host: rebind.example\r\nConnection: close\r\n\r\n",
                          out, sizeof out),
                     421);
    assert_int_equal(
            get(port, "/api/v1/accounts?q=a&limit=1e3", NULL, out, sizeof out),
            400);
    assert_non_null(strstr(out, "\"code\":\"bad_limit\""));
    assert_int_equal(get(port, "/?q=a%01%1b%7f%c2%85b", NULL, out, sizeof out),
                     200);
    assert_null(strchr(out, '\x01'));
    assert_null(strchr(out, '\x1b'));
    assert_null(strchr(out, '\x7f'));
    assert_null(strstr(out, "\xc2\x85"));
    bf_serve_stop(srv);
    nftw(dir, rm_one, 16, FTW_DEPTH | FTW_PHYS);
}

static void test_refuse_public_without_token(void **state)
{
    bf_serve_opts o;
    bf_server *srv = NULL;

    (void)state;
    bf_serve_opts_init(&o);
    o.store_dir = "/nonexistent/never-opened";
    o.addr = "0.0.0.0";
    o.port = 0;
    assert_int_equal(bf_serve_start(&o, &srv), BF_EINVAL);
    o.addr = "::";
    assert_int_equal(bf_serve_start(&o, &srv), BF_EINVAL);
    o.addr = "not-an-address";
    assert_int_equal(bf_serve_start(&o, &srv), BF_EINVAL);
    assert_null(srv);
}

/* ---- a real server ---- */

static void test_api_roundtrip(void **state)
{
    char dir[64], store[96];
    static char out[1 << 20];
    bf_serve_opts o;
    bf_server *srv = NULL;
    uint16_t port;

    (void)state;
    serve_opts(dir, sizeof dir, store, sizeof store, &o);
    o.threads = 2;
    assert_int_equal(bf_serve_start(&o, &srv), BF_OK);
    port = bf_serve_port(srv);
    assert_true(port > 0);

    assert_int_equal(
            get(port, "/api/v1/accounts?q=alice", NULL, out, sizeof out), 200);
    assert_non_null(strstr(out, "\"handle\":\"alice_shop\""));
    assert_null(strstr(out, "bob_growth"));
    assert_non_null(strstr(out, "X-Content-Type-Options: nosniff"));
    assert_non_null(strstr(out, "X-Frame-Options: DENY"));
    assert_non_null(strstr(out, "frame-ancestors 'none'"));
    assert_null(strstr(out, "script-src"));

    assert_int_equal(get(port, "/api/v1/accounts/test:bob_growth", NULL, out,
                         sizeof out),
                     200);
    assert_non_null(strstr(out, "\"followers\":120"));
    assert_int_equal(
            get(port, "/api/v1/accounts/test:nobody", NULL, out, sizeof out),
            404);
    assert_non_null(strstr(out, "{\"error\":{\"code\":\"not_found\""));
    assert_int_equal(get(port, "/api/v1/accounts/test:alice_shop/audit", NULL,
                         out, sizeof out),
                     200);
    assert_non_null(strstr(out, "\"verdict\""));
    assert_int_equal(get(port, "/audit?a=test:alice_shop&lang=fr", NULL, out,
                         sizeof out),
                     200);
    assert_non_null(strstr(out, "<html lang=\"fr\""));
    assert_null(strstr(out, "<script"));
    assert_int_equal(get(port, "/../../etc/passwd", NULL, out, sizeof out),
                     400);
    assert_int_equal(get(port, "/nope", NULL, out, sizeof out), 404);
    assert_int_equal(http(port,
                          "DELETE / HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                          "Connection: close\r\n\r\n",
                          out, sizeof out),
                     405);
    assert_int_equal(http(port,
                          "POST /api/v1/ingest HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                          "Content-Type: application/octet-stream\r\n"
                          "Content-Length: 999999999999\r\n"
                          "Connection: close\r\n\r\n",
                          out, sizeof out),
                     413);
    bf_serve_stop(srv);
    nftw(dir, rm_one, 16, FTW_DEPTH | FTW_PHYS);
}

/*
 * A burst of distinct searches keeps the audit pages cached: search
 * answers have slots of their own.  With one pair of slots for pages,
 * the page built on day 1 must still be the one served on day 2, after
 * more distinct searches than a pair holds; a rebuilt page would carry
 * day 2's generated_at.
 */
static void test_searches_keep_pages_cached(void **state)
{
    static const char *const qs[] = { "alice", "bob", "ali", "shop", "gro" };
    char dir[64], store[96], path[64];
    static char out[1 << 20];
    const char *was = getenv("BONAFIDE_NOW");
    char saved[64];
    bf_serve_opts o;
    bf_server *srv = NULL;
    uint16_t port;
    size_t i;

    (void)state;
    snprintf(saved, sizeof saved, "%s", was ? was : "");
    serve_opts(dir, sizeof dir, store, sizeof store, &o);
    o.threads = 1;
    o.cache_entries = 2;
    setenv("BONAFIDE_NOW", "2026-01-01T00:00:00Z", 1);
    assert_int_equal(bf_serve_start(&o, &srv), BF_OK);
    port = bf_serve_port(srv);
    snprintf(path, sizeof path, "/api/v1/accounts/test:alice_shop/audit");
    assert_int_equal(get(port, path, NULL, out, sizeof out), 200);
    assert_non_null(strstr(out, "\"generated_at\":\"2026-01-01T00:00:00Z\""));
    /* The server is idle between requests: the clock moves safely. */
    setenv("BONAFIDE_NOW", "2026-01-02T00:00:00Z", 1);
    for (i = 0; i < sizeof qs / sizeof qs[0]; i++) {
        char q[64];

        snprintf(q, sizeof q, "/api/v1/accounts?q=%s", qs[i]);
        assert_int_equal(get(port, q, NULL, out, sizeof out), 200);
    }
    assert_int_equal(get(port, path, NULL, out, sizeof out), 200);
    assert_non_null(strstr(out, "\"generated_at\":\"2026-01-01T00:00:00Z\""));
    /* The French page is another entry: built now, on day 2. */
    assert_int_equal(get(port, "/api/v1/accounts/test:alice_shop/audit?lang=fr",
                         NULL, out, sizeof out),
                     200);
    assert_non_null(strstr(out, "\"generated_at\":\"2026-01-02T00:00:00Z\""));
    bf_serve_stop(srv);
    if (saved[0])
        setenv("BONAFIDE_NOW", saved, 1);
    else
        unsetenv("BONAFIDE_NOW");
    nftw(dir, rm_one, 16, FTW_DEPTH | FTW_PHYS);
}

static void test_token_required(void **state)
{
    char dir[64], store[96];
    static char out[1 << 16];
    bf_serve_opts o;
    bf_server *srv = NULL;
    uint16_t port;

    (void)state;
    serve_opts(dir, sizeof dir, store, sizeof store, &o);
    o.token = "t0ken";
    o.threads = 2;
    assert_int_equal(bf_serve_start(&o, &srv), BF_OK);
    port = bf_serve_port(srv);
    assert_int_equal(get(port, "/api/v1/health", NULL, out, sizeof out), 401);
    assert_non_null(strstr(out, "\"code\":\"unauthorized\""));
    assert_int_equal(get(port, "/api/v1/health",
                         "Authorization: Bearer t0kem\r\n", out, sizeof out),
                     401);
    assert_int_equal(get(port, "/api/v1/health",
                         "Authorization: Bearer t0ken\r\n", out, sizeof out),
                     200);
    bf_serve_stop(srv);
    nftw(dir, rm_one, 16, FTW_DEPTH | FTW_PHYS);
}

static void test_slow_client_dropped(void **state)
{
    char dir[64], store[96];
    static char out[1 << 16];
    bf_serve_opts o;
    bf_server *srv = NULL;
    struct sockaddr_in sa;
    struct timeval tv = { 20, 0 };
    const char part[] = "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Sl";
    char c;
    int fd;

    (void)state;
    serve_opts(dir, sizeof dir, store, sizeof store, &o);
    o.timeout = 1;
    o.threads = 2;
    assert_int_equal(bf_serve_start(&o, &srv), BF_OK);
    fd = socket(AF_INET, SOCK_STREAM, 0);
    memset(&sa, 0, sizeof sa);
    sa.sin_family = AF_INET;
    sa.sin_port = htons(bf_serve_port(srv));
    sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    assert_int_equal(connect(fd, (struct sockaddr *)&sa, sizeof sa), 0);
    assert_int_equal(send(fd, part, sizeof part - 1, 0),
                     (ssize_t)(sizeof part - 1));
    /* Others are served while the slow one hangs. */
    assert_int_equal(
            get(bf_serve_port(srv), "/api/v1/health", NULL, out, sizeof out),
            200);
    /* The server closes the slow connection: recv sees the end (0), not
     * the 20 s receive timeout (-1). */
    assert_true(recv(fd, &c, 1, 0) <= 0);
    assert_int_equal(recv(fd, &c, 1, 0), 0);
    close(fd);
    bf_serve_stop(srv);
    nftw(dir, rm_one, 16, FTW_DEPTH | FTW_PHYS);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_msgs_complete),
        cmocka_unit_test(test_parse_listen),
        cmocka_unit_test(test_loopback),
        cmocka_unit_test(test_token_equal),
        cmocka_unit_test(test_host_check),
        cmocka_unit_test(test_origin_and_types),
        cmocka_unit_test(test_hostile_requests),
        cmocka_unit_test(test_refuse_public_without_token),
        cmocka_unit_test(test_api_roundtrip),
        cmocka_unit_test(test_searches_keep_pages_cached),
        cmocka_unit_test(test_token_required),
        cmocka_unit_test(test_slow_client_dropped),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
