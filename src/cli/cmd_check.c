/*
 * cmd_check.c - bonafide check: is every file of the store whole?
 */
static const char usage_en[] =
        "usage: bonafide check [--repair] [--store DIR] [--json]\n"
        "\n"
        "Verifies the store: the database (SQLite's integrity and foreign\n"
        "key checks), every follow segment (header, size, checksum, and its\n"
        "row in the database), the graph file (every rule of its format)\n"
        "and the PageRank file (checksums, values, their order).  Names\n"
        "files that an interrupted write left behind.\n"
        "\n"
        "  --repair   rebuild what the store holds twice: the graph file from\n"
        "             the segments, the database's indexes, a segment's "
        "header\n"
        "             from its row; remove leftovers.  A segment whose\n"
        "             records are lost is dropped (its follows named), so the\n"
        "             rest can be read.  Removes a damaged PageRank file\n"
        "             (computed again at the next audit).  Recomputes the\n"
        "             peer statistics the audits read.  Waits for a running\n"
        "             ingest's batch.\n"
        "  --json     one JSON object instead of text\n"
        "\n"
        "Exit status: 0 the store is whole (or was repaired), 1 damage\n"
        "remains or data was lost.\n";

static const char usage_fr[] =
        "usage : bonafide check [--repair] [--store DIR] [--json]\n"
        "\n"
        "Vérifie la base : la base de données (contrôles d'intégrité et de\n"
        "clés étrangères de SQLite), chaque segment d'abonnements (en-tête,\n"
        "taille, somme de contrôle et sa ligne dans la base), le fichier du\n"
        "graphe (chaque règle de son format) et celui du PageRank (sommes de\n"
        "contrôle, valeurs, leur ordre).  Nomme les fichiers laissés par une\n"
        "écriture interrompue.\n"
        "\n"
        "  --repair   reconstruire ce que la base contient deux fois : le\n"
        "             graphe depuis les segments, les index de la base de\n"
        "             données, l'en-tête d'un segment depuis sa ligne ;\n"
        "             supprimer les restes.  Un segment dont les\n"
        "             enregistrements sont perdus est retiré (ses abonnements\n"
        "             comptés), pour que le reste soit lisible.  Attend la "
        "fin\n"
        "             du lot d'une importation en cours.  Supprime un fichier\n"
        "             du PageRank endommagé (recalculé au prochain audit).\n"
        "             Recalcule les statistiques des pairs que lisent les\n"
        "             audits.\n"
        "  --json     un objet JSON au lieu du texte\n"
        "\n"
        "Code de sortie : 0 la base est intacte (ou a été réparée), 1 un\n"
        "dommage demeure ou des données sont perdues.\n";

/*
 * How it works: bf_store_check (src/store/check.h) does the checking and
 * the repairs and reports each finding through a callback; this file
 * prints them, one line each ("damaged", "repaired", "note", then the
 * file and the problem, and what was done), then a summary line, or
 * gathers them into one JSON object.  The findings themselves are
 * English phrases from the store; the labels and the summary follow the
 * user's language.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "cli/cli.h"
#include "report/peers.h"
#include "store/check.h"
#include "store/peers.h"

typedef struct out {
    int json;
    bf_lang lang;
    bf_buf items; /* JSON array members, when json */
} out;

static void on_item(void *ctx, const bf_check_item *it)
{
    static const char *const label[3][BF_LANG__COUNT] = {
        { "damaged ", "endommagé" },
        { "repaired", "réparé   " },
        { "note    ", "note     " },
    };
    static const char *const kind[3] = { "damaged", "repaired", "note" };
    out *o = ctx;

    if (o->json) {
        bf_buf *b = &o->items;

        if (b->len)
            bf_buf_putc(b, ',');
        bf_buf_appendf(b, "{\"kind\":\"%s\",\"file\":", kind[it->kind]);
        bf_buf_json_string(b, it->file, strlen(it->file));
        bf_buf_puts(b, ",\"problem\":");
        bf_buf_json_string(b, it->what, strlen(it->what));
        if (it->done) {
            bf_buf_puts(b, ",\"action\":");
            bf_buf_json_string(b, it->done, strlen(it->done));
        }
        bf_buf_putc(b, '}');
        return;
    }
    printf("%s  %s: %s", label[it->kind][o->lang], it->file, it->what);
    if (it->done)
        printf(" (%s)", it->done);
    putchar('\n');
}

/*
 * check_peers looks at the peer statistics kept in the database
 * (report/peers.h), which the store layer's check cannot compute: stale
 * ones are a note, like a stale graph file, since audits then sample the
 * store live; --repair recomputes them (after the rest is whole, as the
 * writer).  A store that cannot be opened was named by the check.
 */
static void check_peers(const char *dir, int repair, out *o, bf_check_totals *t)
{
    bf_check_item it;
    bf_peers_info info;
    bf_peers_result res;
    bf_store *st = NULL;
    uint32_t n = 0;
    char done[160];
    bf_err err;

    if (bf_store_open_existing(dir, &st) != BF_OK)
        return;
    err = bf_store_peers_info(st, bf_peers_params(), &info);
    if (!err)
        err = bf_store_account_count(st, &n);
    if (err || info.fresh || n == 0)
        goto out;
    it.kind = BF_CHECK_NOTE;
    it.file = "bonafide.sqlite";
    it.what = info.saved ? "peer statistics older than the data (audits "
                           "sample the store live)"
                         : "no peer statistics (audits sample the store live)";
    it.done = "check --repair or the next ingest computes them";
    if (repair) {
        err = bf_peers_refresh(st, 0, &res);
        if (err)
            snprintf(done, sizeof done, "cannot be computed: %s",
                     bf_strerror(err));
        else if (!res.saved)
            snprintf(done, sizeof done,
                     "not saved: a batch committed meanwhile");
        else
            snprintf(done, sizeof done,
                     "computed: groups %zu, peers %zu, accounts read %u",
                     res.groups, res.peers, res.scanned);
        it.done = done;
    }
    on_item(o, &it);
    t->notes++;
out:
    bf_store_close(st);
}

int cmd_check(int argc, char **argv)
{
    static const struct option longopts[] = {
        { "store", required_argument, NULL, 's' },
        { "repair", no_argument, NULL, 'r' },
        { "json", no_argument, NULL, 'j' },
        { "help", no_argument, NULL, 'h' },
        { NULL, 0, NULL, 0 },
    };
    const char *dir = bf__cli_store_dir();
    bf_check_totals t;
    int repair = 0, c, status;
    out o;
    const char *usage;
    bf_err err;

    o.json = 0;
    o.lang = bf__cli_lang();
    usage = o.lang == BF_LANG_FR ? usage_fr : usage_en;
    while ((c = getopt_long(argc, argv, "s:rjh", longopts, NULL)) != -1) {
        switch (c) {
        case 's':
            dir = optarg;
            break;
        case 'r':
            repair = 1;
            break;
        case 'j':
            o.json = 1;
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
    bf_buf_init(&o.items, 64u << 20);
    err = bf_store_check(dir, repair, on_item, &o, &t);
    if (err == BF_ENOTFOUND) {
        bf_buf_release(&o.items);
        fprintf(stderr,
                o.lang == BF_LANG_FR ? "bonafide : pas de base dans %s\n"
                                     : "bonafide: no store in %s\n",
                dir);
        return BF_EXIT_FAIL;
    }
    if (err) {
        bf_buf_release(&o.items);
        return bf__cli_fail(dir, err);
    }
    check_peers(dir, repair && !t.faults, &o, &t);
    status = t.faults ? BF_EXIT_FAIL : BF_EXIT_OK;
    if (o.json) {
        bf_buf b;

        bf_buf_init(&b, 1 << 16);
        bf_buf_json_string(&b, dir, strlen(dir));
        printf("{\"store\":%.*s", (int)b.len, b.data ? b.data : "\"\"");
        bf_buf_release(&b);
        printf(",\"whole\":%s,\"segments\":%llu,\"follows\":%llu,"
               "\"graph_follows\":%llu,\"damaged\":%u,\"repaired\":%u,"
               "\"notes\":%u,\"items\":[",
               t.faults ? "false" : "true", (unsigned long long)t.segments,
               (unsigned long long)t.follows, (unsigned long long)t.graph_m,
               t.faults, t.repaired, t.notes);
        if (o.items.len)
            fwrite(o.items.data, 1, o.items.len, stdout);
        printf("]}\n");
    } else if (o.lang == BF_LANG_FR) {
        printf("%s : %llu segments (%llu abonnements), graphe de %llu "
               "abonnements distincts : %s",
               dir, (unsigned long long)t.segments,
               (unsigned long long)t.follows, (unsigned long long)t.graph_m,
               t.faults     ? "endommagée"
               : t.repaired ? "réparée"
                            : "intacte");
        if (t.faults || t.repaired)
            printf(" (%u dommage(s) restant(s), %u réparé(s))", t.faults,
                   t.repaired);
        putchar('\n');
    } else {
        printf("%s: %llu segments (%llu follows), graph of %llu distinct "
               "follows: %s",
               dir, (unsigned long long)t.segments,
               (unsigned long long)t.follows, (unsigned long long)t.graph_m,
               t.faults     ? "damaged"
               : t.repaired ? "repaired"
                            : "whole");
        if (t.faults || t.repaired)
            printf(" (%u fault%s left, %u repaired)", t.faults,
                   t.faults == 1 ? "" : "s", t.repaired);
        putchar('\n');
    }
    bf_buf_release(&o.items);
    return status;
}
