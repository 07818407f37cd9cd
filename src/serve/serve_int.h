/*
 * serve_int.h - what the server's files share (not a public interface).
 *
 * serve.c runs the daemon: options, authentication, limits, routing and
 * the upload stream.  It hands each routed request, as a bf__req, to a
 * page function of serve_pages.c, which fills a bf__reply (status, content
 * type, body) without knowing libmicrohttpd.  serve_search.c queries
 * accounts by handle, name or platform; serve_jobs.c runs ingest jobs.
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

#include <pthread.h>
#include <sqlite3.h>
#include <stdatomic.h>
#include <stdint.h>

#include "base/buf.h"
#include "base/diag.h"
#include "report/catalog.h"
#include "serve/serve.h"
#include "store/store.h"

/* Largest page or API answer the server builds. */
#define BF__REPLY_LIMIT ((size_t)64 << 20)
/* Search answers at most this many accounts. */
#define BF__SEARCH_MAX 50
/* Ingest jobs remembered (the oldest finished ones are forgotten). */
#define BF__JOBS_MAX 64
/* Jobs waiting or running at once; more are refused with 503. */
#define BF__JOBS_PENDING 4

/* One pooled reader: a store handle and a read-only SQLite connection. */
typedef struct bf__handle {
    bf_store *st;
    sqlite3 *ro;
    sqlite3_stmt *gen; /* the generation query, prepared once */
    int busy;
} bf__handle;

/* One cached page: key (account, lang, kind) valid at generation gen. */
typedef struct bf__cache_slot {
    pthread_mutex_t mu;
    uint32_t id;
    int lang, kind, used;
    uint64_t gen;
    char *data;
    size_t len;
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
    bf__cache_slot *cache;
    size_t ncache;
    pthread_mutex_t jmu;       /* the job table and epoch */
    pthread_mutex_t ingest_mu; /* one writer at a time */
    bf__job *jobs[BF__JOBS_MAX];
    unsigned next_job;
    uint64_t epoch; /* bumped by each committed job */
};

/* A routed request, decoded by serve.c; strings are borrowed. */
typedef struct bf__req {
    const char *path;  /* decoded URL path, checked for traversal */
    bf_lang lang;      /* ?lang=, default English */
    const char *q;     /* ?q= */
    const char *limit; /* ?limit= */
    const char *a[BF_SERVE_MAX_COMPARE + 1]; /* ?a= values, in order */
    size_t na; /* how many ?a= there were (may exceed the array) */
} bf__req;

/* What a page function answers. */
typedef struct bf__reply {
    unsigned status;
    const char *ctype;  /* static */
    char location[128]; /* for redirects; "" = none */
    int refresh;        /* seconds; 0 = no Refresh header */
    bf_buf body;
} bf__reply;

/* A search hit. */
typedef struct bf__hit {
    uint32_t id;
    char platform[64];
    char handle[128];
    char name[192];
    int64_t followers;
} bf__hit;

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
 * posts or follows may have changed: the largest rowids of accounts, posts
 * and segments, mixed with the server's job epoch.  O(1) per table.
 */
bf_err bf__generation(bf_server *srv, bf__handle *h, uint64_t *out_gen);

/*
 * bf__search fills hits (cap of them) with accounts matching q: a
 * "platform:" prefix restricts the platform; the rest matches a handle
 * prefix or a name substring, case-insensitively; a bare platform name
 * lists that platform.  Most followed first.
 */
bf_err bf__search(bf__handle *h, const char *q, bf__hit *hits, size_t cap,
                  size_t *out_n);

/* Page functions of serve_pages.c; each fills rep. */
void bf__page_route(bf_server *srv, const bf__req *rq, bf__reply *rep);

/* The job page and API answer for job id (serve_jobs.c). */
void bf__job_reply(bf_server *srv, unsigned id, int api, bf_lang lang,
                   bf__reply *rep);

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

/* bf__valid_platform: 1 to 32 of a-z, 0-9, '-' and '_'. */
int bf__valid_platform(const char *s);

#endif
