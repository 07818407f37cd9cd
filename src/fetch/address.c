/*
 * address.c - reading a pasted profile address as an account.
 *
 * The address is taken apart by hand, not by a URL library, because only
 * a few shapes are wanted and everything else must be refused: the input
 * is first checked byte by byte (printable ASCII only), then split into
 * scheme, host, path and query.  The host picks the platform (a table of
 * the platforms' own hosts; any other host with a "/@user" path is a
 * Mastodon-compatible server), and the path's segments, percent-decoded
 * once, give the handle.  Each handle is then checked against the
 * characters its platform allows, and the fetchable ones once more by
 * bf_fetch_spec_parse, the parser bonafide fetch uses, so an address
 * never yields a name fetch would refuse.
 *
 * A live collection makes the server contact the host of a Mastodon
 * address, so hosts are held to DNS names with a dot and no port: an IP
 * address, "localhost" or "host:8080" could point the server at the
 * machine's own or its network's services.
 */
#include "fetch/address.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "fetch/fetch.h"

/* Path segments kept; an address with more is read from its first ones. */
#define MAX_SEGS 6

/* A parsed URL: host (lower case, without www.), segments, query. */
typedef struct url {
    char host[254];
    char path[BF_ADDR_MAX + 1]; /* decoded segments, NUL-separated */
    const char *seg[MAX_SEGS];
    int nseg;
    char query[BF_ADDR_MAX + 1];
} url;

/* handle_ok: s is 1 to max of letters, digits and the bytes of extra. */
static int handle_ok(const char *s, size_t max, const char *extra)
{
    size_t n = strlen(s), i;

    if (n == 0 || n > max)
        return 0;
    for (i = 0; i < n; i++)
        if (!isalnum((unsigned char)s[i]) && !strchr(extra, s[i]))
            return 0;
    return 1;
}

/*
 * host_ok: a DNS name with at least one dot, made of letters, digits,
 * '-' and '.', not all digits and dots (an IPv4 address), labels not
 * empty.  No port, no brackets (IPv6), no "localhost".
 */
static int host_ok(const char *h)
{
    size_t n = strlen(h), i;
    int alpha = 0;

    if (n < 3 || n > 253 || h[0] == '.' || h[n - 1] == '.' || !strchr(h, '.'))
        return 0;
    for (i = 0; i < n; i++) {
        unsigned char c = (unsigned char)h[i];

        if (!isalnum(c) && c != '-' && c != '.')
            return 0;
        if (c == '.' && h[i + 1] == '.')
            return 0;
        alpha |= isalpha(c) != 0;
    }
    return alpha;
}

static int hexval(int c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    c = tolower(c);
    return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

/*
 * split_url reads "host/path?query#frag" (the scheme already removed)
 * into u.  The path is percent-decoded once; a decoded byte outside
 * printable ASCII, or a decoded '/', refuses the address.
 */
static int split_url(const char *s, url *u)
{
    size_t hn = strcspn(s, "/?#"), i, o = 0;
    const char *p = s + hn, *q;
    char *start;

    memset(u, 0, sizeof *u);
    if (hn == 0 || hn >= sizeof u->host)
        return 0;
    for (i = 0; i < hn; i++)
        u->host[i] = (char)tolower((unsigned char)s[i]);
    u->host[hn] = '\0';
    /* "user:password@host" and "host:port" are refused here. */
    if (strchr(u->host, '@') || strchr(u->host, ':'))
        return 0;
    if (strncmp(u->host, "www.", 4) == 0 || strncmp(u->host, "m.", 2) == 0 ||
        strncmp(u->host, "mobile.", 7) == 0) {
        size_t skip = u->host[0] == 'w' ? 4 : u->host[1] == '.' ? 2 : 7;

        memmove(u->host, u->host + skip, strlen(u->host + skip) + 1);
    }
    if (!host_ok(u->host))
        return 0;
    /* The path, decoded, as NUL-separated segments. */
    start = u->path;
    for (; *p && *p != '?' && *p != '#'; p++) {
        int c = (unsigned char)*p;

        if (c == '%') {
            int hi = hexval((unsigned char)p[1]), lo;

            if (hi < 0 || (lo = hexval((unsigned char)p[2])) < 0)
                return 0;
            c = hi * 16 + lo;
            if (c < 0x21 || c >= 0x7f || c == '/')
                return 0;
            p += 2;
        } else if (c == '/') {
            if (o > (size_t)(start - u->path) && u->nseg < MAX_SEGS) {
                u->path[o++] = '\0';
                u->seg[u->nseg++] = start;
            }
            start = u->path + o;
            continue;
        }
        if (o + 2 >= sizeof u->path)
            return 0;
        u->path[o++] = (char)c;
    }
    if (o > (size_t)(start - u->path) && u->nseg < MAX_SEGS) {
        u->path[o++] = '\0';
        u->seg[u->nseg++] = start;
    }
    if (*p == '?') {
        q = p + 1;
        snprintf(u->query, sizeof u->query, "%.*s", (int)strcspn(q, "#"), q);
    }
    return 1;
}

/* query_id finds "id=DIGITS" in a query string into out (cap bytes). */
static int query_id(const char *q, char *out, size_t cap)
{
    while (*q) {
        size_t n = strcspn(q, "&");

        if (strncmp(q, "id=", 3) == 0 && n > 3 && n - 3 < cap &&
            strspn(q + 3, "0123456789") == n - 3) {
            memcpy(out, q + 3, n - 3);
            out[n - 3] = '\0';
            return 1;
        }
        q += n + (q[n] == '&');
    }
    return 0;
}

/* in_list: s is one of the words of list (NULL-terminated), any case. */
static int in_list(const char *s, const char *const *list)
{
    for (; *list; list++)
        if (strcasecmp(s, *list) == 0)
            return 1;
    return 0;
}

/*
 * finish fills the specs and the fetch name from platform and handle
 * (host for Mastodon), checking the handle; 0 when it is not valid.
 * native says the handle is a native id (a DID, a channel id, a numeric
 * Facebook id), looked up as "platform:#id".
 */
static int finish(bf_addr *a, const char *platform, const char *handle,
                  const char *host, int native)
{
    bf_fetch_spec fs;
    const char *fetch_prefix = NULL;

    if (!handle_ok(handle, 253, "._-:@") || strchr(handle, '@'))
        return 0;
    snprintf(a->platform, sizeof a->platform, "%s", platform);
    snprintf(a->handle, sizeof a->handle, "%s", handle);
    snprintf(a->host, sizeof a->host, "%s", host ? host : "");
    if (strcmp(platform, "mastodon") == 0) {
        if (!host || !host_ok(host) || strchr(handle, ':'))
            return 0;
        snprintf(a->specs[0], sizeof a->specs[0], "mastodon:#%s@%s", handle,
                 host);
        snprintf(a->specs[1], sizeof a->specs[1], "mastodon:%s@%s", handle,
                 host);
        a->nspecs = 2;
        snprintf(a->fetch, sizeof a->fetch, "mastodon:@%s@%s", handle, host);
    } else {
        snprintf(a->specs[0], sizeof a->specs[0], "%s:%s%s", platform,
                 native ? "#" : "", handle);
        a->nspecs = 1;
        if (strcmp(platform, "bluesky") == 0)
            fetch_prefix = "bsky:";
        else if (strcmp(platform, "twitter") == 0)
            fetch_prefix = "x:";
        else if (strcmp(platform, "instagram") == 0)
            fetch_prefix = "instagram:";
        else if (strcmp(platform, "facebook") == 0)
            fetch_prefix = "facebook:";
        else if (strcmp(platform, "youtube") == 0)
            fetch_prefix = native ? "youtube:" : "youtube:@";
        if (fetch_prefix)
            snprintf(a->fetch, sizeof a->fetch, "%s%s", fetch_prefix, handle);
    }
    /* A fetchable platform's handle must be one fetch takes. */
    if (a->fetch[0] && bf_fetch_spec_parse(a->fetch, &fs) != BF_OK)
        return 0;
    return 1;
}

/* The hosts of the platforms read here, without "www." or "m.". */
static const char *const x_hosts[] = { "x.com", "twitter.com", NULL };
static const char *const fb_hosts[] = { "facebook.com", "fb.com", NULL };

/* Paths of a platform's own pages, never a user. */
static const char *const x_reserved[] = {
    "home",          "i",        "search", "explore", "settings",
    "notifications", "messages", "intent", "share",   "hashtag",
    "login",         "signup",   "tos",    "privacy", NULL
};
static const char *const ig_reserved[] = { "p",       "reel",     "reels",
                                           "explore", "accounts", "direct",
                                           "tv",      "stories",  "about",
                                           NULL };
static const char *const fb_reserved[] = {
    "groups",     "events",    "watch",       "share",  "sharer",
    "sharer.php", "login",     "marketplace", "gaming", "photo",
    "photo.php",  "story.php", "hashtag",     NULL
};

/* from_url reads the URL s (scheme removed) into a. */
static int from_url(const char *s, bf_addr *a)
{
    url u;
    const char *h, *s0, *s1;
    char id[32];

    if (!split_url(s, &u))
        return 0;
    h = u.host;
    s0 = u.nseg > 0 ? u.seg[0] : "";
    s1 = u.nseg > 1 ? u.seg[1] : "";
    if (strcmp(h, "bsky.app") == 0) {
        if (strcmp(s0, "profile") != 0 || !*s1)
            return 0;
        return finish(a, "bluesky", s1, NULL, strncmp(s1, "did:", 4) == 0);
    }
    if (in_list(h, x_hosts)) {
        if (u.nseg < 1 || in_list(s0, x_reserved))
            return 0;
        return finish(a, "twitter", s0[0] == '@' ? s0 + 1 : s0, NULL, 0);
    }
    if (strcmp(h, "instagram.com") == 0) {
        if (u.nseg < 1 || in_list(s0, ig_reserved))
            return 0;
        return finish(a, "instagram", s0[0] == '@' ? s0 + 1 : s0, NULL, 0);
    }
    if (in_list(h, fb_hosts)) {
        if (strcasecmp(s0, "profile.php") == 0)
            return query_id(u.query, id, sizeof id) &&
                   finish(a, "facebook", id, NULL, 1);
        /* facebook.com/people/Name/ID and /pages/Name/ID name an id. */
        if ((strcmp(s0, "people") == 0 || strcmp(s0, "pages") == 0) &&
            u.nseg > 2 && strspn(u.seg[2], "0123456789") == strlen(u.seg[2]))
            return finish(a, "facebook", u.seg[2], NULL, 1);
        if (u.nseg < 1 || in_list(s0, fb_reserved))
            return 0;
        return finish(a, "facebook", s0, NULL, 0);
    }
    if (strcmp(h, "tiktok.com") == 0) {
        if (s0[0] != '@')
            return 0;
        return finish(a, "tiktok", s0 + 1, NULL, 0);
    }
    if (strcmp(h, "linkedin.com") == 0) {
        if ((strcmp(s0, "in") != 0 && strcmp(s0, "company") != 0) || !*s1)
            return 0;
        return finish(a, "linkedin", s1, NULL, 0);
    }
    if (strcmp(h, "youtube.com") == 0) {
        if (s0[0] == '@')
            return finish(a, "youtube", s0 + 1, NULL, 0);
        if (strcmp(s0, "channel") == 0 && *s1)
            return finish(a, "youtube", s1, NULL, 1);
        return 0;
    }
    /* Any other host: a Mastodon-compatible server, which writes its
     * profiles as /@user (or /@user@home for a remote account) and its
     * actors as /users/user. */
    if (s0[0] == '@') {
        const char *at = strchr(s0 + 1, '@');
        char user[254];

        if (!at)
            return finish(a, "mastodon", s0 + 1, h, 0);
        if ((size_t)(at - s0 - 1) >= sizeof user)
            return 0;
        snprintf(user, sizeof user, "%.*s", (int)(at - s0 - 1), s0 + 1);
        return finish(a, "mastodon", user, at + 1, 0);
    }
    if (strcmp(s0, "users") == 0 && *s1)
        return finish(a, "mastodon", s1, h, 0);
    return 0;
}

/*
 * Schemes that are never a profile, refused even in the "platform:handle"
 * form, where "javascript:x" would otherwise read as platform
 * "javascript".
 */
static const char *const bad_schemes[] = {
    "javascript", "data",   "vbscript",    "file",   "about", "blob",
    "mailto",     "tel",    "ftp",         "ws",     "wss",   "http",
    "https",      "chrome", "view-source", "intent", NULL
};

/* from_spec reads "platform:handle" into a. */
static int from_spec(const char *s, bf_addr *a)
{
    const char *colon = strchr(s, ':'), *rest;
    char plat[33];
    size_t n = (size_t)(colon - s), i;
    bf_fetch_spec fs;

    if (n == 0 || n >= sizeof plat)
        return 0;
    for (i = 0; i < n; i++)
        plat[i] = (char)tolower((unsigned char)s[i]);
    plat[n] = '\0';
    if (!handle_ok(plat, 32, "_-") || in_list(plat, bad_schemes))
        return 0;
    rest = colon + 1;
    /* The names bonafide fetch takes are read by its own parser. */
    if (bf_fetch_spec_parse(s, &fs) == BF_OK) {
        const char *p = bf_fetch_platform_name(fs.platform);

        if (fs.platform == BF_FETCH_MASTODON)
            return finish(a, p, fs.user, fs.host, 0);
        if (fs.platform == BF_FETCH_YOUTUBE)
            return fs.user[0] == '@' ? finish(a, p, fs.user + 1, NULL, 0)
                                     : finish(a, p, fs.user, NULL, 1);
        return finish(a, p, fs.user, NULL, strncmp(fs.user, "did:", 4) == 0);
    }
    /* bsky, mastodon, x, ... that fetch refused are not valid names. */
    if (in_list(plat, (const char *const[]){ "bsky", "bluesky", "mastodon", "x",
                                             "twitter", "youtube", "instagram",
                                             "ig", "facebook", "fb", NULL }))
        return 0;
    while (*rest == '@')
        rest++;
    return finish(a, plat, rest, NULL, 0);
}

bf_err bf_addr_parse(const char *s, bf_addr *out)
{
    char buf[BF_ADDR_MAX + 1];
    size_t n, i;
    const char *p;
    int ok = 0;

    memset(out, 0, sizeof *out);
    if (!s)
        return BF_EINVAL;
    while (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r')
        s++;
    n = strlen(s);
    while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\n' ||
                     s[n - 1] == '\r'))
        n--;
    if (n == 0 || n > BF_ADDR_MAX)
        return BF_EINVAL;
    /* Printable ASCII only: no control byte, no space inside, no
     * look-alike letters from other scripts. */
    for (i = 0; i < n; i++)
        if ((unsigned char)s[i] <= 0x20 || (unsigned char)s[i] >= 0x7f)
            return BF_EINVAL;
    memcpy(buf, s, n);
    buf[n] = '\0';
    if (strncasecmp(buf, "https://", 8) == 0)
        ok = from_url(buf + 8, out);
    else if (strncasecmp(buf, "http://", 7) == 0)
        ok = from_url(buf + 7, out);
    else if (strstr(buf, "://") || strncmp(buf, "//", 2) == 0)
        ok = 0; /* another scheme, or a scheme-relative address */
    else if (buf[0] == '@' && (p = strchr(buf + 1, '@')) != NULL) {
        /* @user@host, the fediverse's own way of naming an account. */
        char user[254];

        if ((size_t)(p - buf - 1) < sizeof user) {
            snprintf(user, sizeof user, "%.*s", (int)(p - buf - 1), buf + 1);
            ok = finish(out, "mastodon", user, p + 1, 0);
        }
    } else if ((p = strchr(buf, ':')) != NULL && !memchr(buf, '/', p - buf))
        ok = from_spec(buf, out);
    else if (strchr(buf, '/'))
        ok = from_url(buf, out); /* "bsky.app/profile/..." without scheme */
    if (!ok) {
        memset(out, 0, sizeof *out);
        return BF_EINVAL;
    }
    return BF_OK;
}

int bf_addr_is_address(const char *s)
{
    static const char *const hosts[] = {
        "bsky.app/",     "x.com/",          "twitter.com/",  "instagram.com/",
        "facebook.com/", "tiktok.com/",     "linkedin.com/", "youtube.com/",
        "www.",          "m.facebook.com/", "fb.com/",       NULL
    };
    size_t i;

    if (!s)
        return 0;
    if (strncasecmp(s, "https://", 8) == 0 || strncasecmp(s, "http://", 7) == 0)
        return 1;
    if (s[0] == '@' && strchr(s + 1, '@'))
        return 1;
    for (i = 0; hosts[i]; i++)
        if (strncasecmp(s, hosts[i], strlen(hosts[i])) == 0)
            return 1;
    return 0;
}
