/*
 * bench_json.c - which JSON parser reads Twitter lines fastest.
 *
 * The input is real Twitter API v1.1 data: the 100 tweets of the classic
 * twitter.json search response (../shared/data/twitter-search-json-
 * benchmark), minified and split one tweet per line, plus the twarc
 * JSON-lines sample when present, repeated in memory to about BENCH_JSON_MB
 * megabytes (default 150).  Every candidate parses the same lines in the
 * same run and fetches the same three fields (id_str, user.id_str and the
 * text), the least a reader does with a tweet:
 *
 *   json/jansson          json_loadb per line, then json_object_get
 *   json/python3-json     Python's json.loads per line, the same fields
 *   json/duckdb-read_json DuckDB's read_json with explicit columns, one
 *                         thread (bench/duckdb, from npm)
 *   json/simdjson-dom     our C interface (ingest/json.h), parsing in place
 *   json/simdjson-ondemand simdjson On Demand, through a probe in json.cpp
 *   ingest/twitter-v1     bf_read_twitter_v1 end to end, from a temp file
 *                         (page cache) to a counting sink
 *
 * Each figure is the best of BENCH_JSON_PASSES passes (default 3), in MB/s
 * of input, with its ratio to jansson measured in the same run.  The sums
 * of fetched string lengths must agree, which shows every candidate did
 * the same work.  Without ../shared the benchmark prints a skip line and
 * exits 0.
 */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "base/buf.h"
#include "ingest/ingest.h"
#include "ingest/json.h"

/* Lines are collected here, newline-terminated, with padding at the end. */
static bf_buf corpus;

static double now(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* slurp reads a whole file into b; BF_EIO when it cannot. */
static bf_err slurp(const char *path, bf_buf *b)
{
    char chunk[65536];
    FILE *f = fopen(path, "rb");
    size_t n;
    bf_err err = BF_OK;

    if (!f)
        return BF_EIO;
    while (!err && (n = fread(chunk, 1, sizeof chunk, f)) > 0)
        err = bf_buf_append(b, chunk, n);
    fclose(f);
    return err;
}

/*
 * minify drops the white space outside strings, in place, so a
 * pretty-printed document fits on one line; escapes are left as written.
 */
static size_t minify(char *s, size_t n)
{
    size_t i, o = 0;
    int in_str = 0;

    for (i = 0; i < n; i++) {
        char c = s[i];

        if (in_str) {
            s[o++] = c;
            if (c == '\\' && i + 1 < n)
                s[o++] = s[++i];
            else if (c == '"')
                in_str = 0;
        } else if (c == '"') {
            in_str = 1;
            s[o++] = c;
        } else if (c != ' ' && c != '\n' && c != '\r' && c != '\t') {
            s[o++] = c;
        }
    }
    return o;
}

/*
 * split_statuses appends each element of the top-level "statuses" array of
 * the minified document s to out, one per line.  Returns how many.
 */
static size_t split_statuses(const char *s, size_t n, bf_buf *out)
{
    const char *p = strstr(s, "\"statuses\":[");
    size_t i, start = 0, count = 0;
    int depth = 0, in_str = 0;

    if (!p)
        return 0;
    for (i = (size_t)(p - s) + 12; i < n; i++) {
        char c = s[i];

        if (in_str) {
            if (c == '\\')
                i++;
            else if (c == '"')
                in_str = 0;
            continue;
        }
        if (c == '"') {
            in_str = 1;
        } else if (c == '{' || c == '[') {
            if (depth++ == 0)
                start = i;
        } else if (c == '}' || c == ']') {
            if (depth == 0)
                break; /* the end of the statuses array */
            if (--depth == 0) {
                if (bf_buf_append(out, s + start, i + 1 - start) ||
                    bf_buf_putc(out, '\n'))
                    return count;
                count++;
            }
        }
    }
    return count;
}

/* A candidate parses one line and adds the fetched lengths to *bytes. */
typedef int (*candidate_fn)(void *ctx, const char *line, size_t len,
                            size_t *bytes);

static int run_jansson(void *ctx, const char *line, size_t len, size_t *bytes)
{
    json_error_t e;
    json_t *root = json_loadb(line, len, 0, &e);
    json_t *text, *user;
    int ok = 0;

    (void)ctx;
    if (!root)
        return 0;
    user = json_object_get(root, "user");
    text = json_object_get(root, "text");
    if (!text)
        text = json_object_get(root, "full_text");
    if (json_is_string(json_object_get(root, "id_str")) &&
        json_is_string(json_object_get(user, "id_str")) &&
        json_is_string(text)) {
        *bytes += json_string_length(json_object_get(root, "id_str")) +
                  json_string_length(json_object_get(user, "id_str")) +
                  json_string_length(text);
        ok = 1;
    }
    json_decref(root);
    return ok;
}

static int run_dom(void *ctx, const char *line, size_t len, size_t *bytes)
{
    bf_json root, id, user, uid, text;
    const char *s[3];
    size_t n[3];

    if (bf_json_parse(ctx, line, len, &root) ||
        bf_json_get(&root, "id_str", &id) ||
        bf_json_get(&root, "user", &user) ||
        bf_json_get(&user, "id_str", &uid) ||
        (bf_json_get(&root, "text", &text) &&
         bf_json_get(&root, "full_text", &text)) ||
        bf_json_string(&id, &s[0], &n[0]) ||
        bf_json_string(&uid, &s[1], &n[1]) ||
        bf_json_string(&text, &s[2], &n[2]))
        return 0;
    *bytes += n[0] + n[1] + n[2];
    return 1;
}

static int run_ondemand(void *ctx, const char *line, size_t len, size_t *bytes)
{
    (void)ctx;
    return bf__json_probe_ondemand(line, len, bytes) == BF_OK;
}

/*
 * measure runs fn over every line of the corpus passes times and returns
 * the best time; *out_bytes is the fetched-length sum of one pass.
 */
static double measure(candidate_fn fn, void *ctx, int passes, size_t *out_bytes,
                      size_t *out_failed)
{
    double best = 1e30;
    int pass;

    for (pass = 0; pass < passes; pass++) {
        const char *p = corpus.data, *end = corpus.data + corpus.len;
        size_t bytes = 0, failed = 0;
        double t0 = now(), t;

        while (p < end) {
            const char *nl = memchr(p, '\n', (size_t)(end - p));
            size_t len = (size_t)(nl - p);

            if (!fn(ctx, p, len, &bytes))
                failed++;
            p = nl + 1;
        }
        t = now() - t0;
        if (t < best)
            best = t;
        *out_bytes = bytes;
        *out_failed = failed;
    }
    return best;
}

typedef struct counts {
    size_t posts, accounts;
} counts;

static bf_err count_post(void *ctx, const bf_post *p)
{
    (void)p;
    ((counts *)ctx)->posts++;
    return BF_OK;
}

static bf_err count_account(void *ctx, const bf_account *a)
{
    (void)a;
    ((counts *)ctx)->accounts++;
    return BF_OK;
}

/*
 * measure_reader writes the corpus to a temp file and times
 * bf_read_twitter_v1 over it, best of passes; -1 on failure.
 */
static double measure_reader(int passes, counts *out, size_t *out_rejected)
{
    char path[] = "/tmp/bench_json_XXXXXX";
    double best = -1;
    int fd = mkstemp(path), pass;
    FILE *f;

    if (fd < 0)
        return -1;
    f = fdopen(fd, "wb");
    if (!f || fwrite(corpus.data, 1, corpus.len, f) != corpus.len) {
        if (f)
            fclose(f);
        unlink(path);
        return -1;
    }
    fclose(f);
    for (pass = 0; pass < passes; pass++) {
        counts c = { 0, 0 };
        bf_sink sink = { &c, count_account, count_post, NULL, NULL };
        bf_ingest_opts o;
        bf_diags d;
        bf_input *in;
        double t0, t;
        bf_err err;

        bf_ingest_opts_init(&o);
        bf_diags_init(&d);
        if (bf_input_open(path, BF_INGEST_MAX_LINE, &in))
            break;
        t0 = now();
        err = bf_read_twitter_v1(in, &o, &sink, &d);
        t = now() - t0;
        bf_input_close(in);
        *out_rejected = d.rejected;
        bf_diags_release(&d);
        if (err)
            break;
        if (best < 0 || t < best)
            best = t;
        *out = c;
    }
    unlink(path);
    return best;
}

static void print_row(const char *name, double mb, double secs,
                      double jansson_mbs)
{
    double mbs = mb / secs;

    printf("%-26s %8.1f MB/s  %6.1fx jansson\n", name, mbs,
           jansson_mbs > 0 ? mbs / jansson_mbs : 0.0);
}

/*
 * write_corpus writes the corpus to a new temporary file whose name goes
 * to tmp (a mkstemp template); 0 on success.
 */
static int write_corpus(const bf_buf *c, char *tmp)
{
    FILE *f;
    int fd = mkstemp(tmp);

    if (fd < 0)
        return -1;
    f = fdopen(fd, "wb");
    if (!f || fwrite(c->data, 1, c->len, f) != c->len) {
        if (f)
            fclose(f);
        unlink(tmp);
        return -1;
    }
    fclose(f);
    return 0;
}

/* run_peer runs cmd and reads the seconds it prints; -1 when it fails. */
static double run_peer(const char *cmd)
{
    double secs = -1;
    FILE *p = popen(cmd, "r");

    if (p) {
        if (fscanf(p, "%lf", &secs) != 1)
            secs = -1;
        pclose(p);
    }
    return secs;
}

/*
 * run_python times Python's json module on the same lines, fetching the
 * same three fields, as a peer every machine has.  The corpus is written to
 * a temporary file; Python reads it whole first, so only parsing is timed.
 * Returns the seconds of the best pass, or -1 when python3 cannot run.
 */
static double run_python(const bf_buf *c, int passes)
{
    static const char script[] =
            "import json, sys, time\n"
            "lines = open(sys.argv[1], 'rb').read().splitlines()\n"
            "best = None\n"
            "for _ in range(int(sys.argv[2])):\n"
            "    t = time.perf_counter(); n = 0\n"
            "    for l in lines:\n"
            "        d = json.loads(l)\n"
            "        n += len(d.get('id_str', '')) + "
            "len(d.get('user', {}).get('id_str', ''))\n"
            "        n += len(d.get('full_text') or d.get('text') or '')\n"
            "    t = time.perf_counter() - t\n"
            "    best = t if best is None or t < best else best\n"
            "print(best)\n";
    char tmp[] = "/tmp/bf-bench-json-XXXXXX", cmd[512];
    double secs;

    if (write_corpus(c, tmp) != 0)
        return -1;
    snprintf(cmd, sizeof cmd, "python3 -c \"$BF_PY\" %s %d 2>/dev/null", tmp,
             passes);
    setenv("BF_PY", script, 1);
    secs = run_peer(cmd);
    unlink(tmp);
    return secs;
}

/*
 * run_duckdb times DuckDB's read_json on the same file, one thread, with
 * explicit columns (bench/duckdb/duckdb.mjs; its file is read from the page
 * cache, so the read is in the time, as in simdjson's load-and-parse).
 * -1 when node or the npm package is missing.
 */
static double run_duckdb(const bf_buf *c, int passes)
{
    char tmp[] = "/tmp/bf-bench-json-XXXXXX", cmd[512];
    double secs;

    if (access("bench/duckdb/node_modules", F_OK) != 0 ||
        write_corpus(c, tmp) != 0)
        return -1;
    snprintf(cmd, sizeof cmd,
             "node bench/duckdb/duckdb.mjs parse %s %d 2>/dev/null", tmp,
             passes);
    secs = run_peer(cmd);
    unlink(tmp);
    return secs;
}

int main(void)
{
    const char *base = getenv("BONAFIDE_SHARED");
    const char *env_mb = getenv("BENCH_JSON_MB");
    const char *env_passes = getenv("BENCH_JSON_PASSES");
    size_t target = (size_t)(env_mb ? atof(env_mb) : 150.0) * 1000000;
    int passes = env_passes ? atoi(env_passes) : 3;
    char path[512];
    bf_buf file, unit;
    bf_json_parser *parser = NULL;
    size_t ntweets, nunit_lines = 0, i, bytes[3], failed[3], rejected = 0;
    double secs[3], mb, t_reader, t_python, t_duckdb;
    counts c = { 0, 0 };
    int status = 0;

    if (!base || !*base)
        base = "../shared";
    if (passes < 1)
        passes = 1;
    bf_buf_init(&file, 64u << 20);
    bf_buf_init(&unit, 64u << 20);
    bf_buf_init(&corpus, (size_t)4 << 30);

    snprintf(path, sizeof path,
             "%s/data/twitter-search-json-benchmark/data/twitter.json", base);
    if (slurp(path, &file) != BF_OK) {
        printf("json: skipped, %s is absent\n", path);
        goto out;
    }
    file.len = minify(file.data, file.len);
    file.data[file.len] = '\0';
    ntweets = split_statuses(file.data, file.len, &unit);
    bf_buf_reset(&file);
    snprintf(path, sizeof path, "%s/data/twarc-v1-search-jsonl/tweets.jsonl",
             base);
    if (slurp(path, &file) == BF_OK && file.len > 0) {
        if (file.data[file.len - 1] != '\n')
            bf_buf_putc(&file, '\n');
        for (i = 0; i < file.len; i++)
            nunit_lines += file.data[i] == '\n';
        bf_buf_append(&unit, file.data, file.len);
    }
    if (ntweets == 0 || unit.len == 0) {
        printf("json: skipped, no tweets found in the shared data\n");
        goto out;
    }
    while (corpus.len < target)
        if (bf_buf_append(&corpus, unit.data, unit.len) != BF_OK)
            break;
    /* Readable bytes after the last line, as bf_input gives them. */
    if (bf_buf_reserve(&corpus, BF_JSON_PADDING) != BF_OK) {
        printf("json: skipped, out of memory for the corpus\n");
        goto out;
    }
    memset(corpus.data + corpus.len, ' ', BF_JSON_PADDING);
    mb = (double)corpus.len / 1e6;
    printf("json: %.1f MB, %zu tweets of twitter.json + %zu twarc lines, "
           "repeated; best of %d\n",
           mb, ntweets, nunit_lines, passes);

    if (bf_json_parser_new(BF_INGEST_MAX_LINE, &parser) != BF_OK) {
        status = 1;
        goto out;
    }
    secs[0] = measure(run_jansson, NULL, passes, &bytes[0], &failed[0]);
    secs[1] = measure(run_dom, parser, passes, &bytes[1], &failed[1]);
    secs[2] = measure(run_ondemand, NULL, passes, &bytes[2], &failed[2]);
    t_reader = measure_reader(passes, &c, &rejected);
    t_python = run_python(&corpus, passes);
    t_duckdb = run_duckdb(&corpus, passes);

    print_row("json/jansson", mb, secs[0], mb / secs[0]);
    print_row("json/simdjson-dom", mb, secs[1], mb / secs[0]);
    print_row("json/simdjson-ondemand", mb, secs[2], mb / secs[0]);
    if (t_python > 0)
        print_row("json/python3-json", mb, t_python, mb / secs[0]);
    else
        printf("json/python3-json: skipped, python3 did not run\n");
    if (t_duckdb > 0)
        print_row("json/duckdb-read_json", mb, t_duckdb, mb / secs[0]);
    else
        printf("json/duckdb-read_json: skipped, node or bench/duckdb/"
               "node_modules is missing\n");
    if (t_reader > 0) {
        print_row("ingest/twitter-v1", mb, t_reader, mb / secs[0]);
        printf("ingest/twitter-v1: %.0f records/s (%zu posts, %zu accounts, "
               "%zu rejected)\n",
               (double)(c.posts + c.accounts) / t_reader, c.posts, c.accounts,
               rejected);
        if (t_duckdb > 0)
            printf("ingest/twitter-v1: %.2fx DuckDB read_json\n",
                   t_duckdb / t_reader);
        if (t_python > 0)
            printf("ingest/twitter-v1: %.2fx Python json\n",
                   t_python / t_reader);
    } else {
        printf("ingest/twitter-v1: failed to run\n");
        status = 1;
    }
    for (i = 0; i < 3; i++) {
        if (bytes[i] != bytes[0] || failed[i] != 0) {
            printf("json: candidate %zu disagrees (%zu bytes, %zu failed)\n", i,
                   bytes[i], failed[i]);
            status = 1;
        }
    }
out:
    bf_json_parser_free(parser);
    bf_buf_release(&file);
    bf_buf_release(&unit);
    bf_buf_release(&corpus);
    return status;
}
