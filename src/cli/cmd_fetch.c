/*
 * cmd_fetch.c - bonafide fetch: collect accounts live from their platform.
 */
static const char usage_en[] =
        "usage: bonafide fetch [--store DIR] [--max-followers N]\n"
        "                      [--sample-followers N] [--posts N]\n"
        "                      [--service URL] [--quiet] ACCOUNT...\n"
        "       bonafide fetch --again [--store DIR] [options] [ACCOUNT...]\n"
        "\n"
        "Collects each ACCOUNT from its platform's public interface into the\n"
        "store: the profile, the N most recent posts (--posts, default 100),\n"
        "the followers up to --max-followers (default 10000) and the\n"
        "accounts followed up to the same cap, and for Bluesky the full\n"
        "profiles of a fixed random sample of the followers\n"
        "(--sample-followers, default 200).  ACCOUNT is bsky:HANDLE,\n"
        "mastodon:@user@host, x:HANDLE, youtube:@HANDLE (or youtube:UC...,\n"
        "a channel id), instagram:HANDLE (a business or creator account) or\n"
        "facebook:PAGE, or the address of its profile page\n"
        "(https://bsky.app/profile/HANDLE, https://HOST/@user, ...).\n"
        "X needs a bearer token in BONAFIDE_X_BEARER_TOKEN,\n"
        "YouTube an API key in BONAFIDE_YOUTUBE_API_KEY, Instagram and\n"
        "Facebook a Graph API token in BONAFIDE_GRAPH_TOKEN (Instagram also\n"
        "the token's own business account id in BONAFIDE_IG_USER_ID); each\n"
        "secret may instead be in the file that NAME_FILE names.\n"
        "--service URL (or BONAFIDE_BSKY_SERVICE, BONAFIDE_MASTODON_SERVICE,\n"
        "BONAFIDE_X_SERVICE, BONAFIDE_YOUTUBE_SERVICE, "
        "BONAFIDE_GRAPH_SERVICE)\n"
        "sends the requests to another address.  An interrupted fetch resumes\n"
        "where it stopped when run again.\n"
        "Each run adds a dated snapshot of each account's counters; --again\n"
        "without ACCOUNT collects again every account the store was fetched\n"
        "for, for a daily or weekly schedule (cron or a systemd timer) that\n"
        "builds up the growth history.  A progress line is shown on a\n"
        "terminal unless --quiet.  See docs/fetch.md.\n"
        "\n"
        "Exit status: 0 all collected, 2 a collection failed partly (run it\n"
        "again to resume) or records were rejected, 3 no such account,\n"
        "1 error, 64 bad usage or a missing token or key.\n";

static const char usage_fr[] =
        "usage : bonafide fetch [--store DIR] [--max-followers N]\n"
        "                       [--sample-followers N] [--posts N]\n"
        "                       [--service URL] [--quiet] COMPTE...\n"
        "        bonafide fetch --again [--store DIR] [options] [COMPTE...]\n"
        "\n"
        "Collecte chaque COMPTE depuis l'interface publique de sa plateforme\n"
        "dans la base : le profil, les N publications les plus récentes\n"
        "(--posts, 100 par défaut), les abonnés jusqu'à --max-followers\n"
        "(10000 par défaut) et les abonnements jusqu'à la même limite, et\n"
        "pour Bluesky les profils complets d'un échantillon aléatoire fixe\n"
        "des abonnés (--sample-followers, 200 par défaut).  COMPTE s'écrit\n"
        "bsky:IDENTIFIANT, mastodon:@utilisateur@serveur, x:IDENTIFIANT ou\n"
        "youtube:@IDENTIFIANT (ou youtube:UC..., l'identifiant d'une chaîne),\n"
        "instagram:IDENTIFIANT (un compte professionnel ou créateur) ou\n"
        "facebook:PAGE, ou l'adresse de la page de son profil\n"
        "(https://bsky.app/profile/IDENTIFIANT, https://SERVEUR/@utilisateur,\n"
        "...).  X demande un jeton dans BONAFIDE_X_BEARER_TOKEN,\n"
        "YouTube une clé dans BONAFIDE_YOUTUBE_API_KEY, Instagram et Facebook\n"
        "un jeton Graph API dans BONAFIDE_GRAPH_TOKEN (Instagram aussi\n"
        "l'identifiant du compte professionnel du jeton dans\n"
        "BONAFIDE_IG_USER_ID) ; chaque secret peut être plutôt dans le\n"
        "fichier que nomme NOM_FILE.  --service URL (ou\n"
        "BONAFIDE_BSKY_SERVICE, BONAFIDE_MASTODON_SERVICE,\n"
        "BONAFIDE_X_SERVICE) envoie les requêtes à une autre adresse.  Une\n"
        "collecte interrompue reprend là où elle s'est arrêtée quand on la\n"
        "relance.  Chaque collecte ajoute un instantané daté des compteurs de\n"
        "chaque compte ; --again sans COMPTE collecte à nouveau tous les\n"
        "comptes déjà collectés dans la base, pour une exécution régulière\n"
        "(cron ou minuterie systemd) qui construit l'historique de\n"
        "croissance.  Une ligne de progression s'affiche sur un terminal,\n"
        "sauf avec --quiet.  Voir docs/fetch.md.\n"
        "\n"
        "Code de sortie : 0 tout collecté, 2 une collecte a échoué en partie\n"
        "(relancez pour reprendre) ou des enregistrements ont été rejetés,\n"
        "3 compte inexistant, 1 erreur, 64 mauvais usage ou jeton ou clé\n"
        "absent.\n";

/*
 * How it works: the arguments are all checked first (account names, an X
 * token when an X account is asked for), so a typo fails before any
 * request.  Then each account is collected in turn by bf_fetch_account
 * (src/fetch), which commits page by page; a failure on one account is
 * reported and the next one is still collected.  The exit status is the
 * worst seen, in the order of cli.h.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "fetch/address.h"
#include "fetch/fetch.h"
#include "fetch/msgs.h"
#include "store/store.h"

/* The most accounts one command takes. */
#define MAX_ACCOUNTS 1000

/*
 * collected gathers, from the store's "fetch:NAME:LIST" state keys, the
 * NAMEs of the accounts fetched before, each once (keys come sorted, so
 * a name repeats only next to itself), NUL-separated in the bf_buf ctx.
 */
static bf_err collected(void *ctx, const char *key, const char *value)
{
    bf_buf *names = ctx;
    const char *name = key + 6, *end = strrchr(key, ':');
    size_t n, last;

    (void)value;
    if (!end || end <= name)
        return BF_OK;
    n = (size_t)(end - name);
    /* The previous name ends at the last NUL of the buffer. */
    if (names->len) {
        last = names->len - 1;
        while (last > 0 && names->data[last - 1] != '\0')
            last--;
        if (names->len - 1 - last == n &&
            memcmp(names->data + last, name, n) == 0)
            return BF_OK;
    }
    if (bf_buf_append(names, name, n) != BF_OK)
        return BF_ENOMEM;
    return bf_buf_putc(names, '\0');
}

/* number reads a whole number option into *out; 0 when it is not one. */
static int number(const char *s, uint64_t *out)
{
    char *end;
    unsigned long long v;

    if (!*s || strspn(s, "0123456789") != strlen(s) || strlen(s) > 12)
        return 0;
    v = strtoull(s, &end, 10);
    *out = (uint64_t)v;
    return 1;
}

/* worse keeps the worse of two exit statuses (1 above 3 above 2). */
static int worse(int a, int b)
{
    static const int rank[] = { [BF_EXIT_OK] = 0,
                                [BF_EXIT_REJECTED] = 1,
                                [BF_EXIT_NOTFOUND] = 2,
                                [BF_EXIT_FAIL] = 3 };

    return rank[b] > rank[a] ? b : a;
}

int cmd_fetch(int argc, char **argv)
{
    static const struct option longopts[] = {
        { "store", required_argument, NULL, 's' },
        { "max-followers", required_argument, NULL, 'm' },
        { "sample-followers", required_argument, NULL, 'S' },
        { "posts", required_argument, NULL, 'p' },
        { "service", required_argument, NULL, 'u' },
        { "quiet", no_argument, NULL, 'q' },
        { "again", no_argument, NULL, 'a' },
        { "help", no_argument, NULL, 'h' },
        { NULL, 0, NULL, 0 },
    };
    bf_lang lang = bf__cli_lang();
    const char *usage = lang == BF_LANG_FR ? usage_fr : usage_en;
    const char *dir = bf__cli_store_dir(), *token;
    bf_fetch_spec *specs = NULL;
    bf_fetch_opts o;
    bf_store *st = NULL;
    bf_buf names;
    const char **argn = NULL;
    char keybuf[512], graphbuf[1024];
    int c, i, n, quiet = 0, again = 0, status = BF_EXIT_OK;
    uint64_t *target;
    bf_err err;

    bf_fetch_opts_init(&o);
    o.lang = lang;
    bf_buf_init(&names, 1u << 20);
    while ((c = getopt_long(argc, argv, "s:m:S:p:u:qah", longopts, NULL)) !=
           -1) {
        switch (c) {
        case 's':
            dir = optarg;
            break;
        case 'm':
        case 'S':
        case 'p':
            target = c == 'm'   ? &o.max_followers
                     : c == 'S' ? &o.sample_followers
                                : &o.posts;
            if (!number(optarg, target)) {
                bf_fetch_say(stderr, lang, BF_FM_BAD_NUMBER,
                             c == 'm'   ? "--max-followers"
                             : c == 'S' ? "--sample-followers"
                                        : "--posts");
                return bf__cli_usage(usage);
            }
            break;
        case 'u':
            if (strncmp(optarg, "http://", 7) != 0 &&
                strncmp(optarg, "https://", 8) != 0) {
                bf_fetch_say(stderr, lang, BF_FM_BAD_SERVICE, optarg);
                return bf__cli_usage(usage);
            }
            o.service = optarg;
            break;
        case 'q':
            quiet = 1;
            break;
        case 'a':
            again = 1;
            break;
        case 'h':
            fputs(usage, stdout);
            return BF_EXIT_OK;
        default:
            return bf__cli_usage(usage);
        }
    }
    n = argc - optind;
    argn = (const char **)(argv + optind);
    /* --again alone: every account the store was fetched for, from the
     * cursors its collections left; the store must exist already. */
    if (again && n == 0) {
        size_t off;

        err = bf_store_open_existing(dir, &st);
        if (!err)
            err = bf_store_state_each(st, "fetch:", collected, &names);
        if (err) {
            status = bf__cli_fail(dir, err);
            goto out;
        }
        for (off = 0; off < names.len; off += strlen(names.data + off) + 1)
            n++;
        argn = calloc((size_t)n + 1, sizeof *argn);
        if (!argn) {
            status = bf__cli_fail("fetch", BF_ENOMEM);
            goto out;
        }
        for (i = 0, off = 0; i < n; i++, off += strlen(names.data + off) + 1)
            argn[i] = names.data + off;
        if (n == 0) {
            /* Nothing collected before: nothing to do, and no error. */
            status = BF_EXIT_OK;
            goto out;
        }
    }
    if (n <= 0 || n > MAX_ACCOUNTS) {
        status = bf__cli_usage(usage);
        goto out;
    }
    specs = calloc((size_t)n, sizeof *specs);
    if (!specs) {
        status = bf__cli_fail("fetch", BF_ENOMEM);
        goto out;
    }
    /* Every name is checked before the first request. */
    token = getenv("BONAFIDE_X_BEARER_TOKEN");
    for (i = 0; i < n; i++) {
        bf_addr addr;
        const char *name = argn[i];

        /* A pasted profile address names the account to collect. */
        if (bf_addr_is_address(name) && bf_addr_parse(name, &addr) == BF_OK &&
            addr.fetch[0])
            name = addr.fetch;
        if (bf_fetch_spec_parse(name, &specs[i]) != BF_OK) {
            bf_fetch_say(stderr, lang, BF_FM_BAD_SPEC, argn[i]);
            status = bf__cli_usage(usage);
            goto out;
        }
        if (specs[i].platform == BF_FETCH_X && !(token && *token)) {
            bf_fetch_say(stderr, lang, BF_FM_NO_TOKEN);
            status = BF_EXIT_USAGE;
            goto out;
        }
        if ((specs[i].platform == BF_FETCH_INSTAGRAM ||
             specs[i].platform == BF_FETCH_FACEBOOK) &&
            !o.graph_token) {
            o.graph_token = bf_fetch_secret("BONAFIDE_GRAPH_TOKEN", graphbuf,
                                            sizeof graphbuf);
            o.ig_user = getenv("BONAFIDE_IG_USER_ID");
            if (!o.graph_token || (specs[i].platform == BF_FETCH_INSTAGRAM &&
                                   !(o.ig_user && *o.ig_user))) {
                bf_fetch_say(stderr, lang, BF_FM_NO_GRAPH);
                status = BF_EXIT_USAGE;
                goto out;
            }
        }
        if (specs[i].platform == BF_FETCH_YOUTUBE && !o.api_key) {
            o.api_key = bf_fetch_secret("BONAFIDE_YOUTUBE_API_KEY", keybuf,
                                        sizeof keybuf);
            if (!o.api_key) {
                bf_fetch_say(stderr, lang, BF_FM_NO_KEY);
                status = BF_EXIT_USAGE;
                goto out;
            }
        }
    }
    o.bearer = token;
    o.diag_out = stderr;
    if (!quiet && isatty(STDERR_FILENO))
        o.progress = stderr;
    if (!st) {
        err = bf_store_open(dir, &st);
        if (err) {
            status = bf__cli_fail(dir, err);
            goto out;
        }
    }
    for (i = 0; i < n; i++) {
        bf_fetch_result r;
        const char *name = argn[i];

        memset(&r, 0, sizeof r);
        err = bf_fetch_account(st, &specs[i], &o, &r);
        /* What was stored is said even when the collection stopped. */
        bf_fetch_say(stdout, lang, BF_FM_SUMMARY, name,
                     (unsigned long long)r.accounts,
                     (unsigned long long)r.posts, (unsigned long long)r.follows,
                     (unsigned long long)r.pages,
                     (unsigned long long)r.requests);
        if (r.rejected || r.warnings)
            bf_fetch_say(stdout, lang, BF_FM_REJECTED,
                         (unsigned long long)r.rejected,
                         (unsigned long long)r.warnings);
        if (r.rejected)
            status = worse(status, BF_EXIT_REJECTED);
        switch (err) {
        case BF_OK:
            break;
        case BF_ENOTFOUND:
            bf_fetch_say(stderr, lang, BF_FM_NOT_FOUND, name);
            status = worse(status, BF_EXIT_NOTFOUND);
            break;
        case BF_ENET:
            /* The reason was printed where it happened. */
            status = worse(status, BF_EXIT_REJECTED);
            break;
        default:
            bf_fetch_say(stderr, lang, BF_FM_STORE, name,
                         bf_strerror_lang(err, lang));
            status = worse(status, BF_EXIT_FAIL);
            break;
        }
    }
    /* The store's statistics, once for every account collected. */
    if (st && n > 0)
        bf__cli_refresh_stats(st);
out:
    bf_store_close(st);
    free(specs);
    if (argn != (const char **)(argv + optind))
        free(argn);
    bf_buf_release(&names);
    return status;
}
