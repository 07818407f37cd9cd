/*
 * fetch_util.c - the pure parts of live collection: account names, URL
 * escaping, Link and rate-limit headers, backoff delays and sampling.
 *
 * Nothing here touches the network, the clock or the store: every input,
 * "now" and the random numbers included, comes in as an argument, so the
 * unit tests can check each rule exactly.  Header values are read the way
 * the platforms write them, which differ: Bluesky sends the IETF draft's
 * RateLimit-Remaining / RateLimit-Reset (reset as epoch seconds), Mastodon
 * X-RateLimit-Reset as an ISO 8601 time, X x-rate-limit-reset as epoch
 * seconds, and any of them may send Retry-After (seconds or an HTTP date).
 */
#include "fetch/fetch.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "base/hash.h"
#include "base/time.h"

/* ---- Account names ---- */

/* copy_name copies s[0..n) into dst when it fits and is not empty. */
static int copy_name(char dst[BF_FETCH_NAME_MAX + 1], const char *s, size_t n)
{
    if (n == 0 || n > BF_FETCH_NAME_MAX)
        return 0;
    memcpy(dst, s, n);
    dst[n] = '\0';
    return 1;
}

/* name_chars is 1 when s[0..n) uses only the characters of a domain name
 * or a DID (letters, digits, . - _ :), the ones a handle may hold. */
static int name_chars(const char *s, size_t n)
{
    size_t i;

    for (i = 0; i < n; i++)
        if (!isalnum((unsigned char)s[i]) && !strchr(".-_:", s[i]))
            return 0;
    return n > 0;
}

/* strip_prefix returns the rest of s after "name:" when s starts so. */
static const char *strip_prefix(const char *s, const char *name)
{
    size_t n = strlen(name);

    return strncasecmp(s, name, n) == 0 && s[n] == ':' ? s + n + 1 : NULL;
}

bf_err bf_fetch_spec_parse(const char *s, bf_fetch_spec *out)
{
    bf_fetch_spec sp;
    const char *rest, *at;
    size_t n;

    if (!s)
        return BF_EINVAL;
    /* Names are checked strictly here because they end up in URLs and
     * in state keys: only the characters a platform allows in a handle
     * pass, which also keeps '/', '?', '#' and '%' out. */
    memset(&sp, 0, sizeof sp);
    if ((rest = strip_prefix(s, "bsky")) ||
        (rest = strip_prefix(s, "bluesky"))) {
        /* A handle is a domain name; a DID is did:method:rest. */
        sp.platform = BF_FETCH_BSKY;
        if (*rest == '@')
            rest++;
        n = strlen(rest);
        if (!name_chars(rest, n) ||
            (strchr(rest, ':') && strncmp(rest, "did:", 4) != 0) ||
            (!strchr(rest, '.') && strncmp(rest, "did:", 4) != 0) ||
            !copy_name(sp.user, rest, n))
            return BF_EINVAL;
    } else if ((rest = strip_prefix(s, "mastodon"))) {
        /* @user@host, the first '@' optional; the host may carry a port. */
        sp.platform = BF_FETCH_MASTODON;
        if (*rest == '@')
            rest++;
        at = strchr(rest, '@');
        if (!at || strchr(at + 1, '@'))
            return BF_EINVAL;
        n = (size_t)(at - rest);
        if (!name_chars(rest, n) || !name_chars(at + 1, strlen(at + 1)) ||
            !copy_name(sp.user, rest, n) ||
            !copy_name(sp.host, at + 1, strlen(at + 1)))
            return BF_EINVAL;
        /* A user name has no ':' (only the host's port may). */
        if (strchr(sp.user, ':'))
            return BF_EINVAL;
    } else if ((rest = strip_prefix(s, "x")) ||
               (rest = strip_prefix(s, "twitter"))) {
        /* X screen names: 1 to 15 letters, digits and underscores. */
        sp.platform = BF_FETCH_X;
        if (*rest == '@')
            rest++;
        n = strlen(rest);
        if (n < 1 || n > 15)
            return BF_EINVAL;
        for (size_t i = 0; i < n; i++)
            if (!isalnum((unsigned char)rest[i]) && rest[i] != '_')
                return BF_EINVAL;
        copy_name(sp.user, rest, n);
    } else if ((rest = strip_prefix(s, "youtube"))) {
        /* A handle (@name) or a channel id (UC + 22 characters); the
         * user keeps the '@' so that the two stay told apart. */
        int handle = *rest == '@';

        sp.platform = BF_FETCH_YOUTUBE;
        n = strlen(rest);
        if (handle ? n < 4 || n > 31 : n != 24 || strncmp(rest, "UC", 2) != 0)
            return BF_EINVAL;
        for (size_t i = handle; i < n; i++)
            if (!isalnum((unsigned char)rest[i]) && rest[i] != '_' &&
                rest[i] != '-' && !(handle && rest[i] == '.'))
                return BF_EINVAL;
        copy_name(sp.user, rest, n);
    } else if ((rest = strip_prefix(s, "instagram")) ||
               (rest = strip_prefix(s, "ig"))) {
        /* Instagram user names: letters, digits, '.' and '_'. */
        sp.platform = BF_FETCH_INSTAGRAM;
        if (*rest == '@')
            rest++;
        n = strlen(rest);
        if (n < 1 || n > 30)
            return BF_EINVAL;
        for (size_t i = 0; i < n; i++)
            if (!isalnum((unsigned char)rest[i]) && rest[i] != '_' &&
                rest[i] != '.')
                return BF_EINVAL;
        copy_name(sp.user, rest, n);
    } else if ((rest = strip_prefix(s, "facebook")) ||
               (rest = strip_prefix(s, "fb"))) {
        /* A Page's user name (letters, digits, '.', '-') or its id. */
        sp.platform = BF_FETCH_FACEBOOK;
        n = strlen(rest);
        if (n < 1 || n > 50)
            return BF_EINVAL;
        for (size_t i = 0; i < n; i++)
            if (!isalnum((unsigned char)rest[i]) && rest[i] != '-' &&
                rest[i] != '.')
                return BF_EINVAL;
        copy_name(sp.user, rest, n);
    } else {
        return BF_EINVAL;
    }
    *out = sp;
    return BF_OK;
}

const char *bf_fetch_platform_name(bf_fetch_platform p)
{
    switch (p) {
    case BF_FETCH_BSKY:
        return "bluesky";
    case BF_FETCH_MASTODON:
        return "mastodon";
    case BF_FETCH_X:
        return "twitter";
    case BF_FETCH_YOUTUBE:
        return "youtube";
    case BF_FETCH_INSTAGRAM:
        return "instagram";
    case BF_FETCH_FACEBOOK:
        return "facebook";
    }
    return "generic";
}

/* ---- URLs ---- */

bf_err bf_fetch_url_escape(bf_buf *out, const char *s)
{
    static const char hex[] = "0123456789ABCDEF";
    bf_err err = BF_OK;

    for (; *s && !err; s++) {
        unsigned char c = (unsigned char)*s;

        /* RFC 3986 section 2.3: the unreserved characters go as they are. */
        if (isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~') {
            err = bf_buf_putc(out, (char)c);
        } else {
            char e[3] = { '%', hex[c >> 4], hex[c & 15] };

            err = bf_buf_append(out, e, 3);
        }
    }
    return err;
}

/* ---- Link header (RFC 8288) ---- */

/*
 * rel_has_next is 1 when the parameters p[0..n) of one link value hold a
 * rel whose space-separated types include "next".
 */
static int rel_has_next(const char *p, size_t n)
{
    const char *end = p + n, *q;

    for (q = p; q + 3 <= end; q++) {
        const char *v;
        size_t k;

        if (strncasecmp(q, "rel", 3) != 0 ||
            (q > p && isalnum((unsigned char)q[-1])))
            continue;
        v = q + 3;
        while (v < end && *v == ' ')
            v++;
        if (v >= end || *v != '=')
            continue;
        v++;
        while (v < end && *v == ' ')
            v++;
        if (v < end && *v == '"')
            v++;
        /* Walk the relation types up to the closing quote or ';'. */
        while (v < end && *v != '"' && *v != ';' && *v != ',') {
            while (v < end && *v == ' ')
                v++;
            for (k = 0; v + k < end && !strchr(" \";,", v[k]); k++)
                ;
            if (k == 4 && strncasecmp(v, "next", 4) == 0)
                return 1;
            v += k;
        }
    }
    return 0;
}

bf_err bf_fetch_link_next(const char *value, bf_buf *out)
{
    const char *s = value;

    /* Each link is <uri> followed by ;-parameters up to the next '<'
     * (a ',' inside a quoted parameter cannot start a new link: links
     * start with '<', which is what is looked for). */
    /* Only the rel parameter matters; anchor, title, type and the rest
     * are skipped along with it. */
    while ((s = strchr(s, '<')) != NULL) {
        const char *close = strchr(s, '>'), *params, *next;

        if (!close)
            break;
        params = close + 1;
        next = strchr(params, '<');
        if (rel_has_next(params,
                         next ? (size_t)(next - params) : strlen(params)))
            return bf_buf_append(out, s + 1, (size_t)(close - s - 1));
        s = close + 1;
    }
    return BF_ENOTFOUND;
}

/* ---- Rate-limit headers ---- */

void bf_fetch_ratelimit_clear(bf_fetch_ratelimit *rl)
{
    rl->remaining = -1;
    rl->reset_at = 0;
    rl->retry_at = 0;
}

/* parse_int reads a decimal integer filling all of s; -1 when it is not. */
static int64_t parse_int(const char *s)
{
    int64_t v = 0;

    if (!*s)
        return -1;
    for (; *s; s++) {
        if (*s < '0' || *s > '9' || v > (INT64_MAX - 9) / 10)
            return -1;
        v = v * 10 + (*s - '0');
    }
    return v;
}

/*
 * http_date reads an IMF-fixdate ("Wed, 21 Oct 2015 07:28:00 GMT", RFC
 * 9110 section 5.6.7) by rewriting it as ISO 8601 for bf_time_parse.
 */
static int64_t http_date(const char *s)
{
    static const char names[] = "JanFebMarAprMayJunJulAugSepOctNovDec";
    char iso[32];
    const char *comma = strchr(s, ','), *m;
    int64_t t;

    if (!comma || strlen(comma) < 22)
        return 0;
    s = comma + 2; /* "21 Oct 2015 07:28:00 GMT" */
    m = strstr(names, (char[4]){ s[3], s[4], s[5], 0 });
    if (!m || (m - names) % 3 != 0)
        return 0;
    snprintf(iso, sizeof iso, "%.4s-%02d-%.2sT%.8sZ", s + 7,
             (int)((m - names) / 3 + 1), s, s + 12);
    return bf_time_parse(iso, strlen(iso), &t) == BF_OK ? t : 0;
}

/*
 * reset_time turns a reset value into a time: epoch seconds above 10^9, a
 * delay in seconds from now below, else an ISO 8601 time.
 */
static int64_t reset_time(const char *v, int64_t now)
{
    int64_t n = parse_int(v), t;

    if (n >= 1000000000)
        return n;
    if (n >= 0)
        return now + n;
    return bf_time_parse(v, strlen(v), &t) == BF_OK ? t : 0;
}

void bf_fetch_ratelimit_header(bf_fetch_ratelimit *rl, const char *line,
                               size_t len, int64_t now)
{
    char name[32], value[96];
    const char *colon = memchr(line, ':', len), *v, *end = line + len;
    size_t nn, vn;
    int64_t n;

    /* Names longer than any known one, and values longer than any date,
     * cannot be rate-limit headers: they are skipped without copying. */
    if (!colon || (nn = (size_t)(colon - line)) >= sizeof name)
        return;
    memcpy(name, line, nn);
    name[nn] = '\0';
    /* Trim the value: spaces after the colon, CR LF and spaces at the end. */
    for (v = colon + 1; v < end && (*v == ' ' || *v == '\t'); v++)
        ;
    while (end > v && (end[-1] == '\r' || end[-1] == '\n' || end[-1] == ' '))
        end--;
    vn = (size_t)(end - v);
    if (vn == 0 || vn >= sizeof value)
        return;
    memcpy(value, v, vn);
    value[vn] = '\0';
    if (!strcasecmp(name, "ratelimit-remaining") ||
        !strcasecmp(name, "x-ratelimit-remaining") ||
        !strcasecmp(name, "x-rate-limit-remaining")) {
        if ((n = parse_int(value)) >= 0)
            rl->remaining = n;
    } else if (!strcasecmp(name, "ratelimit-reset") ||
               !strcasecmp(name, "x-ratelimit-reset") ||
               !strcasecmp(name, "x-rate-limit-reset")) {
        if ((n = reset_time(value, now)) > 0)
            rl->reset_at = n;
    } else if (!strcasecmp(name, "retry-after")) {
        /* RFC 9110 section 10.2.3: delay-seconds or an HTTP-date. */
        n = parse_int(value);
        n = n >= 0 ? now + n : http_date(value);
        if (n > 0)
            rl->retry_at = n;
    }
}

int64_t bf_fetch_ratelimit_wait(const bf_fetch_ratelimit *rl, int64_t now,
                                int64_t cap_s)
{
    int64_t w = 0;

    /* Retry-After is an explicit order and comes first; a reset only
     * matters once the window is spent. */
    if (rl->retry_at)
        w = rl->retry_at - now;
    else if (rl->remaining == 0 && rl->reset_at)
        w = rl->reset_at - now;
    if (w < 0)
        w = 0;
    return w > cap_s ? cap_s : w;
}

/* ---- Backoff and sampling ---- */

uint64_t bf_fetch_backoff_ms(uint64_t base_ms, uint64_t cap_ms,
                             unsigned attempt, uint32_t rnd)
{
    uint64_t d = base_ms;
    unsigned i;

    /* Equal jitter keeps at least half the delay (the service gets its
     * rest) while spreading clients over the other half. */
    /* Doubling stops at the cap, which also keeps d from overflowing. */
    for (i = 0; i < attempt && d < cap_ms; i++)
        d *= 2;
    if (d > cap_ms)
        d = cap_ms;
    return d / 2 + rnd % (d / 2 + 1);
}

/* splitmix64 is Steele, Lea and Flood's generator (OOPSLA 2014): one
 * 64-bit state, a good stream from any seed, O(1) per number. */
static uint64_t splitmix64(uint64_t *s)
{
    uint64_t z = *s;

    *s += 0x9E3779B97F4A7C15ull;
    return bf_mix64(z); /* adds that constant before it mixes */
}

void bf_fetch_sample(uint32_t *idx, size_t n, size_t k, uint64_t seed)
{
    size_t i;

    if (k > n)
        k = n;
    /* Step i swaps a uniform pick of idx[i..n) into place i (Knuth,
     * TAOCP vol. 2, algorithm P, stopped after k steps).  The modulo bias
     * is below n / 2^64, nothing at these sizes. */
    for (i = 0; i < k; i++) {
        size_t j = i + (size_t)(splitmix64(&seed) % (uint64_t)(n - i));
        uint32_t t = idx[i];

        idx[i] = idx[j];
        idx[j] = t;
    }
}
