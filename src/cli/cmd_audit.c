/*
 * cmd_audit.c - bonafide audit: is this account the real thing?
 */
static const char usage_en[] =
        "usage: bonafide audit [--store DIR] [--format text|json|html|pdf]\n"
        "                      [--lang fr|en] [--sample N] [-o|--out FILE]\n"
        "                      [--no-alternatives] ACCOUNT...\n"
        "\n"
        "Audits each ACCOUNT, written [platform:]handle or [platform:]#id,\n"
        "or its profile's address (https://bsky.app/profile/..., a\n"
        "Mastodon, X, Instagram, Facebook, TikTok, LinkedIn or YouTube\n"
        "address, or @user@host), from what the store holds: the share of its "
        "followers that fail\n"
        "published fake-follower rules, its engagement per post, its own\n"
        "timeline, and a verdict with the evidence.  Several accounts are\n"
        "compared side by side (a table of key figures, then each report).\n"
        "Each report ends with up to five accounts of the same niche whose\n"
        "own audit is stronger (--no-alternatives leaves them out).\n"
        "--lang defaults to French when $LANG starts with fr.  Colour only\n"
        "on a terminal, never with $NO_COLOR.  --format pdf prints the HTML\n"
        "report to PDF with headless Chromium ($CHROMIUM, or chromium on the\n"
        "PATH), to FILE or to standard output.\n"
        "Exit status: 0 done, 3 an account is not in the store, 69 Chromium\n"
        "is needed (--format pdf) and not installed, 1 error.\n";

static const char usage_fr[] =
        "usage : bonafide audit [--store DIR] [--format text|json|html|pdf]\n"
        "                       [--lang fr|en] [--sample N] [-o|--out "
        "FICHIER]\n"
        "                       [--no-alternatives] COMPTE...\n"
        "\n"
        "Audite chaque COMPTE, écrit [plateforme:]identifiant ou\n"
        "[plateforme:]#id, ou l'adresse de son profil\n"
        "(https://bsky.app/profile/..., une adresse Mastodon, X, Instagram,\n"
        "Facebook, TikTok, LinkedIn ou YouTube, ou @utilisateur@serveur),\n"
        "d'après ce que contient la base : la part de ses\n"
        "abonnés que les règles publiées de détection des faux abonnés\n"
        "signalent, son engagement par publication, son propre fil de\n"
        "publications, et un verdict avec ses constats.  Plusieurs comptes\n"
        "sont comparés côte à côte (un tableau des chiffres clés, puis chaque\n"
        "rapport).  Chaque rapport se termine par jusqu'à cinq comptes de la\n"
        "même niche dont l'audit est plus solide (--no-alternatives les\n"
        "omet).  Par défaut, --lang est le français quand $LANG commence\n"
        "par fr.  De la couleur seulement sur un terminal, jamais avec\n"
        "$NO_COLOR.  --format pdf imprime le rapport HTML en PDF avec\n"
        "Chromium sans interface ($CHROMIUM, ou chromium dans le PATH), dans\n"
        "FICHIER ou sur la sortie standard.\n"
        "Code de sortie : 0 terminé, 3 un compte est absent de la base,\n"
        "69 Chromium est nécessaire (--format pdf) et absent, 1 erreur.\n";

/*
 * How it works: every account is resolved first, so a typo fails before
 * any work; then each report is built once (src/report/audit.c) and the
 * whole set rendered in the chosen format into one buffer, written at the
 * end to standard output or to -o FILE through a temporary file and a
 * rename, so a failed run never leaves half a report behind.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/buf.h"
#include "cli/cli.h"
#include "fetch/address.h"
#include "report/alternatives.h"
#include "report/catalog.h"
#include "report/report.h"
#include "store/store.h"

#define MAX_ACCOUNTS 64

enum format { F_TEXT, F_JSON, F_HTML, F_PDF };

/* write_out writes b to path atomically, or to stdout when path is NULL. */
static bf_err write_out(const bf_buf *b, const char *path)
{
    char tmp[4096];
    FILE *f;
    int ok;

    if (!path)
        return fwrite(b->data, 1, b->len, stdout) == b->len ? BF_OK : BF_EIO;
    snprintf(tmp, sizeof tmp, "%s.tmp", path);
    f = fopen(tmp, "wb");
    if (!f)
        return BF_EIO;
    ok = fwrite(b->data, 1, b->len, f) == b->len;
    ok = (fclose(f) == 0) && ok;
    if (!ok || rename(tmp, path) != 0) {
        unlink(tmp);
        return BF_EIO;
    }
    return BF_OK;
}

/* use_color: a terminal, and no NO_COLOR (https://no-color.org). */
static int use_color(const char *out_path)
{
    const char *nc = getenv("NO_COLOR");

    return !out_path && isatty(STDOUT_FILENO) && !(nc && *nc);
}

int cmd_audit(int argc, char **argv)
{
    static const struct option longopts[] = {
        { "store", required_argument, NULL, 's' },
        { "format", required_argument, NULL, 'f' },
        { "lang", required_argument, NULL, 'l' },
        { "sample", required_argument, NULL, 'n' },
        { "output", required_argument, NULL, 'o' },
        { "out", required_argument, NULL, 'o' },
        { "no-alternatives", no_argument, NULL, 'A' },
        { "help", no_argument, NULL, 'h' },
        { NULL, 0, NULL, 0 },
    };
    const char *dir = bf__cli_store_dir(), *out_path = NULL;
    bf_lang lang = bf__cli_lang();
    const char *usage = lang == BF_LANG_FR ? usage_fr : usage_en;
    enum format fmt = F_TEXT;
    bf_audit_opts ao;
    bf_report reports[MAX_ACCOUNTS];
    const bf_report *ptrs[MAX_ACCOUNTS];
    uint32_t ids[MAX_ACCOUNTS];
    bf_store *st = NULL;
    bf_buf b;
    int c, i, n, built = 0, status = BF_EXIT_OK, alternatives = 1;
    bf_err err = BF_OK;

    memset(&ao, 0, sizeof ao);
    while ((c = getopt_long(argc, argv, "s:f:l:n:o:h", longopts, NULL)) != -1) {
        switch (c) {
        case 's':
            dir = optarg;
            break;
        case 'f':
            if (strcmp(optarg, "text") == 0)
                fmt = F_TEXT;
            else if (strcmp(optarg, "json") == 0)
                fmt = F_JSON;
            else if (strcmp(optarg, "html") == 0)
                fmt = F_HTML;
            else if (strcmp(optarg, "pdf") == 0)
                fmt = F_PDF;
            else
                return bf__cli_bad("audit", optarg,
                                   "--format takes text, json, html or pdf",
                                   "--format prend text, json, html ou pdf");
            break;
        case 'l':
            if (bf_lang_parse(optarg, &lang))
                return bf__cli_bad("audit", optarg, "--lang takes fr or en",
                                   "--lang prend fr ou en");
            break;
        case 'n':
            ao.sample = (uint32_t)strtoul(optarg, NULL, 10);
            if (ao.sample == 0)
                return bf__cli_bad("audit", optarg,
                                   "--sample takes a number above 0",
                                   "--sample prend un nombre supérieur à 0");
            break;
        case 'o':
            out_path = optarg;
            break;
        case 'A':
            alternatives = 0;
            break;
        case 'h':
            fputs(usage, stdout);
            return BF_EXIT_OK;
        default:
            return bf__cli_usage(usage);
        }
    }
    n = argc - optind;
    if (n < 1)
        return bf__cli_usage(usage);
    if (n > MAX_ACCOUNTS) {
        fprintf(stderr, "bonafide audit: at most %d accounts at once\n",
                MAX_ACCOUNTS);
        return BF_EXIT_USAGE;
    }
    if (bf__cli_open_store(dir, &st) != BF_EXIT_OK)
        return BF_EXIT_FAIL;
    /* A few accounts, once: their rows are read where they lie. */
    (void)bf_store_read_scattered(st);
    for (i = 0; i < n; i++) {
        const char *name = argv[optind + i];
        bf_addr addr;
        int k;

        /* A pasted profile address names the account it shows. */
        if (bf_addr_is_address(name)) {
            if (bf_addr_parse(name, &addr) != BF_OK) {
                status = bf__cli_bad("audit", name,
                                     "not a profile address bonafide reads",
                                     "pas une adresse de profil que bonafide "
                                     "sait lire");
                continue;
            }
            err = BF_ENOTFOUND;
            for (k = 0; k < addr.nspecs && err == BF_ENOTFOUND; k++)
                err = bf_store_resolve(st, addr.specs[k], &ids[i]);
            if (err == BF_ENOTFOUND)
                status = bf__cli_not_found(st, "audit", addr.specs[0], dir);
            else if (err)
                status = bf__cli_fail(name, err);
            continue;
        }
        err = bf_store_resolve(st, argv[optind + i], &ids[i]);
        if (err == BF_ENOTFOUND) {
            status = bf__cli_not_found(st, "audit", argv[optind + i], dir);
        } else if (err) {
            status = bf__cli_fail(argv[optind + i], err);
        }
    }
    bf_buf_init(&b, (size_t)256 << 20);
    if (status)
        goto out;
    for (built = 0; built < n; built++) {
        bf_report_init(&reports[built]);
        err = bf_audit_build(st, ids[built], &ao, &reports[built]);
        if (!err && alternatives)
            err = bf_alternatives_find(st, ids[built], &ao, &reports[built]);
        ptrs[built] = &reports[built];
        if (err) {
            built++;
            /* A damaged store is named, with the command that says
             * where: the account itself is not at fault. */
            status = bf__cli_fail(err == BF_ECORRUPT ? bf_store_dir(st)
                                                     : argv[optind + built - 1],
                                  err);
            goto out;
        }
    }
    switch (fmt) {
    case F_TEXT:
        /* Several accounts: the key figures side by side first. */
        if (n > 1) {
            err = bf_report_text_compare(ptrs, (size_t)n, lang, &b);
            if (!err)
                err = bf_buf_puts(&b, "\n");
        }
        for (i = 0; !err && i < n; i++) {
            if (i)
                err = bf_buf_puts(&b, "\n");
            if (!err)
                err = bf_report_text(&reports[i], lang, use_color(out_path),
                                     &b);
        }
        break;
    case F_JSON:
        err = bf_report_json(ptrs, (size_t)n, lang, &b);
        if (!err)
            err = bf_buf_puts(&b, "\n");
        break;
    case F_HTML:
    case F_PDF:
        err = bf_report_html(ptrs, (size_t)n, lang, &b);
        break;
    }
    /* The PDF is the HTML page as Chromium prints it (pdf.c). */
    if (!err && fmt == F_PDF) {
        status = bf__cli_pdf(b.data ? b.data : "", b.len, out_path);
        goto out;
    }
    if (!err)
        err = write_out(&b, out_path);
    if (err)
        status = bf__cli_fail(out_path ? out_path
                                       : bf__cli_text("writing the report",
                                                      "écriture du rapport"),
                              err);
out:
    for (i = 0; i < built; i++)
        bf_report_release(&reports[i]);
    bf_buf_release(&b);
    bf_store_close(st);
    return status;
}
