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
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ingest/ingest.h"
#include "model/privacy.h"
#include "serve/serve_int.h"
#include "serve/serve_msgs.h"

/* Diagnostics shown on the job page and in the API answer. */
#define SHOW_DIAGS 200

/* A sink that counts each record for the job page, then forwards it. */
typedef struct counting {
    bf_sink next;
    bf__job *job;
} counting;

static bf_err c_account(void *ctx, const bf_account *a)
{
    counting *c = ctx;

    atomic_fetch_add(&c->job->accounts, 1);
    return c->next.account(c->next.ctx, a);
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
out:
    bf_store_close(st);
    unlink(job->path);
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
    free(job->path);
    free(job->name);
    free(job);
}

bf_err bf__job_start(bf_server *srv, char *path, const char *name,
                     const char *platform, uint64_t bytes, unsigned *out_id)
{
    bf__job *job, *old = NULL;
    job_arg *arg;
    unsigned pending = 0, i, slot;
    bf_err err = BF_OK;

    job = calloc(1, sizeof *job);
    arg = malloc(sizeof *arg);
    if (!job || !arg || !(job->name = strdup(name))) {
        free(arg);
        if (job)
            free(job->name);
        free(job);
        return BF_ENOMEM;
    }
    bf_diags_init(&job->diags);
    snprintf(job->platform, sizeof job->platform, "%s", platform);
    job->bytes = bytes;
    job->state = BF__JOB_QUEUED;
    /* Count the unfinished jobs and pick the next slot under the table
     * lock; a slot still holding an unfinished job is never reused. */
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
        job->path = path;
        old = srv->jobs[slot];
        srv->jobs[slot] = job;
        arg->srv = srv;
        arg->job = job;
        if (pthread_create(&job->thread, NULL, run, arg) == 0) {
            job->joinable = 1;
        } else {
            srv->jobs[slot] = old;
            old = NULL;
            srv->next_job--;
            job->path = NULL;
            err = BF_ENOMEM;
        }
    }
    pthread_mutex_unlock(&srv->jmu);
    /* The replaced job had finished: its thread has ended or is ending,
     * so joining it here is quick, and done outside the table lock. */
    job_free(old);
    if (err) {
        free(arg);
        job->path = NULL;
        job_free(job);
        return err;
    }
    *out_id = job->id;
    return BF_OK;
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
        bf_buf_appendf(&r->body,
                       "</p>\n<p id=\"job-state\" "
                       "data-state=\"%s\">%s</p>\n",
                       state_key(job->state),
                       bf_smsg(lang, state_msg(job->state)));
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
        if (shown)
            bf_buf_appendf(&r->body, "<h2>%s</h2>\n<ul id=\"job-diags\">\n",
                           bf_smsg(lang, BF_SMSG_JOB_DIAGS));
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
            bf_buf_appendf(&r->body, "<li class=\"diag %s\">%llu: ", sev,
                           (unsigned long long)d->line);
            bf_buf_html(&r->body, clean.data);
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
    if (found)
        render(job, api, lang, rep);
    pthread_mutex_unlock(&srv->jmu);
    if (!found)
        bf__reply_error(rep, api, lang, 404, "not_found", "no such job");
}
