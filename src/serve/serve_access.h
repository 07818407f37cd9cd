/*
 * serve_access.h - who may read the pages of a server with a token:
 * sign-in, sessions, sign-out and read-only share links.
 *
 * A server with a token (bf_serve_opts.token) answers the API only with
 * "Authorization: Bearer TOKEN".  A browser cannot send that header, so
 * its pages also accept a session cookie, which the sign-in page gives in
 * exchange for the token, and one report is readable by anyone holding a
 * share link made by a signed-in user (/s/TOKEN), until it expires.
 *
 *   - Sessions are stateless: the cookie holds its expiry and a random
 *     id under an HMAC-SHA256 of a key drawn at start, so a server keeps
 *     no table of who is signed in.  Signing out puts the id on a
 *     revocation list, kept until the session would have expired anyway.
 *     A restart draws a new key and so ends every session.
 *   - Share links carry the account's dense id and an expiry under an
 *     HMAC of a key kept in the store (serve-share.key, mode 0600) mixed
 *     with the token: links survive a restart and all die when the token
 *     changes or the key file is removed.
 *   - Sign-in compares in constant time (bf_serve_token_equal), is rate
 *     limited per client address, and its form carries a CSRF token as
 *     the upload form does; so do sign-out and share-link forms.
 *
 * Ownership: bf__access belongs to the server (bf_server.access), made by
 * bf__access_new at start and freed by bf__access_free at stop.  Strings
 * passed in are borrowed.
 *
 *     bf__auth au;
 *     if (!bf__access_check(srv, conn, url, api, is_get, &au, &rep))
 *         return send_reply(conn, &rep);   // 401, or 303 to /signin
 */
#ifndef BF_SERVE_SERVE_ACCESS_H
#define BF_SERVE_SERVE_ACCESS_H

#include <microhttpd.h>
#include <stdint.h>

#include "serve/serve_int.h"

/* How long a session lasts (seconds). */
#define BF__SESSION_LIFETIME (12 * 3600)
/* Failed sign-ins allowed per client address in BF__SIGNIN_WINDOW s. */
#define BF__SIGNIN_TRIES  5
#define BF__SIGNIN_WINDOW 300
/* Failed sign-ins allowed from all addresses together in the window. */
#define BF__SIGNIN_TRIES_ALL 100
/* Sign-outs remembered before the session key is redrawn. */
#define BF__REVOKED_MAX 4096
/* Longest share link lifetime (hours): 30 days. */
#define BF__SHARE_MAX_HOURS 720

/* Cookie value: 16 hex expiry '.' 32 hex id '.' 64 hex HMAC. */
#define BF__SESSION_LEN 114
/* Share token: 16 hex expiry '-' 8 hex account id '-' 32 hex HMAC. */
#define BF__SHARE_LEN 58

typedef struct bf__access bf__access;

/* What let a request in. */
typedef enum bf__auth_kind {
    BF__AUTH_OPEN,    /* no token configured: loopback, no login */
    BF__AUTH_BEARER,  /* the Authorization header */
    BF__AUTH_SESSION, /* a valid session cookie */
    BF__AUTH_PUBLIC   /* a page anyone may ask for: sign-in, share links */
} bf__auth_kind;

typedef struct bf__auth {
    bf__auth_kind kind;
    char session[BF__SESSION_LEN + 1]; /* the cookie, when it is valid */
} bf__auth;

/* The fields of the small forms (sign-in, sign-out, share). */
typedef struct bf__form {
    char token[BF_SERVE_TOKEN_MAX + 1];
    char csrf[BF__CSRF_LEN + 1];
    char next[512];
    char account[512];
    char ttl[8];
    int bad; /* a field too long, or an unknown one */
} bf__form;

/*
 * bf__access_new draws the session key and reads or creates the share
 * key in the store directory.  behind_tls makes cookies Secure.
 */
bf_err bf__access_new(bf_server *srv, int behind_tls, bf__access **out);
void bf__access_free(bf__access *a);

/*
 * bf__access_check decides whether a request may go on (1) and how it
 * got in (*au).  0: rep holds the answer: 401 for the API or a wrong
 * bearer token, 303 to the sign-in page for a page without a session.
 */
int bf__access_check(bf_server *srv, struct MHD_Connection *conn,
                     const char *url, int api, bf_lang lang, bf__auth *au,
                     bf__reply *rep);

/* bf__access_is_form: url is one of the small forms' POST targets. */
int bf__access_is_form(const char *url);

/* bf__access_field is the form parser's callback (cls: a bf__form). */
enum MHD_Result bf__access_field(void *cls, enum MHD_ValueKind kind,
                                 const char *key, const char *filename,
                                 const char *content_type,
                                 const char *transfer_encoding,
                                 const char *data, uint64_t off, size_t size);

/* bf__access_post answers a POST to a small form. */
void bf__access_post(bf_server *srv, struct MHD_Connection *conn,
                     const char *url, bf_lang lang, const bf__auth *au,
                     const bf__form *f, bf__reply *rep);

/*
 * bf__access_page answers the GET pages of this file (/signin, /signout,
 * /share, /s/TOKEN) into rep: 1 when url is one of them, else 0.
 */
int bf__access_page(bf_server *srv, struct MHD_Connection *conn,
                    const bf__req *rq, const bf__auth *au, bf__reply *rep);

/*
 * bf__access_decorate adds the signed-in user's links (share this
 * report, sign out) to an HTML page's navigation bar.  Pages are cached
 * and shared by every reader, so these links are added per request.
 */
void bf__access_decorate(const bf_server *srv, const bf__req *rq,
                         const bf__auth *au, bf__reply *rep);

/*
 * The tokens themselves, with their key and clock given, for the tests.
 * bf__session_make writes a cookie value (BF__SESSION_LEN + 1 bytes);
 * bf__session_check is 1 when v is one of key's, not expired at now.
 * bf__share_make writes a share token for account id, expiring at exp;
 * bf__share_check returns 1 (valid: *out_id, *out_exp), 0 forged or
 * malformed, -1 genuine but expired (*out_exp set).
 */
void bf__session_make(const unsigned char key[32], int64_t exp,
                      const unsigned char id[16], char *out);
int bf__session_check(const unsigned char key[32], const char *v, int64_t now);
void bf__share_make(const unsigned char key[32], uint32_t id, int64_t exp,
                    char *out);
int bf__share_check(const unsigned char key[32], const char *tok, int64_t now,
                    uint32_t *out_id, int64_t *out_exp);

#endif
