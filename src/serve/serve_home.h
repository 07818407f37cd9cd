/*
 * serve_home.h - the home page, audit by pasted address, the page that
 * says which file to ask for, the not-found page, and the language a
 * browser asks for (not a public interface).
 *
 * serve_home.c holds the pages; their sentences are in the small catalog
 * below, English and French side by side (the rules of serve_msgs.h:
 * numbers only, the same conversions in both languages, plus the plural
 * choices "{one|other}" of bf_msg_format_str).  Every sentence goes to a
 * page through bf_hmsg_put: formatted, given French typography's
 * no-break spaces (bf_msg_typo), then HTML-escaped.
 *
 * Invariants: every id below BF_HMSG__COUNT has a non-empty text in each
 * language with the same conversions (tests/unit/test_serve_home.c).
 * Ownership: strings are static; pages fill the caller's bf__reply.
 *
 *     bf_hmsg_put(&r->body, BF_LANG_FR, BF_HMSG_STEP1, NULL, 0);
 */
#ifndef BF_SERVE_SERVE_HOME_H
#define BF_SERVE_SERVE_HOME_H

#include "serve/serve_int.h"

typedef enum bf_hmsg_id {
    BF_HMSG_HOME,
    BF_HMSG_TITLE,
    BF_HMSG_INTRO,
    BF_HMSG_STEPS,
    BF_HMSG_STEP1,
    BF_HMSG_STEP1_TEXT,
    BF_HMSG_STEP2,
    BF_HMSG_STEP2_TEXT,
    BF_HMSG_STEP3,
    BF_HMSG_STEP3_TEXT,
    BF_HMSG_PASTE_LABEL,
    BF_HMSG_PASTE_HINT,
    BF_HMSG_PASTE_BUTTON,
    BF_HMSG_UPLOAD_LINK,
    BF_HMSG_SHORTLIST_LINK,
    BF_HMSG_SEARCH_TITLE,
    BF_HMSG_STORE_SIZE,
    BF_HMSG_BAD_ADDRESS,
    BF_HMSG_ASK_TITLE,
    BF_HMSG_WHY_NO_API,
    BF_HMSG_WHY_NO_KEY,
    BF_HMSG_WHY_HOST,
    BF_HMSG_ASK_FILE,
    BF_HMSG_EXPORT_INSTAGRAM,
    BF_HMSG_EXPORT_FACEBOOK,
    BF_HMSG_EXPORT_TIKTOK,
    BF_HMSG_EXPORT_LINKEDIN,
    BF_HMSG_EXPORT_X,
    BF_HMSG_EXPORT_YOUTUBE,
    BF_HMSG_EXPORT_OTHER,
    BF_HMSG_ASK_UPLOAD,
    BF_HMSG_COLLECT_TITLE,
    BF_HMSG_COLLECT_TEXT,
    BF_HMSG_COLLECT_BUTTON,
    BF_HMSG_NF_TITLE,
    BF_HMSG_NF_TEXT,
    BF_HMSG_NF_SUGGEST,
    BF_HMSG_NF_PASTE,
    BF_HMSG_ACCOUNT,
    BF_HMSG_FETCH_JOB,
    BF_HMSG_FETCH_QUEUED,
    BF_HMSG_FETCH_RUNNING,
    BF_HMSG_FETCH_DONE,
    BF_HMSG_FETCH_NOT_FOUND,
    BF_HMSG_FETCH_NET,
    BF_HMSG_FETCH_FAILED,
    BF_HMSG_FETCH_COUNTS,
    BF_HMSG_FETCH_REPORT,
    BF_HMSG_STARTED,
    BF_HMSG_DIAGS_NOTE,
    BF_HMSG_DIAG_LINE,
    BF_HMSG_SEV_ERROR,
    BF_HMSG_SEV_WARNING,
    BF_HMSG_BUSY,
    BF_HMSG_RECENT,
    BF__HMSG_COUNT
} bf_hmsg_id;

/* bf_hmsg is the text of id in lang ("" out of range). */
const char *bf_hmsg(bf_lang lang, bf_hmsg_id id);

/*
 * bf_hmsg_put appends id in lang, formatted with args (bf_msg_format_str),
 * with French typography (bf_msg_typo), HTML-escaped; BF_EINVAL when
 * nargs is not the message's count.
 */
bf_err bf_hmsg_put(bf_buf *out, bf_lang lang, bf_hmsg_id id, const double *args,
                   size_t nargs);

/*
 * bf_serve_accept_lang reads an Accept-Language header (RFC 9110,
 * 12.5.4): the language among English and French with the highest
 * q-value (the first one listed on a tie; "fr-CA" counts as "fr", q=0
 * means "not this one", "*" stands for any language not listed).  -1 when
 * the header names neither (nor "*") or is absent or malformed.
 */
int bf_serve_accept_lang(const char *header);

/*
 * bf_serve_cookie_lang finds the language the bf_lang cookie remembers
 * in a Cookie header ("a=1; bf_lang=fr"); -1 when there is none.
 */
int bf_serve_cookie_lang(const char *header);

/* The remembered language's cookie name. */
#define BF__LANG_COOKIE "bf_lang"

/* bf__home_page answers GET / without a query: the three steps. */
void bf__home_page(bf_server *srv, const bf__req *rq, bf__reply *r);

/*
 * bf__open answers /open: the address in q read (bf_addr_parse), then
 * the account's report (303), a collection job started (303 to the job,
 * only when may_collect: a POST whose CSRF token was checked), the page
 * that offers the collection (a GET), or the page that says which file
 * to ask the candidate for.
 */
void bf__open(bf_server *srv, const bf__req *rq, const char *q, int may_collect,
              bf__reply *r);

/*
 * bf__open_post answers POST /open: body is the form's urlencoded body
 * (fields csrf and q); the CSRF token is checked here.
 */
void bf__open_post(bf_server *srv, const bf__req *rq, const char *body,
                   bf__reply *r);

/*
 * bf__not_found_page answers 404 for an account spec the store lacks: it
 * names spec, lists close handles (bf_store_suggest) and offers the paste
 * and upload forms.
 */
void bf__not_found_page(bf_server *srv, bf_lang lang, const char *spec,
                        bf__reply *r);

/*
 * bf__form_value finds key in an urlencoded body and decodes its value
 * ('+' is a space, %XX a byte) into out (cap bytes); 0 when absent, too
 * long or holding a NUL.
 */
int bf__form_value(const char *body, const char *key, char *out, size_t cap);

/* ---- serve_jobs.c ---- */

/*
 * bf__fetch_start starts a live collection of fetch (a name bonafide
 * fetch takes) whose account the store will know by one of specs[0..n);
 * a job already collecting the same name is reused.  BF_ELIMIT when too
 * many jobs are pending.
 */
bf_err bf__fetch_start(bf_server *srv, const char *fetch,
                       const char (*specs)[520], int n, unsigned *out_id);

#endif
