/*
 * serve_jobs.c - ingest jobs: an uploaded file read into the store.
 *
 * Each complete upload becomes a job with its own thread.  Jobs write one
 * at a time (srv->ingest_mu): SQLite has one writer anyway, and the store
 * sweeps temp files when opened, which must not race another writer.  A
 * job opens its own store handle and reads the whole file in a single
 * batch (one transaction), so a file that fails half-way leaves nothing
 * behind; counts climb while it runs, through a sink that counts and then
 * forwards to the store writer.  Reads go on meanwhile: WAL readers do not
 * see the open transaction.
 *
 * Only the commit and the graph rebuild that follows it are done under
 * srv->graph_rw held for writing; then the job bumps srv->epoch, which
 * makes every cached page stale.  The job table is a ring of BF__JOBS_MAX
 * slots indexed by id; a finished job's slot is reused (and its thread
 * joined) by a later job.  Diagnostics are filled by the job thread and
 * read only once the job is finished, under srv->jmu; their messages go
 * through bf_privacy_scrub before they are shown, as they may quote input.
 *
 * A job that ends well puts what it brought in at the head of the store's
 * list of checked accounts (store/team.h), which the home page shows and
 * which outlives the server: a collection's account, or an upload's
 * first profiles (records with counts, the first of the file newest).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/time.h"
#include "fetch/fetch.h"
#include "ingest/ingest.h"
#include "model/privacy.h"
#include "report/catalog.h"
#include "report/peers.h"
#include "serve/serve_home.h"
#include "serve/serve_int.h"
#include "serve/serve_msgs.h"

/* Diagnostics shown on the job page and in the API answer. */
#define SHOW_DIAGS 200

/* A sink that counts each record for the job page, then forwards it. */
typedef struct counting {
    bf_sink next;
    bf__job *job;
} counting;

/*
 * seen notes the first BF_CHECKED_MAX profiles of an upload (records
 * that give a count: a follower known only by name is no candidate), as
 * "platform:#native_id", for the home page's list once the job commits.
 * Only the job's thread touches them.
 */
static void seen(bf__job *job, const bf_account *a)
{
    char spec[600];
    int i, n;

    if (job->nseen >= BF_CHECKED_MAX || !a->native_id ||
        !bf_account_counts_known(a))
        return;
    n = snprintf(spec, sizeof spec, "%s:#%s",
                 a->platform ? a->platform : "generic", a->native_id);
    if (n < 0 || (size_t)n >= sizeof spec)
        return;
    for (i = 0; i < job->nseen; i++)
        if (strcmp(job->seen[i], spec) == 0)
            return;
    job->seen[job->nseen] = strdup(spec);
    if (job->seen[job->nseen])
        job->nseen++;
}

static bf_err c_account(void *ctx, const bf_account *a)
{
    counting *c = ctx;

    atomic_fetch_add(&c->job->accounts, 1);
    seen(c->job, a);
    return c->next.account(c->next.ctx, a);
}

/*
 * checked puts the accounts named by specs[0..n) at the head of the
 * store's list of checked accounts, the first one newest.  The list is a
 * convenience of the home page: a failure is not the job's.
 */
static void checked(bf_store *st, char *const *specs, int n)
{
    int64_t now = bf_time_now();
    uint32_t id;
    int i;

    for (i = n - 1; i >= 0; i--)
        if (bf_store_resolve(st, specs[i], &id) == BF_OK)
            (void)bf_store_checked_add(st, id, now);
}

static bf_err c_post(void *ctx, const bf_post *p)
{
    counting *c = ctx;

    atomic_fetch_add(&c->job->posts, 1);
    return c->next.post(c->next.ctx, p);
}

static bf_err c_follow(void *ctx, const bf_follow *f)
{
    counting *c = ctx;

    atomic_fetch_add(&c->job->follows, 1);
    return c->next.follow(c->next.ctx, f);
}

/* set_state publishes the job's state under the table's mutex. */
static void set_state(bf_server *srv, bf__job *job, bf__job_state s, bf_err err)
{
    pthread_mutex_lock(&srv->jmu);
    job->state = s;
    job->err = err;
    pthread_mutex_unlock(&srv->jmu);
}

/* What a job thread is started with; the thread frees it. */
typedef struct job_arg {
    bf_server *srv;
    bf__job *job;
} job_arg;

/*
 * run is a job's thread.  It waits its turn (ingest_mu), opens its own
 * store under the graph lock (opening sweeps graph.csr.tmp, which a reader
 * building the graph could be writing), reads the file into one batch,
 * then commits and rebuilds the graph under the lock, so readers map the
 * new graph instead of each building it.  The upload is removed in every
 * case.
 */
static void *run(void *p)
{
    job_arg *arg = p;
    bf_server *srv = arg->srv;
    bf__job *job = arg->job;
    bf_store *st = NULL;
    bf_store_writer w;
    bf_ingest_opts opts;
    counting cs;
    bf_sink sink;
    const bf_csr *g;
    bf_err err;

    free(arg);
    pthread_mutex_lock(&srv->ingest_mu);
    set_state(srv, job, BF__JOB_RUNNING, BF_OK);
    pthread_rwlock_wrlock(&srv->graph_rw);
    err = bf_store_open(srv->store_dir, &st);
    pthread_rwlock_unlock(&srv->graph_rw);
    if (err)
        goto out;
    bf_ingest_opts_init(&opts);
    if (job->platform[0])
        opts.platform = job->platform;
    /* One batch for the whole file: all of it or nothing. */
    bf_store_writer_init(&w, st, SIZE_MAX);
    cs.next = bf_store_writer_sink(&w);
    cs.job = job;
    sink.ctx = &cs;
    sink.account = c_account;
    sink.post = c_post;
    sink.follow = c_follow;
    sink.same = NULL; /* every account is counted */
    err = bf_ingest_path(job->path, &opts, &sink, &job->diags);
    /* An unreadable file is a diagnostic, as in bonafide ingest; any
     * other error drops the whole batch, so the store is as before. */
    if (err == BF_EIO)
        err = BF_OK;
    if (err) {
        bf_store_writer_abort(&w);
        goto out;
    }
    pthread_rwlock_wrlock(&srv->graph_rw);
    err = bf_store_writer_finish(&w);
    if (!err)
        err = bf_store_graph(st, &g);
    pthread_mutex_lock(&srv->jmu);
    srv->epoch++;
    pthread_mutex_unlock(&srv->jmu);
    pthread_rwlock_unlock(&srv->graph_rw);
    /* The store's statistics (report/peers.h), still as its one writer;
     * failing only leaves the audits sampling live. */
    if (!err)
        (void)bf_peers_refresh(st, 0, NULL);
    if (!err)
        checked(st, job->seen, job->nseen);
out:
    bf_store_close(st);
    bf__upload_remove(job->path);
    pthread_mutex_unlock(&srv->ingest_mu);
    set_state(srv, job, err ? BF__JOB_FAILED : BF__JOB_DONE, err);
    return NULL;
}

/* job_free joins the job's thread (finished by then) and frees it. */
static void job_free(bf__job *job)
{
    if (!job)
        return;
    if (job->joinable)
        pthread_join(job->thread, NULL);
    bf_diags_release(&job->diags);
    while (job->nseen > 0)
        free(job->seen[--job->nseen]);
    free(job->log);
    free(job->path);
    free(job->name);
    free(job);
}

/*
 * enqueue gives job an id and a slot and starts its thread fn.  The
 * unfinished jobs are counted and the next slot picked under the table
 * lock; a slot still holding an unfinished job is never reused.  On
 * failure the job is not in the table and the caller frees it.
 */
static bf_err enqueue(bf_server *srv, bf__job *job, void *(*fn)(void *),
                      unsigned *out_id)
{
    bf__job *old = NULL;
    job_arg *arg = malloc(sizeof *arg);
    unsigned pending = 0, i, slot;
    bf_err err = BF_OK;

    if (!arg)
        return BF_ENOMEM;
    job->state = BF__JOB_QUEUED;
    job->started = bf_time_now();
    pthread_mutex_lock(&srv->jmu);
    for (i = 0; i < BF__JOBS_MAX; i++) {
        bf__job *j = srv->jobs[i];

        if (j && (j->state == BF__JOB_QUEUED || j->state == BF__JOB_RUNNING))
            pending++;
    }
    slot = (srv->next_job + 1) % BF__JOBS_MAX;
    if (pending >= BF__JOBS_PENDING ||
        (srv->jobs[slot] && srv->jobs[slot]->state <= BF__JOB_RUNNING)) {
        err = BF_ELIMIT;
    } else {
        job->id = ++srv->next_job;
        old = srv->jobs[slot];
        srv->jobs[slot] = job;
        arg->srv = srv;
        arg->job = job;
        if (pthread_create(&job->thread, NULL, fn, arg) == 0) {
            job->joinable = 1;
        } else {
            srv->jobs[slot] = old;
            old = NULL;
            srv->next_job--;
            err = BF_ENOMEM;
        }
    }
    pthread_mutex_unlock(&srv->jmu);
    /* The replaced job had finished: its thread has ended or is ending,
     * so joining it here is quick, and done outside the table lock. */
    job_free(old);
    if (err) {
        free(arg);
        return err;
    }
    *out_id = job->id;
    return BF_OK;
}

bf_err bf__job_start(bf_server *srv, char *path, const char *name,
                     const char *platform, uint64_t bytes, unsigned *out_id)
{
    bf__job *job = calloc(1, sizeof *job);
    bf_err err;

    if (!job || !(job->name = strdup(name))) {
        free(job);
        return BF_ENOMEM;
    }
    bf_diags_init(&job->diags);
    snprintf(job->platform, sizeof job->platform, "%s", platform);
    job->bytes = bytes;
    job->path = path;
    err = enqueue(srv, job, run, out_id);
    if (err) {
        job->path = NULL; /* the caller removes its file */
        job_free(job);
    }
    return err;
}

/* ---- live collections ---- */

/* on_page publishes a collection's counts for its page, after each page. */
static void on_page(void *ctx, const bf_fetch_result *so_far)
{
    bf__job *job = ctx;

    atomic_store(&job->pages, so_far->pages);
    atomic_store(&job->accounts, so_far->accounts);
    atomic_store(&job->posts, so_far->posts);
    atomic_store(&job->follows, so_far->follows);
}

/*
 * run_fetch is a collection's thread: bonafide fetch's own code
 * (bf_fetch_account) with its default limits, its rate-limit waits and
 * its bounded retries, on a store handle of the job's own.  It waits its
 * turn like an upload (ingest_mu: one writer at a time).  The fetcher
 * commits page by page, as in the CLI, so readers meanwhile see the
 * pages committed so far; once it ends, whatever it committed, the graph
 * is rebuilt and the epoch bumped under the graph lock, as an upload
 * does.  Then the account is looked up under the names the address gave,
 * and the job page sends the browser to its report.  The reader
 * diagnostics fetch writes go to a memory stream, kept for the page.
 */
static void *run_fetch(void *p)
{
    job_arg *arg = p;
    bf_server *srv = arg->srv;
    bf__job *job = arg->job;
    bf_store *st = NULL;
    bf_fetch_spec spec;
    bf_fetch_opts o;
    bf_fetch_result res;
    char xbuf[1024], kbuf[1024], gbuf[1024], target[520] = "";
    char *log = NULL;
    size_t loglen = 0;
    FILE *mem = NULL;
    const bf_csr *g;
    uint32_t id;
    bf_err err;
    int i;

    free(arg);
    memset(&res, 0, sizeof res);
    pthread_mutex_lock(&srv->ingest_mu);
    set_state(srv, job, BF__JOB_RUNNING, BF_OK);
    pthread_rwlock_wrlock(&srv->graph_rw);
    err = bf_store_open(srv->store_dir, &st);
    pthread_rwlock_unlock(&srv->graph_rw);
    if (!err)
        err = bf_fetch_spec_parse(job->fetch_name, &spec);
    if (err)
        goto out;
    bf_fetch_opts_init(&o);
    o.bearer = bf_fetch_secret("BONAFIDE_X_BEARER_TOKEN", xbuf, sizeof xbuf);
    o.api_key = bf_fetch_secret("BONAFIDE_YOUTUBE_API_KEY", kbuf, sizeof kbuf);
    o.graph_token = bf_fetch_secret("BONAFIDE_GRAPH_TOKEN", gbuf, sizeof gbuf);
    o.ig_user = getenv("BONAFIDE_IG_USER_ID");
    o.on_page = on_page;
    o.on_page_ctx = job;
    mem = open_memstream(&log, &loglen);
    o.diag_out = mem;
    err = bf_fetch_account(st, &spec, &o, &res);
    if (mem)
        fclose(mem);
    on_page(job, &res);
    pthread_rwlock_wrlock(&srv->graph_rw);
    if (bf_store_graph(st, &g) != BF_OK && !err)
        err = BF_EIO;
    pthread_mutex_lock(&srv->jmu);
    srv->epoch++;
    pthread_mutex_unlock(&srv->jmu);
    pthread_rwlock_unlock(&srv->graph_rw);
    /* Whatever pages it committed: the statistics, as for an upload. */
    (void)bf_peers_refresh(st, 0, NULL);
    for (i = 0; !err && i < job->nspecs && !target[0]; i++) {
        if (bf_store_resolve(st, job->specs[i], &id) == BF_OK) {
            snprintf(target, sizeof target, "%s", job->specs[i]);
            (void)bf_store_checked_add(st, id, bf_time_now());
        }
    }
    if (!err && !target[0])
        err = BF_ENOTFOUND;
out:
    bf_store_close(st);
    pthread_mutex_unlock(&srv->ingest_mu);
    pthread_mutex_lock(&srv->jmu);
    job->diags.rejected = res.rejected;
    job->diags.warnings = res.warnings;
    job->log = log;
    memcpy(job->target, target, sizeof target);
    job->state = err ? BF__JOB_FAILED : BF__JOB_DONE;
    job->err = err;
    pthread_mutex_unlock(&srv->jmu);
    return NULL;
}

bf_err bf__fetch_start(bf_server *srv, const char *fetch,
                       const char (*specs)[520], int n, unsigned *out_id)
{
    bf__job *job;
    unsigned i, same = 0;
    bf_err err;

    /* The same account asked for twice while it is collected: one job. */
    pthread_mutex_lock(&srv->jmu);
    for (i = 0; i < BF__JOBS_MAX && !same; i++) {
        bf__job *j = srv->jobs[i];

        if (j && j->fetch && j->state <= BF__JOB_RUNNING &&
            strcmp(j->fetch_name, fetch) == 0)
            same = j->id;
    }
    pthread_mutex_unlock(&srv->jmu);
    if (same) {
        *out_id = same;
        return BF_OK;
    }
    if (n < 1 || n > 2 || strlen(fetch) >= sizeof job->fetch_name)
        return BF_EINVAL;
    job = calloc(1, sizeof *job);
    if (!job || !(job->name = strdup(fetch))) {
        free(job);
        return BF_ENOMEM;
    }
    bf_diags_init(&job->diags);
    job->fetch = 1;
    snprintf(job->fetch_name, sizeof job->fetch_name, "%s", fetch);
    for (i = 0; i < (unsigned)n; i++)
        snprintf(job->specs[i], sizeof job->specs[i], "%s", specs[i]);
    job->nspecs = n;
    err = enqueue(srv, job, run_fetch, out_id);
    if (err)
        job_free(job);
    return err;
}

void bf__jobs_wait(bf_server *srv)
{
    unsigned i;

    for (i = 0; i < BF__JOBS_MAX; i++) {
        job_free(srv->jobs[i]);
        srv->jobs[i] = NULL;
    }
}

/* state_key is the API's name of a state. */
static const char *state_key(bf__job_state s)
{
    static const char *const keys[] = { "queued", "running", "done", "failed" };

    return keys[s];
}

/* state_msg is the page's sentence for a state. */
static bf_smsg_id state_msg(bf__job_state s)
{
    static const bf_smsg_id ids[] = { BF_SMSG_JOB_QUEUED, BF_SMSG_JOB_RUNNING,
                                      BF_SMSG_JOB_DONE, BF_SMSG_JOB_FAILED };

    return ids[s];
}

/* render writes job (srv->jmu held) as JSON or HTML into r. */
static void render(const bf__job *job, int api, bf_lang lang, bf__reply *r)
{
    int finished = job->state >= BF__JOB_DONE;
    double counts[] = { (double)atomic_load(&job->accounts),
                        (double)atomic_load(&job->posts),
                        (double)atomic_load(&job->follows) };
    double rej[] = { finished ? (double)job->diags.rejected : 0,
                     finished ? (double)job->diags.warnings : 0 };
    double id = job->id;
    size_t i, shown = finished ? job->diags.n : 0;
    bf_buf clean;
    int found;

    /* Counters are read atomically while the job runs; rejected counts
     * and diagnostics only once it has finished, as the job thread writes
     * them without a lock. */
    if (shown > SHOW_DIAGS)
        shown = SHOW_DIAGS;
    bf_buf_init(&clean, 1 << 20);
    if (api) {
        r->ctype = "application/json";
        bf_buf_appendf(&r->body,
                       "{\"job\":%u,\"state\":\"%s\",\"file\":", job->id,
                       state_key(job->state));
        bf_buf_json_string(&r->body, job->name, strlen(job->name));
        bf_buf_appendf(
                &r->body,
                ",\"bytes\":%llu,\"read\":{\"accounts\":%.0f,\"posts\":%.0f,"
                "\"follows\":%.0f},\"rejected\":%.0f,\"warnings\":%.0f,"
                "\"error\":",
                (unsigned long long)job->bytes, counts[0], counts[1], counts[2],
                rej[0], rej[1]);
        if (job->state == BF__JOB_FAILED)
            bf_buf_appendf(&r->body, "\"%s\"", bf_strerror(job->err));
        else
            bf_buf_puts(&r->body, "null");
        bf_buf_puts(&r->body, ",\"diagnostics\":[");
    } else {
        char self[32];

        snprintf(self, sizeof self, "/jobs/%u", job->id);
        /* Progress without script: the browser reloads the page every
         * second (Refresh header) until the job has finished. */
        if (!finished)
            r->refresh = 1;
        bf__html_head(&r->body, lang, bf_smsg(lang, BF_SMSG_UPLOAD), self);
        bf_buf_puts(&r->body, "<h1>");
        bf_smsg_format(&r->body, lang, BF_SMSG_JOB, &id, 1);
        bf_buf_puts(&r->body, "</h1>\n<p>");
        bf_buf_html(&r->body, job->name);
        bf_buf_appendf(&r->body, "</p>\n<p id=\"job-state\" data-state=\"%s\">",
                       state_key(job->state));
        bf_smsg_format(&r->body, lang, state_msg(job->state), NULL, 0);
        bf_buf_puts(&r->body, "</p>\n");
        bf_buf_appendf(&r->body,
                       "<p id=\"job-counts\" data-accounts=\"%.0f\" "
                       "data-posts=\"%.0f\" data-follows=\"%.0f\">",
                       counts[0], counts[1], counts[2]);
        bf_smsg_format(&r->body, lang, BF_SMSG_JOB_COUNTS, counts, 3);
        bf_buf_puts(&r->body, "</p>\n");
        if (finished) {
            bf_buf_appendf(&r->body,
                           "<p id=\"job-rejected\" "
                           "data-rejected=\"%.0f\">",
                           rej[0]);
            bf_smsg_format(&r->body, lang, BF_SMSG_JOB_REJECTED, rej, 2);
            bf_buf_puts(&r->body, "</p>\n");
        }
        if (shown) {
            bf_buf_appendf(&r->body, "<h2>%s</h2>\n<p id=\"job-diags-note\">",
                           bf_smsg(lang, BF_SMSG_JOB_DIAGS));
            bf_hmsg_put(&r->body, lang, BF_HMSG_DIAGS_NOTE, NULL, 0);
            bf_buf_puts(&r->body, "</p>\n<ul id=\"job-diags\">\n");
        }
    }
    for (i = 0; i < shown; i++) {
        const bf_diag_rec *d = &job->diags.recs[i];
        const char *sev =
                bf_diag_severity(d->id) == BF_SEV_ERROR ? "error" : "warning";

        /* A diagnostic may quote its record: scrub it like the store
         * scrubs fields, so no contact detail reaches the page. */
        if (bf_privacy_scrub(d->message, &clean, &found) != BF_OK)
            continue;
        if (api) {
            bf_buf_appendf(
                    &r->body,
                    "%s{\"line\":%llu,\"offset\":%llu,\"severity\":\"%s\","
                    "\"message\":",
                    i ? "," : "", (unsigned long long)d->line,
                    (unsigned long long)d->offset, sev);
            bf_buf_json_string(&r->body, clean.data, clean.len);
            bf_buf_putc(&r->body, '}');
        } else {
            double line = (double)d->line;

            /* The frame is in the page's language; the message itself is
             * the reader's, in English (lang="en" for screen readers). */
            bf_buf_appendf(&r->body, "<li class=\"diag %s\">", sev);
            bf_hmsg_put(&r->body, lang,
                        sev[0] == 'e' ? BF_HMSG_SEV_ERROR : BF_HMSG_SEV_WARNING,
                        NULL, 0);
            bf_buf_puts(&r->body, ", ");
            bf_hmsg_put(&r->body, lang, BF_HMSG_DIAG_LINE, &line, 1);
            bf_buf_puts(&r->body, lang == BF_LANG_FR ? "\xe2\x80\xaf: " : ": ");
            bf_buf_puts(&r->body, "<span lang=\"en\">");
            bf_buf_html(&r->body, clean.data);
            bf_buf_puts(&r->body, "</span>");
            bf_buf_puts(&r->body, "</li>\n");
        }
    }
    if (api) {
        bf_buf_puts(&r->body, "]}\n");
    } else {
        if (shown)
            bf_buf_puts(&r->body, "</ul>\n");
        bf__html_tail(&r->body);
    }
    bf_buf_release(&clean);
}

/* fetch_state_msg is the page's sentence for a collection's state. */
static bf_hmsg_id fetch_state_msg(const bf__job *job)
{
    switch (job->state) {
    case BF__JOB_QUEUED:
        return BF_HMSG_FETCH_QUEUED;
    case BF__JOB_RUNNING:
        return BF_HMSG_FETCH_RUNNING;
    case BF__JOB_DONE:
        return BF_HMSG_FETCH_DONE;
    default:
        return job->err == BF_ENOTFOUND ? BF_HMSG_FETCH_NOT_FOUND
               : job->err == BF_ENET    ? BF_HMSG_FETCH_NET
                                        : BF_HMSG_FETCH_FAILED;
    }
}

/*
 * render_fetch writes a collection job (srv->jmu held).  Once it is done
 * the page is a redirection to the report: the browser, which reloads
 * the page every second while the job runs, lands on the report.
 */
static void render_fetch(const bf__job *job, int api, bf_lang lang,
                         bf__reply *r)
{
    int finished = job->state >= BF__JOB_DONE;
    double counts[] = { (double)atomic_load(&job->pages),
                        (double)atomic_load(&job->accounts),
                        (double)atomic_load(&job->posts),
                        (double)atomic_load(&job->follows) };
    double id = job->id;
    bf_buf clean, loc;
    int found;

    if (job->state == BF__JOB_DONE && job->target[0] && !api) {
        bf_buf_init(&loc, sizeof r->location);
        if (bf_buf_puts(&loc, "/audit?a=") == BF_OK &&
            bf_fetch_url_escape(&loc, job->target) == BF_OK &&
            bf_buf_appendf(&loc, "&lang=%s", bf_lang_code(lang)) == BF_OK &&
            loc.len < sizeof r->location) {
            memcpy(r->location, loc.data, loc.len + 1);
            r->status = 303;
            bf_buf_release(&loc);
            return;
        }
        bf_buf_release(&loc);
    }
    bf_buf_init(&clean, 1 << 20);
    /* The log may quote a record: scrubbed like the diagnostics. */
    if (finished && job->log && job->log[0] &&
        bf_privacy_scrub(job->log, &clean, &found) != BF_OK)
        bf_buf_reset(&clean);
    if (api) {
        r->ctype = "application/json";
        bf_buf_appendf(&r->body,
                       "{\"job\":%u,\"kind\":\"fetch\",\"state\":\"%s\","
                       "\"account\":",
                       job->id, state_key(job->state));
        bf_buf_json_string(&r->body, job->fetch_name, strlen(job->fetch_name));
        bf_buf_appendf(&r->body,
                       ",\"read\":{\"pages\":%.0f,\"accounts\":%.0f,"
                       "\"posts\":%.0f,\"follows\":%.0f},\"error\":",
                       counts[0], counts[1], counts[2], counts[3]);
        if (job->state == BF__JOB_FAILED)
            bf_buf_appendf(&r->body, "\"%s\"", bf_strerror(job->err));
        else
            bf_buf_puts(&r->body, "null");
        bf_buf_puts(&r->body, ",\"report\":");
        if (job->target[0]) {
            bf_buf_puts(&r->body, "\"/api/v1/accounts/");
            bf_fetch_url_escape(&r->body, job->target);
            bf_buf_puts(&r->body, "/audit\"");
        } else {
            bf_buf_puts(&r->body, "null");
        }
        bf_buf_puts(&r->body, ",\"log\":");
        bf_buf_json_string(&r->body, clean.data ? clean.data : "", clean.len);
        bf_buf_puts(&r->body, "}\n");
        bf_buf_release(&clean);
        return;
    }
    {
        char self[32];

        snprintf(self, sizeof self, "/jobs/%u", job->id);
        if (!finished)
            r->refresh = 1;
        bf__html_head(&r->body, lang, bf_hmsg(lang, BF_HMSG_COLLECT_TITLE),
                      self);
    }
    bf_buf_puts(&r->body, "<main>\n<h1>");
    bf_hmsg_put(&r->body, lang, BF_HMSG_FETCH_JOB, &id, 1);
    bf_buf_puts(&r->body, "</h1>\n<p id=\"job-account\"><strong>");
    bf_buf_html(&r->body, job->fetch_name);
    bf_buf_puts(&r->body, "</strong></p>\n<p id=\"job-started\">");
    bf_hmsg_put(&r->body, lang, BF_HMSG_STARTED, NULL, 0);
    bf_buf_putc(&r->body, ' ');
    bf_msg_date(&r->body, lang, job->started);
    bf_buf_appendf(&r->body,
                   "</p>\n<p id=\"job-state\" data-state=\"%s\" "
                   "data-kind=\"fetch\">",
                   state_key(job->state));
    bf_hmsg_put(&r->body, lang, fetch_state_msg(job), NULL, 0);
    bf_buf_appendf(&r->body,
                   "</p>\n<p id=\"job-counts\" data-pages=\"%.0f\" "
                   "data-accounts=\"%.0f\" data-posts=\"%.0f\" "
                   "data-follows=\"%.0f\">",
                   counts[0], counts[1], counts[2], counts[3]);
    bf_hmsg_put(&r->body, lang, BF_HMSG_FETCH_COUNTS, counts, 4);
    bf_buf_puts(&r->body, "</p>\n");
    if (job->target[0]) {
        bf_buf_puts(&r->body, "<p><a id=\"job-report\" href=\"/audit?a=");
        bf_fetch_url_escape(&r->body, job->target);
        bf_buf_appendf(&r->body, "&amp;lang=%s\">", bf_lang_code(lang));
        bf_hmsg_put(&r->body, lang, BF_HMSG_FETCH_REPORT, NULL, 0);
        bf_buf_puts(&r->body, "</a></p>\n");
    } else if (finished) {
        bf_buf_appendf(&r->body, "<p><a id=\"job-home\" href=\"/?lang=%s\">",
                       bf_lang_code(lang));
        bf_hmsg_put(&r->body, lang, BF_HMSG_HOME, NULL, 0);
        bf_buf_puts(&r->body, "</a></p>\n");
    }
    if (clean.len) {
        bf_buf_appendf(&r->body, "<h2>%s</h2>\n<p id=\"job-diags-note\">",
                       bf_smsg(lang, BF_SMSG_JOB_DIAGS));
        bf_hmsg_put(&r->body, lang, BF_HMSG_DIAGS_NOTE, NULL, 0);
        bf_buf_puts(&r->body, "</p>\n<pre id=\"job-log\" lang=\"en\">");
        /* A long log is cut: the page shows its first 64 KiB. */
        if (clean.len > 65536) {
            clean.data[65536] = '\0';
            clean.len = 65536;
        }
        bf_buf_html(&r->body, clean.data);
        bf_buf_puts(&r->body, "</pre>\n");
    }
    bf_buf_puts(&r->body, "</main>\n");
    bf__html_tail(&r->body);
    bf_buf_release(&clean);
}

/*
 * bf__job_reply renders under the table lock, so the job cannot be freed
 * (its slot reused) while its page is written.
 */
void bf__job_reply(bf_server *srv, unsigned id, int api, bf_lang lang,
                   bf__reply *rep)
{
    bf__job *job;
    int found;

    pthread_mutex_lock(&srv->jmu);
    job = srv->jobs[id % BF__JOBS_MAX];
    found = job && job->id == id;
    if (found && job->fetch)
        render_fetch(job, api, lang, rep);
    else if (found)
        render(job, api, lang, rep);
    pthread_mutex_unlock(&srv->jmu);
    if (!found)
        bf__reply_error(rep, api, lang, 404, "not_found", "no such job");
}
