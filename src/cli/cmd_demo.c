/*
 * cmd_demo.c - bonafide demo: three audits of a simulated world.
 */
static const char usage_en[] =
        "usage: bonafide demo [--out DIR] [--lang fr|en]\n"
        "\n"
        "Generates a small simulated world, ingests it into a store and\n"
        "audits three of its accounts: a genuine expert, an expert who bought\n"
        "followers and a spam bot.  Everything is kept in DIR (default\n"
        "./bonafide-demo): the world in DIR/world, the store in DIR/store and\n"
        "the three full reports, as HTML pages, in DIR/reports.  It ends by\n"
        "printing their paths and the command that serves the store to a web\n"
        "browser.  Running it again gives the same world and changes "
        "nothing.\n";

static const char usage_fr[] =
        "usage : bonafide demo [--out DIR] [--lang fr|en]\n"
        "\n"
        "Génère un petit monde simulé, l'importe dans une base et audite\n"
        "trois de ses comptes : un expert authentique, un expert qui a acheté\n"
        "des abonnés et un robot de spam.  Tout est conservé dans DIR\n"
        "(./bonafide-demo par défaut) : le monde dans DIR/world, la base dans\n"
        "DIR/store et les trois rapports complets, en pages HTML, dans\n"
        "DIR/reports.  La commande finit en affichant leurs chemins et la\n"
        "commande qui met la base à disposition d'un navigateur web.  La\n"
        "relancer donne le même monde et ne change rien.\n";

/*
 * How it works: the same steps a user would run by hand - bonafide sim,
 * bonafide ingest of the three files, bonafide audit of three handles -
 * through the library rather than through subprocesses, so the demo
 * exercises the readers, the store and the audit exactly as the commands
 * do.  The world is small (2,000 accounts) so the whole run takes a few
 * seconds on two cores.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/buf.h"
#include "cli/cli.h"
#include "ingest/ingest.h"
#include "report/catalog.h"
#include "report/report.h"
#include "sim/sim.h"
#include "store/store.h"

#define DEMO_ACCOUNTS 2000
#define DEMO_SEED     2026

static const char *const showcase[] = {
    BF_SIM_SHOWCASE_GENUINE,
    BF_SIM_SHOWCASE_BOUGHT,
    BF_SIM_SHOWCASE_BOT,
};

/*
 * ingest_world reads the simulated files into the store under "sim", as
 * observed on the world's own today (now): ages and recencies are
 * measured to the observation, so the reports the demo writes and those
 * `bonafide audit` prints from the same store say the same numbers,
 * whatever day the demo runs.
 */
static bf_err ingest_world(bf_store *st, const char *world, int64_t now,
                           bf_diags *d)
{
    static const char *const files[] = { "accounts.csv", "follows.csv",
                                         "posts.jsonl" };
    bf_ingest_opts o;
    bf_store_writer w;
    bf_sink sink;
    char path[8192];
    size_t i;
    bf_err err = BF_OK;

    bf_ingest_opts_init(&o);
    o.platform = "sim";
    o.observed_at = now;
    bf_store_writer_init(&w, st, 50000);
    sink = bf_store_writer_sink(&w);
    for (i = 0; !err && i < sizeof files / sizeof files[0]; i++) {
        snprintf(path, sizeof path, "%s/%s", world, files[i]);
        err = bf_ingest_path(path, &o, &sink, d);
    }
    if (err) {
        bf_store_writer_abort(&w);
        return err;
    }
    return bf_store_writer_finish(&w);
}

/* Where the demo keeps its world, store and reports without --out. */
#define DEMO_DIR "bonafide-demo"

/*
 * write_html renders r as a self-contained page into dir/handle.html,
 * through a temporary file and a rename, and puts the path in path.
 */
static bf_err write_html(const bf_report *r, bf_lang lang, const char *dir,
                         const char *handle, char *path, size_t cap)
{
    const bf_report *one = r;
    char tmp[4200];
    bf_buf b;
    FILE *f;
    bf_err err;

    if ((size_t)snprintf(path, cap, "%s/%s.html", dir, handle) >= cap ||
        (size_t)snprintf(tmp, sizeof tmp, "%s.tmp", path) >= sizeof tmp)
        return BF_ELIMIT;
    bf_buf_init(&b, (size_t)16 << 20);
    err = bf_report_html(&one, 1, lang, &b);
    if (!err) {
        f = fopen(tmp, "wb");
        if (!f) {
            err = BF_EIO;
        } else {
            int ok = fwrite(b.data, 1, b.len, f) == b.len;

            ok = (fclose(f) == 0) && ok;
            if (!ok || rename(tmp, path) != 0) {
                unlink(tmp);
                err = BF_EIO;
            }
        }
    }
    bf_buf_release(&b);
    return err;
}

/*
 * self_path puts in out how to call this program from the current
 * directory: "bin/bonafide" after `make demo`, else its absolute path.
 */
static void self_path(char *out, size_t n)
{
    char exe[4096], cwd[4096];
    ssize_t len = readlink("/proc/self/exe", exe, sizeof exe - 1);
    size_t c;

    if (len <= 0) {
        snprintf(out, n, "bonafide");
        return;
    }
    exe[len] = '\0';
    if (getcwd(cwd, sizeof cwd) && (c = strlen(cwd)) > 0 &&
        strncmp(exe, cwd, c) == 0 && exe[c] == '/')
        snprintf(out, n, "%s", exe + c + 1);
    else
        snprintf(out, n, "%s", exe);
}

int cmd_demo(int argc, char **argv)
{
    static const struct option longopts[] = {
        { "out", required_argument, NULL, 'o' },
        { "lang", required_argument, NULL, 'l' },
        { "help", no_argument, NULL, 'h' },
        { NULL, 0, NULL, 0 },
    };
    char world[4096], storedir[4096], reports[4096], self[4096];
    char paths[3][4150];
    const char *out = DEMO_DIR;
    bf_lang lang = bf__cli_lang();
    const char *usage = lang == BF_LANG_FR ? usage_fr : usage_en;
    bf_sim_opts so;
    bf_sim_summary sum;
    bf_store *st = NULL;
    bf_diags diags;
    bf_buf b;
    int c, status = BF_EXIT_FAIL;
    int color = isatty(STDOUT_FILENO) &&
                !(getenv("NO_COLOR") && *getenv("NO_COLOR"));
    size_t i;
    bf_err err;

    while ((c = getopt_long(argc, argv, "o:l:h", longopts, NULL)) != -1) {
        switch (c) {
        case 'o':
            out = optarg;
            break;
        case 'l':
            if (bf_lang_parse(optarg, &lang))
                return bf__cli_bad("demo", optarg, "--lang takes fr or en",
                                   "--lang prend fr ou en");
            break;
        case 'h':
            fputs(usage, stdout);
            return BF_EXIT_OK;
        default:
            return bf__cli_usage(usage);
        }
    }
    if (optind != argc)
        return bf__cli_usage(usage);
    if (mkdir(out, 0777) != 0 && errno != EEXIST)
        return bf__cli_fail(out, BF_EIO);
    snprintf(reports, sizeof reports, "%s/reports", out);
    snprintf(world, sizeof world, "%s/world", out);
    snprintf(storedir, sizeof storedir, "%s/store", out);
    bf_diags_init(&diags);
    diags.echo = stderr;
    bf_buf_init(&b, (size_t)64 << 20);

    bf_sim_opts_init(&so);
    so.accounts = DEMO_ACCOUNTS;
    so.seed = DEMO_SEED;
    err = bf_sim_generate(&so, world, &sum);
    if (err) {
        bf__cli_fail(world, err);
        goto out;
    }
    {
        double args[] = { (double)sum.accounts, (double)sum.follows,
                          (double)sum.posts };

        bf_msg_format(&b, lang, BF_MSG_DEMO_NOTICE, args, 3);
        printf("%s\n\n", b.data);
    }
    err = bf_store_open(storedir, &st);
    if (!err)
        err = ingest_world(st, world, so.now, &diags);
    if (!err)
        bf__cli_refresh_stats(st);
    if (err) {
        bf__cli_fail(storedir, err);
        goto out;
    }
    status = BF_EXIT_OK;
    for (i = 0; i < sizeof showcase / sizeof showcase[0]; i++) {
        char spec[128];
        uint32_t id;
        bf_report r;
        /* The world's own today, as the store's observations say. */
        bf_audit_opts ao;

        memset(&ao, 0, sizeof ao);
        ao.now = so.now;
        snprintf(spec, sizeof spec, "sim:%s", showcase[i]);
        err = bf_store_resolve(st, spec, &id);
        if (err) {
            status = bf__cli_fail(spec, err);
            break;
        }
        bf_report_init(&r);
        err = bf_audit_build(st, id, &ao, &r);
        bf_buf_reset(&b);
        if (!err)
            err = bf_report_text_brief(&r, lang, color, &b);
        if (!err && mkdir(reports, 0777) != 0 && errno != EEXIST)
            err = BF_EIO;
        if (!err)
            err = write_html(&r, lang, reports, showcase[i], paths[i],
                             sizeof paths[i]);
        bf_report_release(&r);
        if (err) {
            status = bf__cli_fail(spec, err);
            break;
        }
        fputs(b.data, stdout);
        fputs("\n", stdout);
    }
    if (status == BF_EXIT_OK) {
        bf__cli_say(lang, BF_MSG_DEMO_REPORTS, NULL, 0);
        for (i = 0; i < sizeof showcase / sizeof showcase[0]; i++)
            printf("  %s\n", paths[i]);
        fputs("\n", stdout);
        self_path(self, sizeof self);
        bf__cli_say(lang, BF_MSG_DEMO_MORE, NULL, 0);
        for (i = 0; i < sizeof showcase / sizeof showcase[0]; i++)
            printf("  %s audit --store %s sim:%s\n", self, storedir,
                   showcase[i]);
        fputs("\n", stdout);
        bf__cli_say(lang, BF_MSG_DEMO_SERVE, NULL, 0);
        printf("  %s serve --store %s\n", self, storedir);
    }
out:
    bf_store_close(st);
    bf_buf_release(&b);
    bf_diags_release(&diags);
    return status;
}
