/*
 * cmd_ingest.c - bonafide ingest: read files into the store.
 */
static const char usage_en[] =
        "usage: bonafide ingest [--store DIR] [--format FMT] [--platform "
        "NAME]\n"
        "                       [--undirected] [--label genuine|fake|bot]\n"
        "                       [--label-column NAME] [--label-set NAME]\n"
        "                       [--observed-at DATE] [--followers-of ID]\n"
        "                       [--quiet] [--json] FILE...\n"
        "\n"
        "Reads each FILE (\"-\" for standard input; gzip and zstd input are\n"
        "recognised by their first bytes and read directly) into the store.\n"
        "FMT is auto (the default: detected from the file), edges,\n"
        "twitter-csv, twitter-v1, twitter-v2, twibot, instagram-csv,\n"
        "caverlee, mastodon, bluesky, x-archive, an API's answers:\n"
        "youtube-api, graph-api or tiktok-api, or an account export:\n"
        "instagram, facebook, tiktok, linkedin or youtube\n"
        "(docs/formats.md).  A folder, .zip or .tar.gz is read as an\n"
        "export, its platform detected; a folder that is no export, file\n"
        "by file, each in its own format (a README is skipped).\n"
        "--platform names the platform for formats that carry none (edge\n"
        "lists: default \"generic\") and overrides it for the others.\n"
        "--undirected stores each edge-list pair both ways.  --label marks "
        "every account read as\n"
        "genuine, fake or bot; --label-column takes each account's label\n"
        "from that CSV column.  --label-set NAME stores NAME, the labelled\n"
        "set's name, with every label read (bonafide eval\n"
        "--leave-one-set-out groups by it).  --observed-at DATE says when\n"
        "the profiles were seen, where the file does not say (default: the\n"
        "file's date).  --followers-of ID says whose follower-id pages\n"
        "({\"ids\":[...]}) the files are, which makes them follow edges, or\n"
        "whose account export or TikTok API answers they are.\n"
        "A progress line is shown on a terminal unless --quiet.\n"
        "\n"
        "Bad records are reported (file:line: reason) and skipped; the rest\n"
        "goes in.  Exit status: 0 all read, 2 some records rejected, 1 "
        "error\n"
        "or a file that could not be read to its end (missing, truncated)\n"
        "or whose format is not recognised.\n";

static const char usage_fr[] =
        "usage : bonafide ingest [--store DIR] [--format FMT] [--platform "
        "NOM]\n"
        "                        [--undirected] [--label genuine|fake|bot]\n"
        "                        [--label-column NOM] [--label-set NOM]\n"
        "                        [--observed-at DATE] [--followers-of ID]\n"
        "                        [--quiet] [--json] FICHIER...\n"
        "\n"
        "Lit chaque FICHIER (« - » pour l'entrée standard ; les entrées gzip\n"
        "et zstd sont reconnues à leurs premiers octets et lues directement)\n"
        "dans la base.  FMT vaut auto (par défaut : détecté d'après le\n"
        "fichier), edges, twitter-csv, twitter-v1, twitter-v2, twibot,\n"
        "instagram-csv, caverlee, mastodon, bluesky, x-archive, les\n"
        "réponses d'une API : youtube-api, graph-api ou tiktok-api, ou un\n"
        "export de compte : instagram, facebook, tiktok, linkedin ou youtube\n"
        "(docs/formats.md).  Un dossier, un .zip ou un .tar.gz est lu comme\n"
        "un export, sa plateforme détectée ; un dossier qui n'est pas un\n"
        "export, fichier par fichier, chacun dans son format (un README est\n"
        "ignoré).\n"
        "--platform nomme la plateforme des formats qui n'en indiquent aucune\n"
        "(listes d'arêtes : « generic » par défaut) et la remplace pour les\n"
        "autres.  --undirected enregistre chaque paire d'une liste d'arêtes\n"
        "dans les deux sens.  --label marque chaque compte lu comme genuine\n"
        "(authentique), fake (faux) ou bot (robot) ; --label-column prend\n"
        "l'étiquette de chaque compte dans cette colonne du CSV ;\n"
        "--label-set NOM enregistre NOM, le nom du jeu étiqueté, avec chaque\n"
        "étiquette lue (bonafide eval --leave-one-set-out regroupe par ce\n"
        "nom).  --observed-at DATE indique quand les profils ont été vus, là\n"
        "où le fichier ne le dit pas (par défaut : la date du fichier).\n"
        "--followers-of ID indique de quel compte les fichiers sont les pages\n"
        "d'identifiants d'abonnés ({\"ids\":[...]}), ce qui en fait des "
        "arêtes\n"
        "d'abonnement, ou à qui appartiennent l'export ou les réponses de\n"
        "l'API de TikTok.  Une ligne de progression s'affiche sur un\n"
        "terminal, sauf avec --quiet.\n"
        "\n"
        "Les enregistrements invalides sont signalés (fichier:ligne: raison)\n"
        "et ignorés ; le reste est importé.  Code de sortie : 0 tout lu,\n"
        "2 des enregistrements rejetés, 1 erreur, fichier illisible\n"
        "jusqu'au bout (absent, tronqué) ou de format non reconnu.\n";

/*
 * How it works: one store writer (a sink committing every BATCH records in
 * one transaction) receives the records of every file in turn.  The counts
 * printed are what the store gained, measured as the difference of its
 * totals before and after, so a second ingest of the same file prints
 * zeros; what was read from the files is reported beside them.
 *
 * The progress line comes from a sink wrapped around the store writer's:
 * it counts records and, at most every half second and only after the
 * first second, rewrites one stderr line (\r) with records, rate and
 * rejects.  It is off when stderr is not a terminal, with --quiet and with
 * --json, so scripts and tests never see it.
 */
#include <getopt.h>
#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/buf.h"
#include "base/time.h"
#include "cli/cli.h"
#include "ingest/ingest.h"
#include "store/store.h"

/*
 * Records per transaction.  A tweet with its author is two records, so
 * each commit writes a post segment of up to 50,000 posts; with half
 * that, an ingest of 200,000 tweets wrote eight segments and merged five
 * of them again before it ended (docs/store.md, "Batches").
 */
#define BATCH 100000

/* valid_platform keeps platform names safe to print in any format. */
static int valid_platform(const char *s)
{
    size_t n = strlen(s);

    return n >= 1 && n <= 32 &&
           strspn(s, "abcdefghijklmnopqrstuvwxyz0123456789-_") == n;
}

/* The progress sink: the store writer's sink and what was counted. */
typedef struct progress {
    bf_sink inner;
    const bf_diags *diags;
    bf_lang lang;
    uint64_t records;
    double start, last; /* monotonic seconds */
    int shown;          /* a line is on the terminal */
} progress;

/* tick counts one record and redraws the line when it is due. */
static void tick(progress *pg)
{
    double t;

    /* The clock is read every 1024 records only: it is cheap, but not
     * free, beside a sink call. */
    if ((++pg->records & 1023) != 0)
        return;
    t = bf_time_mono();
    if (t - pg->start < 1.0 || t - pg->last < 0.5)
        return;
    pg->last = t;
    pg->shown = 1;
    /* The progress line in each language: records, rate, rejected. */
    if (pg->lang == BF_LANG_FR)
        fprintf(stderr,
                "\r%llu enregistrements lus, %.0f par seconde, %zu rejetés ",
                (unsigned long long)pg->records,
                (double)pg->records / (t - pg->start), pg->diags->rejected);
    else
        fprintf(stderr, "\r%llu records read, %.0f per second, %zu rejected ",
                (unsigned long long)pg->records,
                (double)pg->records / (t - pg->start), pg->diags->rejected);
    fflush(stderr);
}

static bf_err pg_account(void *ctx, const bf_account *a)
{
    progress *pg = ctx;

    tick(pg);
    return pg->inner.account(pg->inner.ctx, a);
}

static bf_err pg_post(void *ctx, const bf_post *p)
{
    progress *pg = ctx;

    tick(pg);
    return pg->inner.post(pg->inner.ctx, p);
}

static bf_err pg_follow(void *ctx, const bf_follow *f)
{
    progress *pg = ctx;

    tick(pg);
    return pg->inner.follow(pg->inner.ctx, f);
}

/* A repeated profile the store skips is a record read all the same. */
static bf_err pg_same(void *ctx, const char *platform, const char *native_id,
                      uint64_t digest, int *out_same)
{
    progress *pg = ctx;
    bf_err err = pg->inner.same(pg->inner.ctx, platform, native_id, digest,
                                out_same);

    if (!err && *out_same)
        tick(pg);
    return err;
}

/* valid_native_id keeps --followers-of to one printable token. */
static int valid_native_id(const char *s)
{
    size_t n = strlen(s), i;

    if (n == 0 || n > 256)
        return 0;
    for (i = 0; i < n; i++)
        if ((unsigned char)s[i] <= ' ' || s[i] == 0x7F)
            return 0;
    return 1;
}

/* gained is after - before, or 0 when the total went down. */
static uint64_t gained(uint64_t before, uint64_t after)
{
    return after > before ? after - before : 0;
}

static void print_json(const bf_stats_row *gain, const bf_store_writer *w,
                       const bf_diags *d)
{
    bf_buf b;
    size_t i;

    bf_buf_init(&b, (size_t)1 << 30);
    bf_buf_appendf(
            &b,
            "{\"accounts\":%llu,\"posts\":%llu,\"follows\":%llu,"
            "\"rejected\":%zu,\"warnings\":%zu,"
            "\"read\":{\"accounts\":%llu,\"posts\":%llu,\"follows\":%llu},"
            "\"scrubbed\":%llu,\"private_posts_dropped\":%llu,"
            "\"diagnostics\":[",
            (unsigned long long)gain->accounts, (unsigned long long)gain->posts,
            (unsigned long long)gain->follows, d->rejected, d->warnings,
            (unsigned long long)w->accounts, (unsigned long long)w->posts,
            (unsigned long long)w->follows, (unsigned long long)w->scrubbed,
            (unsigned long long)w->private_posts);
    for (i = 0; i < d->n; i++) {
        const bf_diag_rec *r = &d->recs[i];

        bf_buf_puts(&b, i ? ",{\"file\":" : "{\"file\":");
        bf_buf_json_string(&b, r->file, strlen(r->file));
        bf_buf_appendf(
                &b,
                ",\"line\":%llu,\"offset\":%llu,\"severity\":\"%s\","
                "\"message\":",
                (unsigned long long)r->line, (unsigned long long)r->offset,
                bf_diag_severity(r->id) == BF_SEV_ERROR ? "error" : "warning");
        bf_buf_json_string(&b, r->message, strlen(r->message));
        bf_buf_putc(&b, '}');
    }
    bf_buf_puts(&b, "]}\n");
    if (b.data)
        fputs(b.data, stdout);
    bf_buf_release(&b);
}

int cmd_ingest(int argc, char **argv)
{
    static const struct option longopts[] = {
        { "store", required_argument, NULL, 's' },
        { "format", required_argument, NULL, 'f' },
        { "platform", required_argument, NULL, 'p' },
        { "undirected", no_argument, NULL, 'u' },
        { "json", no_argument, NULL, 'j' },
        { "label", required_argument, NULL, 'l' },
        { "label-column", required_argument, NULL, 'L' },
        { "label-set", required_argument, NULL, 'T' },
        { "observed-at", required_argument, NULL, 'O' },
        { "followers-of", required_argument, NULL, 'F' },
        { "quiet", no_argument, NULL, 'q' },
        { "help", no_argument, NULL, 'h' },
        { NULL, 0, NULL, 0 },
    };
    const char *usage = bf__cli_lang() == BF_LANG_FR ? usage_fr : usage_en;
    const char *dir = bf__cli_store_dir();
    bf_ingest_opts opts;
    bf_store *st = NULL;
    bf_store_writer w;
    bf_sink sink;
    bf_sink_more more;
    bf_diags diags;
    bf_stats_row before, after, gain;
    int json = 0, quiet = 0, c, i, status = BF_EXIT_OK, unreadable = 0;
    int unknown = 0;
    progress pg;
    bf_err err;

    /*
     * An ingest allocates and frees the same buffers batch after batch
     * (the batch's rows, their sort, the JSON documents), from a few
     * kilobytes to a few megabytes.  glibc hands blocks from 128 KiB up
     * to the kernel and back (mmap, munmap) until its threshold has
     * learnt their size, and gives the heap's top back whenever 128 KiB
     * of it is free; each block taken again is then a fresh page fault
     * per page, which on a virtual machine costs microseconds.  Blocks
     * under 32 MiB stay in the heap, and up to 256 MiB of free heap is
     * kept: 7% less CPU for the tweets of a 30,000-account world, 4% for
     * its profiles (docs/store.md).  Larger blocks, the id cache and the
     * graph's arrays, still go back when freed.
     */
    mallopt(M_MMAP_THRESHOLD, 32 << 20);
    mallopt(M_TRIM_THRESHOLD, 256 << 20);
    mallopt(M_TOP_PAD, 16 << 20);
    bf_ingest_opts_init(&opts);
    bf_diags_init(&diags);
    while ((c = getopt_long(argc, argv, "s:f:p:ujhl:L:T:O:F:q", longopts,
                            NULL)) != -1) {
        switch (c) {
        case 's':
            dir = optarg;
            break;
        case 'f':
            if (bf_format_parse(optarg, &opts.format)) {
                fprintf(stderr, "bonafide ingest: unknown format '%s'\n",
                        optarg);
                return bf__cli_usage(usage);
            }
            break;
        case 'p':
            if (!valid_platform(optarg)) {
                fprintf(stderr, "bonafide ingest: a platform name is 1 to "
                                "32 of a-z, 0-9, '-' and '_'\n");
                return bf__cli_usage(usage);
            }
            opts.platform = optarg;
            break;
        case 'u':
            opts.undirected = 1;
            break;
        case 'j':
            json = 1;
            break;
        case 'l':
            opts.label = bf_label_parse(optarg);
            if (!opts.label) {
                fprintf(stderr, "bonafide ingest: --label is genuine, fake "
                                "or bot\n");
                return bf__cli_usage(usage);
            }
            break;
        case 'L':
            opts.label_column = optarg;
            break;
        case 'T':
            if (!valid_platform(optarg)) {
                fprintf(stderr, "bonafide ingest: a set name is 1 to 32 of "
                                "a-z, 0-9, '-' and '_'\n");
                return bf__cli_usage(usage);
            }
            opts.label_set = optarg;
            break;
        case 'O':
            if (bf_time_parse(optarg, strlen(optarg), &opts.observed_at) ||
                opts.observed_at <= 0) {
                fprintf(stderr, "bonafide ingest: --observed-at takes a date "
                                "(2019-06-06)\n");
                return bf__cli_usage(usage);
            }
            break;
        case 'F':
            if (!valid_native_id(optarg)) {
                fprintf(stderr, "bonafide ingest: --followers-of needs an "
                                "account id\n");
                return bf__cli_usage(usage);
            }
            opts.subject = optarg;
            break;
        case 'q':
            quiet = 1;
            break;
        case 'h':
            fputs(usage, stdout);
            return BF_EXIT_OK;
        default:
            return bf__cli_usage(usage);
        }
    }
    if (optind >= argc)
        return bf__cli_usage(usage);
    if (!json)
        diags.echo = stderr;

    err = bf_store_open(dir, &st);
    if (err)
        return bf__cli_fail(dir, err);
    err = bf_store_totals(st, &before);
    if (err) {
        status = bf__cli_fail(bf__cli_text("reading the store's totals",
                                           "lecture des totaux de la base"),
                              err);
        goto out;
    }
    bf_store_writer_init(&w, st, BATCH);
    sink = bf_store_writer_sink(&w);
    /* Exports' arrival dates and insights go to the store too. */
    more = bf_store_writer_more(&w);
    opts.more = &more;
    memset(&pg, 0, sizeof pg);
    if (!json && !quiet && isatty(STDERR_FILENO)) {
        pg.inner = sink;
        pg.diags = &diags;
        pg.lang = bf__cli_lang();
        pg.start = pg.last = bf_time_mono();
        sink.ctx = &pg;
        sink.account = pg.inner.account ? pg_account : NULL;
        sink.post = pg.inner.post ? pg_post : NULL;
        sink.follow = pg.inner.follow ? pg_follow : NULL;
        sink.same = pg.inner.same ? pg_same : NULL;
    }
    for (i = optind; i < argc; i++) {
        err = bf_ingest_path(argv[i], &opts, &sink, &diags);
        /* A file that cannot be read is a diagnostic; the others go on,
         * and the run fails (exit 1) once they are in, rather than merely
         * rejects; so does one whose format is not recognised. */
        if (err == BF_EIO) {
            unreadable = 1;
            continue;
        }
        if (err == BF_EPARSE) {
            unknown = 1;
            continue;
        }
        if (err) {
            bf_store_writer_abort(&w);
            status = bf__cli_fail(argv[i], err);
            goto out;
        }
    }
    /* The summary starts on a clean line. */
    if (pg.shown)
        fputc('\n', stderr);
    err = bf_store_writer_finish(&w);
    /* The store's statistics, now that it is written (report/peers.h). */
    if (!err)
        bf__cli_refresh_stats(st);
    if (!err)
        err = bf_store_totals(st, &after);
    if (err) {
        status = bf__cli_fail(bf__cli_text("committing to the store",
                                           "écriture dans la base"),
                              err);
        goto out;
    }
    /* The next writer's count before it writes is this one after: a
     * failure here only costs that writer its own count. */
    (void)bf_store_totals_keep(st);
    /* Totals can shrink (an account that turned protected takes its
     * posts with it): a gain below zero is no gain, never 2^64 - 1. */
    gain.accounts = gained(before.accounts, after.accounts);
    gain.posts = gained(before.posts, after.posts);
    gain.follows = gained(before.follows, after.follows);
    if (json) {
        print_json(&gain, &w, &diags);
    } else {
        double sum[] = { (double)gain.accounts, (double)gain.posts,
                         (double)gain.follows,  (double)w.accounts,
                         (double)w.posts,       (double)w.follows };
        double rej[] = { (double)diags.rejected, (double)diags.warnings };
        double scrub[] = { (double)w.scrubbed };
        double priv[] = { (double)w.private_posts };
        bf_lang lang = bf__cli_lang();

        bf__cli_say(lang, BF_MSG_INGEST_SUMMARY, sum, 6);
        if (diags.rejected || diags.warnings)
            bf__cli_say(lang, BF_MSG_INGEST_REJECTED, rej, 2);
        if (w.scrubbed)
            bf__cli_say(lang, BF_MSG_INGEST_SCRUBBED, scrub, 1);
        /* The store's own drops, which no reader warned about: the JSON's
         * private_posts_dropped.  A reader's drops are its warnings. */
        if (w.private_posts)
            bf__cli_say(lang, BF_MSG_INGEST_PRIVATE, priv, 1);
    }
    if (diags.rejected)
        status = BF_EXIT_REJECTED;
    if (unreadable || unknown)
        status = BF_EXIT_FAIL;
out:
    bf_store_close(st);
    bf_diags_release(&diags);
    return status;
}
