/*
 * serve_pages.c - the pages and the JSON API, rendered on the server.
 *
 * Each route reads what it needs through a pooled store handle and fills
 * a bf__reply; nothing here knows the HTTP library.  HTML pages share one
 * frame (a small inline stylesheet, no script: the CSP forbids any) and a
 * navigation bar with the language switch, which links to the same page
 * in the other language.  Audit and compare pages are the report
 * renderer's own page (bf_report_html) with the navigation bar inserted
 * after <body>; the API's audit is bf_report_json.
 *
 * Rendered audits are cached: a two-way set-associative table of
 * srv->ncache slots, each behind its own mutex, keyed by (account,
 * language, html or json) and valid for one store generation
 * (bf__generation), so any committed change to the store makes every
 * entry stale at once.  A hit costs the
 * account lookup, the generation query and one copy of the page.  Search
 * answers of the API are cached alike, keyed by their text, in a table of
 * as many slots of their own (cache_slot).
 *
 * Building a report may map or (once per generation) build the follow
 * graph, so it runs under srv->graph_rw held for reading (serve_int.h).
 * Every string from the store is HTML-escaped; the store has already
 * replaced e-mail addresses and phone numbers, so none can reach a page.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "fetch/address.h"
#include "fetch/fetch.h"
#include "report/alternatives.h"
#include "report/report.h"
#include "serve/serve_home.h"
#include "serve/serve_int.h"
#include "serve/serve_msgs.h"
#include "store/search.h"

/* The two renderings of an audit, and a search answer: part of the
 * cache key. */
enum { KIND_HTML, KIND_JSON, KIND_SEARCH };

/*
 * The frame's stylesheet, inline (the CSP allows inline style, not
 * script).  The navigation bar also carries its own style attribute, as it
 * is inserted into the report's page, whose stylesheet does not know it.
 */

static const char style[] =
        "*{box-sizing:border-box}"
        "body{font-family:system-ui,sans-serif;margin:0 auto;max-width:60rem;"
        "padding:0 1rem;color:#222;line-height:1.45;"
        "overflow-wrap:break-word}"
        "nav.bf-nav{display:flex;flex-wrap:wrap;gap:.4rem 1.2rem;"
        "padding:.6rem 1rem;"
        "background:#f2f2f2;border-bottom:1px solid #ddd;margin:0 0 1rem}"
        "nav.bf-nav a{color:#0645ad}"
        "h1{font-size:1.5em}h2{font-size:1.2em}"
        "a{color:#0645ad}"
        "input,select,button,textarea{font:inherit;max-width:100%}"
        "button{padding:.3rem .8rem}"
        ":focus-visible{outline:3px solid #1a4fa0;outline-offset:2px}"
        ".vh{position:absolute;width:1px;height:1px;overflow:hidden;"
        "clip:rect(0 0 0 0);white-space:nowrap}"
        ".scroll{overflow-x:auto;max-width:100%}"
        "table{border-collapse:collapse}td,th{padding:.3rem .6rem;"
        "border-bottom:1px solid #eee;text-align:left}"
        ".bf-error{color:#a00}"
        "@media (max-width:480px){body{padding:0 .6rem}"
        "nav.bf-nav{padding:.5rem .6rem;gap:.3rem .9rem}"
        "td,th{padding:.3rem .4rem}}"
        "@media print{nav.bf-nav,form,.bf-noprint{display:none!important}"
        "body{max-width:none}}";

/*
 * bf__html_nav writes the navigation bar: search, upload, and the same
 * page (self, a path with its query, without lang) in the other language.
 * Links carry the language, since there is no cookie or session to hold
 * it.
 */
bf_err bf__html_nav(bf_buf *b, bf_lang lang, const char *self)
{
    bf_lang other = lang == BF_LANG_FR ? BF_LANG_EN : BF_LANG_FR;
    const char *code = bf_lang_code(lang);
    bf_err err;

    err = bf_buf_appendf(
            b,
            "<nav class=\"bf-nav\" style=\"display:flex;flex-wrap:wrap;"
            "gap:.4rem 1.2rem;padding:.6rem 1rem;background:#f2f2f2;"
            "font-family:sans-serif\">"
            "<a id=\"nav-search\" href=\"/?lang=%s\">%s</a>"
            "<a id=\"nav-upload\" href=\"/upload?lang=%s\">%s</a>"
            "<a id=\"nav-shortlist\" href=\"/shortlist?lang=%s\">%s</a>"
            "<a id=\"nav-lang\" hreflang=\"%s\" href=\"",
            code, bf_smsg(lang, BF_SMSG_SEARCH), code,
            bf_smsg(lang, BF_SMSG_UPLOAD), code,
            lang == BF_LANG_FR ? "S\xc3\xa9lection" : "Shortlist",
            bf_lang_code(other));
    if (!err)
        err = bf_buf_html(b, self);
    if (!err)
        err = bf_buf_appendf(b, "%slang=%s\">%s</a></nav>\n",
                             strchr(self, '?') ? "&amp;" : "?",
                             bf_lang_code(other),
                             bf_smsg(lang, BF_SMSG_OTHER_LANG));
    return err;
}

/* bf__html_head opens a page of ours: doctype, title, style, nav. */
bf_err bf__html_head(bf_buf *b, bf_lang lang, const char *title,
                     const char *self)
{
    bf_err err = bf_buf_appendf(
            b,
            "<!DOCTYPE html>\n<html lang=\"%s\">\n<head>\n"
            "<meta charset=\"utf-8\">\n"
            "<meta name=\"viewport\" content=\"width=device-width, "
            "initial-scale=1\">\n<title>",
            bf_lang_code(lang));

    if (!err)
        err = bf_buf_html(b, title);
    if (!err)
        err = bf_buf_appendf(b,
                             " - bonafide</title>\n<style>%s</style>\n"
                             "</head>\n<body>\n",
                             style);
    if (!err)
        err = bf__html_nav(b, lang, self);
    return err;
}

bf_err bf__html_tail(bf_buf *b)
{
    return bf_buf_puts(b, "</body>\n</html>\n");
}

/*
 * bf__reply_error replaces whatever r held.  The API gets the stable code
 * and the English message; a page gets a sentence of the catalog in the
 * reader's language, chosen by status, with the code in an attribute.
 */
void bf__reply_error(bf__reply *r, int api, bf_lang lang, unsigned status,
                     const char *code, const char *message)
{
    bf_smsg_id id = status == 404   ? BF_SMSG_ERR_NOT_FOUND
                    : status == 403 ? BF_SMSG_ERR_FORBIDDEN
                    : status >= 500 ? BF_SMSG_ERR_INTERNAL
                                    : BF_SMSG_ERR_BAD_REQUEST;

    bf_buf_reset(&r->body);
    r->status = status;
    r->location[0] = '\0';
    r->refresh = 0;
    if (api) {
        r->ctype = "application/json";
        bf_buf_appendf(&r->body,
                       "{\"error\":{\"code\":\"%s\",\"message\":", code);
        bf_buf_json_string(&r->body, message, strlen(message));
        bf_buf_puts(&r->body, "}}\n");
        return;
    }
    if (strcmp(code, "too_many_accounts") == 0)
        id = BF_SMSG_ERR_TOO_MANY;
    r->ctype = "text/html; charset=utf-8";
    bf__html_head(&r->body, lang, bf_smsg(lang, id), "/");
    /* The sentence is the page's heading: an error page has nothing
     * else to outline. */
    bf_buf_appendf(&r->body,
                   "<h1 class=\"bf-error\" id=\"error\" "
                   "data-code=\"%s\">",
                   code);
    bf_smsg_format(&r->body, lang, id, NULL, 0);
    bf_buf_puts(&r->body, "</h1>\n");
    bf__html_tail(&r->body);
}

/* fail maps a library error to its HTTP error. */
static void fail(bf__reply *r, int api, bf_lang lang, bf_err err)
{
    if (err == BF_ENOTFOUND)
        bf__reply_error(r, api, lang, 404, "not_found",
                        "no such account in the store");
    else if (err == BF_EINVAL)
        bf__reply_error(r, api, lang, 400, "bad_request",
                        "the request is not valid");
    else
        bf__reply_error(r, api, lang, 500, "internal", bf_strerror(err));
}

/* ---- search ---- */

/*
 * parse_limit reads ?limit= into *out: absent is 20; otherwise 1 to 3
 * decimal digits, nothing else (no sign, exponent, space or hex), whose
 * value is 1..BF__SEARCH_MAX.  -1 when it is not, for a 400: a limit the
 * client did not mean is never silently replaced.
 */
static int parse_limit(const char *s, unsigned *out)
{
    size_t n;
    unsigned v = 0;

    if (!s) {
        *out = 20;
        return 0;
    }
    n = strlen(s);
    if (n == 0 || n > 3 || strspn(s, "0123456789") != n)
        return -1;
    for (; *s; s++)
        v = v * 10 + (unsigned)(*s - '0');
    if (v < 1 || v > BF__SEARCH_MAX)
        return -1;
    *out = v;
    return 0;
}

/* json_hit writes one search result; "account" is ready for /audit. */
static bf_err json_hit(bf_buf *b, const bf_store_hit *h)
{
    bf_err err = bf_buf_puts(b, "{\"platform\":");

    if (!err)
        err = bf_buf_json_string(b, h->platform, strlen(h->platform));
    if (!err)
        err = bf_buf_puts(b, ",\"handle\":");
    if (!err)
        err = bf_buf_json_string(b, h->handle, strlen(h->handle));
    if (!err)
        err = bf_buf_puts(b, ",\"name\":");
    if (!err)
        err = bf_buf_json_string(b, h->name, strlen(h->name));
    if (!err)
        err = bf_buf_appendf(
                b, ",\"followers\":%lld,\"account\":", (long long)h->followers);
    if (!err) {
        /* A handle is data: escaped like the others.  An account with a
         * name and no handle (a Facebook Page) goes by its native id. */
        char spec[sizeof h->platform + sizeof h->native_id + 2];
        int n = bf_store_hit_spec(h, spec, sizeof spec);

        err = bf_buf_json_string(b, spec,
                                 n < 0                      ? 0
                                 : (size_t)n >= sizeof spec ? sizeof spec - 1
                                                            : (size_t)n);
    }
    if (!err)
        err = bf_buf_putc(b, '}');
    return err;
}

/*
 * The cache is two-way set associative: a key may sit in either slot of
 * its pair (a multiplicative hash, Knuth's golden-ratio constant, picks
 * the pair).  A direct-mapped table let two busy accounts whose keys
 * shared a slot evict each other on every request, so each request paid
 * a full audit (seconds on a large store); two ways make that rare, and
 * the pair's least recently used entry is the one replaced.
 */
static bf__cache_slot *cache_slot(bf_server *srv, uint32_t id, bf_lang lang,
                                  int kind)
{
    uint64_t k = ((uint64_t)id * 4 + (uint64_t)lang * 2 + (uint64_t)kind) *
                 0x9E3779B97F4A7C15ull;
    size_t pairs = srv->ncache / 2;
    /* Search answers have a table of their own, after the pages': a
     * burst of distinct searches (one per keystroke of every client)
     * evicted the audit pages, each of which costs a full audit to
     * rebuild. */
    bf__cache_slot *t = srv->cache + (kind == KIND_SEARCH ? srv->ncache : 0);

    if (pairs == 0) /* a pair's two ways are read: one slot is none */
        return NULL;
    return &t[((k >> 32) % pairs) * 2];
}

/* The pair's clock: a slot's tick is when it was last hit or filled. */
static atomic_uint_fast64_t cache_clock;

/* same_key: the slot w holds the key (id, lang, kind, key). */
static int same_key(const bf__cache_slot *w, uint32_t id, bf_lang lang,
                    int kind, const char *key, size_t keylen)
{
    return w->used && w->id == id && w->lang == (int)lang && w->kind == kind &&
           w->keylen == keylen &&
           (keylen == 0 || memcmp(w->key, key, keylen) == 0);
}

/*
 * cache_get copies a fresh entry of the pair at s into out; 1 on a hit.
 * key (keylen bytes) is a search answer's text, NULL for an audit page.
 */
static int cache_get(bf__cache_slot *s, uint32_t id, bf_lang lang, int kind,
                     const char *key, size_t keylen, uint64_t gen, bf_buf *out)
{
    int hit = 0, way;

    for (way = 0; s && way < 2 && !hit; way++) {
        bf__cache_slot *w = &s[way];

        pthread_mutex_lock(&w->mu);
        if (same_key(w, id, lang, kind, key, keylen) && w->gen == gen) {
            hit = bf_buf_append(out, w->data, w->len) == BF_OK;
            w->tick = atomic_fetch_add(&cache_clock, 1) + 1;
        }
        pthread_mutex_unlock(&w->mu);
    }
    return hit;
}

/* cache_has: the pair at s holds a fresh entry of the key, not copied. */
static int cache_has(bf__cache_slot *s, uint32_t id, bf_lang lang, int kind,
                     uint64_t gen)
{
    int hit = 0, way;

    for (way = 0; s && way < 2 && !hit; way++) {
        pthread_mutex_lock(&s[way].mu);
        hit = same_key(&s[way], id, lang, kind, NULL, 0) && s[way].gen == gen;
        pthread_mutex_unlock(&s[way].mu);
    }
    return hit;
}

/*
 * cache_put stores a copy of page in the pair at s: in the slot already
 * holding the key, else in the one used least recently.
 */
static void cache_put(bf__cache_slot *s, uint32_t id, bf_lang lang, int kind,
                      const char *key, size_t keylen, uint64_t gen,
                      const bf_buf *page)
{
    bf__cache_slot *w;
    uint64_t tick[2];
    char *copy, *kcopy = NULL;
    int way, i, same[2];

    if (!s || !page->data)
        return;
    copy = malloc(page->len);
    if (keylen && (kcopy = malloc(keylen)) != NULL)
        memcpy(kcopy, key, keylen);
    if (!copy || (keylen && !kcopy)) {
        free(copy);
        free(kcopy);
        return;
    }
    memcpy(copy, page->data, page->len);
    /* Each slot is read under its own lock, not both at once: a race
     * between two puts only costs a rebuild later, never a wrong page. */
    for (i = 0; i < 2; i++) {
        pthread_mutex_lock(&s[i].mu);
        same[i] = same_key(&s[i], id, lang, kind, key, keylen);
        tick[i] = s[i].used ? s[i].tick : 0;
        pthread_mutex_unlock(&s[i].mu);
    }
    way = same[0] ? 0 : same[1] ? 1 : tick[1] < tick[0];
    w = &s[way];
    pthread_mutex_lock(&w->mu);
    free(w->data);
    free(w->key);
    w->data = copy;
    w->len = page->len;
    w->key = kcopy;
    w->keylen = keylen;
    w->id = id;
    w->lang = (int)lang;
    w->kind = kind;
    w->gen = gen;
    w->used = 1;
    w->tick = atomic_fetch_add(&cache_clock, 1) + 1;
    pthread_mutex_unlock(&w->mu);
}

/*
 * search_api answers /api/v1/accounts?q=: the first limit matches of q,
 * most followed first, and their total counted to a bound
 * (BF_STORE_SEARCH_COUNT_MAX; "more" says there are more).  Answers are
 * cached beside the audit pages, keyed by limit and q and valid for one
 * store generation: a search costs the index a few hundred microseconds
 * to a few milliseconds (one pass reads the page and counts), a cached
 * one a copy.  hits holds BF__SEARCH_MAX entries.
 */
static void search_api(bf_server *srv, const bf__req *rq, const char *q,
                       unsigned limit, bf_store_hit *hits, bf__reply *r)
{
    bf_lang lang = rq->lang;
    bf__cache_slot *slot = NULL;
    bf__handle *h;
    char key[BF_STORE_SEARCH_MAX_QUERY + 16];
    size_t n = 0, total = 0, i, keylen;
    uint32_t id = 2166136261u;
    uint64_t gen = 0;
    bf_err err = BF_OK;

    r->ctype = "application/json";
    keylen = (size_t)snprintf(key, sizeof key, "%u:%s", limit, q);
    if (keylen >= sizeof key)
        keylen = sizeof key - 1;
    for (i = 0; i < keylen; i++)
        id = (id ^ (unsigned char)key[i]) * 16777619u;
    if (q[0]) {
        h = bf__handle_get(srv);
        /* The generation is read before the search: an answer built
         * from newer rows than its generation is only a wasted entry. */
        err = bf__generation(srv, h, &gen);
        if (!err) {
            slot = cache_slot(srv, id, BF_LANG_EN, KIND_SEARCH);
            if (cache_get(slot, id, BF_LANG_EN, KIND_SEARCH, key, keylen, gen,
                          &r->body)) {
                bf__handle_put(srv, h);
                return;
            }
            /* One pass of the index gives the page and the count.  On a
             * polling thread it may take BF__QUICK_SEARCH_US at most. */
            err = bf_store_search_page_within(
                    h->st, q, BF_SEARCH_FOLLOWERS, 0, hits, limit,
                    rq->in_lane ? 0 : BF__QUICK_SEARCH_US, &n, &total);
        }
        bf__handle_put(srv, h);
    }
    if (err == BF_ELIMIT && !rq->in_lane) {
        r->again = 1; /* for a worker (serve.c) */
        return;
    }
    if (err) {
        fail(r, 1, lang, err);
        return;
    }
    bf_buf_appendf(&r->body,
                   "{\"count\":%zu,\"total\":%zu,\"more\":%s,"
                   "\"accounts\":[",
                   n,
                   total > BF_STORE_SEARCH_COUNT_MAX
                           ? (size_t)BF_STORE_SEARCH_COUNT_MAX
                           : total,
                   total > BF_STORE_SEARCH_COUNT_MAX ? "true" : "false");
    for (i = 0; i < n; i++) {
        if (i)
            bf_buf_putc(&r->body, ',');
        json_hit(&r->body, &hits[i]);
    }
    if (bf_buf_puts(&r->body, "]}\n") == BF_OK && slot)
        cache_put(slot, id, BF_LANG_EN, KIND_SEARCH, key, keylen, gen,
                  &r->body);
}

/*
 * search answers / and /api/v1/accounts.  The page always shows the form;
 * with a query it lists the hits in a table inside a second form whose
 * checkboxes name the accounts to compare (GET /compare?a=...&a=...), so
 * comparing needs no script either.
 */
static void search(bf_server *srv, const bf__req *rq, int api, bf__reply *r)
{
    bf_store_hit *hits = calloc(BF__SEARCH_MAX, sizeof *hits);
    const char *q = rq->q ? rq->q : "";
    unsigned limit = 20;
    bf_buf self;
    bf_err err = BF_OK;
    const char *code = bf_lang_code(rq->lang);

    bf_buf_init(&self, 4096);
    if (!hits) {
        fail(r, api, rq->lang, BF_ENOMEM);
        return;
    }
    if (strlen(q) > BF_STORE_SEARCH_MAX_QUERY || rq->nq > 1) {
        free(hits);
        bf__reply_error(r, api, rq->lang, 400, "bad_query",
                        rq->nq > 1 ? "give one q parameter"
                                   : "the query is too long");
        return;
    }
    if (rq->nlimit > 1 || parse_limit(rq->limit, &limit) != 0) {
        free(hits);
        bf__reply_error(r, api, rq->lang, 400, "bad_limit",
                        "limit takes one whole number from 1 to 50");
        return;
    }
    /* An empty query lists nothing: the page is then just the form.  The
     * page's results are serve_team.c's (paged, with verdicts). */
    if (api) {
        search_api(srv, rq, q, limit, hits, r);
        goto out;
    }
    bf_buf_puts(&self, "/?q=");
    bf_fetch_url_escape(&self, q);
    /* The other language shows the same page of results. */
    if (rq->sort) {
        bf_buf_puts(&self, "&sort=");
        bf_fetch_url_escape(&self, rq->sort);
    }
    if (rq->page) {
        bf_buf_puts(&self, "&page=");
        bf_fetch_url_escape(&self, rq->page);
    }
    bf__html_head(&r->body, rq->lang, bf_smsg(rq->lang, BF_SMSG_SEARCH),
                  self.data);
    bf_buf_appendf(&r->body,
                   "<h1>bonafide</h1>\n<form method=\"get\" action=\"/\" "
                   "role=\"search\">\n<input type=\"hidden\" name=\"lang\" "
                   "value=\"%s\">\n<label class=\"vh\" for=\"search-q\">%s"
                   "</label><input id=\"search-q\" type=\"search\" "
                   "name=\"q\" size=\"40\" placeholder=\"",
                   code, bf_smsg(rq->lang, BF_SMSG_SEARCH_HINT));
    bf_buf_html(&r->body, bf_smsg(rq->lang, BF_SMSG_SEARCH_HINT));
    bf_buf_puts(&r->body, "\" value=\"");
    bf_buf_html(&r->body, q);
    bf_buf_appendf(
            &r->body,
            "\">\n<button id=\"search-btn\" type=\"submit\">%s</button>\n"
            "</form>\n",
            bf_smsg(rq->lang, BF_SMSG_SEARCH_BUTTON));
    if (q[0])
        err = bf__search_results(srv, rq, q, &r->body);
    if (err) {
        fail(r, api, rq->lang, err);
        goto out;
    }
    bf__html_tail(&r->body);
out:
    if (r->body.len == 0 && !err)
        fail(r, api, rq->lang, BF_ENOMEM);
    bf_buf_release(&self);
    free(hits);
}

/* ---- audits ---- */

/*
 * with_nav copies page into out with the navigation bar after <body>.
 * The report renderer owns its page; inserting after its <body> tag keeps
 * that page unchanged otherwise (and a page without one is copied as is).
 */
static bf_err with_nav(bf_buf *out, const bf_buf *page, bf_lang lang,
                       const char *self)
{
    const char *body = page->data ? strstr(page->data, "<body>") : NULL;
    size_t cut;
    bf_err err;

    if (!body)
        return bf_buf_append(out, page->data ? page->data : "", page->len);
    cut = (size_t)(body - page->data) + 6;
    if (page->data[cut] == '\n')
        cut++;
    err = bf_buf_append(out, page->data, cut);
    if (!err)
        err = bf__html_nav(out, lang, self);
    if (!err)
        err = bf_buf_append(out, page->data + cut, page->len - cut);
    return err;
}

/*
 * audit renders the reports of specs[0..n) (one: cached; several: the
 * comparison) as HTML or JSON into r.
 */
static void audit(bf_server *srv, const bf__req *rq, const char *const *specs,
                  size_t n, bf_lang lang, int kind, const char *self,
                  bf__reply *r)
{
    bf_report reports[BF_SERVE_MAX_COMPARE];
    const bf_report *ptrs[BF_SERVE_MAX_COMPARE];
    uint32_t ids[BF_SERVE_MAX_COMPARE];
    bf__cache_slot *slot = NULL;
    bf__handle *h = bf__handle_get(srv);
    size_t built = 0, i;
    uint64_t gen = 0;
    bf_buf page;
    bf_err err = BF_OK;
    int api = kind == KIND_JSON;
    const char *missing = NULL;

    bf_buf_init(&page, BF__REPLY_LIMIT);
    /* Found in the cache a moment ago (bf__page_quick): sent from it. */
    if (n == 1 && rq->cached &&
        cache_get(cache_slot(srv, rq->cached_id, lang, kind), rq->cached_id,
                  lang, kind, NULL, 0, rq->cached_gen, &r->body))
        goto out;
    /* Resolve every account first, so an unknown one is a 404 before any
     * work is done. */
    for (i = 0; !err && i < n; i++)
        err = bf_store_resolve(h->st, specs[i], &ids[i]);
    if (err == BF_ENOTFOUND)
        missing = specs[i - 1];
    if (err)
        goto out;
    /* The generation is read under the lock, so a page built now is
     * stored under the generation it was built from. */
    pthread_rwlock_rdlock(&srv->graph_rw);
    err = bf__generation(srv, h, &gen);
    if (!err && n == 1) {
        slot = cache_slot(srv, ids[0], lang, kind);
        if (cache_get(slot, ids[0], lang, kind, NULL, 0, gen, &r->body)) {
            pthread_rwlock_unlock(&srv->graph_rw);
            goto out;
        }
    }
    for (built = 0; !err && built < n; built++) {
        bf_report_init(&reports[built]);
        ptrs[built] = &reports[built];
        err = bf_audit_build(h->st, ids[built], NULL, &reports[built]);
    }
    /* One report: who else to consider, each linked to its own page. */
    if (!err && n == 1) {
        err = bf_alternatives_find(h->st, ids[0], NULL, &reports[0]);
        reports[0].alts.links = 1;
    }
    pthread_rwlock_unlock(&srv->graph_rw);
    if (err)
        goto out;
    if (api) {
        err = bf_report_json(ptrs, n, lang, &page);
        if (!err)
            err = bf_buf_putc(&page, '\n');
    } else {
        bf_buf tmp;

        bf_buf_init(&tmp, BF__REPLY_LIMIT);
        err = bf_report_html(ptrs, n, lang, &tmp);
        if (!err)
            err = with_nav(&page, &tmp, lang, self);
        bf_buf_release(&tmp);
    }
    /* Comparisons are not cached: their key would be a set.  The
     * verdict is kept too, for the lists that show it (serve_team.c). */
    if (!err && n == 1) {
        cache_put(slot, ids[0], lang, kind, NULL, 0, gen, &page);
        bf__summary_put(srv, ids[0], gen, &reports[0]);
    }
    if (!err)
        err = bf_buf_append(&r->body, page.data, page.len);
out:
    bf__handle_put(srv, h);
    for (i = 0; i < built; i++)
        bf_report_release(&reports[i]);
    bf_buf_release(&page);
    /* A page names the account it did not find and offers close ones. */
    if (err == BF_ENOTFOUND && missing && !api)
        bf__not_found_page(srv, lang, missing, r);
    else if (err)
        fail(r, api, lang, err);
    else if (api)
        r->ctype = "application/json";
}

/*
 * audit_route answers /audit, /compare and their API forms: one account
 * from the path (spec) or one to five from ?a=.  self is the page's own
 * address for the language switch.
 */
static void audit_route(bf_server *srv, const bf__req *rq, int api,
                        const char *spec, bf__reply *r)
{
    bf_buf self;
    size_t i, n = spec ? 1 : rq->na;
    const char *specs[BF_SERVE_MAX_COMPARE];

    if (n == 0) {
        bf__reply_error(r, api, rq->lang, 400, "missing_account",
                        "name an account with a=platform:handle");
        return;
    }
    if (n > BF_SERVE_MAX_COMPARE) {
        bf__reply_error(r, api, rq->lang, 400, "too_many_accounts",
                        "at most five accounts can be compared");
        return;
    }
    for (i = 0; i < n; i++)
        specs[i] = spec ? spec : rq->a[i];
    bf_buf_init(&self, 8192);
    bf_buf_puts(&self, n == 1 && strcmp(rq->path, "/compare") != 0
                               ? "/audit?"
                               : "/compare?");
    for (i = 0; i < n; i++) {
        bf_buf_puts(&self, i ? "&a=" : "a=");
        bf_fetch_url_escape(&self, specs[i]);
    }
    audit(srv, rq, specs, n, rq->lang, api ? KIND_JSON : KIND_HTML,
          self.data ? self.data : "/", r);
    /* The team's part of the page changes without the store's
     * generation, so it is added after the cache (serve_team.c). */
    if (!api && n == 1 && r->status == 200 &&
        bf__audit_extras(srv, rq, specs[0], &r->body) != BF_OK)
        fail(r, 0, rq->lang, BF_ENOMEM);
    bf_buf_release(&self);
}

/*
 * api_account reads /api/v1/accounts/{account}[/more]: 1 when p is under
 * that prefix and the account fits spec (cap bytes), with *out_rest the
 * rest of the path from the slash after it ("" when none).
 */
static int api_account(const char *p, char *spec, size_t cap,
                       const char **out_rest)
{
    static const char acc[] = "/api/v1/accounts/";
    const char *rest = p + sizeof acc - 1, *slash;
    size_t n;

    if (strncmp(p, acc, sizeof acc - 1) != 0 || strlen(rest) >= cap)
        return 0;
    slash = strchr(rest, '/');
    n = slash ? (size_t)(slash - rest) : strlen(rest);
    memcpy(spec, rest, n);
    spec[n] = '\0';
    *out_rest = slash ? slash : "";
    return 1;
}

/*
 * audit_cached: the page of spec (an HTML or JSON kind) is in the cache
 * at the store's current generation; then rq remembers the account and
 * the generation, so that audit() does not look them up again.  Only a
 * guess of the work ahead: a batch may make the page stale meanwhile,
 * and audit() then builds it where the guess was made.
 */
static int audit_cached(bf_server *srv, bf__req *rq, const char *spec, int kind)
{
    bf__handle *h = bf__handle_get(srv);
    uint32_t id;
    uint64_t gen;

    if (bf_store_resolve(h->st, spec, &id) == BF_OK &&
        bf__generation(srv, h, &gen) == BF_OK &&
        cache_has(cache_slot(srv, id, rq->lang, kind), id, rq->lang, kind,
                  gen)) {
        rq->cached = 1;
        rq->cached_id = id;
        rq->cached_gen = gen;
    }
    bf__handle_put(srv, h);
    return rq->cached;
}

int bf__page_quick(bf_server *srv, bf__req *rq)
{
    const char *p = rq->path, *rest;
    char spec[512];

    if (strcmp(p, "/api/v1/accounts") == 0 ||
        strcmp(p, "/api/v1/health") == 0 || strcmp(p, "/upload") == 0 ||
        strncmp(p, "/jobs/", 6) == 0 || strncmp(p, "/api/v1/ingest/", 15) == 0)
        return 1;
    if (strcmp(p, "/audit") == 0 && rq->na == 1)
        return audit_cached(srv, rq, rq->a[0], KIND_HTML);
    if (api_account(p, spec, sizeof spec, &rest) && spec[0]) {
        if (!*rest)
            return 1; /* the profile: one row */
        if (strcmp(rest, "/audit") == 0)
            return audit_cached(srv, rq, spec, KIND_JSON);
    }
    return 0;
}

/* account_json answers /api/v1/accounts/{account} with its profile. */
static void account_json(bf_server *srv, const bf__req *rq, const char *spec,
                         bf__reply *r)
{
    bf__handle *h = bf__handle_get(srv);
    bf_account_row row;
    uint32_t id = 0;
    bf_err err = bf_store_resolve(h->st, spec, &id);
    const bf_account *a = &row.a;
    const char *s;

    if (!err)
        err = bf_store_account(h->st, id, &row);
    bf__handle_put(srv, h);
    if (err) {
        fail(r, 1, rq->lang, err);
        return;
    }
    r->ctype = "application/json";
    bf_buf_puts(&r->body, "{\"platform\":");
    s = a->platform ? a->platform : "";
    bf_buf_json_string(&r->body, s, strlen(s));
    bf_buf_puts(&r->body, ",\"handle\":");
    s = a->handle ? a->handle : "";
    bf_buf_json_string(&r->body, s, strlen(s));
    bf_buf_puts(&r->body, ",\"name\":");
    s = a->name ? a->name : "";
    bf_buf_json_string(&r->body, s, strlen(s));
    bf_buf_appendf(&r->body,
                   ",\"followers\":%lld,\"following\":%lld,\"posts\":%lld,"
                   "\"created_at\":%lld,\"verified\":%s}\n",
                   (long long)a->followers, (long long)a->following,
                   (long long)a->posts, (long long)a->created_at,
                   a->verified > 0 ? "true" : "false");
    bf_account_row_release(&row);
}

/* ---- the upload form ---- */

/*
 * upload_form is a plain multipart form; the job page that follows shows
 * the progress.  The browser checks the platform's pattern, the server
 * checks it again.
 */
static void upload_form(bf_server *srv, const bf__req *rq, bf__reply *r)
{
    double mib = (double)(srv->o.max_upload >> 20);
    char tok[BF__CSRF_LEN + 1];

    /* The token comes before the file field, so the server checks it
     * before it reads a byte of the file. */
    bf__csrf_make(srv, time(NULL), tok);
    bf__html_head(&r->body, rq->lang, bf_smsg(rq->lang, BF_SMSG_UPLOAD),
                  "/upload");
    bf_buf_appendf(&r->body, "<h1>%s</h1>\n<p>",
                   bf_smsg(rq->lang, BF_SMSG_UPLOAD));
    bf_smsg_format(&r->body, rq->lang, BF_SMSG_UPLOAD_HINT, NULL, 0);
    bf_buf_putc(&r->body, ' ');
    bf_smsg_format(&r->body, rq->lang, BF_SMSG_UPLOAD_LIMIT, &mib, 1);
    bf_buf_appendf(
            &r->body,
            "</p>\n<form id=\"upload-form\" method=\"post\" "
            "action=\"/upload?lang=%s\" enctype=\"multipart/form-data\">\n"
            "<input type=\"hidden\" name=\"csrf\" value=\"%s\">\n"
            "<p><label>%s <input id=\"upload-file\" type=\"file\" "
            "name=\"file\" required></label></p>\n"
            "<p><label>%s <input id=\"upload-platform\" type=\"text\" "
            "name=\"platform\" pattern=\"[a-z0-9_\\-]{1,32}\" "
            "maxlength=\"32\"></label></p>\n"
            "<p><button id=\"upload-btn\" type=\"submit\">%s</button></p>\n"
            "</form>\n",
            bf_lang_code(rq->lang), tok, bf_smsg(rq->lang, BF_SMSG_UPLOAD_FILE),
            bf_smsg(rq->lang, BF_SMSG_UPLOAD_PLATFORM),
            bf_smsg(rq->lang, BF_SMSG_UPLOAD_BUTTON));
    bf__html_tail(&r->body);
}

/* ---- routing ---- */

/* job_id reads a decimal job id filling the rest of s; 0 when invalid. */
static unsigned job_id(const char *s)
{
    char *end;
    unsigned long v = strtoul(s, &end, 10);

    return (*s >= '0' && *s <= '9' && !*end && v < 1u << 30) ? (unsigned)v : 0;
}

/*
 * bf__page_route maps a GET path to its page.  Paths are matched exactly
 * (no prefix matching but for the two with an id), so an unknown path is
 * always a 404 and never reaches a page by accident.
 */
void bf__page_route(bf_server *srv, const bf__req *rq, bf__reply *r)
{
    const char *p = rq->path, *rest;
    char spec[512];

    if (bf__team_route(srv, rq, r)) {
        /* The shortlist and the notes (serve_team.c). */
    } else if (strcmp(p, "/") == 0) {
        /* No query: the home page; a pasted address: /open's answer. */
        if (rq->nq == 0 || (rq->nq == 1 && !rq->q[0]))
            bf__home_page(srv, rq, r);
        else if (rq->nq == 1 && bf_addr_is_address(rq->q))
            bf__open(srv, rq, rq->q, 0, r);
        else
            search(srv, rq, 0, r);
    } else if (strcmp(p, "/open") == 0) {
        bf__open(srv, rq, rq->nq == 1 ? rq->q : NULL, 0, r);
    } else if (strcmp(p, "/audit") == 0) {
        if (rq->na > 1)
            bf__reply_error(r, 0, rq->lang, 400, "bad_request",
                            "one account per audit; use /compare");
        else
            audit_route(srv, rq, 0, NULL, r);
    } else if (strcmp(p, "/compare") == 0) {
        audit_route(srv, rq, 0, NULL, r);
    } else if (strcmp(p, "/upload") == 0) {
        upload_form(srv, rq, r);
    } else if (strncmp(p, "/jobs/", 6) == 0 && job_id(p + 6)) {
        bf__job_reply(srv, job_id(p + 6), 0, rq->lang, r);
    } else if (strcmp(p, "/api/v1/health") == 0) {
        r->ctype = "application/json";
        bf_buf_puts(&r->body, "{\"status\":\"ok\"}\n");
    } else if (strcmp(p, "/api/v1/accounts") == 0) {
        search(srv, rq, 1, r);
    } else if (api_account(p, spec, sizeof spec, &rest)) {
        /* The account is the segment after /accounts/; "/audit" may
         * follow it. */
        if (!spec[0])
            bf__reply_error(r, 1, rq->lang, 404, "not_found", "no such path");
        else if (!*rest)
            account_json(srv, rq, spec, r);
        else if (strcmp(rest, "/audit") == 0)
            audit_route(srv, rq, 1, spec, r);
        else
            bf__reply_error(r, 1, rq->lang, 404, "not_found", "no such path");
    } else if (strcmp(p, "/api/v1/compare") == 0) {
        audit_route(srv, rq, 1, NULL, r);
    } else if (strncmp(p, "/api/v1/ingest/", 15) == 0 && job_id(p + 15)) {
        bf__job_reply(srv, job_id(p + 15), 1, rq->lang, r);
    } else {
        bf__reply_error(r, strncmp(p, "/api/", 5) == 0, rq->lang, 404,
                        "not_found", "no such path");
    }
}
