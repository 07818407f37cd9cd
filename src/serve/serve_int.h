/*
 * serve_int.h - what the server's files share (not a public interface).
 *
 * serve.c runs the daemon: options, authentication, limits, routing and
 * the upload stream.  It hands each routed request, as a bf__req, to a
 * page function of serve_pages.c, which fills a bf__reply (status, content
 * type, body) without knowing libmicrohttpd.  Search is the store's
 * (store/search.h); serve_jobs.c runs ingest jobs; serve_team.c holds the
 * shortlist, the team's notes and the search results, and answers the
 * pages' urlencoded forms, whose bodies serve.c reads whole.
 *
 * Concurrency rules:
 *   - A request borrows one bf__handle from the pool for its whole work
 *     (bf__handle_get / bf__handle_put); a handle is used by one thread at
 *     a time, so SQLite connections are never shared.
 *   - Code that may read the follow graph holds graph_rw for reading.  An
 *     ingest job holds it for writing only while it commits and rebuilds
 *     graph.csr, so two threads never build the graph file at once and
 *     reads do not wait while a job parses its file.
 *
 * Ownership: a bf__reply owns its body; bf__reply_release frees it.
 */
#ifndef BF_SERVE_SERVE_INT_H
#define BF_SERVE_SERVE_INT_H

#include <microhttpd.h>
#include <pthread.h>
#include <sqlite3.h>
#include <stdatomic.h>
#include <stdint.h>
#include <time.h>

#include "base/buf.h"
#include "base/diag.h"
#include "report/catalog.h"
#include "report/report.h"
#include "serve/mhd.h"
#include "serve/serve.h"
#include "store/store.h"
#include "store/team.h"

/* Largest page or API answer the server builds. */
#define BF__REPLY_LIMIT ((size_t)64 << 20)
/* Search answers at most this many accounts. */
#define BF__SEARCH_MAX 50
/* Ingest jobs remembered (the oldest finished ones are forgotten). */
#define BF__JOBS_MAX 64
/* Jobs waiting or running at once; more are refused with 503. */
#define BF__JOBS_PENDING 4

/* The largest body of the paste form (POST /open). */
#define BF__PASTE_MAX 8192

/* CSRF tokens: 16 hex digits of time, '-', 64 hex digits of HMAC. */
#define BF__CSRF_LEN 81

/* The watchdog's record of one open connection (serve_guard.c). */
typedef struct bf__conn_slot {
    int used;
    int fd;
    int in_request; /* headers received; the watchdog leaves it be */
    double since;   /* monotonic seconds: opened, or last request ended */
} bf__conn_slot;

/* One pooled reader: a store handle and a read-only SQLite connection. */
typedef struct bf__handle {
    bf_store *st;
    sqlite3 *ro;
    sqlite3_stmt *gen; /* the generation query, prepared once */
    int busy;
} bf__handle;

/* One cached page: key (account, lang, kind) valid at generation gen.
 * A search answer's key is its text (key, keylen), id its hash. */
typedef struct bf__cache_slot {
    pthread_mutex_t mu;
    uint32_t id;
    int lang, kind, used;
    uint64_t gen;
    uint64_t tick; /* last hit or fill, for the pair's replacement */
    char *data;
    size_t len;
    char *key; /* NULL for an audit page */
    size_t keylen;
} bf__cache_slot;

typedef enum bf__job_state {
    BF__JOB_QUEUED,
    BF__JOB_RUNNING,
    BF__JOB_DONE,
    BF__JOB_FAILED
} bf__job_state;

typedef struct bf__job {
    unsigned id;
    bf__job_state state; /* under srv->jmu */
    char *path;          /* the uploaded temp file, removed after */
    char *name;          /* the file name the client gave, sanitised */
    char platform[33];   /* "" = the format's own */
    uint64_t bytes;      /* size of the upload */
    atomic_uint_fast64_t accounts, posts, follows; /* records read */
    bf_diags diags; /* filled by the job thread; read once done */
    bf_err err;
    /* A live collection (serve_home.c starts it) instead of an upload:
     * fetch_name is the name bonafide fetch takes, specs the store's names
     * of the account, target the one found once collected. */
    int fetch;
    char fetch_name[520];
    char specs[2][520];
    int nspecs;
    char target[520];
    atomic_uint_fast64_t pages;
    char *log; /* the collection's diagnostics as written; job-owned */
    /* An upload's first profiles, "platform:#native_id", owned; for the
     * store's list of checked accounts (store/team.h). */
    char *seen[BF_CHECKED_MAX];
    int nseen;
    int64_t started; /* Unix time the job was created */
    pthread_t thread;
    int joinable;
} bf__job;

struct bf_server {
    bf_serve_opts o; /* strings below are owned copies */
    char *store_dir, *addr, *token;
    struct MHD_Daemon *d;
    uint16_t port;
    bf__handle *h;
    size_t nh;
    pthread_mutex_t hmu;
    pthread_cond_t hcv;
    pthread_rwlock_t graph_rw;
    bf__cache_slot *cache; /* 2 * ncache: audit pages, then searches */
    size_t ncache;
    pthread_mutex_t jmu;       /* the job table and epoch */
    pthread_mutex_t ingest_mu; /* one writer at a time */
    bf__job *jobs[BF__JOBS_MAX];
    unsigned next_job;
    uint64_t epoch; /* bumped by each committed job */
    char *host_names[BF_SERVE_MAX_HOST_NAMES]; /* owned copies */
    unsigned char csrf_key[32];
    pthread_mutex_t cmu; /* the connection slots and stopping */
    pthread_cond_t ccv;  /* wakes the watchdog to stop */
    bf__conn_slot *conns;
    size_t nconns;
    pthread_t wd;
    int wd_running, ccv_init, stopping;
    /* The slow lane (serve.c): requests waiting for a worker. */
    pthread_mutex_t lmu;
    pthread_cond_t lcv;     /* a request queued, or the workers to stop */
    pthread_cond_t lidle;   /* the lane emptied */
    struct conn_ctx *lhead; /* queued, oldest first */
    struct conn_ctx *ltail;
    size_t lbusy;              /* queued or being answered */
    int lclosed;               /* no more requests queued: answered in place */
    int lstop;                 /* the workers exit */
    pthread_t *lthr;           /* the workers */
    size_t nlthr;              /* started */
    unsigned pollers;          /* threads of MHD's pool */
    struct bf__team *team;     /* serve_team.c's verdict cache */
    struct bf__access *access; /* sessions and share links */
};

/* A routed request, decoded by serve.c; strings are borrowed. */
typedef struct bf__req {
    const char *path;  /* decoded URL path, checked for traversal */
    bf_lang lang;      /* ?lang=, default English */
    const char *q;     /* ?q= */
    const char *limit; /* ?limit= */
    const char *a[BF_SERVE_MAX_COMPARE + 1]; /* ?a= values, in order */
    size_t na;           /* how many ?a= there were (may exceed the array) */
    unsigned nq, nlimit; /* how many ?q= and ?limit= there were */
    const char *sort, *page; /* ?sort= and ?page= of search (serve_team.c) */
    const char *author;      /* the note author's cookie, or NULL */
    /* Set by bf__page_quick when it found the audit page in the cache:
     * the account and the generation it was found at. */
    int cached;
    uint32_t cached_id;
    uint64_t cached_gen;
    int in_lane; /* answered by a worker, which may take its time */
} bf__req;

/* What a page function answers. */
typedef struct bf__reply {
    unsigned status;
    const char *ctype;   /* static */
    char location[1024]; /* for redirects; "" = none */
    int lang_cookie;     /* a language to remember (Set-Cookie), or -1 */
    int refresh;         /* seconds; 0 = no Refresh header */
    char cookie[256];    /* a Set-Cookie value; "" = none */
    bf_buf body;
    int again; /* too long for a polling thread: to be asked of a worker */
} bf__reply;

void bf__reply_init(bf__reply *r);
void bf__reply_release(bf__reply *r);

/* bf__reply_error sets r to a JSON (api) or HTML error page. */
void bf__reply_error(bf__reply *r, int api, bf_lang lang, unsigned status,
                     const char *code, const char *message);

/* bf__handle_get waits for a free pooled handle; bf__handle_put frees it. */
bf__handle *bf__handle_get(bf_server *srv);
void bf__handle_put(bf_server *srv, bf__handle *h);

/*
 * bf__generation is a number that changes whenever the store's accounts,
 * posts or follows may have changed: the store's data generation
 * (store/peers.h), which every committed batch raises, whether it added
 * rows or only updated some, mixed with the server's job epoch.  One row
 * read by its primary key.  The team's notes and shortlist do not change
 * it: the pages add them after the cache.
 */
bf_err bf__generation(bf_server *srv, bf__handle *h, uint64_t *out_gen);

/* Page functions of serve_pages.c; each fills rep. */
void bf__page_route(bf_server *srv, const bf__req *rq, bf__reply *rep);

/*
 * A search on a polling thread stops after this many microseconds of the
 * thread's CPU time and is handed to a worker (bf__reply.again): about
 * one distinct search in a thousand, a phrase such as "adrien_s" whose
 * last word is one common letter, reads the index for 10 to 30 ms on a
 * million accounts, which every other connection of that thread would
 * wait for.
 */
#define BF__QUICK_SEARCH_US 2000

/*
 * bf__page_quick: the GET rq costs at most a search or a row or two (a
 * search, a profile, a job's state, an audit page already cached), so
 * the connection's own thread answers it; 0 when it may build an audit,
 * which a worker thread does instead (serve.c, "Two lanes").
 */
int bf__page_quick(bf_server *srv, bf__req *rq);

/* The job page and API answer for job id (serve_jobs.c). */
void bf__job_reply(bf_server *srv, unsigned id, int api, bf_lang lang,
                   bf__reply *rep);

/*
 * bf__upload_remove removes an upload's file and the directory made for
 * it (serve.c, open_upload).
 */
void bf__upload_remove(const char *path);

/*
 * bf__job_start takes over the uploaded file path (renamed into place by
 * the caller) and starts ingesting it; *out_id gets the job id.
 * BF_ELIMIT when too many jobs are pending.
 */
bf_err bf__job_start(bf_server *srv, char *path, const char *name,
                     const char *platform, uint64_t bytes, unsigned *out_id);

/* bf__jobs_wait waits for every job thread and frees the jobs. */
void bf__jobs_wait(bf_server *srv);

/* bf__html_head/tail write the pages' frame with the navigation bar. */
bf_err bf__html_head(bf_buf *b, bf_lang lang, const char *title,
                     const char *self);
bf_err bf__html_nav(bf_buf *b, bf_lang lang, const char *self);
bf_err bf__html_tail(bf_buf *b);

/* ---- serve_guard.c ---- */

/* bf__csrf_init draws the key of the CSRF tokens (getrandom). */
bf_err bf__csrf_init(bf_server *srv);

/* bf__csrf_make writes a token for time now into out (BF__CSRF_LEN + 1). */
void bf__csrf_make(const bf_server *srv, time_t now, char *out);

/* bf__csrf_check: tok is a token of this process, at most a day old. */
int bf__csrf_check(const bf_server *srv, const char *tok, time_t now);

/* bf__html_controls replaces control bytes in an HTML body by U+FFFD. */
bf_err bf__html_controls(bf_buf *b);

/*
 * The header watchdog: bf__conn_notify is libmicrohttpd's connection
 * callback (a slot per connection); bf__conn_request marks a request's
 * headers received (begins = 1) or the request ended (0).
 */
void bf__conn_notify(void *cls, struct MHD_Connection *conn, void **socket_ctx,
                     enum MHD_ConnectionNotificationCode code);
void bf__conn_request(bf_server *srv, struct MHD_Connection *conn, int begins);
bf_err bf__watchdog_start(bf_server *srv);
void bf__watchdog_stop(bf_server *srv);

/* bf__valid_platform: 1 to 32 of a-z, 0-9, '-' and '_'. */
int bf__valid_platform(const char *s);

/* ---- serve_team.c: the shortlist, notes and search results ---- */

/* The author token's cookie, and the largest form body a page posts. */
#define BF__AUTHOR_COOKIE "bf_author"
#define BF__FORM_MAX      ((size_t)32 << 10)

/* bf__team_init/free make and free srv->team (the verdict cache). */
bf_err bf__team_init(bf_server *srv);
void bf__team_free(bf_server *srv);

/* bf__form_route: path takes a POSTed form of serve_team.c. */
int bf__form_route(const char *path);

/* bf__form_post answers the urlencoded form body[0..len) posted to path. */
void bf__form_post(bf_server *srv, const bf__req *rq, const char *body,
                   size_t len, bf__reply *rep);

/*
 * bf__team_route answers the GET pages and API of serve_team.c; 0 when
 * rq->path is none of them.
 */
int bf__team_route(bf_server *srv, const bf__req *rq, bf__reply *rep);

/*
 * bf__search_results appends the search page's results for q: the count,
 * sort and page links, the table with verdicts and shortlist buttons.
 */
bf_err bf__search_results(bf_server *srv, const bf__req *rq, const char *q,
                          bf_buf *out);

/*
 * bf__summary_put keeps the verdict and key figures of report r, account
 * id's full audit built at generation gen, for the search results, the
 * shortlist and the home page (an audit page built anyway costs nothing
 * more).  bf__verdict_peek sets *out to id's verdict when one is kept
 * for generation gen, and returns 1; 0 otherwise, without auditing.
 */
void bf__summary_put(bf_server *srv, uint32_t id, uint64_t gen,
                     const bf_report *r);
int bf__verdict_peek(bf_server *srv, uint32_t id, uint64_t gen,
                     bf_verdict *out);

/*
 * bf__audit_extras inserts into the audit page of spec (before </body>)
 * the shortlist button and the team's notes with their forms.
 */
bf_err bf__audit_extras(bf_server *srv, const bf__req *rq, const char *spec,
                        bf_buf *page);

#endif
