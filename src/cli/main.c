/*
 * main.c - the bonafide command: a table from names to subcommands.
 *
 * As in git's git.c, main only finds the subcommand and hands it argv with
 * the subcommand's name as argv[0]; every option belongs to the subcommand.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/buf.h"
#include "base/diag.h"
#include "base/mem.h"
#include "cli/cli.h"
#include "store/store.h"

static const struct command {
    const char *name;
    int (*fn)(int argc, char **argv);
    const char *summary[BF_LANG__COUNT]; /* indexed by bf_lang */
    int heavy; /* allocates much: runs with huge pages (main) */
} commands[] = {
    { "ingest",
      cmd_ingest,
      { "read data files into the store",
        "importer des fichiers de données dans la base" },
      1 },
    { "stats",
      cmd_stats,
      { "totals of the store, per platform",
        "totaux de la base, par plateforme" },
      0 },
    { "posts",
      cmd_posts,
      { "the stored posts, as JSON lines",
        "les publications de la base, en lignes JSON" },
      0 },
    { "audit",
      cmd_audit,
      { "is this account the real thing? a report",
        "ce compte est-il authentique ? un rapport" },
      0 },
    { "graph",
      cmd_graph,
      { "follow-graph metrics: pagerank, kcore, ...",
        "mesures du graphe des abonnements : pagerank, kcore..." },
      1 },
    { "serve",
      cmd_serve,
      { "the web page and JSON API on this machine",
        "la page web et l'API JSON sur cette machine" },
      1 },
    { "train",
      cmd_train,
      { "train the authenticity model on labelled data",
        "entraîner le modèle d'authenticité sur des données étiquetées" },
      1 },
    { "eval",
      cmd_eval,
      { "evaluate the model and the published baselines",
        "évaluer le modèle et les jeux de règles publiés" },
      1 },
    { "verdicts",
      cmd_verdicts,
      { "verdict confusion table over labelled audiences",
        "table de confusion des verdicts sur des audiences étiquetées" },
      1 },
    { "score",
      cmd_score,
      { "probability that accounts are fake or bots",
        "probabilité que des comptes soient faux ou des robots" },
      0 },
    { "sim",
      cmd_sim,
      { "generate a simulated world with ground truth",
        "générer un monde simulé avec sa vérité terrain" },
      0 },
    { "demo",
      cmd_demo,
      { "audit three accounts of a simulated world",
        "auditer trois comptes d'un monde simulé" },
      1 },
    { "fetch",
      cmd_fetch,
      { "collect an account live from its platform",
        "collecter un compte en direct depuis sa plateforme" },
      0 },
    { "check",
      cmd_check,
      { "verify the store's files; --repair rebuilds what it can",
        "vérifier les fichiers de la base ; --repair reconstruit" },
      1 },
};

/* The text around the command list, in the order of bf_lang. */
static const char *const usage_head[BF_LANG__COUNT] = {
    "usage: bonafide <command> [options] [args]\n\n"
    "Is this social media account the real thing?\n\n"
    "commands:\n",
    "usage : bonafide <commande> [options] [arguments]\n\n"
    "Ce compte de réseau social est-il authentique ?\n\n"
    "commandes :\n",
};

static const char *const usage_tail[BF_LANG__COUNT] = {
    "\n'bonafide <command> --help' describes a command; "
    "'man ./docs/bonafide.1' all of them.\n",
    "\n« bonafide <commande> --help » décrit une commande ;\n"
    "« man ./docs/bonafide.1 » les décrit toutes.\n",
};

/* usage lists the commands in the language of the user's locale. */
static void usage(FILE *out)
{
    bf_lang lang = bf__cli_lang();
    size_t i;

    fputs(usage_head[lang], out);
    for (i = 0; i < sizeof commands / sizeof commands[0]; i++)
        fprintf(out, "  %-8s %s\n", commands[i].name,
                commands[i].summary[lang]);
    fputs(usage_tail[lang], out);
}

const char *bf__cli_store_dir(void)
{
    const char *env = getenv("BONAFIDE_STORE");

    return env && *env ? env : "bonafide-data";
}

int bf__cli_open_store(const char *dir, bf_store **out_store)
{
    bf_err err;

    bf_store_reading_process();
    err = bf_store_open_existing(dir, out_store);

    if (err == BF_ENOTFOUND) {
        if (bf__cli_lang() == BF_LANG_FR)
            fprintf(stderr,
                    "bonafide : pas de base dans %s (bonafide ingest "
                    "ou bonafide fetch en crée une)\n",
                    dir);
        else
            fprintf(stderr,
                    "bonafide: no store in %s (bonafide ingest or "
                    "bonafide fetch makes one)\n",
                    dir);
        return BF_EXIT_FAIL;
    }
    return err ? bf__cli_fail(dir, err) : BF_EXIT_OK;
}

int bf__cli_not_found(bf_store *st, const char *cmd, const char *spec,
                      const char *dir)
{
    int fr = bf__cli_lang() == BF_LANG_FR;
    bf_buf names;
    size_t n = 0, i;
    const char *p;

    if (fr)
        fprintf(stderr, "bonafide %s : %s : aucun compte de ce nom dans %s\n",
                cmd, spec, dir);
    else
        fprintf(stderr, "bonafide %s: %s: no such account in %s\n", cmd, spec,
                dir);
    bf_buf_init(&names, 1 << 16);
    /* A failure here only loses the suggestion. */
    if (bf_store_suggest(st, spec, 3, &names, &n) == BF_OK && n > 0) {
        fputs(fr ? "vouliez-vous dire " : "did you mean ", stderr);
        for (i = 0, p = names.data; i < n; i++, p += strlen(p) + 1) {
            /* "A, B or C" */
            if (i > 0)
                fputs(i + 1 < n ? ", " : fr ? " ou " : " or ", stderr);
            fputs(p, stderr);
        }
        fputs(fr ? " ?\n" : "?\n", stderr);
    }
    bf_buf_release(&names);
    return BF_EXIT_NOTFOUND;
}

bf_lang bf__cli_lang(void)
{
    return bf_lang_from_env();
}

void bf__cli_say(bf_lang lang, bf_msg_id id, const double *args, size_t nargs)
{
    bf_buf b;

    bf_buf_init(&b, 1 << 16);
    if (bf_msg_format(&b, lang, id, args, nargs) == BF_OK && b.data)
        puts(b.data);
    bf_buf_release(&b);
}

const char *bf__cli_text(const char *en, const char *fr)
{
    return bf__cli_lang() == BF_LANG_FR ? fr : en;
}

int bf__cli_bad(const char *cmd, const char *value, const char *en,
                const char *fr)
{
    int f = bf__cli_lang() == BF_LANG_FR;

    fprintf(stderr, f ? "bonafide %s : %s" : "bonafide %s: %s", cmd,
            f ? fr : en);
    if (value)
        fprintf(stderr, f ? ", pas « %s »" : ", not '%s'", value);
    fputc('\n', stderr);
    return BF_EXIT_USAGE;
}

int bf__cli_usage(const char *text)
{
    fputs(text, stderr);
    return BF_EXIT_USAGE;
}

int bf__cli_fail(const char *what, bf_err err)
{
    bf_lang lang = bf__cli_lang();

    /* French puts a space before the colon, as the catalog does. */
    fprintf(stderr,
            lang == BF_LANG_FR ? "bonafide : %s : %s\n" : "bonafide: %s: %s\n",
            what, bf_strerror_lang(err, lang));
    /* A damaged store: the command that names and repairs the damage. */
    if (err == BF_ECORRUPT && bf_store_exists(what) == BF_OK)
        fprintf(stderr,
                lang == BF_LANG_FR
                        ? "bonafide check --store %s dit ce qui est "
                          "endommagé ; --repair reconstruit ce qui peut "
                          "l'être\n"
                        : "bonafide check --store %s says what is damaged; "
                          "--repair rebuilds what can be\n",
                what);
    return BF_EXIT_FAIL;
}

/*
 * Page faults.  On the virtual machines bonafide is measured on, taking a
 * fresh page of memory costs about 12 microseconds, sixty times what
 * filling it does; a first load of 30,000 profiles took 8,300 of them,
 * the graph file's build 37,000.  glibc's malloc can ask the kernel for
 * transparent huge pages (2 MiB, one fault each) for its heap and its
 * large blocks, but only when told so by the GLIBC_TUNABLES variable it
 * reads as the program starts (glibc.malloc.hugetlb=1, glibc 2.35 and
 * later; docs/store.md has the figures).  So the commands that allocate
 * much run themselves again, once, with it set, when the kernel lends
 * huge pages on request (THP "madvise" or "always") and the user did
 * not choose otherwise; the new image puts the variable back as it was,
 * so that what it starts in turn (bonafide-mpi, for graph --mpi) sees
 * the user's.
 * The process keeps its id, arguments, descriptors and standard input.
 * A failed exec changes nothing.  base/mem.h keeps the variable.
 */
int main(int argc, char **argv)
{
    int again = bf_malloc_huge_restore();
    size_t i;

    /* Diagnostics are composed when recorded: their language first. */
    bf_diag_set_french(bf__cli_lang() == BF_LANG_FR);
    if (argc < 2) {
        usage(stderr);
        return BF_EXIT_USAGE;
    }
    if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 ||
        strcmp(argv[1], "help") == 0) {
        usage(stdout);
        return BF_EXIT_OK;
    }
    if (strcmp(argv[1], "--version") == 0) {
        printf("bonafide %s\n", BF_VERSION);
        return BF_EXIT_OK;
    }
    for (i = 0; i < sizeof commands / sizeof commands[0]; i++)
        if (strcmp(argv[1], commands[i].name) == 0) {
            if (commands[i].heavy && !again && bf_thp_on_request() &&
                bf_malloc_huge_arm()) {
                execv("/proc/self/exe", argv);
                bf_malloc_huge_restore(); /* still here: run as started */
            }
            return commands[i].fn(argc - 1, argv + 1);
        }
    fprintf(stderr,
            bf__cli_lang() == BF_LANG_FR
                    ? "bonafide : « %s » n'est pas une commande\n\n"
                    : "bonafide: '%s' is not a command\n\n",
            argv[1]);
    usage(stderr);
    return BF_EXIT_USAGE;
}
