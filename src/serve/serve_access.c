/*
 * serve_access.c - sign-in, sessions, sign-out and share links.
 *
 * How it works.  serve.c asks bf__access_check about every request
 * before anything else.  Without a configured token every request is let
 * in (a loopback server).  With one, an Authorization header decides
 * alone (the right bearer token, or 401); the API needs it; the sign-in
 * page, the sign-out form and share links (/s/...) are open to all; any
 * other page needs a valid session cookie, and a browser without one is
 * sent to the sign-in page with the page it asked for as "next".
 *
 * A session cookie is "EXP.ID.MAC": its expiry, 16 random bytes and an
 * HMAC-SHA256 of both under a key drawn at start.  The server keeps no
 * table of sessions, so signing in costs no memory and a flood of
 * sign-ins cannot push anyone out; signing out puts the id on a list,
 * kept until the session would have expired.  When that list is full
 * (BF__REVOKED_MAX sign-outs within a session's lifetime) the key is
 * redrawn, which ends every session: failing closed, never forgetting a
 * sign-out.  The key lives only in memory, so a restart also ends every
 * session, and the list does not need to outlive the process.
 *
 * A share link "/s/EXP-ID-MAC" names one account by its dense id; its
 * MAC (128 bits of HMAC-SHA256) is made with a key kept in the store
 * (serve-share.key) mixed with the server's token, so links outlive a
 * restart and all die together when the token changes.  The page it
 * opens is that one report, without the navigation bar: every other page
 * still needs a session.  An altered link is refused with 403, an
 * expired one with 410, each saying so in the reader's language.
 *
 * Sign-in is rate limited: BF__SIGNIN_TRIES wrong tokens per client
 * address within BF__SIGNIN_WINDOW seconds (a right one clears the
 * count), and BF__SIGNIN_TRIES_ALL from all addresses together, so
 * neither one client nor many can try tokens quickly; the right token is
 * refused too while an address is blocked.  Behind a proxy all clients
 * share the proxy's address and the limit becomes the server's.
 *
 * Cookies are HttpOnly (no script may read them, though pages carry
 * none), SameSite=Strict (no other site's page sends them) and Path=/;
 * with --behind-tls they are also Secure and named "__Host-bf_session",
 * which browsers accept only from a secure origin.  The server has no
 * TLS of its own, and it does not trust X-Forwarded-Proto: any client
 * could send it, so the operator says once, with the flag, that a TLS
 * proxy is in front.
 *
 * Times are bf_time_now() ($BONAFIDE_NOW in tests), so a test can move a
 * server forward and see a link expire; the rate limit uses the
 * monotonic clock, which no test setting can rewind.
 */
#include "serve/serve_access.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <nettle/hmac.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/time.h"
#include "report/report.h"

/* The cookie's name, plain and with TLS (the __Host- prefix). */
#define COOKIE        "bf_session"
#define COOKIE_HOST   "__Host-bf_session"
#define RATE_SLOTS    256
#define SHARE_KEYFILE "serve-share.key"

/* French typography: the narrow no-break space before : ; ? ! */
#define NNBSP "\xe2\x80\xaf"

typedef struct revoked {
    unsigned char id[16];
    int64_t exp;
} revoked;

typedef struct rate_slot {
    unsigned char addr[16];
    double start; /* monotonic seconds: the window's start */
    unsigned fails;
    int used;
} rate_slot;

struct bf__access {
    pthread_mutex_t mu; /* everything below but the share key */
    unsigned char skey[32];
    unsigned char lkey[32]; /* set once at start, then only read */
    revoked *rev;
    size_t nrev;
    rate_slot rate[RATE_SLOTS];
    double all_start;
    unsigned all_fails;
    int behind_tls;
};

/* ---- the pages' sentences ---- */

enum {
    M_SIGNIN,
    M_SIGNIN_HINT,
    M_TOKEN,
    M_WRONG,
    M_LIMIT,
    M_NOT_NEEDED,
    M_SIGNED_OUT,
    M_SIGNOUT,
    M_SIGNOUT_HINT,
    M_SHARE,
    M_SHARE_TITLE,
    M_SHARE_HINT,
    M_TTL,
    M_TTL_1,
    M_TTL_24,
    M_TTL_168,
    M_TTL_720,
    M_SHARE_BUTTON,
    M_SHARE_MADE,
    M_LINK,
    M_SHARED,
    M_EXPIRED,
    M_EXPIRED_ASK,
    M_FORGED,
    M_NEEDS_TOKEN,
    M_BAD_CSRF,
    M_HOME,
    M__COUNT
};

static const char *const msgs[M__COUNT][2] = {
    [M_SIGNIN] = { "Sign in", "Se connecter" },
    [M_SIGNIN_HINT] = { "This server is shared: enter the access token its "
                        "administrator gave you. Your browser then keeps a "
                        "session for twelve hours.",
                        "Ce serveur est partagé" NNBSP ": saisissez le jeton "
                        "d’accès que son administrateur vous a remis. Votre "
                        "navigateur garde ensuite une session de douze "
                        "heures." },
    [M_TOKEN] = { "Access token", "Jeton d’accès" },
    [M_WRONG] = { "This token is not the right one.",
                  "Ce jeton n’est pas le bon." },
    [M_LIMIT] = { "Too many wrong tokens: wait five minutes, then try again.",
                  "Trop de jetons erronés" NNBSP ": patientez cinq minutes "
                  "avant de réessayer." },
    [M_NOT_NEEDED] = { "This server needs no sign-in: it answers only this "
                       "computer.",
                       "Ce serveur ne demande pas de connexion" NNBSP ": il "
                       "ne répond qu’à cet ordinateur." },
    [M_SIGNED_OUT] = { "You are signed out.", "Votre session est fermée." },
    [M_SIGNOUT] = { "Sign out", "Se déconnecter" },
    [M_SIGNOUT_HINT] = { "End this browser’s session on the server. The token "
                         "still lets you sign in again.",
                         "Fermer la session de ce navigateur sur le serveur. "
                         "Le jeton permet toujours de se reconnecter." },
    [M_SHARE] = { "Share", "Partager" },
    [M_SHARE_TITLE] = { "Share this report", "Partager ce rapport" },
    [M_SHARE_HINT] = { "Whoever holds the link can read this report, and no "
                       "other page, without signing in, until it expires.",
                       "Quiconque détient le lien peut lire ce rapport, et "
                       "aucune autre page, sans se connecter, jusqu’à son "
                       "expiration." },
    [M_TTL] = { "Valid for", "Valable" },
    [M_TTL_1] = { "one hour", "une heure" },
    [M_TTL_24] = { "one day", "un jour" },
    [M_TTL_168] = { "seven days", "sept jours" },
    [M_TTL_720] = { "thirty days", "trente jours" },
    [M_SHARE_BUTTON] = { "Create the link", "Créer le lien" },
    [M_SHARE_MADE] = { "Read-only link, valid until",
                       "Lien en lecture seule, valable jusqu’au" },
    [M_LINK] = { "Link", "Lien" },
    [M_SHARED] = { "Shared report, read only, valid until",
                   "Rapport partagé en lecture seule, valable jusqu’au" },
    [M_EXPIRED] = { "This share link expired on", "Ce lien de partage a expiré "
                                                  "le" },
    [M_EXPIRED_ASK] = { "Ask whoever sent it for a new one.",
                        "Demandez-en un nouveau à la personne qui vous l’a "
                        "envoyé." },
    [M_FORGED] = { "This share link is not valid: it was altered, or made by "
                   "another server.",
                   "Ce lien de partage n’est pas valable" NNBSP ": il a été "
                   "modifié, ou créé par un autre serveur." },
    [M_NEEDS_TOKEN] = { "Share links need a server with a token "
                        "(serve --token-file).",
                        "Les liens de partage demandent un serveur avec un "
                        "jeton (serve --token-file)." },
    [M_BAD_CSRF] = { "This form has expired: reload the page and try again.",
                     "Ce formulaire a expiré" NNBSP ": rechargez la page et "
                     "réessayez." },
    [M_HOME] = { "Home", "Accueil" },
};

static const char *m(bf_lang lang, int id)
{
    return msgs[id][lang == BF_LANG_FR];
}

/* ---- keys and tokens ---- */

static bf_err draw(unsigned char *p, size_t n)
{
    size_t got = 0;

    while (got < n) {
        ssize_t r = getrandom(p + got, n - got, 0);

        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0)
            return BF_EIO;
        got += (size_t)r;
    }
    return BF_OK;
}

static void hex(const unsigned char *p, size_t n, char *out)
{
    static const char digits[] = "0123456789abcdef";
    size_t i;

    for (i = 0; i < n; i++) {
        out[2 * i] = digits[p[i] >> 4];
        out[2 * i + 1] = digits[p[i] & 15];
    }
    out[2 * n] = '\0';
}

/* is_hex: the n bytes at s are lowercase hex digits. */
static int is_hex(const char *s, size_t n)
{
    size_t i;

    for (i = 0; i < n; i++) {
        if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f')))
            return 0;
    }
    return 1;
}

/* mac_hex writes the first nbytes of HMAC-SHA256(key, tag || msg) as hex. */
static void mac_hex(const unsigned char key[32], const char *tag,
                    const char *msg, size_t len, size_t nbytes, char *out)
{
    struct hmac_sha256_ctx ctx;
    uint8_t d[SHA256_DIGEST_SIZE];

    hmac_sha256_set_key(&ctx, 32, key);
    hmac_sha256_update(&ctx, strlen(tag), (const uint8_t *)tag);
    hmac_sha256_update(&ctx, len, (const uint8_t *)msg);
    hmac_sha256_digest(&ctx, sizeof d, d);
    hex(d, nbytes, out);
}

void bf__session_make(const unsigned char key[32], int64_t exp,
                      const unsigned char id[16], char *out)
{
    snprintf(out, 18, "%016llx.", (unsigned long long)exp);
    hex(id, 16, out + 17);
    out[49] = '.';
    mac_hex(key, "session:", out, 49, 32, out + 50);
}

int bf__session_check(const unsigned char key[32], const char *v, int64_t now)
{
    char want[65];
    unsigned long long exp;

    if (!v || strlen(v) != BF__SESSION_LEN || v[16] != '.' || v[49] != '.' ||
        !is_hex(v, 16) || !is_hex(v + 17, 32) || !is_hex(v + 50, 64))
        return 0;
    mac_hex(key, "session:", v, 49, 32, want);
    if (!bf_serve_token_equal(v + 50, 64, want))
        return 0;
    exp = strtoull(v, NULL, 16);
    /* Expired, or further ahead than a session ever lasts. */
    return (long long)exp > (long long)now &&
           (long long)exp - (long long)now <= BF__SESSION_LIFETIME + 60;
}

void bf__share_make(const unsigned char key[32], uint32_t id, int64_t exp,
                    char *out)
{
    snprintf(out, 27, "%016llx-%08lx-", (unsigned long long)exp,
             (unsigned long)id);
    mac_hex(key, "share:", out, 25, 16, out + 26);
}

int bf__share_check(const unsigned char key[32], const char *tok, int64_t now,
                    uint32_t *out_id, int64_t *out_exp)
{
    char want[33];
    unsigned long long exp;

    if (!tok || strlen(tok) != BF__SHARE_LEN || tok[16] != '-' ||
        tok[25] != '-' || !is_hex(tok, 16) || !is_hex(tok + 17, 8) ||
        !is_hex(tok + 26, 32))
        return 0;
    mac_hex(key, "share:", tok, 25, 16, want);
    if (!bf_serve_token_equal(tok + 26, 32, want))
        return 0;
    exp = strtoull(tok, NULL, 16);
    *out_id = (uint32_t)strtoul(tok + 17, NULL, 16);
    *out_exp = (int64_t)exp;
    return (long long)exp > (long long)now ? 1 : -1;
}

/*
 * share_key reads the store's share key, creating it (32 random bytes,
 * mode 0600, O_EXCL so two servers starting at once agree) when absent,
 * and mixes in the token.  A store that cannot hold the file gets a key
 * for this process only: links then end with it.
 */
static bf_err share_key(bf__access *a, const char *dir, const char *token)
{
    unsigned char file_key[32];
    char path[4096];
    struct hmac_sha256_ctx ctx;
    ssize_t n = 0;
    int fd;
    bf_err err = BF_OK;

    snprintf(path, sizeof path, "%s/%s", dir, SHARE_KEYFILE);
    fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd >= 0) {
        n = read(fd, file_key, sizeof file_key);
        close(fd);
    }
    if (n != (ssize_t)sizeof file_key) {
        err = draw(file_key, sizeof file_key);
        if (err)
            return err;
        fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
        if (fd >= 0) {
            if (write(fd, file_key, sizeof file_key) !=
                        (ssize_t)sizeof file_key ||
                fsync(fd) != 0)
                unlink(path);
            close(fd);
        } else if (errno == EEXIST) {
            /* Another server made it first: use that one. */
            fd = open(path, O_RDONLY | O_CLOEXEC);
            if (fd >= 0) {
                n = read(fd, file_key, sizeof file_key);
                close(fd);
            }
            if (n != (ssize_t)sizeof file_key)
                err = draw(file_key, sizeof file_key);
        }
    }
    hmac_sha256_set_key(&ctx, sizeof file_key, file_key);
    hmac_sha256_update(&ctx, 9, (const uint8_t *)"share-v1:");
    if (token)
        hmac_sha256_update(&ctx, strlen(token), (const uint8_t *)token);
    hmac_sha256_digest(&ctx, sizeof a->lkey, a->lkey);
    memset(file_key, 0, sizeof file_key);
    return err;
}

bf_err bf__access_new(bf_server *srv, int behind_tls, bf__access **out)
{
    bf__access *a = calloc(1, sizeof *a);
    bf_err err;

    if (!a)
        return BF_ENOMEM;
    pthread_mutex_init(&a->mu, NULL);
    a->behind_tls = behind_tls;
    err = draw(a->skey, sizeof a->skey);
    /* Share links exist only where there is a token to sign in with. */
    if (!err && srv->token)
        err = share_key(a, srv->store_dir, srv->token);
    if (err) {
        bf__access_free(a);
        return err;
    }
    *out = a;
    return BF_OK;
}

void bf__access_free(bf__access *a)
{
    if (!a)
        return;
    pthread_mutex_destroy(&a->mu);
    free(a->rev);
    memset(a, 0, sizeof *a);
    free(a);
}

/* ---- sessions ---- */

/* session_valid: v is a live session of this process, not signed out. */
static int session_valid(bf__access *a, const char *v)
{
    unsigned char id[16];
    size_t i;
    int ok;

    pthread_mutex_lock(&a->mu);
    ok = bf__session_check(a->skey, v, bf_time_now());
    if (ok) {
        for (i = 0; i < 16; i++) {
            unsigned hi =
                    (unsigned)(v[17 + 2 * i] <= '9' ? v[17 + 2 * i] - '0'
                                                    : v[17 + 2 * i] - 'a' + 10);
            unsigned lo =
                    (unsigned)(v[18 + 2 * i] <= '9' ? v[18 + 2 * i] - '0'
                                                    : v[18 + 2 * i] - 'a' + 10);

            id[i] = (unsigned char)(hi << 4 | lo);
        }
        for (i = 0; ok && i < a->nrev; i++)
            ok = memcmp(a->rev[i].id, id, 16) != 0;
    }
    pthread_mutex_unlock(&a->mu);
    return ok;
}

/* session_new writes a fresh cookie value, valid for a lifetime. */
static bf_err session_new(bf__access *a, char *out)
{
    unsigned char id[16];
    bf_err err = draw(id, sizeof id);

    if (err)
        return err;
    pthread_mutex_lock(&a->mu);
    bf__session_make(a->skey, bf_time_now() + BF__SESSION_LIFETIME, id, out);
    pthread_mutex_unlock(&a->mu);
    return BF_OK;
}

/*
 * session_revoke puts the session v on the list, first dropping the entries of
 * sessions that have expired anyway; a full list redraws the key.
 */
static void session_revoke(bf__access *a, const char *v)
{
    int64_t now = bf_time_now();
    size_t i, keep = 0;

    if (!session_valid(a, v))
        return;
    pthread_mutex_lock(&a->mu);
    for (i = 0; i < a->nrev; i++) {
        if (a->rev[i].exp > now)
            a->rev[keep++] = a->rev[i];
    }
    a->nrev = keep;
    if (!a->rev)
        a->rev = calloc(BF__REVOKED_MAX, sizeof *a->rev);
    if (!a->rev || a->nrev == BF__REVOKED_MAX) {
        /* No room to remember it: end every session instead. */
        if (draw(a->skey, sizeof a->skey) != BF_OK)
            memset(a->skey, 0, sizeof a->skey); /* then none verifies */
        a->nrev = 0;
    } else {
        revoked *r = &a->rev[a->nrev++];

        for (i = 0; i < 16; i++) {
            char byte[3] = { v[17 + 2 * i], v[18 + 2 * i], 0 };

            r->id[i] = (unsigned char)strtoul(byte, NULL, 16);
        }
        r->exp = (int64_t)strtoull(v, NULL, 16);
    }
    pthread_mutex_unlock(&a->mu);
}

static const char *cookie_name(const bf__access *a)
{
    return a->behind_tls ? COOKIE_HOST : COOKIE;
}

/* set_cookie writes the Set-Cookie value for v ("" clears it). */
static void set_cookie(const bf__access *a, const char *v, bf__reply *rep)
{
    snprintf(rep->cookie, sizeof rep->cookie,
             "%s=%s; Path=/; Max-Age=%d; HttpOnly; SameSite=Strict%s",
             cookie_name(a), v, *v ? BF__SESSION_LIFETIME : 0,
             a->behind_tls ? "; Secure" : "");
}

/* ---- the rate limit ---- */

static void client_addr(struct MHD_Connection *conn, unsigned char out[16])
{
    const union MHD_ConnectionInfo *ci = bf__mhd.get_connection_info(
            conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);

    memset(out, 0, 16);
    if (!ci || !ci->client_addr)
        return;
    if (ci->client_addr->sa_family == AF_INET)
        memcpy(out,
               &((const struct sockaddr_in *)(const void *)ci->client_addr)
                        ->sin_addr,
               4);
    else if (ci->client_addr->sa_family == AF_INET6)
        memcpy(out,
               &((const struct sockaddr_in6 *)(const void *)ci->client_addr)
                        ->sin6_addr,
               16);
}

/*
 * rate_slot_of finds addr's slot, or takes one whose window has passed,
 * or else the oldest: a slot is only ever lost to an address that has
 * failed more recently.  Called under a->mu.
 */
static rate_slot *rate_slot_of(bf__access *a, const unsigned char addr[16],
                               double now)
{
    rate_slot *oldest = &a->rate[0];
    size_t i;

    for (i = 0; i < RATE_SLOTS; i++) {
        rate_slot *s = &a->rate[i];

        if (s->used && memcmp(s->addr, addr, 16) == 0) {
            if (now - s->start > BF__SIGNIN_WINDOW) {
                s->start = now;
                s->fails = 0;
            }
            return s;
        }
    }
    for (i = 0; i < RATE_SLOTS; i++) {
        rate_slot *s = &a->rate[i];

        if (!s->used || now - s->start > BF__SIGNIN_WINDOW) {
            oldest = s;
            break;
        }
        if (s->start < oldest->start)
            oldest = s;
    }
    memset(oldest, 0, sizeof *oldest);
    memcpy(oldest->addr, addr, 16);
    oldest->start = now;
    oldest->used = 1;
    return oldest;
}

/* rate_blocked: addr (or everyone) has used up its tries. */
static int rate_blocked(bf__access *a, const unsigned char addr[16])
{
    double now = bf_time_mono();
    int blocked;

    pthread_mutex_lock(&a->mu);
    if (now - a->all_start > BF__SIGNIN_WINDOW) {
        a->all_start = now;
        a->all_fails = 0;
    }
    blocked = rate_slot_of(a, addr, now)->fails >= BF__SIGNIN_TRIES ||
              a->all_fails >= BF__SIGNIN_TRIES_ALL;
    pthread_mutex_unlock(&a->mu);
    return blocked;
}

/* rate_note counts a failed sign-in, or clears addr's count on success. */
static void rate_note(bf__access *a, const unsigned char addr[16], int ok)
{
    double now = bf_time_mono();
    rate_slot *s;

    pthread_mutex_lock(&a->mu);
    s = rate_slot_of(a, addr, now);
    if (ok) {
        s->fails = 0;
    } else {
        s->fails++;
        a->all_fails++;
    }
    pthread_mutex_unlock(&a->mu);
}

/* ---- helpers for the pages ---- */

static bf_err url_enc(bf_buf *b, const char *s)
{
    static const char digits[] = "0123456789ABCDEF";
    bf_err err = BF_OK;

    for (; !err && *s; s++) {
        unsigned char c = (unsigned char)*s;

        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
            (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.' ||
            c == '~')
            err = bf_buf_putc(b, (char)c);
        else
            err = bf_buf_appendf(b, "%%%c%c", digits[c >> 4], digits[c & 15]);
    }
    return err;
}

/*
 * local_path: p is a path of this server to send a browser back to: one
 * leading '/', not "//" nor "/\" (another host to a browser), no control
 * byte, not the sign-in page itself.
 */
static int local_path(const char *p)
{
    const char *s;

    if (!p || p[0] != '/' || p[1] == '/' || p[1] == '\\' ||
        strncmp(p, "/signin", 7) == 0 || strncmp(p, "/signout", 8) == 0)
        return 0;
    for (s = p; *s; s++) {
        if ((unsigned char)*s < 0x20 || *s == 0x7f || *s == '\\')
            return 0;
    }
    return 1;
}

/* collect_query rebuilds the request's query string for "next". */
struct query_ctx {
    bf_buf *b;
    int n;
};

static enum MHD_Result collect_query(void *cls, enum MHD_ValueKind kind,
                                     const char *key, const char *value)
{
    struct query_ctx *q = cls;

    (void)kind;
    bf_buf_putc(q->b, q->n++ ? '&' : '?');
    url_enc(q->b, key);
    if (value) {
        bf_buf_putc(q->b, '=');
        url_enc(q->b, value);
    }
    return MHD_YES;
}

/* utc_time appends t as a date in words and the time of day, UTC. */
static bf_err utc_time(bf_buf *b, bf_lang lang, int64_t t)
{
    int64_t s = ((t % 86400) + 86400) % 86400;
    bf_err err = bf_msg_date(b, lang, t);

    if (!err)
        err = bf_buf_appendf(b,
                             lang == BF_LANG_FR ? " à %d\xc2\xa0h\xc2\xa0%02d "
                                                  "UTC"
                                                : ", %02d:%02d UTC",
                             (int)(s / 3600), (int)(s / 60 % 60));
    return err;
}

/* page_open writes our frame and the page's h1. */
static void page_open(bf__reply *r, bf_lang lang, const char *title,
                      const char *self)
{
    bf__html_head(&r->body, lang, title, self);
    bf_buf_puts(&r->body, "<h1>");
    bf_buf_html(&r->body, title);
    bf_buf_puts(&r->body, "</h1>\n");
}

/* message_page answers status with one sentence under a title. */
static void message_page(bf__reply *r, bf_lang lang, unsigned status,
                         const char *code, const char *title, const char *text,
                         const char *more)
{
    bf_buf_reset(&r->body);
    r->status = status;
    r->ctype = "text/html; charset=utf-8";
    page_open(r, lang, title, "/");
    bf_buf_appendf(&r->body,
                   "<p class=\"bf-error\" id=\"error\" "
                   "data-code=\"%s\">",
                   code);
    bf_buf_html(&r->body, text);
    if (more) {
        bf_buf_putc(&r->body, ' ');
        bf_buf_html(&r->body, more);
    }
    bf_buf_puts(&r->body, "</p>\n");
    bf__html_tail(&r->body);
}

/* ---- the check ---- */

int bf__access_is_form(const char *url)
{
    return strcmp(url, "/signin") == 0 || strcmp(url, "/signout") == 0 ||
           strcmp(url, "/share") == 0;
}

/* public_path: pages anyone may open, token or not. */
static int public_path(const char *url)
{
    return strcmp(url, "/signin") == 0 || strcmp(url, "/signout") == 0 ||
           strncmp(url, "/s/", 3) == 0;
}

int bf__access_check(bf_server *srv, struct MHD_Connection *conn,
                     const char *url, int api, bf_lang lang, bf__auth *au,
                     bf__reply *rep)
{
    bf__access *a = srv->access;
    const char *h, *v;

    memset(au, 0, sizeof *au);
    au->kind = BF__AUTH_OPEN;
    if (!srv->token)
        return 1;
    h = bf__mhd.lookup_connection_value(conn, MHD_HEADER_KIND, "Authorization");
    if (h || api) {
        if (h && strncasecmp(h, "Bearer ", 7) == 0 &&
            bf_serve_token_equal(h + 7, strlen(h + 7), srv->token)) {
            au->kind = BF__AUTH_BEARER;
            return 1;
        }
        bf__reply_error(rep, 1, lang, 401, "unauthorized",
                        "a valid bearer token is required");
        return 0;
    }
    v = bf__mhd.lookup_connection_value(conn, MHD_COOKIE_KIND, cookie_name(a));
    if (v && session_valid(a, v)) {
        au->kind = BF__AUTH_SESSION;
        snprintf(au->session, sizeof au->session, "%s", v);
        return 1;
    }
    if (public_path(url)) {
        au->kind = BF__AUTH_PUBLIC;
        return 1;
    }
    /* A page without a session: to the sign-in page, then back here. */
    {
        bf_buf next;
        struct query_ctx q;

        bf_buf_init(&next, 4096);
        bf_buf_puts(&next, url);
        q.b = &next;
        q.n = 0;
        bf__mhd.get_connection_values(conn, MHD_GET_ARGUMENT_KIND,
                                      collect_query, &q);
        rep->status = 303;
        snprintf(rep->location, sizeof rep->location, "/signin?lang=%s",
                 bf_lang_code(lang));
        if (next.data && next.len < 1024) {
            bf_buf loc;

            bf_buf_init(&loc, 4096);
            bf_buf_appendf(&loc, "/signin?lang=%s&next=", bf_lang_code(lang));
            url_enc(&loc, next.data);
            if (loc.data && loc.len < sizeof rep->location)
                snprintf(rep->location, sizeof rep->location, "%s", loc.data);
            bf_buf_release(&loc);
        }
        bf_buf_release(&next);
    }
    return 0;
}

/* ---- the forms ---- */

enum MHD_Result bf__access_field(void *cls, enum MHD_ValueKind kind,
                                 const char *key, const char *filename,
                                 const char *content_type,
                                 const char *transfer_encoding,
                                 const char *data, uint64_t off, size_t size)
{
    bf__form *f = cls;
    char *dst = NULL;
    size_t cap = 0, have;

    (void)kind;
    (void)filename;
    (void)content_type;
    (void)transfer_encoding;
    (void)off;
    if (strcmp(key, "token") == 0) {
        dst = f->token;
        cap = sizeof f->token;
    } else if (strcmp(key, "csrf") == 0) {
        dst = f->csrf;
        cap = sizeof f->csrf;
    } else if (strcmp(key, "next") == 0) {
        dst = f->next;
        cap = sizeof f->next;
    } else if (strcmp(key, "a") == 0) {
        dst = f->account;
        cap = sizeof f->account;
    } else if (strcmp(key, "ttl") == 0) {
        dst = f->ttl;
        cap = sizeof f->ttl;
    } else {
        return MHD_YES; /* a field of no use here (the button) */
    }
    have = strlen(dst);
    if (have + size >= cap) {
        f->bad = 1;
        return MHD_NO;
    }
    memcpy(dst + have, data, size);
    dst[have + size] = '\0';
    return MHD_YES;
}

/* signin_form writes the sign-in page, with an error sentence or none. */
static void signin_form(bf_server *srv, bf__reply *r, bf_lang lang,
                        const char *next, int note, unsigned status)
{
    char tok[BF__CSRF_LEN + 1];
    const char *code = bf_lang_code(lang);

    bf_buf_reset(&r->body);
    r->status = status;
    r->ctype = "text/html; charset=utf-8";
    page_open(r, lang, m(lang, M_SIGNIN), "/signin");
    if (!srv->token) {
        bf_buf_appendf(&r->body,
                       "<p id=\"signin-none\">%s</p>\n"
                       "<p><a href=\"/?lang=%s\">%s</a></p>\n",
                       m(lang, M_NOT_NEEDED), code, m(lang, M_HOME));
        bf__html_tail(&r->body);
        return;
    }
    if (note >= 0)
        bf_buf_appendf(&r->body,
                       "<p id=\"signin-note\" class=\"%s\" role=\"%s\">%s"
                       "</p>\n",
                       note == M_SIGNED_OUT ? "bf-note" : "bf-error",
                       note == M_SIGNED_OUT ? "status" : "alert",
                       m(lang, note));
    bf__csrf_make(srv, time(NULL), tok);
    bf_buf_appendf(&r->body,
                   "<p>%s</p>\n<form id=\"signin-form\" method=\"post\" "
                   "action=\"/signin?lang=%s\">\n"
                   "<input type=\"hidden\" name=\"csrf\" value=\"%s\">\n"
                   "<input type=\"hidden\" name=\"next\" value=\"",
                   m(lang, M_SIGNIN_HINT), code, tok);
    bf_buf_html(&r->body, next && local_path(next) ? next : "");
    bf_buf_appendf(&r->body,
                   "\">\n<p><label for=\"signin-token\">%s</label><br>"
                   "<input id=\"signin-token\" type=\"password\" "
                   "name=\"token\" autocomplete=\"current-password\" "
                   "required maxlength=\"%d\" size=\"30\"></p>\n"
                   "<p><button id=\"signin-btn\" type=\"submit\">%s</button>"
                   "</p>\n</form>\n",
                   m(lang, M_TOKEN), BF_SERVE_TOKEN_MAX, m(lang, M_SIGNIN));
    bf__html_tail(&r->body);
}

static void signin_post(bf_server *srv, struct MHD_Connection *conn,
                        bf_lang lang, const bf__form *f, bf__reply *r)
{
    bf__access *a = srv->access;
    unsigned char addr[16];
    char value[BF__SESSION_LEN + 1];
    int ok;

    if (!srv->token) {
        signin_form(srv, r, lang, NULL, -1, 200);
        return;
    }
    if (!bf__csrf_check(srv, f->csrf, time(NULL))) {
        signin_form(srv, r, lang, f->next, M_BAD_CSRF, 403);
        return;
    }
    client_addr(conn, addr);
    if (rate_blocked(a, addr)) {
        signin_form(srv, r, lang, f->next, M_LIMIT, 429);
        return;
    }
    ok = bf_serve_token_equal(f->token, strlen(f->token), srv->token);
    rate_note(a, addr, ok);
    if (!ok) {
        signin_form(srv, r, lang, f->next, M_WRONG, 401);
        return;
    }
    if (session_new(a, value) != BF_OK) {
        bf__reply_error(r, 0, lang, 500, "internal", "no session");
        return;
    }
    set_cookie(a, value, r);
    r->status = 303;
    if (local_path(f->next) && strlen(f->next) < sizeof r->location)
        snprintf(r->location, sizeof r->location, "%s", f->next);
    else
        snprintf(r->location, sizeof r->location, "/?lang=%s",
                 bf_lang_code(lang));
}

static void signout_form(bf_server *srv, bf__reply *r, bf_lang lang,
                         const bf__auth *au)
{
    char tok[BF__CSRF_LEN + 1];

    if (au->kind != BF__AUTH_SESSION) {
        r->status = 303;
        snprintf(r->location, sizeof r->location, "/signin?lang=%s",
                 bf_lang_code(lang));
        return;
    }
    bf__csrf_make(srv, time(NULL), tok);
    page_open(r, lang, m(lang, M_SIGNOUT), "/signout");
    bf_buf_appendf(&r->body,
                   "<p>%s</p>\n<form id=\"signout-form\" method=\"post\" "
                   "action=\"/signout?lang=%s\">\n"
                   "<input type=\"hidden\" name=\"csrf\" value=\"%s\">\n"
                   "<p><button id=\"signout-btn\" type=\"submit\">%s</button>"
                   "</p>\n</form>\n",
                   m(lang, M_SIGNOUT_HINT), bf_lang_code(lang), tok,
                   m(lang, M_SIGNOUT));
    bf__html_tail(&r->body);
}

static void signout_post(bf_server *srv, bf_lang lang, const bf__auth *au,
                         const bf__form *f, bf__reply *r)
{
    if (!bf__csrf_check(srv, f->csrf, time(NULL))) {
        message_page(r, lang, 403, "bad_csrf", m(lang, M_SIGNOUT),
                     m(lang, M_BAD_CSRF), NULL);
        return;
    }
    if (au->kind == BF__AUTH_SESSION)
        session_revoke(srv->access, au->session);
    set_cookie(srv->access, "", r);
    r->status = 303;
    snprintf(r->location, sizeof r->location, "/signin?lang=%s&out=1",
             bf_lang_code(lang));
}

/* ---- share links ---- */

/* account_label writes "platform:handle" of id into b. */
static bf_err account_label(bf_server *srv, const char *spec, uint32_t *id,
                            bf_buf *b)
{
    bf__handle *h = bf__handle_get(srv);
    bf_account_row row;
    bf_err err = bf_store_resolve(h->st, spec, id);

    if (!err)
        err = bf_store_account(h->st, *id, &row);
    bf__handle_put(srv, h);
    if (err)
        return err;
    err = bf_buf_appendf(b, "%s:%s", row.a.platform ? row.a.platform : "",
                         row.a.handle ? row.a.handle : row.a.native_id);
    bf_account_row_release(&row);
    return err;
}

static void share_form(bf_server *srv, const bf__req *rq, bf__reply *r)
{
    static const int ttls[4] = { 1, 24, 168, 720 };
    static const int labels[4] = { M_TTL_1, M_TTL_24, M_TTL_168, M_TTL_720 };
    char tok[BF__CSRF_LEN + 1];
    bf_buf who;
    uint32_t id;
    bf_err err;
    int i;

    if (!srv->token) {
        message_page(r, rq->lang, 404, "no_share", m(rq->lang, M_SHARE_TITLE),
                     m(rq->lang, M_NEEDS_TOKEN), NULL);
        return;
    }
    if (rq->na != 1) {
        bf__reply_error(r, 0, rq->lang, 400, "missing_account",
                        "name one account with a=platform:handle");
        return;
    }
    bf_buf_init(&who, 4096);
    err = account_label(srv, rq->a[0], &id, &who);
    if (err) {
        bf_buf_release(&who);
        bf__reply_error(r, 0, rq->lang, err == BF_ENOTFOUND ? 404 : 500,
                        err == BF_ENOTFOUND ? "not_found" : "internal",
                        "no such account in the store");
        return;
    }
    bf__csrf_make(srv, time(NULL), tok);
    page_open(r, rq->lang, m(rq->lang, M_SHARE_TITLE), "/");
    bf_buf_puts(&r->body, "<p id=\"share-account\"><strong>");
    bf_buf_html(&r->body, who.data);
    bf_buf_appendf(&r->body,
                   "</strong></p>\n<p>%s</p>\n<form id=\"share-form\" "
                   "method=\"post\" action=\"/share?lang=%s\">\n"
                   "<input type=\"hidden\" name=\"csrf\" value=\"%s\">\n"
                   "<input type=\"hidden\" name=\"a\" value=\"",
                   m(rq->lang, M_SHARE_HINT), bf_lang_code(rq->lang), tok);
    bf_buf_html(&r->body, who.data);
    bf_buf_appendf(&r->body,
                   "\">\n<p><label for=\"share-ttl\">%s</label> "
                   "<select id=\"share-ttl\" name=\"ttl\">",
                   m(rq->lang, M_TTL));
    for (i = 0; i < 4; i++)
        bf_buf_appendf(&r->body, "<option value=\"%d\"%s>%s</option>", ttls[i],
                       i == 1 ? " selected" : "", m(rq->lang, labels[i]));
    bf_buf_appendf(&r->body,
                   "</select></p>\n<p><button id=\"share-btn\" "
                   "type=\"submit\">%s</button></p>\n</form>\n",
                   m(rq->lang, M_SHARE_BUTTON));
    bf__html_tail(&r->body);
    bf_buf_release(&who);
}

static void share_post(bf_server *srv, struct MHD_Connection *conn,
                       bf_lang lang, const bf__auth *au, const bf__form *f,
                       bf__reply *r)
{
    const char *host =
            bf__mhd.lookup_connection_value(conn, MHD_HEADER_KIND, "Host");
    char tok[BF__SHARE_LEN + 1], *end;
    unsigned long hours;
    int64_t exp;
    bf_buf who, url;
    uint32_t id;
    bf_err err;

    /* Only a signed-in reader (or a program with the token) shares. */
    if (!srv->token ||
        (au->kind != BF__AUTH_SESSION && au->kind != BF__AUTH_BEARER)) {
        bf__reply_error(r, 0, lang, 403, "forbidden", "sign in first");
        return;
    }
    if (!bf__csrf_check(srv, f->csrf, time(NULL))) {
        message_page(r, lang, 403, "bad_csrf", m(lang, M_SHARE_TITLE),
                     m(lang, M_BAD_CSRF), NULL);
        return;
    }
    errno = 0;
    hours = strtoul(f->ttl, &end, 10);
    if (!f->ttl[0] || *end || errno || hours < 1 ||
        hours > BF__SHARE_MAX_HOURS) {
        bf__reply_error(r, 0, lang, 400, "bad_ttl",
                        "ttl takes hours from 1 to 720");
        return;
    }
    bf_buf_init(&who, 4096);
    bf_buf_init(&url, 4096);
    err = account_label(srv, f->account, &id, &who);
    if (err) {
        bf__reply_error(r, 0, lang, err == BF_ENOTFOUND ? 404 : 500,
                        err == BF_ENOTFOUND ? "not_found" : "internal",
                        "no such account in the store");
        goto out;
    }
    exp = bf_time_now() + (int64_t)hours * 3600;
    bf__share_make(srv->access->lkey, id, exp, tok);
    /* The Host header was checked against the server's names. */
    bf_buf_appendf(&url, "%s://%s/s/%s?lang=%s",
                   srv->access->behind_tls ? "https" : "http",
                   host ? host : "localhost", tok, bf_lang_code(lang));
    page_open(r, lang, m(lang, M_SHARE_TITLE), "/");
    bf_buf_puts(&r->body, "<p id=\"share-account\"><strong>");
    bf_buf_html(&r->body, who.data);
    bf_buf_appendf(&r->body,
                   "</strong></p>\n<p id=\"share-expiry\" "
                   "data-expires=\"%lld\">%s ",
                   (long long)exp, m(lang, M_SHARE_MADE));
    utc_time(&r->body, lang, exp);
    bf_buf_appendf(&r->body,
                   ".</p>\n<p><label for=\"share-url\">%s</label><br>"
                   "<input id=\"share-url\" type=\"text\" readonly "
                   "size=\"40\" value=\"",
                   m(lang, M_LINK));
    bf_buf_html(&r->body, url.data);
    bf_buf_puts(&r->body, "\"></p>\n<p><a id=\"share-link\" href=\"");
    bf_buf_html(&r->body, url.data);
    bf_buf_puts(&r->body, "\">");
    bf_buf_html(&r->body, url.data);
    bf_buf_puts(&r->body, "</a></p>\n");
    bf__html_tail(&r->body);
out:
    bf_buf_release(&who);
    bf_buf_release(&url);
}

/*
 * shared_report answers /s/TOKEN: the one report, rendered like the
 * audit page but with a banner instead of the navigation bar.
 */
static void shared_report(bf_server *srv, const bf__req *rq, const char *tok,
                          bf__reply *r)
{
    bf_report rep;
    const bf_report *ptr = &rep;
    bf__handle *h;
    bf_buf page;
    uint32_t id = 0;
    int64_t exp = 0;
    int ok = srv->token ? bf__share_check(srv->access->lkey, tok, bf_time_now(),
                                          &id, &exp)
                        : 0;
    const char *body;
    bf_err err;

    if (ok == 0) {
        message_page(r, rq->lang, 403, "bad_share", m(rq->lang, M_SHARE),
                     m(rq->lang, M_FORGED), NULL);
        return;
    }
    if (ok < 0) {
        bf_buf when;

        bf_buf_init(&when, 1024);
        bf_buf_appendf(&when, "%s ", m(rq->lang, M_EXPIRED));
        utc_time(&when, rq->lang, exp);
        bf_buf_putc(&when, '.');
        message_page(r, rq->lang, 410, "expired_share", m(rq->lang, M_SHARE),
                     when.data ? when.data : "", m(rq->lang, M_EXPIRED_ASK));
        bf_buf_release(&when);
        return;
    }
    bf_buf_init(&page, BF__REPLY_LIMIT);
    bf_report_init(&rep);
    h = bf__handle_get(srv);
    pthread_rwlock_rdlock(&srv->graph_rw);
    err = bf_audit_build(h->st, id, NULL, &rep);
    pthread_rwlock_unlock(&srv->graph_rw);
    bf__handle_put(srv, h);
    if (!err)
        err = bf_report_html(&ptr, 1, rq->lang, &page);
    bf_report_release(&rep);
    if (err) {
        bf_buf_release(&page);
        bf__reply_error(r, 0, rq->lang, err == BF_ENOTFOUND ? 404 : 500,
                        err == BF_ENOTFOUND ? "not_found" : "internal",
                        bf_strerror(err));
        return;
    }
    body = strstr(page.data, "<body>\n");
    if (!body) {
        bf_buf_append(&r->body, page.data, page.len);
    } else {
        size_t cut = (size_t)(body - page.data) + 7;

        bf_buf_append(&r->body, page.data, cut);
        bf_buf_appendf(&r->body,
                       "<p class=\"bf-shared\" id=\"shared\" role=\"note\" "
                       "data-expires=\"%lld\">%s ",
                       (long long)exp, m(rq->lang, M_SHARED));
        utc_time(&r->body, rq->lang, exp);
        bf_buf_puts(&r->body, ".</p>\n");
        bf_buf_append(&r->body, page.data + cut, page.len - cut);
    }
    bf_buf_release(&page);
}

/* ---- dispatch ---- */

void bf__access_post(bf_server *srv, struct MHD_Connection *conn,
                     const char *url, bf_lang lang, const bf__auth *au,
                     const bf__form *f, bf__reply *rep)
{
    if (f->bad)
        bf__reply_error(rep, 0, lang, 413, "too_large",
                        "a field of the form is too long");
    else if (strcmp(url, "/signin") == 0)
        signin_post(srv, conn, lang, f, rep);
    else if (strcmp(url, "/signout") == 0)
        signout_post(srv, lang, au, f, rep);
    else
        share_post(srv, conn, lang, au, f, rep);
}

int bf__access_page(bf_server *srv, struct MHD_Connection *conn,
                    const bf__req *rq, const bf__auth *au, bf__reply *rep)
{
    const char *p = rq->path;

    if (strcmp(p, "/signin") == 0) {
        const char *next = bf__mhd.lookup_connection_value(
                conn, MHD_GET_ARGUMENT_KIND, "next");
        const char *out = bf__mhd.lookup_connection_value(
                conn, MHD_GET_ARGUMENT_KIND, "out");

        /* Already signed in: straight on. */
        if (au->kind == BF__AUTH_SESSION && local_path(next) &&
            strlen(next) < sizeof rep->location) {
            rep->status = 303;
            snprintf(rep->location, sizeof rep->location, "%s", next);
            return 1;
        }
        signin_form(srv, rep, rq->lang, next, out ? M_SIGNED_OUT : -1, 200);
        return 1;
    }
    if (strcmp(p, "/signout") == 0) {
        signout_form(srv, rep, rq->lang, au);
        return 1;
    }
    if (strcmp(p, "/share") == 0) {
        share_form(srv, rq, rep);
        return 1;
    }
    if (strncmp(p, "/s/", 3) == 0) {
        shared_report(srv, rq, p + 3, rep);
        return 1;
    }
    return 0;
}

void bf__access_decorate(const bf_server *srv, const bf__req *rq,
                         const bf__auth *au, bf__reply *rep)
{
    const char *nav, *code = bf_lang_code(rq->lang);
    bf_buf links, out;
    size_t cut;

    if (!srv->token || rep->status != 200 ||
        strncmp(rep->ctype, "text/html", 9) != 0 || !rep->body.data ||
        (au->kind != BF__AUTH_SESSION && au->kind != BF__AUTH_BEARER))
        return;
    nav = strstr(rep->body.data, "</nav>");
    if (!nav)
        return;
    bf_buf_init(&links, 8192);
    if (strcmp(rq->path, "/audit") == 0 && rq->na == 1) {
        bf_buf_puts(&links, "<a id=\"nav-share\" href=\"/share?a=");
        url_enc(&links, rq->a[0]);
        bf_buf_appendf(&links, "&amp;lang=%s\">%s</a>", code,
                       m(rq->lang, M_SHARE));
    }
    if (au->kind == BF__AUTH_SESSION)
        bf_buf_appendf(&links,
                       "<a id=\"nav-signout\" href=\"/signout?lang=%s\">%s"
                       "</a>",
                       code, m(rq->lang, M_SIGNOUT));
    if (!links.data) {
        bf_buf_release(&links);
        return;
    }
    cut = (size_t)(nav - rep->body.data);
    bf_buf_init(&out, BF__REPLY_LIMIT);
    if (bf_buf_append(&out, rep->body.data, cut) == BF_OK &&
        bf_buf_append(&out, links.data, links.len) == BF_OK &&
        bf_buf_append(&out, rep->body.data + cut, rep->body.len - cut) ==
                BF_OK) {
        bf_buf tmp = rep->body;

        rep->body = out;
        out = tmp;
    }
    bf_buf_release(&out);
    bf_buf_release(&links);
}
